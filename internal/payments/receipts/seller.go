package receipts

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"plenary/internal/errs"
)

// Seller is the organiser's details as its documents show them, with the
// VAT rate and the payment terms of its invoices.
type Seller struct {
	LegalName    string    `json:"legal_name"`
	Address      string    `json:"address"`    // lines separated by "\n"
	VATNumber    string    `json:"vat_number"` // "" when not registered for VAT
	VATRate      int       `json:"vat_rate_bp"`
	Email        string    `json:"email"`
	PaymentTerms int       `json:"payment_terms_days"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// details are what a document copies of s.
func (s Seller) details() SellerDetails {
	return SellerDetails{Name: s.LegalName, Address: s.Address, VATNumber: s.VATNumber, Email: s.Email}
}

// SellerInput is what an organiser sends to replace the seller's details.
type SellerInput struct {
	LegalName    string `json:"legal_name"`
	Address      string `json:"address"`
	VATNumber    string `json:"vat_number"`
	VATRate      int    `json:"vat_rate_bp"`
	Email        string `json:"email"`
	PaymentTerms int    `json:"payment_terms_days"`
}

// maxAddressLines is how many lines an address block holds on a document.
const maxAddressLines = 8

// check normalises in (trims; one "\n" between address lines; the VAT
// number upper case without spaces) and says what is wrong with it.
func (in *SellerInput) check() error {
	v := errs.Validation{}
	in.LegalName = strings.TrimSpace(in.LegalName)
	if in.LegalName == "" || utf8.RuneCountInString(in.LegalName) > MaxName || !oneLine(in.LegalName) {
		v.Add("legal_name", "Give the seller's legal name in up to 200 characters, on one line.")
	}
	in.Address = normalAddress(in.Address)
	if in.Address == "" || utf8.RuneCountInString(in.Address) > MaxAddress || !multiLine(in.Address) ||
		strings.Count(in.Address, "\n") >= maxAddressLines {
		v.Add("address", "Give the seller's postal address in up to 500 characters and 8 lines.")
	}
	in.VATNumber = strings.ToUpper(strings.Join(strings.Fields(in.VATNumber), ""))
	if !validVATNumber(in.VATNumber) {
		v.Add("vat_number", "Give the VAT number as 4 to 20 letters and digits, like GB123456789, or leave it empty.")
	}
	if in.VATRate < 0 || in.VATRate > MaxVATRate {
		v.Add("vat_rate_bp", "Give the VAT rate in basis points from 0 to 10000 (2000 is 20%).")
	}
	in.Email = strings.TrimSpace(in.Email)
	if in.Email != "" && !validEmail(in.Email) {
		v.Add("email", "Give an email address like accounts@example.org, or leave it empty.")
	}
	if in.PaymentTerms < 0 || in.PaymentTerms > MaxPaymentTerms {
		v.Add("payment_terms_days", "Give invoices from 0 to 365 days to be paid.")
	}
	return v.Err()
}

// oneLine refuses control characters, line breaks among them.
func oneLine(s string) bool { return !strings.ContainsFunc(s, unicode.IsControl) }

// multiLine refuses control characters other than "\n".
func multiLine(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && unicode.IsControl(r) })
}

// normalAddress trims each line of an address and drops the empty ones.
func normalAddress(s string) string {
	var lines []string
	for line := range strings.SplitSeq(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// validVATNumber accepts "" or 4 to 20 ASCII letters and digits.
func validVATNumber(s string) bool {
	if s == "" {
		return true
	}
	if len(s) < 4 || len(s) > MaxVATNumber {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') })
}

// validEmail accepts a bare address of up to 254 characters.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= MaxEmail && oneLine(s)
}
