package blueprint

import (
	"strings"
	"testing"
)

// routesBase is an API in front of an internal ALB (through a VPC link V2)
// with three services chosen by path and host.
const routesBase = `name: shop
network:
  vpc:
    cidr: 10.0.0.0/16
dns:
  zone: example.com
  zoneId: Z0123456789EXAMPLE
ingress:
  alb:
    scheme: internal
    certificate:
      domain: origin.example.com
    hostnames: [origin.example.com]
services:
  - name: orders
    cpu: 256
    memory: 512
    containers:
      - {name: app, image: {repository: shop/orders, tag: "1"}, port: 8080}
    alb: {paths: ["/orders", "/orders/*"], priority: 10}
  - name: users
    cpu: 256
    memory: 512
    containers:
      - {name: app, image: {repository: shop/users, tag: "1"}, port: 8080}
    alb: {paths: ["/users/*"], priority: 20}
  - name: web
    cpu: 256
    memory: 512
    containers:
      - {name: app, image: {repository: shop/web, tag: "1"}, port: 8080}
    alb: {paths: ["/*"], priority: 90}
api:
  backend: alb
  routes:
    - {path: /orders, method: GET, service: orders}
    - {path: "/orders/{id}", method: GET, service: orders}
    - {path: "/users/{id}/profile", method: GET, service: users}
    - {path: "/static/{proxy+}", method: GET, service: web}
`

// TestRoutesReachTheirService checks the hop from API route to listener
// rule: a route whose requests an earlier rule of another service takes, or
// that no rule of its service matches, is refused with the route, the rule
// and the fix.
func TestRoutesReachTheirService(t *testing.T) {
	checkRules(t, routesBase, []ruleCase{
		{"wildcard rule first", `alb: {paths: ["/*"], priority: 90}`, `alb: {paths: ["/*"], priority: 5}`,
			"api.routes[0]", "path: /orders,", `reaches the rule of service "web" first (services[2].alb, priority 5, paths [/*])`},
		{"wildcard rule first: the fix", `alb: {paths: ["/*"], priority: 90}`, `alb: {paths: ["/*"], priority: 5}`,
			"api.routes[0]", "path: /orders,", "lower priority number than 5"},
		{"an earlier rule takes part of a variable", `alb: {paths: ["/users/*"], priority: 20}`, `alb: {paths: ["/users/*", "/orders/archive*"], priority: 5}`,
			"api.routes[1]", `path: "/orders/{id}"`, "a request such as /orders/archive"},
		{"a host-restricted rule for another host takes nothing", `alb: {paths: ["/*"], priority: 90}`, `alb: {paths: ["/*"], hosts: [www.example.com], priority: 5}`,
			"api.routes[3]", `path: "/static/{proxy+}"`, "default action (404)"},
		{"a host-restricted rule for the integration's host", `alb: {paths: ["/*"], priority: 90}`, `alb: {paths: ["/*"], hosts: ["*.example.com"], priority: 5}`,
			"api.routes[0]", "path: /orders,", `hosts [*.example.com]`},
		{"a host rule without paths takes every path", `alb: {paths: ["/*"], priority: 90}`, `alb: {hosts: [origin.example.com], priority: 5}`,
			"api.routes[2]", `path: "/users/{id}/profile"`, `reaches the rule of service "web" first`},
		{"greedy path under the service's rule", `{path: "/users/{id}/profile", method: GET, service: users}`, `{path: "/users/{proxy+}", method: GET, service: users}`,
			"", "", ""},
		{"greedy path at the root", `{path: "/static/{proxy+}", method: GET, service: web}`, `{path: "/{proxy+}", method: ANY, service: web}`,
			"api.routes[3]", `path: "/{proxy+}"`, `reaches the rule of service "orders" first`},
		{"a route no rule of its service matches", `{path: "/users/{id}/profile", method: GET, service: users}`, `{path: "/accounts/{id}", method: GET, service: users}`,
			"api.routes[2]", `path: "/accounts/{id}"`, `reaches the rule of service "web" first`},
		{"falls to the default action", `alb: {paths: ["/*"], priority: 90}`, `alb: {paths: ["/assets/*"], priority: 90}`,
			"api.routes[3]", `path: "/static/{proxy+}"`, "gets the ALB's default action (404)"},
		{"falls to the default action: the fix", `alb: {paths: ["/*"], priority: 90}`, `alb: {paths: ["/assets/*"], priority: 90}`,
			"api.routes[3]", `path: "/static/{proxy+}"`, "add a path pattern that covers /static/* to services[2].alb.paths"},
		{"exact path without its own pattern", `alb: {paths: ["/orders", "/orders/*"], priority: 10}`, `alb: {paths: ["/orders/*"], priority: 10}`,
			"api.routes[0]", "path: /orders,", `reaches the rule of service "web" first`},
		{"question mark pattern", `alb: {paths: ["/users/*"], priority: 20}`, `alb: {paths: ["/users/*", "/orders/?"], priority: 5}`,
			"api.routes[1]", `path: "/orders/{id}"`, "a request such as /orders/"},
		{"the witness has no empty segment", `{path: "/static/{proxy+}", method: GET, service: web}`, `{path: "/{proxy+}", method: ANY, service: web}`,
			"api.routes[3]", `path: "/{proxy+}"`, "a request such as /orders/d/d reaches"},
	})
}

