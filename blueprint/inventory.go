package blueprint

// Handling says how gen makes sure a Blueprint value is one AWS accepts where
// it lands.
type Handling string

// How an inventory field is handled.
const (
	// Checked values are validated against AWS's rule for the property they
	// land in (pattern, length, range); anything else is refused with its
	// position and a fix.
	Checked Handling = "checked"
	// Choice values are one of a fixed list; anything else is refused.
	Choice Handling = "choice"
	// Reference values name another entry of the Blueprint (a service, a
	// user pool...) and are refused when it does not exist; where they land
	// it is as that entry's name or logical ID.
	Reference Handling = "reference"
	// Written values are free text that arrives as written: "${" is written
	// with Fn::Join (or through Fn::Sub for the stack values allowed in
	// environment and parameter values) so that CloudFormation substitutes
	// nothing; the length is checked where AWS limits it; control
	// characters and {{resolve:...}} are refused in every text field.
	Written Handling = "written"
	// Unrendered values steer gen and land in no generated file.
	Unrendered Handling = "unrendered"
)

// Field is one entry of the inventory: a Blueprint string or number, where
// it lands, and the rule AWS applies to it there.
type Field struct {
	// Path is the field's pattern as FieldPaths writes it.
	Path string
	// Handling says how gen keeps the value acceptable to AWS.
	Handling Handling
	// Lands is where the value ends up: resource type and property, or the
	// OpenAPI document.
	Lands string
	// Rule is AWS's rule there (from the resource schemas cfn-lint ships and
	// the service documentation) as gen enforces it.
	Rule string
}

