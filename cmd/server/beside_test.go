package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"plenary/internal/postgres"
)

// The README's own order: start the server, then seed and create a user
// beside it. The commands reuse the server's cluster and leave it running.
func TestCommandsBesideARunningServer(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"DATA_DIR": dataDir}
	p := start(t, env)
	p.waitHealthy(t)
	clusterDir := clusterDirOf(t, p)

	out, errOut, code := runCmd(t, env, "", "seed", "--demo")
	if code != 0 || !strings.Contains(out, "/events/joining-up-prevention") {
		t.Fatalf("seed beside the server: exit %d\n%s\n%s", code, out, errOut)
	}
	out, errOut, code = runCmd(t, env, "a long enough password\n", "user", "create", "--email", "ada@example.org", "--name", "Ada", "--role", "admin")
	if code != 0 || !strings.Contains(out, "created admin ada@example.org") {
		t.Fatalf("user create beside the server: exit %d\n%s\n%s", code, out, errOut)
	}
	if strings.Contains(errOut, "stopping embedded PostgreSQL") {
		t.Errorf("user create stopped the server's cluster:\n%s", errOut)
	}

	c := newWebClient(t, p.addr)
	c.wantStatus(t, "GET", "/readyz", nil, http.StatusOK)
	var page struct{ Title string }
	c.do(t, "GET", "/api/v1/events/joining-up-prevention", nil, http.StatusOK, &page)
	if !strings.HasPrefix(page.Title, "Joining up prevention") {
		t.Errorf("the server reads the seeded event as %q", page.Title)
	}
	c.login(t, "ada@example.org", "a long enough password")

	p.stop(t, syscall.SIGTERM)
	assertClusterStopped(t, clusterDir)
}

// A command on its own starts the cluster and stops it again.
func TestACommandAloneStopsItsOwnCluster(t *testing.T) {
	env := map[string]string{"DATA_DIR": filepath.Join(t.TempDir(), "data")}
	out, errOut, code := runCmd(t, env, "", "seed", "--demo")
	if code != 0 {
		t.Fatalf("seed: exit %d\n%s\n%s", code, out, errOut)
	}
	var clusterDir string
	for _, line := range strings.Split(errOut, "\n") {
		var l map[string]any
		if json.Unmarshal([]byte(line), &l) == nil && l["msg"] == "embedded PostgreSQL ready" {
			clusterDir, _ = l["dir"].(string)
		}
	}
	if clusterDir == "" {
		t.Fatalf("no 'embedded PostgreSQL ready' line:\n%s", errOut)
	}
	cleanUpMovedCluster(t, clusterDir)
	assertClusterStopped(t, clusterDir)
}

