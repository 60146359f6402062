package blueprint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// A worker takes its work from a queue instead of from requests: an API
// publishes an event (an order placed) to an SNS topic, and each service
// that subscribes gets it in an SQS queue of its own, to work through at its
// pace, with failed messages kept aside in a dead-letter queue. AWS
// Copilot's Worker Services did this; here a topic is the application's
// (topics), a service names it in its environment to publish to it
// (${topics.orders.arn}), and a service with a queue subscribes to it.

// Topic is an SNS topic of the application that services publish to.
type Topic struct {
	// Name names the topic in the Blueprint: lowercase letters, digits and
	// hyphens. A standard topic's own name is CloudFormation's, from the
	// stack, and a FIFO topic's is made of its name and the stack's ID, so
	// that environments in one account never collide.
	Name string `yaml:"name"`
	// Fifo makes it an SNS FIFO topic: it delivers the messages of one
	// message group (the publisher's MessageGroupId) in the order they were
	// published, and each once, to FIFO queues. It cannot be changed once the
	// topic exists: changing it replaces the topic.
	Fifo bool `yaml:"fifo,omitempty"`
	// ContentBasedDeduplication lets a FIFO topic drop a message whose body
	// it received in the last five minutes, so that a publisher need not give
	// each message a MessageDeduplicationId.
	ContentBasedDeduplication bool `yaml:"contentBasedDeduplication,omitempty"`
	// HighThroughput scopes a FIFO topic's throughput and deduplication to
	// each message group (FifoThroughputScope MessageGroup) instead of the
	// whole topic, which takes 3,000 messages a second (300 a group).
	HighThroughput bool `yaml:"highThroughput,omitempty"`
}

// Kind says what the topic is, for people: "SNS topic" or "SNS FIFO
// topic".
func (t *Topic) Kind() string {
	if t.Fifo {
		return "SNS FIFO topic"
	}
	return "SNS topic"
}

// Queue is a service's SQS queue, which its tasks receive messages from,
// and its dead-letter queue.
type Queue struct {
	// Subscribe are the topics whose messages the queue receives.
	Subscribe []Subscription `yaml:"subscribe,omitempty"`
	// Objects are the buckets whose new objects the queue receives, each
	// as EventBridge's Object Created event: an upload to process.
	Objects []ObjectEvents `yaml:"objects,omitempty"`
	// Timeout is the visibility timeout in seconds (default 30): how long
	// a received message stays hidden from the other tasks while one works
	// on it, 1 to 43,200 (12 hours).
	Timeout int `yaml:"timeout,omitempty"`
	// Retention is how long a message waits to be received, in seconds
	// (default 345,600, four days), 60 to 1,209,600 (14 days).
	Retention int `yaml:"retention,omitempty"`
	// Delay is how long each new message stays hidden, in seconds (default
	// 0), 0 to 900.
	Delay int `yaml:"delay,omitempty"`
	// Tries is how many times a message is received before it moves to
	// the dead-letter queue (default 10), 1 to 1,000.
	Tries int `yaml:"tries,omitempty"`
	// Fifo makes it an SQS FIFO queue, and its dead-letter queue one too: a
	// message group's messages are received in order, one at a time, and
	// each once. Only FIFO topics deliver to a FIFO queue. It cannot be
	// changed once the queue exists: changing it replaces both queues.
	Fifo bool `yaml:"fifo,omitempty"`
	// ContentBasedDeduplication lets a FIFO queue drop a message whose body
	// it received in the last five minutes, so that a sender need not give
	// each message a MessageDeduplicationId.
	ContentBasedDeduplication bool `yaml:"contentBasedDeduplication,omitempty"`
	// HighThroughput is SQS's high throughput mode for a FIFO queue:
	// deduplication and the throughput quota per message group instead of
	// per queue.
	HighThroughput bool `yaml:"highThroughput,omitempty"`
}

