package postgres_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"plenary/internal/errs"
	"plenary/internal/postgres"
	"plenary/internal/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestMigrateDownToZeroAndUpAgain(t *testing.T) {
	pool := pgtest.New(t)
	mg, err := postgres.NewMigrator(pool)
	if err != nil {
		t.Fatal(err)
	}
	defer mg.Close()

	latest, dirty, err := mg.Version()
	if err != nil || dirty || latest == 0 {
		t.Fatalf("fresh database: version %d dirty %v err %v; want a clean, migrated schema", latest, dirty, err)
	}
	before := schema(t, pool)

	if err := mg.Down(0); err != nil {
		t.Fatalf("down to zero: %v", err)
	}
	if v, _, _ := mg.Version(); v != 0 {
		t.Fatalf("after down: version %d, want 0", v)
	}
	if left := schema(t, pool); left != "" {
		t.Fatalf("after down, tables remain:\n%s", left)
	}
	if err := mg.Up(); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if v, _, _ := mg.Version(); v != latest {
		t.Fatalf("after up: version %d, want %d", v, latest)
	}
	if after := schema(t, pool); after != before {
		t.Fatalf("schema after down+up differs:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

// schema lists every column of every user table, so two schemas compare as text.
func schema(t *testing.T, db interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}) string {
	t.Helper()
	rows, err := db.Query(context.Background(), `
		SELECT table_name || '.' || column_name || ' ' || data_type
		FROM information_schema.columns
		WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(cols, "\n")
}

func TestMapError(t *testing.T) {
	pool := pgtest.New(t)
	ctx := context.Background()
	insert := `INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'A', $2, '$argon2id$x')`
	if _, err := pool.Exec(ctx, insert, "a@example.org", "admin"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"no rows", func() error {
			var id string
			return pool.QueryRow(ctx, "SELECT id FROM users WHERE email = 'nobody'").Scan(&id)
		}, errs.ErrNotFound},
		{"unique email in another case", func() error {
			_, err := pool.Exec(ctx, insert, "A@Example.org", "admin")
			return err
		}, errs.ErrConflict},
		{"check constraint", func() error {
			_, err := pool.Exec(ctx, insert, "b@example.org", "emperor")
			return err
		}, errs.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := postgres.MapError(tt.run())
			if !errors.Is(err, tt.want) {
				t.Fatalf("MapError = %v, want %v", err, tt.want)
			}
		})
	}
	if got := postgres.ConstraintName(postgres.MapError(tests[1].run())); got != "users_email_key" {
		t.Errorf("constraint name %q, want users_email_key", got)
	}
}

// Two transactions that each read what the other writes cannot both commit
// under SERIALIZABLE; InTx retries the loser, so both land.
func TestInTxRetriesSerializationFailures(t *testing.T) {
	pool := pgtest.New(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, "CREATE TABLE tally (n int NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	var attempts atomic.Int32
	inA, inB := make(chan struct{}), make(chan struct{})
	work := func(mine, theirs chan struct{}) error {
		first := true
		return postgres.InTx(ctx, pool, func(tx pgx.Tx) error {
			attempts.Add(1)
			if _, err := tx.Exec(ctx, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"); err != nil {
				return err
			}
			var sum int
			if err := tx.QueryRow(ctx, "SELECT coalesce(sum(n), 0) FROM tally").Scan(&sum); err != nil {
				return err
			}
			if first { // make both read before either writes
				first = false
				close(mine)
				<-theirs
			}
			_, err := tx.Exec(ctx, "INSERT INTO tally (n) VALUES ($1)", sum+1)
			return err
		})
	}
	errc := make(chan error, 2)
	go func() { errc <- work(inA, inB) }()
	go func() { errc <- work(inB, inA) }()
	for range 2 {
		if err := <-errc; err != nil {
			t.Fatalf("InTx: %v", err)
		}
	}
	var rows int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM tally").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 2 || attempts.Load() < 3 {
		t.Fatalf("rows %d after %d attempts; want 2 rows and at least one retry", rows, attempts.Load())
	}
}

func TestFindBinariesMissing(t *testing.T) {
	saved := postgres.LibRoots
	postgres.LibRoots = []string{t.TempDir()}
	defer func() { postgres.LibRoots = saved }()

	_, err := postgres.FindBinaries("", t.TempDir())
	if !errors.Is(err, postgres.ErrNoBinaries) {
		t.Fatalf("FindBinaries with empty PATH = %v, want ErrNoBinaries", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, "apt-get install postgresql") || !strings.Contains(msg, "DATABASE_URL") {
		t.Fatalf("message must be one line naming the package and DATABASE_URL: %q", msg)
	}
}
