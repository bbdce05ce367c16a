package live

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/events"
	"plenary/internal/listen"
	"plenary/internal/postgres"
)

// ChangeKind says what a change at an event was about; the stream reads
// the subject's current state when it sends it.
type ChangeKind string

// The kinds of change a live page follows.
const (
	ChangeQuestion ChangeKind = "question" // subject: the question (asked, voted, moderated)
	ChangePoll     ChangeKind = "poll"     // subject: the poll (opened, voted, closed)
	ChangeStage    ChangeKind = "stage"    // what is on stage changed
	ChangeEvent    ChangeKind = "event"    // the event itself (time, status, stream)
	ChangeSettings ChangeKind = "settings" // the live settings
)

// The change log is read by id: a viewer resumes after the last id it saw,
// and each process delivers the ids after the last it delivered. That is
// exact only if, per event, ids become visible in their order. Identity ids
// are handed out at insert, so a transaction that inserted id 100 can
// commit after one that inserted 101, and a reader that saw 101 would skip
// 100 for ever. So a transaction's changes are numbered a second time just
// before it commits, under a lock per event held until the commit: the
// final ids of an event are given out in commit order, and every snapshot
// sees a prefix of them (an aborted transaction leaves a gap, never a
// late arrival). The lock is taken after the writer's own work, so writers
// of one event wait for each other only for their commits; the row is
// inserted (and its event locked against deletion by the foreign key)
// before the lock, so the lock is never held while waiting for the event's
// row (events changes the event, then takes the same lock: see
// EventChanged).

// writing holds the changes of the transactions that write runs, by
// transaction: they are numbered when fn returns.
var writing sync.Map // pgx.Tx → *pendingChanges

// pendingChanges are the provisional ids a transaction recorded, by event.
type pendingChanges struct{ ids map[string][]int64 }

// record notes in tx that subjectID (or nothing, "") of kind changed at
// the event. Call it inside write's fn, so that the change and its note
// commit together; in any other transaction it is numbered at once.
func record(ctx context.Context, tx pgx.Tx, eventID string, kind ChangeKind, subjectID string) error {
	var subject *string
	if subjectID != "" {
		subject = &subjectID
	}
	var id int64
	if err := tx.QueryRow(ctx, `INSERT INTO live_changes (event_id, kind, subject_id) VALUES ($1, $2, $3) RETURNING id`,
		eventID, kind, subject).Scan(&id); err != nil {
		return fmt.Errorf("live: record %s change: %w", kind, err)
	}
	if p, ok := writing.Load(tx); ok {
		pending := p.(*pendingChanges)
		pending.ids[eventID] = append(pending.ids[eventID], id)
		return nil
	}
	return number(ctx, tx, eventID, []int64{id})
}

// number gives the changes ids their final, commit-ordered numbers: the
// event's lock is then held until tx ends.
func number(ctx context.Context, tx pgx.Tx, eventID string, ids []int64) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('live_changes ' || $1::text, 0))`, eventID); err != nil {
		return fmt.Errorf("live: lock the changes of %s: %w", eventID, err)
	}
	// created_at becomes the time of numbering, just before the commit:
	// bench/live measures delivery from it.
	if _, err := tx.Exec(ctx, `UPDATE live_changes SET id = DEFAULT, created_at = clock_timestamp() WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("live: number the changes of %s: %w", eventID, err)
	}
	return nil
}

