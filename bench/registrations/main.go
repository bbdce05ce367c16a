// Command registrations bursts N registrations at concurrency C into an
// event of capacity K through the real HTTP endpoint, and compares them
// with what PostgreSQL alone does on the same cluster in the same run:
// durable single-row INSERTs into an unconstrained table, each client on a
// connection of its own, at several client counts (-baseline-clients), the
// best of which is the baseline. It prints every count's figure, the ratio
// to the best, and the CPU time per registration and per insert of this
// process (the whole server, or the insert clients) and of PostgreSQL, read
// from /proc. The database flushes commits to disk as the server's own
// cluster does (-durable=false: fsync off, CPU only).
//
// With -paid it also bursts the same N registrations at C into a second
// event of capacity K whose one ticket type costs 45.00 GBP, with Stripe
// pointed at stripe-mock (built from tools/go.mod), and prints the paid
// burst beside the free one with their ratio. A paid registration is
// written alone under the event's exclusive seat lock rather than in a
// shared batch, and each hold makes one Stripe call (a Checkout Session);
// stripe-mock answers on loopback, so Stripe's own latency is not in the
// figure. The run fails unless exactly K places are held (pending_payment),
// each with a Checkout Session, and the rest waitlisted. -paid defaults to
// -n 2000 -k 500, a size that ends in about a minute on 2 cores.
//
//	go run ./bench/registrations [-n 20000] [-c 64] [-k 5000] [-paid] [-baseline-clients 1,4,16,64] [-baseline-d 5s] [-durable=false] [-cpuprofile FILE]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/bench/benchdb"
	"plenary/bench/measure"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/payments/paymentstest"
)

