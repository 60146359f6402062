package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/cloudwatch"
	"github.com/awslabs/goformation/v7/cloudformation/kms"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/sns"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// Logical IDs of the alarms' notification topic.
const (
	alarmTopicID       = blueprint.AlarmTopicID
	alarmTopicKeyID    = "AlarmTopicEncryptionKey"
	alarmTopicPolicyID = "AlarmTopicPolicy"
	// usEast1Condition holds where CloudFront publishes its metrics.
	usEast1Condition = "InUsEast1"
)

// alarmTopic creates the SNS topic every alarm notifies, unless the
// Blueprint names an existing one. AWS's guidance is to encrypt a topic
// with KMS; CloudWatch can publish to an encrypted topic only when the key's
// policy lets it use the key (AWS managed keys cannot), so the topic gets a
// key of its own whose policy allows CloudWatch for this stack's alarms
// alone, and a topic policy with the same limits.
func (r *builder) alarmTopic() {
	if !r.bp.CreatesAlarmTopic() {
		return
	}
	fromOurAlarms := fromSources(intrinsic.Sub("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*"))
	r.add(alarmTopicKeyID, &kms.Key{
		Description:         intrinsic.SubPtr("${AWS::StackName}: the alarms' notification topic"),
		EnableKeyRotation:   cloudformation.Bool(true),
		PendingWindowInDays: cloudformation.Int(7),
		// The key protects notifications in flight only, no data at rest:
		// deleting it with the stack loses nothing.
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Delete"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Delete"),
		KeyPolicy: keyPolicy(append([]statement{{
			Sid:       "CloudWatchPublishesThisStacksAlarms",
			Effect:    "Allow",
			Principal: map[string]any{"Service": "cloudwatch.amazonaws.com"},
			Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"},
			Resource:  []string{"*"},
			Condition: fromOurAlarms,
		}}, r.failedRunsPublish("*", "kms:Decrypt", "kms:GenerateDataKey*")...)...),
	})
	r.add(alarmTopicID, &sns.Topic{
		DisplayName:    intrinsic.SubPtr("${AWS::StackName} alarms"),
		KmsMasterKeyId: intrinsic.RefPtr(alarmTopicKeyID),
	})
	r.add(alarmTopicPolicyID, &sns.TopicPolicy{
		Topics: []string{intrinsic.Ref(alarmTopicID)},
		PolicyDocument: policy(append([]statement{{
			Sid:       "CloudWatchPublishesThisStacksAlarms",
			Effect:    "Allow",
			Principal: map[string]any{"Service": "cloudwatch.amazonaws.com"},
			Action:    []string{"sns:Publish"},
			Resource:  []string{intrinsic.Ref(alarmTopicID)},
			Condition: fromOurAlarms,
		}}, r.failedRunsPublish(intrinsic.Ref(alarmTopicID), "sns:Publish")...)...),
	})
	for _, email := range r.bp.Alarms.Emails {
		r.add(emailSubscriptionID(email), &sns.Subscription{
			TopicArn: intrinsic.Ref(alarmTopicID),
			Protocol: "email",
			Endpoint: cloudformation.String(email),
		})
	}
	r.output(blueprint.AlarmTopicOutput, "ARN of the SNS topic the alarms notify; subscribe on-call tools to it.", intrinsic.Ref(alarmTopicID))
}

// emailSubscriptionID names an address's subscription after the address, so
// that adding or removing another address never replaces it (a replaced
// subscription must be confirmed again).
func emailSubscriptionID(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(email)))
	return "AlarmEmail" + strings.ToUpper(hex.EncodeToString(sum[:4]))
}

// alarmTarget is the topic the alarms notify.
func (r *builder) alarmTarget() string {
	if t := r.bp.Alarms.Topic; t != "" {
		return t
	}
	return intrinsic.Ref(alarmTopicID)
}

// alarmName is an alarm's name: the stack's name first, which keeps it
// unique in the account and Region and lets the topic's policies name this
// stack's alarms.
func alarmName(parts ...string) string {
	return intrinsic.Sub("${AWS::StackName}-" + strings.Join(parts, "-"))
}

// metric is one CloudWatch metric with its dimensions.
type metric struct {
	namespace, name string
	dimensions      []cloudwatch.Alarm_Dimension
}

