// Package measure runs a bounded load from concurrent workers and sums up
// what it timed, for the bench harnesses.
package measure

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Result is the latency of every call that succeeded and the wall time.
type Result struct {
	Latencies []time.Duration
	Elapsed   time.Duration
	Failed    int64
	FirstErr  error
}

// Rate is successful calls per second.
func (r Result) Rate() float64 { return float64(len(r.Latencies)) / r.Elapsed.Seconds() }

// Percentile is the p-th percentile latency.
func (r Result) Percentile(p int) time.Duration {
	s := slices.Clone(r.Latencies)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[(len(s)-1)*p/100].Round(time.Microsecond)
}

// Add merges another run of the same load into r.
func (r *Result) Add(o Result) {
	r.Latencies = append(r.Latencies, o.Latencies...)
	r.Elapsed += o.Elapsed
	r.Failed += o.Failed
	if r.FirstErr == nil {
		r.FirstErr = o.FirstErr
	}
}

// Run calls do from workers goroutines until n calls were made (n > 0) or
// the deadline passed, and times each call.
func Run(workers, n int, deadline time.Time, do func(i int) error) Result {
	var next, failed atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	var firstErr error
	began := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				i := int(next.Add(1)) - 1
				if n > 0 && i >= n {
					break
				}
				t0 := time.Now()
				if err := do(i); err != nil {
					failed.Add(1)
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return Result{Latencies: all, Elapsed: time.Since(began), Failed: failed.Load(), FirstErr: firstErr}
}
