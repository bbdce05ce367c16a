package comments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/page"
	"plenary/internal/postgres"
)

// row is a comment as stored.
type row struct {
	ID, EventID, Name, Email, Body, Status string
	ParentID                               *string
	Moderated, ByOrganiser                 bool
	CreatedAt                              time.Time
	DeletedAt                              *time.Time
}

const rowColumns = `id::text, event_id::text, name, email, body, status, parent_id::text, moderated, by_organiser, created_at, deleted_at`

func scanRow(r pgx.CollectableRow) (row, error) {
	var c row
	err := r.Scan(&c.ID, &c.EventID, &c.Name, &c.Email, &c.Body, &c.Status, &c.ParentID, &c.Moderated,
		&c.ByOrganiser, &c.CreatedAt, &c.DeletedAt)
	return c, err
}

// public is what anyone may see of a published comment: never its email.
func (c row) public() Comment {
	out := Comment{ID: c.ID, ParentID: c.ParentID, Name: c.Name, Body: c.Body, CreatedAt: c.CreatedAt,
		OrganiserReply: c.ByOrganiser, Deleted: c.DeletedAt != nil, LinksAllowed: c.Moderated && c.DeletedAt == nil}
	if out.Deleted {
		out.Name, out.Body = "", ""
	}
	return out
}

// commentByID reads a comment of the event (any event when eventID is ""),
// locking it when lock is set.
func commentByID(ctx context.Context, db postgres.DB, eventID, id string, lock bool) (row, error) {
	if uuid.Validate(id) != nil {
		return row{}, fmt.Errorf("comments: comment %q: %w", id, errs.ErrNotFound)
	}
	q := `SELECT ` + rowColumns + ` FROM comments WHERE id = $1 AND ($2 = '' OR event_id::text = $2)`
	if lock {
		q += ` FOR UPDATE`
	}
	rows, _ := db.Query(ctx, q, id, eventID)
	return oneComment(rows, id)
}

// commentByDeleteHash reads and locks the comment a delete link names.
func commentByDeleteHash(ctx context.Context, tx pgx.Tx, hash []byte) (row, error) {
	rows, _ := tx.Query(ctx, `SELECT `+rowColumns+` FROM comments WHERE delete_hash = $1 FOR UPDATE`, hash)
	return oneComment(rows, "of a delete link")
}

func oneComment(rows pgx.Rows, name string) (row, error) {
	c, err := pgx.CollectExactlyOneRow(rows, scanRow)
	if errors.Is(err, pgx.ErrNoRows) {
		return row{}, fmt.Errorf("comments: comment %s: %w", name, errs.ErrNotFound)
	}
	if err != nil {
		return row{}, fmt.Errorf("comments: read comment %s: %w", name, err)
	}
	return c, nil
}

// confirmAddress confirms the address of the standing comment whose
// confirmation link hashes to hash, and says whether there was one.
func confirmAddress(ctx context.Context, db postgres.DB, hash []byte) (bool, error) {
	var found bool
	err := db.QueryRow(ctx, `
		WITH c AS (SELECT lower(email) AS email FROM comments WHERE confirm_hash = $1 AND deleted_at IS NULL),
		added AS (INSERT INTO comment_addresses (email) SELECT email FROM c ON CONFLICT (email) DO NOTHING)
		SELECT EXISTS (SELECT 1 FROM c)`, hash).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("comments: confirm an address: %w", err)
	}
	return found, nil
}

// moderation is the event's mode; "all" until an organiser chooses.
func moderation(ctx context.Context, db postgres.DB, eventID string) (Moderation, error) {
	var m Moderation
	err := db.QueryRow(ctx, `SELECT moderation FROM comment_settings WHERE event_id = $1`, eventID).Scan(&m)
	if errors.Is(err, pgx.ErrNoRows) {
		return ModerationAll, nil
	}
	if err != nil {
		return "", fmt.Errorf("comments: moderation of %s: %w", eventID, err)
	}
	return m, nil
}

// approvedBefore says whether a moderator approved a comment of the
// address on the event ("first" moderation).
func approvedBefore(ctx context.Context, db postgres.DB, eventID, email string) (bool, error) {
	var ok bool
	err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM comments WHERE lower(email) = lower($2) AND event_id = $1
		AND status = 'approved' AND moderated)`, eventID, email).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("comments: earlier comments of an address: %w", err)
	}
	return ok, nil
}

// confirmed says whether the address's owner followed a confirmation link.
func confirmed(ctx context.Context, db postgres.DB, email string) (bool, error) {
	var ok bool
	err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM comment_addresses WHERE email = lower($1))`, email).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("comments: confirmed address: %w", err)
	}
	return ok, nil
}

// insertComment stores c with the hashes of its link tokens (none for an
// organiser's reply).
func insertComment(ctx context.Context, tx pgx.Tx, c row, authorID *string, hashes linkTokens) (row, error) {
	rows, _ := tx.Query(ctx, `
		INSERT INTO comments (event_id, parent_id, name, email, body, status, moderated, by_organiser, author_id,
			confirm_hash, delete_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING `+rowColumns,
		c.EventID, c.ParentID, c.Name, c.Email, c.Body, c.Status, c.Moderated, c.ByOrganiser, authorID,
		nullBytes(hashes.confirm), nullBytes(hashes.delete))
	out, err := pgx.CollectExactlyOneRow(rows, scanRow)
	if err != nil {
		return row{}, fmt.Errorf("comments: add a comment: %w", err)
	}
	return out, nil
}

