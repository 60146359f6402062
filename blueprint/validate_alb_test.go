package blueprint

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// albBase is a valid Blueprint with an ALB, Cognito login and ECS Exec.
const albBase = `name: portal
network:
  vpc:
    cidr: 10.0.0.0/16
  egress: endpoints
dns:
  zone: example.com
  zoneId: Z0123456789EXAMPLE
ingress:
  alb:
    certificate:
      domain: portal.example.com
    hostnames: [portal.example.com]
    login:
      userPool: staff
userPools:
  - name: staff
    domain:
      prefix: portal-staff
services:
  - name: api
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {repository: portal/api, tag: "1"}
        port: 8080
    alb:
      paths: [/api/*]
  - name: admin
    cpu: 256
    memory: 512
    exec: true
    containers:
      - name: app
        image: {repository: portal/admin, tag: "1"}
        port: 8080
    alb:
      paths: [/admin/*]
      login: true
`

func TestALBRules(t *testing.T) {
	checkRules(t, albBase, []ruleCase{
		{"login on HTTP only", "    certificate:\n      domain: portal.example.com\n", "", "ingress.alb.login", "    login:", "only an HTTP listener"},
		{"cognito domain certificate outside us-east-1", "      prefix: portal-staff\n", "      name: auth.portal.example.com\n      certificate: arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012\n", "userPools[0].domain.certificate", "certificate: arn", "reads certificates only from us-east-1"},
		{"no egress path", "  egress: endpoints", "  egress: none", "network.egress", "egress", "cannot reach ECR"},
		{"exec with read-only root", "    exec: true\n    containers:\n      - name: app\n", "    exec: true\n    containers:\n      - name: app\n        readonlyRootFilesystem: true\n", "services[1].containers[0].readonlyRootFilesystem", "readonlyRootFilesystem", "needs to write"},
		{"endpoints need ECR images", "image: {repository: portal/api, tag: \"1\"}", "image: {uri: \"docker.io/library/nginx:1.27\"}", "services[0].containers[0].image.uri", "docker.io", "not in a private ECR registry"},
		{"extra endpoints need egress endpoints", "  egress: endpoints", "  egress: nat\n  endpoints: [sts]", "network.endpoints[0]", "endpoints: [sts]", "only with egress endpoints"},
		{"login without domain", "    domain:\n      prefix: portal-staff\n", "", "ingress.alb.login.userPool", "userPool: staff", "has none"},
		{"login scopes", "      userPool: staff\n", "      userPool: staff\n      scope: openid email profile\n", "", "", ""},
		{"login scope without openid", "      userPool: staff\n", "      userPool: staff\n      scope: email\n", "ingress.alb.login.scope", "scope: email", "with openid"},
		{"login scopes with two spaces", "      userPool: staff\n", "      userPool: staff\n      scope: openid  email\n", "ingress.alb.login.scope", "scope: openid", "one space"},
		{"custom scope on a created pool", "      userPool: staff\n", "      userPool: staff\n      scope: openid orders/read\n", "ingress.alb.login.scope", "scope: openid", `no scope "orders/read"`},
		{"long endpoint name", "  egress: endpoints", "  egress: endpoints\n  endpoints: [" + strings.Repeat("s", 65) + "]", "network.endpoints[0]", "endpoints: [", "at most 64"},
		{"login without hosts", "    hostnames: [portal.example.com]\n", "", "ingress.alb.login", "    login:", "needs a host name"},
		{"login pool missing", "userPool: staff", "userPool: users", "ingress.alb.login.userPool", "userPool: users", `no user pool "users"`},
		{"login scope", "      userPool: staff\n", "      userPool: staff\n      scope: email\n", "ingress.alb.login.scope", "scope", "with openid"},
		{"rule login without ingress login", "    login:\n      userPool: staff\n", "", "services[1].alb.login", "login: true", "ingress.alb.login is not defined"},
		{"prefix reserved word", "prefix: portal-staff", "prefix: portal-cognito", "userPools[0].domain.prefix", "portal-cognito", `containing "cognito"`},
		{"users on existing pool", "  - name: staff\n", "  - name: staff\n    arn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123\n    users: [{username: a, email: a@example.com}]\n", "userPools[0].users", "users:", "only for a pool the template creates"},
		{"user email", "      prefix: portal-staff\n", "      prefix: portal-staff\n    users: [{username: a, email: nobody}]\n", "userPools[0].users[0].email", "users:", "not an email address"},
		{"certificate does not cover host", "    hostnames: [portal.example.com]", "    hostnames: [portal.example.com, www.example.com]", "ingress.alb.hostnames[1]", "hostnames", "does not cover www.example.com"},
		{"alternative name covers host", "      domain: portal.example.com\n    hostnames: [portal.example.com]", "      domain: portal.example.com\n      alternativeNames: [www.example.com]\n    hostnames: [portal.example.com, www.example.com]", "", "", ""},
		{"alternative name not a domain", "      domain: portal.example.com\n", "      domain: portal.example.com\n      alternativeNames: [\"False\"]\n", "ingress.alb.certificate.alternativeNames[0]", "alternativeNames", "is not a valid domain name"},
		{"alternative name twice", "      domain: portal.example.com\n", "      domain: portal.example.com\n      alternativeNames: [portal.example.com]\n", "ingress.alb.certificate.alternativeNames[0]", "alternativeNames", "already a name of the certificate"},
		{"alternative name outside the zone", "      domain: portal.example.com\n", "      domain: portal.example.com\n      alternativeNames: [portal.example.org]\n", "ingress.alb.certificate.alternativeNames[0]", "alternativeNames", "not in the hosted zone"},
		{"catch-all first", "      paths: [/api/*]", "      paths: [/*]", "services[1].alb", "alb:\n      paths: [/admin", "would never match"},
		{"catch-all last", "      paths: [/admin/*]", "      paths: [/*]", "", "", ""},
		{"duplicate priority", "      paths: [/admin/*]", "      paths: [/admin/*]\n      priority: 100", "services[1].alb.priority", "priority: 100", "already used by service \"api\""},
		{"no paths", "      paths: [/api/*]\n", "      hosts: []\n", "services[0].alb", "alb:\n      hosts", "no listener rule"},
		{"default service", "      userPool: staff\n", "      userPool: staff\n    default: api\n", "", "", ""},
		{"default unknown", "      userPool: staff\n", "      userPool: staff\n    default: web\n", "ingress.alb.default", "default: web", `no service "web"`},
		{"too many patterns", "paths: [/api/*]", "paths: [/a, /b, /c, /d, /e, /f]", "services[0].alb", "alb:\n      paths: [/a,", "needs 6 condition values; AWS allows 5 condition values per listener rule (1 too many)"},
		{"bad path pattern", "paths: [/api/*]", "paths: [api]", "services[0].alb.paths[0]", "paths: [api]", "not an ALB path pattern"},
		{"alb health check protocol", "      paths: [/api/*]\n", "      paths: [/api/*]\n      healthCheck: {protocol: TCP}\n", "services[0].alb.healthCheck.protocol", "healthCheck", "not allowed"},
		{"alb health check timeout", "      paths: [/api/*]\n", "      paths: [/api/*]\n      healthCheck: {interval: 5, timeout: 5}\n", "services[0].alb.healthCheck.timeout", "healthCheck", "not shorter than the 5 s interval"},
		{"dual stack on new VPC", "    hostnames: [portal.example.com]\n", "    hostnames: [portal.example.com]\n    dualStack: true\n", "ingress.alb.dualStack", "dualStack", "IPv4-only"},
		{"service alb without ingress", "ingress:\n  alb:\n", "ingress:\n  unrelated:\n", "services[0].alb", "    alb:\n      paths: [/api", "ingress.alb is not defined"},
		{"idle timeout", "    hostnames: [portal.example.com]\n", "    hostnames: [portal.example.com]\n    idleTimeout: 5000\n", "ingress.alb.idleTimeout", "idleTimeout", "out of range"},
		{"sticky sessions", "      paths: [/api/*]\n", "      paths: [/api/*]\n      stickiness: {duration: 3600}\n", "", "", ""},
		{"sticky sessions longer than seven days", "      paths: [/api/*]\n", "      paths: [/api/*]\n      stickiness: {duration: 604801}\n", "services[0].alb.stickiness.duration", "stickiness", "604801 seconds is out of range (use a value from 1 to 604800)"},
		{"sticky sessions across a canary's target groups", "      paths: [/api/*]\n", "      paths: [/api/*]\n      stickiness: {}\n    deployment: {strategy: canary}\n", "services[0].alb.stickiness", "stickiness", "sticky sessions hold a client to one target group, and strategy canary shifts traffic between two (remove stickiness, or deploy with strategy: rolling"},
		{"log group name", "    exec: true\n", "    exec: true\n    logs: {group: 'bad group'}\n", "services[1].logs.group", "logs:", "not a log group name"},
	})
}

