package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
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
		"Lists the resources added, removed and changed between two templates (or two folders\nof gen's output), property by property in logical-ID order, marks each change\nCloudFormation makes by replacing the resource, marks loudly a replaced or removed\nresource that holds data or identity, and names every collision: a value AWS keeps\nunique (a rule's priority, a listener's port, a name) that a new resource needs\nwhile an old one still holds it. With -f it compares DIR (an earlier gen render)\nwith what the Blueprint renders now (a Blueprint file followed by a folder does the\nsame); a folder rendered for an environment is compared only with that environment\n(--env), and a folder of gen render --all-envs with every environment (or --env's).\nExit 0: deployable as it is; 1: a loss or a collision; 2: nothing compared.", stderr)
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
	var parts []diffPart
	var err error
	switch {
	case file == "" && example == "" && len(args) == 2:
		parts, err = readPair(args[0], args[1])
	case (file != "") != (example != "") && len(args) == 1:
		parts, err = diffRender(file, example, *env, args[0], stderr)
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
	blocking := false
	for _, part := range parts {
		if part.heading != "" {
			fmt.Fprintln(stdout, part.heading)
		}
		if part.note != "" {
			fmt.Fprintln(stdout, "  "+part.note)
			continue
		}
		comparison, err := diff.Compare(part.old, part.new, part.stack)
		if err != nil {
			fmt.Fprintln(stderr, "gen diff:", err)
			return exitUsage
		}
		if note := renameNote(part); note != "" {
			fmt.Fprintln(stdout, note)
		}
		diff.Write(stdout, comparison)
		blocking = blocking || comparison.Blocking()
	}
	if blocking {
		return exitProblem
	}
	return exitOK
}

// diffPart is one comparison of a diff: of one stack's templates, or, for
// the renders of every environment (gen render --all-envs), of the shared
// stack's or one environment's.
type diffPart struct {
	// heading names the part when there are several ("" when there is one).
	heading string
	// old and new are the files compared, by name in their folder.
	old, new map[string][]byte
	// stack is how collisions name the stack.
	stack string
	// note says why an environment on one side only is not compared.
	note string
}

// renameNote says what a Blueprint's new name means for where a render
// deploys: gen's first deploy names the stacks after the Blueprint, so
// deployed as printed the render is a second application beside the
// running one, and its shared stack cannot create the repositories the
// old shared stack holds. "" when the name is the same (or unknown).
func renameNote(part diffPart) string {
	was, is := blueprintNameOf(part.old), blueprintNameOf(part.new)
	if was == "" || is == "" || was == is {
		return ""
	}
	stack := func(name string) string {
		if env := environmentOf(part.old); env != "" {
			return name + "-" + env
		}
		return name
	}
	return fmt.Sprintf(">>> the Blueprint's name: %s -> %s. The first deploy gen prints names the stacks after it (%s, %s-shared): deployed there, this render is a second application beside the running one, and its shared stack cannot create the repositories %s-shared holds. To change the running application, deploy to its stacks: --stack-name %s (the shared stack: %s-shared)",
		was, is, stack(is), is, was, stack(was), was)
}

