package controls

import "github.com/ecsgate/ecsgate/internal/lazyre"

// elbControls check the load balancers, their listeners and target groups.
var elbControls = []Control{
	{
		ID: "CT.ELASTICLOADBALANCING.PR.1", SecurityHub: []string{"ELB.1"},
		Asks: "HTTP listeners that redirect to HTTPS", Types: []string{listenerType},
		Setting: "an ALB certificate (required under security: strict): port 80 then redirects",
		Cost:    "an ACM certificate (free) and a DNS name",
		check: func(t *Template, r Resource) string {
			if !isText(r.Properties["Protocol"], "HTTP") {
				return ""
			}
			actions, _ := list(r.Properties["DefaultActions"])
			if len(actions) == 0 {
				return "an HTTP listener without default actions"
			}
			for _, a := range actions {
				if !isText(mustGet(a, "Type"), "redirect") || !isText(mustGet(a, "RedirectConfig", "Protocol"), "HTTPS") {
					return "an HTTP listener serves instead of redirecting to HTTPS"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICLOADBALANCING.PR.2", SecurityHub: []string{"ELB.2"},
		Asks: "ACM certificates on HTTPS and TLS listeners", Types: []string{listenerType, "AWS::ElasticLoadBalancingV2::ListenerCertificate"},
		Setting: "always: certificates are ACM's", Cost: "none",
		check: func(t *Template, r Resource) string {
			if r.Type == listenerType && !oneOf(r.Properties["Protocol"], "HTTPS", "TLS") {
				return ""
			}
			certs, _ := list(r.Properties["Certificates"])
			if r.Type == listenerType && len(certs) == 0 {
				return "no Certificates"
			}
			for _, c := range certs {
				arn, ok := get(c, "CertificateArn")
				if !ok || !(matches(arn, acmCertificate) || t.localRef(arn, "AWS::CertificateManager::Certificate")) {
					return "a certificate is not an ACM certificate ARN or a certificate of this template"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICLOADBALANCING.PR.3", SecurityHub: []string{"ELB.12"},
		Asks: "ALB desync mitigation defensive or strictest", Types: []string{loadBalancerType},
		Setting: "always: AWS's default, defensive", Cost: "none",
		check: func(t *Template, r Resource) string {
			if !isText(r.Properties["Type"], "application") {
				return ""
			}
			attrs, ok := r.Properties["LoadBalancerAttributes"]
			if !ok {
				return ""
			}
			l, isList := list(attrs)
			if !isList {
				return "LoadBalancerAttributes is not a list"
			}
			for _, a := range l {
				if isText(mustGet(a, "Key"), "routing.http.desync_mitigation_mode") && !oneOf(mustGet(a, "Value"), "defensive", "strictest") {
					return "desync mitigation is monitor"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICLOADBALANCING.PR.4", SecurityHub: []string{"ELB.4"},
		Asks: "ALBs drop invalid HTTP headers", Types: []string{loadBalancerType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			if !isText(r.Properties["Type"], "application") {
				return ""
			}
			if !hasAttribute(r, "routing.http.drop_invalid_header_fields.enabled", trueOrTrueString) {
				return "invalid header fields are not dropped"
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICLOADBALANCING.PR.5", SecurityHub: []string{"ELB.6"},
		Asks: "deletion protection on load balancers", Types: []string{loadBalancerType},
		Setting: "ingress.alb / ingress.albs[] / ingress.nlb deletionProtection: true (security: strict)",
		Cost:    "deleting the stack stops at the load balancer until the attribute is turned off: set deletionProtection: false in environments that are torn down",
		check: func(t *Template, r Resource) string {
			if !hasAttribute(r, "deletion_protection.enabled", trueOrTrueString) {
				return "deletion protection is off"
			}
			return ""
		},
	},
	{
		ID: "CT.ELASTICLOADBALANCING.PR.6", SecurityHub: []string{"ELB.5"},
		Asks: "access logs on application and network load balancers", Types: []string{loadBalancerType},
		Setting: "logs.audit: true (security: strict), into the audit bucket or logs.bucket",
		Cost:    "S3 storage of the logs until logs.expireDays; an NLB writes them for its TLS listeners only",
		check: func(t *Template, r Resource) string {
			if !oneOf(r.Properties["Type"], "application", "network") {
				return ""
			}
			if !hasAttribute(r, "access_logs.s3.enabled", trueOrTrueString) ||
				!hasAttribute(r, "access_logs.s3.bucket", func(v any) bool { return t.textOrRef(v, bucketType) }) {
				return "access logs are off"
			}
			return ""
		},
	},
	{
		ID:   "CT.ELASTICLOADBALANCING.PR.14",
		Asks: "cross-zone load balancing on NLBs", Types: []string{loadBalancerType},
		Setting: "ingress.nlb.crossZone: true (the default)", Cost: "data transfer between zones",
		check: func(t *Template, r Resource) string {
			if !isText(r.Properties["Type"], "network") {
				return ""
			}
			if !hasAttribute(r, "load_balancing.cross_zone.enabled", trueOrTrueString) {
				return "cross-zone load balancing is off"
			}
			return ""
		},
	},
	{
		ID:   "CT.ELASTICLOADBALANCING.PR.15",
		Asks: "target groups that keep cross-zone load balancing", Types: []string{"AWS::ElasticLoadBalancingV2::TargetGroup"},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			attrs, ok := r.Properties["TargetGroupAttributes"]
			if !ok {
				return ""
			}
			l, isList := list(attrs)
			if !isList {
				return "TargetGroupAttributes is not a list"
			}
			for _, a := range l {
				if isText(mustGet(a, "Key"), "load_balancing.cross_zone.enabled") {
					v := mustGet(a, "Value")
					if !trueOrTrueString(v) && !isText(v, "use_load_balancer_configuration") {
						return "cross-zone load balancing is turned off"
					}
				}
			}
			return ""
		},
	},
}

const (
	listenerType     = "AWS::ElasticLoadBalancingV2::Listener"
	loadBalancerType = "AWS::ElasticLoadBalancingV2::LoadBalancer"
)

var acmCertificate = lazyre.New(`arn:aws[a-z0-9\-]*:acm:[a-z0-9\-]+:\d{12}:certificate\/[\w\-]{1,64}`)

// hasAttribute reports whether a load balancer has the attribute with a
// value ok accepts.
func hasAttribute(r Resource, key string, ok func(any) bool) bool {
	attrs, _ := list(r.Properties["LoadBalancerAttributes"])
	for _, a := range attrs {
		m, _ := a.(map[string]any)
		if v, has := m["Value"]; has && isText(m["Key"], key) && ok(v) {
			return true
		}
	}
	return false
}
