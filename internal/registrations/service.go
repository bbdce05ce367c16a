package registrations

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/postgres"
	"plenary/internal/token"
)

// Service holds the registration rules.
type Service struct {
	db     *pgxpool.Pool
	keys   token.Keyed
	notify Notifier      // nil: no messages (unit tests of the domain alone)
	places PlacesWatcher // nil: nobody shows places left
	// tickets is the payments domain (SetTickets); nil: no event sells
	// tickets (unit tests of the domain alone).
	tickets Tickets
	now     func() time.Time

	batches *batcher

	mu     sync.Mutex
	events map[string]cachedInfo // by slug; see eventInfoFor
}

type cachedInfo struct {
	info    eventInfo
	fetched time.Time
}

// infoTTL bounds how long a process registers against what it last read of
// an event; changes elsewhere also drop it at once (EventChanged).
const infoTTL = 2 * time.Second

// NewService returns the registration service; keys derive the manage
// tokens, notify queues the messages a change owes (nil: none), places
// hears of changed places left (nil: nobody).
func NewService(db *pgxpool.Pool, keys token.Keyed, notify Notifier, places PlacesWatcher) *Service {
	s := &Service{db: db, keys: keys, notify: notify, places: places, now: time.Now, events: map[string]cachedInfo{}}
	s.batches = newBatcher(db, s.tell, s.placesChanged)
	return s
}

// Notifier queues the messages a change owes registrants inside the
// change's transaction, so a change and its message never part (the mail
// domain's outbox).
type Notifier interface {
	Queue(ctx context.Context, tx pgx.Tx, notices ...notice.Notice) error
}

// PlacesWatcher hears, after a change commits, that an event's free places
// may have changed (the events domain refreshes its public page). It is
// called after every batch of registrations, so it must cost next to
// nothing and never block.
type PlacesWatcher interface {
	PlacesChanged(eventID string)
}

func (s *Service) placesChanged(eventID string) {
	if s.places != nil {
		s.places.PlacesChanged(eventID)
	}
}

// PlacesLeft is how many of the event's seats are free.
func (s *Service) PlacesLeft(ctx context.Context, eventID string) (int, error) {
	n, err := freeSeats(ctx, s.db, eventID)
	if err != nil {
		return 0, err
	}
	return *n, nil
}

// tell queues messages in tx.
func (s *Service) tell(ctx context.Context, tx pgx.Tx, notices ...notice.Notice) error {
	if s.notify == nil || len(notices) == 0 {
		return nil
	}
	return s.notify.Queue(ctx, tx, notices...)
}

// told is the message a registration's new status owes.
func told(id string, status Status) notice.Notice {
	kind := map[Status]notice.Kind{StatusConfirmed: notice.KindConfirmation, StatusWaitlisted: notice.KindWaitlisted,
		StatusPendingApproval: notice.KindPendingApproval, StatusPendingPayment: notice.KindPaymentDue}[status]
	return notice.Notice{RegistrationID: id, Kind: kind}
}

// promotedKind is the message a registration moved off the waitlist is
// owed: its place, or how to pay for the place held for it.
func promotedKind(status Status) notice.Kind {
	if status == StatusPendingPayment {
		return notice.KindPaymentDue
	}
	return notice.KindPromoted
}

// EventChanged drops what this process knows of an event ("*": of all).
func (s *Service) EventChanged(slug string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if slug == "*" {
		clear(s.events)
		return
	}
	delete(s.events, slug)
}

func (s *Service) eventInfoFor(ctx context.Context, slug string) (eventInfo, error) {
	now := s.now()
	s.mu.Lock()
	c, ok := s.events[slug]
	s.mu.Unlock()
	if ok && now.Sub(c.fetched) < infoTTL {
		return c.info, nil
	}
	info, err := eventInfoBySlug(ctx, s.db, slug)
	if err != nil {
		return eventInfo{}, err
	}
	if info.SellsTickets, err = s.sellsTickets(ctx, info.ID); err != nil {
		return eventInfo{}, err
	}
	s.mu.Lock()
	s.events[slug] = cachedInfo{info: info, fetched: now}
	s.mu.Unlock()
	return info, nil
}

