package render

import (
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/cognito"
	elbv2 "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
	"github.com/awslabs/goformation/v7/cloudformation/policies"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
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
			UserPoolName:           intrinsic.SubPtr("${AWS::StackName}-" + p.Name),
			AutoVerifiedAttributes: []string{"email"},
			// Accounts are created by administrators unless the Blueprint
			// says otherwise: an open sign-up is an easy mistake to ship.
			AdminCreateUserConfig: &cognito.UserPool_AdminCreateUserConfig{AllowAdminCreateUserOnly: cloudformation.Bool(true)},
			Policies: &cognito.UserPool_Policies{PasswordPolicy: &cognito.UserPool_PasswordPolicy{
				MinimumLength:                 cloudformation.Int(blueprint.PoolPasswordLength),
				RequireLowercase:              cloudformation.Bool(true),
				RequireUppercase:              cloudformation.Bool(true),
				RequireNumbers:                cloudformation.Bool(true),
				RequireSymbols:                cloudformation.Bool(true),
				TemporaryPasswordValidityDays: cloudformation.Int(7),
			}},
			MfaConfiguration: cloudformation.String(blueprint.PoolMFA),
			EnabledMfas:      []string{"SOFTWARE_TOKEN_MFA"},
			AccountRecoverySetting: &cognito.UserPool_AccountRecoverySetting{RecoveryMechanisms: []cognito.UserPool_RecoveryOption{
				{Name: cloudformation.String("verified_email"), Priority: cloudformation.Int(1)},
			}},
			// Users are data: the pool survives stack deletion and replacement,
			// and Cognito refuses to delete it while protection is on. It is
			// kept even when the stack's creation rolls back (Retain, not
			// RetainExceptOnCreate, whose delete the protection would refuse,
			// failing the rollback); pool names need not be unique, so a
			// retry creates a new pool beside the empty one.
			DeletionProtection:                   cloudformation.String("ACTIVE"),
			AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Retain"),
			AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Retain"),
		})
		r.output(id(p.Name, "UserPoolId"), "ID of the Cognito user pool "+p.Name+".", intrinsic.Ref(pid))
		arnDescription := "ARN of the Cognito user pool " + p.Name + "."
		if r.poolUsedByAPI(p.Name) {
			arnDescription = "ARN of the Cognito user pool " + p.Name + " (substitute it into openapi.yaml)."
		}
		r.output(blueprint.UserPoolARNOutput(p.Name), arnDescription, intrinsic.GetAtt(pid, "Arn"))
		if r.poolUsedByAPI(p.Name) {
			r.add(pid+"Client", &cognito.UserPoolClient{
				ClientName: cloudformation.String(p.Name + "-api"),
				UserPoolId: intrinsic.Ref(pid),
				// A public client (browser, mobile app) cannot keep a secret.
				GenerateSecret:             cloudformation.Bool(false),
				ExplicitAuthFlows:          []string{"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"},
				PreventUserExistenceErrors: cloudformation.String("ENABLED"),
				EnableTokenRevocation:      cloudformation.Bool(true),
			})
			r.output(id(p.Name, "UserPoolClientId"), "App client ID of the Cognito user pool "+p.Name+".", intrinsic.Ref(pid+"Client"))
		}
		if p.Domain != nil {
			r.userPoolDomain(p)
		}
		for _, u := range p.Users {
			r.add(pid+"User"+blueprint.LogicalName(u.Username), &cognito.UserPoolUser{
				UserPoolId: intrinsic.Ref(pid),
				Username:   cloudformation.String(u.Username),
				UserAttributes: []cognito.UserPoolUser_AttributeType{
					{Name: cloudformation.String("email"), Value: cloudformation.String(u.Email)},
					{Name: cloudformation.String("email_verified"), Value: cloudformation.String("true")},
				},
				// Cognito mails a temporary password; none is written here.
				DesiredDeliveryMediums: []string{"EMAIL"},
			})
		}
	}
	for _, lb := range r.bp.ApplicationLoadBalancers() {
		if lb.Login != nil {
			r.albClient(lb)
		}
	}
}

