package blueprint

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestPipelineRules(t *testing.T) {
	data, err := os.ReadFile("../golden/private-api-pipeline/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checkRules(t, string(data), []ruleCase{
		{"absolute dockerfile", "dockerfile: release/app/Dockerfile", "dockerfile: /release/app/Dockerfile", "pipeline.builds[0].dockerfile", "/release/app", "is absolute"},
		{"dockerfile outside the repository", "dockerfile: release/app/Dockerfile", "dockerfile: ../app/Dockerfile", "pipeline.builds[0].dockerfile", "../app", "leaves the repository"},
		{"context outside the repository", "dockerfile: release/app/Dockerfile}", "dockerfile: release/app/Dockerfile, context: ../..}", "pipeline.builds[0].context", "../..", "leaves the repository"},
		{"container without a repository", "image: {repository: api/app, tag: \"1.0.0\"}", "image: {uri: \"public.ecr.aws/docker/library/golang:1.23\"}", "pipeline.builds[0].container", "{service: api, container: app", "nowhere to push"},
		{"image pinned by digest", "image: {repository: api/app, tag: \"1.0.0\"}", "image: {repository: api/app, digest: \"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}", "pipeline.builds[0].container", "{service: api, container: app", "pinned by digest"},
		{"connection ARN", "connection: arn:aws:codeconnections:ap-northeast-1:123456789012:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", "connection: arn:aws:codestar:ap-northeast-1:123456789012:connection/x", "pipeline.source.connection", "codestar:", "not a connection ARN"},
		{"old connection ARN", "arn:aws:codeconnections:", "arn:aws:codestar-connections:", "", "", ""},
		{"no builds", "  builds:\n    - {service: api, container: app, dockerfile: release/app/Dockerfile}\n    - {service: api, container: nginx, dockerfile: release/nginx/Dockerfile}\n", "  builds: []\n", "pipeline.builds", "builds: []", "at least one image"},
		{"unknown container", "container: app,", "container: worker,", "pipeline.builds[0].container", "worker", `no container "worker"`},
		{"built twice", "container: nginx, dockerfile", "container: app, dockerfile", "pipeline.builds[1]", "release/nginx", "already built"},
		{"deploy role missing", "  deployRole: arn:aws:iam::123456789012:role/orders-cloudformation-deploy\n", "", "pipeline.deployRole", "pipeline:", "does not create one"},
		{"deploy ecs without role", "  deployRole: arn:aws:iam::123456789012:role/orders-cloudformation-deploy\n", "  deploy: ecs\n", "", "", ""},
		{"repository", "repository: example/orders", "repository: orders", "pipeline.source.repository", "repository: orders", "not owner/name"},
		{"stack name", "  stack: orders", "  stack: 1orders", "pipeline.stack", "stack: 1orders", "not a stack name"},
		{"compute type", "  stack: orders", "  stack: orders\n  computeType: HUGE", "pipeline.computeType", "computeType", "not allowed"},
		{"build arguments and a target", "dockerfile: release/app/Dockerfile}", "dockerfile: release/app/Dockerfile, args: {GO_VERSION: \"1.23\", LABEL: it's mine}, target: Run-1.x}", "", "", ""},
		{"a build argument's name", "dockerfile: release/app/Dockerfile}", "dockerfile: release/app/Dockerfile, args: {1ST: x}}", "pipeline.builds[0].args.1ST", "args:", `"1ST" is not a build argument's name (name it as the Dockerfile's ARG`},
		{"a build argument on two lines", "dockerfile: release/app/Dockerfile}", "dockerfile: release/app/Dockerfile, args: {NOTE: \"a\\nb\"}}", "pipeline.builds[0].args.NOTE", "args:", "a build argument's value is one line"},
		{"a stage's name", "dockerfile: release/app/Dockerfile}", "dockerfile: release/app/Dockerfile, target: 2run}", "pipeline.builds[0].target", "target: 2run", `"2run" is not a Dockerfile stage's name`},
	})
}

