package yamlout

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestYAML11AmbiguousStringsAreQuoted(t *testing.T) {
	n, err := Parse([]byte(`{"a": "off", "b": "on", "c": "yes", "d": "1:30", "e": "plain", "f": false, "g": "80", "h": "n"}`))
	if err != nil {
		t.Fatal(err)
	}
	Plain(n)
	out, err := Encode(n)
	if err != nil {
		t.Fatal(err)
	}
	want := "a: \"off\"\nb: \"on\"\nc: \"yes\"\nd: \"1:30\"\ne: plain\nf: false\ng: \"80\"\nh: \"n\"\n"
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

func TestOrderKeys(t *testing.T) {
	order := []string{"Type", "b"}
	for _, c := range []struct{ doc, want string }{
		{`{"c": 1, "a": 2, "b": 3, "Type": 4}`, "Type: 4 b: 3 c: 1 a: 2 "},
		// already in order: left as it is, unlisted keys in their places
		{`{"Type": 1, "b": 2, "z": 3, "a": 4}`, "Type: 1 b: 2 z: 3 a: 4 "},
		{`{"Type": 1, "z": 2}`, "Type: 1 z: 2 "},
		{`{"z": 1, "a": 2}`, "z: 1 a: 2 "},
		{`{"b": 1}`, "b: 1 "},
		// out of order only after an unlisted key, or between listed ones
		{`{"z": 1, "Type": 2}`, "Type: 2 z: 1 "},
		{`{"b": 1, "a": 2, "Type": 3}`, "Type: 3 b: 1 a: 2 "},
		// a repeated key keeps its entries' order (the sort is stable)
		{`{"a": 1, "b": 2, "x": 3, "b": 4}`, "b: 2 b: 4 a: 1 x: 3 "},
	} {
		n, err := Parse([]byte(c.doc))
		if err != nil {
			t.Fatal(err)
		}
		OrderKeys(n, order)
		Plain(n)
		out, _ := Encode(n)
		if got := strings.ReplaceAll(string(out), "\n", " "); got != c.want {
			t.Errorf("%s: got %q, want %q", c.doc, got, c.want)
		}
	}
}

// TestContentsAreSeparate holds the lists cut from one slab apart: each has
// exactly the room asked for, so appending past it moves the list and
// leaves its neighbour alone, and a long list is allocated on its own.
func TestContentsAreSeparate(t *testing.T) {
	b := NewBuilder(nil)
	x, y := b.scalar("!!str", "x"), b.scalar("!!str", "y")
	var lists [][]*yaml.Node
	for _, n := range []int{0, 1, 2, 5, minLists, 3, maxLists / 8, 7} {
		c := b.contents(n)
		if len(c) != 0 || cap(c) != n {
			t.Fatalf("contents(%d): len %d, cap %d", n, len(c), cap(c))
		}
		for range n {
			c = append(c, x)
		}
		lists = append(lists, c)
	}
	// Appending past the room of each list changes no other list.
	for i := range lists {
		lists[i] = append(lists[i], y)
	}
	for i, c := range lists {
		for j, n := range c {
			want := x
			if j == len(c)-1 {
				want = y
			}
			if n != want {
				t.Fatalf("list %d (of %d entries): entry %d changed", i, len(c)-1, j)
			}
		}
	}
	long := b.contents(maxLists)
	if cap(long) != maxLists {
		t.Fatalf("contents(%d): cap %d", maxLists, cap(long))
	}
	if next := b.contents(1); cap(next) != 1 {
		t.Fatalf("after a long list: cap %d", cap(next))
	}
}

// TestOutputHandsOutOrCopies checks what Encode hands out: the writer's
// buffer itself when it has at most a quarter to spare, else a copy; in
// both cases with no room to append into, so the caller shares nothing.
func TestOutputHandsOutOrCopies(t *testing.T) {
	for _, c := range []struct {
		len, cap int
		same     bool
	}{
		{100, 100, true},
		{100, 125, true},
		{100, 126, false},
		{100, 1 << 20, false},
		{0, 0, true},
		{0, 8, false},
	} {
		w := &writer{buf: make([]byte, c.len, c.cap)}
		for i := range w.buf {
			w.buf[i] = byte(i)
		}
		out := w.output()
		if len(out) != c.len || cap(out) != c.len || !bytes.Equal(out, w.buf) {
			t.Errorf("len %d, cap %d: output of len %d, cap %d", c.len, c.cap, len(out), cap(out))
		}
		same := c.len > 0 && &out[0] == &w.buf[0]
		if c.len > 0 && same != c.same {
			t.Errorf("len %d, cap %d: the buffer itself %v, want %v", c.len, c.cap, same, c.same)
		}
	}
}

// TestLoweringSharesPointers: a lowering builder lowers a pointer once and
// gives every place it stands the node built the first time, settled as
// Plain leaves it, so that Plain side by side never writes to it. Values
// that are not pointers (a typed map, which cannot be a map key) and nil
// pointers are lowered where they stand.
func TestLoweringSharesPointers(t *testing.T) {
	type item struct{ name string }
	type names map[string]string
	calls := map[any]int{}
	lower := func(v any) (any, error) {
		switch v := v.(type) {
		case *item:
			calls[v]++
			if v == nil {
				return nil, nil
			}
			return map[string]any{"name": v.name, "enabled": "on"}, nil
		case names:
			calls["names"]++
			out := map[string]any{}
			for k, x := range v {
				out[k] = x
			}
			return out, nil
		}
		return nil, fmt.Errorf("no lowering for %T", v)
	}
	p, q := &item{"p"}, &item{"q"}
	var none *item
	tags := names{"team": "api"}
	b := NewLoweringBuilder(lower)
	root := b.Node(map[string]any{"list": []any{p, q, p, none, none, tags, tags}})
	if err := b.Err(); err != nil {
		t.Fatal(err)
	}
	if calls[p] != 1 || calls[q] != 1 || calls["names"] != 2 {
		t.Errorf("lower calls: p %d, q %d, names %d; want 1, 1, 2", calls[p], calls[q], calls["names"])
	}
	list := Value(root, "list").Content
	if list[0] != list[2] {
		t.Error("the pointer met twice got two nodes")
	}
	if list[0] == list[1] || list[3] == list[4] || list[5] == list[6] {
		t.Error("values that are not the same pointer share a node")
	}
	if on := Value(list[0], "enabled"); on.Style != yaml.DoubleQuotedStyle {
		t.Errorf("the shared node is not settled as Plain leaves it: style %v", on.Style)
	}
	if on := Value(list[1], "enabled"); on.Style != 0 {
		t.Errorf("a node used once was settled early: style %v", on.Style)
	}
	Plain(root)
	out, err := Encode(root)
	if err != nil {
		t.Fatal(err)
	}
	want := `list:
  - enabled: "on"
    name: p
  - enabled: "on"
    name: q
  - enabled: "on"
    name: p
  - null
  - null
  - team: api
  - team: api
`
	if string(out) != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
}

// TestBufferForFitsTheText: the room Encode makes its buffer with holds the
// text of every golden template and document, with at most a quarter to
// spare, so that the buffer is handed out as it is (see output) and never
// grown a quarter at a time on the way.
func TestBufferForFitsTheText(t *testing.T) {
	files, err := filepath.Glob("../../golden/*/*.yaml")
	if err != nil || len(files) < 20 {
		t.Fatalf("golden files: %d, %v", len(files), err)
	}
	for _, f := range files {
		if filepath.Base(f) == "blueprint.yaml" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		root, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		Plain(root)
		text, err := Encode(root)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if room := bufferFor(root, 0); room < len(text) || room-len(text) > len(text)/4 {
			t.Errorf("%s: room for %d bytes, for a text of %d", f, room, len(text))
		}
	}
}

// TestStringAndNumberAreNode: String and Number build what Node builds for
// the same string or number, expansion included.
func TestStringAndNumberAreNode(t *testing.T) {
	expand := func(s string) (any, bool) {
		if name, ok := strings.CutPrefix(s, "ref:"); ok {
			return map[string]any{"Ref": name}, true
		}
		return nil, false
	}
	encode := func(n *yaml.Node) string {
		Plain(n)
		out, err := Encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{SharedKey("v"), n}})
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	for _, s := range []string{"", "x", "on", "80", "ref:Cluster", "a: b", "line\nbreak"} {
		b := NewBuilder(expand)
		if got, want := encode(b.String(s)), encode(b.Node(s)); got != want {
			t.Errorf("String(%q) = %q, Node = %q", s, got, want)
		}
	}
	for _, f := range []float64{0, 1, -1, 80, 1.5, 1e15, 1e21, -0.0, 123456789012} {
		b := NewBuilder(nil)
		if got, want := encode(b.Number(f)), encode(b.Node(f)); got != want {
			t.Errorf("Number(%v) = %q, Node = %q", f, got, want)
		}
	}
}
