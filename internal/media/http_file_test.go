package media_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/httpserver"
	"plenary/internal/media"
	"plenary/internal/media/mediatest"
)

// fileSize is the recording's size in these tests: odd, so that no range
// lines up with a buffer by chance.
const fileSize = 1<<20 + 777

// fileFixture is a published event whose published recording is a file
// of fileSize pattern bytes in the storage the application was given.
type fileFixture struct {
	env   *apitest.Env
	event events.Detail
	path  string // the file's URL path
}

// newFileFixture starts the application with cfg and puts the recording
// of the event slug, size pattern bytes, into store.
func newFileFixture(t *testing.T, cfg config.Config, store media.Storage, slug string, size int64) fileFixture {
	t.Helper()
	env := apitest.NewWithConfig(t, cfg)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	event := createEvent(t, org, slug, true)
	key := "recordings/" + event.ID + "/video.mp4"
	if err := store.Put(context.Background(), key, mediatest.Pattern(size), size, "video/mp4"); err != nil {
		t.Fatal(err)
	}
	sql(t, env, `INSERT INTO media_recordings (event_id, kind, storage_key, content_type, size_bytes, status, published_at)
		VALUES ($1, 'upload', $2, 'video/mp4', $3, 'published', now())`, event.ID, key, size)
	return fileFixture{env: env, event: event, path: "/api/v1/events/" + slug + "/recording/file"}
}

func createEvent(t *testing.T, org *apitest.Client, slug string, publish bool) events.Detail {
	t.Helper()
	start := time.Now().Add(-2 * time.Hour).Truncate(time.Minute)
	var d events.Detail
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": slug, "title": "Replay " + slug,
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 60, "timezone": "Europe/London"}).
		WantStatus(t, http.StatusCreated).JSON(t, &d)
	if publish {
		org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	}
	return d
}