// dimension is one dimension of a metric.
func dimension(name, value string) cloudwatch.Alarm_Dimension {
	return cloudwatch.Alarm_Dimension{Name: name, Value: value}
}

// alarmSpec is an alarm before it is written: what it watches and when it
// fires. Either stat and one metric, or expression over several.
type alarmSpec struct {
	id, name, description string
	metric                metric
	// stat is Average, Minimum, Maximum or Sum, or a percentile (p99).
	stat string
	// expression, when set, is metric math over terms, each a metric with
	// its statistic, named by its id in the expression.
	expression string
	terms      []term
	comparison string
	threshold  float64
	minutes    int
	condition  string
}

// term is a metric of a metric math alarm.
type term struct {
	id     string
	metric metric
	stat   string
}

// alarm adds an alarm that notifies the topic when it fires and when it
// recovers. Data points are one minute each; missing data (no traffic, a
// service scaled to nothing) does not fire.
func (r *builder) alarm(a alarmSpec) {
	target := r.alarmTarget()
	res := &cloudwatch.Alarm{
		AlarmName:                  cloudformation.String(a.name),
		AlarmDescription:           cloudformation.String(a.description),
		ActionsEnabled:             cloudformation.Bool(true),
		AlarmActions:               []string{target},
		OKActions:                  []string{target},
		ComparisonOperator:         a.comparison,
		Threshold:                  cloudformation.Float64(a.threshold),
		EvaluationPeriods:          a.minutes,
		DatapointsToAlarm:          cloudformation.Int(a.minutes),
		TreatMissingData:           cloudformation.String("notBreaching"),
		AWSCloudFormationCondition: a.condition,
	}
	if a.expression == "" {
		res.Namespace = cloudformation.String(a.metric.namespace)
		res.MetricName = cloudformation.String(a.metric.name)
		res.Dimensions = a.metric.dimensions
		res.Period = cloudformation.Int(60)
		if strings.HasPrefix(a.stat, "p") {
			res.ExtendedStatistic = cloudformation.String(a.stat)
		} else {
			res.Statistic = cloudformation.String(a.stat)
		}
	} else {
		for _, t := range a.terms {
			res.Metrics = append(res.Metrics, cloudwatch.Alarm_MetricDataQuery{
				Id: t.id,
				MetricStat: &cloudwatch.Alarm_MetricStat{
					Metric: &cloudwatch.Alarm_Metric{Namespace: cloudformation.String(t.metric.namespace), MetricName: cloudformation.String(t.metric.name), Dimensions: t.metric.dimensions},
					Period: 60,
					Stat:   t.stat,
				},
				ReturnData: cloudformation.Bool(false),
			})
		}
		res.Metrics = append(res.Metrics, cloudwatch.Alarm_MetricDataQuery{
			Id:         "result",
			Expression: cloudformation.String(a.expression),
			Label:      cloudformation.String(a.description[:strings.IndexAny(a.description, ".:")]),
			ReturnData: cloudformation.Bool(true),
		})
	}
	r.add(a.id, res)
}

// rate is the metric math of a percentage: 100 times the sum of the
// numerators over the sum of the denominators, each metric's missing data
// points counted as 0, and 0 while there is no traffic at all.
func rate(numerators, denominators []string) string {
	sum := func(ids []string) string {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = "FILL(" + id + ", 0)"
		}
		return strings.Join(parts, " + ")
	}
	return fmt.Sprintf("IF((%s) > 0, 100 * (%s) / (%s), 0)", sum(denominators), sum(numerators), sum(denominators))
}

// serviceAlarms creates a service's alarms (see Blueprint.AlarmsOf).
func (r *builder) serviceAlarms(s *blueprint.Service) {
	for _, a := range r.bp.AlarmsOf(s) {
		r.alarm(r.serviceAlarm(s, a))
	}
	if r.bp.NotifiesFailedRuns(s) {
		r.failedRunRule(s)
	}
}

// Namespaces of the metrics the alarms watch.
const (
	namespaceECS       = "AWS/ECS"
	namespaceEvents    = "AWS/Events"
	namespaceSQS       = "AWS/SQS"
	namespaceDynamoDB  = "AWS/DynamoDB"
	namespaceEFS       = "AWS/EFS"
	namespaceInsights  = "ECS/ContainerInsights"
	namespaceALB       = "AWS/ApplicationELB"
	namespaceNLB       = "AWS/NetworkELB"
	namespaceAPI       = "AWS/ApiGateway"
	namespaceCloudFont = "AWS/CloudFront"
)

