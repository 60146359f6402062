package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecsgate/ecsgate"
	_ "github.com/ecsgate/ecsgate/internal/golden" // accepts -update
)

func gen(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestRenderExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := gen(t, "render", "--example", "internal-nlb", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, ecsgate.TemplateFile))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../golden/internal-nlb/template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("gen render --example differs from the golden template")
	}
	if !strings.Contains(stdout, "aws cloudformation deploy") {
		t.Errorf("no deploy hint in:\n%s", stdout)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("want only template.yaml, shared.yaml and diagram.mmd in the output, got %d entries (temporary files left?)", len(entries))
	}
}

// TestRenderProblemsWriteNothing is the acceptance case: every problem on
// stderr with its position, exit 1, and no output directory.
func TestRenderProblemsWriteNothing(t *testing.T) {
	tmp := t.TempDir()
	bp := filepath.Join(tmp, "bad.yaml")
	os.WriteFile(bp, []byte("name: shop\nnetwork:\n  vpc:\n    cidr: 10.300.0.0/16\nservices:\n  - name: web\n    cpu: 256\n    memory: 4096\n    containers:\n      - name: app\n        image:\n          repository: shop/web\n          tga: v1\n"), 0o644)
	out := filepath.Join(tmp, "out")
	code, _, stderr := gen(t, "render", "-f", bp, "-o", out)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		bp + ":4:11: network.vpc.cidr:",
		bp + ":7:10: services[0].cpu:",
		bp + ":13:11: services[0].containers[0].image.tga: unknown field",
		"3 problems; nothing was written",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("output directory was created")
	}
}

