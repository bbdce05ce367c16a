// Command mail queues follow-up messages to N registrants of an ended event
// and times their delivery by the server's River workers to a local
// mailpit; then it sends the very same messages (as the server rendered
// them) with a plain go-mail loop over C connections to the same mailpit:
// the ratio says what the outbox, rendering and job queue cost on top of
// SMTP itself. The two phases alternate for a few rounds, each meeting an
// empty mailpit, and the medians are compared, as a shared machine's
// speed drifts from one minute to the next.
//
// It also prints the CPU time that each process (this one, with the
// server's workers in it; PostgreSQL; mailpit) spent per message, read
// from /proc.
//
//	go run ./bench/mail [-n 10000] [-c 10] [-rounds 3] [-durable=false] [-cpuprofile FILE]
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	gomail "github.com/wneessen/go-mail"

	"plenary/bench/benchdb"
	"plenary/bench/measure"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/mail/mailtest"
)

func main() {
	n := flag.Int("n", 10000, "follow-up messages")
	c := flag.Int("c", 10, "concurrent deliveries (MAIL_WORKERS) and plain-loop connections")
	rounds := flag.Int("rounds", 3, "rounds of both phases, alternating; the medians are compared")
	durable := flag.Bool("durable", true, "flush commits to disk, as the server's own cluster does")
	flag.StringVar(&profileTo, "cpuprofile", "", "write a CPU profile of this process (both phases, every round) to this file")
	flag.Parse()
	if err := run(context.Background(), *n, *c, *rounds, *durable); err != nil {
		fmt.Fprintln(os.Stderr, "bench/mail:", err)
		os.Exit(1)
	}
}

var profileTo string

// phase is what one timed phase measured.
type phase struct {
	rate float64 // messages/s
	cpu  measure.CPUTimes
}

