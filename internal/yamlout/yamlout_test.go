package yamlout

import (
	"strings"
	"testing"
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
	n, _ := Parse([]byte(`{"c": 1, "a": 2, "b": 3, "Type": 4}`))
	OrderKeys(n, []string{"Type", "b"})
	Plain(n)
	out, _ := Encode(n)
	if got := strings.ReplaceAll(string(out), "\n", " "); got != "Type: 4 b: 3 c: 1 a: 2 " {
		t.Errorf("got %q", got)
	}
}
