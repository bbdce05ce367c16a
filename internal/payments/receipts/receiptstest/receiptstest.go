// Package receiptstest reads documents back in tests: the text a PDF
// draws, through a PDF reader, so that a test checks what a person would
// read rather than the bytes fpdf wrote.
package receiptstest

import (
	"bytes"
	"io"
	"testing"

	"github.com/ledongthuc/pdf"
)

// Text returns the text of every page of a PDF, failing the test when it
// is not one.
func Text(t testing.TB, doc []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatalf("not a PDF: %v", err)
	}
	plain, err := r.GetPlainText()
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(plain)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}
