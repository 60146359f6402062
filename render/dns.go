package render

import (
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/certificatemanager"
	"github.com/awslabs/goformation/v7/cloudformation/route53"
)

// certificates creates the ACM certificates the Blueprint asks for, validated
// through DNS records in the hosted zone, or uses the given ARNs.
func (r *builder) certificates() {
	n := r.bp.Ingress.NLB
	if n == nil || n.Certificate == nil {
		return
	}
	if n.Certificate.ARN != "" {
		r.nlbCertificate = n.Certificate.ARN
		return
	}
	r.certificate("NlbCertificate", n.Certificate.Domain)
	r.nlbCertificate = cloudformation.Ref("NlbCertificate")
}

// certificate requests an ACM certificate validated by DNS. CloudFormation
// writes the validation record into the hosted zone itself and waits until the
// certificate is issued, so listeners using it can be created right after.
func (r *builder) certificate(cid, domain string) {
	r.add(cid, &certificatemanager.Certificate{
		DomainName:       domain,
		ValidationMethod: cloudformation.String("DNS"),
		DomainValidationOptions: []certificatemanager.Certificate_DomainValidationOption{{
			DomainName:   domain,
			HostedZoneId: cloudformation.String(r.bp.DNS.ZoneID),
		}},
		Tags: nameTag(strings.ReplaceAll(strings.TrimPrefix(domain, "*."), ".", "-")),
	})
	r.output(cid+"Arn", "ARN of the ACM certificate for "+domain+".", cloudformation.Ref(cid))
}

// dnsRecords creates alias records for load balancer host names and CDN domains.
func (r *builder) dnsRecords() {
	if n := r.bp.Ingress.NLB; n != nil && n.Hostname != "" {
		r.aliasRecord("NlbDnsRecord", n.Hostname, "A", cloudformation.GetAtt("Nlb", "DNSName"), cloudformation.GetAtt("Nlb", "CanonicalHostedZoneID"))
		r.output("NlbHostname", "Host name of the internal Network Load Balancer.", n.Hostname)
	}
	r.cdnRecords()
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
