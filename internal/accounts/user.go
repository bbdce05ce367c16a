// Package accounts holds organiser, moderator and admin users: passwords
// (argon2id), server-side sessions in a cookie, CSRF protection, roles, and
// the first-run setup link.
package accounts

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"plenary/internal/errs"
)

// Role decides what a user may do.
type Role string

// The roles, from most to least powerful.
const (
	RoleAdmin     Role = "admin"     // everything, including users
	RoleOrganiser Role = "organiser" // events, registrations, messages
	RoleModerator Role = "moderator" // Q&A, polls and comments
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleAdmin || r == RoleOrganiser || r == RoleModerator
}

// User is a person who signs in to run events.
type User struct {
	ID        string    `json:"id" db:"id"`
	Email     string    `json:"email" db:"email"`
	Name      string    `json:"name" db:"name"`
	Role      Role      `json:"role" db:"role"`
	CreatedAt time.Time `json:"created_at" db:"created_at"`
}

// NewUser is what creating a user takes.
type NewUser struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	Password string `json:"password"`
}

// Password length bounds: long passphrases are welcome; the upper bound
// keeps hashing cheap to refuse.
const (
	minPasswordLen = 12
	maxPasswordLen = 256
)

// Validate normalises and checks a new user, with a message per field.
func (n *NewUser) Validate() error {
	v := errs.Validation{}
	n.Email = strings.TrimSpace(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if addr, err := mail.ParseAddress(n.Email); err != nil || addr.Address != n.Email || len(n.Email) > 254 {
		v.Add("email", "Enter an email address like name@example.org.")
	}
	if n.Name == "" || utf8.RuneCountInString(n.Name) > 200 {
		v.Add("name", "Enter a name of 1 to 200 characters.")
	}
	if !n.Role.Valid() {
		v.Add("role", "Choose admin, organiser or moderator.")
	}
	if msg := passwordProblem(n.Password); msg != "" {
		v.Add("password", msg)
	}
	return v.Err()
}

func passwordProblem(p string) string {
	switch n := utf8.RuneCountInString(p); {
	case n < minPasswordLen:
		return "Use at least 12 characters; a few unrelated words make a strong password."
	case n > maxPasswordLen:
		return "Use at most 256 characters."
	}
	return ""
}
