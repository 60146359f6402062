package blueprint

import (
	"fmt"
	"strings"
)

// Quota is one AWS limit that a Blueprint can reach. Every number ecsgate
// checks a Blueprint or a rendered template against lives in [Quotas], with
// the page it comes from.
type Quota struct {
	// Key names the quota in a Blueprint's quotas mapping (quotas: {albRules: 200}).
	Key string
	// Unit is what is counted, plural: "listener rules".
	Unit string
	// What the limit applies to, completing Unit: "per Application Load Balancer".
	Per string
	// Default is AWS's default value.
	Default int
	// Adjustable says AWS raises the quota on request (Service Quotas or AWS
	// Support); only those can be raised in a Blueprint.
	Adjustable bool
	// Max is the highest value AWS grants on request, where AWS documents one.
	Max int
	// WayOut says how to get under the limit without raising it.
	WayOut string
	// Source is the AWS page the number comes from.
	Source string
}

// Sources of the quotas below.
const (
	sourceCloudFormation = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
	sourceALB            = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html"
	sourceNLB            = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-limits.html"
	sourceAPIGateway     = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html"
	sourceVPC            = "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html"
	sourceIAM            = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"
	sourceECS            = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html"
	sourceSNSFilters     = "https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html"
	sourceDynamoDB       = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html"
	// VPC links V2 serve HTTP and REST APIs alike; their quotas are listed
	// with the HTTP APIs'.
	sourceVpcLinkV2   = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"
	sourcePrivateLink = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html"
	// The API definition's size is given in the import operation's
	// reference, not in the quota tables.
	sourceAPIImport = "https://docs.aws.amazon.com/apigateway/latest/api/API_ImportRestApi.html"
)

// Keys of the quotas ecsgate checks.
const (
	QuotaTemplateResources      = "templateResources"
	QuotaTemplateParameters     = "templateParameters"
	QuotaTemplateOutputs        = "templateOutputs"
	QuotaTemplateBytes          = "templateBytes"
	QuotaInlineTemplateBytes    = "inlineTemplateBytes"
	QuotaALBRules               = "albRules"
	QuotaALBTargetGroups        = "albTargetGroups"
	QuotaALBListeners           = "albListeners"
	QuotaALBCertificates        = "albCertificates"
	QuotaRuleConditionValues    = "albConditionValues"
	QuotaRuleWildcards          = "albConditionWildcards"
	QuotaNLBListeners           = "nlbListeners"
	QuotaNLBCertificates        = "nlbCertificates"
	QuotaAPIResources           = "apiResources"
	QuotaAPIAuthorizers         = "apiAuthorizers"
	QuotaStageVariables         = "apiStageVariables"
	QuotaAPIDefinitionBytes     = "apiDefinitionBytes"
	QuotaSecurityGroupRules     = "securityGroupRules"
	QuotaRolePolicySize         = "iamRolePolicySize"
	QuotaTaskDefinitionSize     = "ecsTaskDefinitionSize"
	QuotaContainersPerTask      = "ecsContainers"
	QuotaTasksPerRun            = "ecsTasksPerRun"
	QuotaFilterPoliciesPerTopic = "snsFilterPoliciesPerTopic"
	QuotaIndexesPerTable        = "dynamodbIndexesPerTable"
	QuotaVpcLinks               = "vpcLinks"
	QuotaVpcLinkSubnets         = "vpcLinkSubnets"
	QuotaVpcInterfaceEndpoints  = "vpcInterfaceEndpoints"
)

