package media_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/media"
)

// watchFixture is an event whose uploaded recording (75 minutes) is
// published with two one-minute segments, a registrant's replay link, and
// the clock replay reports are counted by, stopped at a moment.
type watchFixture struct {
	*replayFixture
	token    string // the registrant's live-page token, which their replay link carries
	progress string // the path reports go to
	clock    atomic.Pointer[time.Time]
}

func newWatchFixture(t *testing.T) *watchFixture {
	t.Helper()
	f := &watchFixture{replayFixture: newReplayFixture(t, "watched", "Watched")}
	rec := f.upload(t)
	f.segment(t, rec, "opening", "Opening", 0, 60_000)
	f.segment(t, rec, "panel", "Panel", 60_000, 120_000)
	f.publishRecording(t, rec)
	rid := f.registrant(t, "Vera", "vera@example.org")
	f.token = f.env.App.Keys.Live(rid)
	f.progress = "/api/v1/replay/" + f.token + "/progress"
	start := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	f.clock.Store(&start)
	media.SetClock(f.env.App.Media, func() time.Time { return *f.clock.Load() })
	return f
}

// registrant adds a confirmed registrant of the event and returns their id.
func (f *replayFixture) registrant(t *testing.T, first, email string) string {
	t.Helper()
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `
		INSERT INTO registrations (event_id, status, unlimited, first_name, last_name, email, organisation, sector, token_hash)
		VALUES ($1, 'confirmed', true, $2, 'Viewer', $3, 'Leeds City Council', 'local_government', sha256(convert_to($3, 'UTF8')))
		RETURNING id`, f.event.ID, first, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *watchFixture) at(d time.Duration) {
	now := f.clock.Load().Add(d)
	f.clock.Store(&now)
}

func (f *watchFixture) beat(t *testing.T, from, to int) media.WatchProgress {
	t.Helper()
	var p media.WatchProgress
	f.env.Client().Post(t, f.progress, map[string]int{"from_ms": from, "to_ms": to}).WantStatus(t, http.StatusOK).JSON(t, &p)
	return p
}

func (f *watchFixture) viewers(t *testing.T, c *apitest.Client) []media.ReplayViewer {
	t.Helper()
	var list struct{ Items []media.ReplayViewer }
	c.Get(t, f.manage("/recording/viewers")).WantStatus(t, http.StatusOK).JSON(t, &list)
	return list.Items
}

func TestReplayReportsCountWhatAPersonCouldWatch(t *testing.T) {
	f := newWatchFixture(t)
	want := func(p media.WatchProgress, plays int, watched int64) {
		t.Helper()
		if p.Plays != plays || p.WatchedMs != watched {
			t.Fatalf("progress %+v, want %d plays and %d ms", p, plays, watched)
		}
	}
	want(f.beat(t, 0, 20_000), 1, 20_000)      // a viewing's first report may cover 30 s
	want(f.beat(t, 20_000, 80_000), 1, 25_000) // at once again: 5 s of slack at most
	f.at(30 * time.Second)
	want(f.beat(t, 50_000, 70_000), 1, 45_000) // 30 s later: up to 65 s, so all 20 s
	f.at(10 * time.Second)
	want(f.beat(t, 70_000, 190_000), 1, 70_000) // 10 s later: 25 s of the 120 s reported
	f.at(31 * time.Minute)
	want(f.beat(t, 0, 1_000), 2, 71_000) // after 30 minutes' silence, another viewing

	list := f.viewers(t, f.org)
	if len(list) != 1 {
		t.Fatalf("viewers %+v, want Vera alone", list)
	}
	v := list[0]
	if v.FirstName != "Vera" || v.Email != "vera@example.org" || v.Plays != 2 || v.WatchedMs != 71_000 {
		t.Errorf("viewer %+v", v)
	}
	// Opening: 0–20 s, 20–25 s, 50–60 s, 0–1 s; Panel: 60–70 s, 70–95 s.
	if got := fmt.Sprint(v.Segments); got != "[{opening Opening 36000} {panel Panel 35000}]" {
		t.Errorf("segments %s", got)
	}
	// A moderator sees who watched, not how to reach them.
	if m := f.viewers(t, f.env.SignedIn(t, accounts.RoleModerator)); len(m) != 1 || m[0].Email != "" || m[0].WatchedMs != 71_000 {
		t.Errorf("moderator's view %+v", m)
	}
}