// sql changes the database behind the application's back: the recording
// rows stand in for what the upload and publish endpoints write.
func sql(t *testing.T, env *apitest.Env, query string, args ...any) {
	t.Helper()
	if _, err := env.DB.Exec(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func localFixture(t *testing.T, slug string, size int64) fileFixture {
	t.Helper()
	cfg := apitest.Config(t)
	store, err := media.NewLocal(cfg.MediaFolder())
	if err != nil {
		t.Fatal(err)
	}
	return newFileFixture(t, cfg, store, slug, size)
}

// The file answers every kind of range a player sends, each with the
// headers that let it seek and cache.
func TestRecordingFileRanges(t *testing.T) {
	f := localFixture(t, "range-event", fileSize)
	viewer := f.env.Client()
	whole := viewer.Get(t, f.path).WantStatus(t, http.StatusOK)
	if !bytes.Equal(whole.Body, mediatest.PatternBytes(0, fileSize)) {
		t.Fatalf("GET: %d bytes that are not the file", len(whole.Body))
	}
	etag := whole.Header.Get("ETag")
	for name, want := range map[string]string{"Content-Type": "video/mp4", "Accept-Ranges": "bytes",
		"Cache-Control": "public, max-age=300", "Content-Length": strconv.Itoa(fileSize)} {
		if got := whole.Header.Get(name); got != want {
			t.Errorf("%s %q, want %q", name, got, want)
		}
	}
	if etag == "" || whole.Header.Get("Last-Modified") == "" {
		t.Errorf("ETag %q, Last-Modified %q: want both", etag, whole.Header.Get("Last-Modified"))
	}

	for _, tt := range []struct {
		name, header string
		from, to     int64 // the bytes expected, inclusive
	}{
		{"first", "bytes=0-1023", 0, 1023},
		{"middle", "bytes=500000-600000", 500000, 600000},
		{"suffix", "bytes=-500", fileSize - 500, fileSize - 1},
		{"open-ended", fmt.Sprintf("bytes=%d-", fileSize-10), fileSize - 10, fileSize - 1},
		{"Safari's probe", "bytes=0-1", 0, 1},
		{"past the end, clipped", fmt.Sprintf("bytes=%d-%d", fileSize-5, fileSize+100), fileSize - 5, fileSize - 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := viewer.Do(t, apitest.Request{Method: http.MethodGet, Path: f.path, Header: http.Header{"Range": {tt.header}}})
			resp.WantStatus(t, http.StatusPartialContent)
			if got, want := resp.Header.Get("Content-Range"), fmt.Sprintf("bytes %d-%d/%d", tt.from, tt.to, fileSize); got != want {
				t.Errorf("Content-Range %q, want %q", got, want)
			}
			if !bytes.Equal(resp.Body, mediatest.PatternBytes(tt.from, tt.to-tt.from+1)) {
				t.Errorf("%d bytes that are not bytes %d-%d of the file", len(resp.Body), tt.from, tt.to)
			}
			if resp.Header.Get("ETag") != etag || resp.Header.Get("Accept-Ranges") != "bytes" {
				t.Errorf("ETag %q, Accept-Ranges %q: want %q, bytes", resp.Header.Get("ETag"), resp.Header.Get("Accept-Ranges"), etag)
			}
		})
	}

	for _, unsatisfiable := range []string{fmt.Sprintf("bytes=%d-", fileSize), fmt.Sprintf("bytes=%d-%d", fileSize+1, fileSize+9)} {
		resp := viewer.Do(t, apitest.Request{Method: http.MethodGet, Path: f.path, Header: http.Header{"Range": {unsatisfiable}}})
		resp.WantStatus(t, http.StatusRequestedRangeNotSatisfiable)
		if p := resp.Problem(t); p.Status != http.StatusRequestedRangeNotSatisfiable {
			t.Errorf("%s: problem %+v", unsatisfiable, p)
		}
		if got, want := resp.Header.Get("Content-Range"), fmt.Sprintf("bytes */%d", fileSize); got != want {
			t.Errorf("%s: Content-Range %q, want %q", unsatisfiable, got, want)
		}
	}

	t.Run("concurrent viewers", func(t *testing.T) {
		var wg sync.WaitGroup
		for v := range 8 {
			wg.Go(func() {
				for i := range 5 {
					from := int64(v*100_003+i*37_001) % (fileSize - 4096)
					resp := viewer.Do(t, apitest.Request{Method: http.MethodGet, Path: f.path,
						Header: http.Header{"Range": {fmt.Sprintf("bytes=%d-%d", from, from+4095)}}})
					if resp.Status != http.StatusPartialContent || !bytes.Equal(resp.Body, mediatest.PatternBytes(from, 4096)) {
						t.Errorf("viewer %d, bytes %d+4096: %d, %d bytes not the file's", v, from, resp.Status, len(resp.Body))
					}
				}
			})
		}
		wg.Wait()
	})

	head := viewer.Do(t, apitest.Request{Method: http.MethodHead, Path: f.path}).WantStatus(t, http.StatusOK)
	if len(head.Body) != 0 || head.Header.Get("Content-Length") != strconv.Itoa(fileSize) || head.Header.Get("ETag") != etag {
		t.Errorf("HEAD: %d bytes, Content-Length %q, ETag %q", len(head.Body), head.Header.Get("Content-Length"), head.Header.Get("ETag"))
	}
	notModified := viewer.Do(t, apitest.Request{Method: http.MethodGet, Path: f.path, Header: http.Header{"If-None-Match": {etag}}})
	if notModified.WantStatus(t, http.StatusNotModified); len(notModified.Body) != 0 {
		t.Errorf("304 with %d bytes", len(notModified.Body))
	}
	changed := viewer.Do(t, apitest.Request{Method: http.MethodGet, Path: f.path, Header: http.Header{"If-None-Match": {`"other"`}}})
	changed.WantStatus(t, http.StatusOK)
}

// Nothing but the published file of a published event is served: every
// other case is the same 404, so a draft's existence does not show.
func TestRecordingFileNotPublished(t *testing.T) {
	f := localFixture(t, "shown-event", fileSize)
	org := f.env.SignedIn(t, accounts.RoleOrganiser)
	published := func(slug string) string { return createEvent(t, org, slug, true).ID }
	draftRecording, external, missing := published("draft-recording"), published("external-video"), published("missing-file")
	published("no-recording")
	draftEvent := createEvent(t, org, "draft-event", false).ID
	sql(t, f.env, `INSERT INTO media_recordings (event_id, kind, storage_key, content_type, status, published_at)
		SELECT id, 'upload', 'recordings/' || id || '/video.mp4', 'video/mp4', 'draft', NULL FROM events WHERE id = $1`, draftRecording)
	sql(t, f.env, `INSERT INTO media_recordings (event_id, kind, external_url, status, published_at)
		VALUES ($1, 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'published', now())`, external)
	sql(t, f.env, `INSERT INTO media_recordings (event_id, kind, storage_key, content_type, status, published_at)
		VALUES ($1, 'upload', 'recordings/gone.mp4', 'video/mp4', 'published', now())`, missing)
	// The draft event's recording is published and its file is there.
	sql(t, f.env, `INSERT INTO media_recordings (event_id, kind, storage_key, content_type, status, published_at)
		SELECT $1, 'upload', storage_key, content_type, 'published', now() FROM media_recordings WHERE event_id = $2`,
		draftEvent, f.event.ID)

	viewer := f.env.Client()
	for _, slug := range []string{"draft-recording", "external-video", "missing-file", "no-recording", "draft-event", "no-such-event"} {
		resp := viewer.Do(t, apitest.Request{Method: http.MethodGet, Path: "/api/v1/events/" + slug + "/recording/file",
			Header: http.Header{"Range": {"bytes=0-1"}}})
		resp.WantStatus(t, http.StatusNotFound)
		if p := resp.Problem(t); p.Status != http.StatusNotFound {
			t.Errorf("%s: problem %+v", slug, p)
		}
	}
	viewer.Get(t, f.path).WantStatus(t, http.StatusOK) // the control

	// Unpublishing the recording takes the file down within a second
	// (each server keeps a slug's file that long).
	sql(t, f.env, `UPDATE media_recordings SET status = 'draft', published_at = NULL WHERE event_id = $1`, f.event.ID)
	waitForNotFound(t, viewer, f.path)
}

// waitForNotFound asks for path until it is gone, for up to 3 s.
func waitForNotFound(t *testing.T, viewer *apitest.Client, path string) {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		resp := viewer.Do(t, apitest.Request{Method: http.MethodHead, Path: path})
		if resp.Status == http.StatusNotFound {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("HEAD %s: still %d 3 s after the recording was unpublished", path, resp.Status)
		}
	}
}

