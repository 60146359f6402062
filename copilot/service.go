package copilot

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/shellword"
)

// Copilot's workload types a Blueprint describes.
const (
	loadBalancedWebService = "Load Balanced Web Service"
	backendService         = "Backend Service"
	// scheduledJob is a task started on a schedule: a service with
	// schedule in a Blueprint.
	scheduledJob = "Scheduled Job"
)

// legacyTypes are the names Copilot's first manifests gave the two types.
var legacyTypes = map[string]string{"Load Balanced Web App": loadBalancedWebService, "Backend App": backendService}

// Copilot's defaults for a service's task: 0.25 vCPU, 512 MiB, one task.
const (
	defaultCPU    = 256
	defaultMemory = 512
)

// notConverted says, for a service manifest's fields a Blueprint has no
// counterpart for, what to do instead.
var notConverted = map[string]string{
	"logging":           "not converted: each container's logs go to CloudWatch Logs (services[].logs.retention); a FireLens router is a container of your own",
	"taskdef_overrides": "not converted: write them as overrides, JSON Patch operations on the rendered template (" + blueprint.DocsOverrides + ")",
	"observability":     "not converted: api.tracing traces the API; an X-Ray daemon is a container of your own",
	"nlb":               "not converted: a service behind an NLB is services[].nlb with ingress.nlb (" + blueprint.DocsNetworking + ")",
	"env_file":          "not converted: write the variables in the container's environment, or read them from Parameter Store (secrets)",
}

// manifestType is a service manifest's type, by its current name
// (Copilot's first names, Backend App, are read as today's).
func manifestType(m *yaml.Node) string {
	kind, _ := scalar(value(m, "type"))
	if current, ok := legacyTypes[kind]; ok {
		return current
	}
	return kind
}

// workload converts one service manifest.
func (c *conversion) workload(file string, m *yaml.Node) {
	name, ok := scalar(value(m, "name"))
	if !ok {
		name = dirOf(file)
	}
	kind := manifestType(m)
	switch kind {
	case loadBalancedWebService, backendService, scheduledJob, workerService:
	case "":
		c.note(file, m, "type", "not converted: the manifest names no type")
		return
	default:
		c.note(file, value(m, "type"), "type", "not converted: a Blueprint has no counterpart for a %s", kind)
		return
	}
	envs := value(m, "environments")
	names := slices.Sorted(maps.Keys(c.overlays)) // every environment's, from its manifest or a service's overrides
	s := &serviceFields{c: c, file: file, name: name, kind: kind, in: &c.ingress, base: true, environments: names, perEnvironment: map[string][]envValue{}}
	svc := s.convert(m)
	c.services = append(c.services, svc)
	for _, env := range names {
		o := c.overlayOf(env)
		e := &serviceFields{c: c, file: file, name: name, kind: kind, in: &o.ingress, prefix: "environments." + env + ".", baseService: svc, env: env}
		fields := put(mapping(), "name", text(name))
		if overrides := value(envs, env); overrides != nil {
			fields = e.convert(overrides)
		}
		e.addEnvironmentValues(fields, s.perEnvironment[env])
		if len(fields.Content) > 2 {
			o.services = append(o.services, fields)
		}
	}
}

// serviceFields converts the fields of a service manifest, or of its
// overrides for one environment (base false: only the fields written, with
// no defaults).
type serviceFields struct {
	c *conversion
	// file is the manifest's path, name the service's.
	file, name string
	// kind is the manifest's type.
	kind string
	// in collects what the service asks of the load balancers: the base's
	// ingress, or the environment's.
	in *ingress
	// base is true for the service's own fields, false for an
	// environment's overrides.
	base bool
	// prefix is the field path of the manifest part converted
	// ("environments.prod.").
	prefix string
	// grace is http.healthcheck.grace_period, in seconds.
	grace int
	// baseService is the service's entry in the base, when the fields
	// converted are an environment's.
	baseService *yaml.Node
	// env is the environment whose fields are converted ("" for the base);
	// environments are the application's, in order, for the base.
	env          string
	environments []string
	// perEnvironment are the values the base found that each environment
	// sets for itself.
	perEnvironment map[string][]envValue
}

// Fields of a service manifest each part of the conversion reads; the
// others are noted as not converted.
var (
	serviceKeys = []string{"name", "type", "http", "image", "cpu", "memory", "platform", "count", "exec", "network", "variables", "secrets", "sidecars", "environments", "entrypoint", "command", "deployment", "storage", "on", "timeout", "retries", "publish", "subscribe"}
	httpKeys    = []string{"path", "healthcheck", "deregistration_delay", "alias", "allowed_source_ips", "target_container", "targetContainer", "stickiness", "additional_rules", "version", "redirect_to_https", "hosted_zone"}
	imageKeys   = []string{"build", "location", "port", "healthcheck", "depends_on", "credentials", "labels", "docker_labels"}
	sidecarKeys = []string{"image", "port", "essential", "variables", "secrets", "entrypoint", "command", "healthcheck"}
	countKeys   = []string{"range", "cpu_percentage", "memory_percentage", "requests", "response_time", "queue_delay", "cooldown", "spot"}
	networkKeys = []string{"vpc", "connect"}
	rollingKeys = []string{"rolling", "rollback_alarms"}
	// healthCheckKeys are http.healthcheck's; some manifests write
	// deregistration_delay there.
	healthCheckKeys = []string{"path", "port", "success_codes", "healthy_threshold", "unhealthy_threshold", "interval", "timeout", "grace_period", "deregistration_delay"}
)

// unknown notes the fields of m, at field path prefix, that none of known
// names.
func (s *serviceFields) unknown(m *yaml.Node, prefix string, known []string) {
	for _, k := range keys(m) {
		if slices.Contains(known, k.Value) || prefix == "" && notConverted[k.Value] != "" {
			continue // converted, or noted with what to do instead
		}
		if sections := sectionsOf(k.Value); prefix == "" && len(sections) > 0 {
			s.note(k, k.Value, "not converted: %s is a field of %s, written here at the top of the manifest, where Copilot does not read it: indent it under %s and convert again if the service is to have it", k.Value, strings.Join(sections, " or "), sections[0])
			continue
		}
		if prefix == "http." && slices.Contains(healthCheckKeys, k.Value) {
			s.note(k, prefix+k.Value, "not converted: %s is a field of http.healthcheck, written here under http, where Copilot does not read it: write it under http.healthcheck (healthcheck: {path: ..., %s: ...}) and convert again if the check is to have it", k.Value, k.Value)
			continue
		}
		s.note(k, prefix+k.Value, "not converted: gen from-copilot does not know this field of a manifest; "+blueprint.DocsFromCopilot+" maps those a Blueprint has")
	}
}

