package events

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// PublicEvent is what anyone may see of a published event: never the
// stream URL, never anything about registrants.
type PublicEvent struct {
	Slug            string    `json:"slug"`
	Title           string    `json:"title"`
	Summary         string    `json:"summary"`
	DescriptionHTML string    `json:"description_html"`
	StartsAt        time.Time `json:"starts_at"`
	EndsAt          time.Time `json:"ends_at"`
	DurationMinutes int       `json:"duration_minutes"`
	Timezone        string    `json:"timezone"`
	Phase           Phase     `json:"phase"`
	Status          Status    `json:"status"`
	// CancellationMessage is the organiser's word on a cancelled event.
	CancellationMessage string          `json:"cancellation_message"`
	CoverImageURL       string          `json:"cover_image_url"`
	Topics              []string        `json:"topics"`
	Speakers            []PublicSpeaker `json:"speakers"`
	Partners            []PublicPartner `json:"partners"`
	Agenda              []PublicAgenda  `json:"agenda"`
	// PlacesLeft is how many places are free, 0 when a registration
	// would join the waiting list; nil when the event has no capacity.
	PlacesLeft *int `json:"places_left"`
}

// PublicSpeaker is a speaker as the public sees them.
type PublicSpeaker struct {
	Name         string `json:"name"`
	JobTitle     string `json:"job_title"`
	Organisation string `json:"organisation"`
	Role         Role   `json:"role"`
	Bio          string `json:"bio"`
	PhotoURL     string `json:"photo_url"`
}

// PublicPartner is a partner organisation as the public sees it.
type PublicPartner struct {
	Name        string      `json:"name"`
	Kind        PartnerKind `json:"kind"`
	Website     string      `json:"website"`
	LogoURL     string      `json:"logo_url"`
	Description string      `json:"description"`
	Note        string      `json:"note"`
}

// PublicAgenda is an agenda item as the public sees it.
type PublicAgenda struct {
	Title              string   `json:"title"`
	StartOffsetMinutes int      `json:"start_offset_minutes"`
	DurationMinutes    int      `json:"duration_minutes"`
	Description        string   `json:"description"`
	Speakers           []string `json:"speakers"`
}

// public renders the detail for the public at now.
func (d Detail) public(now time.Time) PublicEvent {
	p := PublicEvent{
		Slug: d.Slug, Title: d.Title, Summary: d.Summary, DescriptionHTML: RenderMarkdown(d.Description),
		StartsAt: d.StartsAt, EndsAt: d.EndsAt(), DurationMinutes: d.DurationMinutes, Timezone: d.Timezone,
		Phase: d.PhaseAt(now), Status: d.Status, CancellationMessage: d.CancellationMessage, CoverImageURL: d.CoverImageURL, Topics: d.Topics,
		Speakers: make([]PublicSpeaker, len(d.Speakers)), Partners: make([]PublicPartner, len(d.Partners)),
		Agenda: make([]PublicAgenda, len(d.Agenda)),
	}
	for i, s := range d.Speakers {
		p.Speakers[i] = PublicSpeaker{Name: s.Name, JobTitle: s.JobTitle, Organisation: s.Organisation, Role: s.Role, Bio: s.Bio, PhotoURL: s.PhotoURL}
	}
	for i, o := range d.Partners {
		p.Partners[i] = PublicPartner{Name: o.Name, Kind: o.Kind, Website: o.Website, LogoURL: o.LogoURL, Description: o.Description, Note: o.Note}
	}
	for i, a := range d.Agenda {
		names := make([]string, len(a.Speakers))
		for j, s := range a.Speakers {
			names[j] = s.Name
		}
		p.Agenda[i] = PublicAgenda{Title: a.Title, StartOffsetMinutes: a.StartOffsetMinutes, DurationMinutes: a.DurationMinutes, Description: a.Description, Speakers: names}
	}
	return p
}

// PublicPage returns the rendered JSON of a published event's page and its
// ETag, from the cache when it is fresh.
func (s *Service) PublicPage(ctx context.Context, slug string) (Page, error) {
	return s.pages.get(slug, s.now(), func() (Page, error) {
		d, err := s.PublicDetail(ctx, slug)
		if err != nil {
			return Page{}, err
		}
		now := s.now()
		p := d.public(now)
		if p.PlacesLeft, err = s.placesLeft(ctx, d.Event); err != nil {
			return Page{}, err
		}
		body, err := json.Marshal(p)
		if err != nil {
			return Page{}, err
		}
		return newPage(body, nextPhaseChange(d.Event, now)), nil
	})
}

// placesLeft is the number of free places of an event with a capacity.
func (s *Service) placesLeft(ctx context.Context, e Event) (*int, error) {
	if e.Capacity == nil || s.places == nil {
		return nil, nil
	}
	n, err := s.places.PlacesLeft(ctx, e.ID)
	if err != nil {
		return nil, fmt.Errorf("events: places left of %s: %w", e.Slug, err)
	}
	return &n, nil
}

// PublicDetail returns a published event, or a cancelled one that was
// published; ErrNotFound for drafts, events never published and unknown
// events alike.
func (s *Service) PublicDetail(ctx context.Context, slug string) (Detail, error) {
	e, err := publicEventBySlug(ctx, s.db, slug)
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, e)
}

