package mailtest_test

import (
	"bytes"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wneessen/go-mail"

	"plenary/internal/mail/mailtest"
)

// invite is a minimal calendar invitation, as a confirmation email carries.
const invite = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Plenary//mailtest//EN\r\nMETHOD:REQUEST\r\n" +
	"BEGIN:VEVENT\r\nUID:early-intervention@plenary.test\r\nDTSTAMP:20220601T090000Z\r\n" +
	"DTSTART:20220623T090000Z\r\nDTEND:20220623T101500Z\r\nSUMMARY:Early intervention\r\n" +
	"END:VEVENT\r\nEND:VCALENDAR\r\n"

func TestDelivery(t *testing.T) {
	srv := mailtest.Start(t)

	confirmation := newMsg(t, "ada@example.org", "You are registered: Early intervention", "See you on 23 June.")
	confirmation.SetGenHeader("X-Plenary-Event", "early-intervention")
	if err := confirmation.AttachReader("invite.ics", strings.NewReader(invite),
		mail.WithFileContentType(`text/calendar; method=REQUEST`)); err != nil {
		t.Fatal(err)
	}
	reminder := newMsg(t, "grace@example.org", "Starting in one hour", "The webinar starts at 10:00.")
	send(t, srv, confirmation, reminder)

	got := srv.WaitFor(t, 2, 5*time.Second)
	if len(got) != 2 {
		t.Fatalf("got %d messages, want 2", len(got))
	}
	first, second := got[0], got[1]
	if !slices.Equal(first.To, []string{"ada@example.org"}) || first.Subject != "You are registered: Early intervention" ||
		first.Attachments != 1 || first.From != "events@plenary.test" {
		t.Errorf("first summary = %+v", first)
	}
	if !slices.Equal(second.To, []string{"grace@example.org"}) || second.Subject != "Starting in one hour" ||
		second.Attachments != 0 {
		t.Errorf("second summary = %+v", second)
	}

	checkConfirmation(t, srv, first)
	if text := srv.Message(t, second.ID).Text; strings.TrimSpace(text) != "The webinar starts at 10:00." {
		t.Errorf("second text = %q", text)
	}

	srv.DeleteAll(t)
	if left := srv.Messages(t); len(left) != 0 {
		t.Errorf("after DeleteAll: %d messages left", len(left))
	}
}

// checkConfirmation reads the confirmation back in full: its own header,
// its text and the invitation's exact bytes.
func checkConfirmation(t *testing.T, srv *mailtest.Server, first mailtest.Summary) {
	t.Helper()
	msg := srv.Message(t, first.ID)
	if got := msg.Headers["X-Plenary-Event"]; !slices.Equal(got, []string{"early-intervention"}) {
		t.Errorf("X-Plenary-Event = %q; headers %v", got, msg.Headers)
	}
	if got := msg.Headers["Message-Id"]; len(got) != 1 || !strings.Contains(got[0], first.MessageID) {
		t.Errorf("Message-Id header %q does not hold summary's MessageID %q", got, first.MessageID)
	}
	if strings.TrimSpace(msg.Text) != "See you on 23 June." {
		t.Errorf("text = %q", msg.Text)
	}
	if len(msg.Attachments) != 1 {
		t.Fatalf("attachments = %+v, want one", msg.Attachments)
	}
	ics := msg.Attachments[0]
	if ics.FileName != "invite.ics" || ics.ContentType != "text/calendar" || ics.Size != len(invite) {
		t.Errorf("attachment = %+v", ics)
	}
	if body := srv.Attachment(t, first.ID, ics.PartID); string(body) != invite {
		t.Errorf("attachment bytes = %q, want %q", body, invite)
	}
	// mailpit reports the media type alone; the method parameter that mail
	// clients need to show an invitation is only in the raw message.
	if raw := srv.Raw(t, first.ID); !bytes.Contains(raw, []byte("Content-Type: text/calendar; method=REQUEST")) {
		t.Errorf("raw message lacks the calendar method:\n%s", raw)
	}
}

func TestStopRestart(t *testing.T) {
	srv := mailtest.Start(t)
	send(t, srv, newMsg(t, "ada@example.org", "before", "sent before the stop"))

	srv.Stop()
	err := client(t, srv).DialAndSend(newMsg(t, "ada@example.org", "lost", "sent while stopped"))
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("send to a stopped server: err = %v, want connection refused", err)
	}

	srv.Restart()
	send(t, srv, newMsg(t, "ada@example.org", "after", "sent after the restart"))

	got := srv.WaitFor(t, 2, 5*time.Second)
	var subjects []string
	for _, m := range got {
		subjects = append(subjects, m.Subject)
	}
	if !slices.Equal(subjects, []string{"before", "after"}) {
		t.Errorf("subjects = %q, want [before after]", subjects)
	}
}

func TestMessagesPages(t *testing.T) {
	srv := mailtest.Start(t)
	const n = 230 // more than one page of the API
	msgs := make([]*mail.Msg, n)
	for i := range msgs {
		msgs[i] = newMsg(t, "ada@example.org", "message "+strconv.Itoa(i), "body")
	}
	send(t, srv, msgs...)

	got := srv.WaitFor(t, n, 10*time.Second)
	if len(got) != n {
		t.Fatalf("got %d messages, want %d", len(got), n)
	}
	for i, m := range got {
		if want := "message " + strconv.Itoa(i); m.Subject != want {
			t.Fatalf("message %d is %q, want %q: not in sending order", i, m.Subject, want)
		}
	}
}

func newMsg(t *testing.T, to, subject, text string) *mail.Msg {
	t.Helper()
	m := mail.NewMsg()
	if err := m.From("events@plenary.test"); err != nil {
		t.Fatal(err)
	}
	if err := m.To(to); err != nil {
		t.Fatal(err)
	}
	m.Subject(subject)
	m.SetBodyString(mail.TypeTextPlain, text)
	return m
}

func send(t *testing.T, srv *mailtest.Server, msgs ...*mail.Msg) {
	t.Helper()
	if err := client(t, srv).DialAndSend(msgs...); err != nil {
		t.Fatalf("send: %v", err)
	}
}

// client logs in with made-up credentials: mailpit accepts any, and
// production SMTP servers require them, so the login path is exercised.
func client(t *testing.T, srv *mailtest.Server) *mail.Client {
	t.Helper()
	u, err := url.Parse(srv.SMTPURL)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	c, err := mail.NewClient(u.Hostname(), mail.WithPort(port), mail.WithTLSPolicy(mail.NoTLS),
		mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername("plenary"), mail.WithPassword("secret"),
		mail.WithTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return c
}
