package events_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const streamURL = "https://stream.example.org/private-room-7f3a"

// validEvent is a body that creates an event; tests change one thing.
func validEvent(slug string, startsAt time.Time) map[string]any {
	return map[string]any{
		"slug": slug, "title": "Early intervention", "summary": "How the public sector can work together.",
		"description": "## About\n\nA **panel**.<script>alert(1)</script> [Read more](https://example.org)",
		"starts_at":   startsAt.Format(time.RFC3339), "duration_minutes": 75, "timezone": "Europe/London",
		"stream_url": streamURL, "topics": []string{"Prevention", "local government"},
		"registration_closes_at": startsAt.Add(time.Hour).Format(time.RFC3339),
	}
}

func createEvent(t *testing.T, c *apitest.Client, body map[string]any) events.Detail {
	t.Helper()
	var d events.Detail
	c.Post(t, "/api/v1/manage/events", body).WantStatus(t, http.StatusCreated).JSON(t, &d)
	return d
}

func createPerson(t *testing.T, c *apitest.Client, name, org string) events.Person {
	t.Helper()
	var p events.Person
	c.Post(t, "/api/v1/manage/people", map[string]string{"name": name, "job_title": "Chief Executive", "organisation": org, "bio": name + " leads " + org + ".", "photo_url": "https://example.org/" + strings.ReplaceAll(name, " ", "") + ".jpg"}).
		WantStatus(t, http.StatusCreated).JSON(t, &p)
	return p
}

func put(t *testing.T, c *apitest.Client, path string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: body})
}

func patch(t *testing.T, c *apitest.Client, path string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPatch, Path: path, Body: body})
}

// A whole event built by an organiser, published, and read by the public.
func TestBuildPublishAndReadAnEvent(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	public := env.Client()
	start := time.Now().Add(72 * time.Hour).Truncate(time.Minute)

	d := createEvent(t, org, validEvent("early-intervention", start))
	if d.Status != events.StatusDraft || d.Sequence != 0 || d.CreatedBy == nil || !slices.Equal(d.Topics, []string{"prevention", "local government"}) {
		t.Fatalf("created %+v", d.Event)
	}
	base := "/api/v1/manage/events/" + d.ID
	kerr := createPerson(t, org, "Andrew Kerr", "City of Edinburgh Council")
	binks := createPerson(t, org, "James Binks", "Manchester City Council")
	var im events.Organisation
	org.Post(t, "/api/v1/manage/organisations", map[string]string{"name": "Iron Mountain", "website": "https://www.ironmountain.com", "description": "Information management."}).
		WantStatus(t, http.StatusCreated).JSON(t, &im)

	put(t, org, base+"/speakers", map[string]any{"speakers": []map[string]string{
		{"person_id": binks.ID, "role": "chair"}, {"person_id": kerr.ID, "role": "panellist"}}}).WantStatus(t, http.StatusOK)
	put(t, org, base+"/partners", map[string]any{"partners": []map[string]string{
		{"organisation_id": im.ID, "kind": "knowledge_partner", "note": "Supported the webinar"}}}).WantStatus(t, http.StatusOK)
	var withAgenda events.Detail
	org.Post(t, base+"/agenda", map[string]any{"title": "Opening", "start_offset_minutes": 0, "duration_minutes": 10, "speaker_ids": []string{binks.ID}}).
		WantStatus(t, http.StatusCreated)
	org.Post(t, base+"/agenda", map[string]any{"title": "Panel", "start_offset_minutes": 10, "duration_minutes": 65, "speaker_ids": []string{kerr.ID, binks.ID}}).
		WantStatus(t, http.StatusCreated).JSON(t, &withAgenda)
	if len(withAgenda.Agenda) != 2 || withAgenda.Agenda[1].Speakers[0].Name != "Andrew Kerr" {
		t.Fatalf("agenda %+v", withAgenda.Agenda)
	}

	public.Get(t, "/api/v1/events/early-intervention").WantStatus(t, http.StatusNotFound)
	org.Post(t, base+"/publish", nil).WantStatus(t, http.StatusOK)

	resp := public.Get(t, "/api/v1/events/early-intervention").WantStatus(t, http.StatusOK)
	var page events.PublicEvent
	resp.JSON(t, &page)
	if page.Title != "Early intervention" || page.Phase != events.PhaseUpcoming || page.Timezone != "Europe/London" ||
		!page.EndsAt.Equal(start.Add(75*time.Minute)) || page.DurationMinutes != 75 {
		t.Errorf("page %+v", page)
	}
	if len(page.Speakers) != 2 || page.Speakers[0].Name != "James Binks" || page.Speakers[0].Role != events.RoleChair || page.Speakers[1].Bio == "" {
		t.Errorf("speakers %+v", page.Speakers)
	}
	if len(page.Partners) != 1 || page.Partners[0].Kind != events.KindKnowledgePartner || page.Partners[0].Website != "https://www.ironmountain.com" {
		t.Errorf("partners %+v", page.Partners)
	}
	if !strings.Contains(page.DescriptionHTML, "<strong>panel</strong>") || strings.Contains(page.DescriptionHTML, "<script") {
		t.Errorf("description_html not rendered or not sanitised: %s", page.DescriptionHTML)
	}
	if len(page.Agenda) != 2 || !slices.Equal(page.Agenda[1].Speakers, []string{"Andrew Kerr", "James Binks"}) {
		t.Errorf("agenda %+v", page.Agenda)
	}

	// ETag: unchanged page is 304; a change gives a new tag.
	etag := resp.Header.Get("ETag")
	public.Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/events/early-intervention", Header: http.Header{"If-None-Match": {etag}}}).
		WantStatus(t, http.StatusNotModified)
	patch(t, org, base, map[string]any{"title": "Early intervention, revisited"}).WantStatus(t, http.StatusOK)
	again := public.Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/events/early-intervention", Header: http.Header{"If-None-Match": {etag}}})
	again.WantStatus(t, http.StatusOK)
	if again.Header.Get("ETag") == etag || !strings.Contains(string(again.Body), "revisited") {
		t.Errorf("after a change: ETag %s (was %s), body %s", again.Header.Get("ETag"), etag, again.Body)
	}

	var list events.ListPage
	public.Get(t, "/api/v1/events?when=upcoming").WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Slug != "early-intervention" || len(list.Items[0].Speakers) != 2 {
		t.Errorf("list %+v", list)
	}
	ics := public.Get(t, "/api/v1/events/early-intervention/calendar.ics").WantStatus(t, http.StatusOK)
	if ct := ics.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("calendar Content-Type %q", ct)
	}
}

