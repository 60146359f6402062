package blueprint

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// otherName is a field name another tool uses (Kubernetes, Compose, AWS
// Copilot, ECS task definitions, AWS CDK) for what a Blueprint writes
// differently: a newcomer writes the name they know, and "unknown field"
// with the list of known ones leaves them to guess which it is.
type otherName struct {
	// field is the Blueprint's field of the same mapping that holds what
	// the other name meant, or, for something that lives elsewhere, the
	// field of this mapping the fix adds (containers, for a service's
	// image), or ../ and a field of the mapping this one is in (a
	// container's port, for its image's). Where that field is not written,
	// its own problems (required, say) would only repeat this one, so they
	// are left out.
	field string
	// fix says what to write instead, given the value written; nil for a
	// plain rename of field, whose fix writes the value under its name.
	fix func(key string, value *yaml.Node) string
}

// otherNamesIn are the other names written in a mapping of type typ,
// which a Blueprint has at where (a field path, "" for the top level).
type otherNamesIn struct {
	typ   reflect.Type
	where string
	names map[string]otherName
}

// corsHeadersFix is the fix for a bucket's CORS headers, which the
// template sets.
const corsHeadersFix = "remove it: the rule allows any request header (CORS grants nothing a presigned URL does not) and exposes ETag, which a multipart upload from the browser needs"

// renamed is the other name of field, in the same mapping.
func renamed(field string) otherName { return otherName{field: field} }

// elsewhere is the other name of something that lives in another place,
// with the fix that says where.
func elsewhere(field, fix string) otherName {
	return otherName{field: field, fix: func(string, *yaml.Node) string { return fix }}
}

