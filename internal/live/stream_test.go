package live_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/accounts"
	"plenary/internal/live"
)

type streamQuestion struct {
	ID     string `json:"id"`
	Body   string `json:"body"`
	Status string `json:"status"`
	Votes  int    `json:"votes"`
	Email  string `json:"email"`
	Asker  *struct {
		Name string `json:"name"`
	} `json:"asker"`
}

func decode(t *testing.T, e sseEvent) streamQuestion {
	t.Helper()
	var q streamQuestion
	if err := json.Unmarshal([]byte(e.Data), &q); err != nil {
		t.Fatalf("%s %q: %v", e.Event, e.Data, err)
	}
	return q
}

// A question asked and then approved through one server process reaches
// the viewers connected to another: the attendee once it is published,
// the moderator as soon as it is asked.
func TestAQuestionApprovedInOneProcessReachesViewersOfAnother(t *testing.T) {
	f := newStreamFixture(t)
	b := f.env.Sibling(t)
	mod := b.SignedIn(t, accounts.RoleModerator)
	attendee := openStream(t, b.Client(), "/api/v1/live/"+f.token("viewer")+"/stream", "")
	moderator := openStream(t, mod, "/api/v1/manage/events/"+f.event.ID+"/live/stream", "")

	id := f.ask(t, f.env.App.Live, "How will the new duty be funded?", "held", false)
	e := moderator.next(t)
	if q := decode(t, e); e.Event != "question" || q.ID != id || q.Status != "held" || q.Email != "asker@example.org" {
		t.Fatalf("moderator got %+v, want the held question with its asker's email", e)
	}
	f.set(t, f.env.App.Live, id, "published", 0)
	e = attendee.next(t)
	if q := decode(t, e); e.Event != "question" || q.ID != id || q.Status != "published" || q.Asker == nil || q.Asker.Name != "Ada Asker" {
		t.Fatalf("attendee got %+v, want the published question", e)
	}
	if e2 := moderator.next(t); e2.ID != e.ID || decode(t, e2).Status != "published" {
		t.Errorf("moderator got %+v, want the approval with the attendee's id %d", e2, e.ID)
	}
}

// A viewer that drops out in the middle of a burst and comes back with
// Last-Event-ID ends with every question in its final state, having seen
// no message twice.
func TestAViewerResumingWithLastEventIDMissesAndRepeatsNothing(t *testing.T) {
	f := newStreamFixture(t)
	path := "/api/v1/live/" + f.token("viewer") + "/stream"
	s := openStream(t, f.env.Client(), path, "")
	const questions, votes = 8, 6
	burst := make(chan []string, 1)
	go func() {
		var ids []string
		for i := range questions {
			id := f.ask(t, f.env.App.Live, fmt.Sprintf("Question %d?", i), "published", false)
			ids = append(ids, id)
			for v := 1; v <= votes; v++ {
				f.set(t, f.env.App.Live, ids[(i*7+v)%len(ids)], "published", v+i)
				time.Sleep(3 * time.Millisecond)
			}
		}
		burst <- ids
	}()
	seen := map[string]int{} // votes by question, as last told
	var last int64
	take := func(e sseEvent) {
		if e.ID <= last {
			t.Fatalf("message %d after %d: repeated or out of order", e.ID, last)
		}
		last = e.ID
		if e.Event == "question" {
			q := decode(t, e)
			seen[q.ID] = q.Votes
		}
	}
	for range 5 {
		take(s.next(t))
	}
	s.close()
	ids := <-burst // the rest happens while nobody watches, or before it resumes
	var final int64
	if err := f.env.DB.QueryRow(context.Background(), `SELECT max(id) FROM live_changes WHERE event_id = $1`, f.event.ID).Scan(&final); err != nil {
		t.Fatal(err)
	}
	s = openStream(t, f.env.Client(), path, strconv.FormatInt(last, 10))
	for last < final {
		take(s.next(t))
	}
	s.none(t, 300*time.Millisecond)
	for _, id := range ids {
		var want int
		if err := f.env.DB.QueryRow(context.Background(), `SELECT votes FROM live_questions WHERE id = $1`, id).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got, ok := seen[id]; !ok || got != want {
			t.Errorf("question %s: saw %d votes (seen: %v), want %d", id, got, ok, want)
		}
	}
}

