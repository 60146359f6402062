package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate"
)

// TestBlueprintAsArgument: every command that takes -f FILE takes the file
// as its argument too, before or after the flags.
func TestBlueprintAsArgument(t *testing.T) {
	file, err := filepath.Abs("../../golden/environments/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	for _, args := range [][]string{
		{"validate", file},
		{"validate", "--format", "json", file},
		{"render", file, "--env", "dev", "-o", out},
		{"render", "--env", "dev", "-o", out, file},
		{"secrets", file, "--env", "prod"},
		{"diagram", file},
	} {
		if code, _, stderr := gen(t, args...); code != 0 {
			t.Errorf("gen %v: exit %d: %s", args, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "template.yaml")); err != nil {
		t.Error(err)
	}
	// The same as with -f.
	_, withFlag, _ := gen(t, "diagram", "-f", file)
	_, withArg, _ := gen(t, "diagram", file)
	if withFlag != withArg {
		t.Error("gen diagram FILE differs from gen diagram -f FILE")
	}
}

// TestRenderWritesToOut: without -o, gen render writes into ./out.
func TestRenderWritesToOut(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := gen(t, "render", "--example", "internal-nlb")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join("out", "template.yaml")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "wrote out/template.yaml") {
		t.Errorf("stdout: %s", stdout)
	}
	// An earlier render is gen's own: rendering again, even another
	// Blueprint, replaces it.
	if code, _, stderr := gen(t, "render", "--example", "scale-nested"); code != 0 {
		t.Fatalf("render over an earlier render: exit %d: %s", code, stderr)
	}
	if code, _, stderr := gen(t, "render", "--example", "internal-nlb"); code != 0 {
		t.Fatalf("render over an earlier nested render: exit %d: %s", code, stderr)
	}
	if stacks, _ := filepath.Glob("out/stacks/*.yaml"); len(stacks) != 0 {
		t.Errorf("stale nested stacks left: %v", stacks)
	}
}

// TestRenderRefusesOtherFolders: gen render never writes into a folder that
// holds anything gen did not write there, and says which file it found.
func TestRenderRefusesOtherFolders(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string // under the output folder
		found string            // the file the message names; "" when the folder is gen's
	}{
		{"empty", nil, ""},
		{"earlier render", map[string]string{"template.yaml": "Description: 'ecsgate Blueprint x'\n", "diagram.mmd": "flowchart LR\n", "stacks/a.yaml": "Description: 'ecsgate Blueprint x: service a'\n", "packaged.yaml": "Description: 'ecsgate Blueprint x'\n"}, ""},
		{"earlier render of environments", map[string]string{"dev/template.yaml": "Description: ecsgate\n", "shared.yaml": "Description: ecsgate\n", "prod/stacks/b.yaml": "Description: ecsgate\n"}, ""},
		{"an interrupted write", map[string]string{".template.yaml.123456": "Desc"}, ""},
		{"source code", map[string]string{"main.go": "package main\n"}, "main.go"},
		{"a hand-written template", map[string]string{"template.yaml": "Resources: {}\n"}, "template.yaml"},
		{"a Blueprint", map[string]string{"blueprint.yaml": "name: x\n"}, "blueprint.yaml"},
		{"a hidden file", map[string]string{".env": "TOKEN=x\n"}, ".env"},
		{"what a file manager or git keeps in any folder", map[string]string{".DS_Store": "x", ".gitignore": "*\n", ".gitkeep": "", "Thumbs.db": "x", "dev/.DS_Store": "x", "template.yaml": "Description: ecsgate\n"}, ""},
		{"a folder named as a file manager's file", map[string]string{".DS_Store/x": "x"}, ".DS_Store"},
		{"another file among nested stacks", map[string]string{"stacks/notes.txt": "x"}, "stacks/notes.txt"},
		{"a deeper folder", map[string]string{"dev/src/main.go": "x"}, "dev/src"},
		{"a diagram of someone else", map[string]string{"diagram.mmd": "sequenceDiagram\n"}, "diagram.mmd"},
		{"an earlier design-first document", map[string]string{"openapi.yaml": "openapi: 3.0.3\npaths: {}\nx-amazon-apigateway-request-validators:\n  body-and-parameters:\n    validateRequestBody: true\n"}, ""},
		{"the team's own document", map[string]string{"openapi.yaml": "openapi: 3.0.3\npaths: {}\n"}, "openapi.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			for name, content := range c.files {
				path := filepath.Join(out, filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, _, stderr := gen(t, "render", "--example", "internal-nlb", "-o", out)
			if c.found == "" {
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				return
			}
			want := "gen render: -o " + out + ": " + filepath.Join(out, filepath.FromSlash(c.found)) + " is not gen's output, and gen never writes into a folder that holds other files: name a new or empty folder with -o\n"
			if code != 2 || stderr != want {
				t.Errorf("exit %d, stderr:\n%s\nwant:\n%s", code, stderr, want)
			}
			for name, content := range c.files {
				if data, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); string(data) != content {
					t.Errorf("%s was changed", name)
				}
			}
		})
	}
	file := filepath.Join(t.TempDir(), "plain")
	os.WriteFile(file, nil, 0o644)
	if code, _, stderr := gen(t, "render", "--example", "internal-nlb", "-o", file); code != 2 || !strings.Contains(stderr, "not a directory") {
		t.Errorf("-o a file: exit %d: %s", code, stderr)
	}
}

