package live_test

import (
	"context"
	"encoding/binary"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/live"
)

// zoomReport is a Zoom participant report with its meeting summary
// block: Ada rejoined (6 + 5 minutes), a guest gave no email, Cy never
// registered, Di stayed 3 minutes.
const zoomReport = `Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3456 7890,Live attendance,11/30/2026 09:55:02 AM,11/30/2026 11:02:40 AM,host@example.org,68,5

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
Ada Tester,ADA@example.org,11/30/2026 09:58:12 AM,11/30/2026 10:04:12 AM,6,No
Bo Tester (Bo),bo@example.org,11/30/2026 10:00:00 AM,11/30/2026 10:45:00 AM,45,No
Ada Tester,ada@example.org,11/30/2026 10:20:00 AM,11/30/2026 10:25:00 AM,5,No
Guest Person,,11/30/2026 10:00:00 AM,11/30/2026 10:30:00 AM,30,Yes
Cy Stranger,cy@elsewhere.org,11/30/2026 10:00:00 AM,11/30/2026 10:30:00 AM,30,Yes
Di Tester,di@example.org,11/30/2026 10:00:00 AM,11/30/2026 10:03:00 AM,3,No
`

// teamsReport is a Teams attendance report: a summary, the participants
// with their whole time, and every join again in a later section (which
// must not count twice).
const teamsReport = "1. Summary\r\n" +
	"Meeting title\tLive attendance\r\n" +
	"Attended participants\t3\r\n" +
	"Start time\t11/30/26, 9:55:02 AM\r\n" +
	"\r\n" +
	"2. Participants\r\n" +
	"Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\r\n" +
	"Ed Tester\t11/30/26, 9:58:12 AM\t11/30/26, 11:00:00 AM\t1h 1m 48s\ted@example.org\ted@example.org\tAttendee\r\n" +
	"Di Tester\t11/30/26, 10:00:00 AM\t11/30/26, 10:09:40 AM\t9m 40s\tDI@Example.org\tdi@example.org\tAttendee\r\n" +
	"Gil Unknown\t11/30/26, 10:00:00 AM\t11/30/26, 10:20:00 AM\t20m\t\tgil@elsewhere.org\tAttendee\r\n" +
	"\r\n" +
	"3. In-Meeting Activities\r\n" +
	"Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\r\n" +
	"Di Tester\t11/30/26, 10:00:00 AM\t11/30/26, 10:09:40 AM\t9m 40s\tDI@Example.org\tAttendee\r\n"

// utf16LE is text as Teams saves it: UTF-16 with a byte order mark.
func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// importFixture is attendFixture with Ada, Bo, Di and Ed confirmed and
// Fay cancelled.
type importFixture struct {
	attendFixture
	ids map[string]string // by first name
}

func newImportFixture(t *testing.T) importFixture {
	t.Helper()
	f := importFixture{attendFixture: newAttendFixture(t), ids: map[string]string{}}
	for _, name := range []string{"Ada", "Bo", "Di", "Ed", "Fay"} {
		f.ids[name] = f.register(t, name, strings.ToLower(name)+"@example.org")
	}
	f.org.Post(t, f.manage("/registrations/"+f.ids["Fay"]+"/cancel"), nil).WantStatus(t, http.StatusOK)
	return f
}

func (f importFixture) manage(path string) string {
	return "/api/v1/manage/events/" + f.event.ID + path
}

func (f importFixture) importReport(t *testing.T, c *apitest.Client, query string, body any, want int) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPost, Path: f.manage("/live/attendance/import" + query),
		Body: body, ContentType: "text/csv"}).WantStatus(t, want)
}

// list is the whole attendance list, by first name.
func (f importFixture) list(t *testing.T, c *apitest.Client) (map[string]live.AttendanceRow, live.AttendanceSummary) {
	t.Helper()
	var p live.AttendancePage
	c.Get(t, f.manage("/live/attendance")).WantStatus(t, http.StatusOK).JSON(t, &p)
	rows := map[string]live.AttendanceRow{}
	for _, r := range p.Items {
		rows[strings.Fields(r.Name)[0]] = r
	}
	return rows, p.Summary
}

