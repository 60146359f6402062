package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/secretsmanager"
	"github.com/awslabs/goformation/v7/cloudformation/wafv2"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// managedRuleGroups are the AWS managed rule groups the web ACL runs, in
// order: addresses with a bad reputation first (cheapest), then the common
// rule set (OWASP-style checks) and known bad inputs (Log4j, ...). None of
// them costs more than a rule.
var managedRuleGroups = []string{"AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"}

// waf creates the regional web ACL, associates it with the API's stage and
// the internet-facing ALBs, and logs it when asked. With a cdn, CloudFront
// sends a secret header that the web ACL requires of every request to the
// API, so that the API cannot be reached around CloudFront and its web ACL.
func (r *builder) waf() {
	w := r.bp.WAF
	if w == nil {
		return
	}
	var rules []wafv2.WebACL_Rule
	if r.bp.APIOnlyThroughCDN() {
		rules = append(rules, r.cloudFrontOnlyRule())
	}
	for _, name := range managedRuleGroups {
		rules = append(rules, wafv2.WebACL_Rule{
			Name:     name,
			Priority: len(rules),
			Statement: &wafv2.WebACL_Statement{ManagedRuleGroupStatement: &wafv2.WebACL_ManagedRuleGroupStatement{
				VendorName: "AWS", Name: name,
			}},
			OverrideAction:   &wafv2.WebACL_OverrideAction{None: map[string]any{}},
			VisibilityConfig: visibility(name),
		})
	}
	rules = append(rules, wafv2.WebACL_Rule{
		Name:     "RateLimitPerAddress",
		Priority: len(rules),
		Statement: &wafv2.WebACL_Statement{RateBasedStatement: &wafv2.WebACL_RateBasedStatement{
			Limit: w.RateLimit, AggregateKeyType: "IP",
		}},
		Action:           &wafv2.WebACL_RuleAction{Block: &wafv2.WebACL_BlockAction{}},
		VisibilityConfig: visibility("RateLimitPerAddress"),
	})
	r.add(blueprint.WebACLID, &wafv2.WebACL{
		Scope:            "REGIONAL",
		Description:      cloudformation.String("Public edges of Blueprint " + r.bp.Name),
		DefaultAction:    &wafv2.WebACL_DefaultAction{Allow: &wafv2.WebACL_AllowAction{}},
		Rules:            rules,
		VisibilityConfig: visibility(blueprint.WebACLID),
	})
	if r.bp.API != nil {
		// A stage's ARN is that of the API Gateway resource; the Sub names
		// the stage so that the association waits for it.
		r.add("ApiWebAclAssociation", &wafv2.WebACLAssociation{
			ResourceArn: intrinsic.Sub("arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Api}/stages/${ApiStage}"),
			WebACLArn:   intrinsic.GetAtt(blueprint.WebACLID, "Arn"),
		})
	}
	for _, lb := range r.bp.ApplicationLoadBalancers() {
		if lb.Scheme == blueprint.SchemeInternetFacing {
			r.add(lb.LogicalID("WebAclAssociation"), &wafv2.WebACLAssociation{
				ResourceArn: intrinsic.Ref(lb.LogicalID("")),
				WebACLArn:   intrinsic.GetAtt(blueprint.WebACLID, "Arn"),
			})
		}
	}
	if w.Logs {
		r.wafLogs()
	}
	r.output("WebAclArn", "ARN of the web ACL in front of the public edges.", intrinsic.GetAtt(blueprint.WebACLID, "Arn"))
}

// visibility turns on CloudWatch metrics and sampled requests under a name.
func visibility(metric string) *wafv2.WebACL_VisibilityConfig {
	return &wafv2.WebACL_VisibilityConfig{CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: metric}
}

// cloudFrontSecretValue resolves the header value CloudFront sends at deploy
// time, so that neither template nor document holds it.
func cloudFrontSecretValue() string {
	return intrinsic.Sub("{{resolve:secretsmanager:${CdnOriginSecret}:SecretString}}")
}

