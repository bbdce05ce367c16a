package mail

import (
	"context"
	"fmt"
	htmltemplate "html/template"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/notice"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// BroadcastInput is an organiser's message to a segment of registrants.
type BroadcastInput struct {
	Segment string `json:"segment"`
	Sector  string `json:"sector"`
	Subject string `json:"subject"`
	Body    string `json:"body"` // Markdown
}

// Broadcast is a message sent to a segment.
type Broadcast struct {
	ID         string    `json:"id" db:"id"`
	Segment    string    `json:"segment" db:"segment"`
	Sector     string    `json:"sector" db:"sector"`
	Subject    string    `json:"subject" db:"subject"`
	Recipients int       `json:"recipients" db:"recipients"`
	CreatedAt  time.Time `json:"created_at" db:"created_at"`
}

// Preview is how a broadcast reads and how many it reaches.
type Preview struct {
	Recipients int    `json:"recipients"`
	Subject    string `json:"subject"`
	Text       string `json:"text"`
	HTML       string `json:"html"`
}

// segments pick a segment's registrants from registration_contacts. Every
// query that uses one also narrows by $2, the sector, which is empty but
// for the sector segment.
var segments = map[string]string{
	"everyone":     `status IN ('confirmed', 'waitlisted', 'pending_approval')`,
	"attended":     `status = 'confirmed' AND attended`,
	"not_attended": `status = 'confirmed' AND NOT attended`,
	"waitlisted":   `status = 'waitlisted'`,
	"sector":       `status IN ('confirmed', 'waitlisted', 'pending_approval')`,
}

func segmentWhere(segment string) string {
	return segments[segment] + ` AND ($2::text = '' OR sector = $2::text)`
}

func (in *BroadcastInput) validate() error {
	in.Subject, in.Body, in.Sector = strings.TrimSpace(in.Subject), strings.TrimSpace(in.Body), strings.TrimSpace(in.Sector)
	v := errs.Validation{}
	if _, ok := segments[in.Segment]; !ok {
		v.Add("segment", "Choose who the message goes to.")
	}
	if len(in.Sector) > 100 {
		v.Add("sector", "Use a sector of at most 100 characters.")
	} else if in.Segment != "sector" {
		in.Sector = ""
	} else if in.Sector == "" {
		v.Add("sector", "Choose a sector.")
	}
	if in.Subject == "" || len(in.Subject) > 200 {
		v.Add("subject", "Enter a subject of at most 200 characters.")
	}
	if in.Body == "" || len(in.Body) > 20000 {
		v.Add("body", "Enter a message of at most 20,000 characters.")
	}
	return v.Err()
}

func (m *Mailer) broadcastView(ctx context.Context, id int64) (broadcastView, error) {
	var subject, body string
	if err := m.db.QueryRow(ctx, `SELECT subject, body_markdown FROM broadcasts WHERE id = $1`, id).Scan(&subject, &body); err != nil {
		return broadcastView{}, fmt.Errorf("mail: broadcast %d: %w", id, err)
	}
	return newBroadcastView(subject, body), nil
}

func newBroadcastView(subject, body string) broadcastView {
	// The Markdown is sanitised by bluemonday, so it may go in unescaped.
	return broadcastView{Subject: subject, Text: body, HTML: htmltemplate.HTML(events.RenderMarkdown(body))} //nolint:gosec
}

// sample renders in as the registrants would read it, with placeholder
// links, for a preview or a test to the organiser.
func (m *Mailer) sample(ctx context.Context, eventID string, in BroadcastInput, kind notice.Kind) (Preview, error) {
	c, err := m.eventDetail(ctx, eventID, time.Time{})
	if err != nil {
		return Preview{}, err
	}
	v := view{Kind: kind, Event: c.view, ShowEvent: true,
		ManageURL: m.links.Manage("your-own-link"), UnsubscribeURL: m.links.Unsubscribe("your-own-link"),
		Broadcast: newBroadcastView(in.Subject, in.Body)}
	var p Preview
	p.Subject, p.Text, p.HTML, err = render(v)
	return p, err
}

// PreviewBroadcast renders the broadcast and counts its recipients.
func (m *Mailer) PreviewBroadcast(ctx context.Context, eventID string, in BroadcastInput) (Preview, error) {
	if err := in.validate(); err != nil {
		return Preview{}, err
	}
	if _, err := m.eventFor(ctx, m.db, eventID); err != nil {
		return Preview{}, err
	}
	p, err := m.sample(ctx, eventID, in, notice.KindBroadcast)
	if err != nil {
		return Preview{}, err
	}
	err = m.db.QueryRow(ctx, `SELECT count(*) FROM registration_contacts WHERE event_id = $1 AND `+segmentWhere(in.Segment), eventID, in.Sector).
		Scan(&p.Recipients)
	return p, err
}

// TestBroadcast sends the broadcast, marked as a test, to the organiser
// alone.
func (m *Mailer) TestBroadcast(ctx context.Context, eventID, to string, in BroadcastInput) (Message, error) {
	if err := in.validate(); err != nil {
		return Message{}, err
	}
	if _, err := m.eventFor(ctx, m.db, eventID); err != nil {
		return Message{}, err
	}
	p, err := m.sample(ctx, eventID, in, notice.KindBroadcastTest)
	if err != nil {
		return Message{}, err
	}
	var msg Message
	err = postgres.InTx(ctx, m.db, func(tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `
			INSERT INTO outbox (event_id, kind, to_email, dedupe_key, subject, body_text, body_html)
			VALUES ($1, 'broadcast_test', $2, 'broadcast_test:' || $3, $4, $5, $6)
			RETURNING `+messageColumns, eventID, to, uuid.NewString(), p.Subject, p.Text, p.HTML)
		if msg, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Message]); err != nil {
			return fmt.Errorf("mail: queue test broadcast: %w", err)
		}
		return m.Outbox.deliverLater(ctx, tx, []int64{msg.id()})
	})
	return msg, err
}

