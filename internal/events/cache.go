package events

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgxlisten"
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
// own; changes anywhere reach it through LISTEN/NOTIFY (see Listen).
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

// Listen keeps this process's page cache in step with changes made by any
// process, until ctx ends. After a (re)connection it drops every page, as
// notifications sent while it was away are lost. While the database is
// away it tries again with a growing pause (up to maxListenBackoff) and
// says so once, not at every try.
func (s *Service) Listen(ctx context.Context, pool *pgxpool.Pool) error {
	h := &cacheInvalidator{s: s}
	l := &pgxlisten.Listener{
		Connect: func(ctx context.Context) (*pgx.Conn, error) {
			if err := h.pause(ctx); err != nil {
				return nil, err
			}
			conn, err := pool.Acquire(ctx)
			if err != nil {
				return nil, err
			}
			return conn.Hijack(), nil
		},
		LogError: func(ctx context.Context, err error) {
			if ctx.Err() == nil { // not the shutdown itself
				h.failed(err)
			}
		},
		ReconnectDelay: time.Second,
	}
	l.Handle(notifyChannel, h)
	err := l.Listen(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// maxListenBackoff bounds the pause between tries while the database is
// away; the first tries come after a second.
const maxListenBackoff = 30 * time.Second

// cacheInvalidator drops pages on notifications, and keeps count of the
// listener's failed tries. pgxlisten calls it from one goroutine.
type cacheInvalidator struct {
	s        *Service
	failures int
}

func (h *cacheInvalidator) failed(err error) {
	h.failures++
	if h.failures == 1 {
		h.s.logger.Warn("event change listener lost its connection; trying again until the database is back", "err", err)
	}
}

// pause waits before a try after failures, longer after each.
func (h *cacheInvalidator) pause(ctx context.Context) error {
	if h.failures < 2 {
		return nil // pgxlisten already waited a second
	}
	wait := min(time.Second<<min(h.failures-2, 5), maxListenBackoff)
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(wait):
		return nil
	}
}

func (h *cacheInvalidator) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	h.s.notified(n.Payload)
	return nil
}

// HandleBacklog runs on every (re)connection: what changed meanwhile is
// unknown, so every page goes.
func (h *cacheInvalidator) HandleBacklog(context.Context, string, *pgx.Conn) error {
	if h.failures > 0 {
		h.s.logger.Info("event change listener is back; cached pages dropped", "failed_tries", h.failures)
		h.failures = 0
	}
	h.s.changed("*")
	return nil
}

// changed drops what this process holds of the events, here and in the
// domains that asked (OnChange).
func (s *Service) changed(slugs ...string) {
	s.pages.invalidate(slugs...)
	for _, fn := range s.onChange {
		for _, slug := range slugs {
			fn(slug)
		}
	}
}
