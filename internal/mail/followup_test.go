package mail_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/apitest"
	"plenary/internal/mail"
	"plenary/internal/postgres"
)

// endEvent moves the event into the past without a new sequence, as if
// time had passed.
func (f fixture) endEvent(t *testing.T) {
	t.Helper()
	if _, err := f.env.DB.Exec(context.Background(),
		`UPDATE events SET starts_at = now() - interval '3 hours' WHERE id = $1`, f.event.ID); err != nil {
		t.Fatal(err)
	}
}

func (f fixture) outboxCount(t *testing.T, kinds ...string) int {
	t.Helper()
	var n int
	if err := f.env.DB.QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE event_id = $1 AND kind::text = ANY($2)`,
		f.event.ID, kinds).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestFollowUpWaitsForTheRecordingThenSplitsByAttendance(t *testing.T) {
	f := newFixture(t, nil)
	for _, email := range []string{"came@example.org", "missed@example.org", "left@example.org"} {
		f.register(t, email)
	}
	f.org.Post(t, f.manage("/registrations/"+f.registrationID(t, "came@example.org")+"/check-in"), nil).WantStatus(t, http.StatusOK)
	f.org.Post(t, f.manage("/registrations/"+f.registrationID(t, "left@example.org")+"/cancel"), nil).WantStatus(t, http.StatusOK)
	f.settle(t)
	f.endEvent(t)

	// Ended, no recording yet: the follow-up waits (its job snoozes).
	f.runDue(t, "mail_follow_up")
	if n := f.outboxCount(t, "follow_up_attended", "follow_up_missed"); n != 0 {
		t.Fatalf("%d follow-ups queued before the recording was published", n)
	}
	var state string
	if err := f.env.DB.QueryRow(context.Background(), `SELECT state FROM river_job WHERE kind = 'mail_follow_up'`).Scan(&state); err != nil || state != "scheduled" {
		t.Fatalf("follow-up job %q (%v), want it snoozed", state, err)
	}

	// Publishing the recording wakes it at once.
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: f.manage(""),
		Body: map[string]any{"recording_url": "https://video.example.org/early-intervention"}}).WantStatus(t, http.StatusOK)
	deadline := time.Now().Add(20 * time.Second)
	for f.outboxCount(t, "follow_up_attended", "follow_up_missed") < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	f.settle(t)

	thanks := f.only(t, "came@example.org", "Thank you for joining")
	missed := f.only(t, "missed@example.org", "Sorry we missed you")
	for _, m := range []struct {
		name string
		text string
		head map[string][]string
	}{{"thanks", thanks.Text, thanks.Headers}, {"missed", missed.Text, missed.Headers}} {
		if !strings.Contains(m.text, "https://video.example.org/early-intervention") {
			t.Errorf("%s: no recording link:\n%s", m.name, m.text)
		}
		if len(m.head["List-Unsubscribe"]) != 1 || !strings.Contains(m.head["List-Unsubscribe"][0], "/api/v1/unsubscribe/") ||
			!slices.Equal(m.head["List-Unsubscribe-Post"], []string{"List-Unsubscribe=One-Click"}) || !strings.Contains(m.text, "/unsubscribe/") {
			t.Errorf("%s: unsubscribe headers %v / %v", m.name, m.head["List-Unsubscribe"], m.head["List-Unsubscribe-Post"])
		}
	}
	if got := f.subjects(t, "left@example.org"); slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "missed") }) {
		t.Errorf("a cancelled registrant got a follow-up: %q", got)
	}
	// Running the job again sends nothing twice.
	if _, err := f.env.DB.Exec(context.Background(), `
		INSERT INTO river_job (kind, args, queue, state, max_attempts, priority, scheduled_at)
		SELECT kind, args, queue, 'available', 5, 1, now() FROM river_job WHERE kind = 'mail_follow_up'`); err != nil {
		t.Fatal(err)
	}
	f.runDue(t, "mail_follow_up")
	if n := len(f.inbox(t, "came@example.org")); n != 2 {
		t.Errorf("came@ has %d messages after the follow-up ran again, want 2", n)
	}
}

// Follow-ups are form letters: the outbox keeps each text once, and what
// it shows the organiser is, byte for byte, what each registrant received,
// whatever their name holds.
func TestTheOutboxShowsEachFollowUpAsSent(t *testing.T) {
	f := newFixture(t, nil)
	names := map[string]string{"quotes@example.org": `Zoë "Zed" O'Brien + <i>co</i> & sons`, "plain@example.org": "Ann  Marie",
		"missed@example.org": "Bo & <b>Bo</b>"}
	for email, name := range names {
		f.env.Client().Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", map[string]any{
			"first_name": name, "last_name": "Tester", "email": email, "sector": "local_government"}).WantStatus(t, http.StatusAccepted)
	}
	for _, email := range []string{"quotes@example.org", "plain@example.org"} {
		f.org.Post(t, f.manage("/registrations/"+f.registrationID(t, email)+"/check-in"), nil).WantStatus(t, http.StatusOK)
	}
	f.settle(t)
	f.endEvent(t)
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: f.manage(""),
		Body: map[string]any{"recording_url": "https://video.example.org/as-sent?a=1&b=2"}}).WantStatus(t, http.StatusOK)
	f.runDue(t, "mail_follow_up")
	f.mp.WaitFor(t, 2*len(names), 30*time.Second) // a confirmation and a follow-up each
	f.settle(t)

	for email, name := range names {
		var page mail.MessagePage
		f.org.Get(t, f.manage("/registrations/"+f.registrationID(t, email)+"/messages")).WantStatus(t, http.StatusOK).JSON(t, &page)
		if len(page.Items) != 2 || !strings.HasPrefix(string(page.Items[0].Kind), "follow_up") {
			t.Fatalf("%s's messages: %+v", email, page.Items)
		}
		var shown mail.MessageDetail
		f.org.Get(t, f.manage("/messages/"+page.Items[0].ID)).WantStatus(t, http.StatusOK).JSON(t, &shown)
		got := f.only(t, email, page.Items[0].Subject)
		// SMTP carries lines ended CRLF.
		got.Text, got.HTML = strings.ReplaceAll(got.Text, "\r\n", "\n"), strings.ReplaceAll(got.HTML, "\r\n", "\n")
		if shown.Text != got.Text || shown.HTML != got.HTML {
			t.Errorf("the outbox shows %s's follow-up as\n%q\n%q\nbut it arrived as\n%q\n%q", email, shown.Text, shown.HTML, got.Text, got.HTML)
		}
		if !strings.Contains(got.Text, "Dear "+name+",") {
			t.Errorf("%s's follow-up does not greet %q:\n%s", email, name, got.Text)
		}
	}
	var forms, whole int
	if err := f.env.DB.QueryRow(context.Background(), `
		SELECT (SELECT count(*) FROM outbox_forms WHERE event_id = $1),
			(SELECT count(*) FROM outbox WHERE event_id = $1 AND kind::text LIKE 'follow_up%' AND (form IS NULL OR body_html <> ''))`,
		f.event.ID).Scan(&forms, &whole); err != nil {
		t.Fatal(err)
	}
	if whole != 0 {
		t.Errorf("%d follow-ups stored whole, not as their form", whole)
	}
	if forms < 2 {
		t.Errorf("%d forms stored for the event, want the thanks and the sorry at least", forms)
	}

	// Going back to before form letters gives every message its whole text.
	shown := contents(t, f)
	mg, err := postgres.NewMigrator(f.env.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()
	// Down to before 0009 (form letters), through any later migration.
	for {
		version, _, err := mg.Version()
		if err != nil {
			t.Fatal(err)
		}
		if version < 9 {
			break
		}
		if err := mg.Down(1); err != nil {
			t.Fatal(err)
		}
	}
	rows, _ := f.env.DB.Query(context.Background(), `SELECT id, body_text, body_html FROM outbox WHERE event_id = $1`, f.event.ID)
	var id int64
	var text, html string
	if _, err := pgx.ForEachRow(rows, []any{&id, &text, &html}, func() error {
		if want := shown[id]; text != want[0] || html != want[1] {
			t.Errorf("message %d after the down migration:\n%q\n%q\nwant\n%q\n%q", id, text, html, want[0], want[1])
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(shown) != 2*len(names) {
		t.Errorf("%d messages, want %d", len(shown), 2*len(names))
	}
}

// contents is what outbox_content says each of the event's messages says.
func contents(t *testing.T, f fixture) map[int64][2]string {
	t.Helper()
	rows, _ := f.env.DB.Query(context.Background(), `
		SELECT c.id, c.body_text, c.body_html FROM outbox_content c JOIN outbox o ON o.id = c.id WHERE o.event_id = $1`, f.event.ID)
	out := map[int64][2]string{}
	var id int64
	var text, html string
	if _, err := pgx.ForEachRow(rows, []any{&id, &text, &html}, func() error {
		out[id] = [2]string{text, html}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFollowUpGoesWithoutRecordingAfterTheWait(t *testing.T) {
	f := newFixture(t, nil)
	f.register(t, "missed@example.org")
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/mail-settings"),
		Body: map[string]any{"reminder_minutes": []int{}, "follow_up": true, "follow_up_wait_hours": 0}}).WantStatus(t, http.StatusOK)
	f.endEvent(t)
	f.runDue(t, "mail_follow_up")
	missed := f.only(t, "missed@example.org", "Sorry we missed you")
	if strings.Contains(missed.Text, "recording") {
		t.Errorf("follow-up without a recording mentions one:\n%s", missed.Text)
	}
}

func TestBroadcastToSegmentsWithPreviewTestAndUnsubscribe(t *testing.T) {
	f := newFixture(t, 1)
	f.register(t, "in@example.org")
	f.register(t, "waiting@example.org")
	f.settle(t)
	body := map[string]any{"segment": "waitlisted", "subject": "Places may open up", "body": "Hello **all**. <script>alert(1)</script>"}

	var p mail.Preview
	f.org.Post(t, f.manage("/broadcasts/preview"), body).WantStatus(t, http.StatusOK).JSON(t, &p)
	if p.Recipients != 1 || !strings.Contains(p.HTML, "<strong>all</strong>") || strings.Contains(p.HTML, "<script>") {
		t.Errorf("preview: %d recipients, HTML %s", p.Recipients, p.HTML)
	}
	var test mail.Message
	f.org.Post(t, f.manage("/broadcasts/test"), body).WantStatus(t, http.StatusAccepted).JSON(t, &test)
	f.settle(t)
	if got := f.only(t, test.To, "[Test] Places may open up"); !strings.Contains(got.Text, "Hello **all**") {
		t.Errorf("test broadcast text:\n%s", got.Text)
	}

	var b mail.Broadcast
	f.org.Post(t, f.manage("/broadcasts"), body).WantStatus(t, http.StatusCreated).JSON(t, &b)
	f.settle(t)
	if b.Recipients != 1 {
		t.Errorf("broadcast reached %d", b.Recipients)
	}
	sent := f.only(t, "waiting@example.org", "Places may open up")
	if len(sent.Headers["List-Unsubscribe"]) != 1 || strings.Contains(sent.HTML, "<script>") {
		t.Errorf("broadcast: headers %v, HTML %s", sent.Headers, sent.HTML)
	}
	if got := f.subjects(t, "in@example.org"); len(got) != 1 {
		t.Errorf("a confirmed registrant got the waitlist's broadcast: %q", got)
	}

	// One click (RFC 8058) from the header's address, as a mail provider sends it.
	unsubscribe := strings.Trim(sent.Headers["List-Unsubscribe"][0], "<>")
	u, err := url.Parse(unsubscribe)
	if err != nil {
		t.Fatal(err)
	}
	var un mail.Unsubscription
	f.env.Client().Do(t, apitest.Request{Method: http.MethodPost, Path: u.Path, Body: "List-Unsubscribe=One-Click",
		ContentType: "application/x-www-form-urlencoded"}).WantStatus(t, http.StatusOK).JSON(t, &un)
	if !un.Unsubscribed || un.EventTitle != f.event.Title {
		t.Errorf("unsubscribe: %+v", un)
	}
	f.env.Client().Get(t, u.Path+"x").WantStatus(t, http.StatusNotFound)

	// The next broadcast to everyone skips them; what they need still goes.
	everyone := map[string]any{"segment": "everyone", "subject": "Agenda published", "body": "See the page."}
	f.org.Post(t, f.manage("/broadcasts"), everyone).WantStatus(t, http.StatusCreated).JSON(t, &b)
	later := f.event.StartsAt.Add(2 * time.Hour)
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: f.manage(""), Body: map[string]any{"starts_at": later.Format(time.RFC3339)}}).
		WantStatus(t, http.StatusOK)
	f.settle(t)
	got := f.subjects(t, "waiting@example.org")
	if slices.Contains(got, "Agenda published") || !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "New time") }) {
		t.Errorf("unsubscribed registrant got %q", got)
	}
	var page mail.MessagePage
	f.org.Get(t, f.manage("/messages?status=suppressed")).WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) != 1 || page.Items[0].To != "waiting@example.org" || page.Items[0].LastError != "the registrant unsubscribed" {
		t.Errorf("suppressed messages: %+v", page.Items)
	}
	var list struct{ Items []mail.Broadcast }
	f.org.Get(t, f.manage("/broadcasts")).WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 2 {
		t.Errorf("%d broadcasts listed", len(list.Items))
	}

	p2 := f.org.Post(t, f.manage("/broadcasts"), map[string]any{"segment": "sector", "subject": "", "body": "x"}).
		WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
	if p2.Errors["sector"] == "" || p2.Errors["subject"] == "" {
		t.Errorf("problem: %+v", p2)
	}
}

