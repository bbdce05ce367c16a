package registrations

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/notice"
	"plenary/internal/postgres"
)

// The seat lock. Each event has one advisory lock over its seats and its
// waitlist, always taken after a KEY SHARE lock on the event's row (saving
// an event locks its row first, so every writer keeps that order).
// Registration batches that seat everyone they admit hold it shared, side
// by side. Whatever frees a seat or puts someone on the waitlist holds it
// exclusively: cancellations and organisers' decisions, capacity changes,
// and batches that found too few seats. So no seat is freed unseen while
// someone is being waitlisted, and a freed seat goes to the first in line
// in the transaction that frees it: nobody waits beside a free seat, and
// no newcomer is seated ahead of someone waiting. This is no counter row:
// while seats are free, batches never wait for each other.

// seatLockClass is the first key of every event's seat lock ("SEAT");
// the second is a hash of the event's id.
const seatLockClass = 0x53454154

func queueSeatLock(q *pgx.Batch, eventID string, exclusive bool) {
	q.Queue(`SELECT FROM events WHERE id = $1 FOR KEY SHARE`, eventID)
	lock := "pg_advisory_xact_lock_shared"
	if exclusive {
		lock = "pg_advisory_xact_lock"
	}
	q.Queue(`SELECT `+lock+`($1, hashtext($2))`, seatLockClass, eventID)
}

// lockSeats takes the event's seat lock exclusively until tx ends.
func lockSeats(ctx context.Context, tx pgx.Tx, eventID string) error {
	var q pgx.Batch
	queueSeatLock(&q, eventID, true)
	if err := tx.SendBatch(ctx, &q).Close(); err != nil {
		return fmt.Errorf("registrations: seat lock of %s: %w", eventID, postgres.MapError(err))
	}
	return nil
}

// SyncSeats makes the event's seats match its capacity, inside the
// transaction that changes the capacity: more seats promote people from the
// waitlist; fewer seats take only free ones (never a confirmed person's);
// no capacity confirms everyone waiting.
func (s *Service) SyncSeats(ctx context.Context, tx pgx.Tx, eventID string, capacity *int) error {
	s.batches.forget(eventID)
	if err := lockSeats(ctx, tx, eventID); err != nil {
		return err
	}
	var seats, held int
	if err := tx.QueryRow(ctx, `SELECT count(*), count(registration_id) FROM seats WHERE event_id = $1`, eventID).Scan(&seats, &held); err != nil {
		return err
	}
	var unlimitedConfirmed int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM registrations WHERE event_id = $1 AND unlimited`, eventID).Scan(&unlimitedConfirmed); err != nil {
		return err
	}
	if capacity == nil {
		return s.removeCapacity(ctx, tx, eventID)
	}
	want := *capacity
	if confirmed := held + unlimitedConfirmed; want < confirmed {
		return errs.Validation{"capacity": fmt.Sprintf("%d people are confirmed; the capacity cannot be lower.", confirmed)}
	}
	if want > seats {
		if _, err := tx.Exec(ctx, `INSERT INTO seats (event_id) SELECT $1 FROM generate_series(1, $2)`, eventID, want-seats); err != nil {
			return err
		}
	} else if want < seats {
		tag, err := tx.Exec(ctx, `
			DELETE FROM seats WHERE id IN (
				SELECT id FROM seats WHERE event_id = $1 AND registration_id IS NULL
				ORDER BY id DESC LIMIT $2 FOR UPDATE SKIP LOCKED)`, eventID, seats-want)
		if err != nil {
			return err
		}
		if int(tag.RowsAffected()) != seats-want {
			return errs.Publicf(errs.ErrRetry, "Registrations are arriving; try the capacity change again.")
		}
	}
	// People confirmed while the event had no capacity take seats now.
	rows, _ := tx.Query(ctx, `SELECT id FROM registrations WHERE event_id = $1 AND unlimited ORDER BY arrival FOR UPDATE`, eventID)
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, id := range ids {
		seatID, ok, err := claimSeat(ctx, tx, eventID, id)
		if err != nil || !ok {
			return fmt.Errorf("registrations: seat for %s: ok %v: %w", id, ok, err)
		}
		if _, err := seat(ctx, tx, id, &seatID, false, s.holdUntil()); err != nil {
			return err
		}
	}
	return s.promoteIntoFreeSeats(ctx, tx, eventID)
}

// promoteIntoFreeSeats fills free seats from the waitlist, in order.
func (s *Service) promoteIntoFreeSeats(ctx context.Context, tx pgx.Tx, eventID string) error {
	for {
		var seatID int64
		err := tx.QueryRow(ctx, `SELECT id FROM seats WHERE event_id = $1 AND registration_id IS NULL ORDER BY id LIMIT 1 FOR UPDATE`, eventID).Scan(&seatID)
		if err == pgx.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		var waiting bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM registrations WHERE event_id = $1 AND status = 'waitlisted')`, eventID).Scan(&waiting); err != nil || !waiting {
			return err
		}
		if err := s.fillSeat(ctx, tx, eventID, seatID); err != nil {
			return err
		}
	}
}