func TestDraftsAreInvisibleAndCancelledEventsUnlisted(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	public := env.Client()
	d := createEvent(t, org, validEvent("hidden-event", time.Now().Add(24*time.Hour)))
	base := "/api/v1/manage/events/" + d.ID

	visible := func() bool {
		var list events.ListPage
		public.Get(t, "/api/v1/events").WantStatus(t, http.StatusOK).JSON(t, &list)
		r := public.Get(t, "/api/v1/events/hidden-event")
		cal := public.Get(t, "/api/v1/events/hidden-event/calendar.ics")
		if (r.Status == 200) != (len(list.Items) == 1) || (r.Status == 200) != (cal.Status == 200) {
			t.Fatalf("page %d, list %d items and calendar %d disagree", r.Status, len(list.Items), cal.Status)
		}
		return r.Status == http.StatusOK
	}
	if visible() {
		t.Fatal("a draft is public")
	}
	org.Post(t, base+"/publish", nil).WantStatus(t, http.StatusOK)
	if !visible() {
		t.Fatal("published event not public")
	}
	org.Post(t, base+"/publish", nil).WantStatus(t, http.StatusConflict)
	org.Post(t, base+"/unpublish", nil).WantStatus(t, http.StatusOK)
	if visible() {
		t.Fatal("unpublished event is public")
	}
	org.Post(t, base+"/publish", nil).WantStatus(t, http.StatusOK)
	org.Delete(t, base).WantStatus(t, http.StatusConflict) // only drafts
	var cancelled events.Detail
	org.Post(t, base+"/cancel", nil).WantStatus(t, http.StatusOK).JSON(t, &cancelled)
	var list events.ListPage
	public.Get(t, "/api/v1/events").WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 0 || cancelled.Sequence != 1 {
		t.Fatalf("cancelled event listed (%d) or sequence %d", len(list.Items), cancelled.Sequence)
	}
	public.Get(t, "/api/v1/events/hidden-event").WantStatus(t, http.StatusOK) // saying it is cancelled: see cancelled_test.go
	org.Post(t, base+"/cancel", nil).WantStatus(t, http.StatusConflict)

	draft := createEvent(t, org, validEvent("short-lived", time.Now().Add(24*time.Hour)))
	org.Delete(t, "/api/v1/manage/events/"+draft.ID).WantStatus(t, http.StatusNoContent)
	org.Get(t, "/api/v1/manage/events/"+draft.ID).WantStatus(t, http.StatusNotFound)
	org.Get(t, "/api/v1/manage/events/not-a-uuid").WantStatus(t, http.StatusNotFound)
}

