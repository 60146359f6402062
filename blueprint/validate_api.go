package blueprint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

var (
	stagePattern  = bounded(`^[A-Za-z0-9_-]+$`, 1, 128)
	snsTopicARN   = lazyre.New(`^arn:aws(?:-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$`)
	userPoolARN   = lazyre.New(`^arn:aws(?:-[a-z]+)*:cognito-idp:[a-z0-9-]+:\d{12}:userpool/[a-z0-9-]+_[0-9A-Za-z]+$`)
	userPoolID    = lazyre.New(`^(` + regionExpr + `)_[0-9A-Za-z]+$`)
	scopePattern  = bounded(`^[\x21\x23-\x5B\x5D-\x7E]+$`, 1, 256)
	claimPattern  = bounded(`^[A-Za-z0-9_.:-]+$`, 1, 128)
	originPattern = lazyre.New(`^https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$`)
	headerPattern = bounded(`^[A-Za-z0-9-]+$`, 1, 64)
	routeMethods  = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", MethodAny}
	priceClasses  = []string{"PriceClass_All", "PriceClass_200", "PriceClass_100"}
)

const (
	// MaxRouteTimeout is API Gateway's integration timeout, in seconds,
	// without a raised quota; it is also the default route timeout.
	MaxRouteTimeout = 29
	// maxRaisedRouteTimeout bounds timeouts when the account has a raised
	// quota: beyond 5 minutes a call is better made asynchronous.
	maxRaisedRouteTimeout = 300
)

func (v *validator) userPools() {
	names := newUniqueNames("user pool", "userPools")
	for i, p := range v.b.UserPools {
		path := indexPath("userPools", i)
		names.entry(v, path+".name", p.Name, i, 32)
		if p.ARN != "" && !userPoolARN.MatchString(p.ARN) {
			v.add(path+".arn", userPoolARNFix(p.ARN), "%q is not a user pool ARN", p.ARN)
		}
		v.userPoolDetails(path, p)
	}
}

func (v *validator) api() {
	a := v.b.API
	if a == nil {
		return
	}
	// The backend's checks (every route against every listener rule) run
	// beside the routes' own; their problems come first, as written here.
	defer v.aside(func(o *validator) { o.backend(a) })()
	if a.InsecureSkipVerification {
		v.warn("api.insecureSkipVerification", "remove it outside tests", "API Gateway does not verify the certificate of the load balancer it calls: whoever answers in its place inside the VPC receives the API's requests and tokens")
	}
	if len(a.Name) > 1024 {
		v.add("api.name", "shorten it", "is %d characters long", len(a.Name))
	}
	v.noSubstitution("api.name", a.Name, "the template's Fn::Sub of the API document")
	if !stagePattern.MatchString(a.Stage) {
		v.add("api.stage", stageNameFix(a.Stage), "%q is not a valid stage name", a.Stage)
	}
	v.between("api.throttle.rate", a.Throttle.Rate, 1, 10000, " requests/s")
	v.between("api.throttle.burst", a.Throttle.Burst, 1, 5000, " requests")
	if c := a.CORS; c != nil {
		if c.Origin != "*" && !originPattern.MatchString(c.Origin) {
			v.add("api.cors.origin", originFix(c.Origin, `write one origin such as https://app.example.com, or "*": API Gateway answers preflights with one fixed origin`, false), "%q is not an origin", c.Origin)
		}
		for i, h := range c.Headers {
			if !headerPattern.MatchString(h) {
				v.add(indexPath("api.cors.headers", i), "write a header name such as Content-Type", "%q is not a header name", h)
			}
		}
		v.between("api.cors.maxAge", c.MaxAge, 0, 86400, " s")
	}
	v.serverBasePath()
	if len(a.Routes) == 0 && a.OpenAPI == "" {
		v.add("api.routes", "add a route with path, method and service", "an API needs at least one route")
	}
	limit := MaxRouteTimeout
	if a.RaisedTimeoutQuota {
		limit = maxRaisedRouteTimeout
	}
	for i, rule := range a.Serve {
		// A rule's settings are its operations' routes': checked here once.
		p := indexPath("api.serve", i)
		if rule.Timeout != 0 { // unwritten, the routes take their default
			v.routeTimeout(p+".timeout", rule.Timeout, limit)
		}
		if rule.Integration != "" {
			v.oneOf(p+".integration", rule.Integration, integrationChoices...)
		}
	}
	tree := routeTree{}
	seen := map[string]int{}
	services := v.b.ServicesByName()
	for i := range a.Routes {
		r := &a.Routes[i]
		path := indexPath("api.routes", i)
		v.route(path, r, limit, services)
		if problem, _ := pathProblem(r.Path); problem != "" {
			continue
		}
		key := r.Method + " " + normalizePath(r.Path)
		if first, dup := seen[key]; dup {
			v.add(path, "remove one of them or change its path or method", "%s %s conflicts with %s", r.Method, r.Path, v.routeName(first))
		}
		seen[key] = i
		if clash := tree.add(r.Path, i, v.routeName); clash != "" {
			v.add(path+".path", "use the same parameter name at this level in every route", "%s", clash)
		}
		if r.Method == "OPTIONS" && a.CORS != nil {
			v.add(path+".method", "remove the OPTIONS route or api.cors", "OPTIONS is answered by the generated CORS preflight")
		}
	}
}

