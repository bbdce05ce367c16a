package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
)

// The rules that keep a site administrable: an admin cannot remove or
// demote themselves (they would lock themselves out mid-action), and the
// last admin stays, or nobody could manage users again.
var (
	ErrRemoveSelf = errs.Publicf(errs.ErrConflict, "You cannot remove yourself or change your own role; ask another admin.")
	ErrLastAdmin  = errs.Publicf(errs.ErrConflict, "This is the last admin. Make someone else an admin first.")
)

// AddUser creates a user for an admin. Without a password, a strong one is
// made and returned, for the admin to give the new user once: the site has
// no email invitation, and the password is never shown again.
func (s *Service) AddUser(ctx context.Context, n NewUser) (User, string, error) {
	generated := ""
	if n.Password == "" {
		generated = newPassword()
		n.Password = generated
	}
	u, err := s.CreateUser(ctx, n)
	if err != nil {
		return User{}, "", err
	}
	return u, generated, nil
}

// newPassword is 120 random bits as 20 URL-safe characters.
func newPassword() string {
	b := make([]byte, 15)
	_, _ = rand.Read(b) // never fails (crypto/rand's contract)
	return base64.RawURLEncoding.EncodeToString(b)
}

// RemoveUser deactivates a user at an admin's request and signs them out at
// once. They can no longer sign in; what they made keeps naming them.
func (s *Service) RemoveUser(ctx context.Context, actorID, userID string) error {
	return s.changeTeam(ctx, actorID, userID, func(tx pgx.Tx, u User) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET deactivated_at = now(), updated_at = now() WHERE id = $1`, u.ID); err != nil {
			return fmt.Errorf("accounts: deactivate %s: %w", u.ID, err)
		}
		_, err := deleteUserSessions(ctx, tx, u.ID)
		return err
	}, true)
}

// ChangeRole gives a user another role; it applies to their next request.
func (s *Service) ChangeRole(ctx context.Context, actorID, userID string, role Role) (User, error) {
	if !role.Valid() {
		return User{}, errs.Validation{"role": "Choose admin, organiser or moderator."}
	}
	var changed User
	err := s.changeTeam(ctx, actorID, userID, func(tx pgx.Tx, u User) error {
		rows, _ := tx.Query(ctx, `UPDATE users SET role = $2, updated_at = now() WHERE id = $1 RETURNING `+userColumns, u.ID, role)
		var err error
		if changed, err = pgx.CollectExactlyOneRow(rows, scanUser); err != nil {
			return fmt.Errorf("accounts: change role of %s: %w", u.ID, postgres.MapError(err))
		}
		return nil
	}, role != RoleAdmin)
	return changed, err
}

// changeTeam runs fn on an active user other than the actor. When
// losesAdmin, fn takes an admin away, which the last admin may not lose.
// Changes to the team take one lock, so that two admins removing each
// other at once cannot leave none.
func (s *Service) changeTeam(ctx context.Context, actorID, userID string, fn func(tx pgx.Tx, u User) error, losesAdmin bool) error {
	if uuid.Validate(userID) != nil {
		return fmt.Errorf("accounts: user %q: %w", userID, errs.ErrNotFound)
	}
	if userID == actorID {
		return ErrRemoveSelf
	}
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('plenary.team'))`); err != nil {
			return err
		}
		u, err := userByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		if losesAdmin && u.Role == RoleAdmin {
			var admins int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND deactivated_at IS NULL`).Scan(&admins); err != nil {
				return fmt.Errorf("accounts: count admins: %w", err)
			}
			if admins <= 1 {
				return ErrLastAdmin
			}
		}
		return fn(tx, u)
	})
}
