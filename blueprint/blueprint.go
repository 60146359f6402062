// Package blueprint is the typed model of an ecsgate Blueprint: one document that
// describes a network, the Fargate services that run in it and how traffic reaches
// them.
//
// A Blueprint is read from YAML with [Load] or [Parse], or built in Go. Either way
// [Blueprint.Validate] checks it against the rules AWS enforces (Fargate sizes, name
// lengths, CIDR layout, listener and certificate pairing, ...) and reports every
// problem at once, each with the field path and, for YAML, the file position.
// Defaults live in one place, [Blueprint.ApplyDefaults], and are documented there.
//
// Field names in YAML are lowerCamelCase throughout.
package blueprint

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Blueprint is the whole description of one deployment: it becomes one
// CloudFormation stack.
type Blueprint struct {
	// Name identifies the Blueprint; it prefixes names and appears in the
	// template's Description. Lowercase letters, digits and hyphens.
	Name string `yaml:"name"`
	// Description is a free-text sentence copied into the template Description.
	Description string `yaml:"description,omitempty"`
	// Tags are applied to every taggable resource.
	Tags map[string]string `yaml:"tags,omitempty"`
	// AccountID is the AWS account the stacks are deployed to, twelve
	// digits; an environment in an account of its own sets its own in its
	// overlay. Optional: it makes the first deploy check the AWS CLI's
	// credentials, and tells environments in different accounts apart, which
	// may then hold the same names.
	AccountID string `yaml:"accountId,omitempty"`
	// Network is where the services run.
	Network Network `yaml:"network,omitempty"`
	// DNS names the Route 53 hosted zone used for records and certificate validation.
	DNS *DNS `yaml:"dns,omitempty"`
	// Cluster holds ECS cluster settings.
	Cluster Cluster `yaml:"cluster,omitempty"`
	// ECR holds settings for the container repositories, which the shared
	// stack (shared.yaml, once per account and Region) creates.
	ECR ECR `yaml:"ecr,omitempty"`
	// Account holds what exists once per account and Region besides the
	// repositories, in the shared stack.
	Account *Account `yaml:"account,omitempty"`
	// Ingress describes the load balancers shared by the services.
	Ingress Ingress `yaml:"ingress,omitempty"`
	// Services are the Fargate services; at least one.
	Services []Service `yaml:"services"`
	// Topics are the application's SNS topics: a service publishes to one
	// by naming ${topics.NAME.arn} in its environment, and a service's
	// queue subscribes to it.
	Topics []Topic `yaml:"topics,omitempty"`
	// Volumes are the application's EFS file systems: files that outlive a
	// task, which the containers that mount one share.
	Volumes []Volume `yaml:"volumes,omitempty"`
	// Buckets are the application's S3 buckets: objects a service keeps,
	// which it names in its environment as ${buckets.NAME.name}, which
	// gives its tasks read and write on that bucket.
	Buckets []Bucket `yaml:"buckets,omitempty"`
	// Tables are the application's DynamoDB tables: items a service keeps,
	// which it names in its environment as ${tables.NAME.name}, which gives
	// its tasks read and write on that table and its indexes.
	Tables []Table `yaml:"tables,omitempty"`
	// UserPools are the Cognito user pools that routes authenticate against.
	UserPools []UserPool `yaml:"userPools,omitempty"`
	// API is the API Gateway REST API in front of the services (through a VPC
	// link to ingress.nlb).
	API *API `yaml:"api,omitempty"`
	// CDN puts a CloudFront distribution in front of the API.
	CDN *CDN `yaml:"cdn,omitempty"`
	// Parameters are SSM Parameter Store settings: a shared prefix and the
	// String parameters the template creates.
	Parameters *Parameters `yaml:"parameters,omitempty"`
	// KMSKeys are the KMS keys secrets are encrypted with.
	KMSKeys []KMSKey `yaml:"kmsKeys,omitempty"`
	// Secrets are Secrets Manager secrets the template creates, always with a
	// generated value.
	Secrets []Secret `yaml:"secrets,omitempty"`
	// Pipeline adds a delivery pipeline (a separate pipeline.yaml and a
	// buildspec.yml) that builds images from source and deploys the stack.
	Pipeline *Pipeline `yaml:"pipeline,omitempty"`
	// WAF puts an AWS WAF web ACL in front of the public edges: the API's
	// stage, internet-facing ALBs and the CloudFront distribution.
	WAF *WAF `yaml:"waf,omitempty"`
	// Stacks is how the template is laid out: "single" (default), one
	// template, or "nested", a root template with one nested stack per
	// service, for applications past CloudFormation's limits of one template.
	Stacks string `yaml:"stacks,omitempty"`
	// Quotas are AWS quotas the account has had raised, by key (see
	// [Quotas]), e.g. {albRules: 200}. Only adjustable quotas can be raised.
	Quotas map[string]int `yaml:"quotas,omitempty"`
	// Environments maps an environment's name (dev, staging, prod) to its
	// overlay: the fields that differ, written in the Blueprint's own shape.
	// See [Blueprint.Environment] for how an overlay merges.
	Environments map[string]Overlay `yaml:"environments,omitempty"`
	// Alarms are the CloudWatch alarms, where they notify, and the
	// dashboard.
	Alarms Alarms `yaml:"alarms,omitempty"`
	// Security is the security level: "standard" (default; the controls
	// whose cost and risk are negligible are on, the rest are choices) or
	// "strict" (every AWS Control Tower proactive control that can apply
	// is met; see [SecurityStrict]).
	Security string `yaml:"security,omitempty"`
	// Logs are the settings of every log group, and the audit logs.
	Logs LogSettings `yaml:"logs,omitempty"`
	// Overrides are JSON Patch operations (RFC 6902) applied to the rendered
	// templates, for CloudFormation properties the Blueprint does not model.
	Overrides []Override `yaml:"overrides,omitempty"`
	// APIOverrides are JSON Patch operations applied to the OpenAPI document
	// (openapi.yaml and the REST API's Body alike).
	APIOverrides []Override `yaml:"apiOverrides,omitempty"`

	// src remembers where each field came from when the Blueprint was parsed.
	src *source
	// resolved is what Read resolved b to, with a copy of b as it was then:
	// Resolve returns it while b still equals the copy.
	resolved *resolvedCache
}

// Template layouts.
const (
	// StacksSingle renders one template.
	StacksSingle = "single"
	// StacksNested renders a root template and one nested stack per service.
	StacksNested = "nested"
)

// Egress modes for the private subnets of a new VPC.
const (
	EgressNAT       = "nat"        // one NAT gateway shared by all private subnets
	EgressNATPerAZ  = "nat-per-az" // one NAT gateway per Availability Zone
	EgressEndpoints = "endpoints"  // no NAT: VPC endpoints for the AWS services the tasks use
	EgressNone      = "none"       // no route out at all
)

// Network selects a new VPC or an existing one.
type Network struct {
	// VPC creates a new VPC. Mutually exclusive with Existing.
	VPC *VPC `yaml:"vpc,omitempty"`
	// Existing uses a VPC and subnets that already exist; they become template
	// Parameters with these values as defaults.
	Existing *ExistingVPC `yaml:"existing,omitempty"`
	// Egress is how tasks in private subnets reach ECR, CloudWatch Logs and
	// other AWS services: "nat", "nat-per-az", "endpoints" (VPC endpoints derived
	// from the features used, no NAT) or "none". An existing VPC takes only
	// "endpoints" (created in it, see ExistingVPC.RouteTables); left out, its
	// own routes decide.
	Egress string `yaml:"egress,omitempty"`
	// Endpoints adds interface endpoints the features do not imply, by service
	// name (e.g. sts, sqs), with egress "endpoints".
	Endpoints []string `yaml:"endpoints,omitempty"`
}

// VPC describes a VPC the template creates.
type VPC struct {
	// CIDR is the VPC's IPv4 block, /16 to /24.
	CIDR string `yaml:"cidr"`
	// AZs is how many Availability Zones to use when Zones is empty; the
	// template picks the region's first AZs with Fn::GetAZs.
	AZs int `yaml:"azs,omitempty"`
	// Zones names the Availability Zones explicitly (e.g. ap-northeast-1a).
	Zones []string `yaml:"zones,omitempty"`
	// PublicSubnets are one CIDR per AZ; derived from CIDR when empty.
	PublicSubnets []string `yaml:"publicSubnets,omitempty"`
	// PrivateSubnets are one CIDR per AZ; derived from CIDR when empty.
	PrivateSubnets []string `yaml:"privateSubnets,omitempty"`
}

