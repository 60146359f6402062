package blueprint

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// schemaProbe holds one of everything a schema default describes, for
// ApplyDefaults to fill.
const schemaProbe = `name: probe
network: {vpc: {cidr: 10.9.0.0/16}}
ingress:
  nlb: {certificate: {domain: nlb.example.com}}
  alb: {}
  albs: [{id: more}]
services:
  - name: web
    containers:
      - name: app
        dependsOn: [{container: x}]
        secrets: {A: {parameter: /x}}
    egress: [{cidr: 10.0.0.0/8, port: 443}]
    queue: {}
api:
  routes: [{path: /, method: GET, service: web}]
cdn: {}
waf: {}
pipeline: {}
parameters: {create: [{name: x, value: y}]}
overrides: [{op: remove, path: /Outputs/X}]
buckets: [{name: b, cors: {origins: ["*"]}}]
`

// TestSchemaDefaultsAreTheDefaults: every default the schema states is the
// value ApplyDefaults gives the field, so the two cannot drift apart.
func TestSchemaDefaultsAreTheDefaults(t *testing.T) {
	b, err := Parse("probe.yaml", []byte(schemaProbe))
	if err != nil {
		t.Fatal(err)
	}
	b.ApplyDefaults()
	checked := 0
	for path, h := range schemaHints {
		if h.def == nil {
			continue
		}
		v := reflect.ValueOf(b).Elem()
		for _, part := range strings.Split(path, ".") {
			name, list := strings.CutSuffix(part, "[]")
			v = field(v, name)
			if list && v.IsValid() {
				if v.Len() == 0 {
					t.Fatalf("%s: the probe has no entry", path)
				}
				v = v.Index(0)
			}
		}
		for v.IsValid() && v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if !v.IsValid() || fmt.Sprint(v.Interface()) != fmt.Sprint(h.def) {
			t.Errorf("%s: the schema says %v, ApplyDefaults gives %v", path, h.def, v)
		}
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d defaults checked", checked)
	}
}

// field returns the struct field with the YAML name, through pointers.
func field(v reflect.Value, name string) reflect.Value {
	for v.IsValid() && v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Struct {
		return reflect.Value{}
	}
	if i, ok := yamlFields(v.Type())[name]; ok {
		return v.Field(i)
	}
	return reflect.Value{}
}
