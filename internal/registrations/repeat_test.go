package registrations_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"plenary/internal/apitest"
	"plenary/internal/registrations"
)

// Repeat registrations: every answer is true, and none tells a stranger
// whether an address is registered.

// post registers body and returns the raw answer, whatever its status.
func (f fixture) post(t *testing.T, c *apitest.Client, body map[string]any) *apitest.Response {
	t.Helper()
	r := c.Post(t, "/api/v1/events/"+f.event.Slug+"/registrations", body)
	if r.Status/100 != 2 {
		t.Fatalf("registering %v: %d %s", body["email"], r.Status, r.Body)
	}
	return r
}

// settings sets the event's approval policy.
func (f fixture) settings(t *testing.T, approval string) {
	t.Helper()
	f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/events/" + f.event.ID + "/registration-settings",
		Body: map[string]any{"approval": approval, "approved_domains": []string{}}}).WantStatus(t, http.StatusOK)
}

// linkEmails counts the link emails queued to an address for the event.
func (f fixture) linkEmails(t *testing.T, email string) int {
	t.Helper()
	var n int
	if err := f.env.DB.QueryRow(context.Background(), `
		SELECT count(*) FROM outbox WHERE event_id = $1 AND lower(to_email) = lower($2) AND kind = 'manage_link'`,
		f.event.ID, email).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sameAnswer fails unless two answers are alike in everything a stranger
// sees: status, body (the typed address aside) and content type.
func sameAnswer(t *testing.T, name string, a, b *apitest.Response, emailA, emailB string) {
	t.Helper()
	bodyB := bytes.ReplaceAll(b.Body, []byte(emailB), []byte(emailA))
	if a.Status != b.Status || !bytes.Equal(a.Body, bodyB) || a.Header.Get("Content-Type") != b.Header.Get("Content-Type") {
		t.Errorf("%s: the answers differ:\n%d %s\n%d %s", name, a.Status, a.Body, b.Status, b.Body)
	}
}

func TestRepeatAnswersLikeANewRegistration(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 1, nil)
	public := env.Client()
	f.post(t, public, person("confirmed@example.org"))
	f.post(t, public, person("waiting@example.org"))
	f.settings(t, "manual")
	f.post(t, public, person("pending@example.org"))
	f.settings(t, "open")

	// Compared with a stranger's new registration now (the event is full).
	fresh := f.post(t, public, person("new@example.org"))
	for _, repeat := range []string{"confirmed@example.org", "CONFIRMED@Example.org", "waiting@example.org", "Pending@example.org"} {
		sameAnswer(t, repeat, fresh, f.post(t, public, person(repeat)), "new@example.org", repeat)
	}
	var n int
	if err := env.DB.QueryRow(context.Background(), `SELECT count(*) FROM registrations WHERE event_id = $1`, f.event.ID).Scan(&n); err != nil || n != 4 {
		t.Errorf("%d registrations (%v), want 4: repeats create nothing", n, err)
	}
	var receipt registrations.Receipt
	fresh.JSON(t, &receipt)
	if !strings.Contains(receipt.Message, "new@example.org") || strings.Contains(strings.ToLower(receipt.Message), "full") {
		t.Errorf("message %q", receipt.Message)
	}
	if s := f.find(t, "confirmed@example.org").Status; s != "confirmed" {
		t.Errorf("confirmed registrant after repeating: %s", s)
	}
}

func TestCancelledRegistrantRegistersAgainAsNew(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 1, nil)
	public := env.Client()
	f.post(t, public, person("back@example.org"))
	old := f.link(t, "back@example.org")
	bearer(t, public, http.MethodPost, "/api/v1/registration/cancel", old, nil).WantStatus(t, http.StatusOK)

	f.post(t, public, person("Back@example.org"))
	rows, err := env.DB.Query(context.Background(), `
		SELECT r.status, (SELECT count(*) FROM outbox o WHERE o.registration_id = r.id AND o.kind = 'confirmation')
		FROM registrations r WHERE r.event_id = $1 ORDER BY r.arrival`, f.event.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var status string
		var confirmations int
		if err := rows.Scan(&status, &confirmations); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s/%d", status, confirmations))
	}
	if strings.Join(got, " ") != "cancelled/1 confirmed/1" {
		t.Fatalf("registrations (status/confirmation emails): %v, want the cancelled one and a new confirmed one", got)
	}
	var newID string
	if err := env.DB.QueryRow(context.Background(), `SELECT id FROM registrations WHERE status <> 'cancelled'`).Scan(&newID); err != nil {
		t.Fatal(err)
	}
	var view registrations.AttendeeView
	bearer(t, public, http.MethodGet, "/api/v1/registration", f.linkOf(t, newID), nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	if view.Registration.Status != "confirmed" {
		t.Errorf("the new link shows %s", view.Registration.Status)
	}
	bearer(t, public, http.MethodGet, "/api/v1/registration", old, nil).WantStatus(t, http.StatusOK).JSON(t, &view)
	if view.Registration.Status != "cancelled" {
		t.Errorf("the old link shows %s, want its cancelled registration", view.Registration.Status)
	}
	// Registering again while registered is a repeat again.
	f.post(t, public, person("back@example.org"))
	if f.linkEmails(t, "back@example.org") != 1 {
		t.Errorf("%d link emails after a repeat", f.linkEmails(t, "back@example.org"))
	}
}

