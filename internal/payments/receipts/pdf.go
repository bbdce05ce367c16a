package receipts

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Page geometry in millimetres: A4 with 20 mm margins.
const (
	margin    = 20.0
	textWidth = 210 - 2*margin
	lineH     = 5.0
)

// sheet is a document being drawn: fpdf with the translator from UTF-8 to
// the core fonts' code page (cp1252), which has "£", "€" and "ë"; a
// character outside it prints as ".".
type sheet struct {
	*fpdf.Fpdf
	tr func(string) string
}

// PDF renders doc as an A4 PDF: the seller, the title and number, the
// buyer, the line, the net, VAT and total, and what the kind needs besides
// (an invoice's due date and terms, the document a credit note credits).
// Its dates come from the document, so the same document always renders
// the same bytes.
func PDF(doc Document) ([]byte, error) {
	f := fpdf.New("P", "mm", "A4", "")
	p := sheet{Fpdf: f, tr: f.UnicodeTranslatorFromDescriptor("")}
	p.SetTitle(doc.Kind.Title()+" "+doc.NumberText, true)
	p.SetAuthor(doc.Seller.Name, true)
	p.SetCreator("Plenary", false)
	p.SetProducer("Plenary", false)
	p.SetCreationDate(doc.IssuedAt)
	p.SetModificationDate(doc.IssuedAt)
	p.SetCatalogSort(true)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, margin)
	p.AddPage()

	top := p.GetY()
	p.heading(doc)
	p.SetXY(margin, top)
	p.sellerBlock(doc.Seller)
	p.SetY(max(p.GetY(), top+45))
	p.buyerBlock(doc)
	p.Ln(8)
	p.lineTable(doc)
	p.totals(doc)
	p.Ln(8)
	p.terms(doc)

	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("receipts: render %s: %w", doc.NumberText, err)
	}
	return buf.Bytes(), nil
}

// text writes UTF-8 text, w wide, aligned by align (L, R), wrapping a
// line too long for w, and moves below it.
func (p sheet) text(w float64, s, align string) {
	p.MultiCell(w, lineH, p.tr(s), "", align, false)
}

// heading writes the title, number and dates in the top right corner.
func (p sheet) heading(doc Document) {
	right := margin + textWidth/2
	p.SetFont("Helvetica", "B", 20)
	p.SetX(right)
	p.CellFormat(textWidth/2, 10, p.tr(doc.Kind.Title()), "", 1, "R", false, 0, "")
	p.SetFont("Helvetica", "", 10)
	lines := []string{doc.NumberText, "Issued " + longDate(doc)}
	if doc.DueAt != nil {
		lines = append(lines, "Due "+doc.DueAt.UTC().Format(dateLayout))
	}
	if doc.Credits != nil {
		lines = append(lines, "Credits "+*doc.CreditsNumber)
	}
	for _, l := range lines {
		p.SetX(right)
		p.text(textWidth/2, l, "R")
	}
}

// dateLayout is how documents write a date: 2 January 2026.
const dateLayout = "2 January 2006"

func longDate(doc Document) string { return doc.IssuedAt.UTC().Format(dateLayout) }

// sellerBlock writes who issues the document.
func (p sheet) sellerBlock(s SellerDetails) {
	p.SetFont("Helvetica", "B", 12)
	p.text(textWidth/2, s.Name, "L")
	p.SetFont("Helvetica", "", 10)
	for line := range strings.SplitSeq(s.Address, "\n") {
		p.text(textWidth/2, line, "L")
	}
	if s.VATNumber != "" {
		p.text(textWidth/2, "VAT number: "+s.VATNumber, "L")
	}
	if s.Email != "" {
		p.text(textWidth/2, s.Email, "L")
	}
}

