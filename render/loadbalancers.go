package render

import (
	"slices"
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
	"github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// lbAttachment is one load balancer a service's tasks register with.
type lbAttachment struct {
	attachment ecs.Service_LoadBalancer
	wait       []string // logical IDs the ECS service must wait for
}

// loadBalancers creates the shared load balancers with their security groups
// and listeners; each attached service's part is loadBalancerTargets'.
func (r *builder) loadBalancers() {
	if n := r.bp.Ingress.NLB; n != nil {
		r.at("ingress.nlb", func() { r.networkLoadBalancer(n) })
	}
	if r.bp.ALBsOnlyThroughAPI() {
		r.at("api.backend", r.originSecret)
	}
	for _, lb := range r.bp.ApplicationLoadBalancers() {
		r.at(lb.Path, func() { r.applicationLoadBalancer(lb) })
	}
}

// loadBalancerTargets creates what attaches a service to its load balancers:
// target groups, the NLB listener or the ALB listener rule, and the ingress
// rule that lets each load balancer reach the tasks.
func (r *builder) loadBalancerTargets(s *blueprint.Service) {
	if s.NLB != nil {
		r.nlbTarget(r.bp.Ingress.NLB, s)
	}
	if lb, ok := r.bp.ALBOf(s); ok {
		r.albTarget(lb, s)
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
		SecurityGroups: []string{intrinsic.Ref(blueprint.NLBSecurityGroupID)},
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
	if r.bp.API != nil && r.bp.API.VpcLink == blueprint.VpcLinkV1 {
		// API Gateway's VPC link V1 reaches the NLB through PrivateLink, from
		// addresses no rule of this VPC can name; with enforcement on (AWS's
		// default) the security group would drop that traffic. A VPC link V2
		// has network interfaces in the VPC and a group the NLB's admits.
		lb.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic = cloudformation.String("off")
	}
	r.loadBalancerAudit(lb, *n.DeletionProtection)
	r.add(blueprint.NLBID, lb)

	var ingress []ec2.SecurityGroup_Ingress
	egress := tasksEgress(r.attachedToNLB())
	for _, s := range r.attachedToNLB() {
		for _, cidr := range n.Allow {
			ingress = append(ingress, ec2.SecurityGroup_Ingress{
				IpProtocol:  "tcp",
				CidrIp:      cloudformation.String(cidr),
				FromPort:    cloudformation.Int(s.NLB.Port),
				ToPort:      cloudformation.Int(s.NLB.Port),
				Description: cloudformation.String("Clients of service " + s.Name),
			})
			if port := s.Deployment.TestPort; port != 0 {
				ingress = append(ingress, ec2.SecurityGroup_Ingress{
					IpProtocol:  "tcp",
					CidrIp:      cloudformation.String(cidr),
					FromPort:    cloudformation.Int(port),
					ToPort:      cloudformation.Int(port),
					Description: cloudformation.String("Test traffic of service " + s.Name + "'s blue/green deployments"),
				})
			}
		}
	}
	r.add(blueprint.NLBSecurityGroupID, &ec2.SecurityGroup{
		GroupDescription:     "Internal Network Load Balancer",
		VpcId:                cloudformation.String(r.net.vpcID),
		SecurityGroupIngress: ingress,
		SecurityGroupEgress:  denyAllIfEmpty(egress),
		Tags:                 nameTag("nlb"),
	})
	r.output(blueprint.NLBDNSNameOutput, "DNS name of the internal Network Load Balancer.", intrinsic.GetAtt(blueprint.NLBID, "DNSName"))
	r.output(blueprint.NLBARNOutput, "ARN of the internal Network Load Balancer.", intrinsic.Ref(blueprint.NLBID))
}

// tasksEgress lets a load balancer reach the tasks of the services attached
// to it, for traffic and health checks: one rule per traffic port, to the
// group every task joins (see tasksGroup), however many services share the
// port. Each service's own group still admits the load balancer's group only
// on its own port, so the load balancer reaches no task it does not serve.
func tasksEgress(services []*blueprint.Service) []ec2.SecurityGroup_Egress {
	var egress []ec2.SecurityGroup_Egress
	for _, port := range trafficPorts(services) {
		egress = append(egress, ec2.SecurityGroup_Egress{
			IpProtocol: "tcp", DestinationSecurityGroupId: intrinsic.RefPtr(blueprint.TasksSecurityGroupID),
			FromPort: cloudformation.Int(port), ToPort: cloudformation.Int(port),
			Description: cloudformation.String("Traffic and health checks to the tasks of the services on port " + strconv.Itoa(port)),
		})
	}
	return egress
}

// trafficPorts lists the services' traffic ports, sorted, each once.
func trafficPorts(services []*blueprint.Service) []int {
	var ports []int
	for _, s := range services {
		ports = append(ports, s.Traffic.Port)
	}
	slices.Sort(ports)
	return slices.Compact(ports)
}

// tasksGroup creates the security group every task of the application joins
// beside its service's own. It admits nothing and lets nothing out (its
// egress is the placeholder that matches no traffic): joining it changes no
// task's reachability. The shared groups' rules name it instead of each
// service's group, so that their rule count follows the ports, not the
// services: 200 services stay within AWS's default of 60 rules per group.
func (r *builder) tasksGroup() {
	if !r.tasksGroupUsed() {
		return
	}
	r.add(blueprint.TasksSecurityGroupID, &ec2.SecurityGroup{
		GroupDescription:    "Every task of the application: the rules of the load balancers and endpoints name this group",
		VpcId:               cloudformation.String(r.net.vpcID),
		SecurityGroupEgress: denyAllIfEmpty(nil),
		Tags:                nameTag("tasks"),
	})
}

// tasksGroupUsed reports whether a shared group names the tasks' group: the
// load balancers', or the interface endpoints'.
func (r *builder) tasksGroupUsed() bool {
	return r.bp.Ingress.NLB != nil || len(r.bp.ApplicationLoadBalancers()) > 0 || len(r.bp.Endpoints()) > 0
}

// denyAllIfEmpty keeps a security group from getting EC2's default
// allow-all egress rule: EC2 adds it to a group created without inline egress
// rules, and standalone egress resources do not remove it. The placeholder
// matches no traffic (ICMP type 252, code 86, to a broadcast address), the
// form AWS CDK uses.
func denyAllIfEmpty(egress []ec2.SecurityGroup_Egress) []ec2.SecurityGroup_Egress {
	if len(egress) > 0 {
		return egress
	}
	return []ec2.SecurityGroup_Egress{{
		IpProtocol: "icmp", CidrIp: cloudformation.String("255.255.255.255/32"),
		FromPort: cloudformation.Int(252), ToPort: cloudformation.Int(86),
		Description: cloudformation.String("Disallow all traffic (replaces the default allow-all egress rule)"),
	}}
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
		TargetGroupAttributes:      []elasticloadbalancingv2.TargetGroup_TargetGroupAttribute{drainFor(*s.NLB.DeregistrationDelay)},
	}
	if h.Protocol != "TCP" {
		tg.HealthCheckPath = cloudformation.String(h.Path)
		tg.Matcher = &elasticloadbalancingv2.TargetGroup_Matcher{HttpCode: cloudformation.String(h.Codes)}
	}
	r.add(s.NLBTargetGroupID(), tg)
	r.alternateTargetGroup(s)

	listener := &elasticloadbalancingv2.Listener{
		LoadBalancerArn: intrinsic.Ref(blueprint.NLBID),
		Port:            cloudformation.Int(s.NLB.Port),
		Protocol:        cloudformation.String(n.Protocol),
		DefaultActions:  []elasticloadbalancingv2.Listener_Action{listenerForward(s)},
	}
	if n.Protocol == blueprint.ProtocolTLS {
		listener.Certificates = []elasticloadbalancingv2.Listener_Certificate{{CertificateArn: cloudformation.String(r.nlbCertificate)}}
		listener.SslPolicy = cloudformation.String(n.SSLPolicy)
	}
	r.add(blueprint.NLBListenerID(s.NLB.Port), listener)
	r.nlbTestListener(n, s)
	r.trafficShiftRole(s)

	if r.calledThroughLinkV2(s) {
		r.linkIngress(p+"NlbIngressFromApiVpcLink", blueprint.NLBSecurityGroupID, s.NLB.Port, "API requests to service "+s.Name+" through the VPC link V2")
	}
	r.add(p+"IngressFromNlb", &ec2.SecurityGroupIngress{
		GroupId:               intrinsic.RefPtr(s.TaskSecurityGroupID()),
		SourceSecurityGroupId: intrinsic.RefPtr(blueprint.NLBSecurityGroupID),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(s.Traffic.Port),
		ToPort:                cloudformation.Int(s.Traffic.Port),
		Description:           cloudformation.String("From the internal NLB"),
	})
}

// calledThroughLinkV2 reports whether an API route calls the service on the
// NLB through a VPC link V2.
func (r *builder) calledThroughLinkV2(s *blueprint.Service) bool {
	a := r.bp.API
	if a == nil || a.Backend != blueprint.BackendNLB || a.VpcLink != blueprint.VpcLinkV2 {
		return false
	}
	return slices.ContainsFunc(a.Routes, func(route blueprint.Route) bool { return route.Service == s.Name })
}

// serviceLoadBalancers lists the target groups a service's tasks join.
func (r *builder) serviceLoadBalancers(s *blueprint.Service, p string) []lbAttachment {
	var list []lbAttachment
	if s.NLB != nil {
		list = append(list, lbAttachment{
			attachment: ecs.Service_LoadBalancer{
				ContainerName:  cloudformation.String(s.Traffic.Container),
				ContainerPort:  cloudformation.Int(s.Traffic.Port),
				TargetGroupArn: intrinsic.RefPtr(s.NLBTargetGroupID()),
			},
			wait: []string{blueprint.NLBListenerID(s.NLB.Port)},
		})
	}
	if s.ALB != nil {
		attachment, wait := r.albAttachment(s, p)
		list = append(list, lbAttachment{attachment: attachment, wait: wait})
	}
	return list
}
