package openapi

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ecsgate/ecsgate/blueprint"
)

// albAPI is an API in front of an internal ALB (backend alb, a VPC link V2)
// with a plain, a parameter, a claims and a greedy route.
const albAPI = `name: shop
network:
  vpc: {cidr: 10.0.0.0/16}
dns: {zone: example.com, zoneId: Z0123456789EXAMPLE}
ingress:
  alb:
    scheme: internal
    certificate: {domain: internal.example.com}
    hostnames: [internal.example.com]
services:
  - name: orders
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1"}, port: 8080}]
    alb: {paths: ["/orders", "/orders/*", "/me"]}
  - name: files
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1"}, port: 8080}]
    alb: {paths: ["/files/*"]}
userPools: [{name: users}]
api:
  stage: prod
  backend: alb
  routes:
    - {path: /orders, method: GET, service: orders}
    - {path: "/orders/{id}", method: GET, service: orders}
    - {path: /me, method: GET, service: orders, auth: {userPool: users}, integration: claims}
    - {path: "/files/{proxy+}", method: ANY, service: files}
`

// backendURL is what API Gateway requests from the backend when a client
// calls clientPath (/<stage>/...) and it reaches the integration of route: the integration URI with each {name} filled from the request
// parameter its integration.request.path.name maps. A REST integration's
// request goes to this URI and nowhere else; the client's path, stage
// included, reaches the backend only through the mapped variables. (The
// stage appears in the path of integrations that forward the client's path
// as it is, such as an HTTP API's private integration, whose URI is a
// listener ARN without a path; ecsgate generates none.)
func backendURL(t *testing.T, in map[string]any, route, stage, clientPath string) *url.URL {
	t.Helper()
	// The invoke URL's first segment is the stage; the rest selects the
	// resource.
	requestPath, ok := strings.CutPrefix(clientPath, "/"+stage)
	if !ok {
		t.Fatalf("%s is not a path of stage %s", clientPath, stage)
	}
	// The method request's path parameters, bound by matching the
	// resource path; a greedy {name+} takes the rest of the path.
	params := map[string]string{}
	rs, qs := strings.Split(strings.Trim(route, "/"), "/"), strings.Split(strings.Trim(requestPath, "/"), "/")
	for i, seg := range rs {
		switch {
		case strings.HasSuffix(seg, "+}"):
			params[seg[1:len(seg)-2]] = strings.Join(qs[i:], "/")
		case strings.HasPrefix(seg, "{"):
			params[seg[1:len(seg)-1]] = qs[i]
		case i >= len(qs) || seg != qs[i]:
			t.Fatalf("request %s does not match route %s", requestPath, route)
		}
	}
	mapped, _ := in["requestParameters"].(map[string]any)
	uri := regexp.MustCompile(`\{(\w+)\}`).ReplaceAllStringFunc(in["uri"].(string), func(v string) string {
		name := v[1 : len(v)-1]
		source, ok := mapped["integration.request.path."+name].(string)
		if !ok {
			t.Fatalf("%s: {%s} is mapped from no request parameter", route, name)
		}
		return params[strings.TrimPrefix(source, "method.request.path.")]
	})
	// The stage variables the Stage sets, as API Gateway fills them in.
	uri = strings.ReplaceAll(uri, "${stageVariables."+VarBackendHost+"}", nlbDNSName)
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// nlbDNSName stands for the NLB's DNS name, the Stage's backendHost variable.
const nlbDNSName = "internal-shop-0123456789.elb.eu-west-1.amazonaws.com"

// integrationOf returns the integration of a route's operation.
func integrationOf(t *testing.T, b *blueprint.Resolved, path, method string) map[string]any {
	t.Helper()
	doc, err := Document(b, FileValues(b))
	if err != nil {
		t.Fatal(err)
	}
	item := doc.Paths.Value(path)
	if item == nil {
		t.Fatalf("no path %s", path)
	}
	op := item.GetOperation(method)
	if method == blueprint.MethodAny {
		op, _ = item.Extensions["x-amazon-apigateway-any-method"].(*openapi3.Operation)
	}
	if op == nil {
		t.Fatalf("no operation %s %s", method, path)
	}
	return op.Extensions["x-amazon-apigateway-integration"].(map[string]any)
}

// TestBackendPaths shows, for each kind of integration ecsgate generates,
// the path the backend receives when a client calls the stage: the route's
// own path, never with the stage in front. (AWS's guide says private
// integrations receive the stage unless $context.requestOverride.path is
// overridden; that holds for integrations that pass the client's path on,
// and every integration here names its path in its URI instead.)
func TestBackendPaths(t *testing.T) {
	alb, err := blueprint.Read("alb.yaml", []byte(albAPI))
	if err != nil {
		t.Fatal(err)
	}
	albRes, err := blueprint.Resolve(alb)
	if err != nil {
		t.Fatal(err)
	}
	nlbV2 := apiBlueprint(t, func(b *blueprint.Blueprint) { b.API.Stage = "prod" })
	nlbV1 := apiBlueprint(t, func(b *blueprint.Blueprint) { b.API.Stage = "prod"; b.API.VpcLink = blueprint.VpcLinkV1 })
	public, err := blueprint.Read("public.yaml", []byte(strings.NewReplacer(
		"    scheme: internal\n", "",
		"  backend: alb\n", "  backend: alb-public\n",
		"    - {path: /me, method: GET, service: orders, auth: {userPool: users}, integration: claims}\n", "",
	).Replace(albAPI)))
	if err != nil {
		t.Fatal(err)
	}
	publicRes, err := blueprint.Resolve(public)
	if err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name              string
		b                 *blueprint.Resolved
		route, method     string
		request, received string
		host              string
	}{
		{"V2, ALB, proxy", albRes, "/orders", "GET", "/orders", "/orders", "internal.example.com"},
		{"V2, ALB, path variable", albRes, "/orders/{id}", "GET", "/orders/42", "/orders/42", "internal.example.com"},
		{"V2, ALB, claims", albRes, "/me", "GET", "/me", "/me", "internal.example.com"},
		{"V2, ALB, greedy path", albRes, "/files/{proxy+}", "ANY", "/files/a/b/c.txt", "/files/a/b/c.txt", "internal.example.com"},
		{"V2, NLB, proxy", nlbV2, "/orders/{id}", "GET", "/orders/7", "/orders/7", nlbDNSName},
		{"V2, NLB, claims", nlbV2, "/orders", "POST", "/orders", "/orders", nlbDNSName},
		{"V2, NLB, greedy path", nlbV2, "/files/{proxy+}", "ANY", "/files/x/y", "/files/x/y", nlbDNSName},
		{"V2, NLB, root", nlbV2, "/", "GET", "/", "/", nlbDNSName},
		{"V1, NLB, proxy", nlbV1, "/orders/{id}", "GET", "/orders/7", "/orders/7", nlbDNSName},
		{"V1, NLB, claims", nlbV1, "/orders", "POST", "/orders", "/orders", nlbDNSName},
		{"V1, NLB, greedy path", nlbV1, "/files/{proxy+}", "ANY", "/files/x/y", "/files/x/y", nlbDNSName},
		{"public ALB, greedy path", publicRes, "/files/{proxy+}", "ANY", "/files/a/b", "/files/a/b", "internal.example.com"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := integrationOf(t, c.b, c.route, c.method)
			u := backendURL(t, in, c.route, c.b.API.Stage, "/"+c.b.API.Stage+c.request)
			if u.Path != c.received {
				t.Errorf("a client's %s /%s%s reaches the backend as %s, want %s", c.method, c.b.API.Stage, c.request, u.Path, c.received)
			}
			if strings.HasPrefix(u.Path, "/"+c.b.API.Stage+"/") {
				t.Errorf("the stage is in the backend path %s", u.Path)
			}
			if u.Hostname() != c.host {
				t.Errorf("host (Host header and TLS name) %s, want %s", u.Host, c.host)
			}
			// The path comes from the URI alone: no mapping template or
			// override changes it behind the URI's back.
			for key := range in {
				if strings.Contains(fmt.Sprint(in[key]), "requestOverride") {
					t.Errorf("%s overrides the request: %v", key, in[key])
				}
			}
		})
	}
}
