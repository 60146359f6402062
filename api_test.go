package ecsgate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/jsonptr"
)

// apiGoldens lists the golden examples that have an API.
func apiGoldens(t *testing.T) []string {
	t.Helper()
	var dirs []string
	for _, dir := range goldenDirs(t) {
		if _, err := os.Stat(filepath.Join(dir, ecsgate.OpenAPIFile)); err == nil {
			dirs = append(dirs, dir)
		}
	}
	if len(dirs) < 2 {
		t.Fatalf("want at least two API examples, found %v", dirs)
	}
	return dirs
}

// TestEveryOperationUsesTheVPCLink: each operation of each openapi.yaml is
// integrated through the VPC link, except the CORS preflights API Gateway
// answers itself.
func TestEveryOperationUsesTheVPCLink(t *testing.T) {
	methods := []string{"get", "put", "post", "delete", "patch", "head", "options", "x-amazon-apigateway-any-method"}
	for _, dir := range apiGoldens(t) {
		api := apiSettings(t, dir)
		viaALB := api.Backend == blueprint.BackendALBPublic
		var doc map[string]any
		data, _ := os.ReadFile(filepath.Join(dir, ecsgate.OpenAPIFile))
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		count := 0
		for path, item := range doc["paths"].(map[string]any) {
			for _, m := range methods {
				op, ok := item.(map[string]any)[m].(map[string]any)
				if !ok {
					continue
				}
				in, ok := op["x-amazon-apigateway-integration"].(map[string]any)
				params, _ := in["requestParameters"].(map[string]any)
				switch {
				case !ok:
					t.Errorf("%s: %s %s has no integration", dir, m, path)
				case m == "options" && in["type"] == "mock":
				case viaALB:
					// The opt-in public ALB backend: over the internet, with the
					// secret header taken from a stage variable.
					if in["connectionType"] != "INTERNET" || params["integration.request.header.X-Origin-Verify"] != "stageVariables.originVerify" {
						t.Errorf("%s: %s %s does not send the origin header: %v", dir, m, path, in)
					}
					count++
				case in["connectionType"] != "VPC_LINK" || in["connectionId"] != "${stageVariables.vpcLinkId}":
					t.Errorf("%s: %s %s does not go through the VPC link: %v", dir, m, path, in)
				case api.VpcLink == blueprint.VpcLinkV2 && !linkTarget.MatchString(fmt.Sprint(in["integrationTarget"])):
					// A VPC link V2 serves any load balancer of the VPC: each
					// integration names its own.
					t.Errorf("%s: %s %s names no load balancer (integrationTarget): %v", dir, m, path, in)
				case api.VpcLink == blueprint.VpcLinkV1 && in["integrationTarget"] != nil:
					t.Errorf("%s: %s %s has an integrationTarget, which a VPC link V1 does not take: %v", dir, m, path, in)
				default:
					count++
				}
			}
		}
		if count == 0 {
			t.Errorf("%s: no operations checked", dir)
		}
	}
}

// TestBodyAndFileAreOneDocument: the Body embedded in the template and the
// openapi.yaml file are the same document, except where the file uses stage
// variables (or a placeholder) for values the template takes from the stack.
func TestBodyAndFileAreOneDocument(t *testing.T) {
	for _, dir := range apiGoldens(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			file := readYAML(t, filepath.Join(dir, ecsgate.OpenAPIFile))
			template := readYAML(t, filepath.Join(dir, ecsgate.TemplateFile))
			body, _ := jsonptr.Get(template, "/Resources/Api/Properties/Body")
			link := "${ApiVpcLink}"
			if apiSettings(t, dir).VpcLink == blueprint.VpcLinkV2 {
				link = "${ApiVpcLinkV2}"
			}
			stack := map[string]string{
				"${stageVariables.vpcLinkId}":   link,
				"${stageVariables.backendHost}": "${Nlb.DNSName}",
				"${stageVariables.albHost}":     "${Alb.DNSName}",
			}
			replaced := 0
			got := mapStrings(file, func(s string) string {
				for from, to := range stack {
					if strings.Contains(s, from) {
						replaced++
						s = strings.ReplaceAll(s, from, to)
					}
				}
				// A created user pool: ${<Name>UserPoolArn} in the file; a
				// load balancer: ${NlbArn}, ${<Id>AlbArn}.
				s = linkTarget.ReplaceAllString(s, "${${1}}")
				return createdPoolARN.ReplaceAllString(s, "${${1}UserPool.Arn}")
			})
			if replaced == 0 && apiSettings(t, dir).Backend != blueprint.BackendALBPublic {
				t.Fatal("the file uses no stage variable")
			}
			if !reflect.DeepEqual(got, body) {
				t.Errorf("Body and openapi.yaml differ beyond stage variables")
			}
		})
	}
}

// apiSettings is the API section of a golden example, defaults applied.
func apiSettings(t *testing.T, dir string) *blueprint.API {
	t.Helper()
	b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b.WithDefaults().API
}

