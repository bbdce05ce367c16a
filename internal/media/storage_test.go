package media_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"plenary/internal/errs"
	"plenary/internal/media"
	"plenary/internal/media/mediatest"
)

// TestStorage holds both stores to one contract, the S3 one against a
// real versitygw.
func TestStorage(t *testing.T) {
	t.Run("local", func(t *testing.T) {
		store, err := media.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		testStorage(t, store)
	})
	t.Run("s3", func(t *testing.T) {
		store, err := media.NewS3(context.Background(), mediatest.StartS3(t).Options())
		if err != nil {
			t.Fatal(err)
		}
		testStorage(t, store)
		testSignedURL(t, store)
	})
}

func testStorage(t *testing.T, store media.Storage) {
	ctx := context.Background()
	// 20 MiB: past S3's multipart threshold, so it goes in three parts.
	const size = 20<<20 + 12345
	if err := store.Put(ctx, "recordings/a/video.mp4", mediatest.Pattern(size), size, "video/mp4"); err != nil {
		t.Fatalf("put: %v", err)
	}
	obj, err := store.Open(ctx, "recordings/a/video.mp4")
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer obj.Close()
	if obj.Size() != size {
		t.Errorf("size %d, want %d", obj.Size(), size)
	}
	if age := time.Since(obj.ModTime()); age < -time.Minute || age > time.Minute {
		t.Errorf("mod time %v is not about now", obj.ModTime())
	}
	for _, r := range []struct{ whence, off, n int64 }{
		{io.SeekStart, 0, 100},          // the first bytes
		{io.SeekStart, 9<<20 - 50, 100}, // across the first part's end
		{io.SeekCurrent, 1 << 20, 4096}, // on from there
		{io.SeekEnd, -500, 500},         // the last bytes
		{io.SeekStart, 0, 2},            // back to the start: Safari's probe
	} {
		readRange(t, obj, int(r.whence), r.off, r.n)
	}
	if _, err := obj.Seek(0, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	if n, err := obj.Read(make([]byte, 10)); n != 0 || err != io.EOF {
		t.Errorf("read at the end = %d, %v; want 0, EOF", n, err)
	}

	// A body shorter or longer than it says leaves nothing behind.
	for _, body := range []int64{size - 1, size + 1} {
		if err := store.Put(ctx, "recordings/a/wrong.mp4", mediatest.Pattern(body), size, "video/mp4"); err == nil {
			t.Errorf("put of %d bytes as %d: no error", body, size)
		}
		if _, err := store.Open(ctx, "recordings/a/wrong.mp4"); !errors.Is(err, errs.ErrNotFound) {
			t.Errorf("open after a put of %d bytes as %d = %v, want ErrNotFound", body, size, err)
		}
	}
	for _, key := range []string{"", "/abs", "a/../../b", `a\b`} {
		if err := store.Put(ctx, key, strings.NewReader("x"), 1, ""); err == nil {
			t.Errorf("put under %q: no error", key)
		}
	}

	if err := store.Delete(ctx, "recordings/a/video.mp4"); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := store.Open(ctx, "recordings/a/video.mp4"); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("open after delete = %v, want ErrNotFound", err)
	}
	if err := store.Delete(ctx, "recordings/a/video.mp4"); err != nil {
		t.Errorf("delete of a missing file = %v, want nil", err)
	}
}

// readRange seeks and reads n bytes, and checks they are the pattern's
// bytes at the offset the seek reports.
func readRange(t *testing.T, obj media.Object, whence int, off, n int64) {
	t.Helper()
	at, err := obj.Seek(off, whence)
	if err != nil {
		t.Fatalf("seek(%d, %d): %v", off, whence, err)
	}
	got := make([]byte, n)
	if _, err := io.ReadFull(obj, got); err != nil {
		t.Fatalf("read %d bytes at %d: %v", n, at, err)
	}
	if !bytes.Equal(got, mediatest.PatternBytes(at, n)) {
		t.Errorf("%d bytes at %d are not the file's", n, at)
	}
}

// testSignedURL fetches a presigned URL with plain net/http, whole and by
// range, and finds it refused once it has expired.
func testSignedURL(t *testing.T, store media.Storage) {
	ctx := context.Background()
	const size = 1 << 20
	if err := store.Put(ctx, "signed.webm", mediatest.Pattern(size), size, "video/webm"); err != nil {
		t.Fatal(err)
	}
	url, err := store.SignedURL(ctx, "signed.webm", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	status, header, body := get(t, url, "")
	if status != http.StatusOK || !bytes.Equal(body, mediatest.PatternBytes(0, size)) || header.Get("Content-Type") != "video/webm" {
		t.Errorf("GET signed URL = %d %q, %d bytes; want 200 video/webm, the file", status, header.Get("Content-Type"), len(body))
	}
	status, header, body = get(t, url, "bytes=1000-1999")
	if status != http.StatusPartialContent || !bytes.Equal(body, mediatest.PatternBytes(1000, 1000)) {
		t.Errorf("ranged GET signed URL = %d, %d bytes; want 206, bytes 1000-1999", status, len(body))
	}
	if got, want := header.Get("Content-Range"), fmt.Sprintf("bytes 1000-1999/%d", size); got != want {
		t.Errorf("Content-Range %q, want %q", got, want)
	}

	expired, err := store.SignedURL(ctx, "signed.webm", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if status, _, _ := get(t, expired, ""); status != http.StatusForbidden {
		t.Errorf("GET expired URL = %d, want 403", status)
	}
}

func get(t *testing.T, url, rangeHeader string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rangeHeader != "" {
		req.Header.Set("Range", rangeHeader)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}
