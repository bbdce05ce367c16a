// Package apitest runs API tests against the whole wired application on a
// fresh database, and validates every request and response against
// api/openapi.yaml: a route missing from the spec, an undocumented status
// or a body that does not match its schema fails the test.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/api"
	"plenary/internal/accounts"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/httpserver"
	"plenary/internal/postgres/pgtest"
)

// Env is one running application on its own database.
type Env struct {
	DB     *pgxpool.Pool
	App    *app.App
	Config config.Config
	URL    string // the test server's base URL
}

// New starts the application on a fresh database, behind a test HTTP server.
func New(t testing.TB) *Env {
	t.Helper()
	return NewWithConfig(t, Config(t))
}

// Config returns the default configuration for tests.
func Config(t testing.TB) config.Config {
	t.Helper()
	cfg, err := config.Default()
	if err != nil {
		t.Fatal(err)
	}
	cfg.DataDir = t.TempDir()
	return cfg
}

// NewWithConfig is New with a configuration of the test's own.
func NewWithConfig(t testing.TB, cfg config.Config) *Env {
	t.Helper()
	return start(t, cfg, pgtest.New(t))
}

// Sibling starts a second application on the same database, as a second
// server process would be: its own caches, its own listener.
func (e *Env) Sibling(t testing.TB) *Env {
	t.Helper()
	return start(t, e.Config, e.DB)
}

// start runs the application and its background work until the test ends.
func start(t testing.TB, cfg config.Config, pool *pgxpool.Pool) *Env {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(context.Background(), cfg, pool, logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Echo)
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- a.Run(ctx) }()
	t.Cleanup(func() {
		srv.Close()
		stop()
		if err := <-ran; err != nil {
			t.Errorf("background work: %v", err)
		}
	})
	return &Env{DB: pool, App: a, Config: cfg, URL: srv.URL}
}

// Client is a browser-like client: it keeps cookies and sends the CSRF
// token it was given on writes.
type Client struct {
	env  *Env
	http *http.Client
	CSRF string
	from net.IP // the loopback address requests come from; nil: the system's choice
}

// Client returns a new client with an empty cookie jar.
func (e *Env) Client() *Client {
	jar, _ := cookiejar.New(nil)
	c := &Client{env: e}
	dialer := &net.Dialer{}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := *dialer
		if c.from != nil {
			d.LocalAddr = &net.TCPAddr{IP: c.from}
		}
		return d.DialContext(ctx, network, addr)
	}
	c.http = &http.Client{Jar: jar, Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	return c
}

// From makes the client's next requests come from another loopback
// address (127.0.0.0/8), as a different client IP would: rate limits per
// IP see a new address.
func (c *Client) From(ip string) {
	c.from = net.ParseIP(ip)
	c.http.CloseIdleConnections()
}

// Request describes one call. Body is sent as JSON unless it is a string
// or []byte, which are sent as they are with ContentType.
type Request struct {
	Method      string
	Path        string
	Body        any
	ContentType string
	Header      http.Header
	NoCSRF      bool // leave out the CSRF token even when the client has one
}

// Response is what came back.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends r and validates it and its response against the spec.
func (c *Client) Do(t testing.TB, r Request) *Response {
	t.Helper()
	body, contentType := encodeBody(t, r)
	req, err := http.NewRequest(r.Method, c.env.URL+r.Path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.CSRF != "" && !r.NoCSRF && r.Method != http.MethodGet && r.Method != http.MethodHead {
		req.Header.Set(accounts.CSRFHeader, c.CSRF)
	}
	check := newCheck(t, req, body)

	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", r.Method, r.Path, err)
	}
	defer resp.Body.Close()
	out := &Response{Status: resp.StatusCode, Header: resp.Header}
	if out.Body, err = io.ReadAll(resp.Body); err != nil {
		t.Fatal(err)
	}
	check.response(t, out)
	return out
}

// Get, Post, Patch and Delete are shorthands for Do.
func (c *Client) Get(t testing.TB, path string) *Response {
	t.Helper()
	return c.Do(t, Request{Method: http.MethodGet, Path: path})
}

// Post sends body as JSON.
func (c *Client) Post(t testing.TB, path string, body any) *Response {
	t.Helper()
	return c.Do(t, Request{Method: http.MethodPost, Path: path, Body: body})
}

// Delete sends a DELETE.
func (c *Client) Delete(t testing.TB, path string) *Response {
	t.Helper()
	return c.Do(t, Request{Method: http.MethodDelete, Path: path})
}

func encodeBody(t testing.TB, r Request) ([]byte, string) {
	switch b := r.Body.(type) {
	case nil:
		return nil, r.ContentType
	case string:
		return []byte(b), r.ContentType
	case []byte:
		return b, r.ContentType
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		ct := r.ContentType
		if ct == "" {
			ct = "application/json"
		}
		return data, ct
	}
}

// JSON decodes the body into v, failing the test when it is not JSON.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response body is not the JSON expected: %v\n%s", err, r.Body)
	}
}

// Problem decodes a problem+json body.
func (r *Response) Problem(t testing.TB) httpserver.Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, r.Body)
	}
	var p httpserver.Problem
	r.JSON(t, &p)
	return p
}

// WantStatus fails the test unless the status is want.
func (r *Response) WantStatus(t testing.TB, want int) *Response {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d; body: %s", r.Status, want, r.Body)
	}
	return r
}

var spec = sync.OnceValues(func() (routers.Router, error) {
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/vtt", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/tab-separated-values", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/offset+octet-stream", openapi3filter.FileBodyDecoder) // tus
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	return gorillamux.NewRouter(doc)
})

// check validates one exchange against the spec.
type check struct {
	input  *openapi3filter.RequestValidationInput
	reqErr error
}

func newCheck(t testing.TB, req *http.Request, body []byte) *check {
	t.Helper()
	router, err := spec()
	if err != nil {
		t.Fatalf("api/openapi.yaml: %v", err)
	}
	// Validate a copy so the real request's body is untouched.
	clone := req.Clone(context.Background())
	clone.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := router.FindRoute(clone)
	if err != nil {
		t.Fatalf("%s %s is not in api/openapi.yaml: %v", req.Method, req.URL.Path, err)
	}
	input := &openapi3filter.RequestValidationInput{
		Request: clone, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true},
	}
	return &check{input: input, reqErr: openapi3filter.ValidateRequest(context.Background(), input)}
}

// response fails the test when the response does not match the spec, or
// when the server accepted a request that the spec says is invalid.
func (c *check) response(t testing.TB, r *Response) {
	t.Helper()
	if c.reqErr != nil && r.Status < 400 {
		t.Errorf("%s %s: the server answered %d to a request api/openapi.yaml calls invalid: %v",
			c.input.Request.Method, c.input.Request.URL.Path, r.Status, c.reqErr)
	}
	err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: c.input,
		Status:                 r.Status,
		Header:                 r.Header,
		Body:                   io.NopCloser(bytes.NewReader(r.Body)),
		Options:                c.input.Options,
	})
	if err != nil {
		t.Errorf("%s %s: response %d does not match api/openapi.yaml: %v\nbody: %s",
			c.input.Request.Method, c.input.Request.URL.Path, r.Status, err, r.Body)
	}
}
