package controls

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// breaking is, for every control of Table, a template that breaks it: the
// control and the resource it must be found on, then the template's
// resources. Each case is checked with Check, and, where cfn-guard is
// installed, with AWS's own rules: the same findings on every case file,
// no more, no fewer (the goldens show the controls met; these show each
// one broken).
var breaking = []struct {
	control, resource, resources string
}{
	{"CT.APIGATEWAY.PR.1", "Stage", `
  Stage: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: abc123, StageName: prod, TracingEnabled: true}}`},
	{"CT.APIGATEWAY.PR.2", "Stage", `
  Stage: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: abc123, StageName: prod, TracingEnabled: false, MethodSettings: [{HttpMethod: "*", ResourcePath: "/*", LoggingLevel: ERROR}]}}`},
	{"CT.APIGATEWAY.PR.3", "Stage", `
  Stage: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: abc123, StageName: prod, TracingEnabled: true, CacheClusterEnabled: true, MethodSettings: [{HttpMethod: "*", ResourcePath: "/*", LoggingLevel: ERROR, CachingEnabled: true, CacheDataEncrypted: false}]}}`},
	{"CT.CLOUDFRONT.PR.1", "Cdn", cloudFront(`DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}`)},
	{"CT.CLOUDFRONT.PR.3", "Cdn", cloudFront(`DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: allow-all}`)},
	{"CT.CLOUDFRONT.PR.4", "Cdn", cloudFront(`DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}`)},
	{"CT.CLOUDFRONT.PR.5", "Cdn", cloudFront(`DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}`)},
	{"CT.CLOUDFRONT.PR.6", "Cdn", `
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}
        Origins: [{Id: api, DomainName: api.example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}}]
        ViewerCertificate: {CloudFrontDefaultCertificate: true}`},
	{"CT.CLOUDFRONT.PR.7", "Cdn", `
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}
        Origins: [{Id: api, DomainName: api.example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}}]
        ViewerCertificate: {AcmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", SslSupportMethod: vip, MinimumProtocolVersion: TLSv1.2_2021}`},
	{"CT.CLOUDFRONT.PR.8", "Cdn", `
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}
        Origins: [{Id: api, DomainName: api.example.com, CustomOriginConfig: {OriginProtocolPolicy: http-only}}]`},
	{"CT.CLOUDFRONT.PR.10", "Cdn", `
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: site, ViewerProtocolPolicy: https-only}
        Origins: [{Id: site, DomainName: site.s3.amazonaws.com, S3OriginConfig: {}}]`},
	{"CT.CLOUDFRONT.PR.11", "Cdn", `
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}
        Origins: [{Id: api, DomainName: api.example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [SSLv3, TLSv1.2]}}]`},
	{"CT.CLOUDWATCH.PR.1", "Alarm", `
  Alarm: {Type: AWS::CloudWatch::Alarm, Properties: {ComparisonOperator: GreaterThanThreshold, EvaluationPeriods: 1, MetricName: CPUUtilization, Namespace: AWS/ECS, Period: 60, Statistic: Average, Threshold: 90}}`},
	{"CT.CLOUDWATCH.PR.2", "Logs", `
  Logs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 30}}`},
	{"CT.CLOUDWATCH.PR.3", "Logs", `
  Logs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 365}}`},
	{"CT.CLOUDWATCH.PR.4", "Alarm", `
  Alarm: {Type: AWS::CloudWatch::Alarm, Properties: {ActionsEnabled: false, AlarmActions: ["arn:aws:sns:eu-west-1:123456789012:oncall"], ComparisonOperator: GreaterThanThreshold, EvaluationPeriods: 1, MetricName: CPUUtilization, Namespace: AWS/ECS, Period: 60, Statistic: Average, Threshold: 90}}`},
	{"CT.CODEBUILD.PR.1", "Build", codeBuild(`Source: {Type: GITHUB, Location: "https://user:secret@github.com/example/app.git"}`, `Type: LINUX_CONTAINER`)},
	{"CT.CODEBUILD.PR.2", "Build", codeBuild(`Source: {Type: CODEPIPELINE}`, `Type: LINUX_CONTAINER
          EnvironmentVariables: [{Name: AWS_SECRET_ACCESS_KEY, Type: PLAINTEXT, Value: abc}]`)},
	{"CT.CODEBUILD.PR.3", "Build", `
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: arn:aws:iam::123456789012:role/build
      Artifacts: {Type: CODEPIPELINE}
      Source: {Type: CODEPIPELINE}
      Environment: {Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: "aws/codebuild/standard:7.0"}
      LogsConfig: {CloudWatchLogs: {Status: DISABLED}}`},
	{"CT.CODEBUILD.PR.4", "Build", codeBuild(`Source: {Type: CODEPIPELINE}`, `Type: LINUX_CONTAINER
          PrivilegedMode: true`)},
	{"CT.CODEBUILD.PR.6", "Build", `
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: arn:aws:iam::123456789012:role/build
      Artifacts: {Type: CODEPIPELINE}
      Source: {Type: CODEPIPELINE}
      Environment: {Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: "aws/codebuild/standard:7.0"}
      LogsConfig: {S3Logs: {Status: ENABLED, Location: logs-bucket/build, EncryptionDisabled: true}}`},
	{"CT.EC2.PR.3", "Group", `
  Group: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 8080, ToPort: 8080, CidrIp: 0.0.0.0/0}]}}`},
	{"CT.EC2.PR.4", "Group", `
  Group: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0}]}}`},
	{"CT.EC2.PR.11", "Subnet", `
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: vpc-0123456789abcdef0, CidrBlock: 10.0.0.0/24, MapPublicIpOnLaunch: true}}`},
	{"CT.ECR.PR.1", "Repository", `
  Repository: {Type: AWS::ECR::Repository, Properties: {ImageTagMutability: IMMUTABLE, ImageScanningConfiguration: {ScanOnPush: true}}}`},
	{"CT.ECR.PR.2", "Repository", `
  Repository: {Type: AWS::ECR::Repository, Properties: {ImageTagMutability: IMMUTABLE, ImageScanningConfiguration: {ScanOnPush: false}, LifecyclePolicy: {LifecyclePolicyText: "{}"}}}`},
	{"CT.ECR.PR.3", "Repository", `
  Repository: {Type: AWS::ECR::Repository, Properties: {ImageTagMutability: MUTABLE, ImageScanningConfiguration: {ScanOnPush: true}, LifecyclePolicy: {LifecyclePolicyText: "{}"}}}`},
	{"CT.ECS.PR.1", "Service", `
  Service: {Type: AWS::ECS::Service, Properties: {LaunchType: FARGATE, PlatformVersion: 1.3.0, TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1}}`},
	{"CT.ECS.PR.2", "Cluster", `
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterSettings: [{Name: containerInsights, Value: disabled}]}}`},
	{"CT.ECS.PR.3", "Task", task(`ReadonlyRootFilesystem: true, Memory: 512`)},
	{"CT.ECS.PR.4", "Task", `
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: bridge
      ContainerDefinitions: [{Name: app, Image: app, User: "1000", ReadonlyRootFilesystem: true, Memory: 512, LogConfiguration: {LogDriver: awslogs}}]`},
	{"CT.ECS.PR.5", "Task", `
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      ContainerDefinitions: [{Name: app, Image: app, User: "1000", ReadonlyRootFilesystem: true, Memory: 512}]`},
	{"CT.ECS.PR.6", "Task", task(`User: "1000", ReadonlyRootFilesystem: false, Memory: 512`)},
	{"CT.ECS.PR.7", "Task", task(`User: "1000", ReadonlyRootFilesystem: true`)},
	{"CT.ECS.PR.8", "Task", `
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: host
      ContainerDefinitions: [{Name: app, Image: app, User: root, ReadonlyRootFilesystem: true, Memory: 512, LogConfiguration: {LogDriver: awslogs}}]`},
	{"CT.ECS.PR.9", "Service", `
  Service: {Type: AWS::ECS::Service, Properties: {LaunchType: FARGATE, TaskDefinition: arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1, NetworkConfiguration: {AwsvpcConfiguration: {AssignPublicIp: ENABLED, Subnets: [subnet-0123456789abcdef0]}}}}`},
	{"CT.ECS.PR.10", "Task", `
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      PidMode: host
      ContainerDefinitions: [{Name: app, Image: app, User: "1000", ReadonlyRootFilesystem: true, Memory: 512, LogConfiguration: {LogDriver: awslogs}}]`},
	{"CT.ECS.PR.11", "Task", task(`User: "1000", ReadonlyRootFilesystem: true, Memory: 512, Privileged: true`)},
	{"CT.ECS.PR.12", "Task", task(`User: "1000", ReadonlyRootFilesystem: true, Memory: 512, Environment: [{Name: AWS_ACCESS_KEY_ID, Value: AKIAEXAMPLE}]`)},
	{"CT.ELASTICFILESYSYSTEM.PR.1", "Files", `
  Files: {Type: AWS::EFS::FileSystem, Properties: {Encrypted: false, BackupPolicy: {Status: ENABLED}}}`},
	{"CT.ELASTICFILESYSYSTEM.PR.2", "Files", `
  Files: {Type: AWS::EFS::FileSystem, Properties: {Encrypted: true, BackupPolicy: {Status: DISABLED}}}`},
	{"CT.ELASTICFILESYSYSTEM.PR.3", "Point", `
  Point: {Type: AWS::EFS::AccessPoint, Properties: {FileSystemId: fs-0123456789abcdef0, PosixUser: {Uid: "1000", Gid: "1000"}, RootDirectory: {Path: /}}}`},
	{"CT.ELASTICFILESYSYSTEM.PR.4", "Point", `
  Point: {Type: AWS::EFS::AccessPoint, Properties: {FileSystemId: fs-0123456789abcdef0, RootDirectory: {Path: /data}}}`},
	{"CT.ELASTICLOADBALANCING.PR.1", "Http", `
  Http: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: arn, Port: 80, Protocol: HTTP, DefaultActions: [{Type: forward, TargetGroupArn: tg}]}}`},
	{"CT.ELASTICLOADBALANCING.PR.2", "Https", `
  Https: {Type: AWS::ElasticLoadBalancingV2::Listener, Properties: {LoadBalancerArn: arn, Port: 443, Protocol: HTTPS, SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06, Certificates: [{CertificateArn: "arn:aws:iam::123456789012:server-certificate/web"}], DefaultActions: [{Type: forward, TargetGroupArn: tg}]}}`},
	{"CT.ELASTICLOADBALANCING.PR.3", "Alb", loadBalancer(`{Key: routing.http.desync_mitigation_mode, Value: monitor}, {Key: routing.http.drop_invalid_header_fields.enabled, Value: "true"}`)},
	{"CT.ELASTICLOADBALANCING.PR.4", "Alb", loadBalancer(`{Key: routing.http.drop_invalid_header_fields.enabled, Value: "false"}`)},
	{"CT.ELASTICLOADBALANCING.PR.5", "Alb", loadBalancer(`{Key: routing.http.drop_invalid_header_fields.enabled, Value: "true"}, {Key: access_logs.s3.enabled, Value: "true"}, {Key: access_logs.s3.bucket, Value: logs}`)},
	{"CT.ELASTICLOADBALANCING.PR.6", "Alb", loadBalancer(`{Key: routing.http.drop_invalid_header_fields.enabled, Value: "true"}, {Key: deletion_protection.enabled, Value: "true"}`)},
	{"CT.ELASTICLOADBALANCING.PR.14", "Nlb", `
  Nlb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: network, Scheme: internal, Subnets: [subnet-0123456789abcdef0], LoadBalancerAttributes: [{Key: load_balancing.cross_zone.enabled, Value: "false"}]}}`},
	{"CT.IAM.PR.2", "Policy", `
  Policy: {Type: AWS::IAM::ManagedPolicy, Properties: {PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}}}`},
	{"CT.IAM.PR.3", "Policy", `
  Policy: {Type: AWS::IAM::ManagedPolicy, Properties: {PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "arn:aws:s3:::bucket"}]}}}`},
	{"CT.IAM.PR.4", "User", `
  User: {Type: AWS::IAM::User, Properties: {Policies: [{PolicyName: p, PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*"}]}}]}}`},
	{"CT.IAM.PR.5", "Role", `
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}, Policies: [{PolicyName: p, PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}}]}}`},
	{"CT.KMS.PR.1", "Key", key(`EnableKeyRotation: false`, `KeyUsage: ENCRYPT_DECRYPT`)},
	{"CT.KMS.PR.2", "Key", key(`KeySpec: RSA_2048`, `KeyUsage: ENCRYPT_DECRYPT`)},
	{"CT.KMS.PR.3", "Key", `
  Key: {Type: AWS::KMS::Key, Properties: {EnableKeyRotation: true, KeyPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::123456789012:root"}, Action: "kms:*", Resource: "*"}]}}}`},
	{"CT.S3.PR.1", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket, Properties: {PublicAccessBlockConfiguration: {BlockPublicAcls: false}}}`},
	{"CT.S3.PR.2", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket}`},
	{"CT.S3.PR.3", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket, Properties: {VersioningConfiguration: {Status: Enabled}}}`},
	{"CT.S3.PR.4", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket}`},
	{"CT.S3.PR.5", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket, Properties: {AccessControl: PublicRead}}`},
	{"CT.S3.PR.6", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket}`},
	{"CT.S3.PR.8", "Policy", `
  Bucket: {Type: AWS::S3::Bucket}
  Policy: {Type: AWS::S3::BucketPolicy, Properties: {Bucket: !Ref Bucket, PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: logging.s3.amazonaws.com}, Action: "s3:PutObject", Resource: !Sub "${Bucket.Arn}/*"}]}}}`},
	{"CT.S3.PR.9", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket}`},
	{"CT.S3.PR.10", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket, Properties: {BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]}}}`},
	{"CT.S3.PR.11", "Bucket", `
  Bucket: {Type: AWS::S3::Bucket}`},
	{"CT.CLOUDFRONT.PR.9", "Cdn", `
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: https-only}
        Origins: [{Id: api, DomainName: api.example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}}]
        ViewerCertificate: {AcmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1_2016}`},
	{"CT.CODEBUILD.PR.5", "Build", `
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: arn:aws:iam::123456789012:role/build
      Artifacts: {Type: S3, Location: artifacts-bucket, EncryptionDisabled: true}
      Source: {Type: CODEPIPELINE}
      Environment: {Type: LINUX_CONTAINER, ComputeType: BUILD_GENERAL1_SMALL, Image: "aws/codebuild/standard:7.0"}`},
	{"CT.ELASTICLOADBALANCING.PR.15", "Targets", `
  Targets: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Protocol: HTTP, Port: 8080, VpcId: vpc-0123456789abcdef0, TargetGroupAttributes: [{Key: load_balancing.cross_zone.enabled, Value: "false"}]}}`},
	{"CT.IAM.PR.1", "Role", `
  Role: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: "sts:AssumeRole"}]}, Policies: [{PolicyName: p, PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}}]}}`},
	{"CT.DYNAMODB.PR.1", "Items", `
  Items: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PAY_PER_REQUEST, KeySchema: [{AttributeName: id, KeyType: HASH}], AttributeDefinitions: [{AttributeName: id, AttributeType: S}], SSESpecification: {SSEEnabled: true}}}`},
	{"CT.DYNAMODB.PR.2", "Items", `
  Items: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PAY_PER_REQUEST, KeySchema: [{AttributeName: id, KeyType: HASH}], AttributeDefinitions: [{AttributeName: id, AttributeType: S}], PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}, SSESpecification: {SSEEnabled: false}}}`},
	{"CT.SQS.PR.1", "Work", `
  Work: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: true, RedriveAllowPolicy: {redrivePermission: denyAll}}}
  Dead: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: true, RedriveAllowPolicy: {redrivePermission: allowAll}}}
  Kept: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: true, RedrivePolicy: {deadLetterTargetArn: {"Fn::GetAtt": [Dead, Arn]}, maxReceiveCount: 5}}}`},
	{"CT.SQS.PR.2", "Plain", `
  Plain: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: false, RedrivePolicy: {deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:dead", maxReceiveCount: 5}}}
  Both: {Type: AWS::SQS::Queue, Properties: {SqsManagedSseEnabled: true, KmsMasterKeyId: alias/aws/sqs, RedrivePolicy: {deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:dead", maxReceiveCount: 5}}}`},
	{"CT.STEPFUNCTIONS.PR.1", "Machine", `
  Runs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 365}}
  Machine: {Type: AWS::StepFunctions::StateMachine, Properties: {RoleArn: "arn:aws:iam::123456789012:role/run", Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}, TracingConfiguration: {Enabled: true}, LoggingConfiguration: {Level: "OFF", Destinations: [{CloudWatchLogsLogGroup: {LogGroupArn: {"Fn::GetAtt": [Runs, Arn]}}}]}}}`},
	{"CT.STEPFUNCTIONS.PR.2", "Machine", `
  Runs: {Type: AWS::Logs::LogGroup, Properties: {RetentionInDays: 365}}
  Machine: {Type: AWS::StepFunctions::StateMachine, Properties: {RoleArn: "arn:aws:iam::123456789012:role/run", Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}, LoggingConfiguration: {Level: ERROR, Destinations: [{CloudWatchLogsLogGroup: {LogGroupArn: {"Fn::GetAtt": [Runs, Arn]}}}]}}}`},
	{"CT.WAFV2.PR.1", "Acl", `
  Acl: {Type: AWS::WAFv2::WebACL, Properties: {Scope: REGIONAL, DefaultAction: {Allow: {}}, VisibilityConfig: {CloudWatchMetricsEnabled: true, MetricName: acl, SampledRequestsEnabled: true}, Rules: []}}`},
}

