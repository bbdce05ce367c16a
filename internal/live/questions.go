package live

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/postgres"
)

// Question is a question as an attendee sees it: the asker is nil when
// the question is anonymous (or its asker is no longer on record), and
// never carries an email.
type Question struct {
	ID           string    `json:"id"`
	Body         string    `json:"body"`
	Asker        *Asker    `json:"asker"`
	Status       string    `json:"status"`
	Answer       string    `json:"answer"`
	AnsweredLive bool      `json:"answered_live"`
	OnStage      bool      `json:"on_stage"`
	Votes        int       `json:"votes"`
	Voted        bool      `json:"voted"`
	Mine         bool      `json:"mine"`
	CreatedAt    time.Time `json:"created_at"`
}

// Asker names who asked a question, as others may see it.
type Asker struct {
	Name         string `json:"name"`
	Organisation string `json:"organisation"`
}

// NewQuestion is what an attendee asks.
type NewQuestion struct {
	Body      string `json:"body"`
	Anonymous bool   `json:"anonymous"`
}

// SimilarQuestion is a published question like one being typed, offered
// so that the asker may vote for it instead.
type SimilarQuestion struct {
	ID    string `json:"id"`
	Body  string `json:"body"`
	Votes int    `json:"votes"`
}

// Question limits.
const (
	maxQuestionRunes = 500
	minSimilarRunes  = 3
	maxSimilar       = 5
)

// ErrBlocked refuses a question from a registrant a moderator blocked.
var ErrBlocked = errs.Publicf(errs.ErrForbidden, "A moderator has stopped you from asking questions at this event.")

// errNoQuestion is the answer for a question the viewer may not see.
var errNoQuestion = errs.Publicf(errs.ErrNotFound, "There is no such question.")

// questionRow is a question with its asker as the database holds them;
// views for attendees and moderators are made from it.
type questionRow struct {
	ID             string
	EventID        string
	RegistrationID *string
	Body           string
	OriginalBody   string
	Anonymous      bool
	Status         string
	DismissReason  string
	Answer         string
	AnsweredLive   bool
	OnStage        bool
	Votes          int
	PublishedAt    *time.Time
	CreatedAt      time.Time
	FirstName      string
	LastName       string
	Organisation   string
	Sector         string
	Email          string
	Voted          bool // by the viewer
	Views          int  // confirmed registrants present since publication (fair order only)
}

// questionColumns selects a questionRow from live_questions q joined to
// registration_participants p; $2 is the viewer's registration (or NULL),
// $3 whether to count views.
const questionColumns = `
	q.id, q.event_id, q.registration_id, q.body, q.original_body, q.anonymous, q.status, q.dismiss_reason,
	q.answer, q.answered_live, q.on_stage, q.votes, q.published_at, q.created_at,
	coalesce(p.first_name, ''), coalesce(p.last_name, ''), coalesce(p.organisation, ''),
	coalesce(p.sector, ''), coalesce(p.email, ''),
	EXISTS (SELECT 1 FROM live_question_votes v WHERE v.question_id = q.id AND v.registration_id = $2::uuid),
	CASE WHEN $3::boolean THEN (
		SELECT count(DISTINCT lp.registration_id) FROM live_presence lp
		JOIN registration_participants rp ON rp.id = lp.registration_id AND rp.status = 'confirmed'
		WHERE lp.event_id = q.event_id AND lp.last_seen_at >= coalesce(q.published_at, q.created_at))::int
	ELSE 0 END`

func scanQuestion(row pgx.CollectableRow) (questionRow, error) {
	var q questionRow
	err := row.Scan(&q.ID, &q.EventID, &q.RegistrationID, &q.Body, &q.OriginalBody, &q.Anonymous, &q.Status,
		&q.DismissReason, &q.Answer, &q.AnsweredLive, &q.OnStage, &q.Votes, &q.PublishedAt, &q.CreatedAt,
		&q.FirstName, &q.LastName, &q.Organisation, &q.Sector, &q.Email, &q.Voted, &q.Views)
	return q, err
}