// otherNames are the other tools' names newcomers write, by the Blueprint
// type of the mapping they write them in, in the order docs list them. Each
// is listed in one spelling (see otherNameOf). A name one or two edits from
// a field of the same mapping (hostname, ports, healthcheck on a container)
// or ending in one (desiredCount, containerPort, desired_count) needs no
// entry: suggestField finds those.
var otherNames = []otherNamesIn{
	{reflect.TypeFor[Blueprint](), "", map[string]otherName{
		"region":       elsewhere("", "remove it: a stack is created in the Region it is deployed to, the AWS CLI's region or aws cloudformation deploy --region REGION"),
		"version":      elsewhere("", "remove it: a Blueprint has no version"),
		"envs":         {field: "environments", fix: environmentsFix},
		"app":          renamed("name"),
		"application":  renamed("name"),
		"env":          {field: "environments", fix: environmentsFix},
		"environment":  {field: "environments", fix: environmentsFix},
		"vpc":          elsewhere("network", "the VPC is under network: write network: {vpc: {...}} for a new one, or network: {existing: {id: ...}} for one you have"),
		"alb":          elsewhere("ingress", "load balancers are under ingress: write ingress: {alb: {...}}"),
		"nlb":          elsewhere("ingress", "load balancers are under ingress: write ingress: {nlb: {...}}"),
		"loadBalancer": elsewhere("ingress", "load balancers are under ingress: write ingress: {alb: {...}} or ingress: {nlb: {...}}"),
		"domain":       elsewhere("", "name hosts where they are served: ingress.alb.hostnames, ingress.nlb.hostname or cdn.domains, with dns.zone for their records"),
		"containers":   elsewhere("services", "containers belong to a service: write services: [{name: NAME, cpu: 256, memory: 512, containers: [...]}]"),
		"cognito":      renamed("userPools"),
		"efs":          renamed("volumes"),
		"fileSystems":  renamed("volumes"),
		"jobs":         elsewhere("services", "a job is a service that runs on a schedule: write it in services, with schedule: {expression: \"cron(0 3 * * ? *)\"} (see "+DocsOperating+"#scheduled-tasks)"),
		// Queues and topics: a queue is its service's, a topic the
		// application's.
		"queues":  elsewhere("services", queueOfServiceFix),
		"sqs":     elsewhere("services", queueOfServiceFix),
		"workers": elsewhere("services", "a worker is a service with a queue: write it in services, with queue: {subscribe: [{topic: NAME}]} (see "+DocsOperating+"#queues-and-topics)"),
		"sns":     renamed("topics"),
		// Data stores: Copilot's storage init, CDK's and CloudFormation's
		// service names.
		"s3":       renamed("buckets"),
		"dynamodb": renamed("tables"),
		"storage":  elsewhere("", "a Blueprint's stores are buckets: [{name: NAME}] (S3) and tables: [{name: NAME, partitionKey: {name: id}}] (DynamoDB), and volumes: [{name: NAME}] (EFS) for files a container mounts"),
	}},
	{reflect.TypeFor[Service](), "services[]", map[string]otherName{
		"replicas":    renamed("count"),
		"instances":   renamed("count"),
		"scaling":     renamed("autoscaling"),
		"scale":       renamed("autoscaling"),
		"deploy":      {field: "count", fix: composeDeployFix},
		"logging":     renamed("logs"),
		"http":        {field: "alb", fix: httpFix},
		"type":        {fix: copilotTypeFix},
		"image":       containerField("image"),
		"path":        {field: "alb", fix: albRuleFix("paths")},
		"paths":       {field: "alb", fix: albRuleFix("paths")},
		"host":        {field: "alb", fix: albRuleFix("hosts")},
		"hosts":       {field: "alb", fix: albRuleFix("hosts")},
		"port":        containerField("port"),
		"ports":       containerField("port"),
		"expose":      containerField("port"),
		"desired":     renamed("count"),
		"tag":         elsewhere("containers", "the tag is a container image's: write containers: [{name: app, image: {repository: NAME, tag: TAG}}]"),
		"environment": containerField("environment"),
		"variables":   containerField("environment"),
		"env":         containerField("environment"),
		"secrets":     containerField("secrets"),
		"command":     containerField("command"),
		"entryPoint":  containerField("entryPoint"),
		"user":        containerField("user"),
		// Terraform's and CloudFormation's names for an ECS service.
		"cpuArchitecture":          renamed("platform"),
		"launchType":               elsewhere("", "remove it: every service runs on Fargate (spot: {} for Fargate Spot)"),
		"fargateSpot":              renamed("spot"),
		"capacityProvider":         elsewhere("spot", spotFix),
		"capacityProviders":        elsewhere("spot", spotFix),
		"capacityProviderStrategy": elsewhere("spot", spotFix),
		// A scheduled task's words: cron's, EventBridge's, Copilot's
		// Scheduled Job's on.schedule, timeout and retries.
		"cron":                          {field: "schedule", fix: scheduledTaskFix},
		"scheduleExpression":            {field: "schedule", fix: scheduledTaskFix},
		"on":                            {field: "schedule", fix: scheduledTaskFix},
		"timeout":                       elsewhere("schedule", TaskTimeoutFix),
		"retries":                       elsewhere("schedule", TaskRetriesFix),
		"assignPublicIp":                elsewhere("", "remove it: tasks run in private subnets without public IPs and reach the internet through the network's NAT gateway or VPC endpoints"),
		"subnets":                       elsewhere("", "remove it: tasks run in the VPC's private subnets (network.existing.privateSubnets for a VPC you have)"),
		"securityGroups":                elsewhere("", "remove it: gen gives each service a security group of its own that admits its load balancer; egress lists what the tasks may connect to"),
		"taskRole":                      elsewhere("", rolesFix),
		"taskRoleArn":                   elsewhere("", rolesFix),
		"executionRole":                 elsewhere("", rolesFix),
		"executionRoleArn":              elsewhere("", rolesFix),
		"minimumHealthyPercent":         deploymentField("minPercent"),
		"maximumPercent":                deploymentField("maxPercent"),
		"healthCheckGracePeriodSeconds": deploymentField("gracePeriod"),
		"healthCheckGracePeriod":        deploymentField("gracePeriod"),
		"deploymentConfiguration":       renamed("deployment"),
		"healthCheck":                   elsewhere("containers", "health checks are a container's (containers[].healthCheck: {command: [...]}) or the load balancer's (alb.healthCheck or nlb.healthCheck: {path: ...})"),
		// Compose's service fields that ECS does otherwise.
		"restart":   elsewhere("", "remove it: ECS replaces a task that stops, to keep the service's count running"),
		"dependsOn": elsewhere("", "remove it: services start on their own on ECS; one that calls another reaches it through its load balancer and retries until it answers (the containers of one task order their start with containers[].dependsOn)"),
		"volumes":   elsewhere("", volumesFix),
		"networks":  elsewhere("", "remove it: every service runs in the VPC's private subnets; its security group admits its load balancer, and egress lists what its tasks may reach"),
		"build":     elsewhere("", buildFix),
		// Copilot's service manifest fields that a Blueprint says elsewhere.
		"sidecars":         elsewhere("containers", "a sidecar is another container of the task: add it to containers, beside the app's (traffic: {container: NAME, port: PORT} names the one the load balancer reaches)"),
		"storage":          elsewhere("", volumesFix),
		"efs":              elsewhere("", volumesFix),
		"network":          elsewhere("", "remove it: tasks always run in the private subnets of the Blueprint's network (at the top)"),
		"taskdefOverrides": elsewhere("", "write the changes as overrides at the top: JSON Patch operations on the rendered template ("+DocsOverrides+")"),
		// Copilot's Worker Service and publishers.
		"subscribe": {field: "queue", fix: subscribeFix},
		"sqs":       renamed("queue"),
		"queues":    renamed("queue"),
		"publish":   {fix: publishFix},
		"topics":    {fix: publishFix},
	}},
	{reflect.TypeFor[Container](), "services[].containers[]", map[string]otherName{
		"env":                  renamed("environment"),
		"variables":            renamed("environment"),
		"environmentVariables": renamed("environment"),
		"args":                 renamed("command"),
		"portMappings":         {field: "port", fix: containerPortsFix},
		"ports":                {field: "port", fix: containerPortsFix},
		"envFile":              elsewhere("environment", "gen reads no env file: write its variables in environment: {NAME: value}, and its secrets in secrets: {NAME: {parameter: ...}} (no secret value goes in a template)"),
		"restart":              elsewhere("", "remove it: an essential container that exits stops its task, and ECS starts another to keep the service's count"),
		"volumes":              elsewhere("mounts", volumesFix),
		"mountPoints":          renamed("mounts"),
		"volumeMounts":         renamed("mounts"),
		"resources":            elsewhere("", "write cpu and memory, in CPU units and MiB (cpu: 256 is 0.25 vCPU, memory: 512); the task's size is the service's cpu and memory"),
		"privileged":           elsewhere("", "remove it: Fargate runs no privileged container"),
		"imagePullPolicy":      elsewhere("", "remove it: ECS pulls the image when each task starts, and resolves a tag to one image digest when the service deploys"),
		"workingDir":           elsewhere("", "a container runs in its image's working directory (WORKDIR): set it in the Dockerfile, or add WorkingDirectory to the container definition with overrides"),
		"logConfiguration":     elsewhere("", containerLogsFix),
		"logging":              elsewhere("", containerLogsFix),
		// Container definition properties a Blueprint does not model, that
		// Fargate takes: set through overrides.
		"ulimits":         containerOverridden("Ulimits"),
		"stopTimeout":     containerOverridden("StopTimeout"),
		"startTimeout":    containerOverridden("StartTimeout"),
		"linuxParameters": containerOverridden("LinuxParameters"),
		"dockerLabels":    containerOverridden("DockerLabels"),
		"labels":          containerOverridden("DockerLabels"),
		"systemControls":  containerOverridden("SystemControls"),
		// Kubernetes' probes.
		"livenessProbe":  {field: "healthCheck", fix: livenessFix},
		"readinessProbe": {field: "healthCheck", fix: readinessFix},
		"startupProbe":   {field: "healthCheck", fix: startupFix},
	}},
	{reflect.TypeFor[Image](), "services[].containers[].image", map[string]otherName{
		"location": renamed("uri"),
		"build":    elsewhere("", buildFix),
		"port":     elsewhere("../port", "a container's port is beside its image: write containers[].port"),
	}},
	{secretRefType, "services[].containers[].secrets.*", map[string]otherName{
		"secretsmanager": {field: "secret", fix: secretsmanagerFix},
		"valueFrom":      {field: "secret", fix: valueFromFix},
		"ssm":            renamed("parameter"),
		"parameterStore": renamed("parameter"),
		"parameterName":  renamed("parameter"),
		"secretArn":      renamed("secret"),
		"secretId":       renamed("secret"),
		"secretName":     renamed("secret"),
	}},
	{reflect.TypeFor[HealthCheck](), "services[].containers[].healthCheck", map[string]otherName{
		"test": renamed("command"),
		// A path is what a load balancer checks; a container's check is a
		// command (the load balancer's own check is alb.healthCheck).
		"path": {field: "command", fix: healthCheckPathFix},
	}},
	{reflect.TypeFor[Spot](), "services[].spot", map[string]otherName{
		// The capacity provider strategy's word, AWS CDK's and Copilot's.
		"base":         renamed("onDemand"),
		"onDemandBase": renamed("onDemand"),
		"fargateBase":  renamed("onDemand"),
		"spotFrom":     {field: "onDemand", fix: spotFromFix},
		// A share on Spot: ECS's weights split the tasks beyond the base,
		// and spot puts them all on Spot.
		"weight":     elsewhere("", spotShareFix),
		"percent":    elsewhere("", spotShareFix),
		"percentage": elsewhere("", spotShareFix),
		"share":      elsewhere("", spotShareFix),
	}},
	{reflect.TypeFor[Schedule](), "services[].schedule", map[string]otherName{
		"cron":                       {field: "expression", fix: expressionFix},
		"rate":                       {field: "expression", fix: expressionFix},
		"schedule":                   {field: "expression", fix: expressionFix},
		"scheduleExpression":         {field: "expression", fix: expressionFix},
		"tz":                         renamed("timezone"),
		"scheduleExpressionTimezone": renamed("timezone"),
		"disabled":                   renamed("paused"),
		"enabled":                    {field: "paused", fix: pausedFix},
		"state":                      {field: "paused", fix: pausedFix},
	}},
	{reflect.TypeFor[Queue](), "services[].queue", map[string]otherName{
		// SQS's attribute names, and Copilot's.
		"visibilityTimeout":      renamed("timeout"),
		"messageRetentionPeriod": renamed("retention"),
		"delaySeconds":           renamed("delay"),
		"maxReceiveCount":        renamed("tries"),
		"deadLetter":             {field: "tries", fix: deadLetterFix},
		"deadLetterQueue":        {field: "tries", fix: deadLetterFix},
		"redrivePolicy":          {field: "tries", fix: deadLetterFix},
		"topics":                 renamed("subscribe"),
		// SQS's attributes of a FIFO queue; SQS's high throughput mode is
		// two of them together.
		"fifoQueue":           renamed("fifo"),
		"deduplicationScope":  elsewhere("highThroughput", highThroughputFix),
		"fifoThroughputLimit": elsewhere("highThroughput", highThroughputFix),
	}},
	{reflect.TypeFor[Bucket](), "buckets[]", map[string]otherName{
		"bucketName":        elsewhere("name", "write name: NAME, the bucket's name in the Blueprint; CloudFormation names the bucket itself from the stack, unique in all of S3, and ${buckets.NAME.name} gives it to the services; a bucket that exists already is existing: {name: BUCKET}"),
		"versioning":        elsewhere("versionDays", "remove it: every bucket is versioned; versionDays says how many days an earlier version is kept (default 30)"),
		"lifecycleRules":    elsewhere("expireDays", "write expireDays: DAYS to delete objects that many days after they were written, and versionDays: DAYS for earlier versions"),
		"encryption":        elsewhere("", "remove it: every bucket is encrypted with S3's AWS managed KMS key"),
		"public":            elsewhere("", "remove it: a bucket is private; serve its objects through the application (presigned URLs) or a CloudFront distribution of your own"),
		"website":           elsewhere("", "remove it: a bucket is private; serve its objects through the application (presigned URLs) or a CloudFront distribution of your own"),
		"corsRules":         renamed("cors"),
		"corsConfiguration": renamed("cors"),
		"corsRule":          renamed("cors"),
	}},
	{reflect.TypeFor[BucketCORS](), "buckets[].cors", map[string]otherName{
		"allowedOrigins": renamed("origins"),
		"allowedOrigin":  renamed("origins"),
		"origin":         renamed("origins"),
		"allowedMethods": renamed("methods"),
		"allowedMethod":  renamed("methods"),
		"maxAgeSeconds":  renamed("maxAge"),
		"allowedHeaders": elsewhere("", corsHeadersFix),
		"exposedHeaders": elsewhere("", corsHeadersFix),
		"exposeHeaders":  elsewhere("", corsHeadersFix),
	}},
	{reflect.TypeFor[Table](), "tables[]", map[string]otherName{
		"tableName":              elsewhere("name", "write name: NAME, the table's name in the Blueprint; CloudFormation names the table itself from the stack, and ${tables.NAME.name} gives it to the services; a table that exists already is existing: {name: TABLE}"),
		"hashKey":                renamed("partitionKey"),
		"rangeKey":               renamed("sortKey"),
		"keySchema":              elsewhere("partitionKey", "write partitionKey: {name: NAME, type: S} and, for a sort key, sortKey: {name: NAME}"),
		"attributeDefinitions":   elsewhere("", "remove it: the template defines the key attributes from partitionKey, sortKey and the indexes' keys, with their types"),
		"attributes":             elsewhere("", "remove it: DynamoDB items have any attributes; a table declares only its key (partitionKey, sortKey) and its indexes' keys"),
		"globalSecondaryIndexes": renamed("indexes"),
		"gsi":                    renamed("indexes"),
		"localSecondaryIndexes":  elsewhere("indexes", "write the index in indexes: a global secondary index, which any partition key may have and which can be added after the table exists"),
		"timeToLive":             renamed("ttl"),
		"billingMode":            elsewhere("", "remove it: a table is on demand (PAY_PER_REQUEST): paid per request, with no capacity to plan"),
		"pointInTimeRecovery":    elsewhere("", "remove it: point-in-time recovery is always on"),
		"deletionProtection":     elsewhere("retain", "write retain: true (the default) to keep the table, with its items, when its stack is deleted"),
	}},
	{reflect.TypeFor[TableIndex](), "tables[].indexes[]", map[string]otherName{
		"indexName":  renamed("name"),
		"hashKey":    renamed("partitionKey"),
		"rangeKey":   renamed("sortKey"),
		"keySchema":  elsewhere("partitionKey", "write partitionKey: {name: NAME, type: S} and, for a sort key, sortKey: {name: NAME}"),
		"projection": elsewhere("", "remove it: an index projects every attribute of the table"),
	}},
	{reflect.TypeFor[KeyAttribute](), "tables[].partitionKey", map[string]otherName{
		"attributeName": renamed("name"),
		"attributeType": renamed("type"),
	}},
	{reflect.TypeFor[Topic](), "topics[]", map[string]otherName{
		// SNS's attributes of a FIFO topic.
		"fifoTopic":           renamed("fifo"),
		"fifoThroughputScope": elsewhere("highThroughput", "write highThroughput: true for throughput and deduplication per message group (FifoThroughputScope MessageGroup); leave it out for the whole topic's"),
	}},
	{reflect.TypeFor[Subscription](), "services[].queue.subscribe[]", map[string]otherName{
		"name":               renamed("topic"),
		"filterPolicy":       renamed("filter"),
		"rawMessageDelivery": renamed("raw"),
		"bucket":             elsewhere("topic", "a bucket's new objects reach the queue through queue.objects: [{bucket: NAME, prefix: PREFIX}], beside subscribe"),
		"service":            elsewhere("", "remove it: a topic is the application's, named once in topics, whichever services publish to it"),
	}},
	{reflect.TypeFor[Autoscaling](), "services[].autoscaling", map[string]otherName{
		"minCount":         renamed("min"),
		"maxCount":         renamed("max"),
		"minCapacity":      renamed("min"),
		"maxCapacity":      renamed("max"),
		"minReplicas":      renamed("min"),
		"maxReplicas":      renamed("max"),
		"range":            {field: "min", fix: rangeFix},
		"cpuPercentage":    renamed("cpu"),
		"targetCPU":        renamed("cpu"),
		"memoryPercentage": renamed("memory"),
		// AWS CDK's and the target tracking metric's names for requests.
		"requestsPerTarget":     renamed("requests"),
		"requestCountPerTarget": renamed("requests"),
		"requestsPerTask":       renamed("requests"),
		"requestCount":          renamed("requests"),
		// The backlog per task: AWS's name, and Copilot's queue_delay.
		"backlogPerTask": renamed("messages"),
		"queueDelay":     {field: "messages", fix: queueDelayFix},
		// Scheduled scaling (Copilot's count.cron, CDK's scaleOnSchedule).
		"schedule":         elsewhere("", scheduleFix),
		"scheduled":        elsewhere("", scheduleFix),
		"scheduledActions": elsewhere("", scheduleFix),
		"cron":             elsewhere("", scheduleFix),
	}},
	{reflect.TypeFor[Deployment](), "services[].deployment", map[string]otherName{
		// The ECS service's DeploymentConfiguration, as CloudFormation and
		// Terraform name it.
		"minimumHealthyPercent":         renamed("minPercent"),
		"maximumPercent":                renamed("maxPercent"),
		"healthCheckGracePeriodSeconds": renamed("gracePeriod"),
		"healthCheckGracePeriod":        renamed("gracePeriod"),
	}},
	{reflect.TypeFor[ALB](), "ingress.alb", map[string]otherName{
		"public":         {field: "scheme", fix: schemeFix(true)},
		"internal":       {field: "scheme", fix: schemeFix(false)},
		"domain":         renamed("hostnames"),
		"domains":        renamed("hostnames"),
		"hosts":          renamed("hostnames"),
		"aliases":        renamed("hostnames"),
		"alias":          renamed("hostnames"),
		"certificateArn": renamed("certificate"),
		"waf":            elsewhere("", wafFix),
		"webAcl":         elsewhere("", wafFix),
		"port":           elsewhere("", albPortFix),
		"listenerPort":   elsewhere("", albPortFix),
		"listeners":      elsewhere("", albPortFix),
	}},
	{reflect.TypeFor[Pipeline](), "pipeline", map[string]otherName{
		"approval":       elsewhere("", approvalFix),
		"manualApproval": elsewhere("", approvalFix),
		"tests":          elsewhere("", pipelineTestsFix),
		"test":           elsewhere("", pipelineTestsFix),
		"repo":           {field: "source", fix: pipelineSourceFix},
		"repository":     {field: "source", fix: pipelineSourceFix},
		"repositoryUrl":  {field: "source", fix: pipelineSourceFix},
		"git":            {field: "source", fix: pipelineSourceFix},
	}},
	{reflect.TypeFor[PipelineSource](), "pipeline.source", map[string]otherName{
		// CI services name the repository by its host, or as an address.
		"github":    {field: "repository", fix: sourceRepositoryFix},
		"gitlab":    {field: "repository", fix: sourceRepositoryFix},
		"bitbucket": {field: "repository", fix: sourceRepositoryFix},
		"repo":      {field: "repository", fix: sourceRepositoryFix},
		"url":       {field: "repository", fix: sourceRepositoryFix},
	}},
	{reflect.TypeFor[Network](), "network", map[string]otherName{
		// Terraform's and the console's names for a VPC you have.
		"vpcId":   {field: "existing", fix: existingVPCFix},
		"subnets": {field: "existing", fix: existingVPCFix},
	}},
	{reflect.TypeFor[ExistingVPC](), "network.existing", map[string]otherName{
		"vpc":       renamed("id"),
		"cidrBlock": renamed("cidr"),
	}},
	{reflect.TypeFor[Alarms](), "alarms", map[string]otherName{
		// Where other tools send alarms besides mail.
		"slack":     elsewhere("", alarmChatFix),
		"teams":     elsewhere("", alarmChatFix),
		"chatbot":   elsewhere("", alarmChatFix),
		"webhook":   elsewhere("", alarmChatFix),
		"pagerduty": elsewhere("", alarmChatFix),
		"opsgenie":  elsewhere("", alarmChatFix),
		"sms":       elsewhere("", alarmChatFix),
		// A service alarm's threshold written for every service.
		"cpu":              {field: "services", fix: serviceAlarmFix},
		"memory":           {field: "services", fix: serviceAlarmFix},
		"latency":          {field: "services", fix: serviceAlarmFix},
		"errors":           {field: "services", fix: serviceAlarmFix},
		"runningTasks":     {field: "services", fix: serviceAlarmFix},
		"unhealthyTargets": {field: "services", fix: serviceAlarmFix},
		"snsTopic":         renamed("topic"),
		"topicArn":         renamed("topic"),
	}},
	{reflect.TypeFor[UserPool](), "userPools[]", map[string]otherName{
		// What Cognito's console and AWS CDK ask of a pool, which gen
		// decides with a safe default.
		"mfa":               {fix: poolMFAFix},
		"passwordPolicy":    {fix: poolPasswordFix},
		"callbackUrls":      elsewhere("", poolCallbackFix),
		"redirectUrls":      elsewhere("", poolCallbackFix),
		"selfSignUpEnabled": elsewhere("users", poolSignUpFix),
		"allowSignUp":       elsewhere("users", poolSignUpFix),
	}},
	{reflect.TypeFor[LogSettings](), "logs", map[string]otherName{
		// CloudFormation's RetentionInDays, AWS CDK's retention in days.
		"retentionInDays": renamed("retention"),
		"retentionDays":   renamed("retention"),
	}},
	{reflect.TypeFor[Logs](), "services[].logs", map[string]otherName{
		"retentionInDays": renamed("retention"),
		"retentionDays":   renamed("retention"),
		"logGroupName":    renamed("group"),
	}},
	{reflect.TypeFor[Cluster](), "cluster", map[string]otherName{
		"name":        elsewhere("", clusterNameFix),
		"clusterName": elsewhere("", clusterNameFix),
	}},
	{reflect.TypeFor[PoolUser](), "userPools[].users[]", map[string]otherName{
		"password":          elsewhere("", "remove it: Cognito emails each user a temporary password, to change at the first sign-in, and no password goes in a template"),
		"temporaryPassword": elsewhere("", "remove it: Cognito emails each user a temporary password, to change at the first sign-in, and no password goes in a template"),
	}},
	{reflect.TypeFor[ServiceALB](), "services[].alb", map[string]otherName{
		"hostnames":       renamed("hosts"),
		"domain":          renamed("hosts"),
		"domains":         renamed("hosts"),
		"healthCheckPath": renamed("healthCheck"),
		// Sticky sessions: Copilot's, and Kubernetes' sessionAffinity.
		"sticky":          renamed("stickiness"),
		"stickySessions":  renamed("stickiness"),
		"sessionAffinity": renamed("stickiness"),
		"port":            elsewhere("", "remove it: the ALB sends requests to the service's container port (containers[].port, or traffic.port where several containers have one)"),
		"protocol":        elsewhere("", "remove it: the ALB answers HTTPS with a certificate (port 80 then redirects) and HTTP without one, and sends HTTP to the service's container port, inside the VPC"),
	}},
	{reflect.TypeFor[ServiceNLB](), "services[].nlb", map[string]otherName{
		"protocol":      elsewhere("", "remove it: the NLB's listeners share one protocol, ingress.nlb.protocol (TCP, or TLS with a certificate); a service's nlb has its listener's port"),
		"listenerPort":  renamed("port"),
		"targetPort":    elsewhere("", nlbTargetPortFix),
		"containerPort": elsewhere("", nlbTargetPortFix),
	}},
	{reflect.TypeFor[Secret](), "secrets[]", map[string]otherName{
		// CloudFormation's AWS::SecretsManager::Secret, and guesses at it.
		"generateSecretString": {fix: generateFix},
		"generate":             {fix: generateFix},
		"passwordLength":       renamed("length"),
		"generateStringKey":    renamed("jsonKey"),
	}},
	{reflect.TypeFor[API](), "api", map[string]otherName{
		"domain":       {fix: apiDomainFix},
		"domains":      {fix: apiDomainFix},
		"customDomain": {fix: apiDomainFix},
		"hostname":     {fix: apiDomainFix},
		"stages":       {field: "stage", fix: stagesFix},
		"type":         elsewhere("", "remove it: the API is an API Gateway REST API; ecsgate writes no HTTP API"),
		"endpointType": elsewhere("", apiEndpointFix),
		"endpoint":     elsewhere("", apiEndpointFix),
		"waf":          elsewhere("", wafFix),
		"webAcl":       elsewhere("", wafFix),
		"cdn":          elsewhere("", cdnFix),
		"cloudFront":   elsewhere("", cdnFix),
	}},
	{reflect.TypeFor[CORS](), "api.cors", map[string]otherName{
		// API Gateway's HTTP APIs and the AWS CDK (allowOrigins), Spring
		// and the Serverless Framework (allowedOrigins) take a list.
		"origins":        {field: "origin", fix: originsFix},
		"allowOrigins":   {field: "origin", fix: originsFix},
		"allowedOrigins": {field: "origin", fix: originsFix},
		"allowOrigin":    renamed("origin"),
		"allowHeaders":   renamed("headers"),
		"allowedHeaders": renamed("headers"),
		"maxAgeSeconds":  renamed("maxAge"),
	}},
	{reflect.TypeFor[NLB](), "ingress.nlb", map[string]otherName{
		"listeners": elsewhere("", "remove it: each service attached to the NLB has a listener of its own, on its port (services[].nlb: {port: N}), with the protocol of ingress.nlb.protocol"),
		"scheme":    elsewhere("", nlbSchemeFix),
		"public":    elsewhere("", nlbSchemeFix),
		"internal":  elsewhere("", nlbSchemeFix),
	}},
	{reflect.TypeFor[WAF](), "waf", map[string]otherName{
		"managedRules":      elsewhere("", wafRulesFix),
		"managedRuleGroups": elsewhere("", wafRulesFix),
		"rules":             elsewhere("", wafRulesFix),
		// Rules of one's own by their usual names: an IP set or a country
		// match is a rule, and a rule of one's own goes in overrides.
		"ipAllowList":      elsewhere("", wafRulesFix),
		"ipBlockList":      elsewhere("", wafRulesFix),
		"allowedIps":       elsewhere("", wafRulesFix),
		"blockedIps":       elsewhere("", wafRulesFix),
		"geoBlock":         elsewhere("", wafRulesFix),
		"blockedCountries": elsewhere("", wafRulesFix),
		"rateLimitPerIp":   renamed("rateLimit"),
		"limit":            renamed("rateLimit"),
	}},
	{reflect.TypeFor[Throttle](), "api.throttle", map[string]otherName{
		// A stage's method settings in CloudFormation, and SAM's.
		"rateLimit":            renamed("rate"),
		"burstLimit":           renamed("burst"),
		"throttlingRateLimit":  renamed("rate"),
		"throttlingBurstLimit": renamed("burst"),
	}},
	{reflect.TypeFor[RouteAuth](), "api.routes[].auth", map[string]otherName{
		// The kind of authorizer, as API Gateway (AuthorizationType),
		// SAM and the Serverless Framework name it.
		"type":              {field: "userPool", fix: authTypeFix},
		"authorizationType": {field: "userPool", fix: authTypeFix},
		"authorizer":        {field: "userPool", fix: authTypeFix},
		"pool":              renamed("userPool"),
		"cognito":           renamed("userPool"),
	}},
	{reflect.TypeFor[Route](), "api.routes[]", map[string]otherName{
		"methods": {field: "method", fix: routeMethodsFix},
		"verb":    renamed("method"),
		"handler": renamed("service"),
		"target":  renamed("service"),
		"backend": renamed("service"),
		"to":      renamed("service"),
		"url":     renamed("path"),
		"uri":     renamed("path"),
	}},
}

