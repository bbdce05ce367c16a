package media_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/media"
)

// The poster the replay and the embeds point at is served once the
// recording has one, and is a 404 before.
func TestRecordingPoster(t *testing.T) {
	cfg := apitest.Config(t)
	store, err := media.NewLocal(cfg.MediaFolder())
	if err != nil {
		t.Fatal(err)
	}
	f := newFileFixture(t, cfg, store, "poster-event", fileSize)
	viewer := f.env.Client()
	path := "/api/v1/events/poster-event/recording/poster"
	viewer.Get(t, path).WantStatus(t, http.StatusNotFound)

	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("frame"), 100)...)
	key := "recordings/" + f.event.ID + "/poster.jpg"
	if err := store.Put(context.Background(), key, bytes.NewReader(jpeg), int64(len(jpeg)), "image/jpeg"); err != nil {
		t.Fatal(err)
	}
	sql(t, f.env, `UPDATE media_recordings SET poster_key = $2 WHERE event_id = $1`, f.event.ID, key)

	var resp *apitest.Response
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) { // a server keeps a slug's file a second
		if resp = viewer.Get(t, path); resp.Status != http.StatusNotFound || time.Now().After(deadline) {
			break
		}
	}
	resp.WantStatus(t, http.StatusOK)
	if got := resp.Header.Get("Content-Type"); got != "image/jpeg" || !bytes.Equal(resp.Body, jpeg) {
		t.Errorf("poster: %s, %d bytes; want image/jpeg, the %d bytes stored", got, len(resp.Body), len(jpeg))
	}
	viewer.Get(t, "/api/v1/events/no-such-event/recording/poster").WantStatus(t, http.StatusNotFound)
}
