package render

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// networkRefs is how other concerns refer to the network, whether the template
// creates it or receives it as Parameters.
type networkRefs struct {
	vpcID   string   // intrinsic for the VPC ID
	cidr    string   // the VPC's CIDR block, literal
	private []string // intrinsics for the private subnet IDs, one per AZ
	public  []string // intrinsics for the public subnet IDs, one per AZ
	// privateRouteTables are intrinsics for the private route tables (a new
	// VPC's, or an existing VPC's with egress endpoints).
	privateRouteTables []string
	// endpointSubnets are intrinsics for the subnets of the interface
	// endpoints: the private subnets, or an existing VPC's endpointSubnets.
	endpointSubnets []string
	// egressReady lists the resources that must exist before tasks in the
	// private subnets can reach ECR: without them the first deployment cannot
	// pull images and is rolled back.
	egressReady []string
}

func (r *builder) network() {
	if e := r.bp.Network.Existing; e != nil {
		r.existingNetwork(e)
	} else {
		r.newNetwork(r.bp.Network.VPC)
	}
	r.output("VpcId", "ID of the VPC the services run in.", r.net.vpcID)
	r.output("PrivateSubnetIds", "Comma-separated IDs of the private subnets that hold the tasks.", intrinsic.Join(",", r.net.private))
	if len(r.net.public) > 0 {
		r.output("PublicSubnetIds", "Comma-separated IDs of the public subnets.", intrinsic.Join(",", r.net.public))
	}
}

// existingNetwork turns an existing VPC into typed Parameters, one per subnet, so
// CloudFormation checks the IDs exist before it creates anything.
func (r *builder) existingNetwork(e *blueprint.ExistingVPC) {
	r.param("VpcId", "ID of the existing VPC.", cloudformation.Parameter{Type: "AWS::EC2::VPC::Id", Default: e.ID})
	r.net = networkRefs{vpcID: intrinsic.Ref("VpcId"), cidr: e.CIDR}
	for i, s := range e.PrivateSubnets {
		pid := fmt.Sprintf("PrivateSubnet%dId", i+1)
		r.param(pid, fmt.Sprintf("ID of existing private subnet %d (tasks and internal load balancers).", i+1), cloudformation.Parameter{Type: "AWS::EC2::Subnet::Id", Default: s})
		r.net.private = append(r.net.private, intrinsic.Ref(pid))
	}
	for i, s := range e.PublicSubnets {
		pid := fmt.Sprintf("PublicSubnet%dId", i+1)
		r.param(pid, fmt.Sprintf("ID of existing public subnet %d (internet-facing load balancers).", i+1), cloudformation.Parameter{Type: "AWS::EC2::Subnet::Id", Default: s})
		r.net.public = append(r.net.public, intrinsic.Ref(pid))
	}
	r.net.endpointSubnets = r.net.private
	if len(r.bp.Endpoints()) == 0 {
		return
	}
	for i, t := range e.RouteTables {
		// CloudFormation has no parameter type for route tables: the
		// pattern catches a mistyped ID before anything is created.
		pid := fmt.Sprintf("PrivateRouteTable%dId", i+1)
		r.param(pid, fmt.Sprintf("ID of existing route table %d of the private subnets (the S3 gateway endpoint is added to it).", i+1),
			cloudformation.Parameter{Type: "String", Default: t, AllowedPattern: cloudformation.String(`^rtb-[0-9a-f]{8}([0-9a-f]{9})?$`)})
		r.net.privateRouteTables = append(r.net.privateRouteTables, intrinsic.Ref(pid))
	}
	if !slices.Equal(e.EndpointSubnets, e.PrivateSubnets) {
		r.net.endpointSubnets = nil
		for i, s := range e.EndpointSubnets {
			pid := fmt.Sprintf("EndpointSubnet%dId", i+1)
			r.param(pid, fmt.Sprintf("ID of existing subnet %d for the interface endpoints (one per Availability Zone).", i+1), cloudformation.Parameter{Type: "AWS::EC2::Subnet::Id", Default: s})
			r.net.endpointSubnets = append(r.net.endpointSubnets, intrinsic.Ref(pid))
		}
	}
	// Interface endpoints answer under the services' own names only where
	// the VPC has DNS support and DNS host names on, which a VPC made by
	// hand may not: the VPC's settings are the operator's (see the docs).
	r.vpcEndpoints()
}