func cloudFront(behavior string) string {
	return `
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ` + behavior + `
        Origins: [{Id: api, DomainName: api.example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only, OriginSSLProtocols: [TLSv1.2]}}]
        ViewerCertificate: {AcmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.2_2021}`
}

func codeBuild(source, environment string) string {
	return `
  Build:
    Type: AWS::CodeBuild::Project
    Properties:
      ServiceRole: arn:aws:iam::123456789012:role/build
      Artifacts: {Type: CODEPIPELINE}
      ` + source + `
      Environment:
          ComputeType: BUILD_GENERAL1_SMALL
          Image: "aws/codebuild/standard:7.0"
          ` + environment
}

func task(container string) string {
	return `
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      ContainerDefinitions: [{Name: app, Image: app, LogConfiguration: {LogDriver: awslogs}, ` + container + `}]`
}

func loadBalancer(attributes string) string {
	return `
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Type: application, Scheme: internal, Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1], LoadBalancerAttributes: [` + attributes + `]}}`
}

func key(a, b string) string {
	return `
  Key: {Type: AWS::KMS::Key, Properties: {` + a + `, ` + b + `, KeyPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::123456789012:root"}, Action: "kms:*", Resource: "*"}, {Effect: Deny, Principal: {AWS: "*"}, Action: "kms:CreateGrant", Resource: "*", Condition: {BoolIfExists: {"kms:GrantIsForAWSResource": "false"}}}]}}}`
}

