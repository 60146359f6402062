package blueprint

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// Validate checks the Blueprint, with defaults applied, against the rules AWS
// enforces at deploy time and the rules ecsgate adds for safety. It returns nil
// or a [Problems] value with every problem found. Problems at fields that
// already failed to decode are left out, so each mistake is reported once.
func (b *Blueprint) Validate() error {
	_, _, err := b.validate()
	return err
}

// Warnings lists the choices of a valid Blueprint that are rarely meant
// (a public ALB serving plain HTTP on its host names, say), with their
// positions and the fix; gen prints them and goes on.
func (b *Blueprint) Warnings() Problems {
	_, warnings, _ := b.validate()
	return warnings
}

// validate checks b and returns the copy with defaults applied that it
// checked, and its warnings.
func (b *Blueprint) validate() (*Blueprint, Problems, error) {
	v := &validator{b: b.WithDefaults(), raw: b}
	v.blueprint()
	var kept Problems
	// Two checks may reach the same problem (each name of a certificate
	// needs dns.zoneId): the reader sees it once.
	said := map[Problem]bool{}
	for _, p := range v.problems {
		if b.src.covers(p.Path) || said[p] {
			continue
		}
		said[p] = true
		b.src.locate(&p)
		kept = append(kept, p)
	}
	for i := range v.warnings {
		b.src.locate(&v.warnings[i])
	}
	v.warnings.sort()
	return v.b, v.warnings, kept.asError()
}

// aside runs check with a validator of its own, side by side with the
// checks that follow; the function it returns waits for it and puts its
// problems and warnings where check would have put them, so that what is
// reported does not depend on which finished first. check only reads the
// Blueprint, as every check does.
func (v *validator) aside(check func(*validator)) (join func()) {
	problems, warnings := len(v.problems), len(v.warnings)
	other := &validator{b: v.b, raw: v.raw}
	done := make(chan struct{})
	go func() {
		defer close(done)
		check(other)
	}()
	return func() {
		<-done
		v.problems = slices.Insert(v.problems, problems, other.problems...)
		v.warnings = slices.Insert(v.warnings, warnings, other.warnings...)
	}
}

// validator collects problems; b has defaults applied, raw is as written.
type validator struct {
	b, raw   *Blueprint
	problems Problems
	warnings Problems
}

// warn records a choice that is valid but rarely meant.
func (v *validator) warn(path, fix, format string, args ...any) {
	v.warnings = append(v.warnings, Problem{Path: path, Message: fmt.Sprintf(format, args...), Fix: fix, Warning: true})
}

func (v *validator) add(path, fix, format string, args ...any) {
	v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...), Fix: fix})
}

// nameFix is the fix for name, a reference that matches none of names: the
// one it is a typo of, else fix with the names there are (the first few),
// or fix alone when there are none.
func nameFix(name string, names []string, fix string) string {
	if meant := DidYouMean(name, names); meant != "" || len(names) == 0 {
		return cmp.Or(meant, fix)
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = quote(n)
	}
	return fix + "; known: " + firstFew(quoted)
}

