package media_test

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/media"
)

func putWriteup(t *testing.T, c *apitest.Client, path string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: body})
}

// The organiser writes the article; shortcodes of real segments become
// players, the others are told by line and show nothing; the public
// replay carries the same HTML and never the problems.
func TestWriteupShortcodesAndProblems(t *testing.T) {
	f := newReplayFixture(t, "early-intervention", "Early intervention")
	rec := f.upload(t)
	f.segment(t, rec, "opening-remarks", "Opening remarks", 0, 60000)
	f.segment(t, rec, "the-panel", "The panel", 60000, 300500, f.panellist.ID)

	var empty media.Writeup
	f.org.Get(t, f.manage("/writeup")).WantStatus(t, http.StatusOK).JSON(t, &empty)
	if empty.UpdatedAt != nil || empty.BodyMD != "" || len(empty.Problems) != 0 || len(empty.EmbedSnippets) != 3 {
		t.Fatalf("empty write-up %+v", empty)
	}

	body := strings.Join([]string{
		"# Early intervention", // 1
		"",
		"The webinar brought together five panellists.", // 3
		"{{segment opening-remarks}}",                   // 4: right after a paragraph, still its own
		"",
		"{{ segment the-panel }}",          // 6
		"{{segment no-such-segment}}",      // 7
		"See {{segment the-panel}} above.", // 8: not on a line of its own
		"```",                              // 9
		"{{segment in-code}}",              // 10: code, shown as written
		"```",                              // 11
	}, "\n")
	day := "2022-06-28"
	var w media.Writeup
	putWriteup(t, f.org, f.manage("/writeup"), map[string]any{"author": "  Jack Aldane ", "published_on": day, "body_md": body}).
		WantStatus(t, http.StatusOK).JSON(t, &w)
	if w.Author != "Jack Aldane" || w.PublishedOn == nil || *w.PublishedOn != day || w.UpdatedAt == nil {
		t.Fatalf("saved %+v", w.WriteupInput)
	}
	// The recording is a draft: every shortcode is a problem and none shows.
	wantLines(t, w.Problems, 4, 6, 7, 8)
	if strings.Contains(w.HTML, "segment-embed") || strings.Contains(w.HTML, "PLENARYSEGMENT") {
		t.Errorf("an unpublished recording's segments show: %s", w.HTML)
	}

	f.publishRecording(t, rec)
	f.org.Get(t, f.manage("/writeup")).WantStatus(t, http.StatusOK).JSON(t, &w)
	wantLines(t, w.Problems, 7, 8)
	for _, want := range []string{
		`<figure class="segment-embed" data-segment="opening-remarks" data-start="0" data-end="60">`,
		`<figure class="segment-embed" data-segment="the-panel" data-start="60" data-end="300.5">`,
		`<a href="/events/early-intervention/replay/the-panel">The panel</a> (1:00–5:00)`,
		"{{segment in-code}}", "See {{segment the-panel}} above.",
	} {
		if !strings.Contains(w.HTML, want) {
			t.Errorf("html lacks %s:\n%s", want, w.HTML)
		}
	}
	if strings.Contains(w.HTML, "no-such-segment") || strings.Count(w.HTML, "segment-embed") != 2 {
		t.Errorf("html %s", w.HTML)
	}

	var replay media.Replay
	f.env.Client().Get(t, "/api/v1/events/early-intervention/replay").WantStatus(t, http.StatusOK).JSON(t, &replay)
	if replay.Writeup == nil || replay.Writeup.HTML != w.HTML || replay.Writeup.Author != "Jack Aldane" || *replay.Writeup.PublishedOn != day {
		t.Fatalf("public write-up %+v, want the organiser's HTML", replay.Writeup)
	}

	// Saved again unchanged, it is the same.
	var again media.Writeup
	putWriteup(t, f.org, f.manage("/writeup"), w.WriteupInput).WantStatus(t, http.StatusOK).JSON(t, &again)
	if again.WriteupInput.Author != w.Author || again.BodyMD != w.BodyMD || *again.PublishedOn != day || again.HTML != w.HTML {
		t.Errorf("round trip changed it: %+v", again.WriteupInput)
	}
}

func wantLines(t *testing.T, problems []media.Problem, lines ...int) {
	t.Helper()
	got := []int{}
	for _, p := range problems {
		got = append(got, p.Line)
		if p.Message == "" {
			t.Errorf("line %d: no message", p.Line)
		}
	}
	if len(got) != len(lines) {
		t.Fatalf("problems on lines %v, want %v (%+v)", got, lines, problems)
	}
	for i := range got {
		if got[i] != lines[i] {
			t.Fatalf("problems on lines %v, want %v (%+v)", got, lines, problems)
		}
	}
}

