package accounts

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
	"plenary/internal/token"
)

// setupLinkTTL is how long a first-run setup link works.
const setupLinkTTL = time.Hour

// Service holds the account rules.
type Service struct {
	db         *pgxpool.Pool
	sessionTTL time.Duration
}

// NewService returns the account service; sessions last sessionTTL.
func NewService(db *pgxpool.Pool, sessionTTL time.Duration) *Service {
	return &Service{db: db, sessionTTL: sessionTTL}
}

// Session is a signed-in user with the secrets that go to their browser.
type Session struct {
	User      User
	Token     string // for the cookie
	CSRFToken string // for the X-CSRF-Token header of writes
	ExpiresAt time.Time
}

// ErrBadCredentials is returned for a wrong email or password, alike.
var ErrBadCredentials = errs.Publicf(errs.ErrUnauthorized, "The email or password is not right.")

// CreateUser adds a user. A taken email is errs.ErrConflict.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	if err := n.Validate(); err != nil {
		return User{}, err
	}
	u, err := insertUser(ctx, s.db, n, hashPassword(n.Password))
	if errors.Is(err, errs.ErrConflict) {
		return User{}, errs.Validation{"email": "A user with this email already exists."}
	}
	return u, err
}

// ListUsers returns the users, by email.
func (s *Service) ListUsers(ctx context.Context, r page.Request) (page.Page[User], error) {
	q, err := page.ReadUnfiltered[emailKey]("users", r)
	if err != nil {
		return page.Page[User]{}, err
	}
	return listUsers(ctx, s.db, q)
}

// Login checks an email and password and opens a session. An unknown email
// costs the same password check as a wrong password, so timing does not
// tell which addresses have accounts.
func (s *Service) Login(ctx context.Context, email, password, userAgent string) (Session, error) {
	row, err := userByEmail(ctx, s.db, strings.TrimSpace(email))
	if errors.Is(err, errs.ErrNotFound) {
		_, _ = checkPassword(password, dummyHash())
		return Session{}, ErrBadCredentials
	}
	if err != nil {
		return Session{}, err
	}
	ok, err := checkPassword(password, row.PasswordHash)
	if err != nil {
		return Session{}, fmt.Errorf("accounts: login %s: %w", row.ID, err)
	}
	if !ok {
		return Session{}, ErrBadCredentials
	}
	return s.openSession(ctx, s.db, row.User, userAgent)
}

func (s *Service) openSession(ctx context.Context, db postgres.DB, u User, userAgent string) (Session, error) {
	plain, hash := token.New()
	expires := time.Now().Add(s.sessionTTL)
	if len(userAgent) > 500 {
		userAgent = userAgent[:500]
	}
	if err := insertSession(ctx, db, hash, u.ID, expires, userAgent); err != nil {
		return Session{}, err
	}
	return Session{User: u, Token: plain, CSRFToken: csrfToken(plain), ExpiresAt: expires}, nil
}

// Authenticate returns the session for a cookie token, or errs.ErrUnauthorized.
func (s *Service) Authenticate(ctx context.Context, sessionToken string) (Session, error) {
	if sessionToken == "" {
		return Session{}, errs.ErrUnauthorized
	}
	u, err := sessionUser(ctx, s.db, token.Hash(sessionToken))
	if errors.Is(err, errs.ErrNotFound) {
		return Session{}, errs.ErrUnauthorized
	}
	if err != nil {
		return Session{}, err
	}
	return Session{User: u, Token: sessionToken, CSRFToken: csrfToken(sessionToken)}, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, sessionToken string) error {
	return deleteSession(ctx, s.db, token.Hash(sessionToken))
}

// RevokeSessions ends every session of a user, e.g. after a lost laptop.
func (s *Service) RevokeSessions(ctx context.Context, userID string) (int64, error) {
	if _, err := uuid.Parse(userID); err != nil {
		return 0, fmt.Errorf("accounts: revoke sessions of %q: %w", userID, errs.ErrNotFound)
	}
	if _, err := userByID(ctx, s.db, userID); err != nil {
		return 0, err
	}
	return deleteUserSessions(ctx, s.db, userID)
}

