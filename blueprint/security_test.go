package blueprint

import (
	"strings"
	"testing"
)

// strictBase is a valid Blueprint under security: strict: an ALB with a
// certificate, a service of two containers, each with a user that is not
// root, a memory limit and a port of 1024 or above, and an API.
const strictBase = `name: shop
security: strict
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
      domain: api.example.com
    hostnames: [api.example.com]
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: proxy
        image: {repository: web/proxy, tag: "1.0"}
        port: 8080
        user: "101"
        memory: 128
        writablePaths: [/tmp]
      - name: app
        image: {repository: web/app, tag: "1.0"}
        user: "1000:1000"
        memory: 384
    traffic: {container: proxy, port: 8080}
    alb:
      paths: ["/*"]
api:
  backend: alb
  routes:
    - {path: /, method: GET, service: web}
`

// TestHardenedContainerRules: what a hardened task needs (AWS Control Tower's
// ECS controls and Linux's own rules), each with its field, line and fix.
func TestHardenedContainerRules(t *testing.T) {
	checkRules(t, strictBase, []ruleCase{
		{"CT.ECS.PR.3: strict needs a user", "        user: \"1000:1000\"\n", "", "services[0].containers[1].user", "- name: app", "CT.ECS.PR.3"},
		{"CT.ECS.PR.3: root by name", `user: "1000:1000"`, `user: "root"`, "services[0].containers[1].user", `user: "root"`, "runs the container as root"},
		{"CT.ECS.PR.3: root by uid and group", `user: "1000:1000"`, `user: "0:0"`, "services[0].containers[1].user", `user: "0:0"`, "runs the container as root"},
		{"CT.ECS.PR.3: root by uid", `user: "1000:1000"`, `user: "0"`, "services[0].containers[1].user", `user: "0"`, "runs the container as root"},
		{"Linux: ports below 1024 need root", "port: 8080\n        user", "port: 80\n        user", "services[0].containers[0].port", "port: 80\n", "cannot bind port 80"},
		{"CT.ECS.PR.7: every container of several has a memory limit", "        memory: 384\n", "", "services[0].containers[1].memory", "- name: app", "CT.ECS.PR.7"},
		{"ECS: the containers' memory fits the task", "memory: 384", "memory: 512", "services[0].containers", "containers:", "the containers need 640 MiB but the task has 512 MiB"},
		{"a writable path is absolute", "writablePaths: [/tmp]", "writablePaths: [tmp]", "services[0].containers[0].writablePaths[0]", "writablePaths", `"tmp" is not an absolute path (write /tmp, the absolute path inside the container)`},
		{"a writable path from no directory", "writablePaths: [/tmp]", "writablePaths: [../tmp]", "services[0].containers[0].writablePaths[0]", "writablePaths", `"../tmp" is not an absolute path (write an absolute path inside the container, such as /tmp)`},
		{"a writable path is never /", "writablePaths: [/tmp]", "writablePaths: [/]", "services[0].containers[0].writablePaths[0]", "writablePaths", "cannot be a writable path"},
		{"a writable path once", "writablePaths: [/tmp]", "writablePaths: [/tmp, /tmp/]", "services[0].containers[0].writablePaths[1]", "writablePaths", "cannot be a writable path"},
		{"writable paths need a read-only root", "writablePaths: [/tmp]", "writablePaths: [/tmp]\n        readonlyRootFilesystem: false", "services[0].containers[0].writablePaths", "writablePaths", "only matter on a read-only root filesystem"},
		{"ECS Exec writes to the root filesystem", "    traffic:", "    exec: true\n    traffic:", "services[0].containers[0].readonlyRootFilesystem", "- name: proxy", "SSM agent"},
		{"CT.ELASTICLOADBALANCING.PR.1: an ALB serves HTTPS", "    certificate:\n      domain: api.example.com\n    hostnames: [api.example.com]\n", "", "ingress.alb.certificate", "  alb:\n", "CT.ELASTICLOADBALANCING.PR.1"},
		{"CloudWatch Logs' retention periods", "security: strict", "security: strict\nlogs: {retention: 500}", "logs.retention", "logs:", "500 days is not a CloudWatch Logs retention period"},
		{"S3's expiry", "security: strict", "security: strict\nlogs: {expireDays: -1}", "logs.expireDays", "logs:", "-1 days is not an expiry S3 accepts"},
		{"S3's bucket names", "security: strict", "security: strict\nlogs: {bucket: Logs_Bucket}", "logs.bucket", "logs:", "is not an S3 bucket name"},
		{"a bucket without audit logs", "security: strict", "security: strict\nlogs: {audit: false, bucket: my-logs}", "logs.bucket", "logs:", "no audit logs are written without logs.audit"},
		{"API Gateway's TLS policies", "  backend: alb", "  backend: alb\n  securityPolicy: TLS_1_0", "api.securityPolicy", "securityPolicy", "TLS 1.2 is the minimum"},
		{"API Gateway's logging levels", "  backend: alb", "  backend: alb\n  executionLogs: DEBUG", "api.executionLogs", "executionLogs", `"DEBUG" is not allowed`},
		{"security levels", "security: strict", "security: paranoid", "security", "security:", `"paranoid" is not allowed`},
		{"standard takes the image's user", "security: strict", "security: standard", "", "", ""},
		{"an enhanced API policy", "  backend: alb", "  backend: alb\n  securityPolicy: SecurityPolicy_TLS13_1_3_2025_09", "", "", ""},
	})
}