// serviceAlarm is the spec of one of a service's alarms.
func (r *builder) serviceAlarm(s *blueprint.Service, a blueprint.ServiceAlarm) alarmSpec {
	service := []cloudwatch.Alarm_Dimension{dimension("ClusterName", intrinsic.Ref(blueprint.ClusterID)), dimension("ServiceName", s.Name)}
	spec := alarmSpec{id: s.AlarmID(a.Kind), name: alarmName(s.Name, alarmWords[a.Kind]), threshold: a.Threshold, minutes: a.Minutes}
	minutes := fmt.Sprintf("%d minute%s", a.Minutes, blueprint.Plural(a.Minutes))
	logs := "its log group " + s.LogGroupName()
	groups := r.targetGroups(s)
	switch a.Kind {
	case blueprint.AlarmRunningTasks:
		spec.metric = metric{namespaceInsights, "RunningTaskCount", service}
		spec.stat, spec.comparison = "Minimum", "LessThanThreshold"
		spec.description = fmt.Sprintf("Service %s runs fewer than %g tasks for %s. Look at the service's events in the ECS console (tasks stopping, failing health checks, capacity), then at %s.", s.Name, a.Threshold, minutes, logs)
	case blueprint.AlarmCPU, blueprint.AlarmMemory:
		name, what := "CPUUtilization", "CPU"
		if a.Kind == blueprint.AlarmMemory {
			name, what = "MemoryUtilization", "memory"
		}
		spec.metric = metric{namespaceECS, name, service}
		spec.stat, spec.comparison = "Average", "GreaterThanThreshold"
		spec.description = fmt.Sprintf("Service %s uses more than %g%% of its %s for %s. Look at traffic and %s; raise the task size or autoscale the service.", s.Name, a.Threshold, what, minutes, logs)
	case blueprint.AlarmUnhealthyTargets:
		var ids []string
		for i, g := range groups {
			t := term{id: fmt.Sprintf("unhealthy%d", i+1), metric: metric{g.namespace, "UnHealthyHostCount", g.dimensions()}, stat: "Maximum"}
			spec.terms = append(spec.terms, t)
			ids = append(ids, "FILL("+t.id+", 0)")
		}
		spec.expression = strings.Join(ids, " + ")
		spec.comparison = "GreaterThanOrEqualToThreshold"
		spec.description = fmt.Sprintf("Unhealthy targets: at least %g of service %s's tasks fail the load balancer's health check for %s. Look at the target group's health reasons and %s.", a.Threshold, s.Name, minutes, logs)
	case blueprint.AlarmErrors:
		var errs, reqs []string
		for i, g := range groups {
			e := term{id: fmt.Sprintf("errors%d", i+1), metric: metric{namespaceALB, "HTTPCode_Target_5XX_Count", g.dimensions()}, stat: "Sum"}
			q := term{id: fmt.Sprintf("requests%d", i+1), metric: metric{namespaceALB, "RequestCount", g.dimensions()}, stat: "Sum"}
			spec.terms = append(spec.terms, e, q)
			errs, reqs = append(errs, e.id), append(reqs, q.id)
		}
		spec.expression = rate(errs, reqs)
		spec.comparison = "GreaterThanThreshold"
		spec.description = fmt.Sprintf("Errors: service %s answers more than %g%% of its requests with 5xx for %s. Look at %s and at the latest deployment, which this alarm rolls back.", s.Name, a.Threshold, minutes, logs)
	case blueprint.AlarmLatency:
		var ids []string
		for i, g := range groups {
			t := term{id: fmt.Sprintf("latency%d", i+1), metric: metric{namespaceALB, "TargetResponseTime", g.dimensions()}, stat: "p99"}
			spec.terms = append(spec.terms, t)
			ids = append(ids, t.id)
		}
		spec.expression = "MAX([" + strings.Join(ids, ", ") + "])"
		spec.comparison = "GreaterThanThreshold"
		spec.description = fmt.Sprintf("Latency: 1%% of service %s's responses take longer than %g s for %s (p99 of the target response time). Look at its dependencies and %s.", s.Name, a.Threshold, minutes, logs)
	case blueprint.AlarmDeadLetters:
		spec.metric = metric{namespaceSQS, "ApproximateNumberOfMessagesVisible", []cloudwatch.Alarm_Dimension{dimension("QueueName", intrinsic.GetAtt(s.DeadLetterQueueID(), "QueueName"))}}
		spec.stat, spec.comparison = "Maximum", "GreaterThanOrEqualToThreshold"
		spec.description = fmt.Sprintf("Dead letters: at least %g message(s) of service %s's queue failed %d times and wait in its dead-letter queue. Look at %s for why, mend it, then move them back (Start DLQ redrive in the SQS console).", a.Threshold, s.Name, s.Queue.Tries, logs)
	case blueprint.AlarmQueueAge:
		spec.metric = metric{namespaceSQS, "ApproximateAgeOfOldestMessage", []cloudwatch.Alarm_Dimension{dimension("QueueName", intrinsic.GetAtt(s.QueueID(), "QueueName"))}}
		spec.stat, spec.comparison = "Maximum", "GreaterThanThreshold"
		spec.description = fmt.Sprintf("Queue age: the oldest message of service %s's queue has waited more than %g s for %s: its tasks do not keep up, or do not run. Look at its running tasks and %s; raise autoscaling.max.", s.Name, a.Threshold, minutes, logs)
	}
	return spec
}

