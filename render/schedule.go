package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/scheduler"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// schedule starts a scheduled service's tasks: an EventBridge Scheduler
// schedule whose target is ECS's RunTask on the cluster, with the task
// definition, network and placement the service would have had. AWS
// recommends EventBridge Scheduler over EventBridge's scheduled rules
// (EventBridge User Guide, "Amazon EventBridge Scheduler"). The schedule has
// no name of its own: CloudFormation names it from the stack, so that
// environments in one account never collide.
func (r *builder) schedule(s *blueprint.Service) {
	if !s.Scheduled() {
		return
	}
	p := id(s.Name)
	r.schedulerRole(s, p)
	launchType, strategy := taskPlacement(s)
	ecsParameters := &scheduler.Schedule_EcsParameters{
		TaskDefinitionArn: intrinsic.Ref(p + "TaskDefinition"),
		TaskCount:         cloudformation.Float64(float64(s.DesiredTasks())),
		NetworkConfiguration: &scheduler.Schedule_NetworkConfiguration{
			AwsvpcConfiguration: &scheduler.Schedule_AwsVpcConfiguration{
				// As a service's tasks: private subnets, no public address.
				AssignPublicIp: cloudformation.String("DISABLED"),
				Subnets:        r.net.private,
				SecurityGroups: r.taskGroups(s),
			},
		},
		PropagateTags:        cloudformation.String("TASK_DEFINITION"),
		EnableECSManagedTags: cloudformation.Bool(true),
	}
	if launchType != "" {
		ecsParameters.LaunchType = cloudformation.String(launchType)
	}
	for _, c := range strategy {
		item := scheduler.Schedule_CapacityProviderStrategyItem{CapacityProvider: c.provider, Weight: cloudformation.Float64(float64(c.weight))}
		if c.base > 0 {
			item.Base = cloudformation.Float64(float64(c.base))
		}
		ecsParameters.CapacityProviderStrategy = append(ecsParameters.CapacityProviderStrategy, item)
	}
	if s.Exec {
		ecsParameters.EnableExecuteCommand = cloudformation.Bool(true)
	}
	state := "ENABLED"
	if s.Schedule.Paused {
		state = "DISABLED"
	}
	schedule := &scheduler.Schedule{
		Description:        cloudformation.String("Starts the tasks of service " + s.Name + ": " + s.Schedule.Expression),
		ScheduleExpression: s.Schedule.Expression,
		State:              cloudformation.String(state),
		// Off: each run starts at its time, not somewhere in a window.
		FlexibleTimeWindow: &scheduler.Schedule_FlexibleTimeWindow{Mode: "OFF"},
		Target: &scheduler.Schedule_Target{
			Arn:           intrinsic.GetAtt(blueprint.ClusterID, "Arn"),
			RoleArn:       intrinsic.GetAtt(p+"SchedulerRole", "Arn"),
			EcsParameters: ecsParameters,
		},
	}
	if s.Schedule.Timezone != "" {
		schedule.ScheduleExpressionTimezone = cloudformation.String(s.Schedule.Timezone)
	}
	// The network's routes out exist before a task starts, as for a service.
	schedule.AWSCloudFormationDependsOn = append(schedule.AWSCloudFormationDependsOn, r.net.egressReady...)
	r.add(p+"Schedule", schedule)
	r.output(p+"ScheduleArn", "ARN of the EventBridge Scheduler schedule that starts service "+s.Name+"'s tasks.", intrinsic.GetAtt(p+"Schedule", "Arn"))
}

// schedulerRole is what EventBridge Scheduler assumes to start the tasks:
// RunTask of this service's task definition on this cluster, passing its
// two roles to ECS, and tagging the tasks it starts (AWS's
// AmazonEC2ContainerServiceEventsRole, on exact ARNs). The trust admits
// Scheduler for this account's default schedule group alone (confused
// deputy prevention, EventBridge Scheduler User Guide).
func (r *builder) schedulerRole(s *blueprint.Service, p string) {
	trust := policy(statement{
		Effect:    "Allow",
		Principal: map[string]any{"Service": "scheduler.amazonaws.com"},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]any{
			"StringEquals": map[string]any{
				"aws:SourceAccount": intrinsic.Ref("AWS::AccountId"),
				"aws:SourceArn":     intrinsic.Sub("arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule-group/default"),
			},
		},
	})
	cluster := intrinsic.GetAtt(blueprint.ClusterID, "Arn")
	r.add(p+"SchedulerRole", &iam.Role{
		Description:              cloudformation.String("Assumed by EventBridge Scheduler to start the tasks of service " + s.Name + "."),
		AssumeRolePolicyDocument: trust,
		Policies: []iam.Role_Policy{{PolicyName: "run-task", PolicyDocument: policy(
			statement{
				Sid:       "RunTask",
				Effect:    "Allow",
				Action:    []string{"ecs:RunTask"},
				Resource:  []string{intrinsic.Ref(p + "TaskDefinition")},
				Condition: map[string]any{"ArnEquals": map[string]any{"ecs:cluster": cluster}},
			},
			statement{
				Sid:       "PassTaskRoles",
				Effect:    "Allow",
				Action:    []string{"iam:PassRole"},
				Resource:  []string{intrinsic.GetAtt(p+"ExecutionRole", "Arn"), intrinsic.GetAtt(p+"TaskRole", "Arn")},
				Condition: map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
			},
			statement{
				Sid:    "TagTasks",
				Effect: "Allow",
				Action: []string{"ecs:TagResource"},
				// The tasks' ARNs are not known before they start: those of
				// this cluster, tagged as RunTask creates them.
				Resource:  []string{intrinsic.Sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${" + blueprint.ClusterID + "}/*")},
				Condition: map[string]any{"StringEquals": map[string]any{"ecs:CreateAction": "RunTask"}},
			},
		)}},
	})
}
