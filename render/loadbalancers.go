package render

import (
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
	"github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"

	"github.com/ecsgate/ecsgate/blueprint"
)

// lbAttachment is one load balancer a service's tasks register with.
type lbAttachment struct {
	attachment ecs.Service_LoadBalancer
	wait       []string // logical IDs the ECS service must wait for
}

// loadBalancers creates the shared load balancers and, for each attached
// service, its listener, target group and security group rules.
func (r *builder) loadBalancers() {
	if r.bp.Ingress.NLB != nil {
		r.networkLoadBalancer(r.bp.Ingress.NLB)
	}
	if r.bp.Ingress.ALB != nil {
		r.applicationLoadBalancer(r.bp.Ingress.ALB)
	}
}

// servicesWhere lists the services for which keep is true, in Blueprint order.
func (r *builder) servicesWhere(keep func(*blueprint.Service) bool) []*blueprint.Service {
	var list []*blueprint.Service
	for i := range r.bp.Services {
		if keep(&r.bp.Services[i]) {
			list = append(list, &r.bp.Services[i])
		}
	}
	return list
}

// attachedToNLB lists the services behind the NLB.
func (r *builder) attachedToNLB() []*blueprint.Service {
	return r.servicesWhere(func(s *blueprint.Service) bool { return s.NLB != nil })
}

// networkLoadBalancer creates an internal NLB in the private subnets with its
// own security group (supported since 2023): the tasks then accept traffic from
// that group only, instead of from whole subnet ranges.
func (r *builder) networkLoadBalancer(n *blueprint.NLB) {
	lb := &elasticloadbalancingv2.LoadBalancer{
		Type:           cloudformation.String("network"),
		Scheme:         cloudformation.String("internal"),
		IpAddressType:  cloudformation.String("ipv4"),
		Subnets:        r.net.private,
		SecurityGroups: []string{cloudformation.Ref("NlbSecurityGroup")},
		LoadBalancerAttributes: []elasticloadbalancingv2.LoadBalancer_LoadBalancerAttribute{{
			// NLB nodes only reach targets in their own AZ unless cross-zone is
			// on; with one task, the other AZ's node would have nothing to send to.
			Key:   cloudformation.String("load_balancing.cross_zone.enabled"),
			Value: cloudformation.String(strconv.FormatBool(*n.CrossZone)),
		}},
	}
	if n.Name != "" {
		lb.Name = cloudformation.String(n.Name)
	}
	if r.bp.API != nil {
		// API Gateway's VPC link reaches the NLB through PrivateLink, from
		// addresses no rule of this VPC can name; with enforcement on (AWS's
		// default) the security group would drop that traffic.
		lb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = cloudformation.String("off")
	}
	r.add("Nlb", lb)

	var ingress []ec2.SecurityGroup_Ingress
	var egress []ec2.SecurityGroup_Egress
	for _, s := range r.attachedToNLB() {
		for _, cidr := range n.Allow {
			ingress = append(ingress, ec2.SecurityGroup_Ingress{
				IpProtocol:  "tcp",
				CidrIp:      cloudformation.String(cidr),
				FromPort:    cloudformation.Int(s.NLB.Port),
				ToPort:      cloudformation.Int(s.NLB.Port),
				Description: cloudformation.String("Clients of service " + s.Name),
			})
		}
		egress = append(egress, egressToTasks(s))
		r.nlbTarget(n, s)
	}
	r.add("NlbSecurityGroup", &ec2.SecurityGroup{
		GroupDescription:     "Internal Network Load Balancer",
		VpcId:                cloudformation.String(r.net.vpcID),
		SecurityGroupIngress: ingress,
		SecurityGroupEgress:  egress,
		Tags:                 nameTag("nlb"),
	})
	r.output("NlbDnsName", "DNS name of the internal Network Load Balancer.", cloudformation.GetAtt("Nlb", "DNSName"))
	r.output("NlbArn", "ARN of the internal Network Load Balancer.", cloudformation.Ref("Nlb"))
}

