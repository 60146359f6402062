package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/diff"
)

// runDiff compares templates offline: two files, or the output in a folder
// with what the Blueprint renders now. Exit 0 when nothing is replaced or
// lost, 1 when a resource is replaced or loses its data or identity, 2 when
// nothing could be compared (usage, an unreadable file, an invalid Blueprint).
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", "OLD.yaml NEW.yaml | (-f BLUEPRINT.yaml | --example NAME) [--env NAME] DIR",
		"Lists the resources added, removed and changed between two templates, property by\nproperty in logical-ID order, marks each change CloudFormation makes by replacing the\nresource, and marks loudly a replaced or removed resource that holds data or identity.\nWith -f it compares DIR (an earlier gen render) with what the Blueprint renders now.\nExit 0: nothing replaced; 1: a replacement or a loss; 2: nothing compared.", stderr)
	file, example := sourceFlags(fs)
	env := fs.String("env", "", "with -f, compare this environment's output")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	var reports []diff.Report
	var err error
	switch {
	case *file == "" && *example == "" && fs.NArg() == 2:
		reports, err = diffFiles(fs.Arg(0), fs.Arg(1))
	case (*file != "") != (*example != "") && fs.NArg() == 1:
		reports, err = diffRender(*file, *example, *env, fs.Arg(0), stderr)
	default:
		fmt.Fprintln(stderr, "gen diff: give two template files, or -f BLUEPRINT.yaml (or --example NAME) and the folder of an earlier render")
		fs.Usage()
		return exitUsage
	}
	if err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(stderr, "gen diff:", err)
		}
		return exitUsage
	}
	diff.Write(stdout, reports)
	for _, r := range reports {
		if r.Replaced() > 0 || r.Losses() > 0 {
			return exitProblem
		}
	}
	return exitOK
}

// errReported marks an error already printed.
var errReported = errors.New("reported")

func diffFiles(oldPath, newPath string) ([]diff.Report, error) {
	old, err := os.ReadFile(oldPath)
	if err != nil {
		return nil, err
	}
	new, err := os.ReadFile(newPath)
	if err != nil {
		return nil, err
	}
	r, err := diff.Templates(filepath.Base(newPath), old, new)
	return []diff.Report{r}, err
}

// diffRender compares the templates in dir with the ones the Blueprint
// renders, pairing files by name (template.yaml, stacks/<service>.yaml).
func diffRender(file, example, env, dir string, stderr io.Writer) ([]diff.Report, error) {
	b, err := loadBlueprint(file, example)
	if err != nil {
		report(stderr, err)
		return nil, errReported
	}
	files, err := ecsgate.RenderEnvironment(b, env)
	if err != nil {
		report(stderr, err)
		return nil, errReported
	}
	if _, err := os.Stat(filepath.Join(dir, ecsgate.TemplateFile)); err != nil {
		return nil, fmt.Errorf("%s holds no %s to compare with: %w", dir, ecsgate.TemplateFile, err)
	}
	rendered := map[string][]byte{}
	for _, f := range files {
		if f.Name == ecsgate.TemplateFile || strings.HasPrefix(f.Name, ecsgate.StacksDir+"/") {
			rendered[f.Name] = f.Data
		}
	}
	names := map[string]bool{}
	for name := range rendered {
		names[name] = true
	}
	earlier, _ := filepath.Glob(filepath.Join(dir, ecsgate.StacksDir, "*.yaml"))
	for _, p := range earlier {
		names[ecsgate.StacksDir+"/"+filepath.Base(p)] = true
	}
	sorted := make([]string, 0, len(names))
	for name := range names {
		sorted = append(sorted, name)
	}
	sort.Strings(sorted)
	var reports []diff.Report
	for _, name := range sorted {
		old, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil && !os.IsNotExist(err) {
			return nil, err
		}
		r, err := diff.Templates(name, old, rendered[name])
		if err != nil {
			return nil, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}
