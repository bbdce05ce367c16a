package links_test

import (
	"net/url"
	"testing"

	"plenary/internal/links"
)

func TestAddresses(t *testing.T) {
	site := links.New("https://events.example.org")
	tests := []struct {
		name, got, want string
	}{
		{"event page", site.Event("early-intervention"), "https://events.example.org/events/early-intervention"},
		{"manage page", site.Manage("bWFuYWdl_x-Y"), "https://events.example.org/r/bWFuYWdl_x-Y"},
		{"unsubscribe page", site.Unsubscribe("aWQ.bWFj"), "https://events.example.org/unsubscribe/aWQ.bWFj"},
		{"one-click unsubscribe", site.UnsubscribeAPI("aWQ.bWFj"), "https://events.example.org/api/v1/unsubscribe/aWQ.bWFj"},
		{"live session", site.Live("bGl2ZQ"), "https://events.example.org/live/bGl2ZQ"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestBaseURLForms(t *testing.T) {
	tests := []struct {
		name, base, want string
	}{
		{"no trailing slash", "http://localhost:8080", "http://localhost:8080/events/demo"},
		{"trailing slash", "http://localhost:8080/", "http://localhost:8080/events/demo"},
		{"several trailing slashes", "http://localhost:8080///", "http://localhost:8080/events/demo"},
		{"under a path", "https://example.org/plenary/", "https://example.org/plenary/events/demo"},
		{"empty: host-relative", "", "/events/demo"},
	}
	for _, tt := range tests {
		if got := links.New(tt.base).Event("demo"); got != tt.want {
			t.Errorf("%s: New(%q).Event = %q, want %q", tt.name, tt.base, got, tt.want)
		}
	}
	if got := (links.Site{}).Manage("tok"); got != "/r/tok" {
		t.Errorf("zero Site: Manage = %q, want /r/tok", got)
	}
}

// An odd value stays one path segment: it cannot reach another page, add a
// query or a fragment, and a browser decodes it back to what was given.
func TestValuesAreEscaped(t *testing.T) {
	site := links.New("https://example.org")
	tests := []struct {
		name, value, want string
	}{
		{"slash", "../admin", "https://example.org/events/..%2Fadmin"},
		{"query", "a?b=c", "https://example.org/events/a%3Fb=c"},
		{"fragment", "a#b", "https://example.org/events/a%23b"},
		{"space", "a b", "https://example.org/events/a%20b"},
		{"percent", "100%", "https://example.org/events/100%25"},
		{"non-ASCII", "café", "https://example.org/events/caf%C3%A9"},
	}
	for _, tt := range tests {
		got := site.Event(tt.value)
		if got != tt.want {
			t.Errorf("%s: Event(%q) = %q, want %q", tt.name, tt.value, got, tt.want)
			continue
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("%s: %q does not parse: %v", tt.name, got, err)
		}
		if u.Path != "/events/"+tt.value || u.RawQuery != "" || u.Fragment != "" {
			t.Errorf("%s: %q opens path %q query %q fragment %q, want path /events/%s alone",
				tt.name, got, u.Path, u.RawQuery, u.Fragment, tt.value)
		}
	}
	for name, got := range map[string]string{
		"manage": site.Manage("a/b"), "unsubscribe": site.Unsubscribe("a/b"),
		"unsubscribe API": site.UnsubscribeAPI("a/b"), "live": site.Live("a/b"),
	} {
		if u, _ := url.Parse(got); u == nil || u.EscapedPath() == u.Path {
			t.Errorf("%s: %q leaves the slash in the token unescaped", name, got)
		}
	}
}
