package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation/cloudwatch"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// dashboardID is the stack's CloudWatch dashboard.
const dashboardID = "Dashboard"

// rowServices is the most services the dashboard draws a row each for;
// past it, one row of widgets shows every service at once (CloudWatch's
// SEARCH), which keeps a dashboard within its 500 widgets and the template
// small.
const rowServices = 20

// rowVolumes is the most volumes the dashboard draws a row for (four
// widgets each): past it, none, so that services and volumes together stay
// within the 500 widgets.
const rowVolumes = 10

// rowTables is the most tables the dashboard draws a row for (three
// widgets each), past which none, for the same reason.
const rowTables = 10

// The dashboard body, as CloudWatch's dashboard body structure writes it:
// typed here so that every body is valid JSON, written in one order.
type dashboardBody struct {
	Start          string   `json:"start"`
	PeriodOverride string   `json:"periodOverride"`
	Widgets        []widget `json:"widgets,omitempty"`
}

type widget struct {
	Type       string           `json:"type"`
	X          int              `json:"x"`
	Y          int              `json:"y"`
	Width      int              `json:"width"`
	Height     int              `json:"height"`
	Properties widgetProperties `json:"properties"`
}

type widgetProperties struct {
	Markdown string  `json:"markdown,omitempty"`
	Title    string  `json:"title,omitempty"`
	Region   string  `json:"region,omitempty"`
	View     string  `json:"view,omitempty"`
	Stat     string  `json:"stat,omitempty"`
	Period   int     `json:"period,omitempty"`
	Metrics  [][]any `json:"metrics,omitempty"`
}

// metricOptions are a metric's rendering options, the last item of its
// array.
type metricOptions struct {
	Expression string `json:"expression,omitempty"`
	ID         string `json:"id,omitempty"`
	Label      string `json:"label,omitempty"`
	Stat       string `json:"stat,omitempty"`
	Region     string `json:"region,omitempty"`
}

// region is the stack's Region, which Fn::Sub writes into the body.
const region = "${AWS::Region}"

// dashboardWidth is CloudWatch's grid width.
const dashboardWidth = 24

// board lays widgets out in rows of the grid.
type board struct {
	widgets []widget
	y       int
}

// text adds a line of markdown across the board.
func (b *board) text(markdown string) {
	b.widgets = append(b.widgets, widget{Type: "text", X: 0, Y: b.y, Width: dashboardWidth, Height: 1, Properties: widgetProperties{Markdown: markdown}})
	b.y++
}

// row adds graphs side by side, each as wide as the row allows.
func (b *board) row(graphs ...widgetProperties) {
	width := dashboardWidth / len(graphs)
	for i, g := range graphs {
		if g.Region == "" {
			g.Region = region
		}
		g.View, g.Period = "timeSeries", 60
		b.widgets = append(b.widgets, widget{Type: "metric", X: i * width, Y: b.y, Width: width, Height: 6, Properties: g})
	}
	b.y += 6
}

// sub is a ${...} placeholder for Fn::Sub: a resource's Ref or attribute.
func sub(resource string, attribute ...string) string {
	if len(attribute) == 0 {
		return "${" + resource + "}"
	}
	return "${" + resource + "." + attribute[0] + "}"
}