// sectionsOf are the sections of a service manifest that have a field
// named key: a field written at the top that belongs in one of them is
// one indented too little.
func sectionsOf(key string) []string {
	var sections []string
	for _, sec := range []struct {
		name string
		keys []string
	}{{"http", httpKeys}, {"image", imageKeys}, {"count", countKeys}, {"network", networkKeys}, {"deployment", rollingKeys}} {
		if slices.Contains(sec.keys, key) {
			sections = append(sections, sec.name)
		}
	}
	return sections
}

// note records one of the manifest's fields.
func (s *serviceFields) note(at *yaml.Node, field, format string, args ...any) {
	s.c.note(s.file, at, s.prefix+field, format, args...)
}

// convert writes the service's entry: name, size, count or autoscaling,
// platform, exec, containers, then its load balancer and deployment.
func (s *serviceFields) convert(m *yaml.Node) *yaml.Node {
	svc := put(mapping(), "name", text(s.name))
	s.size(svc, m)
	s.count(svc, m)
	s.schedule(svc, m)
	if p, ok := scalar(value(m, "platform")); ok {
		switch platform := blueprint.PlatformNamed(p); {
		case platform == "":
			s.note(value(m, "platform"), "platform", "not converted: Fargate tasks in a Blueprint run Linux (X86_64 or ARM64)")
		case platform != blueprint.DefaultPlatform || value(s.baseService, "platform") != nil:
			// The default is written only over the base's ARM64.
			put(svc, "platform", text(platform))
		}
	}
	if on, ok := truth(value(m, "exec")); ok && on {
		put(svc, "exec", yes())
	}
	main, sidecars := s.containers(m)
	containers := list()
	if main != nil {
		containers.Content = append(containers.Content, main)
	}
	containers.Content = append(containers.Content, sidecars...)
	if len(containers.Content) > 0 {
		put(svc, "containers", containers)
	}
	s.messaging(svc, m, main)
	s.traffic(svc, m, main, sidecars)
	s.loadBalancer(svc, m)
	s.deployment(svc, m)
	s.network(m)
	for _, k := range keys(m) {
		if why := notConverted[k.Value]; why != "" {
			s.note(k, k.Value, "%s", why)
		}
	}
	s.storage(svc, main, m)
	s.unknown(m, "", serviceKeys)
	s.unknown(value(m, "http"), "http.", httpKeys)
	s.unknown(value(m, "image"), "image.", imageKeys)
	s.unknown(value(m, "network"), "network.", networkKeys)
	s.unknown(value(m, "deployment"), "deployment.", rollingKeys)
	if n := value(m, "count"); n != nil && n.Kind == yaml.MappingNode {
		s.unknown(n, "count.", countKeys)
	}
	sc := value(m, "sidecars")
	for _, k := range keys(sc) {
		s.unknown(value(sc, k.Value), "sidecars."+k.Value+".", sidecarKeys)
	}
	return svc
}

// schedule writes a Scheduled Job's schedule from Copilot's on.schedule:
// a crontab line, one of crontab's shorthands or @every DURATION, read in
// UTC as Copilot read them, each as EventBridge Scheduler's expression.
// Copilot's "none" (no run) is a paused schedule; an environment's new
// expression takes the base's pause away.
func (s *serviceFields) schedule(svc, m *yaml.Node) {
	if s.kind != scheduledJob {
		return
	}
	at := value(value(m, "on"), "schedule")
	schedule := mapping()
	v, written := scalar(at)
	switch expr := blueprint.ScheduleOf(v); {
	case written && strings.EqualFold(v, "none"):
		if s.base {
			put(schedule, "expression", text("rate(1 day)"))
			s.note(at, "on.schedule", "none: the job runs at no time; its schedule is written paused, with rate(1 day) for when paused: false starts it")
		}
		put(schedule, "paused", yes())
	case expr != "":
		put(schedule, "expression", text(expr))
		if paused, _ := truth(value(value(s.baseService, "schedule"), "paused")); paused {
			put(schedule, "paused", no())
		}
	case written || s.base:
		s.note(cmp.Or(at, m), "on.schedule", "not converted: %q is not a schedule gen can read (a crontab line, @daily or @every 1h); write services[].schedule.expression as EventBridge Scheduler reads it, e.g. cron(0 3 * * ? *) ("+blueprint.DocsOperating+")", v)
		if !s.base {
			return
		}
		put(schedule, "expression", text("rate(1 day)"))
		put(schedule, "paused", yes())
	default:
		// An environment that keeps the base's schedule, and may bound its
		// runs differently.
	}
	s.runBounds(schedule, m)
	if len(schedule.Content) > 0 {
		put(svc, "schedule", schedule)
	}
}

// runBounds converts a Scheduled Job's timeout (a duration) and retries,
// which Copilot's state machine kept: the schedule's, which a state
// machine keeps too.
func (s *serviceFields) runBounds(schedule, m *yaml.Node) {
	if v := value(m, "timeout"); v != nil {
		if secs, ok := seconds(v); ok && secs > 0 {
			put(schedule, "timeout", number(secs))
		} else {
			s.note(v, "timeout", "not converted: "+blueprint.TaskTimeoutFix)
		}
	}
	if v := value(m, "retries"); v != nil {
		if n, ok := integer(v); ok && n >= 0 {
			if n > 0 {
				put(schedule, "retries", number(n))
			}
		} else {
			s.note(v, "retries", "not converted: "+blueprint.TaskRetriesFix)
		}
	}
}