func (s *Service) removeCapacity(ctx context.Context, tx pgx.Tx, eventID string) error {
	_, err := tx.Exec(ctx, `
		UPDATE registrations SET seat_id = NULL, unlimited = true, updated_at = now()
		WHERE event_id = $1 AND status IN ('confirmed', 'pending_payment') AND seat_id IS NOT NULL`, eventID)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM seats WHERE event_id = $1`, eventID); err != nil {
		return err
	}
	// Those who owe money are held, not confirmed (see seat).
	rows, _ := tx.Query(ctx, `
		UPDATE registrations SET unlimited = true, updated_at = now(),
			status = CASE WHEN amount > 0 AND paid_at IS NULL AND NOT invoice_confirms THEN 'pending_payment' ELSE 'confirmed' END,
			hold_expires_at = CASE WHEN amount > 0 AND paid_at IS NULL AND NOT invoice_confirms THEN $2::timestamptz END
		WHERE event_id = $1 AND status = 'waitlisted' RETURNING id, status = 'confirmed'`, eventID, s.holdUntil())
	type changed struct {
		ID        string
		Confirmed bool
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[changed])
	if err != nil {
		return err
	}
	notices := make([]notice.Notice, len(all))
	for i, c := range all {
		status := StatusPendingPayment
		if c.Confirmed {
			status = StatusConfirmed
		}
		notices[i] = notice.Notice{RegistrationID: c.ID, Kind: promotedKind(status)}
	}
	return s.tell(ctx, tx, notices...)
}

// claimSeats takes the event's seat lock (exclusively when alone), reads
// whether the event has a capacity now, and locks up to want free seats,
// lowest ids first, in one round trip. Shared, it skips seats other
// batches hold and searches above this process's frontier first, then
// (for seats freed below it, or taken by other processes' batches) from
// the start; alone, no other batch is in flight and it reads them all.
func (b *batcher) claimSeats(ctx context.Context, tx pgx.Tx, eventID string, want int, alone bool) (limited bool, seats []int64, err error) {
	v, _ := b.frontier.LoadOrStore(eventID, new(atomic.Int64))
	frontier := v.(*atomic.Int64)
	var q pgx.Batch
	queueSeatLock(&q, eventID, alone)
	q.Queue(`SELECT capacity IS NOT NULL FROM events WHERE id = $1`, eventID).QueryRow(func(row pgx.Row) error {
		return row.Scan(&limited)
	})
	collect := func(rows pgx.Rows) error {
		more, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		seats = append(seats, more...)
		return err
	}
	if alone {
		q.Queue(`
			SELECT id FROM seats WHERE event_id = $1 AND registration_id IS NULL
			ORDER BY id LIMIT $2 FOR UPDATE`, eventID, want).Query(collect)
	} else {
		q.Queue(`
			SELECT id FROM seats WHERE event_id = $1 AND registration_id IS NULL AND id > $2
			ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`, eventID, frontier.Load(), want).Query(collect)
	}
	if err := tx.SendBatch(ctx, &q).Close(); err != nil {
		return false, nil, err
	}
	if !alone && len(seats) < want && frontier.Load() > 0 {
		rows, _ := tx.Query(ctx, `
			SELECT id FROM seats WHERE event_id = $1 AND registration_id IS NULL AND id <= $2
			ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`, eventID, frontier.Load(), want-len(seats))
		more, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return false, nil, err
		}
		seats = append(more, seats...)
	}
	for _, id := range seats {
		for {
			cur := frontier.Load()
			if id <= cur || frontier.CompareAndSwap(cur, id) {
				break
			}
		}
	}
	return limited, seats, nil
}
