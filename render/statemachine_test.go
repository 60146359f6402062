package render

import (
	"reflect"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/stepfunctions"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// TestStateMachine: a schedule with a timeout and retries starts a state
// machine, which runs one task of the service with RunTask's parameters
// (Fargate Spot's strategy, ECS Exec, the task group the failed-run rule
// matches, private subnets) and waits for it, times the run out and retries
// it at Copilot's pace; it logs its errors to a log group of its own and is
// traced. Its role runs, watches and stops the cluster's tasks; the
// schedule's starts that state machine alone. A schedule without either
// keeps calling RunTask itself.
func TestStateMachine(t *testing.T) {
	b, err := blueprint.Read("jobs.yaml", []byte(`name: jobs
services:
  - name: invoices
    cpu: 256
    memory: 512
    exec: true
    spot: {onDemand: 1}
    containers: [{name: job, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}}]
    schedule: {expression: rate(1 hour), timeout: 1200, retries: 2}
  - name: cleanup
    cpu: 256
    memory: 512
    containers: [{name: job, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}}]
    schedule: {expression: rate(7 days)}
`))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	s := b.Service("invoices")
	machine := tmpl.Resources[s.StateMachineID()].(*stepfunctions.StateMachine)
	if *machine.StateMachineType != "STANDARD" || machine.RoleArn != intrinsic.GetAtt(s.StateMachineRoleID(), "Arn") {
		t.Errorf("state machine %+v", machine)
	}
	definition := machine.Definition.(map[string]any)
	if definition["TimeoutSeconds"] != 1200 || definition["StartAt"] != runTaskState {
		t.Errorf("definition %v", definition)
	}
	state := definition["States"].(map[string]any)[runTaskState].(map[string]any)
	if state["Resource"] != "${RunTaskSync}" || state["End"] != true {
		t.Errorf("state %v", state)
	}
	wantRetry := []any{map[string]any{"ErrorEquals": []string{"States.ALL"}, "IntervalSeconds": 10, "MaxAttempts": 2, "BackoffRate": 1.5}}
	if !reflect.DeepEqual(state["Retry"], wantRetry) {
		t.Errorf("retry %v", state["Retry"])
	}
	params := state["Parameters"].(map[string]any)
	wantParams := map[string]any{
		"Cluster": "${Cluster}", "TaskDefinition": "${TaskDefinition}", "Group": "${TaskGroup}",
		"NetworkConfiguration": map[string]any{"AwsvpcConfiguration": map[string]any{
			"AssignPublicIp": "DISABLED", "Subnets": []any{"${Subnet1}", "${Subnet2}"}, "SecurityGroups": []any{"${SecurityGroup1}"},
		}},
		"PropagateTags": "TASK_DEFINITION", "EnableECSManagedTags": true, "EnableExecuteCommand": true,
		"CapacityProviderStrategy": []any{
			map[string]any{"CapacityProvider": blueprint.CapacityFargate, "Weight": 0, "Base": 1},
			map[string]any{"CapacityProvider": blueprint.CapacityFargateSpot, "Weight": 1},
		},
	}
	if !reflect.DeepEqual(params, wantParams) {
		t.Errorf("parameters\n%v\nwant\n%v", params, wantParams)
	}
	wantFill := map[string]any{
		"RunTaskSync":    intrinsic.Sub("arn:${AWS::Partition}:states:::ecs:runTask.sync"),
		"Cluster":        intrinsic.GetAtt(blueprint.ClusterID, "Arn"),
		"TaskDefinition": intrinsic.Ref("InvoicesTaskDefinition"),
		"TaskGroup":      intrinsic.Sub("family:${AWS::StackName}-invoices"),
		"Subnet1":        intrinsic.Ref("PrivateSubnet1"),
		"Subnet2":        intrinsic.Ref("PrivateSubnet2"),
		"SecurityGroup1": intrinsic.Ref(s.TaskSecurityGroupID()),
	}
	if !reflect.DeepEqual(machine.DefinitionSubstitutions, wantFill) {
		t.Errorf("substitutions\n%v\nwant\n%v", machine.DefinitionSubstitutions, wantFill)
	}
	logging := machine.LoggingConfiguration
	if *logging.Level != "ERROR" || *logging.IncludeExecutionData || *logging.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn != intrinsic.GetAtt(s.RunsLogGroupID(), "Arn") || !*machine.TracingConfiguration.Enabled {
		t.Errorf("logging %+v, tracing %+v", logging, machine.TracingConfiguration)
	}
	if _, ok := tmpl.Resources[s.RunsLogGroupID()]; !ok {
		t.Errorf("no log group %s", s.RunsLogGroupID())
	}

	role := tmpl.Resources[s.StateMachineRoleID()].(*iam.Role)
	var sids []string
	for _, st := range role.Policies[0].PolicyDocument.(policyDocument).Statement {
		sids = append(sids, st.Sid+" "+strings.Join(st.Action, ","))
	}
	wantSids := []string{
		"RunTask ecs:RunTask", "PassTaskRoles iam:PassRole", "TagTasks ecs:TagResource", "WatchAndStopTasks ecs:DescribeTasks,ecs:StopTask",
		"LearnThatTasksStop events:DescribeRule,events:PutRule,events:PutTargets",
		"DeliverLogs logs:CreateLogDelivery,logs:DeleteLogDelivery,logs:DescribeLogGroups,logs:DescribeResourcePolicies,logs:GetLogDelivery,logs:ListLogDeliveries,logs:PutResourcePolicy,logs:UpdateLogDelivery",
		"Trace xray:GetSamplingRules,xray:GetSamplingTargets,xray:PutTelemetryRecords,xray:PutTraceSegments",
	}
	if !reflect.DeepEqual(sids, wantSids) {
		t.Errorf("role statements\n%q\nwant\n%q", sids, wantSids)
	}

	schedule, err := tmpl.GetSchedulerScheduleWithName("InvoicesSchedule")
	if err != nil {
		t.Fatal(err)
	}
	if schedule.Target.Arn != intrinsic.Ref(s.StateMachineID()) || schedule.Target.EcsParameters != nil {
		t.Errorf("invoices' schedule targets %v", schedule.Target)
	}
	starter := tmpl.Resources["InvoicesSchedulerRole"].(*iam.Role).Policies[0].PolicyDocument.(policyDocument).Statement
	if len(starter) != 1 || starter[0].Action[0] != "states:StartExecution" || starter[0].Resource[0] != intrinsic.Ref(s.StateMachineID()) {
		t.Errorf("invoices' scheduler role %+v", starter)
	}
	cleanup, err := tmpl.GetSchedulerScheduleWithName("CleanupSchedule")
	if err != nil {
		t.Fatal(err)
	}
	if cleanup.Target.Arn != intrinsic.GetAtt(blueprint.ClusterID, "Arn") || cleanup.Target.EcsParameters == nil {
		t.Errorf("cleanup's schedule targets %v", cleanup.Target)
	}
	if _, ok := tmpl.Resources[b.Service("cleanup").StateMachineID()]; ok {
		t.Error("cleanup has a state machine")
	}
}
