package events

import (
	"time"

	"github.com/google/uuid"

	"plenary/internal/page"
)

// The events domain's lists page through internal/page; these are their
// sort keys, each ending in the row's unique id.

// startKey orders events by start time, then id.
type startKey struct {
	StartsAt time.Time `json:"starts_at"`
	ID       string    `json:"id"`
}

func (k startKey) Valid() bool { return !k.StartsAt.IsZero() && uuid.Validate(k.ID) == nil }

func (e Event) startKey() startKey { return startKey{StartsAt: e.StartsAt, ID: e.ID} }

// nameKey orders the directories by name (PostgreSQL's lower() of it, so
// that the order and the cursor agree), then id.
type nameKey struct {
	Name string `json:"name"`
	ID   string `json:"id"`
}

func (k nameKey) Valid() bool { return page.ValidText(k.Name) && uuid.Validate(k.ID) == nil }

// bounds is the key as query arguments, both nil before the first page.
func (k *nameKey) bounds() (name, id *string) {
	if k == nil {
		return nil, nil
	}
	return &k.Name, &k.ID
}
