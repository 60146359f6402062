package blueprint

import (
	"errors"
	"os"
	"slices"
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
		{"a command of one item with spaces", "        port: 80\n", "        port: 80\n        command: [\"nginx -g 'daemon off;'\"]\n", "services[0].containers[0].command", `"nginx -g 'daemon off;'" is one item: the container runs a program of that whole name, as no shell splits it`},
		{"an entry point of one item with spaces", "        port: 80\n", "        port: 80\n        entryPoint: [\"npm start\"]\n", "services[0].containers[0].entryPoint", `"npm start" is one item`},
		{"a CPU alarm at a fraction of one percent", "    memory: 512\n", "    memory: 512\n    alarms: {cpu: {threshold: 0.8}}\n", "services[0].alarms.cpu.threshold", "0.8% of the task's CPU is below one percent, which almost any work passes"},
		{"a memory alarm at a fraction of one percent", "tags:\n", "alarms: {services: {memory: {threshold: 0.755}}}\ntags:\n", "alarms.services.memory.threshold", "0.755% of the task's memory is below one percent"},
		{"a parameter written :id", "    - path: /test\n", "    - path: /test/:id\n", "api.routes[1].path", `"/test/:id" has the part :id, which API Gateway matches as that text, not as a parameter`},
		{"the container that serves, not essential", "        port: 80\n", "        port: 80\n        essential: false\n", "services[0].containers[0].essential", `container "nginx" serves the load balancer's requests and is not essential: when it stops, its task runs on without it`},
		{"an environment variable with no value", "        port: 80\n", "        port: 80\n        environment:\n          FEATURES: on\n          UPSTREAM_URL:\n", "services[0].containers[0].environment.UPSTREAM_URL", `UPSTREAM_URL has no value, and the container gets it empty: Compose would pass the value of the shell it runs in`},
		{"an environment variable written as null", "        port: 80\n", "        port: 80\n        environment: {UPSTREAM_URL: ~, EMPTY: \"\"}\n", "services[0].containers[0].environment.UPSTREAM_URL", `UPSTREAM_URL has no value`},
		{"an image from Docker Hub, through the NAT", `image: {repository: api/app, tag: "1.0.0"}`, `image: {uri: "nginx:1.27"}`, "services[0].containers[1].image.uri", `"nginx:1.27" is pulled from Docker Hub without credentials, through the NAT gateway's address, which Docker Hub allows 10 pulls an hour (each task start is one)`},
		{"Fargate Spot that no task reaches", "    memory: 512\n", "    memory: 512\n    count: 2\n    spot: {onDemand: 2}\n", "services[0].spot.onDemand", "no task runs on Fargate Spot: the first 2 run on regular Fargate, and the service runs at most 2 (count)"},
		{"Fargate Spot beyond autoscaling's maximum", "    memory: 512\n", "    memory: 512\n    autoscaling: {min: 1, max: 3, cpu: 60}\n    spot: {onDemand: 5}\n", "services[0].spot.onDemand", "no task runs on Fargate Spot: the first 5 run on regular Fargate, and the service runs at most 3 (autoscaling.max)"},
		{"a secret's version labelled latest", "        port: 80\n", "        port: 80\n        secrets: {DB: {secret: \"arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:orders/db-AbCdEf\", versionStage: latest}}\n", "services[0].containers[0].secrets.DB.versionStage", `"latest" is a label of your own; Secrets Manager's labels are AWSCURRENT, AWSPREVIOUS and AWSPENDING`},
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
			w := otherWarnings(b)
			if len(w) != 1 || w[0].Path != c.path || !strings.Contains(w[0].Message, c.message) || !w[0].Warning || w[0].Line == 0 {
				t.Errorf("warnings: %v", w)
			}
		})
	}
	b, err := Read("bp.yaml", base)
	if err != nil {
		t.Fatal(err)
	}
	if w := otherWarnings(b); len(w) != 0 {
		t.Errorf("the example has warnings: %v", w)
	}
}

