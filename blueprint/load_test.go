package blueprint

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	_ "github.com/ecsgate/ecsgate/internal/golden" // accepts -update
)

// TestDecodeProblems covers what the loader itself reports: YAML shape errors
// at any depth, each with a path and a position.
func TestDecodeProblems(t *testing.T) {
	cases := []struct {
		name, src string
		want      string // "line:col: path: message" fragment
	}{
		{"unknown top-level key", "name: a\nservise: []\n", `2:1: servise: unknown field "servise" (did you mean "services"?)`},
		{"unknown nested key", "name: a\nservices:\n  - name: w\n    containers:\n      - name: c\n        image: {uri: 'x:1', tga: v}\n", `6:29: services[0].containers[0].image.tga: unknown field "tga" (did you mean "tag"?)`},
		{"unknown key lists fields", "name: a\nnetwork: {zzzzzz: 1}\n", `2:11: network.zzzzzz: unknown field "zzzzzz" (remove it; known fields here: egress, endpoints, existing, vpc)`},
		{"duplicate key", "name: a\nname: b\n", `2:1: name: duplicate key "name" (first written on line 1)`},
		{"duplicate map key", "name: a\ntags: {a: 1, a: 2}\n", `2:14: tags.a: duplicate key "a"`},
		{"wrong type int", "name: a\nservices: [{name: w, cpu: lots}]\n", `2:27: services[0].cpu: must be a whole number, not "lots"`},
		{"wrong type bool", "name: a\nservices: [{name: w, containers: [{name: c, essential: maybe}]}]\n", `2:56: services[0].containers[0].essential: must be true or false`},
		{"quoted negative number", "name: a\nservices: [{name: w, count: \"-5\"}]\n", `2:29: services[0].count: must be a whole number, not "-5" (write the number without quotes: count: -5)`},
		{"wrong type list", "name: a\nservices: {name: w}\n", `2:11: services: must be a list, not a mapping`},
		{"wrong type string", "name: [a]\n", `1:7: name: must be a string, not a list`},
		{"wrong type mapping", "name: a\nnetwork: nat\n", `2:10: network: must be a mapping of fields, not "nat" (write a mapping of its fields: egress, endpoints, existing, vpc)`},
		{"a list for fields", "name: a\nnetwork: [nat]\n", `2:10: network: must be a mapping of fields, not a list (write a mapping of its fields: egress, endpoints, existing, vpc)`},
		{"true for a part on with its defaults", "name: a\ningress: {nlb: true}\n", `2:16: ingress.nlb: must be a mapping of fields, not "true" (write {} to take its defaults, or a mapping of its fields: allow, certificate, crossZone, deletionProtection, hostname, name, protocol, sslPolicy)`},
		{"false is not taken for on", "name: a\ningress: {nlb: false}\n", `2:16: ingress.nlb: must be a mapping of fields, not "false" (write a mapping of its fields: allow,`},
		{"an image written as a reference", "name: a\nservices: [{name: w, containers: [{name: c, image: nginx:1.27}]}]\n", `2:52: services[0].containers[0].image: must be a mapping of fields, not "nginx:1.27" (write {uri: "nginx:1.27"} for an image in a registry, or {repository: NAME, tag: TAG} for one in an ECR repository the template creates)`},
		{"an image written as a list", "name: a\nservices: [{name: w, containers: [{name: c, image: [nginx]}]}]\n", `2:52: services[0].containers[0].image: must be a mapping of fields, not a list (write a mapping of its fields: digest, repository, tag, uri)`},
		{"login on some paths, as paths", "name: a\nservices: [{name: w, alb: {login: {paths: [/admin]}}}]\n", `2:35: services[0].alb.login: must be true or false, not a mapping (write loginPaths: ["/admin"] for a login on those paths alone (the service's other paths stay open), or login: true for a login on every path)`},
		{"login on some paths, as a list", "name: a\nservices: [{name: w, alb: {login: [/admin, /reports]}}]\n", `2:35: services[0].alb.login: must be true or false, not a list (write loginPaths: ["/admin", "/reports"] for a login on those paths alone (the service's other paths stay open), or login: true for a login on every path)`},
		{"login on one path", "name: a\nservices: [{name: w, alb: {login: /admin}}]\n", `2:35: services[0].alb.login: must be true or false, not "/admin" (write loginPaths: ["/admin"] for a login on those paths alone`},
		{"login as its pool", "name: a\nservices: [{name: w, alb: {login: {userPool: staff}}}]\n", `2:35: services[0].alb.login: must be true or false, not a mapping (write login: true; the user pool is the load balancer's, in its login: {userPool: NAME} (ingress.alb or ingress.albs[]))`},
		{"WAF asked of the API", "name: a\napi: {waf: true}\n", `2:7: api.waf: unknown field "waf" (AWS WAF is set once for the public edges: write waf: {} at the top, whose web ACL guards the API's stage and internet-facing ALBs (https://github.com/ecsgate/ecsgate/blob/main/docs/security.md))`},
		{"CloudFront asked of the API", "name: a\napi: {cdn: {}}\n", `2:7: api.cdn: unknown field "cdn" (move it to the top: cdn: {domains: [...], certificate: ARN} puts a CloudFront distribution in front of the API)`},
		{"a canary as its share", "name: a\nservices: [{name: w, deployment: {canary: 10%}}]\n", `2:43: services[0].deployment.canary: must be a mapping of fields, not "10%" (write {percent: 10}, the share of traffic the step moves, with minutes: for the wait after it (10 for a canary, 6 for each linear step, by default))`},
		{"a linear step as a number", "name: a\nservices: [{name: w, deployment: {linear: 12.5}}]\n", `2:43: services[0].deployment.linear: must be a mapping of fields, not "12.5" (write {percent: 12.5}, the share`},
		{"a canary switched on", "name: a\nservices: [{name: w, deployment: {canary: true}}]\n", `2:43: services[0].deployment.canary: must be a mapping of fields, not "true" (write {} to take its defaults, or a mapping of its fields: minutes, percent)`},
		{"a latency threshold in milliseconds", "name: a\nalarms: {services: {latency: {threshold: 500ms}}}\n", `2:42: alarms.services.latency.threshold: must be a number, not "500ms" (the threshold counts seconds, without a unit: 500ms is threshold: 0.5)`},
		{"a service's latency threshold in seconds", "name: a\nservices: [{name: w, alarms: {latency: {threshold: 2s}}}]\n", `2:52: services[0].alarms.latency.threshold: must be a number, not "2s" (the threshold counts seconds, without a unit: 2s is threshold: 2)`},
		{"scaling on a schedule", "name: a\nservices: [{name: w, autoscaling: {schedule: {cron: \"0 8 * * *\"}}}]\n", `2:36: services[0].autoscaling.schedule: unknown field "schedule" (remove it: autoscaling follows load (cpu, memory, requests); for a schedule, add ScheduledActions to the service's scalable target (NAMEScalableTarget) with overrides (https://github.com/ecsgate/ecsgate/blob/main/docs/overrides.md); to start tasks at set times instead of running them, write schedule on the service)`},
		{"a manual approval asked of the pipeline", "name: a\npipeline: {approval: true}\n", `2:12: pipeline.approval: unknown field "approval" (remove it: the pipeline deploys every push; for a manual approval, add an Approval stage before Deploy to the pipeline's template with an override (template: pipeline.yaml), as https://github.com/ecsgate/ecsgate/blob/main/docs/pipeline.md shows)`},
		{"tests asked of the pipeline", "name: a\npipeline: {tests: [npm test]}\n", `2:12: pipeline.tests: unknown field "tests" (remove it: the pipeline's build runs docker build for each image; run the tests in the Dockerfile (a test stage of a multi-stage build), whose failure fails the build and so stops the deploy)`},
		{"syntax error", "name: a\nservices: [\n", `is not valid YAML`},
		{"two documents", "name: a\n---\nname: b\n", `one YAML document`},
		{"empty", "", `1:1: the Blueprint is empty`},
		{"complex key", "name: a\n? [x]\n: 1\n", `2:3: keys must be plain names`},
		{"an anchor holder without x-", "name: a\nx: &x {cpu: 1}\n", `unknown field "x"`},
		{"x- below the top", "name: a\nnetwork: {x-a: 1}\n", `2:11: network.x-a: unknown field "x-a"`},
		{"merge of a scalar", "name: a\nx-n: &n 5\nservices: [{<<: *n, name: w}]\n", `3:13: services[0]: a merge key (<<) takes a mapping or a list of mappings`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(c.src))
			var problems Problems
			if !errors.As(err, &problems) {
				t.Fatalf("want problems, got %v", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("want %q in:\n%v", c.want, err)
			}
			for _, p := range problems {
				if p.Line < 1 || p.File != "f.yaml" {
					t.Errorf("problem without position: %+v", p)
				}
			}
		})
	}
}