// ExistingVPC refers to a VPC and subnets that already exist.
type ExistingVPC struct {
	// ID is the VPC ID (vpc-...).
	ID string `yaml:"id"`
	// CIDR is the VPC's IPv4 block; it is the default source allowed to reach
	// internal load balancers.
	CIDR string `yaml:"cidr"`
	// PrivateSubnets are subnet IDs for tasks and internal load balancers, in at
	// least two AZs, with a route to the internet or to VPC endpoints.
	PrivateSubnets []string `yaml:"privateSubnets"`
	// PublicSubnets are subnet IDs for internet-facing load balancers.
	PublicSubnets []string `yaml:"publicSubnets,omitempty"`
	// RouteTables are the IDs of the private subnets' route tables (rtb-...);
	// with egress endpoints the S3 gateway endpoint, through which tasks
	// pull ECR's image layers, is added to them.
	RouteTables []string `yaml:"routeTables,omitempty"`
	// EndpointSubnets are the subnet IDs that hold the interface endpoints'
	// network interfaces with egress endpoints, at most one per Availability
	// Zone (AWS's rule); default PrivateSubnets.
	EndpointSubnets []string `yaml:"endpointSubnets,omitempty"`
	// PresentEndpoints names the endpoints the VPC already has, by service
	// name as network.endpoints (s3, logs, ecr.api...): ecsgate does not
	// create them again (a second interface endpoint with private DNS for a
	// service is refused by AWS).
	PresentEndpoints []string `yaml:"presentEndpoints,omitempty"`
}

// DNS names a Route 53 hosted zone.
type DNS struct {
	// Zone is the hosted zone's domain, e.g. example.com.
	Zone string `yaml:"zone"`
	// ZoneID is the hosted zone ID (Z...); needed for certificates validated by DNS.
	ZoneID string `yaml:"zoneId,omitempty"`
}

// Container Insights levels for the cluster.
const (
	InsightsEnabled  = "enabled"
	InsightsEnhanced = "enhanced"
	InsightsDisabled = "disabled"
)

// Cluster holds ECS cluster settings.
type Cluster struct {
	// Insights is the Container Insights level: enabled, enhanced or disabled.
	Insights string `yaml:"insights,omitempty"`
}

// ECR holds settings for the container repositories. Every repository an
// image names is created once per account and Region by the shared stack
// (shared.yaml), for every environment to pull from, unless it is listed in
// Existing.
type ECR struct {
	// KeepImages is how many images each repository keeps; older ones expire.
	KeepImages int `yaml:"keepImages,omitempty"`
	// Existing names repositories that already exist (created by another
	// tool or another Blueprint): the images use them, nothing creates them.
	Existing []string `yaml:"existing,omitempty"`
}

// API Gateway logging role choices of account.apiGatewayRole.
const (
	// RoleCreate makes the shared stack set API Gateway's CloudWatch role
	// for the account and Region (AWS::ApiGateway::Account).
	RoleCreate = "create"
	// RoleExisting says the account already has it set.
	RoleExisting = "existing"
)

// Account holds settings of the shared stack beyond the repositories.
type Account struct {
	// APIGatewayRole is how API Gateway gets the role it writes logs to
	// CloudWatch Logs with, which it needs once per account and Region
	// before any stage can log: "create" (default when an API logs; the
	// shared stack sets it) or "existing" (already set in the account).
	APIGatewayRole string `yaml:"apiGatewayRole,omitempty"`
}

// Ingress holds the load balancers that services attach to. Each kind is
// created once and shared by every service that asks for it.
type Ingress struct {
	// NLB is an internal Network Load Balancer in the private subnets.
	NLB *NLB `yaml:"nlb,omitempty"`
	// ALB is an Application Load Balancer, internet-facing in the public
	// subnets or internal in the private ones.
	ALB *ALB `yaml:"alb,omitempty"`
	// ALBs are further Application Load Balancers, each with an id that
	// services name in alb.loadBalancer: one ALB carries at most 100 target
	// groups (services), a limit AWS does not raise.
	ALBs []ALB `yaml:"albs,omitempty"`
}

// ALB schemes.
const (
	SchemeInternetFacing = "internet-facing"
	SchemeInternal       = "internal"
)

// ALB is an Application Load Balancer shared by the services that set alb.
// With a certificate it has an HTTPS listener and its HTTP listener redirects
// to it; without one it serves plain HTTP.
type ALB struct {
	// ID names an entry of ingress.albs: services attach to it with
	// alb.loadBalancer, and it prefixes the load balancer's logical IDs.
	// ingress.alb has none.
	ID string `yaml:"id,omitempty"`
	// Scheme is internet-facing (default) or internal.
	Scheme string `yaml:"scheme,omitempty"`
	// Name overrides the load balancer name (at most 32 characters).
	Name string `yaml:"name,omitempty"`
	// Certificate for the HTTPS listener; it must cover every hostname.
	Certificate *Certificate `yaml:"certificate,omitempty"`
	// SSLPolicy is the HTTPS listener's policy; only TLS 1.2+ policies.
	SSLPolicy string `yaml:"sslPolicy,omitempty"`
	// Hostnames get Route 53 alias records in dns.zone (A, and AAAA when
	// dual-stack).
	Hostnames []string `yaml:"hostnames,omitempty"`
	// Allow lists the IPv4 CIDRs allowed to reach ports 80 and 443 (default
	// anywhere when internet-facing, the VPC CIDR when internal).
	Allow []string `yaml:"allow,omitempty"`
	// DualStack gives the load balancer IPv6 addresses too (needs IPv6 subnets).
	DualStack bool `yaml:"dualStack,omitempty"`
	// IdleTimeout in seconds (1-4000, default 60).
	IdleTimeout int `yaml:"idleTimeout,omitempty"`
	// Default is what requests matching no rule get: "404" (default) or the
	// name of a service.
	Default string `yaml:"default,omitempty"`
	// Login configures Cognito login for services that set alb.login.
	Login *ALBLogin `yaml:"login,omitempty"`
	// DeletionProtection keeps the load balancer from being deleted, by the
	// stack or anyone else, until it is turned off (default false, under
	// security: strict true; turn it off for environments that are torn
	// down).
	DeletionProtection *bool `yaml:"deletionProtection,omitempty"`
}

// URL is how clients reach the ALB: https (http without a certificate) on its
// first host name.
func (a *ALB) URL() string {
	if len(a.Hostnames) == 0 {
		return ""
	}
	return strings.ToLower(a.ServingProtocol()) + "://" + a.Hostnames[0]
}

// Listener ports of an ALB.
const (
	HTTPPort  = 80
	HTTPSPort = 443
)

// ServingPort is the listener that serves the ALB's rules: HTTPS 443 with a
// certificate (port 80 then only redirects to it), else HTTP 80.
func (a *ALB) ServingPort() int {
	if a.Certificate != nil {
		return HTTPSPort
	}
	return HTTPPort
}

// ServingProtocol is the protocol of the listener that serves the ALB's
// rules, HTTPS or HTTP (see ServingPort).
func (a *ALB) ServingProtocol() string {
	if a.Certificate != nil {
		return "HTTPS"
	}
	return "HTTP"
}

// ALBLogin is the ALB's authenticate-cognito configuration.
type ALBLogin struct {
	// UserPool names an entry of userPools; it needs a domain.
	UserPool string `yaml:"userPool"`
	// Scope requested from Cognito (default openid).
	Scope string `yaml:"scope,omitempty"`
	// SessionTimeout in seconds (default 604800, 7 days).
	SessionTimeout int `yaml:"sessionTimeout,omitempty"`
}

// Listener protocols of a Network Load Balancer.
const (
	ProtocolTCP = "TCP"
	ProtocolTLS = "TLS"
)