// colonParameters warns of a path part written :id, as Express and Rails
// write a parameter: API Gateway accepts it, as the literal text ":id".
// path is the route's.
func (v *validator) colonParameters(path, route string) {
	if !strings.Contains(route, "/:") {
		return // the common case, without splitting thousands of paths
	}
	parts := strings.Split(route[1:], "/")
	for i, part := range parts {
		if name, ok := otherParameter(part); ok && part[0] == ':' {
			v.warn(path+".path", "write the path as "+withPart(parts, i, "{"+name+"}")+" for a parameter",
				"%q has the part %s, which API Gateway matches as that text, not as a parameter", route, part)
			return
		}
	}
}

// route checks one route; services are the Blueprint's by name.
func (v *validator) route(path string, r *Route, limit int, services map[string]*Service) {
	if v.required(path+".path", r.Path, "give a path such as /users/{id}") {
		if problem, fix := pathProblem(r.Path); problem != "" {
			v.add(path+".path", fix, "%q %s", r.Path, problem)
		} else {
			v.colonParameters(path, r.Path)
		}
	}
	v.oneOf(path+".method", r.Method, routeMethods...)
	if v.required(path+".service", r.Service, "name the service that handles the route") {
		switch s := services[r.Service]; {
		case s == nil:
			v.add(path+".service", nameFix(r.Service, namesOf(v.b.Services, serviceName), "name one of the services"), "there is no service %q", r.Service)
		case s.Scheduled():
			v.scheduledTarget(path+".service", s)
		case v.b.API.Backend != BackendNLB && s.ALB == nil && slices.Contains(backendChoices, v.b.API.Backend): // another word has its own problem
			v.add(path+".service", "add alb with paths to service "+r.Service, "service %q is not attached to an ALB, which this API calls", r.Service)
		case v.b.API.Backend == BackendNLB && s.NLB == nil && v.b.Ingress.NLB != nil: // no NLB at all is the API's problem
			v.add(path+".service", "add nlb: {} to service "+r.Service, "service %q is not attached to the NLB, which the API's VPC link reaches", r.Service)
		}
	}
	if r.Auth != nil {
		pool := v.b.UserPool(r.Auth.UserPool)
		if v.required(path+".auth.userPool", r.Auth.UserPool, "name an entry of userPools") && pool == nil {
			v.add(path+".auth.userPool", nameFix(r.Auth.UserPool, namesOf(v.b.UserPools, userPoolName), "add it to userPools (by arn, or without arn to create it)"), "there is no user pool %q", r.Auth.UserPool)
		}
		// Access tokens with custom scopes come from a resource server and the
		// pool's OAuth endpoints; a pool created here has neither, so every
		// call would be refused with 401.
		if pool != nil && pool.ARN == "" && len(r.Auth.Scopes) > 0 {
			v.add(path+".auth.scopes", "use an existing pool (arn) whose resource server defines the scopes, or drop scopes to accept ID tokens",
				"the user pool %q is created by this template without a resource server or OAuth domain, so no token could carry these scopes", pool.Name)
		}
		for i, s := range r.Auth.Scopes {
			if !scopePattern.MatchString(s) {
				v.add(indexPath(path+".auth.scopes", i), "write a scope such as orders/read", "%q is not an OAuth scope", s)
			} else {
				v.noSubstitution(indexPath(path+".auth.scopes", i), s, "the template's Fn::Sub of the API document")
			}
		}
	}
	known := slices.Contains(integrationChoices, r.Integration)
	if v.b.API.OpenAPI == "" {
		v.oneOf(path+".integration", r.Integration, integrationChoices...)
	}
	if r.Integration == IntegrationClaims {
		if r.Auth == nil && !v.refused(path, "auth") {
			v.add(path+".integration", "add auth with a userPool, or use integration: proxy", "claims come from the Cognito authorizer, and the route has no auth")
		}
		if r.Method == MethodAny {
			v.add(path+".method", "name one method", "a claims integration calls the backend with one method, not ANY")
		}
		keys := map[string]string{}
		for i, c := range r.Claims {
			p := indexPath(path+".claims", i)
			if !claimPattern.MatchString(c) {
				v.add(p, "write a claim name such as email or cognito:username", "%q is not a claim name", c)
				continue
			}
			key := ClaimKey(c)
			if other, dup := keys[key]; dup {
				v.add(p, "drop one of them", "%q and %q both become the JSON key %q", c, other, key)
			}
			keys[key] = c
		}
	} else if len(r.Claims) > 0 && known { // another word has its own problem
		v.add(path+".claims", "set integration: claims, or remove claims", "claims are sent only by a claims integration")
	}
	if v.b.API.OpenAPI == "" {
		v.routeTimeout(path+".timeout", r.Timeout, limit)
	}
}