// size writes cpu and memory, Copilot's defaults in the base.
func (s *serviceFields) size(svc, m *yaml.Node) {
	for _, f := range []struct {
		key string
		def int
	}{{"cpu", defaultCPU}, {"memory", defaultMemory}} {
		v, ok := integer(value(m, f.key))
		switch {
		case ok:
			put(svc, f.key, number(v))
		case value(m, f.key) != nil:
			s.note(value(m, f.key), f.key, "not converted: write a whole number (%s)", map[string]string{"cpu": "CPU units, 1024 a vCPU", "memory": "MiB"}[f.key])
		case s.base:
			put(svc, f.key, number(f.def))
		}
	}
}

// spot writes spot, for Copilot's Fargate Spot at field (at is its node):
// the first onDemand tasks on regular Fargate, the others on Spot. Fargate
// Spot runs no ARM64 task, which Copilot's manifest may ask for all the
// same: the service then stays on regular Fargate, with a note.
func (s *serviceFields) spot(svc, m, at *yaml.Node, field string, onDemand int) {
	if !blueprint.SpotRuns(s.platform(m)) {
		s.note(at, field, "not converted: Fargate Spot runs only X86_64 tasks, and the service runs on ARM64; its tasks run on regular Fargate")
		return
	}
	spot := mapping()
	if onDemand > 0 {
		put(spot, "onDemand", number(onDemand))
	}
	put(svc, "spot", oneLine(takesAway(spot, value(s.baseService, "spot"))))
}

// platform is the Blueprint platform the service of manifest m runs on:
// its own, or in an environment's overrides that say none, the base's.
func (s *serviceFields) platform(m *yaml.Node) string {
	if p, ok := scalar(value(m, "platform")); ok {
		return blueprint.PlatformNamed(p)
	}
	if p, ok := scalar(value(s.baseService, "platform")); ok {
		return p
	}
	return blueprint.DefaultPlatform
}

// count writes count, or autoscaling for count's range.
func (s *serviceFields) count(svc, m *yaml.Node) {
	n := value(m, "count")
	if n == nil {
		return
	}
	if i, ok := integer(n); ok {
		put(svc, "count", number(i))
		s.replaces(svc, "autoscaling")
		s.replaces(svc, "spot")
		return
	}
	if spot, ok := integer(value(n, "spot")); ok && value(n, "range") == nil {
		put(svc, "count", number(spot))
		s.replaces(svc, "autoscaling")
		s.spot(svc, m, value(n, "spot"), "count.spot", 0)
		return
	}
	r := value(n, "range")
	var spotFrom *yaml.Node
	var lo, hi int
	var ok bool
	if spec, isText := scalar(r); isText {
		_, err := fmt.Sscanf(spec, "%d-%d", &lo, &hi)
		ok = err == nil
	} else {
		lo, ok = integer(value(r, "min"))
		var okHi bool
		hi, okHi = integer(value(r, "max"))
		ok = ok && okHi
		spotFrom = value(r, "spot_from")
	}
	if !ok {
		s.note(n, "count", "not converted: write count as a number, or autoscaling: {min, max, cpu}")
		return
	}
	auto := put(put(mapping(), "min", number(lo)), "max", number(hi))
	for _, f := range [][2]string{{"cpu_percentage", "cpu"}, {"memory_percentage", "memory"}, {"requests", "requests"}} {
		// A target is a number, or {value, cooldown} with a cooldown of
		// its own, which a Blueprint's one pair of cooldowns cannot keep.
		target := value(n, f[0])
		if v, ok := integer(target); ok {
			put(auto, f[1], number(v))
		} else if v, ok := integer(value(target, "value")); ok {
			put(auto, f[1], number(v))
			if c := value(target, "cooldown"); c != nil {
				s.note(c, "count."+f[0]+".cooldown", "not converted: a Blueprint's autoscaling has one scaleInCooldown and one scaleOutCooldown for every target")
			}
		} else if target != nil {
			s.note(target, "count."+f[0], "not converted: write autoscaling.%s as a number", f[1])
		}
	}
	for _, f := range [][2]string{{"in", "scaleInCooldown"}, {"out", "scaleOutCooldown"}} {
		if v, ok := seconds(value(n, "cooldown", f[0])); ok {
			put(auto, f[1], number(v))
		}
	}
	for _, k := range []string{"response_time", "queue_delay"} {
		if v := value(n, k); v != nil && (k != "queue_delay" || s.kind != workerService) {
			s.note(v, "count."+k, "not converted: autoscaling tracks cpu, memory, requests and a worker's queue")
		}
	}
	put(svc, "autoscaling", oneLine(auto))
	s.replaces(svc, "count")
	from, isInt := integer(spotFrom)
	switch onDemand, ok := blueprint.OnDemandBelow(from); {
	case spotFrom == nil:
		s.replaces(svc, "spot")
	case isInt && ok:
		s.spot(svc, m, spotFrom, "count.range.spot_from", onDemand)
	default:
		s.note(spotFrom, "count.range.spot_from", "not converted: write spot: {onDemand: N}, N the tasks to keep on regular Fargate")
	}
}

// replaces takes away, in an environment's entry, the field of the base's
// entry that the one just written replaces (count and autoscaling exclude
// each other): null in an overlay takes a field away.
func (s *serviceFields) replaces(svc *yaml.Node, field string) {
	if s.baseService != nil && value(s.baseService, field) != nil {
		put(svc, field, null())
	}
}

