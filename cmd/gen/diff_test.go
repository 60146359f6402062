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
		{"changing a container port", "public-alb", "        port: 80\n", "        port: 8080\n", 0,
			[]string{"~ WebTaskDefinition (AWS::ECS::TaskDefinition)  NEW REVISION", "PortMappings[0].ContainerPort: 80 -> 8080\n", "~ WebAlbTargetGroup (AWS::ElasticLoadBalancingV2::TargetGroup)  REPLACED", "(1 new task definition revisions)"}, []string{"!!!"}},
		{"changing an environment value", "environments", "LOG_LEVEL: debug", "LOG_LEVEL: trace", 0,
			[]string{"~ OrdersTaskDefinition (AWS::ECS::TaskDefinition)  NEW REVISION", `.Value: "debug" -> "trace"`}, []string{"REPLACED", "!!!"}},
		{"changing an image tag", "environments", `tag: "2.7.1"`, `tag: "2.8.0"`, 0,
			[]string{`~ OrdersAppImageTag: "2.7.1" -> "2.8.0" (parameter)`}, []string{"REPLACED", "!!!"}},
		{"renaming an ECR repository", "private-api", "image: {repository: api/nginx,", "image: {repository: api/web,", 1,
			[]string{"shared.yaml", "- ApiNginxRepository (AWS::ECR::Repository)", "!!! ApiNginxRepository holds its images: it leaves the stack", "+ ApiWebRepository (AWS::ECR::Repository)"}, nil},
		{"adding a service", "alb-multi-service", "services:\n", "services:\n  - name: extra\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 80}]\n    alb: {paths: [\"/extra/*\"], priority: 5}\n", 0,
			[]string{"+ ExtraService (AWS::ECS::Service)", "0 losing data or identity; 0 collisions"}, []string{"REPLACED", "!!!"}},
		{"making a topic FIFO", "queue-worker", "topics:\n  - name: orders\n", "topics:\n  - name: orders\n    fifo: true\n", 1,
			[]string{"~ OrdersTopic (AWS::SNS::Topic)  REPLACED", "Properties.FifoTopic: (absent) -> true  [replacement]", "!!! OrdersTopic holds its ARN, which publishers and subscriptions outside the stack use: this change destroys it"}, []string{"FulfilmentQueue (AWS::SQS::Queue)"}},
		{"making a FIFO queue standard", "ordered-payments", "      fifo: true\n      highThroughput: true\n", "", 1,
			[]string{"~ LedgerQueue (AWS::SQS::Queue)  REPLACED", "Properties.FifoQueue: true -> (absent)  [replacement]", "!!! LedgerQueue holds the messages waiting in it: this change destroys it",
				"!!! LedgerDeadLetterQueue holds the messages waiting in it"}, []string{"PaymentsTopic"}},
		{"nothing changed", "private-api", "", "", 0, []string{"0 added, 0 removed, 0 changed; 0 replaced"}, []string{"REPLACED", ">>> the Blueprint's name"}},
		{"renaming the Blueprint", "private-api", "\nname: orders\n", "\nname: shop\n", 0,
			[]string{">>> the Blueprint's name: orders -> shop. The first deploy gen prints names the stacks after it (shop, shop-shared): deployed there, this render is a second application beside the running one, and its shared stack cannot create the repositories orders-shared holds. To change the running application, deploy to its stacks: --stack-name orders (the shared stack: orders-shared)\n",
				`Properties.Name: "orders" -> "shop"`}, []string{"REPLACED"}},
		{"renaming a Blueprint without a shared stack and dropping its description", "public-alb", "\nname: hello-aws\ndescription: public web app on HTTPS behind a public ALB, HTTP redirected, certificate validated through Route 53\n", "\nname: hello\n", 0,
			[]string{">>> the Blueprint's name: hello-aws -> hello. "}, nil},
		{"rolling to canary", "alb-multi-service", "    alb:\n      paths: [/api/*]", "    deployment: {strategy: canary, canary: {percent: 20}}\n    alb:\n      paths: [/api/*]", 0,
			[]string{"~ ApiService (AWS::ECS::Service)\n", `Properties.DeploymentConfiguration.Strategy: (absent) -> "CANARY"`, "+ ApiAlbAlternateTargetGroup", "+ ApiTrafficShiftRole",
				">>> strategy ROLLING -> CANARY: the service is updated in place, not replaced; from its next deployment on, ECS starts each new revision in the second target group, sends it 20% of the traffic for 10 minutes, then all of it, and keeps the old revision 10 minutes; the deployment alarms roll a release back at any point",
				"0 replaced"}, []string{"REPLACED", "!!!", "unknown"}},
		{"some tasks onto Fargate Spot", "alb-multi-service", "    alb:\n      paths: [/api/*]", "    count: 2\n    spot: {onDemand: 1}\n    alb:\n      paths: [/api/*]", 0,
			[]string{"~ ApiService (AWS::ECS::Service)  MAY BE REPLACED", `Properties.LaunchType: "FARGATE" -> (absent)  [conditional replacement]`,
				">>> where the tasks run changes (launch type, capacity provider strategy): a new strategy starts no deployment, so the running tasks stay where they are until the next deployment or scale-out; aws ecs update-service --force-new-deployment moves them now\n"}, []string{"!!!"}},
		{"onto Fargate Spot with a new revision", "alb-multi-service", "        port: 8080\n    alb:\n      paths: [/api/*]", "        port: 8080\n        environment: {MODE: spot}\n    spot: {}\n    alb:\n      paths: [/api/*]", 0,
			[]string{">>> where the tasks run changes (launch type, capacity provider strategy): the new task definition revision deploys in this update, and its tasks start where the new strategy says\n"}, nil},
		{"canary back to rolling", "canary-public-alb", "      strategy: canary\n      canary: {percent: 10, minutes: 15}\n      bake: 10\n", "", 0,
			[]string{">>> strategy CANARY -> ROLLING: the service is updated in place, not replaced; from its next deployment on, ECS replaces tasks in place behind one target group", "- WebAlbAlternateTargetGroup"}, []string{"REPLACED", "!!!"}},
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

