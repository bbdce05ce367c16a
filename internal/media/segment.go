package media

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"plenary/internal/errs"
)

// Segment is a stretch of a recording: a chapter, with a share URL
// (/events/{slug}/replay/{segment}) that plays it from start to end.
type Segment struct {
	ID          string   `json:"id" db:"id"`
	RecordingID string   `json:"-" db:"recording_id"`
	Slug        string   `json:"slug" db:"slug"`
	Title       string   `json:"title" db:"title"`
	Description string   `json:"description" db:"description"`
	StartMs     int      `json:"start_ms" db:"start_ms"`
	EndMs       int      `json:"end_ms" db:"end_ms"`
	Speakers    []string `json:"speakers" db:"speaker_ids"` // person ids of the event's speakers
}

// SegmentInput is a new segment as an organiser sends it. Slug may be
// left out: one is made from the title.
type SegmentInput struct {
	Title       string   `json:"title"`
	Slug        string   `json:"slug"`
	Description string   `json:"description"`
	StartMs     int      `json:"start_ms"`
	EndMs       int      `json:"end_ms"`
	Speakers    []string `json:"speakers"`
}

// SegmentPatch changes some of a segment's fields; absent ones stay. A
// new title keeps the slug, so links already shared keep working.
type SegmentPatch struct {
	Title       *string   `json:"title"`
	Slug        *string   `json:"slug"`
	Description *string   `json:"description"`
	StartMs     *int      `json:"start_ms"`
	EndMs       *int      `json:"end_ms"`
	Speakers    *[]string `json:"speakers"`
}

// Apply returns s with the patch's fields set.
func (p SegmentPatch) Apply(s Segment) Segment {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&s.Title, p.Title)
	set(&s.Slug, p.Slug)
	set(&s.Description, p.Description)
	if p.StartMs != nil {
		s.StartMs = *p.StartMs
	}
	if p.EndMs != nil {
		s.EndMs = *p.EndMs
	}
	if p.Speakers != nil {
		s.Speakers = *p.Speakers
	}
	return s
}

func (in SegmentInput) segment() Segment {
	return Segment{Title: in.Title, Slug: in.Slug, Description: in.Description, StartMs: in.StartMs,
		EndMs: in.EndMs, Speakers: in.Speakers}
}

// Limits of a segment, as the columns' CHECKs in 0019 hold them.
const (
	maxSegmentTitle       = 200
	maxSegmentDescription = 2000
	maxSegmentSlug        = 80
	maxSegments           = 200 // per recording: chapters, not a list to page through
	maxSegmentSpeakers    = 50
)

var segmentSlug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (s *Segment) normalise() {
	s.Title = strings.TrimSpace(s.Title)
	s.Slug = strings.TrimSpace(s.Slug)
	s.Description = strings.TrimSpace(s.Description)
	speakers := []string{}
	for _, id := range s.Speakers {
		if !slices.Contains(speakers, id) {
			speakers = append(speakers, id)
		}
	}
	s.Speakers = speakers
}

