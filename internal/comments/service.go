package comments

import (
	"context"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/links"
	"plenary/internal/mail"
	"plenary/internal/notice"
	"plenary/internal/page"
	"plenary/internal/postgres"
	"plenary/internal/token"
)

// EventReader gives comments the events they are on.
type EventReader interface {
	Get(ctx context.Context, id string) (events.Detail, error)
	PublicDetail(ctx context.Context, slug string) (events.Detail, error) // a published event, by slug
}

// Mailer queues comments' messages in the caller's transaction.
type Mailer interface {
	QueueComment(ctx context.Context, tx pgx.Tx, c mail.CommentMessage) error
	ForgetComment(ctx context.Context, tx pgx.Tx, eventID, commentID string) error
}

// Options configure the Service.
type Options struct {
	BaseURL string // the site's address, for the links emailed to commenters
}

// Service keeps comments.
type Service struct {
	db     *pgxpool.Pool
	events EventReader
	mail   Mailer
	links  links.Site
}

// NewService returns the comments service.
func NewService(pool *pgxpool.Pool, eventReader EventReader, mailer Mailer, opts Options) *Service {
	return &Service{db: pool, events: eventReader, mail: mailer, links: links.New(opts.BaseURL)}
}

// Threads returns a page of a published event's published comments.
func (s *Service) Threads(ctx context.Context, slug string, r page.Request) (ThreadPage, error) {
	q, err := page.ReadUnfiltered[threadKey]("comments", r)
	if err != nil {
		return ThreadPage{}, err
	}
	e, err := s.events.PublicDetail(ctx, slug)
	if err != nil {
		return ThreadPage{}, err
	}
	mode, err := moderation(ctx, s.db, e.ID)
	if err != nil {
		return ThreadPage{}, err
	}
	p, err := publishedThreads(ctx, s.db, e.ID, q)
	if err != nil {
		return ThreadPage{}, err
	}
	return ThreadPage{Items: p.Items, NextCursor: p.NextCursor, Moderation: mode}, nil
}

// Post adds a comment to a published event. A filled honeypot gets the
// same receipt and nothing is stored or sent.
func (s *Service) Post(ctx context.Context, slug string, n NewComment) (Receipt, error) {
	if err := n.Check(); err != nil {
		return Receipt{}, err
	}
	e, err := s.events.PublicDetail(ctx, slug)
	if err != nil {
		return Receipt{}, err
	}
	var mode Moderation
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if mode, err = moderation(ctx, tx, e.ID); err != nil {
			return err
		}
		if n.Website != "" {
			return nil
		}
		return s.add(ctx, tx, e, mode, n)
	})
	if err != nil {
		return Receipt{}, err
	}
	return Receipt{Moderation: mode}, nil
}

// add stores a commenter's comment as the mode says, emails them its
// links, and tells the parent's author of a reply that published at once.
func (s *Service) add(ctx context.Context, tx pgx.Tx, e events.Detail, mode Moderation, n NewComment) error {
	eventID := e.ID
	if err := checkParent(ctx, tx, eventID, n.ParentID); err != nil {
		return err
	}
	c := row{EventID: eventID, ParentID: n.ParentID, Name: n.Name, Email: n.Email, Body: n.Body, Status: StatusPending}
	switch mode {
	case ModerationNone:
		c.Status = StatusApproved
	case ModerationFirst:
		ok, err := approvedBefore(ctx, tx, eventID, n.Email)
		if err != nil {
			return err
		}
		if ok {
			c.Status = StatusApproved
		}
	}
	known, err := confirmed(ctx, tx, n.Email)
	if err != nil {
		return err
	}
	// Only the tokens' hashes are stored; the plain ones go in the email.
	var plain, hashes linkTokens
	plain.delete, hashes.delete = tokenPair()
	if !known {
		plain.confirm, hashes.confirm = tokenPair()
	}
	if c, err = insertComment(ctx, tx, c, nil, hashes); err != nil {
		return err
	}
	if err := s.sendReceived(ctx, tx, e, c, plain); err != nil {
		return err
	}
	if c.Status == StatusApproved {
		return s.notifyParent(ctx, tx, e, c)
	}
	return nil
}

