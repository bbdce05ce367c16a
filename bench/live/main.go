// Command live measures the live session's stream: N viewers (SSE) spread
// over two server instances (two app.New, each with its own listener, pool
// and HTTP server) on one database, while a driver asks questions and
// votes at fixed rates through HTTP with moderation "published", so each
// question goes out at once. The viewers run in a child process (this
// command again, with -child), so that neither process needs more than
// 20,000 file descriptors at 10,000 viewers. It prints the delivery
// latency from each change's created_at to its receipt by each viewer
// (p50, p99, max), viewers connected, messages duplicated (an id again)
// and viewers missing a question or a final vote count, the servers'
// process CPU and memory, the database's CPU, and its commit latency
// without and with the vote load.
//
//	go run ./bench/live [-n 5000] [-d 30s] [-asks 2] [-votes 50] [-durable=false] [-cpuprofile FILE] [-viewerprofile FILE]
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/bench/benchdb"
	"plenary/bench/measure"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/httpserver"
	"plenary/internal/live"
)

func main() {
	n := flag.Int("n", 5000, "viewers (SSE streams), half on each server")
	d := flag.Duration("d", 30*time.Second, "how long the driver asks and votes")
	asks := flag.Float64("asks", 2, "questions asked per second")
	votes := flag.Float64("votes", 50, "votes per second")
	durable := flag.Bool("durable", true, "flush commits to disk, as the server's own cluster does")
	child := flag.Bool("child", false, "run the viewers (internal: the parent starts it)")
	flag.StringVar(&profileTo, "cpuprofile", "", "write a CPU profile of the servers' process during the load to this file")
	viewerProfile := flag.String("viewerprofile", "", "write a CPU profile of the viewers' process during the load to this file")
	flag.Parse()
	raiseFileLimit()
	var err error
	if *child {
		err = runViewers(context.Background())
	} else {
		err = run(context.Background(), *n, *d, *asks, *votes, *durable, *viewerProfile)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/live:", err)
		os.Exit(1)
	}
}

// raiseFileLimit lets the process open as many connections as it may.
func raiseFileLimit() {
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil {
		lim.Cur = lim.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
}

func run(ctx context.Context, n int, d time.Duration, asks, votes float64, durable bool, viewerProfile string) error {
	pool, stop, err := benchdb.Start(ctx, durable)
	if err != nil {
		return err
	}
	defer stop()
	postmaster, err := benchdb.PostmasterPID(ctx, pool)
	if err != nil {
		return err
	}
	cpu := measure.CPUMeter{Postmaster: postmaster}.Read
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var urls []string
	var first *app.App
	for range 2 { // two instances: their own pool, listener and HTTP server
		p, err := pgxpool.NewWithConfig(ctx, pool.Config().Copy())
		if err != nil {
			return err
		}
		defer p.Close()
		url, a, err := serve(runCtx, p)
		if err != nil {
			return err
		}
		urls = append(urls, url)
		if first == nil {
			first = a
		}
	}
	eventID, err := liveEvent(ctx, first)
	if err != nil {
		return err
	}
	tokens, err := register(ctx, pool, first, urls[0], n)
	if err != nil {
		return err
	}
	tokenFile, err := os.CreateTemp("", "bench-live-tokens-*")
	if err != nil {
		return err
	}
	defer os.Remove(tokenFile.Name())
	fmt.Fprintln(tokenFile, strings.Join(tokens, "\n"))
	tokenFile.Close()

	cmd := exec.Command(os.Args[0], "-child")
	cmd.Env = append(os.Environ(), "BENCH_LIVE_URLS="+strings.Join(urls, ","), "BENCH_LIVE_TOKENS="+tokenFile.Name(),
		"BENCH_LIVE_DSN="+pool.Config().ConnString(), "BENCH_LIVE_EVENT="+eventID, "BENCH_LIVE_PROFILE="+viewerProfile)
	cmd.Stderr = os.Stderr
	toChild, _ := cmd.StdinPipe()
	fromChild, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		return err
	}
	childOut := bufio.NewScanner(fromChild)
	if !childOut.Scan() || !strings.HasPrefix(childOut.Text(), "ready") {
		return fmt.Errorf("the viewers did not start: %q", childOut.Text())
	}
	fmt.Printf("viewers: %s\n", childOut.Text())

	quiet := probeCommits(ctx, pool, 5*time.Second)
	before, beforeChild := cpu(), measure.CPUTime(cmd.Process.Pid)
	start := time.Now()
	loadCtx, stopLoad := context.WithTimeout(ctx, d)
	probed := make(chan measure.Result, 1)
	go func() { probed <- probeCommits(loadCtx, pool, d) }()
	stopProfile, err := startProfile(profileTo)
	if err != nil {
		stopLoad()
		return err
	}
	sent := drive(loadCtx, urls, tokens, asks, votes)
	stopLoad()
	stopProfile()
	used, usedChild, wall := cpu().Minus(before), measure.CPUTime(cmd.Process.Pid)-beforeChild, time.Since(start)
	loaded := <-probed
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	fmt.Fprintln(toChild, "done")
	for childOut.Scan() {
		fmt.Println(childOut.Text())
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("viewers: %w", err)
	}
	report(sent, used, usedChild, wall, mem, quiet, loaded)
	return nil
}

