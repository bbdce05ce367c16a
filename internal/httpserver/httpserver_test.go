package httpserver_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/labstack/echo/v4"

	"plenary/internal/apitest"
	"plenary/internal/errs"
	"plenary/internal/httpserver"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// testServer is Echo with the shared middleware and a few routes that fail
// in each way a domain handler can.
func testServer(t *testing.T) *httptest.Server {
	e := httpserver.New(httpserver.Options{
		Logger:    quiet,
		Pool:      pgtest.New(t),
		BodyLimit: "1K",
		SPA:       fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>app</title>")}, "assets/app.js": {Data: []byte("console.log(1)")}},
	})
	api := httpserver.API(e)
	api.POST("/echo", func(c echo.Context) error {
		var body map[string]any
		if err := httpserver.BindJSON(c, &body); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, body)
	})
	api.GET("/panic", func(echo.Context) error { panic("secret internals: password=hunter2") })
	api.GET("/sql", func(echo.Context) error { return errorsWithSQL() })
	api.GET("/invalid", func(echo.Context) error {
		return errs.Validation{"title": "Enter a title.", "duration_minutes": "Use 5 to 1440 minutes."}
	})
	api.GET("/limited", func(echo.Context) error { return &errs.TooMany{RetryAfter: 1500 * time.Millisecond} })
	api.GET("/missing", func(echo.Context) error { return errs.Publicf(errs.ErrNotFound, "No event has the slug %q.", "x") })
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return srv
}

func errorsWithSQL() error {
	return &net.OpError{Op: "SELECT password_hash FROM users", Err: io.ErrUnexpectedEOF}
}

func TestProblemResponses(t *testing.T) {
	srv := testServer(t)
	big := `{"x":"` + strings.Repeat("a", 2048) + `"}`
	tests := []struct {
		name, method, path, body string
		wantStatus               int
		wantDetail               string
		wantHeader               [2]string
	}{
		{"unknown API path", "GET", "/api/v1/nothing-here", "", 404, "nothing at this address", [2]string{}},
		{"wrong method", "DELETE", "/api/v1/echo", "", 405, "does not accept that method", [2]string{"Allow", "OPTIONS, POST"}},
		{"body too large", "POST", "/api/v1/echo", big, 413, "larger than this server accepts", [2]string{}},
		{"malformed JSON", "POST", "/api/v1/echo", `{"x":`, 400, "not valid JSON", [2]string{}},
		{"panic", "GET", "/api/v1/panic", "", 500, "Quote request ID", [2]string{}},
		{"internal error", "GET", "/api/v1/sql", "", 500, "Quote request ID", [2]string{}},
		{"domain not found", "GET", "/api/v1/missing", "", 404, `No event has the slug "x".`, [2]string{}},
		{"rate limited", "GET", "/api/v1/limited", "", 429, "try again in 2 seconds", [2]string{"Retry-After", "2"}},
		{"page POST", "POST", "/events/some-event", "", 404, "nothing at this address", [2]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, raw)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			var p httpserver.Problem
			if err := json.Unmarshal(raw, &p); err != nil {
				t.Fatalf("not JSON: %s", raw)
			}
			if p.Status != tt.wantStatus || p.Title == "" || p.Type == "" || !strings.Contains(p.Detail, tt.wantDetail) {
				t.Errorf("problem %+v, want status %d with detail containing %q", p, tt.wantStatus, tt.wantDetail)
			}
			if strings.Contains(string(raw), "hunter2") || strings.Contains(string(raw), "SELECT") {
				t.Errorf("internals leaked: %s", raw)
			}
			if h := tt.wantHeader; h[0] != "" && resp.Header.Get(h[0]) != h[1] {
				t.Errorf("%s = %q, want %q", h[0], resp.Header.Get(h[0]), h[1])
			}
			if id := resp.Header.Get(echo.HeaderXRequestID); tt.wantStatus == 500 && !strings.Contains(p.Detail, id) {
				t.Errorf("500 detail %q does not carry the request ID %q", p.Detail, id)
			}
		})
	}
}

func TestValidationProblemListsFields(t *testing.T) {
	srv := testServer(t)
	resp, err := http.Get(srv.URL + "/api/v1/invalid")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p httpserver.Problem
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 422 || p.Type != httpserver.TypeValidation || p.Errors["title"] != "Enter a title." || p.Errors["duration_minutes"] == "" {
		t.Fatalf("status %d problem %+v", resp.StatusCode, p)
	}
}

