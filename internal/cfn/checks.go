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
	broken, _ := check(root, true, false)
	return broken
}

// Cycle returns the logical IDs of a cycle among a template's resources (A
// needs B needs A), which CloudFormation refuses to create, or nil. A
// resource needs what it names by Ref, GetAtt, Sub variable (not the Sub's
// own) and DependsOn.
func Cycle(root *yaml.Node) []string {
	_, cycle := check(root, false, true)
	return cycle
}

// Check is [Unresolved] and [Cycle] in one walk over the template's
// references: every template ecsgate writes goes through both.
func Check(root *yaml.Node) (broken []Broken, cycle []string) {
	return check(root, true, true)
}

// check walks the references of the entries the checks asked for need:
// Conditions, Resources and Outputs for unresolved ones, Resources for the
// cycle.
func check(root *yaml.Node, unresolved, cyclic bool) ([]Broken, []string) {
	params, resources, conditions := Names(root, Parameters), Names(root, Resources), Names(root, Conditions)
	var broken []Broken
	needs := map[string][]string{}
	var order []string
	for _, section := range []string{Conditions, Resources, Outputs} {
		inCycle := cyclic && section == Resources
		if !unresolved && !inCycle {
			continue
		}
		kind := strings.ToLower(strings.TrimSuffix(section, "s"))
		Entries(Section(root, section), func(id string, entry *yaml.Node) {
			var seen map[string]bool
			if inCycle {
				order = append(order, id)
				needs[id] = nil
				seen = map[string]bool{}
			}
			Walk(entry, func(r Reference) {
				if unresolved && !resolves(r, params, resources, conditions) {
					broken = append(broken, Broken{From: kind + " " + id, Reference: r})
				}
				if inCycle && r.Kind != Condition && r.Kind != ImportValue && resources[r.Name] && !seen[r.Name] {
					seen[r.Name] = true
					needs[id] = append(needs[id], r.Name)
				}
			})
		})
	}
	if !cyclic {
		return broken, nil
	}
	return broken, findCycle(needs, order)
}

// resolves reports whether a reference names something it may name (see
// Unresolved).
func resolves(r Reference, params, resources, conditions map[string]bool) bool {
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
	return ok
}

// findCycle returns a cycle of the graph needs, looked for from each node
// in order, or nil.
func findCycle(needs map[string][]string, order []string) []string {
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
