package events

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/listen"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// Service holds the event rules.
type Service struct {
	db       *pgxpool.Pool
	pages    *pageCache
	logger   *slog.Logger
	now      func() time.Time
	seats    SeatSyncer
	places   PlacesCounter
	watchers []Watcher
	onChange []func(slug string)
	copiers  []Copier
}

func (s *Service) syncSeats(ctx context.Context, tx pgx.Tx, eventID string, before, after *int) error {
	if s.seats == nil || (before == nil && after == nil) || (before != nil && after != nil && *before == *after) {
		return nil
	}
	return s.seats.SyncSeats(ctx, tx, eventID, after)
}

// NewService returns the event service, acting with the other domains
// through hooks. It follows the changes other processes make through
// listener, to keep its page cache fresh.
func NewService(db *pgxpool.Pool, logger *slog.Logger, listener *listen.Listener, hooks Hooks) *Service {
	s := &Service{db: db, pages: newPageCache(), logger: logger, now: time.Now, seats: hooks.Seats, places: hooks.Places,
		watchers: hooks.Watchers, onChange: hooks.OnChange, copiers: hooks.Copiers}
	listener.Handle(notifyChannel, changeListener{s})
	return s
}

// ErrSlugTaken is returned when another event has the slug.
var ErrSlugTaken = errs.Publicf(errs.ErrConflict, "Another event already uses this slug; choose another.")

// Create saves a new draft event.
func (s *Service) Create(ctx context.Context, createdBy string, n NewEvent) (Event, error) {
	e := n.event()
	e.normalise()
	if err := e.validate(); err != nil {
		return Event{}, err
	}
	if createdBy != "" {
		e.CreatedBy = &createdBy
	}
	var created Event
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var err error
		if created, err = insertEvent(ctx, tx, e); err != nil {
			return err
		}
		if err := s.syncSeats(ctx, tx, created.ID, nil, created.Capacity); err != nil {
			return err
		}
		return refreshShown(ctx, tx, []string{created.ID})
	})
	if errors.Is(err, errs.ErrConflict) {
		return Event{}, ErrSlugTaken
	}
	return created, err
}

// change runs fn on the locked event and saves what it returns, refreshing
// search and every process's page cache (the old slug's and the new one's).
func (s *Service) change(ctx context.Context, id string, fn func(e Event) (Event, error)) (Event, error) {
	if err := checkID(id); err != nil {
		return Event{}, err
	}
	var saved Event
	var oldSlug string
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		current, err := eventByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		oldSlug = current.Slug
		next, err := fn(current)
		if err != nil {
			return err
		}
		if saved, err = updateEvent(ctx, tx, next); err != nil {
			return err
		}
		if err := s.syncSeats(ctx, tx, id, current.Capacity, saved.Capacity); err != nil {
			return err
		}
		for _, w := range s.watchers {
			if err := w.EventChanged(ctx, tx, current, saved); err != nil {
				return err
			}
		}
		if err := refreshShown(ctx, tx, []string{id}); err != nil {
			return err
		}
		return notifyChanged(ctx, tx, oldSlug, saved.Slug)
	})
	if errors.Is(err, errs.ErrConflict) && postgres.ConstraintName(err) == "events_slug_key" {
		return Event{}, ErrSlugTaken
	}
	if err == nil {
		s.changed(oldSlug, saved.Slug)
	}
	return saved, err
}

// Update applies a partial change. Moving the event's time raises its
// calendar SEQUENCE so calendar apps replace the old entry.
func (s *Service) Update(ctx context.Context, id string, p EventPatch) (Event, error) {
	return s.change(ctx, id, func(e Event) (Event, error) {
		next, moved := p.Apply(e)
		next.normalise()
		if err := next.validate(); err != nil {
			return Event{}, err
		}
		if moved {
			next.Sequence++
		}
		return next, nil
	})
}

// ErrWrongStatus is returned for a status change the event's status forbids.
func wrongStatus(e Event, action string) error {
	return errs.Publicf(errs.ErrConflict, "A %s event cannot be %s.", e.Status, action)
}

// Publish makes a draft visible to the public.
func (s *Service) Publish(ctx context.Context, id string) (Event, error) {
	return s.change(ctx, id, func(e Event) (Event, error) {
		if e.Status != StatusDraft {
			return Event{}, wrongStatus(e, "published")
		}
		now := s.now()
		e.Status, e.PublishedAt = StatusPublished, &now
		return e, nil
	})
}

// Unpublish hides a published event again.
func (s *Service) Unpublish(ctx context.Context, id string) (Event, error) {
	return s.change(ctx, id, func(e Event) (Event, error) {
		if e.Status != StatusPublished {
			return Event{}, wrongStatus(e, "unpublished")
		}
		e.Status = StatusDraft
		return e, nil
	})
}

// Cancellation is the organiser's optional word when cancelling.
type Cancellation struct {
	Message string `json:"message"`
}

// maxCancellationMessage bounds the message (as the column's CHECK does).
const maxCancellationMessage = 2000

