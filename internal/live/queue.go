package live

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// ModQuestion is a question as moderators see it: always with who asked
// (also when anonymous to attendees), how to reach them, what they wrote
// before any edit, and the questions merged into it.
type ModQuestion struct {
	Question
	Anonymous      bool     `json:"anonymous"`
	RegistrationID *string  `json:"registration_id"`
	Email          string   `json:"email"`
	Sector         string   `json:"sector"`
	OriginalBody   string   `json:"original_body"`
	Edited         bool     `json:"edited"`
	DismissReason  string   `json:"dismiss_reason"`
	MergedFrom     []string `json:"merged_from"`
	Askers         []Asker  `json:"askers"`
	Blocked        bool     `json:"blocked"`
}

// noAskerName names the asker of a question whose registrant is not on
// record (a registration since deleted, or the demo's questions).
const noAskerName = "Not on record"

// The statuses a moderator may list by; "all" is every one of them.
var queueStatuses = map[string][]string{
	"held": {"held"}, "published": {"published"}, "answered": {"answered"}, "dismissed": {"dismissed"},
	"all": {"held", "published", "answered", "dismissed"},
}

// Queue lists an event's questions for moderators: status is held,
// published, answered, dismissed or all ("" is all).
func (s *Service) Queue(ctx context.Context, eventID, status string, order Order) ([]ModQuestion, int64, error) {
	if status == "" {
		status = "all"
	}
	statuses, ok := queueStatuses[status]
	if !ok {
		return nil, 0, errs.Validation{"status": "Choose held, published, answered, dismissed or all."}
	}
	if err := s.eventExists(ctx, eventID); err != nil {
		return nil, 0, err
	}
	last, err := lastChangeID(ctx, s.db, eventID)
	if err != nil {
		return nil, 0, err
	}
	rows, err := queryQuestions(ctx, s.db, eventID, nil, order == OrderFair, `q.status = ANY($4)`, statuses)
	if err != nil {
		return nil, 0, err
	}
	out, err := forModerators(ctx, s.db, eventID, sortQuestions(rows, order))
	return out, last, err
}

// modQuestion reads one question of an event as moderators see it.
func (s *Service) modQuestion(ctx context.Context, eventID, id string) (ModQuestion, error) {
	q, err := questionByID(ctx, s.db, eventID, id, nil)
	if err != nil {
		return ModQuestion{}, err
	}
	out, err := forModerators(ctx, s.db, eventID, []questionRow{q})
	if err != nil {
		return ModQuestion{}, err
	}
	return out[0], nil
}

// eventExists refuses an event id that names no event.
func (s *Service) eventExists(ctx context.Context, eventID string) error {
	if uuid.Validate(eventID) != nil {
		return fmt.Errorf("live: event %q: %w", eventID, errs.ErrNotFound)
	}
	_, err := s.events.Get(ctx, eventID)
	return err
}

// forModerators makes the moderators' view of rows: each with its askers
// (its own, then those of the questions merged into it, however deep) and
// whether its asker is blocked.
func forModerators(ctx context.Context, db postgres.DB, eventID string, rows []questionRow) ([]ModQuestion, error) {
	ids := make([]string, len(rows))
	for i, q := range rows {
		ids[i] = q.ID
	}
	merged, err := mergedAskers(ctx, db, eventID, ids)
	if err != nil {
		return nil, err
	}
	blocks, _ := db.Query(ctx, `SELECT registration_id FROM live_blocks WHERE event_id = $1`, eventID)
	blocked, err := pgx.CollectRows(blocks, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("live: blocks of %s: %w", eventID, err)
	}
	out := make([]ModQuestion, len(rows))
	for i, q := range rows {
		m := ModQuestion{Question: q.forAttendee(""), Anonymous: q.Anonymous, RegistrationID: q.RegistrationID,
			Email: q.Email, Sector: q.Sector, OriginalBody: q.OriginalBody, Edited: q.Body != q.OriginalBody,
			DismissReason: q.DismissReason, MergedFrom: []string{}, Askers: []Asker{q.modAsker()},
			Blocked: q.RegistrationID != nil && slices.Contains(blocked, *q.RegistrationID)}
		m.Asker = &m.Askers[0]
		for _, from := range merged[q.ID] {
			m.MergedFrom = append(m.MergedFrom, from.ID)
			if a := from.modAsker(); !slices.Contains(m.Askers, a) {
				m.Askers = append(m.Askers, a)
			}
		}
		out[i] = m
	}
	return out, nil
}

// modAsker names q's asker for moderators.
func (q questionRow) modAsker() Asker {
	if q.RegistrationID == nil {
		return Asker{Name: noAskerName}
	}
	return Asker{Name: q.name(), Organisation: q.Organisation}
}

// mergedAskers returns, for each of ids, the questions merged into it
// (directly or through another merged one), oldest first, with askers.
func mergedAskers(ctx context.Context, db postgres.DB, eventID string, ids []string) (map[string][]questionRow, error) {
	rows, _ := db.Query(ctx, `
		WITH RECURSIVE tree AS (
			SELECT q.merged_into AS root, q.id FROM live_questions q WHERE q.merged_into = ANY($2) AND q.event_id = $1
			UNION ALL
			SELECT t.root, q.id FROM tree t JOIN live_questions q ON q.merged_into = t.id)
		SELECT t.root, q.id, q.registration_id, q.created_at,
			coalesce(p.first_name, ''), coalesce(p.last_name, ''), coalesce(p.organisation, '')
		FROM tree t JOIN live_questions q ON q.id = t.id
		LEFT JOIN registration_participants p ON p.id = q.registration_id
		ORDER BY q.created_at, q.id`, eventID, ids)
	out := map[string][]questionRow{}
	var root string
	var q questionRow
	_, err := pgx.ForEachRow(rows, []any{&root, &q.ID, &q.RegistrationID, &q.CreatedAt, &q.FirstName, &q.LastName, &q.Organisation},
		func() error {
			from := q
			if q.RegistrationID != nil {
				id := *q.RegistrationID
				from.RegistrationID = &id
			}
			out[root] = append(out[root], from)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("live: merged questions of %s: %w", eventID, err)
	}
	return out, nil
}