// Quotas is the table of AWS limits, in the order docs/limits.md lists them.
var Quotas = []Quota{
	{Key: QuotaTemplateResources, Unit: "resources", Per: "in one CloudFormation template", Default: 500,
		WayOut: "set stacks: nested to give each service its own stack", Source: sourceCloudFormation},
	{Key: QuotaTemplateParameters, Unit: "parameters", Per: "in one CloudFormation template", Default: 200,
		WayOut: "set stacks: nested to give each service its own stack", Source: sourceCloudFormation},
	{Key: QuotaTemplateOutputs, Unit: "outputs", Per: "in one CloudFormation template", Default: 200,
		WayOut: "set stacks: nested to give each service its own stack", Source: sourceCloudFormation},
	{Key: QuotaTemplateBytes, Unit: "bytes", Per: "in a CloudFormation template read from S3", Default: 1_000_000,
		WayOut: "set stacks: nested to give each service its own stack", Source: sourceCloudFormation},
	// Above this size aws cloudformation deploy needs --s3-bucket; gen
	// prints the right command rather than refusing.
	{Key: QuotaInlineTemplateBytes, Unit: "bytes", Per: "in a template passed inline to CloudFormation", Default: 51_200,
		WayOut: "deploy through an S3 bucket (--s3-bucket)", Source: sourceCloudFormation},
	{Key: QuotaALBRules, Unit: "listener rules", Per: "per Application Load Balancer", Default: 100, Adjustable: true,
		WayOut: "attach some of the services to another ALB (ingress.albs)", Source: sourceALB},
	{Key: QuotaALBTargetGroups, Unit: "target groups", Per: "per Application Load Balancer", Default: 100,
		WayOut: "attach at most 100 services to the ALB, the others to another one (ingress.albs)", Source: sourceALB},
	{Key: QuotaALBListeners, Unit: "listeners", Per: "per Application Load Balancer", Default: 50, Adjustable: true,
		WayOut: "use fewer listeners", Source: sourceALB},
	// ecsgate attaches only the default certificate, which this quota does
	// not count; listed for completeness.
	{Key: QuotaALBCertificates, Unit: "certificates", Per: "per Application Load Balancer besides the default one", Default: 25, Adjustable: true,
		WayOut: "use a certificate that covers several names", Source: sourceALB},
	{Key: QuotaRuleConditionValues, Unit: "condition values", Per: "per listener rule", Default: 5,
		WayOut: "match fewer paths and hosts per service, or use wildcards", Source: sourceALB},
	{Key: QuotaRuleWildcards, Unit: "wildcards (* and ?)", Per: "per listener rule", Default: 5,
		WayOut: "use fewer wildcards in the service's paths and hosts", Source: sourceALB},
	{Key: QuotaNLBListeners, Unit: "listeners", Per: "per Network Load Balancer", Default: 50,
		WayOut: "attach at most 50 services to the NLB (the others to the ALB, or to another Blueprint)", Source: sourceNLB},
	// Like the ALB: only the default certificate, not counted.
	{Key: QuotaNLBCertificates, Unit: "certificates", Per: "per Network Load Balancer", Default: 25, Adjustable: true,
		WayOut: "use a certificate that covers several names", Source: sourceNLB},
	{Key: QuotaAPIResources, Unit: "resources (path parts)", Per: "per REST API", Default: 300, Adjustable: true,
		WayOut: "share path parts between routes (e.g. one /{proxy+} route per service)", Source: sourceAPIGateway},
	{Key: QuotaAPIAuthorizers, Unit: "authorizers", Per: "per REST API", Default: 10, Adjustable: true,
		WayOut: "authenticate the routes against fewer user pools", Source: sourceAPIGateway},
	// ecsgate sets at most three stage variables; listed for completeness.
	{Key: QuotaStageVariables, Unit: "stage variables", Per: "per stage", Default: 100,
		WayOut: "use fewer stage variables", Source: sourceAPIGateway},
	// A design-first document (api.openapi) is imported as a REST API's
	// Body; API Gateway imports a definition of at most 6 MB.
	{Key: QuotaAPIDefinitionBytes, Unit: "bytes", Per: "per imported API definition (api.openapi)", Default: 6 << 20,
		WayOut: "split the API into several Blueprints, or move large examples out of the document", Source: sourceAPIImport},
	// A Blueprint creates one VPC link; the account's others are out of
	// gen's sight. Listed so that the number is at hand when a deploy fails.
	{Key: QuotaVpcLinks, Unit: "VPC links V2", Per: "per account and Region", Default: 10, Adjustable: true,
		WayOut: "delete unused VPC links V2, or share one between stacks", Source: sourceVpcLinkV2},
	{Key: QuotaVpcLinkSubnets, Unit: "subnets", Per: "per VPC link V2", Default: 10, Adjustable: true,
		WayOut: "list fewer private subnets (one per AZ is enough)", Source: sourceVpcLinkV2},
	// Interface endpoints and Gateway Load Balancer endpoints share this
	// quota; the S3 gateway endpoint does not count.
	{Key: QuotaVpcInterfaceEndpoints, Unit: "interface endpoints", Per: "per VPC", Default: 50, Adjustable: true,
		WayOut: "create fewer endpoints (network.endpoints), or list those the VPC has in network.existing.presentEndpoints", Source: sourcePrivateLink},
	// The quota times the security groups per network interface may not
	// exceed 1,000; every network interface ecsgate creates has one group.
	{Key: QuotaSecurityGroupRules, Unit: "rules", Per: "per security group and direction (inbound, outbound)", Default: 60, Adjustable: true, Max: 1000,
		WayOut: "attach fewer services to the load balancer, or have fewer call it by its address (ingress.albs adds ALBs), or list fewer CIDR blocks", Source: sourceVPC},
	// IAM counts the characters of all inline policies of a role, white
	// space excluded.
	{Key: QuotaRolePolicySize, Unit: "characters", Per: "in the inline policies of an IAM role (white space not counted)", Default: 10_240,
		WayOut: "inject fewer secrets into the service, or share a prefix (readParameters)", Source: sourceIAM},
	{Key: QuotaTaskDefinitionSize, Unit: "bytes", Per: "in an ECS task definition", Default: 64 * 1024,
		WayOut: "move large values out of the task definition: into SSM parameters (up to 8 KB each) or Secrets Manager secrets (up to 64 KB) read through secrets, or into the image or an S3 object the application reads", Source: sourceECS},
	{Key: QuotaContainersPerTask, Unit: "containers", Per: "per ECS task definition", Default: 10,
		WayOut: "split the service", Source: sourceECS},
	// EcsParameters.TaskCount of AWS::Scheduler::Schedule is 1 to 10 for
	// the same reason.
	{Key: QuotaTasksPerRun, Unit: "tasks", Per: "launched per RunTask, one run of a schedule", Default: 10,
		WayOut: "start fewer tasks that each do more, or split the job into services with schedules of their own", Source: sourceECS},
	// Each subscription with a filter is one filter policy; the account's
	// 10,000 are out of gen's sight.
	{Key: QuotaFilterPoliciesPerTopic, Unit: "filter policies", Per: "per SNS topic", Default: 200, Adjustable: true,
		WayOut: "filter in the application for some of the queues, or split the topic", Source: sourceSNSFilters},
	// The global secondary indexes' initial quota, which AWS raises on
	// request ("Secondary indexes").
	{Key: QuotaIndexesPerTable, Unit: "global secondary indexes", Per: "per DynamoDB table", Default: 20, Adjustable: true,
		WayOut: "let one index serve several queries (an overloaded key, such as TYPE#value), or split the table", Source: sourceDynamoDB},
}

