package render

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/ec2"
	"github.com/awslabs/goformation/v7/cloudformation/ecs"
	"github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"
	"github.com/awslabs/goformation/v7/cloudformation/iam"

	"github.com/ecsgate/ecsgate/blueprint"
	_ "github.com/ecsgate/ecsgate/internal/golden" // accepts -update
	"github.com/ecsgate/ecsgate/internal/intrinsic"
)

// nlbBlueprint is a small valid Blueprint: one service behind a TCP NLB.
func nlbBlueprint() *blueprint.Blueprint {
	return &blueprint.Blueprint{
		Name:    "shop",
		Ingress: blueprint.Ingress{NLB: &blueprint.NLB{}},
		Services: []blueprint.Service{{
			Name: "web", CPU: 256, Memory: 512,
			Containers: []blueprint.Container{
				{Name: "nginx", Port: 80, Image: blueprint.Image{Repository: "web/nginx", Tag: "1"}},
				{Name: "app", Port: 9000, Image: blueprint.Image{URI: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app@sha256:" + strings.Repeat("a", 64)}},
			},
			Traffic: &blueprint.Traffic{Container: "nginx", Port: 80},
			NLB:     &blueprint.ServiceNLB{Port: 8080},
		}},
	}
}

// mustResolve validates b and applies its defaults.
func mustResolve(t *testing.T, b *blueprint.Blueprint) *blueprint.Resolved {
	t.Helper()
	res, err := blueprint.Resolve(b)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustTemplate(t *testing.T, b *blueprint.Blueprint) *cloudformation.Template {
	t.Helper()
	tmpl, err := Template(mustResolve(t, b))
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func mustYAML(t *testing.T, tmpl *cloudformation.Template) string {
	t.Helper()
	out, err := YAML(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestTasksArePrivate(t *testing.T) {
	tmpl := mustTemplate(t, nlbBlueprint())
	svc := tmpl.Resources["WebService"].(*ecs.Service)
	vpc := svc.NetworkConfiguration.AwsvpcConfiguration
	if *vpc.AssignPublicIp != "DISABLED" {
		t.Error("tasks get a public IP")
	}
	for _, s := range vpc.Subnets {
		if !strings.Contains(decode(s), "PrivateSubnet") {
			t.Errorf("task subnet %s is not private", decode(s))
		}
	}
}

// TestTasksAcceptOnlyTheNLB: the only ingress rule of the task security group
// comes from the NLB's group, on the traffic port.
func TestTasksAcceptOnlyTheNLB(t *testing.T) {
	tmpl := mustTemplate(t, nlbBlueprint())
	sg := tmpl.Resources["WebTaskSecurityGroup"].(*ec2.SecurityGroup)
	if len(sg.SecurityGroupIngress) != 0 {
		t.Error("task group has inline ingress")
	}
	var rules []*ec2.SecurityGroupIngress
	for _, r := range tmpl.Resources {
		if in, ok := r.(*ec2.SecurityGroupIngress); ok && decode(*in.GroupId) == `{ "Ref": "WebTaskSecurityGroup" }` {
			rules = append(rules, in)
		}
	}
	if len(rules) != 1 {
		t.Fatalf("want 1 ingress rule for the tasks, got %d", len(rules))
	}
	r := rules[0]
	if decode(*r.SourceSecurityGroupId) != `{ "Ref": "NlbSecurityGroup" }` || *r.FromPort != 80 || *r.ToPort != 80 || r.CidrIp != nil {
		t.Errorf("unexpected rule %+v", r)
	}
	// Egress defaults to HTTPS only, replacing AWS's allow-all.
	if len(sg.SecurityGroupEgress) != 1 || *sg.SecurityGroupEgress[0].FromPort != 443 {
		t.Errorf("unexpected task egress %+v", sg.SecurityGroupEgress)
	}
}

func TestListenerAndTargetGroup(t *testing.T) {
	tmpl := mustTemplate(t, nlbBlueprint())
	l := tmpl.Resources["NlbListener8080"].(*elasticloadbalancingv2.Listener)
	if *l.Port != 8080 || *l.Protocol != "TCP" || l.SslPolicy != nil || len(l.Certificates) != 0 {
		t.Errorf("unexpected listener %+v", l)
	}
	tg := tmpl.Resources["WebNlbTargetGroup"].(*elasticloadbalancingv2.TargetGroup)
	if *tg.TargetType != "ip" || *tg.Port != 80 || *tg.Protocol != "TCP" || *tg.TargetGroupAttributes[0].Value != "30" {
		t.Errorf("unexpected target group %+v", tg)
	}
	svc := tmpl.Resources["WebService"].(*ecs.Service)
	if !slices.Contains(svc.AWSCloudFormationDependsOn, "NlbListener8080") {
		t.Errorf("service does not wait for its listener: %v", svc.AWSCloudFormationDependsOn)
	}
	if *svc.LoadBalancers[0].ContainerName != "nginx" || *svc.HealthCheckGracePeriodSeconds != 60 {
		t.Errorf("unexpected load balancer attachment %+v", svc.LoadBalancers[0])
	}
}

// TestExecutionRoleIsScoped: the execution role may pull only this service's
// repositories and write only its log group; "*" appears only where AWS
// requires it.
func TestExecutionRoleIsScoped(t *testing.T) {
	out := mustYAML(t, mustTemplate(t, nlbBlueprint()))
	for _, want := range []string{
		"- !Sub arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/web/nginx",
		"- !Sub arn:${AWS::Partition}:ecr:eu-west-1:123456789012:repository/team/app",
		"- !GetAtt [WebLogGroup, Arn]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("execution role lacks %s", want)
		}
	}
	tmpl := mustTemplate(t, nlbBlueprint())
	role := tmpl.Resources["WebExecutionRole"].(*iam.Role)
	doc := role.Policies[0].PolicyDocument.(policyDocument)
	for _, st := range doc.Statement {
		for _, r := range st.Resource {
			if r == "*" && (len(st.Action) != 1 || st.Action[0] != "ecr:GetAuthorizationToken") {
				t.Errorf("statement %s uses * for %v", st.Sid, st.Action)
			}
		}
	}
}

// TestServiceWaitsForEgress: on first creation the tasks must find a route to
// the NAT gateway, or they cannot pull images and the deployment rolls back.
func TestServiceWaitsForEgress(t *testing.T) {
	b := nlbBlueprint()
	b.Services[0].NLB, b.Ingress.NLB, b.Services[0].Traffic = nil, nil, nil
	svc := mustTemplate(t, b).Resources["WebService"].(*ecs.Service)
	want := []string{"PrivateSubnet1RouteTableAssociation", "PrivateDefaultRoute1", "PrivateSubnet2RouteTableAssociation", "PrivateDefaultRoute2"}
	if !slices.Equal(svc.AWSCloudFormationDependsOn, want) {
		t.Errorf("DependsOn = %v, want %v", svc.AWSCloudFormationDependsOn, want)
	}
	b.Network.Existing = &blueprint.ExistingVPC{ID: "vpc-01234567", CIDR: "10.0.0.0/16", PrivateSubnets: []string{"subnet-01234567", "subnet-89abcdef"}}
	if svc := mustTemplate(t, b).Resources["WebService"].(*ecs.Service); len(svc.AWSCloudFormationDependsOn) != 0 {
		t.Errorf("existing VPC: unexpected DependsOn %v", svc.AWSCloudFormationDependsOn)
	}
}

func TestNoPullPermissionForPublicImages(t *testing.T) {
	b := nlbBlueprint()
	b.Services[0].Containers[0].Image = blueprint.Image{URI: "public.ecr.aws/nginx/nginx:1.27"}
	b.Services[0].Containers[1].Image = blueprint.Image{URI: "docker.io/library/golang:1.23"}
	out := mustYAML(t, mustTemplate(t, b))
	if strings.Contains(out, "ecr:") {
		t.Error("execution role asks for ECR permissions without a private ECR image")
	}
}

func TestImageParameters(t *testing.T) {
	b := nlbBlueprint()
	b.Services[0].Containers[0].Image.Digest = "sha256:" + strings.Repeat("b", 64)
	out := mustYAML(t, mustTemplate(t, b))
	for _, want := range []string{
		"Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/web/nginx:${WebNginxImageTag}@${WebNginxImageDigest}",
		"Image: !Ref WebAppImage",
		"WebAppImage:\n    Type: String\n    Description: Image of container app in service web",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("template lacks %q", want)
		}
	}
}

func TestExistingVPCBecomesParameters(t *testing.T) {
	b := nlbBlueprint()
	b.Network.Existing = &blueprint.ExistingVPC{ID: "vpc-0123456789abcdef0", CIDR: "172.31.0.0/16", PrivateSubnets: []string{"subnet-01234567", "subnet-89abcdef"}}
	tmpl := mustTemplate(t, b)
	if tmpl.Resources["Vpc"] != nil || tmpl.Resources["NatGateway1"] != nil {
		t.Error("an existing VPC must not create network resources")
	}
	for id, typ := range map[string]string{"VpcId": "AWS::EC2::VPC::Id", "PrivateSubnet1Id": "AWS::EC2::Subnet::Id", "PrivateSubnet2Id": "AWS::EC2::Subnet::Id"} {
		if p, ok := tmpl.Parameters[id]; !ok || p.Type != typ {
			t.Errorf("parameter %s missing or not %s", id, typ)
		}
	}
	out := mustYAML(t, tmpl)
	if !strings.Contains(out, "CidrIp: 172.31.0.0/16") {
		t.Error("NLB does not default to the existing VPC's CIDR")
	}
}

func TestNATPerAZ(t *testing.T) {
	b := nlbBlueprint()
	b.Network.VPC = &blueprint.VPC{CIDR: "10.2.0.0/16", AZs: 3}
	b.Network.Egress = blueprint.EgressNATPerAZ
	tmpl := mustTemplate(t, b)
	for _, n := range []string{"1", "2", "3"} {
		route := tmpl.Resources["PrivateDefaultRoute"+n].(*ec2.Route)
		if got := decode(*route.NatGatewayId); got != `{ "Ref": "NatGateway`+n+`" }` {
			t.Errorf("private route %s goes to %s", n, got)
		}
	}
}

func TestAutoscaling(t *testing.T) {
	b := nlbBlueprint()
	b.Services[0].Autoscaling = &blueprint.Autoscaling{Min: 2, Max: 6, CPU: 60, Memory: 75}
	tmpl := mustTemplate(t, b)
	if svc := tmpl.Resources["WebService"].(*ecs.Service); svc.DesiredCount != nil {
		t.Error("DesiredCount set with autoscaling; each deploy would reset the scaled count")
	}
	for _, id := range []string{"WebScalableTarget", "WebCpuScalingPolicy", "WebMemoryScalingPolicy"} {
		if tmpl.Resources[id] == nil {
			t.Errorf("missing %s", id)
		}
	}
	out := mustYAML(t, tmpl)
	if !strings.Contains(out, "ResourceId: !Sub service/${Cluster}/${WebService.Name}") {
		t.Error("scalable target does not name the service")
	}
}

func TestTLSListener(t *testing.T) {
	b := nlbBlueprint()
	b.DNS = &blueprint.DNS{Zone: "example.com", ZoneID: "Z0123456789EXAMPLE"}
	b.Ingress.NLB = &blueprint.NLB{Certificate: &blueprint.Certificate{Domain: "*.example.com"}, Hostname: "api.example.com"}
	b.Services[0].NLB.Port = 0
	tmpl := mustTemplate(t, b)
	l, _ := tmpl.Resources["NlbListener443"].(*elasticloadbalancingv2.Listener)
	if l == nil {
		t.Fatal("no listener NlbListener443")
	}
	if *l.Port != 443 || *l.Protocol != "TLS" || *l.SslPolicy != blueprint.DefaultSSLPolicy || decode(*l.Certificates[0].CertificateArn) != `{ "Ref": "NlbCertificate" }` {
		t.Errorf("unexpected TLS listener %+v", l)
	}
	if tmpl.Resources["NlbDnsRecord"] == nil || tmpl.Resources["NlbCertificate"] == nil {
		t.Error("missing certificate or DNS record")
	}
}

func TestInvalidBlueprintIsRefused(t *testing.T) {
	b := nlbBlueprint()
	b.Services[0].CPU = 3
	if _, err := blueprint.Resolve(b); err == nil {
		t.Fatal("resolved an invalid Blueprint")
	}
}

func TestYAMLLayout(t *testing.T) {
	out := mustYAML(t, mustTemplate(t, nlbBlueprint()))
	if !strings.HasPrefix(out, "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: ecsgate Blueprint shop\nParameters:\n") {
		t.Errorf("unexpected start:\n%s", out[:200])
	}
	for _, want := range []string{
		"  WebService:\n    Type: AWS::ECS::Service\n    DependsOn:\n      - PrivateSubnet1RouteTableAssociation\n      - PrivateDefaultRoute1\n",
		"AvailabilityZone: !Select [0, !GetAZs '']",
		"AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n",
		"      DefaultActions:\n        - Type: forward\n",
		"    Export:\n      Name: !Sub ${AWS::StackName}-VpcId\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("template lacks:\n%s", want)
		}
	}
	if strings.Contains(out, "Fn::") || strings.Contains(out, "Ref:") {
		t.Error("long-form intrinsics left in the template")
	}
}

func TestTagsEverywhere(t *testing.T) {
	b := nlbBlueprint()
	b.Tags = map[string]string{"team": "payments", "cost-center": "42"}
	out := mustYAML(t, mustTemplate(t, b))
	vpcTags := "Tags:\n        - Key: Name\n          Value: !Sub ${AWS::StackName}-vpc\n        - Key: cost-center\n          Value: \"42\"\n        - Key: team\n          Value: payments\n"
	if !strings.Contains(out, vpcTags) {
		t.Errorf("VPC tags not in order Name, then sorted keys")
	}
	if n := strings.Count(out, "Key: team"); n < 15 {
		t.Errorf("tag applied to only %d resources", n)
	}
}

// decode turns a goformation intrinsic (its JSON, base64-encoded) back into
// that JSON for assertions; plain strings come back unchanged.
func decode(s string) string {
	if !intrinsic.Is(s) {
		return s
	}
	if j, err := base64.StdEncoding.DecodeString(intrinsic.Encoded(s)); err == nil {
		return string(j)
	}
	return s
}

// serviceSuffixes end every logical ID a service owns (<Service><suffix>).
var serviceSuffixes = []string{"LogGroup", "ExecutionRole", "TaskRole", "TaskDefinition", "TaskSecurityGroup", "Service",
	"ScalableTarget", "CpuScalingPolicy", "MemoryScalingPolicy", "NlbTargetGroup", "IngressFromNlb",
	"AlbTargetGroup", "IngressFromAlb", "Schedule", "SchedulerRole", "FailedRunRule"}

// TestSharedIDsCannotCollideWithServices: no shared resource ends with a
// service suffix, so whatever a service is called (nlb, api-access, ...), its
// IDs never equal a shared one.
func TestSharedIDsCannotCollideWithServices(t *testing.T) {
	b := fullBlueprint()
	tmpl := mustTemplate(t, b)
	for rid := range tmpl.Resources {
		owned := false
		for _, s := range b.Services {
			for _, sfx := range serviceSuffixes {
				owned = owned || rid == id(s.Name, sfx)
			}
		}
		if owned {
			continue
		}
		for _, sfx := range serviceSuffixes {
			if strings.HasSuffix(rid, sfx) {
				t.Errorf("shared resource %s ends with the service suffix %s", rid, sfx)
			}
		}
	}
}

// fullBlueprint uses every feature: API with Cognito, CORS and access logs,
// CDN, autoscaling.
func fullBlueprint() *blueprint.Blueprint {
	b := nlbBlueprint()
	b.DNS = &blueprint.DNS{Zone: "example.com", ZoneID: "Z0123456789EXAMPLE"}
	b.Ingress.NLB = &blueprint.NLB{Certificate: &blueprint.Certificate{Domain: "*.example.com"}, Hostname: "nlb.example.com"}
	b.Services[0].NLB.Port = 0
	b.Services[0].Autoscaling = &blueprint.Autoscaling{Min: 1, Max: 4, CPU: 60, Memory: 70}
	b.UserPools = []blueprint.UserPool{{Name: "users"}, {Name: "partners", ARN: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123"}}
	b.API = &blueprint.API{
		AccessLogs: ptrTo(true), Tracing: ptrTo(true),
		CORS: &blueprint.CORS{Origin: "https://app.example.com"},
		Routes: []blueprint.Route{
			{Path: "/", Method: "GET", Service: "web"},
			{Path: "/orders/{id}", Method: "GET", Service: "web", Auth: &blueprint.RouteAuth{UserPool: "partners", Scopes: []string{"orders/read"}}},
			{Path: "/orders", Method: "POST", Service: "web", Auth: &blueprint.RouteAuth{UserPool: "users"}, Integration: blueprint.IntegrationClaims},
			{Path: "/partners/{proxy+}", Method: "ANY", Service: "web", Auth: &blueprint.RouteAuth{UserPool: "partners"}},
		},
	}
	b.CDN = &blueprint.CDN{Domains: []string{"api.example.com"}, Certificate: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}
	b.Network.Egress = blueprint.EgressEndpoints
	b.Network.Endpoints = []string{"sts"}
	b.Services[0].Exec = true
	b.UserPools[0].Domain = &blueprint.UserPoolDomain{Name: "auth.www.example.com", Certificate: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}
	b.UserPools[0].Users = []blueprint.PoolUser{{Username: "admin", Email: "admin@example.com"}}
	b.Ingress.ALB = &blueprint.ALB{
		Certificate: &blueprint.Certificate{Domain: "www.example.com"},
		Hostnames:   []string{"www.example.com"},
		Login:       &blueprint.ALBLogin{UserPool: "users"},
	}
	b.Services[0].ALB = &blueprint.ServiceALB{Paths: []string{"/app/*"}, Login: true}
	return b
}

func TestALB(t *testing.T) {
	tmpl := mustTemplate(t, fullBlueprint())
	sg := tmpl.Resources["AlbSecurityGroup"].(*ec2.SecurityGroup)
	var toTasks, toCognito bool
	for _, e := range sg.SecurityGroupEgress {
		toTasks = toTasks || (e.DestinationSecurityGroupId != nil && *e.FromPort == 80)
		toCognito = toCognito || (e.CidrIp != nil && *e.CidrIp == "0.0.0.0/0" && *e.FromPort == 443)
	}
	if !toTasks || !toCognito || len(sg.SecurityGroupEgress) != 2 {
		t.Errorf("ALB egress should reach the tasks and, for the login, Cognito on 443: %+v", sg.SecurityGroupEgress)
	}
	http := tmpl.Resources["AlbHttpListener"].(*elasticloadbalancingv2.Listener)
	if a := http.DefaultActions[0]; a.Type != "redirect" || a.RedirectConfig.StatusCode != "HTTP_301" || *a.RedirectConfig.Protocol != "HTTPS" {
		t.Errorf("HTTP does not redirect to HTTPS: %+v", a)
	}
	rule := tmpl.Resources["AlbRule100"].(*elasticloadbalancingv2.ListenerRule)
	if rule.Actions[0].Type != "authenticate-cognito" || rule.Actions[1].Type != "forward" || rule.Priority != 100 {
		t.Errorf("login rule: %+v", rule)
	}
	svc := tmpl.Resources["WebService"].(*ecs.Service)
	if len(svc.LoadBalancers) != 2 || !*svc.EnableExecuteCommand {
		t.Errorf("service should join the NLB and ALB target groups and allow exec")
	}

	// Without login, the ALB gets no route to the internet.
	b := fullBlueprint()
	b.Services[0].ALB.Login = false
	b.Ingress.ALB.Login = nil
	sg = mustTemplate(t, b).Resources["AlbSecurityGroup"].(*ec2.SecurityGroup)
	for _, e := range sg.SecurityGroupEgress {
		if e.CidrIp != nil {
			t.Errorf("ALB without login has egress to %s", *e.CidrIp)
		}
	}

	// Without a certificate there is only HTTP, and it forwards.
	b.Ingress.ALB.Certificate = nil
	tmpl = mustTemplate(t, b)
	if tmpl.Resources["AlbHttpsListener"] != nil {
		t.Error("HTTPS listener without a certificate")
	}
	if http := tmpl.Resources["AlbHttpListener"].(*elasticloadbalancingv2.Listener); http.DefaultActions[0].Type != "fixed-response" {
		t.Errorf("plain HTTP listener should answer 404 by default, got %s", http.DefaultActions[0].Type)
	}
}

func TestSecretSources(t *testing.T) {
	b := nlbBlueprint()
	b.Parameters = &blueprint.Parameters{Prefix: "/shop"}
	b.KMSKeys = []blueprint.KMSKey{{Name: "ext", ARN: "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"}}
	b.Services[0].ReadParameters = true
	b.Services[0].Containers[0].Secrets = map[string]blueprint.SecretRef{
		"API_KEY": {Secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbC123", JSONKey: "key", VersionStage: "AWSPREVIOUS", KMSKey: "ext"},
		"REMOTE":  {Parameter: "arn:aws:ssm:us-east-1:123456789012:parameter/other/value", Type: "String"},
		"DB_PASS": {Parameter: "db/password", KMSKey: "ext"},
	}
	out := mustYAML(t, mustTemplate(t, b))
	for _, want := range []string{
		"ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbC123:key:AWSPREVIOUS:'",
		"ValueFrom: arn:aws:ssm:us-east-1:123456789012:parameter/other/value",
		"ValueFrom: !Sub arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/db/password",
		// The secret is granted without its JSON key and version suffix.
		"- arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbC123\n",
		"kms:ViaService: !Sub secretsmanager.${AWS::Region}.${AWS::URLSuffix}",
		"kms:ViaService: !Sub ssm.${AWS::Region}.${AWS::URLSuffix}",
		// readParameters: the hierarchy, not "*".
		"- !Sub arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/shop/*",
		"- ssm:GetParametersByPath",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("template lacks:\n%s", want)
		}
	}
}

// TestEveryWildcardIsExplained: each "*" resource in the renderer's IAM
// statements carries a comment saying AWS requires it.
func TestEveryWildcardIsExplained(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	wildcards := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, _ := os.ReadFile(f)
		lines := strings.Split(string(data), "\n")
		for i, line := range lines {
			if !strings.Contains(line, `Resource: []string{"*"}`) || strings.Contains(line, "In a key policy") {
				continue
			}
			wildcards++
			context := strings.Join(lines[max(0, i-2):i], "\n")
			if !strings.Contains(context, `AWS requires "*"`) && !strings.Contains(context, `In a key policy "*" is the key itself`) {
				t.Errorf("%s:%d: a \"*\" resource without the comment that explains it", f, i+1)
			}
		}
	}
	if wildcards < 5 {
		t.Errorf("found only %d wildcard resources: the scan is not reading the renderer", wildcards)
	}
}

// TestEncodedFunctionTextStaysText is the regression test of a tag value
// holding goformation's encoding of a function: it was written as
// !Ref AWS::Region; it must arrive as the text it is, wherever user text
// lands (a tag, an environment variable, a description).
func TestEncodedFunctionTextStaysText(t *testing.T) {
	texts := []string{
		"eyJSZWYiOiJBV1M6OlJlZ2lvbiJ9",                         // {"Ref":"AWS::Region"}
		cloudformation.GetAtt("WebService", "Name"),            // goformation's own form
		cloudformation.ImportValue("other-stack-DatabaseHost"), // a value of another stack
	}
	for _, text := range texts {
		b := nlbBlueprint()
		b.Description = text
		b.Tags = map[string]string{"team": text}
		b.Services[0].Containers[0].Environment = map[string]string{"SETTING": text}
		out := mustYAML(t, mustTemplate(t, b))
		if !strings.Contains(out, "\nDescription: 'ecsgate Blueprint shop: "+text+"'\n") {
			t.Errorf("the template's Description is not the text %q", text)
		}
		if got := strings.Count(out, text); got < 3 {
			t.Errorf("text %q arrives %d times, want at least 3 (description, tag, environment)", text, got)
		}
	}
}

// TestEphemeralStorage: a service's ephemeralStorage is its task
// definition's EphemeralStorage; without it, Fargate's 20 GiB, the
// property is left out.
func TestEphemeralStorage(t *testing.T) {
	b, err := blueprint.Read("shop.yaml", []byte(queuedServices+"    ephemeralStorage: 60\n"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for name, want := range map[string]int{"Other": 60, "Api": 0} {
		def, err := tmpl.GetECSTaskDefinitionWithName(name + "TaskDefinition")
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		if def.EphemeralStorage != nil {
			got = *def.EphemeralStorage.SizeInGiB
		}
		if got != want {
			t.Errorf("%s: %d GiB, want %d", name, got, want)
		}
	}
}

// TestNameClash: two names whose templates share a logical ID (service x's
// dead-letter queue is XDeadLetterQueue, and so is service x-dead-letter's
// queue) are one positioned problem at the longer name, in one template or
// in nested stacks, where gen said "logical ID ... is produced twice".
func TestNameClash(t *testing.T) {
	const worker = "    cpu: 256\n    memory: 512\n    containers:\n      - {name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, environment: {Q: \"${queue.url}\"}}\n    queue: {}\n"
	for _, stacks := range []string{"single", "nested"} {
		src := "name: shop\nstacks: " + stacks + "\nservices:\n  - name: x\n" + worker + "  - name: x-dead-letter\n" + worker
		b, err := blueprint.Read("shop.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Templates(mustResolve(t, b))
		var problems blueprint.Problems
		if !errors.As(err, &problems) || len(problems) != 1 {
			t.Fatalf("%s: want one problem, got %v", stacks, err)
		}
		want := `shop.yaml:10:11: services[1].name: service "x-dead-letter" and service "x" both give the template name XDeadLetterQueue: CloudFormation would take their two resources for one (rename one of them)`
		if got := problems[0].String(); got != want {
			t.Errorf("%s:\n got %s\nwant %s", stacks, got, want)
		}
	}
}

// TestNameClashOfThree: with more than one shorter name that starts the
// logical ID, the problem names each, the two that clash among them.
func TestNameClashOfThree(t *testing.T) {
	src, err := os.ReadFile("testdata/name-clash.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := blueprint.Read("shop.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Templates(mustResolve(t, b))
	want := `shop.yaml:10:11: services[1].name: service "x-dead-letter" gives the template name XDeadLetterQueue, as one of service "x", topic "x-dead" does: CloudFormation would take their two resources for one (rename one of them)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
