package blueprint

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

var (
	// ALB rule condition values.
	albHostPattern = bounded(`^[A-Za-z0-9\-.*?]+$`, 1, 128)
	// Cognito domain prefixes: lowercase letters, digits and hyphens.
	cognitoPrefix = lazyre.New(`^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`)
	emailPattern  = lazyre.New(`^[^@\s<>()\[\]:;,"]+@[^@\s<>()\[\]:;,"]+\.[^@\s<>()\[\]:;,"]+$`)
	// Cognito user names: visible characters, 1 to 128 of them (counted
	// apart: a {1,128} repetition of these classes compiles to megabytes and
	// costs every run of gen milliseconds before main).
	usernameChars = lazyre.New(`^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$`)
	endpointName  = lazyre.New(`^[a-z0-9]+(?:[.-][a-z0-9]+)*$`)
)

// maxALBPathPattern is the longest path pattern of a listener rule's
// condition (Elastic Load Balancing's "Each string has a maximum of 128
// characters").
const maxALBPathPattern = 128

// albPathBytes are the characters a listener rule's path pattern takes
// besides letters and digits: Elastic Load Balancing's list (A-Z, a-z, 0-9,
// _ - . $ / ~ " ' @ : +, & passed as &amp;, and the wildcards * and ?).
const albPathBytes = `_-.$/~"'@:+&*?`

// isALBPathPattern reports whether an ALB takes p as a path pattern of at
// most limit characters: / then letters, digits and albPathBytes.
func isALBPathPattern(p string, limit int) bool {
	return strings.HasPrefix(p, "/") && len(p) <= limit && allBytes(p, isALBPathByte)
}

func isALBPathByte(b byte) bool {
	return isLetter(b) || isDigit(b) || strings.IndexByte(albPathBytes, b) >= 0
}

// albPathFix is the fix for a path pattern an ALB refuses, for the user's
// own pattern: the characters to remove, the / it lacks (with the pattern
// to write), or how short it must be. example is written for an empty one.
func albPathFix(p string, limit int, example string) string {
	const rule = `a path pattern is / then letters, digits and ` + albPathBytes
	var refused []string
	for _, r := range p {
		if c := quote(string(r)); (r >= utf8.RuneSelf || !isALBPathByte(byte(r))) && !slices.Contains(refused, c) {
			refused = append(refused, c)
		}
	}
	switch mended := "/" + strings.TrimPrefix(p, "/"); {
	case p == "":
		return fmt.Sprintf("write a pattern such as %s: %s", example, rule)
	case len(refused) > 0:
		return fmt.Sprintf("remove %s: %s", strings.Join(refused, ", "), rule)
	case len(mended) > limit:
		return fmt.Sprintf("shorten it to %d characters or fewer", limit)
	default:
		return fmt.Sprintf("write %q: %s", mended, rule)
	}
}

// albs checks every Application Load Balancer: ingress.alb and the entries
// of ingress.albs, whose ids must be unique names and whose host names must
// not repeat across load balancers.
func (v *validator) albs() {
	if a := v.b.Ingress.ALB; a != nil && a.ID != "" {
		v.add("ingress.alb.id", "remove it; services attach to ingress.alb without alb.loadBalancer", "id names the entries of ingress.albs")
	}
	ids := newUniqueNames("load balancer", "ingress.albs")
	for i, a := range v.b.Ingress.ALBs {
		path := indexPath("ingress.albs", i) + ".id"
		if a.ID == "" && a.Name != "" {
			// name is the load balancer's name in AWS; services attach by
			// id, and one that names this entry by its name means its id.
			v.add(path, fmt.Sprintf("write id: %s: services attach to an entry of ingress.albs by its id; name is the load balancer's name in AWS", a.Name), "is required")
			continue
		}
		ids.entry(v, path, a.ID, i, 32)
	}
	hosts := map[string]string{}
	raw := v.raw.ApplicationLoadBalancers()
	for i, lb := range v.b.ApplicationLoadBalancers() {
		v.alb(lb, raw[i].ALB, hosts)
	}
}