// admissionError says why an event takes no registrations now, or nil.
func (e eventInfo) admissionError(now time.Time) error {
	switch {
	case !e.public():
		return fmt.Errorf("registrations: %s is not public: %w", e.Slug, errs.ErrNotFound)
	case e.Status == "cancelled":
		return errs.Publicf(errs.ErrConflict, "This event has been cancelled, so it takes no registrations.")
	case !now.Before(e.endsAt()):
		return errs.Publicf(errs.ErrConflict, "This event has ended, so it takes no registrations.")
	case e.RegistrationOpensAt != nil && now.Before(*e.RegistrationOpensAt):
		return errs.Publicf(errs.ErrConflict, "Registration opens on %s.", e.RegistrationOpensAt.UTC().Format("2 January 2006 at 15:04 UTC"))
	case e.RegistrationClosesAt != nil && !now.Before(*e.RegistrationClosesAt):
		return errs.Publicf(errs.ErrConflict, "Registration for this event has closed.")
	}
	return nil
}

func (e eventInfo) admits(email string) bool {
	switch e.Approval {
	case ApprovalManual:
		return false
	case ApprovalDomains:
		return domainApproved(email, e.ApprovedDomains)
	}
	return true
}

// Register records a registration for a published, open event. A repeat of
// an email already registered (whatever its case) creates nothing: its
// registrant is emailed their link, unless it was emailed in the last ten
// minutes. The answer is the same for both (see Receipt).
func (s *Service) Register(ctx context.Context, slug string, n NewRegistration) (Receipt, error) {
	e, err := s.eventInfoFor(ctx, slug)
	if err != nil {
		return Receipt{}, err
	}
	if err := e.admissionError(s.now()); err != nil {
		return Receipt{}, err
	}
	answers, err := n.validate(e.Questions, e.Offers)
	if err != nil {
		return Receipt{}, err
	}
	var orgs, wordings []string
	for _, o := range e.Offers {
		for _, id := range n.PartnerConsents {
			if id == o.OrganisationID {
				orgs, wordings = append(orgs, o.OrganisationID), append(wordings, o.Wording)
			}
		}
	}
	if !e.SellsTickets && (n.TicketTypeID != "" || n.PromoCode != "") {
		return Receipt{}, errs.Validation{"ticket_type_id": "This event has no tickets to choose; register without one."}
	}
	id := uuid.NewString()
	_, hash := s.keys.Manage(id, 0)
	p := prepared{
		id: id, eventID: e.ID, email: n.Email, first: n.FirstName, last: n.LastName, job: n.JobTitle,
		org: n.Organisation, sector: n.Sector, country: n.Country, access: n.AccessibilityNeeds, answers: answers,
		tokenHash: hash, admitted: e.admits(n.Email),
		consentOrgs: orgs, consentWordings: wordings,
	}
	var status Status
	if e.SellsTickets {
		status, err = s.registerTicket(ctx, p, n)
	} else {
		status, err = s.batches.write(ctx, p)
	}
	if err != nil {
		return Receipt{}, err
	}
	if status == "" {
		if err := s.emailLink(ctx, e.ID, n.Email); err != nil {
			return Receipt{}, err
		}
	}
	r := Receipt{Email: n.Email, Message: "We have emailed " + n.Email +
		" about your registration, with your private link to see or change it. If it has not arrived in a few minutes, look in your spam folder."}
	if status == StatusPendingPayment {
		r = s.checkoutReceipt(ctx, id, r)
	}
	return r, nil
}

// Form describes the registration form of a published (or cancelled)
// event, and what sending it would get now, so that the answer to a
// registration need not say.
type Form struct {
	Open         bool   `json:"open"`
	ClosedReason string `json:"closed_reason"`
	// PlacesLeft is the number of free places; nil when the event has no
	// capacity, 0 when a registration would join the waiting list.
	PlacesLeft      *int           `json:"places_left"`
	Approval        Approval       `json:"approval"`
	Sectors         []string       `json:"sectors"`
	Questions       []Question     `json:"questions"`
	PartnerConsents []ConsentOffer `json:"partner_consents"`
}

// FormFor returns the form of a published or cancelled event, saying
// whether it is open. A draft has none.
func (s *Service) FormFor(ctx context.Context, slug string) (Form, error) {
	e, err := s.eventInfoFor(ctx, slug)
	if err != nil {
		return Form{}, err
	}
	if !e.public() {
		return Form{}, fmt.Errorf("registrations: form of %s: %w", slug, errs.ErrNotFound)
	}
	f := Form{Open: true, Approval: e.Approval, Sectors: Sectors, Questions: e.Questions, PartnerConsents: e.Offers}
	if f.Questions == nil {
		f.Questions = []Question{}
	}
	if f.PartnerConsents == nil {
		f.PartnerConsents = []ConsentOffer{}
	}
	if err := e.admissionError(s.now()); err != nil {
		var public *errs.Public
		f.Open, f.ClosedReason = false, "Registration is closed."
		if errors.As(err, &public) {
			f.ClosedReason = public.Detail
		}
		return f, nil
	}
	if e.Capacity != nil {
		if f.PlacesLeft, err = freeSeats(ctx, s.db, e.ID); err != nil {
			return Form{}, err
		}
	}
	return f, nil
}

