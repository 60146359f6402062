package blueprint

import (
	"slices"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// globalWebACL matches the ARN of a web ACL of scope CLOUDFRONT, which AWS
// WAF keeps in us-east-1 under global/webacl.
var (
	globalWebACL   = lazyre.New(`^arn:aws(?:-[a-z]+)*:wafv2:us-east-1:\d{12}:global/webacl/[\w-]{1,128}/[0-9a-f-]{36}$`)
	regionalWebACL = lazyre.New(`^arn:aws(?:-[a-z]+)*:wafv2:[a-z0-9-]+:\d{12}:regional/webacl/`)
)

// Rate limits AWS WAF accepts in a rate-based rule.
const (
	minRateLimit = 10
	maxRateLimit = 2_000_000_000
)

func (v *validator) waf() {
	w := v.b.WAF
	if w == nil {
		return
	}
	publicALB := slices.ContainsFunc(v.b.ApplicationLoadBalancers(), func(lb LoadBalancer) bool { return lb.Scheme == SchemeInternetFacing })
	if v.b.API == nil && !publicALB {
		v.add("waf", "remove waf, or add an api or an internet-facing ALB", "there is no public edge for the web ACL to protect (an API stage or an internet-facing ALB)")
	}
	v.between("waf.rateLimit", w.RateLimit, minRateLimit, maxRateLimit, " requests per 5 minutes")
	switch {
	case v.b.CDN == nil && w.CloudFront != "":
		v.add("waf.cloudFront", "remove it, or add cdn", "a CloudFront web ACL is used only by the cdn's distribution")
	case v.b.CDN != nil && w.CloudFront == "":
		v.add("waf.cloudFront", "create a web ACL of scope CLOUDFRONT in us-east-1 (with the same rules) and give its ARN",
			"the cdn needs a web ACL too, and CloudFront takes only one of scope CLOUDFRONT from us-east-1, which a stack in another region cannot create")
	case w.CloudFront == "":
	case regionalWebACL.MatchString(w.CloudFront):
		v.add("waf.cloudFront", "create a web ACL of scope CLOUDFRONT in us-east-1 and give its ARN (arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID)",
			"%q is a regional web ACL; CloudFront takes only global ones (scope CLOUDFRONT, in us-east-1)", w.CloudFront)
	case !globalWebACL.MatchString(w.CloudFront):
		v.add("waf.cloudFront", "copy the ARN from AWS WAF in us-east-1: arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID",
			"%q is not the ARN of a global web ACL", w.CloudFront)
	}
}