func TestAPIPrefers(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"/orders", "/{proxy+}", true},
		{"/orders/{id}", "/{proxy+}", true},
		{"/orders/{id}", "/orders/{proxy+}", true},
		{"/orders/new", "/orders/{id}", true},
		{"/orders/{id}", "/orders/new", false},
		{"/{proxy+}", "/orders", false},
		{"/users/{id}", "/orders/{id}", false},
		{"/orders/{id}/items", "/orders/{id}", false},
	} {
		if got := apiPrefers(c.a, c.b); got != c.want {
			t.Errorf("apiPrefers(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestGlobs(t *testing.T) {
	for _, c := range []struct {
		route, pattern  string
		overlap, covers bool
	}{
		{"/orders/{id}", "/orders/*", true, true},
		{"/orders/{id}", "/orders/?", true, false},
		{"/orders/{id}", "/users/*", false, false},
		{"/orders/{id}/items", "/orders/*/items", true, true},
		{"/orders/{id}/items", "/orders/*/item", false, false},
		{"/{proxy+}", "/*", true, true},
		{"/{proxy+}", "*", true, true},
		{"/{proxy+}", "/a*", true, false},
		{"/", "/*", true, true},
		{"/", "/", true, true},
		{"/a/{x}", "/a/*/b", false, false},
		{"/a/{proxy+}", "/a/*/b", true, false},
	} {
		route, pattern := routeGlob(c.route), albGlob(c.pattern)
		_, overlaps := globSearch(route, []glob{pattern}, nil, func(r bool, a []bool) bool { return r && a[0] })
		_, gap := uncovered(route, []glob{pattern})
		if overlaps != c.overlap || !gap != c.covers {
			t.Errorf("%s vs %s: overlap %v covers %v, want %v %v", c.route, c.pattern, overlaps, !gap, c.overlap, c.covers)
		}
		if prefixCovers(pattern, route) && !c.covers {
			t.Errorf("%s vs %s: the shortcut says covered", c.route, c.pattern)
		}
		if disjoint(route, pattern) && c.overlap {
			t.Errorf("%s vs %s: the shortcut says disjoint", c.route, c.pattern)
		}
	}
	if !hostMatches("*.Example.com", "origin.example.com") || hostMatches("www.example.com", "origin.example.com") {
		t.Error("host patterns")
	}
}

// TestRouteSearchBudget checks that the searches of one Blueprint share a
// bound: once spent, a search finds nothing instead of running on (a fuzzed
// Blueprint with star-heavy patterns once ran past the fuzzer's deadline).
func TestRouteSearchBudget(t *testing.T) {
	route := routeGlob("/a/{p1}/a/{p2}/a/{p3}/b/{proxy+}")
	rule := []glob{albGlob("/" + strings.Repeat("*a", 63)), albGlob("/*b*b*b*b*b*b*b*b*b*b*b*b*b*b*b*b*b*b*b*b")}
	budget := 500
	for range 10 {
		routeSearch(route, nil, rule, nil, &budget)
	}
	if budget != 0 {
		t.Fatalf("the searches left %d of the budget; want it spent by the pathological patterns", budget)
	}
	if _, found := routeSearch(routeGlob("/x"), []glob{albGlob("/x")}, nil, nil, &budget); found {
		t.Error("a search with a spent budget found something")
	}
	spare := maxRouteCheckStates
	if _, found := routeSearch(routeGlob("/x"), []glob{albGlob("/x")}, nil, nil, &spare); !found {
		t.Error("a search with a budget found nothing")
	}
}