// NLB is an internal Network Load Balancer. Each attached service gets its own
// listener port and target group.
type NLB struct {
	// Name overrides the load balancer name (at most 32 characters). Left empty,
	// CloudFormation generates a unique name, which keeps replacements possible.
	Name string `yaml:"name,omitempty"`
	// Protocol is the listener protocol: TCP, or TLS (terminated at the NLB).
	Protocol string `yaml:"protocol,omitempty"`
	// Certificate is required for TLS.
	Certificate *Certificate `yaml:"certificate,omitempty"`
	// SSLPolicy is the TLS security policy; only TLS 1.2+ policies are accepted.
	SSLPolicy string `yaml:"sslPolicy,omitempty"`
	// Hostname gets a Route 53 alias record in dns.zone pointing at the NLB.
	Hostname string `yaml:"hostname,omitempty"`
	// Allow lists the CIDRs allowed to reach the listeners; default the VPC CIDR.
	Allow []string `yaml:"allow,omitempty"`
	// CrossZone turns on cross-zone load balancing (default true, so a single
	// task is reachable from every NLB node).
	CrossZone *bool `yaml:"crossZone,omitempty"`
	// DeletionProtection keeps the load balancer from being deleted until it
	// is turned off (default false, under security: strict true).
	DeletionProtection *bool `yaml:"deletionProtection,omitempty"`
}

// Certificate is an ACM certificate: an existing one by ARN, or one the template
// creates for Domain with DNS validation in dns.zoneId.
type Certificate struct {
	// ARN of an existing ACM certificate in the stack's region.
	ARN string `yaml:"arn,omitempty"`
	// Domain to request a new certificate for (e.g. elb-origin.example.com or
	// *.example.com).
	Domain string `yaml:"domain,omitempty"`
	// AlternativeNames are further names the new certificate covers.
	AlternativeNames []string `yaml:"alternativeNames,omitempty"`
}

// Service is one ECS service on Fargate.
type Service struct {
	// Name of the service: lowercase letters, digits and hyphens.
	Name string `yaml:"name"`
	// CPU is the task's CPU units (256 = 0.25 vCPU); a Fargate size.
	CPU int `yaml:"cpu"`
	// Memory is the task's memory in MiB; must pair with CPU on Fargate.
	Memory int `yaml:"memory"`
	// Count is the desired number of tasks (default 1). Not with Autoscaling.
	Count *int `yaml:"count,omitempty"`
	// Platform is the CPU architecture: X86_64 or ARM64.
	Platform string `yaml:"platform,omitempty"`
	// Containers of the task; at least one.
	Containers []Container `yaml:"containers"`
	// Traffic names the container and port that receive load balancer traffic.
	Traffic *Traffic `yaml:"traffic,omitempty"`
	// NLB attaches the service to ingress.nlb.
	NLB *ServiceNLB `yaml:"nlb,omitempty"`
	// ALB attaches the service to ingress.alb with a listener rule.
	ALB *ServiceALB `yaml:"alb,omitempty"`
	// Exec turns on ECS Exec (aws ecs execute-command) for the tasks.
	Exec bool `yaml:"exec,omitempty"`
	// ReadParameters lets the application itself read parameters.prefix at
	// run time (ssm:GetParametersByPath), for apps that load their settings
	// from Parameter Store. Off by default: ECS injects secrets without it.
	ReadParameters bool `yaml:"readParameters,omitempty"`
	// Logs configures the service's CloudWatch log group.
	Logs Logs `yaml:"logs,omitempty"`
	// Deployment configures rolling deployments.
	Deployment Deployment `yaml:"deployment,omitempty"`
	// Autoscaling adds target-tracking scaling on CPU and/or memory.
	Autoscaling *Autoscaling `yaml:"autoscaling,omitempty"`
	// Spot runs the tasks on Fargate Spot, at a discount, where AWS may
	// stop a task with two minutes' warning when it needs the capacity
	// back; the service then starts another.
	Spot *Spot `yaml:"spot,omitempty"`
	// Schedule runs the service as a scheduled task instead: EventBridge
	// Scheduler starts its tasks at the times the expression names, and
	// each runs to its end. No task runs between, and nothing reaches it.
	Schedule *Schedule `yaml:"schedule,omitempty"`
	// Queue gives the service an SQS queue that its tasks receive messages
	// from, subscribed to topics, with a dead-letter queue for the
	// messages that fail again and again.
	Queue *Queue `yaml:"queue,omitempty"`
	// EphemeralStorage is the task's ephemeral storage in GiB, 21 to 200,
	// shared by its containers and gone with the task; Fargate gives 20
	// without it.
	EphemeralStorage int `yaml:"ephemeralStorage,omitempty"`
	// Egress lists what the tasks may connect to; default TCP 443 anywhere
	// (ECR, CloudWatch Logs and AWS APIs).
	Egress []EgressRule `yaml:"egress,omitempty"`
	// Alarms tunes the service's alarms over alarms.services.
	Alarms ServiceAlarms `yaml:"alarms,omitempty"`
}

// CPU architectures of a Fargate task.
const (
	PlatformX86 = "X86_64"
	PlatformARM = "ARM64"
)

// ImagePlatform is the platform of the images the service's tasks run, as
// docker build --platform names it: an image built for another
// architecture (docker build builds for the machine it runs on, arm64 on
// an Apple silicon Mac) does not start on the tasks (exec format error).
func (s *Service) ImagePlatform() string {
	if s.Platform == PlatformARM {
		return dockerARM64
	}
	return dockerAMD64
}

// Docker's names of the two CPU architectures (docker build --platform).
const (
	dockerAMD64 = "linux/amd64"
	dockerARM64 = "linux/arm64"
)

// Traffic names the container port that receives load balancer traffic.
type Traffic struct {
	// Container is the name of the container in this service.
	Container string `yaml:"container"`
	// Port is one of that container's ports.
	Port int `yaml:"port"`
}

// ServiceNLB attaches a service to the shared internal NLB.
type ServiceNLB struct {
	// Port is the listener port (default 443 for TLS, the traffic port for TCP);
	// unique per NLB.
	Port int `yaml:"port,omitempty"`
	// HealthCheck configures the target group's health check.
	HealthCheck TargetHealthCheck `yaml:"healthCheck,omitempty"`
	// DeregistrationDelay is how long, in seconds, the NLB drains a stopping
	// task (default 30; AWS's default of 300 slows every deployment).
	DeregistrationDelay *int `yaml:"deregistrationDelay,omitempty"`
}

// ServiceALB attaches a service to the shared ALB: one listener rule that
// matches any of the paths (and any of the hosts, when given).
type ServiceALB struct {
	// LoadBalancer names the entry of ingress.albs the service attaches to;
	// empty for ingress.alb.
	LoadBalancer string `yaml:"loadBalancer,omitempty"`
	// Paths are path patterns such as /api/* (at most 5 values with hosts).
	Paths []string `yaml:"paths,omitempty"`
	// Hosts are host-header patterns such as api.example.com.
	Hosts []string `yaml:"hosts,omitempty"`
	// Priority of the rule (1-50000). Default: 100 + 10 x the service's
	// position among ALB services, so adding a service at the end changes no
	// other rule.
	Priority int `yaml:"priority,omitempty"`
	// Login requires a Cognito login (ingress.alb.login) before forwarding.
	Login bool `yaml:"login,omitempty"`
	// LoginPaths are paths of the service that require a Cognito login
	// (ingress.alb.login) while its other paths stay open, such as /admin.
	// Each covers the path and everything under it (/admin and /admin/*),
	// in a listener rule of its own just before the service's rule.
	LoginPaths []string `yaml:"loginPaths,omitempty"`
	// HealthCheck configures the target group's health check (HTTP).
	HealthCheck TargetHealthCheck `yaml:"healthCheck,omitempty"`
	// DeregistrationDelay in seconds (default 30).
	DeregistrationDelay *int `yaml:"deregistrationDelay,omitempty"`
	// Stickiness keeps a client on one task: the ALB's own cookie
	// (AWSALB) sends its requests to the task that answered the first,
	// for sessions kept in a task's memory.
	Stickiness *Stickiness `yaml:"stickiness,omitempty"`
}

// Stickiness is a target group's sticky sessions on the ALB's cookie.
type Stickiness struct {
	// Duration is how long, in seconds, a client stays on its task after
	// its last request: 1 to 604,800 (seven days), default 86,400 (a day).
	Duration int `yaml:"duration,omitempty"`
}

// TargetHealthCheck is a load balancer target group health check.
type TargetHealthCheck struct {
	// Protocol is TCP, HTTP or HTTPS (default TCP).
	Protocol string `yaml:"protocol,omitempty"`
	// Path is the HTTP(S) request path (default /).
	Path string `yaml:"path,omitempty"`
	// Interval between checks in seconds (5-300, default 10).
	Interval int `yaml:"interval,omitempty"`
	// Timeout in seconds (2-120, default 6 for HTTP(S), 10 for TCP).
	Timeout int `yaml:"timeout,omitempty"`
	// Healthy is the count of passes before a target is healthy (2-10, default 2).
	Healthy int `yaml:"healthy,omitempty"`
	// Unhealthy is the count of failures before a target is unhealthy (2-10, default 2).
	Unhealthy int `yaml:"unhealthy,omitempty"`
	// Codes are the HTTP codes that count as healthy (default 200-399).
	Codes string `yaml:"codes,omitempty"`
}

