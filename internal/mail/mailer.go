package mail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"plenary/internal/events"
	"plenary/internal/links"
	"plenary/internal/token"
)

// Options configure the Mailer.
type Options struct {
	BaseURL string
	From    string // e.g. "Plenary <no-reply@example.org>"
	SMTPURL string // empty: messages are recorded as not delivered
	Workers int    // messages this process sends at once
	Keys    token.Keyed
	Logger  *slog.Logger
	// RetryBase scales the wait before a failed message is tried again
	// (5 s, 20 s, 45 s… for the default 5 s); tests shorten it.
	RetryBase time.Duration
	// FollowUpChunk is how many follow-ups are queued per transaction
	// (1,000 by default); tests shrink it.
	FollowUpChunk int
}

// Mailer queues, renders and sends messages, and runs the River client
// that does the sending, reminders and follow-ups in the background.
type Mailer struct {
	Outbox  *Outbox
	db      *pgxpool.Pool
	jobs    *river.Client[pgx.Tx]
	claims  *claims
	owner   int32 // this process's presence lock (see interrupted.go)
	sender  Sender
	events  *events.Service
	keys    token.Keyed
	links   links.Site
	from    string
	address string // the bare address of From
	domain  string // of From, for Message-IDs
	logger  *slog.Logger

	followUpChunk int

	detailsMu sync.Mutex
	details   map[string]cachedDetail // by event id
}

type cachedDetail struct {
	detail  events.Detail
	view    eventView // what the templates show of it
	forms   *forms    // its messages, each rendered once (see forms)
	fetched time.Time
}

// detailTTL bounds how long a cached event serves; a change to the event
// itself (a new updated_at) replaces it at once.
const detailTTL = 30 * time.Second

// eventDetail is the event with its speakers, and the templates' view of
// it, read and built once per change rather than once per message: a
// follow-up to 10,000 registrants renders the same event 10,000 times.
func (m *Mailer) eventDetail(ctx context.Context, id string, updatedAt time.Time) (cachedDetail, error) {
	m.detailsMu.Lock()
	c, ok := m.details[id]
	m.detailsMu.Unlock()
	if ok && !updatedAt.IsZero() && c.detail.UpdatedAt.Equal(updatedAt) && time.Since(c.fetched) < detailTTL {
		return c, nil
	}
	d, err := m.events.Get(ctx, id)
	if err != nil {
		return cachedDetail{}, err
	}
	c = cachedDetail{detail: d, view: m.eventView(d), forms: newForms(d.ID), fetched: time.Now()}
	m.detailsMu.Lock()
	m.details[id] = c
	m.detailsMu.Unlock()
	return c, nil
}

// eventView is what the templates show of an event.
func (m *Mailer) eventView(d events.Detail) eventView {
	return newEventView(d, m.links.Event(d.Slug), RecordingFor(d))
}

