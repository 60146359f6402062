package blueprint

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Alarms are the application's CloudWatch alarms, where they notify, and
// its dashboard. Every service and every edge of the request path gets the
// alarms a careful operator would set up; each can be tuned or turned off,
// for every service here and for one service in its own alarms.
type Alarms struct {
	// Off turns off every alarm, the notification topic and the dashboard.
	Off bool `yaml:"off,omitempty"`
	// Topic is the ARN of an existing SNS topic the alarms notify. Without
	// it the stack creates a topic, encrypted with a KMS key it creates.
	Topic string `yaml:"topic,omitempty"`
	// Emails subscribe to the topic the stack creates; each address
	// confirms its subscription from a mail AWS sends.
	Emails []string `yaml:"emails,omitempty"`
	// Dashboard creates the stack's CloudWatch dashboard (default true).
	Dashboard *bool `yaml:"dashboard,omitempty"`
	// Services are every service's alarm settings; a service's own alarms
	// override them, field by field.
	Services ServiceAlarms `yaml:"services,omitempty"`
	// LoadBalancers are the alarms on the load balancers' own errors.
	LoadBalancers ErrorAlarms `yaml:"loadBalancers,omitempty"`
	// API are the REST API stage's alarms.
	API APIAlarms `yaml:"api,omitempty"`
	// CDN is CloudFront's alarm, which exists only in us-east-1, where
	// CloudFront publishes its metrics.
	CDN ErrorAlarms `yaml:"cdn,omitempty"`
	// Tables are the alarms on each DynamoDB table of tables.
	Tables TableAlarms `yaml:"tables,omitempty"`
}

// TableAlarms are a table's alarms.
type TableAlarms struct {
	// Throttles fires when DynamoDB throttles at least the threshold of a
	// table's reads and writes each minute (events, default 1 for 5
	// minutes): a partition hotter than DynamoDB serves, or the table past
	// its account's throughput quota.
	Throttles *Alarm `yaml:"throttles,omitempty"`
}

// Alarm tunes one alarm: its threshold, how many minutes in a row the metric
// must be past it, or off.
type Alarm struct {
	// Threshold in the alarm's unit: percent for cpu, memory and errors,
	// tasks for runningTasks and unhealthyTargets, seconds for latency.
	Threshold *float64 `yaml:"threshold,omitempty"`
	// Minutes the metric must stay past the threshold, one data point a
	// minute (1 to 1440).
	Minutes *int `yaml:"minutes,omitempty"`
	// Off turns the alarm off.
	Off *bool `yaml:"off,omitempty"`
}

// ServiceAlarms are a service's alarms.
type ServiceAlarms struct {
	// RunningTasks fires when fewer tasks run than the threshold (default
	// the desired count, or autoscaling.min). Needs Container Insights.
	RunningTasks *Alarm `yaml:"runningTasks,omitempty"`
	// CPU fires when the service's average CPU use passes the threshold
	// (percent, default 90 for 10 minutes).
	CPU *Alarm `yaml:"cpu,omitempty"`
	// Memory fires when the average memory use passes the threshold
	// (percent, default 90 for 10 minutes).
	Memory *Alarm `yaml:"memory,omitempty"`
	// UnhealthyTargets fires when at least the threshold of the service's
	// targets fail the load balancer's health check (default 1 for 3
	// minutes).
	UnhealthyTargets *Alarm `yaml:"unhealthyTargets,omitempty"`
	// Errors fires when the service answers more than the threshold of
	// requests with 5xx (percent, default 1 for 3 minutes; behind an ALB).
	Errors *Alarm `yaml:"errors,omitempty"`
	// Latency fires when the 99th percentile of the service's response
	// time passes the threshold (seconds, default 2 for 5 minutes; behind
	// an ALB).
	Latency *Alarm `yaml:"latency,omitempty"`
	// DeadLetters fires when at least the threshold of messages wait in
	// the service's dead-letter queue (default 1 for 1 minute; with a
	// queue): messages its tasks failed on queue.tries times.
	DeadLetters *Alarm `yaml:"deadLetters,omitempty"`
	// QueueAge fires when the oldest message of the service's queue has
	// waited longer than the threshold (seconds, default 900 for 5
	// minutes; with a queue): the tasks do not keep up, or stopped.
	QueueAge *Alarm `yaml:"queueAge,omitempty"`
}

