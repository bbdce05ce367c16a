package mail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// claims claims messages for every delivery worker of a process, and
// records how each worker's previous message went. A worker asks and
// waits; one goroutine takes every request waiting at that moment and
// serves them all in one statement. Each message is still claimed, and
// the claim committed, before the SMTP server sees it, and a worker still
// holds at most one message claimed and not yet recorded: workers that ask
// at once only share a statement and its commit.
//
// What sharing buys, measured with bench/mail (N=10,000, C=10, durable
// commits, 3 rounds, a loaded 2-core machine): 3.3 messages a statement;
// with each worker claiming on its own instead (a statement and a commit
// per message, on the shared pool), the ratio to the plain loop fell from
// 0.61 to 0.28 and PostgreSQL's CPU per message rose from 0.51 to 1.70 ms.
type claims struct {
	requests chan *claimRequest
	owner    int32 // stamped on each claimed message (see interrupted.go)

	// For ClaimStats: messages claimed, statements run, and requests
	// handed over and not yet answered.
	claimed, statements, waiting atomic.Int64
}

// claimRequest is one worker's turn: record prev (when not nil), then
// claim message id (when not 0).
type claimRequest struct {
	ctx  context.Context // the job's: once it is done, id is not claimed
	id   int64
	prev *outcome

	done     chan struct{} // closed when served
	row      outboxRow
	claimed  bool
	recorded bool // prev, unless the statement failed
	err      error
}

// claimQueue is how many requests wait, handed over, while a statement
// runs; the next statement takes them all. A worker asking when it is
// full waits to hand its request over.
const claimQueue = 256

// claimTimeout bounds one statement. A worker waits for its answer even
// when its job is cancelled, as an answer may be a claim it must act on.
const claimTimeout = 30 * time.Second

func newClaims(owner int32) *claims {
	return &claims{requests: make(chan *claimRequest, claimQueue), owner: owner}
}

// claimsDB is the claims' own connection. Its plans are made once: the
// statement takes arrays, and for each new length PostgreSQL would
// otherwise plan it again, which cost more than the batching saved.
//
// A plan made once must stay right as the tables grow: one made while the
// outbox was small (the first messages of a new install, or of a test)
// read the whole outbox for every claim, 2 ms a message once it held
// 10,000. Every row the statement touches is found by its key, so on this
// connection the planner may not scan a table, nor join by hashing or
// merging: only index lookups remain, whatever the sizes were.
//
// What the kept plan buys, measured as above: with every statement planned
// for its own arrays instead (pgx.QueryExecModeCacheDescribe, on the
// shared pool, sharing kept), the ratio fell from 0.61 to 0.43 and
// PostgreSQL's CPU per message rose from 0.51 to 0.84 ms.
//
// The connection also holds this process's presence lock (see
// interrupted.go), so it is kept open, and made again at once when lost.
func claimsDB(pool *pgxpool.Pool, holdPresence func(context.Context, *pgx.Conn) error) (*pgxpool.Pool, error) {
	cfg := pool.Config()
	cfg.MinConns, cfg.MaxConns = 1, 1
	cfg.MaxConnLifetime, cfg.MaxConnIdleTime = 100*365*24*time.Hour, 100*365*24*time.Hour
	cfg.AfterConnect = holdPresence
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	for name, value := range map[string]string{"plan_cache_mode": "force_generic_plan",
		"enable_seqscan": "off", "enable_hashjoin": "off", "enable_mergejoin": "off"} {
		cfg.ConnConfig.RuntimeParams[name] = value
	}
	db, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("mail: claims connection: %w", err)
	}
	return db, nil
}

// run serves requests on db until ctx ends. Stop it only once no worker
// asks.
func (c *claims) run(ctx context.Context, db *pgxpool.Pool) {
	var batch []*claimRequest
	for {
		select {
		case r := <-c.requests:
			batch = append(batch[:0], r)
		case <-ctx.Done():
			return
		}
		for more := true; more; {
			select {
			case r := <-c.requests:
				batch = append(batch, r)
			default:
				more = false
			}
		}
		c.serve(db, batch)
	}
}

