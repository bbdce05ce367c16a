package page

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

// fuzzKey is a key of the shape the lists use: a time and an id.
type fuzzKey struct {
	At time.Time `json:"at"`
	ID string    `json:"id"`
}

func (k fuzzKey) Valid() bool { return !k.At.IsZero() && uuid.Validate(k.ID) == nil && ValidText(k.ID) }

// FuzzCursor: whatever a client sends as a cursor, it is refused, or it
// is a cursor this list gave out: its key is valid and encodes back to it.
func FuzzCursor(f *testing.F) {
	good := encode("events", fuzzKey{At: time.Date(2026, 6, 23, 9, 0, 0, 0, time.UTC), ID: "6f2db05a-179c-4408-9464-cb9843b4ee76"})
	for _, s := range []string{"", "eyJ9", "bm90IGpzb24", good, good[:len(good)-1], good + "A"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, ok := decode[fuzzKey]("events", s)
		if !ok {
			return
		}
		if !key.Valid() {
			t.Fatalf("cursor %q accepted as %+v", s, key)
		}
		if _, ok := decode[fuzzKey]("registrations", s); ok {
			t.Fatalf("cursor %q of one list accepted by another", s)
		}
	})
}
