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

	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/events"
	"plenary/internal/jobs"
	"plenary/internal/links"
	"plenary/internal/notice"
	"plenary/internal/postgres"
	"plenary/internal/token"
)

// Options configure the Mailer.
type Options struct {
	BaseURL     string
	From        string // e.g. "Plenary <no-reply@example.org>"
	SMTPURL     string // empty: messages are recorded as not delivered
	Workers     int    // messages this process sends at once
	Keys        token.Keyed
	ManageLinks ManageLinks // makes the registrants' manage links
	Documents   Documents   // a registrant's receipts and credit notes, attached; nil: none
	Logger      *slog.Logger
	// RetryBase scales the wait before a failed message is tried again
	// (5 s, 20 s, 45 s… for the default 5 s); tests shorten it.
	RetryBase time.Duration
	// FollowUpChunk is how many follow-ups are queued per transaction
	// (1,000 by default); tests shrink it.
	FollowUpChunk int
}

// Mailer queues, renders and sends messages; its jobs (see jobs) do the
// sending, reminders and follow-ups in the background.
type Mailer struct {
	Outbox      *Outbox
	db          *pgxpool.Pool
	jobs        *jobs.Client
	retry       retryPolicy
	claims      *claims
	owner       int32 // this process's presence lock (see interrupted.go)
	sender      Sender
	events      *events.Service
	keys        token.Keyed
	links       links.Site
	manageLinks ManageLinks
	documents   Documents
	from        string
	address     string // the bare address of From
	domain      string // of From, for Message-IDs
	logger      *slog.Logger

	followUpChunk int

	detailsMu sync.Mutex
	details   map[string]cachedDetail // by event id
}

type cachedDetail struct {
	detail  events.Detail
	version time.Time // the claim's version of the event (see eventDetail)
	view    eventView // what the templates show of it
	forms   *forms    // its messages, each rendered once (see forms)
	fetched time.Time
}

// detailTTL bounds how long a cached event serves; a change to the event
// itself or to its recording (a new version) replaces it at once.
const detailTTL = 30 * time.Second

// eventDetail is the event with its speakers, and the templates' view of
// it, read and built once per change rather than once per message: a
// follow-up to 10,000 registrants renders the same event 10,000 times.
//
// version is the claim's: the later of the event's updated_at and its
// recording's publication, so that a recording published or withdrawn
// changes the link the follow-ups carry at once. Zero reads afresh.
func (m *Mailer) eventDetail(ctx context.Context, id string, version time.Time) (cachedDetail, error) {
	m.detailsMu.Lock()
	c, ok := m.details[id]
	m.detailsMu.Unlock()
	if ok && !version.IsZero() && c.version.Equal(version) && time.Since(c.fetched) < detailTTL {
		return c, nil
	}
	d, err := m.events.Get(ctx, id)
	if err != nil {
		return cachedDetail{}, err
	}
	replay, err := hasPublishedRecording(ctx, m.db, id)
	if err != nil {
		return cachedDetail{}, err
	}
	c = cachedDetail{detail: d, version: version, view: m.eventView(d, replay), forms: newForms(d.ID), fetched: time.Now()}
	m.detailsMu.Lock()
	m.details[id] = c
	m.detailsMu.Unlock()
	return c, nil
}

// eventView is what the templates show of an event; replay says its
// recording is published (media), so that its page is now its replay.
func (m *Mailer) eventView(d events.Detail, replay bool) eventView {
	pageURL := m.links.Event(d.Slug)
	replayURL := ""
	if replay {
		replayURL = pageURL
	}
	v := newEventView(d, pageURL, RecordingFor(d, replayURL))
	v.Replay = replay && d.Status != events.StatusCancelled
	return v
}

// New builds the Mailer and registers its jobs with the process's job
// client: the delivery queue (MAIL_WORKERS at once), the reminders and
// follow-ups, and the periodic look for interrupted messages. It queues
// messages through outbox.
func New(pool *pgxpool.Pool, eventSvc *events.Service, jobClient *jobs.Client, outbox *Outbox, opts Options) (*Mailer, error) {
	from, err := netmail.ParseAddress(opts.From)
	if err != nil {
		return nil, fmt.Errorf("mail: MAIL_FROM %q: %w", opts.From, err)
	}
	if opts.ManageLinks == nil {
		return nil, errors.New("mail: no manage links (Options.ManageLinks)")
	}
	owner := newOwnerKey()
	m := &Mailer{db: pool, jobs: jobClient, claims: newClaims(owner), owner: owner, events: eventSvc, keys: opts.Keys, links: links.New(opts.BaseURL), manageLinks: opts.ManageLinks, documents: opts.Documents,
		from: from.String(), address: from.Address, logger: opts.Logger, details: map[string]cachedDetail{}}
	m.domain = from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	m.followUpChunk = cmp.Or(opts.FollowUpChunk, 1000)
	m.Outbox = outbox
	m.retry = retryPolicy{base: opts.RetryBase}
	if m.retry.base <= 0 {
		m.retry.base = 5 * time.Second
	}
	if opts.SMTPURL != "" {
		if m.sender, err = NewSMTP(opts.SMTPURL, opts.Workers); err != nil {
			return nil, err
		}
	}
	jobs.Register(jobClient, &deliverWorker{m: m})
	jobs.Register(jobClient, &reminderWorker{m: m})
	jobs.Register(jobClient, &followUpWorker{m: m})
	jobs.Register(jobClient, &interruptedWorker{m: m})
	if err := jobClient.AddQueue(queueMail, max(1, opts.Workers)); err != nil {
		return nil, err
	}
	if err := jobClient.AddPeriodic(interruptedJob()); err != nil {
		return nil, err
	}
	return m, nil
}

