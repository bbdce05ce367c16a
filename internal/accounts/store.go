package accounts

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/page"
	"plenary/internal/postgres"
)

// userColumns are the columns scanned into User, in struct order.
const userColumns = `id, email, name, role, created_at`

type userRow struct {
	User
	PasswordHash string `db:"password_hash"`
}

var scanUser = pgx.RowToStructByName[User]

func insertUser(ctx context.Context, db postgres.DB, n NewUser, passwordHash string) (User, error) {
	rows, _ := db.Query(ctx, `
		INSERT INTO users (email, name, role, password_hash)
		VALUES ($1, $2, $3, $4)
		RETURNING `+userColumns, n.Email, n.Name, n.Role, passwordHash)
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return User{}, fmt.Errorf("accounts: insert user: %w", postgres.MapError(err))
	}
	return u, nil
}

// userByEmail finds a user and their password hash, whatever the email's case.
func userByEmail(ctx context.Context, db postgres.DB, email string) (userRow, error) {
	rows, _ := db.Query(ctx, `
		SELECT `+userColumns+`, password_hash FROM users WHERE lower(email) = lower($1) AND deactivated_at IS NULL`, email)
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[userRow])
	if err != nil {
		return userRow{}, fmt.Errorf("accounts: user by email: %w", postgres.MapError(err))
	}
	return r, nil
}

// userByID finds an active user; a removed one is not found.
func userByID(ctx context.Context, db postgres.DB, id string) (User, error) {
	rows, _ := db.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1 AND deactivated_at IS NULL`, id)
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return User{}, fmt.Errorf("accounts: user %s: %w", id, postgres.MapError(err))
	}
	return u, nil
}

// emailKey orders users by email (PostgreSQL's lower() of it), then id.
type emailKey struct {
	Email string `json:"email"`
	ID    string `json:"id"`
}

func (k emailKey) Valid() bool { return page.ValidText(k.Email) && uuid.Validate(k.ID) == nil }

func listUsers(ctx context.Context, db postgres.DB, q page.Query[emailKey]) (page.Page[User], error) {
	var after, afterID *string
	if q.After != nil {
		after, afterID = &q.After.Email, &q.After.ID
	}
	rows, _ := db.Query(ctx, `SELECT `+userColumns+` FROM users
		WHERE deactivated_at IS NULL AND ($1::text IS NULL OR (lower(email), id) > (lower($1), $2::uuid))
		ORDER BY lower(email), id LIMIT $3`, after, afterID, q.Fetch())
	found, err := pgx.CollectRows(rows, scanUser)
	if err != nil {
		return page.Page[User]{}, fmt.Errorf("accounts: list users: %w", postgres.MapError(err))
	}
	return page.Of(q, found, func(u User) emailKey { return emailKey{Email: u.Email, ID: u.ID} }), nil
}

func anyUser(ctx context.Context, db postgres.DB) (bool, error) {
	var exists bool
	if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM users)`).Scan(&exists); err != nil {
		return false, fmt.Errorf("accounts: any user: %w", err)
	}
	return exists, nil
}

func insertSession(ctx context.Context, db postgres.DB, tokenHash []byte, userID string, expires time.Time, userAgent string) error {
	_, err := db.Exec(ctx, `
		INSERT INTO sessions (token_hash, user_id, expires_at, user_agent) VALUES ($1, $2, $3, $4)`,
		tokenHash, userID, expires, userAgent)
	if err != nil {
		return fmt.Errorf("accounts: insert session: %w", postgres.MapError(err))
	}
	return nil
}

// sessionUser returns the user of an unexpired session.
func sessionUser(ctx context.Context, db postgres.DB, tokenHash []byte) (User, error) {
	rows, _ := db.Query(ctx, `
		SELECT u.id, u.email, u.name, u.role, u.created_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > now() AND u.deactivated_at IS NULL`, tokenHash)
	u, err := pgx.CollectExactlyOneRow(rows, scanUser)
	if err != nil {
		return User{}, fmt.Errorf("accounts: session: %w", postgres.MapError(err))
	}
	return u, nil
}

func deleteSession(ctx context.Context, db postgres.DB, tokenHash []byte) error {
	if _, err := db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("accounts: delete session: %w", err)
	}
	return nil
}

func deleteUserSessions(ctx context.Context, db postgres.DB, userID string) (int64, error) {
	tag, err := db.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("accounts: delete sessions of %s: %w", userID, postgres.MapError(err))
	}
	return tag.RowsAffected(), nil
}

func deleteExpiredSessions(ctx context.Context, db postgres.DB) error {
	if _, err := db.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= now()`); err != nil {
		return fmt.Errorf("accounts: delete expired sessions: %w", err)
	}
	return nil
}

func insertSetupToken(ctx context.Context, db postgres.DB, tokenHash []byte, expires time.Time) error {
	_, err := db.Exec(ctx, `INSERT INTO setup_tokens (token_hash, expires_at) VALUES ($1, $2)`, tokenHash, expires)
	if err != nil {
		return fmt.Errorf("accounts: insert setup token: %w", err)
	}
	return nil
}

// setupToken is a stored setup link.
type setupToken struct {
	ExpiresAt time.Time  `db:"expires_at"`
	UsedAt    *time.Time `db:"used_at"`
}

// setupTokenByHash returns a setup link by its hash; ErrNotFound when
// there is none.
func setupTokenByHash(ctx context.Context, db postgres.DB, tokenHash []byte) (setupToken, error) {
	rows, _ := db.Query(ctx, `SELECT expires_at, used_at FROM setup_tokens WHERE token_hash = $1`, tokenHash)
	link, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[setupToken])
	if err != nil {
		return setupToken{}, fmt.Errorf("accounts: setup token: %w", postgres.MapError(err))
	}
	return link, nil
}

// useSetupToken marks an unused, unexpired setup token used; ErrNotFound
// when there is no such token.
func useSetupToken(ctx context.Context, db postgres.DB, tokenHash []byte) error {
	tag, err := db.Exec(ctx, `
		UPDATE setup_tokens SET used_at = now()
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`, tokenHash)
	if err != nil {
		return fmt.Errorf("accounts: use setup token: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("accounts: use setup token: %w", postgres.MapError(pgx.ErrNoRows))
	}
	return nil
}
