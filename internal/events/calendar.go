package events

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// CalendarOptions say how to render an event's calendar.
type CalendarOptions struct {
	PageURL string    // the public event page
	Method  string    // PUBLISH for downloads (the default), REQUEST for invitations, CANCEL
	Now     time.Time // DTSTAMP
}

// CalendarUID is the event's UID: the same in every file made for it, so
// calendar apps update one entry instead of adding another.
func CalendarUID(eventID string) string { return "event-" + eventID + "@plenary" }

// Calendar renders the event as an RFC 5545 calendar: one VEVENT with local
// times in the event's zone, and that zone's VTIMEZONE.
func Calendar(d Detail, opts CalendarOptions) ([]byte, error) {
	method := ics.Method(opts.Method)
	if method == "" {
		method = ics.MethodPublish
	}
	cal := ics.NewCalendar()
	cal.SetProductId("-//Plenary//Plenary//EN")
	cal.SetMethod(method)
	cal.SetCalscale("GREGORIAN")

	loc := d.Location()
	utc := loc == time.UTC || d.Timezone == "UTC" || d.Timezone == "Etc/UTC"
	if !utc {
		addTimezone(cal, d.Timezone, loc, d.StartsAt)
	}

	ev := cal.AddEvent(CalendarUID(d.ID))
	ev.SetSequence(d.Sequence)
	ev.SetDtStampTime(opts.Now)
	if utc {
		ev.SetStartAt(d.StartsAt)
		ev.SetEndAt(d.EndsAt())
	} else {
		const local = "20060102T150405"
		ev.SetProperty(ics.ComponentPropertyDtStart, d.StartsAt.In(loc).Format(local), ics.WithTZID(d.Timezone))
		ev.SetProperty(ics.ComponentPropertyDtEnd, d.EndsAt().In(loc).Format(local), ics.WithTZID(d.Timezone))
	}
	ev.SetSummary(d.Title)
	ev.SetDescription(calendarDescription(d, opts.PageURL))
	ev.SetLocation("Online: " + opts.PageURL)
	ev.SetURL(opts.PageURL)
	status := ics.ObjectStatusConfirmed
	if d.Status == StatusCancelled || method == ics.MethodCancel {
		status = ics.ObjectStatusCancelled
	}
	ev.SetStatus(status)
	return []byte(cal.Serialize(ics.WithNewLine("\r\n"))), nil // RFC 5545 lines end in CRLF
}

func calendarDescription(d Detail, pageURL string) string {
	var b strings.Builder
	if d.Summary != "" {
		b.WriteString(d.Summary + "\n\n")
	}
	if len(d.Speakers) > 0 {
		b.WriteString("Speakers:\n")
		for _, s := range d.Speakers {
			parts := []string{s.Name}
			for _, p := range []string{s.JobTitle, s.Organisation} {
				if p != "" {
					parts = append(parts, p)
				}
			}
			fmt.Fprintf(&b, "%s (%s)\n", strings.Join(parts, ", "), s.Role)
		}
		b.WriteString("\n")
	}
	b.WriteString(pageURL)
	return b.String()
}

// addTimezone writes the zone's VTIMEZONE from Go's zone database: one
// STANDARD or DAYLIGHT part per offset change in the event's year and the
// next, or one STANDARD part for a zone that never changes.
func addTimezone(cal *ics.Calendar, name string, loc *time.Location, around time.Time) {
	tz := cal.AddTimezone(name)
	from := time.Date(around.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	transitions := offsetChanges(loc, from, from.AddDate(2, 0, 0))
	if len(transitions) == 0 {
		_, offset := around.In(loc).Zone()
		abbr, _ := around.In(loc).Zone()
		part := tz.AddStandard()
		setZonePart(&part.ComponentBase, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), offset, offset, abbr)
		return
	}
	for _, at := range transitions {
		before, after := at.Add(-time.Second).In(loc), at.In(loc)
		_, fromOffset := before.Zone()
		abbr, toOffset := after.Zone()
		// DTSTART is the wall-clock time of the change in the old offset.
		start := at.In(time.FixedZone("", fromOffset))
		if after.IsDST() {
			part := &ics.Daylight{}
			tz.Components = append(tz.Components, part)
			setZonePart(&part.ComponentBase, start, fromOffset, toOffset, abbr)
		} else {
			part := tz.AddStandard()
			setZonePart(&part.ComponentBase, start, fromOffset, toOffset, abbr)
		}
	}
}

func setZonePart(c *ics.ComponentBase, start time.Time, from, to int, abbr string) {
	c.SetProperty(ics.ComponentPropertyDtStart, start.Format("20060102T150405"))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), formatOffset(from))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), formatOffset(to))
	if abbr != "" {
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), abbr)
	}
}

// offsetChanges finds the instants in [from, to) where loc's UTC offset
// changes: hour steps, then a binary search to the second.
func offsetChanges(loc *time.Location, from, to time.Time) []time.Time {
	var changes []time.Time
	offsetAt := func(t time.Time) int { _, o := t.In(loc).Zone(); return o }
	prev := from
	for t := from.Add(time.Hour); t.Before(to); t = t.Add(time.Hour) {
		if offsetAt(t) != offsetAt(prev) {
			lo, hi := prev, t // offset(lo) != offset(hi)
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
				if offsetAt(mid) == offsetAt(lo) {
					lo = mid
				} else {
					hi = mid
				}
			}
			changes = append(changes, hi)
		}
		prev = t
	}
	return changes
}

func formatOffset(seconds int) string {
	sign := "+"
	if seconds < 0 {
		sign, seconds = "-", -seconds
	}
	h, m, s := seconds/3600, seconds/60%60, seconds%60
	if s != 0 {
		return fmt.Sprintf("%s%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%s%02d%02d", sign, h, m)
}