func TestSuppressedAddressesGetNothing(t *testing.T) {
	f := newFixture(t, nil)
	var s mail.Suppression
	f.org.Post(t, "/api/v1/manage/suppressions", map[string]any{"email": "Bounced@Example.org", "reason": "hard bounce"}).
		WantStatus(t, http.StatusCreated).JSON(t, &s)
	f.register(t, "bounced@example.org")
	f.register(t, "fine@example.org")
	f.settle(t)
	if got := f.inbox(t, "bounced@example.org"); len(got) != 0 {
		t.Errorf("a suppressed address received %d messages", len(got))
	}
	f.only(t, "fine@example.org", "Your place at")
	var page mail.MessagePage
	f.org.Get(t, f.manage("/messages?status=suppressed")).WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) != 1 || page.Items[0].LastError != "the address is suppressed" {
		t.Errorf("suppressed: %+v", page.Items)
	}
	f.org.Post(t, "/api/v1/manage/suppressions", map[string]any{"email": "not an address"}).WantStatus(t, http.StatusUnprocessableEntity)
	f.org.Delete(t, "/api/v1/manage/suppressions/bounced@example.org").WantStatus(t, http.StatusNoContent)
	f.org.Delete(t, "/api/v1/manage/suppressions/bounced@example.org").WantStatus(t, http.StatusNotFound)
}