// Kind says what the queue is, for people: "SQS queue" or "SQS FIFO
// queue".
func (q *Queue) Kind() string {
	if q.Fifo {
		return "SQS FIFO queue"
	}
	return "SQS queue"
}

// Subscription is a topic a queue receives messages from.
type Subscription struct {
	// Topic is the name of an entry of topics.
	Topic string `yaml:"topic"`
	// Filter is an SNS filter policy on the messages' attributes: only
	// the messages it matches reach the queue, e.g. {store: [eu]}.
	Filter map[string]any `yaml:"filter,omitempty"`
	// Raw delivers the message as it was published, without SNS's JSON
	// envelope (its attributes become the SQS message's).
	Raw bool `yaml:"raw,omitempty"`
}

// AWS's bounds of a queue (AWS::SQS::Queue; SQS Developer Guide,
// "Amazon SQS message quotas"). The dead-letter queue keeps messages 14
// days, the most SQS keeps one: longer than any queue it serves, because a
// message keeps its first arrival's time when it moves there.
const (
	MaxQueueTimeout     = 43200
	MinQueueRetention   = 60
	MaxQueueRetention   = 1209600
	MaxQueueDelay       = 900
	MaxQueueTries       = 1000
	DeadLetterRetention = MaxQueueRetention
)

// maxTopicName bounds a topic's name in a Blueprint: it names the topic's
// logical ID and output, and CloudFormation names the topic itself.
const maxTopicName = 64

// SNS's rules for a subscription's filter policy (SNS Developer Guide,
// "Filter policy constraints"): at most five keys, at most 150
// combinations of their values, at most 256 KB.
const (
	maxFilterKeys         = 5
	maxFilterCombinations = 150
	maxFilterBytes        = 256 * 1024
)

// Stack values of queues and topics: ${queue.url} is the service's own
// queue, ${services.NAME.queue.url} another service's, ${topics.NAME.arn}
// a topic's ARN.
const (
	QueueURLValue = ownQueue + ".url"
	ownQueue      = "queue"
	servicePrefix = "services."
	topicPrefix   = "topics."
	topicSuffix   = ".arn"
)

// ServiceQueueValue is the stack value that names the URL of service
// name's queue, with ${ }: ${services.worker.queue.url}.
func ServiceQueueValue(name string) string {
	return "${" + servicePrefix + name + "." + QueueURLValue + "}"
}

// queueNamed is the service whose queue a stack value (without ${ }) names:
// s itself for queue.url, the service NAME for services.NAME.queue.url
// (nil for a name that is no service, or another attribute); shaped
// reports a queue's shape at all (services.NAME.queue...), named the
// service's name as written.
func (b *Blueprint) queueNamed(name string, s *Service) (owner *Service, named string, shaped bool) {
	if ownQueueValue(name) {
		// ${queue.url}, or the service's queue by another attribute
		// (${queue.arn}), which messagingValue corrects.
		return s, "", true
	}
	inner, ok := strings.CutPrefix(name, servicePrefix)
	if !ok {
		return nil, "", false
	}
	named, attribute, found := strings.Cut(inner, ".queue")
	if !found || attribute != "" && !strings.HasPrefix(attribute, ".") {
		return nil, "", false
	}
	if attribute != ".url" {
		return nil, named, true
	}
	return b.Service(named), named, true
}

// ownQueueValue reports whether a stack value (without ${ }) names the
// service's own queue: by its URL, ${queue.url}, or by anything else.
func ownQueueValue(name string) bool {
	return name == ownQueue || strings.HasPrefix(name, ownQueue+".")
}

// TopicValue is the stack value that names a topic's ARN, with ${ }:
// ${topics.orders.arn}.
func TopicValue(name string) string { return "${" + topicPrefix + name + topicSuffix + "}" }

