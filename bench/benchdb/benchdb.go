// Package benchdb gives a bench harness a migrated database on a throwaway
// embedded PostgreSQL cluster, removed when the harness ends.
package benchdb

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/postgres"
)

// Start makes the cluster and database. Call stop when done. With durable
// set, commits are flushed to disk as in the server's own cluster;
// otherwise fsync is off, as in the test clusters, and writes cost CPU only.
func Start(ctx context.Context, durable bool) (pool *pgxpool.Pool, stop func(), err error) {
	dir, err := os.MkdirTemp("", "plenary-bench-")
	if err != nil {
		return nil, nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	if err := os.Chmod(dir, 0o755); err != nil { // the postgres user must enter it when we are root
		cleanup()
		return nil, nil, err
	}
	binDir, err := postgres.FindBinaries(os.Getenv("POSTGRES_BIN_DIR"), os.Getenv("PATH"))
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	cluster, err := postgres.NewCluster(dir, binDir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	cluster.NoSync = !durable
	stopCluster := func() { _ = cluster.Stop(context.Background()); cleanup() }
	if err := cluster.Start(ctx); err != nil {
		stopCluster()
		return nil, nil, err
	}
	if err := cluster.CreateDatabase(ctx, "bench"); err != nil {
		stopCluster()
		return nil, nil, err
	}
	if pool, err = postgres.Open(ctx, cluster.DSN("bench")); err != nil {
		stopCluster()
		return nil, nil, err
	}
	if err := postgres.MigrateUp(pool); err != nil {
		pool.Close()
		stopCluster()
		return nil, nil, err
	}
	return pool, func() { pool.Close(); stopCluster() }, nil
}

// PostmasterPID is the process id of the cluster's postmaster, the parent
// of every backend, for a bench that accounts for PostgreSQL's CPU time.
func PostmasterPID(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var dir string
	if err := pool.QueryRow(ctx, `SHOW data_directory`).Scan(&dir); err != nil {
		return 0, err
	}
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	first, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(first))
}
