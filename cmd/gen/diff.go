package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/diff"
	"github.com/ecsgate/ecsgate/internal/cfn"
)

// runDiff compares templates offline: two files, two folders of gen's
// output, or the output in a folder with what the Blueprint renders now.
// Exit 0 when the change can be deployed as it is (a new task definition
// revision and other replacements included), 1 when it destroys data or
// identity or CloudFormation cannot carry it out (a collision), 2 when
// nothing could be compared (usage, an unreadable file, an invalid
// Blueprint, a folder of another environment).
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", "OLD NEW | (-f BLUEPRINT.yaml | --example NAME) [--env NAME] DIR",
		"Lists the resources added, removed and changed between two templates (or two folders\nof gen's output), property by property in logical-ID order, marks each change\nCloudFormation makes by replacing the resource, marks loudly a replaced or removed\nresource that holds data or identity, and names every collision: a value AWS keeps\nunique (a rule's priority, a listener's port, a name) that a new resource needs\nwhile an old one still holds it. With -f it compares DIR (an earlier gen render)\nwith what the Blueprint renders now; a folder rendered for an environment is\ncompared only with that environment (--env).\nExit 0: deployable as it is; 1: a loss or a collision; 2: nothing compared.", stderr)
	file, example := sourceFlags(fs)
	env := fs.String("env", "", "with -f, compare this environment's output")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	var old, new map[string][]byte
	var err error
	switch {
	case *file == "" && *example == "" && fs.NArg() == 2:
		old, new, err = readPair(fs.Arg(0), fs.Arg(1))
	case (*file != "") != (*example != "") && fs.NArg() == 1:
		old, new, err = diffRender(*file, *example, *env, fs.Arg(0), stderr)
	default:
		fmt.Fprintln(stderr, "gen diff: give two template files, two folders of gen's output, or -f BLUEPRINT.yaml (or --example NAME) and the folder of an earlier render")
		fs.Usage()
		return exitUsage
	}
	if err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(stderr, "gen diff:", err)
		}
		return exitUsage
	}
	comparison, err := diff.Compare(old, new, "the stack")
	if err != nil {
		fmt.Fprintln(stderr, "gen diff:", err)
		return exitUsage
	}
	diff.Write(stdout, comparison)
	if comparison.Blocking() {
		return exitProblem
	}
	return exitOK
}

// errReported marks an error already printed.
var errReported = errors.New("reported")

// readPair reads two template files, or the templates of two folders of
// gen's output, paired by name.
func readPair(oldPath, newPath string) (old, new map[string][]byte, err error) {
	oldInfo, err := os.Stat(oldPath)
	if err != nil {
		return nil, nil, err
	}
	newInfo, err := os.Stat(newPath)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case oldInfo.IsDir() && newInfo.IsDir():
		if old, err = readTemplates(oldPath); err != nil {
			return nil, nil, err
		}
		if new, err = readTemplates(newPath); err != nil {
			return nil, nil, err
		}
		if a, b := environmentOf(old), environmentOf(new); a != b {
			return nil, nil, fmt.Errorf("%s was rendered for %s and %s for %s: compare the renders of one environment", oldPath, describeEnv(a), newPath, describeEnv(b))
		}
		return old, new, nil
	case oldInfo.IsDir() || newInfo.IsDir():
		return nil, nil, fmt.Errorf("give two template files or two folders, not one of each")
	}
	a, err := os.ReadFile(oldPath)
	if err != nil {
		return nil, nil, err
	}
	b, err := os.ReadFile(newPath)
	if err != nil {
		return nil, nil, err
	}
	name := filepath.Base(newPath)
	return map[string][]byte{name: a}, map[string][]byte{name: b}, nil
}

// readTemplates reads the CloudFormation templates of a folder of gen's
// output: the application's (and its nested stacks'), the shared stack's
// and the pipeline's.
func readTemplates(dir string) (map[string][]byte, error) {
	if _, err := os.Stat(filepath.Join(dir, ecsgate.TemplateFile)); err != nil {
		return nil, fmt.Errorf("%s holds no %s to compare: %w", dir, ecsgate.TemplateFile, err)
	}
	names := []string{ecsgate.TemplateFile, ecsgate.SharedFile, ecsgate.PipelineFile}
	nested, _ := filepath.Glob(filepath.Join(dir, ecsgate.StacksDir, "*.yaml"))
	for _, p := range nested {
		names = append(names, ecsgate.StacksDir+"/"+filepath.Base(p))
	}
	files := map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		switch {
		case os.IsNotExist(err):
		case err != nil:
			return nil, err
		default:
			files[name] = data
		}
	}
	return files, nil
}

// isTemplate reports whether a rendered file is a CloudFormation template.
func isTemplate(name string) bool {
	return name == ecsgate.TemplateFile || name == ecsgate.SharedFile || name == ecsgate.PipelineFile ||
		strings.HasPrefix(name, ecsgate.StacksDir+"/")
}

// environmentOf is the environment a render's template.yaml says it was
// rendered for, "" for the base.
func environmentOf(files map[string][]byte) string {
	root, err := cfn.Parse(files[ecsgate.TemplateFile])
	if err != nil || root == nil {
		return ""
	}
	if env := cfn.Value(cfn.Value(cfn.Value(root, "Metadata"), "ecsgate"), "environment"); env != nil {
		return env.Value
	}
	return ""
}

func describeEnv(env string) string {
	if env == "" {
		return "the base Blueprint"
	}
	return "the environment " + env
}

// diffRender reads the templates in dir and renders the Blueprint's (or
// its environment's), after making sure dir holds a render of the same
// environment.
func diffRender(file, example, env, dir string, stderr io.Writer) (old, new map[string][]byte, err error) {
	b, err := loadBlueprint(file, example)
	if err != nil {
		report(stderr, err)
		return nil, nil, errReported
	}
	if old, err = readTemplates(dir); err != nil {
		return nil, nil, err
	}
	if was := environmentOf(old); was != env {
		way := "drop --env"
		if was != "" {
			way = "add --env " + was
		}
		return nil, nil, fmt.Errorf("%s holds the render of %s, and you asked to compare it with %s: %s", dir, describeEnv(was), describeEnv(env), way)
	}
	files, err := ecsgate.RenderEnvironment(b, env)
	if err != nil {
		report(stderr, err)
		return nil, nil, errReported
	}
	new = map[string][]byte{}
	for _, f := range files {
		if isTemplate(f.Name) {
			new[f.Name] = f.Data
		}
	}
	return old, new, nil
}
