package blueprint

import "testing"

// wafBase is a valid Blueprint with an API behind CloudFront and a web ACL.
const wafBase = `name: shop
ingress:
  nlb: {}
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {uri: "public.ecr.aws/nginx/nginx:1.27"}
        port: 80
    nlb: {}
api:
  routes:
    - {path: /, method: GET, service: web}
cdn:
  domains: [api.example.com]
  certificate: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d
waf:
  cloudFront: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d
`

func TestWAFRules(t *testing.T) {
	checkRules(t, wafBase, []ruleCase{
		{"regional web ACL for CloudFront", "us-east-1:123456789012:global/webacl/edge", "eu-west-1:123456789012:regional/webacl/edge", "waf.cloudFront", "cloudFront:", "is a regional web ACL; CloudFront takes only global ones"},
		{"not a web ACL ARN", "cloudFront: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "cloudFront: edge", "waf.cloudFront", "cloudFront:", "is not the ARN of a global web ACL"},
		{"cdn without a CloudFront web ACL", "waf:\n  cloudFront: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\n", "waf: {logs: true}\n", "waf.cloudFront", "waf:", "which a stack in another region cannot create"},
		{"CloudFront web ACL without a cdn", "cdn:\n  domains: [api.example.com]\n  certificate: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\n", "", "waf.cloudFront", "cloudFront:", "used only by the cdn's distribution"},
		{"rate limit too low", "waf:\n", "waf:\n  rateLimit: 9\n", "waf.rateLimit", "rateLimit", "use a value from 10 to 2000000000"},
		{"nothing to protect", "api:\n  routes:\n    - {path: /, method: GET, service: web}\ncdn:\n  domains: [api.example.com]\n  certificate: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\nwaf:\n  cloudFront: arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\n", "waf: {logs: true}\n", "waf", "waf:", "there is no public edge"},
	})
}
