package receipts_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"plenary/internal/errs"
	"plenary/internal/payments/receipts"
)

// A credit note credits at most what is left of its receipt or invoice,
// at that document's VAT rate, to its buyer; a credit note is not
// credited.
func TestCreditNoteLimits(t *testing.T) {
	f := newFixture(t)
	f.setSeller(t)
	receipt := f.issue(t, receipts.KindReceipt, 4500)
	f.put(t, f.org, "/api/v1/manage/seller", map[string]any{"legal_name": "Global Government Forum Ltd",
		"address": "1 Parliament Street", "vat_rate_bp": 0, "payment_terms_days": 14}).WantStatus(t, http.StatusOK)

	cn, err := f.credit(receipt.ID, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if cn.NumberText != "CN-000001" || *cn.Credits != receipt.ID || *cn.CreditsNumber != "R-000001" || cn.VATRate != 2000 ||
		cn.VAT != 333 || cn.Net != 1667 || cn.Buyer != receipt.Buyer || cn.Currency != "GBP" || *cn.RegistrationID != f.registrationID {
		t.Errorf("credit note: %+v", cn)
	}
	if cn.Seller.VATNumber != "" {
		t.Errorf("the credit note copies the seller as it is now, without a VAT number: %+v", cn.Seller)
	}
	for _, amount := range []int64{2501, 0, -1} {
		if _, err := f.credit(receipt.ID, amount); !errors.Is(err, errs.ErrConflict) {
			t.Errorf("credit %d of the 2500 left: %v, want a conflict", amount, err)
		}
	}
	if _, err := f.credit(receipt.ID, 2500); err != nil {
		t.Fatalf("credit the 2500 left: %v", err)
	}
	if _, err := f.credit(receipt.ID, 1); !errors.Is(err, errs.ErrConflict) {
		t.Errorf("credit a wholly credited receipt: %v, want a conflict", err)
	}
	if _, err := f.credit(cn.ID, 1); !errors.Is(err, errs.ErrConflict) {
		t.Errorf("credit a credit note: %v, want a conflict", err)
	}
	if _, err := f.credit("9d1f4f3e-0000-4000-8000-000000000000", 1); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("credit no document: %v, want not found", err)
	}
	if _, err := f.credit("not-a-uuid", 1); !errors.Is(err, errs.ErrNotFound) {
		t.Errorf("credit a bad id: %v, want not found", err)
	}
	// A failed credit note took no number.
	invoice := f.issue(t, receipts.KindInvoice, 12000)
	if next, err := f.credit(invoice.ID, 100); err != nil || next.NumberText != "CN-000003" {
		t.Errorf("the next credit note: %+v, %v; want CN-000003", next, err)
	}
}