// ask records prev and claims id in the next statement. It reports false,
// without an error, when the message was not queued, and whether prev was
// recorded (even with an error, when only the job's context ended).
func (c *claims) ask(ctx context.Context, id int64, prev *outcome) (row outboxRow, claimed, recorded bool, err error) {
	r := &claimRequest{ctx: ctx, id: id, prev: prev, done: make(chan struct{})}
	select {
	case c.requests <- r:
	case <-ctx.Done():
		return outboxRow{}, false, false, fmt.Errorf("mail: claim message %d: %w", id, ctx.Err())
	}
	// Counted once handed over: a request counted is one the next
	// statement takes, which is what ClaimStats' waiting promises.
	c.waiting.Add(1)
	defer c.waiting.Add(-1)
	<-r.done
	return r.row, r.claimed, r.recorded, r.err
}

// claimSQL records outcomes (recordSQL's parameters) and claims the
// messages $13 that are queued for owner $14, reading with each what its
// template needs.
const claimSQL = `
	WITH recorded AS (` + recordSQL + `),
	claimed AS (
		UPDATE outbox SET status = 'sending', attempts = attempts + 1, claimed_by = $14
		WHERE id = ANY ($13::bigint[]) AND status = 'queued'
		RETURNING id, kind, to_email, event_id, registration_id, broadcast_id, variant,
			subject, body_text, body_html)
	SELECT c.id, c.kind, c.to_email, c.event_id, c.registration_id, c.broadcast_id,
		c.variant, c.subject, c.body_text, c.body_html,
		coalesce(r.first_name, ''), coalesce(r.status, ''), r.token_generation,
		u.unsubscribed IS NOT NULL, s.suppressed IS NOT NULL,
		-- The version of what the templates show of the event: it changes
		-- when the event does, and when its recording is (un)published.
		(SELECT greatest(e.updated_at, p.published_at) FROM events e
		 LEFT JOIN media_published_recordings p ON p.event_id = e.id WHERE e.id = c.event_id)
	FROM claimed c
	-- OFFSET 0 keeps each of these a lookup by key for each message: folded
	-- into a join, or hashed, either could be planned as a pass over every
	-- registration, unsubscribe or suppressed address.
	LEFT JOIN LATERAL (SELECT first_name, status, token_generation FROM registration_contacts
		WHERE id = c.registration_id OFFSET 0) r ON true
	LEFT JOIN LATERAL (SELECT true AS unsubscribed FROM mail_unsubscribes WHERE registration_id = c.registration_id OFFSET 0) u ON true
	LEFT JOIN LATERAL (SELECT true AS suppressed FROM mail_suppressions WHERE email = lower(c.to_email) OFFSET 0) s ON true`

