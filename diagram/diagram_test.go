package diagram

import (
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
)

// TestRequestPath: each hop of the request path is drawn, security groups
// on the edges they cross, and the secrets and egress of each service.
func TestRequestPath(t *testing.T) {
	for _, c := range []struct {
		golden string
		want   []string
	}{
		{"private-api-alb", []string{
			`clients -->|HTTPS| cdn`, `cdn -->|HTTPS| api`, `route1["POST /orders<br/>Cognito: customers"]`,
			`api -.->|verifies tokens| pool_customers`, `link -->|"SG link → SG alb :443"| alb`,
			`alb -->|"/catalog/* · priority 120<br/>SG alb → SG catalog :8080"| svc_catalog`, `endpoints["VPC endpoints`,
		}},
		{"private-api-v1", []string{`link["VPC link V1<br/>PrivateLink to the NLB"]`, `link -->|"PrivateLink"| nlb`, `nlb -->|"TLS :443<br/>SG nlb → SG api :80"| svc_api`, `ctr_api_nginx["container nginx :80"]`}},
		{"ssm-secrets", []string{`-.->|reads at start|`, `[("SSM parameter `}},
		{"public-alb", []string{`clients -->|"HTTPS from 0.0.0.0/0"| alb`, `nat["NAT gateway<br/>to the internet"]`}},
	} {
		loaded, err := blueprint.Load("../golden/" + c.golden + "/blueprint.yaml")
		b, got := drawn(t, loaded, err)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %s in\n%s", c.golden, w, got)
			}
		}
		if again := Mermaid(b); again != got {
			t.Errorf("%s: two drawings differ", c.golden)
		}
	}
}

// TestLabels: quotes and angle brackets cannot end a label early.
func TestLabels(t *testing.T) {
	if got := label(`say "hi" <b>`, "x"); got != `"say #quot;hi#quot; #lt;b#gt;<br/>x"` {
		t.Errorf("got %s", got)
	}
}

// TestPlainHTTPEdge: an ALB without a certificate serves HTTP, and the
// clients' edge says so, as its listener does.
func TestPlainHTTPEdge(t *testing.T) {
	src := "name: a\ningress: {alb: {}}\nservices:\n  - {name: w, cpu: 256, memory: 512, alb: {paths: [\"/*\"]}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]}\n"
	loaded, err := blueprint.Read("bp.yaml", []byte(src))
	_, got := drawn(t, loaded, err)
	for _, want := range []string{`clients -->|"HTTP from 0.0.0.0/0"| alb`, `alb["ALB (internet-facing)<br/>HTTP :80"]`} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
}

// drawn resolves a Blueprint just loaded (or fails the test with the load's
// error) and returns it with its drawing.
func drawn(t *testing.T, loaded *blueprint.Blueprint, err error) (*blueprint.Resolved, string) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	b, err := blueprint.Resolve(loaded)
	if err != nil {
		t.Fatal(err)
	}
	return b, Mermaid(b)
}

