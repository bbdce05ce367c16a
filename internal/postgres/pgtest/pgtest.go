// Package pgtest gives each test a fresh, migrated PostgreSQL database.
//
// One throwaway cluster (fsync off) serves every test package of a `go test`
// run: the first package process to arrive creates it and a migrated
// template database, each test clones the template (tens of milliseconds),
// and the last process to leave stops the cluster. File locks in a folder
// under the temp dir coordinate the processes (postgres.Cluster.Use). With TEST_DATABASE_URL set,
// that server is used instead and no cluster is started.
//
// A package that uses pgtest runs its tests through Main:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/postgres"
	"plenary/migrations"
)

var (
	setupOnce sync.Once
	setupErr  error
	shared    *server
)

// server is the PostgreSQL server this process clones databases on.
type server struct {
	admin    *pgxpool.Pool // connected to the maintenance database
	dsn      func(dbname string) string
	template string
	release  func() // leaves the shared cluster; nil with TEST_DATABASE_URL
}

// Main runs the package's tests and then leaves the shared cluster, stopping
// it when this process is the last one using it.
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.admin.Close()
		if shared.release != nil {
			shared.release()
		}
	}
	return code
}

// New returns a pool on a fresh, migrated database that is dropped when the
// test ends.
func New(t testing.TB) *pgxpool.Pool {
	t.Helper()
	dsn := NewDSN(t)
	pool, err := pgxpool.New(context.Background(), dsn)
	if err != nil {
		t.Fatalf("pgtest: open pool: %v", err)
	}
	t.Cleanup(pool.Close) // runs before the database is dropped
	return pool
}

// NewDSN creates a fresh, migrated database and returns its connection
// string, for tests that start a server process themselves.
func NewDSN(t testing.TB) string {
	t.Helper()
	setupOnce.Do(func() { shared, setupErr = setup() })
	if setupErr != nil {
		t.Fatalf("pgtest: %v", setupErr)
	}
	name := "t_" + randomHex(8)
	ctx := context.Background()
	if _, err := shared.admin.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, shared.template)); err != nil {
		t.Fatalf("pgtest: clone template: %v", err)
	}
	t.Cleanup(func() {
		if _, err := shared.admin.Exec(ctx, fmt.Sprintf("DROP DATABASE %s WITH (FORCE)", name)); err != nil {
			t.Errorf("pgtest: drop %s: %v", name, err)
		}
	})
	return shared.dsn(name)
}

func setup() (*server, error) {
	if dsn := os.Getenv("TEST_DATABASE_URL"); dsn != "" {
		return setupExternal(dsn)
	}
	return setupCluster()
}

// setupExternal uses an existing server.
func setupExternal(dsn string) (*server, error) {
	return join(dsn, func(dbname string) string { return withDatabase(dsn, dbname) }, nil)
}

// setupCluster joins the run's shared cluster: the first process of the
// run starts it afresh, the last one to leave stops and removes it (see
// postgres.Cluster.Use).
func setupCluster() (*server, error) {
	root := filepath.Join(os.TempDir(), fmt.Sprintf("plenary-pgtest-%d", os.Getuid()))
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	if err := os.Chmod(root, 0o755); err != nil { // the postgres user must enter it
		return nil, err
	}
	binDir, err := postgres.FindBinaries(os.Getenv("POSTGRES_BIN_DIR"), os.Getenv("PATH"))
	if err != nil {
		return nil, err
	}
	cluster, err := postgres.NewCluster(root, binDir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, err
	}
	cluster.NoSync, cluster.Fresh = true, true
	leave, err := cluster.Use(context.Background())
	if err != nil {
		return nil, err
	}
	s, err := join(cluster.DSN("postgres"), cluster.DSN, func() { _ = leave(context.Background()) })
	if err != nil {
		_ = leave(context.Background())
	}
	return s, err
}

// join connects to the server's maintenance database and makes the
// template unless it is there. The template's name carries a hash of the
// migrations, so a changed migration gets a fresh template.
func join(adminDSN string, dsn func(dbname string) string, release func()) (*server, error) {
	ctx := context.Background()
	admin, err := postgres.Open(ctx, adminDSN)
	if err != nil {
		return nil, err
	}
	s := &server{admin: admin, template: "plenary_template_" + migrationsHash(), dsn: dsn, release: release}
	// One process at a time creates the template.
	conn, err := admin.Acquire(ctx)
	if err != nil {
		admin.Close()
		return nil, err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(7246001)"); err != nil {
		admin.Close()
		return nil, err
	}
	defer conn.Exec(ctx, "SELECT pg_advisory_unlock(7246001)")
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", s.template).Scan(&exists); err != nil {
		admin.Close()
		return nil, err
	}
	if !exists {
		if err := createTemplate(ctx, admin, s.template, s.dsn(s.template)); err != nil {
			admin.Close()
			return nil, err
		}
	}
	return s, nil
}

func createTemplate(ctx context.Context, admin *pgxpool.Pool, name, dsn string) error {
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err != nil {
		return err
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return err
	}
	pool, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	err = postgres.MigrateUp(pool)
	pool.Close()
	if err != nil {
		return err
	}
	// Clones need the template to have no connections.
	_, err = admin.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")
	return err
}

func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// withDatabase points a connection string, URL or key=value, at dbname.
func withDatabase(dsn, dbname string) string {
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + dbname
		return u.String()
	}
	return dsn + " dbname=" + dbname
}
