package events

import (
	"context"

	"github.com/google/uuid"
)

// Name is an event's id, slug and title: what another domain shows beside
// something of the event's (a transcript line found by a search).
type Name struct {
	ID    string `db:"id"`
	Slug  string `db:"slug"`
	Title string `db:"title"`
}

// Names returns the names of the events of ids that exist, by id, in one
// query: a page of search hits names its events at once.
func (s *Service) Names(ctx context.Context, ids []string) (map[string]Name, error) {
	valid := make([]string, 0, len(ids))
	for _, id := range ids {
		if uuid.Validate(id) == nil {
			valid = append(valid, id)
		}
	}
	names, err := eventNames(ctx, s.db, valid)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Name, len(names))
	for _, n := range names {
		out[n.ID] = n
	}
	return out, nil
}
