package events_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"plenary/internal/events"
	"plenary/internal/listen"
	"plenary/internal/postgres/pgtest"
)

// counter stands in for the registrations domain's count of free seats.
type counter struct{ left atomic.Int64 }

func (c *counter) PlacesLeft(context.Context, string) (int, error) { return int(c.left.Load()), nil }

func publishedEvent(t *testing.T, svc *events.Service, slug string, capacity *int) events.Event {
	t.Helper()
	ctx := context.Background()
	start := time.Now().Add(72 * time.Hour)
	e, err := svc.Create(ctx, "", events.NewEvent{Slug: slug, Title: "Places", StartsAt: &start, DurationMinutes: 60,
		Timezone: "Europe/London", Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	if e, err = svc.Publish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

// A burst of changed places sends a few notifications, not one each, and
// none for events without a capacity; the last change is never lost.
func TestChangedPlacesAreCoalesced(t *testing.T) {
	pool := pgtest.New(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := events.NewService(pool, logger, listen.New(pool, logger), events.Hooks{})
	ten := 10
	busy := publishedEvent(t, svc, "busy-event", &ten)
	last := publishedEvent(t, svc, "last-event", &ten)
	unlimited := publishedEvent(t, svc, "unlimited-event", nil)

	ctx := context.Background()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `LISTEN plenary_event_changed`); err != nil {
		t.Fatal(err)
	}

	notifier := events.NewPlacesNotifier(pool, logger)
	began := time.Now()
	for range 500 {
		notifier.PlacesChanged(busy.ID)
		notifier.PlacesChanged(unlimited.ID)
		time.Sleep(500 * time.Microsecond)
	}
	notifier.PlacesChanged(last.ID)
	burst := time.Since(began)

	got := map[string]int{}
	wait, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	for got["places:last-event"] == 0 {
		n, err := conn.Conn().WaitForNotification(wait)
		if err != nil {
			t.Fatalf("after %v: %v (got %v)", burst, err, got)
		}
		got[n.Payload]++
	}
	// One at once, then at most one per 100 ms.
	if most := int(burst/(100*time.Millisecond)) + 2; got["places:busy-event"] < 1 || got["places:busy-event"] > most {
		t.Errorf("a burst of %v sent %d notifications for the busy event, want 1 to %d", burst, got["places:busy-event"], most)
	}
	if got["places:unlimited-event"] != 0 {
		t.Errorf("an event without capacity was notified %d times", got["places:unlimited-event"])
	}
}

// A notification of changed places renders the page again in every
// process, but is no change of the event for the other domains.
func TestChangedPlacesRefreshOnlyThePage(t *testing.T) {
	pool := pgtest.New(t)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	listener := listen.New(pool, logger)
	seats := &counter{}
	seats.left.Store(5)
	var mu sync.Mutex
	var changes []string
	svc := events.NewService(pool, logger, listener, events.Hooks{Places: seats,
		OnChange: []func(string){func(slug string) { mu.Lock(); changes = append(changes, slug); mu.Unlock() }}})
	three := 3
	e := publishedEvent(t, svc, "watched-event", &three)

	ctx, stop := context.WithCancel(context.Background())
	listening := make(chan error, 1)
	go func() { listening <- listener.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-listening; err != nil {
			t.Error(err)
		}
	})
	shown := func() any {
		page, err := svc.PublicPage(context.Background(), e.Slug)
		if err != nil {
			t.Fatal(err)
		}
		var p events.PublicEvent
		if err := json.Unmarshal(page.Body, &p); err != nil {
			t.Fatal(err)
		}
		if p.PlacesLeft == nil {
			return nil
		}
		return *p.PlacesLeft
	}
	// Wait for the listener to be connected (it drops every page then).
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		connected := slices.Contains(changes, "*")
		changes = nil // saving the event told them too
		mu.Unlock()
		if connected {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the listener never connected")
		}
	}
	if got := shown(); got != 5 {
		t.Fatalf("places shown: %v, want 5", got)
	}
	seats.left.Store(4)
	if got := shown(); got != 5 {
		t.Fatalf("places shown before any notification: %v, want the cached 5", got)
	}
	events.NewPlacesNotifier(pool, logger).PlacesChanged(e.ID)
	for deadline := time.Now().Add(5 * time.Second); shown() != 4; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("places shown: %v, want 4", shown())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(changes) != 0 {
		t.Errorf("the other domains heard of changes %q, want none", changes)
	}
}
