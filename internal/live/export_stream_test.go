package live

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// StreamWrite is write, for tests that stand in for the Q&A code or hold
// a writer's transaction open.
func StreamWrite(ctx context.Context, s *Service, eventID string, fn func(tx pgx.Tx) error) error {
	return s.write(ctx, eventID, fn)
}

// StreamRecord is record.
var StreamRecord = record
