package shellword

import "testing"

// TestQuote: a word no shell splits or expands stays as it is; any other
// is quoted so that the shell reads it back as written.
func TestQuote(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"out", "out"},
		{"NODE_ENV=production", "NODE_ENV=production"},
		{"my out", "'my out'"},
		{"", "''"},
		{"$HOME", "'$HOME'"},
		{"it's", `'it'\''s'`},
		{"a;rm -rf /", "'a;rm -rf /'"},
	} {
		if got := Quote(c.in); got != c.want {
			t.Errorf("Quote(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestInDoubleQuotes: text between double quotes stays text: the shell
// neither expands nor ends the quotes on it.
func TestInDoubleQuotes(t *testing.T) {
	for text, want := range map[string]string{
		"photos/":     "photos/",
		`a"b`:         `a\"b`,
		"$HOME/`x`\\": "\\$HOME/\\`x\\`\\\\",
	} {
		if got := InDoubleQuotes(text); got != want {
			t.Errorf("InDoubleQuotes(%q) = %q, want %q", text, got, want)
		}
	}
}
