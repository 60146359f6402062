package ecsgate_test

import (
	"strings"
	"testing"
)

// scheduledService is a Blueprint whose one service, job, runs on a
// schedule; extra adds fields to the service, then top-level ones.
func scheduledService(schedule, extra string) string {
	return "name: a\nservices:\n  - name: job\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n    schedule: " + schedule + "\n" + extra
}

// TestScheduleMessages: a scheduled service's rules, each with its exact
// text and position: the expression and time zone as EventBridge
// Scheduler reads them, the tasks one run starts, and each field of a
// long-running service said once, where it was written.
func TestScheduleMessages(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a valid schedule, paused, in its time zone", scheduledService("{expression: \"cron(0 3 * * ? *)\", timezone: Europe/Paris, paused: true}", "    count: 10\n    spot: {}\n    exec: true\n"), nil},
		{"a timeout and retries, on Fargate Spot with ECS Exec", scheduledService("{expression: rate(1 hour), timeout: 1200, retries: 2}", "    spot: {}\n    exec: true\n"), nil},
		{"a timeout and retries out of bounds", scheduledService("{expression: rate(1 hour), timeout: 30, retries: 11}", ""),
			[]string{
				`bp.yaml:7:51: services[0].schedule.timeout: 30 seconds is out of range (use a value from 60 to 31536000)`,
				`bp.yaml:7:64: services[0].schedule.retries: 11 retries is out of range (use a value from 1 to 10)`,
			}},
		{"a timeout longer than the time between runs", scheduledService("{expression: rate(30 minutes), timeout: 3600}", ""),
			[]string{`bp.yaml:7:55: warning: services[0].schedule.timeout: a run may last 3600 seconds, and the schedule starts one every 1800: two runs of service "job" can overlap (keep timeout at most 1800, the seconds between runs, or run less often)`}},
		{"a timeout as long as the time between runs, and one on a cron", scheduledService("{expression: rate(1 hour), timeout: 3600}", "  - name: job2\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n    schedule: {expression: \"cron(0 * * * ? *)\", timeout: 7200}\n"), nil},
		{"a timeout on a run of several tasks", scheduledService("{expression: rate(1 hour), timeout: 600}", "    count: 2\n"),
			[]string{`bp.yaml:7:51: services[0].schedule.timeout: a schedule with timeout or retries starts one task a run, which Step Functions watches, and the service's count is 2 (write count: 1, or split the job into services with schedules of their own)`}},
		{"retries on a run of several tasks", scheduledService("{expression: rate(1 hour), retries: 1}", "    count: 3\n"),
			[]string{`bp.yaml:7:51: services[0].schedule.retries: a schedule with timeout or retries starts one task a run, which Step Functions watches, and the service's count is 3 (write count: 1, or split the job into services with schedules of their own)`}},
		{"a crontab line", scheduledService("{expression: 0 3 * * 1-5}", ""),
			[]string{`bp.yaml:7:28: services[0].schedule.expression: "0 3 * * 1-5" is a crontab line; EventBridge Scheduler reads cron(minutes hours day-of-month month day-of-week year) (write cron(0 3 ? * 2-6 *))`}},
		{"a cron with ? inside braces, unquoted", scheduledService("{expression: cron(0 9 ? * MON-FRI *)}", ""),
			[]string{`bp.yaml:7:28: is not valid YAML: inside { } or [ ], YAML reads a ? and a space as the start of a key, not as part of the value (did not find expected alphabetic or numeric character) (write the value in quotes: "cron(0 9 ? * MON-FRI *)")`}},
		{"a schedule written as cron, Copilot and EventBridge write it", "name: a\njobs: []\nservices:\n  - name: job\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n    cron: 0 3 * * *\n    timeout: 1h\n  - name: j2\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n    on: {schedule: \"@every 2h\"}\n  - name: j3\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n    schedule: \"cron(0 3 * * ? *)\"\n  - name: j4\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}}]\n    schedule: {cron: \"0 4 * * *\", tz: Europe/Paris, enabled: false}\n",
			[]string{
				`bp.yaml:2:1: jobs: unknown field "jobs" (a job is a service that runs on a schedule: write it in services, with schedule: {expression: "cron(0 3 * * ? *)"} (see https://github.com/ecsgate/ecsgate/blob/main/docs/operating.md#scheduled-tasks))`,
				`bp.yaml:8:5: services[0].cron: unknown field "cron" (a service runs on a schedule with schedule: write schedule: {expression: "cron(0 3 * * ? *)"})`,
				`bp.yaml:9:5: services[0].timeout: unknown field "timeout" (write it under schedule, in seconds: schedule: {timeout: 3600} stops a run's task after an hour)`,
				`bp.yaml:14:5: services[1].on: unknown field "on" (a service runs on a schedule with schedule: write schedule: {expression: "rate(2 hours)"})`,
				`bp.yaml:19:15: services[2].schedule: must be a mapping of fields, not "cron(0 3 * * ? *)" (write {expression: "cron(0 3 * * ? *)"}, with timezone: for cron in another time zone than UTC)`,
				`bp.yaml:24:16: services[3].schedule.cron: unknown field "cron" (cron is expression in a Blueprint: write expression: "cron(0 4 * * ? *)")`,
				`bp.yaml:24:35: services[3].schedule.tz: unknown field "tz" (tz is timezone in a Blueprint: write timezone: Europe/Paris)`,
				`bp.yaml:24:53: services[3].schedule.enabled: unknown field "enabled" (write paused: true: the schedule stays and starts no task)`,
			}},
		{"no expression", scheduledService("{timezone: UTC}", ""),
			[]string{`bp.yaml:7:15: services[0].schedule.expression: is required (write when the tasks start, e.g. expression: cron(0 3 * * ? *) for 03:00 every day, or rate(1 hour))`}},
		{"a time zone misspelt", scheduledService("{expression: rate(1 hour), timezone: Europe/Pariss}", ""),
			[]string{`bp.yaml:7:52: services[0].schedule.timezone: "Europe/Pariss" is not a time zone EventBridge Scheduler knows (write an IANA time zone name, e.g. Europe/Paris or America/New_York, or leave timezone out for UTC)`}},
		{"more tasks than RunTask starts", scheduledService("{expression: rate(1 hour)}", "    count: 11\n"),
			[]string{`bp.yaml:8:12: services[0].count: a run of the schedule needs 11 tasks; AWS allows 10 tasks launched per RunTask, one run of a schedule (1 too many) (start fewer tasks that each do more, or split the job into services with schedules of their own; AWS does not raise this limit)`}},
		{"no task", scheduledService("{expression: rate(1 hour)}", "    count: 0\n"),
			[]string{`bp.yaml:8:12: services[0].count: 0 tasks: a scheduled run starts at least one (use a value of 1 or more, or leave count out for 1 (paused: true starts none))`}},
		{"the fields of a long-running service", scheduledService("{expression: rate(1 hour)}", "    autoscaling: {min: 1, max: 4, cpu: 60}\n    deployment: {minPercent: 0}\n    alarms: {cpu: {threshold: 80}}\n"),
			[]string{
				`bp.yaml:8:18: services[0].autoscaling: a scheduled service is not scaled: each run starts count tasks (remove autoscaling; count says how many tasks each run starts)`,
				`bp.yaml:9:17: services[0].deployment: a scheduled service has no deployments: each run starts the task definition the last deploy wrote (remove deployment)`,
				`bp.yaml:10:13: services[0].alarms: a scheduled service has none of a service's alarms (running tasks, CPU, memory, its targets): there is no ECS service to measure (remove alarms)`,
			}},
		{"behind a load balancer", strings.Replace(scheduledService("{expression: rate(1 hour)}", "    alb: {paths: [\"/*\"]}\n"), "services:", "ingress: {alb: {}}\nservices:", 1),
			[]string{`bp.yaml:9:10: services[0].alb: a scheduled service takes no requests: its tasks start at set times and run to their end (remove alb, or remove schedule to run the service behind the load balancer)`}},
		{"a route and an ALB's default that send requests to it", strings.Replace(scheduledService("{expression: rate(1 hour)}", "api:\n  routes: [{method: GET, path: /a, service: job}]\n"), "services:", "ingress: {nlb: {}, alb: {default: job}}\nservices:", 1),
			[]string{
				`bp.yaml:2:16: ingress.nlb: no service is attached to the NLB (add nlb: {} to the service that should receive its traffic, or remove ingress.nlb)`,
				`bp.yaml:2:25: ingress.alb: no service is attached to the ALB (add alb: {paths: [/*]} to the service that should receive its traffic, or remove ingress.alb)`,
				`bp.yaml:2:35: ingress.alb.default: service "job" runs on a schedule and takes no requests (name a service that serves requests, or remove schedule from service job)`,
				`bp.yaml:10:45: api.routes[0].service: service "job" runs on a schedule and takes no requests (name a service that serves requests, or remove schedule from service job)`,
			}},
		{"deployed by CodePipeline's ECS action", strings.Replace(scheduledService("{expression: rate(1 hour)}", "pipeline:\n  deploy: ecs\n  source: {connection: \"arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d\", repository: shop/app}\n  builds: [{service: job, container: app, dockerfile: Dockerfile}]\n"), "{uri: \"nginx:1.27\"}", "{repository: a/app, tag: \"1.0\"}", 1),
			[]string{`bp.yaml:11:22: pipeline.builds[0].service: service "job" runs on a schedule, with no ECS service for deploy: ecs to update (write pipeline.deploy: cloudformation: the stack update points the schedule at the new image)`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsAndWarningsOf(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
