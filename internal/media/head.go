package media

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"plenary/internal/events"
)

// Head is what the server writes into the head of an event's page (or a
// segment's share page) beyond its title: schema.org JSON-LD (the Event;
// the VideoObject of a published recording, with a Clip per segment) and
// the video Open Graph shows.
type Head struct {
	JSONLD    []any
	VideoURL  string // og:video: the file, or the player page of an external video
	VideoType string // its MIME type (text/html for a player page)
	Segment   string // the segment's title, on its share page
}

// jsonLD is a schema.org object as JSON-LD.
type jsonLD = map[string]any

// Head describes the published event with this slug for its page's head,
// and one segment of its recording when segmentSlug is not "" (an unknown
// segment, or one of an unpublished recording, is errs.ErrNotFound).
func (s *Service) Head(ctx context.Context, eventSlug, segmentSlug string) (Head, error) {
	if !isSlug(eventSlug) || (segmentSlug != "" && !isSlug(segmentSlug)) {
		return Head{}, errNoEmbed
	}
	d, err := s.events.PublicDetail(ctx, eventSlug)
	if err != nil {
		return Head{}, err
	}
	rec, err := replayRecordingOf(ctx, s.db, d.ID)
	if err != nil {
		return Head{}, err
	}
	h := Head{JSONLD: []any{s.eventLD(d)}}
	if rec == nil || !rec.Published || d.Status != events.StatusPublished {
		if segmentSlug != "" {
			return Head{}, errNoEmbed
		}
		return h, nil
	}
	if segmentSlug != "" {
		sg, ok := rec.segment(segmentSlug)
		if !ok {
			return Head{}, errNoEmbed
		}
		h.Segment = sg.Title
	}
	h.JSONLD = append(h.JSONLD, s.videoLD(d, rec))
	if rec.Kind == KindUpload {
		h.VideoURL, h.VideoType = s.absolute(fileURL(d.Slug, nil)), rec.ContentType
	} else if e := externalEmbed(rec.Kind, rec.ExternalURL, 0, 0); e != "" {
		h.VideoURL, h.VideoType = e, "text/html"
	}
	return h, nil
}

// eventLD is the event as a schema.org Event: an online one, organised by
// its hosts, with its panellists and keynote speakers as performers.
func (s *Service) eventLD(d events.Detail) jsonLD {
	page := s.absolute("/events/" + url.PathEscape(d.Slug))
	status := "https://schema.org/EventScheduled"
	if d.Status == events.StatusCancelled {
		status = "https://schema.org/EventCancelled"
	}
	ev := jsonLD{"@context": "https://schema.org", "@type": "Event", "name": d.Title, "url": page,
		"startDate": d.StartsAt.UTC().Format(time.RFC3339), "endDate": d.EndsAt().UTC().Format(time.RFC3339),
		"eventStatus": status, "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
		"location": jsonLD{"@type": "VirtualLocation", "url": page}}
	if d.Summary != "" {
		ev["description"] = d.Summary
	}
	if d.CoverImageURL != "" {
		ev["image"] = d.CoverImageURL
	}
	organisers, performers := []jsonLD{}, []jsonLD{}
	for _, p := range d.Partners {
		if p.Kind == events.KindHost {
			organisers = append(organisers, withURL(jsonLD{"@type": "Organization", "name": p.Name}, p.Website))
		}
	}
	for _, sp := range d.Speakers {
		if sp.Role == events.RolePanellist || sp.Role == events.RoleKeynote {
			person := jsonLD{"@type": "Person", "name": sp.Name}
			if sp.JobTitle != "" {
				person["jobTitle"] = sp.JobTitle
			}
			if sp.Organisation != "" {
				person["affiliation"] = jsonLD{"@type": "Organization", "name": sp.Organisation}
			}
			performers = append(performers, person)
		}
	}
	if len(organisers) > 0 {
		ev["organizer"] = organisers
	}
	if len(performers) > 0 {
		ev["performer"] = performers
	}
	return ev
}

// videoLD is a published recording as a schema.org VideoObject, each
// segment a Clip whose url is the segment's share page.
func (s *Service) videoLD(d events.Detail, rec *recording) jsonLD {
	description := d.Summary
	if description == "" {
		description = d.Title
	}
	v := jsonLD{"@context": "https://schema.org", "@type": "VideoObject", "name": d.Title,
		"description": description, "uploadDate": rec.PublishedAt.UTC().Format(time.RFC3339),
		"embedUrl": s.absolute(embedPath(d.Slug, ""))}
	switch {
	case rec.HasPoster:
		v["thumbnailUrl"] = s.absolute(fmt.Sprintf(posterPath, url.PathEscape(d.Slug)))
	case d.CoverImageURL != "":
		v["thumbnailUrl"] = d.CoverImageURL
	}
	if rec.Duration > 0 {
		v["duration"] = fmt.Sprintf("PT%dS", rec.Duration)
	}
	if rec.Kind == KindUpload {
		v["contentUrl"] = s.absolute(fileURL(d.Slug, nil))
	} else {
		v["contentUrl"] = rec.ExternalURL
	}
	clips := make([]jsonLD, 0, len(rec.Segments))
	for _, sg := range rec.Segments {
		clips = append(clips, jsonLD{"@type": "Clip", "name": sg.Title,
			"startOffset": sg.StartMS / 1000, "endOffset": (sg.EndMS + 999) / 1000,
			"url": s.absolute(shareURL(d.Slug, sg.Slug))})
	}
	if len(clips) > 0 {
		v["hasPart"] = clips
	}
	return v
}

func withURL(obj jsonLD, u string) jsonLD {
	if u != "" {
		obj["url"] = u
	}
	return obj
}
