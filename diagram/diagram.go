// Package diagram draws a Blueprint's request path as a Mermaid flowchart:
// clients, CloudFront and its domains, the REST API with its stage, routes
// and authorizers, the VPC link, the load balancers' listeners and rules, the
// services with their containers and ports, their way out (NAT gateways or
// VPC endpoints) and the secrets they read. Edges that cross a security group
// say which group admits which, on which port. The output is deterministic.
package diagram

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ecsgate/ecsgate/blueprint"
)

// File is the name gen writes a diagram under, beside the template.
const File = blueprint.DiagramFile

// Mermaid returns the flowchart of b.
func Mermaid(b *blueprint.Resolved) string {
	d := &drawing{b: b}
	d.line("flowchart LR")
	d.line("  clients([Clients])")
	d.edge()
	d.services()
	d.messaging()
	d.volumes()
	d.stores()
	d.egress()
	d.calls()
	return d.out.String()
}

type drawing struct {
	b   *blueprint.Resolved
	out strings.Builder
	// drawn are the load balancers' nodes drawn so far.
	drawn map[string]bool
}

func (d *drawing) line(format string, args ...any) {
	fmt.Fprintf(&d.out, format+"\n", args...)
}

// label quotes a node or edge label for Mermaid: inside double quotes, a
// double quote is written #quot; and line breaks as <br/>.
func label(parts ...string) string {
	for i, p := range parts {
		p = strings.ReplaceAll(p, `"`, "#quot;")
		p = strings.ReplaceAll(p, "<", "#lt;")
		p = strings.ReplaceAll(p, ">", "#gt;")
		parts[i] = p
	}
	return `"` + strings.Join(parts, "<br/>") + `"`
}

