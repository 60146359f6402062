package blueprint

import (
	"net/netip"
	"path"
	"reflect"
	"slices"
	"strings"
)

// Default values, in one place. The reference (docs/blueprint.md) lists the same.
const (
	DefaultVPCCIDR    = "10.0.0.0/16"
	DefaultAZs        = 2
	DefaultInsights   = InsightsEnabled
	DefaultKeepImages = 50
	DefaultSSLPolicy  = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	DefaultCount      = 1
	// A queue's visibility timeout and retention (SQS's own defaults, 30
	// seconds and four days) and its receives before the dead-letter
	// queue.
	DefaultQueueTimeout   = 30
	DefaultQueueRetention = 345600
	DefaultQueueTries     = 10
	// DefaultEphemeralStorage is the GiB every Fargate task has without
	// services[].ephemeralStorage.
	DefaultEphemeralStorage = 20
	// DefaultVolumeOwner is a volume's POSIX user and group ID: the first
	// a Linux distribution gives a user of its own.
	DefaultVolumeOwner = 1000
	// DefaultVolumeDirectory is the directory of a volume's file system
	// that its access point exposes as the root: EFS creates it on the
	// first mount, owned by the volume's user, as Control Tower's
	// CT.ELASTICFILESYSYSTEM.PR.3 asks (an access point's root other than
	// /); an existing file system's directory unless written.
	DefaultVolumeDirectory = "/data"
	// DefaultVolumeRetain keeps a volume's file system, with its files,
	// when its stack is deleted or a change replaces it.
	DefaultVolumeRetain = true
	// DefaultTableRetain keeps a table, with its items, when its stack is
	// deleted or a change replaces it.
	DefaultTableRetain = true
	// DefaultVersionDays is how long a bucket keeps an object's earlier
	// version after a newer one replaced it or it was deleted.
	DefaultVersionDays    = 30
	DefaultPlatform       = PlatformX86
	DefaultLogRetention   = 30
	DefaultMinPercent     = 100
	DefaultMaxPercent     = 200
	DefaultGracePeriod    = 60
	DefaultDeregistration = 30
	// DefaultStickiness is how long a client stays on its task, the ALB's
	// default for its cookie's duration.
	DefaultStickiness       = 86400
	DefaultTargetInterval   = 10
	DefaultTargetTimeout    = 5
	DefaultTargetThreshold  = 2
	DefaultHealthPath       = "/"
	DefaultHealthCodes      = "200-399"
	DefaultCheckInterval    = 30
	DefaultCheckTimeout     = 5
	DefaultCheckRetries     = 3
	DefaultScaleInCooldown  = 300
	DefaultScaleOutCooldown = 60
	DefaultEgressCIDR       = "0.0.0.0/0"
	DefaultEgressPort       = 443
	DefaultStage            = "dev"
	DefaultRouteTimeout     = MaxRouteTimeout
	DefaultThrottleRate     = 100
	DefaultThrottleBurst    = 200
	DefaultCORSMaxAge       = 600
	// DefaultBucketCORSMaxAge is how long a browser keeps S3's answer to a
	// preflight, in seconds, unless a bucket's cors.maxAge says otherwise.
	DefaultBucketCORSMaxAge = 3600
	DefaultOriginTimeout    = 30
	DefaultPriceClass       = "PriceClass_All"
	DefaultIdleTimeout      = 60
	DefaultALBDefault       = "404"
	DefaultLoginScope       = "openid"
	DefaultSessionTimeout   = 604800
	DefaultRulePriority     = 100
	RulePriorityStep        = 10
	AnywhereIPv4            = "0.0.0.0/0"
	DefaultSecretLength     = 32
	DefaultBranch           = "main"
	DefaultDeployDirectory  = "deploy"
	DefaultBuildImage       = "aws/codebuild/standard:7.0"
	DefaultComputeType      = "BUILD_GENERAL1_SMALL"
	DefaultRateLimit        = 2000
	// PoolPasswordLength is the least length of a user pool's passwords,
	// which must also mix lower and upper case letters, numbers and
	// symbols; PoolMFA is its MFA configuration (an authenticator app, on
	// the user's choice).
	PoolPasswordLength = 12
	PoolMFA            = "OPTIONAL"
)