// containers writes the main container, named after the service as Copilot
// names it, and the sidecars.
func (s *serviceFields) containers(m *yaml.Node) (main *yaml.Node, sidecars []*yaml.Node) {
	main = put(mapping(), "name", text(s.name))
	image := value(m, "image")
	if img := s.image(image, "image", s.name); img != nil {
		put(main, "image", takesAway(img, value(s.baseContainer(s.name), "image")))
	} else if s.base {
		s.note(image, "image", "not converted: the manifest names no image (image.build or image.location): write the container's image")
	}
	if port, ok := integer(value(image, "port")); ok {
		put(main, "port", number(port))
	}
	s.variables(main, m, "")
	if cmd, ok := words(value(m, "entrypoint")); ok {
		put(main, "entryPoint", texts(cmd))
	}
	if cmd, ok := words(value(m, "command")); ok {
		put(main, "command", texts(cmd))
	}
	if hc := s.healthCheck(value(image, "healthcheck"), "image.healthcheck"); hc != nil {
		put(main, "healthCheck", hc)
	}
	if d := value(image, "depends_on"); d != nil {
		deps := list()
		for _, k := range keys(d) {
			cond, _ := scalar(value(d, k.Value))
			deps.Content = append(deps.Content, oneLine(put(put(mapping(), "container", text(k.Value)), "condition", text(strings.ToUpper(cond)))))
		}
		put(main, "dependsOn", deps)
	}
	for _, k := range []string{"credentials", "labels", "docker_labels"} {
		if v := value(image, k); v != nil {
			s.note(v, "image."+k, "not converted: a Blueprint's containers pull from ECR or a public registry, without labels")
		}
	}
	if len(main.Content) == 2 && !s.base {
		main = nil // nothing of the main container differs in this environment
	}
	sc := value(m, "sidecars")
	for _, k := range keys(sc) {
		side := value(sc, k.Value)
		c := put(mapping(), "name", text(k.Value))
		if img := s.image(value(side, "image"), "sidecars."+k.Value+".image", k.Value); img != nil {
			put(c, "image", takesAway(img, value(s.baseContainer(k.Value), "image")))
		}
		if p, ok := scalar(value(side, "port")); ok {
			var port int
			if _, err := fmt.Sscanf(p, "%d", &port); err == nil {
				put(c, "port", number(port))
			}
		}
		if ess, ok := truth(value(side, "essential")); ok && !ess {
			put(c, "essential", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"})
		}
		s.variables(c, side, "sidecars."+k.Value+".")
		if cmd, ok := words(value(side, "entrypoint")); ok {
			put(c, "entryPoint", texts(cmd))
		}
		if cmd, ok := words(value(side, "command")); ok {
			put(c, "command", texts(cmd))
		}
		if hc := s.healthCheck(value(side, "healthcheck"), "sidecars."+k.Value+".healthcheck"); hc != nil {
			put(c, "healthCheck", hc)
		}
		sidecars = append(sidecars, c)
	}
	return main, sidecars
}

// baseContainer returns the container of that name in the service's entry
// in the base, when the fields converted are an environment's; else nil.
func (s *serviceFields) baseContainer(name string) *yaml.Node {
	for _, c := range resolveList(value(s.baseService, "containers")) {
		if n, _ := scalar(value(c, "name")); n == name {
			return c
		}
	}
	return nil
}

// image writes an image: a location as its URI, a build as Copilot's ECR
// repository (app/service) at the tag of Options.
func (s *serviceFields) image(n *yaml.Node, field, container string) *yaml.Node {
	if n == nil {
		return nil
	}
	if loc, ok := scalar(n); ok && field != "image" { // a sidecar's image is its location
		return oneLine(put(mapping(), "uri", text(loc)))
	}
	if loc, ok := scalar(value(n, "location")); ok {
		if ref, ok := ecrVariableImage(loc); ok {
			// Copilot filled in the account, the Region or the tag from the
			// shell: the Blueprint's image in that repository, in the
			// stack's account and Region, its tag a stack parameter that
			// each deploy may set.
			tag := cmp.Or(ref.tag, s.c.opts.Tag)
			s.c.repositories = addOnce(s.c.repositories, ref.repository)
			s.note(value(n, "location"), field+".location", "converted to the ECR repository %s at tag %s, where Copilot took %s from the shell: the repository is the stack's account's and Region's, and each deploy may set the tag as a stack parameter (--parameter-overrides, gen render prints its name)", ref.repository, tag, strings.Join(ref.variables, " and "))
			return oneLine(put(put(mapping(), "repository", text(ref.repository)), "tag", text(tag)))
		}
		return oneLine(put(mapping(), "uri", text(loc)))
	}
	if value(n, "build") == nil {
		return nil
	}
	repo := s.c.app + "/" + container
	s.c.repositories = addOnce(s.c.repositories, repo)
	if s.base {
		s.c.builds = append(s.c.builds, buildOf(value(n, "build"), s.name, container))
	}
	s.buildOptions(value(n, "build"), field+".build.")
	if s.c.opts.Tag == "latest" {
		s.note(value(n, "build"), field+".build", "converted to the ECR repository %s that Copilot pushed to, at tag latest: copilot svc deploy tagged each build with its commit, so write the tag of the image to deploy (or give gen from-copilot --tag)", repo)
	}
	return oneLine(put(put(mapping(), "repository", text(repo)), "tag", text(s.c.opts.Tag)))
}

// buildOptions notes what Copilot's docker build was given besides the
// Dockerfile and its context: a Blueprint pipeline's build runs docker
// build with those two alone, and images you push are built your way.
func (s *serviceFields) buildOptions(build *yaml.Node, prefix string) {
	for _, k := range keys(build) {
		switch k.Value {
		case "dockerfile", "context":
		case "args":
			s.note(k, prefix+k.Value, "a Blueprint pipeline's build passes them (pipeline.builds[].args, in the pipeline section a pipeline manifest converts to); an image you build and push yourself takes them as --build-arg %s", strings.Join(argsOf(value(build, "args")), " --build-arg "))
		case "target":
			t, _ := scalar(value(build, "target"))
			s.note(k, prefix+k.Value, "a Blueprint pipeline's build builds it (pipeline.builds[].target: %s); an image you build and push yourself takes --target %s", t, t)
		default:
			s.note(k, prefix+k.Value, "not converted: a Blueprint pipeline's docker build takes the Dockerfile and its context alone")
		}
	}
}

// argsOf writes build arguments as NAME=VALUE, each one word of the
// shell, in the manifest's order.
func argsOf(args *yaml.Node) []string {
	var out []string
	for _, k := range keys(args) {
		v, _ := scalar(value(args, k.Value))
		out = append(out, shellword.Quote(k.Value+"="+v))
	}
	return out
}

// buildOf writes an image Copilot built as a Blueprint pipeline's build:
// image.build is the Dockerfile's path, or {dockerfile, context}; a path's
// context is its folder, as Copilot builds it.
func buildOf(build *yaml.Node, service, container string) string {
	dockerfile, ok := scalar(build)
	context := ""
	if !ok {
		dockerfile, _ = scalar(value(build, "dockerfile"))
		context, _ = scalar(value(build, "context"))
	}
	dockerfile = path.Clean(dockerfile)
	if context == "" {
		context = path.Dir(dockerfile)
	}
	b := fmt.Sprintf("{service: %s, container: %s, dockerfile: %s", service, container, dockerfile)
	if context = path.Clean(context); context != "." {
		b += ", context: " + context
	}
	var args []string
	for _, k := range keys(value(build, "args")) {
		v, _ := scalar(value(value(build, "args"), k.Value))
		quoted, _ := json.Marshal(v) // a JSON string is a YAML one
		args = append(args, k.Value+": "+string(quoted))
	}
	if len(args) > 0 {
		b += ", args: {" + strings.Join(args, ", ") + "}"
	}
	if t, ok := scalar(value(build, "target")); ok && t != "" {
		b += ", target: " + t
	}
	return b + "}"
}

// variables writes a container's environment and secrets.
func (s *serviceFields) variables(c, m *yaml.Node, prefix string) {
	name, _ := scalar(value(c, "name"))
	for _, kind := range []struct{ manifest, blueprint string }{{"variables", "environment"}, {"secrets", "secrets"}} {
		from := value(m, kind.manifest)
		out := mapping()
		for _, k := range keys(from) {
			v := value(from, k.Value)
			field := prefix + kind.manifest + "." + k.Value
			perEnvironment := mentions(v, environmentName) && s.base && len(s.environments) > 0
			raw := v
			if perEnvironment {
				// Copilot sets it per environment: the base takes the first
				// environment's value, each environment's overlay its own.
				v = s.withNames(v, s.environments[0])
			} else {
				v = s.withNames(v, s.env)
			}
			n := s.entry(kind.manifest, v, field)
			if n == nil {
				continue
			}
			put(out, k.Value, n)
			if perEnvironment {
				for _, env := range s.environments {
					s.perEnvironment[env] = append(s.perEnvironment[env], envValue{name, kind.manifest, k.Value, raw})
				}
				s.note(raw, field, "%s is written for each environment (%s), in its overlay; the base has %s's", environmentName, strings.Join(s.environments, ", "), s.environments[0])
			}
		}
		if len(out.Content) > 0 {
			put(c, kind.blueprint, out)
		}
	}
}

// mentions reports whether a value, or a text inside it, holds word.
func mentions(n *yaml.Node, word string) bool {
	n = resolve(n)
	if n == nil {
		return false
	}
	if n.Kind == yaml.ScalarNode {
		return strings.Contains(n.Value, word)
	}
	return slices.ContainsFunc(n.Content, func(c *yaml.Node) bool { return mentions(c, word) })
}

// environmentName is the variable Copilot sets to the environment's name in
// a manifest's values.
const environmentName = "${COPILOT_ENVIRONMENT_NAME}"

// envValue is a container's variable or secret whose value names the
// environment: each environment's overlay gets its own.
type envValue struct {
	container, kind, key string
	value                *yaml.Node
}

// entry converts one variable's value (kind variables) or secret's
// reference (kind secrets).
func (s *serviceFields) entry(kind string, v *yaml.Node, field string) *yaml.Node {
	if mentions(v, environmentName) {
		// Written for each environment where the application has any.
		s.note(v, field, "%s names the environment, and no environment manifest (copilot/environments/NAME/manifest.yml), service override or pipeline stage names one: write the environment's name here, or its own value in each environment's overlay", environmentName)
	}
	if kind == "secrets" {
		return s.secret(v, field)
	}
	raw, ok := scalar(v)
	if !ok {
		s.note(v, field, "not converted: a Blueprint's environment values are text: write the value (from_cfn read another stack's export)")
		return nil
	}
	out := s.callAddress(v, field, raw)
	if strings.Contains(strings.ReplaceAll(out, environmentName, ""), "${COPILOT_") {
		s.note(v, field, "Copilot's variable in %s is not set in a Blueprint: write the value", out)
	}
	return text(out)
}

// callAddress returns a variable's value that calls another service by
// the name Service Connect or service discovery gave it, written as the
// address of the internal ALB the service is behind; raw as it is, with a
// note, when the service is behind none.
func (s *serviceFields) callAddress(v *yaml.Node, field, raw string) string {
	other, host := s.c.serviceNamed(raw, s.name)
	if other == "" {
		return raw
	}
	calls := raw + " calls the service " + other + " by the name Service Connect or service discovery gave it, which a Blueprint has neither of"
	if id := s.c.backendALB(other); id != "" {
		if address, ok := addressed(raw, host, id); ok {
			paths := ""
			if b := s.c.backends[other]; b.http && pathPatterns(b.path)[0] != "/*" {
				paths = " (the ALB sends it " + strings.Join(pathPatterns(b.path), " and ") + " alone)"
			}
			s.note(v, field, "%s: converted to %s, the address of the internal ALB %s is behind (ingress.albs, id %s)%s, which listens on port 80: the template writes the ALB's DNS name there and lets this service's tasks reach it", calls, address, other, id, paths)
			return address
		}
		s.note(v, field, "%s: %s is behind the internal ALB %s (ingress.albs), which listens on port 80: write its address, http://%s, in place of the name and port, and the template fills it in and opens the security groups for it", calls, other, id, blueprint.ALBAddress(id))
		return raw
	}
	s.note(v, field, "%s: put %s behind an internal ALB, an entry of ingress.albs ("+blueprint.DocsFromCopilot+"), and write its address here as %s, which the template fills in and opens the security groups for", calls, other, blueprint.ALBAddress("ID"))
	return raw
}

// serviceNamed returns the service, other than self, that a value calls the
// way Copilot's services call each other, and the host name it calls it
// by: Service Connect's name or alias (http://orders:8080, with
// network.connect.alias http://orders-api:8080) or service discovery's
// (orders.test.shop.local, orders.${COPILOT_SERVICE_DISCOVERY_ENDPOINT});
// else "", "".
func (c *conversion) serviceNamed(v, self string) (service, host string) {
	for _, name := range c.serviceNames {
		if name == self {
			continue
		}
		discovery := (strings.Contains(v, ".local") || strings.Contains(v, "${COPILOT_SERVICE_DISCOVERY_ENDPOINT}")) && (strings.HasPrefix(v, name+".") || strings.Contains(v, "://"+name+"."))
		if discovery {
			return name, name
		}
		hosts := []string{name}
		if alias := c.connectAliases[name]; alias != "" {
			hosts = append(hosts, alias)
		}
		for _, h := range hosts {
			if strings.Contains(v, "://"+h+":") || strings.Contains(v, "://"+h+"/") || strings.HasSuffix(v, "://"+h) {
				return name, h
			}
		}
	}
	return "", ""
}

// withNames returns a value with Copilot's variables for the application's
// and the service's names, and for env's name unless env is "", replaced.
func (s *serviceFields) withNames(n *yaml.Node, env string) *yaml.Node {
	n = resolve(n)
	if n == nil {
		return nil
	}
	pairs := []string{"${COPILOT_APPLICATION_NAME}", s.c.app, "${COPILOT_SERVICE_NAME}", s.name}
	if env != "" {
		pairs = append(pairs, environmentName, env)
	}
	out := *n
	switch n.Kind {
	case yaml.ScalarNode:
		out.Value = strings.NewReplacer(pairs...).Replace(n.Value)
	case yaml.MappingNode, yaml.SequenceNode:
		out.Content = make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			out.Content[i] = s.withNames(c, env)
		}
	}
	return &out
}

