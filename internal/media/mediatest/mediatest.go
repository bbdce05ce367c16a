// Package mediatest runs a real S3-compatible store for a test: versitygw
// with its POSIX backend, built from tools/go.mod (internal/toolbin) and
// started on a free loopback port with generated keys and one bucket, so
// the S3 store is tested against the protocol rather than a fake.
//
//	srv := mediatest.StartS3(t)
//	store, err := media.NewS3(ctx, srv.Options())
package mediatest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"plenary/internal/media"
	"plenary/internal/toolbin"
)

// S3Server is one versitygw running for a test.
type S3Server struct {
	Endpoint        string // http://127.0.0.1:PORT
	Region          string
	Bucket          string
	AccessKeyID     string
	SecretAccessKey string
	Dir             string // the POSIX root: one folder per bucket
}

// startTimeout bounds how long versitygw may take to answer.
const startTimeout = 30 * time.Second

var versitygwBinary = sync.OnceValues(func() (string, error) {
	return toolbin.Build("github.com/versity/versitygw/cmd/versitygw", "versitygw")
})

// StartS3 runs versitygw for the test with an empty bucket and stops it
// when the test ends. Its log is written to the test log only when the
// test fails.
func StartS3(t testing.TB) *S3Server {
	t.Helper()
	bin, err := versitygwBinary()
	if err != nil {
		t.Fatalf("mediatest: %v", err)
	}
	addr, err := freeAddr()
	if err != nil {
		t.Fatalf("mediatest: %v", err)
	}
	s := &S3Server{Endpoint: "http://" + addr, Region: "us-east-1", Bucket: "media",
		AccessKeyID: randomHex(10), SecretAccessKey: randomHex(20), Dir: filepath.Join(t.TempDir(), "s3")}
	var output bytes.Buffer
	cmd := exec.Command(bin, "--port", addr, "--region", s.Region, "--quiet", "posix", s.Dir)
	// Keys through the environment, so they never show in ps.
	cmd.Env = append(cmd.Environ(), "ROOT_ACCESS_KEY_ID="+s.AccessKeyID, "ROOT_SECRET_ACCESS_KEY="+s.SecretAccessKey)
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		t.Fatalf("mediatest: %v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("mediatest: start versitygw: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	// Registered after t.TempDir, so it runs before the folder is removed.
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("mediatest: versitygw output:\n%s", output.String())
		}
	})
	if err := waitReady(s.Endpoint, exited); err != nil {
		t.Fatalf("mediatest: %v", err)
	}
	if err := s.createBucket(); err != nil {
		t.Fatalf("mediatest: %v", err)
	}
	return s
}

// Options are the media.S3Options that reach this server.
func (s *S3Server) Options() media.S3Options {
	return media.S3Options{Endpoint: s.Endpoint, Bucket: s.Bucket, Region: s.Region,
		AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey, PathStyle: true}
}

func (s *S3Server) createBucket() error {
	client := s3.New(s3.Options{
		Region: s.Region, BaseEndpoint: aws.String(s.Endpoint), UsePathStyle: true,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey}, nil
		}),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(s.Bucket)}); err != nil {
		return fmt.Errorf("create bucket %s: %w", s.Bucket, err)
	}
	return nil
}

// waitReady waits until versitygw answers HTTP at all: an anonymous GET
// is refused (403), which says the server is up.
func waitReady(endpoint string, exited <-chan struct{}) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return errors.New("versitygw exited while starting (is the port taken?)")
		default:
		}
		if resp, err := client.Get(endpoint + "/"); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("versitygw not answering on %s after %v", endpoint, startTimeout)
}

// freeAddr returns a loopback address with a port nobody listens on; the
// kernel does not hand the port out again that soon.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