// Two writers that commit in the other order than they recorded their
// changes lose neither: the one that recorded first and committed last
// still reaches the viewer, and a viewer resuming from the start gets both.
func TestChangesCommittedOutOfOrderAreNotLost(t *testing.T) {
	f := newStreamFixture(t)
	path := "/api/v1/live/" + f.token("viewer") + "/stream"
	s := openStream(t, f.env.Client(), path, "")
	ctx := context.Background()
	recorded, release := make(chan struct{}), make(chan struct{})
	first := make(chan string, 1)
	go func() {
		var id string
		err := live.StreamWrite(ctx, f.env.App.Live, f.event.ID, func(tx pgx.Tx) error {
			if err := tx.QueryRow(ctx, `INSERT INTO live_questions (event_id, body, original_body, status)
				VALUES ($1, 'Recorded first', 'Recorded first', 'published') RETURNING id`, f.event.ID).Scan(&id); err != nil {
				return err
			}
			if err := live.StreamRecord(ctx, tx, f.event.ID, live.ChangeQuestion, id); err != nil {
				return err
			}
			close(recorded)
			<-release // commit after the second writer
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		first <- id
	}()
	<-recorded
	second := f.ask(t, f.env.App.Live, "Committed first", "published", false)
	if q := decode(t, s.next(t)); q.ID != second {
		t.Fatalf("got %s, want the question committed first", q.ID)
	}
	close(release)
	firstID := <-first
	if q := decode(t, s.next(t)); q.ID != firstID {
		t.Fatalf("got %s, want the question committed last", q.ID)
	}
	again := openStream(t, f.env.Client(), path, "0")
	got := map[string]bool{}
	for len(got) < 2 {
		if e := again.next(t); e.Event == "question" {
			got[decode(t, e).ID] = true
		}
	}
	if !got[firstID] || !got[second] {
		t.Errorf("resuming from the start got %v, want both questions", got)
	}
}

// A process whose LISTEN connection is lost reads, once it is back, what
// changed while it was gone, and tells its viewers.
func TestAProcessThatLostItsListenerResyncsItsViewers(t *testing.T) {
	f := newStreamFixture(t)
	s := openStream(t, f.env.Client(), "/api/v1/live/"+f.token("viewer")+"/stream", "")
	ctx := context.Background()
	// A change nobody notifies, as one made while the connection was lost.
	var id string
	err := pgx.BeginFunc(ctx, f.env.DB, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO live_questions (event_id, body, original_body, status)
			VALUES ($1, 'Unannounced', 'Unannounced', 'published') RETURNING id`, f.event.ID).Scan(&id); err != nil {
			return err
		}
		return live.StreamRecord(ctx, tx, f.event.ID, live.ChangeQuestion, id)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.none(t, 500*time.Millisecond)
	var killed int
	if err := f.env.DB.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query ILIKE 'listen %'`).Scan(&killed); err != nil || killed == 0 {
		t.Fatalf("terminated %d listening connections (%v)", killed, err)
	}
	if q := decode(t, s.next(t)); q.ID != id {
		t.Fatalf("got %s after the resync, want %s", q.ID, id)
	}
}

// The attendees' stream carries no email and no held question; only
// confirmed registrants with a genuine link may open it, and a bad
// position is refused.
func TestTheAttendeeStreamIsForConfirmedRegistrantsAndHoldsNoEmail(t *testing.T) {
	f := newStreamFixture(t)
	client := f.env.Client()
	client.Get(t, "/api/v1/live/forged-token/stream").WantStatus(t, http.StatusUnauthorized)
	client.Get(t, "/api/v1/live/"+f.token("waiting")+"/stream").WantStatus(t, http.StatusForbidden)
	client.Get(t, "/api/v1/live/"+f.token("viewer")+"/stream?after=ten").WantStatus(t, http.StatusBadRequest)
	client.Get(t, "/api/v1/manage/events/"+f.event.ID+"/live/stream").WantStatus(t, http.StatusUnauthorized)
	f.org.Get(t, "/api/v1/manage/events/00000000-0000-0000-0000-000000000000/live/stream").WantStatus(t, http.StatusNotFound)

	s := openStream(t, client, "/api/v1/live/"+f.token("viewer")+"/stream", "")
	f.ask(t, f.env.App.Live, "Held back: who wrote the guidance?", "held", false)
	anonymous := f.ask(t, f.env.App.Live, "Asked without a name", "published", true)
	named := f.ask(t, f.env.App.Live, "Asked with a name", "published", false)
	e := s.next(t)
	if q := decode(t, e); q.ID != anonymous || q.Asker != nil {
		t.Errorf("first message %+v, want the anonymous question without its asker", e)
	}
	if q := decode(t, s.next(t)); q.ID != named || q.Asker == nil {
		t.Errorf("second message %+v, want the named question with its asker", q)
	}
	f.set(t, f.env.App.Live, named, "dismissed", 0)
	if e := s.next(t); e.Event != "question_removed" || !strings.Contains(e.Data, named) {
		t.Errorf("after a dismissal got %+v, want question_removed", e)
	}
	if text := s.text(); strings.Contains(text, "@") || strings.Contains(text, "Held back") || strings.Contains(text, "asker@") {
		t.Errorf("the attendee stream carried an email or a held question:\n%s", text)
	}
}

// A poll reaches moderators while a draft and attendees once it opens,
// with its counts only when its results are live.
func TestAPollReachesAttendeesOnlyOnceOpen(t *testing.T) {
	f := newStreamFixture(t)
	attendee := openStream(t, f.env.Client(), "/api/v1/live/"+f.token("viewer")+"/stream", "")
	moderator := openStream(t, f.org, "/api/v1/manage/events/"+f.event.ID+"/live/stream", "")
	base := "/api/v1/manage/events/" + f.event.ID + "/live/polls"
	var poll struct {
		ID string `json:"id"`
	}
	f.org.Post(t, base, map[string]any{"question": "Which service first?", "multiple": false, "results": "closed",
		"options": []string{"Housing", "Transport"}}).WantStatus(t, http.StatusCreated).JSON(t, &poll)
	if e := moderator.next(t); e.Event != "poll" || !strings.Contains(e.Data, `"status":"draft"`) {
		t.Fatalf("moderator got %+v, want the draft", e)
	}
	f.org.Post(t, base+"/"+poll.ID+"/open", nil).WantStatus(t, http.StatusOK)
	e := attendee.next(t)
	if e.Event != "poll" || !strings.Contains(e.Data, `"status":"open"`) || !strings.Contains(e.Data, `"total":null`) {
		t.Fatalf("attendee got %+v, want the open poll without its counts", e)
	}
	if strings.Contains(attendee.text(), "draft") {
		t.Errorf("the attendee stream carried a draft:\n%s", attendee.text())
	}
}

// A room renders only for the audiences it has viewers of. A moderator
// who opens the stream while only attendees watch hears every later
// change in the moderators' view (held questions, askers' emails), and
// the attendees still never do. Attendees alone never hear of a draft
// poll, though the moderators' reading is then skipped.
func TestAModeratorJoiningARoomOfAttendeesHearsTheModeratorsView(t *testing.T) {
	f := newStreamFixture(t)
	attendee := openStream(t, f.env.Client(), "/api/v1/live/"+f.token("viewer")+"/stream", "")
	base := "/api/v1/manage/events/" + f.event.ID + "/live/polls"
	var poll struct {
		ID string `json:"id"`
	}
	f.org.Post(t, base, map[string]any{"question": "Which service first?", "multiple": false, "results": "live",
		"options": []string{"Housing", "Transport"}}).WantStatus(t, http.StatusCreated).JSON(t, &poll)
	first := f.ask(t, f.env.App.Live, "Asked before any moderator watched", "published", false)
	if e := attendee.next(t); e.Event != "question" || !strings.Contains(e.Data, first) {
		t.Fatalf("attendee got %+v, want the published question (and nothing of the draft poll)", e)
	}

	moderator := openStream(t, f.org, "/api/v1/manage/events/"+f.event.ID+"/live/stream", "")
	held := f.ask(t, f.env.App.Live, "Held for a moderator", "held", false)
	e := moderator.next(t)
	if e.Event != "question" || !strings.Contains(e.Data, held) || !strings.Contains(e.Data, "asker@example.org") {
		t.Fatalf("moderator got %+v, want the held question with its asker's email", e)
	}
	f.set(t, f.env.App.Live, held, "published", 0)
	if e := attendee.next(t); e.Event != "question" || !strings.Contains(e.Data, held) {
		t.Fatalf("attendee got %+v, want the question once published", e)
	}
	if e := moderator.next(t); e.Event != "question" || !strings.Contains(e.Data, `"status":"published"`) {
		t.Fatalf("moderator got %+v, want the question published", e)
	}
	if text := attendee.text(); strings.Contains(text, "draft") || strings.Contains(text, "@") {
		t.Errorf("the attendee stream carried a draft poll or an email:\n%s", text)
	}
}