// namesOf are the names of items, in their order. An item without a name
// has a problem of its own and cannot be named: it is left out.
func namesOf[T any](items []T, name func(*T) string) []string {
	names := make([]string, 0, len(items))
	for i := range items {
		if n := name(&items[i]); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// Names of what a Blueprint's references name.
func serviceName(s *Service) string     { return s.Name }
func containerName(c *Container) string { return c.Name }
func userPoolName(p *UserPool) string   { return p.Name }
func kmsKeyName(k *KMSKey) string       { return k.Name }
func secretName(s *Secret) string       { return s.Name }
func albID(a *ALB) string               { return a.ID }

// refused reports whether one of the fields of the mapping at path was
// written and refused when read (or written under a name a slip away): its
// problem was reported there, and one that it is missing would repeat it.
func (v *validator) refused(path string, fields ...string) bool {
	return slices.ContainsFunc(fields, func(f string) bool { return v.raw.src.covers(joinPath(path, f)) })
}

func (v *validator) required(path, value, fix string) bool {
	if strings.TrimSpace(value) == "" {
		v.add(path, fix, "is required")
		return false
	}
	return true
}

// maxPort is the highest TCP or UDP port: ports are 1 to 65535 in a
// container's port mappings, a listener and a security group rule.
const maxPort = 65535

// between checks an integer range, and says whether value is in it.
func (v *validator) between(path string, value, lo, hi int, unit string) bool {
	if value < lo || value > hi {
		v.add(path, cmp.Or(millisecondsFix(path, value, lo, hi, unit), fmt.Sprintf("use a value from %d to %d", lo, hi)), "%d%s is out of range", value, unit)
		return false
	}
	return true
}

// millisecondsFix is the fix for a number of seconds written in
// milliseconds (timeout: 5000), as many programs and libraries count a
// timeout: a whole number of seconds a thousand times too large, or "".
func millisecondsFix(path string, value, lo, hi int, unit string) string {
	if unit != " s" && unit != " seconds" || value%1000 != 0 || value/1000 < lo || value/1000 > hi {
		return ""
	}
	field := path[strings.LastIndexAny(path, ".]")+1:]
	return fmt.Sprintf("%s counts seconds: %d milliseconds is %s: %d", field, value, field, value/1000)
}

// oneOf checks an enumerated value, and says whether it is one of allowed.
func (v *validator) oneOf(path, value string, allowed ...string) bool {
	switch {
	case slices.Contains(allowed, value):
		return true
	case value == "" && !v.raw.src.written(path):
		// Left out, where no default fills it in (a route's method): the
		// user wrote no "" to be told is not allowed.
		field := path[strings.LastIndexAny(path, ".]")+1:]
		v.add(path, "write "+field+": "+orList(allowed), "is required")
	default:
		v.add(path, choiceFix(value, allowed), "%q is not allowed", value)
	}
	return false
}

// choiceFix is the fix for a value that is none of allowed: the one it is
// a typo or another spelling of (internet_facing, Nested), or the choices.
func choiceFix(value string, allowed []string) string {
	return cmp.Or(meantText(otherChoiceName(value, allowed)), DidYouMean(value, allowed), meantText(endingIn(value, allowed)), meantText(switchedBy(value, allowed)), "use one of "+strings.Join(allowed, ", "))
}

// switchedBy is the choice a boolean written for a choice of words stands
// for (insights: true for enabled), or "".
func switchedBy(value string, allowed []string) string {
	on, ok := switchWords[strings.ToLower(value)]
	word := "disabled"
	if on {
		word = "enabled"
	}
	if ok && slices.Contains(allowed, word) {
		return word
	}
	return ""
}

// endingIn is the one value of allowed whose last word, after an
// underscore, is value in any case (small for BUILD_GENERAL1_SMALL), or "".
func endingIn(value string, allowed []string) string {
	if value == "" {
		return ""
	}
	var found []string
	for _, a := range allowed {
		if len(a) > len(value) && strings.EqualFold(a[len(a)-len(value):], value) && a[len(a)-len(value)-1] == '_' {
			found = append(found, a)
		}
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}

func (v *validator) blueprint() {
	b := v.b
	if v.required("name", b.Name, "name the Blueprint, e.g. name: orders") {
		v.name("name", b.Name, 40)
	}
	if d := b.TemplateDescription(); len(d) > MaxTemplateDescription {
		v.add("description", fmt.Sprintf("shorten it by %d bytes", len(d)-MaxTemplateDescription),
			"the template's Description (ecsgate's prefix, the name and this text) is %d bytes; CloudFormation accepts %d", len(d), MaxTemplateDescription)
	}
	v.tags()
	v.oneOf("stacks", b.Stacks, stacksChoices...)
	v.quotas()
	v.network()
	v.dns()
	v.oneOf("cluster.insights", b.Cluster.Insights, insightsChoices...)
	v.between("ecr.keepImages", b.ECR.KeepImages, 1, 10000, " images")
	v.validateAccount()
	v.nlb()
	v.albs()
	v.services()
	v.topics()
	v.sendCycles()
	v.volumes()
	v.buckets()
	v.tables()
	v.albRules()
	v.egress()
	v.userPools()
	// The API's checks (a large API's every route against every listener
	// rule) are the longest: they run side by side with those after them.
	defer v.aside((*validator).api)()
	v.cdn()
	v.waf()
	v.alarms()
	v.validateSecurity()
	v.parameters()
	v.kmsKeys()
	v.secrets()
	v.pipeline()
	v.limits()
	v.environments()
	v.overrides("overrides", b.Overrides, true)
	v.overrides("apiOverrides", b.APIOverrides, false)
	v.placeholders()
	v.replacedZeros()
}

// replacedZeros refuses a 0 written where leaving the field out takes a
// default: the template would hold the default, not the 0 the user wrote,
// and say nothing. Each is reported once, where no other check spoke.
func (v *validator) replacedZeros() {
	spoken := map[string]bool{}
	for _, p := range v.problems {
		spoken[p.Path] = true
	}
	eachReplacedZero(v.raw, v.b, v.raw.src.written, func(path string, def int64) {
		if spoken[path] {
			return
		}
		fix := cmp.Or(zeroMeanings[listPattern(path)], "write the number you mean, or leave the field out")
		v.add(path, fix, "0 would become the default, %d: a 0 here is the same as leaving the field out", def)
	})
}

// zeroMeanings say, by field pattern, what a 0 written there is usually
// meant for and how a Blueprint says it.
var zeroMeanings = map[string]string{
	"logs.retention":            longestRetentionFix + " to keep logs that long",
	"services[].logs.retention": longestRetentionFix + " to keep logs that long",
	"buckets[].versionDays":     "every bucket is versioned, and S3 keeps an earlier version at least a day after a newer one replaces it: write versionDays: 1 for the shortest",
}

// longestRetentionFix is the fix for a log retention meant as "never
// expire", written as 0 or forever: CloudWatch Logs keeps a log group
// without a retention period forever, and a Blueprint's log groups have
// one, at most ten years.
var longestRetentionFix = fmt.Sprintf("CloudWatch Logs' longest retention period is %d days, ten years: write retention: %d", logRetentionDays[len(logRetentionDays)-1], logRetentionDays[len(logRetentionDays)-1])

// listPattern writes path with every list index as [] (services[0].name is
// services[].name), as FieldPaths and the inventory name fields.
func listPattern(path string) string {
	var out strings.Builder
	for i := 0; i < len(path); i++ {
		out.WriteByte(path[i])
		if path[i] == '[' {
			for i+1 < len(path) && path[i+1] >= '0' && path[i+1] <= '9' {
				i++
			}
		}
	}
	return out.String()
}

// MaxTemplateDescription is CloudFormation's limit on a template's
// Description, in bytes.
const MaxTemplateDescription = 1024

// TemplateDescription is the Description of the generated template.
func (b *Blueprint) TemplateDescription() string { return Described(b.Name, b.Description) }

// describedPrefix starts the Description of every template gen writes.
const describedPrefix = "ecsgate Blueprint "

// Described is the Description of a template gen writes for the Blueprint
// name: "ecsgate Blueprint NAME", then ": " and what, when there is what
// to say. gen diff reads the name back (DescribedName).
func Described(name, what string) string {
	if what == "" {
		return describedPrefix + name
	}
	return describedPrefix + name + ": " + what
}

// DescribedName is the Blueprint name a template's Description written by
// Described says, "" for any other Description.
func DescribedName(description string) string {
	rest, ok := strings.CutPrefix(description, describedPrefix)
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, ": ")
	if !isName(name) {
		return ""
	}
	return name
}

// name checks a Blueprint or service name.
func (v *validator) name(path, name string, maxLen int) {
	if !isName(name) {
		v.add(path, "use lowercase letters, digits and hyphens, starting with a letter, e.g. "+strconv.Quote(suggestName(name)),
			"%q is not a valid name", name)
	}
	if len(name) > maxLen {
		v.add(path, fmt.Sprintf("shorten it to %d characters", maxLen), "%q is %d characters long", name, len(name))
	}
}

func suggestName(name string) string {
	s := hyphenated(strings.ToLower(name), isLowerOrDigit)
	if s == "" || s[0] < 'a' {
		s = "app-" + s
	}
	return strings.TrimSuffix(s, "-")
}

// hyphenated is s with the bytes keep takes as they are and each run of
// other bytes (a UTF-8 letter is several) made one hyphen, none at either
// end: the name a user meant, from one AWS refuses (my_web is my-web, v1.0
// is v1-0).
func hyphenated(s string, keep func(byte) bool) string {
	var b strings.Builder
	for i := range len(s) {
		if c := s[i]; keep(c) {
			b.WriteByte(c)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

// hyphenatedWithin is hyphenated cut to at most max bytes, without a
// hyphen left at its end: the name meant, where the name has a limit.
func hyphenatedWithin(s string, keep func(byte) bool, max int) string {
	h := hyphenated(s, keep)
	if len(h) > max {
		h = strings.TrimRight(h[:max], "-")
	}
	return h
}

// Tag lengths: the strictest of the resources ecsgate tags, ECR
// repositories (AWS::ECR::Repository Tag: key 1-127, value 1-255
// characters; most other services take 128 and 0-256).
const (
	maxTagKey   = 127
	maxTagValue = 255
)

// maxUserTags leaves room for the Name tag ecsgate adds; AWS allows 50 tags.
const maxUserTags = 49

func (v *validator) tags() {
	if len(v.b.Tags) > maxUserTags {
		v.add("tags", "remove some tags", "%d tags is more than the %d a resource can carry besides its Name tag", len(v.b.Tags), maxUserTags)
	}
	for _, k := range sortedKeys(v.b.Tags) {
		path := joinPath("tags", k)
		switch {
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			v.add(path, "use another prefix", "tag keys starting with aws: are reserved by AWS")
		case k == "Name":
			v.add(path, "remove it; ecsgate names resources after the stack", "the Name tag is set by ecsgate")
		case utf8.RuneCountInString(k) > maxTagKey:
			v.add(path, fmt.Sprintf("shorten the key to %d characters", maxTagKey), "tag key is %d characters long; ECR repositories take %d", utf8.RuneCountInString(k), maxTagKey)
		case k == "":
			v.add(path, "give the tag a key", "a tag key cannot be empty")
		}
		switch n := utf8.RuneCountInString(v.b.Tags[k]); {
		case n > maxTagValue:
			v.add(path, fmt.Sprintf("shorten the value to %d characters", maxTagValue), "tag value is %d characters long; ECR repositories take %d", n, maxTagValue)
		case n == 0:
			v.add(path, "give the tag a value, or remove it", "tag value is empty, which ECR repositories refuse")
		}
		// ECS, IAM and Elastic Load Balancing accept only these characters
		// in tag keys and values.
		if !isTagText(k) {
			v.add(path, "use letters, digits, spaces and _ . : / = + - @", "tag key %q has characters AWS refuses in tags", k)
		}
		if !isTagText(v.b.Tags[k]) {
			v.add(path, "use letters, digits, spaces and _ . : / = + - @ (a tag value is not evaluated: ${...} and !Ref stay text)", "tag value %q has characters AWS refuses in tags", v.b.Tags[k])
		}
	}
}

func (v *validator) network() {
	n := v.b.Network
	if n.VPC != nil && n.Existing != nil {
		v.add("network", "keep either network.vpc (create one) or network.existing (use one)", "vpc and existing are mutually exclusive")
		return
	}
	if n.Existing != nil {
		v.existingVPC(n.Existing)
		if e := v.raw.Network.Egress; e != "" && e != EgressEndpoints && !slices.Contains(egressChoices, e) {
			v.oneOf("network.egress", e, EgressEndpoints)
		} else if e != "" && e != EgressEndpoints {
			v.add("network.egress", `remove it (the VPC's own routes decide), or write "endpoints" to create VPC endpoints in it`,
				"egress %s applies only to a VPC the template creates; ecsgate adds no gateway to an existing VPC", e)
		}
		return
	}
	v.oneOf("network.egress", n.Egress, egressChoices...)
	v.newVPC(n.VPC)
}

// maxAZs is the most Availability Zones a region offers.
const maxAZs = 6

func (v *validator) newVPC(vpc *VPC) {
	const path = "network.vpc"
	vpcPrefix, ok := v.cidr(path+".cidr", vpc.CIDR)
	if ok && (vpcPrefix.Bits() < 16 || vpcPrefix.Bits() > 24) {
		v.add(path+".cidr", "use a prefix from /16 to /24", "a /%d VPC is outside what ecsgate lays out (AWS allows /16 to /28; subnets need room)", vpcPrefix.Bits())
		ok = false
	}
	// Two AZs at least: load balancers need two, and one AZ is no availability.
	azsOK := vpc.AZs >= 2 && vpc.AZs <= maxAZs
	v.between(path+".azs", vpc.AZs, 2, maxAZs, " AZs")
	if len(vpc.Zones) > 0 {
		if len(vpc.Zones) != vpc.AZs {
			v.add(path+".azs", "remove azs or make it match zones", "azs is %d but %d zones are listed", vpc.AZs, len(vpc.Zones))
		}
		v.zones(path+".zones", vpc.Zones)
	}
	subnets := map[string]netip.Prefix{}
	for _, kind := range []struct {
		field string
		cidrs []string
	}{{"publicSubnets", vpc.PublicSubnets}, {"privateSubnets", vpc.PrivateSubnets}} {
		p := path + "." + kind.field
		if len(kind.cidrs) != vpc.AZs && azsOK && (ok || len(kind.cidrs) > maxAZs) {
			v.add(p, fmt.Sprintf("list %d subnets, one per AZ, or leave both lists out to derive them", vpc.AZs), "has %d subnet%s for %d AZs", len(kind.cidrs), Plural(len(kind.cidrs)), vpc.AZs)
		}
		if len(kind.cidrs) > maxAZs {
			continue // one problem is enough; checking each pair would be quadratic
		}
		for i, c := range kind.cidrs {
			sp, valid := v.cidr(indexPath(p, i), c)
			if !valid {
				continue
			}
			switch {
			case sp.Bits() > 28:
				v.add(indexPath(p, i), "use /28 or larger", "a /%d subnet is smaller than AWS allows", sp.Bits())
			case ok && !(vpcPrefix.Contains(sp.Addr()) && sp.Bits() >= vpcPrefix.Bits()):
				v.add(indexPath(p, i), "pick a block inside "+vpc.CIDR, "%s is outside the VPC %s", c, vpc.CIDR)
			}
			for other, op := range subnets {
				if op.Overlaps(sp) {
					v.add(indexPath(p, i), "give each subnet its own block", "%s overlaps %s (%s)", c, op, other)
				}
			}
			subnets[indexPath(p, i)] = sp
		}
	}
}

// cidr parses an IPv4 network block and checks it is written as a network
// address (10.1.0.0/16, not 10.1.2.3/16).
func (v *validator) cidr(path, s string) (netip.Prefix, bool) {
	if !v.required(path, s, "give an IPv4 block such as 10.0.0.0/16") {
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		fix := "write an IPv4 block such as 10.0.0.0/16"
		if a, err := netip.ParseAddr(s); err == nil && a.Is4() {
			// An address without its prefix length: a VPC's block is
			// usually a /16, a subnet's a /24.
			length := "/24"
			if strings.HasSuffix(path, ".cidr") {
				length = "/16"
			}
			fix = fmt.Sprintf("add its prefix length: write %s%s", s, length)
		}
		v.add(path, fix, "%q is not an IPv4 CIDR block", s)
		return netip.Prefix{}, false
	}
	if p.Masked() != p {
		v.add(path, "write "+p.Masked().String(), "%q has host bits set", s)
		return netip.Prefix{}, false
	}
	return p, true
}

func (v *validator) zones(path string, zones []string) {
	region := ""
	seen := map[string]bool{}
	for i, z := range zones {
		p := indexPath(path, i)
		m := zoneNamePattern.FindStringSubmatch(z)
		if m == nil {
			v.add(p, "write an AZ name such as ap-northeast-1a", "%q is not an Availability Zone name", z)
			continue
		}
		if seen[z] {
			v.add(p, "list each AZ once", "%q is listed twice", z)
		}
		seen[z] = true
		if region == "" {
			region = m[1]
		} else if m[1] != region {
			v.add(p, "use zones of one region", "%q is not in %s like the first zone", z, region)
		}
	}
}

func (v *validator) existingVPC(e *ExistingVPC) {
	const path = "network.existing"
	if v.required(path+".id", e.ID, "give the VPC ID, e.g. vpc-0123456789abcdef0") && !vpcIDPattern.MatchString(e.ID) {
		v.add(path+".id", awsIDFix(e.ID, vpcIDPattern, "a VPC ID such as vpc-0123456789abcdef0"), "%q is not a VPC ID", e.ID)
	}
	v.cidr(path+".cidr", e.CIDR)
	if len(e.PrivateSubnets) < 2 {
		needs := "tasks and load balancers need"
		if v.b.UsesVpcLinkV2() {
			needs = "tasks, load balancers and the API's VPC link V2 need"
		}
		has := fmt.Sprintf("has %d subnets", len(e.PrivateSubnets))
		if len(e.PrivateSubnets) == 1 {
			has = "has 1 subnet"
		}
		v.add(path+".privateSubnets", "list private subnets in at least two AZs", "%s; %s two AZs", has, needs)
	}
	v.subnetIDs(path+".privateSubnets", e.PrivateSubnets)
	v.subnetIDs(path+".publicSubnets", e.PublicSubnets)
}

// awsIDFix is the fix for an ID of an existing resource that is not one:
// the ID in lowercase, as AWS writes its IDs' hexadecimal digits, where
// that is one; for a subnet's CIDR block, where the ID is found; else an
// example of the ID.
func awsIDFix(id string, pattern *lazyre.Regexp, example string) string {
	switch lower := strings.ToLower(id); {
	case lower != id && pattern.MatchString(lower):
		return fmt.Sprintf("write %q: AWS writes IDs in lowercase", lower)
	case pattern == subnetIDPattern && strings.Contains(id, "/"):
		return "write the subnet's ID, subnet-..., which the VPC console lists beside its CIDR block: an existing VPC's subnets are named by ID (CIDR blocks are for network.vpc, a new VPC)"
	}
	return "write " + example
}

func (v *validator) subnetIDs(path string, ids []string) {
	seen := map[string]bool{}
	for i, id := range ids {
		if !subnetIDPattern.MatchString(id) {
			v.add(indexPath(path, i), awsIDFix(id, subnetIDPattern, "a subnet ID such as subnet-0123456789abcdef0"), "%q is not a subnet ID", id)
		}
		if seen[id] {
			v.add(indexPath(path, i), "list each subnet once", "%q is listed twice", id)
		}
		seen[id] = true
	}
}

func (v *validator) dns() {
	d := v.b.DNS
	if d == nil {
		return
	}
	if v.required("dns.zone", d.Zone, "give the hosted zone's domain, e.g. example.com") {
		v.domain("dns.zone", d.Zone, false)
	}
	if d.ZoneID != "" && !zoneIDPattern.MatchString(d.ZoneID) {
		v.add("dns.zoneId", zoneIDFix(d), "%q is not a hosted zone ID", d.ZoneID)
	}
}

// zoneIDFix is the fix for a missing or malformed dns.zoneId. Route 53's
// API and the AWS CLI write a zone's Id as /hostedzone/Z..., where
// CloudFormation's HostedZoneId takes the Z... alone: such an ID gets its
// prefix removed. Otherwise the fix is the command that prints the ID of
// dns.zone.
func zoneIDFix(d *DNS) string {
	if id, ok := strings.CutPrefix(d.ZoneID, "/hostedzone/"); ok && zoneIDPattern.MatchString(id) {
		return "write " + id + ", without /hostedzone/"
	}
	if id := strings.ToUpper(d.ZoneID); zoneIDPattern.MatchString(id) {
		return "write " + id + ": Route 53 writes its IDs in capitals"
	}
	zone := d.Zone
	if zone == "" || !isDomainName(zone) {
		return "copy the hosted zone's ID from Route 53, e.g. Z0123456789ABCDEFGHIJ"
	}
	return fmt.Sprintf("write the ID of the hosted zone %s (Z..., without /hostedzone/), which %s prints", zone, ZoneIDLookup(zone))
}

// ZoneIDLookup is the AWS CLI command that prints the ID of the hosted zone
// named zone, as Route 53 writes it (/hostedzone/Z...). Route 53 lists zones
// by name from the one given, and writes each name with its final dot.
func ZoneIDLookup(zone string) string {
	return fmt.Sprintf("aws route53 list-hosted-zones-by-name --dns-name %s --max-items 1 --query \"HostedZones[?Name=='%s.'].Id\" --output text", zone, zone)
}

// domain checks a DNS name; wildcard allows a leading "*." label.
func (v *validator) domain(path, name string, wildcard bool) bool {
	switch rest, starred := strings.CutPrefix(name, "*."); {
	case validDomain(name, wildcard):
		return true
	case starred && validDomain(name, true):
		v.add(path, "write each name it stands for in full, such as www."+rest+": a wildcard is not taken here", "%q is a wildcard", name)
	default:
		fix := "write a lowercase DNS name such as api.example.com"
		if host := hostIn(name); host != name && validDomain(host, wildcard) {
			fix = fmt.Sprintf("write %q", host)
		} else if d := v.b.DNS; d != nil && path != "dns.zone" && !strings.Contains(host, ".") && validDomain(host+"."+d.Zone, false) {
			// A host written as its first label (api), as a service
			// is named inside a cluster.
			fix = fmt.Sprintf("write %q: a host name is written whole, here in dns.zone", host+"."+d.Zone)
		}
		v.add(path, fix, "%q is not a valid domain name", name)
	}
	return false
}

// hostIn is the host name a text written where one belongs stands for: a
// URL's host (https://shop.example.com/), a name in capitals, or one with
// the root's trailing dot, as Route 53 prints zone names (example.com.).
func hostIn(s string) string {
	host := strings.ToLower(strings.TrimSpace(s))
	if _, rest, ok := strings.Cut(host, "://"); ok {
		host = rest
	}
	host, _, _ = strings.Cut(host, "/")
	if h, port, ok := strings.Cut(host, ":"); ok && port != "" && strings.Trim(port, "0123456789") == "" {
		host = h
	}
	return strings.TrimSuffix(host, ".")
}

// validDomain reports whether name is a DNS name of at most 253 characters,
// with a leading "*." label only where wildcard allows it.
func validDomain(name string, wildcard bool) bool {
	return isDomainName(name) && len(name) <= 253 && (wildcard || !strings.HasPrefix(name, "*."))
}

// inZone checks that a DNS name belongs to dns.zone; records and certificate
// validation can only be written into that zone.
func (v *validator) inZone(path, name, purpose string, needID bool) {
	d := v.b.DNS
	switch {
	case d == nil:
		v.add(path, "add dns.zone (and dns.zoneId) naming the Route 53 hosted zone", "%s needs a hosted zone", purpose)
	case v.outsideZone(name):
		v.add(path, "use a name under "+d.Zone+" or change dns.zone", "%q is not in the hosted zone %s", name, d.Zone)
	case needID && d.ZoneID == "":
		v.add("dns.zoneId", zoneIDFix(d), "%s needs the hosted zone ID", purpose)
	}
}

// outsideZone reports whether name (a wildcard's too) lies outside
// dns.zone, where no record or certificate validation can be written. A
// zone that is not a domain name has its own problem, and no name is said
// to be outside it.
func (v *validator) outsideZone(name string) bool {
	d := v.b.DNS
	return d != nil && d.Zone != "" && validDomain(d.Zone, false) && !InZone(strings.TrimPrefix(name, "*."), d.Zone)
}

func (v *validator) nlb() {
	n := v.b.Ingress.NLB
	if n == nil {
		return
	}
	const path = "ingress.nlb"
	v.lbName(path+".name", n.Name)
	switch upper := strings.ToUpper(n.Protocol); {
	case slices.Contains(nlbProtocolChoices, n.Protocol):
	case upper == "HTTPS" || upper == "SSL":
		// HTTPS is an ALB's listener; an NLB ends the TLS of any TCP
		// protocol, HTTPS among them, with its TLS listener.
		v.add(path+".protocol", "write protocol: TLS: an NLB's TLS listener ends HTTPS, as it does any TLS", "%q is an ALB's listener protocol, not an NLB's", n.Protocol)
	case upper == "HTTP":
		v.add(path+".protocol", "write protocol: TCP, the default, which carries HTTP", "%q is an ALB's listener protocol, not an NLB's", n.Protocol)
	default:
		v.oneOf(path+".protocol", n.Protocol, nlbProtocolChoices...)
	}
	switch {
	case !slices.Contains(nlbProtocolChoices, n.Protocol):
		// The protocol has its own problem, whose fix decides whether a
		// certificate and an SSL policy belong.
	case n.Protocol == ProtocolTLS:
		if n.Certificate == nil {
			v.add(path+".certificate", "add certificate.arn, or certificate.domain to create one validated by DNS", "a TLS listener needs a certificate")
		}
		v.sslPolicy(path+".sslPolicy", n.SSLPolicy)
	default:
		if n.Certificate != nil {
			v.add(path+".certificate", "set protocol: TLS, or remove the certificate", "a certificate is used only by TLS listeners")
		}
		if v.raw.Ingress.NLB.SSLPolicy != "" {
			v.add(path+".sslPolicy", "set protocol: TLS, or remove sslPolicy", "an SSL policy is used only by TLS listeners")
		}
	}
	if n.Certificate != nil {
		v.certificate(path+".certificate", n.Certificate, n.Hostname)
	}
	if n.Hostname != "" && v.domain(path+".hostname", n.Hostname, false) {
		v.inZone(path+".hostname", n.Hostname, "a DNS record for the NLB", false)
	}
	for i, c := range n.Allow {
		v.cidr(indexPath(path+".allow", i), c)
	}
	v.someAttached(path, "NLB", "nlb", "nlb: {}", func(s Service) bool { return s.NLB != nil })
}

// someAttached reports a load balancer no service uses: it would cost money
// and serve nothing. A service whose field (alb, nlb) is there but failed,
// or that wrote it under another tool's name (Copilot's http), may be the
// one attached: its own problem says so.
func (v *validator) someAttached(path, kind, field, section string, attached func(Service) bool) {
	if len(v.b.Services) == 0 || slices.ContainsFunc(v.b.Services, attached) {
		return // with no service at all, services' own problem says to add one
	}
	for i := range v.b.Services {
		if v.raw.src.covers(indexPath("services", i) + "." + field) {
			return
		}
	}
	v.add(path, "add "+section+" to the service that should receive its traffic, or remove "+path, "no service is attached to the %s", kind)
}

func (v *validator) sslPolicy(path, policy string) {
	switch {
	case legacySSLPolicies[policy]:
		v.add(path, "use "+DefaultSSLPolicy+" (the default)", "%s allows TLS 1.0 or 1.1", policy)
	case !strings.HasPrefix(policy, "ELBSecurityPolicy-"):
		v.add(path, "use an ELBSecurityPolicy-... name such as "+DefaultSSLPolicy, "%q is not an Elastic Load Balancing security policy", policy)
	}
}

// certificate checks an ACM certificate reference and, when the template
// creates it, that it covers the host name clients will use.
func (v *validator) certificate(path string, c *Certificate, host string) {
	switch {
	case c.ARN != "" && c.Domain != "":
		v.add(path, "keep arn to use an existing certificate, or domain to create one", "arn and domain are mutually exclusive")
	case c.ARN != "":
		if _, ok := acmARNRegion(c.ARN); !ok {
			v.add(path+".arn", "copy the ARN from ACM: arn:aws:acm:REGION:ACCOUNT:certificate/ID", "%q is not an ACM certificate ARN", c.ARN)
		}
		v.certificateAccount(path+".arn", c.ARN)
	case c.Domain != "":
		if v.domain(path+".domain", c.Domain, true) {
			v.inZone(path+".domain", c.Domain, "a certificate validated by DNS", true)
			if host != "" && validDomain(host, false) && !certificateCovers(c.Domain, host) {
				// A host name that is not one has its own problem.
				v.add(path+".domain", fmt.Sprintf("use %s or *.%s", host, ParentDomain(host)),
					"the certificate for %s does not cover the host name %s (a wildcard covers exactly one label)", c.Domain, host)
			}
		}
		// Each name gets a validation record in the zone: ACM refuses a
		// name twice, and a name outside the zone cannot be validated.
		seen := map[string]bool{strings.ToLower(c.Domain): true}
		for i, name := range c.AlternativeNames {
			p := indexPath(path+".alternativeNames", i)
			switch {
			case !v.domain(p, name, true):
			case seen[strings.ToLower(name)]:
				v.add(p, "list each name once, besides domain", "%q is already a name of the certificate", name)
			default:
				v.inZone(p, name, "a certificate validated by DNS", true)
			}
			seen[strings.ToLower(name)] = true
		}
	default:
		v.add(path, "give arn or domain", "is empty")
	}
}

// certificateAccount checks that a certificate is in the account the
// stacks are deployed to, when the Blueprint names it (accountId): a load
// balancer or a distribution uses a certificate of its own account, and ACM
// shares none across accounts (each account requests or imports its own).
func (v *validator) certificateAccount(path, arn string) {
	if _, account, ok := acmARN(arn); ok && isAccountID(v.b.AccountID) && account != v.b.AccountID { // an accountId that is not one has its own problem
		v.add(path, "request or import the certificate in account "+v.b.AccountID+" and use that ARN", "the certificate is in account %s, and the stacks in account %s (accountId) can use only certificates of their own", account, v.b.AccountID)
	}
}

// ParentDomain is a host name without its first label: api.example.com ->
// example.com.
func ParentDomain(host string) string {
	_, rest, _ := strings.Cut(host, ".")
	return rest
}

func (v *validator) services() {
	if len(v.b.Services) == 0 {
		v.add("services", "add a service with name, cpu, memory and containers", "at least one service is required")
	}
	names := newUniqueNames("service", "services")
	listenerPorts := map[int]string{}
	for i := range v.b.Services {
		s := &v.b.Services[i]
		path := indexPath("services", i)
		names.check(v, path+".name", s.Name, i)
		v.service(path, s, i)
		if s.NLB != nil && s.NLB.Port != 0 {
			if other, dup := listenerPorts[s.NLB.Port]; dup {
				v.add(path+".nlb.port", fmt.Sprintf("give each service behind the NLB its own listener port, such as %d, which no service has", v.freeListenerPort(s.NLB.Port)),
					"listener port %d is already used by service %q", s.NLB.Port, other)
			}
			listenerPorts[s.NLB.Port] = s.Name
		}
	}
	v.imageParameterIDs()
	v.callIDs()
}

// freeListenerPort is the first port after from that no service's NLB
// listener has, for a service whose port another has.
func (v *validator) freeListenerPort(from int) int {
	used := map[int]bool{}
	for _, s := range v.b.Services {
		if s.NLB != nil {
			used[s.NLB.Port] = true
		}
	}
	port := from + 1
	for used[port] || port > maxPort {
		if port > maxPort {
			port = 1024
		} else {
			port++
		}
	}
	return port
}

// uniqueNames reports a name used twice in a list, and distinct names that give
// the same logical ID word ("web-api" and "web--api" both give WebApi).
type uniqueNames struct {
	kind, list string
	first      map[string]int    // name -> index of its first use
	words      map[string]string // logical ID word -> name
}

func newUniqueNames(kind, list string) *uniqueNames {
	return &uniqueNames{kind: kind, list: list, first: map[string]int{}, words: map[string]string{}}
}

// entry checks the name of a list entry (a user pool, key, secret): present,
// well formed, and unique in its list.
func (u *uniqueNames) entry(v *validator, path, name string, index, maxLen int) {
	field := path[strings.LastIndex(path, ".")+1:] // name, or id for ingress.albs
	if v.required(path, name, "name the "+u.kind+", e.g. "+field+": main") {
		v.name(path, name, maxLen)
	}
	u.check(v, path, name, index)
}

func (u *uniqueNames) check(v *validator, path, name string, index int) {
	if name == "" {
		return
	}
	word := LogicalName(name)
	if first, dup := u.first[name]; dup {
		v.add(path, "give each "+u.kind+" its own name", "%s %q is already defined at %s[%d]", u.kind, name, u.list, first)
		return
	}
	// A name that is not valid has a problem of its own, whose fix changes
	// its word: a clash would only repeat it.
	if other, clash := u.words[word]; clash && isName(name) && isName(other) {
		v.add(path, "rename one of them", "%q and %q give the same logical ID word %s", name, other, word)
	}
	u.first[name] = index
	u.words[word] = name
}

// scheduledAway are the fields of a long-running service that a scheduled
// one has none of, each with why: its tasks start at set times and run to
// their end, with no ECS service to deploy, scale, measure or reach.
var scheduledAway = []struct{ field, why, fix string }{
	{"alb", takesNoRequests, "remove alb, or remove schedule to run the service behind the load balancer"},
	{"nlb", takesNoRequests, "remove nlb, or remove schedule to run the service behind the load balancer"},
	{"traffic", takesNoRequests, "remove traffic"},
	{"autoscaling", "a scheduled service is not scaled: each run starts count tasks", "remove autoscaling; count says how many tasks each run starts"},
	{"deployment", "a scheduled service has no deployments: each run starts the task definition the last deploy wrote", "remove deployment"},
	{"alarms", "a scheduled service has none of a service's alarms (running tasks, CPU, memory, its targets): there is no ECS service to measure", "remove alarms"},
}

// takesNoRequests is why a scheduled service has no load balancer.
const takesNoRequests = "a scheduled service takes no requests: its tasks start at set times and run to their end"

// schedule checks a scheduled service: its expression and time zone as
// EventBridge Scheduler reads them, the tasks a run starts, and none of
// the fields only a long-running service has.
func (v *validator) schedule(path string, s *Service, raw *Service) {
	p := path + ".schedule"
	if v.required(p+".expression", s.Schedule.Expression, "write when the tasks start, e.g. expression: cron(0 3 * * ? *) for 03:00 every day, or rate(1 hour)") {
		if problem, fix := scheduleProblem(s.Schedule.Expression); problem != "" {
			v.add(p+".expression", fix, "%s", problem)
		}
	}
	v.watchedSchedule(p, s)
	if tz := s.Schedule.Timezone; tz != "" {
		if _, err := time.LoadLocation(tz); err != nil || tz == "Local" || len(tz) > maxScheduleTimezone {
			v.add(p+".timezone", "write an IANA time zone name, e.g. Europe/Paris or America/New_York, or leave timezone out for UTC", "%q is not a time zone EventBridge Scheduler knows", tz)
		}
	}
	if raw.Count != nil {
		// A run starts at least one task, and at most what RunTask
		// launches in one call.
		if n := *raw.Count; n < 1 {
			v.add(path+".count", "use a value of 1 or more, or leave count out for 1 (paused: true starts none)", "%d tasks: a scheduled run starts at least one", n)
		} else {
			v.overQuota(path+".count", QuotaTasksPerRun, n, "a run of the schedule")
		}
	}
	for _, a := range scheduledAway {
		if v.raw.src.written(path + "." + a.field) {
			v.add(path+"."+a.field, a.fix, "%s", a.why)
		}
	}
	// Valid, and rarely meant, as unreached says of a service without a
	// load balancer: nothing reaches a scheduled service's tasks.
	if i := slices.IndexFunc(s.Containers, func(c Container) bool { return c.Port != 0 }); i >= 0 {
		v.warn(fmt.Sprintf("%s.containers[%d].port", path, i), "leave port out: the task's containers reach each other on localhost without one",
			"port %d receives no requests: service %q runs on a schedule, and nothing reaches its tasks", s.Containers[i].Port, s.Name)
	}
}

// scheduledTarget reports a reference that sends requests to a scheduled
// service, which takes none.
func (v *validator) scheduledTarget(path string, s *Service) {
	v.add(path, "name a service that serves requests, or remove schedule from service "+s.Name,
		"service %q runs on a schedule and takes no requests", s.Name)
}

// spot checks a service's Fargate Spot: its platform (see [SpotRuns]), and
// a capacity provider strategy's base, 0 to 100,000 tasks
// (AWS::ECS::Service CapacityProviderStrategyItem).
func (v *validator) spot(path string, s *Service) {
	if !SpotRuns(s.Platform) {
		v.add(path, "run the service on X86_64 (platform: X86_64, its images built for "+dockerAMD64+"), or remove spot",
			"Fargate Spot runs only X86_64 tasks, and the service runs on ARM64")
	}
	onDemand := s.Spot.OnDemand
	if !v.between(path+".onDemand", onDemand, 0, 100000, " tasks") {
		return
	}
	if most, field := s.MostTasks(); most > 0 && onDemand >= most {
		v.warn(path+".onDemand", fmt.Sprintf("set onDemand below %d to run the tasks beyond it on Spot, or remove spot", most),
			"no task runs on Fargate Spot: the first %d run on regular Fargate, and the service runs at most %d (%s)", onDemand, most, field)
	}
}

// longRunning checks what only a long-running service has: its count or
// autoscaling, its load balancers and the traffic they send, and its
// deployments (problems come out sorted by position, whatever the order of
// the checks).
func (v *validator) longRunning(path string, s *Service, raw *Service) {
	if raw.Count != nil && raw.Autoscaling != nil {
		v.add(path+".count", "remove count; autoscaling keeps the count between min and max", "count conflicts with autoscaling")
	}
	if s.Count != nil {
		v.between(path+".count", *s.Count, 0, 5000, " tasks")
		if *s.Count == 0 {
			v.warn(path+".count", "set count to 1 or more when it should serve", "the service runs no task")
		}
	}
	v.traffic(path, s)
	if s.NLB != nil {
		v.serviceNLB(path+".nlb", s, raw.NLB)
	}
	if s.ALB != nil {
		v.serviceALB(path+".alb", s)
		v.healthCheckOutsidePaths(path+".alb", s, raw.ALB)
	}
	v.deployment(path+".deployment", s, &raw.Deployment)
	if s.Autoscaling != nil {
		v.autoscaling(path+".autoscaling", s)
	}
}

func (v *validator) service(path string, s *Service, index int) {
	raw := &v.raw.Services[index]
	if v.required(path+".name", s.Name, "name the service, e.g. name: web") {
		v.name(path+".name", s.Name, 32)
	}
	cpuOK, memoryOK := v.taskSize(path, s)
	if cpuOK && memoryOK && !validFargateSize(s.CPU, s.Memory) {
		v.add(path+".cpu", fargateFix(s.CPU), "cpu %d with memory %d is not a Fargate task size", s.CPU, s.Memory)
	}
	if s.Scheduled() {
		// Its long-running fields are refused, each once: none is
		// checked further, which would add problems about what goes.
		v.schedule(path, s, raw)
	} else {
		v.longRunning(path, s, raw)
	}
	v.oneOf(path+".platform", s.Platform, platformChoices...)
	v.containers(path, s)
	if g := s.Logs.Group; g != "" && !logGroupPattern.MatchString(g) {
		v.add(path+".logs.group", "use letters, digits and . _ - / #, at most 512", "%q is not a log group name", g)
	}
	if raw.Logs.StreamPrefix != "" && (strings.ContainsAny(s.Logs.StreamPrefix, ":*") || len(s.Logs.StreamPrefix) > 256) {
		// Unwritten, it is the service's name, checked as one.
		v.add(path+".logs.streamPrefix", "drop ':' and '*'", "%q is not a log stream prefix", s.Logs.StreamPrefix)
	}
	if !slices.Contains(logRetentionDays, s.Logs.Retention) && raw.Logs.Retention != 0 {
		// Unwritten, it is logs.retention's, and reported there.
		v.add(path+".logs.retention", retentionFix(s.Logs.Retention), "%d days is not a CloudWatch Logs retention period", s.Logs.Retention)
	}
	if s.Spot != nil {
		v.spot(path+".spot", s)
	}
	if s.EphemeralStorage != 0 {
		v.ephemeralStorage(path+".ephemeralStorage", s.EphemeralStorage)
	}
	if s.Queue != nil {
		v.queue(path+".queue", s)
	}
	if s.ReadParameters && (v.b.Parameters == nil || v.b.Parameters.Prefix == "") {
		v.add(path+".readParameters", "set parameters.prefix to the hierarchy the application reads", "readParameters needs parameters.prefix")
	}
	for i, e := range s.Egress {
		p := indexPath(path+".egress", i)
		v.cidr(p+".cidr", e.CIDR)
		v.between(p+".port", e.Port, 1, maxPort, "")
		if transport := overTransport[strings.ToLower(e.Protocol)]; transport != "" && !slices.Contains(egressProtocolChoices, e.Protocol) {
			// A security group rule names the transport, not the
			// application's protocol that runs over it.
			fix := "write protocol: " + transport
			if transport == "tcp" {
				fix += ", or leave protocol out: tcp is the default"
			}
			v.add(p+".protocol", fix, "%q is an application's protocol, which runs over %s; a security group rule names tcp or udp", e.Protocol, strings.ToUpper(transport))
			continue
		}
		v.oneOf(p+".protocol", e.Protocol, egressProtocolChoices...)
	}
}

// Fargate's ephemeral storage of a task, in GiB (AWS::ECS::TaskDefinition
// EphemeralStorage): 20 without the property, 21 to 200 with it.
const (
	minEphemeralStorage = 21
	maxEphemeralStorage = 200
)

// ephemeralStorage checks a task's ephemeral storage: Fargate's 20 GiB,
// written out, needs no field, and a size in MiB (51200) is the GiB it
// means.
func (v *validator) ephemeralStorage(path string, gib int) {
	switch {
	case gib == DefaultEphemeralStorage:
		v.add(path, "leave ephemeralStorage out: every Fargate task has 20 GiB", "20 GiB is Fargate's default; the property takes %d to %d", minEphemeralStorage, maxEphemeralStorage)
	case gib%1024 == 0 && gib/1024 >= minEphemeralStorage && gib/1024 <= maxEphemeralStorage:
		v.add(path, fmt.Sprintf("write ephemeralStorage: %d", gib/1024), "%d is MiB; ephemeralStorage counts GiB (%d GiB)", gib, gib/1024)
	default:
		v.between(path, gib, minEphemeralStorage, maxEphemeralStorage, " GiB")
	}
}

// overTransport is the transport of the application protocols a service's
// tasks commonly call out with, for an egress rule that names one.
var overTransport = map[string]string{
	"http": "tcp", "https": "tcp", "grpc": "tcp", "postgres": "tcp", "postgresql": "tcp", "mysql": "tcp",
	"redis": "tcp", "memcached": "tcp", "mongodb": "tcp", "ssh": "tcp", "smtp": "tcp", "smtps": "tcp",
	"ldap": "tcp", "ldaps": "tcp", "amqp": "tcp", "kafka": "tcp", "nfs": "tcp", "tls": "tcp", "ntp": "udp", "syslog": "udp",
}

// taskSize checks cpu and memory each on its own (required, one of the
// values Fargate offers), so that a broken one is named directly rather than
// through a comparison with its neighbour; ok reports each usable.
func (v *validator) taskSize(path string, s *Service) (cpuOK, memoryOK bool) {
	cpus := make([]int, len(fargateSizes))
	for i, f := range fargateSizes {
		cpus[i] = f.cpu
	}
	minMemory, maxMemory := fargateSizes[0].minMemory, fargateSizes[len(fargateSizes)-1].maxMemory
	switch {
	case v.raw.src.covers(path + ".cpu"):
	case s.CPU == 0 && !v.raw.src.written(path+".cpu"):
		v.add(path+".cpu", "set cpu in CPU units, e.g. cpu: 256 for 0.25 vCPU", "is required")
	case !slices.Contains(cpus, s.CPU) && slices.Contains(cpus, s.CPU*vCPUUnits):
		// cpu: 2 meant as vCPUs, as in ECS's console and Copilot's docs.
		v.add(path+".cpu", cpuFix(fmt.Sprintf("%d vCPU", s.CPU), float64(s.CPU)), "%d is not a Fargate CPU size", s.CPU)
	case !slices.Contains(cpus, s.CPU):
		v.add(path+".cpu", "use "+nearest(s.CPU, cpus)+", the nearest; Fargate's CPU sizes are "+joinInts(cpus)+" (1024 is 1 vCPU)", "%d is not a Fargate CPU size", s.CPU)
	default:
		cpuOK = true
	}
	switch {
	case v.raw.src.covers(path + ".memory"):
	case s.Memory == 0 && !v.raw.src.written(path+".memory"):
		v.add(path+".memory", "set memory in MiB, e.g. memory: 512", "is required")
	case s.Memory > 0 && s.Memory*mibPerGB >= minMemory && s.Memory*mibPerGB <= maxMemory:
		// memory: 2 meant as GB.
		v.add(path+".memory", memoryInGBFix(s.Memory, s.CPU, cpuOK), "%d is not a Fargate memory size", s.Memory)
	case (s.Memory < minMemory || s.Memory > maxMemory) && cpuOK:
		// The sizes that pair with the cpu written are the fix: a range
		// for every cpu would send the user on to the pairing's problem.
		v.add(path+".memory", "memory counts MiB: "+fargateFix(s.CPU), "%d is not a Fargate memory size", s.Memory)
	case s.Memory < minMemory || s.Memory > maxMemory:
		v.add(path+".memory", fmt.Sprintf("use %d to %d MiB in a step that pairs with cpu, e.g. 512, 1024 or 2048 with cpu 256", minMemory, maxMemory),
			"%d is not a Fargate memory size", s.Memory)
	default:
		memoryOK = true
	}
	return cpuOK, memoryOK
}

// memoryInGBFix is the fix for a memory that reads as GB (memory: 2): its
// MiB when they pair with the service's cpu, or the cpu is wrong too (cpu:
// 2 with memory: 4 is a task of 2 vCPU and 4 GB). Otherwise the GB are
// likely not what was meant (memory: 51 beside cpu: 256 is 512 mistyped),
// or a larger cpu is: the sizes that pair with the cpu come first, and the
// cpus the GB would need, if any, after them.
func memoryInGBFix(gb, cpu int, cpuOK bool) string {
	mib := gb * mibPerGB
	if !cpuOK || validFargateSize(cpu, mib) {
		return memoryFix(fmt.Sprintf("%d GB", gb), float64(mib), false)
	}
	fix := "memory counts MiB: " + fargateFix(cpu)
	if cpus := cpusFor(mib); len(cpus) > 0 {
		fix += fmt.Sprintf("; %d GB, memory: %d, needs cpu %s", gb, mib, orList(intStrings(cpus)))
	}
	return fix
}

// cpusFor lists the Fargate cpus that pair with memory (MiB).
func cpusFor(memory int) []int {
	var cpus []int
	for _, s := range fargateSizes {
		if validFargateSize(s.cpu, memory) {
			cpus = append(cpus, s.cpu)
		}
	}
	return cpus
}

func fargateFix(cpu int) string {
	for _, s := range fargateSizes {
		if s.cpu == cpu {
			if cpu == 256 {
				return "with cpu 256 use memory 512, 1024 or 2048"
			}
			return fmt.Sprintf("with cpu %d use memory %d to %d in steps of %d", cpu, s.minMemory, s.maxMemory, s.step)
		}
	}
	return "use cpu 256, 512, 1024, 2048, 4096, 8192 or 16384 with a matching memory size"
}

func (v *validator) containers(path string, s *Service) {
	if len(s.Containers) == 0 {
		v.add(path+".containers", "add at least one container with name and image", "a service needs a container")
		return
	}
	v.overQuota(path+".containers", QuotaContainersPerTask, len(s.Containers), "the service")
	names := newUniqueNames("container", "containers")
	ports := map[int]string{}
	essential := false
	cpu, memory := 0, 0
	for i := range s.Containers {
		c := &s.Containers[i]
		p := indexPath(path+".containers", i)
		names.check(v, p+".name", c.Name, i)
		if c.Port != 0 {
			// In awsvpc mode all containers share one network namespace.
			if other, dup := ports[c.Port]; dup {
				v.add(p+".port", "use another port", "port %d is already used by container %q (containers in a task share one network interface)", c.Port, other)
			}
			ports[c.Port] = c.Name
		}
		essential = essential || c.IsEssential()
		cpu += c.CPU
		memory += max(c.Memory, c.MemoryReservation)
		v.container(p, c, s)
		v.mounts(p, c)
	}
	v.volumeNames(path, s)
	if !essential {
		v.add(path+".containers", "mark the main container essential: true", "no container is essential, so ECS cannot tell when the task has stopped working")
	}
	// A task size that is itself wrong is reported at its own field.
	if cpu > s.CPU && s.CPU > 0 {
		v.add(path+".containers", fmt.Sprintf("lower the containers' cpu or raise the service's cpu above %d", cpu), "the containers reserve %d CPU units but the task has %d", cpu, s.CPU)
	}
	// A container with more memory than the task has its own problem,
	// which says the same of the sum.
	alone := slices.ContainsFunc(s.Containers, func(c Container) bool { return c.Memory > s.Memory })
	if memory > s.Memory && s.Memory > 0 && !alone {
		v.add(path+".containers", fmt.Sprintf("lower the containers' memory or raise the service's memory to at least %d", memory), "the containers need %d MiB but the task has %d MiB", memory, s.Memory)
	}
	v.dependencyCycles(path, s)
}

func (v *validator) container(path string, c *Container, s *Service) {
	if v.required(path+".name", c.Name, "name the container, e.g. name: app") && !containerNamePattern.MatchString(c.Name) {
		v.add(path+".name", "use letters, digits, hyphens and underscores", "%q is not a valid container name", c.Name)
	}
	v.image(path+".image", c.Image)
	v.oneWordArguments(path+".command", c.Command)
	v.oneWordArguments(path+".entryPoint", c.EntryPoint)
	v.addressesOutside(path+".command", c.Command)
	v.addressesOutside(path+".entryPoint", c.EntryPoint)
	if c.HealthCheck != nil {
		v.addressesOutside(path+".healthCheck.command", c.HealthCheck.Command)
	}
	v.containerSecrets(path, c)
	if c.Port != 0 {
		v.between(path+".port", c.Port, 1, maxPort, "")
	}
	for _, k := range sortedKeys(c.Environment) {
		p := joinPath(path+".environment", k)
		if c.Environment[k] == "" && v.raw.src != nil && v.raw.src.nulls[p] {
			// Compose passes KEY: (or a bare KEY) the value of the shell
			// it runs in; a task has no such shell.
			v.warn(p, fmt.Sprintf("write its value, or %s: \"\" for an empty one", k),
				"%s has no value, and the container gets it empty: Compose would pass the value of the shell it runs in, which a task does not have", k)
		}
		switch {
		case !envNamePattern.MatchString(k):
			v.add(p, "use letters, digits and underscores, not starting with a digit", "%q is not a valid environment variable name", k)
		case awsCredential[k]:
			v.add(p, "remove it; the task role gives the container AWS credentials", "AWS credentials must never be written into a template")
		}
		v.stackValues(p, c.Environment[k], s)
	}
	for i, d := range c.DependsOn {
		p := indexPath(path+".dependsOn", i)
		v.oneOf(p+".condition", d.Condition, conditionChoices...)
		target := s.Container(d.Container)
		switch {
		case d.Container == c.Name:
			v.add(p+".container", "remove this dependency", "a container cannot depend on itself")
		case target == nil:
			v.add(p+".container", nameFix(d.Container, namesOf(s.Containers, containerName), "name a container of this service"), "there is no container %q in this service", d.Container)
		case d.Condition == ConditionHealthy && target.HealthCheck == nil:
			v.add(p+".condition", "add a healthCheck to "+d.Container+" or use START", "HEALTHY needs %q to have a health check", d.Container)
		case (d.Condition == ConditionComplete || d.Condition == ConditionSuccess) && target.IsEssential():
			v.add(p+".condition", "mark "+d.Container+" essential: false, or use START or HEALTHY", "%s cannot wait for an essential container; the task would stop when it exits", d.Condition)
		}
	}
	if h := c.HealthCheck; h != nil {
		p := path + ".healthCheck"
		if len(h.Command) < 2 || !slices.Contains(healthCheckForms, h.Command[0]) {
			v.add(p+".command", `write ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] or ["CMD", "executable", "arg"]`, "the command must start with CMD or CMD-SHELL and have something to run")
		}
		v.between(p+".interval", h.Interval, 5, 300, " s")
		v.between(p+".timeout", h.Timeout, 2, 60, " s")
		v.between(p+".retries", h.Retries, 1, 10, "")
		v.between(p+".startPeriod", h.StartPeriod, 0, maxStartPeriod, " s")
	}
	// Docker refuses containers with less than 6 MiB; a container cannot
	// have more than its task (checked only when the task's is usable).
	switch {
	case c.Memory == 0:
	case c.Memory < 6:
		v.add(path+".memory", "use at least 6 MiB, or leave it out to share the task's memory", "%d MiB is not a container memory limit", c.Memory)
	case s.Memory >= fargateSizes[0].minMemory && s.Memory <= fargateSizes[len(fargateSizes)-1].maxMemory && c.Memory > s.Memory:
		v.add(path+".memory", fmt.Sprintf("use at most the task's %d MiB", s.Memory), "%d MiB is more than the task has", c.Memory)
	}
	if c.MemoryReservation < 0 {
		v.add(path+".memoryReservation", "use a positive number of MiB, or leave it out", "%d is negative", c.MemoryReservation)
	}
	if c.MemoryReservation != 0 && c.Memory != 0 && c.MemoryReservation > c.Memory {
		v.add(path+".memoryReservation", "keep the reservation at or below memory", "memoryReservation %d is above memory %d", c.MemoryReservation, c.Memory)
	}
	if c.CPU < 0 {
		v.add(path+".cpu", "use a positive number of CPU units", "%d is negative", c.CPU)
	}
	if s.Exec && c.ReadOnlyRoot() {
		v.add(path+".readonlyRootFilesystem", "turn exec off for the service, or set readonlyRootFilesystem: false (under security: strict, a choice against CT.ECS.PR.6)",
			"ECS Exec runs the SSM agent inside the container, which needs to write to the root filesystem")
	}
}

// oneWordArguments warns of a command or entry point that is one item
// holding spaces (["npm start"]): ECS passes the items to the container as
// they are, with no shell to split them, so the container looks for a
// program named "npm start" and the task stops at start.
func (v *validator) oneWordArguments(path string, args []string) {
	if len(args) != 1 || len(strings.Fields(args[0])) < 2 {
		return
	}
	v.warn(path, shellLineFix(args[0]), "%q is one item: the container runs a program of that whole name, as no shell splits it", args[0])
}

// shellLineFix is the fix for a command written as one shell line, as a
// Dockerfile's shell form and Compose write it: its words as the items, or
// a shell to split it. ECS runs the items as they are.
func shellLineFix(line string) string {
	words := strings.Fields(line)
	for i, w := range words {
		words[i] = flowText(w)
	}
	return fmt.Sprintf("write one item per argument, [%s], or [sh, -c, %s] for a shell line", strings.Join(words, ", "), quote(line))
}

func (v *validator) image(path string, img Image) {
	v.latestTag(path, img)
	switch {
	case img.Repository != "" && img.URI != "":
		v.add(path, "keep repository (an ECR repository this stack creates) or uri (an external image)", "repository and uri are mutually exclusive")
	case img.Repository != "":
		registry, name, inRegistry := registryOf(img.Repository)
		name, version := cutImageVersion(name)
		switch {
		case inRegistry:
			// An image's address, where the name of a repository the stack
			// creates belongs: its registry is the account's, always.
			if version.none() {
				version = imageVersion{tag: img.Tag, digest: img.Digest}
			}
			v.add(path+".repository", registryRepositoryFix(registry, name, version),
				"%q is an image's address in a registry, not the name of a repository the stack creates", img.Repository)
		case !version.none() && repositoryPattern.MatchString(name):
			field, _, _ := strings.Cut(version.field(), ":")
			v.add(path+".repository", fmt.Sprintf("write {repository: %s, %s}", name, version.field()), "%q holds the image's %s: a repository's name has none", img.Repository, field)
		case len(img.Repository) < 2 || len(img.Repository) > 256 || !repositoryPattern.MatchString(img.Repository):
			v.add(path+".repository", repositoryFix(img.Repository), "%q is not a valid ECR repository name", img.Repository)
		}
		// An address written as the name was reported with the tag to write.
		if img.Tag == "" && img.Digest == "" && !v.refused(path, "tag", "digest") && version.none() && !inRegistry {
			v.add(path, "add tag or digest; without one, deployments are not reproducible", "an image needs a tag or a digest")
		}
		if img.Tag != "" && !tagPattern.MatchString(img.Tag) {
			v.add(path+".tag", "use letters, digits, '_', '.' and '-', at most 128", "%q is not a valid image tag", img.Tag)
		}
		if img.Digest != "" && !digestPattern.MatchString(img.Digest) {
			v.add(path+".digest", "write sha256: followed by 64 hex digits", "%q is not an image digest", img.Digest)
		}
	case img.URI != "":
		if img.Tag != "" || img.Digest != "" {
			v.add(path, "write the tag or digest inside uri (name:tag or name@sha256:...)", "tag and digest go with repository, not uri")
		}
		if strings.ContainsAny(img.URI, " \t") {
			// A tab or a space pasted at the end of a line is the usual case:
			// the fix is the reference without it.
			what, fix := "a space", "remove the spaces and tabs"
			if strings.Contains(img.URI, "\t") {
				what = "a tab"
			}
			if trimmed := strings.TrimSpace(img.URI); !strings.ContainsAny(trimmed, " \t") {
				fix = fmt.Sprintf("write %q", trimmed)
			}
			v.add(path+".uri", fix, "%q is not an image reference: it has %s in it", img.URI, what)
		} else if _, digest, pinned := strings.Cut(img.URI, "@"); pinned && !digestPattern.MatchString(digest) {
			v.add(path+".uri", "write the digest as @sha256: followed by 64 hex digits", "%q has a malformed digest", img.URI)
		} else if len(img.URI) > 255 || !imageReference.MatchString(img.URI) {
			// ECS takes at most 255 characters; Docker's grammar takes no
			// ${...}, which CloudFormation would not replace in a parameter's
			// default either.
			v.add(path+".uri", "write REGISTRY/NAME:TAG in lowercase, e.g. public.ecr.aws/nginx/nginx:1.27 (at most 255 characters)", "%q is not an image reference", img.URI)
		} else if !imageHasVersion(img.URI) {
			v.add(path+".uri", "add :TAG or @sha256:DIGEST; an implicit :latest makes deployments unrepeatable", "%q names no tag or digest", img.URI)
		}
	case v.refused(path, "uri", "repository"):
		// Written under another name or misspelt: its own problem says so.
	default:
		v.add(path, "give repository (with tag or digest) or uri", "an image is required")
	}
}

// latestTag warns of an image tagged latest. ECS resolves a tag to an
// image digest when it deploys a service (container image resolution), so
// a later push of latest reaches no task until a deploy changes the
// template, which an unchanged latest does not.
func (v *validator) latestTag(path string, img Image) {
	field, tag := ".tag", img.Tag
	if img.URI != "" && !strings.Contains(img.URI, "@") {
		field, tag = ".uri", uriTag(img.URI)
	}
	if tag == "latest" && img.Digest == "" {
		v.warn(path+field, "tag each build with its own tag (a version or the commit) and deploy that tag",
			"the tag latest moves with every push, but ECS resolves it to one image when it deploys the service: a later push reaches no task until a deploy changes the template, which latest never does")
	}
}

// imageHasVersion reports whether an image reference pins a tag or digest.
func imageHasVersion(ref string) bool {
	return strings.Contains(ref, "@sha256:") || uriTag(ref) != ""
}

// uriTag is the tag of an image reference (name:tag), or "" when it names
// none. A colon before the last slash belongs to a registry port, not a
// tag.
func uriTag(ref string) string {
	name, tag, _ := strings.Cut(ref[strings.LastIndex(ref, "/")+1:], ":")
	if name == "" {
		return ""
	}
	return tag
}

// dependencyCycles reports container start-up cycles, which ECS rejects.
func (v *validator) dependencyCycles(path string, s *Service) {
	state := map[string]int{} // 0 unvisited, 1 visiting, 2 done
	var visit func(name string) bool
	visit = func(name string) bool {
		switch state[name] {
		case 1:
			return true
		case 2:
			return false
		}
		state[name] = 1
		if c := s.Container(name); c != nil {
			for _, d := range c.DependsOn {
				if d.Container != name && visit(d.Container) {
					return true
				}
			}
		}
		state[name] = 2
		return false
	}
	for i, c := range s.Containers {
		if state[c.Name] == 0 && visit(c.Name) {
			v.add(indexPath(path+".containers", i)+".dependsOn", "break the cycle", "container start-up dependencies form a cycle through %q", c.Name)
			return
		}
	}
}

func (v *validator) traffic(path string, s *Service) {
	if s.NLB == nil && s.ALB == nil {
		v.unreached(path, s)
		return
	}
	if len(s.Containers) == 0 {
		return // no containers is a problem of its own, which says to add one
	}
	t := s.Traffic
	if t == nil {
		var ported []string
		for i, c := range s.Containers {
			if v.raw.src.covers(fmt.Sprintf("%s.containers[%d].port", path, i)) {
				return // a port that failed to decode: reported there
			}
			if c.Port != 0 {
				ported = append(ported, fmt.Sprintf("%s on %d", c.Name, c.Port))
			}
		}
		switch len(ported) {
		case 0:
			v.add(path+".traffic", "give the container that serves requests a port (port: 8080)", "the load balancer needs a container port to send traffic to, and no container has a port")
		default:
			first := s.Containers[slices.IndexFunc(s.Containers, func(c Container) bool { return c.Port != 0 })]
			v.add(path+".traffic", fmt.Sprintf("say which one: traffic: {container: %s, port: %d}", first.Name, first.Port),
				"the load balancer needs one container port to send traffic to, and %d containers have a port (%s)", len(ported), strings.Join(ported, ", "))
		}
		return
	}
	i := slices.IndexFunc(s.Containers, func(c Container) bool { return c.Name == t.Container })
	if i < 0 {
		v.add(path+".traffic.container", nameFix(t.Container, namesOf(s.Containers, containerName), "name a container of this service"), "there is no container %q in this service", t.Container)
		return
	}
	c, at := &s.Containers[i], fmt.Sprintf("%s.containers[%d]", path, i)
	switch {
	case c.Port == 0 && v.raw.src.covers(at+".port"):
		// A port that failed to decode: reported there.
	case c.Port == 0:
		v.add(path+".traffic.port", fmt.Sprintf("add port: %d to container %q", t.Port, t.Container), "container %q exposes no port", t.Container)
	case c.Port != t.Port && c.Port >= 1 && c.Port <= maxPort: // a port out of range has its own problem
		v.add(path+".traffic.port", fmt.Sprintf("use port %d or change the container's port", c.Port), "container %q does not expose port %d", t.Container, t.Port)
	case !c.IsEssential():
		// ECS stops a task when an essential container stops; when the one
		// that serves stops, the task would run on without it.
		v.warn(at+".essential", "remove essential: false: the container the load balancer sends requests to should stop its task when it stops",
			"container %q serves the load balancer's requests and is not essential: when it stops, its task runs on without it, and requests fail until the load balancer's health checks have the task replaced", c.Name)
	}
}

// unreached warns of a service that no load balancer fronts and whose
// containers have ports: its tasks' security group admits traffic from the
// load balancers only (nothing else in the VPC, and the tasks have no public
// address), so the ports receive no requests. A first Blueprint written
// without ingress deploys and shows no address to call.
func (v *validator) unreached(path string, s *Service) {
	i := slices.IndexFunc(s.Containers, func(c Container) bool { return c.Port != 0 })
	if i < 0 {
		return // a worker that only calls out
	}
	v.warn(fmt.Sprintf("%s.containers[%d].port", path, i), v.attachFix(s),
		"port %d receives no requests: service %q has no load balancer (alb or nlb), and its tasks admit traffic from a load balancer only", s.Containers[i].Port, s.Name)
}

// attachFix is the fix for a service no load balancer fronts: attach it to
// the load balancers the Blueprint has, or add one.
func (v *validator) attachFix(s *Service) string {
	const worker = "or leave port out of a service that takes no requests"
	var ways []string
	if v.b.Ingress.NLB != nil {
		ways = append(ways, "nlb: {} for ingress.nlb")
	}
	for _, lb := range v.b.ApplicationLoadBalancers() {
		if lb.Prefix == "" {
			ways = append(ways, "alb: {paths: [/*]} for "+lb.Path)
		} else {
			ways = append(ways, fmt.Sprintf("alb: {loadBalancer: %s, paths: [/*]} for %s", lb.ID, lb.Path))
		}
	}
	if len(ways) == 0 {
		return fmt.Sprintf("put a load balancer in front of it: ingress: {alb: {default: %s}} and alb: {} in the service for a web site, ingress: {nlb: {}} and nlb: {} for an API behind API Gateway; %s", s.Name, worker)
	}
	return "attach it with " + strings.Join(ways, ", or ") + "; " + worker
}

// serviceNLB checks a service's NLB attachment; raw is the section as written.
func (v *validator) serviceNLB(path string, s *Service, raw *ServiceNLB) {
	if v.b.Ingress.NLB == nil {
		v.add(path, "add ingress.nlb to create the load balancer", "the service asks for an NLB but ingress.nlb is not defined")
	}
	n := s.NLB
	if raw.Port != 0 {
		// Unwritten, the port is 443 or the traffic port, which is
		// checked where it is written (a container's port).
		v.between(path+".port", n.Port, 1, maxPort, "")
	}
	if n.HealthCheck.Protocol == "TCP" && raw.HealthCheck.Codes != "" {
		v.add(path+".healthCheck.codes", "set protocol: HTTP, or remove codes", "codes apply only to HTTP(S) health checks")
	}
	v.targetHealthCheck(path+".healthCheck", n.HealthCheck, "TCP", "HTTP", "HTTPS")
	v.between(path+".deregistrationDelay", *n.DeregistrationDelay, 0, 3600, " s")
}

// maxHealthCheckPath is the longest health check path Elastic Load
// Balancing takes (AWS::ElasticLoadBalancingV2::TargetGroup HealthCheckPath:
// 1 to 1024 characters).
const maxHealthCheckPath = 1024

// healthPathFix is the fix for a health check path Elastic Load Balancing
// refuses: the path itself with what was missing or refused mended (a
// leading /, characters outside its list percent-encoded), so the user can
// copy it; only a path too long for that says to shorten it.
func healthPathFix(p string) string {
	const rule = "a health check path is / then letters, digits and @:%_+.~#?&/=-, other characters percent-encoded"
	if strings.TrimSpace(p) == "" {
		return "write a path such as /health: " + rule
	}
	mended := percentEncodeOutside(p, isHealthPathByte)
	if !strings.HasPrefix(mended, "/") {
		mended = "/" + mended
	}
	if len(mended) > maxHealthCheckPath {
		return fmt.Sprintf("shorten it to %d characters or fewer, characters outside @:%%_+.~#?&/=- counting three each (percent-encoded)", maxHealthCheckPath)
	}
	return fmt.Sprintf("write %q: %s", mended, rule)
}

// isHealthPath reports whether Elastic Load Balancing takes p as a target
// group's health check path: "/" then letters, digits and @:%_+.~#?&/= (its
// own error's words; a query string is allowed, other characters
// percent-encoded), and hyphens, 1024 characters at most.
func isHealthPath(p string) bool {
	return strings.HasPrefix(p, "/") && len(p) <= maxHealthCheckPath && allBytes(p, isHealthPathByte)
}

// isHealthPathByte reports whether Elastic Load Balancing takes b in a
// health check path as it is.
func isHealthPathByte(b byte) bool {
	return isLetter(b) || isDigit(b) || strings.IndexByte("@:%_+.~#?&/=-", b) >= 0
}

// percentEncodeOutside writes s with every byte that keep refuses as %XX,
// as RFC 3986 percent-encodes it (a UTF-8 letter is several bytes, each
// encoded).
func percentEncodeOutside(s string, keep func(byte) bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := range len(s) {
		if c := s[i]; keep(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// targetHealthCheck checks a target group health check against the ranges
// Elastic Load Balancing accepts, for both load balancer kinds.
func (v *validator) targetHealthCheck(path string, h TargetHealthCheck, protocols ...string) {
	v.oneOf(path+".protocol", h.Protocol, protocols...)
	if h.Protocol != "TCP" {
		if !isHealthPath(h.Path) {
			v.add(path+".path", healthPathFix(h.Path), "%q is not a health check path", h.Path)
		}
		if !healthCodes.MatchString(h.Codes) {
			v.add(path+".codes", `write codes such as "200" or "200-399"`, "%q is not a list of HTTP codes", h.Codes)
		}
	}
	intervalOK := v.between(path+".interval", h.Interval, 5, 300, " s")
	timeoutOK := v.between(path+".timeout", h.Timeout, 2, 120, " s")
	if h.Timeout >= h.Interval && intervalOK && timeoutOK {
		v.add(path+".timeout", "make the timeout shorter than the interval", "a %d s timeout is not shorter than the %d s interval", h.Timeout, h.Interval)
	}
	v.between(path+".healthy", h.Healthy, 2, 10, "")
	v.between(path+".unhealthy", h.Unhealthy, 2, 10, "")
}

func (v *validator) deployment(path string, s *Service, raw *Deployment) {
	d := s.Deployment
	minOK := v.between(path+".minPercent", *d.MinPercent, 0, 100, "%")
	maxOK := v.between(path+".maxPercent", *d.MaxPercent, 100, 400, "%")
	if *d.MaxPercent <= *d.MinPercent && minOK && maxOK {
		v.add(path+".maxPercent", "raise maxPercent above minPercent (200 is the default)", "with maxPercent %d and minPercent %d ECS can neither start a new task nor stop an old one", *d.MaxPercent, *d.MinPercent)
	}
	if *d.Rollback && !*d.CircuitBreaker {
		v.add(path+".rollback", "turn circuitBreaker on, or rollback off", "rollback needs the deployment circuit breaker")
	}
	if !*d.CircuitBreaker && (d.Strategy == StrategyRolling || d.Strategy == StrategyBlueGreen) {
		v.warn(path+".circuitBreaker", "remove circuitBreaker: false", "without the circuit breaker, a deployment whose tasks never become healthy goes on starting them and is never rolled back")
	}
	v.strategy(path, s, raw)
	if *d.GracePeriod < 0 {
		v.add(path+".gracePeriod", "use 0 or more seconds", "%d is negative", *d.GracePeriod)
	}
	for _, c := range s.Containers {
		if c.HealthCheck != nil && *d.GracePeriod < c.HealthCheck.StartPeriod {
			v.add(path+".gracePeriod", fmt.Sprintf("raise gracePeriod to at least %d", c.HealthCheck.StartPeriod),
				"a %d s grace period is shorter than the %d s health check start period of container %q; the load balancer would stop tasks that are still starting", *d.GracePeriod, c.HealthCheck.StartPeriod, c.Name)
		}
	}
}

func (v *validator) autoscaling(path string, s *Service) {
	a := s.Autoscaling
	minOK := v.between(path+".min", a.Min, 1, 5000, " tasks")
	maxOK := v.between(path+".max", a.Max, 1, 5000, " tasks")
	if a.Max < a.Min && minOK && maxOK {
		v.add(path+".max", "make max at least min", "max %d is below min %d", a.Max, a.Min)
	}
	if a.CPU == 0 && a.Memory == 0 && a.Requests == 0 && a.Messages == 0 && !v.refused(path, "cpu", "memory", "requests", "messages") {
		v.add(path, "set cpu and/or memory to a target utilization in percent (cpu: 70), or requests to a number of requests per task per minute", "autoscaling needs a cpu, memory, requests or messages target")
	}
	if a.CPU != 0 {
		v.between(path+".cpu", a.CPU, 10, 95, "%")
	}
	if a.Memory != 0 {
		v.between(path+".memory", a.Memory, 10, 95, "%")
	}
	if a.Requests != 0 {
		if s.ALB == nil {
			v.add(path+".requests", "attach the service to an ALB, or scale on cpu or memory", "the request count per target is the ALB's metric (ALBRequestCountPerTarget), and the service is behind no ALB")
		}
		v.between(path+".requests", a.Requests, 1, 1_000_000, " requests per task per minute")
	}
	if a.Messages != 0 {
		v.backlogScaling(path+".messages", s)
	}
	v.between(path+".scaleInCooldown", *a.ScaleInCooldown, 0, 3600, " s")
	v.between(path+".scaleOutCooldown", *a.ScaleOutCooldown, 0, 3600, " s")
}

// maxLogicalID is the longest logical ID, or parameter name, CloudFormation
// takes (255 characters, the template anatomy's limit that cfn-lint's E2011
// checks).
const maxLogicalID = 255

// longestImagePart is the longest part an image parameter's name ends in
// (ImageDigest, beside Image and ImageTag).
const longestImagePart = "ImageDigest"

// imageParameterIDs checks that service and container names combine into
// distinct template parameter names (service "web-api" + container "x" and
// service "web" + container "api-x" would both give WebApiX...), each
// within CloudFormation's 255 characters.
func (v *validator) imageParameterIDs() {
	type owner struct {
		service int
		where   string
	}
	seen := map[string]owner{}
	for i, s := range v.b.Services {
		for j, c := range s.Containers {
			if !isName(s.Name) || !isName(c.Name) {
				continue // reported as not valid, and renamed by its fix
			}
			id := ImageParameterID(s.Name, c.Name, "")
			where := fmt.Sprintf("services[%d].containers[%d]", i, j)
			if n := len(id + longestImagePart); n > maxLogicalID {
				v.add(where+".name", fmt.Sprintf("shorten the container's name by %d characters", n-maxLogicalID),
					"service %q and container %q give the template parameter %s..., %d characters with its last word; CloudFormation takes %d", s.Name, c.Name, id[:40], n, maxLogicalID)
				continue
			}
			// Clashes inside one service are reported as duplicate
			// containers, and between services of one name as a duplicate
			// service: renaming it mends both.
			if other, dup := seen[id]; dup && other.service != i && v.b.Services[other.service].Name != s.Name {
				v.add(where+".name", "rename the container or the service", "service %q with container %q gives the same template names (%s...) as %s", s.Name, c.Name, id, other.where)
			}
			seen[id] = owner{i, where}
		}
	}
}

// retentionFix is the fix for a log retention of days that CloudWatch Logs
// does not offer: the periods nearest to it, and all of them.
func retentionFix(days int) string {
	return "use " + nearest(days, logRetentionDays) + ", the nearest; CloudWatch Logs keeps logs for one of " + joinInts(logRetentionDays) + " days"
}

// nearest names the values of the sorted list values on either side of n
// ("90 or 120"), or the one end of the list n is beyond.
func nearest(n int, values []int) string {
	i, _ := slices.BinarySearch(values, n)
	switch {
	case i == 0:
		return strconv.Itoa(values[0])
	case i == len(values):
		return strconv.Itoa(values[len(values)-1])
	}
	return strconv.Itoa(values[i-1]) + " or " + strconv.Itoa(values[i])
}

// orList names each of items, the last after "or": "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	last := len(items) - 1
	return strings.Join(items[:last], ", ") + " or " + items[last]
}

// intStrings writes each of values in decimal.
func intStrings(values []int) []string {
	s := make([]string, len(values))
	for i, n := range values {
		s[i] = strconv.Itoa(n)
	}
	return s
}

func joinInts(values []int) string { return strings.Join(intStrings(values), ", ") }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// imageVersion is an image's tag or digest, as written after its name in
// an address (web:1.2, web@sha256:...).
type imageVersion struct{ tag, digest string }

// none reports whether there is neither.
func (v imageVersion) none() bool { return v.tag == "" && v.digest == "" }

// field writes the version as a Blueprint's image does: digest: sha256:...
// or tag: "1.2" (a digest names the image, whatever its tag).
func (v imageVersion) field() string {
	if v.digest != "" {
		return "digest: " + v.digest
	}
	return "tag: " + strconv.Quote(v.tag)
}

// reference writes the version after an image's name, as a uri does:
// @sha256:..., :1.2, or :TAG for none.
func (v imageVersion) reference() string {
	switch {
	case v.digest != "":
		return "@" + v.digest
	case v.tag != "":
		return ":" + v.tag
	}
	return ":TAG"
}

// cutImageVersion splits name:tag or name@sha256:... into the name and its
// version, none when there is neither. The tag is the one uriTag reads from
// a uri.
func cutImageVersion(s string) (string, imageVersion) {
	if n, digest, ok := strings.Cut(s, "@"); ok && digest != "" {
		return n, imageVersion{digest: digest}
	}
	if tag := uriTag(s); tag != "" {
		return strings.TrimSuffix(s, ":"+tag), imageVersion{tag: tag}
	}
	return s, imageVersion{}
}

// registryHosts are the public registries whose addresses are written as
// image names: a repository the stack creates is never in one.
var registryHosts = []string{"docker.io", "public.ecr.aws", "ghcr.io", "quay.io", "gcr.io", "registry.k8s.io", "mcr.microsoft.com", "registry.gitlab.com"}

// registryOf splits an image's address into its registry and the name in
// it (123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web, ghcr.io/acme/web,
// localhost:5000/web); inRegistry is false for a name alone. A first part
// with a dot is a registry only when it is ECR's or a known public one: a
// repository's name may have dots too.
func registryOf(s string) (registry, name string, inRegistry bool) {
	host, rest, ok := strings.Cut(s, "/")
	if !ok || rest == "" {
		return "", s, false
	}
	if ecrRegistry.MatchString(host) || strings.Contains(host, ":") || host == "localhost" || slices.Contains(registryHosts, host) {
		return host, rest, true
	}
	return "", s, false
}

// registryRepositoryFix is the fix for an image's address written as the
// name of a repository the stack creates: for ECR's, the name in it; the
// address as the uri of an image the stack does not create.
func registryRepositoryFix(registry, name string, version imageVersion) string {
	other := fmt.Sprintf("write {uri: %q}", registry+"/"+name+version.reference())
	if !ecrRegistry.MatchString(registry) {
		return other + ": the stack creates repositories in the account's ECR registry only"
	}
	fields := "repository: " + name
	if !version.none() {
		fields += ", " + version.field()
	}
	return fmt.Sprintf("for a repository the stack creates, write its name: {%s}; for one it does not create, %s", fields, other)
}

// repositoryFix is the fix for an ECR repository name ECR refuses: the name
// in lowercase where that is all it lacks (ECR's names are lowercase,
// Docker Hub's organisations often are not).
func repositoryFix(name string) string {
	const rule = "use lowercase letters, digits, and . _ - / as separators, e.g. web/app"
	if lower := strings.ToLower(name); lower != name && len(lower) >= 2 && len(lower) <= 256 && repositoryPattern.MatchString(lower) {
		return fmt.Sprintf("write %q: ECR's repository names are lowercase", lower)
	}
	return rule
}
