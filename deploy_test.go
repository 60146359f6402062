package ecsgate_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

// imageRepository finds the repository of an image reference in a template:
// ${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/NAME:...
var imageRepository = regexp.MustCompile(`dkr\.ecr\.\$\{AWS::Region\}\.\$\{AWS::URLSuffix\}/([a-z0-9._/-]+)[:@]`)

// createdRepository finds a repository the shared stack creates.
var createdRepository = regexp.MustCompile(`(?m)^      RepositoryName: (\S+)$`)

// TestFirstDeploySteps: for every example and environment, gen render's
// first-deploy steps come in the order an empty account needs (the shared
// stack, the images, the SecureStrings, the application's stack or the
// pipeline), and every repository the templates pull from is created by the
// shared stack or named in ecr.existing.
func TestFirstDeploySteps(t *testing.T) {
	eachRendering(t, func(name string, r ecsgate.Rendering) {
		steps := ecsgate.FirstDeploy(r.Resolved, r.Files, "out", "out", "stack", "-f bp.yaml")
		order := stepKinds(steps)
		if !slices.IsSortedFunc(order, func(a, b int) int { return a - b }) || len(order) == 0 || order[len(order)-1] < stackStep {
			t.Errorf("%s: steps out of order:\n%s", name, describe(steps))
		}
		created := map[string]bool{}
		var shared string
		for _, f := range r.Files {
			if f.Name == ecsgate.SharedFile {
				shared = string(f.Data)
			}
		}
		for _, m := range createdRepository.FindAllStringSubmatch(shared, -1) {
			created[m[1]] = true
		}
		for _, e := range r.Resolved.ECR.Existing {
			created[e] = true
		}
		used := 0
		for _, f := range r.Files {
			if f.Name == ecsgate.SharedFile || !strings.HasSuffix(f.Name, ".yaml") {
				continue
			}
			for _, m := range imageRepository.FindAllStringSubmatch(string(f.Data), -1) {
				used++
				if !created[m[1]] {
					t.Errorf("%s: %s pulls from %s, which neither the shared stack creates nor ecr.existing names", name, f.Name, m[1])
				}
			}
		}
		if used > 0 && shared == "" && len(r.Resolved.ECR.Existing) == 0 {
			t.Errorf("%s: images in ECR and no shared stack", name)
		}
		if used > 0 && !slices.Contains(order, sharedStep) {
			t.Errorf("%s: images in ECR and no step that creates the shared stack:\n%s", name, describe(steps))
		}
	})
}

