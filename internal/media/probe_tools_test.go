package media_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
)

// fakeTools puts an ffprobe that answers with testdata/ffprobe-format.json
// (what ffprobe printed for a 4.008 s file) and an ffmpeg that writes a
// small JPEG first on PATH, so that the upload's probing path runs the
// same on a machine with or without the real programs.
func fakeTools(t *testing.T) {
	t.Helper()
	fixture, err := filepath.Abs("testdata/ffprobe-format.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	scripts := map[string]string{
		// ffprobe -v error -show_entries format=duration -of json -- FILE
		"ffprobe": "#!/bin/sh\nfor a; do f=$a; done\ntest -s \"$f\" || exit 1\nexec cat '" + fixture + "'\n",
		// ffmpeg … -y OUT: the last argument is the poster's file.
		"ffmpeg": "#!/bin/sh\nfor a; do out=$a; done\nprintf '\\377\\330\\377\\340poster' > \"$out\"\n",
	}
	for name, body := range scripts {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
}

// With ffprobe and ffmpeg installed, an upload gets its duration and a
// poster, and the poster goes with the recording.
func TestUploadProbedByFFprobe(t *testing.T) {
	fakeTools(t)
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	eventID := newEvent(t, admin, "probed")
	recPath := "/api/v1/manage/events/" + eventID + "/recording"
	video := fakeVideo(5000)
	upload := startUpload(t, admin, recPath, len(video))
	patch(t, admin, upload, 0, video).WantStatus(t, http.StatusNoContent)

	var rec recording
	admin.Get(t, recPath).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.DurationSeconds == nil || *rec.DurationSeconds != 4 || !rec.HasPoster {
		t.Fatalf("probed recording %+v, want 4 s and a poster", rec)
	}
	var poster string
	if err := env.DB.QueryRow(t.Context(), `SELECT poster_key FROM media_recordings WHERE event_id = $1`, eventID).Scan(&poster); err != nil {
		t.Fatal(err)
	}
	posterFile := filepath.Join(env.Config.DataDir, "media", poster)
	if data, err := os.ReadFile(posterFile); err != nil || !strings.HasPrefix(string(data), "\xff\xd8") {
		t.Fatalf("poster %s: %q, %v", poster, data, err)
	}
	// Published at once: an uploaded file with a probed duration needs no more.
	admin.Post(t, recPath+"/publish", map[string]any{"without_captions": true}).WantStatus(t, http.StatusOK)
	admin.Delete(t, recPath).WantStatus(t, http.StatusNoContent)
	if _, err := os.Stat(posterFile); !os.IsNotExist(err) {
		t.Errorf("the deleted recording's poster is still there: %v", err)
	}
}
