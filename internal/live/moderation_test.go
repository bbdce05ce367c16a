package live_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/live"
)

func (f *qaFixture) modPath(rest string) string {
	return "/api/v1/manage/events/" + f.event.ID + "/live" + rest
}

// moderate posts a moderator's action and returns the question.
func (f *qaFixture) moderate(t *testing.T, method, rest string, body any, want int) live.ModQuestion {
	t.Helper()
	var q live.ModQuestion
	r := f.mod.Do(t, apitest.Request{Method: method, Path: f.modPath(rest), Body: body}).WantStatus(t, want)
	if want == http.StatusOK {
		r.JSON(t, &q)
	}
	return q
}

func (f *qaFixture) queue(t *testing.T, query string) live.ModQueue {
	t.Helper()
	var q live.ModQueue
	f.mod.Get(t, f.modPath("/questions"+query)).WantStatus(t, http.StatusOK).JSON(t, &q)
	return q
}

// lastChange is the event's latest recorded change.
func (f *qaFixture) lastChange(t *testing.T) (kind, subject string) {
	t.Helper()
	if err := f.env.DB.QueryRow(context.Background(), `SELECT kind, coalesce(subject_id::text, '') FROM live_changes
		WHERE event_id = $1 ORDER BY id DESC LIMIT 1`, f.event.ID).Scan(&kind, &subject); err != nil {
		t.Fatal(err)
	}
	return kind, subject
}

func TestModeratingAQuestion(t *testing.T) {
	f := newQAFixture(t)
	f.mod = f.env.SignedIn(t, accounts.RoleModerator)
	ada, bob := f.confirmed(t, "City Council"), f.confirmed(t, "Health Board")
	q := f.ask(t, ada, "Who funds the early help hubs?", true)

	all := f.queue(t, "")
	if len(all.Items) != 1 || all.FairExplanation != live.FairExplanation {
		t.Fatalf("queue: %+v", all)
	}
	m := all.Items[0]
	if m.Asker == nil || m.Asker.Name != "Person1 Asker" || m.Email != ada.email || m.Sector != "local_government" ||
		!m.Anonymous || m.RegistrationID == nil || *m.RegistrationID != ada.id {
		t.Errorf("moderators see the anonymous asker as %+v", m)
	}
	if held := f.queue(t, "?status=held"); len(held.Items) != 1 {
		t.Errorf("held: %+v", held.Items)
	}
	if pub := f.queue(t, "?status=published"); len(pub.Items) != 0 {
		t.Errorf("published before approval: %+v", pub.Items)
	}

	path := "/questions/" + q.ID
	if got := f.moderate(t, http.MethodPost, path+"/approve", nil, http.StatusOK); got.Status != "published" {
		t.Errorf("approved: %+v", got)
	}
	if kind, subject := f.lastChange(t); kind != "question" || subject != q.ID {
		t.Errorf("last change %s %s", kind, subject)
	}
	f.moderate(t, http.MethodPost, path+"/approve", nil, http.StatusConflict)
	if l := f.list(t, bob, ""); len(l) != 1 || l[0].Asker != nil {
		t.Errorf("bob's view once approved: %+v", l)
	}

	edited := f.moderate(t, http.MethodPut, path, map[string]any{"body": " Who funds the hubs? "}, http.StatusOK)
	if edited.Body != "Who funds the hubs?" || edited.OriginalBody != "Who funds the early help hubs?" || !edited.Edited {
		t.Errorf("edited: %+v", edited)
	}
	f.moderate(t, http.MethodPut, path, map[string]any{"body": "  "}, http.StatusUnprocessableEntity)

	f.moderate(t, http.MethodPost, path+"/answer", map[string]any{"answer": "", "live": false}, http.StatusUnprocessableEntity)
	answered := f.moderate(t, http.MethodPost, path+"/answer", map[string]any{"live": true}, http.StatusOK)
	if answered.Status != "answered" || !answered.AnsweredLive {
		t.Errorf("answered: %+v", answered)
	}
	dismissed := f.moderate(t, http.MethodPost, path+"/dismiss", map[string]any{"reason": "Off topic"}, http.StatusOK)
	if dismissed.Status != "dismissed" || dismissed.DismissReason != "Off topic" {
		t.Errorf("dismissed: %+v", dismissed)
	}
	if l := f.list(t, bob, ""); len(l) != 0 {
		t.Errorf("a dismissed question is listed to attendees: %+v", l)
	}
	f.moderate(t, http.MethodPost, path+"/answer", map[string]any{"answer": "Late"}, http.StatusConflict)

	f.moderate(t, http.MethodPost, "/questions/not-a-uuid/approve", nil, http.StatusNotFound)
	f.mod.Get(t, f.modPath("/questions?status=merged")).WantStatus(t, http.StatusUnprocessableEntity)
	f.mod.Get(t, "/api/v1/manage/events/00000000-0000-0000-0000-000000000000/live/questions").WantStatus(t, http.StatusNotFound)
	f.env.Client().Get(t, f.modPath("/questions")).WantStatus(t, http.StatusUnauthorized)
	f.env.Client().Post(t, f.modPath(path+"/approve"), nil).WantStatus(t, http.StatusUnauthorized)
}