// DefaultBucketCORSMethods are the methods a bucket's CORS allows unless
// it lists them: a presigned URL's download (GET, HEAD) and upload (PUT).
var DefaultBucketCORSMethods = []string{"GET", "HEAD", "PUT"}

// DefaultClaims are the Cognito claims a claims integration sends by default.
var DefaultClaims = []string{"sub", "cognito:username", "email"}

// DefaultCORSHeaders are the request headers allowed by default.
var DefaultCORSHeaders = []string{"Authorization", "Content-Type"}

// WithDefaults returns a deep copy of b with every default applied; b itself is
// not changed. Rendering and validation both work on such a copy.
func (b *Blueprint) WithDefaults() *Blueprint {
	c := clone(b)
	c.ApplyDefaults()
	return c
}

// ApplyDefaults fills every unset field that has a default, in place:
//
//   - stacks "single";
//   - network: a new VPC 10.0.0.0/16 over 2 AZs, subnets derived from the VPC
//     CIDR (public in the first blocks, private from the middle), egress "nat";
//   - cluster.insights "enabled"; ecr.keepImages 50;
//   - ingress.nlb: protocol TLS when a certificate is given, else TCP; sslPolicy
//     ELBSecurityPolicy-TLS13-1-2-2021-06 for TLS; allow the VPC CIDR (none behind a VPC link V2, which
//     the security group admits instead); crossZone true;
//   - service: count 1 (without autoscaling), platform X86_64, log retention 30
//     days, egress TCP 443 anywhere, traffic the only container with a port;
//   - deployment: minPercent 100, maxPercent 200, circuit breaker with rollback,
//     grace period 60 s or the longest container start period if longer;
//   - service nlb: port 443 for TLS or the traffic port for TCP, deregistration
//     delay 30 s, health check TCP every 10 s, timeout 5 s, thresholds 2 (HTTP(S):
//     path "/", codes 200-399);
//   - container: essential true, dependsOn condition START, health check interval
//     30 s, timeout 5 s, retries 3;
//   - autoscaling: scale-in cooldown 300 s, scale-out cooldown 60 s;
//   - api: name the Blueprint's, stage "dev", backend nlb, vpcLink v2 (not
//     with alb-public), throttle 100 requests/s with
//     burst 200; CORS headers Authorization and Content-Type, max age 600 s;
//   - route: method upper-cased, integration proxy, timeout 29 s, claims sub,
//     cognito:username and email for a claims integration;
//   - cdn: origin timeout 30 s, price class PriceClass_All;
//   - waf: rate limit 2000 requests per 5 minutes per IP address;
//   - ingress.alb: internet-facing, allow 0.0.0.0/0 (internal: the VPC CIDR;
//     behind a VPC link V2: none),
//     sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06 with a certificate, idle
//     timeout 60 s, default action 404, login scope openid and session 7 days;
//   - service alb: rule priority 100 + 10 x its position among the services
//     of its ALB,
//     deregistration delay 30 s, HTTP health check on "/" (codes 200-399);
//   - logs: stream prefix the service name;
//   - pipeline: branch main, stack the application's (see StackName),
//     directory "deploy" ("deploy/ENV" for an environment),
//     CodeBuild image aws/codebuild/standard:7.0 on BUILD_GENERAL1_SMALL,
//     deploy cloudformation, build context the Dockerfile's directory;
//   - overrides: template.yaml;
//   - parameters: created ones are String; secrets' parameter names are
//     resolved against parameters.prefix, and an existing parameter is taken
//     to be a SecureString; generated secrets are 32 characters long.
func (b *Blueprint) ApplyDefaults() {
	setIfZero(&b.Stacks, StacksSingle)
	b.applySecurityDefaults()
	b.Network.applyDefaults()
	setIfZero(&b.Cluster.Insights, DefaultInsights)
	setIfZero(&b.ECR.KeepImages, DefaultKeepImages)
	// The API's first: a load balancer behind a VPC link V2 admits the
	// link's security group, and CIDRs only where the Blueprint lists them.
	if b.API != nil {
		b.API.applyDefaults(b.Name)
	}
	if nlb := b.Ingress.NLB; nlb != nil {
		nlb.applyDefaults(b.Network.CIDR(), b.UsesVpcLinkV2() && b.API.Backend == BackendNLB)
	}
	for _, lb := range b.ApplicationLoadBalancers() {
		lb.applyDefaults(b.Network.CIDR(), b.BehindVpcLinkV2(lb))
	}
	for i := range b.Volumes {
		setIfZero(&b.Volumes[i].UID, DefaultVolumeOwner)
		setIfZero(&b.Volumes[i].GID, DefaultVolumeOwner)
		if e := b.Volumes[i].Existing; e != nil {
			setIfZero(&e.Directory, DefaultVolumeDirectory)
		} else if b.Volumes[i].Retain == nil {
			// An existing file system has no retain: it is not the stack's.
			b.Volumes[i].Retain = Bool(DefaultVolumeRetain)
		}
	}
	for i := range b.Buckets {
		b.Buckets[i].applyDefaults()
	}
	for i := range b.Tables {
		b.Tables[i].applyDefaults()
	}
	albIndex := map[string]int{}
	for i := range b.Services {
		s := &b.Services[i]
		s.applyDefaults(b.Ingress.NLB)
		if s.ALB != nil {
			// Rule priorities follow the order of each ALB's services, with
			// gaps, so a service added at the end changes no existing rule.
			setIfZero(&s.ALB.Priority, DefaultRulePriority+RulePriorityStep*albIndex[s.ALB.LoadBalancer])
			albIndex[s.ALB.LoadBalancer]++
		}
	}
	b.applyAlarmDefaults()
	if p := b.Pipeline; p != nil {
		p.applyDefaults(b.StackName(), b.EnvironmentName())
	}
	if b.Parameters != nil {
		for i := range b.Parameters.Create {
			setIfZero(&b.Parameters.Create[i].Type, ParameterString)
		}
	}
	for i := range b.Secrets {
		setIfZero(&b.Secrets[i].Length, DefaultSecretLength)
	}
	for i := range b.Overrides {
		setIfZero(&b.Overrides[i].Template, TemplateFile)
	}
	for i := range b.Services {
		for j := range b.Services[i].Containers {
			c := &b.Services[i].Containers[j]
			for k, ref := range c.Secrets {
				if ref.Parameter != "" {
					ref.Parameter = b.ParameterName(ref.Parameter)
					if ref.Type == "" {
						ref.Type = ParameterSecureString
						if b.CreatedParameter(ref.Parameter) != nil {
							ref.Type = ParameterString
						}
					}
				}
				c.Secrets[k] = ref
			}
		}
	}
	if b.WAF != nil {
		setIfZero(&b.WAF.RateLimit, DefaultRateLimit)
	}
	if b.CDN != nil {
		setIfZero(&b.CDN.OriginTimeout, DefaultOriginTimeout)
		setIfZero(&b.CDN.PriceClass, DefaultPriceClass)
	}
}

