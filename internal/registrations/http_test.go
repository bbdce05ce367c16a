package registrations_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/mail"
	"plenary/internal/postgres/pgtest"
	"plenary/internal/registrations"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// fixture is a published event and an organiser signed in to manage it.
type fixture struct {
	env   *apitest.Env
	org   *apitest.Client
	event events.Detail
}

func newFixture(t *testing.T, env *apitest.Env, capacity any, change func(body map[string]any)) fixture {
	t.Helper()
	org := env.SignedIn(t, accounts.RoleOrganiser)
	start := time.Now().Add(72 * time.Hour).Truncate(time.Second)
	body := map[string]any{"slug": "reg-event", "title": "Registration test", "starts_at": start.Format(time.RFC3339),
		"duration_minutes": 60, "timezone": "Europe/London", "capacity": capacity}
	if change != nil {
		change(body)
	}
	var d events.Detail
	org.Post(t, "/api/v1/manage/events", body).WantStatus(t, http.StatusCreated).JSON(t, &d)
	org.Post(t, "/api/v1/manage/events/"+d.ID+"/publish", nil).WantStatus(t, http.StatusOK)
	return fixture{env: env, org: org, event: d}
}

func person(email string) map[string]any {
	return map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": email, "job_title": "Analyst",
		"organisation": "City Council", "sector": "local_government", "country": "United Kingdom"}
}

// register registers body and returns the registration as the organiser
// sees it: the public answer says only that an email was sent.
func (f fixture) register(t *testing.T, c *apitest.Client, body map[string]any) registrations.Registration {
	t.Helper()
	c.Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", body).WantStatus(t, http.StatusAccepted)
	return f.find(t, body["email"].(string))
}

func (f fixture) base() string { return "/api/v1/manage/events/" + f.event.ID + "/registrations" }

// find returns the registration of an email, as the organiser sees it.
func (f fixture) find(t *testing.T, email string) registrations.Registration {
	t.Helper()
	var page registrations.Page
	f.org.Get(t, f.base()+"?q="+email).WantStatus(t, http.StatusOK).JSON(t, &page)
	for _, r := range page.Items {
		if strings.EqualFold(r.Email, email) {
			return r
		}
	}
	t.Fatalf("no registration for %s in %+v", email, page.Items)
	return registrations.Registration{}
}

// link returns the manage-link token in the latest message to a
// registrant, as the organiser's outbox shows it.
func (f fixture) link(t *testing.T, email string) string {
	t.Helper()
	return f.linkOf(t, f.find(t, email).ID)
}

// linkOf returns the manage-link token in the latest message about a
// registration.
func (f fixture) linkOf(t *testing.T, id string) string {
	t.Helper()
	var page mail.MessagePage
	f.org.Get(t, f.base()+"/"+id+"/messages").WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) == 0 {
		t.Fatalf("no message about %s", id)
	}
	var latest mail.MessageDetail
	f.org.Get(t, "/api/v1/manage/events/"+f.event.ID+"/messages/"+page.Items[0].ID).WantStatus(t, http.StatusOK).JSON(t, &latest)
	link := manageLink.FindStringSubmatch(latest.Text)
	if link == nil {
		t.Fatalf("no manage link in the %s message about %s:\n%s", latest.Kind, id, latest.Text)
	}
	return link[1]
}

var manageLink = regexp.MustCompile(`/r/([A-Za-z0-9_-]{20,})`)

func bearer(t *testing.T, c *apitest.Client, method, path, token string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: method, Path: path, Body: body, Header: http.Header{"Authorization": {"Bearer " + token}}})
}

