// Package yamlout writes JSON documents as readable YAML: keys in a chosen
// order, 2-space indentation, quotes only where YAML needs them. Both the
// CloudFormation template and the OpenAPI document go through it.
package yamlout

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/lazyre"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
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
	return FromValue(v, expand), nil
}

// FromValue builds the node tree of a value as encoding/json decodes JSON
// into an interface{} (maps, slices, strings, float64s, bools, nils), as
// FromJSON does.
func FromValue(v any, expand func(string) (any, bool)) *yaml.Node {
	return NewBuilder(expand).Node(v)
}

// Builder makes the nodes of a tree, many at a time: a large template has
// hundreds of thousands, and one allocation each was much of its build.
type Builder = builder

// NewBuilder returns a builder whose Node calls expand on every string (see
// FromJSON).
func NewBuilder(expand func(string) (any, bool)) *Builder { return &builder{expand: expand} }

// NewLoweringBuilder returns a builder that writes a value of any other type
// than a plain one (maps of strings to values, lists, strings, float64s,
// bools, nil) as what lower returns for it: the value one level down (a
// document type's MarshalYAML result, a typed map as a map[string]any),
// lowered again as it is met. A typed document is so written without a
// copy of it as plain values in between. lower is called from several
// goroutines at once for large mappings.
//
// A pointer met again is not lowered again: its place gets the node built
// the first time, as trees share key nodes. A document that shares a value
// (every operation's one response) so writes it from one node. The shared
// node is left as Plain leaves it, so that Plain, which runs side by side,
// never writes to it; nobody else may.
func NewLoweringBuilder(lower func(any) (any, error)) *Builder { return &builder{lower: lower} }

// Err is the first error lower returned; the nodes built are then incomplete.
func (b *builder) Err() error { return b.err }

// Node builds the node tree of a value decoded from JSON.
func (b *builder) Node(v any) *yaml.Node { return b.node(v) }

// Scalar is a new scalar node.
func (b *builder) Scalar(tag, value string) *yaml.Node { return b.scalar(tag, value) }

// String is Node(s), without s made an interface value on the way: a
// template's strings are most of its values.
func (b *builder) String(s string) *yaml.Node { return b.string(s) }

// Number is Node(f), without f made an interface value on the way.
func (b *builder) Number(f float64) *yaml.Node { return b.number(f) }

// Collection is a new empty mapping or sequence node with room for n
// entries (2n nodes for a mapping).
func (b *builder) Collection(kind yaml.Kind, n int) *yaml.Node {
	c := b.new()
	c.Kind, c.Content = kind, b.contents(n)
	if kind == yaml.MappingNode {
		c.Tag = "!!map"
	} else {
		c.Tag = "!!seq"
	}
	return c
}

type builder struct {
	expand func(string) (any, bool)
	lower  func(any) (any, error)
	err    error
	// nodes and lists are the slabs the nodes and the collections'
	// Content lists are cut from.
	nodes slab[yaml.Node]
	lists slab[*yaml.Node]
	// keys are the key nodes of the mappings built, by text, shared within
	// the builder's trees (see SharedKey): a document repeats the same keys
	// (responses, description, Effect, Fn::GetAtt) thousands of times.
	keys map[string]*yaml.Node
	// lowered are the nodes of the pointers lowered (see
	// NewLoweringBuilder).
	lowered map[any]lowering
}

// lowering is the node a pointer was lowered to, and whether it is shared
// yet.
type lowering struct {
	node   *yaml.Node
	shared bool
}

// key is the shared key node of k; a key Plain would quote for YAML 1.1
// readers gets a node of its own, which Plain then writes.
func (b *builder) key(k string) *yaml.Node {
	if n, ok := b.keys[k]; ok {
		return n
	}
	n := b.scalar("!!str", k)
	if ambiguousIn11(k) {
		return n
	}
	if b.keys == nil {
		b.keys = map[string]*yaml.Node{}
	}
	b.keys[k] = n
	return n
}

// mappingInParallel builds the entries of a large mapping (a document's
// paths) in chunks side by side, each with a builder of its own. Only
// without expand, which need not be safe for several goroutines.
func (b *builder) mappingInParallel(n *yaml.Node, keys []string, v map[string]any) *yaml.Node {
	values := make([]*yaml.Node, len(keys))
	children := make([]*builder, sidebyside.Workers(len(keys)))
	sidebyside.Chunks(len(keys), func(c, from, to int) {
		cb := &builder{lower: b.lower}
		children[c] = cb
		for i := from; i < to; i++ {
			values[i] = cb.node(v[keys[i]])
		}
	})
	for _, cb := range children {
		if cb != nil && b.err == nil {
			b.err = cb.err
		}
	}
	for i, k := range keys {
		n.Content = append(n.Content, b.key(k), values[i])
	}
	return n
}