// validate checks a segment against its recording's length (0: unknown)
// and the event's speakers (person ids).
func (s Segment) validate(durationMs int, speakers []string) error {
	v := errs.Validation{}
	switch n := utf8.RuneCountInString(s.Title); {
	case n == 0:
		v.Add("title", "Enter a title.")
	case n > maxSegmentTitle:
		v.Add("title", fmt.Sprintf("Use at most %d characters.", maxSegmentTitle))
	case strings.ContainsAny(s.Title, "\r\n"):
		v.Add("title", "Keep the title on one line.")
	}
	if utf8.RuneCountInString(s.Description) > maxSegmentDescription {
		v.Add("description", fmt.Sprintf("Use at most %d characters.", maxSegmentDescription))
	}
	if len(s.Slug) > maxSegmentSlug || !segmentSlug.MatchString(s.Slug) {
		v.Add("slug", fmt.Sprintf("Use lower-case letters, digits and single hyphens, at most %d characters.", maxSegmentSlug))
	}
	switch {
	case s.StartMs < 0:
		v.Add("start_ms", "The start cannot be before the recording's beginning.")
	case s.StartMs > maxCueMs:
		v.Add("start_ms", "The start must be within 24 hours.")
	}
	switch {
	case s.EndMs <= s.StartMs:
		v.Add("end_ms", "The end must come after the start.")
	case durationMs > 0 && s.EndMs > durationMs:
		v.Add("end_ms", fmt.Sprintf("The end must be within the recording, which lasts %s.", clock(durationMs)))
	case s.EndMs > maxCueMs:
		v.Add("end_ms", "The end must be within 24 hours.")
	}
	if len(s.Speakers) > maxSegmentSpeakers {
		v.Add("speakers", fmt.Sprintf("Name at most %d speakers.", maxSegmentSpeakers))
	}
	for _, id := range s.Speakers {
		if uuid.Validate(id) != nil || !slices.Contains(speakers, id) {
			v.Add("speakers", "Choose speakers from the event's speakers.")
		}
	}
	return v.Err()
}

// suggestSlug makes a segment's slug from its title: lower-case ASCII
// letters and digits joined by single hyphens, accents dropped.
func suggestSlug(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
		case unicode.Is(unicode.Mn, r): // a combining accent: part of the letter before
		default:
			hyphen = true
		}
	}
	slug := b.String()
	for len(slug) > maxSegmentSlug-4 { // room for a "-2" and more
		cut := strings.LastIndexByte(slug[:maxSegmentSlug-4], '-')
		if cut <= 0 {
			slug = slug[:maxSegmentSlug-4]
			break
		}
		slug = slug[:cut]
	}
	if slug == "" {
		return "segment"
	}
	return slug
}

// freeSlug is base, or base-2, base-3… the first that taken lacks.
func freeSlug(base string, taken map[string]bool) string {
	slug := base
	for n := 2; taken[slug]; n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	return slug
}

// minChapterMs is YouTube's shortest chapter.
const minChapterMs = 10_000

// ChapterProblems says, in sentences an organiser can act on, where the
// segments (in order of their start) break the rules players follow for
// chapters: at least three, the first at 0:00, starts ascending, each at
// least 10 seconds long, none overlapping the next. Empty when none.
func ChapterProblems(segments []Segment) []string {
	problems := []string{}
	if len(segments) == 0 {
		return problems
	}
	if n := len(segments); n < 3 {
		problems = append(problems, fmt.Sprintf("Chapters need at least three segments; there are %d.", n))
	}
	if first := segments[0]; first.StartMs != 0 {
		problems = append(problems, fmt.Sprintf("The first segment, “%s”, must start at 0:00; it starts at %s.", first.Title, clock(first.StartMs)))
	}
	for i, s := range segments {
		if s.EndMs-s.StartMs < minChapterMs {
			problems = append(problems, fmt.Sprintf("“%s” lasts %s; each chapter must last at least 10 seconds.", s.Title, span(s.EndMs-s.StartMs)))
		}
		if i == 0 {
			continue
		}
		before := segments[i-1]
		switch {
		case s.StartMs == before.StartMs:
			problems = append(problems, fmt.Sprintf("“%s” and “%s” both start at %s; each chapter must start after the one before.", before.Title, s.Title, clock(s.StartMs)))
		case s.StartMs < before.EndMs:
			problems = append(problems, fmt.Sprintf("“%s” ends at %s, after “%s” starts at %s; chapters may not overlap.", before.Title, clock(before.EndMs), s.Title, clock(s.StartMs)))
		}
	}
	return problems
}

// span writes a length of time under a minute as seconds, else as a clock.
func span(ms int) string {
	if ms < 60_000 {
		return fmt.Sprintf("%.1f s", float64(ms)/1000)
	}
	return clock(ms)
}
