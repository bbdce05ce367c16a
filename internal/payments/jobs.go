package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/stripe/stripe-go/v76"

	"plenary/internal/jobs"
	"plenary/internal/notice"
	"plenary/internal/postgres"
)

// The payments jobs: holds released within a minute of their expiry;
// sessions still unsettled past their expiry asked of Stripe, so a lost
// webhook loses nothing; refunds made through Stripe.

const (
	releaseEvery   = 15 * time.Second // a hold is released at most this long after it ends (and one batch's time)
	reconcileEvery = 5 * time.Minute
	reconcileGrace = 2 * time.Minute // the webhook's own time to arrive
	jobBatch       = 200
)

// ReleaseHoldsArgs is the periodic job that releases ended holds.
type ReleaseHoldsArgs struct{}

// Kind names the job for River.
func (ReleaseHoldsArgs) Kind() string { return "payments_release_holds" }

// ReconcileArgs is the periodic job that settles sessions Stripe has
// not told us about.
type ReconcileArgs struct{}

// Kind names the job for River.
func (ReconcileArgs) Kind() string { return "payments_reconcile" }

// RefundArgs asks Stripe to make a refund recorded on a payment.
type RefundArgs struct {
	PaymentID string      `json:"payment_id"`
	Notice    notice.Kind `json:"notice"` // what the buyer is told once it is made
}

// Kind names the job for River.
func (RefundArgs) Kind() string { return "payments_refund" }

// registerJobs adds the workers and the periodic jobs.
func (s *Service) registerJobs(c *jobs.Client) error {
	jobs.Register(c, &releaseWorker{s: s})
	jobs.Register(c, &reconcileWorker{s: s})
	jobs.Register(c, &refundWorker{s: s})
	for _, j := range []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(releaseEvery),
			func() (river.JobArgs, *river.InsertOpts) { return ReleaseHoldsArgs{}, nil },
			&river.PeriodicJobOpts{ID: "payments_release_holds", RunOnStart: true}),
		river.NewPeriodicJob(river.PeriodicInterval(reconcileEvery),
			func() (river.JobArgs, *river.InsertOpts) { return ReconcileArgs{}, nil },
			&river.PeriodicJobOpts{ID: "payments_reconcile", RunOnStart: true}),
	} {
		if err := c.AddPeriodic(j); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) enqueueRefund(ctx context.Context, tx pgx.Tx, paymentID string, kind notice.Kind) error {
	if s.jobs == nil {
		return errors.New("payments: no job client to make a refund")
	}
	_, err := s.jobs.InsertTx(ctx, tx, RefundArgs{PaymentID: paymentID, Notice: kind}, nil)
	return err
}

type releaseWorker struct {
	river.WorkerDefaults[ReleaseHoldsArgs]
	s *Service
}

func (w *releaseWorker) Work(ctx context.Context, _ *river.Job[ReleaseHoldsArgs]) error {
	_, err := w.s.ReleaseExpiredHolds(ctx)
	return err
}

// ReleaseExpiredHolds releases the holds that have ended (unless a
// payment of theirs is being processed) and says how many it released.
func (s *Service) ReleaseExpiredHolds(ctx context.Context) (int, error) {
	released := 0
	for {
		ids, err := s.regs.ExpiredHolds(ctx, s.now(), jobBatch)
		if err != nil || len(ids) == 0 {
			return released, err
		}
		progress := false
		for _, id := range ids {
			done, err := s.releaseIfEnded(ctx, id)
			if err != nil {
				return released, err
			}
			if done {
				released++
				progress = true
			}
		}
		if !progress || len(ids) < jobBatch {
			return released, nil
		}
	}
}

func (s *Service) releaseIfEnded(ctx context.Context, registrationID string) (bool, error) {
	released := false
	err := s.regs.Settle(ctx, registrationID, func(tx pgx.Tx, h Hold) error {
		if !h.Due() || h.HoldExpiresAt == nil || h.HoldExpiresAt.After(s.now()) {
			return nil
		}
		var processing bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM payments WHERE registration_id = $1 AND status = 'processing')`,
			h.ID).Scan(&processing); err != nil || processing {
			return err
		}
		if err := expireOpenAttempts(ctx, tx, h.ID); err != nil {
			return err
		}
		released = true
		return s.regs.ReleaseHoldTx(ctx, tx, h)
	})
	return released, err
}

type reconcileWorker struct {
	river.WorkerDefaults[ReconcileArgs]
	s *Service
}

func (w *reconcileWorker) Work(ctx context.Context, _ *river.Job[ReconcileArgs]) error {
	return w.s.Reconcile(ctx)
}

// Reconcile asks Stripe about every session still open or processing
// past its expiry (and the webhook's grace), and settles each as Stripe
// says.
func (s *Service) Reconcile(ctx context.Context) error {
	if s.stripe == nil {
		return nil
	}
	ids, err := unsettled(ctx, s.db, s.now().Add(-reconcileGrace), jobBatch)
	if err != nil {
		return err
	}
	var failed []error
	for _, id := range ids {
		params := &stripe.CheckoutSessionParams{}
		params.Context = ctx
		cs, err := s.stripe.CheckoutSessions.Get(id, params)
		if err != nil {
			failed = append(failed, fmt.Errorf("payments: reconcile %s: %w", id, err))
			continue
		}
		if err := s.settle(ctx, sessionOf(cs, false)); err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}

type refundWorker struct {
	river.WorkerDefaults[RefundArgs]
	s *Service
}

func (w *refundWorker) Work(ctx context.Context, job *river.Job[RefundArgs]) error {
	return w.s.makeRefund(ctx, job.Args.PaymentID, job.Args.Notice)
}

// makeRefund asks Stripe for the refund recorded on a payment, with the
// idempotency key refund-{payment id}, then records it and tells the buyer.
func (s *Service) makeRefund(ctx context.Context, paymentID string, kind notice.Kind) error {
	p, err := paymentByID(ctx, s.db, paymentID)
	if err != nil || p.StripeRefundID != nil || p.RefundAmount == 0 {
		return err
	}
	if s.stripe == nil || p.PaymentIntentID == nil {
		return fmt.Errorf("payments: refund %s: no Stripe payment to refund", p.ID)
	}
	params := &stripe.RefundParams{PaymentIntent: p.PaymentIntentID, Amount: stripe.Int64(p.RefundAmount)}
	params.Context = ctx
	params.SetIdempotencyKey("refund-" + p.ID)
	params.AddMetadata("registration_id", p.RegistrationID)
	refund, err := s.stripe.Refunds.New(params)
	if err != nil {
		return fmt.Errorf("payments: refund %s through Stripe: %w", p.ID, err)
	}
	return postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE payments SET stripe_refund_id = $2, refunded_at = coalesce(refunded_at, now()),
			updated_at = now() WHERE id = $1 AND stripe_refund_id IS NULL`, p.ID, refund.ID)
		if err != nil || tag.RowsAffected() == 0 || s.notify == nil {
			return err
		}
		return s.notify.Queue(ctx, tx, notice.Notice{RegistrationID: p.RegistrationID, Kind: kind})
	})
}