// alb checks one ALB; raw is its section as written, hosts the host names of
// the load balancers checked before it.
func (v *validator) alb(lb LoadBalancer, raw *ALB, hosts map[string]string) {
	a, path := lb.ALB, lb.Path
	v.lbName(path+".name", a.Name)
	v.oneOf(path+".scheme", a.Scheme, schemeChoices...)
	if a.Certificate != nil {
		v.sslPolicy(path+".sslPolicy", a.SSLPolicy)
		v.albCertificate(path, a.Certificate, a.Hostnames)
	} else if raw.SSLPolicy != "" {
		v.add(path+".sslPolicy", "add a certificate, or remove sslPolicy", "an SSL policy is used only by the HTTPS listener")
	}
	if a.Certificate == nil && a.Scheme == SchemeInternetFacing && len(a.Hostnames) > 0 {
		v.warn(path, fmt.Sprintf("add certificate: {domain: %s} (validated through dns.zone); port 80 then redirects to HTTPS", a.Hostnames[0]),
			"serves its host names over plain HTTP: browsers mark the site not secure, and passwords, cookies and tokens cross the internet in clear text")
	}
	seen := map[string]bool{}
	for i, h := range a.Hostnames {
		p := indexPath(path+".hostnames", i)
		if v.domain(p, h, false) {
			v.inZone(p, h, "a DNS record for the ALB", false)
		}
		if seen[h] {
			v.add(p, "list each host name once", "%q is listed twice", h)
		} else if other, dup := hosts[h]; dup {
			v.add(p, "give each load balancer its own host names", "%q is already a host name of %s", h, other)
		}
		seen[h] = true
		hosts[h] = path
	}
	for i, c := range a.Allow {
		v.cidr(indexPath(path+".allow", i), c)
	}
	if a.DualStack && v.b.Network.VPC != nil {
		v.add(path+".dualStack", "remove dualStack, or use network.existing with IPv6 subnets", "the VPC ecsgate creates is IPv4-only, so the ALB cannot be dual-stack")
	}
	v.between(path+".idleTimeout", a.IdleTimeout, 1, 4000, " s")
	if a.Scheme == SchemeInternetFacing && v.b.Network.Existing != nil && len(v.b.Network.Existing.PublicSubnets) < 2 {
		v.add("network.existing.publicSubnets", "list public subnets in at least two AZs, or make the ALB internal", "an internet-facing ALB needs public subnets in two AZs")
	}
	if a.Default != DefaultALBDefault {
		switch s := v.b.Service(a.Default); {
		case s == nil:
			v.add(path+".default", nameFix(a.Default, namesOf(v.b.Services, serviceName), `use "404" or the name of a service`), "there is no service %q", a.Default)
		case s.Scheduled():
			v.scheduledTarget(path+".default", s)
		case s.ALB == nil || s.ALB.LoadBalancer != a.ID:
			v.add(path+".default", "attach service "+a.Default+" to this ALB", "service %q is not attached to this ALB", a.Default)
		}
	}
	if l := a.Login; l != nil {
		v.albLogin(path, l, a)
	}
	attach := "alb: {paths: [/*]}"
	if a.ID != "" {
		attach = fmt.Sprintf("alb: {loadBalancer: %s, paths: [/*]}", a.ID)
	}
	if a.ID == "" && strings.HasPrefix(path, "ingress.albs[") {
		return // an entry of ingress.albs without an id: no service can name it, and its own problem says so
	}
	v.someAttached(path, "ALB", "alb", attach, func(s Service) bool { return s.ALB != nil && s.ALB.LoadBalancer == a.ID })
}

// lbName checks an explicit load balancer name.
func (v *validator) lbName(path, name string) {
	switch {
	case name == "":
	case !lbNamePattern.MatchString(name):
		v.add(path, "use at most 32 letters, digits and hyphens, no hyphen at either end", "%q is not a valid load balancer name", name)
	case strings.HasPrefix(name, "internal-"):
		v.add(path, "choose a name without that prefix", "load balancer names cannot start with internal-")
	}
}

// albCertificate checks the certificate of the ALB at path and, when the
// template creates it, that it covers every host name.
func (v *validator) albCertificate(lbPath string, c *Certificate, hosts []string) {
	path := lbPath + ".certificate"
	v.certificate(path, c, "")
	if c.Domain == "" {
		return
	}
	// certificate checked each name; here, that the names cover the hosts.
	names := append([]string{c.Domain}, c.AlternativeNames...)
	if slices.ContainsFunc(names, func(n string) bool { return !validDomain(n, true) }) {
		return // a name that is not one has its own problem: what the certificate covers is not known
	}
	// A host that is not a name, or not in dns.zone (where the records and
	// the certificate's validation go), has its own problem, and no other.
	covers := func(h string) bool {
		return !validDomain(h, false) || v.outsideZone(h) || slices.ContainsFunc(names, func(n string) bool { return certificateCovers(n, h) })
	}
	// The fix is the whole list to write, every host left out added, so
	// that one edit answers each of these problems.
	var alternatives []string
	for _, n := range c.AlternativeNames {
		alternatives = append(alternatives, flowText(n))
	}
	for _, h := range hosts {
		if !covers(h) && !slices.Contains(alternatives, flowText(h)) {
			alternatives = append(alternatives, flowText(h))
		}
	}
	fix := "write certificate.alternativeNames: [" + strings.Join(alternatives, ", ") + "], or use a wildcard certificate"
	for i, h := range hosts {
		if !covers(h) {
			v.add(indexPath(lbPath+".hostnames", i), fix, "the certificate does not cover %s", h)
		}
	}
	if len(hosts) == 0 {
		// The template makes DNS records for host names only: the name
		// the certificate is for then points nowhere, and the ALB's own
		// DNS name, the only one it has, is not on the certificate.
		v.warn(path, fmt.Sprintf("add hostnames: [%s], whose record the template creates in dns.zone", hostFor(c.Domain)),
			"the certificate is for %s, and the ALB has no host names: no DNS record points %s at it, and HTTPS clients refuse its own DNS name, which the certificate does not cover", c.Domain, c.Domain)
	}
}

