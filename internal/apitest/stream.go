package apitest

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// Open sends a GET whose response does not end (a server-sent event
// stream) and returns it unread once its headers arrive; the caller reads
// and closes the body. The request is checked against the spec, and so is
// any answer but 200 (read in full).
func (c *Client) Open(t testing.TB, path string, header http.Header) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.env.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	check := newCheck(t, req, nil)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		out := &Response{Status: resp.StatusCode, Header: resp.Header}
		if out.Body, err = io.ReadAll(resp.Body); err != nil {
			t.Fatal(err)
		}
		check.response(t, out)
		resp.Body = io.NopCloser(bytes.NewReader(out.Body))
	}
	return resp
}
