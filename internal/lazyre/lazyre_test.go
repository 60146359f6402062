package lazyre

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestLazy: nothing is compiled until first use, then every method answers
// as regexp's does, from any number of goroutines.
func TestLazy(t *testing.T) {
	compiled := 0
	r := New(`(\w+)-(\d+)`)
	inner := r.re
	r.re = func() *regexp.Regexp { compiled++; return inner() }
	_ = r.String()
	if compiled != 0 {
		t.Fatal("String compiled the expression")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if !r.MatchString("svc-42") {
				t.Error("no match")
			}
		})
	}
	wg.Wait()
	if got := r.FindStringSubmatch("a svc-42"); !slices.Equal(got, []string{"svc-42", "svc", "42"}) {
		t.Errorf("FindStringSubmatch: %q", got)
	}
	if got := r.ReplaceAllString("svc-42 db-7", "$2"); got != "42 7" {
		t.Errorf("ReplaceAllString: %q", got)
	}
	if got := r.Split("x svc-1 y", -1); !slices.Equal(got, []string{"x ", " y"}) {
		t.Errorf("Split: %q", got)
	}
	if r.String() != `(\w+)-(\d+)` {
		t.Errorf("String: %q", r.String())
	}
}

// TestInvalidPanicsOnUse: an invalid expression panics where it is first
// used, as regexp.MustCompile would.
func TestInvalidPanicsOnUse(t *testing.T) {
	r := New(`(`)
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	r.MatchString("x")
}

// TestNoExpressionCompiledAtStart: outside this package, the module's code
// compiles no regular expression with regexp.MustCompile, which package
// variables use to build theirs before main runs, for every command of gen
// alike. Tests may.
func TestNoExpressionCompiledAtStart(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || filepath.Base(filepath.Dir(path)) == "lazyre" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, "regexp.MustCompile(") {
				t.Errorf("%s:%d: regexp.MustCompile: use lazyre.New, compiled on first use", path, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