func run(ctx context.Context, n, c, rounds int, durable bool) error {
	dir, err := os.MkdirTemp("", "plenary-bench-mail-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	mp, err := mailtest.Launch(filepath.Join(dir, "mailpit.db"))
	if err != nil {
		return err
	}
	defer mp.Kill()
	pool, stop, err := benchdb.Start(ctx, durable)
	if err != nil {
		return err
	}
	defer stop()
	postmaster, err := benchdb.PostmasterPID(ctx, pool)
	if err != nil {
		return err
	}
	cpu := func() measure.CPUTimes { // mailpit's PID changes whenever it is emptied
		return measure.CPUMeter{Postmaster: postmaster, Others: []int{mp.PID()}}.Read()
	}

	cfg, err := config.Default()
	if err != nil {
		return err
	}
	cfg.SMTPURL, cfg.MailWorkers, cfg.MailFrom = mp.SMTPURL+"?tls=none", c, "Plenary <events@plenary.test>"
	a, err := app.New(ctx, cfg, pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	runCtx, stopApp := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- a.Run(runCtx) }()
	defer func() { stopApp(); <-ran }()

	if profileTo != "" {
		f, err := os.Create(profileTo)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	commits := "durable commits"
	if !durable {
		commits = "fsync off"
	}
	fmt.Printf("N=%d C=%d, %d rounds, one process, %s, mailpit on loopback (emptied before each phase)\n", n, c, rounds, commits)
	var followUps, plains []phase
	var duplicates int
	for round := range rounds {
		// Each phase meets an empty mailpit, never a database that the
		// other phase has just filled or emptied.
		if err := mp.Empty(); err != nil {
			return err
		}
		f, dup, queuedIn, err := followUpPhase(ctx, a, mp, n, fmt.Sprint("burst-", round), cpu)
		if err != nil {
			return err
		}
		duplicates += dup
		if err := mp.Empty(); err != nil {
			return err
		}
		// The baseline sends the very messages the server sent, as rendered.
		sentMessages, err := delivered(ctx, pool, fmt.Sprint("burst-", round))
		if err != nil {
			return err
		}
		before := cpu()
		rate, err := plainLoop(ctx, mp, sentMessages, c)
		if err != nil {
			return fmt.Errorf("plain loop: %w", err)
		}
		p := phase{rate: rate, cpu: cpu().Minus(before)}
		followUps, plains = append(followUps, f), append(plains, p)
		fmt.Printf("round %d: follow-ups %4.0f messages/s (queueing %s), plain loop %4.0f messages/s, ratio %.2f\n",
			round+1, f.rate, queuedIn.Round(time.Millisecond), p.rate, f.rate/p.rate)
	}
	f, p := median(followUps), median(plains)
	fmt.Printf("median: follow-ups (outbox + River + templates + SMTP) %4.0f messages/s; plain go-mail loop, the same messages %4.0f messages/s\n", f.rate, p.rate)
	fmt.Printf("ratio of the medians, follow-ups / plain loop: %.2f\n", f.rate/p.rate)
	fmt.Printf("CPU ms per message (median round)  this process  PostgreSQL  mailpit  whole machine (%d cores)\n", runtime.NumCPU())
	fmt.Printf("  follow-ups                       %12s %11s %8s %8s\n", f.cpu.PerOp(n)...)
	fmt.Printf("  plain loop                       %12s %11s %8s %8s\n", p.cpu.PerOp(n)...)
	var sent, other int
	if err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status <> 'sent') FROM outbox`).
		Scan(&sent, &other); err != nil {
		return err
	}
	fmt.Printf("outbox: %d sent, %d otherwise; duplicates in mailpit: %d\n", sent, other, duplicates)
	claimed, statements, _ := a.Mail.ClaimStats()
	fmt.Printf("claims: %d messages in %d statements (%.2f a statement)\n", claimed, statements, float64(claimed)/float64(max(1, statements)))
	return nil
}

// followUpPhase times the follow-ups to n registrants of a new ended
// event: from publishing its recording, which queues them, until mailpit
// holds them all. It also reports the duplicates mailpit received and how
// long queueing took.
func followUpPhase(ctx context.Context, a *app.App, mp *mailtest.Process, n int, slug string, cpu func() measure.CPUTimes) (phase, int, time.Duration, error) {
	pool := a.Pool()
	eventID, err := endedEventWithRegistrants(ctx, a, n, slug)
	if err != nil {
		return phase{}, 0, 0, err
	}
	before, began := cpu(), time.Now()
	recording := "https://video.example.org/burst"
	if _, err := a.Events.Update(ctx, eventID, events.EventPatch{RecordingURL: &recording}); err != nil {
		return phase{}, 0, 0, err
	}
	// Both phases end when the SMTP server has accepted every message
	// (here: every outbox row is sent; there: every Send has returned),
	// and mailpit lists them all. mailpit is asked only then: counting
	// its messages costs it CPU, so polling it all along would slow the
	// longer phase more.
	if err := waitForSent(ctx, pool, eventID, n, 10*time.Minute); err != nil {
		return phase{}, 0, 0, err
	}
	if err := waitForMessages(mp, n, 10*time.Minute); err != nil {
		return phase{}, 0, 0, err
	}
	f := phase{rate: float64(n) / time.Since(began).Seconds(), cpu: cpu().Minus(before)}
	// How long queueing took, asked only now: counting the outbox while
	// the follow-up job fills it would take CPU from the timed phase.
	var queued time.Time
	if err := pool.QueryRow(ctx, `SELECT finalized_at FROM river_job WHERE kind = 'mail_follow_up' AND args->>'event_id' = $1
		ORDER BY id DESC LIMIT 1`, eventID).Scan(&queued); err != nil {
		return phase{}, 0, 0, err
	}
	queuedIn := queued.Sub(began)
	time.Sleep(time.Second) // anything sent twice would show now
	received, err := count(mp)
	return f, max(0, received-n), queuedIn, err
}

// median is the phase of the median rate.
func median(phases []phase) phase {
	sorted := slices.Clone(phases)
	slices.SortFunc(sorted, func(a, b phase) int { return cmp.Compare(a.rate, b.rate) })
	return sorted[len(sorted)/2]
}

// endedEventWithRegistrants makes a published event that ended an hour
// ago, with n confirmed registrants of whom half attended.
func endedEventWithRegistrants(ctx context.Context, a *app.App, n int, slug string) (string, error) {
	start := time.Now().Add(24 * time.Hour)
	e, err := a.Events.Create(ctx, "", events.NewEvent{Slug: slug, Title: "Follow-up burst", StartsAt: &start,
		DurationMinutes: 60, Timezone: "Europe/London"})
	if err != nil {
		return "", err
	}
	if _, err := a.Events.Publish(ctx, e.ID); err != nil {
		return "", err
	}
	pool := a.Pool()
	_, err = pool.Exec(ctx, `
		INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, sector, token_hash, attended_at)
		SELECT $1, 'confirmed', true, 'Viewer', i::text, 'viewer' || i || '@example.org', 'other',
			sha256(convert_to($3 || i::text, 'UTF8')), CASE WHEN i % 2 = 0 THEN now() END
		FROM generate_series(1, $2) AS i`, e.ID, n, slug+"/")
	if err != nil {
		return "", err
	}
	if _, err = pool.Exec(ctx, `UPDATE events SET starts_at = now() - interval '2 hours' WHERE id = $1`, e.ID); err != nil {
		return "", err
	}
	// Registrations come in over days, and autovacuum has long been over
	// them (and over earlier messages) when an event ends: so here too,
	// rather than in the middle of the timed phase.
	_, err = pool.Exec(ctx, `VACUUM ANALYZE`)
	return e.ID, err
}

// rendered is a message as the server sent it.
type rendered struct{ to, subject, text, html string }

func delivered(ctx context.Context, pool *pgxpool.Pool, slug string) ([]rendered, error) {
	rows, _ := pool.Query(ctx, `
		SELECT o.to_email, o.subject, c.body_text, c.body_html
		FROM outbox o JOIN events e ON e.id = o.event_id JOIN outbox_content c ON c.id = o.id
		WHERE e.slug = $1 AND o.status = 'sent' ORDER BY o.id`, slug)
	var out []rendered
	var r rendered
	_, err := pgx.ForEachRow(rows, []any{&r.to, &r.subject, &r.text, &r.html}, func() error {
		out = append(out, r)
		return nil
	})
	return out, err
}

// plainLoop sends the messages over c connections, each reused, with
// go-mail and nothing else, and returns messages/s once mailpit holds
// them all.
func plainLoop(ctx context.Context, mp *mailtest.Process, messages []rendered, c int) (float64, error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, c)
	began := time.Now()
	for range c {
		wg.Go(func() {
			client, err := gomail.NewClient("127.0.0.1", gomail.WithPort(port(mp)), gomail.WithTLSPolicy(gomail.NoTLS))
			if err == nil {
				err = client.DialWithContext(ctx)
			}
			if err != nil {
				errs <- err
				return
			}
			defer client.Close()
			for i := next.Add(1) - 1; i < int64(len(messages)); i = next.Add(1) - 1 {
				m := messages[i]
				msg := gomail.NewMsg()
				_ = msg.From("Plenary <events@plenary.test>")
				_ = msg.To(m.to)
				msg.Subject(m.subject)
				msg.SetGenHeader("List-Unsubscribe", "<http://localhost:8080/api/v1/unsubscribe/0123456789abcdefghijklmnopqrstuvwxyz>")
				msg.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
				msg.SetBodyString(gomail.TypeTextPlain, m.text)
				msg.AddAlternativeString(gomail.TypeTextHTML, m.html)
				if err := client.Send(msg); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return 0, err
	}
	if err := waitForMessages(mp, len(messages), 10*time.Minute); err != nil {
		return 0, err
	}
	return float64(len(messages)) / time.Since(began).Seconds(), nil
}

func port(mp *mailtest.Process) int {
	var p int
	_, _ = fmt.Sscanf(mp.SMTPAddr[len("127.0.0.1:"):], "%d", &p)
	return p
}

func count(mp *mailtest.Process) (int, error) {
	resp, err := http.Get(mp.APIURL + "/api/v1/messages?limit=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var page struct{ Total int }
	return page.Total, json.NewDecoder(resp.Body).Decode(&page)
}

// waitForSent waits until River has finished the event's follow-up job
// (which queues the messages and their delivery jobs) and every delivery
// job, then checks that n outbox rows were sent. It asks River, whose job
// table is small, rather than counting the outbox again and again: each
// count reads every row, and the harness would take CPU from what it
// measures.
func waitForSent(ctx context.Context, pool *pgxpool.Pool, eventID string, n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		var busy bool
		if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM river_job WHERE finalized_at IS NULL
			AND (kind = 'mail_deliver' OR kind = 'mail_follow_up' AND args->>'event_id' = $1))`, eventID).Scan(&busy); err != nil {
			return err
		}
		if !busy {
			break
		}
		if time.Now().After(deadline) {
			return errors.New("the delivery jobs did not finish in time")
		}
		time.Sleep(20 * time.Millisecond)
	}
	var sent int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE event_id = $1 AND status = 'sent'`, eventID).Scan(&sent); err != nil {
		return err
	}
	if sent != n {
		return fmt.Errorf("%d of %d messages were sent", sent, n)
	}
	return nil
}

func waitForMessages(mp *mailtest.Process, n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		got, err := count(mp)
		if err != nil {
			return err
		}
		if got >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New(fmt.Sprint("only ", got, " of ", n, " messages arrived"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
