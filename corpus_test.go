package ecsgate_test

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

// corpusOut makes TestHostileCorpus write what it rendered, one folder per
// Blueprint, for CI's cfn-lint and openapi-spec-validator.
var corpusOut = flag.String("corpus-out", "", "write the hostile corpus's renders into this folder")

// hostileValues are what a user (or an attacker with write access to a
// Blueprint) may put in any text field: template syntax, YAML 1.1 types,
// blanks, quotes, indicators, Unicode, control characters, long texts.
var hostileValues = []string{
	"${X}", "${AWS::Region}", "${!Literal}", "!Ref X", `{"Ref": "X"}`, "{{resolve:ssm:/x}}",
	"yes", "no", "on", "off", "y", "n", "true", "False", "~", "null", "1:30", "190:20:30", "0x1F", "0o17", "1e3", "-.inf", ".NaN",
	"2001-12-14", " leading", "trailing ", "\ttab", "two\nlines", "line\r\nbreak", `say "hi"`, "it's", `back\slash`,
	"# comment", "a #b", "&anchor", "*alias", "%TAG", "@at", "`tick`", "- dash", "? q", ": colon", "key: value", "[list]", "{map}",
	"Ünïcödé", "日本語", "emoji 🚀", "\u200fright-to-left\u200e", "\u00a0nbsp", "\u2028separator", "nul\x00byte", "bell\x07", "esc\x1b[0m",
	"<script>alert(1)</script>", "../../etc/passwd", "a,b", "x=y&z", "café", "",
	strings.Repeat("a", 32), strings.Repeat("a", 33), strings.Repeat("b", 63), strings.Repeat("b", 64), strings.Repeat("c", 128), strings.Repeat("c", 129),
	strings.Repeat("d", 255), strings.Repeat("d", 256), strings.Repeat("e", 1024), strings.Repeat("e", 1025), strings.Repeat("f", 4096), strings.Repeat("f", 4097),
}

// corpusSize is how many Blueprints the corpus holds.
const corpusSize = 400

// corpusEntry is one mutated golden Blueprint.
type corpusEntry struct {
	name   string // golden example and mutation
	path   string // the field path mutated
	value  string // what was written there
	source []byte
}

// hostileCorpus mutates the golden Blueprints, seeded: each entry writes one
// hostile value into one text field (a value, or a key of a mapping) of one
// golden Blueprint. Every string field of every golden is reached.
func hostileCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	type site struct {
		dir, path string
		key       bool
	}
	var sites []site
	roots := map[string]*yaml.Node{}
	for _, dir := range goldenDirs(t) {
		if filepath.Base(dir) == "scale-nested" {
			continue // its services all alike; the others cover its fields
		}
		root := readNode(t, filepath.Join(dir, "blueprint.yaml"))
		roots[dir] = root
		walkScalars(root, "", func(path string, key bool) { sites = append(sites, site{dir, path, key}) })
	}
	r := rand.New(rand.NewPCG(10, 2026))
	var corpus []corpusEntry
	for i := range corpusSize {
		s := sites[i%len(sites)] // every site at least once
		if i >= len(sites) {
			s = sites[r.IntN(len(sites))]
		}
		value := hostileValues[r.IntN(len(hostileValues))]
		root := cloneNode(roots[s.dir])
		n := nodeAt(root, s.path, s.key)
		n.Value, n.Tag, n.Style = value, "!!str", yaml.DoubleQuotedStyle
		data, err := yaml.Marshal(root)
		if err != nil {
			t.Fatal(err)
		}
		corpus = append(corpus, corpusEntry{name: fmt.Sprintf("%03d-%s", i, filepath.Base(s.dir)), path: s.path, value: value, source: data})
	}
	return corpus
}

// walkScalars calls fn for every scalar of a Blueprint document (values, and
// the keys of mappings that hold user names: tags, environment, fields).
func walkScalars(n *yaml.Node, path string, fn func(path string, key bool)) {
	switch n.Kind {
	case yaml.ScalarNode:
		fn(path, false)
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walkScalars(c, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case yaml.MappingNode:
		userKeys := slices.Contains([]string{"tags", "environment", "fields", "secrets", "quotas"}, lastField(path))
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if path != "" {
				p = path + "." + p
			}
			if userKeys {
				fn(p, true)
			}
			walkScalars(n.Content[i+1], p, fn)
		}
	}
}