// TestAllProblemsAtOnce is the acceptance case: an unknown nested key, a bad
// CIDR and an invalid cpu/memory pair are all reported in one run.
func TestAllProblemsAtOnce(t *testing.T) {
	src := `name: shop
network:
  vpc:
    cidr: 10.300.0.0/16
services:
  - name: web
    cpu: 256
    memory: 4096
    containers:
      - name: app
        image:
          uri: nginx:1.27
          tga: v1
`
	_, err := Read("bad.yaml", []byte(src))
	want := []string{
		`bad.yaml:4:11: network.vpc.cidr: "10.300.0.0/16" is not an IPv4 CIDR block`,
		`bad.yaml:7:10: services[0].cpu: cpu 256 with memory 4096 is not a Fargate task size`,
		// tga is read as the tag it was meant for, which does not go
		// with uri: the problem its fix would meet next.
		`bad.yaml:11:9: services[0].containers[0].image: tag and digest go with repository, not uri`,
		`bad.yaml:13:11: services[0].containers[0].image.tga: unknown field "tga"`,
	}
	if err == nil {
		t.Fatal("no problems reported")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != len(want) {
		t.Fatalf("want %d problems, got:\n%v", len(want), err)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("problem %d:\n got %s\nwant %s...", i, lines[i], w)
		}
	}
}

