package live

// ParseDuration and DecodeText are the report parser's pieces, for their
// table tests; ParseReportLines runs the whole parser for the fuzz test.
var (
	ParseDuration = parseDuration
	DecodeText    = decodeText
)

// ParsedRow is a parsed report row as tests see it.
type ParsedRow struct {
	Line    int
	Email   string
	Seconds int
}

// ParseReport parses a report as an import would.
func ParseReport(body []byte, source string) (string, []ParsedRow, error) {
	r, err := parseReport(body, source)
	rows := make([]ParsedRow, len(r.Entries))
	for i, e := range r.Entries {
		rows[i] = ParsedRow{Line: e.Line, Email: e.Email, Seconds: e.Seconds}
	}
	return r.Source, rows, err
}
