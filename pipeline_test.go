package ecsgate_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

const pipelineExample = "golden/private-api-pipeline"

// TestBuildspec: the buildspec parses, logs in with get-login-password (the
// removed get-login would fail), and builds and pushes every built image.
func TestBuildspec(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(pipelineExample, ecsgate.BuildspecFile))
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Version   string                         `yaml:"version"`
		Phases    map[string]map[string][]string `yaml:"phases"`
		Artifacts struct {
			Files []string `yaml:"files"`
		} `yaml:"artifacts"`
	}
	if err := yaml.Unmarshal(data, &spec); err != nil {
		t.Fatalf("buildspec.yml is not YAML: %v", err)
	}
	if spec.Version != "0.2" {
		t.Errorf("version %q", spec.Version)
	}
	for _, p := range []string{"pre_build", "build", "post_build"} {
		if len(spec.Phases[p]["commands"]) == 0 {
			t.Errorf("phase %s has no commands", p)
		}
	}
	pre := strings.Join(spec.Phases["pre_build"]["commands"], "\n")
	if !strings.Contains(pre, "aws ecr get-login-password") || !strings.Contains(pre, "docker login --username AWS --password-stdin") || strings.Contains(pre, "get-login ") {
		t.Errorf("ECR login is not get-login-password | docker login:\n%s", pre)
	}
	b, err := ecsgate.Load(filepath.Join(pipelineExample, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	build := strings.Join(spec.Phases["build"]["commands"], "\n")
	for _, ib := range b.Pipeline.Builds {
		repo := b.Service(ib.Service).Container(ib.Container).Image.Repository
		for _, want := range []string{
			`docker build --tag "$REGISTRY/` + repo + `:$TAG" --file ` + ib.Dockerfile,
			`docker push "$REGISTRY/` + repo + `:$TAG"`,
		} {
			if !strings.Contains(build, want) {
				t.Errorf("build phase lacks %s", want)
			}
		}
	}
	if !slices.Equal(spec.Artifacts.Files, []string{"template.yaml", "parameters.json"}) {
		t.Errorf("artifacts %v", spec.Artifacts.Files)
	}
	post := strings.Join(spec.Phases["post_build"]["commands"], "\n")
	if !strings.Contains(post, `"ApiAppImageTag":"%s","ApiNginxImageTag":"%s"`) {
		t.Errorf("parameters.json does not set every built image's tag:\n%s", post)
	}
}

// TestBuildArgs: a build's arguments reach docker build in the buildspec,
// in the order of their names, each one word of the shell however it is
// written, and its target too; an argument named as a secret is warned.
func TestBuildArgs(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(pipelineExample, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(data), "dockerfile: release/app/Dockerfile}", `dockerfile: release/app/Dockerfile, args: {GO_VERSION: "1.23", LABEL: "it's $HOME"}, target: run}`, 1)
	b, err := blueprint.Read("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	files, err := ecsgate.Render(b)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(files, func(f ecsgate.File) bool { return f.Name == ecsgate.BuildspecFile })
	want := `docker build --tag "$REGISTRY/api/app:$TAG" --file release/app/Dockerfile --build-arg GO_VERSION=1.23 --build-arg 'LABEL=it'\''s $HOME' --target run release/app`
	if i < 0 || !strings.Contains(string(files[i].Data), want) {
		t.Errorf("no %s in the buildspec", want)
	}
	src = strings.Replace(string(data), "dockerfile: release/app/Dockerfile}", "dockerfile: release/app/Dockerfile, args: {NPM_TOKEN: abc}}", 1)
	got := problemsAndWarningsOf(t, src)
	warning := `warning: pipeline.builds[0].args.NPM_TOKEN: build argument NPM_TOKEN looks like a secret, and the image's history keeps build arguments for anyone who pulls it (read it at run time instead (the container's secrets), or pass it to the build as a BuildKit secret)`
	if !slices.ContainsFunc(got, func(line string) bool { return strings.Contains(line, warning) }) {
		t.Errorf("no %s in:\n%s", warning, strings.Join(got, "\n"))
	}
}

// TestPipelinePolicies: the pipeline's roles name the exact ECR repositories
// and the artifact bucket; "*" only for actions AWS gives no resource-level
// permission.
func TestPipelinePolicies(t *testing.T) {
	allowedWildcards := []string{"ecr:GetAuthorizationToken", "cloudformation:ValidateTemplate", "ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"}
	for _, mode := range []string{blueprint.DeployCloudFormation, blueprint.DeployECS} {
		t.Run(mode, func(t *testing.T) {
			b, err := ecsgate.Load(filepath.Join(pipelineExample, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			b.Pipeline.Deploy = mode
			files, err := ecsgate.Render(b)
			if err != nil {
				t.Fatal(err)
			}
			var pipeline []byte
			for _, f := range files {
				if f.Name == ecsgate.PipelineFile {
					pipeline = f.Data
				}
			}
			text := string(pipeline)
			for _, want := range []string{
				"- !Sub arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/api/app\n",
				"- !Sub arn:${AWS::Partition}:ecr:${AWS::Region}:${AWS::AccountId}:repository/api/nginx\n",
				"- !Sub ${ArtifactBucket.Arn}/*\n",
			} {
				if !strings.Contains(text, want) {
					t.Errorf("pipeline.yaml lacks %s", want)
				}
			}
			path := filepath.Join(t.TempDir(), "pipeline.yaml")
			os.WriteFile(path, pipeline, 0o644)
			doc := readYAML(t, path)
			for id, res := range doc["Resources"].(map[string]any) {
				r := res.(map[string]any)
				if r["Type"] != "AWS::IAM::Role" {
					continue
				}
				for _, p := range r["Properties"].(map[string]any)["Policies"].([]any) {
					for _, st := range p.(map[string]any)["PolicyDocument"].(map[string]any)["Statement"].([]any) {
						s := st.(map[string]any)
						if !slices.Contains(asList(s["Resource"]), "*") {
							continue
						}
						for _, a := range asList(s["Action"]) {
							if !slices.Contains(allowedWildcards, a) {
								t.Errorf("%s grants %s on *", id, a)
							}
						}
					}
				}
			}
			if mode == blueprint.DeployECS && !strings.Contains(text, "FileName: imagedefinitions-api.json") {
				t.Error("ECS deploy action does not read imagedefinitions-api.json")
			}
		})
	}
}

// TestPipelineIsOptional: without a pipeline section no pipeline files.
func TestPipelineIsOptional(t *testing.T) {
	files, err := ecsgate.RenderFile("golden/private-api/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == ecsgate.PipelineFile || f.Name == ecsgate.BuildspecFile {
			t.Errorf("%s written without a pipeline", f.Name)
		}
	}
}

// TestPipelineIsFinishedLikeEveryTemplate: pipeline.yaml goes through the
// steps every template does. An override of it applies, laid out like the
// rest; one that leaves a reference dangling is refused at the override with
// both names; and one that takes it past CloudFormation's 500 resources is
// refused with the count.
func TestPipelineIsFinishedLikeEveryTemplate(t *testing.T) {
	source, err := os.ReadFile(filepath.Join(pipelineExample, "blueprint.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	render := func(extra string) ([]ecsgate.File, error) {
		b, err := blueprint.Read("bp.yaml", []byte(string(source)+"\n"+extra))
		if err != nil {
			return nil, err
		}
		return ecsgate.Render(b)
	}
	files, err := render("overrides:\n  - op: add\n    path: /Resources/BuildProject/Properties/QueuedTimeoutInMinutes\n    value: 60\n    template: pipeline.yaml\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == ecsgate.PipelineFile && !strings.Contains(string(f.Data), "      QueuedTimeoutInMinutes: 60\n") {
			t.Errorf("the override is not in pipeline.yaml:\n%s", f.Data)
		}
	}
	_, err = render("overrides:\n  - op: remove\n    path: /Resources/BuildLogs\n    template: pipeline.yaml\n")
	if err == nil || !strings.Contains(err.Error(), "overrides[0]: after the overrides, resource BuildProject in pipeline.yaml refers to BuildLogs (Ref), which pipeline.yaml does not have") {
		t.Errorf("a dangling reference in pipeline.yaml: %v", err)
	}
	var many strings.Builder
	many.WriteString("overrides:\n")
	for i := range 500 {
		fmt.Fprintf(&many, "  - {op: add, path: /Resources/Topic%d, value: {Type: AWS::SNS::Topic}, template: pipeline.yaml}\n", i)
	}
	_, err = render(many.String())
	if err == nil || !strings.Contains(err.Error(), "pipeline: the pipeline's template needs 50") || !strings.Contains(err.Error(), "resources") {
		t.Errorf("pipeline.yaml past 500 resources: %v", err)
	}
	if _, err := render("overrides:\n  - {op: remove, path: /Resources/BuildLogs, template: pipeline.yml}\n"); err == nil || !strings.Contains(err.Error(), `"pipeline.yml" is not a file gen writes`) {
		t.Errorf("a file gen does not write: %v", err)
	}
}

// TestPipelineBuildsOnItsServicesArchitecture: an aarch64 CodeBuild image
// runs in CodeBuild's ARM_CONTAINER environment, where docker build builds
// the ARM64 images the services run; any other image, in LINUX_CONTAINER.
func TestPipelineBuildsOnItsServicesArchitecture(t *testing.T) {
	for _, c := range []struct {
		platform, image, want string
	}{
		{blueprint.PlatformX86, "", "Type: LINUX_CONTAINER"},
		{blueprint.PlatformARM, "aws/codebuild/amazonlinux-aarch64-standard:3.0", "Type: ARM_CONTAINER"},
	} {
		b, err := ecsgate.Load(filepath.Join(pipelineExample, "blueprint.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range b.Services {
			b.Services[i].Platform = c.platform
		}
		b.Pipeline.Image = c.image
		files, err := ecsgate.Render(b)
		if err != nil {
			t.Fatalf("%s: %v", c.platform, err)
		}
		i := slices.IndexFunc(files, func(f ecsgate.File) bool { return f.Name == ecsgate.PipelineFile })
		if i < 0 || !strings.Contains(string(files[i].Data), c.want) {
			t.Errorf("%s on %q: no %q in the pipeline's template", c.platform, c.image, c.want)
		}
	}
}