// topicNamed is the topic a stack value (without ${ }) names, and whether
// it has a topic's shape at all (topics.NAME.arn).
func (b *Blueprint) topicNamed(name string) (t *Topic, shaped bool) {
	inner, ok := strings.CutPrefix(name, topicPrefix)
	if !ok {
		return nil, false
	}
	inner, ok = strings.CutSuffix(inner, topicSuffix)
	if !ok {
		return nil, true
	}
	return b.Topic(inner), true
}

// Topic is the entry of topics named name, or nil.
func (b *Blueprint) Topic(name string) *Topic {
	return entryNamed(b.Topics, name, topicName)
}

// valuesOf are the stack values the environment of a service's containers
// names, without ${ }, each once, in their order.
func valuesOf(s *Service) []string {
	var names []string
	for _, c := range s.Containers {
		for _, k := range sortedKeys(c.Environment) {
			for _, m := range subVariable.FindAllStringSubmatch(c.Environment[k], -1) {
				if !slices.Contains(names, m[1]) {
					names = append(names, m[1])
				}
			}
		}
	}
	return names
}

// Publishes are the topics a service publishes to: those its containers'
// environment names. Naming a topic's ARN is how the application learns
// it, and what gives its task role sns:Publish on that topic alone.
func (b *Blueprint) Publishes(s *Service) []*Topic {
	var list []*Topic
	for _, name := range valuesOf(s) {
		if t, _ := b.topicNamed(name); t != nil && !slices.Contains(list, t) {
			list = append(list, t)
		}
	}
	slices.SortFunc(list, func(x, y *Topic) int { return strings.Compare(x.Name, y.Name) })
	return list
}

// SendsTo are the services whose queues a service sends to: those whose
// URL its containers' environment names (${services.NAME.queue.url}),
// which gives its task role sqs:SendMessage on each of them alone.
func (b *Blueprint) SendsTo(s *Service) []*Service {
	var list []*Service
	for _, name := range valuesOf(s) {
		if name == QueueURLValue {
			continue
		}
		if owner, _, _ := b.queueNamed(name, s); owner != nil && owner.Queue != nil && !slices.Contains(list, owner) {
			list = append(list, owner)
		}
	}
	slices.SortFunc(list, func(x, y *Service) int { return strings.Compare(x.Name, y.Name) })
	return list
}

// Senders are the services that send to a service's queue, in Blueprint
// order.
func (b *Blueprint) Senders(to *Service) []*Service {
	var list []*Service
	for i := range b.Services {
		if slices.Contains(b.SendsTo(&b.Services[i]), to) {
			list = append(list, &b.Services[i])
		}
	}
	return list
}

// Subscribers are the services whose queues subscribe to a topic, in
// Blueprint order.
func (b *Blueprint) Subscribers(t *Topic) []*Service {
	var list []*Service
	for i := range b.Services {
		s := &b.Services[i]
		if s.Queue != nil && slices.ContainsFunc(s.Queue.Subscribe, func(sub Subscription) bool { return sub.Topic == t.Name }) {
			list = append(list, s)
		}
	}
	return list
}

// ReadsQueue reports whether the environment of the service's containers
// names its queue's URL, the one way its application finds the queue.
func (s *Service) ReadsQueue() bool { return slices.Contains(valuesOf(s), QueueURLValue) }

