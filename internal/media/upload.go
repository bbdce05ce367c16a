package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/tus/tusd/v2/pkg/filelocker"
	"github.com/tus/tusd/v2/pkg/filestore"
	tusd "github.com/tus/tusd/v2/pkg/handler"
	expslog "golang.org/x/exp/slog"
)

// DefaultMaxUploadBytes is the largest recording taken when Options say
// nothing: 4 GiB, room for a 2 GB webinar file.
const DefaultMaxUploadBytes int64 = 4 << 30

// uploads receives recordings through the tus protocol (tusd): partial
// uploads wait in a folder of their own until the last byte is in, then
// go to the media storage.
type uploads struct {
	svc     *Service
	files   filestore.FileStore
	tus     *tusd.UnroutedHandler
	maxSize int64 // the largest file taken, in bytes
}

// uploadCaller says for which event and by whom a tus request is made;
// the HTTP handler puts it in the request's context.
// extend, when set, gives the request's connection d more time.
type uploadCaller struct {
	eventID, userID string
	extend          func(d time.Duration)
}

type uploadCallerKey struct{}

// withUploadCaller returns ctx carrying the caller of a tus request.
func withUploadCaller(ctx context.Context, caller uploadCaller) context.Context {
	return context.WithValue(ctx, uploadCallerKey{}, caller)
}

// adoptTimeout bounds moving a complete upload into the storage and
// probing it: minutes for a 2 GB file going to object storage.
const adoptTimeout = 15 * time.Minute

// Errors tusd sends, which the HTTP handler turns into problems.
var (
	errLengthRequired = tusd.NewError("ERR_UPLOAD_LENGTH_REQUIRED", "Say the file's size (Upload-Length) when creating the upload.", http.StatusBadRequest)
	errNotAVideo      = tusd.NewError("ERR_NOT_A_VIDEO", "This file is not an MP4 or WebM video; it has been removed.", http.StatusUnsupportedMediaType)
	errNoCaller       = errors.New("media: a tus request without its event")
)

// newUploads sets up tusd over the folder dir.
func newUploads(svc *Service, dir string) (*uploads, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("media: uploads folder: %w", err)
	}
	u := &uploads{svc: svc, files: filestore.New(dir)}
	composer := tusd.NewStoreComposer()
	u.files.UseIn(composer)
	filelocker.New(dir).UseIn(composer) // several processes may share the folder
	maxSize := svc.opts.MaxUploadBytes
	if maxSize <= 0 {
		maxSize = DefaultMaxUploadBytes
	}
	u.maxSize = maxSize
	tus, err := tusd.NewUnroutedHandler(tusd.Config{
		StoreComposer:              composer,
		MaxSize:                    maxSize,
		BasePath:                   "/",  // the HTTP handler writes the real Location
		DisableDownload:            true, // recordings are served from the storage
		DisableConcatenation:       true,
		Cors:                       &tusd.CorsConfig{Disable: true},                      // the SPA is same-origin
		Logger:                     expslog.New(expslog.NewTextHandler(io.Discard, nil)), // its errors reach tusRoutes.serve
		PreUploadCreateCallback:    u.created,
		PreFinishResponseCallback:  u.finished,
		PreUploadTerminateCallback: u.terminated,
	})
	if err != nil {
		return nil, fmt.Errorf("media: tusd: %w", err)
	}
	u.tus = tus
	return u, nil
}

// created records a new upload for the event of the request, under an ID
// of ours.
func (u *uploads) created(hook tusd.HookEvent) (tusd.HTTPResponse, tusd.FileInfoChanges, error) {
	caller, ok := hook.Context.Value(uploadCallerKey{}).(uploadCaller)
	if !ok {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, errNoCaller
	}
	if hook.Upload.SizeIsDeferred {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, errLengthRequired
	}
	id := strings.ReplaceAll(uuid.NewString(), "-", "")
	var user *string
	if caller.userID != "" {
		user = &caller.userID
	}
	err := insertUpload(hook.Context, u.svc.db, id, caller.eventID, user, hook.Upload.Size, cleanFilename(hook.Upload.MetaData["filename"]))
	if err != nil {
		return tusd.HTTPResponse{}, tusd.FileInfoChanges{}, err
	}
	u.sweep(hook.Context)
	return tusd.HTTPResponse{}, tusd.FileInfoChanges{ID: id}, nil
}

// staleAfter is how long an unfinished upload may wait for its client:
// a week, for an organiser resuming after a weekend.
const staleAfter = 7 * 24 * time.Hour

// sweep removes uploads abandoned for longer than staleAfter, a few at
// each new upload, so that partial files do not fill the disk. Failures
// leave them for the next sweep.
func (u *uploads) sweep(ctx context.Context) {
	ids, err := staleUploads(ctx, u.svc.db, staleAfter)
	for _, id := range ids {
		if err = u.discard(ctx, id); err != nil {
			break
		}
	}
	if err != nil {
		u.svc.logger.Warn("media: stale uploads not removed", "err", err)
	}
}

