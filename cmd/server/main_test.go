package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/config"
	"plenary/internal/events"
	"plenary/internal/media"
	"plenary/internal/postgres"
	"plenary/internal/postgres/pgtest"
	"plenary/migrations"
)

// serverBin is the server built once for these tests, run as a user would.
var serverBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "plenary-server-bin-")
	if err != nil {
		panic(err)
	}
	serverBin = filepath.Join(dir, "server")
	if out, err := exec.Command("go", "build", "-o", serverBin, ".").CombinedOutput(); err != nil {
		panic(fmt.Sprintf("go build: %v\n%s", err, out))
	}
	code := pgtest.Main(m)
	os.RemoveAll(dir)
	os.Exit(code)
}

// proc is a running server process.
type proc struct {
	cmd    *exec.Cmd
	addr   string
	mu     sync.Mutex
	stdout bytes.Buffer
	logs   []map[string]any
	done   chan error
}

func (p *proc) Write(b []byte) (int, error) { // stdout
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stdout.Write(b)
}

// start runs `server args...` with only the given environment (plus PATH
// unless env sets it) on a free loopback port.
func start(t *testing.T, env map[string]string, args ...string) *proc {
	t.Helper()
	addr := freeAddr(t)
	p := &proc{addr: addr, done: make(chan error, 1)}
	p.cmd = exec.Command(serverBin, args...)
	p.cmd.Env = environ(map[string]string{"HTTP_ADDR": addr, "LOG_FORMAT": "json"}, env)
	p.cmd.Stdout = p
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logsDone := make(chan struct{})
	go func() {
		defer close(logsDone)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) != nil {
				line = map[string]any{"msg": sc.Text()}
			}
			p.mu.Lock()
			p.logs = append(p.logs, line)
			p.mu.Unlock()
		}
	}()
	go func() { <-logsDone; p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Signal(syscall.SIGTERM)
			<-p.done
		}
	})
	return p
}

func environ(sets ...map[string]string) []string {
	merged := map[string]string{"PATH": os.Getenv("PATH")}
	for _, set := range sets {
		for k, v := range set {
			merged[k] = v
		}
	}
	var env []string
	for k, v := range merged {
		env = append(env, k+"="+v)
	}
	return env
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitHealthy polls /healthz until it answers 200 or the process exits.
func (p *proc) waitHealthy(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second) // a bound against hanging, not a speed test
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			t.Fatalf("server exited before it was healthy: %v\nlogs: %v", err, p.logLines())
		default:
		}
		resp, err := http.Get("http://" + p.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no healthy /healthz; logs: %v", p.logLines())
}

// stop sends sig and waits for a clean exit.
func (p *proc) stop(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	if err := <-p.done; err != nil {
		t.Fatalf("server did not exit cleanly on %v: %v\nlogs: %v", sig, err, p.logLines())
	}
}

func (p *proc) logLines() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]any(nil), p.logs...)
}

func (p *proc) log(msg string) map[string]any {
	for _, l := range p.logLines() {
		if l["msg"] == msg {
			return l
		}
	}
	return nil
}

func (p *proc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stdout.String()
}

// runCmd runs a short command to completion.
func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, exit int) {
	t.Helper()
	cmd := exec.Command(serverBin, args...)
	cmd.Env = environ(map[string]string{"LOG_FORMAT": "json"}, env)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if exitErr, ok := err.(*exec.ExitError); ok {
		return out.String(), errOut.String(), exitErr.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), 0
}

