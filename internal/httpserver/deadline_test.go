package httpserver_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
)

// startServer serves e on a free port with the project's own http.Server
// and deadlines d; it returns the base URL.
func startServer(t *testing.T, e *echo.Echo, d httpserver.Deadlines) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httpserver.NewServer(e, quiet, d)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// An event stream outlives every ordinary deadline — the real ones, so this
// test takes a little over a minute (it runs in parallel with the others):
// the handler sends an event every few seconds, extending its deadline
// before each, until it has been open 5 s longer than the write deadline,
// then says done. Without ExtendDeadline the read deadline cancels its
// context at 30 s and the write deadline cuts the connection at 60 s.
func TestStreamOutlivesTheOrdinaryDeadlines(t *testing.T) {
	t.Parallel()
	defaults := httpserver.DefaultDeadlines
	openFor := max(defaults.Read, defaults.Write) + 5*time.Second
	const every, grace = 4 * time.Second, 30 * time.Second

	e := httpserver.New(httpserver.Options{Logger: quiet, BodyLimit: "1M"})
	handlerErr := make(chan error, 1)
	e.GET("/events-stream", func(c echo.Context) error {
		err := sendEvents(c, openFor, every, grace)
		handlerErr <- err
		return err
	})
	url := startServer(t, e, defaults)

	ctx, cancel := context.WithTimeout(context.Background(), openFor+2*time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/events-stream", nil)
	started := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("stream answered %d %q, want 200 text/event-stream", resp.StatusCode, ct)
	}
	events, done := 0, false
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() {
		switch line := lines.Text(); {
		case line == "event: done":
			done = true
		case strings.HasPrefix(line, "data: "):
			events++
		}
	}
	open := time.Since(started)
	if err := lines.Err(); err != nil {
		t.Errorf("the stream broke after %s and %d events: %v", open.Round(time.Second), events, err)
	}
	if !done || open < openFor {
		t.Errorf("the stream ended after %s and %d events, done=%v; want done after %s",
			open.Round(time.Second), events, done, openFor)
	}
	if err := <-handlerErr; err != nil {
		t.Errorf("handler: %v", err)
	}
}

// sendEvents writes a server-sent event every interval until the request
// has been open for openFor, then a done event. Before each write it gives
// itself grace to send it: a stream that stops sending is still cut off.
func sendEvents(c echo.Context, openFor, interval, grace time.Duration) error {
	started := time.Now()
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/event-stream")
	w.WriteHeader(http.StatusOK)
	for n := 1; ; n++ {
		if err := httpserver.ExtendDeadline(c, grace); err != nil {
			return err
		}
		if time.Since(started) >= openFor {
			_, err := io.WriteString(w, "event: done\ndata: bye\n\n")
			w.Flush()
			return err
		}
		if _, err := fmt.Fprintf(w, "data: %d\n\n", n); err != nil {
			return err
		}
		w.Flush()
		select {
		case <-c.Request().Context().Done():
			return fmt.Errorf("event %d: %w", n, context.Cause(c.Request().Context()))
		case <-time.After(interval):
		}
	}
}

// A stream that goes quiet for longer than it extended its deadline is
// ended: its context is cancelled, so it does not hold a connection that
// could no longer be written to.
func TestStreamEndsWhenItsDeadlinePasses(t *testing.T) {
	t.Parallel()
	e := httpserver.New(httpserver.Options{Logger: quiet, BodyLimit: "1M"})
	ended := make(chan error, 1)
	e.GET("/quiet-stream", func(c echo.Context) error {
		if err := httpserver.ExtendDeadline(c, time.Second); err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderContentType, "text/event-stream")
		c.Response().WriteHeader(http.StatusOK)
		c.Response().Flush()
		select {
		case <-c.Request().Context().Done():
			ended <- nil
		case <-time.After(time.Minute):
			ended <- errors.New("still open a minute after its deadline")
		}
		return nil
	})
	url := startServer(t, e, httpserver.DefaultDeadlines)
	resp, err := http.Get(url + "/quiet-stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := <-ended; err != nil {
		t.Error(err)
	}
}

// The control: with short ordinary deadlines, a route that takes longer
// than its write deadline is cut off and the client gets no answer, one
// that answers at once is unaffected, and the same slow route answers when
// it extends its deadline first. The slow handler waits as long as the
// deadline, which started before it ran, so it ends past it however slow
// the machine; the deadline is long enough (5 s) that a loaded machine
// still answers the quick route and starts the extending one in time.
func TestOrdinaryRouteIsCutAtItsDeadline(t *testing.T) {
	t.Parallel()
	short := httpserver.Deadlines{ReadHeader: 5 * time.Second, Read: 5 * time.Second, Write: 5 * time.Second, Idle: 5 * time.Second}
	e := httpserver.New(httpserver.Options{Logger: quiet, BodyLimit: "1M"})
	slow := func(c echo.Context) error {
		time.Sleep(short.Write)
		return c.String(http.StatusOK, "late")
	}
	e.GET("/slow", slow)
	e.GET("/slow-extended", func(c echo.Context) error {
		if err := httpserver.ExtendDeadline(c, time.Minute); err != nil {
			return err
		}
		return slow(c)
	})
	url := startServer(t, e, short)

	tests := []struct {
		name, path, wantBody string // wantBody "": no answer
	}{
		{"ordinary route past its deadline", "/slow", ""},
		{"ordinary route in time", "/healthz", `{"status":"ok"}`},
		{"slow route that extends its deadline", "/slow-extended", "late"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body, err := get(url + tt.path)
			switch {
			case tt.wantBody == "" && err == nil:
				t.Errorf("GET %s answered %q after its deadline, want the connection cut", tt.path, body)
			case tt.wantBody != "" && (err != nil || strings.TrimSpace(body) != tt.wantBody):
				t.Errorf("GET %s: %q, %v; want %q", tt.path, body, err, tt.wantBody)
			}
		})
	}
}

// get returns the body of a 200 answer, or why there was none.
func get(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return string(b), err
}