// QuotaByKey returns the quota with the given key.
func QuotaByKey(key string) (Quota, bool) {
	for _, q := range Quotas {
		if q.Key == key {
			return q, true
		}
	}
	return Quota{}, false
}

// Limit returns the value of a quota for this Blueprint: the raised value
// from its quotas mapping, or AWS's default. It panics on an unknown key,
// which is a programming error.
func (b *Blueprint) Limit(key string) int {
	q, ok := QuotaByKey(key)
	if !ok {
		panic("blueprint: no quota " + key)
	}
	if v, raised := b.Quotas[key]; raised && q.Adjustable && v > q.Default {
		return v
	}
	return q.Default
}

// OverQuota returns the problem of count exceeding quota key at path, where
// subject says what was counted ("the ALB"), or ok false when count is
// within the limit.
func (b *Blueprint) OverQuota(path, key string, count int, subject string) (Problem, bool) {
	return b.OverQuotaWith(path, key, count, subject, "")
}

// OverQuotaWith is [Blueprint.OverQuota] with a way out of the limit other
// than the quota's own (which an empty wayOut keeps).
func (b *Blueprint) OverQuotaWith(path, key string, count int, subject, wayOut string) (Problem, bool) {
	msg, fix, over := b.quotaProblem(key, count, subject, wayOut)
	if !over {
		return Problem{}, false
	}
	return b.Problem(path, msg, fix), true
}

// quotaProblem words count exceeding quota key: the count, the limit, by how
// much, and the way out (including the raise, where AWS grants one).
func (b *Blueprint) quotaProblem(key string, count int, subject, wayOut string) (msg, fix string, over bool) {
	limit := b.Limit(key)
	if count <= limit {
		return "", "", false
	}
	q, _ := QuotaByKey(key)
	msg = fmt.Sprintf("%s needs %s %s; AWS allows %s %s %s (%s too many)", subject, thousands(count), q.Unit, thousands(limit), q.Unit, q.Per, thousands(count-limit))
	fix = q.WayOut
	if wayOut != "" {
		fix = wayOut
	}
	switch {
	case q.Adjustable && (q.Max == 0 || count <= q.Max):
		fix += fmt.Sprintf(", or have AWS raise the quota and set quotas: {%s: %d}", q.Key, count)
	case q.Adjustable:
		fix += fmt.Sprintf("; AWS raises this quota to %s at most", thousands(q.Max))
	default:
		fix += "; AWS does not raise this limit"
	}
	return msg, fix, true
}

