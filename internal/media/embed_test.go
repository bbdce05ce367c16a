package media_test

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The embed page may be framed by the recording's allowed origins only
// (an origin that could inject a directive is dropped), carries the
// captions and chapters tracks, cuts a segment with a media fragment, and
// allows its one inline style by hash; every other page keeps
// frame-ancestors 'none'.
func TestEmbedPageAndItsFrameAncestors(t *testing.T) {
	f := newReplayFixture(t, "embedded", "Embedded")
	public := f.env.Client()
	rec := f.upload(t, "https://partner.example.org", "https://*.gov.example", "https://evil.example; script-src *", "javascript:alert(1)")
	f.segment(t, rec, "the-panel", "The panel", 60000, 300500)
	f.captions(t, rec)
	public.Get(t, "/embed/embedded").WantStatus(t, http.StatusNotFound)

	f.publishRecording(t, rec)
	resp := public.Get(t, "/embed/embedded").WantStatus(t, http.StatusOK)
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.HasSuffix(csp, "; frame-ancestors https://partner.example.org https://*.gov.example") || strings.Contains(csp, "evil") {
		t.Fatalf("Content-Security-Policy %q", csp)
	}
	if xfo := resp.Header.Get("X-Frame-Options"); xfo != "" {
		t.Errorf("X-Frame-Options %q would refuse the allowed origins", xfo)
	}
	page := string(resp.Body)
	for _, want := range []string{
		`<video controls playsinline preload="metadata" src="/api/v1/events/embedded/recording/file" poster="/api/v1/events/embedded/recording/poster">`,
		`<track kind="captions" src="/api/v1/events/embedded/recording/captions.vtt" srclang="en" label="English" default>`,
		`<track kind="chapters" src="/api/v1/events/embedded/recording/chapters.vtt" srclang="en" label="Chapters">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(csp, "script-src") {
		t.Errorf("the embed runs a script:\n%s", page)
	}
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(page)
	sum := sha256.Sum256([]byte(style[1]))
	if !strings.Contains(csp, "style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
		t.Errorf("the policy does not allow the page's style: %q", csp)
	}

	seg := public.Get(t, "/embed/embedded/the-panel").WantStatus(t, http.StatusOK)
	if !strings.Contains(string(seg.Body), `src="/api/v1/events/embedded/recording/file#t=60,300.5"`) ||
		!strings.Contains(string(seg.Body), "<title>The panel — Embedded</title>") {
		t.Errorf("segment page:\n%s", seg.Body)
	}
	missing := public.Get(t, "/embed/embedded/no-such-segment").WantStatus(t, http.StatusNotFound)
	if !strings.HasSuffix(missing.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Errorf("a missing segment's page: %q", missing.Header.Get("Content-Security-Policy"))
	}

	// Every other page: the API, the SPA's page of the event.
	for _, path := range []string{"/api/v1/events/embedded/replay", "/events/embedded", "/"} {
		resp := rawGet(t, f.env.URL+path)
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors 'none'") ||
			resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: Content-Security-Policy %q, X-Frame-Options %q", path, csp, resp.Header.Get("X-Frame-Options"))
		}
	}
}

// With no allowed origin, nobody may frame the embed.
func TestEmbedWithoutOriginsIsFramedByNone(t *testing.T) {
	f := newReplayFixture(t, "private-embed", "Private")
	f.publishRecording(t, f.upload(t))
	resp := f.env.Client().Get(t, "/embed/private-embed").WantStatus(t, http.StatusOK)
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "; frame-ancestors 'none'") ||
		resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("Content-Security-Policy %q, X-Frame-Options %q", csp, resp.Header.Get("X-Frame-Options"))
	}
	if strings.Contains(string(resp.Body), "<track") {
		t.Errorf("tracks without captions or segments:\n%s", resp.Body)
	}
}

// An external recording's embed is its player, cut to the segment.
func TestEmbedOfAnExternalRecording(t *testing.T) {
	f := newReplayFixture(t, "vimeo-embed", "Vimeo")
	rec := f.external(t, "vimeo", "https://vimeo.com/76979871")
	f.segment(t, rec, "part-two", "Part two", 90000, 120000)
	public := f.env.Client()
	resp := public.Get(t, "/embed/vimeo-embed/part-two").WantStatus(t, http.StatusOK)
	if !strings.Contains(string(resp.Body), `<iframe src="https://player.vimeo.com/video/76979871#t=90s" title="Part two — Vimeo"`) {
		t.Errorf("page:\n%s", resp.Body)
	}
	f.exec(t, `UPDATE media_recordings SET external_url = 'https://vimeo.com/not-a-video' WHERE id = $1`, rec)
	public.Get(t, "/embed/vimeo-embed").WantStatus(t, http.StatusNotFound)
}

func rawGet(t *testing.T, url string) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// An address no slug can be is a 404 page, never a server error.
func TestEmbedOfUnreadableAddresses(t *testing.T) {
	f := newReplayFixture(t, "odd-addresses", "Odd")
	for _, path := range []string{"/embed/a%00b", "/embed/a%FFb", "/embed/odd-addresses/a%00b", "/embed/odd-addresses/a%FFb", "/embed/" + strings.Repeat("x", 5000)} {
		resp := rawGet(t, f.env.URL+path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}
	for _, path := range []string{"/events/a%00b", "/events/a%FFb/replay/x", "/events/odd-addresses/replay/a%00b"} {
		if resp := rawGet(t, f.env.URL+path); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d, want the SPA", path, resp.StatusCode)
		}
	}
}
