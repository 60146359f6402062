package ecsgate_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestSecureDefaults walks every golden template and checks the guarantees
// ecsgate makes whatever the Blueprint says.
func TestSecureDefaults(t *testing.T) {
	legacy := []string{"ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-0-2015-04", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06"}
	for _, dir := range outputDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			resources := goldenResources(t, dir)
			props := func(id string) map[string]any {
				p, _ := resources[id].(map[string]any)["Properties"].(map[string]any)
				return p
			}
			// A load balancer with an HTTPS listener redirects HTTP to it;
			// an internal one without a certificate serves HTTP.
			hasHTTPS := map[string]bool{}
			for id, res := range resources {
				if res.(map[string]any)["Type"] == "AWS::ElasticLoadBalancingV2::Listener" && props(id)["Protocol"] == "HTTPS" {
					hasHTTPS[fmt.Sprint(props(id)["LoadBalancerArn"])] = true
				}
			}
			services := 0
			defer func() {
				if services == 0 {
					t.Error("no ECS service checked")
				}
			}()
			// Tasks run in private subnets without a public IP, whoever
			// starts them: an ECS service, a schedule, or a schedule's state
			// machine (whose subnets are placeholders it fills in).
			private := func(id string, network any, fill map[string]any) {
				services++
				vpc, _ := mapAt(network, "AwsvpcConfiguration")
				if vpc["AssignPublicIp"] != "DISABLED" {
					t.Errorf("%s: tasks get a public IP", id)
				}
				for _, s := range asList(vpc["Subnets"]) {
					if name, ok := strings.CutPrefix(s, "${"); ok && fill != nil {
						s = fmt.Sprint(fill[strings.TrimSuffix(name, "}")])
					}
					if !strings.HasPrefix(s, "PrivateSubnet") {
						t.Errorf("%s: tasks in %s, not a private subnet", id, s)
					}
				}
			}
			for id, res := range resources {
				p := props(id)
				switch res.(map[string]any)["Type"] {
				case "AWS::ECS::Service":
					private(id, p["NetworkConfiguration"], nil)
				case "AWS::Scheduler::Schedule":
					if ecs, ok := mapAt(p["Target"], "EcsParameters"); ok {
						private(id, ecs["NetworkConfiguration"], nil)
					}
				case "AWS::StepFunctions::StateMachine":
					fill, _ := p["DefinitionSubstitutions"].(map[string]any)
					states, _ := mapAt(p["Definition"], "States")
					for _, state := range states {
						if params, ok := mapAt(state, "Parameters"); ok {
							private(id, params["NetworkConfiguration"], fill)
						}
					}
				case "AWS::ElasticLoadBalancingV2::Listener":
					switch p["Protocol"] {
					case "HTTPS", "TLS":
						if policy, _ := p["SslPolicy"].(string); policy == "" || slices.Contains(legacy, policy) {
							t.Errorf("%s: TLS policy %q", id, policy)
						}
					case "HTTP":
						action := p["DefaultActions"].([]any)[0].(map[string]any)
						if hasHTTPS[fmt.Sprint(p["LoadBalancerArn"])] && action["Type"] != "redirect" {
							t.Errorf("%s: HTTP is not redirected to HTTPS", id)
						}
					}
				case "AWS::EC2::SecurityGroup":
					ingress, _ := p["SecurityGroupIngress"].([]any)
					for _, r := range ingress {
						rule := r.(map[string]any)
						if rule["CidrIp"] == "0.0.0.0/0" {
							port := rule["FromPort"]
							if !strings.HasSuffix(id, "AlbSecurityGroup") || (port != 80 && port != 443) {
								t.Errorf("%s: open to the internet on %v", id, port)
							}
						}
					}
				case "AWS::EC2::SecurityGroupIngress":
					if strings.HasSuffix(asList(p["GroupId"])[0], "TaskSecurityGroup") {
						source, _ := p["SourceSecurityGroupId"].(string)
						if source != "NlbSecurityGroup" && !strings.HasSuffix(source, "AlbSecurityGroup") {
							t.Errorf("%s: tasks accept traffic from %v, not a load balancer", id, p)
						}
					}
				}
			}
		})
	}
}

// mapAt is the mapping at key of a mapping, and whether there is one.
func mapAt(v any, key string) (map[string]any, bool) {
	m, _ := v.(map[string]any)
	inner, ok := m[key].(map[string]any)
	return inner, ok
}