func TestEventValidation(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(48 * time.Hour)
	tests := []struct {
		field string
		value any
	}{
		{"slug", "Not A Slug"},
		{"slug", "a--b"},
		{"slug", ""},
		{"title", "   "},
		{"duration_minutes", 4},
		{"duration_minutes", 1441},
		{"timezone", "Mars/Olympus_Mons"},
		{"timezone", ""},
		{"stream_url", "javascript:alert(1)"},
		{"cover_image_url", "ftp://example.org/x.png"},
		{"registration_closes_at", start.Add(2 * time.Hour).Format(time.RFC3339)},
		{"capacity", 0},
		{"starts_at", nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s=%v", tt.field, tt.value), func(t *testing.T) {
			body := validEvent("valid-slug", start)
			if tt.value == nil {
				delete(body, tt.field)
			} else {
				body[tt.field] = tt.value
			}
			p := org.Post(t, "/api/v1/manage/events", body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
			if p.Errors[tt.field] == "" {
				t.Errorf("errors %v, want a message for %s", p.Errors, tt.field)
			}
		})
	}
	t.Run("registration opens after it closes", func(t *testing.T) {
		body := validEvent("valid-slug", start)
		body["registration_opens_at"] = start.Add(2 * time.Hour).Format(time.RFC3339)
		body["registration_closes_at"] = start.Add(time.Hour).Format(time.RFC3339)
		if p := org.Post(t, "/api/v1/manage/events", body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors["registration_opens_at"] == "" {
			t.Errorf("errors %v", p.Errors)
		}
	})
	t.Run("no event was saved", func(t *testing.T) {
		var list struct{ Items []events.Event }
		org.Get(t, "/api/v1/manage/events").WantStatus(t, http.StatusOK).JSON(t, &list)
		if len(list.Items) != 0 {
			t.Fatalf("invalid bodies saved events: %v", list.Items)
		}
	})
}

func TestSlugClashAndMassAssignment(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(48 * time.Hour)
	first := createEvent(t, org, validEvent("taken-slug", start))
	org.Post(t, "/api/v1/manage/events", validEvent("taken-slug", start)).WantStatus(t, http.StatusConflict)
	other := createEvent(t, org, validEvent("other-slug", start))
	patch(t, org, "/api/v1/manage/events/"+other.ID, map[string]any{"slug": "taken-slug"}).WantStatus(t, http.StatusConflict)

	for _, field := range []string{"status", "id", "created_by", "sequence"} {
		body := validEvent("fresh-slug", start)
		body[field] = map[string]any{"status": "published", "id": first.ID, "created_by": first.ID, "sequence": 9}[field]
		org.Post(t, "/api/v1/manage/events", body).WantStatus(t, http.StatusBadRequest)
		patch(t, org, "/api/v1/manage/events/"+other.ID, map[string]any{field: body[field]}).WantStatus(t, http.StatusBadRequest)
	}
	var after events.Detail
	org.Get(t, "/api/v1/manage/events/"+other.ID).WantStatus(t, http.StatusOK).JSON(t, &after)
	if after.Status != events.StatusDraft || after.Slug != "other-slug" || after.Sequence != 0 {
		t.Fatalf("refused patches changed the event: %+v", after.Event)
	}
}

func TestPatchIsPartialAndMovesSequence(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(48 * time.Hour).Truncate(time.Second)
	d := createEvent(t, org, validEvent("patch-me", start))
	base := "/api/v1/manage/events/" + d.ID

	var got events.Detail
	patch(t, org, base, map[string]any{"summary": "New summary", "capacity": 100}).WantStatus(t, http.StatusOK).JSON(t, &got)
	if got.Summary != "New summary" || got.Title != d.Title || got.StreamURL != streamURL || *got.Capacity != 100 || got.Sequence != 0 {
		t.Fatalf("partial patch: %+v", got.Event)
	}
	// Moving the start earlier would end the event before registration closes.
	p := patch(t, org, base, map[string]any{"starts_at": start.Add(-time.Hour).Format(time.RFC3339)}).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["registration_closes_at"] == "" {
		t.Errorf("errors %v", p.Errors)
	}
	patch(t, org, base, map[string]any{"capacity": nil, "starts_at": start.Add(time.Hour).Format(time.RFC3339)}).WantStatus(t, http.StatusOK).JSON(t, &got)
	if got.Capacity != nil || got.Sequence != 1 || !got.StartsAt.Equal(start.Add(time.Hour)) {
		t.Fatalf("moving the time: %+v", got.Event)
	}
	p = patch(t, org, base, map[string]any{"duration_minutes": 3}).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["duration_minutes"] == "" {
		t.Errorf("errors %v", p.Errors)
	}
	patch(t, org, "/api/v1/manage/events/00000000-0000-4000-8000-000000000000", map[string]any{"title": "x"}).WantStatus(t, http.StatusNotFound)
}

func TestPermissions(t *testing.T) {
	env := apitest.New(t)
	organiser := env.SignedIn(t, accounts.RoleOrganiser)
	d := createEvent(t, organiser, validEvent("perm-event", time.Now().Add(48*time.Hour)))
	moderator := env.SignedIn(t, accounts.RoleModerator)
	anonymous := env.Client()

	moderator.Get(t, "/api/v1/manage/events").WantStatus(t, http.StatusOK)
	moderator.Get(t, "/api/v1/manage/events/"+d.ID).WantStatus(t, http.StatusOK)
	moderator.Get(t, "/api/v1/manage/people").WantStatus(t, http.StatusOK)
	moderator.Post(t, "/api/v1/manage/events", validEvent("mod-event", time.Now().Add(48*time.Hour))).WantStatus(t, http.StatusForbidden)
	patch(t, moderator, "/api/v1/manage/events/"+d.ID, map[string]any{"title": "x"}).WantStatus(t, http.StatusForbidden)
	moderator.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusForbidden)
	moderator.Post(t, "/api/v1/manage/people", map[string]string{"name": "X"}).WantStatus(t, http.StatusForbidden)

	anonymous.Get(t, "/api/v1/manage/events").WantStatus(t, http.StatusUnauthorized)
	anonymous.Post(t, "/api/v1/manage/events", validEvent("anon-event", time.Now().Add(48*time.Hour))).WantStatus(t, http.StatusUnauthorized)
	env.SignedIn(t, accounts.RoleAdmin).Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
}

