package events_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"plenary/internal/events"
)

// The calendar is written with arran4/golang-ical and read back here with
// emersion/go-ical, a parser that had no part in writing it.

func parseCalendar(t *testing.T, raw []byte) (*ical.Calendar, *ical.Component, *ical.Component) {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, raw)
	}
	var event, zone *ical.Component
	for _, c := range cal.Children {
		switch c.Name {
		case ical.CompEvent:
			event = c
		case ical.CompTimezone:
			zone = c
		}
	}
	if event == nil {
		t.Fatalf("no VEVENT:\n%s", raw)
	}
	return cal, event, zone
}

func detail(tz string, start time.Time, minutes, sequence int, status events.Status) events.Detail {
	return events.Detail{
		Event: events.Event{ID: "4f1c2f9e-7d43-4b0a-9a53-0a4c1c6f8e11", Slug: "early-intervention",
			Title: "Early intervention: how the public sector can work together to unlock prevention", Summary: "A panel.",
			StartsAt: start, DurationMinutes: minutes, Timezone: tz, Status: status, Sequence: sequence},
		Speakers: []events.Speaker{
			{Name: "Andrew Kerr", JobTitle: "Chief Executive", Organisation: "City of Edinburgh Council", Role: events.RolePanellist},
			{Name: "Alice Blogg", Organisation: "Iron Mountain", Role: events.RolePanellist},
		},
	}
}

func render(t *testing.T, d events.Detail, method string) []byte {
	t.Helper()
	raw, err := events.Calendar(d, events.CalendarOptions{PageURL: "https://example.org/events/early-intervention", Method: method, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestCalendarSummerEventInLondon(t *testing.T) {
	start := time.Date(2022, 6, 23, 9, 0, 0, 0, time.UTC) // 10:00 BST
	raw := render(t, detail("Europe/London", start, 75, 2, events.StatusPublished), "")
	cal, ev, zone := parseCalendar(t, raw)

	want := map[string]string{
		ical.PropUID: events.CalendarUID("4f1c2f9e-7d43-4b0a-9a53-0a4c1c6f8e11"), ical.PropSequence: "2",
		ical.PropURL: "https://example.org/events/early-intervention", ical.PropStatus: "CONFIRMED",
		ical.PropDateTimeStart: "20220623T100000", ical.PropDateTimeEnd: "20220623T111500",
	}
	for prop, value := range want {
		if got := ev.Props.Get(prop); got == nil || got.Value != value {
			t.Errorf("%s = %+v, want %s", prop, got, value)
		}
	}
	if m := cal.Props.Get(ical.PropMethod); m == nil || m.Value != "PUBLISH" {
		t.Errorf("METHOD %+v", m)
	}
	london, _ := time.LoadLocation("Europe/London")
	if got, err := ev.Props.Get(ical.PropDateTimeStart).DateTime(london); err != nil || !got.Equal(start) {
		t.Errorf("DTSTART resolves to %s (%v), want %s", got, err, start)
	}
	desc, _ := ev.Props.Text(ical.PropDescription)
	for _, s := range []string{"Andrew Kerr, Chief Executive, City of Edinburgh Council (panellist)", "Alice Blogg, Iron Mountain (panellist)"} {
		if !strings.Contains(desc, s) {
			t.Errorf("DESCRIPTION lacks %q:\n%s", s, desc)
		}
	}

	if zone == nil || zone.Props.Get(ical.PropTimezoneID).Value != "Europe/London" {
		t.Fatalf("VTIMEZONE %+v", zone)
	}
	parts := map[string]bool{}
	for _, c := range zone.Children {
		key := c.Name + " " + c.Props.Get(ical.PropDateTimeStart).Value + " " +
			c.Props.Get(ical.PropTimezoneOffsetFrom).Value + ">" + c.Props.Get(ical.PropTimezoneOffsetTo).Value
		parts[key] = true
	}
	for _, p := range []string{"DAYLIGHT 20220327T010000 +0000>+0100", "STANDARD 20221030T020000 +0100>+0000"} {
		if !parts[p] {
			t.Errorf("VTIMEZONE lacks %s; has %v", p, parts)
		}
	}
}

func TestCalendarZonesWithoutChanges(t *testing.T) {
	start := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
	_, _, tokyo := parseCalendar(t, render(t, detail("Asia/Tokyo", start, 60, 0, events.StatusPublished), ""))
	if tokyo == nil || len(tokyo.Children) != 1 || tokyo.Children[0].Name != ical.CompTimezoneStandard ||
		tokyo.Children[0].Props.Get(ical.PropTimezoneOffsetTo).Value != "+0900" {
		t.Fatalf("Tokyo VTIMEZONE %+v", tokyo)
	}
	_, ev, zone := parseCalendar(t, render(t, detail("UTC", start, 60, 0, events.StatusPublished), ""))
	if zone != nil || ev.Props.Get(ical.PropDateTimeStart).Value != "20261201T010000Z" {
		t.Fatalf("UTC event: zone %v, DTSTART %v", zone, ev.Props.Get(ical.PropDateTimeStart))
	}
}

func TestCalendarSequenceAndCancellation(t *testing.T) {
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	_, first, _ := parseCalendar(t, render(t, detail("Europe/London", start, 60, 0, events.StatusPublished), "REQUEST"))
	cal, moved, _ := parseCalendar(t, render(t, detail("Europe/London", start.Add(time.Hour), 60, 1, events.StatusPublished), "CANCEL"))
	if first.Props.Get(ical.PropUID).Value != moved.Props.Get(ical.PropUID).Value {
		t.Error("UID changed between versions of one event")
	}
	if moved.Props.Get(ical.PropSequence).Value != "1" || moved.Props.Get(ical.PropStatus).Value != "CANCELLED" || cal.Props.Get(ical.PropMethod).Value != "CANCEL" {
		t.Errorf("cancellation: %+v", moved.Props)
	}
	_, cancelled, _ := parseCalendar(t, render(t, detail("Europe/London", start, 60, 3, events.StatusCancelled), ""))
	if cancelled.Props.Get(ical.PropStatus).Value != "CANCELLED" {
		t.Error("a cancelled event's calendar is not CANCELLED")
	}
}

func TestCalendarLinesAreFoldedWithCRLF(t *testing.T) {
	d := detail("Europe/London", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), 60, 0, events.StatusPublished)
	d.Title = strings.Repeat("A very long webinar title ", 10)
	raw := render(t, d, "")
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Fatal("no CRLF at the end")
	}
	for i, line := range strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n") {
		if len(line) > 75 || strings.Contains(line, "\n") {
			t.Errorf("line %d is %d octets or has a bare LF: %q", i+1, len(line), line)
		}
	}
	_, ev, _ := parseCalendar(t, raw)
	if got, _ := ev.Props.Text(ical.PropSummary); got != d.Title {
		t.Errorf("SUMMARY after unfolding = %q", got)
	}
}
