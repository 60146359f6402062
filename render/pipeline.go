package render

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/awslabs/goformation/v7/cloudformation"
	"github.com/awslabs/goformation/v7/cloudformation/codebuild"
	"github.com/awslabs/goformation/v7/cloudformation/codepipeline"
	"github.com/awslabs/goformation/v7/cloudformation/iam"
	"github.com/awslabs/goformation/v7/cloudformation/policies"
	"github.com/awslabs/goformation/v7/cloudformation/s3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/intrinsic"
	"github.com/ecsgate/ecsgate/internal/shellword"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// builtImage is one image the pipeline builds.
type builtImage struct {
	build      blueprint.ImageBuild
	repository string // ECR repository name
	parameter  string // the service stack's tag parameter
}

func (r *builder) builtImages() []builtImage {
	var list []builtImage
	for _, b := range r.bp.Pipeline.Builds {
		c := r.bp.Service(b.Service).Container(b.Container)
		list = append(list, builtImage{build: b, repository: c.Image.Repository, parameter: id(b.Service, b.Container, "ImageTag")})
	}
	return list
}

// artifactBucket holds what passes between the stages: private, TLS only,
// encrypted with the AWS managed key of S3 (as CodePipeline's own default
// store is; CT.S3.PR.10), its events sent to EventBridge, and emptied of old
// artifacts by a lifecycle rule. With audit logs its S3 server access logs
// go to a bucket of the pipeline's own (a separate stack cannot write into
// the application's by reference), and under strict S3 Object Lock is on.
// It is retained: CloudFormation cannot delete a bucket that still holds
// objects; but not when the stack's creation rolls back, when it is still
// empty (RetainExceptOnCreate).
func (r *builder) artifactBucket() {
	bucket := newBucket(false, "BucketOwnerEnforced")
	awsManagedKey(bucket)
	bucket.LifecycleConfiguration = &s3.Bucket_LifecycleConfiguration{Rules: []s3.Bucket_Rule{{
		Id:                             cloudformation.String("expire-artifacts"),
		Status:                         "Enabled",
		ExpirationInDays:               cloudformation.Int(30),
		NoncurrentVersionExpiration:    &s3.Bucket_NoncurrentVersionExpiration{NoncurrentDays: 7},
		AbortIncompleteMultipartUpload: &s3.Bucket_AbortIncompleteMultipartUpload{DaysAfterInitiation: 1},
	}}}
	bucket.AWSCloudFormationDeletionPolicy = policies.DeletionPolicy("RetainExceptOnCreate")
	bucket.AWSCloudFormationUpdateReplacePolicy = policies.UpdateReplacePolicy("Retain")
	if r.bp.Strict() {
		bucket.ObjectLockEnabled = cloudformation.Bool(true)
	}
	if r.bp.AuditLogs() {
		destination := r.bp.Logs.Bucket
		if r.bp.CreatesPipelineLogsBucket() {
			destination = intrinsic.Ref(blueprint.PipelineLogsBucketID)
			r.add(blueprint.PipelineLogsBucketID, r.logBucket(logBucket{expireDays: r.bp.Logs.ExpireDays}))
			r.add(blueprint.PipelineLogsBucketID+"Policy", r.bucketPolicy(blueprint.PipelineLogsBucketID,
				serverAccessLogging(blueprint.PipelineLogsBucketID, []string{intrinsic.GetAtt(blueprint.ArtifactBucketID, "Arn")})))
			r.output(blueprint.PipelineLogsBucketID+"Name", "Bucket of the artifact bucket's S3 server access logs.", intrinsic.Ref(blueprint.PipelineLogsBucketID))
		}
		bucket.LoggingConfiguration = &s3.Bucket_LoggingConfiguration{
			DestinationBucketName: cloudformation.String(destination),
			LogFilePrefix:         cloudformation.String(accessLogsPrefix + "pipeline-artifacts/"),
		}
	}
	r.add(blueprint.ArtifactBucketID, bucket)
	r.add("ArtifactBucketPolicy", r.bucketPolicy(blueprint.ArtifactBucketID))
	r.output("ArtifactBucketName", "Bucket of the pipeline's artifacts.", intrinsic.Ref(blueprint.ArtifactBucketID))
}

