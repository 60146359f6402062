package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDocsCommands: every gen command line the README and docs/ show runs as
// shown and exits 0. A newcomer copies them; a renamed flag, a command that
// needs a file it does not say to make, or a folder gen does not create
// would stop them at the first step. Each command runs on its own, in a
// folder holding what the pages assume is there (docsFixtures).
func TestDocsCommands(t *testing.T) {
	fixtures := docsFixtures(t)
	lines := docsCommands(t)
	if len(lines) < 30 {
		t.Fatalf("found %d gen command lines in the docs; they show more than 30", len(lines))
	}
	for _, c := range lines {
		t.Run(c.where, func(t *testing.T) {
			if !c.runs {
				checkFlags(t, c)
				return
			}
			dir := t.TempDir()
			from := fixtures.blueprints
			switch {
			case c.args[0] == "from-copilot":
				// The reader is in the repository of a Copilot application.
				from = fixtures.copilot
			case strings.HasPrefix(c.where, "docs/environments.md:"):
				// The reader renders every environment into out/.
				from = fixtures.environments
			}
			if err := os.CopyFS(dir, os.DirFS(from)); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			if code, _, stderr := gen(t, c.args...); code != exitOK {
				t.Errorf("%s: %s: exit %d\n%s", c.where, c.line, code, stderr)
			}
		})
	}
}

// checkFlags checks a command named in a sentence (`gen render --all-envs`
// prints ...): the command is gen's, and each flag it shows is one of the
// command's, as gen help lists them.
func checkFlags(t *testing.T, c docsCommand) {
	code, _, help := gen(t, "help", c.args[0])
	if code != exitOK {
		t.Fatalf("%s: %s: gen has no command %q", c.where, c.line, c.args[0])
	}
	for _, arg := range c.args[1:] {
		name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if strings.HasPrefix(arg, "-") && !strings.Contains(help, "\n  -"+name+"\n") && !strings.Contains(help, "\n  -"+name+" ") {
			t.Errorf("%s: %s: gen %s has no flag %s", c.where, c.line, c.args[0], arg)
		}
	}
}

// docsCommand is one gen command line of the docs.
type docsCommand struct {
	where string   // file:line
	line  string   // as the page shows it
	args  []string // gen's arguments
	runs  bool     // run it; else check its command and flags
}

// docsPlaceholders are the words the docs write for a value of the reader's.
var docsPlaceholders = map[string]string{"NAME": "private-api", "DIR": "rendered"}

