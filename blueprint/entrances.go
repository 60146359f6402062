package blueprint

import (
	"slices"
	"strings"
)

// Entrance is where clients reach the application once its stack is
// created: an address the Blueprint fixes (a host name), or the stack output
// that holds it.
type Entrance struct {
	// What names it: "CloudFront, in front of the API".
	What string
	// URL is the address when the Blueprint fixes it, else "".
	URL string
	// Output is the stack output holding the address when URL is "".
	Output string
	// Protocol is how the address of Output is called (HTTP, HTTPS), "" when
	// the output is a URL or the protocol is the service's own (the NLB).
	Protocol string
	// InsideVPC is true for an address reached from inside the VPC only.
	InsideVPC bool
	// PointAt is the stack output a DNS record of URL's host name must
	// point at, when the template creates no record for it (a name outside
	// dns.zone).
	PointAt string
	// NameOfCertificate is true when URL's host is NAME, or NAME.DOMAIN for
	// a wildcard certificate: a name of the load balancer's certificate,
	// which the Blueprint does not say.
	NameOfCertificate bool
}

// certificateName is the placeholder in an Entrance's URL for a name of
// the certificate the Blueprint does not say.
const certificateName = "NAME"

// Entrances lists where clients reach the application: CloudFront, the
// API's stage, the internet-facing ALBs, then the internal load balancers
// that no API reaches. A load balancer the API calls is left out (it is
// reached through the API), every ALB when they admit the API's requests
// only, and the API's stage when the web ACL admits only CloudFront's
// requests. b must have its defaults
// applied.
func (b *Blueprint) Entrances() []Entrance {
	var list []Entrance
	if b.CDN != nil {
		e := Entrance{What: "CloudFront, in front of the API", Output: CDNDomainOutput, Protocol: "HTTPS"}
		if d := b.CDN.Domains; len(d) > 0 {
			e = Entrance{What: e.What, URL: "https://" + d[0]}
			if !slices.Contains(b.CDNRecordDomains(), d[0]) {
				e.PointAt = CDNDomainOutput
			}
		}
		list = append(list, e)
	}
	if b.API != nil && !b.APIOnlyThroughCDN() {
		list = append(list, Entrance{What: "the API, stage " + b.API.Stage, Output: APIURLOutput})
	}
	called := map[string]bool{}
	for _, lb := range b.APIALBs() {
		called[lb.ID] = true
	}
	var inside []Entrance
	for _, lb := range b.ApplicationLoadBalancers() {
		if called[lb.ID] || b.ALBsOnlyThroughAPI() {
			continue
		}
		e := Entrance{What: lb.Title(), URL: lb.URL(), InsideVPC: lb.Scheme != SchemeInternetFacing}
		switch c := lb.Certificate; {
		case e.URL != "":
		case c != nil && c.Domain != "" && !strings.HasPrefix(c.Domain, "*."):
			// The name the certificate is for, which a record of your own
			// must point at the ALB (the template makes records for host
			// names only).
			e.URL, e.PointAt = "https://"+c.Domain, lb.DNSNameOutput()
		case c != nil:
			// A wildcard or an existing certificate: HTTPS clients refuse
			// the ALB's own DNS name, which no certificate of ACM is for,
			// so the address is a name of the certificate, one the
			// Blueprint does not say.
			e.URL, e.PointAt, e.NameOfCertificate = "https://"+certificateName+strings.TrimPrefix(c.Domain, "*"), lb.DNSNameOutput(), true
		default:
			e.Output, e.Protocol = lb.DNSNameOutput(), lb.ServingProtocol()
		}
		if e.InsideVPC {
			inside = append(inside, e)
		} else {
			list = append(list, e)
		}
	}
	if n := b.Ingress.NLB; n != nil && (b.API == nil || b.API.Backend != BackendNLB) {
		e := Entrance{What: "the internal Network Load Balancer", Output: NLBDNSNameOutput, InsideVPC: true}
		if n.Hostname != "" {
			e.Output = NLBHostnameOutput
		}
		inside = append(inside, e)
	}
	return append(list, inside...)
}

// StagePath is the path the API's stage puts in front of the routes in its
// invoke URL (https://ID.execute-api.REGION.amazonaws.com/dev): the stage's
// name. b must have its defaults applied.
func (b *Blueprint) StagePath() string { return "/" + b.API.Stage }

// ClientBasePath is the path in front of the API's routes in the address
// clients call: the stage's path, or none through CloudFront, whose origin
// path is the stage's path (render's distribution). b must have its
// defaults applied.
func (b *Blueprint) ClientBasePath() string {
	if b.CDN != nil {
		return ""
	}
	return b.StagePath()
}

// ALBsOnlyThroughAPI reports whether the ALBs admit API Gateway's requests
// only: with backend alb-public, API Gateway calls them over the internet
// with a secret header (OriginHeader) that each of their rules requires,
// and their default action answers anything else with 403.
func (b *Blueprint) ALBsOnlyThroughAPI() bool {
	return b.API != nil && b.API.Backend == BackendALBPublic
}

// APIOnlyThroughCDN reports whether the API's stage admits CloudFront's
// requests only: a web ACL protecting both blocks requests to the stage
// without the header CloudFront adds ([CloudFrontHeader]).
func (b *Blueprint) APIOnlyThroughCDN() bool { return b.WAF != nil && b.CDN != nil && b.API != nil }

// HasAuth reports whether a route of the API wants a user pool's token
// (auth): called without one, it answers 401.
func (a *API) HasAuth() bool {
	return slices.ContainsFunc(a.Routes, func(r Route) bool { return r.Auth != nil })
}