// routeTimeout checks an integration timeout, in seconds: a route's, or a
// serve rule's, which its operations' routes take (checked once, at the
// rule, rather than at each operation).
func (v *validator) routeTimeout(path string, timeout, limit int) {
	if timeout < 1 || timeout > limit {
		fix := fmt.Sprintf("use 1 to %d seconds", limit)
		if limit == MaxRouteTimeout {
			fix += ", or raise the account's integration timeout quota and set api.raisedTimeoutQuota: true"
		}
		v.add(path, fix, "%d s is beyond what API Gateway allows", timeout)
	}
}

// backend checks how the API reaches the services: the backend, the VPC
// link, and the load balancers behind them.
func (v *validator) backend(a *API) {
	v.oneOf("api.backend", a.Backend, backendChoices...)
	if a.Backend == BackendALBPublic {
		if a.VpcLink != "" {
			v.add("api.vpcLink", "remove vpcLink, or use backend alb to reach an internal ALB through a VPC link V2",
				"backend alb-public calls the ALBs over the internet, without a VPC link")
		}
	} else {
		v.oneOf("api.vpcLink", a.VpcLink, vpcLinkChoices...)
	}
	if a.HTTPInsideVPC && a.Backend != BackendALB {
		v.add("api.httpInsideVpc", "remove it", "httpInsideVpc applies to backend alb only (an internal ALB reached through the VPC link V2)")
	}
	switch a.Backend {
	case BackendALBPublic:
		v.albPublicBackend()
	case BackendALB:
		v.albLinkBackend(a)
	case BackendNLB:
		v.nlbBackend()
	}
	if a.VpcLink == VpcLinkV2 {
		v.vpcLinkV2()
	}
}

// nlbBackend checks the NLB an API reaches through its VPC link.
func (v *validator) nlbBackend() {
	nlb := v.b.Ingress.NLB
	switch {
	case nlb == nil:
		fix := "add ingress.nlb and attach the services with nlb: {}"
		if len(v.b.ApplicationLoadBalancers()) > 0 {
			// The services are behind an ALB already: the API can call it.
			fix += ", or call their ALB: api.backend: alb (internal ALBs, over a VPC link V2) or alb-public (public ALBs, with a secret header)"
		}
		v.add("api", fix, "API Gateway reaches services through a VPC link to an NLB, and ingress.nlb is not defined")
		return
	case nlb.Protocol == ProtocolTLS && nlb.Hostname == "":
		v.add("ingress.nlb.hostname", "set hostname to the name the NLB certificate covers, e.g. elb-origin.example.com",
			"with a TLS listener API Gateway checks the NLB certificate against the integration host, so the NLB needs a host name")
	}
	v.notAnywhereBehindLink("ingress.nlb.allow", nlb.Allow)
}

