package render

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/cloudwatch"

	"github.com/ecsgate/ecsgate/blueprint"
)

// dashboardOf returns the dashboard's body as JSON, its Fn::Sub variables
// replaced by their names.
func dashboardOf(t *testing.T, b *blueprint.Blueprint) (name string, body dashboardBody) {
	t.Helper()
	d := mustTemplate(t, b).Resources[dashboardID].(*cloudwatch.Dashboard)
	var sub map[string]string
	if err := json.Unmarshal([]byte(decode(d.DashboardBody)), &sub); err != nil {
		t.Fatalf("body is no Fn::Sub: %v", err)
	}
	text := regexp.MustCompile(`\$\{[^}]+\}`).ReplaceAllString(sub["Fn::Sub"], "X")
	if err := json.Unmarshal([]byte(text), &body); err != nil {
		t.Fatalf("the body is not JSON: %v\n%s", err, text)
	}
	return decode(*d.DashboardName), body
}

// TestDashboard: one dashboard, named for the stack and its Region, that
// draws each service in a row of its own.
func TestDashboard(t *testing.T) {
	name, body := dashboardOf(t, nlbBlueprint())
	if !strings.Contains(name, "${AWS::StackName}-${AWS::Region}") {
		t.Errorf("dashboard name %s: dashboards are per account, not per Region", name)
	}
	titles := map[string]bool{}
	for _, w := range body.Widgets {
		titles[w.Properties.Markdown+w.Properties.Title] = true
		if w.X+w.Width > dashboardWidth {
			t.Errorf("widget %q past the grid", w.Properties.Title)
		}
	}
	for _, want := range []string{"## Internal NLB", "## Service web", "CPU and memory (%)", "Running tasks", "Targets"} {
		if !titles[want] {
			t.Errorf("no widget %q in %v", want, titles)
		}
	}
}

// TestDashboardOfManyServices: past 20 services, one row shows them all,
// within CloudWatch's 500 widgets.
func TestDashboardOfManyServices(t *testing.T) {
	b := nlbBlueprint()
	b.Stacks = blueprint.StacksNested
	for i := range 40 {
		s := b.Services[0]
		s.Name = fmt.Sprintf("svc-%02d", i)
		s.NLB = &blueprint.ServiceNLB{Port: 8100 + i}
		b.Services = append(b.Services, s)
	}
	_, body := dashboardOf(t, b)
	if len(body.Widgets) > 20 {
		t.Errorf("%d widgets for 41 services", len(body.Widgets))
	}
	found := false
	for _, w := range body.Widgets {
		for _, m := range w.Properties.Metrics {
			if o, ok := m[0].(map[string]any); ok && strings.HasPrefix(fmt.Sprint(o["expression"]), "SEARCH(") {
				found = true
			}
		}
	}
	if !found {
		t.Error("no SEARCH over the services")
	}
}

// TestDashboardOfScheduledServices: a scheduled service has a row that
// says when it runs and draws its failed runs, as its rule counts them,
// and none of an ECS service's metrics, which it has none of.
func TestDashboardOfScheduledServices(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(scheduledServices))
	if err != nil {
		t.Fatal(err)
	}
	_, body := dashboardOf(t, b)
	var rows []string
	failed := 0
	for _, w := range body.Widgets {
		if w.Properties.Markdown != "" {
			rows = append(rows, w.Properties.Markdown)
		}
		if w.Properties.Title == "Failed runs" {
			failed++
			if m := w.Properties.Metrics[0]; m[0] != "AWS/Events" || m[1] != "TriggeredRules" || m[2] != "RuleName" {
				t.Errorf("failed runs drawn from %v", m)
			}
		}
	}
	want := []string{"## Service web", "## Scheduled service nightly (cron(30 2 * * ? *) in Europe/Paris)", "## Scheduled service hourly (rate(1 hour))"}
	if got := strings.Join(rows[len(rows)-3:], "\n"); got != strings.Join(want, "\n") || failed != 2 {
		t.Errorf("rows\n%s\nwant\n%s\nand %d failed-run graphs, want 2", got, strings.Join(want, "\n"), failed)
	}
}

