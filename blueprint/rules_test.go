package blueprint

import (
	"errors"
	"strings"
	"testing"
)

// ruleCase is one row of a validation table: replace old by new in a valid
// base Blueprint and expect a problem at path, reported on the first line
// containing at, whose message or fix contains message. A row with an empty
// path expects no problem at all.
type ruleCase struct {
	name     string
	old, new string
	path     string
	at       string
	message  string
}

// checkRules runs a validation table against base, which must itself be valid.
func checkRules(t *testing.T, base string, cases []ruleCase) {
	t.Helper()
	if _, err := Read("base.yaml", []byte(base)); err != nil {
		t.Fatalf("the base Blueprint is invalid:\n%v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.old) {
				t.Fatalf("base has no %q", c.old)
			}
			src := strings.Replace(base, c.old, c.new, 1)
			_, err := Read("case.yaml", []byte(src))
			if c.path == "" {
				if err != nil {
					t.Fatalf("want no problem, got:\n%v", err)
				}
				return
			}
			var problems Problems
			if !errors.As(err, &problems) {
				t.Fatalf("want problems, got %v", err)
			}
			if !strings.Contains(src, c.at) {
				t.Fatalf("case has no %q", c.at)
			}
			line := strings.Count(src[:strings.Index(src, c.at)], "\n") + 1
			for _, p := range problems {
				if p.Path == c.path && strings.Contains(p.Message+" ("+p.Fix+")", c.message) {
					if p.Line != line || p.File != "case.yaml" {
						t.Errorf("reported at %s:%d, want line %d (%q)", p.File, p.Line, line, c.at)
					}
					if p.Fix == "" {
						t.Errorf("problem has no fix: %s", p)
					}
					return
				}
			}
			t.Errorf("want %s: ...%s..., got:\n%v", c.path, c.message, err)
		})
	}
}
