package listen_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/listen"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// recorder is a handler that reports what it is told.
type recorder struct {
	notes   chan string
	resyncs chan struct{}
}

func newRecorder() *recorder {
	return &recorder{notes: make(chan string, 100), resyncs: make(chan struct{}, 100)}
}

func (r *recorder) Notify(payload string) { r.notes <- payload }
func (r *recorder) Resync()               { r.resyncs <- struct{}{} }

// wait bounds a hang; it is not a speed requirement.
const wait = 20 * time.Second

func (r *recorder) wantNote(t *testing.T, want string) {
	t.Helper()
	select {
	case got := <-r.notes:
		if got != want {
			t.Fatalf("notified %q, want %q", got, want)
		}
	case <-time.After(wait):
		t.Fatalf("never notified %q", want)
	}
}

func (r *recorder) wantResync(t *testing.T) {
	t.Helper()
	select {
	case <-r.resyncs:
	case <-time.After(wait):
		t.Fatal("never told to resync")
	}
}

// logBuffer is a log that the listener writes while the test reads it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// count is the number of lines at level that contain text.
func (b *logBuffer) count(level, text string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, line := range strings.Split(b.buf.String(), "\n") {
		if strings.Contains(line, "level="+level) && strings.Contains(line, text) {
			n++
		}
	}
	return n
}

// run starts l until the test ends, and checks that it then stops cleanly.
func run(t *testing.T, l *listen.Listener) {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- l.Run(ctx) }()
	t.Cleanup(func() {
		stop()
		select {
		case err := <-ran:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(wait):
			t.Error("Run did not return when its context ended")
		}
	})
}

// notify sends a notification from a connection of its own, as another
// server process would.
func notify(t *testing.T, dsn, channel, payload string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_notify($1, $2)`, channel, payload); err != nil {
		t.Fatal(err)
	}
}

// Each channel's notifications, sent from another connection, reach its
// own handler and no other, in the order they were sent.
func TestNotificationsReachTheirChannelsHandler(t *testing.T) {
	dsn := pgtest.NewDSN(t)
	pool := open(t, dsn)
	l := listen.New(pool, slog.New(slog.NewTextHandler(&logBuffer{}, nil)))
	pages, questions := newRecorder(), newRecorder()
	l.Handle("test_pages", pages)
	l.Handle("test_questions", questions)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a channel registered twice was taken")
			}
		}()
		l.Handle("test_pages", newRecorder())
	}()
	run(t, l)
	pages.wantResync(t) // listening from here on
	questions.wantResync(t)

	notify(t, dsn, "test_pages", "early-intervention")
	notify(t, dsn, "test_questions", "42")
	notify(t, dsn, "test_pages", "joining-up-prevention")
	notify(t, dsn, "not_listened_to", "nobody")
	pages.wantNote(t, "early-intervention")
	pages.wantNote(t, "joining-up-prevention")
	questions.wantNote(t, "42")
	notify(t, dsn, "test_questions", "43") // after everything above
	questions.wantNote(t, "43")
	if len(pages.notes) != 0 || len(pages.resyncs) != 0 || len(questions.resyncs) != 0 {
		t.Errorf("extra calls: %d notes, %d and %d resyncs", len(pages.notes), len(pages.resyncs), len(questions.resyncs))
	}
}

// A listener whose connection is killed connects again, tells its handlers
// to resync (what was notified meanwhile is lost), hears notifications
// again, and says so in its log once.
func TestALostConnectionIsMadeAgainAndHandlersResync(t *testing.T) {
	dsn := pgtest.NewDSN(t)
	pool := open(t, dsn)
	log := &logBuffer{}
	l := listen.New(pool, slog.New(slog.NewTextHandler(log, nil)))
	pages := newRecorder()
	l.Handle("test_pages", pages)
	run(t, l)
	pages.wantResync(t)
	notify(t, dsn, "test_pages", "before")
	pages.wantNote(t, "before")

	var killed int
	if err := pool.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query ILIKE 'listen %'`).Scan(&killed); err != nil || killed != 1 {
		t.Fatalf("terminated %d listening connections (%v), want 1", killed, err)
	}
	pages.wantResync(t)
	notify(t, dsn, "test_pages", "after")
	pages.wantNote(t, "after")
	if w, i := log.count("WARN", "lost its connection"), log.count("INFO", "is back"); w != 1 || i != 1 {
		t.Errorf("logged %d warnings and %d notes of the return, want 1 of each:\n%s", w, i, log.String())
	}
}

// While the database cannot be reached the listener keeps trying, with a
// growing pause, says so once rather than at every try, and tells no
// handler to resync, as it never listened.
func TestAnUnreachableDatabaseIsTriedAgainAndLoggedOnce(t *testing.T) {
	cfg, err := pgxpool.ParseConfig(pgtest.NewDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.Database = "no_such_database"
	var tries atomic.Int32
	cfg.BeforeConnect = func(context.Context, *pgx.ConnConfig) error { tries.Add(1); return nil }
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	log := &logBuffer{}
	l := listen.New(pool, slog.New(slog.NewTextHandler(log, nil)))
	pages := newRecorder()
	l.Handle("test_pages", pages)
	run(t, l)

	time.Sleep(3500 * time.Millisecond) // tries at about 0, 1 and 3 s
	if n := tries.Load(); n < 2 || n > 4 {
		t.Errorf("%d tries in 3.5 s, want about 3 (pauses of 1 s, then 2 s)", n)
	}
	if w := log.count("WARN", "lost its connection"); w != 1 {
		t.Errorf("logged %d warnings, want 1:\n%s", w, log.String())
	}
	if len(pages.resyncs) != 0 {
		t.Error("told to resync without a connection")
	}
}

func open(t *testing.T, dsn string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}