func lastField(path string) string {
	if i := strings.LastIndexAny(path, ".]"); i >= 0 {
		return path[i+1:]
	}
	return path
}

// nodeAt finds the scalar (or, with key, the key) at a path walkScalars gave.
func nodeAt(root *yaml.Node, path string, key bool) *yaml.Node {
	var found *yaml.Node
	var walk func(n *yaml.Node, p string)
	walk = func(n *yaml.Node, p string) {
		switch n.Kind {
		case yaml.ScalarNode:
			if p == path && !key {
				found = n
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s[%d]", p, i))
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				q := n.Content[i].Value
				if p != "" {
					q = p + "." + q
				}
				if q == path && key {
					found = n.Content[i]
				}
				walk(n.Content[i+1], q)
			}
		}
	}
	walk(root, "")
	return found
}

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = cloneNode(x)
	}
	return &c
}

// TestHostileCorpus renders every Blueprint of the corpus: each is refused
// with positioned problems, or renders, and then every value it was given
// arrives in the output as written (no YAML type, no template function, no
// quoting changes it). With -corpus-out the renders are written for CI.
func TestHostileCorpus(t *testing.T) {
	rendered, refused := 0, 0
	for _, e := range hostileCorpus(t) {
		b, err := blueprint.Read(e.name+".yaml", e.source)
		var files []ecsgate.File
		if err == nil {
			files, err = ecsgate.Render(b)
		}
		var problems blueprint.Problems
		switch {
		case errors.As(err, &problems):
			refused++
			for _, p := range problems {
				if p.File == "" || p.Line == 0 || p.Message == "" {
					t.Errorf("%s (%s = %q): problem without a position: %s", e.name, e.path, e.value, p)
				}
			}
			continue
		case err != nil:
			t.Errorf("%s (%s = %q): %v", e.name, e.path, e.value, err)
			continue
		}
		rendered++
		if !arrives(t, files, e.value) {
			t.Errorf("%s: %s = %q rendered, but the value is nowhere in the output as written", e.name, e.path, e.value)
		}
		if *corpusOut != "" {
			writeCorpus(t, filepath.Join(*corpusOut, e.name), e, files)
		}
	}
	t.Logf("hostile corpus: %d Blueprints, %d rendered, %d refused with positioned problems", rendered+refused, rendered, refused)
	if rendered == 0 || refused == 0 {
		t.Errorf("%d rendered, %d refused: the corpus proves nothing", rendered, refused)
	}
}

// arrives reports whether value is one of the output's texts, or part of one,
// once YAML is parsed and CloudFormation's Fn::Join (how ecsgate writes text
// holding "${") is joined. A value that names only stack values through
// Fn::Sub arrives as the Fn::Sub template.
func arrives(t *testing.T, files []ecsgate.File, value string) bool {
	t.Helper()
	if strings.TrimSpace(value) == "" {
		return true // an empty or blank value is refused or has no place to land
	}
	literal := strings.ReplaceAll(value, "${!", "${")
	for _, f := range files {
		var root yaml.Node
		if err := yaml.Unmarshal(f.Data, &root); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		found := false
		texts(&root, func(s string) {
			found = found || strings.Contains(s, value) || strings.Contains(s, literal)
		})
		if found {
			return true
		}
	}
	return false
}

// texts calls fn with every text of a parsed document, Fn::Join written
// out.
func texts(n *yaml.Node, fn func(string)) {
	if n.Tag == "!Join" && len(n.Content) == 2 && n.Content[1].Kind == yaml.SequenceNode {
		var parts []string
		for _, p := range n.Content[1].Content {
			parts = append(parts, p.Value)
		}
		fn(strings.Join(parts, n.Content[0].Value))
		return
	}
	if n.Kind == yaml.ScalarNode {
		fn(n.Value)
	}
	for _, c := range n.Content {
		texts(c, fn)
	}
}

func writeCorpus(t *testing.T, dir string, e corpusEntry, files []ecsgate.File) {
	t.Helper()
	for _, f := range append(files, ecsgate.File{Name: "blueprint.yaml", Data: e.source}) {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
