package blueprint

import (
	"slices"
	"strings"
	"testing"
)

// callers is a Blueprint whose services call each other through their
// load balancers: a public ALB, an internal one, an internal one with a
// certificate, and an NLB on plain TCP with two listeners.
const callers = `name: shop
dns: {zone: shop.dev, zoneId: Z0ABCDEF1234567890XY}
ingress:
  alb: {}
  albs:
    - {id: backend, scheme: internal}
    - {id: secure, scheme: internal, certificate: {domain: secure.shop.dev}, hostnames: [secure.shop.dev]}
  nlb: {}
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        port: 80
        environment:
          ORDERS: http://${ingress.albs.backend.dnsName}/orders
          AGAIN: ${ingress.albs.backend.dnsName}
          STOCK: ${ingress.nlb.dnsName}:8081
    alb: {paths: ["/*"]}
  - name: orders
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    alb: {loadBalancer: backend, paths: ["/*"]}
  - name: stock
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {port: 8081}
  - name: audit
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {port: 8080}
  - name: admin
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    alb: {loadBalancer: secure, paths: ["/*"]}
`

// worker is a service of callers' without a load balancer.
const worker = `  - name: worker
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}}]
`

// TestAddressOf: each load balancer's address names it, with its logical
// IDs and the ports a caller reaches it on; what cannot be called by its
// DNS name says why; other names name none.
func TestAddressOf(t *testing.T) {
	b, err := Read("bp.yaml", []byte(callers))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, id, group string
		ports           []int
		refused         string
	}{
		{"ingress.albs.backend.dnsName", "BackendAlb", "BackendAlbSecurityGroup", []int{80}, ""},
		{"ingress.nlb.dnsName", "Nlb", "NlbSecurityGroup", []int{8080, 8081}, ""},
		{"ingress.alb.dnsName", "Alb", "AlbSecurityGroup", []int{80}, "ingress.alb is internet-facing"},
		{"ingress.albs.secure.dnsName", "SecureAlb", "SecureAlbSecurityGroup", []int{80}, "ingress.albs[1] has a certificate"},
	} {
		call, ok := b.AddressOf(c.name)
		if !ok || call.ID != c.id || call.SecurityGroupID != c.group || !slices.Equal(call.Ports, c.ports) || !strings.HasPrefix(call.refused, c.refused) || (c.refused == "") != (call.refused == "") {
			t.Errorf("%s: %+v, %v", c.name, call, ok)
		}
	}
	for _, name := range []string{"ingress.albs.front.dnsName", "ingress.albs.backend", "BackendAlb.DNSName", "ingress.cdn.dnsName", "AWS::Region"} {
		if call, ok := b.AddressOf(name); ok {
			t.Errorf("%s names %+v", name, call)
		}
	}
	if got := b.Addresses(); !slices.Equal(got, []string{"ingress.alb.dnsName", "ingress.albs.backend.dnsName", "ingress.albs.secure.dnsName", "ingress.nlb.dnsName"}) {
		t.Errorf("Addresses: %v", got)
	}
}

// TestCalls: a service's calls are the load balancers its environment
// names, each once, by logical ID; the Fn::Sub template names their DNS
// names and leaves the rest.
func TestCalls(t *testing.T) {
	b, err := Read("bp.yaml", []byte(callers))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range b.Calls(&b.Services[0]) {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, []string{"BackendAlb", "Nlb"}) {
		t.Errorf("calls of web: %v", ids)
	}
	if calls := b.Calls(&b.Services[1]); len(calls) != 0 {
		t.Errorf("calls of orders: %v", calls)
	}
	for value, want := range map[string]string{
		"http://${ingress.albs.backend.dnsName}/orders": "http://${BackendAlb.DNSName}/orders",
		"${ingress.nlb.dnsName}:8081 in ${AWS::Region}": "${Nlb.DNSName}:8081 in ${AWS::Region}",
		"${!ingress.nlb.dnsName}":                       "${!ingress.nlb.dnsName}",
		"plain":                                         "plain",
	} {
		if got := b.SubTemplate(value, nil); got != want {
			t.Errorf("SubTemplate(%q) = %q, want %q", value, got, want)
		}
	}
}