// addEnvironmentValues puts the variables and secrets that name the
// environment env into the service's entry of its overlay, where the
// overlay does not set them itself.
func (s *serviceFields) addEnvironmentValues(svc *yaml.Node, values []envValue) {
	for _, ev := range values {
		containers := value(svc, "containers")
		if containers == nil {
			containers = list()
			put(svc, "containers", containers)
		}
		var c *yaml.Node
		for _, item := range containers.Content {
			if name, _ := scalar(value(item, "name")); name == ev.container {
				c = item
			}
		}
		if c == nil {
			c = put(mapping(), "name", text(ev.container))
			containers.Content = append(containers.Content, c)
		}
		blueprintKind := map[string]string{"variables": "environment", "secrets": "secrets"}[ev.kind]
		entries := value(c, blueprintKind)
		if entries == nil {
			entries = mapping()
			put(c, blueprintKind, entries)
		}
		if value(entries, ev.key) != nil {
			continue // the environment's own override
		}
		if n := s.entry(ev.kind, s.withNames(ev.value, s.env), s.prefix+ev.kind+"."+ev.key); n != nil {
			put(entries, ev.key, n)
		}
	}
}

// secret writes a secret's reference: a Parameter Store name or ARN as a
// parameter, a Secrets Manager secret as a secret (its full ARN, which ECS
// needs) with its JSON key.
func (s *serviceFields) secret(v *yaml.Node, field string) *yaml.Node {
	if name, ok := scalar(v); ok {
		if strings.HasPrefix(name, "arn:") && strings.Contains(name, ":secretsmanager:") {
			return s.secretsManager(v, name, field)
		}
		if !strings.HasPrefix(name, "/") && !strings.HasPrefix(name, "arn:") {
			s.note(v, field, "%s is a parameter name outside any path: write its ARN, arn:aws:ssm:REGION:ACCOUNT:parameter/%s, which a Blueprint takes for such a name", name, name)
		}
		return oneLine(put(mapping(), "parameter", text(name)))
	}
	if name, ok := scalar(value(v, "secretsmanager")); ok {
		return s.secretsManager(value(v, "secretsmanager"), name, field)
	}
	if export, ok := scalar(value(v, "from_cfn")); ok {
		s.note(v, field, "not converted: from_cfn took the secret from the stack export %s, which a Blueprint's secrets do not read: write {secret: ARN} with the ARN the export holds (aws cloudformation list-exports), or its own in each environment's overlay", export)
		return nil
	}
	s.note(v, field, "not converted: a secret is a Parameter Store name or a Secrets Manager ARN")
	return nil
}

