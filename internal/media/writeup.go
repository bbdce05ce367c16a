package media

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"plenary/internal/errs"
)

// Write-up limits. The body's is an event description's (the reference
// article is under 5,000 characters), below the 200,000 media_writeups
// would take.
const (
	maxAuthorRunes = 200
	maxBodyRunes   = 50000
)

// WriteupInput is what an organiser saves: the article's author, the day
// it is dated (YYYY-MM-DD, or nil for none) and its Markdown body. It is
// all a client may set: the event and the times come from the server.
type WriteupInput struct {
	Author      string  `json:"author"`
	PublishedOn *string `json:"published_on"`
	BodyMD      string  `json:"body_md"`
}

// Writeup is the write-up as its organiser sees it: the Markdown, the
// HTML the public will see, what is wrong with its shortcodes (which the
// public never sees) and the iframe snippets to copy.
type Writeup struct {
	WriteupInput
	HTML          string         `json:"html"`
	Problems      []Problem      `json:"problems"`
	EmbedSnippets []EmbedSnippet `json:"embed_snippets"`
	UpdatedAt     *time.Time     `json:"updated_at"`
}

// Problem is something wrong on one line of the write-up's Markdown,
// told to its organiser.
type Problem struct {
	Line    int    `json:"line"`
	Message string `json:"message"`
}

// EmbedSnippet is an iframe to paste into another site: the whole
// recording (Segment "") or one segment.
type EmbedSnippet struct {
	Segment string `json:"segment"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	HTML    string `json:"html"`
}

// Writeup returns an event's write-up for its organiser, rendered as the
// public would see it, with its problems and embed snippets. An event
// without one has an empty write-up.
func (s *Service) Writeup(ctx context.Context, eventID string) (Writeup, error) {
	d, err := s.events.Get(ctx, eventID)
	if err != nil {
		return Writeup{}, err
	}
	w, err := readWriteup(ctx, s.db, d.ID)
	if err != nil {
		return Writeup{}, err
	}
	rec, err := replayRecordingOf(ctx, s.db, d.ID)
	if err != nil {
		return Writeup{}, err
	}
	html, problems := renderWriteup(w.BodyMD, d.Slug, rec)
	return Writeup{WriteupInput: w.WriteupInput, HTML: html, Problems: problems,
		EmbedSnippets: s.embedSnippets(d.Slug, d.Title, rec), UpdatedAt: w.UpdatedAt}, nil
}

// SaveWriteup replaces an event's write-up and returns it as Writeup
// does; saving it unchanged is no error. A write-up with problems is
// saved all the same (the organiser may add the segment later): the
// public simply sees nothing where they are.
func (s *Service) SaveWriteup(ctx context.Context, eventID string, in WriteupInput) (Writeup, error) {
	d, err := s.events.Get(ctx, eventID)
	if err != nil {
		return Writeup{}, err
	}
	if in, err = checkWriteup(in); err != nil {
		return Writeup{}, err
	}
	if err := saveWriteup(ctx, s.db, d.ID, in); err != nil {
		return Writeup{}, err
	}
	return s.Writeup(ctx, d.ID)
}

// checkWriteup trims the author and checks every field against the
// table's limits, naming each field that fails.
func checkWriteup(in WriteupInput) (WriteupInput, error) {
	v := errs.Validation{}
	in.Author = strings.TrimSpace(in.Author)
	if utf8.RuneCountInString(in.Author) > maxAuthorRunes {
		v.Add("author", fmt.Sprintf("Keep the author to %d characters.", maxAuthorRunes))
	}
	if strings.ContainsRune(in.Author, '\n') {
		v.Add("author", "Keep the author to one line.")
	}
	if utf8.RuneCountInString(in.BodyMD) > maxBodyRunes {
		v.Add("body_md", "Keep the write-up to 50,000 characters.")
	}
	if in.PublishedOn != nil {
		day := strings.TrimSpace(*in.PublishedOn)
		t, err := time.Parse(time.DateOnly, day)
		switch {
		case day == "":
			in.PublishedOn = nil
		case err != nil || t.Year() < 1900:
			v.Add("published_on", "Give the date as YYYY-MM-DD.")
		default:
			in.PublishedOn = &day
		}
	}
	return in, v.Err()
}
