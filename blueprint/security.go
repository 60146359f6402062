package blueprint

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// Security levels of the Blueprint's security field.
const (
	// SecurityStandard is the default: the controls whose cost and risk are
	// negligible are on, the others are choices field by field.
	SecurityStandard = "standard"
	// SecurityStrict turns every control of AWS Control Tower's proactive
	// set that can apply to the application on (see package controls):
	// audit logs, log retention and encryption, hardened containers, load
	// balancer deletion protection, API execution logs and tracing. A field
	// written against one of them (deletionProtection: false, say) is the
	// Blueprint's explicit choice, which gen render reports as a control the
	// template does not meet.
	SecurityStrict = "strict"
)

// Defaults of the strict level.
const (
	// StrictLogRetention is CT.CLOUDWATCH.PR.2's minimum: a year.
	StrictLogRetention = 365
	// StrictExecutionLogs is the API stage's execution logging under
	// strict: ERROR, the level CT.APIGATEWAY.PR.1 accepts that logs least.
	StrictExecutionLogs = "ERROR"
	// StrictSecurityPolicy is the REST API's TLS policy under strict.
	StrictSecurityPolicy = "TLS_1_2"
)

// Execution logging levels of an API stage.
const (
	ExecutionLogsOff   = "OFF"
	ExecutionLogsError = "ERROR"
	ExecutionLogsInfo  = "INFO"
)

// LogSettings are the application's logs as a whole: how long every log
// group keeps its events, whether a customer managed key encrypts them,
// whether they outlive the stack, and the audit logs (load balancer access
// logs, CloudFront standard logs, VPC flow logs, S3 server access logs) in
// an S3 bucket.
type LogSettings struct {
	// Retention is how many days every log group the templates create keeps
	// its events (a service's logs.retention wins for its own group); one of
	// the periods CloudWatch Logs offers. Default 30, under strict 365.
	Retention int `yaml:"retention,omitempty"`
	// Encrypt encrypts every log group with a customer managed KMS key the
	// stack creates, whose policy lets CloudWatch Logs use it for exactly
	// these log groups. Default false, under strict true.
	Encrypt *bool `yaml:"encrypt,omitempty"`
	// Retain keeps the log groups, the audit bucket and the logs' key when
	// the stack is deleted. Default false, under strict true.
	Retain *bool `yaml:"retain,omitempty"`
	// Audit turns on the audit logs: load balancer access logs, CloudFront
	// standard logs, flow logs of a VPC the template creates and S3 server
	// access logs, into an S3 bucket the stack creates (or Bucket). Default
	// false, under strict true.
	Audit *bool `yaml:"audit,omitempty"`
	// Bucket is an existing S3 bucket, in the stack's Region, for the audit
	// logs instead of one the stack creates. It must let Elastic Load
	// Balancing, CloudFront (ACLs on) and log delivery write to it, with
	// SSE-S3 encryption (the only one ALB access logs support); see
	// docs/security.md.
	Bucket string `yaml:"bucket,omitempty"`
	// ExpireDays is how many days the audit logs stay in the bucket the
	// stack creates before S3 deletes them (default the retention).
	ExpireDays int `yaml:"expireDays,omitempty"`
}

// Strict reports whether the Blueprint asks for the strict security level.
func (b *Blueprint) Strict() bool { return b.Security == SecurityStrict }

// applyDefaults fills the log settings for the security level.
func (l *LogSettings) applyDefaults(strict bool) {
	retention := DefaultLogRetention
	if strict {
		retention = StrictLogRetention
	}
	setIfZero(&l.Retention, retention)
	setIfZero(&l.ExpireDays, l.Retention)
	for _, f := range []**bool{&l.Encrypt, &l.Retain, &l.Audit} {
		if *f == nil {
			*f = Bool(strict)
		}
	}
}

