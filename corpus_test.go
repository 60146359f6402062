package ecsgate_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
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

// Hostile values, in groups so that every field receives one of each: what
// a user (or an attacker with write access to a Blueprint) may put in any
// text field.
var (
	// hostileSyntax is template and YAML syntax that must stay text.
	hostileSyntax = []string{
		"${X}", "${AWS::Region}", "${!Literal}", "https://${AWS::Region}.example.com", "${AWS::Region", "!Ref X", "!GetAtt X.Y",
		`{"Ref": "X"}`, `{"Fn::Sub": "x"}`, "{{resolve:ssm:/x}}", "&anchor", "*alias", "%TAG", "? q", "- dash", ": colon", "key: value", "[list]", "{map}",
	}
	// hostileTypes are texts YAML 1.1 (or a careless writer) would read as
	// another type.
	hostileTypes = []string{
		"yes", "no", "on", "off", "y", "n", "true", "False", "~", "null", "1:30", "190:20:30", "0x1F", "0o17", "017", "1e3", "-.inf", ".NaN", "2001-12-14", "", "1_000",
	}
	// hostileCharacters are blanks, quotes, indicators, Unicode and control
	// characters.
	hostileCharacters = []string{
		" leading", "trailing ", "\ttab", "two\nlines", "line\r\nbreak", `say "hi"`, "it's", `back\slash`, "# comment", "a #b", "@at", "`tick`",
		"Ünïcödé", "日本語", "emoji 🚀", "\u200fright-to-left\u200e", "\u00a0nbsp", "\u2028separator", "nul\x00byte", "bell\x07", "esc\x1b[0m", "del\x7f",
		"<script>alert(1)</script>", "../../etc/passwd", "a,b", "x=y&z", "café", "100%", "a\\b",
	}
	// hostileEncoded are goformation's encodings of intrinsic functions
	// (base64 of their JSON): text that a renderer expanding strings by
	// their shape would turn into !Ref AWS::Region, a GetAtt of a resource
	// of the template, another stack's export or a Sub. Each must arrive as
	// the text it is, or be refused.
	hostileEncoded = []string{
		"eyJSZWYiOiJBV1M6OlJlZ2lvbiJ9",                                 // {"Ref":"AWS::Region"}
		"eyAiUmVmIjogIkNsdXN0ZXIiIH0=",                                 // { "Ref": "Cluster" }
		"eyAiRm46OkdldEF0dCIgOiBbICJDbHVzdGVyIiwgIkFybiIgXSB9",         // { "Fn::GetAtt" : [ "Cluster", "Arn" ] }
		"eyAiRm46OkltcG9ydFZhbHVlIjogIm90aGVyLXN0YWNrLVNlY3JldCIgfQ==", // { "Fn::ImportValue": "other-stack-Secret" }
		"eyAiRm46OlN1YiIgOiAiJHtBV1M6OkFjY291bnRJZH0iIH0=",             // { "Fn::Sub" : "${AWS::AccountId}" }
		"eyAiRm46OkpvaW4iOiBbICIsIiwgWyAiYSIsICJiIiBdIF0gfQ==",         // { "Fn::Join": [ ",", [ "a", "b" ] ] }
	}
	// hostileLimits are the lengths AWS limits texts to, and one past each.
	hostileLimits = []int{32, 40, 63, 64, 128, 255, 256, 512, 1011, 1024, 2048, 4096}
	// hostileNumbers are written as plain YAML scalars into number fields.
	hostileNumbers = []string{
		"-1", "0", "1", "65536", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e3", "0x1F", "0o17",
		"1_000", "1.5", "~", "yes", `"80"`, ".inf", "[]", "{}",
	}
)

// mutationsPerField is how many Blueprints the corpus writes for each
// number field of the inventory; a text field gets a syntax, a type, a
// character, a length at a limit and one past it, and an encoded function.
const mutationsPerField = 5

// corpusEntry is one mutated Blueprint.
type corpusEntry struct {
	name    string // base Blueprint and mutation
	field   string // the inventory field mutated
	path    string // the field path mutated
	value   string // what was written there
	number  bool   // a number field, written as a plain scalar
	handled blueprint.Handling
	source  []byte
}

// corpusBases are the Blueprints the corpus mutates: the goldens, and the
// bases in testdata/corpus that hold the fields no golden uses (an existing
// VPC, an NLB with a created certificate...).
func corpusBases(t *testing.T) map[string]*yaml.Node {
	t.Helper()
	bases := map[string]*yaml.Node{}
	for _, dir := range goldenDirs(t) {
		if filepath.Base(dir) == "scale-nested" {
			continue // its services all alike; the others cover its fields
		}
		bases[filepath.Base(dir)] = readNode(t, filepath.Join(dir, "blueprint.yaml"))
	}
	extra, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range extra {
		bases[strings.TrimSuffix(filepath.Base(f), ".yaml")] = readNode(t, f)
	}
	return bases
}

// site is one place of a base Blueprint that holds an inventory field.
type site struct {
	base, path string
	key        bool
}