// blueprintNameOf is the name of the Blueprint a render's templates were
// rendered from, as their Description says it (ecsgate Blueprint NAME:
// ...); "" when they say none.
func blueprintNameOf(files map[string][]byte) string {
	for _, name := range []string{ecsgate.TemplateFile, ecsgate.SharedFile} {
		root, err := cfn.Parse(files[name])
		if err != nil || root == nil {
			continue
		}
		if d := cfn.Value(root, "Description"); d != nil {
			if name := blueprint.DescribedName(d.Value); name != "" {
				return name
			}
		}
	}
	return ""
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
func readPair(oldPath, newPath string) ([]diffPart, error) {
	oldInfo, err := statDiffSide(oldPath)
	if err != nil {
		return nil, err
	}
	newInfo, err := statDiffSide(newPath)
	if err != nil {
		return nil, err
	}
	switch {
	case oldInfo.IsDir() && newInfo.IsDir():
		old, err := readTemplates(oldPath)
		if err != nil {
			return nil, err
		}
		new, err := readTemplates(newPath)
		if err != nil {
			return nil, err
		}
		return compareRenders(old, new, oldPath, newPath)
	case oldInfo.IsDir() || newInfo.IsDir():
		return nil, fmt.Errorf("give two template files or two folders, not one of each")
	}
	a, err := os.ReadFile(oldPath)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(newPath)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(newPath)
	return []diffPart{{old: map[string][]byte{name: a}, new: map[string][]byte{name: b}, stack: "the stack"}}, nil
}

// rendered is a folder of gen's output as a diff reads it: one render's
// templates, or the renders of every environment that gen render
// --all-envs writes (the shared stack's template in the folder, each
// environment's files in a folder of its name).
type rendered struct {
	// files are one render's templates by name ("stacks/api.yaml" for a
	// nested stack's); nil for the renders of every environment.
	files map[string][]byte
	// shared is the shared stack's template of the renders of every
	// environment (nil when there is none).
	shared []byte
	// envs are each environment's templates, by its name.
	envs map[string]map[string][]byte
}

// everyEnvironment reports whether r holds the renders of every
// environment.
func (r rendered) everyEnvironment() bool { return r.envs != nil }

// environmentNames are the environments r holds, sorted.
func (r rendered) environmentNames() []string { return slices.Sorted(maps.Keys(r.envs)) }

// readTemplates reads the CloudFormation templates of a folder of gen's
// output: the application's (and its nested stacks'), the shared stack's
// and the pipeline's; or, in a folder of gen render --all-envs, the shared
// stack's and each environment's.
func readTemplates(dir string) (rendered, error) {
	if envs := environmentFolders(dir); len(envs) > 0 {
		r := rendered{envs: map[string]map[string][]byte{}}
		shared, err := readIfThere(filepath.Join(dir, ecsgate.SharedFile))
		if err != nil {
			return rendered{}, err
		}
		r.shared = shared
		for _, env := range envs {
			files, err := readStack(filepath.Join(dir, env))
			if err != nil {
				return rendered{}, err
			}
			r.envs[env] = files
		}
		return r, nil
	}
	files, err := readStack(dir)
	if err != nil {
		return rendered{}, err
	}
	// One environment's folder of gen render --all-envs: the shared stack,
	// which every environment's first deploy creates, is beside it.
	if _, ok := files[ecsgate.SharedFile]; !ok {
		abs, err := filepath.Abs(dir)
		if env := environmentOf(files); err == nil && env != "" && env == filepath.Base(abs) {
			shared, err := readIfThere(filepath.Join(filepath.Dir(abs), ecsgate.SharedFile))
			if err != nil {
				return rendered{}, err
			}
			if shared != nil {
				files[ecsgate.SharedFile] = shared
			}
		}
	}
	return rendered{files: files}, nil
}

// environmentFolders are the environments whose renders a folder of gen
// render --all-envs holds: the folders in dir whose template was rendered
// for the environment they are named for. None for a folder that holds a
// template of its own.
func environmentFolders(dir string) []string {
	if holdsTemplate(dir) {
		return nil
	}
	return environmentSubfolders(dir)
}

// holdsTemplate reports whether dir holds a render's template.yaml.
func holdsTemplate(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ecsgate.TemplateFile))
	return err == nil
}

// environmentSubfolders are the folders in dir that hold the render of the
// environment they are named for, as gen render --all-envs writes them.
func environmentSubfolders(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var envs []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name(), ecsgate.TemplateFile))
		if err == nil && environmentOf(map[string][]byte{ecsgate.TemplateFile: data}) == e.Name() {
			envs = append(envs, e.Name())
		}
	}
	return envs
}

// readIfThere reads the file at path; nil without an error when there is
// none.
func readIfThere(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	return data, err
}

