package blueprint

import (
	"os"
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
	})
}