func TestOutcomesByCapacityAndApproval(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 2, nil)
	public := env.Client()
	for i, want := range []registrations.Status{"confirmed", "confirmed", "waitlisted", "waitlisted"} {
		if got := f.register(t, public, person(fmt.Sprintf("p%d@example.org", i))).Status; got != want {
			t.Errorf("registration %d: %s, want %s", i+1, got, want)
		}
	}

	put := func(body any) {
		f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + f.event.ID + "/registration-settings", Body: body}).
			WantStatus(t, http.StatusOK)
	}
	put(map[string]any{"approval": "domains", "approved_domains": []string{"gov.uk", "*.gov.scot"}})
	for email, want := range map[string]registrations.Status{
		"a@cabinetoffice.gov.uk": "waitlisted", // approved, but the event is full
		"b@gov.scot":             "pending_approval",
		"c@justice.gov.scot":     "waitlisted",
		"d@example.com":          "pending_approval",
	} {
		if got := f.register(t, public, person(email)).Status; got != want {
			t.Errorf("%s: %s, want %s", email, got, want)
		}
	}
	put(map[string]any{"approval": "manual", "approved_domains": []string{}})
	if got := f.register(t, public, person("e@cabinetoffice.gov.uk")).Status; got != "pending_approval" {
		t.Errorf("manual approval: %s", got)
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + f.event.ID + "/registration-settings",
		Body: map[string]any{"approval": "domains", "approved_domains": []string{}}}).WantStatus(t, http.StatusUnprocessableEntity)

	// Approving a pending registrant seats them when a place is free.
	f.org.Post(t, f.base()+"/"+f.find(t, "p0@example.org").ID+"/cancel", nil).WantStatus(t, http.StatusOK)
	if s := f.find(t, "p2@example.org").Status; s != "confirmed" {
		t.Errorf("first on the waitlist after a cancellation: %s", s)
	}
	pending := f.find(t, "d@example.com")
	var r registrations.Registration
	f.org.Post(t, f.base()+"/"+pending.ID+"/approve", nil).WantStatus(t, http.StatusOK).JSON(t, &r)
	if r.Status != "waitlisted" {
		t.Errorf("approved into a full event: %s, want waitlisted", r.Status)
	}
	f.org.Post(t, f.base()+"/"+pending.ID+"/approve", nil).WantStatus(t, http.StatusConflict)
	rejected := f.find(t, "b@gov.scot")
	f.org.Post(t, f.base()+"/"+rejected.ID+"/reject", nil).WantStatus(t, http.StatusOK)
}

func TestRegistrationValidation(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	partner := createPartner(t, f)
	var qs struct{ Items []registrations.Question }
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + f.event.ID + "/questions", Body: map[string]any{
		"questions": []map[string]any{
			{"kind": "short_text", "label": "Why are you coming?", "required": true},
			{"kind": "single_choice", "label": "Region", "options": []string{"North", "South"}},
			{"kind": "multiple_choice", "label": "Interests", "options": []string{"Data", "Housing", "Health"}},
			{"kind": "checkbox", "label": "I agree to the code of conduct", "required": true},
		}}}).WantStatus(t, http.StatusOK).JSON(t, &qs)
	why, region, interests, conduct := qs.Items[0].ID, qs.Items[1].ID, qs.Items[2].ID, qs.Items[3].ID
	good := func() map[string]any {
		p := person("valid@example.org")
		p["answers"] = map[string]any{why: "To learn", region: "North", interests: []string{"Data"}, conduct: true}
		p["partner_consents"] = []string{partner}
		return p
	}
	tests := []struct {
		name  string
		edit  func(map[string]any)
		field string
	}{
		{"no first name", func(p map[string]any) { p["first_name"] = " " }, "first_name"},
		{"long last name", func(p map[string]any) { p["last_name"] = strings.Repeat("x", 101) }, "last_name"},
		{"bad email", func(p map[string]any) { p["email"] = "not-an-email" }, "email"},
		{"unknown sector", func(p map[string]any) { p["sector"] = "space" }, "sector"},
		{"long accessibility needs", func(p map[string]any) { p["accessibility_needs"] = strings.Repeat("x", 2001) }, "accessibility_needs"},
		{"required question missing", func(p map[string]any) { delete(p["answers"].(map[string]any), why) }, "answers." + why},
		{"choice not offered", func(p map[string]any) { p["answers"].(map[string]any)[region] = "East" }, "answers." + region},
		{"choices not offered", func(p map[string]any) { p["answers"].(map[string]any)[interests] = []string{"Data", "Space"} }, "answers." + interests},
		{"required box unticked", func(p map[string]any) { p["answers"].(map[string]any)[conduct] = false }, "answers." + conduct},
		{"unknown question", func(p map[string]any) { p["answers"].(map[string]any)["00000000-0000-4000-8000-000000000000"] = "x" }, "answers"},
		{"consent to a stranger", func(p map[string]any) { p["partner_consents"] = []string{"00000000-0000-4000-8000-000000000000"} }, "partner_consents"},
	}
	public := env.Client()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := good()
			tt.edit(body)
			p := public.Post(t, "/api/v1/events/reg-event/registrations", body).WantStatus(t, http.StatusUnprocessableEntity).Problem(t)
			if p.Errors[tt.field] == "" {
				t.Errorf("errors %v, want %s", p.Errors, tt.field)
			}
		})
	}
	var page registrations.Page
	f.org.Get(t, f.base()).WantStatus(t, http.StatusOK).JSON(t, &page)
	if len(page.Items) != 0 {
		t.Fatalf("invalid registrations were saved: %+v", page.Items)
	}
	if got := f.register(t, public, good()).Status; got != "confirmed" {
		t.Fatalf("valid registration: %s", got)
	}
	saved := f.find(t, "valid@example.org")
	var full registrations.Registration
	f.org.Get(t, f.base()+"/"+saved.ID).WantStatus(t, http.StatusOK).JSON(t, &full)
	if len(full.Consents) != 1 || !strings.Contains(full.Consents[0].Wording, "Iron Mountain") || !strings.Contains(string(full.Answers), "To learn") {
		t.Errorf("stored registration: consents %+v answers %s", full.Consents, full.Answers)
	}
}

