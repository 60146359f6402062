package controls

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestFromNodeReadsCheckedTypes: a resource whose type a control checks
// carries its properties as plain values; any other carries its type and
// whether it has a Properties map, and nothing of them is converted.
func TestFromNodeReadsCheckedTypes(t *testing.T) {
	const checked = "AWS::ECS::Cluster" // CT.ECS.PR.5: Container Insights
	if !checkedTypes()[checked] || checkedTypes()["AWS::ApiGateway::RestApi"] {
		t.Fatal("the cases below assume ECS clusters are checked and REST APIs are not")
	}
	tests := []struct {
		name, template string
		want           map[string]Resource
	}{
		{"checked", `Resources: {C: {Type: ` + checked + `, Properties: {ClusterSettings: [{Name: containerInsights, Value: enabled}]}}}`,
			map[string]Resource{"C": {Type: checked, Properties: map[string]any{"ClusterSettings": []any{map[string]any{"Name": "containerInsights", "Value": "enabled"}}}}}},
		{"unchecked", `Resources: {Api: {Type: AWS::ApiGateway::RestApi, Properties: {Body: {openapi: 3.0.1}}}}`,
			map[string]Resource{"Api": {Type: "AWS::ApiGateway::RestApi"}}},
		{"bare, checked", `Resources: {C: {Type: ` + checked + `}}`,
			map[string]Resource{"C": {Type: checked, Bare: true}}},
		{"bare, unchecked", `Resources: {Api: {Type: AWS::ApiGateway::RestApi, Properties: null}}`,
			map[string]Resource{"Api": {Type: "AWS::ApiGateway::RestApi", Bare: true}}},
		{"properties an intrinsic function chooses", `Resources: {C: {Type: ` + checked + `, Properties: !If [On, {}, {}]}, Api: {Type: AWS::ApiGateway::RestApi, Properties: !If [On, {}, {}]}}`,
			map[string]Resource{"C": {Type: checked, Properties: map[string]any{"Fn::If": []any{"On", map[string]any{}, map[string]any{}}}}, "Api": {Type: "AWS::ApiGateway::RestApi"}}},
		{"through aliases", "X: &props {ClusterSettings: []}\nR: &res {C: {Type: " + checked + ", Properties: *props}}\nResources: *res",
			map[string]Resource{"C": {Type: checked, Properties: map[string]any{"ClusterSettings": []any{}}}}},
		{"the last of a repeated key", `Resources: {C: {Type: AWS::SNS::Topic, Type: ` + checked + `, Properties: {}}}`,
			map[string]Resource{"C": {Type: checked, Properties: map[string]any{}}}},
		{"a resource that is not a mapping", `Resources: {C: [a], D: !Ref X}`,
			map[string]Resource{"C": {Bare: true}, "D": {Bare: true}}},
		{"no resources", `Resources: !Ref X`, map[string]Resource{}},
		{"empty", ``, map[string]Resource{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.template))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Resources, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got.Resources, tt.want)
			}
		})
	}
}

// TestFromNodeAsEveryPropertyRead: on every golden template, FromNode reads
// each resource as converting the whole template would, and leaves out only
// the properties of types no control checks.
func TestFromNodeAsEveryPropertyRead(t *testing.T) {
	files, _ := filepath.Glob("../golden/*/*.yaml")
	nested, _ := filepath.Glob("../golden/*/stacks/*.yaml")
	files = append(files, nested...)
	resources, left := 0, 0
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		root, _ := plain(&doc).(map[string]any)
		all, ok := root["Resources"].(map[string]any)
		if !ok {
			continue // a Blueprint, the OpenAPI document
		}
		got := FromNode(&doc).Resources
		if len(got) != len(all) {
			t.Errorf("%s: %d resources, want %d", file, len(got), len(all))
		}
		for id, r := range all {
			typ, _ := text(mustGet(r, "Type"))
			props, ok := mustGet(r, "Properties").(map[string]any)
			want := Resource{Type: typ, Bare: !ok}
			if checkedTypes()[typ] {
				want.Properties = props
			} else if props != nil {
				left++
			}
			if !reflect.DeepEqual(got[id], want) {
				t.Errorf("%s: %s: got %#v, want %#v", file, id, got[id], want)
			}
			resources++
		}
	}
	if resources < 1000 || left < 100 {
		t.Errorf("only %d resources compared (%d with properties left out): the goldens have thousands", resources, left)
	}
}