// write runs fn in a transaction and, once it has committed, has the
// event's viewers in every process told (fn records what changed).
func (s *Service) write(ctx context.Context, eventID string, fn func(tx pgx.Tx) error) error {
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		pending := &pendingChanges{ids: map[string][]int64{}}
		writing.Store(tx, pending)
		defer writing.Delete(tx)
		if err := fn(tx); err != nil {
			return err
		}
		// In a fixed order, should one transaction touch two events.
		for _, id := range slices.Sorted(maps.Keys(pending.ids)) {
			if err := number(ctx, tx, id, pending.ids[id]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.fanout.touch(eventID)
	return nil
}

// EventChanged records, in the transaction that changes an event, that
// what its live page shows may have changed (time, status, stream…), so
// that viewers refetch the page. events calls it (app.New adds the live
// service to its watchers); the viewers hear of it once the change has
// committed, through events' own notification (EventsChanged).
func (s *Service) EventChanged(ctx context.Context, tx pgx.Tx, before, after events.Event) error {
	if !liveFieldsDiffer(before, after) {
		return nil
	}
	return record(ctx, tx, after.ID, ChangeEvent, "")
}

// liveFieldsDiffer says whether a change to an event shows on its live page.
func liveFieldsDiffer(a, b events.Event) bool {
	return a.Slug != b.Slug || a.Title != b.Title || !a.StartsAt.Equal(b.StartsAt) ||
		a.DurationMinutes != b.DurationMinutes || a.Timezone != b.Timezone || a.Status != b.Status ||
		a.StreamURL != b.StreamURL || a.RecordingURL != b.RecordingURL
}

// EventsChanged is events' word, in every process after the change
// committed, that an event changed (by slug, "*" for any): the viewers of
// this process's events read what changed. Events change rarely, so every
// event with viewers here looks.
func (s *Service) EventsChanged(string) { s.hub.markAll() }

// liveChannel carries, between processes, the ids of events whose live
// changes the others should read.
const liveChannel = "plenary_live_changed"

// notifyInterval is the shortest time between two notifications from one
// process: a burst of votes costs one NOTIFY (a global lock at commit)
// per interval, not one per vote. The first change after a quiet spell is
// notified at once.
const notifyInterval = 50 * time.Millisecond

// maxNotifyIDs bounds the event ids of one notification (its payload is
// limited to 8000 bytes).
const maxNotifyIDs = 100

// fanout tells viewers in every process of changes: this process's own at
// once, the others by a coalesced NOTIFY, sent outside the writers'
// transactions (as events.PlacesNotifier does), whose payload is only the
// events' ids: each process reads the changes from the log itself.
type fanout struct {
	db     *pgxpool.Pool
	logger *slog.Logger
	hub    *hub

	sending   sync.Mutex // held by the send under way
	mu        sync.Mutex
	changed   map[string]struct{} // events changed since the last notification
	scheduled bool
	last      time.Time
}

func newFanout(s *Service, listener *listen.Listener) *fanout {
	f := &fanout{db: s.db, logger: s.logger, hub: s.hub, changed: map[string]struct{}{}}
	if listener != nil {
		listener.Handle(liveChannel, f)
	}
	return f
}

// touch says the event changed (after commit).
func (f *fanout) touch(eventID string) {
	f.hub.mark(eventID)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changed[eventID] = struct{}{}
	if f.scheduled {
		return
	}
	f.scheduled = true
	time.AfterFunc(max(notifyInterval-time.Since(f.last), 0), f.send)
}

// send notifies every process of the events changed since the last time.
// One send runs at a time, so that Flush returns only once what was
// changed before it has been announced, by it or by a send under way.
func (f *fanout) send() {
	f.sending.Lock()
	defer f.sending.Unlock()
	f.mu.Lock()
	ids := slices.Collect(maps.Keys(f.changed))
	clear(f.changed)
	f.scheduled, f.last = false, time.Now()
	f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for chunk := range slices.Chunk(ids, maxNotifyIDs) {
		if _, err := f.db.Exec(ctx, `SELECT pg_notify($1, $2)`, liveChannel, strings.Join(chunk, ",")); err != nil {
			// The other processes' viewers see these changes with the next
			// one, or when their listener resyncs.
			f.logger.Warn("live: could not announce changes", "event_count", len(chunk), "err", err)
		}
	}
}

// Flush announces at once what this process changed and has not yet
// announced to the others. A command that writes and then exits (seed)
// calls it before closing its pool, or the notification, due a moment
// later, would find the pool closed and the servers would not hear of it.
func (s *Service) Flush() { s.fanout.send() }

// Notify hands the events another process (or this one) changed to the hub.
func (f *fanout) Notify(payload string) {
	for id := range strings.SplitSeq(payload, ",") {
		f.hub.mark(id)
	}
}

// Resync has every event with viewers here read what it missed: the
// connection was lost, and with it what was notified meanwhile.
func (f *fanout) Resync() { f.hub.markAll() }