// cloudFrontOnlyRule blocks requests to the API that lack CloudFront's
// secret header (AWS's documented way to restrict an API Gateway origin to
// CloudFront). With internet-facing ALBs behind the same web ACL the rule
// looks only at requests for the API's own host name (execute-api), which
// CloudFront keeps as the origin's.
func (r *builder) cloudFrontOnlyRule() wafv2.WebACL_Rule {
	r.add("CdnOriginSecret", &secretsmanager.Secret{
		Description: intrinsic.SubPtr("${AWS::StackName}: header value CloudFront sends to the API"),
		// Letters and digits only: the value travels in a header.
		GenerateSecretString: &secretsmanager.Secret_GenerateSecretString{
			PasswordLength:     cloudformation.Int(48),
			ExcludePunctuation: cloudformation.Bool(true),
		},
		// Both readers (CloudFront and the web ACL) are in this stack and
		// take a new value in the same update.
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Delete"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Delete"),
	})
	lacksHeader := &wafv2.WebACL_Statement{NotStatement: &wafv2.WebACL_NotStatement{Statement: &wafv2.WebACL_Statement{
		ByteMatchStatement: &wafv2.WebACL_ByteMatchStatement{
			FieldToMatch:         &wafv2.WebACL_FieldToMatch{SingleHeader: &wafv2.WebACL_SingleHeader{Name: lowerHeader(blueprint.CloudFrontHeader)}},
			PositionalConstraint: "EXACTLY",
			SearchString:         cloudformation.String(cloudFrontSecretValue()),
			TextTransformations:  []wafv2.WebACL_TextTransformation{{Priority: 0, Type: "NONE"}},
		},
	}}}
	statement := lacksHeader
	if r.publicALBs() {
		statement = &wafv2.WebACL_Statement{AndStatement: &wafv2.WebACL_AndStatement{Statements: []wafv2.WebACL_Statement{
			*lacksHeader,
			{ByteMatchStatement: &wafv2.WebACL_ByteMatchStatement{
				FieldToMatch:         &wafv2.WebACL_FieldToMatch{SingleHeader: &wafv2.WebACL_SingleHeader{Name: "host"}},
				PositionalConstraint: "CONTAINS",
				SearchString:         cloudformation.String(".execute-api."),
				TextTransformations:  []wafv2.WebACL_TextTransformation{{Priority: 0, Type: "LOWERCASE"}},
			}},
		}}}
	}
	return wafv2.WebACL_Rule{
		Name:             "OnlyThroughCloudFront",
		Priority:         0,
		Statement:        statement,
		Action:           &wafv2.WebACL_RuleAction{Block: &wafv2.WebACL_BlockAction{}},
		VisibilityConfig: visibility("OnlyThroughCloudFront"),
	}
}

// publicALBs reports whether any ALB is internet-facing.
func (r *builder) publicALBs() bool {
	for _, lb := range r.bp.ApplicationLoadBalancers() {
		if lb.Scheme == blueprint.SchemeInternetFacing {
			return true
		}
	}
	return false
}

// wafLogs sends the web ACL's logs to a log group whose name starts with
// aws-waf-logs-, as AWS WAF requires. The destination is the group's ARN
// without the ":*" its Arn attribute ends with, which AWS WAF refuses.
func (r *builder) wafLogs() {
	r.logGroup("WafLogs", "aws-waf-logs-${AWS::StackName}", "aws-waf-logs-${AWS::StackName}", r.logRetention())
	r.add("WafLogging", &wafv2.LoggingConfiguration{
		ResourceArn:           intrinsic.GetAtt(blueprint.WebACLID, "Arn"),
		LogDestinationConfigs: []string{intrinsic.Sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${WafLogs}")},
	})
}

// lowerHeader is a header name as AWS WAF matches it: lowercase.
func lowerHeader(name string) string {
	b := []byte(name)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
