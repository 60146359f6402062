package blueprint

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// existingBase is a public web app in an existing VPC with VPC endpoints
// and a login on /admin.
func existingBase(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../golden/existing-vpc/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestExistingVPCEndpointRules: VPC endpoints in a VPC the team already has
// need its route tables (for the S3 gateway endpoint), subnets one per AZ,
// and an honest list of the endpoints it has.
func TestExistingVPCEndpointRules(t *testing.T) {
	const (
		tables  = "    routeTables: [rtb-0a1b2c3d4e5f60001, rtb-0a1b2c3d4e5f60002]\n"
		subnets = "    endpointSubnets: [subnet-0a1b2c3d4e5f60201, subnet-0a1b2c3d4e5f60202]\n"
		present = "    presentEndpoints: [logs]\n"
		egress  = "  egress: endpoints\n"
	)
	checkRules(t, existingBase(t), []ruleCase{
		{"nat in an existing VPC", egress, "  egress: nat\n", "network.egress", "egress: nat", "ecsgate adds no gateway to an existing VPC"},
		{"endpoint settings without endpoints", egress, "", "network.existing.routeTables", "routeTables", "network.egress is not endpoints"},
		{"no route tables", tables, "", "network.existing.routeTables", "existing:", "a gateway endpoint is attached to route tables"},
		{"no route tables, s3 present", tables + subnets + present, subnets + "    presentEndpoints: [logs, s3]\n", "", "", ""},
		{"not a route table", "rtb-0a1b2c3d4e5f60002]", "rt-2]", "network.existing.routeTables[1]", "routeTables", "not a route table ID"},
		{"route table twice", "rtb-0a1b2c3d4e5f60002]", "rtb-0a1b2c3d4e5f60001]", "network.existing.routeTables[1]", "routeTables", "listed twice"},
		{"endpoints in one subnet", subnets, "    endpointSubnets: [subnet-0a1b2c3d4e5f60201]\n", "network.existing.endpointSubnets", "endpointSubnets", "stops every task when that AZ fails"},
		{"not a subnet", "subnet-0a1b2c3d4e5f60202]\n    presentEndpoints", "sn-2]\n    presentEndpoints", "network.existing.endpointSubnets[1]", "endpointSubnets", "not a subnet ID"},
		{"endpoint subnets default to the private ones", subnets, "", "", "", ""},
		{"present endpoint not needed", present, "    presentEndpoints: [logs, sqs]\n", "network.existing.presentEndpoints[1]", "presentEndpoints", "the tasks need no sqs endpoint (they need ecr.api, ecr.dkr, logs, s3)"},
		{"present endpoint twice", present, "    presentEndpoints: [logs, logs]\n", "network.existing.presentEndpoints[1]", "presentEndpoints", "listed twice"},
		{"interface endpoints past the quota", egress, egress + "  endpoints: [" + manyEndpoints(49) + "]\n", "network.egress", "egress: endpoints", "51 interface endpoints"},
	})
}

// manyEndpoints lists n distinct endpoint names.
func manyEndpoints(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = "svc" + strings.Repeat("x", i%5) + string(rune('a'+i/5))
	}
	return strings.Join(names, ", ")
}

// TestLoginPathRules: a login on some paths of a service needs the ALB's
// login, paths the ALB matches, and priorities before the service's rule
// that no other rule takes or comes before.
func TestLoginPathRules(t *testing.T) {
	const login = "      loginPaths: [/admin]\n"
	checkRules(t, existingBase(t), []ruleCase{
		{"login and loginPaths", login, login + "      login: true\n", "services[0].alb.loginPaths", "loginPaths", "login and loginPaths are both set"},
		{"no login on the ALB", "    login:\n      userPool: staff\n", "", "services[0].alb.loginPaths", "loginPaths", "ingress.alb.login, which is not defined"},
		{"every path", login, "      loginPaths: [/*]\n", "services[0].alb.loginPaths[0]", "loginPaths", "covers every path"},
		{"not a path", login, "      loginPaths: [admin]\n", "services[0].alb.loginPaths[0]", "loginPaths", "not a path the ALB can match"},
		{"covered twice", login, "      loginPaths: [/admin, /admin/*]\n", "services[0].alb.loginPaths[1]", "loginPaths", "covers what an earlier entry covers"},
		{"no priority left", login, login + "      priority: 1\n", "services[0].alb.loginPaths", "loginPaths", "raise alb.priority to at least 2"},
		{"two paths", login, "      loginPaths: [/admin, /reports]\n      priority: 3\n", "", "", ""},
		{"priority taken", "services:\n", "services:\n  - name: docs\n    cpu: 256\n    memory: 512\n    containers: [{name: d, image: {repository: portal/docs, tag: '1'}, port: 80}]\n    alb: {paths: [/docs/*], priority: 109}\n",
			"services[1].alb.loginPaths[0]", "loginPaths", "needs priority 109, which service \"docs\" already uses"},
		{"shadowed by a catch-all", "services:\n", "services:\n  - name: docs\n    cpu: 256\n    memory: 512\n    containers: [{name: d, image: {repository: portal/docs, tag: '1'}, port: 80}]\n    alb: {paths: [/*], priority: 50}\n",
			"services[1].alb.loginPaths[0]", "loginPaths", "/admin would reach \"docs\" without a login"},
		{"hosts and login paths past 5 values", "      loginPaths: [/admin]\n", "      loginPaths: [/admin]\n      hosts: [a.example.org, b.example.org, c.example.org, d.example.org]\n",
			"services[0].alb.loginPaths[0]", "loginPaths", "6 condition values"},
	})
}

