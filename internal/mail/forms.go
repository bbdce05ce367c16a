package mail

import (
	"crypto/rand"
	"crypto/sha256"
	"strings"
	"sync"
	"sync/atomic"

	"plenary/internal/links"
	"plenary/internal/notice"
)

// forms are an event's messages rendered as form letters: each once, for
// everything its recipients share (the event as it is, the kind, a
// reminder's lead time, a broadcast…), with a marker wherever a
// recipient's own value goes — the first name and the tokens that end the
// manage link and the unsubscribe or live-session link. A message is then the form with its
// recipient's values filled in, which costs a few copies; executing the
// templates costs dozens of reflective escaper calls, and a follow-up
// goes to thousands of registrants at once. A filled form is exactly what
// render makes of the same view (a test holds every kind to that).
//
// The outbox stores a message made from a form as the form (once, in
// outbox_forms) and the recipient's values, rather than its whole text.
type forms struct {
	eventID string
	mu      sync.Mutex
	byKey   map[formKey]*form
}

// maxForms bounds an event's forms; past it they are made again.
const maxForms = 64

func newForms(eventID string) *forms { return &forms{eventID: eventID, byKey: map[formKey]*form{}} }

// formKey is everything of a view that its form depends on: the view but
// the event (whose forms these are) and the recipient's own values, of
// which only whether they are there (the templates ask) counts.
type formKey struct {
	kind                                                   notice.Kind
	startsIn                                               string
	waitlisted, byOrganiser, showEvent, manage, stop, live bool
	replay                                                 bool
	broadcast                                              broadcastView
	comment                                                commentView // comment messages are rendered whole, never from a form; kept here so none could share one
}

// A form is a message's subject, text and HTML, each cut at its markers.
type form struct {
	subject, text, html filled
	id                  []byte // SHA-256 of the event, the marker, and the marked text and HTML
	stored              atomic.Bool
}

// letter is how a message was made from a form: what the outbox stores
// instead of its text.
type letter struct {
	form *form
	fill [fieldNone]string
}

// filled is a part of a form: pieces of literal text, each followed by
// the value of a field (none after the last).
type filled []piece

type piece struct {
	text  string
	field field
}

// field is a recipient's own value in a form.
type field int

const (
	fieldFirstName field = iota
	fieldManageToken
	fieldUnsubscribeToken
	fieldNone
)

// fieldLiveToken, the token of the live-session link, shares the third
// field with the unsubscribe token: a message carries one or the other
// (carriesLiveLink), never both, so the outbox keeps three values a
// message and the outbox_content view fills them in as it always has.
const fieldLiveToken = fieldUnsubscribeToken

// markerPrefix starts every marker; the field's digit follows. It is
// random for each process, so no title or name can hold one, and it is
// made of letters and digits alone, which no escaper changes.
var markerPrefix = "plenary" + strings.ToLower(rand.Text())

func marker(f field) string { return markerPrefix + string(rune('0'+f)) }

// markers fill a form back into its marked text, as outbox_forms keeps it.
var markers = [fieldNone]string{marker(fieldFirstName), marker(fieldManageToken), marker(fieldUnsubscribeToken)}

