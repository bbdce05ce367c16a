package events_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"plenary/internal/events"
)

// Calendar files are written with arran4/golang-ical; these tests read them
// back with emersion/go-ical, which had no part in writing them.

const calPageURL = "https://example.org/events/early-intervention"

var calNow = time.Date(2022, 6, 1, 8, 30, 0, 0, time.UTC)

func calDetail(tz string, start time.Time, minutes, sequence int, status events.Status) events.Detail {
	return events.Detail{
		Event: events.Event{
			ID: "7d3e0c4a-1b2f-4c5d-8e9f-a0b1c2d3e4f5", Slug: "early-intervention",
			Title:    "Early intervention: unlocking prevention",
			Summary:  "A panel on prevention; with questions, answers\\and more.",
			StartsAt: start, DurationMinutes: minutes, Timezone: tz, Status: status, Sequence: sequence,
		},
		Speakers: []events.Speaker{
			{Name: "Andrew Kerr", JobTitle: "Chief Executive", Organisation: "City of Edinburgh Council", Role: events.RoleChair},
			{Name: "Alice Blogg", Organisation: "Iron Mountain", Role: events.RolePanellist},
			{Name: "Sam Jones", Role: events.RoleKeynote},
		},
	}
}

func calRender(t *testing.T, d events.Detail, method string) []byte {
	t.Helper()
	raw, err := events.Calendar(d, events.CalendarOptions{PageURL: calPageURL, Method: method, Now: calNow})
	if err != nil {
		t.Fatalf("Calendar: %v", err)
	}
	return raw
}

// calParse decodes raw and returns the calendar, its only VEVENT and its
// VTIMEZONE (nil when there is none).
func calParse(t *testing.T, raw []byte) (cal *ical.Calendar, event, zone *ical.Component) {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, raw)
	}
	var nEvents, nZones int
	for _, c := range cal.Children {
		switch c.Name {
		case ical.CompEvent:
			event, nEvents = c, nEvents+1
		case ical.CompTimezone:
			zone, nZones = c, nZones+1
		}
	}
	if nEvents != 1 || nZones > 1 {
		t.Fatalf("want one VEVENT and at most one VTIMEZONE, got %d and %d:\n%s", nEvents, nZones, raw)
	}
	return cal, event, zone
}

// calProp is the raw value of the named property, failing when it is absent.
func calProp(t *testing.T, c *ical.Component, name string) *ical.Prop {
	t.Helper()
	p := c.Props.Get(name)
	if p == nil {
		t.Fatalf("%s has no %s", c.Name, name)
	}
	return p
}

// calObservance is a VTIMEZONE's STANDARD or DAYLIGHT part, as a comparable value.
type calObservance struct{ Kind, Start, From, To string }

func calObservances(t *testing.T, zone *ical.Component) []calObservance {
	t.Helper()
	var obs []calObservance
	for _, c := range zone.Children {
		obs = append(obs, calObservance{c.Name, calProp(t, c, ical.PropDateTimeStart).Value,
			calProp(t, c, ical.PropTimezoneOffsetFrom).Value, calProp(t, c, ical.PropTimezoneOffsetTo).Value})
	}
	return obs
}

func calHas(obs []calObservance, want calObservance) bool {
	for _, o := range obs {
		if o == want {
			return true
		}
	}
	return false
}

// calResolve reads the local time of prop using only the observances of the
// calendar's own VTIMEZONE (not Go's zone database): the offset is the
// TZOFFSETTO of the latest observance starting at or before that local time.
func calResolve(t *testing.T, zone *ical.Component, prop *ical.Prop) time.Time {
	t.Helper()
	const local = "20060102T150405"
	wall, err := time.Parse(local, prop.Value)
	if err != nil {
		t.Fatalf("%s %q: %v", prop.Name, prop.Value, err)
	}
	var onset time.Time
	offset, found := 0, false
	for _, c := range zone.Children {
		start, err := time.Parse(local, calProp(t, c, ical.PropDateTimeStart).Value)
		if err != nil {
			t.Fatal(err)
		}
		if !start.After(wall) && (!found || start.After(onset)) {
			onset, found = start, true
			to := calProp(t, c, ical.PropTimezoneOffsetTo).Value
			h, m := int(to[1]-'0')*10+int(to[2]-'0'), int(to[3]-'0')*10+int(to[4]-'0')
			offset = h*3600 + m*60
			if to[0] == '-' {
				offset = -offset
			}
		}
	}
	if !found {
		t.Fatalf("no observance of the VTIMEZONE covers %s %s", prop.Name, prop.Value)
	}
	return wall.Add(-time.Duration(offset) * time.Second)
}

