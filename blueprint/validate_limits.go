package blueprint

import (
	"fmt"
	"slices"
	"strings"
)

// limits checks the counts bounded by AWS quotas that the Blueprint alone
// decides: how many services a load balancer carries, what one listener rule
// matches, how many resources and authorizers the REST API has. Limits only
// the rendered template shows (its size, security group rules, policy sizes)
// are checked by the renderer.
func (v *validator) limits() {
	b := v.b
	albServices, albRules, nlbServices := map[string]int{}, map[string]int{}, 0
	for i, s := range b.Services {
		path := indexPath("services", i)
		if s.NLB != nil {
			nlbServices++
		}
		if s.ALB == nil {
			continue
		}
		albServices[s.ALB.LoadBalancer]++
		for j, rule := range s.LoginRules() {
			albRules[s.ALB.LoadBalancer]++
			v.ruleConditions(indexPath(path+".alb.loginPaths", j), fmt.Sprintf("the login rule of service %q for %s", s.Name, s.ALB.LoginPaths[j]), append(slices.Clone(rule.Patterns), s.ALB.Hosts...))
		}
		if !s.HasListenerRule() {
			continue // no rule: the service is the ALB's default action
		}
		albRules[s.ALB.LoadBalancer]++
		v.ruleConditions(path+".alb", fmt.Sprintf("the listener rule of service %q", s.Name), append(slices.Clone(s.ALB.Paths), s.ALB.Hosts...))
	}
	for _, lb := range b.ApplicationLoadBalancers() {
		name := "the ALB"
		if lb.ID != "" {
			name += " " + lb.ID
		}
		v.overQuota(lb.Path, QuotaALBTargetGroups, albServices[lb.ID], name+" (one target group per attached service)")
		v.overQuota(lb.Path, QuotaALBRules, albRules[lb.ID], name+" (one rule per attached service with paths or hosts, and one per login path)")
	}
	if b.Ingress.NLB != nil {
		v.overQuota("ingress.nlb", QuotaNLBListeners, nlbServices, "the NLB (one listener per attached service)")
	}
	interfaces := 0
	for _, e := range b.Endpoints() {
		if !e.Gateway {
			interfaces++
		}
	}
	subject := "the VPC (the interface endpoints ecsgate creates)"
	if b.Network.Existing != nil {
		subject = "the VPC (the interface endpoints ecsgate creates; those it already has count too)"
	}
	v.overQuota("network.egress", QuotaVpcInterfaceEndpoints, interfaces, subject)
	if a := b.API; a != nil {
		v.overQuota("api.routes", QuotaAPIResources, apiResources(a.Routes), "the REST API (its root and every distinct path part)")
		pools := map[string]bool{}
		for _, r := range a.Routes {
			if r.Auth != nil && r.Auth.UserPool != "" {
				pools[r.Auth.UserPool] = true
			}
		}
		v.overQuota("api.routes", QuotaAPIAuthorizers, len(pools), "the REST API (one authorizer per user pool its routes use)")
	}
}

// ruleConditions checks the condition values of one listener rule against
// the ALB's quotas.
func (v *validator) ruleConditions(path, subject string, values []string) {
	if v.b.ALBsOnlyThroughAPI() {
		values = append(values, "secret")
		subject += " (with API Gateway's secret header)"
	}
	v.overQuota(path, QuotaRuleConditionValues, len(values), subject)
	wildcards := 0
	for _, value := range values {
		wildcards += strings.Count(value, "*") + strings.Count(value, "?")
	}
	v.overQuota(path, QuotaRuleWildcards, wildcards, subject)
}

// apiResources counts the resources API Gateway creates for the routes: the
// root, and one per distinct path prefix (/users and /users/{id} are two).
func apiResources(routes []Route) int {
	seen := map[string]bool{}
	for _, r := range routes {
		prefix := ""
		for _, s := range SplitPath(r.Path) {
			prefix += "/" + s.Name
			if s.Param {
				prefix += "{}"
			}
			seen[prefix] = true
		}
	}
	return 1 + len(seen)
}
