package live

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/events"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// PresenceGap is the longest silence between two heartbeats of one
// stretch of presence: a page beats every 30 s, so two missed beats still
// count as present; a longer gap starts a new stretch (the time in between
// is not counted).
const PresenceGap = 75 * time.Second

// presenceLockClass is the first key of the advisory lock a registrant's
// heartbeats take, so that two tabs' beats never both start a stretch.
const presenceLockClass = 1_500_001

// Presence is what a heartbeat answers: how long the viewer has been
// present so far, and whether that counts as having attended.
type Presence struct {
	MinutesPresent int  `json:"minutes_present"`
	Attended       bool `json:"attended"`
}

// ErrNotOpen refuses a heartbeat outside the event's live window.
var ErrNotOpen = errs.Publicf(errs.ErrConflict, "The live session is not open: presence counts from shortly before the start until the end.")

// ErrEventCancelled refuses a heartbeat for a cancelled event.
var ErrEventCancelled = errs.Publicf(errs.ErrConflict, "This event was cancelled.")

// Heartbeat notes that the viewer with this live-page token has the page
// open now. counted false (a beat sooner than the page sends them) only
// reads the presence so far: it is answered, never counted twice.
func (s *Service) Heartbeat(ctx context.Context, plainToken string, counted bool) (Presence, error) {
	p, err := s.participant(ctx, plainToken)
	if err != nil {
		return Presence{}, err
	}
	if !p.Confirmed() {
		return Presence{}, ErrNotConfirmed
	}
	e, err := s.events.Get(ctx, p.EventID)
	if err != nil {
		return Presence{}, err
	}
	rules, err := s.settings(ctx, s.db, p.EventID)
	if err != nil {
		return Presence{}, err
	}
	now := s.now()
	if err := joinable(e.Event, rules, now); err != nil {
		return Presence{}, err
	}
	var out Presence
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		if counted {
			if err := extendPresence(ctx, tx, p, now); err != nil {
				return err
			}
		}
		out, err = s.settlePresence(ctx, tx, p, rules)
		return err
	})
	return out, err
}

// joinable says whether presence counts now: while the live page is open
// or live (from the join lead before the start until the end) for a
// published event.
func joinable(e events.Event, set Settings, now time.Time) error {
	opensAt := e.StartsAt.Add(-time.Duration(set.JoinLeadMinutes) * time.Minute)
	switch phase := phaseAt(e, opensAt, now); {
	case phase == PhaseCancelled:
		return ErrEventCancelled
	case e.Status != events.StatusPublished, phase != PhaseOpen && phase != PhaseLive:
		return ErrNotOpen
	}
	return nil
}

// extendPresence extends the registrant's latest stretch of presence to
// now, or starts a new one after a gap. The advisory lock on the
// registrant serialises their tabs' beats: without it two first beats
// would both start a stretch and the time would count twice.
func extendPresence(ctx context.Context, tx pgx.Tx, p Participant, now time.Time) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, presenceLockClass, p.RegistrationID); err != nil {
		return fmt.Errorf("live: lock presence of %s: %w", p.RegistrationID, err)
	}
	tag, err := tx.Exec(ctx, `
		UPDATE live_presence SET last_seen_at = greatest(last_seen_at, $3)
		WHERE id = (SELECT id FROM live_presence WHERE registration_id = $1 AND event_id = $2
		            ORDER BY last_seen_at DESC LIMIT 1)
		  AND last_seen_at >= $3::timestamptz - $4::interval`, p.RegistrationID, p.EventID, now, PresenceGap)
	if err != nil {
		return fmt.Errorf("live: extend presence of %s: %w", p.RegistrationID, err)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	if _, err := tx.Exec(ctx, `
		INSERT INTO live_presence (event_id, registration_id, started_at, last_seen_at) VALUES ($1, $2, $3, $3)`,
		p.EventID, p.RegistrationID, now); err != nil {
		return fmt.Errorf("live: start presence of %s: %w", p.RegistrationID, err)
	}
	return nil
}

// minutesPresent sums a registrant's stretches of presence, in whole minutes.
func minutesPresent(ctx context.Context, db postgres.DB, eventID, registrationID string) (int, error) {
	var minutes int
	err := db.QueryRow(ctx, `
		SELECT coalesce(floor(extract(epoch FROM sum(last_seen_at - started_at)) / 60), 0)::int
		FROM live_presence WHERE event_id = $1 AND registration_id = $2`, eventID, registrationID).Scan(&minutes)
	if err != nil {
		return 0, fmt.Errorf("live: minutes present of %s: %w", registrationID, err)
	}
	return minutes, nil
}