// alarmWords name each kind in alarm names.
var alarmWords = map[string]string{
	blueprint.AlarmRunningTasks:     "running-tasks",
	blueprint.AlarmCPU:              "cpu",
	blueprint.AlarmMemory:           "memory",
	blueprint.AlarmUnhealthyTargets: "unhealthy-targets",
	blueprint.AlarmErrors:           "errors",
	blueprint.AlarmLatency:          "latency",
	blueprint.AlarmDeadLetters:      "dead-letters",
	blueprint.AlarmQueueAge:         "queue-age",
}

// targetGroup is one of the target groups a service's tasks register with,
// as its metrics name it.
type targetGroup struct {
	id, loadBalancer, namespace string
}

// dimensions are the target group's metric dimensions: the group and its
// load balancer, by their full names.
func (g targetGroup) dimensions() []cloudwatch.Alarm_Dimension {
	return []cloudwatch.Alarm_Dimension{
		dimension("TargetGroup", intrinsic.GetAtt(g.id, "TargetGroupFullName")),
		dimension("LoadBalancer", intrinsic.GetAtt(g.loadBalancer, "LoadBalancerFullName")),
	}
}

// targetGroups are the target groups a service's tasks may be in: its own,
// and while ECS shifts traffic, the alternate one.
func (r *builder) targetGroups(s *blueprint.Service) []targetGroup {
	var list []targetGroup
	switch {
	case s.ALB != nil:
		lb, _ := r.bp.ALBOf(s)
		list = append(list, targetGroup{s.ALBTargetGroupID(), lb.LogicalID(""), namespaceALB})
		if s.Deployment.ShiftsTraffic() {
			list = append(list, targetGroup{s.AlternateTargetGroupID(), lb.LogicalID(""), namespaceALB})
		}
	case s.NLB != nil:
		list = append(list, targetGroup{s.NLBTargetGroupID(), blueprint.NLBID, namespaceNLB})
		if s.Deployment.ShiftsTraffic() {
			list = append(list, targetGroup{s.AlternateTargetGroupID(), blueprint.NLBID, namespaceNLB})
		}
	}
	return list
}

