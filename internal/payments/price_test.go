package payments_test

import (
	"testing"

	"plenary/internal/payments"
)

func TestPrice(t *testing.T) {
	for _, tt := range []struct {
		name  string
		price int64
		d     *payments.Discount
		want  int64
	}{
		{"no code", 4500, nil, 4500},
		{"free stays free", 0, &payments.Discount{PercentOff: 50}, 0},
		{"20 percent", 4500, &payments.Discount{PercentOff: 20}, 3600},
		{"half a penny rounds the discount up", 4999, &payments.Discount{PercentOff: 10}, 4499},
		{"100 percent", 4500, &payments.Discount{PercentOff: 100}, 0},
		{"amount off", 4500, &payments.Discount{AmountOff: 1000}, 3500},
		{"amount off above the price", 4500, &payments.Discount{AmountOff: 99_999_999}, 0},
		{"largest price", payments.MaxPrice, &payments.Discount{PercentOff: 1}, 98_999_999},
	} {
		if got := payments.Price(payments.TicketType{Price: tt.price}, tt.d); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}