// overQuota reports count exceeding quota key at path.
func (v *validator) overQuota(path, key string, count int, subject string) {
	if msg, fix, over := v.b.quotaProblem(key, count, subject, ""); over {
		v.add(path, fix, "%s", msg)
	}
}

// quotas checks the quotas mapping: known, adjustable quotas, raised.
func (v *validator) quotas() {
	for _, key := range sortedKeys(v.b.Quotas) {
		path := joinPath("quotas", key)
		value := v.b.Quotas[key]
		q, ok := QuotaByKey(key)
		if named, found := quotaNamed(key); !ok && found {
			// AWS's own name of the quota, as the Service Quotas console
			// lists it, or a key one slip from it.
			if !named.Adjustable {
				v.add(path, "remove it; "+named.WayOut, "AWS does not raise its limit of %s %s %s", thousands(named.Default), named.Unit, named.Per)
			} else {
				v.add(path, fmt.Sprintf("write %s: %d", named.Key, value), "%q is %s %s, which a Blueprint names %s", key, named.Unit, named.Per, named.Key)
			}
			continue
		}
		switch {
		case !ok:
			fix, _ := suggestField(key, quotaKeys(true))
			v.add(path, fix, "%q is not a quota ecsgate knows", key)
		case !q.Adjustable:
			v.add(path, "remove it; "+q.WayOut, "AWS does not raise its limit of %s %s %s", thousands(q.Default), q.Unit, q.Per)
		case value <= q.Default:
			v.add(path, fmt.Sprintf("remove it, or give the raised value (above %d)", q.Default), "%d does not raise AWS's default of %s %s %s", value, thousands(q.Default), q.Unit, q.Per)
		case q.Max > 0 && value > q.Max:
			v.add(path, fmt.Sprintf("use at most %s", thousands(q.Max)), "AWS raises the quota of %s %s to %s at most", q.Unit, q.Per, thousands(q.Max))
		}
	}
}

// quotaNamed finds the quota key names another way: by AWS's own name for
// it ("Rules per Application Load Balancer", the unit and what it applies
// to), by the end of its key (targetGroups for albTargetGroups), or by a
// key one slip from a quota's that is not adjustable (the adjustable ones
// get did you mean).
func quotaNamed(key string) (Quota, bool) {
	if what, per, ok := strings.Cut(strings.ToLower(key), " per "); ok && what != "" {
		var found []Quota
		for _, q := range Quotas {
			unit, _, _ := strings.Cut(strings.ToLower(q.Unit), " (") // resources (path parts)
			if qPer := strings.ToLower(q.Per); strings.HasSuffix(unit, what) && (strings.HasPrefix(qPer, "per "+per) || strings.HasSuffix(qPer, " "+per)) {
				found = append(found, q)
			}
		}
		if len(found) == 1 {
			return found[0], true
		}
		return Quota{}, false
	}
	// A key without the name of what it applies to (targetGroups for
	// albTargetGroups), when one key alone ends in it.
	var found []Quota
	for _, q := range Quotas {
		if len(key) >= 5 && len(q.Key) > len(key) && strings.EqualFold(q.Key[len(q.Key)-len(key):], key) {
			found = append(found, q)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	fixed := quotaKeys(false)
	if _, meant := suggestField(key, fixed); meant != "" {
		return Quotas[fixed[meant]], true
	}
	return Quota{}, false
}

// quotaKeys are the keys of the quotas AWS raises (adjustable) or not, by
// their index in Quotas.
func quotaKeys(adjustable bool) map[string]int {
	keys := map[string]int{}
	for i, q := range Quotas {
		if q.Adjustable == adjustable {
			keys[q.Key] = i
		}
	}
	return keys
}

// thousands writes n with comma separators: 1000000 -> 1,000,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Problem returns a problem at path with the file position of that field (or
// of the nearest enclosing one that was written), for checks that run outside
// validation, such as the renderer's template limits.
func (b *Blueprint) Problem(path, message, fix string) Problem {
	p := Problem{Path: path, Message: message, Fix: fix}
	b.src.locate(&p)
	return p
}

// Err returns the problems, sorted by position, as an error; nil when there
// are none.
func (ps Problems) Err() error { return ps.asError() }