// id makes a node ID of letters, digits and underscores.
func id(parts ...string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('_')
		}
		for _, r := range p {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// edge draws what is in front of the services: CloudFront and the API, or
// the load balancers clients reach directly.
func (d *drawing) edge() {
	b := d.b
	from := "clients"
	if c := b.CDN; c != nil {
		d.line("  cdn[%s]", label(append([]string{"CloudFront"}, c.Domains...)...))
		d.line("  clients -->|HTTPS| cdn")
		from = "cdn"
	}
	if a := b.API; a != nil {
		d.api(from)
		return
	}
	for _, lb := range b.ApplicationLoadBalancers() {
		d.alb(lb, "clients", lb.ServingProtocol()+" from "+strings.Join(lb.Allow, ", "))
	}
	if n := b.Ingress.NLB; n != nil {
		d.nlb("clients", "TCP from "+strings.Join(n.Allow, ", "))
	}
}

// api draws the REST API, its authorizers and routes, and the way to the
// load balancers.
func (d *drawing) api(from string) {
	a := d.b.API
	d.line("  subgraph api_gw [API Gateway]")
	d.line("    api[%s]", label("REST API "+a.Name, "stage "+a.Stage))
	pools := map[string]bool{}
	for _, r := range a.Routes {
		if r.Auth != nil {
			pools[r.Auth.UserPool] = true
		}
	}
	routes := d.routeNodes()
	for i, text := range routes {
		d.line("    route%d[%s]", i, label(text...))
		d.line("    api --> route%d", i)
	}
	d.line("  end")
	for _, pool := range sortedKeys(pools) {
		d.line("  pool_%s[(%s)]", id(pool), label("Cognito user pool", pool))
		d.line("  api -.->|verifies tokens| pool_%s", id(pool))
	}
	switch {
	case from == "cdn":
		d.line("  cdn -->|HTTPS| api")
	default:
		d.line("  clients -->|HTTPS| api")
	}
	routesTo := func(target string) {
		for i := range routes {
			d.line("  route%d --> %s", i, target)
		}
	}
	switch a.Backend {
	case blueprint.BackendALBPublic:
		for _, lb := range d.b.APIALBs() {
			d.alb(lb, "", "")
		}
		for i, target := range d.routeTargets() {
			lb, _ := d.b.ALBOf(d.b.Service(target))
			d.line("  route%d -->|%s| %s", i, label("internet, HTTPS", "secret header"), id(lb.Prefix+"alb"))
		}
		return
	case blueprint.BackendALB:
		d.link()
		routesTo("link")
		for _, lb := range d.b.APIALBs() {
			d.alb(lb, "link", fmt.Sprintf("SG link → SG %s :%d", lb.Prefix+"alb", lb.ServingPort()))
		}
	default:
		if a.VpcLink == blueprint.VpcLinkV1 {
			d.line("  link[%s]", label("VPC link V1", "PrivateLink to the NLB"))
			routesTo("link")
			d.nlb("link", "PrivateLink")
			return
		}
		d.link()
		routesTo("link")
		d.nlb("link", "SG link → SG nlb")
	}
}

// maxRouteNodes is the most routes drawn one by one; beyond it each
// service's routes are one node, so that the drawing stays within the 500
// edges Mermaid (and so GitHub) draws by default.
const maxRouteNodes = 40

// routeNodes are the labels of the route nodes: one per route, or one per
// service when there are many.
func (d *drawing) routeNodes() [][]string {
	routes := d.b.API.Routes
	if len(routes) <= maxRouteNodes {
		nodes := make([][]string, len(routes))
		for i, r := range routes {
			text := []string{r.Method + " " + r.Path}
			if r.Auth != nil {
				text = append(text, "Cognito: "+r.Auth.UserPool)
			}
			if r.Integration == blueprint.IntegrationClaims {
				text = append(text, "claims as JSON")
			}
			nodes[i] = text
		}
		return nodes
	}
	count := map[string]int{}
	for _, r := range routes {
		count[r.Service]++
	}
	var nodes [][]string
	for _, service := range d.routeTargets() {
		nodes = append(nodes, []string{fmt.Sprintf("%d routes to %s", count[service], service)})
	}
	return nodes
}

// routeTargets names the service of each route node.
func (d *drawing) routeTargets() []string {
	var targets []string
	seen := map[string]bool{}
	for _, r := range d.b.API.Routes {
		if len(d.b.API.Routes) <= maxRouteNodes {
			targets = append(targets, r.Service)
		} else if !seen[r.Service] {
			seen[r.Service] = true
			targets = append(targets, r.Service)
		}
	}
	return targets
}

// link draws the VPC link V2.
func (d *drawing) link() {
	d.line("  link[%s]", label("VPC link V2", "private subnets, own security group"))
}

// alb draws an ALB, its listener and its rules to the services; from and
// via name the edge into it (none when from is empty).
func (d *drawing) alb(lb blueprint.LoadBalancer, from, via string) {
	node := id(lb.Prefix + "alb")
	d.markDrawn(node)
	listener := fmt.Sprintf("%s :%d", lb.ServingProtocol(), lb.ServingPort())
	name := "ALB"
	if lb.ID != "" {
		name = "ALB " + lb.ID
	}
	d.line("  %s[%s]", node, label(name+" ("+lb.Scheme+")", listener))
	if from != "" {
		d.line("  %s -->|%s| %s", from, label(via), node)
	}
	for _, s := range d.b.AttachedTo(lb) {
		via := fmt.Sprintf("SG %s → SG %s :%d", lb.Prefix+"alb", s.Name, s.Traffic.Port)
		// Where users log in: each login rule is an edge of its own, before
		// the service's rule as the ALB evaluates them.
		for _, rule := range s.LoginRules() {
			d.line("  %s -->|%s| %s", node, label(ruleText(s, rule.Patterns, rule.Priority), loginText(lb), via), id("svc", s.Name))
		}
		rule := "default action"
		if s.HasListenerRule() {
			rule = ruleText(s, s.ALB.Paths, s.ALB.Priority)
		}
		lines := []string{rule}
		if s.ALB.Login {
			lines = append(lines, loginText(lb))
		}
		d.line("  %s -->|%s| %s", node, label(append(lines, via)...), id("svc", s.Name))
	}
}

// ruleText is what a listener rule matches and its priority.
func ruleText(s *blueprint.Service, paths []string, priority int) string {
	return strings.Join(append(slices.Clone(s.ALB.Hosts), paths...), " ") + " · priority " + strconv.Itoa(priority)
}

// loginText says that a rule logs users in, and with which user pool.
func loginText(lb blueprint.LoadBalancer) string {
	if lb.ALB.Login == nil {
		return "Cognito login"
	}
	return "Cognito login (" + lb.ALB.Login.UserPool + ")"
}

// nlb draws the NLB, a listener per service; from and via name the edge
// into it (none when from is empty).
func (d *drawing) nlb(from, via string) {
	n := d.b.Ingress.NLB
	d.markDrawn("nlb")
	d.line("  nlb[%s]", label("internal NLB", n.Protocol))
	if from != "" {
		d.line("  %s -->|%s| nlb", from, label(via))
	}
	for _, s := range d.b.Services {
		if s.NLB == nil {
			continue
		}
		d.line("  nlb -->|%s| %s", label(fmt.Sprintf("%s :%d", n.Protocol, s.NLB.Port), fmt.Sprintf("SG nlb → SG %s :%d", s.Name, s.Traffic.Port)), id("svc", s.Name))
	}
}

// services draws each service with its containers, and the secrets it reads.
func (d *drawing) services() {
	for _, s := range d.b.Services {
		svc := id("svc", s.Name)
		d.line("  subgraph %s_group [%s]", svc, label("service "+s.Name))
		tasks := "tasks: " + taskCount(s) + spotShare(s)
		if s.Scheduled() {
			tasks = fmt.Sprintf("scheduled: %d task%s each run", s.DesiredTasks(), blueprint.Plural(s.DesiredTasks())) + spotShare(s)
		}
		lines := []string{"service " + s.Name, tasks, fmt.Sprintf("%d CPU units, %d MiB", s.CPU, s.Memory)}
		if s.Deployment.ShiftsTraffic() {
			// Where a release takes time and two target groups: say how.
			lines = append(lines, "deploys "+s.Deployment.Summary()+", bake "+strconv.Itoa(*s.Deployment.Bake)+" min")
		}
		d.line("    %s[%s]", svc, label(lines...))
		for _, c := range s.Containers {
			text := "container " + c.Name
			if c.Port > 0 {
				text += " :" + strconv.Itoa(c.Port)
			}
			d.line("    %s[%s]", id("ctr", s.Name, c.Name), label(text))
			d.line("    %s --- %s", svc, id("ctr", s.Name, c.Name))
		}
		d.line("  end")
		if s.Scheduled() {
			d.schedule(s)
		}
		for _, source := range secretsOf(s) {
			node := id("secret", source)
			d.line("  %s[(%s)]", node, label(source))
			d.line("  %s -.->|reads at start| %s", svc, node)
		}
	}
}

// messaging draws the topics, who publishes to each, and the queues that
// subscribe to them, each drained by its service's tasks.
func (d *drawing) messaging() {
	for i := range d.b.Topics {
		t := &d.b.Topics[i]
		d.line("  %s{{%s}}", id("topic", t.Name), label(t.Kind()+" "+t.Name))
	}
	for i := range d.b.Services {
		s := &d.b.Services[i]
		for _, t := range d.b.Publishes(s) {
			d.line("  %s -->|%s| %s", id("svc", s.Name), label("publishes"), id("topic", t.Name))
		}
	}
	for i := range d.b.Services {
		s := &d.b.Services[i]
		if s.Queue == nil {
			continue
		}
		queue := id("queue", s.Name)
		d.line("  %s[[%s]]", queue, label(s.Queue.Kind()+" of "+s.Name, fmt.Sprintf("dead-letter queue after %d receives", s.Queue.Tries)))
		for _, sub := range s.Queue.Subscribe {
			text := []string{"subscription"}
			if s.Queue.Fifo {
				text[0] += ", in order per message group"
			}
			if sub.Filter != nil {
				text = append(text, sub.FilterSummary())
			}
			d.line("  %s -->|%s| %s", id("topic", sub.Topic), label(text...), queue)
		}
		for _, from := range d.b.Senders(s) {
			d.line("  %s -->|%s| %s", id("svc", from.Name), label("sends"), queue)
		}
		for _, o := range s.Queue.Objects {
			text := "objects created, through EventBridge"
			if o.Prefix != "" {
				text = "objects created under " + o.Prefix + ", through EventBridge"
			}
			d.line("  %s -->|%s| %s", id("bucket", o.Bucket), label(text), queue)
		}
		d.line("  %s -->|%s| %s", queue, label("received by its tasks"), id("svc", s.Name))
	}
}

// volumes draws the EFS volumes and the services whose tasks mount each,
// reading it or writing to it too.
func (d *drawing) volumes() {
	for i := range d.b.Volumes {
		v := &d.b.Volumes[i]
		about := "backed up daily, kept after the stack"
		if v.Existing != nil {
			about = "existing file system " + v.Existing.ID + ", " + v.Directory()
		}
		d.line("  %s[(%s)]", id("volume", v.Name), label("EFS volume "+v.Name, about))
	}
	for i := range d.b.Services {
		s := &d.b.Services[i]
		for _, m := range d.b.MountsOf(s) {
			d.line("  %s -->|%s| %s", id("svc", s.Name), label(accessVerb(m.Writes)), id("volume", m.Volume.Name))
		}
	}
}

// stores draws the S3 buckets and DynamoDB tables, and the services that
// read and write each.
func (d *drawing) stores() {
	for i := range d.b.Buckets {
		x := &d.b.Buckets[i]
		lines := []string{"S3 bucket " + x.Name}
		if x.Existing != nil {
			lines = append(lines, "existing bucket "+x.Existing.Name)
		} else {
			lines = append(lines, fmt.Sprintf("earlier versions kept %d days", x.VersionDays))
		}
		if x.ExpireDays > 0 {
			lines = append(lines, fmt.Sprintf("objects deleted after %d days", x.ExpireDays))
		}
		d.line("  %s[(%s)]", id("bucket", x.Name), label(lines...))
	}
	for i := range d.b.Tables {
		t := &d.b.Tables[i]
		key := "key " + t.PartitionKey.Name
		if t.SortKey != nil {
			key += ", " + t.SortKey.Name
		}
		if t.Existing != nil {
			key = "existing table " + t.Existing.Name
		}
		lines := []string{"DynamoDB table " + t.Name, key}
		for _, ix := range t.Indexes {
			lines = append(lines, "index "+ix.Name)
		}
		if t.TTL != "" {
			lines = append(lines, "items expire at "+t.TTL)
		}
		d.line("  %s[(%s)]", id("table", t.Name), label(lines...))
	}
	for i := range d.b.Services {
		s := &d.b.Services[i]
		for _, x := range d.b.BucketsOf(s) {
			d.line("  %s -->|%s| %s", id("svc", s.Name), label(accessVerb(x.Writes(s))), id("bucket", x.Name))
		}
		for _, t := range d.b.TablesOf(s) {
			d.line("  %s -->|%s| %s", id("svc", s.Name), label(accessVerb(t.Writes(s))), id("table", t.Name))
		}
	}
}

// accessVerb says what a service does with a store or volume.
func accessVerb(writes bool) string {
	if writes {
		return "reads and writes"
	}
	return "reads"
}

// taskCount says how many tasks a service runs.
func taskCount(s blueprint.Service) string {
	if a := s.Autoscaling; a != nil {
		return fmt.Sprintf("%d to %d", a.Min, a.Max)
	}
	if s.Count != nil {
		return strconv.Itoa(*s.Count)
	}
	return "1"
}

// schedule draws what starts a scheduled service's tasks: its
// EventBridge Scheduler schedule, when it runs.
func (d *drawing) schedule(s blueprint.Service) {
	node := id("schedule", s.Name)
	when := s.Schedule.When()
	lines := []string{"EventBridge Scheduler", when}
	if s.Schedule.Paused {
		lines = append(lines, "paused: starts no task")
	}
	d.line("  %s([%s])", node, label(lines...))
	if watch := s.Schedule.Watch(); watch != "" {
		machine := id("statemachine", s.Name)
		d.line("  %s[[%s]]", machine, label("Step Functions state machine", watch))
		d.line("  %s -->|%s| %s", node, label("StartExecution"), machine)
		d.line("  %s -->|%s| %s", machine, label("RunTask, waits for its end"), id("svc", s.Name))
		return
	}
	d.line("  %s -->|%s| %s", node, label("RunTask"), id("svc", s.Name))
}

// spotShare says which of a service's tasks run on Fargate Spot, after its
// count: none (""), all, or those beyond the first few.
func spotShare(s blueprint.Service) string {
	switch {
	case s.Spot == nil:
		return ""
	case s.Spot.OnDemand > 0:
		return fmt.Sprintf(", on Fargate Spot beyond the first %d", s.Spot.OnDemand)
	}
	return ", on Fargate Spot"
}

// secretsOf lists the parameters and secrets a service's containers read,
// sorted.
func secretsOf(s blueprint.Service) []string {
	seen := map[string]bool{}
	for _, c := range s.Containers {
		for _, ref := range c.Secrets {
			switch {
			case ref.Parameter != "":
				seen["SSM parameter "+ref.Parameter] = true
			case ref.Secret != "":
				seen["Secrets Manager "+ref.Secret] = true
			}
		}
	}
	return sortedKeys(seen)
}

// egress draws how the tasks reach AWS services and the internet.
func (d *drawing) egress() {
	n := d.b.Network
	var node string
	switch n.Egress {
	case blueprint.EgressNAT:
		node = "nat"
		d.line("  nat[%s]", label("NAT gateway", "to the internet"))
	case blueprint.EgressNATPerAZ:
		node = "nat"
		d.line("  nat[%s]", label("NAT gateway per AZ", "to the internet"))
	case blueprint.EgressEndpoints:
		node = "endpoints"
		var names []string
		for _, e := range d.b.Endpoints() {
			names = append(names, e.Service)
		}
		lines := []string{"VPC endpoints", strings.Join(names, ", ")}
		if e := n.Existing; e != nil && len(e.PresentEndpoints) > 0 {
			lines = append(lines, "already in the VPC: "+strings.Join(e.PresentEndpoints, ", "))
		}
		d.line("  endpoints[%s]", label(lines...))
	default:
		return
	}
	for _, s := range d.b.Services {
		var rules []string
		for _, e := range s.Egress {
			rules = append(rules, fmt.Sprintf("%s %s:%d", e.Protocol, e.CIDR, e.Port))
		}
		d.line("  %s -.->|%s| %s", id("svc", s.Name), label("SG "+s.Name+" egress", strings.Join(rules, ", ")), node)
	}
}

// calls draws each service's calls to the internal load balancers whose
// addresses its environment names: an edge from the service to the load
// balancer, on its ports, through the security groups gen opens for it. A
// load balancer that nothing in front reaches (behind an API that calls
// another) is drawn first, with its rules.
func (d *drawing) calls() {
	for i := range d.b.Services {
		s := &d.b.Services[i]
		for _, c := range d.b.Calls(s) {
			group := "nlb"
			if c.ALB != nil {
				group = c.ALB.Prefix + "alb"
			}
			node := id(group)
			switch {
			case d.drawn[node]:
			case c.ALB != nil:
				d.alb(*c.ALB, "", "")
			default:
				d.nlb("", "")
			}
			ports := make([]string, len(c.Ports))
			for j, port := range c.Ports {
				ports[j] = ":" + strconv.Itoa(port)
			}
			d.line("  %s -.->|%s| %s", id("svc", s.Name), label("calls "+c.Name, "SG "+s.Name+" → SG "+group+" "+strings.Join(ports, ", ")), node)
		}
	}
}

// markDrawn records that a load balancer's node is drawn.
func (d *drawing) markDrawn(node string) {
	if d.drawn == nil {
		d.drawn = map[string]bool{}
	}
	d.drawn[node] = true
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
