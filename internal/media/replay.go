package media

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/live"
)

// QuestionReader gives the replay page an event's answered questions
// (live.Service).
type QuestionReader interface {
	AnsweredQuestions(ctx context.Context, eventID string) ([]live.AnsweredQuestion, error)
}

// Replay is what anyone may read of a published event after it: the
// write-up, the recording once published, its segments, the speakers and
// the questions answered at the event. It never holds an email.
type Replay struct {
	Slug      string                  `json:"slug"`
	Title     string                  `json:"title"`
	Writeup   *PublicWriteup          `json:"writeup"`
	Recording *PublicRecording        `json:"recording"`
	Segments  []PublicSegment         `json:"segments"`
	Speakers  []PublicSpeaker         `json:"speakers"`
	Questions []live.AnsweredQuestion `json:"questions"`
}

// PublicWriteup is the write-up as the public reads it: sanitised HTML,
// never the Markdown or its problems.
type PublicWriteup struct {
	Author      string  `json:"author"`
	PublishedOn *string `json:"published_on"`
	HTML        string  `json:"html"`
}

// PublicRecording is a published recording: an uploaded file to play
// (FileURL) or an external video (ExternalURL, played through EmbedURL).
type PublicRecording struct {
	Kind            string    `json:"kind"`
	ExternalURL     *string   `json:"external_url"`
	EmbedURL        *string   `json:"embed_url"`
	FileURL         *string   `json:"file_url"`
	ContentType     *string   `json:"content_type"`
	PosterURL       *string   `json:"poster_url"`
	DurationSeconds *int      `json:"duration_seconds"`
	CaptionsURL     *string   `json:"captions_url"`
	CaptionsLang    *string   `json:"captions_language"`
	ChaptersURL     *string   `json:"chapters_url"`
	PublishedAt     time.Time `json:"published_at"`
}

// PublicSegment is a segment of a published recording.
type PublicSegment struct {
	Slug        string   `json:"slug"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	StartMS     int      `json:"start_ms"`
	EndMS       int      `json:"end_ms"`
	Speakers    []string `json:"speakers"`
	ShareURL    string   `json:"share_url"`
	EmbedURL    string   `json:"embed_url"`
}

// PublicSpeaker is someone who spoke at the event.
type PublicSpeaker struct {
	Name         string      `json:"name"`
	JobTitle     string      `json:"job_title"`
	Organisation string      `json:"organisation"`
	Role         events.Role `json:"role"`
	PhotoURL     string      `json:"photo_url"`
}

// errNoReplay answers for drafts, unknown and cancelled events alike: a
// cancelled event did not happen, so there is nothing to replay.
var errNoReplay = errs.Publicf(errs.ErrNotFound, "There is no replay of this event.")

// publishedEvent is the published, not cancelled, event with this slug.
func (s *Service) publishedEvent(ctx context.Context, slug string) (events.Detail, error) {
	if !isSlug(slug) {
		return events.Detail{}, errNoReplay
	}
	d, err := s.events.PublicDetail(ctx, slug)
	if err != nil {
		return events.Detail{}, err
	}
	if d.Status != events.StatusPublished {
		return events.Detail{}, errNoReplay
	}
	return d, nil
}

// Replay returns the replay of the published event with this slug;
// errs.ErrNotFound for an unknown, unpublished or cancelled one.
func (s *Service) Replay(ctx context.Context, slug string) (Replay, error) {
	d, err := s.publishedEvent(ctx, slug)
	if err != nil {
		return Replay{}, err
	}
	rec, err := replayRecordingOf(ctx, s.db, d.ID)
	if err != nil {
		return Replay{}, err
	}
	out := Replay{Slug: d.Slug, Title: d.Title, Segments: []PublicSegment{},
		Speakers: publicSpeakers(d), Questions: []live.AnsweredQuestion{}}
	w, err := readWriteup(ctx, s.db, d.ID)
	if err != nil {
		return Replay{}, err
	}
	if w.UpdatedAt != nil {
		html, _ := renderWriteup(w.BodyMD, d.Slug, rec)
		out.Writeup = &PublicWriteup{Author: w.Author, PublishedOn: w.PublishedOn, HTML: html}
	}
	if rec != nil && rec.Published {
		out.Recording = publicRecording(d.Slug, rec)
		out.Segments = publicSegments(d, rec)
	}
	if s.opts.Questions != nil {
		if out.Questions, err = s.opts.Questions.AnsweredQuestions(ctx, d.ID); err != nil {
			return Replay{}, err
		}
	}
	return out, nil
}

func publicRecording(slug string, rec *recording) *PublicRecording {
	p := url.PathEscape(slug)
	ptr := func(s string) *string { return &s }
	out := &PublicRecording{Kind: rec.Kind, PublishedAt: rec.PublishedAt}
	if rec.Kind == KindUpload {
		out.FileURL, out.ContentType = ptr(fileURL(slug, nil)), ptr(rec.ContentType)
	} else {
		out.ExternalURL = ptr(rec.ExternalURL)
		if e := externalEmbed(rec.Kind, rec.ExternalURL, 0, 0); e != "" {
			out.EmbedURL = &e
		}
	}
	if rec.HasPoster {
		out.PosterURL = ptr(fmt.Sprintf(posterPath, p))
	}
	if rec.Duration > 0 {
		out.DurationSeconds = &rec.Duration
	}
	if rec.CaptionLang != "" {
		out.CaptionsURL, out.CaptionsLang = ptr(fmt.Sprintf(captionsPath, p)), ptr(rec.CaptionLang)
	}
	if len(rec.Segments) > 0 {
		out.ChaptersURL = ptr(fmt.Sprintf(chaptersPath, p))
	}
	return out
}

// publicSegments are rec's segments with their speakers' names, taken
// from the event's people.
func publicSegments(d events.Detail, rec *recording) []PublicSegment {
	names := map[string]string{}
	for _, sp := range d.Speakers {
		names[sp.PersonID] = sp.Name
	}
	out := make([]PublicSegment, 0, len(rec.Segments))
	for _, sg := range rec.Segments {
		speakers := []string{}
		for _, id := range sg.SpeakerIDs {
			if n, ok := names[id]; ok {
				speakers = append(speakers, n)
			}
		}
		out = append(out, PublicSegment{Slug: sg.Slug, Title: sg.Title, Description: sg.Description,
			StartMS: sg.StartMS, EndMS: sg.EndMS, Speakers: speakers,
			ShareURL: shareURL(d.Slug, sg.Slug), EmbedURL: embedPath(d.Slug, sg.Slug)})
	}
	return out
}

func publicSpeakers(d events.Detail) []PublicSpeaker {
	out := make([]PublicSpeaker, 0, len(d.Speakers))
	for _, sp := range d.Speakers {
		out = append(out, PublicSpeaker{Name: sp.Name, JobTitle: sp.JobTitle, Organisation: sp.Organisation,
			Role: sp.Role, PhotoURL: sp.PhotoURL})
	}
	return out
}
