package render

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/yamlout"
	"github.com/ecsgate/ecsgate/openapi"
)

// File is one rendered template, named relative to the output directory.
type File struct {
	Name string
	Data []byte
	// Uploads are the local files, relative to this one, that the template
	// names and aws cloudformation package uploads to S3 before a deploy:
	// nested stack templates, and openapi.yaml when the API document is too
	// large to embed.
	Uploads []string
}

// TemplateFile is the name of the template (the root template with nested
// stacks).
const TemplateFile = blueprint.TemplateFile

// Templates renders b into its CloudFormation template files: template.yaml
// and, with stacks: nested, stacks/<service>.yaml for each service; with an
// api, openapi.yaml follows them.
//
// Every file is checked against CloudFormation's limits (resources,
// parameters, outputs, size) and the rendered resources against the AWS
// quotas only they show (rules per security group, the size of a role's
// policies and of a task definition). A Blueprint that passes one gets a
// [blueprint.Problems] error naming the field, the count, the limit and the
// way out, and no files.
func Templates(b *blueprint.Blueprint) ([]File, error) {
	if err := b.Validate(); err != nil {
		return nil, err
	}
	bp := b.WithDefaults()
	files, problems, err := templates(bp, false)
	if err != nil {
		return nil, err
	}
	if bp.API != nil && !slices.Contains(files[0].Uploads, openapi.File) && len(files[0].Data) > bodyBudget(bp) {
		// The REST API's document is the one part of the root that grows
		// with the routes; past the budget it is read from openapi.yaml,
		// which aws cloudformation package uploads (BodyS3Location).
		if files, problems, err = templates(bp, true); err != nil {
			return nil, err
		}
	}
	if len(problems) > 0 {
		return nil, problems.Err()
	}
	return files, nil
}

// bodyBudget is the root template size above which the API document leaves
// it: nine tenths of CloudFormation's limit, where cfn-lint starts to warn.
func bodyBudget(bp *blueprint.Blueprint) int {
	return bp.Limit(blueprint.QuotaTemplateBytes) / 10 * 9
}

// bodyFileProblems lists what keeps the API document from being read from a
// file: a file holds no intrinsic function, and API Gateway takes no stage
// variable in an authorizer, so a user pool the stack creates cannot be named;
// nor does it document one in an integrationTarget, so neither can the load
// balancers behind a VPC link V2.
func bodyFileProblems(bp *blueprint.Blueprint) blueprint.Problems {
	var problems blueprint.Problems
	if bp.API.VpcLink == blueprint.VpcLinkV2 {
		problems = append(problems, bp.Problem("api.vpcLink",
			"the API document is too large to embed in the template, and read from a file (openapi.yaml) it cannot name the load balancers the stack creates, which a VPC link V2 needs in every integration (integrationTarget): API Gateway documents no stage variable there",
			"give the services fewer routes (one greedy /{proxy+} route per service keeps the document small), or split the API into several Blueprints; backend alb-public also reads its document from a file"))
	}
	for i, r := range bp.API.Routes {
		if r.Auth == nil {
			continue
		}
		if pool := bp.UserPool(r.Auth.UserPool); pool != nil && pool.ARN == "" {
			problems = append(problems, bp.Problem(fmt.Sprintf("api.routes[%d].auth.userPool", i),
				fmt.Sprintf("the API document is too large to embed in the template, and read from a file (openapi.yaml) it cannot name the user pool %q that the stack creates: API Gateway takes no stage variable in an authorizer", pool.Name),
				"create the pool in another stack and give its arn in userPools, or split the API into several Blueprints"))
		}
	}
	return problems
}

// templates renders the template files of bp and the problems AWS's limits
// find in them.
func templates(bp *blueprint.Blueprint, apiBodyFile bool) ([]File, blueprint.Problems, error) {
	r, err := build(bp, apiBodyFile)
	if err != nil {
		return nil, nil, err
	}
	full, err := templateNode(r.t)
	if err != nil {
		return nil, nil, err
	}
	keepLiteral(full)
	problems := resourceLimits(bp, r, full)
	parts := []stackTemplate{{name: TemplateFile, node: full, path: "stacks"}}
	if r.nested() {
		if parts, err = split(bp, r.owners, full); err != nil {
			return nil, nil, err
		}
	}
	if r.nested() || r.apiBodyFile {
		markPackaged(parts[0].node)
	}
	problems = append(problems, r.apiProblems...)
	problems = append(problems, applyOverrides(bp, parts)...)
	files := make([]File, 0, len(parts))
	for _, part := range parts {
		if cycle := cfn.Cycle(part.node); cycle != nil {
			return nil, nil, fmt.Errorf("render: %s: resources depend on each other in a cycle: %s", part.name, strings.Join(cycle, " -> "))
		}
		layout(part.node)
		data, err := yamlout.Encode(part.node)
		if err != nil {
			return nil, nil, err
		}
		problems = append(problems, templateLimits(bp, part, data)...)
		files = append(files, File{Name: part.name, Data: data})
	}
	for _, part := range parts[1:] {
		files[0].Uploads = append(files[0].Uploads, part.name)
	}
	if r.apiBodyFile {
		files[0].Uploads = append(files[0].Uploads, openapi.File)
		problems = append(problems, bodyFileProblems(bp)...)
	}
	if r.apiDocument != nil {
		files = append(files, File{Name: openapi.File, Data: r.apiDocument})
	}
	return files, problems, nil
}

