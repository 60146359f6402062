package render

import (
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/stepfunctions"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// A schedule with a timeout or retries starts a Step Functions state
// machine, which starts the service's task and waits for it (the Run a Job
// pattern, ecs:runTask.sync): Step Functions stops the task when the run
// has taken the timeout, and starts it again when it fails, as AWS
// Copilot's Scheduled Jobs did. EventBridge Scheduler alone starts a task
// and no more.

// The retries' pace: the first 10 seconds after a failure, each next 1.5
// times longer (AWS Copilot's).
const (
	retryInterval = 10
	retryBackoff  = 1.5
)

// runTaskState names the state machine's one state.
const runTaskState = "RunTask"

// stateMachine creates the state machine that runs one of the service's
// tasks to its end: its definition, its role, and its log group. It logs
// its errors and is traced with X-Ray, as Control Tower's
// CT.STEPFUNCTIONS.PR.1 and PR.2 ask.
func (r *builder) stateMachine(s *blueprint.Service, p string) {
	logGroup := s.RunsLogGroupID()
	name, keyName := r.serviceLogGroupName("/aws/vendedlogs/states/", s)
	// Under /aws/vendedlogs/, CloudWatch Logs takes Step Functions' log
	// deliveries without a resource policy of its own for each group
	// (Step Functions Developer Guide, "Logging in CloudWatch Logs").
	r.logGroup(logGroup, name, keyName, s.Logs.Retention)
	r.stateMachineRole(s, p)
	definition, substitutions := r.runTaskDefinition(s, p)
	r.add(s.StateMachineID(), &stepfunctions.StateMachine{
		StateMachineType:        cloudformation.String("STANDARD"),
		RoleArn:                 intrinsic.GetAtt(s.StateMachineRoleID(), "Arn"),
		Definition:              definition,
		DefinitionSubstitutions: substitutions,
		LoggingConfiguration: &stepfunctions.StateMachine_LoggingConfiguration{
			Level:                cloudformation.String("ERROR"),
			IncludeExecutionData: cloudformation.Bool(false),
			Destinations: []stepfunctions.StateMachine_LogDestination{{
				CloudWatchLogsLogGroup: &stepfunctions.StateMachine_CloudWatchLogsLogGroup{LogGroupArn: intrinsic.GetAttPtr(logGroup, "Arn")},
			}},
		},
		TracingConfiguration: &stepfunctions.StateMachine_TracingConfiguration{Enabled: cloudformation.Bool(true)},
	})
	r.output(s.StateMachineOutput(), "ARN of the Step Functions state machine that runs the tasks of service "+s.Name+" (aws stepfunctions start-execution runs one now).", intrinsic.Ref(s.StateMachineID()))
}

// runTaskDefinition is the state machine's Amazon States Language
// definition: one Task state that calls RunTask with what the schedule
// would have given it (runTaskParameters: task definition, network,
// placement, tags, the task group the failed-run rule matches), written in
// RunTask's own names, and waits for the task to stop; the run's timeout
// and the state's retries. Its values from the template are placeholders
// that DefinitionSubstitutions fills in.
func (r *builder) runTaskDefinition(s *blueprint.Service, p string) (map[string]any, map[string]any) {
	run := r.runTaskParameters(s, p)
	vpc := run.NetworkConfiguration.AwsvpcConfiguration
	substitutions := map[string]any{
		// Step Functions' ECS integration, Run a Job, in the stack's
		// partition.
		"RunTaskSync":    intrinsic.Sub("arn:${AWS::Partition}:states:::ecs:runTask.sync"),
		"Cluster":        intrinsic.GetAtt(blueprint.ClusterID, "Arn"),
		"TaskDefinition": run.TaskDefinitionArn,
		"TaskGroup":      *run.Group,
	}
	placeholders := func(prefix string, values []string) []any {
		list := make([]any, len(values))
		for i, v := range values {
			key := prefix + strconv.Itoa(i+1)
			substitutions[key] = v
			list[i] = "${" + key + "}"
		}
		return list
	}
	parameters := map[string]any{
		"Cluster":        "${Cluster}",
		"TaskDefinition": "${TaskDefinition}",
		"Group":          "${TaskGroup}",
		"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": map[string]any{
			"AssignPublicIp": *vpc.AssignPublicIp,
			"Subnets":        placeholders("Subnet", vpc.Subnets),
			"SecurityGroups": placeholders("SecurityGroup", vpc.SecurityGroups),
		}},
		"PropagateTags":        *run.PropagateTags,
		"EnableECSManagedTags": *run.EnableECSManagedTags,
	}
	if run.LaunchType != nil {
		parameters["LaunchType"] = *run.LaunchType
	}
	var providers []any
	for _, c := range run.CapacityProviderStrategy {
		item := map[string]any{"CapacityProvider": c.CapacityProvider, "Weight": int(*c.Weight)}
		if c.Base != nil {
			item["Base"] = int(*c.Base)
		}
		providers = append(providers, item)
	}
	if len(providers) > 0 {
		parameters["CapacityProviderStrategy"] = providers
	}
	if run.EnableExecuteCommand != nil {
		parameters["EnableExecuteCommand"] = *run.EnableExecuteCommand
	}
	state := map[string]any{
		"Type":       "Task",
		"Resource":   "${RunTaskSync}",
		"Parameters": parameters,
		"End":        true,
	}
	if n := s.Schedule.Retries; n > 0 {
		state["Retry"] = []any{map[string]any{
			"ErrorEquals":     []string{"States.ALL"},
			"IntervalSeconds": retryInterval,
			"MaxAttempts":     n,
			"BackoffRate":     retryBackoff,
		}}
	}
	definition := map[string]any{
		"Comment": "Runs a task of service " + s.Name + " to its end",
		"StartAt": runTaskState,
		"States":  map[string]any{runTaskState: state},
	}
	if t := s.Schedule.Timeout; t > 0 {
		// The whole run's, retries included: the execution times out and
		// Step Functions stops the task it started.
		definition["TimeoutSeconds"] = t
	}
	return definition, substitutions
}