// egressToTasks lets a load balancer reach a service's tasks on the traffic
// port (traffic and health checks). Inline in the load balancer's group: no
// cycle, because the task group itself does not refer back to it.
func egressToTasks(s *blueprint.Service) ec2.SecurityGroup_Egress {
	return ec2.SecurityGroup_Egress{
		IpProtocol:                 "tcp",
		DestinationSecurityGroupId: cloudformation.RefPtr(id(s.Name, "TaskSecurityGroup")),
		FromPort:                   cloudformation.Int(s.Traffic.Port),
		ToPort:                     cloudformation.Int(s.Traffic.Port),
		Description:                cloudformation.String("Traffic and health checks to service " + s.Name),
	}
}

// nlbTarget creates a service's target group, listener and the ingress rule
// that lets the NLB reach its tasks.
func (r *builder) nlbTarget(n *blueprint.NLB, s *blueprint.Service) {
	p := id(s.Name)
	h := s.NLB.HealthCheck
	tg := &elasticloadbalancingv2.TargetGroup{
		// ECS registers each task's IP; nothing is registered by hand.
		TargetType:                 cloudformation.String("ip"),
		Protocol:                   cloudformation.String("TCP"),
		Port:                       cloudformation.Int(s.Traffic.Port),
		VpcId:                      cloudformation.String(r.net.vpcID),
		HealthCheckProtocol:        cloudformation.String(h.Protocol),
		HealthCheckIntervalSeconds: cloudformation.Int(h.Interval),
		HealthCheckTimeoutSeconds:  cloudformation.Int(h.Timeout),
		HealthyThresholdCount:      cloudformation.Int(h.Healthy),
		UnhealthyThresholdCount:    cloudformation.Int(h.Unhealthy),
		TargetGroupAttributes: []elasticloadbalancingv2.TargetGroup_TargetGroupAttribute{{
			Key:   cloudformation.String("deregistration_delay.timeout_seconds"),
			Value: cloudformation.String(strconv.Itoa(*s.NLB.DeregistrationDelay)),
		}},
	}
	if h.Protocol != "TCP" {
		tg.HealthCheckPath = cloudformation.String(h.Path)
		tg.Matcher = &elasticloadbalancingv2.TargetGroup_Matcher{HttpCode: cloudformation.String(h.Codes)}
	}
	r.add(p+"NlbTargetGroup", tg)

	listener := &elasticloadbalancingv2.Listener{
		LoadBalancerArn: cloudformation.Ref("Nlb"),
		Port:            cloudformation.Int(s.NLB.Port),
		Protocol:        cloudformation.String(n.Protocol),
		DefaultActions: []elasticloadbalancingv2.Listener_Action{{
			Type:           "forward",
			TargetGroupArn: cloudformation.RefPtr(p + "NlbTargetGroup"),
		}},
	}
	if n.Protocol == blueprint.ProtocolTLS {
		listener.Certificates = []elasticloadbalancingv2.Listener_Certificate{{CertificateArn: cloudformation.String(r.nlbCertificate)}}
		listener.SslPolicy = cloudformation.String(n.SSLPolicy)
	}
	r.add(p+"NlbListener", listener)

	r.add(p+"IngressFromNlb", &ec2.SecurityGroupIngress{
		GroupId:               cloudformation.RefPtr(p + "TaskSecurityGroup"),
		SourceSecurityGroupId: cloudformation.RefPtr("NlbSecurityGroup"),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(s.Traffic.Port),
		ToPort:                cloudformation.Int(s.Traffic.Port),
		Description:           cloudformation.String("From the internal NLB"),
	})
}

// serviceLoadBalancers lists the target groups a service's tasks join.
func (r *builder) serviceLoadBalancers(s *blueprint.Service, p string) []lbAttachment {
	var list []lbAttachment
	if s.NLB != nil {
		list = append(list, lbAttachment{
			attachment: ecs.Service_LoadBalancer{
				ContainerName:  cloudformation.String(s.Traffic.Container),
				ContainerPort:  cloudformation.Int(s.Traffic.Port),
				TargetGroupArn: cloudformation.RefPtr(p + "NlbTargetGroup"),
			},
			wait: []string{p + "NlbListener"},
		})
	}
	if s.ALB != nil {
		attachment, wait := r.albAttachment(s, p)
		list = append(list, lbAttachment{attachment: attachment, wait: wait})
	}
	return list
}
