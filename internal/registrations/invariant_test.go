package registrations

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/postgres"
	"plenary/internal/postgres/pgtest"
	"plenary/internal/token"
)

// Capacity is exact both ways, whatever happens at once: after every step
// of a script that mixes bursts of registrations with cancellations,
// rejections and capacity changes (up, down, none), PostgreSQL shows no
// more confirmed than the capacity, nobody waiting while a seat is free,
// and nobody confirmed who arrived after someone still waiting. The
// outcome of each step is fixed (how many are confirmed and how many
// wait), only who wins a race is not.
func TestCapacityStaysExactThroughEveryInterleaving(t *testing.T) {
	db := pgtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	keys, err := token.NewKeyed([]byte("a key of thirty-two bytes or more"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(db, keys, nil, nil)
	var eventID string
	if err := db.QueryRow(ctx, `
		INSERT INTO events (slug, title, starts_at, duration_minutes, timezone, status, capacity)
		VALUES ('exact', 'Exact', now() + interval '1 day', 60, 'UTC', 'published', 3) RETURNING id`).Scan(&eventID); err != nil {
		t.Fatal(err)
	}
	w := world{t: t, ctx: ctx, db: db, s: s, eventID: eventID, rng: rand.New(rand.NewPCG(13, 6))}
	w.setCapacity(intp(3))
	w.check("start")

	type step struct {
		name string
		do   []func() // run at once
	}
	steps := []step{
		{"burst of 8 into 3 seats", []func(){w.burst(8)}},
		// The finding: everyone cancels, and the next to come is seated.
		{"cancel every confirmed and waiting", []func(){w.cancelSome(confirmed, 100), w.cancelSome(waitlisted, 100)}},
		{"one newcomer", []func(){w.burst(1)}},
		{"two more", []func(){w.burst(2)}},
		{"burst while two confirmed cancel", []func(){w.burst(10), w.cancelSome(confirmed, 2)}},
		{"raise to 6 during a burst", []func(){w.burst(6), w.changeCapacity(+3)}},
		{"reject three waiting while two cancel", []func(){w.reject(3), w.cancelSome(confirmed, 2)}},
		{"lower by 2 (only free seats go)", []func(){w.changeCapacity(-2)}},
		{"reject all waiting", []func(){w.reject(100)}},
		{"cancel 2 confirmed", []func(){w.cancelSome(confirmed, 2)}},
		{"burst after the seats freed", []func(){w.burst(5)}},
		{"no capacity", []func(){func() { w.setCapacity(nil) }}},
		{"burst without capacity", []func(){w.burst(4)}},
		{"capacity back, at the confirmed", []func(){func() { w.setCapacity(intp(w.count(confirmed))) }}},
		{"burst into a full event", []func(){w.burst(6)}},
		{"raise by 4 while waiting ones cancel and others register", []func(){w.changeCapacity(+4), w.cancelSome(waitlisted, 2), w.burst(6)}},
		{"lower by 3 during a burst and cancellations", []func(){w.changeCapacity(-3), w.burst(5), w.cancelSome(confirmed, 3)}},
		{"cancel everyone", []func(){w.cancelSome(confirmed, 100), w.cancelSome(waitlisted, 100)}},
		{"burst into an empty event", []func(){w.burst(12)}},
	}
	for _, st := range steps {
		var wg sync.WaitGroup
		for _, do := range st.do {
			wg.Go(do)
		}
		wg.Wait()
		w.check(st.name)
		if t.Failed() {
			return
		}
	}
}

// world drives one event and checks it from the database.
type world struct {
	t       *testing.T
	ctx     context.Context
	db      *pgxpool.Pool
	s       *Service
	eventID string
	rng     *rand.Rand
	mu      sync.Mutex
	n       int
}

func intp(n int) *int { return &n }

const (
	confirmed  = StatusConfirmed
	waitlisted = StatusWaitlisted
)

// burst registers n new people at once.
func (w *world) burst(n int) func() { return func() { w.registerAtOnce(n) } }

func (w *world) registerAtOnce(n int) {
	var wg sync.WaitGroup
	for range n {
		w.mu.Lock()
		w.n++
		email := fmt.Sprintf("p%03d@example.org", w.n)
		w.mu.Unlock()
		wg.Go(func() {
			_, err := w.s.Register(w.ctx, "exact", NewRegistration{FirstName: "P", LastName: "Q", Email: email, Sector: "other"})
			if err != nil {
				w.t.Errorf("register %s: %v", email, err)
			}
		})
	}
	wg.Wait()
}

// ids returns up to n registrations of a status, picked at random.
func (w *world) ids(status Status, n int) []string {
	rows, _ := w.db.Query(w.ctx, `SELECT id FROM registrations WHERE event_id = $1 AND status = $2 ORDER BY email`, w.eventID, status)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		w.t.Fatal(err)
	}
	w.mu.Lock()
	w.rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	w.mu.Unlock()
	return ids[:min(n, len(ids))]
}

func (w *world) count(status Status) int { return len(w.ids(status, 1<<30)) }

// cancelSome cancels up to n registrations of a status at once, as the
// organiser does.
func (w *world) cancelSome(status Status, n int) func() {
	return func() { w.decideAll(w.ids(status, n), ActionCancel) }
}

// reject rejects up to n of those waiting at once.
func (w *world) reject(n int) func() {
	return func() { w.decideAll(w.ids(waitlisted, n), ActionReject) }
}

func (w *world) decideAll(ids []string, action Action) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			// One picked while waiting may be seated by the time it is
			// rejected: a conflict, which changes nothing.
			if _, err := w.s.Decide(w.ctx, w.eventID, id, action); err != nil && !errors.Is(err, errs.ErrConflict) {
				w.t.Errorf("%s %s: %v", action, id, err)
			}
		})
	}
	wg.Wait()
}

