package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"plenary/internal/httpserver"
)

// viewerResult is what the child process reports of one load.
type viewerResult struct {
	Bytes    int64   `json:"bytes"`
	Requests int64   `json:"requests"`
	Failed   int64   `json:"failed"`
	FirstErr string  `json:"first_err"`
	Seconds  float64 `json:"seconds"`
}

// target is one server the viewers load, and what they and the sampler saw.
type target struct {
	name, url string
	loads     viewerResult
	rssPeak   uint64 // the highest RSS sampled during its loads
	heapPeak  uint64
}

func benchRanges(ctx context.Context, e *env, o options) error {
	organiser, err := e.organiser(ctx, "ranges")
	if err != nil {
		return err
	}
	eventID, err := e.pastEvent(ctx, organiser, "ranges-event")
	if err != nil {
		return err
	}
	key := "recordings/" + eventID + "/video.mp4"
	path := filepath.Join(e.cfg.MediaFolder(), filepath.FromSlash(key))
	if err := makeRecording(path, o.size, o.random); err != nil {
		return err
	}
	if _, err := e.publishRecording(ctx, eventID, key, o.size); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	routeURL, stopRoute, err := listen(httpserver.NewServer(e.app.Echo, logger, httpserver.DefaultDeadlines))
	if err != nil {
		return err
	}
	defer stopRoute()
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, path) })
	bareURL, stopBare, err := listen(httpserver.NewServer(bare, logger, httpserver.DefaultDeadlines))
	if err != nil {
		return err
	}
	defer stopBare()

	targets := []*target{
		{name: "http.ServeFile", url: bareURL + "/video.mp4"},
		{name: "recording route", url: routeURL + "/api/v1/events/ranges-event/recording/file"},
	}
	runtime.GC()
	rssBefore, heapBefore := memory()
	for range o.rounds { // alternate, so drift on a shared machine hits both alike
		for _, t := range targets {
			if err := t.load(o); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
	}
	fmt.Printf("ranges: %d viewers, random %s ranges of a %s %s file, %d rounds of %s per target\n", o.viewers,
		bytesText(o.chunk), bytesText(o.size), map[bool]string{true: "random", false: "sparse"}[o.random], o.rounds, o.duration)
	fmt.Printf("server process before the loads: RSS %s, Go heap %s\n", bytesText(int64(rssBefore)), bytesText(int64(heapBefore)))
	for _, t := range targets {
		r := t.loads
		fmt.Printf("%-16s %8.1f MB/s %7.0f req/s  %d failed  peak RSS %s, peak Go heap %s\n", t.name,
			float64(r.Bytes)/r.Seconds/1e6, float64(r.Requests)/r.Seconds, r.Failed, bytesText(int64(t.rssPeak)), bytesText(int64(t.heapPeak)))
		if r.FirstErr != "" {
			fmt.Printf("%-16s first failure: %s\n", "", r.FirstErr)
		}
	}
	route, base := targets[1].loads, targets[0].loads
	fmt.Printf("ratio route / http.ServeFile: %.2f\n", (float64(route.Bytes)/route.Seconds)/(float64(base.Bytes)/base.Seconds))
	return nil
}

// load runs the viewers against t once, in a child process, sampling this
// process's memory meanwhile.
func (t *target) load(o options) error {
	cmd := exec.Command(os.Args[0], "-child", "-url", t.url, "-viewers", strconv.Itoa(o.viewers),
		"-d", o.duration.String(), "-size", strconv.FormatInt(o.size, 10), "-chunk", strconv.FormatInt(o.chunk, 10))
	cmd.Stderr = os.Stderr
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			rss, heap := memory()
			t.rssPeak, t.heapPeak = max(t.rssPeak, rss), max(t.heapPeak, heap)
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	out, err := cmd.Output()
	close(done)
	wg.Wait()
	if err != nil {
		return fmt.Errorf("viewers: %w", err)
	}
	var r viewerResult
	if err := json.Unmarshal(out, &r); err != nil {
		return fmt.Errorf("viewers said %q: %w", out, err)
	}
	t.loads.Bytes += r.Bytes
	t.loads.Requests += r.Requests
	t.loads.Failed += r.Failed
	t.loads.Seconds += r.Seconds
	if t.loads.FirstErr == "" {
		t.loads.FirstErr = r.FirstErr
	}
	return nil
}

// makeRecording makes the file: sparse (no disk written, its pages read
// as zeros from memory) or random bytes.
func makeRecording(path string, size int64, random bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if random {
		_, err = io.CopyN(f, rand.NewChaCha8([32]byte{1}), size)
	} else {
		err = f.Truncate(size)
	}
	return errors.Join(err, f.Close())
}

// listen serves srv on a loopback port and returns its URL.
func listen(srv *http.Server) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// memory is this process's resident memory and Go heap (live and not yet
// collected objects), in bytes.
func memory() (rss, heap uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	b, _ := os.ReadFile("/proc/self/status")
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			rss = kb << 10
		}
	}
	return rss, sample[0].Value.Uint64()
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	default:
		return fmt.Sprintf("%d KiB", n>>10)
	}
}

// runViewers is the child: o.viewers goroutines each fetch random ranges
// of o.chunk bytes from o.url until o.duration has passed, and it prints
// what they read as JSON.
func runViewers(o options) error {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.viewers, MaxConnsPerHost: o.viewers,
		DisableCompression: true}}
	var total, requests, failed atomic.Int64
	var firstErr atomic.Pointer[string]
	deadline := time.Now().Add(o.duration)
	began := time.Now()
	var wg sync.WaitGroup
	for range o.viewers {
		wg.Go(func() {
			for time.Now().Before(deadline) {
				n, err := fetchRange(client, o.url, rand.Int64N(o.size-o.chunk+1), o.chunk)
				total.Add(n)
				if err != nil {
					failed.Add(1)
					msg := err.Error()
					firstErr.CompareAndSwap(nil, &msg)
					continue
				}
				requests.Add(1)
			}
		})
	}
	wg.Wait()
	r := viewerResult{Bytes: total.Load(), Requests: requests.Load(), Failed: failed.Load(), Seconds: time.Since(began).Seconds()}
	if p := firstErr.Load(); p != nil {
		r.FirstErr = *p
	}
	return json.NewEncoder(os.Stdout).Encode(r)
}

// fetchRange reads n bytes at off and checks it got a 206 of that length.
func fetchRange(client *http.Client, url string, off, n int64) (int64, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", off, off+n-1))
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	got, err := io.Copy(io.Discard, resp.Body)
	if err == nil && (resp.StatusCode != http.StatusPartialContent || got != n) {
		err = fmt.Errorf("GET %s bytes %d+%d: %d, %d bytes", url, off, n, resp.StatusCode, got)
	}
	return got, err
}