func TestCalendarLondonSummer(t *testing.T) {
	start := time.Date(2022, 6, 23, 9, 0, 0, 0, time.UTC) // 10:00 BST
	d := calDetail("Europe/London", start, 75, 2, events.StatusPublished)
	cal, ev, zone := calParse(t, calRender(t, d, ""))

	for prop, want := range map[string]string{
		ical.PropVersion: "2.0", ical.PropProductID: "-//Plenary//Plenary//EN",
		ical.PropMethod: "PUBLISH", ical.PropCalendarScale: "GREGORIAN",
	} {
		if got := calProp(t, cal.Component, prop).Value; got != want {
			t.Errorf("VCALENDAR %s = %q, want %q", prop, got, want)
		}
	}
	for prop, want := range map[string]string{
		ical.PropUID:      "event-7d3e0c4a-1b2f-4c5d-8e9f-a0b1c2d3e4f5@plenary",
		ical.PropSequence: "2", ical.PropStatus: "CONFIRMED",
		ical.PropURL: calPageURL, ical.PropDateTimeStamp: "20220601T083000Z",
		ical.PropDateTimeStart: "20220623T100000", ical.PropDateTimeEnd: "20220623T111500",
	} {
		if got := calProp(t, ev, prop).Value; got != want {
			t.Errorf("VEVENT %s = %q, want %q", prop, got, want)
		}
	}
	if got, _ := ev.Props.Text(ical.PropSummary); got != d.Title {
		t.Errorf("SUMMARY = %q, want %q", got, d.Title)
	}
	if got, _ := ev.Props.Text(ical.PropLocation); !strings.HasPrefix(got, "Online") || !strings.Contains(got, calPageURL) {
		t.Errorf("LOCATION = %q", got)
	}

	for _, prop := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
		if tzid := calProp(t, ev, prop).Params.Get(ical.PropTimezoneID); tzid != "Europe/London" {
			t.Errorf("%s TZID = %q, want Europe/London", prop, tzid)
		}
	}
	// The TZID, not the location passed in, decides how the local time is read.
	if got, err := calProp(t, ev, ical.PropDateTimeStart).DateTime(time.UTC); err != nil || !got.Equal(start) {
		t.Errorf("DTSTART resolves to %s (%v), want %s", got, err, start)
	}
	if got, err := calProp(t, ev, ical.PropDateTimeEnd).DateTime(time.UTC); err != nil || !got.Equal(d.EndsAt()) {
		t.Errorf("DTEND resolves to %s (%v), want %s", got, err, d.EndsAt())
	}

	desc, err := ev.Props.Text(ical.PropDescription)
	if err != nil {
		t.Fatal(err)
	}
	wantDesc := d.Summary + "\n\nSpeakers:\n" +
		"Andrew Kerr, Chief Executive, City of Edinburgh Council (chair)\n" +
		"Alice Blogg, Iron Mountain (panellist)\n" +
		"Sam Jones (keynote)\n\n" + calPageURL
	if desc != wantDesc {
		t.Errorf("DESCRIPTION =\n%q\nwant\n%q", desc, wantDesc)
	}
	for _, s := range d.Speakers {
		if !strings.Contains(desc, s.Name) {
			t.Errorf("DESCRIPTION lacks %s", s.Name)
		}
	}

	if zone == nil {
		t.Fatal("no VTIMEZONE")
	}
	if got := calProp(t, zone, ical.PropTimezoneID).Value; got != "Europe/London" {
		t.Errorf("VTIMEZONE TZID = %q", got)
	}
	if got := calResolve(t, zone, calProp(t, ev, ical.PropDateTimeStart)); !got.Equal(start) {
		t.Errorf("DTSTART read with the VTIMEZONE is %s, want %s", got, start)
	}
	obs := calObservances(t, zone)
	for _, want := range []calObservance{
		{ical.CompTimezoneDaylight, "20220327T010000", "+0000", "+0100"},
		{ical.CompTimezoneStandard, "20221030T020000", "+0100", "+0000"},
		{ical.CompTimezoneDaylight, "20230326T010000", "+0000", "+0100"},
		{ical.CompTimezoneStandard, "20231029T020000", "+0100", "+0000"},
	} {
		if !calHas(obs, want) {
			t.Errorf("VTIMEZONE lacks %+v; has %+v", want, obs)
		}
	}
	for _, c := range zone.Children {
		name := calProp(t, c, ical.PropTimezoneName).Value
		if want := map[string]string{ical.CompTimezoneDaylight: "BST", ical.CompTimezoneStandard: "GMT"}[c.Name]; name != want {
			t.Errorf("%s TZNAME = %q, want %q", c.Name, name, want)
		}
	}
}

