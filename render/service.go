package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/applicationautoscaling"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
	"github.com/awslabs/goformation/v7/cloudformation/iam"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// cluster creates the ECS cluster, named after the stack so that several stacks
// from one Blueprint (dev, prod) never collide.
func (r *builder) cluster() {
	cluster := &ecs.Cluster{
		ClusterName:       intrinsic.RefPtr("AWS::StackName"),
		CapacityProviders: clusterCapacityProviders(),
		ClusterSettings: []ecs.Cluster_ClusterSettings{{
			Name:  cloudformation.String("containerInsights"),
			Value: cloudformation.String(r.bp.Cluster.Insights),
		}},
	}
	if r.execUsed() {
		// ECS Exec sessions are logged, so what was run in a container stays
		// on record.
		r.logGroup(blueprint.ExecSessionLogsID, "/ecs/${AWS::StackName}/exec", "/ecs/${AWS::StackName}/exec", r.logRetention())
		cluster.Configuration = &ecs.Cluster_ClusterConfiguration{ExecuteCommandConfiguration: &ecs.Cluster_ExecuteCommandConfiguration{
			Logging:          cloudformation.String("OVERRIDE"),
			LogConfiguration: &ecs.Cluster_ExecuteCommandLogConfiguration{CloudWatchLogGroupName: intrinsic.RefPtr(blueprint.ExecSessionLogsID)},
		}}
	}
	r.add(blueprint.ClusterID, cluster)
	r.output("ClusterName", "Name of the ECS cluster.", intrinsic.Ref(blueprint.ClusterID))
	r.output("ClusterArn", "ARN of the ECS cluster.", intrinsic.GetAtt(blueprint.ClusterID, "Arn"))
}

// execUsed reports whether any service has ECS Exec on.
func (r *builder) execUsed() bool {
	for _, s := range r.bp.Services {
		if s.Exec {
			return true
		}
	}
	return false
}

// service renders everything one Blueprint service owns. Every logical ID
// starts with the service's name, so services never rename each other.
func (r *builder) service(s *blueprint.Service) {
	p := id(s.Name)
	name, keyName := r.serviceLogGroupName("/ecs/", s)
	if s.Logs.Group != "" {
		name, keyName = s.Logs.Group, s.Logs.Group
	}
	r.logGroup(p+"LogGroup", name, keyName, s.Logs.Retention)
	r.executionRole(s, p)
	r.taskRole(s, p)
	r.taskDefinition(s, p)
	r.taskSecurityGroup(s, p)
	if !s.Scheduled() {
		// A scheduled service's tasks are started by its schedule (see
		// schedule.go), with no ECS service to keep them running.
		r.ecsService(s, p)
		if s.Autoscaling != nil {
			r.autoscaling(s, p)
		}
		r.output(p+"ServiceName", "Name of the ECS service "+s.Name+".", intrinsic.GetAtt(p+"Service", "Name"))
	}
	r.output(p+"LogGroupName", "CloudWatch Logs group of service "+s.Name+".", intrinsic.Ref(p+"LogGroup"))
}

