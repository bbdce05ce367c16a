package httpserver_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"plenary/internal/httpserver"
)

// bindTarget has a field of each kind the API's request types use.
type bindTarget struct {
	Text    string            `json:"text"`
	Number  int               `json:"number"`
	Maybe   *int              `json:"maybe"`
	List    []string          `json:"list"`
	Nested  []bindTarget      `json:"nested"`
	Answers map[string]any    `json:"answers"`
	Flag    bool              `json:"flag"`
	Labels  map[string]string `json:"labels"`
}

// FuzzDecodeJSON: whatever the body, decoding answers a 400 naming what it
// could not read, or gives values free of NULs and invalid UTF-8.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"text":"a","number":1,"list":["x"],"nested":[{"text":"b"}],"answers":{"q":"a"}}`,
		`{"text":"a\u0000b"}`, "{\"text\":\"\xff\"}", `{"number":2147483648}`, `{"number":9223372036854775808}`,
		`{"number":1e400}`, `{"text":1}`, `{"text":"a","text":"b"}`, `{"answers":{"a\u0000":1}}`,
		strings.Repeat(`{"nested":[`, 40), `null`, `[]`, `{} {}`, `{"unknown":1}`, ``, `{"maybe":null}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var v bindTarget
		err := httpserver.DecodeJSON(body, &v)
		if err != nil {
			var malformed httpserver.Malformed
			var he *echo.HTTPError
			if errors.As(err, &malformed) {
				for field, msg := range malformed {
					if field == "" || msg == "" {
						t.Fatalf("malformed without a field or message: %v", malformed)
					}
				}
			} else if !errors.As(err, &he) || he.Code != http.StatusBadRequest {
				t.Fatalf("error %v: want Malformed or a 400", err)
			}
			return
		}
		checkText(t, v)
	})
}

func checkText(t *testing.T, v bindTarget) {
	t.Helper()
	texts := append([]string{v.Text}, v.List...)
	for k, s := range v.Labels {
		texts = append(texts, k, s)
	}
	for k := range v.Answers {
		texts = append(texts, k)
	}
	for _, s := range texts {
		if httpserver.TextProblem(s) != "" {
			t.Fatalf("decoded %q: %s", s, httpserver.TextProblem(s))
		}
	}
	for _, n := range v.Nested {
		checkText(t, n)
	}
}

// FuzzQueryProblems: a query string with no problems reads, through the
// standard parser Echo uses, as valid UTF-8 text without NULs.
func FuzzQueryProblems(f *testing.F) {
	for _, seed := range []string{"q=a&limit=10", "q=a%00b", "q=%FF", "q=%zz", "%00=1", "a=1;b=2", "q", "=x&&y="} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(httpserver.QueryProblems(raw)) > 0 {
			return
		}
		values, _ := url.ParseQuery(raw)
		for k, vs := range values {
			for _, s := range append(vs, k) {
				if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
					t.Fatalf("query %q passed, but %q is not readable text", raw, s)
				}
			}
		}
	})
}

func TestMalformedInputNamesTheField(t *testing.T) {
	srv := testServer(t)
	tests := []struct {
		name, path, body string
		wantStatus       int
		wantField        string
	}{
		{"NUL in a body string", "/api/v1/echo", `{"title":"a\u0000b"}`, 400, "title"},
		{"NUL deep in a body", "/api/v1/echo", `{"a":[{"b":"\u0000"}]}`, 400, "a.0.b"},
		{"invalid UTF-8 in a body", "/api/v1/echo", "{\"a\":\"\xff\"}", 400, "body"},
		{"duplicate key", "/api/v1/echo", `{"a":1,"a":2}`, 400, "a"},
		{"too deep", "/api/v1/echo", `{"a":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`, 400, "a.0.0.0"},
		{"not an object", "/api/v1/echo", `[1]`, 400, "body"},
		{"NUL in the query", "/api/v1/echo?q=a%00b", `{}`, 400, "q"},
		{"invalid UTF-8 in the query", "/api/v1/echo?topic=%FF", `{}`, 400, "topic"},
		{"broken escape in the query", "/api/v1/echo?q=%zz", `{}`, 400, "q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+tt.path, "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var p httpserver.Problem
			if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
				t.Fatal(err)
			}
			named := false
			for field := range p.Errors {
				named = named || strings.HasPrefix(field, tt.wantField)
			}
			if resp.StatusCode != tt.wantStatus || !named || resp.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%d %+v, want %d naming %q", resp.StatusCode, p, tt.wantStatus, tt.wantField)
			}
		})
	}
}
