// Package postgres opens the connection pool, runs transactions and
// migrations, maps PostgreSQL errors to the domain errors of package errs,
// and runs the embedded development cluster.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/errs"
)

// Open connects a pool to dsn and checks that the server answers.
func Open(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse database URL: %w", err)
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	return pool, nil
}

// Beginner is what InTx needs: a pool, a connection or a transaction.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// maxTxAttempts bounds how often InTx retries a transaction that lost a
// serialization or deadlock race.
const maxTxAttempts = 3

// InTx runs fn in a transaction, commits when fn returns nil and rolls back
// otherwise. A transaction that fails with a serialization failure or a
// deadlock is retried from the start, so fn must not have effects outside
// the transaction.
func InTx(ctx context.Context, db Beginner, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := 1; attempt <= maxTxAttempts; attempt++ {
		err = pgx.BeginFunc(ctx, db, fn)
		if err == nil || !errors.Is(MapError(err), errs.ErrRetry) {
			return MapError(err)
		}
	}
	return MapError(err)
}

// PostgreSQL error codes the domain cares about.
const (
	codeUniqueViolation      = "23505"
	codeCheckViolation       = "23514"
	codeForeignKeyViolation  = "23503"
	codeNotNullViolation     = "23502"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
)

// dbError keeps the PostgreSQL error in the chain beside the domain sentinel,
// so errors.Is finds the sentinel and errors.As still finds *pgconn.PgError.
type dbError struct {
	sentinel error
	cause    error
}

func (e *dbError) Error() string   { return e.sentinel.Error() + ": " + e.cause.Error() }
func (e *dbError) Unwrap() []error { return []error{e.sentinel, e.cause} }

// MapError translates a PostgreSQL or pgx error into a domain error: no rows
// is errs.ErrNotFound, a unique violation errs.ErrConflict, a check, foreign
// key or not-null violation errs.ErrInvalid, a serialization failure or
// deadlock errs.ErrRetry. Other errors pass through unchanged.
func MapError(err error) error {
	if err == nil {
		return nil
	}
	var already *dbError
	if errors.As(err, &already) {
		return err
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return &dbError{sentinel: errs.ErrNotFound, cause: err}
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return err
	}
	switch pgErr.Code {
	case codeUniqueViolation:
		return &dbError{sentinel: errs.ErrConflict, cause: err}
	case codeCheckViolation, codeForeignKeyViolation, codeNotNullViolation:
		return &dbError{sentinel: errs.ErrInvalid, cause: err}
	case codeSerializationFailure, codeDeadlockDetected:
		return &dbError{sentinel: errs.ErrRetry, cause: err}
	}
	return err
}

// ConstraintName returns the name of the violated constraint in err, or "".
func ConstraintName(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.ConstraintName
	}
	return ""
}

// DB is what store code runs queries on: a pool or a transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}
