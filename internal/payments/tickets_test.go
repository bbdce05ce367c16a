package payments_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/apitest"
	"plenary/internal/payments"
)

// An organiser sets up free and paid tickets; the public sees the ones on
// sale, cheapest first, without what only organisers see.
func TestTicketTypesStory(t *testing.T) {
	f := newFixture(t, true)
	now := time.Now().UTC().Truncate(time.Second)
	public := f.createType(t, map[string]any{"name": "Public servants", "price": 0, "eligibility": "sectors",
		"sectors": []string{"central_government", "local_government"}, "quantity": 60})
	supplier := f.createType(t, map[string]any{"name": "Suppliers", "description": "Includes the workbook.", "price": 4500,
		"currency": "gbp", "quantity": 30, "sales_close_at": now.Add(48 * time.Hour).Format(time.RFC3339)})
	f.createType(t, map[string]any{"name": "Scottish councils", "price": 1500, "eligibility": "email_domains",
		"email_domains": []string{" *.GOV.scot "}, "sales_open_at": now.Add(24 * time.Hour).Format(time.RFC3339)})
	if supplier.Currency != "GBP" || supplier.Eligibility != payments.EligibleAnyone || supplier.Sectors == nil || *supplier.Quantity != 30 {
		t.Errorf("defaults and normalising: %+v", supplier)
	}

	var list payments.TicketTypeList
	f.mod.Get(t, f.types()).WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 3 || list.Items[2].EmailDomains[0] != "*.gov.scot" {
		t.Fatalf("organisers' list: %+v", list.Items)
	}

	resp := f.public.Get(t, "/api/v1/events/"+f.event.Slug+"/ticket-types").WantStatus(t, http.StatusOK)
	var onSale payments.PublicTicketTypes
	resp.JSON(t, &onSale)
	if len(onSale.Items) != 2 || onSale.Items[0].ID != public.ID || onSale.Items[1].ID != supplier.ID {
		t.Fatalf("on sale, cheapest first: %+v", onSale.Items)
	}
	var raw struct{ Items []map[string]json.RawMessage }
	resp.JSON(t, &raw)
	for _, private := range []string{"quantity", "event_id", "created_at", "updated_at", "sales_open_at"} {
		if _, ok := raw.Items[0][private]; ok {
			t.Errorf("the public list carries %s", private)
		}
	}

	// Replaced whole, then deleted.
	var saved payments.TicketType
	f.put(t, f.org, f.types()+"/"+supplier.ID, map[string]any{"name": "Suppliers", "price": 5000}).
		WantStatus(t, http.StatusOK).JSON(t, &saved)
	if saved.Price != 5000 || saved.Quantity != nil || saved.SalesCloseAt != nil || saved.Description != "" {
		t.Errorf("replaced: %+v", saved)
	}
	f.org.Delete(t, f.types()+"/"+supplier.ID).WantStatus(t, http.StatusNoContent)
	f.org.Delete(t, f.types()+"/"+supplier.ID).WantStatus(t, http.StatusNotFound)
	if n := f.count(t, `SELECT count(*) FROM ticket_types`); n != 2 {
		t.Errorf("%d types left, want 2", n)
	}

	// An unpublished event has no public tickets; another event's type is not this one's.
	f.public.Get(t, "/api/v1/events/no-such-event/ticket-types").WantStatus(t, http.StatusNotFound)
	other := f.newEvent(t, "other", 10)
	f.put(t, f.org, "/api/v1/manage/events/"+other.ID+"/ticket-types/"+public.ID, map[string]any{"name": "Stolen", "price": 0}).
		WantStatus(t, http.StatusNotFound)
}