// dashboard creates the stack's dashboard, following the request path:
// CloudFront, the API, the load balancers, then each service's traffic,
// errors, latency, CPU, memory and running tasks. CloudWatch keeps
// dashboards per account, not per Region: the name carries both.
func (r *builder) dashboard() {
	bp := r.bp
	if bp.Alarms.Off || !*bp.Alarms.Dashboard || len(bp.Services) == 0 {
		return
	}
	b := &board{}
	b.text(fmt.Sprintf("# %s\nWritten by ecsgate from Blueprint %s: change the Blueprint, not this dashboard, which the next deploy writes again.", bp.Name, bp.Name))
	if bp.CDN != nil {
		cdn := []any{"Global", "Region", "DistributionId", sub(blueprint.CDNID)}
		b.text("## CloudFront (its metrics are in us-east-1)")
		b.row(
			widgetProperties{Title: "Requests", Region: "us-east-1", Stat: "Sum", Metrics: [][]any{append([]any{namespaceCloudFont, "Requests"}, cdn...)}},
			widgetProperties{Title: "5xx error rate (%)", Region: "us-east-1", Stat: "Average", Metrics: [][]any{append([]any{namespaceCloudFont, "5xxErrorRate"}, cdn...)}},
		)
	}
	if a := bp.API; a != nil {
		api := []any{"ApiName", a.Name, "Stage", a.Stage}
		b.text("## API Gateway, stage " + a.Stage)
		b.row(
			widgetProperties{Title: "Requests", Stat: "Sum", Metrics: [][]any{append([]any{namespaceAPI, "Count"}, api...)}},
			widgetProperties{Title: "Errors", Stat: "Sum", Metrics: [][]any{append([]any{namespaceAPI, "5XXError"}, api...), append([]any{namespaceAPI, "4XXError"}, api...)}},
			widgetProperties{Title: "Latency p99 (ms)", Stat: "p99", Metrics: [][]any{append([]any{namespaceAPI, "Latency"}, api...), append([]any{namespaceAPI, "IntegrationLatency"}, api...)}},
		)
	}
	for _, lb := range bp.ApplicationLoadBalancers() {
		if len(bp.AttachedTo(lb)) == 0 {
			continue
		}
		dims := []any{"LoadBalancer", sub(lb.LogicalID(""), "LoadBalancerFullName")}
		b.text("## " + albTitle(lb))
		b.row(
			widgetProperties{Title: "Requests", Stat: "Sum", Metrics: [][]any{append([]any{namespaceALB, "RequestCount"}, dims...)}},
			widgetProperties{Title: "The ALB's own 5xx", Stat: "Sum", Metrics: [][]any{append([]any{namespaceALB, "HTTPCode_ELB_5XX_Count"}, dims...), append([]any{namespaceALB, "RejectedConnectionCount"}, dims...)}},
		)
	}
	if bp.Ingress.NLB != nil {
		dims := []any{"LoadBalancer", sub(blueprint.NLBID, "LoadBalancerFullName")}
		b.text("## Internal NLB")
		b.row(
			widgetProperties{Title: "New connections", Stat: "Sum", Metrics: [][]any{append([]any{namespaceNLB, "NewFlowCount"}, dims...)}},
			widgetProperties{Title: "Resets by the NLB", Stat: "Sum", Metrics: [][]any{append([]any{namespaceNLB, "TCP_ELB_Reset_Count"}, dims...)}},
		)
	}
	if len(bp.Services) <= rowServices {
		for i := range bp.Services {
			if s := &bp.Services[i]; s.Scheduled() {
				r.scheduledRow(b, s)
			} else {
				r.serviceRow(b, s)
			}
			if s := &bp.Services[i]; s.Queue != nil {
				queueRow(b, s)
			}
		}
	} else {
		r.fleetRow(b)
	}
	if len(bp.Volumes) <= rowVolumes {
		for i := range bp.Volumes {
			volumeRow(b, &bp.Volumes[i])
		}
	}
	if len(bp.Tables) <= rowTables {
		for i := range bp.Tables {
			tableRow(b, &bp.Tables[i])
		}
	}
	body, err := dashboardJSON(dashboardBody{Start: "-PT3H", PeriodOverride: "inherit", Widgets: b.widgets})
	if err != nil {
		r.errs = append(r.errs, "dashboard: "+err.Error())
		return
	}
	r.at("alarms.dashboard", func() {
		r.add(dashboardID, &cloudwatch.Dashboard{
			DashboardName: intrinsic.SubPtr("${AWS::StackName}-${AWS::Region}"),
			DashboardBody: intrinsic.Sub(body),
		})
	})
	r.output("DashboardName", "Name of the stack's CloudWatch dashboard.", intrinsic.Ref(dashboardID))
}

