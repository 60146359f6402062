package render

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestJSONStringAsEncodingJSON checks the Deployment hash's writer of
// strings against json.Marshal: ASCII that needs no escape, quotes,
// backslashes, HTML characters, control characters, line separators,
// other Unicode and invalid UTF-8, short and longer than a piece.
func TestJSONStringAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "Z", "/", " ", `"`, `\`, "<", ">", "&", "\n", "\t", "\x00", "\x7f", "é", "日", "\u2028", "\u2029", "🚀", "\xff", "\xe2\x80"}
	texts := []string{"", "plain text", strings.Repeat("x", 1<<17), strings.Repeat("é<", 1<<16)}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(20) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		var got bytes.Buffer
		writeJSONString(&got, s)
		want, _ := json.Marshal(s)
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("%q: wrote %s, json.Marshal %s", s, got.Bytes(), want)
		}
	}
}
