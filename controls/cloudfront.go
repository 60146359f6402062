package controls

import "github.com/ecsgate/ecsgate/internal/lazyre"

// cloudFrontControls check the distribution in front of the API.
var cloudFrontControls = []Control{
	{
		ID: "CT.CLOUDFRONT.PR.1", SecurityHub: []string{"CloudFront.1"},
		Asks: "a default root object", Types: []string{distributionType},
		Setting:   "never: see the exception",
		Exception: "the distribution fronts an API, not a website: a default root object would rewrite requests for / into a request for that object, which the API does not serve",
		check: func(t *Template, r Resource) string {
			if !nonEmptyText(mustGet(r.Properties, "DistributionConfig", "DefaultRootObject")) {
				return "no DefaultRootObject"
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.3", SecurityHub: []string{"CloudFront.3"},
		Asks: "HTTPS between viewers and CloudFront", Types: []string{distributionType},
		Setting: "always: HTTP is redirected to HTTPS", Cost: "none",
		check: func(t *Template, r Resource) string {
			config := mustGet(r.Properties, "DistributionConfig")
			for _, b := range behaviors(config) {
				if !oneOf(mustGet(b, "ViewerProtocolPolicy"), "https-only", "redirect-to-https") {
					return "a cache behavior allows HTTP"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.4", SecurityHub: []string{"CloudFront.4"},
		Asks: "origin failover: an origin group of two origins", Types: []string{distributionType},
		Setting:   "never: see the exception",
		Exception: "the API is one origin in one Region: failing over needs a second deployment of the application in another Region, which is a different architecture",
		check: func(t *Template, r Resource) string {
			groups := mustGet(r.Properties, "DistributionConfig", "OriginGroups")
			n, _ := number(mustGet(groups, "Quantity"))
			gs, _ := list(mustGet(groups, "Items"))
			if n < 1 || len(gs) == 0 {
				return "no origin group"
			}
			for _, g := range gs {
				if m, _ := number(mustGet(g, "Members", "Quantity")); m != 2 {
					return "an origin group without two members"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.5", SecurityHub: []string{"CloudFront.5"},
		Asks: "standard (access) logs", Types: []string{distributionType},
		Setting: "logs.audit: true (security: strict): into a bucket with ACLs on, or logs.bucket",
		Cost:    "S3 storage of the logs until logs.expireDays; CloudFront delivers no standard logs to buckets in some opt-in Regions",
		check: func(t *Template, r Resource) string {
			logging, ok := mustGet(r.Properties, "DistributionConfig", "Logging").(map[string]any)
			if !ok || !t.textOrRef(logging["Bucket"], bucketType) {
				return "no Logging bucket"
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.6", SecurityHub: []string{"CloudFront.7"},
		Asks: "a custom certificate", Types: []string{distributionType},
		Setting: "always: cdn.certificate", Cost: "none",
		check: func(t *Template, r Resource) string {
			return viewerCertificate(t, r, func(vc map[string]any) bool {
				return nonEmptyText(vc["MinimumProtocolVersion"]) && nonEmptyText(vc["SslSupportMethod"])
			})
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.7", SecurityHub: []string{"CloudFront.8"},
		Asks: "SNI for HTTPS", Types: []string{distributionType},
		Setting: "always", Cost: "none",
		check: func(t *Template, r Resource) string {
			return viewerCertificate(t, r, func(vc map[string]any) bool {
				_, ok := vc["MinimumProtocolVersion"]
				return ok && !isText(vc["MinimumProtocolVersion"], "SSLv3") && isText(vc["SslSupportMethod"], "sni-only")
			})
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.8", SecurityHub: []string{"CloudFront.9"},
		Asks: "encrypted traffic to custom origins", Types: []string{distributionType},
		Setting: "always: https-only to API Gateway", Cost: "none",
		check: func(t *Template, r Resource) string {
			config := mustGet(r.Properties, "DistributionConfig")
			if has(config, "CustomOrigin") {
				return "a legacy CustomOrigin"
			}
			origins, _ := list(mustGet(config, "Origins"))
			for _, o := range origins {
				custom, ok := mustGet(o, "CustomOriginConfig").(map[string]any)
				if !ok {
					continue
				}
				policy := custom["OriginProtocolPolicy"]
				switch {
				case isText(policy, "https-only"):
				case isText(policy, "match-viewer") && viewersUseHTTPS(config):
				default:
					return "an origin is reached over HTTP"
				}
			}
			return ""
		},
	},
	{
		ID:   "CT.CLOUDFRONT.PR.9",
		Asks: "TLS 1.2 or later for viewers", Types: []string{distributionType},
		Setting: "always: TLSv1.2_2021", Cost: "none",
		check: func(t *Template, r Resource) string {
			vc, ok := mustGet(r.Properties, "DistributionConfig", "ViewerCertificate").(map[string]any)
			if !ok {
				return "no ViewerCertificate"
			}
			if v, ok := vc["CloudFrontDefaultCertificate"]; ok && !isFalse(v) {
				return "the default certificate"
			}
			if v := vc["MinimumProtocolVersion"]; !nonEmptyText(v) || oneOf(v, "SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016") {
				return "viewers may use TLS before 1.2"
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.10", SecurityHub: []string{"CloudFront.13"},
		Asks: "origin access control for S3 origins", Types: []string{distributionType},
		Setting: "always: the distribution has no S3 origin", Cost: "none",
		check: func(t *Template, r Resource) string {
			config := mustGet(r.Properties, "DistributionConfig")
			if has(config, "S3Origin") {
				return "a legacy S3Origin"
			}
			origins, _ := list(mustGet(config, "Origins"))
			for _, o := range origins {
				domain := mustGet(o, "DomainName")
				att, _ := list(mustGet(domain, "Fn::GetAtt"))
				s3 := matches(domain, s3DomainName) || len(att) > 1 && oneOf(att[1], "DomainName", "RegionalDomainName") && t.localRef(domain, bucketType)
				if s3 && !t.textOrRef(mustGet(o, "OriginAccessControlId"), "AWS::CloudFront::OriginAccessControl") {
					return "an S3 origin without origin access control"
				}
			}
			return ""
		},
	},
	{
		ID: "CT.CLOUDFRONT.PR.11", SecurityHub: []string{"CloudFront.10"},
		Asks: "no SSLv3 to custom origins", Types: []string{distributionType},
		Setting: "always: TLSv1.2 to API Gateway", Cost: "none",
		check: func(t *Template, r Resource) string {
			config := mustGet(r.Properties, "DistributionConfig")
			if has(config, "CustomOrigin") {
				return "a legacy CustomOrigin"
			}
			origins, _ := list(mustGet(config, "Origins"))
			for _, o := range origins {
				custom, ok := mustGet(o, "CustomOriginConfig").(map[string]any)
				if !ok || !has(custom, "OriginProtocolPolicy") || isText(custom["OriginProtocolPolicy"], "http-only") {
					continue
				}
				protocols, _ := list(custom["OriginSSLProtocols"])
				if len(protocols) == 0 {
					return "an origin without OriginSSLProtocols"
				}
				for _, p := range protocols {
					if isText(p, "SSLv3") {
						return "an origin allows SSLv3"
					}
				}
			}
			return ""
		},
	},
}

const distributionType = "AWS::CloudFront::Distribution"

var s3DomainName = lazyre.New(`(.*)\.s3(-external-\d|[-\.][a-z]*-[a-z]*-[0-9])?\.amazonaws\.com(\.cn)?$`)

// behaviors are a distribution's default cache behavior and the others.
func behaviors(config any) []any {
	list := []any{mustGet(config, "DefaultCacheBehavior")}
	if more, ok := get(config, "CacheBehaviors"); ok && nonEmptyList(more) {
		list = append(list, items(more)...)
	}
	return list
}

// viewersUseHTTPS reports whether no cache behavior allows plain HTTP.
func viewersUseHTTPS(config any) bool {
	for _, b := range behaviors(config) {
		v, ok := get(b, "ViewerProtocolPolicy")
		if !ok || isText(v, "allow-all") {
			return false
		}
	}
	return true
}

// viewerCertificate is why a distribution's viewer certificate is not a
// custom one that also passes more, or "".
func viewerCertificate(t *Template, r Resource, more func(vc map[string]any) bool) string {
	vc, ok := mustGet(r.Properties, "DistributionConfig", "ViewerCertificate").(map[string]any)
	if !ok {
		return "no ViewerCertificate"
	}
	if v, ok := vc["CloudFrontDefaultCertificate"]; ok && !isFalse(v) {
		return "the default certificate"
	}
	custom := t.textOrRef(vc["AcmCertificateArn"], "AWS::CertificateManager::Certificate") || nonEmptyText(vc["IamCertificateId"])
	if !custom || !more(vc) {
		return "no custom certificate served with SNI and a minimum protocol"
	}
	return ""
}