// wafFix is the fix for a web ACL asked for on one edge: AWS WAF is set
// once, at the top, for every public edge.
const wafFix = "AWS WAF is set once for the public edges: write waf: {} at the top, whose web ACL guards the API's stage and internet-facing ALBs (" + DocsSecurity + ")"

// generateFix is the fix for the generated value's settings written in a
// mapping of their own, as CloudFormation's GenerateSecretString holds
// them: a Blueprint's secret is always generated, and its settings are
// fields of the secret, which the fix writes with the user's values.
func generateFix(_ string, v *yaml.Node) string {
	var fields []string
	if v != nil && v.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(v.Content); i += 2 {
			value := v.Content[i+1]
			text, ok := scalarText(value)
			if !ok {
				continue
			}
			switch strings.ToLower(camelName(v.Content[i].Value)) {
			case "length", "passwordlength":
				fields = append(fields, "length: "+text)
			case "excludepunctuation":
				if text == "false" {
					fields = append(fields, "punctuation: true")
				}
			case "punctuation", "includepunctuation":
				if text == "true" {
					fields = append(fields, "punctuation: true")
				}
			case "generatestringkey", "jsonkey":
				fields = append(fields, "jsonKey: "+text)
			case "secretstringtemplate":
				if template, ok := templateFields(value.Value); ok {
					fields = append(fields, "fields: "+template)
				}
			}
		}
	}
	if len(fields) == 0 {
		return "a secret of the Blueprint is always generated: write the settings beside its name (length, punctuation, jsonKey)"
	}
	return "a secret of the Blueprint is always generated: write the settings beside its name: " + strings.Join(fields, ", ")
}

