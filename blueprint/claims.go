package blueprint

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// claim is a value a Blueprint writes that becomes a name AWS keeps unique
// in an account or Region: two stacks cannot both hold it.
type claim struct {
	// what says what the value becomes, for the message.
	what  string
	value string
	path  string
	// why says why two environments cannot both hold it, when that is not
	// that the name is unique in an account, and leaveOut what leaving it
	// unwritten gives each environment.
	why, leaveOut string
	// anyAccount is true for a claim that holds across accounts (a folder
	// of the repository).
	anyAccount bool
	// overlay writes the overlay that gives environment env a value of its
	// own, in flow style ({ingress: {albs: [{id: backend, name:
	// shop-backend-prod}]}}); nil where no one overlay says it (a host
	// name, which a certificate covers too).
	overlay func(env string) string
	// instead is the fix for environment env where an overlay cannot give
	// it a value of its own (an entry named by the value itself).
	instead func(env string) string
}

// problem says why environment env cannot hold the claim's name too, and
// what to write instead: the overlay that gives env its own name, where one
// overlay says it.
func (c claim) problem(env string) (why, fix string) {
	own := "give each environment its own value in its overlay (environments." + env + ")"
	switch {
	case c.instead != nil:
		own = c.instead(env)
	case c.overlay != nil:
		own = "give each environment its own value in its overlay, as environments: {" + env + ": " + c.overlay(env) + "}"
	}
	switch {
	case c.why == "":
		return c.what + " can belong to one stack only, and every environment is a stack of its own in the account", own + ", or, where the two are in different accounts, give each its accountId"
	case c.leaveOut != "":
		return c.what + ": " + c.why, own + ", or leave it out: this environment's is then " + c.leaveOut
	}
	return c.what + ": " + c.why, own
}

// ownName is a name of an environment's own, for the fix of a name two
// environments hold: the name with the environment's after it, a path
// segment for a log group's.
func ownName(value, env string) string {
	if strings.HasPrefix(value, "/") {
		return strings.TrimSuffix(value, "/") + "/" + env
	}
	return value + "-" + env
}

