package ecsgate_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

const envGolden = "golden/environments"

// sectionDiff lists, for one section of two templates, the entries only in
// a, only in b, and in both but different.
func sectionDiff(a, b map[string]any) (onlyA, onlyB, changed []string) {
	for id, x := range a {
		y, ok := b[id]
		switch {
		case !ok:
			onlyA = append(onlyA, id)
		case !reflect.DeepEqual(x, y):
			changed = append(changed, id)
		}
	}
	for id := range b {
		if _, ok := a[id]; !ok {
			onlyB = append(onlyB, id)
		}
	}
	slices.Sort(onlyA)
	slices.Sort(onlyB)
	slices.Sort(changed)
	return
}

// TestEnvironmentsDifferAsOverlaysSay compares the golden dev and prod
// templates resource by resource: every difference is one the prod overlay
// writes (NAT per AZ, host names and certificate, sizes, count, autoscaling
// and the running-tasks alarms that follow them, log retention, an
// environment value, the Ulimits override), and dev, whose
// overlay is empty, is the base.
func TestEnvironmentsDifferAsOverlaysSay(t *testing.T) {
	dev := readYAML(t, filepath.Join(envGolden, "dev", ecsgate.TemplateFile))
	prod := readYAML(t, filepath.Join(envGolden, "prod", ecsgate.TemplateFile))
	section := func(doc map[string]any, name string) map[string]any {
		m, _ := doc[name].(map[string]any)
		return m
	}
	for _, c := range []struct {
		section                  string
		onlyDev, onlyProd, chang []string
	}{
		{"Resources",
			[]string{"AlbRecordDevShopExampleCom"}, // hostnames
			[]string{"AlbRecordShopExampleCom", "AlbRecordWwwShopExampleCom", "NatEip2", "NatGateway2", "WebCpuScalingPolicy", "WebScalableTarget"},
			// The running-tasks alarms follow each service's desired count
			// (prod's orders count, web's autoscaling minimum).
			[]string{"AlbCertificate", "OrdersLogGroup", "OrdersService", "OrdersServiceRunningTasksAlarm", "OrdersTaskDefinition", "PrivateDefaultRoute2", "WebLogGroup", "WebService", "WebServiceRunningTasksAlarm", "WebTaskDefinition"}},
		{"Outputs", nil, nil, []string{"AlbCertificateArn", "AlbUrl"}},
		{"Parameters", nil, nil, nil},
	} {
		onlyDev, onlyProd, changed := sectionDiff(section(dev, c.section), section(prod, c.section))
		if !reflect.DeepEqual(onlyDev, c.onlyDev) || !reflect.DeepEqual(onlyProd, c.onlyProd) || !reflect.DeepEqual(changed, c.chang) {
			t.Errorf("%s: only in dev %v, only in prod %v, changed %v", c.section, onlyDev, onlyProd, changed)
		}
	}
	// The changed resources differ in what the overlay says, property by
	// property.
	props := func(doc map[string]any, id string) map[string]any {
		return section(doc, "Resources")[id].(map[string]any)["Properties"].(map[string]any)
	}
	container := func(doc map[string]any, id string) map[string]any {
		return props(doc, id)["ContainerDefinitions"].([]any)[0].(map[string]any)
	}
	for _, c := range []struct {
		what string
		get  func(doc map[string]any) any
		prod any
	}{
		{"orders cpu", func(d map[string]any) any { return props(d, "OrdersTaskDefinition")["Cpu"] }, "1024"},
		{"orders memory", func(d map[string]any) any { return props(d, "OrdersTaskDefinition")["Memory"] }, "2048"},
		{"web cpu", func(d map[string]any) any { return props(d, "WebTaskDefinition")["Cpu"] }, "512"},
		{"orders count", func(d map[string]any) any { return props(d, "OrdersService")["DesiredCount"] }, 3},
		{"web count (autoscaling owns it)", func(d map[string]any) any { return props(d, "WebService")["DesiredCount"] }, nil},
		{"log retention", func(d map[string]any) any { return props(d, "WebLogGroup")["RetentionInDays"] }, 365},
		{"certificate", func(d map[string]any) any { return props(d, "AlbCertificate")["DomainName"] }, "shop.example.com"},
		{"ulimits override", func(d map[string]any) any { return container(d, "OrdersTaskDefinition")["Ulimits"] },
			[]any{map[string]any{"Name": "nofile", "SoftLimit": 65536, "HardLimit": 65536}}},
	} {
		devValue, prodValue := c.get(dev), c.get(prod)
		if fmt.Sprint(prodValue) != fmt.Sprint(c.prod) || fmt.Sprint(devValue) == fmt.Sprint(prodValue) {
			t.Errorf("%s: dev %v, prod %v, want prod %v", c.what, devValue, prodValue, c.prod)
		}
	}
	// An empty overlay renders the base.
	b, err := ecsgate.Load(filepath.Join(envGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	base, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	// The environment's template says which environment it is (gen diff
	// reads it), and is otherwise the base's.
	want, _ := os.ReadFile(filepath.Join(envGolden, "dev", ecsgate.TemplateFile))
	marker := "Metadata:\n  ecsgate:\n    environment: dev\n"
	if !bytes.Contains(want, []byte(marker)) || !bytes.Equal(base[0].Data, bytes.Replace(want, []byte(marker), nil, 1)) {
		t.Error("dev (an empty overlay) differs from the base but in its environment's name")
	}
}

// TestOverrides: a path that does not exist, and a removal that leaves a
// reference dangling, are refused with the override's position (and both
// names); a nested stack's template is patched by its file name.
func TestOverrides(t *testing.T) {
	source, err := os.ReadFile("golden/private-api/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	render := func(extra string) (string, []ecsgate.File) {
		src := string(source) + "\n" + extra
		b, err := blueprint.Read("bp.yaml", []byte(src))
		if err != nil {
			return err.Error(), nil
		}
		files, err := ecsgate.Render(b)
		if err != nil {
			return err.Error(), nil
		}
		return "", files
	}
	line := func(extra, at string) int {
		src := string(source) + "\n" + extra
		return strings.Count(src[:strings.Index(src, at)], "\n") + 1
	}
	for _, c := range []struct{ name, extra, at, want string }{
		{"missing path", "overrides:\n  - op: replace\n    path: /Resources/ApiService/Properties/Nope\n    value: 1\n", "path: /Resources/ApiService", "overrides[0].path: replace /Resources/ApiService/Properties/Nope cannot be applied to template.yaml: /Resources/ApiService/Properties has no key \"Nope\" (point path at a key or index that exists in template.yaml (for add, its parent must exist); logical IDs are those of the rendered file)"},
		{"a logical ID misspelt", "overrides:\n  - op: replace\n    path: /Resources/ApiServce/Properties/DesiredCount\n    value: 1\n", "path: /Resources/ApiServce", `overrides[0].path: replace /Resources/ApiServce/Properties/DesiredCount cannot be applied to template.yaml: /Resources has no key "ApiServce" (did you mean "ApiService"?)`},
		{"an item added to a list that is not there", "overrides:\n  - op: add\n    path: /Resources/ApiService/Properties/Nopes/-\n    value: 1\n", "path: /Resources/ApiService", `overrides[0].path: add /Resources/ApiService/Properties/Nopes/- cannot be applied to template.yaml: /Resources/ApiService/Properties has no key "Nopes" (add the list itself, with the item in it: op: add, path: /Resources/ApiService/Properties/Nopes, value: [ITEM])`},
		{"an index past a list's end", "overrides:\n  - op: replace\n    path: /Resources/ApiTaskDefinition/Properties/ContainerDefinitions/9/Image\n    value: x\n", "path: /Resources/ApiTaskDefinition", `overrides[0].path: replace /Resources/ApiTaskDefinition/Properties/ContainerDefinitions/9/Image cannot be applied to template.yaml: /Resources/ApiTaskDefinition/Properties/ContainerDefinitions has no index 9 (its indexes are 0 to 1)`},
		{"missing resource", "overrides:\n  - op: remove\n    path: /Resources/Nope\n", "path: /Resources/Nope", "overrides[0].path: remove /Resources/Nope cannot be applied"},
		{"failed test", "overrides:\n  - op: test\n    path: /Resources/ApiService/Type\n    value: AWS::ECS::TaskSet\n", "path: /Resources/ApiService/Type", "the value there differs"},
		{"dangling reference", "overrides:\n  - op: remove\n    path: /Resources/ApiTaskDefinition\n", "- op: remove", "overrides[0]: after the overrides, resource ApiService in template.yaml refers to ApiTaskDefinition (Ref), which template.yaml does not have"},
		{"api document path", "apiOverrides:\n  - op: replace\n    path: /paths/~1nope/get\n    value: {}\n", "path: /paths/~1nope", "apiOverrides[0].path: replace /paths/~1nope/get cannot be applied to openapi.yaml"},
		{"invalid api document", "apiOverrides:\n  - op: add\n    path: /paths/~1extra\n    value: {get: {operationId: extra}}\n", "apiOverrides:", "apiOverrides: after the apiOverrides, openapi.yaml is not valid OpenAPI: invalid paths: invalid path /extra: invalid operation GET: value of responses must be an object"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _ := render(c.extra)
			want := fmt.Sprintf("bp.yaml:%d:", line(c.extra, c.at))
			if !strings.Contains(got, want) || !strings.Contains(got, c.want) || strings.Count(got, "\n") != 0 {
				t.Errorf("got:\n%s\nwant one problem at %s ...%s", got, want, c.want)
			}
		})
	}
	// Fn::Sub's own variables name nothing in the template: a variable
	// named like a resource is not a reference to it (the cycle check
	// refused this as "Cluster -> Cluster").
	got, files := render("overrides:\n  - op: add\n    path: /Resources/Cluster/Properties/Tags\n    value: [{Key: team, Value: {\"Fn::Sub\": [\"${Cluster}-x\", {Cluster: abc}]}}]\n")
	if got != "" {
		t.Fatalf("an Fn::Sub with its own variable Cluster is refused: %s", got)
	}
	if !bytes.Contains(files[0].Data, []byte("Value: !Sub\n            - ${Cluster}-x\n            - Cluster: abc\n")) {
		t.Errorf("the tag is not in the template:\n%s", files[0].Data)
	}
	// A nested stack's template, by its file name; the value is laid out
	// like the rest (short-form intrinsics, key order).
	got, files = render("stacks: nested\noverrides:\n  - op: add\n    path: /Resources/ApiService/Properties/Tags/-\n    value: {Key: owner, Value: {\"Fn::Sub\": \"${AWS::StackName}-team\"}}\n    template: stacks/api.yaml\n")
	if got != "" {
		t.Fatal(got)
	}
	found := false
	for _, f := range files {
		if f.Name == "stacks/api.yaml" {
			found = true
			if !bytes.Contains(f.Data, []byte("        - Key: owner\n          Value: !Sub ${AWS::StackName}-team\n")) {
				t.Errorf("the nested stack's template lacks the tag:\n%s", f.Data)
			}
		}
	}
	if !found {
		t.Error("no stacks/api.yaml rendered")
	}
	// The docs' policy on a service's task role, which gen leaves without
	// one: the application's own calls to AWS (what the fix for taskRole
	// points to).
	got, files = render("overrides:\n  - op: add\n    path: /Resources/ApiTaskRole/Properties/Policies\n    value:\n      - PolicyName: uploads\n        PolicyDocument:\n          Version: \"2012-10-17\"\n          Statement:\n            - {Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: \"arn:aws:s3:::orders-uploads/*\"}\n")
	if got != "" {
		t.Fatal(got)
	}
	if !bytes.Contains(files[0].Data, []byte("      Policies:\n        - PolicyDocument:\n")) || !bytes.Contains(files[0].Data, []byte("          PolicyName: uploads\n")) {
		t.Errorf("the task role has no policy:\n%s", files[0].Data)
	}
}
