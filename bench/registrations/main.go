// Command registrations bursts N registrations at concurrency C into an
// event of capacity K through the real HTTP endpoint, and in the same run
// measures plain single-row inserts into an unconstrained table at the same
// concurrency on the same database and pool, so the ratio compares like
// with like on a shared machine. The database flushes commits to disk as
// the server's own cluster does (-durable=false: fsync off, CPU only).
//
//	go run ./bench/registrations [-n 20000] [-c 64] [-k 5000] [-durable=false] [-cpuprofile FILE]
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
	"runtime/pprof"
	"sync/atomic"
	"time"

	"plenary/bench/benchdb"
	"plenary/bench/measure"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/events"
)

func main() {
	n := flag.Int("n", 20000, "registrations")
	c := flag.Int("c", 64, "concurrent clients")
	k := flag.Int("k", 5000, "capacity of the event")
	durable := flag.Bool("durable", true, "flush commits to disk, as the server's own cluster does (false: fsync off, CPU only)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the registrations burst to this file")
	flag.Parse()
	profileTo = *cpuProfile
	if err := run(context.Background(), *n, *c, *k, *durable); err != nil {
		fmt.Fprintln(os.Stderr, "bench/registrations:", err)
		os.Exit(1)
	}
}

var profileTo string

func run(ctx context.Context, n, c, k int, durable bool) error {
	pool, stop, err := benchdb.Start(ctx, durable)
	if err != nil {
		return err
	}
	defer stop()
	cfg, err := config.Default()
	if err != nil {
		return err
	}
	cfg.RegistrationsPerMinute = 0 // one client address sends everything
	a, err := app.New(ctx, cfg, pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	start := time.Now().Add(30 * 24 * time.Hour)
	e, err := a.Events.Create(ctx, "", events.NewEvent{Slug: "burst", Title: "Burst", StartsAt: &start,
		DurationMinutes: 60, Timezone: "Europe/London", Capacity: &k})
	if err != nil {
		return err
	}
	if _, err := a.Events.Publish(ctx, e.ID); err != nil {
		return err
	}
	srv := httptest.NewServer(a.Echo)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c, MaxConnsPerHost: c}}

	var errorsSeen atomic.Int64
	if profileTo != "" {
		f, err := os.Create(profileTo)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	regs := measure.Run(c, n, time.Now().Add(10*time.Minute), func(i int) error {
		body, _ := json.Marshal(map[string]string{"first_name": "Bench", "last_name": fmt.Sprint(i),
			"email": fmt.Sprintf("bench%06d@example.org", i), "sector": "other"})
		resp, err := client.Post(srv.URL+"/api/v1/events/burst/registrations", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			errorsSeen.Add(1)
		}
		return nil
	})
	pprof.StopCPUProfile()

	if _, err := pool.Exec(ctx, `CREATE TABLE bench_plain (id bigserial PRIMARY KEY, email text, payload text)`); err != nil {
		return err
	}
	plain := measure.Run(c, n, time.Now().Add(10*time.Minute), func(i int) error {
		_, err := pool.Exec(ctx, `INSERT INTO bench_plain (email, payload) VALUES ($1, $2)`, fmt.Sprintf("bench%06d@example.org", i), "x")
		return err
	})

	if plain.FirstErr != nil {
		return plain.FirstErr
	}
	var confirmed, waitlisted int
	if err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'waitlisted') FROM registrations`).
		Scan(&confirmed, &waitlisted); err != nil {
		return err
	}
	commits := "durable commits (fsync on, as the server's cluster)"
	if !durable {
		commits = "fsync off (CPU only)"
	}
	fmt.Printf("N=%d C=%d K=%d, one process, pool of %d connections, %s\n", n, c, k, pool.Config().MaxConns, commits)
	fmt.Printf("registrations (HTTP)  %8.0f /s  p50 %-9s p99 %-9s\n", regs.Rate(), regs.Percentile(50), regs.Percentile(99))
	fmt.Printf("plain inserts (pgx)   %8.0f /s  p50 %-9s p99 %-9s\n", plain.Rate(), plain.Percentile(50), plain.Percentile(99))
	fmt.Printf("ratio registrations / plain inserts: %.2f\n", regs.Rate()/plain.Rate())
	fmt.Printf("confirmed %d, waitlisted %d, errors %d, overbooked %d\n", confirmed, waitlisted,
		errorsSeen.Load()+regs.Failed, max(0, confirmed-k))
	return nil
}
