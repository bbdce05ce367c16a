package events

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"plenary/internal/page"
	"plenary/internal/postgres"
)

const eventColumns = `id, slug, title, summary, description, organiser_note, starts_at, duration_minutes, timezone, status,
	capacity, registration_opens_at, registration_closes_at, stream_url, cover_image_url, recording_url, topics,
	sequence, created_by, created_at, updated_at, published_at, cancellation_message`

func collectEvent(rows pgx.Rows, err error) (Event, error) {
	if err != nil {
		return Event{}, postgres.MapError(err)
	}
	e, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Event])
	return e, postgres.MapError(err)
}

func insertEvent(ctx context.Context, db postgres.DB, e Event) (Event, error) {
	rows, err := db.Query(ctx, `
		INSERT INTO events (slug, title, summary, description, starts_at, duration_minutes, timezone,
			capacity, registration_opens_at, registration_closes_at, stream_url, cover_image_url, topics, created_by,
			organiser_note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		RETURNING `+eventColumns,
		e.Slug, e.Title, e.Summary, e.Description, e.StartsAt, e.DurationMinutes, e.Timezone,
		e.Capacity, e.RegistrationOpensAt, e.RegistrationClosesAt, e.StreamURL, e.CoverImageURL, e.Topics, e.CreatedBy,
		e.OrganiserNote)
	created, err := collectEvent(rows, err)
	if err != nil {
		return Event{}, fmt.Errorf("events: insert %s: %w", e.Slug, err)
	}
	return created, nil
}

// updateEvent saves the editable fields, status and sequence of e.
func updateEvent(ctx context.Context, db postgres.DB, e Event) (Event, error) {
	rows, err := db.Query(ctx, `
		UPDATE events SET slug = $2, title = $3, summary = $4, description = $5, starts_at = $6,
			duration_minutes = $7, timezone = $8, capacity = $9, registration_opens_at = $10,
			registration_closes_at = $11, stream_url = $12, cover_image_url = $13, topics = $14,
			status = $15, sequence = $16, published_at = $17, recording_url = $18, organiser_note = $19,
			cancellation_message = $20,
			updated_at = now()
		WHERE id = $1
		RETURNING `+eventColumns,
		e.ID, e.Slug, e.Title, e.Summary, e.Description, e.StartsAt, e.DurationMinutes, e.Timezone,
		e.Capacity, e.RegistrationOpensAt, e.RegistrationClosesAt, e.StreamURL, e.CoverImageURL, e.Topics,
		e.Status, e.Sequence, e.PublishedAt, e.RecordingURL, e.OrganiserNote, e.CancellationMessage)
	updated, err := collectEvent(rows, err)
	if err != nil {
		return Event{}, fmt.Errorf("events: update %s: %w", e.ID, err)
	}
	return updated, nil
}

// eventByID reads an event, locking its row when lock is true so that
// concurrent edits apply one after the other.
func eventByID(ctx context.Context, db postgres.DB, id string, lock bool) (Event, error) {
	q := `SELECT ` + eventColumns + ` FROM events WHERE id = $1`
	if lock {
		q += ` FOR UPDATE`
	}
	rows, err := db.Query(ctx, q, id)
	e, err := collectEvent(rows, err)
	if err != nil {
		return Event{}, fmt.Errorf("events: event %s: %w", id, err)
	}
	return e, nil
}

// publicEventBySlug reads an event the public may see: a published one,
// or a cancelled one that was published (whoever has its link learns it
// was cancelled).
func publicEventBySlug(ctx context.Context, db postgres.DB, slug string) (Event, error) {
	rows, err := db.Query(ctx, `SELECT `+eventColumns+` FROM events
		WHERE slug = $1 AND (status = 'published' OR (status = 'cancelled' AND published_at IS NOT NULL))`, slug)
	e, err := collectEvent(rows, err)
	if err != nil {
		return Event{}, fmt.Errorf("events: public event %q: %w", slug, err)
	}
	return e, nil
}

func deleteDraft(ctx context.Context, db postgres.DB, id string) (int64, error) {
	tag, err := db.Exec(ctx, `DELETE FROM events WHERE id = $1 AND status = 'draft'`, id)
	if err != nil {
		return 0, fmt.Errorf("events: delete %s: %w", id, postgres.MapError(err))
	}
	return tag.RowsAffected(), nil
}

