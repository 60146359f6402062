package render

import (
	"slices"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/certificatemanager"
	"github.com/awslabs/goformation/v7/cloudformation/route53"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// certificates creates the ACM certificates the Blueprint asks for, validated
// through DNS records in the hosted zone, or uses the given ARNs.
func (r *builder) certificates() {
	if n := r.bp.Ingress.NLB; n != nil && n.Certificate != nil {
		r.nlbCertificate = r.certificate(blueprint.NLBCertificateID, n.Certificate)
	}
	for _, lb := range r.bp.ApplicationLoadBalancers() {
		if lb.Certificate != nil {
			r.albCertificates[lb.Prefix] = r.certificate(lb.LogicalID("Certificate"), lb.Certificate)
		}
	}
}

// certificate returns the ARN of an existing certificate, or requests one
// validated by DNS and returns a reference to it. CloudFormation writes the
// validation records into the hosted zone itself and waits until the
// certificate is issued, so listeners using it can be created right after.
func (r *builder) certificate(cid string, c *blueprint.Certificate) string {
	if c.ARN != "" {
		return c.ARN
	}
	var validation []certificatemanager.Certificate_DomainValidationOption
	for _, name := range append([]string{c.Domain}, c.AlternativeNames...) {
		validation = append(validation, certificatemanager.Certificate_DomainValidationOption{
			DomainName:   name,
			HostedZoneId: cloudformation.String(r.bp.DNS.ZoneID),
		})
	}
	r.add(cid, &certificatemanager.Certificate{
		DomainName:              c.Domain,
		SubjectAlternativeNames: c.AlternativeNames,
		ValidationMethod:        cloudformation.String("DNS"),
		DomainValidationOptions: validation,
		Tags:                    nameTag(strings.ReplaceAll(strings.TrimPrefix(c.Domain, "*."), ".", "-")),
	})
	r.output(cid+"Arn", "ARN of the ACM certificate for "+c.Domain+".", intrinsic.Ref(cid))
	return intrinsic.Ref(cid)
}

// dnsRecords creates alias records for load balancer host names and CDN domains.
func (r *builder) dnsRecords() {
	if n := r.bp.Ingress.NLB; n != nil && n.Hostname != "" {
		r.aliasRecord("NlbDnsRecord", n.Hostname, "A", intrinsic.GetAtt(blueprint.NLBID, "DNSName"), intrinsic.GetAtt(blueprint.NLBID, "CanonicalHostedZoneID"))
		r.output(blueprint.NLBHostnameOutput, "Host name of the internal Network Load Balancer.", n.Hostname)
	}
	for _, lb := range r.bp.ApplicationLoadBalancers() {
		for _, h := range lb.Hostnames {
			rid := lb.LogicalID("Record") + blueprint.LogicalName(h)
			target, zone := intrinsic.GetAtt(lb.LogicalID(""), "DNSName"), intrinsic.GetAtt(lb.LogicalID(""), "CanonicalHostedZoneID")
			r.aliasRecord(rid, h, "A", target, zone)
			if lb.DualStack {
				r.aliasRecord(rid+"Ipv6", h, "AAAA", target, zone)
			}
		}
		if len(lb.Hostnames) > 0 {
			r.output(lb.URLOutput(), "URL of "+lb.Title()+".", lb.URL())
		}
	}
	for _, p := range r.bp.UserPools {
		if p.ARN == "" && p.Domain != nil && p.Domain.Name != "" {
			pid := id(p.Name, "UserPool")
			r.aliasRecord(pid+"DomainRecord", p.Domain.Name, "A", intrinsic.GetAtt(pid+"Domain", "CloudFrontDistribution"), cloudFrontZoneID)
		}
	}
	r.cdnRecords()
}

// recordFor returns the logical ID of the A record this template writes for a
// host name, or "" when it writes none.
func (r *builder) recordFor(host string) string {
	if n := r.bp.Ingress.NLB; n != nil && n.Hostname == host {
		return "NlbDnsRecord"
	}
	for _, lb := range r.bp.ApplicationLoadBalancers() {
		for _, h := range lb.Hostnames {
			if h == host && r.bp.DNS != nil {
				return lb.LogicalID("Record") + blueprint.LogicalName(h)
			}
		}
	}
	if slices.Contains(r.bp.CDNRecordDomains(), host) {
		return blueprint.CDNRecordID(host)
	}
	return ""
}

// aliasRecord points a record of type A or AAAA at an AWS endpoint (load
// balancer, distribution). An alias costs nothing per query and follows the
// endpoint's changing addresses.
func (r *builder) aliasRecord(rid, name, recordType, target, targetZone string) {
	rec := &route53.RecordSet{
		Name: name,
		Type: recordType,
		AliasTarget: &route53.RecordSet_AliasTarget{
			DNSName:              target,
			HostedZoneId:         targetZone,
			EvaluateTargetHealth: cloudformation.Bool(false),
		},
	}
	if r.bp.DNS.ZoneID != "" {
		rec.HostedZoneId = cloudformation.String(r.bp.DNS.ZoneID)
	} else {
		rec.HostedZoneName = cloudformation.String(strings.TrimSuffix(r.bp.DNS.Zone, ".") + ".")
	}
	r.add(rid, rec)
}
