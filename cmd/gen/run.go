package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/controls"
	"github.com/ecsgate/ecsgate/internal/shellword"
	"github.com/ecsgate/ecsgate/openapi"
)

// Exit codes.
const (
	exitOK      = 0
	exitProblem = 1 // the Blueprint has problems, or files could not be written
	exitUsage   = 2
)

const usage = `gen turns an ecsgate Blueprint into CloudFormation templates.

Usage:
  gen render BLUEPRINT.yaml [-o DIR]    write DIR/template.yaml and the rest (DIR: out)
  gen render --example NAME [-o DIR]    render a built-in example
  gen validate BLUEPRINT.yaml           check a Blueprint, write nothing
  gen secrets BLUEPRINT.yaml            print the commands that create the parameters it needs
  gen examples                          list the built-in examples
  gen example NAME                      print a built-in example
  gen version                           print gen's version and commit
  gen schema                            print the Blueprint's JSON Schema, for editors
  gen diagram BLUEPRINT.yaml            print the request path as a Mermaid flowchart
  gen openapi BLUEPRINT.yaml [-o FILE]  start a design-first OpenAPI document from api.routes
  gen diff OLD NEW                      what changes between two templates or two renders
  gen diff BLUEPRINT.yaml DIR           the same, from the render in DIR to the Blueprint's
  gen from-copilot [DIR] [-o FILE]      write the Blueprint of an AWS Copilot application

-f BLUEPRINT.yaml names the Blueprint too; - reads it from standard input.

Run 'gen COMMAND -h' for a command's flags.
`

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	if name, ok := aliases[cmd]; ok {
		cmd = name
	}
	if command, ok := commands[cmd]; ok {
		return command(rest, stdout, stderr)
	}
	fmt.Fprintf(stderr, "gen: unknown command %q%s\n\n%s", cmd, commandHint(cmd), usage)
	return exitUsage
}

// commands are gen's commands by name: what run calls, and what the hint
// on an unknown command chooses from.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"render":   runRender,
	"validate": runValidate,
	"secrets":  runSecrets,
	"examples": runExamples,
	"example":  runExample,
	"schema":   runSchema,
	"diff":     runDiff,
	"diagram":  runDiagram,
	"openapi":  runOpenAPI,
	"version":  runVersion,

	"from-copilot": runFromCopilot,
}

// help is a command too, added here because it reads commands for a
// command's help (a map that held it would refer to itself).
func init() { commands["help"] = runHelp }

// aliases are the other names of some commands, as flags.
var aliases = map[string]string{
	"--version": "version", "-version": "version", "-v": "version",
	"-h": "help", "-help": "help", "--help": "help",
}

// runHelp prints the usage, or with a command's name that command's help
// (gen help render is gen render -h).
func runHelp(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] != "help" && !strings.HasPrefix(args[0], "-") {
		if command, ok := commands[args[0]]; ok {
			return command([]string{"-h"}, stdout, stderr)
		}
		fmt.Fprintf(stderr, "gen help: unknown command %q%s\n\n%s", args[0], commandHint(args[0]), usage)
		return exitUsage
	}
	fmt.Fprint(stdout, usage)
	return exitOK
}

// commandHint suggests the command meant by a typo, or render for a
// Blueprint named without one.
func commandHint(cmd string) string {
	if isYAMLFile(cmd) {
		word := ecsgate.ShellWord(cmd)
		return fmt.Sprintf(" (to render it: gen render %s; to check it: gen validate %s)", word, word)
	}
	if hint := blueprint.DidYouMean(cmd, slices.Sorted(maps.Keys(commands))); hint != "" {
		return " (" + hint + ")"
	}
	return ""
}

// newFlags makes a flag set that prints its usage line and flags on -h.
func newFlags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s\n\n%s\n", strings.TrimSpace("gen "+name+" "+synopsis), about)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, which take no positional argument; ok is false
// when gen should exit with code.
func parseFlags(fs *flag.FlagSet, args []string) (code int, ok bool) {
	_, code, ok = parseArgs(fs, args, 0)
	return code, ok
}

// parseArgs parses args, flags and at most most positional arguments in any
// order (gen render my.yaml -o out and gen render -o out my.yaml alike: the
// flag package alone stops at the first positional argument and would leave
// -o unread). ok is false when gen should exit with code.
func parseArgs(fs *flag.FlagSet, args []string, most int) (positional []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(positional) > most {
		fmt.Fprintf(fs.Output(), "gen %s: unexpected argument %q\n", fs.Name(), positional[most])
		fs.Usage()
		return nil, exitUsage, false
	}
	return positional, 0, true
}

