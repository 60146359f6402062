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
)

// applicationLoadBalancer creates the ALB, its security group and listeners,
// and for each attached service a target group, a listener rule and the
// ingress rule that lets the ALB reach the tasks.
func (r *builder) applicationLoadBalancer(a *blueprint.ALB) {
	subnets := r.net.public
	if a.Scheme == blueprint.SchemeInternal {
		subnets = r.net.private
	}
	addressType := "ipv4"
	if a.DualStack {
		addressType = "dualstack"
	}
	lb := &elbv2.LoadBalancer{
		Type:           cloudformation.String("application"),
		Scheme:         cloudformation.String(a.Scheme),
		IpAddressType:  cloudformation.String(addressType),
		Subnets:        subnets,
		SecurityGroups: []string{cloudformation.Ref("AlbSecurityGroup")},
		LoadBalancerAttributes: []elbv2.LoadBalancer_LoadBalancerAttribute{
			// Requests with header names that are not valid HTTP are dropped
			// instead of passed on (request smuggling defence).
			{Key: cloudformation.String("routing.http.drop_invalid_header_fields.enabled"), Value: cloudformation.String("true")},
			{Key: cloudformation.String("idle_timeout.timeout_seconds"), Value: cloudformation.String(strconv.Itoa(a.IdleTimeout))},
		},
	}
	if a.Name != "" {
		lb.Name = cloudformation.String(a.Name)
	}
	r.add("Alb", lb)
	if r.behindAPI() {
		r.add("AlbOriginSecret", &secretsmanager.Secret{
			Description: cloudformation.SubPtr("${AWS::StackName}: header value API Gateway sends to the ALB"),
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
	r.albSecurityGroup(a)
	r.albListeners(a)
	for _, s := range r.attachedToALB() {
		r.inService(s, func() { r.albTarget(a, s) })
	}
	r.output("AlbDnsName", "DNS name of the Application Load Balancer.", cloudformation.GetAtt("Alb", "DNSName"))
	r.output("AlbArn", "ARN of the Application Load Balancer.", cloudformation.Ref("Alb"))
}

// behindAPI reports whether the ALB is reached through API Gateway only.
func (r *builder) behindAPI() bool {
	return r.bp.API != nil && r.bp.API.Backend == blueprint.BackendALB
}

// originSecretValue resolves the generated header value at deploy time: a
// dynamic reference, so the value is written into no template or document.
func originSecretValue() string {
	return cloudformation.Sub("{{resolve:secretsmanager:${AlbOriginSecret}:SecretString}}")
}

// attachedToALB lists the services behind the ALB.
func (r *builder) attachedToALB() []*blueprint.Service {
	return r.servicesWhere(func(s *blueprint.Service) bool { return s.ALB != nil })
}

// albSecurityGroup lets clients reach ports 80 and 443 and lets the ALB reach
// only the tasks' traffic ports, plus HTTPS anywhere when it must call Cognito
// for logins: Cognito publishes no prefix list to narrow that to.
func (r *builder) albSecurityGroup(a *blueprint.ALB) {
	ports := []int{80}
	if a.Certificate != nil {
		ports = append(ports, 443)
	}
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
	var egress []ec2.SecurityGroup_Egress
	for _, s := range r.attachedToALB() {
		egress = r.egressToTasks(egress, "AlbSecurityGroup", "Alb", s)
	}
	if r.albLoginUsed() {
		egress = append(egress, ec2.SecurityGroup_Egress{
			IpProtocol: "tcp", CidrIp: cloudformation.String(blueprint.AnywhereIPv4),
			FromPort: cloudformation.Int(443), ToPort: cloudformation.Int(443),
			Description: cloudformation.String("Cognito token and user info endpoints (no prefix list exists)"),
		})
	}
	r.add("AlbSecurityGroup", &ec2.SecurityGroup{
		GroupDescription:     "Application Load Balancer",
		VpcId:                cloudformation.String(r.net.vpcID),
		SecurityGroupIngress: ingress,
		SecurityGroupEgress:  denyAllIfEmpty(egress),
		Tags:                 nameTag("alb"),
	})
}

// albLoginUsed reports whether any rule authenticates with Cognito.
func (r *builder) albLoginUsed() bool {
	for _, s := range r.attachedToALB() {
		if s.ALB.Login {
			return true
		}
	}
	return false
}

// albListener is the listener that carries the rules: HTTPS when there is a
// certificate, else HTTP.
func (r *builder) albListener() string {
	if r.bp.Ingress.ALB.Certificate != nil {
		return "AlbHttpsListener"
	}
	return "AlbHttpListener"
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
		return elbv2.Listener_Action{Type: "forward", TargetGroupArn: cloudformation.RefPtr(id(a.Default, "AlbTargetGroup"))}
	case r.behindAPI():
		return fixed("403", "Forbidden")
	}
	return fixed("404", "Not Found")
}

func (r *builder) albListeners(a *blueprint.ALB) {
	defaultAction := r.albDefaultAction(a)
	if a.Certificate == nil {
		r.add("AlbHttpListener", &elbv2.Listener{
			LoadBalancerArn: cloudformation.Ref("Alb"),
			Port:            cloudformation.Int(80),
			Protocol:        cloudformation.String("HTTP"),
			DefaultActions:  []elbv2.Listener_Action{defaultAction},
		})
		return
	}
	r.add("AlbHttpListener", &elbv2.Listener{
		LoadBalancerArn: cloudformation.Ref("Alb"),
		Port:            cloudformation.Int(80),
		Protocol:        cloudformation.String("HTTP"),
		DefaultActions: []elbv2.Listener_Action{{
			Type: "redirect",
			RedirectConfig: &elbv2.Listener_RedirectConfig{
				Protocol: cloudformation.String("HTTPS"), Port: cloudformation.String("443"), StatusCode: "HTTP_301",
			},
		}},
	})
	r.add("AlbHttpsListener", &elbv2.Listener{
		LoadBalancerArn: cloudformation.Ref("Alb"),
		Port:            cloudformation.Int(443),
		Protocol:        cloudformation.String("HTTPS"),
		Certificates:    []elbv2.Listener_Certificate{{CertificateArn: cloudformation.String(r.albCertificate)}},
		SslPolicy:       cloudformation.String(a.SSLPolicy),
		DefaultActions:  []elbv2.Listener_Action{defaultAction},
	})
}

// albTarget creates a service's target group, its listener rule (login first
// when asked, then forward) and the tasks' ingress rule from the ALB.
func (r *builder) albTarget(a *blueprint.ALB, s *blueprint.Service) {
	p := id(s.Name)
	h := s.ALB.HealthCheck
	addTargetGroup := r.add
	if a.Default == s.Name {
		// The listeners' default action forwards to this group: with nested
		// stacks it lives in the root, beside the listeners that name it.
		addTargetGroup = func(id string, res cloudformation.Resource) { r.atRoot(func() { r.add(id, res) }) }
	}
	addTargetGroup(p+"AlbTargetGroup", &elbv2.TargetGroup{
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
		TargetGroupAttributes: []elbv2.TargetGroup_TargetGroupAttribute{{
			Key:   cloudformation.String("deregistration_delay.timeout_seconds"),
			Value: cloudformation.String(strconv.Itoa(*s.ALB.DeregistrationDelay)),
		}},
	})
	if len(s.ALB.Paths)+len(s.ALB.Hosts) > 0 {
		var conditions []elbv2.ListenerRule_RuleCondition
		if len(s.ALB.Hosts) > 0 {
			conditions = append(conditions, elbv2.ListenerRule_RuleCondition{
				Field: cloudformation.String("host-header"), HostHeaderConfig: &elbv2.ListenerRule_HostHeaderConfig{Values: s.ALB.Hosts},
			})
		}
		if len(s.ALB.Paths) > 0 {
			conditions = append(conditions, elbv2.ListenerRule_RuleCondition{
				Field: cloudformation.String("path-pattern"), PathPatternConfig: &elbv2.ListenerRule_PathPatternConfig{Values: s.ALB.Paths},
			})
		}
		if r.behindAPI() {
			conditions = append(conditions, elbv2.ListenerRule_RuleCondition{
				Field: cloudformation.String("http-header"),
				HttpHeaderConfig: &elbv2.ListenerRule_HttpHeaderConfig{
					HttpHeaderName: cloudformation.String(blueprint.OriginHeader),
					Values:         []string{originSecretValue()},
				},
			})
		}
		var actions []elbv2.ListenerRule_Action
		if s.ALB.Login {
			actions = append(actions, elbv2.ListenerRule_Action{
				Type:                      "authenticate-cognito",
				Order:                     cloudformation.Int(1),
				AuthenticateCognitoConfig: r.albCognitoConfig(a.Login),
			})
		}
		actions = append(actions, elbv2.ListenerRule_Action{
			Type:           "forward",
			Order:          cloudformation.Int(len(actions) + 1),
			TargetGroupArn: cloudformation.RefPtr(p + "AlbTargetGroup"),
		})
		r.add(p+"AlbListenerRule", &elbv2.ListenerRule{
			ListenerArn: cloudformation.RefPtr(r.albListener()),
			Priority:    s.ALB.Priority,
			Conditions:  conditions,
			Actions:     actions,
		})
	}
	r.add(p+"IngressFromAlb", &ec2.SecurityGroupIngress{
		GroupId:               cloudformation.RefPtr(p + "TaskSecurityGroup"),
		SourceSecurityGroupId: cloudformation.RefPtr("AlbSecurityGroup"),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(s.Traffic.Port),
		ToPort:                cloudformation.Int(s.Traffic.Port),
		Description:           cloudformation.String("From the ALB"),
	})
}

// albAttachment is the target group a service's tasks join on the ALB, and
// what must exist before ECS accepts it: the listener and the service's rule.
func (r *builder) albAttachment(s *blueprint.Service, p string) (ecs.Service_LoadBalancer, []string) {
	wait := []string{r.albListener()}
	if len(s.ALB.Paths)+len(s.ALB.Hosts) > 0 {
		wait = append(wait, p+"AlbListenerRule")
	}
	return ecs.Service_LoadBalancer{
		ContainerName:  cloudformation.String(s.Traffic.Container),
		ContainerPort:  cloudformation.Int(s.Traffic.Port),
		TargetGroupArn: cloudformation.RefPtr(p + "AlbTargetGroup"),
	}, wait
}
