// Package yamlout writes JSON documents as readable YAML: keys in a chosen
// order, 2-space indentation, quotes only where YAML needs them. Both the
// CloudFormation template and the OpenAPI document go through it.
package yamlout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

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

// FromJSON builds the node tree of a JSON document, as Parse would but
// several times faster, with the keys of every mapping in sorted order (the
// order encoding/json writes maps in). expand may replace a string by the
// value it stands for (decoded from JSON), which is then built in its place;
// it returns false to keep the string.
func FromJSON(data []byte, expand func(string) (any, bool)) (*yaml.Node, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("yamlout: %w", err)
	}
	return fromValue(v, expand), nil
}

// FromValue builds the node tree of a value as encoding/json decodes JSON
// into an interface{} (maps, slices, strings, float64s, bools, nils), as
// FromJSON does.
func FromValue(v any, expand func(string) (any, bool)) *yaml.Node { return fromValue(v, expand) }

// fromValue builds the node of a value decoded from JSON.
func fromValue(v any, expand func(string) (any, bool)) *yaml.Node {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: make([]*yaml.Node, 0, 2*len(keys))}
		for _, k := range keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k}, fromValue(v[k], expand))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: make([]*yaml.Node, 0, len(v))}
		for _, item := range v {
			n.Content = append(n.Content, fromValue(item, expand))
		}
		return n
	case string:
		if expand != nil {
			if x, ok := expand(v); ok {
				return fromValue(x, expand)
			}
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	case float64:
		// The text encoding/json writes, tagged as a YAML reader of that
		// text would tag it.
		text, _ := json.Marshal(v)
		tag := "!!int"
		if bytes.ContainsAny(text, ".eE") {
			tag = "!!float"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(text)}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
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
// 2-space indentation, as yaml.v3's encoder would.
//
// A node tree whose root is a block mapping is written by the fast writer of
// emit.go, one top-level entry at a time; an entry it leaves is written one
// second-level entry at a time (each resource of a template, each path of an
// OpenAPI document), by the fast writer where it can and by yaml.v3 where it
// cannot, and indented into place. With no line width limit, block-style
// YAML of an entry does not depend on where it stands, so the bytes are
// those of encoding the whole tree at once.
func Encode(v any) ([]byte, error) {
	root, ok := v.(*yaml.Node)
	if !ok || root.Kind != yaml.MappingNode || root.Style&yaml.FlowStyle != 0 || len(root.Content) == 0 || plainNode(root) != nil {
		return encode(v)
	}
	w := &writer{buf: make([]byte, 0, 64*len(root.Content))}
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i], root.Content[i+1]
		mark := len(w.buf)
		if w.pair(key, value, 0) == nil {
			continue
		}
		w.buf = w.buf[:mark]
		if err := w.entryByEntry(key, value); err != nil {
			return nil, err
		}
	}
	return w.buf, nil
}

// entryByEntry writes a top-level entry that the fast writer left, its
// value's entries one by one when it is a block mapping.
func (w *writer) entryByEntry(key, value *yaml.Node) error {
	tag, _ := collectionTag(value)
	if value.Kind != yaml.MappingNode || value.Style&yaml.FlowStyle != 0 || len(value.Content) == 0 || tag != "" || plainNode(value) != nil {
		piece, err := encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, value}})
		w.buf = append(w.buf, piece...)
		return err
	}
	head, err := encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, {Kind: yaml.MappingNode, Style: yaml.FlowStyle}}})
	if err != nil {
		return err
	}
	line, found := bytes.CutSuffix(head, []byte(" {}\n"))
	if !found || bytes.Contains(line, []byte("\n")) {
		piece, err := encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, value}})
		w.buf = append(w.buf, piece...)
		return err // a key that is not a one-line simple key
	}
	start := len(w.buf)
	w.buf = append(append(w.buf, line...), '\n')
	for j := 0; j+1 < len(value.Content); j += 2 {
		mark := len(w.buf)
		if w.pair(value.Content[j], value.Content[j+1], 2) == nil {
			continue
		}
		w.buf = w.buf[:mark]
		sub := &yaml.Node{Kind: yaml.MappingNode, Content: value.Content[j : j+2]}
		if !shiftable(sub, false) {
			w.buf = w.buf[:start]
			piece, err := encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, value}})
			w.buf = append(w.buf, piece...)
			return err
		}
		piece, err := encode(sub)
		if err != nil {
			return err
		}
		w.indent(piece)
	}
	return nil
}

// shiftable reports whether yaml.v3's text of n may be indented by lines:
// not when a scalar spans lines other than as a literal block (yaml.v3 then
// indents continuation lines to absolute columns, even inside a text line
// after a CR, NEL or Unicode line separator), nor when a literal block keeps
// its final line break (yaml.v3 may end the document there with "...").
func shiftable(n *yaml.Node, key bool) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.ContainsAny(n.Value, "\r\u0085\u2028\u2029") {
			return false
		}
		return !strings.Contains(n.Value, "\n") || !key && n.Style&yaml.SingleQuotedStyle == 0 && !strings.HasSuffix(n.Value, "\n")
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if !shiftable(n.Content[i], true) || !shiftable(n.Content[i+1], false) {
				return false
			}
		}
		return true
	}
	for _, c := range n.Content {
		if !shiftable(c, false) {
			return false
		}
	}
	return true
}

// indent appends text with two more spaces before every non-empty line.
func (w *writer) indent(text []byte) {
	for len(text) > 0 {
		line, rest, _ := bytes.Cut(text, []byte("\n"))
		if len(line) > 0 {
			w.buf = append(w.buf, ' ', ' ')
		}
		w.buf = append(append(w.buf, line...), '\n')
		text = rest
	}
}

func encode(v any) ([]byte, error) {
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

// Scalar is a string node.
func Scalar(v string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
}

// Mapping is a mapping node of key and value nodes, in order.
func Mapping(pairs ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: pairs}
}

// Sequence is a sequence node.
func Sequence(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: items}
}

// DeleteKey removes a key and its value from mapping n.
func DeleteKey(n *yaml.Node, key string) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content = append(n.Content[:i], n.Content[i+2:]...)
			return
		}
	}
}