// TestDiffBlueprintAndFolder: gen diff BLUEPRINT DIR compares the render in
// DIR with what the Blueprint renders now, as -f does; a template file and
// a folder are still refused.
func TestDiffBlueprintAndFolder(t *testing.T) {
	file := "../../golden/internal-nlb/blueprint.yaml"
	code, stdout, stderr := gen(t, "diff", file, "../../golden/internal-nlb")
	if code != 0 || !strings.HasPrefix(stdout, "0 added, 0 removed, 0 changed;") {
		t.Errorf("exit %d: %s%s", code, stdout, stderr)
	}
	_, withFlag, _ := gen(t, "diff", "-f", file, "../../golden/internal-nlb")
	if withFlag != stdout {
		t.Error("gen diff FILE DIR differs from gen diff -f FILE DIR")
	}
	code, _, stderr = gen(t, "diff", "../../golden/internal-nlb/template.yaml", "../../golden/internal-nlb")
	if code != 2 || !strings.Contains(stderr, "give two template files or two folders, not one of each") {
		t.Errorf("template and folder: exit %d: %s", code, stderr)
	}
}

// TestREADMEFirstDeploy: the README's first deploy shows what gen render
// prints for its Blueprint, word for word.
func TestREADMEFirstDeploy(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	const intro = "Write `orders.yaml`:\n\n```yaml\n"
	i := strings.Index(text, intro)
	if i < 0 {
		t.Fatal("the README has no first deploy")
	}
	blueprint, rest, _ := strings.Cut(text[i+len(intro):], "```\n")
	const printed = "```text\n"
	j := strings.Index(rest, printed)
	if j < 0 {
		t.Fatal("the README does not show what gen render prints")
	}
	want, _, _ := strings.Cut(rest[j+len(printed):], "```\n")

	t.Chdir(t.TempDir())
	if err := os.WriteFile("orders.yaml", []byte(blueprint), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := gen(t, "render", "orders.yaml")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != want {
		t.Errorf("gen render prints:\n%s\nthe README shows:\n%s", stdout, want)
	}

	// What the README says the reader will find in the console and use:
	// the stack output with the URL, the image tag's parameter, the log
	// group and the cluster's name (the stack's, orders).
	template, err := os.ReadFile("out/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ readme, template string }{
		{"OutputKey=='ApiUrl'", "\nOutputs:\n"},
		{"OutputKey=='ApiUrl'", "\n  ApiUrl:\n"},
		{"--parameter-overrides ApiAppImageTag=1.0.0", "\nParameters:\n  ApiAppImageTag:\n"},
		{"log group (`/ecs/orders/api`)", "LogGroupName: !Sub /ecs/${AWS::StackName}/api\n"},
		{"**ECS**, cluster `orders`", "ClusterName: !Ref AWS::StackName\n"},
	} {
		if !strings.Contains(text, w.readme) {
			t.Errorf("the README no longer says %q", w.readme)
		}
		if !strings.Contains(string(template), w.template) {
			t.Errorf("the README says %q, and the template has no %q", w.readme, w.template)
		}
	}
	// The REST API's name, among its properties (after its Body).
	_, api, _ := strings.Cut(string(template), "\n  Api:\n    Type: AWS::ApiGateway::RestApi\n")
	api, _, _ = strings.Cut(api, "\n  ApiDeployment")
	if !strings.Contains(text, "**API Gateway**, API `orders`") || !strings.Contains(api+"\n", "\n      Name: orders\n") {
		t.Error("the README says the API is named orders, and the template's Api has no Name: orders")
	}
}

// TestRenderPrintsControls: gen render ends with the AWS Control Tower
// controls its templates do not meet; under security: strict only the
// exceptions, with their reasons.
func TestRenderPrintsControls(t *testing.T) {
	for _, c := range []struct {
		example string
		want    []string
		not     []string
	}{
		{"strict-private-api",
			[]string{"the templates meet every one that can apply (security: strict)", "CT.CLOUDFRONT.PR.1 (a default root object): Cdn - exception:", "CT.S3.PR.10 (default encryption with KMS): AuditLogsBucket - exception:"},
			[]string{"CT.ECS.PR.3", "CT.CLOUDWATCH.PR.2"}},
		{"private-api-alb",
			[]string{"do not meet (security: standard; security: strict meets them all", "CT.ECS.PR.3 (containers run as a user that is not root): CatalogTaskDefinition, OrdersTaskDefinition, UsersTaskDefinition - a container has no User; meet it with services[].containers[].user"},
			nil},
	} {
		code, stdout, stderr := gen(t, "render", "--example", c.example, "-o", t.TempDir()+"/out")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.example, code, stderr)
		}
		_, controls, _ := strings.Cut(stdout, "AWS Control Tower proactive controls")
		for _, w := range c.want {
			if !strings.Contains(controls, w) {
				t.Errorf("%s: gen render does not print %q:\n%s", c.example, w, controls)
			}
		}
		for _, n := range c.not {
			if strings.Contains(controls, n) {
				t.Errorf("%s: gen render prints %q:\n%s", c.example, n, controls)
			}
		}
	}
}