// A server whose database goes away answers 503 meanwhile and recovers on
// its own once the database is back: requests, the event listener (the
// page cache across processes) and the mail jobs.
func TestServerRecoversWhenItsDatabaseComesBack(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"DATA_DIR": dataDir}
	p := start(t, env)
	p.waitHealthy(t)
	clusterDir := clusterDirOf(t, p)
	if _, errOut, code := runCmd(t, env, "a long enough password\n", "user", "create", "--email", "ada@example.org", "--name", "Ada", "--role", "admin"); code != 0 {
		t.Fatalf("user create: exit %d\n%s", code, errOut)
	}
	c := newWebClient(t, p.addr)
	c.login(t, "ada@example.org", "a long enough password")
	before := c.publishEvent(t, "before-the-outage")
	c.wantStatus(t, "GET", "/api/v1/events/"+before, nil, http.StatusOK)

	cluster := testCluster(t, dataDir)
	ctx := context.Background()
	outage := time.Now()
	logged := len(p.logLines())
	if err := cluster.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	c.waitStatus(t, "/readyz", http.StatusServiceUnavailable)
	time.Sleep(5 * time.Second) // an outage long enough for every loop to retry a few times
	if err := cluster.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cluster.Stop(context.Background()) }) // in case the server does not
	c.waitStatus(t, "/readyz", http.StatusOK)
	assertNoErrorLoop(t, p.logLines()[logged:], time.Since(outage))

	// Writes work again, and so do the mail jobs: the registrant's
	// confirmation is rendered and recorded (no SMTP_URL here).
	slug := c.publishEvent(t, "after-the-outage")
	c.do(t, "POST", "/api/v1/events/"+slug+"/registrations", map[string]any{"first_name": "Bo", "last_name": "Lee",
		"email": "bo@example.org", "sector": "local_government"}, http.StatusAccepted, nil)
	db, err := postgres.Open(ctx, cluster.DSN("plenary"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	eventually(t, "the confirmation is recorded by the mail jobs", func() bool {
		var status string
		err := db.QueryRow(ctx, `SELECT status FROM outbox WHERE to_email = 'bo@example.org' AND kind = 'confirmation'`).Scan(&status)
		return err == nil && status == "not_delivered"
	})

	// The listener hears changes made by other processes again: a page
	// this server has cached is dropped when another process says so.
	var page struct{ Title string }
	c.do(t, "GET", "/api/v1/events/"+before, nil, http.StatusOK, &page)
	if _, err := db.Exec(ctx, `UPDATE events SET title = 'Changed elsewhere' WHERE slug = $1`, before); err != nil {
		t.Fatal(err)
	}
	eventually(t, "a change notified by another process reaches the page cache", func() bool {
		if _, err := db.Exec(ctx, `SELECT pg_notify('plenary_event_changed', $1)`, before); err != nil {
			t.Fatal(err)
		}
		c.do(t, "GET", "/api/v1/events/"+before, nil, http.StatusOK, &page)
		return page.Title == "Changed elsewhere"
	})

	p.stop(t, syscall.SIGTERM)
	assertClusterStopped(t, clusterDir)
}

// assertNoErrorLoop checks that the loops retrying while the database was
// away said so rather than logging every retry: each warning or error at
// most once per half minute (and once more for the last part).
func assertNoErrorLoop(t *testing.T, lines []map[string]any, outage time.Duration) {
	t.Helper()
	counts := map[string]int{}
	for _, l := range lines {
		if level, _ := l["level"].(string); level == "WARN" || level == "ERROR" {
			msg, _ := l["msg"].(string)
			counts[msg]++
		}
	}
	allowed := 2 + int(outage/(30*time.Second))
	for msg, n := range counts {
		if n > allowed {
			t.Errorf("logged %d times in an outage of %s (at most %d): %q", n, outage.Round(time.Second), allowed, msg)
		}
	}
}

func clusterDirOf(t *testing.T, p *proc) string {
	t.Helper()
	ready := p.log("embedded PostgreSQL ready")
	if ready == nil {
		t.Fatalf("no 'embedded PostgreSQL ready' log line: %v", p.logLines())
	}
	dir := ready["dir"].(string)
	cleanUpMovedCluster(t, dir)
	return dir
}

// cleanUpMovedCluster removes a cluster placed outside DATA_DIR (as root,
// when the postgres user cannot enter the test's temp dir).
func cleanUpMovedCluster(t *testing.T, dir string) {
	if strings.HasPrefix(dir, "/var/lib/plenary/") {
		t.Cleanup(func() { os.RemoveAll(filepath.Dir(dir)) })
	}
}

// testCluster is a handle on the server's cluster, to stop and start it
// under the server as an operator or a crash would.
func testCluster(t *testing.T, dataDir string) *postgres.Cluster {
	t.Helper()
	binDir, err := postgres.FindBinaries("", os.Getenv("PATH"))
	if err != nil {
		t.Fatal(err)
	}
	cluster, err := postgres.NewCluster(dataDir, binDir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return cluster
}

// eventually polls cond until it holds, with a deadline that bounds a hang
// rather than measuring speed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not so after two minutes: %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// webClient talks to a server process as the SPA does: a cookie jar and
// the session's CSRF token on writes.
type webClient struct {
	base string
	http *http.Client
	csrf string
}

func newWebClient(t *testing.T, addr string) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{base: "http://" + addr, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// send makes one request and returns its status and body; err is a
// transport error.
func (c *webClient) send(method, path string, body any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

func (c *webClient) do(t *testing.T, method, path string, body any, want int, out any) {
	t.Helper()
	status, b, err := c.send(method, path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if status != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

func (c *webClient) wantStatus(t *testing.T, method, path string, body any, want int) {
	t.Helper()
	c.do(t, method, path, body, want, nil)
}

func (c *webClient) waitStatus(t *testing.T, path string, want int) {
	t.Helper()
	eventually(t, path+" answers "+http.StatusText(want), func() bool {
		status, _, err := c.send("GET", path, nil)
		return err == nil && status == want
	})
}

func (c *webClient) login(t *testing.T, email, password string) {
	t.Helper()
	var session struct {
		CSRF string `json:"csrf_token"`
	}
	c.do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password}, http.StatusOK, &session)
	c.csrf = session.CSRF
}

// publishEvent creates and publishes an event a week ahead; it returns the
// slug.
func (c *webClient) publishEvent(t *testing.T, slug string) string {
	t.Helper()
	var e struct{ ID string }
	c.do(t, "POST", "/api/v1/manage/events", map[string]any{"slug": slug, "title": "Event " + slug,
		"starts_at":        time.Now().Add(7 * 24 * time.Hour).Truncate(time.Minute).Format(time.RFC3339),
		"duration_minutes": 60, "timezone": "Europe/London"}, http.StatusCreated, &e)
	c.wantStatus(t, "POST", "/api/v1/manage/events/"+e.ID+"/publish", nil, http.StatusOK)
	return slug
}
