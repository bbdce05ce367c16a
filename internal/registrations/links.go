package registrations

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/postgres"
	"plenary/internal/token"
)

// Links on request. Anyone may ask for an address's link to be emailed (by
// registering it again, or with "email me my link again"), so the answer
// never says whether the address is registered, the link sent is the one
// that already works (never a new one that would revoke it), and an
// address gets at most one such email per event every linkEvery, however
// many server processes are asked at once.

// linkEvery is the least time between two link emails to one registrant.
const linkEvery = 10 * time.Minute

// Receipt is what the public endpoints answer. It is the same, in status
// and body, for a new registration and for a repeat of a registered email,
// and for a link asked for a registered address and for any other, so it
// tells a stranger nothing about who is registered. What a registration
// would get (a place, the waiting list, a review) the form says before it
// is sent (Form.PlacesLeft, Form.Approval); the email says what it got.
type Receipt struct {
	Email   string `json:"email"`
	Message string `json:"message"`
	// Payment is set only when this request made a registration that
	// holds a place until it is paid by card.
	Payment *ReceiptPayment `json:"payment,omitempty"`
}

// ReceiptPayment sends a new buyer to pay: CheckoutURL is nil when Stripe
// could not be reached (the emailed link lets them pay later).
type ReceiptPayment struct {
	CheckoutURL *string   `json:"checkout_url"`
	ExpiresAt   time.Time `json:"expires_at"`
	Amount      int64     `json:"amount"`
	Currency    string    `json:"currency"`
}

// LinkRequest asks for one's link to be emailed again.
type LinkRequest struct {
	Email string `json:"email"`
}

// EmailLinkAgain emails the registration's link to the address, if it is
// registered for the event (and was not sent it in the last ten minutes).
func (s *Service) EmailLinkAgain(ctx context.Context, slug string, req LinkRequest) (Receipt, error) {
	e, err := s.eventInfoFor(ctx, slug)
	if err != nil {
		return Receipt{}, err
	}
	if !e.public() {
		return Receipt{}, fmt.Errorf("registrations: link for %s, not public: %w", slug, errs.ErrNotFound)
	}
	email := strings.TrimSpace(req.Email)
	if !validEmail(email) {
		return Receipt{}, errs.Validation{"email": badEmail}
	}
	if err := s.emailLink(ctx, e.ID, email); err != nil {
		return Receipt{}, err
	}
	return Receipt{Email: email, Message: "If " + email + " is registered for this event, we have emailed it the private link to the registration. " +
		"We send it at most once every 10 minutes; if it has not arrived, look in your spam folder."}, nil
}

// emailLink queues the link email to the address's registration for the
// event, if it has one that was not sent its link in the last linkEvery.
// The UPDATE decides: a second one racing it waits for the row, then finds
// link_sent_at recent and matches nothing.
func (s *Service) emailLink(ctx context.Context, eventID, email string) error {
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		var id string
		var sentAt time.Time
		err := tx.QueryRow(ctx, `
			UPDATE registrations SET link_sent_at = now()
			WHERE event_id = $1 AND lower(email) = lower($2) AND status <> 'cancelled'
				AND (link_sent_at IS NULL OR link_sent_at <= now() - make_interval(secs => $3))
			RETURNING id, link_sent_at`, eventID, email, linkEvery.Seconds()).Scan(&id, &sentAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("registrations: email link: %w", postgres.MapError(err))
		}
		// The variant tells this email from earlier ones (the outbox sends
		// each variant once); the link in it is the registration's current one.
		return s.tell(ctx, tx, notice.Notice{RegistrationID: id, Kind: notice.KindManageLink,
			Variant: strconv.FormatInt(sentAt.UnixMicro(), 10)})
	})
}

// ManageLinks makes the tokens of registrants' manage links for the
// messages that carry them. The mail domain asks for them rather than
// deriving tokens and writing hashes itself: only this package writes a
// registration.
type ManageLinks struct {
	db   *pgxpool.Pool
	keys token.Keyed
}

// NewManageLinks returns the manage links of registrations in db, derived
// with keys.
func NewManageLinks(db *pgxpool.Pool, keys token.Keyed) *ManageLinks {
	return &ManageLinks{db: db, keys: keys}
}

// ManageToken returns the token of the registration's manage link at
// generation (registration_contacts.token_generation). A registration from
// before links were derivable (nil) is given a derivable one now, at
// generation 1, which retires its old random link.
func (l *ManageLinks) ManageToken(ctx context.Context, registrationID string, generation *int) (string, error) {
	if generation != nil {
		plain, _ := l.keys.Manage(registrationID, *generation)
		return plain, nil
	}
	plain, hash := l.keys.Manage(registrationID, 1)
	if _, err := l.db.Exec(ctx, `UPDATE registrations SET token_generation = 1, token_hash = $2 WHERE id = $1 AND token_generation IS NULL`,
		registrationID, hash); err != nil {
		return "", fmt.Errorf("registrations: manage link of %s: %w", registrationID, err)
	}
	return plain, nil
}
