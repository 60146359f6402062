package copilot

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// The Blueprint is written as a node tree, its keys in the order the
// Blueprint reference gives them; these build it.

// mapping returns an empty block mapping.
func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

// put adds key: v to mapping m and returns m.
func put(m *yaml.Node, key string, v *yaml.Node) *yaml.Node {
	m.Content = append(m.Content, text(key), v)
	return m
}

// text is a string scalar: the encoder quotes it where YAML would read
// another type ("1.0", "true"), and it is quoted where a YAML 1.1 reader
// would read a boolean (on, no), as Copilot's own YAML reader would.
func text(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if slices.Contains(yaml11Booleans, strings.ToLower(s)) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// yaml11Booleans are the words YAML 1.1 reads as booleans, besides true
// and false.
var yaml11Booleans = []string{"y", "n", "yes", "no", "on", "off"}

// number is an integer scalar.
func number(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(i)}
}

// null is the scalar null, which takes a field away in an overlay.
func null() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"} }

// yes is the scalar true.
func yes() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"} }

// no is the scalar false.
func no() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"} }

// list is a block sequence of items.
func list(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

// texts is a sequence of strings, written on one line.
func texts(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, text(s))
	}
	return n
}

// oneLine writes a small mapping or sequence on one line.
func oneLine(n *yaml.Node) *yaml.Node {
	n.Style = yaml.FlowStyle
	return n
}

// value returns the node at path in a manifest's mapping, following
// aliases, or nil.
func value(m *yaml.Node, path ...string) *yaml.Node {
	for _, key := range path {
		m = resolve(m)
		if m == nil || m.Kind != yaml.MappingNode {
			return nil
		}
		var next *yaml.Node
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				next = m.Content[i+1]
			}
		}
		m = next
	}
	return resolve(m)
}

// resolve follows an alias to what it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// scalar returns a scalar node's text, or "" and false.
func scalar(n *yaml.Node) (string, bool) {
	if n = resolve(n); n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

// integer returns a scalar node's whole number, or false.
func integer(n *yaml.Node) (int, bool) {
	s, ok := scalar(n)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil
}

// truth returns a scalar node's boolean, or false.
func truth(n *yaml.Node) (value, ok bool) {
	s, ok := scalar(n)
	if !ok {
		return false, false
	}
	b, err := strconv.ParseBool(s)
	return b, err == nil
}

// seconds reads a Copilot duration ("10s", "1m30s") or a number of seconds
// as whole seconds.
func seconds(n *yaml.Node) (int, bool) {
	if i, ok := integer(n); ok {
		return i, true
	}
	s, ok := scalar(n)
	if !ok {
		return 0, false
	}
	d, err := time.ParseDuration(s)
	if err != nil || d%time.Second != 0 || d < 0 {
		return 0, false
	}
	return int(d / time.Second), true
}

// words reads a command written as a list or as one line (split at
// spaces, as Copilot splits it).
func words(n *yaml.Node) ([]string, bool) {
	n = resolve(n)
	if s, ok := scalar(n); ok {
		return strings.Fields(s), true
	}
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil, false
	}
	var out []string
	for _, item := range n.Content {
		s, ok := scalar(item)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// stringsOf reads one string or a list of them.
func stringsOf(n *yaml.Node) []string {
	if s, ok := scalar(n); ok {
		return []string{s}
	}
	if n = resolve(n); n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, item := range n.Content {
		if s, ok := scalar(item); ok {
			out = append(out, s)
		} else if name, ok := scalar(value(item, "name")); ok { // alias: [{name: www.example.com, hosted_zone: ...}]
			out = append(out, name)
		}
	}
	return out
}

// keys returns a mapping's key nodes, in order.
func keys(m *yaml.Node) []*yaml.Node {
	if m = resolve(m); m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	var out []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, m.Content[i])
	}
	return out
}

// takesAway adds key: null to mapping n for each key of base, the base's
// value of the same field, that n lacks, and returns n. An overlay's mapping
// merges into the base's key by key, and null takes a field away: an
// environment's image location (uri) replaces the base's repository and
// tag, an imported certificate (arn) the base's domain.
func takesAway(n, base *yaml.Node) *yaml.Node {
	for _, k := range keys(base) {
		if value(n, k.Value) == nil {
			put(n, k.Value, null())
		}
	}
	return n
}
