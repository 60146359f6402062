package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/openapi"
)

// defaultOut is the folder gen render writes to when -o is not given.
const defaultOut = "out"

// outputNames are the files gen render writes into a folder (and
// packaged.yaml, which the first-deploy steps have aws cloudformation
// package write beside them).
var outputNames = map[string]bool{
	ecsgate.TemplateFile:         true,
	ecsgate.SharedFile:           true,
	ecsgate.PipelineFile:         true,
	ecsgate.BuildspecFile:        true,
	ecsgate.OpenAPIFile:          true,
	ecsgate.DiagramFile:          true,
	ecsgate.PackagedTemplateFile: true,
}

// folderFiles are the files a folder holds whoever writes into it: a file
// manager's (Finder's .DS_Store as soon as the folder is opened, Windows
// Explorer's) and git's (a placeholder that keeps the folder, or the
// .gitignore that keeps renders out of the repository).
var folderFiles = map[string]bool{
	".DS_Store":   true,
	"Thumbs.db":   true,
	"desktop.ini": true,
	".gitkeep":    true,
	".keep":       true,
	".gitignore":  true,
}

// checkOutputDir makes sure gen render may write into dir: it does not
// exist yet, is empty, or holds only what gen render wrote there before.
// gen replaces its own files and removes its own stale nested stacks, so
// a folder of other files (a source tree, the Blueprint's own folder) must
// never be taken for an output folder.
func checkOutputDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case os.IsNotExist(err):
		return nil
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("-o %s: not a directory; name a new or empty folder, or one gen rendered into before", dir)
	}
	if stranger := strangerIn(dir, 0); stranger != "" {
		return fmt.Errorf("-o %s: %s is not gen's output, and gen never writes into a folder that holds other files: name a new or empty folder with -o", dir, stranger)
	}
	return nil
}

// checkLayout keeps one folder to one layout of gen render's output: one
// render (template.yaml in the folder) or the renders of every environment
// (--all-envs: a folder each, the shared stack beside them). Mixed, a
// later render leaves the other layout's templates behind, stale, and gen
// diff and the deploy steps read the folder as one or the other.
func checkLayout(dir string, all bool, env string) error {
	envs := environmentSubfolders(dir)
	switch {
	case !all && len(envs) > 0:
		own := "a folder of its own"
		if env != "" {
			own += ", such as " + filepath.Join(dir, env)
		}
		return fmt.Errorf("-o %s holds the renders of %s (gen render --all-envs): render every environment again with --all-envs, or this render into %s", dir, environmentsNamed(envs), own)
	case all && holdsTemplate(dir):
		return fmt.Errorf("-o %s holds one render (%s): render every environment into a new or empty folder", dir, filepath.Join(dir, ecsgate.TemplateFile))
	}
	return nil
}

// strangerIn returns the first file under dir that gen render did not
// write, "" if there is none. depth 0 is the output folder itself, whose
// subfolders may be nested stacks or environments (--all-envs), whose own
// subfolders may be nested stacks.
func strangerIn(dir string, depth int) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return dir
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		switch {
		case folderFiles[e.Name()] && e.Type().IsRegular():
			// What a file manager or git keeps in any folder: gen neither
			// writes nor removes it.
		case strings.HasPrefix(e.Name(), "."):
			// A temporary file an interrupted write left; any other hidden
			// file (.env) is someone else's.
			if !isLeftover(e.Name()) {
				return path
			}
		case e.IsDir() && e.Name() == ecsgate.StacksDir:
			if s := strangerInStacks(path); s != "" {
				return s
			}
		case e.IsDir() && depth == 0:
			if s := strangerIn(path, 1); s != "" {
				return s
			}
		case e.IsDir() || !e.Type().IsRegular():
			return path
		case !outputNames[e.Name()] || !written(path):
			return path
		}
	}
	return ""
}

// strangerInStacks is strangerIn for a folder of nested stack templates.
func strangerInStacks(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return dir
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if isLeftover(e.Name()) {
			continue
		}
		if !e.Type().IsRegular() || filepath.Ext(e.Name()) != ".yaml" || !written(path) {
			return path
		}
	}
	return ""
}

// isLeftover reports whether name is a temporary file of writeFiles
// (".template.yaml.123456"), left by an interrupted write.
func isLeftover(name string) bool {
	for output := range outputNames {
		if strings.HasPrefix(name, "."+output+".") {
			return true
		}
	}
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".yaml.")
}

// written reports whether the file at path reads as gen wrote it: the
// templates, the OpenAPI document and the buildspec say ecsgate near their
// start; the diagram is a Mermaid flowchart.
func written(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := f.Read(head)
	head = head[:n]
	if filepath.Base(path) == ecsgate.DiagramFile {
		return bytes.HasPrefix(head, []byte("flowchart "))
	}
	if bytes.Contains(head, []byte("ecsgate")) {
		return true
	}
	// A design-first openapi.yaml is the team's document, which need not
	// name ecsgate; gen's additions end it.
	if filepath.Base(path) == ecsgate.OpenAPIFile {
		all, err := os.ReadFile(path)
		return err == nil && bytes.Contains(all, []byte("\n"+openapi.ExtRequestValidators+":\n  "+openapi.ValidatorBodyAndParameters+":"))
	}
	return false
}
