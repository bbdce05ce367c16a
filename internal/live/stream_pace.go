package live

import (
	"sync/atomic"
	"time"
)

// delivery follows one flush to its viewers. However fast the reads, a
// flush costs a write to every viewer, and with more viewers than the
// processors can write to at the full rate, flushing every flushInterval
// would leave no time for anything else: at 10,000 viewers, votes and
// questions waited more than 10 s (bench/live). So a room flushes again
// only once most of its viewers have written the last flush (or maxRest
// has passed), and rests as long again as they took (see pace): its
// flushes grow rarer and larger, its requests keep half the time.
type delivery struct {
	queued time.Time
	left   atomic.Int64  // viewers still to write it, beyond the few allowed to lag
	done   chan struct{} // closed when left reaches 0; took is set then
	took   time.Duration
}

// maxRest bounds how long a room waits for its viewers to write a flush
// (a stuck client does not hold it) and rests after.
const maxRest = time.Second

// newDelivery follows a flush queued to viewers: it is done when all but
// one in a hundred have written it.
func newDelivery(viewers int) *delivery {
	d := &delivery{queued: time.Now(), done: make(chan struct{})}
	d.left.Store(int64(viewers - viewers/100))
	if d.left.Load() <= 0 {
		close(d.done)
	}
	return d
}

// written says one more viewer has written (or will never write) it.
func (d *delivery) written() {
	if d.left.Add(-1) == 0 {
		d.took = time.Since(d.queued)
		close(d.done)
	}
}

// pace waits until the room may flush again: flushInterval after the last
// flush began, and once its viewers have written it and the room has
// rested as long as they took (at most maxRest after it was queued).
func (r *room) pace() {
	r.mu.Lock()
	flushed, d := r.flushed, r.delivery
	r.mu.Unlock()
	time.Sleep(time.Until(flushed.Add(flushInterval)))
	if d == nil {
		return
	}
	select {
	case <-d.done:
		time.Sleep(time.Until(d.queued.Add(min(2*d.took, maxRest))))
	case <-time.After(time.Until(d.queued.Add(maxRest))):
	}
}