func TestRepeatKeepsTheLinkWorking(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	public := env.Client()
	f.post(t, public, person("keep@example.org"))
	first := f.link(t, "keep@example.org")
	f.post(t, public, person("keep@example.org"))
	if f.linkEmails(t, "keep@example.org") != 1 {
		t.Fatalf("%d link emails, want 1", f.linkEmails(t, "keep@example.org"))
	}
	again := f.link(t, "keep@example.org") // from the link email
	for name, token := range map[string]string{"first link": first, "emailed again": again} {
		bearer(t, public, http.MethodGet, "/api/v1/registration", token, nil).WantStatus(t, http.StatusOK)
		_ = name
	}
}

func TestRepeatsSendOneLinkEmailInTenMinutes(t *testing.T) {
	env := apitest.New(t)
	other := env.Sibling(t) // a second server process on the same database
	f := newFixture(t, env, nil, nil)
	f.post(t, env.Client(), person("flood@example.org"))

	var wg sync.WaitGroup
	for i := range 29 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			server := env
			if i%2 == 1 {
				server = other
			}
			email := "flood@example.org"
			if i%3 == 0 {
				email = "FLOOD@example.org"
			}
			f.post(t, server.Client(), person(email))
		}()
	}
	wg.Wait()
	if n := f.linkEmails(t, "flood@example.org"); n != 1 {
		t.Fatalf("29 repeats queued %d link emails, want 1", n)
	}
	// Ten minutes later, the next repeat sends the link again.
	if _, err := env.DB.Exec(context.Background(), `UPDATE registrations SET link_sent_at = link_sent_at - interval '10 minutes'`); err != nil {
		t.Fatal(err)
	}
	f.post(t, env.Client(), person("flood@example.org"))
	if n := f.linkEmails(t, "flood@example.org"); n != 2 {
		t.Errorf("after ten minutes: %d link emails, want 2", n)
	}
}

func TestEmailMeMyLinkAgain(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, nil, nil)
	public := env.Client()
	f.post(t, public, person("lost@example.org"))
	ask := func(email string) *apitest.Response {
		return public.Post(t, "/api/v1/events/reg-event/registration-link", map[string]any{"email": email}).
			WantStatus(t, http.StatusAccepted)
	}
	stranger := ask("nobody@example.org")
	sameAnswer(t, "registered vs not", stranger, ask("LOST@example.org"), "nobody@example.org", "LOST@example.org")
	if f.linkEmails(t, "lost@example.org") != 1 || f.linkEmails(t, "nobody@example.org") != 0 {
		t.Fatalf("link emails: %d to the registrant, %d to the stranger", f.linkEmails(t, "lost@example.org"), f.linkEmails(t, "nobody@example.org"))
	}
	sameAnswer(t, "within ten minutes", stranger, ask("lost@example.org"), "nobody@example.org", "lost@example.org")
	f.post(t, public, person("lost@example.org"))
	if n := f.linkEmails(t, "lost@example.org"); n != 1 {
		t.Errorf("%d link emails within ten minutes, want 1", n)
	}
	bearer(t, public, http.MethodGet, "/api/v1/registration", f.link(t, "lost@example.org"), nil).WantStatus(t, http.StatusOK)

	public.Post(t, "/api/v1/events/reg-event/registration-link", map[string]any{"email": "not an address"}).
		WantStatus(t, http.StatusUnprocessableEntity)
	public.Post(t, "/api/v1/events/no-such-event/registration-link", map[string]any{"email": "lost@example.org"}).
		WantStatus(t, http.StatusNotFound)
}

func TestEmailMeMyLinkAgainIsRateLimited(t *testing.T) {
	cfg := apitest.Config(t)
	cfg.RegistrationsPerMinute = 3
	env := apitest.NewWithConfig(t, cfg)
	newFixture(t, env, nil, nil)
	public := env.Client()
	for i := range 3 {
		public.Post(t, "/api/v1/events/reg-event/registration-link", map[string]any{"email": fmt.Sprintf("a%d@example.org", i)}).
			WantStatus(t, http.StatusAccepted)
	}
	public.Post(t, "/api/v1/events/reg-event/registration-link", map[string]any{"email": "a@example.org"}).
		WantStatus(t, http.StatusTooManyRequests)
}

func TestFormSaysWhatARegistrationWouldGet(t *testing.T) {
	env := apitest.New(t)
	f := newFixture(t, env, 2, nil)
	public := env.Client()
	places := func() *int {
		var form registrations.Form
		public.Get(t, "/api/v1/events/reg-event/registration-form").WantStatus(t, http.StatusOK).JSON(t, &form)
		return form.PlacesLeft
	}
	for i, want := range []int{2, 1, 0, 0} {
		if got := places(); got == nil || *got != want {
			t.Errorf("after %d registrations: places left %v, want %d", i, got, want)
		}
		f.post(t, public, person(fmt.Sprintf("p%d@example.org", i)))
	}
	f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: "/api/v1/manage/events/" + f.event.ID,
		Body: map[string]any{"capacity": nil}}).WantStatus(t, http.StatusOK)
	env.App.Registrations.EventChanged("*")
	if got := places(); got != nil {
		t.Errorf("no capacity: places left %d, want null", *got)
	}
}
