package live

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"plenary/internal/errs"
)

// Report sources: where an imported attendance report came from.
const (
	SourceZoom  = "zoom"
	SourceTeams = "teams"
)

// maxReportErrors is how many bad rows an import names; a file that bad is
// likely the wrong file, and the first few say so.
const maxReportErrors = 20

// maxRowSeconds is the longest time one row of a report may give: no
// meeting lasts two days, and a larger figure is a wrong column or file.
const maxRowSeconds = 48 * 3600

// reportEntry is one participant row of a report: a join (Zoom lists each
// rejoin on its own row) or a person's whole time (Teams' summary).
type reportEntry struct {
	Line    int
	Name    string
	Email   string // lower case; "" when the row has none (a guest)
	Seconds int
}

// report is a parsed attendance report.
type report struct {
	Source  string
	Entries []reportEntry
}

// The columns of a participant table, by the headers Zoom and Teams use
// (lower case, spaces collapsed).
var (
	nameHeaders     = []string{"name (original name)", "name", "full name", "participant name", "display name", "participant"}
	emailHeaders    = []string{"user email", "email", "email address", "e-mail"}
	upnHeaders      = []string{"participant id (upn)", "upn"}
	joinHeaders     = []string{"join time", "first join", "first join time", "join"}
	leaveHeaders    = []string{"leave time", "last leave", "last leave time", "leave"}
	durationHeaders = []string{"duration (minutes)", "in-meeting duration", "duration", "attendance duration", "time in meeting"}
	zoomMarkers     = []string{"name (original name)", "user email", "duration (minutes)", "guest"}
	teamsMarkers    = []string{"in-meeting duration", "first join", "last leave", "participant id (upn)", "full name", "role"}
)

// columns are the indexes of a table's columns (-1: absent).
type columns struct{ name, email, upn, join, leave, duration int }

func (c columns) get(record []string, i int) string {
	if i < 0 || i >= len(record) {
		return ""
	}
	return strings.TrimSpace(record[i])
}

// parseReport reads a Zoom participant report or a Teams attendance
// report: UTF-8 or UTF-16 text, comma- or tab-separated, with any summary
// block before the participant table, which ends at a blank line (Teams
// lists each join again in a later section). source "" detects it. A bad
// row is a validation error keyed "line N".
func parseReport(body []byte, source string) (report, error) {
	text, ok := decodeText(body)
	if !ok {
		return report{}, errs.Validation{"file": "Send the report as text: UTF-8 or UTF-16, as Zoom and Teams save it."}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	cols, header, err := findHeader(r)
	if err != nil {
		return report{}, err
	}
	if source == "" {
		if source = detectSource(header); source == "" {
			return report{}, errs.Validation{"source": "Choose whether this is a Zoom or a Teams report: its columns do not say."}
		}
	}
	entries, err := readEntries(r, cols, header)
	return report{Source: source, Entries: entries}, err
}

// decodeText turns the body into UTF-8 text: Teams saves UTF-16 with a
// byte order mark, Excel UTF-8 with one.
func decodeText(b []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return utf16Text(b[2:], false)
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return utf16Text(b[2:], true)
	case len(b) >= 2 && b[0] != 0 && b[1] == 0: // UTF-16LE without a mark
		return utf16Text(b, false)
	}
	s := string(b)
	return s, utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// utf16Text decodes UTF-16; a NUL or an unpaired surrogate refuses it.
func utf16Text(b []byte, bigEndian bool) (string, bool) {
	if len(b)%2 != 0 {
		return "", false
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		lo, hi := b[2*i], b[2*i+1]
		if bigEndian {
			lo, hi = hi, lo
		}
		units[i] = uint16(lo) | uint16(hi)<<8
	}
	s := string(utf16.Decode(units))
	return s, !strings.ContainsRune(s, 0) && !strings.ContainsRune(s, utf8.RuneError)
}

// delimiter is a tab for a tab-separated report (Teams' usual), else a comma.
func delimiter(text string) rune {
	if tabs := strings.Count(text, "\t"); tabs > 0 && tabs >= strings.Count(text, ",")/3 {
		return '\t'
	}
	return ','
}

// findHeader reads up to the participant table's header: the first row
// naming both a name and an email column (a Zoom meeting summary names
// the host's email, but no name column).
func findHeader(r *csv.Reader) (columns, []string, error) {
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			return columns{}, nil, errs.Validation{"file": "No participant table found: expect a header row with the columns Name and Email (or User Email)."}
		}
		if err != nil {
			return columns{}, nil, rowError(err)
		}
		header := make([]string, len(record))
		for i, h := range record {
			header[i] = strings.ToLower(strings.Join(strings.Fields(strings.Trim(h, "\ufeff\" ")), " "))
		}
		cols := columns{name: index(header, nameHeaders), email: index(header, emailHeaders), upn: index(header, upnHeaders),
			join: index(header, joinHeaders), leave: index(header, leaveHeaders), duration: index(header, durationHeaders)}
		if cols.name >= 0 && (cols.email >= 0 || cols.upn >= 0) {
			if cols.duration < 0 && (cols.join < 0 || cols.leave < 0) {
				return columns{}, nil, errs.Validation{"file": "The participant table has no Duration column, nor Join and Leave times."}
			}
			return cols, header, nil
		}
	}
}