func (a *ALB) applyDefaults(vpcCIDR string, behindLink bool) {
	setIfZero(&a.Scheme, SchemeInternetFacing)
	if a.Certificate != nil && a.SSLPolicy == "" {
		a.SSLPolicy = DefaultSSLPolicy
	}
	setIfZero(&a.IdleTimeout, DefaultIdleTimeout)
	setIfZero(&a.Default, DefaultALBDefault)
	if len(a.Allow) == 0 && !behindLink {
		if a.Scheme == SchemeInternetFacing {
			a.Allow = []string{AnywhereIPv4}
		} else if p, err := netip.ParsePrefix(vpcCIDR); err == nil && p == p.Masked() {
			a.Allow = []string{vpcCIDR}
		}
	}
	if l := a.Login; l != nil {
		setIfZero(&l.Scope, DefaultLoginScope)
		setIfZero(&l.SessionTimeout, DefaultSessionTimeout)
	}
}

// deployDirectory is the default pipeline.directory: deploy, and deploy/ENV
// for an environment.
func deployDirectory(env string) string {
	if env == "" {
		return DefaultDeployDirectory
	}
	return DefaultDeployDirectory + "/" + env
}

// applyDefaults fills the pipeline's defaults for the application's stack
// and, for an environment, its name: each environment's pipeline deploys
// its own stack from a folder of its own (deploy/prod), so that the
// environments' pipelines, in one repository, never deploy each other's
// template.
func (p *Pipeline) applyDefaults(stack, env string) {
	setIfZero(&p.Source.Branch, DefaultBranch)
	setIfZero(&p.Stack, stack)
	setIfZero(&p.Directory, deployDirectory(env))
	setIfZero(&p.Image, DefaultBuildImage)
	setIfZero(&p.ComputeType, DefaultComputeType)
	setIfZero(&p.Deploy, DeployCloudFormation)
	for i := range p.Builds {
		setIfZero(&p.Builds[i].Context, path.Dir(p.Builds[i].Dockerfile))
	}
}