// templateFields writes a SecretStringTemplate's JSON object of texts (the
// fields stored beside the generated value) as a secret's fields; false
// for anything else.
func templateFields(template string) (string, bool) {
	var object map[string]string
	if json.Unmarshal([]byte(template), &object) != nil || len(object) == 0 {
		return "", false
	}
	pairs := make([]string, 0, len(object))
	for _, key := range slices.Sorted(maps.Keys(object)) {
		pairs = append(pairs, flowText(key)+": "+flowText(object[key]))
	}
	return "{" + strings.Join(pairs, ", ") + "}", true
}

// scheduleFix is the fix for scaling on a schedule, which a Blueprint does
// not model: the scalable target the template writes takes it.
const scheduleFix = "remove it: autoscaling follows load (cpu, memory, requests); for a schedule, add ScheduledActions to the service's scalable target (NAMEScalableTarget) with overrides (" + DocsOverrides + "); to start tasks at set times instead of running them, write schedule on the service"

// approvalFix is the fix for a manual approval asked of the pipeline,
// which deploys every push: an Approval stage goes in its template.
const approvalFix = "remove it: the pipeline deploys every push; for a manual approval, add an Approval stage before Deploy to the pipeline's template with an override (template: pipeline.yaml), as " + DocsPipeline + " shows"

// pipelineTestsFix is the fix for test commands asked of the pipeline:
// its build runs the images' Dockerfiles, which can run them.
const pipelineTestsFix = "remove it: the pipeline's build runs docker build for each image; run the tests in the Dockerfile (a test stage of a multi-stage build), whose failure fails the build and so stops the deploy"

// cdnFix is the fix for CloudFront asked for inside the API: the
// Blueprint's cdn is a part of its own, at the top.
const cdnFix = "move it to the top: cdn: {domains: [...], certificate: ARN} puts a CloudFront distribution in front of the API"

// apiEndpointFix is the fix for an endpoint type asked of the REST API: it
// is regional, reached from the internet or through CloudFront (cdn).
const apiEndpointFix = "remove it: the REST API is REGIONAL, and cdn puts CloudFront in front of it"

// stagesFix is the fix for several stages asked of the API: a Blueprint's
// API has one stage, and each environment's stack has its own API.
func stagesFix(key string, v *yaml.Node) string {
	stages := itemTexts(v)
	if len(stages) < 2 {
		if len(stages) == 1 {
			return "an API has one stage: write stage: " + stages[0]
		}
		return "an API has one stage: write stage: NAME"
	}
	return fmt.Sprintf("an API has one stage: write stage: %s, and give each other stage an environment of its own, as environments: {%s: {api: {stage: %s}}}", stages[0], stages[1], stages[1])
}

// nlbSchemeFix is the fix for a scheme asked of the NLB: it is internal,
// the target of the API's VPC link; what faces the internet is the API,
// or an ALB.
const nlbSchemeFix = "remove it: the NLB is internal, reached from the VPC and by API Gateway through a VPC link; what faces the internet is the api, or ingress.alb"

// clusterNameFix is the fix for a cluster's name: each stack's cluster
// takes the stack's name.
const clusterNameFix = "remove it: the cluster takes its stack's name (AWS::StackName: the Blueprint's name, and NAME-ENV for an environment's stack), so that the environments of an account never share one"

// nlbTargetPortFix is the fix for the port an NLB sends to, written on
// the service's nlb: it is the container's.
const nlbTargetPortFix = "remove it: the NLB sends to the service's container port (containers[].port, or traffic.port where several containers have one); nlb.port is the listener's"

// spotFix is the fix for a capacity provider strategy written on a
// service: a Blueprint says Fargate Spot with spot, and gen writes the
// strategy.
const spotFix = "write spot: {} to run every task on Fargate Spot, or spot: {onDemand: N} to keep the first N on regular Fargate; gen writes the capacity provider strategy"

// scheduledTaskFix is the fix for a schedule written under another name
// on a service (cron: 0 3 * * *, Copilot's on: {schedule: "@daily"}): the
// schedule field with the expression the value means, where gen can tell.
func scheduledTaskFix(_ string, n *yaml.Node) string {
	value := n
	if n != nil && n.Kind == yaml.MappingNode {
		value = yamlout.Value(n, "schedule")
	}
	expr := ""
	if value != nil && value.Kind == yaml.ScalarNode {
		expr = ScheduleOf(value.Value)
	}
	if expr == "" {
		return `a service runs on a schedule with schedule: write schedule: {expression: "cron(0 3 * * ? *)"} (03:00 every day), or rate(1 hour)`
	}
	return `a service runs on a schedule with schedule: write schedule: {expression: ` + strconv.Quote(expr) + `}`
}

// expressionFix is the fix for a schedule's expression written under
// another name (cron: "0 3 * * *"): expression, with what the value means.
func expressionFix(key string, n *yaml.Node) string {
	if n != nil && n.Kind == yaml.ScalarNode {
		if expr := ScheduleOf(n.Value); expr != "" {
			return key + " is expression in a Blueprint: write expression: " + strconv.Quote(expr)
		}
	}
	return key + ` is expression in a Blueprint: write expression: "cron(0 3 * * ? *)" (03:00 every day), or rate(1 hour)`
}

// highThroughputFix is the fix for SQS's DeduplicationScope and
// FifoThroughputLimit, which a Blueprint sets together.
const highThroughputFix = "write highThroughput: true for SQS's high throughput mode, deduplication and throughput per message group (both settings); leave it out for both per queue"

// queueOfServiceFix says where a queue belongs: to the service whose
// tasks receive from it.
const queueOfServiceFix = "a queue belongs to the service whose tasks receive from it: write queue: {subscribe: [{topic: NAME}]} in that service (see " + DocsOperating + "#queues-and-topics)"

// subscribeFix is the fix for Copilot's subscribe: {topics: [{name,
// service}], queue: {...}}: the service's queue, subscribed to those
// topics by name.
func subscribeFix(_ string, n *yaml.Node) string {
	var names []string
	if topics := yamlout.Value(n, "topics"); topics != nil && topics.Kind == yaml.SequenceNode {
		for _, t := range topics.Content {
			if name := yamlout.Value(t, "name"); name != nil && name.Kind == yaml.ScalarNode {
				names = append(names, "{topic: "+name.Value+"}")
			}
		}
	}
	if len(names) == 0 {
		names = []string{"{topic: NAME}"}
	}
	return "a service receives from a queue of its own: write queue: {subscribe: [" + strings.Join(names, ", ") + "]}, with each topic in topics"
}

// publishFix is the fix for Copilot's publish: {topics: [{name}]} on a
// service: the topics are the application's, and a service publishes to
// one by naming its ARN.
func publishFix(_ string, n *yaml.Node) string {
	name := "NAME"
	if n != nil && n.Kind == yaml.MappingNode {
		n = yamlout.Value(n, "topics")
	}
	if n != nil && n.Kind == yaml.SequenceNode && len(n.Content) > 0 {
		first := n.Content[0]
		if first.Kind == yaml.MappingNode {
			first = yamlout.Value(first, "name")
		}
		if first != nil && first.Kind == yaml.ScalarNode {
			name = first.Value
		}
	}
	return fmt.Sprintf("write the topic in topics: [{name: %s}] at the top, and name it in the environment of the service's container, TOPIC_ARN: \"%s\", which lets the service publish to it", name, TopicValue(name))
}

// deadLetterFix is the fix for a dead-letter queue written out (Copilot's
// dead_letter: {tries: 5}, SQS's RedrivePolicy): every queue has one, and
// tries says after how many receives a message moves there.
func deadLetterFix(_ string, n *yaml.Node) string {
	tries := ""
	for _, key := range []string{"tries", "maxReceiveCount"} {
		if v := yamlout.Value(n, key); v != nil && v.Kind == yaml.ScalarNode {
			tries = v.Value
		}
	}
	if tries == "" {
		return "remove it: every queue has a dead-letter queue; tries says after how many receives a message moves there (default 10)"
	}
	return "write tries: " + tries + ": every queue has a dead-letter queue, which a message moves to after tries receives"
}

// queueDelayFix is the fix for Copilot's count.queue_delay
// {acceptable_latency, msg_processing_time}: the messages one task works
// through in the acceptable latency, as the backlog per task.
func queueDelayFix(_ string, n *yaml.Node) string {
	field := func(names ...string) *yaml.Node {
		for _, name := range names {
			if v := yamlout.Value(n, name); v != nil {
				return v
			}
		}
		return nil
	}
	latency, each := field("acceptable_latency", "acceptableLatency"), field("msg_processing_time", "msgProcessingTime")
	if latency != nil && each != nil {
		if messages, ok := MessagesPerTask(latency.Value, each.Value); ok {
			return fmt.Sprintf("write messages: %d, the messages one task works through in %s at %s each: the backlog per task autoscaling keeps", messages, latency.Value, each.Value)
		}
	}
	return "write messages: N, the messages one task works through in the delay you accept (acceptable latency / processing time of one message)"
}

