package blueprint

import (
	"reflect"
	"testing"
)

// TestEntrances: where clients reach the application, for each kind of
// front door: CloudFront (with or without a record in dns.zone), the API's
// stage unless the web ACL admits CloudFront only, internet-facing ALBs by
// host name or DNS name, and internal load balancers no API calls, from
// inside the VPC only; load balancers the API calls are not listed.
func TestEntrances(t *testing.T) {
	const service = "services:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}]\n"
	for _, c := range []struct {
		name, src string
		want      []Entrance
	}{
		{"a public ALB without host names", "name: shop\ningress: {alb: {default: web}}\n" + service + "    alb: {}\n",
			[]Entrance{{What: "the Application Load Balancer", Output: "AlbDnsName", Protocol: "HTTP"}}},
		{"a public ALB with a host name and a certificate", "name: shop\ndns: {zone: shop.test, zoneId: Z1PA6795UKMFR9}\ningress: {alb: {default: web, hostnames: [www.shop.test], certificate: {domain: www.shop.test}}}\n" + service + "    alb: {}\n",
			[]Entrance{{What: "the Application Load Balancer", URL: "https://www.shop.test"}}},
		{"a public ALB with a certificate and no host names", "name: shop\ndns: {zone: shop.test, zoneId: Z1PA6795UKMFR9}\ningress: {alb: {default: web, certificate: {domain: www.shop.test}}}\n" + service + "    alb: {}\n",
			[]Entrance{{What: "the Application Load Balancer", URL: "https://www.shop.test", PointAt: "AlbDnsName"}}},
		{"a wildcard certificate and no host names", "name: shop\ndns: {zone: shop.test, zoneId: Z1PA6795UKMFR9}\ningress: {alb: {default: web, certificate: {domain: \"*.shop.test\"}}}\n" + service + "    alb: {}\n",
			[]Entrance{{What: "the Application Load Balancer", URL: "https://NAME.shop.test", PointAt: "AlbDnsName", NameOfCertificate: true}}},
		{"an existing certificate and no host names", "name: shop\ningress: {alb: {default: web, certificate: {arn: \"arn:aws:acm:us-east-1:111122223333:certificate/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\"}}}\n" + service + "    alb: {}\n",
			[]Entrance{{What: "the Application Load Balancer", URL: "https://NAME", PointAt: "AlbDnsName", NameOfCertificate: true}}},
		{"an internal ALB and the NLB, no API", "name: shop\ningress:\n  nlb: {}\n  albs: [{id: inner, scheme: internal}]\n" + service + "    nlb: {}\n  - name: admin\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 8080}]\n    alb: {loadBalancer: inner, paths: [/*]}\n",
			[]Entrance{
				{What: "the Application Load Balancer inner", Output: "InnerAlbDnsName", Protocol: "HTTP", InsideVPC: true},
				{What: "the internal Network Load Balancer", Output: "NlbDnsName", InsideVPC: true},
			}},
		{"an API over the NLB", "name: shop\ningress: {nlb: {}}\n" + service + "    nlb: {}\napi:\n  stage: v1\n  routes: [{method: GET, path: /, service: web}]\n",
			[]Entrance{{What: "the API, stage v1", Output: "ApiUrl"}}},
		{"CloudFront for a name outside dns.zone", "name: shop\ndns: {zone: shop.test, zoneId: Z1PA6795UKMFR9}\ningress: {nlb: {}}\n" + service + "    nlb: {}\napi:\n  stage: v1\n  routes: [{method: GET, path: /, service: web}]\ncdn: {domains: [api.other.test], certificate: \"arn:aws:acm:us-east-1:111122223333:certificate/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\"}\n",
			[]Entrance{
				{What: "CloudFront, in front of the API", URL: "https://api.other.test", PointAt: "CdnDomainName"},
				{What: "the API, stage v1", Output: "ApiUrl"},
			}},
		{"CloudFront and a web ACL: the stage admits CloudFront only", "name: shop\ndns: {zone: shop.test, zoneId: Z1PA6795UKMFR9}\ningress: {nlb: {}}\n" + service + "    nlb: {}\napi:\n  stage: v1\n  routes: [{method: GET, path: /, service: web}]\ncdn: {domains: [api.shop.test], certificate: \"arn:aws:acm:us-east-1:111122223333:certificate/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\"}\nwaf: {cloudFront: \"arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\"}\n",
			[]Entrance{{What: "CloudFront, in front of the API", URL: "https://api.shop.test"}}},
		{"a worker", "name: shop\nservices:\n  - name: jobs\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/docker/library/python:3.13\"}}]\n", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := Read("bp.yaml", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := b.WithDefaults().Entrances(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("Entrances:\n%+v\nwant\n%+v", got, c.want)
			}
		})
	}
}