func createPartner(t *testing.T, f fixture) string {
	t.Helper()
	var o events.Organisation
	f.org.Post(t, "/api/v1/manage/organisations", map[string]string{"name": "Iron Mountain"}).WantStatus(t, http.StatusCreated).JSON(t, &o)
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + f.event.ID + "/partners",
		Body: map[string]any{"partners": []map[string]string{{"organisation_id": o.ID, "kind": "knowledge_partner"}}}}).WantStatus(t, http.StatusOK)
	return o.ID
}

func TestRefusedUnlessOpen(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	public := env.Client()
	regs := "/api/v1/events/reg-event/registrations"
	set := func(sql string, args ...any) {
		if _, err := env.DB.Exec(context.Background(), sql, args...); err != nil {
			t.Fatal(err)
		}
		env.App.Registrations.EventChanged("reg-event")
	}
	cases := []struct {
		name, sql string
		want      int
		detail    string
	}{
		{"registration closed", `UPDATE events SET registration_closes_at = now() - interval '1 minute'`, 409, "closed"},
		{"not yet open", `UPDATE events SET registration_closes_at = NULL, registration_opens_at = now() + interval '1 day'`, 409, "opens"},
		{"ended", `UPDATE events SET registration_opens_at = NULL, starts_at = now() - interval '2 hours'`, 409, "ended"},
		{"cancelled", `UPDATE events SET starts_at = now() + interval '1 day', status = 'cancelled'`, 409, "cancelled"},
		{"draft", `UPDATE events SET status = 'draft'`, 404, ""},
	}
	for i, c := range cases {
		set(c.sql)
		p := public.Post(t, regs, person(fmt.Sprintf("x%d@example.org", i))).WantStatus(t, c.want).Problem(t)
		if !strings.Contains(p.Detail, c.detail) {
			t.Errorf("%s: detail %q", c.name, p.Detail)
		}
	}
	set(`UPDATE events SET status = 'published'`)
	var form registrations.Form
	public.Get(t, "/api/v1/events/reg-event/registration-form").WantStatus(t, http.StatusOK).JSON(t, &form)
	if !form.Open || len(form.Sectors) != 9 {
		t.Errorf("open form %+v", form)
	}
	_ = f
}