// ecsTasksTrust lets ECS tasks assume a role. conditions narrow it to tasks of
// this account and region (confused-deputy protection), where AWS supports it.
func ecsTasksTrust(conditions bool) policyDocument {
	st := statement{
		Effect:    "Allow",
		Principal: map[string]any{"Service": "ecs-tasks.amazonaws.com"},
		Action:    []string{"sts:AssumeRole"},
	}
	if conditions {
		st.Condition = map[string]any{
			"ArnLike":      map[string]any{"aws:SourceArn": intrinsic.Sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*")},
			"StringEquals": map[string]any{"aws:SourceAccount": intrinsic.Ref("AWS::AccountId")},
		}
	}
	return policy(st)
}

// executionRole is what the ECS agent uses to start the task: pull the images,
// read the injected secrets and write logs. Instead of the broad AmazonECSTaskExecutionRolePolicy (every
// repository, every log group) it is scoped to this service's repositories and
// log group.
func (r *builder) executionRole(s *blueprint.Service, p string) {
	var statements []statement
	if pulls := r.pulls[s.Name]; len(pulls) > 0 {
		statements = append(statements,
			statement{
				Sid:    "AuthenticateToEcr",
				Effect: "Allow",
				Action: []string{"ecr:GetAuthorizationToken"},
				// AWS requires "*": GetAuthorizationToken has no resource-level permissions.
				Resource: []string{"*"},
			},
			statement{
				Sid:      "PullImages",
				Effect:   "Allow",
				Action:   []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"},
				Resource: pulls,
			})
	}
	grants := r.secretGrants(s).statements()
	statements = append(statements, grants...)
	statements = append(statements, statement{
		Sid:      "WriteLogs",
		Effect:   "Allow",
		Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: []string{intrinsic.GetAtt(p+"LogGroup", "Arn")},
	})
	r.add(p+"ExecutionRole", &iam.Role{
		Description:              cloudformation.String(executionRoleDescription(s.Name, len(grants) > 0)),
		AssumeRolePolicyDocument: ecsTasksTrust(false),
		Policies: []iam.Role_Policy{{
			PolicyName:     "task-execution",
			PolicyDocument: policy(statements...),
		}},
	})
}

func executionRoleDescription(service string, secrets bool) string {
	if secrets {
		return "ECS agent role of service " + service + ": pulls its images, reads its secrets and writes its logs."
	}
	return "ECS agent role of service " + service + ": pulls its images and writes its logs."
}

// taskRole is the role the application's own AWS calls use. It starts with no
// permissions: least privilege until the Blueprint grants some. ECS Exec adds
// what the SSM agent in the container needs.
func (r *builder) taskRole(s *blueprint.Service, p string) {
	role := &iam.Role{
		Description:              cloudformation.String("Role assumed by the application containers."),
		AssumeRolePolicyDocument: ecsTasksTrust(true),
	}
	if s.ReadParameters {
		role.Policies = append(role.Policies, iam.Role_Policy{PolicyName: "read-parameters", PolicyDocument: policy(r.readParametersStatements(s)...)})
	}
	if statements := r.messagingStatements(s); len(statements) > 0 {
		role.Policies = append(role.Policies, iam.Role_Policy{PolicyName: "messaging", PolicyDocument: policy(statements...)})
	}
	if statements := r.volumeStatements(s); len(statements) > 0 {
		role.Policies = append(role.Policies, iam.Role_Policy{PolicyName: "volumes", PolicyDocument: policy(statements...)})
	}
	if statements := append(r.bucketStatements(s), r.tableStatements(s)...); len(statements) > 0 {
		role.Policies = append(role.Policies, iam.Role_Policy{PolicyName: "data", PolicyDocument: policy(statements...)})
	}
	if s.Exec {
		role.Policies = append(role.Policies, iam.Role_Policy{PolicyName: "ecs-exec", PolicyDocument: policy(
			statement{
				Sid:    "ExecSessions",
				Effect: "Allow",
				Action: []string{"ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"},
				// AWS requires "*": the ssmmessages actions have no resource-level permissions.
				Resource: []string{"*"},
			},
			statement{
				Sid:      blueprint.ExecSessionLogsID,
				Effect:   "Allow",
				Action:   []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
				Resource: []string{intrinsic.GetAtt(blueprint.ExecSessionLogsID, "Arn")},
			},
			statement{
				Sid:    "ExecFindLogGroup",
				Effect: "Allow",
				Action: []string{"logs:DescribeLogGroups"},
				// AWS requires "*": DescribeLogGroups has no resource-level permissions.
				Resource: []string{"*"},
			},
		)})
	}
	r.add(p+"TaskRole", role)
}

func (r *builder) taskDefinition(s *blueprint.Service, p string) {
	var containers []ecs.TaskDefinition_ContainerDefinition
	for _, c := range s.Containers {
		containers = append(containers, r.containerDefinition(s, c, p))
	}
	r.add(p+"TaskDefinition", &ecs.TaskDefinition{
		Family:                  intrinsic.SubPtr(taskFamily(s)),
		Cpu:                     cloudformation.String(strconv.Itoa(s.CPU)),
		Memory:                  cloudformation.String(strconv.Itoa(s.Memory)),
		NetworkMode:             cloudformation.String("awsvpc"),
		RequiresCompatibilities: []string{"FARGATE"},
		RuntimePlatform: &ecs.TaskDefinition_RuntimePlatform{
			CpuArchitecture:       cloudformation.String(s.Platform),
			OperatingSystemFamily: cloudformation.String("LINUX"),
		},
		ExecutionRoleArn:     intrinsic.GetAttPtr(p+"ExecutionRole", "Arn"),
		TaskRoleArn:          intrinsic.GetAttPtr(p+"TaskRole", "Arn"),
		ContainerDefinitions: containers,
		Volumes:              append(writableVolumes(s), r.mountedVolumes(s)...),
		EphemeralStorage:     ephemeralStorage(s),
	})
}

// ephemeralStorage is the task's storage beyond Fargate's 20 GiB; nil
// without ephemeralStorage.
func ephemeralStorage(s *blueprint.Service) *ecs.TaskDefinition_EphemeralStorage {
	if s.EphemeralStorage == 0 {
		return nil
	}
	return &ecs.TaskDefinition_EphemeralStorage{SizeInGiB: cloudformation.Int(s.EphemeralStorage)}
}

// taskFamily is the family of a service's task definition, for Fn::Sub:
// the stack's name first, so that environments in one account differ.
func taskFamily(s *blueprint.Service) string { return "${AWS::StackName}-" + s.Name }

// writableVolumes are the task-local volumes of the containers' writable
// paths: without a host path, each is on the task's ephemeral storage, as
// private to the task as its root filesystem and gone with it.
func writableVolumes(s *blueprint.Service) []ecs.TaskDefinition_Volume {
	var list []ecs.TaskDefinition_Volume
	for i := range s.Containers {
		for _, v := range s.Containers[i].WritableVolumes() {
			list = append(list, ecs.TaskDefinition_Volume{Name: cloudformation.String(v.Name)})
		}
	}
	return list
}

func (r *builder) containerDefinition(s *blueprint.Service, c blueprint.Container, p string) ecs.TaskDefinition_ContainerDefinition {
	d := ecs.TaskDefinition_ContainerDefinition{
		Name:       c.Name,
		Image:      r.imageRefs[s.Name+"/"+c.Name],
		Essential:  cloudformation.Bool(c.IsEssential()),
		Command:    c.Command,
		EntryPoint: c.EntryPoint,
		Secrets:    r.containerSecrets(c),
		LogConfiguration: &ecs.TaskDefinition_LogConfiguration{
			LogDriver: "awslogs",
			Options: map[string]string{
				"awslogs-group":         intrinsic.Ref(p + "LogGroup"),
				"awslogs-region":        intrinsic.Ref("AWS::Region"),
				"awslogs-stream-prefix": s.Logs.StreamPrefix,
			},
		},
	}
	if c.Port != 0 {
		d.PortMappings = []ecs.TaskDefinition_PortMapping{{ContainerPort: cloudformation.Int(c.Port), Protocol: cloudformation.String("tcp")}}
	}
	for _, k := range sortedKeys(c.Environment) {
		d.Environment = append(d.Environment, ecs.TaskDefinition_KeyValuePair{Name: cloudformation.String(k), Value: cloudformation.String(r.stackValue(c.Environment[k], s))})
	}
	for _, dep := range c.DependsOn {
		d.DependsOnProp = append(d.DependsOnProp, ecs.TaskDefinition_ContainerDependency{
			ContainerName: cloudformation.String(dep.Container),
			Condition:     cloudformation.String(dep.Condition),
		})
	}
	if h := c.HealthCheck; h != nil {
		d.HealthCheck = &ecs.TaskDefinition_HealthCheck{
			Command:     h.Command,
			Interval:    cloudformation.Int(h.Interval),
			Timeout:     cloudformation.Int(h.Timeout),
			Retries:     cloudformation.Int(h.Retries),
			StartPeriod: cloudformation.Int(h.StartPeriod),
		}
	}
	if c.CPU != 0 {
		d.Cpu = cloudformation.Int(c.CPU)
	}
	if m := s.MemoryLimit(&c); m != 0 {
		d.Memory = cloudformation.Int(m)
	}
	if c.MemoryReservation != 0 {
		d.MemoryReservation = cloudformation.Int(c.MemoryReservation)
	}
	if c.ReadOnlyRoot() {
		d.ReadonlyRootFilesystem = cloudformation.Bool(true)
	}
	for _, v := range c.WritableVolumes() {
		d.MountPoints = append(d.MountPoints, ecs.TaskDefinition_MountPoint{
			SourceVolume:  cloudformation.String(v.Name),
			ContainerPath: cloudformation.String(v.Path),
			ReadOnly:      cloudformation.Bool(false),
		})
	}
	d.MountPoints = append(d.MountPoints, mountPoints(c)...)
	if c.User != "" {
		d.User = cloudformation.String(c.User)
	}
	if s.Exec {
		// An init process reaps the SSM agent's child processes; ECS Exec
		// sessions leave zombies without it.
		d.LinuxParameters = &ecs.TaskDefinition_LinuxParameters{InitProcessEnabled: cloudformation.Bool(true)}
	}
	return d
}

// taskSecurityGroup holds the service's tasks. Its egress rules replace the
// default allow-all; ingress comes only from load balancer security groups, as
// standalone rules added by loadbalancers.go (no reference cycles).
func (r *builder) taskSecurityGroup(s *blueprint.Service, p string) {
	var egress []ec2.SecurityGroup_Egress
	for _, e := range s.Egress {
		egress = append(egress, ec2.SecurityGroup_Egress{
			IpProtocol:  e.Protocol,
			CidrIp:      cloudformation.String(e.CIDR),
			FromPort:    cloudformation.Int(e.Port),
			ToPort:      cloudformation.Int(e.Port),
			Description: cloudformation.String("Outbound " + e.Protocol + " " + strconv.Itoa(e.Port)),
		})
	}
	egress = append(egress, r.callEgress(s)...)
	egress = append(egress, r.mountEgress(s)...)
	r.add(s.TaskSecurityGroupID(), &ec2.SecurityGroup{
		GroupDescription:    "Tasks of service " + s.Name,
		VpcId:               cloudformation.String(r.net.vpcID),
		SecurityGroupEgress: egress,
		Tags:                nameTag(s.Name),
	})
}

func (r *builder) ecsService(s *blueprint.Service, p string) {
	d := s.Deployment
	svc := &ecs.Service{
		ServiceName:             cloudformation.String(s.Name),
		Cluster:                 intrinsic.RefPtr(blueprint.ClusterID),
		TaskDefinition:          intrinsic.RefPtr(p + "TaskDefinition"),
		DeploymentConfiguration: r.deploymentConfiguration(s),
		NetworkConfiguration: &ecs.Service_NetworkConfiguration{
			AwsvpcConfiguration: &ecs.Service_AwsVpcConfiguration{
				// Tasks live in private subnets and never get a public address.
				AssignPublicIp: cloudformation.String("DISABLED"),
				Subnets:        r.net.private,
				SecurityGroups: r.taskGroups(s),
			},
		},
		PropagateTags:        cloudformation.String("SERVICE"),
		EnableECSManagedTags: cloudformation.Bool(true),
	}
	placeTasks(svc, s)
	if s.Exec {
		svc.EnableExecuteCommand = cloudformation.Bool(true)
	}
	// With autoscaling the count is left out: a count in the template would
	// reset the scaled count on every deployment.
	if s.Autoscaling == nil {
		svc.DesiredCount = cloudformation.Int(*s.Count)
	}
	svc.AWSCloudFormationDependsOn = append(svc.AWSCloudFormationDependsOn, r.net.egressReady...)
	svc.AWSCloudFormationDependsOn = append(svc.AWSCloudFormationDependsOn, r.mountsReady(s)...)
	for _, lb := range r.serviceLoadBalancers(s, p) {
		svc.LoadBalancers = append(svc.LoadBalancers, lb.attachment)
		// ECS refuses a target group that no listener uses yet. A service
		// that shifts traffic names its production rule (or listener) in
		// its load balancer's configuration, which orders them already.
		for _, w := range lb.wait {
			if !s.Deployment.ShiftsTraffic() || w != r.productionRuleID(s) {
				svc.AWSCloudFormationDependsOn = append(svc.AWSCloudFormationDependsOn, w)
			}
		}
	}
	if len(svc.LoadBalancers) > 0 {
		// ECS accepts a grace period only for services behind a load balancer.
		svc.HealthCheckGracePeriodSeconds = cloudformation.Int(*d.GracePeriod)
	}
	// ECS reads the deployment alarms by name: they exist first.
	for _, a := range r.bp.AlarmsOf(s) {
		if a.Deployment && *s.Deployment.Alarms {
			svc.AWSCloudFormationDependsOn = append(svc.AWSCloudFormationDependsOn, s.AlarmID(a.Kind))
		}
	}
	r.add(p+"Service", r.withStrategy(s, svc))
}

// taskGroups are the security groups of a service's tasks: its own, which
// holds every rule about it, and the group every task joins (see tasksGroup).
func (r *builder) taskGroups(s *blueprint.Service) []string {
	groups := []string{intrinsic.Ref(s.TaskSecurityGroupID())}
	if r.tasksGroupUsed() {
		groups = append(groups, intrinsic.Ref(blueprint.TasksSecurityGroupID))
	}
	return groups
}

// autoscaling adds target tracking on average CPU and/or memory. Without
// RoleARN, Application Auto Scaling uses its service-linked role.
func (r *builder) autoscaling(s *blueprint.Service, p string) {
	a := s.Autoscaling
	target := p + "ScalableTarget"
	r.add(target, &applicationautoscaling.ScalableTarget{
		ServiceNamespace:  "ecs",
		ScalableDimension: "ecs:service:DesiredCount",
		ResourceId:        intrinsic.Sub("service/${Cluster}/${" + p + "Service.Name}"),
		MinCapacity:       a.Min,
		MaxCapacity:       a.Max,
	})
	metrics := []struct {
		name, metric string
		target       int
	}{
		{"Cpu", "ECSServiceAverageCPUUtilization", a.CPU},
		{"Memory", "ECSServiceAverageMemoryUtilization", a.Memory},
		{"Requests", "ALBRequestCountPerTarget", a.Requests},
		{"Messages", "", a.Messages},
	}
	for _, m := range metrics {
		if m.target == 0 {
			continue
		}
		config := &applicationautoscaling.ScalingPolicy_TargetTrackingScalingPolicyConfiguration{
			TargetValue:      float64(m.target),
			ScaleInCooldown:  cloudformation.Int(*a.ScaleInCooldown),
			ScaleOutCooldown: cloudformation.Int(*a.ScaleOutCooldown),
		}
		switch {
		case m.name == "Messages":
			config.CustomizedMetricSpecification = r.backlogPerTask(s)
		case m.name == "Requests" && s.Deployment.ShiftsTraffic():
			config.CustomizedMetricSpecification = r.requestsPerTask(s)
		case m.name == "Requests":
			lb, _ := r.bp.ALBOf(s)
			config.PredefinedMetricSpecification = &applicationautoscaling.ScalingPolicy_PredefinedMetricSpecification{
				PredefinedMetricType: m.metric,
				ResourceLabel:        intrinsic.SubPtr("${" + lb.LogicalID("") + ".LoadBalancerFullName}/${" + s.TargetGroupID() + ".TargetGroupFullName}"),
			}
		default:
			config.PredefinedMetricSpecification = &applicationautoscaling.ScalingPolicy_PredefinedMetricSpecification{PredefinedMetricType: m.metric}
		}
		r.add(p+m.name+"ScalingPolicy", &applicationautoscaling.ScalingPolicy{
			PolicyName:                               s.Name + "-" + strings.ToLower(m.name) + "-target",
			PolicyType:                               "TargetTrackingScaling",
			ScalingTargetId:                          intrinsic.RefPtr(target),
			TargetTrackingScalingPolicyConfiguration: config,
		})
	}
}

// requestsPerTask is the requests per task of a service whose deployments
// shift traffic, over both its target groups: ALBRequestCountPerTarget
// names one target group, and AWS documents it unsupported for blue/green
// services, whose traffic moves to the other group at each deployment. The
// requests of both groups over their healthy targets follow the service
// wherever its tasks are.
func (r *builder) requestsPerTask(s *blueprint.Service) *applicationautoscaling.ScalingPolicy_CustomizedMetricSpecification {
	var queries []applicationautoscaling.ScalingPolicy_TargetTrackingMetricDataQuery
	var requests, targets []string
	for i, g := range r.targetGroups(s) {
		for _, m := range []struct{ id, name, stat string }{{fmt.Sprintf("requests%d", i+1), "RequestCount", "Sum"}, {fmt.Sprintf("targets%d", i+1), "HealthyHostCount", "Average"}} {
			var dims []applicationautoscaling.ScalingPolicy_TargetTrackingMetricDimension
			for _, d := range g.dimensions() {
				dims = append(dims, applicationautoscaling.ScalingPolicy_TargetTrackingMetricDimension{Name: cloudformation.String(d.Name), Value: cloudformation.String(d.Value)})
			}
			queries = append(queries, applicationautoscaling.ScalingPolicy_TargetTrackingMetricDataQuery{
				Id: cloudformation.String(m.id),
				MetricStat: &applicationautoscaling.ScalingPolicy_TargetTrackingMetricStat{
					Metric: &applicationautoscaling.ScalingPolicy_TargetTrackingMetric{Namespace: cloudformation.String(namespaceALB), MetricName: cloudformation.String(m.name), Dimensions: dims},
					Stat:   cloudformation.String(m.stat),
				},
				ReturnData: cloudformation.Bool(false),
			})
		}
		requests = append(requests, fmt.Sprintf("FILL(requests%d, 0)", i+1))
		targets = append(targets, fmt.Sprintf("FILL(targets%d, 0)", i+1))
	}
	sum := func(parts []string) string { return "(" + strings.Join(parts, " + ") + ")" }
	queries = append(queries, applicationautoscaling.ScalingPolicy_TargetTrackingMetricDataQuery{
		Id:         cloudformation.String("requestsPerTask"),
		Expression: cloudformation.String(fmt.Sprintf("IF(%s > 0, %s / %s, 0)", sum(targets), sum(requests), sum(targets))),
		Label:      cloudformation.String("Requests per task of service " + s.Name),
		ReturnData: cloudformation.Bool(true),
	})
	return &applicationautoscaling.ScalingPolicy_CustomizedMetricSpecification{Metrics: queries}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// stackValue writes a value that may name stack values (${AWS::Region}, a
// load balancer's address) and Fn::Sub literals (${!Text}): through Fn::Sub
// when it names a stack value, an address as its load balancer's DNS name
// (see [blueprint.Blueprint.SubTemplate]); with literals only, or stack
// values that are text (an existing bucket's or table's name), as the text
// they stand for, which keepLiteral writes so that it arrives as written:
// an Fn::Sub with no variable is one cfn-lint flags (W1020). Validation
// allows no other ${...}.
func (r *builder) stackValue(value string, s *blueprint.Service) string {
	if !blueprint.Substitutes(value) {
		return value
	}
	template := r.bp.SubTemplate(value, s)
	if strings.Contains(strings.ReplaceAll(template, "${!", ""), "${") {
		return intrinsic.Sub(template)
	}
	return strings.ReplaceAll(template, "${!", "${")
}
