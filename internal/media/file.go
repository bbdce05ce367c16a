package media

import (
	"context"
	"fmt"
	"sync"
	"time"

	"plenary/internal/errs"
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
	return s.openPublished(ctx, slug, func(f storedFile) (string, string) { return f.StorageKey, f.ContentType })
}

// OpenPoster returns the poster frame of the published recording of the
// public event slug: ErrNotFound as OpenRecording, and when it has none.
func (s *Service) OpenPoster(ctx context.Context, slug string) (RecordingFile, error) {
	return s.openPublished(ctx, slug, func(f storedFile) (string, string) { return f.PosterKey, "image/jpeg" })
}

// openPublished opens the stored file that pick names (its key and type)
// of the published recording of slug.
func (s *Service) openPublished(ctx context.Context, slug string, pick func(storedFile) (key, contentType string)) (RecordingFile, error) {
	stored, err := s.files.get(slug, time.Now(), func() (storedFile, error) {
		event, err := s.events.PublicDetail(ctx, slug)
		if err != nil {
			return storedFile{}, err
		}
		return publishedUpload(ctx, s.db, event.ID)
	})
	if err != nil {
		return RecordingFile{}, err
	}
	key, contentType := pick(stored)
	if key == "" {
		return RecordingFile{}, fmt.Errorf("media: %s has no such file: %w", slug, errs.ErrNotFound)
	}
	f := RecordingFile{ID: stored.RecordingID, ContentType: contentType}
	if f.URL, err = s.store.SignedURL(ctx, key, signedURLTTL); err != nil || f.URL != "" {
		return f, err
	}
	if f.Object, err = s.store.Open(ctx, key); err != nil {
		return RecordingFile{}, fmt.Errorf("media: recording of %s: %w", slug, err)
	}
	return f, nil
}

// fileCacheTTL is how long a server keeps a slug's published file. A
// player sends a request per range, many a second from each viewer, and
// looking the event and its recording up for each took more time than
// sending the bytes (bench/media); a second's delay before an unpublished
// recording stops being served is no loss.
const fileCacheTTL = time.Second

// fileCache keeps the published file of each slug asked for recently.
// Only files found are kept: a slug without one is looked up each time.
type fileCache struct {
	mu      sync.Mutex
	entries map[string]cachedFile
}

type cachedFile struct {
	file    storedFile
	expires time.Time
}

func newFileCache() *fileCache { return &fileCache{entries: map[string]cachedFile{}} }

// get returns slug's file from the cache, or from load when it has none
// younger than fileCacheTTL. Concurrent misses may each load: a second's
// worth of lookups is cheap, and no request waits for another's.
func (c *fileCache) get(slug string, now time.Time, load func() (storedFile, error)) (storedFile, error) {
	c.mu.Lock()
	entry, ok := c.entries[slug]
	c.mu.Unlock()
	if ok && now.Before(entry.expires) {
		return entry.file, nil
	}
	f, err := load()
	if err != nil {
		return storedFile{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= 1000 { // many slugs: forget the stale ones
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, k)
			}
		}
	}
	c.entries[slug] = cachedFile{file: f, expires: now.Add(fileCacheTTL)}
	return f, nil
}