// TestDecodeErrorNotRepeated: a field that failed to decode is not reported
// again by validation in other words.
func TestDecodeErrorNotRepeated(t *testing.T) {
	src := "name: a\nservices:\n  - name: w\n    cpu: lots\n    memory: 512\n    containers: [{name: c, image: {uri: 'x:1'}}]\n"
	_, err := Read("f.yaml", []byte(src))
	if err == nil || strings.Count(err.Error(), "\n") != 0 || !strings.Contains(err.Error(), "whole number") {
		t.Errorf("want exactly the decode problem, got:\n%v", err)
	}
}

// TestAliasBomb: nested aliases that would expand to billions of nodes are
// rejected quickly instead of exhausting memory.
func TestAliasBomb(t *testing.T) {
	// 60 services x 60 containers x 60 command words, written in a few lines.
	words := "[" + strings.TrimSuffix(strings.Repeat("a,", 60), ",") + "]"
	containers := "[&c {name: c, image: {uri: 'x:1'}, command: " + words + "}" + strings.Repeat(", *c", 59) + "]"
	src := "name: a\nservices: [&s {name: w, cpu: 256, memory: 512, containers: " + containers + "}" + strings.Repeat(", *s", 59) + "]\n"
	_, err := Parse("bomb.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "too many nodes") {
		t.Errorf("want a too-many-nodes problem, got %v", err)
	}
}

func TestAliasesWork(t *testing.T) {
	src := `name: a
services:
  - name: w
    cpu: 256
    memory: 512
    containers:
      - name: c
        image: {uri: 'x:1'}
        environment: &env {A: "1"}
      - name: d
        image: {uri: 'x:1'}
        environment: *env
`
	b, err := Read("f.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if b.Services[0].Containers[1].Environment["A"] != "1" {
		t.Error("alias not followed")
	}
}

func TestScalarsKeepTheirText(t *testing.T) {
	b, err := Parse("f.yaml", []byte("name: a\nservices: [{name: w, containers: [{name: c, image: {repository: r, tag: 1.10}}]}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Services[0].Containers[0].Image.Tag; got != "1.10" {
		t.Errorf("tag 1.10 decoded as %q", got)
	}
}

// TestMergeKeys: merge keys (<<: *defaults, <<: [*a, *b]) and top-level x-
// holders read as the fields written out, a field written beside a merge
// wins, and each field's position is where its value is written: the
// anchor's for a merged one.
func TestMergeKeys(t *testing.T) {
	merged := `name: shop
x-size: &size {cpu: 256, memory: 512}
x-logs: &logs {logs: {retention: 7}, memory: 2048}
services:
  - <<: [*size, *logs]
    name: web
    cpu: 1024
    containers: [{name: app, image: {uri: "nginx:1.27"}}]
`
	b, err := Parse("m.yaml", []byte(merged))
	if err != nil {
		t.Fatal(err)
	}
	s := b.Services[0]
	// cpu written beside the merge wins; memory from the first source that
	// has it (*size), logs from the second.
	if s.CPU != 1024 || s.Memory != 512 || s.Logs.Retention != 7 || s.Name != "web" {
		t.Errorf("merged service: cpu %d memory %d retention %d", s.CPU, s.Memory, s.Logs.Retention)
	}
	p := Problem{Path: "services[0].memory"}
	b.src.locate(&p)
	if p.Line != 2 || p.Column != 34 {
		t.Errorf("memory is reported at %d:%d, want 2:34 (the anchor's value)", p.Line, p.Column)
	}
	p = Problem{Path: "services[0].cpu"}
	b.src.locate(&p)
	if p.Line != 7 {
		t.Errorf("cpu is reported at line %d, want 7 (written beside the merge)", p.Line)
	}
}

// TestIsMergeKey: a merge key is a plain <<, as yaml.v3's decoder has it; a
// quoted "<<" is a key like any other, and so is another key tagged !!merge.
func TestIsMergeKey(t *testing.T) {
	for doc, want := range map[string]bool{
		"<<: {a: 1}":        true,
		`"<<": {a: 1}`:      false,
		"!!merge x: {a: 1}": false,
		"x: {a: 1}":         false,
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatalf("%s: %v", doc, err)
		}
		if got := isMergeKey(n.Content[0].Content[0]); got != want {
			t.Errorf("%s: isMergeKey %v, want %v", doc, got, want)
		}
	}
}

