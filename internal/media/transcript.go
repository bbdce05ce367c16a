package media

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"

	"plenary/internal/errs"
	"plenary/internal/page"
)

// TranscriptLine is one cue of the captions, as plain text.
type TranscriptLine struct {
	Seq     int     `json:"seq" db:"seq"`
	StartMs int     `json:"start_ms" db:"start_ms"`
	EndMs   int     `json:"end_ms" db:"end_ms"`
	Text    string  `json:"text" db:"text"`
	Snippet Snippet `json:"snippet,omitempty" db:"headline"` // with a search: the text, its matches marked
}

// Snippet is a line's text in parts, the parts that matched a search
// marked. It is data, not HTML: a client shows each part as text (a
// <mark> around the matches), so nothing in a caption can become markup.
type Snippet []SnippetPart

// SnippetPart is a run of a line's text.
type SnippetPart struct {
	Text  string `json:"text"`
	Match bool   `json:"match"`
}

// ScanText reads ts_headline's output, whose matches sit between
// markStart and markStop; NULL (no search) is no snippet.
func (s *Snippet) ScanText(v pgtype.Text) error {
	*s = nil
	if !v.Valid {
		return nil
	}
	rest := v.String
	for rest != "" {
		before, after, found := strings.Cut(rest, markStart)
		*s = s.add(before, false)
		if !found {
			break
		}
		match, tail, _ := strings.Cut(after, markStop)
		*s = s.add(match, true)
		rest = tail
	}
	return nil
}

func (s Snippet) add(text string, match bool) Snippet {
	if text == "" {
		return s
	}
	if n := len(s); n > 0 && s[n-1].Match == match {
		s[n-1].Text += text
		return s
	}
	return append(s, SnippetPart{Text: text, Match: match})
}

// SearchHit is a transcript line that matched a search across recordings.
type SearchHit struct {
	EventID     string    `json:"event_id" db:"event_id"`
	EventSlug   string    `json:"event_slug" db:"-"`
	EventTitle  string    `json:"event_title" db:"-"`
	RecordingID string    `json:"-" db:"recording_id"`
	CreatedAt   time.Time `json:"-" db:"created_at"` // the recording's, for the order
	Seq         int       `json:"seq" db:"seq"`
	StartMs     int       `json:"start_ms" db:"start_ms"`
	EndMs       int       `json:"end_ms" db:"end_ms"`
	Text        string    `json:"text" db:"text"`
	Snippet     Snippet   `json:"snippet" db:"headline"`
}

// seqKey orders a transcript: by its lines' numbers.
type seqKey struct {
	Seq int `json:"s"`
}

func (k seqKey) Valid() bool { return k.Seq >= 0 }

// hitKey orders search hits: newest recording first, then line by line.
type hitKey struct {
	CreatedAt   time.Time `json:"c"`
	RecordingID string    `json:"r"`
	Seq         int       `json:"s"`
}

func (k hitKey) Valid() bool {
	return !k.CreatedAt.IsZero() && uuid.Validate(k.RecordingID) == nil && k.Seq >= 0
}

func (h SearchHit) key() hitKey {
	return hitKey{CreatedAt: h.CreatedAt, RecordingID: h.RecordingID, Seq: h.Seq}
}

// maxQuery bounds a search's words.
const maxQuery = 200

func checkQuery(v errs.Validation, q string, required bool) string {
	q = strings.TrimSpace(q)
	switch {
	case q == "" && required:
		v.Add("q", "Enter words to search for.")
	case utf8.RuneCountInString(q) > maxQuery:
		v.Add("q", fmt.Sprintf("Use at most %d characters.", maxQuery))
	}
	return q
}

// Transcript pages through the transcript of a published event's
// published recording; with q (words, "phrases", -excluded, or) only the
// lines that match, each with its snippet.
func (s *Service) Transcript(ctx context.Context, slug, q string, r page.Request) (page.Page[TranscriptLine], error) {
	v := errs.Validation{}
	q = checkQuery(v, q, false)
	list := "transcript"
	if q != "" {
		list = "transcript-search"
	}
	pq, err := page.Read[seqKey](list, r, v)
	if err == nil {
		err = v.Err()
	}
	if err != nil {
		return page.Page[TranscriptLine]{}, err
	}
	rec, err := s.publishedRecordingRef(ctx, slug)
	if err != nil {
		return page.Page[TranscriptLine]{}, err
	}
	lines, err := transcriptLines(ctx, s.db, rec.ID, q, pq)
	if err != nil {
		return page.Page[TranscriptLine]{}, err
	}
	return page.Of(pq, lines, func(l TranscriptLine) seqKey { return seqKey{Seq: l.Seq} }), nil
}

// Scope is the events a search across recordings covers.
type Scope struct {
	// EventIDs lists the events searched; nil means every event. Every
	// signed-in admin, organiser and moderator manages every event today
	// (events has no owner per organiser: see events.Service.ListAll), so
	// the API searches with nil; a caller with a narrower view lists its
	// events and no other event's line can be found.
	EventIDs []string
}

// SearchTranscripts finds the transcript lines matching q (websearch
// syntax) in the recordings, published or not, of the events in scope:
// timestamped hits with their event's title and slug, newest recording
// first.
func (s *Service) SearchTranscripts(ctx context.Context, scope Scope, q string, r page.Request) (page.Page[SearchHit], error) {
	v := errs.Validation{}
	q = checkQuery(v, q, true)
	pq, err := page.Read[hitKey]("recordings-search", r, v)
	if err == nil {
		err = v.Err()
	}
	if err != nil {
		return page.Page[SearchHit]{}, err
	}
	eventIDs := scope.EventIDs
	if eventIDs != nil {
		eventIDs = validIDs(eventIDs)
	}
	hits, err := searchHits(ctx, s.db, eventIDs, q, pq)
	if err != nil {
		return page.Page[SearchHit]{}, err
	}
	result := page.Of(pq, hits, SearchHit.key)
	return result, s.nameEvents(ctx, result.Items)
}

// nameEvents fills in each hit's event title and slug, asking events
// once for the whole page.
func (s *Service) nameEvents(ctx context.Context, hits []SearchHit) error {
	ids := make([]string, 0, len(hits))
	for _, h := range hits {
		ids = append(ids, h.EventID)
	}
	names, err := s.events.Names(ctx, ids)
	if err != nil {
		return fmt.Errorf("media: events of search hits: %w", err)
	}
	for i, h := range hits {
		hits[i].EventSlug, hits[i].EventTitle = names[h.EventID].Slug, names[h.EventID].Title
	}
	return nil
}

// validIDs keeps the ids that are UUIDs (an empty, not nil, list when none
// is): a scope of nothing finds nothing.
func validIDs(ids []string) []string {
	out := []string{}
	for _, id := range ids {
		if uuid.Validate(id) == nil {
			out = append(out, id)
		}
	}
	return out
}
