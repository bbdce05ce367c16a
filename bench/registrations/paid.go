package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/bench/measure"
	"plenary/internal/app"
	"plenary/internal/payments"
)

// paidBurst sends the same burst as the free one to a second event of the
// same capacity whose one ticket type costs 45.00 GBP, every registration
// naming it. It also returns the CPU time stripe-mock used meanwhile.
func paidBurst(ctx context.Context, a *app.App, o options, cpu func() measure.CPUTimes, stripeMockPID int) (burstResult, time.Duration, error) {
	eventID, err := publishEvent(ctx, a, "paid", o.k)
	if err != nil {
		return burstResult{}, 0, err
	}
	t, err := a.Payments.CreateTicketType(ctx, eventID, payments.TicketTypeInput{Name: "Standard", Price: 4500, Currency: "GBP"})
	if err != nil {
		return burstResult{}, 0, fmt.Errorf("ticket type: %w", err)
	}
	before := measure.CPUTime(stripeMockPID)
	r, err := burst(a, "paid", t.ID, o.n, o.c, cpu, true)
	return r, measure.CPUTime(stripeMockPID) - before, err
}

// reportPaid prints the paid burst beside the free one and fails unless
// exactly min(N, K) places are held, each with a Checkout Session, and
// the rest waitlisted.
func reportPaid(ctx context.Context, pool *pgxpool.Pool, o options, free, paid burstResult, stripeMockCPU time.Duration) error {
	confirmed, waitlisted, held, err := statusCounts(ctx, pool, "paid")
	if err != nil {
		return err
	}
	var sessions int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM payments p JOIN registrations r ON r.id = p.registration_id
		JOIN events e ON e.id = r.event_id WHERE e.slug = 'paid' AND p.stripe_session_id IS NOT NULL`).Scan(&sessions); err != nil {
		return err
	}
	fmt.Printf("%-30s%s\n", fmt.Sprintf("paid registrations, C=%d", o.c), figures(paid.Result, paid.cpu))
	fmt.Println("  (paid: each registration is written alone under the event's exclusive seat lock, not in a shared batch,")
	fmt.Println("   then each hold makes one Stripe call, a Checkout Session; stripe-mock answers on loopback, so Stripe's")
	fmt.Printf("   real latency is not in the figure; stripe-mock used %.3f CPU ms per registration, in the machine column)\n",
		perRegistration(stripeMockCPU, paid.Result)*1000)
	fmt.Printf("ratio paid / free: %.2f of the rate, p50 x%.1f, p99 x%.1f, CPU per registration x%.1f this process, x%.1f PostgreSQL\n",
		paid.Rate()/free.Rate(),
		ratio(paid.Percentile(50).Seconds(), free.Percentile(50).Seconds()),
		ratio(paid.Percentile(99).Seconds(), free.Percentile(99).Seconds()),
		ratio(perRegistration(paid.cpu.Self, paid.Result), perRegistration(free.cpu.Self, free.Result)),
		ratio(perRegistration(paid.cpu.Postgres, paid.Result), perRegistration(free.cpu.Postgres, free.Result)))
	failed := paid.rejected + paid.Failed
	fmt.Printf("paid: held (pending_payment) %d, waitlisted %d, confirmed %d, Checkout sessions %d, errors %d\n",
		held, waitlisted, confirmed, sessions, failed)
	wantHeld := min(o.n, o.k)
	if held != wantHeld || waitlisted != o.n-wantHeld || confirmed != 0 || sessions != wantHeld || failed != 0 {
		return fmt.Errorf("paid burst: want %d held with as many Checkout sessions, %d waitlisted, no errors (first error: %v)",
			wantHeld, o.n-wantHeld, paid.FirstErr)
	}
	return nil
}

// statusCounts counts the registrations of the event slug that are
// confirmed, waitlisted and held for payment.
func statusCounts(ctx context.Context, pool *pgxpool.Pool, slug string) (confirmed, waitlisted, held int, err error) {
	err = pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE r.status = 'confirmed'), count(*) FILTER (WHERE r.status = 'waitlisted'),
		count(*) FILTER (WHERE r.status = 'pending_payment')
		FROM registrations r JOIN events e ON e.id = r.event_id WHERE e.slug = $1`, slug).Scan(&confirmed, &waitlisted, &held)
	return confirmed, waitlisted, held, err
}

// perRegistration is CPU seconds per successful registration.
func perRegistration(d time.Duration, r measure.Result) float64 {
	return d.Seconds() / float64(max(1, len(r.Latencies)))
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