// TestFlowText: a value in a fix is written plain only when every YAML
// reader takes it for the same string.
func TestFlowText(t *testing.T) {
	for in, want := range map[string]string{
		"info": "info", "x y": "x y", "a/b-c_d.e": "a/b-c_d.e",
		"1": `"1"`, "1.0": `"1.0"`, "true": `"true"`, "Yes": `"Yes"`, "off": `"off"`, "null": `"null"`,
		"": `""`, "x ": `"x "`, " x": `" x"`, "a: b": `"a: b"`, "http://x/?a=b": `"http://x/?a=b"`,
		"#x": `"#x"`, "*x": `"*x"`, "x\ny": `"x\ny"`,
	} {
		if got := flowText(in); got != want {
			t.Errorf("flowText(%q) = %s, want %s", in, got, want)
		}
	}
}

// yamlNode is the node of a YAML value, for the functions that work out a
// fix from what the user wrote.
func yamlNode(t *testing.T, src string) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

// TestShapeFixes: a value in another shape where a mapping belongs is
// written out in the Blueprint's only when it has the shape the fix reads.
// A list becomes pairs (pairsFix) when each item is a NAME=VALUE text, a
// one-entry mapping of scalars or a {Key, Value} mapping, and entries by
// name (namedMappingFix) when each is a mapping with a name. A container's
// health check written as its command alone (healthCheckFix) becomes the
// command: a shell line or a list of words, not a list of anything else;
// written as a path, it gets a curl of the container's port when the
// container has one.
func TestShapeFixes(t *testing.T) {
	for _, c := range []struct {
		name  string
		fix   func(*yaml.Node) string
		cases map[string]string
	}{
		{"pairsFix", func(n *yaml.Node) string { return pairsFix(n, false) }, map[string]string{
			"[A=1, B=x]":           `write the list as a mapping: {A: "1", B: x}`,
			"[{A: 1}, {B: x}]":     `write the list as a mapping: {A: "1", B: x}`,
			"[A=1, B=2, C=3, D=4]": `write the list as a mapping: {A: "1", B: "2", C: "3", ...}`,
			"[A=]":                 `write the list as a mapping: {A: ""}`,
			"[A==b]":               `write the list as a mapping: {A: "=b"}`,
			"[{Key: team, Value: core}, {value: x, key: b}]":     `write the list as a mapping: {team: core, b: x}`,
			"[{name: DEBUG, value: \"1\"}, {value: x, Name: B}]": `write the list as a mapping: {DEBUG: "1", B: x}`,
			"[{Key: team, Name: core}]":                          "",
			"[{name: a, key: b}]":                                "",
			"[A=1, B]":                                           "",
			"[=1]":                                               "",
			"[{A: 1, B: 2}]":                                     "",
			"[{A: [1]}]":                                         "",
			"[]":                                                 "",
			"A=1":                                                "",
			"{A: 1}":                                             "",
		}},
		{"pairsFix of an environment", func(n *yaml.Node) string { return pairsFix(n, true) }, map[string]string{
			"[A=1, B]":   `write the list as a mapping: {A: "1", B: VALUE}; Compose gives a name alone (B) the value of the shell it runs in, which a task does not have: write its value`,
			"[A=1, 2]":   "",
			"[A=1, b c]": "",
			"[A=1]":      `write the list as a mapping: {A: "1"}`,
		}},
		{"namedMappingFix", namedMappingFix, map[string]string{
			"[{name: prod, a: 1}, {name: dev}]":            "write a mapping with each name as its key: {prod: {...}, dev: {...}}",
			"[{name: a}, {name: b}, {name: c}, {name: d}]": "write a mapping with each name as its key: {a: {...}, b: {...}, c: {...}, ...}",
			"[{name: prod}, {a: 1}]":                       "",
			"[{name: [x]}]":                                "",
			"[prod]":                                       "",
			"[]":                                           "",
			"{name: prod}":                                 "",
		}},
		{"healthCheckFix", func(n *yaml.Node) string { return healthCheckFix(n, "") }, map[string]string{
			`curl -f http://localhost/`:        `write {command: [CMD-SHELL, "curl -f http://localhost/"]}`,
			`"CMD-SHELL  curl -f x || exit 1"`: `write {command: [CMD-SHELL, "curl -f x || exit 1"]}`,
			`"CMD curl x"`:                     `write {command: [CMD-SHELL, "curl x"]}`,
			`/healthz`:                         `a container's health check is a command that ECS runs inside the container: write {command: [CMD-SHELL, "curl -f http://localhost:PORT/healthz || exit 1"]} with the container's port (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/healthz"}`,
			`[CMD, curl, -f, "http://x/"]`:     `write {command: [CMD, curl, "-f", "http://x/"]}`,
			`[CMD-SHELL, "curl x"]`:            `write {command: [CMD-SHELL, curl x]}`,
			`[curl, -f, "http://x/"]`:          `write {command: [CMD, curl, "-f", "http://x/"]}`,
			`[]`:                               "",
			`[[curl]]`:                         "",
			`[curl, ""]`:                       "",
			`true`:                             "",
			`""`:                               "",
			`{command: [CMD, x]}`:              "",
		}},
		{"healthCheckFix, the container's port written", func(n *yaml.Node) string { return healthCheckFix(n, "8080") }, map[string]string{
			`/healthz`:         `a container's health check is a command that ECS runs inside the container: write {command: [CMD-SHELL, "curl -f http://localhost:8080/healthz || exit 1"]} (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/healthz"}`,
			`curl -f http://x`: `write {command: [CMD-SHELL, "curl -f http://x"]}`,
		}},
	} {
		for src, want := range c.cases {
			if got := c.fix(yamlNode(t, src)); got != want {
				t.Errorf("%s(%s) = %q, want %q", c.name, src, got, want)
			}
		}
	}
}