// Slabs start small and double up to maxSlab nodes: a builder that makes
// a few nodes (a nested stack's Parameters) takes little memory, one that
// makes hundreds of thousands few allocations.
const (
	minSlab = 8
	maxSlab = 256
)

// new returns a zero node from the current slab.
func (b *builder) new() *yaml.Node {
	return &b.nodes.take(1, minSlab, maxSlab)[0]
}

// Lists are cut from slabs of minLists to maxLists entries, as nodes are
// from theirs: most collections hold a few entries, and one allocation each
// was a ninth of a large render's allocations. A longer list has its own.
const (
	minLists = 32
	maxLists = 2048
)

// contents returns an empty Content list with room for n entries. Its
// capacity is exactly n, so appending more moves it out of the slab rather
// than over the next list.
func (b *builder) contents(n int) []*yaml.Node {
	if n > maxLists/8 {
		return make([]*yaml.Node, 0, n)
	}
	return b.lists.take(n, minLists, maxLists)[:0]
}

// slab hands out parts of larger allocations: each new one twice the last,
// from least up to most elements (and at least the part asked for).
type slab[T any] struct {
	free []T
	size int // the length of the last allocation
}

// take returns n zero elements of capacity exactly n.
func (s *slab[T]) take(n, least, most int) []T {
	if len(s.free) < n {
		s.size = min(max(2*s.size, least, n), most)
		s.free = make([]T, s.size)
	}
	part := s.free[:n:n]
	s.free = s.free[n:]
	return part
}

func (b *builder) scalar(tag, value string) *yaml.Node {
	n := b.new()
	n.Kind, n.Tag, n.Value = yaml.ScalarNode, tag, value
	return n
}

// node builds the node of a value decoded from JSON.
func (b *builder) node(v any) *yaml.Node {
	switch v := v.(type) {
	case map[string]any:
		n := b.new()
		n.Kind, n.Tag, n.Content = yaml.MappingNode, "!!map", b.contents(2*len(v))
		if len(v) >= sidebyside.Large && b.expand == nil {
			return b.mappingInParallel(n, slices.Sorted(maps.Keys(v)), v)
		}
		// Most mappings are small: their keys are sorted on the stack.
		var small [16]string
		keys := small[:0]
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			n.Content = append(n.Content, b.key(k), b.node(v[k]))
		}
		return n
	case []any:
		n := b.new()
		n.Kind, n.Tag, n.Content = yaml.SequenceNode, "!!seq", b.contents(len(v))
		for _, item := range v {
			n.Content = append(n.Content, b.node(item))
		}
		return n
	case string:
		return b.string(v)
	case float64:
		return b.number(v)
	case bool:
		return b.scalar("!!bool", strconv.FormatBool(v))
	}
	if v != nil && b.lower != nil {
		if n := b.lowerNode(v); n != nil {
			return n
		}
	}
	return b.scalar("!!null", "null")
}

// lowerNode builds the node of v one level down, or of the pointer v the
// node it built before; nil when lower fails.
func (b *builder) lowerNode(v any) *yaml.Node {
	// Only a pointer can be a map key here (a lowered map or slice cannot)
	// and only a pointer is shared by reference.
	pointer := false
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
		if l, ok := b.lowered[v]; ok {
			if !l.shared {
				// Settled once, here, before anything runs side by side.
				Plain(l.node)
				b.lowered[v] = lowering{l.node, true}
			}
			return l.node
		}
		pointer = true
	}
	x, err := b.lower(v)
	if err != nil {
		if b.err == nil {
			b.err = err
		}
		return nil
	}
	n := b.node(x)
	if pointer {
		if b.lowered == nil {
			b.lowered = map[any]lowering{}
		}
		b.lowered[v] = lowering{node: n}
	}
	return n
}

// string builds the node of a string: a function expand decodes, or a
// scalar.
func (b *builder) string(s string) *yaml.Node {
	if b.expand != nil {
		if x, ok := b.expand(s); ok {
			return b.node(x)
		}
	}
	return b.scalar("!!str", s)
}

// number builds the node of a number: the text encoding/json writes, tagged
// as a YAML reader of that text would tag it.
func (b *builder) number(f float64) *yaml.Node {
	if f == float64(int64(f)) && f > -1e15 && f < 1e15 && !math.Signbit(f) {
		return b.scalar("!!int", strconv.FormatInt(int64(f), 10))
	}
	text, _ := json.Marshal(f)
	tag := "!!int"
	if bytes.ContainsAny(text, ".eE") {
		tag = "!!float"
	}
	return b.scalar(tag, string(text))
}

