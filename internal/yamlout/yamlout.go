// Package yamlout writes JSON documents as readable YAML: keys in a chosen
// order, 2-space indentation, quotes only where YAML needs them. Both the
// CloudFormation template and the OpenAPI document go through it.
package yamlout

import (
	"bytes"
	"fmt"
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
// tree: the encoder then quotes only the scalars that need it.
func Plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		Plain(c)
	}
}

// Encode writes n as YAML with 2-space indentation.
func Encode(n *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
