// Package golden holds the -update flag of the golden tests. Every test package
// imports it, so that `go test ./... -update` is accepted by all of them, not
// only by the one that rewrites the golden files.
package golden

import "flag"

// Update is set by -update: rewrite the golden files from the current output.
var Update = flag.Bool("update", false, "rewrite the golden files from the current output")