// accountClaims lists the names b writes that AWS keeps unique across
// stacks (everything ecsgate names itself carries the stack's name): Route 53
// records for host names, CloudFront alternate domain names, Cognito
// domains, SSM parameters, load balancer and log group names.
func (b *Blueprint) accountClaims() []claim {
	var list []claim
	// add lists a name that is written; overlay, when not nil, writes the
	// overlay that gives an environment its own.
	add := func(what, value, path string, overlay func(env string) string) {
		if value != "" {
			list = append(list, claim{what: what, value: value, path: path, overlay: overlay})
		}
	}
	if b.DNS != nil {
		for _, lb := range b.ApplicationLoadBalancers() {
			for i, h := range lb.Hostnames {
				add("the Route 53 record of the host name", strings.ToLower(h), indexPath(lb.Path+".hostnames", i), nil)
			}
		}
		if n := b.Ingress.NLB; n != nil {
			add("the Route 53 record of the host name", strings.ToLower(n.Hostname), "ingress.nlb.hostname", nil)
		}
	}
	if c := b.CDN; c != nil {
		for i, d := range c.Domains {
			add("the CloudFront alternate domain name", strings.ToLower(d), indexPath("cdn.domains", i), nil)
		}
	}
	for i, p := range b.UserPools {
		if p.ARN != "" || p.Domain == nil {
			continue
		}
		if p.Domain.Prefix != "" {
			// PREFIX.auth.REGION.amazoncognito.com is one DNS name, which one
			// user pool holds, whatever its account.
			list = append(list, claim{what: "the Cognito domain", value: p.Domain.Prefix, path: indexPath("userPools", i) + ".domain.prefix",
				why: p.Domain.Prefix + ".auth.REGION.amazoncognito.com is one name, which one user pool in a Region holds, in any account", anyAccount: true,
				overlay: func(env string) string {
					return "{userPools: [{name: " + p.Name + ", domain: {prefix: " + ownName(p.Domain.Prefix, env) + "}}]}"
				}})
		}
		add("the Cognito domain", strings.ToLower(p.Domain.Name), indexPath("userPools", i)+".domain.name", nil)
	}
	if p := b.Parameters; p != nil {
		for i, c := range p.Create {
			// An entry is named by its name, which an overlay cannot change;
			// a relative one takes parameters.prefix, which it can.
			if b.ParameterName(c.Name) != c.Name {
				add("the SSM parameter", b.ParameterName(c.Name), indexPath("parameters.create", i)+".name",
					func(env string) string { return "{parameters: {prefix: " + ownName(p.Prefix, env) + "}}" })
			} else if c.Name != "" {
				prefix := path.Dir(c.Name)
				if prefix == "/" {
					prefix = "/" + b.Name
				}
				list = append(list, claim{what: "the SSM parameter", value: c.Name, path: indexPath("parameters.create", i) + ".name",
					instead: func(env string) string {
						return "an overlay cannot rename an entry: write its name under parameters.prefix (parameters: {prefix: " + prefix + ", create: [{name: " + path.Base(c.Name) + ", ...}]}), and give " + env + " a prefix of its own in its overlay (environments: {" + env + ": {parameters: {prefix: " + ownName(prefix, env) + "}}})"
					}})
			}
		}
	}
	for _, lb := range b.ApplicationLoadBalancers() {
		overlay := func(env string) string { return "{ingress: {alb: {name: " + ownName(lb.Name, env) + "}}}" }
		if lb.Path != "ingress.alb" {
			overlay = func(env string) string {
				return "{ingress: {albs: [{id: " + lb.ID + ", name: " + ownName(lb.Name, env) + "}]}}"
			}
		}
		add("the load balancer name", lb.Name, lb.Path+".name", overlay)
	}
	if n := b.Ingress.NLB; n != nil {
		add("the load balancer name", n.Name, "ingress.nlb.name", func(env string) string { return "{ingress: {nlb: {name: " + ownName(n.Name, env) + "}}}" })
	}
	for i, s := range b.Services {
		add("the log group", s.Logs.Group, indexPath("services", i)+".logs.group", func(env string) string {
			return "{services: [{name: " + s.Name + ", logs: {group: " + ownName(s.Logs.Group, env) + "}}]}"
		})
	}
	if p := b.Pipeline; p != nil {
		// Written, not defaulted: unwritten, each environment's pipeline
		// deploys its own stack from its own folder (Pipeline.applyDefaults).
		if p.Stack != "" {
			list = append(list, claim{what: "the stack the pipeline deploys", value: p.Stack, path: "pipeline.stack",
				why: "each environment's pipeline deploys a stack of its own, and two stacks in an account cannot share a name", leaveOut: b.StackName()})
		}
		if p.Directory != "" {
			list = append(list, claim{what: "the folder of " + p.Source.Repository + " the pipeline deploys from", value: p.Directory, path: "pipeline.directory",
				why: "it holds one environment's template.yaml and buildspec.yml, and each environment's pipeline deploys its own", leaveOut: deployDirectory(b.EnvironmentName()), anyAccount: true})
		}
	}
	return list
}

// mergedEnvironments is each environment of b merged with its base, in
// name order, for the checks across environments; one that does not merge
// is left out, as its problems are reported with the environment.
func (b *Blueprint) mergedEnvironments() []*Blueprint {
	var envs []*Blueprint
	for _, name := range b.EnvironmentNames() {
		if env, err := b.merged(name); err == nil {
			envs = append(envs, env)
		}
	}
	return envs
}

