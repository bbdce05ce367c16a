package live_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/live"
	"plenary/internal/registrations"
)

// attendFixture is a published event starting soon, an organiser of it,
// and the test's clock.
type attendFixture struct {
	env   *apitest.Env
	org   *apitest.Client
	event events.Detail
	clock *attendClock
	start time.Time
}

func newAttendFixture(t *testing.T) attendFixture {
	t.Helper()
	env := apitest.New(t)
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(2 * time.Hour).Truncate(time.Minute).UTC()
	var d events.Detail
	org.Post(t, "/api/v1/manage/events", map[string]any{"slug": "live-attendance", "title": "Live attendance",
		"starts_at": start.Format(time.RFC3339), "duration_minutes": 60, "timezone": "Europe/London"}).
		WantStatus(t, http.StatusCreated).JSON(t, &d)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	return attendFixture{env: env, org: org, event: d, clock: useClock(env.App.Live, start), start: start}
}

// attendClock is the time the service reads, as the test sets it (safe
// to read from the handlers' goroutines).
type attendClock struct{ now atomic.Int64 }

func useClock(s *live.Service, start time.Time) *attendClock {
	c := &attendClock{}
	c.Set(start)
	live.SetClock(s, func() time.Time { return time.Unix(0, c.now.Load()).UTC() })
	return c
}

func (c *attendClock) Set(t time.Time)     { c.now.Store(t.UnixNano()) }
func (c *attendClock) Add(d time.Duration) { c.now.Add(int64(d)) }

// register signs someone up (confirmed: the event has room and needs no
// approval) and returns their registration id.
func (f attendFixture) register(t *testing.T, first, email string) string {
	t.Helper()
	f.env.Client().Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", map[string]any{
		"first_name": first, "last_name": "Tester", "email": email, "organisation": first + " Ltd",
		"sector": "local_government"}).WantStatus(t, http.StatusAccepted)
	var page registrations.Page
	f.org.Get(t, "/api/v1/manage/events/"+f.event.ID+"/registrations?q="+email).WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) != 1 {
		t.Fatalf("%d registrations for %s", len(page.Items), email)
	}
	return page.Items[0].ID
}

func (f attendFixture) beat(t *testing.T, c *apitest.Client, registrationID string) live.Presence {
	t.Helper()
	var p live.Presence
	c.Post(t, "/api/v1/live/"+f.env.App.Keys.Live(registrationID)+"/heartbeat", nil).WantStatus(t, http.StatusOK).JSON(t, &p)
	return p
}

// stretches are a registrant's rows of presence, as (start, last seen) offsets from the event's start.
func (f attendFixture) stretches(t *testing.T, registrationID string) [][2]time.Duration {
	t.Helper()
	rows, err := f.env.DB.Query(context.Background(), `
		SELECT started_at, last_seen_at FROM live_presence WHERE registration_id = $1 ORDER BY started_at`, registrationID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][2]time.Duration
	for rows.Next() {
		var a, b time.Time
		if err := rows.Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]time.Duration{a.Sub(f.start), b.Sub(f.start)})
	}
	return out
}

// attended is the registration's attended flag, as the follow-ups read it.
func (f attendFixture) attended(t *testing.T, registrationID string) bool {
	t.Helper()
	var attended bool
	if err := f.env.DB.QueryRow(context.Background(), `SELECT attended FROM registration_contacts WHERE id = $1`,
		registrationID).Scan(&attended); err != nil {
		t.Fatal(err)
	}
	return attended
}

func TestHeartbeatsMeasureStretchesOfPresence(t *testing.T) {
	f := newAttendFixture(t)
	id := f.register(t, "Ada", "ada@example.org")
	c := f.env.Client()

	f.clock.Set(f.start.Add(-5 * time.Minute)) // open: within the 15 minutes' lead
	for range 3 {                              // 0, 30 s, 60 s
		if p := f.beat(t, c, id); p.Attended {
			t.Fatalf("attended after %d minutes", p.MinutesPresent)
		}
		f.clock.Add(30 * time.Second)
	}
	// Silent for 90 s (the page was hidden): a new stretch starts.
	f.clock.Add(60 * time.Second)
	f.beat(t, c, id)
	f.clock.Add(75 * time.Second) // exactly the gap: still the same stretch
	p := f.beat(t, c, id)
	want := [][2]time.Duration{{-5 * time.Minute, -4 * time.Minute}, {-2*time.Minute - 30*time.Second, -75 * time.Second}}
	if got := f.stretches(t, id); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("stretches %v, want %v", got, want)
	}
	if p.MinutesPresent != 2 || p.Attended {
		t.Errorf("presence %+v, want 2 minutes (60 s + 75 s), not attended", p)
	}
}

