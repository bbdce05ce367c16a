package media_test

import (
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/media"
)

// standInFFmpeg puts first on PATH an ffmpeg that writes the browser
// tests' 36-second WebM wherever it is asked to write, for a machine
// without the real one: the rest of the demo's recording (storing,
// segments, captions, publishing) then runs as it does with ffmpeg.
func standInFFmpeg(t *testing.T) {
	t.Helper()
	fixture, err := filepath.Abs("../../web/e2e/fixtures/sample.webm")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := "#!/bin/sh\nfor a; do out=$a; done\nexec cp '" + fixture + "' \"$out\"\n"
	if err := os.WriteFile(filepath.Join(dir, "ffmpeg"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// The demo's reference event gets a published sample recording of its
// length, with segments from its agenda and captions, made by ffmpeg (the
// real one when installed); a second seed keeps it.
func TestDemoRecordingIsMadeWithFFmpeg(t *testing.T) {
	real := media.LookTool("ffmpeg") != ""
	if !real {
		standInFFmpeg(t)
	}
	env := apitest.New(t)
	ctx := t.Context()
	ref := seedDemoEvents(t, env)
	if _, err := env.App.Media.SeedDemo(ctx, ref.ID); err != nil { // the write-up
		t.Fatal(err)
	}
	for want, label := range []media.DemoRecording{media.DemoRecordingMade, media.DemoRecordingKept} {
		if got, err := env.App.Media.SeedDemoRecording(ctx, ref.ID); err != nil || got != label {
			t.Fatalf("seed %d: %v, %v; want %v", want+1, got, err, label)
		}
	}

	c := env.Client()
	var replay struct {
		Recording *struct {
			Kind            string  `json:"kind"`
			FileURL         *string `json:"file_url"`
			DurationSeconds *int    `json:"duration_seconds"`
			CaptionsURL     *string `json:"captions_url"`
			ChaptersURL     *string `json:"chapters_url"`
		} `json:"recording"`
		Segments []struct{ Slug, Title string } `json:"segments"`
	}
	c.Get(t, "/api/v1/events/"+events.DemoReferenceSlug+"/replay").WantStatus(t, http.StatusOK).JSON(t, &replay)
	r := replay.Recording
	if r == nil || r.Kind != "upload" || r.FileURL == nil || r.CaptionsURL == nil || r.ChaptersURL == nil ||
		r.DurationSeconds == nil || *r.DurationSeconds != 75*60 {
		t.Fatalf("the demo's recording: %+v", r)
	}
	if len(replay.Segments) != len(ref.Agenda) || replay.Segments[1].Slug != "early-intervention-in-manchester" {
		t.Errorf("segments %+v, want one per agenda item (%d)", replay.Segments, len(ref.Agenda))
	}
	// The write-up's segment shortcodes now show their players.
	var w struct{ Writeup struct{ HTML string } }
	c.Get(t, "/api/v1/events/"+events.DemoReferenceSlug+"/replay").JSON(t, &w)
	if n := strings.Count(w.Writeup.HTML, `data-segment="`); n != 3 {
		t.Errorf("%d segment players in the write-up, want 3:\n%s", n, w.Writeup.HTML)
	}
	var found struct {
		Items []struct {
			StartMs int    `json:"start_ms"`
			Text    string `json:"text"`
		} `json:"items"`
	}
	c.Get(t, "/api/v1/events/"+events.DemoReferenceSlug+"/recording/transcript?q=Manchester").WantStatus(t, http.StatusOK).JSON(t, &found)
	if len(found.Items) == 0 || found.Items[0].StartMs != 15*60_000 || !strings.Contains(found.Items[0].Text, "Sample recording") {
		t.Errorf("transcript search for Manchester: %+v", found.Items)
	}
	resp := c.Do(t, apitest.Request{Method: http.MethodGet, Path: *r.FileURL, Header: http.Header{"Range": {"bytes=0-3"}}}).
		WantStatus(t, http.StatusPartialContent)
	if string(resp.Body) != "\x1a\x45\xdf\xa3" { // a WebM (Matroska) file's first bytes
		t.Errorf("the file starts % x", resp.Body)
	}
	if real {
		if size := resp.Header.Get("Content-Range"); !strings.HasPrefix(size, "bytes 0-3/") || len(size) < len("bytes 0-3/1000000") {
			t.Errorf("a 75-minute sample of %s bytes", strings.TrimPrefix(size, "bytes 0-3/"))
		}
	}
}

// Without ffmpeg the demo's event keeps no recording, and the seed says so.
func TestDemoRecordingNeedsFFmpeg(t *testing.T) {
	env := apitest.New(t)
	ctx := t.Context()
	ref := seedDemoEvents(t, env)
	store, err := media.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	without := media.NewService(env.DB, store, env.App.Events, slog.New(slog.DiscardHandler), media.Options{BaseURL: env.Config.BaseURL, Keys: env.App.Keys})
	if got, err := without.SeedDemoRecording(ctx, ref.ID); err != nil || got != media.DemoRecordingNoFFmpeg {
		t.Fatalf("without ffmpeg: %v, %v", got, err)
	}
	env.Client().Get(t, "/api/v1/manage/events/"+ref.ID+"/recording").WantStatus(t, http.StatusUnauthorized)
	var n int
	if err := env.DB.QueryRow(ctx, `SELECT count(*) FROM media_recordings WHERE event_id = $1`, ref.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d recordings (%v), want none", n, err)
	}
}

// seedDemoEvents seeds the demo's events and gives the reference one.
func seedDemoEvents(t *testing.T, env *apitest.Env) events.Detail {
	t.Helper()
	if _, err := env.App.Events.SeedDemo(t.Context(), time.Now()); err != nil {
		t.Fatal(err)
	}
	ref, err := env.App.Events.PublicDetail(t.Context(), events.DemoReferenceSlug)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}