func TestAgendaAndParts(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	d := createEvent(t, org, validEvent("agenda-event", time.Now().Add(48*time.Hour)))
	base := "/api/v1/manage/events/" + d.ID
	speaker := createPerson(t, org, "Grace Pollard", "New Local")
	outsider := createPerson(t, org, "Joe Fyans", "Localis")
	put(t, org, base+"/speakers", map[string]any{"speakers": []map[string]string{{"person_id": speaker.ID, "role": "panellist"}}}).WantStatus(t, http.StatusOK)

	bad := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"past the end", map[string]any{"title": "Late", "start_offset_minutes": 70, "duration_minutes": 10}, "duration_minutes"},
		{"negative start", map[string]any{"title": "Early", "start_offset_minutes": -5, "duration_minutes": 10}, "start_offset_minutes"},
		{"speaker not in the event", map[string]any{"title": "Talk", "start_offset_minutes": 0, "duration_minutes": 10, "speaker_ids": []string{outsider.ID}}, "speaker_ids"},
		{"no title", map[string]any{"title": "", "start_offset_minutes": 0, "duration_minutes": 10}, "title"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			p := org.Post(t, base+"/agenda", tt.body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
			if p.Errors[tt.field] == "" {
				t.Errorf("errors %v, want %s", p.Errors, tt.field)
			}
		})
	}
	var got events.Detail
	for _, title := range []string{"One", "Two", "Three"} {
		org.Post(t, base+"/agenda", map[string]any{"title": title, "start_offset_minutes": 0, "duration_minutes": 10}).WantStatus(t, http.StatusCreated).JSON(t, &got)
	}
	ids := []string{got.Agenda[2].ID, got.Agenda[0].ID, got.Agenda[1].ID}
	put(t, org, base+"/agenda/order", map[string]any{"item_ids": ids}).WantStatus(t, http.StatusOK).JSON(t, &got)
	if titles := agendaTitles(got); !slices.Equal(titles, []string{"Three", "One", "Two"}) {
		t.Fatalf("reordered %v", titles)
	}
	put(t, org, base+"/agenda/order", map[string]any{"item_ids": ids[:2]}).WantStatus(t, http.StatusUnprocessableEntity)
	put(t, org, base+"/agenda/"+ids[0], map[string]any{"title": "Three, renamed", "start_offset_minutes": 5, "duration_minutes": 20, "speaker_ids": []string{speaker.ID}}).
		WantStatus(t, http.StatusOK).JSON(t, &got)
	org.Do(t, apitest.Request{Method: http.MethodDelete, Path: base + "/agenda/" + ids[1]}).WantStatus(t, http.StatusOK).JSON(t, &got)
	if titles := agendaTitles(got); !slices.Equal(titles, []string{"Three, renamed", "Two"}) || got.Agenda[0].Speakers[0].Name != "Grace Pollard" {
		t.Fatalf("after update and delete: %+v", got.Agenda)
	}

	// Parts that point nowhere are refused.
	put(t, org, base+"/speakers", map[string]any{"speakers": []map[string]string{{"person_id": "00000000-0000-4000-8000-000000000000", "role": "chair"}}}).
		WantStatus(t, http.StatusUnprocessableEntity)
	put(t, org, base+"/speakers", map[string]any{"speakers": []map[string]string{{"person_id": speaker.ID, "role": "host"}}}).
		WantStatus(t, http.StatusUnprocessableEntity)
	// A person who speaks cannot be deleted; one who does not can.
	org.Delete(t, "/api/v1/manage/people/"+speaker.ID).WantStatus(t, http.StatusConflict)
	org.Delete(t, "/api/v1/manage/people/"+outsider.ID).WantStatus(t, http.StatusNoContent)
}

