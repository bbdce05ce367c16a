package payments_test

import (
	"os"
	"testing"

	"plenary/internal/postgres/pgtest"
)

// TestMain runs the payments tests on the shared test cluster.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