// applySecurityDefaults fills what the security level decides, before the
// fields that take their defaults from it (a service's log retention).
func (b *Blueprint) applySecurityDefaults() {
	setIfZero(&b.Security, SecurityStandard)
	strict := b.Strict()
	b.Logs.applyDefaults(strict)
	for _, lb := range b.ApplicationLoadBalancers() {
		if lb.DeletionProtection == nil {
			lb.DeletionProtection = Bool(strict)
		}
	}
	if nlb := b.Ingress.NLB; nlb != nil && nlb.DeletionProtection == nil {
		nlb.DeletionProtection = Bool(strict)
	}
	if a := b.API; a != nil {
		for _, f := range []**bool{&a.AccessLogs, &a.Tracing} {
			if *f == nil {
				*f = Bool(strict)
			}
		}
		if a.ExecutionLogs == "" {
			a.ExecutionLogs = ExecutionLogsOff
			if strict {
				a.ExecutionLogs = StrictExecutionLogs
			}
		}
		if a.SecurityPolicy == "" && strict {
			a.SecurityPolicy = StrictSecurityPolicy
		}
	}
	for i := range b.Services {
		s := &b.Services[i]
		setIfZero(&s.Logs.Retention, b.Logs.Retention)
		for j := range s.Containers {
			c := &s.Containers[j]
			if c.ReadonlyRootFilesystem == nil {
				// Writable paths are only written for a read-only root.
				c.ReadonlyRootFilesystem = Bool(strict || len(c.WritablePaths) > 0)
			}
		}
	}
}

// EncryptsLogs reports whether a customer managed key encrypts the log
// groups. b must have its defaults applied.
func (b *Blueprint) EncryptsLogs() bool { return b.Logs.Encrypt != nil && *b.Logs.Encrypt }

// RetainsLogs reports whether the logs outlive the stack. b must have its
// defaults applied.
func (b *Blueprint) RetainsLogs() bool { return b.Logs.Retain != nil && *b.Logs.Retain }

// AuditLogs reports whether the audit logs are on. b must have its defaults
// applied.
func (b *Blueprint) AuditLogs() bool { return b.Logs.Audit != nil && *b.Logs.Audit }

// AuditLogSources lists what writes audit logs into the bucket of the
// application's template, in a fixed order: "elb" (the load balancers'
// access logs), "cloudfront" (the distribution's standard logs, into a
// bucket of their own, see [Blueprint.CreatesCDNLogsBucket]) and "vpc" (the
// flow logs of a VPC the template creates). Empty without audit logs.
func (b *Blueprint) AuditLogSources() []string {
	if !b.AuditLogs() {
		return nil
	}
	var list []string
	if len(b.ApplicationLoadBalancers()) > 0 || b.Ingress.NLB != nil {
		list = append(list, "elb")
	}
	if b.CDN != nil {
		list = append(list, "cloudfront")
	}
	if b.Network.VPC != nil {
		list = append(list, "vpc")
	}
	if slices.ContainsFunc(b.Buckets, func(x Bucket) bool { return x.Existing == nil }) {
		// The server access logs of the buckets the stack creates.
		list = append(list, "s3")
	}
	return list
}

// CreatesAuditBucket reports whether the application's template creates
// the audit logs bucket: audit logs are on, something writes them and no
// existing bucket is named.
func (b *Blueprint) CreatesAuditBucket() bool {
	return b.Logs.Bucket == "" && len(b.AuditLogSources()) > 0
}

// CreatesCDNLogsBucket reports whether the template creates the bucket of
// CloudFront's standard logs. CloudFront delivers them through an ACL,
// which needs a bucket with ACLs enabled; every other audit log goes to a
// bucket with ACLs off, so these get one of their own.
func (b *Blueprint) CreatesCDNLogsBucket() bool {
	return b.Logs.Bucket == "" && b.AuditLogs() && b.CDN != nil
}

// CreatesPipelineLogsBucket reports whether the pipeline's template creates
// a bucket for the S3 server access logs of its artifact bucket: a
// separate stack cannot write into the application's bucket by reference.
func (b *Blueprint) CreatesPipelineLogsBucket() bool {
	return b.Pipeline != nil && b.AuditLogs() && b.Logs.Bucket == ""
}

// AccessLogged reports whether the stage writes access logs. a must have
// its defaults applied.
func (a *API) AccessLogged() bool { return a.AccessLogs != nil && *a.AccessLogs }

// Traced reports whether the stage traces requests with X-Ray. a must have
// its defaults applied.
func (a *API) Traced() bool { return a.Tracing != nil && *a.Tracing }

// ExecutionLogged reports whether the stage writes execution logs. a must
// have its defaults applied.
func (a *API) ExecutionLogged() bool {
	return a.ExecutionLogs != "" && a.ExecutionLogs != ExecutionLogsOff
}

