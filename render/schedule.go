package render

import (
	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/events"
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
		Target:             &scheduler.Schedule_Target{RoleArn: intrinsic.GetAtt(p+"SchedulerRole", "Arn")},
	}
	if s.Schedule.Watched() {
		// A state machine starts the task and watches it (statemachine.go).
		r.stateMachine(s, p)
		schedule.Target.Arn = intrinsic.Ref(s.StateMachineID())
	} else {
		schedule.Target.Arn = intrinsic.GetAtt(blueprint.ClusterID, "Arn")
		schedule.Target.EcsParameters = r.runTaskParameters(s, p)
	}
	if s.Schedule.Timezone != "" {
		schedule.ScheduleExpressionTimezone = cloudformation.String(s.Schedule.Timezone)
	}
	// The network's routes out exist before a task starts, as for a service.
	schedule.AWSCloudFormationDependsOn = append(schedule.AWSCloudFormationDependsOn, r.net.egressReady...)
	schedule.AWSCloudFormationDependsOn = append(schedule.AWSCloudFormationDependsOn, r.mountsReady(s)...)
	r.add(p+"Schedule", schedule)
	r.output(p+"ScheduleArn", "ARN of the EventBridge Scheduler schedule that starts service "+s.Name+"'s tasks.", intrinsic.GetAtt(p+"Schedule", "Arn"))
}

// runTaskParameters are the RunTask a schedule calls: the service's task
// definition and count, its network and placement as an ECS service's
// tasks would have them, and ECS Exec where it is on.
func (r *builder) runTaskParameters(s *blueprint.Service, p string) *scheduler.Schedule_EcsParameters {
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
		// The group RunTask would give the tasks anyway, written out: the
		// rule that reports failed runs (failedRunRule) matches it.
		Group: intrinsic.SubPtr(taskGroup(s)),
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
	return ecsParameters
}

// schedulerRole is what EventBridge Scheduler assumes to start the tasks:
// RunTask of this service's task definition on this cluster, passing its
// two roles to ECS, and tagging the tasks it starts (AWS's
// AmazonEC2ContainerServiceEventsRole, on exact ARNs); or, for a watched
// schedule, StartExecution of its state machine alone. The trust admits
// Scheduler for this account's default schedule group alone (confused
// deputy prevention, EventBridge Scheduler User Guide).
func (r *builder) schedulerRole(s *blueprint.Service, p string) {
	trust := serviceTrust("scheduler.amazonaws.com", intrinsic.Sub("arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule-group/default"))
	if s.Schedule.Watched() {
		r.add(p+"SchedulerRole", &iam.Role{
			Description:              cloudformation.String("Assumed by EventBridge Scheduler to start the state machine that runs the tasks of service " + s.Name + "."),
			AssumeRolePolicyDocument: trust,
			Policies: []iam.Role_Policy{{PolicyName: "start-run", PolicyDocument: policy(statement{
				Sid:      "StartRun",
				Effect:   "Allow",
				Action:   []string{"states:StartExecution"},
				Resource: []string{intrinsic.Ref(s.StateMachineID())},
			})}},
		})
		return
	}
	r.add(p+"SchedulerRole", &iam.Role{
		Description:              cloudformation.String("Assumed by EventBridge Scheduler to start the tasks of service " + s.Name + "."),
		AssumeRolePolicyDocument: trust,
		Policies:                 []iam.Role_Policy{{PolicyName: "run-task", PolicyDocument: policy(runTaskStatements(p)...)}},
	})
}

// runTaskStatements let whoever starts a scheduled service's tasks (its
// schedule, or its state machine) run its task definition on this
// cluster, pass its two roles to ECS, and tag the tasks it starts (AWS's
// AmazonEC2ContainerServiceEventsRole, on exact ARNs).
func runTaskStatements(p string) []statement {
	return []statement{
		{
			Sid:       "RunTask",
			Effect:    "Allow",
			Action:    []string{"ecs:RunTask"},
			Resource:  []string{intrinsic.Ref(p + "TaskDefinition")},
			Condition: onCluster(),
		},
		{
			Sid:       "PassTaskRoles",
			Effect:    "Allow",
			Action:    []string{"iam:PassRole"},
			Resource:  []string{intrinsic.GetAtt(p+"ExecutionRole", "Arn"), intrinsic.GetAtt(p+"TaskRole", "Arn")},
			Condition: map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
		},
		{
			Sid:       "TagTasks",
			Effect:    "Allow",
			Action:    []string{"ecs:TagResource"},
			Resource:  []string{clusterTasks()},
			Condition: map[string]any{"StringEquals": map[string]any{"ecs:CreateAction": "RunTask"}},
		},
	}
}

