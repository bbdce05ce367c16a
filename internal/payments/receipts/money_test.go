package receipts_test

import (
	"testing"

	"plenary/internal/payments/receipts"
)

// VAT is worked out from the VAT-inclusive amount and rounded half up.
func TestVAT(t *testing.T) {
	for _, tt := range []struct {
		gross     int64
		rate      int
		vat, net  int64
		something string
	}{
		{12000, 2000, 2000, 10000, "£120 at 20%"},
		{4500, 2000, 750, 3750, "£45 at 20%"},
		{4500, 0, 0, 4500, "no VAT"},
		{1, 2000, 0, 1, "1p: a sixth of a penny rounds down"},
		{3, 2000, 1, 2, "3p: half a penny rounds up"},
		{9, 2000, 2, 7, "9p: 1.5p rounds up"},
		{7, 2000, 1, 6, "7p: 1.1667p rounds down"},
		{105, 500, 5, 100, "5%"},
		{1999, 2000, 333, 1666, "£19.99: 333.17p"},
		{1, 10000, 1, 0, "100% of 1p: half rounds up"},
		{200, 10000, 100, 100, "100%"},
		{receipts.MaxAmount, receipts.MaxVATRate, receipts.MaxAmount / 2, receipts.MaxAmount / 2, "the largest"},
	} {
		if vat, net := receipts.VAT(tt.gross, tt.rate); vat != tt.vat || net != tt.net {
			t.Errorf("%s: VAT(%d, %d) = %d, %d; want %d, %d", tt.something, tt.gross, tt.rate, vat, net, tt.vat, tt.net)
		}
	}
}

// Amounts show in major units with their currency's own decimals.
func TestFormatMoney(t *testing.T) {
	for _, tt := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{123456, "GBP", "£1,234.56"},
		{5, "GBP", "£0.05"},
		{0, "EUR", "€0.00"},
		{100000000, "USD", "$1,000,000.00"},
		{1500, "JPY", "JPY 1,500"},
		{1234567, "KWD", "KWD 1,234.567"},
		{99, "CHF", "CHF 0.99"},
		{-250, "GBP", "-£2.50"},
	} {
		if got := receipts.FormatMoney(tt.minor, tt.currency); got != tt.want {
			t.Errorf("FormatMoney(%d, %s) = %q, want %q", tt.minor, tt.currency, got, tt.want)
		}
	}
	for bp, want := range map[int]string{2000: "20%", 0: "0%", 1250: "12.5%", 5: "0.05%", 10000: "100%", 1775: "17.75%"} {
		if got := receipts.FormatRate(bp); got != want {
			t.Errorf("FormatRate(%d) = %q, want %q", bp, got, want)
		}
	}
}
