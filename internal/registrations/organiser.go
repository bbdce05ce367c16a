package registrations

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// Filter narrows the organiser's list.
type Filter struct {
	Status       string
	Sector       string
	Organisation string
	Search       string // name or email
	Page         page.Request
}

// Page is one page of registrations, in arrival order.
type Page = page.Page[Registration]

// arrivalKey orders registrations: by arrival, which is unique.
type arrivalKey struct {
	Arrival int64 `json:"arrival"`
}

func (k arrivalKey) Valid() bool { return k.Arrival > 0 }

// List returns an event's registrations, filtered, in arrival order.
func (s *Service) List(ctx context.Context, eventID string, f Filter) (Page, error) {
	if uuid.Validate(eventID) != nil {
		return Page{}, fmt.Errorf("registrations: event %q: %w", eventID, errs.ErrNotFound)
	}
	v := errs.Validation{}
	statuses := []string{"confirmed", "waitlisted", "pending_approval", "pending_payment", "rejected", "cancelled"}
	if f.Status != "" && !slices.Contains(statuses, f.Status) {
		v.Add("status", "Use one of "+strings.Join(statuses, ", ")+".")
	}
	if f.Sector != "" && !slices.Contains(Sectors, f.Sector) {
		v.Add("sector", "Use one of the form's sectors.")
	}
	if utf8.RuneCountInString(f.Organisation) > 200 {
		v.Add("organisation", "Use at most 200 characters.")
	}
	if utf8.RuneCountInString(f.Search) > 254 {
		v.Add("q", "Search for at most 254 characters.")
	}
	q, err := page.Read[arrivalKey]("registrations", f.Page, v)
	if err != nil {
		return Page{}, err
	}
	if err := v.Err(); err != nil {
		return Page{}, err
	}
	if _, err := eventInfoByID(ctx, s.db, eventID); err != nil {
		return Page{}, err
	}
	var after int64
	if q.After != nil {
		after = q.After.Arrival
	}
	rows, _ := s.db.Query(ctx, `
		SELECT arrival, `+registrationColumns+` FROM registrations
		WHERE event_id = $1 AND arrival > $2
		  AND ($3 = '' OR status = $3) AND ($4 = '' OR sector = $4)
		  AND ($5 = '' OR organisation ILIKE '%' || $5 || '%')
		  AND ($6 = '' OR (first_name || ' ' || last_name) ILIKE '%' || $6 || '%' OR email ILIKE '%' || $6 || '%')
		ORDER BY arrival LIMIT $7`, eventID, after, f.Status, f.Sector, strings.TrimSpace(f.Organisation), strings.TrimSpace(f.Search), q.Fetch())
	type row struct {
		Arrival int64 `db:"arrival"`
		Registration
	}
	found, err := pgx.CollectRows(rows, pgx.RowToStructByNameLax[row])
	if err != nil {
		return Page{}, fmt.Errorf("registrations: list: %w", postgres.MapError(err))
	}
	p := page.Of(q, found, func(r row) arrivalKey { return arrivalKey{Arrival: r.Arrival} })
	return page.Map(p, func(r row) Registration { return r.Registration }), nil
}

// Get returns one registration of the event, with its consents.
func (s *Service) Get(ctx context.Context, eventID, id string) (Registration, error) {
	if uuid.Validate(id) != nil || uuid.Validate(eventID) != nil {
		return Registration{}, fmt.Errorf("registrations: %q: %w", id, errs.ErrNotFound)
	}
	r, err := registrationByID(ctx, s.db, id, false)
	if err != nil {
		return Registration{}, err
	}
	if r.EventID != eventID {
		return Registration{}, fmt.Errorf("registrations: %s not of %s: %w", id, eventID, errs.ErrNotFound)
	}
	r.Consents, err = consentsOf(ctx, s.db, id)
	return r, err
}

// Action is a decision an organiser takes on one registration.
type Action string

// Organiser actions.
const (
	ActionApprove Action = "approve"
	ActionReject  Action = "reject"
	ActionCancel  Action = "cancel"
	ActionPromote Action = "promote" // from the waitlist, into a free seat
	ActionCheckIn Action = "check-in"
)

