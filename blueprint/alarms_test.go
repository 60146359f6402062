package blueprint

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestAlarmRules: alarm settings as CloudWatch and SNS take them.
func TestAlarmRules(t *testing.T) {
	base := strategyBase(t)
	checkRules(t, base, []ruleCase{
		{"an address", "oncall@example.com", "oncall", "alarms.emails[0]", "oncall", "is not an email address"},
		{"an address twice", "emails: [oncall@example.com]", "emails: [oncall@example.com, oncall@example.com]", "alarms.emails[1]", "emails", "SNS subscribes an address once per topic"},
		{"a topic and addresses", "alarms:\n", "alarms:\n  topic: arn:aws:sns:eu-west-1:123456789012:oncall\n", "alarms.emails", "emails", "subscribe the addresses to your own topic"},
		{"not a topic", "alarms:\n", "alarms:\n  topic: oncall\n", "alarms.topic", "topic", "is not an SNS topic ARN"},
		{"cpu past 100%", "      latency: {threshold: 1.5}\n", "      latency: {threshold: 1.5}\n      cpu: {threshold: 120}\n", "services[0].alarms.cpu.threshold", "threshold: 120", "utilization is a percentage"},
		{"half a task", "      latency: {threshold: 1.5}\n", "      latency: {threshold: 1.5}\n      runningTasks: {threshold: 1.5}\n", "services[0].alarms.runningTasks.threshold", "runningTasks: {threshold: 1.5}", "tasks are counted in whole numbers"},
		{"latency of no time", "threshold: 1.5}", "threshold: 0}", "services[0].alarms.latency.threshold", "threshold: 0", "seconds above 0"},
		{"a day and a minute", "threshold: 1.5}", "threshold: 1.5, minutes: 1441}", "services[0].alarms.latency.minutes", "minutes: 1441", "1440"},
		{"errors of every request", "  emails: [oncall@example.com]\n", "  emails: [oncall@example.com]\n  services:\n    errors: {threshold: 100}\n", "", "", ""},
		{"errors past every request", "  emails: [oncall@example.com]\n", "  emails: [oncall@example.com]\n  services:\n    errors: {threshold: 100.5}\n", "alarms.services.errors.threshold", "threshold: 100.5", "a percentage of requests"},
		{"half a throttled event", "  emails: [oncall@example.com]\n", "  emails: [oncall@example.com]\n  tables:\n    throttles: {threshold: 0.5}\n", "alarms.tables.throttles.threshold", "threshold: 0.5", "events are counted in whole numbers"},
		{"not a number", "threshold: 1.5}", "threshold: soon}", "services[0].alarms.latency.threshold", "threshold: soon", "a number"},
		{"running tasks without Container Insights", "      latency: {threshold: 1.5}\n", "      latency: {threshold: 1.5}\n      runningTasks: {threshold: 2}\ncluster: {insights: disabled}\n", "services[0].alarms.runningTasks", "runningTasks", "published by Container Insights"},
	})
}

