package mail

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/events"
	"plenary/internal/notice"
)

// CommentMessage is a message to a commenter (internal/comments). It is
// rendered when queued and stored whole, as it names no registrant: the
// outbox row's text is what goes. It never holds another commenter's
// email; a reply notice names the replier only as they signed.
type CommentMessage struct {
	Kind notice.Kind // notice.KindCommentReceived or notice.KindCommentReply
	// Event is the comment's event, read by the caller before its
	// transaction: reading it here would take a second connection from the
	// pool while the transaction holds one, and enough comments at once
	// would then wait on each other for ever.
	Event     events.Detail
	To        string // the recipient's address
	CommentID string // the comment the message is about (received: theirs; reply: the reply)
	Name      string // the recipient's name, as they signed
	Body      string // received: their comment; reply: the reply
	Pending   bool   // received: it waits for a moderator
	// ReplyName is who replied (a reply notice); ByOrganiser marks the
	// organiser's reply.
	ReplyName   string
	ByOrganiser bool
	ParentID    string // reply: the recipient's comment, so erasing it forgets the notice too
	ConfirmURL  string // received: set while their address is not confirmed
	DeleteURL   string // received: deletes their comment
}

type commentView struct {
	Name, Body, ReplyName, ConfirmURL, DeleteURL string
	Pending, ByOrganiser                         bool
}

// QueueComment renders c and queues it in tx, once per kind and comment.
func (m *Mailer) QueueComment(ctx context.Context, tx pgx.Tx, c CommentMessage) error {
	if c.Kind != notice.KindCommentReceived && c.Kind != notice.KindCommentReply {
		return fmt.Errorf("mail: %q is not a comment message", c.Kind)
	}
	v := view{Kind: c.Kind, Event: m.eventView(c.Event, false), Comment: commentView{Name: c.Name, Body: c.Body, ReplyName: c.ReplyName,
		ConfirmURL: c.ConfirmURL, DeleteURL: c.DeleteURL, Pending: c.Pending, ByOrganiser: c.ByOrganiser}}
	subject, text, html, err := render(v)
	if err != nil {
		return err
	}
	var id int64
	err = tx.QueryRow(ctx, `
		INSERT INTO outbox (event_id, kind, to_email, variant, dedupe_key, subject, body_text, body_html)
		VALUES ($1, $2::outbox_kind, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
		c.Event.ID, string(c.Kind), c.To, c.ParentID, commentKey(c.Kind, c.CommentID), subject, text, html).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // owed once, already queued
	}
	if err != nil {
		return fmt.Errorf("mail: queue %s for comment %s: %w", c.Kind, c.CommentID, err)
	}
	return m.Outbox.deliverLater(ctx, tx, []int64{id})
}

func commentKey(k notice.Kind, commentID string) string { return string(k) + ":" + commentID }

// ForgetComment removes, in tx, the messages of an erased comment: the one
// its author was sent (their address, name and text), the reply notice it
// caused (its text) and the reply notices its author was sent (their
// address). A message not yet sent is not sent. Erasures are rare, so the
// event's comment messages are read through the event's index.
func (m *Mailer) ForgetComment(ctx context.Context, tx pgx.Tx, eventID, commentID string) error {
	if _, err := tx.Exec(ctx, `
		DELETE FROM outbox WHERE event_id = $1 AND kind IN ('comment_received', 'comment_reply')
			AND (dedupe_key = ANY ($2::text[]) OR (kind = 'comment_reply' AND variant = $3))`, eventID, []string{
		commentKey(notice.KindCommentReceived, commentID), commentKey(notice.KindCommentReply, commentID)}, commentID); err != nil {
		return fmt.Errorf("mail: forget the messages of comment %s: %w", commentID, err)
	}
	return nil
}