func TestReachingTheThresholdMarksAttendance(t *testing.T) {
	f := newAttendFixture(t)
	id := f.register(t, "Ada", "ada@example.org")
	c := f.env.Client()
	f.clock.Set(f.start.Add(-time.Minute))
	var p live.Presence
	for i := range 10 { // 0 … 9 minutes: under the default 10
		p = f.beat(t, c, id)
		if p.MinutesPresent != i || p.Attended {
			t.Fatalf("beat %d: %+v", i, p)
		}
		if f.attended(t, id) {
			t.Fatalf("attended after %d minutes", i)
		}
		f.clock.Add(time.Minute)
	}
	if p = f.beat(t, c, id); p.MinutesPresent != 10 || !p.Attended {
		t.Fatalf("at 10 minutes: %+v, want attended", p)
	}
	if !f.attended(t, id) {
		t.Error("registrations does not say attended")
	}
	var source string
	var minutes int
	if err := f.env.DB.QueryRow(context.Background(), `SELECT source, minutes FROM live_attendance WHERE registration_id = $1`,
		id).Scan(&source, &minutes); err != nil || source != "heartbeat" || minutes != 10 {
		t.Errorf("live_attendance %q %d (%v), want heartbeat 10", source, minutes, err)
	}
}

// Two tabs of one registrant beat at the same moments: their time counts once.
func TestTwoTabsCountOnce(t *testing.T) {
	f := newAttendFixture(t)
	id := f.register(t, "Ada", "ada@example.org")
	tabs := []*apitest.Client{f.env.Client(), f.env.Client(), f.env.Client(), f.env.Client()}
	f.clock.Set(f.start)
	for range 3 {
		var wg sync.WaitGroup
		for _, tab := range tabs {
			wg.Go(func() { f.beat(t, tab, id) })
		}
		wg.Wait()
		f.clock.Add(30 * time.Second)
	}
	if got := f.stretches(t, id); len(got) != 1 || got[0] != [2]time.Duration{0, time.Minute} {
		t.Errorf("stretches %v, want one of a minute", got)
	}
}

func TestHeartbeatRefusals(t *testing.T) {
	f := newAttendFixture(t)
	id := f.register(t, "Ada", "ada@example.org")
	gone := f.register(t, "Bo", "bo@example.org")
	f.org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/registrations/"+gone+"/cancel", nil).WantStatus(t, http.StatusOK)
	c := f.env.Client()
	path := func(id string) string { return "/api/v1/live/" + f.env.App.Keys.Live(id) + "/heartbeat" }

	f.clock.Set(f.start)
	c.Post(t, "/api/v1/live/not-a-token/heartbeat", nil).WantStatus(t, http.StatusUnauthorized).Problem(t)
	forged := f.env.App.Keys.Live(id)
	forged = forged[:len(forged)-2] + "xx"
	c.Post(t, "/api/v1/live/"+forged+"/heartbeat", nil).WantStatus(t, http.StatusUnauthorized)
	if p := c.Post(t, path(gone), nil).WantStatus(t, http.StatusForbidden).Problem(t); p.Detail != live.ErrNotConfirmed.Error() {
		t.Errorf("not confirmed: %q", p.Detail)
	}
	for _, at := range []time.Duration{-15*time.Minute - time.Second, 60 * time.Minute} {
		f.clock.Set(f.start.Add(at))
		c.Post(t, path(id), nil).WantStatus(t, http.StatusConflict).Problem(t)
	}
	f.clock.Set(f.start.Add(-15 * time.Minute)) // the window opens with the lead, ends at the end
	f.beat(t, c, id)
	f.clock.Set(f.start.Add(60*time.Minute - time.Second))
	f.beat(t, c, id)
	if n := len(f.stretches(t, gone)); n != 0 {
		t.Errorf("%d stretches for a cancelled registrant", n)
	}
}

// Beats sooner than the limit allows are answered but not counted.
func TestTooFrequentBeatsAreNotCounted(t *testing.T) {
	f := newAttendFixture(t)
	id := f.register(t, "Ada", "ada@example.org")
	c := f.env.Client()
	f.clock.Set(f.start)
	var p live.Presence
	began := time.Now()
	for range 30 { // a broken page beating as fast as it can, its clock a minute on each time
		p = f.beat(t, c, id)
		f.clock.Add(time.Minute)
	}
	// The limit is in real time: the burst of 20 beats, then one more for
	// every 5 s the loop took (under load, a few seconds).
	refills := int(time.Since(began) / (5 * time.Second))
	if p.MinutesPresent < 19 || p.MinutesPresent > min(29, 19+refills) {
		t.Errorf("%d minutes counted from 30 beats in %s, want 19 to %d", p.MinutesPresent, time.Since(began), min(29, 19+refills))
	}
}
