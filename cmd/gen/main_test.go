package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads the collector's GOGC without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// TestPaceAfterFirstCollection: with the collector off and a memory limit,
// as gen starts, nothing changes until the collector first runs; then it
// has its usual pacing back (largePercent, no limit), so that a heap whose
// live part is above the limit is not collected over and over.
func TestPaceAfterFirstCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64 / 2)) // far above this test's heap
	paceAfterFirstCollection()
	if got := gcPercent(); got != -1 {
		t.Fatalf("GOGC %d before any collection, want -1 (off)", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for gcPercent() != largePercent || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		if time.Now().After(deadline) {
			t.Fatalf("after collecting, GOGC %d and limit %d, want %d and none", gcPercent(), debug.SetMemoryLimit(-1), largePercent)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