// topics checks the application's topics: named, each once, and each
// used, by a publisher and by a subscriber.
func (v *validator) topics() {
	names := newUniqueNames("topic", "topics")
	for i := range v.b.Topics {
		t := &v.b.Topics[i]
		path := indexPath("topics", i)
		if base, ok := strings.CutSuffix(t.Name, ".fifo"); ok && isName(base) {
			// SNS's name of a FIFO topic, written as the Blueprint's.
			v.add(path+".name", fmt.Sprintf("write name: %s with fifo: true: the template gives a FIFO topic its .fifo", base), "%q is a FIFO topic's name in SNS, not a name in the Blueprint", t.Name)
			continue
		}
		names.entry(v, path+".name", t.Name, i, maxTopicName)
		if t.Name == "" {
			continue
		}
		v.fifoSettings(path, "topic", t.Fifo, t.ContentBasedDeduplication, t.HighThroughput)
		if t.TopicID() == AlarmTopicID {
			v.add(path+".name", "name it for its messages, e.g. alerts or events", "topic %q gives the template name %s, the alarms' topic's", t.Name, AlarmTopicID)
		}
		publishers := 0
		for j := range v.b.Services {
			if slices.Contains(v.b.Publishes(&v.b.Services[j]), t) {
				publishers++
			}
		}
		if publishers == 0 {
			v.warn(path+".name", fmt.Sprintf("name it in the environment of the service that publishes, e.g. TOPIC_ARN: %q, which also lets that service publish", TopicValue(t.Name)),
				"no service publishes to topic %q", t.Name)
		}
		// Each subscription with a filter is one of the topic's filter
		// policies.
		filtered := 0
		for _, s := range v.b.Subscribers(t) {
			filtered += len(slices.DeleteFunc(slices.Clone(s.Queue.Subscribe), func(sub Subscription) bool { return sub.Topic != t.Name || sub.Filter == nil }))
		}
		v.overQuota(path+".name", QuotaFilterPoliciesPerTopic, filtered, "topic "+t.Name+" (one for each subscription with a filter)")
		if len(v.b.Subscribers(t)) == 0 {
			v.warn(path+".name", fmt.Sprintf("give the service that works on its messages queue: {subscribe: [{topic: %s}]}", t.Name),
				"no queue subscribes to topic %q: SNS drops what is published to it", t.Name)
		}
	}
}

// queue checks a service's queue: its subscriptions, each of a topic of
// the Blueprint, once, with a filter SNS takes; and its settings within
// SQS's bounds.
func (v *validator) queue(path string, s *Service) {
	q := s.Queue
	seen := map[string]int{}
	for i, sub := range q.Subscribe {
		p := indexPath(path+".subscribe", i)
		if !v.required(p+".topic", sub.Topic, "name an entry of topics, e.g. topic: orders") {
			continue
		}
		if v.b.Topic(sub.Topic) == nil && !anyInvalidName(namesOf(v.b.Topics, topicName)) {
			v.add(p+".topic", nameFix(sub.Topic, namesOf(v.b.Topics, topicName), "add it to topics: [{name: "+sub.Topic+"}]"), "topic %q is not in topics", sub.Topic)
		}
		if first, dup := seen[sub.Topic]; dup {
			v.add(p+".topic", "subscribe once; a filter takes several values for one attribute", "the queue already subscribes to topic %q at %s[%d]", sub.Topic, path+".subscribe", first)
		}
		seen[sub.Topic] = i
		if t := v.b.Topic(sub.Topic); t != nil && q.Fifo && !t.Fifo {
			// SNS refuses the subscription ("FIFO SQS Queues can not be
			// subscribed to standard SNS topics"); a FIFO topic delivers to
			// standard queues too, without their order (SNS Developer
			// Guide, "Message ordering details for FIFO topics").
			v.add(p+".topic", fmt.Sprintf("make topic %s a FIFO topic (fifo: true), or this queue a standard one (remove fifo)", t.Name),
				"SNS delivers to a FIFO queue from FIFO topics only, and topic %q is a standard topic", t.Name)
		}
		if sub.Filter != nil {
			v.filterPolicy(p+".filter", sub.Filter)
		}
	}
	v.fifoSettings(path, "queue", q.Fifo, q.ContentBasedDeduplication, q.HighThroughput)
	v.between(path+".timeout", q.Timeout, 1, MaxQueueTimeout, " seconds")
	v.between(path+".retention", q.Retention, MinQueueRetention, MaxQueueRetention, " seconds")
	v.between(path+".delay", q.Delay, 0, MaxQueueDelay, " seconds")
	v.between(path+".tries", q.Tries, 1, MaxQueueTries, " tries")
	if q.Delay >= q.Retention && q.Retention >= MinQueueRetention {
		// SQS counts a message's retention from when it is sent, delay
		// included: it deletes the message before any task sees it.
		v.warn(path+".delay", fmt.Sprintf("keep delay below retention (%d seconds), or raise retention", q.Retention),
			"every message expires before it becomes visible: it is hidden %d seconds, and kept %d", q.Delay, q.Retention)
	}
	v.objectEvents(path, s)
	if len(q.Subscribe) == 0 && len(q.Objects) == 0 && len(v.b.Senders(s)) == 0 {
		v.warn(path+".subscribe", fmt.Sprintf("subscribe it to a topic the application publishes to, subscribe: [{topic: NAME}], or name it in the environment of the service that sends, e.g. JOBS_QUEUE_URL: %q", ServiceQueueValue(s.Name)), "nothing sends to the queue of service %q", s.Name)
	}
	if !s.ReadsQueue() {
		v.warn(path, fmt.Sprintf("name it in a container's environment, e.g. QUEUE_URL: \"${%s}\"", QueueURLValue),
			"service %q has a queue, and its application is not told where: no container's environment names ${%s}", s.Name, QueueURLValue)
	}
}

