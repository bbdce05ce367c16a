package media_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"plenary/internal/apitest"
)

// pageHead fetches an SPA page as a browser or a crawler would and
// returns its HTML and the JSON-LD objects of its head.
func pageHead(t *testing.T, url string) (string, []map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", url, resp.StatusCode)
	}
	var objs []map[string]any
	for _, m := range regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(string(body), -1) {
		var obj map[string]any
		if err := json.Unmarshal([]byte(m[1]), &obj); err != nil {
			t.Fatalf("JSON-LD %s: %v", m[1], err)
		}
		objs = append(objs, obj)
	}
	return string(body), objs
}

// The event page's head describes the event as schema.org JSON-LD, with
// its panellists as performers and its host as organiser; once the
// recording is published, a VideoObject with a Clip per segment and Open
// Graph video tags. A title that tries to end the script element cannot.
func TestEventPageHead(t *testing.T) {
	const title = `Prevention </script><script>alert(1)</script> & "more"`
	f := newReplayFixture(t, "head-event", title)
	var host struct{ ID string }
	f.org.Post(t, "/api/v1/manage/organisations", map[string]string{"name": "Global Government Forum", "website": "https://www.globalgovernmentforum.com"}).
		WantStatus(t, http.StatusCreated).JSON(t, &host)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/partners"), Body: map[string]any{"partners": []map[string]string{
		{"organisation_id": host.ID, "kind": "host"}}}}).WantStatus(t, http.StatusOK)

	page, objs := pageHead(t, f.env.URL+"/events/head-event")
	if strings.Contains(page, "<script>alert(1)") || strings.Count(page, "</script>") != strings.Count(page, "<script") {
		t.Fatalf("the title broke out of its element:\n%s", page)
	}
	if len(objs) != 1 {
		t.Fatalf("JSON-LD %v, want the Event alone before a recording", objs)
	}
	ev := objs[0]
	performers, _ := ev["performer"].([]any)
	organisers, _ := ev["organizer"].([]any)
	if ev["@type"] != "Event" || ev["name"] != title || ev["eventAttendanceMode"] != "https://schema.org/OnlineEventAttendanceMode" ||
		ev["startDate"] != f.event.StartsAt.UTC().Format("2006-01-02T15:04:05Z") || ev["endDate"] == nil ||
		len(performers) != 1 || performers[0].(map[string]any)["name"] != "Andrew Kerr" ||
		len(organisers) != 1 || organisers[0].(map[string]any)["name"] != "Global Government Forum" {
		t.Fatalf("Event %v", ev)
	}
	if strings.Contains(page, "og:video") {
		t.Errorf("og:video without a published recording")
	}

	rec := f.upload(t)
	f.segment(t, rec, "opening", "Opening", 0, 60000)
	f.segment(t, rec, "the-panel", "The panel", 60000, 300500)
	f.publishRecording(t, rec)
	page, objs = pageHead(t, f.env.URL+"/events/head-event")
	if len(objs) != 2 || objs[1]["@type"] != "VideoObject" {
		t.Fatalf("JSON-LD %v, want the Event and the VideoObject", objs)
	}
	video := objs[1]
	clips, _ := video["hasPart"].([]any)
	if video["duration"] != "PT4500S" || !strings.HasSuffix(video["contentUrl"].(string), "/api/v1/events/head-event/recording/file") ||
		!strings.HasSuffix(video["embedUrl"].(string), "/embed/head-event") || len(clips) != 2 {
		t.Fatalf("VideoObject %v", video)
	}
	panel := clips[1].(map[string]any)
	if panel["@type"] != "Clip" || panel["name"] != "The panel" || panel["startOffset"] != 60.0 || panel["endOffset"] != 301.0 ||
		!strings.HasSuffix(panel["url"].(string), "/events/head-event/replay/the-panel") {
		t.Errorf("Clip %v", panel)
	}
	for _, want := range []string{`<meta property="og:type" content="video.other">`, `<meta property="og:video:type" content="video/mp4">`,
		`/api/v1/events/head-event/recording/file">`} {
		if !strings.Contains(page, want) {
			t.Errorf("head lacks %s", want)
		}
	}

	// A segment's share page is its event's, titled by the segment.
	page, objs = pageHead(t, f.env.URL+"/events/head-event/replay/the-panel")
	if len(objs) != 2 || !strings.Contains(page, `<meta property="og:title" content="The panel — Prevention &lt;/script&gt;`) ||
		!strings.Contains(page, `/events/head-event/replay/the-panel">`) {
		t.Errorf("share page head:\n%s", page)
	}
}
