package payments_test

import (
	"net/http"
	"strings"
	"testing"

	"plenary/internal/apitest"
	"plenary/internal/payments"
	"plenary/internal/payments/receipts"
	"plenary/internal/payments/receipts/receiptstest"
)

// Paying by invoice: refused until the organiser offers it; then the
// invoice is issued with the buyer's organisation, address and PO number
// and emailed; with "confirm" the place is confirmed at once, with "hold"
// it is held until the organiser marks the invoice paid (confirmed) or it
// falls due (released, credited). Cancelling an unpaid invoice credits it
// in full. Bad details are refused by field.
func TestPayByInvoice(t *testing.T) {
	f := newFixture(t, true)
	f.put(t, f.org, "/api/v1/manage/seller", map[string]any{"legal_name": "Forum Events Ltd", "address": "1 Victoria Street\nLondon",
		"vat_number": "GB123456789", "vat_rate_bp": 2000, "email": "accounts@example.org", "payment_terms_days": 30}).WantStatus(t, http.StatusOK)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 12000})
	invoice := map[string]any{"buyer_name": "Borsetshire County Council", "billing_address": "County Hall\nBorchester BC1 1AA",
		"purchase_order": "PO-4471"}
	buy := func(email string, extra map[string]any) *apitest.Response {
		body := map[string]any{"ticket_type_id": paid.ID, "payment_method": "invoice", "invoice": invoice}
		for k, v := range extra {
			body[k] = v
		}
		return f.registrant(t, f.event.Slug, email, body)
	}
	wantField(t, buy("off@example.gov.uk", nil), "payment_method")

	var types payments.PublicTicketTypes
	f.public.Get(t, "/api/v1/events/"+f.event.Slug+"/ticket-types").WantStatus(t, http.StatusOK).JSON(t, &types)
	if types.Invoices {
		t.Error("invoices offered before the organiser chose to")
	}
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": nil, "invoices": "sometimes"}).WantStatus(t, http.StatusUnprocessableEntity)
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": nil, "invoices": "confirm"}).WantStatus(t, http.StatusOK)
	f.public.Get(t, "/api/v1/events/"+f.event.Slug+"/ticket-types").WantStatus(t, http.StatusOK).JSON(t, &types)
	if !types.Invoices {
		t.Error("invoices not offered once the organiser chose to")
	}
	wantField(t, buy("bad@example.gov.uk", map[string]any{"invoice": map[string]any{"buyer_name": "", "billing_address": "x"}}), "invoice.buyer_name")
	wantField(t, buy("bad@example.gov.uk", map[string]any{"invoice": map[string]any{"buyer_name": "Council", "billing_address": strings.Repeat("line\n", 9)}}), "invoice.billing_address")
	wantField(t, buy("bad@example.gov.uk", map[string]any{"invoice": map[string]any{"buyer_name": "Council\tTab", "billing_address": "x"}}), "invoice.buyer_name")
	wantField(t, buy("bad@example.gov.uk", map[string]any{"invoice": nil}), "invoice.buyer_name")
	wantField(t, buy("bad@example.gov.uk", map[string]any{"payment_method": "cheque"}), "payment_method")
	wantField(t, f.registrant(t, f.event.Slug, "bad@example.gov.uk", map[string]any{"ticket_type_id": paid.ID, "invoice": invoice}), "payment_method")
	if n := f.count(t, `SELECT count(*) FROM documents`); n != 0 {
		t.Fatalf("%d documents after refusals", n)
	}

	// Confirm: confirmed at once, invoice INV-000001 emailed, nothing to pay by card.
	buy("confirmed@example.gov.uk", nil).WantStatus(t, http.StatusAccepted)
	conf := f.registrationID(t, "confirmed@example.gov.uk")
	if s := f.status(t, conf); s != "confirmed" || f.messages(t, conf, "confirmation") != 1 {
		t.Errorf("an invoice with confirm: %s", s)
	}
	b := buyer{id: conf, email: "confirmed@example.gov.uk", token: f.linkOf(t, conf)}
	st := f.state(t, b)
	if st.Status != payments.PaymentInvoiced || len(st.Documents) != 1 || st.Documents[0].Number != "INV-000001" {
		t.Fatalf("state of an invoiced registration: %+v", st)
	}
	as(t, f.public, http.MethodPost, "/api/v1/registration/payment/checkout", b.token, nil).WantStatus(t, http.StatusConflict)
	pdf := as(t, f.public, http.MethodGet, "/api/v1/registration/documents/"+st.Documents[0].ID+"/pdf", b.token, nil).WantStatus(t, http.StatusOK)
	text := receiptstest.Text(t, pdf.Body)
	for _, want := range []string{"Invoice", "INV-000001", "Borsetshire County Council", "County Hall", "PO-4471", "£120.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the invoice does not say %q:\n%s", want, text)
		}
	}
	// The organiser marks it paid: paid, and still confirmed.
	var doc receipts.Document
	f.org.Post(t, "/api/v1/manage/documents/"+st.Documents[0].ID+"/paid", nil).WantStatus(t, http.StatusOK).JSON(t, &doc)
	if doc.PaidAt == nil || f.status(t, conf) != "confirmed" || f.state(t, b).Status != payments.PaymentPaid {
		t.Errorf("after marking paid: %+v, %s", doc, f.state(t, b).Status)
	}
	f.mod.Post(t, "/api/v1/manage/documents/"+st.Documents[0].ID+"/paid", nil).WantStatus(t, http.StatusForbidden)

	// Hold: held until due (the seller's 30 days); marked paid → confirmed.
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": nil, "invoices": "hold"}).WantStatus(t, http.StatusOK)
	buy("held@example.gov.uk", map[string]any{"invoice": map[string]any{"buyer_name": "Ambridge Parish Council", "billing_address": "The Green"}}).
		WantStatus(t, http.StatusAccepted)
	held := buyer{id: f.registrationID(t, "held@example.gov.uk"), email: "held@example.gov.uk"}
	held.token = f.linkOf(t, held.id)
	if s := f.status(t, held.id); s != "pending_payment" || f.messages(t, held.id, "invoice_due") != 1 || f.messages(t, held.id, "payment_due") != 0 {
		t.Errorf("an invoice with hold: %s", s)
	}
	st = f.state(t, held)
	if st.Status != payments.PaymentInvoiced || st.HoldExpiresAt == nil || st.Documents[0].Number != "INV-000002" {
		t.Errorf("a held invoice: %+v", st)
	}
	f.org.Post(t, "/api/v1/manage/documents/"+st.Documents[0].ID+"/paid", nil).WantStatus(t, http.StatusOK)
	if s := f.status(t, held.id); s != "confirmed" || f.messages(t, held.id, "confirmation") != 1 {
		t.Errorf("a held invoice marked paid: %s", s)
	}

	// Cancelled unpaid: credited in full (CN-000001), the credit note attached to nothing paid back.
	buy("cancels@example.gov.uk", nil).WantStatus(t, http.StatusAccepted)
	cancels := buyer{id: f.registrationID(t, "cancels@example.gov.uk")}
	cancels.token = f.linkOf(t, cancels.id)
	as(t, f.public, http.MethodPost, "/api/v1/registration/cancel", cancels.token, nil).WantStatus(t, http.StatusOK)
	st = f.state(t, cancels)
	if len(st.Documents) != 2 || st.Documents[1].Number != "CN-000001" {
		t.Errorf("a cancelled invoice: %+v", st.Documents)
	}

	// Due and unpaid: the hold is released and the invoice credited.
	buy("late@example.gov.uk", nil).WantStatus(t, http.StatusAccepted)
	late := buyer{id: f.registrationID(t, "late@example.gov.uk")}
	late.token = f.linkOf(t, late.id)
	f.env.DB.Exec(t.Context(), `UPDATE registrations SET hold_expires_at = now() - interval '1 second' WHERE id = $1`, late.id)
	if n, err := f.env.App.Payments.ReleaseExpiredHolds(t.Context()); err != nil || n != 1 {
		t.Fatalf("released %d, %v", n, err)
	}
	if st := f.state(t, late); st.Status != payments.PaymentReleased || len(st.Documents) != 2 || st.Documents[1].Number != "CN-000002" {
		t.Errorf("a released invoice: %+v", st)
	}

	// A full event cannot be invoiced: no place is free to hold.
	full := f.newEvent(t, "full", 1)
	f.event = full
	fullType := f.createType(t, map[string]any{"name": "Suppliers", "price": 12000})
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": nil, "invoices": "confirm"}).WantStatus(t, http.StatusOK)
	f.registrant(t, full.Slug, "first@example.gov.uk", map[string]any{"ticket_type_id": fullType.ID}).WantStatus(t, http.StatusAccepted)
	f.registrant(t, full.Slug, "second@example.gov.uk", map[string]any{"ticket_type_id": fullType.ID, "payment_method": "invoice", "invoice": invoice}).
		WantStatus(t, http.StatusConflict)
}