// refreshShown brings the events in step with a change to what they show
// (their details, speakers, partners or agenda): their text-search
// document is computed again from title, summary and speakers, and
// updated_at moves, so that readers which keep an event until it does,
// such as the mailer, read it again.
func refreshShown(ctx context.Context, db postgres.DB, eventIDs []string) error {
	_, err := db.Exec(ctx, `
		UPDATE events e SET updated_at = now(), search =
			setweight(to_tsvector('english', e.title), 'A') ||
			setweight(to_tsvector('english', e.summary), 'B') ||
			setweight(to_tsvector('english', coalesce((
				SELECT string_agg(p.name || ' ' || p.organisation, ' ')
				FROM event_speakers es JOIN people p ON p.id = es.person_id
				WHERE es.event_id = e.id), '')), 'B')
		WHERE e.id = ANY($1)`, eventIDs)
	if err != nil {
		return fmt.Errorf("events: refresh what events show: %w", err)
	}
	return nil
}

// notifyChanged tells every server process, at commit, that these events'
// pages must be rendered again. The payload is the slug, or "*" for all.
func notifyChanged(ctx context.Context, db postgres.DB, slugs ...string) error {
	for _, slug := range slugs {
		if _, err := db.Exec(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, slug); err != nil {
			return fmt.Errorf("events: notify: %w", err)
		}
	}
	return nil
}

func speakersOf(ctx context.Context, db postgres.DB, eventID string) ([]Speaker, error) {
	rows, _ := db.Query(ctx, `
		SELECT es.person_id, p.name, p.job_title, p.organisation, p.bio, p.photo_url, es.role
		FROM event_speakers es JOIN people p ON p.id = es.person_id
		WHERE es.event_id = $1 ORDER BY es.position`, eventID)
	speakers, err := pgx.CollectRows(rows, pgx.RowToStructByName[Speaker])
	if err != nil {
		return nil, fmt.Errorf("events: speakers of %s: %w", eventID, postgres.MapError(err))
	}
	return speakers, nil
}

func partnersOf(ctx context.Context, db postgres.DB, eventID string) ([]Partner, error) {
	rows, _ := db.Query(ctx, `
		SELECT ep.organisation_id, o.name, ep.kind, o.website, o.logo_url, o.description, ep.note
		FROM event_partners ep JOIN organisations o ON o.id = ep.organisation_id
		WHERE ep.event_id = $1 ORDER BY ep.position`, eventID)
	partners, err := pgx.CollectRows(rows, pgx.RowToStructByName[Partner])
	if err != nil {
		return nil, fmt.Errorf("events: partners of %s: %w", eventID, postgres.MapError(err))
	}
	return partners, nil
}

func agendaOf(ctx context.Context, db postgres.DB, eventID string) ([]AgendaItem, error) {
	rows, _ := db.Query(ctx, `
		SELECT a.id, a.title, a.start_offset_minutes, a.duration_minutes, a.description,
			coalesce((SELECT json_agg(json_build_object('person_id', p.id, 'name', p.name) ORDER BY s.ord)
				FROM unnest(a.speaker_ids) WITH ORDINALITY AS s(id, ord) JOIN people p ON p.id = s.id), '[]') AS speakers
		FROM agenda_items a WHERE a.event_id = $1 ORDER BY a.position`, eventID)
	items, err := pgx.CollectRows(rows, pgx.RowToStructByName[AgendaItem])
	if err != nil {
		return nil, fmt.Errorf("events: agenda of %s: %w", eventID, postgres.MapError(err))
	}
	return items, nil
}

func replaceSpeakers(ctx context.Context, db postgres.DB, eventID string, speakers []SpeakerInput) error {
	if _, err := db.Exec(ctx, `DELETE FROM event_speakers WHERE event_id = $1`, eventID); err != nil {
		return fmt.Errorf("events: clear speakers: %w", err)
	}
	for i, s := range speakers {
		if _, err := db.Exec(ctx, `INSERT INTO event_speakers (event_id, person_id, role, position) VALUES ($1, $2, $3, $4)`,
			eventID, s.PersonID, s.Role, i); err != nil {
			return fmt.Errorf("events: add speaker %s: %w", s.PersonID, postgres.MapError(err))
		}
	}
	return nil
}

func replacePartners(ctx context.Context, db postgres.DB, eventID string, partners []PartnerInput) error {
	if _, err := db.Exec(ctx, `DELETE FROM event_partners WHERE event_id = $1`, eventID); err != nil {
		return fmt.Errorf("events: clear partners: %w", err)
	}
	for i, p := range partners {
		if _, err := db.Exec(ctx, `INSERT INTO event_partners (event_id, organisation_id, kind, note, position) VALUES ($1, $2, $3, $4, $5)`,
			eventID, p.OrganisationID, p.Kind, p.Note, i); err != nil {
			return fmt.Errorf("events: add partner %s: %w", p.OrganisationID, postgres.MapError(err))
		}
	}
	return nil
}

