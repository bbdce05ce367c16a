// Package errs holds the errors that domain services return and that
// internal/httpserver maps to HTTP statuses, once, in one place. Services
// wrap these sentinels with context (fmt.Errorf("...: %w", errs.ErrNotFound))
// and never import the web framework.
package errs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Sentinel errors, each mapped to one HTTP status.
var (
	ErrBadRequest   = errors.New("bad request")        // 400: unreadable, whatever the rules
	ErrNotFound     = errors.New("not found")          // 404
	ErrConflict     = errors.New("conflict")           // 409
	ErrInvalid      = errors.New("invalid")            // 422
	ErrUnauthorized = errors.New("not signed in")      // 401
	ErrForbidden    = errors.New("forbidden")          // 403
	ErrFull         = errors.New("full")               // 409
	ErrRetry        = errors.New("temporary conflict") // 503, safe to retry
	ErrUpstream     = errors.New("upstream failed")    // 502: a service we call (Stripe) failed; nothing changed here
)

// Validation is a set of per-field messages. It unwraps to ErrInvalid.
type Validation map[string]string

// Add records a message for a field, keeping the first one.
func (v Validation) Add(field, message string) {
	if _, ok := v[field]; !ok {
		v[field] = message
	}
}

// Err returns v as an error, or nil when no field failed.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

func (v Validation) Error() string {
	fields := make([]string, 0, len(v))
	for f := range v {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = f + ": " + v[f]
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(v, ErrInvalid) true.
func (v Validation) Unwrap() error { return ErrInvalid }

// TooMany is returned when a rate limit refuses a request.
type TooMany struct {
	RetryAfter time.Duration
}

func (e *TooMany) Error() string {
	return fmt.Sprintf("too many requests: retry after %s", e.RetryAfter)
}

// Public is an error whose message is safe to show to the client as the
// problem's detail. It wraps a sentinel that decides the status.
type Public struct {
	Err    error
	Detail string
}

// Publicf wraps a sentinel with a client-safe message.
func Publicf(sentinel error, format string, args ...any) error {
	return &Public{Err: sentinel, Detail: fmt.Sprintf(format, args...)}
}

func (e *Public) Error() string { return e.Detail }
func (e *Public) Unwrap() error { return e.Err }