// cancel ends a registration and, when it held a seat, promotes the next
// person on the waitlist into it, in the same transaction.
func (s *Service) cancel(ctx context.Context, tx pgx.Tx, r Registration) error {
	var seatID *int64
	var promoID *string
	var paid, invoiced bool
	if err := tx.QueryRow(ctx, `SELECT seat_id, promo_code_id::text, paid_at IS NOT NULL, pay_by_invoice FROM registrations WHERE id = $1`,
		r.ID).Scan(&seatID, &promoID, &paid, &invoiced); err != nil {
		return err
	}
	if err := setStatus(ctx, tx, r.ID, StatusCancelled, nil, false); err != nil {
		return err
	}
	// A code redeemed for a ticket never paid for is given back; a paid
	// one is refunded by the event's policy (once, whoever cancels); an
	// invoice is credited.
	if promoID != nil && !paid && s.tickets != nil {
		if err := s.tickets.ReleasePromo(ctx, tx, *promoID); err != nil {
			return err
		}
	}
	if (paid || invoiced) && s.tickets != nil {
		if err := s.tickets.RefundTx(ctx, tx, r.ID, false); err != nil {
			return err
		}
	}
	if seatID == nil {
		return nil
	}
	return s.fillSeat(ctx, tx, r.EventID, *seatID)
}

// fillSeat gives a freed seat to the first person waiting, or frees it.
// The caller holds the seat lock, so the waitlist is settled; a row
// locked for a moment (an attendee editing their details) is waited for,
// not skipped, or the second in line would go first.
func (s *Service) fillSeat(ctx context.Context, tx pgx.Tx, eventID string, seatID int64) error {
	var next string
	err := tx.QueryRow(ctx, `
		SELECT id FROM registrations WHERE event_id = $1 AND status = 'waitlisted'
		ORDER BY arrival LIMIT 1 FOR UPDATE`, eventID).Scan(&next)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = tx.Exec(ctx, `UPDATE seats SET registration_id = NULL WHERE id = $1`, seatID)
		return err
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE seats SET registration_id = $2 WHERE id = $1`, seatID, next); err != nil {
		return err
	}
	status, err := seat(ctx, tx, next, &seatID, false, s.holdUntil())
	if err != nil {
		return err
	}
	return s.tell(ctx, tx, notice.Notice{RegistrationID: next, Kind: promotedKind(status)})
}

// admit confirms a registration into a free seat (or without one when the
// event has no capacity), or puts it on the waitlist. The caller holds the
// seat lock, so the capacity read here stands until it commits.
func (s *Service) admit(ctx context.Context, tx pgx.Tx, r Registration) (Status, error) {
	var limited bool
	if err := tx.QueryRow(ctx, `SELECT capacity IS NOT NULL FROM events WHERE id = $1`, r.EventID).Scan(&limited); err != nil {
		return "", fmt.Errorf("registrations: capacity of %s: %w", r.EventID, postgres.MapError(err))
	}
	if !limited {
		return seat(ctx, tx, r.ID, nil, true, s.holdUntil())
	}
	seatID, ok, err := claimSeat(ctx, tx, r.EventID, r.ID)
	if err != nil {
		return "", err
	}
	if !ok {
		return StatusWaitlisted, setStatus(ctx, tx, r.ID, StatusWaitlisted, nil, false)
	}
	return seat(ctx, tx, r.ID, &seatID, false, s.holdUntil())
}

// withRegistration runs fn with the registration locked, holding its
// event's seat lock (taken first: the order every writer keeps).
func (s *Service) withRegistration(ctx context.Context, id string, fn func(tx pgx.Tx, r Registration) error) error {
	if uuid.Validate(id) != nil {
		return fmt.Errorf("registrations: %q: %w", id, errs.ErrNotFound)
	}
	var eventID string
	err := postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT event_id FROM registrations WHERE id = $1`, id).Scan(&eventID); err != nil {
			return fmt.Errorf("registrations: %s: %w", id, postgres.MapError(err))
		}
		if err := lockSeats(ctx, tx, eventID); err != nil {
			return err
		}
		r, err := registrationByID(ctx, tx, id, true)
		if err != nil {
			return err
		}
		return fn(tx, r)
	})
	if err == nil {
		// Cancelling, approving or promoting may take or free a seat.
		s.placesChanged(eventID)
	}
	return err
}