// New builds the Mailer and its River client; Run starts the work.
func New(pool *pgxpool.Pool, eventSvc *events.Service, opts Options) (*Mailer, error) {
	from, err := netmail.ParseAddress(opts.From)
	if err != nil {
		return nil, fmt.Errorf("mail: MAIL_FROM %q: %w", opts.From, err)
	}
	owner := newOwnerKey()
	m := &Mailer{db: pool, claims: newClaims(owner), owner: owner, events: eventSvc, keys: opts.Keys, links: links.New(opts.BaseURL),
		from: from.String(), address: from.Address, logger: opts.Logger, details: map[string]cachedDetail{}}
	m.domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	m.followUpChunk = cmp.Or(opts.FollowUpChunk, 1000)
	if opts.SMTPURL != "" {
		if m.sender, err = NewSMTP(opts.SMTPURL, opts.Workers); err != nil {
			return nil, err
		}
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &deliverWorker{m: m})
	river.AddWorker(workers, &reminderWorker{m: m})
	river.AddWorker(workers, &followUpWorker{m: m})
	river.AddWorker(workers, &interruptedWorker{m: m})
	base := opts.RetryBase
	if base <= 0 {
		base = 5 * time.Second
	}
	m.jobs, err = river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:      map[string]river.QueueConfig{queueMail: {MaxWorkers: max(1, opts.Workers)}, river.QueueDefault: {MaxWorkers: 2}},
		Workers:     workers,
		Logger:      slog.New(newQuietRepeats(opts.Logger.Handler(), 30*time.Second)),
		RetryPolicy: retryPolicy{base: base},
		MaxAttempts: 12,
		// A job sends at most deliverBatch (50) messages; even at 2 s a
		// message it ends well within this. A job that hangs is cancelled
		// and retried; what it had sent is not sent again.
		JobTimeout: 2 * time.Minute,
		// A job whose process died is run again this long after it
		// started (River's default is an hour), so the messages it had
		// not reached go out; the one it was sending is failed, not sent
		// again (see interrupted.go).
		RescueStuckJobsAfter: 3 * time.Minute,
		PeriodicJobs:         []*river.PeriodicJob{interruptedJob()},
		// River fetches at most MaxWorkers jobs per fetch and waits this
		// long between fetches: its default (100 ms) caps a process at ten
		// fetches a second, 100 messages/s with 10 workers.
		FetchCooldown: 5 * time.Millisecond,
	})
	if err != nil {
		return nil, fmt.Errorf("mail: River client: %w", err)
	}
	m.Outbox = &Outbox{jobs: m.jobs}
	return m, nil
}

// Run works jobs until ctx ends, then lets the jobs in hand finish.
func (m *Mailer) Run(ctx context.Context) error {
	// Claims are served until the last job has finished, after ctx.
	db, err := claimsDB(m.db, m.holdPresence)
	if err != nil {
		return err
	}
	// What a crashed process was sending is settled at once, not only by
	// the periodic job that another process may be running.
	if _, err := m.failInterrupted(ctx); err != nil && ctx.Err() == nil {
		m.logger.Warn("mail: looking for interrupted messages at start", "err", err)
	}
	claimsCtx, stopClaims := context.WithCancel(context.WithoutCancel(ctx))
	served := make(chan struct{})
	go func() { m.claims.run(claimsCtx, db); close(served) }()
	defer func() { stopClaims(); <-served; db.Close() }()
	if err := m.jobs.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: nothing was running
		}
		return fmt.Errorf("mail: start River: %w", err)
	}
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = m.jobs.Stop(stopCtx)
	if s, ok := m.sender.(*SMTP); ok {
		s.Close()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return m.jobs.StopAndCancel(context.Background())
	}
	return err
}

// compose renders a message as it goes now: the event as it is now, the
// registrant's manage link, the calendar attachment its kind carries.
func (m *Mailer) compose(ctx context.Context, row outboxRow) (Rendered, *letter, error) {
	msg := Rendered{From: m.from, To: row.To, MessageID: m.messageID(row.ID), Headers: map[string]string{}}
	if row.Subject != "" { // rendered when queued (a test broadcast)
		msg.Subject, msg.Text, msg.HTML = row.Subject, row.Text, row.HTML
		return msg, nil, nil
	}
	v, c, err := m.viewFor(ctx, row, true)
	if err != nil {
		return Rendered{}, nil, err
	}
	var lt *letter
	if msg.Subject, msg.Text, msg.HTML, lt, err = c.forms.personalise(&v); err != nil {
		return Rendered{}, nil, err
	}
	if err := m.storeForm(ctx, c.forms.eventID, lt); err != nil {
		return Rendered{}, nil, err
	}
	if v.UnsubscribeURL != "" {
		// RFC 8058: one POST to this address unsubscribes, no page needed.
		msg.Headers["List-Unsubscribe"] = "<" + m.links.UnsubscribeAPI(v.unsubscribeToken) + ">"
		msg.Headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
	}
	if method := calendarMethod(row.Kind, v.Waitlisted); method != "" {
		ics, err := events.Calendar(c.detail, events.CalendarOptions{PageURL: v.Event.PageURL, Method: method,
			Organizer: m.address, Attendee: row.To})
		if err != nil {
			return Rendered{}, nil, err
		}
		msg.Attachments = append(msg.Attachments, Attachment{Name: "invite.ics",
			ContentType: "text/calendar; charset=utf-8; method=" + method, Data: ics})
	}
	return msg, lt, nil
}

