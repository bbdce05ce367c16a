// Package listen holds the process's one LISTEN connection and hands each
// notification to the handler of its channel.
//
// app.New builds the Listener once; a domain that keeps something in step
// with other server processes (the events page cache; live Q&A next)
// registers a Handler for its channel when it is built. One connection
// serves every channel, and one reconnection story serves every handler:
// while the database is away the Listener tries again with a growing pause
// and says so in the log at most once per half minute; once it is back,
// every handler resynchronises, as what was notified meanwhile is lost.
package listen

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgxlisten"
)

// Handler follows one channel. The Listener calls it from one goroutine,
// so a slow handler delays every channel's notifications: it should only
// note what changed.
type Handler interface {
	// Notify is called with the payload of each notification.
	Notify(payload string)
	// Resync is called each time the connection is made, the first time
	// included: what was notified while there was none is not known, so
	// whatever the handler keeps must be brought up to date or dropped.
	Resync()
}

// Listener is the LISTEN connection of one process.
type Listener struct {
	pool     *pgxpool.Pool
	logger   *slog.Logger
	handlers map[string]Handler

	// Used only by Run's goroutine (pgxlisten calls back on it).
	failures int       // tries failed since the connection was last made
	warned   time.Time // when a failure was last logged
}

// New returns a Listener that takes its connection from pool.
func New(pool *pgxpool.Pool, logger *slog.Logger) *Listener {
	return &Listener{pool: pool, logger: logger, handlers: map[string]Handler{}}
}

// Handle registers the handler of channel. Call it before Run; a channel
// registered twice panics, as it is a mistake in the wiring.
func (l *Listener) Handle(channel string, h Handler) {
	if _, ok := l.handlers[channel]; ok {
		panic("listen: channel " + channel + " registered twice")
	}
	l.handlers[channel] = h
}

// The pause before another try grows from a second to maxBackoff; a
// failure is logged at most once per logEvery.
const (
	maxBackoff = 30 * time.Second
	logEvery   = 30 * time.Second
)

// Run listens until ctx ends, reconnecting whenever the connection is
// lost. It returns nil when ctx ends.
func (l *Listener) Run(ctx context.Context) error {
	if len(l.handlers) == 0 {
		<-ctx.Done() // nothing to listen to
		return nil
	}
	pl := &pgxlisten.Listener{
		Connect:  l.connect,
		LogError: l.failed,
		// connect waits before each try after a failure (see backoff),
		// so pgxlisten itself need not.
		ReconnectDelay: -1,
	}
	for channel, h := range l.handlers {
		pl.Handle(channel, dispatch{l: l, h: h})
	}
	err := pl.Listen(ctx)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// connect takes a connection of its own from the pool, after a pause
// when the last tries failed.
func (l *Listener) connect(ctx context.Context) (*pgx.Conn, error) {
	if l.failures > 0 {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff(l.failures)):
		}
	}
	conn, err := l.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return conn.Hijack(), nil // the Listener's own, closed by pgxlisten
}

// backoff is the pause before the next try after failures in a row:
// 1 s, 2 s, 4 s… up to maxBackoff.
func backoff(failures int) time.Duration {
	return min(time.Second<<min(failures-1, 5), maxBackoff)
}

// failed counts a lost connection or a failed try, and says so unless it
// did less than logEvery ago.
func (l *Listener) failed(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return // the shutdown itself
	}
	l.failures++
	if now := time.Now(); now.Sub(l.warned) >= logEvery {
		l.warned = now
		l.logger.Warn("change listener lost its connection; trying again until the database is back",
			"err", err, "failed_tries", l.failures)
	}
}

// connected is called once the connection is made and listens.
func (l *Listener) connected() {
	if l.failures > 0 {
		l.logger.Info("change listener is back; every handler resynchronised", "failed_tries", l.failures)
		l.failures = 0
	}
}

// dispatch adapts a Handler to pgxlisten.
type dispatch struct {
	l *Listener
	h Handler
}

func (d dispatch) HandleNotification(_ context.Context, n *pgconn.Notification, _ *pgx.Conn) error {
	d.h.Notify(n.Payload)
	return nil
}

// HandleBacklog runs for each channel on every (re)connection, once it
// listens: from then on nothing is lost, so this is when to resync.
func (d dispatch) HandleBacklog(context.Context, string, *pgx.Conn) error {
	d.l.connected()
	d.h.Resync()
	return nil
}
