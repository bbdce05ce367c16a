package mail_test

import (
	"context"
	"testing"
	"time"

	"plenary/internal/mail"
)

// A message left "sending" by a process that crashed is marked failed when
// the next mailer starts, and never sent again; one that a live worker of
// another process is sending is left alone.
func TestAMessageACrashLeftSendingIsFailedAtTheNextStart(t *testing.T) {
	f := newFixture(t, nil)
	f.register(t, "crashed@example.org")
	f.register(t, "live@example.org")
	f.settle(t)
	f.mp.DeleteAll(t)
	ctx := context.Background()

	// The live worker's process holds its lock while it sends.
	const liveKey, goneKey = 424242, 434343
	live, err := f.env.DB.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Release()
	if _, err := live.Exec(ctx, `SELECT pg_advisory_lock($1, $2)`, mail.PresenceLockSpace, liveKey); err != nil {
		t.Fatal(err)
	}
	defer live.Exec(ctx, `SELECT pg_advisory_unlock_all()`)

	// As a crash leaves them: claimed, and their jobs still running.
	ids := map[string]int64{}
	for email, key := range map[string]int{"crashed@example.org": goneKey, "live@example.org": liveKey} {
		var id int64
		if err := f.env.DB.QueryRow(ctx, `UPDATE outbox SET status = 'sending', claimed_by = $2
			WHERE to_email = $1 RETURNING id`, email, key).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids[email] = id
		if _, err := f.env.DB.Exec(ctx, `INSERT INTO river_job (kind, args, queue, state, max_attempts, priority,
				scheduled_at, attempt, attempted_at, attempted_by)
			VALUES ('mail_deliver', jsonb_build_object('outbox_ids', jsonb_build_array($1::bigint)), 'mail', 'running', 12, 1,
				now(), 1, now(), '{a-crashed-process}')`, id); err != nil {
			t.Fatal(err)
		}
	}

	f.env.Sibling(t) // a server process starts
	status := func(email string) (status, lastError string) {
		t.Helper()
		if err := f.env.DB.QueryRow(ctx, `SELECT status, coalesce(last_error, '') FROM outbox WHERE id = $1`, ids[email]).
			Scan(&status, &lastError); err != nil {
			t.Fatal(err)
		}
		return status, lastError
	}
	deadline := time.Now().Add(2 * time.Minute) // bounds a hang; the start settles it at once
	for s, _ := status("crashed@example.org"); s == "sending"; s, _ = status("crashed@example.org") {
		if time.Now().After(deadline) {
			t.Fatal("the message the crashed process was sending is still sending")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if s, note := status("crashed@example.org"); s != "failed" || note == "" {
		t.Errorf("the crashed process's message: %s %q, want failed and why", s, note)
	}
	if s, _ := status("live@example.org"); s != "sending" {
		t.Errorf("the message a live worker is sending was settled under it: %s", s)
	}
	if got := f.mp.Messages(t); len(got) != 0 {
		t.Errorf("an interrupted message went again: %+v", got)
	}
}