// TestAddressProblems: an address that cannot be called by its DNS name,
// one of a load balancer the Blueprint lacks, one written as the template
// names it, and a Copilot variable each get the problem and the fix.
func TestAddressProblems(t *testing.T) {
	at := "bp.yaml:18:19: services[0].containers[0].environment.ORDERS: "
	for _, c := range []struct{ value, want string }{
		{"http://${ingress.alb.dnsName}", "${ingress.alb.dnsName}: ingress.alb is internet-facing: a task calling it by its DNS name goes out through the NAT gateway and comes back in from the internet (give ingress.alb scheme: internal if only the application's services call it; else put the service it calls behind an internal ALB, an entry of ingress.albs with scheme: internal, and name that one's address)"},
		{"http://${ingress.albs.secure.dnsName}", "${ingress.albs.secure.dnsName}: ingress.albs[1] has a certificate: its port 80 redirects to HTTPS, and no certificate covers the load balancer's own DNS name (call it by a host name of its certificate, written out as https://HOST, or leave the internal ALB without a certificate)"},
		{"http://${ingress.albs.front.dnsName}", "${ingress.albs.front.dnsName} names no load balancer of the Blueprint (name one of ${ingress.alb.dnsName}, ${ingress.albs.backend.dnsName}, ${ingress.albs.secure.dnsName}, ${ingress.nlb.dnsName})"},
		{"http://${BackendAlb.DNSName}", "${BackendAlb.DNSName} names no load balancer of the Blueprint (write ${ingress.albs.backend.dnsName})"},
		{"http://${BackendAlbDnsName}", "${BackendAlbDnsName} names no load balancer of the Blueprint (write ${ingress.albs.backend.dnsName})"},
		{"http://orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:8080", "${COPILOT_SERVICE_DISCOVERY_ENDPOINT} is AWS Copilot's variable, which nothing fills in (write the value it stood for: a Blueprint sets no Copilot variable; a service that others call is behind an internal ALB, whose address they name as ${ingress.albs.ID.dnsName})"},
		// A port the load balancer does not listen on.
		{"${ingress.nlb.dnsName}:9999", "${ingress.nlb.dnsName}:9999: the Network Load Balancer listens on port 8080 or 8081, and the call would time out (write the port of the service called: 8080 or 8081)"},
		{"http://${ingress.albs.backend.dnsName}:8080/orders", "${ingress.albs.backend.dnsName}:8080: the Application Load Balancer backend listens on port 80, and the call would time out (leave the port out, or write :80; the ALB forwards to the service's port)"},
		// Other letter cases, other last words, a service's name.
		{"http://${ingress.albs.backend.DNSName}", "${ingress.albs.backend.DNSName} names no load balancer of the Blueprint (write ${ingress.albs.backend.dnsName})"},
		{"http://${ingress.albs.backend.url}", "${ingress.albs.backend.url} names no load balancer of the Blueprint (write ${ingress.albs.backend.dnsName})"},
		{"${services.orders.url}/orders", "${services.orders.url} names no load balancer of the Blueprint (a service is called through its load balancer, and orders is behind ingress.albs[0]: write ${ingress.albs.backend.dnsName})"},
		{"${ingress.albs.stock.dnsName}", "${ingress.albs.stock.dnsName} names no load balancer of the Blueprint (a service is called through its load balancer, and stock is behind ingress.nlb: write ${ingress.nlb.dnsName}:8081)"},
		{"http://${web.address}", "${web.address} names no load balancer of the Blueprint (a service is called through its load balancer, and web is behind ingress.alb: it is written ${ingress.alb.dnsName}, but ingress.alb is internet-facing (a task calling it by its DNS name goes out through the NAT gateway and comes back in from the internet): give ingress.alb scheme: internal if only the application's services call it; else put the service it calls behind an internal ALB, an entry of ingress.albs with scheme: internal, and name that one's address)"},
		{"http://${services.worker.url}", "${services.worker.url} names no load balancer of the Blueprint (a service is called through its load balancer, and worker has none: put it behind an internal ALB (an entry of ingress.albs with scheme: internal, and alb: {loadBalancer: ID} in the service) and name that one's address, ${ingress.albs.ID.dnsName})"},
		{"${nobody.url}", "${nobody.url} is not a stack value: the value is written through Fn::Sub, which would read it as a reference (write ${!nobody.url} for the literal text ${nobody.url}, or name one of ${AWS::Region}, ${AWS::StackName}, ${AWS::AccountId}, ${AWS::URLSuffix}, ${AWS::Partition})"},
		{"${COPILOT_ENVIRONMENT_NAME}", "${COPILOT_ENVIRONMENT_NAME} is AWS Copilot's variable, which nothing fills in (write the value it stood for: a Blueprint sets no Copilot variable)"},
	} {
		src := strings.Replace(callers, "http://${ingress.albs.backend.dnsName}/orders", c.value, 1)
		src += worker
		_, err := Read("bp.yaml", []byte(src))
		if err == nil || err.Error() != at+c.want {
			t.Errorf("%s:\n got %v\nwant %s%s", c.value, err, at, c.want)
		}
	}
	nlbTLS := strings.Replace(callers, "  nlb: {}\n", "  nlb: {protocol: TLS, certificate: {domain: nlb.shop.dev}, hostname: nlb.shop.dev}\n", 1)
	_, err := Read("bp.yaml", []byte(nlbTLS))
	want := "bp.yaml:20:18: services[0].containers[0].environment.STOCK: ${ingress.nlb.dnsName}: ingress.nlb's listeners are TLS: its certificate does not cover the load balancer's own DNS name (call it by ingress.nlb.hostname, written as it is)"
	if err == nil || err.Error() != want {
		t.Errorf("an NLB with TLS:\n got %v\nwant %s", err, want)
	}
}