// secretsManager writes a Secrets Manager reference: Copilot's
// "NAME:jsonkey:stage:" (or the ARN with them) as the secret, its jsonKey
// and versionStage.
func (s *serviceFields) secretsManager(at *yaml.Node, ref, field string) *yaml.Node {
	base, rest := ref, ""
	parts := strings.Split(ref, ":")
	switch {
	case strings.HasPrefix(ref, "arn:") && len(parts) > 7:
		base, rest = strings.Join(parts[:7], ":"), strings.Join(parts[7:], ":")
	case !strings.HasPrefix(ref, "arn:") && len(parts) > 1:
		base, rest = parts[0], strings.Join(parts[1:], ":")
	}
	n := put(mapping(), "secret", text(base))
	extra := strings.Split(rest, ":")
	if len(extra) > 0 && extra[0] != "" {
		put(n, "jsonKey", text(extra[0]))
	}
	if len(extra) > 1 && extra[1] != "" {
		put(n, "versionStage", text(extra[1]))
	}
	if !strings.HasPrefix(base, "arn:") {
		s.note(at, field, "the secret %s is named, not given by its ARN: ECS needs the full ARN (with its -XXXXXX suffix), from Secrets Manager", base)
	}
	return oneLine(n)
}

// healthCheck writes a container's health check.
func (s *serviceFields) healthCheck(n *yaml.Node, field string) *yaml.Node {
	if n == nil {
		return nil
	}
	hc := mapping()
	if cmd, ok := words(value(n, "command")); ok {
		put(hc, "command", texts(cmd))
	}
	for _, f := range [][2]string{{"interval", "interval"}, {"timeout", "timeout"}, {"start_period", "startPeriod"}} {
		if v, ok := seconds(value(n, f[0])); ok {
			put(hc, f[1], number(v))
		}
	}
	if v, ok := integer(value(n, "retries")); ok {
		put(hc, "retries", number(v))
	}
	if len(hc.Content) == 0 {
		s.note(n, field, "not converted: write the container's healthCheck: {command: [CMD-SHELL, ...]}")
		return nil
	}
	return oneLine(hc)
}