// threadKey orders top-level comments and the queue: oldest first.
type threadKey struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

func (k threadKey) Valid() bool { return !k.At.IsZero() && uuid.Validate(k.ID) == nil }

func keyOf(c row) threadKey { return threadKey{At: c.CreatedAt, ID: c.ID} }

// after is the keyset condition's values: from the start when k is nil.
func after(k *threadKey) (*time.Time, string) {
	if k == nil {
		return nil, ""
	}
	return &k.At, k.ID
}

// publishedThreads reads a page of the event's published top-level
// comments (erased ones keep their place) and their published replies.
func publishedThreads(ctx context.Context, db postgres.DB, eventID string, q page.Query[threadKey]) (page.Page[Thread], error) {
	at, id := after(q.After)
	rows, _ := db.Query(ctx, `SELECT `+rowColumns+` FROM comments
		WHERE event_id = $1 AND parent_id IS NULL AND status = 'approved'
			AND ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid))
		ORDER BY created_at, id LIMIT $4`, eventID, at, nullUUID(id), q.Fetch())
	tops, err := pgx.CollectRows(rows, scanRow)
	if err != nil {
		return page.Page[Thread]{}, fmt.Errorf("comments: threads of %s: %w", eventID, err)
	}
	p := page.Of(q, tops, keyOf)
	ids := make([]string, len(p.Items))
	for i, c := range p.Items {
		ids[i] = c.ID
	}
	rows, _ = db.Query(ctx, `SELECT `+rowColumns+` FROM comments
		WHERE parent_id = ANY ($1::uuid[]) AND status = 'approved' ORDER BY created_at, id`, ids)
	replies, err := pgx.CollectRows(rows, scanRow)
	if err != nil {
		return page.Page[Thread]{}, fmt.Errorf("comments: replies on %s: %w", eventID, err)
	}
	byParent := map[string][]Comment{}
	for _, r := range replies {
		byParent[*r.ParentID] = append(byParent[*r.ParentID], r.public())
	}
	return page.Map(p, func(c row) Thread {
		return Thread{Comment: c.public(), Replies: append([]Comment{}, byParent[c.ID]...)}
	}), nil
}

// nullBytes is s as bytes, or NULL for "".
func nullBytes(s string) []byte {
	if s == "" {
		return nil
	}
	return []byte(s)
}

// nullUUID is id, or NULL for "".
func nullUUID(id string) *string {
	if id == "" {
		return nil
	}
	return &id
}

// queue reads a page of the event's comments of one status, oldest first,
// with each author's email and whether it is confirmed.
func queue(ctx context.Context, db postgres.DB, eventID, status string, q page.Query[threadKey]) (page.Page[ModComment], error) {
	at, id := after(q.After)
	rows, _ := db.Query(ctx, `SELECT `+rowColumns+`, EXISTS (SELECT 1 FROM comment_addresses a WHERE a.email = lower(c.email))
		FROM comments c WHERE event_id = $1 AND status = $2
			AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4::uuid))
		ORDER BY created_at, id LIMIT $5`, eventID, status, at, nullUUID(id), q.Fetch())
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (ModComment, error) {
		var c row
		var ok bool
		err := r.Scan(&c.ID, &c.EventID, &c.Name, &c.Email, &c.Body, &c.Status, &c.ParentID, &c.Moderated,
			&c.ByOrganiser, &c.CreatedAt, &c.DeletedAt, &ok)
		return c.mod(ok), err
	})
	if err != nil {
		return page.Page[ModComment]{}, fmt.Errorf("comments: queue of %s: %w", eventID, err)
	}
	return page.Of(q, list, func(c ModComment) threadKey { return threadKey{At: c.CreatedAt, ID: c.ID} }), nil
}

// mod is what moderators see of a comment.
func (c row) mod(emailConfirmed bool) ModComment {
	return ModComment{Comment: c.public(), Email: c.Email, EmailConfirmed: emailConfirmed, Status: c.Status}
}

// erase empties the comment's name, email and body and kills its
// confirmation link, keeping its place (and its delete link, which does
// nothing more); and forgets the address's confirmation when no comment of it is left.
func erase(ctx context.Context, tx pgx.Tx, c row) error {
	if _, err := tx.Exec(ctx, `UPDATE comments SET name = '', email = '', body = '', confirm_hash = NULL, deleted_at = now()
		WHERE id = $1 AND deleted_at IS NULL`, c.ID); err != nil {
		return fmt.Errorf("comments: erase %s: %w", c.ID, err)
	}
	if c.Email == "" {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM comment_addresses WHERE email = lower($1)
		AND NOT EXISTS (SELECT 1 FROM comments WHERE lower(email) = lower($1))`, c.Email); err != nil {
		return fmt.Errorf("comments: forget the address of %s: %w", c.ID, err)
	}
	return nil
}
