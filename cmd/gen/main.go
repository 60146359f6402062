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
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// memoryLimit is the heap size at which gen first collects garbage.
const memoryLimit = 64 << 20

// largePercent is the collector's GOGC once the heap has reached
// memoryLimit: a large application's render goes on collecting, with the
// heap allowed to grow to three times what is live.
const largePercent = 200

func main() {
	// gen runs for milliseconds and then exits: collecting garbage on the
	// way is wasted work (a tenth of a small render) unless the heap grows
	// large, so the collector first runs near memoryLimit. GOGC and
	// GOMEMLIMIT still take precedence when set.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(memoryLimit)
		paceAfterFirstCollection()
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// paceAfterFirstCollection hands the collector back its usual pacing
// (largePercent, no limit) once it has run for the first time. With the
// collector off, a heap whose live part stays above the memory limit is
// collected over and over: a 200-service application's render took twice
// as long, and twice the processor time, as with the usual pacing. The
// first collection is noticed by a cleanup of an object nothing holds,
// which runs after the collection that frees it.
func paceAfterFirstCollection() {
	sentinel := new([64]byte) // not a tiny allocation, which may share a block and outlive the first collection
	runtime.AddCleanup(sentinel, func(int) {
		debug.SetGCPercent(largePercent)
		debug.SetMemoryLimit(math.MaxInt64)
	}, 0)
}
