// Package page pages every list of the API one way: ?limit (1 to 200;
// 50 when absent), ?cursor (opaque: the
// next_cursor of the page before), items in a stable order that ends in a
// unique key, and the answer {items, next_cursor} (null on the last page).
//
// A list orders its rows by a key K (a start time then an id, an arrival
// number) and asks for the rows after the cursor's key: keyset paging, so
// rows added or removed between two requests never make the others repeat
// or go missing. No list encodes, checks or trims a page itself.
package page

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"plenary/internal/errs"
)

// Request is a client's ?limit and ?cursor, as the HTTP layer reads them.
type Request struct {
	Limit  int // 0: the list's default; below 0: not a positive whole number
	Cursor string
}

// Page sizes, the same for every list.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Key is the sort key of a list's items, as a cursor carries it. Valid
// says whether a decoded key can be used in the list's query, so a forged
// cursor is refused rather than sent to PostgreSQL.
type Key interface{ Valid() bool }

// Query is a request read for one list: how many items to show and the
// key to start after (nil: from the first).
type Query[K Key] struct {
	Limit int
	After *K
	list  string
}

// Fetch is the SQL LIMIT: one more row than the page shows, which tells
// whether another page follows.
func (q Query[K]) Fetch() int { return q.Limit + 1 }

// ErrBadCursor answers a cursor that the list did not give out: malformed,
// altered, or another list's.
var ErrBadCursor = errs.Publicf(errs.ErrBadRequest, "The cursor is not one this list gave out; start again from the first page.")

// Read checks a request for the named list. A limit out of bounds is added
// to v, with the list's other fields (422); a bad cursor is ErrBadCursor.
func Read[K Key](list string, r Request, v errs.Validation) (Query[K], error) {
	q := Query[K]{Limit: r.Limit, list: list}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	if q.Limit < 1 || q.Limit > MaxLimit {
		v.Add("limit", fmt.Sprintf("Use a limit from 1 to %d.", MaxLimit))
	}
	if r.Cursor == "" {
		return q, nil
	}
	after, ok := decode[K](list, r.Cursor)
	if !ok {
		return q, fmt.Errorf("page: %s: %w", list, ErrBadCursor)
	}
	q.After = &after
	return q, nil
}

// ReadUnfiltered is Read for a list that takes no other parameters.
func ReadUnfiltered[K Key](list string, r Request) (Query[K], error) {
	v := errs.Validation{}
	q, err := Read[K](list, r, v)
	if err == nil {
		err = v.Err()
	}
	return q, err
}

// ValidText says whether a key's text can go to PostgreSQL as it is
// (JSON decoding leaves it valid UTF-8, but may hold a NUL).
func ValidText(s string) bool { return !strings.ContainsRune(s, 0) }

// Page is one page of a list.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// Of makes the page from rows fetched in the list's order with LIMIT
// q.Fetch(); key gives an item's sort key.
func Of[T any, K Key](q Query[K], rows []T, key func(T) K) Page[T] {
	p := Page[T]{Items: rows}
	if p.Items == nil {
		p.Items = []T{}
	}
	if len(rows) > q.Limit {
		p.Items = rows[:q.Limit]
		next := encode(q.list, key(p.Items[q.Limit-1]))
		p.NextCursor = &next
	}
	return p
}

// Map turns a page of one type into a page of another, keeping its cursor.
func Map[T, U any](p Page[T], f func(T) U) Page[U] {
	out := Page[U]{Items: make([]U, len(p.Items)), NextCursor: p.NextCursor}
	for i, item := range p.Items {
		out.Items[i] = f(item)
	}
	return out
}

// A cursor is base64url of {"l": list, "k": key} followed by a check of
// those bytes: it names its list, so one list's cursor is refused by
// another, and a cursor altered in transit or by hand fails the check.
type envelope[K any] struct {
	List string `json:"l"`
	Key  *K     `json:"k"`
}

const checkLen = 8

func check(payload []byte) []byte {
	sum := sha256.Sum256(append([]byte("plenary page cursor\x00"), payload...))
	return sum[:checkLen]
}

func encode[K any](list string, key K) string {
	payload, err := json.Marshal(envelope[K]{List: list, Key: &key})
	if err != nil {
		panic(fmt.Sprintf("page: a %s key does not encode: %v", list, err))
	}
	return base64.RawURLEncoding.EncodeToString(append(payload, check(payload)...))
}

func decode[K Key](list, cursor string) (K, bool) {
	var zero K
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) <= checkLen {
		return zero, false
	}
	payload, sum := raw[:len(raw)-checkLen], raw[len(raw)-checkLen:]
	if !bytes.Equal(sum, check(payload)) {
		return zero, false
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	var e envelope[K]
	if err := dec.Decode(&e); err != nil || dec.More() || e.List != list || e.Key == nil || !(*e.Key).Valid() {
		return zero, false
	}
	return *e.Key, true
}