// storeForm keeps the letter's form in outbox_forms, once, before any
// message made from it is recorded.
func (m *Mailer) storeForm(ctx context.Context, eventID string, lt *letter) error {
	if lt == nil || lt.form.stored.Load() {
		return nil
	}
	f := lt.form
	if _, err := m.db.Exec(ctx, `INSERT INTO outbox_forms (id, event_id, marker, body_text, body_html)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, f.id, eventID, markerPrefix, f.text.fill(&markers), f.html.fill(&markers)); err != nil {
		return fmt.Errorf("mail: store a form letter: %w", err)
	}
	f.stored.Store(true)
	return nil
}

// viewFor gathers what the row's template shows. claimed says the row
// came from a claim, which read the registrant too; a preview reads them
// here and leaves stored tokens alone.
func (m *Mailer) viewFor(ctx context.Context, row outboxRow, claimed bool) (view, cachedDetail, error) {
	c, err := m.eventDetail(ctx, row.EventID, row.EventUpdatedAt)
	if err != nil {
		return view{}, cachedDetail{}, err
	}
	v := view{Kind: row.Kind, Event: c.view, ShowEvent: true,
		ByOrganiser: row.Kind == KindCancelled && row.Variant == "organiser"}
	if row.RegistrationID != nil {
		if !claimed {
			if err := m.db.QueryRow(ctx, `SELECT first_name, status, token_generation FROM registrations WHERE id = $1`, *row.RegistrationID).
				Scan(&row.FirstName, &row.RegStatus, &row.TokenGeneration); err != nil {
				return view{}, cachedDetail{}, fmt.Errorf("mail: registrant of message %d: %w", row.ID, err)
			}
		}
		v.FirstName, v.Waitlisted = row.FirstName, row.RegStatus == "waitlisted"
		if v.manageToken, err = m.manageToken(ctx, *row.RegistrationID, row.TokenGeneration, !claimed); err != nil {
			return view{}, cachedDetail{}, err
		}
		v.ManageURL = m.links.Manage(v.manageToken)
		if row.Kind.Unsubscribable() {
			v.unsubscribeToken = m.keys.Sign("unsubscribe", *row.RegistrationID)
			v.UnsubscribeURL = m.links.Unsubscribe(v.unsubscribeToken)
		}
	}
	if row.Kind == KindReminder {
		minutes, _ := strconv.Atoi(row.Variant)
		v.StartsIn = startsIn(minutes)
	}
	if row.BroadcastID != nil {
		if v.Broadcast, err = m.broadcastView(ctx, *row.BroadcastID); err != nil {
			return view{}, cachedDetail{}, err
		}
	}
	return v, c, nil
}

// manageToken is the token of the registrant's manage link. A
// registration from before links were derivable gets a derivable one now
// (its old link stops).
func (m *Mailer) manageToken(ctx context.Context, registrationID string, generation *int, preview bool) (string, error) {
	if generation == nil {
		if preview {
			return "…", nil
		}
		plain, hash := m.keys.Manage(registrationID, 1)
		if _, err := m.db.Exec(ctx, `UPDATE registrations SET token_generation = 1, token_hash = $2 WHERE id = $1 AND token_generation IS NULL`,
			registrationID, hash); err != nil {
			return "", err
		}
		return plain, nil
	}
	plain, _ := m.keys.Manage(registrationID, *generation)
	return plain, nil
}

// RecordingFor answers "is there a published recording, and where": today
// the link the organiser sets on the event. The Media issue replaces this
// answer; follow-ups ask nothing else.
func RecordingFor(d events.Detail) string {
	if d.Status == events.StatusCancelled {
		return ""
	}
	return d.RecordingURL
}
