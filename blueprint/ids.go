package blueprint

import (
	"slices"
	"strconv"
	"strings"
)

// Logical IDs, output names and file names of what gen writes, in one place:
// render names every resource, parameter and output with them, and openapi,
// diagram, gen's notes and validation read them from here. A name derived
// from a Blueprint name (a service's, a load balancer's id) is a method of the
// model; a name that exists once per template is a constant.

// ID joins Blueprint names and words into a logical ID, each part in its
// logical name (see [LogicalName]): ID("web-api", "Service") is WebApiService.
func ID(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(LogicalName(p))
	}
	return b.String()
}

// Logical IDs that exist once in the application's template.
const (
	// VPCID is the VPC the template creates.
	VPCID = "Vpc"
	// ClusterID is the ECS cluster.
	ClusterID = "Cluster"
	// ExecSessionLogsID is the log group of ECS Exec sessions.
	ExecSessionLogsID = "ExecSessionLogs"
	// LogsKeyID is the KMS key that encrypts the stack's log groups (and
	// the pipeline's, in its own template).
	LogsKeyID = "LogsKey"
	// AuditLogsBucketID is the bucket of the audit logs: load balancer
	// access logs, VPC flow logs, S3 server access logs.
	AuditLogsBucketID = "AuditLogsBucket"
	// CDNLogsBucketID is the bucket of CloudFront's standard logs.
	CDNLogsBucketID = "CdnLogsBucket"
	// PipelineLogsBucketID is the bucket, in the pipeline's template, of
	// its artifact bucket's S3 server access logs.
	PipelineLogsBucketID = "PipelineLogsBucket"
	// FlowLogID is the flow log of the VPC the template creates.
	FlowLogID = "VpcFlowLog"
	// TasksSecurityGroupID is the security group every task of the
	// application joins beside its service's own: the rules of the shared
	// groups (load balancers, VPC endpoints) name it, one per port, instead
	// of one per service.
	TasksSecurityGroupID = "TasksSecurityGroup"
	// EndpointsSecurityGroupID is the security group of the interface VPC
	// endpoints.
	EndpointsSecurityGroupID = "EndpointsSecurityGroup"
	// NLBID is the internal Network Load Balancer.
	NLBID = "Nlb"
	// NLBSecurityGroupID is the NLB's security group.
	NLBSecurityGroupID = "NlbSecurityGroup"
	// NLBCertificateID is the certificate the template requests for the NLB.
	NLBCertificateID = "NlbCertificate"
	// OriginSecretID is the header value API Gateway sends to public ALBs.
	OriginSecretID = "AlbOriginSecret"
	// APIID is the REST API; APIStageID its stage.
	APIID      = "Api"
	APIStageID = "ApiStage"
	// APIAccessLogsID is the log group of the stage's access logs;
	// APIExecutionLogsID the one API Gateway writes its execution logs to,
	// created by the stack so that it has a retention and a key.
	APIAccessLogsID    = "ApiAccessLogs"
	APIExecutionLogsID = "ApiExecutionLogs"
	// VpcLinkV1ID and VpcLinkV2ID are the API's VPC link of each
	// generation: different resource types, so different IDs.
	VpcLinkV1ID = "ApiVpcLink"
	VpcLinkV2ID = "ApiVpcLinkV2"
	// VpcLinkSecurityGroupID is the VPC link V2's security group.
	VpcLinkSecurityGroupID = "ApiVpcLinkSecurityGroup"
	// CDNID is the CloudFront distribution.
	CDNID = "Cdn"
	// WebACLID is the regional web ACL.
	WebACLID = "WebAcl"
	// AlarmTopicID is the SNS topic the alarms notify, which the stack
	// creates; an application topic's ID ends in Topic as it does (see
	// [Topic.TopicID]).
	AlarmTopicID = "AlarmTopic"
	// ArtifactBucketID is the pipeline's artifact bucket.
	ArtifactBucketID = "ArtifactBucket"
)

