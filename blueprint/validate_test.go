package blueprint

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// base is a valid Blueprint; cases replace parts of it. Line numbers in the
// table refer to the text after replacement.
const base = `name: shop
network:
  vpc:
    cidr: 10.0.0.0/16
dns:
  zone: example.com
  zoneId: Z0123456789EXAMPLE
ingress:
  nlb:
    certificate:
      domain: api.example.com
    hostname: api.example.com
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: nginx
        image: {repository: web/nginx, tag: "1.0"}
        port: 80
      - name: app
        image: {uri: "public.ecr.aws/docker/library/golang:1.23"}
        healthCheck: {command: [CMD-SHELL, "true"]}
    traffic: {container: nginx, port: 80}
    nlb: {}
`

// TestRules checks each validation rule: the problem's path, line and message.
func TestRules(t *testing.T) {
	checkRules(t, base, []ruleCase{
		{"name required", "name: shop", "description: x", "name", "description", "is required"},
		{"a container name too long for its image parameter", "      - name: app\n", "      - name: " + strings.Repeat("a", 250) + "\n", "services[0].containers[1].name", "aaaaaaaaaa", "CloudFormation takes 255"},
		{"name format", "name: shop", "name: Shop_1", "name", "Shop_1", "not a valid name"},
		{"name length", "name: shop", "name: " + strings.Repeat("a", 41), "name", "aaaa", "41 characters"},
		{"bad cidr", "cidr: 10.0.0.0/16", "cidr: 10.0.0/16", "network.vpc.cidr", "cidr:", "not an IPv4 CIDR"},
		{"host bits", "cidr: 10.0.0.0/16", "cidr: 10.0.0.1/16", "network.vpc.cidr", "cidr:", "host bits"},
		{"vpc too big", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/8", "network.vpc.cidr", "cidr:", "/8 VPC"},
		{"one az", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    azs: 1", "network.vpc.azs", "azs:", "1 AZs is out of range"},
		{"subnet outside vpc", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    publicSubnets: [10.0.0.0/24, 10.1.0.0/24]\n    privateSubnets: [10.0.2.0/24, 10.0.3.0/24]", "network.vpc.publicSubnets[1]", "publicSubnets", "outside the VPC"},
		{"subnets overlap", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    publicSubnets: [10.0.0.0/24, 10.0.1.0/24]\n    privateSubnets: [10.0.0.0/23, 10.0.3.0/24]", "network.vpc.privateSubnets[0]", "privateSubnets", "overlaps"},
		{"subnet count", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    azs: 3\n    publicSubnets: [10.0.0.0/24, 10.0.1.0/24]\n    privateSubnets: [10.0.2.0/24, 10.0.3.0/24, 10.0.4.0/24]", "network.vpc.publicSubnets", "publicSubnets", "2 subnets for 3 AZs"},
		{"zones mixed regions", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    zones: [eu-west-1a, us-east-1a]", "network.vpc.zones[1]", "zones", "not in eu-west-1"},
		{"bad egress", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n  egress: igw", "network.egress", "egress", `"igw" is not allowed`},
		{"vpc and existing", "network:\n", "network:\n  existing: {id: vpc-0123456789abcdef0, cidr: 10.0.0.0/16, privateSubnets: [subnet-01234567, subnet-89abcdef]}\n", "network", "network:", "mutually exclusive"},
		{"existing one subnet", "  vpc:\n    cidr: 10.0.0.0/16", "  existing: {id: vpc-01234567, cidr: 10.0.0.0/16, privateSubnets: [subnet-01234567]}", "network.existing.privateSubnets", "existing", "need two AZs"},
		{"existing bad id", "  vpc:\n    cidr: 10.0.0.0/16", "  existing: {id: vpc-xyz, cidr: 10.0.0.0/16, privateSubnets: [subnet-01234567, subnet-89abcdef]}", "network.existing.id", "existing", "not a VPC ID"},
		{"existing with egress", "  vpc:\n    cidr: 10.0.0.0/16", "  existing: {id: vpc-01234567, cidr: 10.0.0.0/16, privateSubnets: [subnet-01234567, subnet-89abcdef]}\n  egress: nat", "network.egress", "egress", "only to a VPC the template creates"},
		{"tls without certificate", "    certificate:\n      domain: api.example.com\n", "    protocol: TLS\n", "ingress.nlb.certificate", "  nlb:", "needs a certificate"},
		{"certificate with tcp", "  nlb:\n", "  nlb:\n    protocol: TCP\n", "ingress.nlb.certificate", "certificate:", "only by TLS listeners"},
		{"legacy ssl policy", "  nlb:\n", "  nlb:\n    sslPolicy: ELBSecurityPolicy-2016-08\n", "ingress.nlb.sslPolicy", "sslPolicy", "TLS 1.0 or 1.1"},
		{"certificate misses host", "domain: api.example.com", "domain: '*.internal.example.com'", "ingress.nlb.certificate.domain", "domain: '*", "does not cover the host name api.example.com"},
		{"wildcard covers one label", "domain: api.example.com", "domain: '*.example.com'\n    hostname: a.b.example.com", "ingress.nlb.certificate.domain", "domain: '*", "exactly one label"},
		{"host outside zone", "hostname: api.example.com", "hostname: api.example.org", "ingress.nlb.hostname", "hostname", "not in the hosted zone"},
		{"certificate needs zone id", "  zoneId: Z0123456789EXAMPLE\n", "", "dns.zoneId", "dns:", "needs the hosted zone ID"},
		{"bad acm arn", "domain: api.example.com", "arn: arn:aws:acm:eu-west-1:123:certificate/x", "ingress.nlb.certificate.arn", "arn:", "not an ACM certificate ARN"},
		{"lb name too long", "  nlb:\n", "  nlb:\n    name: " + strings.Repeat("n", 33) + "\n", "ingress.nlb.name", "nnnn", "not a valid load balancer name"},
		{"nlb unused", "    nlb: {}\n", "", "ingress.nlb", "  nlb:", "no service is attached"},
		{"service nlb without ingress", "ingress:\n  nlb:\n    certificate:\n      domain: api.example.com\n    hostname: api.example.com\n", "", "services[0].nlb", "nlb: {}", "ingress.nlb is not defined"},
		{"cpu required", "    cpu: 256\n", "", "services[0].cpu", "- name: web", "is required"},
		{"memory required", "    memory: 512\n", "", "services[0].memory", "- name: web", "is required"},
		{"fargate size", "memory: 512", "memory: 4096", "services[0].cpu", "cpu: 256", "not a Fargate task size"},
		{"fargate 16 vcpu", "cpu: 256\n    memory: 512", "cpu: 16384\n    memory: 32000", "services[0].cpu", "cpu: 16384", "32768 to 122880 in steps of 8192"},
		{"count with autoscaling", "    memory: 512\n", "    memory: 512\n    count: 2\n    autoscaling: {min: 1, max: 3, cpu: 60}\n", "services[0].count", "count:", "conflicts with autoscaling"},
		{"autoscaling min max", "    memory: 512\n", "    memory: 512\n    autoscaling: {min: 4, max: 3, cpu: 60}\n", "services[0].autoscaling.max", "autoscaling", "below min"},
		{"autoscaling target", "    memory: 512\n", "    memory: 512\n    autoscaling: {min: 1, max: 3}\n", "services[0].autoscaling", "autoscaling", "needs a cpu, memory, requests or messages target"},
		{"platform", "    memory: 512\n", "    memory: 512\n    platform: arm\n", "services[0].platform", "platform", `"arm" is not allowed`},
		{"duplicate container", "- name: app", "- name: nginx", "services[0].containers[1].name", "- name: nginx\n        image: {uri", "already defined"},
		{"duplicate port", "healthCheck: {command: [CMD-SHELL, \"true\"]}", "healthCheck: {command: [CMD-SHELL, \"true\"]}\n        port: 80", "services[0].containers[1].port", "        port: 80\n    traffic", "already used by container"},
		{"traffic port not exposed", "traffic: {container: nginx, port: 80}", "traffic: {container: nginx, port: 8080}", "services[0].traffic.port", "traffic:", "does not expose port 8080"},
		{"traffic unknown container", "traffic: {container: nginx, port: 80}", "traffic: {container: proxy, port: 80}", "services[0].traffic.container", "traffic:", `no container "proxy"`},
		{"no traffic target", "healthCheck: {command: [CMD-SHELL, \"true\"]}\n    traffic: {container: nginx, port: 80}", "healthCheck: {command: [CMD-SHELL, \"true\"]}\n        port: 9000", "services[0].traffic", "- name: web", "2 containers have a port (nginx on 80, app on 9000)"},
		{"container memory", "        port: 80\n", "        port: 80\n        memory: 400\n      - name: extra\n        image: {uri: 'busybox:1'}\n        memory: 200\n", "services[0].containers", "containers:", "need 600 MiB but the task has 512"},
		{"no essential container", "        port: 80\n      - name: app\n", "        port: 80\n        essential: false\n      - name: app\n        essential: false\n", "services[0].containers", "containers:", "no container is essential"},
		{"image without version", "uri: \"public.ecr.aws/docker/library/golang:1.23\"", "uri: \"registry.example.com:5000/golang\"", "services[0].containers[1].image.uri", "registry.example.com", "names no tag or digest"},
		{"image bad digest", "uri: \"public.ecr.aws/docker/library/golang:1.23\"", "uri: \"golang@sha256:abc\"", "services[0].containers[1].image.uri", "golang@", "malformed digest"},
		{"image with a stack value", "uri: \"public.ecr.aws/docker/library/golang:1.23\"", "uri: \"public.ecr.aws/${AWS::Region}/golang:1.23\"", "services[0].containers[1].image.uri", "AWS::Region", "is not an image reference"},
		{"image in capitals", "uri: \"public.ecr.aws/docker/library/golang:1.23\"", "uri: \"public.ecr.aws/Docker/golang:1.23\"", "services[0].containers[1].image.uri", "Docker", "is not an image reference"},
		{"image with a registry port", "uri: \"public.ecr.aws/docker/library/golang:1.23\"", "uri: \"registry.example.com:5000/team/golang:1.23\"", "", "", ""},
		{"image past 255 characters", "uri: \"public.ecr.aws/docker/library/golang:1.23\"", "uri: \"public.ecr.aws/" + strings.Repeat("a", 240) + ":1.23\"", "services[0].containers[1].image.uri", "aaaa", "at most 255 characters"},
		{"image both kinds", "{repository: web/nginx, tag: \"1.0\"}", "{repository: web/nginx, tag: \"1.0\", uri: \"nginx:1\"}", "services[0].containers[0].image", "repository: web/nginx", "mutually exclusive"},
		{"image digest", "tag: \"1.0\"", "digest: sha256:abc", "services[0].containers[0].image.digest", "digest", "not an image digest"},
		{"image repository name", "repository: web/nginx", "repository: Web/Nginx", "services[0].containers[0].image.repository", "Web/Nginx", "not a valid ECR repository name"},
		{"image missing", "        image: {repository: web/nginx, tag: \"1.0\"}\n", "", "services[0].containers[0].image", "- name: nginx", "image is required"},
		{"depends on unknown", "        port: 80\n", "        port: 80\n        dependsOn: [{container: db}]\n", "services[0].containers[0].dependsOn[0].container", "dependsOn", `no container "db"`},
		{"healthy needs check", "        healthCheck: {command: [CMD-SHELL, \"true\"]}\n", "        dependsOn: [{container: nginx, condition: HEALTHY}]\n", "services[0].containers[1].dependsOn[0].condition", "dependsOn", "needs \"nginx\" to have a health check"},
		{"success on essential", "        port: 80\n", "        port: 80\n        dependsOn: [{container: app, condition: SUCCESS}]\n", "services[0].containers[0].dependsOn[0].condition", "dependsOn", "cannot wait for an essential container"},
		{"dependency cycle", "        port: 80\n      - name: app\n", "        port: 80\n        dependsOn: [{container: app}]\n      - name: app\n        dependsOn: [{container: nginx}]\n", "services[0].containers[0].dependsOn", "dependsOn", "form a cycle"},
		{"credentials in environment", "        port: 80\n", "        port: 80\n        environment: {AWS_ACCESS_KEY_ID: AKIA}\n", "services[0].containers[0].environment.AWS_ACCESS_KEY_ID", "environment", "never be written"},
		{"env name", "        port: 80\n", "        port: 80\n        environment: {1X: y}\n", "services[0].containers[0].environment.1X", "environment", "not a valid environment variable name"},
		{"grace shorter than start period", "healthCheck: {command: [CMD-SHELL, \"true\"]}", "healthCheck: {command: [CMD-SHELL, \"true\"], startPeriod: 90}\n    deployment: {gracePeriod: 30}", "services[0].deployment.gracePeriod", "deployment", "shorter than the 90 s health check start period"},
		{"health check command", "[CMD-SHELL, \"true\"]", "[curl]", "services[0].containers[1].healthCheck.command", "[curl]", "must start with CMD"},
		{"health check interval", "[CMD-SHELL, \"true\"]}", "[CMD-SHELL, \"true\"], interval: 1}", "services[0].containers[1].healthCheck.interval", "interval", "out of range"},
		{"rollback without breaker", "    nlb: {}\n", "    nlb: {}\n    deployment: {circuitBreaker: false, rollback: true}\n", "services[0].deployment.rollback", "deployment", "needs the deployment circuit breaker"},
		{"max percent", "    nlb: {}\n", "    nlb: {}\n    deployment: {minPercent: 100, maxPercent: 100}\n", "services[0].deployment.maxPercent", "deployment", "can neither start"},
		{"log retention", "    nlb: {}\n", "    nlb: {}\n    logs: {retention: 10}\n", "services[0].logs.retention", "logs:", "not a CloudWatch Logs retention"},
		{"egress rule", "    nlb: {}\n", "    nlb: {}\n    egress: [{cidr: 10.0.0.0/8, port: 70000}]\n", "services[0].egress[0].port", "egress", "out of range"},
		{"a container health check's timeout in milliseconds", `healthCheck: {command: [CMD-SHELL, "true"]}`, `healthCheck: {command: [CMD-SHELL, "true"], timeout: 5000}`, "services[0].containers[1].healthCheck.timeout", "timeout: 5000", "5000 s is out of range (timeout counts seconds: 5000 milliseconds is timeout: 5)"},
		{"a deregistration delay in milliseconds", "nlb: {}", "nlb: {deregistrationDelay: 30000}", "services[0].nlb.deregistrationDelay", "deregistrationDelay", "(deregistrationDelay counts seconds: 30000 milliseconds is deregistrationDelay: 30)"},
		{"a delay past the hour, not milliseconds", "nlb: {}", "nlb: {deregistrationDelay: 3601}", "services[0].nlb.deregistrationDelay", "deregistrationDelay", "3601 s is out of range (use a value from 0 to 3600)"},
		{"target timeout", "nlb: {}", "nlb: {healthCheck: {interval: 5, timeout: 6}}", "services[0].nlb.healthCheck.timeout", "timeout", "not shorter than the 5 s interval"},
		{"target codes on tcp", "nlb: {}", "nlb: {healthCheck: {codes: '200'}}", "services[0].nlb.healthCheck.codes", "codes", "only to HTTP(S)"},
		{"target path", "nlb: {}", "nlb: {healthCheck: {protocol: HTTP, path: health}}", "services[0].nlb.healthCheck.path", "path", "not a health check path"},
		{"target path braces", "nlb: {}", "nlb: {healthCheck: {protocol: HTTP, path: '/?query={__typename}'}}", "services[0].nlb.healthCheck.path", "path", "not a health check path"},
		{"deregistration delay", "nlb: {}", "nlb: {deregistrationDelay: 4000}", "services[0].nlb.deregistrationDelay", "deregistrationDelay", "out of range"},
		{"duplicate service", "    nlb: {}\n", "    nlb: {}\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: x, image: {uri: 'busybox:1'}}]\n", "services[1].name", "  - name: web\n    cpu: 256\n    memory: 512\n    containers: [", "already defined"},
		{"same listener port", "    nlb: {}\n", "    nlb: {}\n  - name: admin\n    cpu: 256\n    memory: 512\n    containers: [{name: x, image: {uri: 'busybox:1'}, port: 80}]\n    nlb: {healthCheck: {}}\n", "services[1].nlb.port", "nlb: {healthCheck", "already used by service \"web\""},
		{"logical id clash", "    nlb: {}\n", "    nlb: {}\n  - name: web--api\n    cpu: 256\n    memory: 512\n    containers: [{name: x, image: {uri: 'busybox:1'}}]\n  - name: web-api\n    cpu: 256\n    memory: 512\n    containers: [{name: y, image: {uri: 'busybox:1'}}]\n", "services[2].name", "- name: web-api", "same logical ID word WebApi"},
		{"parameter id clash", "    nlb: {}\n", "    nlb: {}\n  - name: web-app\n    cpu: 256\n    memory: 512\n    containers: [{name: x, image: {uri: 'busybox:1'}}]\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app-x, image: {uri: 'busybox:1'}}]\n", "services[2].containers[0].name", "app-x", "same template names"},
		{"no services", "services:\n", "services: []\nx:\n", "services", "services: []", "at least one service"},
		{"reserved tag", "name: shop\n", "name: shop\ntags: {'aws:owner': me}\n", "tags.aws:owner", "tags", "reserved by AWS"},
		{"zone names", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    zones: [tokyo-1, tokyo-2]", "network.vpc.zones[0]", "zones", "not an Availability Zone name"},
		{"subnet too small", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    publicSubnets: [10.0.0.0/29, 10.0.1.0/24]\n    privateSubnets: [10.0.2.0/24, 10.0.3.0/24]", "network.vpc.publicSubnets[0]", "publicSubnets", "smaller than AWS allows"},
		{"existing subnet ids", "  vpc:\n    cidr: 10.0.0.0/16", "  existing: {id: vpc-01234567, cidr: 10.0.0.0/16, privateSubnets: [subnet-01234567, subnet-01234567, sn-1]}", "network.existing.privateSubnets[1]", "existing", "listed twice"},
		{"existing subnet format", "  vpc:\n    cidr: 10.0.0.0/16", "  existing: {id: vpc-01234567, cidr: 10.0.0.0/16, privateSubnets: [subnet-01234567, sn-1]}", "network.existing.privateSubnets[1]", "existing", "not a subnet ID"},
		{"dns zone", "zone: example.com", "zone: Example_COM", "dns.zone", "Example_COM", "not a valid domain name"},
		{"dns zone id", "zoneId: Z0123456789EXAMPLE", "zoneId: abc", "dns.zoneId", "zoneId", "not a hosted zone ID"},
		{"certificate arn and domain", "domain: api.example.com", "domain: api.example.com\n      arn: arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012", "ingress.nlb.certificate", "certificate:", "mutually exclusive"},
		{"certificate empty", "    certificate:\n      domain: api.example.com\n", "    certificate: {}\n", "ingress.nlb.certificate", "certificate: {}", "is empty"},
		{"lb name internal", "  nlb:\n", "  nlb:\n    name: internal-api\n", "ingress.nlb.name", "internal-api", "cannot start with internal-"},
		{"ssl policy unknown", "  nlb:\n", "  nlb:\n    sslPolicy: Modern\n", "ingress.nlb.sslPolicy", "Modern", "not an Elastic Load Balancing security policy"},
		{"ssl policy with tcp", "    certificate:\n      domain: api.example.com\n", "    protocol: TCP\n    sslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06\n", "ingress.nlb.sslPolicy", "sslPolicy", "only by TLS listeners"},
		{"nlb allow", "  nlb:\n", "  nlb:\n    allow: [10.0.0.0/33]\n", "ingress.nlb.allow[0]", "allow", "not an IPv4 CIDR"},
		{"container name", "- name: app", "- name: 'app!'", "services[0].containers[1].name", "app!", "not a valid container name"},
		{"container cpu", "        port: 80\n", "        port: 80\n        cpu: 512\n", "services[0].containers", "containers:", "reserve 512 CPU units but the task has 256"},
		{"memory reservation", "        port: 80\n", "        port: 80\n        memory: 128\n        memoryReservation: 256\n", "services[0].containers[0].memoryReservation", "memoryReservation", "above memory 128"},
		{"count range", "    memory: 512\n", "    memory: 512\n    count: -1\n", "services[0].count", "count", "out of range"},
		{"autoscaling target range", "    memory: 512\n", "    memory: 512\n    autoscaling: {min: 1, max: 3, cpu: 100}\n", "services[0].autoscaling.cpu", "autoscaling", "out of range"},
		{"egress protocol", "    nlb: {}\n", "    nlb: {}\n    egress: [{cidr: 10.0.0.0/8, port: 53, protocol: icmp}]\n", "services[0].egress[0].protocol", "egress", "not allowed"},
		{"egress cidr", "    nlb: {}\n", "    nlb: {}\n    egress: [{cidr: anywhere, port: 53}]\n", "services[0].egress[0].cidr", "egress", "not an IPv4 CIDR"},
		{"min percent", "    nlb: {}\n", "    nlb: {}\n    deployment: {minPercent: 150}\n", "services[0].deployment.minPercent", "deployment", "out of range"},
		{"image tag", "tag: \"1.0\"", "tag: \"-bad\"", "services[0].containers[0].image.tag", "-bad", "not a valid image tag"},
		{"image tag with uri", "uri: \"public.ecr.aws/docker/library/golang:1.23\"", "uri: \"public.ecr.aws/docker/library/golang:1.23\", tag: \"2\"", "services[0].containers[1].image", "golang", "go with repository"},
		{"tag key Name", "name: shop\n", "name: shop\ntags: {Name: x}\n", "tags.Name", "tags", "set by ecsgate"},
		{"tag value", "name: shop\n", "name: shop\ntags: {k: " + strings.Repeat("v", 256) + "}\n", "tags.k", "tags", "ECR repositories take 255"},
		{"tag value at ECR's limit", "name: shop\n", "name: shop\ntags: {k: " + strings.Repeat("v", 255) + "}\n", "", "", ""},
		{"tag value in letters of several bytes", "name: shop\n", "name: shop\ntags: {k: " + strings.Repeat("é", 255) + "}\n", "", "", ""},
		{"tag key", "name: shop\n", "name: shop\ntags: {" + strings.Repeat("k", 128) + ": v}\n", "tags." + strings.Repeat("k", 128), "tags", "ECR repositories take 127"},
		{"empty tag value", "name: shop\n", "name: shop\ntags: {k: ''}\n", "tags.k", "tags", "ECR repositories refuse"},
		{"insights", "name: shop\n", "name: shop\ncluster: {insights: on}\n", "cluster.insights", "cluster", "not allowed"},
	})
}

// TestBuiltInGo validates a Blueprint built in Go: problems carry paths but no
// file positions, and the caller's value is not modified by defaults.
// TestLimitsOfLists covers the rules about how many of something there may be.
func TestLimitsOfLists(t *testing.T) {
	b := &Blueprint{Name: "x", Tags: map[string]string{}}
	for i := range 50 {
		b.Tags[strings.Repeat("k", i+1)] = "v"
	}
	s := Service{Name: "web", CPU: 4096, Memory: 8192}
	for i := range 11 {
		s.Containers = append(s.Containers, Container{Name: "c" + strings.Repeat("x", i), Image: Image{URI: "busybox:1"}})
	}
	b.Services = []Service{s}
	err := b.Validate()
	if err == nil || !strings.Contains(err.Error(), "tags: 50 tags is more than the 49") || !strings.Contains(err.Error(), "services[0].containers: the service needs 11 containers; AWS allows 10 containers per ECS task definition (1 too many)") {
		t.Errorf("missing limit problems:\n%v", err)
	}
}

func TestBuiltInGo(t *testing.T) {
	b := &Blueprint{Name: "x", Services: []Service{{Name: "web", CPU: 512, Memory: 512, Containers: []Container{{Name: "app", Image: Image{URI: "nginx:1"}}}}}}
	err := b.Validate()
	var problems Problems
	if !errors.As(err, &problems) || len(problems) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	if p := problems[0]; p.File != "" || p.Line != 0 || p.Path != "services[0].cpu" {
		t.Errorf("unexpected problem %+v", p)
	}
	if b.Network.VPC != nil || b.Services[0].Count != nil || b.Cluster.Insights != "" {
		t.Error("Validate changed the caller's Blueprint")
	}
}

func TestDefaults(t *testing.T) {
	b := &Blueprint{
		Ingress: Ingress{NLB: &NLB{Certificate: &Certificate{ARN: "x"}}},
		Services: []Service{{
			Name: "web",
			Containers: []Container{
				{Name: "app", Port: 8080, HealthCheck: &HealthCheck{StartPeriod: 120}},
				{Name: "sidecar"},
			},
			NLB: &ServiceNLB{},
		}},
	}
	d := b.WithDefaults()
	s := d.Services[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"vpc cidr", d.Network.VPC.CIDR, DefaultVPCCIDR},
		{"azs", d.Network.VPC.AZs, 2},
		{"public subnets", strings.Join(d.Network.VPC.PublicSubnets, ","), "10.0.0.0/20,10.0.16.0/20"},
		{"private subnets", strings.Join(d.Network.VPC.PrivateSubnets, ","), "10.0.128.0/20,10.0.144.0/20"},
		{"egress", d.Network.Egress, EgressNAT},
		{"protocol from certificate", d.Ingress.NLB.Protocol, ProtocolTLS},
		{"ssl policy", d.Ingress.NLB.SSLPolicy, DefaultSSLPolicy},
		{"allow vpc", strings.Join(d.Ingress.NLB.Allow, ","), DefaultVPCCIDR},
		{"count", *s.Count, 1},
		{"traffic", *s.Traffic, Traffic{Container: "app", Port: 8080}},
		{"listener port for TLS", s.NLB.Port, 443},
		{"deregistration", *s.NLB.DeregistrationDelay, 30},
		{"grace covers start period", *s.Deployment.GracePeriod, 120},
		{"rollback", *s.Deployment.Rollback, true},
		{"essential", *s.Containers[1].Essential, true},
		{"egress rule", s.Egress[0], EgressRule{CIDR: "0.0.0.0/0", Port: 443, Protocol: "tcp"}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestDeriveSubnets(t *testing.T) {
	pub, priv := deriveSubnets("10.1.0.0/24", 3)
	if strings.Join(pub, ",") != "10.1.0.0/28,10.1.0.16/28,10.1.0.32/28" || strings.Join(priv, ",") != "10.1.0.128/28,10.1.0.144/28,10.1.0.160/28" {
		t.Errorf("got %v %v", pub, priv)
	}
	if pub, _ := deriveSubnets("10.1.0.0/26", 2); pub != nil {
		t.Errorf("a /26 leaves no room for /28 halves in 16 blocks; got %v", pub)
	}
}

func TestFargateSizes(t *testing.T) {
	valid := [][2]int{{256, 512}, {256, 2048}, {512, 4096}, {1024, 8192}, {2048, 16384}, {4096, 30720}, {8192, 61440}, {16384, 122880}, {16384, 40960}}
	invalid := [][2]int{{256, 1536}, {256, 4096}, {512, 512}, {1024, 9216}, {4096, 31744}, {8192, 18432}, {16384, 36864}, {300, 512}}
	for _, v := range valid {
		if !validFargateSize(v[0], v[1]) {
			t.Errorf("%v should be valid", v)
		}
	}
	for _, v := range invalid {
		if validFargateSize(v[0], v[1]) {
			t.Errorf("%v should be invalid", v)
		}
	}
}

func TestCertificateCovers(t *testing.T) {
	cases := []struct {
		domain, host string
		want         bool
	}{
		{"api.example.com", "api.example.com", true},
		{"*.example.com", "api.example.com", true},
		{"*.example.com", "a.b.example.com", false},
		{"*.example.com", "example.com", false},
		{"example.com", "api.example.com", false},
	}
	for _, c := range cases {
		if got := certificateCovers(c.domain, c.host); got != c.want {
			t.Errorf("certificateCovers(%q, %q) = %v", c.domain, c.host, got)
		}
	}
}

func TestLogicalName(t *testing.T) {
	for in, want := range map[string]string{"web": "Web", "web-api": "WebApi", "web/app": "WebApp", "my_app2": "MyApp2", "ü": ""} {
		if got := LogicalName(in); got != want {
			t.Errorf("LogicalName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNameFix: a name that names nothing gets the name it is a typo of,
// else the field's fix with the names there are (the first few), else the
// fix alone.
func TestNameFix(t *testing.T) {
	for _, c := range []struct {
		name  string
		names []string
		want  string
	}{
		{"wbe", []string{"web", "worker"}, `did you mean "web"?`},
		{"orders", []string{"web", "worker"}, `name one; known: "web", "worker"`},
		{"orders", []string{"a", "b", "c", "d"}, `name one; known: "a", "b", "c", ...`},
		{"orders", nil, "name one"},
	} {
		if got := nameFix(c.name, c.names, "name one"); got != c.want {
			t.Errorf("nameFix(%q, %q) = %q, want %q", c.name, c.names, got, c.want)
		}
	}
	if got := namesOf([]Service{{Name: "web"}, {Name: "worker"}}, serviceName); !slices.Equal(got, []string{"web", "worker"}) {
		t.Errorf("namesOf = %q", got)
	}
}

// TestChoiceFix: a value none of the choices gets the one it is a typo or
// another spelling of, else the choices; a value too short to guess from
// gets the choices.
func TestChoiceFix(t *testing.T) {
	for _, c := range []struct {
		value   string
		allowed []string
		want    string
	}{
		{"internet_facing", []string{"internal", "internet-facing"}, `did you mean "internet-facing"?`},
		{"Nested", []string{"single", "nested"}, `did you mean "nested"?`},
		{"nat_per_az", []string{"nat", "nat-per-az", "endpoints", "none"}, `did you mean "nat-per-az"?`},
		{"ALL", []string{"GET", "POST", "ANY"}, `did you mean "ANY"?`},
		{"x", []string{"a", "b"}, "use one of a, b"},
		{"", []string{"a", "b"}, "use one of a, b"},
		{"weekly", []string{"nat", "none"}, "use one of nat, none"},
	} {
		if got := choiceFix(c.value, c.allowed); got != c.want {
			t.Errorf("choiceFix(%q) = %q, want %q", c.value, got, c.want)
		}
	}
}

// TestRetentionFix: a retention CloudWatch Logs does not offer gets the
// periods on either side of it, or the end of the list it is beyond.
func TestRetentionFix(t *testing.T) {
	all := "; CloudWatch Logs keeps logs for one of " + joinInts(logRetentionDays) + " days"
	for days, want := range map[int]string{
		100:  "use 90 or 120, the nearest" + all,
		2:    "use 1 or 3, the nearest" + all,
		-5:   "use 1, the nearest" + all,
		0:    "use 1, the nearest" + all,
		5000: "use 3653, the nearest" + all,
	} {
		if got := retentionFix(days); got != want {
			t.Errorf("retentionFix(%d) = %q, want %q", days, got, want)
		}
	}
}

// TestNearest: the values on either side of n, or the end of the list n is
// beyond.
func TestNearest(t *testing.T) {
	values := []int{256, 512, 1024}
	for n, want := range map[int]string{300: "256 or 512", 100: "256", 2000: "1024", 600: "512 or 1024"} {
		if got := nearest(n, values); got != want {
			t.Errorf("nearest(%d) = %q, want %q", n, got, want)
		}
	}
}

// certificateNamesTwice is an ALB certificate whose names two checks look
// at: each name needs dns.zoneId, and the certificate's own check and the
// ALB's both read its alternative names.
const certificateNamesTwice = `name: dup
dns: {zone: example.com}
ingress:
  alb:
    certificate: {domain: a.example.com, alternativeNames: [x.example.com, "test.${D}"]}
    hostnames: [a.example.com]
services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: web, image: {uri: "nginx:1.27"}, port: 80}]
    alb: {paths: [/*]}
`

// TestEachProblemOnce: a problem that two checks reach is reported once.
func TestEachProblemOnce(t *testing.T) {
	_, err := Read("dup.yaml", []byte(certificateNamesTwice))
	var problems Problems
	if !errors.As(err, &problems) {
		t.Fatalf("want problems, got %v", err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		`dup.yaml:2:6: dns.zoneId: a certificate validated by DNS needs the hosted zone ID (write the ID of the hosted zone example.com (Z..., without /hostedzone/), which aws route53 list-hosted-zones-by-name --dns-name example.com --max-items 1 --query "HostedZones[?Name=='example.com.'].Id" --output text prints)`,
		`dup.yaml:5:76: ingress.alb.certificate.alternativeNames[1]: "test.${D}" is not a valid domain name (write a lowercase DNS name such as api.example.com)`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWildcardWhereANameBelongs: a wildcard where one name belongs says so,
// with a name it stands for; where wildcards are taken it passes.
func TestWildcardWhereANameBelongs(t *testing.T) {
	v := &validator{b: &Blueprint{}}
	if v.domain("h", "*.shop.example.com", false) || len(v.problems) != 1 ||
		v.problems[0].String() != `h: "*.shop.example.com" is a wildcard (write each name it stands for in full, such as www.shop.example.com: a wildcard is not taken here)` {
		t.Errorf("got %v", v.problems)
	}
	v = &validator{b: &Blueprint{}}
	if !v.domain("c", "*.shop.example.com", true) || len(v.problems) != 0 {
		t.Errorf("a wildcard where one is taken: got %v", v.problems)
	}
}

// TestZoneIDFix: a hosted zone ID as Route 53's API writes it
// (/hostedzone/Z...) gets the ID to write; a missing one, the command that
// prints the ID of dns.zone.
func TestZoneIDFix(t *testing.T) {
	const lookup = `write the ID of the hosted zone example.com (Z..., without /hostedzone/), which aws route53 list-hosted-zones-by-name --dns-name example.com --max-items 1 --query "HostedZones[?Name=='example.com.'].Id" --output text prints`
	for _, c := range []struct {
		dns  DNS
		want string
	}{
		{DNS{Zone: "example.com", ZoneID: "/hostedzone/Z0123456789ABC"}, "write Z0123456789ABC, without /hostedzone/"},
		{DNS{Zone: "example.com", ZoneID: "example.com"}, lookup},
		{DNS{Zone: "example.com"}, lookup},
		{DNS{Zone: "Example..com", ZoneID: "x"}, "copy the hosted zone's ID from Route 53, e.g. Z0123456789ABCDEFGHIJ"},
	} {
		if got := zoneIDFix(&c.dns); got != c.want {
			t.Errorf("%+v:\n got %s\nwant %s", c.dns, got, c.want)
		}
	}
}

// TestHealthCheckPathCharacters: a health check path may carry a query
// string, as Elastic Load Balancing accepts, and characters it refuses are
// refused here, with how to encode them.
func TestHealthCheckPathCharacters(t *testing.T) {
	for path, ok := range map[string]bool{
		"/":                                   true,
		"/health-check":                       true,
		"/graphql?api&query=%7B__typename%7D": true,
		"/status#x":                           true,
		"/a:b@c~d+e.f_g=h":                    true,
		"/?query={__typename}":                false,
		"/health check":                       false,
		"/it's":                               false,
		"health":                              false,
	} {
		v := &validator{b: &Blueprint{}}
		v.targetHealthCheck("hc", TargetHealthCheck{Protocol: "HTTP", Path: path, Codes: "200", Interval: 30, Timeout: 5, Healthy: 3, Unhealthy: 3}, "HTTP")
		var msgs []string
		for _, p := range v.problems {
			msgs = append(msgs, p.String())
		}
		got := !slices.ContainsFunc(v.problems, func(p Problem) bool { return p.Path == "hc.path" })
		if got != ok {
			t.Errorf("%q: accepted %v, want %v (%s)", path, got, ok, strings.Join(msgs, "; "))
		}
	}
}

// TestHealthPathFix: a health check path Elastic Load Balancing refuses
// gets the user's own path mended, so it can be copied: the leading / added,
// other characters percent-encoded; a path too long says how long.
func TestHealthPathFix(t *testing.T) {
	const rule = "a health check path is / then letters, digits and @:%_+.~#?&/=-, other characters percent-encoded"
	long := "/" + strings.Repeat("a", 1022)
	for path, want := range map[string]string{
		"health":               `write "/health": ` + rule,
		"/?query={__typename}": `write "/?query=%7B__typename%7D": ` + rule,
		"/health check":        `write "/health%20check": ` + rule,
		"/état":                `write "/%C3%A9tat": ` + rule,
		"":                     "write a path such as /health: " + rule,
		long + "{":             "shorten it to 1024 characters or fewer, characters outside @:%_+.~#?&/=- counting three each (percent-encoded)",
		long + "a":             "",
	} {
		v := &validator{b: &Blueprint{}}
		v.targetHealthCheck("hc", TargetHealthCheck{Protocol: "HTTP", Path: path, Codes: "200", Interval: 30, Timeout: 5, Healthy: 3, Unhealthy: 3}, "HTTP")
		got := ""
		for _, p := range v.problems {
			if p.Path == "hc.path" {
				got = p.Fix
			}
		}
		if got != want {
			t.Errorf("%q:\n got %s\nwant %s", path, got, want)
		}
	}
}

// TestCertificateAccount: with accountId, a certificate of another account
// is refused, on a load balancer as on a distribution; without it, or in
// the account, it is not.
func TestCertificateAccount(t *testing.T) {
	const arn = "arn:aws:acm:us-east-1:111111111111:certificate/0e2a3b4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c"
	for _, c := range []struct {
		account, want string
	}{
		{"", ""},
		{"111111111111", ""},
		{"222222222222", "c.arn: the certificate is in account 111111111111, and the stacks in account 222222222222 (accountId) can use only certificates of their own (request or import the certificate in account 222222222222 and use that ARN)"},
	} {
		v := &validator{b: &Blueprint{AccountID: c.account}}
		v.certificate("c", &Certificate{ARN: arn}, "")
		v.usEast1Certificate("cdn.certificate", arn, "for the distribution", "CloudFront uses certificates in us-east-1 only")
		var got []string
		for _, p := range v.problems {
			got = append(got, p.String())
		}
		want := []string{}
		if c.want != "" {
			want = []string{c.want, strings.Replace(c.want, "c.arn:", "cdn.certificate:", 1)}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("account %q: got\n%s\nwant\n%s", c.account, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestAccountID: accountId is twelve digits, as written (leading zero
// kept).
func TestAccountID(t *testing.T) {
	for id, ok := range map[string]bool{"012345678901": true, "123456789012": true, "12345678901": false, "1234567890123": false, "12345678901a": false} {
		v := &validator{b: &Blueprint{AccountID: id}, raw: &Blueprint{}}
		v.validateAccount()
		if got := len(v.problems) == 0; got != ok {
			t.Errorf("%q: accepted %v, want %v (%v)", id, got, ok, v.problems)
		}
	}
	b, err := Read("a.yaml", []byte("name: a\naccountId: 012345678901\ningress: {nlb: {}}\nservices: [{name: w, cpu: 256, memory: 512, containers: [{name: c, image: {uri: 'nginx:1.27'}, port: 80}], nlb: {}}]\n"))
	if err != nil || b.AccountID != "012345678901" {
		t.Errorf("unquoted accountId: %v, %q", err, b.AccountID)
	}
}

// TestWritesInZone: each thing a template writes in the hosted zone makes
// an environment one that needs a zone of its own account; nothing does
// without dns.
func TestWritesInZone(t *testing.T) {
	dns := &DNS{Zone: "example.com", ZoneID: "Z0123456789EXAMPLE"}
	for _, c := range []struct {
		name string
		b    Blueprint
		want bool
	}{
		{"nothing", Blueprint{DNS: dns}, false},
		{"no dns", Blueprint{Ingress: Ingress{NLB: &NLB{Hostname: "api.example.com"}}}, false},
		{"nlb host name", Blueprint{DNS: dns, Ingress: Ingress{NLB: &NLB{Hostname: "api.example.com"}}}, true},
		{"nlb certificate by arn", Blueprint{DNS: dns, Ingress: Ingress{NLB: &NLB{Certificate: &Certificate{ARN: "arn:aws:acm:us-east-1:111111111111:certificate/0e2a3b4c-1d2e-4f5a-8b9c-0d1e2f3a4b5c"}}}}, false},
		{"alb certificate created", Blueprint{DNS: dns, Ingress: Ingress{ALB: &ALB{Certificate: &Certificate{Domain: "shop.example.com"}}}}, true},
		{"cognito domain", Blueprint{DNS: dns, UserPools: []UserPool{{Name: "p", Domain: &UserPoolDomain{Name: "auth.example.com"}}}}, true},
		{"cdn name in the zone", Blueprint{DNS: dns, CDN: &CDN{Domains: []string{"www.example.com"}}}, true},
		{"cdn name elsewhere", Blueprint{DNS: dns, CDN: &CDN{Domains: []string{"www.example.org"}}}, false},
	} {
		if got := c.b.writesInZone(); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestRepositoryFix: an ECR repository name refused only for its capitals
// gets the name in lowercase; any other, the rule.
func TestRepositoryFix(t *testing.T) {
	for name, want := range map[string]string{
		"Shop/Web": `write "shop/web": ECR's repository names are lowercase`,
		"shop web": "use lowercase letters, digits, and . _ - / as separators, e.g. web/app",
		"Shop Web": "use lowercase letters, digits, and . _ - / as separators, e.g. web/app",
	} {
		if got := repositoryFix(name); got != want {
			t.Errorf("%q:\n got %s\nwant %s", name, got, want)
		}
	}
}

// TestHostIn: a URL, a name in capitals, with a port, a path or the root's
// trailing dot stands for the host name alone.
func TestHostIn(t *testing.T) {
	for s, want := range map[string]string{
		"https://shop.example.com/":      "shop.example.com",
		"http://shop.example.com:8080/a": "shop.example.com",
		"example.com.":                   "example.com",
		"Shop.Example.COM":               "shop.example.com",
		" shop.example.com ":             "shop.example.com",
		"shop.example.com:abc":           "shop.example.com:abc",
		"*.example.com":                  "*.example.com",
	} {
		if got := hostIn(s); got != want {
			t.Errorf("hostIn(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestImageAddressParts: an image's address splits into its registry (ECR's
// in any partition, a known public one, or one with a port) and its name,
// and a name into the name and its tag or digest; a repository's own name,
// dots and all, is no address.
func TestImageAddressParts(t *testing.T) {
	for s, want := range map[string][3]string{
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com", "shop/web", "true"},
		"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web":  {"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "web", "true"},
		"ghcr.io/acme/web":   {"ghcr.io", "acme/web", "true"},
		"localhost:5000/web": {"localhost:5000", "web", "true"},
		"my.team/web":        {"", "my.team/web", "false"},
		"shop/web":           {"", "shop/web", "false"},
		"docker.io/":         {"", "docker.io/", "false"},
	} {
		registry, name, ok := registryOf(s)
		if got := [3]string{registry, name, strconv.FormatBool(ok)}; got != want {
			t.Errorf("registryOf(%q) = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[string][3]string{
		"shop/web:1.2":           {"shop/web", `tag: "1.2"`, "true"},
		"shop/web@sha256:abc":    {"shop/web", "digest: sha256:abc", "true"},
		"shop/web":               {"shop/web", "", "false"},
		"shop/web:":              {"shop/web:", "", "false"},
		"localhost:5000/web":     {"localhost:5000/web", "", "false"},
		"localhost:5000/web:1.0": {"localhost:5000/web", `tag: "1.0"`, "true"},
	} {
		name, version := cutImageVersion(s)
		field := ""
		if !version.none() {
			field = version.field()
		}
		if got := [3]string{name, field, strconv.FormatBool(!version.none())}; got != want {
			t.Errorf("cutImageVersion(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestHostNamesAsWritten: a host name written as its first label gets its
// whole name in dns.zone, with no follow-on about the certificate; a zone
// that is not a domain name is one problem, not one more for each name in
// it.
func TestHostNamesAsWritten(t *testing.T) {
	read := func(name string) string {
		data, err := os.ReadFile("../golden/" + name + "/blueprint.yaml")
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	privateAPI, publicALB := read("private-api"), read("public-alb")
	for _, c := range []struct{ name, base, old, new, want string }{
		{"an NLB's host name as its first label", privateAPI, "    hostname: elb-origin.example.com", "    hostname: elb-origin",
			`bp.yaml:27:15: ingress.nlb.hostname: "elb-origin" is not a valid domain name (write "elb-origin.example.com": a host name is written whole, here in dns.zone)`},
		{"an ALB's host name as its first label", publicALB, "    hostnames: [hello-aws.my-project.jp]", "    hostnames: [hello-aws]",
			`bp.yaml:20:17: ingress.alb.hostnames[0]: "hello-aws" is not a valid domain name (write "hello-aws.my-project.jp": a host name is written whole, here in dns.zone)`},
		{"a zone in capitals", publicALB, "  zone: my-project.jp", "  zone: My-Project.jp",
			`bp.yaml:13:9: dns.zone: "My-Project.jp" is not a valid domain name (write "my-project.jp")`},
		{"a zone without its top-level domain", publicALB, "  zone: my-project.jp", "  zone: myproject",
			`bp.yaml:13:9: dns.zone: "myproject" is not a valid domain name (write a lowercase DNS name such as api.example.com)`},
	} {
		t.Run(c.name, func(t *testing.T) { checkOneProblem(t, c.base, c.old, c.new, c.want) })
	}
}

// TestDescribedName: the Blueprint name a template's Description says is
// read back as Described writes it, with what the template is and
// without; any other Description names none.
func TestDescribedName(t *testing.T) {
	for desc, want := range map[string]string{
		Described("orders", ""):                             "orders",
		Described("orders", "an API: with a colon"):         "orders",
		Described("shop-2", "service web (a nested stack)"): "shop-2",
		"ecsgate Blueprint":                                 "",
		"ecsgate Blueprint Not A Name: x":                   "",
		"a template of my own":                              "",
	} {
		if got := DescribedName(desc); got != want {
			t.Errorf("DescribedName(%q) = %q, want %q", desc, got, want)
		}
	}
}

// TestEphemeralStorage: a task's storage as Fargate takes it: 21 to 200
// GiB, its 20 GiB default needing no field, and a size in MiB the GiB it
// means.
func TestEphemeralStorage(t *testing.T) {
	base := "name: a\nservices:\n  - name: w\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n    ephemeralStorage: "
	for _, c := range []struct{ value, want string }{
		{"50", ""},
		{"200", ""},
		{"20", `bp.yaml:7:23: services[0].ephemeralStorage: 20 GiB is Fargate's default; the property takes 21 to 200 (leave ephemeralStorage out: every Fargate task has 20 GiB)`},
		{"201", `bp.yaml:7:23: services[0].ephemeralStorage: 201 GiB is out of range (use a value from 21 to 200)`},
		{"51200", `bp.yaml:7:23: services[0].ephemeralStorage: 51200 is MiB; ephemeralStorage counts GiB (50 GiB) (write ephemeralStorage: 50)`},
	} {
		_, err := Read("bp.yaml", []byte(base+c.value+"\n"))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.value, got, c.want)
		}
	}
}

// TestReplacedZeros: a 0 written where leaving the field out takes a
// default is refused at the 0, with what it would have become; a 0 that is
// a value of its own, or the default itself, is taken.
func TestReplacedZeros(t *testing.T) {
	const leftOut = "a 0 here is the same as leaving the field out"
	checkRules(t, base, []ruleCase{
		{"log retention", "services:\n", "logs: {retention: 0}\nservices:\n", "logs.retention", "retention: 0", "0 would become the default, 30: " + leftOut + " (CloudWatch Logs' longest retention period is 3653 days, ten years: write retention: 3653 to keep logs that long)"},
		{"a service's log retention, which takes the Blueprint's", "    nlb: {}\n", "    nlb: {}\n    logs: {retention: 0}\n", "services[0].logs.retention", "retention: 0", "0 would become the default, 30: " + leftOut},
		{"a health check's interval", `healthCheck: {command: [CMD-SHELL, "true"]}`, `healthCheck: {command: [CMD-SHELL, "true"], interval: 0}`, "services[0].containers[1].healthCheck.interval", "interval: 0", "0 would become the default, 30: " + leftOut + " (write the number you mean, or leave the field out)"},
		{"AZs", "cidr: 10.0.0.0/16", "cidr: 10.0.0.0/16\n    azs: 0", "network.vpc.azs", "azs: 0", "0 would become the default, 2"},
		{"an NLB listener port", "    nlb: {}\n", "    nlb: {port: 0}\n", "services[0].nlb.port", "port: 0", "0 would become the default, 443"},
		{"no tasks, a value of its own", "    nlb: {}\n", "    nlb: {}\n    count: 0\n", "", "", ""},
		{"no delay, the default", "    nlb: {}\n", "    nlb: {}\n    queue: {delay: 0, timeout: 30}\n", "", "", ""},
	})
}