func insertAgendaItem(ctx context.Context, db postgres.DB, eventID string, a AgendaInput) (string, error) {
	var id string
	err := db.QueryRow(ctx, `
		INSERT INTO agenda_items (event_id, title, start_offset_minutes, duration_minutes, description, speaker_ids, position)
		VALUES ($1, $2, $3, $4, $5, $6, (SELECT coalesce(max(position) + 1, 0) FROM agenda_items WHERE event_id = $1))
		RETURNING id`, eventID, a.Title, a.StartOffsetMinutes, a.DurationMinutes, a.Description, a.SpeakerIDs).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("events: add agenda item: %w", postgres.MapError(err))
	}
	return id, nil
}

func updateAgendaItem(ctx context.Context, db postgres.DB, eventID, itemID string, a AgendaInput) error {
	tag, err := db.Exec(ctx, `
		UPDATE agenda_items SET title = $3, start_offset_minutes = $4, duration_minutes = $5, description = $6, speaker_ids = $7
		WHERE id = $2 AND event_id = $1`, eventID, itemID, a.Title, a.StartOffsetMinutes, a.DurationMinutes, a.Description, a.SpeakerIDs)
	return affectedOne(tag.RowsAffected(), err, "update agenda item "+itemID)
}

func deleteAgendaItem(ctx context.Context, db postgres.DB, eventID, itemID string) error {
	tag, err := db.Exec(ctx, `DELETE FROM agenda_items WHERE id = $2 AND event_id = $1`, eventID, itemID)
	return affectedOne(tag.RowsAffected(), err, "delete agenda item "+itemID)
}

// reorderAgenda sets positions from the order of ids, which must be exactly
// the event's items.
func reorderAgenda(ctx context.Context, db postgres.DB, eventID string, ids []string) (int64, error) {
	tag, err := db.Exec(ctx, `
		UPDATE agenda_items a SET position = o.ord - 1
		FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
		WHERE a.id = o.id AND a.event_id = $1`, eventID, ids)
	if err != nil {
		return 0, fmt.Errorf("events: reorder agenda: %w", postgres.MapError(err))
	}
	return tag.RowsAffected(), nil
}

func affectedOne(n int64, err error, what string) error {
	if err != nil {
		return fmt.Errorf("events: %s: %w", what, postgres.MapError(err))
	}
	if n == 0 {
		return fmt.Errorf("events: %s: %w", what, postgres.MapError(pgx.ErrNoRows))
	}
	return nil
}

// eventsShowing lists the events on whose pages a person or organisation
// appears, so that a change to them refreshes those pages.
func eventsShowing(ctx context.Context, db postgres.DB, personOrOrgID string) (ids, slugs []string, err error) {
	rows, _ := db.Query(ctx, `
		SELECT e.id, e.slug FROM events e
		WHERE EXISTS (SELECT 1 FROM event_speakers s WHERE s.event_id = e.id AND s.person_id = $1)
		   OR EXISTS (SELECT 1 FROM event_partners p WHERE p.event_id = e.id AND p.organisation_id = $1)`, personOrOrgID)
	var id, slug string
	_, err = pgx.ForEachRow(rows, []any{&id, &slug}, func() error {
		ids, slugs = append(ids, id), append(slugs, slug)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("events: events showing %s: %w", personOrOrgID, postgres.MapError(err))
	}
	return ids, slugs, nil
}

const personColumns = `id, name, job_title, organisation, bio, photo_url, created_at, updated_at`

func insertPerson(ctx context.Context, db postgres.DB, p PersonInput) (Person, error) {
	rows, _ := db.Query(ctx, `
		INSERT INTO people (name, job_title, organisation, bio, photo_url) VALUES ($1, $2, $3, $4, $5)
		RETURNING `+personColumns, p.Name, p.JobTitle, p.Organisation, p.Bio, p.PhotoURL)
	person, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Person])
	if err != nil {
		return Person{}, fmt.Errorf("events: insert person: %w", postgres.MapError(err))
	}
	return person, nil
}

func updatePerson(ctx context.Context, db postgres.DB, id string, p PersonInput) (Person, error) {
	rows, _ := db.Query(ctx, `
		UPDATE people SET name = $2, job_title = $3, organisation = $4, bio = $5, photo_url = $6, updated_at = now()
		WHERE id = $1 RETURNING `+personColumns, id, p.Name, p.JobTitle, p.Organisation, p.Bio, p.PhotoURL)
	person, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Person])
	if err != nil {
		return Person{}, fmt.Errorf("events: update person %s: %w", id, postgres.MapError(err))
	}
	return person, nil
}

func listPeople(ctx context.Context, db postgres.DB, q page.Query[nameKey]) (page.Page[Person], error) {
	return listByName(ctx, db, q, "people", personColumns, func(p Person) nameKey { return nameKey{Name: p.Name, ID: p.ID} })
}

