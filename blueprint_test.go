package ecsgate_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/golden"
	"github.com/ecsgate/ecsgate/internal/scale"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// goldenDirs lists golden/*/ folders that hold a blueprint.yaml.
func goldenDirs(t testing.TB) []string {
	t.Helper()
	dirs, err := filepath.Glob("golden/*/blueprint.yaml")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden examples found: %v", err)
	}
	for i, d := range dirs {
		dirs[i] = filepath.Dir(d)
	}
	return dirs
}

// TestGolden renders every golden Blueprint and compares each output file byte
// for byte with the one stored beside it. go test -update rewrites them.
func TestGolden(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			files, err := ecsgate.RenderFile(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			for _, f := range files {
				path := filepath.Join(dir, f.Name)
				if *golden.Update {
					if err := os.WriteFile(path, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./... -update to create it)", err)
				}
				if !bytes.Equal(f.Data, want) {
					t.Errorf("%s differs from the rendered output (run go test ./... -update after checking the change):\n%s", path, firstDiff(want, f.Data))
				}
			}
		})
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, wl, gl)
		}
	}
	return "(lengths differ)"
}

// TestDeterministic renders every example repeatedly; the bytes never change.
func TestDeterministic(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		first, err := ecsgate.RenderFile(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for range 20 {
			again, err := ecsgate.RenderFile(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			for i := range first {
				if !bytes.Equal(first[i].Data, again[i].Data) {
					t.Fatalf("%s: %s differs between two renders", dir, first[i].Name)
				}
			}
		}
	}
}

// TestMapOrderDoesNotMatter builds the same Blueprint in Go with its maps
// filled in different orders and expects identical templates.
func TestMapOrderDoesNotMatter(t *testing.T) {
	keys := []string{"ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL"}
	build := func(order []string) []byte {
		b := &blueprint.Blueprint{
			Name: "maps",
			Tags: map[string]string{},
			Services: []blueprint.Service{{
				Name: "web", CPU: 256, Memory: 512,
				Containers: []blueprint.Container{{
					Name: "app", Port: 8080,
					Image:       blueprint.Image{URI: "public.ecr.aws/nginx/nginx:1.27"},
					Environment: map[string]string{},
				}},
			}},
		}
		for _, k := range order {
			b.Tags[strings.ToLower(k)] = k
			b.Services[0].Containers[0].Environment[k] = strings.ToLower(k)
		}
		files, err := ecsgate.Render(b)
		if err != nil {
			t.Fatal(err)
		}
		return files[0].Data
	}
	want := build(keys)
	reversed := slices.Clone(keys)
	slices.Reverse(reversed)
	shuffled := []string{"ECHO", "ALPHA", "HOTEL", "CHARLIE", "GOLF", "BRAVO", "FOXTROT", "DELTA"}
	for _, order := range [][]string{reversed, shuffled} {
		if got := build(order); !bytes.Equal(got, want) {
			t.Fatalf("map order changed the template:\n%s", firstDiff(want, got))
		}
	}
}

// TestAddingServiceKeepsLogicalIDs adds a second service to each example and
// checks every resource of the first keeps its logical ID and type.
func TestAddingServiceKeepsLogicalIDs(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			before := resourceTypes(t, render(t, b))
			b.Services = append(b.Services, blueprint.Service{
				Name: "extra", CPU: 512, Memory: 1024,
				Containers: []blueprint.Container{{Name: "worker", Image: blueprint.Image{Repository: "extra/worker", Tag: "1"}}},
			})
			after := resourceTypes(t, render(t, b))
			for id, typ := range before {
				if after[id] != typ {
					t.Errorf("resource %s (%s) is gone or changed type after adding a service", id, typ)
				}
			}
			if len(after) <= len(before) {
				t.Errorf("adding a service added no resources")
			}
		})
	}
}

func render(t *testing.T, b *blueprint.Blueprint) []byte {
	t.Helper()
	files, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	return files[0].Data
}