// TestRenamesAndMoves: renaming a service or moving a route either deploys
// without a collision (no resource the change adds or updates needs a
// priority, port or name that another still holds) or gen diff exits 1
// naming it, with both resources and the way out. Rules and NLB listeners
// are keyed by their priority and port, so a rename in one template updates
// them in place; a rename in nested stacks moves the rule to a new stack,
// which CloudFormation creates before it deletes the old one.
func TestRenamesAndMoves(t *testing.T) {
	for _, c := range []struct {
		name, example string
		replace       []string
		collision     string // "" for none
	}{
		{"renaming a service behind the public ALB", "alb-multi-service", []string{"  - name: admin\n", "  - name: backoffice\n"}, ""},
		{"renaming a service on the NLB", "internal-nlb", []string{"  - name: api\n", "  - name: orders-api\n"}, ""},
		{"moving a route to another service", "private-api-alb", []string{`paths: ["/me", "/users/*"]`, `paths: ["/users/*"]`, `paths: ["/orders", "/orders/*"]`, `paths: ["/orders", "/orders/*", "/me"]`, "      service: users\n", "      service: orders\n"}, ""},
		{"renaming a service in nested stacks", "scale-nested", []string{"svc-001", "svc-first"},
			"!!! collision: stacks/svc-first.yaml AlbRule100 needs Priority 100 on template.yaml AlbHttpsListener, which stacks/svc-001.yaml AlbRule100 holds until the update is done: CloudFormation creates it before it deletes or updates the old one, so the deploy fails on the value still in use (PriorityInUse). Way out: for this deploy give the rule a priority no rule holds now (alb.priority)"},
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
			text := string(src)
			for i := 0; i < len(c.replace); i += 2 {
				changed := strings.ReplaceAll(text, c.replace[i], c.replace[i+1])
				if changed == text {
					t.Fatalf("no %q in %s", c.replace[i], c.example)
				}
				text = changed
			}
			bp := filepath.Join(tmp, "bp.yaml")
			os.WriteFile(bp, []byte(text), 0o644)
			code, stdout, stderr := gen(t, "diff", "-f", bp, out)
			if code == 2 {
				t.Fatalf("diff: %s", stderr)
			}
			switch {
			case c.collision == "" && !strings.Contains(stdout, "; 0 collisions\n"):
				t.Errorf("a collision:\n%s", stdout)
			case c.collision != "" && (code != 1 || !strings.Contains(stdout, c.collision)):
				t.Errorf("exit %d; want 1 and %q in:\n%s", code, c.collision, stdout)
			}
		})
	}
}

