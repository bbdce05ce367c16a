package comments

import (
	"context"
	"fmt"
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
	BaseURL string
	Keys    token.Keyed
}

// Service keeps comments.
type Service struct {
	db     *pgxpool.Pool
	events EventReader
	mail   Mailer
	keys   token.Keyed
	links  links.Site
}

// NewService returns the comments service.
func NewService(pool *pgxpool.Pool, eventReader EventReader, mailer Mailer, opts Options) *Service {
	return &Service{db: pool, events: eventReader, mail: mailer, keys: opts.Keys, links: links.New(opts.BaseURL)}
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
	if err := n.check(); err != nil {
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
		if err := checkParent(ctx, tx, e.ID, n.ParentID); err != nil {
			return err
		}
		c := row{EventID: e.ID, ParentID: n.ParentID, Name: n.Name, Email: n.Email, Body: n.Body, Status: StatusPending}
		switch mode {
		case ModerationNone:
			c.Status = StatusApproved
		case ModerationFirst:
			ok, err := approvedBefore(ctx, tx, e.ID, n.Email)
			if err != nil {
				return err
			}
			if ok {
				c.Status = StatusApproved
			}
		}
		if c, err = insertComment(ctx, tx, c, nil); err != nil {
			return err
		}
		if err := s.sendReceived(ctx, tx, c); err != nil {
			return err
		}
		if c.Status == StatusApproved {
			return s.notifyParent(ctx, tx, c)
		}
		return nil
	})
	if err != nil {
		return Receipt{}, err
	}
	return Receipt{Moderation: mode}, nil
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
func (s *Service) sendReceived(ctx context.Context, tx pgx.Tx, c row) error {
	ok, err := confirmed(ctx, tx, c.Email)
	if err != nil {
		return err
	}
	msg := mail.CommentMessage{Kind: notice.KindCommentReceived, EventID: c.EventID, To: c.Email, CommentID: c.ID,
		Name: c.Name, Body: c.Body, Pending: c.Status != StatusApproved,
		DeleteURL: s.links.CommentDelete(s.keys.Sign(token.PurposeCommentDelete, c.ID))}
	if !ok {
		msg.ConfirmURL = s.links.CommentConfirm(s.keys.Sign(token.PurposeCommentConfirm, c.ID))
	}
	return s.mail.QueueComment(ctx, tx, msg)
}

// notifyParent tells a reply's parent author of the (approved) reply, if
// they confirmed their address and did not reply to themselves. The notice
// names the replier as they signed, never their address.
func (s *Service) notifyParent(ctx context.Context, tx pgx.Tx, reply row) error {
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
	return s.mail.QueueComment(ctx, tx, mail.CommentMessage{Kind: notice.KindCommentReply, EventID: p.EventID, To: p.Email,
		CommentID: reply.ID, ParentID: p.ID, Name: p.Name, Body: reply.Body, ReplyName: reply.Name, ByOrganiser: reply.ByOrganiser})
}

// Confirm confirms the address of the comment a confirmation token names.
func (s *Service) Confirm(ctx context.Context, signed string) error {
	id, ok := s.keys.Verify(token.PurposeCommentConfirm, signed)
	if !ok {
		return errs.Publicf(errs.ErrNotFound, "This confirmation link is not valid.")
	}
	c, err := commentByID(ctx, s.db, "", id, false)
	if err != nil || c.Email == "" {
		return errs.Publicf(errs.ErrNotFound, "This comment has been deleted.")
	}
	_, err = s.db.Exec(ctx, `INSERT INTO comment_addresses (email) VALUES (lower($1)) ON CONFLICT (email) DO NOTHING`, c.Email)
	if err != nil {
		return fmt.Errorf("comments: confirm an address: %w", err)
	}
	return nil
}

// DeleteByToken erases the comment a delete token names. Erasing it again
// is no error.
func (s *Service) DeleteByToken(ctx context.Context, signed string) error {
	id, ok := s.keys.Verify(token.PurposeCommentDelete, signed)
	if !ok {
		return errs.Publicf(errs.ErrNotFound, "This delete link is not valid.")
	}
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := commentByID(ctx, tx, "", id, true)
		if err != nil {
			return err
		}
		return s.erase(ctx, tx, c)
	})
}

// erase erases a comment and forgets its messages.
func (s *Service) erase(ctx context.Context, tx pgx.Tx, c row) error {
	if err := erase(ctx, tx, c); err != nil {
		return err
	}
	return s.mail.ForgetComment(ctx, tx, c.EventID, c.ID)
}

func equalFold(a, b string) bool { return a != "" && strings.EqualFold(a, b) }