// TestAlarmsOf: which alarms a service has follows what publishes their
// metrics; settings come from the service, then alarms.services, then the
// defaults.
func TestAlarmsOf(t *testing.T) {
	data, err := os.ReadFile("../golden/blue-green-nlb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read("bp.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, a := range res.AlarmsOf(&res.Services[0]) {
		kinds = append(kinds, a.Kind)
	}
	// Behind the NLB: no HTTP errors or response time to watch.
	if want := []string{AlarmRunningTasks, AlarmCPU, AlarmMemory, AlarmUnhealthyTargets}; !slices.Equal(kinds, want) {
		t.Errorf("NLB service alarms %v, want %v", kinds, want)
	}

	src := string(data) + "alarms:\n  services:\n    cpu: {threshold: 80, minutes: 20}\n    memory: {off: true}\n"
	b, err = Read("bp.yaml", []byte(src+"cluster: {insights: disabled}\n"))
	if err != nil {
		t.Fatal(err)
	}
	res, _ = Resolve(b)
	got := map[string]ServiceAlarm{}
	for _, a := range res.AlarmsOf(&res.Services[0]) {
		got[a.Kind] = a
	}
	if _, ok := got[AlarmRunningTasks]; ok {
		t.Error("a running-tasks alarm without Container Insights")
	}
	if _, ok := got[AlarmMemory]; ok {
		t.Error("memory alarm turned off in alarms.services, still there")
	}
	if c := got[AlarmCPU]; c.Threshold != 80 || c.Minutes != 20 || c.Deployment {
		t.Errorf("cpu alarm %+v, want 80%% for 20 minutes, not rolling back deployments", c)
	}
	if u := got[AlarmUnhealthyTargets]; !u.Deployment || u.Threshold != 1 || u.Minutes != 3 {
		t.Errorf("unhealthy targets alarm %+v, want the default, rolling back deployments", u)
	}
	if !res.HasAlarms() || !res.CreatesAlarmTopic() {
		t.Error("no topic for the alarms")
	}
	b, _ = Read("bp.yaml", []byte(string(data)+"alarms: {off: true}\n"))
	res, _ = Resolve(b)
	if res.HasAlarms() || len(res.AlarmsOf(&res.Services[0])) > 0 {
		t.Error("alarms: {off: true} left alarms")
	}
}

// TestScaledToZero: a service with count: 0 has no running-tasks alarm (no
// task to miss), and its Blueprint stays valid once defaults are applied:
// the desired count, 0, is no threshold.
func TestScaledToZero(t *testing.T) {
	data, err := os.ReadFile("../golden/blue-green-nlb/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read("bp.yaml", []byte(strings.Replace(string(data), "    count: 1\n", "    count: 0\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if *b.Services[0].Count != 0 {
		t.Fatal("the Blueprint has no service of count 0")
	}
	if err := b.WithDefaults().Validate(); err != nil {
		t.Fatalf("invalid once defaults are applied: %v", err)
	}
	res, err := Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.AlarmsOf(&res.Services[0]) {
		if a.Kind == AlarmRunningTasks {
			t.Errorf("a running-tasks alarm for a service of no task: %+v", a)
		}
	}
}

// TestQueueAlarms: a service with a queue has the dead-letter and queue
// age alarms beside a service's, with their defaults and its own
// settings; a scheduled one with a queue has the dead-letter alarm alone
// (its messages wait for the next run by design); a service
// without a queue has neither; and the thresholds are checked as SQS
// counts them.
func TestQueueAlarms(t *testing.T) {
	src := `name: a
topics: [{name: t}]
services:
  - name: worker
    cpu: 256
    memory: 512
    queue: {subscribe: [{topic: t}], tries: 4}
    alarms: {queueAge: {threshold: 60, minutes: 2}}
    containers: [{name: app, image: {uri: "nginx:1.27"}, environment: {Q: "${queue.url}", T: "${topics.t.arn}"}}]
  - name: nightly
    cpu: 256
    memory: 512
    schedule: {expression: rate(1 day)}
    queue: {subscribe: [{topic: t}]}
    containers: [{name: app, image: {uri: "nginx:1.27"}, environment: {Q: "${queue.url}"}}]
  - name: plain
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1.27"}}]
`
	b, err := Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	kinds := func(s *Service) (list []string, settings map[string]ServiceAlarm) {
		settings = map[string]ServiceAlarm{}
		for _, a := range res.AlarmsOf(s) {
			list = append(list, a.Kind)
			settings[a.Kind] = a
		}
		return list, settings
	}
	got, settings := kinds(&res.Services[0])
	if want := []string{AlarmRunningTasks, AlarmCPU, AlarmMemory, AlarmDeadLetters, AlarmQueueAge}; !slices.Equal(got, want) {
		t.Errorf("worker's alarms %v, want %v", got, want)
	}
	if a := settings[AlarmDeadLetters]; a.Threshold != 1 || a.Minutes != 1 || a.Deployment {
		t.Errorf("dead letters: %+v", a)
	}
	if a := settings[AlarmQueueAge]; a.Threshold != 60 || a.Minutes != 2 || a.Deployment {
		t.Errorf("queue age: %+v", a)
	}
	if got, _ := kinds(&res.Services[1]); !slices.Equal(got, []string{AlarmDeadLetters}) {
		t.Errorf("the scheduled worker's alarms %v", got)
	}
	if got, _ := kinds(&res.Services[2]); slices.Contains(got, AlarmDeadLetters) || slices.Contains(got, AlarmQueueAge) {
		t.Errorf("a service without a queue has %v", got)
	}
	for _, c := range []struct{ alarm, message string }{
		{"deadLetters: {threshold: 0.5}", "0.5 messages is not a threshold: messages are counted in whole numbers (use a whole number of messages, at least 1)"},
		{"queueAge: {threshold: 1209601}", "1209601 s is not a threshold: no message waits longer than SQS keeps it, 14 days (use seconds above 0 and at most 1209600, e.g. 900)"},
	} {
		_, err := Read("bp.yaml", []byte(strings.Replace(src, "{queueAge: {threshold: 60, minutes: 2}}", "{"+c.alarm+"}", 1)))
		if err == nil || !strings.Contains(err.Error(), c.message) {
			t.Errorf("%s: %v, want %q", c.alarm, err, c.message)
		}
	}
}