// settlePresence reads the registrant's minutes and, once they reach the
// event's threshold, records that they attended: in live_attendance, and
// through registrations (attended_at, which the follow-ups read) in the
// same transaction. An organiser's mark by hand, and a report that
// already counted them, stand.
func (s *Service) settlePresence(ctx context.Context, tx pgx.Tx, p Participant, rules Settings) (Presence, error) {
	minutes, err := minutesPresent(ctx, tx, p.EventID, p.RegistrationID)
	if err != nil {
		return Presence{}, err
	}
	if minutes < rules.AttendedMinutes {
		var attended bool
		err := tx.QueryRow(ctx, `SELECT attended FROM live_attendance WHERE registration_id = $1`, p.RegistrationID).Scan(&attended)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return Presence{}, fmt.Errorf("live: attendance of %s: %w", p.RegistrationID, err)
		}
		return Presence{MinutesPresent: minutes, Attended: attended}, nil
	}
	var attended bool
	err = tx.QueryRow(ctx, `
		INSERT INTO live_attendance AS a (registration_id, event_id, source, minutes, attended, updated_at)
		VALUES ($1, $2, 'heartbeat', $3, true, now())
		ON CONFLICT (registration_id) DO UPDATE SET source = 'heartbeat', minutes = EXCLUDED.minutes,
			attended = true, updated_at = now()
		WHERE a.source = 'heartbeat' OR (NOT a.attended AND a.source <> 'hand')
		RETURNING attended`, p.RegistrationID, p.EventID, minutes).Scan(&attended)
	switch {
	case errors.Is(err, pgx.ErrNoRows): // a report or a hand mark stands
		err = tx.QueryRow(ctx, `SELECT attended FROM live_attendance WHERE registration_id = $1`, p.RegistrationID).Scan(&attended)
		if err != nil {
			return Presence{}, fmt.Errorf("live: attendance of %s: %w", p.RegistrationID, err)
		}
		return Presence{MinutesPresent: minutes, Attended: attended}, nil
	case err != nil:
		return Presence{}, fmt.Errorf("live: record attendance of %s: %w", p.RegistrationID, err)
	}
	if err := s.attendance.SetAttendedTx(ctx, tx, p.EventID, []string{p.RegistrationID}, true); err != nil {
		return Presence{}, err
	}
	return Presence{MinutesPresent: minutes, Attended: true}, nil
}

// AttendanceRow is a confirmed registrant's attendance, as organisers see
// it. Source is how it was recorded: heartbeat, zoom, teams, hand,
// check_in (at the door, by registrations), or nil (no sign of them).
type AttendanceRow struct {
	RegistrationID string     `json:"registration_id"`
	Name           string     `json:"name"`
	Organisation   string     `json:"organisation"`
	Email          string     `json:"email"`
	Minutes        int        `json:"minutes"`
	Source         *string    `json:"source"`
	Attended       bool       `json:"attended"`
	FirstSeenAt    *time.Time `json:"first_seen_at"`
	LastSeenAt     *time.Time `json:"last_seen_at"`
	arrival        int64
}

// AttendanceSummary counts an event's confirmed registrants, those who
// attended, and those whose live page is open now.
type AttendanceSummary struct {
	Confirmed  int `json:"confirmed"`
	Attended   int `json:"attended"`
	PresentNow int `json:"present_now"`
}

// AttendancePage is a page of the attendance list with the summary.
type AttendancePage struct {
	page.Page[AttendanceRow]
	Summary AttendanceSummary `json:"summary"`
}

// arrivalKey orders the list as registrants arrived.
type arrivalKey struct {
	Arrival int64 `json:"a"`
}

func (k arrivalKey) Valid() bool { return k.Arrival > 0 }

// attendanceSelect reads rows of the list: who registrations says
// attended (heartbeats, reports, marks and check-ins all end there), and
// what live recorded of how.
const attendanceSelect = `
	SELECT p.id, p.first_name, p.last_name, p.organisation, p.email, c.arrival, c.attended,
	       a.source, coalesce(a.minutes, 0), pr.minutes, pr.first_seen, pr.last_seen
	FROM registration_participants p
	JOIN registration_contacts c ON c.id = p.id
	LEFT JOIN live_attendance a ON a.registration_id = p.id
	LEFT JOIN LATERAL (
		SELECT floor(extract(epoch FROM sum(last_seen_at - started_at)) / 60)::int AS minutes,
		       min(started_at) AS first_seen, max(last_seen_at) AS last_seen
		FROM live_presence WHERE registration_id = p.id AND event_id = p.event_id) pr ON true
	WHERE p.event_id = $1 AND p.status = 'confirmed'`

func scanAttendance(rows pgx.Rows) ([]AttendanceRow, error) {
	var out []AttendanceRow
	var r AttendanceRow
	var first, last string
	var heard, present *int
	_, err := pgx.ForEachRow(rows, []any{&r.RegistrationID, &first, &last, &r.Organisation, &r.Email, &r.arrival,
		&r.Attended, &r.Source, &heard, &present, &r.FirstSeenAt, &r.LastSeenAt}, func() error {
		row := r
		row.Name = strings.TrimSpace(first + " " + last)
		row.Minutes = max(*heard, ptrValue(present))
		switch {
		case row.Source != nil:
		case present != nil:
			row.Source = ptr("heartbeat")
		case row.Attended:
			row.Source = ptr("check_in")
		}
		out = append(out, row)
		return nil
	})
	return out, err
}