// OrderKeys stably moves the listed keys of mapping n to the front, in order.
func OrderKeys(n *yaml.Node, order []string) {
	if n.Kind != yaml.MappingNode {
		return
	}
	// Most mappings are already in order: they are checked without a
	// copy, and only the others are sorted (a large render orders tens of
	// thousands of mappings).
	rank := func(key *yaml.Node) int {
		if r := slices.Index(order, key.Value); r >= 0 {
			return r
		}
		return len(order)
	}
	sorted, last := true, 0
	for i := 0; i+1 < len(n.Content) && sorted; i += 2 {
		r := rank(n.Content[i])
		sorted, last = r >= last, r
	}
	if sorted {
		return
	}
	// Each key's rank is found once, not at every comparison.
	type pair struct {
		k, v *yaml.Node
		rank int
	}
	pairs := make([]pair, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		pairs = append(pairs, pair{n.Content[i], n.Content[i+1], rank(n.Content[i])})
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return a.rank - b.rank })
	n.Content = n.Content[:0]
	for _, p := range pairs {
		n.Content = append(n.Content, p.k, p.v)
	}
}

// Value returns the value of key in mapping n, or nil (also when n is nil
// or not a mapping).
func Value(n *yaml.Node, key string) *yaml.Node {
	if k := Key(n, key); k != nil {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i] == k {
				return n.Content[i+1]
			}
		}
	}
	return nil
}

// Key returns the key node of key in mapping n, or nil (also when n is nil
// or not a mapping): where a problem with the entry is reported.
func Key(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i]
		}
	}
	return nil
}

// Set sets key in mapping n to v, in place, or appends the entry.
func Set(n *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = v
			return
		}
	}
	n.Content = append(n.Content, Scalar(key), v)
}

// Copy deep-copies a tree, positions kept, aliases written out (a tree
// read from a file is bounded first: see blueprint's API document reader).
func Copy(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return Copy(n.Alias)
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = Copy(x)
	}
	return &c
}

// Plain drops the quoting and flow styles JSON input brings, in the whole
// tree: the encoder then quotes only the scalars that need it, plus the strings
// a YAML 1.1 reader would take for something else.
//
// A node already styled so is not written to: trees may share key nodes
// (see SharedKey) and are made plain side by side, and so are the entries
// of a large collection (a document's paths).
func Plain(n *yaml.Node) {
	if style := plainStyleOf(n); n.Style != style {
		n.Style = style
	}
	if len(n.Content) < sidebyside.Large {
		// Most collections: no closure, which every node would allocate.
		for _, c := range n.Content {
			Plain(c)
		}
		return
	}
	sidebyside.Chunks(len(n.Content), func(_, from, to int) {
		for _, c := range n.Content[from:to] {
			Plain(c)
		}
	})
}

func plainStyleOf(n *yaml.Node) yaml.Style {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && ambiguousIn11(n.Value) {
		return yaml.DoubleQuotedStyle
	}
	return 0
}

