package live_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"plenary/internal/errs"
	"plenary/internal/live"
)

func TestReportDurations(t *testing.T) {
	for _, tc := range []struct {
		in      string
		minutes bool // Zoom's "Duration (Minutes)" column
		seconds int
		ok      bool
	}{
		{"42", true, 2520, true}, {"0", true, 0, true}, {"1.5", true, 90, true},
		{"1h 5m 3s", false, 3903, true}, {"5m 3s", false, 303, true}, {"32s", false, 32, true}, {"2h", false, 7200, true},
		{"1 hr 2 min", false, 3720, true}, {"01:05:03", false, 3903, true}, {"1:30", false, 5400, true}, {"42", false, 2520, true},
		{"1h 5m 3s", true, 0, false}, {"", true, 0, false}, {"-3", true, 0, false}, {"three", false, 0, false},
		{"NaN", true, 0, false}, {"5m 1h", false, 0, false}, {"h m s", false, 0, false}, {"1:-2", false, 0, false},
	} {
		seconds, ok := live.ParseDuration(tc.in, tc.minutes)
		if ok != tc.ok || seconds != tc.seconds {
			t.Errorf("parseDuration(%q, %v) = %d, %v; want %d, %v", tc.in, tc.minutes, seconds, ok, tc.seconds, tc.ok)
		}
	}
}

func TestReportEncodings(t *testing.T) {
	be := []byte{0xFE, 0xFF}
	for _, r := range "Zoë,a" {
		be = append(be, byte(r>>8), byte(r))
	}
	for name, tc := range map[string]struct {
		in   []byte
		want string
		ok   bool
	}{
		"UTF-8":             {[]byte("Zoë,a"), "Zoë,a", true},
		"UTF-8 with a mark": {append([]byte{0xEF, 0xBB, 0xBF}, "Zoë,a"...), "Zoë,a", true},
		"UTF-16LE":          {utf16LE("Zoë,a"), "Zoë,a", true},
		"UTF-16LE no mark":  {utf16LE("Zoë,a")[2:], "Zoë,a", true},
		"UTF-16BE":          {be, "Zoë,a", true},
		"odd UTF-16":        {[]byte{0xFF, 0xFE, 'a'}, "", false},
		"Latin-1":           {[]byte("Zo\xeb,a"), "", false},
		"a NUL":             {[]byte("Zo\x00e,a"), "", false},
		"lone surrogate":    {[]byte{0xFF, 0xFE, 0x00, 0xD8, 'a', 0}, "", false},
	} {
		got, ok := live.DecodeText(tc.in)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("%s: %q, %v; want %q, %v", name, got, ok, tc.want, tc.ok)
		}
	}
}

// Whatever a file holds, the parser answers rows or a validation error
// (never another error, never a panic), and the rows it answers are sane.
func FuzzParseReport(f *testing.F) {
	for _, seed := range []string{zoomReport, teamsReport, string(utf16LE(teamsReport)), "Name,Email,Join,Leave\nA,a@b,2026-11-30 10:00:00,2026-11-30 10:30:00\n",
		"Name,Email,Duration\n\"A,\"\"b\n", "", "\xff\xfe"} {
		f.Add([]byte(seed), "")
	}
	f.Add([]byte(zoomReport), "teams")
	f.Fuzz(func(t *testing.T, body []byte, source string) {
		if source != "zoom" && source != "teams" {
			source = ""
		}
		got, rows, err := live.ParseReport(body, source)
		if err != nil {
			var v errs.Validation
			if !errors.As(err, &v) || len(v) == 0 {
				t.Fatalf("error %v is not a validation error", err)
			}
			return
		}
		if got != "zoom" && got != "teams" || source != "" && got != source {
			t.Fatalf("source %q from %q", got, source)
		}
		if !slices.IsSortedFunc(rows, func(a, b live.ParsedRow) int { return a.Line - b.Line }) {
			t.Fatalf("rows out of order: %v", rows)
		}
		for _, r := range rows {
			if r.Line < 2 || r.Seconds < 0 || r.Seconds > 48*3600 || !utf8.ValidString(r.Email) ||
				r.Email != "" && (!strings.Contains(r.Email, "@") || r.Email != strings.ToLower(r.Email)) {
				t.Fatalf("row %+v", r)
			}
		}
	})
}
