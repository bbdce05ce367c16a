package httpserver

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"plenary/internal/errs"
)

// Limiter allows each key (an IP address, an email) a burst of requests
// refilled at a steady rate. Keys idle for longer than a full refill are
// forgotten. Limits are per process: N servers allow N times the rate.
type Limiter struct {
	every time.Duration
	burst int

	mu        sync.Mutex
	keys      map[string]*rate.Limiter
	lastSweep time.Time
}

// NewLimiter allows burst requests per key, refilled one per every.
func NewLimiter(burst int, every time.Duration) *Limiter {
	return &Limiter{every: every, burst: burst, keys: map[string]*rate.Limiter{}, lastSweep: time.Now()}
}

// Allow takes one request for key, or returns *errs.TooMany saying when the
// next one will be allowed.
func (l *Limiter) Allow(key string) error { return l.AllowAt(key, time.Now()) }

// AllowAt is Allow at the time now, for a domain that tells the time by its
// own clock (so that its tests do not depend on how fast they run).
func (l *Limiter) AllowAt(key string, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	lim, ok := l.keys[key]
	if !ok {
		lim = rate.NewLimiter(rate.Every(l.every), l.burst)
		l.keys[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return &errs.TooMany{RetryAfter: delay}
	}
	return nil
}

// sweep drops keys whose bucket is full again, at most once a minute.
func (l *Limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for key, lim := range l.keys {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.keys, key)
		}
	}
}
