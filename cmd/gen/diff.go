package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

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
	fs := newFlags("diff", "OLD NEW | (BLUEPRINT.yaml | --example NAME) [--env NAME] DIR",
		"Lists the resources added, removed and changed between two templates (or two folders\nof gen's output), property by property in logical-ID order, marks each change\nCloudFormation makes by replacing the resource, marks loudly a replaced or removed\nresource that holds data or identity, and names every collision: a value AWS keeps\nunique (a rule's priority, a listener's port, a name) that a new resource needs\nwhile an old one still holds it. With -f it compares DIR (an earlier gen render)\nwith what the Blueprint renders now (a Blueprint file followed by a folder does the\nsame); a folder rendered for an environment is compared only with that environment\n(--env).\nExit 0: deployable as it is; 1: a loss or a collision; 2: nothing compared.", stderr)
	src := sourceFlags(fs)
	env := fs.String("env", "", "with a Blueprint, compare this environment's output")
	args, code, ok := parseArgs(fs, args, 2)
	if !ok {
		return code
	}
	file, example := *src.file, *src.example
	if file == "" && example == "" && len(args) == 2 && isFile(args[0]) && isDir(args[1]) && !isTemplateFile(args[0]) {
		file, args = args[0], args[1:] // a Blueprint and a folder of its earlier render
	}
	var old, new map[string][]byte
	var err error
	switch {
	case file == "" && example == "" && len(args) == 2:
		old, new, err = readPair(args[0], args[1])
	case (file != "") != (example != "") && len(args) == 1:
		old, new, err = diffRender(file, example, *env, args[0], stderr)
	default:
		fmt.Fprintln(stderr, "gen diff: give two template files, two folders of gen's output, or a Blueprint (a file or --example NAME) and the folder of an earlier render")
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

// isFile reports whether path names a regular file.
func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.Mode().IsRegular()
}

// isDir reports whether path names a folder.
func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// isTemplateFile reports whether the file at path is a CloudFormation
// template rather than a Blueprint: it has a Resources section.
func isTemplateFile(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	root, err := cfn.Parse(data)
	return err == nil && root != nil && cfn.Value(root, "Resources") != nil
}

// errReported marks an error already printed.
var errReported = errors.New("reported")

// statDiffSide is os.Stat of a side of a diff, with words for one that is
// not there.
func statDiffSide(path string) (os.FileInfo, error) {
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && (isYAMLFile(path) || filepath.Ext(path) == ".json"):
		return nil, fmt.Errorf("no file %s", path)
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("no file or folder %s (gen render writes a folder to compare: gen render BLUEPRINT.yaml -o %s)", path, path)
	}
	return info, err
}

// readPair reads two template files, or the templates of two folders of
// gen's output, paired by name.
func readPair(oldPath, newPath string) (old, new map[string][]byte, err error) {
	oldInfo, err := statDiffSide(oldPath)
	if err != nil {
		return nil, nil, err
	}
	newInfo, err := statDiffSide(newPath)
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
	names := []string{ecsgate.TemplateFile, ecsgate.SharedFile, ecsgate.PipelineFile, ecsgate.OpenAPIFile}
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
		if ecsgate.IsTemplateName(f.Name) || f.Name == ecsgate.OpenAPIFile {
			new[f.Name] = f.Data
		}
	}
	return old, new, nil
}