// TestCallEdges: a service that names load balancers' addresses has an
// edge to each, with the security groups and ports it crosses; a load
// balancer the drawing has not met yet (one the API alone reaches) is
// declared before its edge.
func TestCallEdges(t *testing.T) {
	src := `name: a
ingress:
  albs: [{id: backend, scheme: internal}]
  nlb: {}
services:
  - {name: web, cpu: 256, memory: 512, nlb: {port: 8080}, containers: [{name: app, image: {uri: "nginx:1.27"}, port: 80, environment: {ORDERS: "http://${ingress.albs.backend.dnsName}", SELF: "${ingress.nlb.dnsName}:8080"}}]}
  - {name: orders, cpu: 256, memory: 512, alb: {loadBalancer: backend, paths: ["/*"]}, containers: [{name: app, image: {uri: "nginx:1.27"}, port: 8080}]}
`
	loaded, err := blueprint.Read("bp.yaml", []byte(src))
	_, got := drawn(t, loaded, err)
	for _, want := range []string{
		`svc_web -.->|"calls ingress.albs.backend.dnsName<br/>SG web → SG Backendalb :80"| Backendalb`,
		`svc_web -.->|"calls ingress.nlb.dnsName<br/>SG web → SG nlb :8080"| nlb`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
	if strings.Count(got, "\n  Backendalb[") != 1 || strings.Count(got, "\n  nlb[") != 1 {
		t.Errorf("a load balancer declared other than once:\n%s", got)
	}
	// Behind an API, the drawing follows the routes, which reach the NLB
	// only: the ALB is drawn, once and with its rule to orders, where web
	// calls it.
	loaded, err = blueprint.Read("bp.yaml", []byte(src+"api:\n  routes: [{method: GET, path: /, service: web}]\n"))
	_, got = drawn(t, loaded, err)
	want := "  Backendalb[\"ALB backend (internal)<br/>HTTP :80\"]\n" +
		"  Backendalb -->|\"/* · priority 100<br/>SG Backendalb → SG orders :8080\"| svc_orders\n" +
		"  svc_web -.->|\"calls ingress.albs.backend.dnsName<br/>SG web → SG Backendalb :80\"| Backendalb\n"
	if !strings.Contains(got, want) || strings.Count(got, "\n  Backendalb[") != 1 {
		t.Errorf("no %s, once, in\n%s", want, got)
	}
}

// TestSpotShare: a service on Fargate Spot says so after its count, all
// its tasks or those beyond its onDemand ones; a service without spot says
// nothing of it.
func TestSpotShare(t *testing.T) {
	src := `name: a
ingress: {nlb: {}}
services:
  - {name: web, cpu: 256, memory: 512, nlb: {port: 8080}, containers: [{name: app, image: {uri: "nginx:1.27"}, port: 80}]}
  - {name: jobs, cpu: 256, memory: 512, count: 2, spot: {}, nlb: {port: 8081}, containers: [{name: app, image: {uri: "nginx:1.27"}, port: 80}]}
  - {name: orders, cpu: 256, memory: 512, autoscaling: {min: 2, max: 6, cpu: 60}, spot: {onDemand: 2}, nlb: {port: 8082}, containers: [{name: app, image: {uri: "nginx:1.27"}, port: 80}]}
`
	loaded, err := blueprint.Read("bp.yaml", []byte(src))
	_, got := drawn(t, loaded, err)
	for _, want := range []string{
		`svc_web["service web<br/>tasks: 1<br/>256 CPU units, 512 MiB"]`,
		`svc_jobs["service jobs<br/>tasks: 2, on Fargate Spot<br/>256 CPU units, 512 MiB"]`,
		`svc_orders["service orders<br/>tasks: 2 to 6, on Fargate Spot beyond the first 2<br/>256 CPU units, 512 MiB"]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
}

// TestScheduledService: a scheduled service says so, with the tasks each
// run starts, and what starts them: its EventBridge Scheduler schedule,
// when it runs, in its time zone, and that it is paused.
func TestScheduledService(t *testing.T) {
	src := `name: a
services:
  - {name: nightly, cpu: 256, memory: 512, schedule: {expression: "cron(30 2 * * ? *)", timezone: Europe/Paris}, containers: [{name: job, image: {uri: "nginx:1.27"}}]}
  - {name: hourly, cpu: 256, memory: 512, count: 3, spot: {}, schedule: {expression: rate(1 hour), paused: true}, containers: [{name: job, image: {uri: "nginx:1.27"}}]}
`
	loaded, err := blueprint.Read("bp.yaml", []byte(src))
	_, got := drawn(t, loaded, err)
	for _, want := range []string{
		`svc_nightly["service nightly<br/>scheduled: 1 task each run<br/>256 CPU units, 512 MiB"]`,
		`schedule_nightly(["EventBridge Scheduler<br/>cron(30 2 * * ? *) in Europe/Paris"])`,
		`schedule_nightly -->|"RunTask"| svc_nightly`,
		`svc_hourly["service hourly<br/>scheduled: 3 tasks each run, on Fargate Spot<br/>256 CPU units, 512 MiB"]`,
		`schedule_hourly(["EventBridge Scheduler<br/>rate(1 hour)<br/>paused: starts no task"])`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
}

// TestQueues: each topic is drawn, with an edge from each service that
// publishes to it; each queue with the subscriptions that feed it (a
// filter said as its attributes and values, an operator as its JSON) and
// the service whose tasks receive from it.
func TestQueues(t *testing.T) {
	src := `name: a
topics: [{name: orders}, {name: refunds}]
services:
  - {name: api, cpu: 256, memory: 512, containers: [{name: app, image: {uri: "nginx:1.27"}, environment: {A: "${topics.orders.arn}", B: "${topics.refunds.arn}"}}]}
  - name: worker
    cpu: 256
    memory: 512
    queue: {subscribe: [{topic: orders, filter: {store: [eu, uk], total: [{numeric: [">", 100]}]}}, {topic: refunds}], tries: 3}
    containers: [{name: app, image: {uri: "nginx:1.27"}, environment: {Q: "${queue.url}"}}]
`
	loaded, err := blueprint.Read("bp.yaml", []byte(src))
	_, got := drawn(t, loaded, err)
	for _, want := range []string{
		`topic_orders{{"SNS topic orders"}}`,
		`svc_api -->|"publishes"| topic_orders`,
		`svc_api -->|"publishes"| topic_refunds`,
		`queue_worker[["SQS queue of worker<br/>dead-letter queue after 3 receives"]]`,
		`topic_orders -->|"subscription<br/>store: eu, uk; total: {#quot;numeric#quot;:[#quot;#gt;#quot;,100]}"| queue_worker`,
		`topic_refunds -->|"subscription"| queue_worker`,
		`queue_worker -->|"received by its tasks"| svc_worker`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
}

// TestQueueSenders: a service that names another's queue sends to it.
func TestQueueSenders(t *testing.T) {
	src := `name: a
services:
  - {name: api, cpu: 256, memory: 512, containers: [{name: app, image: {uri: "nginx:1.27"}, environment: {JOBS: "${services.worker.queue.url}"}}]}
  - {name: worker, cpu: 256, memory: 512, queue: {}, containers: [{name: app, image: {uri: "nginx:1.27"}, environment: {Q: "${queue.url}"}}]}
`
	loaded, err := blueprint.Read("bp.yaml", []byte(src))
	_, got := drawn(t, loaded, err)
	for _, want := range []string{`svc_api -->|"sends"| queue_worker`, `queue_worker -->|"received by its tasks"| svc_worker`} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
}

// TestVolumes: each volume is drawn, with the services that mount it,
// reading only or writing too; an existing file system says which.
func TestVolumes(t *testing.T) {
	src := `name: a
volumes: [{name: uploads}]
services:
  - {name: cms, cpu: 256, memory: 512, containers: [{name: app, image: {uri: "nginx:1.27"}, mounts: [{volume: uploads, path: /srv}]}, {name: side, essential: false, image: {uri: "nginx:1.27"}, mounts: [{volume: uploads, path: /ro, readOnly: true}]}]}
  - {name: media, cpu: 256, memory: 512, containers: [{name: app, image: {uri: "nginx:1.27"}, mounts: [{volume: uploads, path: /srv, readOnly: true}]}]}
`
	loaded, err := blueprint.Read("bp.yaml", []byte(src))
	_, got := drawn(t, loaded, err)
	for _, want := range []string{
		`volume_uploads[("EFS volume uploads<br/>backed up daily, kept after the stack")]`,
		`svc_cms -->|"reads and writes"| volume_uploads`,
		`svc_media -->|"reads"| volume_uploads`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
	existing := strings.Replace(strings.Replace(src, "volumes: [{name: uploads}]", "volumes: [{name: uploads, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0, directory: /cms}}]", 1),
		"name: a\n", "name: a\nnetwork: {existing: {id: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, privateSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]}}\n", 1)
	loaded, err = blueprint.Read("bp.yaml", []byte(existing))
	_, got = drawn(t, loaded, err)
	for _, want := range []string{
		`volume_uploads[("EFS volume uploads<br/>existing file system fs-0123456789abcdef0, /cms")]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in\n%s", want, got)
		}
	}
}