// TestOpenAPIStarter: gen openapi writes a starting document and prints the
// api settings that serve it; it refuses a Blueprint that already names
// one or has no routes, and never writes over another file.
func TestOpenAPIStarter(t *testing.T) {
	code, stdout, stderr := gen(t, "openapi", "--example", "api-features")
	if code != 0 || !strings.HasPrefix(stdout, "openapi: 3.0.1\n") || strings.Contains(stdout, "x-amazon-apigateway-integration") {
		t.Fatalf("exit %d: %s\n%s", code, stderr, stdout)
	}
	for _, line := range []string{"  openapi: openapi.yaml", "    - service: partners", "      operations: [anyPartnersByProxy]", "    partners: partners"} {
		if !strings.Contains(stderr, line+"\n") {
			t.Errorf("stderr lacks %q:\n%s", line, stderr)
		}
	}
	if code, _, stderr := gen(t, "openapi", "--example", "design-first-api"); code != 2 || !strings.Contains(stderr, "already names its document") {
		t.Errorf("design-first: exit %d: %s", code, stderr)
	}
	if code, _, stderr := gen(t, "openapi", "--example", "public-alb"); code != 1 || stderr != "gen openapi: the Blueprint has no api.routes to start a document from (add api: {routes: [{method: GET, path: /orders, service: NAME}, ...]}, see https://github.com/ecsgate/ecsgate/blob/main/docs/api.md)\n" {
		t.Errorf("no routes: exit %d: %q", code, stderr)
	}
	file := filepath.Join(t.TempDir(), "mine.yaml")
	os.WriteFile(file, []byte("openapi: 3.0.3\n"), 0o644)
	if code, _, stderr := gen(t, "openapi", "--example", "api-features", "-o", file); code != 1 || !strings.Contains(stderr, "is not a document gen openapi wrote") {
		t.Errorf("over another file: exit %d: %s", code, stderr)
	}
}

