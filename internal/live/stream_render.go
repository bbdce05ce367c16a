package live

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// changeRow is one line of the change log.
type changeRow struct {
	ID      int64
	Kind    ChangeKind
	Subject *string
}

// latestChange is the event's last change id (0: none yet). Changes are
// numbered in commit order (see number), so every change up to it is
// visible now.
func (s *Service) latestChange(ctx context.Context, eventID string) (int64, error) {
	var last int64
	err := s.db.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM live_changes WHERE event_id = $1`, eventID).Scan(&last)
	if err != nil {
		return 0, fmt.Errorf("live: latest change of %s: %w", eventID, err)
	}
	return last, nil
}

// changesAfter reads the event's changes after id after, up to upto (0: to
// the latest), at most maxChangesRead of them, in id order.
func changesAfter(ctx context.Context, db postgres.DB, eventID string, after, upto int64) ([]changeRow, error) {
	var bound *int64
	if upto > 0 {
		bound = &upto
	}
	rows, _ := db.Query(ctx, `
		SELECT id, kind, subject_id FROM live_changes
		WHERE event_id = $1 AND id > $2 AND ($3::bigint IS NULL OR id <= $3)
		ORDER BY id LIMIT $4`, eventID, after, bound, maxChangesRead)
	changes, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (changeRow, error) {
		var c changeRow
		err := row.Scan(&c.ID, &c.Kind, &c.Subject)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("live: changes of %s: %w", eventID, err)
	}
	return changes, nil
}

// subjectKey names what a message is about: a question, a poll, the
// stage or the event (its settings included, as both show as its phase).
type subjectKey struct {
	kind ChangeKind
	id   string
}

func keyOf(c changeRow) subjectKey {
	switch c.Kind {
	case ChangeQuestion, ChangePoll:
		if c.Subject != nil {
			return subjectKey{c.Kind, *c.Subject}
		}
	case ChangeSettings:
		return subjectKey{kind: ChangeEvent}
	}
	return subjectKey{kind: c.Kind}
}

// subjects is the current state of what changed, read once per flush.
type subjects struct {
	questions map[string]streamQuestion
	polls     map[string]streamPoll
	stage     *string
	phase     Phase
}

// render turns changes into messages for each audience of auds: one per
// subject, carrying the id of its latest change, in id order, so that a
// viewer that resumes after any message's id is sent again exactly what
// changed since. It reads through db.
func (s *Service) render(ctx context.Context, db postgres.DB, eventID string, changes []changeRow, auds audiences) ([2][]message, error) {
	latest := map[subjectKey]int64{}
	var questionIDs, pollIDs []string
	for _, c := range changes {
		k := keyOf(c)
		if _, seen := latest[k]; !seen {
			switch k.kind {
			case ChangeQuestion:
				questionIDs = append(questionIDs, k.id)
			case ChangePoll:
				pollIDs = append(pollIDs, k.id)
			}
		}
		latest[k] = c.ID
	}
	var sub subjects
	var err error
	if sub.questions, err = streamQuestions(ctx, db, eventID, questionIDs, auds.has(moderators)); err != nil {
		return [2][]message{}, err
	}
	if sub.polls, err = streamPolls(ctx, db, eventID, pollIDs, auds); err != nil {
		return [2][]message{}, err
	}
	if _, ok := latest[subjectKey{kind: ChangeStage}]; ok {
		if sub.stage, err = onStage(ctx, db, eventID); err != nil {
			return [2][]message{}, err
		}
	}
	if _, ok := latest[subjectKey{kind: ChangeEvent}]; ok {
		if sub.phase, err = s.streamPhase(ctx, db, eventID); err != nil {
			return [2][]message{}, err
		}
	}
	keys := slices.SortedFunc(func(yield func(subjectKey) bool) {
		for k := range latest {
			if !yield(k) {
				return
			}
		}
	}, func(a, b subjectKey) int { return cmp.Compare(latest[a], latest[b]) })
	var out [2][]message
	for _, k := range keys {
		for aud := range out {
			if !auds.has(audience(aud)) {
				continue
			}
			if m, ok := sub.message(audience(aud), k, latest[k]); ok {
				out[aud] = append(out[aud], m)
			}
		}
	}
	return out, nil
}

// message is what audience is told of the subject k; false: nothing (a
// held question or a draft poll for attendees).
func (sub subjects) message(aud audience, k subjectKey, id int64) (message, bool) {
	switch k.kind {
	case ChangeQuestion:
		q, ok := sub.questions[k.id]
		return questionMessage(aud, k.id, q, ok, id)
	case ChangePoll:
		p, ok := sub.polls[k.id]
		switch {
		case !ok || (aud == attendees && p.audience == nil):
			return message{}, false
		case aud == attendees:
			return sse(id, "poll", p.audience)
		}
		return sse(id, "poll", p.moderator)
	case ChangeStage:
		return sse(id, "stage", map[string]*string{"question_id": sub.stage})
	case ChangeEvent:
		return sse(id, "event", map[string]Phase{"phase": sub.phase})
	}
	return message{}, false
}

// questionMessage: attendees see published and answered questions, and
// hear that any other one they may have seen is gone; held ones never
// reach them. Moderators see every question but the merged and retracted.
func questionMessage(aud audience, id string, q streamQuestion, found bool, changeID int64) (message, bool) {
	removed := func() (message, bool) { return sse(changeID, "question_removed", map[string]string{"id": id}) }
	if !found {
		return removed()
	}
	switch {
	case aud == moderators && (q.status() == "merged" || q.status() == "retracted"):
		return removed()
	case aud == moderators:
		return sse(changeID, "question", q.forModerators())
	case q.status() == "published" || q.status() == "answered":
		return sse(changeID, "question", q.forAttendees())
	case q.status() == "held":
		return message{}, false
	}
	return removed()
}

// sse formats one server-sent event.
func sse(id int64, event string, data any) (message, bool) {
	body, err := json.Marshal(data)
	if err != nil {
		panic(fmt.Sprintf("live: stream message %s: %v", event, err)) // the views always marshal
	}
	text := make([]byte, 0, len(body)+48)
	text = append(text, "id: "...)
	text = strconv.AppendInt(text, id, 10)
	text = append(text, "\nevent: "...)
	text = append(text, event...)
	text = append(text, "\ndata: "...)
	text = append(text, body...)
	text = append(text, "\n\n"...)
	return message{id: id, text: text}, true
}
