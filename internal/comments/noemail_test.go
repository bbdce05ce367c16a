package comments_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"plenary/internal/comments"
)

// No public answer of the comments routes, nor the public event page (its
// API, its calendar file, its replay, the lists and the rendered page),
// nor a message to anyone else, holds a commenter's email, whatever
// happened to the comments: published in each mode, waiting, rejected,
// replied to, confirmed, deleted. A moderator does see them, in the queue.
func TestNoPublicResponseHoldsACommentersEmail(t *testing.T) {
	f := newFixture(t, 0)
	emails := []string{"ada.secret@example.org", "bob.hidden@example.net", "cy.private@example.com", "dee.quiet@example.org"}
	f.setMode(t, comments.ModerationNone)
	f.comment(t, "Ada", emails[0], "Published at once", "")
	ada := only(t, f.threads(t), "Published at once").ID
	f.keep(f.public.Post(t, "/api/v1/comments/"+link(t, f.inbox(t, emails[0])[0], "confirm")+"/confirm", nil)).
		WantStatus(t, http.StatusNoContent)
	f.comment(t, "Bob", emails[1], "Bob replies", ada)
	f.org.Post(t, f.manage("/comments/"+ada+"/reply"), map[string]any{"body": "The organiser replies"}).
		WantStatus(t, http.StatusCreated)
	f.setMode(t, comments.ModerationAll)
	f.comment(t, "Cy", emails[2], "Waiting", "")
	f.comment(t, "Dee", emails[3], "To be rejected", "")
	f.moderate(t, f.pendingID(t, "To be rejected"), "reject")
	f.comment(t, "Dee", emails[3], "Dee deletes this", "")
	f.moderate(t, f.pendingID(t, "Dee deletes this"), "approve")
	for _, m := range f.inbox(t, emails[3]) {
		if strings.Contains(m.Text, "Dee deletes this") {
			f.keep(f.public.Post(t, "/api/v1/comments/"+link(t, m, "delete")+"/delete", nil)).WantStatus(t, http.StatusNoContent)
		}
	}
	f.setMode(t, comments.ModerationFirst)
	f.comment(t, "Cy", emails[2], "First mode", "")

	// Every page of the public list, one thread a page.
	path := f.commentsPath() + "?limit=1"
	for pages := 0; ; pages++ {
		var p comments.ThreadPage
		f.keep(f.public.Get(t, path)).WantStatus(t, http.StatusOK).JSON(t, &p)
		if p.NextCursor == nil {
			if pages != 1 { // Ada's thread and Dee's deleted one
				t.Errorf("%d pages of threads, want 2", pages+1)
			}
			break
		}
		path = f.commentsPath() + "?limit=1&cursor=" + *p.NextCursor
	}
	for _, path := range []string{"/api/v1/events/" + f.event.Slug, "/api/v1/events/" + f.event.Slug + "/calendar.ics",
		"/api/v1/events/" + f.event.Slug + "/replay",
		"/api/v1/events?when=past", "/api/v1/events?q=intervention"} {
		f.keep(f.public.Get(t, path)).WantStatus(t, http.StatusOK)
	}
	f.keep(f.public.Get(t, f.commentsPath()+"?cursor=forged")).WantStatus(t, http.StatusBadRequest)
	resp, err := http.Get(f.env.URL + "/events/" + f.event.Slug)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	*f.seen = append(*f.seen, page)

	for _, body := range *f.seen {
		lower := strings.ToLower(string(body))
		for _, e := range emails {
			if strings.Contains(lower, e) || strings.Contains(lower, strings.SplitN(e, "@", 2)[0]) {
				t.Errorf("a public response holds %s:\n%s", e, body)
			}
		}
	}
	// What Ada was told of Bob's reply names Bob, never his address.
	for _, m := range f.inbox(t, emails[0]) {
		for _, e := range emails[1:] {
			if strings.Contains(m.Text+m.HTML+strings.Join(m.To, " "), e) {
				t.Errorf("%q to Ada holds %s", m.Subject, e)
			}
		}
	}
	if n := len(f.inbox(t, emails[0])); n != 3 {
		t.Errorf("%d messages to Ada, want hers and the notices of Bob's and the organiser's replies", n)
	}
	// The moderators' queue is where emails are seen.
	var seen []string
	for _, status := range []string{"pending", "approved", "rejected"} {
		for _, c := range f.queue(t, status) {
			seen = append(seen, c.Email)
		}
	}
	for _, e := range emails[:3] {
		if !strings.Contains(strings.Join(seen, " "), e) {
			t.Errorf("moderators do not see %s in %q", e, seen)
		}
	}
}

// The public and attendees never reach the moderators' routes; moderators
// read and moderate but do not change the mode; nobody but moderators sees
// a waiting comment.
func TestModerationRoutesNeedStaff(t *testing.T) {
	f := newFixture(t, 0)
	f.comment(t, "Ada", "ada@example.org", "Waiting", "")
	id := f.pendingID(t, "Waiting")
	for _, path := range []string{f.manage("/comments"), f.manage("/comments/settings")} {
		f.public.Get(t, path).WantStatus(t, http.StatusUnauthorized)
	}
	f.public.Post(t, f.manage("/comments/"+id+"/approve"), nil).WantStatus(t, http.StatusUnauthorized)
	f.mod.Do(t, apitestPut(f.manage("/comments/settings"), map[string]any{"moderation": "none"})).WantStatus(t, http.StatusForbidden)
	f.org.Do(t, apitestPut(f.manage("/comments/settings"), map[string]any{"moderation": "sometimes"})).WantStatus(t, http.StatusUnprocessableEntity)
	f.mod.Get(t, f.manage("/comments?status=spam")).WantStatus(t, http.StatusUnprocessableEntity)
	f.mod.Post(t, f.manage("/comments/"+id+"/approve-all"), nil).WantStatus(t, http.StatusNotFound)
	f.mod.Post(t, "/api/v1/manage/events/"+id+"/comments/"+id+"/approve", nil).WantStatus(t, http.StatusNotFound)
	if len(f.threads(t).Items) != 0 {
		t.Error("the public sees a waiting comment")
	}
	var s comments.Settings
	f.mod.Get(t, f.manage("/comments/settings")).WantStatus(t, http.StatusOK).JSON(t, &s)
	if s.Moderation != comments.ModerationAll {
		t.Errorf("default moderation %q, want all", s.Moderation)
	}
}