// hostileCorpus mutates the bases, seeded: for every field of the inventory
// it writes mutationsPerField Blueprints, each with one hostile value in one
// place that holds the field (rotating over those places). It fails when a
// field of the inventory appears in no base.
func hostileCorpus(t *testing.T) []corpusEntry {
	t.Helper()
	bases := corpusBases(t)
	sites := map[string][]site{}
	for _, name := range slices.Sorted(maps.Keys(bases)) {
		walkFields(bases[name], reflect.TypeOf(blueprint.Blueprint{}), "", "", func(path, field string, key bool) {
			sites[field] = append(sites[field], site{name, path, key})
		})
	}
	numbers := map[string]bool{}
	for _, f := range blueprint.FieldPaths() {
		numbers[f.Path] = f.Number
	}
	r := rand.New(rand.NewPCG(10, 2026))
	var corpus []corpusEntry
	for _, f := range blueprint.Inventory {
		places := sites[f.Path]
		if len(places) == 0 {
			t.Errorf("inventory field %s is in no corpus base: add it to a Blueprint in testdata/corpus", f.Path)
			continue
		}
		for i, value := range hostileFor(r, numbers[f.Path]) {
			s := places[(i+r.IntN(len(places)))%len(places)]
			root := cloneNode(bases[s.base])
			n := nodeAt(root, s.path, s.key)
			if numbers[f.Path] && !s.key {
				// A number goes in as YAML reads it, so that the value and
				// not its type is what is hostile.
				var parsed yaml.Node
				if err := yaml.Unmarshal([]byte(value), &parsed); err != nil || len(parsed.Content) != 1 {
					t.Fatalf("hostile number %q: %v", value, err)
				}
				*n = *parsed.Content[0]
			} else {
				n.Kind, n.Content, n.Value, n.Tag, n.Style = yaml.ScalarNode, nil, value, "!!str", yaml.DoubleQuotedStyle
			}
			data, err := yaml.Marshal(root)
			if err != nil {
				t.Fatal(err)
			}
			corpus = append(corpus, corpusEntry{
				name: fmt.Sprintf("%04d-%s", len(corpus), s.base), field: f.Path, path: s.path, value: value,
				number: numbers[f.Path] && !s.key, handled: f.Handling, source: data,
			})
		}
	}
	return corpus
}

// hostileFor draws the values one field receives.
func hostileFor(r *rand.Rand, number bool) []string {
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	if number {
		values := make([]string, 0, mutationsPerField)
		for len(values) < mutationsPerField {
			if v := pick(hostileNumbers); !slices.Contains(values, v) {
				values = append(values, v)
			}
		}
		return values
	}
	limit := hostileLimits[r.IntN(len(hostileLimits))]
	letter := string(rune('a' + r.IntN(26)))
	return []string{pick(hostileSyntax), pick(hostileTypes), pick(hostileCharacters), strings.Repeat(letter, limit), strings.Repeat(letter, limit+1), pick(hostileEncoded)}
}

// walkFields calls fn for every scalar of a Blueprint document that holds a
// field of the model (and every key of its mappings, which are fields too:
// tag keys, variable names), with its path and its inventory pattern. The
// document is walked along the model's types, so the pattern is the one
// blueprint.FieldPaths gives.
func walkFields(n *yaml.Node, t reflect.Type, path, pattern string, fn func(path, pattern string, key bool)) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	join := func(base, name string) string {
		if base == "" {
			return name
		}
		return base + "." + name
	}
	switch {
	case n.Kind == yaml.ScalarNode && (t.Kind() == reflect.String || t.Kind() == reflect.Int || t.Kind() == reflect.Float64):
		fn(path, pattern, false)
	case n.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice:
		for i, c := range n.Content {
			walkFields(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), pattern+"[]", fn)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Map:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := join(path, n.Content[i].Value)
			fn(p, pattern+"{}", true)
			walkFields(n.Content[i+1], t.Elem(), p, pattern+".*", fn)
		}
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			for j := range t.NumField() {
				if name, _, _ := strings.Cut(t.Field(j).Tag.Get("yaml"), ","); name == key {
					walkFields(n.Content[i+1], t.Field(j).Type, join(path, key), join(pattern, key), fn)
				}
			}
		}
	}
}

// nodeAt finds the scalar (or, with key, the key) at a path walkFields gave.
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
// with positioned problems, or renders, and then every text it was given
// arrives in the output as written (no YAML type, no template function, no
// quoting changes it). With -corpus-out the renders are written for CI.
func TestHostileCorpus(t *testing.T) {
	rendered, refused := 0, 0
	fields := map[string]bool{}
	for _, e := range hostileCorpus(t) {
		fields[e.field] = true
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
				if p.File == "" || p.Line == 0 || p.Message == "" || p.Fix == "" {
					t.Errorf("%s (%s = %q): problem without a position or a fix: %s", e.name, e.path, e.value, p)
				}
			}
			continue
		case err != nil:
			t.Errorf("%s (%s = %q): %v", e.name, e.path, e.value, err)
			continue
		}
		rendered++
		checkAPIDocuments(t, files)
		// A number arrives as the number YAML reads; a value that steers
		// gen lands nowhere.
		if !e.number && e.handled != blueprint.Unrendered && !arrives(t, files, e.value) {
			t.Errorf("%s: %s = %q rendered, but the value is nowhere in the output as written", e.name, e.path, e.value)
		}
		if *corpusOut != "" {
			writeCorpus(t, filepath.Join(*corpusOut, e.name), e, files)
		}
	}
	t.Logf("hostile corpus: %d Blueprints over %d inventory fields, %d rendered, %d refused with positioned problems", rendered+refused, len(fields), rendered, refused)
	if len(fields) != len(blueprint.Inventory) {
		t.Errorf("the corpus covers %d of the %d inventory fields", len(fields), len(blueprint.Inventory))
	}
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
		if f.Name == ecsgate.DiagramFile {
			continue // a drawing: names, not the values as written
		}
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
		// A JSON object in a text (a secret's fields) holds the values
		// JSON-encoded.
		var object map[string]any
		if strings.HasPrefix(n.Value, "{") && json.Unmarshal([]byte(n.Value), &object) == nil {
			for k, v := range object {
				fn(k)
				if s, ok := v.(string); ok {
					fn(s)
				}
			}
		}
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