// fifoSettings checks the settings only a FIFO topic or queue has:
// content-based deduplication and high throughput are refused by SNS and
// SQS on a standard one.
func (v *validator) fifoSettings(path, kind string, fifo, deduplication, highThroughput bool) {
	if fifo {
		return
	}
	for _, f := range []struct {
		name string
		set  bool
	}{{"contentBasedDeduplication", deduplication}, {"highThroughput", highThroughput}} {
		if f.set {
			v.add(path+"."+f.name, "add fifo: true, or remove "+f.name, "%s is a setting of a FIFO %s, and this %s is a standard one", f.name, kind, kind)
		}
	}
}

// filterPolicy checks a subscription's filter policy as SNS does for one
// on message attributes: each key's values a list, at most five keys, at
// most 150 combinations of values, at most 256 KB.
func (v *validator) filterPolicy(path string, filter map[string]any) {
	combinations, listed := 1, true
	for _, key := range sortedKeys(filter) {
		values, ok := filter[key].([]any)
		switch {
		case !ok:
			fix := "write its values as a list"
			if value, scalar := filter[key].(string); scalar {
				fix = fmt.Sprintf("write [%s]", value)
			}
			v.add(path+"."+key, fix, "SNS matches an attribute against a list of values, and %s is not one", key)
			listed = false
		case len(values) == 0:
			v.add(path+"."+key, "list the values to match, or remove "+key, "an empty list matches no message")
			listed = false
		default:
			combinations *= len(values)
		}
	}
	if len(filter) > maxFilterKeys {
		v.add(path, fmt.Sprintf("keep %d keys: filter the others in the application", maxFilterKeys), "the filter has %d keys; SNS takes %d at most", len(filter), maxFilterKeys)
	}
	if listed && combinations > maxFilterCombinations {
		v.add(path, "fewer values per key, or filter the rest in the application", "the filter's values make %d combinations; SNS takes %d at most", combinations, maxFilterCombinations)
	}
	if data, err := json.Marshal(filter); err == nil && len(data) > maxFilterBytes {
		v.add(path, "filter the rest in the application", "the filter is %d bytes; SNS takes %d at most", len(data), maxFilterBytes)
	}
}

// Names of what a Blueprint's references name.
func topicName(t *Topic) string { return t.Name }

// backlogScaling checks scaling on the queue's backlog per task: the
// service has a queue, and Container Insights counts its running tasks
// (RunningTaskCount), which the policy divides the waiting messages by
// (Application Auto Scaling User Guide, "Example: Amazon SQS queue backlog
// per task").
func (v *validator) backlogScaling(path string, s *Service) {
	if s.Queue == nil {
		v.add(path, "give the service a queue (queue: {subscribe: [{topic: NAME}]}), or scale on cpu or memory", "messages counts the service's queue's backlog per task, and the service has no queue")
	}
	if v.b.Cluster.Insights == InsightsDisabled {
		v.add(path, "set cluster.insights to enabled, or scale on cpu or memory", "the backlog per task divides by Container Insights' count of running tasks, and cluster.insights is disabled")
	}
	v.between(path, s.Autoscaling.Messages, 1, 1_000_000, " messages per task")
}