// newNetwork creates a VPC with a public and a private subnet per AZ. Public
// subnets route to an internet gateway and hold the NAT gateway(s); private
// subnets route 0.0.0.0/0 to a NAT gateway and hold the tasks.
func (r *builder) newNetwork(v *blueprint.VPC) {
	r.add(blueprint.VPCID, &ec2.VPC{
		CidrBlock: cloudformation.String(v.CIDR),
		// DNS support and host names are needed for VPC endpoints' private DNS
		// and for ECS service discovery.
		EnableDnsHostnames: cloudformation.Bool(true),
		EnableDnsSupport:   cloudformation.Bool(true),
		Tags:               nameTag("vpc"),
	})
	r.net = networkRefs{vpcID: intrinsic.Ref(blueprint.VPCID), cidr: v.CIDR}
	r.add("InternetGateway", &ec2.InternetGateway{Tags: nameTag("igw")})
	r.add("InternetGatewayAttachment", &ec2.VPCGatewayAttachment{
		VpcId:             intrinsic.Ref(blueprint.VPCID),
		InternetGatewayId: intrinsic.RefPtr("InternetGateway"),
	})
	r.add("PublicRouteTable", &ec2.RouteTable{VpcId: intrinsic.Ref(blueprint.VPCID), Tags: nameTag("public")})
	r.add("PublicDefaultRoute", &ec2.Route{
		RouteTableId:         intrinsic.Ref("PublicRouteTable"),
		DestinationCidrBlock: cloudformation.String("0.0.0.0/0"),
		GatewayId:            intrinsic.RefPtr("InternetGateway"),
		// A route to an internet gateway fails until the gateway is attached.
		AWSCloudFormationDependsOn: []string{"InternetGatewayAttachment"},
	})
	nat := r.bp.Network.Egress == blueprint.EgressNAT || r.bp.Network.Egress == blueprint.EgressNATPerAZ
	for i := 0; i < v.AZs; i++ {
		n := strconv.Itoa(i + 1)
		az := r.availabilityZone(v, i)
		r.subnet("Public", n, v.PublicSubnets[i], az, "PublicRouteTable")
		table := "PrivateRouteTable" + n
		r.add(table, &ec2.RouteTable{VpcId: intrinsic.Ref(blueprint.VPCID), Tags: nameTag("private-" + n)})
		r.net.privateRouteTables = append(r.net.privateRouteTables, intrinsic.Ref(table))
		r.subnet("Private", n, v.PrivateSubnets[i], az, table)
		r.net.egressReady = append(r.net.egressReady, "PrivateSubnet"+n+"RouteTableAssociation")
		if !nat {
			continue
		}
		if i == 0 || r.bp.Network.Egress == blueprint.EgressNATPerAZ {
			r.natGateway(n)
		}
		gateway := "NatGateway1"
		if r.bp.Network.Egress == blueprint.EgressNATPerAZ {
			gateway = "NatGateway" + n
		}
		r.add("PrivateDefaultRoute"+n, &ec2.Route{
			RouteTableId:         intrinsic.Ref(table),
			DestinationCidrBlock: cloudformation.String("0.0.0.0/0"),
			NatGatewayId:         intrinsic.RefPtr(gateway),
		})
		r.net.egressReady = append(r.net.egressReady, "PrivateDefaultRoute"+n)
	}
	r.net.endpointSubnets = r.net.private
	r.vpcEndpoints()
}

// availabilityZone is the i-th zone. Zones named in the Blueprint become typed
// Parameters (CloudFormation checks they exist in the region, and the template
// stays deployable elsewhere with an override); otherwise the region's i-th
// zone from Fn::GetAZs.
func (r *builder) availabilityZone(v *blueprint.VPC, i int) string {
	if len(v.Zones) <= i {
		return intrinsic.Select(i, intrinsic.GetAZs(""))
	}
	pid := fmt.Sprintf("AvailabilityZone%d", i+1)
	r.param(pid, fmt.Sprintf("Availability Zone of public and private subnet %d.", i+1),
		cloudformation.Parameter{Type: "AWS::EC2::AvailabilityZone::Name", Default: v.Zones[i]})
	return intrinsic.Ref(pid)
}

