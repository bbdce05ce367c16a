// Package events holds webinars: their speakers, partner organisations and
// agenda; publishing; time zones; the public API with its in-memory cache;
// calendar files; and the demo data.
package events

import (
	"sync"
	"time"
)

// Status is where an event is in its life as the organiser sees it.
type Status string

// Statuses. Published events are visible to the public, and so are
// cancelled ones that were published, saying they are cancelled.
const (
	StatusDraft     Status = "draft"
	StatusPublished Status = "published"
	StatusCancelled Status = "cancelled"
)

// Phase is derived from the clock: before, during or after the event.
type Phase string

// Phases.
const (
	PhaseUpcoming Phase = "upcoming"
	PhaseLive     Phase = "live"
	PhaseEnded    Phase = "ended"
)

// Role is a person's part in an event.
type Role string

// Roles, in the order a programme usually lists them.
const (
	RoleChair     Role = "chair"
	RoleKeynote   Role = "keynote"
	RolePanellist Role = "panellist"
	RoleModerator Role = "moderator"
)

// PartnerKind is an organisation's part in an event.
type PartnerKind string

// Partner kinds.
const (
	KindHost             PartnerKind = "host"
	KindKnowledgePartner PartnerKind = "knowledge_partner"
	KindSponsor          PartnerKind = "sponsor"
)

// Event is one webinar as stored. StreamURL and OrganiserNote are private
// to organisers.
type Event struct {
	ID                   string     `json:"id" db:"id"`
	Slug                 string     `json:"slug" db:"slug"`
	Title                string     `json:"title" db:"title"`
	Summary              string     `json:"summary" db:"summary"`
	Description          string     `json:"description" db:"description"`
	OrganiserNote        string     `json:"organiser_note" db:"organiser_note"` // never shown to the public
	StartsAt             time.Time  `json:"starts_at" db:"starts_at"`
	DurationMinutes      int        `json:"duration_minutes" db:"duration_minutes"`
	Timezone             string     `json:"timezone" db:"timezone"`
	Status               Status     `json:"status" db:"status"`
	Capacity             *int       `json:"capacity" db:"capacity"` // nil: unlimited
	RegistrationOpensAt  *time.Time `json:"registration_opens_at" db:"registration_opens_at"`
	RegistrationClosesAt *time.Time `json:"registration_closes_at" db:"registration_closes_at"`
	StreamURL            string     `json:"stream_url" db:"stream_url"`
	RecordingURL         string     `json:"recording_url" db:"recording_url"` // until the Media issue: where the recording is
	CoverImageURL        string     `json:"cover_image_url" db:"cover_image_url"`
	Topics               []string   `json:"topics" db:"topics"`
	Sequence             int        `json:"sequence" db:"sequence"` // iCalendar SEQUENCE: rises when the time changes
	CreatedBy            *string    `json:"created_by" db:"created_by"`
	CreatedAt            time.Time  `json:"created_at" db:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at" db:"updated_at"`
	PublishedAt          *time.Time `json:"published_at" db:"published_at"`
	// CancellationMessage is what the organiser said when cancelling: on the
	// public page and in the registrants' email.
	CancellationMessage string `json:"cancellation_message" db:"cancellation_message"`
}

// EndsAt is when the event ends.
func (e Event) EndsAt() time.Time {
	return e.StartsAt.Add(time.Duration(e.DurationMinutes) * time.Minute)
}

// PhaseAt says whether the event is upcoming, live or ended at now.
func (e Event) PhaseAt(now time.Time) Phase {
	switch {
	case now.Before(e.StartsAt):
		return PhaseUpcoming
	case now.Before(e.EndsAt()):
		return PhaseLive
	}
	return PhaseEnded
}

// Location returns the event's time zone. Zones are validated on the way
// in, so a failure here means the server's zone database lacks it.
func (e Event) Location() *time.Location {
	if loc, ok := zones.Load(e.Timezone); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(e.Timezone)
	if err != nil {
		return time.UTC
	}
	zones.Store(e.Timezone, loc)
	return loc
}

// zones holds each time zone loaded so far, by name: time.LoadLocation
// reads and parses the zone file on every call, and an email to 10,000
// registrants formats the same event's time 10,000 times.
var zones sync.Map

// Person is someone who speaks at events.
type Person struct {
	ID           string    `json:"id" db:"id"`
	Name         string    `json:"name" db:"name"`
	JobTitle     string    `json:"job_title" db:"job_title"`
	Organisation string    `json:"organisation" db:"organisation"`
	Bio          string    `json:"bio" db:"bio"`
	PhotoURL     string    `json:"photo_url" db:"photo_url"`
	CreatedAt    time.Time `json:"created_at" db:"created_at"`
	UpdatedAt    time.Time `json:"updated_at" db:"updated_at"`
}

// Organisation is a host, knowledge partner or sponsor.
type Organisation struct {
	ID          string    `json:"id" db:"id"`
	Name        string    `json:"name" db:"name"`
	Website     string    `json:"website" db:"website"`
	LogoURL     string    `json:"logo_url" db:"logo_url"`
	Description string    `json:"description" db:"description"`
	CreatedAt   time.Time `json:"created_at" db:"created_at"`
	UpdatedAt   time.Time `json:"updated_at" db:"updated_at"`
}

// Speaker is a person with their part in one event.
type Speaker struct {
	PersonID     string `json:"person_id" db:"person_id"`
	Name         string `json:"name" db:"name"`
	JobTitle     string `json:"job_title" db:"job_title"`
	Organisation string `json:"organisation" db:"organisation"`
	Bio          string `json:"bio" db:"bio"`
	PhotoURL     string `json:"photo_url" db:"photo_url"`
	Role         Role   `json:"role" db:"role"`
}

// Partner is an organisation with its part in one event.
type Partner struct {
	OrganisationID string      `json:"organisation_id" db:"organisation_id"`
	Name           string      `json:"name" db:"name"`
	Kind           PartnerKind `json:"kind" db:"kind"`
	Website        string      `json:"website" db:"website"`
	LogoURL        string      `json:"logo_url" db:"logo_url"`
	Description    string      `json:"description" db:"description"`
	Note           string      `json:"note" db:"note"` // e.g. what the partner contributed
}

// AgendaItem is one part of the programme; it later becomes a segment of
// the recording.
type AgendaItem struct {
	ID                 string          `json:"id" db:"id"`
	Title              string          `json:"title" db:"title"`
	StartOffsetMinutes int             `json:"start_offset_minutes" db:"start_offset_minutes"`
	DurationMinutes    int             `json:"duration_minutes" db:"duration_minutes"`
	Description        string          `json:"description" db:"description"`
	Speakers           []AgendaSpeaker `json:"speakers" db:"speakers"`
}

// AgendaSpeaker names a person speaking in an agenda item.
type AgendaSpeaker struct {
	PersonID string `json:"person_id"`
	Name     string `json:"name"`
}

// Detail is an event with everything shown on its page.
type Detail struct {
	Event
	Speakers []Speaker    `json:"speakers"`
	Partners []Partner    `json:"partners"`
	Agenda   []AgendaItem `json:"agenda"`
}
