package page_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// TestEveryListPagesTheSameWay drives every list of the API through pages
// of two: with more than two pages, ties in the sort key, and rows added
// between page fetches, every item there at the start comes exactly once,
// no item comes twice, and the pages keep the list's order (the one a
// single page of everything shows). A cursor altered, made up, or taken
// from another list is a 400 problem+json.
func TestEveryListPagesTheSameWay(t *testing.T) {
	cfg := apitest.Config(t)
	cfg.RegistrationsPerMinute = 0
	env := apitest.NewWithConfig(t, cfg)
	admin := env.SignedIn(t, accounts.RoleAdmin)
	ctx := context.Background()
	sql := func(query string, args ...any) {
		t.Helper()
		if _, err := env.DB.Exec(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	var n atomic.Int64
	next := func() int64 { return n.Add(1) }

	// One event holds the registrations, the outbox and the broadcasts; the
	// events themselves share one start time, so the lists of events page
	// through ties.
	tie := time.Now().Add(48 * time.Hour).Truncate(time.Hour)
	var eventID, registrantID string
	if err := env.DB.QueryRow(ctx, `INSERT INTO events (slug, title, starts_at, duration_minutes, timezone, status)
		VALUES ('paged', 'Paged', $1, 60, 'UTC', 'published') RETURNING id`, tie).Scan(&eventID); err != nil {
		t.Fatal(err)
	}
	public := env.Client()
	register := func(k int) {
		for range k {
			public.Post(t, "/api/v1/events/paged/registrations", map[string]any{"first_name": "Ada", "last_name": "Lovelace",
				"email": fmt.Sprintf("r%d@example.org", next()), "sector": "other"}).WantStatus(t, http.StatusAccepted)
		}
	}
	register(1)
	if err := env.DB.QueryRow(ctx, `SELECT id FROM registrations WHERE event_id = $1`, eventID).Scan(&registrantID); err != nil {
		t.Fatal(err)
	}
	events := func(k int) {
		for range k {
			i := next()
			sql(`INSERT INTO events (slug, title, starts_at, duration_minutes, timezone, status)
				VALUES ($1, 'Tied', $2, 60, 'UTC', 'published')`, fmt.Sprintf("tied-%d", i), tie)
		}
	}
	messages := func(registrationID *string) func(int) {
		return func(k int) {
			for range k {
				sql(`INSERT INTO outbox (event_id, registration_id, kind, to_email, dedupe_key)
					VALUES ($1, $2, 'broadcast', 'someone@example.org', $3)`, eventID, registrationID, fmt.Sprintf("paged-%d", next()))
			}
		}
	}
	lists := []struct {
		name, path string
		add        func(k int) // adds k items the list shows
	}{
		{"public events", "/api/v1/events", events},
		{"upcoming events", "/api/v1/events?when=upcoming", events},
		{"manage events", "/api/v1/manage/events", events},
		{"users", "/api/v1/users", func(k int) {
			for range k {
				sql(`INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'U', 'moderator', '$argon2id$x')`,
					fmt.Sprintf("user-%d@example.org", next()))
			}
		}},
		{"people (all of one name)", "/api/v1/manage/people", func(k int) {
			for range k {
				sql(`INSERT INTO people (name) VALUES ('Sam Same')`)
			}
		}},
		{"organisations", "/api/v1/manage/organisations", func(k int) {
			for range k {
				sql(`INSERT INTO organisations (name) VALUES ($1)`, fmt.Sprintf("Org %d", next()))
			}
		}},
		{"registrations", "/api/v1/manage/events/" + eventID + "/registrations", register},
		{"outbox", "/api/v1/manage/events/" + eventID + "/messages", messages(nil)},
		{"registrant's outbox", "/api/v1/manage/events/" + eventID + "/registrations/" + registrantID + "/messages", messages(&registrantID)},
		{"broadcasts", "/api/v1/manage/events/" + eventID + "/broadcasts", func(k int) {
			for range k {
				sql(`INSERT INTO broadcasts (event_id, segment, subject, body_markdown) VALUES ($1, 'everyone', 'S', 'B')`, eventID)
			}
		}},
		{"suppressions", "/api/v1/manage/suppressions", func(k int) {
			for range k {
				sql(`INSERT INTO mail_suppressions (email) VALUES ($1)`, fmt.Sprintf("s%d@example.org", next()))
			}
		}},
	}
	cursors := map[string]string{} // one from each list, to try on the others
	for _, l := range lists {
		t.Run(l.name, func(t *testing.T) {
			get := func(path string, limit int, cursor string) page {
				t.Helper()
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				path += fmt.Sprintf("%slimit=%d", sep, limit)
				if cursor != "" {
					path += "&cursor=" + url.QueryEscape(cursor)
				}
				var p page
				admin.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &p)
				return p
			}
			l.add(13) // with ids past 9 and 10, which sort apart as text
			start := get(l.path, 200, "").keys(t)
			if len(start) < 13 {
				t.Fatalf("%d items at the start", len(start))
			}
			var paged []string
			cursor, pages := "", 0
			for {
				p := get(l.path, 2, cursor)
				paged = append(paged, p.keys(t)...)
				pages++
				if p.NextCursor == nil {
					break
				}
				cursor = *p.NextCursor
				if pages == 1 {
					cursors[l.path] = cursor
				}
				if pages <= 3 {
					l.add(2) // rows arrive while the organiser pages
				}
				if pages > 100 {
					t.Fatalf("no last page after %d pages", pages)
				}
			}
			end := get(l.path, 200, "").keys(t)
			seen := map[string]bool{}
			for _, k := range paged {
				if seen[k] {
					t.Errorf("%s came twice", k)
				}
				seen[k] = true
			}
			for _, k := range start {
				if !seen[k] {
					t.Errorf("%s, there from the start, never came", k)
				}
			}
			if !isSubsequence(paged, end) {
				t.Errorf("pages out of the list's order:\npaged %v\nlist  %v", paged, end)
			}

			// Cursors the list did not give out.
			good := []byte(cursor)
			if len(good) == 0 {
				t.Fatal("no cursor to alter")
			}
			altered := slices.Clone(good)
			altered[len(altered)/2] ^= 1
			for _, bad := range []string{"garbage!", "e30", string(altered), strings.Repeat("A", 40)} {
				sep := "?"
				if strings.Contains(l.path, "?") {
					sep = "&"
				}
				p := admin.Get(t, l.path+sep+"cursor="+url.QueryEscape(bad)).WantStatus(t, http.StatusBadRequest).Problem(t)
				if p.Status != http.StatusBadRequest {
					t.Errorf("cursor %q: %+v", bad, p)
				}
			}
		})
	}
	// A cursor works only on the list that gave it out.
	for _, l := range lists {
		for from, c := range cursors {
			if from == l.path {
				continue
			}
			sep := "?"
			if strings.Contains(l.path, "?") {
				sep = "&"
			}
			admin.Get(t, l.path+sep+"cursor="+url.QueryEscape(c)).WantStatus(t, http.StatusBadRequest)
		}
	}
}

// page is any list's page; items are told apart by id, or by their
// address or slug when they have no id.
type page struct {
	Items      []map[string]any `json:"items"`
	NextCursor *string          `json:"next_cursor"`
}

func (p page) keys(t *testing.T) []string {
	t.Helper()
	var keys []string
	for _, item := range p.Items {
		key := ""
		for _, field := range []string{"id", "email", "slug"} {
			if v, ok := item[field].(string); ok && v != "" {
				key = v
				break
			}
		}
		if key == "" {
			b, _ := json.Marshal(item)
			t.Fatalf("an item without id, email or slug: %s", b)
		}
		keys = append(keys, key)
	}
	return keys
}

// isSubsequence says whether every element of a is in b, in b's order.
func isSubsequence(a, b []string) bool {
	i := 0
	for _, x := range b {
		if i < len(a) && a[i] == x {
			i++
		}
	}
	return i == len(a)
}
