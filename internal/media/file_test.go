package media

import (
	"errors"
	"testing"
	"time"

	"plenary/internal/errs"
)

// The file cache keeps a slug's file for fileCacheTTL, never keeps a
// failed lookup, and forgets stale slugs once it holds many.
func TestFileCache(t *testing.T) {
	c := newFileCache()
	now := time.Date(2026, 6, 23, 10, 0, 0, 0, time.UTC)
	loads := 0
	found := func() (storedFile, error) { loads++; return storedFile{StorageKey: "k"}, nil }
	missing := func() (storedFile, error) { loads++; return storedFile{}, errs.ErrNotFound }
	for _, step := range []struct {
		name      string
		slug      string
		at        time.Duration
		load      func() (storedFile, error)
		wantLoads int
		wantErr   error
	}{
		{"first ask loads", "a", 0, found, 1, nil},
		{"within the TTL: cached", "a", fileCacheTTL - time.Millisecond, found, 1, nil},
		{"at the TTL: loads again", "a", fileCacheTTL, found, 2, nil},
		{"a missing file", "b", 0, missing, 3, errs.ErrNotFound},
		{"is looked up again", "b", time.Millisecond, missing, 4, errs.ErrNotFound},
	} {
		f, err := c.get(step.slug, now.Add(step.at), step.load)
		if loads != step.wantLoads || !errors.Is(err, step.wantErr) || (err == nil && f.StorageKey != "k") {
			t.Errorf("%s: %d loads, %+v, %v; want %d loads, err %v", step.name, loads, f, err, step.wantLoads, step.wantErr)
		}
	}
	for i := range 1000 {
		_, _ = c.get(string(rune('A'+i%26))+time.Duration(i).String(), now, found)
	}
	_, _ = c.get("late", now.Add(time.Hour), found)
	if len(c.entries) != 1 {
		t.Errorf("%d entries after a sweep, want only the fresh one", len(c.entries))
	}
}
