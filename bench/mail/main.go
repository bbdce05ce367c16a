// Command mail queues follow-up messages to N registrants of an ended event
// and times their delivery by the server's River workers to a local
// mailpit; then, in the same run, it sends the very same messages (as the
// server rendered them) with a plain go-mail loop over C connections to
// the same mailpit: the ratio says what the outbox, rendering and job
// queue cost on top of SMTP itself.
//
//	go run ./bench/mail [-n 10000] [-c 10] [-durable=false]
package main

import (
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
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	gomail "github.com/wneessen/go-mail"

	"plenary/bench/benchdb"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/mail/mailtest"
)

func main() {
	n := flag.Int("n", 10000, "follow-up messages")
	c := flag.Int("c", 10, "concurrent deliveries (MAIL_WORKERS) and plain-loop connections")
	durable := flag.Bool("durable", true, "flush commits to disk, as the server's own cluster does")
	flag.Parse()
	if err := run(context.Background(), *n, *c, *durable); err != nil {
		fmt.Fprintln(os.Stderr, "bench/mail:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n, c int, durable bool) error {
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
	defer stopApp()
	eventID, err := endedEventWithRegistrants(ctx, a, n)
	if err != nil {
		return err
	}

	// Publishing the recording of the ended event queues every follow-up.
	began := time.Now()
	recording := "https://video.example.org/burst"
	if _, err := a.Events.Update(ctx, eventID, events.EventPatch{RecordingURL: &recording}); err != nil {
		return err
	}
	var queuedIn time.Duration
	for queuedIn == 0 {
		var queued int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&queued); err != nil {
			return err
		}
		if queued >= n {
			queuedIn = time.Since(began)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := waitForMessages(mp, n, 10*time.Minute); err != nil {
		return err
	}
	elapsed := time.Since(began)
	var sent, other int
	if err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status <> 'sent') FROM outbox`).
		Scan(&sent, &other); err != nil {
		return err
	}
	time.Sleep(time.Second) // anything sent twice would show now
	received, err := count(mp)
	if err != nil {
		return err
	}
	stopApp()
	<-ran
	if err := clear(mp); err != nil {
		return err
	}
	// The baseline sends the very messages the server sent, as rendered.
	sentMessages, err := delivered(ctx, pool)
	if err != nil {
		return err
	}
	plain, err := plainLoop(ctx, mp, sentMessages, c)
	if err != nil {
		return fmt.Errorf("plain loop: %w", err)
	}
	rate := float64(n) / elapsed.Seconds()
	commits := "durable commits"
	if !durable {
		commits = "fsync off"
	}
	fmt.Printf("N=%d C=%d, one process, %s, mailpit on loopback\n", n, c, commits)
	fmt.Printf("follow-ups (outbox + River + templates + SMTP)  %7.0f messages/s  (%d in %s)\n", rate, n, elapsed.Round(time.Millisecond))
	fmt.Printf("  of which queueing the %d messages and their jobs: %s\n", n, queuedIn.Round(time.Millisecond))
	fmt.Printf("plain go-mail loop, the same messages           %7.0f messages/s\n", plain)
	fmt.Printf("ratio follow-ups / plain loop: %.2f\n", rate/plain)
	fmt.Printf("outbox: %d sent, %d otherwise; mailpit received %d (duplicates %d)\n", sent, other, received, max(0, received-n))
	return nil
}

// endedEventWithRegistrants makes a published event that ended an hour
// ago, with n confirmed registrants of whom half attended.
func endedEventWithRegistrants(ctx context.Context, a *app.App, n int) (string, error) {
	start := time.Now().Add(24 * time.Hour)
	e, err := a.Events.Create(ctx, "", events.NewEvent{Slug: "follow-up", Title: "Follow-up burst", StartsAt: &start,
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
			sha256(i::text::bytea), CASE WHEN i % 2 = 0 THEN now() END
		FROM generate_series(1, $2) AS i`, e.ID, n)
	if err != nil {
		return "", err
	}
	_, err = pool.Exec(ctx, `UPDATE events SET starts_at = now() - interval '2 hours' WHERE id = $1`, e.ID)
	return e.ID, err
}

// rendered is a message as the server sent it.
type rendered struct{ to, subject, text, html string }

func delivered(ctx context.Context, pool *pgxpool.Pool) ([]rendered, error) {
	rows, _ := pool.Query(ctx, `SELECT to_email, subject, body_text, body_html FROM outbox WHERE status = 'sent' ORDER BY id`)
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

func clear(mp *mailtest.Process) error {
	req, _ := http.NewRequest(http.MethodDelete, mp.APIURL+"/api/v1/messages", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
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