func main() {
	var o options
	flag.IntVar(&o.n, "n", 20000, "registrations (with -paid: 2000 unless set)")
	flag.IntVar(&o.c, "c", 64, "concurrent clients")
	flag.IntVar(&o.k, "k", 5000, "capacity of the event (with -paid: 500 unless set)")
	flag.BoolVar(&o.paid, "paid", false, "also burst into an event whose one ticket type costs money, through stripe-mock, and compare it with the free burst")
	flag.BoolVar(&o.durable, "durable", true, "flush commits to disk, as the server's own cluster does (false: fsync off, CPU only)")
	clients := flag.String("baseline-clients", "1,4,16,64", "client counts of the plain-insert baseline; the best is compared")
	flag.DurationVar(&o.baselineFor, "baseline-d", 5*time.Second, "how long the baseline runs at each client count")
	flag.StringVar(&profileTo, "cpuprofile", "", "write a CPU profile of the registrations burst (with -paid: the paid one) to this file")
	flag.Parse()
	if o.paid {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["n"] {
			o.n = paidN
		}
		if !set["k"] {
			o.k = paidK
		}
	}
	counts, err := parseCounts(*clients)
	if err == nil {
		o.counts = counts
		err = run(context.Background(), o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/registrations:", err)
		os.Exit(1)
	}
}

// The default size of a -paid run: each paid registration commits alone,
// so a free-sized burst would take minutes.
const paidN, paidK = 2000, 500

// options are the command's flags.
type options struct {
	n, c, k       int
	paid, durable bool
	counts        []int
	baselineFor   time.Duration
}

var profileTo string

func run(ctx context.Context, o options) error {
	pool, stop, err := benchdb.Start(ctx, o.durable)
	if err != nil {
		return err
	}
	defer stop()
	postmaster, err := benchdb.PostmasterPID(ctx, pool)
	if err != nil {
		return err
	}
	cpu := measure.CPUMeter{Postmaster: postmaster}.Read
	cfg := benchConfig()
	var mockPID int
	if o.paid {
		mock, err := paymentstest.Launch()
		if err != nil {
			return err
		}
		defer mock.Stop()
		mockPID = mock.PID
		cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase = paymentstest.SecretKey, paymentstest.WebhookSecret, mock.URL
	}
	a, err := app.New(ctx, cfg, pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	if _, err := publishEvent(ctx, a, "burst", o.k); err != nil {
		return err
	}
	free, err := burst(a, "burst", "", o.n, o.c, cpu, !o.paid)
	if err != nil {
		return err
	}
	var paid burstResult
	var mockCPU time.Duration
	if o.paid {
		if paid, mockCPU, err = paidBurst(ctx, a, o, cpu, mockPID); err != nil {
			return err
		}
	}
	baselines, err := plainInserts(ctx, pool, o.counts, o.baselineFor, cpu)
	if err != nil {
		return err
	}
	if path := findPgbench(); path != "" {
		for _, clients := range o.counts {
			b, err := pgbench(ctx, path, pool.Config().ConnString(), clients, o.baselineFor)
			if err != nil {
				return err
			}
			baselines = append(baselines, b)
		}
	}
	confirmed, waitlisted, _, err := statusCounts(ctx, pool, "burst")
	if err != nil {
		return err
	}
	commits := "durable commits (fsync on, as the server's cluster)"
	if !o.durable {
		commits = "fsync off (CPU only)"
	}
	fmt.Printf("N=%d C=%d K=%d, %s, %d cores shared with whatever else runs\n", o.n, o.c, o.k, commits, runtime.NumCPU())
	fmt.Printf("baseline: PostgreSQL alone, durable single-row INSERTs, each client on its own connection, %s at each count\n", o.baselineFor)
	fmt.Printf("%71s%13s %11s %8s\n", "CPU ms per row:", "this process", "PostgreSQL", "machine")
	best := baselines[0]
	for _, b := range baselines {
		fmt.Printf("  %-27s %s\n", b.name, b.line)
		if b.rate > best.rate {
			best = b
		}
	}
	label := "registrations (HTTP)"
	if o.paid {
		label = "free registrations"
	}
	fmt.Printf("%-30s%s\n", fmt.Sprintf("%s, C=%d", label, o.c), figures(free.Result, free.cpu))
	fmt.Printf("  (this process is the whole server: HTTP, validation, the batcher, its pool of %d connections, and the HTTP clients)\n", pool.Config().MaxConns)
	fmt.Printf("ratio registrations / best baseline (%s, %.0f /s): %.2f\n", strings.Join(strings.Fields(best.name), " "), best.rate, free.Rate()/best.rate)
	fmt.Printf("confirmed %d, waitlisted %d, errors %d, overbooked %d\n", confirmed, waitlisted,
		free.rejected+free.Failed, max(0, confirmed-o.k))
	if o.paid {
		return reportPaid(ctx, pool, o, free, paid, mockCPU)
	}
	return nil
}

// figures is one line of the table: rate, latency, CPU per row.
func figures(r measure.Result, cpu measure.CPUTimes) string {
	return fmt.Sprintf("%8.0f /s  p50 %-9s p99 %-9s ", r.Rate(), r.Percentile(50), r.Percentile(99)) +
		fmt.Sprintf("%13s %11s %8s", cpu.PerOp(len(r.Latencies))...)
}

func benchConfig() config.Config {
	cfg, err := config.Default()
	if err != nil {
		panic(err) // the defaults are valid
	}
	cfg.RegistrationsPerMinute = 0 // one client address sends everything
	return cfg
}

// publishEvent makes the published event slug of capacity k and returns
// its ID.
func publishEvent(ctx context.Context, a *app.App, slug string, k int) (string, error) {
	start := time.Now().Add(30 * 24 * time.Hour)
	e, err := a.Events.Create(ctx, "", events.NewEvent{Slug: slug, Title: "Burst", StartsAt: &start,
		DurationMinutes: 60, Timezone: "Europe/London", Capacity: &k})
	if err != nil {
		return "", err
	}
	_, err = a.Events.Publish(ctx, e.ID)
	return e.ID, err
}

// burstResult is what a burst did: the timings, the CPU time used
// meanwhile and how many registrations were refused.
type burstResult struct {
	measure.Result
	cpu      measure.CPUTimes
	rejected int64
}

// burst sends n registrations (for ticketType, unless "") to the event
// slug from c clients through HTTP, under the CPU profiler if profile is
// set and -cpuprofile asks for one.
func burst(a *app.App, slug, ticketType string, n, c int, cpu func() measure.CPUTimes, profile bool) (burstResult, error) {
	srv := httptest.NewServer(a.Echo)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}}
	if profile && profileTo != "" {
		f, err := os.Create(profileTo)
		if err != nil {
			return burstResult{}, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return burstResult{}, err
		}
		defer pprof.StopCPUProfile()
	}
	var rejected atomic.Int64
	before := cpu()
	regs := measure.Run(c, n, time.Now().Add(10*time.Minute), func(i int) error {
		fields := map[string]string{"first_name": "Bench", "last_name": fmt.Sprint(i),
			"email": fmt.Sprintf("bench%06d@example.org", i), "sector": "other"}
		if ticketType != "" {
			fields["ticket_type_id"] = ticketType
		}
		body, _ := json.Marshal(fields)
		resp, err := client.Post(srv.URL+"/api/v1/events/"+slug+"/registrations", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			rejected.Add(1)
		}
		return nil
	})
	return burstResult{Result: regs, cpu: cpu().Minus(before), rejected: rejected.Load()}, nil
}

