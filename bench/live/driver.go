package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/bench/measure"
	"plenary/internal/app"
)

// register signs n registrants up through HTTP (an event without a
// capacity confirms them at once) and returns their live-page tokens.
func register(ctx context.Context, pool *pgxpool.Pool, a *app.App, url string, n int) ([]string, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32, MaxConnsPerHost: 32}}
	r := measure.Run(32, n, time.Now().Add(30*time.Minute), func(i int) error {
		body, _ := json.Marshal(map[string]string{"first_name": "Viewer", "last_name": fmt.Sprint(i),
			"email": fmt.Sprintf("viewer%06d@example.org", i), "sector": "other", "organisation": "Bench"})
		resp, err := client.Post(url+"/api/v1/events/live/registrations", "application/json", bytes.NewReader(body))
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			return fmt.Errorf("registration %d: %s", i, resp.Status)
		}
		return nil
	})
	if r.Failed > 0 {
		return nil, fmt.Errorf("%d registrations failed: %w", r.Failed, r.FirstErr)
	}
	rows, err := pool.Query(ctx, `SELECT id FROM registration_participants WHERE status = 'confirmed' ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tokens []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		tokens = append(tokens, a.Keys.Live(id))
	}
	if len(tokens) != n {
		return nil, fmt.Errorf("%d confirmed registrants, want %d", len(tokens), n)
	}
	return tokens, rows.Err()
}

// driven is what the driver sent, and why the first failure failed.
type driven struct {
	asked, voted, failed int64
	firstFailure         string
}

// drive asks and votes at fixed rates until ctx ends, alternating between
// the two servers, each request from another registrant.
func drive(ctx context.Context, urls, tokens []string, asks, votes float64) driven {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var (
		mu        sync.Mutex
		questions []string
		voters    = map[string]int{} // the next voter of each question
		out       driven
		failed    atomic.Int64
		firstOnce sync.Once
		wg        sync.WaitGroup
	)
	fail := func(method, url, why string) {
		failed.Add(1)
		firstOnce.Do(func() { out.firstFailure = method + " " + url + ": " + why })
	}
	call := func(method, url string, body any) (map[string]any, bool) {
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(context.WithoutCancel(ctx), method, url, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			fail(method, url, err.Error())
			return nil, false
		}
		defer resp.Body.Close()
		var got map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&got)
		if resp.StatusCode >= 300 {
			fail(method, url, fmt.Sprintf("%s %v", resp.Status, got))
			return nil, false
		}
		return got, true
	}
	tick := func(rate float64, fn func(i int)) {
		wg.Go(func() {
			t := time.NewTicker(time.Duration(float64(time.Second) / rate))
			defer t.Stop()
			for i := 0; ; i++ {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					wg.Go(func() { fn(i) })
				}
			}
		})
	}
	tick(asks, func(i int) {
		tok := tokens[(i*7)%len(tokens)]
		q, ok := call(http.MethodPost, urls[i%2]+"/api/v1/live/"+tok+"/questions",
			map[string]any{"body": fmt.Sprintf("Bench question %d: how is it funded?", i), "anonymous": i%3 == 0})
		if ok {
			mu.Lock()
			questions = append(questions, q["id"].(string))
			out.asked++
			mu.Unlock()
		}
	})
	tick(votes, func(i int) {
		mu.Lock()
		if len(questions) == 0 {
			mu.Unlock()
			return
		}
		q := questions[i%len(questions)]
		voter := voters[q]
		voters[q]++
		mu.Unlock()
		if voter >= len(tokens) {
			return
		}
		if _, ok := call(http.MethodPut, urls[(i+1)%2]+"/api/v1/live/"+tokens[voter]+"/questions/"+q+"/vote", nil); ok {
			mu.Lock()
			out.voted++
			mu.Unlock()
		}
	})
	<-ctx.Done()
	wg.Wait()
	out.failed = failed.Load()
	return out
}

// probeCommits times one-row INSERT commits on a connection of its own,
// ten a second, for d or until ctx ends.
func probeCommits(ctx context.Context, pool *pgxpool.Pool, d time.Duration) measure.Result {
	var r measure.Result
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return r
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS bench_commit_probe (at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return r
	}
	start := time.Now()
	for time.Since(start) < d && ctx.Err() == nil {
		t := time.Now()
		if _, err := conn.Exec(ctx, `INSERT INTO bench_commit_probe DEFAULT VALUES`); err == nil {
			r.Latencies = append(r.Latencies, time.Since(t))
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
	r.Elapsed = time.Since(start)
	return r
}