// The real embedded SPA (built app or placeholder), as served by the app.
func TestSPAFallbackWithEmbeddedFiles(t *testing.T) {
	env := apitest.New(t)
	for _, path := range []string{"/", "/events/anything", "/manage/events/new"} {
		resp, err := http.Get(env.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "<!doctype html>") {
			t.Errorf("GET %s: %d %.80q", path, resp.StatusCode, body)
		}
	}
}

func TestSPAFallback(t *testing.T) {
	srv := testServer(t)
	for path, want := range map[string]string{
		"/":                  "<title>app</title>",
		"/events/some-event": "<title>app</title>",
		"/setup":             "<title>app</title>",
		"/assets/app.js":     "console.log(1)",
	} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %q, want 200 with %q", path, resp.StatusCode, body, want)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: secure headers missing: %v", path, resp.Header)
		}
	}
}

// Through the whole app, validated against the spec.
func TestOperationsEndpoints(t *testing.T) {
	env := apitest.New(t)
	c := env.Client()
	c.Get(t, "/healthz").WantStatus(t, http.StatusOK)
	c.Get(t, "/readyz").WantStatus(t, http.StatusOK)
	spec := c.Get(t, "/api/openapi.yaml").WantStatus(t, http.StatusOK)
	if !strings.HasPrefix(string(spec.Body), "openapi: 3.0.3") {
		t.Errorf("/api/openapi.yaml starts %q", spec.Body[:min(40, len(spec.Body))])
	}
	c.Get(t, "/api/v1/auth/me") // a templated API route with a 401

	metrics := string(c.Get(t, "/metrics").WantStatus(t, http.StatusOK).Body)
	for _, want := range []string{
		`http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`http_requests_total{method="GET",route="/api/v1/auth/me",status="401"} 1`,
		`http_request_duration_seconds_bucket{method="GET",route="/readyz",status="200",le="+Inf"} 1`,
		"pgxpool_max_conns ",
		"go_goroutines ",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestReadyzWithoutDatabase(t *testing.T) {
	pool := pgtest.New(t)
	e := httpserver.New(httpserver.Options{Logger: quiet, Pool: pool, BodyLimit: "1M"})
	pool.Close()
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "unreachable") {
		t.Fatalf("readyz with a closed pool: %d %s", rec.Code, rec.Body)
	}
}

// SIGTERM's effect: Serve stops accepting, lets the in-flight request
// finish, then returns.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	e := httpserver.New(httpserver.Options{Logger: quiet, BodyLimit: "1M"})
	started, release := make(chan struct{}), make(chan struct{})
	e.GET("/slow", func(c echo.Context) error {
		close(started)
		<-release
		return c.String(http.StatusOK, "finished")
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- httpserver.Serve(ctx, e, ln, 10*time.Second, quiet) }()

	type result struct {
		status int
		body   string
		err    error
	}
	inFlight := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			inFlight <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		inFlight <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-started
	stop() // as on SIGTERM

	// New connections are refused once shutdown has begun.
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", ln.Addr().String(), 100*time.Millisecond)
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections after shutdown began")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-served:
		t.Fatalf("Serve returned (%v) before the in-flight request finished", err)
	default:
	}
	close(release)
	if r := <-inFlight; r.err != nil || r.status != 200 || r.body != "finished" {
		t.Fatalf("in-flight request: %+v, want 200 finished", r)
	}
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

func TestLimiter(t *testing.T) {
	l := httpserver.NewLimiter(3, time.Minute)
	for i := range 3 {
		if err := l.Allow("203.0.113.7"); err != nil {
			t.Fatalf("request %d refused: %v", i+1, err)
		}
	}
	err := l.Allow("203.0.113.7")
	tooMany, ok := err.(*errs.TooMany)
	if !ok || tooMany.RetryAfter <= 0 || tooMany.RetryAfter > time.Minute {
		t.Fatalf("fourth request: %v, want TooMany within a minute", err)
	}
	if err := l.Allow("198.51.100.1"); err != nil {
		t.Fatalf("another key was limited: %v", err)
	}
}
