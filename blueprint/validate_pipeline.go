package blueprint

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// roleNameChars are the characters of an IAM role's name, hyphen last for
// a bracket expression; its ARN may put a path of them, with slashes,
// before it.
const roleNameChars = `A-Za-z0-9+=,.@_-`

var (
	connectionARN   = lazyre.New(`^arn:aws(?:-[a-z]+)*:(?:codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection/[0-9a-f-]{36}$`)
	repositoryID    = lazyre.New(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`)
	stackNamePat    = bounded(`^[A-Za-z][A-Za-z0-9-]*$`, 1, 128)
	roleARN         = lazyre.New(`^arn:aws(?:-[a-z]+)*:iam::\d{12}:role/[/` + roleNameChars + `]+$`)
	gitBranch       = bounded(`^[A-Za-z0-9._/-]+$`, 1, 255)
	roleName        = bounded(`^[`+roleNameChars+`]+$`, 1, 64)
	computeTypes    = []string{"BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"}
	repoPathPattern = lazyre.New(`^[A-Za-z0-9_.\-/]+$`)
)

func (v *validator) pipeline() {
	p := v.b.Pipeline
	if p == nil {
		return
	}
	const path0 = "pipeline"
	if v.b.Stacks == StacksNested {
		// The pipeline deploys new images as parameter overrides of the
		// stack, and with nested stacks the image parameters live in the
		// services' stacks, which take no overrides from the command line.
		v.add(path0, "use stacks: single, or deploy the nested stacks from your own pipeline with aws cloudformation package and deploy after gen render",
			"the pipeline deploys new image tags as parameter overrides, and with stacks: nested the image parameters are in the services' stacks")
	}
	if v.required(path0+".source.connection", p.Source.Connection, "give the ARN of a CodeConnections connection to the repository host") && !connectionARN.MatchString(p.Source.Connection) {
		v.add(path0+".source.connection", "copy it from Developer Tools > Connections: arn:aws:codeconnections:REGION:ACCOUNT:connection/ID", "%q is not a connection ARN", p.Source.Connection)
	}
	if v.required(path0+".source.repository", p.Source.Repository, "give owner/name") && !repositoryID.MatchString(p.Source.Repository) {
		v.add(path0+".source.repository", repositoryIDFix(p.Source.Repository), "%q is not owner/name", p.Source.Repository)
	}
	if !gitBranch.MatchString(p.Source.Branch) || strings.Contains(p.Source.Branch, "..") {
		v.add(path0+".source.branch", "write a branch name such as main", "%q is not a branch name", p.Source.Branch)
	} else if name, ok := strings.CutPrefix(p.Source.Branch, "refs/heads/"); ok && name != "" {
		// The branch's full ref, as CI variables (GITHUB_REF) hold it:
		// CodePipeline takes the branch's name, and would look for a
		// branch named refs/heads/main.
		v.warn(path0+".source.branch", "write branch: "+name, "%q is the branch's ref; the source action takes the branch's name, and would watch a branch named %q", p.Source.Branch, p.Source.Branch)
	}
	if !stackNamePat.MatchString(p.Stack) {
		v.add(path0+".stack", "use letters, digits and hyphens, starting with a letter", "%q is not a stack name", p.Stack)
	}
	v.relativePath(path0+".directory", p.Directory)
	v.oneOf(path0+".computeType", p.ComputeType, computeTypes...)
	v.oneOf(path0+".deploy", p.Deploy, deployChoices...)
	switch {
	case p.Deploy == DeployCloudFormation && p.DeployRole == "":
		v.add(path0+".deployRole", "give the ARN of a role CloudFormation may assume to update the stack, or use deploy: ecs",
			"the CloudFormation deploy needs a role with the rights to manage the stack's resources; ecsgate does not create one with such broad rights")
	case p.DeployRole != "" && !roleARN.MatchString(p.DeployRole):
		fix := "write arn:aws:iam::ACCOUNT:role/NAME"
		if roleName.MatchString(p.DeployRole) {
			// The role's name, as the IAM console lists it.
			fix = "write the role's ARN, arn:aws:iam::ACCOUNT:role/" + p.DeployRole + ", with the role's account"
		}
		v.add(path0+".deployRole", fix, "%q is not an IAM role ARN", p.DeployRole)
	}
	if len(p.Builds) == 0 {
		v.add(path0+".builds", "list the containers to build (service, container, dockerfile)", "a pipeline builds at least one image")
	}
	seen := map[string]int{}
	platformChecked := map[string]bool{}
	for i, b := range p.Builds {
		bp := indexPath(path0+".builds", i)
		key := b.Service + "/" + b.Container
		if first, dup := seen[key]; dup {
			v.add(bp, "build each container once", "%s is already built by pipeline.builds[%d]", key, first)
		}
		seen[key] = i
		svc := v.b.Service(b.Service)
		var c *Container
		if svc != nil {
			c = svc.Container(b.Container)
		}
		switch {
		case svc == nil:
			v.add(bp+".service", nameFix(b.Service, namesOf(v.b.Services, serviceName), "name one of the services"), "there is no service %q", b.Service)
		case c == nil:
			v.add(bp+".container", nameFix(b.Container, namesOf(svc.Containers, containerName), "name a container of service "+b.Service), "service %q has no container %q", b.Service, b.Container)
		case c.Image.Repository == "":
			v.add(bp+".container", "give the container image.repository (an ECR repository the template creates) and a tag", "the image of %s is not in a repository this stack creates, so the pipeline has nowhere to push", key)
		case c.Image.Digest != "":
			v.add(bp+".container", "use image.tag only: the pipeline deploys new tags", "the image of %s is pinned by digest, which the pipeline's new tags could not override", key)
		case c.Image.Tag == "":
			v.add(bp+".container", "add image.tag (the first deploy's tag)", "the image of %s has no tag parameter for the pipeline to set", key)
		case svc.Scheduled() && p.Deploy == DeployECS:
			// CodePipeline's ECS action updates an ECS service, which a
			// scheduled one has none of; the stack update moves its schedule.
			v.add(bp+".service", "write pipeline.deploy: cloudformation: the stack update points the schedule at the new image", "service %q runs on a schedule, with no ECS service for deploy: ecs to update", b.Service)
		}
		if svc != nil && !platformChecked[svc.Name] {
			// Once a service: its containers run on one architecture.
			platformChecked[svc.Name] = true
			v.buildPlatform(bp, svc, p)
		}
		if v.required(bp+".dockerfile", b.Dockerfile, "give the Dockerfile's path in the repository, e.g. release/app/Dockerfile") {
			v.relativePath(bp+".dockerfile", b.Dockerfile)
		}
		if b.Context != path.Dir(b.Dockerfile) {
			// The default context is the Dockerfile's folder, whose
			// problems are the Dockerfile's, reported at dockerfile.
			v.relativePath(bp+".context", b.Context)
		}
		v.buildArgs(bp, b)
	}
}

// buildArgs checks a build's arguments and target: each argument named as
// a Dockerfile's ARG, its value on one line; the target a stage's name.
// An argument named as a secret is warned: docker keeps build arguments in
// the image's history, where anyone who pulls the image reads them.
func (v *validator) buildArgs(path string, b ImageBuild) {
	for _, name := range sortedKeys(b.Args) {
		p := joinPath(path+".args", name)
		switch {
		case !envNamePattern.MatchString(name):
			v.add(p, "name it as the Dockerfile's ARG: letters, digits and _, not starting with a digit", "%q is not a build argument's name", name)
		case strings.ContainsAny(b.Args[name], "\r\n"):
			v.add(p, "write the value on one line", "a build argument's value is one line of docker build's command")
		case secretLookingName.MatchString(name):
			v.warn(p, "read it at run time instead (the container's secrets), or pass it to the build as a BuildKit secret",
				"build argument %s looks like a secret, and the image's history keeps build arguments for anyone who pulls it", name)
		}
	}
	if b.Target != "" && !stageNamePattern.MatchString(b.Target) {
		v.add(path+".target", "write the name after AS in the Dockerfile's FROM line: a letter, then letters, digits, -, _ and .", "%q is not a Dockerfile stage's name", b.Target)
	}
}

// buildPlatform checks that the pipeline builds the image of svc for the
// CPU architecture its tasks run on: docker build builds for the machine it
// runs on, and a task cannot start an image of the other architecture
// (exec format error). One pipeline's builds run on one architecture.
func (v *validator) buildPlatform(path string, svc *Service, p *Pipeline) {
	built := p.BuildPlatform()
	if svc.Platform == built || !slices.Contains(platformChoices, svc.Platform) {
		return
	}
	fix := "give the pipeline an ARM64 CodeBuild image, pipeline.image: aws/codebuild/amazonlinux-aarch64-standard:3.0, or set platform: X86_64 on service " + svc.Name
	if built == PlatformARM {
		fix = "set platform: ARM64 on service " + svc.Name + ", or leave pipeline.image out for CodeBuild's x86_64 image"
	}
	v.add(path+".service", fix+"; one pipeline builds for one architecture",
		"service %s runs on %s, and the pipeline builds its image on %s (CodeBuild image %s): its tasks could not start the image", svc.Name, svc.Platform, built, p.Image)
}

// relativePath checks a path inside the repository: relative, clean, and not
// climbing out of it.
func (v *validator) relativePath(p, value string) {
	switch {
	case value == "":
	case strings.HasPrefix(value, "/"):
		v.add(p, "write it relative to the repository root, e.g. "+strings.TrimLeft(value, "/"), "%q is absolute", value)
	case path.Clean(value) == ".." || strings.HasPrefix(path.Clean(value), "../"):
		v.add(p, "use a path inside the repository", "%q leaves the repository", value)
	case !repoPathPattern.MatchString(value):
		v.add(p, "use letters, digits and . _ - /", "%q has characters the buildspec would have to quote", value)
	}
}

// OwnerName is the owner/name a repository's address stands for, as a
// repository host's page, clone URL or SSH address writes it
// (https://github.com/acme/orders.git, git@github.com:acme/orders,
// github.com/acme/orders); false when s is none of them.
func OwnerName(s string) (string, bool) {
	rest, hosted := s, false
	if _, after, ok := strings.Cut(rest, "://"); ok {
		rest, hosted = after, true
	} else if _, after, ok := strings.Cut(rest, "@"); ok {
		rest, hosted = strings.Replace(after, ":", "/", 1), true // git@host:owner/name
	}
	rest = strings.TrimSuffix(strings.TrimSuffix(rest, "/"), ".git")
	parts := strings.Split(rest, "/")
	// A host's name has a dot, an owner's has none (github.com/acme is a
	// host and an owner).
	if !hosted && len(parts) > 0 && strings.Contains(parts[0], ".") {
		hosted = true
	}
	if hosted {
		parts = parts[1:]
	}
	if len(parts) != 2 {
		return "", false // a path inside a repository, or no name
	}
	if meant := parts[0] + "/" + parts[1]; repositoryID.MatchString(meant) {
		return meant, true
	}
	return "", false
}

// repositoryIDFix is the fix for a source repository that is not
// owner/name: the owner/name its address stands for.
func repositoryIDFix(repository string) string {
	if meant, ok := OwnerName(repository); ok {
		return fmt.Sprintf("write %q: the repository's owner and name, without its host", meant)
	}
	return "write owner/name, e.g. acme/orders"
}
