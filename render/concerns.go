package render

import "github.com/ecsgate/ecsgate/blueprint"

// concern is one part of a stack's resources: a row of the tables below.
// Its level says how often it exists, which with the Blueprint's layout
// decides where its entries land (see layout.stackOf); a service-level
// concern runs once per service, in Blueprint order. Adding an AWS concern
// is a file with its builder and one row here.
type concern struct {
	name  string
	level Level
	// path is the Blueprint field that asks for the concern's entries,
	// where problems with them are reported (a service-level concern's are
	// the service's).
	path string
	// build adds the entries of an environment- or pipeline-level concern.
	build func(r *builder)
	// each adds the entries of a service-level concern for one service.
	each func(r *builder, s *blueprint.Service)
	// start, when set, begins before any concern runs the work of the
	// concern that needs only the Blueprint, to go on side by side with
	// the concerns before it and after it.
	start func(r *builder)
}

// run builds the concern into r, each entry in the concern's scope.
func (c concern) run(r *builder) {
	switch c.level {
	case ServiceLevel:
		for i := range r.bp.Services {
			s := &r.bp.Services[i]
			r.within(r.serviceScope(s), func() { c.each(r, s) })
		}
	default:
		r.within(scope{level: c.level, path: c.path}, func() { c.build(r) })
	}
}

// applicationConcerns are the application's, in build order: a concern may
// read what an earlier one recorded (the network's subnets, the images'
// references, the certificates' ARNs).
var applicationConcerns = []concern{
	{name: "network", path: "network", level: EnvironmentLevel, build: (*builder).network},
	{name: "audit logs", path: "logs", level: EnvironmentLevel, build: (*builder).auditLogs},
	{name: "container images", level: ServiceLevel, each: (*builder).images},
	{name: "secret stores", path: "parameters", level: EnvironmentLevel, build: (*builder).secretStores},
	{name: "cluster", path: "cluster", level: EnvironmentLevel, build: (*builder).cluster},
	{name: "certificates", path: "ingress", level: EnvironmentLevel, build: (*builder).certificates},
	{name: "tasks' shared security group", path: "services", level: EnvironmentLevel, build: (*builder).tasksGroup},
	{name: "load balancers", path: "ingress", level: EnvironmentLevel, build: (*builder).loadBalancers},
	{name: "load balancer targets", level: ServiceLevel, each: (*builder).loadBalancerTargets},
	{name: "topics", path: "topics", level: EnvironmentLevel, build: (*builder).topics},
	{name: "volumes", path: "volumes", level: EnvironmentLevel, build: (*builder).volumes},
	{name: "buckets", path: "buckets", level: EnvironmentLevel, build: (*builder).buckets},
	{name: "tables", path: "tables", level: EnvironmentLevel, build: (*builder).tables},
	{name: "services", level: ServiceLevel, each: (*builder).service},
	{name: "volume mounts", level: ServiceLevel, each: (*builder).volumeMounts},
	{name: "queues", level: ServiceLevel, each: (*builder).queue},
	{name: "schedules", level: ServiceLevel, each: (*builder).schedule},
	{name: "calls to load balancers", level: ServiceLevel, each: (*builder).calls},
	{name: "user pools", path: "userPools", level: EnvironmentLevel, build: (*builder).userPools},
	{name: "api", path: "api", level: EnvironmentLevel, build: (*builder).api, start: (*builder).startAPIDocument},
	{name: "cdn", path: "cdn", level: EnvironmentLevel, build: (*builder).cdn},
	{name: "waf", path: "waf", level: EnvironmentLevel, build: (*builder).waf},
	{name: "dns records", path: "dns", level: EnvironmentLevel, build: (*builder).dnsRecords},
	{name: "alarm topic", path: "alarms", level: EnvironmentLevel, build: (*builder).alarmTopic},
	{name: "service alarms", level: ServiceLevel, each: (*builder).serviceAlarms},
	{name: "edge alarms", path: "alarms", level: EnvironmentLevel, build: (*builder).edgeAlarms},
	{name: "dashboard", path: "alarms.dashboard", level: EnvironmentLevel, build: (*builder).dashboard},
	// Last: its policy names every log group the concerns above created.
	{name: "logs key", path: "logs.encrypt", level: EnvironmentLevel, build: (*builder).logsKey},
}

// pipelineConcerns are the delivery pipeline's, in its own template.
var pipelineConcerns = []concern{
	{name: "artifacts", path: "pipeline", level: PipelineLevel, build: (*builder).artifactBucket},
	{name: "image builds", path: "pipeline.builds", level: PipelineLevel, build: (*builder).buildProject},
	{name: "pipeline", path: "pipeline", level: PipelineLevel, build: (*builder).codePipeline},
	{name: "logs key", path: "logs.encrypt", level: PipelineLevel, build: (*builder).logsKey},
}

// sharedConcerns are the shared stack's: what exists once per account and
// Region.
var sharedConcerns = []concern{
	{name: "container repositories", path: "ecr", level: AccountLevel, build: (*builder).repositories},
	{name: "api gateway logging", path: "account", level: AccountLevel, build: (*builder).apiGatewayAccount},
}