// poolUsedByAPI reports whether an API route authenticates against the pool.
func (r *builder) poolUsedByAPI(name string) bool {
	if r.bp.API == nil {
		return false
	}
	for _, route := range r.bp.API.Routes {
		if route.Auth != nil && route.Auth.UserPool == name {
			return true
		}
	}
	return false
}

// userPoolDomain creates the pool's hosted UI / OAuth domain: a prefix on
// amazoncognito.com, or a custom name served through CloudFront with a
// us-east-1 certificate. Cognito refuses a custom domain until its parent
// domain resolves, hence the DependsOn on the parent's record when this
// template writes it.
func (r *builder) userPoolDomain(p blueprint.UserPool) {
	pid := id(p.Name, "UserPool")
	d := &cognito.UserPoolDomain{UserPoolId: intrinsic.Ref(pid), Domain: p.Domain.Prefix}
	if p.Domain.Name != "" {
		d.Domain = p.Domain.Name
		d.CustomDomainConfig = &cognito.UserPoolDomain_CustomDomainConfigType{CertificateArn: cloudformation.String(p.Domain.Certificate)}
		if parent := r.recordFor(blueprint.ParentDomain(p.Domain.Name)); parent != "" {
			d.AWSCloudFormationDependsOn = []string{parent}
		}
	}
	r.add(pid+"Domain", d)
}

// userPoolRefs returns a pool's ARN and ID, as references to the pool the
// template creates or as the existing pool's literal values.
func (r *builder) userPoolRefs(name string) (arn, poolID string) {
	p := r.bp.UserPool(name)
	if p.ARN != "" {
		return p.ARN, p.ARN[strings.LastIndex(p.ARN, "/")+1:]
	}
	pid := id(name, "UserPool")
	return intrinsic.GetAtt(pid, "Arn"), intrinsic.Ref(pid)
}

// albClient is the confidential app client the ALB logs users in with: the
// authorization-code flow, a generated secret (which only the ALB sees) and
// one callback URL per ALB host name.
func (r *builder) albClient(lb blueprint.LoadBalancer) {
	a := lb.ALB
	_, poolID := r.userPoolRefs(a.Login.UserPool)
	var callbacks []string
	for _, h := range a.Hostnames {
		callbacks = append(callbacks, "https://"+h+"/oauth2/idpresponse")
	}
	name := a.Login.UserPool + "-alb"
	if lb.ID != "" {
		name = a.Login.UserPool + "-" + lb.ID + "-alb"
	}
	r.add(albClientID(lb), &cognito.UserPoolClient{
		ClientName:                      cloudformation.String(name),
		UserPoolId:                      poolID,
		GenerateSecret:                  cloudformation.Bool(true),
		AllowedOAuthFlowsUserPoolClient: cloudformation.Bool(true),
		AllowedOAuthFlows:               []string{"code"},
		AllowedOAuthScopes:              strings.Fields(a.Login.Scope),
		CallbackURLs:                    callbacks,
		SupportedIdentityProviders:      []string{"COGNITO"},
		PreventUserExistenceErrors:      cloudformation.String("ENABLED"),
	})
}

// albClientID names the app client a load balancer logs users in with.
func albClientID(lb blueprint.LoadBalancer) string {
	return id(lb.Login.UserPool, "UserPool") + lb.LogicalID("Client")
}

// albCognitoConfig is the authenticate-cognito action of a login rule.
func (r *builder) albCognitoConfig(lb blueprint.LoadBalancer) *elbv2.ListenerRule_AuthenticateCognitoConfig {
	l := lb.Login
	arn, _ := r.userPoolRefs(l.UserPool)
	d := r.bp.UserPool(l.UserPool).Domain
	domain := d.Prefix
	if d.Name != "" {
		domain = d.Name
	}
	return &elbv2.ListenerRule_AuthenticateCognitoConfig{
		UserPoolArn:              arn,
		UserPoolClientId:         intrinsic.Ref(albClientID(lb)),
		UserPoolDomain:           domain,
		Scope:                    cloudformation.String(l.Scope),
		SessionTimeout:           cloudformation.Int(l.SessionTimeout),
		OnUnauthenticatedRequest: cloudformation.String("authenticate"),
	}
}
