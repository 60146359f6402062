package render

import (
	"reflect"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// queuedServices has a publisher of two topics, a worker subscribed to
// both (one filtered, one raw) that scales on its backlog, and a service
// that neither publishes nor receives.
const queuedServices = `name: shop
topics: [{name: orders}, {name: refunds}]
services:
  - name: api
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, environment: {ORDERS: "${topics.orders.arn}", ALL: "${topics.refunds.arn},${topics.orders.arn}", JOBS: "${services.worker.queue.url}"}}]
  - name: worker
    cpu: 256
    memory: 512
    autoscaling: {min: 1, max: 4, messages: 30}
    queue:
      subscribe: [{topic: orders, filter: {store: [eu]}}, {topic: refunds, raw: true}]
      timeout: 90
      delay: 5
      tries: 4
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, environment: {QUEUE_URL: "${queue.url}"}}]
  - name: other
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}}]
`

// TestQueue: each topic is encrypted and nameless; the worker's queue has
// its settings, long polling and a dead-letter queue after tries
// receives; its policy admits its two topics alone, by ARN, and refuses
// plain HTTP; each subscription waits for the policy, with its filter or
// raw delivery; the task roles publish to the topics named, send to the
// other queues named and receive from the service's own queue, on exact
// ARNs, and the service with
// neither has no messaging policy; the environment gets the ARNs and URL;
// scaling divides the backlog by the running tasks.
func TestQueue(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(queuedServices))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, id := range []string{"OrdersTopic", "RefundsTopic"} {
		topic, err := tmpl.GetSNSTopicWithName(id)
		if err != nil {
			t.Fatal(err)
		}
		if topic.TopicName != nil || *topic.KmsMasterKeyId != awsManagedSNSKey {
			t.Errorf("%s: name %v, key %v", id, topic.TopicName, *topic.KmsMasterKeyId)
		}
	}

	queue, err := tmpl.GetSQSQueueWithName("WorkerQueue")
	if err != nil {
		t.Fatal(err)
	}
	if queue.QueueName != nil || *queue.VisibilityTimeout != 90 || *queue.DelaySeconds != 5 || *queue.MessageRetentionPeriod != blueprint.DefaultQueueRetention ||
		*queue.ReceiveMessageWaitTimeSeconds != 20 || !*queue.SqsManagedSseEnabled {
		t.Errorf("WorkerQueue: %+v", queue)
	}
	if got, want := queue.RedrivePolicy, map[string]any{"deadLetterTargetArn": intrinsic.GetAtt("WorkerDeadLetterQueue", "Arn"), "maxReceiveCount": 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("redrive policy %v, want %v", got, want)
	}
	dead, err := tmpl.GetSQSQueueWithName("WorkerDeadLetterQueue")
	if err != nil {
		t.Fatal(err)
	}
	if *dead.MessageRetentionPeriod != blueprint.MaxQueueRetention || !*dead.SqsManagedSseEnabled || dead.RedrivePolicy != nil {
		t.Errorf("WorkerDeadLetterQueue: %+v", dead)
	}

	qp, err := tmpl.GetSQSQueuePolicyWithName("WorkerQueuePolicy")
	if err != nil {
		t.Fatal(err)
	}
	doc := qp.PolicyDocument.(policyDocument)
	if len(doc.Statement) != 2 || doc.Statement[0].Effect != "Deny" || doc.Statement[1].Principal["Service"] != "sns.amazonaws.com" {
		t.Fatalf("queue policy: %+v", doc)
	}
	topics := []string{intrinsic.Ref("OrdersTopic"), intrinsic.Ref("RefundsTopic")}
	if got := doc.Statement[1].Condition["ArnEquals"].(map[string]any)["aws:SourceArn"]; !reflect.DeepEqual(got, topics) {
		t.Errorf("the queue admits %v, want %v", got, topics)
	}

	orders, err := tmpl.GetSNSSubscriptionWithName("WorkerSubscribesOrders")
	if err != nil {
		t.Fatal(err)
	}
	if orders.TopicArn != topics[0] || *orders.Endpoint != intrinsic.GetAtt("WorkerQueue", "Arn") || orders.Protocol != "sqs" ||
		!reflect.DeepEqual(orders.FilterPolicy, map[string]any{"store": []any{"eu"}}) || orders.RawMessageDelivery != nil ||
		!reflect.DeepEqual(orders.AWSCloudFormationDependsOn, []string{"WorkerQueuePolicy"}) {
		t.Errorf("WorkerSubscribesOrders: %+v", orders)
	}
	refunds, err := tmpl.GetSNSSubscriptionWithName("WorkerSubscribesRefunds")
	if err != nil {
		t.Fatal(err)
	}
	if refunds.FilterPolicy != nil || refunds.RawMessageDelivery == nil || !*refunds.RawMessageDelivery {
		t.Errorf("WorkerSubscribesRefunds: %+v", refunds)
	}

	messaging := func(name string) []statement {
		role, err := tmpl.GetIAMRoleWithName(name + "TaskRole")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range role.Policies {
			if p.PolicyName == "messaging" {
				return p.PolicyDocument.(policyDocument).Statement
			}
		}
		return nil
	}
	if got := messaging("Api"); len(got) != 2 || got[0].Sid != "SendToQueues" || !reflect.DeepEqual(got[0].Action, []string{"sqs:GetQueueAttributes", "sqs:SendMessage"}) ||
		!reflect.DeepEqual(got[0].Resource, []string{intrinsic.GetAtt("WorkerQueue", "Arn")}) ||
		!reflect.DeepEqual(got[1].Action, []string{"sns:Publish"}) || !reflect.DeepEqual(got[1].Resource, topics) {
		t.Errorf("api's messaging: %+v", got)
	}
	if got := messaging("Worker"); len(got) != 1 || got[0].Sid != "ReceiveFromQueue" || !reflect.DeepEqual(got[0].Resource, []string{intrinsic.GetAtt("WorkerQueue", "Arn")}) {
		t.Errorf("worker's messaging: %+v", got)
	}
	if got := messaging("Other"); got != nil {
		t.Errorf("other's messaging: %+v", got)
	}

	values := map[string]string{}
	for _, name := range []string{"Api", "Worker"} {
		def, err := tmpl.GetECSTaskDefinitionWithName(name + "TaskDefinition")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range def.ContainerDefinitions[0].Environment {
			values[*e.Name] = *e.Value
		}
	}
	want := map[string]string{
		"ORDERS":    intrinsic.Sub("${OrdersTopic}"),
		"ALL":       intrinsic.Sub("${RefundsTopic},${OrdersTopic}"),
		"QUEUE_URL": intrinsic.Sub("${WorkerQueue}"),
		"JOBS":      intrinsic.Sub("${WorkerQueue}"),
	}
	if !reflect.DeepEqual(values, want) {
		t.Errorf("environment %v, want %v", values, want)
	}

	policy, err := tmpl.GetApplicationAutoScalingScalingPolicyWithName("WorkerMessagesScalingPolicy")
	if err != nil {
		t.Fatal(err)
	}
	config := policy.TargetTrackingScalingPolicyConfiguration
	metrics := config.CustomizedMetricSpecification.Metrics
	if config.TargetValue != 30 || len(metrics) != 3 || *metrics[0].MetricStat.Metric.MetricName != "ApproximateNumberOfMessagesVisible" ||
		*metrics[1].MetricStat.Metric.MetricName != "RunningTaskCount" || *metrics[2].Expression != "IF(tasks > 0, messages / tasks, messages)" || !*metrics[2].ReturnData {
		t.Errorf("WorkerMessagesScalingPolicy: %+v", config)
	}
}