// messagingValue checks a stack value that names a queue or a topic
// (${queue.url}, ${topics.NAME.arn}), and reports whether it has one's
// shape: the service's own queue, a topic of the Blueprint, in a
// container's environment, where it gives the service its permissions.
func (v *validator) messagingValue(path, name string, s *Service) bool {
	t, topicShaped := v.b.topicNamed(name)
	owner, named, queueShaped := v.b.queueNamed(name, s)
	if !queueShaped && !topicShaped {
		return false
	}
	own := ownQueueValue(name)
	switch {
	case s == nil:
		v.add(path, "name it in the environment of the service's containers, which it also gives their permissions", "${%s} names a queue or topic only in a container's environment", name)
	case own && s.Queue == nil:
		v.add(path, "give the service a queue: queue: {subscribe: [{topic: NAME}]}", "${%s} is the service's own queue, and service %q has none", name, s.Name)
	case own && name != QueueURLValue:
		v.add(path, "write ${"+QueueURLValue+"}: a queue is named by its URL, which SQS's ReceiveMessage takes", "${%s} is not a value of a queue", name)
	case queueShaped && name != QueueURLValue:
		v.serviceQueueValue(path, name, named, owner)
	case topicShaped && t == nil && !anyInvalidName(namesOf(v.b.Topics, topicName)):
		inner := strings.TrimPrefix(name, topicPrefix)
		topic, written := strings.CutSuffix(inner, topicSuffix)
		if !written {
			// ${topics.orders}, ${topics.orders.url}: the name before any
			// attribute.
			topic, _, _ = strings.Cut(inner, ".")
		}
		if meant := Closest(topic, namesOf(v.b.Topics, topicName)); meant != "" {
			topic = meant
		}
		fix := "write " + TopicValue(topic)
		switch {
		case v.b.Topic(topic) == nil:
			fix = "add it to topics: [{name: " + topic + "}]"
		case !written:
			fix += ": a topic is named by its ARN"
		}
		v.add(path, fix, "${%s} names no topic of the Blueprint", name)
	}
	return true
}

// FilterSummary says a subscription's filter for people: each attribute
// and the values it matches (store: eu, uk), an operator as its JSON; ""
// without a filter.
func (sub Subscription) FilterSummary() string {
	filter := sub.Filter
	var parts []string
	for _, key := range slices.Sorted(maps.Keys(filter)) {
		var values []string
		list, _ := filter[key].([]any)
		for _, v := range list {
			if text, ok := v.(string); ok {
				values = append(values, text)
			} else {
				var data bytes.Buffer
				enc := json.NewEncoder(&data)
				enc.SetEscapeHTML(false) // > as itself, not \u003e
				_ = enc.Encode(v)
				values = append(values, strings.TrimSpace(data.String()))
			}
		}
		parts = append(parts, key+": "+strings.Join(values, ", "))
	}
	return strings.Join(parts, "; ")
}

// MatchingAttributes are SNS message attributes, as aws sns publish
// --message-attributes takes them in JSON, that the subscription's filter
// lets through: for each key, its first value given as a text. ok is false
// when a key matches no text of its own (only a number, a prefix, an
// anything-but or an exists), which a test message then has to be written
// for by hand.
func (sub Subscription) MatchingAttributes() (attributes string, ok bool) {
	type attribute struct {
		DataType    string
		StringValue string
	}
	matching := map[string]attribute{}
	for key, values := range sub.Filter {
		list, _ := values.([]any)
		i := slices.IndexFunc(list, func(v any) bool { _, text := v.(string); return text })
		if i < 0 {
			return "", false
		}
		matching[key] = attribute{DataType: "String", StringValue: list[i].(string)}
	}
	data, err := json.Marshal(matching) // keys sorted: the same text every run
	return string(data), err == nil
}

