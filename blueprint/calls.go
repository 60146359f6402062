package blueprint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// A service calls another through the other's internal load balancer. Its
// environment names the load balancer's address as a stack value
// (ORDERS_URL: http://${ingress.albs.backend.dnsName}), which the template
// writes as that load balancer's DNS name (Fn::Sub's ${BackendAlb.DNSName}),
// and gen opens the way: the caller's tasks may reach the load balancer on
// its listener ports, and the load balancer admits them. AWS Copilot's
// Backend Services were called by name through Service Connect; this is
// their Blueprint's way.

// Call is a load balancer whose address a value names.
type Call struct {
	// Name is the stack value as written, without ${ }:
	// ingress.albs.backend.dnsName.
	Name string
	// Path is the load balancer's section: ingress.alb, ingress.albs[0],
	// ingress.nlb; Title names it in descriptions.
	Path, Title string
	// ID is the load balancer's logical ID (BackendAlb, Nlb), and
	// SecurityGroupID its security group's.
	ID, SecurityGroupID string
	// Ports are the listener ports a caller reaches it on: an ALB's HTTP
	// port, the NLB's listener of each service behind it.
	Ports []int
	// ALB is the ALB called; nil for the NLB.
	ALB *LoadBalancer
	// refused says what keeps a task from calling it by its DNS name ("" when
	// nothing does), why that stops it, and the fix.
	refused, why, fix string
}

// addressSuffix ends a stack value that names a load balancer's address.
const addressSuffix = ".dnsName"

// AddressOf returns the load balancer whose address the stack value name
// (without ${ }) is: ingress.alb.dnsName, ingress.albs.ID.dnsName or
// ingress.nlb.dnsName; false when it names none of the Blueprint's.
func (b *Blueprint) AddressOf(name string) (Call, bool) {
	section, ok := strings.CutSuffix(name, addressSuffix)
	switch {
	case !ok:
		return Call{}, false
	case section == "ingress.nlb":
		if b.Ingress.NLB == nil {
			return Call{}, false
		}
		return b.nlbCall(name), true
	case section == "ingress.alb":
		if b.Ingress.ALB == nil {
			return Call{}, false
		}
		return albCall(name, b.defaultALB()), true
	}
	id, ok := strings.CutPrefix(section, "ingress.albs.")
	for i := range b.Ingress.ALBs {
		if ok && b.Ingress.ALBs[i].ID == id {
			return albCall(name, b.namedALB(i)), true
		}
	}
	return Call{}, false
}

// albCall is the Call of an ALB. Only an internal one without a
// certificate is called by its DNS name: an internet-facing one is reached
// from the tasks through the NAT gateway and back in from the internet, and
// with a certificate port 80 redirects to HTTPS, whose certificate cannot
// cover the load balancer's own DNS name.
func albCall(name string, lb LoadBalancer) Call {
	// Port 80 is the serving port of the only ALB a task may call, one
	// without a certificate ([ALB.ServingPort]).
	c := Call{Name: name, Path: lb.Path, Title: lb.Title(), ID: lb.LogicalID(""), SecurityGroupID: lb.SecurityGroupID(), Ports: []int{HTTPPort}, ALB: &lb}
	switch lb.Scheme {
	case SchemeInternetFacing, "": // "": not yet defaulted
		c.refused = lb.Path + " is internet-facing"
		c.why = "a task calling it by its DNS name goes out through the NAT gateway and comes back in from the internet"
		c.fix = "give " + lb.Path + " scheme: internal if only the application's services call it; else put the service it calls behind an internal ALB, an entry of ingress.albs with scheme: internal, and name that one's address"
	case SchemeInternal:
		if lb.Certificate != nil {
			c.refused = lb.Path + " has a certificate"
			c.why = "its port 80 redirects to HTTPS, and no certificate covers the load balancer's own DNS name"
			c.fix = "call it by a host name of its certificate, written out as https://HOST, or leave the internal ALB without a certificate"
		}
	} // another word is its scheme's own problem
	return c
}

// nlbCall is the Call of the NLB: its listener of each service behind it.
// With TLS listeners it is called by its hostname, which its certificate
// covers, not by its DNS name.
func (b *Blueprint) nlbCall(name string) Call {
	c := Call{Name: name, Path: "ingress.nlb", Title: "the Network Load Balancer", ID: NLBID, SecurityGroupID: NLBSecurityGroupID}
	for i := range b.Services {
		if s := &b.Services[i]; s.NLB != nil && s.NLB.Port != 0 && !slices.Contains(c.Ports, s.NLB.Port) {
			c.Ports = append(c.Ports, s.NLB.Port)
		}
	}
	slices.Sort(c.Ports)
	if b.Ingress.NLB.Protocol == ProtocolTLS {
		c.refused = "ingress.nlb's listeners are TLS"
		c.why = "its certificate does not cover the load balancer's own DNS name"
		c.fix = "call it by ingress.nlb.hostname, written as it is"
	}
	return c
}