func TestManageLinkReachesOnlyItsOwnRegistration(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 1, nil)
	partner := createPartner(t, f)
	public := env.Client()
	withConsent := person("a@example.org")
	withConsent["partner_consents"] = []string{partner}
	f.register(t, public, withConsent)
	f.register(t, public, person("b@example.org")) // waitlisted
	tokenA, tokenB := f.link(t, "a@example.org"), f.link(t, "b@example.org")

	var view registrations.AttendeeView
	bearer(t, public, http.MethodGet, "/api/v1/registration", tokenA, nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	if view.Registration.Email != "a@example.org" || view.Event.Slug != "reg-event" {
		t.Fatalf("A's link shows %+v", view)
	}
	bearer(t, public, http.MethodGet, "/api/v1/registration", tokenB, nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	if view.Registration.Email != "b@example.org" || view.Registration.Status != "waitlisted" {
		t.Fatalf("B's link shows %+v", view.Registration)
	}
	for _, bad := range []string{"", "nonsense", tokenA + "x"} {
		bearer(t, public, http.MethodGet, "/api/v1/registration", bad, nil).WantStatus(t, http.StatusUnauthorized)
	}
	// A manage link is no key to organiser endpoints.
	bearer(t, public, http.MethodGet, f.base(), tokenA, nil).WantStatus(t, http.StatusUnauthorized)

	details := map[string]any{"first_name": "Ada", "last_name": "King", "job_title": "Countess", "organisation": "Analytical Society",
		"sector": "academia", "country": "UK", "accessibility_needs": "Captions"}
	bearer(t, public, http.MethodPut, "/api/v1/registration", tokenA, details).WantStatus(t, http.StatusOK).JSON(t, &view)
	if view.Registration.LastName != "King" || view.Registration.Sector != "academia" || view.Registration.Email != "a@example.org" {
		t.Errorf("after edit: %+v", view.Registration)
	}
	details["sector"] = "space"
	bearer(t, public, http.MethodPut, "/api/v1/registration", tokenA, details).WantStatus(t, http.StatusUnprocessableEntity)
	bearer(t, public, http.MethodPut, "/api/v1/registration", tokenA, map[string]any{"email": "evil@example.org", "first_name": "A", "last_name": "B", "sector": "other"}).
		WantStatus(t, http.StatusBadRequest)

	bearer(t, public, http.MethodDelete, "/api/v1/registration/consents/"+partner, tokenA, nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	if len(view.Registration.Consents) != 1 || view.Registration.Consents[0].WithdrawnAt == nil {
		t.Errorf("consent after withdrawal: %+v", view.Registration.Consents)
	}
	bearer(t, public, http.MethodDelete, "/api/v1/registration/consents/"+partner, tokenB, nil).WantStatus(t, http.StatusNotFound)

	ics := bearer(t, public, http.MethodGet, "/api/v1/registration/calendar.ics", tokenA, nil).WantStatus(t, http.StatusOK)
	if !strings.Contains(string(ics.Body), "SUMMARY:Registration test") {
		t.Errorf("calendar: %s", ics.Body)
	}

	// A cancels; B, next in line, takes the place in the same transaction.
	bearer(t, public, http.MethodPost, "/api/v1/registration/cancel", tokenA, nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	if view.Registration.Status != "cancelled" {
		t.Errorf("A after cancelling: %s", view.Registration.Status)
	}
	bearer(t, public, http.MethodPost, "/api/v1/registration/cancel", tokenA, nil).WantStatus(t, http.StatusConflict)
	bearer(t, public, http.MethodGet, "/api/v1/registration", tokenB, nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	if view.Registration.Status != "confirmed" {
		t.Errorf("B after A cancelled: %s, want confirmed", view.Registration.Status)
	}
}

func TestCSVExportEscapesFormulas(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	public := env.Client()
	evil := person("evil@example.org")
	evil["first_name"] = "=HYPERLINK(\"http://x\")"
	evil["last_name"] = "+1"
	evil["organisation"] = "@SUM(A1)"
	evil["job_title"] = "-2"
	evil["country"] = "\tTab"
	f.register(t, public, evil)
	f.register(t, public, person("plain@example.org"))

	resp := f.org.Get(t, "/api/v1/manage/events/"+f.event.ID+"/export/registrations.csv").WantStatus(t, http.StatusOK)
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	records, err := csv.NewReader(strings.NewReader(string(resp.Body))).ReadAll()
	if err != nil || len(records) != 3 {
		t.Fatalf("CSV: %v %d rows\n%s", err, len(records), resp.Body)
	}
	row := records[1]
	for _, cell := range row {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("cell %q could run as a formula", cell)
		}
	}
	if !slices.Contains(row, `'=HYPERLINK("http://x")`) || !slices.Contains(row, "'@SUM(A1)") || !slices.Contains(row, "'-2") {
		t.Errorf("escaped row %q", row)
	}
	env.SignedIn(t, accounts.RoleModerator).Get(t, "/api/v1/manage/events/"+f.event.ID+"/export/registrations.csv").WantStatus(t, http.StatusOK)
	env.Client().Get(t, "/api/v1/manage/events/"+f.event.ID+"/export/registrations.csv").WantStatus(t, http.StatusUnauthorized)
}

func TestOrganiserPermissionsAndFilters(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	public := env.Client()
	f.register(t, public, person("one@example.org"))
	nhs := person("two@nhs.net")
	nhs["sector"], nhs["organisation"], nhs["first_name"] = "health_and_care", "NHS Trust", "Grace"
	f.register(t, public, nhs)
	id := f.find(t, "one@example.org").ID

	moderator := env.SignedIn(t, accounts.RoleModerator)
	moderator.Get(t, f.base()).WantStatus(t, http.StatusOK)
	moderator.Get(t, f.base()+"/"+id).WantStatus(t, http.StatusOK)
	moderator.Post(t, f.base()+"/"+id+"/check-in", nil).WantStatus(t, http.StatusForbidden)
	moderator.Post(t, f.base()+"/bulk", map[string]any{"action": "cancel", "ids": []string{id}}).WantStatus(t, http.StatusForbidden)
	env.Client().Get(t, f.base()).WantStatus(t, http.StatusUnauthorized)

	count := func(query string) int {
		var page registrations.Page
		f.org.Get(t, f.base()+query).WantStatus(t, http.StatusOK).JSON(t, &page)
		return len(page.Items)
	}
	for query, want := range map[string]int{"": 2, "?sector=health_and_care": 1, "?organisation=nhs": 1, "?q=grace": 1,
		"?q=one@example": 1, "?status=confirmed": 2, "?status=waitlisted": 0} {
		if got := count(query); got != want {
			t.Errorf("%q: %d registrations, want %d", query, got, want)
		}
	}
	f.org.Get(t, f.base()+"?status=nonsense").WantStatus(t, http.StatusUnprocessableEntity)

	var r registrations.Registration
	f.org.Post(t, f.base()+"/"+id+"/check-in", nil).WantStatus(t, http.StatusOK).JSON(t, &r)
	if r.AttendedAt == nil {
		t.Error("check-in did not record attendance")
	}
	f.org.Post(t, f.base()+"/"+id+"/fly", nil).WantStatus(t, http.StatusNotFound)
	var bulk registrations.BulkResult
	f.org.Post(t, f.base()+"/bulk", map[string]any{"action": "cancel", "ids": []string{id, "00000000-0000-4000-8000-000000000000"}}).
		WantStatus(t, http.StatusOK).JSON(t, &bulk)
	if len(bulk.Done) != 1 || len(bulk.Failed) != 1 {
		t.Errorf("bulk: %+v", bulk)
	}
	// Another event's organiser URL cannot reach this registration.
	other := newFixture(t, env, nil, func(b map[string]any) { b["slug"] = "other-event" })
	f.org.Get(t, other.base()+"/"+id).WantStatus(t, http.StatusNotFound)
}

func TestCapacityChangesMoveTheWaitlist(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 1, nil)
	public := env.Client()
	for i := range 4 {
		f.register(t, public, person(fmt.Sprintf("c%d@example.org", i)))
	}
	patchCapacity := func(capacity any) *apitest.Response {
		return f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: "/api/v1/manage/events/" + f.event.ID, Body: map[string]any{"capacity": capacity}})
	}
	patchCapacity(3).WantStatus(t, http.StatusOK)
	statuses := func() []string {
		var out []string
		for i := range 4 {
			out = append(out, string(f.find(t, fmt.Sprintf("c%d@example.org", i)).Status))
		}
		return out
	}
	if got := statuses(); !slices.Equal(got, []string{"confirmed", "confirmed", "confirmed", "waitlisted"}) {
		t.Fatalf("after raising capacity to 3: %v", got)
	}
	if p := patchCapacity(2).WantStatus(t, http.StatusUnprocessableEntity).Problem(t); p.Errors["capacity"] == "" {
		t.Errorf("lowering below the confirmed: %v", p.Errors)
	}
	patchCapacity(nil).WantStatus(t, http.StatusOK)
	if got := statuses(); !slices.Equal(got, []string{"confirmed", "confirmed", "confirmed", "confirmed"}) {
		t.Fatalf("after removing the capacity: %v", got)
	}
	patchCapacity(4).WantStatus(t, http.StatusOK)
	if got := f.register(t, public, person("late@example.org")).Status; got != "waitlisted" {
		t.Errorf("after limiting to 4 with 4 confirmed, a new registrant is %s", got)
	}
}

