package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiff renders a golden example, changes its Blueprint, and compares
// the earlier output with what the change renders: what CloudFormation
// replaces is marked, what holds data or identity is marked loudly, and the
// exit status gates on replacements.
func TestDiff(t *testing.T) {
	for _, c := range []struct {
		name, example, old, new string
		code                    int
		want, not               []string
	}{
		{"renaming a load balancer", "public-alb", "    default: web\n", "    default: web\n    name: hello-edge\n", 1,
			[]string{"~ Alb (AWS::ElasticLoadBalancingV2::LoadBalancer)  REPLACED", `Properties.Name: (absent) -> "hello-edge"  [replacement]`, "!!! Alb holds its DNS name"}, nil},
		{"changing a container port", "public-alb", "        port: 80\n", "        port: 8080\n", 1,
			[]string{"~ WebTaskDefinition (AWS::ECS::TaskDefinition)  REPLACED", "PortMappings[0].ContainerPort: 80 -> 8080  [replacement]", "~ WebAlbTargetGroup (AWS::ElasticLoadBalancingV2::TargetGroup)  REPLACED"}, []string{"!!!"}},
		{"renaming an ECR repository", "private-api", "image: {repository: api/nginx,", "image: {repository: api/web,", 1,
			[]string{"- ApiNginxRepository (AWS::ECR::Repository)", "!!! ApiNginxRepository holds its images: it leaves the stack"}, nil},
		{"adding a service", "alb-multi-service", "services:\n", "services:\n  - name: extra\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 80}]\n    alb: {paths: [\"/extra/*\"], priority: 5}\n", 0,
			[]string{"+ ExtraService (AWS::ECS::Service)", "0 replaced; 0 losing data or identity"}, []string{"REPLACED", "!!!"}},
		{"nothing changed", "private-api", "", "", 0, []string{"0 added, 0 removed, 0 changed; 0 replaced"}, []string{"REPLACED"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			tmp := t.TempDir()
			out := filepath.Join(tmp, "out")
			if code, _, stderr := gen(t, "render", "--example", c.example, "-o", out); code != 0 {
				t.Fatalf("render: %s", stderr)
			}
			src, err := os.ReadFile(filepath.Join("../../golden", c.example, "blueprint.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			changed := strings.Replace(string(src), c.old, c.new, 1)
			if c.old != "" && changed == string(src) {
				t.Fatalf("no %q in %s", c.old, c.example)
			}
			bp := filepath.Join(tmp, "bp.yaml")
			os.WriteFile(bp, []byte(changed), 0o644)
			code, stdout, stderr := gen(t, "diff", "-f", bp, out)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s%s", code, c.code, stdout, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("no %q in:\n%s", w, stdout)
				}
			}
			for _, n := range c.not {
				if strings.Contains(stdout, n) {
					t.Errorf("%q in:\n%s", n, stdout)
				}
			}
		})
	}
	// Two files; usage errors exit 2.
	code, stdout, _ := gen(t, "diff", "../../golden/private-api-v1/template.yaml", "../../golden/private-api/template.yaml")
	if code != 1 || !strings.Contains(stdout, "- ApiVpcLink (AWS::ApiGateway::VpcLink)") || !strings.Contains(stdout, "!!! ApiVpcLink holds its ID") {
		t.Errorf("V1 to V2: exit %d\n%s", code, stdout)
	}
	if code, _, _ := gen(t, "diff", "only-one.yaml"); code != 2 {
		t.Errorf("one argument: exit %d", code)
	}
	if code, _, _ := gen(t, "diff", "missing.yaml", "missing2.yaml"); code != 2 {
		t.Errorf("missing files: exit %d", code)
	}
}