// Logs configures a service's log group.
type Logs struct {
	// Retention in days; one of the values CloudWatch Logs accepts (default 30).
	Retention int `yaml:"retention,omitempty"`
	// Group overrides the log group name (default /ecs/<stack name>/<service>).
	// A fixed name is shared by every stack made from the Blueprint.
	Group string `yaml:"group,omitempty"`
	// StreamPrefix of the log streams (default the service name).
	StreamPrefix string `yaml:"streamPrefix,omitempty"`
}

// Deployment configures the ECS rolling deployment.
type Deployment struct {
	// MinPercent is the minimum healthy percent during a deployment (default 100).
	MinPercent *int `yaml:"minPercent,omitempty"`
	// MaxPercent is the maximum percent during a deployment (default 200).
	MaxPercent *int `yaml:"maxPercent,omitempty"`
	// CircuitBreaker stops a failing deployment (default true).
	CircuitBreaker *bool `yaml:"circuitBreaker,omitempty"`
	// Rollback returns to the last good deployment when the circuit breaker trips
	// (default true).
	Rollback *bool `yaml:"rollback,omitempty"`
	// GracePeriod is how many seconds ECS ignores load balancer health checks
	// after a task starts (default 60, or the longest container start period).
	GracePeriod *int `yaml:"gracePeriod,omitempty"`
	// Strategy is how a deployment replaces the tasks: rolling (default),
	// or one of ECS's strategies that start the new revision beside the old
	// one and shift the load balancer's traffic between two target groups:
	// canary, linear or blueGreen.
	Strategy string `yaml:"strategy,omitempty"`
	// Bake is how many minutes both revisions keep running once all traffic
	// has moved, during which an alarm still rolls the deployment back
	// (canary, linear and blueGreen; default 10).
	Bake *int `yaml:"bake,omitempty"`
	// Canary is the first step of a canary deployment.
	Canary *TrafficStep `yaml:"canary,omitempty"`
	// Linear is each step of a linear deployment.
	Linear *TrafficStep `yaml:"linear,omitempty"`
	// TestPort adds a test listener on this port of the load balancer
	// (blueGreen): ECS sends it to the new revision first, for tests before
	// production traffic moves.
	TestPort int `yaml:"testPort,omitempty"`
	// Alarms stops and rolls back a deployment when one of the service's
	// errors, latency or unhealthy-targets alarms fires (default true).
	Alarms *bool `yaml:"alarms,omitempty"`
}

// TrafficStep is a share of the production traffic and how long it stays
// before the next shift.
type TrafficStep struct {
	// Percent of the production traffic the step moves to the new revision
	// (canary default 5, linear default 10).
	Percent float64 `yaml:"percent,omitempty"`
	// Minutes to wait before the next shift (canary default 10, linear
	// default 6).
	Minutes *int `yaml:"minutes,omitempty"`
}

// Deployment strategies.
const (
	StrategyRolling   = "rolling"
	StrategyCanary    = "canary"
	StrategyLinear    = "linear"
	StrategyBlueGreen = "blueGreen"
)

// ShiftsTraffic reports whether a deployment moves traffic between two
// target groups (every strategy but rolling).
func (d *Deployment) ShiftsTraffic() bool { return d.Strategy != "" && d.Strategy != StrategyRolling }

// Spot runs a service's tasks on Fargate Spot, all of them or all but the
// first few: the service's capacity provider strategy.
type Spot struct {
	// OnDemand is how many of the service's tasks run on regular Fargate
	// before any runs on Fargate Spot (the strategy's base on FARGATE). 0,
	// the default, runs every task on Spot.
	OnDemand int `yaml:"onDemand,omitempty"`
}

// SpotRuns reports whether Fargate Spot runs tasks on platform: only Linux
// tasks on X86_64 (Amazon ECS developer guide, "Amazon ECS clusters for
// Fargate").
func SpotRuns(platform string) bool { return platform != PlatformARM }

// Fargate's capacity providers: every cluster gen creates has both.
const (
	CapacityFargate     = "FARGATE"
	CapacityFargateSpot = "FARGATE_SPOT"
)

// Schedule is when a scheduled service's tasks start: an EventBridge
// Scheduler schedule whose target is ECS's RunTask.
type Schedule struct {
	// Expression is cron(minutes hours day-of-month month day-of-week
	// year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss), as EventBridge
	// Scheduler reads it.
	Expression string `yaml:"expression"`
	// Timezone is the IANA time zone cron and at expressions are read in
	// (default UTC), e.g. Europe/Paris: daylight saving time moves the runs
	// with the clock.
	Timezone string `yaml:"timezone,omitempty"`
	// Paused keeps the schedule but starts no task (its state DISABLED),
	// for example in an environment that should not run the job.
	Paused bool `yaml:"paused,omitempty"`
	// Timeout stops a run's task after that many seconds, 60 to 31,536,000
	// (a year): a job that hangs ends, and the next run does not start
	// beside it. With Timeout or Retries, a Step Functions state machine
	// starts and watches the task (see [Schedule.Watched]).
	Timeout int `yaml:"timeout,omitempty"`
	// Retries starts a failed run's task again, up to that many times (1
	// to 10), 10 seconds after the first failure and 1.5 times longer
	// after each next.
	Retries int `yaml:"retries,omitempty"`
}

// Watched reports whether a Step Functions state machine starts the
// schedule's task and watches it, to stop it after Timeout or start it
// again after a failure; otherwise EventBridge Scheduler starts the tasks
// itself.
func (s *Schedule) Watched() bool { return s.Timeout > 0 || s.Retries > 0 }

// Watch says, for people, how a watched schedule's runs are bounded:
// "stopped after 3600 seconds, run again up to 2 times after a failure";
// "" for a schedule that is not watched.
func (s *Schedule) Watch() string {
	var parts []string
	if s.Timeout > 0 {
		parts = append(parts, "stopped after "+strconv.Itoa(s.Timeout)+" seconds")
	}
	if s.Retries > 0 {
		parts = append(parts, "run again up to "+strconv.Itoa(s.Retries)+" time"+Plural(s.Retries)+" after a failure")
	}
	return strings.Join(parts, ", ")
}

// When says when a schedule starts its tasks, for people: the expression,
// in its time zone where it names one ("cron(30 2 * * ? *) in
// Europe/Paris").
func (s *Schedule) When() string {
	if s.Timezone == "" {
		return s.Expression
	}
	return s.Expression + " in " + s.Timezone
}

// Scheduled reports whether the service runs as a scheduled task (see
// [Schedule]) rather than as a long-running ECS service.
func (s *Service) Scheduled() bool { return s.Schedule != nil }

// Autoscaling is target-tracking scaling of the desired count.
type Autoscaling struct {
	// Min is the lowest task count (at least 1).
	Min int `yaml:"min"`
	// Max is the highest task count.
	Max int `yaml:"max"`
	// CPU is the target average CPU utilization in percent.
	CPU int `yaml:"cpu,omitempty"`
	// Memory is the target average memory utilization in percent.
	Memory int `yaml:"memory,omitempty"`
	// Requests is the target number of requests per task per minute, from
	// the ALB's count of requests per target (services behind an ALB).
	Requests int `yaml:"requests,omitempty"`
	// Messages is the target number of messages waiting in the service's
	// queue per running task (the queue's backlog per task).
	Messages int `yaml:"messages,omitempty"`
	// ScaleInCooldown in seconds (default 300).
	ScaleInCooldown *int `yaml:"scaleInCooldown,omitempty"`
	// ScaleOutCooldown in seconds (default 60).
	ScaleOutCooldown *int `yaml:"scaleOutCooldown,omitempty"`
}

// EgressRule allows outbound traffic from a service's tasks.
type EgressRule struct {
	// CIDR is the destination block.
	CIDR string `yaml:"cidr"`
	// Port is the destination port.
	Port int `yaml:"port"`
	// Protocol is tcp or udp (default tcp).
	Protocol string `yaml:"protocol,omitempty"`
}