// Publishing the recording (media) sends the waiting follow-ups at once,
// each with the link to the event's page, now its replay; withdrawing and
// publishing it again sends nothing twice.
func TestPublishingTheRecordingSendsTheFollowUpsWithTheReplay(t *testing.T) {
	f := newFixture(t, nil)
	for _, email := range []string{"came@example.org", "missed@example.org"} {
		f.register(t, email)
	}
	f.org.Post(t, f.manage("/registrations/"+f.registrationID(t, "came@example.org")+"/check-in"), nil).WantStatus(t, http.StatusOK)
	f.settle(t)
	f.endEvent(t)
	f.runDue(t, "mail_follow_up") // no recording yet: it waits
	if n := f.outboxCount(t, "follow_up_attended", "follow_up_missed"); n != 0 {
		t.Fatalf("%d follow-ups before the recording was published", n)
	}

	video := "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/recording"),
		Body: map[string]any{"kind": "youtube", "external_url": video, "duration_seconds": 3600, "embed_origins": []string{}}}).
		WantStatus(t, http.StatusOK)
	publish := func() {
		f.org.Post(t, f.manage("/recording/publish"), map[string]any{"without_captions": true}).WantStatus(t, http.StatusOK)
	}
	publish()
	deadline := time.Now().Add(20 * time.Second)
	for f.outboxCount(t, "follow_up_attended", "follow_up_missed") < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	f.settle(t)
	// Each follow-up links to the replay through its registrant's own
	// link (so that what they watch counts for them), never the video.
	ownReplay := regexp.MustCompile(`https?://\S+/r/([A-Za-z0-9_.-]+)/replay\b`)
	for _, to := range []string{"came@example.org", "missed@example.org"} {
		m := f.only(t, to, map[string]string{"came@example.org": "Thank you for joining", "missed@example.org": "Sorry we missed you"}[to])
		link := ownReplay.FindStringSubmatch(m.Text)
		if link == nil || !strings.Contains(m.HTML, link[0]) || !strings.Contains(m.Text, "recording") || strings.Contains(m.Text, video) {
			t.Fatalf("follow-up to %s: want their own replay link as the recording's link, not the video itself:\n%s", to, m.Text)
		}
		var own struct{ Registration struct{ Email string } }
		f.env.Client().Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/registration",
			Header: http.Header{"Authorization": {"Bearer " + link[1]}}}).WantStatus(t, http.StatusOK).JSON(t, &own)
		if own.Registration.Email != to {
			t.Errorf("the replay link sent to %s opens %s's registration", to, own.Registration.Email)
		}
	}

	f.org.Post(t, f.manage("/recording/unpublish"), nil).WantStatus(t, http.StatusOK)
	publish()
	f.runDue(t, "mail_follow_up")
	f.settle(t)
	for _, to := range []string{"came@example.org", "missed@example.org"} {
		if n := len(f.inbox(t, to)); n != 2 { // the confirmation and one follow-up
			t.Errorf("%s has %d messages after the recording was published again, want 2", to, n)
		}
	}
}