// The development default: first start creates the cluster, Ctrl-C stops
// server and cluster, the next start reuses the data.
func TestEmbeddedClusterLifecycle(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"DATA_DIR": dataDir}

	first := start(t, env)
	first.waitHealthy(t)
	if !strings.Contains(first.output(), "/setup?token=") {
		t.Errorf("first start printed no setup link; stdout:\n%s", first.output())
	}
	if serving := first.log("serving"); serving == nil || serving["migrate_on_start"] != "true" {
		t.Errorf("the embedded cluster is migrated, but the start-up log says %v", serving)
	}
	ready := first.log("embedded PostgreSQL ready")
	if ready == nil {
		t.Fatalf("no 'embedded PostgreSQL ready' log line: %v", first.logLines())
	}
	clusterDir := ready["dir"].(string)
	if strings.HasPrefix(clusterDir, "/var/lib/plenary/") {
		t.Cleanup(func() { os.RemoveAll(filepath.Dir(clusterDir)) })
	}
	if !strings.HasPrefix(clusterDir, dataDir) && first.log("embedded PostgreSQL placed outside DATA_DIR: the postgres user cannot enter it") == nil {
		t.Errorf("cluster in %s, outside DATA_DIR %s, without saying why", clusterDir, dataDir)
	}
	first.stop(t, os.Interrupt)
	assertClusterStopped(t, clusterDir)

	// A user made in between is there on the next start: the data is reused.
	out, errOut, code := runCmd(t, env, "a long enough password\n", "user", "create", "--email", "ada@example.org", "--name", "Ada", "--role", "admin")
	if code != 0 || !strings.Contains(out, "created admin ada@example.org") {
		t.Fatalf("user create: exit %d\n%s\n%s", code, out, errOut)
	}
	assertClusterStopped(t, clusterDir)

	second := start(t, env)
	second.waitHealthy(t)
	if strings.Contains(second.output(), "/setup?token=") {
		t.Errorf("second start printed a setup link although a user exists")
	}
	if second.log("creating embedded PostgreSQL cluster") != nil {
		t.Errorf("second start created the cluster again")
	}
	resp, err := http.Post("http://"+second.addr+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"ada@example.org","password":"a long enough password"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("login with the user made between starts: %d", resp.StatusCode)
	}
	second.stop(t, syscall.SIGTERM)
	assertClusterStopped(t, clusterDir)
}

func assertClusterStopped(t *testing.T, clusterDir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(clusterDir, "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("postmaster.pid still in %s after the server stopped (err %v)", clusterDir, err)
	}
	binDir, err := postgres.FindBinaries("", os.Getenv("PATH"))
	if err != nil {
		t.Fatal(err)
	}
	if exec.Command(filepath.Join(binDir, "pg_ctl"), "status", "-D", clusterDir).Run() == nil {
		t.Fatalf("pg_ctl status says the cluster in %s still runs", clusterDir)
	}
}

func TestDatabaseURLNeverStartsACluster(t *testing.T) {
	dataDir := t.TempDir()
	noBinaries := t.TempDir()
	p := start(t, map[string]string{
		"DATABASE_URL":     pgtest.NewDSN(t),
		"DATA_DIR":         dataDir,
		"PATH":             noBinaries, // no initdb or pg_ctl anywhere it would look first
		"POSTGRES_BIN_DIR": noBinaries,
	})
	p.waitHealthy(t)
	resp, err := http.Get("http://" + p.addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("readyz %d", resp.StatusCode)
	}
	p.stop(t, syscall.SIGTERM)
	if _, err := os.Stat(filepath.Join(dataDir, "postgres")); !os.IsNotExist(err) {
		t.Errorf("DATA_DIR/postgres exists although DATABASE_URL was set")
	}
	for _, l := range p.logLines() {
		if msg, _ := l["msg"].(string); strings.Contains(msg, "embedded PostgreSQL") {
			t.Errorf("log mentions the embedded cluster: %v", l)
		}
	}
}

func TestMissingPostgresBinaries(t *testing.T) {
	empty := t.TempDir()
	_, stderr, code := runCmd(t, map[string]string{"DATA_DIR": t.TempDir(), "PATH": empty, "POSTGRES_BIN_DIR": empty}, "", "serve")
	want := "server: " + postgres.ErrNoBinaries.Error() + "\n"
	if code != 1 || stderr != want {
		t.Fatalf("exit %d, stderr %q; want exit 1 and the one line %q", code, stderr, want)
	}
}