// readStack reads the templates of one render in dir: the application's
// (and its nested stacks'), the shared stack's, the pipeline's and the
// API document.
func readStack(dir string) (map[string][]byte, error) {
	if _, err := os.Stat(filepath.Join(dir, ecsgate.TemplateFile)); err != nil {
		return nil, fmt.Errorf("%s holds no %s to compare, nor the renders of environments (gen render --all-envs): %w", dir, ecsgate.TemplateFile, err)
	}
	names := []string{ecsgate.TemplateFile, ecsgate.SharedFile, ecsgate.PipelineFile, ecsgate.OpenAPIFile}
	nested, _ := filepath.Glob(filepath.Join(dir, ecsgate.StacksDir, "*.yaml"))
	for _, p := range nested {
		names = append(names, ecsgate.StacksDir+"/"+filepath.Base(p))
	}
	files := map[string][]byte{}
	for _, name := range names {
		data, err := readIfThere(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		if data != nil {
			files[name] = data
		}
	}
	return files, nil
}

// compareRenders pairs two renders for a diff: one comparison of two
// renders of one environment, or, for the renders of every environment,
// the shared stack's then each environment's.
func compareRenders(old, new rendered, oldName, newName string) ([]diffPart, error) {
	switch {
	case old.everyEnvironment() && new.everyEnvironment():
		return environmentParts(old, new, oldName, newName), nil
	case old.everyEnvironment() || new.everyEnvironment():
		all, one := oldName, newName
		if new.everyEnvironment() {
			all, one = newName, oldName
		}
		return nil, fmt.Errorf("%s holds the renders of every environment (gen render --all-envs) and %s one render: compare %s with %s", all, one, one, filepath.Join(all, "ENV"))
	}
	if a, b := environmentOf(old.files), environmentOf(new.files); a != b {
		return nil, fmt.Errorf("%s was rendered for %s and %s for %s: compare the renders of one environment", oldName, describeEnv(a), newName, describeEnv(b))
	}
	return []diffPart{{old: old.files, new: new.files, stack: "the stack"}}, nil
}

// environmentParts compares the renders of every environment: the shared
// stack once, then each environment's stack. An environment on one side
// only is named with what that means for its stack.
func environmentParts(old, new rendered, oldName, newName string) []diffPart {
	var parts []diffPart
	if old.shared != nil || new.shared != nil {
		parts = append(parts, diffPart{heading: "== the shared stack", old: sharedFiles(old), new: sharedFiles(new), stack: "the shared stack"})
	}
	envs := slices.Collect(maps.Keys(old.envs))
	for env := range new.envs {
		if _, ok := old.envs[env]; !ok {
			envs = append(envs, env)
		}
	}
	slices.Sort(envs)
	for _, env := range envs {
		part := diffPart{heading: "== environment " + env, old: old.envs[env], new: new.envs[env], stack: "the stack of environment " + env}
		switch {
		case part.old == nil:
			part.note = fmt.Sprintf("only in %s: its first deploy creates its stack", newName)
		case part.new == nil:
			part.note = fmt.Sprintf("only in %s: its stack stays in the account until you delete it (aws cloudformation delete-stack)", oldName)
		}
		parts = append(parts, part)
	}
	return parts
}

// sharedFiles are the shared stack's template of the renders of every
// environment, as a diff compares it.
func sharedFiles(r rendered) map[string][]byte {
	if r.shared == nil {
		return map[string][]byte{}
	}
	return map[string][]byte{ecsgate.SharedFile: r.shared}
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
// environment. A folder of gen render --all-envs is compared with the
// render of every environment, or, with --env, of that one.
func diffRender(file, example, env, dir string, stderr io.Writer) ([]diffPart, error) {
	b, err := loadBlueprint(file, example)
	if err != nil {
		report(stderr, err)
		return nil, errReported
	}
	old, err := readTemplates(dir)
	if err != nil {
		return nil, err
	}
	if old.everyEnvironment() && env == "" {
		return diffEveryEnvironment(b, old, dir, stderr)
	}
	if old.everyEnvironment() {
		files, ok := old.envs[env]
		if !ok {
			return nil, fmt.Errorf("%s holds the renders of %s, not of %s", dir, environmentsNamed(old.environmentNames()), env)
		}
		if old.shared != nil {
			files[ecsgate.SharedFile] = old.shared
		}
		old = rendered{files: files}
	}
	if was := environmentOf(old.files); was != env {
		way := "drop --env"
		if was != "" {
			way = "add --env " + was
		}
		return nil, fmt.Errorf("%s holds the render of %s, and you asked to compare it with %s: %s", dir, describeEnv(was), describeEnv(env), way)
	}
	files, err := ecsgate.RenderEnvironment(b, env)
	if err != nil {
		report(stderr, err)
		return nil, errReported
	}
	return []diffPart{{old: old.files, new: comparedFiles(files, ""), stack: "the stack"}}, nil
}

// diffEveryEnvironment compares a folder of gen render --all-envs with the
// render of every environment of b.
func diffEveryEnvironment(b *blueprint.Blueprint, old rendered, dir string, stderr io.Writer) ([]diffPart, error) {
	names := b.EnvironmentNames()
	if len(names) == 0 {
		return nil, fmt.Errorf("%s holds the renders of %s (gen render --all-envs), and the Blueprint has none: compare the base Blueprint's render, a folder with a template.yaml", dir, environmentsNamed(old.environmentNames()))
	}
	done, err := ecsgate.RenderEach(b, names)
	if err != nil {
		report(stderr, err)
		return nil, errReported
	}
	new := rendered{envs: map[string]map[string][]byte{}}
	for _, r := range done {
		new.envs[r.Env] = comparedFiles(r.Files, ecsgate.SharedFile)
	}
	// The shared stack as gen render --all-envs writes it.
	if shared, ok := ecsgate.FileNamed(ecsgate.EnvironmentFiles(done), ecsgate.SharedFile); ok {
		new.shared = shared.Data
	}
	return environmentParts(old, new, dir, "the Blueprint"), nil
}

// comparedFiles are the files of a render a diff compares, by name: the
// templates and the API document, except the one named skip.
func comparedFiles(files []ecsgate.File, skip string) map[string][]byte {
	compared := map[string][]byte{}
	for _, f := range files {
		if f.Name != skip && (ecsgate.IsTemplateName(f.Name) || f.Name == ecsgate.OpenAPIFile) {
			compared[f.Name] = f.Data
		}
	}
	return compared
}
