package mail

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// deliverWorker sends a job's outbox messages. Each goes at most once:
// the row is claimed (queued → sending) in its own committed statement
// before the SMTP server sees it, and a row found still "sending" — a
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
	Kind           Kind
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
// retries it later; a retry skips the messages already settled.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[DeliverArgs]) error {
	last := job.Attempt >= job.MaxAttempts
	for _, id := range job.Args.OutboxIDs {
		if err := w.m.deliver(ctx, id, last); err != nil && !last {
			return err
		}
	}
	return nil
}

func (m *Mailer) deliver(ctx context.Context, id int64, lastAttempt bool) error {
	row, claimed, err := m.claim(ctx, id)
	if err != nil || !claimed {
		return err
	}
	if blocked := row.blocked(); blocked != "" {
		return m.finish(ctx, row.ID, "suppressed", blocked, nil)
	}
	msg, err := m.compose(ctx, row)
	if err != nil {
		return m.putBack(ctx, row.ID, err, lastAttempt)
	}
	if m.sender == nil {
		return m.finish(ctx, row.ID, "not_delivered", errNoSMTP.Error(), &msg)
	}
	if err := m.sender.Send(ctx, msg); err != nil {
		return m.putBack(ctx, row.ID, err, lastAttempt)
	}
	return m.finish(ctx, row.ID, "sent", "", &msg)
}

// claim moves a queued row to sending. It reports false, having settled
// the row, when there is nothing (more) to send.
func (m *Mailer) claim(ctx context.Context, id int64) (outboxRow, bool, error) {
	rows, _ := m.db.Query(ctx, `
		WITH claimed AS (
			UPDATE outbox SET status = 'sending', attempts = attempts + 1
			WHERE id = $1 AND status = 'queued'
			RETURNING id, kind, to_email, event_id, registration_id, broadcast_id, variant,
				subject, body_text, body_html)
		SELECT c.id, c.kind, c.to_email AS "to", c.event_id, c.registration_id, c.broadcast_id,
			c.variant, c.subject, c.body_text AS text, c.body_html AS html,
			coalesce(r.first_name, '') AS first_name, coalesce(r.status, '') AS reg_status, r.token_generation,
			r.unsubscribed_at IS NOT NULL AS unsubscribed,
			EXISTS (SELECT 1 FROM mail_suppressions s WHERE s.email = lower(c.to_email)) AS suppressed,
			e.updated_at AS event_updated_at
		FROM claimed c JOIN events e ON e.id = c.event_id LEFT JOIN registrations r ON r.id = c.registration_id`, id)
	row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByNameLax[outboxRow])
	if err == nil {
		return row, true, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return outboxRow{}, false, fmt.Errorf("mail: claim message %d: %w", id, err)
	}
	// Not queued: sent or settled already (nothing to do), gone with its
	// event, or left "sending" by an interrupted attempt.
	_, err = m.db.Exec(ctx, `
		UPDATE outbox SET status = 'failed',
			last_error = 'delivery was interrupted after the message went to the SMTP server; not sent again, so it cannot arrive twice'
		WHERE id = $1 AND status = 'sending'`, id)
	return outboxRow{}, false, err
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

// finish records the outcome, with what was (or would have been) sent.
func (m *Mailer) finish(ctx context.Context, id int64, status, note string, msg *Rendered) error {
	var subject, text, html, messageID string
	var attachments []string
	if msg != nil {
		subject, text, html, messageID = msg.Subject, msg.Text, msg.HTML, msg.MessageID
		for _, a := range msg.Attachments {
			attachments = append(attachments, a.Name)
		}
	}
	_, err := m.db.Exec(ctx, `
		UPDATE outbox SET status = $2, last_error = $3,
			subject = coalesce(nullif($4, ''), subject), body_text = coalesce(nullif($5, ''), body_text),
			body_html = coalesce(nullif($6, ''), body_html), provider_message_id = $7,
			attachments = coalesce($8, attachments), sent_at = CASE WHEN $2 = 'sent' THEN now() END
		WHERE id = $1`, id, status, note, subject, text, html, messageID, attachments)
	if err != nil {
		return fmt.Errorf("mail: record message %d as %s: %w", id, status, err)
	}
	return nil
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

// retryPolicy retries sooner than River's default (attempt⁴ seconds), as
// a message is worth most soon after its cause: 5 s, 20 s, 45 s… capped at
// an hour.
type retryPolicy struct{ base time.Duration }

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	n := time.Duration(len(job.Errors) + 1)
	return time.Now().Add(min(p.base*n*n, time.Hour))
}
