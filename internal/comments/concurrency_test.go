package comments_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"plenary/internal/comments"
)

// In "first" mode an address's first comments, sent at once, all wait for
// a moderator: none slips through because another was being held at the
// same moment.
func TestFirstModeHoldsFirstCommentsSentAtOnce(t *testing.T) {
	f := newFixture(t, 0)
	f.setMode(t, comments.ModerationFirst)
	const n = 4
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := f.env.Client()
			c.From(fmt.Sprintf("127.0.3.%d", i+1))
			statuses[i] = c.Post(t, f.commentsPath(), map[string]any{"name": "Ada", "email": "ada@example.org",
				"body": fmt.Sprint("At once ", i)}).Status
		})
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusAccepted {
			t.Errorf("post %d answered %d", i, s)
		}
	}
	if p := f.threads(t); len(p.Items) != 0 {
		t.Errorf("published without a moderator: %q", bodies(p))
	}
	if got := f.queue(t, "pending"); len(got) != n {
		t.Errorf("%d comments wait, want %d", len(got), n)
	}
}

// Moderators approving the same reply at once tell its parent's author
// once; confirmation links clicked at once confirm the address once.
func TestApprovalsAtOnceNotifyOnce(t *testing.T) {
	f := newFixture(t, 0)
	f.setMode(t, comments.ModerationFirst)
	f.comment(t, "Ada", "ada@example.org", "Question", "")
	ada := f.pendingID(t, "Question")
	f.moderate(t, ada, "approve")
	confirm := link(t, f.inbox(t, "ada@example.org")[0], "confirm")
	var wg sync.WaitGroup
	statuses := make([]int, 3)
	for i := range statuses {
		wg.Go(func() { statuses[i] = f.public.Post(t, "/api/v1/comments/"+confirm+"/confirm", nil).Status })
	}
	wg.Wait()
	if strings.Trim(fmt.Sprint(statuses), "[]") != "204 204 204" {
		t.Errorf("confirmations at once answered %v", statuses)
	}
	if n := f.count(t, `SELECT count(*) FROM comment_addresses`); n != 1 {
		t.Errorf("%d confirmed addresses, want 1", n)
	}

	f.comment(t, "Bob", "bob@example.org", "Answer", ada)
	reply := f.pendingID(t, "Answer")
	for i := range statuses {
		wg.Go(func() { statuses[i] = f.mod.Post(t, f.manage("/comments/"+reply+"/approve"), nil).Status })
	}
	wg.Wait()
	if strings.Trim(fmt.Sprint(statuses), "[]") != "200 200 200" {
		t.Errorf("approvals at once answered %v", statuses)
	}
	var notices int
	for _, m := range f.inbox(t, "ada@example.org") {
		if strings.HasPrefix(m.Subject, "Bob replied") {
			notices++
		}
	}
	if notices != 1 {
		t.Errorf("Ada was told of the reply %d times, want once", notices)
	}
}