// dashboardJSON writes the body with a widget on each line: a reader of the
// template finds each widget, and the body stays about as small as compact
// JSON (a template of at most 51,200 bytes deploys without a bucket).
func dashboardJSON(d dashboardBody) (string, error) {
	compact := func(v any) (string, error) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(v)
		return string(bytes.TrimSpace(buf.Bytes())), err
	}
	widgets := d.Widgets
	d.Widgets = nil
	head, err := compact(d)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(head, "}"))
	b.WriteString(`,"widgets":[`)
	for i, w := range widgets {
		line, err := compact(w)
		if err != nil {
			return "", err
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n")
		b.WriteString(line)
	}
	b.WriteString("\n]}")
	return b.String(), nil
}

// albTitle names an ALB on the dashboard.
func albTitle(lb blueprint.LoadBalancer) string {
	if lb.ID == "" {
		return "ALB (" + lb.ALB.Scheme + ")"
	}
	return "ALB " + lb.ID + " (" + lb.ALB.Scheme + ")"
}

// scheduledRow draws a scheduled service: when it runs, and its failed
// runs, which its rule counts (AWS/Events TriggeredRules). ECS publishes
// its per-service metrics for ECS services only.
func (r *builder) scheduledRow(b *board, s *blueprint.Service) {
	when := s.Schedule.When()
	b.text("## Scheduled service " + s.Name + " (" + when + ")")
	if !r.bp.NotifiesFailedRuns(s) {
		return
	}
	rule := []any{"RuleName", sub(s.LogicalID("FailedRunRule"))}
	b.row(widgetProperties{Title: "Failed runs", Stat: "Sum", Metrics: [][]any{append([]any{namespaceEvents, "TriggeredRules"}, rule...)}})
}

// queueRow draws a service's queue under its row: the messages waiting
// and in flight, the age of the oldest, and the dead-letter queue's.
func queueRow(b *board, s *blueprint.Service) {
	queue := []any{"QueueName", sub(s.QueueID(), "QueueName")}
	dead := []any{"QueueName", sub(s.DeadLetterQueueID(), "QueueName")}
	b.row(
		widgetProperties{Title: "Queue: messages waiting and in flight", Stat: "Maximum", Metrics: [][]any{
			append([]any{namespaceSQS, "ApproximateNumberOfMessagesVisible"}, queue...), append([]any{namespaceSQS, "ApproximateNumberOfMessagesNotVisible"}, queue...),
		}},
		widgetProperties{Title: "Queue: oldest message (s)", Stat: "Maximum", Metrics: [][]any{append([]any{namespaceSQS, "ApproximateAgeOfOldestMessage"}, queue...)}},
		widgetProperties{Title: "Dead-letter queue: messages", Stat: "Maximum", Metrics: [][]any{append([]any{namespaceSQS, "ApproximateNumberOfMessagesVisible"}, dead...)}},
	)
}

// volumeRow draws a volume: what it stores, the tasks connected to it, and
// what they read and write (AWS/EFS, by FileSystemId; StorageBytes also by
// storage class, Total for all of them).
func volumeRow(b *board, v *blueprint.Volume) {
	id := sub(v.FileSystemID())
	if v.Existing != nil {
		id = v.Existing.ID
	}
	fs := []any{"FileSystemId", id}
	b.text("## Volume " + v.Name)
	b.row(
		widgetProperties{Title: "Stored (bytes)", Stat: "Average", Metrics: [][]any{append([]any{namespaceEFS, "StorageBytes"}, append(fs, "StorageClass", "Total")...)}},
		widgetProperties{Title: "Clients connected", Stat: "Sum", Metrics: [][]any{append([]any{namespaceEFS, "ClientConnections"}, fs...)}},
		widgetProperties{Title: "Read and written (bytes)", Stat: "Sum", Metrics: [][]any{append([]any{namespaceEFS, "DataReadIOBytes"}, fs...), append([]any{namespaceEFS, "DataWriteIOBytes"}, fs...)}},
	)
}