// queryQuestions reads the questions of an event that where (over q)
// selects; where's own parameters start at $4.
func queryQuestions(ctx context.Context, db postgres.DB, eventID string, viewer *string, views bool,
	where string, args ...any) ([]questionRow, error) {
	rows, _ := db.Query(ctx, `SELECT `+questionColumns+`
		FROM live_questions q LEFT JOIN registration_participants p ON p.id = q.registration_id
		WHERE q.event_id = $1 AND `+where, append([]any{eventID, viewer, views}, args...)...)
	qs, err := pgx.CollectRows(rows, scanQuestion)
	if err != nil {
		return nil, fmt.Errorf("live: questions of %s: %w", eventID, err)
	}
	return qs, nil
}

// questionByID reads one question of an event.
func questionByID(ctx context.Context, db postgres.DB, eventID, id string, viewer *string) (questionRow, error) {
	if uuid.Validate(id) != nil {
		return questionRow{}, errNoQuestion
	}
	qs, err := queryQuestions(ctx, db, eventID, viewer, false, `q.id = $4`, id)
	if err != nil {
		return questionRow{}, err
	}
	if len(qs) == 0 {
		return questionRow{}, errNoQuestion
	}
	return qs[0], nil
}

// mine reports whether the registration asked q.
func (q questionRow) mine(registrationID string) bool {
	return q.RegistrationID != nil && *q.RegistrationID == registrationID
}

// visibleTo reports whether an attendee may see q: published and
// answered questions, and their own held ones.
func (q questionRow) visibleTo(registrationID string) bool {
	return q.Status == "published" || q.Status == "answered" || (q.Status == "held" && q.mine(registrationID))
}

// name is the asker's full name, or "" when no longer on record.
func (q questionRow) name() string { return strings.TrimSpace(q.FirstName + " " + q.LastName) }

// forAttendee is q as the attendee viewer sees it.
func (q questionRow) forAttendee(viewer string) Question {
	var asker *Asker
	if !q.Anonymous && q.RegistrationID != nil {
		asker = &Asker{Name: q.name(), Organisation: q.Organisation}
	}
	return Question{ID: q.ID, Body: q.Body, Asker: asker, Status: q.Status, Answer: q.Answer,
		AnsweredLive: q.AnsweredLive, OnStage: q.OnStage, Votes: q.Votes, Voted: q.Voted,
		Mine: viewer != "" && q.mine(viewer), CreatedAt: q.CreatedAt}
}

// Questions lists what the viewer of a live page may see, in order.
func (s *Service) Questions(ctx context.Context, plainToken string, order Order) ([]Question, int64, error) {
	p, err := s.confirmedParticipant(ctx, plainToken)
	if err != nil {
		return nil, 0, err
	}
	last, err := lastChangeID(ctx, s.db, p.EventID)
	if err != nil {
		return nil, 0, err
	}
	rows, err := queryQuestions(ctx, s.db, p.EventID, &p.RegistrationID, order == OrderFair,
		`(q.status IN ('published', 'answered') OR (q.status = 'held' AND q.registration_id = $2::uuid))`)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Question, 0, len(rows))
	for _, q := range sortQuestions(rows, order) {
		out = append(out, q.forAttendee(p.RegistrationID))
	}
	return out, last, nil
}

// confirmedParticipant is the registrant a token names, who must hold a
// place to take part.
func (s *Service) confirmedParticipant(ctx context.Context, plainToken string) (Participant, error) {
	p, err := s.participant(ctx, plainToken)
	if err != nil {
		return Participant{}, err
	}
	if !p.Confirmed() {
		return Participant{}, ErrNotConfirmed
	}
	return p, nil
}