// stateMachineRole is what the state machine assumes: RunTask of this
// service's task definition on this cluster, passing its two roles to ECS
// and tagging the task; stopping and reading the tasks it starts on this
// cluster; the EventBridge rule Step Functions manages to learn that a task
// stopped (Step Functions Developer Guide, "IAM policies for Amazon
// ECS/AWS Fargate"); its log deliveries and X-Ray traces, which take no
// resource narrower than "*" ("Logging in CloudWatch Logs", "AWS X-Ray
// and Step Functions").
func (r *builder) stateMachineRole(s *blueprint.Service, p string) {
	statements := append(runTaskStatements(p),
		statement{Sid: "WatchAndStopTasks", Effect: "Allow", Action: []string{"ecs:DescribeTasks", "ecs:StopTask"}, Resource: []string{clusterTasks()}, Condition: onCluster()},
		statement{
			Sid:      "LearnThatTasksStop",
			Effect:   "Allow",
			Action:   []string{"events:DescribeRule", "events:PutRule", "events:PutTargets"},
			Resource: []string{intrinsic.Sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/StepFunctionsGetEventsForECSTaskRule")},
		},
		statement{
			Sid:    "DeliverLogs",
			Effect: "Allow",
			Action: []string{"logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
				"logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery"},
			// AWS requires "*": the log delivery actions take no narrower
			// resource (Step Functions Developer Guide, "Logging in CloudWatch Logs").
			Resource: []string{"*"},
		},
		statement{
			Sid:    "Trace",
			Effect: "Allow",
			Action: []string{"xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments"},
			// AWS requires "*": X-Ray's actions take no narrower resource.
			Resource: []string{"*"},
		},
	)
	r.add(s.StateMachineRoleID(), &iam.Role{
		Description:              cloudformation.String("Assumed by the Step Functions state machine that runs the tasks of service " + s.Name + "."),
		AssumeRolePolicyDocument: serviceTrust("states.amazonaws.com"),
		Policies:                 []iam.Role_Policy{{PolicyName: "run-task", PolicyDocument: policy(statements...)}},
	})
}
