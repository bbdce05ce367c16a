package events

import (
	"testing"
	"time"

	"plenary/internal/httpserver"
)

// eventSeeds are bodies of create and patch requests, good and hostile.
var eventSeeds = []string{
	`{"slug":"early-intervention","title":"Early intervention","starts_at":"2026-06-23T09:00:00Z","duration_minutes":75,"timezone":"Europe/London","capacity":500,"topics":["prevention"]}`,
	`{"capacity":2147483648}`, `{"capacity":100001}`, `{"capacity":null}`, `{"capacity":-1}`,
	`{"title":"a\u0000b"}`, `{"starts_at":"0000-01-01T00:00:00Z"}`, `{"starts_at":"9999-12-31T23:59:59Z"}`,
	`{"timezone":"Local"}`, `{"timezone":"../../etc/passwd"}`, `{"topics":["a","a","A "]}`,
	`{"registration_opens_at":"1999-12-31T23:59:59Z","registration_closes_at":null}`, `{"duration_minutes":9223372036854775807}`,
}

// FuzzEventInput: a create or patch body either fails to decode, fails
// validation, or gives an event whose every field fits its column.
func FuzzEventInput(f *testing.F) {
	for _, s := range eventSeeds {
		f.Add([]byte(s))
	}
	base := NewEvent{Slug: "base-event", Title: "Base", StartsAt: ptr(time.Date(2026, 6, 23, 9, 0, 0, 0, time.UTC)),
		DurationMinutes: 60, Timezone: "Europe/London"}.event()
	f.Fuzz(func(t *testing.T, body []byte) {
		var n NewEvent
		if httpserver.DecodeJSON(body, &n) == nil {
			e := n.event()
			e.normalise()
			if e.validate() == nil {
				checkEventFits(t, e)
			}
		}
		var p EventPatch
		if httpserver.DecodeJSON(body, &p) == nil {
			e, _ := p.Apply(base)
			e.normalise()
			if e.validate() == nil {
				checkEventFits(t, e)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }

// checkEventFits fails when a valid event holds what PostgreSQL refuses or
// what the API documents as out of range.
func checkEventFits(t *testing.T, e Event) {
	t.Helper()
	for _, s := range append([]string{e.Slug, e.Title, e.Summary, e.Description, e.Timezone, e.StreamURL, e.CoverImageURL}, e.Topics...) {
		if httpserver.TextProblem(s) != "" {
			t.Fatalf("valid event holds unreadable text %q", s)
		}
	}
	if e.Capacity != nil && (*e.Capacity < 1 || *e.Capacity > maxCapacity) {
		t.Fatalf("valid event with capacity %d", *e.Capacity)
	}
	if e.DurationMinutes < minDuration || e.DurationMinutes > maxDuration || len(e.Topics) > maxTopics {
		t.Fatalf("valid event with duration %d and %d topics", e.DurationMinutes, len(e.Topics))
	}
	for _, when := range []*time.Time{&e.StartsAt, e.RegistrationOpensAt, e.RegistrationClosesAt} {
		if when != nil && (when.Before(earliestTime) || !when.Before(latestTime)) {
			t.Fatalf("valid event with a time in year %d", when.Year())
		}
	}
}

// FuzzAgendaInput: a valid agenda item lies inside its event.
func FuzzAgendaInput(f *testing.F) {
	for _, s := range []string{`{"title":"Welcome","start_offset_minutes":0,"duration_minutes":10}`,
		`{"title":"x","start_offset_minutes":9223372036854775807,"duration_minutes":9223372036854775807}`,
		`{"title":"x","start_offset_minutes":-1,"duration_minutes":2147483648}`, `{"title":"\u0000"}`} {
		f.Add([]byte(s))
	}
	event := Event{DurationMinutes: 75}
	f.Fuzz(func(t *testing.T, body []byte) {
		var a AgendaInput
		if httpserver.DecodeJSON(body, &a) != nil || a.validate(event, nil) != nil {
			return
		}
		if a.StartOffsetMinutes < 0 || a.DurationMinutes < 1 || a.StartOffsetMinutes+a.DurationMinutes > event.DurationMinutes {
			t.Fatalf("valid agenda item %+v outside a %d-minute event", a, event.DurationMinutes)
		}
		if httpserver.TextProblem(a.Title) != "" || httpserver.TextProblem(a.Description) != "" {
			t.Fatalf("valid agenda item holds unreadable text: %+v", a)
		}
	})
}
