package copilot

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
)

// workerService receives the messages of topics from an SQS queue: a
// service with queue in a Blueprint.
const workerService = "Worker Service"

// The variables Copilot gave a publisher (its topics' ARNs, as a JSON
// object by topic name) and a worker (its queue's URL). The conversion
// writes both, so that the application reads them as before.
const (
	topicsVariable = "COPILOT_SNS_TOPIC_ARNS"
	queueVariable  = "COPILOT_QUEUE_URI"
)

// topicName is the Blueprint topic of Copilot's topic name, published by
// service: Copilot names a topic within its service, a Blueprint within
// the application, so both go in the name (api-orders).
func topicName(service, name string) string {
	return strings.ToLower(strings.ReplaceAll(service+"-"+name, "_", "-"))
}

// messaging converts what a service publishes and what a Worker Service
// receives: the topics of publish.topics, in the Blueprint's topics and
// named in the main container's environment as Copilot's variable; a
// worker's subscribe, as the service's queue, its URL in Copilot's
// variable. An environment's own publish or subscribe is noted.
func (s *serviceFields) messaging(svc, m, main *yaml.Node) {
	for _, field := range []string{"publish", "subscribe"} {
		if v := value(m, field); v != nil && !s.base {
			s.note(v, field, "not converted: an environment has the base's topics and queue; write what differs in its overlay")
		}
	}
	if !s.base || main == nil {
		return
	}
	s.publish(m, main)
	if s.kind == workerService {
		s.subscribe(svc, m, main)
	}
}

// publish adds the service's topics to the Blueprint, and their ARNs to
// its main container's environment as Copilot wrote them.
func (s *serviceFields) publish(m, main *yaml.Node) {
	topics := value(m, "publish", "topics")
	if topics == nil || topics.Kind != yaml.SequenceNode {
		return
	}
	arns := map[string]string{}
	for _, t := range topics.Content {
		name, ok := scalar(value(t, "name"))
		if !ok {
			continue
		}
		topic := topicName(s.name, name)
		entry := put(mapping(), "name", text(topic))
		if fifo := value(t, "fifo"); fifo != nil {
			s.fifo(entry, fifo, "publish.topics.fifo", false)
		}
		if _, seen := s.c.topics[topic]; !seen {
			if s.c.topics == nil {
				s.c.topics = map[string]*yaml.Node{}
			}
			s.c.topics[topic] = oneLine(entry)
		}
		arns[name] = blueprint.TopicValue(topic)
	}
	if len(arns) == 0 {
		return
	}
	data, _ := json.Marshal(arns) // sorted by topic name
	environment(main).Content = append(environment(main).Content, text(topicsVariable), text(string(data)))
}

