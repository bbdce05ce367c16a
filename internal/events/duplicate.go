package events

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// Copier copies what it owns of an event to a duplicate of it, inside the
// transaction that makes the duplicate: registrations its form questions
// and admission settings, mail its reminder settings. Events owns neither
// table, so it asks each owner.
type Copier interface {
	CopyEventTx(ctx context.Context, tx pgx.Tx, fromID, toID string) error
}

// copyMark ends a duplicate's title; maxTitle is the column's bound.
const (
	copyMark = " (copy)"
	maxTitle = 200
	maxSlug  = 100
)

// copySuffix matches the "-copy" or "-copy-3" a duplicate's slug ends in,
// so that a copy of a copy is "…-copy-2", not "…-copy-copy".
var copySuffix = regexp.MustCompile(`-copy(-[0-9]+)?$`)

// Duplicate makes a draft copy of an event for createdBy: its details,
// speakers, partners and agenda, and whatever the copiers own (form
// questions, admission and mail settings), in one transaction. Its
// registrations, messages and status stay behind: the copy is a draft with
// a fresh slug ("…-copy", "…-copy-2") and a title marked as a copy.
func (s *Service) Duplicate(ctx context.Context, id, createdBy string) (Event, error) {
	if err := checkID(id); err != nil {
		return Event{}, err
	}
	var created Event
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		from, err := eventByID(ctx, tx, id, false)
		if err != nil {
			return err
		}
		if created, err = insertCopy(ctx, tx, from, copyTitle(from.Title), createdBy); err != nil {
			return err
		}
		if err := copyParts(ctx, tx, from.ID, created.ID); err != nil {
			return err
		}
		if err := s.syncSeats(ctx, tx, created.ID, nil, created.Capacity); err != nil {
			return err
		}
		for _, c := range s.copiers {
			if err := c.CopyEventTx(ctx, tx, from.ID, created.ID); err != nil {
				return err
			}
		}
		return refreshShown(ctx, tx, []string{created.ID})
	})
	return created, err
}

// copyTitle marks a title as a copy, shortening it to stay within bounds.
func copyTitle(title string) string {
	room := maxTitle - utf8.RuneCountInString(copyMark)
	if r := []rune(title); len(r) > room {
		title = string(r[:room])
	}
	return title + copyMark
}

// copySlug is the n-th slug a copy of an event with this slug may take:
// "base-copy", then "base-copy-2", …, shortened to stay within bounds.
func copySlug(slug string, n int) string {
	base := copySuffix.ReplaceAllString(slug, "")
	suffix := "-copy"
	if n > 1 {
		suffix += "-" + strconv.Itoa(n)
	}
	if len(base)+len(suffix) > maxSlug {
		base = base[:maxSlug-len(suffix)]
		for base != "" && base[len(base)-1] == '-' { // a slug never has "--"
			base = base[:len(base)-1]
		}
	}
	return base + suffix
}

// insertCopy inserts the draft copy under the first free copy slug. ON
// CONFLICT DO NOTHING waits for a concurrent duplicate that took the same
// slug and, if it commits, moves on to the next, so two duplicates at once
// both succeed with slugs of their own.
func insertCopy(ctx context.Context, tx pgx.Tx, from Event, title, createdBy string) (Event, error) {
	n, err := firstFreeCopy(ctx, tx, from.Slug)
	if err != nil {
		return Event{}, err
	}
	var by *string
	if createdBy != "" {
		by = &createdBy
	}
	for ; ; n++ {
		rows, err := tx.Query(ctx, `
			INSERT INTO events (slug, title, summary, description, organiser_note, starts_at, duration_minutes, timezone,
				capacity, registration_opens_at, registration_closes_at, stream_url, cover_image_url, topics, created_by)
			SELECT $2, $3, summary, description, organiser_note, starts_at, duration_minutes, timezone,
				capacity, registration_opens_at, registration_closes_at, stream_url, cover_image_url, topics, $4
			FROM events WHERE id = $1
			ON CONFLICT (slug) DO NOTHING
			RETURNING `+eventColumns, from.ID, copySlug(from.Slug, n), title, by)
		created, err := collectEvent(rows, err)
		if err == nil {
			return created, nil
		}
		if !errors.Is(err, errs.ErrNotFound) || n >= maxCopies {
			return Event{}, fmt.Errorf("events: copy %s: %w", from.ID, err)
		}
	}
}

// maxCopies bounds the search for a free slug.
const maxCopies = 10000

// firstFreeCopy is the first n whose copySlug no event has yet; a
// concurrent duplicate may still take it, which insertCopy handles.
func firstFreeCopy(ctx context.Context, tx pgx.Tx, slug string) (int, error) {
	first := copySlug(slug, 1)
	// Slugs hold only a-z, 0-9 and "-", none of which LIKE treats specially.
	rows, _ := tx.Query(ctx, `SELECT slug FROM events WHERE slug = $1 OR slug LIKE $1 || '-%'`, first)
	taken, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("events: slugs of copies of %s: %w", slug, err)
	}
	n := 1
	for slices.Contains(taken, copySlug(slug, n)) {
		n++
	}
	return n, nil
}

// copyParts copies an event's speakers, partners and agenda to another.
func copyParts(ctx context.Context, tx pgx.Tx, fromID, toID string) error {
	for _, statement := range []string{
		`INSERT INTO event_speakers (event_id, person_id, role, position)
			SELECT $2, person_id, role, position FROM event_speakers WHERE event_id = $1`,
		`INSERT INTO event_partners (event_id, organisation_id, kind, note, position)
			SELECT $2, organisation_id, kind, note, position FROM event_partners WHERE event_id = $1`,
		`INSERT INTO agenda_items (event_id, title, start_offset_minutes, duration_minutes, description, speaker_ids, position)
			SELECT $2, title, start_offset_minutes, duration_minutes, description, speaker_ids, position
			FROM agenda_items WHERE event_id = $1`,
	} {
		if _, err := tx.Exec(ctx, statement, fromID, toID); err != nil {
			return fmt.Errorf("events: copy parts of %s: %w", fromID, postgres.MapError(err))
		}
	}
	return nil
}