// edgeAlarms creates the alarms of the request path's edges: each load
// balancer's own errors, the API stage's errors and latency, CloudFront's
// error rate.
func (r *builder) edgeAlarms() {
	for _, a := range r.bp.EdgeAlarmsOf("loadBalancers") {
		for _, lb := range r.bp.ApplicationLoadBalancers() {
			if len(r.bp.AttachedTo(lb)) > 0 {
				r.at(lb.Path, func() { r.alarm(albErrorsAlarm(lb, a)) })
			}
		}
		if r.bp.Ingress.NLB != nil {
			r.at("ingress.nlb", func() { r.alarm(nlbErrorsAlarm(a)) })
		}
	}
	if api := r.bp.API; api != nil {
		for _, a := range r.bp.EdgeAlarmsOf("api") {
			r.at("api", func() { r.alarm(apiAlarm(api, a)) })
		}
	}
	if r.bp.CDN != nil {
		for _, a := range r.bp.EdgeAlarmsOf("cdn") {
			r.at("cdn", func() { r.cdnAlarm(a) })
		}
	}
	if a, on := r.bp.TableThrottlesAlarm(); on {
		for i := range r.bp.Tables {
			t := &r.bp.Tables[i]
			r.at(blueprint.IndexPath("tables", i), func() { r.alarm(tableThrottlesAlarm(t, a)) })
		}
	}
}

// tableThrottlesAlarm watches the reads and writes DynamoDB throttles on
// a table (ReadThrottleEvents and WriteThrottleEvents, which count each
// throttled event, an index's write among them, where ThrottledRequests
// counts a request once), each minute: an on-demand table throttles a
// partition hotter than DynamoDB serves, or a table past the account's
// per-table throughput quota. The SDKs retry a throttled request; throttling
// that lasts is what they no longer absorb.
func tableThrottlesAlarm(t *blueprint.Table, a blueprint.EdgeAlarm) alarmSpec {
	dims := []cloudwatch.Alarm_Dimension{dimension("TableName", tableName(t))}
	return alarmSpec{
		id: t.TableID() + "ThrottlesAlarm", name: alarmName(t.Name, "throttles"),
		description: fmt.Sprintf("Table throttles: DynamoDB throttles at least %g of table %s's reads and writes a minute for %d minute%s. Look at its ReadKeyRangeThroughputThrottleEvents and WriteKeyRangeThroughputThrottleEvents (a hot partition key: spread the writes over more key values) and its AccountLimit ones (raise the table's throughput quota).", a.Threshold, t.Name, a.Minutes, blueprint.Plural(a.Minutes)),
		expression:  "FILL(reads, 0) + FILL(writes, 0)",
		terms: []term{
			{id: "reads", metric: metric{namespaceDynamoDB, "ReadThrottleEvents", dims}, stat: "Sum"},
			{id: "writes", metric: metric{namespaceDynamoDB, "WriteThrottleEvents", dims}, stat: "Sum"},
		},
		comparison: "GreaterThanOrEqualToThreshold", threshold: a.Threshold, minutes: a.Minutes,
	}
}

// albErrorsAlarm watches the 5xx an ALB answers itself (no healthy target,
// a target that closed the connection, a timeout) as a share of its
// requests.
func albErrorsAlarm(lb blueprint.LoadBalancer, a blueprint.EdgeAlarm) alarmSpec {
	dims := []cloudwatch.Alarm_Dimension{dimension("LoadBalancer", intrinsic.GetAtt(lb.LogicalID(""), "LoadBalancerFullName"))}
	name := "alb"
	if lb.ID != "" {
		name = lb.ID + "-alb"
	}
	return alarmSpec{
		id: lb.LogicalID("ErrorsAlarm"), name: alarmName(name, "errors"),
		description: fmt.Sprintf("ALB errors: the load balancer itself answers more than %g%% of requests with 5xx for %d minute%s (no healthy target, a target closing connections or timing out). Look at the unhealthy-targets alarms of its services and at its access logs.", a.Threshold, a.Minutes, blueprint.Plural(a.Minutes)),
		expression:  rate([]string{"errors"}, []string{"requests"}),
		terms: []term{
			{id: "errors", metric: metric{namespaceALB, "HTTPCode_ELB_5XX_Count", dims}, stat: "Sum"},
			{id: "requests", metric: metric{namespaceALB, "RequestCount", dims}, stat: "Sum"},
		},
		comparison: "GreaterThanThreshold", threshold: a.Threshold, minutes: a.Minutes,
	}
}