func TestRenderAPIExample(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := gen(t, "render", "--example", "private-api", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{ecsgate.TemplateFile, ecsgate.OpenAPIFile} {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		want, _ := os.ReadFile(filepath.Join("../../golden/private-api", name))
		if len(got) == 0 || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the golden file", name)
		}
	}
	for _, want := range []string{"put-rest-api", "--mode overwrite", "create-deployment", "--stage-name dev", "${UsersUserPoolArn}", "replace ${NlbArn} in the file with the stack output NlbArn"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	// A VPC link V1 names no load balancer in the document.
	code, stdout, _ = gen(t, "render", "--example", "private-api-v1", "-o", filepath.Join(t.TempDir(), "v1"))
	if code != 0 || strings.Contains(stdout, "NlbArn") || !strings.Contains(stdout, "${UsersUserPoolArn}") {
		t.Errorf("private-api-v1: exit %d\n%s", code, stdout)
	}
}

// TestEntrancesOfAPipeline: where a pipeline's application answers is read
// from the stack its deploy action creates (pipeline.stack), not from the
// Blueprint's name.
func TestEntrancesOfAPipeline(t *testing.T) {
	_, blueprint, _ := gen(t, "example", "private-api-pipeline")
	file := filepath.Join(t.TempDir(), "app.yaml")
	if err := os.WriteFile(file, []byte(strings.Replace(blueprint, "  stack: orders\n", "  stack: orders-app\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := gen(t, "render", file, "-o", filepath.Join(t.TempDir(), "out"))
	want := "\nOnce stack orders-app is created, clients reach the application at:\n  CloudFront, in front of the API: https://api.example.com\n  the API, stage dev: the stack output ApiUrl\n  (aws cloudformation describe-stacks --stack-name orders-app --query 'Stacks[0].Outputs' --output table prints the outputs)\n"
	if code != 0 || !strings.Contains(stdout, "then creates the stack orders-app.") || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
}

// TestEntranceOnACertificateName: an ALB with an existing or a wildcard
// certificate and no host names answers HTTPS on a name of the certificate,
// which gen cannot know: the line says so and where the name's record must
// point, instead of the ALB's own DNS name, which HTTPS clients refuse.
func TestEntranceOnACertificateName(t *testing.T) {
	const src = "name: hello\ningress: {alb: {certificate: {arn: \"arn:aws:acm:eu-west-1:111122223333:certificate/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\"}}}\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, port: 80}]\n    alb: {paths: [\"/*\"]}\n"
	file := filepath.Join(t.TempDir(), "hello.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := gen(t, "render", file, "-o", filepath.Join(t.TempDir(), "out"))
	want := "\nOnce stack hello is created, clients reach the application at:\n  the Application Load Balancer: https://NAME (a name its certificate is for), once its DNS record points at the stack output AlbDnsName\n  (aws cloudformation describe-stacks --stack-name hello --query 'Stacks[0].Outputs' --output table prints the outputs)\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
}

// TestQueuesAfterDeploy: a render with workers says which topics each
// receives from, with the output of each topic's ARN and what its filter
// lets through, where its failed messages go, and how to try it; a render
// without a queue says none of it.
func TestQueuesAfterDeploy(t *testing.T) {
	code, stdout, stderr := gen(t, "render", "--example", "queue-worker", "-o", filepath.Join(t.TempDir(), "out"))
	want := "\nOnce stack shop is created, these services receive in their queues what is published to their topics:\n  service fulfilment: topic orders (the stack output OrdersTopicArn), only messages whose attributes match store: eu, uk; a message its tasks fail on 5 times moves to its dead-letter queue (the stack output FulfilmentDeadLetterQueueUrl)\n" +
		"  Try it, then read the service's log group:\n" +
		`    aws sns publish --topic-arn "$(aws cloudformation describe-stacks --stack-name shop --query "Stacks[0].Outputs[?OutputKey=='OrdersTopicArn'].OutputValue" --output text)" --message '{"test": true}' --message-attributes '{"store":{"DataType":"String","StringValue":"eu"}}'` + "\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
	if strings.Contains(stdout, "FIFO") {
		t.Errorf("a render without FIFO topics speaks of them:\n%s", stdout)
	}
	// A FIFO topic: its FIFO queue keeps the order, a standard one does not,
	// and trying it takes a message group.
	code, stdout, stderr = gen(t, "render", "--example", "ordered-payments", "-o", filepath.Join(t.TempDir(), "out"))
	want = "  service ledger: topic payments (the stack output PaymentsTopicArn), in the order published within each message group, each once; a message its tasks fail on 3 times moves to its dead-letter queue (the stack output LedgerDeadLetterQueueUrl)\n" +
		"  service analytics: topic payments (the stack output PaymentsTopicArn), without the FIFO topic's order (the queue is a standard one); a message its tasks fail on 10 times moves to its dead-letter queue (the stack output AnalyticsDeadLetterQueueUrl)\n" +
		"  Try it, then read the service's log group:\n" +
		`    aws sns publish --topic-arn "$(aws cloudformation describe-stacks --stack-name payments --query "Stacks[0].Outputs[?OutputKey=='PaymentsTopicArn'].OutputValue" --output text)" --message '{"test": true}' --message-group-id test` + "\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
	// A bucket's new objects: the file goes where the queue hears of it.
	code, stdout, stderr = gen(t, "render", "--example", "buckets-and-tables", "-o", filepath.Join(t.TempDir(), "out"))
	want = "  Try it with a file, then read the service's log group:\n" +
		`    aws s3 cp FILE "s3://$(aws cloudformation describe-stacks --stack-name shop --query "Stacks[0].Outputs[?OutputKey=='UploadsBucketName'].OutputValue" --output text)/photos/"` + "\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
	_, stdout, _ = gen(t, "render", "--example", "scheduled-task", "-o", filepath.Join(t.TempDir(), "out"))
	if strings.Contains(stdout, "receive in their queues") {
		t.Errorf("a render without queues speaks of them:\n%s", stdout)
	}
}

// TestVolumesAfterDeploy: a render with volumes says which services
// mount each, where, reading or writing, and the output of its file
// system; a render without volumes says none of it.
func TestVolumesAfterDeploy(t *testing.T) {
	code, stdout, stderr := gen(t, "render", "--example", "shared-files", "-o", filepath.Join(t.TempDir(), "out"))
	want := "\nOnce stack site is created, these volumes keep their files beyond any task (backed up daily; kept when the stack is deleted):\n  volume uploads (the stack output UploadsFileSystemId): service cms reads and writes it at /srv/uploads; service media reads it at /srv/media\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
	const src = "name: cms\nnetwork: {existing: {id: vpc-0123456789abcdef0, cidr: 10.20.0.0/16, privateSubnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]}}\nvolumes: [{name: media, existing: {id: fs-0123456789abcdef0, securityGroup: sg-0123456789abcdef0, directory: /cms}}]\nservices:\n  - name: cms\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"public.ecr.aws/nginx/nginx:1.27\"}, mounts: [{volume: media, path: /srv/media, readOnly: true}]}]\n"
	file := filepath.Join(t.TempDir(), "cms.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = gen(t, "render", file, "-o", filepath.Join(t.TempDir(), "out"))
	want = "  volume media (file system fs-0123456789abcdef0, directory /cms): service cms reads it at /srv/media\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
	_, stdout, _ = gen(t, "render", "--example", "queue-worker", "-o", filepath.Join(t.TempDir(), "out"))
	if strings.Contains(stdout, "these volumes") {
		t.Errorf("a render without volumes speaks of them:\n%s", stdout)
	}
}

// TestSchedulesAfterDeploy: a render with scheduled services says when
// their tasks start, that nothing runs at deploy time, and where a failed
// run is told: the topic the stack creates, or an existing one that must
// let EventBridge publish.
func TestSchedulesAfterDeploy(t *testing.T) {
	code, stdout, stderr := gen(t, "render", "--example", "scheduled-task", "-o", filepath.Join(t.TempDir(), "out"))
	want := "\nOnce stack shop is created, EventBridge Scheduler starts these services' tasks on their schedules (nothing runs at deploy time):\n  service reports: cron(30 2 * * ? *) in Europe/Paris\n  A failed run (a task that could not start, or a container that exited with a code other than 0) notifies the alarms' topic (the stack output AlarmTopicArn; alarms.emails subscribes addresses).\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
	const src = "name: jobs\nalarms: {topic: \"arn:aws:sns:eu-west-1:111122223333:oncall\"}\nservices:\n  - name: sync\n    cpu: 256\n    memory: 512\n    containers: [{name: job, image: {uri: \"public.ecr.aws/docker/library/busybox:1.36\"}}]\n    schedule: {expression: rate(1 hour), paused: true}\n"
	file := filepath.Join(t.TempDir(), "jobs.yaml")
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = gen(t, "render", file, "-o", filepath.Join(t.TempDir(), "out"))
	want = "\nOnce stack jobs is created, EventBridge Scheduler starts these services' tasks on their schedules (nothing runs at deploy time):\n  service sync: rate(1 hour), paused: it starts none until paused is false\n  A failed run (a task that could not start, or a container that exited with a code other than 0) notifies arn:aws:sns:eu-west-1:111122223333:oncall, which must let events.amazonaws.com publish.\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
}

func TestSecrets(t *testing.T) {
	code, stdout, stderr := gen(t, "secrets", "--example", "ssm-secrets", "--stack", "shop-dev")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "# used by app/app/DB_PASSWORD\n# the stack creates the key alias/shop-dev-app: before its first deploy, create the parameter with --key-id alias/aws/ssm and run this afterwards (gen render prints the steps)\nread -rs VALUE   # type the value of /goecssample/database/sample/master/password and press Enter (it does not show)\naws ssm put-parameter --name '/goecssample/database/sample/master/password' --type SecureString --key-id 'alias/shop-dev-app' --value \"$VALUE\"; unset VALUE\n"
	if stdout != want {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}
	code, stdout, _ = gen(t, "secrets", "--example", "internal-nlb")
	if code != 0 || !strings.Contains(stdout, "every referenced parameter is created") {
		t.Errorf("exit %d: %s", code, stdout)
	}
	if code, _, _ := gen(t, "secrets"); code != 2 {
		t.Errorf("secrets without a Blueprint: exit %d", code)
	}
	dir := filepath.Join(t.TempDir(), "out")
	_, stdout, _ = gen(t, "render", "--example", "ssm-secrets", "-o", dir)
	for _, want := range []string{
		"4. Create the 1 parameter the containers read that a template cannot create (SecureStrings)",
		"read -rs VALUE   # type the value of /goecssample/database/sample/master/password and press Enter (it does not show)\n",
		`aws ssm put-parameter --name '/goecssample/database/sample/master/password' --type SecureString --key-id 'alias/aws/ssm' --value "$VALUE"; unset VALUE`,
		"5. Create the application's stack:",
		"6. Encrypt those parameters with the key the stack created",
		"--overwrite --key-id 'alias/goecssample-app'",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("render's steps lack %q:\n%s", want, stdout)
		}
	}
}

func TestValidate(t *testing.T) {
	code, stdout, _ := gen(t, "validate", "-f", "../../golden/internal-nlb-tcp/blueprint.yaml")
	if code != 0 || !strings.Contains(stdout, "ok") {
		t.Errorf("exit %d: %s", code, stdout)
	}
	code, _, stderr := gen(t, "validate", "-f", "missing.yaml")
	if code != 1 || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("missing file: exit %d: %s", code, stderr)
	}
}

func TestExamples(t *testing.T) {
	code, stdout, _ := gen(t, "examples")
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if code != 0 || len(lines) != len(ecsgate.Examples()) {
		t.Fatalf("exit %d, %d lines for %d examples:\n%s", code, len(lines), len(ecsgate.Examples()), stdout)
	}
	// One line per example: its name, then what it builds.
	for _, want := range []string{
		"internal-nlb          nginx in front of a Go app behind an internal TLS NLB\n",
		"private-api-alb       private REST API over a VPC link V2 to an internal ALB\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no line %q in:\n%s", want, stdout)
		}
	}
	for _, line := range lines {
		if name, description, _ := strings.Cut(line, "  "); strings.TrimSpace(description) == "" {
			t.Errorf("example %s has no description", name)
		}
	}
	code, stdout, _ = gen(t, "example", "internal-nlb-tcp")
	want, _ := os.ReadFile("../../golden/internal-nlb-tcp/blueprint.yaml")
	if code != 0 || stdout != string(want) {
		t.Errorf("gen example printed something else (exit %d)", code)
	}
	if code, _, stderr := gen(t, "example", "nope"); code != 1 || !strings.Contains(stderr, "gen examples") {
		t.Errorf("unknown example: exit %d: %s", code, stderr)
	}
}

func TestUsage(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "Usage:"},
		{[]string{"bogus"}, 2, "gen: unknown command \"bogus\"\n\n"},
		{[]string{"rendr", "a.yaml"}, 2, `gen: unknown command "rendr" (did you mean "render"?)`},
		{[]string{"Validate"}, 2, `gen: unknown command "Validate" (did you mean "validate"?)`},
		{[]string{"shop.yaml"}, 2, `gen: unknown command "shop.yaml" (to render it: gen render shop.yaml; to check it: gen validate shop.yaml)`},
		{[]string{"render", "--example", "environments", "--env", "prd", "-o", "x"}, 2, `gen render: --env prd: no environment "prd" (did you mean "prod"? environments: dev, prod, staging)`},
		{[]string{"render", "--example", "environments", "--env", "qa", "-o", "x"}, 2, `gen render: --env qa: no environment "qa" (environments: dev, prod, staging)`},
		{[]string{"render", "--example", "environments", "--env", "production", "-o", "x"}, 2, `gen render: --env production: no environment "production" (did you mean "prod"? environments: dev, prod, staging)`},
		{[]string{"render", "--example", "environments", "--env", "stage", "-o", "x"}, 2, `gen render: --env stage: no environment "stage" (did you mean "staging"? environments: dev, prod, staging)`},
		{[]string{"diagram", "--example", "private-api", "--env", "prod"}, 1, `gen: no environment "prod": the Blueprint has no environments`},
		{[]string{"render"}, 2, "give exactly one Blueprint: a file (gen render FILE) or --example NAME"},
		{[]string{"render", "-f", "a", "--example", "b", "-o", "x"}, 2, "exactly one"},
		{[]string{"render", "-h"}, 0, "Usage: gen render"},
		{[]string{"validate", "-h"}, 0, "Usage: gen validate"},
		{[]string{"examples", "-h"}, 0, "Usage: gen examples\n\n"}, // no space after a command that takes no arguments
		{[]string{"version", "-h"}, 0, "Usage: gen version\n\n"},
		{[]string{"secrets", "-h"}, 0, "Usage: gen secrets"},
		{[]string{"example", "-h"}, 0, "Usage: gen example"},
		{[]string{"validate", "-f", "x", "extra"}, 2, "-f x and the argument extra both name a Blueprint: give one"},
		{[]string{"validate", "x", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"render", "a.yaml", "--example", "b"}, 2, "give exactly one Blueprint"},
		{[]string{"help", "render"}, 0, "Usage: gen render"},
		{[]string{"help", "diff"}, 0, "Usage: gen diff"},
		{[]string{"help", "rendr"}, 2, `gen help: unknown command "rendr" (did you mean "render"?)`},
		{[]string{"-v"}, 0, "gen "},
		{[]string{"example", "privat-api"}, 1, `gen example: no built-in example "privat-api" (did you mean "private-api"? gen examples lists them)`},
		{[]string{"render", "--example", "interal-nlb", "-o", "x"}, 1, `no built-in example "interal-nlb" (did you mean "internal-nlb"? gen examples lists them)`},
		{[]string{"diff", "no-such-folder", "no-such.yaml"}, 2, "gen diff: no file or folder no-such-folder (gen render writes a folder to compare: gen render BLUEPRINT.yaml -o no-such-folder)"},
		{[]string{"diff", "no-such.yaml", "no-such-folder"}, 2, "gen diff: no file no-such.yaml\n"},
	}
	for _, c := range cases {
		code, stdout, stderr := gen(t, c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("gen %v: exit %d, want %d with %q; got:\n%s%s", c.args, code, c.code, c.want, stdout, stderr)
		}
	}
}