// Addresses are the stack values that name the Blueprint's load balancers'
// addresses, in [Blueprint.ApplicationLoadBalancers] order and the NLB last.
func (b *Blueprint) Addresses() []string {
	var names []string
	for _, lb := range b.ApplicationLoadBalancers() {
		names = append(names, albAddress(lb))
	}
	if b.Ingress.NLB != nil {
		names = append(names, nlbAddress)
	}
	return names
}

// nlbAddress is the stack value of the NLB's address.
const nlbAddress = "ingress.nlb" + addressSuffix

// albAddress is the stack value of an ALB's address.
func albAddress(lb LoadBalancer) string {
	if lb.Path == "ingress.alb" {
		return "ingress.alb" + addressSuffix
	}
	return albsAddress(lb.ID)
}

// albsAddress is the stack value of the address of the entry id of
// ingress.albs.
func albsAddress(id string) string { return "ingress.albs." + id + addressSuffix }

// ALBAddress is how a value names the address of the entry id of
// ingress.albs: ${ingress.albs.ID.dnsName}.
func ALBAddress(id string) string { return "${" + albsAddress(id) + "}" }

// serviceAddress is how a caller names the address of service s: its
// load balancer's stack value, the port to write after it (the NLB's
// listener of s; "" for an ALB), and that load balancer's section; ok is
// false when s has no load balancer.
func (b *Blueprint) serviceAddress(s *Service) (name, port, section string, ok bool) {
	if lb, ok := b.ALBOf(s); ok {
		return albAddress(lb), "", lb.Path, true
	}
	if s.NLB == nil || b.Ingress.NLB == nil {
		return "", "", "", false
	}
	if s.NLB.Port != 0 {
		port = strconv.Itoa(s.NLB.Port)
	}
	return nlbAddress, port, "ingress.nlb", true
}

// writeAddress is the fix that names the address name (ingress.alb.dnsName),
// with a port after it when port is not "": write it, or, when that load
// balancer cannot be called by its DNS name, why not and what to do instead.
func (b *Blueprint) writeAddress(name, port string) string {
	written := "${" + name + "}"
	if port != "" {
		written += ":" + port
	}
	if call, _ := b.AddressOf(name); call.refused != "" {
		return "it is written " + written + ", but " + call.refused + " (" + call.why + "): " + call.fix
	}
	return "write " + written
}

// meantAsAddress reports whether a stack value has the shape of a load
// balancer's address (ingress.SECTION.dnsName), whether or not it names one.
func meantAsAddress(name string) bool {
	return strings.HasPrefix(name, "ingress.") && strings.HasSuffix(name, addressSuffix)
}

// Calls are the load balancers whose addresses the environment of a
// service's containers names, each once, by logical ID.
func (b *Blueprint) Calls(s *Service) []Call {
	var calls []Call
	for _, name := range valuesOf(s) {
		call, ok := b.AddressOf(name)
		if ok && !slices.ContainsFunc(calls, func(other Call) bool { return other.ID == call.ID }) {
			calls = append(calls, call)
		}
	}
	slices.SortFunc(calls, func(x, y Call) int { return strings.Compare(x.ID, y.ID) })
	return calls
}

// SubTemplate is the Fn::Sub template of a value of service s that may
// name stack values: a load balancer's address
// (${ingress.albs.backend.dnsName}) becomes its DNS name attribute
// (${BackendAlb.DNSName}), the service's queue (${queue.url}) or
// another's (${services.worker.queue.url}) its URL (${WorkerQueue}), a topic (${topics.orders.arn}) its ARN
// (${OrdersTopic}); the rest stays. s is nil for a value outside a
// service (a parameter's).
func (b *Blueprint) SubTemplate(value string, s *Service) string {
	return subVariable.ReplaceAllStringFunc(value, func(v string) string {
		name := v[2 : len(v)-1]
		if call, ok := b.AddressOf(name); ok {
			return "${" + call.ID + ".DNSName}"
		}
		if owner, _, _ := b.queueNamed(name, s); owner != nil {
			return "${" + owner.QueueID() + "}"
		}
		if t, _ := b.topicNamed(name); t != nil {
			return "${" + t.TopicID() + "}"
		}
		if x := b.bucketNamed(name); x != nil {
			return x.SubName()
		}
		if t := b.tableNamed(name); t != nil {
			return t.SubName()
		}
		return v
	})
}

// callIDs checks that the rules of the services' calls get distinct logical
// IDs: service and load balancer names run together (service a calling
// ingress.albs b-alb, service a-calls-b calling ingress.alb) could give two
// the same.
func (v *validator) callIDs() {
	seen := map[string]string{}
	for i := range v.b.Services {
		s := &v.b.Services[i]
		for _, c := range v.b.Calls(s) {
			for _, port := range c.Ports {
				id := s.CallIngressID(c, port)
				if other, dup := seen[id]; dup {
					v.add(indexPath("services", i)+".name", "rename the service or the load balancer", "service %q calling %s gives the template name %s, as %s calling another does", s.Name, c.Path, id, other)
				}
				seen[id] = fmt.Sprintf("service %q", s.Name)
			}
		}
	}
}
