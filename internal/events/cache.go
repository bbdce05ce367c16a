package events

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// notifyChannel carries the slugs of changed events between processes.
const notifyChannel = "plenary_event_changed"

// maxPageAge bounds how long a page is served from memory, in case a
// notification was lost while the listener reconnected.
const maxPageAge = 5 * time.Minute

// Page is a rendered public event page.
type Page struct {
	Body    []byte
	ETag    string
	expires time.Time
}

func newPage(body []byte, phaseChange time.Time) Page {
	sum := sha256.Sum256(body)
	return Page{Body: body, ETag: `"` + hex.EncodeToString(sum[:12]) + `"`, expires: phaseChange}
}

// pageCache keeps rendered public pages in memory. Each process keeps its
// own; changes anywhere reach it through LISTEN/NOTIFY (see changeListener).
type pageCache struct {
	mu         sync.RWMutex
	pages      map[string]Page
	generation uint64 // bumped by every invalidation
	loads      singleflight.Group
}

func newPageCache() *pageCache { return &pageCache{pages: map[string]Page{}} }

// get returns the cached page for slug or loads it once, however many
// requests ask at the same time.
func (c *pageCache) get(slug string, now time.Time, load func() (Page, error)) (Page, error) {
	c.mu.RLock()
	p, ok := c.pages[slug]
	generation := c.generation
	c.mu.RUnlock()
	if ok && now.Before(p.expires) {
		return p, nil
	}
	v, err, _ := c.loads.Do(slug, func() (any, error) {
		p, err := load()
		if err != nil {
			return Page{}, err
		}
		if p.expires.IsZero() || p.expires.After(now.Add(maxPageAge)) {
			p.expires = now.Add(maxPageAge)
		}
		c.mu.Lock()
		// A change that landed while this page was rendering makes it stale.
		if c.generation == generation {
			c.pages[slug] = p
		}
		c.mu.Unlock()
		return p, nil
	})
	if err != nil {
		return Page{}, err
	}
	return v.(Page), nil
}

// invalidate drops the pages of these slugs; "*" drops every page.
func (c *pageCache) invalidate(slugs ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.generation++
	for _, slug := range slugs {
		if slug == "*" {
			clear(c.pages)
			return
		}
		delete(c.pages, slug)
	}
}

// changeListener keeps this process's page cache in step with changes
// made by any process: the process's listener (internal/listen) hands it
// the slugs notified on notifyChannel.
type changeListener struct{ s *Service }

// Notify hands on a notification (see notified).
func (h changeListener) Notify(payload string) { h.s.notified(payload) }

// Resync drops every page: after a (re)connection, what changed while
// nobody listened is unknown.
func (h changeListener) Resync() { h.s.changed("*") }

// changed drops what this process holds of the events, here and in the
// domains that asked (Hooks.OnChange).
func (s *Service) changed(slugs ...string) {
	s.pages.invalidate(slugs...)
	for _, fn := range s.onChange {
		for _, slug := range slugs {
			fn(slug)
		}
	}
}
