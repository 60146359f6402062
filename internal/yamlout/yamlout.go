// Package yamlout writes JSON documents as readable YAML: keys in a chosen
// order, 2-space indentation, quotes only where YAML needs them. Both the
// CloudFormation template and the OpenAPI document go through it.
package yamlout

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"

	"gopkg.in/yaml.v3"
)

// Parse reads a JSON (or YAML) document into a node tree, which, unlike a Go
// map, keeps the order of keys.
func Parse(data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("yamlout: %w", err)
	}
	if len(doc.Content) == 0 {
		return nil, fmt.Errorf("yamlout: empty document")
	}
	return doc.Content[0], nil
}

// OrderKeys stably moves the listed keys of mapping n to the front, in order.
func OrderKeys(n *yaml.Node, order []string) {
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

// Value returns the value of key in mapping n, or nil.
func Value(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// Plain drops the quoting and flow styles JSON input brings, in the whole
// tree: the encoder then quotes only the scalars that need it, plus the strings
// a YAML 1.1 reader would take for something else.
func Plain(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && ambiguousIn11(n.Value) {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		Plain(c)
	}
}

// yaml11Bools are the YAML 1.1 spellings of true and false. The encoder follows
// YAML 1.2, where they are plain strings, but CloudFormation reads YAML 1.1: an
// unquoted "off" would arrive as false.
var yaml11Bools = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "n": true, "N": true, "no": true, "No": true, "NO": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
}

// sexagesimal matches YAML 1.1's base-60 numbers (1:30 is 90 there).
var sexagesimal = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`)

func ambiguousIn11(s string) bool { return yaml11Bools[s] || sexagesimal.MatchString(s) }

// Encode writes v (a node tree, or any value yaml.v3 marshals) as YAML with
// 2-space indentation.
func Encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