// Output names other tools read.
const (
	// NLBARNOutput holds the NLB's ARN (openapi.yaml's integrationTarget).
	NLBARNOutput = "NlbArn"
	// VpcLinkIDOutput holds the VPC link's ID.
	VpcLinkIDOutput = "ApiVpcLinkId"
	// APIIDOutput holds the REST API's ID.
	APIIDOutput = "ApiId"
	// AlarmTopicOutput holds the ARN of the SNS topic the alarms notify.
	AlarmTopicOutput = "AlarmTopicArn"
	// APIURLOutput holds the invoke URL of the API's stage.
	APIURLOutput = "ApiUrl"
	// CDNDomainOutput holds the CloudFront distribution's domain name.
	CDNDomainOutput = "CdnDomainName"
	// NLBDNSNameOutput holds the NLB's DNS name.
	NLBDNSNameOutput = "NlbDnsName"
	// NLBHostnameOutput holds the NLB's host name in dns.zone.
	NLBHostnameOutput = "NlbHostname"
)

// LogicalID names a resource of the service: s.LogicalID("TaskDefinition")
// is WebTaskDefinition for the service web. Every resource a service owns
// starts with its name, so services never rename each other's.
func (s *Service) LogicalID(suffix string) string { return LogicalName(s.Name) + suffix }

// TaskSecurityGroupID is the security group of the service's tasks.
func (s *Service) TaskSecurityGroupID() string { return s.LogicalID("TaskSecurityGroup") }

// CallIngressID is the rule that admits the service's tasks to a load
// balancer it calls, on one of its ports: WebCallsBackendAlb80.
func (s *Service) CallIngressID(c Call, port int) string {
	return s.LogicalID("Calls" + c.ID + strconv.Itoa(port))
}

// ALBTargetGroupID is the service's target group on its ALB.
func (s *Service) ALBTargetGroupID() string { return s.LogicalID("AlbTargetGroup") }

// NLBTargetGroupID is the service's target group on the NLB.
func (s *Service) NLBTargetGroupID() string { return s.LogicalID("NlbTargetGroup") }

// TargetGroupID is the target group of the service's load balancer: its
// ALB's, or else the NLB's (a service whose deployments shift traffic has
// one load balancer).
func (s *Service) TargetGroupID() string {
	if s.ALB != nil {
		return s.ALBTargetGroupID()
	}
	return s.NLBTargetGroupID()
}

// AlternateTargetGroupID is the second target group of a service whose
// deployments shift traffic: ECS registers the new revision's tasks with
// whichever of the two holds none.
func (s *Service) AlternateTargetGroupID() string {
	if s.ALB != nil {
		return s.LogicalID("AlbAlternateTargetGroup")
	}
	return s.LogicalID("NlbAlternateTargetGroup")
}

// ParameterID is the logical ID of an SSM parameter the template creates,
// by its full name; its output is ParameterID(name)+"Name".
func ParameterID(name string) string { return LogicalName(name) + "Parameter" }

// TestPorts are the test ports of the load balancer's blue/green services,
// each once, in Blueprint order.
func (lb LoadBalancer) TestPorts(b *Blueprint) []int {
	var ports []int
	for _, s := range b.AttachedTo(lb) {
		if p := s.Deployment.TestPort; p != 0 && !slices.Contains(ports, p) {
			ports = append(ports, p)
		}
	}
	return ports
}

// TrafficShiftRoleID is the role ECS takes to shift a service's traffic
// between its target groups.
func (s *Service) TrafficShiftRoleID() string { return s.LogicalID("TrafficShiftRole") }

// AlarmID is one of the service's alarms: ApiServiceErrorsAlarm. The word
// Service keeps it apart from the edges' alarms (ApiStageErrorsAlarm).
func (s *Service) AlarmID(kind string) string {
	return s.LogicalID("Service" + LogicalName(kind) + "Alarm")
}

// LogGroupName is the service's log group as a reader finds it: the fixed
// name, or /ecs/<stack>/<service>.
func (s *Service) LogGroupName() string {
	if s.Logs.Group != "" {
		return s.Logs.Group
	}
	return "/ecs/<stack>/" + s.Name
}

// LogicalID names a resource of the load balancer: AlbSecurityGroup for
// ingress.alb, EdgeAlbSecurityGroup for the ALB "edge" of ingress.albs.
func (lb LoadBalancer) LogicalID(suffix string) string { return lb.Prefix + "Alb" + suffix }

// SecurityGroupID is the load balancer's security group.
func (lb LoadBalancer) SecurityGroupID() string { return lb.LogicalID("SecurityGroup") }

// RuleID is the logical ID of a listener rule of the load balancer, keyed by
// its priority, which is unique on the listener: AlbRule110. A rule whose
// service is renamed, or whose priority passes to another service, keeps its
// logical ID and is updated in place; keyed by the service, CloudFormation
// would create the new rule, at a priority the old one still holds, before
// it deletes the old one, and the deploy would fail (PriorityInUse).
func (lb LoadBalancer) RuleID(priority int) string {
	return lb.LogicalID("Rule" + strconv.Itoa(priority))
}

