package mail

import (
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	"sync"
	texttemplate "text/template"

	"plenary/internal/events"
	"plenary/internal/notice"
)

//go:embed templates/*.tmpl
var templateFiles embed.FS

// view is what a template sees. Every string from outside (names, titles,
// the organiser's text) is escaped by html/template in the HTML part; only
// Broadcast.HTML, sanitised by bluemonday, goes in as it is.
type view struct {
	Kind           notice.Kind
	FirstName      string
	Event          eventView
	ManageURL      string
	UnsubscribeURL string
	LiveURL        string // the registrant's own live-session link (carriesLiveLink)
	ReplayURL      string // a follow-up's own link to the published replay: ManageURL + links.ReplaySuffix
	StartsIn       string // reminders: "in 24 hours"
	Waitlisted     bool   // approved, but the event is full
	ByOrganiser    bool   // cancelled by the organiser, not the registrant
	ShowEvent      bool
	Broadcast      broadcastView
	Comment        commentView // comment messages (comments.go)

	// The tokens that end ManageURL, UnsubscribeURL and LiveURL; the
	// second is in the List-Unsubscribe header's address too.
	manageToken, unsubscribeToken, liveToken string
}

type eventView struct {
	Title, When, PageURL, RecordingURL string
	Replay                             bool   // media published the recording: the page is its replay
	CancellationMessage                string // the organiser's word on a cancelled event
	Speakers                           []speakerView
}

// RecordingLink is where a follow-up sends the registrant to watch: their
// own replay link once the recording is published (so that what they
// watch counts for them), else the recording link the organiser set.
func (v view) RecordingLink() string {
	if v.ReplayURL != "" {
		return v.ReplayURL
	}
	return v.Event.RecordingURL
}

type speakerView struct{ Name, Role, Organisation string }

type broadcastView struct {
	Subject, Text string
	HTML          htmltemplate.HTML
}

func newEventView(d events.Detail, pageURL, recordingURL string) eventView {
	v := eventView{Title: d.Title, When: formatWhen(d), PageURL: pageURL, RecordingURL: recordingURL,
		CancellationMessage: d.CancellationMessage}
	for _, s := range d.Speakers {
		role := ""
		if s.Role != "" && s.Role != "panellist" {
			role = strings.ToUpper(string(s.Role[:1])) + strings.ReplaceAll(string(s.Role[1:]), "_", " ")
		}
		v.Speakers = append(v.Speakers, speakerView{Name: s.Name, Role: role, Organisation: s.Organisation})
	}
	return v
}

// formatWhen is the event's time in its own zone, as "Tuesday 3 March
// 2026, 10:00 to 11:00 GMT (Europe/London)".
func formatWhen(d events.Detail) string {
	loc := d.Location()
	start, end := d.StartsAt.In(loc), d.EndsAt().In(loc)
	return fmt.Sprintf("%s, %s to %s %s (%s)", start.Format("Monday 2 January 2006"), start.Format("15:04"),
		end.Format("15:04"), end.Format("MST"), d.Timezone)
}

// startsIn says how long before the start a reminder goes.
func startsIn(minutes int) string {
	switch {
	case minutes%1440 == 0 && minutes >= 2880:
		return fmt.Sprintf("in %d days", minutes/1440)
	case minutes%60 == 0 && minutes > 60:
		return fmt.Sprintf("in %d hours", minutes/60)
	case minutes == 60:
		return "in 1 hour"
	default:
		return fmt.Sprintf("in %d minutes", minutes)
	}
}

type kindTemplates struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

var (
	parsedMu sync.Mutex
	parsed   = map[notice.Kind]kindTemplates{}
)

func templatesFor(k notice.Kind) (kindTemplates, error) {
	parsedMu.Lock()
	defer parsedMu.Unlock()
	if t, ok := parsed[k]; ok {
		return t, nil
	}
	files := []string{"templates/layout.tmpl", "templates/" + string(k) + ".tmpl"}
	text, err := texttemplate.ParseFS(templateFiles, files...)
	if err != nil {
		return kindTemplates{}, fmt.Errorf("mail: templates for %s: %w", k, err)
	}
	html, err := htmltemplate.ParseFS(templateFiles, files...)
	if err != nil {
		return kindTemplates{}, fmt.Errorf("mail: templates for %s: %w", k, err)
	}
	parsed[k] = kindTemplates{text: text, html: html}
	return parsed[k], nil
}

// render executes the kind's subject, text and HTML.
func render(v view) (subject, text, html string, err error) {
	if subject, text, html, err = execute(&v); err != nil {
		return "", "", "", err
	}
	return oneLine(subject), endText(text), html, nil
}

// execute runs the kind's templates; oneLine and endText then tidy the
// subject and text.
func execute(v *view) (subject, text, html string, err error) {
	t, err := templatesFor(v.Kind)
	if err != nil {
		return "", "", "", err
	}
	// Sized for a typical message, so the buffers rarely grow.
	var s, tx, h strings.Builder
	tx.Grow(2 << 10)
	h.Grow(4 << 10)
	if err := t.text.ExecuteTemplate(&s, "subject", v); err != nil {
		return "", "", "", fmt.Errorf("mail: subject of %s: %w", v.Kind, err)
	}
	if err := t.text.ExecuteTemplate(&tx, "text", v); err != nil {
		return "", "", "", fmt.Errorf("mail: text of %s: %w", v.Kind, err)
	}
	if err := t.html.ExecuteTemplate(&h, "html", v); err != nil {
		return "", "", "", fmt.Errorf("mail: HTML of %s: %w", v.Kind, err)
	}
	return s.String(), tx.String(), h.String(), nil
}

// oneLine makes a subject one line, whatever a title holds.
func oneLine(subject string) string { return strings.Join(strings.Fields(subject), " ") }

// endText trims the text part and ends it with one newline.
func endText(text string) string { return strings.TrimSpace(text) + "\n" }

// calendarMethod is the iCalendar METHOD a kind's attachment carries, or
// "" when the kind has none.
func calendarMethod(k notice.Kind, waitlisted bool) string {
	switch k {
	case notice.KindConfirmation, notice.KindPromoted, notice.KindEventChanged:
		return "REQUEST"
	case notice.KindApproved:
		if !waitlisted {
			return "REQUEST"
		}
	case notice.KindCancelled, notice.KindEventCancelled:
		return "CANCEL"
	}
	return ""
}

// carriesLiveLink says whether a message of kind k carries the
// registrant's own live-session link, in its text and as the URL of its
// calendar invitation: those that give a place or remind of the event.
// None of them is unsubscribable (a form letter has room for one of the
// two tokens, see forms.go).
func carriesLiveLink(k notice.Kind, waitlisted bool) bool {
	switch k {
	case notice.KindConfirmation, notice.KindPromoted, notice.KindApproved, notice.KindReminder, notice.KindEventChanged:
		return !waitlisted && !k.Unsubscribable()
	}
	return false
}