// Cancel calls the event off, with the organiser's message. A published
// event stays at its public URL, saying so, and leaves the lists;
// calendar entries are withdrawn with a higher SEQUENCE.
func (s *Service) Cancel(ctx context.Context, id string, c Cancellation) (Event, error) {
	message := strings.TrimSpace(c.Message)
	if utf8.RuneCountInString(message) > maxCancellationMessage {
		return Event{}, errs.Validation{"message": fmt.Sprintf("Use at most %d characters.", maxCancellationMessage)}
	}
	return s.change(ctx, id, func(e Event) (Event, error) {
		if e.Status == StatusCancelled {
			return Event{}, wrongStatus(e, "cancelled")
		}
		e.Status, e.CancellationMessage = StatusCancelled, message
		e.Sequence++
		return e, nil
	})
}

// Delete removes a draft. Published and cancelled events stay on record.
func (s *Service) Delete(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	n, err := deleteDraft(ctx, s.db, id)
	if err != nil || n == 1 {
		return err
	}
	if _, err := eventByID(ctx, s.db, id, false); err != nil {
		return err
	}
	return errs.Publicf(errs.ErrConflict, "Only drafts can be deleted; cancel a published event instead.")
}

// Get returns an event with everything on its page, for organisers.
func (s *Service) Get(ctx context.Context, id string) (Detail, error) {
	if err := checkID(id); err != nil {
		return Detail{}, err
	}
	e, err := eventByID(ctx, s.db, id, false)
	if err != nil {
		return Detail{}, err
	}
	return s.detail(ctx, e)
}

func (s *Service) detail(ctx context.Context, e Event) (Detail, error) {
	d := Detail{Event: e}
	var err error
	if d.Speakers, err = speakersOf(ctx, s.db, e.ID); err != nil {
		return Detail{}, err
	}
	if d.Partners, err = partnersOf(ctx, s.db, e.ID); err != nil {
		return Detail{}, err
	}
	if d.Agenda, err = agendaOf(ctx, s.db, e.ID); err != nil {
		return Detail{}, err
	}
	return d, nil
}

// SetSpeakers replaces the event's speakers with the given ordered list.
func (s *Service) SetSpeakers(ctx context.Context, id string, speakers []SpeakerInput) (Detail, error) {
	v := errs.Validation{}
	seen := map[string]bool{}
	for i, sp := range speakers {
		field := fmt.Sprintf("speakers[%d]", i)
		if uuid.Validate(sp.PersonID) != nil {
			v.Add(field+".person_id", "Choose a person by their id.")
		} else if seen[sp.PersonID] {
			v.Add(field+".person_id", "This person is already in the list.")
		}
		seen[sp.PersonID] = true
		if !slices.Contains(validRoles, sp.Role) {
			v.Add(field+".role", "Choose chair, keynote, panellist or moderator.")
		}
	}
	if err := v.Err(); err != nil {
		return Detail{}, err
	}
	return s.changeParts(ctx, id, func(tx pgx.Tx) error {
		err := replaceSpeakers(ctx, tx, id, speakers)
		if errors.Is(err, errs.ErrInvalid) {
			return errs.Validation{"speakers": "Each speaker must be a person that exists."}
		}
		return err
	})
}

// SetPartners replaces the event's partner organisations.
func (s *Service) SetPartners(ctx context.Context, id string, partners []PartnerInput) (Detail, error) {
	v := errs.Validation{}
	for i, p := range partners {
		field := fmt.Sprintf("partners[%d]", i)
		if uuid.Validate(p.OrganisationID) != nil {
			v.Add(field+".organisation_id", "Choose an organisation by its id.")
		}
		if !slices.Contains(validKinds, p.Kind) {
			v.Add(field+".kind", "Choose host, knowledge_partner or sponsor.")
		}
		checkText(v, field+".note", p.Note, 0, 1000)
	}
	if err := v.Err(); err != nil {
		return Detail{}, err
	}
	return s.changeParts(ctx, id, func(tx pgx.Tx) error {
		err := replacePartners(ctx, tx, id, partners)
		switch {
		case errors.Is(err, errs.ErrConflict):
			return errs.Validation{"partners": "An organisation can have each kind of part only once."}
		case errors.Is(err, errs.ErrInvalid):
			return errs.Validation{"partners": "Each partner must be an organisation that exists."}
		}
		return err
	})
}

// changeParts runs fn, which changes an event's speakers, partners or
// agenda, with the event locked, then refreshes search and caches.
func (s *Service) changeParts(ctx context.Context, id string, fn func(tx pgx.Tx) error) (Detail, error) {
	if err := checkID(id); err != nil {
		return Detail{}, err
	}
	var slug string
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		e, err := eventByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		slug = e.Slug
		if err := fn(tx); err != nil {
			return err
		}
		if err := refreshShown(ctx, tx, []string{id}); err != nil {
			return err
		}
		return notifyChanged(ctx, tx, slug)
	})
	if err != nil {
		return Detail{}, err
	}
	s.changed(slug)
	return s.Get(ctx, id)
}

// checkID turns an id that is not a UUID into not found, as no such row
// can exist.
func checkID(id string) error {
	if uuid.Validate(id) != nil {
		return fmt.Errorf("events: id %q: %w", id, errs.ErrNotFound)
	}
	return nil
}

// ListAll returns every event, drafts and cancelled ones too, latest first.
func (s *Service) ListAll(ctx context.Context, r page.Request) (page.Page[Event], error) {
	q, err := page.ReadUnfiltered[startKey]("manage-events", r)
	if err != nil {
		return page.Page[Event]{}, err
	}
	return listAllEvents(ctx, s.db, q)
}
