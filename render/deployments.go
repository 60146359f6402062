package render

import (
	"encoding/json"
	"fmt"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
	elbv2 "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
	"github.com/awslabs/goformation/v7/cloudformation/iam"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// How a deployment replaces a service's tasks. Rolling deployments replace
// tasks behind one target group; ECS's canary, linear and blue/green
// strategies start the new revision in a second target group and shift the
// production listener rule's (ALB) or listener's (NLB) weights between the
// two, through a role the service gives ECS. Both kinds stop and roll back
// on the service's alarms.

// ecsStrategies are ECS's names of the Blueprint's strategies.
var ecsStrategies = map[string]string{
	blueprint.StrategyRolling:   "ROLLING",
	blueprint.StrategyCanary:    "CANARY",
	blueprint.StrategyLinear:    "LINEAR",
	blueprint.StrategyBlueGreen: "BLUE_GREEN",
}

// deploymentConfiguration is what goformation can say of a service's
// deployments: the task bounds, the circuit breaker where AWS supports it
// (rolling and blue/green deployments) and the alarms that stop and roll
// back a deployment.
func (r *builder) deploymentConfiguration(s *blueprint.Service) *ecs.Service_DeploymentConfiguration {
	d := s.Deployment
	c := &ecs.Service_DeploymentConfiguration{
		MinimumHealthyPercent: cloudformation.Int(*d.MinPercent),
		MaximumPercent:        cloudformation.Int(*d.MaxPercent),
	}
	if d.Strategy == blueprint.StrategyRolling || d.Strategy == blueprint.StrategyBlueGreen {
		c.DeploymentCircuitBreaker = &ecs.Service_DeploymentCircuitBreaker{Enable: *d.CircuitBreaker, Rollback: *d.Rollback}
	}
	if names := r.deploymentAlarmNames(s); len(names) > 0 {
		c.Alarms = &ecs.Service_DeploymentAlarms{AlarmNames: names, Enable: true, Rollback: true}
	}
	return c
}

// strategyService is an AWS::ECS::Service whose deployments shift traffic,
// with the properties goformation v7.14.9 lacks: DeploymentConfiguration's
// Strategy, BakeTimeInMinutes, CanaryConfiguration and LinearConfiguration,
// and the load balancer's AdvancedConfiguration.
type strategyService struct {
	*ecs.Service
	strategy strategyProperties
	advanced advancedConfiguration
}

// strategyProperties are the DeploymentConfiguration properties of ECS's
// traffic-shifting strategies.
type strategyProperties struct {
	Strategy            string               `json:"Strategy"`
	BakeTimeInMinutes   int                  `json:"BakeTimeInMinutes"`
	CanaryConfiguration *canaryConfiguration `json:"CanaryConfiguration,omitempty"`
	LinearConfiguration *linearConfiguration `json:"LinearConfiguration,omitempty"`
}

type canaryConfiguration struct {
	CanaryPercent           float64 `json:"CanaryPercent"`
	CanaryBakeTimeInMinutes int     `json:"CanaryBakeTimeInMinutes"`
}

type linearConfiguration struct {
	StepPercent           float64 `json:"StepPercent"`
	StepBakeTimeInMinutes int     `json:"StepBakeTimeInMinutes"`
}

// advancedConfiguration is a load balancer's AdvancedConfiguration: the
// second target group, the production (and test) listener rule, or the
// listener on an NLB, and the role ECS shifts their weights with.
type advancedConfiguration struct {
	AlternateTargetGroupArn string `json:"AlternateTargetGroupArn"`
	ProductionListenerRule  string `json:"ProductionListenerRule"`
	TestListenerRule        string `json:"TestListenerRule,omitempty"`
	RoleArn                 string `json:"RoleArn"`
}

// MarshalJSON writes the service as goformation does, with the strategy's
// properties added to DeploymentConfiguration and the advanced
// configuration to the (only) load balancer.
func (s *strategyService) MarshalJSON() ([]byte, error) {
	j, err := s.Service.MarshalJSON()
	if err != nil {
		return nil, err
	}
	var res map[string]any
	if err := json.Unmarshal(j, &res); err != nil {
		return nil, err
	}
	props := res["Properties"].(map[string]any)
	config, _ := props["DeploymentConfiguration"].(map[string]any)
	if config == nil {
		config = map[string]any{}
		props["DeploymentConfiguration"] = config
	}
	if err := mergeInto(config, s.strategy); err != nil {
		return nil, err
	}
	lbs, _ := props["LoadBalancers"].([]any)
	if len(lbs) != 1 {
		return nil, fmt.Errorf("render: a service that shifts traffic needs one load balancer, not %d", len(lbs))
	}
	advanced := map[string]any{}
	if err := mergeInto(advanced, s.advanced); err != nil {
		return nil, err
	}
	lbs[0].(map[string]any)["AdvancedConfiguration"] = advanced
	return json.Marshal(res)
}

// mergeInto adds the JSON object v writes to m.
func mergeInto(m map[string]any, v any) error {
	j, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var more map[string]any
	if err := json.Unmarshal(j, &more); err != nil {
		return err
	}
	for k, x := range more {
		m[k] = x
	}
	return nil
}

// withStrategy wraps a service whose deployments shift traffic; a rolling
// service stays goformation's own.
func (r *builder) withStrategy(s *blueprint.Service, svc *ecs.Service) cloudformation.Resource {
	d := s.Deployment
	if !d.ShiftsTraffic() {
		return svc
	}
	w := &strategyService{Service: svc, strategy: strategyProperties{Strategy: ecsStrategies[d.Strategy], BakeTimeInMinutes: *d.Bake}}
	switch d.Strategy {
	case blueprint.StrategyCanary:
		w.strategy.CanaryConfiguration = &canaryConfiguration{CanaryPercent: d.Canary.Percent, CanaryBakeTimeInMinutes: *d.Canary.Minutes}
	case blueprint.StrategyLinear:
		w.strategy.LinearConfiguration = &linearConfiguration{StepPercent: d.Linear.Percent, StepBakeTimeInMinutes: *d.Linear.Minutes}
	}
	w.advanced = advancedConfiguration{
		AlternateTargetGroupArn: intrinsic.Ref(s.AlternateTargetGroupID()),
		ProductionListenerRule:  intrinsic.Ref(r.productionRuleID(s)),
		RoleArn:                 intrinsic.GetAtt(s.TrafficShiftRoleID(), "Arn"),
	}
	if d.TestPort != 0 {
		w.advanced.TestListenerRule = intrinsic.Ref(r.testRuleID(s))
	}
	return w
}

// productionRuleID is the listener rule (ALB) or listener (NLB) whose
// weights ECS shifts.
func (r *builder) productionRuleID(s *blueprint.Service) string {
	if lb, ok := r.bp.ALBOf(s); ok {
		return lb.RuleID(s.ALB.Priority)
	}
	return blueprint.NLBListenerID(s.NLB.Port)
}

// testRuleID is the rule (ALB) or listener (NLB) of a blue/green service's
// test traffic.
func (r *builder) testRuleID(s *blueprint.Service) string {
	if lb, ok := r.bp.ALBOf(s); ok {
		return lb.LogicalID(fmt.Sprintf("TestRule%d", s.ALB.Priority))
	}
	return blueprint.NLBListenerID(s.Deployment.TestPort)
}

// productionWeights are the weights a traffic-shifting service's rule
// starts with: all traffic to its first target group. ECS changes them
// during a deployment and leaves them on the group that won; the template
// changes them only when the service's rule changes.
func productionWeights(s *blueprint.Service) []elbv2.ListenerRule_TargetGroupTuple {
	return []elbv2.ListenerRule_TargetGroupTuple{
		{TargetGroupArn: intrinsic.RefPtr(s.TargetGroupID()), Weight: cloudformation.Int(100)},
		{TargetGroupArn: intrinsic.RefPtr(s.AlternateTargetGroupID()), Weight: cloudformation.Int(0)},
	}
}

// ruleForward is the forward action of a service's listener rule: to its
// target group, or to both with weights when its deployments shift traffic.
func ruleForward(s *blueprint.Service, order int) elbv2.ListenerRule_Action {
	a := elbv2.ListenerRule_Action{Type: "forward", Order: cloudformation.Int(order)}
	if s.Deployment.ShiftsTraffic() {
		a.ForwardConfig = &elbv2.ListenerRule_ForwardConfig{TargetGroups: productionWeights(s)}
	} else {
		a.TargetGroupArn = intrinsic.RefPtr(s.ALBTargetGroupID())
	}
	return a
}

// listenerForward is ruleForward for an NLB listener's default action.
func listenerForward(s *blueprint.Service) elbv2.Listener_Action {
	if !s.Deployment.ShiftsTraffic() {
		return elbv2.Listener_Action{Type: "forward", TargetGroupArn: intrinsic.RefPtr(s.NLBTargetGroupID())}
	}
	var groups []elbv2.Listener_TargetGroupTuple
	for _, g := range productionWeights(s) {
		groups = append(groups, elbv2.Listener_TargetGroupTuple{TargetGroupArn: g.TargetGroupArn, Weight: g.Weight})
	}
	return elbv2.Listener_Action{Type: "forward", ForwardConfig: &elbv2.Listener_ForwardConfig{TargetGroups: groups}}
}

// alternateTargetGroup adds the second target group of a service whose
// deployments shift traffic: the first one's copy, which ECS fills with the
// new revision's tasks.
func (r *builder) alternateTargetGroup(s *blueprint.Service) {
	if !s.Deployment.ShiftsTraffic() {
		return
	}
	first := *r.t.Resources[s.TargetGroupID()].(*elbv2.TargetGroup)
	r.add(s.AlternateTargetGroupID(), &first)
}

// trafficShiftRole is the role ECS takes to move a service's tasks between
// its target groups and to change its rule's or listener's weights: AWS's
// managed AmazonECSInfrastructureRolePolicyForLoadBalancers, narrowed to
// this service's target groups and rule. Reading load balancers takes "*":
// Elastic Load Balancing has no resource-level permission for Describe.
func (r *builder) trafficShiftRole(s *blueprint.Service) {
	if !s.Deployment.ShiftsTraffic() {
		return
	}
	groups := []string{intrinsic.Ref(s.TargetGroupID()), intrinsic.Ref(s.AlternateTargetGroupID())}
	modify := statement{Sid: "ShiftTheServicesRule", Effect: "Allow", Action: []string{"elasticloadbalancing:ModifyRule"}, Resource: []string{intrinsic.Ref(r.productionRuleID(s))}}
	if s.NLB != nil {
		modify = statement{Sid: "ShiftTheServicesListener", Effect: "Allow", Action: []string{"elasticloadbalancing:ModifyListener"}, Resource: []string{intrinsic.Ref(r.productionRuleID(s))}}
	}
	if s.Deployment.TestPort != 0 {
		modify.Resource = append(modify.Resource, intrinsic.Ref(r.testRuleID(s)))
	}
	trust := statement{
		Effect:    "Allow",
		Principal: map[string]any{"Service": "ecs.amazonaws.com"},
		Action:    []string{"sts:AssumeRole"},
		Condition: map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": intrinsic.Ref("AWS::AccountId")}},
	}
	r.add(s.TrafficShiftRoleID(), &iam.Role{
		Description:              cloudformation.String("ECS shifts the traffic of service " + s.Name + " between its target groups during deployments."),
		AssumeRolePolicyDocument: policy(trust),
		Policies: []iam.Role_Policy{{
			PolicyName: "shift-traffic",
			PolicyDocument: policy(
				statement{Sid: "ReadLoadBalancers", Effect: "Allow", Action: []string{
					"elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules",
					"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
				},
					// AWS requires "*": Elastic Load Balancing's Describe actions
					// have no resource-level permission.
					Resource: []string{"*"}},
				statement{Sid: "MoveTasksBetweenTheServicesGroups", Effect: "Allow", Action: []string{
					"elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets",
				}, Resource: groups},
				modify,
			),
		}},
	})
}

// albTestListener adds the test listener of an ALB's blue/green services
// on their test port, once per port, and the service's test rule on it:
// the same conditions as its production rule, weights that ECS turns to the
// new revision first.
func (r *builder) albTestListener(lb blueprint.LoadBalancer, s *blueprint.Service) {
	port := s.Deployment.TestPort
	if port == 0 {
		return
	}
	listener := lb.LogicalID(fmt.Sprintf("TestListener%d", port))
	if _, exists := r.t.Resources[listener]; !exists {
		l := &elbv2.Listener{
			LoadBalancerArn: intrinsic.Ref(lb.LogicalID("")),
			Port:            cloudformation.Int(port),
			Protocol:        cloudformation.String("HTTP"),
			DefaultActions: []elbv2.Listener_Action{{Type: "fixed-response", FixedResponseConfig: &elbv2.Listener_FixedResponseConfig{
				StatusCode: "404", ContentType: cloudformation.String("text/plain"), MessageBody: cloudformation.String("Not Found"),
			}}},
		}
		if lb.ALB.Certificate != nil {
			l.Protocol = cloudformation.String("HTTPS")
			l.Certificates = []elbv2.Listener_Certificate{{CertificateArn: cloudformation.String(r.albCertificates[lb.Prefix])}}
			l.SslPolicy = cloudformation.String(lb.ALB.SSLPolicy)
		}
		// The listener is the load balancer's, beside its other listeners;
		// its security group admits the port (see albSecurityGroup).
		r.within(environmentScope().at(lb.Path), func() { r.add(listener, l) })
	}
	r.add(r.testRuleID(s), &elbv2.ListenerRule{
		ListenerArn: intrinsic.RefPtr(listener),
		Priority:    s.ALB.Priority,
		Conditions:  r.ruleConditions(s, s.ALB.Paths),
		Actions:     []elbv2.ListenerRule_Action{ruleForward(s, 1)},
	})
}

// nlbTestListener adds a blue/green service's test listener on the NLB,
// forwarding to both target groups with the production weights; the NLB's
// security group admits the port from its sources.
func (r *builder) nlbTestListener(n *blueprint.NLB, s *blueprint.Service) {
	port := s.Deployment.TestPort
	if port == 0 {
		return
	}
	l := &elbv2.Listener{
		LoadBalancerArn: intrinsic.Ref(blueprint.NLBID),
		Port:            cloudformation.Int(port),
		Protocol:        cloudformation.String(n.Protocol),
		DefaultActions:  []elbv2.Listener_Action{listenerForward(s)},
	}
	if n.Protocol == blueprint.ProtocolTLS {
		l.Certificates = []elbv2.Listener_Certificate{{CertificateArn: cloudformation.String(r.nlbCertificate)}}
		l.SslPolicy = cloudformation.String(n.SSLPolicy)
	}
	r.add(blueprint.NLBListenerID(port), l)
}
