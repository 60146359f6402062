package ecsgate_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/cfn"
)

// publishedMetric is what CloudWatch publishes of one metric: the sets of
// dimensions it comes with, the statistics that mean something, and the
// AWS page that says so.
type publishedMetric struct {
	dimensions [][]string
	stats      []string
	source     string
}

// Sources of publishedMetrics.
const (
	ecsMetricsPage      = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html"
	insightsMetricsPage = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html"
	albMetricsPage      = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html"
	nlbMetricsPage      = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html"
	apiMetricsPage      = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html"
	cdnMetricsPage      = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html"
	sqsMetricsPage      = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html"
	dynamoDBMetricsPage = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html"
)

var (
	serviceDims = []string{"ClusterName", "ServiceName"}
	targetGroup = []string{"LoadBalancer", "TargetGroup"}
	lbOnly      = []string{"LoadBalancer"}
	sums        = []string{"Sum"}
	gauges      = []string{"Average", "Minimum", "Maximum"}
)

// publishedMetrics is every metric an ecsgate alarm may watch, by
// "namespace metric".
var publishedMetrics = map[string]publishedMetric{
	"AWS/ECS CPUUtilization":                       {[][]string{serviceDims}, gauges, ecsMetricsPage},
	"AWS/ECS MemoryUtilization":                    {[][]string{serviceDims}, gauges, ecsMetricsPage},
	"ECS/ContainerInsights RunningTaskCount":       {[][]string{serviceDims}, gauges, insightsMetricsPage},
	"AWS/ApplicationELB RequestCount":              {[][]string{lbOnly, targetGroup}, sums, albMetricsPage},
	"AWS/ApplicationELB HTTPCode_Target_5XX_Count": {[][]string{lbOnly, targetGroup}, sums, albMetricsPage},
	"AWS/ApplicationELB HTTPCode_ELB_5XX_Count":    {[][]string{lbOnly}, sums, albMetricsPage},
	"AWS/ApplicationELB TargetResponseTime":        {[][]string{lbOnly, targetGroup}, []string{"Average", "p99"}, albMetricsPage},
	"AWS/ApplicationELB UnHealthyHostCount":        {[][]string{targetGroup}, gauges, albMetricsPage},
	"AWS/NetworkELB UnHealthyHostCount":            {[][]string{targetGroup}, gauges, nlbMetricsPage},
	"AWS/NetworkELB TCP_ELB_Reset_Count":           {[][]string{lbOnly}, sums, nlbMetricsPage},
	"AWS/NetworkELB NewFlowCount":                  {[][]string{lbOnly}, sums, nlbMetricsPage},
	"AWS/ApiGateway 5XXError":                      {[][]string{{"ApiName", "Stage"}}, []string{"Average", "Sum"}, apiMetricsPage},
	"AWS/ApiGateway Latency":                       {[][]string{{"ApiName", "Stage"}}, []string{"Average", "p99"}, apiMetricsPage},
	"AWS/SQS ApproximateNumberOfMessagesVisible":   {[][]string{{"QueueName"}}, []string{"Average", "Minimum", "Maximum", "Sum"}, sqsMetricsPage},
	"AWS/SQS ApproximateAgeOfOldestMessage":        {[][]string{{"QueueName"}}, []string{"Average", "Minimum", "Maximum", "Sum"}, sqsMetricsPage},
	"AWS/CloudFront 5xxErrorRate":                  {[][]string{{"DistributionId", "Region"}}, []string{"Average"}, cdnMetricsPage},
	// Published only for minutes with a throttled event: the alarm fills
	// the others with 0.
	"AWS/DynamoDB ReadThrottleEvents":  {[][]string{{"TableName"}, {"TableName", "GlobalSecondaryIndexName"}}, []string{"SampleCount", "Sum"}, dynamoDBMetricsPage},
	"AWS/DynamoDB WriteThrottleEvents": {[][]string{{"TableName"}, {"TableName", "GlobalSecondaryIndexName"}}, []string{"SampleCount", "Sum"}, dynamoDBMetricsPage},
}

// dimensionOwners are the resource types whose value each dimension names.
var dimensionOwners = map[string]string{
	"ClusterName":    "AWS::ECS::Cluster",
	"ServiceName":    "AWS::ECS::Service",
	"LoadBalancer":   "AWS::ElasticLoadBalancingV2::LoadBalancer",
	"TargetGroup":    "AWS::ElasticLoadBalancingV2::TargetGroup",
	"ApiName":        "AWS::ApiGateway::RestApi",
	"Stage":          "AWS::ApiGateway::Stage",
	"DistributionId": "AWS::CloudFront::Distribution",
	"QueueName":      "AWS::SQS::Queue",
	"TableName":      "AWS::DynamoDB::Table",
}