// baseline is what the plain inserts did at one client count: its name,
// its rate and its line of the table.
type baseline struct {
	name, line string
	rate       float64
}

// plainInserts runs durable single-row INSERTs for d at each client
// count, each client on a connection of its own (not the app's pool, which
// would cap PostgreSQL at its size), as pgbench does.
func plainInserts(ctx context.Context, pool *pgxpool.Pool, counts []int, d time.Duration, cpu func() measure.CPUTimes) ([]baseline, error) {
	if _, err := pool.Exec(ctx, `CREATE TABLE bench_plain (id bigserial PRIMARY KEY, email text, payload text)`); err != nil {
		return nil, err
	}
	var out []baseline
	for _, clients := range counts {
		b, err := plainInsertsWith(ctx, pool, clients, d, cpu)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// plainInsertsWith is one client count of plainInserts; its connections
// close when it is done.
func plainInsertsWith(ctx context.Context, pool *pgxpool.Pool, clients int, d time.Duration, cpu func() measure.CPUTimes) (baseline, error) {
	conns := make(chan *pgx.Conn, clients)
	defer func() {
		close(conns)
		for conn := range conns {
			conn.Close(ctx)
		}
	}()
	for range clients {
		conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig.Copy())
		if err != nil {
			return baseline{}, err
		}
		conns <- conn
	}
	before := cpu()
	// Each worker takes a connection and puts it back, so no two share one.
	r := measure.Run(clients, 0, time.Now().Add(d), func(i int) error {
		conn := <-conns
		defer func() { conns <- conn }()
		_, err := conn.Exec(ctx, `INSERT INTO bench_plain (email, payload) VALUES ($1, $2)`, fmt.Sprintf("bench%06d@example.org", i), "x")
		return err
	})
	return baseline{name: fmt.Sprintf("plain inserts, %3d clients", clients), rate: r.Rate(),
		line: figures(r, cpu().Minus(before))}, r.FirstErr
}

// pgbenchInsert is the plain insert as a pgbench script.
const pgbenchInsert = "INSERT INTO bench_plain (email, payload) VALUES ('bench@example.org', 'x');\n"

// pgbench runs pgbenchInsert with PostgreSQL's own load generator, as a
// check that the Go clients above do not hold PostgreSQL back. Its CPU time
// is not counted: its backends have exited when it reports.
func pgbench(ctx context.Context, path, dsn string, clients int, d time.Duration) (baseline, error) {
	script, err := os.CreateTemp("", "plenary-pgbench-*.sql")
	if err != nil {
		return baseline{}, err
	}
	defer os.Remove(script.Name())
	if _, err := script.WriteString(pgbenchInsert); err != nil {
		return baseline{}, err
	}
	script.Close()
	out, err := exec.CommandContext(ctx, path, "-n", "-M", "prepared", "-f", script.Name(), "-c", strconv.Itoa(clients),
		"-j", strconv.Itoa(min(clients, runtime.NumCPU())), "-T", strconv.Itoa(max(1, int(d.Seconds()))), dsn).CombinedOutput()
	tps, latency := pgbenchTPS.FindSubmatch(out), pgbenchLatency.FindSubmatch(out)
	if err != nil || tps == nil || latency == nil {
		return baseline{}, fmt.Errorf("pgbench: %v\n%s", err, out)
	}
	rate, _ := strconv.ParseFloat(string(tps[1]), 64)
	return baseline{name: fmt.Sprintf("pgbench,       %3d clients", clients), rate: rate,
		line: fmt.Sprintf("%8.0f /s  latency average %s ms (CPU not counted)", rate, latency[1])}, nil
}

var (
	pgbenchTPS     = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)
	pgbenchLatency = regexp.MustCompile(`latency average = ([0-9.]+) ms`)
)

// findPgbench finds PostgreSQL's pgbench on PATH or where Debian puts it,
// or returns "" when it is not installed.
func findPgbench() string {
	if path, err := exec.LookPath("pgbench"); err == nil {
		return path
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pgbench")
	if len(found) == 0 {
		return ""
	}
	return found[len(found)-1]
}

func parseCounts(list string) ([]int, error) {
	var counts []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-baseline-clients: %q is not a client count", f)
		}
		counts = append(counts, n)
	}
	return counts, nil
}
