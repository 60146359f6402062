package ecsgate_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/internal/jsonptr"
)

// linkedLoadBalancers lists the load balancers a template's API reaches
// through a VPC link: the V1 link's targets and every integrationTarget.
func linkedLoadBalancers(resources map[string]any) []string {
	var list []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if target, ok := v["integrationTarget"].(string); ok {
				list = append(list, strings.TrimSuffix(strings.TrimPrefix(target, "${"), "}"))
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, res := range resources {
		switch jsonptr.String(res, "/Type") {
		case "AWS::ApiGateway::VpcLink":
			for _, target := range jsonptr.List(res, "/Properties/TargetArns") {
				list = append(list, fmt.Sprint(target))
			}
		case "AWS::ApiGateway::RestApi":
			walk(jsonptr.Map(res, "/Properties/Body"))
		}
	}
	slices.Sort(list)
	return slices.Compact(list)
}

// ingressRules lists the inbound rules of a security group: inline and
// standalone.
func ingressRules(resources map[string]any, group string) []map[string]any {
	var rules []map[string]any
	for _, res := range resources {
		if jsonptr.String(res, "/Type") == "AWS::EC2::SecurityGroupIngress" && jsonptr.String(res, "/Properties/GroupId") == group {
			rules = append(rules, jsonptr.Map(res, "/Properties"))
		}
	}
	return append(rules, jsonptr.Maps(resources, "/"+group+"/Properties/SecurityGroupIngress")...)
}

// source is the CIDR or security group a rule admits.
func source(rule map[string]any) string {
	for _, key := range []string{"SourceSecurityGroupId", "CidrIp", "CidrIpv6", "SourcePrefixListId"} {
		if v, ok := rule[key]; ok {
			return fmt.Sprint(v)
		}
	}
	return "?"
}

// TestLoadBalancersBehindVpcLinks: no rule of any golden admits 0.0.0.0/0 or
// ::/0 to a load balancer behind a VPC link; behind a V2 link each such load
// balancer admits the link's group, and the link's group may only reach those
// load balancers. In private-api-alb the ALB's one source is the link's group.
func TestLoadBalancersBehindVpcLinks(t *testing.T) {
	checked := 0
	for _, dir := range outputDirs(t) {
		resources := goldenResources(t, dir)
		lbs := linkedLoadBalancers(resources)
		if len(lbs) == 0 {
			continue
		}
		_, v2 := resources["ApiVpcLinkV2"]
		var groups []string
		for _, lb := range lbs {
			if jsonptr.String(resources, "/"+lb+"/Type") != "AWS::ElasticLoadBalancingV2::LoadBalancer" {
				t.Errorf("%s: the API's integration names %s, which is no load balancer of the template", dir, lb)
				continue
			}
			for _, g := range jsonptr.List(resources, "/"+lb+"/Properties/SecurityGroups") {
				group := fmt.Sprint(g)
				groups = append(groups, group)
				var sources []string
				for _, rule := range ingressRules(resources, group) {
					sources = append(sources, source(rule))
				}
				if slices.Contains(sources, "0.0.0.0/0") || slices.Contains(sources, "::/0") {
					t.Errorf("%s: %s admits any address to %s, which sits behind the VPC link: %v", dir, group, lb, sources)
				}
				if v2 && !slices.Contains(sources, "ApiVpcLinkSecurityGroup") {
					t.Errorf("%s: %s does not admit the VPC link's group: %v", dir, group, sources)
				}
				if filepath.Base(dir) == "private-api-alb" && !slices.Equal(sources, []string{"ApiVpcLinkSecurityGroup"}) {
					t.Errorf("%s: %s admits %v; want the VPC link's group only", dir, group, sources)
				}
				checked++
			}
		}
		if v2 {
			for _, rule := range jsonptr.Maps(resources, "/ApiVpcLinkSecurityGroup/Properties/SecurityGroupEgress") {
				if to := fmt.Sprint(rule["DestinationSecurityGroupId"]); !slices.Contains(groups, to) {
					t.Errorf("%s: the VPC link's group may reach %v, which is no load balancer behind it", dir, rule)
				}
			}
		}
	}
	if checked < 5 {
		t.Errorf("checked %d load balancer groups; the goldens have more behind VPC links", checked)
	}
}

// TestVpcLinkV1AndV2DifferInTheLinkOnly: golden/private-api-v1 is seed 000
// with the legacy link, golden/private-api the same Blueprint with the
// default V2 link. Their templates differ in the link and what it touches,
// nothing else: the link itself, its security group and the NLB's rule for
// it, the integrations (integrationTarget, connectionId), the stage variable
// and a new deployment, and the NLB's PrivateLink setting and CIDR rule.
func TestVpcLinkV1AndV2DifferInTheLinkOnly(t *testing.T) {
	v1, v2 := goldenResources(t, "golden/private-api-v1"), goldenResources(t, "golden/private-api")
	deployment := func(id string) bool { return strings.HasPrefix(id, "ApiDeployment") }
	var onlyV1, onlyV2, changed []string
	for id, r := range v1 {
		other, ok := v2[id]
		switch {
		case deployment(id):
		case !ok:
			onlyV1 = append(onlyV1, id)
		case !reflect.DeepEqual(r, other):
			changed = append(changed, id)
		}
	}
	for id := range v2 {
		if _, ok := v1[id]; !ok && !deployment(id) {
			onlyV2 = append(onlyV2, id)
		}
	}
	slices.Sort(onlyV1)
	slices.Sort(onlyV2)
	slices.Sort(changed)
	want := [][]string{{"ApiVpcLink"}, {"ApiNlbIngressFromApiVpcLink", "ApiVpcLinkSecurityGroup", "ApiVpcLinkV2"}, {"Api", "ApiStage", "Nlb", "NlbSecurityGroup"}}
	if got := [][]string{onlyV1, onlyV2, changed}; !reflect.DeepEqual(got, want) {
		t.Errorf("only in V1, only in V2, changed: %v; want %v", got, want)
	}
	if jsonptr.String(v1, "/Nlb/Properties/EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic") != "off" {
		t.Error("the V1 NLB must not evaluate PrivateLink traffic")
	}
	if _, set := jsonptr.Get(v2, "/Nlb/Properties/EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"); set {
		t.Error("the V2 NLB keeps AWS's default: its group evaluates every source")
	}
}
