// Package live runs an event's live session: each registrant's personal
// live page (/live/{token}) that reveals the stream to confirmed
// registrants from shortly before the start, attendance from heartbeats
// and imported reports, moderated questions with votes and a fair order,
// polls, and one server-sent event stream per viewer that carries every
// change, fanned out to every server process through the shared LISTEN
// connection.
//
// Files by topic: join.go (the live page and its window), attendance.go
// (heartbeats, reports, marking by hand), questions.go and moderation.go
// (Q&A), order.go (the orders, fair among them), polls.go, changes.go and
// stream.go (the change log, NOTIFY fan-out and the SSE stream); http_*.go
// hold the handlers of each, and http.go the routes.
package live

import (
	"plenary/internal/errs"
)

// ErrBadLink is the answer for a live-page token that is not genuine.
var ErrBadLink = errs.Publicf(errs.ErrUnauthorized, "This live-page link is not valid. Use the link from your latest email.")

// ErrNotConfirmed refuses what only confirmed registrants may do (watch,
// ask, vote) to anyone else with a genuine link.
var ErrNotConfirmed = errs.Publicf(errs.ErrForbidden, "Only confirmed registrants can take part in the live session.")

// Participant is a registrant as the live session knows them. Email is for
// moderators and for matching attendance reports; it is never in a public
// or attendee response.
type Participant struct {
	RegistrationID string `db:"id"`
	EventID        string `db:"event_id"`
	Status         string `db:"status"`
	FirstName      string `db:"first_name"`
	LastName       string `db:"last_name"`
	Organisation   string `db:"organisation"`
	Sector         string `db:"sector"`
	Email          string `db:"email"`
}

// Confirmed reports whether the participant holds a place.
func (p Participant) Confirmed() bool { return p.Status == "confirmed" }