func artifactObjects() string { return intrinsic.Sub("${ArtifactBucket.Arn}/*") }

func (r *builder) repositoryARN(name string) string {
	return intrinsic.Sub("arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/" + name)
}

// buildProject builds and pushes the images. Docker needs privileged mode.
func (r *builder) buildProject() {
	p := r.bp.Pipeline
	var repos []string
	for _, img := range r.builtImages() {
		repos = appendUnique(repos, r.repositoryARN(img.repository))
	}
	r.logGroup("BuildLogs", "/codebuild/${AWS::StackName}", "/codebuild/${AWS::StackName}", r.logRetention())
	r.add("BuildRole", &iam.Role{
		Description:              cloudformation.String("CodeBuild: builds and pushes the images of " + r.bp.Name),
		AssumeRolePolicyDocument: serviceTrust("codebuild.amazonaws.com"),
		Policies: []iam.Role_Policy{{PolicyName: "build", PolicyDocument: policy(
			statement{Sid: "WriteLogs", Effect: "Allow", Action: []string{"logs:CreateLogStream", "logs:PutLogEvents"}, Resource: []string{intrinsic.GetAtt("BuildLogs", "Arn")}},
			statement{Sid: "Artifacts", Effect: "Allow", Action: []string{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, Resource: []string{artifactObjects()}},
			statement{
				Sid: "AuthenticateToEcr", Effect: "Allow", Action: []string{"ecr:GetAuthorizationToken"},
				// AWS requires "*": GetAuthorizationToken has no resource-level permissions.
				Resource: []string{"*"},
			},
			statement{
				Sid: "PushImages", Effect: "Allow",
				Action: []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages",
					"ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"},
				Resource: repos,
			},
		)}},
	})
	r.add("BuildProject", &codebuild.Project{
		Description: cloudformation.String("Builds the images of " + r.bp.Name + " and writes the deploy artifacts"),
		ServiceRole: intrinsic.GetAtt("BuildRole", "Arn"),
		Source:      &codebuild.Project_Source{Type: "CODEPIPELINE", BuildSpec: cloudformation.String(path.Join(p.Directory, BuildspecFile))},
		Artifacts:   &codebuild.Project_Artifacts{Type: "CODEPIPELINE"},
		Environment: &codebuild.Project_Environment{
			Type:           buildEnvironmentType(p),
			Image:          p.Image,
			ComputeType:    p.ComputeType,
			PrivilegedMode: cloudformation.Bool(true),
			EnvironmentVariables: []codebuild.Project_EnvironmentVariable{{
				Name: "REGISTRY", Value: intrinsic.Sub("${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}"),
			}},
		},
		LogsConfig:       &codebuild.Project_LogsConfig{CloudWatchLogs: &codebuild.Project_CloudWatchLogsConfig{Status: "ENABLED", GroupName: intrinsic.RefPtr("BuildLogs")}},
		TimeoutInMinutes: cloudformation.Int(30),
	})
	r.output("BuildProjectName", "CodeBuild project that builds the images.", intrinsic.Ref("BuildProject"))
}