// 400 people register at once through two server processes for 50 places:
// exactly 50 confirmed and 350 waitlisted; then 10 cancel, and exactly the
// next 10 in arrival order take their places.
func TestBurstThroughTwoServersKeepsCapacityExact(t *testing.T) {
	cfg := apitest.Config(t)
	cfg.RegistrationsPerMinute = 0
	one := apitest.NewWithConfig(t, cfg)
	two := one.Sibling(t)
	f := newFixture(t, one, 50, nil)

	const n = 400
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		env := one
		if i%2 == 1 {
			env = two
		}
		wg.Go(func() {
			c := env.Client()
			resp := c.Do(t, apitest.Request{Method: http.MethodPost, Path: "/api/v1/events/reg-event/registrations", Body: person(fmt.Sprintf("burst%03d@example.org", i))})
			if resp.Status != http.StatusAccepted {
				errs <- fmt.Errorf("registration %d: %d %s", i, resp.Status, resp.Body)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	tally := func() (confirmed, waitlisted int) {
		err := one.DB.QueryRow(context.Background(), `
			SELECT count(*) FILTER (WHERE status = 'confirmed'), count(*) FILTER (WHERE status = 'waitlisted')
			FROM registrations`).Scan(&confirmed, &waitlisted)
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if c, w := tally(); c != 50 || w != 350 {
		t.Fatalf("%d confirmed, %d waitlisted; want 50 and 350", c, w)
	}

	// The ten first in line, by arrival.
	rows, err := one.DB.Query(context.Background(), `SELECT id FROM registrations WHERE status = 'waitlisted' ORDER BY arrival LIMIT 10`)
	if err != nil {
		t.Fatal(err)
	}
	var nextTen []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		nextTen = append(nextTen, id)
	}
	var confirmedIDs []string
	page := registrations.Page{}
	f.org.Get(t, f.base()+"?status=confirmed&limit=10").WantStatus(t, http.StatusOK).JSON(t, &page)
	for _, r := range page.Items {
		confirmedIDs = append(confirmedIDs, r.ID)
	}
	org2 := two.Client()
	org2.Login(t, "organiser-1@example.org", apitest.Password)
	for i, id := range confirmedIDs {
		c := f.org
		if i%2 == 1 {
			c = org2
		}
		wg.Go(func() { c.Post(t, f.base()+"/"+id+"/cancel", nil).WantStatus(t, http.StatusOK) })
	}
	wg.Wait()
	if c, w := tally(); c != 50 || w != 340 {
		t.Fatalf("after 10 cancellations: %d confirmed, %d waitlisted; want 50 and 340", c, w)
	}
	for _, id := range nextTen {
		var status string
		if err := one.DB.QueryRow(context.Background(), `SELECT status FROM registrations WHERE id = $1`, id).Scan(&status); err != nil || status != "confirmed" {
			t.Errorf("%s, next in line, is %s", id, status)
		}
	}
}

func TestQuestionsEditing(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	path := "/api/v1/manage/events/" + f.event.ID + "/questions"
	bad := []map[string]any{
		{"kind": "single_choice", "label": "Region", "options": []string{"Only one"}},
		{"kind": "essay", "label": "Tell us"},
		{"kind": "short_text", "label": " "},
	}
	for _, q := range bad {
		f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: map[string]any{"questions": []map[string]any{q}}}).
			WantStatus(t, http.StatusUnprocessableEntity)
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: map[string]any{"questions": []map[string]any{
		{"kind": "long_text", "label": "What would you ask the panel?"}, {"kind": "checkbox", "label": "Send me the recording", "required": false}}}}).
		WantStatus(t, http.StatusOK)
	var list struct{ Items []registrations.Question }
	env.SignedIn(t, accounts.RoleModerator).Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 2 || list.Items[0].Label != "What would you ask the panel?" {
		t.Fatalf("questions %+v", list.Items)
	}
	env.SignedIn(t, accounts.RoleModerator).Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: map[string]any{"questions": []any{}}}).
		WantStatus(t, http.StatusForbidden)
	var form registrations.Form
	env.Client().Get(t, "/api/v1/events/reg-event/registration-form").WantStatus(t, http.StatusOK).JSON(t, &form)
	if len(form.Questions) != 2 {
		t.Errorf("public form has %d questions", len(form.Questions))
	}
}

