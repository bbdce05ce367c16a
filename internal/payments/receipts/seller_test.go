package receipts_test

import (
	"net/http"
	"strings"
	"testing"

	"plenary/internal/apitest"
	"plenary/internal/payments/receipts"
)

// An organiser sets the seller's details, normalised; anyone signed in
// reads them; documents copy them as they were when issued.
func TestSellerStory(t *testing.T) {
	f := newFixture(t)
	var s receipts.Seller
	f.mod.Get(t, "/api/v1/manage/seller").WantStatus(t, http.StatusOK).JSON(t, &s)
	if s.LegalName != "" || s.VATRate != 2000 || s.PaymentTerms != 30 {
		t.Errorf("defaults: %+v", s)
	}
	f.put(t, f.org, "/api/v1/manage/seller", map[string]any{"legal_name": "  Zoë's Forum Ltd ",
		"address": " 1 Parliament Street \r\n\r\n London\n", "vat_number": "gb 123 4567 89", "vat_rate_bp": 1250,
		"email": " accounts@example.org ", "payment_terms_days": 0}).WantStatus(t, http.StatusOK).JSON(t, &s)
	if s.LegalName != "Zoë's Forum Ltd" || s.Address != "1 Parliament Street\nLondon" || s.VATNumber != "GB123456789" ||
		s.Email != "accounts@example.org" || s.VATRate != 1250 || s.PaymentTerms != 0 {
		t.Errorf("saved: %+v", s)
	}
	d := f.issue(t, receipts.KindInvoice, 1125)
	if d.Seller.Name != "Zoë's Forum Ltd" || d.Seller.VATNumber != "GB123456789" || d.VATRate != 1250 || d.VAT != 125 ||
		!d.DueAt.Equal(d.IssuedAt) {
		t.Errorf("the invoice copies the seller: %+v", d)
	}
	f.setSeller(t)
	if again, _ := f.svc.Get(t.Context(), d.ID); again.Seller.Name != "Zoë's Forum Ltd" {
		t.Errorf("an issued document changed with the seller: %+v", again.Seller)
	}
	f.public.Get(t, "/api/v1/manage/seller").WantStatus(t, http.StatusUnauthorized)
	f.put(t, f.mod, "/api/v1/manage/seller", map[string]any{"legal_name": "Moderators Ltd", "address": "Here",
		"vat_rate_bp": 0, "payment_terms_days": 30}).WantStatus(t, http.StatusForbidden)
	f.put(t, f.public, "/api/v1/manage/seller", map[string]any{"legal_name": "Anyone Ltd", "address": "Here",
		"vat_rate_bp": 0, "payment_terms_days": 30}).WantStatus(t, http.StatusUnauthorized)
	f.org.Get(t, "/api/v1/manage/seller").JSON(t, &s)
	if s.LegalName != "Global Government Forum Ltd" {
		t.Errorf("after refused writes: %+v", s)
	}
}

// Bad details are refused with the field they are about (422), or as
// unreadable (400), and nothing changes.
func TestSellerBadInput(t *testing.T) {
	f := newFixture(t)
	f.setSeller(t)
	good := `"legal_name": "Forum Ltd", "address": "1 Street", "vat_rate_bp": 2000, "payment_terms_days": 30`
	for _, tt := range []struct {
		name  string
		body  string
		field string // "" for a 400
	}{
		{"no name", `{"legal_name": " ", "address": "1 Street", "vat_rate_bp": 2000, "payment_terms_days": 30}`, "legal_name"},
		{"name too long", `{"legal_name": "` + strings.Repeat("x", 201) + `", "address": "1 Street", "vat_rate_bp": 0, "payment_terms_days": 30}`, "legal_name"},
		{"a tab in the name", `{"legal_name": "Forum\tLtd", "address": "1 Street", "vat_rate_bp": 0, "payment_terms_days": 30}`, "legal_name"},
		{"a line break in the name", `{"legal_name": "Forum\nLtd", "address": "1 Street", "vat_rate_bp": 0, "payment_terms_days": 30}`, "legal_name"},
		{"an escape in the address", `{"legal_name": "Forum", "address": "1 Street\u001b[31m", "vat_rate_bp": 0, "payment_terms_days": 30}`, "address"},
		{"a lone carriage return", `{"legal_name": "Forum", "address": "1 Street\rLondon", "vat_rate_bp": 0, "payment_terms_days": 30}`, "address"},
		{"nine address lines", `{"legal_name": "Forum", "address": "1\n2\n3\n4\n5\n6\n7\n8\n9", "vat_rate_bp": 0, "payment_terms_days": 30}`, "address"},
		{"no address", `{"legal_name": "Forum", "address": "\n \n", "vat_rate_bp": 0, "payment_terms_days": 30}`, "address"},
		{"VAT number with symbols", `{` + good + `, "vat_number": "GB-123/456"}`, "vat_number"},
		{"VAT number too long", `{` + good + `, "vat_number": "GB123456789012345678901"}`, "vat_number"},
		{"negative VAT rate", `{"legal_name": "Forum", "address": "1 Street", "vat_rate_bp": -1, "payment_terms_days": 30}`, "vat_rate_bp"},
		{"VAT rate over 100%", `{"legal_name": "Forum", "address": "1 Street", "vat_rate_bp": 10001, "payment_terms_days": 30}`, "vat_rate_bp"},
		{"huge VAT rate", `{"legal_name": "Forum", "address": "1 Street", "vat_rate_bp": 2147483647, "payment_terms_days": 30}`, "vat_rate_bp"},
		{"VAT rate past int64", `{"legal_name": "Forum", "address": "1 Street", "vat_rate_bp": 99999999999999999999999, "payment_terms_days": 30}`, ""},
		{"VAT rate not whole", `{"legal_name": "Forum", "address": "1 Street", "vat_rate_bp": 20.5, "payment_terms_days": 30}`, ""},
		{"terms of a year and a day", `{"legal_name": "Forum", "address": "1 Street", "vat_rate_bp": 0, "payment_terms_days": 366}`, "payment_terms_days"},
		{"bad email", `{` + good + `, "email": "accounts at example.org"}`, "email"},
		{"named email", `{` + good + `, "email": "Accounts <accounts@example.org>"}`, "email"},
		{"NUL in the name", `{"legal_name": "Forum\u0000Ltd", "address": "1 Street", "vat_rate_bp": 0, "payment_terms_days": 30}`, ""},
		{"NUL in the address", `{"legal_name": "Forum", "address": "1\u0000Street", "vat_rate_bp": 0, "payment_terms_days": 30}`, ""},
		{"unknown field", `{` + good + `, "updated_at": "2026-01-01T00:00:00Z"}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := f.org.Do(t, apitest.Request{Method: http.MethodPut, Path: "/api/v1/manage/seller", Body: tt.body,
				ContentType: "application/json"})
			if tt.field == "" {
				r.WantStatus(t, http.StatusBadRequest)
				return
			}
			r.WantStatus(t, http.StatusUnprocessableEntity)
			if p := r.Problem(t); p.Errors[tt.field] == "" {
				t.Errorf("422 without a message for %s: %s", tt.field, r.Body)
			}
		})
	}
	var s receipts.Seller
	f.org.Get(t, "/api/v1/manage/seller").JSON(t, &s)
	if s.LegalName != "Global Government Forum Ltd" || s.VATNumber != "GB123456789" {
		t.Errorf("after bad input: %+v", s)
	}
}
