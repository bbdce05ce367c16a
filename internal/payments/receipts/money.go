package receipts

import (
	"strconv"
	"strings"
)

// VAT splits a VAT-inclusive gross amount at rate (basis points) into its
// VAT and net amounts: vat = round(gross × rate / (10000 + rate)), half
// up, in integer arithmetic; net = gross − vat. gross is at most
// MaxAmount and rate at most MaxVATRate, so nothing overflows.
func VAT(gross int64, rate int) (vat, net int64) {
	if gross <= 0 || rate <= 0 {
		return 0, gross
	}
	r := int64(rate)
	divisor := 10_000 + r
	vat = (2*gross*r + divisor) / (2 * divisor)
	return vat, gross - vat
}

// minorDigits are the currencies whose minor unit is not a hundredth
// (ISO 4217): none for JPY, a thousandth for KWD.
var minorDigits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}

// symbols are the currencies written with a symbol rather than their code;
// all three are in the PDF core fonts' code page.
var symbols = map[string]string{"GBP": "£", "EUR": "€", "USD": "$"}

// FormatMoney writes an amount of minor units in its currency's major
// units with its own number of decimals: GBP 123456 is "£1,234.56",
// JPY 1500 is "JPY 1,500".
func FormatMoney(minor int64, currency string) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	digits, ok := minorDigits[currency]
	if !ok {
		digits = 2
	}
	unit := int64(1)
	for range digits {
		unit *= 10
	}
	amount := groupThousands(minor / unit)
	if digits > 0 {
		frac := strconv.FormatInt(minor%unit, 10)
		amount += "." + strings.Repeat("0", digits-len(frac)) + frac
	}
	if symbol, ok := symbols[currency]; ok {
		return sign + symbol + amount
	}
	return sign + currency + " " + amount
}

// groupThousands writes n with a comma every three digits.
func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FormatRate writes a rate in basis points as a percentage: 2000 is
// "20%", 1250 "12.5%", 5 "0.05%".
func FormatRate(bp int) string {
	s := strconv.Itoa(bp / 100)
	if frac := bp % 100; frac != 0 {
		f := strconv.Itoa(frac)
		if frac < 10 {
			f = "0" + f
		}
		s += "." + strings.TrimRight(f, "0")
	}
	return s + "%"
}