// ReadOnlyRoot reports whether the container's root filesystem is
// read-only. c must have its defaults applied.
func (c *Container) ReadOnlyRoot() bool {
	return c.ReadonlyRootFilesystem != nil && *c.ReadonlyRootFilesystem
}

// MemoryLimit is the container's hard memory limit in MiB: its own, or,
// for the only container of a task, the task's (the same limit, written
// where CT.ECS.PR.7 looks for it); 0 for none.
func (s *Service) MemoryLimit(c *Container) int {
	if c.Memory == 0 && len(s.Containers) == 1 {
		return s.Memory
	}
	return c.Memory
}

// WritableVolume is a task-local volume mounted at one of a container's
// writable paths, which a read-only root filesystem leaves writable.
type WritableVolume struct {
	// Name is the volume's name in the task definition.
	Name string
	// Path is where the container mounts it.
	Path string
}

// WritableVolumes are the volumes of a container's writablePaths, named
// after the container and the path, so that two containers that both write
// to /tmp get one each.
func (c *Container) WritableVolumes() []WritableVolume {
	list := make([]WritableVolume, 0, len(c.WritablePaths))
	for _, p := range c.WritablePaths {
		list = append(list, WritableVolume{Name: volumeName(c.Name, p), Path: p})
	}
	return list
}

// volumeName names a writable path's volume after the container and the
// path (app and /var/cache/nginx: app-var-cache-nginx), in the letters,
// digits, hyphens and underscores ECS accepts.
func volumeName(container, p string) string {
	var b strings.Builder
	b.WriteString(container)
	for _, part := range strings.Split(strings.Trim(path.Clean(p), "/"), "/") {
		b.WriteByte('-')
		for _, r := range part {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
				b.WriteRune(r)
			} else {
				b.WriteByte('_')
			}
		}
	}
	return b.String()
}

// rootUser matches the users that run a container as root: what
// CT.ECS.PR.3 refuses (0, root, and either with a group).
var rootUser = lazyre.New(`^(0|root)(:.*)?$`)

// IsRootUser reports whether a container's user runs it as root.
func IsRootUser(user string) bool { return rootUser.MatchString(user) }

// securityPolicyPattern matches the REST API security policies ecsgate
// accepts: the legacy TLS_1_2 and AWS's enhanced policies.
var securityPolicyPattern = lazyre.New(`^(TLS_1_2|SecurityPolicy_[A-Za-z0-9_]{1,100})$`)

// Enhanced reports whether the API's security policy is one of AWS's
// enhanced ones (SecurityPolicy_...), which API Gateway accepts only with an
// endpoint access mode.
func (a *API) EnhancedSecurityPolicy() bool {
	return strings.HasPrefix(a.SecurityPolicy, "SecurityPolicy_")
}

// validateSecurity checks the security level and what it asks of the rest
// of the Blueprint: what strict cannot decide alone (a user for each
// container, a memory limit for each container of a task with several) is
// an error with the control that needs it and the fix.
func (v *validator) validateSecurity() {
	b := v.b
	v.oneOf("security", b.Security, securityChoices...)
	l := b.Logs
	if l.Retention != 0 && !containsInt(logRetentionDays, l.Retention) {
		v.add("logs.retention", retentionFix(l.Retention), "%d days is not a CloudWatch Logs retention period", l.Retention)
	}
	if l.ExpireDays < 1 || l.ExpireDays > maxS3Days {
		v.add("logs.expireDays", fmt.Sprintf("use 1 to %d days", maxS3Days), "%d days is not an expiry S3 accepts", l.ExpireDays)
	}
	if l.Bucket != "" && !isBucketName(l.Bucket) {
		v.add("logs.bucket", "name an existing bucket: 3 to 63 lowercase letters, digits, dots and hyphens", "%q is not an S3 bucket name", l.Bucket)
	}
	if l.Bucket != "" && !b.AuditLogs() && !v.refused("logs", "audit") {
		v.add("logs.bucket", "remove it, or set logs.audit: true", "no audit logs are written without logs.audit")
	}
	if a := b.API; a != nil {
		v.oneOf("api.executionLogs", a.ExecutionLogs, executionLogsChoices...)
		if a.SecurityPolicy != "" && !securityPolicyPattern.MatchString(a.SecurityPolicy) {
			v.add("api.securityPolicy", "use TLS_1_2 or one of API Gateway's enhanced policies (SecurityPolicy_TLS13_1_2_2021_06, ...)",
				"%q is not a security policy ecsgate accepts: TLS 1.2 is the minimum", a.SecurityPolicy)
		}
	}
	for i := range b.Services {
		v.hardenedContainers(&b.Services[i], indexPath("services", i))
	}
	if !b.Strict() {
		return
	}
	for _, lb := range b.ApplicationLoadBalancers() {
		if lb.Certificate == nil {
			v.add(lb.Path+".certificate", "give the load balancer a certificate (HTTP then redirects to HTTPS), or set security: standard",
				"under security: strict an ALB serves HTTPS: CT.ELASTICLOADBALANCING.PR.1 refuses an HTTP listener that does not redirect to HTTPS")
		}
	}
}