func (a *API) applyDefaults(name string) {
	setIfZero(&a.Name, name)
	setIfZero(&a.Stage, DefaultStage)
	setIfZero(&a.Backend, BackendNLB)
	if a.Backend != BackendALBPublic {
		setIfZero(&a.VpcLink, VpcLinkV2)
	}
	setIfZero(&a.Throttle.Rate, DefaultThrottleRate)
	setIfZero(&a.Throttle.Burst, max(DefaultThrottleBurst, a.Throttle.Rate))
	if c := a.CORS; c != nil {
		if len(c.Headers) == 0 {
			c.Headers = slices.Clone(DefaultCORSHeaders)
		}
		setIfZero(&c.MaxAge, DefaultCORSMaxAge)
	}
	for i := range a.Routes {
		r := &a.Routes[i]
		r.Method = strings.ToUpper(r.Method)
		setIfZero(&r.Integration, IntegrationProxy)
		if r.Integration == IntegrationClaims && len(r.Claims) == 0 {
			r.Claims = slices.Clone(DefaultClaims)
		}
		setIfZero(&r.Timeout, DefaultRouteTimeout)
	}
}

func (n *Network) applyDefaults() {
	if n.VPC == nil && n.Existing == nil {
		n.VPC = &VPC{CIDR: DefaultVPCCIDR}
	}
	if e := n.Existing; e != nil && n.Egress == EgressEndpoints && len(e.EndpointSubnets) == 0 {
		e.EndpointSubnets = e.PrivateSubnets
	}
	if n.VPC == nil {
		return
	}
	setIfZero(&n.Egress, EgressNAT)
	v := n.VPC
	setIfZero(&v.AZs, len(v.Zones))
	setIfZero(&v.AZs, max(DefaultAZs, len(v.PublicSubnets), len(v.PrivateSubnets)))
	if len(v.PublicSubnets) == 0 && len(v.PrivateSubnets) == 0 {
		v.PublicSubnets, v.PrivateSubnets = deriveSubnets(v.CIDR, v.AZs)
	}
}

// CIDR returns the VPC's CIDR, new or existing.
func (n *Network) CIDR() string {
	switch {
	case n.VPC != nil:
		return n.VPC.CIDR
	case n.Existing != nil:
		return n.Existing.CIDR
	}
	return ""
}

// subnetBits is how many bits each derived subnet adds to the VPC prefix: 16
// equal blocks, public subnets in the first ones and private ones from block 8,
// so that up to 8 AZs fit and private subnets stay easy to tell apart.
const subnetBits = 4

// deriveSubnets splits cidr into per-AZ public and private subnets. It returns
// nil lists when cidr is not a usable VPC block; validation reports why.
func deriveSubnets(cidr string, azs int) (public, private []string) {
	prefix, err := netip.ParsePrefix(cidr)
	if err != nil || !prefix.Addr().Is4() || prefix.Bits()+subnetBits > 28 || azs < 1 || azs > 8 {
		return nil, nil
	}
	bits := prefix.Bits() + subnetBits
	block := uint32(1) << (32 - bits)
	base := ipv4ToUint(prefix.Masked().Addr())
	for i := 0; i < azs; i++ {
		public = append(public, netip.PrefixFrom(uintToIPv4(base+uint32(i)*block), bits).String())
		private = append(private, netip.PrefixFrom(uintToIPv4(base+uint32(8+i)*block), bits).String())
	}
	return public, private
}