func TestALBBackendRules(t *testing.T) {
	data, err := os.ReadFile("../golden/api-alb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checkRules(t, string(data), []ruleCase{
		{"internal ALB", "  alb:\n    certificate:", "  alb:\n    scheme: internal\n    certificate:", "api.backend", "backend: alb", "out of its reach"},
		{"no certificate", "    certificate:\n      domain: origin.example.com\n", "", "api.backend", "backend: alb", "over HTTPS"},
		{"default service", "    hostnames: [origin.example.com]\n", "    hostnames: [origin.example.com]\n    default: app\n", "ingress.alb.default", "default: app", "around API Gateway"},
		{"route to a service without alb", "    alb:\n      paths: [\"/*\"]\n      healthCheck: {path: /health}\n", "    nlb: {}\n", "api.routes[0].service", "service: app", "not attached to an ALB"},
		{"too many patterns", `paths: ["/*"]`, `paths: [/a, /b, /c, /d, /e]`, "services[0].alb", "alb:\n      paths: [/a,", "(with API Gateway's secret header) needs 6 condition values"},
		{"unknown backend", "  backend: alb", "  backend: cloudfront", "api.backend", "backend: cloudfront", "not allowed"},
	})
}

// problemAt reads src and returns the text of its problem at path (field
// path, what is wrong, the fix), or "" when there is none.
func problemAt(t *testing.T, src, path string) string {
	t.Helper()
	_, err := Read("bp.yaml", []byte(src))
	var problems Problems
	if err != nil && !errors.As(err, &problems) {
		t.Fatal(err)
	}
	for _, p := range problems {
		if p.Path == path {
			return fmt.Sprintf("%s: %s (%s)", p.Path, p.Message, p.Fix)
		}
	}
	return ""
}

