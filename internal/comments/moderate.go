package comments

import (
	"context"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// Moderators' actions on a comment.
const (
	ActionApprove = "approve"
	ActionReject  = "reject"
	ActionDelete  = "delete"
)

// Settings returns the event's comment settings.
func (s *Service) Settings(ctx context.Context, eventID string) (Settings, error) {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return Settings{}, err
	}
	m, err := moderation(ctx, s.db, eventID)
	return Settings{Moderation: m}, err
}

// SetSettings changes the event's moderation mode; comments already
// waiting keep waiting.
func (s *Service) SetSettings(ctx context.Context, eventID string, in Settings) (Settings, error) {
	if !in.Moderation.valid() {
		return Settings{}, errs.Validation{"moderation": "Use none, first or all."}
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return Settings{}, err
	}
	_, err := s.db.Exec(ctx, `INSERT INTO comment_settings (event_id, moderation) VALUES ($1, $2)
		ON CONFLICT (event_id) DO UPDATE SET moderation = EXCLUDED.moderation`, eventID, in.Moderation)
	if err != nil {
		return Settings{}, postgres.MapError(err)
	}
	return in, nil
}

// Queue lists the event's comments of one status (pending by default),
// with their authors' emails, for moderators.
func (s *Service) Queue(ctx context.Context, eventID, status string, r page.Request) (ModPage, error) {
	v := errs.Validation{}
	if status == "" {
		status = StatusPending
	}
	if !slices.Contains([]string{StatusPending, StatusApproved, StatusRejected}, status) {
		v.Add("status", "Use pending, approved or rejected.")
	}
	q, err := page.Read[threadKey]("comment-queue:"+status, r, v)
	if err != nil {
		return ModPage{}, err
	}
	if err := v.Err(); err != nil {
		return ModPage{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return ModPage{}, err
	}
	p, err := queue(ctx, s.db, eventID, status, q)
	if err != nil {
		return ModPage{}, err
	}
	return ModPage{Items: p.Items, NextCursor: p.NextCursor}, nil
}

// Moderate approves, rejects or deletes (erases) a comment of the event.
// Approving a reply tells its parent's author, if they confirmed their
// address. An erased comment can only be deleted again (a no-op).
func (s *Service) Moderate(ctx context.Context, eventID, commentID, action string) (ModComment, error) {
	if !slices.Contains([]string{ActionApprove, ActionReject, ActionDelete}, action) {
		return ModComment{}, errs.Publicf(errs.ErrNotFound, "Use approve, reject or delete.")
	}
	e, err := s.events.Get(ctx, eventID) // before the transaction: see mail.CommentMessage
	if err != nil {
		return ModComment{}, err
	}
	var out ModComment
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		c, err := commentByID(ctx, tx, eventID, commentID, true)
		if err != nil {
			return err
		}
		if action == ActionDelete {
			if err := s.erase(ctx, tx, c); err != nil {
				return err
			}
		} else if err := s.decide(ctx, tx, e, c, action); err != nil {
			return err
		}
		if c, err = commentByID(ctx, tx, eventID, commentID, false); err != nil {
			return err
		}
		ok, err := confirmed(ctx, tx, c.Email)
		out = c.mod(ok)
		return err
	})
	return out, err
}

// decide approves or rejects c.
func (s *Service) decide(ctx context.Context, tx pgx.Tx, e events.Detail, c row, action string) error {
	if c.DeletedAt != nil {
		return errs.Publicf(errs.ErrConflict, "This comment was deleted; only its place in the thread is left.")
	}
	status := StatusRejected
	if action == ActionApprove {
		status = StatusApproved
		if c.ParentID != nil {
			if err := checkParent(ctx, tx, c.EventID, c.ParentID); err != nil {
				return errs.Publicf(errs.ErrConflict, "The comment this replies to is no longer published.")
			}
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE comments SET status = $2, moderated = moderated OR $2 = 'approved' WHERE id = $1`,
		c.ID, status); err != nil {
		return postgres.MapError(err)
	}
	if status == StatusApproved && c.Status != StatusApproved {
		c.Status = status
		return s.notifyParent(ctx, tx, e, c)
	}
	return nil
}

// Reply adds the organiser's reply to a published top-level comment. It
// is published at once and marked as the organiser's; it holds no email.
func (s *Service) Reply(ctx context.Context, eventID, commentID, userID, userName string, in ReplyRequest) (ModComment, error) {
	in.Body = strings.TrimSpace(in.Body)
	v := errs.Validation{}
	checkBody(v, in.Body)
	if err := v.Err(); err != nil {
		return ModComment{}, err
	}
	e, err := s.events.Get(ctx, eventID)
	if err != nil {
		return ModComment{}, err
	}
	var out ModComment
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := commentByID(ctx, tx, eventID, commentID, false); err != nil {
			return err
		}
		if err := checkParent(ctx, tx, eventID, &commentID); err != nil {
			return errs.Publicf(errs.ErrConflict, "Reply to a published, top-level comment.")
		}
		c, err := insertComment(ctx, tx, row{EventID: eventID, ParentID: &commentID, Name: userName, Body: in.Body,
			Status: StatusApproved, Moderated: true, ByOrganiser: true}, &userID, linkTokens{})
		if err != nil {
			return err
		}
		out = c.mod(false)
		return s.notifyParent(ctx, tx, e, c)
	})
	return out, err
}