// pausedFix is the fix for a schedule's state written as enabled or
// state (ENABLED, DISABLED): paused, which is false by default.
func pausedFix(_ string, n *yaml.Node) string {
	if n != nil && n.Kind == yaml.ScalarNode && (strings.EqualFold(n.Value, "false") || strings.EqualFold(n.Value, "disabled")) {
		return "write paused: true: the schedule stays and starts no task"
	}
	return "remove it: a schedule starts its tasks unless paused: true"
}

// poolMFAFix is the fix for a user pool's MFA: gen's pool offers it, as
// render/auth.go sets it.
func poolMFAFix(string, *yaml.Node) string {
	return "remove it: each pool offers MFA with an authenticator app (MfaConfiguration: " + PoolMFA + "); to require it, set MfaConfiguration: ON on the pool (logical ID <Pool>UserPool, e.g. UsersUserPool) with overrides"
}

// poolPasswordFix is the fix for a user pool's password policy: gen's,
// as render/auth.go sets it.
func poolPasswordFix(string, *yaml.Node) string {
	return fmt.Sprintf("remove it: each pool asks for passwords of %d characters or more, with lower and upper case letters, numbers and symbols; to change that, replace Policies.PasswordPolicy on the pool (logical ID <Pool>UserPool, e.g. UsersUserPool) with overrides", PoolPasswordLength)
}

// poolCallbackFix is the fix for the callback URLs of a user pool: the ALB
// that logs in with the pool receives the login's answer at a path of its
// own, which gen gives the pool's client.
const poolCallbackFix = "remove it: gen gives the pool's client https://HOST/oauth2/idpresponse for each host name of the ALB that logs in with the pool, where the ALB receives the login's answer"

// poolSignUpFix is the fix for a user pool's sign-up: gen's pools let an
// administrator alone create users.
const poolSignUpFix = "remove it: only an administrator creates users (AllowAdminCreateUserOnly), so that no one can sign up to an internal application: list them in users, or create them with aws cognito-idp admin-create-user"

// albPortFix is the fix for a port asked of an ALB: its listeners' ports
// are HTTP's and HTTPS's own, and requests reach a service on its
// container's port.
const albPortFix = "remove it: the ALB listens on port 80, and on 443 with a certificate, where port 80 then redirects to HTTPS; requests reach each service on its container's port"

// wafRulesFix is the fix for rules listed for the web ACL: its rules are
// fixed, AWS's managed groups and the rate limit.
const wafRulesFix = "remove it: the web ACL always has AWS's managed rule groups for common attacks, known bad inputs and IP addresses with a bad reputation, and the rate limit of rateLimit; other rules go in overrides, see " + DocsOverrides

// pipelineSourceFix is the fix for the repository a pipeline builds,
// written beside its other fields as CI services write it: source, with
// the repository as owner/name and the connection CodePipeline reaches
// the host through.
func pipelineSourceFix(_ string, v *yaml.Node) string {
	return fmt.Sprintf("the repository is the pipeline's source: write source: {repository: %s, connection: CONNECTION_ARN}, with the ARN of a CodeConnections connection to its host", repositoryMeant(v))
}

// repositoryMeant is the owner/name a repository written as v stands for
// (its address, as OwnerName reads it), OWNER/NAME when v is none.
func repositoryMeant(v *yaml.Node) string {
	if v.Kind == yaml.ScalarNode {
		if meant, ok := OwnerName(v.Value); ok {
			return meant
		}
	}
	return "OWNER/NAME"
}

// sourceRepositoryFix is the fix for a pipeline source's repository
// written under its host's name or as an address: repository, as
// owner/name, the host being the connection's.
func sourceRepositoryFix(key string, v *yaml.Node) string {
	return fmt.Sprintf("%s is repository in a Blueprint, as owner/name, on the host the connection reaches: write repository: %s", key, repositoryMeant(v))
}

// rolesFix is the fix for a service's roles in Terraform's and
// CloudFormation's names: gen makes them.
const rolesFix = "remove it: gen makes each service's task and execution roles with least privilege; for the application's own calls to AWS, add a policy to its task role (logical ID <Service>TaskRole, e.g. WebTaskRole) with overrides"

// containerField is a container's field written on its service, as
// Compose and Copilot write a service's image, port and variables. The fix
// shows it in a container, with the value written where it is short.
func containerField(field string) otherName {
	return otherName{field: "containers", fix: func(key string, v *yaml.Node) string {
		text, ok := scalarText(v)
		if port := portMeant(v); field == "port" && port != "PORT" {
			// ports: ["8080:80"], as Compose lists them: the container's.
			text, ok = port, true
		}
		switch {
		case !ok:
			text = elided(containerType, field)
		case field == "image" && v.Tag == "!!str":
			text = "{uri: " + text + "}"
		case isList(containerType, field):
			text = "[" + text + "]"
		}
		what := "field"
		if key != field {
			what = field
		}
		return fmt.Sprintf("%s is a container's %s: move it into containers[], as containers: [{name: app, %s: %s}]", key, what, field, text)
	}}
}

// albRuleFix is the fix for a service's paths or hosts written on the
// service, as Copilot's http and Compose's labels sit beside its other
// fields: they are its ALB listener rule's, under alb.
func albRuleFix(field string) func(string, *yaml.Node) string {
	return func(key string, v *yaml.Node) string {
		list := "[...]"
		if text, ok := flowValue(v); ok {
			list = text
			if v.Kind == yaml.ScalarNode {
				list = "[" + text + "]"
			}
		}
		return fmt.Sprintf("a service's %s are its ALB listener rule's: write alb: {%s: %s}", field, field, list)
	}
}

// deploymentField is the other name, on a service, of a field of its
// deployment (the ECS service's DeploymentConfiguration, as CloudFormation
// writes it beside the service's other properties).
func deploymentField(field string) otherName {
	return otherName{field: "deployment", fix: func(key string, v *yaml.Node) string {
		text, ok := scalarText(v)
		if !ok {
			text = "..."
		}
		return fmt.Sprintf("%s is %s in a Blueprint, a field of the service's deployment: write deployment: {%s: %s}", key, field, field, text)
	}}
}

// existingVPCFix is the fix for a VPC that exists written as a new VPC's
// network (vpc: vpc-...) or in Terraform's words (vpcId, subnets): a VPC
// you have is network.existing, with its ID, its IPv4 block and its
// subnets by role, with what was written in its place.
func existingVPCFix(key string, v *yaml.Node) string {
	id, private, public := "VPC_ID", "[...]", "[...]"
	if v.Kind == yaml.ScalarNode && strings.HasPrefix(v.Value, "vpc-") {
		id = v.Value
	}
	if list, ok := flowValue(yamlout.Value(v, "private")); ok && v.Kind == yaml.MappingNode {
		private = list
	}
	if list, ok := flowValue(yamlout.Value(v, "public")); ok && v.Kind == yaml.MappingNode {
		public = list
	}
	start := "a VPC you have, with its subnets, is network.existing in a Blueprint"
	if key == "vpc" {
		start = "vpc creates a new VPC; one you have is network.existing"
	}
	return fmt.Sprintf("%s: write existing: {id: %s, cidr: ITS_IPV4_BLOCK, privateSubnets: %s, publicSubnets: %s}", start, id, private, public)
}

// serviceAlarmFix is the fix for a service alarm written in alarms, as a
// threshold for every service: it goes under alarms.services, a mapping
// with its threshold.
func serviceAlarmFix(key string, v *yaml.Node) string {
	alarm := "{threshold: ...}"
	if text, ok := scalarText(v); ok && v.Tag != "!!str" {
		alarm = "{threshold: " + text + "}"
	} else if text, ok := flowMapping(v); ok {
		alarm = text
	}
	return fmt.Sprintf("the %s alarm of every service is under services: write services: {%s: %s}", key, key, alarm)
}

// containerOverridden is the other name of a property of a container's
// definition that a Blueprint does not model, in ContainerDefinitions (in
// the Blueprint's order of the containers): overrides set it, as
// docs/overrides.md's first example sets a container's Ulimits.
func containerOverridden(property string) otherName {
	return overridden(property, "the container's definition", "ContainerDefinitions/N/")
}

// overridden writes the fix of containerOverridden: within is the
// property's place under the task definition's Properties.
func overridden(property, of, within string) otherName {
	fix := fmt.Sprintf("a Blueprint has no field for it: add %s to %s with an override, {op: add, path: /Resources/SERVICETaskDefinition/Properties/%s%s, value: ...}", property, of, within, property)
	if within != "" {
		fix += ", N the container's place in containers from 0"
	}
	return elsewhere("", fix+"; "+DocsOverrides+" shows one")
}

// elided stands for a value too long to write in a fix, in the shape of
// field of the struct type t: [...] for a list, {...} for a mapping.
func elided(t reflect.Type, field string) string {
	ft, ok := fieldType(t, field)
	switch {
	case !ok:
		return "..."
	case ft.Kind() == reflect.Slice:
		return "[...]"
	case ft.Kind() == reflect.Map || ft.Kind() == reflect.Struct:
		return "{...}"
	}
	return "..."
}

// httpFix is the fix for Copilot's http on a service: alb, with its path
// (a prefix there) as the ALB's path patterns and its health check path.
func httpFix(_ string, v *yaml.Node) string {
	paths := `"/*"`
	if p := yamlout.Value(v, "path"); p != nil && p.Kind == yaml.ScalarNode {
		if prefix := "/" + strings.Trim(p.Value, "/"); prefix != "/" {
			paths = flowText(prefix) + ", " + flowText(prefix+"/*")
		}
	}
	health := ""
	if h := yamlout.Value(v, "healthcheck"); h != nil {
		if p := yamlout.Value(h, "path"); p != nil {
			h = p
		}
		if text, ok := scalarText(h); ok {
			health = ", healthCheck: {path: " + text + "}"
		}
	}
	return "a service behind the ALB has alb: write alb: {paths: [" + paths + "]" + health + "} (Copilot's http.path is a prefix; an ALB matches patterns)"
}

// valueFromFix is the fix for ECS's valueFrom in a secret: the Blueprint
// names a Secrets Manager secret as secret and an SSM parameter as
// parameter, which valueFrom's ARN or name tells apart.
func valueFromFix(_ string, v *yaml.Node) string {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value != "" {
		return mappingFix(secretRefType, v, nil, nil)
	}
	return "write {secret: ARN} for a Secrets Manager secret, or {parameter: NAME} for an SSM parameter"
}

