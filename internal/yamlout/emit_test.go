package yamlout

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// hostile are scalar values that exercise every decision of the writer:
// YAML 1.1 and 1.2 types, indicators, quotes, blanks, line breaks, control
// characters, Unicode, a BOM, long texts.
var hostile = []string{
	"", " ", "a", "true", "True", "off", "yes", "y", "~", "null", "Null", "1", "-1", "+1", "0x1F", "0o17", "0b101",
	"-0b101", "1_000", "1e3", "1.5", ".5", ".inf", "-.Inf", ".nan", "1:30", "2021-06-01", "2021-6-1 10:00:00",
	"2001-12-14t21:59:43.10-05:00", "<<", "-", "- a", "a -", "--- x", "...", "#x", "a #b", "a#b", ":x", "x:", "a: b",
	"a:b", "?", "? a", ",", "a,b", "[a]", "{a}", "&a", "*a", "!a", "|", ">", "'", "\"", "%", "@", "`", "a'b", "a\"b",
	"a\\b", "tab\there", "line\nbreak", "trailing\n", "\nleading", "two  spaces", "trailing ", " leading", "a \nb",
	"a\n b", "\x00", "\x07bell", "\x1b", "\u0085next", "\u00a0nbsp", "\u2028ls", "\u2029ps", "é", "日本語", "🚀",
	"\ufeffbom", "a\ufeffb", "\u200fRTL", "${AWS::Region}", "!Ref X", `{"Ref": "X"}`, "arn:aws:iam::123:role/x",
	"/api/*", "*", strings.Repeat("x", 129), strings.Repeat("long ", 40), "\xff\xfe",
}

var tags = []string{"", "!!str", "!!str", "!!str", "!!int", "!!float", "!!bool", "!!null", "!Ref", "!Sub", "!GetAtt", "!!binary", "tag:yaml.org,2002:str"}

var (
	seed  = flag.Uint64("seed", 1, "seed of TestFastWriterIsYAMLv3's random trees")
	trees = 20000
)

// randomNode builds a random tree of the shapes templates have, and others.
func randomNode(r *rand.Rand, depth int) *yaml.Node {
	if depth > 3 || r.IntN(3) == 0 {
		n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tags[r.IntN(len(tags))], Value: hostile[r.IntN(len(hostile))]}
		switch r.IntN(6) {
		case 0:
			n.Style = yaml.DoubleQuotedStyle
		case 1:
			n.Style = yaml.SingleQuotedStyle
		}
		if r.IntN(40) == 0 {
			n.Style = yaml.LiteralStyle
		}
		if r.IntN(60) == 0 {
			n.Anchor = "a"
		}
		return n
	}
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if r.IntN(2) == 0 {
		n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
		if r.IntN(3) == 0 {
			n.Tag = []string{"!Join", "!Select", "!Sub"}[r.IntN(3)]
		}
		if r.IntN(3) == 0 {
			n.Style = yaml.FlowStyle
		}
	}
	for range r.IntN(4) {
		if n.Kind == yaml.MappingNode {
			key := randomNode(r, 99)
			if r.IntN(4) > 0 {
				key = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprintf("K%d", r.IntN(100))}
			}
			n.Content = append(n.Content, key)
		}
		n.Content = append(n.Content, randomNode(r, depth+1))
	}
	return n
}

// encodeBoth writes root with the fast writer and with yaml.v3 alone.
func encodeBoth(root *yaml.Node) (fast, slow []byte, fastErr, slowErr error) {
	fast, fastErr = func() (out []byte, err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return Encode(root)
	}()
	slow, slowErr = func() (out []byte, err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("panic: %v", p)
			}
		}()
		return encode(root)
	}()
	return
}

// TestFastWriterIsYAMLv3 compares the writer with yaml.v3 on thousands of
// random trees built from hostile scalars: the bytes are the same, or both
// fail.
func TestFastWriterIsYAMLv3(t *testing.T) {
	r := rand.New(rand.NewPCG(*seed, 2))
	for i := range trees {
		root := randomNode(r, 0)
		if root.Kind != yaml.MappingNode {
			root = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "Root"}, root}}
		}
		fast, slow, fastErr, slowErr := encodeBoth(root)
		if (fastErr != nil) != (slowErr != nil) || !bytes.Equal(fast, slow) {
			t.Fatalf("tree %d: fast (%v):\n%s\nyaml.v3 (%v):\n%s", i, fastErr, fast, slowErr, slow)
		}
	}
}

