package blueprint

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestPatternsWithoutTheirExpressions checks the checks that stand in for
// expensive regular expressions against the expressions: the image tag's
// length bound, the characters of tags and of literal path parts.
func TestPatternsWithoutTheirExpressions(t *testing.T) {
	tag, chars, literal := regexp.MustCompile(TagPattern), regexp.MustCompile(tagCharsPattern), regexp.MustCompile(literalSegmentPattern)
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", "0", "_", ".", "-", ":", "/", "=", "+", "@", " ", "~", "{", "}", "\u00a0", "\u2028", "é", "日", "٣", "Ⅻ", "#", "$", "\n", "\xff", "🚀"}
	texts := []string{"", strings.Repeat("a", 128), strings.Repeat("a", 129), "_" + strings.Repeat(".", 127), "." + strings.Repeat("a", 10)}
	for range 50000 {
		var b strings.Builder
		for range r.IntN(10) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if r.IntN(20) == 0 {
			b.WriteString(strings.Repeat("x", 120+r.IntN(16)))
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := tagPattern.MatchString(s), tag.MatchString(s); got != want {
			t.Errorf("image tag %q: %v, TagPattern says %v", s, got, want)
		}
		if got, want := isTagText(s), chars.MatchString(s); got != want {
			t.Errorf("tag text %q: %v, %s says %v", s, got, tagCharsPattern, want)
		}
		if got, want := isLiteralSegment(s), literal.MatchString(s); got != want {
			t.Errorf("path part %q: %v, %s says %v", s, got, literalSegmentPattern, want)
		}
	}
}
