package mail_test

import (
	"context"
	"testing"
	"time"

	"plenary/internal/postgres"
	"plenary/internal/postgres/pgtest"
)

// Unsubscribes moved from a column of registrations to mail's own table
// (migration 0014). Going down puts each back on its registration, with
// its time; coming up again moves them back.
func TestUnsubscribesMoveBetweenRegistrationsAndMail(t *testing.T) {
	pool := pgtest.New(t)
	ctx := context.Background()
	var eventID, out, in string
	if err := pool.QueryRow(ctx, `INSERT INTO events (slug, title, starts_at, duration_minutes, timezone)
		VALUES ('moves', 'Moves', now(), 60, 'UTC') RETURNING id`).Scan(&eventID); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		email string
		id    *string
	}{{"out@example.org", &out}, {"in@example.org", &in}} {
		if err := pool.QueryRow(ctx, `INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, sector, token_hash)
			VALUES ($1, 'confirmed', true, 'A', 'B', $2, 'other', sha256(convert_to($2, 'UTF8'))) RETURNING id`, eventID, r.email).Scan(r.id); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC)
	if _, err := pool.Exec(ctx, `INSERT INTO mail_unsubscribes (registration_id, unsubscribed_at) VALUES ($1, $2)`, out, at); err != nil {
		t.Fatal(err)
	}

	mg, err := postgres.NewMigrator(pool)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	for { // down to 0013, through any later migration
		version, _, err := mg.Version()
		if err != nil {
			t.Fatal(err)
		}
		if version < 14 {
			break
		}
		if err := mg.Down(1); err != nil {
			t.Fatal(err)
		}
	}
	var outAt, inAt *time.Time
	if err := pool.QueryRow(ctx, `SELECT (SELECT unsubscribed_at FROM registrations WHERE id = $1),
		(SELECT unsubscribed_at FROM registrations WHERE id = $2)`, out, in).Scan(&outAt, &inAt); err != nil {
		t.Fatal(err)
	}
	if outAt == nil || !outAt.Equal(at) || inAt != nil {
		t.Fatalf("after going down: unsubscribed_at %v and %v, want %v and none", outAt, inAt, at)
	}

	if err := mg.Up(); err != nil {
		t.Fatal(err)
	}
	var moved int
	var movedAt time.Time
	if err := pool.QueryRow(ctx, `SELECT count(*), max(unsubscribed_at) FROM mail_unsubscribes WHERE registration_id = $1`, out).
		Scan(&moved, &movedAt); err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM mail_unsubscribes`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if moved != 1 || rows != 1 || !movedAt.Equal(at) {
		t.Fatalf("after coming up: %d of %d unsubscribes are %s's, at %v; want its one, at %v", moved, rows, out, movedAt, at)
	}
	var column bool
	if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
		WHERE table_name = 'registrations' AND column_name = 'unsubscribed_at')`).Scan(&column); err != nil || column {
		t.Fatalf("registrations still has unsubscribed_at (%v)", err)
	}
}
