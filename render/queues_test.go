package render

import (
	"reflect"
	"strings"
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
		topic := tmpl.Resources[id].(*topicWithScope)
		if topic.TopicName != nil || *topic.KmsMasterKeyId != awsManagedSNSKey || topic.FifoTopic != nil || topic.FifoThroughputScope != "" {
			t.Errorf("%s: %+v", id, topic.Topic)
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

// TestFIFO: a FIFO topic, with content-based deduplication and throughput
// per message group, delivers to a FIFO queue in high throughput mode, whose
// dead-letter queue is FIFO too, and to a standard queue; each FIFO queue
// and topic is named from its own name and the stack's unique ID, with the
// .fifo suffix, at most 80 characters for a queue.
func TestFIFO(t *testing.T) {
	b, err := blueprint.Read("pay.yaml", []byte(`name: pay
topics: [{name: payments, fifo: true, contentBasedDeduplication: true, highThroughput: true}]
services:
  - name: api
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, environment: {T: "${topics.payments.arn}"}}]
  - name: a-service-name-of-32-characters1
    cpu: 256
    memory: 512
    queue: {subscribe: [{topic: payments}], fifo: true, highThroughput: true}
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, environment: {Q: "${queue.url}"}}]
  - name: audit
    cpu: 256
    memory: 512
    queue: {subscribe: [{topic: payments}]}
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, environment: {Q: "${queue.url}"}}]
`))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	stackUUID := intrinsic.Select(2, intrinsic.Split("/", intrinsic.Ref("AWS::StackId")))
	named := func(prefix string) string { return intrinsic.Join("", []string{prefix + "-", stackUUID, ".fifo"}) }

	topic := tmpl.Resources["PaymentsTopic"].(*topicWithScope)
	if !*topic.FifoTopic || !*topic.ContentBasedDeduplication || topic.FifoThroughputScope != "MessageGroup" || *topic.TopicName != named("payments") {
		t.Errorf("PaymentsTopic: %+v %q", topic.Topic, topic.FifoThroughputScope)
	}
	const svc = "a-service-name-of-32-characters1"
	worker := b.Service(svc)
	queue, err := tmpl.GetSQSQueueWithName(worker.QueueID())
	if err != nil {
		t.Fatal(err)
	}
	if !*queue.FifoQueue || queue.ContentBasedDeduplication != nil || *queue.DeduplicationScope != "messageGroup" || *queue.FifoThroughputLimit != "perMessageGroupId" || *queue.QueueName != named(svc) {
		t.Errorf("%s: %+v", worker.QueueID(), queue)
	}
	dead, err := tmpl.GetSQSQueueWithName(worker.DeadLetterQueueID())
	if err != nil {
		t.Fatal(err)
	}
	if !*dead.FifoQueue || *dead.QueueName != named(svc+"-dlq") || dead.DeduplicationScope != nil {
		t.Errorf("%s: %+v", worker.DeadLetterQueueID(), dead)
	}
	// SQS's bound on a queue's name, with the longest service name and a
	// stack ID's UUID (36 characters).
	if longest := len(worker.FifoDeadLetterQueueNamePrefix() + "-" + "51af3dc0-da77-11e4-872e-1234567db123" + ".fifo"); len(svc) != 32 || longest > 80 || len(worker.FifoDeadLetterQueueNamePrefix()) > blueprint.MaxFifoNamePrefix {
		t.Errorf("the dead-letter queue's name can be %d characters", longest)
	}
	audit, err := tmpl.GetSQSQueueWithName("AuditQueue")
	if err != nil {
		t.Fatal(err)
	}
	if audit.FifoQueue != nil || audit.QueueName != nil {
		t.Errorf("AuditQueue: %+v", audit)
	}
	out := mustYAML(t, tmpl)
	for _, want := range []string{
		"  PaymentsTopic:\n    Type: AWS::SNS::Topic\n    Properties:\n      ContentBasedDeduplication: true\n      DisplayName: payments\n      FifoThroughputScope: MessageGroup\n      FifoTopic: true\n",
		"Description: ARN of the SNS FIFO topic payments.",
		"Description: URL of the SQS FIFO queue of service " + svc + ".",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the template", want)
		}
	}
}