// ErrorAlarms is an edge's alarm on its own errors.
type ErrorAlarms struct {
	// Errors fires when more than the threshold of requests fail at the
	// edge itself (percent: load balancers 1 for 5 minutes, CloudFront 5).
	Errors *Alarm `yaml:"errors,omitempty"`
}

// APIAlarms are the REST API stage's alarms.
type APIAlarms struct {
	// Errors fires when more than the threshold of requests end in a 5xx
	// (percent, default 1 for 5 minutes).
	Errors *Alarm `yaml:"errors,omitempty"`
	// Latency fires when the 99th percentile of the API's latency passes
	// the threshold (seconds, default 3 for 5 minutes).
	Latency *Alarm `yaml:"latency,omitempty"`
}

// edges are the edges' alarms by name, for the code that treats them alike.
func (a *Alarms) edges() map[string][2]**Alarm {
	return map[string][2]**Alarm{
		"loadBalancers": {&a.LoadBalancers.Errors, nil},
		"api":           {&a.API.Errors, &a.API.Latency},
		"cdn":           {&a.CDN.Errors, nil},
	}
}

// Alarm kinds: what an alarm watches.
const (
	AlarmRunningTasks     = "runningTasks"
	AlarmCPU              = "cpu"
	AlarmMemory           = "memory"
	AlarmUnhealthyTargets = "unhealthyTargets"
	AlarmErrors           = "errors"
	AlarmLatency          = "latency"
	AlarmDeadLetters      = "deadLetters"
	AlarmQueueAge         = "queueAge"
	AlarmThrottles        = "throttles"
)

// alarmDefault is a kind's built-in setting.
type alarmDefault struct {
	threshold float64
	minutes   int
}

// serviceAlarmDefaults are what a careful operator starts from: sustained
// saturation, not a spike; a release's errors within minutes.
var serviceAlarmDefaults = map[string]alarmDefault{
	AlarmCPU:              {90, 10},
	AlarmMemory:           {90, 10},
	AlarmUnhealthyTargets: {1, 3},
	AlarmErrors:           {1, 3},
	AlarmLatency:          {2, 5},
	AlarmRunningTasks:     {0, 5}, // threshold: the desired count
	// A message in the dead-letter queue is work that was not done.
	AlarmDeadLetters: {1, 1},
	AlarmQueueAge:    {900, 5},
}

// tableThrottlesDefault is a table's throttles alarm's: throttling that
// lasts, which an SDK's retries no longer absorb.
var tableThrottlesDefault = alarmDefault{1, 5}

// edgeAlarmDefaults are the edges'; CloudFront counts errors its viewers
// cause (4xx are not in it, 5xx of an origin are), so it starts higher.
var edgeAlarmDefaults = map[string]map[string]alarmDefault{
	"loadBalancers": {AlarmErrors: {1, 5}},
	"api":           {AlarmErrors: {1, 5}, AlarmLatency: {3, 5}},
	"cdn":           {AlarmErrors: {5, 5}},
}

// field returns the alarm of a kind.
func (a *ServiceAlarms) field(kind string) **Alarm {
	switch kind {
	case AlarmRunningTasks:
		return &a.RunningTasks
	case AlarmCPU:
		return &a.CPU
	case AlarmMemory:
		return &a.Memory
	case AlarmUnhealthyTargets:
		return &a.UnhealthyTargets
	case AlarmErrors:
		return &a.Errors
	case AlarmDeadLetters:
		return &a.DeadLetters
	case AlarmQueueAge:
		return &a.QueueAge
	}
	return &a.Latency
}