func (r *builder) subnet(kind, n, cidr, az, table string) {
	sid := kind + "Subnet" + n
	r.add(sid, &ec2.Subnet{
		VpcId:            intrinsic.Ref(blueprint.VPCID),
		CidrBlock:        cloudformation.String(cidr),
		AvailabilityZone: cloudformation.String(az),
		// Nothing in a public subnet needs an automatic public IP: load
		// balancers and NAT gateways get their own addresses.
		MapPublicIpOnLaunch: cloudformation.Bool(false),
		Tags:                nameTag(strings.ToLower(kind) + "-" + n),
	})
	r.add(sid+"RouteTableAssociation", &ec2.SubnetRouteTableAssociation{
		SubnetId:     intrinsic.Ref(sid),
		RouteTableId: intrinsic.Ref(table),
	})
	ref := intrinsic.Ref(sid)
	if kind == "Public" {
		r.net.public = append(r.net.public, ref)
	} else {
		r.net.private = append(r.net.private, ref)
	}
}

func (r *builder) natGateway(n string) {
	r.add("NatEip"+n, &ec2.EIP{
		Domain: cloudformation.String("vpc"),
		Tags:   nameTag("nat-" + n),
		// An EIP for a VPC needs the internet gateway attached first.
		AWSCloudFormationDependsOn: []string{"InternetGatewayAttachment"},
	})
	r.add("NatGateway"+n, &ec2.NatGateway{
		AllocationId: intrinsic.GetAttPtr("NatEip"+n, "AllocationId"),
		SubnetId:     intrinsic.Ref("PublicSubnet" + n),
		Tags:         nameTag("nat-" + n),
	})
}

// vpcEndpoints creates the endpoints the features need when the private
// subnets have no NAT: the S3 gateway endpoint on the private route tables and
// interface endpoints with private DNS, so the AWS SDKs and the ECS agent reach
// them under the services' usual names. Each carries its reason as Metadata.
func (r *builder) vpcEndpoints() {
	endpoints := r.bp.Endpoints()
	if len(endpoints) == 0 {
		return
	}
	r.at("network.endpoints", func() { r.endpoints(endpoints) })
}

// endpoints creates the endpoints and their security group.
func (r *builder) endpoints(endpoints []blueprint.Endpoint) {
	// One rule for every task: the tasks' shared group (see tasksGroup).
	ingress := []ec2.SecurityGroup_Ingress{{
		IpProtocol:            "tcp",
		SourceSecurityGroupId: intrinsic.RefPtr(blueprint.TasksSecurityGroupID),
		FromPort:              cloudformation.Int(443),
		ToPort:                cloudformation.Int(443),
		Description:           cloudformation.String("HTTPS from the tasks of every service"),
	}}
	r.add(blueprint.EndpointsSecurityGroupID, &ec2.SecurityGroup{
		GroupDescription:     "Interface VPC endpoints",
		VpcId:                cloudformation.String(r.net.vpcID),
		SecurityGroupIngress: ingress,
		// Endpoints answer; they start no connections.
		SecurityGroupEgress: denyAllIfEmpty(nil),
		Tags:                nameTag("endpoints"),
	})
	for _, e := range endpoints {
		eid := "VpcEndpoint" + blueprint.LogicalName(e.Service)
		ep := &ec2.VPCEndpoint{
			ServiceName:               intrinsic.Sub("com.amazonaws.${AWS::Region}." + e.Service),
			VpcId:                     r.net.vpcID,
			AWSCloudFormationMetadata: map[string]interface{}{"Purpose": e.Reason},
		}
		if e.Gateway {
			ep.VpcEndpointType = cloudformation.String("Gateway")
			ep.RouteTableIds = r.net.privateRouteTables
		} else {
			ep.VpcEndpointType = cloudformation.String("Interface")
			ep.PrivateDnsEnabled = cloudformation.Bool(true)
			ep.SubnetIds = r.net.endpointSubnets
			ep.SecurityGroupIds = []string{intrinsic.Ref(blueprint.EndpointsSecurityGroupID)}
		}
		r.add(eid, ep)
		r.net.egressReady = append(r.net.egressReady, eid)
	}
}
