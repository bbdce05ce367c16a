package receipts_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"plenary/internal/payments/receipts"
	"plenary/internal/payments/receipts/receiptstest"
)

// wantText fails the test for each of want that the text lacks.
func wantText(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("the PDF lacks %q:\n%s", w, text)
		}
	}
}

// An invoice's PDF, read back, names the seller with its VAT number, the
// buyer with their purchase order, the amounts with the VAT line, the due
// date and terms; it comes as an attachment named by its number, and the
// same document gives the same bytes.
func TestInvoicePDF(t *testing.T) {
	f := newFixture(t)
	f.setSeller(t)
	inv := f.issue(t, receipts.KindInvoice, 12000)
	r := f.org.Get(t, "/api/v1/manage/documents/"+inv.ID+"/pdf").WantStatus(t, http.StatusOK)
	if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); ct != "application/pdf" ||
		cd != "attachment; filename=INV-000001.pdf" {
		t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
	}
	text := receiptstest.Text(t, r.Body)
	wantText(t, text, "Invoice", "INV-000001", "Global Government Forum Ltd", "VAT number: GB123456789",
		"1 Parliament Street", "Zoë Brontë", "Department for Prevention", "Purchase order: PO-4471",
		"Prevention masterclass: standard ticket", "Net", "£100.00", "VAT (20%)", "£20.00", "Total due", "£120.00",
		"Issued 23 June 2026", "Due 23 July 2026", "Payment terms: 30 days")

	again := f.org.Get(t, "/api/v1/manage/documents/"+inv.ID+"/pdf").WantStatus(t, http.StatusOK)
	if !bytes.Equal(r.Body, again.Body) {
		t.Error("the same invoice rendered different bytes")
	}
	f.mod.Get(t, "/api/v1/manage/documents/"+inv.ID+"/pdf").WantStatus(t, http.StatusForbidden)
	f.public.Get(t, "/api/v1/manage/documents/"+inv.ID+"/pdf").WantStatus(t, http.StatusUnauthorized)
	f.org.Get(t, "/api/v1/manage/documents/9d1f4f3e-0000-4000-8000-000000000000/pdf").WantStatus(t, http.StatusNotFound)
}

// A receipt and its credit note render their own titles and totals; a
// currency without minor units shows none.
func TestReceiptAndCreditNotePDF(t *testing.T) {
	f := newFixture(t)
	f.setSeller(t)
	receipt := f.issue(t, receipts.KindReceipt, 4500)
	cn, err := f.credit(receipt.ID, 1500)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := receipts.PDF(receipt)
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, receiptstest.Text(t, doc), "Receipt", "R-000001", "Total paid", "£45.00", "VAT (20%)", "£7.50", "Paid in full")
	doc, err = receipts.PDF(cn)
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, receiptstest.Text(t, doc), "Credit note", "CN-000001", "Credits R-000001", "Total credited", "£15.00", "£2.50")

	in := f.issueInput(receipts.KindReceipt, 5000)
	in.Currency = "JPY"
	doc, err = receipts.PDF(f.issueWith(t, in))
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, receiptstest.Text(t, doc), "JPY 5,000", "JPY 833")
}

// Long names and addresses wrap rather than run off the page, and
// characters outside the core fonts do not stop the PDF.
func TestPDFWithLongText(t *testing.T) {
	d := receipts.Document{Kind: receipts.KindInvoice, Number: 7, NumberText: "INV-000007", Currency: "EUR",
		Seller: receipts.SellerDetails{Name: strings.Repeat("Very Long Legal Name ", 10), Address: strings.Repeat("Street\n", 8)},
		Buyer:  receipts.Buyer{Name: "Łukasz Żółć 名前", Address: strings.Repeat("A very long line of an address ", 15)},
		Line:   receipts.Line{Description: strings.Repeat("Masterclass ", 30), Quantity: 3, UnitAmount: 333},
		Gross:  999, VATRate: 2000, VAT: 167, Net: 832}
	d.DueAt = &d.IssuedAt
	doc, err := receipts.PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	wantText(t, receiptstest.Text(t, doc), "INV-000007", "€9.99", "ukasz")
}
