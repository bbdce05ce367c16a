package media

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
)

// MaxCaptionBytes bounds a caption file: a two-hour webinar's captions
// are about 200 KB.
const MaxCaptionBytes = 1 << 20

// CaptionsSaved says what a caption file became.
type CaptionsSaved struct {
	Cues            int       `json:"cues"`
	TranscriptLines int       `json:"transcript_lines"`
	UploadedAt      time.Time `json:"uploaded_at"`
}

// SetCaptions validates a WebVTT file and keeps it as the recording's
// captions; in the same transaction the transcript becomes its cues (one
// line each, tags removed; cues with no text left out). Faults come back
// together as one validation error, keyed "line N".
func (s *Service) SetCaptions(ctx context.Context, eventID, vtt string) (CaptionsSaved, error) {
	var saved CaptionsSaved
	err := s.onRecordingRef(ctx, eventID, true, func(tx pgx.Tx, _ events.Detail, rec recordingRef) error {
		cues, faults := ParseVTT(vtt, rec.durationMs())
		if len(faults) == 0 && len(cues) == 0 {
			faults = append(faults, LineError{Line: 1, Message: "The file has no cues."})
		}
		if len(faults) > 0 {
			return lineErrors(faults)
		}
		lines := transcriptOf(cues)
		var err error
		if saved.UploadedAt, err = saveCaptions(ctx, tx, rec.ID, vtt); err != nil {
			return err
		}
		saved.Cues, saved.TranscriptLines = len(cues), len(lines)
		return replaceTranscript(ctx, tx, rec.ID, lines)
	})
	return saved, err
}

// lineErrors is faults as a validation error keyed "line N", the
// messages of one line joined.
func lineErrors(faults []LineError) errs.Validation {
	v := errs.Validation{}
	for _, f := range faults {
		key := fmt.Sprintf("line %d", f.Line)
		if before, ok := v[key]; ok {
			v[key] = before + " " + f.Message
			continue
		}
		v[key] = f.Message
	}
	return v
}

func transcriptOf(cues []Cue) []TranscriptLine {
	lines := make([]TranscriptLine, 0, len(cues))
	for _, c := range cues {
		text := cueText(c.Text)
		if text == "" {
			continue
		}
		lines = append(lines, TranscriptLine{Seq: len(lines), StartMs: c.StartMs, EndMs: c.EndMs, Text: text})
	}
	return lines
}

// DeleteCaptions removes the recording's captions and its transcript.
func (s *Service) DeleteCaptions(ctx context.Context, eventID string) error {
	return s.onRecordingRef(ctx, eventID, true, func(tx pgx.Tx, _ events.Detail, rec recordingRef) error {
		return deleteCaptions(ctx, tx, rec.ID)
	})
}

// Captions is the recording's caption file, for its organisers, published
// or not.
func (s *Service) Captions(ctx context.Context, eventID string) (string, error) {
	var vtt string
	err := s.onRecordingRef(ctx, eventID, false, func(tx pgx.Tx, _ events.Detail, rec recordingRef) error {
		var err error
		vtt, err = captionsOf(ctx, tx, rec.ID)
		return err
	})
	return vtt, err
}

// PublicCaptions is the WebVTT captions of a published event's published
// recording.
func (s *Service) PublicCaptions(ctx context.Context, slug string) (string, error) {
	rec, err := s.publishedRecordingRef(ctx, slug)
	if err != nil {
		return "", err
	}
	return captionsOf(ctx, s.db, rec.ID)
}

// ChaptersVTT is a WebVTT chapters track (kind="chapters") made from the
// segments of a published event's published recording: one cue per
// segment, its slug as the cue's identifier and its title as the text.
func (s *Service) ChaptersVTT(ctx context.Context, slug string) (string, error) {
	rec, err := s.publishedRecordingRef(ctx, slug)
	if err != nil {
		return "", err
	}
	segments, err := segmentsOf(ctx, s.db, rec.ID)
	if err != nil {
		return "", err
	}
	return chaptersTrack(segments), nil
}

// chaptersTrack writes segments as WebVTT chapters. Cues must not start
// before the one above, so they are written in order of their start.
func chaptersTrack(segments []Segment) string {
	sorted := append([]Segment(nil), segments...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].StartMs < sorted[j].StartMs })
	var b strings.Builder
	b.WriteString("WEBVTT\n")
	for _, seg := range sorted {
		fmt.Fprintf(&b, "\n%s\n%s --> %s\n%s\n", seg.Slug, vttTimestamp(seg.StartMs), vttTimestamp(seg.EndMs), vttEscape(seg.Title))
	}
	return b.String()
}

// publishedRecordingRef is the recording of a published event, when it is
// published too; anything else is errs.ErrNotFound, as if it did not exist.
func (s *Service) publishedRecordingRef(ctx context.Context, slug string) (recordingRef, error) {
	e, err := s.events.PublicDetail(ctx, slug)
	if err != nil {
		return recordingRef{}, err
	}
	if e.Status != events.StatusPublished {
		return recordingRef{}, fmt.Errorf("media: event %s is %s: %w", slug, e.Status, errs.ErrNotFound)
	}
	rec, err := recordingOfEvent(ctx, s.db, e.ID, false)
	if err != nil {
		return recordingRef{}, err
	}
	if rec.Status != "published" {
		return recordingRef{}, fmt.Errorf("media: recording of %s is a draft: %w", slug, errNoRecordingYet)
	}
	return rec, nil
}