// TestLowPortIsAWarningUnderStandard: a user that is not root on a port
// below 1024 fails at run time, but under security: standard the image may
// have the capability to bind it: a warning, not an error.
func TestLowPortIsAWarningUnderStandard(t *testing.T) {
	src := strings.Replace(strings.Replace(strictBase, "security: strict", "security: standard", 1), "port: 8080\n        user", "port: 80\n        user", 1)
	src = strings.Replace(src, "traffic: {container: proxy, port: 8080}", "traffic: {container: proxy, port: 80}", 1)
	b, err := Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w := otherWarnings(b)
	if len(w) != 1 || w[0].Path != "services[0].containers[0].port" || !strings.Contains(w[0].Message, "cannot bind port 80") {
		t.Fatalf("want one warning at services[0].containers[0].port, got %v", w)
	}
}

// TestStrictDefaults: what security: strict turns on, and that each stays
// a choice the Blueprint can make against it.
func TestStrictDefaults(t *testing.T) {
	b, err := Read("bp.yaml", []byte(strictBase))
	if err != nil {
		t.Fatal(err)
	}
	r := mustResolve(t, b)
	if r.Logs.Retention != 365 || !r.EncryptsLogs() || !r.RetainsLogs() || !r.AuditLogs() {
		t.Errorf("strict logs: %+v", r.Logs)
	}
	if !*r.Ingress.ALB.DeletionProtection || !r.API.AccessLogged() || !r.API.Traced() || r.API.ExecutionLogs != ExecutionLogsError || r.API.SecurityPolicy != "TLS_1_2" {
		t.Errorf("strict API and ALB: %+v %+v", r.API, r.Ingress.ALB)
	}
	if !r.Services[0].Containers[0].ReadOnlyRoot() || r.Services[0].Logs.Retention != 365 {
		t.Errorf("strict service: %+v", r.Services[0])
	}
	src := strings.Replace(strictBase, "security: strict", "security: strict\nlogs: {retention: 731, retain: false}", 1)
	src = strings.Replace(src, "    hostnames: [api.example.com]", "    hostnames: [api.example.com]\n    deletionProtection: false", 1)
	if b, err = Read("bp.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	r = mustResolve(t, b)
	if r.Logs.Retention != 731 || r.RetainsLogs() || *r.Ingress.ALB.DeletionProtection {
		t.Errorf("choices against strict's defaults were not kept: %+v", r.Logs)
	}
	src = strings.Replace(strictBase, "security: strict", "security: standard", 1)
	if b, err = Read("bp.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	r = mustResolve(t, b)
	if r.Logs.Retention != 30 || r.EncryptsLogs() || r.AuditLogs() || *r.Ingress.ALB.DeletionProtection || r.API.Traced() || r.Services[0].Containers[1].ReadOnlyRoot() || !r.Services[0].Containers[0].ReadOnlyRoot() {
		t.Errorf("standard turns on what costs, or writable paths leave the root writable: %+v", r.Logs)
	}
}

// TestStrictInOneEnvironment: security is an environment's choice; prod
// can be strict while dev stays standard, and what strict needs is asked
// of prod's merged Blueprint.
func TestStrictInOneEnvironment(t *testing.T) {
	src := strings.Replace(strictBase, "security: strict\n", "", 1) + "environments:\n  dev: {}\n  prod:\n    security: strict\n    ingress: {alb: {certificate: {domain: prod.example.com}, hostnames: [prod.example.com]}}\n"
	b, err := Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for env, strict := range map[string]bool{"dev": false, "prod": true} {
		e, err := b.Environment(env)
		if err != nil {
			t.Fatal(err)
		}
		if mustResolve(t, e).Strict() != strict {
			t.Errorf("%s: strict %v, want %v", env, !strict, strict)
		}
	}
	src = strings.Replace(src, "        user: \"1000:1000\"\n", "", 1)
	_, err = Read("bp.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "prod: services[0].containers[1].user") || strings.Contains(err.Error(), "dev:") {
		t.Errorf("prod is strict and needs a user; dev is standard and does not: %v", err)
	}
}

func mustResolve(t *testing.T, b *Blueprint) *Resolved {
	t.Helper()
	r, err := Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