// TestDashboardOfQueues: a service with a queue has, under its own row, a
// row of its queue's waiting messages, oldest message and dead letters,
// each drawn from the queue it names; a service without one has none.
func TestDashboardOfQueues(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(queuedServices))
	if err != nil {
		t.Fatal(err)
	}
	_, body := dashboardOf(t, b)
	var titles []string
	for _, w := range body.Widgets {
		if m := w.Properties.Metrics; len(m) > 0 && m[0][0] == "AWS/SQS" {
			titles = append(titles, w.Properties.Title)
		}
	}
	if want := []string{"Queue: messages waiting and in flight", "Queue: oldest message (s)", "Dead-letter queue: messages"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("queue graphs %v, want %v", titles, want)
	}
	text := decode(mustTemplate(t, b).Resources[dashboardID].(*cloudwatch.Dashboard).DashboardBody)
	for _, want := range []string{
		`["AWS/SQS","ApproximateAgeOfOldestMessage","QueueName","${WorkerQueue.QueueName}"]`,
		`["AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","${WorkerDeadLetterQueue.QueueName}"]`,
	} {
		if !strings.Contains(strings.ReplaceAll(text, `\"`, `"`), want) {
			t.Errorf("the dashboard draws no %s", want)
		}
	}
}

// TestDashboardOfVolumes: each volume has a row of what it stores, its
// clients and what they read and write, drawn from its file system.
func TestDashboardOfVolumes(t *testing.T) {
	b, err := blueprint.Read("site.yaml", []byte(mountedServices))
	if err != nil {
		t.Fatal(err)
	}
	_, body := dashboardOf(t, b)
	var titles []string
	for _, w := range body.Widgets {
		if m := w.Properties.Metrics; len(m) > 0 && m[0][0] == "AWS/EFS" {
			titles = append(titles, w.Properties.Title)
		}
	}
	graphs := []string{"Stored (bytes)", "Clients connected", "Read and written (bytes)"}
	if want := append(slices.Clone(graphs), graphs...); !reflect.DeepEqual(titles, want) {
		t.Errorf("volume graphs %v, want %v", titles, want)
	}
	text := strings.ReplaceAll(decode(mustTemplate(t, b).Resources[dashboardID].(*cloudwatch.Dashboard).DashboardBody), `\"`, `"`)
	for _, want := range []string{
		`["AWS/EFS","StorageBytes","FileSystemId","${MediaFileSystem}","StorageClass","Total"]`,
		`["AWS/EFS","DataWriteIOBytes","FileSystemId","${ExportsFileSystem}"]`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the dashboard draws no %s", want)
		}
	}
}

// TestDashboardOfTables: each table has a row of the units it consumes and
// of the reads and writes DynamoDB throttles, by its name.
func TestDashboardOfTables(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(storesApp))
	if err != nil {
		t.Fatal(err)
	}
	_, body := dashboardOf(t, b)
	var titles []string
	for _, w := range body.Widgets {
		if m := w.Properties.Metrics; len(m) > 0 && m[0][0] == "AWS/DynamoDB" {
			titles = append(titles, w.Properties.Title)
		}
	}
	graphs := []string{"Read and write units consumed", "Throttled reads and writes"}
	if want := append(slices.Clone(graphs), graphs...); !reflect.DeepEqual(titles, want) {
		t.Errorf("table graphs %v, want %v", titles, want)
	}
	text := strings.ReplaceAll(decode(mustTemplate(t, b).Resources[dashboardID].(*cloudwatch.Dashboard).DashboardBody), `\"`, `"`)
	for _, want := range []string{`"## Table orders"`, `["AWS/DynamoDB","WriteThrottleEvents","TableName","${SessionsTable}"]`} {
		if !strings.Contains(text, want) {
			t.Errorf("the dashboard draws no %s", want)
		}
	}
}
