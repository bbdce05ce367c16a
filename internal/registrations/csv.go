package registrations

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

// Export is a CSV export of one event's registrations, ready to stream.
type Export struct {
	s     *Service
	event eventInfo
}

// OpenExport prepares the export; an unknown event fails here, before any
// byte of CSV is sent.
func (s *Service) OpenExport(ctx context.Context, eventID string) (*Export, error) {
	e, err := eventInfoByID(ctx, s.db, eventID)
	if err != nil {
		return nil, err
	}
	return &Export{s: s, event: e}, nil
}

// WriteTo streams every registration of the event with all fields and
// answers, row by row as the database sends them.
func (x *Export) WriteTo(ctx context.Context, w io.Writer) error {
	s, e, eventID := x.s, x.event, x.event.ID
	out := csv.NewWriter(w)
	header := []string{"registration_id", "status", "first_name", "last_name", "email", "job_title", "organisation",
		"sector", "country", "accessibility_needs", "registered_at", "attended_at", "cancelled_at", "partner_consents"}
	for _, q := range e.Questions {
		header = append(header, q.Label)
	}
	if err := out.Write(safeRow(header)); err != nil {
		return err
	}
	rows, err := s.db.Query(ctx, `
		SELECT r.id, r.status, r.first_name, r.last_name, r.email, r.job_title, r.organisation, r.sector, r.country,
			r.accessibility_needs, r.created_at, r.attended_at, r.cancelled_at, r.answers,
			coalesce((SELECT string_agg(o.name, '; ' ORDER BY o.name) FROM partner_consents c
				JOIN organisations o ON o.id = c.organisation_id
				WHERE c.registration_id = r.id AND c.withdrawn_at IS NULL), '')
		FROM registrations r WHERE r.event_id = $1 ORDER BY r.arrival`, eventID)
	if err != nil {
		return postgres.MapError(err)
	}
	var (
		id, status, first, last, email, job, org, sector, country, access, consents string
		created                                                                     time.Time
		attended, cancelled                                                         *time.Time
		answers                                                                     []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &status, &first, &last, &email, &job, &org, &sector, &country, &access,
		&created, &attended, &cancelled, &answers, &consents}, func() error {
		record := []string{id, status, first, last, email, job, org, sector, country, access,
			created.UTC().Format(time.RFC3339), timeCell(attended), timeCell(cancelled), consents}
		var given map[string]any
		_ = json.Unmarshal(answers, &given)
		for _, q := range e.Questions {
			record = append(record, answerCell(given[q.ID]))
		}
		if err := out.Write(safeRow(record)); err != nil {
			return err
		}
		out.Flush()
		return out.Error()
	})
	if err != nil {
		return fmt.Errorf("registrations: export: %w", err)
	}
	out.Flush()
	return out.Error()
}

func timeCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func answerCell(v any) string {
	switch a := v.(type) {
	case nil:
		return ""
	case string:
		return a
	case bool:
		if a {
			return "yes"
		}
		return "no"
	case []any:
		parts := make([]string, len(a))
		for i, p := range a {
			parts[i] = fmt.Sprint(p)
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

// safeRow defuses cells a spreadsheet would run as a formula: those that
// begin with =, +, -, @, a tab or a carriage return get a leading quote.
func safeRow(cells []string) []string {
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			cells[i] = "'" + c
		}
	}
	return cells
}
