package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"plenary/internal/jobs"
	"plenary/internal/postgres"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

type noteArgs struct {
	Note string `json:"note"`
}

func (noteArgs) Kind() string { return "jobs_test_note" }

// noteWorker reports each note it works.
type noteWorker struct {
	river.WorkerDefaults[noteArgs]
	worked chan string
}

func (w *noteWorker) Work(_ context.Context, job *river.Job[noteArgs]) error {
	w.worked <- job.Args.Note
	return nil
}

// A domain registers its worker, queue and periodic job on the shared
// client; a job inserted in a transaction runs once it commits and never
// when it rolls back; Run ends when its context does, and says so.
func TestRegisteredJobsRunWithTheirTransaction(t *testing.T) {
	pool := pgtest.New(t)
	c, err := jobs.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	w := &noteWorker{worked: make(chan string, 10)}
	jobs.Register(c, w)
	if err := c.AddQueue("notes", 1); err != nil {
		t.Fatal(err)
	}
	if err := c.AddQueue("notes", 1); err == nil {
		t.Error("a queue added twice was taken")
	}
	if err := c.AddPeriodic(river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return noteArgs{Note: "periodic"}, nil },
		&river.PeriodicJobOpts{ID: "jobs_test_note", RunOnStart: true})); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	insert := func(note string, commit bool) {
		t.Helper()
		err := postgres.InTx(ctx, pool, func(tx pgx.Tx) error {
			if _, err := c.InsertTx(ctx, tx, noteArgs{Note: note}, &river.InsertOpts{Queue: "notes"}); err != nil {
				return err
			}
			if !commit {
				return errRollBack
			}
			return nil
		})
		if err != nil && commit {
			t.Fatal(err)
		}
	}
	insert("rolled back", false)
	insert("committed", true) // before Run: it waits in the database

	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- c.Run(runCtx) }()
	got := map[string]bool{}
	deadline := time.After(30 * time.Second) // bounds a hang
	for len(got) < 2 {
		select {
		case note := <-w.worked:
			got[note] = true
		case <-deadline:
			t.Fatalf("worked %v; want the committed and the periodic job", got)
		}
	}
	if !got["committed"] || !got["periodic"] {
		t.Errorf("worked %v", got)
	}
	select {
	case <-c.Stopped():
		t.Fatal("Stopped before Run ended")
	default:
	}
	stop()
	if err := <-ran; err != nil {
		t.Errorf("Run: %v", err)
	}
	<-c.Stopped()
	var rolledBack int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE args->>'note' = 'rolled back'`).Scan(&rolledBack); err != nil || rolledBack != 0 {
		t.Errorf("a job inserted in a transaction that rolled back: %d rows (%v)", rolledBack, err)
	}
}

var errRollBack = errors.New("roll back")