// TestKeyedByName: a mapping of names to mappings, where a list of named
// items belongs, is read as items keyed by name; one item written without
// its dash, or items without a name field, are not.
func TestKeyedByName(t *testing.T) {
	service, route := reflect.TypeFor[Service](), reflect.TypeFor[Route]()
	for _, c := range []struct {
		elem reflect.Type
		src  string
		want bool
	}{
		{service, "{web: {image: x}, api: {}}", true},
		{service, "{name: web, cpu: 256}", false},
		{service, "{web: {image: x}, cpu: {}}", false},
		{service, "{web: x}", false},
		{service, "{}", false},
		{route, "{orders: {method: GET}}", false},
	} {
		doc := yamlNode(t, c.src)
		if got := keyedByName(c.elem, doc); got != c.want {
			t.Errorf("keyedByName(%s, %s) = %v, want %v", c.elem.Name(), c.src, got, c.want)
		}
	}
}

// TestBracedInFlow: the unquoted value with braces in a flow collection
// is found whole, with its column; quoted values, values that start with a
// brace (a mapping) and lines without one are not.
func TestBracedInFlow(t *testing.T) {
	for _, c := range []struct {
		line, value string
		col         int
	}{
		{"    - {method: GET, path: /orders/{id}, service: api}", "/orders/{id}", 27},
		{"    - {method: GET,path: /orders/{id}/items/{item}}", "/orders/{id}/items/{item}", 26},
		{"paths: [/a/{b}, /c]", "/a/{b}", 9},
		{"    - {method: GET, path: \"/orders/{id}\", service: api}", "", 0},
		{"    - {method: GET, path: '/orders/{id}', service: api}", "", 0},
		{"    - {method: GET, path: /orders, auth: {userPool: x}}", "", 0},
		{"path: /orders/{id}", "", 0},
		{"image: {uri: \"x:1 \v}", "", 0}, // an unclosed quote, then white space that is not a space
		{"{a: \v}", "", 0},
	} {
		value, col, ok := bracedInFlow(c.line)
		if value != c.value || col != c.col || ok != (c.value != "") {
			t.Errorf("bracedInFlow(%q) = %q, %d, %v; want %q, %d", c.line, value, col, ok, c.value, c.col)
		}
	}
}

// FuzzBracedInFlow: whatever the line, no panic, and a value found is the
// line's text at the column given.
func FuzzBracedInFlow(f *testing.F) {
	for _, line := range []string{"    - {method: GET, path: /orders/{id}, service: api}", "paths: [/a/{b}, /c]", "{a: \v}", "[{'x\"}: {y}]"} {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		value, col, ok := bracedInFlow(line)
		if ok && (col < 1 || !strings.HasPrefix(line[col-1:], value) || !strings.Contains(value[1:], "{")) {
			t.Fatalf("bracedInFlow(%q) = %q at column %d", line, value, col)
		}
	})
}

// TestSuggestField: a typo, a name with its owner's in front, and the same
// in snake_case find the field; anything else lists the fields.
func TestSuggestField(t *testing.T) {
	fields := yamlFields(reflect.TypeFor[Service]())
	for key, want := range map[string]string{
		"cuont":         "count",
		"desiredCount":  "count",
		"desired_count": "count",
		"serviceName":   "name",
	} {
		if fix, meant := suggestField(key, fields); meant != want || fix != `did you mean "`+want+`"?` {
			t.Errorf("suggestField(%q) = %q, %q; want %q", key, fix, meant, want)
		}
	}
	if fix, meant := suggestField("zzz", fields); meant != "" || !strings.HasPrefix(fix, "remove it; known fields here: alarms, alb,") {
		t.Errorf("suggestField(zzz) = %q, %q", fix, meant)
	}
}

// TestClosest: a typo finds its name, case aside; anything further finds
// nothing.
func TestClosest(t *testing.T) {
	names := []string{"render", "validate", "examples", "example", "name", "dns"}
	for word, want := range map[string]string{
		"rendr": "render", "RENDER": "render", "valdiate": "validate", "exmaples": "examples",
		"exampl": "example", "deploy": "", "": "", "r": "",
		// Two swapped letters are one edit; a short word allows one.
		"nmae": "name", "envs": "", "rednre": "render",
	} {
		if got := Closest(word, names); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
		hint := ""
		if want != "" {
			hint = `did you mean "` + want + `"?`
		}
		if got := DidYouMean(word, names); got != hint {
			t.Errorf("DidYouMean(%q) = %q, want %q", word, got, hint)
		}
	}
}

