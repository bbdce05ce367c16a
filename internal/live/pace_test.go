package live

import (
	"testing"
	"time"
)

// A flush is delivered once all but one viewer in a hundred have written
// it: a stuck few do not hold the room, a small room waits for everyone.
func TestADeliveryIsDoneWhenAllButOneInAHundredHaveWritten(t *testing.T) {
	for _, tc := range []struct{ viewers, need int }{{0, 0}, {1, 1}, {3, 3}, {99, 99}, {100, 99}, {250, 248}, {10000, 9900}} {
		d := newDelivery(tc.viewers)
		for i := range tc.need {
			select {
			case <-d.done:
				t.Fatalf("%d viewers: done after %d written, want %d", tc.viewers, i, tc.need)
			default:
			}
			d.written()
		}
		select {
		case <-d.done:
		default:
			t.Fatalf("%d viewers: not done after %d written", tc.viewers, tc.need)
		}
		for range tc.viewers - tc.need { // the late ones change nothing
			d.written()
		}
	}
}

// A room rests after a flush as long as its viewers took to write it, and
// waits at most maxRest for viewers that never do.
func TestARoomRestsAsLongAsItsViewersTookAndNoLongerThanMaxRest(t *testing.T) {
	r := &room{flushed: time.Now()}
	r.delivery = newDelivery(1)
	time.Sleep(150 * time.Millisecond)
	r.delivery.written()
	took := r.delivery.took
	start := time.Now()
	r.pace()
	if rested := time.Since(start); rested < took-10*time.Millisecond {
		t.Errorf("rested %s after viewers took %s to write the flush, want at least as long", rested, took)
	}

	r = &room{flushed: time.Now()}
	r.delivery = newDelivery(5) // nobody ever writes it
	start = time.Now()
	r.pace()
	if waited := time.Since(start); waited < maxRest-10*time.Millisecond || waited > maxRest+20*time.Second {
		t.Errorf("waited %s for viewers that never wrote, want about maxRest (%s)", waited, maxRest)
	}
}
