package events

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Places left on the public page. The page shows how many places an event
// with a capacity has left, read when the page is rendered (see
// PlacesCounter), so a view costs no query. Registrations change that
// number all the time, and a burst of them (thousands a second when a
// popular event opens) must not pay for a NOTIFY each, nor make every
// process re-render the page after every batch: NOTIFY takes a global lock
// at commit. So registrations only say, after they commit, that an event's
// places changed (PlacesNotifier.PlacesChanged, a map insert), and the
// notifier sends at most one notification per placesInterval for all the
// events that changed meanwhile, on the events' channel, outside any
// registration's transaction. The first change after a quiet spell goes out
// at once, so a lone registration shows within a round trip; during a burst
// the number shown lags by at most placesInterval. The count itself stays
// exact: it is read from the seats when the page is rendered again.

// placesInterval is the longest a page shows a stale number of places
// while registrations arrive, and the shortest time between two
// notifications of changed places from one process.
const placesInterval = 100 * time.Millisecond

// placesPrefix marks a notification that only an event's places changed:
// the public page is rendered again, but nothing else about the event
// changed, so the other domains' caches of it stay (a slug never has a colon).
const placesPrefix = "places:"

// PlacesNotifier tells every server process, a few times a second at
// most, which events' places changed, so that their public pages show the
// true number. It belongs to events (it sends on the events' channel and
// reads their slugs); the registrations domain calls it.
type PlacesNotifier struct {
	db     *pgxpool.Pool
	logger *slog.Logger

	mu        sync.Mutex
	changed   map[string]struct{} // event ids changed since the last notification
	scheduled bool                // a notification is on its way
	last      time.Time           // when the last notification was sent
}

// NewPlacesNotifier returns a notifier sending through db.
func NewPlacesNotifier(db *pgxpool.Pool, logger *slog.Logger) *PlacesNotifier {
	return &PlacesNotifier{db: db, logger: logger, changed: map[string]struct{}{}}
}

// PlacesChanged records, after a change committed, that the event's free
// places may differ now; the notification follows within placesInterval.
func (n *PlacesNotifier) PlacesChanged(eventID string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.changed[eventID] = struct{}{}
	if n.scheduled {
		return
	}
	n.scheduled = true
	time.AfterFunc(max(placesInterval-time.Since(n.last), 0), n.send)
}

// send notifies every process of the events changed since the last time.
// Events without a capacity show no number, so they are left out.
func (n *PlacesNotifier) send() {
	n.mu.Lock()
	ids := make([]string, 0, len(n.changed))
	for id := range n.changed {
		ids = append(ids, id)
	}
	clear(n.changed)
	n.scheduled, n.last = false, time.Now()
	n.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := n.db.Exec(ctx, `
		SELECT pg_notify($1, $2 || slug) FROM events WHERE id = ANY($3) AND capacity IS NOT NULL`,
		notifyChannel, placesPrefix, ids)
	if err != nil {
		// The pages keep the old number until they expire (maxPageAge).
		n.logger.Warn("events: could not announce changed places", "events", len(ids), "err", err)
	}
}

// notified handles a notification on the events' channel: a slug (the
// event changed), "*" (anything may have), or a changed number of places.
func (s *Service) notified(payload string) {
	if slug, ok := strings.CutPrefix(payload, placesPrefix); ok {
		s.pages.invalidate(slug)
		return
	}
	s.changed(payload)
}