// listByName pages a directory by name (case aside), then id.
func listByName[T any](ctx context.Context, db postgres.DB, q page.Query[nameKey], table, columns string, key func(T) nameKey) (page.Page[T], error) {
	after, afterID := q.After.bounds()
	rows, _ := db.Query(ctx, `SELECT `+columns+` FROM `+table+`
		WHERE $1::text IS NULL OR (lower(name), id) > (lower($1), $2::uuid)
		ORDER BY lower(name), id LIMIT $3`, after, afterID, q.Fetch())
	found, err := pgx.CollectRows(rows, pgx.RowToStructByName[T])
	if err != nil {
		return page.Page[T]{}, fmt.Errorf("events: list %s: %w", table, postgres.MapError(err))
	}
	return page.Of(q, found, key), nil
}

func deletePerson(ctx context.Context, db postgres.DB, id string) error {
	tag, err := db.Exec(ctx, `DELETE FROM people WHERE id = $1`, id)
	return affectedOne(tag.RowsAffected(), err, "delete person "+id)
}

const organisationColumns = `id, name, website, logo_url, description, created_at, updated_at`

func insertOrganisation(ctx context.Context, db postgres.DB, o OrganisationInput) (Organisation, error) {
	rows, _ := db.Query(ctx, `
		INSERT INTO organisations (name, website, logo_url, description) VALUES ($1, $2, $3, $4)
		RETURNING `+organisationColumns, o.Name, o.Website, o.LogoURL, o.Description)
	org, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Organisation])
	if err != nil {
		return Organisation{}, fmt.Errorf("events: insert organisation: %w", postgres.MapError(err))
	}
	return org, nil
}

func updateOrganisation(ctx context.Context, db postgres.DB, id string, o OrganisationInput) (Organisation, error) {
	rows, _ := db.Query(ctx, `
		UPDATE organisations SET name = $2, website = $3, logo_url = $4, description = $5, updated_at = now()
		WHERE id = $1 RETURNING `+organisationColumns, id, o.Name, o.Website, o.LogoURL, o.Description)
	org, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Organisation])
	if err != nil {
		return Organisation{}, fmt.Errorf("events: update organisation %s: %w", id, postgres.MapError(err))
	}
	return org, nil
}

func listOrganisations(ctx context.Context, db postgres.DB, q page.Query[nameKey]) (page.Page[Organisation], error) {
	return listByName(ctx, db, q, "organisations", organisationColumns, func(o Organisation) nameKey { return nameKey{Name: o.Name, ID: o.ID} })
}

func deleteOrganisation(ctx context.Context, db postgres.DB, id string) error {
	tag, err := db.Exec(ctx, `DELETE FROM organisations WHERE id = $1`, id)
	return affectedOne(tag.RowsAffected(), err, "delete organisation "+id)
}

func listAllEvents(ctx context.Context, db postgres.DB, q page.Query[startKey]) (page.Page[Event], error) {
	var afterAt *time.Time
	var afterID *string
	if q.After != nil {
		afterAt, afterID = &q.After.StartsAt, &q.After.ID
	}
	rows, _ := db.Query(ctx, `SELECT `+eventColumns+` FROM events
		WHERE $1::timestamptz IS NULL OR (starts_at, id) < ($1, $2::uuid)
		ORDER BY starts_at DESC, id DESC LIMIT $3`, afterAt, afterID, q.Fetch())
	found, err := pgx.CollectRows(rows, pgx.RowToStructByName[Event])
	if err != nil {
		return page.Page[Event]{}, fmt.Errorf("events: list all: %w", postgres.MapError(err))
	}
	return page.Of(q, found, Event.startKey), nil
}

// personByName finds a person by exact name and organisation, for the
// demo seed's idempotence.
func personByName(ctx context.Context, db postgres.DB, name, organisation string) (Person, error) {
	rows, _ := db.Query(ctx, `SELECT `+personColumns+` FROM people WHERE name = $1 AND organisation = $2 ORDER BY created_at LIMIT 1`, name, organisation)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Person])
	if err != nil {
		return Person{}, fmt.Errorf("events: person %q: %w", name, postgres.MapError(err))
	}
	return p, nil
}

func organisationByName(ctx context.Context, db postgres.DB, name string) (Organisation, error) {
	rows, _ := db.Query(ctx, `SELECT `+organisationColumns+` FROM organisations WHERE lower(name) = lower($1)`, name)
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Organisation])
	if err != nil {
		return Organisation{}, fmt.Errorf("events: organisation %q: %w", name, postgres.MapError(err))
	}
	return o, nil
}

func eventBySlug(ctx context.Context, db postgres.DB, slug string) (Event, error) {
	rows, err := db.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE slug = $1`, slug)
	e, err := collectEvent(rows, err)
	if err != nil {
		return Event{}, fmt.Errorf("events: event %q: %w", slug, err)
	}
	return e, nil
}
