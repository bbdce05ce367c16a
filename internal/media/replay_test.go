package media_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"plenary/internal/media"
)

// The replay shows the recording only once it is published, with its
// segments and their speakers' names, the event's speakers, and the
// questions answered at the event: anonymous ones without name or
// organisation, and nowhere an email or a registration's id.
func TestReplay(t *testing.T) {
	f := newReplayFixture(t, "replayed", "Replayed")
	public := f.env.Client()
	var r media.Replay
	public.Get(t, "/api/v1/events/replayed/replay").WantStatus(t, http.StatusOK).JSON(t, &r)
	if r.Writeup != nil || r.Recording != nil || len(r.Segments) != 0 || len(r.Questions) != 0 || len(r.Speakers) != 2 {
		t.Fatalf("replay of a bare event %+v", r)
	}

	rec := f.upload(t)
	f.segment(t, rec, "the-panel", "The panel", 60000, 300000, f.panellist.ID, f.chair.ID)
	f.segment(t, rec, "opening", "Opening", 0, 60000, f.chair.ID)
	f.captions(t, rec)
	f.question(t, "Named", "Leeds City Council", "named.asker@example.org", "How do we share data?", false, "answered", "Carefully.")
	f.question(t, "Hidden", "Secret Agency", "hidden.asker@example.org", "Who pays for prevention?", true, "answered", "Everyone.")
	f.question(t, "Waiting", "Somewhere", "waiting.asker@example.org", "Still waiting?", false, "published", "")
	public.Get(t, "/api/v1/events/replayed/replay").WantStatus(t, http.StatusOK).JSON(t, &r)
	if r.Recording != nil || len(r.Segments) != 0 {
		t.Fatalf("a draft recording shows: %+v", r.Recording)
	}

	f.publishRecording(t, rec)
	resp := public.Get(t, "/api/v1/events/replayed/replay").WantStatus(t, http.StatusOK)
	resp.JSON(t, &r)
	rc := r.Recording
	if rc == nil || rc.Kind != "upload" || *rc.FileURL != "/api/v1/events/replayed/recording/file" || *rc.DurationSeconds != 4500 ||
		*rc.CaptionsURL == "" || *rc.ChaptersURL == "" || *rc.PosterURL == "" || rc.ExternalURL != nil {
		t.Fatalf("recording %+v", rc)
	}
	if len(r.Segments) != 2 || r.Segments[0].Slug != "opening" || r.Segments[1].ShareURL != "/events/replayed/replay/the-panel" ||
		!slices.Equal(r.Segments[1].Speakers, []string{"Andrew Kerr", "Siobhan Benita"}) || r.Segments[1].EmbedURL != "/embed/replayed/the-panel" {
		t.Fatalf("segments %+v", r.Segments)
	}
	if len(r.Questions) != 2 {
		t.Fatalf("questions %+v, want the two answered", r.Questions)
	}
	named, hidden := r.Questions[0], r.Questions[1]
	if named.AskedBy != "Named Asker" || named.Organisation != "Leeds City Council" || named.Answer != "Carefully." || named.Question != "How do we share data?" {
		t.Errorf("named question %+v", named)
	}
	if hidden.AskedBy != "Anonymous" || hidden.Organisation != "" || hidden.Answer != "Everyone." {
		t.Errorf("anonymous question %+v", hidden)
	}
	for _, leak := range []string{"@", "Hidden", "Secret Agency", "registration"} {
		if strings.Contains(string(resp.Body), leak) {
			t.Errorf("the public replay holds %q: %s", leak, resp.Body)
		}
	}
}

// An external recording is a link and a player; no file.
func TestReplayOfAnExternalRecording(t *testing.T) {
	f := newReplayFixture(t, "on-youtube", "On YouTube")
	f.external(t, "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	var r media.Replay
	f.env.Client().Get(t, "/api/v1/events/on-youtube/replay").WantStatus(t, http.StatusOK).JSON(t, &r)
	rc := r.Recording
	if rc == nil || rc.FileURL != nil || *rc.ExternalURL != "https://www.youtube.com/watch?v=dQw4w9WgXcQ" ||
		*rc.EmbedURL != "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" || rc.ChaptersURL != nil || rc.CaptionsURL != nil {
		t.Fatalf("recording %+v", rc)
	}
}

// Drafts, unknown and cancelled events have no replay.
func TestNoReplayUnlessPublished(t *testing.T) {
	f := newReplayFixture(t, "soon-cancelled", "Soon cancelled")
	public := f.env.Client()
	public.Get(t, "/api/v1/events/no-such-event/replay").WantStatus(t, http.StatusNotFound)
	f.org.Post(t, f.manage("/unpublish"), nil).WantStatus(t, http.StatusOK)
	public.Get(t, "/api/v1/events/soon-cancelled/replay").WantStatus(t, http.StatusNotFound)
	f.org.Post(t, f.manage("/publish"), nil).WantStatus(t, http.StatusOK)
	public.Get(t, "/api/v1/events/soon-cancelled/replay").WantStatus(t, http.StatusOK)
	f.org.Post(t, f.manage("/cancel"), map[string]string{"message": "Sorry."}).WantStatus(t, http.StatusOK)
	public.Get(t, "/api/v1/events/soon-cancelled/replay").WantStatus(t, http.StatusNotFound)
}