// lastChangeID is the id of the event's latest change (0: none yet), so a
// client can follow the stream from what it has read.
func lastChangeID(ctx context.Context, db postgres.DB, eventID string) (int64, error) {
	var id int64
	if err := db.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM live_changes WHERE event_id = $1`, eventID).Scan(&id); err != nil {
		return 0, fmt.Errorf("live: last change of %s: %w", eventID, err)
	}
	return id, nil
}

// checkQuestionBody trims a question's text and checks it.
func checkQuestionBody(field, body string) (string, error) {
	body = strings.TrimSpace(body)
	switch n := utf8.RuneCountInString(body); {
	case !utf8.ValidString(body) || strings.ContainsRune(body, 0):
		return "", errs.Validation{field: "Use plain text without NUL characters."}
	case n == 0:
		return "", errs.Validation{field: "Enter your question."}
	case n > maxQuestionRunes:
		return "", errs.Validation{field: fmt.Sprintf("Keep the question to %d characters or fewer.", maxQuestionRunes)}
	}
	return body, nil
}

// Ask records a confirmed registrant's question, held for a moderator or
// published at once as the event's settings say.
func (s *Service) Ask(ctx context.Context, plainToken string, n NewQuestion) (Question, error) {
	p, err := s.confirmedParticipant(ctx, plainToken)
	if err != nil {
		return Question{}, err
	}
	body, err := checkQuestionBody("body", n.Body)
	if err != nil {
		return Question{}, err
	}
	// as the live page's may_ask says: a cancelled event takes no questions
	if d, err := s.events.Get(ctx, p.EventID); err != nil {
		return Question{}, err
	} else if d.Status == events.StatusCancelled {
		return Question{}, ErrEventCancelled
	}
	var id string
	err = s.write(ctx, p.EventID, func(tx pgx.Tx) error {
		var blocked bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM live_blocks WHERE event_id = $1 AND registration_id = $2)`,
			p.EventID, p.RegistrationID).Scan(&blocked); err != nil {
			return err
		}
		if blocked {
			return ErrBlocked
		}
		set, err := s.settings(ctx, tx, p.EventID)
		if err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `
			INSERT INTO live_questions (event_id, registration_id, body, original_body, anonymous, status, published_at)
			VALUES ($1, $2, $3, $3, $4, $5, CASE WHEN $5 = 'published' THEN now() END) RETURNING id`,
			p.EventID, p.RegistrationID, body, n.Anonymous, set.Moderation).Scan(&id); err != nil {
			return err
		}
		return record(ctx, tx, p.EventID, ChangeQuestion, id)
	})
	if err != nil {
		return Question{}, fmt.Errorf("live: ask: %w", err)
	}
	q, err := questionByID(ctx, s.db, p.EventID, id, &p.RegistrationID)
	return q.forAttendee(p.RegistrationID), err
}

// Similar lists up to five published or answered questions of the
// viewer's event whose text is like q, most alike first.
func (s *Service) Similar(ctx context.Context, plainToken, q string) ([]SimilarQuestion, error) {
	p, err := s.confirmedParticipant(ctx, plainToken)
	if err != nil {
		return nil, err
	}
	q = strings.TrimSpace(q)
	if n := utf8.RuneCountInString(q); n < minSimilarRunes {
		return []SimilarQuestion{}, nil
	} else if n > maxQuestionRunes {
		return nil, errs.Validation{"q": fmt.Sprintf("Keep the text to %d characters or fewer.", maxQuestionRunes)}
	}
	rows, _ := s.db.Query(ctx, `
		SELECT id, body, votes FROM (
			SELECT id, body, votes, created_at, greatest(similarity(body, $2), word_similarity($2, body)) AS alike
			FROM live_questions WHERE event_id = $1 AND status IN ('published', 'answered')) m
		WHERE alike >= 0.3 ORDER BY alike DESC, votes DESC, created_at LIMIT $3`, p.EventID, q, maxSimilar)
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[SimilarQuestion])
	if err != nil {
		return nil, fmt.Errorf("live: similar questions: %w", err)
	}
	return out, nil
}

// Retract withdraws the viewer's own question while it is held or
// published; it leaves every list.
func (s *Service) Retract(ctx context.Context, plainToken, questionID string) error {
	p, err := s.confirmedParticipant(ctx, plainToken)
	if err != nil {
		return err
	}
	q, err := questionByID(ctx, s.db, p.EventID, questionID, &p.RegistrationID)
	if err != nil {
		return err
	}
	if !q.mine(p.RegistrationID) || !q.visibleTo(p.RegistrationID) {
		return errNoQuestion
	}
	return s.write(ctx, p.EventID, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE live_questions SET status = 'retracted', on_stage = false, updated_at = now()
			WHERE id = $1 AND status IN ('held', 'published')`, q.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return errs.Publicf(errs.ErrConflict, "A question can be withdrawn only before it is answered.")
		}
		return record(ctx, tx, p.EventID, ChangeQuestion, q.ID)
	})
}