// traffic names the container the load balancer sends to when a sidecar
// has a port too: http.target_container, or the main container.
func (s *serviceFields) traffic(svc, m, main *yaml.Node, sidecars []*yaml.Node) {
	target, named := scalar(value(m, "http", "target_container"))
	if !named {
		target, named = scalar(value(m, "http", "targetContainer"))
	}
	ported := 0
	for _, c := range append([]*yaml.Node{main}, sidecars...) {
		if value(c, "port") != nil {
			ported++
		}
	}
	if ported < 2 && !named {
		if port, _ := integer(value(main, "port")); port == 443 && balanced(s.kind, m) {
			s.note(value(m, "image", "port"), "image.port", "Copilot's ALB spoke HTTPS to port 443; a Blueprint's ALB speaks HTTP to its targets, so the container must serve plain HTTP on its port")
		}
		return
	}
	if !named {
		target = s.name
	}
	for _, c := range append([]*yaml.Node{main}, sidecars...) {
		if name, _ := scalar(value(c, "name")); name == target && value(c, "port") != nil {
			put(svc, "traffic", oneLine(put(put(mapping(), "container", text(target)), "port", value(c, "port"))))
			if port, _ := integer(value(c, "port")); port == 443 {
				s.note(value(m, "http"), "http.target_container", "Copilot's ALB spoke HTTPS to port 443; a Blueprint's ALB speaks HTTP to its targets, so the container must serve plain HTTP on its port")
			}
			return
		}
	}
	if s.base {
		s.note(value(m, "http"), "http.target_container", "not converted: write traffic: {container, port} naming the container the load balancer sends to")
	}
}

// balanced reports whether a service of the kind, with manifest m, is
// behind a load balancer: a Load Balanced Web Service unless http is
// false, a Backend Service with http.
func balanced(kind string, m *yaml.Node) bool {
	if kind == scheduledJob || kind == workerService {
		return false
	}
	h := value(m, "http")
	if on, ok := truth(h); ok && !on {
		return false
	}
	if kind == backendService {
		return h != nil && h.Tag != "!!null"
	}
	return true
}

// loadBalancer writes the service's ALB listener rule: a Load Balanced Web
// Service's on the public ALB, a Backend Service's on an internal one.
func (s *serviceFields) loadBalancer(svc, m *yaml.Node) {
	if s.kind == scheduledJob || s.kind == workerService {
		return // nothing reaches a job, nor a worker
	}
	h := value(m, "http")
	if h != nil && h.Tag == "!!null" {
		h = nil // http: with nothing under it, as if not written
	}
	if off, ok := truth(h); ok && !off {
		if s.kind == loadBalancedWebService && s.base {
			s.note(h, "http", "http: false: the service has no load balancer")
		}
		return
	}
	if h == nil && s.kind == backendService && s.c.ownALB(s.name) {
		if s.base {
			s.ownALB(svc, m)
		}
		return
	}
	if h == nil {
		if s.kind == backendService && s.base {
			s.note(m, "type", "a Backend Service is reached by name through Service Connect, which a Blueprint has no counterpart for: put it behind an internal ALB (an entry of ingress.albs, "+blueprint.DocsFromCopilot+") and name its address in the callers' environment as %s", blueprint.ALBAddress("ID"))
		}
		if s.kind == backendService || !s.base {
			return
		}
	}
	alb := mapping()
	if s.kind == backendService {
		put(alb, "loadBalancer", text(internalALB))
		s.in.internal = true
	} else {
		s.in.public = s.in.public || s.base
	}
	if p, ok := scalar(value(h, "path")); ok || s.base {
		put(alb, "paths", texts(pathPatterns(p)))
	}
	aliases := stringsOf(value(h, "alias"))
	if len(aliases) > 0 && s.c.aliasAt.at == nil {
		s.c.aliasAt = place{s.file, s.prefix + "http.alias", value(h, "alias")}
	}
	if p, _ := scalar(value(h, "path")); s.base && pathPatterns(p)[0] == "/*" && (len(aliases) == 0 || s.kind == backendService) {
		lb := "public"
		if s.kind == backendService {
			lb = internalALB
		}
		at := value(h, "path")
		if at == nil {
			at = value(m, "type")
		}
		s.c.catchAlls = append(s.c.catchAlls, catchAllRule{place{s.file, "http.path", at}, s.name, lb})
	}
	if len(aliases) > 0 && s.kind == loadBalancedWebService {
		// Copilot's rule matches the aliases' host header as well as the
		// path: two services on the same path, each under its own name,
		// stay apart.
		put(alb, "hosts", texts(aliases))
	}
	if hc := s.targetHealthCheck(value(h, "healthcheck")); hc != nil {
		put(alb, "healthCheck", hc)
	}
	if d, ok := seconds(value(h, "deregistration_delay")); ok {
		put(alb, "deregistrationDelay", number(d))
	} else if d, ok := seconds(value(h, "healthcheck", "deregistration_delay")); ok {
		put(alb, "deregistrationDelay", number(d))
	}
	// The hosted zone of the aliases: http.hosted_zone, or an alias's own.
	zones := stringsOf(value(h, "hosted_zone"))
	for _, a := range resolveList(value(h, "alias")) {
		zones = append(zones, stringsOf(value(a, "hosted_zone"))...)
	}
	s.c.zoneIDs = addOnce(s.c.zoneIDs, zones...)
	s.in.hostnames = addOnce(s.in.hostnames, aliases...)
	if value(h, "alias") != nil {
		s.in.aliasOf = setOf(s.in.aliasOf, s.name, aliases)
	}
	if v := value(h, "allowed_source_ips"); v != nil {
		s.in.allowOf = setOf(s.in.allowOf, s.name, stringsOf(v))
	}
	if len(aliases) > 0 && s.kind == backendService {
		s.note(value(h, "alias"), "http.alias", "a Backend Service's alias is a name inside the VPC: the Blueprint's host names are the public ALB's")
	}
	s.in.allow = addOnce(s.in.allow, stringsOf(value(h, "allowed_source_ips"))...)
	if on, ok := truth(value(h, "redirect_to_https")); ok && !on {
		s.note(value(h, "redirect_to_https"), "http.redirect_to_https", "not converted: a Blueprint's ALB with a certificate always redirects HTTP to HTTPS (AWS Control Tower's CT.ELASTICLOADBALANCING.PR.1)")
	}
	for i, r := range resolveList(value(h, "additional_rules")) {
		p, _ := scalar(value(r, "path"))
		s.note(r, fmt.Sprintf("http.additional_rules[%d]", i), "not converted: a second listener rule, for %s: a Blueprint's service has one rule, to one container's port; add the paths to alb.paths where that port serves them, make them a service of their own, or add the rule in overrides ("+blueprint.DocsOverrides+")", strings.Join(pathPatterns(p), " and "))
	}
	// Copilot's stickiness is the ALB's cookie for the day its target
	// groups keep it by default, a Blueprint's too.
	if on, ok := truth(value(h, "stickiness")); ok && on {
		put(alb, "stickiness", oneLine(mapping()))
	} else if v := value(h, "stickiness"); v != nil && !ok {
		s.note(v, "http.stickiness", "not converted: write alb.stickiness: {} for sticky sessions on the ALB's cookie")
	}
	if v := value(h, "version"); v != nil {
		s.note(v, "http.version", "not converted: the Blueprint's ALB has no such setting; overrides can add it ("+blueprint.DocsOverrides+")")
	}
	if len(alb.Content) > 0 {
		put(svc, "alb", alb)
	}
}

