package render

import (
	"encoding/json"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/ecs"

	"github.com/ecsgate/ecsgate/blueprint"
)

// TestStrategyProperties: a service whose deployments shift traffic is
// written with the strategy's properties goformation lacks; a rolling one
// stays goformation's own.
func TestStrategyProperties(t *testing.T) {
	b := nlbBlueprint()
	if _, ok := mustTemplate(t, b).Resources["WebService"].(*ecs.Service); !ok {
		t.Fatal("a rolling service is not goformation's")
	}
	b.Services[0].Deployment = blueprint.Deployment{Strategy: blueprint.StrategyLinear, Linear: &blueprint.TrafficStep{Percent: 20}, TestPort: 0}
	svc, ok := mustTemplate(t, b).Resources["WebService"].(*strategyService)
	if !ok {
		t.Fatal("a linear service is not wrapped")
	}
	j, err := svc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Properties struct {
			DeploymentConfiguration map[string]any
			LoadBalancers           []map[string]any
		}
	}
	if err := json.Unmarshal(j, &res); err != nil {
		t.Fatal(err)
	}
	c := res.Properties.DeploymentConfiguration
	if c["Strategy"] != "LINEAR" || c["BakeTimeInMinutes"] != float64(blueprint.DefaultBake) || c["DeploymentCircuitBreaker"] != nil {
		t.Errorf("deployment configuration %v", c)
	}
	if lin := c["LinearConfiguration"].(map[string]any); lin["StepPercent"] != 20.0 || lin["StepBakeTimeInMinutes"] != float64(blueprint.DefaultLinearMinutes) {
		t.Errorf("linear configuration %v", lin)
	}
	adv := res.Properties.LoadBalancers[0]["AdvancedConfiguration"].(map[string]any)
	for _, key := range []string{"AlternateTargetGroupArn", "ProductionListenerRule", "RoleArn"} {
		if adv[key] == nil {
			t.Errorf("no %s in %v", key, adv)
		}
	}
	if adv["TestListenerRule"] != nil {
		t.Error("a test listener without testPort")
	}
}