func runRender(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("render", "(BLUEPRINT.yaml | --example NAME) [--env NAME | --all-envs] [-o DIR]",
		"Validates the Blueprint and writes DIR/template.yaml. With --env it renders that\nenvironment; with --all-envs every environment, into DIR/<env>/. On any problem\nit writes nothing and lists every problem on stderr. DIR must be new, empty or an\nearlier render: gen never writes over other files.", stderr)
	src := sourceFlags(fs)
	out := fs.String("o", defaultOut, "output directory (created if missing; empty or an earlier render)")
	env := fs.String("env", "", "render this environment of the Blueprint's environments")
	all := fs.Bool("all-envs", false, "render every environment, each into DIR/<env>/")
	if code, ok := parseSource(fs, src, args); !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(stderr, "gen render: -o needs a directory")
		fs.Usage()
		return exitUsage
	}
	if *env != "" && *all {
		fmt.Fprintln(stderr, "gen render: give --env NAME or --all-envs, not both")
		return exitUsage
	}
	if err := checkOutputDir(*out); err != nil {
		fmt.Fprintln(stderr, "gen render:", err)
		return exitUsage
	}
	if err := checkLayout(*out, *all, *env); err != nil {
		fmt.Fprintln(stderr, "gen render:", err)
		return exitUsage
	}
	b, err := src.load()
	if err != nil {
		return report(stderr, err)
	}
	envs := []string{*env}
	if *all {
		if envs = b.EnvironmentNames(); len(envs) == 0 {
			fmt.Fprintln(stderr, "gen render: --all-envs: the Blueprint has no environments")
			return exitUsage
		}
	}
	if _, known := b.Environments[*env]; *env != "" && !known {
		_, err := b.Environment(*env) // says which environments there are
		fmt.Fprintf(stderr, "gen render: --env %s: %v\n", *env, err)
		return exitUsage
	}
	// Every environment is rendered before anything is written: one
	// environment's problem leaves no folder half-written.
	done, err := ecsgate.RenderEach(b, envs)
	if err != nil {
		return report(stderr, err)
	}
	printWarnings(stderr, done, *src.example)
	written := done[0].Files
	if *all {
		written = ecsgate.EnvironmentFiles(done)
	}
	// The templates are checked against the proactive controls while the
	// files are written.
	checked := make([]chan controlsResult, len(done))
	for i, r := range done {
		checked[i] = make(chan controlsResult, 1)
		go func() {
			findings, err := ecsgate.UnmetControls(r.Files)
			checked[i] <- controlsResult{findings, err}
		}()
	}
	removed, err := writeFiles(*out, written)
	if err != nil {
		fmt.Fprintln(stderr, "gen render:", err)
		return exitProblem
	}
	for _, f := range written {
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(*out, f.Name))
	}
	for _, path := range removed {
		fmt.Fprintf(stdout, "removed %s (an earlier render's: the Blueprint no longer has it)\n", path)
	}
	if err := printDeploys(stdout, done, *out, *all, src.flag(), checked); err != nil {
		fmt.Fprintln(stderr, "gen render:", err)
		return exitProblem
	}
	return exitOK
}

// envDeploy is where one rendering goes: its stack, the folder its files
// are in and the steps of its first deploy.
type envDeploy struct {
	r          ecsgate.Rendering
	stack, dir string
	steps      []ecsgate.Step
}

// printDeploys prints how to deploy what gen render wrote to out, then the
// proactive controls each environment's templates do not meet. With
// --all-envs the environments' first deploys are one list of steps when
// they can be (ecsgate.MergeSteps): the shared stack and the images once,
// then each environment's stack; and their controls are listed once when
// they are the same.
func printDeploys(stdout io.Writer, done []ecsgate.Rendering, out string, all bool, source string, checked []chan controlsResult) error {
	deploys := make([]envDeploy, len(done))
	each := make([][]ecsgate.Step, len(done))
	for i, r := range done {
		d := envDeploy{r: r, stack: r.Resolved.DeployedStackName(), dir: out}
		if all {
			d.dir = filepath.Join(out, r.Env)
		}
		d.steps = ecsgate.FirstDeploy(r.Resolved, r.Files, d.dir, out, d.stack, source)
		deploys[i], each[i] = d, d.steps
	}
	unmet := make([]string, len(done))
	for i, r := range done {
		var text strings.Builder
		if err := printControls(&text, r.Resolved, <-checked[i]); err != nil {
			return err
		}
		unmet[i] = text.String()
	}
	// The environments of one account share its shared stack and images:
	// their first deploys are one list where their steps allow it.
	inMerged := make([]bool, len(done))
	together := false
	for _, group := range byAccount(done) {
		if !all || len(group) < 2 {
			continue
		}
		steps := make([][]ecsgate.Step, len(group))
		envs := make([]string, len(group))
		members := make([]envDeploy, len(group))
		for k, i := range group {
			steps[k], envs[k], members[k] = each[i], done[i].Env, deploys[i]
		}
		merged, ok := ecsgate.MergeSteps(steps)
		if !ok {
			continue
		}
		fmt.Fprintf(stdout, "\nFirst deploy of the environments %s, into %s (the commands run where you ran gen; the AWS CLI's Region is the stacks'):\n", strings.Join(envs, ", "), intoAccount(done[group[0]].Resolved))
		printSteps(stdout, merged, members)
		printLaterDeploys(stdout, done[group[0]], "each environment's")
		for _, i := range group {
			inMerged[i] = true
		}
		together = len(group) == len(done)
	}
	sameUnmet := together && !slices.ContainsFunc(unmet, func(u string) bool { return u != unmet[0] })
	for i, d := range deploys {
		var section strings.Builder
		if !inMerged[i] {
			fmt.Fprintf(&section, "\nFirst deploy, into %s (the commands run where you ran gen; the AWS CLI's Region is the stack's):\n", intoAccount(d.r.Resolved))
			printSteps(&section, d.steps, deploys[i:i+1])
			printLaterDeploys(&section, d.r, "the stack's")
		}
		printEntrances(&section, d.r.Resolved, d.stack)
		printSchedules(&section, d.r.Resolved, d.stack)
		printQueues(&section, d.r.Resolved, d.stack)
		printVolumes(&section, d.r.Resolved, d.stack)
		printStores(&section, d.r.Resolved, d.stack)
		if d.r.Resolved.API != nil {
			printAPINotes(&section, d.r.Resolved, filepath.Join(d.dir, ecsgate.OpenAPIFile))
		}
		if !sameUnmet {
			section.WriteString(unmet[i])
		}
		if d.r.Env != "" && section.Len() > 0 {
			fmt.Fprintf(stdout, "\n== environment %s (stack %s)\n", d.r.Env, d.stack)
		}
		io.WriteString(stdout, section.String())
	}
	if sameUnmet {
		fmt.Fprintf(stdout, "\n== every environment\n%s", unmet[0])
	}
	return nil
}