// TestPrintedCommandsQuotePaths: the commands gen render prints name its
// folder and the Blueprint as one shell word each, quoted when they hold a
// space, so that they run as copied.
func TestPrintedCommandsQuotePaths(t *testing.T) {
	t.Chdir(t.TempDir())
	code, src, stderr := gen(t, "example", "ssm-secrets")
	if code != exitOK {
		t.Fatal(stderr)
	}
	if err := os.WriteFile("my app.yaml", []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := gen(t, "render", "my app.yaml", "-o", "my out")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"aws cloudformation deploy --template-file 'my out/shared.yaml' --stack-name",
		"aws cloudformation deploy --template-file 'my out/template.yaml' --stack-name",
		"gen secrets 'my app.yaml' --stack",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
}

// TestRenderKeepsOneLayout: a folder holds one render or the renders of
// every environment, never both: rendering one environment into a folder
// of --all-envs, or every environment into a folder of one render, is
// refused with where to render instead; an environment's own folder and
// the same layout again are accepted.
func TestRenderKeepsOneLayout(t *testing.T) {
	t.Chdir(t.TempDir())
	if code, _, stderr := gen(t, "render", "--example", "environments", "--all-envs", "-o", "all"); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := gen(t, "render", "--example", "environments", "--env", "prod", "-o", "one"); code != exitOK {
		t.Fatal(stderr)
	}
	for _, c := range []struct {
		args []string
		want string // stderr; "" for a render that is accepted
	}{
		{[]string{"--env", "prod", "-o", "all"}, "gen render: -o all holds the renders of the environments dev, prod, staging (gen render --all-envs): render every environment again with --all-envs, or this render into a folder of its own, such as " + filepath.Join("all", "prod") + "\n"},
		{[]string{"-o", "all"}, "gen render: -o all holds the renders of the environments dev, prod, staging (gen render --all-envs): render every environment again with --all-envs, or this render into a folder of its own\n"},
		{[]string{"--all-envs", "-o", "one"}, "gen render: -o one holds one render (" + filepath.Join("one", "template.yaml") + "): render every environment into a new or empty folder\n"},
		{[]string{"--env", "prod", "-o", filepath.Join("all", "prod")}, ""},
		{[]string{"--all-envs", "-o", "all"}, ""},
		{[]string{"--env", "prod", "-o", "one"}, ""},
	} {
		code, _, stderr := gen(t, append([]string{"render", "--example", "environments"}, c.args...)...)
		if c.want == "" && code != exitOK || c.want != "" && (code != exitUsage || stderr != c.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, stderr, c.want)
		}
	}
}