// eachRendering renders every example, each environment of one that has
// them, and calls fn with its name ("golden/environments prod") and
// rendering.
func eachRendering(t *testing.T, fn func(name string, r ecsgate.Rendering)) {
	t.Helper()
	for _, dir := range goldenDirs(t) {
		b, err := ecsgate.Load(filepath.Join(dir, "blueprint.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		envs := []string{""}
		if len(b.Environments) > 0 {
			envs = b.EnvironmentNames()
		}
		done, err := ecsgate.RenderEach(b, envs)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range done {
			fn(dir+" "+r.Env, r)
		}
	}
}

// firstDeployOf is the first deploy gen prints for the Blueprint src, read
// as NAME.yaml, rendered into out/ and deployed as stack NAME.
func firstDeployOf(t *testing.T, name, src string) []ecsgate.Step {
	t.Helper()
	b, err := blueprint.Read(name+".yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	done, err := ecsgate.RenderEach(b, []string{""})
	if err != nil {
		t.Fatal(err)
	}
	return ecsgate.FirstDeploy(done[0].Resolved, done[0].Files, "out", "out", name, name+".yaml")
}

// The kinds of first-deploy steps, in the order they must come.
const (
	sharedStep = iota
	pushStep
	parametersStep
	stackStep
	reencryptStep
	confirmStep
)

// stepKinds says what each step does, from its commands.
func stepKinds(steps []ecsgate.Step) []int {
	var kinds []int
	for _, s := range steps {
		text := strings.Join(s.Commands, "\n")
		switch {
		case strings.Contains(text, blueprint.SharedFile):
			kinds = append(kinds, sharedStep)
		case strings.Contains(text, "list-subscriptions-by-topic"):
			kinds = append(kinds, confirmStep)
		case strings.Contains(text, "docker push"):
			kinds = append(kinds, pushStep)
		case strings.Contains(text, "--overwrite"):
			kinds = append(kinds, reencryptStep)
		case strings.Contains(text, "put-parameter"):
			kinds = append(kinds, parametersStep)
		case strings.Contains(text, "cloudformation deploy"), strings.Contains(text, "git push"):
			kinds = append(kinds, stackStep)
		default:
			kinds = append(kinds, -1)
		}
	}
	return kinds
}

func describe(steps []ecsgate.Step) string {
	var b strings.Builder
	for i, s := range steps {
		b.WriteString(strings.Repeat(" ", 2) + string(rune('1'+i)) + ". " + s.Title + "\n      " + strings.Join(s.Commands, "\n      ") + "\n")
	}
	return b.String()
}

// TestMergeSteps: environments whose first deploys have the same steps are
// deployed as one list, each command once and each environment's stack in
// the last step; steps that differ leave each environment's steps alone.
func TestMergeSteps(t *testing.T) {
	shared := ecsgate.Step{Title: "Create the shared stack:", Commands: []string{"deploy shared"}}
	push := func(tags ...string) ecsgate.Step {
		s := ecsgate.Step{Title: "Push the images:", Commands: []string{"login"}}
		for _, tag := range tags {
			s.Commands = append(s.Commands, "push web:"+tag)
		}
		return s
	}
	stack := func(env string) ecsgate.Step {
		return ecsgate.Step{Title: "Create the application's stack:", Commands: []string{"deploy shop-" + env}}
	}
	for _, c := range []struct {
		name string
		each [][]ecsgate.Step
		want []ecsgate.Step // nil: not merged
	}{
		{"same steps", [][]ecsgate.Step{
			{shared, push("1"), stack("dev")},
			{shared, push("1"), stack("prod")},
		}, []ecsgate.Step{
			shared, push("1"),
			{Title: "Create each environment's stack:", Commands: []string{"deploy shop-dev", "deploy shop-prod"}},
		}},
		{"other tags, pushed once each", [][]ecsgate.Step{
			{push("2", "1"), stack("dev")},
			{push("1"), stack("prod")},
		}, []ecsgate.Step{
			push("2", "1"),
			{Title: "Create each environment's stack:", Commands: []string{"deploy shop-dev", "deploy shop-prod"}},
		}},
		{"one environment keeps its title", [][]ecsgate.Step{{shared, stack("dev")}}, []ecsgate.Step{shared, stack("dev")}},
		{"a step only one has", [][]ecsgate.Step{
			{shared, stack("dev")},
			{shared, {Title: "Create the 1 parameter ...:", Commands: []string{"put"}}, stack("prod")},
		}, nil},
		{"titles that differ", [][]ecsgate.Step{
			{{Title: "Create the pipeline of shop-dev:"}},
			{{Title: "Create the pipeline of shop-prod:"}},
		}, nil},
		{"nothing", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := ecsgate.MergeSteps(c.each)
			if ok != (c.want != nil) || !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, %v; want %v", got, ok, c.want)
			}
		})
	}
}

// TestPushToExistingRepositories: when every image's repository exists
// (ecr.existing, such as Copilot's), the push step says an image already
// there need not be pushed again; otherwise it says push.
func TestPushToExistingRepositories(t *testing.T) {
	const src = "name: moved\ningress: {nlb: {}}\necr: {existing: [moved/web]}\nservices: [{name: web, cpu: 256, memory: 512, containers: [{name: app, image: {repository: moved/web, tag: 4f2a9c1}, port: 80}], nlb: {}}]\n"
	for _, c := range []struct{ src, want string }{
		{src, "Push the image of every container to its repository, unless the tag is there already (the repositories exist: ecr.existing): the tasks pull it when they start."},
		{strings.Replace(src, "ecr: {existing: [moved/web]}\n", "", 1), "Push the image of every container to its repository: the tasks pull it when they start."},
	} {
		steps := firstDeployOf(t, "moved", c.src)
		if !slices.ContainsFunc(steps, func(s ecsgate.Step) bool { return s.Title == c.want }) {
			t.Errorf("no step %q in:\n%s", c.want, describe(steps))
		}
	}
}

// TestPushBuildsForTheTasksPlatform: the first deploy builds each image
// for the CPU architecture of its service's tasks, whatever the machine
// gen's reader builds on (an Apple silicon Mac builds arm64 by default).
func TestPushBuildsForTheTasksPlatform(t *testing.T) {
	const src = "name: arch\ningress: {nlb: {}}\nservices:\n  - {name: web, cpu: 256, memory: 512, containers: [{name: app, image: {repository: arch/web, tag: \"1\"}, port: 80}], nlb: {}}\n  - {name: jobs, cpu: 256, memory: 512, platform: ARM64, containers: [{name: app, image: {repository: arch/jobs, tag: \"1\"}}]}\n"
	steps := describe(firstDeployOf(t, "arch", src))
	for _, want := range []string{
		`docker build --platform linux/amd64 --tag "$REGISTRY/arch/web:1" PATH_TO_WEB_APP`,
		`docker build --platform linux/arm64 --tag "$REGISTRY/arch/jobs:1" PATH_TO_JOBS_APP`,
	} {
		if !strings.Contains(steps, want) {
			t.Errorf("no %q in:\n%s", want, steps)
		}
	}
}

// TestShellWord: a path gen prints in a command stays one word for a
// shell: as it is when it holds nothing a shell treats specially, else in
// single quotes, a single quote inside them closed, escaped and reopened.
func TestShellWord(t *testing.T) {
	for in, want := range map[string]string{
		"out/template.yaml":        "out/template.yaml",
		"../deploy/prod/x.yaml":    "../deploy/prod/x.yaml",
		"fileb://out/openapi.yaml": "fileb://out/openapi.yaml",
		"my out/template.yaml":     "'my out/template.yaml'",
		"it's/template.yaml":       `'it'\''s/template.yaml'`,
		"$HOME/out":                "'$HOME/out'",
		"a*b":                      "'a*b'",
		"":                         "''",
	} {
		if got := ecsgate.ShellWord(in); got != want {
			t.Errorf("ShellWord(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestConfirmAlarmSubscriptions: with alarms.emails on the stack's own
// topic, the first deploy ends by listing the subscriptions, which SNS
// holds PendingConfirmation until each address follows its mail's link;
// the command runs in bash as printed, the topic's ARN read from the
// stack's output. Without emails, or with a topic of the team's own, there
// is no such step.
func TestConfirmAlarmSubscriptions(t *testing.T) {
	steps := func(src string) []ecsgate.Step { return firstDeployOf(t, "shop", src) }
	const base = "name: shop\ningress: {nlb: {}}\nservices: [{name: web, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}], nlb: {}}]\n"
	confirms := func(s ecsgate.Step) bool {
		return strings.HasPrefix(s.Title, "Confirm the alarms' email subscriptions")
	}
	with := steps(base + "alarms: {emails: [oncall@example.com]}\n")
	i := slices.IndexFunc(with, confirms)
	if i < 0 || len(with[i].Commands) != 1 {
		t.Fatalf("no step that confirms the subscriptions:\n%s", describe(with))
	}
	for name, src := range map[string]string{
		"no emails":        base,
		"a topic of yours": base + "alarms: {topic: \"arn:aws:sns:eu-west-1:123456789012:oncall\"}\n",
	} {
		if slices.ContainsFunc(steps(src), confirms) {
			t.Errorf("%s: a step confirms subscriptions", name)
		}
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	dir := t.TempDir()
	stub := "#!/bin/sh\nif [ \"$2\" = describe-stacks ]; then echo arn:aws:sns:eu-west-1:123456789012:shop-AlarmTopic; exit; fi\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done\n"
	if err := os.WriteFile(filepath.Join(dir, "aws"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bash, "-c", with[i].Commands[0])
	cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	want := "[sns][list-subscriptions-by-topic][--topic-arn][arn:aws:sns:eu-west-1:123456789012:shop-AlarmTopic][--query][Subscriptions[].[Endpoint,SubscriptionArn]][--output][text]"
	if err != nil || string(out) != want {
		t.Errorf("%v: %s\nwant %s", err, out, want)
	}
}

// TestServiceLinkedRoleStep: the first deploy begins, after the account
// check, by creating ECS's service-linked role unless the account has it:
// run in bash, the command creates the role when get-role fails, and
// leaves it alone (and succeeds) when the role is there.
func TestServiceLinkedRoleStep(t *testing.T) {
	steps := firstDeployOf(t, "shop", "name: shop\ningress: {nlb: {}}\nservices: [{name: web, cpu: 256, memory: 512, containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 80}], nlb: {}}]\n")
	if len(steps) == 0 || !strings.HasPrefix(steps[0].Title, "Make sure the account has the service-linked role ECS works through") || len(steps[0].Commands) != 1 {
		t.Fatalf("the first step is not the service-linked role's:\n%s", describe(steps))
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	for roleThere, want := range map[bool]string{
		false: "[iam][get-role][--role-name][AWSServiceRoleForECS]\n[iam][create-service-linked-role][--aws-service-name][ecs.amazonaws.com]\n",
		true:  "[iam][get-role][--role-name][AWSServiceRoleForECS]\n",
	} {
		dir := t.TempDir()
		exit := "1"
		if roleThere {
			exit = "0"
		}
		stub := "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\" >> \"$CALLS\"; done\necho >> \"$CALLS\"\n[ \"$2\" = get-role ] && exit " + exit + "\nexit 0\n"
		if err := os.WriteFile(filepath.Join(dir, "aws"), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
		calls := filepath.Join(dir, "calls")
		cmd := exec.Command(bash, "-c", steps[0].Commands[0])
		cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"), "CALLS="+calls)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("role there %v: %v: %s", roleThere, err, out)
		}
		if got, _ := os.ReadFile(calls); string(got) != want {
			t.Errorf("role there %v: calls\n%s\nwant\n%s", roleThere, got, want)
		}
	}
}

// TestDeployGivesEveryParameter: for every example and environment, the
// command that deploys the application's stack gives every Parameter of its
// template the template's default, the Blueprint's value, and nothing else:
// aws cloudformation deploy keeps a parameter's previous value on an update
// unless the command gives it, so a tag changed in the Blueprint would not
// deploy. A template without Parameters (a nested application's root) gets
// no --parameter-overrides.
func TestDeployGivesEveryParameter(t *testing.T) {
	withParameters := 0
	eachRendering(t, func(name string, r ecsgate.Rendering) {
		var template struct {
			Parameters map[string]struct {
				Default string `yaml:"Default"`
			} `yaml:"Parameters"`
		}
		f, _ := ecsgate.FileNamed(r.Files, ecsgate.TemplateFile)
		if err := yaml.Unmarshal(f.Data, &template); err != nil {
			t.Fatal(err)
		}
		var want []string
		for p, v := range template.Parameters {
			want = append(want, p+"="+v.Default)
		}
		slices.Sort(want)
		commands := ecsgate.DeployCommands(r.Files, "out", "stack")
		deploy := commands[len(commands)-1]
		_, overrides, found := strings.Cut(deploy, " --parameter-overrides ")
		var got []string
		if found {
			got = strings.Fields(overrides)
			withParameters++
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the deploy command gives %q, the template's Parameters are %q:\n%s", name, got, want, deploy)
		}
	})
	if withParameters == 0 {
		t.Error("no example's template has Parameters")
	}
}

// TestPushStepRunsAsPrinted runs the push step's commands in bash, against
// an aws that answers as ECR does (the registry's proxy endpoint in the
// CLI's Region, here the China partition's) and a docker that records its
// arguments: the images are tagged and pushed to the registry ECR names,
// however the CLI's Region is set (AWS_DEFAULT_REGION alone, which aws
// configure get region does not read).
func TestPushStepRunsAsPrinted(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	var push []string
	for _, s := range firstDeployOf(t, "shop", "name: shop\ningress: {nlb: {}}\nservices: [{name: web, cpu: 256, memory: 512, containers: [{name: app, image: {repository: shop/web, tag: \"1.2\"}, port: 80}], nlb: {}}]\n") {
		if strings.HasPrefix(s.Title, "Push the image") {
			push = s.Commands
		}
	}
	if len(push) == 0 {
		t.Fatal("no push step")
	}
	dir := t.TempDir()
	stubs := map[string]string{
		"aws": "#!/bin/sh\ncase \"$1 $2\" in\n" +
			"\"ecr get-authorization-token\") echo https://123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn ;;\n" +
			"\"ecr get-login-password\") echo secret ;;\n" +
			"*) exit 1 ;;\nesac\n",
		"docker": "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\" >> \"$CALLS\"; done\necho >> \"$CALLS\"\ncat > /dev/null\n",
	}
	for name, stub := range stubs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	calls := filepath.Join(dir, "calls")
	script := strings.ReplaceAll(strings.Join(push, "\n"), "PATH_TO_WEB_APP", "app")
	cmd := exec.Command(bash, "-e", "-c", script)
	cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"), "CALLS="+calls, "AWS_DEFAULT_REGION=cn-north-1", "AWS_REGION=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %s\n%s", err, out, script)
	}
	const registry = "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"
	want := "[login][--username][AWS][--password-stdin][" + registry + "]\n" +
		"[build][--platform][linux/amd64][--tag][" + registry + "/shop/web:1.2][app]\n" +
		"[push][" + registry + "/shop/web:1.2]\n"
	if got, _ := os.ReadFile(calls); string(got) != want {
		t.Errorf("docker was called with\n%s\nwant\n%s", got, want)
	}
}

// TestEntrancesAreOutputs: every stack output an entrance names (its
// address, or what its DNS record points at) is an output of the
// application's template, for every example and environment, and every
// example that has a load balancer or an API has an entrance.
func TestEntrancesAreOutputs(t *testing.T) {
	eachRendering(t, func(name string, r ecsgate.Rendering) {
		var template struct {
			Outputs map[string]any `yaml:"Outputs"`
		}
		f, _ := ecsgate.FileNamed(r.Files, ecsgate.TemplateFile)
		if err := yaml.Unmarshal(f.Data, &template); err != nil {
			t.Fatal(err)
		}
		entrances := r.Resolved.Entrances()
		for _, e := range entrances {
			for _, output := range []string{e.Output, e.PointAt} {
				if _, ok := template.Outputs[output]; output != "" && !ok {
					t.Errorf("%s: entrance %q names the output %s, which the template does not have", name, e.What, output)
				}
			}
			if (e.URL == "") == (e.Output == "") {
				t.Errorf("%s: entrance %+v has both or neither of a URL and an output", name, e)
			}
		}
		b := r.Resolved
		if len(entrances) == 0 && (b.API != nil || b.Ingress.NLB != nil || len(b.ApplicationLoadBalancers()) > 0) {
			t.Errorf("%s: no entrance", name)
		}
	})
}

// TestDeletingNamesWhatStays: the deploying page's table of what a delete
// keeps names exactly the resource types some template keeps (DeletionPolicy
// Retain or RetainExceptOnCreate, in any stack gen writes), and the page
// says how to delete through a load balancer's deletion protection, which
// some examples turn on.
func TestDeletingNamesWhatStays(t *testing.T) {
	page, err := os.ReadFile("docs/deploying.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(page), "\n## Deleting an application\n")
	section, _, _ = strings.Cut(section, "\n## ")
	var documented []string
	for _, m := range regexp.MustCompile("(?m)^\\|[^|]*\\| `(AWS::[A-Za-z0-9:]+)` \\|").FindAllStringSubmatch(section, -1) {
		documented = append(documented, m[1])
	}
	kept := map[string]bool{}
	protected := false
	eachRendering(t, func(name string, r ecsgate.Rendering) {
		for _, f := range r.Files {
			var template struct {
				Resources map[string]struct {
					Type           string         `yaml:"Type"`
					DeletionPolicy string         `yaml:"DeletionPolicy"`
					Properties     map[string]any `yaml:"Properties"`
				} `yaml:"Resources"`
			}
			if err := yaml.Unmarshal(f.Data, &template); err != nil {
				continue // buildspec.yml, diagram.mmd
			}
			for _, res := range template.Resources {
				if res.DeletionPolicy == "Retain" || res.DeletionPolicy == "RetainExceptOnCreate" {
					kept[res.Type] = true
				}
				attributes, _ := yaml.Marshal(res.Properties["LoadBalancerAttributes"])
				protected = protected || strings.Contains(string(attributes), "deletion_protection.enabled\n  Value: \"true\"")
			}
		}
	})
	var want []string
	for typ := range kept {
		want = append(want, typ)
	}
	slices.Sort(want)
	slices.Sort(documented)
	if !slices.Equal(documented, want) {
		t.Errorf("the page's table names %q; the templates keep %q", documented, want)
	}
	if !protected || !strings.Contains(section, "deletionProtection: false") {
		t.Errorf("an example protects a load balancer: %v; the page says how to delete it: %v", protected, strings.Contains(section, "deletionProtection: false"))
	}
}
