package render

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// dependencyCycle returns the logical IDs of a cycle among a template's
// resources (A needs B needs A), which CloudFormation refuses to create, or
// nil. References are Ref, GetAtt, Fn::Sub variables and DependsOn, in the
// long form of the node tree before layout.
func dependencyCycle(root *yaml.Node) []string {
	resources := yamlout.Value(root, "Resources")
	if resources == nil {
		return nil
	}
	needs := map[string][]string{}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		needs[resources.Content[i].Value] = nil
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		id := resources.Content[i].Value
		seen := map[string]bool{}
		add := func(name string) {
			base, _, _ := strings.Cut(name, ".")
			if _, isResource := needs[base]; isResource && !seen[base] {
				seen[base] = true
				needs[id] = append(needs[id], base)
			}
		}
		if deps := yamlout.Value(resources.Content[i+1], "DependsOn"); deps != nil {
			add(deps.Value)
			for _, d := range deps.Content {
				add(d.Value)
			}
		}
		references(resources.Content[i+1], add)
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[string]int{}
	var path []string
	var visit func(id string) []string
	visit = func(id string) []string {
		switch state[id] {
		case visiting:
			for i, p := range path {
				if p == id {
					return append(append([]string{}, path[i:]...), id)
				}
			}
		case done:
			return nil
		}
		state[id] = visiting
		path = append(path, id)
		for _, next := range needs[id] {
			if cycle := visit(next); cycle != nil {
				return cycle
			}
		}
		path = path[:len(path)-1]
		state[id] = done
		return nil
	}
	for i := 0; i+1 < len(resources.Content); i += 2 {
		if cycle := visit(resources.Content[i].Value); cycle != nil {
			return cycle
		}
	}
	return nil
}

// references calls add for every name a node tree refers to.
func references(n *yaml.Node, add func(name string)) {
	if n.Kind == yaml.MappingNode && len(n.Content) == 2 {
		switch arg := n.Content[1]; n.Content[0].Value {
		case "Ref":
			add(arg.Value)
			return
		case "Fn::GetAtt":
			if len(arg.Content) > 0 {
				add(arg.Content[0].Value)
			}
			return
		case "Fn::Sub":
			text := arg
			if arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 {
				text = arg.Content[0]
				references(arg.Content[1], add)
			}
			for _, m := range subVariable.FindAllString(text.Value, -1) {
				add(m[2 : len(m)-1])
			}
			return
		}
	}
	for _, c := range n.Content {
		references(c, add)
	}
}