func ptr[T any](v T) *T { return &v }

func ptrValue(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// Attendance lists the event's confirmed registrants as they arrived,
// with how each attended, and the summary.
func (s *Service) Attendance(ctx context.Context, eventID string, r page.Request) (AttendancePage, error) {
	q, err := page.ReadUnfiltered[arrivalKey]("attendance", r)
	if err != nil {
		return AttendancePage{}, err
	}
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return AttendancePage{}, err
	}
	var after *int64
	if q.After != nil {
		after = &q.After.Arrival
	}
	rows, _ := s.db.Query(ctx, attendanceSelect+` AND ($2::bigint IS NULL OR c.arrival > $2)
		ORDER BY c.arrival LIMIT $3`, eventID, after, q.Fetch())
	items, err := scanAttendance(rows)
	if err != nil {
		return AttendancePage{}, fmt.Errorf("live: attendance of %s: %w", eventID, postgres.MapError(err))
	}
	out := AttendancePage{Page: page.Of(q, items, func(r AttendanceRow) arrivalKey { return arrivalKey{r.arrival} })}
	err = s.db.QueryRow(ctx, `
		SELECT count(*), count(*) FILTER (WHERE attended),
		       (SELECT count(DISTINCT registration_id) FROM live_presence
		        WHERE event_id = $1 AND last_seen_at >= $2::timestamptz - $3::interval)
		FROM registration_contacts WHERE event_id = $1 AND status = 'confirmed'`, eventID, s.now(), PresenceGap).
		Scan(&out.Summary.Confirmed, &out.Summary.Attended, &out.Summary.PresentNow)
	if err != nil {
		return AttendancePage{}, fmt.Errorf("live: attendance summary of %s: %w", eventID, err)
	}
	return out, nil
}

// attendanceRow reads one registrant's row of the list.
func attendanceRow(ctx context.Context, db postgres.DB, eventID, registrationID string) (AttendanceRow, error) {
	rows, _ := db.Query(ctx, attendanceSelect+` AND p.id = $2`, eventID, registrationID)
	items, err := scanAttendance(rows)
	switch {
	case err != nil:
		return AttendanceRow{}, fmt.Errorf("live: attendance of %s: %w", registrationID, err)
	case len(items) == 0:
		return AttendanceRow{}, fmt.Errorf("live: attendance of %s: %w", registrationID, errs.ErrNotFound)
	}
	return items[0], nil
}

// ErrMarkUnconfirmed refuses marking someone without a place.
var ErrMarkUnconfirmed = errs.Publicf(errs.ErrConflict, "Only confirmed registrants can be marked as attended or not.")

// MarkAttendance records by hand whether a confirmed registrant attended.
// A mark by hand stands against later heartbeats and reports.
func (s *Service) MarkAttendance(ctx context.Context, eventID, registrationID string, attended bool) (AttendanceRow, error) {
	if _, err := s.events.Get(ctx, eventID); err != nil {
		return AttendanceRow{}, err
	}
	notFound := fmt.Errorf("live: registration %s: %w", registrationID, errs.ErrNotFound)
	if uuid.Validate(registrationID) != nil {
		return AttendanceRow{}, notFound
	}
	p, err := participantByID(ctx, s.db, registrationID)
	switch {
	case errors.Is(err, errs.ErrNotFound) || err == nil && p.EventID != eventID:
		return AttendanceRow{}, notFound
	case err != nil:
		return AttendanceRow{}, err
	case !p.Confirmed():
		return AttendanceRow{}, ErrMarkUnconfirmed
	}
	var row AttendanceRow
	err = postgres.InTx(ctx, s.db, func(tx pgx.Tx) error {
		minutes, err := minutesPresent(ctx, tx, eventID, registrationID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `
			INSERT INTO live_attendance AS a (registration_id, event_id, source, minutes, attended, updated_at)
			VALUES ($1, $2, 'hand', $3, $4, now())
			ON CONFLICT (registration_id) DO UPDATE SET source = 'hand', minutes = greatest(a.minutes, EXCLUDED.minutes),
				attended = EXCLUDED.attended, updated_at = now()`, registrationID, eventID, minutes, attended); err != nil {
			return fmt.Errorf("live: mark %s: %w", registrationID, err)
		}
		if err := s.attendance.SetAttendedTx(ctx, tx, eventID, []string{registrationID}, attended); err != nil {
			return err
		}
		row, err = attendanceRow(ctx, tx, eventID, registrationID)
		return err
	})
	return row, err
}
