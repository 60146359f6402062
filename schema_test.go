package ecsgate_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/golden"
	"github.com/ecsgate/ecsgate/internal/schemagen"
)

// TestSchemaIsCurrent: the committed schema is what the model generates
// (go generate ./... or go test ./... -update rewrites it).
func TestSchemaIsCurrent(t *testing.T) {
	want, err := schemagen.Generate("blueprint")
	if err != nil {
		t.Fatal(err)
	}
	if *golden.Update {
		if err := os.WriteFile(schemagen.File, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := ecsgate.Schema(); !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go generate ./... (or go test ./... -update)", schemagen.File)
	}
}

// compileSchema compiles the committed schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileSchemaAs(t, func(any) {})
}

// compileSchemaAs compiles the committed schema after change has changed
// its JSON value.
func compileSchemaAs(t *testing.T, change func(doc any)) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(ecsgate.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	change(doc)
	c := jsonschema.NewCompiler()
	if err := c.AddResource(blueprint.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(blueprint.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// instance reads YAML as the JSON value an editor validates.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return jsonValue(t, v)
}

// TestBlueprintsMatchTheSchema: every golden Blueprint and every corpus base
// gen accepts passes the schema, and begins with the line that tells
// yaml-language-server where the schema is.
func TestBlueprintsMatchTheSchema(t *testing.T) {
	s := compileSchema(t)
	files, _ := filepath.Glob("golden/*/blueprint.yaml")
	bases, _ := filepath.Glob("testdata/corpus/*.yaml")
	for _, f := range append(files, bases...) {
		if filepath.Base(f) == "refused-values.yaml" {
			continue // refused by gen on purpose
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(instance(t, data)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if strings.HasPrefix(f, "golden/") && !bytes.HasPrefix(data, []byte(blueprint.SchemaComment+"\n")) {
			t.Errorf("%s does not begin with %s", f, blueprint.SchemaComment)
		}
	}
}

// TestSchemaRefuses: an unknown key at any depth, a value of the wrong type,
// a value outside an enumeration and a missing required field fail the
// schema, as they fail gen validate.
func TestSchemaRefuses(t *testing.T) {
	s := compileSchema(t)
	base, err := os.ReadFile("golden/private-api/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, old, new string }{
		{"unknown top-level key", "name: orders\n", "name: orders\nnmae: x\n"},
		{"unknown nested key", "    cpu: 256\n", "    cpu: 256\n    cpus: 2\n"},
		{"wrong type", "    cpu: 256\n", "    cpu: lots\n"},
		{"outside an enumeration", "  stage: dev\n", "  stage: dev\n  backend: ftp\n"},
		{"missing required field", "    memory: 512\n", ""},
		{"bad environment name", "tags:\n", "environments: {Prod_1: {}}\ntags:\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(string(base), c.old, c.new, 1)
			if src == string(base) {
				t.Fatalf("no %q in the base", c.old)
			}
			if err := s.Validate(instance(t, []byte(src))); err == nil {
				t.Error("the schema accepts it")
			}
			if _, err := blueprint.Read("bp.yaml", []byte(src)); err == nil {
				t.Error("gen validate accepts it")
			}
		})
	}
}

// TestSchemaAllowsMergeKeysAndExtensions: top-level x-... holders of
// anchors and merge keys pass the schema, whether the editor resolves merges
// (as yaml.v3 does) or sees the << key itself; gen reads the same Blueprint.
func TestSchemaAllowsMergeKeysAndExtensions(t *testing.T) {
	s := compileSchema(t)
	src := `name: shop
x-size: &size {cpu: 256, memory: 512}
ingress: {nlb: {}}
services:
  - <<: *size
    name: web
    containers: [{name: app, image: {uri: "nginx:1.27"}, port: 80}]
    nlb: {}
`
	if err := s.Validate(instance(t, []byte(src))); err != nil {
		t.Errorf("merges resolved: %v", err)
	}
	unresolved := `{"name": "shop", "x-size": {"cpu": 256, "memory": 512}, "ingress": {"nlb": {}},
		"services": [{"<<": {"cpu": 256, "memory": 512}, "name": "web", "cpu": 256, "memory": 512,
		"containers": [{"name": "app", "image": {"uri": "nginx:1.27"}, "port": 80}], "nlb": {}}]}`
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(unresolved))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("merges as keys: %v", err)
	}
	if _, err := blueprint.Read("m.yaml", []byte(src)); err != nil {
		t.Errorf("gen refuses it: %v", err)
	}
}