// sharedNames finds the names two environments (merged) both write: each
// environment is a stack of its own, and two stacks in one account and
// Region cannot hold one name. The problem is at the later environment's
// value (by name order) and names the earlier one's position.
func sharedNames(envs []*Blueprint) Problems {
	type holder struct {
		env, account string
		at           Problem
	}
	first := map[string][]holder{}
	zones := map[string][]holder{} // the environments that write records in a hosted zone, by its ID
	var problems Problems
	for _, env := range envs {
		name := env.EnvironmentName()
		// A stack writes records only in a hosted zone of its own account.
		if env.writesInZone() && env.DNS.ZoneID != "" {
			z := env.DNS.ZoneID
			at := Problem{Path: "dns.zoneId"}
			env.src.locate(&at)
			if i := slices.IndexFunc(zones[z], func(h holder) bool { return !SameAccount(h.account, env.AccountID) }); i >= 0 {
				h, p := zones[z][i], at
				p.Message = fmt.Sprintf("the hosted zone %s is environment %s's too, in account %s (%s:%d:%d): a stack writes records only in a hosted zone of its own account (%s)", z, h.env, h.account, h.at.File, h.at.Line, h.at.Column, env.AccountID)
				p.Fix = "give environments." + name + " the dns.zoneId of its account's hosted zone (a zone for a subdomain, delegated from this one, is the usual way)"
				problems = append(problems, p)
			}
			zones[z] = append(zones[z], holder{env: name, account: env.AccountID, at: at})
		}
		for _, c := range env.accountClaims() {
			at := Problem{Path: c.path}
			env.src.locate(&at)
			// Environments in accounts of their own may hold one name:
			// the name is unique within an account (and its hosted zone).
			key := c.what + "\x00" + c.value
			i := slices.IndexFunc(first[key], func(h holder) bool { return c.anyAccount || SameAccount(h.account, env.AccountID) })
			if i < 0 {
				first[key] = append(first[key], holder{env: name, account: env.AccountID, at: at})
				continue
			}
			h := first[key][i]
			why, fix := c.problem(name)
			at.Fix = fix
			at.Message = fmt.Sprintf("%q is also environment %s's (%s:%d:%d): %s", c.value, h.env, h.at.File, h.at.Line, h.at.Column, why)
			problems = append(problems, at)
		}
	}
	return problems
}

// writesInZone reports whether b's template writes in its hosted zone, as
// render/dns.go does: alias records for the load balancers' host names, a
// Cognito domain and the distribution's names in the zone, and the
// validation records of the certificates it creates.
func (b *Blueprint) writesInZone() bool {
	if b.DNS == nil {
		return false
	}
	created := func(c *Certificate) bool { return c != nil && c.Domain != "" }
	if n := b.Ingress.NLB; n != nil && (n.Hostname != "" || created(n.Certificate)) {
		return true
	}
	for _, lb := range b.ApplicationLoadBalancers() {
		if len(lb.Hostnames) > 0 || created(lb.Certificate) {
			return true
		}
	}
	for _, p := range b.UserPools {
		if p.ARN == "" && p.Domain != nil && p.Domain.Name != "" {
			return true
		}
	}
	return len(b.CDNRecordDomains()) > 0
}