// TestMissingBlueprintFile: a Blueprint file that is not there gets the
// file of its folder it is a typo of, else the folder's YAML files, else
// how to start one.
func TestMissingBlueprintFile(t *testing.T) {
	dir := t.TempDir()
	withFile := filepath.Join(dir, "app")
	empty := filepath.Join(dir, "empty")
	for _, d := range []string{withFile, empty} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(withFile, "shop.yaml"), []byte("name: shop\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rendered := filepath.Join(dir, "out")
	if code, _, stderr := gen(t, "render", "--example", "public-alb", "-o", rendered); code != 0 {
		t.Fatalf("render: exit %d\n%s", code, stderr)
	}
	for _, c := range []struct{ file, want string }{
		{filepath.Join(withFile, "shp.yaml"), fmt.Sprintf("gen: no file %s (did you mean %q?)\n", filepath.Join(withFile, "shp.yaml"), filepath.Join(withFile, "shop.yaml"))},
		{filepath.Join(withFile, "orders.yaml"), fmt.Sprintf("gen: no file %s (YAML files there: shop.yaml)\n", filepath.Join(withFile, "orders.yaml"))},
		{filepath.Join(empty, "shop.yaml"), fmt.Sprintf("gen: no file %s (to start one from an example: gen example private-api > %s; gen examples lists them)\n", filepath.Join(empty, "shop.yaml"), filepath.Join(empty, "shop.yaml"))},
		{filepath.Join(dir, "none", "shop.yaml"), fmt.Sprintf("gen: no file %s (no folder %s)\n", filepath.Join(dir, "none", "shop.yaml"), filepath.Join(dir, "none"))},
		{withFile, fmt.Sprintf("gen: %s is a folder, not a Blueprint file (YAML files there: shop.yaml)\n", withFile)},
		{empty, fmt.Sprintf("gen: %s is a folder, not a Blueprint file (it has no YAML file; to start one from an example: gen example private-api > %s)\n", empty, filepath.Join(empty, "blueprint.yaml"))},
		{rendered, fmt.Sprintf("gen: %s is a folder, not a Blueprint file (it holds what gen render wrote: name the Blueprint it was rendered from; gen diff BLUEPRINT.yaml %s compares them)\n", rendered, rendered)},
	} {
		code, _, stderr := gen(t, "validate", c.file)
		if code != exitProblem || stderr != c.want {
			t.Errorf("gen validate %s: exit %d, stderr:\n%s\nwant exit %d and:\n%s", c.file, code, stderr, exitProblem, c.want)
		}
	}
}

// TestNoBlueprintNamed: a command given no Blueprint names the YAML files
// of the folder it runs in, the likely ones, the first five of them.
func TestNoBlueprintNamed(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	want := "gen validate: give exactly one Blueprint: a file (gen validate FILE) or --example NAME\n"
	if _, _, stderr := gen(t, "validate"); !strings.HasPrefix(stderr, want) {
		t.Errorf("in an empty folder, stderr:\n%s\nwant it to start:\n%s", stderr, want)
	}
	for _, name := range []string{"a.yaml", "b.yml", "c.yaml", "d.yaml", "e.yaml", "f.yaml", "notes.txt"} {
		if err := os.WriteFile(name, []byte("name: a\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir("out.yaml", 0o755); err != nil {
		t.Fatal(err)
	}
	want = "gen validate: give exactly one Blueprint: a file (gen validate FILE) or --example NAME (YAML files here: a.yaml, b.yml, c.yaml, d.yaml, e.yaml, ...)\n"
	if code, _, stderr := gen(t, "validate"); code != exitUsage || !strings.HasPrefix(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit %d and a start:\n%s", code, stderr, exitUsage, want)
	}
}

func TestWriteFilesReplacesExisting(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "template.yaml"), []byte("old"), 0o644)
	if _, err := writeFiles(dir, []ecsgate.File{{Name: "template.yaml", Data: []byte("new")}}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "template.yaml"))
	if string(got) != "new" {
		t.Errorf("got %q", got)
	}
}