// albLinkBackend checks an API that reaches internal ALBs through a VPC link
// V2: each ALB its routes call is internal, is called over HTTPS on a name
// its certificate covers (or over HTTP when the Blueprint says so), and its
// listener rules give every route to the service the route names.
func (v *validator) albLinkBackend(a *API) {
	if a.VpcLink == VpcLinkV1 {
		v.add("api.vpcLink", "use vpcLink: v2 (the default), or backend nlb for a VPC link V1",
			"a VPC link V1 reaches only a Network Load Balancer; an ALB needs a VPC link V2")
		return
	}
	if len(v.b.ApplicationLoadBalancers()) == 0 {
		v.add("api.backend", "add ingress.alb with scheme: internal and attach the services with alb, or use backend nlb", "backend alb needs ingress.alb")
		return
	}
	plain := false
	for _, lb := range v.b.APIALBs() {
		alb, name := lb.ALB, albDisplayName(lb)
		plain = plain || alb.Certificate == nil
		if alb.Scheme != SchemeInternal && slices.Contains(schemeChoices, alb.Scheme) { // another word has its own problem
			v.add(lb.Path+".scheme", "set scheme: internal; for an ALB that must stay public (in another VPC or account), use api.backend: alb-public, which calls it over the internet with a secret header (the weaker choice, see "+DocsAPI+")",
				"the API reaches %s through a VPC link V2, which needs an internal ALB, and %s is %s", name, name, alb.Scheme)
		}
		switch {
		case alb.Certificate == nil && !a.HTTPInsideVPC:
			v.add(lb.Path+".certificate", "add a certificate and hostnames it covers, so that API Gateway calls the ALB over HTTPS; or set api.httpInsideVpc: true to send the requests over plain HTTP inside the VPC",
				"%s has no certificate, so the API's requests to it would travel unencrypted", name)
		case alb.Certificate != nil && len(alb.Hostnames) == 0:
			v.add(lb.Path+".hostnames", "add the name the certificate covers, e.g. internal.example.com: the first host name is the integration's host",
				"API Gateway checks %s's certificate against the integration's host name, and the ALB has none", name)
		}
		if alb.Login != nil {
			v.add(lb.Path+".login", "authenticate in API Gateway (routes' auth) instead", "a Cognito login at the ALB cannot work behind API Gateway")
		}
		v.notAnywhereBehindLink(lb.Path+".allow", alb.Allow)
	}
	if a.HTTPInsideVPC && !plain {
		v.add("api.httpInsideVpc", "remove httpInsideVpc: the API calls its ALBs over HTTPS",
			"every ALB the API calls has a certificate, and its port 80 only redirects to HTTPS")
	}
	v.routesReachServices()
}

// albDisplayName is how messages name an ALB.
func albDisplayName(lb LoadBalancer) string {
	if lb.ID != "" {
		return "the ALB " + lb.ID
	}
	return "the ALB"
}

// notAnywhereBehindLink refuses 0.0.0.0/0 and ::/0 for a load balancer behind
// a VPC link: its security group admits the link (V2: the link's group; V1:
// PrivateLink traffic, which it does not evaluate), and a rule for any address
// would admit everything that can route to it besides.
func (v *validator) notAnywhereBehindLink(path string, allow []string) {
	for i, cidr := range allow {
		if cidr == AnywhereIPv4 || cidr == "::/0" {
			v.add(indexPath(path, i), "list the CIDRs of the other clients, or remove allow: the load balancer's security group admits the API's VPC link",
				"%s admits any address to a load balancer that sits behind the API's VPC link", cidr)
		}
	}
}