// tokenSafe says whether every escaper leaves s as it is, in a URL or
// text: tokens are base64url, and signed ones join two with a dot.
func tokenSafe(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// personalise renders v from its form, made now if it is the first of
// its kind, and says how (lt). A view whose tokens are not plain (a
// preview's placeholder) is rendered in full, and lt is nil.
func (fs *forms) personalise(v *view) (subject, text, html string, lt *letter, err error) {
	if !tokenSafe(v.manageToken) || !tokenSafe(v.unsubscribeToken) || !tokenSafe(v.liveToken) ||
		!strings.HasSuffix(v.ManageURL, v.manageToken) || !strings.HasSuffix(v.UnsubscribeURL, v.unsubscribeToken) ||
		!strings.HasSuffix(v.LiveURL, v.liveToken) || (v.UnsubscribeURL != "" && v.LiveURL != "") ||
		(v.ReplayURL != "" && v.ReplayURL != v.ManageURL+links.ReplaySuffix) {
		subject, text, html, err = render(*v)
		return subject, text, html, nil, err
	}
	key := formKey{kind: v.Kind, startsIn: v.StartsIn, waitlisted: v.Waitlisted, byOrganiser: v.ByOrganiser,
		showEvent: v.ShowEvent, manage: v.ManageURL != "", stop: v.UnsubscribeURL != "", live: v.LiveURL != "", replay: v.ReplayURL != "", broadcast: v.Broadcast,
		comment: v.Comment}
	fs.mu.Lock()
	f := fs.byKey[key]
	fs.mu.Unlock()
	if f == nil {
		if f, err = newForm(fs.eventID, *v); err != nil {
			return "", "", "", nil, err
		}
		fs.mu.Lock()
		if len(fs.byKey) >= maxForms {
			clear(fs.byKey)
		}
		fs.byKey[key] = f
		fs.mu.Unlock()
	}
	third := v.unsubscribeToken
	if v.LiveURL != "" {
		third = v.liveToken
	}
	lt = &letter{form: f, fill: [fieldNone]string{v.FirstName, v.manageToken, third}}
	inHTML := lt.fill
	inHTML[fieldFirstName] = escapeName.Replace(v.FirstName)
	return oneLine(f.subject.fill(&lt.fill)), f.text.fill(&lt.fill), f.html.fill(&inHTML), lt, nil
}

// escapeName escapes a name as html/template does in the HTML part, where
// names go in text (its htmlEscaper's table; the test of every kind holds
// the two equal). Running a template to escape each name would cost more
// than the rest of a form letter.
var escapeName = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;",
	"<", "&lt;", ">", "&gt;")

// newForm renders v with markers for the recipient's own values. The text
// is trimmed (endText) with its markers in: no template puts a value at
// either end of it, where trimming the filled text could differ.
func newForm(eventID string, v view) (*form, error) {
	v.FirstName = marker(fieldFirstName)
	if v.ManageURL != "" {
		v.ManageURL = strings.TrimSuffix(v.ManageURL, v.manageToken) + marker(fieldManageToken)
	}
	if v.UnsubscribeURL != "" {
		v.UnsubscribeURL = strings.TrimSuffix(v.UnsubscribeURL, v.unsubscribeToken) + marker(fieldUnsubscribeToken)
	}
	if v.ReplayURL != "" {
		v.ReplayURL = v.ManageURL + links.ReplaySuffix
	}
	if v.LiveURL != "" {
		v.LiveURL = strings.TrimSuffix(v.LiveURL, v.liveToken) + marker(fieldLiveToken)
	}
	subject, text, html, err := execute(&v)
	if err != nil {
		return nil, err
	}
	text = endText(text)
	id := sha256.Sum256([]byte(eventID + "\x00" + markerPrefix + "\x00" + text + "\x00" + html))
	return &form{subject: cut(subject), text: cut(text), html: cut(html), id: id[:]}, nil
}

// cut splits s at its markers.
func cut(s string) filled {
	var out filled
	for {
		i := strings.Index(s, markerPrefix)
		end := i + len(markerPrefix) + 1 // past the field's digit
		if i < 0 || end > len(s) {
			return append(out, piece{s, fieldNone})
		}
		out = append(out, piece{s[:i], field(s[end-1] - '0')})
		s = s[end:]
	}
}

// fill is the part with the values in place.
func (p filled) fill(values *[fieldNone]string) string {
	n := 0
	for _, piece := range p {
		n += len(piece.text)
		if piece.field != fieldNone {
			n += len(values[piece.field])
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, piece := range p {
		b.WriteString(piece.text)
		if piece.field != fieldNone {
			b.WriteString(values[piece.field])
		}
	}
	return b.String()
}