// Questions keep their identity when the form is saved: answers are keyed
// by question id, so saving the questions unchanged, adding, reordering or
// rewording one keeps every answer already given; removing one deletes its
// answers, as the confirmation says.
func TestSavingQuestionsKeepsTheirAnswers(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	path := "/api/v1/manage/events/" + f.event.ID + "/questions"
	type list struct{ Items []registrations.Question }
	put := func(questions []map[string]any) list {
		t.Helper()
		var l list
		f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: map[string]any{"questions": questions}}).
			WantStatus(t, http.StatusOK).JSON(t, &l)
		return l
	}
	asSent := func(q registrations.Question) map[string]any {
		return map[string]any{"id": q.ID, "kind": q.Kind, "label": q.Label, "required": q.Required, "options": q.Options}
	}
	team := put([]map[string]any{{"kind": "short_text", "label": "Your team?"}}).Items[0]
	p := person("ada@example.org")
	p["answers"] = map[string]any{team.ID: "Housing"}
	f.register(t, env.Client(), p)
	reg := f.find(t, "ada@example.org")
	answerShown := func(label, want string) {
		t.Helper()
		var full registrations.Registration
		f.org.Get(t, f.base()+"/"+reg.ID).WantStatus(t, http.StatusOK).JSON(t, &full)
		var questions list
		f.org.Get(t, path).WantStatus(t, http.StatusOK).JSON(t, &questions)
		i := slices.IndexFunc(questions.Items, func(q registrations.Question) bool { return q.Label == label })
		if i < 0 || !strings.Contains(string(full.Answers), `"`+questions.Items[i].ID+`":"`+want+`"`) {
			t.Errorf("registration detail: answers %s, want %q for %q in %+v", full.Answers, want, label, questions.Items)
		}
		records, err := csv.NewReader(strings.NewReader(string(f.org.Get(t, "/api/v1/manage/events/"+f.event.ID+"/export/registrations.csv").
			WantStatus(t, http.StatusOK).Body))).ReadAll()
		if err != nil || len(records) != 2 {
			t.Fatalf("CSV: %v %q", err, records)
		}
		if col := slices.Index(records[0], label); col < 0 || records[1][col] != want {
			t.Errorf("CSV: %q, want %q under %q", records, want, label)
		}
	}
	answerShown("Your team?", "Housing")

	// Saved unchanged: the same questions, the same ids, the answer kept.
	if got := put([]map[string]any{asSent(team)}).Items; !slices.EqualFunc(got, []registrations.Question{team}, questionEqual) {
		t.Errorf("saved unchanged: %+v, want %+v", got, team)
	}
	answerShown("Your team?", "Housing")

	// A second question added, then put first: the first keeps its id and answer.
	added := put([]map[string]any{asSent(team), {"kind": "single_choice", "label": "Region", "options": []string{"North", "South"}}}).Items
	if len(added) != 2 || added[0].ID != team.ID || added[1].ID == team.ID {
		t.Fatalf("after adding a question: %+v", added)
	}
	region := added[1]
	if got := put([]map[string]any{asSent(region), asSent(team)}).Items; len(got) != 2 || got[0].ID != region.ID || got[1].ID != team.ID {
		t.Fatalf("after reordering: %+v", got)
	}
	answerShown("Your team?", "Housing")

	// Reworded and made long text: still the same question, and its answer is
	// what the registrant gave.
	team.Label, team.Kind, team.Required = "Which team are you in?", registrations.KindLongText, true
	if got := put([]map[string]any{asSent(region), asSent(team)}).Items; len(got) != 2 || !questionEqual(got[1], team) {
		t.Fatalf("after rewording: %+v, want %+v second", got, team)
	}
	answerShown("Which team are you in?", "Housing")

	// Ids that are not this event's questions are refused, naming the field,
	// and change nothing.
	other := newFixture(t, env, nil, func(b map[string]any) { b["slug"] = "other-event" })
	var foreign list
	other.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + other.event.ID + "/questions",
		Body: map[string]any{"questions": []map[string]any{{"kind": "short_text", "label": "Elsewhere"}}}}).WantStatus(t, http.StatusOK).JSON(t, &foreign)
	for name, id := range map[string]string{
		"unknown": "00000000-0000-4000-8000-000000000000", "another event's": foreign.Items[0].ID, "not a uuid": "team", "given twice": team.ID,
	} {
		q := asSent(team)
		q["id"] = id
		resp := f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: map[string]any{"questions": []map[string]any{asSent(team), q}}})
		if resp.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s id: status %d, want 422; %s", name, resp.Status, resp.Body)
		} else if prob := resp.Problem(t); prob.Errors["questions[1].id"] == "" {
			t.Errorf("%s id: errors %v, want questions[1].id", name, prob.Errors)
		}
	}
	resp := f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: path, ContentType: "application/json",
		Body: `{"questions":[{"kind":"short_text","label":"Team\u0000?"}]}`})
	if resp.Status < 400 || resp.Status >= 500 {
		t.Errorf("NUL in a label: status %d; %s", resp.Status, resp.Body)
	}
	answerShown("Which team are you in?", "Housing")

	// Removed: the question and its answers are gone; adding it again starts afresh.
	put([]map[string]any{asSent(region)})
	again := put([]map[string]any{asSent(region), {"kind": "short_text", "label": "Your team?"}}).Items[1]
	var full registrations.Registration
	f.org.Get(t, f.base()+"/"+reg.ID).WantStatus(t, http.StatusOK).JSON(t, &full)
	if again.ID == team.ID || strings.Contains(string(full.Answers), "Housing") {
		t.Errorf("after removing the question: answers %s, question %+v", full.Answers, again)
	}
}

func questionEqual(a, b registrations.Question) bool {
	return a.ID == b.ID && a.Kind == b.Kind && a.Label == b.Label && a.Required == b.Required && slices.Equal(a.Options, b.Options)
}

// An organiser who registers for an event in the same browser still uses
// their manage link: a bearer request is not cookie-authenticated, needs no
// CSRF token, and gets no organiser powers.
func TestManageLinkFromABrowserWithAnOrganiserSession(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	f.register(t, f.org, person("organiser-too@example.org"))
	token := f.link(t, "organiser-too@example.org")
	resp := f.org.Do(t, apitest.Request{Method: http.MethodPost, Path: "/api/v1/registration/cancel", NoCSRF: true,
		Header: http.Header{"Authorization": {"Bearer " + token}}})
	resp.WantStatus(t, http.StatusOK)
	f.org.Do(t, apitest.Request{Method: http.MethodGet, Path: f.base(), Header: http.Header{"Authorization": {"Bearer " + token}}}).
		WantStatus(t, http.StatusUnauthorized)
}