// cleanFilename keeps a client's file name as text PostgreSQL takes.
func cleanFilename(name string) string {
	name = strings.ToValidUTF8(strings.ReplaceAll(name, "\x00", ""), "")
	for len(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// uploadEvent returns the event an upload is for, or "" when there is no
// such upload.
func (u *uploads) uploadEvent(ctx context.Context, id string) (string, error) {
	return uploadEventOf(ctx, u.svc.db, id)
}

// terminated forgets an upload its client abandons.
func (u *uploads) terminated(hook tusd.HookEvent) (tusd.HTTPResponse, error) {
	return tusd.HTTPResponse{}, deleteUpload(hook.Context, u.svc.db, hook.Upload.ID)
}

// finished runs when the last byte is in: a video is moved to the
// storage and becomes the event's recording; anything else is refused
// and removed.
//
// The work outlives the client: once the last byte is in, a client that
// goes away would find the upload complete and could not finish it again.
// The connection gets the time the work may take, so that the client
// learns the outcome.
func (u *uploads) finished(hook tusd.HookEvent) (tusd.HTTPResponse, error) {
	if caller, ok := hook.Context.Value(uploadCallerKey{}).(uploadCaller); ok && caller.extend != nil {
		caller.extend(adoptTimeout)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(hook.Context), adoptTimeout)
	defer cancel()
	info := hook.Upload
	eventID, err := u.uploadEvent(ctx, info.ID)
	if err != nil {
		return tusd.HTTPResponse{}, err
	}
	if eventID == "" {
		return tusd.HTTPResponse{}, tusd.ErrNotFound
	}
	path := info.Storage[filestore.StorageKeyPath]
	contentType, err := sniffFile(path)
	if err != nil {
		return tusd.HTTPResponse{}, err
	}
	if contentType == "" {
		if err := u.discard(ctx, info.ID); err != nil {
			return tusd.HTTPResponse{}, err
		}
		return tusd.HTTPResponse{}, errNotAVideo
	}
	if err := u.svc.adoptUpload(ctx, eventID, info.ID, path, info.Size, contentType); err != nil {
		return tusd.HTTPResponse{}, err
	}
	// The recording is made: bytes left in the uploads folder are only
	// waste, not a failure to report.
	if err := u.removePartial(ctx, info.ID); err != nil {
		u.svc.logger.Warn("media: partial upload not removed", "upload", info.ID, "err", err)
	}
	return tusd.HTTPResponse{}, nil
}

// discard removes an upload and its record.
func (u *uploads) discard(ctx context.Context, id string) error {
	if err := deleteUpload(ctx, u.svc.db, id); err != nil {
		return err
	}
	return u.removePartial(ctx, id)
}

// removePartial deletes the partial upload's files from the folder.
func (u *uploads) removePartial(ctx context.Context, id string) error {
	upload, err := u.files.GetUpload(ctx, id)
	if err != nil {
		return fmt.Errorf("media: partial upload %s: %w", id, err)
	}
	return u.files.AsTerminatableUpload(upload).Terminate(ctx)
}

// Magic numbers of the two containers browsers play: an MP4 (ISO base
// media file) begins with a box whose type, at byte 4, is "ftyp"; a WebM
// (Matroska) file with the EBML header's ID.
var (
	mp4Box    = []byte("ftyp")
	ebmlMagic = []byte{0x1A, 0x45, 0xDF, 0xA3}
)

// sniffLen is how many bytes sniffVideo needs to tell.
const sniffLen = 8

// sniffVideo says which video container head starts, or "".
func sniffVideo(head []byte) string {
	switch {
	case len(head) >= 8 && bytes.Equal(head[4:8], mp4Box):
		return "video/mp4"
	case len(head) >= 4 && bytes.Equal(head[:4], ebmlMagic):
		return "video/webm"
	}
	return ""
}

// sniffFile reads the head of the file at path and sniffs it.
func sniffFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("media: sniff upload: %w", err)
	}
	defer f.Close()
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("media: sniff upload: %w", err)
	}
	return sniffVideo(head[:n]), nil
}

// refuseHead reads the first bytes of a PATCH that starts an upload (one
// still at offset 0) and, when they are not a video's, removes the upload
// at once and reports false: a wrong file is refused before its gigabytes
// arrive. It puts the bytes it read back in front of r's body. A first
// chunk too short to tell passes; finished sniffs the whole file again.
func (u *uploads) refuseHead(ctx context.Context, id string, r *http.Request) (ok bool, err error) {
	if r.Method != http.MethodPatch || r.Header.Get("Upload-Offset") != "0" || r.Body == nil {
		return true, nil
	}
	upload, err := u.files.GetUpload(ctx, id)
	if err != nil {
		return true, nil // tusd answers for a missing upload
	}
	info, err := upload.GetInfo(ctx)
	if err != nil || info.Offset != 0 {
		return true, nil // tusd refuses the wrong offset; the bytes in are kept
	}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(r.Body, head)
	r.Body = readCloser{io.MultiReader(bytes.NewReader(head[:n]), r.Body), r.Body}
	if err != nil || sniffVideo(head) != "" {
		return true, nil // too short to tell, or a broken connection tusd will see
	}
	return false, u.discard(ctx, id)
}

// readCloser reads from one reader and closes another.
type readCloser struct {
	io.Reader
	io.Closer
}
