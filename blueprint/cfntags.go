package blueprint

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/cfn"
)

// CloudFormation's short forms (!Ref X, !GetAtt A.B, !Sub ...) are YAML
// tags, which a YAML reader takes for the text they tag: in a Blueprint's
// own fields the text would arrive where the function was meant (an
// environment value of "AWS::Region"), so a tag there is refused with the
// Blueprint's way to say it. An override's value is CloudFormation's, and
// takes them: they are read as the functions they stand for ({"Ref": X}).

// localTag reports whether n carries a tag of its own (!Ref), not one of
// YAML's (!!str) or none.
func localTag(n *yaml.Node) bool {
	return strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!")
}

// tagged returns the first node at or below n, aliases followed, that
// carries a tag of its own; nil for none.
func tagged(n *yaml.Node) *yaml.Node { return firstNode(n, localTag, map[*yaml.Node]bool{}) }

// unknownTag returns the first node at or below n whose tag is its own but
// no short form of CloudFormation's functions; nil for none.
func unknownTag(n *yaml.Node) *yaml.Node {
	return firstNode(n, func(n *yaml.Node) bool { return localTag(n) && !cfn.IsShortForm(n.Tag) }, map[*yaml.Node]bool{})
}

// firstNode returns the first node at or below n, aliases followed once,
// that wanted holds for; nil for none.
func firstNode(n *yaml.Node, wanted func(*yaml.Node) bool, seen map[*yaml.Node]bool) *yaml.Node {
	if n == nil || seen[n] {
		return nil
	}
	seen[n] = true
	if wanted(n) {
		return n
	}
	if n.Kind == yaml.AliasNode {
		return firstNode(n.Alias, wanted, seen)
	}
	for _, c := range n.Content {
		if found := firstNode(c, wanted, seen); found != nil {
			return found
		}
	}
	return nil
}

// longFormCopy copies n with aliases replaced by copies of their anchors'
// nodes and CloudFormation's short forms by the mappings they stand for;
// nil when the copy would pass budget nodes (aliases of aliases).
func longFormCopy(n *yaml.Node, budget *int) *yaml.Node {
	if *budget--; *budget < 0 {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		return longFormCopy(n.Alias, budget)
	}
	c := *n
	c.Anchor = ""
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		if c.Content[i] = longFormCopy(child, budget); c.Content[i] == nil {
			return nil
		}
	}
	if localTag(&c) {
		cfn.LongForm(&c)
	}
	return &c
}

// tagProblem is the problem of a CloudFormation short form in a field of
// the Blueprint's own at path (a text field when text), with the
// Blueprint's way to say it.
func tagProblem(n *yaml.Node, path string, text bool) (problem, fix string) {
	written := n.Tag
	if n.Kind == yaml.ScalarNode {
		written += " " + n.Value
	}
	problem = written + " is CloudFormation's short form of a function, which a Blueprint's fields do not read"
	if n.Kind == yaml.ScalarNode && text {
		problem += fmt.Sprintf(": the field would get the text %q", n.Value)
	}
	inEnvironment := strings.Contains(path, ".environment.")
	switch {
	case n.Tag == "!Ref" && n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Value, "AWS::") && inEnvironment:
		fix = "write ${" + n.Value + "}, which the template fills in"
	case n.Tag == "!Sub" && n.Kind == yaml.ScalarNode && inEnvironment:
		fix = "write " + quote(n.Value) + " without !Sub: an environment value is written through Fn::Sub already"
	case (n.Tag == "!GetAtt" || n.Tag == "!Ref") && inEnvironment:
		fix = "write the value itself; a load balancer's address is ${ingress.alb.dnsName} or " + ALBAddress("ID") + ", and a stack value ${AWS::Region}"
	default:
		fix = "write the value itself; a change to the template that needs CloudFormation's functions is an override (overrides), whose values take them"
	}
	return problem, fix
}
