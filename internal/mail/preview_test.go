package mail_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/mail"
)

// An email's HTML part is previewed from a route of its own whose policy
// lets the email's inline styles apply and nothing else run, inside a
// frame of the organiser's own pages only.
func TestEmailPreviewsAreServedWithAPolicyOfTheirOwn(t *testing.T) {
	f := newFixture(t, 10)
	f.register(t, "ada@example.org")
	var page mail.MessagePage
	f.org.Get(t, f.manage("/messages")).WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) == 0 {
		t.Fatal("no message in the outbox")
	}
	stored := f.manage("/messages/" + page.Items[0].ID + "/preview.html")
	var detail mail.MessageDetail
	f.org.Get(t, f.manage("/messages/"+page.Items[0].ID)).WantStatus(t, http.StatusOK).JSON(t, &detail)
	draft := f.manage("/broadcasts/preview.html?" + url.Values{"segment": {"everyone"}, "subject": {"The slides are up"},
		"body": {"The **slides** are on the event page."}}.Encode())

	wantPreview := func(t *testing.T, path string, r []byte, header http.Header, contains string) {
		t.Helper()
		if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q, want text/html", path, ct)
		}
		const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'; sandbox"
		if got := header.Get("Content-Security-Policy"); got != csp {
			t.Errorf("GET %s: Content-Security-Policy %q, want %q", path, got, csp)
		}
		if got := header.Get("X-Frame-Options"); got != "SAMEORIGIN" {
			t.Errorf("GET %s: X-Frame-Options %q, want SAMEORIGIN", path, got)
		}
		if got := header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control %q, want no-store", path, got)
		}
		if !strings.Contains(string(r), contains) || !strings.Contains(string(r), `<body style="font-family: Arial`) {
			t.Errorf("GET %s: the email's HTML with %q, got %s", path, contains, r)
		}
	}
	r := f.org.Get(t, stored).WantStatus(t, http.StatusOK)
	wantPreview(t, stored, r.Body, r.Header, "")
	if string(r.Body) != detail.HTML {
		t.Errorf("the stored message's preview is not its HTML part:\n%s\nwant\n%s", r.Body, detail.HTML)
	}
	r = f.org.Get(t, draft).WantStatus(t, http.StatusOK)
	wantPreview(t, draft, r.Body, r.Header, "<strong>slides</strong>")

	// Who may see which: a moderator reads the outbox but writes no message.
	moderator := f.env.SignedIn(t, accounts.RoleModerator)
	moderator.Get(t, stored).WantStatus(t, http.StatusOK)
	moderator.Get(t, draft).WantStatus(t, http.StatusForbidden).Problem(t)
	stranger := f.env.Client()
	stranger.Get(t, stored).WantStatus(t, http.StatusUnauthorized).Problem(t)
	stranger.Get(t, draft).WantStatus(t, http.StatusUnauthorized).Problem(t)

	// A message of another event, no message, and a draft that is not one.
	other := f.createEvent(t, "other-event", 10)
	f.org.Get(t, "/api/v1/manage/events/"+other.ID+"/messages/"+page.Items[0].ID+"/preview.html").
		WantStatus(t, http.StatusNotFound).Problem(t)
	f.org.Get(t, f.manage("/messages/99999999/preview.html")).WantStatus(t, http.StatusNotFound).Problem(t)
	p := f.org.Get(t, f.manage("/broadcasts/preview.html?segment=everyone&subject=&body=x")).
		WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["subject"] == "" {
		t.Errorf("an empty subject: %+v", p)
	}
}
