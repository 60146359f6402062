// Package schemagen writes the Blueprint's JSON Schema from the model: the
// structure from the Go types (blueprint.JSONSchema), the descriptions from
// the doc comments of the blueprint package's source. go generate runs its
// command (internal/schemagen/cmd); a test keeps the committed file current.
package schemagen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"

	"github.com/ecsgate/ecsgate/blueprint"
)

// File is the committed schema, relative to the module root.
const File = "schema/blueprint.schema.json"

// Generate returns the schema, reading doc comments from the blueprint
// package's source in dir.
func Generate(dir string) ([]byte, error) {
	docs, err := DocComments(dir)
	if err != nil {
		return nil, err
	}
	return blueprint.JSONSchema(docs)
}

// DocComments maps "Type" and "Type.Field" to the doc comments of the
// exported struct types and fields of the Go files in dir (tests left out),
// each made one line.
func DocComments(dir string) (map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	docs := map[string]string{}
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.TYPE {
				continue
			}
			for _, spec := range gen.Specs {
				ts := spec.(*ast.TypeSpec)
				st, ok := ts.Type.(*ast.StructType)
				if !ok || !ts.Name.IsExported() {
					continue
				}
				doc := ts.Doc
				if doc == nil && len(gen.Specs) == 1 {
					doc = gen.Doc
				}
				docs[ts.Name.Name] = oneLine(doc)
				for _, field := range st.Fields.List {
					for _, name := range field.Names {
						if name.IsExported() {
							docs[ts.Name.Name+"."+name.Name] = oneLine(field.Doc)
						}
					}
				}
			}
		}
	}
	return docs, nil
}

// oneLine joins a comment's lines.
func oneLine(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.Join(strings.Fields(g.Text()), " ")
}