// A script, an event handler or a javascript: link in the Markdown never
// reaches the organiser's preview or the public page; nor does a
// shortcode's slug made to break out of its attribute.
func TestWriteupIsSanitised(t *testing.T) {
	f := newReplayFixture(t, "sanitised", "Sanitised")
	rec := f.upload(t)
	f.segment(t, rec, "opening", "Opening <b>remarks</b>", 0, 60000)
	f.publishRecording(t, rec)
	body := strings.Join([]string{
		"<script>alert('md')</script>",
		"",
		"[click](javascript:alert(1)) and [also](JaVaScRiPt:alert(2)) and <a href=\"javascript:alert(3)\">raw</a>",
		"",
		"<img src=x onerror=alert(4)> ![pic](javascript:alert(5))",
		"",
		"{{segment \"><script>alert(6)</script>}}",
		"",
		"{{segment opening}}",
	}, "\n")
	var w media.Writeup
	putWriteup(t, f.org, f.manage("/writeup"), map[string]any{"author": "<script>x</script>", "body_md": body}).
		WantStatus(t, http.StatusOK).JSON(t, &w)
	var replay media.Replay
	f.env.Client().Get(t, "/api/v1/events/sanitised/replay").WantStatus(t, http.StatusOK).JSON(t, &replay)
	for _, html := range []string{w.HTML, replay.Writeup.HTML} {
		lower := strings.ToLower(html)
		for _, bad := range []string{"<script", "javascript:", "onerror", "<b>"} {
			if strings.Contains(lower, bad) {
				t.Errorf("%q survived:\n%s", bad, html)
			}
		}
		if !strings.Contains(html, "Opening &lt;b&gt;remarks&lt;/b&gt;") {
			t.Errorf("the segment's title is not escaped:\n%s", html)
		}
	}
	if len(w.Problems) != 1 || w.Problems[0].Line != 7 {
		t.Errorf("problems %+v, want the bad slug on line 7", w.Problems)
	}
}

// Bad input is refused naming the field, and nothing is written: not a
// field too long, a date that is none, nor a field a client may not set.
func TestWriteupRefusesBadInput(t *testing.T) {
	f := newReplayFixture(t, "refusals", "Refusals")
	path := f.manage("/writeup")
	for _, tt := range []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"author too long", map[string]any{"author": strings.Repeat("a", 201), "body_md": "x"}, http.StatusUnprocessableEntity, "author"},
		{"body too long", map[string]any{"author": "", "body_md": strings.Repeat("é", 50001)}, http.StatusUnprocessableEntity, "body_md"},
		{"not a date", map[string]any{"author": "", "body_md": "x", "published_on": "28/06/2022"}, http.StatusUnprocessableEntity, "published_on"},
		{"not a day", map[string]any{"author": "", "body_md": "x", "published_on": "2022-02-30"}, http.StatusUnprocessableEntity, "published_on"},
		{"the event", map[string]any{"author": "", "body_md": "x", "event_id": "00000000-0000-4000-8000-000000000000"}, http.StatusBadRequest, "event_id"},
		{"the time", map[string]any{"author": "", "body_md": "x", "updated_at": "2020-01-01T00:00:00Z"}, http.StatusBadRequest, "updated_at"},
		{"the html", map[string]any{"author": "", "body_md": "x", "html": "<script></script>"}, http.StatusBadRequest, "html"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := putWriteup(t, f.org, path, tt.body).WantStatus(t, tt.status).Problem(t)
			if p.Errors[tt.field] == "" {
				t.Errorf("errors %v, want one for %s", p.Errors, tt.field)
			}
		})
	}
	var w media.Writeup
	f.org.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &w)
	if w.UpdatedAt != nil || w.BodyMD != "" {
		t.Fatalf("a refused write-up was written: %+v", w)
	}
}

// Moderators read the write-up and may not change it; the public and
// unknown events get nothing.
func TestWriteupPermissions(t *testing.T) {
	f := newReplayFixture(t, "permissions", "Permissions")
	path := f.manage("/writeup")
	mod := f.env.SignedIn(t, accounts.RoleModerator)
	mod.Get(t, path).WantStatus(t, http.StatusOK)
	putWriteup(t, mod, path, map[string]any{"author": "", "body_md": "x"}).WantStatus(t, http.StatusForbidden)
	f.env.Client().Get(t, path).WantStatus(t, http.StatusUnauthorized)
	f.org.Get(t, "/api/v1/manage/events/00000000-0000-4000-8000-000000000000/writeup").WantStatus(t, http.StatusNotFound)
	putWriteup(t, f.org, "/api/v1/manage/events/00000000-0000-4000-8000-000000000000/writeup",
		map[string]any{"author": "", "body_md": "x"}).WantStatus(t, http.StatusNotFound)
}

// Organisers saving a new write-up at once each succeed, and one of their
// versions is what stays, whole.
func TestWriteupSavedConcurrently(t *testing.T) {
	f := newReplayFixture(t, "concurrent", "Concurrent")
	const writers = 8
	var wg sync.WaitGroup
	statuses := make([]int, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := strconv.Itoa(i)
			statuses[i] = putWriteup(t, f.org, f.manage("/writeup"), map[string]any{"author": "Author " + n, "body_md": "Body " + n}).Status
		}()
	}
	wg.Wait()
	for i, s := range statuses {
		if s != http.StatusOK {
			t.Errorf("writer %d: status %d", i, s)
		}
	}
	var w media.Writeup
	f.org.Get(t, f.manage("/writeup")).WantStatus(t, http.StatusOK).JSON(t, &w)
	if strings.TrimPrefix(w.Author, "Author ") != strings.TrimPrefix(w.BodyMD, "Body ") {
		t.Fatalf("a mix of two versions: %+v", w.WriteupInput)
	}
}