// Container is one container of a service's task.
type Container struct {
	// Name of the container, unique in the service.
	Name string `yaml:"name"`
	// Image is where the container image comes from.
	Image Image `yaml:"image"`
	// Port is the TCP port the container listens on, if any.
	Port int `yaml:"port,omitempty"`
	// Essential stops the task when this container stops (default true).
	Essential *bool `yaml:"essential,omitempty"`
	// Environment holds plain environment variables (no secrets). A value
	// may name the stack's values (${AWS::Region}) and a load balancer's
	// address (${ingress.albs.ID.dnsName}), which the template fills in.
	Environment map[string]string `yaml:"environment,omitempty"`
	// Secrets are environment variables ECS injects at start from SSM
	// Parameter Store or Secrets Manager; their values never appear in the
	// template.
	Secrets map[string]SecretRef `yaml:"secrets,omitempty"`
	// Command overrides the image's CMD.
	Command []string `yaml:"command,omitempty"`
	// EntryPoint overrides the image's ENTRYPOINT.
	EntryPoint []string `yaml:"entryPoint,omitempty"`
	// DependsOn orders container start-up.
	DependsOn []Dependency `yaml:"dependsOn,omitempty"`
	// HealthCheck is the container's own health check.
	HealthCheck *HealthCheck `yaml:"healthCheck,omitempty"`
	// CPU reserves CPU units for this container inside the task.
	CPU int `yaml:"cpu,omitempty"`
	// Memory is a hard memory limit in MiB for this container.
	Memory int `yaml:"memory,omitempty"`
	// MemoryReservation is a soft memory limit in MiB.
	MemoryReservation int `yaml:"memoryReservation,omitempty"`
	// ReadonlyRootFilesystem mounts the root filesystem read-only (default
	// false; true under security: strict or with writablePaths).
	ReadonlyRootFilesystem *bool `yaml:"readonlyRootFilesystem,omitempty"`
	// WritablePaths are directories the container writes to despite a
	// read-only root filesystem, such as /tmp: each is a task-local volume
	// (Fargate's ephemeral storage) mounted there.
	WritablePaths []string `yaml:"writablePaths,omitempty"`
	// Mounts are the volumes (entries of volumes) the container mounts,
	// each at a path of its own.
	Mounts []Mount `yaml:"mounts,omitempty"`
	// User runs the container as this user (name, uid or uid:gid); under
	// security: strict required, and not root.
	User string `yaml:"user,omitempty"`
}

// Image is a container image: a repository the template creates in ECR (with a
// tag and/or digest), or an external image URI.
type Image struct {
	// Repository is an ECR repository name the template creates (e.g. web/app).
	Repository string `yaml:"repository,omitempty"`
	// Tag of the image in Repository.
	Tag string `yaml:"tag,omitempty"`
	// Digest (sha256:...) of the image in Repository.
	Digest string `yaml:"digest,omitempty"`
	// URI is a full external image reference with a tag or digest
	// (e.g. public.ecr.aws/nginx/nginx:1.27).
	URI string `yaml:"uri,omitempty"`
}

// Container dependency conditions.
const (
	ConditionStart    = "START"
	ConditionComplete = "COMPLETE"
	ConditionSuccess  = "SUCCESS"
	ConditionHealthy  = "HEALTHY"
)

// Dependency makes a container wait for another one.
type Dependency struct {
	// Container is the name of the container to wait for.
	Container string `yaml:"container"`
	// Condition is START, COMPLETE, SUCCESS or HEALTHY (default START).
	Condition string `yaml:"condition,omitempty"`
}

// HealthCheck is a container health check run by the ECS agent.
type HealthCheck struct {
	// Command is ["CMD", ...] or ["CMD-SHELL", "..."].
	Command []string `yaml:"command"`
	// Interval in seconds (5-300, default 30).
	Interval int `yaml:"interval,omitempty"`
	// Timeout in seconds (2-60, default 5).
	Timeout int `yaml:"timeout,omitempty"`
	// Retries before the container is unhealthy (1-10, default 3).
	Retries int `yaml:"retries,omitempty"`
	// StartPeriod in seconds during which failures do not count (0-300).
	StartPeriod int `yaml:"startPeriod,omitempty"`
}

// UserPool is a Cognito user pool: an existing one by ARN, or one the template
// creates (with an app client) when ARN is empty.
type UserPool struct {
	// Name identifies the pool in the Blueprint (routes refer to it) and names
	// the API's authorizer.
	Name string `yaml:"name"`
	// ARN of an existing user pool.
	ARN string `yaml:"arn,omitempty"`
	// Domain is the hosted UI / OAuth domain the ALB login sends users to:
	// a prefix (created on amazoncognito.com for a created pool, or the
	// existing pool's prefix), or a custom domain.
	Domain *UserPoolDomain `yaml:"domain,omitempty"`
	// Users are created in a pool the template creates (an invitation with a
	// temporary password is sent by email).
	Users []PoolUser `yaml:"users,omitempty"`
}

// UserPoolDomain is a Cognito domain: a prefix, or a custom name with a
// certificate in us-east-1.
type UserPoolDomain struct {
	// Prefix on amazoncognito.com, e.g. orders-login.
	Prefix string `yaml:"prefix,omitempty"`
	// Name is a custom domain, e.g. auth.example.com.
	Name string `yaml:"name,omitempty"`
	// Certificate is the ARN of an ACM certificate in us-east-1 for Name.
	Certificate string `yaml:"certificate,omitempty"`
}

// PoolUser is a user declared in the Blueprint.
type PoolUser struct {
	// Username of the user.
	Username string `yaml:"username"`
	// Email receives the invitation.
	Email string `yaml:"email"`
}

// Overlay is one environment's changes to a Blueprint, kept as the YAML it
// was written in: it is merged into the base's YAML before decoding, so that
// every value keeps the position it was written at.
type Overlay struct {
	// Node is the overlay's YAML mapping.
	Node *yaml.Node `yaml:"-"`
}

// Override is one JSON Patch operation (RFC 6902) on a rendered file.
type Override struct {
	// Op is add, remove, replace, move, copy or test.
	Op string `yaml:"op"`
	// Path is a JSON Pointer into the file, by logical ID:
	// /Resources/ApiTaskDefinition/Properties/ContainerDefinitions/0/Ulimits.
	Path string `yaml:"path"`
	// From is the source pointer of move and copy.
	From string `yaml:"from,omitempty"`
	// Value is what add, replace and test write or compare; intrinsics are
	// written in long form ({"Ref": "X"}, {"Fn::Sub": "..."}).
	Value any `yaml:"value,omitempty"`
	// Template is the file the operation applies to: template.yaml (default)
	// or a nested stack's stacks/<service>.yaml. Not for apiOverrides.
	Template string `yaml:"template,omitempty"`
}

// API backends.
const (
	// BackendNLB reaches ingress.nlb through a VPC link.
	BackendNLB = "nlb"
	// BackendALB reaches internal ALBs through a VPC link V2.
	BackendALB = "alb"
	// BackendALBPublic calls internet-facing ALBs over the internet with a
	// secret header (the weaker choice, for ALBs a VPC link cannot reach).
	BackendALBPublic = "alb-public"
)

// VPC link generations for private integrations.
const (
	// VpcLinkV2 is an AWS::ApiGatewayV2::VpcLink: subnets and a security
	// group, reaching an ALB or an NLB named by each integration.
	VpcLinkV2 = "v2"
	// VpcLinkV1 is the legacy AWS::ApiGateway::VpcLink bound to one NLB.
	VpcLinkV1 = "v1"
)

// OriginHeader is the header API Gateway adds, with a generated secret, when
// it calls a public ALB; the ALB forwards only requests that carry it.
const OriginHeader = "X-Origin-Verify"

// HTTP methods a route may use; ANY matches every method.
const MethodAny = "ANY"

// Integration styles of a route.
const (
	// IntegrationProxy passes the request through unchanged (http_proxy).
	IntegrationProxy = "proxy"
	// IntegrationClaims sends the authorizer's Cognito claims as a JSON body
	// (an http integration with a request template), so that the service
	// gets who called without decoding a token.
	IntegrationClaims = "claims"
)

