package mail

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/postgres/pgtest"
)

// The claims connection plans its statement once and keeps the plan, so a
// plan made while the tables are small (a new install's first messages,
// or a follow-up's first thousand) must still find every row by its key
// when they are large: no pass over a table or a whole index, no hash or
// merge join, no hashed lookup table. (Below a few dozen messages
// PostgreSQL's own autoanalyze soon has the statement planned again.)
func TestAClaimPlanMadeOnSmallTablesLooksUpEveryRowByKey(t *testing.T) {
	pool := pgtest.New(t)
	ctx := context.Background()
	var eventID string
	if err := pool.QueryRow(ctx, `INSERT INTO events (slug, title, starts_at, duration_minutes, timezone)
		VALUES ('small-event', 'Small', now(), 60, 'Europe/London') RETURNING id`).Scan(&eventID); err != nil {
		t.Fatal(err)
	}
	queued := 0
	for _, messages := range []int{30, 1000} {
		if _, err := pool.Exec(ctx, `
			WITH r AS (INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, sector, token_hash)
				SELECT $1, 'confirmed', true, 'V', 'W', 'v' || i || '@example.org', 'other', sha256(i::text::bytea)
				FROM generate_series($2::int + 1, $3::int) i RETURNING id, event_id, email)
			INSERT INTO outbox (event_id, registration_id, kind, to_email, dedupe_key)
			SELECT event_id, id, 'follow_up_missed', email, 'follow_up:' || id FROM r`, eventID, queued, messages); err != nil {
			t.Fatal(err)
		}
		queued = messages
		if _, err := pool.Exec(ctx, `ANALYZE`); err != nil {
			t.Fatal(err)
		}
		plan := claimPlan(t, pool)
		for i, line := range plan {
			scan := strings.Contains(line, "Scan using") || strings.Contains(line, "Bitmap Index Scan")
			if strings.Contains(line, "Seq Scan") || strings.Contains(line, "Hash Join") || strings.Contains(line, "Merge Join") ||
				strings.Contains(line, "hashed SubPlan") || scan && (i+1 == len(plan) || !strings.Contains(plan[i+1], "Index Cond")) {
				t.Fatalf("planned with %d messages, the claim reads more than the rows it needs (%s):\n%s",
					messages, strings.TrimSpace(line), strings.Join(plan, "\n"))
			}
		}
	}
}

// claimPlan is the generic plan of claimSQL on a new claims connection.
func claimPlan(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	ctx := context.Background()
	m := &Mailer{owner: newOwnerKey()}
	db, err := claimsDB(pool, m.holdPresence)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Conn().Prepare(ctx, "claim", claimSQL); err != nil {
		t.Fatal(err)
	}
	rows, _ := conn.Query(ctx, `EXPLAIN EXECUTE claim('{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{1,2}', 7)`)
	plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return plan
}