// docsCommands reads the command lines of the README and docs/: the lines
// of code blocks that run gen (after a "$ " prompt or not), and inline code
// that starts with gen and a command's name. A comment and a redirection
// (> my.yaml) are left off: the command's output is not what is tested.
func docsCommands(t *testing.T) []docsCommand {
	pages, err := filepath.Glob("../../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	command := regexp.MustCompile(`^(?:\$ )?(?:gen|go run \./cmd/gen) ([a-z][a-z-]*)(?:\s|$)`)
	inline := regexp.MustCompile("`(gen [a-z][a-z-]*(?: [^`]*)?)`")
	var found []docsCommand
	for _, page := range append([]string{"../../README.md"}, pages...) {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(page, "../../")
		inBlock := false
		for i, line := range strings.Split(string(text), "\n") {
			where := fmt.Sprintf("%s:%d", name, i+1)
			if strings.HasPrefix(line, "```") {
				inBlock = !inBlock
				continue
			}
			if inBlock {
				if l := strings.TrimSpace(line); command.MatchString(l) {
					found = append(found, docsCommand{where, l, docsArgs(l), true})
				}
				continue
			}
			for _, m := range inline.FindAllStringSubmatch(line, -1) {
				// A sentence's command runs when it names what it runs on
				// (`gen validate orders.yaml`); `gen render --all-envs`
				// names a flag of the command.
				args := docsArgs(m[1])
				runs := slices.ContainsFunc(args[1:], func(a string) bool { return !strings.HasPrefix(a, "-") })
				found = append(found, docsCommand{where, m[1], args, runs})
			}
		}
	}
	return found
}

// docsArgs are the arguments of a command line: after gen, up to a comment
// or a redirection, with the reader's placeholders filled in and an
// optional part's brackets dropped.
func docsArgs(line string) []string {
	line = strings.TrimPrefix(line, "$ ")
	line = strings.TrimPrefix(strings.TrimPrefix(line, "go run ./cmd/gen "), "gen ")
	line, _, _ = strings.Cut(line, "#")
	line, _, _ = strings.Cut(line, ">")
	var args []string
	for _, f := range strings.Fields(strings.NewReplacer("[", "", "]", "").Replace(line)) {
		if v, ok := docsPlaceholders[f]; ok {
			f = v
		}
		args = append(args, f)
	}
	return args
}

// fixtures are the folders the pages' commands run in.
type fixtures struct {
	blueprints   string // Blueprints and renders
	copilot      string // an AWS Copilot application's repository
	environments string // the Blueprints, out/ holding every environment's render
}

// docsFixtures makes, once, what the pages' commands assume is in the
// folder they run in: a Blueprint under each name the pages use (an API with
// routes and a prod environment, which the commands shown need), out/ as gen
// render writes it and two renders old/ and new/ to compare; the same with
// out/ holding every environment's render (gen render --all-envs), for the
// environments page; and, for gen from-copilot, a folder holding copilot/,
// an application of one service.
func docsFixtures(t *testing.T) fixtures {
	dir, copilot := t.TempDir(), t.TempDir()
	code, blueprint, stderr := gen(t, "example", "private-api")
	if code != exitOK {
		t.Fatalf("gen example: %s", stderr)
	}
	blueprint += "\nenvironments:\n  prod: {}\n"
	files := map[string]string{
		filepath.Join(copilot, "copilot/.workspace"):       "application: shop\n",
		filepath.Join(copilot, "copilot/web/manifest.yml"): copilotWebService,
	}
	for _, name := range []string{"my.yaml", "shop.yaml", "orders.yaml", "hello.yaml", "bp.yaml"} {
		files[filepath.Join(dir, name)] = blueprint
	}
	for path, content := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, out := range []string{"out", "old", "new"} {
		if code, _, stderr := gen(t, "render", filepath.Join(dir, "my.yaml"), "-o", filepath.Join(dir, out)); code != exitOK {
			t.Fatalf("gen render: %s", stderr)
		}
	}
	environments := t.TempDir()
	if err := os.CopyFS(environments, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(environments, "out"))
	if code, _, stderr := gen(t, "render", filepath.Join(environments, "shop.yaml"), "--all-envs", "-o", filepath.Join(environments, "out")); code != exitOK {
		t.Fatalf("gen render --all-envs: %s", stderr)
	}
	return fixtures{dir, copilot, environments}
}

// copilotWebService is the manifest of a Copilot service that converts
// without a note.
const copilotWebService = `name: web
type: Load Balanced Web Service
http:
  path: '/'
image:
  location: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.0.0
  port: 8080
cpu: 256
memory: 512
count: 1
`

// TestWritesIntoNewFolder: the commands that write one file make its folder
// when it is new, as gen render makes its -o folder.
func TestWritesIntoNewFolder(t *testing.T) {
	fixtures := docsFixtures(t)
	for _, tt := range []struct {
		from string
		args []string
		file string
	}{
		{fixtures.blueprints, []string{"openapi", "my.yaml", "-o", "api/v1/openapi.yaml"}, "api/v1/openapi.yaml"},
		{fixtures.copilot, []string{"from-copilot", "-o", "blueprints/shop.yaml"}, "blueprints/shop.yaml"},
	} {
		t.Run(tt.args[0], func(t *testing.T) {
			t.Chdir(tt.from)
			if code, _, stderr := gen(t, tt.args...); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(tt.file); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestDocsOutputs: what the docs quote gen as printing is what gen prints.
// Each case makes the files the quote was printed for and runs the command;
// a block that begins with "$ gen ..." runs that command, and the rest of
// the block is its output.
func TestDocsOutputs(t *testing.T) {
	example := func(name string) string {
		_, blueprint, _ := gen(t, "example", name)
		return blueprint
	}
	privateAPI := example("private-api")
	publicALB := example("public-alb")
	environments := example("environments")
	staging, prod := strings.Index(environments, "\n  staging:\n"), strings.Index(environments, "\n  prod:\n")
	typos := environments[:staging] +
		strings.Replace(environments[staging:prod], "      - name: orders\n", "      - name: ordres\n", 1) +
		strings.Replace(environments[prod:], "        count: 3\n", "        cuont: 3\n", 1)
	copilotApp := map[string]string{}
	filepath.WalkDir("../../copilot/testdata/shop/copilot", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			copilotApp[strings.TrimPrefix(path, "../../copilot/testdata/shop/")] = string(data)
		}
		return err
	})
	for _, tt := range []struct {
		page, first string            // the page, and the first line of its block
		files       map[string]string // the folder's files before the command
		args        []string          // unless the block begins with $ gen
		excerpt     bool              // the block shows some of the lines
	}{
		{"docs/deploying.md", "First deploy, into an empty account", nil,
			[]string{"render", "--example", "ssm-secrets"}, false},
		{"docs/deploying.md", "Once stack orders is created", nil,
			[]string{"render", "--example", "private-api"}, false},
		{"docs/deploying.md", "Once stack shop is created, EventBridge Scheduler", nil,
			[]string{"render", "--example", "scheduled-task"}, false},
		{"docs/deploying.md", "Once stack shop is created, these services receive", nil,
			[]string{"render", "--example", "queue-worker"}, false},
		{"docs/cli.md", "gen render: -o .:", map[string]string{"main.go": "package main\n"},
			[]string{"render", "--example", "private-api", "-o", "."}, false},
		{"docs/cli.md", "copilot/api/manifest.yml:", map[string]string{"copilot/api/manifest.yml": "# The manifest for the \"api\" service.\nname: api\ntype: Load Balanced Web Service\nhttp:\n  path: /\n"},
			[]string{"validate", "copilot/api/manifest.yml"}, false},
		{"docs/cli.md", "shop.yaml:17:3: warning:", map[string]string{"shop.yaml": strings.Replace(publicALB, "    certificate:\n      domain: hello-aws.my-project.jp\n", "", 1)},
			[]string{"validate", "shop.yaml"}, false},
		{"docs/overrides.md", "bp.yaml:64:5: overrides[0]: after the overrides", map[string]string{"bp.yaml": privateAPI + "overrides:\n  - op: remove\n    path: /Resources/ApiTaskDefinition\n"},
			[]string{"validate", "bp.yaml"}, false},
		{"docs/overrides.md", "bp.yaml:65:11: overrides[0].path:", map[string]string{"bp.yaml": privateAPI + "overrides:\n  - op: replace\n    path: /Resources/ApiServce/Properties/DesiredCount\n    value: 2\n"},
			[]string{"validate", "bp.yaml"}, false},
		{"docs/overrides.md", "bp.yaml:63:1: apiOverrides:", map[string]string{"bp.yaml": privateAPI + "apiOverrides:\n  - op: add\n    path: /paths/~1extra\n    value: {get: {}}\n"},
			[]string{"validate", "bp.yaml"}, false},
		{"docs/diff.md", "$ gen diff hello.yaml out/", map[string]string{"hello.yaml": strings.Replace(publicALB, "  alb:\n", "  alb:\n    name: hello-edge\n", 1)},
			nil, false},
		{"docs/environments.md", "shop.yaml:61:9: staging:", map[string]string{"shop.yaml": typos},
			[]string{"validate", "shop.yaml"}, false},
		{"docs/environments.md", "  4. Create each environment's stack:", nil,
			[]string{"render", "--example", "environments", "--all-envs"}, false},
		{"docs/from-copilot.md", "Not converted as written", copilotApp,
			[]string{"from-copilot"}, true},
	} {
		t.Run(tt.page+":"+tt.first, func(t *testing.T) {
			block := docsBlock(t, tt.page, tt.first)
			args := tt.args
			if command, rest, ok := strings.Cut(block, "\n"); ok && strings.HasPrefix(command, "$ gen ") {
				args, block = docsArgs(command), rest
			}
			t.Chdir(t.TempDir())
			for name, content := range tt.files {
				os.MkdirAll(filepath.Dir(name), 0o755)
				if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tt.page == "docs/diff.md" {
				// out/ is the render before the change.
				os.WriteFile("before.yaml", []byte(publicALB), 0o644)
				if code, _, stderr := gen(t, "render", "before.yaml"); code != exitOK {
					t.Fatal(stderr)
				}
			}
			_, stdout, stderr := gen(t, args...)
			shown := []string{block}
			if tt.excerpt {
				shown = strings.SplitAfter(block, "\n") // each a line of the output
			}
			missing := func(s string) bool { return !strings.Contains(stdout+stderr, s) }
			if slices.ContainsFunc(shown, missing) {
				t.Errorf("%s quotes gen %s as printing:\n%s\ngen prints:\n%s%s", tt.page, strings.Join(args, " "), block, stdout, stderr)
			}
		})
	}
}

// docsBlock returns the fenced code block of page whose first line begins
// with first.
func docsBlock(t *testing.T, page, first string) string {
	t.Helper()
	text, err := os.ReadFile("../../" + page)
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range regexp.MustCompile("(?ms)^```[a-z]*\n(.*?)^```").FindAllStringSubmatch(string(text), -1) {
		if strings.HasPrefix(block[1], first) {
			return block[1]
		}
	}
	t.Fatalf("%s has no block beginning %q", page, first)
	return ""
}