func TestCalendarDaylightSavingCrossing(t *testing.T) {
	// Sunday 28 March 2027, 00:30 GMT; the clocks go forward at 01:00 GMT.
	start := time.Date(2027, 3, 28, 0, 30, 0, 0, time.UTC)
	d := calDetail("Europe/London", start, 120, 0, events.StatusPublished)
	_, ev, zone := calParse(t, calRender(t, d, ""))

	if got := calProp(t, ev, ical.PropDateTimeStart).Value; got != "20270328T003000" {
		t.Errorf("DTSTART = %s, want 20270328T003000", got)
	}
	if got := calProp(t, ev, ical.PropDateTimeEnd).Value; got != "20270328T033000" {
		t.Errorf("DTEND = %s, want 20270328T033000 (BST)", got)
	}
	gotStart, err := calProp(t, ev, ical.PropDateTimeStart).DateTime(nil)
	if err != nil || !gotStart.Equal(start) {
		t.Errorf("DTSTART resolves to %s (%v), want %s", gotStart, err, start)
	}
	gotEnd, err := calProp(t, ev, ical.PropDateTimeEnd).DateTime(nil)
	if want := time.Date(2027, 3, 28, 2, 30, 0, 0, time.UTC); err != nil || !gotEnd.Equal(want) {
		t.Errorf("DTEND resolves to %s (%v), want %s", gotEnd.UTC(), err, want)
	}
	if gotEnd.Sub(gotStart) != 120*time.Minute {
		t.Errorf("resolved duration %s, want 2h", gotEnd.Sub(gotStart))
	}
	// The change the event crosses is in the zone, at 01:00 local GMT, and
	// the zone alone turns both local times back into the right instants.
	if zone == nil || !calHas(calObservances(t, zone), calObservance{ical.CompTimezoneDaylight, "20270328T010000", "+0000", "+0100"}) {
		t.Fatalf("VTIMEZONE lacks the 2027 change to BST: %+v", zone)
	}
	if got := calResolve(t, zone, calProp(t, ev, ical.PropDateTimeStart)); !got.Equal(start) {
		t.Errorf("DTSTART read with the VTIMEZONE is %s, want %s", got, start)
	}
	if got := calResolve(t, zone, calProp(t, ev, ical.PropDateTimeEnd)); !got.Equal(d.EndsAt()) {
		t.Errorf("DTEND read with the VTIMEZONE is %s, want %s", got, d.EndsAt())
	}
}

func TestCalendarZoneWithoutChangesAndUTC(t *testing.T) {
	start := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC) // 10:00 JST
	_, ev, zone := calParse(t, calRender(t, calDetail("Asia/Tokyo", start, 60, 0, events.StatusPublished), ""))
	if zone == nil {
		t.Fatal("Tokyo: no VTIMEZONE")
	}
	if got := calProp(t, zone, ical.PropTimezoneID).Value; got != "Asia/Tokyo" {
		t.Errorf("Tokyo TZID = %q", got)
	}
	want := []calObservance{{ical.CompTimezoneStandard, "19700101T000000", "+0900", "+0900"}}
	if got := calObservances(t, zone); len(got) != 1 || got[0] != want[0] {
		t.Errorf("Tokyo observances %+v, want %+v", got, want)
	}
	if got := calProp(t, ev, ical.PropDateTimeStart); got.Value != "20261201T100000" || got.Params.Get(ical.PropTimezoneID) != "Asia/Tokyo" {
		t.Errorf("Tokyo DTSTART %+v", got)
	}
	if got, err := calProp(t, ev, ical.PropDateTimeStart).DateTime(nil); err != nil || !got.Equal(start) {
		t.Errorf("Tokyo DTSTART resolves to %s (%v), want %s", got, err, start)
	}

	for _, tz := range []string{"UTC", "Etc/UTC"} {
		raw := calRender(t, calDetail(tz, start, 90, 0, events.StatusPublished), "")
		_, ev, zone := calParse(t, raw)
		if zone != nil {
			t.Errorf("%s: unexpected VTIMEZONE", tz)
		}
		for prop, want := range map[string]string{ical.PropDateTimeStart: "20261201T010000Z", ical.PropDateTimeEnd: "20261201T023000Z"} {
			p := calProp(t, ev, prop)
			if p.Value != want || p.Params.Get(ical.PropTimezoneID) != "" {
				t.Errorf("%s: %s = %q (TZID %q), want %s without TZID", tz, prop, p.Value, p.Params.Get(ical.PropTimezoneID), want)
			}
		}
		if bytes.Contains(raw, []byte("TZID")) {
			t.Errorf("%s: calendar mentions a TZID:\n%s", tz, raw)
		}
	}
}