// Decide applies an organiser's action to a registration of the event.
func (s *Service) Decide(ctx context.Context, eventID, id string, action Action) (Registration, error) {
	if _, err := s.Get(ctx, eventID, id); err != nil {
		return Registration{}, err
	}
	err := s.withRegistration(ctx, id, func(tx pgx.Tx, r Registration) error {
		wrong := errs.Publicf(errs.ErrConflict, "A %s registration cannot be %s.", r.Status, map[Action]string{
			ActionApprove: "approved", ActionReject: "rejected", ActionCancel: "cancelled", ActionPromote: "moved off the waitlist", ActionCheckIn: "checked in"}[action])
		switch action {
		case ActionApprove:
			if r.Status != StatusPendingApproval {
				return wrong
			}
			status, err := s.admit(ctx, tx, r)
			if err != nil {
				return err
			}
			if status == StatusPendingPayment {
				return s.tell(ctx, tx, notice.Notice{RegistrationID: r.ID, Kind: notice.KindPaymentDue})
			}
			return s.tell(ctx, tx, notice.Notice{RegistrationID: r.ID, Kind: notice.KindApproved})
		case ActionReject:
			if r.Status != StatusPendingApproval && r.Status != StatusWaitlisted {
				return wrong
			}
			if err := setStatus(ctx, tx, r.ID, StatusRejected, nil, false); err != nil {
				return err
			}
			return s.tell(ctx, tx, notice.Notice{RegistrationID: r.ID, Kind: notice.KindRejected})
		case ActionCancel:
			if r.Status == StatusCancelled || r.Status == StatusRejected {
				return wrong
			}
			if err := s.cancel(ctx, tx, r); err != nil {
				return err
			}
			return s.tell(ctx, tx, notice.Notice{RegistrationID: r.ID, Kind: notice.KindCancelled, Variant: "organiser"})
		case ActionPromote:
			if r.Status != StatusWaitlisted {
				return wrong
			}
			seatID, ok, err := claimSeat(ctx, tx, r.EventID, r.ID)
			if err != nil {
				return err
			}
			if !ok {
				return errs.Publicf(errs.ErrFull, "The event is full: raise its capacity first.")
			}
			status, err := seat(ctx, tx, r.ID, &seatID, false, s.holdUntil())
			if err != nil {
				return err
			}
			return s.tell(ctx, tx, notice.Notice{RegistrationID: r.ID, Kind: promotedKind(status)})
		case ActionCheckIn:
			if r.Status != StatusConfirmed {
				return wrong
			}
			_, err := tx.Exec(ctx, `UPDATE registrations SET attended_at = coalesce(attended_at, now()), updated_at = now() WHERE id = $1`, r.ID)
			return err
		}
		return fmt.Errorf("registrations: unknown action %q: %w", action, errs.ErrNotFound)
	})
	if err != nil {
		return Registration{}, err
	}
	return s.Get(ctx, eventID, id)
}

// BulkResult says what happened to each registration of a bulk action.
type BulkResult struct {
	Done   []string          `json:"done"`
	Failed map[string]string `json:"failed"`
}

// DecideMany applies one action to many registrations, each in its own
// transaction, in the order given.
func (s *Service) DecideMany(ctx context.Context, eventID string, ids []string, action Action) (BulkResult, error) {
	if len(ids) == 0 || len(ids) > 500 {
		return BulkResult{}, errs.Validation{"ids": "List 1 to 500 registrations."}
	}
	for _, id := range ids {
		if uuid.Validate(id) != nil {
			return BulkResult{}, errs.Validation{"ids": "List registrations by their ids."}
		}
	}
	res := BulkResult{Done: []string{}, Failed: map[string]string{}}
	for _, id := range ids {
		if _, err := s.Decide(ctx, eventID, id, action); err != nil {
			var public *errs.Public
			switch {
			case errors.As(err, &public):
				res.Failed[id] = public.Detail
			case errors.Is(err, errs.ErrNotFound):
				res.Failed[id] = "No such registration for this event."
			default:
				return BulkResult{}, err
			}
			continue
		}
		res.Done = append(res.Done, id)
	}
	return res, nil
}

// Settings are an event's admission rules.
type Settings struct {
	Approval        Approval `json:"approval" db:"approval"`
	ApprovedDomains []string `json:"approved_domains" db:"approved_domains"`
}

// SetSettings replaces an event's admission rules.
func (s *Service) SetSettings(ctx context.Context, eventID string, set Settings) (Settings, error) {
	v := errs.Validation{}
	if !slices.Contains([]Approval{ApprovalOpen, ApprovalDomains, ApprovalManual}, set.Approval) {
		v.Add("approval", "Choose open, domains or manual.")
	}
	domains := []string{}
	for _, d := range set.ApprovedDomains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" || strings.ContainsAny(d, " @/") || !strings.Contains(d, ".") {
			v.Add("approved_domains", "List domains like gov.uk or *.gov.scot.")
		}
		domains = append(domains, d)
	}
	if set.Approval == ApprovalDomains && len(domains) == 0 {
		v.Add("approved_domains", "List at least one domain, or choose another approval.")
	}
	if err := v.Err(); err != nil {
		return Settings{}, err
	}
	e, err := eventInfoByID(ctx, s.db, eventID)
	if err != nil {
		return Settings{}, err
	}
	_, err = s.db.Exec(ctx, `
		INSERT INTO registration_settings (event_id, approval, approved_domains) VALUES ($1, $2, $3)
		ON CONFLICT (event_id) DO UPDATE SET approval = excluded.approval, approved_domains = excluded.approved_domains`,
		eventID, set.Approval, domains)
	if err != nil {
		return Settings{}, postgres.MapError(err)
	}
	s.changed(ctx, e.Slug)
	return Settings{Approval: set.Approval, ApprovedDomains: domains}, nil
}

