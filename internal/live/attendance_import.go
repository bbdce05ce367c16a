package live

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// MaxReportBytes is the largest attendance report an import reads (a Zoom
// report of a thousand joins is about 150 KB).
const MaxReportBytes = 5 << 20

// maxMinutes is the most minutes recorded for anyone (the API's bound).
const maxMinutes = 100_000

// ImportResult says what an import did: how many confirmed registrants
// the report named, how many of them it newly marked as attended, and the
// people it could not match (by line: guests without an email, people who
// did not register).
type ImportResult struct {
	Matched   int            `json:"matched"`
	Updated   int            `json:"updated"`
	Unmatched []UnmatchedRow `json:"unmatched"`
}

// UnmatchedRow is a person in a report who is no confirmed registrant.
type UnmatchedRow struct {
	Line  int    `json:"line"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// personTime is one person's time in a report: their rows summed (Zoom
// lists each rejoin on a row of its own).
type personTime struct {
	first   reportEntry
	seconds int
}

// ImportAttendance reads a Zoom or Teams report (source "" detects which)
// and records the time of each confirmed registrant it names, matched by
// email: who reached the event's attended_minutes attended. All or
// nothing: a bad row refuses the whole report. A report never unmarks
// anyone, nor overrides an organiser's mark by hand.
func (s *Service) ImportAttendance(ctx context.Context, eventID, source string, body []byte) (ImportResult, error) {
	if source != "" && source != SourceZoom && source != SourceTeams {
		return ImportResult{}, errs.Validation{"source": "Choose zoom or teams, or leave it out to have the report's columns tell."}
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return ImportResult{}, err
	}
	rep, err := parseReport(body, source)
	if err != nil {
		return ImportResult{}, err
	}
	rules, err := s.settings(ctx, s.db, eventID)
	if err != nil {
		return ImportResult{}, err
	}
	people, emails, result := byEmail(rep.Entries)
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		r := result
		r.Unmatched = slices.Clone(result.Unmatched)
		matched, err := s.recordReport(ctx, tx, eventID, rep.Source, people, emails, rules.AttendedMinutes, &r)
		if err != nil {
			return err
		}
		for _, email := range emails {
			if !matched[email] {
				p := people[email]
				r.Unmatched = append(r.Unmatched, UnmatchedRow{Line: p.first.Line, Name: p.first.Name, Email: email})
			}
		}
		slices.SortFunc(r.Unmatched, func(a, b UnmatchedRow) int { return a.Line - b.Line })
		result = r
		return nil
	})
	return result, err
}

// byEmail sums the entries per email, in the order of first appearance;
// rows without an email are unmatched at once.
func byEmail(entries []reportEntry) (map[string]*personTime, []string, ImportResult) {
	people := map[string]*personTime{}
	var emails []string
	result := ImportResult{Unmatched: []UnmatchedRow{}}
	for _, e := range entries {
		if e.Email == "" {
			result.Unmatched = append(result.Unmatched, UnmatchedRow{Line: e.Line, Name: e.Name})
			continue
		}
		p, ok := people[e.Email]
		if !ok {
			p = &personTime{first: e}
			people[e.Email] = p
			emails = append(emails, e.Email)
		}
		p.seconds += e.Seconds
	}
	return people, emails, result
}

// recordReport matches the report's people to the event's confirmed
// registrants and records their time in tx (not for those marked by
// hand); it returns the emails matched.
func (s *Service) recordReport(ctx context.Context, tx pgx.Tx, eventID, source string, people map[string]*personTime,
	emails []string, threshold int, r *ImportResult) (map[string]bool, error) {
	rows, _ := tx.Query(ctx, `
		SELECT p.id, lower(p.email), c.attended, coalesce(a.source = 'hand', false) FROM registration_participants p
		JOIN registration_contacts c ON c.id = p.id
		LEFT JOIN live_attendance a ON a.registration_id = p.id
		WHERE p.event_id = $1 AND p.status = 'confirmed' AND lower(p.email) = ANY($2)`, eventID, emails)
	var id, email string
	var was, byHand bool
	matched := map[string]bool{}
	var ids, attendedIDs []string
	var minutes []int
	var attended []bool
	_, err := pgx.ForEachRow(rows, []any{&id, &email, &was, &byHand}, func() error {
		m := min(people[email].seconds/60, maxMinutes) // a report listing someone's day many times over
		matched[email] = true
		if byHand { // the organiser's mark stands
			return nil
		}
		ids, minutes, attended = append(ids, id), append(minutes, m), append(attended, m >= threshold)
		if m >= threshold {
			attendedIDs = append(attendedIDs, id)
			if !was {
				r.Updated++
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("live: match report of %s: %w", eventID, err)
	}
	r.Matched = len(matched)
	if _, err := tx.Exec(ctx, `
		INSERT INTO live_attendance AS a (registration_id, event_id, source, minutes, attended, updated_at)
		SELECT id, $1, $2, m, att, now() FROM unnest($3::uuid[], $4::int[], $5::bool[]) AS t (id, m, att)
		ON CONFLICT (registration_id) DO UPDATE SET source = EXCLUDED.source, minutes = EXCLUDED.minutes,
			attended = a.attended OR EXCLUDED.attended, updated_at = now()
		WHERE a.source <> 'hand' AND (EXCLUDED.attended OR NOT a.attended)`,
		eventID, source, ids, minutes, attended); err != nil {
		return nil, fmt.Errorf("live: record report of %s: %w", eventID, err)
	}
	return matched, s.attendance.SetAttendedTx(ctx, tx, eventID, attendedIDs, true)
}
