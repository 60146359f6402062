package render

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// scheduledServices has a web service, a nightly job on Fargate in its
// own time zone, and an hourly one on Fargate Spot (its first task on
// regular Fargate) that runs three tasks, with ECS Exec, paused.
const scheduledServices = `name: shop
ingress:
  nlb: {}
services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 8080}]
    nlb: {port: 8080}
  - name: nightly
    cpu: 256
    memory: 512
    containers: [{name: job, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}}]
    schedule: {expression: "cron(30 2 * * ? *)", timezone: Europe/Paris}
  - name: hourly
    cpu: 256
    memory: 512
    count: 3
    exec: true
    spot: {onDemand: 1}
    containers: [{name: job, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}}]
    schedule: {expression: rate(1 hour), paused: true}
`

// TestSchedule: a scheduled service has its task definition, roles and
// security group, and in place of an ECS service a schedule that runs its
// task definition on the cluster, in the private subnets with its
// security groups, placed as a service's tasks would be, with its count,
// time zone, state and ECS Exec; EventBridge Scheduler's role runs that
// task definition alone and passes the service's two roles alone.
func TestSchedule(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(scheduledServices))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	web, err := tmpl.GetECSServiceWithName("WebService")
	if err != nil {
		t.Fatalf("the web service has no ECS service: %v", err)
	}
	for _, name := range []string{"Nightly", "Hourly"} {
		if _, err := tmpl.GetECSServiceWithName(name + "Service"); err == nil {
			t.Errorf("scheduled service %s has an ECS service", name)
		}
		if _, ok := tmpl.Outputs[name+"ServiceName"]; ok {
			t.Errorf("scheduled service %s has the output %sServiceName", name, name)
		}
		for _, id := range []string{"TaskDefinition", "TaskRole", "ExecutionRole", "TaskSecurityGroup", "LogGroup", "SchedulerRole"} {
			if _, ok := tmpl.Resources[name+id]; !ok {
				t.Errorf("scheduled service %s has no %s", name, id)
			}
		}
	}

	type want struct {
		expression, timezone, state, launchType string
		strategy                                []string
		count                                   float64
		exec                                    bool
	}
	for name, w := range map[string]want{
		"Nightly": {expression: "cron(30 2 * * ? *)", timezone: "Europe/Paris", state: "ENABLED", launchType: "FARGATE", count: 1},
		"Hourly":  {expression: "rate(1 hour)", state: "DISABLED", strategy: []string{"FARGATE 1/0", "FARGATE_SPOT 0/1"}, count: 3, exec: true},
	} {
		s, err := tmpl.GetSchedulerScheduleWithName(name + "Schedule")
		if err != nil {
			t.Fatal(err)
		}
		var got want
		got.expression, got.state = s.ScheduleExpression, *s.State
		if s.ScheduleExpressionTimezone != nil {
			got.timezone = *s.ScheduleExpressionTimezone
		}
		p := s.Target.EcsParameters
		if p.LaunchType != nil {
			got.launchType = *p.LaunchType
		}
		for _, item := range p.CapacityProviderStrategy {
			base := 0.0
			if item.Base != nil {
				base = *item.Base
			}
			got.strategy = append(got.strategy, fmt.Sprintf("%s %g/%g", item.CapacityProvider, base, *item.Weight))
		}
		got.count = *p.TaskCount
		got.exec = p.EnableExecuteCommand != nil && *p.EnableExecuteCommand
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%sSchedule: %+v, want %+v", name, got, w)
		}
		if s.Target.Arn != intrinsic.GetAtt(blueprint.ClusterID, "Arn") || p.TaskDefinitionArn != intrinsic.Ref(name+"TaskDefinition") {
			t.Errorf("%sSchedule runs %s on %s, want its task definition on the cluster", name, p.TaskDefinitionArn, s.Target.Arn)
		}
		// The network a service's tasks have: the web service's subnets,
		// its own security group and the one every task joins.
		network := p.NetworkConfiguration.AwsvpcConfiguration
		groups := []string{intrinsic.Ref(name + "TaskSecurityGroup"), intrinsic.Ref(blueprint.TasksSecurityGroupID)}
		if *network.AssignPublicIp != "DISABLED" || !reflect.DeepEqual(network.SecurityGroups, groups) || !reflect.DeepEqual(network.Subnets, web.NetworkConfiguration.AwsvpcConfiguration.Subnets) {
			t.Errorf("%sSchedule's network: %+v", name, network)
		}
		if s.Name != nil {
			t.Errorf("%sSchedule is named %q: two environments in one account would collide", name, *s.Name)
		}
	}

	role, err := tmpl.GetIAMRoleWithName("NightlySchedulerRole")
	if err != nil {
		t.Fatal(err)
	}
	doc := role.Policies[0].PolicyDocument.(policyDocument)
	resources := map[string][]string{}
	for _, st := range doc.Statement {
		resources[strings.Join(st.Action, ",")] = st.Resource
	}
	if got, want := resources["ecs:RunTask"], []string{intrinsic.Ref("NightlyTaskDefinition")}; !reflect.DeepEqual(got, want) {
		t.Errorf("RunTask on %v, want %v", got, want)
	}
	if got, want := resources["iam:PassRole"], []string{intrinsic.GetAtt("NightlyExecutionRole", "Arn"), intrinsic.GetAtt("NightlyTaskRole", "Arn")}; !reflect.DeepEqual(got, want) {
		t.Errorf("PassRole on %v, want %v", got, want)
	}
	trust := role.AssumeRolePolicyDocument.(policyDocument).Statement[0]
	if trust.Principal["Service"] != "scheduler.amazonaws.com" || trust.Condition == nil {
		t.Errorf("trust: %+v", trust)
	}
}

