package registrations

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/notice"
	"plenary/internal/postgres"
)

// Group commit. Registrations for one event queue in this process and are
// written together: one transaction claims the seats the whole batch needs
// with one FOR UPDATE SKIP LOCKED query and inserts the batch with one
// statement per table. While a batch is in flight the next one gathers, so
// batches grow with the load and cost nothing when it is light. Batches in
// other processes take other seats (SKIP LOCKED); the CHECK and UNIQUE
// constraints on seats remain the backstop.
//
// Nobody waits while a seat is free: a batch that seats everyone it admits
// holds the event's seat lock shared, beside other such batches; a batch
// that would put anyone on the waitlist is written again holding it
// exclusively (see lockSeats), so it sees every seat as it is, and no seat
// is freed while it decides.

// maxBatch bounds one transaction's registrations.
const maxBatch = 128

// workersPerEvent overlap one batch's round trips with the next one's.
const workersPerEvent = 2

// prepared is a validated registration, ready to write.
type prepared struct {
	id, eventID                  string
	email, first, last, job, org string
	sector, country, access      string
	answers                      []byte
	tokenHash                    []byte
	admitted                     bool
	consentOrgs, consentWordings []string
	// A ticket (registerTicket): its type, the promo code redeemed, what
	// is owed after it and in which currency; owing, a place is held
	// until holdUntil.
	ticketTypeID, promoCodeID *string
	amount                    int64
	currency                  *string
	holdUntil                 time.Time
	// Paid by invoice: invoiceConfirms confirms it before it is paid.
	invoice, invoiceConfirms bool
}

type outcome struct {
	status Status // "" for a repeat of a registered email
	err    error
}

type queued struct {
	reg   prepared
	reply chan outcome
}

type batcher struct {
	db     postgres.Beginner
	notify func(ctx context.Context, tx pgx.Tx, notices ...notice.Notice) error
	// seated hears after commit of each batch that took seats.
	seated func(eventID string)
	mu     sync.Mutex
	queues map[string]chan queued
	// frontier is, per event, the highest seat this process has claimed.
	// Seats are claimed in id order, so the free ones are mostly above it;
	// searching from there skips the index entries of seats already taken,
	// which PostgreSQL would otherwise step over on every claim.
	frontier sync.Map // event id → *atomic.Int64
	// full is, per event, whether this process last found no seat for
	// someone. It only chooses how the next batch starts (holding the seat
	// lock exclusively rather than trying shared first); every batch reads
	// the seats themselves, so it can be stale without harm.
	full sync.Map // event id → struct{}
}

// errShort rolls back a batch that holds the seat lock shared and found
// fewer free seats than it admits people.
var errShort = errors.New("registrations: fewer free seats than the batch needs")

// forget drops what this process assumes about an event's seats, as when
// its capacity changes.
func (b *batcher) forget(eventID string) { b.full.Delete(eventID) }

func newBatcher(db postgres.Beginner, notify func(ctx context.Context, tx pgx.Tx, notices ...notice.Notice) error, seated func(eventID string)) *batcher {
	return &batcher{db: db, notify: notify, seated: seated, queues: map[string]chan queued{}}
}