func agendaTitles(d events.Detail) []string {
	var titles []string
	for _, a := range d.Agenda {
		titles = append(titles, a.Title)
	}
	return titles
}

var emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

const organiserNote = "Speakers' fees still to agree"

// Public responses never carry an email address, the private stream URL or
// the note for organisers.
func TestPublicResponsesHoldNoEmailStreamURLOrOrganiserNote(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	body := validEvent("private-bits", time.Now().Add(48*time.Hour))
	body["organiser_note"] = "  " + organiserNote + "\n"
	d := createEvent(t, org, body)
	if d.OrganiserNote != organiserNote {
		t.Errorf("created with note %q, want %q", d.OrganiserNote, organiserNote)
	}
	p := createPerson(t, org, "Alice Blogg", "Iron Mountain")
	put(t, org, "/api/v1/manage/events/"+d.ID+"/speakers", map[string]any{"speakers": []map[string]string{{"person_id": p.ID, "role": "panellist"}}}).WantStatus(t, http.StatusOK)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)

	public := env.Client()
	for _, path := range []string{"/api/v1/events", "/api/v1/events?when=upcoming", "/api/v1/events?q=Blogg", "/api/v1/events/private-bits", "/api/v1/events/private-bits/calendar.ics"} {
		body := string(public.Get(t, path).WantStatus(t, http.StatusOK).Body)
		if !strings.Contains(body, "private-bits") {
			t.Errorf("%s does not show the event", path)
		}
		if strings.Contains(body, "stream.example.org") {
			t.Errorf("%s carries the stream URL", path)
		}
		if strings.Contains(body, "fees still") || strings.Contains(body, "organiser_note") {
			t.Errorf("%s carries the note for organisers", path)
		}
		if m := emailPattern.FindString(body); m != "" {
			t.Errorf("%s carries an email address: %s", path, m)
		}
	}
	// The organiser still sees the stream URL and the note, and changes the note.
	var seen events.Detail
	org.Get(t, "/api/v1/manage/events/"+d.ID).WantStatus(t, http.StatusOK).JSON(t, &seen)
	if seen.StreamURL != streamURL || seen.OrganiserNote != organiserNote {
		t.Errorf("organiser view: stream URL %q, note %q", seen.StreamURL, seen.OrganiserNote)
	}
	patch(t, org, "/api/v1/manage/events/"+d.ID, map[string]any{"organiser_note": ""}).WantStatus(t, http.StatusOK).JSON(t, &seen)
	if seen.OrganiserNote != "" {
		t.Errorf("note after clearing: %q", seen.OrganiserNote)
	}
	long := patch(t, org, "/api/v1/manage/events/"+d.ID, map[string]any{"organiser_note": strings.Repeat("é", 5001)})
	if p := long.WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors["organiser_note"] == "" {
		t.Errorf("a note too long: %+v", p)
	}
}

