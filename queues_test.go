package ecsgate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
)

// queueApp is a Blueprint of a publisher, api, and a worker whose queue
// is queue; top adds top-level fields, worker fields to the worker.
func queueApp(top, queue, worker string) string {
	return "name: a\n" + top + "services:\n  - name: api\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {TOPIC: \"${topics.orders.arn}\"}}]\n" +
		"  - name: worker\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {QUEUE_URL: \"${queue.url}\"}}]\n    queue: " + queue + "\n" + worker
}

// problemsAndWarningsOf are the problems of a Blueprint that reads, or
// else its warnings, each as gen prints it.
func problemsAndWarningsOf(t *testing.T, src string) []string {
	t.Helper()
	if problems := problemsOf(t, src); len(problems) > 0 {
		return problems
	}
	b, err := blueprint.Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, w := range b.Warnings() {
		if !blueprint.IsPlaceholder(w) && !strings.Contains(w.Message, "Docker Hub") {
			lines = append(lines, w.String())
		}
	}
	return lines
}

// TestQueueMessages: the rules of topics and queues, each with its exact
// text and position: a subscription names a topic of the Blueprint, once,
// with a filter SNS takes; the queue's settings within SQS's bounds;
// ${queue.url} and ${topics.NAME.arn} where they mean something; scaling
// on the backlog needs a queue and Container Insights; and what is valid
// but rarely meant (a topic no one publishes to or subscribes to, a queue
// nothing sends to or its application is not told of) warned.
func TestQueueMessages(t *testing.T) {
	topics := "topics: [{name: orders}]\n"
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"a worker of the topic, scaled on its backlog", queueApp(topics, "{subscribe: [{topic: orders, filter: {store: [eu, uk], total: [{numeric: [\">\", 100]}]}, raw: true}], timeout: 120, retention: 86400, delay: 10, tries: 3}", "    autoscaling: {min: 1, max: 5, messages: 20}\n"), nil},
		{"a topic misspelt, twice, and one not in topics", queueApp(topics, "{subscribe: [{topic: order}, {topic: orders}, {topic: orders}, {topic: payments}]}", ""),
			[]string{
				`bp.yaml:12:33: services[1].queue.subscribe[0].topic: topic "order" is not in topics (did you mean "orders"?)`,
				`bp.yaml:12:66: services[1].queue.subscribe[2].topic: the queue already subscribes to topic "orders" at services[1].queue.subscribe[1] (subscribe once; a filter takes several values for one attribute)`,
				`bp.yaml:12:83: services[1].queue.subscribe[3].topic: topic "payments" is not in topics (add it to topics: [{name: payments}]; known: "orders")`,
			}},
		{"filters SNS refuses", queueApp(topics, "{subscribe: [{topic: orders, filter: {store: eu, a: [], b: [1], c: [1], d: [1], e: [1]}}]}", ""), []string{
			`bp.yaml:12:49: services[1].queue.subscribe[0].filter: the filter has 6 keys; SNS takes 5 at most (keep 5 keys: filter the others in the application)`,
			`bp.yaml:12:57: services[1].queue.subscribe[0].filter.store: SNS matches an attribute against a list of values, and store is not one (write [eu])`,
			`bp.yaml:12:64: services[1].queue.subscribe[0].filter.a: an empty list matches no message (list the values to match, or remove a)`,
		}},
		{"a filter of too many combinations", queueApp(topics, "{subscribe: [{topic: orders, filter: {a: [1, 2, 3, 4, 5, 6], b: [1, 2, 3, 4, 5], c: [1, 2, 3, 4, 5, 6]}}]}", ""), []string{
			`bp.yaml:12:49: services[1].queue.subscribe[0].filter: the filter's values make 180 combinations; SNS takes 150 at most (fewer values per key, or filter the rest in the application)`,
		}},
		{"settings outside SQS's bounds", queueApp(topics, "{subscribe: [{topic: orders}], timeout: 43201, retention: 30, delay: 901, tries: 1001}", ""),
			[]string{
				`bp.yaml:12:52: services[1].queue.timeout: 43201 seconds is out of range (use a value from 1 to 43200)`,
				`bp.yaml:12:70: services[1].queue.retention: 30 seconds is out of range (use a value from 60 to 1209600)`,
				`bp.yaml:12:81: services[1].queue.delay: 901 seconds is out of range (use a value from 0 to 900)`,
				`bp.yaml:12:93: services[1].queue.tries: 1001 tries is out of range (use a value from 1 to 1000)`,
			}},
		{"the service's own queue by its ARN", strings.Replace(queueApp(topics, "{subscribe: [{topic: orders}]}", ""), "{QUEUE_URL: \"${queue.url}\"}", "{QUEUE_URL: \"${queue.url}\", QUEUE_ARN: \"${queue.arn}\"}", 1),
			[]string{
				`bp.yaml:11:110: services[1].containers[0].environment.QUEUE_ARN: ${queue.arn} is not a value of a queue (write ${queue.url}: a queue is named by its URL, which SQS's ReceiveMessage takes)`,
			}},
		{"a topic named as SNS names a FIFO topic", strings.Replace(queueApp(topics, "{subscribe: [{topic: orders}]}", ""), "topics: [{name: orders}]", "topics: [{name: orders}, {name: payments.fifo}]", 1),
			[]string{
				`bp.yaml:2:33: topics[1].name: "payments.fifo" is a FIFO topic's name in SNS, not a name in the Blueprint (write name: payments with fifo: true: the template gives a FIFO topic its .fifo)`,
			}},
		{"stack values of no queue and no topic", strings.Replace(queueApp(topics, "{subscribe: [{topic: orders}]}", ""), "{TOPIC: \"${topics.orders.arn}\"}", "{TOPIC: \"${topics.order.arn}\", Q: \"${queue.url}\", T: \"${topics.orders}\"}", 1),
			[]string{
				`bp.yaml:7:79: services[0].containers[0].environment.TOPIC: ${topics.order.arn} names no topic of the Blueprint (write ${topics.orders.arn})`,
				`bp.yaml:7:105: services[0].containers[0].environment.Q: ${queue.url} is the service's own queue, and service "api" has none (give the service a queue: queue: {subscribe: [{topic: NAME}]})`,
				`bp.yaml:7:124: services[0].containers[0].environment.T: ${topics.orders} names no topic of the Blueprint (write ${topics.orders.arn}: a topic is named by its ARN)`,
			}},
		{"FIFO topics and queues, and a standard queue of a FIFO topic", queueApp("topics: [{name: orders, fifo: true, contentBasedDeduplication: true, highThroughput: true}]\n", "{subscribe: [{topic: orders}], fifo: true, contentBasedDeduplication: true, highThroughput: true}", "  - name: audit\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {QUEUE_URL: \"${queue.url}\"}}]\n    queue: {subscribe: [{topic: orders}]}\n"), nil},
		{"a FIFO queue of a standard topic", queueApp(topics, "{subscribe: [{topic: orders}], fifo: true}", ""),
			[]string{`bp.yaml:12:33: services[1].queue.subscribe[0].topic: SNS delivers to a FIFO queue from FIFO topics only, and topic "orders" is a standard topic (make topic orders a FIFO topic (fifo: true), or this queue a standard one (remove fifo))`}},
		{"FIFO settings of a standard topic and queue", queueApp("topics: [{name: orders, contentBasedDeduplication: true, highThroughput: false}]\n", "{subscribe: [{topic: orders}], highThroughput: true}", ""),
			[]string{
				`bp.yaml:2:52: topics[0].contentBasedDeduplication: contentBasedDeduplication is a setting of a FIFO topic, and this topic is a standard one (add fifo: true, or remove contentBasedDeduplication)`,
				`bp.yaml:12:59: services[1].queue.highThroughput: highThroughput is a setting of a FIFO queue, and this queue is a standard one (add fifo: true, or remove highThroughput)`,
			}},
		{"a delay as long as the retention", queueApp(topics, "{subscribe: [{topic: orders}], retention: 600, delay: 600}", ""),
			[]string{`bp.yaml:12:66: warning: services[1].queue.delay: every message expires before it becomes visible: it is hidden 600 seconds, and kept 600 (keep delay below retention (600 seconds), or raise retention)`}},
		{"a queue that another service sends to, with no subscription", strings.Replace(queueApp("", "{}", ""), "{TOPIC: \"${topics.orders.arn}\"}", "{JOBS: \"${services.worker.queue.url}\"}", 1), nil},
		{"other services' queues that are not", strings.Replace(queueApp(topics, "{subscribe: [{topic: orders}]}", ""), "{TOPIC: \"${topics.orders.arn}\"}", "{TOPIC: \"${topics.orders.arn}\", A: \"${services.wroker.queue.url}\", B: \"${services.api.queue.url}\", C: \"${services.worker.queue.arn}\"}", 1),
			[]string{
				`bp.yaml:7:106: services[0].containers[0].environment.A: ${services.wroker.queue.url} names no service of the Blueprint (write ${services.worker.queue.url})`,
				`bp.yaml:7:141: services[0].containers[0].environment.B: ${services.api.queue.url}: service "api" has no queue (give service api a queue: queue: {})`,
				`bp.yaml:7:173: services[0].containers[0].environment.C: ${services.worker.queue.arn} is not a value of a queue (write ${services.worker.queue.url}: a queue is named by its URL, which SQS's SendMessage takes)`,
			}},
		{"services that send to each other's queues, in nested stacks", "name: a\nstacks: nested\nservices:\n  - {name: api, cpu: 256, memory: 512, queue: {}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {Q: \"${queue.url}\", W: \"${services.worker.queue.url}\"}}]}\n  - {name: worker, cpu: 256, memory: 512, queue: {}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {Q: \"${queue.url}\", A: \"${services.api.queue.url}\"}}]}\n",
			[]string{`bp.yaml:4:12: services[0].name: services api -> worker -> api send to each other's queues: with stacks: nested, each service's stack would wait for the next one's (let one of them publish to a topic that the other's queue subscribes to (topics are in the root stack), or write stacks: single)`}},
		{"services that send to each other's queues, in one template", "name: a\nservices:\n  - {name: api, cpu: 256, memory: 512, queue: {}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {Q: \"${queue.url}\", W: \"${services.worker.queue.url}\"}}]}\n  - {name: worker, cpu: 256, memory: 512, queue: {}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {Q: \"${queue.url}\", A: \"${services.api.queue.url}\"}}]}\n", nil},
		{"a topic named in a parameter", strings.Replace(queueApp(topics, "{subscribe: [{topic: orders}]}", ""), "name: a\n", "name: a\nparameters: {prefix: /a, create: [{name: topic, value: \"${topics.orders.arn}\"}]}\n", 1),
			[]string{
				`bp.yaml:2:56: parameters.create[0].value: ${topics.orders.arn} names a queue or topic only in a container's environment (name it in the environment of the service's containers, which it also gives their permissions)`,
			}},
		{"scaling on messages without a queue or Container Insights", strings.Replace(queueApp(topics, "{subscribe: [{topic: orders}]}", ""), "    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {TOPIC", "    memory: 512\n    autoscaling: {min: 1, max: 3, messages: 10}\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {TOPIC", 1) + "cluster: {insights: disabled}\n",
			[]string{
				`bp.yaml:7:45: services[0].autoscaling.messages: messages counts the service's queue's backlog per task, and the service has no queue (give the service a queue (queue: {subscribe: [{topic: NAME}]}), or scale on cpu or memory)`,
				`bp.yaml:7:45: services[0].autoscaling.messages: the backlog per task divides by Container Insights' count of running tasks, and cluster.insights is disabled (set cluster.insights to enabled, or scale on cpu or memory)`,
			}},
		{"a topic that would be the alarms' topic", strings.ReplaceAll(queueApp(topics, "{subscribe: [{topic: orders}]}", ""), "orders", "alarm"),
			[]string{`bp.yaml:2:17: topics[0].name: topic "alarm" gives the template name AlarmTopic, the alarms' topic's (name it for its messages, e.g. alerts or events)`}},
		{"a topic and a scheduled service whose names run together", "name: a\ntopics: [{name: orders-schedule}]\nservices:\n  - name: topic-orders\n    cpu: 256\n    memory: 512\n    schedule: {expression: rate(1 hour)}\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {T: \"${topics.orders-schedule.arn}\"}}]\n  - name: w\n    cpu: 256\n    memory: 512\n    queue: {subscribe: [{topic: orders-schedule}]}\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {Q: \"${queue.url}\"}}]\n", nil},
		{"what is valid and rarely meant", strings.Replace(queueApp("topics: [{name: orders}, {name: unused}]\n", "{}", ""), "{QUEUE_URL: \"${queue.url}\"}", "{}", 1),
			[]string{
				`bp.yaml:2:17: warning: topics[0].name: no queue subscribes to topic "orders": SNS drops what is published to it (give the service that works on its messages queue: {subscribe: [{topic: orders}]})`,
				`bp.yaml:2:33: warning: topics[1].name: no queue subscribes to topic "unused": SNS drops what is published to it (give the service that works on its messages queue: {subscribe: [{topic: unused}]})`,
				`bp.yaml:2:33: warning: topics[1].name: no service publishes to topic "unused" (name it in the environment of the service that publishes, e.g. TOPIC_ARN: "${topics.unused.arn}", which also lets that service publish)`,
				`bp.yaml:12:12: warning: services[1].queue: service "worker" has a queue, and its application is not told where: no container's environment names ${queue.url} (name it in a container's environment, e.g. QUEUE_URL: "${queue.url}")`,
				`bp.yaml:12:12: warning: services[1].queue.subscribe: nothing sends to the queue of service "worker" (subscribe it to a topic the application publishes to, subscribe: [{topic: NAME}], or name it in the environment of the service that sends, e.g. JOBS_QUEUE_URL: "${services.worker.queue.url}")`,
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := problemsAndWarningsOf(t, c.src)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestFilterPoliciesPerTopic: each subscription with a filter is one of
// its topic's filter policies, 200 by default (SNS's quota, adjustable):
// one more is told at the topic, and quotas raises it.
func TestFilterPoliciesPerTopic(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: a\nstacks: nested\ntopics: [{name: orders}]\nservices:\n")
	for i := range 201 {
		fmt.Fprintf(&b, "  - {name: w%d, cpu: 256, memory: 512, queue: {subscribe: [{topic: orders, filter: {shard: [\"%d\"]}}]}, containers: [{name: app, image: {uri: \"nginx:1.27\"}, environment: {Q: \"${queue.url}\", T: \"${topics.orders.arn}\"}}]}\n", i, i)
	}
	want := `bp.yaml:3:17: topics[0].name: topic orders (one for each subscription with a filter) needs 201 filter policies; AWS allows 200 filter policies per SNS topic (1 too many)`
	got := strings.Join(problemsOf(t, b.String()), "\n")
	if !strings.Contains(got, want) {
		t.Errorf("no %s in:\n%s", want, got)
	}
	if got := problemsOf(t, b.String()+"quotas: {snsFilterPoliciesPerTopic: 250}\n"); len(got) > 0 {
		t.Errorf("raised to 250: %v", got)
	}
}
