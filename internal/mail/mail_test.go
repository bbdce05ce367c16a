package mail_test

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/mail"
	"plenary/internal/mail/mailtest"
	"plenary/internal/notice"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// fixture is a server sending through a real mailpit, a published event
// with a speaker, and its organiser.
type fixture struct {
	env   *apitest.Env
	mp    *mailtest.Server
	org   *apitest.Client
	event events.Detail
}

func newFixture(t *testing.T, capacity any) fixture {
	t.Helper()
	mp := mailtest.Start(t)
	cfg := apitest.Config(t)
	cfg.SMTPURL = mp.SMTPURL + "?tls=none"
	cfg.MailFrom = "Plenary <events@plenary.test>"
	cfg.MailRetryBase = 100 * time.Millisecond
	cfg.MailFollowUpChunk = 7      // a follow-up to a few dozen is queued in several transactions
	cfg.RegistrationsPerMinute = 0 // every registrant here comes from one address
	env := apitest.NewWithConfig(t, cfg)
	f := fixture{env: env, mp: mp, org: env.SignedIn(t, accounts.RoleOrganiser)}
	f.event = f.createEvent(t, "mail-event", capacity)
	return f
}

func (f fixture) createEvent(t *testing.T, slug string, capacity any) events.Detail {
	t.Helper()
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
	var d events.Detail
	f.org.Post(t, "/api/v1/manage/events", map[string]any{"slug": slug, "title": "Early intervention <at scale>",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 60, "timezone": "Europe/London", "capacity": capacity}).
		WantStatus(t, http.StatusCreated).JSON(t, &d)
	var p events.Person
	f.org.Post(t, "/api/v1/manage/people", map[string]any{"name": "Dr Jane Doe", "organisation": "NHS England"}).
		WantStatus(t, http.StatusCreated).JSON(t, &p)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + d.ID + "/speakers",
		Body: map[string]any{"speakers": []map[string]any{{"person_id": p.ID, "role": "chair"}}}}).WantStatus(t, http.StatusOK)
	f.org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK).JSON(t, &d)
	return d
}

func (f fixture) manage(path string) string { return "/api/v1/manage/events/" + f.event.ID + path }

func (f fixture) register(t *testing.T, email string) {
	t.Helper()
	f.env.Client().Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", map[string]any{
		"first_name": "Ada <b>", "last_name": "Lovelace", "email": email, "sector": "local_government"}).
		WantStatus(t, http.StatusAccepted)
}