func (f importFixture) source(t *testing.T, name string) string {
	t.Helper()
	var source string
	if err := f.env.DB.QueryRow(context.Background(), `SELECT coalesce((SELECT source FROM live_attendance WHERE registration_id = $1), '')`,
		f.ids[name]).Scan(&source); err != nil {
		t.Fatal(err)
	}
	return source
}

func TestZoomAndTeamsReportsMarkAttendance(t *testing.T) {
	f := newImportFixture(t)

	var got live.ImportResult
	f.importReport(t, f.org, "", zoomReport, http.StatusOK).JSON(t, &got)
	want := live.ImportResult{Matched: 3, Updated: 2, Unmatched: []live.UnmatchedRow{
		{Line: 8, Name: "Guest Person"}, {Line: 9, Name: "Cy Stranger", Email: "cy@elsewhere.org"}}}
	if !importEqual(got, want) {
		t.Fatalf("zoom import %+v, want %+v", got, want)
	}
	for name, attended := range map[string]bool{"Ada": true, "Bo": true, "Di": false, "Ed": false, "Fay": false} {
		if a := f.attended(t, f.ids[name]); a != attended {
			t.Errorf("after zoom: %s attended %v, want %v", name, a, attended)
		}
	}
	rows, summary := f.list(t, f.org)
	if r := rows["Ada"]; r.Minutes != 11 || r.Source == nil || *r.Source != "zoom" || !r.Attended || r.Email != "ada@example.org" {
		t.Errorf("Ada's row %+v, want 11 zoom minutes (a rejoin summed), attended", r)
	}
	if _, ok := rows["Fay"]; ok || summary != (live.AttendanceSummary{Confirmed: 4, Attended: 2}) {
		t.Errorf("rows %v, summary %+v: want the 4 confirmed, 2 attended", slices.Collect(maps.Keys(rows)), summary)
	}

	// Teams, as saved: UTF-16, tab-separated; detected without ?source.
	f.importReport(t, f.org, "", utf16LE(teamsReport), http.StatusOK).JSON(t, &got)
	want = live.ImportResult{Matched: 2, Updated: 1, Unmatched: []live.UnmatchedRow{{Line: 10, Name: "Gil Unknown", Email: "gil@elsewhere.org"}}}
	if !importEqual(got, want) {
		t.Fatalf("teams import %+v, want %+v", got, want)
	}
	rows, _ = f.list(t, f.org)
	if r := rows["Ed"]; r.Minutes != 61 || *r.Source != "teams" || !r.Attended {
		t.Errorf("Ed's row %+v, want 61 teams minutes, attended", r)
	}
	if r := rows["Di"]; r.Minutes != 9 || *r.Source != "teams" || r.Attended { // 9m 40s once, not twice
		t.Errorf("Di's row %+v, want 9 teams minutes, not attended", r)
	}
	if f.source(t, "Ada") != "zoom" {
		t.Errorf("a Teams report that does not name Ada changed her source to %q", f.source(t, "Ada"))
	}
}

// A bad row refuses the whole report, naming its line; nothing is recorded.
func TestABadRowImportsNothing(t *testing.T) {
	f := newImportFixture(t)
	bad := strings.Replace(zoomReport, "10:03:00 AM,3,No", "10:03:00 AM,three,No", 1)
	p := f.importReport(t, f.org, "?source=zoom", bad, http.StatusUnprocessableEntity).Problem(t)
	if len(p.Errors) != 1 || !strings.Contains(p.Errors["line 10"], `"three"`) {
		t.Errorf("errors %v, want line 10's duration", p.Errors)
	}
	var n int
	if err := f.env.DB.QueryRow(context.Background(), `SELECT count(*) FROM live_attendance`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d attendance rows after a refused import (%v)", n, err)
	}
	if f.attended(t, f.ids["Ada"]) || f.attended(t, f.ids["Bo"]) {
		t.Error("a refused import marked someone as attended")
	}
	teamsBad := strings.Replace(teamsReport, "\t20m\t", "\t20 lightyears\t", 1)
	p = f.importReport(t, f.org, "?source=teams", utf16LE(teamsBad), http.StatusUnprocessableEntity).Problem(t)
	if _, ok := p.Errors["line 10"]; !ok || len(p.Errors) != 1 {
		t.Errorf("teams errors %v, want line 10", p.Errors)
	}
	for _, tc := range []struct {
		query, body, field string
	}{
		{"", "Just,some,columns\n1,2,3\n", "file"},
		{"?source=webex", zoomReport, "source"},
		{"", "Name,Email,Duration\nAda,ada@example.org,12\n", "source"},
	} {
		p := f.importReport(t, f.org, tc.query, tc.body, http.StatusUnprocessableEntity).Problem(t)
		if p.Errors[tc.field] == "" {
			t.Errorf("%q %q: errors %v, want %s", tc.query, tc.body, p.Errors, tc.field)
		}
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPost, Path: f.manage("/live/attendance/import"), Body: map[string]any{}}).
		WantStatus(t, http.StatusUnsupportedMediaType)
}