// resourceTypes maps each logical ID of a rendered template to its Type.
func resourceTypes(t *testing.T, template []byte) map[string]string {
	t.Helper()
	var doc struct {
		Resources map[string]struct {
			Type string `yaml:"Type"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(template, &doc); err != nil {
		t.Fatal(err)
	}
	types := map[string]string{}
	for id, r := range doc.Resources {
		types[id] = r.Type
	}
	return types
}

// TestReferencesResolve checks in every golden template that each Ref, GetAtt,
// DependsOn and Fn::Sub variable names a resource, parameter or pseudo parameter.
func TestReferencesResolve(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, ecsgate.TemplateFile))
			if err != nil {
				t.Fatal(err)
			}
			for _, problem := range unresolvedReferences(t, data) {
				t.Error(problem)
			}
		})
	}
}

// TestReferenceCheckerCatchesDanglingNames proves the checker above finds what
// it should, so a green TestReferencesResolve means something.
func TestReferenceCheckerCatchesDanglingNames(t *testing.T) {
	template := []byte(`Parameters:
  Tag: {Type: String, Description: x}
Resources:
  A:
    Type: AWS::SNS::Topic
    DependsOn: [Missing1]
    Properties:
      TopicName: !Sub "${Tag}-${Missing2}-${A.TopicName}-${!Literal}-${AWS::Region}"
      DisplayName: !Ref Missing3
      KmsMasterKeyId: !GetAtt Missing4.Arn
      Tags:
        - Key: k
          Value: !Sub ["${X}-${Missing5}", {X: !Ref Tag}]
`)
	got := strings.Join(unresolvedReferences(t, template), "\n")
	for _, name := range []string{"Missing1", "Missing2", "Missing3", "Missing4", "Missing5"} {
		if !strings.Contains(got, name) {
			t.Errorf("dangling %s not reported; got:\n%s", name, got)
		}
	}
	for _, name := range []string{"Literal", "Tag\n", "AWS::Region", "A.TopicName", "X}"} {
		if strings.Contains(got+"\n", name) {
			t.Errorf("%q wrongly reported; got:\n%s", name, got)
		}
	}
}

var subVariable = regexp.MustCompile(`\$\{([^!}][^}]*)\}`)

func unresolvedReferences(t *testing.T, data []byte) []string {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	doc := root.Content[0]
	known := map[string]bool{}
	resources := map[string]bool{}
	for _, section := range []string{"Parameters", "Resources"} {
		if n := yamlout.Value(doc, section); n != nil {
			for i := 0; i < len(n.Content); i += 2 {
				known[n.Content[i].Value] = true
				if section == "Resources" {
					resources[n.Content[i].Value] = true
				}
			}
		}
	}
	var problems []string
	name := func(ref string, line int, local map[string]bool) {
		base, _, _ := strings.Cut(ref, ".")
		if strings.HasPrefix(ref, "AWS::") || local[ref] || (known[base] && (ref == base || resources[base])) {
			return
		}
		problems = append(problems, fmt.Sprintf("line %d: %s does not resolve", line, ref))
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Tag {
		case "!Ref":
			name(n.Value, n.Line, nil)
		case "!GetAtt":
			base, _, _ := strings.Cut(n.Value, ".")
			if !resources[base] {
				problems = append(problems, fmt.Sprintf("line %d: GetAtt %s names no resource", n.Line, n.Value))
			}
		case "!Sub":
			text, local := n.Value, map[string]bool{}
			if n.Kind == yaml.SequenceNode {
				text = n.Content[0].Value
				for i := 0; i < len(n.Content[1].Content); i += 2 {
					local[n.Content[1].Content[i].Value] = true
				}
			}
			for _, m := range subVariable.FindAllStringSubmatch(text, -1) {
				name(m[1], n.Line, local)
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc)
	// DependsOn is a resource attribute; ECS container definitions have a
	// property of the same name that lists containers, not resources.
	if body := yamlout.Value(doc, "Resources"); body != nil {
		for i := 1; i < len(body.Content); i += 2 {
			deps := yamlout.Value(body.Content[i], "DependsOn")
			if deps == nil {
				continue
			}
			list := deps.Content
			if deps.Kind == yaml.ScalarNode {
				list = []*yaml.Node{deps}
			}
			for _, d := range list {
				if !resources[d.Value] {
					problems = append(problems, fmt.Sprintf("line %d: DependsOn %s names no resource", d.Line, d.Value))
				}
			}
		}
	}
	return problems
}

// TestTemplateLayout checks the conventions a reader relies on: sections in
// order, Type first in every resource, a Description on every Parameter and
// Output, 2-space indentation.
func TestTemplateLayout(t *testing.T) {
	order := []string{"AWSTemplateFormatVersion", "Description", "Parameters", "Conditions", "Resources", "Outputs"}
	for _, dir := range goldenDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, ecsgate.TemplateFile))
			if err != nil {
				t.Fatal(err)
			}
			var root yaml.Node
			if err := yaml.Unmarshal(data, &root); err != nil {
				t.Fatal(err)
			}
			doc := root.Content[0]
			last := -1
			for i := 0; i < len(doc.Content); i += 2 {
				pos := slices.Index(order, doc.Content[i].Value)
				if pos < 0 || pos < last {
					t.Errorf("section %s is unexpected or out of order", doc.Content[i].Value)
				}
				last = pos
			}
			for _, section := range []string{"Resources", "Parameters", "Outputs"} {
				body := yamlout.Value(doc, section)
				if body == nil {
					continue
				}
				for i := 0; i < len(body.Content); i += 2 {
					entry := body.Content[i+1]
					switch section {
					case "Resources":
						if entry.Content[0].Value != "Type" {
							t.Errorf("resource %s does not start with Type", body.Content[i].Value)
						}
					default:
						if d := yamlout.Value(entry, "Description"); d == nil || d.Value == "" {
							t.Errorf("%s %s has no Description", section, body.Content[i].Value)
						}
					}
				}
			}
			for i, line := range strings.Split(string(data), "\n") {
				indent := len(line) - len(strings.TrimLeft(line, " "))
				if indent%2 != 0 || strings.Contains(line, "\t") {
					t.Fatalf("line %d is not indented by multiples of 2 spaces: %q", i+1, line)
				}
			}
		})
	}
}

// BenchmarkRender measures Blueprint -> template bytes for each golden example,
// loading included.
func BenchmarkRender(b *testing.B) {
	for _, dir := range goldenDirs(b) {
		path := filepath.Join(dir, "blueprint.yaml")
		b.Run(filepath.Base(dir), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ecsgate.RenderFile(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRenderScale measures loading and rendering generated applications
// of 10, 50 and 200 services with 10 API routes each (nested stacks, an ALB
// every 100 services, the quotas they need raised): every output file, in
// memory.
func BenchmarkRenderScale(b *testing.B) {
	for _, n := range []int{10, 50, 200} {
		data := scale.Blueprint("scale", n, scale.MaxRoutes, "")
		b.Run(fmt.Sprintf("services=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bp, err := blueprint.Read("scale.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := ecsgate.Render(bp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzRender loads arbitrary Blueprints and renders the valid ones: whatever
// passes validation must render without panicking or failing, and render the
// same bytes twice.
func FuzzRender(f *testing.F) {
	for _, dir := range goldenDirs(f) {
		data, err := os.ReadFile(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := blueprint.Read("fuzz.yaml", data)
		if err != nil {
			return
		}
		first, err := ecsgate.Render(b)
		if err != nil {
			t.Fatalf("a valid Blueprint failed to render: %v", err)
		}
		again, err := ecsgate.Render(b)
		if err != nil || len(again) != len(first) {
			t.Fatalf("second render differs: %v", err)
		}
		for i := range first {
			if !bytes.Equal(first[i].Data, again[i].Data) {
				t.Fatalf("%s differs between renders", first[i].Name)
			}
		}
	})
}