// Inventory lists every Blueprint string and number (FieldPaths) with where
// it lands and the rule it must follow. A test checks it against the model,
// the hostile corpus mutates every entry, and the table of docs/security.md is
// generated from it.
var Inventory = []Field{
	{"name", Checked, "Logical IDs' words, resource names (cluster, log groups, roles), Description, Tags", "lowercase letters, digits and hyphens, starting with a letter, at most 40 (a DNS-label-like word every name built from it can carry)"},
	{"description", Written, "the template's Description", "at most 1024 bytes with the ecsgate prefix (CloudFormation's template Description limit)"},
	{"tags{}", Checked, "Tags[].Key of every taggable resource", "1-127 characters (ECR's limit, the strictest) of letters, digits, spaces and _ . : / = + - @ (the ECS, IAM and ELB tag pattern); not aws:..., not Name; at most 49 tags"},
	{"tags.*", Checked, "Tags[].Value of every taggable resource", "1-255 characters (ECR's limit) of letters, digits, spaces and _ . : / = + - @; a value is never evaluated, so ${...} and !Ref are refused by the pattern"},
	{"network.vpc.cidr", Checked, "AWS::EC2::VPC CidrBlock, security group rules", "an IPv4 network address with a prefix from /16 to /24"},
	{"network.vpc.azs", Checked, "how many subnets of each kind (Fn::GetAZs index)", "2 to 6 (load balancers need two AZs; no region has more than 6)"},
	{"network.vpc.zones[]", Checked, "AWS::EC2::Subnet AvailabilityZone", "an AZ name of one region, each once, as many as azs"},
	{"network.vpc.publicSubnets[]", Checked, "AWS::EC2::Subnet CidrBlock", "an IPv4 block /28 or larger inside the VPC, overlapping no other subnet, one per AZ"},
	{"network.vpc.privateSubnets[]", Checked, "AWS::EC2::Subnet CidrBlock", "an IPv4 block /28 or larger inside the VPC, overlapping no other subnet, one per AZ"},
	{"network.existing.id", Checked, "VpcId of security groups, target groups, endpoints", "vpc- and 8 or 17 hex digits"},
	{"network.existing.cidr", Checked, "security group ingress CidrIp", "an IPv4 network address"},
	{"network.existing.privateSubnets[]", Checked, "Subnets of services, NLB, endpoints", "subnet- and 8 or 17 hex digits, each once, at least two"},
	{"network.existing.publicSubnets[]", Checked, "Subnets of internet-facing ALBs", "subnet- and 8 or 17 hex digits, each once; two for an internet-facing ALB"},
	{"network.existing.routeTables[]", Checked, "AWS::EC2::VPCEndpoint RouteTableIds of the S3 gateway endpoint (a String parameter with the ID's pattern)", "rtb- and 8 or 17 hex digits, each once; needed with egress endpoints unless s3 is present"},
	{"network.existing.endpointSubnets[]", Checked, "AWS::EC2::VPCEndpoint SubnetIds of the interface endpoints", "subnet- and 8 or 17 hex digits, each once, at least two; one per AZ (AWS refuses two subnets of one AZ when it creates the endpoint)"},
	{"network.existing.presentEndpoints[]", Checked, "none: the endpoints of these services are not created", "a service name part as network.endpoints, each once"},
	{"network.egress", Choice, "NAT gateways, VPC endpoints", "nat, nat-per-az, endpoints or none"},
	{"network.endpoints[]", Checked, "AWS::EC2::VPCEndpoint ServiceName (com.amazonaws.${AWS::Region}.NAME)", "a service name part of at most 64 characters: lowercase letters and digits separated by . or - (it also becomes a logical ID)"},
	{"dns.zone", Checked, "AWS::Route53::RecordSet names, ACM validation", "a lowercase DNS name of at most 253 characters, labels of 1-63"},
	{"dns.zoneId", Checked, "HostedZoneId of records and certificate validation", "Z and 1-31 uppercase letters or digits"},
	{"cluster.insights", Choice, "AWS::ECS::Cluster ClusterSettings containerInsights", "enabled, enhanced or disabled"},
	{"ecr.keepImages", Checked, "shared.yaml: AWS::ECR::Repository LifecyclePolicy countNumber", "1 to 10000 images"},
	{"ecr.existing[]", Checked, "the image URI and the execution role's pull permission (shared.yaml does not create it)", "2-256 lowercase letters and digits, separated by . _ - and / namespaces; named by an image"},
	{"account.apiGatewayRole", Choice, "shared.yaml: AWS::ApiGateway::Account and its role (create), or nothing (existing)", "create or existing"},
	{"ingress.nlb.name", Checked, "AWS::ElasticLoadBalancingV2::LoadBalancer Name", "1-32 letters, digits and hyphens, no hyphen at either end, not internal-..."},
	{"ingress.nlb.protocol", Choice, "AWS::ElasticLoadBalancingV2::Listener Protocol", "TCP or TLS"},
	{"ingress.nlb.certificate.arn", Checked, "Listener Certificates[].CertificateArn", "an ACM certificate ARN"},
	{"ingress.nlb.certificate.domain", Checked, "AWS::CertificateManager::Certificate DomainName", "a DNS name (a leading *. allowed) in dns.zone that covers hostname"},
	{"ingress.nlb.certificate.alternativeNames[]", Checked, "AWS::CertificateManager::Certificate SubjectAlternativeNames", "DNS names (a leading *. allowed) in dns.zone"},
	{"ingress.nlb.sslPolicy", Checked, "Listener SslPolicy", "an ELBSecurityPolicy-... name that does not allow TLS 1.0 or 1.1"},
	{"ingress.nlb.hostname", Checked, "AWS::Route53::RecordSet Name, the API's integration host", "a DNS name in dns.zone"},
	{"ingress.nlb.allow[]", Checked, "AWS::EC2::SecurityGroupIngress CidrIp", "an IPv4 network address"},
	{"ingress.alb.id", Checked, "nothing (ingress.alb has no id)", "refused: only entries of ingress.albs have an id"},
	{"ingress.alb.scheme", Choice, "LoadBalancer Scheme", "internet-facing or internal"},
	{"ingress.alb.name", Checked, "AWS::ElasticLoadBalancingV2::LoadBalancer Name", "1-32 letters, digits and hyphens, no hyphen at either end, not internal-..."},
	{"ingress.alb.certificate.arn", Checked, "Listener Certificates[].CertificateArn", "an ACM certificate ARN"},
	{"ingress.alb.certificate.domain", Checked, "AWS::CertificateManager::Certificate DomainName", "a DNS name (a leading *. allowed) in dns.zone"},
	{"ingress.alb.certificate.alternativeNames[]", Checked, "AWS::CertificateManager::Certificate SubjectAlternativeNames", "DNS names (a leading *. allowed) in dns.zone; with hostnames, the certificate covers each"},
	{"ingress.alb.sslPolicy", Checked, "Listener SslPolicy", "an ELBSecurityPolicy-... name that does not allow TLS 1.0 or 1.1"},
	{"ingress.alb.hostnames[]", Checked, "AWS::Route53::RecordSet Name, Cognito callback URLs", "a DNS name in dns.zone, each once across all ALBs"},
	{"ingress.alb.allow[]", Checked, "AWS::EC2::SecurityGroupIngress CidrIp", "an IPv4 network address"},
	{"ingress.alb.idleTimeout", Checked, "LoadBalancerAttributes idle_timeout.timeout_seconds", "1 to 4000 s"},
	{"ingress.alb.default", Reference, "Listener DefaultActions (forward to the service's target group, or a fixed 404)", "404, or a service attached to this ALB"},
	{"ingress.alb.login.userPool", Reference, "Listener rule authenticate-cognito UserPoolArn, UserPoolClientId, UserPoolDomain", "an entry of userPools that has a domain"},
	{"ingress.alb.login.scope", Checked, "authenticate-cognito Scope", "space-separated OAuth scopes of printable ASCII without \" or \\, including openid"},
	{"ingress.alb.login.sessionTimeout", Checked, "authenticate-cognito SessionTimeout", "1 to 604800 s (7 days)"},
	{"ingress.albs[].id", Checked, "the logical IDs of the ALB's resources (<Id>Alb...)", "lowercase letters, digits and hyphens, starting with a letter, at most 32, unique"},
	{"ingress.albs[].scheme", Choice, "LoadBalancer Scheme", "internet-facing or internal"},
	{"ingress.albs[].name", Checked, "AWS::ElasticLoadBalancingV2::LoadBalancer Name", "1-32 letters, digits and hyphens, no hyphen at either end, not internal-..."},
	{"ingress.albs[].certificate.arn", Checked, "Listener Certificates[].CertificateArn", "an ACM certificate ARN"},
	{"ingress.albs[].certificate.domain", Checked, "AWS::CertificateManager::Certificate DomainName", "a DNS name (a leading *. allowed) in dns.zone"},
	{"ingress.albs[].certificate.alternativeNames[]", Checked, "AWS::CertificateManager::Certificate SubjectAlternativeNames", "DNS names (a leading *. allowed) in dns.zone"},
	{"ingress.albs[].sslPolicy", Checked, "Listener SslPolicy", "an ELBSecurityPolicy-... name that does not allow TLS 1.0 or 1.1"},
	{"ingress.albs[].hostnames[]", Checked, "AWS::Route53::RecordSet Name", "a DNS name in dns.zone, each once across all ALBs"},
	{"ingress.albs[].allow[]", Checked, "AWS::EC2::SecurityGroupIngress CidrIp", "an IPv4 network address"},
	{"ingress.albs[].idleTimeout", Checked, "LoadBalancerAttributes idle_timeout.timeout_seconds", "1 to 4000 s"},
	{"ingress.albs[].default", Reference, "Listener DefaultActions", "404, or a service attached to this ALB"},
	{"ingress.albs[].login.userPool", Reference, "authenticate-cognito UserPoolArn, UserPoolClientId, UserPoolDomain", "an entry of userPools that has a domain"},
	{"ingress.albs[].login.scope", Checked, "authenticate-cognito Scope", "space-separated OAuth scopes including openid"},
	{"ingress.albs[].login.sessionTimeout", Checked, "authenticate-cognito SessionTimeout", "1 to 604800 s"},
	{"services[].name", Checked, "logical IDs, ECS service and task family names, log groups, role names", "lowercase letters, digits and hyphens, starting with a letter, at most 32, unique (also as a logical ID word)"},
	{"services[].cpu", Checked, "AWS::ECS::TaskDefinition Cpu", "a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384"},
	{"services[].memory", Checked, "AWS::ECS::TaskDefinition Memory", "a Fargate memory size that pairs with cpu"},
	{"services[].count", Checked, "AWS::ECS::Service DesiredCount", "0 to 5000 tasks; not with autoscaling"},
	{"services[].platform", Choice, "TaskDefinition RuntimePlatform CpuArchitecture", "X86_64 or ARM64"},
	{"services[].containers[].name", Checked, "ContainerDefinitions[].Name, image parameter names", "1-255 letters, digits, hyphens and underscores, unique in the task"},
	{"services[].containers[].image.repository", Checked, "shared.yaml: AWS::ECR::Repository RepositoryName; the image URI", "2-256 lowercase letters and digits, separated by . _ - and / namespaces"},
	{"services[].containers[].image.tag", Checked, "the image parameter's Default and AllowedPattern", "1-128 letters, digits, _ . -, not starting with . or -"},
	{"services[].containers[].image.digest", Checked, "the image parameter's Default and AllowedPattern", "sha256: and 64 lowercase hex digits"},
	{"services[].containers[].image.uri", Checked, "ContainerDefinitions[].Image", "an image reference without spaces pinning a tag or a sha256 digest; it is written as is"},
	{"services[].containers[].port", Checked, "PortMappings ContainerPort, target groups, security groups", "1 to 65535, unique in the task (awsvpc shares one interface)"},
	{"services[].containers[].environment{}", Checked, "ContainerDefinitions[].Environment[].Name", "letters, digits and underscores, not starting with a digit; no AWS credentials or secret-looking names"},
	{"services[].containers[].environment.*", Written, "ContainerDefinitions[].Environment[].Value", "any text; ${AWS::Region}, ${AWS::StackName}, ${AWS::AccountId}, ${AWS::URLSuffix}, ${AWS::Partition} through Fn::Sub, ${!X} for a literal, any other ${ refused"},
	{"services[].containers[].secrets{}", Checked, "ContainerDefinitions[].Secrets[].Name", "letters, digits and underscores, not starting with a digit, not also in environment"},
	{"services[].containers[].secrets.*.parameter", Checked, "Secrets[].ValueFrom, the execution role's ssm:GetParameters resource", "a parameter name starting with / (or relative to parameters.prefix) or a parameter ARN"},
	{"services[].containers[].secrets.*.type", Choice, "whether the execution role may decrypt (SecureString)", "String or SecureString"},
	{"services[].containers[].secrets.*.secret", Checked, "Secrets[].ValueFrom, the execution role's secretsmanager:GetSecretValue resource", "an entry of secrets, or a full secret ARN with its 6-character suffix"},
	{"services[].containers[].secrets.*.jsonKey", Checked, "Secrets[].ValueFrom (ARN:jsonKey::)", "1-128 letters, digits, _ . -; a key the generated secret has"},
	{"services[].containers[].secrets.*.versionStage", Checked, "Secrets[].ValueFrom (ARN::stage:)", "1-256 letters, digits, _ -"},
	{"services[].containers[].secrets.*.kmsKey", Reference, "the execution role's kms:Decrypt resource", "an entry of kmsKeys"},
	{"services[].containers[].secrets.*.value", Checked, "nothing", "refused: a secret value is never written into a template"},
	{"services[].containers[].command[]", Written, "ContainerDefinitions[].Command", "any text, arrives as written"},
	{"services[].containers[].entryPoint[]", Written, "ContainerDefinitions[].EntryPoint", "any text, arrives as written"},
	{"services[].containers[].dependsOn[].container", Reference, "ContainerDefinitions[].DependsOn[].ContainerName", "another container of the task, with no start-up cycle"},
	{"services[].containers[].dependsOn[].condition", Choice, "DependsOn[].Condition", "START, COMPLETE, SUCCESS or HEALTHY (HEALTHY needs a health check, COMPLETE and SUCCESS a non-essential container)"},
	{"services[].containers[].healthCheck.command[]", Written, "ContainerDefinitions[].HealthCheck.Command", "CMD or CMD-SHELL first, then at least one item; the rest arrives as written"},
	{"services[].containers[].healthCheck.interval", Checked, "HealthCheck.Interval", "5 to 300 s"},
	{"services[].containers[].healthCheck.timeout", Checked, "HealthCheck.Timeout", "2 to 60 s"},
	{"services[].containers[].healthCheck.retries", Checked, "HealthCheck.Retries", "1 to 10"},
	{"services[].containers[].healthCheck.startPeriod", Checked, "HealthCheck.StartPeriod", "0 to 300 s, at most the service's grace period"},
	{"services[].containers[].cpu", Checked, "ContainerDefinitions[].Cpu", "0 or more; all containers together at most the task's cpu"},
	{"services[].containers[].memory", Checked, "ContainerDefinitions[].Memory", "at least 6 MiB (Docker's minimum), at most the task's memory"},
	{"services[].containers[].memoryReservation", Checked, "ContainerDefinitions[].MemoryReservation", "0 or more, at most memory"},
	{"services[].containers[].user", Written, "ContainerDefinitions[].User", "any text, arrives as written"},
	{"services[].traffic.container", Reference, "Service LoadBalancers[].ContainerName", "a container of the service that has a port"},
	{"services[].traffic.port", Checked, "Service LoadBalancers[].ContainerPort, target group Port", "the port of traffic.container"},
	{"services[].nlb.port", Checked, "NLB Listener Port", "1 to 65535, one listener per port"},
	{"services[].nlb.healthCheck.protocol", Choice, "TargetGroup HealthCheckProtocol", "TCP, HTTP or HTTPS"},
	{"services[].nlb.healthCheck.path", Checked, "TargetGroup HealthCheckPath", "/ and up to 1024 URL path characters"},
	{"services[].nlb.healthCheck.interval", Checked, "TargetGroup HealthCheckIntervalSeconds", "5 to 300 s"},
	{"services[].nlb.healthCheck.timeout", Checked, "TargetGroup HealthCheckTimeoutSeconds", "2 to 120 s, shorter than the interval"},
	{"services[].nlb.healthCheck.healthy", Checked, "TargetGroup HealthyThresholdCount", "2 to 10"},
	{"services[].nlb.healthCheck.unhealthy", Checked, "TargetGroup UnhealthyThresholdCount", "2 to 10"},
	{"services[].nlb.healthCheck.codes", Checked, "TargetGroup Matcher HttpCode", "HTTP codes and ranges such as 200 or 200-399,404; HTTP(S) checks only"},
	{"services[].nlb.deregistrationDelay", Checked, "TargetGroupAttributes deregistration_delay.timeout_seconds", "0 to 3600 s"},
	{"services[].alb.loadBalancer", Reference, "which ALB's listener gets the rule", "the id of an entry of ingress.albs"},
	{"services[].alb.paths[]", Checked, "ListenerRule Conditions path-pattern Values", "/ and up to 128 of A-Z a-z 0-9 _ - . $ / ~ \" ' @ : + & * ?"},
	{"services[].alb.loginPaths[]", Checked, "ListenerRule Conditions path-pattern Values of a login rule: the path and the path with /*", "a path pattern as paths, at most 126 characters (the /* form is 128), not every path, each once"},
	{"services[].alb.hosts[]", Checked, "ListenerRule Conditions host-header Values", "1-128 of A-Z a-z 0-9 - . * ?"},
	{"services[].alb.priority", Checked, "ListenerRule Priority", "1 to 50000, unique on the listener"},
	{"services[].alb.healthCheck.protocol", Choice, "TargetGroup HealthCheckProtocol", "HTTP or HTTPS"},
	{"services[].alb.healthCheck.path", Checked, "TargetGroup HealthCheckPath", "/ and up to 1024 URL path characters"},
	{"services[].alb.healthCheck.interval", Checked, "TargetGroup HealthCheckIntervalSeconds", "5 to 300 s"},
	{"services[].alb.healthCheck.timeout", Checked, "TargetGroup HealthCheckTimeoutSeconds", "2 to 120 s, shorter than the interval"},
	{"services[].alb.healthCheck.healthy", Checked, "TargetGroup HealthyThresholdCount", "2 to 10"},
	{"services[].alb.healthCheck.unhealthy", Checked, "TargetGroup UnhealthyThresholdCount", "2 to 10"},
	{"services[].alb.healthCheck.codes", Checked, "TargetGroup Matcher HttpCode", "HTTP codes and ranges such as 200 or 200-399,404"},
	{"services[].alb.deregistrationDelay", Checked, "TargetGroupAttributes deregistration_delay.timeout_seconds", "0 to 3600 s"},
	{"services[].logs.retention", Checked, "AWS::Logs::LogGroup RetentionInDays", "one of the periods CloudWatch Logs offers (1, 3, 5, 7, 14, 30 ... 3653 days)"},
	{"services[].logs.group", Checked, "AWS::Logs::LogGroup LogGroupName, awslogs-group", "1-512 of letters, digits and . - _ / #"},
	{"services[].logs.streamPrefix", Checked, "LogConfiguration awslogs-stream-prefix", "at most 256 characters, no : or *"},
	{"services[].deployment.minPercent", Checked, "DeploymentConfiguration MinimumHealthyPercent", "0 to 100, below maxPercent"},
	{"services[].deployment.maxPercent", Checked, "DeploymentConfiguration MaximumPercent", "100 to 400, above minPercent"},
	{"services[].deployment.gracePeriod", Checked, "Service HealthCheckGracePeriodSeconds", "0 or more seconds, at least each container's health check start period"},
	{"services[].autoscaling.min", Checked, "AWS::ApplicationAutoScaling::ScalableTarget MinCapacity", "1 to 5000, at most max"},
	{"services[].autoscaling.max", Checked, "ScalableTarget MaxCapacity", "1 to 5000, at least min"},
	{"services[].autoscaling.cpu", Checked, "ScalingPolicy TargetValue (ECSServiceAverageCPUUtilization)", "10 to 95 percent"},
	{"services[].autoscaling.memory", Checked, "ScalingPolicy TargetValue (ECSServiceAverageMemoryUtilization)", "10 to 95 percent"},
	{"services[].autoscaling.scaleInCooldown", Checked, "ScalingPolicy ScaleInCooldown", "0 to 3600 s"},
	{"services[].autoscaling.scaleOutCooldown", Checked, "ScalingPolicy ScaleOutCooldown", "0 to 3600 s"},
	{"services[].egress[].cidr", Checked, "AWS::EC2::SecurityGroupEgress CidrIp", "an IPv4 network address"},
	{"services[].egress[].port", Checked, "SecurityGroupEgress FromPort and ToPort", "1 to 65535"},
	{"services[].egress[].protocol", Choice, "SecurityGroupEgress IpProtocol", "tcp or udp"},
	{"userPools[].name", Checked, "logical IDs, AWS::Cognito::UserPool UserPoolName, authorizer names, outputs", "lowercase letters, digits and hyphens, starting with a letter, at most 32, unique"},
	{"userPools[].arn", Checked, "authorizer ProviderARNs, authenticate-cognito UserPoolArn", "a Cognito user pool ARN"},
	{"userPools[].domain.prefix", Checked, "AWS::Cognito::UserPoolDomain Domain (amazoncognito.com)", "1-63 lowercase letters, digits and hyphens, no hyphen at either end; not containing aws, amazon or cognito"},
	{"userPools[].domain.name", Checked, "AWS::Cognito::UserPoolDomain Domain, its alias record", "a DNS name in dns.zone"},
	{"userPools[].domain.certificate", Checked, "UserPoolDomain CustomDomainConfig CertificateArn", "an ACM certificate ARN in us-east-1 (Cognito's custom domains are served by CloudFront)"},
	{"userPools[].users[].username", Checked, "AWS::Cognito::UserPoolUser Username", "1-128 visible characters, no spaces, each once"},
	{"userPools[].users[].email", Checked, "UserPoolUser UserAttributes email", "an e-mail address (the invitation goes there)"},
	{"api.name", Written, "AWS::ApiGateway::RestApi Name, OpenAPI info.title", "at most 1024 characters; no ${ (the document is a Body, not a Fn::Sub)"},
	{"api.stage", Checked, "AWS::ApiGateway::Stage StageName, ARNs and URLs built with it", "1-128 letters, digits, hyphens and underscores"},
	{"api.backend", Choice, "VPC link to the NLB or internal ALBs, or public ALBs over HTTPS", "nlb, alb or alb-public"},
	{"api.vpcLink", Choice, "AWS::ApiGatewayV2::VpcLink or AWS::ApiGateway::VpcLink", "v2 or v1"},
	{"api.throttle.rate", Checked, "Stage MethodSettings ThrottlingRateLimit", "1 to 10000 requests/s (the account's default Region quota)"},
	{"api.throttle.burst", Checked, "Stage MethodSettings ThrottlingBurstLimit", "1 to 5000 requests"},
	{"api.cors.origin", Checked, "OpenAPI OPTIONS mock Access-Control-Allow-Origin, gateway responses", "* or one origin: http(s)://host[:port], lowercase"},
	{"api.cors.headers[]", Checked, "OpenAPI Access-Control-Allow-Headers", "1-64 letters, digits and hyphens"},
	{"api.cors.maxAge", Checked, "OpenAPI Access-Control-Max-Age", "0 to 86400 s"},
	{"api.routes[].path", Checked, "OpenAPI paths, RestApi resources", "/ then segments of letters, digits and - . _ ~ or one {variable} per segment, the same variable name at each level"},
	{"api.routes[].method", Choice, "OpenAPI operation", "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY"},
	{"api.routes[].service", Reference, "the integration URI (VPC link to the NLB listener, or the ALB host)", "a service attached to the backend"},
	{"api.routes[].auth.userPool", Reference, "OpenAPI security scheme (Cognito authorizer)", "an entry of userPools"},
	{"api.routes[].auth.scopes[]", Checked, "OpenAPI security scopes", "1-256 printable ASCII without \" or \\, for an existing pool only"},
	{"api.routes[].integration", Choice, "OpenAPI x-amazon-apigateway-integration", "proxy or claims"},
	{"api.routes[].claims[]", Checked, "integration request template ($context.authorizer.claims['NAME'])", "1-128 of letters, digits and _ . : -, distinct as JSON keys"},
	{"api.routes[].timeout", Checked, "integration timeoutInMillis", "1 to 29 s (up to 300 s with raisedTimeoutQuota)"},
	{"cdn.domains[]", Checked, "AWS::CloudFront::Distribution Aliases, Route 53 records", "DNS names (a leading *. allowed), each once"},
	{"cdn.certificate", Checked, "Distribution ViewerCertificate AcmCertificateArn", "an ACM certificate ARN in us-east-1 (CloudFront's rule)"},
	{"cdn.originTimeout", Checked, "Distribution Origins[].CustomOriginConfig OriginReadTimeout", "1 to 60 s (180 with a raised quota), at least every route's timeout"},
	{"cdn.priceClass", Choice, "Distribution PriceClass", "PriceClass_All, PriceClass_200 or PriceClass_100"},
	{"parameters.prefix", Checked, "parameter names, the task role's ssm:GetParametersByPath resource", "a fully qualified Parameter Store name: / then levels of letters, digits and . - _, at most 15 levels and 1011 characters, not aws... or ssm..."},
	{"parameters.create[].name", Checked, "AWS::SSM::Parameter Name", "a Parameter Store name (as prefix), each once"},
	{"parameters.create[].value", Written, "AWS::SSM::Parameter Value", "1-4096 characters (a standard parameter); stack values through Fn::Sub as in environment values"},
	{"parameters.create[].type", Choice, "AWS::SSM::Parameter Type", "String (CloudFormation cannot create a SecureString)"},
	{"parameters.create[].description", Written, "AWS::SSM::Parameter Description", "at most 1024 characters"},
	{"kmsKeys[].name", Checked, "references from secrets (kmsKey)", "lowercase letters, digits and hyphens, at most 32, unique"},
	{"kmsKeys[].arn", Checked, "IAM kms:Decrypt resources, AWS::SecretsManager::Secret KmsKeyId", "a KMS key ARN (an alias cannot be granted in IAM)"},
	{"secrets[].name", Checked, "AWS::SecretsManager::Secret Name (<stack>/<name>), logical IDs", "lowercase letters, digits and hyphens, at most 64, unique"},
	{"secrets[].description", Written, "AWS::SecretsManager::Secret Description", "at most 2048 characters"},
	{"secrets[].length", Checked, "GenerateSecretString PasswordLength", "8 to 4096 characters"},
	{"secrets[].jsonKey", Checked, "GenerateSecretString GenerateStringKey", "1-128 letters, digits and _ . -"},
	{"secrets[].fields{}", Checked, "GenerateSecretString SecretStringTemplate keys", "1-128 letters, digits and _ . -, not the jsonKey, no secret-looking name"},
	{"secrets[].fields.*", Written, "GenerateSecretString SecretStringTemplate values (JSON-encoded)", "any text; the JSON object is encoded by gen"},
	{"secrets[].kmsKey", Reference, "Secret KmsKeyId, IAM kms:Decrypt", "an entry of kmsKeys"},
	{"secrets[].value", Checked, "nothing", "refused: the template generates the value"},
	{"pipeline.source.connection", Checked, "AWS::CodePipeline::Pipeline source ConnectionArn, IAM codeconnections:UseConnection", "a CodeConnections (or CodeStar Connections) connection ARN"},
	{"pipeline.source.repository", Checked, "source FullRepositoryId", "owner/name of letters, digits and _ . -"},
	{"pipeline.source.branch", Checked, "source BranchName", "1-255 letters, digits and . _ / -, no .."},
	{"pipeline.stack", Checked, "deploy action StackName, IAM resources", "1-128 letters, digits and hyphens, starting with a letter (CloudFormation's stack name rule)"},
	{"pipeline.directory", Checked, "buildspec paths", "a relative path inside the repository of letters, digits and . _ - /"},
	{"pipeline.image", Written, "AWS::CodeBuild::Project Environment Image", "an image reference, written as is"},
	{"pipeline.computeType", Choice, "CodeBuild Environment ComputeType", "BUILD_GENERAL1_SMALL ... BUILD_GENERAL1_2XLARGE"},
	{"pipeline.deploy", Choice, "the deploy action's provider", "cloudformation or ecs"},
	{"pipeline.deployRole", Checked, "deploy action RoleArn, iam:PassRole resource", "an IAM role ARN; required with deploy cloudformation"},
	{"pipeline.builds[].service", Reference, "buildspec image names, the image parameter set", "a service of the Blueprint"},
	{"pipeline.builds[].container", Reference, "buildspec image names, the image parameter set", "a container of that service whose image is in a repository the template creates, with a tag"},
	{"pipeline.builds[].dockerfile", Checked, "buildspec docker build -f", "a relative path inside the repository of letters, digits and . _ - /"},
	{"pipeline.builds[].context", Checked, "buildspec docker build context", "a relative path inside the repository of letters, digits and . _ - /"},
	{"waf.rateLimit", Checked, "AWS::WAFv2::WebACL RateBasedStatement Limit", "10 to 2000000000 requests per 5 minutes"},
	{"waf.cloudFront", Checked, "AWS::CloudFront::Distribution WebACLId", "a global (CLOUDFRONT scope) web ACL ARN in us-east-1; a regional ARN is refused with the reason"},
	{"stacks", Unrendered, "how many template files gen writes", "single or nested"},
	{"quotas{}", Unrendered, "nothing: tells gen about raised quotas", "a key of the quota table whose quota is adjustable"},
	{"quotas.*", Unrendered, "nothing: the limit gen checks against", "above AWS's default and at most the highest value AWS grants"},
	{"environments{}", Unrendered, "the name of gen's output folder for the environment", "1-32 lowercase letters, digits and hyphens, starting with a letter"},
	{"overrides[].op", Choice, "nothing: the JSON Patch operation applied to the rendered template", "add, remove, replace, move, copy or test"},
	{"overrides[].path", Unrendered, "nothing: where the operation applies", "a JSON Pointer that exists in the rendered file (for add: its parent), checked after rendering"},
	{"overrides[].from", Unrendered, "nothing: where move and copy take the value", "a JSON Pointer that exists in the rendered file"},
	{"overrides[].template", Reference, "nothing: the file the operation applies to", "template.yaml, or stacks/<service>.yaml of a service with stacks: nested"},
	{"apiOverrides[].op", Choice, "nothing: the JSON Patch operation applied to the OpenAPI document", "add, remove, replace, move, copy or test"},
	{"apiOverrides[].path", Unrendered, "nothing: where the operation applies", "a JSON Pointer that exists in the document (for add: its parent), checked after rendering"},
	{"apiOverrides[].from", Unrendered, "nothing: where move and copy take the value", "a JSON Pointer that exists in the document"},
	{"apiOverrides[].template", Checked, "nothing", "refused: apiOverrides apply to the OpenAPI document"},
}

// InventoryField returns the inventory entry for a field pattern.
func InventoryField(path string) (Field, bool) {
	for _, f := range Inventory {
		if f.Path == path {
			return f, true
		}
	}
	return Field{}, false
}