// serviceAlarmKinds are a service's alarm kinds, in the order they are
// built and shown.
var serviceAlarmKinds = []string{AlarmRunningTasks, AlarmCPU, AlarmMemory, AlarmUnhealthyTargets, AlarmErrors, AlarmLatency, AlarmDeadLetters, AlarmQueueAge}

// merged is a's settings with what it leaves unset taken from base.
func (a *Alarm) merged(base *Alarm) *Alarm {
	out := &Alarm{}
	for _, from := range []*Alarm{base, a} {
		if from == nil {
			continue
		}
		if from.Threshold != nil {
			out.Threshold = from.Threshold
		}
		if from.Minutes != nil {
			out.Minutes = from.Minutes
		}
		if from.Off != nil {
			out.Off = from.Off
		}
	}
	return out
}

// withDefault fills what the Blueprint left unset from d.
func (a *Alarm) withDefault(d alarmDefault) *Alarm {
	if a.Threshold == nil {
		t := d.threshold
		a.Threshold = &t
	}
	if a.Minutes == nil {
		a.Minutes = Int(d.minutes)
	}
	if a.Off == nil {
		a.Off = Bool(false)
	}
	return a
}

// applyAlarmDefaults completes every service's alarms from alarms.services
// and the built-in defaults, and the edges' from theirs.
func (b *Blueprint) applyAlarmDefaults() {
	if b.Alarms.Dashboard == nil {
		b.Alarms.Dashboard = Bool(true)
	}
	for i := range b.Services {
		s := &b.Services[i]
		for _, kind := range serviceAlarmKinds {
			own := s.Alarms.field(kind)
			d := serviceAlarmDefaults[kind]
			merged := (*own).merged(*b.Alarms.Services.field(kind))
			if kind == AlarmRunningTasks {
				d.threshold = float64(s.DesiredTasks())
				if d.threshold < 1 && merged.Threshold == nil && merged.Off == nil {
					// A service scaled to zero (count: 0) has no task to
					// miss, and 0 is no threshold a valid Blueprint holds.
					d.threshold = 1
					merged.Off = Bool(true)
				}
			}
			*own = merged.withDefault(d)
		}
	}
	b.Alarms.Tables.Throttles = b.Alarms.Tables.Throttles.merged(nil).withDefault(tableThrottlesDefault)
	for name, fields := range b.Alarms.edges() {
		for kind, d := range edgeAlarmDefaults[name] {
			field := fields[0]
			if kind == AlarmLatency {
				field = fields[1]
			}
			*field = (*field).merged(nil).withDefault(d)
		}
	}
}

// DesiredTasks is how many tasks a service runs when all is well: its
// count, or its autoscaling minimum.
func (s *Service) DesiredTasks() int {
	if s.Autoscaling != nil {
		return s.Autoscaling.Min
	}
	if s.Count != nil {
		return *s.Count
	}
	return DefaultCount
}

// MostTasks is the most tasks a service runs, and the field that says it:
// its autoscaling maximum, or its count.
func (s *Service) MostTasks() (tasks int, field string) {
	if s.Autoscaling != nil {
		return s.Autoscaling.Max, "autoscaling.max"
	}
	return s.DesiredTasks(), "count"
}

// ServiceAlarm is one alarm of a service, as the template creates it.
type ServiceAlarm struct {
	// Kind is what it watches (AlarmCPU, ...).
	Kind string
	// Threshold and Minutes are its settings, defaults applied.
	Threshold float64
	Minutes   int
	// Deployment says the alarm stops and rolls back a deployment: errors,
	// latency and unhealthy targets tell a bad release; saturation and a
	// missing task do not.
	Deployment bool
}

