package mail_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"plenary/internal/mail"
)

// The confirmation and the reminders carry the registrant's own live-session
// link — in the text, the HTML and the invitation's URL — and it opens
// their live page; the organiser's outbox shows the same link.
func TestConfirmationAndReminderCarryTheLiveLink(t *testing.T) {
	f := newFixture(t, 1)
	f.register(t, "ada@example.org")
	f.register(t, "bob@example.org") // waitlisted: no live link
	f.settle(t)
	adaID := f.registrationID(t, "ada@example.org")
	liveURL := f.env.Config.BaseURL + "/live/" + f.env.App.Keys.Live(adaID)

	confirmation := f.only(t, "ada@example.org", "Your place at Early intervention <at scale> is confirmed")
	if !strings.Contains(confirmation.Text, "Join the live session (your own link; please do not share it): "+liveURL) {
		t.Errorf("confirmation text lacks the live link %s:\n%s", liveURL, confirmation.Text)
	}
	if !strings.Contains(confirmation.HTML, `href="`+liveURL+`"`) {
		t.Errorf("confirmation HTML lacks the live link %s:\n%s", liveURL, confirmation.HTML)
	}
	if _, ev := f.invite(t, confirmation); ev.Props.Get(ical.PropURL).Value != liveURL {
		t.Errorf("invitation URL %q, want the live link %s", ev.Props.Get(ical.PropURL).Value, liveURL)
	}
	f.env.Client().Get(t, "/api/v1/live/"+f.env.App.Keys.Live(adaID)).WantStatus(t, http.StatusOK)

	waitlisted := f.only(t, "bob@example.org", "You are on the waiting list")
	if strings.Contains(waitlisted.Text, "/live/") || strings.Contains(waitlisted.HTML, "/live/") {
		t.Errorf("the waiting-list message carries a live link:\n%s", waitlisted.Text)
	}

	f.runDue(t, "mail_reminder")
	f.settle(t)
	for _, reminder := range f.inbox(t, "ada@example.org")[1:] {
		if !strings.HasPrefix(reminder.Subject, "Reminder:") {
			t.Fatalf("not a reminder: %q", reminder.Subject)
		}
		if strings.Contains(reminder.Text, "Join from the event page") || !strings.Contains(reminder.Text, liveURL) ||
			!strings.Contains(reminder.HTML, `href="`+liveURL+`"`) {
			t.Errorf("%q lacks the live link:\n%s\n%s", reminder.Subject, reminder.Text, reminder.HTML)
		}
	}
	if n := len(f.inbox(t, "ada@example.org")); n != 3 {
		t.Errorf("%d messages to Ada, want the confirmation and two reminders", n)
	}

	// What the outbox stored (a form letter and its values) says the same.
	var page mail.MessagePage
	f.org.Get(t, f.manage("/registrations/"+adaID+"/messages")).WantStatus(t, http.StatusOK).JSON(t, &page)
	for _, item := range page.Items {
		var detail mail.MessageDetail
		f.org.Get(t, f.manage("/messages/"+item.ID)).WantStatus(t, http.StatusOK).JSON(t, &detail)
		if !strings.Contains(detail.Text, liveURL) || !strings.Contains(detail.HTML, liveURL) {
			t.Errorf("stored %s lacks the live link:\n%s", detail.Kind, detail.Text)
		}
	}
	var forms int
	if err := f.env.DB.QueryRow(context.Background(), `SELECT count(*) FROM outbox WHERE form IS NOT NULL AND fill[3] = $1`,
		f.env.App.Keys.Live(adaID)).Scan(&forms); err != nil || forms != 3 {
		t.Errorf("%d of Ada's messages stored as form letters with the live token (%v), want 3", forms, err)
	}
}
