package ecsgate_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/controls"
	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/golden"
	"github.com/ecsgate/ecsgate/internal/scale"
	"github.com/ecsgate/ecsgate/internal/yamlout"
	"github.com/ecsgate/ecsgate/openapi"
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

// outputDirs lists the folders that hold a golden example's templates: the
// example's own, or one per environment for an example with environments.
func outputDirs(t testing.TB) []string {
	t.Helper()
	var dirs []string
	for _, dir := range goldenDirs(t) {
		if _, err := os.Stat(filepath.Join(dir, ecsgate.TemplateFile)); err == nil {
			dirs = append(dirs, dir)
			continue
		}
		envs, _ := filepath.Glob(filepath.Join(dir, "*", ecsgate.TemplateFile))
		if len(envs) == 0 {
			t.Fatalf("%s holds no template", dir)
		}
		for _, e := range envs {
			dirs = append(dirs, filepath.Dir(e))
		}
	}
	return dirs
}

// TestGolden renders every golden Blueprint and compares each output file byte
// for byte with the one stored beside it, and finds no other file there. go
// test -update rewrites them (and removes files no longer rendered).
func TestGolden(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			// An example with environments keeps each environment's files
			// in a folder of its own, as gen render --all-envs writes them.
			b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			files, err := ecsgate.RenderAll(b)
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			checkAPIDocuments(t, files)
			rendered := map[string]bool{"blueprint.yaml": true}
			for _, f := range files {
				rendered[f.Name] = true
				path := filepath.Join(dir, filepath.FromSlash(f.Name))
				if *golden.Update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
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
			filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && d.IsDir() && d.Name() == "design" {
					return fs.SkipDir // the example's inputs: the team's API document
				}
				if err != nil || d.IsDir() {
					return err
				}
				name, _ := filepath.Rel(dir, path)
				if rendered[filepath.ToSlash(name)] {
					return nil
				}
				if *golden.Update {
					return os.Remove(path)
				}
				t.Errorf("%s is not rendered any more (go test ./... -update removes it)", path)
				return nil
			})
		})
	}
}

// checkAPIDocuments validates every API document among files with
// kin-openapi. Render checks only what the apiOverrides change; that what
// ecsgate generates is valid OpenAPI is checked here, on the documents of
// every example, of the hostile corpus, of the fuzzers and of the large
// generated applications.
func checkAPIDocuments(t testing.TB, files []ecsgate.File) {
	t.Helper()
	for _, p := range invalidAPIDocuments(files) {
		t.Error(p)
	}
}

// invalidAPIDocuments says, one line each, which API documents among files
// kin-openapi refuses, and why.
func invalidAPIDocuments(files []ecsgate.File) []string {
	var invalid []string
	for _, f := range files {
		if path.Base(f.Name) != openapi.File {
			continue
		}
		root, err := yamlout.Parse(f.Data)
		if err == nil {
			err = blueprint.ValidateOpenAPINode(root)
		}
		if err != nil {
			invalid = append(invalid, fmt.Sprintf("%s is not valid OpenAPI: %v", f.Name, err))
		}
	}
	return invalid
}