// TestExistingVPCAsAWSShowsIt: IDs and endpoint names copied from the VPC
// console or the AWS CLI in another form than a Blueprint takes each get
// the one to write, as the only problem.
func TestExistingVPCAsAWSShowsIt(t *testing.T) {
	base := existingBase(t)
	for _, c := range []struct{ name, old, new, want string }{
		{"a VPC ID in capitals", "id: vpc-0a1b2c3d4e5f60718", "id: vpc-0A1B2C3D4E5F60718",
			`bp.yaml:12:9: network.existing.id: "vpc-0A1B2C3D4E5F60718" is not a VPC ID (write "vpc-0a1b2c3d4e5f60718": AWS writes IDs in lowercase)`},
		{"a subnet by its CIDR block", "privateSubnets: [subnet-0a1b2c3d4e5f60001,", "privateSubnets: [10.20.1.0/24,",
			`bp.yaml:14:22: network.existing.privateSubnets[0]: "10.20.1.0/24" is not a subnet ID (write the subnet's ID, subnet-..., which the VPC console lists beside its CIDR block: an existing VPC's subnets are named by ID (CIDR blocks are for network.vpc, a new VPC))`},
		{"a route table ID in capitals", "routeTables: [rtb-0a1b2c3d4e5f60001,", "routeTables: [RTB-0A1B2C3D4E5F60001,",
			`bp.yaml:16:19: network.existing.routeTables[0]: "RTB-0A1B2C3D4E5F60001" is not a route table ID (write "rtb-0a1b2c3d4e5f60001": AWS writes IDs in lowercase)`},
		{"an endpoint present by its whole service name", "presentEndpoints: [logs]", "presentEndpoints: [com.amazonaws.eu-west-1.logs]",
			`bp.yaml:18:24: network.existing.presentEndpoints[0]: "com.amazonaws.eu-west-1.logs" is the endpoint's whole service name (write logs: endpoints are named by their service, as the tasks' needs are)`},
		{"an extra endpoint by its whole service name", "  egress: endpoints\n", "  egress: endpoints\n  endpoints: [com.amazonaws.eu-west-1.sqs]\n",
			`bp.yaml:20:15: network.endpoints[0]: "com.amazonaws.eu-west-1.sqs" is the endpoint's whole service name (write sqs: the template writes the rest, com.amazonaws.REGION, for the stack's Region)`},
		{"a PrivateLink service for an extra endpoint", "  egress: endpoints\n", "  egress: endpoints\n  endpoints: [com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0]\n",
			`bp.yaml:20:15: network.endpoints[0]: "com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0" is not an AWS service's endpoint: network.endpoints takes AWS services by their part of the name (sqs, sts) (add an endpoint to an endpoint service of your own in overrides (AWS::EC2::VPCEndpoint))`},
	} {
		t.Run(c.name, func(t *testing.T) { checkOneProblem(t, base, c.old, c.new, c.want) })
	}
}

// checkOneProblem checks that base with old replaced by new, read as
// bp.yaml, has the one problem want.
func checkOneProblem(t *testing.T, base, old, new, want string) {
	t.Helper()
	src := strings.Replace(base, old, new, 1)
	if src == base {
		t.Fatalf("no %q in the base", old)
	}
	_, err := Read("bp.yaml", []byte(src))
	var problems Problems
	if !errors.As(err, &problems) || len(problems) != 1 || problems[0].String() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// TestEndpointService: an endpoint's whole service name gives its service
// part; other names are not whole names.
func TestEndpointService(t *testing.T) {
	for _, tt := range []struct {
		name, want string
		ok         bool
	}{
		{"com.amazonaws.eu-west-1.logs", "logs", true},
		{"com.amazonaws.us-gov-west-1.ecr.dkr", "ecr.dkr", true},
		{"com.amazonaws.eu-west-1.", "", false},
		{"com.amazonaws.vpce.eu-west-1.vpce-svc-0123", "", false},
		{"logs", "", false},
		{"ecr.api", "", false},
	} {
		if got, ok := endpointService(tt.name); got != tt.want || ok != tt.ok {
			t.Errorf("endpointService(%q) = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