// hardenedContainers checks a service's containers against what a hardened
// task needs: under strict a non-root user and, with several containers, a
// memory limit each; a user that is not root cannot bind ports below 1024;
// the writable paths are absolute, distinct, and only with a read-only
// root filesystem.
func (v *validator) hardenedContainers(s *Service, path string) {
	strict := v.b.Strict()
	for i := range s.Containers {
		c := &s.Containers[i]
		p := fmt.Sprintf("%s.containers[%d]", path, i)
		switch {
		case strict && c.User == "":
			v.add(p+".user", "set the user the image runs as, a uid such as 1000 (or name:group); the image must let it read its files",
				"under security: strict a container runs as a non-root user (CT.ECS.PR.3), and ECS runs the image's own user, often root, when none is given")
		case strict && IsRootUser(c.User):
			v.add(p+".user", "use a user that is not root, a uid such as 1000",
				"%q runs the container as root, which CT.ECS.PR.3 refuses under security: strict", c.User)
		}
		if c.User != "" && !IsRootUser(c.User) && c.Port > 0 && c.Port < 1024 {
			fix := "make the image listen on port 1024 or above (8080, say) and set port to it"
			if strict {
				v.add(p+".port", fix, "a container that runs as user %q cannot bind port %d: Linux keeps ports below 1024 for root", c.User, c.Port)
			} else {
				v.warn(p+".port", fix, "a container that runs as user %q cannot bind port %d: Linux keeps ports below 1024 for root", c.User, c.Port)
			}
		}
		if strict && len(s.Containers) > 1 && c.Memory == 0 {
			v.add(p+".memory", fmt.Sprintf("give each container a memory limit; together they must fit the task's %d MiB", s.Memory),
				"under security: strict every container has a hard memory limit (CT.ECS.PR.7); a task of one container takes the task's")
		}
		seen := map[string]bool{}
		for j, w := range c.WritablePaths {
			wp := fmt.Sprintf("%s.writablePaths[%d]", p, j)
			switch {
			case !isContainerPath(w):
				v.add(wp, absolutePathFix(w, "/tmp"), "%q is not an absolute path", w)
			case w == "/" || seen[pathClean(w)]:
				v.add(wp, "list each directory once, never /", "%q cannot be a writable path", w)
			}
			seen[pathClean(w)] = true
		}
		if len(c.WritablePaths) > 0 && !c.ReadOnlyRoot() {
			v.add(p+".writablePaths", "set readonlyRootFilesystem: true, or remove writablePaths",
				"writable paths only matter on a read-only root filesystem, which this container does not have")
		}
	}
}

func pathClean(p string) string { return path.Clean(p) }

// maxContainerPath is the longest directory inside a container that a
// writable path or a mount names (ContainerDefinitions MountPoints
// ContainerPath).
const maxContainerPath = 256

// isContainerPath reports whether p is an absolute path inside a
// container, of at most maxContainerPath characters and no white space:
// where a writable path or a volume is mounted.
func isContainerPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.ContainsAny(p, " \t\n") && len(p) <= maxContainerPath
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// absolutePathFix is the fix for a container path written without its
// leading / (uploads, ./data): the path from / when that makes one, or an
// example.
func absolutePathFix(written, example string) string {
	if abs := path.Clean("/" + written); written != "" && !strings.Contains(written, "..") && isContainerPath(abs) && abs != "/" {
		return "write " + abs + ", the absolute path inside the container"
	}
	return "write an absolute path inside the container, such as " + example
}
