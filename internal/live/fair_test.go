package live_test

import (
	"context"
	"net/http"
	"testing"

	"plenary/internal/live"
)

// One organisation with many registrants votes for its own questions;
// the fair order still puts the other organisations' questions near the
// top, where the votes order gives the whole top to the one organisation.
func TestFairOrderKeepsOneOrganisationFromFillingTheTop(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	var bigOrg []qaPerson
	for range 20 {
		bigOrg = append(bigOrg, f.confirmed(t, "Big Agency"))
	}
	b, c, d := f.confirmed(t, "Borough B"), f.confirmed(t, "Charity C"), f.confirmed(t, "District D")
	var own []live.Question
	for i := range 3 {
		own = append(own, f.ask(t, bigOrg[i], "Big Agency question "+string(rune('A'+i)), false))
	}
	qb := f.ask(t, b, "Borough question", false)
	qc := f.ask(t, c, "Charity question", false)
	qd := f.ask(t, d, "District question", false)
	for _, p := range bigOrg {
		for _, q := range own {
			f.vote(t, p, q.ID, true).WantStatus(t, http.StatusOK)
		}
	}
	f.vote(t, c, qb.ID, true).WantStatus(t, http.StatusOK)
	f.vote(t, d, qb.ID, true).WantStatus(t, http.StatusOK)
	f.vote(t, b, qc.ID, true).WantStatus(t, http.StatusOK)
	// everyone is on the live page, so each question was seen by all 23
	if _, err := f.env.DB.Exec(context.Background(), `
		INSERT INTO live_presence (event_id, registration_id, started_at, last_seen_at)
		SELECT event_id, id, now(), now() + interval '1 minute' FROM registrations WHERE event_id = $1`, f.event.ID); err != nil {
		t.Fatal(err)
	}

	orgsOf := func(order string) []string {
		var orgs []string
		for _, m := range f.queue(t, "?order="+order).Items {
			orgs = append(orgs, m.Asker.Organisation)
		}
		return orgs
	}
	if top := orgsOf("votes")[:3]; top[0] != "Big Agency" || top[1] != "Big Agency" || top[2] != "Big Agency" {
		t.Fatalf("the votes order's top three: %v", top)
	}
	fair := orgsOf("fair")
	want := []string{"Big Agency", "Borough B", "Charity C", "District D", "Big Agency", "Big Agency"}
	for i := range want {
		if i >= len(fair) || fair[i] != want[i] {
			t.Fatalf("fair order by organisation: %v, want %v", fair, want)
		}
	}
	var attendee []string
	for _, q := range f.list(t, d, "fair") {
		attendee = append(attendee, q.ID)
	}
	if len(attendee) != 6 || attendee[1] != qb.ID || attendee[3] != qd.ID {
		t.Errorf("the attendee's fair order: %v", attendee)
	}
}

// The fair order divides votes by how many saw a question: those present
// on the live page since it was published, not everyone registered.
func TestFairOrderCountsWhoSawEachQuestion(t *testing.T) {
	f := newQAFixture(t)
	f.setModeration(t, "published")
	var people []qaPerson
	for range 10 {
		people = append(people, f.confirmed(t, "Audience"))
	}
	rx, ry := f.confirmed(t, "X Org"), f.confirmed(t, "Y Org")
	x := f.ask(t, rx, "Seen by everyone", false)
	present := func(who string) {
		t.Helper()
		if _, err := f.env.DB.Exec(context.Background(), `INSERT INTO live_presence (event_id, registration_id, started_at, last_seen_at)
			SELECT event_id, id, now(), now() FROM registrations WHERE event_id = $1 AND ($2 = '' OR id::text = $2)`, f.event.ID, who); err != nil {
			t.Fatal(err)
		}
	}
	present("")
	for _, p := range people[:3] {
		f.vote(t, p, x.ID, true).WantStatus(t, http.StatusOK)
	}
	// y comes after the others left: only one who is still there sees and votes for it
	y := f.ask(t, ry, "Seen by one", false)
	present(people[9].id)
	f.vote(t, people[9], y.ID, true).WantStatus(t, http.StatusOK)

	items := f.queue(t, "?order=fair").Items
	if len(items) != 2 || items[0].ID != y.ID {
		t.Errorf("fair order: one of one viewer should rank above three of twelve: %+v", items)
	}
	if votes := f.queue(t, "?order=votes").Items; votes[0].ID != x.ID {
		t.Errorf("votes order: %+v", votes)
	}
}
