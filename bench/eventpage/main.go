// Command eventpage measures the public event page, GET
// /api/v1/events/early-intervention, against a hello-world JSON handler on
// the same Echo setup (same middleware, same server, same process), so the
// ratio says what the page costs beyond the framework on this machine.
//
//	go run ./bench/eventpage [-c 16] [-d 5s] [-rounds 3]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/bench/benchdb"
	"plenary/internal/app"
	"plenary/internal/config"
)

func main() {
	concurrency := flag.Int("c", 16, "concurrent clients")
	duration := flag.Duration("d", 5*time.Second, "how long each measurement runs")
	rounds := flag.Int("rounds", 3, "alternating rounds of each target")
	flag.Parse()
	if err := run(context.Background(), *concurrency, *duration, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "bench/eventpage:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, concurrency int, duration time.Duration, rounds int) error {
	pool, stop, err := benchdb.Start(ctx)
	if err != nil {
		return err
	}
	defer stop()

	cfg, err := config.Load(flag.NewFlagSet("bench", flag.ContinueOnError), nil, func(string) string { return "" })
	if err != nil {
		return err
	}
	a := app.New(cfg, pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := a.Events.SeedDemo(ctx, time.Now()); err != nil {
		return err
	}
	a.Echo.GET("/bench/hello", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"hello": "world"})
	})
	background, cancel := context.WithCancel(ctx)
	defer cancel()
	go a.Run(background) //nolint:errcheck // ends with the harness
	srv := httptest.NewServer(a.Echo)
	defer srv.Close()

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency}}
	targets := []struct{ name, path string }{
		{"hello-world JSON", "/bench/hello"},
		{"event page", "/api/v1/events/early-intervention"},
	}
	results := make([]result, len(targets))
	for range rounds { // alternate, so drift on a shared machine hits both alike
		for i, t := range targets {
			r, err := load(client, srv.URL+t.path, concurrency, duration)
			if err != nil {
				return err
			}
			results[i].add(r)
		}
	}
	fmt.Printf("concurrency %d, %d rounds of %s per target, one process, 2-core shared machine\n", concurrency, rounds, duration)
	for i, t := range targets {
		fmt.Printf("%-17s %8.0f req/s  p50 %-9s p99 %-9s (%d requests)\n", t.name, results[i].rate(),
			results[i].percentile(50), results[i].percentile(99), len(results[i].latencies))
	}
	fmt.Printf("ratio event page / hello-world: %.2f\n", results[1].rate()/results[0].rate())
	return nil
}

type result struct {
	latencies []time.Duration
	elapsed   time.Duration
}

func (r *result) add(o result) {
	r.latencies = append(r.latencies, o.latencies...)
	r.elapsed += o.elapsed
}

func (r *result) rate() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

func (r *result) percentile(p int) time.Duration {
	s := slices.Clone(r.latencies)
	slices.Sort(s)
	return s[(len(s)-1)*p/100].Round(time.Microsecond)
}

// load sends GETs from concurrency clients for duration; every answer must
// be 200.
func load(client *http.Client, url string, concurrency int, duration time.Duration) (result, error) {
	var mu sync.Mutex
	var all []time.Duration
	var firstErr error
	deadline := time.Now().Add(duration)
	start := time.Now()
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				t0 := time.Now()
				resp, err := client.Get(url)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("GET %s: %d", url, resp.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	return result{latencies: all, elapsed: time.Since(start)}, firstErr
}
