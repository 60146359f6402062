package ecsgate_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/yamlout"
	"github.com/ecsgate/ecsgate/openapi"
)

// designGolden is the example written design first: the team's document
// in design/, openapi.yaml the rendered one.
const designGolden = "golden/design-first-api"

// TestDesignFirstOnlyAdds: the rendered openapi.yaml is the team's document
// with ecsgate's additions only. Every value the team wrote is at the same
// JSON pointer, every mapping keeps its keys' order, and what is new is an
// API Gateway extension, the security an operation inherits written on it,
// or a CORS preflight. The one rewrite is AWS's: a security scheme bound to
// a user pool is written as API Gateway's Cognito authorizer (an apiKey
// scheme, as AWS documents x-amazon-apigateway-authtype), keeping its name
// and description.
func TestDesignFirstOnlyAdds(t *testing.T) {
	in := readNode(t, filepath.Join(designGolden, "design", "shop.yaml"))
	out := readNode(t, filepath.Join(designGolden, ecsgate.OpenAPIFile))
	b, err := ecsgate.Load(filepath.Join(designGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rewritten := map[string]bool{}
	for scheme := range b.API.Authorizers {
		rewritten["/components/securitySchemes/"+scheme] = true
	}
	var added []string
	var compare func(a, b *yaml.Node, pointer string)
	compare = func(a, b *yaml.Node, pointer string) {
		if b == nil {
			t.Errorf("%s: missing from the output", pointer)
			return
		}
		if rewritten[pointer] {
			if d := yamlout.Value(a, "description"); d != nil && scalar(yamlout.Value(b, "description")) != d.Value {
				t.Errorf("%s: the description is not kept", pointer)
			}
			if scalar(yamlout.Value(b, "x-amazon-apigateway-authtype")) != "cognito_user_pools" || scalar(yamlout.Value(b, "type")) != "apiKey" {
				t.Errorf("%s: not API Gateway's Cognito authorizer", pointer)
			}
			return
		}
		if a.Kind != b.Kind {
			t.Errorf("%s: was %v, is %v", pointer, a.Kind, b.Kind)
			return
		}
		switch a.Kind {
		case yaml.ScalarNode:
			if a.Value != b.Value {
				t.Errorf("%s: was %q, is %q", pointer, a.Value, b.Value)
			}
		case yaml.SequenceNode:
			if len(a.Content) != len(b.Content) {
				t.Errorf("%s: %d items, was %d", pointer, len(b.Content), len(a.Content))
				return
			}
			for i := range a.Content {
				compare(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", pointer, i))
			}
		case yaml.MappingNode:
			var order []string
			for i := 0; i+1 < len(b.Content); i += 2 {
				order = append(order, b.Content[i].Value)
			}
			last := -1
			for i := 0; i+1 < len(a.Content); i += 2 {
				key := a.Content[i].Value
				at := slices.Index(order, key)
				if at < last {
					t.Errorf("%s: key %s moved", pointer, key)
				}
				last = at
				compare(a.Content[i+1], yamlout.Value(b, key), pointer+"/"+strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1"))
			}
			for _, key := range order {
				if yamlout.Value(a, key) == nil {
					added = append(added, pointer+"/"+key)
				}
			}
		}
	}
	compare(in, out, "")
	inherited := 0
	for _, p := range added {
		key := p[strings.LastIndex(p, "/")+1:]
		switch {
		case strings.HasPrefix(key, "x-amazon-apigateway-"):
		case key == "security" && strings.HasPrefix(p, "/paths/"):
			inherited++
		case key == "options" && b.API.CORS != nil:
		default:
			t.Errorf("%s: added, and not one of ecsgate's additions", p)
		}
	}
	if inherited != 4 || len(added) < 2*len(b.APIDocument().Operations) {
		t.Errorf("%d additions, %d of them inherited security: %v", len(added), inherited, added)
	}
}

func scalar(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

// gateway is a model of what API Gateway checks before a request reaches
// an integration, from the rendered document: the request validator an
// operation names, the required parameters of the operation and its path,
// and its JSON body against the model of its schema, JSON Schema draft 4 as
// API Gateway's models are.
type gateway struct {
	doc        map[string]any
	validators map[string]map[string]any
	compiler   *jsonschema.Compiler
}

const gatewayDoc = "mem://openapi.json"

func newGateway(t *testing.T, path string) *gateway {
	t.Helper()
	var doc map[string]any
	node := readNode(t, path)
	v, err := openapi.DesignValue(node)
	if err != nil {
		t.Fatal(err)
	}
	doc = v.(map[string]any)
	data, _ := json.Marshal(doc)
	resource, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	if err := c.AddResource(gatewayDoc, resource); err != nil {
		t.Fatal(err)
	}
	g := &gateway{doc: doc, validators: map[string]map[string]any{}, compiler: c}
	for name, v := range doc[openapi.ExtRequestValidators].(map[string]any) {
		g.validators[name] = v.(map[string]any)
	}
	return g
}

// request is what a client sends: parameters by location and name, and a
// JSON body (nil for none).
type request struct {
	params map[string]map[string]string
	body   any
}

func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// check returns why the gateway refuses the request, "" when it passes.
func (g *gateway) check(t *testing.T, path, method string, r request) string {
	t.Helper()
	item := g.doc["paths"].(map[string]any)[path].(map[string]any)
	key := blueprint.OperationKey(method)
	op := item[key].(map[string]any)
	validator := g.validators[op[openapi.ExtRequestValidator].(string)]
	if validator["validateRequestParameters"] == true {
		params := append(anyList(item["parameters"]), anyList(op["parameters"])...)
		for _, raw := range params {
			p := g.resolve(raw)
			in, name := p["in"].(string), p["name"].(string)
			if p["required"] == true && r.params[in][name] == "" {
				return fmt.Sprintf("missing required %s parameter %s", in, name)
			}
		}
	}
	if validator["validateRequestBody"] == true {
		body := g.resolve(op["requestBody"])
		if body == nil {
			return ""
		}
		if _, ok := body["content"].(map[string]any)["application/json"]; !ok {
			return ""
		}
		pointer := "/paths/" + pointerEscape(path) + "/" + key + "/requestBody/content/application~1json/schema"
		if ref, ok := op["requestBody"].(map[string]any)["$ref"].(string); ok {
			pointer = strings.TrimPrefix(ref, "#") + "/content/application~1json/schema"
		}
		schema, err := g.compiler.Compile(gatewayDoc + "#" + pointer)
		if err != nil {
			t.Fatalf("%s %s: the model does not compile as draft 4: %v", method, path, err)
		}
		if err := schema.Validate(r.body); err != nil {
			return err.Error()
		}
	}
	return ""
}

func (g *gateway) resolve(v any) map[string]any {
	m, _ := v.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		var cur any = g.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
		}
		m, _ = cur.(map[string]any)
	}
	return m
}

func anyList(v any) []any { l, _ := v.([]any); return l }

// TestGatewayValidatesAsTheDocumentSays: every request example of the
// design-first document passes the gateway's validators, with its required
// parameters; the same request without a required field of its body, or
// without a required parameter, is refused, so that it never reaches a task.
func TestGatewayValidatesAsTheDocumentSays(t *testing.T) {
	g := newGateway(t, filepath.Join(designGolden, ecsgate.OpenAPIFile))
	examples, refusedBodies, refusedParams := 0, 0, 0
	for path, item := range g.doc["paths"].(map[string]any) {
		for key, v := range item.(map[string]any) {
			op, ok := v.(map[string]any)
			if !ok || op[openapi.ExtRequestValidator] == nil {
				continue
			}
			method := blueprint.OperationMethod(key)
			r := request{params: map[string]map[string]string{}}
			params := append(anyList(item.(map[string]any)["parameters"]), anyList(op["parameters"])...)
			for _, p := range params {
				p := g.resolve(p)
				in := p["in"].(string)
				if r.params[in] == nil {
					r.params[in] = map[string]string{}
				}
				r.params[in][p["name"].(string)] = "x"
			}
			body := g.resolve(op["requestBody"])
			var example map[string]any
			if body != nil {
				example, _ = body["content"].(map[string]any)["application/json"].(map[string]any)["example"].(map[string]any)
				if example == nil {
					t.Errorf("%s %s: the request body has no example", method, path)
					continue
				}
				r.body = example
				examples++
			}
			if why := g.check(t, path, method, r); why != "" {
				t.Errorf("%s %s: the document's own example is refused: %s", method, path, why)
			}
			for _, p := range params {
				p := g.resolve(p)
				if p["required"] != true || p["in"] == "path" {
					continue // a path without its parameter is another path
				}
				without := request{params: map[string]map[string]string{}, body: r.body}
				for in, m := range r.params {
					without.params[in] = map[string]string{}
					for k, v := range m {
						if !(in == p["in"] && k == p["name"]) {
							without.params[in][k] = v
						}
					}
				}
				if why := g.check(t, path, method, without); why == "" {
					t.Errorf("%s %s without the required %s parameter %s passes", method, path, p["in"], p["name"])
				} else {
					refusedParams++
				}
			}
			if example == nil {
				continue
			}
			for field := range example {
				schema := g.resolve(body["content"].(map[string]any)["application/json"].(map[string]any)["schema"])
				if !slices.Contains(anyList(schema["required"]), any(field)) {
					continue
				}
				broken := map[string]any{}
				for k, v := range example {
					if k != field {
						broken[k] = v
					}
				}
				if why := g.check(t, path, method, request{params: r.params, body: broken}); why == "" {
					t.Errorf("%s %s without the required field %s passes", method, path, field)
				} else {
					refusedBodies++
				}
			}
		}
	}
	t.Logf("%d request examples pass; %d requests without a required body field and %d without a required parameter are refused", examples, refusedBodies, refusedParams)
	if examples < 6 || refusedBodies < 10 || refusedParams < 1 {
		t.Errorf("%d examples, %d bodies and %d parameters refused: the golden should exercise more", examples, refusedBodies, refusedParams)
	}
}

// TestStarterServesAsTheRoutes: for every example written with api.routes,
// the document gen openapi starts and the api settings it prints give the
// same routes (path, method, service, authorizer and scopes, integration,
// claims, timeout), and the Blueprint renders from the document.
func TestStarterServesAsTheRoutes(t *testing.T) {
	tried := 0
	for _, dir := range apiGoldens(t) {
		data, err := os.ReadFile(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("\nenvironments:")) || bytes.Contains(data, []byte("\n  openapi:")) {
			continue
		}
		tried++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := blueprint.Resolve(b)
			if err != nil {
				t.Fatal(err)
			}
			starter, err := openapi.NewStarter(res)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := openapi.YAML(starter.Document)
			if err != nil {
				t.Fatal(err)
			}
			var root yaml.Node
			if err := yaml.Unmarshal(data, &root); err != nil {
				t.Fatal(err)
			}
			api := yamlout.Value(root.Content[0], "api")
			for i := 0; i+1 < len(api.Content); i += 2 {
				if api.Content[i].Value == "routes" {
					api.Content = append(api.Content[:i], api.Content[i+2:]...)
					break
				}
			}
			var settings yaml.Node
			if err := yaml.Unmarshal([]byte("api:\n"+strings.Join(starter.BlueprintLines("openapi.yaml"), "\n")+"\n"), &settings); err != nil {
				t.Fatal(err)
			}
			api.Content = append(api.Content, yamlout.Value(settings.Content[0], "api").Content...)
			out, err := yaml.Marshal(&root)
			if err != nil {
				t.Fatal(err)
			}
			tmp := t.TempDir()
			os.WriteFile(filepath.Join(tmp, "openapi.yaml"), doc, 0o644)
			os.WriteFile(filepath.Join(tmp, "blueprint.yaml"), out, 0o644)
			designed, err := ecsgate.Load(filepath.Join(tmp, "blueprint.yaml"))
			if err != nil {
				t.Fatalf("the starter does not load: %v\n%s", err, out)
			}
			again, err := blueprint.Resolve(designed)
			if err != nil {
				t.Fatal(err)
			}
			key := func(r blueprint.Route) string {
				return fmt.Sprintf("%s %s -> %s auth %v integration %s claims %v timeout %d", r.Method, r.Path, r.Service, r.Auth, r.Integration, r.Claims, r.Timeout)
			}
			var want, got []string
			for _, r := range res.API.Routes {
				want = append(want, key(r))
			}
			for _, r := range again.API.Routes {
				got = append(got, key(r))
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("routes differ:\nwant %s\ngot  %s", strings.Join(want, "\n     "), strings.Join(got, "\n     "))
			}
			if _, err := ecsgate.Render(designed); err != nil {
				t.Errorf("render: %v", err)
			}
		})
	}
	if tried < 5 {
		t.Errorf("only %d examples tried", tried)
	}
}

// renderDesignVariant renders the design-first example with its Blueprint
// edited (old replaced by new) and extra files beside it, and returns the
// openapi.yaml it writes.
func renderDesignVariant(t *testing.T, old, new string, files map[string][]byte) []byte {
	t.Helper()
	bp, err := os.ReadFile(filepath.Join(designGolden, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(bp, []byte(old)) {
		t.Fatalf("the example's Blueprint has no %q", old)
	}
	doc, err := os.ReadFile(filepath.Join(designGolden, "design", "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	os.MkdirAll(filepath.Join(tmp, "design"), 0o755)
	os.WriteFile(filepath.Join(tmp, "design", "shop.yaml"), doc, 0o644)
	for name, data := range files {
		os.WriteFile(filepath.Join(tmp, name), data, 0o644)
	}
	os.WriteFile(filepath.Join(tmp, "blueprint.yaml"), bytes.Replace(bp, []byte(old), []byte(new), 1), 0o644)
	rendered, err := ecsgate.RenderFile(filepath.Join(tmp, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rendered {
		if f.Name == ecsgate.OpenAPIFile {
			return f.Data
		}
	}
	t.Fatal("no openapi.yaml")
	return nil
}

// TestDesignFirstCORS: with api.cors a design-first document gets a
// preflight on every path and the CORS gateway responses, and nothing the
// team wrote changes.
func TestDesignFirstCORS(t *testing.T) {
	out := renderDesignVariant(t, "  stage: v1\n", "  stage: v1\n  cors:\n    origin: https://shop.example.com\n", nil)
	var root yaml.Node
	if err := yaml.Unmarshal(out, &root); err != nil {
		t.Fatal(err)
	}
	paths := yamlout.Value(root.Content[0], "paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		options := yamlout.Value(paths.Content[i+1], "options")
		in := yamlout.Value(options, openapi.ExtIntegration)
		if scalar(yamlout.Value(in, "type")) != "mock" {
			t.Errorf("%s: no preflight", paths.Content[i].Value)
		}
	}
	if yamlout.Value(root.Content[0], openapi.ExtGatewayResponses) == nil {
		t.Error("no CORS gateway responses")
	}
}

// TestDesignFirstJSON: the same document written as JSON gives the same
// API, written out in block YAML.
func TestDesignFirstJSON(t *testing.T) {
	var doc any
	data, _ := os.ReadFile(filepath.Join(designGolden, "design", "shop.yaml"))
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	asJSON, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := renderDesignVariant(t, "openapi: design/shop.yaml", "openapi: shop.json", map[string][]byte{"shop.json": asJSON})
	if bytes.Contains(out, []byte(`{"`)) {
		t.Error("openapi.yaml keeps JSON's flow style")
	}
	want, _ := os.ReadFile(filepath.Join(designGolden, ecsgate.OpenAPIFile))
	var got, exp any
	yaml.Unmarshal(out, &got)
	yaml.Unmarshal(want, &exp)
	if fmt.Sprint(got) != fmt.Sprint(exp) {
		t.Error("the JSON document gives another API than its YAML form")
	}
}
