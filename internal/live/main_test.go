package live_test

import (
	"os"
	"testing"

	"plenary/internal/postgres/pgtest"
)

// TestMain runs the live tests on the shared test cluster; every helper's
// tests in this package share this one TestMain.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
