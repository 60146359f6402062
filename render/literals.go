package render

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// keepLiteral rewrites, in the Resources and Outputs of a template node tree
// (long form), every plain string holding "${" as an Fn::Join of pieces
// without one, which arrives as written: CloudFormation reads "${...}"
// only inside Fn::Sub, but linters (cfn-lint E1029) and readers take a
// plain "${X}" for a forgotten Fn::Sub, and an Fn::Sub of literals only
// ("${!X}") is flagged as needless (W1020). Fn::Sub templates are left
// alone: their variables are checked by validation. So is a state
// machine's Definition, whose "${X}" are placeholders its
// DefinitionSubstitutions fill (placeholders).
//
// Entries share no value node: a large template's are done side by side.
func keepLiteral(root *yaml.Node) {
	for _, section := range []string{"Resources", "Outputs"} {
		body := yamlout.Value(root, section)
		if body == nil {
			continue
		}
		entries := func(_, from, to int) {
			for i := from; i < to; i++ {
				entry := body.Content[2*i+1]
				if props := placeholders(entry); props != nil {
					for j := 1; j < len(props.Content); j += 2 {
						if props.Content[j-1].Value != "Definition" {
							literals(props.Content[j])
						}
					}
					continue
				}
				literals(entry)
			}
		}
		sidebyside.LargeChunks(len(body.Content)/2, entries)
	}
}

// placeholders returns the Properties of a resource that reads "${X}" as
// placeholders of its own: a Step Functions state machine with
// DefinitionSubstitutions; nil for any other entry.
func placeholders(entry *yaml.Node) *yaml.Node {
	if cfn.Type(entry) != "AWS::StepFunctions::StateMachine" {
		return nil
	}
	props := yamlout.Value(entry, "Properties")
	if yamlout.Value(props, "DefinitionSubstitutions") == nil {
		return nil
	}
	return props
}

func literals(n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" && strings.Contains(n.Value, "${") {
			*n = *joinedLiteral(n.Value)
		}
	case yaml.MappingNode:
		if name, arg, ok := cfn.Function(n); ok && name == "Fn::Sub" {
			if _, vars := cfn.Sub(arg); vars != nil {
				literals(vars)
			}
			return
		}
		for i := 1; i < len(n.Content); i += 2 {
			literals(n.Content[i])
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			literals(c)
		}
	}
}

// joinedLiteral is Fn::Join of s cut at every "$", with "$" as the
// delimiter: the pieces hold no "${", and the delimiter is not empty (an
// empty one makes linters suggest Fn::Sub, cfn-lint I1022).
func joinedLiteral(s string) *yaml.Node {
	var parts []*yaml.Node
	for _, p := range strings.Split(s, "$") {
		parts = append(parts, scalar(p))
	}
	return mapping(scalar("Fn::Join"), sequence(scalar("$"), sequence(parts...)))
}
