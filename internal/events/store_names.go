package events

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"plenary/internal/postgres"
)

func eventNames(ctx context.Context, db postgres.DB, ids []string) ([]Name, error) {
	rows, _ := db.Query(ctx, `SELECT id::text AS id, slug, title FROM events WHERE id = ANY ($1::uuid[])`, ids)
	names, err := pgx.CollectRows(rows, pgx.RowToStructByName[Name])
	if err != nil {
		return nil, fmt.Errorf("events: names of %d events: %w", len(ids), postgres.MapError(err))
	}
	return names, nil
}
