package media

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/postgres"
)

// SegmentList is a recording's segments in the order they play, with the
// ways they break the chapter rules (empty when they keep them all).
type SegmentList struct {
	Items           []Segment `json:"items"`
	ChapterProblems []string  `json:"chapter_problems"`
}

// SegmentSaved is a segment just saved, with the chapter rules its
// recording's segments now break.
type SegmentSaved struct {
	Segment         Segment  `json:"segment"`
	ChapterProblems []string `json:"chapter_problems"`
}

// ErrSegmentSlugTaken answers a slug another segment of the recording has.
var ErrSegmentSlugTaken = errs.Publicf(errs.ErrConflict, "Another segment of this recording already uses this slug; choose another.")

// onRecordingRef runs fn in a transaction on the event's recording, its row
// locked when fn writes (so writes to its segments and captions queue);
// unknown events and events without a recording are errs.ErrNotFound.
func (s *Service) onRecordingRef(ctx context.Context, eventID string, lock bool, fn func(tx pgx.Tx, e events.Detail, rec recordingRef) error) error {
	e, err := s.events.Get(ctx, eventID)
	if err != nil {
		return err
	}
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		rec, err := recordingOfEvent(ctx, tx, e.ID, lock)
		if err != nil {
			return err
		}
		return fn(tx, e, rec)
	})
}

func speakerIDs(e events.Detail) []string {
	ids := make([]string, len(e.Speakers))
	for i, sp := range e.Speakers {
		ids[i] = sp.PersonID
	}
	return ids
}

func listOf(segments []Segment) SegmentList {
	if segments == nil {
		segments = []Segment{}
	}
	return SegmentList{Items: segments, ChapterProblems: ChapterProblems(segments)}
}

// Segments lists the segments of the event's recording.
func (s *Service) Segments(ctx context.Context, eventID string) (SegmentList, error) {
	var list SegmentList
	err := s.onRecordingRef(ctx, eventID, false, func(tx pgx.Tx, _ events.Detail, rec recordingRef) error {
		segments, err := segmentsOf(ctx, tx, rec.ID)
		list = listOf(segments)
		return err
	})
	return list, err
}

// CreateSegment adds a segment to the event's recording. Without a slug,
// one is made from the title (with -2, -3… when taken); a slug given and
// taken is ErrSegmentSlugTaken.
func (s *Service) CreateSegment(ctx context.Context, eventID string, in SegmentInput) (SegmentSaved, error) {
	var saved SegmentSaved
	err := s.onRecordingRef(ctx, eventID, true, func(tx pgx.Tx, e events.Detail, rec recordingRef) error {
		existing, err := segmentsOf(ctx, tx, rec.ID)
		if err != nil {
			return err
		}
		if len(existing) >= maxSegments {
			return errs.Publicf(errs.ErrConflict, "A recording holds at most %d segments.", maxSegments)
		}
		seg := in.segment()
		seg.normalise()
		if seg.Slug == "" {
			seg.Slug = freeSlug(suggestSlug(seg.Title), slugsOf(existing))
		}
		if err := seg.validate(rec.durationMs(), speakerIDs(e)); err != nil {
			return err
		}
		if saved.Segment, err = insertSegment(ctx, tx, rec.ID, seg); err != nil {
			return err
		}
		all, err := segmentsOf(ctx, tx, rec.ID)
		saved.ChapterProblems = ChapterProblems(all)
		return err
	})
	return saved, slugClash(err)
}

// UpdateSegment changes some of a segment's fields.
func (s *Service) UpdateSegment(ctx context.Context, eventID, segmentID string, p SegmentPatch) (SegmentSaved, error) {
	var saved SegmentSaved
	err := s.onRecordingRef(ctx, eventID, true, func(tx pgx.Tx, e events.Detail, rec recordingRef) error {
		if err := checkSegmentID(segmentID); err != nil {
			return err
		}
		current, err := segmentByID(ctx, tx, rec.ID, segmentID)
		if err != nil {
			return err
		}
		next := p.Apply(current)
		next.normalise()
		if err := next.validate(rec.durationMs(), speakerIDs(e)); err != nil {
			return err
		}
		if saved.Segment, err = updateSegment(ctx, tx, next); err != nil {
			return err
		}
		all, err := segmentsOf(ctx, tx, rec.ID)
		saved.ChapterProblems = ChapterProblems(all)
		return err
	})
	return saved, slugClash(err)
}

// DeleteSegment removes a segment and lists those left.
func (s *Service) DeleteSegment(ctx context.Context, eventID, segmentID string) (SegmentList, error) {
	var list SegmentList
	err := s.onRecordingRef(ctx, eventID, true, func(tx pgx.Tx, _ events.Detail, rec recordingRef) error {
		if err := checkSegmentID(segmentID); err != nil {
			return err
		}
		if err := deleteSegment(ctx, tx, rec.ID, segmentID); err != nil {
			return err
		}
		segments, err := segmentsOf(ctx, tx, rec.ID)
		list = listOf(segments)
		return err
	})
	return list, err
}

// slugClash turns the unique violation of a taken slug into the
// organiser's message; other errors pass.
func slugClash(err error) error {
	if errors.Is(err, errs.ErrConflict) && postgres.ConstraintName(err) == "media_segments_recording_id_slug_key" {
		return ErrSegmentSlugTaken
	}
	return err
}

func checkSegmentID(id string) error {
	if uuid.Validate(id) != nil {
		return fmt.Errorf("media: segment %q: %w", id, errs.ErrNotFound)
	}
	return nil
}

func slugsOf(segments []Segment) map[string]bool {
	taken := make(map[string]bool, len(segments))
	for _, s := range segments {
		taken[s.Slug] = true
	}
	return taken
}