// vpcLinkV2 checks what a VPC link V2 needs: private subnets in two AZs at
// least (the network's own rules require them), within the link's quota.
func (v *validator) vpcLinkV2() {
	if e := v.b.Network.Existing; e != nil {
		v.overQuota("network.existing.privateSubnets", QuotaVpcLinkSubnets, len(e.PrivateSubnets), "the API's VPC link V2 (one subnet per private subnet)")
	}
}

// albPublicBackend checks an API that calls public ALBs: each must be
// internet-facing with a certificate and host names, send nothing around the
// API, and give every route to its service.
func (v *validator) albPublicBackend() {
	lbs := v.b.ApplicationLoadBalancers()
	if len(lbs) == 0 {
		v.add("api.backend", "add ingress.alb, or use backend nlb", "backend alb-public needs ingress.alb")
		return
	}
	for _, lb := range lbs {
		alb, name := lb.ALB, albDisplayName(lb)
		switch {
		case alb.Scheme != SchemeInternetFacing:
			v.add("api.backend", "make "+name+" internet-facing, or use backend alb (a VPC link V2) for an internal ALB", "API Gateway calls an ALB over the internet with alb-public; an internal one is out of its reach")
		case alb.Certificate == nil || len(alb.Hostnames) == 0:
			v.add("api.backend", "give "+lb.Path+" a certificate and hostnames", "the secret header must travel over HTTPS to a name the ALB certificate covers")
		}
		if alb.Default != DefaultALBDefault {
			v.add(lb.Path+".default", `remove default: requests without the secret header get 403`, "with backend alb-public, no request may reach a service around API Gateway")
		}
		if alb.Login != nil {
			v.add(lb.Path+".login", "authenticate in API Gateway (routes' auth) instead", "a Cognito login at the ALB cannot work behind API Gateway")
		}
	}
	v.routesReachServices()
}

// ClaimKey is the JSON key a claim is sent under: the part after the last
// colon (cognito:username -> username).
func ClaimKey(claim string) string {
	return claim[strings.LastIndex(claim, ":")+1:]
}

// normalizePath replaces parameter names so that /a/{x} and /a/{y} compare equal.
func normalizePath(path string) string {
	var b strings.Builder
	for _, s := range SplitPath(path) {
		b.WriteByte('/')
		switch {
		case s.Greedy:
			b.WriteString("{+}")
		case s.Param:
			b.WriteString("{}")
		default:
			b.WriteString(s.Name)
		}
	}
	return b.String()
}

// routeName names the route at index i in a message about another as
// problems name it: by its field with its method and path (api.routes[2]
// (GET /orders)), or by the operation of the team's document it was
// derived from (GET /orders), whose label the source keeps.
func (v *validator) routeName(i int) string {
	path := indexPath("api.routes", i)
	if label := v.raw.src.label(path); label != "" {
		return label
	}
	r := v.b.API.Routes[i]
	return fmt.Sprintf("%s (%s %s)", path, r.Method, r.Path)
}

// routeTree finds sibling path parameters with different names, which API
// Gateway rejects: a resource has at most one variable child.
type routeTree map[string]struct {
	name  string
	route int
}

func (t routeTree) add(path string, route int, name func(int) string) string {
	prefix := ""
	for _, s := range SplitPath(path) {
		if s.Param {
			label := "{" + s.Name + "}"
			if s.Greedy {
				label = "{" + s.Name + "+}"
			}
			if other, ok := t[prefix]; ok && other.name != label {
				return fmt.Sprintf("%s and %s (%s) are both variables under %q; API Gateway allows one", label, other.name, name(other.route), prefix+"/")
			}
			t[prefix] = struct {
				name  string
				route int
			}{label, route}
			prefix += "/{}"
			continue
		}
		prefix += "/" + s.Name
	}
	return ""
}

