package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/diagram"
)

// Output formats of gen validate.
const (
	formatText   = "text"
	formatJSON   = "json"
	formatGitHub = "github"
)

// jsonProblem is one problem in gen validate --format json.
type jsonProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Env     string `json:"env,omitempty"`
	Path    string `json:"path"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

// reportAs prints err in the given format and returns the exit code: text on
// stderr as everywhere else; json (an array) and github (workflow commands)
// on stdout, where CI reads them. An error that is not a list of problems
// (an unreadable file) is text on stderr in every format.
func reportAs(format string, stdout, stderr io.Writer, err error) int {
	var problems blueprint.Problems
	if format == formatText || !errors.As(err, &problems) {
		return report(stderr, err)
	}
	switch format {
	case formatJSON:
		list := make([]jsonProblem, len(problems))
		for i, p := range problems {
			list[i] = jsonProblem{p.File, p.Line, p.Column, p.Env, p.Path, p.Message, p.Fix}
		}
		out, _ := json.MarshalIndent(list, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
	case formatGitHub:
		for _, p := range problems {
			fmt.Fprintln(stdout, githubError(p))
		}
	}
	return exitProblem
}

// githubError is a problem as a GitHub Actions workflow command, which shows
// it on its line of the pull request: ::error file=F,line=L,col=C::message.
// Property values escape %, CR, LF, : and ,; the message %, CR and LF.
func githubError(p blueprint.Problem) string {
	property := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	message := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	text := p
	text.File, text.Line, text.Column = "", 0, 0
	return fmt.Sprintf("::error file=%s,line=%d,col=%d,title=%s::%s",
		property.Replace(p.File), p.Line, p.Column, property.Replace("ecsgate "+p.Path), message.Replace(text.String()))
}

// runVersion prints the module version and the commit gen was built from.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "", "Prints gen's module version and the commit it was built from.", stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	fmt.Fprintln(stdout, versionLine())
	return exitOK
}

// versionLine reads the module version and VCS stamp from the build info:
// "gen v1.2.3 (commit 0123abc, 2026-11-24T03:00:00Z)"; a build from a
// checkout says (devel) and names the commit, marked modified when the tree
// had changes.
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "gen (no build information)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var commit, when, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if commit == "" {
		return fmt.Sprintf("gen %s (%s, no commit recorded: built with go run or -buildvcs=false)", version, info.GoVersion)
	}
	return fmt.Sprintf("gen %s (commit %s%s, %s, %s)", version, commit, modified, when, info.GoVersion)
}

// runSchema prints the Blueprint's JSON Schema.
func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schema", "", "Prints the Blueprint's JSON Schema (draft 2020-12). Editors with yaml-language-server\nuse it through the first line of a Blueprint:\n  "+blueprint.SchemaComment, stderr)
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	stdout.Write(ecsgate.Schema())
	return exitOK
}

// runDiagram prints the Mermaid flowchart of a Blueprint's request path.
func runDiagram(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diagram", "(-f BLUEPRINT.yaml | --example NAME) [--env NAME]",
		"Prints the request path as a Mermaid flowchart: clients, CloudFront, the API and its\nroutes, the VPC link, load balancers and their rules, services and containers, egress\nand the secrets each service reads, security groups on the edges. gen render writes\nthe same as diagram.mmd.", stderr)
	file, example := sourceFlags(fs)
	env := fs.String("env", "", "draw this environment")
	if code, ok := parseFlags(fs, args); !ok {
		return code
	}
	if !oneSource(fs, *file, *example) {
		return exitUsage
	}
	b, err := loadBlueprint(*file, *example)
	if err == nil && *env != "" {
		b, err = b.Environment(*env)
	}
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprint(stdout, diagram.Mermaid(b))
	return exitOK
}
