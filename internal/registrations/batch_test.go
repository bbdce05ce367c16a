package registrations

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
	"plenary/internal/postgres/pgtest"
	"plenary/internal/token"
)

// A repeat of a registered email that the batch took for new (only the
// insert finds it) gives the seat it was handed to the next one waiting.
func TestBatchGivesARepeatsSeatToTheNextInLine(t *testing.T) {
	db := pgtest.New(t)
	ctx := context.Background()
	keys, err := token.NewKeyed([]byte("a key of thirty-two bytes or more"))
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(db, keys, nil, nil)
	var eventID string
	err = db.QueryRow(ctx, `
		INSERT INTO events (slug, title, starts_at, duration_minutes, timezone, status, capacity)
		VALUES ('batch', 'Batch', now() + interval '1 day', 60, 'UTC', 'published', 3) RETURNING id`).Scan(&eventID)
	if err != nil {
		t.Fatal(err)
	}
	three := 3
	if err := postgres.InTx(ctx, db, func(tx pgx.Tx) error { return s.SyncSeats(ctx, tx, eventID, &three) }); err != nil {
		t.Fatal(err)
	}
	reg := func(email string) queued {
		_, hash := token.New()
		return queued{reg: prepared{id: uuid.NewString(), eventID: eventID, email: email, first: "A", last: "B",
			sector: "other", answers: []byte("{}"), tokenHash: hash, admitted: true}}
	}
	if st, err := s.batches.writeBatch(ctx, []queued{reg("a@example.org")}); err != nil || st[0] != StatusConfirmed {
		t.Fatalf("first registration: %v %v", st, err)
	}
	statuses, err := s.batches.writeBatch(ctx, []queued{reg("A@example.org"), reg("b@example.org"), reg("c@example.org"), reg("d@example.org")})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Status{"", StatusConfirmed, StatusConfirmed, StatusWaitlisted}; !slices.Equal(statuses, want) {
		t.Fatalf("statuses %v, want %v", statuses, want)
	}
	var confirmed, held, paired int
	if err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM registrations WHERE status = 'confirmed'),
		(SELECT count(*) FROM seats WHERE registration_id IS NOT NULL),
		(SELECT count(*) FROM registrations r JOIN seats s ON s.id = r.seat_id AND s.registration_id = r.id)`).
		Scan(&confirmed, &held, &paired); err != nil {
		t.Fatal(err)
	}
	if confirmed != 3 || held != 3 || paired != 3 {
		t.Fatalf("%d confirmed, %d seats held, %d held by their registration; want 3, 3, 3", confirmed, held, paired)
	}
}
