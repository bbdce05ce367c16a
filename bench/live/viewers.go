package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// receipt is one message as a viewer received it.
type receipt struct {
	id int64
	at int64 // unix nanoseconds
}

// viewer is one SSE client: what it received and the questions' votes as
// it was last told.
type viewer struct {
	server     *syscall.SockaddrInet4
	host       string // the server's host:port
	path       string
	mu         sync.Mutex
	last       int64
	receipts   []receipt
	votes      map[questionID]int
	dups       int
	reconnects int
}

// runViewers is the child: it opens a stream per token, says "ready",
// waits for "done" on stdin, lets the streams settle and prints what the
// viewers saw against the database.
func runViewers(ctx context.Context) error {
	urls := strings.Split(os.Getenv("BENCH_LIVE_URLS"), ",")
	raw, err := os.ReadFile(os.Getenv("BENCH_LIVE_TOKENS"))
	if err != nil {
		return err
	}
	tokens := strings.Fields(string(raw))
	servers := make([]*syscall.SockaddrInet4, len(urls))
	for i, u := range urls {
		if servers[i], err = sockaddr(u); err != nil {
			return err
		}
	}
	pollers := make([]*poller, runtime.NumCPU())
	for i := range pollers {
		if pollers[i], err = newPoller(); err != nil {
			return err
		}
		go pollers[i].run()
	}
	viewers := make([]*viewer, len(tokens))
	var connected atomic.Int64
	var wg sync.WaitGroup
	gate := make(chan struct{}, 100) // connect a hundred at a time
	for i, tok := range tokens {
		v := &viewer{server: servers[i%len(servers)], host: strings.TrimPrefix(urls[i%len(urls)], "http://"),
			path: "/api/v1/live/" + tok + "/stream", votes: map[questionID]int{}}
		viewers[i] = v
		wg.Add(1)
		go pollers[i%len(pollers)].watch(v, gate, func(ok bool) {
			if ok {
				connected.Add(1)
			}
			wg.Done()
		})
	}
	wg.Wait() // every stream open once
	fmt.Printf("ready: %d of %d connected, half to each server\n", connected.Load(), len(tokens))
	os.Stdout.Sync()
	stopProfile, err := startProfile(os.Getenv("BENCH_LIVE_PROFILE"))
	if err != nil {
		return err
	}
	bufio.NewScanner(os.Stdin).Scan() // "done"
	stopProfile()
	return settle(ctx, viewers)
}

// receive handles one line of the viewer's stream, read at (unix
// nanoseconds); id and event are the message's fields so far.
func (v *viewer) receive(line []byte, at int64, id *int64, event *string) {
	switch {
	case len(line) > 4 && string(line[:4]) == "id: ":
		*id, _ = strconv.ParseInt(string(line[4:]), 10, 64)
	case len(line) > 7 && string(line[:7]) == "event: ":
		*event = string(line[7:])
	case len(line) > 6 && string(line[:6]) == "data: ":
		var qid questionID
		var votes int
		ok := false
		if *event == "question" { // cheaper than decoding: the client must keep up
			qid, votes, ok = questionVotes(line[6:])
		}
		v.mu.Lock()
		if *id <= v.last {
			v.dups++
		}
		v.last = max(v.last, *id)
		v.receipts = append(v.receipts, receipt{id: *id, at: at})
		if ok {
			v.votes[qid] = votes
		}
		v.mu.Unlock()
	}
}

// questionID is a question's UUID as text: a map key that costs no
// allocation per message.
type questionID [36]byte

// questionVotes finds a question message's id and votes.
func questionVotes(data []byte) (questionID, int, bool) {
	var q questionID
	i := bytes.Index(data, []byte(`"id":"`))
	j := bytes.Index(data, []byte(`"votes":`))
	if i < 0 || j < 0 || len(data) < i+6+len(q) {
		return q, 0, false
	}
	rest := data[j+8:]
	end := bytes.IndexAny(rest, ",}")
	if end < 0 {
		return q, 0, false
	}
	n, err := strconv.Atoi(string(rest[:end]))
	copy(q[:], data[i+6:])
	return q, n, err == nil
}