func TestCalendarSequenceUIDAndStatus(t *testing.T) {
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	_, first, _ := calParse(t, calRender(t, calDetail("Europe/London", start, 60, 0, events.StatusPublished), "REQUEST"))
	// Moved by an hour: the sequence rises, the UID stays.
	cal, moved, _ := calParse(t, calRender(t, calDetail("Europe/London", start.Add(time.Hour), 60, 3, events.StatusPublished), "REQUEST"))

	if got := calProp(t, first, ical.PropSequence).Value; got != "0" {
		t.Errorf("first SEQUENCE = %s, want 0", got)
	}
	if got := calProp(t, moved, ical.PropSequence).Value; got != "3" {
		t.Errorf("moved SEQUENCE = %s, want 3", got)
	}
	if a, b := calProp(t, first, ical.PropUID).Value, calProp(t, moved, ical.PropUID).Value; a != b || a != events.CalendarUID("7d3e0c4a-1b2f-4c5d-8e9f-a0b1c2d3e4f5") {
		t.Errorf("UIDs %q and %q, want both %q", a, b, events.CalendarUID("7d3e0c4a-1b2f-4c5d-8e9f-a0b1c2d3e4f5"))
	}
	if got := calProp(t, cal.Component, ical.PropMethod).Value; got != "REQUEST" {
		t.Errorf("METHOD = %s, want REQUEST", got)
	}
	if got := calProp(t, moved, ical.PropStatus).Value; got != "CONFIRMED" {
		t.Errorf("REQUEST STATUS = %s, want CONFIRMED", got)
	}

	cal, cancel, _ := calParse(t, calRender(t, calDetail("Europe/London", start, 60, 4, events.StatusPublished), "CANCEL"))
	if got := calProp(t, cal.Component, ical.PropMethod).Value; got != "CANCEL" {
		t.Errorf("METHOD = %s, want CANCEL", got)
	}
	if got := calProp(t, cancel, ical.PropStatus).Value; got != "CANCELLED" {
		t.Errorf("Method CANCEL: STATUS = %s, want CANCELLED", got)
	}

	_, cancelled, _ := calParse(t, calRender(t, calDetail("Europe/London", start, 60, 5, events.StatusCancelled), ""))
	if got := calProp(t, cancelled, ical.PropStatus).Value; got != "CANCELLED" {
		t.Errorf("cancelled event: STATUS = %s, want CANCELLED", got)
	}

	if _, err := events.Calendar(calDetail("UTC", start, 60, 0, events.StatusPublished), events.CalendarOptions{Method: "REPLY"}); err == nil {
		t.Error("method REPLY accepted")
	}
}

