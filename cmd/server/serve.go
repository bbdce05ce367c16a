package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/httpserver"
	"plenary/internal/postgres"
)

func serveFlags(*flag.FlagSet) func(context.Context, config.Config, *slog.Logger, []string, env) error {
	return serve
}

// serve opens the database and the application (see openApp), prints the
// setup link on first run, and serves HTTP until ctx ends.
func serve(ctx context.Context, cfg config.Config, logger *slog.Logger, _ []string, e env) (err error) {
	a, closeApp, err := openApp(ctx, cfg, logger, e)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeApp()) }()
	if err := a.Accounts.PruneSessions(ctx); err != nil {
		return err
	}
	link, err := a.Accounts.SetupLink(ctx, cfg.BaseURL)
	if err != nil {
		return err
	}
	if link != "" {
		fmt.Fprintf(e.stdout, "\nNo users yet. Open this link within an hour to create the first admin:\n\n    %s\n\n", link)
	}

	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	}
	logger.Info("serving", append([]any{"listening_on", ln.Addr().String()}, cfg.LogValues()...)...)

	background, stopBackground := context.WithCancel(ctx)
	defer stopBackground()
	ran := make(chan error, 1)
	go func() { ran <- a.Run(background) }()
	err = httpserver.Serve(ctx, a.Echo, ln, cfg.ShutdownTimeout, logger)
	stopBackground()
	return errors.Join(err, <-ran)
}

// openApp opens the database, migrates it when MIGRATE_ON_START says so
// (always for the embedded cluster), and wires the application, the same
// for every command: an event a command makes behaves like one made in the
// UI. The returned func closes the database.
func openApp(ctx context.Context, cfg config.Config, logger *slog.Logger, e env) (*app.App, func() error, error) {
	pool, closeDB, err := openDatabase(ctx, cfg, logger, e)
	if err != nil {
		return nil, nil, err
	}
	if cfg.MigrateOnStart {
		if err := postgres.MigrateUp(pool); err != nil {
			return nil, nil, errors.Join(err, closeDB())
		}
	}
	a, err := app.New(ctx, cfg, pool, logger)
	if err != nil {
		return nil, nil, errors.Join(err, closeDB())
	}
	// What a command changed is announced to the servers before its pool closes.
	return a, func() error { a.Live.Flush(); return closeDB() }, nil
}

// openDatabase connects to DATABASE_URL or, without it, uses the embedded
// cluster, starting it unless another process (a server, a command) runs
// it already. The returned func closes the pool and stops the cluster when
// no other process uses it.
func openDatabase(ctx context.Context, cfg config.Config, logger *slog.Logger, e env) (*pgxpool.Pool, func() error, error) {
	if cfg.DatabaseURL != "" {
		pool, err := postgres.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			return nil, nil, err
		}
		return pool, func() error { pool.Close(); return nil }, nil
	}

	binDir, err := postgres.FindBinaries(cfg.PostgresBinDir, e.getenv("PATH"))
	if err != nil {
		return nil, nil, err
	}
	cluster, err := postgres.NewCluster(cfg.DataDir, binDir, logger)
	if err != nil {
		return nil, nil, err
	}
	started := time.Now()
	leave, err := cluster.Use(ctx)
	if err != nil {
		return nil, nil, err
	}
	stop := func() error {
		stopCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return leave(stopCtx)
	}
	if err := cluster.CreateDatabase(ctx, "plenary"); err != nil {
		return nil, nil, errors.Join(err, stop())
	}
	pool, err := postgres.Open(ctx, cluster.DSN("plenary"))
	if err != nil {
		return nil, nil, errors.Join(err, stop())
	}
	logger.Info("embedded PostgreSQL ready", "dir", cluster.Dir, "took", time.Since(started).Round(time.Millisecond).String())
	return pool, func() error { pool.Close(); return stop() }, nil
}
