package events_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/mail"
	"plenary/internal/notice"
)

const cancelMessage = "Our chair is unwell.\nWe will run the panel in the spring; registrants will hear first."

// A cancelled event stays at its public URL and says so; drafts and events
// never published stay unknown.
func TestCancelledEventStaysReachableAndSaysSo(t *testing.T) {
	env := apitest.New(t)
	other := env.Sibling(t) // a second process with its own page cache
	org := env.SignedIn(t, accounts.RoleOrganiser)
	public, elsewhere := env.Client(), other.Client()
	d := createEvent(t, org, validEvent("called-off", time.Now().Add(48*time.Hour)))
	base := "/api/v1/manage/events/" + d.ID
	org.Post(t, base+"/publish", nil).WantStatus(t, http.StatusOK)
	public.Post(t, "/api/v1/events/called-off/registrations", map[string]any{
		"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "sector": "other"}).WantStatus(t, http.StatusAccepted)
	before := public.Get(t, "/api/v1/events/called-off").WantStatus(t, http.StatusOK)
	elsewhere.Get(t, "/api/v1/events/called-off").WantStatus(t, http.StatusOK) // cached in the other process

	org.Post(t, base+"/cancel", map[string]any{"message": strings.Repeat("x", 2001)}).WantStatus(t, http.StatusUnprocessableEntity)
	var cancelled events.Detail
	org.Post(t, base+"/cancel", map[string]any{"message": "  " + cancelMessage + " "}).WantStatus(t, http.StatusOK).JSON(t, &cancelled)
	if cancelled.Status != events.StatusCancelled || cancelled.CancellationMessage != cancelMessage {
		t.Fatalf("after cancelling: %s %q", cancelled.Status, cancelled.CancellationMessage)
	}

	t.Run("the page says cancelled, with the message, and a new ETag", func(t *testing.T) {
		r := public.Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/events/called-off",
			Header: http.Header{"If-None-Match": {before.Header.Get("ETag")}}}).WantStatus(t, http.StatusOK)
		var p events.PublicEvent
		r.JSON(t, &p)
		if p.Status != events.StatusCancelled || p.CancellationMessage != cancelMessage || p.Title != "Early intervention" {
			t.Errorf("public page: %s %q %q", p.Status, p.CancellationMessage, p.Title)
		}
		deadline := time.Now().Add(10 * time.Second) // a bound, not a speed requirement
		for !strings.Contains(string(elsewhere.Get(t, "/api/v1/events/called-off").WantStatus(t, http.StatusOK).Body), `"status":"cancelled"`) {
			if time.Now().After(deadline) {
				t.Fatal("the other process still serves the event as published")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	t.Run("the HTML page's preview says cancelled", func(t *testing.T) {
		resp, err := http.Get(env.URL + "/events/called-off")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		html, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(html), "Cancelled: Early intervention") {
			t.Errorf("GET /events/called-off: %d, no cancelled title in\n%s", resp.StatusCode, html)
		}
	})
	t.Run("registering is refused", func(t *testing.T) {
		p := public.Post(t, "/api/v1/events/called-off/registrations", map[string]any{
			"first_name": "Bo", "last_name": "B", "email": "bo@example.org", "sector": "other"}).WantStatus(t, http.StatusConflict).Problem(t)
		if !strings.Contains(p.Detail, "cancelled") {
			t.Errorf("detail %q", p.Detail)
		}
		var form struct {
			Open         bool   `json:"open"`
			ClosedReason string `json:"closed_reason"`
		}
		public.Get(t, "/api/v1/events/called-off/registration-form").WantStatus(t, http.StatusOK).JSON(t, &form)
		if form.Open || !strings.Contains(form.ClosedReason, "cancelled") {
			t.Errorf("form %+v", form)
		}
	})
	t.Run("the calendar file withdraws the event under the invitation's UID and SEQUENCE", func(t *testing.T) {
		ics := string(public.Get(t, "/api/v1/events/called-off/calendar.ics").WantStatus(t, http.StatusOK).Body)
		for _, want := range []string{"STATUS:CANCELLED", "UID:" + events.CalendarUID(d.ID), "SEQUENCE:1"} {
			if !strings.Contains(ics, want+"\r\n") {
				t.Errorf("calendar lacks %s:\n%s", want, ics)
			}
		}
		if cancelled.Sequence != 1 {
			t.Errorf("sequence %d after cancelling, want 1", cancelled.Sequence)
		}
	})
	t.Run("the lists leave it out", func(t *testing.T) {
		for _, query := range []string{"?when=upcoming", "?when=past", ""} {
			var list events.ListPage
			public.Get(t, "/api/v1/events"+query).WantStatus(t, http.StatusOK).JSON(t, &list)
			if len(list.Items) != 0 {
				t.Errorf("%q lists %+v", query, list.Items)
			}
		}
	})
	t.Run("the registrants' email carries the same message", func(t *testing.T) {
		var page mail.MessagePage
		org.Get(t, base+"/messages").WantStatus(t, http.StatusOK).JSON(t, &page)
		for _, m := range page.Items {
			if m.Kind != notice.KindEventCancelled {
				continue
			}
			var detail mail.MessageDetail
			org.Get(t, base+"/messages/"+m.ID).WantStatus(t, http.StatusOK).JSON(t, &detail)
			for _, line := range strings.Split(cancelMessage, "\n") {
				if !strings.Contains(detail.Text, line) || !strings.Contains(detail.HTML, line) {
					t.Errorf("the cancellation email lacks %q:\n%s\n%s", line, detail.Text, detail.HTML)
				}
			}
			return
		}
		t.Errorf("no event_cancelled message in %+v", page.Items)
	})

	t.Run("drafts and events never published stay unknown", func(t *testing.T) {
		draft := createEvent(t, org, validEvent("never-shown", time.Now().Add(48*time.Hour)))
		org.Post(t, "/api/v1/manage/events/"+draft.ID+"/cancel", map[string]any{}).WantStatus(t, http.StatusOK)
		createEvent(t, org, validEvent("still-draft", time.Now().Add(48*time.Hour)))
		for _, slug := range []string{"never-shown", "still-draft"} {
			for _, path := range []string{"", "/calendar.ics", "/registration-form"} {
				public.Get(t, "/api/v1/events/"+slug+path).WantStatus(t, http.StatusNotFound)
			}
			public.Post(t, "/api/v1/events/"+slug+"/registrations", map[string]any{
				"first_name": "Bo", "last_name": "B", "email": "bo@example.org", "sector": "other"}).WantStatus(t, http.StatusNotFound)
		}
	})
}
