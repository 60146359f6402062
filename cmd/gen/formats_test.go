package main

import (
	"encoding/json"
	"os"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
)

// threeProblems is a Blueprint with three problems, on lines 2, 3 and 4.
const threeProblems = "name: x\nservices: []\nnetwork: {vpc: {cidr: 10.0.0.1/16}}\ncluster: {insights: maybe}\n"

// withStdin runs f with standard input reading data.
func withStdin(t *testing.T, data string, f func()) {
	t.Helper()
	old := stdin
	stdin = strings.NewReader(data)
	defer func() { stdin = old }()
	f()
}

// TestValidateFormats: --format json prints one object per problem with
// file, line, column, path, message and fix; --format github one ::error
// line each; -f - reads standard input, named <stdin>.
func TestValidateFormats(t *testing.T) {
	file := t.TempDir() + "/bad.yaml"
	os.WriteFile(file, []byte(threeProblems), 0o644)
	code, stdout, _ := gen(t, "validate", "-f", file, "--format", "json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(stdout), &list); err != nil || code != 1 || len(list) != 3 {
		t.Fatalf("exit %d, %d problems (%v):\n%s", code, len(list), err, stdout)
	}
	for i, line := range []float64{2, 3, 4} {
		p := list[i]
		for _, key := range []string{"file", "line", "column", "path", "message", "fix"} {
			if _, ok := p[key]; !ok {
				t.Errorf("problem %d has no %s: %v", i, key, p)
			}
		}
		if p["file"] != file || p["line"] != line || p["column"].(float64) < 1 {
			t.Errorf("problem %d: %v", i, p)
		}
	}
	if list[1]["path"] != "network.vpc.cidr" || list[1]["fix"] != "write 10.0.0.0/16" {
		t.Errorf("problem 1: %v", list[1])
	}

	withStdin(t, threeProblems, func() {
		code, stdout, _ = gen(t, "validate", "-f", "-", "--format", "github")
	})
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 1 || len(lines) != 3 || !strings.HasPrefix(lines[1], "::error file=<stdin>,line=3,col=23,title=ecsgate network.vpc.cidr::network.vpc.cidr: ") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}

	good, _ := os.ReadFile("../../golden/internal-nlb-tcp/blueprint.yaml") // no placeholder to warn of
	withStdin(t, string(good), func() {
		code, stdout, _ = gen(t, "validate", "-f", "-")
	})
	if code != 0 || stdout != "<stdin>: ok\n" {
		t.Errorf("valid Blueprint on stdin: exit %d: %q", code, stdout)
	}
	// The environments checked are named, one in the singular.
	tcp, _ := os.ReadFile("../../golden/internal-nlb-tcp/blueprint.yaml")
	for envs, want := range map[string]string{
		"  prod: {}\n":            "<stdin>: ok (the base and the environment prod)\n",
		"  dev: {}\n  prod: {}\n": "<stdin>: ok (the base and the environments dev, prod)\n",
	} {
		withStdin(t, string(tcp)+"environments:\n"+envs, func() {
			code, stdout, _ = gen(t, "validate", "-")
		})
		if code != 0 || stdout != want {
			t.Errorf("environments %q: exit %d: %q, want %q", envs, code, stdout, want)
		}
	}
	withStdin(t, string(good), func() {
		code, stdout, _ = gen(t, "validate", "-f", "-", "--format", "json")
	})
	if code != 0 || strings.TrimSpace(stdout) != "[]" {
		t.Errorf("valid Blueprint, json: exit %d: %q", code, stdout)
	}
	withStdin(t, string(good), func() {
		code, _, _ = gen(t, "render", "-f", "-", "-o", t.TempDir()+"/out")
	})
	if code != 0 {
		t.Errorf("render -f -: exit %d", code)
	}
	if code, _, stderr := gen(t, "validate", "-f", file, "--format", "xml"); code != 2 || !strings.Contains(stderr, "use text, json or github") {
		t.Errorf("--format xml: exit %d: %s", code, stderr)
	}
}

// TestGitHubEscapes: a message with a newline or a percent sign stays one
// workflow command.
func TestGitHubEscapes(t *testing.T) {
	got := githubCommand(problemFor("a,b:c.yaml", "x", "50% of\nit"))
	want := "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=ecsgate x::x: 50%25 of%0Ait (fix)"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestVersion: gen version and gen --version print the module version.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		code, stdout, _ := gen(t, arg)
		if code != 0 || !strings.HasPrefix(stdout, "gen ") || !strings.Contains(stdout, "go1.") {
			t.Errorf("gen %s: exit %d: %q", arg, code, stdout)
		}
	}
}

// TestVersionOf: what gen version prints for each way of building it.
func TestVersionOf(t *testing.T) {
	installed := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261204203512-720b1013c6e1"}}
	checkout := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261204203512-720b1013c6e1+dirty"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "720b1013c6e1a2b3c4d5e6f708192a3b4c5d6e7f"}, {Key: "vcs.time", Value: "2026-12-04T20:35:12Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	run := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}
	for _, c := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{installed, "gen v0.0.0-20261204203512-720b1013c6e1 (go1.26.8)"},
		{checkout, "gen v0.0.0-20261204203512-720b1013c6e1+dirty (commit 720b1013c6e1a2b3c4d5e6f708192a3b4c5d6e7f, modified, 2026-12-04T20:35:12Z, go1.26.8)"},
		{run, "gen (devel) (go1.26.8, no commit recorded: built with go run or -buildvcs=false)"},
	} {
		if got := versionOf(c.info); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func problemFor(file, path, message string) blueprint.Problem {
	return blueprint.Problem{File: file, Line: 1, Column: 2, Path: path, Message: message, Fix: "fix"}
}
