// Package sidebyside runs the independent parts of a render on every
// processor and keeps their results in order.
//
// A render's large pieces (a template's resources, an API document's
// paths, the stacks of a nested application, the files gen checks) are
// independent of each other but must come out in one order, so that the
// output is byte for byte the same on any machine. Callers give each part
// an index and store its result at that index; these functions only decide
// which goroutine works on which indexes.
package sidebyside

import (
	"runtime"
	"sync"
)

// Large is the number of parts from which a piece is worth sharing out:
// a new goroutine's stack grows, copied, as deep as the work it does, and
// for a smaller piece (a small template's resources, a small API's paths)
// that costs more than it saves.
const Large = 256

// Workers is the number of goroutines that share n parts: one per
// processor, never more than there are parts, and at least one.
func Workers(n int) int {
	return max(min(runtime.GOMAXPROCS(0), n), 1)
}

// Chunks splits the indexes [0, n) into at most [Workers](n) contiguous
// chunks and calls do(chunk, from, to) for each, side by side; chunk
// numbers them from 0 in the order of their indexes. It returns once every
// call has. A single chunk runs on the calling goroutine, whose stack has
// already grown: for small work a new goroutine costs more than it saves.
//
// Chunks suit parts that share a per-goroutine state (a node builder, a
// writer's buffer), created once per chunk.
func Chunks(n int, do func(chunk, from, to int)) {
	if n <= 0 {
		return
	}
	workers := Workers(n)
	size := (n + workers - 1) / workers
	if size >= n {
		do(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for c, from := 0, 0; from < n; c, from = c+1, from+size {
		to := min(from+size, n)
		wg.Go(func() { do(c, from, to) })
	}
	wg.Wait()
}

// LargeChunks is [Chunks] for a piece of at least [Large] parts; a smaller
// one is done in one call, do(0, 0, n), on the calling goroutine.
func LargeChunks(n int, do func(chunk, from, to int)) {
	if n < Large {
		if n > 0 {
			do(0, 0, n)
		}
		return
	}
	Chunks(n, do)
}

// Each calls do(i) for every index in [0, n), side by side, and returns
// once every call has. Each goroutine takes the next index when it is done
// with one, so parts of very different sizes (a nested application's root
// template and its service stacks) keep every processor busy. With one
// processor, or one part, the calls are made in order on the calling
// goroutine.
func Each(n int, do func(i int)) {
	workers := Workers(n)
	if workers < 2 {
		for i := range n {
			do(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				do(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
