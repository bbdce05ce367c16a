package media_test

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/media"
)

func TestSegmentsAreMadeChangedAndRemoved(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 4500)

	var saved segmentSaved
	f.addSegment(t, map[string]any{"title": "Welcome and introductions", "start_ms": 0, "end_ms": 300_000},
		http.StatusCreated).JSON(t, &saved)
	if saved.Segment.Slug != "welcome-and-introductions" || !reflect.DeepEqual(saved.Segment.Speakers, []string{}) {
		t.Errorf("saved %+v", saved.Segment)
	}
	if len(saved.ChapterProblems) != 1 || !strings.Contains(saved.ChapterProblems[0], "at least three") {
		t.Errorf("one segment: problems %q", saved.ChapterProblems)
	}
	f.addSegment(t, map[string]any{"title": "Questions", "slug": "questions", "start_ms": 3_300_000,
		"end_ms": 4_500_000, "speakers": f.speakers[1:], "description": "From the audience."}, http.StatusCreated)
	f.addSegment(t, map[string]any{"title": "The panel", "start_ms": 300_000, "end_ms": 3_300_000,
		"speakers": f.speakers}, http.StatusCreated).JSON(t, &saved)
	if len(saved.ChapterProblems) != 0 {
		t.Errorf("three good chapters: problems %q", saved.ChapterProblems)
	}
	panel := saved.Segment

	list := f.segments(t)
	var slugs []string
	for _, s := range list.Items {
		slugs = append(slugs, s.Slug)
	}
	if want := []string{"welcome-and-introductions", "the-panel", "questions"}; !reflect.DeepEqual(slugs, want) {
		t.Errorf("segments in play order %v, want %v", slugs, want)
	}

	// A new title keeps the slug (shared links keep working); other fields change.
	f.patchSegment(t, panel.ID, map[string]any{"title": "The panel: prevention", "speakers": f.speakers[:1]},
		http.StatusOK).JSON(t, &saved)
	if saved.Segment.Slug != "the-panel" || saved.Segment.Title != "The panel: prevention" ||
		!reflect.DeepEqual(saved.Segment.Speakers, f.speakers[:1]) || saved.Segment.EndMs != 3_300_000 {
		t.Errorf("patched %+v", saved.Segment)
	}
	f.patchSegment(t, panel.ID, map[string]any{"end_ms": 3_400_000}, http.StatusOK).JSON(t, &saved)
	if len(saved.ChapterProblems) != 1 || !strings.Contains(saved.ChapterProblems[0], "may not overlap") {
		t.Errorf("overlapping: problems %q", saved.ChapterProblems)
	}

	var left segmentList
	f.org.Delete(t, f.base()+"/segments/"+panel.ID).WantStatus(t, http.StatusOK).JSON(t, &left)
	if len(left.Items) != 2 || len(left.ChapterProblems) == 0 {
		t.Errorf("after delete: %+v", left)
	}
	f.org.Delete(t, f.base()+"/segments/"+panel.ID).WantStatus(t, http.StatusNotFound)
}

func TestSegmentsRefuseBadInputAndWriteNothing(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 600)
	other := newRecordingFixture(t, env, org, "another-webinar", 600)

	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no title", map[string]any{"title": " ", "start_ms": 0, "end_ms": 1000}, "title"},
		{"title on two lines", map[string]any{"title": "One\ntwo", "start_ms": 0, "end_ms": 1000}, "title"},
		{"ends before it starts", map[string]any{"title": "Back", "start_ms": 5000, "end_ms": 5000}, "end_ms"},
		{"past the recording's end", map[string]any{"title": "Long", "start_ms": 0, "end_ms": 600_001}, "end_ms"},
		{"bad slug", map[string]any{"title": "Slug", "slug": "Not A Slug", "start_ms": 0, "end_ms": 1000}, "slug"},
		{"another event's speaker", map[string]any{"title": "Who", "start_ms": 0, "end_ms": 1000, "speakers": other.speakers[:1]}, "speakers"},
		{"not a person id", map[string]any{"title": "Who", "start_ms": 0, "end_ms": 1000, "speakers": []string{"nobody"}}, "speakers"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := f.addSegment(t, c.body, http.StatusUnprocessableEntity).Problem(t)
			if p.Errors[c.field] == "" {
				t.Errorf("errors %v, want one for %s", p.Errors, c.field)
			}
		})
	}
	f.org.Post(t, f.base()+"/segments", map[string]any{"title": "X", "start_ms": 0, "end_ms": 1000, "status": "published"}).
		WantStatus(t, http.StatusBadRequest)
	if list := f.segments(t); len(list.Items) != 0 {
		t.Errorf("refused segments were written: %+v", list.Items)
	}

	var saved segmentSaved
	f.addSegment(t, map[string]any{"title": "Fine", "start_ms": 0, "end_ms": 60_000}, http.StatusCreated).JSON(t, &saved)
	p := f.patchSegment(t, saved.Segment.ID, map[string]any{"start_ms": 60_000}, http.StatusUnprocessableEntity).Problem(t)
	if p.Errors["end_ms"] == "" {
		t.Errorf("patch to an empty span: %v", p.Errors)
	}
	if list := f.segments(t); list.Items[0].StartMs != 0 {
		t.Errorf("a refused patch changed the segment: %+v", list.Items[0])
	}
}