// bareTypes are the resource types of Table, each written without
// Properties in a template of its own: AWS's rules fail every control that
// checks the type.
func bareTypes() []string {
	var types []string
	for typ := range checkedTypes() {
		types = append(types, typ)
	}
	sort.Strings(types)
	return types
}

// writeBreaking writes each case's template into dir and returns the files,
// in the order of breaking.
func writeBreaking(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	for i, c := range breaking {
		f := filepath.Join(dir, strings.ReplaceAll(c.control, ".", "-")+"-"+string(rune('a'+i%26))+".yaml")
		text := "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:" + c.resources + "\n"
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for _, typ := range bareTypes() {
		f := filepath.Join(dir, "bare-"+strings.ReplaceAll(typ, "::", "-")+".yaml")
		if err := os.WriteFile(f, []byte("Resources:\n  Bare: {Type: "+typ+"}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// TestEachControlBroken: every control of Table has a template that breaks
// it, and Check finds it there, on the resource that breaks it.
func TestEachControlBroken(t *testing.T) {
	covered := map[string]bool{}
	files := writeBreaking(t, t.TempDir())
	for i, c := range breaking {
		covered[c.control] = true
		if Lookup(c.control) == nil {
			t.Errorf("%s is not in Table", c.control)
			continue
		}
		data, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		findings, err := CheckFile(data)
		if err != nil {
			t.Fatalf("%s: %v", c.control, err)
		}
		found := false
		for _, f := range findings {
			found = found || (f.Control == c.control && f.Resource == c.resource)
		}
		if !found {
			t.Errorf("%s: Check does not find it on %s; it finds %v", c.control, c.resource, findings)
		}
	}
	for _, typ := range bareTypes() {
		findings, err := CheckFile([]byte("Resources:\n  Bare: {Type: " + typ + "}\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, c := range Table {
			if c.applies(typ) {
				want++
			}
		}
		if len(findings) != want {
			t.Errorf("a bare %s breaks %d controls, want every one of its %d", typ, len(findings), want)
		}
	}
	var missing []string
	for _, c := range Table {
		if !covered[c.ID] {
			missing = append(missing, c.ID)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("controls without a breaking template: %s", strings.Join(missing, ", "))
	}
}

// TestEachControlBrokenAsCfnGuardSays: on every breaking template, Check
// and cfn-guard with AWS's rules find the same controls on the same
// resources.
func TestEachControlBrokenAsCfnGuardSays(t *testing.T) {
	files := writeBreaking(t, t.TempDir())
	compare(t, guardFindings(t, files), ourFindings(t, files))
}