// hostFor is a host name a certificate for domain covers: domain itself, or
// www under a wildcard's (*.example.com).
func hostFor(domain string) string {
	if rest, ok := strings.CutPrefix(domain, "*."); ok {
		return "www." + rest
	}
	return domain
}

// albLogin checks the Cognito login of the ALB at lbPath.
func (v *validator) albLogin(lbPath string, l *ALBLogin, a *ALB) {
	path := lbPath + ".login"
	if a.Certificate == nil {
		v.add(path, "add "+lbPath+".certificate: Cognito login works only on an HTTPS listener", "Cognito login needs HTTPS, and the ALB has only an HTTP listener")
	}
	if len(a.Hostnames) == 0 {
		v.add(path, "add "+lbPath+".hostnames: Cognito redirects back to https://<host>/oauth2/idpresponse", "Cognito login needs a host name for its callback URL")
	}
	pool := v.b.UserPool(l.UserPool)
	switch {
	case !v.required(path+".userPool", l.UserPool, "name an entry of userPools"):
	case pool == nil:
		v.add(path+".userPool", nameFix(l.UserPool, namesOf(v.b.UserPools, userPoolName), "add it to userPools"), "there is no user pool %q", l.UserPool)
	case pool.Domain == nil:
		v.add(path+".userPool", "add a domain (prefix or custom name) to user pool "+l.UserPool, "the ALB sends users to the pool's domain, and %q has none", l.UserPool)
	}
	v.loginScope(path+".scope", l.Scope, pool)
	v.between(path+".sessionTimeout", l.SessionTimeout, 1, 604800, " s")
}

// cognitoScopes are the OAuth scopes a user pool offers without a resource
// server, which a pool the template creates does not have.
var cognitoScopes = []string{"openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"}

// loginScope checks the space-separated scopes the ALB asks Cognito for:
// the app client the template creates must allow each of them.
func (v *validator) loginScope(path, scope string, pool *UserPool) {
	scopes := strings.Split(scope, " ")
	if !slices.Contains(scopes, "openid") {
		v.add(path, `include openid, e.g. "openid email"`, "%q is not a scope list with openid", scope)
		return
	}
	for _, s := range scopes {
		switch {
		case !scopePattern.MatchString(s):
			v.add(path, `separate scopes with one space, e.g. "openid email"`, "%q is not a scope list: %q is not an OAuth scope", scope, s)
			return
		case pool != nil && pool.ARN == "" && !slices.Contains(cognitoScopes, s):
			v.add(path, "use "+strings.Join(cognitoScopes, ", ")+", or an existing pool (arn) whose resource server defines "+s,
				"the user pool the template creates offers no scope %q", s)
			return
		}
	}
}

// healthCheckOutsidePaths warns of a service whose listener rule sends it
// some paths only (/api/*) and whose health check is the default, GET /: the
// ALB checks / on the tasks themselves, where an application served under
// /api often answers 404, and then every task fails its health checks, is
// replaced, and the deployment is rolled back. raw is the section as
// written: a health check path the user chose is theirs.
func (v *validator) healthCheckOutsidePaths(path string, s *Service, raw *ServiceALB) {
	lb, ok := v.b.ALBOf(s)
	if !ok || raw == nil || raw.HealthCheck.Path != "" || len(s.ALB.Paths) == 0 || lb.Default == s.Name {
		return
	}
	check := s.ALB.HealthCheck.Path
	if slices.ContainsFunc(s.ALB.Paths, func(p string) bool { return patternMatches(p, check) }) {
		return
	}
	v.warn(path, fmt.Sprintf("write healthCheck: {path: %s/health}, or a path the application answers with %s", healthBase(s.ALB.Paths[0]), s.ALB.HealthCheck.Codes),
		"the load balancer checks the tasks' health with GET %s, a path outside the service's paths (%s): an application served under them often answers it with 404, and then every task fails its health checks and the deployment is rolled back",
		check, strings.Join(s.ALB.Paths, ", "))
}

// healthBase is the part of a path pattern before its trailing wildcard
// (/api of /api/*), where a health check path of the service can go; ""
// for a pattern with a wildcard elsewhere.
func healthBase(pattern string) string {
	base := strings.TrimRight(strings.TrimRight(pattern, "*"), "/")
	if strings.ContainsAny(base, "*?") {
		return ""
	}
	return base
}

