// Command gen renders an ecsgate Blueprint into a CloudFormation template.
//
// Usage:
//
//	gen render -f BLUEPRINT.yaml -o DIR   write DIR/template.yaml
//	gen render --example NAME -o DIR      render a built-in example
//	gen validate -f BLUEPRINT.yaml        check a Blueprint, write nothing
//	gen examples                          list the built-in examples
//	gen example NAME                      print a built-in example
//	gen version                           print gen's version and commit
//
// -f - reads the Blueprint from standard input. gen validate --format json
// prints the problems as a JSON array, --format github as GitHub Actions
// ::error lines.
//
// On any problem gen writes nothing, prints every problem on stderr as
// file:line:col: field.path: what is wrong (how to fix), and exits 1. Usage
// errors exit 2.
package main

import (
	"os"
	"runtime/debug"
)

// memoryLimit is the heap size at which gen starts collecting garbage.
const memoryLimit = 64 << 20

func main() {
	// gen runs for milliseconds and then exits: collecting garbage on the
	// way is wasted work (a tenth of a small render) unless the heap grows
	// large, so the collector runs only near memoryLimit. GOGC and
	// GOMEMLIMIT still take precedence when set.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