func TestMarkingByHand(t *testing.T) {
	f := newImportFixture(t)
	f.importReport(t, f.org, "?source=zoom", zoomReport, http.StatusOK)
	mark := func(c *apitest.Client, name string, attended any, want int) *apitest.Response {
		return c.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/live/attendance/" + f.ids[name]),
			Body: map[string]any{"attended": attended}}).WantStatus(t, want)
	}
	var row live.AttendanceRow
	mark(f.org, "Ada", false, http.StatusOK).JSON(t, &row)
	if row.Attended || *row.Source != "hand" || row.Minutes != 11 || f.attended(t, f.ids["Ada"]) {
		t.Errorf("unmarked Ada: %+v, registrations says %v", row, f.attended(t, f.ids["Ada"]))
	}
	mark(f.org, "Ed", true, http.StatusOK).JSON(t, &row)
	if !row.Attended || *row.Source != "hand" || !f.attended(t, f.ids["Ed"]) {
		t.Errorf("marked Ed: %+v", row)
	}
	// A report again does not undo the organiser's marks.
	f.importReport(t, f.org, "?source=zoom", zoomReport, http.StatusOK)
	if f.attended(t, f.ids["Ada"]) || f.source(t, "Ada") != "hand" {
		t.Error("a report overrode a mark by hand")
	}

	mark(f.org, "Fay", true, http.StatusConflict)
	f.ids["nobody"] = "6f2db05a-179c-4408-9464-cb9843b4ee76"
	mark(f.org, "nobody", true, http.StatusNotFound)
	f.ids["junk"] = "not-an-id"
	mark(f.org, "junk", true, http.StatusNotFound)
	mark(f.org, "Ed", "yes", http.StatusBadRequest)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/live/attendance/" + f.ids["Ed"]), Body: map[string]any{}}).
		WantStatus(t, http.StatusUnprocessableEntity)
}

// Moderators read attendance without emails and change nothing; the
// signed-out read nothing.
func TestAttendancePermissions(t *testing.T) {
	f := newImportFixture(t)
	f.importReport(t, f.org, "", zoomReport, http.StatusOK)
	mod := f.env.SignedIn(t, accounts.RoleModerator)
	rows, summary := f.list(t, mod)
	if summary.Attended != 2 || len(rows) != 4 {
		t.Fatalf("moderator sees %d rows, summary %+v", len(rows), summary)
	}
	for name, r := range rows {
		if r.Email != "" {
			t.Errorf("a moderator sees %s's email", name)
		}
	}
	f.importReport(t, mod, "", zoomReport, http.StatusForbidden)
	mod.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/live/attendance/" + f.ids["Ada"]),
		Body: map[string]any{"attended": false}}).WantStatus(t, http.StatusForbidden)
	anon := f.env.Client()
	anon.Get(t, f.manage("/live/attendance")).WantStatus(t, http.StatusUnauthorized)
	f.org.Get(t, "/api/v1/manage/events/6f2db05a-179c-4408-9464-cb9843b4ee76/live/attendance").WantStatus(t, http.StatusNotFound)
	f.org.Get(t, f.manage("/live/attendance?cursor=forged")).WantStatus(t, http.StatusBadRequest)
	f.org.Get(t, f.manage("/live/attendance?limit=0")).WantStatus(t, http.StatusUnprocessableEntity)
}