// markPackaged records in a template that names local files (its nested
// stacks' TemplateURL, the API's BodyS3Location) that it is deployed through
// aws cloudformation package, and tells cfn-lint so: its W3002 ("may only
// work with the package command") is then the expected state of the
// template, not a finding, for whoever lints it.
func markPackaged(root *yaml.Node) {
	body := root
	if body.Kind == yaml.DocumentNode {
		body = body.Content[0]
	}
	body.Content = append(body.Content, scalar("Metadata"), mapping(
		scalar("Packaging"), scalar("Names local files (TemplateURL, BodyS3Location): deploy with aws cloudformation package, which uploads them, then deploy."),
		scalar("cfn-lint"), mapping(scalar("config"), mapping(scalar("ignore_checks"), sequence(scalar("W3002")))),
	))
}

// templateLimits checks one template file against CloudFormation's limits.
func templateLimits(bp *blueprint.Blueprint, part stackTemplate, data []byte) blueprint.Problems {
	subject, wayOut := "the template", ""
	switch {
	case part.name != TemplateFile:
		subject = "the nested stack " + part.name
		wayOut = "split the service in two"
	case bp.Stacks == blueprint.StacksNested:
		subject = "the root template"
		wayOut = "split the application into several Blueprints (stacks)"
	default:
		wayOut = "set stacks: nested, so that each service gets a stack of its own (moving the services of a deployed stack into nested stacks replaces them, so it is your choice, never automatic)"
	}
	counts := []struct {
		key   string
		count int
	}{
		{blueprint.QuotaTemplateResources, entries(part.node, "Resources")},
		{blueprint.QuotaTemplateParameters, entries(part.node, "Parameters")},
		{blueprint.QuotaTemplateOutputs, entries(part.node, "Outputs")},
		{blueprint.QuotaTemplateBytes, len(data)},
	}
	var problems blueprint.Problems
	for _, c := range counts {
		if p, over := bp.OverQuotaWith(part.path, c.key, c.count, subject, wayOut); over {
			problems = append(problems, p)
		}
	}
	return problems
}

// entries counts the entries of a template section.
func entries(root *yaml.Node, section string) int {
	if body := yamlout.Value(root, section); body != nil {
		return len(body.Content) / 2
	}
	return 0
}

// resourceLimits checks the quotas that only rendered resources show: rules
// per security group and direction, the size of each role's inline policies
// and of each task definition.
func resourceLimits(bp *blueprint.Blueprint, r *builder, full *yaml.Node) blueprint.Problems {
	resources := yamlout.Value(full, "Resources")
	if resources == nil {
		return nil
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
	var problems blueprint.Problems
	add := func(p blueprint.Problem, over bool) {
		if over {
			problems = append(problems, p)
		}
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
			add(bp.OverQuota(r.pathOf(logicalID, ""), blueprint.QuotaRolePolicySize, size, "the role "+logicalID+" (an estimate, with each reference counted as a typical ARN)"))
		case "AWS::ECS::TaskDefinition":
			add(bp.OverQuota(r.pathOf(logicalID, "containers"), blueprint.QuotaTaskDefinitionSize, estimatedSize(props, true), "the task definition "+logicalID+" (an estimate)"))
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
	return problems
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// pathOf is the Blueprint field a problem with a resource is reported at: the
// service (field under it) for a resource a service owns, the section that
// asks for a shared one.
func (r *builder) pathOf(logicalID, field string) string {
	if owner, ok := r.owners["Resources/"+logicalID]; ok {
		for i, s := range r.bp.Services {
			if s.Name == owner {
				path := fmt.Sprintf("services[%d]", i)
				if field != "" {
					path += "." + field
				}
				return path
			}
		}
	}
	switch logicalID {
	case "AlbSecurityGroup":
		return "ingress.alb"
	case "NlbSecurityGroup":
		return "ingress.nlb"
	case "EndpointsSecurityGroup":
		return "network.endpoints"
	}
	return ""
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