// API is an API Gateway REST API. Its OpenAPI document is generated from the
// routes; each route reaches its service through a VPC link to the NLB or to
// an internal ALB (or, with alb-public, over the internet to a public ALB).
type API struct {
	// Name of the REST API (default: the Blueprint name).
	Name string `yaml:"name,omitempty"`
	// Stage name (default dev).
	Stage string `yaml:"stage,omitempty"`
	// Backend is how the API reaches the services: "nlb" (default; a VPC link
	// to ingress.nlb), "alb" (a VPC link V2 to internal ALBs, whose listener
	// rules pick the service) or "alb-public" (over the internet to public
	// ALBs' HTTPS names with a secret header that their rules require; weaker,
	// see docs/api.md).
	Backend string `yaml:"backend,omitempty"`
	// VpcLink is the VPC link generation: "v2" (default) or "v1" (the legacy
	// link to the NLB, for stacks created with it). Not with alb-public.
	VpcLink string `yaml:"vpcLink,omitempty"`
	// HTTPInsideVPC sends the API's requests to internal ALBs that have no
	// certificate over plain HTTP inside the VPC (backend alb only).
	HTTPInsideVPC bool `yaml:"httpInsideVpc,omitempty"`
	// RaisedTimeoutQuota says the account has a raised integration timeout
	// quota, allowing route timeouts above 29 seconds (regional APIs only).
	RaisedTimeoutQuota bool `yaml:"raisedTimeoutQuota,omitempty"`
	// InsecureSkipVerification skips verifying the NLB's certificate. Only for
	// testing; the default verifies it.
	InsecureSkipVerification bool `yaml:"insecureSkipVerification,omitempty"`
	// Throttle limits the stage (default 100 requests/s, burst 200).
	Throttle Throttle `yaml:"throttle,omitempty"`
	// AccessLogs writes JSON access logs to a CloudWatch log group (default
	// false, under security: strict true). API Gateway needs the account's
	// CloudWatch role set for this.
	AccessLogs *bool `yaml:"accessLogs,omitempty"`
	// ExecutionLogs is the stage's execution logging, which API Gateway
	// writes to a log group of its own: OFF (default), ERROR (default under
	// security: strict) or INFO. Like access logs, it needs the account's
	// CloudWatch role.
	ExecutionLogs string `yaml:"executionLogs,omitempty"`
	// Tracing turns on X-Ray tracing for the stage (default false, under
	// security: strict true).
	Tracing *bool `yaml:"tracing,omitempty"`
	// SecurityPolicy is the REST API's TLS security policy: TLS_1_2 (the
	// default under security: strict), or one of API Gateway's enhanced
	// policies (SecurityPolicy_...), which also sets the endpoint access
	// mode STRICT. Left out, API Gateway's default applies.
	SecurityPolicy string `yaml:"securityPolicy,omitempty"`
	// CORS answers browser preflight requests and adds CORS headers to API
	// Gateway's own error responses.
	CORS *CORS `yaml:"cors,omitempty"`
	// Routes are the API's operations; at least one, unless OpenAPI names
	// the team's document, whose operations become the routes.
	Routes []Route `yaml:"routes,omitempty"`
	// OpenAPI is the team's own OpenAPI document (3.0 or 3.1, YAML or JSON),
	// relative to the Blueprint: design-first. Its operations are the API;
	// Serve says which service serves each, Authorizers binds its security
	// schemes to user pools. The output document is this one with only
	// ecsgate's additions (docs/api-design-first.md).
	OpenAPI string `yaml:"openapi,omitempty"`
	// Serve maps the document's operations to services, by path prefix,
	// tag or operationId; the most specific rule wins (operationId, then
	// tag, then the longest path prefix).
	Serve []ServeRule `yaml:"serve,omitempty"`
	// Authorizers binds each OAuth 2, OpenID Connect or bearer security
	// scheme of the document (by name) to an entry of userPools, whose
	// Cognito authorizer checks its tokens.
	Authorizers map[string]string `yaml:"authorizers,omitempty"`
}

// ServeRule says which operations of the API document a service serves.
// Each path, tag and operation ID must reach at least one operation.
type ServeRule struct {
	// Service that serves the operations.
	Service string `yaml:"service"`
	// Paths are path prefixes, matched by whole segments: /orders reaches
	// /orders and /orders/{id}, not /orders-archive; / reaches every path.
	Paths []string `yaml:"paths,omitempty"`
	// Tags reach the operations that carry one of them.
	Tags []string `yaml:"tags,omitempty"`
	// Operations are operation IDs.
	Operations []string `yaml:"operations,omitempty"`
	// Timeout in seconds for these operations (default 29).
	Timeout int `yaml:"timeout,omitempty"`
	// Integration is proxy (default) or claims, as for a route.
	Integration string `yaml:"integration,omitempty"`
	// Claims sent by a claims integration, as for a route.
	Claims []string `yaml:"claims,omitempty"`
}

// APIDocument is the team's OpenAPI document that api.openapi names, as
// read and checked when the Blueprint was loaded; nil without api.openapi
// or when it could not be read.
func (b *Blueprint) APIDocument() *APIDocument {
	if b == nil || b.src == nil {
		return nil
	}
	return b.src.document
}

// Throttle is a stage-wide rate limit.
type Throttle struct {
	// Rate is the steady-state limit in requests per second.
	Rate int `yaml:"rate,omitempty"`
	// Burst is the bucket size in requests.
	Burst int `yaml:"burst,omitempty"`
}

// CORS configures cross-origin access for browsers.
type CORS struct {
	// Origin allowed to call the API: one origin such as
	// https://app.example.com, or "*".
	Origin string `yaml:"origin"`
	// Headers browsers may send (default Authorization, Content-Type).
	Headers []string `yaml:"headers,omitempty"`
	// MaxAge is how many seconds browsers may cache a preflight (default 600).
	MaxAge int `yaml:"maxAge,omitempty"`
}

// Route is one API operation.
type Route struct {
	// Path such as /, /users/{id} or /files/{proxy+} (greedy, last only).
	Path string `yaml:"path"`
	// Method is GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.
	Method string `yaml:"method"`
	// Service that handles the route; it must be attached to the load
	// balancer of the API's backend (nlb, or alb for an ALB backend).
	Service string `yaml:"service"`
	// Auth requires a Cognito token; without it the route is open.
	Auth *RouteAuth `yaml:"auth,omitempty"`
	// Integration is proxy (default) or claims.
	Integration string `yaml:"integration,omitempty"`
	// Claims sent to the backend by a claims integration (default sub,
	// cognito:username, email). The JSON key is the part after the last colon.
	Claims []string `yaml:"claims,omitempty"`
	// Timeout in seconds (default 29, API Gateway's limit without a raised quota).
	Timeout int `yaml:"timeout,omitempty"`
}

// RouteAuth requires a valid token from a user pool.
type RouteAuth struct {
	// UserPool names an entry of userPools.
	UserPool string `yaml:"userPool"`
	// Scopes, when given, require an access token carrying one of them;
	// without scopes an ID token is expected.
	Scopes []string `yaml:"scopes,omitempty"`
}

// CDN is a CloudFront distribution in front of the API.
type CDN struct {
	// Domains are the alternate domain names (e.g. api.example.com); each
	// gets Route 53 alias records when it lies in dns.zone.
	Domains []string `yaml:"domains"`
	// Certificate is the ARN of an ACM certificate in us-east-1 covering the
	// domains.
	Certificate string `yaml:"certificate"`
	// OriginTimeout is how many seconds CloudFront waits for API Gateway
	// (1-60, default 30); at least the longest route timeout.
	OriginTimeout int `yaml:"originTimeout,omitempty"`
	// PriceClass is PriceClass_All (default), PriceClass_200 or PriceClass_100.
	PriceClass string `yaml:"priceClass,omitempty"`
}

// Parameters are SSM Parameter Store settings.
type Parameters struct {
	// Prefix is a hierarchy such as /goecssample; names without a leading
	// slash are relative to it.
	Prefix string `yaml:"prefix,omitempty"`
	// Create lists String parameters the template creates.
	Create []ParameterSpec `yaml:"create,omitempty"`
}

// Parameter types.
const (
	ParameterString       = "String"
	ParameterSecureString = "SecureString"
)

// ParameterSpec is a parameter the template creates. CloudFormation can create
// String parameters only: a SecureString is created by an operator (gen
// secrets prints the command) and referenced.
type ParameterSpec struct {
	// Name, absolute (/app/db/host) or relative to parameters.prefix.
	Name string `yaml:"name"`
	// Value of the parameter (not a secret: it is written in the template).
	Value string `yaml:"value"`
	// Type is String (default); SecureString is refused.
	Type string `yaml:"type,omitempty"`
	// Description of the parameter.
	Description string `yaml:"description,omitempty"`
}

