package render

import (
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/kms"
	"github.com/awslabs/goformation/v7/cloudformation/logs"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// logGroup adds a CloudWatch Logs group as the Blueprint's logs settings
// want it: the retention (a service's own, else logs.retention), kept or
// deleted with the stack (logs.retain), and encrypted with the logs' key
// (logs.encrypt). name is the group's name, Fn::Sub text in the stack the
// group lands in; keyName is the same name as the logs' key, in the
// application's root, matches it (see logGroupPattern).
func (r *builder) logGroup(logicalID, name, keyName string, retention int) {
	group := &logs.LogGroup{
		LogGroupName:    cloudformation.String(name),
		RetentionInDays: cloudformation.Int(retention),
	}
	if strings.Contains(name, "${") {
		group.LogGroupName = intrinsic.SubPtr(name)
	}
	// A retained group keeps its fixed name: a stack of the same name
	// created again fails until it is deleted.
	group.AWSCloudFormationDeletionPolicy, group.AWSCloudFormationUpdateReplacePolicy = r.logsLifetime()
	if r.bp.EncryptsLogs() {
		group.KmsKeyId = intrinsic.GetAttPtr(blueprint.LogsKeyID, "Arn")
		r.logGroupNames = append(r.logGroupNames, keyName)
	}
	r.add(logicalID, group)
}

// serviceLogGroupName is the name of a log group of a service under
// prefix, for Fn::Sub: PREFIX${AWS::StackName}/SERVICE, unique to the
// stack; and the name the logs key's policy admits it by. In its nested
// stack, ${AWS::StackName} is the nested stack's name (the root's, the
// stack's logical ID and a suffix), which the key's policy, in the root,
// matches with a wildcard.
func (r *builder) serviceLogGroupName(prefix string, s *blueprint.Service) (name, keyName string) {
	name = prefix + "${AWS::StackName}/" + s.Name
	if r.nested() {
		return name, prefix + "${AWS::StackName}-" + s.LogicalID("Stack") + "-*/" + s.Name
	}
	return name, name
}

// logsLifetime is what becomes of the logs (log groups, their key, the
// buckets of audit logs) when the stack goes: with logs.retain they are
// kept, but not when the stack's creation rolls back, before anything was
// logged; otherwise they go with it (CloudFormation deletes only an empty
// bucket).
func (r *builder) logsLifetime() (policies.DeletionPolicy, policies.UpdateReplacePolicy) {
	if r.bp.RetainsLogs() {
		return policies.DeletionPolicy("RetainExceptOnCreate"), policies.UpdateReplacePolicy("Retain")
	}
	return policies.DeletionPolicy("Delete"), policies.UpdateReplacePolicy("Delete")
}

// logRetention is the retention of the log groups without a setting of
// their own.
func (r *builder) logRetention() int { return r.bp.Logs.Retention }

// logsKey creates the key that encrypts the stack's log groups, last, when
// every group has named itself. CloudWatch Logs may use it only in the
// encryption context of exactly those groups (AWS's documented key policy
// for log group encryption): a key for this stack's logs, not a key that
// any log group of the account could be put under.
func (r *builder) logsKey() {
	if !r.bp.EncryptsLogs() || len(r.logGroupNames) == 0 {
		return
	}
	groups := make([]string, 0, len(r.logGroupNames))
	for _, name := range r.logGroupNames {
		groups = append(groups, intrinsic.Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"+name))
	}
	statements := []statement{{
		Sid:       "CloudWatchLogsEncryptsThisStacksLogGroups",
		Effect:    "Allow",
		Principal: map[string]any{"Service": intrinsic.Sub("logs.${AWS::Region}.amazonaws.com")},
		Action:    []string{"kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
		Resource:  []string{"*"},
		Condition: map[string]any{"ArnLike": map[string]any{"kms:EncryptionContext:aws:logs:arn": groups}},
	}}
	if r.bp.CreatesCDNLogsBucket() {
		statements = append(statements, logDeliveryUsesKey())
	}
	key := &kms.Key{
		Description:         intrinsic.SubPtr("${AWS::StackName}: the stack's logs"),
		EnableKeyRotation:   cloudformation.Bool(true),
		PendingWindowInDays: cloudformation.Int(30),
		KeyPolicy:           keyPolicy(statements...),
	}
	// Retained logs stay readable only with their key.
	key.AWSCloudFormationDeletionPolicy, key.AWSCloudFormationUpdateReplacePolicy = r.logsLifetime()
	r.add(blueprint.LogsKeyID, key)
	r.output(blueprint.LogsKeyID+"Arn", "ARN of the KMS key that encrypts the stack's logs.", intrinsic.GetAtt(blueprint.LogsKeyID, "Arn"))
}

// logDeliveryUsesKey lets AWS's log delivery (CloudFront's standard logs)
// encrypt what it writes into a bucket under the logs' key, as CloudFront
// documents for SSE-KMS buckets.
func logDeliveryUsesKey() statement {
	return statement{
		Sid:       "LogDeliveryWritesThisStacksLogs",
		Effect:    "Allow",
		Principal: map[string]any{"Service": "delivery.logs.amazonaws.com"},
		Action:    []string{"kms:GenerateDataKey*"},
		Resource:  []string{"*"},
		Condition: map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": intrinsic.Ref("AWS::AccountId")}},
	}
}