func TestCalendarFoldingAndCRLF(t *testing.T) {
	d := calDetail("Europe/London", time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), 60, 0, events.StatusPublished)
	d.Title = strings.Repeat("A very long webinar title, ", 8) + "and a word that goes on: " + strings.Repeat("x", 200)
	d.Summary = strings.Repeat("Zürich – “prévention” ", 30) + "\r\nA second line.\rA third."
	raw := calRender(t, d, "")

	if !bytes.HasSuffix(raw, []byte("END:VCALENDAR\r\n")) {
		t.Fatalf("calendar does not end with END:VCALENDAR CRLF: %q", raw[max(0, len(raw)-40):])
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
	folded := 0
	for i, line := range lines {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded < 5 {
		t.Errorf("only %d continuation lines; the long SUMMARY and DESCRIPTION were not folded", folded)
	}

	_, ev, _ := calParse(t, raw)
	if got, _ := ev.Props.Text(ical.PropSummary); got != d.Title {
		t.Errorf("SUMMARY after unfolding =\n%q\nwant\n%q", got, d.Title)
	}
	desc, _ := ev.Props.Text(ical.PropDescription)
	wantSummary := strings.Repeat("Zürich – “prévention” ", 30) + "\nA second line.\nA third."
	if !strings.HasPrefix(desc, wantSummary+"\n\nSpeakers:\n") {
		t.Errorf("DESCRIPTION after unfolding =\n%q\nwant it to start\n%q", desc, wantSummary)
	}
}

func TestCalendarZoneCoversTheWholeYear(t *testing.T) {
	// A January event comes before the year's first change; the observance
	// in force on 1 January (from the previous October) must be there too.
	start := time.Date(2022, 1, 20, 10, 0, 0, 0, time.UTC)
	_, ev, zone := calParse(t, calRender(t, calDetail("Europe/London", start, 60, 0, events.StatusPublished), ""))
	if got := calProp(t, ev, ical.PropDateTimeStart).Value; got != "20220120T100000" {
		t.Errorf("DTSTART = %s", got)
	}
	if zone == nil || !calHas(calObservances(t, zone), calObservance{ical.CompTimezoneStandard, "20211031T020000", "+0100", "+0000"}) {
		t.Errorf("London VTIMEZONE lacks the observance in force on 1 January 2022: %+v", zone)
	}
	if got := calResolve(t, zone, calProp(t, ev, ical.PropDateTimeStart)); !got.Equal(start) {
		t.Errorf("January DTSTART read with the VTIMEZONE is %s, want %s", got, start)
	}

	// Volgograd kept +04 through 2019 and moved to +03 on 27 December 2020:
	// a June 2020 event needs the observance in force before that change.
	volgograd := time.Date(2020, 6, 10, 8, 0, 0, 0, time.UTC) // 12:00 +04
	_, ev, zone = calParse(t, calRender(t, calDetail("Europe/Volgograd", volgograd, 60, 0, events.StatusPublished), ""))
	if got := calProp(t, ev, ical.PropDateTimeStart).Value; got != "20200610T120000" {
		t.Errorf("Volgograd DTSTART = %s, want 20200610T120000", got)
	}
	if !calHas(calObservances(t, zone), calObservance{ical.CompTimezoneStandard, "20201227T020000", "+0400", "+0300"}) {
		t.Errorf("Volgograd VTIMEZONE lacks the 2020 change: %+v", calObservances(t, zone))
	}
	if got := calResolve(t, zone, calProp(t, ev, ical.PropDateTimeStart)); !got.Equal(volgograd) {
		t.Errorf("Volgograd DTSTART read with the VTIMEZONE is %s, want %s", got, volgograd)
	}

	// Go's zone data marks Irish winter time as "negative" daylight saving;
	// the summer offset must still be the DAYLIGHT part.
	_, _, dublin := calParse(t, calRender(t, calDetail("Europe/Dublin", start, 60, 0, events.StatusPublished), ""))
	obs := calObservances(t, dublin)
	for _, want := range []calObservance{
		{ical.CompTimezoneDaylight, "20220327T010000", "+0000", "+0100"},
		{ical.CompTimezoneStandard, "20221030T020000", "+0100", "+0000"},
	} {
		if !calHas(obs, want) {
			t.Errorf("Dublin VTIMEZONE lacks %+v; has %+v", want, obs)
		}
	}
}

// A registrant's own calendar entry opens their live-session link; the
// public download keeps the event page.
func TestCalendarJoinURL(t *testing.T) {
	const joinURL = "https://example.org/live/aWQ.bWFj"
	d := calDetail("Europe/London", time.Date(2022, 6, 23, 9, 0, 0, 0, time.UTC), 60, 0, events.StatusPublished)
	raw, err := events.Calendar(d, events.CalendarOptions{PageURL: calPageURL, JoinURL: joinURL, Method: "REQUEST", Now: calNow})
	if err != nil {
		t.Fatal(err)
	}
	_, ev, _ := calParse(t, raw)
	if got := calProp(t, ev, ical.PropURL).Value; got != joinURL {
		t.Errorf("URL = %q, want %q", got, joinURL)
	}
	if got, _ := ev.Props.Text(ical.PropLocation); got != "Online: "+joinURL {
		t.Errorf("LOCATION = %q", got)
	}
	desc, _ := ev.Props.Text(ical.PropDescription)
	if !strings.Contains(desc, joinURL) || !strings.HasSuffix(desc, "\n\n"+calPageURL) {
		t.Errorf("DESCRIPTION lacks the join link or the event page:\n%s", desc)
	}

	_, ev, _ = calParse(t, calRender(t, d, ""))
	if got := calProp(t, ev, ical.PropURL).Value; got != calPageURL {
		t.Errorf("public URL = %q, want the event page", got)
	}
	if desc, _ := ev.Props.Text(ical.PropDescription); strings.Contains(desc, "/live/") {
		t.Errorf("public DESCRIPTION holds a live link:\n%s", desc)
	}
}