// linkTokens are a comment's link tokens (plain, for the email) or their
// hashes (as stored); confirm is empty when the address is confirmed.
type linkTokens struct{ confirm, delete string }

// tokenPair returns a fresh token and its hash as a string of bytes.
func tokenPair() (plain, hash string) {
	p, h := token.New()
	return p, string(h)
}

// checkParent refuses a reply to anything but a published, standing,
// top-level comment of the event.
func checkParent(ctx context.Context, tx pgx.Tx, eventID string, parentID *string) error {
	if parentID == nil {
		return nil
	}
	p, err := commentByID(ctx, tx, eventID, *parentID, false)
	if err != nil || p.Status != StatusApproved || p.DeletedAt != nil || p.ParentID != nil {
		return errs.Validation{"parent_id": "Reply to a published comment on this page (replies go one level deep)."}
	}
	return nil
}

// sendReceived emails the commenter their comment's delete link, and a
// confirmation link while their address is not confirmed.
func (s *Service) sendReceived(ctx context.Context, tx pgx.Tx, e events.Detail, c row, plain linkTokens) error {
	msg := mail.CommentMessage{Kind: notice.KindCommentReceived, Event: e, To: c.Email, CommentID: c.ID,
		Name: c.Name, Body: c.Body, Pending: c.Status != StatusApproved, DeleteURL: s.links.CommentDelete(plain.delete)}
	if plain.confirm != "" {
		msg.ConfirmURL = s.links.CommentConfirm(plain.confirm)
	}
	return s.mail.QueueComment(ctx, tx, msg)
}

// notifyParent tells a reply's parent author of the (approved) reply, if
// they confirmed their address and did not reply to themselves. The notice
// names the replier as they signed, never their address.
func (s *Service) notifyParent(ctx context.Context, tx pgx.Tx, e events.Detail, reply row) error {
	if reply.ParentID == nil {
		return nil
	}
	p, err := commentByID(ctx, tx, reply.EventID, *reply.ParentID, false)
	if err != nil {
		return err
	}
	if p.DeletedAt != nil || p.Email == "" || equalFold(p.Email, reply.Email) {
		return nil
	}
	ok, err := confirmed(ctx, tx, p.Email)
	if err != nil || !ok {
		return err
	}
	return s.mail.QueueComment(ctx, tx, mail.CommentMessage{Kind: notice.KindCommentReply, Event: e, To: p.Email,
		CommentID: reply.ID, ParentID: p.ID, Name: p.Name, Body: reply.Body, ReplyName: reply.Name, ByOrganiser: reply.ByOrganiser})
}

// Confirm confirms the address of the comment a confirmation token
// names. Confirming again is no error; an erased comment's link is dead.
func (s *Service) Confirm(ctx context.Context, plain string) error {
	ok, err := confirmAddress(ctx, s.db, hashOf(plain))
	if err != nil {
		return err
	}
	if !ok {
		return errs.Publicf(errs.ErrNotFound, "This confirmation link is not valid, or its comment was deleted.")
	}
	return nil
}

// DeleteByToken erases the comment a delete token names. Erasing it again
// is no error.
func (s *Service) DeleteByToken(ctx context.Context, plain string) error {
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := commentByDeleteHash(ctx, tx, hashOf(plain))
		if errors.Is(err, errs.ErrNotFound) {
			return errs.Publicf(errs.ErrNotFound, "This delete link is not valid.")
		}
		if err != nil {
			return err
		}
		return s.erase(ctx, tx, c)
	})
}

// hashOf is the stored hash of a link token; a token of another length
// than ours hashes to nothing stored, so it needs no check of its own.
func hashOf(plain string) []byte { return token.Hash(plain) }

// erase erases a comment and forgets its messages.
func (s *Service) erase(ctx context.Context, tx pgx.Tx, c row) error {
	if err := erase(ctx, tx, c); err != nil {
		return err
	}
	return s.mail.ForgetComment(ctx, tx, c.EventID, c.ID)
}

func equalFold(a, b string) bool { return a != "" && strings.EqualFold(a, b) }
