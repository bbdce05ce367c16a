// Package mailtest runs a real SMTP server, mailpit, for a test and reads
// what arrived through mailpit's HTTP API, so mail code is tested against
// the protocol it speaks in production rather than a fake.
//
// The mailpit binary is built from tools/go.mod once per machine and tools
// version (internal/toolbin). Each Start runs a private mailpit on loopback ports with its
// own database, stopped when the test ends.
//
//	srv := mailtest.Start(t)
//	// … send to srv.SMTPURL …
//	got := srv.WaitFor(t, 1, 5*time.Second)
package mailtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Server is one mailpit running for a test. Its methods that read mail may
// be called from any goroutine; Stop and Restart may not run concurrently
// with each other.
type Server struct {
	*Process
	t testing.TB
}

// Start runs mailpit for the test and stops it when the test ends.
// mailpit's log is written to the test log only when the test fails.
func Start(t testing.TB) *Server {
	t.Helper()
	p, err := Launch(filepath.Join(t.TempDir(), "mailpit.db"))
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	// Registered after t.TempDir, so it runs before the database is removed.
	t.Cleanup(func() {
		p.Kill() // the database goes too: no need to wait for a clean close
		if t.Failed() {
			t.Logf("mailtest: mailpit output:\n%s", p.Output())
		}
	})
	return &Server{Process: p, t: t}
}

// Restart starts mailpit again on the same ports with the same database;
// failures are reported on the test given to Start.
func (s *Server) Restart() {
	s.t.Helper()
	if err := s.Process.Restart(); err != nil {
		s.t.Fatal(err)
	}
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

// Inbox is every message mailpit holds for to, whole, oldest first.
func (s *Server) Inbox(t testing.TB, to string) []Message {
	t.Helper()
	var got []Message
	for _, m := range s.Messages(t) {
		if slices.Contains(m.To, to) {
			got = append(got, s.Message(t, m.ID))
		}
	}
	return got
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