// buyerBlock writes who the document is made out to.
func (p sheet) buyerBlock(doc Document) {
	p.SetFont("Helvetica", "B", 10)
	label := map[Kind]string{KindReceipt: "Received from", KindInvoice: "Bill to", KindCreditNote: "Credit to"}[doc.Kind]
	p.text(textWidth, label, "L")
	p.SetFont("Helvetica", "", 10)
	b := doc.Buyer
	lines := []string{b.Name, b.Organisation}
	lines = append(lines, strings.Split(b.Address, "\n")...)
	lines = append(lines, b.Email)
	if b.PurchaseOrder != "" {
		lines = append(lines, "Purchase order: "+b.PurchaseOrder)
	}
	for _, l := range lines {
		if l != "" {
			p.text(textWidth, l, "L")
		}
	}
}

// Column widths of the line table.
var columns = [4]float64{88, 18, 32, 32}

// lineTable writes the header and the document's one line.
func (p sheet) lineTable(doc Document) {
	p.SetFont("Helvetica", "B", 10)
	p.SetFillColor(235, 235, 235)
	for i, h := range []string{"Description", "Quantity", "Unit price", "Amount"} {
		align := "R"
		if i == 0 {
			align = "L"
		}
		p.CellFormat(columns[i], 7, h, "B", 0, align, true, 0, "")
	}
	p.Ln(-1)
	p.SetFont("Helvetica", "", 10)
	y := p.GetY() + 1
	p.SetXY(margin, y)
	p.MultiCell(columns[0], lineH, p.tr(doc.Line.Description), "", "L", false)
	bottom := p.GetY()
	p.SetXY(margin+columns[0], y)
	p.CellFormat(columns[1], lineH, strconv.Itoa(doc.Line.Quantity), "", 0, "R", false, 0, "")
	p.CellFormat(columns[2], lineH, p.tr(FormatMoney(doc.Line.UnitAmount, doc.Currency)), "", 0, "R", false, 0, "")
	p.CellFormat(columns[3], lineH, p.tr(FormatMoney(doc.Gross, doc.Currency)), "", 0, "R", false, 0, "")
	p.SetXY(margin, max(bottom, y+lineH)+2)
	p.Line(margin, p.GetY(), margin+textWidth, p.GetY())
	p.Ln(2)
}

// totals writes the net, the VAT at its rate, and the total.
func (p sheet) totals(doc Document) {
	label := textWidth - columns[3]
	rows := [][2]string{
		{"Net", FormatMoney(doc.Net, doc.Currency)},
		{"VAT (" + FormatRate(doc.VATRate) + ")", FormatMoney(doc.VAT, doc.Currency)},
		{map[Kind]string{KindReceipt: "Total paid", KindInvoice: "Total due", KindCreditNote: "Total credited"}[doc.Kind],
			FormatMoney(doc.Gross, doc.Currency)},
	}
	for i, r := range rows {
		if i == len(rows)-1 {
			p.SetFont("Helvetica", "B", 11)
		}
		p.CellFormat(label, 6, p.tr(r[0]), "", 0, "R", false, 0, "")
		p.CellFormat(columns[3], 6, p.tr(r[1]), "", 1, "R", false, 0, "")
	}
	p.SetFont("Helvetica", "", 10)
}

// terms writes what the kind of document asks or records.
func (p sheet) terms(doc Document) {
	var s string
	switch doc.Kind {
	case KindReceipt:
		s = "Paid in full on " + longDate(doc) + ". Thank you."
	case KindInvoice:
		days := int(doc.DueAt.Sub(doc.IssuedAt).Hours()+12) / 24
		s = fmt.Sprintf("Payment terms: %d days. Please pay by %s, quoting %s.", days, doc.DueAt.UTC().Format(dateLayout), doc.NumberText)
		if doc.PaidAt != nil {
			s = "Paid on " + doc.PaidAt.UTC().Format(dateLayout) + ". Thank you."
		}
	case KindCreditNote:
		s = "This credit note reduces what " + *doc.CreditsNumber + " charged by " + FormatMoney(doc.Gross, doc.Currency) + "."
	}
	p.MultiCell(textWidth, lineH, p.tr(s), "", "L", false)
}
