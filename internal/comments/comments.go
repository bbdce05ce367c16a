// Package comments keeps the comments on an event's page: a name, an email
// that is never published, a plain-text body and one level of replies. An
// event's moderation mode says which comments wait for a moderator; a
// commenter confirms their address by a link before they are told of
// replies, and deletes their own comment through an emailed link, which
// erases it while its place in the thread stays ("comment deleted").
//
// It owns the comment_* tables, reads events through events.Service and
// sends its messages through internal/mail. No public answer of this
// package holds an email: Comment and Thread have no field for one; only
// ModComment, for moderators, does.
package comments

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"plenary/internal/errs"
)

// Moderation is an event's moderation mode.
type Moderation string

// The moderation modes.
const (
	// ModerationNone publishes every comment at once.
	ModerationNone Moderation = "none"
	// ModerationFirst holds an address's first comment on the event;
	// once a moderator approved one, its later comments publish at once.
	ModerationFirst Moderation = "first"
	// ModerationAll holds every comment for a moderator (the default).
	ModerationAll Moderation = "all"
)

func (m Moderation) valid() bool {
	return m == ModerationNone || m == ModerationFirst || m == ModerationAll
}

// Statuses of a comment.
const (
	StatusPending  = "pending"
	StatusApproved = "approved"
	StatusRejected = "rejected"
)

// Limits of what a commenter sends.
const (
	MaxBody = 2000 // characters
	MaxName = 100
)

// Comment is a published comment as the public sees it. Its body is plain
// text. LinksAllowed is true only once a moderator approved it: until then
// a client shows the body's links as text, never as links (a comment that
// published by itself, in "none" mode or from an approved address, keeps
// them as text). An erased comment keeps its place with Deleted set and
// no name or body.
type Comment struct {
	ID             string    `json:"id"`
	ParentID       *string   `json:"parent_id"`
	Name           string    `json:"name"`
	Body           string    `json:"body"`
	CreatedAt      time.Time `json:"created_at"`
	OrganiserReply bool      `json:"organiser_reply"`
	Deleted        bool      `json:"deleted"`
	LinksAllowed   bool      `json:"links_allowed"`
}

// Thread is a top-level comment and its published replies, oldest first.
type Thread struct {
	Comment
	Replies []Comment `json:"replies"`
}

// ThreadPage is one page of an event's threads, oldest first, with the
// event's moderation mode for the form's notice.
type ThreadPage struct {
	Items      []Thread   `json:"items"`
	NextCursor *string    `json:"next_cursor"`
	Moderation Moderation `json:"moderation"`
}

// ModComment is a comment as moderators see it: with its email.
type ModComment struct {
	Comment
	Email          string `json:"email"`
	EmailConfirmed bool   `json:"email_confirmed"`
	Status         string `json:"status"`
}

// ModPage is one page of the moderators' queue, oldest first.
type ModPage struct {
	Items      []ModComment `json:"items"`
	NextCursor *string      `json:"next_cursor"`
}

// NewComment is what a commenter sends. Website is the honeypot: a field
// people never see, so only a bot fills it in.
type NewComment struct {
	Name     string  `json:"name"`
	Email    string  `json:"email"`
	Body     string  `json:"body"`
	ParentID *string `json:"parent_id"`
	Website  string  `json:"website"`
}

// Receipt answers a comment: the same whatever became of it, so that it
// tells nobody whether an address commented before or a bot was caught.
type Receipt struct {
	Moderation Moderation `json:"moderation"`
}

// Settings are an event's comment settings.
type Settings struct {
	Moderation Moderation `json:"moderation"`
}

// ReplyRequest is an organiser's reply.
type ReplyRequest struct {
	Body string `json:"body"`
}

// Check trims n and says what is wrong with it.
func (n *NewComment) Check() error {
	v := errs.Validation{}
	n.Name, n.Email, n.Body = strings.TrimSpace(n.Name), strings.TrimSpace(n.Email), strings.TrimSpace(n.Body)
	if n.Name == "" || utf8.RuneCountInString(n.Name) > MaxName || !plain(n.Name) {
		v.Add("name", "Give your name, up to 100 characters.")
	}
	if !validEmail(n.Email) {
		v.Add("email", "Give an email address such as name@example.org; it is never published.")
	}
	checkBody(v, n.Body)
	if n.ParentID != nil && uuid.Validate(*n.ParentID) != nil {
		v.Add("parent_id", "Reply to a comment on this page.")
	}
	return v.Err()
}

func checkBody(v errs.Validation, body string) {
	if body == "" || utf8.RuneCountInString(body) > MaxBody || strings.ContainsRune(body, 0) {
		v.Add("body", "Write a comment of up to 2,000 characters.")
	}
}

// plain refuses control characters in a one-line field.
func plain(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// validEmail accepts a bare address with a domain that has a dot.
func validEmail(s string) bool {
	if len(s) < 3 || len(s) > 254 || !plain(s) {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".") && !strings.HasSuffix(domain, ".")
}
