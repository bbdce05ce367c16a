// Package paymentstest runs stripe-mock (Stripe's own mock of its API,
// built from tools/go.mod through internal/toolbin) for a test, on a
// loopback port the kernel chooses, so that payments are tested against
// Stripe's real request and response shapes rather than a fake of ours.
//
//	mock := paymentstest.StartStripeMock(t)
//	sc := payments.NewStripe(paymentstest.SecretKey, mock.URL)
package paymentstest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"plenary/internal/toolbin"
)

// Keys that stripe-mock accepts (it takes any key of the right shape),
// for a test's configuration.
const (
	SecretKey     = "sk_test_plenary"
	WebhookSecret = "whsec_plenary_test"
)

// StripeMock is one stripe-mock running for a test.
type StripeMock struct {
	URL    string // http://127.0.0.1:PORT: STRIPE_API_BASE
	PID    int
	stop   func()
	output *syncBuffer
}

// startTimeout bounds how long stripe-mock may take to load its spec.
const startTimeout = 60 * time.Second

var stripeMockBinary = sync.OnceValues(func() (string, error) {
	return toolbin.Build("github.com/stripe/stripe-mock", "stripe-mock")
})

// listening is the line in which stripe-mock names its HTTP address.
var listening = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:[0-9]+)`)

// StartStripeMock runs stripe-mock for the test and stops it when the
// test ends. Its log is written to the test log only when the test fails.
func StartStripeMock(t testing.TB) *StripeMock {
	t.Helper()
	m, err := Launch()
	if err != nil {
		t.Fatalf("paymentstest: %v", err)
	}
	t.Cleanup(func() {
		m.Stop()
		if t.Failed() {
			t.Logf("paymentstest: stripe-mock output:\n%s", m.Output())
		}
	})
	return m
}

// Launch runs stripe-mock outside a test (a bench); Stop ends it.
func Launch() (*StripeMock, error) {
	bin, err := stripeMockBinary()
	if err != nil {
		return nil, err
	}
	// Both listeners on ports the kernel chooses: stripe-mock also opens
	// HTTPS on :12112 unless told otherwise, which parallel tests share.
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	stdout, stdoutW := io.Pipe()
	output := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = stdoutW, output
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start stripe-mock: %w", err)
	}
	addr := make(chan string, 1)
	go func() { // stripe-mock writes its log to stdout; keep reading so it never blocks
		found := false
		scan := bufio.NewScanner(stdout)
		for scan.Scan() {
			line := scan.Text()
			output.WriteString(line + "\n")
			if m := listening.FindStringSubmatch(line); m != nil && !found {
				found = true
				addr <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // a line too long for the scanner
		close(addr)
	}()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); stdoutW.Close(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	url, err := waitReady(addr)
	if err != nil {
		stop()
		return nil, fmt.Errorf("%v\n%s", err, output.String())
	}
	return &StripeMock{URL: url, PID: cmd.Process.Pid, stop: stop, output: output}, nil
}

// Stop ends stripe-mock and waits for it to exit.
func (m *StripeMock) Stop() { m.stop() }

// Output is what stripe-mock has logged.
func (m *StripeMock) Output() string { return m.output.String() }

// waitReady waits for stripe-mock to name its address and answer there:
// a request without a key is refused (401), which says it is up.
func waitReady(addr <-chan string) (string, error) {
	deadline := time.After(startTimeout)
	var a string
	select {
	case got, ok := <-addr:
		if !ok {
			return "", errors.New("stripe-mock exited before listening")
		}
		a = got
	case <-deadline:
		return "", fmt.Errorf("stripe-mock did not listen within %v", startTimeout)
	}
	url := "http://" + a
	client := &http.Client{Timeout: time.Second}
	for {
		if resp, err := client.Get(url + "/v1/customers"); err == nil {
			resp.Body.Close()
			return url, nil
		}
		select {
		case <-deadline:
			return "", fmt.Errorf("stripe-mock not answering on %s", url)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// syncBuffer is a buffer two goroutines may write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) WriteString(s string) {
	_, _ = b.Write([]byte(s))
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