// NLBListenerID is the logical ID of the NLB's listener on port, keyed by
// the port, which is unique on the NLB, for the same reason as
// [LoadBalancer.RuleID]: NlbListener8443.
func NLBListenerID(port int) string { return NLBID + "Listener" + strconv.Itoa(port) }

// ARNOutput is the output holding the load balancer's ARN: AlbArn,
// EdgeAlbArn...
func (lb LoadBalancer) ARNOutput() string { return lb.LogicalID("Arn") }

// DNSNameOutput is the output holding the load balancer's DNS name:
// AlbDnsName, EdgeAlbDnsName...
func (lb LoadBalancer) DNSNameOutput() string { return lb.LogicalID("DnsName") }

// URLOutput is the output holding the URL of the load balancer's first
// host name, written when it has host names: AlbUrl, EdgeAlbUrl...
func (lb LoadBalancer) URLOutput() string { return lb.LogicalID("Url") }

// Title names the load balancer in descriptions and messages: the
// Application Load Balancer, or the Application Load Balancer edge.
func (lb LoadBalancer) Title() string {
	if lb.ID == "" {
		return "the Application Load Balancer"
	}
	return "the Application Load Balancer " + lb.ID
}

// CDNRecordID is the logical ID of the alias record that points a CDN
// domain at the distribution: CdnRecordApiExampleCom (and its AAAA twin,
// with Ipv6 after it).
func CDNRecordID(domain string) string { return "CdnRecord" + LogicalName(domain) }

// UserPoolID is the logical ID of a user pool the template creates.
func UserPoolID(pool string) string { return ID(pool, "UserPool") }

// UserPoolARNOutput is the output holding a created user pool's ARN.
func UserPoolARNOutput(pool string) string { return UserPoolID(pool) + "Arn" }

// KMSKeyID is the logical ID of a KMS key the template creates.
func KMSKeyID(key string) string { return ID(key, "Key") }

// RepositoryID is the logical ID of an ECR repository the template creates.
func RepositoryID(repository string) string { return ID(repository, "Repository") }

// ImageParameterID names the Parameter that holds part of a container's image
// reference: ImageParameterID(s, c, "ImageTag") is WebAppImageTag.
func ImageParameterID(service, container, part string) string { return ID(service, container, part) }

// Files gen writes, relative to the output folder (an environment's in a
// folder of its own).
const (
	// TemplateFile is the application's template (the root with nested stacks).
	TemplateFile = "template.yaml"
	// StacksDir holds the nested stacks' templates, stacks/<service>.yaml.
	StacksDir = "stacks"
	// OpenAPIFile is the API's OpenAPI document.
	OpenAPIFile = "openapi.yaml"
	// DiagramFile is the Mermaid flowchart of the request path.
	DiagramFile = "diagram.mmd"
	// PipelineFile is the delivery pipeline's template.
	PipelineFile = "pipeline.yaml"
	// BuildspecFile is the pipeline's CodeBuild specification.
	BuildspecFile = "buildspec.yml"
	// PackagedTemplateFile is where aws cloudformation package writes the
	// template it uploaded.
	PackagedTemplateFile = "packaged.yaml"
)

// StackFile is the template of a service's nested stack.
func StackFile(service string) string { return StacksDir + "/" + service + ".yaml" }

// TemplateFiles lists the CloudFormation templates the Blueprint renders,
// which overrides may address: template.yaml, each service's nested stack
// with stacks: nested, pipeline.yaml with a pipeline.
func (b *Blueprint) TemplateFiles() []string {
	files := []string{TemplateFile}
	if b.Stacks == StacksNested {
		for _, s := range b.Services {
			files = append(files, StackFile(s.Name))
		}
	}
	if b.Pipeline != nil {
		files = append(files, PipelineFile)
	}
	return files
}

// TopicID is the topic's logical ID: OrdersTopic. Its name first, as a
// service's resources; no service's resource ends in Topic, so that no
// service and topic names run together into one ID (a topic's ID with
// Topic first would be a scheduled service topic-orders's TopicOrdersSchedule
// for the topic orders-schedule). The alarms' topic, AlarmTopic, is the one
// other: the topic alarm is refused.
func (t *Topic) TopicID() string { return LogicalName(t.Name) + "Topic" }

