package mail_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/apitest"
	"plenary/internal/mail"
	"plenary/internal/notice"
)

// uniqueRecipients fails unless every address got exactly one message.
func uniqueRecipients(t *testing.T, f fixture, want []string) {
	t.Helper()
	got := map[string]int{}
	for _, s := range f.mp.Messages(t) {
		for _, to := range s.To {
			got[to]++
		}
	}
	for _, to := range want {
		if got[to] != 1 {
			t.Errorf("%s received %d messages, want 1", to, got[to])
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d addresses received mail, want %d", len(got), len(want))
	}
}

func TestMailpitDownMidBatchDeliversEveryMessageOnce(t *testing.T) {
	f := newFixture(t, nil)
	var emails []string
	register := func(from, to int) {
		for i := from; i < to; i++ {
			email := fmt.Sprintf("person%02d@example.org", i)
			emails = append(emails, email)
			f.env.Client().Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", map[string]any{
				"first_name": "P", "last_name": "Q", "email": email, "sector": "other"}).WantStatus(t, http.StatusAccepted)
		}
	}
	register(0, 20)
	f.mp.WaitFor(t, 20, 20*time.Second)
	f.mp.Stop()
	register(20, 40)
	// While it is down, messages fail and wait for a retry; the connections
	// kept open to the old process are dead too.
	deadline := time.Now().Add(20 * time.Second)
	for {
		var failed int
		if err := f.env.DB.QueryRow(context.Background(),
			`SELECT count(*) FROM outbox WHERE status = 'queued' AND attempts > 0 AND last_error <> ''`).Scan(&failed); err != nil {
			t.Fatal(err)
		}
		if failed >= 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d deliveries failed while mailpit was down", failed)
		}
		time.Sleep(20 * time.Millisecond)
	}
	f.mp.Restart()
	f.mp.WaitFor(t, len(emails), 60*time.Second)
	f.settle(t)
	uniqueRecipients(t, f, emails)
	var sent int
	if err := f.env.DB.QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE status = 'sent'`).Scan(&sent); err != nil || sent != len(emails) {
		t.Errorf("%d messages recorded as sent (%v), want %d", sent, err, len(emails))
	}
}

func TestTwoServersSendEachFollowUpOnce(t *testing.T) {
	f := newFixture(t, nil)
	other := f.env.Sibling(t)
	var emails []string
	for i := range 30 {
		emails = append(emails, fmt.Sprintf("viewer%02d@example.org", i))
	}
	for i, e := range emails {
		env := f.env
		if i%2 == 1 {
			env = other
		}
		env.Client().Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", map[string]any{
			"first_name": "V", "last_name": "W", "email": e, "sector": "other"}).WantStatus(t, http.StatusAccepted)
	}
	f.settle(t)
	f.mp.DeleteAll(t)
	f.endEvent(t)
	// Both processes wake the follow-up: one through the recording, one by its schedule.
	otherOrg := other.Client()
	otherOrg.Login(t, f.orgEmail(t), apitest.Password)
	otherOrg.Do(t, apitest.Request{Method: http.MethodPatch, Path: f.manage(""),
		Body: map[string]any{"recording_url": "https://video.example.org/x"}}).WantStatus(t, http.StatusOK)
	f.runDue(t, "mail_follow_up")
	f.mp.WaitFor(t, len(emails), 30*time.Second)
	f.settle(t)
	uniqueRecipients(t, f, emails)
	// A delivery job carries many follow-ups, and each one's outcome is
	// recorded with the next one's claim: the last of each job too.
	var recorded int
	if err := f.env.DB.QueryRow(context.Background(), `
		SELECT count(*) FROM outbox o JOIN outbox_content c ON c.id = o.id
		WHERE event_id = $1 AND kind::text LIKE 'follow_up%' AND status = 'sent'
			AND sent_at IS NOT NULL AND provider_message_id LIKE 'outbox-%' AND c.body_html <> ''`, f.event.ID).Scan(&recorded); err != nil {
		t.Fatal(err)
	}
	if recorded != len(emails) {
		t.Errorf("%d follow-ups recorded as sent, want %d", recorded, len(emails))
	}
}

func (f fixture) orgEmail(t *testing.T) string {
	t.Helper()
	var me struct{ User struct{ Email string } }
	f.org.Get(t, "/api/v1/auth/me").WantStatus(t, http.StatusOK).JSON(t, &me)
	return me.User.Email
}

func TestAMessageAndItsJobCommitOrRollBackWithTheChange(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	count := func(q pgx.Tx) (outbox, jobs int) {
		var db interface {
			QueryRow(context.Context, string, ...any) pgx.Row
		} = f.env.DB
		if q != nil {
			db = q
		}
		if err := db.QueryRow(ctx, `SELECT (SELECT count(*) FROM outbox WHERE to_email = 'rollback@example.org'),
			(SELECT count(*) FROM river_job WHERE kind = 'mail_deliver' AND args->'outbox_ids' @> ANY (ARRAY
				(SELECT to_jsonb(id) FROM outbox WHERE to_email = 'rollback@example.org')))`).Scan(&outbox, &jobs); err != nil {
			t.Fatal(err)
		}
		return outbox, jobs
	}
	tx, err := f.env.DB.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	if err := tx.QueryRow(ctx, `
		INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, sector, token_hash)
		VALUES ($1, 'confirmed', true, 'R', 'B', 'rollback@example.org', 'other', decode(repeat('ab', 32), 'hex')) RETURNING id`,
		f.event.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := f.env.App.Mail.Outbox.Queue(ctx, tx, notice.Notice{RegistrationID: id, Kind: notice.KindConfirmation}); err != nil {
		t.Fatal(err)
	}
	if o, j := count(tx); o != 1 || j != 1 {
		t.Fatalf("inside the transaction: %d outbox rows, %d jobs; want 1 and 1", o, j)
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if o, j := count(nil); o != 0 || j != 0 {
		t.Fatalf("after rollback: %d outbox rows, %d jobs; want none", o, j)
	}
}

func TestWithoutSMTPMessagesAreRecordedNotDelivered(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, "organiser")
	start := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
	var e struct{ ID, Slug string }
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": "no-smtp", "title": "No SMTP", "starts_at": start.Format(time.RFC3339),
		"duration_minutes": 60, "timezone": "UTC"}).WantStatus(t, http.StatusCreated).JSON(t, &e)
	org.Post(t, "/api/v1/manage/events/"+e.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	env.Client().Post(t, "/api/v1/events/no-smtp/registrations", map[string]any{"first_name": "N", "last_name": "S",
		"email": "n@example.org", "sector": "other"}).WantStatus(t, http.StatusAccepted)
	f := fixture{env: env}
	f.settle(t)
	var page struct {
		mail.MessagePage
		MailServer bool `json:"mail_server"`
	}
	org.Get(t, "/api/v1/manage/events/"+e.ID+"/messages").WantStatus(t, http.StatusOK).JSON(t, &page)
	if page.MailServer {
		t.Error("without SMTP_URL, the outbox says there is a mail server")
	}
	if len(page.Items) != 1 || page.Items[0].Status != "not_delivered" || page.Items[0].LastError != "not delivered: no SMTP configured" ||
		page.Items[0].Subject != "Your place at No SMTP is confirmed" {
		t.Fatalf("outbox: %+v", page.Items)
	}
	var d mail.MessageDetail
	org.Get(t, "/api/v1/manage/events/"+e.ID+"/messages/"+page.Items[0].ID).WantStatus(t, http.StatusOK).JSON(t, &d)
	if !strings.Contains(d.Text, "/r/") || len(d.Attachments) != 1 {
		t.Errorf("recorded message: %+v", d)
	}
	org.Get(t, "/api/v1/manage/events/"+e.ID+"/messages/999999").WantStatus(t, http.StatusNotFound)
	org.Get(t, "/api/v1/manage/events/"+e.ID+"/messages?status=lost").WantStatus(t, http.StatusUnprocessableEntity)
	org.Get(t, "/api/v1/manage/events/"+e.ID+"/messages?limit=0").WantStatus(t, http.StatusUnprocessableEntity)
}

func TestAnInterruptedDeliveryIsNeverSentAgain(t *testing.T) {
	f := newFixture(t, nil)
	f.register(t, "once@example.org")
	f.settle(t)
	f.mp.DeleteAll(t)
	ctx := context.Background()
	// As if a process died after handing message to the SMTP server and
	// before recording it, and River then ran the job again.
	var id int64
	if err := f.env.DB.QueryRow(ctx, `UPDATE outbox SET status = 'sending' WHERE to_email = 'once@example.org' RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.DB.Exec(ctx, `INSERT INTO river_job (kind, args, queue, state, max_attempts, priority, scheduled_at)
		VALUES ('mail_deliver', jsonb_build_object('outbox_ids', jsonb_build_array($1::bigint)), 'mail', 'available', 5, 1, now())`, id); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	var status, lastError string
	for status != "failed" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if err := f.env.DB.QueryRow(ctx, `SELECT status, last_error FROM outbox WHERE id = $1`, id).Scan(&status, &lastError); err != nil {
			t.Fatal(err)
		}
	}
	if status != "failed" || !strings.Contains(lastError, "interrupted") {
		t.Fatalf("interrupted message: %s %q", status, lastError)
	}
	if got := f.mp.Messages(t); len(got) != 0 {
		t.Errorf("the interrupted message went again: %+v", got)
	}
}

