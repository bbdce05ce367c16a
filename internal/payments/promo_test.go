package payments_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/apitest"
	"plenary/internal/payments"
)

// An organiser makes percentage and fixed codes, limits one to a type,
// and changes them; the rules that keep a code sound are enforced.
func TestPromoCodesStory(t *testing.T) {
	f := newFixture(t, true)
	standard := f.createType(t, map[string]any{"name": "Standard", "price": 4500})
	workshop := f.createType(t, map[string]any{"name": "Workshop", "price": 9000})
	early := f.createPromo(t, map[string]any{"code": "Early-Bird", "percent_off": 20, "max_uses": 50,
		"expires_at": time.Now().Add(7 * 24 * time.Hour).UTC().Format(time.RFC3339)})
	fixed := f.createPromo(t, map[string]any{"code": "TENOFF", "amount_off": 1000, "ticket_type_ids": []string{workshop.ID}})
	if early.Currency != "GBP" || early.Uses != 0 || len(early.TicketTypeIDs) != 0 || *early.PercentOff != 20 || early.AmountOff != nil {
		t.Errorf("percentage code: %+v", early)
	}
	if len(fixed.TicketTypeIDs) != 1 || fixed.TicketTypeIDs[0] != workshop.ID {
		t.Errorf("fixed code's types: %+v", fixed.TicketTypeIDs)
	}

	other := f.newEvent(t, "other", 0)
	otherType := struct{ ID string }{}
	f.org.Post(t, "/api/v1/manage/events/"+other.ID+"/ticket-types", map[string]any{"name": "Theirs", "price": 0}).
		WantStatus(t, http.StatusCreated).JSON(t, &otherType)
	for _, tt := range []struct {
		name  string
		body  any
		field string // "" for a 400
	}{
		{"same code, other case", map[string]any{"code": "early-bird", "percent_off": 5}, "code"},
		{"both kinds", map[string]any{"code": "BOTH", "percent_off": 5, "amount_off": 100}, "percent_off"},
		{"neither kind", map[string]any{"code": "NONE"}, "percent_off"},
		{"101 percent", map[string]any{"code": "MORE", "percent_off": 101}, "percent_off"},
		{"negative amount", map[string]any{"code": "NEG", "amount_off": -5}, "amount_off"},
		{"huge amount", `{"code": "HUGE", "amount_off": 1e30}`, ""},
		{"code with spaces", map[string]any{"code": "TWO WORDS", "percent_off": 5}, "code"},
		{"NUL in the code", `{"code": "A\u0000B", "percent_off": 5}`, ""},
		{"unknown currency", map[string]any{"code": "CUR", "amount_off": 100, "currency": "ABC"}, "currency"},
		{"another event's type", map[string]any{"code": "THEIRS", "percent_off": 5, "ticket_type_ids": []string{otherType.ID}}, "ticket_type_ids"},
		{"a type twice", map[string]any{"code": "TWICE", "percent_off": 5, "ticket_type_ids": []string{standard.ID, standard.ID}}, "ticket_type_ids"},
		{"amount in another currency than its type", map[string]any{"code": "EUROS", "amount_off": 100, "currency": "EUR",
			"ticket_type_ids": []string{standard.ID}}, "currency"},
		{"no uses", map[string]any{"code": "ZERO", "percent_off": 5, "max_uses": 0}, "max_uses"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := f.org.Do(t, apitest.Request{Method: http.MethodPost, Path: f.promos(), Body: tt.body, ContentType: "application/json"})
			if tt.field == "" {
				r.WantStatus(t, http.StatusBadRequest)
				return
			}
			wantField(t, r, tt.field)
		})
	}
	if n := f.count(t, `SELECT count(*) FROM promo_codes`); n != 2 {
		t.Errorf("%d promo codes after bad input, want 2", n)
	}

	// A type a code is limited to stays until the code lets it go.
	f.org.Delete(t, f.types()+"/"+workshop.ID).WantStatus(t, http.StatusConflict)
	var saved payments.PromoCode
	f.put(t, f.org, f.promos()+"/"+fixed.ID, map[string]any{"code": "TENOFF", "amount_off": 1000}).
		WantStatus(t, http.StatusOK).JSON(t, &saved)
	if len(saved.TicketTypeIDs) != 0 {
		t.Errorf("limits after replacing: %v", saved.TicketTypeIDs)
	}
	f.org.Delete(t, f.types()+"/"+workshop.ID).WantStatus(t, http.StatusNoContent)

	// Its uses stay when it is replaced, and its limit may not go below them.
	redeemN(t, f, "EARLY-BIRD", standard.ID, 3)
	f.put(t, f.org, f.promos()+"/"+early.ID, map[string]any{"code": "EarlyBird", "percent_off": 25, "max_uses": 3}).
		WantStatus(t, http.StatusOK).JSON(t, &saved)
	if saved.Uses != 3 || saved.Code != "EarlyBird" {
		t.Errorf("replaced: %+v", saved)
	}
	wantField(t, f.put(t, f.org, f.promos()+"/"+early.ID, map[string]any{"code": "EarlyBird", "percent_off": 25, "max_uses": 2}), "max_uses")

	var list struct {
		Items      []payments.PromoCode `json:"items"`
		NextCursor *string              `json:"next_cursor"`
	}
	f.org.Get(t, f.promos()+"?limit=1").WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 1 || list.NextCursor == nil || list.Items[0].ID != early.ID {
		t.Fatalf("first page: %+v", list)
	}
	f.org.Get(t, f.promos()+"?limit=1&cursor="+*list.NextCursor).WantStatus(t, http.StatusOK).JSON(t, &list)
	if len(list.Items) != 1 || list.NextCursor != nil || list.Items[0].ID != fixed.ID {
		t.Fatalf("second page: %+v", list)
	}
	f.org.Delete(t, f.promos()+"/"+fixed.ID).WantStatus(t, http.StatusNoContent)
	f.org.Delete(t, f.promos()+"/"+fixed.ID).WantStatus(t, http.StatusNotFound)
}