// stackTemplates lists every application template of the goldens: each
// environment's, and each nested stack's, with the root it belongs to.
func stackTemplates(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	err := filepath.WalkDir("golden", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "template.yaml" {
			return err
		}
		found[path] = path
		nested, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "stacks", "*.yaml"))
		for _, n := range nested {
			found[n] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// parsed reads a template in long form.
func parsed(t *testing.T, path string) *yaml.Node {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	root, err := cfn.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// resourcesOf maps the logical IDs of the resources of a root and its nested
// stacks to their types and nodes.
func resourcesOf(t *testing.T, templates []string) map[string]*yaml.Node {
	all := map[string]*yaml.Node{}
	for _, path := range templates {
		cfn.Entries(cfn.Section(parsed(t, path), cfn.Resources), func(id string, r *yaml.Node) { all[id] = r })
	}
	return all
}

// TestAlarmsWatchPublishedMetrics checks every alarm of every golden: each
// metric it watches is one CloudWatch publishes, with its namespace, name,
// dimensions and a meaningful statistic; each dimension names a resource of
// the application (a reference, or the literal name of a service, an API or
// a stage the template creates); each alarm notifies someone.
func TestAlarmsWatchPublishedMetrics(t *testing.T) {
	byRoot := map[string][]string{}
	for path, root := range stackTemplates(t) {
		byRoot[root] = append(byRoot[root], path)
	}
	alarms := 0
	seen := map[string]bool{}
	for root, templates := range byRoot {
		slices.Sort(templates)
		resources := resourcesOf(t, templates)
		for _, path := range templates {
			doc := parsed(t, path)
			params := cfn.Names(doc, cfn.Parameters)
			cfn.Entries(cfn.Section(doc, cfn.Resources), func(id string, r *yaml.Node) {
				if cfn.Type(r) != "AWS::CloudWatch::Alarm" {
					return
				}
				alarms++
				where := path + " " + id
				props := cfn.Value(r, "Properties")
				if a := cfn.Value(props, "AlarmActions"); a == nil || len(a.Content) == 0 {
					t.Errorf("%s: no alarm action", where)
				}
				if cfn.Value(props, "OKActions") == nil {
					t.Errorf("%s: no OK action", where)
				}
				if d := cfn.Value(props, "AlarmDescription"); d == nil || !strings.Contains(d.Value, "Look at") {
					t.Errorf("%s: the description does not say what to look at", where)
				}
				for _, m := range watchedMetrics(props) {
					key := m.namespace + " " + m.name
					seen[key] = true
					published, ok := publishedMetrics[key]
					if !ok {
						t.Errorf("%s: %s is not a metric CloudWatch publishes (not in the table)", where, key)
						continue
					}
					if !slices.Contains(published.stats, m.stat) {
						t.Errorf("%s: %s with statistic %s; %s says %v", where, key, m.stat, published.source, published.stats)
					}
					names := slices.Sorted(func(yield func(string) bool) {
						for name := range m.dims {
							if !yield(name) {
								return
							}
						}
					})
					if !slices.ContainsFunc(published.dimensions, func(set []string) bool { return slices.Equal(set, names) }) {
						t.Errorf("%s: %s with dimensions %v; %s publishes it with %v", where, key, names, published.source, published.dimensions)
					}
					for name, value := range m.dims {
						checkDimension(t, where, name, value, resources, params, root)
					}
				}
			})
		}
	}
	if alarms < 50 {
		t.Errorf("only %d alarms in the goldens", alarms)
	}
	for key := range publishedMetrics {
		if !seen[key] {
			t.Errorf("no golden alarm watches %s: drop it from the table or add a golden that does", key)
		}
	}
}

// watched is one metric an alarm watches.
type watched struct {
	namespace, name, stat string
	dims                  map[string]*yaml.Node
}

// watchedMetrics lists the metrics of an alarm's properties: its metric, or
// each metric of its metric math.
func watchedMetrics(props *yaml.Node) []watched {
	dims := func(list *yaml.Node) map[string]*yaml.Node {
		out := map[string]*yaml.Node{}
		if list != nil {
			for _, d := range list.Content {
				out[cfn.Value(d, "Name").Value] = cfn.Value(d, "Value")
			}
		}
		return out
	}
	if metrics := cfn.Value(props, "Metrics"); metrics != nil {
		var list []watched
		for _, q := range metrics.Content {
			stat := cfn.Value(q, "MetricStat")
			if stat == nil {
				continue
			}
			m := cfn.Value(stat, "Metric")
			list = append(list, watched{cfn.Value(m, "Namespace").Value, cfn.Value(m, "MetricName").Value, cfn.Value(stat, "Stat").Value, dims(cfn.Value(m, "Dimensions"))})
		}
		return list
	}
	stat := cfn.Value(props, "Statistic")
	if stat == nil {
		stat = cfn.Value(props, "ExtendedStatistic")
	}
	return []watched{{cfn.Value(props, "Namespace").Value, cfn.Value(props, "MetricName").Value, stat.Value, dims(cfn.Value(props, "Dimensions"))}}
}

// attributeOf is the resource named in a dimension's value: a Ref, a
// GetAtt, a parameter the root passes (a nested stack's), or a literal.
var nestedParameter = regexp.MustCompile(`^([A-Za-z0-9]+?)(LoadBalancerFullName|TargetGroupFullName)?$`)

// checkDimension checks that a dimension's value names a resource of the
// application of the kind the dimension is about.
func checkDimension(t *testing.T, where, name string, value *yaml.Node, resources map[string]*yaml.Node, params map[string]bool, root string) {
	t.Helper()
	owner := dimensionOwners[name]
	typeOf := func(id string) string {
		if r, ok := resources[id]; ok {
			return cfn.Type(r)
		}
		return ""
	}
	fn, arg, ok := cfn.Function(value)
	switch {
	case name == "Region":
		if value.Value != "Global" {
			t.Errorf("%s: Region %q; CloudFront's metrics have Region Global", where, value.Value)
		}
	case ok && fn == "Ref":
		target := arg.Value
		if params[target] {
			// A nested stack's parameter: the root passes the value of the
			// resource of the same name (Cluster) or attribute
			// (AlbLoadBalancerFullName).
			m := nestedParameter.FindStringSubmatch(target)
			target = m[1]
		}
		if typeOf(target) != owner {
			t.Errorf("%s: %s names %s (%s), not a %s of %s", where, name, arg.Value, typeOf(target), owner, root)
		}
	case ok && fn == "Fn::GetAtt":
		target := arg.Content[0].Value
		if typeOf(target) != owner {
			t.Errorf("%s: %s names %s (%s), not a %s", where, name, target, typeOf(target), owner)
		}
	case value.Kind == yaml.ScalarNode:
		// A literal must be the name the template gives that resource.
		property := map[string]string{"ServiceName": "ServiceName", "ApiName": "Name", "Stage": "StageName"}[name]
		found := false
		for _, r := range resources {
			if cfn.Type(r) == owner {
				if v := cfn.Value(cfn.Value(r, "Properties"), property); v != nil && v.Value == value.Value {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: %s %q is the %s of no %s of %s", where, name, value.Value, property, owner, root)
		}
	default:
		t.Errorf("%s: %s has a value no resource names: %s", where, name, fmt.Sprint(value.Value))
	}
}

// TestTrafficShifting checks every service of every golden: a service whose
// deployments shift traffic names two target groups that its production
// rule (ALB) or listener (NLB) forwards to with weights, and the role ECS
// shifts them with; every service behind a load balancer is stopped and
// rolled back by its errors, latency or unhealthy-targets alarms; the
// circuit breaker is set
// only for rolling and blue/green deployments, where AWS documents it.
func TestTrafficShifting(t *testing.T) {
	byRoot := map[string][]string{}
	for path, root := range stackTemplates(t) {
		byRoot[root] = append(byRoot[root], path)
	}
	strategies := map[string]int{}
	for root, templates := range byRoot {
		resources := resourcesOf(t, templates)
		alarmNames := map[string]string{} // AlarmName's Sub text -> alarm ID
		for id, r := range resources {
			if cfn.Type(r) == "AWS::CloudWatch::Alarm" {
				if _, arg, ok := cfn.Function(cfn.Value(cfn.Value(r, "Properties"), "AlarmName")); ok {
					alarmNames[arg.Value] = id
				}
			}
		}
		for id, r := range resources {
			if cfn.Type(r) != "AWS::ECS::Service" {
				continue
			}
			where := root + " " + id
			props := cfn.Value(r, "Properties")
			config := cfn.Value(props, "DeploymentConfiguration")
			strategy := "ROLLING"
			if s := cfn.Value(config, "Strategy"); s != nil {
				strategy = s.Value
			}
			strategies[strategy]++
			breaker := cfn.Value(config, "DeploymentCircuitBreaker")
			if supported := strategy == "ROLLING" || strategy == "BLUE_GREEN"; (breaker != nil) != supported {
				t.Errorf("%s: %s deployment with circuit breaker %v", where, strategy, breaker != nil)
			}
			if alarms := cfn.Value(config, "Alarms"); alarms == nil {
				// Without a load balancer no metric tells a bad release.
				if cfn.Value(props, "LoadBalancers") != nil {
					t.Errorf("%s: no deployment alarms", where)
				}
			} else {
				if cfn.Value(alarms, "Rollback").Value != "true" || cfn.Value(alarms, "Enable").Value != "true" {
					t.Errorf("%s: deployment alarms do not roll back", where)
				}
				for _, n := range cfn.Value(alarms, "AlarmNames").Content {
					_, arg, _ := cfn.Function(n)
					alarm, ok := alarmNames[arg.Value]
					if !ok {
						t.Errorf("%s: deployment alarm %s is no alarm of the template", where, arg.Value)
					} else if !strings.HasSuffix(alarm, "ErrorsAlarm") && !strings.HasSuffix(alarm, "LatencyAlarm") && !strings.HasSuffix(alarm, "UnhealthyTargetsAlarm") {
						t.Errorf("%s: %s rolls back deployments, which only errors, latency and unhealthy targets should", where, alarm)
					}
				}
			}
			if strategy == "ROLLING" {
				continue
			}
			lbs := cfn.Value(props, "LoadBalancers")
			if lbs == nil || len(lbs.Content) != 1 {
				t.Errorf("%s: a %s service needs one load balancer", where, strategy)
				continue
			}
			lb := lbs.Content[0]
			advanced := cfn.Value(lb, "AdvancedConfiguration")
			primary := cfn.RefTarget(cfn.Value(lb, "TargetGroupArn"))
			alternate := cfn.RefTarget(cfn.Value(advanced, "AlternateTargetGroupArn"))
			production := cfn.RefTarget(cfn.Value(advanced, "ProductionListenerRule"))
			for _, tg := range []string{primary, alternate} {
				if cfn.Type(resources[tg]) != "AWS::ElasticLoadBalancingV2::TargetGroup" {
					t.Errorf("%s: %q is not a target group", where, tg)
				}
			}
			if primary == alternate {
				t.Errorf("%s: one target group for both revisions", where)
			}
			if _, arg, ok := cfn.Function(cfn.Value(advanced, "RoleArn")); !ok || cfn.Type(resources[arg.Content[0].Value]) != "AWS::IAM::Role" {
				t.Errorf("%s: no role for ECS to shift traffic with", where)
			}
			var forward *yaml.Node
			switch rule := resources[production]; cfn.Type(rule) {
			case "AWS::ElasticLoadBalancingV2::ListenerRule":
				forward = cfn.Value(cfn.Value(rule, "Properties"), "Actions")
			case "AWS::ElasticLoadBalancingV2::Listener":
				forward = cfn.Value(cfn.Value(rule, "Properties"), "DefaultActions")
			default:
				t.Errorf("%s: production rule %q is neither a listener rule nor a listener", where, production)
				continue
			}
			weights := map[string]string{}
			for _, a := range forward.Content {
				if cfn.Value(a, "Type").Value != "forward" {
					continue
				}
				for _, g := range cfn.Value(cfn.Value(a, "ForwardConfig"), "TargetGroups").Content {
					weights[cfn.RefTarget(cfn.Value(g, "TargetGroupArn"))] = cfn.Value(g, "Weight").Value
				}
			}
			if weights[primary] != "100" || weights[alternate] != "0" || len(weights) != 2 {
				t.Errorf("%s: production rule %s forwards with weights %v, want %s 100 and %s 0", where, production, weights, primary, alternate)
			}
		}
	}
	for _, s := range []string{"CANARY", "LINEAR", "BLUE_GREEN", "ROLLING"} {
		if strategies[s] == 0 {
			t.Errorf("no golden service deploys %s", s)
		}
	}
}
