package mail

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// Message is an outbox row as organisers see it.
type Message struct {
	ID             string      `json:"id" db:"id"`
	Kind           notice.Kind `json:"kind" db:"kind"`
	To             string      `json:"to" db:"to_email"`
	Subject        string      `json:"subject" db:"subject"`
	Status         string      `json:"status" db:"status"`
	Attempts       int         `json:"attempts" db:"attempts"`
	LastError      string      `json:"last_error" db:"last_error"`
	RegistrationID *string     `json:"registration_id" db:"registration_id"`
	CreatedAt      time.Time   `json:"created_at" db:"created_at"`
	SentAt         *time.Time  `json:"sent_at" db:"sent_at"`
}

func (m Message) id() int64 { n, _ := strconv.ParseInt(m.ID, 10, 64); return n }

const messageColumns = `id::text, kind, to_email, subject, status, attempts, last_error, registration_id, created_at, sent_at`

// MessageDetail is a message with what it says: as sent, or as it would
// be rendered now.
type MessageDetail struct {
	Message
	Text              string   `json:"text"`
	HTML              string   `json:"html"`
	ProviderMessageID string   `json:"provider_message_id"`
	Attachments       []string `json:"attachments"`
}

// MessagePage is one page of an outbox, newest first.
type MessagePage = page.Page[Message]

// MessageFilter narrows an outbox listing.
type MessageFilter struct {
	Status, Kind   string
	RegistrationID string
	Page           page.Request
}

var statuses = []string{"queued", "sending", "sent", "failed", "suppressed", "not_delivered"}

// messageKey orders an outbox: by id, newest first.
type messageKey struct {
	ID int64 `json:"id"`
}

func (k messageKey) Valid() bool { return k.ID > 0 }

// Messages lists an event's outbox, or one registrant's part of it.
func (m *Mailer) Messages(ctx context.Context, eventID string, f MessageFilter) (MessagePage, error) {
	v := errs.Validation{}
	if f.Status != "" && !slices.Contains(statuses, f.Status) {
		v.Add("status", "Use one of "+strings.Join(statuses, ", ")+".")
	}
	if f.Kind != "" && !slices.Contains(notice.AllKinds, notice.Kind(f.Kind)) {
		v.Add("kind", "Use one of the message kinds.")
	}
	list := "outbox" // one registrant's part is a list of its own
	if f.RegistrationID != "" {
		list = "registrant-outbox"
	}
	q, err := page.Read[messageKey](list, f.Page, v)
	if err != nil {
		return MessagePage{}, err
	}
	if err := v.Err(); err != nil {
		return MessagePage{}, err
	}
	if _, err := m.eventFor(ctx, m.db, eventID); err != nil {
		return MessagePage{}, err
	}
	if f.RegistrationID != "" && !m.registrationOf(ctx, eventID, f.RegistrationID) {
		return MessagePage{}, fmt.Errorf("mail: registration %q of %s: %w", f.RegistrationID, eventID, errs.ErrNotFound)
	}
	var reg *string
	if f.RegistrationID != "" {
		reg = &f.RegistrationID
	}
	var before *int64
	if q.After != nil {
		before = &q.After.ID
	}
	// outbox.id, not id: the output column id is text, and text sorts 9 after 10.
	rows, _ := m.db.Query(ctx, `
		SELECT `+messageColumns+` FROM outbox
		WHERE event_id = $1 AND ($2::bigint IS NULL OR outbox.id < $2) AND ($3 = '' OR status::text = $3)
		  AND ($4 = '' OR kind::text = $4) AND ($5::uuid IS NULL OR registration_id = $5)
		ORDER BY outbox.id DESC LIMIT $6`, eventID, before, f.Status, f.Kind, reg, q.Fetch())
	items, err := pgx.CollectRows(rows, pgx.RowToStructByName[Message])
	if err != nil {
		return MessagePage{}, fmt.Errorf("mail: list messages: %w", err)
	}
	return page.Of(q, items, func(m Message) messageKey { return messageKey{ID: m.id()} }), nil
}

func (m *Mailer) registrationOf(ctx context.Context, eventID, id string) bool {
	if uuid.Validate(id) != nil {
		return false
	}
	var found bool
	_ = m.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM registration_contacts WHERE id = $1 AND event_id = $2)`, id, eventID).Scan(&found)
	return found
}

// MessageByID returns one message of the event with its content: as
// recorded once rendered, or rendered now (leaving stored links alone).
func (m *Mailer) MessageByID(ctx context.Context, eventID, id string) (MessageDetail, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || uuid.Validate(eventID) != nil {
		return MessageDetail{}, fmt.Errorf("mail: message %q: %w", id, errs.ErrNotFound)
	}
	rows, _ := m.db.Query(ctx, `
		SELECT `+messageColumns+`, c.body_text AS text, c.body_html AS html, provider_message_id, attachments,
			event_id::text, broadcast_id, variant
		FROM outbox JOIN outbox_content c USING (id) WHERE id = $1 AND event_id = $2`, n, eventID)
	type stored struct {
		MessageDetail
		EventID     string `db:"event_id"`
		BroadcastID *int64 `db:"broadcast_id"`
		Variant     string `db:"variant"`
	}
	s, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[stored])
	if err != nil {
		return MessageDetail{}, fmt.Errorf("mail: message %s: %w", id, postgres.MapError(err))
	}
	d := s.MessageDetail
	if d.Subject == "" {
		v, _, err := m.viewFor(ctx, outboxRow{ID: n, Kind: d.Kind, To: d.To, EventID: s.EventID, RegistrationID: d.RegistrationID,
			BroadcastID: s.BroadcastID, Variant: s.Variant}, false)
		if err != nil {
			return MessageDetail{}, err
		}
		if d.Subject, d.Text, d.HTML, err = render(v); err != nil {
			return MessageDetail{}, err
		}
		if calendarMethod(d.Kind, v.Waitlisted) != "" {
			d.Attachments = []string{"invite.ics"}
		}
	}
	return d, nil
}

// Suppression is an address no message goes to.
type Suppression struct {
	Email     string    `json:"email" db:"email"`
	Reason    string    `json:"reason" db:"reason"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// Suppress stops every message to the address (a hard bounce, a complaint).
