// Command server is Plenary: the API, the embedded SPA and background jobs
// in one binary.
//
//	server [serve]                  serve HTTP (the default)
//	server migrate up|down [N]|version
//	server user create --email E --name N --role R [--password-file F]
//	server seed --demo
//
// Every option is an env var and a flag; `server --help` lists them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"plenary/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], env{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// env is the outside world run sees, so tests can supply their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand: its extra flags and what it does.
type command struct {
	usage string
	flags func(fs *flag.FlagSet) func(ctx context.Context, cfg config.Config, logger *slog.Logger, args []string, e env) error
}

var commands = map[string]command{
	"serve":   {usage: "serve HTTP on HTTP_ADDR (the default command)", flags: serveFlags},
	"migrate": {usage: "migrate up | down [N] | version: apply, revert (all, or N) or show migrations", flags: migrateFlags},
	"user":    {usage: "user create --email E --name N --role admin|organiser|moderator [--password-file F]", flags: userFlags},
	"seed":    {usage: "seed --demo: create the demo events (running it again changes nothing)", flags: seedFlags},
}

func run(ctx context.Context, args []string, e env) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	cmd, ok := commands[name]
	if name == "help" || !ok {
		printUsage(e.stdout)
		if name == "help" {
			return nil
		}
		return fmt.Errorf("unknown command %q", name)
	}

	fs := flag.NewFlagSet("server "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { printUsage(e.stdout) }
	values := config.Flags(fs)
	action := cmd.flags(fs)
	// Words before the first flag are the command's own (`user create
	// --email …`, `migrate down 2`); the flag package stops at the first word.
	var words []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		words, args = append(words, args[0]), args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.Load(fs, values, e.getenv)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, e.stderr)
	return action(ctx, cfg, logger, append(words, fs.Args()...), e)
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: server [command] [options]")
	fmt.Fprintln(w, "\nCommands:")
	for _, name := range []string{"serve", "migrate", "user", "seed"} {
		fmt.Fprintf(w, "  %-8s %s\n", name, commands[name].usage)
	}
	fmt.Fprintln(w, "\nOptions (each also read from its env var; a flag beats the env var):")
	config.PrintHelp(w)
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.LogFormat
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
