// Package mailtest runs a real SMTP server, mailpit, for a test and reads
// what arrived through mailpit's HTTP API, so mail code is tested against
// the protocol it speaks in production rather than a fake.
//
// The mailpit binary is built from tools/go.mod once per machine and tools
// version; a file lock under the temp dir lets parallel test packages share
// that build. Each Start runs a private mailpit on loopback ports with its
// own database, stopped when the test ends.
//
//	srv := mailtest.Start(t)
//	// … send to srv.SMTPURL …
//	got := srv.WaitFor(t, 1, 5*time.Second)
package mailtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is one running mailpit. Its methods that read mail may be called
// from any goroutine; Stop and Restart may not run concurrently with each
// other.
type Server struct {
	SMTPURL  string // smtp://127.0.0.1:PORT, the form SMTP_URL takes
	SMTPAddr string // 127.0.0.1:PORT
	APIURL   string // http://127.0.0.1:PORT, the root of the HTTP API and web UI

	t      testing.TB
	binary string
	args   []string
	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd.Wait has returned
	output bytes.Buffer  // every run's output; read only after a Wait
}

// startTimeout bounds how long mailpit may take to answer on both ports.
const startTimeout = 30 * time.Second

// Start runs mailpit for the test and stops it when the test ends. The
// server accepts any SMTP credentials over plain text, so a client may
// authenticate or not. mailpit's log is written to the test log only when
// the test fails.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := mailpitBinary()
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	smtpAddr, httpAddr := freeAddr(t), freeAddr(t)
	s := &Server{
		SMTPURL:  "smtp://" + smtpAddr,
		SMTPAddr: smtpAddr,
		APIURL:   "http://" + httpAddr,
		t:        t,
		binary:   bin,
		args: []string{
			"--listen", httpAddr,
			"--smtp", smtpAddr,
			"--database", filepath.Join(t.TempDir(), "mailpit.db"),
			"--smtp-auth-accept-any",
			"--smtp-auth-allow-insecure",
			"--disable-version-check",
			"--smtp-disable-rdns", // no DNS lookup of 127.0.0.1 on every connection
			"--max", "0",          // keep every message; the default prunes past 500
		},
	}
	// Registered after t.TempDir, so it runs before the database is removed.
	t.Cleanup(func() {
		s.halt(syscall.SIGKILL) // the database goes too: no need to wait for a clean close
		if t.Failed() {
			t.Logf("mailtest: mailpit output:\n%s", s.output.String())
		}
	})
	s.start()
	return s
}

// Stop ends mailpit, keeping its ports reserved in s and its database on
// disk, so that a test can watch a sender meet a dead SMTP server and then
// call Restart. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	// SIGTERM lets mailpit close its database as in a real shutdown (it
	// takes ~0.3 s).
	s.halt(syscall.SIGTERM)
}

// halt signals the process Start or Restart began, by its PID, and waits
// for it to exit, killing it if it hangs.
func (s *Server) halt(sig syscall.Signal) {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(sig)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
	s.cmd = nil
}

// Restart starts mailpit again on the same SMTP and HTTP ports with the same
// database, so the messages it held before remain. It stops a running
// server first. Failures are reported on the test given to Start.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

func (s *Server) start() {
	s.t.Helper()
	cmd := exec.Command(s.binary, s.args...)
	cmd.Stdout, cmd.Stderr = &s.output, &s.output
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("mailtest: start mailpit: %v", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait() // an exit status is expected after SIGTERM
		close(exited)
	}()
	s.cmd, s.exited = cmd, exited
	if err := s.waitReady(); err != nil {
		s.Stop()
		s.t.Fatalf("mailtest: %v", err)
	}
}

// waitReady waits for both ports: mailpit starts its HTTP and SMTP servers
// concurrently, so one answering says nothing about the other.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return errors.New("mailpit exited while starting (is a port taken?)")
		default:
		}
		if s.answers() {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("mailpit not ready on %s and %s after %v", s.APIURL, s.SMTPAddr, startTimeout)
}

func (s *Server) answers() bool {
	resp, err := apiClient.Get(s.APIURL + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	conn, err := net.DialTimeout("tcp", s.SMTPAddr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// freeAddr returns a loopback address with a port nobody listens on. The
// port is released before mailpit binds it; the kernel does not hand it out
// again that soon, so the race is theoretical.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// mailpitBinary builds mailpit at most once per test process.
var mailpitBinary = sync.OnceValues(buildMailpit)

// buildMailpit builds mailpit into a folder under the temp dir shared by
// every test process of this user, named by a hash of tools/go.mod and
// go.sum so that a version bump builds afresh. `go tool -n` is not used: it
// does not always name a built binary.
func buildMailpit() (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	version, err := toolsHash(root)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("plenary-mailpit-%d", os.Getuid()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	lock, err := lockFile(filepath.Join(dir, "build.lock"))
	if err != nil {
		return "", err
	}
	defer lock.Close() // releases the lock
	bin := filepath.Join(dir, "mailpit-"+version)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	tmp := bin + ".partial" // a build cut short never passes for a binary
	cmd := exec.Command("go", "build", "-modfile="+filepath.Join(root, "tools", "go.mod"),
		"-o", tmp, "github.com/axllent/mailpit")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build mailpit: %v\n%s", err, out)
	}
	return bin, os.Rename(tmp, bin)
}

// repoRoot walks up from the working directory (a test's package folder) to
// the folder holding tools/go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "tools", "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no tools/go.mod above the working directory")
		}
		dir = parent
	}
}

