package registrations_test

import (
	"net/http"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/registrations"
)

// The organiser's confirmation steps state how many people an action will
// email; these counts are where the figures come from.
func TestRegistrationCounts(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 1, nil)
	path := "/api/v1/manage/events/" + f.event.ID + "/registration-counts"
	counts := func() registrations.Counts {
		var c registrations.Counts
		f.org.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &c)
		return c
	}
	if got := counts(); got != (registrations.Counts{}) {
		t.Errorf("no registrations yet: %+v, want all zero", got)
	}

	public := env.Client()
	for _, email := range []string{"one@example.org", "two@example.org", "three@example.org"} {
		f.register(t, public, person(email))
	}
	f.org.Post(t, f.base()+"/"+f.find(t, "three@example.org").ID+"/cancel", nil).WantStatus(t, http.StatusOK)
	want := registrations.Counts{Confirmed: 1, Waitlisted: 1, Cancelled: 1}
	if got := counts(); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}

	env.SignedIn(t, accounts.RoleModerator).Get(t, path).WantStatus(t, http.StatusOK)
	env.Client().Get(t, path).WantStatus(t, http.StatusUnauthorized)
	for _, id := range []string{"00000000-0000-4000-8000-000000000000", "not-a-uuid"} {
		f.org.Get(t, "/api/v1/manage/events/"+id+"/registration-counts").WantStatus(t, http.StatusNotFound).Problem(t)
	}
}
