package events

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"plenary/internal/errs"
)

// Nullable is a patch field that can be left out (Set false), cleared
// (Set, Value nil) or given a value.
type Nullable[T any] struct {
	Set   bool
	Value *T
}

// UnmarshalJSON records that the field was present, null or not.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Value = &v
	return nil
}

// NewEvent is what creating an event takes. Status, sequence and creator
// are the server's to set.
type NewEvent struct {
	Slug                 string     `json:"slug"`
	Title                string     `json:"title"`
	Summary              string     `json:"summary"`
	Description          string     `json:"description"`
	OrganiserNote        string     `json:"organiser_note"`
	StartsAt             *time.Time `json:"starts_at"`
	DurationMinutes      int        `json:"duration_minutes"`
	Timezone             string     `json:"timezone"`
	Capacity             *int       `json:"capacity"`
	RegistrationOpensAt  *time.Time `json:"registration_opens_at"`
	RegistrationClosesAt *time.Time `json:"registration_closes_at"`
	StreamURL            string     `json:"stream_url"`
	CoverImageURL        string     `json:"cover_image_url"`
	Topics               []string   `json:"topics"`
}

// event turns the input into an unsaved draft.
func (n NewEvent) event() Event {
	e := Event{
		Slug: n.Slug, Title: n.Title, Summary: n.Summary, Description: n.Description, OrganiserNote: n.OrganiserNote,
		DurationMinutes: n.DurationMinutes, Timezone: n.Timezone, Status: StatusDraft,
		Capacity: n.Capacity, RegistrationOpensAt: n.RegistrationOpensAt, RegistrationClosesAt: n.RegistrationClosesAt,
		StreamURL: n.StreamURL, CoverImageURL: n.CoverImageURL, Topics: n.Topics,
	}
	if n.StartsAt != nil {
		e.StartsAt = *n.StartsAt
	}
	return e
}

// EventPatch changes some fields of an event; absent fields stay.
type EventPatch struct {
	Slug                 *string             `json:"slug"`
	Title                *string             `json:"title"`
	Summary              *string             `json:"summary"`
	Description          *string             `json:"description"`
	OrganiserNote        *string             `json:"organiser_note"`
	StartsAt             *time.Time          `json:"starts_at"`
	DurationMinutes      *int                `json:"duration_minutes"`
	Timezone             *string             `json:"timezone"`
	Capacity             Nullable[int]       `json:"capacity"`
	RegistrationOpensAt  Nullable[time.Time] `json:"registration_opens_at"`
	RegistrationClosesAt Nullable[time.Time] `json:"registration_closes_at"`
	StreamURL            *string             `json:"stream_url"`
	RecordingURL         *string             `json:"recording_url"`
	CoverImageURL        *string             `json:"cover_image_url"`
	Topics               *[]string           `json:"topics"`
}

// Apply returns e with the patch's fields, and whether its time moved.
func (p EventPatch) Apply(e Event) (Event, bool) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&e.Slug, p.Slug)
	set(&e.Title, p.Title)
	set(&e.Summary, p.Summary)
	set(&e.Description, p.Description)
	set(&e.OrganiserNote, p.OrganiserNote)
	set(&e.Timezone, p.Timezone)
	set(&e.StreamURL, p.StreamURL)
	set(&e.RecordingURL, p.RecordingURL)
	set(&e.CoverImageURL, p.CoverImageURL)
	before := e.StartsAt
	beforeDuration := e.DurationMinutes
	if p.StartsAt != nil {
		e.StartsAt = *p.StartsAt
	}
	if p.DurationMinutes != nil {
		e.DurationMinutes = *p.DurationMinutes
	}
	if p.Capacity.Set {
		e.Capacity = p.Capacity.Value
	}
	if p.RegistrationOpensAt.Set {
		e.RegistrationOpensAt = p.RegistrationOpensAt.Value
	}
	if p.RegistrationClosesAt.Set {
		e.RegistrationClosesAt = p.RegistrationClosesAt.Value
	}
	if p.Topics != nil {
		e.Topics = *p.Topics
	}
	return e, !e.StartsAt.Equal(before) || e.DurationMinutes != beforeDuration
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Limits on event fields.
const (
	minDuration   = 5
	maxDuration   = 1440
	maxTopics     = 10
	maxTopicLen   = 50
	maxSummaryLen = 500
	maxNoteLen    = 5000
	maxSearchLen  = 200
	// maxCapacity is the most places an event may offer. The largest
	// webinar plans sold (Zoom Webinars, Teams town halls) stop at 10,000 to
	// 50,000 attendees; 100,000 leaves room above the biggest public-sector
	// audience while one change of capacity writes at most 100,000 seat
	// rows (a million took 6.8 s).
	maxCapacity = 100_000
)