// SetQuestions makes the list the event's custom questions, in its order.
// A question given with its id is updated in place and keeps its answers,
// whatever its new kind or options (they are what registrants answered); one
// without is new; a saved question left out is removed with its answers.
func (s *Service) SetQuestions(ctx context.Context, eventID string, questions []QuestionInput) ([]Question, error) {
	e, err := eventInfoByID(ctx, s.db, eventID)
	if err != nil {
		return nil, err
	}
	questions = slices.Clone(questions)
	for i := range questions {
		questions[i].ID = strings.ToLower(questions[i].ID) // as PostgreSQL writes a uuid
	}
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		// One save of an event's questions at a time.
		if _, err := tx.Exec(ctx, `SELECT FROM events WHERE id = $1 FOR NO KEY UPDATE`, eventID); err != nil {
			return err
		}
		rows, _ := tx.Query(ctx, `SELECT id::text FROM form_questions WHERE event_id = $1`, eventID)
		saved, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		if err := validateQuestions(questions, saved); err != nil {
			return err
		}
		var kept []string
		for _, q := range questions {
			if q.ID != "" {
				kept = append(kept, q.ID)
			}
		}
		removed := slices.DeleteFunc(saved, func(id string) bool { return slices.Contains(kept, id) })
		if len(removed) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM form_questions WHERE id = ANY($1::uuid[])`, removed); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE registrations SET answers = answers - $2::text[], updated_at = now()
				WHERE event_id = $1 AND answers ?| $2::text[]`, eventID, removed); err != nil {
				return err
			}
		}
		// Positions are unique per event and checked row by row: move the kept
		// questions past every position in use before giving out 0, 1, ….
		if _, err := tx.Exec(ctx, `UPDATE form_questions SET position = position + $2 +
			(SELECT coalesce(max(position), 0) + 1 FROM form_questions WHERE event_id = $1) WHERE event_id = $1`, eventID, len(questions)); err != nil {
			return err
		}
		for i, q := range questions {
			options := q.Options
			if options == nil {
				options = []string{}
			}
			if q.ID != "" {
				_, err = tx.Exec(ctx, `UPDATE form_questions SET kind = $2, label = $3, required = $4, options = $5, position = $6 WHERE id = $1`,
					q.ID, q.Kind, strings.TrimSpace(q.Label), q.Required, options, i)
			} else {
				_, err = tx.Exec(ctx, `INSERT INTO form_questions (event_id, kind, label, required, options, position) VALUES ($1, $2, $3, $4, $5, $6)`,
					eventID, q.Kind, strings.TrimSpace(q.Label), q.Required, options, i)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, e.Slug)
	return s.Questions(ctx, eventID)
}

// Questions returns the event's own questions, in form order.
func (s *Service) Questions(ctx context.Context, eventID string) ([]Question, error) {
	e, err := eventInfoByID(ctx, s.db, eventID)
	if err != nil {
		return nil, err
	}
	if e.Questions == nil {
		e.Questions = []Question{}
	}
	return e.Questions, nil
}

// Settings returns the event's admission rules.
func (s *Service) Settings(ctx context.Context, eventID string) (Settings, error) {
	e, err := eventInfoByID(ctx, s.db, eventID)
	if err != nil {
		return Settings{}, err
	}
	return Settings{Approval: e.Approval, ApprovedDomains: e.ApprovedDomains}, nil
}

// EventSummary names the event a registration is for.
func (s *Service) EventSummary(ctx context.Context, eventID string) (EventSummary, error) {
	e, err := eventInfoByID(ctx, s.db, eventID)
	if err != nil {
		return EventSummary{}, err
	}
	return EventSummary{Slug: e.Slug, Title: e.Title, StartsAt: e.StartsAt, EndsAt: e.endsAt(), Timezone: e.Timezone, Status: e.Status}, nil
}

// changed drops this process's view of the event and tells the others.
func (s *Service) changed(ctx context.Context, slug string) {
	s.EventChanged(slug)
	_, _ = s.db.Exec(ctx, `SELECT pg_notify('plenary_event_changed', $1)`, slug)
}
