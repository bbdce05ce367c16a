package comments_test

import (
	"net/http"
	"strings"
	"testing"

	"plenary/internal/comments"
)

// A commenter is emailed a delete link and a confirmation link. A reply
// notice goes to the parent's author only once the reply is approved and
// only if that author confirmed their address; it never holds the
// replier's email. A confirmed address is not asked to confirm again.
func TestReplyNoticeOnlyAfterApprovalAndConfirmation(t *testing.T) {
	f := newFixture(t, 0)
	f.comment(t, "Ada", "ada@example.org", "Ada's question", "")
	f.comment(t, "Cy", "cy@example.org", "Cy's point", "")
	ada, cy := f.pendingID(t, "Ada's question"), f.pendingID(t, "Cy's point")
	received := f.inbox(t, "ada@example.org")
	if len(received) != 1 || !strings.Contains(received[0].Text, "A moderator will read it") {
		t.Fatalf("Ada's messages %+v, want one saying it waits", received)
	}
	confirm := link(t, received[0], "confirm")
	link(t, received[0], "delete")
	f.moderate(t, ada, "approve")
	f.moderate(t, cy, "approve")

	f.keep(f.public.Post(t, "/api/v1/comments/"+confirm+"/confirm", nil)).WantStatus(t, http.StatusNoContent)
	f.keep(f.public.Post(t, "/api/v1/comments/"+confirm+"x/confirm", nil)).WantStatus(t, http.StatusNotFound)
	f.comment(t, "Bob", "bob@example.org", "Bob answers Ada", ada)
	f.comment(t, "Bob", "bob@example.org", "Bob answers Cy", cy)
	if n := len(f.inbox(t, "ada@example.org")); n != 1 {
		t.Fatalf("%d messages to Ada before the reply is approved, want 1", n)
	}
	f.moderate(t, f.pendingID(t, "Bob answers Ada"), "approve")
	f.moderate(t, f.pendingID(t, "Bob answers Cy"), "approve")
	got := f.inbox(t, "ada@example.org")
	if len(got) != 2 || got[1].Subject != "Bob replied to your comment on Early intervention" ||
		!strings.Contains(got[1].Text, "Bob answers Ada") {
		t.Fatalf("Ada's messages after the approval: %+v", got)
	}
	for _, part := range []string{got[1].Text, got[1].HTML, strings.Join(got[1].To, " ")} {
		if strings.Contains(part, "bob@example.org") {
			t.Errorf("the reply notice reveals Bob's address:\n%s", part)
		}
	}
	if n := len(f.inbox(t, "cy@example.org")); n != 1 {
		t.Errorf("%d messages to Cy, who never confirmed; want only the first", n)
	}

	// Ada, confirmed, is not asked again; the organiser's reply is marked.
	f.comment(t, "Ada", "ada@example.org", "Ada again", "")
	if again := f.inbox(t, "ada@example.org")[2]; strings.Contains(again.Text, "/comments/confirm/") {
		t.Errorf("a confirmed address is asked to confirm again:\n%s", again.Text)
	}
	var reply comments.ModComment
	f.org.Post(t, f.manage("/comments/"+ada+"/reply"), map[string]any{"body": "Thank you, Ada"}).
		WantStatus(t, http.StatusCreated).JSON(t, &reply)
	th := only(t, f.threads(t), "Ada's question")
	if len(th.Replies) != 2 || !th.Replies[1].OrganiserReply || th.Replies[1].Body != "Thank you, Ada" || th.Replies[0].OrganiserReply {
		t.Errorf("replies %+v, want Bob's then the organiser's, marked", th.Replies)
	}
	last := f.inbox(t, "ada@example.org")
	if s := last[len(last)-1].Subject; !strings.HasPrefix(s, "The organiser replied") {
		t.Errorf("last message to Ada %q, want the organiser's reply notice", s)
	}
	f.mod.Post(t, f.manage("/comments/"+ada+"/reply"), map[string]any{"body": "x"}).WantStatus(t, http.StatusForbidden)
}

// The delete link erases the comment's name, email and body and the
// messages about it, while its place and its replies stay.
func TestDeleteLinkErasesAndKeepsTheShape(t *testing.T) {
	f := newFixture(t, 0)
	f.setMode(t, comments.ModerationNone)
	f.comment(t, "Ada", "ada@example.org", "To be deleted", "")
	ada := only(t, f.threads(t), "To be deleted").ID
	f.comment(t, "Bob", "bob@example.org", "A reply that stays", ada)
	del := link(t, f.inbox(t, "ada@example.org")[0], "delete")
	confirm := link(t, f.inbox(t, "ada@example.org")[0], "confirm")

	f.keep(f.public.Post(t, "/api/v1/comments/"+confirm+"/delete", nil)).WantStatus(t, http.StatusNotFound) // another purpose
	f.keep(f.public.Post(t, "/api/v1/comments/"+del+"/delete", nil)).WantStatus(t, http.StatusNoContent)
	f.keep(f.public.Post(t, "/api/v1/comments/"+del+"/delete", nil)).WantStatus(t, http.StatusNoContent)

	p := f.threads(t)
	if len(p.Items) != 1 {
		t.Fatalf("threads %+v, want the deleted one in its place", p.Items)
	}
	th := p.Items[0]
	if !th.Deleted || th.Name != "" || th.Body != "" || th.ID != ada || len(th.Replies) != 1 || th.Replies[0].Body != "A reply that stays" {
		t.Errorf("after deletion %+v", th)
	}
	if n := f.count(t, `SELECT count(*) FROM comments WHERE id = $1 AND name = '' AND email = '' AND body = '' AND deleted_at IS NOT NULL`, ada); n != 1 {
		t.Error("the comment's name, email or body is still stored")
	}
	if n := f.count(t, `SELECT count(*) FROM outbox WHERE to_email = 'ada@example.org' OR body_text LIKE '%To be deleted%'`); n != 0 {
		t.Errorf("%d messages of the deleted comment kept", n)
	}
	f.keep(f.public.Post(t, "/api/v1/comments/"+confirm+"/confirm", nil)).WantStatus(t, http.StatusNotFound)
	// A moderator cannot bring it back; deleting again is a no-op.
	f.mod.Post(t, f.manage("/comments/"+ada+"/approve"), nil).WantStatus(t, http.StatusConflict)
	if m := f.moderate(t, ada, "delete"); !m.Deleted || m.Email != "" {
		t.Errorf("deleted again: %+v", m)
	}
	// A moderator's delete erases the same way.
	reply := th.Replies[0].ID
	if m := f.moderate(t, reply, "delete"); !m.Deleted || m.Email != "" || m.Name != "" {
		t.Errorf("moderator's delete: %+v", m)
	}
	if r := f.threads(t).Items[0].Replies; len(r) != 1 || !r[0].Deleted {
		t.Errorf("replies after a moderator's delete %+v", r)
	}
}