func (v *validator) cdn() {
	c := v.b.CDN
	if c == nil {
		return
	}
	if v.b.API == nil {
		v.add("cdn", "add an api section, or remove cdn", "the CloudFront distribution fronts the API, and there is no api")
	}
	v.usEast1Certificate("cdn.certificate", c.Certificate, "that covers the domains", "CloudFront is global and reads certificates only from us-east-1")
	if len(c.Domains) == 0 {
		v.add("cdn.domains", "list the API's public names, e.g. [api.example.com]", "at least one domain is required")
	}
	seen := map[string]bool{}
	for i, d := range c.Domains {
		p := indexPath("cdn.domains", i)
		if v.domain(p, d, true) && seen[d] {
			v.add(p, "list each domain once", "%q is listed twice", d)
		}
		seen[d] = true
	}
	limit := 60
	if v.b.API != nil && v.b.API.RaisedTimeoutQuota {
		limit = 180
	}
	v.between("cdn.originTimeout", c.OriginTimeout, 1, limit, " s")
	if a := v.b.API; a != nil {
		for i, r := range a.Routes {
			if r.Timeout > c.OriginTimeout {
				v.add("cdn.originTimeout", fmt.Sprintf("raise originTimeout to at least %d", r.Timeout),
					"CloudFront would give up after %d s, before API Gateway's %d s timeout of %s", c.OriginTimeout, r.Timeout, v.routeName(i))
				break
			}
		}
	}
	v.oneOf("cdn.priceClass", c.PriceClass, priceClasses...)
}

// stageNameFix is the fix for a stage name API Gateway refuses (1 to 128
// letters, digits, hyphens and underscores): the name written, each run of
// other characters made a hyphen (v1.0 is v1-0), so it can be copied.
func stageNameFix(stage string) string {
	const rule = "a stage name is 1 to 128 letters, digits, hyphens and underscores"
	// stagePattern, which the JSON Schema carries too, says which
	// characters a stage name takes: one rule, read a byte at a time.
	mended := hyphenatedWithin(stage, func(b byte) bool { return stagePattern.MatchString(string(b)) }, stagePattern.max)
	if mended == "" {
		return "write a name such as dev: " + rule
	}
	return fmt.Sprintf("write %q: %s", mended, rule)
}

// originFix is the fix for a CORS origin that is not one. A browser's Origin
// header is the scheme, the host in lowercase and the port, and nothing else,
// and API Gateway and S3 answer with the origin as written: an origin
// written with a path (a copied address, https://app.example.com/) or without
// its scheme matches no request, so the fix writes the origin it was meant as;
// general for an origin it cannot mend; wildcard as for isOrigin.
func originFix(origin, general string, wildcard bool) string {
	scheme, rest, ok := strings.Cut(origin, "://")
	if !ok {
		scheme, rest = "https", origin
	}
	host, _, withPath := strings.Cut(rest, "/")
	mended := strings.ToLower(scheme) + "://" + strings.ToLower(host)
	if !isOrigin(mended, wildcard) {
		return general
	}
	switch {
	case !ok:
		return fmt.Sprintf("write %q: an origin begins with its scheme", mended)
	case withPath:
		return fmt.Sprintf("write %q: an origin is the scheme, host and port, without a path", mended)
	default:
		return fmt.Sprintf("write %q: browsers send the origin in lowercase", mended)
	}
}

// isOrigin reports whether origin is one a browser sends (scheme, host and
// port, in lowercase, without a path), with wildcard one * in its host as S3
// takes it (https://*.example.com).
func isOrigin(origin string, wildcard bool) bool {
	if wildcard && strings.Count(origin, "*") == 1 {
		origin = strings.Replace(origin, "*", "x", 1)
	}
	if !originPattern.MatchString(origin) {
		return false
	}
	// A port a page can be served on: 1 to 65535.
	_, port, hasPort := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(origin, "https://"), "http://"), ":")
	n, err := strconv.Atoi(port)
	return !hasPort || err == nil && n >= 1 && n <= maxPort
}

// userPoolARNFix is the fix for a user pool's arn that is not an ARN. The
// pool's ID (eu-west-1_AbCdEf123, what the Cognito console shows first)
// holds its Region, so the ARN lacks only the account.
func userPoolARNFix(arn string) string {
	if m := userPoolID.FindStringSubmatch(arn); m != nil {
		return fmt.Sprintf("%s is the pool's ID; its ARN is arn:aws:cognito-idp:%s:ACCOUNT:userpool/%s, with the pool's account", arn, m[1], arn)
	}
	return "copy the ARN from Cognito: arn:aws:cognito-idp:REGION:ACCOUNT:userpool/REGION_ID"
}