// setCapacity saves a capacity as the events domain does: the event row
// and its seats in one transaction. Registrations arriving at that moment
// may ask for a retry; a capacity below the confirmed is refused.
func (w *world) setCapacity(capacity *int) {
	for {
		err := postgres.InTx(w.ctx, w.db, func(tx pgx.Tx) error {
			if _, err := tx.Exec(w.ctx, `UPDATE events SET capacity = $2 WHERE id = $1`, w.eventID, capacity); err != nil {
				return err
			}
			return w.s.SyncSeats(w.ctx, tx, w.eventID, capacity)
		})
		var invalid errs.Validation
		switch {
		case errors.Is(err, errs.ErrRetry):
			continue
		case errors.As(err, &invalid):
			return
		case err != nil:
			w.t.Errorf("capacity %v: %v", capacity, err)
		}
		w.s.EventChanged("exact")
		return
	}
}

func (w *world) changeCapacity(by int) func() { return func() { w.addCapacity(by) } }

func (w *world) addCapacity(by int) {
	var capacity int
	if err := w.db.QueryRow(w.ctx, `SELECT capacity FROM events WHERE id = $1`, w.eventID).Scan(&capacity); err != nil {
		w.t.Fatal(err)
	}
	w.setCapacity(intp(capacity + by))
}

// check reads the event from PostgreSQL and holds it to the invariants.
func (w *world) check(step string) {
	w.t.Helper()
	var capacity *int
	var seats, held, confirmedN, waitingN, seatless, mismatched int
	var lastConfirmed, firstWaiting *int64
	err := w.db.QueryRow(w.ctx, `
		SELECT e.capacity,
			(SELECT count(*) FROM seats WHERE event_id = e.id),
			(SELECT count(*) FROM seats WHERE event_id = e.id AND registration_id IS NOT NULL),
			(SELECT count(*) FROM registrations WHERE event_id = e.id AND status = 'confirmed'),
			(SELECT count(*) FROM registrations WHERE event_id = e.id AND status = 'waitlisted'),
			(SELECT count(*) FROM registrations WHERE event_id = e.id AND status = 'confirmed' AND e.capacity IS NOT NULL AND seat_id IS NULL),
			(SELECT count(*) FROM registrations r JOIN seats s ON s.id = r.seat_id WHERE r.event_id = e.id AND s.registration_id IS DISTINCT FROM r.id),
			(SELECT max(arrival) FROM registrations WHERE event_id = e.id AND status = 'confirmed'),
			(SELECT min(arrival) FROM registrations WHERE event_id = e.id AND status = 'waitlisted')
		FROM events e WHERE e.id = $1`, w.eventID).
		Scan(&capacity, &seats, &held, &confirmedN, &waitingN, &seatless, &mismatched, &lastConfirmed, &firstWaiting)
	if err != nil {
		w.t.Fatalf("%s: %v", step, err)
	}
	state := fmt.Sprintf("capacity %v, %d seats (%d held), %d confirmed, %d waiting", deref(capacity), seats, held, confirmedN, waitingN)
	if capacity == nil {
		if seats != 0 || waitingN != 0 {
			w.t.Errorf("%s: without a capacity: %s", step, state)
		}
		return
	}
	if seats != *capacity || held != confirmedN || seatless != 0 || mismatched != 0 {
		w.t.Errorf("%s: seats do not match the capacity and the confirmed: %s, %d confirmed without a seat, %d seats held by another",
			step, state, seatless, mismatched)
	}
	if confirmedN > *capacity {
		w.t.Errorf("%s: over capacity: %s", step, state)
	}
	if waitingN > 0 && confirmedN != *capacity {
		w.t.Errorf("%s: someone waits beside a free seat: %s", step, state)
	}
	if lastConfirmed != nil && firstWaiting != nil && *lastConfirmed > *firstWaiting {
		w.t.Errorf("%s: confirmed someone (arrival %d) who came after one still waiting (arrival %d): %s",
			step, *lastConfirmed, *firstWaiting, state)
	}
}

func deref(p *int) any {
	if p == nil {
		return "none"
	}
	return *p
}
