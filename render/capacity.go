package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"

	"github.com/ecsgate/ecsgate/blueprint"
)

// clusterCapacityProviders are the capacity providers every cluster gen
// creates has: Fargate and Fargate Spot. Both, whether a service runs on
// Spot or not: ECS refuses to take a capacity provider off a cluster while
// a service uses it ("The specified capacity provider is in use and cannot
// be removed"), and CloudFormation updates the cluster before the services
// that name it. A cluster that had Fargate Spot only while a service ran
// on it could not stop running it in one deploy.
func clusterCapacityProviders() []string {
	return []string{blueprint.CapacityFargate, blueprint.CapacityFargateSpot}
}

// capacityShare is one item of a capacity provider strategy.
type capacityShare struct {
	provider     string
	base, weight int
}

// taskPlacement says where a service's tasks run: the launch type FARGATE,
// or with spot a capacity provider strategy, spot.onDemand tasks on FARGATE
// (its base) and every other on FARGATE_SPOT. A strategy and a launch type
// exclude each other, in an ECS service as in a schedule's RunTask.
func taskPlacement(s *blueprint.Service) (launchType string, strategy []capacityShare) {
	if s.Spot == nil {
		return "FARGATE", nil
	}
	if s.Spot.OnDemand > 0 {
		// Weight 0: FARGATE takes its base and no task beyond it.
		strategy = append(strategy, capacityShare{provider: blueprint.CapacityFargate, base: s.Spot.OnDemand, weight: 0})
	}
	return "", append(strategy, capacityShare{provider: blueprint.CapacityFargateSpot, weight: 1})
}

// placeTasks writes a service's taskPlacement into its ECS service.
func placeTasks(svc *ecs.Service, s *blueprint.Service) {
	launchType, strategy := taskPlacement(s)
	if launchType != "" {
		svc.LaunchType = cloudformation.String(launchType)
	}
	for _, c := range strategy {
		item := ecs.Service_CapacityProviderStrategyItem{
			CapacityProvider: cloudformation.String(c.provider),
			Weight:           cloudformation.Int(c.weight),
		}
		if c.base > 0 {
			item.Base = cloudformation.Int(c.base)
		}
		svc.CapacityProviderStrategy = append(svc.CapacityProviderStrategy, item)
	}
}