// TestPrefixed: a key that names its owner before the field (vpcId) finds
// the field, at a camelCase boundary only.
func TestPrefixed(t *testing.T) {
	names := []string{"id", "name", "privateSubnets", "cidr"}
	for key, want := range map[string]string{
		"vpcId": "id", "VpcId": "id", "clusterName": "name", "vpcPrivateSubnets": "privateSubnets",
		"grid": "", "id": "", "Id": "", "vpc_id": "", "rename": "",
	} {
		if got := prefixed(key, names); got != want {
			t.Errorf("prefixed(%q) = %q, want %q", key, got, want)
		}
	}
}

// TestSecondsFieldsExist: every field numberFix reads as seconds is a
// field of the Blueprint (a renamed field must not leave a stale name).
func TestSecondsFieldsExist(t *testing.T) {
	names := map[string]bool{}
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		for name, i := range fieldsOf(t) {
			names[name] = true
			walk(t.Field(i).Type)
		}
	}
	walk(reflect.TypeFor[Blueprint]())
	for name := range secondsFields {
		if !names[name] {
			t.Errorf("%s is in secondsFields but no field of the Blueprint", name)
		}
	}
}

// TestKeyWithoutSpace: a key whose colon has no space after it, on the
// culprit line or the last line with content above it, is found with the
// column after its colon; URLs, ARNs, list items, comments and keys written
// with their space are not such keys.
func TestKeyWithoutSpace(t *testing.T) {
	type found struct {
		line, col  int
		key, value string
	}
	for _, c := range []struct {
		src     string
		culprit int
		want    *found
	}{
		{"name:shop\nservices:", 2, &found{1, 6, "name", "shop"}},
		{"name: a\n  cpu:256\n", 2, &found{2, 7, "cpu", "256"}},
		{"name:shop\n\n# a comment\nservices:", 4, &found{1, 6, "name", "shop"}},
		{"a_b-c:x y  # note\nb:", 2, &found{1, 7, "a_b-c", "x y"}},
		{"name:shop\nx: 1\nservices:", 3, nil},
		{"https://example.com\nb:", 2, nil},
		{"url:https://example.com\nb:", 2, &found{1, 5, "url", "https://example.com"}},
		{"arn:aws:iam::1:role/x\nb:", 2, nil},
		{"- a:b\nb:", 2, nil},
		{"name: shop\nb:", 2, nil},
		{"name:shop\r\nb:", 2, &found{1, 6, "name", "shop"}},
		{"name:\nb:", 2, nil},
		{"name:#x\nb:", 2, nil},
		{"", 1, nil},
		{"name:shop", 5, &found{1, 6, "name", "shop"}},
	} {
		line, col, key, value, ok := keyWithoutSpace(strings.Split(c.src, "\n"), c.culprit)
		var got *found
		if ok {
			got = &found{line, col, key, value}
		}
		if (got == nil) != (c.want == nil) || got != nil && *got != *c.want {
			t.Errorf("keyWithoutSpace(%q, %d) = %+v, want %+v", c.src, c.culprit, got, c.want)
		}
	}
}

// TestUnclosedQuote: the first quoted value its line does not close is
// found at its quote; an escaped double quote (\") and a doubled single
// quote (”) do not close one, a quote inside a plain value (it's) or a
// comment opens none.
func TestUnclosedQuote(t *testing.T) {
	for src, want := range map[string][2]int{
		"name: \"shop\nservices: []":      {1, 7},
		"a: 'it''s\nb: 1":                 {1, 4},
		"a: \"x\\\"y\nb: 1":               {1, 4},
		"a: [\"x\", \"y]\n":               {1, 10},
		"a: \"x\"\nb: 'y'\nc: \"z":        {3, 4},
		"- \"x":                           {1, 3},
		"a: it's fine\nb: 1":              {},
		"a: \"x\" # don't\nb: 'it''s ok'": {},
		"# \"quoted\nb: 1":                {},
		"a: x\"y\nb: 1":                   {},
	} {
		line, col, ok := unclosedQuote(strings.Split(src, "\n"))
		if got := [2]int{line, col}; got != want || ok != (want != [2]int{}) {
			t.Errorf("unclosedQuote(%q) = %v, %v, want %v", src, got, ok, want)
		}
	}
}

