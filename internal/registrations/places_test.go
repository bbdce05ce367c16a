package registrations_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/events"
)

// placesShown waits until the public page of slug, as a visitor of env
// reads it, shows want places left (nil: no count), and fails when it
// still shows another number after a few seconds: the page is cached, and
// learns of registrations a moment after they commit.
func placesShown(t *testing.T, env *apitest.Env, slug string, want *int) {
	t.Helper()
	c := env.Client()
	var got events.PublicEvent
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c.Get(t, "/api/v1/events/"+slug).WantStatus(t, http.StatusOK).JSON(t, &got)
		if fmt.Sprint(deref(got.PlacesLeft)) == fmt.Sprint(deref(want)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the page of %s shows %v places left, want %v", slug, deref(got.PlacesLeft), deref(want))
		}
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func intp(n int) *int { return &n }

func TestPublicPageShowsTrulyThePlacesLeft(t *testing.T) {
	env := apitest.New(t)
	other := env.Sibling(t) // a second server process on the same database
	f := newFixture(t, env, 3, nil)
	public := env.Client()
	// Both processes render and cache the page before anyone registers.
	placesShown(t, env, f.event.Slug, intp(3))
	placesShown(t, other, f.event.Slug, intp(3))

	f.register(t, public, person("a@example.org"))
	f.register(t, public, person("b@example.org"))
	placesShown(t, env, f.event.Slug, intp(1))
	placesShown(t, other, f.event.Slug, intp(1))

	// Full: a registration would join the waiting list.
	f.register(t, public, person("c@example.org"))
	f.register(t, public, person("d@example.org"))
	placesShown(t, env, f.event.Slug, intp(0))
	placesShown(t, other, f.event.Slug, intp(0))

	// A cancellation whose place goes to the first in line leaves it full;
	// one that nobody waits for frees a place.
	for _, email := range []string{"a@example.org", "b@example.org"} {
		r := f.find(t, email)
		f.org.Post(t, f.base()+"/"+r.ID+"/cancel", nil).WantStatus(t, http.StatusOK)
	}
	placesShown(t, other, f.event.Slug, intp(1))

	// A registration through the second process shows in the first.
	other.Client().Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", person("e@example.org")).WantStatus(t, http.StatusAccepted)
	placesShown(t, env, f.event.Slug, intp(0))

	// A capacity change is an event change: both pages follow at once.
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: "/api/v1/manage/events/" + f.event.ID, Body: map[string]any{"capacity": 6}}).
		WantStatus(t, http.StatusOK)
	placesShown(t, other, f.event.Slug, intp(3))
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: "/api/v1/manage/events/" + f.event.ID, Body: map[string]any{"capacity": nil}}).
		WantStatus(t, http.StatusOK)
	placesShown(t, env, f.event.Slug, nil)
}

func TestPublicPageShowsNoCountWithoutCapacity(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	placesShown(t, env, f.event.Slug, nil)
	f.register(t, env.Client(), person("a@example.org"))
	placesShown(t, env, f.event.Slug, nil)
}