// ARNOutput is the stack output that holds the topic's ARN.
func (t *Topic) ARNOutput() string { return t.TopicID() + "Arn" }

// QueueURLOutput and DeadLetterQueueURLOutput are the stack outputs that
// hold the URLs of the service's queue and of its dead-letter queue.
func (s *Service) QueueURLOutput() string           { return s.QueueID() + "Url" }
func (s *Service) DeadLetterQueueURLOutput() string { return s.DeadLetterQueueID() + "Url" }

// QueueID, DeadLetterQueueID and QueuePolicyID are the service's queue,
// its dead-letter queue and the queue's policy.
func (s *Service) QueueID() string           { return s.LogicalID("Queue") }
func (s *Service) DeadLetterQueueID() string { return s.LogicalID("DeadLetterQueue") }
func (s *Service) QueuePolicyID() string     { return s.LogicalID("QueuePolicy") }

// StateMachineID, StateMachineRoleID and RunsLogGroupID are a watched
// schedule's Step Functions state machine, the role it assumes and the log
// group of its errors; StateMachineOutput the stack output of its ARN.
func (s *Service) StateMachineID() string     { return s.LogicalID("StateMachine") }
func (s *Service) StateMachineRoleID() string { return s.LogicalID("StateMachineRole") }
func (s *Service) RunsLogGroupID() string     { return s.LogicalID("RunsLogGroup") }
func (s *Service) StateMachineOutput() string { return s.StateMachineID() + "Arn" }

// A FIFO queue or topic has a name of its own, which the template makes of
// a prefix below, the stack's unique ID (36 characters) and the .fifo
// suffix: ledger-51af3dc0-da77-11e4-872e-1234567db123.fifo. SQS takes 80
// characters, so a prefix is at most 80 - 36 - len("-") - len(".fifo") =
// 38: a service's name is at most 32, and a topic's name (64) is within
// SNS's 256.
const MaxFifoNamePrefix = 80 - 36 - 1 - len(".fifo")

// FifoQueueNamePrefix and FifoDeadLetterQueueNamePrefix begin the names of
// the service's FIFO queue and dead-letter queue: ledger, ledger-dlq.
func (s *Service) FifoQueueNamePrefix() string           { return s.Name }
func (s *Service) FifoDeadLetterQueueNamePrefix() string { return s.Name + "-dlq" }

// FifoNamePrefix begins the name of a FIFO topic: its name.
func (t *Topic) FifoNamePrefix() string { return t.Name }

// ObjectRuleID is the EventBridge rule that sends the new objects of the
// i-th entry of the queue's objects to it: ThumbsObjectsOfUploads, then
// ThumbsObjectsOfUploads2 for a second prefix of the same bucket.
func (s *Service) ObjectRuleID(i int) string {
	o := s.Queue.Objects[i]
	n := 1
	for _, before := range s.Queue.Objects[:i] {
		if before.Bucket == o.Bucket {
			n++
		}
	}
	id := s.LogicalID("ObjectsOf" + LogicalName(o.Bucket))
	if n > 1 {
		id += strconv.Itoa(n)
	}
	return id
}

// SubscriptionID is the subscription of the service's queue to a topic:
// WorkerSubscribesOrders.
func (s *Service) SubscriptionID(topic string) string {
	return s.LogicalID("Subscribes" + LogicalName(topic))
}

// BucketID is the bucket's logical ID: UploadsBucket. Its name first, as
// a topic's; no service's resource ends in Bucket, nor in Table, and the
// templates' own buckets and route table are refused as names (see
// reservedBucketIDs).
func (x *Bucket) BucketID() string { return LogicalName(x.Name) + "Bucket" }

// BucketPolicyID is the bucket's policy: UploadsBucketPolicy.
func (x *Bucket) BucketPolicyID() string { return x.BucketID() + "Policy" }

// NameOutput is the stack output that holds the bucket's name.
func (x *Bucket) NameOutput() string { return x.BucketID() + "Name" }

// SubName is the bucket's name as an Fn::Sub template writes it: the
// stack's bucket's ${UploadsBucket}, or an existing bucket's name, text.
func (x *Bucket) SubName() string { return subName(x.Existing, x.BucketID()) }

// SubName is the table's name as an Fn::Sub template writes it, as a
// bucket's.
func (t *Table) SubName() string { return subName(t.Existing, t.TableID()) }