// PruneSessions deletes expired sessions.
func (s *Service) PruneSessions(ctx context.Context) error {
	return deleteExpiredSessions(ctx, s.db)
}

// csrfToken derives the CSRF token from the session token: a page that can
// read it (same origin) can send it; a cross-site form cannot know it.
func csrfToken(sessionToken string) string {
	mac := hmac.New(sha256.New, []byte("plenary csrf v1"))
	mac.Write([]byte(sessionToken))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// CheckCSRF reports whether got is the CSRF token of the session.
func (sess Session) CheckCSRF(got string) bool {
	return got != "" && hmac.Equal([]byte(got), []byte(sess.CSRFToken))
}

// SetupLink returns a fresh single-use setup link when no user exists yet,
// and "" once someone has set up the site.
func (s *Service) SetupLink(ctx context.Context, baseURL string) (string, error) {
	exists, err := anyUser(ctx, s.db)
	if err != nil || exists {
		return "", err
	}
	plain, hash := token.New()
	if err := insertSetupToken(ctx, s.db, hash, time.Now().Add(setupLinkTTL)); err != nil {
		return "", err
	}
	return baseURL + "/setup?token=" + plain, nil
}

// ErrSetupLinkInvalid is returned for a used, expired or unknown setup link,
// or when the site already has users.
var ErrSetupLinkInvalid = errs.Publicf(errs.ErrForbidden,
	"This setup link has been used, has expired or is not valid. Restart the server for a new one, or use `server user create`.")

// Setup link problems the setup page shows before its form, so that
// nobody fills it in for nothing.
var (
	ErrSetupLinkUsed = errs.Publicf(errs.ErrForbidden,
		"This setup link has already been used: the site has its first admin. Sign in instead.")
	ErrSetupLinkExpired = errs.Publicf(errs.ErrForbidden,
		"This setup link has expired. Restart the server for a new one, or use `server user create`.")
	ErrSetupLinkUnknown = errs.Publicf(errs.ErrNotFound,
		"This is not a setup link the server gave out. Copy the whole link the server printed, or sign in.")
)

// SetupLinkExpiry says until when a setup link works, or why it does not:
// ErrSetupLinkUsed (also once any user exists), ErrSetupLinkExpired or
// ErrSetupLinkUnknown.
func (s *Service) SetupLinkExpiry(ctx context.Context, setupToken string) (time.Time, error) {
	link, err := setupTokenByHash(ctx, s.db, token.Hash(setupToken))
	if errors.Is(err, errs.ErrNotFound) {
		return time.Time{}, ErrSetupLinkUnknown
	} else if err != nil {
		return time.Time{}, err
	}
	exists, err := anyUser(ctx, s.db)
	switch {
	case err != nil:
		return time.Time{}, err
	case link.UsedAt != nil || exists:
		return time.Time{}, ErrSetupLinkUsed
	case !link.ExpiresAt.After(time.Now()):
		return time.Time{}, ErrSetupLinkExpired
	}
	return link.ExpiresAt, nil
}

// CompleteSetup spends a setup link to create the first admin and signs
// them in.
func (s *Service) CompleteSetup(ctx context.Context, setupToken string, n NewUser, userAgent string) (Session, error) {
	n.Role = RoleAdmin
	if err := n.Validate(); err != nil {
		return Session{}, err
	}
	passwordHash := hashPassword(n.Password)
	var sess Session
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		// One setup at a time, so two links cannot make two first admins.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('plenary.setup'))`); err != nil {
			return err
		}
		if err := useSetupToken(ctx, tx, token.Hash(setupToken)); errors.Is(err, errs.ErrNotFound) {
			return ErrSetupLinkInvalid
		} else if err != nil {
			return err
		}
		if exists, err := anyUser(ctx, tx); err != nil {
			return err
		} else if exists {
			return ErrSetupLinkInvalid
		}
		u, err := insertUser(ctx, tx, n, passwordHash)
		if err != nil {
			return err
		}
		sess, err = s.openSession(ctx, tx, u, userAgent)
		return err
	})
	return sess, err
}
