package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	_ "github.com/ecsgate/ecsgate/internal/golden" // accepts -update
	"github.com/ecsgate/ecsgate/internal/sidebyside"
)

// apiBlueprint is a valid Blueprint with routes of every kind; defaults applied.
func apiBlueprint(t *testing.T, change func(b *blueprint.Blueprint)) *blueprint.Resolved {
	t.Helper()
	b := &blueprint.Blueprint{
		Name:    "shop",
		Ingress: blueprint.Ingress{NLB: &blueprint.NLB{}},
		Services: []blueprint.Service{
			{Name: "web", CPU: 256, Memory: 512, NLB: &blueprint.ServiceNLB{Port: 8080},
				Containers: []blueprint.Container{{Name: "app", Port: 8080, Image: blueprint.Image{URI: "nginx:1"}}}},
			{Name: "files", CPU: 256, Memory: 512, NLB: &blueprint.ServiceNLB{Port: 9000},
				Containers: []blueprint.Container{{Name: "app", Port: 9000, Image: blueprint.Image{URI: "nginx:1"}}}},
		},
		UserPools: []blueprint.UserPool{{Name: "users"}, {Name: "staff", ARN: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"}},
		API: &blueprint.API{Routes: []blueprint.Route{
			{Path: "/", Method: "GET", Service: "web"},
			{Path: "/orders/{id}", Method: "get", Service: "web", Auth: &blueprint.RouteAuth{UserPool: "staff", Scopes: []string{"shop/read"}}},
			{Path: "/orders", Method: "POST", Service: "web", Auth: &blueprint.RouteAuth{UserPool: "users"}, Integration: blueprint.IntegrationClaims, Claims: []string{"sub", "cognito:username"}},
			{Path: "/files/{proxy+}", Method: "ANY", Service: "files", Auth: &blueprint.RouteAuth{UserPool: "staff"}, Timeout: 5},
		}},
	}
	if change != nil {
		change(b)
	}
	res, err := blueprint.Resolve(b)
	if err != nil {
		t.Fatalf("invalid test Blueprint:\n%v", err)
	}
	return res
}

func document(t *testing.T, b *blueprint.Resolved) string {
	t.Helper()
	doc, err := Document(b, FileValues(b))
	if err == nil {
		err = Validate(doc)
	}
	if err != nil {
		t.Fatal(err)
	}
	out, err := YAML(doc)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestIntegrations(t *testing.T) {
	out := document(t, apiBlueprint(t, nil))
	for _, want := range []string{
		// Without a host name the NLB's DNS name comes from a stage variable.
		"uri: http://${stageVariables.backendHost}:8080/orders/{id}",
		"requestParameters:\n          integration.request.path.id: method.request.path.id",
		// Greedy paths: the resource keeps {proxy+}, the URI and mapping use proxy.
		"/files/{proxy+}:\n    x-amazon-apigateway-any-method:",
		"uri: http://${stageVariables.backendHost}:9000/files/{proxy}",
		"integration.request.path.proxy: method.request.path.proxy",
		"httpMethod: ANY",
		"timeoutInMillis: 5000",
		"type: http_proxy",
		// Claims: http integration, never passed through, errors kept errors.
		"type: http\n        httpMethod: POST",
		"passthroughBehavior: never",
		`"username": "$util.escapeJavaScript($context.authorizer.claims['cognito:username']).replaceAll("\\'","'")"`,
		"4\\d{2}:\n            statusCode: \"400\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("document lacks:\n%s", want)
		}
	}
	if strings.Contains(out, "tlsConfig") {
		t.Error("certificate verification is off without opting in")
	}
}

func TestSecuritySchemes(t *testing.T) {
	out := document(t, apiBlueprint(t, nil))
	for _, want := range []string{
		"security:\n        - staff:\n            - shop/read",
		"- ${UsersUserPoolArn}",
		"- arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123",
		"x-amazon-apigateway-authtype: cognito_user_pools",
		"in: header\n      name: Authorization",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("document lacks:\n%s", want)
		}
	}
}

func TestTLSBackend(t *testing.T) {
	b := apiBlueprint(t, func(b *blueprint.Blueprint) {
		b.DNS = &blueprint.DNS{Zone: "example.com", ZoneID: "Z0123456789EXAMPLE"}
		b.Ingress.NLB = &blueprint.NLB{Certificate: &blueprint.Certificate{Domain: "nlb.example.com"}, Hostname: "nlb.example.com"}
		b.API.InsecureSkipVerification = true
	})
	out := document(t, b)
	if !strings.Contains(out, "uri: https://nlb.example.com:8080/orders/{id}") {
		t.Error("TLS backend does not use https and the host name")
	}
	if !strings.Contains(out, "tlsConfig:\n          insecureSkipVerification: true") {
		t.Error("explicit opt-in to skip verification not rendered")
	}
	if strings.Contains(out, "backendHost") || len(StageVariables(b)) != 1 {
		t.Error("a fixed host name needs no backendHost stage variable")
	}
}

func TestCORS(t *testing.T) {
	out := document(t, apiBlueprint(t, func(b *blueprint.Blueprint) {
		b.API.CORS = &blueprint.CORS{Origin: "https://app.example.com"}
	}))
	for _, want := range []string{
		"options:",
		"type: mock",
		"method.response.header.Access-Control-Allow-Origin: '''https://app.example.com'''",
		"method.response.header.Access-Control-Allow-Methods: '''OPTIONS,POST'''",
		"method.response.header.Access-Control-Allow-Methods: '''GET,OPTIONS'''",
		"method.response.header.Access-Control-Allow-Methods: '''DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'''",
		"method.response.header.Access-Control-Allow-Headers: '''Authorization,Content-Type'''",
		"x-amazon-apigateway-gateway-responses:\n  DEFAULT_4XX:",
		"DEFAULT_5XX:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("document lacks:\n%s", want)
		}
	}
}