func (f fixture) registrationID(t *testing.T, email string) string {
	t.Helper()
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `SELECT id FROM registrations WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// settle waits until no message is waiting to go.
func (f fixture) settle(t *testing.T) {
	t.Helper()
	f.env.SettleOutbox(t)
}

// inbox is what mailpit received for to, oldest first.
func (f fixture) inbox(t *testing.T, to string) []mailtest.Message {
	t.Helper()
	return f.mp.Inbox(t, to)
}

// subjects lists the subjects of what to received.
func (f fixture) subjects(t *testing.T, to string) []string {
	t.Helper()
	var s []string
	for _, m := range f.inbox(t, to) {
		s = append(s, m.Subject)
	}
	return s
}

// only returns the single message to `to` whose subject starts so.
func (f fixture) only(t *testing.T, to, subject string) mailtest.Message {
	t.Helper()
	var found []mailtest.Message
	for _, m := range f.inbox(t, to) {
		if strings.HasPrefix(m.Subject, subject) {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d messages to %s starting %q; all: %q", len(found), to, subject, f.subjects(t, to))
	}
	return found[0]
}

// invite parses a message's calendar attachment with go-ical (not the
// library that wrote it) and returns METHOD and the event's properties.
func (f fixture) invite(t *testing.T, m mailtest.Message) (method string, event *ical.Component) {
	t.Helper()
	for _, a := range m.Attachments {
		if a.FileName != "invite.ics" {
			continue
		}
		cal, err := ical.NewDecoder(bytes.NewReader(f.mp.Attachment(t, m.ID, a.PartID))).Decode()
		if err != nil {
			t.Fatalf("invite of %q: %v", m.Subject, err)
		}
		for _, c := range cal.Children {
			if c.Name == ical.CompEvent {
				return cal.Props.Get(ical.PropMethod).Value, c
			}
		}
	}
	t.Fatalf("no invite.ics with %q (attachments %+v)", m.Subject, m.Attachments)
	return "", nil
}

var manageLink = regexp.MustCompile(`/r/([A-Za-z0-9_-]{20,})`)

func TestRegistrationMessagesArriveWithInvitesAndWorkingLinks(t *testing.T) {
	f := newFixture(t, 1)
	f.register(t, "ada@example.org")
	f.register(t, "bob@example.org")
	f.settle(t)

	confirmation := f.only(t, "ada@example.org", "Your place at Early intervention <at scale> is confirmed")
	method, ev := f.invite(t, confirmation)
	if method != "REQUEST" || ev.Props.Get(ical.PropUID).Value != events.CalendarUID(f.event.ID) ||
		ev.Props.Get(ical.PropSequence).Value != "0" || ev.Props.Get(ical.PropDateTimeStart).Params.Get(ical.ParamTimezoneID) != "Europe/London" {
		t.Errorf("invite: METHOD %s, UID %s, SEQUENCE %s, DTSTART %+v", method, ev.Props.Get(ical.PropUID).Value,
			ev.Props.Get(ical.PropSequence).Value, ev.Props.Get(ical.PropDateTimeStart))
	}
	if !strings.Contains(confirmation.Text, "Dr Jane Doe (Chair), NHS England") || !strings.Contains(confirmation.Text, "(Europe/London)") {
		t.Errorf("confirmation text lacks the speaker or the zone:\n%s", confirmation.Text)
	}
	// Untrusted text is escaped in the HTML part.
	if strings.Contains(confirmation.HTML, "<b>") || strings.Contains(confirmation.HTML, "<at scale>") ||
		!strings.Contains(confirmation.HTML, "Ada &lt;b&gt;") {
		t.Errorf("HTML part does not escape the registrant's name or the title:\n%s", confirmation.HTML)
	}
	if h := confirmation.Headers["List-Unsubscribe"]; len(h) != 0 {
		t.Errorf("a confirmation carries List-Unsubscribe %q; transactional messages must not", h)
	}
	link := manageLink.FindStringSubmatch(confirmation.Text)
	if link == nil {
		t.Fatalf("no manage link in:\n%s", confirmation.Text)
	}
	attendee := f.env.Client()
	bearer := http.Header{"Authorization": {"Bearer " + link[1]}}
	attendee.Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/registration", Header: bearer}).WantStatus(t, http.StatusOK)

	waitlisted := f.only(t, "bob@example.org", "You are on the waiting list")
	if len(waitlisted.Attachments) != 0 {
		t.Errorf("the waitlisted message carries %d attachments", len(waitlisted.Attachments))
	}

	// A repeat sends the link again: the same, working one.
	f.register(t, "ADA@example.org")
	f.settle(t)
	again := manageLink.FindStringSubmatch(f.only(t, "ada@example.org", "Your link for").Text)
	if again == nil || again[1] != link[1] {
		t.Fatalf("the repeat's message has another link: %v, want %s", again, link[1])
	}
	attendee.Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/registration", Header: bearer}).WantStatus(t, http.StatusOK)

	// Cancelling removes the event from Ada's calendar and promotes Bob.
	attendee.Do(t, apitest.Request{Method: http.MethodPost, Path: "/api/v1/registration/cancel", Header: bearer}).WantStatus(t, http.StatusOK)
	f.settle(t)
	if method, _ := f.invite(t, f.only(t, "ada@example.org", "You have cancelled")); method != "CANCEL" {
		t.Errorf("cancellation invite METHOD %s", method)
	}
	if method, _ := f.invite(t, f.only(t, "bob@example.org", "A place has come up")); method != "REQUEST" {
		t.Errorf("promotion invite METHOD %s", method)
	}

	// The organiser sees every message, sent, with what it said.
	var page struct {
		mail.MessagePage
		MailServer bool `json:"mail_server"`
	}
	f.org.Get(t, f.manage("/messages?status=sent")).WantStatus(t, http.StatusOK).JSON(t, &page)
	if !page.MailServer {
		t.Error("with SMTP_URL set, the outbox says there is no mail server")
	}
	if len(page.Items) != 5 {
		t.Errorf("%d sent messages in the outbox, want 5: %+v", len(page.Items), page.Items)
	}
	var detail mail.MessageDetail
	f.org.Get(t, f.manage("/messages/"+page.Items[0].ID)).WantStatus(t, http.StatusOK).JSON(t, &detail)
	if detail.Text == "" || detail.HTML == "" || detail.SentAt == nil || !strings.HasPrefix(detail.ProviderMessageID, "outbox-") {
		t.Errorf("sent message detail: %+v", detail)
	}
	f.org.Get(t, f.manage("/registrations/"+f.registrationID(t, "bob@example.org")+"/messages")).
		WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) != 2 || page.Items[0].Kind != notice.KindPromoted {
		t.Errorf("Bob's messages: %+v", page.Items)
	}
}

func TestApprovalMessages(t *testing.T) {
	f := newFixture(t, nil)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/registration-settings"),
		Body: map[string]any{"approval": "manual", "approved_domains": []string{}}}).WantStatus(t, http.StatusOK)
	f.register(t, "yes@example.org")
	f.register(t, "no@example.org")
	f.org.Post(t, f.manage("/registrations/"+f.registrationID(t, "yes@example.org")+"/approve"), nil).WantStatus(t, http.StatusOK)
	f.org.Post(t, f.manage("/registrations/"+f.registrationID(t, "no@example.org")+"/reject"), nil).WantStatus(t, http.StatusOK)
	f.settle(t)
	// Two jobs send these, so either may arrive first.
	if got := f.subjects(t, "yes@example.org"); len(got) != 2 ||
		!slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "We have your registration") }) ||
		!slices.Contains(got, "Your registration for Early intervention <at scale> is approved") {
		t.Errorf("approved registrant got %q", got)
	}
	if method, _ := f.invite(t, f.only(t, "yes@example.org", "Your registration for Early intervention <at scale> is approved")); method != "REQUEST" {
		t.Errorf("approval invite METHOD %s", method)
	}
	rejected := f.only(t, "no@example.org", "Your registration for Early intervention <at scale>")
	if !strings.Contains(rejected.Text, "could not offer you a place") || len(rejected.Attachments) != 0 {
		t.Errorf("rejection: %q with %d attachments", rejected.Text, len(rejected.Attachments))
	}
}

func TestTimeChangeAndCancellationReachActiveRegistrants(t *testing.T) {
	f := newFixture(t, 1)
	f.register(t, "in@example.org")
	f.register(t, "waiting@example.org")
	f.register(t, "gone@example.org")
	f.org.Post(t, f.manage("/registrations/"+f.registrationID(t, "gone@example.org")+"/cancel"), nil).WantStatus(t, http.StatusOK)
	later := f.event.StartsAt.Add(time.Hour)
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: f.manage(""), Body: map[string]any{"starts_at": later.Format(time.RFC3339)}}).
		WantStatus(t, http.StatusOK)
	f.settle(t)
	for _, to := range []string{"in@example.org", "waiting@example.org"} {
		changed := f.only(t, to, "New time: Early intervention <at scale>")
		method, ev := f.invite(t, changed)
		if method != "REQUEST" || ev.Props.Get(ical.PropSequence).Value != "1" {
			t.Errorf("%s: time change invite METHOD %s SEQUENCE %s", to, method, ev.Props.Get(ical.PropSequence).Value)
		}
		if !strings.Contains(changed.Text, later.In(mustZone(t, "Europe/London")).Format("15:04")) {
			t.Errorf("%s: the message does not give the new time:\n%s", to, changed.Text)
		}
	}
	if got := f.subjects(t, "gone@example.org"); slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "New time") }) {
		t.Errorf("a cancelled registrant was told of the new time: %q", got)
	}

	f.org.Post(t, f.manage("/cancel"), nil).WantStatus(t, http.StatusOK)
	f.settle(t)
	for _, to := range []string{"in@example.org", "waiting@example.org"} {
		method, ev := f.invite(t, f.only(t, to, "Cancelled: Early intervention <at scale>"))
		if method != "CANCEL" || ev.Props.Get(ical.PropUID).Value != events.CalendarUID(f.event.ID) {
			t.Errorf("%s: cancellation METHOD %s UID %s", to, method, ev.Props.Get(ical.PropUID).Value)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// runDue makes the event's scheduled jobs of kind due now and waits for
// what they queue to go.
func (f fixture) runDue(t *testing.T, kind string) {
	t.Helper()
	_, err := f.env.DB.Exec(context.Background(), `
		UPDATE river_job SET scheduled_at = now(), state = 'available'
		WHERE kind = $1 AND state IN ('scheduled', 'available') AND args->>'event_id' = $2`, kind, f.event.ID)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var pending int
		if err := f.env.DB.QueryRow(context.Background(), `
			SELECT count(*) FROM river_job WHERE kind = $1 AND args->>'event_id' = $2 AND state IN ('available', 'running', 'retryable')`,
			kind, f.event.ID).Scan(&pending); err != nil {
			t.Fatal(err)
		}
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s jobs still pending", kind)
		}
		time.Sleep(50 * time.Millisecond)
	}
	f.settle(t)
}

func TestRemindersGoToConfirmedRegistrantsAtTheSetTimes(t *testing.T) {
	f := newFixture(t, 1)
	f.register(t, "in@example.org")
	f.register(t, "waiting@example.org")
	var jobs []struct {
		Minutes int
		At      time.Time
	}
	rows, err := f.env.DB.Query(context.Background(), `
		SELECT (args->>'minutes')::int, scheduled_at FROM river_job WHERE kind = 'mail_reminder' ORDER BY scheduled_at`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var j struct {
			Minutes int
			At      time.Time
		}
		if err := rows.Scan(&j.Minutes, &j.At); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	if len(jobs) != 2 || jobs[0].Minutes != 1440 || !jobs[0].At.Equal(f.event.StartsAt.Add(-24*time.Hour)) ||
		jobs[1].Minutes != 60 || !jobs[1].At.Equal(f.event.StartsAt.Add(-time.Hour)) {
		t.Fatalf("reminders scheduled: %+v (event starts %s)", jobs, f.event.StartsAt)
	}
	// The organiser keeps only a 2-hour reminder.
	var s mail.Settings
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/mail-settings"),
		Body: map[string]any{"reminder_minutes": []int{120}, "follow_up": true, "follow_up_wait_hours": 24}}).
		WantStatus(t, http.StatusOK).JSON(t, &s)
	f.runDue(t, "mail_reminder")
	if got := f.subjects(t, "in@example.org"); len(got) != 2 || got[1] != "Reminder: Early intervention <at scale> starts in 2 hours" {
		t.Errorf("confirmed registrant got %q", got)
	}
	if got := f.subjects(t, "waiting@example.org"); len(got) != 1 {
		t.Errorf("waitlisted registrant got %q; reminders are for the confirmed", got)
	}
}

func TestSettingsValidation(t *testing.T) {
	f := newFixture(t, nil)
	var s mail.Settings
	f.org.Get(t, f.manage("/mail-settings")).WantStatus(t, http.StatusOK).JSON(t, &s)
	if !slices.Equal(s.ReminderMinutes, []int{1440, 60}) || !s.FollowUp || s.FollowUpWaitHours != 72 {
		t.Errorf("defaults: %+v", s)
	}
	p := f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/mail-settings"),
		Body: map[string]any{"reminder_minutes": []int{1}, "follow_up": true, "follow_up_wait_hours": 24}}).
		WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["reminder_minutes"] == "" {
		t.Errorf("problem: %+v", p)
	}
	moderator := f.env.SignedIn(t, accounts.RoleModerator)
	moderator.Get(t, f.manage("/mail-settings")).WantStatus(t, http.StatusOK)
	moderator.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/mail-settings"),
		Body: map[string]any{"reminder_minutes": []int{60}, "follow_up": true, "follow_up_wait_hours": 24}}).WantStatus(t, http.StatusForbidden)
	f.env.Client().Get(t, f.manage("/messages")).WantStatus(t, http.StatusUnauthorized)
}

// The mailer keeps each event's details between messages; a speaker's new
// name must still be in the very next message.
func TestARenamedSpeakerIsInTheNextMessage(t *testing.T) {
	f := newFixture(t, nil)
	f.register(t, "first@example.org")
	f.settle(t)
	subject := "Your place at Early intervention <at scale> is confirmed"
	if m := f.only(t, "first@example.org", subject); !strings.Contains(m.Text, "Dr Jane Doe (Chair)") {
		t.Fatalf("the first confirmation lacks the speaker:\n%s", m.Text)
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/people/" + f.event.Speakers[0].PersonID,
		Body: map[string]any{"name": "Professor Jane Doe", "organisation": "NHS England"}}).WantStatus(t, http.StatusOK)
	f.register(t, "second@example.org")
	f.settle(t)
	if m := f.only(t, "second@example.org", subject); !strings.Contains(m.Text, "Professor Jane Doe (Chair)") {
		t.Errorf("the confirmation after the rename shows the old name:\n%s", m.Text)
	}
}