func TestMigrateCommand(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDSN(t)}
	ups, err := fs.Glob(migrations.FS, "*.up.sql")
	if err != nil || len(ups) < 2 {
		t.Fatalf("migrations: %v %v", ups, err)
	}
	// Numbers may have gaps: the versions are the files' numbers, in order.
	var versions []int
	for _, name := range ups {
		n, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			t.Fatalf("migration %s: %v", name, err)
		}
		versions = append(versions, n)
	}
	slices.Sort(versions)
	latest, previous := versions[len(versions)-1], versions[len(versions)-2]
	version := func(v int) string { return fmt.Sprintf("version %d\n", v) }
	steps := []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "version"}, version(latest)},
		{[]string{"migrate", "down"}, version(0)},
		{[]string{"migrate", "up"}, version(latest)},
		{[]string{"migrate", "down", "1"}, version(previous)},
		{[]string{"migrate", "up"}, version(latest)},
	}
	for _, s := range steps {
		out, errOut, code := runCmd(t, env, "", s.args...)
		if code != 0 || out != s.want {
			t.Fatalf("%v: exit %d, stdout %q, want %q\n%s", s.args, code, out, s.want, errOut)
		}
	}
	_, stderr, code := runCmd(t, env, "", "migrate", "sideways")
	if code != 1 || !strings.Contains(stderr, `unknown action "sideways"`) {
		t.Errorf("bad action: exit %d %q", code, stderr)
	}
}

func TestUserCreate(t *testing.T) {
	env := map[string]string{"DATABASE_URL": pgtest.NewDSN(t)}
	passwordFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(passwordFile, []byte("another long password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCmd(t, env, "", "user", "create", "--email", "mo@example.org", "--name", "Mo", "--role", "moderator", "--password-file", passwordFile)
	if code != 0 || !strings.Contains(out, "created moderator mo@example.org") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	tests := []struct {
		name, stdin string
		args        []string
		wantErr     string
	}{
		{"short password", "short\n", []string{"--email", "a@example.org", "--name", "A"}, "password: Use at least 12 characters"},
		{"taken email", "a long enough password\n", []string{"--email", "MO@example.org", "--name", "A"}, "email: A user with this email already exists."},
		{"bad role", "a long enough password\n", []string{"--email", "b@example.org", "--name", "B", "--role", "owner"}, "role: Choose admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runCmd(t, env, tt.stdin, append([]string{"user", "create"}, tt.args...)...)
			if code != 1 || !strings.Contains(stderr, tt.wantErr) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.wantErr)
			}
		})
	}
}

func TestHelpListsEveryOption(t *testing.T) {
	out, _, code := runCmd(t, nil, "", "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, o := range config.Options {
		if !strings.Contains(out, o.Env) || !strings.Contains(out, "--"+o.Flag) {
			t.Errorf("--help does not list %s / --%s", o.Env, o.Flag)
		}
	}
}

// Two servers side by side, each with its own folder and address.
func TestSideBySide(t *testing.T) {
	a := start(t, map[string]string{"DATA_DIR": filepath.Join(t.TempDir(), "a")})
	b := start(t, map[string]string{"DATA_DIR": filepath.Join(t.TempDir(), "b")})
	a.waitHealthy(t)
	b.waitHealthy(t)
	da, db := a.log("embedded PostgreSQL ready")["dir"], b.log("embedded PostgreSQL ready")["dir"]
	if da == db {
		t.Fatalf("both servers use cluster %v", da)
	}
	for _, d := range []any{da, db} {
		if dir := d.(string); strings.HasPrefix(dir, "/var/lib/plenary/") {
			t.Cleanup(func() { os.RemoveAll(filepath.Dir(dir)) })
		}
	}
	a.stop(t, syscall.SIGTERM)
	b.stop(t, syscall.SIGTERM)
}

