package jsonptr

import (
	"encoding/json"
	"testing"
)

func TestGet(t *testing.T) {
	var doc any
	if err := json.Unmarshal([]byte(`{"a": {"b/c": [1, {"d~e": "x"}]}, "s": "t"}`), &doc); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pointer string
		want    any
		ok      bool
	}{
		{"/s", "t", true},
		{"/a/b~1c/1/d~0e", "x", true},
		{"/a/b~1c/0", float64(1), true},
		{"/a/b~1c/2", nil, false},
		{"/a/missing/x", nil, false},
		{"/s/x", nil, false},
		{"s", nil, false},
	} {
		got, ok := Get(doc, c.pointer)
		if ok != c.ok || got != c.want && c.ok {
			t.Errorf("Get(%q) = %v, %v; want %v, %v", c.pointer, got, ok, c.want, c.ok)
		}
	}
	if String(doc, "/a/b~1c/1/d~0e") != "x" || Map(doc, "/a") == nil || len(List(doc, "/a/b~1c")) != 2 || len(Maps(doc, "/a/b~1c")) != 1 {
		t.Error("typed accessors")
	}
	if Map(doc, "/s") != nil || List(doc, "/nope") != nil || String(doc, "/a") != "" {
		t.Error("a wrong type or a missing value is not the zero value")
	}
	if Escape("a/b~c") != "a~1b~0c" {
		t.Error("Escape")
	}
}

// TestMissing: the walk stops at the first token the document has no entry
// for, and names the value it stopped at.
func TestMissing(t *testing.T) {
	doc := map[string]any{"Resources": map[string]any{"Web": map[string]any{"Type": "x"}, "a/b": []any{1.0}}}
	for _, c := range []struct {
		pointer, parent, token string
		ok                     bool
	}{
		{"/Resources/Wbe/Type", "/Resources", "Wbe", true},
		{"/Resources/Web/Type/x", "/Resources/Web/Type", "x", true},
		{"/Resources/a~1b/3", "/Resources/a~1b", "3", true},
		{"/Nope", "", "Nope", true},
		{"/Resources/Web/Type", "", "", false},
		{"", "", "", false},
		{"Resources", "", "", false},
	} {
		parent, _, token, ok := Missing(doc, c.pointer)
		if parent != c.parent || token != c.token || ok != c.ok {
			t.Errorf("Missing(%q) = %q, %q, %v; want %q, %q, %v", c.pointer, parent, token, ok, c.parent, c.token, c.ok)
		}
	}
}
