package render

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// resourceLimits checks the quotas that only rendered resources show: rules
// per security group and direction, the size of each role's inline policies
// and of each task definition.
//
// oversized reports whether a role's policies or a task definition is past
// its own quota: the template is then too large too, and fixing the resource
// is what helps first.
func resourceLimits(bp *blueprint.Resolved, r *builder, full *yaml.Node) (problems blueprint.Problems, oversized bool) {
	resources := yamlout.Value(full, "Resources")
	if resources == nil {
		return nil, false
	}
	type ruleCount struct{ in4, in6, out4, out6 int }
	groups := map[string]*ruleCount{}
	var order []string
	count := func(group string, inbound bool, rule *yaml.Node) {
		c := groups[group]
		if c == nil {
			return
		}
		// A rule naming a security group counts for IPv4 and for IPv6.
		v4 := yamlout.Value(rule, "CidrIpv6") == nil
		v6 := yamlout.Value(rule, "CidrIp") == nil
		switch {
		case inbound:
			c.in4, c.in6 = c.in4+b2i(v4), c.in6+b2i(v6)
		default:
			c.out4, c.out6 = c.out4+b2i(v4), c.out6+b2i(v6)
		}
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		if cfn.Type(resources.Content[i+1]) == "AWS::EC2::SecurityGroup" {
			groups[resources.Content[i].Value] = &ruleCount{}
			order = append(order, resources.Content[i].Value)
		}
	}
	add := func(p blueprint.Problem, over bool) {
		if over {
			problems = append(problems, p)
		}
	}
	addResource := func(p blueprint.Problem, over bool) {
		add(p, over)
		oversized = oversized || over
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		logicalID, res := resources.Content[i].Value, resources.Content[i+1]
		props := yamlout.Value(res, "Properties")
		if props == nil {
			continue
		}
		switch cfn.Type(res) {
		case "AWS::EC2::SecurityGroup":
			for _, dir := range []string{"SecurityGroupIngress", "SecurityGroupEgress"} {
				if list := yamlout.Value(props, dir); list != nil {
					for _, rule := range list.Content {
						count(logicalID, dir == "SecurityGroupIngress", rule)
					}
				}
			}
		case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
			count(cfn.RefTarget(yamlout.Value(props, "GroupId")), cfn.Type(res) == "AWS::EC2::SecurityGroupIngress", props)
		case "AWS::IAM::Role":
			size := 0
			if policies := yamlout.Value(props, "Policies"); policies != nil {
				for _, p := range policies.Content {
					size += estimatedSize(p, false)
				}
			}
			addResource(bp.OverQuota(r.pathOf(logicalID, ""), blueprint.QuotaRolePolicySize, size, "the role "+logicalID+" (an estimate, with each reference counted as a typical ARN)"))
		case "AWS::ECS::TaskDefinition":
			addResource(bp.OverQuota(r.pathOf(logicalID, "containers"), blueprint.QuotaTaskDefinitionSize, estimatedSize(props, true), "the task definition "+logicalID+" (an estimate)"))
		}
	}
	for _, g := range order {
		c := groups[g]
		path := r.pathOf(g, "egress")
		for _, d := range []struct {
			direction string
			count     int
			path      string
		}{
			{"inbound IPv4", c.in4, r.pathOf(g, "")}, {"inbound IPv6", c.in6, r.pathOf(g, "")},
			{"outbound IPv4", c.out4, path}, {"outbound IPv6", c.out6, path},
		} {
			add(bp.OverQuota(d.path, blueprint.QuotaSecurityGroupRules, d.count, "the security group "+g+" ("+d.direction+")"))
		}
	}
	return problems, oversized
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pathOf is the Blueprint field a problem with a resource is reported at:
// the field that asked for it, recorded when it was added, with field below
// it for a service's resource (services[2].egress).
func (r *builder) pathOf(logicalID, field string) string {
	e, ok := r.entry("Resources", logicalID)
	if !ok {
		return ""
	}
	if e.scope.level == ServiceLevel && field != "" {
		return e.scope.path + "." + field
	}
	return e.scope.path
}

// Typical lengths of resolved values, for size estimates: an ARN or ID a
// reference resolves to, and the longest common values of pseudo parameters.
const arnEstimate = 100

var pseudoLengths = map[string]int{
	"AWS::AccountId": 12, "AWS::Region": len("ap-southeast-5"), "AWS::Partition": len("aws-us-gov"),
	"AWS::URLSuffix": len("amazonaws.com.cn"), "AWS::StackName": 128, "AWS::NoValue": 0,
}

// estimatedSize is about how many characters n takes as compact JSON once
// CloudFormation has resolved its intrinsics: a reference counts as a typical
// ARN, a pseudo parameter as its longest common value. With countSpace false,
// spaces are not counted (IAM ignores white space).
func estimatedSize(n *yaml.Node, countSpace bool) int {
	text := func(s string) int {
		if !countSpace {
			s = strings.ReplaceAll(s, " ", "")
		}
		return len(s) + 2
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			return text(n.Value)
		}
		return len(n.Value)
	case yaml.SequenceNode:
		size := 2 + max(len(n.Content)-1, 0)
		for _, c := range n.Content {
			size += estimatedSize(c, countSpace)
		}
		return size
	case yaml.MappingNode:
		if name, arg, ok := cfn.Function(n); ok {
			switch name {
			case "Ref":
				if l, ok := pseudoLengths[arg.Value]; ok {
					return l + 2
				}
				return arnEstimate + 2
			case "Fn::GetAtt", "Fn::ImportValue", "Fn::Select", "Fn::GetAZs":
				return arnEstimate + 2
			case "Fn::Sub":
				template, _ := cfn.Sub(arg)
				size := len(template.Value)
				for _, v := range cfn.SubVariables(template.Value) {
					l, ok := pseudoLengths[v]
					if !ok {
						l = arnEstimate
					}
					size += l - len(v) - 3 // ${v} becomes its value
				}
				if !countSpace {
					size -= strings.Count(template.Value, " ")
				}
				return size + 2
			case "Fn::Join":
				if arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 {
					size := 2
					for _, c := range arg.Content[1].Content {
						size += estimatedSize(c, countSpace) - 2 + len(arg.Content[0].Value)
					}
					return size
				}
			}
		}
		size := 2 + max(len(n.Content)/2-1, 0)
		for i := 0; i+1 < len(n.Content); i += 2 {
			size += text(n.Content[i].Value) + 1 + estimatedSize(n.Content[i+1], countSpace)
		}
		return size
	}
	return 0
}