// AlarmsOf lists the alarms a service of the resolved Blueprint has: the
// kinds its setup publishes metrics for (running tasks with Container
// Insights, errors and latency behind an ALB, unhealthy targets behind a
// load balancer), without those turned off. The one place that decides
// which alarms exist.
func (b *Blueprint) AlarmsOf(s *Service) []ServiceAlarm {
	if b.Alarms.Off {
		return nil
	}
	var list []ServiceAlarm
	for _, kind := range serviceAlarmKinds {
		a := *s.Alarms.field(kind)
		if a == nil || *a.Off {
			continue
		}
		if s.Scheduled() && kind != AlarmDeadLetters {
			// A scheduled service has no ECS service whose metrics the
			// others watch, and its queue's messages wait for the next run
			// by design: their age says nothing is wrong.
			continue
		}
		switch kind {
		case AlarmDeadLetters, AlarmQueueAge:
			if s.Queue == nil {
				continue
			}
		case AlarmRunningTasks:
			if b.Cluster.Insights == InsightsDisabled || *a.Threshold < 1 {
				continue // no metric without Container Insights; nothing to miss with no task
			}
		case AlarmUnhealthyTargets:
			if s.ALB == nil && s.NLB == nil {
				continue
			}
		case AlarmErrors, AlarmLatency:
			if s.ALB == nil {
				continue // an NLB sees connections, not HTTP answers
			}
		}
		list = append(list, ServiceAlarm{
			Kind: kind, Threshold: *a.Threshold, Minutes: *a.Minutes,
			Deployment: kind == AlarmErrors || kind == AlarmLatency || kind == AlarmUnhealthyTargets,
		})
	}
	return list
}

// EdgeAlarm is one alarm of an edge of the request path.
type EdgeAlarm struct {
	// Edge is "loadBalancers", "api", "cdn" or "tables"; Kind errors,
	// latency or throttles.
	Edge, Kind string
	Threshold  float64
	Minutes    int
}

// EdgeAlarmsOf lists the alarms of one edge, as AlarmsOf does a service's.
func (b *Blueprint) EdgeAlarmsOf(edge string) []EdgeAlarm {
	if b.Alarms.Off {
		return nil
	}
	fields := b.Alarms.edges()[edge]
	var list []EdgeAlarm
	for i, kind := range []string{AlarmErrors, AlarmLatency} {
		if fields[i] == nil {
			continue
		}
		a := *fields[i]
		if a == nil || *a.Off {
			continue
		}
		list = append(list, EdgeAlarm{Edge: edge, Kind: kind, Threshold: *a.Threshold, Minutes: *a.Minutes})
	}
	return list
}

// TableThrottlesAlarm is the throttles alarm every table has, and whether
// there is one: not with alarms off or the alarm turned off.
func (b *Blueprint) TableThrottlesAlarm() (EdgeAlarm, bool) {
	a := b.Alarms.Tables.Throttles
	if b.Alarms.Off || a == nil || *a.Off {
		return EdgeAlarm{}, false
	}
	return EdgeAlarm{Edge: "tables", Kind: AlarmThrottles, Threshold: *a.Threshold, Minutes: *a.Minutes}, true
}

// HasAlarms reports whether the template creates any alarm, and so the
// topic they notify.
func (b *Blueprint) HasAlarms() bool {
	if b.Alarms.Off {
		return false
	}
	for i := range b.Services {
		if len(b.AlarmsOf(&b.Services[i])) > 0 || b.NotifiesFailedRuns(&b.Services[i]) {
			return true
		}
	}
	if _, on := b.TableThrottlesAlarm(); on && len(b.Tables) > 0 {
		return true
	}
	return b.API != nil || b.CDN != nil || b.Ingress.NLB != nil || len(b.ApplicationLoadBalancers()) > 0
}