// Bad input is refused with the field it is about, and nothing is written.
func TestTicketTypeBadInput(t *testing.T) {
	f := newFixture(t, true)
	f.createType(t, map[string]any{"name": "Standard", "price": 1000, "quantity": 80})
	later := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	earlier := time.Now().UTC().Format(time.RFC3339)
	for _, tt := range []struct {
		name  string
		body  any
		field string // "" for a 400
	}{
		{"negative price", map[string]any{"name": "A", "price": -1}, "price"},
		{"price past Stripe's 8 digits", map[string]any{"name": "A", "price": 100_000_000}, "price"},
		{"price past int64", `{"name": "A", "price": 99999999999999999999999}`, ""},
		{"price not a whole number", `{"name": "A", "price": 10.5}`, ""},
		{"NUL in the name", `{"name": "A\u0000B", "price": 0}`, ""},
		{"no name", map[string]any{"name": "  ", "price": 0}, "name"},
		{"name too long", map[string]any{"name": strings.Repeat("x", 101), "price": 0}, "name"},
		{"unknown currency", map[string]any{"name": "A", "price": 0, "currency": "XYZ"}, "currency"},
		{"another currency than the event's", map[string]any{"name": "A", "price": 0, "currency": "EUR"}, "currency"},
		{"duplicate name, other case", map[string]any{"name": "STANDARD", "price": 0}, "name"},
		{"closes before it opens", map[string]any{"name": "A", "price": 0, "sales_open_at": later, "sales_close_at": earlier}, "sales_close_at"},
		{"year 3000", map[string]any{"name": "A", "price": 0, "sales_open_at": "3000-01-01T00:00:00Z"}, "sales_open_at"},
		{"sectors without a list", map[string]any{"name": "A", "price": 0, "eligibility": "sectors"}, "sectors"},
		{"sectors for anyone", map[string]any{"name": "A", "price": 0, "sectors": []string{"education"}}, "sectors"},
		{"unknown sector", map[string]any{"name": "A", "price": 0, "eligibility": "sectors", "sectors": []string{"banking"}}, "sectors"},
		{"bad domain", map[string]any{"name": "A", "price": 0, "eligibility": "email_domains", "email_domains": []string{"gov uk"}}, "email_domains"},
		{"unknown eligibility", map[string]any{"name": "A", "price": 0, "eligibility": "friends"}, "eligibility"},
		{"quantity 0", map[string]any{"name": "A", "price": 0, "quantity": 0}, "quantity"},
		{"more than the places left", map[string]any{"name": "A", "price": 0, "quantity": 21}, "quantity"},
		{"unknown field", map[string]any{"name": "A", "price": 0, "status": "sold"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := f.org.Do(t, apitest.Request{Method: http.MethodPost, Path: f.types(), Body: tt.body, ContentType: "application/json"})
			if tt.field == "" {
				r.WantStatus(t, http.StatusBadRequest)
				return
			}
			wantField(t, r, tt.field)
		})
	}
	if n := f.count(t, `SELECT count(*) FROM ticket_types`); n != 1 {
		t.Errorf("%d ticket types after bad input, want 1", n)
	}
	// The places left are exactly enough.
	f.createType(t, map[string]any{"name": "Last twenty", "price": 0, "quantity": 20})
}

// Without STRIPE_SECRET_KEY a priced ticket is refused with a clear
// problem; free ones work as before.
func TestPricedTicketNeedsStripe(t *testing.T) {
	f := newFixture(t, false)
	free := f.createType(t, map[string]any{"name": "Free", "price": 0})
	for _, r := range []*apitest.Response{
		f.org.Post(t, f.types(), map[string]any{"name": "Paid", "price": 100}),
		f.put(t, f.org, f.types()+"/"+free.ID, map[string]any{"name": "Free", "price": 100}),
	} {
		r.WantStatus(t, http.StatusConflict)
		if p := r.Problem(t); !strings.Contains(p.Detail, "STRIPE_SECRET_KEY") || !strings.Contains(p.Detail, "Card payments") {
			t.Errorf("detail %q does not say card payments need Stripe", p.Detail)
		}
	}
	if n := f.count(t, `SELECT count(*) FROM ticket_types WHERE price > 0`); n != 0 {
		t.Errorf("%d priced types without Stripe", n)
	}
}

// Who may do what: anonymous 401; moderators read ticket types but change
// nothing and never see promo codes.
func TestTicketPermissions(t *testing.T) {
	f := newFixture(t, true)
	tt := f.createType(t, map[string]any{"name": "Standard", "price": 1000})
	p := f.createPromo(t, map[string]any{"code": "EARLY", "percent_off": 10})
	anon := f.env.Client()
	for _, r := range []apitest.Request{
		{Method: http.MethodGet, Path: f.types()},
		{Method: http.MethodPost, Path: f.types(), Body: map[string]any{"name": "X", "price": 0}},
		{Method: http.MethodPut, Path: f.types() + "/" + tt.ID, Body: map[string]any{"name": "X", "price": 0}},
		{Method: http.MethodDelete, Path: f.types() + "/" + tt.ID},
		{Method: http.MethodGet, Path: f.promos()},
		{Method: http.MethodPost, Path: f.promos(), Body: map[string]any{"code": "FREE", "percent_off": 100}},
		{Method: http.MethodPut, Path: f.promos() + "/" + p.ID, Body: map[string]any{"code": "FREE", "percent_off": 100}},
		{Method: http.MethodDelete, Path: f.promos() + "/" + p.ID},
	} {
		anon.Do(t, r).WantStatus(t, http.StatusUnauthorized)
		want := http.StatusForbidden
		if r.Method == http.MethodGet && r.Path == f.types() {
			want = http.StatusOK
		}
		f.mod.Do(t, r).WantStatus(t, want)
	}
	var list payments.TicketTypeList
	f.org.Get(t, f.types()).WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Name != "Standard" {
		t.Errorf("changed by someone who may not: %+v", list.Items)
	}
	if n := f.count(t, `SELECT count(*) FROM promo_codes WHERE code = 'EARLY' AND percent_off = 10`); n != 1 {
		t.Error("the promo code was changed by someone who may not")
	}
}