// Concurrent credit notes of one document wait for each other: they never
// credit more than it charged.
func TestConcurrentCreditNotes(t *testing.T) {
	f := newFixture(t)
	receipt := f.issue(t, receipts.KindReceipt, 4500)
	var wg sync.WaitGroup
	var ok, refused atomic.Int32
	for range 10 {
		wg.Go(func() {
			_, err := f.credit(receipt.ID, 1000)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, errs.ErrConflict):
				refused.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ok.Load() != 4 || refused.Load() != 6 {
		t.Errorf("%d credit notes of 1000 against 4500, %d refused; want 4 and 6", ok.Load(), refused.Load())
	}
}

// An organiser marks invoices paid, once, and sees which are overdue;
// moderators and the public see neither.
func TestMarkPaidAndOverdue(t *testing.T) {
	f := newFixture(t)
	f.setSeller(t)
	later := f.issue(t, receipts.KindInvoice, 12000) // due in the seller's 30 days
	in := f.issueInput(receipts.KindInvoice, 6000)
	in.DueAt = new(f.clock.Now().Add(10 * 24 * time.Hour))
	sooner := f.issueWith(t, in)
	receipt := f.issue(t, receipts.KindReceipt, 4500)
	if want := f.clock.Now().AddDate(0, 0, 30); !later.DueAt.Equal(want) {
		t.Errorf("due %s, want %s", later.DueAt, want)
	}

	overdue := func(want ...receipts.Document) {
		t.Helper()
		var list receipts.DocumentList
		f.org.Get(t, "/api/v1/manage/invoices/overdue").WantStatus(t, http.StatusOK).JSON(t, &list)
		if len(list.Items) != len(want) {
			t.Fatalf("%d overdue, want %d: %+v", len(list.Items), len(want), list.Items)
		}
		for i := range want {
			if list.Items[i].ID != want[i].ID {
				t.Errorf("overdue %d is %s, want %s", i, list.Items[i].NumberText, want[i].NumberText)
			}
		}
	}
	overdue()
	f.clock.Add(11 * 24 * time.Hour)
	overdue(sooner)
	f.clock.Add(20 * 24 * time.Hour)
	overdue(sooner, later)

	paidAt := f.clock.Now()
	var paid receipts.Document
	f.org.Post(t, "/api/v1/manage/documents/"+sooner.ID+"/paid", nil).WantStatus(t, http.StatusOK).JSON(t, &paid)
	f.clock.Add(time.Hour)
	f.org.Post(t, "/api/v1/manage/documents/"+sooner.ID+"/paid", nil).WantStatus(t, http.StatusOK).JSON(t, &paid)
	if paid.PaidAt == nil || !paid.PaidAt.Equal(paidAt) {
		t.Errorf("paid at %v, want the first time it was marked, %s", paid.PaidAt, paidAt)
	}
	overdue(later)
	if _, err := f.credit(later.ID, later.Gross); err != nil {
		t.Fatal(err)
	}
	overdue() // cancelled by its credit note

	f.org.Post(t, "/api/v1/manage/documents/"+receipt.ID+"/paid", nil).WantStatus(t, http.StatusConflict)
	f.org.Post(t, "/api/v1/manage/documents/9d1f4f3e-0000-4000-8000-000000000000/paid", nil).WantStatus(t, http.StatusNotFound)
	f.org.Post(t, "/api/v1/manage/documents/nope/paid", nil).WantStatus(t, http.StatusNotFound)
	f.mod.Post(t, "/api/v1/manage/documents/"+later.ID+"/paid", nil).WantStatus(t, http.StatusForbidden)
	f.public.Post(t, "/api/v1/manage/documents/"+later.ID+"/paid", nil).WantStatus(t, http.StatusUnauthorized)
	f.mod.Get(t, "/api/v1/manage/invoices/overdue").WantStatus(t, http.StatusForbidden)
	f.public.Get(t, "/api/v1/manage/invoices/overdue").WantStatus(t, http.StatusUnauthorized)
	if d, _ := f.svc.Get(context.Background(), later.ID); d.PaidAt != nil {
		t.Errorf("a moderator marked %s paid", d.NumberText)
	}
}

// issueWith issues in in its own transaction.
func (f fixture) issueWith(t *testing.T, in receipts.Issue) receipts.Document {
	t.Helper()
	d, err := f.issueInTx(in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// An event's documents page newest first; a registration's come in the
// order issued.
func TestEventDocuments(t *testing.T) {
	f := newFixture(t)
	var issued []receipts.Document
	for _, kind := range []receipts.Kind{receipts.KindInvoice, receipts.KindReceipt, receipts.KindReceipt} {
		issued = append(issued, f.issue(t, kind, 4500))
		f.clock.Add(time.Minute)
	}
	path := "/api/v1/manage/events/" + f.event.ID + "/documents"
	var first, second receipts.DocumentList
	f.org.Get(t, path+"?limit=2").WantStatus(t, http.StatusOK).JSON(t, &first)
	if len(first.Items) != 2 || first.NextCursor == nil || first.Items[0].ID != issued[2].ID || first.Items[1].ID != issued[1].ID {
		t.Fatalf("first page: %+v", first)
	}
	f.org.Get(t, path+"?limit=2&cursor="+*first.NextCursor).WantStatus(t, http.StatusOK).JSON(t, &second)
	if len(second.Items) != 1 || second.NextCursor != nil || second.Items[0].ID != issued[0].ID {
		t.Fatalf("second page: %+v", second)
	}
	f.org.Get(t, path+"?cursor=forged").WantStatus(t, http.StatusBadRequest)
	f.org.Get(t, path+"?limit=201").WantStatus(t, http.StatusUnprocessableEntity)
	f.org.Get(t, "/api/v1/manage/events/9d1f4f3e-0000-4000-8000-000000000000/documents").WantStatus(t, http.StatusNotFound)
	f.mod.Get(t, path).WantStatus(t, http.StatusForbidden)
	f.public.Get(t, path).WantStatus(t, http.StatusUnauthorized)
	other := f.newEvent(t, "other")
	var none receipts.DocumentList
	f.org.Get(t, "/api/v1/manage/events/"+other.ID+"/documents").WantStatus(t, http.StatusOK).JSON(t, &none)
	if len(none.Items) != 0 {
		t.Errorf("another event's documents: %+v", none.Items)
	}

	mine, err := f.svc.ForRegistration(context.Background(), f.registrationID)
	if err != nil || len(mine) != 3 || mine[0].ID != issued[0].ID || mine[2].ID != issued[2].ID {
		t.Errorf("the registration's documents: %+v, %v", mine, err)
	}
	got, err := f.svc.Get(context.Background(), issued[1].ID)
	if a, b := asJSON(t, got), asJSON(t, issued[1]); err != nil || a != b {
		t.Errorf("Get: %s, %v; want %s", a, err, b)
	}
}

// asJSON is v as the API shows it.
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A document never changes once issued and is never deleted; deleting its
// event and registration leaves it, pointing at neither.
func TestDocumentsAreKept(t *testing.T) {
	f := newFixture(t)
	d := f.issue(t, receipts.KindReceipt, 4500)
	ctx := context.Background()
	for _, sql := range []string{
		`UPDATE documents SET gross = 1, vat = 0, net = 1, unit_amount = 1 WHERE id = $1`,
		`UPDATE documents SET buyer_name = 'Someone else' WHERE id = $1`,
		`UPDATE documents SET paid_at = now() WHERE id = $1`,
		`DELETE FROM documents WHERE id = $1`,
	} {
		if _, err := f.env.DB.Exec(ctx, sql, d.ID); err == nil {
			t.Errorf("%s: done", sql)
		}
	}
	f.org.Post(t, "/api/v1/manage/events/"+f.event.ID+"/unpublish", nil).WantStatus(t, http.StatusOK)
	f.org.Delete(t, "/api/v1/manage/events/"+f.event.ID).WantStatus(t, http.StatusNoContent)
	kept, err := f.svc.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if kept.EventID != nil || kept.RegistrationID != nil || kept.Gross != d.Gross || kept.Buyer != d.Buyer {
		t.Errorf("after the event was deleted: %+v", kept)
	}
}