// serviceQueueValue checks ${services.NAME.queue.url}: NAME a service of
// the Blueprint, with a queue, named by its URL.
func (v *validator) serviceQueueValue(path, name, named string, owner *Service) {
	switch {
	case owner == nil && v.b.Service(named) == nil && anyInvalidName(namesOf(v.b.Services, serviceName)):
		// A service whose name is not valid has a problem of its own,
		// whose fix renames it: this may be the one meant.
	case owner == nil && v.b.Service(named) == nil:
		fix := "name a service with a queue"
		if meant := Closest(named, namesOf(v.b.Services, serviceName)); meant != "" {
			fix = "write " + ServiceQueueValue(meant)
		}
		v.add(path, fix, "${%s} names no service of the Blueprint", name)
	case owner == nil:
		v.add(path, "write "+ServiceQueueValue(named)+": a queue is named by its URL, which SQS's SendMessage takes", "${%s} is not a value of a queue", name)
	case owner.Queue == nil:
		v.add(path, "give service "+owner.Name+" a queue: queue: {}", "${%s}: service %q has no queue", name, owner.Name)
	}
}

// sendCycles refuses, with stacks: nested, services that send to each
// other's queues around a cycle (api to worker, worker back to api): each
// service's stack would wait for the output of the next one's, and
// CloudFormation creates no stacks that wait for each other. In one
// template the roles and queues have no such cycle.
func (v *validator) sendCycles() {
	if v.b.Stacks != StacksNested {
		return
	}
	const (
		unseen = iota
		open
		done
	)
	state := map[*Service]int{}
	var path []*Service
	var visit func(s *Service) bool
	visit = func(s *Service) bool {
		state[s] = open
		path = append(path, s)
		for _, to := range v.b.SendsTo(s) {
			if to == s {
				continue // its own queue is in its own stack
			}
			if state[to] == open {
				cycle := path[slices.Index(path, to):]
				names := namesOf(cycle, func(s **Service) string { return (*s).Name })
				i := slices.IndexFunc(v.b.Services, func(x Service) bool { return x.Name == to.Name })
				v.add(indexPath("services", i)+".name",
					"let one of them publish to a topic that the other's queue subscribes to (topics are in the root stack), or write stacks: single",
					"services %s send to each other's queues: with stacks: nested, each service's stack would wait for the next one's", strings.Join(append(names, to.Name), " -> "))
				return true
			}
			if state[to] == unseen && visit(to) {
				return true
			}
		}
		state[s] = done
		path = path[:len(path)-1]
		return false
	}
	for i := range v.b.Services {
		if s := &v.b.Services[i]; state[s] == unseen && visit(s) {
			return // one cycle told; breaking it may break the others
		}
	}
}

// anyInvalidName reports whether one of names is not a valid name: that
// one has a problem of its own, whose fix renames it, and a reference that
// names none of them may mean it, so the reference is not told as well.
func anyInvalidName(names []string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return !isName(n) })
}

// MessagesPerTask is the backlog per task that keeps a queue's delay
// within acceptable: the messages one task works through in that time at
// processing each (Copilot's queue_delay, written as durations such as 10m
// and 250ms; the Application Auto Scaling User Guide's acceptable backlog
// per task). ok is false when either is no duration, or the time is
// shorter than one message.
func MessagesPerTask(acceptable, processing string) (messages int, ok bool) {
	latency, errLatency := time.ParseDuration(acceptable)
	each, errEach := time.ParseDuration(processing)
	if errLatency != nil || errEach != nil || each <= 0 || latency < each {
		return 0, false
	}
	return int(latency / each), true
}