func TestMergingQuestions(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	ada, dan := f.confirmed(t, "City Council"), f.confirmed(t, "Health Board")
	bob, carol, erin := f.confirmed(t, "A"), f.confirmed(t, "B"), f.confirmed(t, "C")
	a := f.ask(t, ada, "How do we share data between councils?", false)
	b := f.ask(t, dan, "How can councils share data?", false)
	for _, v := range []struct {
		who qaPerson
		q   string
	}{{bob, a.ID}, {carol, a.ID}, {bob, b.ID}, {erin, b.ID}} {
		f.vote(t, v.who, v.q, true).WantStatus(t, http.StatusOK)
	}

	f.moderate(t, http.MethodPost, "/questions/"+a.ID+"/merge", map[string]any{"into": a.ID}, http.StatusUnprocessableEntity)
	f.moderate(t, http.MethodPost, "/questions/"+a.ID+"/merge", map[string]any{"into": "nope"}, http.StatusUnprocessableEntity)
	f.moderate(t, http.MethodPost, "/questions/"+a.ID+"/merge", map[string]any{"into": f.otherEventQuestion(t)}, http.StatusUnprocessableEntity)
	f.moderate(t, http.MethodPost, "/questions/"+a.ID+"/merge", map[string]any{"into": b.ID}, http.StatusOK)

	var into live.ModQuestion
	for _, m := range f.queue(t, "").Items {
		if m.ID == a.ID {
			t.Errorf("the merged question is still in the queue: %+v", m)
		}
		if m.ID == b.ID {
			into = m
		}
	}
	names := []string{}
	for _, a := range into.Askers {
		names = append(names, a.Organisation)
	}
	if into.Votes != 3 || !slices.Equal(into.MergedFrom, []string{a.ID}) || !slices.Equal(names, []string{"Health Board", "City Council"}) {
		t.Errorf("merged into: votes %d, from %v, askers %v", into.Votes, into.MergedFrom, names)
	}
	if l := f.list(t, bob, ""); len(l) != 1 || l[0].ID != b.ID || !l[0].Voted || l[0].Votes != 3 {
		t.Errorf("bob's view after the merge: %+v", l)
	}
	f.vote(t, carol, b.ID, true).WantStatus(t, http.StatusOK)
	if l := f.list(t, carol, ""); l[0].Votes != 3 || !l[0].Voted {
		t.Errorf("carol, whose vote moved, votes again: %+v", l[0])
	}

	f.moderate(t, http.MethodPost, "/questions/"+a.ID+"/merge", map[string]any{"into": b.ID}, http.StatusConflict)
	c := f.ask(t, erin, "Another one", false)
	f.moderate(t, http.MethodPost, "/questions/"+c.ID+"/merge", map[string]any{"into": a.ID}, http.StatusUnprocessableEntity)
	f.moderate(t, http.MethodPost, "/questions/"+b.ID+"/dismiss", map[string]any{"reason": "Duplicate"}, http.StatusOK)
	f.moderate(t, http.MethodPost, "/questions/"+c.ID+"/merge", map[string]any{"into": b.ID}, http.StatusUnprocessableEntity)
}

