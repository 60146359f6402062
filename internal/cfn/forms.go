package cfn

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// shortForms maps intrinsic function keys to their YAML short-form tags.
var shortForms = map[string]string{
	"Ref": "!Ref", "Fn::Sub": "!Sub", "Fn::GetAtt": "!GetAtt", "Fn::Join": "!Join",
	"Fn::Select": "!Select", "Fn::Split": "!Split", "Fn::GetAZs": "!GetAZs",
	"Fn::If": "!If", "Fn::Equals": "!Equals", "Fn::And": "!And", "Fn::Or": "!Or",
	"Fn::Not": "!Not", "Fn::FindInMap": "!FindInMap", "Fn::ImportValue": "!ImportValue",
	"Fn::Base64": "!Base64", "Fn::Cidr": "!Cidr", "Condition": "!Condition",
}

// IsShortForm reports whether tag is the YAML short form of one of
// CloudFormation's functions (!Ref, !GetAtt, !Sub...).
func IsShortForm(tag string) bool {
	for _, t := range shortForms {
		if t == tag {
			return true
		}
	}
	return false
}

// ShortForm replaces the function n, when it is one with a short form
// ({"Ref": "X"}), by its argument tagged with the short form (!Ref X), and
// reports whether it did. GetAtt keeps its two-element list
// (!GetAtt [Resource, Attribute]): tools that read a template without
// resolving it, cfn-guard and the Control Tower rules among them, take the
// dotted scalar form for a string and miss the reference. Short, flat
// argument lists are written on one line (!Select [0, !GetAZs ""]). The
// argument is expected in short form already.
func ShortForm(n *yaml.Node) bool {
	name, arg, ok := Function(n)
	if !ok {
		return false
	}
	tag, ok := shortForms[name]
	if !ok {
		return false
	}
	*n = *arg
	n.Tag = tag
	if n.Kind == yaml.SequenceNode {
		n.Style = yaml.FlowStyle
		if containsMapping(n) {
			n.Style = 0 // flow sequences holding mappings are hard to read
		}
	}
	return true
}

// containsMapping reports whether a mapping appears anywhere below n.
func containsMapping(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.Kind == yaml.MappingNode || containsMapping(c) {
			return true
		}
	}
	return false
}

// LongForm rewrites short-form intrinsics (!Ref X, !GetAtt A.B, !Sub ...) as
// the mappings they stand for, in place, for reading a template file back:
// the inverse of [ShortForm].
func LongForm(n *yaml.Node) {
	for _, c := range n.Content {
		LongForm(c)
	}
	key, ok := LongFormKey(n.Tag)
	if !ok {
		return
	}
	name := strings.TrimPrefix(n.Tag, "!")
	arg := *n
	arg.Tag = ""
	switch arg.Kind {
	case yaml.ScalarNode:
		arg.Tag = "!!str"
		if name == "GetAtt" {
			resource, attribute, _ := strings.Cut(arg.Value, ".")
			arg = *sequence(scalar(resource), scalar(attribute))
		}
	case yaml.SequenceNode:
		arg.Tag = "!!seq"
	case yaml.MappingNode:
		arg.Tag = "!!map"
	}
	*n = *mapping(scalar(key), &arg)
}

// LongFormKey is the key of the mapping a short-form intrinsic's tag
// stands for (!Ref is Ref, !GetAtt is Fn::GetAtt); ok is false for any
// other tag: none, or one of YAML's own (!!str).
func LongFormKey(tag string) (key string, ok bool) {
	name, ok := strings.CutPrefix(tag, "!")
	if !ok || strings.HasPrefix(name, "!") {
		return "", false
	}
	if name == "Ref" || name == "Condition" {
		return name, true
	}
	return "Fn::" + name, true
}

// Parse reads a template file (YAML or JSON, short or long form) into its
// node tree in long form: the document's mapping, or nil for an empty file.
func Parse(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	LongForm(doc.Content[0])
	return doc.Content[0], nil
}
