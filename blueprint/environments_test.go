package blueprint

import (
	"errors"
	"strings"
	"testing"
)

// envBase is a Blueprint with two services and routes, and the overlays the
// cases below change.
const envBase = `name: shop
network:
  vpc: {cidr: 10.0.0.0/16}
ingress:
  nlb: {}
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - {name: app, image: {uri: "nginx:1"}, port: 8080, environment: {MODE: dev, COLOR: blue}}
    nlb: {}
  - name: worker
    cpu: 256
    memory: 512
    containers:
      - {name: app, image: {uri: "nginx:1"}}
api:
  routes:
    - {path: /, method: GET, service: web}
    - {path: "/items/{id}", method: GET, service: web}
environments:
  prod:
    services:
      - name: web
        cpu: 1024
        memory: 2048
        count: 3
        containers:
          - name: app
            environment: {MODE: prod}
`

func readEnv(t *testing.T, src, env string) (*Blueprint, error) {
	t.Helper()
	b, err := Parse("bp.yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return b.Environment(env)
}

// TestOverlayMerge: mappings merge key by key, named lists entry by entry,
// scalars and other lists are replaced, and the base is left as it was.
func TestOverlayMerge(t *testing.T) {
	b, err := Read("bp.yaml", []byte(envBase))
	if err != nil {
		t.Fatal(err)
	}
	prod, err := b.Environment("prod")
	if err != nil {
		t.Fatal(err)
	}
	web := prod.Service("web")
	if web.CPU != 1024 || web.Memory != 2048 || *web.Count != 3 || web.NLB == nil {
		t.Errorf("web in prod: cpu %d memory %d count %v nlb %v", web.CPU, web.Memory, web.Count, web.NLB)
	}
	env := web.Containers[0].Environment
	if env["MODE"] != "prod" || env["COLOR"] != "blue" || web.Containers[0].Port != 8080 {
		t.Errorf("container merged key by key: %+v", web.Containers[0])
	}
	if prod.Service("worker") == nil || len(prod.API.Routes) != 2 || prod.Environments != nil {
		t.Errorf("prod: %+v", prod)
	}
	if base := b.Service("web"); base.CPU != 256 || base.Containers[0].Environment["MODE"] != "dev" {
		t.Error("the overlay changed the base")
	}
}

// TestOverlayNull: null in an overlay takes the base's field away, so that
// a field can replace one of another name (count for autoscaling, an image's
// uri for its repository and tag) that the base has.
func TestOverlayNull(t *testing.T) {
	src := strings.Replace(envBase, "    containers:\n      - {name: app, image: {uri: \"nginx:1\"}, port: 8080,", "    autoscaling: {min: 1, max: 3, cpu: 60}\n    containers:\n      - {name: app, image: {repository: shop/web, tag: \"1\"}, port: 8080,", 1)
	src = strings.Replace(src, "        count: 3\n        containers:\n          - name: app\n", "        count: 3\n        autoscaling: null\n        containers:\n          - name: app\n            image: {uri: \"nginx:2\", repository: null, tag: null}\n", 1)
	if !strings.Contains(src, "autoscaling: {min: 1") || !strings.Contains(src, "autoscaling: null") {
		t.Fatalf("the case's Blueprint was not written:\n%s", src)
	}
	prod, err := readEnv(t, src, "prod")
	if err != nil {
		t.Fatal(err)
	}
	web := prod.Service("web")
	if web.Autoscaling != nil || *web.Count != 3 || web.Containers[0].Image != (Image{URI: "nginx:2"}) {
		t.Errorf("web in prod: autoscaling %v, count %d, image %+v", web.Autoscaling, *web.Count, web.Containers[0].Image)
	}
}

// TestOverlayEntries: add and remove entries of named lists (routes by
// method and path), and replace plain lists.
func TestOverlayEntries(t *testing.T) {
	src := strings.Replace(envBase, "environments:\n  prod:\n", `environments:
  dev:
    services:
      - {name: worker, remove: true}
      - name: debug
        add: true
        cpu: 256
        memory: 512
        containers: [{name: app, image: {uri: "busybox:1"}}]
    api:
      routes:
        - {path: "/items/{id}", method: get, remove: true}
        - {path: /health, method: GET, service: web, add: true}
    tags: {team: shop}
  prod:
`, 1)
	dev, err := readEnv(t, src, "dev")
	if err != nil {
		t.Fatal(err)
	}
	var names, routes []string
	for _, s := range dev.Services {
		names = append(names, s.Name)
	}
	for _, r := range dev.API.Routes {
		routes = append(routes, r.Method+" "+r.Path)
	}
	if strings.Join(names, ",") != "web,debug" || strings.Join(routes, ",") != "GET /,GET /health" || dev.Tags["team"] != "shop" {
		t.Errorf("services %v, routes %v, tags %v", names, routes, dev.Tags)
	}
}

// TestOverlayProblems: each mistake in an overlay is one problem with the
// environment's name, the overlay's file position and a field path; a base
// value wrong for one environment is reported at the base's position.
func TestOverlayProblems(t *testing.T) {
	for _, c := range []struct {
		name, old, new string
		at, path, msg  string
	}{
		{"misspelt key", "        count: 3\n", "        cuont: 3\n", "cuont", "services[0].cuont", `unknown field "cuont"`},
		{"service the base lacks", "      - name: web\n        cpu: 1024", "      - name: wbe\n        cpu: 1024", "name: wbe", "environments.prod.services[0]", "changes wbe, which the base does not have"},
		{"remove what is not there", "      - name: web\n        cpu: 1024", "      - {name: api, remove: true}\n      - name: web\n        cpu: 1024", "{name: api", "environments.prod.services[0]", "removes api, which the base does not have"},
		{"add what is there", "      - name: web\n        cpu: 1024", "      - name: web\n        add: true\n        cpu: 1024", "add: true", "environments.prod.services[0].add", "adds web, which the base already has"},
		{"entry without a name", "      - name: web\n        cpu: 1024", "      - cpu: 1024", "cpu: 1024", "environments.prod.services[0]", "names no entry"},
		{"wrong value in the overlay", "        count: 3\n", "        count: -3\n", "count: -3", "services[0].count", ""},
		{"nested environments", "    services:\n      - name: web\n        cpu: 1024", "    environments: {}\n    services:\n      - name: web\n        cpu: 1024", "environments: {}", "environments.prod.environments", "cannot have environments"},
		{"overlay value wrong with the base's", "        cpu: 1024\n        memory: 2048\n", "        cpu: 1024\n", "cpu: 1024", "services[0].cpu", "not a Fargate task size"},
		{"base value wrong for prod", "      - name: web\n        cpu: 1024", "      - {name: web, remove: true}\n      - name: web2\n        add: true\n        nlb: {}\n        cpu: 1024", "service: web}", "api.routes[0].service", `there is no service "web"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(envBase, c.old, c.new, 1)
			if src == envBase {
				t.Fatalf("no %q in the base", c.old)
			}
			_, err := Read("bp.yaml", []byte(src))
			var problems Problems
			if !errors.As(err, &problems) {
				t.Fatalf("want problems, got %v", err)
			}
			at := strings.Index(src, c.at)
			line := strings.Count(src[:at], "\n") + 1
			col := at - strings.LastIndex(src[:at], "\n")
			var mine Problems
			for _, p := range problems {
				if p.Env == "prod" {
					mine = append(mine, p)
				}
			}
			if c.name == "base value wrong for prod" {
				// The added service is incomplete too; the route is the
				// base's value at fault.
				mine = mine[:1]
			}
			if len(mine) != 1 {
				t.Fatalf("want one problem in prod, got:\n%v", err)
			}
			p := mine[0]
			if p.File != "bp.yaml" || p.Line != line || p.Path != c.path || !strings.Contains(p.Message, c.msg) || p.Fix == "" {
				t.Errorf("got %s\nwant bp.yaml:%d:%d: prod: %s: ...%s...", p, line, col, c.path, c.msg)
			}
			if !strings.HasPrefix(p.String(), "bp.yaml:") || !strings.Contains(p.String(), ": prod: ") {
				t.Errorf("not prefixed with the environment: %s", p)
			}
		})
	}
}

// TestOverlayEntryTypo: an overlay's entry whose name is a typo of a base
// entry's gets that name in its fix; one far from every name does not.
func TestOverlayEntryTypo(t *testing.T) {
	for _, c := range []struct{ old, new, fix string }{
		{"      - name: web\n        cpu: 1024", "      - name: wbe\n        cpu: 1024",
			`did you mean "web"? correct name, or write add: true to add the entry in this environment only`},
		{"      - name: web\n        cpu: 1024", "      - {name: wbe, remove: true}\n      - name: web\n        cpu: 1024",
			`did you mean "web"? remove the entry from the overlay, or correct name`},
		{"      - name: web\n        cpu: 1024", "      - name: checkout\n        cpu: 1024",
			"correct name, or write add: true to add the entry in this environment only"},
	} {
		_, err := Read("bp.yaml", []byte(strings.Replace(envBase, c.old, c.new, 1)))
		var problems Problems
		if !errors.As(err, &problems) || len(problems) == 0 || problems[0].Fix != c.fix {
			t.Errorf("%q: got %v, want the fix %q", c.new, err, c.fix)
		}
	}
}

// TestEnvironmentNameFix: a refused name gets the name meant, unless that
// is refused as well or another environment's.
func TestEnvironmentNameFix(t *testing.T) {
	const rule = "1-32 lowercase letters, digits and hyphens, starting with a letter"
	envs := map[string]Overlay{"prod-eu": {}, "Prod-EU": {}}
	for name, want := range map[string]string{
		"Prod_1":                `write "prod-1": ` + rule,
		"EU West":               `write "eu-west": ` + rule,
		"qa.":                   `write "qa": ` + rule,
		"Prod-EU":               "use " + rule + " (dev, staging, prod)", // prod-eu is taken
		"1prod":                 "use " + rule + " (dev, staging, prod)",
		"__":                    "use " + rule + " (dev, staging, prod)",
		strings.Repeat("A", 40): `write "` + strings.Repeat("a", 32) + `": ` + rule,
	} {
		if got := environmentNameFix(name, envs); got != want {
			t.Errorf("environmentNameFix(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestEnvironmentNames: names become folders; anything else is refused.
func TestEnvironmentNames(t *testing.T) {
	src := strings.Replace(envBase, "  prod:\n", "  Prod_1:\n", 1)
	_, err := Read("bp.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), `environments.Prod_1: "Prod_1" is not an environment name (write "prod-1": 1-32 lowercase letters, digits and hyphens, starting with a letter)`) {
		t.Errorf("got %v", err)
	}
	b, _ := Read("bp.yaml", []byte(envBase))
	if _, err := b.Environment("staging"); err == nil || !strings.Contains(err.Error(), "environments: prod") {
		t.Errorf("unknown environment: %v", err)
	}
}

// TestOverrideRules checks overrides as written; whether their pointers
// exist is checked when the template is rendered.
func TestOverrideRules(t *testing.T) {
	base := envBase + "overrides:\n  - {op: add, path: /Resources/X, value: 1}\n"
	checkRules(t, base, []ruleCase{
		{"unknown op", "op: add", "op: merge", "overrides[0].op", "op: merge", "not allowed"},
		{"not a pointer", "path: /Resources/X", "path: Resources/X", "overrides[0].path", "path: Resources", "not a JSON Pointer"},
		{"bad escape", "path: /Resources/X", "path: /Resources/a~2b", "overrides[0].path", "path: /Resources", "not a JSON Pointer"},
		{"add without value", ", value: 1}", "}", "overrides[0].value", "op: add", "add needs a value"},
		{"remove with value", "op: add", "op: remove", "overrides[0].value", "value: 1", "takes no value"},
		{"copy without from", "op: add, path: /Resources/X, value: 1", "op: copy, path: /Resources/X", "overrides[0].from", "op: copy", "needs from"},
		{"nested file without nested stacks", "value: 1}", "value: 1, template: stacks/web.yaml}", "overrides[0].template", "template:", "renders one template"},
		{"unknown file", "value: 1}", "value: 1, template: other.yaml}", "overrides[0].template", "template:", "not a file gen writes"},
		{"nested stack of a service", "value: 1}", "value: 1, template: stacks/web.yaml}\nstacks: nested", "", "", ""},
		{"nested stack of no service", "value: 1}", "value: 1, template: stacks/api.yaml}\nstacks: nested", "overrides[0].template", "template:", `no service "api"`},
	})
}

// TestShortened: an environment named by its longer or shorter form finds
// the one it stands for, and only one.
func TestShortened(t *testing.T) {
	known := []string{"dev", "prod", "staging"}
	for _, tt := range []struct{ name, want string }{
		{"production", "prod"},
		{"Production", "prod"},
		{"development", "dev"},
		{"stage", "staging"},
		{"stg", ""},
		{"pr", ""},
		{"qa", ""},
		{"preprod", ""},
	} {
		if got := shortened(tt.name, known); got != tt.want {
			t.Errorf("shortened(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := shortened("prod", []string{"production", "producer"}); got != "" {
		t.Errorf("two longer forms: got %q, want none", got)
	}
}

// TestStackName: the base's stack is its name; an environment that keeps
// the name gets NAME-ENV, one that renames itself its own name; and each
// environment's pipeline deploys that stack from a folder of its own,
// unless the Blueprint says which.
func TestStackName(t *testing.T) {
	const pipeline = "pipeline:\n  source: {connection: \"arn:aws:codeconnections:ap-northeast-1:111122223333:connection/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\", repository: example/shop}\n  deployRole: arn:aws:iam::111122223333:role/deploy\n  builds: [{service: web, container: app, dockerfile: Dockerfile}]\n"
	src := strings.Replace(envBase, "environments:\n", pipeline+"environments:\n  eu: {name: shop-eu}\n  qa: {pipeline: {stack: shop-test, directory: qa}}\n", 1)
	src = strings.Replace(src, `{name: app, image: {uri: "nginx:1"}, port: 8080`, `{name: app, image: {repository: shop/web, tag: "1.0.0"}, port: 8080`, 1)
	b, err := Parse("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ env, stack, pipelineStack, directory string }{
		{"", "shop", "shop", "deploy"},
		{"prod", "shop-prod", "shop-prod", "deploy/prod"},
		{"eu", "shop-eu", "shop-eu", "deploy/eu"},
		{"qa", "shop-qa", "shop-test", "qa"},
	} {
		r, err := b.ResolveEnvironment(c.env)
		if err != nil {
			t.Fatalf("%q: %v", c.env, err)
		}
		if got := r.StackName(); got != c.stack {
			t.Errorf("%q: StackName() = %q, want %q", c.env, got, c.stack)
		}
		if got := r.DeployedStackName(); got != c.pipelineStack {
			t.Errorf("%q: DeployedStackName() = %q, want the pipeline's %q", c.env, got, c.pipelineStack)
		}
		if p := r.Pipeline; p.Stack != c.pipelineStack || p.Directory != c.directory {
			t.Errorf("%q: the pipeline deploys %q from %q, want %q from %q", c.env, p.Stack, p.Directory, c.pipelineStack, c.directory)
		}
	}
}

// TestPipelinesOfEnvironmentsApart: a pipeline.stack or pipeline.directory
// written once for every environment is refused at each later environment:
// their pipelines would deploy one stack, from one folder. Environments in
// accounts of their own may share the stack's name, not the folder.
func TestPipelinesOfEnvironmentsApart(t *testing.T) {
	const pipeline = "pipeline:\n  source: {connection: \"arn:aws:codeconnections:ap-northeast-1:111122223333:connection/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\", repository: example/shop}\n  deployRole: arn:aws:iam::111122223333:role/deploy\n  builds: [{service: web, container: app, dockerfile: Dockerfile}]\n  stack: shop-app\n  directory: release\n"
	src := strings.Replace(envBase, "environments:\n", pipeline+"environments:\n  dev: {}\n", 1)
	src = strings.Replace(src, `{name: app, image: {uri: "nginx:1"}, port: 8080`, `{name: app, image: {repository: shop/web, tag: "1.0.0"}, port: 8080`, 1)
	_, err := Read("bp.yaml", []byte(src))
	want := []string{
		`bp.yaml:26:10: prod: pipeline.stack: "shop-app" is also environment dev's (bp.yaml:26:10): the stack the pipeline deploys: each environment's pipeline deploys a stack of its own, and two stacks in an account cannot share a name (give each environment its own value in its overlay (environments.prod), or leave it out: this environment's is then shop-prod)`,
		`bp.yaml:27:14: prod: pipeline.directory: "release" is also environment dev's (bp.yaml:27:14): the folder of example/shop the pipeline deploys from: it holds one environment's template.yaml and buildspec.yml, and each environment's pipeline deploys its own (give each environment its own value in its overlay (environments.prod), or leave it out: this environment's is then deploy/prod)`,
	}
	var problems Problems
	if !errors.As(err, &problems) || len(problems) != len(want) {
		t.Fatalf("problems: %v", err)
	}
	for i := range want {
		if problems[i].String() != want[i] {
			t.Errorf("got  %s\nwant %s", problems[i], want[i])
		}
	}
	// In accounts of their own, the stacks may share a name; the folder is
	// still one.
	accounts := strings.Replace(src, "  dev: {}\n", "  dev: {accountId: \"111122223333\"}\n", 1)
	accounts = strings.Replace(accounts, "  prod:\n", "  prod:\n    accountId: \"444455556666\"\n", 1)
	_, err = Read("bp.yaml", []byte(accounts))
	if !errors.As(err, &problems) || len(problems) != 1 || problems[0].Path != "pipeline.directory" {
		t.Errorf("environments in two accounts: %v", err)
	}
}

// TestEnvironmentsInOneVPC: two environments in one existing VPC would
// each create the VPC endpoints the tasks need, and AWS refuses the second
// interface endpoint with private DNS for a service, and the second route
// to S3 in a route table. The later environment gets one problem with the
// endpoints and the fix; VPCs, accounts or route tables of their own, the
// endpoints listed as present, or NAT are not refused.
func TestEnvironmentsInOneVPC(t *testing.T) {
	const src = "name: shop\nnetwork:\n  existing: {id: vpc-1234567890abcdef0, cidr: 10.20.0.0/16, privateSubnets: [subnet-1234567890abcdef1, subnet-1234567890abcdef2], routeTables: [rtb-1234567890abcdef0]}\n  egress: endpoints\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {repository: shop/web, tag: \"1.0\"}}]\nenvironments:\n  dev: {}\n  staging: {}\n"
	const want = "bp.yaml:3:13: staging: network.existing: the stack would create the VPC endpoints ecr.api, ecr.dkr, logs, s3 in vpc-1234567890abcdef0, which environment dev's creates too (bp.yaml:3:13): a VPC takes one interface endpoint with private DNS per service, and a route table one route to S3's gateway endpoint (give each environment a VPC of its own; or create the endpoints once for the VPC, outside the environments' stacks, with a security group that admits HTTPS from the VPC's CIDR, and list them in network.existing.presentEndpoints (presentEndpoints: [ecr.api, ecr.dkr, logs, s3]): an environment's own endpoints admit its own tasks only)"
	_, err := Read("bp.yaml", []byte(src))
	if err == nil || err.Error() != want {
		t.Errorf("one VPC:\ngot  %v\nwant %s", err, want)
	}
	for _, c := range []struct{ name, environments, want string }{
		{"a VPC of its own", "  dev: {}\n  staging:\n    network: {existing: {id: vpc-1234567890abcdef9}}\n", ""},
		{"an account of its own", "  dev: {accountId: \"111122223333\"}\n  staging: {accountId: \"444455556666\"}\n", ""},
		{"the endpoints present", "  dev: {}\n  staging:\n    network: {existing: {presentEndpoints: [ecr.api, ecr.dkr, logs, s3]}}\n", ""},
		{"route tables of its own: the interface endpoints only", "  dev: {}\n  staging:\n    network: {existing: {routeTables: [rtb-1234567890abcdef9]}}\n", "ecr.api, ecr.dkr, logs in vpc-"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read("bp.yaml", []byte(strings.Replace(src, "  dev: {}\n  staging: {}\n", c.environments, 1)))
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// TestOverlayALBsByID: an overlay's entry of ingress.albs is matched by its
// id, as the environments page says, though an ALB has a name too (its
// name in AWS): it changes, adds and removes entries by id, and one that
// names no id is told to write it.
func TestOverlayALBsByID(t *testing.T) {
	const src = `name: shop
ingress:
  albs:
    - {id: backend, scheme: internal, name: shop-backend}
    - {id: extra, scheme: internal}
services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1"}, port: 8080}]
    alb: {loadBalancer: backend, paths: ["/*"]}
  - name: api
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1"}, port: 8080}]
    alb: {loadBalancer: extra, paths: ["/*"]}
environments:
  dev:
    ingress:
      albs:
        - {id: backend, name: shop-backend-dev}
        - {id: extra, remove: true}
        - {id: more, add: true, scheme: internal}
    services:
      - {name: api, alb: {loadBalancer: more}}
  bad:
    ingress:
      albs:
        - {scheme: internet-facing}
`
	dev, err := readEnv(t, src, "dev")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range dev.Ingress.ALBs {
		got = append(got, a.ID+":"+a.Name+":"+a.Scheme)
	}
	if want := "backend:shop-backend-dev:internal more::internal"; strings.Join(got, " ") != want {
		t.Errorf("dev's ALBs are %v, want %s", got, want)
	}
	_, err = readEnv(t, src, "bad")
	want := "bp.yaml:29:11: bad: environments.bad.ingress.albs[0]: names no entry: an overlay's entry needs id (add id of the entry to change, add or remove)"
	if err == nil || err.Error() != want {
		t.Errorf("an entry without id:\n got %v\nwant %s", err, want)
	}
}
