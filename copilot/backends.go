package copilot

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// Copilot's services call a Backend Service by name: Service Connect's
// (http://orders:8080) or service discovery's (orders.prod.shop.local). A
// Blueprint has neither. A Backend Service with http is behind the internal
// ALB of such services; one without http that another service calls goes
// behind an internal ALB of its own, since its callers reach it at every
// path, which a shared ALB's rules would have to split. The callers' values
// then name the ALB's address (http://${ingress.albs.orders.dnsName}),
// which the template fills in and opens the security groups for.

// backend is a Backend Service as its callers see it.
type backend struct {
	// http is whether its manifest writes http: it is behind the internal
	// ALB of the Backend Services with http; path is its http.path.
	http bool
	path string
	// callers are the services whose variables call it by name, in order;
	// port is whether it has one for a load balancer to send to.
	callers []string
	port    bool
	// health is the path its container's health check command asks
	// (curl -f http://localhost:8080/health gives /health); "" for none.
	health string
}

// findBackends reads the Backend Services among the manifests (by
// service name, in c.serviceNames order) and which of them the others'
// variables call, before any is converted: a caller may come before the
// service it calls.
func (c *conversion) findBackends(manifests []*yaml.Node) {
	c.backends = map[string]*backend{}
	for i, m := range manifests {
		if manifestType(m) != backendService {
			continue
		}
		b := &backend{health: commandPath(value(m, "image", "healthcheck", "command"))}
		if b.http = balanced(backendService, m); b.http {
			b.path, _ = scalar(value(m, "http", "path"))
		}
		_, b.port = integer(value(m, "image", "port"))
		c.backends[c.serviceNames[i]] = b
	}
	for i, m := range manifests {
		for _, v := range variableValues(m) {
			if other, _ := c.serviceNamed(v, c.serviceNames[i]); c.backends[other] != nil {
				b := c.backends[other]
				b.callers = addOnce(b.callers, c.serviceNames[i])
			}
		}
	}
}

// variableValues are the values of a manifest's variables: the service's,
// its sidecars' and each environment's.
func variableValues(m *yaml.Node) []string {
	sections := []*yaml.Node{value(m, "variables")}
	for _, k := range keys(value(m, "sidecars")) {
		sections = append(sections, value(m, "sidecars", k.Value, "variables"))
	}
	for _, k := range keys(value(m, "environments")) {
		sections = append(sections, value(m, "environments", k.Value, "variables"))
	}
	var values []string
	for _, vars := range sections {
		for _, k := range keys(vars) {
			if v, ok := scalar(value(vars, k.Value)); ok {
				values = append(values, v)
			}
		}
	}
	return values
}

// ownALB reports whether Backend Service name goes behind an internal ALB
// of its own: another service calls it, it has no http (which puts it
// behind the shared one) and it has a port.
func (c *conversion) ownALB(name string) bool {
	b := c.backends[name]
	return b != nil && len(b.callers) > 0 && !b.http && b.port
}

// backendALB is the id of the internal ALB in ingress.albs that Backend
// Service name is behind; "" when it is behind none.
func (c *conversion) backendALB(name string) string {
	switch b := c.backends[name]; {
	case b == nil:
		return ""
	case b.http:
		return internalALB
	case c.ownALB(name):
		return ownALBID(name)
	}
	return ""
}

// ownALBID is the id of a Backend Service's own internal ALB: its name,
// unless that is the shared one's.
func ownALBID(name string) string {
	if name == internalALB {
		return name + "-backend"
	}
	return name
}

// serviceAddress matches a Backend Service's name where a value calls it:
// Service Connect's (http://orders:8080, http://orders/x) or service
// discovery's (orders.prod.shop.local:8080), with the scheme and port;
// group 1 is the name.
var serviceAddress = lazyre.New(`(?:[a-z]+://)?([a-z][a-z0-9-]*)(?:\.[A-Za-z0-9${}_-]+)*?(?:\.local)?(?::[0-9]+)?(?:/|$)`)

// addressed rewrites value, which calls a service by the host name Copilot
// gave it (its name, or its Service Connect alias), to call it through its
// ALB (id): http://${ingress.albs.ID.dnsName}, and the path after. ok is
// false when the value does not start with the name (a name inside a
// longer text is left to the reader).
func addressed(value, name, id string) (string, bool) {
	m := serviceAddress.Regexp().FindStringSubmatchIndex(value)
	if m == nil || m[0] != 0 || value[m[2]:m[3]] != name {
		return "", false
	}
	rest := value[m[1]:]
	if strings.HasSuffix(value[:m[1]], "/") {
		rest = "/" + rest
	}
	return "http://" + blueprint.ALBAddress(id) + rest, true
}

// localURL matches a health check command's request to the container
// itself (curl -f http://localhost:8080/health); group 1 is the path.
var localURL = lazyre.New(`https?://(?:localhost|127\.0\.0\.1)(?::[0-9]+)?(/[^\s'"|;&]*)?`)

// commandPath is the path a health check command asks of the container
// itself; "" when it asks none.
func commandPath(command *yaml.Node) string {
	words := stringsOf(command)
	m := localURL.FindStringSubmatch(strings.Join(words, " "))
	if m == nil {
		return ""
	}
	if m[1] == "" {
		return "/"
	}
	return m[1]
}