func (v *validator) serviceALB(path string, s *Service) {
	lb, ok := v.b.ALBOf(s)
	switch {
	case !ok && s.ALB.LoadBalancer == "":
		v.add(path, "add ingress.alb to create the load balancer, or name an entry of ingress.albs in loadBalancer", "the service asks for an ALB but ingress.alb is not defined")
		return
	case !ok && slices.ContainsFunc(v.b.Ingress.ALBs, func(a ALB) bool { return a.ID == "" && a.Name == s.ALB.LoadBalancer }):
		return // the entry has that name and no id: its own problem says to write it as its id
	case !ok:
		v.add(path+".loadBalancer", nameFix(s.ALB.LoadBalancer, namesOf(v.b.Ingress.ALBs, albID), "name the id of an entry of ingress.albs, or remove loadBalancer for ingress.alb"), "there is no load balancer %q in ingress.albs", s.ALB.LoadBalancer)
		return
	}
	a := lb.ALB
	r := s.ALB
	// A default that names no service is reported at ingress.alb.default;
	// it usually meant this one, under a name since changed, so a service
	// without rules is not reported again for it.
	defaultMissing := a.Default != DefaultALBDefault && v.b.Service(a.Default) == nil
	// paths or hosts written under a name one slip away (path: /) were
	// reported as an unknown field, with the name to write: that the
	// service then has no rule would only repeat it.
	if !s.HasListenerRule() && a.Default != s.Name && !defaultMissing && !v.refused(path, "paths", "hosts") {
		v.add(path, "add paths (e.g. [/*]) or hosts, or make it "+lb.Path+".default", "the service has no listener rule: give it paths or hosts")
	}
	// An ALB matches a path pattern without a wildcard exactly, where
	// Copilot's http.path, Kubernetes' Prefix paths and nginx's locations
	// match a prefix: a service whose patterns all lack one is warned.
	exactOnly := !slices.ContainsFunc(r.Paths, hasWildcard) && a.Default != s.Name
	for i, p := range r.Paths {
		switch {
		case !isALBPathPattern(p, maxALBPathPattern):
			v.add(indexPath(path+".paths", i), albPathFix(p, maxALBPathPattern, "/api/*"), "%q is not an ALB path pattern", p)
		case p == "/" && !slices.Contains(r.Paths, "/*") && a.Default != s.Name:
			v.warn(indexPath(path+".paths", i), "write /* for every path, or keep / with /* beside it",
				"the path pattern / matches the root page alone: the ALB sends every other path to its default action")
		case exactOnly && p != "/":
			base := strings.TrimSuffix(p, "/")
			v.warn(indexPath(path+".paths", i), fmt.Sprintf("write [%s, %s/*] for %s and every path under it", base, base, base),
				"the path pattern %s matches that path alone: the ALB sends %s/... to another rule or its default action", p, base)
		}
	}
	for i, h := range r.Hosts {
		if !albHostPattern.MatchString(h) {
			fix := "write a host such as api.example.com or *.example.com"
			if host := hostIn(h); host != h && albHostPattern.MatchString(host) {
				fix = fmt.Sprintf("write %q", host)
			}
			v.add(indexPath(path+".hosts", i), fix, "%q is not an ALB host pattern", h)
			continue
		}
		v.serviceHost(indexPath(path+".hosts", i), h, lb)
	}
	v.between(path+".priority", r.Priority, 1, maxRulePriority, "")
	if r.Login && a.Login == nil {
		v.add(path+".login", "add "+lb.Path+".login with a userPool", "login is on but %s.login is not defined", lb.Path)
	}
	v.loginPaths(path, s, lb)
	v.targetHealthCheck(path+".healthCheck", r.HealthCheck, "HTTP", "HTTPS")
	v.between(path+".deregistrationDelay", *r.DeregistrationDelay, 0, 3600, " s")
	v.stickiness(path+".stickiness", s)
}

// serviceHost checks a host name of a service's listener rule against what
// brings its requests to the ALB: a certificate that covers it (a created
// one's names are known), and a DNS record, which the template creates for
// the ALB's hostnames alone. A pattern (*.example.com) names no one host,
// and an ALB that API Gateway calls gets the Host header it sends, not a
// client's: neither is checked.
func (v *validator) serviceHost(path, host string, lb LoadBalancer) {
	if strings.ContainsAny(host, "*?") || !validDomain(host, false) || lb.Scheme != SchemeInternetFacing || slices.ContainsFunc(v.b.APIALBs(), func(api LoadBalancer) bool { return api.Path == lb.Path }) {
		return
	}
	zone := ""
	if v.b.DNS != nil {
		zone = v.b.DNS.Zone
	}
	if c := lb.Certificate; c != nil && c.Domain != "" {
		names := append([]string{c.Domain}, c.AlternativeNames...)
		if !slices.ContainsFunc(names, func(n string) bool { return !validDomain(n, true) || certificateCovers(n, host) }) {
			fix := fmt.Sprintf("add %s to %s.certificate.alternativeNames, or use a wildcard certificate", host, lb.Path)
			if v.outsideZone(host) {
				// The template validates its certificate in dns.zone.
				fix = fmt.Sprintf("use a host under %s, or name by arn a certificate issued for %s", zone, host)
			}
			v.add(path, fix, "the ALB's certificate does not cover %s: HTTPS clients refuse the name, and the ALB redirects plain HTTP to HTTPS", host)
			return
		}
	}
	if !slices.ContainsFunc(lb.Hostnames, func(n string) bool { return strings.EqualFold(n, host) }) {
		fix := fmt.Sprintf("point %s's DNS at the ALB yourself (the stack output %s)", host, lb.DNSNameOutput())
		if zone != "" && !v.outsideZone(host) {
			fix = fmt.Sprintf("add it to %s.hostnames, whose records the template creates in %s, or ", lb.Path, zone) + fix
		}
		v.warn(path, fix, "no DNS record the template creates points %s at the ALB: it creates records for %s.hostnames alone", host, lb.Path)
	}
}