func TestAKeptConnectionThatDiedIsReplacedWithoutAFailedAttempt(t *testing.T) {
	f := newFixture(t, nil)
	f.register(t, "before@example.org")
	f.mp.WaitFor(t, 1, 20*time.Second)
	f.settle(t)
	// The connection kept open for the next message dies with the server,
	// as it would when an SMTP server restarts or drops idle clients.
	f.mp.Restart()
	f.register(t, "after@example.org")
	f.mp.WaitFor(t, 2, 20*time.Second)
	f.settle(t)
	var status, lastError string
	var attempts int
	if err := f.env.DB.QueryRow(context.Background(), `SELECT status, attempts, last_error FROM outbox WHERE to_email = 'after@example.org'`).
		Scan(&status, &attempts, &lastError); err != nil {
		t.Fatal(err)
	}
	if status != "sent" || attempts != 1 || lastError != "" {
		t.Errorf("the message after the restart: %s after %d attempts (%q), want sent at the first", status, attempts, lastError)
	}
	uniqueRecipients(t, f, []string{"before@example.org", "after@example.org"})
}

func TestWorkersThatClaimAtOnceShareAStatement(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	emails := []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org"}
	for _, e := range emails {
		f.register(t, e)
	}
	f.settle(t)
	f.mp.DeleteAll(t)
	// A message each, queued without a job for now.
	rows, _ := f.env.DB.Query(ctx, `
		INSERT INTO outbox (event_id, registration_id, kind, to_email, dedupe_key)
		SELECT event_id, id, 'manage_link', email, 'shared-claims:' || id FROM registrations WHERE event_id = $1
		RETURNING id`, f.event.ID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(ids) != len(emails) {
		t.Fatalf("queued %d messages (%v)", len(ids), err)
	}
	// All of them locked, so that the first statement waits whichever
	// message it claims, and every other worker's claim queues behind it
	// (with one locked, a worker asking first for another could be
	// answered alone before the blocked statement began: three statements).
	lock, err := f.env.DB.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback(ctx)
	if _, err := lock.Exec(ctx, `SELECT 1 FROM outbox WHERE id = ANY($1) FOR UPDATE`, ids); err != nil {
		t.Fatal(err)
	}
	claimed0, statements0, _ := f.env.App.Mail.ClaimStats()
	for _, id := range ids {
		if _, err := f.env.DB.Exec(ctx, `INSERT INTO river_job (kind, args, queue, state, max_attempts, priority, scheduled_at)
			VALUES ('mail_deliver', jsonb_build_object('outbox_ids', jsonb_build_array($1::bigint)), 'mail', 'available', 5, 1, now())`, id); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if _, _, waiting := f.env.App.Mail.ClaimStats(); waiting == int64(len(ids)) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the workers did not all ask for their message")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := lock.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	f.mp.WaitFor(t, len(emails), 20*time.Second)
	f.settle(t)
	uniqueRecipients(t, f, emails)
	claimed, statements, _ := f.env.App.Mail.ClaimStats()
	// The statement that waited, then one for all the others.
	if claimed-claimed0 != int64(len(ids)) || statements-statements0 > 2 {
		t.Errorf("%d messages claimed in %d statements, want %d in at most 2", claimed-claimed0, statements-statements0, len(ids))
	}
	var sent int
	if err := f.env.DB.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE id = ANY($1) AND status = 'sent' AND sent_at IS NOT NULL`, ids).Scan(&sent); err != nil || sent != len(ids) {
		t.Errorf("%d of %d recorded as sent (%v)", sent, len(ids), err)
	}
}