// TestFailedRunRule: each scheduled service's failed runs reach the
// alarms' topic: a rule on its tasks' group on the cluster, stopped before
// starting, taken back by Fargate Spot or with an exit code other than 0;
// the topic and its key admit the account's EventBridge rules, and only
// when a scheduled service notifies it. alarms.off leaves the rule out.
func TestFailedRunRule(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(scheduledServices))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, name := range []string{"Nightly", "Hourly"} {
		rule, err := tmpl.GetEventsRuleWithName(name + "FailedRunRule")
		if err != nil {
			t.Fatal(err)
		}
		detail := rule.EventPattern.(map[string]any)["detail"].(map[string]any)
		family := "family:${AWS::StackName}-" + strings.ToLower(name)
		if !reflect.DeepEqual(detail["group"], []string{intrinsic.Sub(family)}) || !reflect.DeepEqual(detail["lastStatus"], []string{"STOPPED"}) {
			t.Errorf("%sFailedRunRule matches %v", name, detail)
		}
		schedule, _ := tmpl.GetSchedulerScheduleWithName(name + "Schedule")
		if *schedule.Target.EcsParameters.Group != intrinsic.Sub(family) {
			t.Errorf("%sSchedule starts tasks in group %s, which its rule does not match", name, *schedule.Target.EcsParameters.Group)
		}
		message := intrinsic.Sub(`"${AWS::StackName}: a scheduled task of service ` + strings.ToLower(name) + ` failed (<stopCode>: <reason>). Task <task>; its containers' exit codes are in the ECS console, and their output in log group ${` + name + `LogGroup}."`)
		if target := rule.Targets[0]; target.Arn != intrinsic.Ref("AlarmTopic") || target.InputTransformer.InputTemplate != message {
			t.Errorf("%sFailedRunRule tells %s another message", name, target.Arn)
		}
	}
	admits := func(tmpl *cloudformation.Template) bool {
		policy, err := tmpl.GetSNSTopicPolicyWithName("AlarmTopicPolicy")
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range policy.PolicyDocument.(policyDocument).Statement {
			if st.Principal["Service"] == "events.amazonaws.com" {
				return true
			}
		}
		return false
	}
	if !admits(tmpl) {
		t.Error("the alarms' topic does not admit the failed-run rules")
	}
	webOnly, err := blueprint.Read("shop.yaml", []byte(strings.SplitN(scheduledServices, "  - name: nightly", 2)[0]))
	if err != nil {
		t.Fatal(err)
	}
	if admits(mustTemplate(t, webOnly)) {
		t.Error("the alarms' topic admits EventBridge without a scheduled service")
	}
	off, err := blueprint.Read("shop.yaml", []byte(scheduledServices+"alarms: {off: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mustTemplate(t, off).GetEventsRuleWithName("NightlyFailedRunRule"); err == nil {
		t.Error("alarms.off keeps the failed-run rule")
	}
}
