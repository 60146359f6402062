package render

import (
	"slices"
	"sort"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	elbv2 "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
	"github.com/awslabs/goformation/v7/cloudformation/s3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// Prefixes of the audit logs in their bucket.
const (
	elbLogsPrefix      = "elb"
	flowLogsPrefix     = "vpc-flow-logs"
	cdnLogsPrefix      = "cloudfront/"
	accessLogsPrefix   = "s3/"
	elbAccountsMapping = "ElbLogDeliveryAccounts"
	elbAccountRegion   = "ElbLogDeliveryByAccount"
)

// elbLogDeliveryAccounts are the accounts Elastic Load Balancing delivers
// access logs from in the Regions that opened before August 2022, where the
// bucket policy names the account; in the Regions opened since, it names
// the service principal logdelivery.elasticloadbalancing.amazonaws.com,
// which the policy names everywhere. Source: the ALB guide, "Enable access
// logs for your Application Load Balancer", step 2.
var elbLogDeliveryAccounts = map[string]string{
	"af-south-1": "098369216593", "ap-east-1": "754344448648", "ap-northeast-1": "582318560864",
	"ap-northeast-2": "600734575887", "ap-northeast-3": "383597477331", "ap-south-1": "718504428378",
	"ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266", "ap-southeast-3": "589379963580",
	"ca-central-1": "985666609251", "cn-north-1": "638102146993", "cn-northwest-1": "037604701340",
	"eu-central-1": "054676820928", "eu-north-1": "897822967062", "eu-south-1": "635631232127",
	"eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-west-3": "009996457667",
	"me-south-1": "076674570225", "sa-east-1": "507241528517", "us-east-1": "127311923021",
	"us-east-2": "033677994240", "us-gov-east-1": "190560391635", "us-gov-west-1": "048591011584",
	"us-west-1": "027434742980", "us-west-2": "797873946194",
}

// auditLogs creates the bucket of the audit logs (unless logs.bucket names
// an existing one), the bucket of CloudFront's standard logs, and the flow
// log of the VPC the template creates. The load balancers and the
// distribution name the buckets themselves (loadbalancers.go, cdn.go).
//
// The audit bucket takes SSE-S3: the only encryption ALB access logs and
// S3 server access logs can be delivered under (the ELB and S3 guides).
func (r *builder) auditLogs() {
	sources := r.bp.AuditLogSources()
	if len(sources) == 0 {
		return
	}
	if r.bp.CreatesAuditBucket() {
		r.add(blueprint.AuditLogsBucketID, r.logBucket(logBucket{expireDays: r.bp.Logs.ExpireDays}))
		r.add(blueprint.AuditLogsBucketID+"Policy", r.bucketPolicy(blueprint.AuditLogsBucketID, r.auditDeliveries(sources)...))
		r.output(blueprint.AuditLogsBucketID+"Name", "Bucket of the audit logs: load balancer access logs, VPC flow logs, S3 server access logs.", intrinsic.Ref(blueprint.AuditLogsBucketID))
	}
	if r.bp.CreatesCDNLogsBucket() {
		r.add(blueprint.CDNLogsBucketID, r.logBucket(logBucket{
			expireDays: r.bp.Logs.ExpireDays,
			// CloudFront's standard logs arrive through an ACL grant to its
			// log delivery account: the bucket must keep ACLs on.
			acls:       true,
			kms:        r.bp.EncryptsLogs(),
			accessLogs: r.auditBucketName(),
		}))
		r.add(blueprint.CDNLogsBucketID+"Policy", r.bucketPolicy(blueprint.CDNLogsBucketID))
		r.output(blueprint.CDNLogsBucketID+"Name", "Bucket of CloudFront's standard logs.", intrinsic.Ref(blueprint.CDNLogsBucketID))
	}
	if r.bp.Network.VPC != nil {
		r.add(blueprint.FlowLogID, &ec2.FlowLog{
			ResourceId:                 intrinsic.Ref(blueprint.VPCID),
			ResourceType:               "VPC",
			TrafficType:                cloudformation.String("ALL"),
			LogDestinationType:         cloudformation.String("s3"),
			LogDestination:             cloudformation.String(r.auditFolderARN(flowLogsPrefix)),
			Tags:                       nameTag("flow-log"),
			AWSCloudFormationDependsOn: r.auditPolicyDependency(),
		})
	}
}

// loadBalancerAudit adds to a load balancer what the Blueprint asks of
// every one: deletion protection, and with audit logs its access logs
// under the elb prefix, once the bucket policy lets Elastic Load Balancing
// write them (it checks when access logs are turned on).
func (r *builder) loadBalancerAudit(lb *elbv2.LoadBalancer, protected bool) {
	attribute := func(key, value string) elbv2.LoadBalancer_LoadBalancerAttribute {
		return elbv2.LoadBalancer_LoadBalancerAttribute{Key: cloudformation.String(key), Value: cloudformation.String(value)}
	}
	if protected {
		// Neither the stack nor anyone else deletes the load balancer until
		// this is turned off.
		lb.LoadBalancerAttributes = append(lb.LoadBalancerAttributes, attribute("deletion_protection.enabled", "true"))
	}
	if slices.Contains(r.bp.AuditLogSources(), "elb") {
		lb.LoadBalancerAttributes = append(lb.LoadBalancerAttributes,
			attribute("access_logs.s3.enabled", "true"),
			attribute("access_logs.s3.bucket", r.auditBucketName()),
			attribute("access_logs.s3.prefix", elbLogsPrefix))
		lb.AWSCloudFormationDependsOn = append(lb.AWSCloudFormationDependsOn, r.auditPolicyDependency()...)
	}
}

// auditBucketName is the name of the audit logs' bucket: the one the
// template creates, or logs.bucket.
func (r *builder) auditBucketName() string {
	if b := r.bp.Logs.Bucket; b != "" {
		return b
	}
	return intrinsic.Ref(blueprint.AuditLogsBucketID)
}

// auditFolderARN is the ARN of a folder (a key prefix) of the audit bucket.
func (r *builder) auditFolderARN(prefix string) string {
	if b := r.bp.Logs.Bucket; b != "" {
		return intrinsic.Sub("arn:${AWS::Partition}:s3:::" + b + "/" + prefix + "/")
	}
	return intrinsic.Sub("${" + blueprint.AuditLogsBucketID + ".Arn}/" + prefix + "/")
}

// auditPolicyDependency is what a resource that starts delivering into the
// audit bucket waits for: the bucket policy that lets the delivery in (Elastic
// Load Balancing checks it when access logs are turned on).
func (r *builder) auditPolicyDependency() []string {
	if r.bp.CreatesAuditBucket() {
		return []string{blueprint.AuditLogsBucketID + "Policy"}
	}
	return nil
}

// auditDeliveries are the bucket policy statements that let each source's
// AWS service write its logs under its prefix, and nowhere else.
func (r *builder) auditDeliveries(sources []string) []statement {
	bucket := blueprint.AuditLogsBucketID
	objects := func(prefix string) string {
		return intrinsic.Sub("${" + bucket + ".Arn}/" + prefix + "/AWSLogs/${AWS::AccountId}/*")
	}
	account := map[string]any{"aws:SourceAccount": intrinsic.Ref("AWS::AccountId")}
	var delivered []string
	for _, src := range sources {
		switch src {
		case "elb":
			delivered = append(delivered, objects(elbLogsPrefix))
		case "vpc":
			delivered = append(delivered, objects(flowLogsPrefix))
		}
	}
	var statements []statement
	if len(r.bp.ApplicationLoadBalancers()) > 0 {
		r.elbAccountCondition()
		statements = append(statements, statement{
			Sid:    "ElasticLoadBalancingWritesAccessLogs",
			Effect: "Allow",
			Principal: map[string]any{
				"AWS": intrinsic.If(elbAccountRegion, intrinsic.Join("", []string{
					"arn:", intrinsic.Ref("AWS::Partition"), ":iam::", intrinsic.FindInMap(elbAccountsMapping, intrinsic.Ref("AWS::Region"), "Account"), ":root",
				}), intrinsic.NoValue()),
				"Service": "logdelivery.elasticloadbalancing.amazonaws.com",
			},
			Action:   []string{"s3:PutObject"},
			Resource: []string{objects(elbLogsPrefix)},
		})
	}
	if len(delivered) > 0 {
		// The log delivery service writes the NLB's access logs and the
		// VPC's flow logs, after checking the bucket's ACL.
		statements = append(statements,
			statement{
				Sid:       "LogDeliveryChecksBucket",
				Effect:    "Allow",
				Principal: map[string]any{"Service": "delivery.logs.amazonaws.com"},
				Action:    []string{"s3:GetBucketAcl", "s3:ListBucket"},
				Resource:  []string{intrinsic.GetAtt(bucket, "Arn")},
				Condition: map[string]any{"StringEquals": account},
			},
			statement{
				Sid:       "LogDeliveryWritesLogs",
				Effect:    "Allow",
				Principal: map[string]any{"Service": "delivery.logs.amazonaws.com"},
				Action:    []string{"s3:PutObject"},
				Resource:  delivered,
				Condition: map[string]any{"StringEquals": map[string]any{
					"aws:SourceAccount": intrinsic.Ref("AWS::AccountId"),
					"s3:x-amz-acl":      "bucket-owner-full-control",
				}},
			})
	}
	if r.bp.CreatesCDNLogsBucket() || slices.Contains(r.bp.AuditLogSources(), "s3") {
		// The CloudFront logs bucket's and the application's buckets' S3
		// server access logs. Scoped to the account, not to the buckets'
		// ARNs: the CloudFront logs bucket is encrypted with the logs' key,
		// whose policy names the API's execution log group, and the API
		// needs the load balancers, which wait for this policy: naming the
		// bucket here would close the circle.
		statements = append(statements, serverAccessLogging(bucket, nil))
	}
	return statements
}

// elbAccountCondition adds the mapping of the ELB log delivery accounts and
// the condition that the stack's Region has one: Fn::Or takes at most 10
// conditions, so the Regions are OR-ed in groups of 10, and the groups.
func (r *builder) elbAccountCondition() {
	regions := make([]string, 0, len(elbLogDeliveryAccounts))
	mapping := map[string]any{}
	for region, account := range elbLogDeliveryAccounts {
		regions = append(regions, region)
		mapping[region] = map[string]string{"Account": account}
	}
	sort.Strings(regions)
	r.mapping(elbAccountsMapping, mapping)
	var groups []string
	for len(regions) > 0 {
		n := min(10, len(regions))
		var equals []string
		for _, region := range regions[:n] {
			equals = append(equals, intrinsic.Equals(intrinsic.Ref("AWS::Region"), region))
		}
		groups = append(groups, intrinsic.Or(equals))
		regions = regions[n:]
	}
	r.condition(elbAccountRegion, intrinsic.Or(groups))
}

// serverAccessLogging lets S3 deliver the server access logs of the source
// buckets into bucket, under their prefix (the S3 guide's bucket policy for
// the logging service principal: aws:SourceAccount, and aws:SourceArn
// where the sources can be named; none names any bucket of the account).
func serverAccessLogging(bucket string, sources []string) statement {
	condition := map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": intrinsic.Ref("AWS::AccountId")}}
	if len(sources) > 0 {
		condition["ArnLike"] = map[string]any{"aws:SourceArn": sources}
	}
	return statement{
		Sid:       "S3WritesServerAccessLogs",
		Effect:    "Allow",
		Principal: map[string]any{"Service": "logging.s3.amazonaws.com"},
		Action:    []string{"s3:PutObject"},
		Resource:  []string{intrinsic.Sub("${" + bucket + ".Arn}/" + accessLogsPrefix + "*")},
		Condition: condition,
	}
}

// logBucket is how a bucket of logs differs from the others.
type logBucket struct {
	expireDays int
	// acls keeps ACLs on (object ownership BucketOwnerPreferred), for a
	// service that delivers through an ACL grant.
	acls bool
	// kms encrypts with the logs' key instead of SSE-S3.
	kms bool
	// accessLogs is the bucket its own S3 server access logs go to, empty
	// for none: the bucket that receives them cannot log into itself
	// without logging its own logging, which the S3 guide warns against.
	accessLogs string
}

// logBucket is a bucket of logs: private, versioned, with S3 Object Lock
// on (each object can be locked; no default retention, which would refuse
// the log deliveries' writes without a checksum), events to EventBridge,
// expiry after the logs' days, kept with the stack's logs
// (RetainExceptOnCreate with logs.retain).
func (r *builder) logBucket(l logBucket) *s3.Bucket {
	ownership := "BucketOwnerEnforced"
	if l.acls {
		ownership = "BucketOwnerPreferred"
	}
	b := newBucket(l.kms, ownership)
	b.ObjectLockEnabled = cloudformation.Bool(true)
	b.LifecycleConfiguration = &s3.Bucket_LifecycleConfiguration{Rules: []s3.Bucket_Rule{{
		Id:                             cloudformation.String("expire-logs"),
		Status:                         "Enabled",
		ExpirationInDays:               cloudformation.Int(l.expireDays),
		NoncurrentVersionExpiration:    &s3.Bucket_NoncurrentVersionExpiration{NoncurrentDays: 1},
		AbortIncompleteMultipartUpload: &s3.Bucket_AbortIncompleteMultipartUpload{DaysAfterInitiation: 1},
	}}}
	if l.accessLogs != "" {
		b.LoggingConfiguration = &s3.Bucket_LoggingConfiguration{
			DestinationBucketName: cloudformation.String(l.accessLogs),
			LogFilePrefix:         cloudformation.String(accessLogsPrefix + "cloudfront-logs/"),
		}
	}
	b.AWSCloudFormationDeletionPolicy, b.AWSCloudFormationUpdateReplacePolicy = r.logsLifetime()
	return b
}

// newBucket is what every bucket the templates create has: public access
// blocked, the object ownership given, versioning, events to EventBridge
// (CT.S3.PR.4, free for S3's own events) and default encryption: with kms
// the logs' key, else SSE-S3.
func newBucket(kms bool, ownership string) *s3.Bucket {
	sse := &s3.Bucket_ServerSideEncryptionByDefault{SSEAlgorithm: "AES256"}
	if kms {
		sse = &s3.Bucket_ServerSideEncryptionByDefault{SSEAlgorithm: "aws:kms", KMSMasterKeyID: intrinsic.GetAttPtr(blueprint.LogsKeyID, "Arn")}
	}
	return &s3.Bucket{
		BucketEncryption: &s3.Bucket_BucketEncryption{ServerSideEncryptionConfiguration: []s3.Bucket_ServerSideEncryptionRule{{
			ServerSideEncryptionByDefault: sse,
			BucketKeyEnabled:              cloudformation.Bool(true),
		}}},
		PublicAccessBlockConfiguration: &s3.Bucket_PublicAccessBlockConfiguration{
			BlockPublicAcls: cloudformation.Bool(true), BlockPublicPolicy: cloudformation.Bool(true),
			IgnorePublicAcls: cloudformation.Bool(true), RestrictPublicBuckets: cloudformation.Bool(true),
		},
		OwnershipControls:         &s3.Bucket_OwnershipControls{Rules: []s3.Bucket_OwnershipControlsRule{{ObjectOwnership: cloudformation.String(ownership)}}},
		VersioningConfiguration:   &s3.Bucket_VersioningConfiguration{Status: "Enabled"},
		NotificationConfiguration: &s3.Bucket_NotificationConfiguration{EventBridgeConfiguration: &s3.Bucket_EventBridgeConfiguration{EventBridgeEnabled: true}},
	}
}

// logBucketIDs are the buckets of logs, which logs.retain keeps.
var logBucketIDs = []string{blueprint.AuditLogsBucketID, blueprint.CDNLogsBucketID, blueprint.PipelineLogsBucketID}

// bucketPolicy is the policy of a bucket the templates create: the
// statements that let services write into it, then the refusal of any
// request without TLS (CT.S3.PR.8, in the form its check reads: the
// bucket's ARN and its objects' as Fn::Join) and, for logs that outlive the
// stack, of the bucket's deletion.
func (r *builder) bucketPolicy(bucket string, uses ...statement) *s3.BucketPolicy {
	arn := intrinsic.GetAtt(bucket, "Arn")
	statements := append(uses, tlsOnly("s3", arn, intrinsic.Join("", []string{arn, "/*"})))
	if r.bp.RetainsLogs() && slices.Contains(logBucketIDs, bucket) {
		statements = append(statements, statement{
			Sid:       "KeepTheLogs",
			Effect:    "Deny",
			Principal: map[string]any{"AWS": "*"},
			Action:    []string{"s3:DeleteBucket"},
			Resource:  []string{arn},
		})
	}
	return &s3.BucketPolicy{
		Bucket: intrinsic.Ref(bucket), PolicyDocument: policy(statements...),
		// cfn-lint prefers Fn::Sub to the Fn::Join above (I1022, a matter of
		// style), but CT.S3.PR.8's check reads only the Join form.
		AWSCloudFormationMetadata: map[string]any{"cfn-lint": map[string]any{"config": map[string]any{"ignore_checks": []string{"I1022"}}}},
	}
}
