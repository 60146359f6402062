// Package scale writes Blueprints of many services, the shape real teams
// grow into: one container per service, every service behind an internal ALB
// by path (a new ALB every 100 services, AWS's limit of target groups per
// ALB), and an API with routes over all of them through a VPC link V2. The benchmarks, the
// scale-nested golden and CI's checks of large applications use it.
package scale

import (
	"fmt"
	"strings"

	"github.com/ecsgate/ecsgate/blueprint"
)

// routeShapes are the routes a service gets, in order: a service with n
// routes takes the first n (at most len(routeShapes)).
var routeShapes = []struct{ method, path string }{
	{"GET", "/items"},
	{"GET", "/items/{id}"},
	{"ANY", "/{proxy+}"},
	{"POST", "/items"},
	{"PUT", "/items/{id}"},
	{"DELETE", "/items/{id}"},
	{"GET", "/orders"},
	{"POST", "/orders"},
	{"GET", "/orders/{id}"},
	{"GET", "/health"},
}

// MaxRoutes is the most routes per service Blueprint writes.
var MaxRoutes = len(routeShapes)

// ServiceName is the name of the i-th service (from 0).
func ServiceName(i int) string { return fmt.Sprintf("svc-%03d", i+1) }

// Blueprint returns a valid Blueprint named name with the given number of
// services and routes per service (none: no API), with stacks: nested and
// the quotas such an application needs raised. header is written first, as
// comments.
func Blueprint(name string, services, routes int, header string) []byte {
	return generate(name, services, routes, header, false)
}

// PublicBlueprint is [Blueprint] with public ALBs that the API calls over
// the internet (backend alb-public). Its documents of many routes are read
// from a file, which a VPC link V2 cannot be (its integrations name the load
// balancers by ARN).
func PublicBlueprint(name string, services, routes int, header string) []byte {
	return generate(name, services, routes, header, true)
}

func generate(name string, services, routes int, header string, public bool) []byte {
	routes = min(routes, MaxRoutes)
	var b strings.Builder
	b.WriteString(blueprint.SchemaComment + "\n")
	for _, line := range strings.Split(strings.TrimSpace(header), "\n") {
		if line != "" {
			fmt.Fprintf(&b, "# %s\n", line)
		}
	}
	fmt.Fprintf(&b, "name: %s\ndescription: %s\nstacks: nested\n", name, description(services, routes, public))
	if q := quotas(services, routes); q != "" {
		fmt.Fprintf(&b, "quotas: {%s}\n", q)
	}
	scheme, backend := "internal", "alb"
	if public {
		scheme, backend = "internet-facing", "alb-public"
	}
	fmt.Fprintf(&b, `network:
  vpc:
    cidr: 10.0.0.0/16
dns:
  zone: example.com
  zoneId: Z0123456789EXAMPLE
ingress:
  alb:
    scheme: %s
    certificate:
      domain: origin.example.com
    hostnames: [origin.example.com]
`, scheme)
	if services > PerALB {
		b.WriteString("  albs:\n")
		for k := 1; k*PerALB < services; k++ {
			fmt.Fprintf(&b, "    - id: %s\n      scheme: %s\n      certificate:\n        domain: %s\n      hostnames: [%s]\n", albID(k), scheme, albHost(k), albHost(k))
		}
	}
	b.WriteString("services:\n")
	for i := range services {
		s := ServiceName(i)
		lb := ""
		if k := i / PerALB; k > 0 {
			lb = "loadBalancer: " + albID(k) + ", "
		}
		fmt.Fprintf(&b, `  - name: %s
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {repository: %s/%s, tag: "1.0.0"}
        port: 8080
    alb: {%spaths: ["/%s/*"], healthCheck: {path: /%s/health}}
`, s, name, s, lb, s, s)
	}
	if routes == 0 {
		return []byte(b.String()) // no API
	}
	fmt.Fprintf(&b, "api:\n  backend: %s\n  routes:\n", backend)
	for i := range services {
		s := ServiceName(i)
		for _, r := range routeShapes[:routes] {
			fmt.Fprintf(&b, "    - {path: \"/%s%s\", method: %s, service: %s}\n", s, r.path, r.method, s)
		}
	}
	return []byte(b.String())
}

// PerALB is how many services share one ALB: AWS allows 100 target groups
// per ALB and does not raise the limit.
const PerALB = 100

// albID names the k-th ALB (from 0; 0 is ingress.alb and has none).
func albID(k int) string { return fmt.Sprintf("alb%d", k+1) }

// albHost is the host name of the k-th ALB.
func albHost(k int) string {
	if k == 0 {
		return "origin.example.com"
	}
	return fmt.Sprintf("origin%d.example.com", k+1)
}

// quotas lists the raised quotas the application needs: API resources (the
// root, one per service and one per distinct path part below it). The ALBs'
// outbound rules do not grow with the services (one per traffic port, to the
// group every task joins).
func quotas(services, routes int) string {
	var raised []string
	parts := map[string]bool{}
	for _, r := range routeShapes[:routes] {
		prefix := ""
		for _, p := range strings.Split(strings.Trim(r.path, "/"), "/") {
			prefix += "/" + p
			parts[prefix] = true
		}
	}
	if n := 1 + services*(1+len(parts)); n > 300 {
		raised = append(raised, fmt.Sprintf("apiResources: %d", n))
	}
	return strings.Join(raised, ", ")
}

// description says in one line what the application is.
func description(services, routes int, public bool) string {
	lb := "an internal ALB"
	if public {
		lb = "a public ALB"
	}
	d := fmt.Sprintf("%d services in nested stacks, each behind %s by path", services, lb)
	if routes > 0 {
		d += fmt.Sprintf(", with %d API routes each", routes)
	}
	return d
}