// TestExactPathAlone: an ALB path pattern without a wildcard matches that
// path alone, which is rarely what a service's rule means (other tools
// match a prefix). / is warned unless /* is beside it; another path when
// none of the service's patterns has a wildcard. The ALB's default
// service, which has every other path, is not warned.
func TestExactPathAlone(t *testing.T) {
	base, err := os.ReadFile("../golden/canary-public-alb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defaultWeb := strings.Replace(string(base), "    hostnames: [shop.example.com]\n", "    hostnames: [shop.example.com]\n    default: web\n", 1)
	type warning struct{ path, message, fix string }
	root := warning{"services[0].alb.paths[0]", "the path pattern / matches the root page alone: the ALB sends every other path to its default action", "write /* for every path, or keep / with /* beside it"}
	for _, c := range []struct {
		paths string
		want  []warning
	}{
		{`paths: ["/"]`, []warning{root}},
		{`paths: ["/", "/*"]`, nil},
		{`paths: ["/*"]`, nil},
		{`paths: ["/", "/api/*"]`, []warning{root}},
		{`paths: ["/api"]`, []warning{{"services[0].alb.paths[0]", "the path pattern /api matches that path alone: the ALB sends /api/... to another rule or its default action", "write [/api, /api/*] for /api and every path under it"}}},
		{`paths: ["/api/", "/v?"]`, nil},
		{`paths: ["/api", "/api/*"]`, nil},
		{`paths: ["/", "/api/"]`, []warning{root, {"services[0].alb.paths[1]", "the path pattern /api/ matches that path alone: the ALB sends /api/... to another rule or its default action", "write [/api, /api/*] for /api and every path under it"}}},
		{"default", nil},
	} {
		src := strings.Replace(string(base), `paths: ["/*"]`, c.paths, 1)
		if c.paths == "default" {
			src = strings.Replace(defaultWeb, `paths: ["/*"]`, `paths: ["/", "/api"]`, 1)
		}
		b, err := Read("bp.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var got []warning
		for _, w := range otherWarnings(b) {
			got = append(got, warning{w.Path, w.Message, w.Fix})
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: warnings\n%q\nwant\n%q", c.paths, got, c.want)
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

// TestPipelineMessages: the pipeline's fields written as CI variables and
// the consoles show them get the value to write.
func TestPipelineMessages(t *testing.T) {
	base, err := os.ReadFile("../golden/private-api-pipeline/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, old, new, want string }{
		{"a branch's ref", "    branch: main\n", "    branch: refs/heads/release\n",
			`bp.yaml:68:13: warning: pipeline.source.branch: "refs/heads/release" is the branch's ref; the source action takes the branch's name, and would watch a branch named "refs/heads/release" (write branch: release)`},
		{"a role's name", "  deployRole: arn:aws:iam::123456789012:role/orders-cloudformation-deploy\n", "  deployRole: orders-cloudformation-deploy\n",
			`bp.yaml:70:15: pipeline.deployRole: "orders-cloudformation-deploy" is not an IAM role ARN (write the role's ARN, arn:aws:iam::ACCOUNT:role/orders-cloudformation-deploy, with the role's account)`},
		{"a compute type's size", "  stack: orders\n", "  stack: orders\n  computeType: small\n",
			`bp.yaml:70:16: pipeline.computeType: "small" is not allowed (did you mean "BUILD_GENERAL1_SMALL"?)`},
		{"an absolute Dockerfile, and no follow-on for the context it defaults", "dockerfile: release/app/Dockerfile}", "dockerfile: /release/app/Dockerfile}",
			`bp.yaml:72:50: pipeline.builds[0].dockerfile: "/release/app/Dockerfile" is absolute (write it relative to the repository root, e.g. release/app/Dockerfile)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(string(base), c.old, c.new, 1)
			if src == string(base) {
				t.Fatalf("no %q", c.old)
			}
			b, err := Read("bp.yaml", []byte(src))
			var got []string
			if err != nil {
				var problems Problems
				if !errors.As(err, &problems) {
					t.Fatal(err)
				}
				for _, p := range problems {
					got = append(got, p.String())
				}
			} else {
				for _, w := range otherWarnings(b) {
					got = append(got, w.String())
				}
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
			}
		})
	}
}

// TestEndingIn: a choice written as its last word alone is the one choice
// that ends in it, in any case; a word that ends several, or none, is none.
func TestEndingIn(t *testing.T) {
	sizes := []string{"BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"}
	for value, want := range map[string]string{
		"small": "BUILD_GENERAL1_SMALL", "Large": "BUILD_GENERAL1_LARGE", "XLARGE": "BUILD_GENERAL1_XLARGE",
		"2xlarge": "BUILD_GENERAL1_2XLARGE", "GENERAL1_SMALL": "BUILD_GENERAL1_SMALL", "ARGE": "", "": "", "medium": "",
	} {
		if got := endingIn(value, sizes); got != want {
			t.Errorf("endingIn(%q) = %q, want %q", value, got, want)
		}
	}
	if got := endingIn("a", []string{"X_A", "Y_A"}); got != "" {
		t.Errorf("a word two choices end in: %q", got)
	}
}

// TestQuotaNamed: a quota written by AWS's own name, or by its key without
// what it applies to, is the one quota of that name; names that fit several
// or none are none.
func TestQuotaNamed(t *testing.T) {
	for key, want := range map[string]string{
		"Rules per Application Load Balancer":     QuotaALBRules,
		"Listeners per Application Load Balancer": QuotaALBListeners,
		"Listeners per Network Load Balancer":     QuotaNLBListeners,
		"Resources per API":                       QuotaAPIResources,
		"targetGroups":                            QuotaALBTargetGroups,
		"listeners":                               "", // the ALB's and the NLB's
		"Rules per thing":                         "",
		"per Application Load Balancer":           "",
		"albRulez":                                "", // adjustable: did you mean, not this
	} {
		q, ok := quotaNamed(key)
		if ok != (want != "") || q.Key != want {
			t.Errorf("quotaNamed(%q) = %q, %v; want %q", key, q.Key, ok, want)
		}
	}
}

// TestSwitchedBy: a boolean written for enabled or disabled is that word,
// where it is one of the choices.
func TestSwitchedBy(t *testing.T) {
	insights := []string{"enabled", "enhanced", "disabled"}
	for value, want := range map[string]string{"true": "enabled", "Yes": "enabled", "off": "disabled", "false": "disabled", "maybe": ""} {
		if got := switchedBy(value, insights); got != want {
			t.Errorf("switchedBy(%q) = %q, want %q", value, got, want)
		}
	}
	if got := switchedBy("true", []string{"single", "nested"}); got != "" {
		t.Errorf("a choice without enabled: %q", got)
	}
}

// TestDockerHubRepository: an image reference names a Docker Hub
// repository when it has no registry host, or Docker Hub's; Docker's
// official images (one name, or library/) have their copy in ECR Public.
func TestDockerHubRepository(t *testing.T) {
	for uri, want := range map[string][2]string{
		"nginx:1.27":                                         {"nginx", "public.ecr.aws/docker/library/nginx:1.27"},
		"library/redis:7":                                    {"redis", "public.ecr.aws/docker/library/redis:7"},
		"docker.io/library/postgres:16":                      {"postgres", "public.ecr.aws/docker/library/postgres:16"},
		"index.docker.io/nginx@sha256:abc":                   {"nginx", "public.ecr.aws/docker/library/nginx@sha256:abc"},
		"acme/api:2":                                         {"acme/api", ""},
		"docker.io/acme/api:1.0":                             {"acme/api", ""},
		"public.ecr.aws/nginx/nginx:1.27":                    {"", ""},
		"ghcr.io/acme/api:1":                                 {"", ""},
		"localhost:5000/api:1":                               {"", ""},
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1": {"", ""},
	} {
		repository, official := dockerHubRepository(uri)
		if repository != want[0] || official != want[1] {
			t.Errorf("dockerHubRepository(%q) = %q, %q, want %q, %q", uri, repository, official, want[0], want[1])
		}
	}
}

// otherWarnings are b's warnings but those of the examples' placeholders,
// which the fixtures here write on purpose (TestPlaceholders has them).
func otherWarnings(b *Blueprint) Problems {
	var list Problems
	for _, w := range b.Warnings() {
		if !IsPlaceholder(w) {
			list = append(list, w)
		}
	}
	return list
}

// TestUnreachedPort: a service with a container port and no load balancer
// is warned at that port, with the ways to attach it that the Blueprint
// has (or how to add one), and a scheduled service with leaving it out; a
// worker without ports, and a service behind a load balancer, are not.
func TestUnreachedPort(t *testing.T) {
	service := func(name, attach string) string {
		return "  - name: " + name + "\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 80}\n" + attach
	}
	const worker = "  - name: jobs\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: log, image: {uri: \"public.ecr.aws/aws-observability/aws-for-fluent-bit:stable\"}}\n      - {name: app, image: {uri: \"public.ecr.aws/docker/library/python:3.13\"}, port: 9000}\n"
	for _, c := range []struct{ name, src, want string }{
		{"a first Blueprint without ingress", "name: shop\nservices:\n" + service("web", ""),
			`bp.yaml:7:76: warning: services[0].containers[0].port: port 80 receives no requests: service "web" has no load balancer (alb or nlb), and its tasks admit traffic from a load balancer only (put a load balancer in front of it: ingress: {alb: {default: web}} and alb: {} in the service for a web site, ingress: {nlb: {}} and nlb: {} for an API behind API Gateway; or leave port out of a service that takes no requests)`},
		{"the second container's port, beside load balancers",
			"name: shop\ningress:\n  nlb: {}\n  alb: {default: front}\n  albs: [{id: more, scheme: internal}]\nservices:\n" +
				service("front", "    alb: {}\n") + service("api", "    nlb: {}\n") + service("site", "    alb: {loadBalancer: more, paths: [/*]}\n") + worker,
			`bp.yaml:30:86: warning: services[3].containers[1].port: port 9000 receives no requests: service "jobs" has no load balancer (alb or nlb), and its tasks admit traffic from a load balancer only (attach it with nlb: {} for ingress.nlb, or alb: {paths: [/*]} for ingress.alb, or alb: {loadBalancer: more, paths: [/*]} for ingress.albs[0]; or leave port out of a service that takes no requests)`},
		{"a worker", "name: shop\nservices:\n" + strings.Replace(worker, ", port: 9000", "", 1), ""},
		{"a scheduled service", "name: shop\nservices:\n" + worker + "    schedule: {expression: rate(1 hour)}\n",
			`bp.yaml:8:86: warning: services[0].containers[1].port: port 9000 receives no requests: service "jobs" runs on a schedule, and nothing reaches its tasks (leave port out: the task's containers reach each other on localhost without one)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			warnsExactly(t, c.src, c.want)
		})
	}
}

// TestHealthCheckOutsidePaths: a service whose rule matches some paths and
// whose health check is left at GET / is warned at its alb section, with a
// path under its own; a health check path written, a pattern matching /,
// a rule by host alone and the ALB's default service are not.
func TestHealthCheckOutsidePaths(t *testing.T) {
	const base = "name: shop\ningress:\n  alb: {}\nservices:\n  - name: api\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}\n"
	for _, c := range []struct{ name, alb, want string }{
		{"paths under /api", "    alb: {paths: [/api, /api/*]}\n",
			`bp.yaml:10:10: warning: services[0].alb: the load balancer checks the tasks' health with GET /, a path outside the service's paths (/api, /api/*): an application served under them often answers it with 404, and then every task fails its health checks and the deployment is rolled back (write healthCheck: {path: /api/health}, or a path the application answers with 200-399)`},
		{"a pattern with a wildcard inside", "    alb: {paths: [\"/v?/orders/*\"], healthCheck: {codes: \"200\"}}\n",
			`bp.yaml:10:10: warning: services[0].alb: the load balancer checks the tasks' health with GET /, a path outside the service's paths (/v?/orders/*): an application served under them often answers it with 404, and then every task fails its health checks and the deployment is rolled back (write healthCheck: {path: /health}, or a path the application answers with 200)`},
		{"a health check path written", "    alb: {paths: [/api/*], healthCheck: {path: /}}\n", ""},
		{"every path", "    alb: {paths: [/*]}\n", ""},
		{"a rule by host", "    alb: {hosts: [\"*.shop.test\"]}\n", ""},
		{"the ALB's default", "    alb: {paths: [/api/*]}\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := base + c.alb
			if c.name == "the ALB's default" {
				src = strings.Replace(src, "  alb: {}\n", "  alb: {default: api}\n", 1)
			}
			warnsExactly(t, src, c.want)
		})
	}
}

// warnsExactly checks that the valid Blueprint src warns of want alone
// (nothing for ""), besides the examples' placeholders, in gen's words.
func warnsExactly(t *testing.T, src, want string) {
	t.Helper()
	b, err := Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatalf("a warning made the Blueprint invalid: %v", err)
	}
	var got []string
	for _, w := range otherWarnings(b) {
		got = append(got, w.String())
	}
	if wanted := slices.DeleteFunc([]string{want}, func(s string) bool { return s == "" }); !slices.Equal(got, wanted) {
		t.Errorf("warnings:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wanted, "\n"))
	}
}

// TestCertificateWithoutHostnames: an ALB with a certificate the template
// requests and no host names is warned at the certificate, with a host name
// it covers to write (www under a wildcard's domain); with host names, or
// a certificate given by ARN (whose names gen does not know), it is not.
func TestCertificateWithoutHostnames(t *testing.T) {
	const base = "name: shop\ndns: {zone: shop.test, zoneId: Z1PA6795UKMFR9}\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}\n    alb: {healthCheck: {path: /}}\ningress:\n  alb: {default: web, "
	for _, c := range []struct{ name, alb, want string }{
		{"a name", "certificate: {domain: www.shop.test}}\n",
			`bp.yaml:11:36: warning: ingress.alb.certificate: the certificate is for www.shop.test, and the ALB has no host names: no DNS record points www.shop.test at it, and HTTPS clients refuse its own DNS name, which the certificate does not cover (add hostnames: [www.shop.test], whose record the template creates in dns.zone)`},
		{"a wildcard", "certificate: {domain: \"*.shop.test\"}}\n",
			`bp.yaml:11:36: warning: ingress.alb.certificate: the certificate is for *.shop.test, and the ALB has no host names: no DNS record points *.shop.test at it, and HTTPS clients refuse its own DNS name, which the certificate does not cover (add hostnames: [www.shop.test], whose record the template creates in dns.zone)`},
		{"with host names", "certificate: {domain: www.shop.test}, hostnames: [www.shop.test]}\n", ""},
		{"a certificate by ARN", "certificate: {arn: \"arn:aws:acm:ap-northeast-1:111122223333:certificate/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\"}}\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) { warnsExactly(t, base+c.alb, c.want) })
	}
}

// TestServiceHostDNS: a service's host name that no record the template
// creates points at its internet-facing ALB is warned, with the field that
// creates one when the name is in dns.zone; a name of the ALB's hostnames,
// a pattern, an internal ALB and an ALB API Gateway calls are not.
func TestServiceHostDNS(t *testing.T) {
	const base = "name: shop\ndns: {zone: shop.test, zoneId: Z0ABCDEF12345678}\ningress:\n  alb: {hostnames: [www.shop.test], certificate: {arn: \"arn:aws:acm:eu-west-1:123456789012:certificate/0e2a3b4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c\"}}\nservices:\n  - name: api\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}\n"
	for _, c := range []struct{ name, alb, want string }{
		{"a name of the zone", "    alb: {hosts: [api.shop.test], healthCheck: {path: /}}\n",
			`bp.yaml:11:19: warning: services[0].alb.hosts[0]: no DNS record the template creates points api.shop.test at the ALB: it creates records for ingress.alb.hostnames alone (add it to ingress.alb.hostnames, whose records the template creates in shop.test, or point api.shop.test's DNS at the ALB yourself (the stack output AlbDnsName))`},
		{"a name elsewhere", "    alb: {hosts: [api.example.org], healthCheck: {path: /}}\n",
			`bp.yaml:11:19: warning: services[0].alb.hosts[0]: no DNS record the template creates points api.example.org at the ALB: it creates records for ingress.alb.hostnames alone (point api.example.org's DNS at the ALB yourself (the stack output AlbDnsName))`},
		{"a name of the ALB's", "    alb: {hosts: [WWW.shop.test], healthCheck: {path: /}}\n", ""},
		{"a pattern", "    alb: {hosts: [\"*.shop.test\"], healthCheck: {path: /}}\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			warnsExactly(t, base+c.alb, c.want)
		})
	}
	t.Run("an internal ALB", func(t *testing.T) {
		src := strings.Replace(base, "alb: {hostnames: [www.shop.test], ", "alb: {scheme: internal, ", 1) + "    alb: {hosts: [api.shop.test], healthCheck: {path: /}}\n"
		warnsExactly(t, src, "")
	})
}

// TestServiceHostCertificate: a service's host name the ALB's created
// certificate does not cover is refused, with the name to add, or, outside
// dns.zone, the certificate to name instead.
func TestServiceHostCertificate(t *testing.T) {
	const base = "name: shop\ndns: {zone: shop.test, zoneId: Z0ABCDEF12345678}\ningress:\n  alb:\n    certificate: {domain: www.shop.test}\n    hostnames: [www.shop.test]\nservices:\n  - name: api\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}\n    alb: {hosts: [www.shop.test], healthCheck: {path: /}}\n"
	checkRules(t, base, []ruleCase{
		{"a name of the zone", "hosts: [www.shop.test]", "hosts: [www.shop.test, api.shop.test]", "services[0].alb.hosts[1]", "hosts:", "the ALB's certificate does not cover api.shop.test: HTTPS clients refuse the name, and the ALB redirects plain HTTP to HTTPS (add api.shop.test to ingress.alb.certificate.alternativeNames, or use a wildcard certificate)"},
		{"a name elsewhere", "hosts: [www.shop.test]", "hosts: [api.example.org]", "services[0].alb.hosts[0]", "hosts:", "the ALB's certificate does not cover api.example.org: HTTPS clients refuse the name, and the ALB redirects plain HTTP to HTTPS (use a host under shop.test, or name by arn a certificate issued for api.example.org)"},
		{"a wildcard certificate", "{domain: www.shop.test}", "{domain: \"*.shop.test\"}", "", "", ""},
		{"an alternative name", "{domain: www.shop.test}", "{domain: www.shop.test, alternativeNames: [api.shop.test]}", "", "", ""},
	})
}