// SharedKey is a string key node as Plain leaves it, for trees to share: a
// template repeats the same property names hundreds of thousands of times
// at scale, and a node each was much of its memory. Nobody may write to
// it: code that renames a key replaces the node.
func SharedKey(name string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name}
	n.Style = plainStyleOf(n)
	return n
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
var sexagesimal = lazyre.New(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`)

func ambiguousIn11(s string) bool {
	// Every YAML 1.1 bool and base-60 number starts with one of these.
	if s == "" || strings.IndexByte("yYnNtTfFoO+-0123456789", s[0]) < 0 {
		return false
	}
	if yaml11Bools[s] {
		return true
	}
	// Only a text with a colon after a leading digit or sign can be base 60:
	// the regular expression runs for those alone.
	return s != "" && strings.IndexByte(s, ':') > 0 && strings.IndexByte("+-0123456789", s[0]) >= 0 && sexagesimal.MatchString(s)
}

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
	w := &writer{buf: takeBuffer(bufferFor(root, 0))}
	defer w.done()
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i], root.Content[i+1]
		mark := len(w.buf)
		if w.parallelPair(key, value) {
			continue
		}
		if w.pair(key, value, 0) == nil {
			continue
		}
		w.buf = w.buf[:mark]
		if err := w.entryByEntry(key, value); err != nil {
			giveBuffer(w.buf)
			return nil, err
		}
	}
	return w.output(), nil
}

// bufferFor is the room a writer's buffer is made with at once to write n
// with its entries at column col: append alone grows a large buffer by a
// quarter at a time, and a 1.8 MB OpenAPI document so allocated five times
// its size. It is n's estimated size and a sixteenth more, for the quotes,
// tags and escapes sizeOf does not count (the estimates of the golden
// templates and a 200-service application's files are 94 to 103% of their
// size).
func bufferFor(n *yaml.Node, col int) int {
	size := sizeOf(n, col)
	return size + size/16 + 64
}

// sizeOf is about the length of n's text with its entries at column col:
// the indentation, the keys and the values.
func sizeOf(n *yaml.Node, col int) int {
	size := 0
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			size += col + len(n.Content[i].Value) + 2 + sizeOf(n.Content[i+1], col+2)
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			size += col + 2 + sizeOf(c, col+2)
		}
	case yaml.DocumentNode:
		for _, c := range n.Content {
			size += sizeOf(c, col)
		}
	default:
		size = len(n.Value) + 1
	}
	return size
}

// output is the bytes written, handed out: the buffer itself when it holds
// little more than them (a buffer made for the file, see bufferFor, has at
// most a quarter to spare), or an exact copy, the buffer then kept for the
// next writer (a small file written into a larger buffer kept from an
// earlier one). Not copying the large files saved 1.6% of a 200-service
// render's memory.
func (w *writer) output() []byte {
	if spare := cap(w.buf) - len(w.buf); spare <= len(w.buf)/4 {
		return w.buf[:len(w.buf):len(w.buf)]
	}
	out := make([]byte, len(w.buf))
	copy(out, w.buf)
	giveBuffer(w.buf)
	return out
}

// buffers keeps the writers' buffers between files: a render writes a
// template per stack, and growing a new buffer to each file's size made
// several times the output's size in garbage. A file's bytes are handed
// out in its buffer or copied out of it once written (see output).
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// maxBuffer bounds the buffers kept.
const maxBuffer = 16 << 20

// takeBuffer returns an empty buffer with room for n bytes: a kept one,
// made larger when it has less.
func takeBuffer(n int) []byte { return slices.Grow((*buffers.Get().(*[]byte))[:0], n) }

func giveBuffer(b []byte) {
	if cap(b) <= maxBuffer {
		buffers.Put(&b)
	}
}

// parallelPair writes a top-level entry whose value is a large block
// mapping, its entries in chunks, one writer per processor, and reports
// whether it did; false leaves w as it was. An entry's text does not depend
// on where it stands, so the chunks joined are the text one writer writes.
func (w *writer) parallelPair(key, value *yaml.Node) bool {
	tag, err := collectionTag(value)
	if len(value.Content) < 2*sidebyside.Large || value.Kind != yaml.MappingNode || value.Style&yaml.FlowStyle != 0 || tag != "" || err != nil ||
		key.Kind != yaml.ScalarNode || plainNode(key) != nil || plainNode(value) != nil {
		return false
	}
	head, err := w.scalar(key, false, true)
	if err != nil {
		return false
	}
	pairs := len(value.Content) / 2
	workers := sidebyside.Workers(pairs)
	if workers < 2 {
		return false
	}
	out := make([][]byte, workers)
	failed := make([]bool, workers)
	sidebyside.Chunks(pairs, func(c, from, to int) {
		cw := &writer{buf: takeBuffer(bufferFor(&yaml.Node{Kind: yaml.MappingNode, Content: value.Content[2*from : 2*to]}, 2))}
		defer cw.done()
		for j := from; j < to; j++ {
			if cw.pair(value.Content[2*j], value.Content[2*j+1], 2) != nil {
				failed[c] = true
				return
			}
		}
		out[c] = cw.buf
	})
	if slices.Contains(failed, true) {
		return false
	}
	size := len(head) + 2
	for _, b := range out {
		size += len(b)
	}
	w.buf = slices.Grow(w.buf, size)
	w.buf = append(append(w.buf, head...), ":\n"...)
	for _, b := range out {
		w.buf = append(w.buf, b...)
		giveBuffer(b)
	}
	return true
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

// Decode turns a node into plain values as encoding/json decodes JSON:
// string keys (a status code written 200 is the key "200"), float64
// numbers.
func Decode(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		return Decode(n.Content[0])
	case yaml.AliasNode:
		return Decode(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := Decode(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			v, err := Decode(c)
			if err != nil {
				return nil, err
			}
			l[i] = v
		}
		return l, nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case int:
		return float64(x), nil // as encoding/json reads numbers
	case uint64:
		return float64(x), nil
	}
	return v, nil
}