// TestInvalidAPIDocuments: the tests' check of generated API documents
// passes a golden one, and refuses it with an operation's responses gone
// (wherever the file is, as an environment's folder holds it).
func TestInvalidAPIDocuments(t *testing.T) {
	data, err := os.ReadFile("golden/private-api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	good := []ecsgate.File{{Name: "template.yaml", Data: []byte("not: checked\n")}, {Name: "prod/openapi.yaml", Data: data}}
	if got := invalidAPIDocuments(good); len(got) != 0 {
		t.Fatalf("a golden document is refused: %v", got)
	}
	broken := bytes.Replace(data, []byte("      responses:\n"), []byte("      x-gone:\n"), 1)
	if bytes.Equal(broken, data) {
		t.Fatal("the golden document has no responses to remove")
	}
	got := invalidAPIDocuments([]ecsgate.File{{Name: "prod/openapi.yaml", Data: broken}})
	if len(got) != 1 || !strings.Contains(got[0], "prod/openapi.yaml is not valid OpenAPI") || !strings.Contains(got[0], "responses") {
		t.Errorf("an operation without responses: %v", got)
	}
}

// scaleGolden is the golden example of a large application: 64 services in
// nested stacks, an API with three routes over each, generated by package
// scale.
const scaleGolden = "golden/scale-nested"

// TestScaleGoldenIsGenerated keeps golden/scale-nested/blueprint.yaml what
// the generator writes (go test ./... -update rewrites it).
func TestScaleGoldenIsGenerated(t *testing.T) {
	want := scale.Blueprint("catalog", 64, 3, `A large application: 64 services in nested stacks (stacks: nested), each
behind an internal ALB by path, and an API with three routes over every one of
them, reaching the ALBs through a VPC link V2.
Written by package internal/scale (go test ./... -update rewrites it). It
needs no raised quota: the ALB's outbound rules go to the group every task
joins, one per port.`)
	path := filepath.Join(scaleGolden, "blueprint.yaml")
	if *golden.Update {
		if err := os.MkdirAll(scaleGolden, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s is not what package scale writes (go test ./... -update): %v", path, err)
	}
}

// goldenTemplates lists the CloudFormation templates of a golden example: its
// template.yaml and, with nested stacks, stacks/*.yaml.
func goldenTemplates(t testing.TB, dir string) []string {
	t.Helper()
	nested, err := filepath.Glob(filepath.Join(dir, ecsgate.StacksDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{filepath.Join(dir, ecsgate.TemplateFile)}, nested...)
}

// goldenResources merges the Resources of every template of a golden example
// (logical IDs are unique across its stacks).
func goldenResources(t *testing.T, dir string) map[string]any {
	t.Helper()
	all := map[string]any{}
	for _, path := range goldenTemplates(t, dir) {
		resources, _ := readYAML(t, path)["Resources"].(map[string]any)
		for id, res := range resources {
			if _, dup := all[id]; dup {
				t.Fatalf("%s: logical ID %s is also in another template", path, id)
			}
			all[id] = res
		}
	}
	return all
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

// TestSameOnEveryProcessorCount renders large applications (every part that
// works side by side past its threshold: resources, paths, stacks, links,
// controls) with one, two and eight processors and expects the same files
// and the same control findings, in the same order.
func TestSameOnEveryProcessorCount(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for name, data := range map[string][]byte{
		"public":      scale.PublicBlueprint("scale", 120, scale.MaxRoutes, ""),
		"vpc-link-v2": scale.Blueprint("scale", 120, 2, ""),
	} {
		t.Run(name, func(t *testing.T) {
			var first []ecsgate.File
			var firstFindings []controls.Finding
			for _, procs := range []int{1, 2, 8} {
				runtime.GOMAXPROCS(procs)
				bp, err := blueprint.Read("scale.yaml", data)
				if err != nil {
					t.Fatal(err)
				}
				files, err := ecsgate.Render(bp)
				if err != nil {
					t.Fatal(err)
				}
				findings, err := ecsgate.UnmetControls(files)
				if err != nil {
					t.Fatal(err)
				}
				if first == nil {
					first, firstFindings = files, findings
					checkAPIDocuments(t, files)
					continue
				}
				if len(files) != len(first) {
					t.Fatalf("%d processors: %d files, %d with one", procs, len(files), len(first))
				}
				for i := range first {
					if files[i].Name != first[i].Name || !bytes.Equal(files[i].Data, first[i].Data) {
						t.Fatalf("%d processors: %s differs from the render with one", procs, files[i].Name)
					}
				}
				if !reflect.DeepEqual(findings, firstFindings) {
					t.Fatalf("%d processors: the control findings differ from those with one", procs)
				}
			}
		})
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
				Containers: []blueprint.Container{{Name: "worker", Image: blueprint.Image{Repository: "extra/worker", Tag: "1"}, User: "1000"}},
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
//
// With nested stacks it checks each template on its own, then the links
// between them: every parameter a nested stack declares without a default is
// passed by the root, every parameter passed is declared, and every
// GetAtt Stack.Outputs.X names an output of that stack's template.
func TestReferencesResolve(t *testing.T) {
	nested := 0
	for _, dir := range outputDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			for _, path := range goldenTemplates(t, dir) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				for _, problem := range unresolvedReferences(t, data) {
					t.Errorf("%s: %s", path, problem)
				}
			}
			problems, stacks := crossStackReferences(t, dir)
			nested += stacks
			for _, problem := range problems {
				t.Error(problem)
			}
		})
	}
	if nested == 0 {
		t.Error("no golden example has nested stacks to check")
	}
}

// crossStackReferences checks the links between a golden example's root
// template and its nested stacks, and counts the stacks.
func crossStackReferences(t *testing.T, dir string) (problems []string, stacks int) {
	t.Helper()
	root := readNode(t, filepath.Join(dir, ecsgate.TemplateFile))
	outputs := map[string]map[string]bool{} // stack logical ID -> its outputs
	resources := yamlout.Value(root, "Resources")
	for i := 0; i+1 < len(resources.Content); i += 2 {
		stackID, res := resources.Content[i].Value, resources.Content[i+1]
		if yamlout.Value(res, "Type").Value != "AWS::CloudFormation::Stack" {
			continue
		}
		stacks++
		props := yamlout.Value(res, "Properties")
		url := yamlout.Value(props, "TemplateURL").Value
		nested := readNode(t, filepath.Join(dir, filepath.FromSlash(url)))
		passed := map[string]bool{}
		if p := yamlout.Value(props, "Parameters"); p != nil {
			for j := 0; j < len(p.Content); j += 2 {
				passed[p.Content[j].Value] = true
			}
		}
		declared := map[string]bool{}
		if p := yamlout.Value(nested, "Parameters"); p != nil {
			for j := 0; j+1 < len(p.Content); j += 2 {
				name := p.Content[j].Value
				declared[name] = true
				if !passed[name] && yamlout.Value(p.Content[j+1], "Default") == nil {
					problems = append(problems, fmt.Sprintf("%s: parameter %s of %s has no default and is not passed", stackID, name, url))
				}
			}
		}
		for name := range passed {
			if !declared[name] {
				problems = append(problems, fmt.Sprintf("%s: passes %s, which %s does not declare", stackID, name, url))
			}
		}
		outputs[stackID] = map[string]bool{}
		if o := yamlout.Value(nested, "Outputs"); o != nil {
			for j := 0; j < len(o.Content); j += 2 {
				outputs[stackID][o.Content[j].Value] = true
			}
		}
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Tag == "!GetAtt" {
			if stack, output, ok := strings.Cut(n.Value, ".Outputs."); ok {
				if outs, isStack := outputs[stack]; !isStack || !outs[output] {
					problems = append(problems, fmt.Sprintf("line %d: GetAtt %s names no output of a nested stack", n.Line, n.Value))
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return problems, stacks
}

// readNode parses a YAML file into its root node.
func readNode(t *testing.T, path string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Content[0]
}

// TestCrossStackCheckerCatchesBrokenLinks proves the checker above finds a
// parameter not passed, one passed but not declared, and a missing output.
func TestCrossStackCheckerCatchesBrokenLinks(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "stacks"), 0o755)
	os.WriteFile(filepath.Join(dir, "template.yaml"), []byte(`Resources:
  WebStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: stacks/web.yaml
      Parameters:
        Cluster: !Ref Cluster
        Stray: x
  Other:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !GetAtt WebStack.Outputs.Missing
`), 0o644)
	os.WriteFile(filepath.Join(dir, "stacks", "web.yaml"), []byte(`Parameters:
  Cluster: {Type: String}
  Vpc: {Type: String}
  Tag: {Type: String, Default: "1"}
Outputs:
  Name: {Value: x}
`), 0o644)
	problems, stacks := crossStackReferences(t, dir)
	got := strings.Join(problems, "\n")
	for _, want := range []string{"parameter Vpc", "passes Stray", "GetAtt WebStack.Outputs.Missing"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if stacks != 1 || len(problems) != 3 {
		t.Errorf("%d stacks, problems:\n%s", stacks, got)
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

// unresolvedReferences runs render's reference check, the one gen also runs
// on a template its overrides patched.
func unresolvedReferences(t *testing.T, data []byte) []string {
	t.Helper()
	problems, err := cfn.UnresolvedReferences(data)
	if err != nil {
		t.Fatal(err)
	}
	return problems
}

// TestTemplateLayout checks the conventions a reader relies on: sections in
// order, Type first in every resource, a Description on every Parameter and
// Output, 2-space indentation.
func TestTemplateLayout(t *testing.T) {
	order := []string{"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Resources", "Outputs"}
	for _, dir := range outputDirs(t) {
		for _, path := range goldenTemplates(t, dir) {
			name, _ := filepath.Rel("golden", path)
			t.Run(name, func(t *testing.T) { checkLayout(t, path, order) })
		}
	}
}

// checkLayout checks the layout of one template file.
func checkLayout(t *testing.T, path string, order []string) {
	data, err := os.ReadFile(path)
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
// of 10, 20, 50, 100 and 200 services (nested stacks, an ALB every 100
// services, the quotas they need raised): every output file, in memory. The
// public ALBs' API has 10 routes per service (its largest documents read from
// a file); the VPC link V2's, 2 (documents it can still embed).
func BenchmarkRenderScale(b *testing.B) {
	for _, n := range []int{10, 20, 50, 100, 200} {
		for name, data := range map[string][]byte{
			fmt.Sprintf("services=%d", n):    scale.PublicBlueprint("scale", n, scale.MaxRoutes, ""),
			fmt.Sprintf("v2/services=%d", n): scale.Blueprint("scale", n, 2, ""),
		} {
			b.Run(name, func(b *testing.B) {
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
}

// FuzzRender loads arbitrary Blueprints and renders the valid ones: whatever
// passes validation must render without panicking or failing, and render the
// same bytes twice.
//
// The seeds are the golden Blueprints small enough to mutate quickly (the
// 64-service one would take most of the run), each also with stacks: nested
// and with a second ALB, so the linker and the load balancer layouts are
// fuzzed too.
func FuzzRender(f *testing.F) {
	for _, dir := range goldenDirs(f) {
		data, err := os.ReadFile(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > 8192 {
			continue
		}
		f.Add(data)
		f.Add(append(slices.Clone(data), "\nstacks: nested\n"...))
	}
	f.Add([]byte(`name: two
stacks: nested
quotas: {securityGroupRules: 61}
ingress:
  alb: {}
  albs: [{id: more, scheme: internal}]
services:
  - {name: a, cpu: 256, memory: 512, containers: [{name: c, image: {uri: "nginx:1.27"}, port: 80}], alb: {paths: ["/a/*"]}}
  - {name: b, cpu: 256, memory: 512, containers: [{name: c, image: {uri: "nginx:1.27"}, port: 80}], alb: {loadBalancer: more, paths: ["/b/*"]}}
`))
	// A service that calls another through an internal ALB and the NLB.
	f.Add([]byte(`name: calls
ingress: {albs: [{id: backend, scheme: internal}], nlb: {}}
services:
  - {name: a, cpu: 256, memory: 512, containers: [{name: c, image: {uri: "nginx:1.27"}, port: 80, environment: {B: "http://${ingress.albs.backend.dnsName}", N: "${ingress.nlb.dnsName}:81"}}]}
  - {name: b, cpu: 256, memory: 512, containers: [{name: c, image: {uri: "nginx:1.27"}, port: 80}], alb: {loadBalancer: backend, paths: ["/*"]}}
  - {name: n, cpu: 256, memory: 512, containers: [{name: c, image: {uri: "nginx:1.27"}, port: 80}], nlb: {port: 81}}
`))
	f.Add([]byte(`name: envs
ingress: {nlb: {}}
services:
  - {name: a, cpu: 256, memory: 512, containers: [{name: c, image: {uri: "nginx:1.27"}, port: 80}], nlb: {}}
overrides:
  - {op: add, path: /Resources/ATaskDefinition/Properties/ContainerDefinitions/0/Ulimits, value: [{Name: nofile, SoftLimit: 1, HardLimit: 1}]}
environments:
  prod:
    services:
      - {name: a, cpu: 512, memory: 1024, count: 2}
      - {name: b, add: true, cpu: 256, memory: 512, containers: [{name: c, image: {uri: "nginx:1.27"}}]}
    overrides:
      - {op: remove, path: /Outputs/NlbArn}
`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := blueprint.Read("fuzz.yaml", data)
		if err != nil {
			return
		}
		first, err := ecsgate.RenderAll(b)
		if err != nil {
			// Overrides are checked against the rendered files, so a
			// valid Blueprint may still be refused for them, and only
			// for them.
			var problems blueprint.Problems
			if !errors.As(err, &problems) {
				t.Fatalf("a valid Blueprint failed to render: %v", err)
			}
			for _, p := range problems {
				if !strings.HasPrefix(p.Path, "overrides") && !strings.HasPrefix(p.Path, "apiOverrides") || p.Line < 1 {
					t.Fatalf("a valid Blueprint was refused for more than its overrides: %v", err)
				}
			}
			return
		}
		checkAPIDocuments(t, first)
		again, err := ecsgate.RenderAll(b)
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