// TestRenderRemovesStaleOutputs: rendering again into a folder removes what
// the earlier render wrote and this one does not (a pipeline's template and
// buildspec once the Blueprint has no pipeline; an environment's folder once
// it has no such environment), says so, and leaves alone what is not this
// render's to clean: aws cloudformation package's packaged.yaml beside a
// template still rendered, and a subfolder holding another Blueprint's render.
func TestRenderRemovesStaleOutputs(t *testing.T) {
	t.Chdir(t.TempDir())
	example, err := ecsgate.Example("private-api-pipeline")
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := gen(t, "render", "--example", "private-api-pipeline"); code != exitOK {
		t.Fatal(stderr)
	}
	if code, _, stderr := gen(t, "render", "--example", "public-alb", "-o", filepath.Join("out", "other")); code != exitOK {
		t.Fatal(stderr)
	}
	if err := os.WriteFile(filepath.Join("out", "packaged.yaml"), []byte("Description: ecsgate, packaged\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _, _ := strings.Cut(string(example), "\npipeline:")
	if err := os.WriteFile("bp.yaml", []byte(before+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := gen(t, "render", "bp.yaml")
	if code != exitOK {
		t.Fatal(stderr)
	}
	for _, name := range []string{"buildspec.yml", "pipeline.yaml"} {
		line := "removed " + filepath.Join("out", name) + " (an earlier render's: the Blueprint no longer has it)\n"
		if !strings.Contains(stdout, line) {
			t.Errorf("no %q in:\n%s", line, stdout)
		}
		if _, err := os.Stat(filepath.Join("out", name)); !os.IsNotExist(err) {
			t.Errorf("out/%s is still there", name)
		}
	}
	for _, keep := range []string{"packaged.yaml", filepath.Join("other", "template.yaml"), "template.yaml"} {
		if _, err := os.Stat(filepath.Join("out", keep)); err != nil {
			t.Errorf("out/%s: %v", keep, err)
		}
	}
	if n := strings.Count(stdout, "removed "); n != 2 {
		t.Errorf("%d files removed, want 2:\n%s", n, stdout)
	}

	envs, err := ecsgate.Example("environments")
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := gen(t, "render", "--example", "environments", "--all-envs", "-o", "all"); code != exitOK {
		t.Fatal(stderr)
	}
	withoutStaging := strings.Replace(string(envs), "\n  staging:\n", "\n  qa:\n", 1)
	if withoutStaging == string(envs) {
		t.Fatal("the environments example has no staging environment to rename")
	}
	if err := os.WriteFile("envs.yaml", []byte(withoutStaging), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = gen(t, "render", "envs.yaml", "--all-envs", "-o", "all")
	if code != exitOK {
		t.Fatal(stderr)
	}
	line := "removed " + filepath.Join("all", "staging", "template.yaml") + " (an earlier render's: the Blueprint no longer has it)\n"
	if !strings.Contains(stdout, line) {
		t.Errorf("no %q in:\n%s", line, stdout)
	}
	if _, err := os.Stat(filepath.Join("all", "staging")); !os.IsNotExist(err) {
		t.Error("all/staging is still there")
	}
	if _, err := os.Stat(filepath.Join("all", "qa", "template.yaml")); err != nil {
		t.Error(err)
	}
}

// TestExamplePlaceholders: a built-in example rendered or validated as it
// is says in one line that it writes placeholders and how to see each; a
// copy of it names each, where it is.
func TestExamplePlaceholders(t *testing.T) {
	t.Chdir(t.TempDir())
	note := "note: the example writes 6 placeholders (AWS's documentation account and hosted zone, example.com names) where a deploy needs your own values: gen example private-api > my.yaml, then gen validate my.yaml names each\n"
	for _, args := range [][]string{{"render", "--example", "private-api"}, {"validate", "--example", "private-api"}} {
		if code, _, stderr := gen(t, args...); code != exitOK || stderr != note {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant:\n%s", args, code, stderr, note)
		}
	}
	example, err := ecsgate.Example("private-api")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("my.yaml", example, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := gen(t, "validate", "my.yaml")
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != exitOK || len(lines) != 6 {
		t.Fatalf("exit %d, %d lines:\n%s", code, len(lines), stderr)
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "my.yaml:") || !strings.Contains(line, ": warning: ") || !strings.Contains(line, " is an example's placeholder, ") {
			t.Errorf("not a placeholder's warning: %s", line)
		}
	}
}
