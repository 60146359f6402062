package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/cognito"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/ecsgate/ecsgate/openapi"
)

// userPools creates the Cognito user pools the Blueprint declares without an
// ARN, each with an app client for the API's callers. Existing pools need
// nothing here: authorizers name them by ARN.
func (r *builder) userPools() {
	for _, p := range r.bp.UserPools {
		if p.ARN != "" {
			continue
		}
		pid := id(p.Name, "UserPool")
		r.add(pid, &cognito.UserPool{
			UserPoolName:           cloudformation.SubPtr("${AWS::StackName}-" + p.Name),
			AutoVerifiedAttributes: []string{"email"},
			// Accounts are created by administrators unless the Blueprint
			// says otherwise: an open sign-up is an easy mistake to ship.
			AdminCreateUserConfig: &cognito.UserPool_AdminCreateUserConfig{AllowAdminCreateUserOnly: cloudformation.Bool(true)},
			Policies: &cognito.UserPool_Policies{PasswordPolicy: &cognito.UserPool_PasswordPolicy{
				MinimumLength:                 cloudformation.Int(12),
				RequireLowercase:              cloudformation.Bool(true),
				RequireUppercase:              cloudformation.Bool(true),
				RequireNumbers:                cloudformation.Bool(true),
				RequireSymbols:                cloudformation.Bool(true),
				TemporaryPasswordValidityDays: cloudformation.Int(7),
			}},
			MfaConfiguration: cloudformation.String("OPTIONAL"),
			EnabledMfas:      []string{"SOFTWARE_TOKEN_MFA"},
			AccountRecoverySetting: &cognito.UserPool_AccountRecoverySetting{RecoveryMechanisms: []cognito.UserPool_RecoveryOption{
				{Name: cloudformation.String("verified_email"), Priority: cloudformation.Int(1)},
			}},
			// Users are data: the pool survives stack deletion and replacement,
			// and Cognito refuses to delete it while protection is on.
			DeletionProtection:                   cloudformation.String("ACTIVE"),
			AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
			AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
		})
		r.add(pid+"Client", &cognito.UserPoolClient{
			ClientName: cloudformation.String(p.Name + "-api"),
			UserPoolId: cloudformation.Ref(pid),
			// A public client (browser, mobile app) cannot keep a secret.
			GenerateSecret:             cloudformation.Bool(false),
			ExplicitAuthFlows:          []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
			PreventUserExistenceErrors: cloudformation.String("ENABLED"),
			EnableTokenRevocation:      cloudformation.Bool(true),
		})
		r.output(id(p.Name, "UserPoolId"), "ID of the Cognito user pool "+p.Name+".", cloudformation.Ref(pid))
		r.output(openapi.UserPoolARNOutput(p.Name), "ARN of the Cognito user pool "+p.Name+" (substitute it into openapi.yaml).", cloudformation.GetAtt(pid, "Arn"))
		r.output(id(p.Name, "UserPoolClientId"), "App client ID of the Cognito user pool "+p.Name+".", cloudformation.Ref(pid+"Client"))
	}
}
