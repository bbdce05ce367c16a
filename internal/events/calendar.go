package events

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// CalendarOptions say how to render an event's calendar.
type CalendarOptions struct {
	PageURL string // the public event page, e.g. https://host/events/slug
	// JoinURL is a registrant's own live-session link: when set it is the
	// entry's URL and location, where calendar apps offer to join, and the
	// description names both it and the event page. A public download
	// leaves it empty.
	JoinURL string
	Method  string    // "PUBLISH" for downloads (default when empty), "REQUEST" for invitations, "CANCEL"
	Now     time.Time // DTSTAMP; the current time when zero
	// Organizer and Attendee are email addresses; an invitation (REQUEST,
	// CANCEL) sent by email names both, as RFC 5546 asks.
	Organizer, Attendee string
}

// CalendarUID is the event's stable UID: the same for every download and
// every later change, so calendar apps update one entry instead of adding
// another.
func CalendarUID(eventID string) string { return "event-" + eventID + "@plenary" }

const (
	icsLocalTime = "20060102T150405" // a DATE-TIME without Z, read in its TZID
	icsProductID = "-//Plenary//Plenary//EN"
)

// Calendar renders d as an RFC 5545 VCALENDAR with one VEVENT and the
// VTIMEZONE of its zone. Times are local to the event's zone, with a TZID;
// an event in UTC (or in a zone the server does not know) gets UTC times
// and no VTIMEZONE.
func Calendar(d Detail, opts CalendarOptions) ([]byte, error) {
	method := ics.Method(strings.ToUpper(strings.TrimSpace(opts.Method)))
	switch method {
	case "":
		method = ics.MethodPublish
	case ics.MethodPublish, ics.MethodRequest, ics.MethodCancel:
	default:
		return nil, fmt.Errorf("calendar: unsupported method %q", opts.Method)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}

	cal := ics.NewCalendar() // sets VERSION:2.0
	cal.SetProductId(icsProductID)
	cal.SetMethod(method)
	cal.SetCalscale("GREGORIAN")

	loc := d.Location()
	utc := loc == time.UTC || d.Timezone == "UTC" || d.Timezone == "Etc/UTC"
	if !utc {
		addTimezone(cal, d.Timezone, loc, d.StartsAt)
	}

	ev := cal.AddEvent(CalendarUID(d.ID))
	ev.SetSequence(d.Sequence)
	ev.SetDtStampTime(now) // UTC, with Z
	if utc {
		ev.SetStartAt(d.StartsAt) // UTC, with Z
		ev.SetEndAt(d.EndsAt())
	} else {
		ev.SetProperty(ics.ComponentPropertyDtStart, d.StartsAt.In(loc).Format(icsLocalTime), ics.WithTZID(d.Timezone))
		ev.SetProperty(ics.ComponentPropertyDtEnd, d.EndsAt().In(loc).Format(icsLocalTime), ics.WithTZID(d.Timezone))
	}
	ev.SetSummary(icsText(d.Title))
	ev.SetDescription(icsText(calendarDescription(d, opts.PageURL, opts.JoinURL)))
	if url := cmp.Or(opts.JoinURL, opts.PageURL); url != "" {
		ev.SetURL(url)
		ev.SetLocation("Online: " + url)
	} else {
		ev.SetLocation("Online")
	}
	status := ics.ObjectStatusConfirmed
	if d.Status == StatusCancelled || method == ics.MethodCancel {
		status = ics.ObjectStatusCancelled
	}
	ev.SetStatus(status)
	if opts.Organizer != "" {
		ev.SetOrganizer("mailto:" + opts.Organizer)
	}
	if opts.Attendee != "" {
		ev.AddAttendee("mailto:"+opts.Attendee, ics.ParticipationRoleReqParticipant, ics.WithRSVP(false))
	}

	// The library folds lines at 75 octets, but its default line ending is
	// the platform's ("\n" on Unix); RFC 5545 wants CRLF.
	var b strings.Builder
	if err := cal.SerializeTo(&b, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return []byte(b.String()), nil
}

// calendarDescription is the summary, a blank line, the speakers one per
// line, the registrant's live-session link, and the event page.
func calendarDescription(d Detail, pageURL, joinURL string) string {
	var paras []string
	if s := strings.TrimSpace(d.Summary); s != "" {
		paras = append(paras, s)
	}
	if len(d.Speakers) > 0 {
		lines := []string{"Speakers:"}
		for _, s := range d.Speakers {
			var parts []string
			for _, p := range []string{s.Name, s.JobTitle, s.Organisation} {
				if p = strings.TrimSpace(p); p != "" {
					parts = append(parts, p)
				}
			}
			line := strings.Join(parts, ", ")
			if s.Role != "" {
				line = strings.TrimSpace(line + " (" + string(s.Role) + ")")
			}
			if line != "" {
				lines = append(lines, line)
			}
		}
		paras = append(paras, strings.Join(lines, "\n"))
	}
	if joinURL != "" {
		paras = append(paras, "Join the live session (your own link; please do not share it): "+joinURL)
	}
	if pageURL != "" {
		paras = append(paras, pageURL)
	}
	return strings.Join(paras, "\n\n")
}

// icsText makes s safe for a TEXT value: the library escapes backslashes,
// commas, semicolons and LF, but not CR or other control characters, which
// would break the line structure.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}

// addTimezone writes the zone's VTIMEZONE from Go's zone database: one
// STANDARD or DAYLIGHT part per offset change from 1 January of the event's
// year to 1 January two years later, preceded by the observance already in
// force on that 1 January, so every time in the window has a defined offset.
// A zone with no changes in the window gets one STANDARD part from 1970.
func addTimezone(cal *ics.Calendar, name string, loc *time.Location, around time.Time) {
	tz := cal.AddTimezone(name)
	from := time.Date(around.UTC().Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(2, 0, 0)

	changes := offsetChanges(loc, from.AddDate(-1, 0, 0), to)
	var window []time.Time // the last change before from, then those in the window
	for i, c := range changes {
		if !c.Before(from) {
			if i > 0 {
				window = append(window, changes[i-1])
			}
			window = append(window, changes[i:]...)
			break
		}
	}

	if len(window) == 0 || window[0].After(from) {
		// Nothing changed in the year before: the offset at from has held
		// since before then.
		at := from.In(loc)
		abbr, offset := at.Zone()
		part := &ics.ComponentBase{}
		setZonePart(part, time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), offset, offset, abbr)
		if len(window) > 0 && at.IsDST() {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: *part})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: *part})
		}
	}

	for _, at := range window {
		before, after := at.Add(-time.Second).In(loc), at.In(loc)
		_, fromOffset := before.Zone()
		abbr, toOffset := after.Zone()
		// RFC 5545: an observance's DTSTART is the local time of the
		// change in the offset before it (TZOFFSETFROM).
		start := at.In(time.FixedZone("", fromOffset))
		daylight := after.IsDST()
		if before.IsDST() != after.IsDST() {
			// Some zones (Europe/Dublin) mark winter time as "negative
			// daylight saving"; calendars expect DAYLIGHT to be the higher
			// offset of the pair.
			daylight = toOffset > fromOffset
		}
		part := &ics.ComponentBase{}
		setZonePart(part, start, fromOffset, toOffset, abbr)
		if daylight {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: *part})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: *part})
		}
	}
}

