package receipts_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"plenary/internal/payments/receipts"
	"plenary/internal/postgres"
)

var errRollback = errors.New("the caller changed its mind")

// Fifty concurrent issuers, every fifth of which rolls back: the forty
// receipts that stay are numbered 1 to 40, without a gap or a repeat, and
// the other kinds' series are untouched.
func TestNumbersHaveNoGapsUnderConcurrency(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errCh := make(chan error, 50)
	for i := range 50 {
		wg.Go(func() {
			err := postgres.InTx(ctx, f.env.DB, func(tx pgx.Tx) error {
				if _, err := f.svc.IssueTx(ctx, tx, f.issueInput(receipts.KindReceipt, 4500)); err != nil {
					return err
				}
				if i%5 == 4 {
					return errRollback
				}
				return nil
			})
			if err != nil && !errors.Is(err, errRollback) {
				errCh <- err
			}
		})
	}
	wg.Wait()
	close(errCh)
	for err := range errCh {
		t.Fatal(err)
	}
	rows, _ := f.env.DB.Query(ctx, `SELECT number FROM documents WHERE kind = 'receipt' ORDER BY number`)
	numbers, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int64, 40)
	for i := range want {
		want[i] = int64(i + 1)
	}
	if !slices.Equal(numbers, want) {
		t.Fatalf("receipt numbers %v, want 1 to 40", numbers)
	}
	inv := f.issue(t, receipts.KindInvoice, 4500)
	if inv.Number != 1 || inv.NumberText != "INV-000001" {
		t.Errorf("the first invoice is %d (%s), want 1 (INV-000001)", inv.Number, inv.NumberText)
	}
	if r := f.issue(t, receipts.KindReceipt, 4500); r.NumberText != "R-000041" {
		t.Errorf("the next receipt is %s, want R-000041", r.NumberText)
	}
}

// What IssueTx refuses never takes a number.
func TestIssueRefusesBadInput(t *testing.T) {
	f := newFixture(t)
	for name, change := range map[string]func(*receipts.Issue){
		"credit note":           func(in *receipts.Issue) { in.Kind = receipts.KindCreditNote },
		"nothing to pay":        func(in *receipts.Issue) { in.Gross = 0 },
		"negative":              func(in *receipts.Issue) { in.Gross = -100 },
		"past the largest":      func(in *receipts.Issue) { in.Gross = receipts.MaxAmount + 1 },
		"uneven units":          func(in *receipts.Issue) { in.Gross, in.Quantity = 100, 3 },
		"lower-case currency":   func(in *receipts.Issue) { in.Currency = "gbp" },
		"no buyer":              func(in *receipts.Issue) { in.Buyer.Name = "" },
		"a NUL in the PO":       func(in *receipts.Issue) { in.Buyer.PurchaseOrder = "PO\x00" },
		"description too long":  func(in *receipts.Issue) { in.Description = strings.Repeat("x", receipts.MaxDescription+1) },
		"a receipt due someday": func(in *receipts.Issue) { d := f.clock.Now(); in.DueAt = &d },
		"unknown registration":  func(in *receipts.Issue) { in.RegistrationID = "9d1f4f3e-0000-4000-8000-000000000000" },
	} {
		t.Run(name, func(t *testing.T) {
			in := f.issueInput(receipts.KindReceipt, 4500)
			change(&in)
			err := postgres.InTx(context.Background(), f.env.DB, func(tx pgx.Tx) error {
				_, err := f.svc.IssueTx(context.Background(), tx, in)
				return err
			})
			if err == nil {
				t.Fatal("issued")
			}
		})
	}
	if r := f.issue(t, receipts.KindReceipt, 4500); r.Number != 1 {
		t.Errorf("the first receipt after the refusals is %d, want 1", r.Number)
	}
}