// KMSKey is a KMS key: created (rotation on, alias alias/<stack>-<name>) or an
// existing one by key ARN.
type KMSKey struct {
	// Name identifies the key in the Blueprint.
	Name string `yaml:"name"`
	// ARN of an existing key (arn:aws:kms:REGION:ACCOUNT:key/ID).
	ARN string `yaml:"arn,omitempty"`
}

// Secret is a Secrets Manager secret the template creates with a generated
// value (e.g. a database password). A literal value is refused.
type Secret struct {
	// Name identifies the secret in the Blueprint.
	Name string `yaml:"name"`
	// Description of the secret.
	Description string `yaml:"description,omitempty"`
	// Length of the generated value (default 32).
	Length int `yaml:"length,omitempty"`
	// Punctuation allows punctuation in the generated value (default off, so
	// the value is safe in URLs and shells).
	Punctuation bool `yaml:"punctuation,omitempty"`
	// JSONKey stores the generated value under this key of a JSON object,
	// together with Fields.
	JSONKey string `yaml:"jsonKey,omitempty"`
	// Fields are further, non-secret JSON fields (e.g. username).
	Fields map[string]string `yaml:"fields,omitempty"`
	// KMSKey names the key that encrypts the secret (default: AWS managed).
	KMSKey string `yaml:"kmsKey,omitempty"`
	// Value is refused: secret values are never written into a Blueprint.
	Value string `yaml:"value,omitempty"`
}

// SecretRef is where an injected environment variable comes from: an SSM
// parameter or a Secrets Manager secret.
type SecretRef struct {
	// Parameter is an SSM parameter name (absolute, or relative to
	// parameters.prefix) or the full ARN of one in another region.
	Parameter string `yaml:"parameter,omitempty"`
	// Type of an existing parameter: SecureString (default) or String; used by
	// gen secrets.
	Type string `yaml:"type,omitempty"`
	// Secret names an entry of secrets, or is the full ARN of an existing secret.
	Secret string `yaml:"secret,omitempty"`
	// JSONKey selects one key of a JSON secret.
	JSONKey string `yaml:"jsonKey,omitempty"`
	// VersionStage selects a version of the secret (e.g. AWSPREVIOUS).
	VersionStage string `yaml:"versionStage,omitempty"`
	// KMSKey names the customer key (an entry of kmsKeys) that encrypts an
	// existing SecureString or secret, so the execution role may decrypt it.
	KMSKey string `yaml:"kmsKey,omitempty"`
	// Value is refused: secret values are never written into a Blueprint.
	Value string `yaml:"value,omitempty"`
}

// Pipeline deploy modes.
const (
	// DeployCloudFormation updates the service stack with the new image tags
	// as parameter overrides: the stack stays the single source of truth.
	DeployCloudFormation = "cloudformation"
	// DeployECS is CodePipeline's "Amazon ECS" action (imagedefinitions.json):
	// it changes the services behind the stack's back (see docs/pipeline.md).
	DeployECS = "ecs"
)

// Pipeline describes the delivery pipeline.
type Pipeline struct {
	// Source is the Git repository the pipeline builds.
	Source PipelineSource `yaml:"source"`
	// Builds are the images built from source, one per container.
	Builds []ImageBuild `yaml:"builds"`
	// Stack is the name of the service stack the pipeline deploys (default the
	// Blueprint name; NAME-ENV for an environment).
	Stack string `yaml:"stack,omitempty"`
	// Directory is where the repository keeps gen's output (template.yaml,
	// buildspec.yml; default "deploy", and "deploy/ENV" for an environment).
	Directory string `yaml:"directory,omitempty"`
	// Image is the CodeBuild image (default aws/codebuild/standard:7.0).
	Image string `yaml:"image,omitempty"`
	// ComputeType is the CodeBuild size (default BUILD_GENERAL1_SMALL).
	ComputeType string `yaml:"computeType,omitempty"`
	// Deploy is cloudformation (default) or ecs.
	Deploy string `yaml:"deploy,omitempty"`
	// DeployRole is the ARN of the role CloudFormation assumes to update the
	// service stack (deploy cloudformation). It needs the rights to manage
	// every resource of the stack, which ecsgate does not grant on its own.
	DeployRole string `yaml:"deployRole,omitempty"`
}

// BuildPlatform is the CPU architecture the pipeline's builds run on, and
// so the one of the images they build (docker build builds for the machine
// it runs on): ARM64 on an aarch64 or arm64 image
// (aws/codebuild/amazonlinux-aarch64-standard:3.0), which runs in CodeBuild's
// ARM_CONTAINER environment, X86_64 on any other.
func (p *Pipeline) BuildPlatform() string {
	if strings.Contains(p.Image, "aarch64") || strings.Contains(p.Image, "arm64") {
		return PlatformARM
	}
	return PlatformX86
}

// PipelineSource is a GitHub (or other CodeConnections) repository.
type PipelineSource struct {
	// Connection is the ARN of the CodeConnections (CodeStar connections)
	// connection to the repository host.
	Connection string `yaml:"connection"`
	// Repository is owner/name.
	Repository string `yaml:"repository"`
	// Branch to build (default main).
	Branch string `yaml:"branch,omitempty"`
}

// ImageBuild builds one container's image from source.
type ImageBuild struct {
	// Service and Container name the container whose image is built; its image
	// must be a repository the template creates.
	Service   string `yaml:"service"`
	Container string `yaml:"container"`
	// Dockerfile is the path of the Dockerfile in the repository.
	Dockerfile string `yaml:"dockerfile"`
	// Context is the build context directory (default the Dockerfile's).
	Context string `yaml:"context,omitempty"`
	// Args are the build's --build-arg values, by the name of the
	// Dockerfile's ARG: configuration, never secrets, which the image's
	// history keeps.
	Args map[string]string `yaml:"args,omitempty"`
	// Target is the Dockerfile's stage to build (docker build --target);
	// the last stage unless written.
	Target string `yaml:"target,omitempty"`
}

// KMSKey returns the key with the given name, or nil.
func (b *Blueprint) KMSKey(name string) *KMSKey {
	return entryNamed(b.KMSKeys, name, func(e *KMSKey) string { return e.Name })
}

// Secret returns the secret the template creates with the given name, or nil.
func (b *Blueprint) Secret(name string) *Secret {
	return entryNamed(b.Secrets, name, func(e *Secret) string { return e.Name })
}

// ParameterName resolves a parameter name against parameters.prefix.
func (b *Blueprint) ParameterName(name string) string {
	if strings.HasPrefix(name, "/") || strings.HasPrefix(name, "arn:") || b.Parameters == nil || b.Parameters.Prefix == "" {
		return name
	}
	return strings.TrimSuffix(b.Parameters.Prefix, "/") + "/" + name
}

// CreatedParameter returns the parameter the template creates under the
// (resolved) name, or nil.
func (b *Blueprint) CreatedParameter(name string) *ParameterSpec {
	if b.Parameters == nil {
		return nil
	}
	for i := range b.Parameters.Create {
		if b.ParameterName(b.Parameters.Create[i].Name) == name {
			return &b.Parameters.Create[i]
		}
	}
	return nil
}

// UserPool returns the user pool with the given name, or nil.
func (b *Blueprint) UserPool(name string) *UserPool {
	return entryNamed(b.UserPools, name, func(e *UserPool) string { return e.Name })
}

// entryNamed is the first entry of list named name, or nil: how the
// Blueprint's lists of named entries (keys, secrets, user pools, topics,
// volumes) are looked up. Services have their own, on the hot path of
// large applications.
func entryNamed[T any](list []T, name string, nameOf func(*T) string) *T {
	for i := range list {
		if nameOf(&list[i]) == name {
			return &list[i]
		}
	}
	return nil
}

// Int returns a pointer to v, for optional integer fields.
func Int(v int) *int { return &v }

// Bool returns a pointer to v, for optional boolean fields.
func Bool(v bool) *bool { return &v }

// Service returns the service with the given name, or nil.
func (b *Blueprint) Service(name string) *Service {
	for i := range b.Services {
		if b.Services[i].Name == name {
			return &b.Services[i]
		}
	}
	return nil
}

// ServicesByName indexes the services by name, each name to the service
// [Blueprint.Service] returns: a large API names every service many times.
func (b *Blueprint) ServicesByName() map[string]*Service {
	byName := make(map[string]*Service, len(b.Services))
	for i := range b.Services {
		if s := &b.Services[i]; byName[s.Name] == nil {
			byName[s.Name] = s
		}
	}
	return byName
}

