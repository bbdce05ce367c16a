// Package jobs runs the process's one River client: background work kept
// in PostgreSQL, so that it survives a restart and the server processes
// sharing a database share it too.
//
// app.New builds the Client once and hands it to the domains. Each
// registers what it needs while it is built (Register, AddQueue,
// AddPeriodic) and enqueues with InsertTx in its own transaction, so that
// a change and the work it owes commit, or vanish, together. Run works the
// jobs; a command that only changes data (seed) never runs them, and its
// jobs wait in the database for a server.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"
)

// Client is the River client every domain shares.
type Client struct {
	river   *river.Client[pgx.Tx]
	workers *river.Workers
	stopped chan struct{}
}

// New builds the client. It works nothing until Run.
func New(pool *pgxpool.Pool, logger *slog.Logger) (*Client, error) {
	// River reads the bundle when it works a job, not when it is built:
	// domains add their workers to it after this (see Register).
	workers := river.NewWorkers()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		// Domains add queues of their own (AddQueue); reminders,
		// follow-ups and other unhurried jobs share this one.
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers: workers,
		// River logs every retry while the database is away; the log says
		// so once per half minute (see quietRepeats).
		Logger:      slog.New(newQuietRepeats(logger.Handler(), 30*time.Second)),
		MaxAttempts: 12,
		// The longest job is mail's delivery of at most 50 messages; even
		// at 2 s a message it ends well within this. A job that hangs is
		// cancelled and retried; what it had sent is not sent again.
		JobTimeout: 2 * time.Minute,
		// A job whose process died is run again this long after it
		// started (River's default is an hour), so that, say, the
		// messages a delivery had not reached go out; the one it was
		// sending is failed, not sent again (see mail's interrupted.go).
		RescueStuckJobsAfter: 3 * time.Minute,
		// River fetches at most MaxWorkers jobs per fetch and waits this
		// long between fetches: its default (100 ms) caps a process at ten
		// fetches a second, 100 messages/s with 10 mail workers.
		FetchCooldown: 5 * time.Millisecond,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: River client: %w", err)
	}
	return &Client{river: client, workers: workers, stopped: make(chan struct{})}, nil
}

// Register adds the worker of one kind of job. Domains register theirs
// while they are built, before Run; a kind registered twice panics, as it
// is a mistake in the wiring.
func Register[T river.JobArgs](c *Client, w river.Worker[T]) {
	river.AddWorker(c.workers, w)
}

// AddQueue adds a queue of its own for a domain's jobs, worked by up to
// maxWorkers at once in each process. Call it before Run.
func (c *Client) AddQueue(name string, maxWorkers int) error {
	if err := c.river.Queues().Add(name, river.QueueConfig{MaxWorkers: maxWorkers}); err != nil {
		return fmt.Errorf("jobs: queue %s: %w", name, err)
	}
	return nil
}

// AddPeriodic adds a job that one process (River's elected leader)
// inserts on a schedule. Call it before Run.
func (c *Client) AddPeriodic(job *river.PeriodicJob) error {
	if _, err := c.river.PeriodicJobs().AddSafely(job); err != nil {
		return fmt.Errorf("jobs: periodic job: %w", err)
	}
	return nil
}

// InsertTx enqueues a job in tx: it runs once tx commits, never if it
// rolls back.
func (c *Client) InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error) {
	return c.river.InsertTx(ctx, tx, args, opts)
}

// InsertManyTx enqueues several jobs in tx, in one statement.
func (c *Client) InsertManyTx(ctx context.Context, tx pgx.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error) {
	return c.river.InsertManyTx(ctx, tx, params)
}

// JobDeleteTx deletes a job that is not running, in tx.
func (c *Client) JobDeleteTx(ctx context.Context, tx pgx.Tx, id int64) (*rivertype.JobRow, error) {
	return c.river.JobDeleteTx(ctx, tx, id)
}

// stopTimeout is how long the jobs in hand get to finish once Run's ctx
// ends, before they are cancelled (and retried by another process, or by
// this one when it starts again).
const stopTimeout = 10 * time.Second

// Run works jobs until ctx ends, then lets the jobs in hand finish. Call
// it once. Stopped is closed when it returns.
func (c *Client) Run(ctx context.Context) error {
	defer close(c.stopped)
	if err := c.river.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: nothing was running
		}
		return fmt.Errorf("jobs: start River: %w", err)
	}
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	err := c.river.Stop(stopCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		return c.river.StopAndCancel(context.Background())
	}
	return err
}

// Stopped is closed once Run has returned: no job of this process is
// running any more. A domain whose workers lean on something it serves
// (mail's claims) serves it until then.
func (c *Client) Stopped() <-chan struct{} { return c.stopped }