// nextPhaseChange is when the page's phase will next change by the clock.
func nextPhaseChange(e Event, now time.Time) time.Time {
	switch e.PhaseAt(now) {
	case PhaseUpcoming:
		return e.StartsAt
	case PhaseLive:
		return e.EndsAt()
	}
	return time.Time{} // never
}

// ListQuery filters and pages the public list.
type ListQuery struct {
	When   string // "", "upcoming" or "past"
	Topic  string
	Search string
	Page   page.Request
}

// ListItem is an event on the public list.
type ListItem struct {
	Slug            string        `json:"slug"`
	Title           string        `json:"title"`
	Summary         string        `json:"summary"`
	StartsAt        time.Time     `json:"starts_at"`
	EndsAt          time.Time     `json:"ends_at"`
	DurationMinutes int           `json:"duration_minutes"`
	Timezone        string        `json:"timezone"`
	Phase           Phase         `json:"phase"`
	CoverImageURL   string        `json:"cover_image_url"`
	Topics          []string      `json:"topics"`
	Speakers        []ListSpeaker `json:"speakers"`
}

// ListSpeaker is a speaker on a list card.
type ListSpeaker struct {
	Name         string `json:"name"`
	JobTitle     string `json:"job_title"`
	Organisation string `json:"organisation"`
	Role         Role   `json:"role"`
}

// ListPage is one page of the list; NextCursor is empty on the last.
type ListPage = page.Page[ListItem]

// List returns published events: upcoming (and live) soonest first, past
// latest first, all by start time descending; filtered by topic and by a
// full-text search over title, summary and speakers.
func (s *Service) List(ctx context.Context, q ListQuery) (ListPage, error) {
	v := errs.Validation{}
	if q.When != "" && q.When != "upcoming" && q.When != "past" {
		v.Add("when", "Use upcoming or past.")
	}
	if utf8.RuneCountInString(q.Topic) > maxTopicLen {
		v.Add("topic", "Use a topic of at most 50 characters.")
	}
	if utf8.RuneCountInString(q.Search) > maxSearchLen {
		v.Add("q", "Search for at most 200 characters.")
	}
	// Each order is its own list: a cursor of one is refused by the other.
	pq, err := page.Read[startKey]("events:"+q.When, q.Page, v)
	if err != nil {
		return ListPage{}, err
	}
	if err := v.Err(); err != nil {
		return ListPage{}, err
	}
	ascending := q.When == "upcoming"
	order, compare := "DESC", "<"
	if ascending {
		order, compare = "ASC", ">"
	}
	// The two orders differ only in fixed keywords; every value is a parameter.
	sql := `SELECT ` + eventColumns + ` FROM events e
		WHERE status = 'published'
		  AND ($1 = '' OR ($1 = 'upcoming') = (starts_at + make_interval(mins => duration_minutes) > $6))
		  AND ($2 = '' OR $2 = ANY(topics))
		  AND ($3 = '' OR search @@ websearch_to_tsquery('english', $3))
		  AND ($4::timestamptz IS NULL OR (starts_at, id) ` + compare + ` ($4, $5::uuid))
		ORDER BY starts_at ` + order + `, id ` + order + ` LIMIT $7`
	var afterAt *time.Time
	var afterID *string
	if pq.After != nil {
		afterAt, afterID = &pq.After.StartsAt, &pq.After.ID
	}
	now := s.now()
	rows, _ := s.db.Query(ctx, sql, q.When, strings.ToLower(strings.TrimSpace(q.Topic)), strings.TrimSpace(q.Search),
		afterAt, afterID, now, pq.Fetch())
	found, err := pgx.CollectRows(rows, pgx.RowToStructByName[Event])
	if err != nil {
		return ListPage{}, fmt.Errorf("events: list: %w", postgres.MapError(err))
	}
	events := page.Of(pq, found, Event.startKey)
	speakers, err := listSpeakers(ctx, s.db, events.Items)
	if err != nil {
		return ListPage{}, err
	}
	return page.Map(events, func(e Event) ListItem {
		return ListItem{
			Slug: e.Slug, Title: e.Title, Summary: e.Summary, StartsAt: e.StartsAt, EndsAt: e.EndsAt(),
			DurationMinutes: e.DurationMinutes, Timezone: e.Timezone, Phase: e.PhaseAt(now),
			CoverImageURL: e.CoverImageURL, Topics: e.Topics, Speakers: append([]ListSpeaker{}, speakers[e.ID]...),
		}
	}), nil
}

// listSpeakers loads the speakers of a page of events in one query.
func listSpeakers(ctx context.Context, db postgres.DB, found []Event) (map[string][]ListSpeaker, error) {
	ids := make([]string, len(found))
	for i, e := range found {
		ids[i] = e.ID
	}
	rows, _ := db.Query(ctx, `
		SELECT es.event_id, p.name, p.job_title, p.organisation, es.role
		FROM event_speakers es JOIN people p ON p.id = es.person_id
		WHERE es.event_id = ANY($1) ORDER BY es.event_id, es.position`, ids)
	bySpeaker := map[string][]ListSpeaker{}
	var eventID string
	var sp ListSpeaker
	_, err := pgx.ForEachRow(rows, []any{&eventID, &sp.Name, &sp.JobTitle, &sp.Organisation, &sp.Role}, func() error {
		bySpeaker[eventID] = append(bySpeaker[eventID], sp)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events: list speakers: %w", postgres.MapError(err))
	}
	return bySpeaker, nil
}
