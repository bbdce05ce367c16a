package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"syscall"
	"time"

	"plenary/internal/toolbin"
)

// Keys stripe-mock accepts: it takes any key of the right shape, but
// refuses a secret key with more underscores.
const (
	stripeSecretKey     = "sk_test_plenary"
	stripeWebhookSecret = "whsec_plenary_test"
)

// stripeMock is stripe-mock running beside the bench, as
// internal/payments/paymentstest runs it for a test (which needs a
// testing.T).
type stripeMock struct {
	url  string // http://127.0.0.1:PORT, the StripeAPIBase
	pid  int
	stop func()
}

// stripeMockListening is the line in which stripe-mock names its HTTP address.
var stripeMockListening = regexp.MustCompile(`Listening for HTTP at address: (127\.0\.0\.1:[0-9]+)`)

// startStripeMock builds stripe-mock from tools/go.mod and runs it with
// both listeners on ports the kernel chooses. Call stop when done.
func startStripeMock() (*stripeMock, error) {
	bin, err := toolbin.Build("github.com/stripe/stripe-mock", "stripe-mock")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start stripe-mock: %w", err)
	}
	addr := make(chan string, 1)
	go func(addr chan<- string) { // stripe-mock logs every request to stdout; keep reading so it never blocks
		scan := bufio.NewScanner(stdout)
		for scan.Scan() {
			if m := stripeMockListening.FindStringSubmatch(scan.Text()); m != nil && addr != nil {
				addr <- m[1]
				close(addr)
				addr = nil
			}
		}
		_, _ = io.Copy(io.Discard, stdout) // a line too long for the scanner
		if addr != nil {
			close(addr)
		}
	}(addr)
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	url, err := waitStripeMock(addr)
	if err != nil {
		stop()
		return nil, err
	}
	return &stripeMock{url: url, pid: cmd.Process.Pid, stop: stop}, nil
}

// waitStripeMock waits for stripe-mock to name its address and answer
// there: a request without a key is refused, which says it is up.
func waitStripeMock(addr <-chan string) (string, error) {
	deadline := time.After(60 * time.Second)
	var url string
	select {
	case a, ok := <-addr:
		if !ok {
			return "", errors.New("stripe-mock exited before listening")
		}
		url = "http://" + a
	case <-deadline:
		return "", errors.New("stripe-mock did not listen within 60s")
	}
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
