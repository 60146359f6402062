package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/copilot"
)

// runFromCopilot converts an AWS Copilot application into a Blueprint, says
// what it could not convert, and checks the Blueprint as gen validate does.
func runFromCopilot(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("from-copilot", "[DIR] [-o FILE] [--tag TAG] [--app NAME]",
		"Converts the AWS Copilot application in DIR (the folder that holds copilot/, or\ncopilot/ itself; default the current folder) into one Blueprint, written to FILE\n(never over a file that exists). What a Blueprint has no counterpart for, or what is\nyours to decide, is listed here and at the head of FILE. gen then checks FILE as gen\nvalidate does: exit 0 when it renders as it is, 1 when it has problems to fix.", stderr)
	out := fs.String("o", "blueprint.yaml", "the Blueprint to write; - writes it to standard output")
	tag := fs.String("tag", "", "the tag of the images Copilot built (copilot svc deploy tagged each build with its commit); default latest")
	app := fs.String("app", "", "the application's name, where copilot/.workspace (which names it) is not in the folder")
	positional, code, ok := parseArgs(fs, args, 1)
	if !ok {
		return code
	}
	dir := "."
	if len(positional) == 1 {
		dir = positional[0]
	}
	if st, err := os.Stat(filepath.Join(dir, "copilot")); err == nil && st.IsDir() {
		dir = filepath.Join(dir, "copilot")
	}
	res, err := copilot.Convert(os.DirFS(dir), copilot.Options{Tag: *tag, App: *app})
	if err != nil {
		fmt.Fprintln(stderr, "gen from-copilot:", err)
		return exitProblem
	}
	if *out == "-" {
		stdout.Write(res.Blueprint)
		printNotes(stderr, dir, res.Notes)
		return exitOK
	}
	if err := writeNew(*out, res.Blueprint); err != nil {
		fmt.Fprintln(stderr, "gen from-copilot:", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "wrote %s: the AWS Copilot application %s, from %d manifest%s in %s\n", *out, res.App, len(res.Manifests), blueprint.Plural(len(res.Manifests)), dir)
	printNotes(stdout, dir, res.Notes)
	b, err := blueprint.Load(*out)
	if err == nil {
		var done []ecsgate.Rendering
		if done, err = checkAll(b); err == nil {
			printWarnings(stderr, done, "")
			fmt.Fprintf(stdout, "\n%s renders as it is: gen render %s\n", *out, ecsgate.ShellWord(*out))
			return exitOK
		}
	}
	var problems blueprint.Problems
	if !errors.As(err, &problems) {
		fmt.Fprintln(stderr, "gen from-copilot:", err)
		return exitProblem
	}
	fmt.Fprintf(stdout, "\n%s has %d problem%s to fix before gen render (gen validate %s checks it again):\n", *out, len(problems), blueprint.Plural(len(problems)), ecsgate.ShellWord(*out))
	for _, p := range problems {
		fmt.Fprintln(stdout, p.String())
	}
	return exitProblem
}

// printNotes lists what the conversion left to the reader, each manifest
// named from the current folder.
func printNotes(w io.Writer, dir string, notes []copilot.Note) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(w, "\nNot converted as written, or yours to decide (listed at the head of the Blueprint too):\n")
	for _, n := range notes {
		n.File = filepath.Join(dir, n.File)
		fmt.Fprintf(w, "  %s\n", n)
	}
}

// writeNew writes data to a file that does not exist yet, in a folder it
// makes if that is new too (-o blueprints/shop.yaml).
func writeNew(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists: name another file with -o, or remove it", name)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	return f.Close()
}
