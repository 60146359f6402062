package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
	"github.com/awslabs/goformation/v7/cloudformation/kms"
	"github.com/awslabs/goformation/v7/cloudformation/s3"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// strictTemplate renders a golden Blueprint written under security: strict.
func strictTemplate(t *testing.T, name string) *cloudformation.Template {
	t.Helper()
	b, err := blueprint.Load("../golden/" + name + "/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return mustTemplate(t, b)
}

// statementOf returns the statement of the policy with the Sid.
func statementOf(t *testing.T, doc any, sid string) statement {
	t.Helper()
	for _, s := range doc.(policyDocument).Statement {
		if s.Sid == sid {
			return s
		}
	}
	t.Fatalf("no statement %s in %+v", sid, doc)
	return statement{}
}

// text is everything a statement says, as compact JSON with its
// intrinsics expanded however deep, for assertions on what it names.
func text(s statement) string {
	var expand func(v any) any
	expand = func(v any) any {
		switch v := v.(type) {
		case string:
			if fn, ok := intrinsic.Expand(v); ok {
				return expand(fn)
			}
			return v
		case []string:
			out := make([]any, len(v))
			for i, x := range v {
				out[i] = expand(x)
			}
			return out
		case []any:
			out := make([]any, len(v))
			for i, x := range v {
				out[i] = expand(x)
			}
			return out
		case map[string]any:
			out := map[string]any{}
			for k, x := range v {
				out[k] = expand(x)
			}
			return out
		}
		return v
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, part := range []any{s.Principal, s.Action, s.Resource, s.Condition} {
		if err := enc.Encode(expand(part)); err != nil {
			return err.Error()
		}
	}
	return b.String()
}

// TestBucketAndKeyPolicies: each statement of the audit bucket's policy and
// of the logs' key policy encodes one AWS rule, named in the case.
func TestBucketAndKeyPolicies(t *testing.T) {
	tmpl := strictTemplate(t, "strict-private-api")
	bucketPolicy := tmpl.Resources[blueprint.AuditLogsBucketID+"Policy"].(*s3.BucketPolicy).PolicyDocument
	keyPolicy := tmpl.Resources[blueprint.LogsKeyID].(*kms.Key).KeyPolicy
	for _, c := range []struct {
		rule   string
		policy any
		sid    string
		effect string
		says   []string
	}{
		{"ELB guide: the log delivery service principal writes ALB access logs under the prefix, for this account", bucketPolicy, "ElasticLoadBalancingWritesAccessLogs", "Allow",
			[]string{"logdelivery.elasticloadbalancing.amazonaws.com", "s3:PutObject", "/elb/AWSLogs/${AWS::AccountId}/*"}},
		{"ELB guide: in Regions available before August 2022, the Region's Elastic Load Balancing account too", bucketPolicy, "ElasticLoadBalancingWritesAccessLogs", "Allow",
			[]string{`"Fn::If":["ElbLogDeliveryByAccount"`, `"Fn::FindInMap":["ElbLogDeliveryAccounts",{"Ref":"AWS::Region"},"Account"]`, "AWS::NoValue"}},
		{"VPC flow logs guide: log delivery checks the bucket's ACL, for this account only", bucketPolicy, "LogDeliveryChecksBucket", "Allow",
			[]string{"delivery.logs.amazonaws.com", "s3:GetBucketAcl", "aws:SourceAccount"}},
		{"VPC flow logs guide: log delivery writes with bucket-owner-full-control", bucketPolicy, "LogDeliveryWritesLogs", "Allow",
			[]string{"delivery.logs.amazonaws.com", "s3:x-amz-acl", "bucket-owner-full-control", "/vpc-flow-logs/AWSLogs/${AWS::AccountId}/*"}},
		{"S3 guide: the logging service principal writes server access logs, for this account", bucketPolicy, "S3WritesServerAccessLogs", "Allow",
			[]string{"logging.s3.amazonaws.com", "s3:PutObject", "/s3/*", "aws:SourceAccount"}},
		{"CT.S3.PR.8: requests without TLS are refused, on the bucket and its objects", bucketPolicy, "TlsOnly", "Deny",
			[]string{"aws:SecureTransport", "false", `"Fn::Join":["",[{"Fn::GetAtt":["AuditLogsBucket","Arn"]},"/*"]]`}},
		{"logs.retain: the bucket of logs that outlive the stack cannot be deleted", bucketPolicy, "KeepTheLogs", "Deny",
			[]string{"s3:DeleteBucket"}},
		{"KMS guide: the account administers the key through IAM", keyPolicy, "AccountAdministersThroughIam", "Allow",
			[]string{":iam::${AWS::AccountId}:root", "kms:*"}},
		{"CloudWatch Logs guide: the Region's logs service uses the key only for this stack's log groups", keyPolicy, "CloudWatchLogsEncryptsThisStacksLogGroups", "Allow",
			[]string{"logs.${AWS::Region}.amazonaws.com", "kms:EncryptionContext:aws:logs:arn",
				"log-group:/ecs/${AWS::StackName}/orders", "log-group:/apigateway/${AWS::StackName}/prod", "log-group:API-Gateway-Execution-Logs_${Api}/prod"}},
		{"CloudFront guide: log delivery may encrypt standard logs into a bucket under the key", keyPolicy, "LogDeliveryWritesThisStacksLogs", "Allow",
			[]string{"delivery.logs.amazonaws.com", "kms:GenerateDataKey*", "aws:SourceAccount"}},
		{"CT.KMS.PR.3: grants only for AWS resources", keyPolicy, "GrantsOnlyForAwsResources", "Deny",
			[]string{"kms:CreateGrant", "BoolIfExists", "kms:GrantIsForAWSResource", "aws:PrincipalIsAWSService"}},
	} {
		t.Run(c.rule, func(t *testing.T) {
			s := statementOf(t, c.policy, c.sid)
			if s.Effect != c.effect {
				t.Errorf("%s is %s, want %s", c.sid, s.Effect, c.effect)
			}
			said := text(s)
			for _, want := range c.says {
				if !strings.Contains(said, want) {
					t.Errorf("%s does not say %s:\n%s", c.sid, want, said)
				}
			}
		})
	}
}

// TestAuditBuckets: ALB access logs need SSE-S3 (the ELB guide) and a
// bucket policy in place before the attribute is set; CloudFront's legacy
// standard logs need ACLs; every log bucket is private, versioned and
// expires its logs.
func TestAuditBuckets(t *testing.T) {
	tmpl := strictTemplate(t, "strict-private-api")
	audit := tmpl.Resources[blueprint.AuditLogsBucketID].(*s3.Bucket)
	if got := audit.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm; got != "AES256" {
		t.Errorf("audit bucket encryption %s: ALB access logs are delivered only with SSE-S3", got)
	}
	cdn := tmpl.Resources[blueprint.CDNLogsBucketID].(*s3.Bucket)
	if got := cdn.OwnershipControls.Rules[0].ObjectOwnership; *got != "BucketOwnerPreferred" {
		t.Errorf("CloudFront logs bucket ownership %s: its legacy logs arrive through an ACL grant", *got)
	}
	if got := cdn.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm; got != "aws:kms" {
		t.Errorf("CloudFront logs bucket encryption %s, want the logs' key", got)
	}
	for id, b := range map[string]*s3.Bucket{"audit": audit, "cdn": cdn} {
		pab := b.PublicAccessBlockConfiguration
		if pab == nil || !*pab.BlockPublicAcls || !*pab.BlockPublicPolicy || !*pab.IgnorePublicAcls || !*pab.RestrictPublicBuckets {
			t.Errorf("%s bucket does not block public access", id)
		}
		if b.VersioningConfiguration.Status != "Enabled" || *b.LifecycleConfiguration.Rules[0].ExpirationInDays != 365 {
			t.Errorf("%s bucket versioning or expiry", id)
		}
		if b.AWSCloudFormationDeletionPolicy != "RetainExceptOnCreate" {
			t.Errorf("%s bucket goes with the stack under logs.retain", id)
		}
	}
	alb := tmpl.Resources["Alb"].(*elasticloadbalancingv2.LoadBalancer)
	if len(alb.AWSCloudFormationDependsOn) == 0 || alb.AWSCloudFormationDependsOn[0] != blueprint.AuditLogsBucketID+"Policy" {
		t.Errorf("the ALB turns access logs on before the bucket lets ELB write: %v", alb.AWSCloudFormationDependsOn)
	}
	attrs := map[string]string{}
	for _, a := range alb.LoadBalancerAttributes {
		attrs[*a.Key] = decode(*a.Value)
	}
	if attrs["access_logs.s3.enabled"] != "true" || attrs["access_logs.s3.prefix"] != "elb" || attrs["deletion_protection.enabled"] != "true" {
		t.Errorf("ALB attributes %v", attrs)
	}
}