func TestLayout(t *testing.T) {
	out := document(t, apiBlueprint(t, nil))
	if !strings.HasPrefix(out, "openapi: 3.0.1\ninfo:\n  title: shop\n") {
		t.Errorf("unexpected start:\n%s", out[:80])
	}
	order := []string{"\ninfo:", "\nservers:", "\npaths:", "\ncomponents:"}
	last := 0
	for _, key := range order {
		i := strings.Index(out, key)
		if i < last {
			t.Errorf("%s out of order", key)
		}
		last = i
	}
	if !strings.Contains(out, "basePath:\n        default: /dev") {
		t.Error("servers lack the basePath variable")
	}
}

func TestNoAPI(t *testing.T) {
	if _, err := Document(&blueprint.Resolved{Blueprint: &blueprint.Blueprint{}}, Values{}); err == nil {
		t.Error("want an error without api")
	}
}

// TestOperationIDs: method and path in lowerCamelCase, stable, and unique
// by a number where two routes would share one.
func TestOperationIDs(t *testing.T) {
	ids := operationIDs{}
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/", "getRoot"},
		{"GET", "/orders/{id}", "getOrdersById"},
		{"ANY", "/files/{proxy+}", "anyFilesByProxy"},
		{"POST", "/user-profiles/v2.1", "postUserProfilesV21"},
		{"POST", "/user_profiles/v2/1", "postUserProfilesV212"}, // the same words: numbered
		{"POST", "/userProfiles/v21", "postUserProfilesV213"},
	} {
		if got := ids.next(c.method, c.path); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.method, c.path, got, c.want)
		}
	}
}

// TestYAMLIsTheJSONDocument checks that openapi.yaml, written by lowering
// the typed document as it is met, holds what kin-openapi's JSON of the
// document holds: for routes of every kind, and for a document large
// enough that its paths are written side by side.
func TestYAMLIsTheJSONDocument(t *testing.T) {
	many := func(b *blueprint.Blueprint) {
		for i := range sidebyside.Large + 10 {
			b.API.Routes = append(b.API.Routes, blueprint.Route{Path: fmt.Sprintf("/items/%d/{id}", i), Method: "PUT", Service: "web",
				Auth: &blueprint.RouteAuth{UserPool: "staff", Scopes: []string{"shop/write"}}})
		}
		b.Quotas = map[string]int{blueprint.QuotaAPIResources: 2000}
	}
	for name, change := range map[string]func(*blueprint.Blueprint){"routes of every kind": nil, "many paths": many} {
		t.Run(name, func(t *testing.T) {
			b := apiBlueprint(t, change)
			doc, err := Document(b, FileValues(b))
			if err != nil {
				t.Fatal(err)
			}
			text, err := YAML(doc)
			if err != nil {
				t.Fatal(err)
			}
			var written any
			if err := yaml.Unmarshal(text, &written); err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(written)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(canonicalJSON(t, got), canonicalJSON(t, want)) {
				t.Errorf("openapi.yaml differs from the document's JSON:\n%s\nwant\n%s", got, want)
			}
			// The operations share their responses and their path
			// parameters' schema, which YAML writes from one node each:
			// the text is that of a copy that shares nothing.
			copied := &openapi3.T{}
			if err := copied.UnmarshalJSON(want); err != nil {
				t.Fatal(err)
			}
			unshared, err := YAML(copied)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(text, unshared) {
				t.Errorf("openapi.yaml differs from that of an unshared copy:\n%s\nwant\n%s", text, unshared)
			}
		})
	}
}

// TestOperationsShareTheirParts: every operation of a document answers with
// the one response of its kind, and its path parameters have the one
// string schema, so that a large document is lowered once per part.
func TestOperationsShareTheirParts(t *testing.T) {
	b := apiBlueprint(t, func(b *blueprint.Blueprint) {
		b.API.Routes = append(b.API.Routes,
			blueprint.Route{Path: "/orders/{id}/lines/{line}", Method: "GET", Service: "web"},
			blueprint.Route{Path: "/claims", Method: "POST", Service: "web", Auth: &blueprint.RouteAuth{UserPool: "users"}, Integration: blueprint.IntegrationClaims, Claims: []string{"sub"}})
	})
	doc, err := Document(b, FileValues(b))
	if err != nil {
		t.Fatal(err)
	}
	responses := map[string]*openapi3.ResponseRef{}
	var schema *openapi3.SchemaRef
	var seen []*openapi3.Responses
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			if method == "OPTIONS" {
				continue
			}
			if slices.Contains(seen, op.Responses) {
				t.Fatalf("%s %s: shares its Responses with another operation", method, path)
			}
			seen = append(seen, op.Responses)
			for code, r := range op.Responses.Map() {
				if first, ok := responses[code]; ok && first != r {
					t.Errorf("%s %s: its %s response is not the one the others share", method, path, code)
				}
				responses[code] = r
			}
			for _, p := range op.Parameters {
				if schema != nil && p.Value.Schema != schema {
					t.Errorf("%s %s: parameter %s has a schema of its own", method, path, p.Value.Name)
				}
				schema = p.Value.Schema
			}
		}
	}
	if len(responses) != 3 || schema == nil {
		t.Errorf("responses %v, schema %v: the Blueprint should have 200, 400 and 500 responses and path parameters", slices.Sorted(maps.Keys(responses)), schema)
	}
}

// canonicalJSON re-encodes JSON with sorted keys.
func canonicalJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