// write queues a registration for its event's next batch and waits.
func (b *batcher) write(ctx context.Context, r prepared) (Status, error) {
	b.mu.Lock()
	q, ok := b.queues[r.eventID]
	if !ok {
		q = make(chan queued, 4*maxBatch)
		b.queues[r.eventID] = q
		for range workersPerEvent {
			go b.work(q)
		}
	}
	b.mu.Unlock()
	reply := make(chan outcome, 1)
	select {
	case q <- queued{reg: r, reply: reply}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	select {
	case o := <-reply:
		return o.status, o.err
	case <-ctx.Done():
		// The batch may still commit it; the registrant's email says so.
		return "", ctx.Err()
	}
}

// work writes batches from q for as long as the process runs; an event
// that gets registrations keeps its two idle goroutines.
func (b *batcher) work(q chan queued) {
	for first := range q {
		batch := []queued{first}
	gather:
		for len(batch) < maxBatch {
			select {
			case next := <-q:
				batch = append(batch, next)
			default:
				break gather
			}
		}
		statuses, err := b.writeBatch(context.Background(), batch)
		if err != nil && len(batch) > 1 {
			// One bad registration must not sink the others: write each alone.
			for _, item := range batch {
				alone, err := b.writeBatch(context.Background(), []queued{item})
				b.reply(item, alone, err)
			}
			continue
		}
		for i, item := range batch {
			if err != nil {
				item.reply <- outcome{err: err}
			} else {
				item.reply <- outcome{status: statuses[i]}
			}
		}
	}
}

func (b *batcher) reply(item queued, statuses []Status, err error) {
	if err != nil {
		item.reply <- outcome{err: err}
		return
	}
	item.reply <- outcome{status: statuses[0]}
}

// writeBatch writes a batch and returns each one's status, "" for repeats
// of registered emails (in the database or earlier in the batch). It tries
// beside other batches first, unless the event was full at the last look;
// a batch that cannot seat everyone it admits is written alone.
func (b *batcher) writeBatch(ctx context.Context, batch []queued) ([]Status, error) {
	eventID := batch[0].reg.eventID
	if _, full := b.full.Load(eventID); !full {
		statuses, err := b.writeBatchHolding(ctx, batch, false)
		if !errors.Is(err, errShort) {
			return statuses, err
		}
		b.full.Store(eventID, struct{}{})
	}
	return b.writeBatchHolding(ctx, batch, true)
}

// writeBatchHolding writes a batch in one transaction holding the event's
// seat lock, shared or (alone) exclusively.
func (b *batcher) writeBatchHolding(ctx context.Context, batch []queued, alone bool) ([]Status, error) {
	statuses := make([]Status, len(batch))
	eventID := batch[0].reg.eventID
	tookSeats := false
	err := postgres.InTx(ctx, b.db, func(tx pgx.Tx) error {
		clear(statuses)
		tookSeats = false
		// Emails already registered are found by the insert's ON CONFLICT
		// (the unique index probes each one); only repeats within the batch
		// are found here.
		taken := map[string]bool{}
		var fresh []int // indexes of new registrations, in arrival order
		wantSeats := 0
		for i, q := range batch {
			email := strings.ToLower(q.reg.email)
			if taken[email] {
				continue
			}
			taken[email] = true
			fresh = append(fresh, i)
			if q.reg.admitted {
				wantSeats++
			}
		}
		limited, seats, err := b.claimSeats(ctx, tx, eventID, wantSeats, alone)
		if err != nil {
			return err
		}
		tookSeats = len(seats) > 0
		switch {
		case !limited || wantSeats == 0:
		case len(seats) < wantSeats && !alone:
			return errShort
		case len(seats) == wantSeats && alone:
			b.full.Delete(eventID)
		}
		return b.insertBatch(ctx, tx, batch, fresh, limited, seats, statuses)
	})
	if err != nil {
		return nil, fmt.Errorf("registrations: write batch of %d: %w", len(batch), err)
	}
	if tookSeats {
		b.seated(eventID)
	}
	return statuses, nil
}

// insertBatch inserts the fresh registrations, giving seats in arrival
// order, their consents, and the messages they are owed.
func (b *batcher) insertBatch(ctx context.Context, tx pgx.Tx, batch []queued, fresh []int, limited bool, seats []int64, statuses []Status) error {
	n := len(fresh)
	cols := struct {
		ids, events, statusCol, first, last, email, job, org, sector, country, access []string
		seatIDs                                                                       []*int64
		unlimited, invoices, invoiceConfirms                                          []bool
		answers, hashes                                                               [][]byte
		types, promos, currencies                                                     []*string
		amounts                                                                       []int64
		holds                                                                         []*time.Time
	}{}
	var consentRegs, consentOrgs, consentWordings []string
	next := 0
	for _, i := range fresh {
		r := batch[i].reg
		status, unlimited := StatusPendingApproval, false
		var seat *int64
		var hold *time.Time
		switch {
		case !r.admitted:
		case !limited:
			status, unlimited = StatusConfirmed, true
		case next < len(seats):
			status, seat = StatusConfirmed, &seats[next]
			next++
		default:
			status = StatusWaitlisted
		}
		if status == StatusConfirmed && r.amount > 0 && !r.invoiceConfirms {
			status, hold = StatusPendingPayment, &r.holdUntil
		}
		statuses[i] = status
		cols.ids = append(cols.ids, r.id)
		cols.events = append(cols.events, r.eventID)
		cols.statusCol = append(cols.statusCol, string(status))
		cols.seatIDs = append(cols.seatIDs, seat)
		cols.unlimited = append(cols.unlimited, unlimited)
		cols.first, cols.last, cols.email = append(cols.first, r.first), append(cols.last, r.last), append(cols.email, r.email)
		cols.job, cols.org, cols.sector = append(cols.job, r.job), append(cols.org, r.org), append(cols.sector, r.sector)
		cols.country, cols.access = append(cols.country, r.country), append(cols.access, r.access)
		cols.answers, cols.hashes = append(cols.answers, r.answers), append(cols.hashes, r.tokenHash)
		cols.types, cols.promos, cols.currencies = append(cols.types, r.ticketTypeID), append(cols.promos, r.promoCodeID), append(cols.currencies, r.currency)
		cols.amounts, cols.holds = append(cols.amounts, r.amount), append(cols.holds, hold)
		cols.invoices, cols.invoiceConfirms = append(cols.invoices, r.invoice), append(cols.invoiceConfirms, r.invoiceConfirms)
		for j := range r.consentOrgs {
			consentRegs, consentOrgs, consentWordings = append(consentRegs, r.id), append(consentOrgs, r.consentOrgs[j]), append(consentWordings, r.consentWordings[j])
		}
	}
	if n == 0 {
		return nil
	}
	// ON CONFLICT: the same email may be registering through another
	// process at this moment; that one wins and this one is a repeat. A
	// cancelled registration holds no email (its registrant comes back as new).
	rows, _ := tx.Query(ctx, `
		INSERT INTO registrations (id, event_id, status, seat_id, unlimited, first_name, last_name, email, job_title,
			organisation, sector, country, accessibility_needs, answers, token_hash,
			ticket_type_id, promo_code_id, amount, currency, hold_expires_at, pay_by_invoice, invoice_confirms)
		SELECT r.id, r.event_id, r.status, r.seat_id, r.unlimited, r.first_name, r.last_name, r.email, r.job_title,
			r.organisation, r.sector, r.country, r.accessibility_needs, r.answers, r.token_hash,
			r.ticket_type_id, r.promo_code_id, r.amount, r.currency, r.hold_expires_at, r.pay_by_invoice, r.invoice_confirms
		FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::bool[], $6::text[], $7::text[],
			$8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::bytea[],
			$16::uuid[], $17::uuid[], $18::bigint[], $19::text[], $20::timestamptz[], $21::bool[], $22::bool[])
			WITH ORDINALITY AS r(id, event_id, status, seat_id, unlimited, first_name, last_name, email, job_title,
				organisation, sector, country, accessibility_needs, answers, token_hash,
				ticket_type_id, promo_code_id, amount, currency, hold_expires_at, pay_by_invoice, invoice_confirms, arrival_order)
		ORDER BY r.arrival_order
		ON CONFLICT (event_id, lower(email)) WHERE status <> 'cancelled' DO NOTHING
		RETURNING id`,
		cols.ids, cols.events, cols.statusCol, cols.seatIDs, cols.unlimited, cols.first, cols.last, cols.email, cols.job,
		cols.org, cols.sector, cols.country, cols.access, cols.answers, cols.hashes,
		cols.types, cols.promos, cols.amounts, cols.currencies, cols.holds, cols.invoices, cols.invoiceConfirms)
	inserted, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return postgres.MapError(err)
	}
	if len(inserted) < n {
		if err := settleRepeats(ctx, tx, batch, fresh, cols.seatIDs, inserted, statuses); err != nil {
			return err
		}
	}
	// Seats and messages from the outcome as finally settled, by key:
	// joining the batch back to registrations would scan the table.
	var seatIDs []int64
	var seatRegs []string
	var notices []notice.Notice
	for k, i := range fresh {
		if statuses[i] == "" {
			continue
		}
		r := batch[i].reg
		if cols.seatIDs[k] != nil {
			seatIDs, seatRegs = append(seatIDs, *cols.seatIDs[k]), append(seatRegs, r.id)
		}
		if n := told(r.id, statuses[i]); n.Kind != "" {
			if r.invoice && statuses[i] == StatusPendingPayment {
				n.Kind = notice.KindInvoiceDue
			}
			notices = append(notices, n)
		}
	}
	if len(seatIDs) > 0 {
		if _, err := tx.Exec(ctx, `
			UPDATE seats SET registration_id = s.reg
			FROM unnest($1::bigint[], $2::uuid[]) AS s(id, reg) WHERE seats.id = s.id`, seatIDs, seatRegs); err != nil {
			return err
		}
	}
	if len(consentRegs) > 0 {
		if _, err := tx.Exec(ctx, `
			INSERT INTO partner_consents (registration_id, organisation_id, wording)
			SELECT c.reg, c.org, c.wording FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS c(reg, org, wording)
			WHERE c.reg = ANY($4)`, consentRegs, consentOrgs, consentWordings, inserted); err != nil {
			return err
		}
	}
	return b.notify(ctx, tx, notices...)
}

// settleRepeats marks the registrations the insert skipped (their email was
// already registered) as repeats, and gives the seats they had been given
// to registrations of the batch that were waitlisted, in arrival order.
func settleRepeats(ctx context.Context, tx pgx.Tx, batch []queued, fresh []int, seats []*int64, inserted []string, statuses []Status) error {
	done := map[string]bool{}
	for _, id := range inserted {
		done[id] = true
	}
	var spare []int64
	for k, i := range fresh {
		if !done[batch[i].reg.id] {
			if seats[k] != nil {
				spare = append(spare, *seats[k])
				seats[k] = nil
			}
			statuses[i] = ""
		}
	}
	for k, i := range fresh {
		if len(spare) == 0 {
			break
		}
		if done[batch[i].reg.id] && statuses[i] == StatusWaitlisted {
			seatID := spare[0]
			spare = spare[1:]
			status, err := seat(ctx, tx, batch[i].reg.id, &seatID, false, batch[i].reg.holdUntil)
			if err != nil {
				return err
			}
			statuses[i], seats[k] = status, &seatID
		}
	}
	return nil
}
