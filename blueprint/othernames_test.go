package blueprint

import (
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestOtherNamesAreNotFields: every other tool's name in otherNames is
// one the Blueprint's type does not have (else its entry is never read),
// and the field each stands for is one the type has.
func TestOtherNamesAreNotFields(t *testing.T) {
	for _, in := range otherNames {
		typ := in.typ
		fields := yamlFields(typ)
		folded := map[string]string{}
		for key, other := range in.names {
			for field := range fields {
				if strings.EqualFold(key, field) {
					t.Errorf("%s: %q is a field of its own (%s), not another name", typ.Name(), key, field)
				}
			}
			if twin, ok := folded[strings.ToLower(key)]; ok {
				t.Errorf("%s: %q and %q are one name spelt twice (otherNameOf finds both)", typ.Name(), key, twin)
			}
			folded[strings.ToLower(key)] = key
			if other.field == "" && other.fix == nil {
				t.Errorf("%s.%s: neither a field nor a fix", typ.Name(), key)
			}
			if strings.HasPrefix(other.field, "../") {
				continue // a field of the mapping around it, checked by the messages test
			}
			if _, ok := fields[other.field]; other.field != "" && !ok {
				t.Errorf("%s.%s stands for %q, which %s does not have", typ.Name(), key, other.field, typ.Name())
			}
		}
	}
}

// TestOtherNameFix: the fix for each kind of entry, with the value written
// where it is a scalar, as a list where the field holds one.
func TestOtherNameFix(t *testing.T) {
	scalar := func(tag, value string) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
	}
	mapping := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, c := range []struct {
		typ              any
		key              string
		value            *yaml.Node
		wantFix, wantFor string
	}{
		{Service{}, "replicas", scalar("!!int", "3"), "replicas is count in a Blueprint: write count: 3", "count"},
		{Service{}, "replicas", mapping, "replicas is count in a Blueprint: rename it to count", "count"},
		{ALB{}, "domain", scalar("!!str", "a.example.com"), "domain is hostnames in a Blueprint: write hostnames: [a.example.com]", "hostnames"},
		{ALB{}, "public", scalar("!!str", "maybe"), "write scheme: internet-facing (the default) or scheme: internal", "scheme"},
		{ALB{}, "internal", scalar("!!bool", "false"), "remove it: an ALB is internet-facing unless it says scheme: internal", "scheme"},
		{Service{}, "image", scalar("!!str", "nginx"), "image is a container's field: move it into containers[], as containers: [{name: app, image: {uri: nginx}}]", "containers"},
		{Service{}, "command", scalar("!!str", "serve"), "command is a container's field: move it into containers[], as containers: [{name: app, command: [serve]}]", "containers"},
		{Service{}, "env", &yaml.Node{Kind: yaml.SequenceNode}, "env is a container's environment: move it into containers[], as containers: [{name: app, environment: {...}}]", "containers"},
		{Service{}, "ports", &yaml.Node{Kind: yaml.SequenceNode}, "ports is a container's port: move it into containers[], as containers: [{name: app, port: ...}]", "containers"},
		{Service{}, "ports", yamlNode(t, `["8080:80"]`), "ports is a container's port: move it into containers[], as containers: [{name: app, port: 80}]", "containers"},
		{Service{}, "expose", scalar("!!int", "3000"), "expose is a container's port: move it into containers[], as containers: [{name: app, port: 3000}]", "containers"},
		{Service{}, "healthcheck", mapping, "health checks are a container's (containers[].healthCheck: {command: [...]}) or the load balancer's (alb.healthCheck or nlb.healthCheck: {path: ...})", "containers"},
		{Service{}, "deploy", yamlNode(t, "{replicas: 2, resources: {limits: {cpus: '0.5'}}}"), "Compose's deploy is the service's own fields here: write count: 2, and cpu and memory on the service (deployment is how a new version rolls out)", "count"},
		{Service{}, "deploy", mapping, "Compose's deploy is the service's own fields here: write count, cpu and memory on the service (deployment is how a new version rolls out)", "count"},
		{Autoscaling{}, "range", scalar("!!str", "2-6"), "write min: 2, max: 6", "min"},
		{Autoscaling{}, "range", mapping, "write min and max: a range 1-10 is min: 1, max: 10", "min"},
		{Autoscaling{}, "range", yamlNode(t, "{min: 1, max: 5}"), "write min: 1, max: 5", "min"},
		{SecretRef{}, "secretsmanager", scalar("!!str", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"), `secretsmanager is secret in a Blueprint: write secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"`, "secret"},
		{Service{}, "type", scalar("!!str", "Load Balanced Web Service"), `remove it: a service behind the ALB has alb: {paths: ["/*"]}, with ingress.alb for the load balancer`, ""},
		{Service{}, "type", scalar("!!str", "Backend Service"), "remove it: a service with no load balancer is a backend; one that other services call goes behind an internal ALB (https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md)", ""},
		{Service{}, "type", scalar("!!str", "Worker Service"), "remove it: a worker is a service with a queue, queue: {subscribe: [{topic: NAME}]}, that takes no requests", ""},
		{Service{}, "type", scalar("!!str", "Static Site"), "a Blueprint has no Static Site: its services are long-running containers, behind load balancers or on their own", ""},
		// Copilot's Worker Service and publishers, and SQS's names.
		{Service{}, "subscribe", yamlNode(t, "{topics: [{name: orders, service: api}, {name: refunds, service: api}], queue: {timeout: 30s}}"), "a service receives from a queue of its own: write queue: {subscribe: [{topic: orders}, {topic: refunds}]}, with each topic in topics", "queue"},
		{Service{}, "publish", yamlNode(t, "{topics: [{name: orders}]}"), `write the topic in topics: [{name: orders}] at the top, and name it in the environment of the service's container, TOPIC_ARN: "${topics.orders.arn}", which lets the service publish to it`, ""},
		{Queue{}, "dead_letter", yamlNode(t, "{tries: 5}"), "write tries: 5: every queue has a dead-letter queue, which a message moves to after tries receives", "tries"},
		{Queue{}, "VisibilityTimeout", scalar("!!int", "60"), "VisibilityTimeout is timeout in a Blueprint: write timeout: 60", "timeout"},
		{Subscription{}, "filter_policy", yamlNode(t, "{store: [eu]}"), "filter_policy is filter in a Blueprint: rename it to filter", "filter"},
		{Autoscaling{}, "queue_delay", yamlNode(t, "{acceptable_latency: 10m, msg_processing_time: 250ms}"), "write messages: 2400, the messages one task works through in 10m at 250ms each: the backlog per task autoscaling keeps", "messages"},
		{Blueprint{}, "workers", yamlNode(t, "[]"), "a worker is a service with a queue: write it in services, with queue: {subscribe: [{topic: NAME}]} (see https://github.com/ecsgate/ecsgate/blob/main/docs/operating.md#queues-and-topics)", "services"},
		{Service{}, "type", scalar("!!str", "web"), "remove it: a service is behind the load balancers it names (alb, nlb), and a Blueprint has no other kinds of service", ""},
		{Container{}, "portMappings", yamlNode(t, "[{containerPort: 8080, hostPort: 8080}]"), "a container has one port, the one it listens on: write port: 8080", "port"},
		{Container{}, "ports", yamlNode(t, `["80:8080"]`), "a container has one port, the one it listens on: write port: 8080", "port"},
		{Container{}, "ports", yamlNode(t, `["127.0.0.1:80:8080/tcp", "9000"]`), "a container has one port, the one it listens on: write port: 8080", "port"},
		{Container{}, "ports", yamlNode(t, "[3000]"), "a container has one port, the one it listens on: write port: 3000", "port"},
		{Container{}, "ports", yamlNode(t, "[]"), "a container has one port, the one it listens on: write port: PORT", "port"},
		{Container{}, "ports", mapping, "a container has one port, the one it listens on: write port: PORT", "port"},
		{Container{}, "env_file", scalar("!!str", ".env"), "gen reads no env file: write its variables in environment: {NAME: value}, and its secrets in secrets: {NAME: {parameter: ...}} (no secret value goes in a template)", "environment"},
		// Other spellings of a listed name.
		{Service{}, "launch_type", scalar("!!str", "FARGATE"), "remove it: every service runs on Fargate (spot: {} for Fargate Spot)", ""},
		{Service{}, "launch-type", scalar("!!str", "FARGATE"), "remove it: every service runs on Fargate (spot: {} for Fargate Spot)", ""},
		{Service{}, "fargate_spot", scalar("!!bool", "true"), "fargate_spot is spot in a Blueprint, a mapping: write {} to run every task on Fargate Spot (count or autoscaling says how many), or {onDemand: N} to keep the first N on regular Fargate", "spot"},
		{Spot{}, "base", scalar("!!int", "2"), "base is onDemand in a Blueprint: write onDemand: 2", "onDemand"},
		{Spot{}, "percent", scalar("!!int", "50"), "remove it: the tasks beyond onDemand all run on Fargate Spot; for a share on each, keep that many on regular Fargate with onDemand", ""},
		{Service{}, "capacityProvider", scalar("!!str", "FARGATE_SPOT"), "write spot: {} to run every task on Fargate Spot, or spot: {onDemand: N} to keep the first N on regular Fargate; gen writes the capacity provider strategy", "spot"},
		{Spot{}, "spot_from", scalar("!!int", "3"), "spot_from counts from the first task: write onDemand: 2", "onDemand"},
		{Spot{}, "spot_from", scalar("!!str", "soon"), "spot_from counts from the first task: write onDemand: N, N the tasks kept on regular Fargate", "onDemand"},
		{Autoscaling{}, "cpu_percentage", scalar("!!int", "70"), "cpu_percentage is cpu in a Blueprint: write cpu: 70", "cpu"},
		{Autoscaling{}, "targetCpu", scalar("!!int", "70"), "targetCpu is cpu in a Blueprint: write cpu: 70", "cpu"},
		{Blueprint{}, "version", scalar("!!str", "3.8"), "remove it: a Blueprint has no version", ""},
		{Service{}, "memroy", scalar("!!int", "512"), "", ""},
	} {
		fix, meant := otherNameFix(reflect.TypeOf(c.typ), c.key, c.value)
		if fix != c.wantFix || meant != c.wantFor {
			t.Errorf("%T %s: got (%q, %q), want (%q, %q)", c.typ, c.key, fix, meant, c.wantFix, c.wantFor)
		}
	}
}

// TestCountFix: Copilot's count mapping becomes autoscaling, with its
// range as a text or a mapping and its targets as numbers or {value: N}.
func TestCountFix(t *testing.T) {
	const in = "; for a range, write autoscaling: "
	for src, want := range map[string]string{
		"{range: 1-10, cpu_percentage: 70}":                     "{min: 1, max: 10, cpu: 70}",
		"{range: 2 - 4, requests: 500}":                         "{min: 2, max: 4, requests: 500}",
		"{range: {min: 1, max: 5, spot_from: 2}}":               "{min: 1, max: 5, cpu: 70} in place of count, with spot: {onDemand: 1}",
		"{memory_percentage: {value: 80, cooldown: {in: 60s}}}": "{min: MIN, max: MAX, memory: 80}",
		"{range: 1-3, response_time: 2s, requests: 30}":         "{min: 1, max: 3, requests: 30}",
		"{spot: 5, cooldown: {in: 60s}}":                        "{min: MIN, max: MAX, cpu: 70}",
	} {
		doc := yamlNode(t, src)
		if !strings.Contains(want, " in place of count") {
			want += " in place of count"
		}
		if got, want := countFix(doc), "count is the number of tasks"+in+want; got != want {
			t.Errorf("countFix(%s) = %q, want %q", src, got, want)
		}
	}
	doc := yamlNode(t, "{spot: 5}")
	if got, want := countFix(doc), "count is the number of tasks, and spot runs them on Fargate Spot: write count: 5 with spot: {}"; got != want {
		t.Errorf("countFix({spot: 5}) = %q, want %q", got, want)
	}
}

// TestChildFieldFix: a key that is a field of a mapping one level down gets
// that mapping, with the value written (a list of one for a list field,
// [...] or {...} for a value too long), and the field it meant there; of
// several owners, the one the mapping has, else all of them and no field
// meant. A field of each entry of a list, or of the entries of a list in
// those entries (a top-level port, a container's), gets where to write it;
// with a mapping owning it too, the entries come first. Keys of no such
// mapping or list get no fix.
func TestChildFieldFix(t *testing.T) {
	network, service := reflect.TypeFor[Network](), reflect.TypeFor[Service]()
	for _, c := range []struct {
		name      string
		typ       reflect.Type
		mapping   string
		key       string
		value     string
		fix       string
		wantMeant string
	}{
		{"one owner", network, "{}", "azs", "3", "azs is a field of vpc: move it into vpc, as vpc: {azs: 3}", "vpc.azs"},
		{"snake case", network, "{}", "public_subnets", "[10.0.0.0/24]", `public_subnets is a field of vpc and of existing: move it into the one you mean, as vpc: {publicSubnets: ["10.0.0.0/24"]}`, ""},
		{"one value for a list", network, "{}", "zones", "eu-west-1a", "zones is a field of vpc: move it into vpc, as vpc: {zones: [eu-west-1a]}", "vpc.zones"},
		{"a mapping's value", service, "{}", "max", "{n: 1}", "max is a field of autoscaling: move it into autoscaling, as autoscaling: {max: ...}", "autoscaling.max"},
		{"two owners, neither written", network, "{}", "cidr", "10.0.0.0/16", `cidr is a field of vpc and of existing: move it into the one you mean, as vpc: {cidr: "10.0.0.0/16"}`, ""},
		{"two owners, one written", network, "{existing: {}}", "cidr", "10.0.0.0/16", `cidr is a field of existing: move it into existing, as existing: {cidr: "10.0.0.0/16"}`, "existing.cidr"},
		{"a field of each entry of a list", service, "{}", "command", "[serve]", "command is a field of each entry of containers: write it in the entries it applies to, as containers: [{..., command: [serve]}]", ""},
		{"a mapping for each entry", reflect.TypeFor[API](), "{}", "auth", "{userPool: users}", "auth is a field of each entry of routes: write it in the entries it applies to, as routes: [{..., auth: {userPool: users}}]", ""},
		{"a long mapping for each entry", reflect.TypeFor[API](), "{}", "auth", "{userPool: users, scopes: [a]}", "auth is a field of each entry of routes: write it in the entries it applies to, as routes: [{..., auth: {...}}]", ""},
		{"a field of the entries of the entries' lists", reflect.TypeFor[Blueprint](), "{}", "port", "80", "port is a field of each entry of services[].containers: write it in the entries it applies to, as services: [{..., containers: [{..., port: 80}]}]", ""},
		{"of the entries' entries and of a mapping, the entries first", reflect.TypeFor[Blueprint](), "{}", "image", "{uri: nginx}", "image is a field of each entry of services[].containers and of pipeline: move it into the one you mean, as services: [{..., containers: [{..., image: {uri: nginx}}]}]", ""},
		{"text where a mapping goes", reflect.TypeFor[Blueprint](), "{}", "image", "nginx", "image is a field of each entry of services[].containers and of pipeline: move it into the one you mean, as services: [{..., containers: [{..., image: {...}}]}]", ""},
		{"no owner", network, "{}", "nat", "true", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			fix, meant := childFieldFix(c.typ, yamlNode(t, c.mapping), c.key, yamlNode(t, c.value))
			if fix != c.fix || meant != c.wantMeant {
				t.Errorf("childFieldFix(%s) = %q, %q\nwant %q, %q", c.key, fix, meant, c.fix, c.wantMeant)
			}
		})
	}
}

// TestWithin: one edit from a field, in any case, is a slip; two are
// not; a word whose every letter would be replaced is no guess.
func TestWithin(t *testing.T) {
	fields := []string{"paths", "stacks"}
	for key, want := range map[string]bool{"path": true, "Stacks": true, "stack": true, "pathz": true, "pat": false, "login": false} {
		if got := within(key, fields, 1) != ""; got != want {
			t.Errorf("within(%q, 1) = %v, want %v", key, got, want)
		}
	}
	for word, want := range map[string]string{"x": "", "ww": "w", "": "", "ab": "a"} {
		if got := Closest(word, []string{"a", "w"}); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
}

// TestFlowValue: scalars as scalarText writes them, lists of scalars as a
// flow list of the first few, nothing else.
func TestFlowValue(t *testing.T) {
	for src, want := range map[string]string{
		"3":            "3",
		"a b":          "a b",
		"'@x'":         `"@x"`,
		"[a, 1]":       "[a, 1]",
		"[a, b, c, d]": "[a, b, c, ...]",
		"[]":           "",
		"[[a]]":        "",
		"[{a: 1}]":     "",
		"{a: 1}":       "",
		"''":           "",
	} {
		got, ok := flowValue(yamlNode(t, src))
		if got != want || ok != (want != "") {
			t.Errorf("flowValue(%s) = %q, %v, want %q", src, got, ok, want)
		}
	}
}

// TestProbeFixes: Kubernetes' probes get the checks a Blueprint has, with
// the probe's own path, port, command and timings: liveness the
// container's health check, readiness the load balancer's, a startup probe
// the health check's startPeriod.
func TestProbeFixes(t *testing.T) {
	for _, c := range []struct {
		fix  func(string, *yaml.Node) string
		key  string
		src  string
		want string
	}{
		{livenessFix, "livenessProbe", "{httpGet: {path: /h, port: 80}, timeoutSeconds: 5, initialDelaySeconds: 20, periodSeconds: x}",
			`livenessProbe is healthCheck in a Blueprint, a command ECS runs in the container: write healthCheck: {command: [CMD-SHELL, "curl -f http://localhost:80/h || exit 1"], timeout: 5, startPeriod: 20} (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/h"}`},
		{livenessFix, "livenessProbe", "{httpGet: {path: /h, port: http}}",
			`livenessProbe is healthCheck in a Blueprint, a command ECS runs in the container: write healthCheck: {command: [CMD-SHELL, "curl -f http://localhost:PORT/h || exit 1"]} (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/h"}`},
		{livenessFix, "liveness_probe", "{exec: {command: [pg_isready]}, failureThreshold: 5}",
			`liveness_probe is healthCheck in a Blueprint: write healthCheck: {command: [CMD, pg_isready], retries: 5}`},
		{livenessFix, "livenessProbe", "{exec: {command: [CMD-SHELL, 'pg_isready -U app', -t, '5']}}",
			`livenessProbe is healthCheck in a Blueprint: write healthCheck: {command: [CMD-SHELL, pg_isready -U app, "-t", "5"]}`},
		{livenessFix, "livenessProbe", "{tcpSocket: {port: 5432}}",
			`livenessProbe is healthCheck in a Blueprint, a command ECS runs in the container: write healthCheck: {command: [CMD-SHELL, ...]}`},
		{livenessFix, "livenessProbe", "true",
			`livenessProbe is healthCheck in a Blueprint, a command ECS runs in the container: write healthCheck: {command: [CMD-SHELL, ...]}`},
		{readinessFix, "readinessProbe", "{httpGet: {path: /ready}, periodSeconds: 10, successThreshold: 2, failureThreshold: 4}",
			`readinessProbe is the load balancer's health check in a Blueprint, on the service: write alb: {healthCheck: {path: "/ready", interval: 10, unhealthy: 4, healthy: 2}} (or nlb's)`},
		{readinessFix, "readinessProbe", "{tcpSocket: {port: 80}}",
			`readinessProbe is the load balancer's health check in a Blueprint, on the service: write alb: {healthCheck: {}} (or nlb's)`},
		{healthCheckPathFix, "path", "/healthz",
			`a container's health check is a command that ECS runs inside the container: write command: [CMD-SHELL, "curl -f http://localhost:PORT/healthz || exit 1"] with the container's port (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/healthz"}`},
		{healthCheckPathFix, "path", "[x]",
			`a container's health check is a command that ECS runs inside the container: write command: [CMD-SHELL, ...]; a load balancer checks a path: alb.healthCheck or nlb.healthCheck: {path: ...}`},
		{startupFix, "startupProbe", "{failureThreshold: 30, periodSeconds: 10}",
			`startupProbe is the startPeriod of the container's health check in a Blueprint, the seconds before its failures count (up to 300): write healthCheck: {command: [...], startPeriod: 300}`},
		{startupFix, "startupProbe", "{failureThreshold: 31, periodSeconds: 10}",
			`startupProbe is the startPeriod of the container's health check in a Blueprint, the seconds before its failures count (up to 300): write healthCheck: {command: [...], startPeriod: SECONDS}`},
		{startupFix, "startupProbe", "[x]",
			`startupProbe is the startPeriod of the container's health check in a Blueprint, the seconds before its failures count (up to 300): write healthCheck: {command: [...], startPeriod: SECONDS}`},
	} {
		if got := c.fix(c.key, yamlNode(t, c.src)); got != c.want {
			t.Errorf("%s %s:\n got %s\nwant %s", c.key, c.src, got, c.want)
		}
	}
}

// TestGenerateFix: the settings of a generated value written as
// CloudFormation's GenerateSecretString holds them (or a guess at it) are
// written back as a secret's fields, with the user's values.
func TestGenerateFix(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"{length: 32}", "a secret of the Blueprint is always generated: write the settings beside its name: length: 32"},
		{`{PasswordLength: 40, ExcludePunctuation: false, GenerateStringKey: password, SecretStringTemplate: '{"username": "app"}'}`,
			"a secret of the Blueprint is always generated: write the settings beside its name: length: 40, punctuation: true, jsonKey: password, fields: {username: app}"},
		{"{ExcludePunctuation: true, SecretStringTemplate: 'not json'}", "a secret of the Blueprint is always generated: write the settings beside its name (length, punctuation, jsonKey)"},
		{"true", "a secret of the Blueprint is always generated: write the settings beside its name (length, punctuation, jsonKey)"},
	} {
		if got := generateFix("generateSecretString", yamlNode(t, c.src)); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestOtherNameFixesTakeAnyShape: every fix of the names table says
// something for a value of any shape a user may write, and never panics:
// scalars, empty and nested lists and mappings, a null and an alias.
func TestOtherNameFixesTakeAnyShape(t *testing.T) {
	shapes := []string{"x", "''", "3", "true", "~", "[]", "{}", "[[x]]", "[{}]", "[x, '']", "{a: {b: [c]}}", "{httpGet: x, exec: [x], command: {}}",
		"{httpGet: {path: [x], port: {}}, exec: {command: x}, failureThreshold: x, periodSeconds: 0}", "{min: [], max: {}, range: 5}", "&a [x, *a]"}
	for _, in := range otherNames {
		for key := range in.names {
			for _, src := range shapes {
				var doc yaml.Node
				if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
					t.Fatal(err)
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s %s, value %s: panic %v", in.where, key, src, r)
						}
					}()
					if fix, _ := otherNameFix(in.typ, key, doc.Content[0]); fix == "" {
						t.Errorf("%s %s, value %s: no fix", in.where, key, src)
					}
				}()
			}
		}
	}
}