// subscribe writes a Worker Service's queue: its topics, each as a
// subscription with its filter, and subscribe.queue's settings; Copilot's
// queue_delay as the backlog per task autoscaling keeps.
func (s *serviceFields) subscribe(svc, m, main *yaml.Node) {
	sub := value(m, "subscribe")
	queue := mapping()
	subscriptions := list()
	var topics []*yaml.Node
	if t := value(sub, "topics"); t != nil && t.Kind == yaml.SequenceNode {
		topics = t.Content
	}
	for i, t := range topics {
		name, ok := scalar(value(t, "name"))
		service, hasService := scalar(value(t, "service"))
		if !ok || !hasService {
			s.note(t, "subscribe.topics", "not converted: a topic is named by its name and the service that publishes it")
			continue
		}
		entry := put(mapping(), "topic", text(topicName(service, name)))
		if filter := value(t, "filter_policy"); filter != nil {
			put(entry, "filter", oneLine(filter))
		}
		subscriptions.Content = append(subscriptions.Content, oneLine(entry))
		if q := value(t, "queue"); q != nil {
			if on, isBool := truth(q); !isBool || on {
				s.note(q, "subscribe.topics["+strconv.Itoa(i)+"].queue", "not converted: every subscription delivers into the service's one queue; a topic with its own queue is a service of its own")
			}
		}
	}
	if len(subscriptions.Content) > 0 {
		put(queue, "subscribe", subscriptions)
	}
	settings := value(sub, "queue")
	for _, f := range [][2]string{{"timeout", "timeout"}, {"retention", "retention"}, {"delay", "delay"}} {
		v := value(settings, f[0])
		if v == nil {
			continue
		}
		if seconds, ok := seconds(v); ok && seconds > 0 {
			put(queue, f[1], number(seconds))
		} else if !ok {
			s.note(v, "subscribe.queue."+f[0], "not converted: write queue.%s in seconds", f[1])
		}
	}
	if tries, ok := integer(value(settings, "dead_letter", "tries")); ok {
		put(queue, "tries", number(tries))
	} else {
		s.note(sub, "subscribe.queue.dead_letter", "Copilot's queue had no dead-letter queue: a message its tasks fail on %d times now moves to the queue's dead-letter queue (tries), where an alarm says so, instead of coming back until it expires", blueprint.DefaultQueueTries)
	}
	if fifo := value(settings, "fifo"); fifo != nil {
		s.fifo(queue, fifo, "subscribe.queue.fifo", true)
	}
	put(svc, "queue", queue)
	environment(main).Content = append(environment(main).Content, text(queueVariable), text("${"+blueprint.QueueURLValue+"}"))
	s.queueDelay(svc, value(m, "count", "queue_delay"))
}

// fifo converts Copilot's fifo of a topic or a queue: true, or its
// settings (content_based_deduplication; a queue's high_throughput, or
// deduplication_scope and throughput_limit, which are SQS's high throughput
// mode together).
func (s *serviceFields) fifo(entry, n *yaml.Node, field string, queue bool) {
	if on, isBool := truth(n); isBool {
		if on {
			put(entry, "fifo", yes())
		}
		return
	}
	if resolve(n).Kind != yaml.MappingNode {
		s.note(n, field, "not converted: write fifo: true")
		return
	}
	put(entry, "fifo", yes())
	if on, _ := truth(value(n, "content_based_deduplication")); on {
		put(entry, "contentBasedDeduplication", yes())
	}
	if !queue {
		return
	}
	high, _ := truth(value(n, "high_throughput"))
	scope, _ := scalar(value(n, "deduplication_scope"))
	limit, _ := scalar(value(n, "throughput_limit"))
	switch {
	case high || scope == "messageGroup" && limit == "perMessageGroupId":
		put(entry, "highThroughput", yes())
	case scope == "messageGroup" || limit == "perMessageGroupId":
		s.note(n, field, "not converted: deduplication_scope %q with throughput_limit %q; a Blueprint's FIFO queue has both per queue (SQS's default), or both per message group with highThroughput: true", cmp.Or(scope, "queue"), cmp.Or(limit, "perQueue"))
	}
}

// queueDelay converts Copilot's count.queue_delay: the messages one task
// works through in the acceptable latency, at the processing time of one,
// are the backlog per task autoscaling keeps.
func (s *serviceFields) queueDelay(svc, n *yaml.Node) {
	if n == nil {
		return
	}
	latency, _ := scalar(value(n, "acceptable_latency"))
	each, _ := scalar(value(n, "msg_processing_time"))
	messages, ok := blueprint.MessagesPerTask(latency, each)
	auto := value(svc, "autoscaling")
	if !ok || auto == nil {
		s.note(n, "count.queue_delay", "not converted: write autoscaling.messages, the messages one task works through in the delay you accept")
		return
	}
	put(auto, "messages", number(messages))
}

// environment is a container's environment mapping, added when it has
// none.
func environment(container *yaml.Node) *yaml.Node {
	if env := value(container, "environment"); env != nil {
		return env
	}
	env := mapping()
	put(container, "environment", env)
	return env
}
