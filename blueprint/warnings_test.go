package blueprint

import (
	"os"
	"strings"
	"testing"
)

// TestWarnings: each choice that is valid but rarely meant gives one
// warning at its field, and the Blueprint stays valid.
func TestWarnings(t *testing.T) {
	base, err := os.ReadFile("../golden/private-api/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, old, new, path, message string }{
		{"circuit breaker off", "    memory: 512\n", "    memory: 512\n    deployment: {circuitBreaker: false, rollback: false}\n", "services[0].deployment.circuitBreaker", "never rolled back"},
		{"unverified certificate", "  stage: dev\n", "  stage: dev\n  insecureSkipVerification: true\n", "api.insecureSkipVerification", "does not verify the certificate"},
		{"no task", "    memory: 512\n", "    memory: 512\n    count: 0\n", "services[0].count", "runs no task"},
		{"an image tagged latest", `image: {repository: api/app, tag: "1.0.0"}`, `image: {repository: api/app, tag: latest}`, "services[0].containers[1].image.tag", "a later push reaches no task until a deploy changes the template"},
		{"an image URI tagged latest", `image: {repository: api/app, tag: "1.0.0"}`, `image: {uri: "public.ecr.aws/nginx/nginx:latest"}`, "services[0].containers[1].image.uri", "the tag latest moves with every push"},
		{"a parameter written :id", "    - path: /test\n", "    - path: /test/:id\n", "api.routes[1].path", `"/test/:id" has the part :id, which API Gateway matches as that text, not as a parameter`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(string(base), c.old, c.new, 1)
			if src == string(base) {
				t.Fatalf("no %q", c.old)
			}
			b, err := Read("bp.yaml", []byte(src))
			if err != nil {
				t.Fatalf("a warning made the Blueprint invalid: %v", err)
			}
			w := b.Warnings()
			if len(w) != 1 || w[0].Path != c.path || !strings.Contains(w[0].Message, c.message) || !w[0].Warning || w[0].Line == 0 {
				t.Errorf("warnings: %v", w)
			}
		})
	}
	b, err := Read("bp.yaml", base)
	if err != nil {
		t.Fatal(err)
	}
	if w := b.Warnings(); len(w) != 0 {
		t.Errorf("the example has warnings: %v", w)
	}
}

// TestRootPathAlone: an ALB path pattern of / matches the root page alone,
// which is rarely what a service's only rule means; / beside /* is fine,
// and so is / on the ALB's default service, which has every other path.
func TestRootPathAlone(t *testing.T) {
	base, err := os.ReadFile("../golden/canary-public-alb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defaultWeb := strings.Replace(string(base), "    hostnames: [shop.example.com]\n", "    hostnames: [shop.example.com]\n    default: web\n", 1)
	for paths, want := range map[string]int{`paths: ["/"]`: 1, `paths: ["/", "/*"]`: 0, `paths: ["/*"]`: 0, "default": 0} {
		src := strings.Replace(string(base), `paths: ["/*"]`, paths, 1)
		if paths == "default" {
			src = strings.Replace(defaultWeb, `paths: ["/*"]`, `paths: ["/"]`, 1)
		}
		b, err := Read("bp.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		w := b.Warnings()
		if len(w) != want {
			t.Fatalf("%s: warnings %v", paths, w)
		}
		if want == 1 && (w[0].Path != "services[0].alb.paths[0]" || w[0].Message != "the path pattern / matches the root page alone: the ALB sends every other path to its default action" || w[0].Fix != "write /* for every path, or keep / with /* beside it") {
			t.Errorf("%s: warning %+v", paths, w[0])
		}
	}
}

// TestURITag: the tag is after the last slash's colon; a registry's port
// is not a tag; a reference without a name has none.
func TestURITag(t *testing.T) {
	for ref, want := range map[string]string{
		"nginx:1.27":                        "1.27",
		"public.ecr.aws/nginx/nginx:latest": "latest",
		"registry:5000/app":                 "",
		"registry:5000/app:v1":              "v1",
		"nginx":                             "",
		":x":                                "",
	} {
		if got := uriTag(ref); got != want {
			t.Errorf("uriTag(%q) = %q, want %q", ref, got, want)
		}
	}
}
