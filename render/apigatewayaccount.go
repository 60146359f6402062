package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/apigateway"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// apiGatewayAccount sets, in the shared stack, the role API Gateway writes
// logs to CloudWatch Logs with: a setting of the account and Region, without
// which no stage can log (AWS documents one AWS::ApiGateway::Account per
// account and Region, so that stacks do not overwrite each other's). The role
// carries AWS's managed policy for exactly this.
func (r *builder) apiGatewayAccount() {
	if !r.bp.Account.APIGatewayRole {
		return
	}
	r.add("ApiGatewayLogsRole", &iam.Role{
		Description: cloudformation.String("API Gateway writes the logs of every stage in this account and Region with it."),
		AssumeRolePolicyDocument: policy(statement{
			Effect:    "Allow",
			Principal: map[string]any{"Service": "apigateway.amazonaws.com"},
			Action:    []string{"sts:AssumeRole"},
		}),
		ManagedPolicyArns:                    []string{intrinsic.Sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")},
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("RetainExceptOnCreate"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
	})
	r.add("ApiGatewayAccount", &apigateway.Account{
		CloudWatchRoleArn: intrinsic.GetAttPtr("ApiGatewayLogsRole", "Arn"),
	})
}
