package blueprint

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameTree reports where two trees differ, or "": kind, style, tag, text,
// anchor, line and column of every node. Comments are not compared: the
// Blueprint's reader does not read them, and next to a cut they may hang
// on another node (see parseSplit).
func sameTree(a, b *yaml.Node, path string) string {
	switch {
	case a == nil || b == nil:
		if a != b {
			return path + ": one tree has no node"
		}
		return ""
	case a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor:
		return fmt.Sprintf("%s: %v %v %q %q against %v %v %q %q", path, a.Kind, a.Style, a.Tag, a.Value, b.Kind, b.Style, b.Tag, b.Value)
	case a.Line != b.Line || a.Column != b.Column:
		return fmt.Sprintf("%s (%q): at %d:%d against %d:%d", path, a.Value, a.Line, a.Column, b.Line, b.Column)
	case len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: %d children against %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// splitAgrees parses data in pieces (from any size) and whole, and
// reports whether it was split and how the trees differ.
func splitAgrees(t *testing.T, data []byte) (split bool, diff string) {
	t.Helper()
	got, split := parseSplitFrom(data, 0)
	if !split {
		return false, ""
	}
	want, err := parseWhole(data)
	if err != nil {
		return true, "split, but the whole document does not parse: " + err.Error()
	}
	return true, sameTree(got, want, "")
}

// withProcessors runs f with GOMAXPROCS n: the pieces are as many as the
// processors.
func withProcessors(n int, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(n))
	f()
}

// serviceTexts are services written in the ways YAML allows, each at
// indentation in (the column of its dash).
func serviceTexts(in string) []string {
	i := in + "  "
	return []string{
		in + "- name: plain\n" + i + "image: {repository: api/app, tag: \"1.0\"}\n" + i + "port: 8080\n",
		in + "-\n" + i + "name: on-the-next-line\n" + i + "cpu: 512\n",
		in + "- name: literal\n" + i + "command: |\n" + i + "  echo one\n\n" + i + "  echo two\n",
		in + "- name: kept\n" + i + "command: |+\n" + i + "  keep my line breaks\n\n\n",
		in + "- name: folded\n" + i + "description: >-\n" + i + "  folded\n" + i + "  text\n",
		in + "- name: indicated\n" + i + "script: |2\n" + i + "    indented more\n",
		in + "- name: \"double\n" + i + "  quoted over lines\"\n",
		in + "- name: 'single\n\n" + i + "  quoted'\n",
		in + "- name: flow\n" + i + "environment: [\n" + i + "  A, B,\n" + i + "  C]\n",
		in + "- name: plain over\n" + i + "  two lines\n",
		in + "# a comment before a service\n" + in + "- name: commented # and after\n" + i + "# inside\n" + i + "port: 80\n",
		in + "- name: nested\n" + i + "containers:\n" + i + "- name: app\n" + i + "  ports: [80]\n" + i + "-   name: side\n",
		in + "- name: merge\n" + i + "<<: {cpu: 256, memory: 512}\n",
		in + "- name: tagged\n" + i + "port: !!int 80\n" + i + "ref: !Ref Cluster\n",
		in + "- name: blank lines\n\n\n" + i + "port: 81\n",
		in + "-   name: wide\n" + in + "    port: 82\n",
		in + "- \n",
		in + "- [a, b]\n",
		in + "- just text\n",
		// empty values last in a service, which stand where the next
		// token does
		in + "- name: empty\n" + i + "image:\n",
		in + "- ? explicit\n",
		in + "- name: nested empty\n" + i + "containers:\n" + i + "- name:\n",
	}
}

// blueprintText is a document of n services drawn from serviceTexts, with
// text before and after them.
func blueprintText(r *rand.Rand, n int, in string, after string) []byte {
	var b strings.Builder
	b.WriteString("# yaml-language-server: $schema=x\nname: orders\ndescription: |\n  a text\n  services:\n  - not these\n")
	b.WriteString("services:   # the services\n")
	if r.IntN(2) == 0 {
		b.WriteString("# before the first\n\n")
	}
	texts := serviceTexts(in)
	for range n {
		b.WriteString(texts[r.IntN(len(texts))])
	}
	b.WriteString(after)
	return []byte(b.String())
}

// TestParseSplitAsWhole holds the tree parsed in pieces to the one yaml.v3
// parses from the whole document, for documents written in every way the
// services allow, with one to five pieces; each of them must be split, so
// that the test compares something.
func TestParseSplitAsWhole(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	afters := []string{
		"",
		"api:\n  stage: dev\n",
		"\n# trailing comment\n\napi: {stage: dev}\n",
		"x-defaults:\n  cpu: 256\n",
		"stacks: nested", // no final line break
	}
	for _, procs := range []int{2, 3, 5} {
		withProcessors(procs, func() {
			// A second long list, nested: the API's routes, at the key's
			// column and further in.
			routes := func(in string) string {
				var b strings.Builder
				b.WriteString("api:\n  stage: dev\n  routes: # the routes\n")
				for i := range 2*procs + r.IntN(30) {
					fmt.Fprintf(&b, "%s- path: /r%d/{id}\n%s  methods: [GET,\n%s    PUT]\n", in, i, in, in)
					if i%3 == 0 {
						fmt.Fprintf(&b, "%s  description: |+\n%s    kept\n\n", in, in)
					}
				}
				// The line after the routes is the API's next field.
				return b.String() + "  cors:\nstacks: nested\n"
			}
			for _, in := range []string{"", "  ", "    "} {
				for k, after := range append(afters, routes("  "), routes("    ")) {
					for round := range 20 {
						data := blueprintText(r, 2*procs+r.IntN(40), in, after)
						split, diff := splitAgrees(t, data)
						if !split {
							t.Fatalf("%d processors, indentation %q, ending %d, round %d: not split:\n%s", procs, in, k, round, data)
						}
						if diff != "" {
							t.Fatalf("%d processors, indentation %q, ending %d, round %d: %s\n%s", procs, in, k, round, diff, data)
						}
					}
				}
			}
		})
	}
}

// TestParseSplitLeavesWhole lists the documents that are parsed whole:
// those whose pieces could reach into each other, and those that do not
// parse in pieces to the items they should.
func TestParseSplitLeavesWhole(t *testing.T) {
	many := func(in, service string) string { return strings.Repeat(in+service, 8) }
	for _, c := range []struct{ name, doc string }{
		{"an anchor and its alias", "x-defaults: &d {cpu: 256}\nservices:\n" + many("", "- name: a\n  <<: *d\n")},
		{"an ampersand anywhere", "services:\n" + many("", "- name: a&b\n")},
		{"carriage returns", "services:\r\n" + many("", "- name: a\r\n")},
		{"a directive", "%YAML 1.2\n---\nservices:\n" + many("", "- name: a\n")},
		{"a document marker among the services", "services:\n" + many("", "- name: a\n") + "---\nname: b\n"},
		{"services in flow style", "services: [" + strings.Repeat("{name: a}, ", 8) + "]\n"},
		{"a quoted key", "\"services\":\n" + many("", "- name: a\n")},
		{"no plain key", "name: a\n? api\n:\n" + many("  ", "- name: a\n")},
		{"a key inside a literal text", "name: a\ndoc: |\n  routes:\n" + many("  ", "- name: a\n")},
		{"a quoted text across two services", "services:\n- name: \"a\n- name: b\"\n" + many("", "- name: a\n")},
		{"a flow list across two services", "services:\n- [a,\n- b]\n" + many("", "- name: a\n")},
		{"services: inside a quoted text", "name: \"a\nservices:\n- b\"\n" + many("", "- name: a\n")},
		{"a value for services and entries", "services: x\n" + many("", "- name: a\n")},
		{"too few services", "services:\n- name: a\n- name: b\n"},
		{"invalid UTF-8", "services:\n" + many("", "- name: \xff\n")},
	} {
		withProcessors(2, func() {
			split, diff := splitAgrees(t, []byte(c.doc))
			if split {
				t.Errorf("%s: split (differences: %q)", c.name, diff)
			}
		})
	}
}

// TestParseSplitsLargeBlueprints checks that the golden Blueprints parse
// as they do whole, and that a large one is split at its own threshold.
func TestParseSplitsLargeBlueprints(t *testing.T) {
	paths, err := filepath.Glob("../golden/*/blueprint.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden Blueprints: %v", err)
	}
	withProcessors(2, func() {
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, diff := splitAgrees(t, data); diff != "" {
				t.Errorf("%s: %s", path, diff)
			}
		}
		r := rand.New(rand.NewPCG(7, 8))
		var data []byte
		for len(data) < splitFrom {
			data = blueprintText(r, 2000, "  ", "api:\n  stage: dev\n")
		}
		got, split := parseSplit(data)
		if !split {
			t.Fatalf("a Blueprint of %d bytes is not split", len(data))
		}
		want, err := parseWhole(data)
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameTree(got, want, ""); diff != "" {
			t.Fatal(diff)
		}
		if _, split := parseSplit(data[:splitFrom/2]); split {
			t.Errorf("a Blueprint of %d bytes is split", splitFrom/2)
		}
	})
}

