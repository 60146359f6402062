package ecsgate_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/scale"
	"github.com/ecsgate/ecsgate/internal/yamlout"
	renderpkg "github.com/ecsgate/ecsgate/render"
)

// generated loads a generated application of n services with routes routes
// each (nested stacks, an internal ALB every 100 services, a VPC link V2).
func generated(t testing.TB, n, routes int) *blueprint.Blueprint {
	return read(t, scale.Blueprint("scale", n, routes, ""))
}

// generatedPublic is [generated] with public ALBs (backend alb-public), whose
// largest API documents are read from a file.
func generatedPublic(t testing.TB, n, routes int) *blueprint.Blueprint {
	return read(t, scale.PublicBlueprint("scale", n, routes, ""))
}

func read(t testing.TB, data []byte) *blueprint.Blueprint {
	t.Helper()
	b, err := blueprint.Read("scale.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// renderProblems renders b and returns its problems as text ("" when it renders).
func renderProblems(t *testing.T, b *blueprint.Blueprint) string {
	t.Helper()
	_, err := ecsgate.Render(b)
	var problems blueprint.Problems
	if err != nil && !errors.As(err, &problems) {
		t.Fatal(err)
	}
	return problems.Error()
}

// TestTwoHundredServicesNested: 200 services render in nested stacks, every
// template under every CloudFormation limit, both behind a VPC link V2 (2
// routes each, the document embedded) and behind public ALBs (10 routes each,
// the document read from openapi.yaml); gen's deploy commands package and
// then deploy.
func TestTwoHundredServicesNested(t *testing.T) {
	for name, b := range map[string]*blueprint.Blueprint{
		"VPC link V2, 2 routes": generated(t, 200, 2),
		"alb-public, 10 routes": generatedPublic(t, 200, scale.MaxRoutes),
	} {
		t.Run(name, func(t *testing.T) { renderNested(t, b) })
	}
}

func renderNested(t *testing.T, b *blueprint.Blueprint) {
	files, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	templates := 0
	for _, f := range files {
		if f.Name != ecsgate.TemplateFile && !strings.HasPrefix(f.Name, ecsgate.StacksDir+"/") {
			continue
		}
		templates++
		var doc yaml.Node
		if err := yaml.Unmarshal(f.Data, &doc); err != nil {
			t.Fatal(err)
		}
		count := func(section string) int {
			if n := yamlout.Value(doc.Content[0], section); n != nil {
				return len(n.Content) / 2
			}
			return 0
		}
		if r, p, o := count("Resources"), count("Parameters"), count("Outputs"); r > 500 || p > 200 || o > 200 || len(f.Data) > 1_000_000 {
			t.Errorf("%s: %d resources, %d parameters, %d outputs, %d bytes", f.Name, r, p, o, len(f.Data))
		}
	}
	if templates != 201 {
		t.Errorf("%d templates, want the root and 200 stacks", templates)
	}
	commands := ecsgate.DeployCommands(files, "out", "scale")
	if len(commands) != 2 || !strings.HasPrefix(commands[0], "aws cloudformation package --template-file out/template.yaml --s3-bucket BUCKET") ||
		!strings.HasPrefix(commands[1], "aws cloudformation deploy --template-file out/packaged.yaml") {
		t.Errorf("deploy commands: %q", commands)
	}
}

// TestTwoHundredServicesSingle: the same application in one template is
// refused with every CloudFormation limit it breaks and the way out.
func TestTwoHundredServicesSingle(t *testing.T) {
	b := generated(t, 200, scale.MaxRoutes)
	b.Stacks = blueprint.StacksSingle
	got := renderProblems(t, b)
	for _, want := range []string{"stacks: the template needs", "resources; AWS allows 500 resources in one CloudFormation template", "outputs; AWS allows 200 outputs", "set stacks: nested", "replaces them"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
}

// TestTenServicesDeployThroughS3: a single template of 10 services is larger
// than CloudFormation takes inline; gen says --s3-bucket.
func TestTenServicesDeployThroughS3(t *testing.T) {
	b := generated(t, 10, 3)
	b.Stacks = blueprint.StacksSingle
	files, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(files[0].Data) <= 51_200 {
		t.Fatalf("the template is only %d bytes", len(files[0].Data))
	}
	commands := ecsgate.DeployCommands(files, "out", "shop")
	if len(commands) != 1 || !strings.Contains(commands[0], "aws cloudformation deploy --template-file out/template.yaml --stack-name shop --s3-bucket BUCKET") {
		t.Errorf("deploy commands: %q", commands)
	}
	small, err := ecsgate.RenderFile("golden/internal-nlb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if commands := ecsgate.DeployCommands(small, "out", "shop"); len(commands) != 1 || strings.Contains(commands[0], "s3-bucket") {
		t.Errorf("a small template: %q", commands)
	}
}

// TestSixtyServicesOnTheNLB: the NLB takes 50 listeners, and AWS does not
// raise that.
func TestSixtyServicesOnTheNLB(t *testing.T) {
	b := &blueprint.Blueprint{Name: "shop", Stacks: blueprint.StacksNested, Ingress: blueprint.Ingress{NLB: &blueprint.NLB{}}}
	for i := range 60 {
		b.Services = append(b.Services, blueprint.Service{
			Name: fmt.Sprintf("svc-%02d", i), CPU: 256, Memory: 512, NLB: &blueprint.ServiceNLB{Port: 1000 + i},
			Containers: []blueprint.Container{{Name: "app", Port: 8080, Image: blueprint.Image{URI: "public.ecr.aws/nginx/nginx:1.27"}}},
		})
	}
	got := renderProblems(t, b)
	if !strings.Contains(got, "ingress.nlb: the NLB (one listener per attached service) needs 60 listeners; AWS allows 50 listeners per Network Load Balancer (10 too many)") ||
		!strings.Contains(got, "AWS does not raise this limit") {
		t.Errorf("got:\n%s", got)
	}
}

// TestAddingServiceChangesNoOtherStack: a service added to the nested golden
// gets its own stack; every other service's template stays byte for byte.
func TestAddingServiceChangesNoOtherStack(t *testing.T) {
	b, err := ecsgate.Load(filepath.Join(scaleGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	before, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	extra := b.Services[0]
	extra.Name = "extra"
	extra.ALB = &blueprint.ServiceALB{Paths: []string{"/extra/*"}}
	extra.Containers = []blueprint.Container{{Name: "app", Port: 8080, Image: blueprint.Image{Repository: "catalog/extra", Tag: "1.0.0"}}}
	b.Services = append(b.Services, extra)
	after, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range after {
		files[f.Name] = f.Data
	}
	stacks := 0
	for _, f := range before {
		if strings.HasPrefix(f.Name, ecsgate.StacksDir+"/") {
			stacks++
			if !bytes.Equal(files[f.Name], f.Data) {
				t.Errorf("%s changed when a service was added", f.Name)
			}
		}
	}
	if stacks == 0 || files["stacks/extra.yaml"] == nil {
		t.Errorf("%d stacks before; the new one: %d bytes", stacks, len(files["stacks/extra.yaml"]))
	}
}

// TestNestedLogicalIDsAreThoseOfOneTemplate: every resource of every stack
// has the logical ID and type it has in the single template, and every
// resource of the single template is in exactly one stack; only the
// load balancer egress rules that nested stacks need are added.
func TestNestedLogicalIDsAreThoseOfOneTemplate(t *testing.T) {
	b, err := ecsgate.Load(filepath.Join(scaleGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := blueprint.Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	single, err := renderpkg.Template(res) // the typed template, before any limit
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	egress := regexp.MustCompile(`^\w+EgressFrom(Alb|Nlb)$`)
	for id, res := range goldenResources(t, scaleGolden) {
		typ := res.(map[string]any)["Type"].(string)
		switch r, ok := single.Resources[id]; {
		case ok && r.AWSCloudFormationType() == typ:
			seen[id] = true
		case typ == "AWS::CloudFormation::Stack", typ == "AWS::EC2::SecurityGroupEgress" && egress.MatchString(id):
		default:
			t.Errorf("%s (%s) is not a resource of the single template", id, typ)
		}
	}
	for id := range single.Resources {
		if !seen[id] {
			t.Errorf("%s of the single template is in no stack", id)
		}
	}
}

// TestPipelineNeedsOneTemplate: the pipeline deploys image tags as parameter
// overrides, which nested stacks do not take.
func TestPipelineNeedsOneTemplate(t *testing.T) {
	b, err := ecsgate.LoadExample("private-api-pipeline")
	if err != nil {
		t.Fatal(err)
	}
	b.Stacks = blueprint.StacksNested
	if got := renderProblems(t, b); !strings.Contains(got, "pipeline: the pipeline deploys new image tags as parameter overrides") {
		t.Errorf("got:\n%s", got)
	}
}

// TestLargeAPIDocumentFromFile: when the embedded document would push the
// root past nine tenths of CloudFormation's limit, the REST API reads
// openapi.yaml (BodyS3Location), which package uploads; the Deployment still
// changes exactly when the document does.
func TestLargeAPIDocumentFromFile(t *testing.T) {
	deployment := regexp.MustCompile(`ApiDeployment[0-9a-f]{12}`)
	renderAPI := func(b *blueprint.Blueprint) (template, document []byte, uploads []string) {
		files, err := ecsgate.Render(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			switch f.Name {
			case ecsgate.TemplateFile:
				template, uploads = f.Data, f.Uploads
			case ecsgate.OpenAPIFile:
				document = f.Data
			}
		}
		return template, document, uploads
	}
	// Behind a VPC link V2 the integrations name the load balancers by ARN,
	// which a file cannot: refused, with the way out.
	if got := renderProblems(t, generated(t, 100, scale.MaxRoutes)); !strings.Contains(got, "api.vpcLink: the API document is too large to embed") ||
		!strings.Contains(got, "integrationTarget") || !strings.Contains(got, "one greedy /{proxy+} route per service") {
		t.Errorf("a VPC link V2 with a document read from a file: got\n%s", got)
	}
	b := generatedPublic(t, 100, scale.MaxRoutes)
	template, document, uploads := renderAPI(b)
	if !bytes.Contains(template, []byte("\n      BodyS3Location: openapi.yaml\n")) || bytes.Contains(template, []byte("\n      Body:")) {
		t.Fatal("the REST API does not read openapi.yaml")
	}
	if len(uploads) != 101 || uploads[len(uploads)-1] != ecsgate.OpenAPIFile || len(document) < 500_000 {
		t.Errorf("uploads %d (last %q), document %d bytes", len(uploads), uploads[len(uploads)-1], len(document))
	}
	first := deployment.Find(template)
	again, _, _ := renderAPI(b)
	b.API.Routes[0].Timeout = 10
	changed, _, _ := renderAPI(b)
	if !bytes.Equal(deployment.Find(again), first) || bytes.Equal(deployment.Find(changed), first) {
		t.Errorf("deployment %s, again %s, after a route changed %s", first, deployment.Find(again), deployment.Find(changed))
	}
	// A user pool the stack creates cannot be named in a file.
	b.UserPools = []blueprint.UserPool{{Name: "staff"}}
	b.API.Routes[3].Auth = &blueprint.RouteAuth{UserPool: "staff"}
	if got := renderProblems(t, b); !strings.Contains(got, "api.routes[3].auth.userPool: the API document is too large to embed") {
		t.Errorf("got:\n%s", got)
	}
}

// TestInlineTemplateLimit: CloudFormation takes a template of 51,200 bytes
// inline; one byte more goes through S3.
func TestInlineTemplateLimit(t *testing.T) {
	for size, bucket := range map[int]bool{51_200: false, 51_201: true} {
		files := []ecsgate.File{{Name: ecsgate.TemplateFile, Data: bytes.Repeat([]byte("x"), size)}}
		commands := ecsgate.DeployCommands(files, "out", "shop")
		if len(commands) != 1 || strings.Contains(commands[0], "--s3-bucket") != bucket {
			t.Errorf("%d bytes: %q", size, commands)
		}
	}
}

// TestEveryGoldenNests: every golden example renders with stacks: nested
// too (the pipeline example is refused, with its reason), linked without a
// dependency cycle and with every cross-stack link resolved.
func TestEveryGoldenNests(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			b.Stacks = blueprint.StacksNested
			files, err := ecsgate.Render(b)
			if b.Pipeline != nil {
				if err == nil {
					t.Error("a pipeline with nested stacks rendered")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			for _, f := range files {
				path := filepath.Join(out, filepath.FromSlash(f.Name))
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for _, path := range goldenTemplates(t, out) {
				data, _ := os.ReadFile(path)
				for _, problem := range unresolvedReferences(t, data) {
					t.Errorf("%s: %s", path, problem)
				}
			}
			problems, stacks := crossStackReferences(t, out)
			if stacks != len(b.Services) {
				t.Errorf("%d stacks for %d services", stacks, len(b.Services))
			}
			for _, p := range problems {
				t.Error(p)
			}
		})
	}
}

// TestTwoHundredServicesAtDefaultQuotas: 200 services behind two ALBs, in
// nested stacks, render with no quota raised, every template within
// CloudFormation's limits: the ALBs' outbound rules do not grow with the
// services (one per port, to the group every task joins).
func TestTwoHundredServicesAtDefaultQuotas(t *testing.T) {
	source := scale.Blueprint("big", 200, 0, "200 services, no API")
	if strings.Contains(string(source), "quotas:") {
		t.Fatalf("the generator raises a quota:\n%s", source[:400])
	}
	b, err := blueprint.Read("big.yaml", source)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.ApplicationLoadBalancers()) != 2 {
		t.Fatalf("%d ALBs", len(b.ApplicationLoadBalancers()))
	}
	files, err := ecsgate.Render(b)
	if err != nil {
		t.Fatalf("200 services at default quotas: %v", err)
	}
	root := files[0].Data
	for _, g := range []string{"AlbSecurityGroup:", "Alb2AlbSecurityGroup:"} {
		i := bytes.Index(root, []byte("  "+g))
		if i < 0 {
			t.Fatalf("no %s", g)
		}
		group := root[i:]
		group = group[:bytes.Index(group[1:], []byte("\n  A"))+1]
		if n := bytes.Count(group, []byte("DestinationSecurityGroupId: !Ref TasksSecurityGroup")); n != 1 {
			t.Errorf("%s has %d rules to the tasks, want 1 (one port)", g, n)
		}
	}
}
