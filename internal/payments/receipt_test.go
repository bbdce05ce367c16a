package payments_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"plenary/internal/accounts"
	"plenary/internal/apitest"
	"plenary/internal/mail/mailtest"
	"plenary/internal/payments"
	"plenary/internal/payments/paymentstest"
	"plenary/internal/payments/receipts/receiptstest"
)

// A paid registration gets one receipt (R-000001, whatever settles it and
// however often), attached as PDF to the confirmation email (through a
// real SMTP server) and downloadable from the buyer's page by them alone;
// a refund gets a credit note against it.
func TestReceiptMailedAndDownloaded(t *testing.T) {
	smtp := mailtest.Start(t)
	mock := paymentstest.StartStripeMock(t)
	cfg := apitest.Config(t)
	cfg.StripeSecretKey, cfg.StripeWebhookSecret, cfg.StripeAPIBase = paymentstest.SecretKey, paymentstest.WebhookSecret, mock.URL
	cfg.SMTPURL = smtp.SMTPURL + "?tls=none"
	env := apitest.NewWithConfig(t, cfg)
	f := fixture{env: env, org: env.SignedIn(t, accounts.RoleOrganiser), mod: env.SignedIn(t, accounts.RoleModerator), public: env.Client()}
	f.event = f.newEvent(t, "masterclass", 100)
	f.put(t, f.org, "/api/v1/manage/seller", map[string]any{"legal_name": "Forum Events Ltd", "address": "1 Victoria Street\nLondon SW1H 0ET",
		"vat_number": "GB123456789", "vat_rate_bp": 2000, "email": "accounts@example.org", "payment_terms_days": 30}).WantStatus(t, http.StatusOK)
	f.put(t, f.org, f.settingsPath(), map[string]any{"refund_until_days_before": 7, "invoices": "off"}).WantStatus(t, http.StatusOK)
	paid := f.createType(t, map[string]any{"name": "Suppliers", "price": 12000})
	b := f.buy(t, "zoe@example.com", paid.ID)
	f.pay(t, b, "pi_receipt")
	payload, sig := event(t, "evt_again", "checkout.session.async_payment_succeeded", session(f.sessionOf(t, b.id), "complete", "paid", "pi_receipt"))
	post(t, f.env, payload, sig).WantStatus(t, http.StatusOK)

	st := f.state(t, b)
	if len(st.Documents) != 1 || st.Documents[0].Kind != "receipt" || st.Documents[0].Number != "R-000001" {
		t.Fatalf("documents after paying (twice told): %+v", st.Documents)
	}
	resp := as(t, f.public, http.MethodGet, "/api/v1/registration/documents/"+st.Documents[0].ID+"/pdf", b.token, nil).WantStatus(t, http.StatusOK)
	text := receiptstest.Text(t, resp.Body)
	for _, want := range []string{"Receipt", "R-000001", "GB123456789", "Prevention masterclass: Suppliers", "£100.00", "£20.00", "£120.00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt does not say %q:\n%s", want, text)
		}
	}
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "R-000001.pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}
	other := f.buy(t, "other@example.com", paid.ID)
	as(t, f.public, http.MethodGet, "/api/v1/registration/documents/"+st.Documents[0].ID+"/pdf", other.token, nil).WantStatus(t, http.StatusNotFound)
	as(t, f.public, http.MethodGet, "/api/v1/registration/documents/not-a-uuid/pdf", b.token, nil).WantStatus(t, http.StatusNotFound)
	f.public.Get(t, "/api/v1/registration/documents/"+st.Documents[0].ID+"/pdf").WantStatus(t, http.StatusUnauthorized)

	var confirmation *mailtest.Message
	waitFor(t, "the confirmation with its receipt", func() bool {
		for _, m := range smtp.Inbox(t, "zoe@example.com") {
			if strings.Contains(m.Subject, "confirmed") || len(m.Attachments) > 1 {
				confirmation = &m
			}
		}
		return confirmation != nil
	})
	var names []string
	for _, a := range confirmation.Attachments {
		names = append(names, a.FileName)
		if a.FileName == "R-000001.pdf" && !bytes.HasPrefix(smtp.Attachment(t, confirmation.ID, a.PartID), []byte("%PDF")) {
			t.Error("the attached receipt is not a PDF")
		}
	}
	if !strings.Contains(strings.Join(names, " "), "R-000001.pdf") || !strings.Contains(strings.Join(names, " "), "invite.ics") {
		t.Errorf("the confirmation carries %v, want the invitation and the receipt", names)
	}

	as(t, f.public, http.MethodPost, "/api/v1/registration/cancel", b.token, nil).WantStatus(t, http.StatusOK)
	st = f.state(t, b)
	if st.Status != payments.PaymentRefunded || len(st.Documents) != 2 || st.Documents[1].Number != "CN-000001" {
		t.Errorf("after a refund: %+v", st)
	}
}