// subName is a store's name in an Fn::Sub template: the Ref of its logical
// ID, or an existing store's name.
func subName(existing *ExistingStore, id string) string {
	if existing != nil {
		return existing.Name
	}
	return "${" + id + "}"
}

// TableID is the table's logical ID: OrdersTable.
func (t *Table) TableID() string { return LogicalName(t.Name) + "Table" }

// NameOutput is the stack output that holds the table's name.
func (t *Table) NameOutput() string { return t.TableID() + "Name" }

// FileSystemID is the volume's EFS file system: UploadsFileSystem. Its
// name first, as a topic's; no service's resource ends in FileSystem, nor
// in the suffixes below, so that no service and volume names run together
// into one ID.
func (v *Volume) FileSystemID() string { return LogicalName(v.Name) + "FileSystem" }

// AccessPointID is the volume's access point, through which every task
// mounts it: UploadsFileSystemAccessPoint.
func (v *Volume) AccessPointID() string { return v.FileSystemID() + "AccessPoint" }

// FileSystemSecurityGroupID is the security group of the volume's mount
// targets: UploadsFileSystemSecurityGroup.
func (v *Volume) FileSystemSecurityGroupID() string { return v.FileSystemID() + "SecurityGroup" }

// MountTargetID is the volume's mount target in the i-th private subnet
// (from 0): UploadsFileSystemMountTarget1.
func (v *Volume) MountTargetID(i int) string {
	return v.FileSystemID() + "MountTarget" + strconv.Itoa(i+1)
}

// FileSystemOutput and AccessPointOutput are the stack outputs that hold
// the IDs of the volume's file system and access point.
func (v *Volume) FileSystemOutput() string  { return v.FileSystemID() + "Id" }
func (v *Volume) AccessPointOutput() string { return v.AccessPointID() + "Id" }

// MountIngressID is the rule that admits the service's tasks to a
// volume's mount targets: CmsMountsUploads.
func (s *Service) MountIngressID(v *Volume) string {
	return s.LogicalID("Mounts" + LogicalName(v.Name))
}

// NamedEntry is an entry of one of a Blueprint's lists whose name starts
// the logical IDs of what the template makes for it (service web gives
// WebService, WebTaskDefinition...).
type NamedEntry struct {
	// Path is the field path of the entry's name (services[1].name).
	Path string
	// Kind says what the entry is: service, topic, bucket...
	Kind string
	// Name is the name as written, and Word its logical name.
	Name, Word string
}

// NamesGiving lists the entries whose logical name starts id, the longest
// word last. Two of them mean two names clash: the template makes id for
// each (service x's XDeadLetterQueue is service x-dead-letter's queue), and
// CloudFormation would take them for one resource.
func (b *Blueprint) NamesGiving(id string) []NamedEntry {
	var list []NamedEntry
	namedIn(&list, id, "service", "services", "name", b.Services, serviceName)
	namedIn(&list, id, "topic", "topics", "name", b.Topics, topicName)
	namedIn(&list, id, "bucket", "buckets", "name", b.Buckets, func(x *Bucket) string { return x.Name })
	namedIn(&list, id, "table", "tables", "name", b.Tables, func(t *Table) string { return t.Name })
	namedIn(&list, id, "volume", "volumes", "name", b.Volumes, func(v *Volume) string { return v.Name })
	namedIn(&list, id, "user pool", "userPools", "name", b.UserPools, userPoolName)
	namedIn(&list, id, "KMS key", "kmsKeys", "name", b.KMSKeys, kmsKeyName)
	namedIn(&list, id, "secret", "secrets", "name", b.Secrets, secretName)
	namedIn(&list, id, "load balancer", "ingress.albs", "id", b.Ingress.ALBs, albID)
	slices.SortStableFunc(list, func(x, y NamedEntry) int { return len(x.Word) - len(y.Word) })
	return list
}

// namedIn adds to list the entries of items, the list at path, whose name
// (the field field) has a logical name that starts id.
func namedIn[T any](list *[]NamedEntry, id, kind, path, field string, items []T, name func(*T) string) {
	for i := range items {
		n := name(&items[i])
		if word := LogicalName(n); n != "" && strings.HasPrefix(id, word) {
			*list = append(*list, NamedEntry{Path: indexPath(path, i) + "." + field, Kind: kind, Name: n, Word: word})
		}
	}
}
