package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/diagram"
	"github.com/ecsgate/ecsgate/openapi"
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

// runOpenAPI writes a starting design-first document from a Blueprint's
// api.routes, and says what to put in the Blueprint instead of the routes.
func runOpenAPI(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("openapi", "(BLUEPRINT.yaml | --example NAME) [-o FILE]",
		"Writes an OpenAPI 3.0 document of the Blueprint's api.routes to start designing the\nAPI first: each route's operation, without ecsgate's additions (gen render adds\nthem). Prints the api settings that serve it (api.openapi, api.serve,\napi.authorizers) to use instead of api.routes. Without -o the document goes to\nstandard output and the settings to standard error.", stderr)
	src := sourceFlags(fs)
	out := fs.String("o", "", "write the document to FILE (new or an earlier gen openapi document)")
	if code, ok := parseSource(fs, src, args); !ok {
		return code
	}
	b, err := src.load()
	var res *blueprint.Resolved
	if err == nil {
		res, err = blueprint.Resolve(b)
	}
	if err != nil {
		return report(stderr, err)
	}
	if res.APIDocument() != nil {
		fmt.Fprintf(stderr, "gen openapi: the Blueprint already names its document: %s\n", res.APIDocument().Name)
		return exitUsage
	}
	starter, err := openapi.NewStarter(res)
	if errors.Is(err, openapi.ErrNoRoutes) {
		fmt.Fprintf(stderr, "gen openapi: %v (add api: {routes: [{method: GET, path: /orders, service: NAME}, ...]}, see "+blueprint.DocsAPI+")\n", openapi.ErrNoRoutes)
		return exitProblem
	}
	if err == nil {
		var data []byte
		if data, err = openapi.YAML(starter.Document); err == nil {
			err = writeStarter(*out, data, stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "gen openapi:", err)
		return exitProblem
	}
	name := *out
	if name == "" {
		name = "openapi.yaml"
	}
	fmt.Fprintf(stderr, "In the Blueprint, replace api.routes with (the path relative to the Blueprint):\napi:\n")
	for _, line := range starter.BlueprintLines(filepath.ToSlash(name)) {
		fmt.Fprintln(stderr, line)
	}
	return exitOK
}

// writeStarter writes the document to file, or to stdout without one; it
// never writes over a file that is not an earlier gen openapi document. The
// file's folder is made if it is new (-o api/openapi.yaml), as gen render
// makes its -o folder.
func writeStarter(file string, data []byte, stdout io.Writer) error {
	if file == "" {
		_, err := stdout.Write(data)
		return err
	}
	if old, err := os.ReadFile(file); err == nil && !bytes.Contains(old, []byte("Written by gen openapi")) {
		return fmt.Errorf("%s exists and is not a document gen openapi wrote: remove it or name another file", file)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, data, 0o644)
}