// Container returns the container with the given name, or nil.
func (s *Service) Container(name string) *Container {
	for i := range s.Containers {
		if s.Containers[i].Name == name {
			return &s.Containers[i]
		}
	}
	return nil
}

// IsEssential reports whether the container is essential (the default).
func (c *Container) IsEssential() bool { return c.Essential == nil || *c.Essential }

// FromECR reports whether the image lives in a repository the template creates.
func (i Image) FromECR() bool { return i.Repository != "" }

// LoadBalancer is one Application Load Balancer of a Blueprint with where it
// is written: ingress.alb, or an entry of ingress.albs.
type LoadBalancer struct {
	*ALB
	// Path is the field path of its section (ingress.alb, ingress.albs[1]).
	Path string
	// Prefix starts the logical IDs of its resources: "" for ingress.alb
	// (Alb, AlbSecurityGroup...), the id's logical name for ingress.albs
	// (EdgeAlb, EdgeAlbSecurityGroup...).
	Prefix string
}

// ApplicationLoadBalancers lists the Blueprint's Application Load Balancers: ingress.alb first,
// then ingress.albs in order.
func (b *Blueprint) ApplicationLoadBalancers() []LoadBalancer {
	var list []LoadBalancer
	if b.Ingress.ALB != nil {
		list = append(list, b.defaultALB())
	}
	for i := range b.Ingress.ALBs {
		list = append(list, b.namedALB(i))
	}
	return list
}

// defaultALB is ingress.alb as a [LoadBalancer].
func (b *Blueprint) defaultALB() LoadBalancer {
	return LoadBalancer{ALB: b.Ingress.ALB, Path: "ingress.alb"}
}

// namedALB is ingress.albs[i] as a [LoadBalancer].
func (b *Blueprint) namedALB(i int) LoadBalancer {
	a := &b.Ingress.ALBs[i]
	return LoadBalancer{ALB: a, Path: "ingress.albs[" + strconv.Itoa(i) + "]", Prefix: LogicalName(a.ID)}
}

// ALBOf returns the load balancer a service is attached to with alb, or
// false when it has none or names one that does not exist.
func (b *Blueprint) ALBOf(s *Service) (LoadBalancer, bool) {
	if s.ALB == nil {
		return LoadBalancer{}, false
	}
	// Looked up without listing them all: every route of a large API asks.
	if b.Ingress.ALB != nil && b.Ingress.ALB.ID == s.ALB.LoadBalancer {
		return b.defaultALB(), true
	}
	for i := range b.Ingress.ALBs {
		if b.Ingress.ALBs[i].ID == s.ALB.LoadBalancer {
			return b.namedALB(i), true
		}
	}
	return LoadBalancer{}, false
}

// UsesVpcLinkV2 reports whether the API reaches its load balancers through a
// VPC link V2. b must have its defaults applied.
func (b *Blueprint) UsesVpcLinkV2() bool { return b.API != nil && b.API.VpcLink == VpcLinkV2 }

// APIALBs lists the ALBs the API's routes call (backend alb or alb-public):
// those of the services the routes name, in [Blueprint.ApplicationLoadBalancers]
// order. b must have its defaults applied.
func (b *Blueprint) APIALBs() []LoadBalancer {
	if b.API == nil || b.API.Backend != BackendALB && b.API.Backend != BackendALBPublic {
		return nil
	}
	services := b.ServicesByName()
	used := map[string]bool{}
	for _, r := range b.API.Routes {
		if s := services[r.Service]; s != nil && s.ALB != nil {
			used[s.ALB.LoadBalancer] = true
		}
	}
	var list []LoadBalancer
	for _, lb := range b.ApplicationLoadBalancers() {
		if used[lb.ID] {
			list = append(list, lb)
		}
	}
	return list
}

// BehindVpcLinkV2 reports whether the API reaches the ALB through a VPC link
// V2. b must have its defaults applied.
func (b *Blueprint) BehindVpcLinkV2(lb LoadBalancer) bool {
	if !b.UsesVpcLinkV2() || b.API.Backend != BackendALB {
		return false
	}
	return slices.ContainsFunc(b.APIALBs(), func(o LoadBalancer) bool { return o.ID == lb.ID })
}

// AttachedTo lists the services attached to the load balancer, in Blueprint order.
func (b *Blueprint) AttachedTo(lb LoadBalancer) []*Service {
	var list []*Service
	for i := range b.Services {
		if s := &b.Services[i]; s.ALB != nil && s.ALB.LoadBalancer == lb.ID {
			list = append(list, s)
		}
	}
	return list
}

// WAF is an AWS WAF web ACL (REGIONAL, created in the stack) in front of the
// API's stage and the internet-facing ALBs: AWS's managed rules for common
// attacks, known bad inputs and IP addresses with a bad reputation, and a
// per-address rate limit. CloudFront takes only a web ACL of scope
// CLOUDFRONT, which exists in us-east-1 only: it is named by ARN.
type WAF struct {
	// RateLimit is how many requests one IP address may send in 5 minutes
	// before its further requests are blocked (default 2000, at least 10).
	RateLimit int `yaml:"rateLimit,omitempty"`
	// Logs sends the web ACL's logs to the CloudWatch log group
	// aws-waf-logs-<stack> (AWS requires the aws-waf-logs- prefix).
	Logs bool `yaml:"logs,omitempty"`
	// CloudFront is the ARN of a web ACL of scope CLOUDFRONT (created in
	// us-east-1) for the distribution of cdn; required with cdn.
	CloudFront string `yaml:"cloudFront,omitempty"`
}

// CloudFrontHeader is the header CloudFront adds, with a generated secret,
// to every request it sends to the API when a web ACL protects both: the
// stage's web ACL blocks requests without it, so the API cannot be reached
// around CloudFront.
const CloudFrontHeader = "X-CloudFront-Verify"

// ServicePath is the field path of a service of b: services[2].
func (b *Blueprint) ServicePath(s *Service) string {
	for i := range b.Services {
		if b.Services[i].Name == s.Name {
			return indexPath("services", i)
		}
	}
	return "services"
}

// HasListenerRule reports whether the service has a listener rule on its
// ALB: it matches paths or hosts. A service attached without either is the
// ALB's default action instead.
func (s *Service) HasListenerRule() bool {
	return s.ALB != nil && len(s.ALB.Paths)+len(s.ALB.Hosts) > 0
}

// LoginRule is a listener rule that logs users in before forwarding to a
// service: one per entry of the service's alb.loginPaths.
type LoginRule struct {
	// Priority is the rule's: just before the service's own rule, in the
	// order of loginPaths.
	Priority int
	// Patterns are the path patterns it matches: the path and everything
	// under it.
	Patterns []string
}

// LoginRules are the service's login rules, in loginPaths order: entry i
// of n takes the service's priority - n + i, so each comes before the
// service's rule (a lower number is evaluated first) and the rules of the
// services before it keep their priorities.
func (s *Service) LoginRules() []LoginRule {
	if s.ALB == nil {
		return nil
	}
	n := len(s.ALB.LoginPaths)
	rules := make([]LoginRule, 0, n)
	for i, p := range s.ALB.LoginPaths {
		rules = append(rules, LoginRule{Priority: s.ALB.Priority - n + i, Patterns: LoginPatterns(p)})
	}
	return rules
}

// LoginPatterns are the ALB path patterns that cover a login path: the
// path itself and everything under it, so that neither /admin nor
// /admin/x skips the login. A pattern with a wildcard elsewhere is taken
// as written; /admin/* is /admin and /admin/*.
func LoginPatterns(path string) []string {
	base := strings.TrimSuffix(strings.TrimSuffix(path, "*"), "/")
	if strings.ContainsAny(base, "*?") || !strings.HasSuffix(path, "/*") && strings.HasSuffix(path, "*") {
		return []string{path}
	}
	if base == "" {
		return []string{"/*"}
	}
	return []string{base, base + "/*"}
}

// UsesLogin reports whether any of the service's rules logs users in.
func (s *Service) UsesLogin() bool {
	return s.ALB != nil && (s.ALB.Login || len(s.ALB.LoginPaths) > 0)
}

// Alias is the alias a KMS key the template creates gets in the stack:
// alias/<stack>-<name>. Pass ${AWS::StackName} for the template's own.
func (k *KMSKey) Alias(stack string) string { return "alias/" + stack + "-" + k.Name }
