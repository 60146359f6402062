package cfn

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Broken is a reference of a template that names nothing it may name.
type Broken struct {
	// From is the entry that refers: "resource X" or "output Y".
	From string
	// Reference is what it refers with and to.
	Reference Reference
}

func (b Broken) String() string {
	return fmt.Sprintf("%s: %s %s names nothing in the template", b.From, b.Reference.Kind, b.Reference.Target())
}

// Unresolved lists the references of a template (long form) that name
// nothing they may name: a Ref names a parameter, a resource or a pseudo
// parameter; a GetAtt, a Sub variable with an attribute (${A.Arn}) and a
// DependsOn name a resource; a Sub variable without one, a parameter or a
// resource; a Condition, a condition. An ImportValue resolves outside the
// template and is not checked.
func Unresolved(root *yaml.Node) []Broken {
	params, resources, conditions := Names(root, Parameters), Names(root, Resources), Names(root, Conditions)
	var broken []Broken
	for _, section := range []string{Conditions, Resources, Outputs} {
		kind := strings.ToLower(strings.TrimSuffix(section, "s"))
		Entries(Section(root, section), func(id string, entry *yaml.Node) {
			Walk(entry, func(r Reference) {
				ok := r.Pseudo()
				switch r.Kind {
				case Ref:
					ok = ok || params[r.Name] || resources[r.Name]
				case GetAtt, DependsOn:
					ok = resources[r.Name]
				case SubVariable:
					dotted := strings.Contains(r.Target(), ".")
					ok = ok || dotted && r.Attribute != "" && resources[r.Name] || !dotted && (params[r.Name] || resources[r.Name])
				case Condition:
					ok = conditions[r.Name]
				case ImportValue:
					ok = true
				}
				if !ok {
					broken = append(broken, Broken{From: kind + " " + id, Reference: r})
				}
			})
		})
	}
	return broken
}

// UnresolvedReferences checks a template file and lists, one line each,
// every reference that names nothing (see [Unresolved]).
func UnresolvedReferences(data []byte) ([]string, error) {
	root, err := Parse(data)
	if err != nil || root == nil {
		return nil, err
	}
	var lines []string
	for _, b := range Unresolved(root) {
		lines = append(lines, b.String())
	}
	return lines, nil
}

// Cycle returns the logical IDs of a cycle among a template's resources (A
// needs B needs A), which CloudFormation refuses to create, or nil. A
// resource needs what it names by Ref, GetAtt, Sub variable (not the Sub's
// own) and DependsOn.
func Cycle(root *yaml.Node) []string {
	resources := Section(root, Resources)
	if resources == nil {
		return nil
	}
	needs := map[string][]string{}
	var order []string
	Entries(resources, func(id string, _ *yaml.Node) {
		needs[id] = nil
		order = append(order, id)
	})
	Entries(resources, func(id string, entry *yaml.Node) {
		seen := map[string]bool{}
		Walk(entry, func(r Reference) {
			if r.Kind == Condition || r.Kind == ImportValue {
				return
			}
			if _, isResource := needs[r.Name]; isResource && !seen[r.Name] {
				seen[r.Name] = true
				needs[id] = append(needs[id], r.Name)
			}
		})
	})
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
	for _, id := range order {
		if cycle := visit(id); cycle != nil {
			return cycle
		}
	}
	return nil
}
