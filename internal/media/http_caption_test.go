package media_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/media"
	"plenary/internal/page"
)

const captions = `WEBVTT

1
00:00:00.000 --> 00:00:04.000
<v Gill Mackenzie>Welcome to this webinar on early intervention.</v>

2
00:00:04.000 --> 00:00:09.500
Prevention needs every part of the public sector
working together.

3
00:00:09.500 --> 00:00:12.000
We are preventing harm &lt;script&gt;alert(1)&lt;/script&gt; before it happens.

4
00:00:12.000 --> 00:00:14.000
<i></i>
`

func (f recordingFixture) putCaptions(t *testing.T, vtt string, want int) *apitest.Response {
	t.Helper()
	return f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.base() + "/captions", Body: vtt,
		ContentType: "text/vtt"}).WantStatus(t, want)
}

type transcriptPage struct {
	Items []struct {
		Seq     int    `json:"seq"`
		StartMs int    `json:"start_ms"`
		Text    string `json:"text"`
		Snippet []struct {
			Text  string `json:"text"`
			Match bool   `json:"match"`
		} `json:"snippet"`
	} `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

func transcript(t *testing.T, c *apitest.Client, slug, query string) transcriptPage {
	t.Helper()
	var p transcriptPage
	c.Get(t, "/api/v1/events/"+slug+"/recording/transcript"+query).WantStatus(t, http.StatusOK).JSON(t, &p)
	return p
}

func TestCaptionsMakeTheTranscriptAndReplaceIt(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 60)
	public := env.Client()
	public.Get(t, "/api/v1/events/early-intervention/recording/captions.vtt").WantStatus(t, http.StatusNotFound)

	var saved struct {
		Cues            int `json:"cues"`
		TranscriptLines int `json:"transcript_lines"`
	}
	f.putCaptions(t, captions, http.StatusOK).JSON(t, &saved)
	if saved.Cues != 4 || saved.TranscriptLines != 3 {
		t.Errorf("saved %+v, want 4 cues and 3 lines (an empty cue is no line)", saved)
	}
	f.org.Get(t, f.base()+"/captions").WantStatus(t, http.StatusOK)
	resp := public.Get(t, "/api/v1/events/early-intervention/recording/captions.vtt").WantStatus(t, http.StatusOK)
	if string(resp.Body) != captions || resp.Header.Get("Content-Type") != "text/vtt; charset=utf-8" {
		t.Errorf("captions served as %q:\n%s", resp.Header.Get("Content-Type"), resp.Body)
	}
	lines := transcript(t, public, "early-intervention", "")
	if len(lines.Items) != 3 || lines.Items[0].Text != "Welcome to this webinar on early intervention." ||
		lines.Items[1].Text != "Prevention needs every part of the public sector working together." ||
		lines.Items[1].StartMs != 4000 || lines.Items[0].Snippet != nil {
		t.Errorf("transcript %+v", lines.Items)
	}

	// Uploading again replaces the transcript in the same transaction.
	f.putCaptions(t, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA new first line.\n", http.StatusOK)
	lines = transcript(t, public, "early-intervention", "")
	if len(lines.Items) != 1 || lines.Items[0].Text != "A new first line." {
		t.Errorf("transcript after a new upload %+v", lines.Items)
	}

	f.org.Delete(t, f.base()+"/captions").WantStatus(t, http.StatusNoContent)
	f.org.Delete(t, f.base()+"/captions").WantStatus(t, http.StatusNotFound)
	public.Get(t, "/api/v1/events/early-intervention/recording/captions.vtt").WantStatus(t, http.StatusNotFound)
	f.org.Get(t, f.base()+"/captions").WantStatus(t, http.StatusNotFound)
	if lines = transcript(t, public, "early-intervention", ""); len(lines.Items) != 0 {
		t.Errorf("transcript after the captions went %+v", lines.Items)
	}
}

func TestCaptionFaultsComeBackTogetherWithTheirLines(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 60)
	f.putCaptions(t, captions, http.StatusOK)

	bad := "WEBVTT\n\n00:00:05.000 --> 00:00:04.000\nBackwards.\n\n00:00:01.000 --> 00:00:02.000\nOut of order.\n\n" +
		"00:00:50.000 --> 00:01:10.000\nPast the end.\n\n00:00:55.000 -> 00:00:56.000\nNo arrow.\n"
	p := f.putCaptions(t, bad, http.StatusUnprocessableEntity).Problem(t)
	for line, words := range map[string]string{"line 3": "before or when it starts", "line 6": "in order",
		"line 9": "after the recording's end", "line 12": "Expected a cue timing"} {
		if !strings.Contains(p.Errors[line], words) {
			t.Errorf("errors[%q] = %q, want it to say %q (all: %v)", line, p.Errors[line], words, p.Errors)
		}
	}
	if len(p.Errors) != 4 {
		t.Errorf("errors %v, want 4", p.Errors)
	}
	p = f.putCaptions(t, "1\n00:00:01.000 --> 00:00:02.000\nNo header.\n", http.StatusUnprocessableEntity).Problem(t)
	if !strings.Contains(p.Errors["line 1"], "WEBVTT") {
		t.Errorf("no header: %v", p.Errors)
	}
	f.putCaptions(t, "WEBVTT\n", http.StatusUnprocessableEntity)

	// Nothing of a refused file was kept.
	if lines := transcript(t, env.Client(), "early-intervention", ""); len(lines.Items) != 3 {
		t.Errorf("a refused upload changed the transcript: %+v", lines.Items)
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.base() + "/captions", Body: captions,
		ContentType: "text/plain"}).WantStatus(t, http.StatusUnsupportedMediaType)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.base() + "/captions",
		Body: "WEBVTT\n\n" + strings.Repeat("x", media.MaxCaptionBytes), ContentType: "text/vtt"}).
		WantStatus(t, http.StatusRequestEntityTooLarge)
	moderator := env.SignedIn(t, accounts.RoleModerator)
	moderator.Do(t, apitest.Request{Method: http.MethodPut, Path: f.base() + "/captions", Body: captions,
		ContentType: "text/vtt"}).WantStatus(t, http.StatusForbidden)
}

func TestTranscriptSearchMarksMatchesAsText(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 60)
	f.putCaptions(t, captions, http.StatusOK)
	public := env.Client()

	// English stemming: "prevent" finds "Prevention" and "preventing".
	hits := transcript(t, public, "early-intervention", "?q=prevent")
	if len(hits.Items) != 2 || hits.Items[0].Seq != 1 || hits.Items[1].Seq != 2 {
		t.Fatalf("hits %+v", hits.Items)
	}
	first := hits.Items[0].Snippet
	if len(first) < 2 || first[0].Text != "Prevention" || !first[0].Match || first[1].Match {
		t.Errorf("snippet %+v", first)
	}
	// A caption's markup comes back as text in the parts, never as HTML.
	var whole strings.Builder
	for _, part := range hits.Items[1].Snippet {
		whole.WriteString(part.Text)
	}
	if whole.String() != hits.Items[1].Text || !strings.Contains(whole.String(), "<script>alert(1)</script>") {
		t.Errorf("snippet text %q, line %q", whole.String(), hits.Items[1].Text)
	}
	if hits = transcript(t, public, "early-intervention", `?q="public+sector"+-webinar`); len(hits.Items) != 1 {
		t.Errorf("phrase search: %+v", hits.Items)
	}
	if hits = transcript(t, public, "early-intervention", "?q=the"); len(hits.Items) != 0 {
		t.Errorf("a stop word alone: %+v", hits.Items)
	}
	page1 := transcript(t, public, "early-intervention", "?limit=2")
	if len(page1.Items) != 2 || page1.NextCursor == nil {
		t.Fatalf("first page %+v", page1)
	}
	page2 := transcript(t, public, "early-intervention", "?limit=2&cursor="+*page1.NextCursor)
	if len(page2.Items) != 1 || page2.Items[0].Seq != 2 || page2.NextCursor != nil {
		t.Errorf("second page %+v", page2)
	}
	public.Get(t, "/api/v1/events/early-intervention/recording/transcript?q="+strings.Repeat("a", 201)).
		WantStatus(t, http.StatusUnprocessableEntity)

	f.sql(t, `UPDATE media_recordings SET status = 'draft', published_at = NULL WHERE id = $1`, f.recordingID)
	public.Get(t, "/api/v1/events/early-intervention/recording/transcript").WantStatus(t, http.StatusNotFound)
	public.Get(t, "/api/v1/events/early-intervention/recording/captions.vtt").WantStatus(t, http.StatusNotFound)
	// Its organisers still read the draft's captions.
	if body := f.org.Get(t, f.base()+"/captions").WantStatus(t, http.StatusOK).Body; string(body) != captions {
		t.Errorf("organiser's captions %q", body)
	}
	env.Client().Get(t, f.base()+"/captions").WantStatus(t, http.StatusUnauthorized)
}

func TestSearchAcrossRecordings(t *testing.T) {
	env, org := newOrganiser(t)
	a := newRecordingFixture(t, env, org, "early-intervention", 60)
	b := newRecordingFixture(t, env, org, "another-webinar", 60)
	a.putCaptions(t, captions, http.StatusOK)
	b.putCaptions(t, "WEBVTT\n\n00:00:03.000 --> 00:00:05.000\nEarly intervention saves money.\n", http.StatusOK)
	// A draft recording is searched too: organisers manage it.
	b.sql(t, `UPDATE media_recordings SET status = 'draft', published_at = NULL WHERE id = $1`, b.recordingID)

	type hitPage struct {
		Items []struct {
			EventID    string `json:"event_id"`
			EventSlug  string `json:"event_slug"`
			EventTitle string `json:"event_title"`
			StartMs    int    `json:"start_ms"`
			Text       string `json:"text"`
		} `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}
	var hits hitPage
	org.Get(t, "/api/v1/manage/recordings/search?q=early+intervention").WantStatus(t, http.StatusOK).JSON(t, &hits)
	if len(hits.Items) != 2 {
		t.Fatalf("hits %+v", hits.Items)
	}
	// The newest recording first.
	if h := hits.Items[0]; h.EventSlug != "another-webinar" || h.StartMs != 3000 || h.EventTitle != b.event.Title {
		t.Errorf("first hit %+v", h)
	}
	if h := hits.Items[1]; h.EventSlug != "early-intervention" || h.StartMs != 0 {
		t.Errorf("second hit %+v", h)
	}
	org.Get(t, "/api/v1/manage/recordings/search?q=early+intervention&limit=1").WantStatus(t, http.StatusOK).JSON(t, &hits)
	if len(hits.Items) != 1 || hits.NextCursor == nil {
		t.Fatalf("first page %+v", hits)
	}
	org.Get(t, "/api/v1/manage/recordings/search?q=early+intervention&limit=1&cursor="+*hits.NextCursor).
		WantStatus(t, http.StatusOK).JSON(t, &hits)
	if len(hits.Items) != 1 || hits.Items[0].EventSlug != "early-intervention" || hits.NextCursor != nil {
		t.Errorf("second page %+v", hits)
	}

	env.SignedIn(t, accounts.RoleModerator).Get(t, "/api/v1/manage/recordings/search?q=money").WantStatus(t, http.StatusOK)
	env.Client().Get(t, "/api/v1/manage/recordings/search?q=money").WantStatus(t, http.StatusUnauthorized)
	org.Get(t, "/api/v1/manage/recordings/search?q=+").WantStatus(t, http.StatusUnprocessableEntity)

	// A scope of one event never finds another event's lines.
	found, err := env.App.Media.SearchTranscripts(context.Background(), media.Scope{EventIDs: []string{a.event.ID}},
		"early intervention money", page.Request{})
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Items) != 0 {
		t.Errorf("scope of %s found %+v", a.event.Slug, found.Items)
	}
	found, err = env.App.Media.SearchTranscripts(context.Background(), media.Scope{EventIDs: []string{a.event.ID}},
		"intervention", page.Request{})
	if err != nil || len(found.Items) != 1 || found.Items[0].EventID != a.event.ID {
		t.Errorf("scope of %s: %+v, %v", a.event.Slug, found.Items, err)
	}
	found, err = env.App.Media.SearchTranscripts(context.Background(), media.Scope{EventIDs: []string{}}, "intervention", page.Request{})
	if err != nil || len(found.Items) != 0 {
		t.Errorf("an empty scope found %+v, %v", found.Items, err)
	}
}
