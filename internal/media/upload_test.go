package media_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/media"
)

// tus sends one tus request.
func tus(t *testing.T, c *apitest.Client, method, path string, header map[string]string, body []byte) *apitest.Response {
	t.Helper()
	h := http.Header{"Tus-Resumable": {"1.0.0"}}
	for k, v := range header {
		h.Set(k, v)
	}
	req := apitest.Request{Method: method, Path: path, Header: h}
	if body != nil {
		req.Body, req.ContentType = body, "application/offset+octet-stream"
	}
	return c.Do(t, req)
}

// startUpload creates an upload of size bytes and returns its address.
func startUpload(t *testing.T, c *apitest.Client, recording string, size int) string {
	t.Helper()
	resp := tus(t, c, http.MethodPost, recording+"/uploads", map[string]string{"Upload-Length": strconv.Itoa(size),
		"Upload-Metadata": "filename d2ViaW5hci5tcDQ="}, nil).WantStatus(t, http.StatusCreated)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, recording+"/uploads/") {
		t.Fatalf("Location %q is not under %s/uploads/", loc, recording)
	}
	return loc
}

func patch(t *testing.T, c *apitest.Client, upload string, offset int, chunk []byte) *apitest.Response {
	t.Helper()
	return tus(t, c, http.MethodPatch, upload, map[string]string{"Upload-Offset": strconv.Itoa(offset)}, chunk)
}

// fakeVideo is an MP4's head (an ftyp box) followed by size filler bytes.
func fakeVideo(size int) []byte {
	b := append([]byte{0, 0, 0, 0x18}, "ftypisom\x00\x00\x02\x00isomiso2"...)
	for len(b) < size {
		b = append(b, byte(len(b)*7))
	}
	return b[:size]
}

