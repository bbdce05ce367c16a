package receipts_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/events"
	"plenary/internal/httpserver"
	"plenary/internal/payments/receipts"
	"plenary/internal/postgres"
)

// fixture is the whole server with the receipts routes added to it (the
// application does not serve them yet), a published event with one
// registrant, an organiser, a moderator and a member of the public, and a
// clock the test moves.
type fixture struct {
	env              *apitest.Env
	svc              *receipts.Service
	clock            *clock
	org, mod, public *apitest.Client
	event            events.Detail
	registrationID   string
}

// directPayer marks an invoice paid and nothing else.
type directPayer struct{ svc *receipts.Service }

func (p directPayer) MarkInvoicePaid(ctx context.Context, id string) (receipts.Document, error) {
	return p.svc.MarkPaid(ctx, id)
}

// clock is a settable time.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

func newFixture(t *testing.T) fixture {
	t.Helper()
	env := apitest.New(t)
	c := &clock{now: time.Date(2026, 6, 23, 9, 30, 0, 0, time.UTC)}
	svc := receipts.NewService(env.DB, env.App.Events, receipts.Options{Now: c.Now})
	// Before any request is served; invoices marked paid by receipts
	// alone (payments' tests cover confirming what they paid for).
	receipts.NewHandler(svc, directPayer{svc}).Routes(httpserver.API(env.App.Echo))
	f := fixture{env: env, svc: svc, clock: c, org: env.SignedIn(t, accounts.RoleOrganiser),
		mod: env.SignedIn(t, accounts.RoleModerator), public: env.Client()}
	f.event = f.newEvent(t, "masterclass")
	f.registrationID = f.register(t, f.event.Slug, "zoe@example.org")
	return f
}

// newEvent creates and publishes an event a month ahead.
func (f fixture) newEvent(t *testing.T, slug string) events.Detail {
	t.Helper()
	body := map[string]any{"slug": slug, "title": "Prevention masterclass",
		"starts_at": time.Now().Add(30 * 24 * time.Hour).Truncate(time.Minute).Format(time.RFC3339), "duration_minutes": 90,
		"timezone": "Europe/London"}
	var e events.Detail
	f.org.Post(t, "/api/v1/manage/events", body).WantStatus(t, http.StatusCreated).JSON(t, &e)
	f.org.Post(t, "/api/v1/manage/events/"+e.ID+"/publish", nil).WantStatus(t, http.StatusOK).JSON(t, &e)
	return e
}

var nextIP atomic.Int32

// register signs email up for the event and returns the registration's id.
func (f fixture) register(t *testing.T, slug, email string) string {
	t.Helper()
	c := f.env.Client()
	n := 1000 + nextIP.Add(1) // one loopback IP each, under the per-IP limit
	c.From(fmt.Sprintf("127.%d.%d.%d", n>>16&255, n>>8&255, n&255))
	c.Post(t, "/api/v1/events/"+slug+"/registrations", map[string]any{"first_name": "Zoë", "last_name": "Brontë",
		"email": email, "sector": "central_government"}).WantStatus(t, http.StatusAccepted)
	var id string
	if err := f.env.DB.QueryRow(context.Background(), `SELECT id FROM registrations WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// setSeller saves the seller's details the documents copy.
func (f fixture) setSeller(t *testing.T) {
	t.Helper()
	f.put(t, f.org, "/api/v1/manage/seller", map[string]any{"legal_name": "Global Government Forum Ltd",
		"address": "1 Parliament Street\nLondon SW1A 2NH", "vat_number": "GB 123 4567 89", "vat_rate_bp": 2000,
		"email": "accounts@example.org", "payment_terms_days": 30}).WantStatus(t, http.StatusOK)
}

// issue issues a document of kind for gross in its own transaction.
func (f fixture) issue(t *testing.T, kind receipts.Kind, gross int64) receipts.Document {
	t.Helper()
	d, err := f.issueErr(kind, gross)
	if err != nil {
		t.Fatalf("issue a %s of %d: %v", kind, gross, err)
	}
	return d
}

func (f fixture) issueErr(kind receipts.Kind, gross int64) (receipts.Document, error) {
	return f.issueInTx(f.issueInput(kind, gross))
}

// issueInTx issues in in its own transaction.
func (f fixture) issueInTx(in receipts.Issue) (receipts.Document, error) {
	var d receipts.Document
	err := postgres.InTx(context.Background(), f.env.DB, func(tx pgx.Tx) error {
		var err error
		d, err = f.svc.IssueTx(context.Background(), tx, in)
		return err
	})
	return d, err
}

// issueInput is a document for the fixture's registrant.
func (f fixture) issueInput(kind receipts.Kind, gross int64) receipts.Issue {
	return receipts.Issue{Kind: kind, RegistrationID: f.registrationID, EventID: f.event.ID,
		Buyer: receipts.Buyer{Name: "Zoë Brontë", Email: "zoe@example.org", Organisation: "Department for Prevention",
			Address: "2 Marsham Street\nLondon SW1P 4DF", PurchaseOrder: "PO-4471"},
		Description: "Prevention masterclass: standard ticket", Gross: gross, Currency: "GBP"}
}

// credit issues a credit note of amount against id in its own transaction.
func (f fixture) credit(id string, amount int64) (receipts.Document, error) {
	var d receipts.Document
	err := postgres.InTx(context.Background(), f.env.DB, func(tx pgx.Tx) error {
		var err error
		d, err = f.svc.CreditNoteTx(context.Background(), tx, id, amount)
		return err
	})
	return d, err
}

// put replaces what path names.
func (f fixture) put(t *testing.T, c *apitest.Client, path string, body any) *apitest.Response {
	t.Helper()
	return c.Do(t, apitest.Request{Method: http.MethodPut, Path: path, Body: body})
}