// MaxStickiness is the longest an ALB keeps a client on one target, in
// seconds (stickiness.lb_cookie.duration_seconds: 1 to 604,800, seven
// days; Application Load Balancers User Guide, "Sticky sessions").
const MaxStickiness = 604800

// stickiness checks a service's sticky sessions: a duration the ALB takes,
// on a service whose deployments replace tasks in place. A canary, linear
// or blue/green deployment forwards to two target groups by weight, which
// the target group's cookie does not span: its clients would move between
// the revisions mid-session.
func (v *validator) stickiness(path string, s *Service) {
	st := s.ALB.Stickiness
	if st == nil {
		return
	}
	v.between(path+".duration", st.Duration, 1, MaxStickiness, " seconds")
	if s.Deployment.ShiftsTraffic() {
		v.add(path, "remove stickiness, or deploy with strategy: rolling; keep sessions in a store the tasks share (ElastiCache, DynamoDB) to shift traffic", "sticky sessions hold a client to one target group, and strategy %s shifts traffic between two", s.Deployment.Strategy)
	}
}

// loginPaths checks the paths of a service that require a login: patterns
// the ALB takes, each once, for a login the ALB has, and room below the
// service's priority for their rules.
func (v *validator) loginPaths(path string, s *Service, lb LoadBalancer) {
	r := s.ALB
	if len(r.LoginPaths) == 0 {
		return
	}
	path += ".loginPaths"
	switch {
	case r.Login:
		v.add(path, "remove loginPaths (login: true already covers every path), or remove login to keep the other paths open", "login and loginPaths are both set")
		return
	case lb.ALB.Login == nil:
		v.add(path, "add "+lb.Path+".login with a userPool", "loginPaths need %s.login, which is not defined", lb.Path)
	}
	seen := map[string]bool{}
	for i, p := range r.LoginPaths {
		ip := indexPath(path, i)
		switch {
		case !isALBPathPattern(p, maxALBPathPattern-2):
			v.add(ip, albPathFix(p, maxALBPathPattern-2, "/admin")+"; /admin covers /admin and /admin/*", "%q is not a path the ALB can match", p)
		case slices.Equal(LoginPatterns(p), []string{"/*"}):
			v.add(ip, "write login: true to log users in on every path", "%q covers every path", p)
		}
		key := strings.Join(LoginPatterns(p), " ")
		if seen[key] {
			v.add(ip, "list each path once", "%q covers what an earlier entry covers", p)
		}
		seen[key] = true
	}
	if first := r.Priority - len(r.LoginPaths); r.Priority >= 1 && first < 1 {
		v.add(path, fmt.Sprintf("raise alb.priority to at least %d", len(r.LoginPaths)+1),
			"the %d login rules take the priorities just before the service's (%d), and priorities start at 1", len(r.LoginPaths), r.Priority)
	}
}

// maxRulePriority is the highest priority of a listener rule (the
// CreateRule API's range is 1 to 50000).
const maxRulePriority = 50000

// albRules checks what only the set of one listener's rules shows: unique
// priorities, and no catch-all rule evaluated before others (it would take
// all their traffic).
func (v *validator) albRules() {
	for _, lb := range v.b.ApplicationLoadBalancers() {
		v.listenerRules(lb)
	}
}