// TestALBPathFix: a path pattern the ALB refuses gets the user's own
// pattern mended (the / it lacks) or the characters to remove, and a login
// path the same, two characters shorter, as the ALB matches it with /*.
func TestALBPathFix(t *testing.T) {
	const rule = `a path pattern is / then letters, digits and _-.$/~"'@:+&*?`
	long := "/" + strings.Repeat("a", 127)
	for _, c := range []struct{ field, path, want string }{
		{"paths", "api/*", `"api/*" is not an ALB path pattern (write "/api/*": ` + rule + `)`},
		{"paths", "/api {v2}", `"/api {v2}" is not an ALB path pattern (remove " ", "{", "}": ` + rule + `)`},
		{"paths", "/café/*", `"/café/*" is not an ALB path pattern (remove "é": ` + rule + `)`},
		{"paths", "", `"" is not an ALB path pattern (write a pattern such as /api/*: ` + rule + `)`},
		{"paths", long + "b", `"` + long + `b" is not an ALB path pattern (shorten it to 128 characters or fewer)`},
		{"paths", long, ""},
		{"loginPaths", "admin", `"admin" is not a path the ALB can match (write "/admin": ` + rule + `; /admin covers /admin and /admin/*)`},
		{"loginPaths", long[:127], `"` + long[:127] + `" is not a path the ALB can match (shorten it to 126 characters or fewer; /admin covers /admin and /admin/*)`},
	} {
		entry := "      paths: [" + strconv.Quote(c.path) + "]\n"
		if c.field == "loginPaths" {
			entry = "      paths: [/admin/*]\n      loginPaths: [" + strconv.Quote(c.path) + "]\n"
		}
		src := strings.Replace(albBase, "      paths: [/admin/*]\n      login: true\n", entry, 1)
		path := "services[1].alb." + c.field + "[0]"
		want := ""
		if c.want != "" {
			want = path + ": " + c.want
		}
		if got := problemAt(t, src, path); got != want {
			t.Errorf("%s %q:\n got %s\nwant %s", c.field, c.path, got, want)
		}
	}
}

// TestCertificateHostsFix: host names the ALB's certificate does not cover
// each get the whole list of alternative names to write, every one left out
// added, so one edit answers them all; a host that is not a name gets only
// its own problem.
func TestCertificateHostsFix(t *testing.T) {
	src := strings.Replace(albBase, "      domain: portal.example.com\n    hostnames: [portal.example.com]\n",
		"      domain: portal.example.com\n      alternativeNames: [\"*.api.example.com\"]\n    hostnames: [portal.example.com, www.example.com, a.api.example.com, shop.example.com, Bad_Name]\n", 1)
	const fix = `(write certificate.alternativeNames: ["*.api.example.com", www.example.com, shop.example.com], or use a wildcard certificate)`
	for path, want := range map[string]string{
		"ingress.alb.hostnames[1]": "the certificate does not cover www.example.com " + fix,
		"ingress.alb.hostnames[2]": "",
		"ingress.alb.hostnames[3]": "the certificate does not cover shop.example.com " + fix,
		"ingress.alb.hostnames[4]": `"Bad_Name" is not a valid domain name (write a lowercase DNS name such as api.example.com)`,
	} {
		if want != "" {
			want = path + ": " + want
		}
		if got := problemAt(t, src, path); got != want {
			t.Errorf("%s:\n got %s\nwant %s", path, got, want)
		}
	}
}
