package render

import (
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// calls admits a service's tasks to the internal load balancers whose
// addresses its environment names (see [blueprint.Call]): a rule of the
// load balancer's security group for each listener port, from the tasks'
// own group. A load balancer's allow may leave its VPC out (an ALB behind
// the API's VPC link V2 admits no address), and the call is meant all the
// same. The tasks' way out is their group's egress (see callEgress).
func (r *builder) calls(s *blueprint.Service) {
	for _, c := range r.bp.Calls(s) {
		for _, port := range c.Ports {
			r.add(s.CallIngressID(c, port), admitTasks(intrinsic.Ref(c.SecurityGroupID), s, port, "Calls from service "+s.Name))
		}
	}
}

// callEgress are the rules of a service's tasks' group that let them reach
// the load balancers they call, on each listener port, and nowhere else:
// written in the group itself beside the service's egress, which they join.
func (r *builder) callEgress(s *blueprint.Service) []ec2.SecurityGroup_Egress {
	var egress []ec2.SecurityGroup_Egress
	for _, c := range r.bp.Calls(s) {
		for _, port := range c.Ports {
			egress = append(egress, toGroup(intrinsic.Ref(c.SecurityGroupID), port, "Calls to "+c.Title+" on port "+strconv.Itoa(port)))
		}
	}
	return egress
}

// admitTasks is a rule of a security group (a load balancer's, a volume's
// mount targets') that admits a service's tasks, from their own group, on
// one TCP port.
func admitTasks(group string, s *blueprint.Service, port int, description string) *ec2.SecurityGroupIngress {
	return &ec2.SecurityGroupIngress{
		GroupId:               cloudformation.String(group),
		SourceSecurityGroupId: intrinsic.RefPtr(s.TaskSecurityGroupID()),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(port),
		ToPort:                cloudformation.Int(port),
		Description:           cloudformation.String(description),
	}
}

// toGroup is a rule of a service's tasks' group that lets them reach a
// security group on one TCP port.
func toGroup(group string, port int, description string) ec2.SecurityGroup_Egress {
	return ec2.SecurityGroup_Egress{
		IpProtocol:                 "tcp",
		DestinationSecurityGroupId: cloudformation.String(group),
		FromPort:                   cloudformation.Int(port),
		ToPort:                     cloudformation.Int(port),
		Description:                cloudformation.String(description),
	}
}
