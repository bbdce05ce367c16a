package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// quietRepeats passes a warning or an error on once per window for each
// message, and says with the next one how many it held back. River logs
// every retry while the database is away (each queue's fetch every
// second, the leader election, the notifier); the log should say the
// database is gone, not fill with it. Other levels pass unchanged.
type quietRepeats struct {
	slog.Handler
	window time.Duration
	seen   *repeats // shared by the handlers WithAttrs and WithGroup make
}

type repeats struct {
	mu   sync.Mutex
	last map[string]time.Time
	held map[string]int
}

func newQuietRepeats(h slog.Handler, window time.Duration) *quietRepeats {
	return &quietRepeats{Handler: h, window: window, seen: &repeats{last: map[string]time.Time{}, held: map[string]int{}}}
}

func (q *quietRepeats) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn {
		return q.Handler.Handle(ctx, r)
	}
	s := q.seen
	s.mu.Lock()
	if last, ok := s.last[r.Message]; ok && r.Time.Sub(last) < q.window {
		s.held[r.Message]++
		s.mu.Unlock()
		return nil
	}
	held := s.held[r.Message]
	s.last[r.Message] = r.Time
	delete(s.held, r.Message)
	s.mu.Unlock()
	if held > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("repeats_not_logged", held))
	}
	return q.Handler.Handle(ctx, r)
}

func (q *quietRepeats) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &quietRepeats{Handler: q.Handler.WithAttrs(attrs), window: q.window, seen: q.seen}
}

func (q *quietRepeats) WithGroup(name string) slog.Handler {
	return &quietRepeats{Handler: q.Handler.WithGroup(name), window: q.window, seen: q.seen}
}
