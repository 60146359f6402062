package render

import (
	"slices"
	"strconv"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/apigatewayv2"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// vpcLinkID is the logical ID of the API's VPC link. The two generations are
// different resource types, and CloudFormation cannot change a resource's
// type in place: moving from V1 to V2 creates the new link beside the old one.
func (r *builder) vpcLinkID() string {
	if r.bp.API.VpcLink == blueprint.VpcLinkV1 {
		return blueprint.VpcLinkV1ID
	}
	return blueprint.VpcLinkV2ID
}

// linkTarget is a load balancer behind the VPC link V2: its security group and
// the listener ports the API's requests arrive on.
type linkTarget struct {
	group, name string
	ports       []int
}

// vpcLinkV2 creates a VPC link V2 in the private subnets with its own
// security group. The group may only open connections to the load balancers'
// groups on their listener ports, and each load balancer's group admits it
// (see linkIngress): security group to security group, with no PrivateLink
// exception on the NLB and no CIDR that trusts the whole VPC.
func (r *builder) vpcLinkV2() {
	var egress []ec2.SecurityGroup_Egress
	for _, t := range r.linkTargets() {
		for _, port := range t.ports {
			egress = append(egress, ec2.SecurityGroup_Egress{
				IpProtocol: "tcp", DestinationSecurityGroupId: intrinsic.RefPtr(t.group),
				FromPort: cloudformation.Int(port), ToPort: cloudformation.Int(port),
				Description: cloudformation.String("API requests to " + t.name + " on port " + strconv.Itoa(port)),
			})
		}
	}
	r.add(blueprint.VpcLinkSecurityGroupID, &ec2.SecurityGroup{
		GroupDescription:    "VPC link V2 of the REST API",
		VpcId:               cloudformation.String(r.net.vpcID),
		SecurityGroupEgress: denyAllIfEmpty(egress),
		Tags:                nameTag("api-vpc-link"),
	})
	r.add(blueprint.VpcLinkV2ID, &apigatewayv2.VpcLink{
		Name:             intrinsic.Sub("${AWS::StackName}-api"),
		SubnetIds:        r.net.private,
		SecurityGroupIds: []string{intrinsic.Ref(blueprint.VpcLinkSecurityGroupID)},
	})
	r.output(blueprint.VpcLinkIDOutput, "ID of the VPC link V2 of the REST API.", intrinsic.Ref(blueprint.VpcLinkV2ID))
}

// linkTargets lists the load balancers the API's routes reach through the
// VPC link V2, with the ports of their listeners that the routes use.
func (r *builder) linkTargets() []linkTarget {
	if r.bp.API.Backend == blueprint.BackendNLB {
		var ports []int
		for _, route := range r.bp.API.Routes {
			ports = append(ports, r.bp.Service(route.Service).NLB.Port)
		}
		slices.Sort(ports)
		return []linkTarget{{group: blueprint.NLBSecurityGroupID, name: "the NLB", ports: slices.Compact(ports)}}
	}
	var list []linkTarget
	for _, lb := range r.bp.APIALBs() {
		list = append(list, linkTarget{group: lb.SecurityGroupID(), name: lb.Title(), ports: []int{lb.ServingPort()}})
	}
	return list
}

// linkIngress lets the VPC link's group reach a load balancer's group (logical
// ID group) on port. It is a resource of its own: inline in either group, the
// two groups would refer to each other.
func (r *builder) linkIngress(logicalID, group string, port int, description string) {
	r.add(logicalID, &ec2.SecurityGroupIngress{
		GroupId:               intrinsic.RefPtr(group),
		SourceSecurityGroupId: intrinsic.RefPtr(blueprint.VpcLinkSecurityGroupID),
		IpProtocol:            "tcp",
		FromPort:              cloudformation.Int(port),
		ToPort:                cloudformation.Int(port),
		Description:           cloudformation.String(description),
	})
}
