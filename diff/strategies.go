package diff

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/cfn"
)

// ecsService is the resource type whose deployment strategy a change may
// move.
const ecsService = "AWS::ECS::Service"

// strategyNote says what a change of an ECS service's deployment strategy
// does, "" when the strategy did not change: the service is updated in
// place (DeploymentConfiguration and LoadBalancers update without
// interruption), and its deployments from then on move traffic as the new
// strategy says.
func (r Report) strategyNote(rc ResourceChange) string {
	if rc.Type != ecsService || rc.Kind != Changed {
		return ""
	}
	var from, to string
	for _, p := range rc.Properties {
		if p.Path == "Properties.DeploymentConfiguration.Strategy" {
			from, to = strategyName(p.Old), strategyName(p.New)
		}
	}
	if from == to {
		return ""
	}
	config := cfn.Value(cfn.Value(resourceNode(r.new, rc.ID), "Properties"), "DeploymentConfiguration")
	number := func(keys ...string) string {
		n := config
		for _, k := range keys {
			n = cfn.Value(n, k)
		}
		if n == nil {
			return "?"
		}
		return n.Value
	}
	var how string
	switch to {
	case "CANARY":
		how = fmt.Sprintf("ECS starts each new revision in the second target group, sends it %s%% of the traffic for %s minutes, then all of it, and keeps the old revision %s minutes",
			number("CanaryConfiguration", "CanaryPercent"), number("CanaryConfiguration", "CanaryBakeTimeInMinutes"), number("BakeTimeInMinutes"))
	case "LINEAR":
		how = fmt.Sprintf("ECS starts each new revision in the second target group and moves %s%% of the traffic to it every %s minutes, then keeps the old revision %s minutes",
			number("LinearConfiguration", "StepPercent"), number("LinearConfiguration", "StepBakeTimeInMinutes"), number("BakeTimeInMinutes"))
	case "BLUE_GREEN":
		how = fmt.Sprintf("ECS starts each new revision in full in the second target group, moves all traffic to it at once, and keeps the old revision %s minutes",
			number("BakeTimeInMinutes"))
	default:
		how = "ECS replaces tasks in place behind one target group; the second target group leaves the service"
	}
	alarms := ""
	if cfn.Value(config, "Alarms") != nil {
		alarms = "; the deployment alarms roll a release back at any point"
	}
	return fmt.Sprintf("strategy %s -> %s: the service is updated in place, not replaced; from its next deployment on, %s%s",
		from, to, how, alarms)
}

// strategyName is a strategy as ECS names it; no strategy is ROLLING.
func strategyName(v any) string {
	if s, ok := v.(string); ok && s != "" {
		return strings.ToUpper(s)
	}
	return "ROLLING"
}

// resourceNode is a resource of a template, nil when absent.
func resourceNode(root *yaml.Node, id string) *yaml.Node {
	return cfn.Value(cfn.Section(root, cfn.Resources), id)
}