// codePipeline wires Source -> Build -> Deploy.
func (r *builder) codePipeline() {
	p := r.bp.Pipeline
	statements := []statement{
		{Sid: "Artifacts", Effect: "Allow", Action: []string{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"}, Resource: []string{artifactObjects()}},
		{Sid: blueprint.ArtifactBucketID, Effect: "Allow", Action: []string{"s3:GetBucketLocation", "s3:GetBucketVersioning"}, Resource: []string{intrinsic.GetAtt(blueprint.ArtifactBucketID, "Arn")}},
		{Sid: "Source", Effect: "Allow", Action: []string{connectionService(p.Source.Connection) + ":UseConnection"}, Resource: []string{p.Source.Connection}},
		{Sid: "Build", Effect: "Allow", Action: []string{"codebuild:BatchGetBuilds", "codebuild:StartBuild"}, Resource: []string{intrinsic.GetAtt("BuildProject", "Arn")}},
	}
	var deploy []codepipeline.Pipeline_ActionDeclaration
	if p.Deploy == blueprint.DeployECS {
		statements = append(statements, r.ecsDeployStatements()...)
		deploy = r.ecsDeployActions()
	} else {
		statements = append(statements, r.stackDeployStatements()...)
		deploy = []codepipeline.Pipeline_ActionDeclaration{{
			Name:           "UpdateStack",
			ActionTypeId:   &codepipeline.Pipeline_ActionTypeId{Category: "Deploy", Owner: "AWS", Provider: "CloudFormation", Version: "1"},
			InputArtifacts: []codepipeline.Pipeline_InputArtifact{{Name: "BuildOutput"}},
			Configuration: map[string]any{
				"ActionMode":            "CREATE_UPDATE",
				"StackName":             p.Stack,
				"TemplatePath":          "BuildOutput::" + TemplateArtifact,
				"TemplateConfiguration": "BuildOutput::" + ParametersArtifact,
				"Capabilities":          "CAPABILITY_NAMED_IAM",
				"RoleArn":               p.DeployRole,
			},
		}}
	}
	r.add("PipelineRole", &iam.Role{
		Description:              cloudformation.String("CodePipeline of " + r.bp.Name),
		AssumeRolePolicyDocument: serviceTrust("codepipeline.amazonaws.com"),
		Policies:                 []iam.Role_Policy{{PolicyName: "pipeline", PolicyDocument: policy(statements...)}},
	})
	r.add("Pipeline", &codepipeline.Pipeline{
		PipelineType:  cloudformation.String("V2"),
		ExecutionMode: cloudformation.String("QUEUED"),
		RoleArn:       intrinsic.GetAtt("PipelineRole", "Arn"),
		ArtifactStore: &codepipeline.Pipeline_ArtifactStore{Type: "S3", Location: intrinsic.Ref(blueprint.ArtifactBucketID)},
		Stages: []codepipeline.Pipeline_StageDeclaration{
			{Name: "Source", Actions: []codepipeline.Pipeline_ActionDeclaration{{
				Name:            "Source",
				ActionTypeId:    &codepipeline.Pipeline_ActionTypeId{Category: "Source", Owner: "AWS", Provider: "CodeStarSourceConnection", Version: "1"},
				OutputArtifacts: []codepipeline.Pipeline_OutputArtifact{{Name: "SourceOutput"}},
				Configuration: map[string]any{
					"ConnectionArn":        p.Source.Connection,
					"FullRepositoryId":     p.Source.Repository,
					"BranchName":           p.Source.Branch,
					"OutputArtifactFormat": "CODE_ZIP",
				},
			}}},
			{Name: "Build", Actions: []codepipeline.Pipeline_ActionDeclaration{{
				Name:            "BuildImages",
				ActionTypeId:    &codepipeline.Pipeline_ActionTypeId{Category: "Build", Owner: "AWS", Provider: "CodeBuild", Version: "1"},
				InputArtifacts:  []codepipeline.Pipeline_InputArtifact{{Name: "SourceOutput"}},
				OutputArtifacts: []codepipeline.Pipeline_OutputArtifact{{Name: "BuildOutput"}},
				Configuration:   map[string]any{"ProjectName": intrinsic.Ref("BuildProject")},
			}}},
			{Name: "Deploy", Actions: deploy},
		},
	})
	r.output("PipelineName", "Name of the delivery pipeline.", intrinsic.Ref("Pipeline"))
}

// connectionService is the IAM service of a connection ARN: connections made
// before the 2024 rename are codestar-connections, newer ones codeconnections.
func connectionService(arn string) string {
	if strings.Contains(arn, ":codestar-connections:") {
		return "codestar-connections"
	}
	return "codeconnections"
}

// stackDeployStatements let the pipeline run CloudFormation on exactly the
// service stack, with exactly the deploy role.
func (r *builder) stackDeployStatements() []statement {
	p := r.bp.Pipeline
	return []statement{
		{
			Sid: "UpdateServiceStack", Effect: "Allow",
			Action:   []string{"cloudformation:CreateStack", "cloudformation:DescribeStackEvents", "cloudformation:DescribeStacks", "cloudformation:UpdateStack"},
			Resource: []string{intrinsic.Sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/" + p.Stack + "/*")},
		},
		{
			Sid: "ValidateTemplate", Effect: "Allow", Action: []string{"cloudformation:ValidateTemplate"},
			// AWS requires "*": ValidateTemplate has no resource-level permissions.
			Resource: []string{"*"},
		},
		{
			Sid: "PassDeployRole", Effect: "Allow", Action: []string{"iam:PassRole"}, Resource: []string{p.DeployRole},
			Condition: map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "cloudformation.amazonaws.com"}},
		},
	}
}

// ecsDeployStatements let the pipeline's ECS action update exactly the built
// services and pass them their roles (named after the stack by CloudFormation).
func (r *builder) ecsDeployStatements() []statement {
	p := r.bp.Pipeline
	var services []string
	for _, s := range r.deployedServices() {
		services = append(services, intrinsic.Sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:service/"+p.Stack+"/"+s))
	}
	return []statement{
		{Sid: "UpdateServices", Effect: "Allow", Action: []string{"ecs:DescribeServices", "ecs:UpdateService"}, Resource: services},
		{
			Sid: "TaskDefinitions", Effect: "Allow", Action: []string{"ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"},
			// AWS requires "*": these task definition actions have no resource-level permissions.
			Resource: []string{"*"},
		},
		{
			Sid: "PassTaskRoles", Effect: "Allow", Action: []string{"iam:PassRole"},
			Resource:  []string{intrinsic.Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + p.Stack + "-*")},
			Condition: map[string]any{"StringEquals": map[string]any{"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
		},
	}
}

// deployedServices lists the services with a built image, in build order.
func (r *builder) deployedServices() []string {
	var list []string
	for _, b := range r.bp.Pipeline.Builds {
		list = appendUnique(list, b.Service)
	}
	return list
}

func (r *builder) ecsDeployActions() []codepipeline.Pipeline_ActionDeclaration {
	var list []codepipeline.Pipeline_ActionDeclaration
	for _, s := range r.deployedServices() {
		list = append(list, codepipeline.Pipeline_ActionDeclaration{
			Name:           "Deploy" + blueprint.LogicalName(s),
			ActionTypeId:   &codepipeline.Pipeline_ActionTypeId{Category: "Deploy", Owner: "AWS", Provider: "ECS", Version: "1"},
			InputArtifacts: []codepipeline.Pipeline_InputArtifact{{Name: "BuildOutput"}},
			Configuration: map[string]any{
				"ClusterName": r.bp.Pipeline.Stack,
				"ServiceName": s,
				"FileName":    imageDefinitionsFile(s),
			},
		})
	}
	return list
}

// Names in the build's output artifact and in the repository.
const (
	// BuildspecFile is the name of the generated buildspec.
	BuildspecFile = blueprint.BuildspecFile
	// TemplateArtifact is the service template in the build output.
	TemplateArtifact = "template.yaml"
	// ParametersArtifact is the CloudFormation template configuration with
	// the new image tags.
	ParametersArtifact = "parameters.json"
)

func imageDefinitionsFile(service string) string { return "imagedefinitions-" + service + ".json" }

// buildspec is CodeBuild's build specification, version 0.2.
type buildspec struct {
	Version string `yaml:"version"`
	Env     struct {
		Shell string `yaml:"shell"`
	} `yaml:"env"`
	Phases struct {
		PreBuild  phase `yaml:"pre_build"`
		Build     phase `yaml:"build"`
		PostBuild phase `yaml:"post_build"`
	} `yaml:"phases"`
	Artifacts struct {
		Files []string `yaml:"files"`
	} `yaml:"artifacts"`
}

type phase struct {
	Commands []string `yaml:"commands"`
}

// buildOptions are a build's --build-arg and --target options, each
// argument one word of the shell, in the order of their names.
func buildOptions(b blueprint.ImageBuild) string {
	var opts strings.Builder
	for _, name := range slices.Sorted(maps.Keys(b.Args)) {
		opts.WriteString(" --build-arg " + shellword.Quote(name+"="+b.Args[name]))
	}
	if b.Target != "" {
		opts.WriteString(" --target " + b.Target)
	}
	return opts.String()
}

// Buildspec renders the buildspec.yml of b's pipeline: log in to ECR, build
// and push every image tagged with the commit, then write what the deploy
// stage reads. Tags are immutable, so an image already pushed for the commit
// (a retried build) is not built again.
func Buildspec(b *blueprint.Resolved) ([]byte, error) {
	r := &builder{bp: b}
	p := r.bp.Pipeline
	if p == nil {
		return nil, fmt.Errorf("render: the Blueprint has no pipeline")
	}
	var spec buildspec
	spec.Version = "0.2"
	spec.Env.Shell = "bash"
	spec.Phases.PreBuild.Commands = []string{
		`aws ecr get-login-password --region "$AWS_DEFAULT_REGION" | docker login --username AWS --password-stdin "$REGISTRY"`,
		`TAG="${CODEBUILD_RESOLVED_SOURCE_VERSION:0:12}"`,
	}
	for _, img := range r.builtImages() {
		uri := `"$REGISTRY/` + img.repository + `:$TAG"`
		spec.Phases.Build.Commands = append(spec.Phases.Build.Commands, strings.Join([]string{
			`if aws ecr describe-images --repository-name ` + img.repository + ` --image-ids imageTag="$TAG" > /dev/null 2>&1; then`,
			`  echo "` + img.repository + `:$TAG is already pushed"`,
			`else`,
			`  docker build --tag ` + uri + ` --file ` + img.build.Dockerfile + buildOptions(img.build) + ` ` + img.build.Context,
			`  docker push ` + uri,
			`fi`,
		}, "\n"))
	}
	if p.Deploy == blueprint.DeployECS {
		for _, s := range r.deployedServices() {
			var defs, args []string
			for _, img := range r.builtImages() {
				if img.build.Service == s {
					defs = append(defs, `{"name":"`+img.build.Container+`","imageUri":"%s"}`)
					args = append(args, `"$REGISTRY/`+img.repository+`:$TAG"`)
				}
			}
			spec.Phases.PostBuild.Commands = append(spec.Phases.PostBuild.Commands,
				`printf '[`+strings.Join(defs, ",")+`]\n' `+strings.Join(args, " ")+` > `+imageDefinitionsFile(s))
			spec.Artifacts.Files = append(spec.Artifacts.Files, imageDefinitionsFile(s))
		}
	} else {
		var params, args []string
		for _, img := range r.builtImages() {
			params = append(params, `"`+img.parameter+`":"%s"`)
			args = append(args, `"$TAG"`)
		}
		spec.Phases.PostBuild.Commands = append(spec.Phases.PostBuild.Commands,
			`cp `+path.Join(p.Directory, TemplateArtifact)+` `+TemplateArtifact,
			`printf '{"Parameters":{`+strings.Join(params, ",")+`}}\n' `+strings.Join(args, " ")+` > `+ParametersArtifact)
		spec.Artifacts.Files = []string{TemplateArtifact, ParametersArtifact}
	}
	out, err := yamlout.Encode(spec)
	if err != nil {
		return nil, err
	}
	return append([]byte("# Generated by ecsgate from Blueprint "+r.bp.Name+". Keep it at "+path.Join(p.Directory, BuildspecFile)+".\n"), out...), nil
}

// buildEnvironmentType is the CodeBuild environment of the pipeline's
// builds: an ARM image runs only in ARM_CONTAINER, and builds the ARM64
// images its services run.
func buildEnvironmentType(p *blueprint.Pipeline) string {
	if p.BuildPlatform() == blueprint.PlatformARM {
		return "ARM_CONTAINER"
	}
	return "LINUX_CONTAINER"
}
