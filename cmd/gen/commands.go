package main

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/diagram"
)

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
// "gen v0.0.0-20261204203512-720b1013c6e1 (go1.26.8)" from go install; a
// build from a checkout names the commit, marked modified when the tree had
// changes.
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "gen (no build information)"
	}
	return versionOf(info)
}

// versionOf writes the version line of a build. A module version from go
// install names its commit itself (a pseudo-version ends with it), and such
// a build records no VCS stamp.
func versionOf(info *debug.BuildInfo) string {
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
	switch {
	case commit == "" && version != "(devel)":
		return fmt.Sprintf("gen %s (%s)", version, info.GoVersion)
	case commit == "":
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
	fs := newFlags("diagram", "(BLUEPRINT.yaml | --example NAME) [--env NAME]",
		"Prints the request path as a Mermaid flowchart: clients, CloudFront, the API and its\nroutes, the VPC link, load balancers and their rules, services and containers, egress\nand the secrets each service reads, security groups on the edges. gen render writes\nthe same as diagram.mmd.", stderr)
	src := sourceFlags(fs)
	env := fs.String("env", "", "draw this environment")
	if code, ok := parseSource(fs, src, args); !ok {
		return code
	}
	b, err := src.load()
	var res *blueprint.Resolved
	if err == nil {
		res, err = b.ResolveEnvironment(*env)
	}
	if err != nil {
		return report(stderr, err)
	}
	fmt.Fprint(stdout, diagram.Mermaid(res))
	return exitOK
}