func setZonePart(c *ics.ComponentBase, start time.Time, from, to int, abbr string) {
	c.SetProperty(ics.ComponentPropertyDtStart, start.Format(icsLocalTime))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), formatOffset(from))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), formatOffset(to))
	if abbr != "" {
		c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), icsText(abbr))
	}
}

// offsetChanges finds the instants in [from, to) at which loc's UTC offset
// changes: hour steps, then a binary search to the second. Each instant is
// the first second of the new offset.
func offsetChanges(loc *time.Location, from, to time.Time) []time.Time {
	offsetAt := func(t time.Time) int { _, o := t.In(loc).Zone(); return o }
	var changes []time.Time
	from = from.Truncate(time.Second)
	for lo, loOffset := from, offsetAt(from); lo.Before(to); {
		hi := lo.Add(time.Hour)
		if hi.After(to) {
			hi = to
		}
		hiOffset := offsetAt(hi)
		if hiOffset == loOffset {
			lo = hi
			continue
		}
		a, b := lo, hi // a has the old offset, b does not
		for b.Sub(a) > time.Second {
			mid := a.Add(b.Sub(a) / 2).Truncate(time.Second)
			if offsetAt(mid) == loOffset {
				a = mid
			} else {
				b = mid
			}
		}
		changes = append(changes, b)
		lo, loOffset = b, offsetAt(b) // look for a further change later in the same hour
	}
	return changes
}

// formatOffset formats a UTC offset in seconds as ±HHMM, or ±HHMMSS when
// it has seconds.
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