// tableRow draws a table: the read and write units it consumes, which an
// on-demand table is billed by, and the reads and writes DynamoDB
// throttles, which its throttles alarm watches (AWS/DynamoDB, by
// TableName).
func tableRow(b *board, t *blueprint.Table) {
	table := []any{"TableName", t.SubName()}
	b.text("## Table " + t.Name)
	b.row(
		widgetProperties{Title: "Read and write units consumed", Stat: "Sum", Metrics: [][]any{append([]any{namespaceDynamoDB, "ConsumedReadCapacityUnits"}, table...), append([]any{namespaceDynamoDB, "ConsumedWriteCapacityUnits"}, table...)}},
		widgetProperties{Title: "Throttled reads and writes", Stat: "Sum", Metrics: [][]any{append([]any{namespaceDynamoDB, "ReadThrottleEvents"}, table...), append([]any{namespaceDynamoDB, "WriteThrottleEvents"}, table...)}},
	)
}

// serviceRow draws a service: its traffic and errors and latency at its
// load balancer, in each of its target groups, then its CPU, memory and
// running tasks.
func (r *builder) serviceRow(b *board, s *blueprint.Service) {
	cluster := []any{"ClusterName", sub(blueprint.ClusterID), "ServiceName", s.Name}
	title := "## Service " + s.Name
	if d := s.Deployment; d.ShiftsTraffic() {
		title += " (" + d.Summary() + ")"
	}
	b.text(title)
	var graphs []widgetProperties
	if groups := r.targetGroups(s); len(groups) > 0 {
		var traffic, health, latency [][]any
		for _, g := range groups {
			dims := []any{"TargetGroup", sub(g.id, "TargetGroupFullName"), "LoadBalancer", sub(g.loadBalancer, "LoadBalancerFullName")}
			health = append(health, append([]any{g.namespace, "HealthyHostCount"}, dims...), append([]any{g.namespace, "UnHealthyHostCount"}, dims...))
			if g.namespace == namespaceALB {
				traffic = append(traffic, append([]any{g.namespace, "RequestCount"}, dims...), append([]any{g.namespace, "HTTPCode_Target_5XX_Count"}, dims...))
				latency = append(latency, append([]any{g.namespace, "TargetResponseTime"}, dims...))
			}
		}
		if len(traffic) > 0 {
			graphs = append(graphs,
				widgetProperties{Title: "Requests and 5xx", Stat: "Sum", Metrics: traffic},
				widgetProperties{Title: "Response time p99 (s)", Stat: "p99", Metrics: latency})
		}
		graphs = append(graphs, widgetProperties{Title: "Targets", Stat: "Maximum", Metrics: health})
	}
	graphs = append(graphs, widgetProperties{Title: "CPU and memory (%)", Stat: "Average", Metrics: [][]any{
		append([]any{namespaceECS, "CPUUtilization"}, cluster...), append([]any{namespaceECS, "MemoryUtilization"}, cluster...),
	}})
	if r.bp.Cluster.Insights != blueprint.InsightsDisabled {
		graphs = append(graphs, widgetProperties{Title: "Running tasks", Stat: "Minimum", Metrics: [][]any{append([]any{namespaceInsights, "RunningTaskCount"}, cluster...)}})
	}
	b.row(graphs...)
}

// fleetRow draws every service at once, each a line of CloudWatch's SEARCH
// over the cluster: for applications too large for a row each.
func (r *builder) fleetRow(b *board) {
	search := func(id, namespace, dims, name, stat string) []any {
		expr := fmt.Sprintf("SEARCH('{%s,%s} MetricName=\"%s\" ClusterName=\"%s\"', '%s', 60)", namespace, dims, name, sub(blueprint.ClusterID), stat)
		return []any{metricOptions{Expression: expr, ID: id}}
	}
	b.text(fmt.Sprintf("## Services (%d, one line each)", len(r.bp.Services)))
	graphs := []widgetProperties{
		{Title: "CPU (%)", Metrics: [][]any{search("cpu", namespaceECS, "ClusterName,ServiceName", "CPUUtilization", "Average")}},
		{Title: "Memory (%)", Metrics: [][]any{search("memory", namespaceECS, "ClusterName,ServiceName", "MemoryUtilization", "Average")}},
	}
	if r.bp.Cluster.Insights != blueprint.InsightsDisabled {
		graphs = append(graphs, widgetProperties{Title: "Running tasks", Metrics: [][]any{search("tasks", namespaceInsights, "ClusterName,ServiceName", "RunningTaskCount", "Minimum")}})
	}
	b.row(graphs...)
}
