package render

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// brokenRef is one reference of a template that names nothing: from a
// resource or output to a name.
type brokenRef struct{ from, to, what string }

// UnresolvedReferences checks a template written as YAML (short-form
// intrinsics) and lists every Ref, GetAtt, Sub variable and DependsOn that
// names nothing it may name, one line each. The tests run it on every golden
// template; gen runs the same check on a template its overrides patched.
func UnresolvedReferences(data []byte) ([]string, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	if len(root.Content) == 0 {
		return nil, nil
	}
	doc := root.Content[0]
	LongForm(doc)
	var lines []string
	for _, b := range brokenReferences(doc) {
		lines = append(lines, fmt.Sprintf("%s: %s %s names nothing in the template", b.from, b.what, b.to))
	}
	return lines, nil
}

// brokenReferences lists the references of a template in long form that
// name nothing they may name: a Ref names a parameter, a resource or a
// pseudo parameter; a GetAtt, a Sub variable with an attribute (${A.Arn})
// and a DependsOn name a resource; a Sub variable may also name one of the
// Sub's own variables.
func brokenReferences(root *yaml.Node) []brokenRef {
	params, resources := map[string]bool{}, map[string]bool{}
	for section, names := range map[string]map[string]bool{"Parameters": params, "Resources": resources} {
		if body := yamlout.Value(root, section); body != nil {
			for i := 0; i+1 < len(body.Content); i += 2 {
				names[body.Content[i].Value] = true
			}
		}
	}
	var broken []brokenRef
	for _, section := range []string{"Resources", "Outputs"} {
		body := yamlout.Value(root, section)
		if body == nil {
			continue
		}
		kind := strings.ToLower(strings.TrimSuffix(section, "s"))
		for i := 0; i+1 < len(body.Content); i += 2 {
			from := kind + " " + body.Content[i].Value
			entry := body.Content[i+1]
			report := func(what, to string) { broken = append(broken, brokenRef{from, to, what}) }
			checkReferences(entry, params, resources, nil, report)
			// DependsOn is a resource attribute; ECS container definitions
			// have a property of the same name that lists containers.
			if deps := yamlout.Value(entry, "DependsOn"); deps != nil && section == "Resources" {
				list := deps.Content
				if deps.Kind == yaml.ScalarNode {
					list = []*yaml.Node{deps}
				}
				for _, d := range list {
					if !resources[d.Value] {
						report("DependsOn", d.Value)
					}
				}
			}
		}
	}
	return broken
}

// checkReferences walks n, reporting each reference that names nothing;
// local holds the variables of an enclosing Fn::Sub.
func checkReferences(n *yaml.Node, params, resources, local map[string]bool, report func(what, to string)) {
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		arg := n.Content[1]
		switch n.Content[0].Value {
		case "Ref":
			if v := arg.Value; !params[v] && !resources[v] && !strings.HasPrefix(v, "AWS::") {
				report("Ref", v)
			}
			return
		case "Fn::GetAtt":
			if len(arg.Content) > 0 && !resources[arg.Content[0].Value] {
				report("GetAtt", arg.Content[0].Value)
			}
			return
		case "Fn::Sub":
			text, vars := arg, map[string]bool{}
			if arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 {
				text = arg.Content[0]
				m := arg.Content[1]
				for i := 0; i+1 < len(m.Content); i += 2 {
					vars[m.Content[i].Value] = true
					checkReferences(m.Content[i+1], params, resources, local, report)
				}
			}
			for _, v := range subVariable.FindAllString(text.Value, -1) {
				name := v[2 : len(v)-1]
				base, attribute, dotted := strings.Cut(name, ".")
				switch {
				case vars[name], strings.HasPrefix(name, "AWS::"):
				case dotted && resources[base] && attribute != "":
				case !dotted && (params[name] || resources[name]):
				default:
					report("Sub variable", name)
				}
			}
			return
		}
	}
	for _, c := range n.Content {
		checkReferences(c, params, resources, local, report)
	}
}
