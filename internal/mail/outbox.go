package mail

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"

	"plenary/internal/jobs"
	"plenary/internal/notice"
)

// DeliverArgs is the River job that sends outbox messages: those a change
// queued together, up to deliverBatch of them. One job per message would
// cost the job table (and its indexes) more than the message costs to send.
type DeliverArgs struct {
	OutboxIDs []int64 `json:"outbox_ids"`
}

// deliverBatch bounds the messages of one delivery job; MAIL_WORKERS jobs
// run at once, each sending its messages one after another.
const deliverBatch = 50

// Kind names the job for River.
func (DeliverArgs) Kind() string { return "mail_deliver" }

// InsertOpts make a second job for the same messages a no-op (River's
// unique jobs); the outbox's dedupe_key already stops a second message,
// and a message is claimed once whatever jobs name it.
func (DeliverArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMail, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

const queueMail = "mail"

// Outbox queues messages: a row each and the job that sends it, in the
// caller's transaction.
type Outbox struct {
	jobs *jobs.Client
}

// NewOutbox returns the outbox that enqueues delivery on jobClient. It
// holds nothing else, so a domain that queues messages can be given one
// before the Mailer is built.
func NewOutbox(jobClient *jobs.Client) *Outbox { return &Outbox{jobs: jobClient} }

// Queue writes the notices' messages and their delivery jobs in tx. A
// message already owed (the same dedupe key) is not written again.
func (o *Outbox) Queue(ctx context.Context, tx pgx.Tx, notices ...notice.Notice) error {
	if len(notices) == 0 {
		return nil
	}
	regs, kinds, variants := make([]string, len(notices)), make([]string, len(notices)), make([]string, len(notices))
	for i, n := range notices {
		regs[i], kinds[i], variants[i] = n.RegistrationID, string(n.Kind), n.Variant
	}
	// The registration is found by its key for each notice, never by a
	// join the planner could turn into a scan of the whole table.
	rows, _ := tx.Query(ctx, `
		INSERT INTO outbox (event_id, registration_id, kind, to_email, sequence, variant, dedupe_key)
		SELECT r.event_id, r.id, n.kind::outbox_kind, r.email, e.sequence, n.variant,
			-- One follow-up per registrant, whichever kind, whatever the sequence.
			CASE WHEN n.kind LIKE 'follow_up%' THEN 'follow_up:' || r.id
				ELSE concat_ws(':', n.kind, r.id, e.sequence, nullif(n.variant, '')) END
		FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS n(reg, kind, variant, position)
		CROSS JOIN LATERAL (SELECT id, event_id, email FROM registration_contacts WHERE id = n.reg) r
		CROSS JOIN LATERAL (SELECT sequence FROM events WHERE id = r.event_id) e
		ORDER BY n.position
		ON CONFLICT (dedupe_key) DO NOTHING
		RETURNING id`, regs, kinds, variants)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("mail: queue %d messages: %w", len(notices), err)
	}
	return o.deliverLater(ctx, tx, ids)
}

// deliverLater inserts the jobs that send the outbox rows, in tx.
func (o *Outbox) deliverLater(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	var jobs []river.InsertManyParams
	for batch := range slices.Chunk(ids, deliverBatch) {
		jobs = append(jobs, river.InsertManyParams{Args: DeliverArgs{OutboxIDs: batch}})
	}
	if _, err := o.jobs.InsertManyTx(ctx, tx, jobs); err != nil {
		return fmt.Errorf("mail: queue delivery of %d messages: %w", len(ids), err)
	}
	return nil
}
