package blueprint

import (
	"slices"
	"strconv"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// StackValues are the pseudo parameters a container environment value or a
// String parameter value may name as ${...}: the template writes such a
// value through Fn::Sub, so ${AWS::Region} arrives as the stack's region.
var StackValues = []string{"AWS::Region", "AWS::StackName", "AWS::AccountId", "AWS::URLSuffix", "AWS::Partition"}

// subVariable matches ${...} in a value; ${!...} is Fn::Sub's literal.
var subVariable = lazyre.New(`\$\{([^}]*)\}`)

// Substitutes reports whether a value written where stack values are
// allowed renders through Fn::Sub: it has a ${...}, a stack value or a
// literal ${!...}.
func Substitutes(value string) bool { return strings.Contains(value, "${") }

// stackValues checks a value where ${...} names a stack value: anything else
// would be read by Fn::Sub as a reference to a resource or parameter. s is
// the service whose container's environment holds the value, nil elsewhere:
// only a container's environment names a queue or a topic.
func (v *validator) stackValues(path, value string, s *Service) {
	if !Substitutes(value) {
		return
	}
	if strings.Count(value, "${") != len(subVariable.FindAllString(value, -1)) {
		v.add(path, "close it with }, or write ${! for the literal text ${", "%q has a ${ without its closing }", value)
		return
	}
	for _, m := range subVariable.FindAllStringSubmatch(value, -1) {
		name := m[1]
		if strings.HasPrefix(name, "!") || slices.Contains(StackValues, name) {
			continue
		}
		if v.messagingValue(path, name, s) || v.storeValue(path, name, s) {
			continue
		}
		if s != nil && secretVariable.MatchString(value) {
			// A container's environment value naming a secret
			// (${secrets.api-key}): the container's checks say where
			// secrets go.
			continue
		}
		if call, ok := v.b.AddressOf(name); ok {
			if call.refused != "" {
				v.add(path, call.fix, "${%s}: %s: %s", name, call.refused, call.why)
			} else {
				v.addressPorts(path, value, call)
			}
			continue
		}
		if fix := v.addressFix(name); fix != "" {
			v.add(path, fix, "${%s} names no load balancer of the Blueprint", name)
			continue
		}
		if strings.HasPrefix(name, "COPILOT_") {
			// Left by a manifest gen from-copilot converted: the literal
			// text would deploy, and the application get it as it is.
			fix := "write the value it stood for: a Blueprint sets no Copilot variable"
			if name == "COPILOT_SERVICE_DISCOVERY_ENDPOINT" {
				fix += "; a service that others call is behind an internal ALB, whose address they name as " + ALBAddress("ID")
			}
			v.add(path, fix, "${%s} is AWS Copilot's variable, which nothing fills in", name)
			continue
		}
		v.add(path, "write ${!"+name+"} for the literal text ${"+name+"}, or name one of ${"+strings.Join(StackValues, "}, ${")+"}",
			"${%s} is not a stack value: the value is written through Fn::Sub, which would read it as a reference", name)
	}
}

// addressPorts checks the ports written after a load balancer's address
// (${ingress.nlb.dnsName}:8081): the call goes to that port, and the
// load balancer listens, and its group admits the caller, on its listener
// ports alone; another port would time out.
func (v *validator) addressPorts(path, value string, call Call) {
	// A listener port that is itself wrong, or was refused when read, is
	// its own problem.
	if slices.ContainsFunc(call.Ports, func(p int) bool { return p < 1 || p > maxPort }) {
		return
	}
	for i := range v.b.Services {
		if call.ALB == nil && v.b.Services[i].NLB != nil && v.refused(indexPath("services", i)+".nlb", "port") {
			return
		}
	}
	for _, m := range addressPort.FindAllStringSubmatch(value, -1) {
		port, err := strconv.Atoi(m[2])
		if m[1] != call.Name || err != nil || len(call.Ports) == 0 || slices.Contains(call.Ports, port) {
			continue
		}
		fix := "write the port of the service called: " + orList(intStrings(call.Ports))
		if call.ALB != nil {
			fix = "leave the port out, or write :" + strconv.Itoa(call.Ports[0]) + "; the ALB forwards to the service's port"
		}
		v.add(path, fix, "${%s}:%d: %s listens on port %s, and the call would time out", m[1], port, call.Title, orList(intStrings(call.Ports)))
	}
}

// addressPort matches an address followed by a port: group 1 is the
// stack value, group 2 the port.
var addressPort = lazyre.New(`\$\{([^}]*)\}:([0-9]+)`)

// addressesOutside refuses a load balancer's address (${ingress.albs.ID.dnsName})
// in a container's command, entry point or health check: ECS passes those
// as they are, and only environment values are written through Fn::Sub,
// so the container would get the text, and a shell would fail on it.
func (v *validator) addressesOutside(path string, args []string) {
	for i, arg := range args {
		for _, m := range subVariable.FindAllStringSubmatch(arg, -1) {
			if _, ok := v.b.AddressOf(m[1]); !ok && !meantAsAddress(m[1]) {
				continue
			}
			v.add(indexPath(path, i), "name it in the container's environment, ADDRESS: "+m[0]+", and read $ADDRESS here through a shell: [sh, -c, ...] or CMD-SHELL",
				"%s is filled in only in environment values: ECS passes a command as it is, and the container would get the text %s", m[0], m[0])
		}
	}
}

// addressFix is the fix for a stack value that was meant as a load
// balancer's address and names none: a section of ingress without one, the
// address in other letter cases or with another last word
// (${ingress.alb.dnsname}, ${ingress.alb.url}), the load balancer's logical
// ID or output (${BackendAlb.DNSName}, ${BackendAlbDnsName}), which a
// Blueprint names by its section, or a service's name
// (${services.orders.url}), which is called through its load balancer; ""
// for another name.
func (v *validator) addressFix(name string) string {
	addresses := v.b.Addresses()
	for _, address := range addresses {
		call, _ := v.b.AddressOf(address)
		section := strings.TrimSuffix(address, addressSuffix)
		if strings.EqualFold(name, address) || hasFoldPrefix(name, section+".") || slices.ContainsFunc([]string{".DNSName", "DnsName", ".DnsName"}, func(suffix string) bool { return name == call.ID+suffix }) {
			return v.b.writeAddress(address, "")
		}
	}
	if fix := v.serviceAddressFix(name); fix != "" {
		return fix
	}
	if !meantAsAddress(name) {
		return ""
	}
	if len(addresses) == 0 {
		return "the Blueprint has no load balancer: a service that others call goes behind an internal ALB (an entry of ingress.albs with scheme: internal)"
	}
	return "name one of ${" + strings.Join(addresses, "}, ${") + "}"
}

// serviceAddressFix is the fix for a stack value that names a service
// where its load balancer belongs (${services.orders.url},
// ${orders.address}, ${ingress.albs.orders.dnsName}): a service is called
// through its load balancer, by that one's address; "" when name names no
// service.
func (v *validator) serviceAddressFix(name string) string {
	words := strings.Split(name, ".")
	switch {
	case len(words) > 2 && (words[0] == "services" || words[0] == "service"):
		words = words[1:]
	case len(words) > 3 && words[0] == "ingress":
		words = words[2:]
	}
	if len(words) < 2 {
		return ""
	}
	for i := range v.b.Services {
		s := &v.b.Services[i]
		if !strings.EqualFold(s.Name, words[0]) {
			continue
		}
		address, port, section, ok := v.b.serviceAddress(s)
		if !ok {
			return "a service is called through its load balancer, and " + s.Name + " has none: put it behind an internal ALB (an entry of ingress.albs with scheme: internal, and alb: {loadBalancer: ID} in the service) and name that one's address, " + ALBAddress("ID")
		}
		return "a service is called through its load balancer, and " + s.Name + " is behind " + section + ": " + v.b.writeAddress(address, port)
	}
	return ""
}

// hasFoldPrefix reports whether s starts with prefix, in any letter case.
func hasFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// noSubstitution refuses ${ in a value that reaches a place where Fn::Sub
// reads it (the REST API's document), with the reason.
func (v *validator) noSubstitution(path, value, where string) {
	if strings.Contains(value, "${") {
		v.add(path, "remove the ${", "%q has a ${, which %s would read as a reference to a stack value", value, where)
	}
}