// A recording published before the event ends sends nothing until it
// ends, and then the follow-ups carry the replay; one published for a
// cancelled event sends nothing.
func TestARecordingPublishedEarlyOrForACancelledEventWaits(t *testing.T) {
	f := newFixture(t, nil)
	f.register(t, "missed@example.org")
	f.settle(t)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/recording"),
		Body: map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/123456", "duration_seconds": 3600, "embed_origins": []string{}}}).
		WantStatus(t, http.StatusOK)
	f.org.Post(t, f.manage("/recording/publish"), map[string]any{"without_captions": true}).WantStatus(t, http.StatusOK)
	f.runDue(t, "mail_follow_up")
	if n := f.outboxCount(t, "follow_up_attended", "follow_up_missed"); n != 0 {
		t.Fatalf("%d follow-ups before the event ended", n)
	}
	f.endEvent(t)
	f.runDue(t, "mail_follow_up")
	if m := f.only(t, "missed@example.org", "Sorry we missed you"); !strings.Contains(m.Text, "/replay") {
		t.Errorf("follow-up after the end has no replay link:\n%s", m.Text)
	}

	cancelled := newFixture(t, nil)
	cancelled.register(t, "gone@example.org")
	cancelled.settle(t)
	cancelled.endEvent(t)
	cancelled.org.Post(t, cancelled.manage("/cancel"), map[string]any{"message": "Sorry."}).WantStatus(t, http.StatusOK)
	cancelled.org.Do(t, apitest.Request{Method: http.MethodPut, Path: cancelled.manage("/recording"),
		Body: map[string]any{"kind": "vimeo", "external_url": "https://vimeo.com/123456", "duration_seconds": 3600, "embed_origins": []string{}}}).
		WantStatus(t, http.StatusOK)
	cancelled.org.Post(t, cancelled.manage("/recording/publish"), map[string]any{"without_captions": true}).WantStatus(t, http.StatusOK)
	cancelled.runDue(t, "mail_follow_up")
	if n := cancelled.outboxCount(t, "follow_up_attended", "follow_up_missed"); n != 0 {
		t.Errorf("%d follow-ups for a cancelled event", n)
	}
}
