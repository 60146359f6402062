package copilot

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
)

// environmentFields are the fields of an environment manifest converted;
// the others are noted.
var environmentFields = []string{"name", "type", "network", "http", "observability"}

// environment converts an environment manifest into its overlay: an
// imported VPC as network.existing, a VPC Copilot created with its CIDRs as
// network.vpc, the public load balancer's certificate.
func (c *conversion) environment(file string, m *yaml.Node) {
	name, ok := scalar(value(m, "name"))
	if !ok {
		name = dirOf(file)
	}
	if kind, _ := scalar(value(m, "type")); kind != "Environment" {
		c.note(file, value(m, "type"), "type", "not converted: an environment manifest has type: Environment")
		return
	}
	o := c.overlayOf(name)
	if net := c.environmentNetwork(file, value(m, "network")); net != nil {
		o.network = net
	}
	public := value(m, "http", "public")
	if certs := stringsOf(value(public, "certificates")); len(certs) > 0 {
		o.ingress.certificate = certs[0]
		// A load balancer's certificate is in its own account: the
		// environment is in the certificate's, which tells environments
		// in accounts of their own apart (accountId).
		if account, ok := blueprint.CertificateAccount(certs[0]); ok {
			o.accountID = account
		}
		if strings.Contains(certs[0], "${") {
			c.note(file, value(public, "certificates"), "http.public.certificates", "write the certificate's ARN with its Region and account: Copilot filled in ${AWS_REGION} and ${AWS_ACCOUNT_ID} when it deployed")
		}
		if len(certs) > 1 {
			c.note(file, value(public, "certificates"), "http.public.certificates", "converted the first: an ALB of a Blueprint has one certificate, for its host names (ingress.alb.certificate)")
		}
	}
	o.ingress.allow = addOnce(o.ingress.allow, stringsOf(value(public, "ingress", "source_ips"))...)
	if policy, ok := scalar(value(public, "ssl_policy")); ok {
		o.ingress.sslPolicy = policy
	}
	for _, k := range []struct{ path, what string }{
		{"access_logs", "logs.audit: true writes the load balancers' access logs to the audit bucket"},
		{"ingress.cdn", "the Blueprint's cdn puts CloudFront in front of the API, not of the ALB"},
		{"security_groups", "the ALB's security group admits ingress.alb.allow, or every address"},
	} {
		if v := value(public, strings.Split(k.path, ".")...); v != nil {
			c.note(file, v, "http.public."+k.path, "not converted: %s", k.what)
		}
	}
	if v := value(m, "http", "private"); v != nil {
		c.privateALBs = append(c.privateALBs, place{file, "http.private", v}) // noted once the services are known
	}
	if on, ok := truth(value(m, "observability", "container_insights")); ok && !on {
		c.note(file, value(m, "observability", "container_insights"), "observability.container_insights", "not converted: Container Insights is on in a Blueprint (cluster.insights: enabled, the default; disabled turns it off for every environment)")
	}
	for _, k := range keys(m) {
		switch {
		case slices.Contains(environmentFields, k.Value):
		case k.Value == "cdn":
			c.note(file, k, k.Value, "not converted: the Blueprint's cdn puts CloudFront in front of the API (api), not of an ALB")
		default:
			c.note(file, k, k.Value, "not converted: see "+blueprint.DocsFromCopilot+" for the Blueprint's counterpart, if any")
		}
	}
}

// environmentNetwork converts an environment's network: an imported VPC
// (network.vpc.id) with its subnets, or the CIDRs of the VPC Copilot
// created.
func (c *conversion) environmentNetwork(file string, n *yaml.Node) *yaml.Node {
	vpc := value(n, "vpc")
	if vpc == nil {
		return nil
	}
	subnets := func(kind, field string) []string {
		var out []string
		for _, item := range resolveList(value(vpc, "subnets", kind)) {
			if v, ok := scalar(value(item, field)); ok {
				out = append(out, v)
			}
		}
		return out
	}
	if v := value(vpc, "flow_logs"); v != nil {
		c.note(file, v, "network.vpc.flow_logs", "not converted: logs.audit: true writes the VPC's flow logs to the audit bucket")
	}
	if v := value(vpc, "security_group"); v != nil {
		c.note(file, v, "network.vpc.security_group", "not converted: each service has a security group of its own")
	}
	if id, ok := scalar(value(vpc, "id")); ok {
		existing := put(mapping(), "id", text(id))
		if cidr, ok := scalar(value(vpc, "cidr")); ok {
			put(existing, "cidr", text(cidr))
		} else {
			c.note(file, value(vpc, "id"), "network.vpc.id", "the imported VPC's CIDR is not in the manifest: write network.existing.cidr (the security groups open ports to it)")
		}
		if ids := subnets("private", "id"); len(ids) > 0 {
			put(existing, "privateSubnets", texts(ids))
		} else {
			c.note(file, value(vpc, "id"), "network.vpc.subnets.private", "the imported VPC has no private subnets, where a Blueprint's tasks run (Copilot put a Load Balanced Web Service's tasks in public subnets with public IPs): add private subnets in two AZs, with a NAT gateway or VPC endpoints to reach ECR and CloudWatch Logs, and list them in network.existing.privateSubnets ("+blueprint.DocsNetworking+")")
		}
		if ids := subnets("public", "id"); len(ids) > 0 {
			put(existing, "publicSubnets", texts(ids))
		}
		return put(mapping(), "existing", existing)
	}
	cidr, ok := scalar(value(vpc, "cidr"))
	if !ok {
		return nil
	}
	v := put(mapping(), "cidr", text(cidr))
	if zones := subnets("public", "az"); len(zones) > 0 {
		put(v, "zones", texts(zones))
	}
	if cidrs := subnets("public", "cidr"); len(cidrs) > 0 {
		put(v, "publicSubnets", texts(cidrs))
	}
	if cidrs := subnets("private", "cidr"); len(cidrs) > 0 {
		put(v, "privateSubnets", texts(cidrs))
	}
	return put(mapping(), "vpc", v)
}

// resolveList returns a sequence's items, or nil.
func resolveList(n *yaml.Node) []*yaml.Node {
	if n = resolve(n); n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