// serve runs one statement for the batch and answers every request.
func (c *claims) serve(db *pgxpool.Pool, batch []*claimRequest) {
	var prevs []*outcome
	var ids []int64
	for _, r := range batch {
		if r.prev != nil {
			prevs = append(prevs, r.prev)
		}
		if r.id != 0 && r.ctx.Err() == nil {
			ids = append(ids, r.id)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	rows, _ := db.Query(ctx, claimSQL, append(recordArgs(prevs...), ids, c.owner)...)
	got := map[int64]outboxRow{}
	var row outboxRow
	_, err := pgx.ForEachRow(rows, []any{&row.ID, &row.Kind, &row.To, &row.EventID, &row.RegistrationID,
		&row.BroadcastID, &row.Variant, &row.Subject, &row.Text, &row.HTML, &row.FirstName, &row.RegStatus,
		&row.TokenGeneration, &row.Unsubscribed, &row.Suppressed, &row.EventUpdatedAt}, func() error {
		got[row.ID] = row
		return nil
	})
	if len(got) > 0 {
		c.statements.Add(1)
		c.claimed.Add(int64(len(got)))
	}
	for _, r := range batch {
		r.recorded = err == nil
		switch {
		case err != nil && r.id == 0:
			r.err = fmt.Errorf("mail: record message %d: %w", r.prev.id, err)
		case err != nil:
			r.err = fmt.Errorf("mail: claim message %d: %w", r.id, err)
		case r.id != 0 && r.ctx.Err() != nil:
			r.err = fmt.Errorf("mail: claim message %d: %w", r.id, r.ctx.Err())
		default:
			r.row, r.claimed = got[r.id]
		}
		close(r.done)
	}
}

// recordSQL records outcomes; its parameters are recordArgs. A message
// made from a form letter is recorded as the form and its recipient's
// values (see the outbox_content view), any other with its text.
const recordSQL = `
	UPDATE outbox o SET status = d.status::outbox_status, last_error = d.note,
		subject = coalesce(nullif(d.subject, ''), o.subject), body_text = coalesce(nullif(d.body_text, ''), o.body_text),
		body_html = coalesce(nullif(d.body_html, ''), o.body_html), provider_message_id = d.message_id,
		attachments = coalesce(string_to_array(nullif(d.attachments, ''), E'\n'), o.attachments),
		form = coalesce(d.form, o.form),
		fill = CASE WHEN d.form IS NULL THEN o.fill ELSE ARRAY[d.first_name, d.manage_token, d.unsubscribe_token] END,
		sent_at = CASE WHEN d.status = 'sent' THEN now() END
	FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		$9::bytea[], $10::text[], $11::text[], $12::text[])
		AS d (id, status, note, subject, body_text, body_html, message_id, attachments,
			form, first_name, manage_token, unsubscribe_token)
	WHERE o.id = d.id`

// recordArgs are recordSQL's twelve parameters, a column of each for the
// outcomes. unsubscribe_token holds a letter's third value, which is the
// live-session token in the messages that carry that link (forms.go). Attachment names (ours, never a newline in them) go one per
// line.
func recordArgs(outcomes ...*outcome) []any {
	n := len(outcomes)
	ids, forms := make([]int64, 0, n), make([][]byte, 0, n)
	var texts [10][]string // status, note, subject, text, HTML, Message-ID, attachments, then a letter's fill
	for i := range texts {
		texts[i] = make([]string, 0, n)
	}
	for _, o := range outcomes {
		var names []string
		var s, t, h, id string
		var form []byte
		var fill [fieldNone]string
		if o.msg != nil {
			s, t, h, id = o.msg.Subject, o.msg.Text, o.msg.HTML, o.msg.MessageID
			for _, a := range o.msg.Attachments {
				names = append(names, a.Name)
			}
		}
		if o.letter != nil { // the text is the form's, filled in
			t, h, form, fill = "", "", o.letter.form.id, o.letter.fill
		}
		ids, forms = append(ids, o.id), append(forms, form)
		for i, v := range []string{o.status, o.note, s, t, h, id, strings.Join(names, "\n"),
			fill[fieldFirstName], fill[fieldManageToken], fill[fieldUnsubscribeToken]} {
			texts[i] = append(texts[i], v)
		}
	}
	return []any{ids, texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], texts[6], forms, texts[7], texts[8], texts[9]}
}

// record records an outcome on its own, when no claim follows it or a
// shared statement failed.
func (m *Mailer) record(ctx context.Context, o *outcome) error {
	if o == nil {
		return nil
	}
	if _, err := m.db.Exec(ctx, recordSQL, recordArgs(o)...); err != nil {
		return fmt.Errorf("mail: record message %d as %s: %w", o.id, o.status, err)
	}
	return nil
}

// claim records prev and moves message id from queued to sending, sharing
// the statement with other workers that ask at the same moment. It reports
// false, having settled the row, when there is nothing (more) to send. With
// id 0 it only records prev. Whatever the error, prev has been recorded, or
// the error says why it could not be.
func (m *Mailer) claim(ctx context.Context, id int64, prev *outcome) (outboxRow, bool, error) {
	if id == 0 && prev == nil {
		return outboxRow{}, false, nil
	}
	row, claimed, recorded, err := m.claims.ask(ctx, id, prev)
	if err != nil {
		if recorded {
			return outboxRow{}, false, err
		}
		// A message that went must be recorded so, even as its job ends.
		recordCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), claimTimeout)
		defer cancel()
		return outboxRow{}, false, errors.Join(err, m.record(recordCtx, prev))
	}
	if claimed || id == 0 {
		return row, claimed, nil
	}
	// Not queued: sent or settled already (nothing to do), gone with its
	// event, or left "sending" by an earlier attempt: of this process (the
	// attempt has ended, as this one runs) or of one that is gone. One a
	// live worker of another process is sending is left to it.
	_, err = m.db.Exec(ctx, `UPDATE outbox o SET status = 'failed', last_error = $2
		WHERE o.id = $1 AND o.status = 'sending' AND (o.claimed_by = $3 OR `+claimerGone+`)`, id, interruptedNote, m.owner)
	return outboxRow{}, false, err
}

// ClaimStats says how many messages this process has claimed for delivery
// and in how many statements (workers that ask at once share one), and how
// many workers are waiting for a claim now.
func (m *Mailer) ClaimStats() (messages, statements, waiting int64) {
	return m.claims.claimed.Load(), m.claims.statements.Load(), m.claims.waiting.Load()
}
