package blueprint

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// Name rules. Each pattern is the AWS rule for the resource the name ends up in,
// narrowed where a name is also used inside other names or logical IDs.
var (
	// ECS container names: letters, digits, hyphens, underscores, up to 255.
	containerNamePattern = bounded(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`, 1, 255)
	// ECR repository names (2-256 characters, lowercase, optional namespaces).
	repositoryPattern = lazyre.New(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
	tagPattern        = bounded(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`, 1, 128) // TagPattern

	digestPattern  = lazyre.New(DigestPattern)
	imageReference = lazyre.New(ImageReferencePattern)
	// Elastic Load Balancing names: 32 characters, alphanumerics and hyphens,
	// no hyphen at either end.
	lbNamePattern = lazyre.New(`^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$`)
	// Environment variable names.
	envNamePattern = lazyre.New(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// A Dockerfile stage's name as BuildKit reads it, case aside: a
	// letter, then letters, digits, -, _ and . (BuildKit's
	// frontend/dockerfile/instructions, validStageName).
	stageNamePattern = lazyre.New(`(?i)^[a-z][a-z0-9-_.]*$`)
	// Availability Zone names such as ap-northeast-1a or us-gov-west-1b:
	// the Region's name and a letter.
	zoneNamePattern     = lazyre.New(`^(` + regionExpr + `)[a-z]$`)
	regionPattern       = lazyre.New(`^` + regionExpr + `$`)
	vpcIDPattern        = lazyre.New(`^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$`)
	subnetIDPattern     = lazyre.New(`^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$`)
	routeTableIDPattern = lazyre.New(`^rtb-[0-9a-f]{8}(?:[0-9a-f]{9})?$`)
	groupIDPattern      = lazyre.New(`^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$`)
	// EFS file system IDs (AWS::EFS::AccessPoint FileSystemId).
	fileSystemIDPattern = lazyre.New(`^fs-[0-9a-f]{8,40}$`)
	zoneIDPattern       = bounded(`^Z[A-Z0-9]+$`, 2, 32)
	healthCodes         = lazyre.New(`^\d{3}(?:-\d{3})?(?:,\d{3}(?:-\d{3})?)*$`)
	logGroupPattern     = bounded(`^[.\-_/#A-Za-z0-9]+$`, 1, 512)
)

// regionExpr is a Region's name, such as eu-west-1 or us-gov-west-1, as a
// regular expression: an Availability Zone's and a user pool ID's begin with
// one.
const regionExpr = `[a-z]{2}(?:-[a-z]+)+-\d+`

// The three patterns below are checked byte by byte (isName, isDomainName,
// acmARNRegion): every Blueprint has names, and compiling the expressions
// (their bounded repetitions make large programs) was a quarter of gen's
// reading of a small Blueprint, 0.9 ms then 0.65 ms without.
// TestPatternsWithoutTheirExpressions holds each check to its expression.
const (
	// namePattern is a Blueprint or service name. Names appear in logical
	// IDs, log group names and task families, so they stay DNS-label-like.
	namePattern = `^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$`
	// domainPattern is a DNS name of lowercase labels, a wildcard first
	// label allowed, ending in a top-level domain that starts with a letter.
	domainPattern = `^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`
	// acmARNPattern is an ACM certificate's ARN; its group is the Region.
	acmARNPattern = `^arn:aws(?:-[a-z]+)*:acm:([a-z0-9-]+):\d{12}:certificate/[0-9a-f-]{36}$`
)

// isName reports whether s matches namePattern.
func isName(s string) bool {
	return s != "" && isLower(s[0]) && (len(s) == 1 || isLowerOrDigit(s[len(s)-1])) && allBytes(s, isLabelByte)
}

// isDomainName reports whether s matches domainPattern.
func isDomainName(s string) bool {
	labels := strings.Split(strings.TrimPrefix(s, "*."), ".")
	if len(labels) < 2 {
		return false
	}
	for _, label := range labels[:len(labels)-1] {
		if !isDNSLabel(label) {
			return false
		}
	}
	tld := labels[len(labels)-1]
	return len(tld) >= 2 && isLower(tld[0]) && isDNSLabel(tld)
}

// isDNSLabel reports whether s is 1 to 63 lowercase letters, digits and
// hyphens, with no hyphen at either end.
func isDNSLabel(s string) bool {
	return s != "" && len(s) <= 63 && isLowerOrDigit(s[0]) && isLowerOrDigit(s[len(s)-1]) && allBytes(s, isLabelByte)
}

// acmARNRegion returns the Region of an ARN that matches acmARNPattern; ok
// is false for any other text.
func acmARNRegion(arn string) (region string, ok bool) {
	region, _, ok = acmARN(arn)
	return region, ok
}

// acmARN returns the Region and the account of an ACM certificate ARN.
func acmARN(arn string) (region, account string, ok bool) {
	rest, ok := strings.CutPrefix(arn, "arn:aws")
	if !ok {
		return "", "", false
	}
	for strings.HasPrefix(rest, "-") { // a partition such as aws-us-gov
		n := 1
		for n < len(rest) && isLower(rest[n]) {
			n++
		}
		if n == 1 {
			return "", "", false
		}
		rest = rest[n:]
	}
	if rest, ok = strings.CutPrefix(rest, ":acm:"); !ok {
		return "", "", false
	}
	region, rest, ok = strings.Cut(rest, ":")
	if !ok || region == "" || !allBytes(region, isLabelByte) {
		return "", "", false
	}
	account, id, ok := strings.Cut(rest, ":certificate/")
	if !ok || !isAccountID(account) || len(id) != 36 || !allBytes(id, isHexOrHyphen) {
		return "", "", false
	}
	return region, account, true
}

func isLower(c byte) bool        { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool        { return c >= 'A' && c <= 'Z' }
func isLetter(c byte) bool       { return isLower(c) || isUpper(c) }
func isDigit(c byte) bool        { return c >= '0' && c <= '9' }
func isLowerOrDigit(c byte) bool { return isLower(c) || isDigit(c) }
func isLabelByte(c byte) bool    { return isLowerOrDigit(c) || c == '-' }
func isHexOrHyphen(c byte) bool  { return isDigit(c) || c >= 'a' && c <= 'f' || c == '-' }

// allBytes reports whether every byte of s is one ok accepts.
func allBytes(s string, ok func(byte) bool) bool {
	for i := range len(s) {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// tagCharsPattern is the characters ECS, IAM and Elastic Load Balancing
// accept in tag keys and values (their resource schemas' pattern), which
// isTagText checks without compiling it (its Unicode classes cost a
// noticeable part of gen's start).
const tagCharsPattern = `^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`

// isTagText reports whether s matches tagCharsPattern.
func isTagText(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Z, r) && !unicode.IsNumber(r) && !strings.ContainsRune("_.:/=+-@", r) {
			return false
		}
	}
	return true
}

// pattern is a regular expression whose length bound is checked apart: a
// bounded repetition such as {1,512} compiles to a program with a state per
// repetition, and compiling a few dozen of them cost every run of gen
// milliseconds before main.
type pattern struct {
	re       *lazyre.Regexp
	min, max int
}

// bounded compiles expr, which matches strings of any length, for strings of
// min to max bytes (the patterns are ASCII, so bytes are characters).
func bounded(expr string, min, max int) pattern {
	return pattern{re: lazyre.New(expr), min: min, max: max}
}

// MatchString reports whether s has an allowed length and matches.
func (p pattern) MatchString(s string) bool {
	return len(s) >= p.min && len(s) <= p.max && p.re.MatchString(s)
}

// Image reference rules, shared by validation and by the template Parameters
// that let CI override an image (their AllowedPattern).
const (
	// TagPattern matches a Docker image tag.
	TagPattern = `^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`
	// DigestPattern matches an image digest as ECR reports it.
	DigestPattern = `^sha256:[a-f0-9]{64}$`
	// ImageReferencePattern matches an image reference as Docker's
	// distribution grammar writes one: an optional registry host (with a
	// port), lowercase path components joined by . _ __ or dashes, an
	// optional tag and an optional sha256 digest.
	ImageReferencePattern = `^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?` +
		`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*` +
		`(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`
)

// legacySSLPolicies are the ELB security policies that still allow TLS 1.0 or
// 1.1. ecsgate refuses them: every listener it renders speaks TLS 1.2 or newer.
var legacySSLPolicies = map[string]bool{
	"ELBSecurityPolicy-2016-08":                   true,
	"ELBSecurityPolicy-2015-05":                   true,
	"ELBSecurityPolicy-TLS-1-0-2015-04":           true,
	"ELBSecurityPolicy-TLS-1-1-2017-01":           true,
	"ELBSecurityPolicy-FS-2018-06":                true,
	"ELBSecurityPolicy-FS-1-1-2019-08":            true,
	"ELBSecurityPolicy-TLS13-1-0-2021-06":         true,
	"ELBSecurityPolicy-TLS13-1-1-2021-06":         true,
	"ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04":    true,
	"ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04":    true,
	"ELBSecurityPolicy-TLS13-1-0-PQ-2025-09":      true,
	"ELBSecurityPolicy-TLS13-1-1-PQ-2025-09":      true,
	"ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09": true,
	"ELBSecurityPolicy-TLS13-1-1-FIPS-PQ-2025-09": true,
}

// logRetentionDays are the values CloudWatch Logs accepts for RetentionInDays.
var logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// fargateSizes maps each Fargate CPU value to its memory range and step (MiB).
var fargateSizes = []struct{ cpu, minMemory, maxMemory, step int }{
	{256, 512, 2048, 512}, // 512, 1024, 2048 (1536 is not offered)
	{512, 1024, 4096, 1024},
	{1024, 2048, 8192, 1024},
	{2048, 4096, 16384, 1024},
	{4096, 8192, 30720, 1024},
	{8192, 16384, 61440, 4096},
	{16384, 32768, 122880, 8192},
}

// healthCheckForms are the first words ECS takes in a container health
// check's command: CMD runs the rest directly, CMD-SHELL in the container's
// shell. maxStartPeriod is the longest start period, in seconds, during
// which the check's failures do not count (ECS's HealthCheck reference).
var healthCheckForms = []string{"CMD", "CMD-SHELL"}

const maxStartPeriod = 300

// vCPUUnits is how many CPU units make one vCPU, as a task's cpu counts
// them; mibPerGB is how many MiB a GB of memory is, as people write it.
const (
	vCPUUnits = 1024
	mibPerGB  = 1024
)

// largestFargateTask is the largest task Fargate runs, in vCPUs and GB: a
// cpu or memory value read in those units is taken as meant only up to it.
func largestFargateTask() (vcpus, gb float64) {
	last := fargateSizes[len(fargateSizes)-1]
	return float64(last.cpu) / vCPUUnits, float64(last.maxMemory) / mibPerGB
}

// cpuFix says how many CPU units a cpu written in vCPUs is; written names
// the value as the user wrote it ("0.5 vCPU", "500m (0.5 vCPU)").
func cpuFix(written string, vcpus float64) string {
	return fmt.Sprintf("cpu counts CPU units, %d per vCPU: %s is cpu: %d", vCPUUnits, written, int(math.Round(vcpus*vCPUUnits)))
}

// memoryFix says how many MiB a memory written in other units is; unit
// tells whether the user wrote one ("2Gi"), which memory leaves out.
func memoryFix(written string, mib float64, unit bool) string {
	counts := "memory counts MiB"
	if unit {
		counts += ", without a unit"
	}
	return fmt.Sprintf("%s: %s is memory: %d", counts, written, int(math.Round(mib)))
}

// validFargateSize reports whether cpu and memory are a Fargate combination.
func validFargateSize(cpu, memory int) bool {
	if cpu == 256 {
		return memory == 512 || memory == 1024 || memory == 2048
	}
	for _, s := range fargateSizes {
		if s.cpu == cpu {
			return memory >= s.minMemory && memory <= s.maxMemory && (memory-s.minMemory)%s.step == 0
		}
	}
	return false
}

// LogicalName turns a Blueprint name into the PascalCase word used in
// CloudFormation logical IDs: "web-api" -> "WebApi", "web/app" -> "WebApp".
// Logical IDs allow only letters and digits.
func LogicalName(name string) string {
	var b strings.Builder
	upper := true
	for _, r := range name {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if upper {
				r = unicode.ToUpper(r)
			}
			b.WriteRune(r)
			upper = false
		default:
			upper = true
		}
	}
	return b.String()
}

// CDNRecordDomains are the CDN's domains the template points at the
// distribution with alias records: those in dns.zone, as a record goes in
// the hosted zone only. A domain outside it needs a record of your own.
func (b *Blueprint) CDNRecordDomains() []string {
	if b.CDN == nil || b.DNS == nil {
		return nil
	}
	var list []string
	for _, d := range b.CDN.Domains {
		if InZone(d, b.DNS.Zone) {
			list = append(list, d)
		}
	}
	return list
}

// InZone reports whether the DNS name equals zone or lies under it.
func InZone(name, zone string) bool {
	name, zone = strings.TrimSuffix(name, "."), strings.TrimSuffix(zone, ".")
	return name == zone || strings.HasSuffix(name, "."+zone)
}

// certificateCovers reports whether a certificate for domain is valid for host:
// an exact match, or a wildcard that stands for exactly one label.
func certificateCovers(domain, host string) bool {
	if domain == host {
		return true
	}
	if rest, ok := strings.CutPrefix(domain, "*."); ok {
		label, parent, found := strings.Cut(host, ".")
		return found && label != "" && label != "*" && parent == rest
	}
	return false
}
