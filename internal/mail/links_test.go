package mail_test

import (
	"context"
	"net/http"
	"testing"

	"plenary/internal/apitest"
	"plenary/internal/token"
)

// A registration from before manage links were derivable has a random
// token whose hash alone is stored, so no message can carry it. Its next
// message gives it a derivable link (made and stored by registrations,
// which owns the row) and the old link stops.
func TestARegistrationFromBeforeDerivableLinksGetsOneWithItsNextMessage(t *testing.T) {
	f := newFixture(t, nil)
	f.register(t, "old@example.org")
	f.settle(t)
	ctx := context.Background()
	oldToken, oldHash := token.New()
	id := f.registrationID(t, "old@example.org")
	if _, err := f.env.DB.Exec(ctx, `UPDATE registrations SET token_generation = NULL, token_hash = $2 WHERE id = $1`,
		id, oldHash); err != nil {
		t.Fatal(err)
	}
	attendee := f.env.Client()
	get := func(tok string) *apitest.Response {
		return attendee.Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/registration",
			Header: http.Header{"Authorization": {"Bearer " + tok}}})
	}
	get(oldToken).WantStatus(t, http.StatusOK)

	f.org.Post(t, f.manage("/broadcasts"), map[string]any{"segment": "everyone", "subject": "Slides", "body": "Here."}).
		WantStatus(t, http.StatusCreated)
	f.settle(t)

	var generation *int
	if err := f.env.DB.QueryRow(ctx, `SELECT token_generation FROM registrations WHERE id = $1`, id).Scan(&generation); err != nil {
		t.Fatal(err)
	}
	if generation == nil || *generation != 1 {
		t.Fatalf("after a message, the registration's link generation is %v, want 1", generation)
	}
	link := manageLink.FindStringSubmatch(f.only(t, "old@example.org", "Slides").Text)
	if link == nil {
		t.Fatal("no manage link in the broadcast")
	}
	get(link[1]).WantStatus(t, http.StatusOK)
	get(oldToken).WantStatus(t, http.StatusUnauthorized)
}