// FuzzSyntaxHints: the hints for a YAML syntax error never panic, and what
// they find is where they say: a key and its colon at the column before
// the one given, a quote at the column given, text after a closing bracket
// at the column given.
func FuzzSyntaxHints(f *testing.F) {
	for _, src := range []string{"name:shop\nservices:", "a: 'it''s\n", "a: \"x\\\"y", "\n\n#\nx:y", "- 'a\n", "  - {a: \"}\"} ][\nb: [x] y", "d: a: b # c: d", "i: {u: \"x\"\n  p: [1, {a", "c: - x\n- e: @y\nz: [`q`]", "s: {e: cron(0 3 * * ? *)}\nt: {k:  ? x}"} {
		f.Add(src, 2)
	}
	f.Fuzz(func(t *testing.T, src string, culprit int) {
		lines := strings.Split(src, "\n")
		if line, col, key, _, ok := keyWithoutSpace(lines, culprit); ok {
			if line < 1 || line > len(lines) || col < 2 || col-1 > len(lines[line-1]) || !strings.HasSuffix(lines[line-1][:col-1], key+":") {
				t.Fatalf("keyWithoutSpace(%q, %d) = line %d, column %d, key %q", src, culprit, line, col, key)
			}
		}
		if line, col, ok := unclosedQuote(lines); ok {
			if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1]) || !strings.ContainsRune(`"'`, rune(lines[line-1][col-1])) {
				t.Fatalf("unclosedQuote(%q) = line %d, column %d", src, line, col)
			}
		}
		if line, col, open, ok := unclosedFlow(lines, culprit); ok {
			if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1]) || lines[line-1][col-1] != open || open != '{' && open != '[' {
				t.Fatalf("unclosedFlow(%q, %d) = line %d, column %d, %q", src, culprit, line, col, open)
			}
		}
		for _, line := range lines {
			if col, key, item, ok := itemAfterKey(line); ok && (col < 2 || col > len(line) || !strings.HasPrefix(line[col-1:], "- ") || !strings.Contains(line[:col-1], key+":") || item == "") {
				t.Fatalf("itemAfterKey(%q) = column %d, %q, %q", line, col, key, item)
			}
			if col, c, value, ok := reservedStart(line); ok && (col < 1 || col > len(line) || line[col-1] != c || c != '@' && c != '`' || value != "" && !strings.HasPrefix(line[col-1:], value)) {
				t.Fatalf("reservedStart(%q) = column %d, %q, %q", line, col, c, value)
			}
		}
		for _, line := range lines {
			if col, key, value, ok := colonInValue(line); ok && (col < 2 || col-1 > len(line) || !strings.HasPrefix(line[col-1:], value) || !strings.Contains(value, ": ") || !strings.Contains(line[:col-1], key+":")) {
				t.Fatalf("colonInValue(%q) = column %d, %q, %q", line, col, key, value)
			}
		}
		for _, line := range lines {
			if col, rest, ok := textAfterFlow(line); ok && (rest == "" || col < 2 || col-1 > len(line) || !strings.HasPrefix(line[col-1:], rest) || !strings.ContainsAny(line[:col-1], "}]")) {
				t.Fatalf("textAfterFlow(%q) = column %d, %q", line, col, rest)
			}
			if col, value, ok := questionInFlow(line); ok && (value == "" || col < 2 || col-1 > len(line) || !strings.HasPrefix(line[col-1:], value) || !strings.Contains(value, "?") || !strings.ContainsAny(line[:col-1], "{[")) {
				t.Fatalf("questionInFlow(%q) = column %d, %q", line, col, value)
			}
		}
	})
}

// TestQuestionInFlow: a plain value with a ? between blanks inside { } or
// [ ] is found with its column, to the parenthesis that closes what it
// opens or to the next , } or ]; a ? that starts the value (YAML's own
// explicit key), one outside braces and a quoted value are not.
func TestQuestionInFlow(t *testing.T) {
	for _, c := range []struct {
		line  string
		col   int
		value string
	}{
		{"    schedule: {expression: cron(0 3 * * ? *)}", 28, "cron(0 3 * * ? *)"},
		{"    schedule: {expression: cron(0 9 ? * MON-FRI *), timezone: UTC}", 28, "cron(0 9 ? * MON-FRI *)"},
		{"  - {note: what ? then, b: c}", 12, "what ? then"},
		{"  - {k:  ? x}", 0, ""},
		{"    expression: cron(0 3 * * ? *)", 0, ""},
		{"    schedule: {expression: \"cron(0 3 * * ? *)\"}", 0, ""},
	} {
		col, value, ok := questionInFlow(c.line)
		if col != c.col || value != c.value || ok != (c.col > 0) {
			t.Errorf("questionInFlow(%q) = %d, %q, %v; want %d, %q", c.line, col, value, ok, c.col, c.value)
		}
	}
}

// TestPortIn: a container's port is read from its mapping when it is a
// plain number.
func TestPortIn(t *testing.T) {
	for src, want := range map[string]string{"{port: 8080}": "8080", "{port: \"80\"}": "80", "{port: -1}": "", "{port: [80]}": "", "{name: a}": "", "[port]": ""} {
		if got := portIn(yamlNode(t, src)); got != want {
			t.Errorf("portIn(%s) = %q, want %q", src, got, want)
		}
	}
	if got := portIn(nil); got != "" {
		t.Errorf("portIn(nil) = %q", got)
	}
}

