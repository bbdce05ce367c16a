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
// notifications sent while it was away are lost.
func (s *Service) Listen(ctx context.Context, pool *pgxpool.Pool) error {
	l := &pgxlisten.Listener{
		Connect: func(ctx context.Context) (*pgx.Conn, error) {
			conn, err := pool.Acquire(ctx)
			if err != nil {
				return nil, err
			}
			return conn.Hijack(), nil
		},
		LogError: func(ctx context.Context, err error) {
			if ctx.Err() == nil { // not the shutdown itself
				s.logger.Warn("event change listener", "err", err)
			}
		},
		ReconnectDelay: time.Second,
	}
	l.Handle(notifyChannel, cacheInvalidator{s})
	err := l.Listen(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

type cacheInvalidator struct{ s *Service }

func (h cacheInvalidator) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	h.s.changed(n.Payload)
	return nil
}

func (h cacheInvalidator) HandleBacklog(context.Context, string, *pgx.Conn) error {
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
