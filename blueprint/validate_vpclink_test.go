package blueprint

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestVpcLinkRules: the API behind a VPC link V2, to an internal ALB or the
// NLB, and the choices that go with it.
func TestVpcLinkRules(t *testing.T) {
	data, err := os.ReadFile("../golden/private-api-alb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checkRules(t, string(data), []ruleCase{
		{"internet-facing ALB", "    scheme: internal\n", "", "ingress.alb.scheme", "  alb:", "use api.backend: alb-public"},
		{"internet-facing ALB named", "    scheme: internal\n", "    scheme: internet-facing\n", "ingress.alb.scheme", "scheme: internet-facing", "which needs an internal ALB"},
		{"ALB over a V1 link", "  backend: alb\n", "  backend: alb\n  vpcLink: v1\n", "api.vpcLink", "vpcLink: v1", "reaches only a Network Load Balancer"},
		{"unknown link", "  backend: alb\n", "  backend: alb\n  vpcLink: v3\n", "api.vpcLink", "vpcLink: v3", "not allowed"},
		{"no certificate", "    certificate:\n      domain: internal.example.com\n", "", "ingress.alb.certificate", "  alb:", "api.httpInsideVpc: true"},
		{"HTTP with a certificate", "  backend: alb\n", "  backend: alb\n  httpInsideVpc: true\n", "api.httpInsideVpc", "httpInsideVpc", "only redirects to HTTPS"},
		{"certificate without host names", "    hostnames: [internal.example.com]\n", "", "ingress.alb.hostnames", "  alb:", "integration's host name"},
		{"any address admitted", "    hostnames: [internal.example.com]\n", "    hostnames: [internal.example.com]\n    allow: [10.9.0.0/16, 0.0.0.0/0]\n", "ingress.alb.allow[1]", "allow:", "admits any address"},
		{"other clients admitted", "    hostnames: [internal.example.com]\n", "    hostnames: [internal.example.com]\n    allow: [10.2.0.0/16]\n", "", "", ""},
		{"login behind the link", "userPools:\n  - name: customers\n", "userPools:\n  - name: customers\n    domain: {prefix: shop-customers}\n", "", "", ""},
		{"link with alb-public", "  backend: alb\n", "  backend: alb-public\n  vpcLink: v2\n", "api.vpcLink", "vpcLink: v2", "without a VPC link"},
		{"route captured by an earlier rule", `      paths: ["/catalog/*"]`, `      paths: ["/catalog/*", "/orders/*"]
      priority: 5`, "api.routes[2]", "path: /orders/{id}", `reaches the rule of service "catalog" first`},
	})
	// The httpInsideVpc case above needs the flag; checkRules replaces
	// one string, so the HTTP cases are written out here.
	base := strings.Replace(string(data), "    certificate:\n      domain: internal.example.com\n", "", 1)
	checkRules(t, strings.Replace(base, "  backend: alb\n", "  backend: alb\n  httpInsideVpc: true\n", 1), []ruleCase{
		{"plain HTTP inside the VPC", "  stage: prod\n", "  stage: prod\n", "", "", ""},
		{"no host names over HTTP", "    hostnames: [internal.example.com]\n", "", "", "", ""},
		{"httpInsideVpc with nlb", "  backend: alb\n", "  backend: nlb\n", "api.httpInsideVpc", "httpInsideVpc", "backend alb only"},
	})
}

// TestNLBBehindVpcLinkV2: the NLB admits the link's group, not CIDRs that
// would trust any address; a VPC link V2 needs two AZs and fits its quota.
func TestNLBBehindVpcLinkV2(t *testing.T) {
	data, err := os.ReadFile("../golden/private-api/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	subnets := func(n int) string {
		var ids []string
		for i := range n {
			ids = append(ids, fmt.Sprintf("subnet-0123456789abcdef%x", i))
		}
		return "[" + strings.Join(ids, ", ") + "]"
	}
	vpc := "network:\n  vpc:\n    cidr: 10.1.0.0/16\n    zones: [ap-northeast-1a, ap-northeast-1c]\n    publicSubnets: [10.1.2.0/24, 10.1.42.0/24]\n    privateSubnets: [10.1.12.0/24, 10.1.52.0/24]\n"
	existing := func(n int) string {
		return "network:\n  existing:\n    id: vpc-0123456789abcdef0\n    cidr: 10.1.0.0/16\n    privateSubnets: " + subnets(n) + "\n    publicSubnets: " + subnets(2) + "\n"
	}
	checkRules(t, string(data), []ruleCase{
		{"any address to the NLB", "    hostname: elb-origin.example.com\n", "    hostname: elb-origin.example.com\n    allow: [0.0.0.0/0]\n", "ingress.nlb.allow[0]", "allow:", "admits any address"},
		{"one subnet", vpc, existing(1), "network.existing.privateSubnets", "privateSubnets:", "the API's VPC link V2 need two AZs"},
		{"eleven subnets", vpc, existing(11), "network.existing.privateSubnets", "privateSubnets:", "AWS allows 10 subnets per VPC link V2"},
		{"ten subnets", vpc, existing(10), "", "", ""},
		{"eleven subnets, raised quota", vpc, "quotas: {vpcLinkSubnets: 12}\n" + existing(11), "", "", ""},
	})
	v1 := strings.Replace(string(data), "  stage: dev\n", "  stage: dev\n  vpcLink: v1\n", 1)
	checkRules(t, v1, []ruleCase{
		{"any address to the V1 NLB", "    hostname: elb-origin.example.com\n", "    hostname: elb-origin.example.com\n    allow: [0.0.0.0/0]\n", "ingress.nlb.allow[0]", "allow:", "admits any address"},
		{"the VPC to the V1 NLB", "    hostname: elb-origin.example.com\n", "    hostname: elb-origin.example.com\n    allow: [10.1.0.0/16]\n", "", "", ""},
	})
}