// Event times stay within years 2000 to 2999, so every time has a
// four-digit year in RFC 3339 and in iCalendar.
var (
	earliestTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latestTime   = time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
)

// normalise trims text fields and tidies topics (lower case, no repeats).
func (e *Event) normalise() {
	e.Slug = strings.TrimSpace(e.Slug)
	e.Title = strings.TrimSpace(e.Title)
	e.Summary = strings.TrimSpace(e.Summary)
	e.OrganiserNote = strings.TrimSpace(e.OrganiserNote)
	e.Timezone = strings.TrimSpace(e.Timezone)
	e.StreamURL = strings.TrimSpace(e.StreamURL)
	e.RecordingURL = strings.TrimSpace(e.RecordingURL)
	e.CoverImageURL = strings.TrimSpace(e.CoverImageURL)
	e.StartsAt = e.StartsAt.UTC()
	if len(e.Topics) > maxTopics {
		return // left as sent, for validate to refuse
	}
	topics := make([]string, 0, len(e.Topics))
	for _, t := range e.Topics {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	e.Topics = topics
}

// validate checks a whole event, with a message per field.
func (e Event) validate() error {
	v := errs.Validation{}
	switch {
	case e.Slug == "":
		v.Add("slug", "Enter a slug: the event's address, like early-intervention.")
	case len(e.Slug) < 3 || len(e.Slug) > 100 || !slugPattern.MatchString(e.Slug):
		v.Add("slug", "Use 3 to 100 lower-case letters, digits and single hyphens, like early-intervention.")
	}
	if e.Title == "" || utf8.RuneCountInString(e.Title) > 200 {
		v.Add("title", "Enter a title of 1 to 200 characters.")
	}
	if utf8.RuneCountInString(e.Summary) > maxSummaryLen {
		v.Add("summary", "Keep the summary to 500 characters.")
	}
	if utf8.RuneCountInString(e.Description) > 50000 {
		v.Add("description", "Keep the description to 50,000 characters.")
	}
	if utf8.RuneCountInString(e.OrganiserNote) > maxNoteLen {
		v.Add("organiser_note", "Keep the note for organisers to 5,000 characters.")
	}
	if e.StartsAt.IsZero() {
		v.Add("starts_at", "Enter when the event starts.")
	} else {
		checkTime(v, "starts_at", &e.StartsAt)
	}
	checkTime(v, "registration_opens_at", e.RegistrationOpensAt)
	checkTime(v, "registration_closes_at", e.RegistrationClosesAt)
	if e.DurationMinutes < minDuration || e.DurationMinutes > maxDuration {
		v.Add("duration_minutes", "Use a duration from 5 to 1440 minutes.")
	}
	if _, err := time.LoadLocation(e.Timezone); err != nil || e.Timezone == "" || e.Timezone == "Local" {
		v.Add("timezone", "Use an IANA time zone name, like Europe/London.")
	}
	if e.Capacity != nil && (*e.Capacity < 1 || *e.Capacity > maxCapacity) {
		v.Add("capacity", "Use a capacity from 1 to 100,000, or leave it empty for unlimited.")
	}
	if o, c := e.RegistrationOpensAt, e.RegistrationClosesAt; o != nil && c != nil && !o.Before(*c) {
		v.Add("registration_opens_at", "Registration must open before it closes.")
	}
	if c := e.RegistrationClosesAt; c != nil && !e.StartsAt.IsZero() && c.After(e.EndsAt()) {
		v.Add("registration_closes_at", "Registration cannot close after the event ends.")
	}
	checkURL(v, "stream_url", e.StreamURL)
	checkURL(v, "recording_url", e.RecordingURL)
	if len(e.RecordingURL) > 2000 {
		v.Add("recording_url", "Use at most 2000 characters.")
	}
	checkURL(v, "cover_image_url", e.CoverImageURL)
	if len(e.Topics) > maxTopics {
		v.Add("topics", "Use at most 10 topics.")
	}
	for _, t := range e.Topics {
		if utf8.RuneCountInString(t) > maxTopicLen {
			v.Add("topics", "Keep each topic to 50 characters.")
		}
	}
	return v.Err()
}

// checkTime accepts no time or one within the years events may use.
func checkTime(v errs.Validation, field string, t *time.Time) {
	if t != nil && (t.Before(earliestTime) || !t.Before(latestTime)) {
		v.Add(field, "Use a time in the years 2000 to 2999.")
	}
}

// checkURL accepts an empty value or an absolute http(s) URL.
func checkURL(v errs.Validation, field, value string) {
	if value == "" {
		return
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(value) > 2000 {
		v.Add(field, "Use a full web address starting with https:// or http://.")
	}
}

func checkText(v errs.Validation, field, value string, minLen, maxLen int) {
	n := utf8.RuneCountInString(strings.TrimSpace(value))
	if n < minLen || n > maxLen {
		if minLen > 0 {
			v.Add(field, "Use 1 to "+strconv.Itoa(maxLen)+" characters.")
		} else {
			v.Add(field, "Use at most "+strconv.Itoa(maxLen)+" characters.")
		}
	}
}

// PersonInput creates or replaces a person's details.
type PersonInput struct {
	Name         string `json:"name"`
	JobTitle     string `json:"job_title"`
	Organisation string `json:"organisation"`
	Bio          string `json:"bio"`
	PhotoURL     string `json:"photo_url"`
}

func (p *PersonInput) validate() error {
	p.Name, p.JobTitle, p.Organisation = strings.TrimSpace(p.Name), strings.TrimSpace(p.JobTitle), strings.TrimSpace(p.Organisation)
	p.Bio, p.PhotoURL = strings.TrimSpace(p.Bio), strings.TrimSpace(p.PhotoURL)
	v := errs.Validation{}
	checkText(v, "name", p.Name, 1, 200)
	checkText(v, "job_title", p.JobTitle, 0, 200)
	checkText(v, "organisation", p.Organisation, 0, 200)
	checkText(v, "bio", p.Bio, 0, 2000)
	checkURL(v, "photo_url", p.PhotoURL)
	return v.Err()
}

// OrganisationInput creates or replaces an organisation's details.
type OrganisationInput struct {
	Name        string `json:"name"`
	Website     string `json:"website"`
	LogoURL     string `json:"logo_url"`
	Description string `json:"description"`
}

func (o *OrganisationInput) validate() error {
	o.Name, o.Website, o.LogoURL = strings.TrimSpace(o.Name), strings.TrimSpace(o.Website), strings.TrimSpace(o.LogoURL)
	o.Description = strings.TrimSpace(o.Description)
	v := errs.Validation{}
	checkText(v, "name", o.Name, 1, 200)
	checkURL(v, "website", o.Website)
	checkURL(v, "logo_url", o.LogoURL)
	checkText(v, "description", o.Description, 0, 2000)
	return v.Err()
}

// SpeakerInput places a person in an event with a role; the list order is
// the programme order.
type SpeakerInput struct {
	PersonID string `json:"person_id"`
	Role     Role   `json:"role"`
}

// PartnerInput places an organisation in an event.
type PartnerInput struct {
	OrganisationID string      `json:"organisation_id"`
	Kind           PartnerKind `json:"kind"`
	Note           string      `json:"note"`
}

// AgendaInput creates or replaces an agenda item.
type AgendaInput struct {
	Title              string   `json:"title"`
	StartOffsetMinutes int      `json:"start_offset_minutes"`
	DurationMinutes    int      `json:"duration_minutes"`
	Description        string   `json:"description"`
	SpeakerIDs         []string `json:"speaker_ids"`
}

// validate checks an agenda item against its event.
func (a *AgendaInput) validate(e Event, eventSpeakers []Speaker) error {
	a.Title, a.Description = strings.TrimSpace(a.Title), strings.TrimSpace(a.Description)
	v := errs.Validation{}
	checkText(v, "title", a.Title, 1, 200)
	checkText(v, "description", a.Description, 0, 5000)
	if a.StartOffsetMinutes < 0 || a.StartOffsetMinutes >= maxDuration {
		v.Add("start_offset_minutes", "Use 0 to 1439 minutes from the start.")
	}
	if a.DurationMinutes < 1 || a.DurationMinutes > maxDuration {
		v.Add("duration_minutes", "Use 1 to 1440 minutes.")
	}
	if a.StartOffsetMinutes+a.DurationMinutes > e.DurationMinutes {
		v.Add("duration_minutes", "The item must end by the end of the event ("+strconv.Itoa(e.DurationMinutes)+" minutes).")
	}
	for _, id := range a.SpeakerIDs {
		if !slices.ContainsFunc(eventSpeakers, func(s Speaker) bool { return s.PersonID == id }) {
			v.Add("speaker_ids", "Each speaker must first be one of the event's speakers.")
		}
	}
	if a.SpeakerIDs == nil {
		a.SpeakerIDs = []string{}
	}
	return v.Err()
}

var validRoles = []Role{RoleChair, RoleKeynote, RolePanellist, RoleModerator}

var validKinds = []PartnerKind{KindHost, KindKnowledgePartner, KindSponsor}