// TestWriteFilesLeavesUnchangedAlone: a file that already holds exactly what
// a render writes is not written again (its time stamp stays); any other
// difference, its length included, replaces it.
func TestWriteFilesLeavesUnchangedAlone(t *testing.T) {
	past := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	tests := []struct {
		name, have, write string
		untouched         bool
	}{
		{"the same bytes", "Resources: {}\n", "Resources: {}\n", true},
		{"both empty", "", "", true},
		{"one byte differs", "Resources: {}\n", "Resources: []\n", false},
		{"longer than what is written", "Resources: {}\n\n", "Resources: {}\n", false},
		{"shorter than what is written", "Resources: {}", "Resources: {}\n", false},
		{"empty before", "", "Resources: {}\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "template.yaml")
			if err := os.WriteFile(path, []byte(tt.have), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(path, past, past); err != nil {
				t.Fatal(err)
			}
			if _, err := writeFiles(dir, []ecsgate.File{{Name: "template.yaml", Data: []byte(tt.write)}}); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(path)
			if string(got) != tt.write {
				t.Errorf("the file holds %q, want %q", got, tt.write)
			}
			info, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if untouched := info.ModTime().Equal(past); untouched != tt.untouched {
				t.Errorf("left untouched: %v, want %v", untouched, tt.untouched)
			}
		})
	}
}

func TestWriteFilesCleansUpOnFailure(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	// A file name below a file that was just written cannot be created.
	_, err := writeFiles(dir, []ecsgate.File{{Name: "template.yaml", Data: []byte("a")}, {Name: "template.yaml/b.yaml", Data: []byte("b")}})
	if err == nil {
		t.Fatal("want an error")
	}
	if _, statErr := os.Stat(dir); !os.IsNotExist(statErr) {
		t.Error("a directory created by a failed write was left behind")
	}
}

// TestWriteFilesRemovesStaleStacks: a service removed from the Blueprint
// leaves no nested stack template behind; other files are left alone.
func TestWriteFilesRemovesStaleStacks(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "stacks"), 0o755)
	os.WriteFile(filepath.Join(dir, "stacks", "gone.yaml"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "stacks", "notes.txt"), []byte("mine"), 0o644)
	files := []ecsgate.File{{Name: "template.yaml", Data: []byte("t")}, {Name: "stacks/web.yaml", Data: []byte("w")}}
	if _, err := writeFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "stacks", "gone.yaml")); !os.IsNotExist(err) {
		t.Error("the stale stacks/gone.yaml is still there")
	}
	for _, keep := range []string{"stacks/web.yaml", "stacks/notes.txt"} {
		if _, err := os.Stat(filepath.Join(dir, keep)); err != nil {
			t.Errorf("%s: %v", keep, err)
		}
	}
}

