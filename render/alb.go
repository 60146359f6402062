package render

import (
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
	elbv2 "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/secretsmanager"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// applicationLoadBalancer creates an ALB, its security group and listeners,
// and for each attached service a target group, a listener rule and the
// ingress rule that lets the ALB reach the tasks. The resources of
// ingress.alb are Alb, AlbSecurityGroup...; those of an ingress.albs entry
// start with its id (EdgeAlb, EdgeAlbSecurityGroup...).
func (r *builder) applicationLoadBalancer(lb blueprint.LoadBalancer) {
	a := lb.ALB
	subnets := r.net.public
	if a.Scheme == blueprint.SchemeInternal {
		subnets = r.net.private
	}
	addressType := "ipv4"
	if a.DualStack {
		addressType = "dualstack"
	}
	res := &elbv2.LoadBalancer{
		Type:           cloudformation.String("application"),
		Scheme:         cloudformation.String(a.Scheme),
		IpAddressType:  cloudformation.String(addressType),
		Subnets:        subnets,
		SecurityGroups: []string{intrinsic.Ref(lb.SecurityGroupID())},
		LoadBalancerAttributes: []elbv2.LoadBalancer_LoadBalancerAttribute{
			// Requests with header names that are not valid HTTP are dropped
			// instead of passed on (request smuggling defence).
			{Key: cloudformation.String("routing.http.drop_invalid_header_fields.enabled"), Value: cloudformation.String("true")},
			{Key: cloudformation.String("idle_timeout.timeout_seconds"), Value: cloudformation.String(strconv.Itoa(a.IdleTimeout))},
		},
	}
	if a.Name != "" {
		res.Name = cloudformation.String(a.Name)
	}
	r.loadBalancerAudit(res, *a.DeletionProtection)
	r.add(lb.LogicalID(""), res)
	r.albSecurityGroup(lb)
	if r.bp.BehindVpcLinkV2(lb) {
		r.linkIngress(lb.LogicalID("IngressFromApiVpcLink"), lb.SecurityGroupID(), lb.ServingPort(), "API requests through the VPC link V2")
	}
	r.albListeners(lb)
	name := lb.Title()
	r.output(lb.DNSNameOutput(), "DNS name of "+name+".", intrinsic.GetAtt(lb.LogicalID(""), "DNSName"))
	r.output(lb.ARNOutput(), "ARN of "+name+".", intrinsic.Ref(lb.LogicalID("")))
}

// originSecret creates the header value API Gateway sends to every ALB it
// calls, generated in Secrets Manager.
func (r *builder) originSecret() {
	r.add(blueprint.OriginSecretID, &secretsmanager.Secret{
		Description: intrinsic.SubPtr("${AWS::StackName}: header value API Gateway sends to the ALB"),
		// Letters and digits only: the value travels as a stage variable
		// and a header.
		GenerateSecretString: &secretsmanager.Secret_GenerateSecretString{
			PasswordLength:     cloudformation.Int(48),
			ExcludePunctuation: cloudformation.Bool(true),
		},
		// Both readers (the stage and the ALB rules) are in this stack and
		// pick up a new value in the same update: nothing to keep.
		AWSCloudFormationDeletionPolicy:      policies.DeletionPolicy("Delete"),
		AWSCloudFormationUpdateReplacePolicy: policies.UpdateReplacePolicy("Delete"),
	})
}

// originSecretValue resolves the generated header value at deploy time: a
// dynamic reference, so the value is written into no template or document.
func originSecretValue() string {
	return intrinsic.Sub("{{resolve:secretsmanager:${AlbOriginSecret}:SecretString}}")
}

// albSecurityGroup lets clients reach ports 80 and 443 and lets the ALB reach
// only the tasks' traffic ports, plus HTTPS anywhere when it must call Cognito
// for logins: Cognito publishes no prefix list to narrow that to.
func (r *builder) albSecurityGroup(lb blueprint.LoadBalancer) {
	a := lb.ALB
	ports := []int{80}
	if a.Certificate != nil {
		ports = append(ports, 443)
	}
	ports = append(ports, lb.TestPorts(r.bp.Blueprint)...)
	var ingress []ec2.SecurityGroup_Ingress
	for _, cidr := range a.Allow {
		for _, port := range ports {
			ingress = append(ingress, ec2.SecurityGroup_Ingress{
				IpProtocol: "tcp", CidrIp: cloudformation.String(cidr),
				FromPort: cloudformation.Int(port), ToPort: cloudformation.Int(port),
				Description: cloudformation.String("Clients on port " + strconv.Itoa(port)),
			})
		}
	}
	if a.DualStack && a.Scheme == blueprint.SchemeInternetFacing {
		for _, port := range ports {
			ingress = append(ingress, ec2.SecurityGroup_Ingress{
				IpProtocol: "tcp", CidrIpv6: cloudformation.String("::/0"),
				FromPort: cloudformation.Int(port), ToPort: cloudformation.Int(port),
				Description: cloudformation.String("IPv6 clients on port " + strconv.Itoa(port)),
			})
		}
	}
	egress := tasksEgress(r.bp.AttachedTo(lb))
	if r.albLoginUsed(lb) {
		egress = append(egress, ec2.SecurityGroup_Egress{
			IpProtocol: "tcp", CidrIp: cloudformation.String(blueprint.AnywhereIPv4),
			FromPort: cloudformation.Int(443), ToPort: cloudformation.Int(443),
			Description: cloudformation.String("Cognito token and user info endpoints (no prefix list exists)"),
		})
	}
	description, tag := "Application Load Balancer", "alb"
	if lb.ID != "" {
		description, tag = "Application Load Balancer "+lb.ID, lb.ID+"-alb"
	}
	r.add(lb.SecurityGroupID(), &ec2.SecurityGroup{
		GroupDescription:     description,
		VpcId:                cloudformation.String(r.net.vpcID),
		SecurityGroupIngress: ingress,
		SecurityGroupEgress:  denyAllIfEmpty(egress),
		Tags:                 nameTag(tag),
	})
}

// albLoginUsed reports whether any rule of the load balancer authenticates
// with Cognito.
func (r *builder) albLoginUsed(lb blueprint.LoadBalancer) bool {
	for _, s := range r.bp.AttachedTo(lb) {
		if s.UsesLogin() {
			return true
		}
	}
	return false
}

// albListener is the listener that carries the rules: HTTPS when there is a
// certificate, else HTTP.
func albListener(lb blueprint.LoadBalancer) string {
	if lb.Certificate != nil {
		return lb.LogicalID("HttpsListener")
	}
	return lb.LogicalID("HttpListener")
}

// albDefaultAction is what requests matching no rule get: the chosen service,
// 403 behind API Gateway (whatever lacks the secret header came around it), or
// 404.
func (r *builder) albDefaultAction(a *blueprint.ALB) elbv2.Listener_Action {
	fixed := func(code, body string) elbv2.Listener_Action {
		return elbv2.Listener_Action{Type: "fixed-response", FixedResponseConfig: &elbv2.Listener_FixedResponseConfig{
			StatusCode: code, ContentType: cloudformation.String("text/plain"), MessageBody: cloudformation.String(body),
		}}
	}
	switch {
	case a.Default != blueprint.DefaultALBDefault:
		return elbv2.Listener_Action{Type: "forward", TargetGroupArn: intrinsic.RefPtr(r.bp.Service(a.Default).ALBTargetGroupID())}
	case r.bp.ALBsOnlyThroughAPI():
		return fixed("403", "Forbidden")
	}
	return fixed("404", "Not Found")
}

func (r *builder) albListeners(lb blueprint.LoadBalancer) {
	a := lb.ALB
	defaultAction := r.albDefaultAction(a)
	if a.Certificate == nil {
		r.add(lb.LogicalID("HttpListener"), &elbv2.Listener{
			LoadBalancerArn: intrinsic.Ref(lb.LogicalID("")),
			Port:            cloudformation.Int(80),
			Protocol:        cloudformation.String("HTTP"),
			DefaultActions:  []elbv2.Listener_Action{defaultAction},
		})
		return
	}
	r.add(lb.LogicalID("HttpListener"), &elbv2.Listener{
		LoadBalancerArn: intrinsic.Ref(lb.LogicalID("")),
		Port:            cloudformation.Int(80),
		Protocol:        cloudformation.String("HTTP"),
		DefaultActions: []elbv2.Listener_Action{{
			Type: "redirect",
			RedirectConfig: &elbv2.Listener_RedirectConfig{
				Protocol: cloudformation.String("HTTPS"), Port: cloudformation.String("443"), StatusCode: "HTTP_301",
			},
		}},
	})
	r.add(lb.LogicalID("HttpsListener"), &elbv2.Listener{
		LoadBalancerArn: intrinsic.Ref(lb.LogicalID("")),
		Port:            cloudformation.Int(443),
		Protocol:        cloudformation.String("HTTPS"),
		Certificates:    []elbv2.Listener_Certificate{{CertificateArn: cloudformation.String(r.albCertificates[lb.Prefix])}},
		SslPolicy:       cloudformation.String(a.SSLPolicy),
		DefaultActions:  []elbv2.Listener_Action{defaultAction},
	})
}

// albTarget creates a service's target group, its listener rule (login first
// when asked, then forward) and the tasks' ingress rule from the ALB.
func (r *builder) albTarget(lb blueprint.LoadBalancer, s *blueprint.Service) {
	a := lb.ALB
	p := id(s.Name)
	h := s.ALB.HealthCheck
	addTargetGroup := r.add
	if a.Default == s.Name {
		// The listeners' default action forwards to this group: with nested
		// stacks it lives in the root, beside the listeners that name it.
		addTargetGroup = func(id string, res cloudformation.Resource) {
			r.within(environmentScope().at(lb.Path), func() { r.add(id, res) })
		}
	}
	addTargetGroup(s.ALBTargetGroupID(), &elbv2.TargetGroup{
		TargetType:                 cloudformation.String("ip"),
		Protocol:                   cloudformation.String("HTTP"),
		Port:                       cloudformation.Int(s.Traffic.Port),
		VpcId:                      cloudformation.String(r.net.vpcID),
		HealthCheckProtocol:        cloudformation.String(h.Protocol),
		HealthCheckPath:            cloudformation.String(h.Path),
		Matcher:                    &elbv2.TargetGroup_Matcher{HttpCode: cloudformation.String(h.Codes)},
		HealthCheckIntervalSeconds: cloudformation.Int(h.Interval),
		HealthCheckTimeoutSeconds:  cloudformation.Int(h.Timeout),
		HealthyThresholdCount:      cloudformation.Int(h.Healthy),
		UnhealthyThresholdCount:    cloudformation.Int(h.Unhealthy),
		TargetGroupAttributes:      albTargetAttributes(s.ALB),
	})
	r.alternateTargetGroup(s)
	// Login paths first: their rules come before the service's own.
	for _, rule := range s.LoginRules() {
		r.albRule(lb, s, rule.Priority, rule.Patterns, true)
	}
	if s.HasListenerRule() {
		r.albRule(lb, s, s.ALB.Priority, s.ALB.Paths, s.ALB.Login)
	}
	r.albTestListener(lb, s)
	r.trafficShiftRole(s)
	r.add(p+"IngressFromAlb", &ec2.SecurityGroupIngress{
		GroupId:               intrinsic.RefPtr(s.TaskSecurityGroupID()),
		SourceSecurityGroupId: intrinsic.RefPtr(lb.SecurityGroupID()),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(s.Traffic.Port),
		ToPort:                cloudformation.Int(s.Traffic.Port),
		Description:           cloudformation.String("From the ALB"),
	})
}

// albTargetAttributes are a service's target group attributes: how long
// a stopping task drains, and its sticky sessions on the ALB's cookie.
func albTargetAttributes(a *blueprint.ServiceALB) []elbv2.TargetGroup_TargetGroupAttribute {
	list := []elbv2.TargetGroup_TargetGroupAttribute{drainFor(*a.DeregistrationDelay)}
	if a.Stickiness != nil {
		list = append(list,
			targetAttribute("stickiness.enabled", "true"),
			targetAttribute("stickiness.type", "lb_cookie"),
			targetAttribute("stickiness.lb_cookie.duration_seconds", strconv.Itoa(a.Stickiness.Duration)))
	}
	return list
}

// targetAttribute is one attribute of a target group.
func targetAttribute(key, value string) elbv2.TargetGroup_TargetGroupAttribute {
	return elbv2.TargetGroup_TargetGroupAttribute{Key: cloudformation.String(key), Value: cloudformation.String(value)}
}

// drainFor is how long a target group lets a stopping task finish its
// requests, ALB's or NLB's.
func drainFor(seconds int) elbv2.TargetGroup_TargetGroupAttribute {
	return targetAttribute("deregistration_delay.timeout_seconds", strconv.Itoa(seconds))
}

// albRule creates a listener rule that forwards to the service what
// matches its hosts and paths, logging users in first when login is set.
func (r *builder) albRule(lb blueprint.LoadBalancer, s *blueprint.Service, priority int, paths []string, login bool) {
	var actions []elbv2.ListenerRule_Action
	if login {
		actions = append(actions, elbv2.ListenerRule_Action{
			Type:                      "authenticate-cognito",
			Order:                     cloudformation.Int(1),
			AuthenticateCognitoConfig: r.albCognitoConfig(lb),
		})
	}
	r.add(lb.RuleID(priority), &elbv2.ListenerRule{
		ListenerArn: intrinsic.RefPtr(albListener(lb)),
		Priority:    priority,
		Conditions:  r.ruleConditions(s, paths),
		Actions:     append(actions, ruleForward(s, len(actions)+1)),
	})
}

// ruleConditions are the conditions of a service's listener rule: its
// hosts, the paths, and behind API Gateway over the internet the secret
// header.
func (r *builder) ruleConditions(s *blueprint.Service, paths []string) []elbv2.ListenerRule_RuleCondition {
	var conditions []elbv2.ListenerRule_RuleCondition
	if len(s.ALB.Hosts) > 0 {
		conditions = append(conditions, elbv2.ListenerRule_RuleCondition{
			Field: cloudformation.String("host-header"), HostHeaderConfig: &elbv2.ListenerRule_HostHeaderConfig{Values: s.ALB.Hosts},
		})
	}
	if len(paths) > 0 {
		conditions = append(conditions, elbv2.ListenerRule_RuleCondition{
			Field: cloudformation.String("path-pattern"), PathPatternConfig: &elbv2.ListenerRule_PathPatternConfig{Values: paths},
		})
	}
	if r.bp.ALBsOnlyThroughAPI() {
		conditions = append(conditions, elbv2.ListenerRule_RuleCondition{
			Field: cloudformation.String("http-header"),
			HttpHeaderConfig: &elbv2.ListenerRule_HttpHeaderConfig{
				HttpHeaderName: cloudformation.String(blueprint.OriginHeader),
				Values:         []string{originSecretValue()},
			},
		})
	}
	return conditions
}

// albAttachment is the target group a service's tasks join on the ALB, and
// what must exist before ECS accepts it: the listener and the service's rule.
func (r *builder) albAttachment(s *blueprint.Service, p string) (ecs.Service_LoadBalancer, []string) {
	lb, _ := r.bp.ALBOf(s)
	wait := []string{albListener(lb)}
	if s.HasListenerRule() {
		wait = append(wait, lb.RuleID(s.ALB.Priority))
	}
	return ecs.Service_LoadBalancer{
		ContainerName:  cloudformation.String(s.Traffic.Container),
		ContainerPort:  cloudformation.Int(s.Traffic.Port),
		TargetGroupArn: intrinsic.RefPtr(s.ALBTargetGroupID()),
	}, wait
}