// onCluster is the condition that keeps an ECS action to the stack's
// cluster.
func onCluster() map[string]any {
	return map[string]any{"ArnEquals": map[string]any{"ecs:cluster": intrinsic.GetAtt(blueprint.ClusterID, "Arn")}}
}

// clusterTasks are the ARNs of the cluster's tasks: a task's ARN is not
// known before it starts.
func clusterTasks() string {
	return intrinsic.Sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${" + blueprint.ClusterID + "}/*")
}

// taskGroup is the ECS task group of a scheduled service's tasks, for
// Fn::Sub: RunTask's default, "family:" and the task definition's family.
func taskGroup(s *blueprint.Service) string { return "family:" + taskFamily(s) }

// failedRunStopCodes are the ways a task stops that fail a run whatever
// its containers' exit codes: it never started (an image missing, a
// secret unreadable) or Fargate Spot took its capacity back (ECS
// developer guide, "Amazon ECS task state change events").
var failedRunStopCodes = []string{"TaskFailedToStart", "SpotInterruption"}

// failedRunRule tells the alarms' topic of a scheduled service's failed
// runs: an EventBridge rule on ECS's task state change events for its
// tasks on this cluster, stopped, either in a way that fails the run or
// with a container's exit code other than 0, as a message that says
// which service, why, and where its logs are.
func (r *builder) failedRunRule(s *blueprint.Service) {
	p := id(s.Name)
	pattern := map[string]any{
		"source":      []string{"aws.ecs"},
		"detail-type": []string{"ECS Task State Change"},
		"detail": map[string]any{
			"clusterArn": []string{intrinsic.GetAtt(blueprint.ClusterID, "Arn")},
			"group":      []string{intrinsic.Sub(taskGroup(s))},
			"lastStatus": []string{"STOPPED"},
			"$or": []any{
				map[string]any{"stopCode": failedRunStopCodes},
				map[string]any{"containers": map[string]any{"exitCode": []any{map[string]any{"anything-but": 0}}}},
			},
		},
	}
	r.add(p+"FailedRunRule", &events.Rule{
		Description:  cloudformation.String("Tells the alarms' topic when a scheduled task of service " + s.Name + " fails."),
		EventPattern: pattern,
		State:        cloudformation.String("ENABLED"),
		Targets: []events.Rule_Target{{
			Id:  "AlarmTopic",
			Arn: r.alarmTarget(),
			InputTransformer: &events.Rule_InputTransformer{
				InputPathsMap: map[string]string{"task": "$.detail.taskArn", "stopCode": "$.detail.stopCode", "reason": "$.detail.stoppedReason"},
				InputTemplate: intrinsic.Sub(`"${AWS::StackName}: a scheduled task of service ` + s.Name + ` failed (<stopCode>: <reason>). Task <task>; its containers' exit codes are in the ECS console, and their output in log group ${` + p + `LogGroup}."`),
			},
		}},
	})
}

// failedRunsPublish lets this account's EventBridge rules in this Region
// use the alarms' topic, with actions on resource: none when no scheduled
// service notifies it. Not this stack's rules alone: a rule's name, which
// CloudFormation generates, starts with the stack's name only while the
// stack's name and the rule's logical ID fit in 64 characters, which a
// nested stack's name does not, and a rule named by the template would fail
// on a long stack name instead.
func (r *builder) failedRunsPublish(resource string, actions ...string) []statement {
	if !r.bp.AnyFailedRunsNotified() {
		return nil
	}
	return []statement{{
		Sid:       "EventBridgeRulesOfThisAccountPublish",
		Effect:    "Allow",
		Principal: map[string]any{"Service": "events.amazonaws.com"},
		Action:    actions,
		Resource:  []string{resource},
		Condition: fromSources(intrinsic.Sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*")),
	}}
}