func TestListFiltersSearchAndPaging(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	now := time.Now().Truncate(time.Second)
	mk := func(slug string, at time.Time, topics []string, title string) events.Detail {
		body := validEvent(slug, at)
		body["topics"], body["title"] = topics, title
		delete(body, "registration_closes_at")
		d := createEvent(t, org, body)
		org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
		return d
	}
	mk("past-two", now.Add(-48*time.Hour), []string{"data"}, "Data sharing in practice")
	mk("past-one", now.Add(-24*time.Hour), []string{"prevention"}, "Community power")
	mk("live-now", now.Add(-10*time.Minute), []string{"prevention"}, "Levelling up")
	soon := mk("soon", now.Add(24*time.Hour), []string{"data", "prevention"}, "Digital services")
	mk("later", now.Add(48*time.Hour), []string{"prevention"}, "Upstream prevention")
	person := createPerson(t, org, "Grace Pollard", "New Local")
	put(t, org, "/api/v1/manage/events/"+soon.ID+"/speakers", map[string]any{"speakers": []map[string]string{{"person_id": person.ID, "role": "panellist"}}}).WantStatus(t, http.StatusOK)
	createEvent(t, org, validEvent("draft-never-listed", now.Add(24*time.Hour)))

	c := env.Client()
	slugs := func(path string) []string {
		var page events.ListPage
		c.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &page)
		var s []string
		for _, it := range page.Items {
			s = append(s, it.Slug)
		}
		return s
	}
	for path, want := range map[string][]string{
		"/api/v1/events?when=upcoming":                        {"live-now", "soon", "later"},
		"/api/v1/events?when=past":                            {"past-one", "past-two"},
		"/api/v1/events":                                      {"later", "soon", "live-now", "past-one", "past-two"},
		"/api/v1/events?topic=data":                           {"soon", "past-two"},
		"/api/v1/events?topic=DATA&when=past":                 {"past-two"},
		"/api/v1/events?q=" + url.QueryEscape("Pollard"):      {"soon"},
		"/api/v1/events?q=" + url.QueryEscape("sharing data"): {"past-two"},
		"/api/v1/events?q=nothingmatches":                     nil,
	} {
		if got := slugs(path); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", path, got, want)
		}
	}

	// Paging two at a time visits every event once, in order.
	var all []string
	next := "/api/v1/events?limit=2"
	for next != "" {
		var page events.ListPage
		c.Get(t, next).WantStatus(t, http.StatusOK).JSON(t, &page)
		for _, it := range page.Items {
			all = append(all, it.Slug)
		}
		next = ""
		if page.NextCursor != nil {
			next = "/api/v1/events?limit=2&cursor=" + url.QueryEscape(*page.NextCursor)
		}
	}
	if !slices.Equal(all, []string{"later", "soon", "live-now", "past-one", "past-two"}) {
		t.Errorf("paged: %v", all)
	}
	for _, bad := range []string{"?when=tomorrow", "?limit=0", "?limit=201"} {
		c.Get(t, "/api/v1/events"+bad).WantStatus(t, http.StatusUnprocessableEntity)
	}
	c.Get(t, "/api/v1/events?cursor=garbage").WantStatus(t, http.StatusBadRequest)
}