// SendBroadcast queues the broadcast to every registrant of the segment.
func (m *Mailer) SendBroadcast(ctx context.Context, eventID, userID string, in BroadcastInput) (Broadcast, error) {
	if err := in.validate(); err != nil {
		return Broadcast{}, err
	}
	var b Broadcast
	err := postgres.InTx(ctx, m.db, func(tx pgx.Tx) error {
		if _, err := m.eventFor(ctx, tx, eventID); err != nil {
			return err
		}
		var createdBy *string
		if userID != "" {
			createdBy = &userID
		}
		var id int64
		if err := tx.QueryRow(ctx, `
			INSERT INTO broadcasts (event_id, segment, sector, subject, body_markdown, created_by)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, eventID, in.Segment, in.Sector, in.Subject, in.Body, createdBy).Scan(&id); err != nil {
			return fmt.Errorf("mail: save broadcast: %w", postgres.MapError(err))
		}
		rows, _ := tx.Query(ctx, `
			INSERT INTO outbox (event_id, registration_id, broadcast_id, kind, to_email, sequence, dedupe_key)
			SELECT r.event_id, r.id, $3::bigint, 'broadcast', r.email, 0, 'broadcast:' || $3::bigint || ':' || r.id
			FROM registration_contacts r WHERE r.event_id = $1 AND `+segmentWhere(in.Segment)+`
			ORDER BY r.arrival
			RETURNING id`, eventID, in.Sector, id)
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("mail: queue broadcast: %w", err)
		}
		if err := m.Outbox.deliverLater(ctx, tx, ids); err != nil {
			return err
		}
		rows, _ = tx.Query(ctx, `
			UPDATE broadcasts SET recipients = $2 WHERE id = $1
			RETURNING id::text, segment, sector, subject, recipients, created_at`, id, len(ids))
		b, err = pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Broadcast])
		return err
	})
	return b, err
}

// broadcastKey orders an event's broadcasts: by id, newest first.
type broadcastKey struct {
	ID int64 `json:"id"`
}

func (k broadcastKey) Valid() bool { return k.ID > 0 }

// Broadcasts lists an event's broadcasts, newest first.
func (m *Mailer) Broadcasts(ctx context.Context, eventID string, r page.Request) (page.Page[Broadcast], error) {
	q, err := page.ReadUnfiltered[broadcastKey]("broadcasts", r)
	if err != nil {
		return page.Page[Broadcast]{}, err
	}
	if _, err := m.eventFor(ctx, m.db, eventID); err != nil {
		return page.Page[Broadcast]{}, err
	}
	var before *int64
	if q.After != nil {
		before = &q.After.ID
	}
	// broadcasts.id, not id: the output column id is text.
	rows, _ := m.db.Query(ctx, `
		SELECT id::text, segment, sector, subject, recipients, created_at FROM broadcasts
		WHERE event_id = $1 AND ($2::bigint IS NULL OR broadcasts.id < $2)
		ORDER BY broadcasts.id DESC LIMIT $3`, eventID, before, q.Fetch())
	items, err := pgx.CollectRows(rows, pgx.RowToStructByName[Broadcast])
	if err != nil {
		return page.Page[Broadcast]{}, fmt.Errorf("mail: list broadcasts: %w", postgres.MapError(err))
	}
	return page.Of(q, items, func(b Broadcast) broadcastKey {
		id, _ := strconv.ParseInt(b.ID, 10, 64)
		return broadcastKey{ID: id}
	}), nil
}
