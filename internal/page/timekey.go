package page

import (
	"time"

	"github.com/google/uuid"
)

// TimeKey is the key of a list ordered by a time and then by a UUID, as
// most lists of records are (newest or oldest first).
type TimeKey struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

// Valid says whether the key can go to PostgreSQL: a time and a UUID.
func (k TimeKey) Valid() bool { return !k.At.IsZero() && uuid.Validate(k.ID) == nil }

// AfterTime is the keyset condition's values of q: nil and nil from the
// first item, for SQL such as
// ($2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid)).
func AfterTime(q Query[TimeKey]) (*time.Time, *string) {
	if q.After == nil {
		return nil, nil
	}
	return &q.After.At, &q.After.ID
}
