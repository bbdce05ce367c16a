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
	"time"

	"github.com/labstack/echo/v4"

	"plenary/bench/benchdb"
	"plenary/bench/measure"
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
	pool, stop, err := benchdb.Start(ctx, false)
	if err != nil {
		return err
	}
	defer stop()

	cfg, err := config.Default()
	if err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, pool, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
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
	results := make([]measure.Result, len(targets))
	for range rounds { // alternate, so drift on a shared machine hits both alike
		for i, t := range targets {
			r := measure.Run(concurrency, 0, time.Now().Add(duration), func(int) error { return get(client, srv.URL+t.path) })
			if r.FirstErr != nil {
				return r.FirstErr
			}
			results[i].Add(r)
		}
	}
	fmt.Printf("concurrency %d, %d rounds of %s per target, one process, 2-core shared machine\n", concurrency, rounds, duration)
	for i, t := range targets {
		fmt.Printf("%-17s %8.0f req/s  p50 %-9s p99 %-9s (%d requests)\n", t.name, results[i].Rate(),
			results[i].Percentile(50), results[i].Percentile(99), len(results[i].Latencies))
	}
	fmt.Printf("ratio event page / hello-world: %.2f\n", results[1].Rate()/results[0].Rate())
	return nil
}

// get fetches url and requires a 200.
func get(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d", url, resp.StatusCode)
	}
	return nil
}
