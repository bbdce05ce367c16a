package media

import (
	"context"
	"slices"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
)

// SegmentsFromAgenda makes one segment per agenda item of the event, in
// one transaction: each starts at its item's offset from the event's
// start and lasts as the item does, and the last runs to the recording's
// end (or the event's, when the recording's length is unknown). Items the
// recording ends before are left out. When the recording already has
// segments it refuses with errs.ErrConflict, unless replace is true: then
// they are deleted first, in the same transaction.
func (s *Service) SegmentsFromAgenda(ctx context.Context, eventID string, replace bool) (SegmentList, error) {
	var list SegmentList
	err := s.onRecordingRef(ctx, eventID, true, func(tx pgx.Tx, e events.Detail, rec recordingRef) error {
		if len(e.Agenda) == 0 {
			return errs.Publicf(errs.ErrConflict, "The event has no agenda to make segments from; add its items first.")
		}
		existing, err := segmentsOf(ctx, tx, rec.ID)
		if err != nil {
			return err
		}
		if len(existing) > 0 && !replace {
			return errs.Publicf(errs.ErrConflict,
				"The recording already has %d segments; replace them with the agenda's (replace=true) or edit them.", len(existing))
		}
		if err := deleteSegments(ctx, tx, rec.ID); err != nil {
			return err
		}
		for _, seg := range agendaSegments(e, rec.durationMs()) {
			if _, err := insertSegment(ctx, tx, rec.ID, seg); err != nil {
				return err
			}
		}
		segments, err := segmentsOf(ctx, tx, rec.ID)
		list = listOf(segments)
		return err
	})
	return list, err
}

// agendaSegments are the segments the event's agenda suggests, in its
// order, for a recording of durationMs (0: unknown, the event's length).
func agendaSegments(e events.Detail, durationMs int) []Segment {
	end := durationMs
	if end == 0 {
		end = e.DurationMinutes * 60_000
	}
	speakers := speakerIDs(e)
	taken := map[string]bool{}
	// The agenda is in the organiser's order; chapters go by time.
	agenda := slices.Clone(e.Agenda)
	slices.SortStableFunc(agenda, func(a, b events.AgendaItem) int { return a.StartOffsetMinutes - b.StartOffsetMinutes })
	var out []Segment
	for i, item := range agenda {
		seg := Segment{
			Title:       truncate(item.Title, maxSegmentTitle),
			Description: truncate(item.Description, maxSegmentDescription),
			StartMs:     item.StartOffsetMinutes * 60_000,
			EndMs:       (item.StartOffsetMinutes + item.DurationMinutes) * 60_000,
			Speakers:    []string{},
		}
		if i == len(agenda)-1 || seg.EndMs > end {
			seg.EndMs = end
		}
		if seg.EndMs <= seg.StartMs {
			continue
		}
		for _, sp := range item.Speakers {
			if slices.Contains(speakers, sp.PersonID) {
				seg.Speakers = append(seg.Speakers, sp.PersonID)
			}
		}
		seg.Slug = freeSlug(suggestSlug(seg.Title), taken)
		taken[seg.Slug] = true
		out = append(out, seg)
	}
	return out
}

func truncate(s string, runes int) string {
	if utf8.RuneCountInString(s) <= runes {
		return s
	}
	return string([]rune(s)[:runes])
}
