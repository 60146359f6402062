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
			r.add(s.CallIngressID(c, port), &ec2.SecurityGroupIngress{
				GroupId:               intrinsic.RefPtr(c.SecurityGroupID),
				SourceSecurityGroupId: intrinsic.RefPtr(s.TaskSecurityGroupID()),
				IpProtocol:            "tcp",
				FromPort:              cloudformation.Int(port),
				ToPort:                cloudformation.Int(port),
				Description:           cloudformation.String("Calls from service " + s.Name),
			})
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
			egress = append(egress, ec2.SecurityGroup_Egress{
				IpProtocol:                 "tcp",
				DestinationSecurityGroupId: intrinsic.RefPtr(c.SecurityGroupID),
				FromPort:                   cloudformation.Int(port),
				ToPort:                     cloudformation.Int(port),
				Description:                cloudformation.String("Calls to " + c.Title + " on port " + strconv.Itoa(port)),
			})
		}
	}
	return egress
}