// Two server processes on one database: a change made through one reaches
// the other's page cache through LISTEN/NOTIFY.
func TestPageCacheFollowsChangesFromAnotherProcess(t *testing.T) {
	one := apitest.New(t)
	two := one.Sibling(t)
	org := one.SignedIn(t, accounts.RoleOrganiser)
	d := createEvent(t, org, validEvent("shared-page", time.Now().Add(48*time.Hour)))
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)

	reader := two.Client()
	reader.Get(t, "/api/v1/events/shared-page").WantStatus(t, http.StatusOK) // now cached in two
	patch(t, org, "/api/v1/manage/events/"+d.ID, map[string]any{"title": "Renamed elsewhere"}).WantStatus(t, http.StatusOK)

	deadline := time.Now().Add(10 * time.Second) // a bound, not a speed requirement
	for {
		body := reader.Get(t, "/api/v1/events/shared-page").WantStatus(t, http.StatusOK).Body
		if bytes.Contains(body, []byte("Renamed elsewhere")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the other process still serves the old page: %s", body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/unpublish", nil).WantStatus(t, http.StatusOK)
	for {
		if r := reader.Get(t, "/api/v1/events/shared-page"); r.Status == http.StatusNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the other process still serves an unpublished event")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// An event in Europe/London across the clocks going forward: the API's UTC
// times, the zone and the calendar file agree.
func TestDaylightSavingCrossing(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Date(2027, 3, 28, 0, 30, 0, 0, time.UTC) // 00:30 GMT; clocks go to 02:00 BST at 01:00 UTC
	body := validEvent("clocks-change", start)
	body["duration_minutes"] = 120
	delete(body, "registration_closes_at")
	d := createEvent(t, org, body)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)

	var page events.PublicEvent
	env.Client().Get(t, "/api/v1/events/clocks-change").WantStatus(t, http.StatusOK).JSON(t, &page)
	if !page.StartsAt.Equal(start) || !page.EndsAt.Equal(start.Add(2*time.Hour)) {
		t.Fatalf("starts %s ends %s", page.StartsAt, page.EndsAt)
	}
	london, _ := time.LoadLocation("Europe/London")
	if got := page.EndsAt.In(london).Format("15:04 MST"); got != "03:30 BST" {
		t.Errorf("ends at %s London time, want 03:30 BST", got)
	}

	raw := env.Client().Get(t, "/api/v1/events/clocks-change/calendar.ics").WantStatus(t, http.StatusOK).Body
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("parse calendar: %v\n%s", err, raw)
	}
	var vevent *ical.Component
	for _, child := range cal.Children {
		if child.Name == ical.CompEvent {
			vevent = child
		}
	}
	if vevent == nil {
		t.Fatalf("no VEVENT in\n%s", raw)
	}
	for prop, want := range map[string]time.Time{ical.PropDateTimeStart: page.StartsAt, ical.PropDateTimeEnd: page.EndsAt} {
		p := vevent.Props.Get(prop)
		if p == nil || p.Params.Get(ical.ParamTimezoneID) != "Europe/London" {
			t.Fatalf("%s: %+v, want TZID=Europe/London", prop, p)
		}
		got, err := p.DateTime(london)
		if err != nil || !got.Equal(want) {
			t.Errorf("%s = %s (%v), want %s", prop, got, err, want)
		}
	}
	if v := vevent.Props.Get(ical.PropDateTimeEnd).Value; v != "20270328T033000" {
		t.Errorf("DTEND %s, want 20270328T033000", v)
	}
}

