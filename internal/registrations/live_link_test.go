package registrations_test

import (
	"net/http"
	"strings"
	"testing"

	"plenary/internal/apitest"
	"plenary/internal/registrations"
)

// The manage page and the attendee's calendar file carry the registrant's
// own live-session link, and it is theirs alone.
func TestManagePageCarriesTheLiveLink(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	public := env.Client()
	a := f.register(t, public, person("a@example.org"))
	b := f.register(t, public, person("b@example.org"))

	var view registrations.AttendeeView
	bearer(t, public, http.MethodGet, "/api/v1/registration", f.link(t, "a@example.org"), nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	want := env.Config.BaseURL + "/live/" + env.App.Keys.Live(a.ID)
	if view.LiveURL != want {
		t.Errorf("live_url %q, want %q", view.LiveURL, want)
	}
	if id, ok := env.App.Keys.VerifyLive(strings.TrimPrefix(view.LiveURL, env.Config.BaseURL+"/live/")); !ok || id != a.ID {
		t.Errorf("live_url names %q (%v), want A's registration", id, ok)
	}
	if strings.Contains(view.LiveURL, env.App.Keys.Live(b.ID)) {
		t.Error("A's page holds B's live link")
	}

	ics := string(bearer(t, public, http.MethodGet, "/api/v1/registration/calendar.ics", f.link(t, "a@example.org"), nil).
		WantStatus(t, http.StatusOK).Body)
	if unfolded := strings.ReplaceAll(ics, "\r\n ", ""); !strings.Contains(unfolded, "\r\nURL:"+want+"\r\n") {
		t.Errorf("attendee calendar URL is not the live link %s:\n%s", want, ics)
	}
	// The public calendar keeps the event page, and names no registrant.
	pub := string(public.Get(t, "/api/v1/events/"+f.event.Slug+"/calendar.ics").WantStatus(t, http.StatusOK).Body)
	if !strings.Contains(pub, "\r\nURL:"+env.Config.BaseURL+"/events/"+f.event.Slug+"\r\n") || strings.Contains(pub, "/live/") {
		t.Errorf("public calendar:\n%s", pub)
	}
}