func (v *validator) listenerRules(lb LoadBalancer) {
	for i, s := range v.b.Services {
		if s.ALB != nil && s.ALB.LoadBalancer == lb.ID && (v.raw.src.covers(indexPath("services", i)+".alb.priority") || s.ALB.Priority < 1 || s.ALB.Priority > maxRulePriority) {
			return // a priority that failed to decode or is out of range leaves the rules' order unknown
		}
	}
	byPriority := map[int]string{}
	catchAll := ""
	catchAllPriority := 0
	for i, s := range v.b.Services {
		if s.ALB == nil || s.ALB.LoadBalancer != lb.ID {
			continue
		}
		path := indexPath("services", i) + ".alb"
		if other, dup := byPriority[s.ALB.Priority]; dup {
			v.add(path+".priority", "give each rule its own priority", "priority %d is already used by %s", s.ALB.Priority, other)
		}
		byPriority[s.ALB.Priority] = fmt.Sprintf("service %q", s.Name)
		for j, rule := range s.LoginRules() {
			if other, dup := byPriority[rule.Priority]; dup {
				v.add(indexPath(path+".loginPaths", j), "move alb.priority of one of the services: each login path takes the priority before the last",
					"the login rule of %s needs priority %d, which %s already uses", s.ALB.LoginPaths[j], rule.Priority, other)
			}
			byPriority[rule.Priority] = fmt.Sprintf("the login rule of service %q for %s", s.Name, s.ALB.LoginPaths[j])
		}
		if len(s.ALB.Hosts) == 0 && slices.Contains(s.ALB.Paths, "/*") {
			if catchAll == "" || s.ALB.Priority < catchAllPriority {
				catchAll, catchAllPriority = s.Name, s.ALB.Priority
			}
		}
	}
	if catchAll == "" {
		return
	}
	for i, s := range v.b.Services {
		if s.ALB == nil || s.ALB.LoadBalancer != lb.ID || s.Name == catchAll {
			continue
		}
		if s.ALB.Priority > catchAllPriority && s.HasListenerRule() {
			v.add(indexPath("services", i)+".alb", fmt.Sprintf("move service %q last, or make it %s.default", catchAll, lb.Path),
				"service %q matches /* at priority %d, before this rule (%d), which would never match", catchAll, catchAllPriority, s.ALB.Priority)
		}
		for j, rule := range s.LoginRules() {
			if rule.Priority > catchAllPriority {
				v.add(indexPath(indexPath("services", i)+".alb.loginPaths", j), fmt.Sprintf("move service %q last, or make it %s.default", catchAll, lb.Path),
					"service %q matches /* at priority %d, before this login rule (%d): %s would reach %q without a login", catchAll, catchAllPriority, rule.Priority, s.ALB.LoginPaths[j], catchAll)
			}
		}
	}
}

// egress checks that private tasks can reach what they need.
func (v *validator) egress() {
	n := v.b.Network
	if n.Existing != nil {
		v.existingEndpoints(n.Existing)
	}
	if n.Egress == EgressNone && len(v.b.Services) > 0 {
		v.add("network.egress", `use "nat" or "endpoints"`, "with egress none, tasks in the private subnets cannot reach ECR to pull images or CloudWatch Logs")
	}
	// Where an image from a registry of its own is pulled from: through
	// the NAT, or nowhere (VPC endpoints reach the account's ECR alone).
	for i, s := range v.b.Services {
		for j, c := range s.Containers {
			if c.Image.URI == "" {
				continue
			}
			path := indexPath(indexPath("services", i)+".containers", j) + ".image.uri"
			switch n.Egress {
			case EgressNAT, EgressNATPerAZ:
				v.dockerHubPull(path, c.Image.URI)
			case EgressEndpoints:
				if _, _, _, ok := PrivateECRRepository(c.Image.URI); !ok {
					v.add(path, "push the image to ECR, or use egress nat",
						"%q is not in a private ECR registry, which is all that VPC endpoints reach (there is no NAT)", c.Image.URI)
				}
			}
		}
	}
	for i, e := range n.Endpoints {
		p := indexPath("network.endpoints", i)
		if n.Egress != EgressEndpoints && knownEgress(n.Egress) {
			v.add(p, `set network.egress: endpoints, or remove network.endpoints`, "extra endpoints are created only with egress endpoints")
			break
		}
		v.endpointName(p, e)
	}
}

// dockerHubPull warns of an image pulled from Docker Hub without
// credentials: every task of the VPC reaches it through the NAT gateway's
// address, and Docker Hub allows an address 10 pulls an hour without
// credentials (https://docs.docker.com/docker-hub/usage/), each task
// start one, so a deployment or a scale-out past that fails with
// toomanyrequests. Docker's official images have a copy in ECR Public.
func (v *validator) dockerHubPull(path, uri string) {
	repository, official := dockerHubRepository(uri)
	if repository == "" {
		return
	}
	fix := "push the image to an ECR repository the stack creates (image: {repository: NAME, tag: TAG}) and pull it from there"
	if official != "" {
		fix = "use ECR Public's copy of Docker's official image, " + official + ", or push the image to ECR"
	}
	v.warn(path, fix, "%q is pulled from Docker Hub without credentials, through the NAT gateway's address, which Docker Hub allows 10 pulls an hour (each task start is one): a deployment or a scale-out past that fails with toomanyrequests", uri)
}