func TestOneQuestionOnStage(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	ada := f.confirmed(t, "City Council")
	qs := make([]live.Question, 6)
	for i := range qs {
		qs[i] = f.ask(t, f.confirmed(t, "Org"), "Stage question "+string(rune('A'+i)), false)
	}
	stage := func(id any, want int) {
		t.Helper()
		f.mod.Do(t, apitest.Request{Method: http.MethodPut, Path: f.modPath("/stage"), Body: map[string]any{"question_id": id}}).WantStatus(t, want)
	}
	onStage := func() []string {
		var ids []string
		for _, q := range f.list(t, ada, "") {
			if q.OnStage {
				ids = append(ids, q.ID)
			}
		}
		return ids
	}
	stage(qs[0].ID, http.StatusOK)
	stage(qs[1].ID, http.StatusOK)
	if got := onStage(); !slices.Equal(got, []string{qs[1].ID}) {
		t.Errorf("on stage after switching: %v", got)
	}
	if kind, subject := f.lastChange(t); kind != "stage" || subject != qs[1].ID {
		t.Errorf("last change %s %s", kind, subject)
	}
	stage(nil, http.StatusOK)
	if got := onStage(); len(got) != 0 {
		t.Errorf("on stage after clearing: %v", got)
	}
	f.setModeration(t, "held")
	held := f.ask(t, ada, "Not yet approved", false)
	stage(held.ID, http.StatusUnprocessableEntity)
	stage("nope", http.StatusUnprocessableEntity)

	var wg sync.WaitGroup
	for _, q := range qs {
		wg.Go(func() { stage(q.ID, http.StatusOK) })
	}
	wg.Wait()
	if got := onStage(); len(got) != 1 {
		t.Errorf("after moderators switched at once, on stage: %v", got)
	}
}

func TestBlockingAnAsker(t *testing.T) {
	f := newQAFixture(t)
	ada := f.confirmed(t, "City Council")
	q := f.ask(t, ada, "First question", false)
	block := func(method, rid string, want int) {
		t.Helper()
		f.mod.Do(t, apitest.Request{Method: method, Path: f.modPath("/blocks/" + rid)}).WantStatus(t, want)
	}
	block(http.MethodPut, ada.id, http.StatusNoContent)
	block(http.MethodPut, ada.id, http.StatusNoContent)
	f.env.Client().Post(t, livePath(ada, ""), map[string]any{"body": "Second"}).WantStatus(t, http.StatusForbidden)
	if m := f.queue(t, ""); len(m.Items) != 1 || m.Items[0].ID != q.ID || !m.Items[0].Blocked {
		t.Errorf("queue after blocking: %+v", m.Items)
	}
	block(http.MethodDelete, ada.id, http.StatusNoContent)
	f.ask(t, ada, "Second", false)
	block(http.MethodPut, f.otherEventRegistrant(t).id, http.StatusNotFound)
	block(http.MethodPut, "nope", http.StatusNotFound)
	f.env.Client().Do(t, apitest.Request{Method: http.MethodPut, Path: f.modPath("/blocks/" + ada.id)}).WantStatus(t, http.StatusUnauthorized)
}

// No attendee response names an asker's email, whatever was asked.
func TestAttendeesNeverSeeAnEmail(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	ada, bob := f.confirmed(t, "City Council"), f.confirmed(t, "Health Board")
	q := f.ask(t, ada, "Anonymous please", true)
	f.ask(t, ada, "Named", false)
	for _, r := range []*apitest.Response{
		f.vote(t, bob, q.ID, true).WantStatus(t, http.StatusOK),
		f.env.Client().Get(t, livePath(bob, "/similar?q=anonymous")).WantStatus(t, http.StatusOK),
		f.env.Client().Get(t, livePath(ada, "?order=fair")).WantStatus(t, http.StatusOK),
		f.env.Client().Post(t, livePath(bob, ""), map[string]any{"body": "Mine"}).WantStatus(t, http.StatusCreated),
	} {
		if strings.Contains(string(r.Body), "@") {
			t.Errorf("an attendee response holds an email: %s", r.Body)
		}
	}
	if m := f.queue(t, ""); !strings.Contains(m.Items[0].Email, "@") {
		t.Errorf("moderators do not see the email: %+v", m.Items[0])
	}
}

// otherEventQuestion is a question of another event.
func (f *qaFixture) otherEventQuestion(t *testing.T) string {
	t.Helper()
	p := f.otherEventRegistrant(t)
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `INSERT INTO live_questions (event_id, registration_id, body, original_body, status, published_at)
		SELECT event_id, id, 'Elsewhere', 'Elsewhere', 'published', now() FROM registrations WHERE id = $1 RETURNING id`, p.id).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