// TestDiffEveryEnvironment: a folder of gen render --all-envs is compared
// with the render of every environment (the shared stack once, then each
// environment's stack), or with --env with one; one environment's folder
// is compared with its shared stack, which is beside it; an environment on
// one side only is named with what becomes of its stack.
func TestDiffEveryEnvironment(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	if code, _, stderr := gen(t, "render", "--example", "environments", "--all-envs", "-o", out); code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	src, err := os.ReadFile("../../golden/environments/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, old, new string) string {
		t.Helper()
		changed := strings.Replace(string(src), old, new, 1)
		if changed == string(src) {
			t.Fatalf("no %q in the example", old)
		}
		path := filepath.Join(tmp, name)
		if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	traced := write("traced.yaml", "LOG_LEVEL: debug", "LOG_LEVEL: trace")
	withQA := write("qa.yaml", "environments:\n  dev: {}\n", "environments:\n  qa: {ingress: {alb: {certificate: {domain: qa.shop.example.com}, hostnames: [qa.shop.example.com]}}}\n  dev: {}\n")
	plain := filepath.Join(tmp, "plain.yaml")
	os.WriteFile(plain, src[:strings.Index(string(src), "environments:")], 0o644)
	const trace = `.Value: "debug" -> "trace"`
	for _, c := range []struct {
		name      string
		args      []string
		code      int
		want, not []string
	}{
		{"every environment", []string{"diff", traced, out}, 0,
			[]string{"== the shared stack\n0 added, 0 removed, 0 changed", "== environment dev\ntemplate.yaml\n  ~ OrdersTaskDefinition (AWS::ECS::TaskDefinition)  NEW REVISION", trace, "== environment prod\n", "== environment staging\n0 added, 0 removed, 0 changed"},
			[]string{"shared.yaml", "REPLACED"}},
		{"one environment in the folder of every one", []string{"diff", traced, out, "--env", "dev"}, 0,
			[]string{"~ OrdersTaskDefinition (AWS::ECS::TaskDefinition)  NEW REVISION", trace},
			[]string{"environment", "shared.yaml", "Repository"}},
		{"one environment's folder, its shared stack beside it", []string{"diff", traced, filepath.Join(out, "dev"), "--env", "dev"}, 0,
			[]string{trace}, []string{"shared.yaml", "Repository"}},
		{"an environment the folder does not hold", []string{"diff", traced, out, "--env", "qa"}, 2,
			[]string{"gen diff: " + out + " holds the renders of the environments dev, prod, staging, not of qa"}, nil},
		{"a new environment", []string{"diff", withQA, out}, 0,
			[]string{"== environment qa\n  only in the Blueprint: its first deploy creates its stack\n", "== environment dev\n0 added"}, nil},
		{"a Blueprint without environments", []string{"diff", plain, out}, 2,
			[]string{"gen diff: " + out + " holds the renders of the environments dev, prod, staging (gen render --all-envs), and the Blueprint has none: compare the base Blueprint's render, a folder with a template.yaml"}, nil},
		{"every environment and one render", []string{"diff", out, filepath.Join(out, "dev")}, 2,
			[]string{"gen diff: " + out + " holds the renders of every environment (gen render --all-envs) and " + filepath.Join(out, "dev") + " one render: compare " + filepath.Join(out, "dev") + " with " + filepath.Join(out, "ENV")}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := gen(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\n%s%s", code, c.code, stdout, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stdout+stderr, w) {
					t.Errorf("no %q in:\n%s%s", w, stdout, stderr)
				}
			}
			for _, n := range c.not {
				if strings.Contains(stdout, n) {
					t.Errorf("%q in:\n%s", n, stdout)
				}
			}
		})
	}
	// Two folders of every environment: one the Blueprint no longer has.
	later := filepath.Join(tmp, "later")
	if code, _, stderr := gen(t, "render", withQA, "--all-envs", "-o", later); code != 0 {
		t.Fatalf("render: %s", stderr)
	}
	code, stdout, stderr := gen(t, "diff", later, out)
	want := "== environment qa\n  only in " + later + ": its stack stays in the account until you delete it (aws cloudformation delete-stack)\n"
	if code != 0 || !strings.Contains(stdout, want) || !strings.Contains(stdout, "== environment prod\n0 added, 0 removed, 0 changed") {
		t.Errorf("exit %d, want 0 and %q in:\n%s%s", code, want, stdout, stderr)
	}
}
