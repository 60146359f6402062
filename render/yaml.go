package render

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/awslabs/goformation/v7/cloudformation"
	"gopkg.in/yaml.v3"
)

// YAML writes the template the way a careful engineer would: sections in the
// conventional order, Type first in each resource, 2-space indent, and short-form
// intrinsics (!Ref, !Sub, !GetAtt ...).
//
// goformation's own YAML() sorts every key alphabetically (Properties before
// Type). Its JSON() is still the right starting point: it turns the helper
// functions' encoded intrinsics into real ones. We re-read that JSON as a YAML
// node tree, which keeps key order, and reorder where convention says so.
func YAML(t *cloudformation.Template) ([]byte, error) {
	j, err := t.JSON()
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(j, &doc); err != nil {
		return nil, fmt.Errorf("render: re-reading template JSON: %w", err)
	}
	root := doc.Content[0]
	orderKeys(root, topLevelOrder)
	for i := 0; i+1 < len(root.Content); i += 2 {
		section, body := root.Content[i].Value, root.Content[i+1]
		if order, ok := entryOrder[section]; ok {
			for j := 1; j < len(body.Content); j += 2 {
				orderKeys(body.Content[j], order)
			}
		}
	}
	tidy(root)
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var topLevelOrder = []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Resources", "Outputs"}

// entryOrder is the key order inside each entry of a section.
var entryOrder = map[string][]string{
	"Parameters": {"Type", "Description", "Default", "AllowedValues", "AllowedPattern", "ConstraintDescription", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho"},
	"Resources":  {"Type", "Condition", "DependsOn", "Metadata", "DeletionPolicy", "UpdateReplacePolicy", "Properties"},
	"Outputs":    {"Description", "Condition", "Value", "Export"},
}

// nestedOrder puts the keys readers look for first at the front of nested
// mappings: an action's Type, and IAM policy documents in the order AWS's own
// examples use.
var nestedOrder = []string{"Type", "Version", "Sid", "Effect", "Principal", "Action", "Resource", "Condition"}

// orderKeys stably moves the listed keys of mapping n to the front, in order.
func orderKeys(n *yaml.Node, order []string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	type pair struct{ k, v *yaml.Node }
	pairs := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, pair{n.Content[i], n.Content[i+1]})
	}
	rank := func(p pair) int {
		if i := slices.Index(order, p.k.Value); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return rank(a) - rank(b) })
	n.Content = n.Content[:0]
	for _, p := range pairs {
		n.Content = append(n.Content, p.k, p.v)
	}
}

// shortForms maps intrinsic function keys to their YAML short-form tags.
var shortForms = map[string]string{
	"Ref": "!Ref", "Fn::Sub": "!Sub", "Fn::GetAtt": "!GetAtt", "Fn::Join": "!Join",
	"Fn::Select": "!Select", "Fn::Split": "!Split", "Fn::GetAZs": "!GetAZs",
	"Fn::If": "!If", "Fn::Equals": "!Equals", "Fn::And": "!And", "Fn::Or": "!Or",
	"Fn::Not": "!Not", "Fn::FindInMap": "!FindInMap", "Fn::ImportValue": "!ImportValue",
	"Fn::Base64": "!Base64", "Fn::Cidr": "!Cidr",
}

// tidy drops the JSON quoting style from scalars (the encoder quotes only what
// needs it), writes intrinsics in short form, and orders nested keys.
func tidy(n *yaml.Node) {
	switch n.Kind {
	case yaml.ScalarNode:
		n.Style = 0
	case yaml.SequenceNode:
		n.Style = 0
		for _, c := range n.Content {
			tidy(c)
		}
	case yaml.MappingNode:
		n.Style = 0
		for _, c := range n.Content {
			tidy(c)
		}
		if len(n.Content) == 2 {
			if tag, ok := shortForms[n.Content[0].Value]; ok {
				toShortForm(n, tag)
				return
			}
		}
		orderKeys(n, nestedOrder)
	}
}

// toShortForm replaces the single-key mapping n ({"Ref": "X"}) by its argument
// tagged with the short form (!Ref X). GetAtt's two-element list becomes the
// dotted scalar form (!GetAtt Resource.Attribute).
func toShortForm(n *yaml.Node, tag string) {
	arg := n.Content[1]
	if tag == "!GetAtt" && arg.Kind == yaml.SequenceNode && len(arg.Content) == 2 &&
		arg.Content[0].Kind == yaml.ScalarNode && arg.Content[1].Kind == yaml.ScalarNode {
		arg = &yaml.Node{Kind: yaml.ScalarNode, Value: arg.Content[0].Value + "." + arg.Content[1].Value}
	}
	*n = *arg
	n.Tag = tag
	if n.Kind == yaml.SequenceNode {
		// Short, flat argument lists read best on one line: !Select [0, !GetAZs ""].
		n.Style = yaml.FlowStyle
		if containsMapping(n) {
			n.Style = 0
		}
	}
}

// containsMapping reports whether a mapping appears anywhere below n; flow
// sequences holding mappings are hard to read.
func containsMapping(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.Kind == yaml.MappingNode || containsMapping(c) {
			return true
		}
	}
	return false
}
