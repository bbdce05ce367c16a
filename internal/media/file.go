package media

import (
	"context"
	"fmt"
	"time"
)

// signedURLTTL is how long a presigned recording URL stays valid. Players
// ask the server again for each range, and the redirect is never cached,
// so a long replay needs no longer-lived link; a leaked one soon expires.
const signedURLTTL = 15 * time.Minute

// RecordingFile is the published recording of an event, ready to serve:
// either open here (Object, from the local folder) or at a presigned URL
// of the object storage (URL), which the browser reads directly.
type RecordingFile struct {
	ID          string // the recording's ID: part of the file's ETag
	ContentType string
	Object      Object // nil when URL is set; the caller closes it
	URL         string
}

// OpenRecording returns the uploaded file of the published recording of
// the public event slug. A draft event, an event without a recording, an
// unpublished recording and an external video are all ErrNotFound.
func (s *Service) OpenRecording(ctx context.Context, slug string) (RecordingFile, error) {
	event, err := s.events.PublicDetail(ctx, slug)
	if err != nil {
		return RecordingFile{}, err
	}
	stored, err := publishedUpload(ctx, s.db, event.ID)
	if err != nil {
		return RecordingFile{}, err
	}
	f := RecordingFile{ID: stored.RecordingID, ContentType: stored.ContentType}
	if f.URL, err = s.store.SignedURL(ctx, stored.StorageKey, signedURLTTL); err != nil || f.URL != "" {
		return f, err
	}
	if f.Object, err = s.store.Open(ctx, stored.StorageKey); err != nil {
		return RecordingFile{}, fmt.Errorf("media: recording of %s: %w", slug, err)
	}
	return f, nil
}