// stored reads back the recording's file through the storage.
func stored(t *testing.T, env *apitest.Env, eventID string) (string, []byte) {
	t.Helper()
	var key string
	if err := env.DB.QueryRow(context.Background(), `SELECT storage_key FROM media_recordings WHERE event_id = $1`, eventID).Scan(&key); err != nil {
		t.Fatal(err)
	}
	store, err := media.NewLocal(filepath.Join(env.Config.DataDir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := store.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Close()
	data, err := io.ReadAll(obj)
	if err != nil {
		t.Fatal(err)
	}
	return key, data
}

// partials lists what waits in the uploads folder.
func partials(t *testing.T, env *apitest.Env) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(env.Config.DataDir, "media", ".uploads"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestResumedUpload(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	eventID := newEvent(t, admin, "resumed")
	recPath := "/api/v1/manage/events/" + eventID + "/recording"
	video := fakeVideo(300_000)
	upload := startUpload(t, admin, recPath, len(video))

	half := len(video) / 2
	resp := patch(t, admin, upload, 0, video[:half]).WantStatus(t, http.StatusNoContent)
	if got := resp.Header.Get("Upload-Offset"); got != strconv.Itoa(half) {
		t.Errorf("Upload-Offset after the first half %q, want %d", got, half)
	}
	admin.Get(t, recPath).WantStatus(t, http.StatusNotFound) // not a recording until it is whole
	// The connection dropped: the client asks where to resume.
	resp = tus(t, admin, http.MethodHead, upload, nil, nil).WantStatus(t, http.StatusOK)
	if got := resp.Header.Get("Upload-Offset"); got != strconv.Itoa(half) {
		t.Fatalf("HEAD Upload-Offset %q, want %d", got, half)
	}
	patch(t, admin, upload, 0, video[:10]).WantStatus(t, http.StatusConflict) // a wrong offset
	patch(t, admin, upload, half, video[half:]).WantStatus(t, http.StatusNoContent)

	var rec recording
	admin.Get(t, recPath).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if rec.Kind != "upload" || rec.ContentType == nil || *rec.ContentType != "video/mp4" || rec.SizeBytes == nil ||
		*rec.SizeBytes != int64(len(video)) || rec.Status != "draft" || rec.ExternalURL != nil {
		t.Errorf("recording %+v", rec)
	}
	if rec.DurationSeconds != nil || rec.HasPoster {
		t.Errorf("without ffprobe the duration is the organiser's to enter: %+v", rec)
	}
	key, data := stored(t, env, eventID)
	if !bytes.Equal(data, video) {
		t.Errorf("stored %d bytes differ from the %d sent", len(data), len(video))
	}
	if left := partials(t, env); len(left) != 0 {
		t.Errorf("partial upload left behind: %v", left)
	}
	tus(t, admin, http.MethodHead, upload, nil, nil).WantStatus(t, http.StatusNotFound)

	// The organiser enters the duration, publishes, then uploads a WebM
	// that replaces the file and takes the recording back to a draft.
	p := admin.Post(t, recPath+"/publish", map[string]any{"without_captions": true}).WantStatus(t, http.StatusConflict).Problem(t)
	if !strings.Contains(p.Detail, "duration") {
		t.Errorf("publishing without a duration: %q", p.Detail)
	}
	put(t, admin, recPath, map[string]any{"kind": "upload", "duration_seconds": 3600}).WantStatus(t, http.StatusOK)
	admin.Post(t, recPath+"/publish", map[string]any{"without_captions": true}).WantStatus(t, http.StatusOK)
	webm := append([]byte{0x1A, 0x45, 0xDF, 0xA3}, bytes.Repeat([]byte{1}, 1000)...)
	second := startUpload(t, admin, recPath, len(webm))
	patch(t, admin, second, 0, webm).WantStatus(t, http.StatusNoContent)
	admin.Get(t, recPath).WantStatus(t, http.StatusOK).JSON(t, &rec)
	if *rec.ContentType != "video/webm" || rec.Status != "draft" || *rec.SizeBytes != int64(len(webm)) {
		t.Errorf("after a second upload: %+v", rec)
	}
	newKey, data := stored(t, env, eventID)
	if !bytes.Equal(data, webm) || !strings.HasSuffix(newKey, ".webm") {
		t.Errorf("second file %s: %d bytes", newKey, len(data))
	}
	if _, err := os.Stat(filepath.Join(env.Config.DataDir, "media", key)); !os.IsNotExist(err) {
		t.Errorf("the replaced file %s is still there: %v", key, err)
	}

	admin.Delete(t, recPath).WantStatus(t, http.StatusNoContent)
	if _, err := os.Stat(filepath.Join(env.Config.DataDir, "media", newKey)); !os.IsNotExist(err) {
		t.Errorf("the deleted recording's file %s is still there: %v", newKey, err)
	}
}

func TestUploadRefusesWhatIsNotAVideo(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	eventID := newEvent(t, admin, "not-video")
	recPath := "/api/v1/manage/events/" + eventID + "/recording"

	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 500)...)
	for name, file := range map[string][]byte{"PNG": png, "text": []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"), "tiny": {0x1A}} {
		upload := startUpload(t, admin, recPath, len(file))
		r := patch(t, admin, upload, 0, file).WantStatus(t, http.StatusUnsupportedMediaType)
		if p := r.Problem(t); !strings.Contains(p.Detail, "MP4 or WebM") || r.Header.Get("Tus-Resumable") != "1.0.0" {
			t.Errorf("%s: detail %q, Tus-Resumable %q", name, p.Detail, r.Header.Get("Tus-Resumable"))
		}
		tus(t, admin, http.MethodHead, upload, nil, nil).WantStatus(t, http.StatusNotFound)
	}
	admin.Get(t, recPath).WantStatus(t, http.StatusNotFound)
	if left := partials(t, env); len(left) != 0 {
		t.Errorf("refused uploads left behind: %v", left)
	}
	var n int
	if err := env.DB.QueryRow(context.Background(), `SELECT count(*) FROM media_uploads`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d uploads still recorded (%v)", n, err)
	}
}

func TestUploadLimits(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	recPath := "/api/v1/manage/events/" + newEvent(t, admin, "limits") + "/recording"

	p := tus(t, admin, http.MethodPost, recPath+"/uploads", map[string]string{"Upload-Length": strconv.FormatInt(media.DefaultMaxUploadBytes+1, 10)}, nil).
		WantStatus(t, http.StatusRequestEntityTooLarge).Problem(t)
	if !strings.Contains(p.Detail, "larger than this server takes") {
		t.Errorf("413 detail %q", p.Detail)
	}
	// More bytes than the upload said it has.
	upload := startUpload(t, admin, recPath, 100)
	patch(t, admin, upload, 0, fakeVideo(150)).WantStatus(t, http.StatusRequestEntityTooLarge)
	// A chunk larger than the body limit of ordinary requests is taken.
	big := fakeVideo(3 << 20)
	upload = startUpload(t, admin, recPath, len(big))
	patch(t, admin, upload, 0, big).WantStatus(t, http.StatusNoContent)

	// The size must be known from the start, and the protocol named.
	tus(t, admin, http.MethodPost, recPath+"/uploads", map[string]string{"Upload-Defer-Length": "1"}, nil).WantStatus(t, http.StatusBadRequest)
	admin.Do(t, apitest.Request{Method: http.MethodPost, Path: recPath + "/uploads",
		Header: http.Header{"Upload-Length": {"10"}}}).WantStatus(t, http.StatusPreconditionFailed).Problem(t)
	admin.Post(t, "/api/v1/manage/events/00000000-0000-0000-0000-000000000000/recording/uploads", nil).WantStatus(t, http.StatusNotFound)
}

func TestUploadNeedsStaff(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	recPath := "/api/v1/manage/events/" + newEvent(t, admin, "upload-staff") + "/recording"
	other := "/api/v1/manage/events/" + newEvent(t, admin, "other-event") + "/recording"
	upload := startUpload(t, admin, recPath, 100)

	anonymous := env.Client()
	tus(t, anonymous, http.MethodPost, recPath+"/uploads", map[string]string{"Upload-Length": "100"}, nil).WantStatus(t, http.StatusUnauthorized)
	patch(t, anonymous, upload, 0, fakeVideo(100)).WantStatus(t, http.StatusUnauthorized)
	moderator := env.SignedIn(t, accounts.RoleModerator)
	tus(t, moderator, http.MethodPost, recPath+"/uploads", map[string]string{"Upload-Length": "100"}, nil).WantStatus(t, http.StatusForbidden)
	tus(t, moderator, http.MethodHead, upload, nil, nil).WantStatus(t, http.StatusForbidden)
	patch(t, moderator, upload, 0, fakeVideo(100)).WantStatus(t, http.StatusForbidden)
	// An upload is reached only under its own event.
	id := upload[strings.LastIndex(upload, "/")+1:]
	if r := patch(t, admin, other+"/uploads/"+id, 0, fakeVideo(100)).WantStatus(t, http.StatusNotFound); r.Header.Get("Tus-Resumable") != "1.0.0" {
		t.Errorf("a refusal without Tus-Resumable: %v", r.Header)
	}
	// Without the CSRF token a signed-in browser's write is refused.
	admin.Do(t, apitest.Request{Method: http.MethodPatch, Path: upload, NoCSRF: true, Body: fakeVideo(100),
		ContentType: "application/offset+octet-stream", Header: http.Header{"Tus-Resumable": {"1.0.0"}, "Upload-Offset": {"0"}}}).
		WantStatus(t, http.StatusForbidden)

	tus(t, admin, http.MethodDelete, upload, nil, nil).WantStatus(t, http.StatusNoContent)
	tus(t, admin, http.MethodHead, upload, nil, nil).WantStatus(t, http.StatusNotFound)
}

// A file whose first bytes are not a video's is refused at its first
// PATCH, before the rest is sent, and nothing of it is kept.
func TestUploadRefusedAtItsHead(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	recPath := "/api/v1/manage/events/" + newEvent(t, admin, "head-refused") + "/recording"

	zip := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{9}, 200_000)...)
	upload := startUpload(t, admin, recPath, len(zip))
	p := patch(t, admin, upload, 0, zip[:50_000]).WantStatus(t, http.StatusUnsupportedMediaType).Problem(t)
	if !strings.Contains(p.Detail, "MP4 or WebM") {
		t.Errorf("detail %q", p.Detail)
	}
	tus(t, admin, http.MethodHead, upload, nil, nil).WantStatus(t, http.StatusNotFound)
	if left := partials(t, env); len(left) != 0 {
		t.Errorf("refused upload left behind: %v", left)
	}

	// A video's upload resent from 0 by mistake keeps its bytes.
	video := fakeVideo(1000)
	upload = startUpload(t, admin, recPath, len(video))
	patch(t, admin, upload, 0, video[:400]).WantStatus(t, http.StatusNoContent)
	patch(t, admin, upload, 0, zip[:400]).WantStatus(t, http.StatusConflict)
	patch(t, admin, upload, 400, video[400:]).WantStatus(t, http.StatusNoContent)
	admin.Get(t, recPath).WantStatus(t, http.StatusOK)
}