// redeemN redeems code n times, each in a transaction of its own.
func redeemN(t *testing.T, f fixture, code, typeID string, n int) {
	t.Helper()
	for range n {
		if _, err := redeemOnce(f, code, typeID, true); err != nil {
			t.Fatalf("redeem %s: %v", code, err)
		}
	}
}

// redeemOnce redeems code in a transaction of its own, committed or
// rolled back.
func redeemOnce(f fixture, code, typeID string, commit bool) (payments.Discount, error) {
	ctx := context.Background()
	var d payments.Discount
	err := pgx.BeginFunc(ctx, f.env.DB, func(tx pgx.Tx) error {
		var err error
		if d, err = f.env.App.Payments.RedeemPromo(ctx, tx, f.event.ID, code, typeID); err != nil {
			return err
		}
		if !commit {
			return errRollback
		}
		return nil
	})
	if errors.Is(err, errRollback) {
		err = nil
	}
	return d, err
}

var errRollback = errors.New("roll back")

// 100 buyers redeem a code of 37 uses at once: exactly 37 get it, and the
// rest are told it is used up.
func TestPromoRedeemedExactlyUnderConcurrency(t *testing.T) {
	f := newFixture(t, true)
	standard := f.createType(t, map[string]any{"name": "Standard", "price": 4500})
	p := f.createPromo(t, map[string]any{"code": "LIMITED", "percent_off": 50, "max_uses": 37})
	const buyers = 100
	results := make([]error, buyers)
	var wg sync.WaitGroup
	for i := range buyers {
		wg.Go(func() {
			d, err := redeemOnce(f, "limited", standard.ID, true)
			if err == nil && (d.PromoCodeID != p.ID || d.PercentOff != 50) {
				err = errors.New("wrong discount")
			}
			results[i] = err
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range results {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, payments.ErrPromoUsedUp):
			t.Errorf("redeem: %v", err)
		}
	}
	if uses := f.count(t, `SELECT uses FROM promo_codes WHERE id = $1`, p.ID); ok != 37 || uses != 37 {
		t.Errorf("%d redeemed, %d uses counted; want 37 and 37", ok, uses)
	}

	// A released hold gives its use back, to the next buyer.
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, f.env.DB, func(tx pgx.Tx) error {
		return f.env.App.Payments.ReleasePromo(ctx, tx, p.ID)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := redeemOnce(f, "LIMITED", standard.ID, true); err != nil {
		t.Errorf("after a release: %v", err)
	}
	if _, err := redeemOnce(f, "LIMITED", standard.ID, true); !errors.Is(err, payments.ErrPromoUsedUp) {
		t.Errorf("after the released use went again: %v", err)
	}
}

// Why a code does not apply, and that a rolled-back hold counts no use.
func TestPromoRedeemRefusals(t *testing.T) {
	f := newFixture(t, true)
	standard := f.createType(t, map[string]any{"name": "Standard", "price": 4500})
	workshop := f.createType(t, map[string]any{"name": "Workshop", "price": 9000})
	f.createPromo(t, map[string]any{"code": "WORKSHOP", "amount_off": 10000, "ticket_type_ids": []string{workshop.ID}})
	expired := f.createPromo(t, map[string]any{"code": "GONE", "percent_off": 10,
		"expires_at": time.Now().Add(time.Second).UTC().Format(time.RFC3339Nano)})
	d, err := redeemOnce(f, "workshop", workshop.ID, false)
	if err != nil || payments.Price(workshop, &d) != 0 {
		t.Errorf("an amount off above the price: %v, price %d", err, payments.Price(workshop, &d))
	}
	if n := f.count(t, `SELECT sum(uses) FROM promo_codes`); n != 0 {
		t.Errorf("a rolled-back redemption counted %d uses", n)
	}
	time.Sleep(time.Until(*expired.ExpiresAt))
	for _, tt := range []struct {
		code, typeID string
		want         error
	}{
		{"NOPE", standard.ID, payments.ErrPromoUnknown},
		{"bad code!", standard.ID, payments.ErrPromoUnknown},
		{"WORKSHOP", standard.ID, payments.ErrPromoNotForType},
		{"GONE", standard.ID, payments.ErrPromoExpired},
	} {
		if _, err := redeemOnce(f, tt.code, tt.typeID, true); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.code, err, tt.want)
		}
	}
	if _, err := redeemOnce(f, "WORKSHOP", "not-a-type", true); err == nil {
		t.Error("redeemed for no ticket type")
	}
}
