package postgres_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"plenary/internal/postgres"
)

// A process stops only what no other process uses: the command that
// started the cluster leaves it to the server that joined it meanwhile,
// and the last to leave stops it.
func TestTheLastUserOfAClusterStopsIt(t *testing.T) {
	binDir, err := postgres.FindBinaries(os.Getenv("POSTGRES_BIN_DIR"), os.Getenv("PATH"))
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	if err := os.Chmod(dataDir, 0o755); err != nil { // the postgres user must enter it when we are root
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	newCluster := func() *postgres.Cluster {
		c, err := postgres.NewCluster(dataDir, binDir, quiet)
		if err != nil {
			t.Fatal(err)
		}
		c.NoSync = true
		if strings.HasPrefix(c.Dir, "/var/lib/plenary/") {
			t.Cleanup(func() { os.RemoveAll(filepath.Dir(c.Dir)) })
		}
		return c
	}
	ctx := context.Background()
	command, server := newCluster(), newCluster()
	t.Cleanup(func() { _ = command.Stop(context.Background()) })

	leaveCommand, err := command.Use(ctx)
	if err != nil {
		t.Fatal(err)
	}
	leaveServer, err := server.Use(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := leaveCommand(ctx); err != nil {
		t.Fatal(err)
	}
	if !server.Running(ctx) {
		t.Fatal("the command stopped the cluster the server uses")
	}
	if err := leaveServer(ctx); err != nil {
		t.Fatal(err)
	}
	if server.Running(ctx) {
		t.Fatal("the last user left the cluster running")
	}
}