// Two uploads finishing at once for an event with no recording yet: one
// file wins, the other is removed, nothing is left half-written.
func TestUploadsFinishingAtOnce(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	eventID := newEvent(t, admin, "at-once")
	recPath := "/api/v1/manage/events/" + eventID + "/recording"
	video := fakeVideo(20_000)
	var uploads [3]string
	for i := range uploads {
		uploads[i] = startUpload(t, admin, recPath, len(video))
		patch(t, admin, uploads[i], 0, video[:10_000]).WantStatus(t, http.StatusNoContent)
	}
	done := make(chan int, len(uploads))
	for _, u := range uploads {
		go func() {
			done <- admin.Do(t, apitest.Request{Method: http.MethodPatch, Path: u, Body: video[10_000:],
				ContentType: "application/offset+octet-stream", Header: http.Header{"Tus-Resumable": {"1.0.0"}, "Upload-Offset": {"10000"}}}).Status
		}()
	}
	for range uploads {
		if status := <-done; status != http.StatusNoContent {
			t.Errorf("a finishing PATCH answered %d", status)
		}
	}
	key, data := stored(t, env, eventID)
	if !bytes.Equal(data, video) {
		t.Errorf("the recording's file %s differs", key)
	}
	var files []string
	err := filepath.WalkDir(filepath.Join(env.Config.DataDir, "media", "recordings"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) != 1 || !strings.HasSuffix(files[0], key) {
		t.Errorf("files kept %v (%v), want only %s", files, err, key)
	}
	if left := partials(t, env); len(left) != 0 {
		t.Errorf("partial uploads left behind: %v", left)
	}
}

// An upload abandoned for over a week is removed, bytes and all, when
// the next one starts; a recent one stays.
func TestStaleUploadsSwept(t *testing.T) {
	env := apitest.New(t)
	admin := env.SignedIn(t, accounts.RoleOrganiser)
	recPath := "/api/v1/manage/events/" + newEvent(t, admin, "stale") + "/recording"
	video := fakeVideo(1000)
	old := startUpload(t, admin, recPath, len(video))
	patch(t, admin, old, 0, video[:500]).WantStatus(t, http.StatusNoContent)
	recent := startUpload(t, admin, recPath, len(video))
	_, err := env.DB.Exec(context.Background(), `UPDATE media_uploads SET created_at = now() - interval '8 days' WHERE id = $1`,
		old[strings.LastIndex(old, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	startUpload(t, admin, recPath, len(video))
	tus(t, admin, http.MethodHead, old, nil, nil).WantStatus(t, http.StatusNotFound)
	tus(t, admin, http.MethodHead, recent, nil, nil).WantStatus(t, http.StatusOK)
	if left := partials(t, env); len(left) != 4 { // two uploads, each a file and its .info
		t.Errorf("uploads folder holds %v, want the two live uploads", left)
	}
}

// failAfter yields its bytes, then fails as a dropped connection does.
type failAfter struct{ r io.Reader }

func (f *failAfter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}

// A PATCH whose connection drops halfway through its body keeps what
// arrived: HEAD says how much, and the upload resumes from there.
func TestUploadSurvivesADroppedConnection(t *testing.T) {
	env := apitest.New(t)
	browser := env.Client()
	login := browser.Post(t, "/api/v1/auth/login", map[string]string{"email": env.CreateUser(t, accounts.RoleOrganiser),
		"password": apitest.Password}).WantStatus(t, http.StatusOK)
	var session struct {
		CSRFToken string `json:"csrf_token"`
	}
	login.JSON(t, &session)
	browser.CSRF = session.CSRFToken
	eventID := newEvent(t, browser, "dropped")
	recPath := "/api/v1/manage/events/" + eventID + "/recording"
	video := fakeVideo(2 << 20)
	upload := startUpload(t, browser, recPath, len(video))

	half := len(video) / 2
	req, err := http.NewRequest(http.MethodPatch, env.URL+upload, &failAfter{bytes.NewReader(video[:half])})
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(video)) // the whole file was on its way
	req.Header = http.Header{"Tus-Resumable": {"1.0.0"}, "Upload-Offset": {"0"}, "Content-Type": {"application/offset+octet-stream"},
		"X-Csrf-Token": {session.CSRFToken}}
	for _, cookie := range (&http.Response{Header: login.Header}).Cookies() {
		req.AddCookie(cookie)
	}
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the dropped PATCH answered %d", resp.StatusCode)
	}

	// The server notices the drop when it reads past the bytes it got.
	offset := 0
	for deadline := time.Now().Add(10 * time.Second); offset == 0 && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp := tus(t, browser, http.MethodHead, upload, nil, nil).WantStatus(t, http.StatusOK)
		offset, _ = strconv.Atoi(resp.Header.Get("Upload-Offset"))
	}
	if offset == 0 || offset > half {
		t.Fatalf("after the drop the upload is at %d, want 1…%d", offset, half)
	}
	t.Logf("resuming at %d of %d", offset, len(video))
	patch(t, browser, upload, offset, video[offset:]).WantStatus(t, http.StatusNoContent)
	if _, data := stored(t, env, eventID); !bytes.Equal(data, video) {
		t.Errorf("the resumed file differs from the one sent")
	}
}