// NotifiesFailedRuns reports whether the alarms' topic hears of a
// scheduled service's failed runs (a task that could not start, that a
// container's exit code ended, or that Fargate Spot took back): every
// scheduled service's, unless alarms.off. A job has no ECS service whose
// metrics an alarm could watch, and a failure nobody hears of waits until
// someone misses what the job makes.
func (b *Blueprint) NotifiesFailedRuns(s *Service) bool { return s.Scheduled() && !b.Alarms.Off }

// AnyFailedRunsNotified reports whether some scheduled service's failed
// runs reach the alarms' topic (see [Blueprint.NotifiesFailedRuns]), which
// then admits EventBridge.
func (b *Blueprint) AnyFailedRunsNotified() bool {
	return slices.ContainsFunc(b.Services, func(s Service) bool { return b.NotifiesFailedRuns(&s) })
}

// CreatesAlarmTopic reports whether the stack creates the alarms' topic.
func (b *Blueprint) CreatesAlarmTopic() bool { return b.HasAlarms() && b.Alarms.Topic == "" }

// alarms checks the alarm settings.
func (v *validator) alarms() {
	a := v.b.Alarms
	const path = "alarms"
	if a.Topic != "" {
		if !snsTopicARN.MatchString(a.Topic) {
			v.add(path+".topic", "write an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:alerts", "%q is not an SNS topic ARN", a.Topic)
		}
		if len(a.Emails) > 0 {
			v.add(path+".emails", "subscribe the addresses to your own topic, or remove topic to have the stack create one", "emails subscribe to the topic the stack creates, and topic names an existing one")
		}
	}
	seen := map[string]bool{}
	for i, e := range a.Emails {
		p := indexPath(path+".emails", i)
		if !emailPattern.MatchString(e) || len(e) > 254 {
			v.add(p, emailFix(e), "%q is not an email address", e)
		}
		if seen[e] {
			v.add(p, "list each address once", "%q is listed twice (SNS subscribes an address once per topic)", e)
		}
		seen[e] = true
	}
	raw := v.raw.Alarms
	for _, kind := range serviceAlarmKinds {
		v.alarmSettings(path+".services."+kind, kind, *raw.Services.field(kind))
	}
	v.alarmSettings(path+".loadBalancers.errors", AlarmErrors, raw.LoadBalancers.Errors)
	v.alarmSettings(path+".api.errors", AlarmErrors, raw.API.Errors)
	v.alarmSettings(path+".api.latency", AlarmLatency, raw.API.Latency)
	v.alarmSettings(path+".cdn.errors", AlarmErrors, raw.CDN.Errors)
	v.alarmSettings(path+".tables.throttles", AlarmThrottles, raw.Tables.Throttles)
	for i := range v.raw.Services {
		s := &v.raw.Services[i]
		for _, kind := range serviceAlarmKinds {
			v.alarmSettings(indexPath("services", i)+".alarms."+kind, kind, *s.Alarms.field(kind))
		}
		if r := s.Alarms.RunningTasks; r != nil && (r.Off == nil || !*r.Off) && v.b.Cluster.Insights == InsightsDisabled && !v.b.Alarms.Off {
			v.add(indexPath("services", i)+".alarms.runningTasks", "set cluster.insights: enabled (Container Insights publishes the running task count), or remove the alarm's settings",
				"the running task count is published by Container Insights, which cluster.insights turns off")
		}
	}
}

// alarmUnits are the units of each kind's threshold, for messages.
var alarmUnits = map[string]string{
	AlarmRunningTasks: " tasks", AlarmUnhealthyTargets: " targets", AlarmCPU: "%", AlarmMemory: "%", AlarmErrors: "%", AlarmLatency: " s",
	AlarmDeadLetters: " messages", AlarmQueueAge: " s", AlarmThrottles: " throttled events",
}