// containerPortsFix is the fix for a container's ports as ECS's
// portMappings ([{containerPort: 8080}]) or Compose's ports (["80:8080"],
// the container's port after the host's) write them: the Blueprint's
// container has one port, the one it listens on.
func containerPortsFix(_ string, v *yaml.Node) string {
	return "a container has one port, the one it listens on: write port: " + portMeant(v)
}

// portMeant is the container's port in ports as ECS's portMappings and
// Compose's ports write them (the first one's; PORT for none).
func portMeant(v *yaml.Node) string {
	port := "PORT"
	first := v
	if v.Kind == yaml.SequenceNode && len(v.Content) > 0 {
		first = v.Content[0]
	}
	switch {
	case first.Kind == yaml.MappingNode:
		if p := yamlout.Value(first, "containerPort"); p != nil && p.Kind == yaml.ScalarNode {
			port = p.Value
		}
	case first.Kind == yaml.ScalarNode && first.Value != "":
		mapping, _, _ := strings.Cut(first.Value, "/") // 80:8080/tcp
		port = mapping[strings.LastIndexByte(mapping, ':')+1:]
	}
	return port
}

// containerLogsFix is the fix for a container's logging settings: gen
// sends every container's output to its service's log group.
const containerLogsFix = "remove it: gen sends each container's output to its service's log group (the awslogs driver); services[].logs sets the group, retention and stream prefix"

// volumesFix is the fix for Compose's volumes and Copilot's storage: a
// volume that lasts is the application's, mounted by containers; a task's
// own storage ends with it.
const volumesFix = "files that outlive the task go on a volume, an EFS file system: declare it at the top (volumes: [{name: NAME}]) and mount it in the container (containers[].mounts: [{volume: NAME, path: /data}]); a task's own storage ends with it (ephemeralStorage sizes it past 20 GiB, and containers[].writablePaths are its directories under a read-only root filesystem)"

// buildFix is the fix for Compose's build: gen renders templates and
// builds no image.
const buildFix = "gen does not build images: push yours to a registry and write the container's image: {uri: ...}, or build it in the pipeline (pipeline.builds)"

// apiDomainFix is the fix for a custom domain written on the API: the
// Blueprint serves the API on one through CloudFront in front of it.
func apiDomainFix(_ string, v *yaml.Node) string {
	domains := "DOMAIN"
	if text, ok := scalarText(v); ok {
		domains = text
	} else if v.Kind == yaml.SequenceNode {
		domains = "..."
	}
	return "the API takes a custom domain through CloudFront in front of it: write cdn: {domains: [" + domains + "], certificate: ARN} (an ACM certificate in us-east-1), with dns.zone for its records"
}

// routeMethodsFix is the fix for a route's methods written as a list, under
// method or methods, as web frameworks route several methods to one
// handler: an API Gateway method is one HTTP method on one resource, so
// each is a route of its own.
func routeMethodsFix(_ string, v *yaml.Node) string {
	var routes []string
	for _, method := range itemTexts(v) {
		routes = append(routes, "{method: "+method+", ...}")
	}
	if len(routes) == 0 {
		return "a route has one method: write method: METHOD, with a route for each other method, or method: ANY for every method"
	}
	return "a route has one method: write a route for each, " + strings.Join(routes, ", ") + ", or method: ANY for every method"
}

// authTypeFix is the fix for a route's auth that names its kind of
// authorizer: a Blueprint's routes check Cognito tokens, and name the pool.
func authTypeFix(key string, v *yaml.Node) string {
	text, _ := scalarText(v)
	switch authKind(text) {
	case authCognito:
		return "remove " + key + ": a route's auth always checks a Cognito user pool's tokens, and userPool names the pool: write {userPool: NAME}, naming an entry of userPools"
	case authPool:
		return key + " is userPool in a Blueprint: write userPool: " + text
	}
	return routeAuthFix(text)
}

// originsFix is the fix for CORS origins written as a list, as other
// tools take them: origin holds one, as the Access-Control-Allow-Origin
// header does (a list would need each answer to echo the caller's origin).
func originsFix(key string, v *yaml.Node) string {
	origins := itemTexts(v)
	if text, ok := scalarText(v); ok {
		origins = []string{text}
	}
	switch len(origins) {
	case 0:
		return key + " is origin in a Blueprint, which holds one origin, or *: write origin: ORIGIN"
	case 1:
		return key + " is origin in a Blueprint, which holds one origin: write origin: " + origins[0]
	}
	return key + " is origin in a Blueprint, which holds one origin, or *, as the Access-Control-Allow-Origin header does: write one, such as origin: " + origins[0]
}

// composeDeployFix is the fix for Compose's deploy on a service: its
// replicas are the service's count and its resource limits the service's
// cpu and memory; a Blueprint's deployment is how a new version rolls out.
func composeDeployFix(_ string, v *yaml.Node) string {
	fields := "count, cpu and memory"
	if r := yamlout.Value(v, "replicas"); r != nil && r.Kind == yaml.ScalarNode {
		fields = "count: " + r.Value + ", and cpu and memory"
	}
	return "Compose's deploy is the service's own fields here: write " + fields + " on the service (deployment is how a new version rolls out)"
}

// environmentsFix is the fix for an environment named at the top of a
// Blueprint (env: prod): environments are named overlays of one Blueprint,
// and gen renders one at a time. Variables written there are a container's
// environment (containerVariables).
func environmentsFix(key string, v *yaml.Node) string {
	if containerVariables(key, v) {
		_, example := entryField(blueprintType, "environment", v)
		return "a container's variables are its environment, under each of services[].containers: write " + example
	}
	name := "prod"
	if v.Kind == yaml.ScalarNode && environmentName.MatchString(v.Value) {
		name = v.Value
	}
	return fmt.Sprintf("environments are named overlays of the Blueprint: write environments: {%s: {...}} with what differs there, and render it with gen render --env %s", name, name)
}

// secretsmanagerFix is the fix for Copilot's secretsmanager: a Blueprint's
// secret is an entry of secrets or the full ARN of an existing secret (ECS
// requires the ARN with its random suffix where the secret is named), and
// Copilot's NAME:KEY:: form names a JSON key, which is jsonKey.
func secretsmanagerFix(_ string, v *yaml.Node) string {
	text, ok := scalarText(v)
	if !ok {
		return "write secret: the full ARN of the secret, or the name of an entry of secrets"
	}
	if strings.HasPrefix(v.Value, "arn:") {
		return "secretsmanager is secret in a Blueprint: write secret: " + text
	}
	name, rest, _ := strings.Cut(v.Value, ":")
	key := ""
	if k, _, _ := strings.Cut(rest, ":"); k != "" {
		key = ", jsonKey: " + flowText(k)
	}
	return fmt.Sprintf("write {secret: ARN%s}, with the full ARN of secret %s (ECS requires it, suffix included), or name an entry of secrets", key, flowText(name))
}

// countFix is the fix for a service's count written as Copilot's mapping
// (count: {range: 1-10, cpu_percentage: 70}): autoscaling, with the range
// and the targets written, each target by the Autoscaling field it stands
// for (see autoscalingField).
func countFix(n *yaml.Node) string {
	if spot := yamlout.Value(n, "spot"); spot != nil && len(n.Content) == 2 && spot.Kind == yaml.ScalarNode {
		// A number of tasks, all on Fargate Spot.
		return "count is the number of tasks, and spot runs them on Fargate Spot: write count: " + spot.Value + " with spot: {}"
	}
	low, high := "MIN", "MAX"
	spot := ""
	var targets []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i].Value, n.Content[i+1]
		if key == "range" {
			if lo, hi, ok := copilotRange(value); ok {
				low, high = lo, hi
			}
			if from := yamlout.Value(value, "spot_from"); from != nil {
				spot = ", with spot: {onDemand: " + spotFrom(from.Value) + "}"
			}
			continue
		}
		if v := yamlout.Value(value, "value"); v != nil {
			value = v // {value: 70, cooldown: ...}
		}
		if field := autoscalingField(key); field != "" && value.Kind == yaml.ScalarNode {
			targets = append(targets, field+": "+value.Value)
		}
	}
	if len(targets) == 0 {
		targets = []string{"cpu: 70"}
	}
	return fmt.Sprintf("count is the number of tasks; for a range, write autoscaling: {min: %s, max: %s, %s} in place of count%s", low, high, strings.Join(targets, ", "), spot)
}

// autoscalingField is the target field of Autoscaling that key, written in
// Copilot's count mapping, stands for: its own name (requests) or one of
// the other names the table lists (cpu_percentage is cpu); "" for any
// other key.
func autoscalingField(key string) string {
	t := reflect.TypeFor[Autoscaling]()
	field := key
	if other, ok := otherNameOf(namesIn(t), key); ok && other.fix == nil {
		field = other.field
	}
	if _, ok := yamlFields(t)[field]; !ok || field == "min" || field == "max" {
		return ""
	}
	return field
}

// copilotRange reads Copilot's range of tasks: 1-10, or {min: 1, max: 10}.
func copilotRange(v *yaml.Node) (low, high string, ok bool) {
	if lo, hi, dash := strings.Cut(v.Value, "-"); dash && v.Kind == yaml.ScalarNode {
		return strings.TrimSpace(lo), strings.TrimSpace(hi), true
	}
	lo, hi := yamlout.Value(v, "min"), yamlout.Value(v, "max")
	if lo == nil || hi == nil {
		return "", "", false
	}
	return lo.Value, hi.Value, true
}

// OnDemandBelow is the spot.onDemand that stands for Copilot's spot_from,
// the task from which on tasks run on Fargate Spot, counted from 1
// (spot_from: 3 keeps the first two on regular Fargate); ok is false for a
// spot_from below 1.
func OnDemandBelow(spotFrom int) (onDemand int, ok bool) {
	return spotFrom - 1, spotFrom >= 1
}

// spotFrom is the value of spot's onDemand that stands for Copilot's
// spot_from as written.
func spotFrom(from string) string {
	n, err := strconv.Atoi(strings.TrimSpace(from))
	if onDemand, ok := OnDemandBelow(n); err == nil && ok {
		return strconv.Itoa(onDemand)
	}
	return "N, N the tasks kept on regular Fargate"
}

// spotShareFix is the fix for a share of the tasks on Fargate Spot: a
// Blueprint keeps onDemand tasks on regular Fargate and puts the rest on
// Spot.
const spotShareFix = "remove it: the tasks beyond onDemand all run on Fargate Spot; for a share on each, keep that many on regular Fargate with onDemand"

// spotFromFix is the fix for Copilot's spot_from written in spot.
func spotFromFix(_ string, v *yaml.Node) string {
	return "spot_from counts from the first task: write onDemand: " + spotFrom(v.Value)
}

