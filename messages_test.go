package ecsgate_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

// problemsOf reads and renders a Blueprint and returns its problems, one
// per line as gen prints them.
func problemsOf(t *testing.T, src string) []string {
	t.Helper()
	b, err := blueprint.Read("bp.yaml", []byte(src))
	if err == nil {
		_, err = ecsgate.Render(b)
	}
	var problems blueprint.Problems
	if err != nil && !errors.As(err, &problems) {
		t.Fatal(err)
	}
	var lines []string
	for _, p := range problems {
		lines = append(lines, p.String())
	}
	return lines
}

// service is a Blueprint of one service behind the NLB, with containers and
// extra fields written in.
func service(containers, extra string) string {
	return "name: a\ningress: {nlb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers:\n" + containers + "    nlb: {}\n" + extra
}

// TestShapesFromOtherTools: what a newcomer writes the way Compose files,
// Copilot manifests, Kubernetes or the ECS console write it gets the fix in
// ecsgate's shape, with the user's own values, and only the one problem.
func TestShapesFromOtherTools(t *testing.T) {
	container := func(fields string) string {
		return service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80"+fields+"}\n", "")
	}
	size := func(from, to string) string { return strings.Replace(container(""), from, to, 1) }
	for _, c := range []struct {
		name, src, want string
	}{
		{"an image as a reference", strings.Replace(container(""), "{uri: \"nginx:1.27\"}", "nginx:1.27", 1),
			`bp.yaml:8:28: services[0].containers[0].image: must be a mapping of fields, not "nginx:1.27" (write {uri: "nginx:1.27"} for an image in a registry, or {repository: NAME, tag: TAG} for one in an ECR repository the template creates)`},
		{"a part switched on with true", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: true}", 1),
			`bp.yaml:2:16: ingress.nlb: must be a mapping of fields, not "true" (write {} to take its defaults, or a mapping of its fields: allow, certificate, crossZone, deletionProtection, hostname, name, protocol, sslPolicy)`},
		{"environment as NAME=VALUE", container(", environment: [DEBUG=1, LOG_LEVEL=info, \"URL=http://x/?a=b\", MORE=1]"),
			`bp.yaml:8:72: services[0].containers[0].environment: must be a mapping of names to values, not a list (write the list as a mapping: {DEBUG: "1", LOG_LEVEL: info, URL: "http://x/?a=b", ...})`},
		{"environment as one-entry mappings", container(", environment: [{A: x y}, {B: 'true'}]"),
			`bp.yaml:8:72: services[0].containers[0].environment: must be a mapping of names to values, not a list (write the list as a mapping: {A: x y, B: "true"})`},
		{"environment as an ECS task definition writes it", container(", environment: [{name: DEBUG, value: \"1\"}, {name: LOG_LEVEL, value: info}]"),
			`bp.yaml:8:72: services[0].containers[0].environment: must be a mapping of names to values, not a list (write the list as a mapping: {DEBUG: "1", LOG_LEVEL: info})`},
		{"environment as a list with a name alone, as Compose passes the shell's value", container(", environment: [DEBUG, X=1]"),
			`bp.yaml:8:72: services[0].containers[0].environment: must be a mapping of names to values, not a list (write the list as a mapping: {DEBUG: VALUE, X: "1"}; Compose gives a name alone (DEBUG) the value of the shell it runs in, which a task does not have: write its value)`},
		{"environment as a list of anything else", container(", environment: [[DEBUG], X=1]"),
			`bp.yaml:8:72: services[0].containers[0].environment: must be a mapping of names to values, not a list (write a mapping of names to values)`},
		{"Fargate Spot as the number of tasks on it, as Copilot's count.spot", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", "    spot: 2\n"),
			`bp.yaml:10:11: services[0].spot: must be a mapping of fields, not "2" (write {} to run every task on Fargate Spot (count or autoscaling says how many), or {onDemand: N} to keep the first N on regular Fargate)`},
		{"Fargate Spot switched off with false", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", "    spot: false\n"),
			`bp.yaml:10:11: services[0].spot: must be a mapping of fields, not "false" (remove it: without spot every task runs on regular Fargate (in an environment's overlay, spot: null takes the base's spot away))`},
		{"cpu in vCPU with the unit", size("cpu: 256", "cpu: 0.25vCPU"),
			`bp.yaml:5:10: services[0].cpu: must be a whole number, not "0.25vCPU" (cpu counts CPU units, 1024 per vCPU: 0.25vCPU is cpu: 256)`},
		{"cpu in Kubernetes millicores", size("cpu: 256", "cpu: 500m"),
			`bp.yaml:5:10: services[0].cpu: must be a whole number, not "500m" (cpu counts CPU units, 1024 per vCPU: 500m (0.5 vCPU) is cpu: 512)`},
		{"cpu as a whole number of vCPUs", size("cpu: 256", "cpu: 2"),
			`bp.yaml:5:10: services[0].cpu: 2 is not a Fargate CPU size (cpu counts CPU units, 1024 per vCPU: 2 vCPU is cpu: 2048)`},
		{"memory in MB", size("memory: 512", "memory: 512MB"),
			`bp.yaml:6:13: services[0].memory: must be a whole number, not "512MB" (memory counts MiB, without a unit: 512MB is memory: 512)`},
		{"memory in Kubernetes Gi", size("memory: 512", "memory: 2Gi"),
			`bp.yaml:6:13: services[0].memory: must be a whole number, not "2Gi" (memory counts MiB, without a unit: 2Gi is memory: 2048)`},
		{"memory as a whole number of GB", size("memory: 512", "memory: 1"),
			`bp.yaml:6:13: services[0].memory: 1 is not a Fargate memory size (memory counts MiB: 1 GB is memory: 1024)`},
		{"memory as GB that pair with a larger cpu", size("memory: 512", "memory: 4"),
			`bp.yaml:6:13: services[0].memory: 4 is not a Fargate memory size (memory counts MiB: with cpu 256 use memory 512, 1024 or 2048; 4 GB, memory: 4096, needs cpu 512, 1024 or 2048)`},
		{"memory that reads as GB of no task size, a size mistyped", size("memory: 512", "memory: 51"),
			`bp.yaml:6:13: services[0].memory: 51 is not a Fargate memory size (memory counts MiB: with cpu 256 use memory 512, 1024 or 2048)`},
		{"memory below every size", size("memory: 512", "memory: 500"),
			`bp.yaml:6:13: services[0].memory: 500 is not a Fargate memory size (memory counts MiB: with cpu 256 use memory 512, 1024 or 2048)`},
		{"a secret as its ARN", container(", secrets: {DB: \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf\"}"),
			`bp.yaml:8:73: services[0].containers[0].secrets.DB: must be a mapping of fields, not "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" (write {secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"})`},
		{"a secret as ECS's valueFrom writes it", container(", secrets: {DB: {secret: \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:\"}}"),
			`bp.yaml:8:82: services[0].containers[0].secrets.DB.secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:" is written as ECS's valueFrom, ARN:JSON-KEY:VERSION-STAGE:VERSION-ID, which a Blueprint writes as fields beside the ARN (write {secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", jsonKey: "password", versionStage: "AWSCURRENT"})`},
		{"the AWS managed key named for a parameter", container(", secrets: {DB: {parameter: /app/db, kmsKey: alias/aws/ssm}}"),
			`bp.yaml:8:102: services[0].containers[0].secrets.DB.kmsKey: alias/aws/ssm is the AWS managed key Parameter Store encrypts with when no key is named (remove kmsKey: the tasks read what it encrypts without a grant, as AWS asks for kms:Decrypt only with a customer managed key)`},
		{"a canary's wait with its unit", "name: a\ningress: {alb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n    alb: {paths: [/*]}\n    deployment: {strategy: canary, canary: {percent: 10, minutes: 15m}, bake: 10}\n",
			`bp.yaml:10:67: services[0].deployment.canary.minutes: must be a whole number, not "15m" (write the minutes, without a unit: 15m is minutes: 15)`},
		{"a bake time in hours", "name: a\ningress: {alb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n    alb: {paths: [/*]}\n    deployment: {strategy: canary, canary: {percent: 10, minutes: 15}, bake: 1h}\n",
			`bp.yaml:10:78: services[0].deployment.bake: must be a whole number, not "1h" (bake counts minutes, without a unit: 1h is bake: 60)`},
		{"an alarm address as a mail client writes it", container("") + "alarms: {emails: [\"On-Call <oncall@example.com>\"]}\n",
			`bp.yaml:10:19: alarms.emails[0]: "On-Call <oncall@example.com>" is not an email address (write "oncall@example.com": SNS subscribes the address alone)`},
		{"an alarm address as a mailto link", container("") + "alarms: {emails: [\"mailto:ops@example.com\"]}\n",
			`bp.yaml:10:19: alarms.emails[0]: "mailto:ops@example.com" is not an email address (write "ops@example.com": SNS subscribes the address alone)`},
		{"a parameter as its name", container(", secrets: {DB: /app/db}"),
			`bp.yaml:8:73: services[0].containers[0].secrets.DB: must be a mapping of fields, not "/app/db" (write {parameter: "/app/db"})`},
		// A text that names no secret by its shape may be the secret's
		// value: it is not repeated, as gen's output ends up in CI logs.
		{"a secret or parameter by a bare name, or the value itself", container(", secrets: {DB: db-password}"),
			`bp.yaml:8:73: services[0].containers[0].secrets.DB: must name where the secret is kept, in a mapping; the text written is not repeated here, as it may be the secret's value (keep the value in Parameter Store (gen secrets prints the command) or Secrets Manager, and name it here: {parameter: /PATH} for an SSM parameter, {parameter: ARN} for one named without a / or {secret: ARN} for a Secrets Manager secret (its full ARN))`},
		{"a secret's value, with a prefix and secrets of the Blueprint's own", "parameters: {prefix: /shop}\nsecrets: [{name: session-key}]\n" + container(", secrets: {DB: 12345}"),
			`bp.yaml:10:73: services[0].containers[0].secrets.DB: must name where the secret is kept, in a mapping; the text written is not repeated here, as it may be the secret's value (keep the value in Parameter Store (gen secrets prints the command) or Secrets Manager, and name it here: {parameter: /PATH} for an SSM parameter, {parameter: NAME} for one under parameters.prefix /shop, {parameter: ARN} for one named without a /, {secret: ARN} for a Secrets Manager secret (its full ARN) or {secret: NAME} for an entry of secrets (session-key))`},
		{"an entry of secrets by its name", "secrets: [{name: session-key}]\n" + container(", secrets: {DB: session-key}"),
			`bp.yaml:9:73: services[0].containers[0].secrets.DB: must be a mapping of fields, not "session-key" (write {secret: "session-key"}, the entry of secrets)`},
		{"a target health check as its path", strings.Replace(container(""), "    nlb: {}\n", "    nlb: {healthCheck: /health}\n", 1),
			`bp.yaml:9:24: services[0].nlb.healthCheck: must be a mapping of fields, not "/health" (write {path: "/health"})`},
		{"a container health check as a shell line", container(", healthCheck: {command: curl -f http://localhost/ || exit 1}"),
			`bp.yaml:8:82: services[0].containers[0].healthCheck.command: must be a list, not "curl -f http://localhost/ || exit 1" (write the shell command as [CMD-SHELL, "curl -f http://localhost/ || exit 1"])`},
		{"a container health check as its shell line", container(", healthCheck: \"CMD curl -f http://localhost/ || exit 1\""),
			`bp.yaml:8:72: services[0].containers[0].healthCheck: must be a mapping of fields, not "CMD curl -f http://localhost/ || exit 1" (write {command: [CMD-SHELL, "curl -f http://localhost/ || exit 1"]})`},
		{"a container health check as Compose's test list", container(", healthCheck: [curl, -f, \"http://localhost/\"]"),
			`bp.yaml:8:72: services[0].containers[0].healthCheck: must be a mapping of fields, not a list (write {command: [CMD, curl, "-f", "http://localhost/"]})`},
		{"a container health check as a path", container(", healthCheck: /health"),
			`bp.yaml:8:72: services[0].containers[0].healthCheck: must be a mapping of fields, not "/health" (a container's health check is a command that ECS runs inside the container: write {command: [CMD-SHELL, "curl -f http://localhost:80/health || exit 1"]} (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/health"})`},
		{"one text where a list belongs", container(", command: serve"),
			`bp.yaml:8:68: services[0].containers[0].command: must be a list, not "serve" (write a list of one: [serve])`},
		{"a list as one comma-separated text", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: {allow: \"10.0.0.0/8, 192.168.0.0/16\"}}", 1),
			`bp.yaml:2:24: ingress.nlb.allow: must be a list, not "10.0.0.0/8, 192.168.0.0/16" (write the list: ["10.0.0.0/8", "192.168.0.0/16"])`},
		{"a certificate as its ARN", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: {protocol: TLS, certificate: \"arn:aws:acm:eu-west-1:123456789012:certificate/abc\"}}", 1),
			`bp.yaml:2:45: ingress.nlb.certificate: must be a mapping of fields, not "arn:aws:acm:eu-west-1:123456789012:certificate/abc" (write {arn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"})`},
		{"a certificate as its domain", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: {protocol: TLS, certificate: api.example.com}}", 1),
			`bp.yaml:2:45: ingress.nlb.certificate: must be a mapping of fields, not "api.example.com" (write {domain: api.example.com} for a certificate the template requests (validated through dns.zone), or {arn: ARN} for one you have)`},
		{"named items where a mapping by name belongs", container("") + "environments:\n  - name: prod\n    services: [{name: w, count: 2}]\n  - {name: dev}\n",
			`bp.yaml:11:3: environments: must be a mapping of names to values, not a list (write a mapping with each name as its key: {prod: {...}, dev: {...}})`},
		{"a mapping where a list of them belongs", "name: a\nservices:\n  name: w\n",
			`bp.yaml:3:3: services: must be a list, not a mapping (make it an item of the list: write - before its first field)`},
		{"items keyed by their names, as Compose writes services", "name: a\nservices:\n  web: {image: nginx}\n  worker:\n    image: nginx\n",
			`bp.yaml:3:3: services: must be a list, not a mapping (write a list with each name inside its item: [{name: web, ...}, {name: worker, ...}])`},
		{"a flow mapping where a list of them belongs", "name: a\nservices: {name: w}\n",
			`bp.yaml:2:11: services: must be a list, not a mapping (make it an item of the list: write it inside [ ])`},
		{"a field misspelt, and nothing about the field missing", strings.Replace(container(""), "memory: 512", "memroy: 512", 1),
			`bp.yaml:6:5: services[0].memroy: unknown field "memroy" (did you mean "memory"?)`},
		{"a field named with its owner, and nothing about the field missing", "name: a\nnetwork:\n  existing: {vpcId: vpc-0123456789abcdef0, cidr: 10.0.0.0/16, publicSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1], privateSubnets: [subnet-0123456789abcdef2, subnet-0123456789abcdef3]}\n" + strings.TrimPrefix(container(""), "name: a\n"),
			`bp.yaml:3:14: network.existing.vpcId: unknown field "vpcId" (did you mean "id"?)`},
		{"a duration with its unit", container(", healthCheck: {command: [CMD, x], interval: 15s}"),
			`bp.yaml:8:102: services[0].containers[0].healthCheck.interval: must be a whole number, not "15s" (interval counts seconds, without a unit: 15s is interval: 15)`},
		{"a percent with its sign, and nothing about the target missing", size("memory: 512", "memory: 512\n    autoscaling: {min: 1, max: 4, cpu: 70%}"),
			`bp.yaml:7:40: services[0].autoscaling.cpu: must be a whole number, not "70%" (cpu counts percent, without the sign: write cpu: 70)`},
		{"a percent as a fraction, not read as vCPUs", size("memory: 512", "memory: 512\n    autoscaling: {min: 1, max: 4, memory: 0.75}"),
			`bp.yaml:7:43: services[0].autoscaling.memory: must be a whole number, not "0.75" (memory counts percent: 0.75 is memory: 75)`},
		{"a deployment's percent with its sign", size("memory: 512", "memory: 512\n    deployment: {minPercent: 50%}"),
			`bp.yaml:7:30: services[0].deployment.minPercent: must be a whole number, not "50%" (minPercent counts percent, without the sign: write minPercent: 50)`},
		{"a count with a percent sign gets no percent fix", size("memory: 512", "memory: 512\n    count: 50%"),
			`bp.yaml:7:12: services[0].count: must be a whole number, not "50%" (write a whole number)`},
		{"a route's field written for the whole API", container("") + "userPools: [{name: users}]\napi:\n  auth: {userPool: users}\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:12:3: api.auth: unknown field "auth" (auth is a field of each entry of routes: write it in the entries it applies to, as routes: [{..., auth: {userPool: users}}])`},
		{"a service's field written at the top", "cpu: 256\n" + container(""),
			`bp.yaml:1:1: cpu: unknown field "cpu" (cpu is a field of each entry of services: write it in the entries it applies to, as services: [{..., cpu: 256}])`},
		{"an entry written as its name", container("") + "userPools: [users]\n",
			`bp.yaml:10:13: userPools[0]: must be a mapping of fields, not "users" (an entry is a mapping that names it: write {name: users}, with the entry's other fields beside name (arn, domain, users))`},
		{"a container's dependency written as Compose writes it", container(", dependsOn: [db]"),
			`bp.yaml:8:71: services[0].containers[0].dependsOn[0]: must be a mapping of fields, not "db" (an entry is a mapping that names it: write {container: db}, with the entry's other fields beside container (condition))`},
		{"an egress rule for a range of ports", size("memory: 512", "memory: 512\n    egress: [{cidr: 0.0.0.0/0, port: 1024-2000}]"),
			`bp.yaml:7:38: services[0].egress[0].port: must be a whole number, not "1024-2000" (port takes one port, not a range: write a rule for each port the tasks call)`},
		{"a container's ports as a range", strings.Replace(container(""), "port: 80", "port: 8080-8090", 1),
			`bp.yaml:8:55: services[0].containers[0].port: must be a whole number, not "8080-8090" (port takes one port, not a range: write the one port it listens on)`},
		{"an egress rule for an application's protocol", size("memory: 512", "memory: 512\n    egress: [{cidr: 10.0.0.0/8, port: 5432, protocol: postgres}]"),
			`bp.yaml:7:55: services[0].egress[0].protocol: "postgres" is an application's protocol, which runs over TCP; a security group rule names tcp or udp (write protocol: tcp, or leave protocol out: tcp is the default)`},
		{"an egress rule for an application's protocol over UDP", size("memory: 512", "memory: 512\n    egress: [{cidr: 10.0.0.0/8, port: 123, protocol: ntp}]"),
			`bp.yaml:7:54: services[0].egress[0].protocol: "ntp" is an application's protocol, which runs over UDP; a security group rule names tcp or udp (write protocol: udp)`},
		{"a CORS origin copied from the address bar", container("") + "api:\n  cors: {origin: \"https://shop.example.com/\"}\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:18: api.cors.origin: "https://shop.example.com/" is not an origin (write "https://shop.example.com": an origin is the scheme, host and port, without a path)`},
		{"a CORS origin without its scheme", container("") + "api:\n  cors: {origin: shop.example.com}\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:18: api.cors.origin: "shop.example.com" is not an origin (write "https://shop.example.com": an origin begins with its scheme)`},
		{"a CORS origin in capitals", container("") + "api:\n  cors: {origin: \"https://Shop.Example.com\"}\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:18: api.cors.origin: "https://Shop.Example.com" is not an origin (write "https://shop.example.com": browsers send the origin in lowercase)`},
		{"a platform as Docker writes it", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    platform: linux/amd64\n", 1),
			`bp.yaml:7:15: services[0].platform: "linux/amd64" is not allowed (did you mean "X86_64"?)`},
		{"a platform as Go writes it", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    platform: amd64\n", 1),
			`bp.yaml:7:15: services[0].platform: "amd64" is not allowed (did you mean "X86_64"?)`},
		{"a platform as the kernel writes it", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    platform: aarch64\n", 1),
			`bp.yaml:7:15: services[0].platform: "aarch64" is not allowed (did you mean "ARM64"?)`},
		{"an ALB's scheme as public", "name: a\ningress: {alb: {scheme: public}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n    alb: {paths: [/*]}\n",
			`bp.yaml:2:25: ingress.alb.scheme: "public" is not allowed (did you mean "internet-facing"?)`},
		{"a deployment strategy as Kubernetes writes it", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    deployment: {strategy: RollingUpdate, canary: {percent: 10}}\n", 1),
			`bp.yaml:7:28: services[0].deployment.strategy: "RollingUpdate" is not allowed (did you mean "rolling"?)`},
		{"a deployment strategy in words apart", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    deployment: {strategy: rolling-update}\n", 1),
			`bp.yaml:7:28: services[0].deployment.strategy: "rolling-update" is not allowed (did you mean "rolling"?)`},
		{"a deployment strategy as CodeDeploy names a canary", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    deployment: {strategy: CodeDeployDefault.ECSCanary10Percent5Minutes, canary: {percent: 10}}\n", 1),
			`bp.yaml:7:28: services[0].deployment.strategy: "CodeDeployDefault.ECSCanary10Percent5Minutes" is not allowed (CodeDeployDefault.ECSCanary10Percent5Minutes is ECS's own canary deployment in a Blueprint: write strategy: canary, canary: {percent: 10, minutes: 5})`},
		{"a deployment strategy as CodeDeploy names a linear shift", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    deployment: {strategy: ECSLinear10PercentEvery3Minutes}\n", 1),
			`bp.yaml:7:28: services[0].deployment.strategy: "ECSLinear10PercentEvery3Minutes" is not allowed (ECSLinear10PercentEvery3Minutes is ECS's own linear deployment in a Blueprint: write strategy: linear, linear: {percent: 10, minutes: 3})`},
		{"a deployment strategy as CodeDeploy names all at once", strings.Replace(container(""), "memory: 512\n", "memory: 512\n    deployment: {strategy: CodeDeployDefault.ECSAllAtOnce}\n", 1),
			`bp.yaml:7:28: services[0].deployment.strategy: "CodeDeployDefault.ECSAllAtOnce" is not allowed (CodeDeployDefault.ECSAllAtOnce is ECS's own blue/green deployment in a Blueprint, which moves every request at once to the new revision once it is healthy: write strategy: blueGreen)`},
		{"CORS origins as a list of one", container("") + "api:\n  cors: {origins: [\"https://shop.example.com\"]}\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:10: api.cors.origins: unknown field "origins" (origins is origin in a Blueprint, which holds one origin: write origin: "https://shop.example.com")`},
		{"CORS origins as the AWS CDK writes them", container("") + "api:\n  cors: {allowOrigins: [\"https://a.example.com\", \"https://b.example.com\"]}\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:10: api.cors.allowOrigins: unknown field "allowOrigins" (allowOrigins is origin in a Blueprint, which holds one origin, or *, as the Access-Control-Allow-Origin header does: write one, such as origin: "https://a.example.com")`},
		{"a route's auth written as the pool's name", container("") + "userPools: [{name: users}]\napi:\n  routes: [{method: GET, path: /, service: w, auth: users}]\n",
			`bp.yaml:12:53: api.routes[0].auth: must be a mapping of fields, not "users" (write {userPool: users}, naming the entry of userPools, or {userPool: users, scopes: [...]} to require an access token's scope)`},
		{"a route's auth written as NONE", container("") + "userPools: [{name: users}]\napi:\n  routes: [{method: GET, path: /, service: w, auth: NONE}]\n",
			`bp.yaml:12:53: api.routes[0].auth: must be a mapping of fields, not "NONE" (remove auth: a route without auth is open to every caller)`},
		{"a route's auth written as IAM", container("") + "userPools: [{name: users}]\napi:\n  routes: [{method: GET, path: /, service: w, auth: {type: IAM}}]\n",
			`bp.yaml:12:54: api.routes[0].auth.type: unknown field "type" (a route's auth is a Cognito user pool's token check, and ecsgate writes no IAM authorization: write {userPool: NAME}, naming an entry of userPools)`},
		{"a route's auth with the kind API Gateway names", container("") + "userPools: [{name: users}]\napi:\n  routes: [{method: GET, path: /, service: w, auth: {authorizationType: COGNITO_USER_POOLS, userPool: users}}]\n",
			`bp.yaml:12:54: api.routes[0].auth.authorizationType: unknown field "authorizationType" (remove authorizationType: a route's auth always checks a Cognito user pool's tokens, and userPool names the pool: write {userPool: NAME}, naming an entry of userPools)`},
		{"a route's authorizer named", container("") + "userPools: [{name: users}]\napi:\n  routes: [{method: GET, path: /, service: w, auth: {authorizer: users}}]\n",
			`bp.yaml:12:54: api.routes[0].auth.authorizer: unknown field "authorizer" (authorizer is userPool in a Blueprint: write userPool: users)`},
		{"a user pool's domain as its prefix", container("") + "userPools: [{name: users, domain: shop-login}]\n",
			`bp.yaml:10:35: userPools[0].domain: must be a mapping of fields, not "shop-login" (write {prefix: shop-login} for a domain on amazoncognito.com, or {name: DOMAIN, certificate: ARN} for a custom domain)`},
		{"a user pool's domain that is no prefix Cognito takes", container("") + "userPools: [{name: users, domain: my-cognito-app}]\n",
			`bp.yaml:10:35: userPools[0].domain: must be a mapping of fields, not "my-cognito-app" (write {prefix: PREFIX} for a domain on amazoncognito.com, or {name: DOMAIN, certificate: ARN} for a custom domain; a prefix is lowercase letters, digits and hyphens, without aws, amazon or cognito)`},
		{"a user pool's domain as Cognito shows it", container("") + "userPools: [{name: users, domain: shop-login.auth.eu-west-1.amazoncognito.com}]\n",
			`bp.yaml:10:35: userPools[0].domain: must be a mapping of fields, not "shop-login.auth.eu-west-1.amazoncognito.com" (write {prefix: shop-login}, the prefix of the domain on amazoncognito.com)`},
		{"a user pool's custom domain", container("") + "userPools: [{name: users, domain: login.example.com}]\n",
			`bp.yaml:10:35: userPools[0].domain: must be a mapping of fields, not "login.example.com" (write {name: login.example.com, certificate: ARN} for a custom domain, with an ACM certificate in us-east-1 that covers it, or {prefix: PREFIX} for one on amazoncognito.com)`},
		{"a user pool's ID for its ARN", container("") + "userPools: [{name: users, arn: eu-west-1_AbCdEf123}]\n",
			`bp.yaml:10:32: userPools[0].arn: "eu-west-1_AbCdEf123" is not a user pool ARN (eu-west-1_AbCdEf123 is the pool's ID; its ARN is arn:aws:cognito-idp:eu-west-1:ACCOUNT:userpool/eu-west-1_AbCdEf123, with the pool's account)`},
		{"a hosted zone's ID in lowercase", "name: a\ndns: {zone: example.com, zoneId: z0123456789example}\ningress: {alb: {hostnames: [shop.example.com], certificate: {domain: shop.example.com}}}\nservices:\n  - {name: w, cpu: 256, memory: 512, alb: {paths: [\"/*\"]}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]}\n",
			`bp.yaml:2:34: dns.zoneId: "z0123456789example" is not a hosted zone ID (write Z0123456789EXAMPLE: Route 53 writes its IDs in capitals)`},
		{"a host name outside the zone, and nothing about the certificate", "name: a\ndns: {zone: example.com, zoneId: Z0123456789EXAMPLE}\ningress: {alb: {hostnames: [shop.example.org], certificate: {domain: shop.example.com}}}\nservices:\n  - {name: w, cpu: 256, memory: 512, alb: {paths: [\"/*\"]}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]}\n",
			`bp.yaml:3:29: ingress.alb.hostnames[0]: "shop.example.org" is not in the hosted zone example.com (use a name under example.com or change dns.zone)`},
		{"a WAF rate limit per minute", "waf: {rateLimit: 100/min}\n" + container("") + "api:\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:1:18: waf.rateLimit: must be a whole number, not "100/min" (rateLimit counts one address's requests in 5 minutes, without a unit: 100/min is rateLimit: 500)`},
		{"a WAF rate limit per hour, below WAF's least", "waf: {rateLimit: 60/hour}\n" + container("") + "api:\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:1:18: waf.rateLimit: must be a whole number, not "60/hour" (rateLimit counts one address's requests in 5 minutes, without a unit: 60/hour is 5, below AWS WAF's least, 10: write rateLimit: 10)`},
		{"WAF rules listed", "waf: {managedRules: [AWSManagedRulesCommonRuleSet]}\n" + container("") + "api:\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:1:7: waf.managedRules: unknown field "managedRules" (remove it: the web ACL always has AWS's managed rule groups for common attacks, known bad inputs and IP addresses with a bad reputation, and the rate limit of rateLimit; other rules go in overrides, see https://github.com/ecsgate/ecsgate/blob/main/docs/overrides.md)`},
		{"CloudFront's certificate written as a load balancer's", container("") + "api:\n  routes: [{method: GET, path: /, service: w}]\ncdn:\n  domains: [api.example.com]\n  certificate: {arn: \"arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\"}\n",
			`bp.yaml:14:16: cdn.certificate: must be a string, not a mapping (write the ARN alone: certificate: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d")`},
		{"CloudFront's certificate requested by domain", container("") + "api:\n  routes: [{method: GET, path: /, service: w}]\ncdn:\n  domains: [api.example.com]\n  certificate: {domain: api.example.com}\n",
			`bp.yaml:14:16: cdn.certificate: must be a string, not a mapping (write the ARN of an ACM certificate in us-east-1 that covers the domains: CloudFront reads certificates from us-east-1 only, and the stack, in the application's Region, cannot request one there)`},
		{"an ALB entry named by name, not id", "name: a\ningress:\n  albs:\n    - {name: inside, scheme: internal}\nservices:\n  - {name: w, cpu: 256, memory: 512, alb: {loadBalancer: inside, paths: [\"/*\"]}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]}\n",
			`bp.yaml:4:7: ingress.albs[0].id: is required (write id: inside: services attach to an entry of ingress.albs by its id; name is the load balancer's name in AWS)`},
		{"an ALB entry without an id", "name: a\ningress:\n  albs:\n    - {scheme: internal}\nservices:\n  - {name: w, cpu: 256, memory: 512, alb: {paths: [\"/*\"]}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]}\n",
			`bp.yaml:4:7: ingress.albs[0].id: is required (name the load balancer, e.g. id: main)`},
		{"an ALB's port", "name: a\ningress:\n  alb: {port: 8080}\nservices:\n  - {name: w, cpu: 256, memory: 512, alb: {paths: [\"/*\"]}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]}\n",
			`bp.yaml:3:9: ingress.alb.port: unknown field "port" (remove it: the ALB listens on port 80, and on 443 with a certificate, where port 80 then redirects to HTTPS; requests reach each service on its container's port)`},
		{"an NLB's protocol written HTTPS", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: {protocol: HTTPS, certificate: {arn: \"arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\"}}}", 1),
			`bp.yaml:2:27: ingress.nlb.protocol: "HTTPS" is an ALB's listener protocol, not an NLB's (write protocol: TLS: an NLB's TLS listener ends HTTPS, as it does any TLS)`},
		{"an NLB's protocol written HTTP", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: {protocol: HTTP}}", 1),
			`bp.yaml:2:27: ingress.nlb.protocol: "HTTP" is an ALB's listener protocol, not an NLB's (write protocol: TCP, the default, which carries HTTP)`},
		{"an NLB made public", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: {scheme: internet-facing}}", 1),
			`bp.yaml:2:17: ingress.nlb.scheme: unknown field "scheme" (remove it: the NLB is internal, reached from the VPC and by API Gateway through a VPC link; what faces the internet is the api, or ingress.alb)`},
		{"a load balancer and no service yet", "name: a\ningress: {nlb: {}}\n",
			`bp.yaml:1:1: services: at least one service is required (add a service with name, cpu, memory and containers)`},
		{"a second YAML document", container("") + "---\nname: b\n",
			`bp.yaml:10:1: is not valid YAML: a Blueprint is one YAML document, and this line starts a second (remove the second document, or put each Blueprint in a file of its own)`},
		{"a quota by the name AWS gives it", "quotas: {\"Rules per Application Load Balancer\": 300}\n" + container(""),
			`bp.yaml:1:49: quotas.Rules per Application Load Balancer: "Rules per Application Load Balancer" is listener rules per Application Load Balancer, which a Blueprint names albRules (write albRules: 300)`},
		{"Container Insights switched on with true", "cluster: {insights: true}\n" + container(""),
			`bp.yaml:1:21: cluster.insights: "true" is not allowed (did you mean "enabled"?)`},
		{"a KMS key by its alias", "kmsKeys: [{name: app, arn: alias/shop}]\n" + container(""),
			`bp.yaml:1:28: kmsKeys[0].arn: "alias/shop" is not a KMS key ARN (give the ARN of the key the alias points to, which aws kms describe-key --key-id alias/shop --query KeyMetadata.Arn --output text prints: an alias cannot be named in an IAM grant)`},
		{"a KMS key by its ID", "kmsKeys: [{name: app, arn: 1234abcd-12ab-34cd-56ef-1234567890ab}]\n" + container(""),
			`bp.yaml:1:28: kmsKeys[0].arn: "1234abcd-12ab-34cd-56ef-1234567890ab" is not a KMS key ARN (1234abcd-12ab-34cd-56ef-1234567890ab is the key's ID; its ARN is arn:aws:kms:REGION:ACCOUNT:key/1234abcd-12ab-34cd-56ef-1234567890ab)`},
		{"autoscaling's requests per second", size("memory: 512", "memory: 512\n    autoscaling: {min: 1, max: 4, requests: 20/s}"),
			`bp.yaml:7:45: services[0].autoscaling.requests: must be a whole number, not "20/s" (requests counts one task's requests per minute, without a unit: 20/s is requests: 1200)`},
		{"a boolean as YAML 1.1 writes it, and nothing about the bucket", "logs: {audit: yes, bucket: my-logs}\n" + container(""),
			`bp.yaml:1:15: logs.audit: must be true or false, not "yes" (write true: YAML 1.2, which a Blueprint is, reads yes as text)`},
		{"a boolean in quotes", "logs: {audit: \"false\"}\n" + container(""),
			`bp.yaml:1:15: logs.audit: must be true or false, not "false" (write false without quotes: in quotes it is text)`},
		{"a boolean as a number", "logs: {audit: 1}\n" + container(""),
			`bp.yaml:1:15: logs.audit: must be true or false, not "1" (write true: 1 is a number)`},
		{"a secret's value written by an override", container("") + "overrides:\n  - {op: add, path: /Resources/WTaskDefinition/Properties/ContainerDefinitions/0/Environment, value: [{Name: LOG_LEVEL, Value: debug}, {Name: API_TOKEN, Value: abc}]}\n",
			`bp.yaml:11:102: overrides[0].value: API_TOKEN looks like a secret (its name, or a URL with a password), and an override's value is written into the template (inject it from services[].containers[].secrets: ECS reads it from Parameter Store or Secrets Manager when the task starts)`},
		{"a plain variable written by an override", container("") + "overrides:\n  - {op: add, path: /Resources/WTaskDefinition/Properties/ContainerDefinitions/0/Environment, value: [{Name: LOG_LEVEL, Value: debug}]}\n", ""},
		{"an account ID as the console shows it", "accountId: 1234-5678-9012\n" + container(""),
			`bp.yaml:1:12: accountId: "1234-5678-9012" is not an AWS account ID (write "123456789012": the twelve digits alone)`},
		{"an account ID without its leading zero", "accountId: 12345678901\n" + container(""),
			`bp.yaml:1:12: accountId: "12345678901" is not an AWS account ID (an ID is twelve digits: if it begins with a 0, lost where it was read as a number, write "012345678901", in quotes)`},
		{"a container with more memory than its task, said once", container(", memory: 1024"),
			`bp.yaml:8:67: services[0].containers[0].memory: 1024 MiB is more than the task has (use at most the task's 512 MiB)`},
		{"a container property the Blueprint does not model", container(", ulimits: [{name: nofile, soft: 65536, hard: 65536}]"),
			`bp.yaml:8:59: services[0].containers[0].ulimits: unknown field "ulimits" (a Blueprint has no field for it: add Ulimits to the container's definition with an override, {op: add, path: /Resources/SERVICETaskDefinition/Properties/ContainerDefinitions/N/Ulimits, value: ...}, N the container's place in containers from 0; https://github.com/ecsgate/ecsgate/blob/main/docs/overrides.md shows one)`},
		{"logs kept forever", size("memory: 512", "memory: 512\n    logs: {retention: forever}"),
			`bp.yaml:7:23: services[0].logs.retention: must be a whole number, not "forever" (retention counts days, and CloudWatch Logs' longest retention period is 3653 days, ten years: write retention: 3653)`},
		{"throttling as CloudFormation names it", container("") + "api:\n  throttle: {rateLimit: 100}\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:14: api.throttle.rateLimit: unknown field "rateLimit" (rateLimit is rate in a Blueprint: write rate: 100)`},
		{"several stages", container("") + "api:\n  stages: [dev, prod]\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:3: api.stages: unknown field "stages" (an API has one stage: write stage: dev, and give each other stage an environment of its own, as environments: {prod: {api: {stage: prod}}})`},
		{"an HTTP API asked for", container("") + "api:\n  type: HTTP\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:3: api.type: unknown field "type" (remove it: the API is an API Gateway REST API; ecsgate writes no HTTP API)`},
		{"an endpoint type asked for", container("") + "api:\n  endpointType: PRIVATE\n  routes: [{method: GET, path: /, service: w}]\n",
			`bp.yaml:11:3: api.endpointType: unknown field "endpointType" (remove it: the REST API is REGIONAL, and cdn puts CloudFront in front of it)`},
		{"a latency alarm in milliseconds", container("") + "alarms: {services: {latency: {threshold: 500}}}\n",
			`bp.yaml:10:42: alarms.services.latency.threshold: 500 s is not a threshold: no request waits longer than an integration's 300-second maximum (the threshold counts seconds: for 500 ms, write threshold: 0.5)`},
		{"a value in typographic quotes, and nothing about the tag missing", strings.Replace(container(""), `{uri: "nginx:1.27"}`, "{repository: shop/web, tag: “1.0.0”}", 1),
			"bp.yaml:8:56: services[0].containers[0].image.tag: is written in typographic quotes (“ ”), which YAML reads as part of the text, not as quotes (write \"1.0.0\", in straight quotes; to keep the typographic quotes, put the whole value in straight quotes)"},
		{"typographic quotes inside straight ones are meant", container(", environment: {GREETING: \"‘hello’\"}"), ""},
		{"an indentation of non-breaking spaces", strings.Replace(container(""), "    nlb: {}", "    nlb: {}", 1),
			"bp.yaml:9:1: is not valid YAML: this line is indented with a non-breaking space (U+00A0), which YAML does not read as indentation (replace it with plain spaces (text copied from a web page or a chat often brings them))"},
		{"a structured environment value", container(", environment: {FLAGS: {beta: true, regions: [eu, 'us''s']}}"),
			`bp.yaml:8:80: services[0].containers[0].environment.FLAGS: must be a string, not a mapping (an environment variable holds one text: write the value as its JSON, '{"beta":true,"regions":["eu","us''s"]}')`},
		{"a zone named as Route 53 prints it", strings.Replace(container(""), "ingress: {nlb: {}}", "dns: {zone: example.com., zoneId: Z0123456789EXAMPLE}\ningress: {nlb: {}}", 1),
			`bp.yaml:2:13: dns.zone: "example.com." is not a valid domain name (write "example.com")`},
		{"a host written as a URL", "name: a\ningress: {alb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb: {hosts: [\"https://Shop.example.com/\"]}\n",
			`bp.yaml:8:19: services[0].alb.hosts[0]: "https://Shop.example.com/" is not an ALB host pattern (write "shop.example.com")`},
		{"a Cognito domain prefix with a dot", container("") + "userPools: [{name: users, domain: {prefix: Shop.Auth}}]\n",
			`bp.yaml:10:44: userPools[0].domain.prefix: "Shop.Auth" is not a Cognito domain prefix (write "shop-auth": use lowercase letters, digits and hyphens)`},
		{"a user's password", container("") + "userPools: [{name: users, users: [{username: a, email: a@example.com, password: hunter2}]}]\n",
			`bp.yaml:10:71: userPools[0].users[0].password: unknown field "password" (remove it: Cognito emails each user a temporary password, to change at the first sign-in, and no password goes in a template)`},
		{"a listener port another service has", "name: a\ningress: {nlb: {}}\nservices:\n" +
			"  - {name: w, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}], nlb: {port: 8080}}\n" +
			"  - {name: x, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}], nlb: {port: 8081}}\n" +
			"  - {name: y, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}], nlb: {port: 8080}}\n",
			`bp.yaml:6:115: services[2].nlb.port: listener port 8080 is already used by service "w" (give each service behind the NLB its own listener port, such as 8082, which no service has)`},
		{"a command as a shell line", container(", command: npm run start"),
			`bp.yaml:8:68: services[0].containers[0].command: must be a list, not "npm run start" (write one item per argument, [npm, run, start], or [sh, -c, "npm run start"] for a shell line)`},
		{"a container port as Compose maps it", strings.Replace(container(""), "port: 80", "port: \"8080:80\"", 1),
			`bp.yaml:8:55: services[0].containers[0].port: must be a whole number, not "8080:80" (a container has one port, the one it listens on: write port: 80)`},
		{"an ECR image's address as the repository to create", strings.Replace(container(""), `{uri: "nginx:1.27"}`, "{repository: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web, tag: \"1.2\"}", 1),
			`bp.yaml:8:41: services[0].containers[0].image.repository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web" is an image's address in a registry, not the name of a repository the stack creates (for a repository the stack creates, write its name: {repository: shop/web, tag: "1.2"}; for one it does not create, write {uri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.2"})`},
		{"a public image's address as the repository to create", strings.Replace(container(""), `{uri: "nginx:1.27"}`, "{repository: public.ecr.aws/nginx/nginx}", 1),
			`bp.yaml:8:41: services[0].containers[0].image.repository: "public.ecr.aws/nginx/nginx" is an image's address in a registry, not the name of a repository the stack creates (write {uri: "public.ecr.aws/nginx/nginx:TAG"}: the stack creates repositories in the account's ECR registry only)`},
		{"a repository with its tag", strings.Replace(container(""), `{uri: "nginx:1.27"}`, "{repository: \"shop/web:1.2\"}", 1),
			`bp.yaml:8:41: services[0].containers[0].image.repository: "shop/web:1.2" holds the image's tag: a repository's name has none (write {repository: shop/web, tag: "1.2"})`},
		{"a VPC block without its prefix length", strings.Replace(container(""), "ingress: {nlb: {}}", "network: {vpc: {cidr: \"10.0.0.0\"}}\ningress: {nlb: {}}", 1),
			`bp.yaml:2:23: network.vpc.cidr: "10.0.0.0" is not an IPv4 CIDR block (add its prefix length: write 10.0.0.0/16)`},
		{"a number of zones", strings.Replace(container(""), "ingress: {nlb: {}}", "network: {vpc: {cidr: 10.0.0.0/16, zones: 3}}\ningress: {nlb: {}}", 1),
			`bp.yaml:2:43: network.vpc.zones: must be a list, not "3" (zones lists the AZs by name (eu-west-1a); for a number of AZs, write azs: 3)`},
		{"one subnet for two zones", strings.Replace(container(""), "ingress: {nlb: {}}", "network: {vpc: {cidr: 10.0.0.0/16, publicSubnets: [10.0.1.0/24, 10.0.3.0/24], privateSubnets: [10.0.2.0/24]}}\ningress: {nlb: {}}", 1),
			`bp.yaml:2:95: network.vpc.privateSubnets: has 1 subnet for 2 AZs (list 2 subnets, one per AZ, or leave both lists out to derive them)`},
		{"a log retention with its unit", container("") + "logs: {retention: 2w}\n",
			`bp.yaml:10:19: logs.retention: must be a whole number, not "2w" (retention counts days, without a unit: 2w is retention: 14)`},
		{"a throttle rate with its unit", container("") + "api:\n  throttle: {rate: 100/s, burst: 200}\n  routes: [{method: GET, path: /a, service: w}]\n",
			`bp.yaml:11:20: api.throttle.rate: must be a whole number, not "100/s" (rate counts requests per second, without a unit: write rate: 100)`},
		{"CORS origins as a list", container("") + "api:\n  cors: {origin: [\"https://a.example.com\", \"https://b.example.com\"]}\n  routes: [{method: GET, path: /a, service: w}]\n",
			`bp.yaml:11:18: api.cors.origin: must be a string, not a list (the Access-Control-Allow-Origin header holds one origin, or *: write one, such as origin: "https://a.example.com")`},
		{"a parameter prefix without its /, and nothing about each name under it", "parameters: {prefix: shop, create: [{name: db-host, value: db}]}\n" + container(", secrets: {DB: {parameter: db-password}}"),
			`bp.yaml:1:22: parameters.prefix: "shop" is not a fully qualified parameter name (start it with /: write "/shop")`},
		{"an invalid name that also clashes", container("") + "  - name: W\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n",
			`bp.yaml:10:11: services[1].name: "W" is not a valid name (use lowercase letters, digits and hyphens, starting with a letter, e.g. "w")`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.src)
			if c.want == "" && len(got) == 0 {
				return // valid as written
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
			}
		})
	}
}

// TestFieldNamesFromOtherTools: a field written under the name Kubernetes,
// Compose, Copilot, the ECS console or CDK gives it gets the Blueprint's
// name and place, with the user's value, and no follow-on problem for the
// field it meant (a route's method "" or service missing, a service's
// containers missing).
func TestFieldNamesFromOtherTools(t *testing.T) {
	container := func(fields string) string {
		return service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80"+fields+"}\n", "")
	}
	onService := func(fields string) string {
		return strings.Replace(container(""), "    nlb: {}\n", "    nlb: {}\n"+fields, 1)
	}
	alb := func(fields string) string {
		return "name: a\ningress:\n  alb: {" + fields + "}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb: {paths: [\"/*\"]}\n"
	}
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"environments as envs", container("") + "envs: {prod: {}}\n",
			[]string{`bp.yaml:10:1: envs: unknown field "envs" (environments are named overlays of the Blueprint: write environments: {prod: {...}} with what differs there, and render it with gen render --env prod)`}},
		{"alarms sent to Slack", container("") + "alarms: {slack: \"https://hooks.slack.com/services/T0/B0/x\"}\n",
			[]string{`bp.yaml:10:10: alarms.slack: unknown field "slack" (remove it: the alarms notify the stack's SNS topic (output AlarmTopicArn), which emails subscribes addresses to; subscribe Slack or Microsoft Teams to the topic with Amazon Q Developer in chat applications (formerly AWS Chatbot), and a paging tool by its HTTPS endpoint, or give a topic of your own in topic)`}},
		{"an alarm topic's ARN", container("") + "alarms: {topicArn: \"arn:aws:sns:eu-west-1:123456789012:alerts\"}\n",
			[]string{`bp.yaml:10:10: alarms.topicArn: unknown field "topicArn" (topicArn is topic in a Blueprint: write topic: "arn:aws:sns:eu-west-1:123456789012:alerts")`}},
		{"replicas", onService("    replicas: 2\n"),
			[]string{`bp.yaml:10:5: services[0].replicas: unknown field "replicas" (replicas is count in a Blueprint: write count: 2)`}},
		{"a service's image and port, as Compose writes them", "name: a\ningress: {nlb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    image: nginx:1.27\n    port: 80\n    nlb: {}\n",
			[]string{
				`bp.yaml:7:5: services[0].image: unknown field "image" (image is a container's field: move it into containers[], as containers: [{name: app, image: {uri: "nginx:1.27"}}])`,
				`bp.yaml:8:5: services[0].port: unknown field "port" (port is a container's field: move it into containers[], as containers: [{name: app, port: 80}])`,
			}},
		{"a service's variables, as Copilot writes them", onService("    variables: {LOG_LEVEL: info}\n"),
			[]string{`bp.yaml:10:5: services[0].variables: unknown field "variables" (variables is a container's environment: move it into containers[], as containers: [{name: app, environment: {...}}])`}},
		{"Copilot's http", strings.Replace(alb(""), "    alb: {paths: [\"/*\"]}\n", "    http: {path: /}\n", 1),
			[]string{`bp.yaml:9:5: services[0].http: unknown field "http" (a service behind the ALB has alb: write alb: {paths: ["/*"]} (Copilot's http.path is a prefix; an ALB matches patterns))`}},
		{"Copilot's http with a path and a health check", strings.Replace(alb(""), "    alb: {paths: [\"/*\"]}\n", "    http: {path: api, healthcheck: {path: /ready}}\n", 1),
			[]string{`bp.yaml:9:5: services[0].http: unknown field "http" (a service behind the ALB has alb: write alb: {paths: ["/api", "/api/*"], healthCheck: {path: "/ready"}} (Copilot's http.path is a prefix; an ALB matches patterns))`}},
		{"Kubernetes' env", container(", env: {A: b}"),
			[]string{`bp.yaml:8:59: services[0].containers[0].env: unknown field "env" (env is environment in a Blueprint: rename it to environment)`}},
		{"Compose's health check test", container(", healthCheck: {test: [CMD, x]}"),
			[]string{`bp.yaml:8:73: services[0].containers[0].healthCheck.test: unknown field "test" (test is command in a Blueprint: rename it to command)`}},
		{"CDK's capacities", onService("    autoscaling: {minCapacity: 2, maxCapacity: 10, cpu: 70}\n"),
			[]string{
				`bp.yaml:10:19: services[0].autoscaling.minCapacity: unknown field "minCapacity" (minCapacity is min in a Blueprint: write min: 2)`,
				`bp.yaml:10:35: services[0].autoscaling.maxCapacity: unknown field "maxCapacity" (maxCapacity is max in a Blueprint: write max: 10)`,
			}},
		{"a public ALB said twice", alb("public: true"),
			[]string{`bp.yaml:3:9: ingress.alb.public: unknown field "public" (remove it: an ALB is internet-facing unless it says scheme: internal)`}},
		{"a web ACL asked for on the ALB", alb("waf: true"),
			[]string{`bp.yaml:3:9: ingress.alb.waf: unknown field "waf" (AWS WAF is set once for the public edges: write waf: {} at the top, whose web ACL guards the API's stage and internet-facing ALBs (https://github.com/ecsgate/ecsgate/blob/main/docs/security.md))`}},
		{"an internal ALB", alb("internal: true"),
			[]string{`bp.yaml:3:9: ingress.alb.internal: unknown field "internal" (write scheme: internal)`}},
		{"an ALB not public", alb("public: false"),
			[]string{`bp.yaml:3:9: ingress.alb.public: unknown field "public" (write scheme: internal)`}},
		{"an ALB's domain", alb("domain: shop.example.com"),
			[]string{`bp.yaml:3:9: ingress.alb.domain: unknown field "domain" (domain is hostnames in a Blueprint: write hostnames: [shop.example.com])`}},
		{"an ALB's certificate ARN", alb("certificateArn: \"arn:aws:acm:eu-west-1:123456789012:certificate/abc\""),
			[]string{`bp.yaml:3:9: ingress.alb.certificateArn: unknown field "certificateArn" (certificateArn is certificate in a Blueprint, a mapping: write {arn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc"})`}},
		{"a target group's health check path", strings.Replace(alb(""), "{paths: [\"/*\"]}", "{paths: [\"/*\"], healthCheckPath: /health}", 1),
			[]string{`bp.yaml:9:26: services[0].alb.healthCheckPath: unknown field "healthCheckPath" (healthCheckPath is healthCheck in a Blueprint, a mapping: write {path: "/health"})`}},
		{"a route's verb and handler", onService("api:\n  routes:\n    - {verb: GET, path: /orders, handler: w}\n"),
			[]string{
				`bp.yaml:12:8: api.routes[0].verb: unknown field "verb" (verb is method in a Blueprint: write method: GET)`,
				`bp.yaml:12:34: api.routes[0].handler: unknown field "handler" (handler is service in a Blueprint: write service: w)`,
			}},
		{"Copilot's count as a range", onService("    count: {range: 1-10, cpu_percentage: 70, memory_percentage: {value: 80}}\n"),
			[]string{`bp.yaml:10:12: services[0].count: must be a whole number, not a mapping (count is the number of tasks; for a range, write autoscaling: {min: 1, max: 10, cpu: 70, memory: 80} in place of count)`}},
		{"Copilot's image location and port", strings.Replace(container(""), "image: {uri: \"nginx:1.27\"}, port: 80", "image: {location: \"nginx:1.27\", port: 80}", 1),
			[]string{
				`bp.yaml:8:29: services[0].containers[0].image.location: unknown field "location" (location is uri in a Blueprint: write uri: "nginx:1.27")`,
				`bp.yaml:8:53: services[0].containers[0].image.port: unknown field "port" (a container's port is beside its image: write containers[].port)`,
			}},
		{"a misspelt uri, and nothing about the image missing", strings.Replace(container(""), "image: {uri: ", "image: {url: ", 1),
			[]string{`bp.yaml:8:29: services[0].containers[0].image.url: unknown field "url" (did you mean "uri"?)`}},
		{"Copilot's secretsmanager", container(", secrets: {DB: {secretsmanager: app/db}}"),
			[]string{`bp.yaml:8:74: services[0].containers[0].secrets.DB.secretsmanager: unknown field "secretsmanager" (write {secret: ARN}, with the full ARN of secret app/db (ECS requires it, suffix included), or name an entry of secrets)`}},
		{"Copilot's secretsmanager with a JSON key", container(", secrets: {DB: {secretsmanager: 'app/prod:MONGODB_URI::'}}"),
			[]string{`bp.yaml:8:74: services[0].containers[0].secrets.DB.secretsmanager: unknown field "secretsmanager" (write {secret: ARN, jsonKey: MONGODB_URI}, with the full ARN of secret app/prod (ECS requires it, suffix included), or name an entry of secrets)`}},
		{"ECS's valueFrom and portMappings", strings.Replace(container(", secrets: {DB: {valueFrom: \"arn:aws:ssm:eu-west-1:123456789012:parameter/db\"}}"), "port: 80", "portMappings: [{containerPort: 8080}]", 1),
			[]string{
				`bp.yaml:8:49: services[0].containers[0].portMappings: unknown field "portMappings" (a container has one port, the one it listens on: write port: 8080)`,
				`bp.yaml:8:103: services[0].containers[0].secrets.DB.valueFrom: unknown field "valueFrom" (write {parameter: "arn:aws:ssm:eu-west-1:123456789012:parameter/db"})`,
			}},
		{"Compose's ports, env_file and restart on a container", strings.Replace(container(", env_file: .env, restart: always"), "port: 80", "ports: [\"8080:80/tcp\"]", 1),
			[]string{
				`bp.yaml:8:49: services[0].containers[0].ports: unknown field "ports" (a container has one port, the one it listens on: write port: 80)`,
				`bp.yaml:8:73: services[0].containers[0].env_file: unknown field "env_file" (gen reads no env file: write its variables in environment: {NAME: value}, and its secrets in secrets: {NAME: {parameter: ...}} (no secret value goes in a template))`,
				`bp.yaml:8:89: services[0].containers[0].restart: unknown field "restart" (remove it: an essential container that exits stops its task, and ECS starts another to keep the service's count)`,
			}},
		{"Compose's fields of a service that ECS does otherwise", onService("    restart: unless-stopped\n    depends_on: [db]\n    volumes: [\"./data:/data\"]\n    networks: [front]\n    build: .\n"),
			[]string{
				`bp.yaml:10:5: services[0].restart: unknown field "restart" (remove it: ECS replaces a task that stops, to keep the service's count running)`,
				`bp.yaml:11:5: services[0].depends_on: unknown field "depends_on" (remove it: services start on their own on ECS; one that calls another reaches it through its load balancer and retries until it answers (the containers of one task order their start with containers[].dependsOn))`,
				`bp.yaml:12:5: services[0].volumes: unknown field "volumes" (files that outlive the task go on a volume, an EFS file system: declare it at the top (volumes: [{name: NAME}]) and mount it in the container (containers[].mounts: [{volume: NAME, path: /data}]); a task's own storage ends with it (ephemeralStorage sizes it past 20 GiB, and containers[].writablePaths are its directories under a read-only root filesystem))`,
				`bp.yaml:13:5: services[0].networks: unknown field "networks" (remove it: every service runs in the VPC's private subnets; its security group admits its load balancer, and egress lists what its tasks may reach)`,
				`bp.yaml:14:5: services[0].build: unknown field "build" (gen does not build images: push yours to a registry and write the container's image: {uri: ...}, or build it in the pipeline (pipeline.builds))`,
			}},
		{"Copilot's sidecars, storage, network and taskdef_overrides", onService("    sidecars: {nginx: {image: nginx}}\n    storage: {volumes: {}}\n    network: {vpc: {placement: private}}\n    taskdef_overrides: [{path: X, value: 1}]\n"),
			[]string{
				`bp.yaml:10:5: services[0].sidecars: unknown field "sidecars" (a sidecar is another container of the task: add it to containers, beside the app's (traffic: {container: NAME, port: PORT} names the one the load balancer reaches))`,
				`bp.yaml:11:5: services[0].storage: unknown field "storage" (files that outlive the task go on a volume, an EFS file system: declare it at the top (volumes: [{name: NAME}]) and mount it in the container (containers[].mounts: [{volume: NAME, path: /data}]); a task's own storage ends with it (ephemeralStorage sizes it past 20 GiB, and containers[].writablePaths are its directories under a read-only root filesystem))`,
				`bp.yaml:12:5: services[0].network: unknown field "network" (remove it: tasks always run in the private subnets of the Blueprint's network (at the top))`,
				`bp.yaml:13:5: services[0].taskdef_overrides: unknown field "taskdef_overrides" (write the changes as overrides at the top: JSON Patch operations on the rendered template (https://github.com/ecsgate/ecsgate/blob/main/docs/overrides.md))`,
			}},
		{"Kubernetes' probes", container(", livenessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 30}, readinessProbe: {httpGet: {path: /ready}}"),
			[]string{
				`bp.yaml:8:59: services[0].containers[0].livenessProbe: unknown field "livenessProbe" (livenessProbe is healthCheck in a Blueprint, a command ECS runs in the container: write healthCheck: {command: [CMD-SHELL, "curl -f http://localhost:80/healthz || exit 1"], interval: 30} (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/healthz"})`,
				`bp.yaml:8:132: services[0].containers[0].readinessProbe: unknown field "readinessProbe" (readinessProbe is the load balancer's health check in a Blueprint, on the service: write alb: {healthCheck: {path: "/ready"}} (or nlb's))`,
			}},
		{"container settings Fargate or gen decide", container(", privileged: true, imagePullPolicy: Always, working_dir: /app, logging: {driver: json-file}"),
			[]string{
				`bp.yaml:8:59: services[0].containers[0].privileged: unknown field "privileged" (remove it: Fargate runs no privileged container)`,
				`bp.yaml:8:77: services[0].containers[0].imagePullPolicy: unknown field "imagePullPolicy" (remove it: ECS pulls the image when each task starts, and resolves a tag to one image digest when the service deploys)`,
				`bp.yaml:8:102: services[0].containers[0].working_dir: unknown field "working_dir" (a container runs in its image's working directory (WORKDIR): set it in the Dockerfile, or add WorkingDirectory to the container definition with overrides)`,
				`bp.yaml:8:121: services[0].containers[0].logging: unknown field "logging" (remove it: gen sends each container's output to its service's log group (the awslogs driver); services[].logs sets the group, retention and stream prefix)`,
			}},
		{"a custom domain on the API", onService("api:\n  domain: api.example.com\n  routes: [{method: GET, path: /orders, service: w}]\n"),
			[]string{`bp.yaml:11:3: api.domain: unknown field "domain" (the API takes a custom domain through CloudFront in front of it: write cdn: {domains: [api.example.com], certificate: ARN} (an ACM certificate in us-east-1), with dns.zone for its records)`}},
		{"a route's auth as a word", onService("api:\n  routes: [{method: GET, path: /orders, service: w, auth: cognito}]\n"),
			[]string{`bp.yaml:11:59: api.routes[0].auth: must be a mapping of fields, not "cognito" (write {userPool: NAME}, naming an entry of userPools, or {userPool: NAME, scopes: [...]} to require an access token's scope)`}},
		{"a path with braces in a flow mapping", onService("api:\n  routes:\n    - {method: GET, path: /orders/{id}, service: w}\n"),
			[]string{`bp.yaml:12:27: is not valid YAML: did not find expected ',' or '}'; inside { } or [ ], a value with braces must be quoted (write it in quotes: "/orders/{id}")`}},
		{"a route's methods as a list", onService("api:\n  routes: [{method: [GET, POST], path: /orders, service: w}]\n"),
			[]string{`bp.yaml:11:21: api.routes[0].method: must be a string, not a list (a route has one method: write a route for each, {method: GET, ...}, {method: POST, ...}, or method: ANY for every method)`}},
		{"a route's methods as a list under methods", onService("api:\n  routes: [{methods: [GET, POST], path: /orders, service: w}]\n"),
			[]string{`bp.yaml:11:13: api.routes[0].methods: unknown field "methods" (a route has one method: write a route for each, {method: GET, ...}, {method: POST, ...}, or method: ANY for every method)`}},
		{"Terraform's names for what gen decides", onService("    launch_type: FARGATE\n    taskRoleArn: arn:aws:iam::123456789012:role/app\n"),
			[]string{
				`bp.yaml:10:5: services[0].launch_type: unknown field "launch_type" (remove it: every service runs on Fargate (spot: {} for Fargate Spot))`,
				`bp.yaml:11:5: services[0].taskRoleArn: unknown field "taskRoleArn" (remove it: gen makes each service's task and execution roles with least privilege; for the application's own calls to AWS, add a policy to its task role (logical ID <Service>TaskRole, e.g. WebTaskRole) with overrides)`,
			}},
		{"a container's health check with a load balancer's path", container(", healthCheck: {path: /healthz, interval: 10}"),
			[]string{`bp.yaml:8:73: services[0].containers[0].healthCheck.path: unknown field "path" (a container's health check is a command that ECS runs inside the container: write command: [CMD-SHELL, "curl -f http://localhost:PORT/healthz || exit 1"] with the container's port (the image needs curl), or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: "/healthz"})`}},
		{"a service alarm's threshold for every service", container("") + "alarms: {cpu: 80}\n",
			[]string{`bp.yaml:10:10: alarms.cpu: unknown field "cpu" (the cpu alarm of every service is under services: write services: {cpu: {threshold: 80}})`}},
		{"a service alarm for every service, as a mapping", container("") + "alarms: {latency: {threshold: 2, minutes: 5}}\n",
			[]string{`bp.yaml:10:10: alarms.latency: unknown field "latency" (the latency alarm of every service is under services: write services: {latency: {threshold: 2, minutes: 5}})`}},
		{"a secret's parameter under ssm", container(", secrets: {DB: {ssm: /shop/db}}"),
			[]string{`bp.yaml:8:74: services[0].containers[0].secrets.DB.ssm: unknown field "ssm" (ssm is parameter in a Blueprint: write parameter: "/shop/db")`}},
		{"requests per target, as AWS CDK names them", onService("    autoscaling: {min: 1, max: 4, requestsPerTarget: 1000}\n"),
			[]string{`bp.yaml:10:35: services[0].autoscaling.requestsPerTarget: unknown field "requestsPerTarget" (requestsPerTarget is requests in a Blueprint: write requests: 1000)`}},
		{"the deployment's percents as CloudFormation names them", onService("    deployment: {minimumHealthyPercent: 100, maximumPercent: 200}\n"),
			[]string{
				`bp.yaml:10:18: services[0].deployment.minimumHealthyPercent: unknown field "minimumHealthyPercent" (minimumHealthyPercent is minPercent in a Blueprint: write minPercent: 100)`,
				`bp.yaml:10:46: services[0].deployment.maximumPercent: unknown field "maximumPercent" (maximumPercent is maxPercent in a Blueprint: write maxPercent: 200)`,
			}},
		{"the deployment's settings on the service", onService("    healthCheckGracePeriodSeconds: 60\n"),
			[]string{`bp.yaml:10:5: services[0].healthCheckGracePeriodSeconds: unknown field "healthCheckGracePeriodSeconds" (healthCheckGracePeriodSeconds is gracePeriod in a Blueprint, a field of the service's deployment: write deployment: {gracePeriod: 60})`}},
		{"a VPC you have, in Terraform's words", "network:\n  vpcId: vpc-0a1b2c3d4e5f60718\n  subnets: {private: [subnet-0a1b2c3d4e5f60001], public: [subnet-0a1b2c3d4e5f60101]}\n" + container(""),
			[]string{
				`bp.yaml:2:3: network.vpcId: unknown field "vpcId" (a VPC you have, with its subnets, is network.existing in a Blueprint: write existing: {id: vpc-0a1b2c3d4e5f60718, cidr: ITS_IPV4_BLOCK, privateSubnets: [...], publicSubnets: [...]})`,
				`bp.yaml:3:3: network.subnets: unknown field "subnets" (a VPC you have, with its subnets, is network.existing in a Blueprint: write existing: {id: VPC_ID, cidr: ITS_IPV4_BLOCK, privateSubnets: [subnet-0a1b2c3d4e5f60001], publicSubnets: [subnet-0a1b2c3d4e5f60101]})`,
			}},
		{"a VPC you have as a new VPC", "network:\n  vpc: vpc-0a1b2c3d4e5f60718\n" + container(""),
			[]string{`bp.yaml:2:8: network.vpc: must be a mapping of fields, not "vpc-0a1b2c3d4e5f60718" (vpc creates a new VPC; one you have is network.existing: write existing: {id: vpc-0a1b2c3d4e5f60718, cidr: ITS_IPV4_BLOCK, privateSubnets: [...], publicSubnets: [...]})`}},
		{"a VPC you have by its ID under vpc", "network:\n  existing: {vpc: vpc-0a1b2c3d4e5f60718, cidr: 10.20.0.0/16, privateSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002], publicSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]}\n" + container(""),
			[]string{`bp.yaml:2:14: network.existing.vpc: unknown field "vpc" (vpc is id in a Blueprint: write id: vpc-0a1b2c3d4e5f60718)`}},
		{"a user pool's settings as Cognito's console asks for them", container("") + "userPools:\n  - name: users\n    mfa: required\n    passwordPolicy: {minLength: 8}\n    callbackUrls: [https://app.example.com/callback]\n    selfSignUpEnabled: true\n",
			[]string{
				`bp.yaml:12:5: userPools[0].mfa: unknown field "mfa" (remove it: each pool offers MFA with an authenticator app (MfaConfiguration: OPTIONAL); to require it, set MfaConfiguration: ON on the pool (logical ID <Pool>UserPool, e.g. UsersUserPool) with overrides)`,
				`bp.yaml:13:5: userPools[0].passwordPolicy: unknown field "passwordPolicy" (remove it: each pool asks for passwords of 12 characters or more, with lower and upper case letters, numbers and symbols; to change that, replace Policies.PasswordPolicy on the pool (logical ID <Pool>UserPool, e.g. UsersUserPool) with overrides)`,
				`bp.yaml:14:5: userPools[0].callbackUrls: unknown field "callbackUrls" (remove it: gen gives the pool's client https://HOST/oauth2/idpresponse for each host name of the ALB that logs in with the pool, where the ALB receives the login's answer)`,
				`bp.yaml:15:5: userPools[0].selfSignUpEnabled: unknown field "selfSignUpEnabled" (remove it: only an administrator creates users (AllowAdminCreateUserOnly), so that no one can sign up to an internal application: list them in users, or create them with aws cognito-idp admin-create-user)`,
			}},
		{"an IP allow list for the web ACL", container("") + "api:\n  routes: [{method: GET, path: /, service: w}]\nwaf:\n  ipAllowList: [203.0.113.0/24]\n",
			[]string{`bp.yaml:13:3: waf.ipAllowList: unknown field "ipAllowList" (remove it: the web ACL always has AWS's managed rule groups for common attacks, known bad inputs and IP addresses with a bad reputation, and the rate limit of rateLimit; other rules go in overrides, see https://github.com/ecsgate/ecsgate/blob/main/docs/overrides.md)`}},
		{"log retention and the cluster's name as CloudFormation names them", container("") + "logs: {retentionInDays: 90}\ncluster: {clusterName: shop}\n",
			[]string{
				`bp.yaml:10:8: logs.retentionInDays: unknown field "retentionInDays" (retentionInDays is retention in a Blueprint: write retention: 90)`,
				`bp.yaml:11:11: cluster.clusterName: unknown field "clusterName" (remove it: the cluster takes its stack's name (AWS::StackName: the Blueprint's name, and NAME-ENV for an environment's stack), so that the environments of an account never share one)`,
			}},
		{"Fargate Spot", onService("    capacityProviderStrategy: [{capacityProvider: FARGATE_SPOT, weight: 1}]\n"),
			[]string{`bp.yaml:10:5: services[0].capacityProviderStrategy: unknown field "capacityProviderStrategy" (write spot: {} to run every task on Fargate Spot, or spot: {onDemand: N} to keep the first N on regular Fargate; gen writes the capacity provider strategy)`}},
		{"a listener's protocol on the service, as a load balancer's listener has it", strings.Replace(container(""), "    nlb: {}\n", "    nlb: {port: 5432, protocol: TCP}\n", 1),
			[]string{`bp.yaml:9:23: services[0].nlb.protocol: unknown field "protocol" (remove it: the NLB's listeners share one protocol, ingress.nlb.protocol (TCP, or TLS with a certificate); a service's nlb has its listener's port)`}},
		{"the NLB's listeners listed", strings.Replace(container(""), "ingress: {nlb: {}}", "ingress: {nlb: {listeners: [{port: 5432}]}}", 1),
			[]string{`bp.yaml:2:17: ingress.nlb.listeners: unknown field "listeners" (remove it: each service attached to the NLB has a listener of its own, on its port (services[].nlb: {port: N}), with the protocol of ingress.nlb.protocol)`}},
		{"a service's path beside its other fields", strings.Replace(alb(""), "    alb: {paths: [\"/*\"]}\n", "    path: /api/*\n", 1),
			[]string{`bp.yaml:9:5: services[0].path: unknown field "path" (a service's paths are its ALB listener rule's: write alb: {paths: ["/api/*"]})`}},
		{"a service's ports as Compose lists them", onService("    ports: [\"8080:80\"]\n"),
			[]string{`bp.yaml:10:5: services[0].ports: unknown field "ports" (ports is a container's port: move it into containers[], as containers: [{name: app, port: 80}])`}},
		{"a service's image tag", onService("    tag: v1\n"),
			[]string{`bp.yaml:10:5: services[0].tag: unknown field "tag" (the tag is a container image's: write containers: [{name: app, image: {repository: NAME, tag: TAG}}])`}},
		{"an environment named at the top", "env: staging\n" + container(""),
			[]string{`bp.yaml:1:1: env: unknown field "env" (environments are named overlays of the Blueprint: write environments: {staging: {...}} with what differs there, and render it with gen render --env staging)`}},
		{"a Region", "region: eu-west-1\n" + container(""),
			[]string{`bp.yaml:1:1: region: unknown field "region" (remove it: a stack is created in the Region it is deployed to, the AWS CLI's region or aws cloudformation deploy --region REGION)`}},
		{"containers at the top", "name: a\ncontainers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n",
			[]string{`bp.yaml:2:1: containers: unknown field "containers" (containers belong to a service: write services: [{name: NAME, cpu: 256, memory: 512, containers: [...]}])`}},
		{"a Blueprint written flat, as one service", "name: shop\ncpu: 256\nmemory: 512\nimage: nginx:1.27\nport: 80\nenvironment: {LOG_LEVEL: info}\n",
			[]string{`bp.yaml:2:1: services: is required; cpu, memory, image, port and environment at the top are fields of a service and of its container (write them in a service, as services: [{name: shop, cpu: 256, memory: 512, containers: [{name: app, image: {uri: "nginx:1.27"}, port: 80, environment: {LOG_LEVEL: info}}]}])`}},
		{"environments' overlays under environment, not a container's variables", "name: shop\nenvironment: {prod: {logs: {retention: 30}}}\n",
			[]string{`bp.yaml:1:1: services: at least one service is required (add a service with name, cpu, memory and containers)`,
				`bp.yaml:2:1: environment: unknown field "environment" (environments are named overlays of the Blueprint: write environments: {prod: {...}} with what differs there, and render it with gen render --env prod)`}},
		{"a container's variables at the top beside services", strings.Replace(container(""), "name: ", "environment: {LOG_LEVEL: info}\nname: ", 1),
			[]string{`bp.yaml:1:1: environment: unknown field "environment" (a container's variables are its environment, under each of services[].containers: write services: [{..., containers: [{..., environment: {LOG_LEVEL: info}}]}])`}},
		{"a service's fields alone at the top", "name: shop\ncpu: 256\nmemory: 512\n",
			[]string{`bp.yaml:2:1: services: is required; cpu and memory at the top are fields of a service (write them in a service, as services: [{name: shop, cpu: 256, memory: 512, containers: [{name: app}]}])`}},
		{"a container's field alone at the top", "name: shop\nimage: {repository: shop/web, tag: \"1.0\"}\n",
			[]string{`bp.yaml:2:1: services: is required; image at the top is a field of a service's container (write them in a service, as services: [{name: shop, containers: [{name: app, image: {repository: shop/web, tag: "1.0"}}]}])`}},
		{"a container's field at the top beside services", strings.Replace(container(""), "name: ", "port: 8080\nname: ", 1),
			[]string{`bp.yaml:1:1: port: unknown field "port" (port is a field of each entry of services[].containers: write it in the entries it applies to, as services: [{..., containers: [{..., port: 8080}]}])`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestFieldsOneLevelDown: a field written one mapping too high (a
// top-level stage, a service's min) gets the mapping to move it into, with
// the value written, and no follow-on problem for the field it meant; a key
// one slip from a field of its own mapping still gets did you mean.
func TestFieldsOneLevelDown(t *testing.T) {
	app := func(top, network, svc, alb string) string {
		return "name: a\n" + top + "network:\n  egress: nat\n" + network + "ingress: {alb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n" + svc +
			"    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb:\n      paths: [\"/*\"]\n" + alb
	}
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a top-level field of the alarms", app("emails: ops@example.com\n", "", "", ""),
			[]string{`bp.yaml:2:1: emails: unknown field "emails" (emails is a field of alarms: move it into alarms, as alarms: {emails: ["ops@example.com"]})`}},
		{"a field of two mappings, neither written", app("", "  cidr: 10.1.0.0/16\n", "", ""),
			[]string{`bp.yaml:4:3: network.cidr: unknown field "cidr" (cidr is a field of vpc and of existing: move it into the one you mean, as vpc: {cidr: "10.1.0.0/16"})`}},
		{"a field of two mappings, one written, and nothing about it missing there", app("", "  vpc: {azs: 2}\n  cidr: 10.1.0.0/16\n", "", ""),
			[]string{`bp.yaml:5:3: network.cidr: unknown field "cidr" (cidr is a field of vpc: move it into vpc, as vpc: {cidr: "10.1.0.0/16"})`}},
		{"a list", app("", "  zones: [eu-west-1a, eu-west-1b]\n", "", ""),
			[]string{`bp.yaml:4:3: network.zones: unknown field "zones" (zones is a field of vpc: move it into vpc, as vpc: {zones: [eu-west-1a, eu-west-1b]})`}},
		{"a service's autoscaling and deployment", app("", "", "    min: 1\n    strategy: canary\n", ""),
			[]string{
				`bp.yaml:9:5: services[0].min: unknown field "min" (min is a field of autoscaling: move it into autoscaling, as autoscaling: {min: 1})`,
				`bp.yaml:10:5: services[0].strategy: unknown field "strategy" (strategy is a field of deployment: move it into deployment, as deployment: {strategy: canary})`,
			}},
		{"a mapping's value", app("", "", "", "      matcher: {code: 200}\n"),
			[]string{`bp.yaml:12:7: services[0].alb.matcher: unknown field "matcher" (remove it; known fields here: deregistrationDelay, healthCheck, hosts, loadBalancer, login, loginPaths, paths, priority, stickiness)`}},
		{"a health check's field on the ALB", app("", "", "", "      interval: 10\n"),
			[]string{`bp.yaml:12:7: services[0].alb.interval: unknown field "interval" (interval is a field of healthCheck: move it into healthCheck, as healthCheck: {interval: 10})`}},
		{"one slip from a field here", app("stack: nested\n", "", "", "      path: /api\n"),
			[]string{
				`bp.yaml:2:1: stack: unknown field "stack" (did you mean "stacks"?)`,
				`bp.yaml:13:7: services[0].alb.path: unknown field "path" (did you mean "paths"? write paths: ["/api"])`,
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestReferenceNames: a reference to a name that is not there gets the one
// it is a typo of, or the names there are, with the field's own fix.
func TestReferenceNames(t *testing.T) {
	api := func(routes string) string {
		return service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", "") +
			"userPools: [{name: customers, arn: \"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123\"}]\napi:\n  routes:\n" + routes
	}
	sidecar := "      - {name: proxy, image: {uri: \"nginx:1.27\"}, port: 80, dependsOn: [{container: ap}]}\n      - {name: app, image: {uri: \"nginx:1.27\"}}\n"
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a service misspelt", api("    - {method: GET, path: /, service: ww}\n"),
			[]string{`bp.yaml:13:39: api.routes[0].service: there is no service "ww" (did you mean "w"?)`}},
		{"a service that is not there", api("    - {method: GET, path: /, service: orders}\n"),
			[]string{`bp.yaml:13:39: api.routes[0].service: there is no service "orders" (name one of the services; known: "w")`}},
		{"a user pool misspelt", api("    - {method: GET, path: /, service: w, auth: {userPool: customer}}\n"),
			[]string{`bp.yaml:13:59: api.routes[0].auth.userPool: there is no user pool "customer" (did you mean "customers"?)`}},
		{"a container misspelt", service(sidecar, ""),
			[]string{`bp.yaml:8:85: services[0].containers[0].dependsOn[0].container: there is no container "ap" in this service (did you mean "app"?)`}},
		{"an ALB's default service renamed, no follow-on for the service without rules",
			"name: a\ningress: {alb: {default: web}}\nservices:\n  - name: website\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb: {}\n",
			[]string{`bp.yaml:2:26: ingress.alb.default: there is no service "web" (use "404" or the name of a service; known: "website")`}},
		{"a traffic container not there", service(sidecar, "    traffic: {container: web, port: 80}\n"),
			[]string{
				`bp.yaml:8:85: services[0].containers[0].dependsOn[0].container: there is no container "ap" in this service (did you mean "app"?)`,
				`bp.yaml:11:26: services[0].traffic.container: there is no container "web" in this service (name a container of this service; known: "proxy", "app")`,
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestMessages: the messages a new user met that pointed at the wrong line
// or said too little, each with its exact text: the right line for a tab and
// for a line indented like nothing above it, and the word tab; the key
// written with no space after its colon, and the quote nothing closes; no problem
// for a field the user did not write, nor for what a duplicate's rename
// mends; the unit of cpu; a field path for a
// security group's rules; the fix that helps first.
func TestMessages(t *testing.T) {
	cidrs := make([]string, 31)
	for i := range cidrs {
		cidrs[i] = fmt.Sprintf("10.%d.0.0/16", i)
	}
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a tab that indents a line", "name: a\nservices:\n  - name: w\n\tcpu: 256\n",
			[]string{"bp.yaml:4:1: is not valid YAML: a tab character; YAML indents with spaces only (replace the tab with spaces)"}},
		{"a tab before a list item", "name: a\nservices:\n\t- name: w\n",
			[]string{"bp.yaml:3:1: is not valid YAML: a tab character; YAML indents with spaces only (replace the tab with spaces)"}},
		{"a line indented like nothing above it", "name: a\nservices:\n  - name: w\n   cpu: 256\n",
			[]string{"bp.yaml:4:4: is not valid YAML: this line is indented with 3 spaces, like no field or list item above it (did not find expected '-' indicator) (indent it like the other fields of the mapping or items of the list it belongs to)"}},
		{"a field dedented out of its list item", "name: a\nservices:\n  - name: w\n    cpu: 256\n  memory: 512\n",
			[]string{"bp.yaml:5:3: is not valid YAML: this line is indented with 2 spaces, like no field or list item above it (did not find expected '-' indicator) (indent it like the other fields of the mapping or items of the list it belongs to)"}},
		{"a line indented like nothing above it, far below its list's first line", "name: a\nservices:\n" + strings.Repeat("  - {name: w}\n", 80) + "   - {name: x}\n",
			[]string{"bp.yaml:83:4: is not valid YAML: this line is indented with 3 spaces, like no field or list item above it (did not find expected '-' indicator) (indent it like the other fields of the mapping or items of the list it belongs to)"}},
		{"text after the bracket that closes a route, far below the list's first line", "name: a\napi:\n  routes:\n" + strings.Repeat("    - {method: GET, path: /a, service: w}\n", 80) + "    - {method: GET, path: /b, service: w} ][\n",
			[]string{`bp.yaml:84:43: is not valid YAML: "][" follows the bracket that closes the value on this line (did not find expected '-' indicator) (remove it, or move it inside the brackets)`}},
		{"a key with no space after its colon, at the top", "name:a\nservices:\n  - name: w\n",
			[]string{"bp.yaml:1:6: is not valid YAML: name:a is read as one text, not a field: a key's colon needs a space after it (mapping values are not allowed in this context) (write name: a)"}},
		{"a key with no space after its colon, among fields", "name: a\nservices:\n  - name: w\n    cpu:256\n    memory: 512\n",
			[]string{"bp.yaml:4:9: is not valid YAML: cpu:256 is read as one text, not a field: a key's colon needs a space after it (could not find expected ':') (write cpu: 256)"}},
		{"a quote that nothing closes", "name: a\ndescription: \"shop\nservices: []\n",
			[]string{"bp.yaml:2:14: is not valid YAML: the quote here opens a value that nothing closes (found unexpected end of stream) (end the value with the same quote, on the same line)"}},
		{"a quote that nothing closes, in a flow mapping", "name: a\nservices:\n  - {name: w, containers: [{name: app, image: {uri: \"nginx}}]}\n",
			[]string{"bp.yaml:3:53: is not valid YAML: the quote here opens a value that nothing closes (found unexpected end of stream) (end the value with the same quote, on the same line)"}},
		{"a value with a colon and a space", "name: a\ndescription: shop: the store\nservices: []\n",
			[]string{`bp.yaml:2:14: is not valid YAML: the value of description has a colon and a space in it, which YAML reads as a second key on the line (mapping values are not allowed in this context) (write the value in quotes: description: "shop: the store")`}},
		{"an environment value with a colon and a space, in a list item", "name: a\nservices:\n  - name: w\n    containers:\n      - name: app\n        environment:\n          GREETING: Hello: world # a comment\n",
			[]string{`bp.yaml:7:21: is not valid YAML: the value of GREETING has a colon and a space in it, which YAML reads as a second key on the line (mapping values are not allowed in this context) (write the value in quotes: GREETING: "Hello: world")`}},
		{"a brace that nothing closes", "name: a\nservices:\n  - name: w\n    containers:\n      - name: app\n        image: {uri: \"nginx:1.27\"\n        port: 80\n",
			[]string{`bp.yaml:6:16: is not valid YAML: the { here opens a mapping that nothing closes on its line (did not find expected ',' or '}') (end it with } on the same line)`}},
		{"a bracket that nothing closes", "name: a\nservices:\n  - name: w\n    containers:\n      - name: app\n        command: [npm, start\n        port: 80\n",
			[]string{`bp.yaml:6:18: is not valid YAML: the [ here opens a list that nothing closes on its line (did not find expected ',' or ']') (end it with ] on the same line)`}},
		{"a list item on its key's line", "name: a\nservices:\n  - name: w\n    containers:\n      - name: app\n        command: - npm\n",
			[]string{`bp.yaml:6:18: is not valid YAML: a list item on the line of its key command (block sequence entries are not allowed in this context) (write the list on the key's line, command: [npm], or each item on a line of its own below the key, - npm, indented under it)`}},
		{"a value that starts with @", "name: a\nservices:\n  - name: w\n    containers:\n      - name: app\n        environment:\n          HANDLE: @shop # the account\n",
			[]string{`bp.yaml:7:19: is not valid YAML: a value cannot start with @, which YAML keeps for itself (found character that cannot start any token) (write the value in quotes: "@shop")`}},
		{"a value that starts with a backquote, in a flow list", "name: a\nservices:\n  - name: w\n    containers:\n      - {name: app, command: [sh, -c, `date`]}\n",
			[]string{"bp.yaml:5:39: is not valid YAML: a value cannot start with `, which YAML keeps for itself (found character that cannot start any token) (write the value in quotes)"}},
		{"an environment variable with no value", "name: a\ningress: {nlb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers:\n      - name: app\n        image: {uri: \"nginx:1.27\"}\n        port: 80\n        environment: [DEBUG=1, API_TOKEN_FILE]\n    nlb: {}\n",
			[]string{`bp.yaml:11:22: services[0].containers[0].environment: must be a mapping of names to values, not a list (write the list as a mapping: {DEBUG: "1", API_TOKEN_FILE: VALUE}; Compose gives a name alone (API_TOKEN_FILE) the value of the shell it runs in, which a task does not have: write its value)`}},
		{"cpu between two Fargate sizes", strings.Replace(service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", ""), "cpu: 256", "cpu: 300", 1),
			[]string{`bp.yaml:5:10: services[0].cpu: 300 is not a Fargate CPU size (use 256 or 512, the nearest; Fargate's CPU sizes are 256, 512, 1024, 2048, 4096, 8192, 16384 (1024 is 1 vCPU))`}},
		{"a choice spelt another way", strings.Replace(service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", ""), "ingress: {nlb: {}}", "stacks: Nested\ningress: {nlb: {}}", 1),
			[]string{`bp.yaml:2:9: stacks: "Nested" is not allowed (did you mean "nested"?)`}},
		{"a quoted port, and nothing about fields it leaves unset", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: \"8080\"}\n", ""),
			[]string{`bp.yaml:8:55: services[0].containers[0].port: must be a whole number, not "8080" (write the number without quotes: port: 8080)`}},
		{"two containers with a port and no traffic", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 8080}\n      - {name: side, image: {uri: \"envoy:1.0\"}, port: 9901}\n", ""),
			[]string{"bp.yaml:4:5: services[0].traffic: the load balancer needs one container port to send traffic to, and 2 containers have a port (app on 8080, side on 9901) (say which one: traffic: {container: app, port: 8080})"}},
		{"no container with a port", service("      - {name: app, image: {uri: \"nginx:1.27\"}}\n", ""),
			[]string{"bp.yaml:4:5: services[0].traffic: the load balancer needs a container port to send traffic to, and no container has a port (give the container that serves requests a port (port: 8080))"}},
		{"no containers, and nothing about the port they would have", service("", ""),
			[]string{"bp.yaml:7:16: services[0].containers: a service needs a container (add at least one container with name and image)"}},
		{"an API and no NLB, beside an ALB, and nothing about each route", "name: a\ningress: {alb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb: {paths: [\"/*\"]}\napi:\n  routes: [{method: GET, path: /a, service: w}, {method: GET, path: /b, service: w}]\n",
			[]string{"bp.yaml:9:1: api: API Gateway reaches services through a VPC link to an NLB, and ingress.nlb is not defined (add ingress.nlb and attach the services with nlb: {}, or call their ALB: api.backend: alb (internal ALBs, over a VPC link V2) or alb-public (public ALBs, with a secret header))"}},
		{"a service copied under the same name, and nothing about its containers' template names", "name: a\ningress: {nlb: {}}\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    nlb: {}\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    nlb: {port: 81}\n",
			[]string{`bp.yaml:9:11: services[1].name: service "w" is already defined at services[0] (give each service its own name)`}},
		{"an image with a tab pasted after it", service("      - {name: app, image: {uri: \"nginx:1.27\\t\"}, port: 80}\n", ""),
			[]string{`bp.yaml:8:34: services[0].containers[0].image.uri: "nginx:1.27\t" is not an image reference: it has a tab in it (write "nginx:1.27")`}},
		{"a route without its method", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", "api:\n  routes:\n    - {path: /orders, service: w}\n"),
			[]string{"bp.yaml:12:7: api.routes[0].method: is required (write method: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY)"}},
		{"a route's method written empty", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", "api:\n  routes:\n    - {method: \"\", path: /orders, service: w}\n"),
			[]string{`bp.yaml:12:16: api.routes[0].method: "" is not allowed (use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY)`}},
		{"an image with a space in it", service("      - {name: app, image: {uri: \"nginx 1.27\"}, port: 80}\n", ""),
			[]string{`bp.yaml:8:34: services[0].containers[0].image.uri: "nginx 1.27" is not an image reference: it has a space in it (remove the spaces and tabs)`}},
		{"an empty Blueprint, and nothing about each field it lacks", "# to be written\n",
			[]string{"bp.yaml:1:1: the Blueprint is empty (write at least name and services)"}},
		{"a misspelt field beside the field it names, whose own problem stays", strings.Replace(service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", ""), "memory: 512", "memory: 300\n    memroy: 512", 1),
			[]string{`bp.yaml:6:13: services[0].memory: 300 is not a Fargate memory size`, `bp.yaml:7:5: services[0].memroy: unknown field "memroy" (did you mean "memory"?)`}},
		{"cpu in vCPU", strings.Replace(service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", ""), "cpu: 256", "cpu: 0.5", 1),
			[]string{`bp.yaml:5:10: services[0].cpu: must be a whole number, not "0.5" (cpu counts CPU units, 1024 per vCPU: 0.5 vCPU is cpu: 512)`}},
		{"memory in GB", strings.Replace(service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", ""), "memory: 512", "memory: 0.5", 1),
			[]string{`bp.yaml:6:13: services[0].memory: must be a whole number, not "0.5" (memory counts MiB: 0.5 GB is memory: 512)`}},
		{"the rules of an ingress.albs group", "name: a\ndns: {zone: example.com, zoneId: Z0123456789EXAMPLE}\ningress:\n  albs:\n    - id: edge\n      allow: [" + strings.Join(cidrs, ", ") + "]\n      certificate: {arn: \"arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\"}\n      hostnames: [a.example.com]\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb: {loadBalancer: edge, paths: [\"/*\"]}\n",
			[]string{"bp.yaml:5:7: ingress.albs[0]: the security group EdgeAlbSecurityGroup (inbound IPv4) needs 62 rules; AWS allows 60 rules per security group and direction (inbound, outbound) (2 too many)"}},
		{"Fargate Spot for ARM64 tasks", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", "    platform: ARM64\n    spot: {onDemand: 1}\n"),
			[]string{`bp.yaml:11:11: services[0].spot: Fargate Spot runs only X86_64 tasks, and the service runs on ARM64 (run the service on X86_64 (platform: X86_64, its images built for linux/amd64), or remove spot)`}},
		{"more tasks on regular Fargate than a capacity provider strategy takes", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80}\n", "    spot: {onDemand: 100001}\n"),
			[]string{`bp.yaml:10:22: services[0].spot.onDemand: 100001 tasks is out of range (use a value from 0 to 100000)`}},
		{"a huge environment value", service("      - {name: app, image: {uri: \"nginx:1.27\"}, port: 80, environment: {BIG: "+strings.Repeat("x", 2_000_000)+"}}\n", ""),
			[]string{"bp.yaml:7:5: services[0].containers: the task definition WTaskDefinition (an estimate) needs 2,001,"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.src)
			if len(got) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(c.want), strings.Join(got, "\n"))
			}
			for i, w := range c.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("got  %s\nwant %s", got[i], w)
				}
			}
		})
	}
}

// TestOtherKindsOfFile: a file of another tool given where a Blueprint
// belongs is one problem, at the key that tells, saying what the file is and
// where its contents go, instead of an unknown field for each of its keys. A
// Blueprint with the same key names elsewhere is read as a Blueprint.
func TestOtherKindsOfFile(t *testing.T) {
	const start = "a Blueprint is one file for the whole application: name, then services, each with cpu, memory and containers; gen examples lists complete ones to start from"
	const convert = "gen from-copilot, run in the folder that holds copilot/, writes the application's Blueprint from its manifests; https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md says how"
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a Copilot service manifest", "# The manifest for the \"api\" service.\nname: api\ntype: Load Balanced Web Service\nhttp: {path: /}\nimage: {build: Dockerfile, port: 8080}\ncpu: 256\nmemory: 512\ncount: 1\n",
			[]string{`bp.yaml:3:1: type: this is an AWS Copilot manifest (type: Load Balanced Web Service), not a Blueprint (` + convert + `)`}},
		{"a manifest of Copilot's first versions", "name: api\ntype: Backend App\n",
			[]string{`bp.yaml:2:1: type: this is an AWS Copilot manifest (type: Backend App), not a Blueprint (` + convert + `)`}},
		{"a Copilot environment manifest", "name: prod\ntype: Environment\nnetwork: {vpc: {id: vpc-0123}}\n",
			[]string{`bp.yaml:2:1: type: this is an AWS Copilot manifest (type: Environment), not a Blueprint (` + convert + `)`}},
		{"a Copilot worker", "name: jobs\ntype: Worker Service\n",
			[]string{`bp.yaml:2:1: type: this is an AWS Copilot manifest (type: Worker Service), not a Blueprint (` + convert + `)`}},
		{"the template gen wrote", "AWSTemplateFormatVersion: '2010-09-09'\nDescription: x\nResources: {}\n",
			[]string{`bp.yaml:1:1: AWSTemplateFormatVersion: this is a CloudFormation template, not a Blueprint (gen writes templates from a Blueprint: give gen the Blueprint, or compare two templates with gen diff OLD.yaml NEW.yaml)`}},
		{"a template without a version", "Resources:\n  Q: {Type: AWS::SQS::Queue}\n",
			[]string{`bp.yaml:1:1: Resources: this is a CloudFormation template, not a Blueprint (gen writes templates from a Blueprint: give gen the Blueprint, or compare two templates with gen diff OLD.yaml NEW.yaml)`}},
		{"a Kubernetes Deployment", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2}\n",
			[]string{`bp.yaml:1:1: apiVersion: this is a Kubernetes manifest (kind: Deployment), not a Blueprint (a Deployment's containers are a service's containers, its replicas the service's count, and a container's probes its health checks; ` + start + `)`}},
		{"a Kubernetes Service", "apiVersion: v1\nkind: Service\n",
			[]string{`bp.yaml:1:1: apiVersion: this is a Kubernetes manifest (kind: Service), not a Blueprint (` + start + `)`}},
		{"an ECS task definition in JSON", `{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx"}], "cpu": "256", "memory": "512"}`,
			[]string{`bp.yaml:1:19: containerDefinitions: this is an ECS task definition, not a Blueprint (gen writes the task definition: its containerDefinitions are a service's containers, and its cpu and memory the service's; ` + start + `)`}},
		{"a Blueprint with a type that is no Copilot type", "name: a\ntype: web\nservices: []\n",
			[]string{
				`bp.yaml:2:1: type: unknown field "type" (remove it; known fields here: account, accountId, alarms, api, apiOverrides, buckets, cdn, cluster, description, dns, ecr, environments, ingress, kmsKeys, logs, name, network, overrides, parameters, pipeline, quotas, secrets, security, services, stacks, tables, tags, topics, userPools, volumes, waf)`,
				`bp.yaml:3:11: services: at least one service is required (add a service with name, cpu, memory and containers)`,
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsOf(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