func TestReplayReportsRefuseWhatCannotBe(t *testing.T) {
	f := newWatchFixture(t)
	c := f.env.Client()
	for name, tc := range map[string]struct {
		body   any
		status int
	}{
		"backwards":                {map[string]int{"from_ms": 5_000, "to_ms": 4_000}, http.StatusUnprocessableEntity},
		"nothing played":           {map[string]int{"from_ms": 5_000, "to_ms": 5_000}, http.StatusUnprocessableEntity},
		"past the recording's end": {map[string]int{"from_ms": 4_500_000, "to_ms": 4_502_000}, http.StatusUnprocessableEntity},
		"a huge number":            {`{"from_ms": 0, "to_ms": 99999999999999999999}`, http.StatusBadRequest},
		"the largest number":       {`{"from_ms": 9223372036854700000, "to_ms": 9223372036854775807}`, http.StatusUnprocessableEntity},
		"an unknown field":         {map[string]any{"from_ms": 0, "to_ms": 1000, "plays": 100}, http.StatusBadRequest},
		"text for a number":        {map[string]any{"from_ms": "0\x00", "to_ms": 1000}, http.StatusBadRequest},
	} {
		t.Run(name, func(t *testing.T) {
			c.Do(t, apitest.Request{Method: http.MethodPost, Path: f.progress, Body: tc.body, ContentType: "application/json"}).WantStatus(t, tc.status)
		})
	}
	// A link not signed by the server, or another kind of token: 401.
	for _, token := range []string{"made-up", f.env.App.Keys.Sign("unsubscribe", "x"), f.token + "x"} {
		p := c.Post(t, "/api/v1/replay/"+token+"/progress", map[string]int{"from_ms": 0, "to_ms": 1000}).
			WantStatus(t, http.StatusUnauthorized).Problem(t)
		if !strings.Contains(p.Detail, "replay link is not valid") {
			t.Errorf("detail %q", p.Detail)
		}
	}
	if got := f.viewers(t, f.org); len(got) != 0 {
		t.Errorf("refused reports were counted: %+v", got)
	}
	// Taken back to a draft, the recording takes no more reports.
	f.org.Post(t, f.manage("/recording/unpublish"), nil).WantStatus(t, http.StatusOK)
	c.Post(t, f.progress, map[string]int{"from_ms": 0, "to_ms": 1000}).WantStatus(t, http.StatusNotFound)
}

func TestReplayReportsFromTwoTabsAtOnceAreEachCountedOnce(t *testing.T) {
	f := newWatchFixture(t)
	const tabs = 10
	var wg sync.WaitGroup
	for range tabs {
		wg.Go(func() {
			f.env.Client().Post(t, f.progress, map[string]int{"from_ms": 0, "to_ms": 10_000}).WantStatus(t, http.StatusOK)
		})
	}
	wg.Wait()
	// Whichever came first covers its 10 s; each other, 5 s of slack at the same moment.
	list := f.viewers(t, f.org)
	if len(list) != 1 || list[0].Plays != 1 || list[0].WatchedMs != 10_000+(tabs-1)*5_000 {
		t.Fatalf("viewers %+v, want one viewing of %d ms", list, 10_000+(tabs-1)*5_000)
	}
	// A flood beyond what a page sends is refused before it reaches the database.
	status := 0
	for range 30 {
		if status = f.env.Client().Post(t, f.progress, map[string]int{"from_ms": 0, "to_ms": 1000}).Status; status == http.StatusTooManyRequests {
			break
		}
	}
	if status != http.StatusTooManyRequests {
		t.Errorf("30 more reports at once: last status %d, want 429", status)
	}
}