// rangeFix is the fix for Copilot's range in autoscaling: min and max.
func rangeFix(_ string, v *yaml.Node) string {
	if lo, hi, ok := copilotRange(v); ok {
		return fmt.Sprintf("write min: %s, max: %s", lo, hi)
	}
	return "write min and max: a range 1-10 is min: 1, max: 10"
}

// copilotTypeFix is the fix for Copilot's service type: a Blueprint's
// service is what its fields make it. Copilot's other types have no
// counterpart.
func copilotTypeFix(_ string, v *yaml.Node) string {
	switch t := strings.ToLower(v.Value); {
	case strings.Contains(t, "load balanced"):
		return `remove it: a service behind the ALB has alb: {paths: ["/*"]}, with ingress.alb for the load balancer`
	case strings.Contains(t, "backend"):
		return "remove it: a service with no load balancer is a backend; one that other services call goes behind an internal ALB (" + DocsFromCopilot + ")"
	case strings.Contains(t, "worker"):
		return "remove it: a worker is a service with a queue, queue: {subscribe: [{topic: NAME}]}, that takes no requests"
	case strings.Contains(t, "scheduled"):
		return `remove it: a scheduled job is a service with schedule: {expression: "cron(0 3 * * ? *)"}`
	case strings.Contains(t, "static"), strings.Contains(t, "request-driven"):
		return fmt.Sprintf("a Blueprint has no %s: its services are long-running containers, behind load balancers or on their own", v.Value)
	}
	return "remove it: a service is behind the load balancers it names (alb, nlb), and a Blueprint has no other kinds of service"
}

// schemeFix is the fix for public: or internal: on an ALB, which the
// Blueprint says with scheme (internet-facing, the default, or internal).
// public says it when true, internal when false.
func schemeFix(public bool) func(string, *yaml.Node) string {
	return func(_ string, v *yaml.Node) string {
		var b bool
		if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
			return "write scheme: internet-facing (the default) or scheme: internal"
		}
		if b == public {
			return "remove it: an ALB is internet-facing unless it says scheme: internal"
		}
		return "write scheme: internal"
	}
}

// itemTexts are the scalar items of a list, as scalarText writes each;
// none for a value that is not a list.
func itemTexts(v *yaml.Node) []string {
	var texts []string
	if v.Kind == yaml.SequenceNode {
		for _, item := range v.Content {
			if text, ok := scalarText(item); ok {
				texts = append(texts, text)
			}
		}
	}
	return texts
}

// scalarText is a scalar value as a fix writes it: as written for a number
// or bool, a string plain where every YAML reader takes it for one.
func scalarText(v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Value == "" {
		return "", false
	}
	if v.Tag == "!!str" {
		return flowText(v.Value), true
	}
	return v.Value, true
}

// otherNameFix is the fix for key, another tool's name written in a
// mapping of type t, and the field it stands for; "", "" when key is not
// one of otherNames.
func otherNameFix(t reflect.Type, key string, value *yaml.Node) (fix, meant string) {
	other, ok := otherNameOf(namesIn(t), key)
	if !ok {
		return "", ""
	}
	if other.fix != nil {
		return other.fix(key, value), other.field
	}
	if ft, _ := fieldType(t, other.field); ft != nil && ft.Kind() == reflect.Struct && value.Kind == yaml.ScalarNode {
		// One value for a field that is a mapping (certificateArn for
		// certificate): the mapping's own fix says how it holds it.
		return fmt.Sprintf("%s is %s in a Blueprint, a mapping: %s", key, other.field, mappingFix(ft, value, yamlFields(ft), nil)), other.field
	}
	if text, ok := scalarText(value); ok {
		if isList(t, other.field) {
			text = "[" + text + "]"
		}
		return fmt.Sprintf("%s is %s in a Blueprint: write %s: %s", key, other.field, other.field, text), other.field
	}
	return fmt.Sprintf("%s is %s in a Blueprint: rename it to %s", key, other.field, other.field), other.field
}

// namesIn are the other names listed for a mapping of type t (nil for
// none).
func namesIn(t reflect.Type) map[string]otherName {
	for _, in := range otherNames {
		if in.typ == t {
			return in.names
		}
	}
	return nil
}

// otherNameOf finds key among names as written, or spelt another way:
// snake_case or kebab-case for camelCase (launch_type, cpu_percentage), or
// other capitals (healthcheck, targetCpu). Terraform, Copilot and hand
// typing spell the same names so; the table lists each once.
func otherNameOf(names map[string]otherName, key string) (otherName, bool) {
	if other, ok := names[key]; ok {
		return other, true
	}
	camel := camelName(key)
	for name, other := range names {
		if strings.EqualFold(name, camel) { // at most one: see TestOtherNamesAreNotFields
			return other, true
		}
	}
	return otherName{}, false
}

// camelName is key in camelCase, its words joined as LogicalName joins
// them: launch_type is launchType.
func camelName(key string) string {
	pascal := LogicalName(key)
	if pascal == "" {
		return key
	}
	return strings.ToLower(pascal[:1]) + pascal[1:]
}

// fieldType is the type of field (by its YAML name) of the struct type t,
// a pointer's element for a pointer; nil, false when t has no such field.
func fieldType(t reflect.Type, field string) (reflect.Type, bool) {
	i, ok := yamlFields(t)[field]
	if !ok {
		return nil, false
	}
	ft := t.Field(i).Type
	if ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	return ft, true
}

// isList reports whether field of the struct type t holds a list of
// strings, where a fix writes one value as a list of one.
func isList(t reflect.Type, field string) bool {
	ft, ok := fieldType(t, field)
	return ok && ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String
}

// OtherName is a field another tool's name for which gen gives the
// Blueprint's: docs list them.
type OtherName struct {
	// Path is where it is written, as a field path (services[].replicas).
	Path string
	// Fix is what gen's fix says, for a value written VALUE.
	Fix string
}

// OtherNames lists the other tools' names gen knows, where they are written
// and the fix each gets.
func OtherNames() []OtherName {
	var list []OtherName
	value := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "VALUE"}
	for _, in := range otherNames {
		for _, key := range slices.Sorted(maps.Keys(in.names)) {
			fix, _ := otherNameFix(in.typ, key, value)
			list = append(list, OtherName{Path: joinPath(in.where, key), Fix: fix})
		}
	}
	return list
}

// childFieldFix is the fix for key, written in the mapping n of type t,
// when it is a field of a mapping one level down (network's cidr, which is
// vpc's; a top-level stage, which is api's): the place to move it to, with
// the value written. A field of several (cidr is vpc's and existing's) goes
// to the one the mapping has, or the fix names them all and shows the
// first. "", "" when key is no field of t's mappings.
func childFieldFix(t reflect.Type, n *yaml.Node, key string, value *yaml.Node) (fix, meant string) {
	type owner struct {
		name, field string
		typ         reflect.Type
	}
	var owners []owner
	for _, name := range fieldsInOrder(t) {
		ft, _ := fieldType(t, name)
		if ft.Kind() != reflect.Struct {
			continue
		}
		for _, k := range []string{key, camelName(key)} {
			if _, ok := yamlFields(ft)[k]; ok {
				owners = append(owners, owner{name, k, ft})
				break
			}
		}
	}
	if written := slices.DeleteFunc(slices.Clone(owners), func(o owner) bool { return yamlout.Value(n, o.name) == nil }); len(written) == 1 {
		owners = written
	}
	if len(owners) == 0 {
		return entryFieldFix(t, key, value)
	}
	if where, example := entryField(t, key, value); where != "" {
		// A field of the entries too (a top-level image: a container's, or
		// the pipeline's build image): the entries' first, the Blueprint's
		// core.
		names := []string{"each entry of " + where}
		for _, o := range owners {
			names = append(names, o.name)
		}
		return fmt.Sprintf("%s is a field of %s: move it into the one you mean, as %s", key, strings.Join(names, " and of "), example), ""
	}
	first := owners[0]
	text, ok := flowValue(value)
	switch {
	case !ok:
		text = elided(first.typ, first.field)
	case isList(first.typ, first.field) && value.Kind == yaml.ScalarNode:
		text = "[" + text + "]"
	}
	example := fmt.Sprintf("%s: {%s: %s}", first.name, first.field, text)
	if len(owners) > 1 {
		names := make([]string, len(owners))
		for i, o := range owners {
			names[i] = o.name
		}
		return fmt.Sprintf("%s is a field of %s: move it into the one you mean, as %s", key, strings.Join(names, " and of "), example), ""
	}
	return fmt.Sprintf("%s is a field of %s: move it into %s, as %s", key, first.name, first.name, example), first.name + "." + first.field
}

// A Blueprint written flat, as one service: no services, and a service's
// fields (cpu, memory) and its container's (image, port) at the top, as in a
// first Blueprint or a Compose service. One problem names them and writes
// the service with their values, where each would otherwise get a problem
// of its own and services another.

// flatField is a field of a service or a container written at the top.
type flatField struct {
	key            string
	value, keyNode *yaml.Node
}

// serviceField reports whether key, no field of a Blueprint, is one of a
// service's or of its container's, and not one the other tools' names at
// the top explain better (containers, which shows the service's cpu and
// memory too; environment written as overlays).
func serviceField(key string, value *yaml.Node) bool {
	if fix, _ := otherNameFix(blueprintType, key, value); fix != "" && !containerVariables(key, value) {
		return false
	}
	_, service := yamlFields(serviceType)[key]
	_, container := yamlFields(containerType)[key]
	return service || container
}

// containerVariables reports whether a top-level key is a container's
// environment written at the wrong level: environment, with a value that
// reads as variables rather than environments' overlays.
func containerVariables(key string, v *yaml.Node) bool {
	return key == "environment" && readsAsVariables(v)
}

// readsAsVariables reports whether v reads as a container's environment: a
// mapping of names to text, or Compose's list of NAME=VALUE.
func readsAsVariables(v *yaml.Node) bool {
	switch v.Kind {
	case yaml.SequenceNode:
		return len(v.Content) > 0 && !slices.ContainsFunc(v.Content, func(n *yaml.Node) bool { return n.Kind != yaml.ScalarNode })
	case yaml.MappingNode:
		for i := 1; i < len(v.Content); i += 2 {
			if v.Content[i].Kind != yaml.ScalarNode {
				return false
			}
		}
		return len(v.Content) > 0
	}
	return false
}