// intoAccount names the account a first deploy goes into: the Blueprint's
// accountId, or any empty one.
func intoAccount(b *blueprint.Resolved) string {
	if b.AccountID != "" {
		return "account " + b.AccountID
	}
	return "an empty account"
}

// byAccount groups renderings by the account they name (accountId), in
// the order each account first appears; those that name none are one group.
func byAccount(done []ecsgate.Rendering) [][]int {
	var groups [][]int
	index := map[string]int{}
	for i, r := range done {
		id := r.Resolved.AccountID
		g, ok := index[id]
		if !ok {
			g = len(groups)
			index[id] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

// controlsResult is what ecsgate.UnmetControls found.
type controlsResult struct {
	findings []controls.Finding
	err      error
}

// printControls says which AWS Control Tower proactive controls the
// rendered templates do not meet: a hook an administrator turned on would
// refuse the stack for each of the Blueprint's choices, so they know
// before. Exceptions (controls that cannot apply) come last, with AWS's
// reason.
func printControls(stdout io.Writer, b *blueprint.Resolved, checked controlsResult) error {
	findings, err := checked.findings, checked.err
	if err != nil {
		return err
	}
	choices := 0
	for _, f := range findings {
		if f.Exception == "" {
			choices++
		}
	}
	switch {
	case choices == 0:
		fmt.Fprintf(stdout, "\nAWS Control Tower proactive controls: the templates meet every one that can apply (security: %s).\n", b.Security)
		if len(findings) > 0 {
			fmt.Fprintln(stdout, "Not met, and why they cannot apply:")
		}
	case b.Strict():
		// Cannot happen: a finding under strict is an exception or a bug.
		fmt.Fprintf(stdout, "\nAWS Control Tower proactive controls the templates do not meet (security: strict; please report this):\n")
	default:
		fmt.Fprintf(stdout, "\nAWS Control Tower proactive controls the templates do not meet (security: %s; security: strict meets them all, see "+blueprint.DocsSecurity+").\nA hook for one of them refuses the stack:\n", b.Security)
	}
	for _, line := range controls.Summary(findings) {
		fmt.Fprintf(stdout, "  %s\n", line)
	}
	return nil
}

// printSteps prints the steps of a first deploy, numbered, and what
// BUCKET is when a command names it; deploys are the environments the steps
// deploy.
func printSteps(w io.Writer, steps []ecsgate.Step, deploys []envDeploy) {
	for i, step := range steps {
		fmt.Fprintf(w, "  %d. %s\n", i+1, step.Title)
		for _, c := range step.Commands {
			fmt.Fprintf(w, "       %s\n", c)
		}
	}
	for _, d := range deploys {
		if slices.ContainsFunc(d.steps, namesBucket) {
			fmt.Fprintf(w, "  (BUCKET is an S3 bucket in the stack's Region, which aws s3 mb s3://BUCKET creates once, under a name no other account has taken: %s)\n", deployReason(d.r.Files))
			return
		}
	}
}

// namesBucket reports whether a step's commands name the S3 bucket a large
// template is deployed through.
func namesBucket(step ecsgate.Step) bool {
	return slices.ContainsFunc(step.Commands, func(c string) bool { return strings.Contains(c, "BUCKET") })
}

// printLaterDeploys says what a later deploy of r repeats, with whose deploy
// command ("the stack's", "each environment's").
func printLaterDeploys(w io.Writer, r ecsgate.Rendering, whose string) {
	b := r.Resolved
	if b.Pipeline != nil {
		fmt.Fprintf(w, "Later deploys: push to %s; the pipeline builds and deploys.\n", b.Pipeline.Source.Branch)
		return
	}
	again := "render again"
	if len(b.ImageRepositories()) > 0 {
		again = "push the new images, set their tags in the Blueprint, render again"
	}
	fmt.Fprintf(w, "Later deploys: %s and run %s deploy command above again.", again, whose)
	if template, _ := ecsgate.FileNamed(r.Files, ecsgate.TemplateFile); ecsgate.ParameterOverrides(template) != "" {
		// aws cloudformation deploy keeps a parameter's previous value
		// unless the command gives it: what a user must not drop.
		fmt.Fprint(w, " It gives every template parameter the Blueprint's value: aws cloudformation deploy would otherwise keep each one's previous value, and an image tag changed in the Blueprint would not deploy.")
	}
	fmt.Fprintln(w)
}

// deployReason says why the deploy goes through S3.
func deployReason(files []ecsgate.File) string {
	if uploads := files[0].Uploads; len(uploads) > 0 {
		return fmt.Sprintf("the template names %d local file%s that aws cloudformation package uploads", len(uploads), blueprint.Plural(len(uploads)))
	}
	return fmt.Sprintf("the template is %d bytes, more than the 51,200 CloudFormation takes inline", len(files[0].Data))
}

func runSecrets(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("secrets", "(BLUEPRINT.yaml | --example NAME) [--env NAME] [--stack NAME]",
		"Prints, for every SSM parameter the containers reference and the template does not\ncreate, the aws ssm put-parameter command that creates it, with a placeholder value.\nRun them after the first deploy has created the KMS keys, before the tasks start.", stderr)
	src := sourceFlags(fs)
	stack := fs.String("stack", "", "stack name (in the aliases of created KMS keys; default the Blueprint name, with -<env> for an environment)")
	env := fs.String("env", "", "the parameters of this environment")
	if code, ok := parseSource(fs, src, args); !ok {
		return code
	}
	base, err := src.load()
	var b *blueprint.Resolved
	if err == nil {
		b, err = base.ResolveEnvironment(*env)
	}
	if err != nil {
		return report(stderr, err)
	}
	if *stack == "" {
		*stack = b.DeployedStackName() // as gen render names it
	}
	missing := ecsgate.MissingParameters(b, *stack)
	if len(missing) == 0 {
		fmt.Fprintln(stdout, "# every referenced parameter is created by the template")
		return exitOK
	}
	fmt.Fprint(stdout, ecsgate.PutParameterCommands(missing))
	return exitOK
}

// printEntrances says where clients reach the application once its stack
// is created: what a first deploy ends with, and what a newcomer asks next.
func printEntrances(w io.Writer, b *blueprint.Resolved, stack string) {
	entrances := b.Entrances()
	if len(entrances) == 0 {
		return
	}
	fmt.Fprintf(w, "\nOnce stack %s is created, clients reach the application at:\n", stack)
	outputs := false
	for _, e := range entrances {
		address := e.URL
		if e.NameOfCertificate {
			address += " (a name its certificate is for)"
		}
		if address == "" {
			address, outputs = "the stack output "+e.Output, true
			if e.Protocol != "" {
				address += ", over " + e.Protocol
			}
		}
		if e.InsideVPC {
			address += ", from inside the VPC only"
		}
		if e.PointAt != "" {
			address, outputs = address+", once its DNS record points at the stack output "+e.PointAt, true
		}
		fmt.Fprintf(w, "  %s: %s\n", e.What, address)
	}
	if outputs {
		fmt.Fprintf(w, "  (aws cloudformation describe-stacks --stack-name %s --query 'Stacks[0].Outputs' --output table prints the outputs)\n", ecsgate.ShellWord(stack))
	}
	if b.API != nil && b.API.HasAuth() {
		// A first call without a token answers 401, which reads like a
		// broken deploy; the page shows how to get one from the command line.
		fmt.Fprintf(w, "  Routes with auth answer 401 without an ID token of their user pool in the Authorization header: %s#calling-a-route-with-auth\n", blueprint.DocsAPI)
	}
}

// printSchedules says when the scheduled services' tasks start once the
// stack is created, and where a failed run is told: a job does nothing at
// deploy time, which reads like a deploy that did not work.
func printSchedules(w io.Writer, b *blueprint.Resolved, stack string) {
	first := true
	for i := range b.Services {
		s := &b.Services[i]
		if !s.Scheduled() {
			continue
		}
		if first {
			fmt.Fprintf(w, "\nOnce stack %s is created, EventBridge Scheduler starts these services' tasks on their schedules (nothing runs at deploy time):\n", stack)
			first = false
		}
		when := s.Schedule.When()
		if s.Schedule.Paused {
			when += ", paused: it starts none until paused is false"
		}
		if watch := s.Schedule.Watch(); watch != "" {
			when += "; a Step Functions state machine runs each task (the stack output " + s.StateMachineOutput() + "): " + watch
		}
		fmt.Fprintf(w, "  service %s: %s\n", s.Name, when)
	}
	if b.AnyFailedRunsNotified() {
		topic := "the alarms' topic (the stack output " + blueprint.AlarmTopicOutput + "; alarms.emails subscribes addresses)"
		if b.Alarms.Topic != "" {
			topic = b.Alarms.Topic + ", which must let events.amazonaws.com publish"
		}
		fmt.Fprintf(w, "  A failed run (a task that could not start, or a container that exited with a code other than 0) notifies %s.\n", topic)
	}
}

// printQueues says, once the stack is created, which topics each worker
// receives from (with its filter, which a test message must match), where
// its failed messages go, and how to try it: nothing visible happens at
// deploy time until something publishes.
func printQueues(w io.Writer, b *blueprint.Resolved, stack string) {
	first, fifo := true, false
	var topic *blueprint.Topic          // the first topic a queue subscribes to
	var filter blueprint.Subscription   // its subscription
	var objects *blueprint.ObjectEvents // the first objects a queue receives
	for i := range b.Services {
		s := &b.Services[i]
		if s.Queue == nil || len(s.Queue.Subscribe)+len(s.Queue.Objects) == 0 {
			continue
		}
		if first {
			fmt.Fprintf(w, "\nOnce stack %s is created, these services receive in their queues %s:\n", stack, queueSources(b))
			first = false
		}
		var from []string
		for _, sub := range s.Queue.Subscribe {
			t := b.Topic(sub.Topic)
			if topic == nil {
				topic, filter = t, sub
			}
			text := "topic " + sub.Topic + " (the stack output " + t.ARNOutput() + ")"
			switch {
			case t.Fifo && s.Queue.Fifo:
				text += ", in the order published within each message group, each once"
			case t.Fifo:
				text += ", without the FIFO topic's order (the queue is a standard one)"
			}
			fifo = fifo || t.Fifo
			if sub.Filter != nil {
				text += ", only messages whose attributes match " + sub.FilterSummary()
			}
			from = append(from, text)
		}
		for j, o := range s.Queue.Objects {
			if objects == nil {
				objects = &s.Queue.Objects[j]
			}
			text := "each object created in bucket " + o.Bucket
			if o.Prefix != "" {
				text += " under " + o.Prefix
			}
			from = append(from, text+", as EventBridge's Object Created event")
		}
		fmt.Fprintf(w, "  service %s: %s; a message its tasks fail on %d times moves to its dead-letter queue (the stack output %s)\n", s.Name, strings.Join(from, "; "), s.Queue.Tries, s.DeadLetterQueueURLOutput())
	}
	if topic != nil {
		publish := `aws sns publish --topic-arn "` + ecsgate.StackOutput(stack, topic.ARNOutput()) + `" --message '{"test": true}'`
		if topic.Fifo {
			// SNS refuses a FIFO topic's message without a group, and
			// without an ID unless the topic derives it from the body.
			publish += " --message-group-id test"
			if !topic.ContentBasedDeduplication {
				publish += ` --message-deduplication-id "$(date +%s)"`
			}
		}
		how := "Try it, then read the service's log group:"
		if filter.Filter != nil {
			// The filter would drop a message without its attributes.
			if attributes, ok := filter.MatchingAttributes(); ok {
				publish += " --message-attributes " + ecsgate.ShellWord(attributes)
			} else {
				how = "Try it with --message-attributes that match its filter, then read the service's log group:"
			}
		}
		fmt.Fprintf(w, "  %s\n    %s\n", how, publish)
		if fifo && !topic.Fifo {
			fmt.Fprintf(w, "  A FIFO topic also takes --message-group-id GROUP, and --message-deduplication-id ID unless it has contentBasedDeduplication.\n")
		}
	}
	if objects != nil {
		x := b.Bucket(objects.Bucket)
		bucket := ecsgate.StackOutput(stack, x.NameOutput())
		if x.Existing != nil {
			bucket = x.Existing.Name
		}
		fmt.Fprintf(w, "  Try it with a file, then read the service's log group:\n    aws s3 cp FILE \"s3://%s/%s\"\n", bucket, shellword.InDoubleQuotes(objects.Prefix))
	}
}

// queueSources says what the services' queues receive: what is published
// to topics, the objects created in buckets, or both.
func queueSources(b *blueprint.Resolved) string {
	var topics, objects bool
	for i := range b.Services {
		if q := b.Services[i].Queue; q != nil {
			topics = topics || len(q.Subscribe) > 0
			objects = objects || len(q.Objects) > 0
		}
	}
	switch {
	case topics && objects:
		return "what is published to their topics, and the objects created in their buckets"
	case objects:
		return "the objects created in their buckets"
	}
	return "what is published to their topics"
}

// printVolumes says, for each volume, which services mount it, where, and
// whether they write to it, and that its files outlive the tasks and the
// stack.
func printVolumes(w io.Writer, b *blueprint.Resolved, stack string) {
	if len(b.Volumes) == 0 {
		return
	}
	fmt.Fprintf(w, "\nOnce stack %s is created, these volumes keep their files beyond any task (backed up daily; kept when the stack is deleted):\n", stack)
	for i := range b.Volumes {
		v := &b.Volumes[i]
		var uses []string
		for _, s := range b.Mounters(v) {
			var paths []string
			for _, c := range s.Containers {
				for _, m := range c.Mounts {
					if m.Volume == v.Name && !slices.Contains(paths, m.Path) {
						paths = append(paths, m.Path)
					}
				}
			}
			verb := "reads"
			if b.Writes(s, v) {
				verb = "reads and writes"
			}
			uses = append(uses, "service "+s.Name+" "+verb+" it at "+strings.Join(paths, " and "))
		}
		where := "the stack output " + v.FileSystemOutput()
		if v.Existing != nil {
			where = "file system " + v.Existing.ID + ", directory " + v.Directory()
		}
		fmt.Fprintf(w, "  volume %s (%s): %s\n", v.Name, where, strings.Join(uses, "; "))
	}
}

// printStores says, for each bucket and table, which services read and
// write it, under which environment variable, and what becomes of it when
// the stack is deleted.
func printStores(w io.Writer, b *blueprint.Resolved, stack string) {
	if len(b.Buckets)+len(b.Tables) == 0 {
		return
	}
	fmt.Fprintf(w, "\nOnce stack %s is created, these buckets and tables keep the application's data (their names are in the services' environment):\n", stack)
	for i := range b.Buckets {
		x := &b.Buckets[i]
		where, kept := storeFate(x.Existing, "bucket", x.NameOutput(), true)
		browsers := ""
		if c := x.CORS; c != nil {
			// The first thing to check when a browser's upload fails.
			browsers = fmt.Sprintf("; pages at %s may send it %s requests from the browser, with a presigned URL", strings.Join(c.Origins, ", "), strings.Join(c.Methods, ", "))
		}
		fmt.Fprintf(w, "  S3 bucket %s (%s): %s%s; %s\n", x.Name, where, storeUsers(b.BucketUsers(x), x.Writes, blueprint.BucketValue(x.Name)), browsers, kept)
	}
	for i := range b.Tables {
		t := &b.Tables[i]
		where, kept := storeFate(t.Existing, "table", t.NameOutput(), t.Retained())
		fmt.Fprintf(w, "  DynamoDB table %s (%s): %s; %s\n", t.Name, where, storeUsers(b.TableUsers(t), t.Writes, blueprint.TableValue(t.Name)), kept)
	}
}

// storeFate says where a store's name is (the stack output that holds it,
// or an existing store's name) and what becomes of it when the stack is
// deleted.
func storeFate(existing *blueprint.ExistingStore, kind, output string, retained bool) (where, kept string) {
	switch {
	case existing != nil:
		return "existing " + kind + " " + existing.Name, "not the stack's"
	case !retained:
		return "the stack output " + output, "deleted with the stack (retain: false)"
	}
	return "the stack output " + output, "kept when the stack is deleted"
}

// storeUsers says which services use a store, whether each writes it, and
// by which variables of their containers' environment (the ones that name
// value); "no service uses it" for none.
func storeUsers(users []*blueprint.Service, writes func(*blueprint.Service) bool, value string) string {
	var uses []string
	for _, s := range users {
		var names []string
		for _, c := range s.Containers {
			for _, k := range slices.Sorted(maps.Keys(c.Environment)) {
				if strings.Contains(c.Environment[k], value) && !slices.Contains(names, k) {
					names = append(names, k)
				}
			}
		}
		verb := "reads it"
		if writes(s) {
			verb = "reads and writes it"
		}
		uses = append(uses, "service "+s.Name+" "+verb+" ($"+strings.Join(names, ", $")+")")
	}
	if len(uses) == 0 {
		return "no service uses it"
	}
	return strings.Join(uses, "; ")
}

// printAPINotes explains how openapi.yaml relates to the stack: the stack
// update already deploys the API; the file is for re-importing it by hand.
func printAPINotes(stdout io.Writer, b *blueprint.Resolved, file string) {
	stage := b.API.Stage
	fmt.Fprintf(stdout, "\nThe stack deploys the API (stage %s) itself. To re-import %s into the stack's API instead:\n", stage, file)
	for _, output := range openapi.FileOutputs(b) {
		fmt.Fprintf(stdout, "  # replace ${%s} in the file with the stack output %s\n", output, output)
	}
	fmt.Fprintf(stdout, "  aws apigateway put-rest-api --rest-api-id API_ID --mode overwrite --body %s\n", ecsgate.ShellWord("fileb://"+file))
	fmt.Fprintf(stdout, "  aws apigateway create-deployment --rest-api-id API_ID --stage-name %s\n", stage)
	fmt.Fprintln(stdout, "  (API_ID is the stack output ApiId)")
}

// source is where a command reads its Blueprint from: a file (-f FILE, or
// the file named as the command's argument; - is standard input) or a
// built-in example.
type source struct {
	file, example *string
}

// sourceFlags declares where a command reads its Blueprint from.
func sourceFlags(fs *flag.FlagSet) source {
	return source{
		file:    fs.String("f", "", "Blueprint file (or name it as the argument; - reads standard input)"),
		example: fs.String("example", "", "name of a built-in example instead of a file (gen examples lists them)"),
	}
}

// parseSource parses args for a command that reads one Blueprint and takes
// no other argument.
func parseSource(fs *flag.FlagSet, src source, args []string) (code int, ok bool) {
	positional, code, ok := parseArgs(fs, args, 1)
	if !ok {
		return code, false
	}
	if !src.take(fs, positional) {
		return exitUsage, false
	}
	return 0, true
}

// take makes a positional argument the Blueprint file and reports whether
// exactly one source was given, explaining if not.
func (src source) take(fs *flag.FlagSet, positional []string) bool {
	switch {
	case len(positional) == 1 && *src.file != "":
		fmt.Fprintf(fs.Output(), "gen %s: -f %s and the argument %s both name a Blueprint: give one\n", fs.Name(), *src.file, positional[0])
		fs.Usage()
		return false
	case len(positional) == 1:
		*src.file = positional[0]
	}
	if (*src.file == "") != (*src.example == "") {
		return true
	}
	here := ""
	if names, _ := yamlFilesIn("."); *src.file == "" && len(names) > 0 {
		// None given: the YAML files of this folder are the likely ones.
		here = " (YAML files here: " + strings.Join(firstFive(names), ", ") + ")"
	}
	fmt.Fprintf(fs.Output(), "gen %s: give exactly one Blueprint: a file (gen %s FILE) or --example NAME%s\n", fs.Name(), fs.Name(), here)
	fs.Usage()
	return false
}

// load reads and validates the Blueprint.
func (src source) load() (*blueprint.Blueprint, error) {
	return loadBlueprint(*src.file, *src.example)
}

// label says how the Blueprint was named, for what gen prints about it.
func (src source) label() string {
	if *src.example != "" {
		return "--example " + *src.example
	}
	return *src.file
}

// flag says how the Blueprint was named, for commands gen prints: the file
// quoted where a shell would split or expand its name.
func (src source) flag() string {
	if *src.example != "" {
		return src.label()
	}
	return ecsgate.ShellWord(*src.file)
}

func loadBlueprint(file, example string) (*blueprint.Blueprint, error) {
	switch {
	case example != "":
		return ecsgate.LoadExample(example)
	case file == "-":
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("reading standard input: %w", err)
		}
		return blueprint.Read(stdinName, data)
	}
	if info, err := os.Stat(file); err == nil && info.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a Blueprint file%s", file, folderHint(file))
	}
	b, err := ecsgate.Load(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no file %s%s", file, fileHint(file))
	}
	return b, err
}

// folderHint helps with a folder named where a Blueprint file belongs: the
// YAML files in it that gen did not write, that it holds a render (gen's
// own files alone), or how to start a Blueprint there.
func folderHint(dir string) string {
	names, _ := yamlFilesIn(dir)
	others := slices.DeleteFunc(slices.Clone(names), func(name string) bool {
		return outputNames[name] && written(filepath.Join(dir, name))
	})
	switch {
	case len(others) > 0:
		return fmt.Sprintf(" (YAML files there: %s)", strings.Join(firstFive(others), ", "))
	case len(names) > 0:
		return " (it holds what gen render wrote: name the Blueprint it was rendered from; gen diff BLUEPRINT.yaml " + dir + " compares them)"
	}
	return fmt.Sprintf(" (it has no YAML file; to start one from an example: gen example private-api > %s)", filepath.Join(dir, "blueprint.yaml"))
}

// fileHint helps with a Blueprint file that is not there: the YAML file of
// that folder it is a typo of, else the ones the folder has, else how to
// start one from an example.
func fileHint(file string) string {
	dir := filepath.Dir(file)
	names, err := yamlFilesIn(dir)
	if err != nil {
		return fmt.Sprintf(" (no folder %s)", dir)
	}
	paths := make([]string, len(names))
	for i, name := range names {
		paths[i] = filepath.Join(dir, name)
	}
	hint := blueprint.DidYouMean(filepath.Join(dir, filepath.Base(file)), paths)
	switch {
	case len(names) == 0:
		return fmt.Sprintf(" (to start one from an example: gen example private-api > %s; gen examples lists them)", file)
	case hint != "":
		return " (" + hint + ")"
	}
	return fmt.Sprintf(" (YAML files there: %s)", strings.Join(firstFive(names), ", "))
}

// yamlFilesIn are the names of the YAML files in dir, sorted.
func yamlFilesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if !e.IsDir() && isYAMLFile(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, err
}

// firstFive are the first five of names, and ... for the rest.
func firstFive(names []string) []string {
	if len(names) > 5 {
		return append(names[:5:5], "...")
	}
	return names
}

// isYAMLFile reports whether a file's name says it holds YAML, as a
// Blueprint and gen's templates do.
func isYAMLFile(name string) bool {
	ext := filepath.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

// stdin is where -f - reads the Blueprint; tests replace it.
var stdin io.Reader = os.Stdin

// stdinName names standard input in problem positions.
const stdinName = "<stdin>"

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("validate", "(BLUEPRINT.yaml | --example NAME) [--format text|json|github]", "Checks the Blueprint, and the templates it renders against AWS's limits, and reports\nevery problem; writes nothing. - reads standard input. --format json prints the\nproblems as a JSON array on stdout, --format github as GitHub Actions ::error lines.", stderr)
	src := sourceFlags(fs)
	format := fs.String("format", formatText, "how to print problems: text (stderr), json or github (stdout)")
	if code, ok := parseSource(fs, src, args); !ok {
		return code
	}
	if !slices.Contains([]string{formatText, formatJSON, formatGitHub}, *format) {
		fmt.Fprintf(stderr, "gen validate: --format %s: use text, json or github\n", *format)
		return exitUsage
	}
	report := func(_ io.Writer, err error) int { return reportAs(*format, stdout, stderr, err) }
	b, err := src.load()
	if err != nil {
		return report(stderr, err)
	}
	done, err := checkAll(b)
	if err != nil {
		return report(stderr, err)
	}
	warnings := warningsOf(done)
	name := src.label()
	if name == "-" {
		name = stdinName
	}
	switch {
	case *format == formatJSON:
		out, _ := json.MarshalIndent(append(blueprint.Problems{}, warnings...), "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
	case *format == formatGitHub:
		for _, w := range warnings {
			fmt.Fprintln(stdout, githubCommand(w))
		}
	default:
		printWarnings(stderr, done, *src.example)
		if len(b.EnvironmentNames()) > 0 {
			fmt.Fprintf(stdout, "%s: ok (the base and %s)\n", name, environmentsNamed(b.EnvironmentNames()))
		} else {
			fmt.Fprintf(stdout, "%s: ok\n", name)
		}
	}
	return exitOK
}

// environmentsNamed names environments in a sentence: "the environment
// prod", "the environments dev, prod".
func environmentsNamed(names []string) string {
	if len(names) == 1 {
		return "the environment " + names[0]
	}
	return "the environments " + strings.Join(names, ", ")
}

// checkAll renders the base and every environment in memory, which finds
// what only the output shows: a template past CloudFormation's limits, a
// security group past its rule quota, an override that does not apply.
func checkAll(b *blueprint.Blueprint) ([]ecsgate.Rendering, error) {
	return ecsgate.RenderEach(b, append([]string{""}, b.EnvironmentNames()...))
}

// warningsOf gathers the warnings of several renderings (the base and
// environments gen validate checks, the environments of --all-envs). One
// that every rendering has is the Blueprint's: it is said once, naming no
// environment, rather than under the first environment's name as though
// the others were spared. One that some renderings have is said for each of
// them, so that none is left out. A single rendering's warnings keep their
// environment (gen render --env prod says prod's).
func warningsOf(done []ecsgate.Rendering) blueprint.Problems {
	key := func(w blueprint.Problem) string {
		w.Env = ""
		return w.String()
	}
	held := map[string]int{} // renderings a warning holds in
	for _, r := range done {
		seen := map[string]bool{}
		for _, w := range r.Resolved.Warnings {
			if k := key(w); !seen[k] {
				seen[k] = true
				held[k]++
			}
		}
	}
	said := map[string]bool{}
	var list blueprint.Problems
	for _, r := range done {
		for _, w := range r.Resolved.Warnings {
			k := key(w)
			everywhere := len(done) > 1 && held[k] == len(done)
			if everywhere {
				w.Env = ""
			}
			if said[w.String()] {
				continue
			}
			said[w.String()] = true
			list = append(list, w)
		}
	}
	return list
}

// printWarnings prints the renderings' warnings on stderr: valid choices
// that are rarely meant, with their fix. They change no exit status. A
// built-in example (example, its name) is rendered as it is: its
// placeholders are said in one line, with how to see each in a copy.
func printWarnings(stderr io.Writer, done []ecsgate.Rendering, example string) {
	placeholders := 0
	for _, w := range warningsOf(done) {
		if example != "" && blueprint.IsPlaceholder(w) {
			placeholders++
			continue
		}
		fmt.Fprintln(stderr, w.String())
	}
	if placeholders > 0 {
		fmt.Fprintf(stderr, "note: the example writes %d placeholder%s (%s) where a deploy needs your own values: gen example %s > my.yaml, then gen validate my.yaml names each\n",
			placeholders, blueprint.Plural(placeholders), blueprint.PlaceholderKinds, example)
	}
}

func runExamples(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("examples", "", "Lists the built-in example Blueprints, each with what it builds. gen example NAME\nprints one; gen render --example NAME renders it.", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	list := ecsgate.ExampleList()
	width := 0
	for _, e := range list {
		width = max(width, len(e.Name))
	}
	for _, e := range list {
		fmt.Fprintf(stdout, "%-*s  %s\n", width, e.Name, e.Description)
	}
	return exitOK
}

func runExample(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("example", "NAME", "Prints a built-in example Blueprint, to start your own from.", stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "gen example: give one example name; gen examples lists them")
		return exitUsage
	}
	data, err := ecsgate.Example(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "gen example:", err)
		return exitProblem
	}
	stdout.Write(data)
	return exitOK
}

// report prints every problem of a Blueprint, or the error, and returns the
// exit code for it.
func report(stderr io.Writer, err error) int {
	var problems blueprint.Problems
	if errors.As(err, &problems) {
		for _, p := range problems {
			fmt.Fprintln(stderr, p.String())
		}
		fmt.Fprintf(stderr, "%d problem%s; nothing was written\n", len(problems), blueprint.Plural(len(problems)))
		return exitProblem
	}
	fmt.Fprintln(stderr, "gen:", strings.TrimSpace(err.Error()))
	return exitProblem
}

// writeFiles writes every file into dir, each through a temporary file renamed
// into place, so a reader never sees a half-written file. A directory created
// here is removed again if anything fails. What an earlier render left in dir
// and this one no longer writes is removed (see staleOutputs), so the folder
// holds exactly one application; removed lists it.
func writeFiles(dir string, files []ecsgate.File) (removed []string, err error) {
	created := false
	if _, statErr := os.Stat(dir); errors.Is(statErr, os.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		created = true
	}
	defer func() {
		if err != nil && created {
			os.RemoveAll(dir)
		}
	}()
	written := map[string]bool{}
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Name))
		written[path] = true
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
	}
	// The files are written side by side: each is its own few system
	// calls, and a nested application has hundreds.
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Go(func() { errs[i] = writeFile(filepath.Join(dir, filepath.FromSlash(f.Name)), f.Data) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	stale, folders := staleOutputs(dir, written)
	for _, path := range stale {
		if err := os.Remove(path); err != nil {
			return removed, err
		}
		removed = append(removed, path)
	}
	for _, folder := range folders {
		// Emptied: its nested stacks' folder, then itself; a folder that
		// still holds a file manager's file stays.
		os.Remove(filepath.Join(folder, ecsgate.StacksDir))
		os.Remove(folder)
	}
	return removed, nil
}

// staleOutputs lists what an earlier render left under dir that this one,
// which wrote the paths of written, does not write: gen's files of what the
// Blueprint no longer has (pipeline.yaml and buildspec.yml without a
// pipeline, openapi.yaml without an api, shared.yaml without
// repositories), the nested stacks of removed services, and every file of
// an environment no longer rendered (folders lists those environments'
// folders). A folder still rendered keeps the packaged.yaml aws
// cloudformation package wrote there: the next package replaces it. A
// deploy of a stale file would bring back what the Blueprint removed.
func staleOutputs(dir string, written map[string]bool) (files, folders []string) {
	inUse := map[string]bool{dir: true}
	for path := range written {
		for d := filepath.Dir(path); d != dir && d != "." && d != filepath.Dir(d); d = filepath.Dir(d) {
			inUse[d] = true
		}
	}
	// The folders of environments (gen render --all-envs), named as their
	// templates say: another subfolder, even of gen's files (a render of
	// another Blueprint), is not this render's to clean.
	candidates := []string{dir}
	for _, env := range environmentSubfolders(dir) {
		candidates = append(candidates, filepath.Join(dir, env))
	}
	for _, folder := range candidates {
		for _, name := range slices.Sorted(maps.Keys(outputNames)) {
			path := filepath.Join(folder, name)
			if written[path] || name == ecsgate.PackagedTemplateFile && inUse[folder] {
				continue
			}
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				files = append(files, path)
			}
		}
		stacks, _ := filepath.Glob(filepath.Join(folder, ecsgate.StacksDir, "*.yaml"))
		for _, path := range stacks {
			if !written[path] {
				files = append(files, path)
			}
		}
		if !inUse[folder] {
			folders = append(folders, folder)
		}
	}
	return files, folders
}

// writeFile replaces path with data through a temporary file beside it, so
// that path is never half-written. A file that already holds exactly data
// is left as it is: a render repeated without a change touches nothing
// (time stamps included), and on ext4 replacing a file by a rename starts
// writing the new one to disk at once, which took most of a small render's
// time to write its files.
func writeFile(path string, data []byte) error {
	if unchanged(path, data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

// unchanged reports whether path is a regular file that holds exactly data.
func unchanged(path string, data []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	have := make([]byte, len(data)+1) // one byte more: a file that grew since Stat reads longer
	n, err := io.ReadFull(f, have)    // io.EOF when data is empty
	return n == len(data) && (err == io.ErrUnexpectedEOF || err == io.EOF) && bytes.Equal(have[:n], data)
}