// FuzzParseSplit holds the split parse to the whole one on any text: when
// the text is split, both must give the same tree.
func FuzzParseSplit(f *testing.F) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, in := range []string{"", "  "} {
		f.Add(blueprintText(r, 6, in, "api:\n  stage: dev\n"))
	}
	for _, texts := range [][]string{serviceTexts(""), serviceTexts("  ")} {
		for _, s := range texts {
			f.Add([]byte("services:\n" + strings.Repeat(s, 4)))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		withProcessors(2, func() {
			if _, diff := splitAgrees(t, data); diff != "" {
				t.Fatalf("%s\n%q", diff, data)
			}
		})
	})
}

// TestLongestBlocks lists the sequences a document is split at: the
// longest block sequences under a plain key, never one inside another.
func TestLongestBlocks(t *testing.T) {
	entries := func(in string, n int, item string) string { return strings.Repeat(in+"- "+item+"\n", n) }
	for _, c := range []struct {
		name, doc string
		want      [][2]int // the key's line (0-based) and the number of entries, of each block
	}{
		{"services and routes", "name: a\nservices:\n" + entries("  ", 6, "name: s") + "api:\n  routes:\n" + entries("    ", 4, "path: /"),
			[][2]int{{1, 6}, {9, 4}}},
		{"a list inside a longer one", "services:\n" + strings.Repeat("- name: s\n  containers:\n"+entries("  ", 4, "name: c"), 5),
			[][2]int{{0, 5}}},
		{"too few entries", "services:\n" + entries("", 3, "name: s"), nil},
		{"at the key's column", "routes:\n" + entries("", 4, "x") + "stage: dev\n", [][2]int{{0, 4}}},
		{"a comment after the key", "routes:   # the routes\n" + entries("  ", 4, "x"), [][2]int{{0, 4}}},
		{"a key written together with #", "routes:#x\n" + entries("  ", 4, "x"), nil},
		{"a value after the key", "routes: x\n" + entries("  ", 4, "x"), nil},
		{"an entry's own key", "- routes:\n" + entries("  ", 4, "x"), nil},
		{"a quoted key", "'routes':\n" + entries("  ", 4, "x"), nil},
		{"entries less indented than the key", "api:\n  routes:\n" + entries("", 4, "x"), nil},
		{"a document marker inside", "routes:\n" + entries("", 2, "x") + "---\n" + entries("", 2, "x"), nil},
		{"blank and comment lines kept to the last entry", "routes:\n" + entries("", 4, "x") + "\n# done\n\nstage: dev\n", [][2]int{{0, 4}}},
	} {
		var got [][2]int
		for _, b := range longestBlocks(splitLines([]byte(c.doc)), 4) {
			got = append(got, [2]int{b.key, len(b.entries)})
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: blocks %v, want %v", c.name, got, c.want)
		}
	}
}