// flatProblem says what the keys written flat are: "cpu and image at the
// top are fields of a service and of its container".
func flatProblem(flat []flatField) string {
	keys := make([]string, len(flat))
	service, container := false, false
	for i, f := range flat {
		keys[i] = f.key
		_, ofService := yamlFields(serviceType)[f.key]
		service = service || ofService
		container = container || !ofService
	}
	of := "of a service and of its container"
	switch {
	case !container:
		of = "of a service"
	case !service:
		of = "of a service's container"
	}
	if len(keys) == 1 {
		return keys[0] + " at the top is a field " + of
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " and " + keys[len(keys)-1] + " at the top are fields " + of
}

// flatServiceFix writes the service of a flat Blueprint n: the service's
// fields, then a container with its own, each with the value written (a
// text image as the image's uri); the service is named after the
// Blueprint.
func flatServiceFix(n *yaml.Node, flat []flatField) string {
	name := "web"
	if v := yamlout.Value(n, "name"); v != nil && v.Kind == yaml.ScalarNode && v.Value != "" {
		name = flowText(v.Value)
	}
	service := []string{"name: " + name}
	container := []string{"name: app"}
	for _, f := range flat {
		if _, ok := yamlFields(serviceType)[f.key]; ok {
			service = append(service, f.key+": "+entryValue(serviceType, f.key, f.value))
			continue
		}
		text := entryValue(containerType, f.key, f.value)
		if f.key == "image" && f.value.Kind == yaml.ScalarNode && f.value.Value != "" {
			text = "{uri: " + flowText(f.value.Value) + "}"
		}
		container = append(container, f.key+": "+text)
	}
	return "write them in a service, as services: [{" + strings.Join(service, ", ") + ", containers: [{" + strings.Join(container, ", ") + "}]}]"
}

// entryFieldFix is the fix for key, written in the mapping of type t, when
// it is a field of each entry of one of t's lists (api's auth, which each
// of api.routes[] has, as a route applies its own), or of the entries of a
// list in those entries (a top-level port, which each of
// services[].containers[] has): where to write it, with the value written.
// "", "" when no list's entries have the field.
func entryFieldFix(t reflect.Type, key string, value *yaml.Node) (fix, meant string) {
	where, example := entryField(t, key, value)
	if where == "" {
		return "", ""
	}
	return fmt.Sprintf("%s is a field of each entry of %s: write it in the entries it applies to, as %s", key, where, example), ""
}

// entryField finds the list whose entries have key as a field, among t's
// lists and then their entries' lists: where it is (routes,
// services[].containers) and an example of key written there with the
// value. "", "" for none.
func entryField(t reflect.Type, key string, value *yaml.Node) (where, example string) {
	for _, name := range fieldsInOrder(t) {
		if elem := entryType(t, name); elem != nil {
			if _, ok := yamlFields(elem)[key]; ok {
				return name, fmt.Sprintf("%s: [{..., %s: %s}]", name, key, entryValue(elem, key, value))
			}
		}
	}
	for _, name := range fieldsInOrder(t) {
		elem := entryType(t, name)
		if elem == nil {
			continue
		}
		for _, inner := range fieldsInOrder(elem) {
			if deeper := entryType(elem, inner); deeper != nil {
				if _, ok := yamlFields(deeper)[key]; ok {
					return name + "[]." + inner, fmt.Sprintf("%s: [{..., %s: [{..., %s: %s}]}]", name, inner, key, entryValue(deeper, key, value))
				}
			}
		}
	}
	return "", ""
}

// entryType is the struct type of the entries of t's list field name, or
// nil when name is no list of mappings.
func entryType(t reflect.Type, name string) reflect.Type {
	ft, _ := fieldType(t, name)
	if ft == nil || ft.Kind() != reflect.Slice {
		return nil
	}
	elem := ft.Elem()
	if elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	if elem.Kind() != reflect.Struct {
		return nil
	}
	return elem
}

// entryValue is the value written for key, as an entry of type elem writes
// it: short values as written, others (and a scalar where a mapping goes,
// an image written as text) elided.
func entryValue(elem reflect.Type, key string, value *yaml.Node) string {
	text, ok := flowValue(value)
	if !ok {
		text, ok = flowMapping(value)
	}
	if ft, _ := fieldType(elem, key); !ok || ft != nil && (ft.Kind() == reflect.Struct || ft.Kind() == reflect.Map) && value.Kind == yaml.ScalarNode {
		return elided(elem, key)
	}
	return text
}

// flowMapping is a short mapping of scalars as a fix writes it ({userPool:
// users}); false for anything else.
func flowMapping(v *yaml.Node) (string, bool) {
	if v == nil || v.Kind != yaml.MappingNode || len(v.Content) == 0 {
		return "", false
	}
	pairs := make([]string, 0, len(v.Content)/2)
	for i := 0; i+1 < len(v.Content); i += 2 {
		text, ok := scalarText(v.Content[i+1])
		if !ok || v.Content[i].Kind != yaml.ScalarNode {
			return "", false
		}
		pairs = append(pairs, v.Content[i].Value+": "+text)
	}
	return "{" + firstFew(pairs) + "}", true
}

// flowValue is a short value as a fix writes it: a scalar as scalarText
// writes it, a list of scalars as a flow list of its first few; false for
// anything else.
func flowValue(v *yaml.Node) (string, bool) {
	if v == nil {
		return "", false
	}
	if v.Kind != yaml.SequenceNode {
		return scalarText(v)
	}
	items := make([]string, 0, len(v.Content))
	for _, item := range v.Content {
		text, ok := scalarText(item)
		if !ok || item.Kind != yaml.ScalarNode {
			return "", false
		}
		items = append(items, text)
	}
	if len(items) == 0 {
		return "", false
	}
	return "[" + firstFew(items) + "]", true
}

// fieldsInOrder are the YAML names of the struct type t's fields, in the
// order the type declares them.
func fieldsInOrder(t reflect.Type) []string {
	fields := yamlFields(t)
	names := slices.Collect(maps.Keys(fields))
	slices.SortFunc(names, func(a, b string) int { return fields[a] - fields[b] })
	return names
}

// probeSettings are a Kubernetes probe's timings, as the fields of a
// container health check (ECS) and of a load balancer's.
var probeSettings = []struct{ probe, container, target string }{
	{"periodSeconds", "interval", "interval"},
	{"timeoutSeconds", "timeout", "timeout"},
	{"failureThreshold", "retries", "unhealthy"},
	{"successThreshold", "", "healthy"},
	{"initialDelaySeconds", "startPeriod", ""},
}

// probeFields are the probe v's timings written as the fields of a
// container's health check (target false) or a load balancer's, each
// after ", ".
func probeFields(v *yaml.Node, target bool) string {
	var fields string
	for _, s := range probeSettings {
		field := s.container
		if target {
			field = s.target
		}
		if n := yamlout.Value(v, s.probe); field != "" && n != nil && n.Kind == yaml.ScalarNode && wholeDigits.MatchString(n.Value) {
			fields += ", " + field + ": " + n.Value
		}
	}
	return fields
}

// probeHTTP is the path and port of a probe's httpGet ("" for none).
func probeHTTP(v *yaml.Node) (path, port string) {
	get := yamlout.Value(v, "httpGet")
	if get == nil {
		return "", ""
	}
	if p := yamlout.Value(get, "path"); p != nil && p.Kind == yaml.ScalarNode {
		path = p.Value
	}
	return path, portIn(get)
}

// livenessFix is the fix for a Kubernetes liveness probe on a container:
// the container's health check, a command ECS runs in the container. An
// httpGet becomes a curl of its path and port; an exec, its command.
func livenessFix(key string, v *yaml.Node) string {
	settings := probeFields(v, false)
	if path, port := probeHTTP(v); path != "" {
		return fmt.Sprintf("%s is healthCheck in a Blueprint, a command ECS runs in the container: write healthCheck: {command: [CMD-SHELL, %s]%s} (the image needs curl), %s",
			key, curlLine(path, port), settings, loadBalancerCheck(path))
	}
	if command, ok := commandText(yamlout.Value(yamlout.Value(v, "exec"), "command")); ok {
		return fmt.Sprintf("%s is healthCheck in a Blueprint: write healthCheck: {command: %s%s}", key, command, settings)
	}
	return fmt.Sprintf("%s is healthCheck in a Blueprint, a command ECS runs in the container: write healthCheck: {command: [CMD-SHELL, ...]%s}", key, settings)
}

// readinessFix is the fix for a Kubernetes readiness probe: which tasks
// get traffic is the load balancer's health check, on the service.
func readinessFix(key string, v *yaml.Node) string {
	check := strings.TrimPrefix(probeFields(v, true), ", ")
	if path, _ := probeHTTP(v); path != "" {
		check = strings.TrimSuffix("path: "+flowText(path)+", "+check, ", ")
	}
	return fmt.Sprintf("%s is the load balancer's health check in a Blueprint, on the service: write alb: {healthCheck: {%s}} (or nlb's)", key, check)
}

// healthCheckPathFix is the fix for a path in a container's health check
// ({path: /healthz}, as a load balancer's check is written): ECS runs a
// container's check inside it, as a command, so the path becomes a curl of
// it, or the load balancer's check.
func healthCheckPathFix(key string, v *yaml.Node) string {
	if v == nil || v.Kind != yaml.ScalarNode || !strings.HasPrefix(v.Value, "/") {
		return "a container's health check is a command that ECS runs inside the container: write command: [CMD-SHELL, ...]; a load balancer checks a path: alb.healthCheck or nlb.healthCheck: {path: ...}"
	}
	return pathCheckFix(v.Value, "", false)
}

// startupFix is the fix for a Kubernetes startup probe: the container
// health check's startPeriod, the seconds before failures count.
func startupFix(key string, v *yaml.Node) string {
	period := "SECONDS"
	if n, p := yamlout.Value(v, "failureThreshold"), yamlout.Value(v, "periodSeconds"); n != nil && p != nil {
		if a, err := strconv.Atoi(n.Value); err == nil {
			if b, err := strconv.Atoi(p.Value); err == nil && a > 0 && b > 0 && a*b <= maxStartPeriod {
				period = strconv.Itoa(a * b)
			}
		}
	}
	return fmt.Sprintf("%s is the startPeriod of the container's health check in a Blueprint, the seconds before its failures count (up to %d): write healthCheck: {command: [...], startPeriod: %s}", key, maxStartPeriod, period)
}

// alarmChatFix is the fix for a chat, paging or phone destination written
// in alarms: the stack's alarms notify its SNS topic, which those subscribe
// to outside the Blueprint.
const alarmChatFix = "remove it: the alarms notify the stack's SNS topic (output AlarmTopicArn), which emails subscribes addresses to; subscribe Slack or Microsoft Teams to the topic with Amazon Q Developer in chat applications (formerly AWS Chatbot), and a paging tool by its HTTPS endpoint, or give a topic of your own in topic"