// dockerHubRepository is the Docker Hub repository an image reference
// names (nginx, library/nginx, docker.io/acme/api), "" for another
// registry's; and, for one of Docker's official images, the same image in
// ECR Public (public.ecr.aws/docker/library/nginx:1.27).
func dockerHubRepository(uri string) (repository, official string) {
	name := uri
	if host, rest, ok := strings.Cut(uri, "/"); ok && (strings.ContainsAny(host, ".:") || host == "localhost") {
		if !slices.Contains(dockerHubHosts, host) {
			return "", ""
		}
		name = rest
	}
	name = strings.TrimPrefix(name, "library/")
	repository = name
	if i := strings.IndexAny(name, ":@"); i >= 0 {
		repository = name[:i]
	}
	if !strings.Contains(repository, "/") {
		official = "public.ecr.aws/docker/library/" + name
	}
	return repository, official
}

// dockerHubHosts are the names Docker Hub's registry is written with.
var dockerHubHosts = []string{"docker.io", "index.docker.io", "registry-1.docker.io"}

// endpointName checks the name of an endpoint's service. The name also
// becomes a logical ID (VpcEndpoint<Name>, at most 255 characters); AWS's
// endpoint service names are far shorter.
func (v *validator) endpointName(path, name string) {
	if short, ok := endpointService(name); ok {
		v.add(path, fmt.Sprintf("write %s: the template writes the rest, com.amazonaws.REGION, for the stack's Region", short), "%q is the endpoint's whole service name", name)
		return
	}
	if strings.HasPrefix(name, "com.amazonaws.") {
		// com.amazonaws.vpce.REGION.vpce-svc-...: another account's service.
		v.add(path, "add an endpoint to an endpoint service of your own in overrides (AWS::EC2::VPCEndpoint)", "%q is not an AWS service's endpoint: network.endpoints takes AWS services by their part of the name (sqs, sts)", name)
		return
	}
	if !endpointName.MatchString(name) || len(name) > 64 {
		v.add(path, "write the service part of the endpoint name (at most 64 characters), e.g. sts or sqs", "%q is not an endpoint service name", name)
	}
}

// endpointService is the service part of an endpoint's whole service name
// as the VPC console and aws ec2 describe-vpc-endpoints show it
// (com.amazonaws.eu-west-1.ecr.dkr is ecr.dkr), and whether name is one.
func endpointService(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, "com.amazonaws.")
	if !ok {
		return "", false
	}
	region, service, ok := strings.Cut(rest, ".")
	if !ok || !regionPattern.MatchString(region) || service == "" {
		return "", false
	}
	return service, true
}

// knownEgress reports whether egress is one of the choices, or unset (an
// existing VPC's): another word has its own problem, and what it asks of
// the endpoints is not known.
func knownEgress(egress string) bool {
	return egress == "" || slices.Contains(egressChoices, egress)
}

// existingEndpoints checks where endpoints go in an existing VPC: the
// route tables for the S3 gateway endpoint, one subnet per Availability
// Zone for the interface endpoints, and the endpoints already there.
func (v *validator) existingEndpoints(e *ExistingVPC) {
	const path = "network.existing"
	raw := v.raw.Network.Existing
	if v.b.Network.Egress != EgressEndpoints {
		if !knownEgress(v.b.Network.Egress) {
			return
		}
		for field, set := range map[string]bool{"routeTables": len(raw.RouteTables) > 0, "endpointSubnets": len(raw.EndpointSubnets) > 0, "presentEndpoints": len(raw.PresentEndpoints) > 0} {
			if set {
				v.add(path+"."+field, "set network.egress: endpoints to create VPC endpoints in the VPC, or remove it", "%s is for the VPC endpoints ecsgate creates, and network.egress is not endpoints", field)
			}
		}
		return
	}
	needed := map[string]bool{}
	for _, ep := range v.b.neededEndpoints() {
		needed[ep.Service] = true
	}
	seen := map[string]bool{}
	for i, name := range e.PresentEndpoints {
		p := indexPath(path+".presentEndpoints", i)
		short, whole := endpointService(name)
		switch {
		case seen[name]:
			v.add(p, "list each endpoint once", "%q is listed twice", name)
		case whole:
			v.add(p, fmt.Sprintf("write %s: endpoints are named by their service, as the tasks' needs are", short), "%q is the endpoint's whole service name", name)
		case !needed[name]:
			v.add(p, "remove it, or add it to network.endpoints if the tasks use it",
				"the tasks need no %s endpoint (they need %s), so there is none to skip", name, strings.Join(slices.Sorted(maps.Keys(needed)), ", "))
		}
		seen[name] = true
	}
	for _, ep := range v.b.Endpoints() {
		if ep.Gateway && len(e.RouteTables) == 0 {
			v.add(path+".routeTables", "list the route tables of network.existing.privateSubnets (rtb-...), or add s3 to presentEndpoints if the VPC has an S3 gateway endpoint on them",
				"egress endpoints adds the S3 gateway endpoint that tasks pull ECR's image layers through, and a gateway endpoint is attached to route tables")
		}
	}
	seen = map[string]bool{}
	for i, id := range e.RouteTables {
		p := indexPath(path+".routeTables", i)
		if !routeTableIDPattern.MatchString(id) {
			v.add(p, awsIDFix(id, routeTableIDPattern, "a route table ID such as rtb-0123456789abcdef0"), "%q is not a route table ID", id)
		}
		if seen[id] {
			v.add(p, "list each route table once", "%q is listed twice", id)
		}
		seen[id] = true
	}
	if len(raw.EndpointSubnets) > 0 {
		v.subnetIDs(path+".endpointSubnets", e.EndpointSubnets)
		if len(e.EndpointSubnets) < 2 {
			v.add(path+".endpointSubnets", "list subnets in at least two AZs", "has %d subnet; an endpoint in one AZ stops every task when that AZ fails", len(e.EndpointSubnets))
		}
	}
}