func TestSegmentSlugsAreUniquePerRecording(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 0)
	other := newRecordingFixture(t, env, org, "another-webinar", 0)

	f.addSegment(t, map[string]any{"title": "Panel", "start_ms": 0, "end_ms": 60_000}, http.StatusCreated)
	// The same slug on another recording is no clash.
	other.addSegment(t, map[string]any{"title": "Panel", "slug": "panel", "start_ms": 0, "end_ms": 60_000}, http.StatusCreated)
	// A slug made from a title finds a free one.
	var saved segmentSaved
	f.addSegment(t, map[string]any{"title": "Panel", "start_ms": 60_000, "end_ms": 120_000}, http.StatusCreated).JSON(t, &saved)
	if saved.Segment.Slug != "panel-2" {
		t.Errorf("suggested slug %q, want panel-2", saved.Segment.Slug)
	}
	// A slug given that is taken is a conflict, on create and on change.
	p := f.addSegment(t, map[string]any{"title": "Again", "slug": "panel", "start_ms": 0, "end_ms": 1000}, http.StatusConflict).Problem(t)
	if !strings.Contains(p.Detail, "slug") {
		t.Errorf("detail %q", p.Detail)
	}
	f.patchSegment(t, saved.Segment.ID, map[string]any{"slug": "panel"}, http.StatusConflict)
	if n := len(f.segments(t).Items); n != 2 {
		t.Errorf("%d segments after the clashes, want 2", n)
	}
}

func TestSegmentsPermissionBoundary(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 0)
	other := newRecordingFixture(t, env, org, "another-webinar", 0)
	var saved segmentSaved
	other.addSegment(t, map[string]any{"title": "Theirs", "start_ms": 0, "end_ms": 60_000}, http.StatusCreated).JSON(t, &saved)

	anonymous := env.Client()
	anonymous.Get(t, f.base()+"/segments").WantStatus(t, http.StatusUnauthorized)
	anonymous.Post(t, f.base()+"/segments", map[string]any{"title": "X", "start_ms": 0, "end_ms": 1000}).
		WantStatus(t, http.StatusUnauthorized)

	moderator := env.SignedIn(t, accounts.RoleModerator)
	moderator.Get(t, f.base()+"/segments").WantStatus(t, http.StatusOK)
	moderator.Post(t, f.base()+"/segments", map[string]any{"title": "X", "start_ms": 0, "end_ms": 1000}).
		WantStatus(t, http.StatusForbidden)
	moderator.Post(t, f.base()+"/segments/from-agenda", nil).WantStatus(t, http.StatusForbidden)

	// Another recording's segment is not found through this event.
	f.patchSegment(t, saved.Segment.ID, map[string]any{"title": "Mine now"}, http.StatusNotFound)
	f.org.Delete(t, f.base()+"/segments/"+saved.Segment.ID).WantStatus(t, http.StatusNotFound)
	if got := other.segments(t).Items[0].Title; got != "Theirs" {
		t.Errorf("the other recording's segment became %q", got)
	}

	org.Get(t, "/api/v1/manage/events/00000000-0000-0000-0000-000000000000/recording/segments").WantStatus(t, http.StatusNotFound)
	org.Get(t, "/api/v1/manage/events/not-an-id/recording/segments").WantStatus(t, http.StatusNotFound)
	f.sql(t, `DELETE FROM media_recordings WHERE id = $1`, f.recordingID)
	p := f.org.Get(t, f.base()+"/segments").WantStatus(t, http.StatusNotFound).Problem(t)
	if !strings.Contains(p.Detail, "no recording") {
		t.Errorf("detail %q", p.Detail)
	}
}