// alarmSettings checks one alarm's settings as written.
func (v *validator) alarmSettings(path, kind string, a *Alarm) {
	if a == nil {
		return
	}
	if a.Minutes != nil {
		// CloudWatch evaluates at most one day of one-minute periods.
		v.between(path+".minutes", *a.Minutes, 1, 1440, " minutes")
	}
	if a.Threshold == nil {
		return
	}
	t := *a.Threshold
	bad := func(fix, rule string) {
		v.add(path+".threshold", fix, "%s%s is not a threshold: %s", formatNumber(t), alarmUnits[kind], rule)
	}
	switch kind {
	case AlarmCPU, AlarmMemory:
		// ECS reports utilization of the task's reservation, which can pass
		// 100% when containers burst; 100 and above never fire for most.
		if t <= 0 || t > 100 {
			bad("use a percentage above 0 and at most 100, e.g. 90", "utilization is a percentage")
		} else if t < 1 {
			// A fraction written for a percentage (0.8 for 80%): almost
			// any work passes one percent of a task's CPU or memory, so
			// the alarm would be on most of the time, and its
			// notifications be noise.
			percent := formatNumber(math.Round(t*1e4) / 100) // 0.755 is 75.5, not 75.50000000000001
			resource := map[string]string{AlarmCPU: "CPU", AlarmMemory: "memory"}[kind]
			v.warn(path+".threshold", fmt.Sprintf("write threshold: %s for %s%%", percent, percent),
				"%s%% of the task's %s is below one percent, which almost any work passes: the alarm would be on most of the time", formatNumber(t), resource)
		}
	case AlarmErrors:
		if t <= 0 || t > 100 {
			bad("use a percentage of requests above 0 and at most 100, e.g. 1", "the error rate is a percentage of requests")
		}
	case AlarmRunningTasks, AlarmUnhealthyTargets, AlarmDeadLetters, AlarmThrottles:
		counted := map[string]string{AlarmDeadLetters: "messages", AlarmThrottles: "events"}[kind]
		if counted == "" {
			counted = "tasks" // a target is a task
		}
		if t < 1 || t != math.Trunc(t) {
			bad("use a whole number of "+counted+", at least 1", counted+" are counted in whole numbers")
		}
	case AlarmQueueAge:
		// SQS keeps a message at most 14 days.
		if t <= 0 || t > MaxQueueRetention {
			bad(fmt.Sprintf("use seconds above 0 and at most %d, e.g. 900", MaxQueueRetention), "no message waits longer than SQS keeps it, 14 days")
		}
	case AlarmLatency:
		// No request waits longer than the longest integration timeout
		// API Gateway grants (raised).
		rule := fmt.Sprintf("no request waits longer than an integration's %d-second maximum", maxRaisedRouteTimeout)
		switch {
		case t > maxRaisedRouteTimeout && t <= maxRaisedRouteTimeout*1000:
			// Latency is often read in milliseconds (X-Ray, load tests).
			bad(fmt.Sprintf("the threshold counts seconds: for %s ms, write threshold: %s", formatNumber(t), formatNumber(t/1000)), rule)
		case t <= 0 || t > maxRaisedRouteTimeout:
			bad(fmt.Sprintf("use seconds above 0 and at most %d, e.g. 2", maxRaisedRouteTimeout), rule)
		}
	}
}

// formatNumber writes a threshold as the Blueprint would.
func formatNumber(f float64) string {
	// Without an exponent: a threshold of seconds is written 1209601, and
	// %g would print it 1.209601e+06.
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// emailFix is the fix for an alarm address that is not one. An address
// copied from a mail client carries its display name (On-Call
// <oncall@example.com>) or a mailto: scheme, and SNS subscribes the address
// alone.
func emailFix(e string) string {
	address := strings.TrimPrefix(e, "mailto:")
	if _, inBrackets, ok := strings.Cut(address, "<"); ok {
		address, _, _ = strings.Cut(inBrackets, ">")
	}
	if address = strings.TrimSpace(address); address != e && emailPattern.MatchString(address) {
		return fmt.Sprintf("write %q: SNS subscribes the address alone", address)
	}
	return "write an address such as oncall@example.com"
}