// ownALB puts a Backend Service without http that other services call
// behind an internal ALB of its own, at every path, as Service Connect
// reached it. The ALB checks the path its container's health check asks,
// where it asks one.
func (s *serviceFields) ownALB(svc, m *yaml.Node) {
	b := s.c.backends[s.name]
	id := ownALBID(s.name)
	s.c.ingress.own = append(s.c.ingress.own, id)
	alb := put(put(mapping(), "loadBalancer", text(id)), "paths", texts([]string{"/*"}))
	health := "GET / for health, which must answer 200: write alb.healthCheck.path if it does not"
	if b.health != "" {
		put(alb, "healthCheck", oneLine(put(mapping(), "path", text(b.health))))
		health = "GET " + b.health + " for health, the path its container's health check asks"
	}
	put(svc, "alb", alb)
	s.note(m, "type", "a Backend Service, which %s call%s by name through Service Connect: converted behind an internal ALB of its own (ingress.albs, id %s), at every path, whose address the callers' values name; the ALB asks %s", strings.Join(b.callers, " and "), map[bool]string{true: "s", false: ""}[len(b.callers) == 1], id, health)
}

// pathPatterns are the ALB path patterns of Copilot's http.path, which
// matches the path and everything under it: "/" is every path; "api" is
// /api and /api/*. An ALB pattern without a wildcard matches that path
// alone.
func pathPatterns(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return []string{"/*"}
	}
	return []string{"/" + p, "/" + p + "/*"}
}

// healthPath is the path the ALB checks for Copilot's healthcheck: Copilot
// puts a / before a path written without one, and checks / for none.
func healthPath(p string) string {
	if !strings.HasPrefix(p, "/") {
		return "/" + p
	}
	return p
}

// targetHealthCheck writes the ALB's health check of the service; its
// grace period is the service's deployment.gracePeriod.
func (s *serviceFields) targetHealthCheck(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	hc := mapping()
	if p, ok := scalar(n); ok {
		return oneLine(put(hc, "path", text(healthPath(p))))
	}
	if p, ok := scalar(value(n, "path")); ok {
		put(hc, "path", text(healthPath(p)))
	}
	if codes, ok := scalar(value(n, "success_codes")); ok {
		put(hc, "codes", text(codes))
	}
	for _, f := range [][2]string{{"healthy_threshold", "healthy"}, {"unhealthy_threshold", "unhealthy"}} {
		if v, ok := integer(value(n, f[0])); ok {
			put(hc, f[1], number(v))
		}
	}
	for _, f := range [][2]string{{"interval", "interval"}, {"timeout", "timeout"}} {
		if v, ok := seconds(value(n, f[0])); ok {
			put(hc, f[1], number(v))
		}
	}
	if v := value(n, "port"); v != nil {
		s.note(v, "http.healthcheck.port", "not converted: the ALB checks the port it sends traffic to")
	}
	if v, ok := seconds(value(n, "grace_period")); ok {
		s.grace = v
	}
	s.unknown(n, "http.healthcheck.", healthCheckKeys)
	if len(hc.Content) == 0 {
		return nil
	}
	return oneLine(hc)
}

// deployment writes how the service rolls out: Copilot's recreate as a
// minimum of no tasks, and the ALB's health check grace period.
func (s *serviceFields) deployment(svc, m *yaml.Node) {
	d := mapping()
	if rolling, ok := scalar(value(m, "deployment", "rolling")); ok && rolling == "recreate" {
		put(put(d, "minPercent", number(0)), "maxPercent", number(100))
	}
	if s.grace > 0 {
		put(d, "gracePeriod", number(s.grace))
	}
	if v := value(m, "deployment", "rollback_alarms"); v != nil {
		s.note(v, "deployment.rollback_alarms", "not converted: the service's own alarms (running tasks, 5xx, latency, unhealthy targets) roll a deployment back, deployment.alarms being true by default")
	}
	if len(d.Content) > 0 {
		put(svc, "deployment", oneLine(d))
	}
}

// network notes the service's network settings: a Blueprint's tasks run in
// private subnets, each service with a security group of its own.
func (s *serviceFields) network(m *yaml.Node) {
	n := value(m, "network")
	if p, ok := scalar(value(n, "vpc", "placement")); ok && p != "private" {
		s.note(value(n, "vpc", "placement"), "network.vpc.placement", "not converted: a Blueprint's tasks run in private subnets, reaching out through NAT or VPC endpoints")
	}
	if v := value(n, "vpc", "security_groups"); v != nil {
		s.note(v, "network.vpc.security_groups", "not converted: each service has a security group of its own; services[].egress opens its outbound ports")
	}
	if v := value(n, "connect"); v != nil {
		s.note(v, "network.connect", "not converted: a Blueprint has no Service Connect; a service other services call goes behind an internal ALB ("+blueprint.DocsFromCopilot+")")
	}
}

// setOf sets m[key] to values, making m if need be.
func setOf(m map[string][]string, key string, values []string) map[string][]string {
	if m == nil {
		m = map[string][]string{}
	}
	m[key] = values
	return m
}
