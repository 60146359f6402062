package render

import (
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/applicationautoscaling"
	"github.com/awslabs/goformation/v7/cloudformation/events"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/sns"
	"github.com/awslabs/goformation/v7/cloudformation/sqs"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// awsManagedSNSKey encrypts the topics at rest: SNS's AWS managed key,
// whose key policy lets this account's principals use it through SNS, so
// a publisher needs no KMS permission of its own, and SNS decrypts what it
// delivers to the queues (SNS Developer Guide, "Encryption at rest").
const awsManagedSNSKey = "alias/aws/sns"

// topics creates the application's SNS topics. None has a name of its own:
// CloudFormation names each from the stack, so that environments in one
// account never collide.
func (r *builder) topics() {
	for i := range r.bp.Topics {
		t := &r.bp.Topics[i]
		topic := &topicWithScope{Topic: &sns.Topic{
			DisplayName:    cloudformation.String(t.Name),
			KmsMasterKeyId: cloudformation.String(awsManagedSNSKey),
		}}
		if t.Fifo {
			topic.FifoTopic = cloudformation.Bool(true)
			topic.TopicName = fifoName(t.FifoNamePrefix())
			if t.ContentBasedDeduplication {
				topic.ContentBasedDeduplication = cloudformation.Bool(true)
			}
			if t.HighThroughput {
				topic.FifoThroughputScope = "MessageGroup"
			}
		}
		r.add(t.TopicID(), topic)
		r.output(t.ARNOutput(), "ARN of the "+t.Kind()+" "+t.Name+".", intrinsic.Ref(t.TopicID()))
	}
}

// topicWithScope is an SNS topic with FifoThroughputScope, which SNS
// added (high throughput for FIFO topics) after goformation v7's types
// were generated.
type topicWithScope struct {
	*sns.Topic
	// FifoThroughputScope is Topic (SNS's default) or MessageGroup; empty
	// leaves it out.
	FifoThroughputScope string
}

// generated is the Topic goformation writes.
func (t *topicWithScope) generated() cloudformation.Resource { return t.Topic }

// extraProperties are the properties goformation does not write.
func (t *topicWithScope) extraProperties() map[string]string {
	return map[string]string{"FifoThroughputScope": t.FifoThroughputScope}
}

// MarshalJSON writes the Topic with its throughput scope, when set.
func (t *topicWithScope) MarshalJSON() ([]byte, error) { return marshalExtended(t) }

// queue creates a service's SQS queue, its dead-letter queue, the policy
// that admits its topics, and its subscriptions. Both queues are encrypted
// with SQS's own keys (SSE-SQS), which SNS can deliver to without a KMS
// key policy; neither has a name of its own, as the topics.
func (r *builder) queue(s *blueprint.Service) {
	if s.Queue == nil {
		return
	}
	r.deadLetterQueue(s)
	r.workQueue(s)
	r.queuePolicy(s)
	r.subscriptions(s)
	r.objectRules(s)
	r.output(s.QueueURLOutput(), "URL of the "+s.Queue.Kind()+" of service "+s.Name+".", intrinsic.Ref(s.QueueID()))
	r.output(s.DeadLetterQueueURLOutput(), "URL of the dead-letter queue of service "+s.Name+": messages its tasks failed on "+strconv.Itoa(s.Queue.Tries)+" time"+blueprint.Plural(s.Queue.Tries)+".", intrinsic.Ref(s.DeadLetterQueueID()))
}

// deadLetterQueue keeps the messages the service's tasks failed on, for 14
// days, the most SQS keeps one.
func (r *builder) deadLetterQueue(s *blueprint.Service) {
	dead := &sqs.Queue{
		MessageRetentionPeriod: cloudformation.Int(blueprint.DeadLetterRetention),
		SqsManagedSseEnabled:   cloudformation.Bool(true),
		// SQS's default, written out: it marks the queue as a dead-letter
		// queue, which Control Tower's CT.SQS.PR.1 asks no dead-letter
		// queue of. The source queue cannot be named (byQueue) without a
		// cycle: it names this one.
		RedriveAllowPolicy: map[string]any{"redrivePermission": "allowAll"},
	}
	if s.Queue.Fifo {
		// SQS moves a FIFO queue's messages only to a FIFO queue.
		dead.FifoQueue = cloudformation.Bool(true)
		dead.QueueName = fifoName(s.FifoDeadLetterQueueNamePrefix())
	}
	dead.AWSCloudFormationDeletionPolicy, dead.AWSCloudFormationUpdateReplacePolicy = queueLifetime()
	r.add(s.DeadLetterQueueID(), dead)
}

// workQueue is the queue the service's tasks receive from, with the
// Blueprint's settings, moving a message to the dead-letter queue after
// tries receives.
func (r *builder) workQueue(s *blueprint.Service) {
	q := s.Queue
	queue := &sqs.Queue{
		VisibilityTimeout:      cloudformation.Int(q.Timeout),
		MessageRetentionPeriod: cloudformation.Int(q.Retention),
		SqsManagedSseEnabled:   cloudformation.Bool(true),
		// Long polling: a receive waits up to 20 seconds for a message
		// instead of answering empty at once, fewer calls for the same work.
		ReceiveMessageWaitTimeSeconds: cloudformation.Int(20),
		RedrivePolicy: map[string]any{
			"deadLetterTargetArn": intrinsic.GetAtt(s.DeadLetterQueueID(), "Arn"),
			"maxReceiveCount":     q.Tries,
		},
	}
	if q.Delay > 0 {
		queue.DelaySeconds = cloudformation.Int(q.Delay)
	}
	if q.Fifo {
		fifoQueue(queue, q)
		queue.QueueName = fifoName(s.FifoQueueNamePrefix())
	}
	queue.AWSCloudFormationDeletionPolicy, queue.AWSCloudFormationUpdateReplacePolicy = queueLifetime()
	r.add(s.QueueID(), queue)
}

// fifoQueue makes a queue a FIFO queue with the Blueprint's
// deduplication and throughput.
func fifoQueue(queue *sqs.Queue, q *blueprint.Queue) {
	queue.FifoQueue = cloudformation.Bool(true)
	if q.ContentBasedDeduplication {
		queue.ContentBasedDeduplication = cloudformation.Bool(true)
	}
	if q.HighThroughput {
		// SQS's high throughput mode is these two together (SQS
		// Developer Guide, "High throughput for FIFO queues").
		queue.DeduplicationScope = cloudformation.String("messageGroup")
		queue.FifoThroughputLimit = cloudformation.String("perMessageGroupId")
	}
}

// fifoName names a FIFO queue or topic: its prefix, the stack's unique ID
// and the .fifo suffix SQS and SNS require of them (see
// blueprint.MaxFifoNamePrefix). CloudFormation does name a FIFO queue that
// has no name of its own, but does not shorten that name to SQS's 80
// characters as it does a standard queue's: from a long stack name, or a
// nested stack's, whose name holds its parent's, the queue can fail to
// create (cloudformation-coverage-roadmap#280). The stack's ID keeps the
// name unique in the account and Region, beside every other environment's.
// A FIFO topic is named the same way, so that the two read alike in the
// console and in an emulator, which may not add the suffix to a name of its
// own making.
func fifoName(prefix string) *string {
	stackUUID := intrinsic.Select(2, intrinsic.Split("/", intrinsic.Ref("AWS::StackId")))
	return cloudformation.String(intrinsic.Join("", []string{prefix + "-", stackUUID, ".fifo"}))
}

// subscriptions subscribe the queue to its topics, each with its filter
// on the messages' attributes, or raw delivery.
func (r *builder) subscriptions(s *blueprint.Service) {
	for _, sub := range s.Queue.Subscribe {
		subscription := &sns.Subscription{
			Protocol: "sqs",
			TopicArn: intrinsic.Ref(r.bp.Topic(sub.Topic).TopicID()),
			Endpoint: intrinsic.GetAttPtr(s.QueueID(), "Arn"),
		}
		if sub.Filter != nil {
			subscription.FilterPolicy = sub.Filter
			subscription.FilterPolicyScope = cloudformation.String("MessageAttributes")
		}
		if sub.Raw {
			subscription.RawMessageDelivery = cloudformation.Bool(true)
		}
		// A message the topic sends before the queue's policy admits it
		// is refused: the subscription waits for the policy.
		subscription.AWSCloudFormationDependsOn = []string{s.QueuePolicyID()}
		r.add(s.SubscriptionID(sub.Topic), subscription)
	}
}

// objectRules send the Object Created events of the buckets the queue
// receives (every bucket the stack creates sends its events to
// EventBridge) to the queue, each bucket's by its name and the prefix of
// its keys (Amazon S3 User Guide, "Using EventBridge"). The queue's policy
// admits each rule by its ARN; EventBridge retries a delivery for a day,
// so an event of the moments before the policy exists still arrives.
func (r *builder) objectRules(s *blueprint.Service) {
	for i, o := range s.Queue.Objects {
		x := r.bp.Bucket(o.Bucket)
		object := map[string]any{}
		if o.Prefix != "" {
			object["key"] = []any{map[string]any{"prefix": o.Prefix}}
		}
		detail := map[string]any{"bucket": map[string]any{"name": []string{bucketName(x)}}}
		if len(object) > 0 {
			detail["object"] = object
		}
		where := "bucket " + x.Name
		if o.Prefix != "" {
			where += " under " + o.Prefix
		}
		r.add(s.ObjectRuleID(i), &events.Rule{
			Description: cloudformation.String("Sends the objects created in " + where + " to the queue of service " + s.Name + "."),
			EventPattern: map[string]any{
				"source":      []string{"aws.s3"},
				"detail-type": []string{"Object Created"},
				"detail":      detail,
			},
			State:   cloudformation.String("ENABLED"),
			Targets: []events.Rule_Target{{Id: "Queue", Arn: intrinsic.GetAtt(s.QueueID(), "Arn")}},
		})
	}
}

// queueLifetime is a queue's: deleted with the stack, written out. A
// message waits for a worker, and a queue kept after its stack would
// receive from no topic and be worked by no task; what a dead-letter
// queue holds is moved out first (docs/security.md).
func queueLifetime() (policies.DeletionPolicy, policies.UpdateReplacePolicy) {
	return policies.DeletionPolicy("Delete"), policies.UpdateReplacePolicy("Delete")
}

// queuePolicy admits the topics the queue subscribes to, each by its ARN
// (SNS Developer Guide, "Fanout to Amazon SQS queues"), and refuses every
// request not made over TLS.
func (r *builder) queuePolicy(s *blueprint.Service) {
	queueArn := intrinsic.GetAtt(s.QueueID(), "Arn")
	statements := []statement{tlsOnly("sqs", queueArn)}
	var topics []string
	for _, sub := range s.Queue.Subscribe {
		topics = append(topics, intrinsic.Ref(r.bp.Topic(sub.Topic).TopicID()))
	}
	var rules []string
	for i := range s.Queue.Objects {
		rules = append(rules, intrinsic.GetAtt(s.ObjectRuleID(i), "Arn"))
	}
	// Each AWS service sends for the exact sources named, and only them.
	sends := func(sid, service string, sources []string) {
		if len(sources) > 0 {
			statements = append(statements, statement{
				Sid:       sid,
				Effect:    "Allow",
				Principal: map[string]any{"Service": service},
				Action:    []string{"sqs:SendMessage"},
				Resource:  []string{queueArn},
				Condition: map[string]any{"ArnEquals": map[string]any{"aws:SourceArn": sources}},
			})
		}
	}
	sends("BucketEventsSend", "events.amazonaws.com", rules)
	sends("TopicsSend", "sns.amazonaws.com", topics)
	r.add(s.QueuePolicyID(), &sqs.QueuePolicy{
		Queues:         []string{intrinsic.Ref(s.QueueID())},
		PolicyDocument: policy(statements...),
	})
}

// messagingStatements are what a service's tasks may do with queues and
// topics: receive from and delete in its own queue, send to the queues and
// publish to the topics its environment names, each on its exact ARN.
func (r *builder) messagingStatements(s *blueprint.Service) []statement {
	var list []statement
	if s.Queue != nil {
		list = append(list, statement{
			Sid:      "ReceiveFromQueue",
			Effect:   "Allow",
			Action:   []string{"sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"},
			Resource: []string{intrinsic.GetAtt(s.QueueID(), "Arn")},
		})
	}
	var queues []string
	for _, to := range r.bp.SendsTo(s) {
		queues = append(queues, intrinsic.GetAtt(to.QueueID(), "Arn"))
	}
	if len(queues) > 0 {
		list = append(list, statement{
			Sid:      "SendToQueues",
			Effect:   "Allow",
			Action:   []string{"sqs:GetQueueAttributes", "sqs:SendMessage"},
			Resource: queues,
		})
	}
	var topics []string
	for _, t := range r.bp.Publishes(s) {
		topics = append(topics, intrinsic.Ref(t.TopicID()))
	}
	if len(topics) > 0 {
		list = append(list, statement{
			Sid:      "PublishToTopics",
			Effect:   "Allow",
			Action:   []string{"sns:Publish"},
			Resource: topics,
		})
	}
	return list
}

// backlogPerTask is the messages waiting in a service's queue per running
// task, the metric AWS documents for scaling a queue's workers
// (Application Auto Scaling User Guide, "Example: Amazon SQS queue backlog
// per task"): the queue's visible messages over Container Insights' count
// of the service's running tasks.
func (r *builder) backlogPerTask(s *blueprint.Service) *applicationautoscaling.ScalingPolicy_CustomizedMetricSpecification {
	dimension := func(name, value string) []applicationautoscaling.ScalingPolicy_TargetTrackingMetricDimension {
		return []applicationautoscaling.ScalingPolicy_TargetTrackingMetricDimension{{Name: cloudformation.String(name), Value: cloudformation.String(value)}}
	}
	query := func(id, namespace, name, stat string, dims []applicationautoscaling.ScalingPolicy_TargetTrackingMetricDimension) applicationautoscaling.ScalingPolicy_TargetTrackingMetricDataQuery {
		return applicationautoscaling.ScalingPolicy_TargetTrackingMetricDataQuery{
			Id: cloudformation.String(id),
			MetricStat: &applicationautoscaling.ScalingPolicy_TargetTrackingMetricStat{
				Metric: &applicationautoscaling.ScalingPolicy_TargetTrackingMetric{Namespace: cloudformation.String(namespace), MetricName: cloudformation.String(name), Dimensions: dims},
				Stat:   cloudformation.String(stat),
			},
			ReturnData: cloudformation.Bool(false),
		}
	}
	tasks := dimension("ClusterName", intrinsic.Ref(blueprint.ClusterID))
	tasks = append(tasks, dimension("ServiceName", s.Name)...)
	return &applicationautoscaling.ScalingPolicy_CustomizedMetricSpecification{Metrics: []applicationautoscaling.ScalingPolicy_TargetTrackingMetricDataQuery{
		query("messages", namespaceSQS, "ApproximateNumberOfMessagesVisible", "Sum", dimension("QueueName", intrinsic.GetAtt(s.QueueID(), "QueueName"))),
		query("tasks", namespaceInsights, "RunningTaskCount", "Average", tasks),
		{
			Id: cloudformation.String("backlogPerTask"),
			// With no task running (scaled to its minimum while a
			// deployment replaces them, or every task stopped), the
			// backlog is every waiting message, as if one task had them:
			// the service scales out instead of reading no data.
			Expression: cloudformation.String("IF(tasks > 0, messages / tasks, messages)"),
			Label:      cloudformation.String("Messages waiting per task of service " + s.Name),
			ReturnData: cloudformation.Bool(true),
		},
	}}
}