// ecrRegistryPattern is an account's private ECR registry in a Region
// (ACCOUNT.dkr.ecr.REGION.amazonaws.com, .com.cn in China).
const ecrRegistryPattern = `(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?`

var (
	privateECRImage = lazyre.New(`^` + ecrRegistryPattern + `/([a-z0-9._/-]+?)(?:[:@].*)?$`)
	ecrRegistry     = lazyre.New(`^` + ecrRegistryPattern + `$`)
)

// PrivateECRRepository returns the account, region and repository name of an
// image in a private ECR registry (ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME:TAG).
func PrivateECRRepository(uri string) (account, region, name string, ok bool) {
	m := privateECRImage.FindStringSubmatch(uri)
	if m == nil {
		return "", "", "", false
	}
	return m[1], m[2], m[3], true
}

func (v *validator) userPoolDetails(path string, p UserPool) {
	if d := p.Domain; d != nil {
		switch {
		case d.Prefix != "" && d.Name != "":
			v.add(path+".domain", "keep prefix (amazoncognito.com) or name (custom domain)", "prefix and name are mutually exclusive")
		case d.Prefix != "":
			if !cognitoPrefix.MatchString(d.Prefix) {
				fix := "use lowercase letters, digits and hyphens"
				if meant := hyphenated(strings.ToLower(d.Prefix), isLowerOrDigit); cognitoPrefix.MatchString(meant) {
					fix = fmt.Sprintf("write %q: %s", meant, fix)
				}
				v.add(path+".domain.prefix", fix, "%q is not a Cognito domain prefix", d.Prefix)
			}
			for _, word := range cognitoReserved {
				if strings.Contains(d.Prefix, word) {
					v.add(path+".domain.prefix", "choose a prefix without "+word, "Cognito refuses domain prefixes containing %q", word)
				}
			}
		case d.Name != "":
			if v.domain(path+".domain.name", d.Name, false) && p.ARN == "" {
				v.inZone(path+".domain.name", d.Name, "the custom Cognito domain's alias record", false)
			}
			if p.ARN == "" {
				v.usEast1Certificate(path+".domain.certificate", d.Certificate, "for the custom domain",
					"a custom Cognito domain is served by CloudFront, which reads certificates only from us-east-1")
			}
		default:
			v.add(path+".domain", "give prefix or name", "is empty")
		}
	}
	if p.ARN != "" && len(p.Users) > 0 {
		v.add(path+".users", "create the users in the existing pool, or let the template create the pool", "users can be declared only for a pool the template creates")
	}
	names := map[string]bool{}
	for i, u := range p.Users {
		up := indexPath(path+".users", i)
		if !usernameChars.MatchString(u.Username) || utf8.RuneCountInString(u.Username) > 128 {
			v.add(up+".username", "use 1 to 128 visible characters, no spaces", "%q is not a Cognito user name", u.Username)
		}
		if names[u.Username] {
			v.add(up+".username", "declare each user once", "%q is declared twice", u.Username)
		}
		names[u.Username] = true
		if !emailPattern.MatchString(u.Email) {
			v.add(up+".email", "give the address that receives the invitation", "%q is not an email address", u.Email)
		}
	}
}

// usEast1Certificate checks the certificate of something CloudFront serves
// (a distribution, a custom Cognito domain): it must be in us-east-1.
func (v *validator) usEast1Certificate(path, arn, purpose, why string) {
	if !v.required(path, arn, "give the ARN of an ACM certificate in us-east-1 "+purpose) {
		return
	}
	region, ok := acmARNRegion(arn)
	switch {
	case !ok:
		v.add(path, "copy the ARN from ACM in us-east-1", "%q is not an ACM certificate ARN", arn)
	case region != "us-east-1":
		v.add(path, "request or import the certificate in us-east-1 and use that ARN", "the certificate is in %s, but %s", region, why)
	default:
		v.certificateAccount(path, arn)
	}
}

// hasWildcard reports whether an ALB pattern holds a wildcard (* or ?).
func hasWildcard(pattern string) bool { return strings.ContainsAny(pattern, "*?") }
