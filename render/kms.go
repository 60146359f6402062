package render

import "github.com/ecsgate/ecsgate/internal/intrinsic"

// keyPolicy is the policy of every KMS key the templates create: the
// account administers the key through IAM, the statements that let AWS
// services use it follow, and grants are refused to anyone but AWS
// services acting for AWS resources (CT.KMS.PR.3): a grant is a way to use
// the key that no policy shows, so a principal of the account cannot hand
// itself or others one.
func keyPolicy(uses ...statement) policyDocument {
	statements := append([]statement{{
		Sid:       "AccountAdministersThroughIam",
		Effect:    "Allow",
		Principal: map[string]any{"AWS": intrinsic.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
		Action:    []string{"kms:*"},
		// In a key policy "*" is the key itself.
		Resource: []string{"*"},
	}}, uses...)
	statements = append(statements, statement{
		Sid:       "GrantsOnlyForAwsResources",
		Effect:    "Deny",
		Principal: map[string]any{"AWS": "*"},
		Action:    []string{"kms:CreateGrant"},
		Resource:  []string{"*"},
		Condition: map[string]any{"BoolIfExists": map[string]any{
			"kms:GrantIsForAWSResource": "false",
			"aws:PrincipalIsAWSService": "false",
		}},
	})
	return policy(statements...)
}