func (m *Mailer) Suppress(ctx context.Context, email, reason string) (Suppression, error) {
	email, reason = strings.ToLower(strings.TrimSpace(email)), strings.TrimSpace(reason)
	v := errs.Validation{}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 {
		v.Add("email", "Enter an email address, like name@example.org.")
	}
	if len(reason) > 200 {
		v.Add("reason", "Use at most 200 characters.")
	}
	if err := v.Err(); err != nil {
		return Suppression{}, err
	}
	rows, _ := m.db.Query(ctx, `
		INSERT INTO mail_suppressions (email, reason) VALUES ($1, $2)
		ON CONFLICT (email) DO UPDATE SET reason = excluded.reason
		RETURNING email, reason, created_at`, email, reason)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Suppression])
}

// Unsuppress lets messages go to the address again.
func (m *Mailer) Unsuppress(ctx context.Context, email string) error {
	tag, err := m.db.Exec(ctx, `DELETE FROM mail_suppressions WHERE email = lower($1)`, strings.TrimSpace(email))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("mail: suppression of %q: %w", email, errs.ErrNotFound)
	}
	return nil
}

// suppressionKey orders the suppressions: by address.
type suppressionKey struct {
	Email string `json:"email"`
}

func (k suppressionKey) Valid() bool { return k.Email != "" && page.ValidText(k.Email) }

// Suppressions lists the suppressed addresses, by address.
func (m *Mailer) Suppressions(ctx context.Context, r page.Request) (page.Page[Suppression], error) {
	q, err := page.ReadUnfiltered[suppressionKey]("suppressions", r)
	if err != nil {
		return page.Page[Suppression]{}, err
	}
	var after *string
	if q.After != nil {
		after = &q.After.Email
	}
	rows, _ := m.db.Query(ctx, `
		SELECT email, reason, created_at FROM mail_suppressions
		WHERE $1::text IS NULL OR email > $1 ORDER BY email LIMIT $2`, after, q.Fetch())
	items, err := pgx.CollectRows(rows, pgx.RowToStructByName[Suppression])
	if err != nil {
		return page.Page[Suppression]{}, fmt.Errorf("mail: list suppressions: %w", postgres.MapError(err))
	}
	return page.Of(q, items, func(s Suppression) suppressionKey { return suppressionKey{Email: s.Email} }), nil
}

// Unsubscription is what an unsubscribe link shows.
type Unsubscription struct {
	EventTitle   string `json:"event_title"`
	Unsubscribed bool   `json:"unsubscribed"`
}

// Unsubscribed reads what an unsubscribe link is for.
func (m *Mailer) Unsubscribed(ctx context.Context, signed string) (Unsubscription, error) {
	return m.unsubscribe(ctx, signed, false)
}

// Unsubscribe stops broadcasts and follow-ups to the link's registration.
func (m *Mailer) Unsubscribe(ctx context.Context, signed string) (Unsubscription, error) {
	return m.unsubscribe(ctx, signed, true)
}

func (m *Mailer) unsubscribe(ctx context.Context, signed string, do bool) (Unsubscription, error) {
	id, ok := m.keys.Verify("unsubscribe", signed)
	if !ok || uuid.Validate(id) != nil {
		return Unsubscription{}, fmt.Errorf("mail: unsubscribe link: %w", errs.ErrNotFound)
	}
	var u Unsubscription
	err := m.db.QueryRow(ctx, `
		WITH done AS (INSERT INTO mail_unsubscribes (registration_id)
			SELECT id FROM registration_contacts WHERE id = $1 AND $2
			ON CONFLICT (registration_id) DO NOTHING RETURNING registration_id)
		SELECT e.title, EXISTS (SELECT 1 FROM mail_unsubscribes WHERE registration_id = $1) OR EXISTS (SELECT 1 FROM done)
		FROM registration_contacts r JOIN events e ON e.id = r.event_id WHERE r.id = $1`, id, do).Scan(&u.EventTitle, &u.Unsubscribed)
	if err != nil {
		return Unsubscription{}, fmt.Errorf("mail: unsubscribe %s: %w", id, postgres.MapError(err))
	}
	return u, nil
}