// The list pages by arrival and counts who has the live page open now.
func TestAttendanceListPagesAndCountsPresence(t *testing.T) {
	f := newImportFixture(t)
	f.clock.Set(f.start)
	f.beat(t, f.env.Client(), f.ids["Bo"])
	f.clock.Add(time.Minute)
	f.beat(t, f.env.Client(), f.ids["Bo"])
	f.beat(t, f.env.Client(), f.ids["Di"])
	f.clock.Add(80 * time.Second) // Bo and Di were last seen 80 s ago: not present now

	var names []string
	cursor := ""
	for {
		var p live.AttendancePage
		f.org.Get(t, f.manage("/live/attendance?limit=3"+cursor)).WantStatus(t, http.StatusOK).JSON(t, &p)
		for _, r := range p.Items {
			names = append(names, strings.Fields(r.Name)[0])
			if r.Name == "Bo Tester" && (r.Minutes != 1 || *r.Source != "heartbeat" || r.FirstSeenAt == nil ||
				!r.FirstSeenAt.Equal(f.start) || !r.LastSeenAt.Equal(f.start.Add(time.Minute))) {
				t.Errorf("Bo's row %+v", r)
			}
		}
		if p.Summary.PresentNow != 0 {
			t.Errorf("%d present 80 s after the last beats", p.Summary.PresentNow)
		}
		if p.NextCursor == nil {
			break
		}
		cursor = "&cursor=" + *p.NextCursor
	}
	if !slices.Equal(names, []string{"Ada", "Bo", "Di", "Ed"}) {
		t.Errorf("pages hold %v, want the confirmed as they arrived", names)
	}
	f.beat(t, f.env.Client(), f.ids["Di"])
	if _, summary := f.list(t, f.org); summary.PresentNow != 1 {
		t.Errorf("present now %d, want Di", summary.PresentNow)
	}
}

func importEqual(a, b live.ImportResult) bool {
	return a.Matched == b.Matched && a.Updated == b.Updated && slices.Equal(a.Unmatched, b.Unmatched)
}

// What attendance records decides the follow-up: thanks with the
// recording for those who attended, "sorry we missed you" for the others.
func TestAttendanceChoosesTheFollowUp(t *testing.T) {
	f := newImportFixture(t)
	f.importReport(t, f.org, "", zoomReport, http.StatusOK) // Ada and Bo attended; Di too briefly
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/live/attendance/" + f.ids["Ed"]),
		Body: map[string]any{"attended": true}}).WantStatus(t, http.StatusOK)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: f.manage("/live/attendance/" + f.ids["Bo"]),
		Body: map[string]any{"attended": false}}).WantStatus(t, http.StatusOK)

	// The event ends and its recording is published: the follow-up runs.
	if _, err := f.env.DB.Exec(context.Background(), `UPDATE events SET starts_at = now() - interval '3 hours' WHERE id = $1`,
		f.event.ID); err != nil {
		t.Fatal(err)
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: f.manage(""),
		Body: map[string]any{"recording_url": "https://video.example.org/live-attendance"}}).WantStatus(t, http.StatusOK)
	kinds := map[string]string{}
	for deadline := time.Now().Add(30 * time.Second); len(kinds) < 4 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		rows, err := f.env.DB.Query(context.Background(), `
			SELECT registration_id::text, kind::text FROM outbox
			WHERE event_id = $1 AND kind::text IN ('follow_up_attended', 'follow_up_missed')`, f.event.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, kind string
			if err := rows.Scan(&id, &kind); err != nil {
				t.Fatal(err)
			}
			kinds[id] = kind
		}
		rows.Close()
	}
	want := map[string]string{f.ids["Ada"]: "follow_up_attended", f.ids["Ed"]: "follow_up_attended",
		f.ids["Bo"]: "follow_up_missed", f.ids["Di"]: "follow_up_missed"}
	if !maps.Equal(kinds, want) {
		t.Errorf("follow-ups %v, want %v (Ada, Ed attended; Bo unmarked, Di too briefly)", kinds, want)
	}
}
