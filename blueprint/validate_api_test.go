package blueprint

import (
	"testing"
)

// apiBase is a valid Blueprint with an API, a user pool and a CDN.
const apiBase = base + `userPools:
  - name: users
api:
  routes:
    - path: /
      method: GET
      service: web
    - path: /orders/{id}
      method: POST
      service: web
      auth: {userPool: users}
      integration: claims
cdn:
  domains: [api.example.com]
  certificate: arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012
`

func TestAPIRules(t *testing.T) {
	checkRules(t, apiBase, []ruleCase{
		{"certificate outside us-east-1", "acm:us-east-1:", "acm:eu-west-1:", "cdn.certificate", "certificate: arn", "reads certificates only from us-east-1"},
		{"cdn certificate missing", "  certificate: arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012\n", "", "cdn.certificate", "cdn:", "is required"},
		{"cdn without api", "api:\n  routes:", "x-api:\n  routes:", "cdn", "cdn:", "there is no api"},
		{"origin timeout below route timeout", "  domains: [api.example.com]\n", "  domains: [api.example.com]\n  originTimeout: 20\n", "cdn.originTimeout", "originTimeout", "before API Gateway's 29 s timeout"},
		{"origin timeout range", "  domains: [api.example.com]\n", "  domains: [api.example.com]\n  originTimeout: 90\n", "cdn.originTimeout", "originTimeout", "out of range"},
		{"cdn domain", "[api.example.com]", "[api_example]", "cdn.domains[0]", "domains", "not a valid domain name"},
		{"price class", "  domains: [api.example.com]\n", "  domains: [api.example.com]\n  priceClass: cheap\n", "cdn.priceClass", "priceClass", "not allowed"},
		{"greedy in the middle", "path: /orders/{id}", "path: /orders/{id+}/items", "api.routes[1].path", "/orders/{id+}", "before the last part"},
		{"path without slash", "path: /orders/{id}", "path: orders", "api.routes[1].path", "path: orders", "does not start with /"},
		{"path trailing slash", "path: /orders/{id}", "path: /orders/", "api.routes[1].path", "/orders/", "ends with /"},
		{"path bad param", "path: /orders/{id}", "path: /orders/{id", "api.routes[1].path", "{id", "malformed parameter"},
		{"path bad chars", "path: /orders/{id}", "path: /orders/a b", "api.routes[1].path", "a b", "characters API Gateway does not accept"},
		{"path repeated param", "path: /orders/{id}", "path: /orders/{id}/{id}", "api.routes[1].path", "{id}/{id}", "twice"},
		{"unknown service", "      method: GET\n      service: web", "      method: GET\n      service: shop", "api.routes[0].service", "service: shop", `there is no service "shop"`},
		{"service without nlb", "    nlb: {}\n", "", "api.routes[0].service", "service: web", "not attached to the NLB"},
		{"60 s timeout without quota", "      method: GET\n", "      method: GET\n      timeout: 60\n", "api.routes[0].timeout", "timeout", "api.raisedTimeoutQuota"},
		{"60 s timeout with quota", "api:\n", "api:\n  raisedTimeoutQuota: true\n", "", "", ""},
		{"missing user pool", "auth: {userPool: users}", "auth: {userPool: staff}", "api.routes[1].auth.userPool", "staff", `no user pool "staff"`},
		{"claims without auth", "      auth: {userPool: users}\n", "", "api.routes[1].integration", "integration", "has no auth"},
		{"claims with ANY", "method: POST", "method: ANY", "api.routes[1].method", "ANY", "not ANY"},
		{"claims with proxy", "      integration: claims\n", "      claims: [sub]\n", "api.routes[1].claims", "claims", "only by a claims integration"},
		{"claim keys clash", "      integration: claims\n", "      integration: claims\n      claims: [username, 'cognito:username']\n", "api.routes[1].claims[1]", "claims: [username", "both become the JSON key"},
		{"bad method", "method: GET", "method: FETCH", "api.routes[0].method", "FETCH", "not allowed"},
		{"duplicate route", "      method: GET\n      service: web\n", "      method: GET\n      service: web\n    - path: /\n      method: get\n      service: web\n", "api.routes[1]", "- path: /\n      method: get", "conflicts with api.routes[0]"},
		{"sibling variables", "      method: GET\n      service: web\n", "      method: GET\n      service: web\n    - path: /orders/{orderId}/items\n      method: GET\n      service: web\n", "api.routes[2].path", "/orders/{id}", "API Gateway allows one"},
		{"same route under another name", "      method: GET\n      service: web\n", "      method: GET\n      service: web\n    - path: /orders/{key}\n      method: POST\n      service: web\n", "api.routes[2]", "- path: /orders/{id}", "conflicts with api.routes[1]"},
		{"stage name", "api:\n", "api:\n  stage: dev stage\n", "api.stage", "stage", "not a valid stage name"},
		{"cors origin", "api:\n", "api:\n  cors: {origin: 'https://a.example.com, https://b.example.com'}\n", "api.cors.origin", "cors", "not an origin"},
		{"options with cors", "api:\n  routes:\n    - path: /\n      method: GET", "api:\n  cors: {origin: '*'}\n  routes:\n    - path: /\n      method: OPTIONS", "api.routes[0].method", "OPTIONS", "generated CORS preflight"},
		{"tls nlb without host", "    hostname: api.example.com\n", "", "ingress.nlb.hostname", "  nlb:", "needs a host name"},
		{"api without nlb", "ingress:\n  nlb:\n    certificate:\n      domain: api.example.com\n    hostname: api.example.com\n", "", "api", "api:", "ingress.nlb is not defined"},
		{"user pool arn", "  - name: users\n", "  - name: users\n    arn: arn:aws:cognito-idp:x\n", "userPools[0].arn", "arn:aws:cognito", "not a user pool ARN"},
		{"scopes", "auth: {userPool: users}", "auth: {userPool: users, scopes: ['a b']}", "api.routes[1].auth.scopes[0]", "scopes", "not an OAuth scope"},
		{"a scope that Fn::Sub would read", "auth: {userPool: users}", "auth: {userPool: users, scopes: ['shop/${X}']}", "api.routes[1].auth.scopes[0]", "scopes", "Fn::Sub of the API document"},
		{"scopes on a created pool", "auth: {userPool: users}", "auth: {userPool: users, scopes: [shop/read]}", "api.routes[1].auth.scopes", "scopes", "without a resource server"},
		{"scopes on an existing pool", "  - name: users\n", "  - name: users\n    arn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123\n", "", "", ""},
		{"throttle", "api:\n", "api:\n  throttle: {rate: 20000}\n", "api.throttle.rate", "throttle", "out of range"},
	})
}

