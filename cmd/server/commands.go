package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"plenary/internal/accounts"
	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/postgres"
)

func migrateFlags(*flag.FlagSet) func(context.Context, config.Config, *slog.Logger, []string, env) error {
	return migrateCmd
}

// migrateCmd applies, reverts or reports migrations on the configured
// database (the embedded cluster when there is no DATABASE_URL), opened as
// for every command. After `up` it wires the application on the database
// (app.New), as every command does, so that a schema the application
// cannot start on fails here rather than at the next start; after `down`
// the schema is an older one that the application does not run on.
func migrateCmd(ctx context.Context, cfg config.Config, logger *slog.Logger, args []string, e env) (err error) {
	if len(args) == 0 {
		return errors.New("migrate: say up, down [N] or version")
	}
	pool, closeDB, err := openDatabase(ctx, cfg, logger, e)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeDB()) }()
	mg, err := postgres.NewMigrator(pool)
	if err != nil {
		return err
	}
	defer mg.Close()

	switch args[0] {
	case "up":
		err = mg.Up()
	case "down":
		steps := 0
		if len(args) > 1 {
			if steps, err = strconv.Atoi(args[1]); err != nil || steps < 1 {
				return fmt.Errorf("migrate down: N must be a positive number, got %q", args[1])
			}
		}
		err = mg.Down(steps)
	case "version":
	default:
		return fmt.Errorf("migrate: unknown action %q: say up, down [N] or version", args[0])
	}
	if err != nil {
		return err
	}
	if args[0] == "up" {
		if _, err := app.New(ctx, cfg, pool, logger); err != nil {
			return err
		}
	}
	version, dirty, err := mg.Version()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "version %d%s\n", version, map[bool]string{true: " (dirty)"}[dirty])
	return nil
}

func userFlags(fs *flag.FlagSet) func(context.Context, config.Config, *slog.Logger, []string, env) error {
	email := fs.String("email", "", "the user's email address")
	name := fs.String("name", "", "the user's name")
	role := fs.String("role", "organiser", "admin, organiser or moderator")
	passwordFile := fs.String("password-file", "", "read the password from this file (else from standard input)")
	return func(ctx context.Context, cfg config.Config, logger *slog.Logger, args []string, e env) (err error) {
		if len(args) != 1 || args[0] != "create" {
			return errors.New("user: say `user create --email E --name N --role R`")
		}
		password, err := readPassword(*passwordFile, e.stdin)
		if err != nil {
			return err
		}
		a, closeApp, err := openApp(ctx, cfg, logger, e)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, closeApp()) }()
		u, err := a.Accounts.CreateUser(ctx, accounts.NewUser{Email: *email, Name: *name, Role: accounts.Role(*role), Password: password})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created %s %s (%s)\n", u.Role, u.Email, u.ID)
		return nil
	}
}

// readPassword reads one line from the file, or from stdin; never from argv,
// where other users of the machine could see it.
func readPassword(file string, stdin io.Reader) (string, error) {
	r := stdin
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("password file: %w", err)
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