func TestPeopleAndOrganisationValidation(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	people := []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"name": ""}, "name"},
		{map[string]string{"name": "A", "photo_url": "data:image/png;base64,AAAA"}, "photo_url"},
		{map[string]string{"name": "A", "bio": strings.Repeat("x", 2001)}, "bio"},
	}
	for _, tt := range people {
		if p := org.Post(t, "/api/v1/manage/people", tt.body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors[tt.field] == "" {
			t.Errorf("person %v: errors %v, want %s", tt.body, p.Errors, tt.field)
		}
	}
	orgs := []struct {
		body  map[string]string
		field string
	}{
		{map[string]string{"name": "  "}, "name"},
		{map[string]string{"name": "X", "website": "www.example.org"}, "website"},
		{map[string]string{"name": "X", "logo_url": "javascript:alert(1)"}, "logo_url"},
	}
	for _, tt := range orgs {
		if p := org.Post(t, "/api/v1/manage/organisations", tt.body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors[tt.field] == "" {
			t.Errorf("organisation %v: errors %v, want %s", tt.body, p.Errors, tt.field)
		}
	}
	org.Post(t, "/api/v1/manage/organisations", map[string]string{"name": "Localis"}).WantStatus(t, http.StatusCreated)
	if p := org.Post(t, "/api/v1/manage/organisations", map[string]string{"name": "LOCALIS"}).WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors["name"] == "" {
		t.Errorf("duplicate organisation name: %v", p.Errors)
	}

	// Renaming a speaker shows on the public page and in search at once.
	d := createEvent(t, org, validEvent("rename-shows", time.Now().Add(48*time.Hour)))
	person := createPerson(t, org, "Joe Fyans", "Localis")
	put(t, org, "/api/v1/manage/events/"+d.ID+"/speakers", map[string]any{"speakers": []map[string]string{{"person_id": person.ID, "role": "panellist"}}}).WantStatus(t, http.StatusOK)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	public := env.Client()
	public.Get(t, "/api/v1/events/rename-shows").WantStatus(t, http.StatusOK)
	put(t, org, "/api/v1/manage/people/"+person.ID, map[string]string{"name": "Joseph Fyans", "organisation": "Localis"}).WantStatus(t, http.StatusOK)
	if body := string(public.Get(t, "/api/v1/events/rename-shows").WantStatus(t, http.StatusOK).Body); !strings.Contains(body, "Joseph Fyans") {
		t.Errorf("page after rename: %s", body)
	}
	var list events.ListPage
	public.Get(t, "/api/v1/events?q=Joseph").WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 1 {
		t.Errorf("search by the new name found %d events", len(list.Items))
	}
}

func TestMarkdownPreview(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	var got struct{ HTML string }
	org.Post(t, "/api/v1/manage/markdown", map[string]string{"markdown": "**Bold** <script>alert(1)</script> <a href=\"javascript:x\">x</a>"}).
		WantStatus(t, http.StatusOK).JSON(t, &got)
	if !strings.Contains(got.HTML, "<strong>Bold</strong>") || strings.Contains(got.HTML, "<script") || strings.Contains(got.HTML, "javascript:") {
		t.Errorf("preview %q", got.HTML)
	}
	env.SignedIn(t, accounts.RoleModerator).Post(t, "/api/v1/manage/markdown", map[string]string{"markdown": "x"}).WantStatus(t, http.StatusForbidden)
	env.Client().Post(t, "/api/v1/manage/markdown", map[string]string{"markdown": "x"}).WantStatus(t, http.StatusUnauthorized)
}

// Link previews: the page's HTML carries its title, description and Open
// Graph tags without JavaScript, escaped.
func TestEventPageHTMLCarriesLinkPreviewTags(t *testing.T) {
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	body := validEvent("preview-tags", time.Now().Add(48*time.Hour))
	body["title"] = `Data & "trust" <now>`
	body["summary"] = "Sharing data between councils."
	d := createEvent(t, org, body)

	page := func(path string) string {
		resp, err := http.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		return b.String()
	}
	if html := page("/events/preview-tags"); strings.Contains(html, "og:title") {
		t.Errorf("a draft's page carries its preview tags:\n%s", html)
	}
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	html := page("/events/preview-tags")
	for _, want := range []string{
		`<title>Data &amp; &#34;trust&#34; &lt;now&gt; — Plenary</title>`,
		`<meta property="og:title" content="Data &amp; &#34;trust&#34; &lt;now&gt;">`,
		`<meta name="description" content="Sharing data between councils.">`,
		`<meta property="og:url" content="` + env.Config.BaseURL + `/events/preview-tags">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s:\n%s", want, html)
		}
	}
	if strings.Count(html, `name="description"`) != 1 {
		t.Errorf("want exactly one description meta:\n%s", html)
	}
}