// Run serves the delivery workers' claims until ctx ends and the job
// client has stopped (its Run has returned), so that a job still in hand
// when ctx ends can record what it sent.
func (m *Mailer) Run(ctx context.Context) error {
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
	<-ctx.Done()
	<-m.jobs.Stopped()
	if s, ok := m.sender.(*SMTP); ok {
		s.Close()
	}
	stopClaims()
	<-served
	db.Close()
	return nil
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
		ics, err := events.Calendar(c.detail, events.CalendarOptions{PageURL: v.Event.PageURL, JoinURL: v.LiveURL,
			Method: method, Organizer: m.address, Attendee: row.To})
		if err != nil {
			return Rendered{}, nil, err
		}
		msg.Attachments = append(msg.Attachments, Attachment{Name: "invite.ics",
			ContentType: "text/calendar; charset=utf-8; method=" + method, Data: ics})
	}
	if m.documents != nil && row.RegistrationID != nil {
		docs, err := m.documents.Attachments(ctx, *row.RegistrationID, row.Kind)
		if err != nil {
			return Rendered{}, nil, err
		}
		msg.Attachments = append(msg.Attachments, docs...)
	}
	return msg, lt, nil
}

// Documents gives the documents a message carries: a paid registration's
// confirmation its receipt, a refund's message its credit note.
type Documents interface {
	Attachments(ctx context.Context, registrationID string, kind notice.Kind) ([]Attachment, error)
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
		ByOrganiser: row.Kind == notice.KindCancelled && row.Variant == "organiser"}
	if row.RegistrationID != nil {
		if !claimed {
			if err := m.db.QueryRow(ctx, `SELECT first_name, status, token_generation FROM registration_contacts WHERE id = $1`, *row.RegistrationID).
				Scan(&row.FirstName, &row.RegStatus, &row.TokenGeneration); err != nil {
				return view{}, cachedDetail{}, fmt.Errorf("mail: registrant of message %d: %w", row.ID, err)
			}
		}
		v.FirstName, v.Waitlisted = row.FirstName, row.RegStatus == "waitlisted"
		if v.manageToken, err = m.manageToken(ctx, *row.RegistrationID, row.TokenGeneration, !claimed); err != nil {
			return view{}, cachedDetail{}, err
		}
		v.ManageURL = m.links.Manage(v.manageToken)
		if c.view.Replay && (row.Kind == notice.KindFollowUpAttended || row.Kind == notice.KindFollowUpMissed) {
			v.ReplayURL = v.ManageURL + links.ReplaySuffix
		}
		if row.Kind.Unsubscribable() {
			v.unsubscribeToken = m.keys.Sign("unsubscribe", *row.RegistrationID)
			v.UnsubscribeURL = m.links.Unsubscribe(v.unsubscribeToken)
		}
		if carriesLiveLink(row.Kind, v.Waitlisted) {
			v.liveToken = m.keys.Live(*row.RegistrationID)
			v.LiveURL = m.links.Live(v.liveToken)
		}
	}
	if row.Kind == notice.KindReminder {
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
// (its old link stops), unless this is a preview.
func (m *Mailer) manageToken(ctx context.Context, registrationID string, generation *int, preview bool) (string, error) {
	if generation == nil && preview {
		return "…", nil
	}
	return m.manageLinks.ManageToken(ctx, registrationID, generation)
}

// RecordingFor answers "is there a published recording, and where": the
// event's replay page (replayURL) once media has published its recording,
// else the link the organiser set on the event. Follow-ups ask nothing
// else.
func RecordingFor(d events.Detail, replayURL string) string {
	switch {
	case d.Status == events.StatusCancelled:
		return ""
	case replayURL != "":
		return replayURL
	}
	return d.RecordingURL
}

// hasPublishedRecording says whether media has published the event's
// recording, through the view media keeps for it.
func hasPublishedRecording(ctx context.Context, db postgres.DB, eventID string) (bool, error) {
	var published bool
	err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM media_published_recordings WHERE event_id = $1)`, eventID).Scan(&published)
	if err != nil {
		return false, fmt.Errorf("mail: recording of %s: %w", eventID, err)
	}
	return published, nil
}
