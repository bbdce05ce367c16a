package mail

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"plenary/internal/notice"
)

// deliverWorker sends a job's outbox messages. Each goes at most once:
// the row is claimed (queued → sending) in a committed statement (see
// claims) before the SMTP server sees it, and a row found still "sending" — a
// process died between sending and recording — is marked failed, never
// sent again. A refusal from the SMTP server (or no server at all) puts
// the row back to queued, and River retries the job with backoff.
type deliverWorker struct {
	river.WorkerDefaults[DeliverArgs]
	m *Mailer
}

// outboxRow is what delivery reads of a message.
type outboxRow struct {
	ID             int64
	Kind           notice.Kind
	To             string
	EventID        string
	RegistrationID *string
	BroadcastID    *int64
	Variant        string
	Subject        string
	Text, HTML     string
	// Read with the claim, so delivery costs one query before sending.
	FirstName       string
	RegStatus       string
	TokenGeneration *int
	Unsubscribed    bool
	Suppressed      bool
	EventUpdatedAt  time.Time
}

// Work sends the messages in turn. The first that the SMTP server refuses
// stops the job (the server is likely down for the rest too) and River
// retries it later; a retry skips the messages already settled. Each
// message's outcome is recorded by the statement that claims the next (the
// last one's, by a statement that claims nothing), so a message costs at
// most one statement, often shared with other workers (see claims).
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	last := job.Attempt >= job.MaxAttempts
	var done *outcome // not yet recorded
	for _, id := range job.Args.OutboxIDs {
		var err error
		if done, err = w.m.deliver(ctx, id, done, last); err != nil && !last {
			return err
		}
	}
	_, _, err := w.m.claim(ctx, 0, done)
	return err
}

// outcome is how an attempt at a message ended, with what was (or would
// have been) sent.
type outcome struct {
	id     int64
	status string // sent, suppressed or not_delivered
	note   string
	msg    *Rendered
	letter *letter // how msg was made, when from a form
}

// deliver records prev, claims and sends message id, and returns its
// outcome for the caller to record. On an error prev is recorded (or its
// recording failed too, see claim) and nothing is left to record.
func (m *Mailer) deliver(ctx context.Context, id int64, prev *outcome, lastAttempt bool) (*outcome, error) {
	row, claimed, err := m.claim(ctx, id, prev)
	if err != nil {
		return nil, err
	}
	if !claimed {
		return nil, nil
	}
	if blocked := row.blocked(); blocked != "" {
		return &outcome{id: row.ID, status: "suppressed", note: blocked}, nil
	}
	msg, lt, err := m.compose(ctx, row)
	if err != nil {
		return nil, m.putBack(ctx, row.ID, err, lastAttempt)
	}
	if m.sender == nil {
		return &outcome{id: row.ID, status: "not_delivered", note: errNoSMTP.Error(), msg: &msg, letter: lt}, nil
	}
	if err := m.sender.Send(ctx, msg); err != nil {
		return nil, m.putBack(ctx, row.ID, err, lastAttempt)
	}
	return &outcome{id: row.ID, status: "sent", msg: &msg, letter: lt}, nil
}

// blocked says why the message must not go, or "".
func (row outboxRow) blocked() string {
	switch {
	case row.Suppressed:
		return "the address is suppressed"
	case row.Unsubscribed && row.Kind.Unsubscribable():
		return "the registrant unsubscribed"
	}
	return ""
}

// putBack records a failed attempt: queued again for River's retry, or
// failed on the last one.
func (m *Mailer) putBack(ctx context.Context, id int64, cause error, lastAttempt bool) error {
	status := "queued"
	if lastAttempt {
		status = "failed"
	}
	if _, err := m.db.Exec(ctx, `UPDATE outbox SET status = $2, last_error = $3 WHERE id = $1`,
		id, status, truncate(cause.Error(), 1000)); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

// messageID is the Message-ID of an outbox row: stable, so a receiving
// system can tell a repeat.
func (m *Mailer) messageID(id int64) string {
	return "outbox-" + strconv.FormatInt(id, 10) + "@" + m.domain
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// retryPolicy retries mail's jobs sooner than River's default (attempt⁴
// seconds), as a message is worth most soon after its cause: 5 s, 20 s,
// 45 s… capped at an hour. Each of mail's workers asks for it (NextRetry);
// other domains' jobs keep River's.
type retryPolicy struct{ base time.Duration }

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	n := time.Duration(len(job.Errors) + 1)
	return time.Now().Add(min(p.base*n*n, time.Hour))
}

// NextRetry is mail's retry policy.
func (w *deliverWorker) NextRetry(job *river.Job[DeliverArgs]) time.Time {
	return w.m.retry.NextRetry(job.JobRow)
}

// NextRetry is mail's retry policy.
func (w *reminderWorker) NextRetry(job *river.Job[ReminderArgs]) time.Time {
	return w.m.retry.NextRetry(job.JobRow)
}

// NextRetry is mail's retry policy.
func (w *followUpWorker) NextRetry(job *river.Job[FollowUpArgs]) time.Time {
	return w.m.retry.NextRetry(job.JobRow)
}

// NextRetry is mail's retry policy.
func (w *interruptedWorker) NextRetry(job *river.Job[InterruptedArgs]) time.Time {
	return w.m.retry.NextRetry(job.JobRow)
}