// TestCallIDs: two services whose calls would give one template name are
// a problem at the later service's name.
func TestCallIDs(t *testing.T) {
	src := `name: shop
ingress:
  albs:
    - {id: x, scheme: internal}
    - {id: b-calls-x, scheme: internal}
services:
  - name: a
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 80, environment: {U: "${ingress.albs.b-calls-x.dnsName}"}}]
    alb: {loadBalancer: x, paths: ["/*"]}
  - name: a-calls-b
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 80, environment: {U: "${ingress.albs.x.dnsName}"}}]
    alb: {loadBalancer: b-calls-x, paths: ["/*"]}
`
	_, err := Read("bp.yaml", []byte(src))
	want := `bp.yaml:12:11: services[1].name: service "a-calls-b" calling ingress.albs[0] gives the template name ACallsBCallsXAlb80, as service "a" calling another does (rename the service or the load balancer)`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestAddressOutsideEnvironment: an address in a command, an entry point
// or a health check is refused where it is written, with the way to pass
// it; other ${...} there (a shell's own variables) are the container's.
func TestAddressOutsideEnvironment(t *testing.T) {
	problem := func(at, address string) string {
		return at + address + " is filled in only in environment values: ECS passes a command as it is, and the container would get the text " + address +
			" (name it in the container's environment, ADDRESS: " + address + ", and read $ADDRESS here through a shell: [sh, -c, ...] or CMD-SHELL)"
	}
	for _, c := range []struct{ field, want string }{
		{`command: ["--orders", "http://${ingress.albs.backend.dnsName}"]`, problem("bp.yaml:17:31: services[0].containers[0].command[1]: ", "${ingress.albs.backend.dnsName}")},
		{`entryPoint: [sh, -c, "exec app --orders=${ingress.albs.backend.dnsName}"]`, problem("bp.yaml:17:30: services[0].containers[0].entryPoint[2]: ", "${ingress.albs.backend.dnsName}")},
		{`healthCheck: {command: [CMD-SHELL, "curl -f http://${ingress.alb.dnsName}/ || exit 1"]}`, problem("bp.yaml:17:44: services[0].containers[0].healthCheck.command[1]: ", "${ingress.alb.dnsName}")},
		{`command: [sh, -c, "exec app --port=${PORT}"]`, ""},
	} {
		src := strings.Replace(callers, "        port: 80\n", "        port: 80\n        "+c.field+"\n", 1)
		_, err := Read("bp.yaml", []byte(src))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.field, err)
		case c.want != "" && (err == nil || err.Error() != c.want):
			t.Errorf("%s:\n got %v\nwant %s", c.field, err, c.want)
		}
	}
}
