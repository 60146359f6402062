package ecsgate_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
)

// TestDocsPages checks the links gen's messages and the schema give: each
// page named under blueprint.DocsBase is a file under docs/, and no message
// or example names a page as docs/NAME.md, a path that means nothing beside a gen
// installed with go install.
func TestDocsPages(t *testing.T) {
	pages := docsConstants(t)
	if len(pages) == 0 {
		t.Fatal("blueprint/docs.go declares no page")
	}
	for name, page := range pages {
		if _, err := os.Stat(filepath.Join("docs", page)); err != nil {
			t.Errorf("blueprint.%s links to docs/%s, which does not exist", name, page)
		}
	}

	schema, err := os.ReadFile("schema/blueprint.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	linked := regexp.MustCompile(regexp.QuoteMeta(blueprint.DocsBase)+`([a-z-]+\.md)`).FindAllSubmatch(schema, -1)
	if len(linked) == 0 {
		t.Error("the schema links to no page, where its descriptions name docs/api.md and others")
	}
	for _, m := range linked {
		if _, err := os.Stat(filepath.Join("docs", string(m[1]))); err != nil {
			t.Errorf("the schema links to docs/%s, which does not exist", m[1])
		}
	}
	if relative := regexp.MustCompile(`[^/]docs/[a-z-]+\.md`).Find(schema); relative != nil {
		t.Errorf("the schema names %q, not its link", relative[1:])
	}

	examples, err := filepath.Glob("golden/*/blueprint.yaml")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no example Blueprints (%v)", err)
	}
	for _, example := range examples { // gen example prints them, comments and all
		text, err := os.ReadFile(example)
		if err != nil {
			t.Fatal(err)
		}
		if relative := regexp.MustCompile(`(^|[^/])docs/[a-z-]+\.md`).Find(text); relative != nil {
			t.Errorf("%s names %q, not its link", example, relative)
		}
	}

	for file, lit := range relativeDocsInStrings(t) {
		t.Errorf("%s: the string %s names a page by its path in a clone; use blueprint's Docs constants", file, lit)
	}
}

// docsConstants maps each constant of blueprint/docs.go written as
// DocsBase + "page.md" to its page.
func docsConstants(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "blueprint/docs.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Values) != 1 {
			return true
		}
		sum, ok := spec.Values[0].(*ast.BinaryExpr)
		if !ok {
			return true
		}
		if base, ok := sum.X.(*ast.Ident); !ok || base.Name != "DocsBase" {
			return true
		}
		if lit, ok := sum.Y.(*ast.BasicLit); ok {
			page, _ := strconv.Unquote(lit.Value)
			pages[spec.Names[0].Name] = page
		}
		return true
	})
	return pages
}

// relativeDocsInStrings finds, in every Go source file but tests, the string
// literals that name docs/NAME.md: text a user would read.
func relativeDocsInStrings(t *testing.T) map[string]string {
	t.Helper()
	relative := regexp.MustCompile(`(^|[^/])docs/[a-z-]+\.md`)
	found := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && relative.MatchString(lit.Value) {
				found[fset.Position(lit.Pos()).String()] = lit.Value
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