var (
	createdPoolARN = regexp.MustCompile(`^\$\{(\w+)UserPoolArn\}$`)
	// linkTarget is how openapi.yaml names a load balancer's ARN: the stack
	// output that holds it.
	linkTarget = regexp.MustCompile(`^\$\{(Nlb|\w*Alb)Arn\}$`)
)

// readYAML reads a YAML file into plain values; short-form tags such as !Sub
// are dropped, leaving their argument.
func readYAML(t *testing.T, path string) map[string]any {
	t.Helper()
	root := readNode(t, path)
	var untag func(n *yaml.Node)
	untag = func(n *yaml.Node) {
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
			n.Tag = ""
		}
		for _, c := range n.Content {
			untag(c)
		}
	}
	untag(root)
	var out map[string]any
	if err := root.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

func mapStrings(v any, f func(string) string) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			out[k] = mapStrings(x, f)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = mapStrings(x, f)
		}
		return out
	case string:
		return f(v)
	}
	return v
}

// deploymentID returns the logical ID of the API's Deployment.
func deploymentID(t *testing.T, b *blueprint.Blueprint) string {
	t.Helper()
	for id := range resourceTypes(t, render(t, b)) {
		if strings.HasPrefix(id, "ApiDeployment") {
			return id
		}
	}
	t.Fatal("no ApiDeployment")
	return ""
}

// TestDeploymentFollowsTheDocument: a changed route gives a new Deployment
// logical ID (so CloudFormation deploys it to the stage); nothing changed, the
// same ID.
func TestDeploymentFollowsTheDocument(t *testing.T) {
	load := func() *blueprint.Blueprint {
		b, err := ecsgate.Load("golden/private-api/blueprint.yaml")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	base := deploymentID(t, load())
	if again := deploymentID(t, load()); again != base {
		t.Errorf("unchanged Blueprint: %s then %s", base, again)
	}
	changes := map[string]func(b *blueprint.Blueprint){
		"path":    func(b *blueprint.Blueprint) { b.API.Routes[0].Path = "/health" },
		"method":  func(b *blueprint.Blueprint) { b.API.Routes[1].Method = "PUT" },
		"timeout": func(b *blueprint.Blueprint) { b.API.Routes[0].Timeout = 10 },
		"claims":  func(b *blueprint.Blueprint) { b.API.Routes[1].Claims = []string{"sub"} },
		"new route": func(b *blueprint.Blueprint) {
			b.API.Routes = append(b.API.Routes, blueprint.Route{Path: "/x", Method: "GET", Service: "api"})
		},
		"listener": func(b *blueprint.Blueprint) { b.Services[0].NLB.Port = 8443 },
		"auth":     func(b *blueprint.Blueprint) { b.API.Routes[0].Auth = &blueprint.RouteAuth{UserPool: "users"} },
	}
	for name, change := range changes {
		b := load()
		change(b)
		if got := deploymentID(t, b); got == base {
			t.Errorf("%s changed but the Deployment kept its ID %s", name, got)
		}
	}
	// A change outside the API leaves the Deployment alone.
	b := load()
	b.Services[0].Count = blueprint.Int(3)
	if got := deploymentID(t, b); got != base {
		t.Errorf("a service count change redeployed the API (%s -> %s)", base, got)
	}
}

// TestOperationsForClients: every operation of every golden openapi.yaml has
// a unique operationId that is a valid method name in SDK generators, a
// summary, a description and tags that the document declares.
func TestOperationsForClients(t *testing.T) {
	methods := []string{"get", "put", "post", "delete", "patch", "head", "options", "x-amazon-apigateway-any-method"}
	identifier := regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	for _, dir := range apiGoldens(t) {
		doc := readYAML(t, filepath.Join(dir, ecsgate.OpenAPIFile))
		declared := map[string]bool{}
		for _, tag := range doc["tags"].([]any) {
			declared[tag.(map[string]any)["name"].(string)] = true
		}
		ids := map[string]string{}
		for path, item := range doc["paths"].(map[string]any) {
			for _, m := range methods {
				op, ok := item.(map[string]any)[m].(map[string]any)
				if !ok {
					continue
				}
				where := m + " " + path
				id, _ := op["operationId"].(string)
				if !identifier.MatchString(id) {
					t.Errorf("%s: %s: operationId %q", dir, where, id)
				}
				if other, dup := ids[id]; dup {
					t.Errorf("%s: %s and %s share operationId %s", dir, where, other, id)
				}
				ids[id] = where
				if op["summary"] == "" || op["description"] == "" || op["summary"] == nil || op["description"] == nil {
					t.Errorf("%s: %s has no summary or description", dir, where)
				}
				tags, _ := op["tags"].([]any)
				if len(tags) == 0 || !declared[fmt.Sprint(tags[0])] {
					t.Errorf("%s: %s: tags %v not declared", dir, where, tags)
				}
			}
		}
	}
}