// sharedImageWarnings warns, for the environment named, of each image it
// runs on another CPU architecture than an environment before it (by name
// order) in the same account runs the same repository:tag: the
// environments of an account push to one repository (the shared stack's),
// where a tag built by gen's push step holds an image of one architecture,
// so the later push breaks the other environment's tasks. A tag pushed as
// a multi-platform image serves both, which is why this is a warning.
func (b *Blueprint) sharedImageWarnings(name string) Problems {
	type build struct {
		env, account, platform string
		at                     Problem
	}
	images := map[string][]build{} // by repository:tag
	var warnings Problems
	for _, other := range b.EnvironmentNames() {
		merged, err := b.merged(other)
		if err != nil {
			continue // reported with the environment
		}
		env := merged.WithDefaults() // each service's platform, as it renders
		for i, svc := range env.Services {
			platform := svc.Platform
			for _, c := range svc.Containers {
				if !c.Image.FromECR() || c.Image.Tag == "" {
					continue
				}
				ref := c.Image.Repository + ":" + c.Image.Tag
				at := Problem{Path: indexPath("services", i) + ".platform"}
				env.src.locate(&at)
				j := slices.IndexFunc(images[ref], func(o build) bool { return SameAccount(o.account, env.AccountID) && o.platform != platform })
				if j < 0 {
					images[ref] = append(images[ref], build{env: other, account: env.AccountID, platform: platform, at: at})
					continue
				}
				if other != name {
					continue
				}
				o := images[ref][j]
				at.Message = fmt.Sprintf("service %s runs %s on %s, and environment %s runs it on %s (%s:%d:%d): the environments of an account push to one repository, where the tag holds one image, and gen's push step builds it for one architecture",
					svc.Name, ref, platform, o.env, o.platform, o.at.File, o.at.Line, o.at.Column)
				at.Fix = "give the image its own tag in environments." + name + ", or push the tag as a multi-platform image (docker buildx build --platform linux/amd64,linux/arm64 --push)"
				at.Warning = true
				warnings = append(warnings, at)
			}
		}
		if other == name {
			break // the environments after it are warned in their turn
		}
	}
	return warnings
}

// sharedEndpoints finds the VPC endpoints that two environments (merged)
// in one existing VPC would both create: AWS refuses a second interface endpoint
// with private DNS for a service in a VPC (its DNS name is taken), and a
// second route to S3's prefix list in a route table (one gateway endpoint
// per service and route table). A VPC the template creates is each
// environment's own. The problem is at the later environment's
// network.existing (by name order), with the endpoints it would create
// again. Listing them as present in the later environment is no fix: the
// endpoints an environment creates admit its own tasks' security group only.
func sharedEndpoints(envs []*Blueprint) Problems {
	type holder struct {
		env, account string
		at           Problem
		services     []string
		routeTables  []string
	}
	first := map[string][]holder{} // by VPC ID
	var problems Problems
	for _, env := range envs {
		if env.Network.Existing == nil {
			continue
		}
		vpc := env.Network.Existing
		h := holder{env: env.EnvironmentName(), account: env.AccountID, at: Problem{Path: "network.existing"}, routeTables: vpc.RouteTables}
		for _, e := range env.WithDefaults().Endpoints() {
			h.services = append(h.services, e.Service)
		}
		if len(h.services) == 0 {
			continue
		}
		env.src.locate(&h.at)
		for _, earlier := range first[vpc.ID] {
			if !SameAccount(earlier.account, h.account) {
				continue
			}
			var again []string
			for _, s := range h.services {
				if slices.Contains(earlier.services, s) && (s != "s3" || slices.ContainsFunc(h.routeTables, func(t string) bool { return slices.Contains(earlier.routeTables, t) })) {
					again = append(again, s)
				}
			}
			if len(again) == 0 {
				continue
			}
			p := h.at
			p.Message = fmt.Sprintf("the stack would create the VPC endpoints %s in %s, which environment %s's creates too (%s:%d:%d): a VPC takes one interface endpoint with private DNS per service, and a route table one route to S3's gateway endpoint", strings.Join(again, ", "), vpc.ID, earlier.env, earlier.at.File, earlier.at.Line, earlier.at.Column)
			p.Fix = fmt.Sprintf("give each environment a VPC of its own; or create the endpoints once for the VPC, outside the environments' stacks, with a security group that admits HTTPS from the VPC's CIDR, and list them in network.existing.presentEndpoints (presentEndpoints: [%s]): an environment's own endpoints admit its own tasks only", strings.Join(again, ", "))
			problems = append(problems, p)
			break
		}
		first[vpc.ID] = append(first[vpc.ID], h)
	}
	return problems
}
