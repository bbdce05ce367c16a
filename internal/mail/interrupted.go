package mail

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// A message found "sending" whose claimer is gone was interrupted by a
// crash between its claim and its outcome: it may or may not have reached
// the SMTP server, so it is marked failed, never sent again.
//
// Whether the claimer is gone is asked of PostgreSQL, not of a clock.
// Each Mailer holds a session advisory lock (presenceLockSpace, owner) on
// its claims connection for as long as that connection lives, and stamps
// every message it claims with its owner key (outbox.claimed_by). A
// process that dies loses its connection and so its lock at once, while a
// live worker's lock stays however long its SMTP server takes. A lease
// (a claim time plus the longest a send may take) would have to outlast
// JobTimeout and the SMTP timeouts, minutes after a restart; the lock
// answers at the restart itself.
//
// Should the claims connection drop while a message is out (the database
// restarted), another process may mark that message failed before the
// connection is back; the worker's outcome, recorded when it is, then
// replaces "failed". Either way the message went at most once.

// presenceLockSpace is the first key of the Mailers' advisory locks.
const presenceLockSpace = 0x6d61696c // "mail"

// newOwnerKey picks this process's owner key: positive, so that it reads
// the same as the oid pg_locks shows it as.
func newOwnerKey() int32 {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return int32(binary.BigEndian.Uint32(b[:])&0x7fffffff) | 1
}

// holdPresence takes this process's lock on a new claims connection. A
// key another process holds (one chance in 2³¹) fails the connection
// rather than share it.
func (m *Mailer) holdPresence(ctx context.Context, conn *pgx.Conn) error {
	var held bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, presenceLockSpace, m.owner).Scan(&held); err != nil {
		return fmt.Errorf("mail: take the claims lock: %w", err)
	}
	if !held {
		return fmt.Errorf("mail: claims lock %d is held by another process", m.owner)
	}
	return nil
}

// claimerGone is true of an outbox row o whose claimer holds no lock.
var claimerGone = `NOT EXISTS (SELECT 1 FROM pg_locks
	WHERE locktype = 'advisory' AND classid = ` + strconv.Itoa(presenceLockSpace) + ` AND objid = o.claimed_by::oid
		AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))`

// interruptedNote is the outcome recorded on an interrupted message.
const interruptedNote = "delivery was interrupted after the message went to the SMTP server; not sent again, so it cannot arrive twice"

// failInterrupted marks failed every message left "sending" by a process
// that is gone, and says how many.
func (m *Mailer) failInterrupted(ctx context.Context) (int64, error) {
	tag, err := m.db.Exec(ctx, `UPDATE outbox o SET status = 'failed', last_error = $1
		WHERE o.status = 'sending' AND `+claimerGone, interruptedNote)
	if err != nil {
		return 0, fmt.Errorf("mail: fail interrupted messages: %w", err)
	}
	if n := tag.RowsAffected(); n > 0 {
		m.logger.Info("marked failed the messages a stopped process was sending", "messages", n)
	}
	return tag.RowsAffected(), nil
}

// InterruptedArgs is the periodic job that looks for interrupted messages,
// for processes that crashed while this one ran.
type InterruptedArgs struct{}

// Kind names the job for River.
func (InterruptedArgs) Kind() string { return "mail_fail_interrupted" }

// interruptedEvery is how often the job runs (and each process's start).
const interruptedEvery = time.Minute

func interruptedJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interruptedEvery),
		func() (river.JobArgs, *river.InsertOpts) { return InterruptedArgs{}, nil },
		&river.PeriodicJobOpts{ID: "mail_fail_interrupted", RunOnStart: true})
}

type interruptedWorker struct {
	river.WorkerDefaults[InterruptedArgs]
	m *Mailer
}

func (w *interruptedWorker) Work(ctx context.Context, _ *river.Job[InterruptedArgs]) error {
	_, err := w.m.failInterrupted(ctx)
	return err
}