// Organisers adding types at once never offer more than the event's places.
func TestQuantitiesFitCapacityUnderConcurrency(t *testing.T) {
	f := newFixture(t, true)
	const n = 10
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			statuses[i] = f.org.Post(t, f.types(), map[string]any{"name": "Batch " + string(rune('A'+i)), "price": 0, "quantity": 20}).Status
		})
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		switch s {
		case http.StatusCreated:
			created++
		case http.StatusUnprocessableEntity:
		default:
			t.Errorf("answered %d", s)
		}
	}
	if sum := f.count(t, `SELECT coalesce(sum(quantity), 0) FROM ticket_types`); created != 5 || sum != 100 {
		t.Errorf("%d types created, %d tickets offered; want 5 and 100 (capacity 100): %v", created, sum, statuses)
	}
	if !slices.Contains(statuses, http.StatusUnprocessableEntity) {
		t.Error("no type was refused")
	}
}

// An event's capacity cannot go below the tickets its types offer; a
// cancelled event sells nothing.
func TestCapacityKeepsTicketQuantities(t *testing.T) {
	f := newFixture(t, true)
	f.createType(t, map[string]any{"name": "Standard", "price": 0, "quantity": 60})
	f.createType(t, map[string]any{"name": "Workshop", "price": 0, "quantity": 20})
	event := "/api/v1/manage/events/" + f.event.ID
	patch := func(body map[string]any) *apitest.Response {
		return f.org.Do(t, apitest.Request{Method: http.MethodPatch, Path: event, Body: body})
	}
	r := patch(map[string]any{"capacity": 79})
	wantField(t, r, "capacity")
	if p := r.Problem(t); !strings.Contains(p.Errors["capacity"], "80") {
		t.Errorf("does not say how many tickets the types offer: %q", p.Errors["capacity"])
	}
	patch(map[string]any{"capacity": 80}).WantStatus(t, http.StatusOK)
	patch(map[string]any{"capacity": nil}).WantStatus(t, http.StatusOK)

	f.org.Post(t, event+"/cancel", map[string]any{"message": "The venue flooded."}).WantStatus(t, http.StatusOK)
	var onSale payments.PublicTicketTypes
	f.public.Get(t, "/api/v1/events/"+f.event.Slug+"/ticket-types").WantStatus(t, http.StatusOK).JSON(t, &onSale)
	if len(onSale.Items) != 0 {
		t.Errorf("a cancelled event sells %d types", len(onSale.Items))
	}
}

// An event has at most 50 ticket types, paged like every list.
func TestAtMostFiftyTicketTypes(t *testing.T) {
	f := newFixture(t, false)
	for i := range payments.MaxTypesPerEvent {
		f.createType(t, map[string]any{"name": "Type " + strconv.Itoa(i), "price": 0})
	}
	r := f.org.Post(t, f.types(), map[string]any{"name": "One too many", "price": 0}).WantStatus(t, http.StatusConflict)
	if p := r.Problem(t); !strings.Contains(p.Detail, "50") {
		t.Errorf("detail %q", p.Detail)
	}
	var list payments.TicketTypeList
	f.org.Get(t, f.types()+"?limit=30").WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 30 || list.NextCursor == nil {
		t.Fatalf("first page: %d items, cursor %v", len(list.Items), list.NextCursor)
	}
	f.org.Get(t, f.types()+"?limit=30&cursor="+*list.NextCursor).WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 20 || list.NextCursor != nil {
		t.Errorf("second page: %d items, cursor %v", len(list.Items), list.NextCursor)
	}
	f.org.Get(t, f.types()+"?cursor=forged").WantStatus(t, http.StatusBadRequest)
}