// TestMisnamedListField: a list field written under a name one slip away,
// with one text (path: / for paths), gets the list to write, and is the
// only problem: the service's missing listener rule would repeat it.
func TestMisnamedListField(t *testing.T) {
	for src, want := range map[string]string{
		"alb: {path: /}":                  `f.yaml:10:11: services[0].alb.path: unknown field "path" (did you mean "paths"? write paths: ["/"])`,
		"alb: {path: /api/*}":             `f.yaml:10:11: services[0].alb.path: unknown field "path" (did you mean "paths"? write paths: ["/api/*"])`,
		"alb: {host: shop.example.com}":   `f.yaml:10:11: services[0].alb.host: unknown field "host" (did you mean "hosts"? write hosts: [shop.example.com])`,
		"alb: {host: [shop.example.com]}": `f.yaml:10:11: services[0].alb.host: unknown field "host" (did you mean "hosts"?)`,
		"alb: {prority: 5, paths: [/*]}":  `f.yaml:10:11: services[0].alb.prority: unknown field "prority" (did you mean "priority"?)`,
	} {
		data := "name: shop\ningress:\n  alb: {}\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n    " + src + "\n"
		_, err := Read("f.yaml", []byte(data))
		var problems Problems
		if !errors.As(err, &problems) || len(problems) != 1 || problems[0].String() != want {
			t.Errorf("%s:\n got %v\nwant %s", src, err, want)
		}
	}
}

// TestUnicodeIndents: every line indented with a space YAML reads as text,
// before a field or a list item, is found, at the space's column in
// characters; a byte-order mark opening the file, a space after the
// indentation, YAML 1.1's line breaks and a block scalar's text are not.
func TestUnicodeIndents(t *testing.T) {
	src := "\uFEFFname: a\n  \u00a0x: 1\n\u3000y: 2\nz: a\u00a0b\n\u2028\n  - \u200bw\n\u00e9: 1\n" +
		"d: |\n  \u00a0\u00a0text that means its spaces\n  \u00a0https://example.com/ is no field\n\u00a0\u00a0- item\n"
	var got []string
	for _, s := range unicodeIndents([]byte(src)) {
		got = append(got, fmt.Sprintf("%d:%d U+%04X %s", s.line, s.col, s.r, spaceName(s.r)))
	}
	want := []string{"2:3 U+00A0 a non-breaking space", "3:1 U+3000 an ideographic space", "11:1 U+00A0 a non-breaking space"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if unicodeIndents([]byte("name: a\n  x: 1\n")) != nil {
		t.Error("ASCII has no such spaces")
	}
}

// TestTypographicQuoted: a plain value wrapped in typographic quotes is
// one; a quoted value, one quote alone or a value shorter than its quotes
// is not.
func TestTypographicQuoted(t *testing.T) {
	for src, want := range map[string]string{
		"\u201c1.0.0\u201d": "1.0.0",
		"\u2018hi\u2019":    "hi",
		"\u201ex\u201c":     "x",
		"\u201c\u201d":      "",
	} {
		if got, ok := typographicQuoted(yamlNode(t, src)); !ok || got != want {
			t.Errorf("typographicQuoted(%s) = %q, %v; want %q", src, got, ok, want)
		}
	}
	for _, src := range []string{`"\u201cx\u201d"`, "\u201cx", "x\u201d", "\u201c", "plain"} {
		if got, ok := typographicQuoted(yamlNode(t, src)); ok {
			t.Errorf("typographicQuoted(%s) = %q, want none", src, got)
		}
	}
}

// TestTextAfterFlow: text after the bracket that closes a line's { } or
// [ ] value is found, at its column, past quoted brackets; a comment, a
// value that is not one on the line, or one still open is not.
func TestTextAfterFlow(t *testing.T) {
	type found struct {
		col  int
		rest string
	}
	for line, want := range map[string]found{
		`    - {method: GET, path: /b} ][`:   {31, "]["},
		`  paths: ["/*"] x`:                  {17, "x"},
		`- - [a, "]", b]  extra`:             {18, "extra"},
		`  routes: [{path: "/}"}]}`:          {25, "}"},
		`    - {method: GET, path: /b} # ok`: {},
		`    - {method: GET, path: /b}`:      {},
		`  name: shop {x}`:                   {},
		`  "quoted key": {a: 1} x`:           {},
		`  paths: ["/*"`:                     {},
		`  desc: "unclosed {`:                {},
		`  - plain`:                          {},
	} {
		col, rest, ok := textAfterFlow(line)
		if got := (found{col, rest}); got != want || ok != (want != found{}) {
			t.Errorf("textAfterFlow(%q) = %d, %q, %v; want %+v", line, col, rest, ok, want)
		}
	}
}