func toolsHash(root string) (string, error) {
	h := sha256.New()
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, "tools", name))
		if err != nil {
			return "", err
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}

// Summary is one message as mailpit lists it.
type Summary struct {
	ID          string // mailpit's ID, for Message, Raw and Attachment
	MessageID   string // the Message-ID header, without angle brackets
	From        string // address only
	To          []string
	Subject     string
	Created     time.Time // when mailpit received it
	Attachments int
	Snippet     string // the start of the text body
}

// Message is one message in full, as mailpit parsed it.
type Message struct {
	ID, MessageID string
	From          string
	To, Cc, Bcc   []string // Bcc: envelope recipients not named in a header
	Subject       string
	Headers       map[string][]string // keys in canonical form: "Message-Id"
	Text, HTML    string
	Attachments   []Attachment
}

// Attachment describes one attached file; Server.Attachment reads its bytes.
type Attachment struct {
	PartID      string
	FileName    string
	ContentType string // media type only: mailpit drops parameters such as method=REQUEST
	Size        int    // decoded bytes
}

// address is how mailpit's JSON gives a mailbox.
type address struct{ Name, Address string }

func addresses(list []address) []string {
	out := make([]string, 0, len(list))
	for _, a := range list {
		out = append(out, a.Address)
	}
	return out
}

// summaryJSON and messageJSON decode mailpit's JSON: their From and To
// hide the embedded struct's fields, which hold plain addresses.
type summaryJSON struct {
	Summary
	From address
	To   []address
}

type messageJSON struct {
	Message
	From        address
	To, Cc, Bcc []address
}

// pageSize is how many summaries one API request reads.
const pageSize = 200

// Messages lists every message mailpit holds, oldest first: mailpit's own
// order is newest first, and tests read easier in the order mail was sent.
// (mailpit stamps arrival to the millisecond; ties keep arrival order.)
func (s *Server) Messages(t testing.TB) []Summary {
	t.Helper()
	var all []Summary
	seen := map[string]bool{}
	for start := 0; ; start += pageSize {
		var page struct{ Messages []summaryJSON }
		s.getJSON(t, fmt.Sprintf("/api/v1/messages?start=%d&limit=%d", start, pageSize), &page)
		for _, m := range page.Messages {
			// Mail arriving while paging shifts the pages: skip repeats.
			if seen[m.ID] {
				continue
			}
			seen[m.ID] = true
			sum := m.Summary
			sum.From, sum.To = m.From.Address, addresses(m.To)
			all = append(all, sum)
		}
		if len(page.Messages) < pageSize {
			break
		}
	}
	slices.Reverse(all)
	return all
}

// WaitFor polls until at least n messages have arrived and returns them all,
// failing the test with what did arrive if that takes longer than timeout.
// Sending is asynchronous in most mail code, so tests wait rather than look.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Summary {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := s.Messages(t)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailtest: waited %v for %d messages, got %d:%s", timeout, n, len(got), describe(got))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func describe(list []Summary) string {
	var b strings.Builder
	for _, m := range list {
		fmt.Fprintf(&b, "\n\tto %v: %q", m.To, m.Subject)
	}
	return b.String()
}

// Message reads one message in full, with every header as sent.
func (s *Server) Message(t testing.TB, id string) Message {
	t.Helper()
	var m messageJSON
	s.getJSON(t, "/api/v1/message/"+url.PathEscape(id), &m)
	msg := m.Message
	msg.From, msg.To, msg.Cc, msg.Bcc = m.From.Address, addresses(m.To), addresses(m.Cc), addresses(m.Bcc)
	s.getJSON(t, "/api/v1/message/"+url.PathEscape(id)+"/headers", &msg.Headers)
	return msg
}

// Raw returns the message exactly as mailpit received it over SMTP.
func (s *Server) Raw(t testing.TB, id string) []byte {
	t.Helper()
	return s.get(t, "/api/v1/message/"+url.PathEscape(id)+"/raw")
}

// Attachment returns the decoded bytes of one part of a message.
func (s *Server) Attachment(t testing.TB, id, partID string) []byte {
	t.Helper()
	return s.get(t, "/api/v1/message/"+url.PathEscape(id)+"/part/"+url.PathEscape(partID))
}

// DeleteAll empties the mailbox, for a test that reuses one server across
// steps.
func (s *Server) DeleteAll(t testing.TB) {
	t.Helper()
	s.call(t, http.MethodDelete, "/api/v1/messages")
}

// apiClient has a timeout so that a hung mailpit fails a test instead of
// stalling it until the go test deadline.
var apiClient = &http.Client{Timeout: 10 * time.Second}

func (s *Server) get(t testing.TB, path string) []byte {
	t.Helper()
	return s.call(t, http.MethodGet, path)
}

func (s *Server) getJSON(t testing.TB, path string, v any) {
	t.Helper()
	if err := json.Unmarshal(s.get(t, path), v); err != nil {
		t.Fatalf("mailtest: decode %s: %v", path, err)
	}
}

// call makes one API request without a body and returns the response body,
// failing the test on any error or a status other than 200.
func (s *Server) call(t testing.TB, method, path string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, s.APIURL+path, nil)
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	resp, err := apiClient.Do(req)
	if err != nil {
		t.Fatalf("mailtest: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("mailtest: %s %s: read: %v", method, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("mailtest: %s %s: %s: %s", method, path, resp.Status, body)
	}
	return body
}
