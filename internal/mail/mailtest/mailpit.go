package mailtest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"sync"
	"syscall"
	"time"

	"plenary/internal/toolbin"
)

// Process is one running mailpit, started by Launch; tests use Start, which
// wraps it. A bench harness uses it directly.
type Process struct {
	SMTPURL  string // smtp://127.0.0.1:PORT, the form SMTP_URL takes
	SMTPAddr string // 127.0.0.1:PORT
	APIURL   string // http://127.0.0.1:PORT, the root of the HTTP API and web UI

	binary string
	args   []string
	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd.Wait has returned
	output bytes.Buffer  // every run's output; read only after a Wait
}

// startTimeout bounds how long mailpit may take to answer on both ports.
const startTimeout = 30 * time.Second

// Launch builds mailpit if needed and runs it on free loopback ports with
// its database at dbPath. It accepts any SMTP credentials over plain text,
// so a client may authenticate or not.
func Launch(dbPath string) (*Process, error) {
	bin, err := mailpitBinary()
	if err != nil {
		return nil, err
	}
	smtpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	httpAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	p := &Process{
		SMTPURL:  "smtp://" + smtpAddr,
		SMTPAddr: smtpAddr,
		APIURL:   "http://" + httpAddr,
		binary:   bin,
		args: []string{
			"--listen", httpAddr,
			"--smtp", smtpAddr,
			"--database", dbPath,
			"--smtp-auth-accept-any",
			"--smtp-auth-allow-insecure",
			"--disable-version-check",
			"--smtp-disable-rdns", // no DNS lookup of 127.0.0.1 on every connection
			"--max", "0",          // keep every message; the default prunes past 500
		},
	}
	return p, p.start()
}

// PID is the running mailpit's process id, for a bench that accounts for
// its CPU time; 0 when it is not running.
func (p *Process) PID() int {
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Output is what mailpit has printed, once it has stopped.
func (p *Process) Output() string { return p.output.String() }

// Stop ends mailpit, keeping its ports and its database on disk, so that a
// test can watch a sender meet a dead SMTP server and then Restart it.
// Stopping a stopped server does nothing.
func (p *Process) Stop() {
	// SIGTERM lets mailpit close its database as in a real shutdown (it
	// takes ~0.3 s).
	p.halt(syscall.SIGTERM)
}

// Kill ends mailpit at once, for when its database goes too.
func (p *Process) Kill() { p.halt(syscall.SIGKILL) }

// halt signals the process, by its PID, and waits for it to exit, killing
// it if it hangs.
func (p *Process) halt(sig syscall.Signal) {
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
	p.cmd = nil
}

// Restart starts mailpit again on the same SMTP and HTTP ports with the same
// database, so the messages it held before remain. It stops a running
// server first.
func (p *Process) Restart() error {
	p.Stop()
	return p.start()
}

// Empty restarts mailpit on the same ports with a new, empty database,
// for a bench that wants each phase to meet the same fresh server.
func (p *Process) Empty() error {
	p.Kill()
	db := p.args[slices.Index(p.args, "--database")+1]
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(db + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return p.start()
}

func (p *Process) start() error {
	cmd := exec.Command(p.binary, p.args...)
	cmd.Stdout, cmd.Stderr = &p.output, &p.output
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("mailtest: start mailpit: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait() // an exit status is expected after SIGTERM
		close(exited)
	}()
	p.cmd, p.exited = cmd, exited
	if err := p.waitReady(); err != nil {
		p.Stop()
		return fmt.Errorf("mailtest: %w", err)
	}
	return nil
}

// waitReady waits for both ports: mailpit starts its HTTP and SMTP servers
// concurrently, so one answering says nothing about the other.
func (p *Process) waitReady() error {
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return errors.New("mailpit exited while starting (is a port taken?)")
		default:
		}
		if p.answers() {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("mailpit not ready on %s and %s after %v", p.APIURL, p.SMTPAddr, startTimeout)
}

func (p *Process) answers() bool {
	resp, err := apiClient.Get(p.APIURL + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	conn, err := net.DialTimeout("tcp", p.SMTPAddr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// freeAddr returns a loopback address with a port nobody listens on. The
// port is released before mailpit binds it; the kernel does not hand it out
// again that soon, so the race is theoretical.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("mailtest: find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// mailpitBinary builds mailpit at most once per test process.
var mailpitBinary = sync.OnceValues(func() (string, error) {
	return toolbin.Build("github.com/axllent/mailpit", "mailpit")
})
