package render

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/ecs"

	"github.com/ecsgate/ecsgate/blueprint"
)

// spotServices has a service on regular Fargate, one all on Fargate Spot
// and one that keeps its first two tasks on regular Fargate.
const spotServices = `name: shop
ingress:
  nlb: {}
services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {port: 8080}
  - name: jobs
    cpu: 256
    memory: 512
    count: 2
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {port: 8081}
    spot: {}
  - name: orders
    cpu: 256
    memory: 512
    autoscaling: {min: 2, max: 8, cpu: 60}
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {port: 8082}
    spot: {onDemand: 2}
`

// TestPlaceTasks: a service without spot has the launch type FARGATE and
// no strategy; with spot it has a strategy and no launch type, its
// onDemand tasks as FARGATE's base of weight 0, every other on
// FARGATE_SPOT; and the cluster has both capacity providers whatever its
// services run on.
func TestPlaceTasks(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(spotServices))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	type placed struct {
		launchType string
		strategy   []string
	}
	describe := func(svc *ecs.Service) placed {
		var p placed
		if svc.LaunchType != nil {
			p.launchType = *svc.LaunchType
		}
		for _, item := range svc.CapacityProviderStrategy {
			s := *item.CapacityProvider
			if item.Base != nil {
				s += " base " + strconv.Itoa(*item.Base)
			}
			if item.Weight != nil {
				s += " weight " + strconv.Itoa(*item.Weight)
			}
			p.strategy = append(p.strategy, s)
		}
		return p
	}
	for id, want := range map[string]placed{
		"WebService":    {launchType: "FARGATE"},
		"JobsService":   {strategy: []string{"FARGATE_SPOT weight 1"}},
		"OrdersService": {strategy: []string{"FARGATE base 2 weight 0", "FARGATE_SPOT weight 1"}},
	} {
		svc, err := tmpl.GetECSServiceWithName(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := describe(svc); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: placed %+v, want %+v", id, got, want)
		}
	}

	// The same application without the services on Spot.
	onDemand, err := blueprint.Read("shop.yaml", []byte(strings.SplitN(spotServices, "  - name: jobs", 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	for name, bp := range map[string]*blueprint.Blueprint{"with Spot": b, "without Spot": onDemand} {
		cluster, err := mustTemplate(t, bp).GetECSClusterWithName(blueprint.ClusterID)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"FARGATE", "FARGATE_SPOT"}; !reflect.DeepEqual(cluster.CapacityProviders, want) {
			t.Errorf("cluster %s: CapacityProviders %v, want %v", name, cluster.CapacityProviders, want)
		}
	}
}