// FuzzFastWriter: any scalar, as a key, a value, a sequence item or a flow
// item, with any standard style and tag, is written as yaml.v3 writes it.
func FuzzFastWriter(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, value string, shape uint8) {
		s := &yaml.Node{Kind: yaml.ScalarNode, Tag: tags[int(shape)%len(tags)], Value: value}
		if shape&0x10 != 0 {
			s.Style = yaml.DoubleQuotedStyle
		}
		str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
		root := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			str("Value"), s,
			s, str("key"),
			str("Items"), {Kind: yaml.SequenceNode, Content: []*yaml.Node{s, {Kind: yaml.MappingNode, Content: []*yaml.Node{str("k"), s}}}},
			str("Flow"), {Kind: yaml.SequenceNode, Tag: "!Select", Style: yaml.FlowStyle, Content: []*yaml.Node{s, str("0")}},
		}}
		fast, slow, fastErr, slowErr := encodeBoth(root)
		if (fastErr != nil) != (slowErr != nil) || !bytes.Equal(fast, slow) {
			t.Fatalf("%q: fast (%v):\n%s\nyaml.v3 (%v):\n%s", value, fastErr, fast, slowErr, slow)
		}
	})
}

// shortTexts are the hostile values and n random texts of up to 8 of the
// characters that decide how a scalar is written (indicators, blanks,
// breaks, quotes, letters that start YAML 1.1 bools, non-ASCII), drawn with
// the test seed and stream.
func shortTexts(stream uint64, n int) []string {
	r := rand.New(rand.NewPCG(*seed, stream))
	const alphabet = "aZyNo09/$_-.: ,?[]{}#\t\n'\"!&*|>%@`~\x7f\xc3\xa9"
	texts := slices.Clone(hostile)
	for range n {
		b := make([]byte, 1+r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	return texts
}

// TestAnalyzeSimpleAgrees checks the short road of analyze against the
// whole port of yaml.v3's analysis on every text it takes: the hostile
// values and random texts of the characters that decide it.
func TestAnalyzeSimpleAgrees(t *testing.T) {
	texts := shortTexts(2, 200000)
	took := 0
	for _, s := range texts {
		if s == "" {
			continue
		}
		if got, ok := analyzeSimple(s); ok {
			took++
			if want := analyzeFull(s); got != want {
				t.Fatalf("analyze(%q): short road %+v, yaml.v3's analysis %+v", s, got, want)
			}
		}
	}
	if took < len(texts)/10 {
		t.Fatalf("the short road took %d of %d texts: too few to test it", took, len(texts))
	}
}

// TestPlainTextAgrees checks the writer's short road for plain strings
// against scalar, for every text it takes, as a value, a flow item and a key.
func TestPlainTextAgrees(t *testing.T) {
	texts := append(shortTexts(3, 100000), strings.Repeat("a", 129))
	took := 0
	for _, s := range texts {
		for _, tag := range []string{"", "!!str"} {
			n := &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
			for _, c := range []struct{ flow, simpleKey bool }{{false, false}, {true, false}, {false, true}} {
				got, ok := plainText(n, c.flow, c.simpleKey)
				if !ok {
					continue
				}
				took++
				if want, err := scalar(n, c.flow, c.simpleKey); err != nil || got != want {
					t.Fatalf("%q (tag %q, flow %v, key %v): short road %q, scalar %q (%v)", s, tag, c.flow, c.simpleKey, got, want, err)
				}
			}
		}
	}
	if took < len(texts)/10 {
		t.Fatalf("the short road took %d texts: too few to test it", took)
	}
}

// TestShortFormTagAsTheExpression checks isShortFormTag against the
// expression it stands for.
func TestShortFormTagAsTheExpression(t *testing.T) {
	expr := regexp.MustCompile(shortFormTagPattern)
	texts := append(shortTexts(4, 50000), "!Ref", "!GetAtt", "!Sub", "!!str", "!", "!1a", "!a1", "Ref", "!Ré", "!Ref\n")
	for _, s := range texts {
		for _, tag := range []string{s, "!" + s} {
			if got, want := isShortFormTag(tag), expr.MatchString(tag); got != want {
				t.Fatalf("%q: %v, %s says %v", tag, got, shortFormTagPattern, want)
			}
		}
	}
}