func TestSplitPath(t *testing.T) {
	got := SplitPath("/files/{bucket}/{proxy+}")
	want := []PathSegment{{Name: "files"}, {Name: "bucket", Param: true}, {Name: "proxy", Param: true, Greedy: true}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("segment %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if len(SplitPath("/")) != 0 {
		t.Error("/ has segments")
	}
}

// TestPathFixes: a path written as other tools write it gets the path in
// API Gateway's form as its fix.
func TestPathFixes(t *testing.T) {
	for path, want := range map[string]string{
		"/orders/*":              "API Gateway matches the rest of the path with a greedy parameter: write /orders/{proxy+}",
		"/**":                    "API Gateway matches the rest of the path with a greedy parameter: write /{proxy+}",
		"/orders/*/items":        "use letters, digits and . _ ~ : @ -",
		"/orders/<id>":           "API Gateway writes a path parameter in braces: write /orders/{id}",
		"/orders/<int:id>/items": "API Gateway writes a path parameter in braces: write /orders/{id}/items",
		"/orders/<1d>":           "use letters, digits and . _ ~ : @ -",
		"/orders/a b":            "use letters, digits and . _ ~ : @ -",
	} {
		if _, fix := pathProblem(path); fix != want {
			t.Errorf("pathProblem(%q) fix %q, want %q", path, fix, want)
		}
	}
	for _, valid := range []string{"/orders/:id", "/v1/things:batchGet", "/"} {
		if problem, _ := pathProblem(valid); problem != "" {
			t.Errorf("pathProblem(%q) = %q, want none", valid, problem)
		}
	}
}

// TestStageNameFix: a stage name API Gateway refuses gets the name written
// with each run of other characters made a hyphen, or an example when
// nothing of it is left.
func TestStageNameFix(t *testing.T) {
	const rule = "a stage name is 1 to 128 letters, digits, hyphens and underscores"
	for stage, want := range map[string]string{
		"v1.0":        `write "v1-0": ` + rule,
		"prod stage!": `write "prod-stage": ` + rule,
		"a-.b":        `write "a-b": ` + rule,
		"..":          "write a name such as dev: " + rule,
		"é":           "write a name such as dev: " + rule,
	} {
		if got := stageNameFix(stage); got != want {
			t.Errorf("%q:\n got %s\nwant %s", stage, got, want)
		}
	}
}

// TestOriginFix: a CORS origin written as an address, without its scheme or
// in capitals gets the origin browsers send; anything else the general fix.
func TestOriginFix(t *testing.T) {
	const general = `write one origin such as https://app.example.com, or "*": API Gateway answers preflights with one fixed origin`
	for _, tt := range []struct{ origin, want string }{
		{"https://app.example.com/", `write "https://app.example.com": an origin is the scheme, host and port, without a path`},
		{"https://app.example.com/login?next=/", `write "https://app.example.com": an origin is the scheme, host and port, without a path`},
		{"http://localhost:3000/", `write "http://localhost:3000": an origin is the scheme, host and port, without a path`},
		{"app.example.com", `write "https://app.example.com": an origin begins with its scheme`},
		{"app.example.com:8443/x", `write "https://app.example.com:8443": an origin begins with its scheme`},
		{"HTTPS://App.Example.com", `write "https://app.example.com": browsers send the origin in lowercase`},
		{"https://a.example.com, https://b.example.com", general},
		{"ftp://files.example.com", general},
		{"", general},
		{"https://", general},
		{"https://app.example.com:70000/", general},
		{"https://*.example.com/", general},
	} {
		if got := originFix(tt.origin, general, false); got != tt.want {
			t.Errorf("originFix(%q) = %s, want %s", tt.origin, got, tt.want)
		}
	}
}

// TestIsOrigin: an origin as a browser sends it, a port a page can be
// served on, and one * in its host where S3 takes it.
func TestIsOrigin(t *testing.T) {
	for _, tt := range []struct {
		origin   string
		wildcard bool
		want     bool
	}{
		{"https://app.example.com", false, true},
		{"http://localhost:3000", false, true},
		{"http://127.0.0.1:8080", false, true},
		{"https://app.example.com:65535", false, true},
		{"https://app.example.com:65536", false, false},
		{"https://app.example.com:0", false, false},
		{"https://app.example.com/", false, false},
		{"https://*.example.com", false, false},
		{"https://*.example.com", true, true},
		{"https://*.*.example.com", true, false},
		{"*", false, false},
	} {
		if got := isOrigin(tt.origin, tt.wildcard); got != tt.want {
			t.Errorf("isOrigin(%q, %v) = %v, want %v", tt.origin, tt.wildcard, got, tt.want)
		}
	}
}