// index is the first of header's columns among names, or -1.
func index(header, names []string) int {
	for _, n := range names {
		for i, h := range header {
			if h == n {
				return i
			}
		}
	}
	return -1
}

func detectSource(header []string) string {
	switch {
	case index(header, zoomMarkers) >= 0:
		return SourceZoom
	case index(header, teamsMarkers) >= 0:
		return SourceTeams
	}
	return ""
}

// rowError names the line a CSV reading error is on.
func rowError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return errs.Validation{fmt.Sprintf("line %d", pe.Line): "This line is not readable as CSV: " + pe.Err.Error() + "."}
	}
	return fmt.Errorf("live: read report: %w", err)
}

// readEntries reads the participant rows until a blank line or the title
// of another section, collecting every bad row's message.
func readEntries(r *csv.Reader, cols columns, header []string) ([]reportEntry, error) {
	var entries []reportEntry
	bad := errs.Validation{}
	last, _ := r.FieldPos(len(header) - 1)
	for {
		record, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, rowError(err)
		}
		line, _ := r.FieldPos(0)
		if line > last+1 || len(record) == 1 && len(header) > 1 {
			break // a blank line, or "3. In-Meeting Activities": the table ended
		}
		last, _ = r.FieldPos(len(record) - 1)
		e, msg := entryOf(record, cols, header)
		if msg != "" {
			if len(bad) < maxReportErrors {
				bad.Add(fmt.Sprintf("line %d", line), msg)
			}
			continue
		}
		e.Line = line
		entries = append(entries, e)
	}
	return entries, bad.Err()
}

// entryOf reads one participant row, or says what is wrong with it.
func entryOf(record []string, cols columns, header []string) (reportEntry, string) {
	e := reportEntry{Name: cols.get(record, cols.name), Email: strings.ToLower(cols.get(record, cols.email))}
	if !strings.Contains(e.Email, "@") {
		e.Email = strings.ToLower(cols.get(record, cols.upn))
	}
	if !strings.Contains(e.Email, "@") {
		e.Email = ""
	}
	if cols.duration >= 0 {
		raw := cols.get(record, cols.duration)
		seconds, ok := parseDuration(raw, header[cols.duration] == "duration (minutes)")
		switch {
		case !ok:
			return e, fmt.Sprintf("The duration %q is not a length of time (such as 42, or 1h 5m 3s).", raw)
		case seconds > maxRowSeconds:
			return e, fmt.Sprintf("The duration %q is longer than two days: not one meeting's.", raw)
		}
		e.Seconds = seconds
		return e, ""
	}
	join, okJoin := parseTime(cols.get(record, cols.join))
	leave, okLeave := parseTime(cols.get(record, cols.leave))
	switch {
	case !okJoin || !okLeave:
		return e, "The join and leave times are not dates and times this import reads (such as 2026-11-30 09:58:12)."
	case leave.Before(join):
		return e, "The leave time is before the join time."
	}
	if e.Seconds = int(leave.Sub(join).Seconds()); e.Seconds > maxRowSeconds {
		return e, "The leave time is more than two days after the join time: not one meeting's."
	}
	return e, ""
}

// hms is Teams' "1h 5m 3s" (any of the parts, in order).
var hms = regexp.MustCompile(`^(?:(\d+)\s*h(?:rs?|ours?)?)?\s*(?:(\d+)\s*m(?:in(?:ute)?s?)?)?\s*(?:(\d+)\s*s(?:ec(?:ond)?s?)?)?$`)

// parseDuration reads a duration in seconds: a number of minutes (Zoom's
// "Duration (Minutes)", and a bare number elsewhere), "1h 5m 3s" or
// "01:05:03" (Teams).
func parseDuration(s string, minutes bool) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		if n < 0 || n > 100000 || math.IsNaN(n) {
			return 0, false
		}
		return int(math.Round(n * 60)), true
	}
	if minutes {
		return 0, false
	}
	if parts := strings.Split(s, ":"); len(parts) == 2 || len(parts) == 3 {
		total := 0
		for _, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > 100000 {
				return 0, false
			}
			total = total*60 + n
		}
		if len(parts) == 2 {
			total *= 60 // h:mm
		}
		return total, true
	}
	m := hms.FindStringSubmatch(s)
	if m == nil || m[1]+m[2]+m[3] == "" {
		return 0, false
	}
	total := 0
	for i, unit := range []int{3600, 60, 1} {
		if m[i+1] != "" {
			n, err := strconv.Atoi(m[i+1])
			if err != nil || n > 1_000_000 {
				return 0, false
			}
			total += n * unit
		}
	}
	return total, true
}

// timeLayouts are the ways Zoom and Teams write a join or leave time.
var timeLayouts = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04",
	"01/02/2006 03:04:05 PM", "1/2/2006 3:04:05 PM", "1/2/06, 3:04:05 PM", "1/2/2006, 3:04:05 PM",
	"01/02/2006 15:04:05", "1/2/2006 15:04", "02/01/2006 15:04:05", "2/1/2006, 15:04:05",
}

func parseTime(s string) (time.Time, bool) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