// With S3 storage the server hands the browser a presigned URL of the
// object, never cached, and the store answers the ranges itself.
func TestRecordingFileFromS3(t *testing.T) {
	srv := mediatest.StartS3(t)
	cfg := apitest.Config(t)
	opts := srv.Options()
	cfg.S3Bucket, cfg.S3Endpoint, cfg.S3Region, cfg.S3PathStyle = opts.Bucket, opts.Endpoint, opts.Region, true
	cfg.S3AccessKeyID, cfg.S3SecretAccessKey = opts.AccessKeyID, opts.SecretAccessKey
	store, err := media.NewS3(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	f := newFileFixture(t, cfg, store, "s3-event", fileSize)
	viewer := f.env.Client()
	for range 2 { // a fresh URL each time: nothing cached
		resp := viewer.Get(t, f.path).WantStatus(t, http.StatusFound)
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q, want no-store", resp.Header.Get("Cache-Control"))
		}
		status, header, body := get(t, resp.Header.Get("Location"), "bytes=0-1")
		if status != http.StatusPartialContent || !bytes.Equal(body, mediatest.PatternBytes(0, 2)) ||
			header.Get("Content-Range") != fmt.Sprintf("bytes 0-1/%d", fileSize) {
			t.Errorf("presigned GET bytes=0-1: %d, %q, % x", status, header.Get("Content-Range"), body)
		}
	}
	sql(t, f.env, `UPDATE media_recordings SET status = 'draft', published_at = NULL WHERE event_id = $1`, f.event.ID)
	waitForNotFound(t, viewer, f.path)
}

// A download outlasts the server's ordinary write deadline as long as the
// viewer keeps reading. The viewer stops for twice that deadline after the
// first bytes, while the server is blocked on a full socket buffer (the
// file is far larger than loopback buffers); the file's own deadline lets
// the write wait, and the whole file arrives.
func TestRecordingFileOutlivesTheWriteDeadline(t *testing.T) {
	const size = 64 << 20
	f := localFixture(t, "long-event", size)
	short := httpserver.Deadlines{ReadHeader: time.Second, Read: time.Second, Write: time.Second, Idle: time.Second}
	srv := httpserver.NewServer(f.env.App.Echo, slog.New(slog.NewTextHandler(io.Discard, nil)), short)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })

	resp, err := http.Get("http://" + ln.Addr().String() + f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 1024)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * short.Write)
	rest, err := io.Copy(io.Discard, resp.Body)
	if err != nil || rest+1024 != size {
		t.Errorf("after the pause: %d more bytes, %v; want %d", rest, err, size-1024)
	}
}
