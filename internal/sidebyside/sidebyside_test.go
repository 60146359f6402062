package sidebyside

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// counts are the sizes the tests split: none, fewer parts than processors,
// a prime and many.
var counts = []int{0, 1, 2, 3, 7, 255, 256, 1000}

// TestChunks: every index is covered exactly once, by contiguous chunks
// numbered in the order of their indexes, no more of them than Workers.
func TestChunks(t *testing.T) {
	for _, procs := range []int{1, 2, 3, 8} {
		for _, n := range counts {
			t.Run(fmt.Sprintf("procs=%d/n=%d", procs, n), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				seen := make([]atomic.Int32, n)
				type span struct{ from, to int }
				spans := make([]span, Workers(n))
				var calls atomic.Int32
				Chunks(n, func(chunk, from, to int) {
					calls.Add(1)
					if chunk < 0 || chunk >= len(spans) {
						t.Errorf("chunk %d of at most %d", chunk, len(spans))
						return
					}
					spans[chunk] = span{from, to}
					for i := from; i < to; i++ {
						seen[i].Add(1)
					}
				})
				for i := range seen {
					if got := seen[i].Load(); got != 1 {
						t.Errorf("index %d done %d times", i, got)
					}
				}
				if n == 0 {
					if calls.Load() != 0 {
						t.Errorf("%d calls for no parts", calls.Load())
					}
					return
				}
				end := 0
				for c := range int(calls.Load()) {
					if s := spans[c]; s.from != end || s.to <= s.from {
						t.Errorf("chunk %d is [%d, %d), want it to start at %d and hold something", c, s.from, s.to, end)
					}
					end = spans[c].to
				}
				if end != n {
					t.Errorf("chunks end at %d, want %d", end, n)
				}
			})
		}
	}
}

// TestEach: every index is done exactly once, on several goroutines at a
// time when there are several processors, in order on the caller's when
// there is one.
func TestEach(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		for _, n := range counts {
			t.Run(fmt.Sprintf("procs=%d/n=%d", procs, n), func(t *testing.T) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				seen := make([]atomic.Int32, n)
				var order []int
				Each(n, func(i int) {
					seen[i].Add(1)
					if procs == 1 {
						order = append(order, i) // one goroutine: no race
					}
				})
				for i := range seen {
					if got := seen[i].Load(); got != 1 {
						t.Errorf("index %d done %d times", i, got)
					}
				}
				for i, got := range order {
					if got != i {
						t.Fatalf("with one processor, call %d was index %d", i, got)
					}
				}
			})
		}
	}
}

// TestEachOverlaps: with two processors, two parts run at the same time
// (each waits, for a while, for the other to start), so Each is side by
// side.
func TestEachOverlaps(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	started := make(chan struct{}, 2)
	var alone atomic.Int32
	Each(2, func(int) {
		started <- struct{}{}
		deadline := time.Now().Add(5 * time.Second)
		for len(started) < 2 {
			if time.Now().After(deadline) {
				alone.Add(1)
				return
			}
			runtime.Gosched()
		}
	})
	if alone.Load() > 0 {
		t.Fatal("the two parts did not run at the same time")
	}
}

// TestWorkers: one per processor, at most one per part, at least one.
func TestWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, c := range []struct{ n, want int }{{0, 1}, {1, 1}, {3, 3}, {4, 4}, {100, 4}} {
		if got := Workers(c.n); got != c.want {
			t.Errorf("Workers(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

// TestLargeChunks: below Large parts, one call on the calling goroutine
// (none for no parts); from Large on, the chunks of Chunks.
func TestLargeChunks(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, c := range []struct{ n, calls int }{{0, 0}, {1, 1}, {Large - 1, 1}, {Large, 2}, {3 * Large, 2}} {
		var calls atomic.Int32
		covered := make([]atomic.Int32, c.n)
		LargeChunks(c.n, func(_, from, to int) {
			calls.Add(1)
			for i := from; i < to; i++ {
				covered[i].Add(1)
			}
		})
		if got := int(calls.Load()); got != c.calls {
			t.Errorf("n=%d: %d calls, want %d", c.n, got, c.calls)
		}
		for i := range covered {
			if covered[i].Load() != 1 {
				t.Fatalf("n=%d: index %d done %d times", c.n, i, covered[i].Load())
			}
		}
	}
}