func ipv4ToUint(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func uintToIPv4(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

func (n *NLB) applyDefaults(vpcCIDR string, behindLink bool) {
	if n.Protocol == "" {
		n.Protocol = ProtocolTCP
		if n.Certificate != nil {
			n.Protocol = ProtocolTLS
		}
	}
	if n.Protocol == ProtocolTLS && n.SSLPolicy == "" {
		n.SSLPolicy = DefaultSSLPolicy
	}
	// Only a well-formed VPC block becomes the default; a broken one is
	// reported once, at the VPC.
	if p, err := netip.ParsePrefix(vpcCIDR); len(n.Allow) == 0 && !behindLink && err == nil && p == p.Masked() {
		n.Allow = []string{vpcCIDR}
	}
	if n.CrossZone == nil {
		n.CrossZone = Bool(true)
	}
}

func (s *Service) applyDefaults(nlb *NLB) {
	if s.Count == nil && s.Autoscaling == nil {
		s.Count = Int(DefaultCount)
	}
	setIfZero(&s.Platform, DefaultPlatform)
	setIfZero(&s.Logs.StreamPrefix, s.Name)
	if len(s.Egress) == 0 {
		s.Egress = []EgressRule{{CIDR: DefaultEgressCIDR, Port: DefaultEgressPort}}
	}
	for i := range s.Egress {
		setIfZero(&s.Egress[i].Protocol, "tcp")
	}
	for i := range s.Containers {
		s.Containers[i].applyDefaults()
	}
	if s.Traffic == nil && (s.NLB != nil || s.ALB != nil) {
		s.Traffic = s.onlyPort()
	}
	s.Deployment.applyStrategyDefaults()
	s.Deployment.applyDefaults(s.Containers)
	if s.Autoscaling != nil {
		if s.Autoscaling.ScaleInCooldown == nil {
			s.Autoscaling.ScaleInCooldown = Int(DefaultScaleInCooldown)
		}
		if s.Autoscaling.ScaleOutCooldown == nil {
			s.Autoscaling.ScaleOutCooldown = Int(DefaultScaleOutCooldown)
		}
	}
	if s.NLB != nil {
		s.NLB.applyDefaults(nlb, s.Traffic)
	}
	if s.Queue != nil {
		s.Queue.applyDefaults()
	}
	if s.ALB != nil {
		if s.ALB.DeregistrationDelay == nil {
			s.ALB.DeregistrationDelay = Int(DefaultDeregistration)
		}
		if s.ALB.Stickiness != nil {
			setIfZero(&s.ALB.Stickiness.Duration, DefaultStickiness)
		}
		s.ALB.HealthCheck.applyDefaults("HTTP")
	}
}

// onlyPort returns the traffic target when exactly one container has a port.
func (s *Service) onlyPort() *Traffic {
	var found *Traffic
	for _, c := range s.Containers {
		if c.Port == 0 {
			continue
		}
		if found != nil {
			return nil
		}
		found = &Traffic{Container: c.Name, Port: c.Port}
	}
	return found
}

func (d *Deployment) applyDefaults(containers []Container) {
	if d.MinPercent == nil {
		d.MinPercent = Int(DefaultMinPercent)
	}
	if d.MaxPercent == nil {
		d.MaxPercent = Int(DefaultMaxPercent)
	}
	if d.CircuitBreaker == nil {
		d.CircuitBreaker = Bool(true)
	}
	if d.Rollback == nil {
		d.Rollback = Bool(*d.CircuitBreaker)
	}
	if d.GracePeriod == nil {
		// A grace period shorter than a container's start period lets the load
		// balancer kill tasks that are still allowed to be starting.
		grace := DefaultGracePeriod
		for _, c := range containers {
			if c.HealthCheck != nil {
				grace = max(grace, c.HealthCheck.StartPeriod)
			}
		}
		d.GracePeriod = Int(grace)
	}
}

func (n *ServiceNLB) applyDefaults(nlb *NLB, traffic *Traffic) {
	if n.Port == 0 {
		switch {
		case nlb != nil && nlb.Protocol == ProtocolTLS:
			n.Port = 443
		case traffic != nil:
			n.Port = traffic.Port
		}
	}
	if n.DeregistrationDelay == nil {
		n.DeregistrationDelay = Int(DefaultDeregistration)
	}
	n.HealthCheck.applyDefaults("TCP")
}

// applyDefaults fills a health check; protocol is the load balancer's default
// (TCP for an NLB, which becomes HTTP when a path is given; HTTP for an ALB).
func (h *TargetHealthCheck) applyDefaults(protocol string) {
	if h.Protocol == "" {
		h.Protocol = protocol
		if h.Path != "" {
			h.Protocol = "HTTP"
		}
	}
	if h.Protocol != "TCP" {
		setIfZero(&h.Path, DefaultHealthPath)
		setIfZero(&h.Codes, DefaultHealthCodes)
	}
	setIfZero(&h.Interval, DefaultTargetInterval)
	setIfZero(&h.Timeout, DefaultTargetTimeout)
	setIfZero(&h.Healthy, DefaultTargetThreshold)
	setIfZero(&h.Unhealthy, DefaultTargetThreshold)
}

func (c *Container) applyDefaults() {
	if c.Essential == nil {
		c.Essential = Bool(true)
	}
	for i := range c.DependsOn {
		setIfZero(&c.DependsOn[i].Condition, ConditionStart)
	}
	if h := c.HealthCheck; h != nil {
		setIfZero(&h.Interval, DefaultCheckInterval)
		setIfZero(&h.Timeout, DefaultCheckTimeout)
		setIfZero(&h.Retries, DefaultCheckRetries)
	}
}

// setIfZero sets an unset (zero) field to its default.
func setIfZero[T comparable](field *T, value T) {
	var zero T
	if *field == zero {
		*field = value
	}
}

// clone deep-copies a Blueprint: library users keep their value untouched when
// defaults are applied. The source positions are shared; they are read-only.
func clone(b *Blueprint) *Blueprint {
	c := &Blueprint{}
	copyValue(reflect.ValueOf(c).Elem(), reflect.ValueOf(b).Elem())
	c.src = b.src
	return c
}

// copyValue deep-copies src into dst for the kinds the model uses; unexported
// fields are skipped.
func copyValue(dst, src reflect.Value) {
	if src.Type() == overlayType {
		dst.Set(src) // the YAML node is never changed: shared
		return
	}
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyValue(p.Elem(), src.Elem())
		dst.Set(p)
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if src.Type().Field(i).IsExported() {
				copyValue(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			copyValue(s.Index(i), src.Index(i))
		}
		dst.Set(s)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		iter := src.MapRange()
		for iter.Next() {
			v := reflect.New(src.Type().Elem()).Elem()
			copyValue(v, iter.Value())
			m.SetMapIndex(iter.Key(), v)
		}
		dst.Set(m)
	default:
		dst.Set(src)
	}
}

// applyDefaults fills a queue's unwritten settings.
func (q *Queue) applyDefaults() {
	if q.Timeout == 0 {
		q.Timeout = DefaultQueueTimeout
	}
	if q.Retention == 0 {
		q.Retention = DefaultQueueRetention
	}
	if q.Tries == 0 {
		q.Tries = DefaultQueueTries
	}
}

// applyDefaults fills in a bucket's version days (an existing bucket has
// none, as the stack does not set its lifecycle) and its CORS's methods and
// preflight cache.
func (x *Bucket) applyDefaults() {
	if x.Existing == nil {
		setIfZero(&x.VersionDays, DefaultVersionDays)
	}
	if c := x.CORS; c != nil {
		if len(c.Methods) == 0 {
			c.Methods = slices.Clone(DefaultBucketCORSMethods)
		}
		if c.MaxAge == nil {
			c.MaxAge = Int(DefaultBucketCORSMaxAge)
		}
	}
}

// applyDefaults fills in a table's key types and retain; an existing
// table has neither, as the stack makes nothing of it.
func (t *Table) applyDefaults() {
	if t.Existing != nil {
		return
	}
	setIfZero(&t.PartitionKey.Type, KeyString)
	if t.SortKey != nil {
		setIfZero(&t.SortKey.Type, KeyString)
	}
	for i := range t.Indexes {
		setIfZero(&t.Indexes[i].PartitionKey.Type, KeyString)
		if t.Indexes[i].SortKey != nil {
			setIfZero(&t.Indexes[i].SortKey.Type, KeyString)
		}
	}
	if t.Retain == nil {
		t.Retain = Bool(DefaultTableRetain)
	}
}