// TestOwnerName: a repository's address as its host's page, clone URL or
// SSH address writes it stands for its owner/name; a path inside a
// repository, or text without a name, stands for none.
func TestOwnerName(t *testing.T) {
	for s, want := range map[string]string{
		"https://github.com/acme/orders.git":       "acme/orders",
		"https://github.com/acme/orders/":          "acme/orders",
		"git@github.com:acme/orders.git":           "acme/orders",
		"ssh://git@gitlab.com/acme/orders":         "acme/orders",
		"github.com/acme/orders":                   "acme/orders",
		"acme/orders":                              "acme/orders",
		"https://github.com/acme/orders/tree/main": "",
		"orders":                          "",
		"https://github.com/acme":         "",
		"https://github.com/acme/or ders": "",
	} {
		got, ok := OwnerName(s)
		if got != want || ok != (want != "") {
			t.Errorf("OwnerName(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
}

// TestPipelineSourceFixes: the repository written beside the pipeline's
// other fields, or as its address in source, gets owner/name to write, and
// the connection it needs; nothing about source's required fields is added.
func TestPipelineSourceFixes(t *testing.T) {
	const connection = "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
	for field, want := range map[string]string{
		"  repo: https://github.com/acme/orders.git\n":                                         `pipeline.repo: unknown field "repo" (the repository is the pipeline's source: write source: {repository: acme/orders, connection: CONNECTION_ARN}, with the ARN of a CodeConnections connection to its host)`,
		"  source: {connection: " + connection + ", github: https://github.com/acme/orders}\n": `pipeline.source.github: unknown field "github" (github is repository in a Blueprint, as owner/name, on the host the connection reaches: write repository: acme/orders)`,
		"  source: {connection: " + connection + ", url: git@gitlab.com:acme/orders.git}\n":    `pipeline.source.url: unknown field "url" (url is repository in a Blueprint, as owner/name, on the host the connection reaches: write repository: acme/orders)`,
		"  source: {connection: " + connection + ", repository: github.com/acme/orders}\n":     `pipeline.source.repository: "github.com/acme/orders" is not owner/name (write "acme/orders": the repository's owner and name, without its host)`,
	} {
		src := "name: shop\ningress: {nlb: {}}\nservices:\n  - name: api\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {repository: shop/api, tag: \"1\"}, port: 8080}]\n    nlb: {}\npipeline:\n  builds: [{service: api, container: app, dockerfile: Dockerfile}]\n  deploy: ecs\n" + field
		_, err := Read("bp.yaml", []byte(src))
		var problems Problems
		if !errors.As(err, &problems) || len(problems) != 1 || !strings.HasSuffix(problems[0].String(), want) {
			t.Errorf("%s:\n got %v\nwant %s", field, err, want)
		}
	}
}

// TestPipelineBuildPlatform: the pipeline builds each image on the CPU
// architecture of the service it is for, or says how to make it: docker
// build builds for the machine it runs on, and a task cannot start an image
// of the other architecture. A service built twice is reported once.
func TestPipelineBuildPlatform(t *testing.T) {
	const connection = "arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
	const armImage = "  image: aws/codebuild/amazonlinux-aarch64-standard:3.0\n"
	for _, c := range []struct {
		name, platform, image, builds string
		want                          []string
	}{
		{"an ARM64 service on the default image", "ARM64", "", "", []string{
			`bp.yaml:12:22: pipeline.builds[0].service: service api runs on ARM64, and the pipeline builds its image on X86_64 (CodeBuild image aws/codebuild/standard:7.0): its tasks could not start the image (give the pipeline an ARM64 CodeBuild image, pipeline.image: aws/codebuild/amazonlinux-aarch64-standard:3.0, or set platform: X86_64 on service api; one pipeline builds for one architecture)`}},
		{"an ARM64 service built twice", "ARM64", "", ", {service: api, container: side, dockerfile: side/Dockerfile}", []string{
			`bp.yaml:12:22: pipeline.builds[0].service: service api runs on ARM64, and the pipeline builds its image on X86_64 (CodeBuild image aws/codebuild/standard:7.0): its tasks could not start the image (give the pipeline an ARM64 CodeBuild image, pipeline.image: aws/codebuild/amazonlinux-aarch64-standard:3.0, or set platform: X86_64 on service api; one pipeline builds for one architecture)`}},
		{"an ARM64 service on an ARM image", "ARM64", armImage, "", nil},
		{"an x86_64 service on an ARM image", "X86_64", armImage, "", []string{
			`bp.yaml:12:22: pipeline.builds[0].service: service api runs on X86_64, and the pipeline builds its image on ARM64 (CodeBuild image aws/codebuild/amazonlinux-aarch64-standard:3.0): its tasks could not start the image (set platform: ARM64 on service api, or leave pipeline.image out for CodeBuild's x86_64 image; one pipeline builds for one architecture)`}},
		{"an x86_64 service on the default image", "X86_64", "", "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "name: shop\ningress: {nlb: {}}\nservices:\n  - name: api\n    cpu: 256\n    memory: 512\n    platform: " + c.platform + "\n" +
				"    containers: [{name: app, image: {repository: shop/api, tag: \"1\"}, port: 8080}, {name: side, image: {repository: shop/side, tag: \"1\"}}]\n    nlb: {}\n" +
				"pipeline:\n  source: {connection: " + connection + ", repository: acme/shop}\n  builds: [{service: api, container: app, dockerfile: Dockerfile}" + c.builds + "]\n  deploy: ecs\n" + c.image
			b, err := Read("bp.yaml", []byte(src))
			if err == nil {
				err = b.Validate()
			}
			var got []string
			var problems Problems
			if errors.As(err, &problems) {
				for _, p := range problems {
					got = append(got, p.String())
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}
