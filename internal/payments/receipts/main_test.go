package receipts_test

import (
	"os"
	"testing"

	"plenary/internal/postgres/pgtest"
)

// TestMain runs the receipts tests on the shared test cluster.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