// profileTo is where -cpuprofile writes ("": no profile).
var profileTo string

// startProfile profiles this process until the returned function is
// called, when to (-cpuprofile, or -viewerprofile in the child) names a file.
func startProfile(to string) (stop func(), err error) {
	if to == "" {
		return func() {}, nil
	}
	f, err := os.Create(to)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// serve starts an instance on pool: its background work (the listener)
// and an HTTP server with the production deadlines.
func serve(ctx context.Context, pool *pgxpool.Pool) (string, *app.App, error) {
	cfg, err := config.Default()
	if err != nil {
		return "", nil, err
	}
	cfg.RegistrationsPerMinute = 0 // one client address registers everyone
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(ctx, cfg, pool, logger)
	if err != nil {
		return "", nil, err
	}
	go func() { _ = a.Run(ctx) }()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := httpserver.NewServer(a.Echo, logger, httpserver.DefaultDeadlines)
	go func() { _ = srv.Serve(ln) }()
	go func() { <-ctx.Done(); srv.Close() }()
	return "http://" + ln.Addr().String(), a, nil
}

// liveEvent makes the published event "live", open for questions, whose
// questions are published at once.
func liveEvent(ctx context.Context, a *app.App) (string, error) {
	start := time.Now().Add(5 * time.Minute)
	e, err := a.Events.Create(ctx, "", events.NewEvent{Slug: "live", Title: "Live", StartsAt: &start,
		DurationMinutes: 120, Timezone: "Europe/London"})
	if err != nil {
		return "", err
	}
	if _, err := a.Events.Publish(ctx, e.ID); err != nil {
		return "", err
	}
	published, lead, attended := live.Moderation("published"), 15, 10
	_, err = a.Live.SetSettings(ctx, e.ID, live.SettingsInput{JoinLeadMinutes: &lead, AttendedMinutes: &attended, Moderation: &published})
	return e.ID, err
}

func report(sent driven, used measure.CPUTimes, child time.Duration, wall time.Duration, mem runtime.MemStats, quiet, loaded measure.Result) {
	secs := wall.Seconds()
	fmt.Printf("driver: %d questions, %d votes in %s (%d failed)\n", sent.asked, sent.voted, wall.Round(time.Millisecond), sent.failed)
	if sent.failed > 0 {
		fmt.Printf("  first failure: %s\n", sent.firstFailure)
	}
	fmt.Printf("CPU during the load, cores busy: servers %.2f (both instances, one process), viewers %.2f, PostgreSQL %.2f, machine %.2f of %d\n",
		used.Self.Seconds()/secs, child.Seconds()/secs, used.Postgres.Seconds()/secs, used.Machine.Seconds()/secs, runtime.NumCPU())
	fmt.Printf("server process memory: RSS %d MiB, Go heap in use %d MiB, Go sys %d MiB, %d goroutines\n",
		rss(os.Getpid())>>20, mem.HeapInuse>>20, mem.Sys>>20, runtime.NumGoroutine())
	fmt.Printf("database commit (one-row INSERT, own connection): quiet p50 %s p99 %s; under the load p50 %s p99 %s\n",
		quiet.Percentile(50), quiet.Percentile(99), loaded.Percentile(50), loaded.Percentile(99))
}

// rss is a process's resident memory in bytes, from /proc.
func rss(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(rest, &kb)
			return kb << 10
		}
	}
	return 0
}