// settle waits until every viewer has the event's last change (or 20 s),
// then compares what each saw with the database and prints the figures.
func settle(ctx context.Context, viewers []*viewer) error {
	conn, err := pgx.Connect(ctx, os.Getenv("BENCH_LIVE_DSN"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	event := os.Getenv("BENCH_LIVE_EVENT")
	var final int64
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM live_changes WHERE event_id = $1`, event).Scan(&final); err != nil {
		return err
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if behind(viewers, final) == 0 {
			break
		}
	}
	created := map[int64]int64{}
	rows, _ := conn.Query(ctx, `SELECT id, created_at FROM live_changes WHERE event_id = $1`, event)
	var id int64
	var at time.Time
	if _, err := pgx.ForEachRow(rows, []any{&id, &at}, func() error { created[id] = at.UnixNano(); return nil }); err != nil {
		return err
	}
	want := map[questionID]int{}
	rows, _ = conn.Query(ctx, `SELECT id::text, votes FROM live_questions WHERE event_id = $1 AND status = 'published'`, event)
	var qid string
	var votes int
	if _, err := pgx.ForEachRow(rows, []any{&qid, &votes}, func() error { want[questionID([]byte(qid))] = votes; return nil }); err != nil {
		return err
	}
	var latencies []int64
	var dups, missing, stale, reconnects, messages int
	for _, v := range viewers {
		v.mu.Lock()
		for _, r := range v.receipts {
			if c, ok := created[r.id]; ok {
				latencies = append(latencies, r.at-c)
			}
		}
		messages += len(v.receipts)
		dups += v.dups
		reconnects += v.reconnects
		for q, n := range want {
			got, ok := v.votes[q]
			if !ok {
				missing++
			} else if got != n {
				stale++
			}
		}
		v.mu.Unlock()
	}
	slices.Sort(latencies)
	pct := func(p int) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return time.Duration(latencies[(len(latencies)-1)*p/100]).Round(time.Millisecond)
	}
	fmt.Printf("messages received: %d (%d per viewer), changes logged: %d, questions: %d\n",
		messages, messages/max(1, len(viewers)), len(created), len(want))
	fmt.Printf("delivery latency (change created_at → received, every message of every viewer): p50 %s p99 %s max %s\n",
		pct(50), pct(99), pct(100))
	fmt.Printf("dropped: %d questions missing, %d final vote counts wrong, %d viewers behind the last change; duplicated ids: %d; reconnects: %d\n",
		missing, stale, behind(viewers, final), dups, reconnects)
	if stale > 0 {
		for q, n := range want {
			got := map[int]int{}
			for _, v := range viewers {
				v.mu.Lock()
				got[v.votes[q]]++
				v.mu.Unlock()
			}
			if len(got) > 1 || got[n] == 0 {
				fmt.Printf("  question %s: %d votes; viewers saw (votes: viewers) %v\n", q[:], n, got)
			}
		}
	}
	if len(created) != int(countUpTo(created, final)) {
		// Every request had its answer before "done": a later change is
		// one the driver gave up on (its client timed out) that committed
		// after all, and the counts above may miss it.
		fmt.Printf("changes logged after the driver stopped: %d\n", len(created)-int(countUpTo(created, final)))
	}
	fmt.Printf("viewer process RSS %d MiB\n", rss(os.Getpid())>>20)
	return nil
}

// countUpTo is how many of the changes have an id up to final.
func countUpTo(created map[int64]int64, final int64) int64 {
	var n int64
	for id := range created {
		if id <= final {
			n++
		}
	}
	return n
}

// behind is how many viewers have not yet received change final.
func behind(viewers []*viewer, final int64) int {
	n := 0
	for _, v := range viewers {
		v.mu.Lock()
		if v.last < final {
			n++
		}
		v.mu.Unlock()
	}
	return n
}