// TestNestedRenderAndLimits: gen validate reports what only the rendered
// templates show (a single template past CloudFormation's limits) and writes
// nothing; the nested example renders its stacks and prints the package
// command.
func TestNestedRenderAndLimits(t *testing.T) {
	tmp := t.TempDir()
	source, err := os.ReadFile("../../golden/scale-nested/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	single := filepath.Join(tmp, "single.yaml")
	os.WriteFile(single, bytes.Replace(source, []byte("\nstacks: nested\n"), []byte("\nstacks: single\n"), 1), 0o644)
	code, _, stderr := gen(t, "validate", "-f", single)
	line := bytes.Count(source[:bytes.Index(source, []byte("\nstacks: nested\n"))+1], []byte("\n")) + 1
	if code != 1 || !strings.Contains(stderr, fmt.Sprintf("%s:%d:9: stacks: the template needs", single, line)) || !strings.Contains(stderr, "set stacks: nested") {
		t.Errorf("validate: exit %d\n%s", code, stderr)
	}
	out := filepath.Join(tmp, "out")
	if code, _, _ := gen(t, "render", "-f", single, "-o", out); code != 1 {
		t.Errorf("render of the single layout: exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a refused render left an output directory")
	}
	code, stdout, stderr := gen(t, "render", "--example", "scale-nested", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	stacks, _ := filepath.Glob(filepath.Join(out, "stacks", "*.yaml"))
	if len(stacks) != 64 || !strings.Contains(stdout, "aws cloudformation package --template-file "+filepath.Join(out, "template.yaml")) {
		t.Errorf("%d stacks written; stdout:\n%s", len(stacks), stdout)
	}
}

// TestAllEnvsDeployOnce: gen render --all-envs prints one first deploy for
// every environment: the shared stack and each image once, then each
// environment's stack; the controls each environment does not meet come
// under its name, or once when every environment has the same.
func TestAllEnvsDeployOnce(t *testing.T) {
	tmp := t.TempDir()
	code, stdout, stderr := gen(t, "render", "--example", "environments", "--all-envs", "-o", filepath.Join(tmp, "out"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := filepath.Join(tmp, "out")
	deploy := func(env string) string {
		return "       aws cloudformation deploy --template-file " + filepath.Join(out, env, "template.yaml") + " --stack-name shop-" + env + " --capabilities CAPABILITY_NAMED_IAM --parameter-overrides OrdersAppImageTag=2.7.1 WebAppImageTag=4.2.0\n"
	}
	for _, want := range []string{
		"\nFirst deploy of the environments dev, prod, staging, into an empty account",
		"  4. Create each environment's stack:\n" + deploy("dev") + deploy("prod") + deploy("staging") +
			"Later deploys: push the new images, set their tags in the Blueprint, render again and run each environment's deploy command above again. It gives every template parameter the Blueprint's value: aws cloudformation deploy would otherwise keep each one's previous value, and an image tag changed in the Blueprint would not deploy.\n",
		"\n== environment dev (stack shop-dev)\n\nOnce stack shop-dev is created, clients reach the application at:\n  the Application Load Balancer: https://dev.shop.example.com\n\nAWS Control Tower proactive controls the templates do not meet",
		"\n== environment prod (stack shop-prod)\n\nOnce stack shop-prod is created, clients reach the application at:\n  the Application Load Balancer: https://shop.example.com\n\nAWS Control Tower",
		"\n== environment staging (stack shop-staging)\n\nOnce stack shop-staging is created, clients reach the application at:\n  the Application Load Balancer: https://staging.shop.example.com\n\nAWS Control Tower",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
	for _, once := range []string{"--stack-name shop-shared ", `docker push "$REGISTRY/shop/web:4.2.0"`, "First deploy", "Later deploys"} {
		if n := strings.Count(stdout, once); n != 1 {
			t.Errorf("%q %d times, want once:\n%s", once, n, stdout)
		}
	}
	// Two environments the same: their controls once.
	file := filepath.Join(tmp, "twins.yaml")
	twins := twinsBase + "environments: {blue: {}, green: {}}\n"
	if err := os.WriteFile(file, []byte(twins), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = gen(t, "render", file, "--all-envs", "-o", filepath.Join(tmp, "twins"))
	if code != 0 {
		t.Fatalf("twins: exit %d: %s", code, stderr)
	}
	if strings.Count(stdout, "\n== every environment\n\nAWS Control Tower proactive controls") != 1 || strings.Count(stdout, "AWS Control Tower") != 1 {
		t.Errorf("twins: want the controls once, under every environment:\n%s", stdout)
	}
	// Each environment's section says where its own stack answers.
	for _, env := range []string{"blue", "green"} {
		want := fmt.Sprintf("\n== environment %[1]s (stack twins-%[1]s)\n\nOnce stack twins-%[1]s is created, clients reach the application at:\n  the internal Network Load Balancer: the stack output NlbDnsName, from inside the VPC only\n  (aws cloudformation describe-stacks --stack-name twins-%[1]s --query 'Stacks[0].Outputs' --output table prints the outputs)\n", env)
		if !strings.Contains(stdout, want) {
			t.Errorf("twins: no %q in:\n%s", want, stdout)
		}
	}
}

// TestEnvironmentsPipelines: the environments of one repository each get a
// pipeline of their own that deploys their own stack from their own folder:
// the pipelines' stacks, the stacks they deploy and the folders they read
// differ, in the steps and in the files.
func TestEnvironmentsPipelines(t *testing.T) {
	_, blueprint, _ := gen(t, "example", "environments")
	blueprint += "pipeline:\n  source: {connection: \"arn:aws:codeconnections:ap-northeast-1:111122223333:connection/0f6e1f0a-8a3b-4e0e-9d43-6d5c2d0b7c1e\", repository: example/shop}\n  deployRole: arn:aws:iam::111122223333:role/shop-deploy\n  builds: [{service: web, container: app, dockerfile: Dockerfile}]\n"
	tmp := t.TempDir()
	file, out := filepath.Join(tmp, "shop.yaml"), filepath.Join(tmp, "out")
	if err := os.WriteFile(file, []byte(blueprint), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := gen(t, "render", file, "--all-envs", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// An environment whose pipeline deploys a stack of another name is
	// that stack wherever gen names it.
	renamed := strings.Replace(blueprint, "\n  prod:\n", "\n  prod:\n    pipeline: {stack: shop-live}\n", 1)
	if err := os.WriteFile(file, []byte(renamed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, prod, stderr := gen(t, "render", file, "--env", "prod", "-o", filepath.Join(tmp, "prod"))
	for _, want := range []string{"--stack-name shop-live-pipeline ", "then creates the stack shop-live.", "\nOnce stack shop-live is created,"} {
		if code != 0 || !strings.Contains(prod, want) {
			t.Errorf("exit %d, no %q in:\n%s%s", code, want, prod, stderr)
		}
	}
	for _, env := range []string{"dev", "prod", "staging"} {
		for _, want := range []string{
			"--template-file " + filepath.Join(out, env, "pipeline.yaml") + " --stack-name shop-" + env + "-pipeline ",
			"Commit template.yaml and buildspec.yml to deploy/" + env + "/ in example/shop and push to main: the pipeline builds and pushes the images, then creates the stack shop-" + env + ".",
			"mkdir -p deploy/" + env + " && cp " + filepath.Join(out, env, "template.yaml") + " " + filepath.Join(out, env, "buildspec.yml") + " deploy/" + env + "/",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("no %q in:\n%s", want, stdout)
			}
		}
		files := map[string]string{"pipeline.yaml": "StackName: shop-" + env + "\n", "buildspec.yml": "cp deploy/" + env + "/template.yaml template.yaml"}
		for name, want := range files {
			data, _ := os.ReadFile(filepath.Join(out, env, name))
			if !strings.Contains(string(data), want) {
				t.Errorf("%s/%s has no %q", env, name, want)
			}
		}
	}
}

// twinsBase is a Blueprint of one service, for environments to be added to.
const twinsBase = `name: twins
ingress: {nlb: {}}
services:
  - name: api
    cpu: 256
    memory: 512
    containers: [{name: app, image: {repository: twins/api, tag: "1.0.0"}, port: 8080}]
    nlb: {port: 8080}
`

// TestAllEnvsByAccount: environments that name their accounts get one
// first deploy per account: those of one account merged, beginning with the
// check of the AWS CLI's account; the shared stack once in each account.
func TestAllEnvsByAccount(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "accounts.yaml")
	blueprint := twinsBase + `environments:
  dev: {accountId: "111111111111"}
  staging: {accountId: "111111111111"}
  prod: {accountId: "222222222222"}
`
	if err := os.WriteFile(file, []byte(blueprint), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := gen(t, "render", file, "--all-envs", "-o", filepath.Join(tmp, "out"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"\nFirst deploy of the environments dev, staging, into account 111111111111 (",
		"  1. Check that the AWS CLI's credentials are for account 111111111111, the Blueprint's accountId (the command fails if not):\n" +
			"       test \"$(aws sts get-caller-identity --query Account --output text)\" = 111111111111\n  2. Make sure the account has the service-linked role ECS works through",
		"\n== environment prod (stack twins-prod)\n\nFirst deploy, into account 222222222222 (",
		"       test \"$(aws sts get-caller-identity --query Account --output text)\" = 222222222222\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "--stack-name twins-shared "); n != 2 {
		t.Errorf("the shared stack %d times, want once in each account:\n%s", n, stdout)
	}
}

// TestEnvironments: --all-envs writes one folder per environment, --env one
// environment; a misspelt key in an overlay, a service the base lacks and an
// override path that does not exist each give one problem with file, line,
// column and field path, and nothing is written.
func TestEnvironments(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	code, stdout, stderr := gen(t, "render", "--example", "environments", "--all-envs", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, env := range []string{"dev", "staging", "prod"} {
		got, _ := os.ReadFile(filepath.Join(out, env, ecsgate.TemplateFile))
		want, _ := os.ReadFile(filepath.Join("../../golden/environments", env, ecsgate.TemplateFile))
		if len(got) == 0 || !bytes.Equal(got, want) {
			t.Errorf("%s/template.yaml differs from the golden file", env)
		}
		if !strings.Contains(stdout, "--stack-name shop-"+env+" ") {
			t.Errorf("no deploy command for stack shop-%s:\n%s", env, stdout)
		}
	}
	one := filepath.Join(tmp, "prod")
	if code, _, stderr := gen(t, "render", "--example", "environments", "--env", "prod", "-o", one); code != 0 {
		t.Fatalf("--env prod: exit %d: %s", code, stderr)
	}
	if got, _ := os.ReadFile(filepath.Join(one, ecsgate.TemplateFile)); !bytes.Equal(got, mustRead(t, "../../golden/environments/prod/template.yaml")) {
		t.Error("--env prod differs from the golden prod template")
	}
	if code, _, stderr := gen(t, "render", "--example", "environments", "--env", "qa", "-o", one); code != 2 || !strings.Contains(stderr, "environments: dev, prod, staging") {
		t.Errorf("--env qa: exit %d: %s", code, stderr)
	}
	if code, stdout, _ := gen(t, "validate", "-f", "../../golden/environments/blueprint.yaml"); code != 0 || !strings.Contains(stdout, "environments dev, prod, staging") {
		t.Errorf("validate: exit %d: %s", code, stdout)
	}

	source := string(mustRead(t, "../../golden/environments/blueprint.yaml"))
	for _, c := range []struct{ name, old, new, at, want string }{
		{"misspelt key", "        count: 3\n", "        cuont: 3\n", "cuont: 3", `prod: services[1].cuont: unknown field "cuont"`},
		{"service the base lacks", "      - name: orders\n        cpu: 1024", "      - name: ordres\n        cpu: 1024", "name: ordres", "prod: environments.prod.services[1]: changes ordres, which the base does not have"},
		{"override path", "ContainerDefinitions/0/Ulimits", "ContainerDefinitions/3/Ulimits", "/Resources/OrdersTaskDefinition/Properties/ContainerDefinitions/3", "prod: overrides[0].path: add /Resources/OrdersTaskDefinition/Properties/ContainerDefinitions/3/Ulimits cannot be applied"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(source, c.old, c.new, 1)
			file := filepath.Join(tmp, strings.ReplaceAll(c.name, " ", "-")+".yaml")
			os.WriteFile(file, []byte(src), 0o644)
			at := strings.Index(src, c.at)
			pos := fmt.Sprintf("%s:%d:%d: ", file, strings.Count(src[:at], "\n")+1, at-strings.LastIndex(src[:at], "\n"))
			for _, args := range [][]string{{"validate", "-f", file}, {"render", "-f", file, "--all-envs", "-o", filepath.Join(tmp, "refused")}} {
				code, _, stderr := gen(t, args...)
				if code != 1 || !strings.Contains(stderr, pos+c.want) || !strings.Contains(stderr, "1 problem;") {
					t.Errorf("gen %s: exit %d\n%s\nwant %s%s", args[0], code, stderr, pos, c.want)
				}
			}
			if _, err := os.Stat(filepath.Join(tmp, "refused")); !os.IsNotExist(err) {
				t.Error("a refused render wrote files")
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestSecretsOfAnEnvironment: gen secrets --env names the environment's
// stack in the KMS aliases, as gen render names its stack.
func TestSecretsOfAnEnvironment(t *testing.T) {
	src := string(mustRead(t, "../../golden/ssm-secrets/blueprint.yaml")) + "\nenvironments:\n  prod: {}\n"
	file := filepath.Join(t.TempDir(), "bp.yaml")
	os.WriteFile(file, []byte(src), 0o644)
	code, stdout, stderr := gen(t, "secrets", "-f", file, "--env", "prod")
	if code != 0 || !strings.Contains(stdout, "alias/goecssample-prod-") {
		t.Errorf("exit %d: %s%s", code, stdout, stderr)
	}
}

// TestWarnings: a valid choice that is rarely meant (a public ALB serving
// plain HTTP on its host names) is a warning with its position and fix, on
// stderr for render and validate, in --format json with "warning": true and
// as a ::warning for GitHub; the exit status stays 0 and the files are
// written.
func TestWarnings(t *testing.T) {
	src := "name: shop\ndns: {zone: example.com, zoneId: Z0123456789EXAMPLE}\ningress:\n  alb:\n    hostnames: [shop.example.com]\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {uri: \"nginx:1.27\"}, port: 80}]\n    alb: {paths: [\"/*\"]}\n"
	bp := filepath.Join(t.TempDir(), "bp.yaml")
	os.WriteFile(bp, []byte(src), 0o644)
	want := bp + ":4:3: warning: ingress.alb: serves its host names over plain HTTP: browsers mark the site not secure, and passwords, cookies and tokens cross the internet in clear text (add certificate: {domain: shop.example.com} (validated through dns.zone); port 80 then redirects to HTTPS)"
	code, stdout, stderr := gen(t, "validate", "-f", bp)
	if code != 0 || !strings.Contains(stderr, want) || !strings.Contains(stdout, "ok") {
		t.Errorf("validate: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	code, stdout, _ = gen(t, "validate", "-f", bp, "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"warning": true`) || !strings.Contains(stdout, `"path": "ingress.alb"`) {
		t.Errorf("validate --format json: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = gen(t, "validate", "-f", bp, "--format", "github")
	if code != 0 || !strings.Contains(stdout, "::warning file="+bp+",line=4,col=3,") {
		t.Errorf("validate --format github: exit %d\n%s", code, stdout)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr = gen(t, "render", "-f", bp, "-o", out)
	if _, err := os.Stat(filepath.Join(out, "template.yaml")); code != 0 || err != nil || !strings.Contains(stderr, want) {
		t.Errorf("render: exit %d, %v\n%s", code, err, stderr)
	}
}

// TestWarningsOfEnvironments: a warning every rendering has is the
// Blueprint's, said once under no environment's name; one that some
// environments have is said for each of them; gen render --env says its
// environment's under its name.
func TestWarningsOfEnvironments(t *testing.T) {
	src := "name: shop\ningress: {nlb: {}}\nservices:\n  - name: web\n    cpu: 256\n    memory: 512\n    containers: [{name: app, image: {repository: shop/web, tag: latest}, port: 80}]\n    nlb: {}\n" +
		"environments:\n  dev:\n    services: [{name: web, count: 0}]\n  staging:\n    services: [{name: web, count: 0}]\n  prod: {}\n"
	bp := filepath.Join(t.TempDir(), "bp.yaml")
	os.WriteFile(bp, []byte(src), 0o644)
	latest := bp + ":7:65: warning: services[0].containers[0].image.tag: the tag latest moves with every push"
	noTask := func(env string) string {
		return bp + ":" + map[string]string{"dev": "11", "staging": "13"}[env] + ":35: warning: " + env + ": services[0].count: the service runs no task (set count to 1 or more when it should serve)"
	}
	lines := func(stderr string) []string { return strings.Split(strings.TrimSpace(stderr), "\n") }
	for _, args := range [][]string{{"validate", bp}, {"render", bp, "--all-envs", "-o", filepath.Join(t.TempDir(), "out")}} {
		code, _, stderr := gen(t, args...)
		got := lines(stderr)
		if code != 0 || len(got) != 3 || !strings.HasPrefix(got[0], latest) || got[1] != noTask("dev") || got[2] != noTask("staging") {
			t.Errorf("gen %s: exit %d, want the tag's warning once and count's for dev and staging:\n%s", args[0], code, stderr)
		}
	}
	code, _, stderr := gen(t, "render", bp, "--env", "staging", "-o", filepath.Join(t.TempDir(), "out"))
	got := lines(stderr)
	if code != 0 || len(got) != 2 || !strings.HasPrefix(got[0], bp+":7:65: warning: staging: services[0].containers[0].image.tag:") || got[1] != noTask("staging") {
		t.Errorf("gen render --env staging: exit %d, want staging's two warnings under its name:\n%s", code, stderr)
	}
}

// TestCommandsAreKnown: the names the unknown-command hint suggests are
// the commands run knows, and every command in the usage is among them.
func TestCommandsAreKnown(t *testing.T) {
	for c := range commands {
		if _, _, stderr := gen(t, c, "-h"); strings.Contains(stderr, "unknown command") {
			t.Errorf("%s is in commands but not a command", c)
		}
	}
	for _, line := range strings.Split(usage, "\n") {
		if name, ok := strings.CutPrefix(line, "  gen "); ok {
			name, _, _ = strings.Cut(name, " ")
			if _, ok := commands[name]; !ok {
				t.Errorf("the usage's %s is not in commands", name)
			}
		}
	}
}

// TestFromCopilot: gen from-copilot writes the Blueprint of a Copilot
// application, lists what it did not convert with each manifest's path, and
// checks the Blueprint: the problems left are the decisions the notes name,
// and once they are made the Blueprint validates. It never writes over a
// file; -o - writes the Blueprint to standard output.
func TestFromCopilot(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "shop.yaml")
	app := filepath.Join("..", "..", "copilot", "testdata", "shop")
	code, stdout, stderr := gen(t, "from-copilot", app, "-o", file)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (problems to fix): %s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"wrote " + file + ": the AWS Copilot application shop, from 10 manifests in " + filepath.Join(app, "copilot") + "\n",
		"  " + filepath.Join(app, "copilot", "emails", "manifest.yml") + ":6: subscribe.queue.dead_letter: Copilot's queue had no dead-letter queue",
		"\n" + file + " has 3 problems to fix before gen render (gen validate " + file + " checks it again):\n" + file + ":",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
	got := mustRead(t, file)
	if want := mustRead(t, filepath.Join(app, "blueprint.yaml")); !bytes.Equal(got, want) {
		t.Error("the Blueprint differs from copilot/testdata/shop/blueprint.yaml")
	}
	if code, _, stderr := gen(t, "from-copilot", app, "-o", file); code != 2 || !strings.Contains(stderr, "exists: name another file with -o") {
		t.Errorf("over an existing file: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := gen(t, "from-copilot", app, "-o", "-"); code != 0 || stdout != string(got) || !strings.Contains(stderr, "Not converted as written") {
		t.Errorf("-o -: exit %d, stderr %s", code, stderr)
	}
	if code, _, stderr := gen(t, "from-copilot", tmp); code != 1 || !strings.Contains(stderr, "no copilot/.workspace") {
		t.Errorf("no application: exit %d: %s", code, stderr)
	}
	if code, _, stderr := gen(t, "from-copilot", app, "--app", "store", "-o", "-"); code != 1 || !strings.Contains(stderr, "--app store, but copilot/.workspace names the application shop") {
		t.Errorf("--app against .workspace: exit %d: %s", code, stderr)
	}
	// The decisions the problems ask for, made: the Blueprint validates.
	decided := strings.NewReplacer(
		"{parameter: GITHUB_TOKEN}", "{parameter: 'arn:aws:ssm:us-east-1:123456789012:parameter/GITHUB_TOKEN'}",
		"{secret: shop/db,", "{secret: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:shop/db-AbCdEf',",
		"        id: vpc-0123456789abcdef0\n", "        id: vpc-0123456789abcdef0\n        cidr: 10.2.0.0/16\n",
	).Replace(string(got))
	os.WriteFile(file, []byte(decided), 0o644)
	if code, stdout, stderr := gen(t, "validate", file); code != 0 {
		t.Errorf("the Blueprint with the decisions made: exit %d: %s%s", code, stdout, stderr)
	}
}

// TestLargeTemplateBucket: a template past 51,200 bytes is deployed
// through an S3 bucket, and the steps say what BUCKET is and how to create
// one.
func TestLargeTemplateBucket(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := gen(t, "render", "--example", "backend-calls", "-o", out)
	if code != exitOK {
		t.Fatal(stderr)
	}
	for _, want := range []string{
		" --stack-name shop --s3-bucket BUCKET --capabilities CAPABILITY_NAMED_IAM ",
		"  (BUCKET is an S3 bucket in the stack's Region, which aws s3 mb s3://BUCKET creates once, under a name no other account has taken: the template is 65216 bytes, more than the 51,200 CloudFormation takes inline)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the steps lack %q:\n%s", want, stdout)
		}
	}
}

// TestStoresAfterDeploy: a render with buckets and tables says, for each,
// the output that holds its name, the services that read or write it under
// which variables, the pages a bucket's CORS admits, and whether it
// outlives the stack.
func TestStoresAfterDeploy(t *testing.T) {
	code, stdout, stderr := gen(t, "render", "--example", "buckets-and-tables", "-o", filepath.Join(t.TempDir(), "out"))
	want := "\nOnce stack shop is created, these buckets and tables keep the application's data (their names are in the services' environment):\n" +
		"  S3 bucket uploads (the stack output UploadsBucketName): service api reads and writes it ($UPLOADS_BUCKET); service thumbnails reads and writes it ($UPLOADS_BUCKET); pages at https://shop.my-project.jp may send it PUT requests from the browser, with a presigned URL; kept when the stack is deleted\n" +
		"  S3 bucket exports (the stack output ExportsBucketName): service api reads it ($EXPORTS_BUCKET); service reports reads and writes it ($EXPORTS_BUCKET); kept when the stack is deleted\n" +
		"  DynamoDB table orders (the stack output OrdersTableName): service api reads and writes it ($ORDERS_TABLE); service reports reads it ($ORDERS_TABLE); kept when the stack is deleted\n" +
		"  DynamoDB table sessions (the stack output SessionsTableName): service api reads and writes it ($SESSIONS_TABLE); deleted with the stack (retain: false)\n"
	if code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, want %q in:\n%s%s", code, want, stdout, stderr)
	}
}