func TestSeedDemo(t *testing.T) {
	dsn := pgtest.NewDSN(t)
	env := map[string]string{"DATABASE_URL": dsn, "DATA_DIR": t.TempDir()} // the sample recording goes in its media folder
	out, errOut, code := runCmd(t, env, "", "seed", "--demo")
	firstSeed := out
	if code != 0 || !strings.Contains(out, "/events/early-intervention") || !strings.Contains(out, "/events/joining-up-prevention") {
		t.Fatalf("first seed: exit %d\n%s%s", code, out, errOut)
	}
	// The seeded questions are announced to running servers before the
	// command closes its pool, not after.
	if strings.Contains(errOut, "could not announce") {
		t.Errorf("seed could not announce its changes:\n%s", errOut)
	}
	counts := func() string {
		pool, err := postgres.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer pool.Close()
		var c string
		if err := pool.QueryRow(context.Background(), `SELECT (SELECT count(*) FROM events) || ' ' || (SELECT count(*) FROM people) || ' ' ||
			(SELECT count(*) FROM organisations) || ' ' || (SELECT count(*) FROM agenda_items) || ' ' || (SELECT max(updated_at) FROM events) || ' ' ||
			(SELECT count(*) FROM live_questions) || ' ' || (SELECT max(updated_at) FROM media_writeups)`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	assertScheduledAsPublished(t, dsn, "joining-up-prevention")
	assertDemoQuestionsAnswered(t, dsn)
	before := counts()
	out, _, code = runCmd(t, env, "", "seed", "--demo")
	if code != 0 || !strings.Contains(out, "nothing changed") || counts() != before {
		t.Fatalf("second seed changed something: exit %d %q; %s -> %s", code, out, before, counts())
	}

	p := start(t, env)
	p.waitHealthy(t)
	resp, err := http.Get("http://" + p.addr + "/api/v1/events/early-intervention")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page events.PublicEvent
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range page.Speakers {
		names = append(names, s.Name+" / "+s.JobTitle+" / "+s.Organisation)
	}
	wantNames := []string{
		"Andrew Kerr / Chief Executive / City of Edinburgh Council",
		"James Binks / Assistant Chief Executive / Manchester City Council",
		"Grace Pollard / Senior Policy Researcher / New Local",
		"Alice Blogg /  / Iron Mountain",
		"Joe Fyans / Head of Research / Localis",
	}
	if !slices.Equal(names, wantNames) {
		t.Errorf("speakers %q", names)
	}
	var partner string
	for _, o := range page.Partners {
		if o.Kind == events.KindKnowledgePartner {
			partner = o.Name
		}
	}
	if page.DurationMinutes != 75 || page.Timezone != "Europe/London" || partner != "Iron Mountain" ||
		page.Title != "Early intervention: how the public sector can work together to unlock prevention" ||
		page.StartsAt.Format("2006-01-02") != "2022-06-23" || len(page.Agenda) == 0 {
		t.Errorf("page: %d minutes, %s, partner %q, title %q, starts %s, %d agenda items",
			page.DurationMinutes, page.Timezone, partner, page.Title, page.StartsAt, len(page.Agenda))
	}
	if strings.Contains(page.DescriptionHTML, "no start time") {
		t.Error("the public page shows the organisers' note on the assumed start hour")
	}
	assertDemoReplay(t, "http://"+p.addr, firstSeed)
	p.stop(t, syscall.SIGTERM)
}

// assertDemoReplay checks the reference event's replay: the article as its
// write-up, attributed as the article gives, and the answered questions,
// with no email anywhere. With ffmpeg installed the seed made a sample
// recording, published with captions and the agenda's segments, so the
// write-up's shortcodes became players; without it there is no recording
// and the shortcodes show nothing to the public.
func assertDemoReplay(t *testing.T, base string, seedOutput string) {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/events/early-intervention/replay")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var replay struct {
		Writeup struct {
			Author      string  `json:"author"`
			PublishedOn *string `json:"published_on"`
			HTML        string  `json:"html"`
		} `json:"writeup"`
		Recording *struct {
			Kind            string  `json:"kind"`
			DurationSeconds *int    `json:"duration_seconds"`
			CaptionsURL     *string `json:"captions_url"`
			FileURL         *string `json:"file_url"`
		} `json:"recording"`
		Segments  []json.RawMessage `json:"segments"`
		Questions []json.RawMessage `json:"questions"`
	}
	if err := json.Unmarshal(body, &replay); err != nil {
		t.Fatalf("replay %d: %v\n%s", resp.StatusCode, err, body)
	}
	w := replay.Writeup
	if w.Author != "Richard Johnstone" || w.PublishedOn == nil || *w.PublishedOn != "2022-07-25" ||
		!strings.Contains(w.HTML, "City of Edinburgh Council") || !strings.Contains(w.HTML, "<li>Joe Fyans") || strings.Contains(w.HTML, "{{") {
		t.Errorf("write-up by %q on %v:\n%s", w.Author, w.PublishedOn, w.HTML)
	}
	if len(replay.Questions) != 5 || strings.Contains(string(body), "@") {
		t.Errorf("replay: %d questions, or an email:\n%s", len(replay.Questions), body)
	}
	if media.LookTool("ffmpeg") == "" {
		if replay.Recording != nil || !strings.Contains(seedOutput, "needs ffmpeg, which is not installed") {
			t.Errorf("without ffmpeg: a recording (%t), or the seed did not say why there is none:\n%s", replay.Recording != nil, seedOutput)
		}
		return
	}
	rec := replay.Recording
	if rec == nil || rec.Kind != "upload" || rec.DurationSeconds == nil || *rec.DurationSeconds != 75*60 || rec.CaptionsURL == nil ||
		rec.FileURL == nil || len(replay.Segments) == 0 || !strings.Contains(w.HTML, `class="segment-embed"`) || !strings.Contains(seedOutput, "added a sample recording") {
		t.Fatalf("with ffmpeg: recording %+v, %d segments, seed said:\n%s\nwrite-up:\n%s", rec, len(replay.Segments), seedOutput, w.HTML)
	}
	file, err := http.Get(base + *rec.FileURL)
	if err != nil {
		t.Fatal(err)
	}
	file.Body.Close()
	if file.StatusCode != http.StatusOK || file.Header.Get("Content-Type") != "video/webm" {
		t.Errorf("the sample video: %d %s", file.StatusCode, file.Header.Get("Content-Type"))
	}
}

// assertDemoQuestionsAnswered checks that the reference event holds the
// article's five audience questions, in order, answered live, with no
// registrant behind them.
func assertDemoQuestionsAnswered(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	pool, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows, err := pool.Query(ctx, `SELECT q.body || ' / ' || q.status || ' / ' || q.answered_live || ' / ' || q.anonymous || ' / ' ||
		(q.registration_id IS NULL) || ' / ' || (q.created_at > e.starts_at)
		FROM live_questions q JOIN events e ON e.id = q.event_id WHERE e.slug = 'early-intervention' ORDER BY q.created_at`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, q := range events.DemoQuestions {
		want = append(want, q+" / answered / true / true / true / true")
	}
	if !slices.Equal(got, want) {
		t.Errorf("the reference event's questions:\n got %q\nwant %q", got, want)
	}
}

// assertScheduledAsPublished checks that the event's reminders and
// follow-up are scheduled, as publishing it through the API schedules them
// (reminders a day and an hour before by default, the follow-up at the end).
func assertScheduledAsPublished(t *testing.T, dsn, slug string) {
	t.Helper()
	ctx := context.Background()
	pool, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var id string
	var startsAt time.Time
	var minutes, sequence int
	if err := pool.QueryRow(ctx, `SELECT id, starts_at, duration_minutes, sequence FROM events WHERE slug = $1`, slug).
		Scan(&id, &startsAt, &minutes, &sequence); err != nil {
		t.Fatal(err)
	}
	rows, err := pool.Query(ctx, `SELECT kind || ' ' || coalesce(args->>'minutes', '-') || ' ' || (args->>'sequence') || ' ' || to_char(scheduled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI')
		FROM river_job WHERE args->>'event_id' = $1 ORDER BY scheduled_at`, id)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	at := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04") }
	want := []string{
		fmt.Sprintf("mail_reminder 1440 %d %s", sequence, at(startsAt.Add(-24*time.Hour))),
		fmt.Sprintf("mail_reminder 60 %d %s", sequence, at(startsAt.Add(-time.Hour))),
		fmt.Sprintf("mail_follow_up - %d %s", sequence, at(startsAt.Add(time.Duration(minutes)*time.Minute))),
	}
	if !slices.Equal(got, want) {
		t.Errorf("jobs of the seeded %s:\n got %q\nwant %q", slug, got, want)
	}
}