// nlbErrorsAlarm watches the connections the NLB resets itself, as a share
// of its new connections.
func nlbErrorsAlarm(a blueprint.EdgeAlarm) alarmSpec {
	dims := []cloudwatch.Alarm_Dimension{dimension("LoadBalancer", intrinsic.GetAtt(blueprint.NLBID, "LoadBalancerFullName"))}
	return alarmSpec{
		id: "NlbErrorsAlarm", name: alarmName("nlb", "errors"),
		description: fmt.Sprintf("NLB errors: the load balancer resets more than %g%% of new connections itself for %d minute%s (no healthy target in an AZ, idle timeouts). Look at the unhealthy-targets alarms of its services.", a.Threshold, a.Minutes, blueprint.Plural(a.Minutes)),
		expression:  rate([]string{"resets"}, []string{"flows"}),
		terms: []term{
			{id: "resets", metric: metric{namespaceNLB, "TCP_ELB_Reset_Count", dims}, stat: "Sum"},
			{id: "flows", metric: metric{namespaceNLB, "NewFlowCount", dims}, stat: "Sum"},
		},
		comparison: "GreaterThanThreshold", threshold: a.Threshold, minutes: a.Minutes,
	}
}

// apiAlarm watches the stage's 5XXError (a rate: its average is the share of
// requests) or its Latency (milliseconds) at the 99th percentile. REST APIs
// publish both by API name and stage.
func apiAlarm(api *blueprint.API, a blueprint.EdgeAlarm) alarmSpec {
	dims := []cloudwatch.Alarm_Dimension{dimension("ApiName", api.Name), dimension("Stage", api.Stage)}
	minutes := fmt.Sprintf("%d minute%s", a.Minutes, blueprint.Plural(a.Minutes))
	if a.Kind == blueprint.AlarmLatency {
		return alarmSpec{
			id: "ApiStageLatencyAlarm", name: alarmName("api", "latency"),
			description: fmt.Sprintf("API latency: 1%% of requests to stage %s take longer than %g s for %s (p99, the integration included). Look at the services' latency alarms and the API's access logs.", api.Stage, a.Threshold, minutes),
			metric:      metric{namespaceAPI, "Latency", dims}, stat: "p99",
			comparison: "GreaterThanThreshold", threshold: a.Threshold * 1000, minutes: a.Minutes,
		}
	}
	return alarmSpec{
		id: "ApiStageErrorsAlarm", name: alarmName("api", "errors"),
		description: fmt.Sprintf("API errors: more than %g%% of requests to stage %s end in a 5xx for %s (an integration failing, the VPC link, a timeout). Look at the services' errors alarms and the API's execution logs.", a.Threshold, api.Stage, minutes),
		metric:      metric{namespaceAPI, "5XXError", dims}, stat: "Average",
		comparison: "GreaterThanThreshold", threshold: a.Threshold / 100, minutes: a.Minutes,
	}
}

// cdnAlarm watches CloudFront's 5xx error rate. CloudFront publishes its
// metrics in us-east-1 only, and an alarm watches metrics of its own Region:
// the alarm exists where the stack is deployed in us-east-1, and elsewhere
// nowhere rather than on a metric that never comes.
func (r *builder) cdnAlarm(a blueprint.EdgeAlarm) {
	r.condition(usEast1Condition, intrinsic.Equals(intrinsic.Ref("AWS::Region"), "us-east-1"))
	r.alarm(alarmSpec{
		id: "CdnErrorsAlarm", name: alarmName("cdn", "errors"),
		description: fmt.Sprintf("CloudFront errors: more than %g%% of viewer requests end in a 5xx for %d minute%s. Look at the API's errors alarm, then at CloudFront's origin settings.", a.Threshold, a.Minutes, blueprint.Plural(a.Minutes)),
		metric:      metric{namespaceCloudFont, "5xxErrorRate", []cloudwatch.Alarm_Dimension{dimension("DistributionId", intrinsic.Ref(blueprint.CDNID)), dimension("Region", "Global")}},
		stat:        "Average", comparison: "GreaterThanThreshold", threshold: a.Threshold, minutes: a.Minutes,
		condition: usEast1Condition,
	})
}

// deploymentAlarmNames are the names of the alarms that stop and roll back
// a service's deployment.
func (r *builder) deploymentAlarmNames(s *blueprint.Service) []string {
	if !*s.Deployment.Alarms {
		return nil
	}
	var names []string
	for _, a := range r.bp.AlarmsOf(s) {
		if a.Deployment {
			names = append(names, alarmName(s.Name, alarmWords[a.Kind]))
		}
	}
	return names
}
