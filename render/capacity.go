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

// placeTasks says where a service's tasks run: the launch type FARGATE, or
// with spot a capacity provider strategy, spot.onDemand tasks on FARGATE
// (its base) and every other on FARGATE_SPOT. A strategy and a launch type
// exclude each other (AWS::ECS::Service).
func placeTasks(svc *ecs.Service, s *blueprint.Service) {
	if s.Spot == nil {
		svc.LaunchType = cloudformation.String("FARGATE")
		return
	}
	if s.Spot.OnDemand > 0 {
		// Weight 0: FARGATE takes its base and no task beyond it.
		svc.CapacityProviderStrategy = append(svc.CapacityProviderStrategy, ecs.Service_CapacityProviderStrategyItem{
			CapacityProvider: cloudformation.String(blueprint.CapacityFargate),
			Base:             cloudformation.Int(s.Spot.OnDemand),
			Weight:           cloudformation.Int(0),
		})
	}
	svc.CapacityProviderStrategy = append(svc.CapacityProviderStrategy, ecs.Service_CapacityProviderStrategyItem{
		CapacityProvider: cloudformation.String(blueprint.CapacityFargateSpot),
		Weight:           cloudformation.Int(1),
	})
}
