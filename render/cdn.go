package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/cloudfront"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// Identifiers AWS publishes and that never change.
const (
	// cloudFrontZoneID is the hosted zone of every CloudFront distribution, used
	// by Route 53 alias records.
	cloudFrontZoneID = "Z2FDTNDATAQYW2"
	// allViewerExceptHostHeader is the managed origin request policy that
	// forwards every viewer header, cookie and query string except Host: API
	// Gateway routes by its own host name, so the viewer's must not reach it.
	allViewerExceptHostHeader = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
)

// cdn puts CloudFront in front of the API's stage.
func (r *builder) cdn() {
	c := r.bp.CDN
	if c == nil {
		return
	}
	r.add("CdnCachePolicy", &cloudfront.CachePolicy{CachePolicyConfig: &cloudfront.CachePolicy_CachePolicyConfig{
		Name:    intrinsic.Sub("${AWS::StackName}-api"),
		Comment: cloudformation.String("API responses: forward Authorization, cache nothing"),
		// CloudFront forwards Authorization only as part of a cache key (an
		// origin request policy with it is refused), and a policy with all TTLs
		// at 0 may not have a cache key. MaxTTL 1 allows the key while the
		// default TTL of 0 keeps responses uncached unless the API asks.
		MinTTL:     0,
		DefaultTTL: 0,
		MaxTTL:     1,
		ParametersInCacheKeyAndForwardedToOrigin: &cloudfront.CachePolicy_ParametersInCacheKeyAndForwardedToOrigin{
			EnableAcceptEncodingGzip:   true,
			EnableAcceptEncodingBrotli: cloudformation.Bool(true),
			HeadersConfig:              &cloudfront.CachePolicy_HeadersConfig{HeaderBehavior: "whitelist", Headers: []string{"Authorization"}},
			QueryStringsConfig:         &cloudfront.CachePolicy_QueryStringsConfig{QueryStringBehavior: "all"},
			CookiesConfig:              &cloudfront.CachePolicy_CookiesConfig{CookieBehavior: "all"},
		},
	}})
	distribution := &cloudfront.Distribution{DistributionConfig: &cloudfront.Distribution_DistributionConfig{
		Enabled:     true,
		Comment:     intrinsic.SubPtr("${AWS::StackName} API"),
		Aliases:     c.Domains,
		HttpVersion: cloudformation.String("http2and3"),
		IPV6Enabled: cloudformation.Bool(true),
		PriceClass:  cloudformation.String(c.PriceClass),
		Origins: []cloudfront.Distribution_Origin{{
			Id: "api",
			// The regional endpoint without the stage; the stage is the origin path.
			DomainName: intrinsic.Sub("${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}"),
			OriginPath: cloudformation.String(r.bp.StagePath()),
			CustomOriginConfig: &cloudfront.Distribution_CustomOriginConfig{
				OriginProtocolPolicy: "https-only",
				HTTPSPort:            cloudformation.Int(443),
				OriginSSLProtocols:   []string{"TLSv1.2"},
				OriginReadTimeout:    cloudformation.Int(c.OriginTimeout),
			},
		}},
		DefaultCacheBehavior: &cloudfront.Distribution_DefaultCacheBehavior{
			TargetOriginId:        "api",
			ViewerProtocolPolicy:  "redirect-to-https",
			AllowedMethods:        []string{"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"},
			CachedMethods:         []string{"GET", "HEAD"},
			CachePolicyId:         intrinsic.RefPtr("CdnCachePolicy"),
			OriginRequestPolicyId: cloudformation.String(allViewerExceptHostHeader),
			Compress:              cloudformation.Bool(true),
		},
		ViewerCertificate: &cloudfront.Distribution_ViewerCertificate{
			AcmCertificateArn:      cloudformation.String(c.Certificate),
			SslSupportMethod:       cloudformation.String("sni-only"),
			MinimumProtocolVersion: cloudformation.String("TLSv1.2_2021"),
		},
	}}
	if w := r.bp.WAF; w != nil {
		// WAFv2 web ACLs are named by ARN here (WAF Classic took an ID).
		distribution.DistributionConfig.WebACLId = cloudformation.String(w.CloudFront)
		distribution.DistributionConfig.Origins[0].OriginCustomHeaders = []cloudfront.Distribution_OriginCustomHeader{{
			HeaderName: blueprint.CloudFrontHeader, HeaderValue: cloudFrontSecretValue(),
		}}
	}
	if r.bp.AuditLogs() {
		// CloudFront's standard logs, into a bucket with ACLs on: CloudFront
		// delivers them through an ACL grant.
		bucket := intrinsic.GetAtt(blueprint.CDNLogsBucketID, "DomainName")
		if b := r.bp.Logs.Bucket; b != "" {
			bucket = b + ".s3.amazonaws.com"
		}
		distribution.DistributionConfig.Logging = &cloudfront.Distribution_Logging{
			Bucket:         bucket,
			Prefix:         cloudformation.String(cdnLogsPrefix),
			IncludeCookies: cloudformation.Bool(false),
		}
	}
	r.add(blueprint.CDNID, distribution)
	r.output(blueprint.CDNDomainOutput, "Domain name of the CloudFront distribution.", intrinsic.GetAtt(blueprint.CDNID, "DomainName"))
	r.output("CdnDistributionId", "ID of the CloudFront distribution.", intrinsic.Ref(blueprint.CDNID))
}

// cdnRecords points each CDN domain in the hosted zone at the distribution,
// for IPv4 and IPv6.
func (r *builder) cdnRecords() {
	for _, d := range r.bp.CDNRecordDomains() {
		rid := blueprint.CDNRecordID(d)
		target := intrinsic.GetAtt(blueprint.CDNID, "DomainName")
		r.aliasRecord(rid, d, "A", target, cloudFrontZoneID)
		r.aliasRecord(rid+"Ipv6", d, "AAAA", target, cloudFrontZoneID)
	}
}