func TestSegmentsFromTheAgenda(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 4400) // 73:20, shorter than the 75 minutes planned

	var list segmentList
	f.org.Post(t, f.base()+"/segments/from-agenda", nil).WantStatus(t, http.StatusCreated).JSON(t, &list)
	type span struct {
		slug       string
		start, end int
		speakers   int
	}
	var got []span
	for _, s := range list.Items {
		got = append(got, span{s.Slug, s.StartMs, s.EndMs, len(s.Speakers)})
	}
	want := []span{
		{"welcome-and-introductions", 0, 300_000, 0},
		{"the-panel-prevention", 300_000, 3_300_000, 2},
		{"questions-from-the-audience", 3_300_000, 4_400_000, 1}, // the last runs to the recording's end
	}
	if !reflect.DeepEqual(got, want) || len(list.ChapterProblems) != 0 {
		t.Errorf("from the agenda %+v (problems %q), want %+v", got, list.ChapterProblems, want)
	}

	// Segments exist: nothing changes without replace=true.
	f.patchSegment(t, list.Items[0].ID, map[string]any{"title": "Hello"}, http.StatusOK)
	p := f.org.Post(t, f.base()+"/segments/from-agenda", nil).WantStatus(t, http.StatusConflict).Problem(t)
	if !strings.Contains(p.Detail, "replace=true") {
		t.Errorf("detail %q", p.Detail)
	}
	if f.segments(t).Items[0].Title != "Hello" {
		t.Error("a refused from-agenda changed the segments")
	}
	f.org.Post(t, f.base()+"/segments/from-agenda?replace=maybe", nil).WantStatus(t, http.StatusBadRequest)
	f.org.Post(t, f.base()+"/segments/from-agenda?replace=true", nil).WantStatus(t, http.StatusCreated).JSON(t, &list)
	if len(list.Items) != 3 || list.Items[0].Title != "Welcome and introductions" {
		t.Errorf("replaced: %+v", list.Items)
	}

	// Without a known length, the last runs to the event's end (75 minutes).
	f.sql(t, `UPDATE media_recordings SET duration_seconds = NULL WHERE id = $1`, f.recordingID)
	f.org.Post(t, f.base()+"/segments/from-agenda?replace=true", nil).WantStatus(t, http.StatusCreated).JSON(t, &list)
	if end := list.Items[2].EndMs; end != 75*60_000 {
		t.Errorf("last segment ends at %d, want the event's end", end)
	}
}

func TestChaptersTrack(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 4500)
	f.org.Post(t, f.base()+"/segments/from-agenda", nil).WantStatus(t, http.StatusCreated)
	f.addSegment(t, map[string]any{"title": "Q&A <live>", "start_ms": 4_400_000, "end_ms": 4_500_000}, http.StatusCreated)

	public := env.Client()
	path := "/api/v1/events/early-intervention/recording/chapters.vtt"
	resp := public.Get(t, path).WantStatus(t, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); ct != "text/vtt; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	want := "WEBVTT\n" +
		"\nwelcome-and-introductions\n00:00:00.000 --> 00:05:00.000\nWelcome and introductions\n" +
		"\nthe-panel-prevention\n00:05:00.000 --> 00:55:00.000\nThe panel: prevention\n" +
		"\nquestions-from-the-audience\n00:55:00.000 --> 01:15:00.000\nQuestions from the audience\n" +
		"\nq-a-live\n01:13:20.000 --> 01:15:00.000\nQ&amp;A &lt;live&gt;\n"
	if string(resp.Body) != want {
		t.Errorf("chapters:\n%s\nwant\n%s", resp.Body, want)
	}

	// Only a published recording of a published event is public.
	f.sql(t, `UPDATE media_recordings SET status = 'draft', published_at = NULL WHERE id = $1`, f.recordingID)
	public.Get(t, path).WantStatus(t, http.StatusNotFound)
	f.sql(t, `UPDATE media_recordings SET status = 'published', published_at = now() WHERE id = $1`, f.recordingID)
	public.Get(t, path).WantStatus(t, http.StatusOK)
	org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/unpublish", nil).WantStatus(t, http.StatusOK)
	public.Get(t, path).WantStatus(t, http.StatusNotFound)
	public.Get(t, "/api/v1/events/no-such-event/recording/chapters.vtt").WantStatus(t, http.StatusNotFound)
}

func TestConcurrentWritesKeepSlugsAndSegmentsWhole(t *testing.T) {
	env, org := newOrganiser(t)
	f := newRecordingFixture(t, env, org, "early-intervention", 0)
	ctx := context.Background()
	const n = 8
	errs := make(chan error, 2*n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_, err := env.App.Media.CreateSegment(ctx, f.event.ID, media.SegmentInput{Title: "Panel", StartMs: i * 1000, EndMs: i*1000 + 500})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			_, err := env.App.Media.SegmentsFromAgenda(ctx, f.event.ID, true)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	// Each from-agenda replaced everything before it, whole, and the
	// creates after the last one kept slugs of their own.
	list := f.segments(t)
	slugs := map[string]bool{}
	agenda := 0
	for _, s := range list.Items {
		if slugs[s.Slug] {
			t.Errorf("slug %s twice", s.Slug)
		}
		slugs[s.Slug] = true
		if !strings.HasPrefix(s.Slug, "panel") {
			agenda++
		}
	}
	if agenda != 3 {
		t.Errorf("%d segments from the agenda, want 3: %+v", agenda, list.Items)
	}
}
