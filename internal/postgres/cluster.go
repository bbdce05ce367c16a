package postgres

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrNoBinaries is returned when initdb and pg_ctl cannot be found. Its
// message is the one line a user sees.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin: " +
	"install them with `apt-get install postgresql` (Debian/Ubuntu), or set DATABASE_URL to use an existing PostgreSQL server")

// LibRoots are the folders searched for versioned server binaries
// (<root>/<version>/bin) when they are not on PATH.
var LibRoots = []string{"/usr/lib/postgresql"}

// superuser is the role initdb creates in an embedded cluster.
const superuser = "plenary"

// maxSocketPath is the longest Unix socket path Linux accepts, less one.
const maxSocketPath = 107

// FindBinaries returns the folder holding initdb and pg_ctl: binDir when it
// is set, else the first folder on pathEnv that has both, else the highest
// version under LibRoots.
func FindBinaries(binDir, pathEnv string) (string, error) {
	has := func(dir string) bool {
		for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
			info, err := os.Stat(filepath.Join(dir, name))
			if err != nil || info.IsDir() || info.Mode()&0o111 == 0 {
				return false
			}
		}
		return true
	}
	if binDir != "" {
		if has(binDir) {
			return binDir, nil
		}
		return "", ErrNoBinaries
	}
	for _, dir := range filepath.SplitList(pathEnv) {
		if dir != "" && has(dir) {
			// Resolve symlinks so the cluster's postgres matches its initdb.
			if real, err := filepath.EvalSymlinks(filepath.Join(dir, "pg_ctl")); err == nil && has(filepath.Dir(real)) {
				return filepath.Dir(real), nil
			}
			return dir, nil
		}
	}
	for _, root := range LibRoots {
		versions, _ := filepath.Glob(filepath.Join(root, "*", "bin"))
		sort.Slice(versions, func(i, j int) bool { return versionOf(versions[i]) > versionOf(versions[j]) })
		for _, dir := range versions {
			if has(dir) {
				return dir, nil
			}
		}
	}
	return "", ErrNoBinaries
}

func versionOf(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// Cluster is a private PostgreSQL cluster that listens only on a Unix socket
// inside its own folder. It is the development default and the test database.
type Cluster struct {
	// Dir is the cluster's data folder (PGDATA); the socket lives there too.
	Dir string
	// BinDir holds initdb, pg_ctl and postgres.
	BinDir string
	// NoSync turns fsync off: for throwaway test clusters only.
	NoSync bool
	// Fresh makes Use start from an empty folder and remove it when the
	// last user leaves: for throwaway test clusters only.
	Fresh bool
	// Logger receives progress lines.
	Logger *slog.Logger

	runAs *syscall.Credential // set when the process is root
}

// NewCluster prepares a cluster in dataDir/postgres. When the process is
// root, PostgreSQL runs as the postgres user, and when that user cannot
// reach dataDir the cluster moves to /var/lib/plenary/<hash>, said in one
// log line.
func NewCluster(dataDir, binDir string, logger *slog.Logger) (*Cluster, error) {
	c := &Cluster{Dir: filepath.Join(dataDir, "postgres"), BinDir: binDir, Logger: logger}
	if os.Geteuid() != 0 {
		return c, nil
	}
	cred, err := postgresUser()
	if err != nil {
		return nil, err
	}
	c.runAs = cred
	if !canReach(dataDir, cred) {
		sum := sha256.Sum256([]byte(c.Dir))
		moved := filepath.Join("/var/lib/plenary", hex.EncodeToString(sum[:6]), "postgres")
		logger.Info("embedded PostgreSQL placed outside DATA_DIR: the postgres user cannot enter it",
			"data_dir", dataDir, "cluster_dir", moved)
		c.Dir = moved
	}
	return c, nil
}

func postgresUser() (*syscall.Credential, error) {
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("postgres: running as root needs the postgres system user (the postgresql package creates it): %w", err)
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// canReach reports whether the user can enter every existing folder on the
// way to dir (folders still to be made are made world-enterable).
func canReach(dir string, cred *syscall.Credential) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for p := abs; ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err == nil {
			st, ok := info.Sys().(*syscall.Stat_t)
			if !ok {
				return false
			}
			mode := info.Mode().Perm()
			var canExec bool
			switch {
			case st.Uid == cred.Uid:
				canExec = mode&0o100 != 0
			case st.Gid == cred.Gid:
				canExec = mode&0o010 != 0
			default:
				canExec = mode&0o001 != 0
			}
			if !canExec {
				return false
			}
		}
		if p == filepath.Dir(p) {
			return true
		}
	}
}

// SocketDir is the folder of the cluster's Unix socket.
func (c *Cluster) SocketDir() string { return c.Dir }

// DSN returns a connection string for database dbname over the socket.
func (c *Cluster) DSN(dbname string) string {
	return fmt.Sprintf("host=%s user=%s dbname=%s sslmode=disable", c.SocketDir(), superuser, dbname)
}

// Start creates the cluster on first use, then starts it and waits until it
// accepts connections. A cluster left running by a killed process is reused.
func (c *Cluster) Start(ctx context.Context) error {
	if socket := filepath.Join(c.SocketDir(), ".s.PGSQL.5432"); len(socket) > maxSocketPath {
		return fmt.Errorf("postgres: socket path %s is longer than %d bytes: use a shorter DATA_DIR", socket, maxSocketPath)
	}
	if err := c.prepareDir(); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(c.Dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		c.Logger.Info("creating embedded PostgreSQL cluster", "dir", c.Dir)
		args := []string{"-D", c.Dir, "-U", superuser, "--auth=trust", "--encoding=UTF8", "--locale=C"}
		if c.NoSync {
			args = append(args, "--no-sync")
		}
		if err := c.pg(ctx, "initdb", args...); err != nil {
			return err
		}
	}
	if c.Running(ctx) {
		c.Logger.Info("reusing running embedded PostgreSQL cluster", "dir", c.Dir)
		return nil
	}
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c unix_socket_permissions=0700", c.SocketDir())
	if c.NoSync {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	return c.pg(ctx, "pg_ctl", "start", "-D", c.Dir, "-w", "-t", "60", "-s",
		"-l", filepath.Join(c.Dir, "server.log"), "-o", opts)
}

// prepareDir makes the cluster folder, owned by the user PostgreSQL runs as.
func (c *Cluster) prepareDir() error {
	if err := os.MkdirAll(filepath.Dir(c.Dir), 0o755); err != nil {
		return fmt.Errorf("postgres: make %s: %w", filepath.Dir(c.Dir), err)
	}
	if err := os.Mkdir(c.Dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("postgres: make %s: %w", c.Dir, err)
	}
	if c.runAs != nil {
		if err := os.Chown(c.Dir, int(c.runAs.Uid), int(c.runAs.Gid)); err != nil {
			return fmt.Errorf("postgres: hand %s to the postgres user: %w", c.Dir, err)
		}
	}
	return nil
}

// Use starts the cluster unless it runs already, and counts this process
// among its users until leave is called: the last user to leave stops it.
// So a command run beside a server reuses the server's cluster and leaves
// it running, and a server started while a command holds the cluster keeps
// it when the command ends. Users are counted by shared file locks beside
// the cluster's folder (held until leave, or until the process dies), so a
// killed user is no longer counted, and a cluster it left running is
// adopted by the next.
//
// With Fresh set, the first user removes whatever a crashed run left, and
// the last removes the cluster.
func (c *Cluster) Use(ctx context.Context) (leave func(context.Context) error, err error) {
	if err := os.MkdirAll(filepath.Dir(c.Dir), 0o755); err != nil {
		return nil, fmt.Errorf("postgres: make %s: %w", filepath.Dir(c.Dir), err)
	}
	control, err := lockFile(c.Dir+".control.lock", syscall.LOCK_EX)
	if err != nil {
		return nil, err
	}
	defer control.Close()
	users, err := os.OpenFile(c.Dir+".users.lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if c.Fresh && syscall.Flock(int(users.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil {
		if err := c.Stop(ctx); err != nil {
			users.Close()
			return nil, err
		}
		if err := os.RemoveAll(c.Dir); err != nil {
			users.Close()
			return nil, fmt.Errorf("postgres: remove a crashed run's cluster: %w", err)
		}
	}
	// Start even when others use it: it may have stopped under them.
	if err := c.Start(ctx); err != nil {
		users.Close()
		return nil, err
	}
	if err := syscall.Flock(int(users.Fd()), syscall.LOCK_SH); err != nil {
		users.Close()
		return nil, fmt.Errorf("postgres: count this process among the cluster's users: %w", err)
	}
	return func(ctx context.Context) error {
		defer users.Close()
		control, err := lockFile(c.Dir+".control.lock", syscall.LOCK_EX)
		if err != nil {
			return err
		}
		defer control.Close()
		if syscall.Flock(int(users.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			c.Logger.Info("leaving embedded PostgreSQL running for the other processes using it", "dir", c.Dir)
			return nil
		}
		c.Logger.Info("stopping embedded PostgreSQL", "dir", c.Dir)
		if err := c.Stop(ctx); err != nil {
			return err
		}
		if c.Fresh {
			return os.RemoveAll(c.Dir)
		}
		return nil
	}, nil
}

// lockFile opens path and takes a flock on it; closing the file releases
// the lock.
func lockFile(path string, how int) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, fmt.Errorf("postgres: lock %s: %w", path, err)
	}
	return f, nil
}

// Running reports whether the cluster's server is up.
func (c *Cluster) Running(ctx context.Context) bool {
	return c.pg(ctx, "pg_ctl", "status", "-D", c.Dir) == nil
}

// Stop shuts the cluster down (fast mode: open sessions are ended).
func (c *Cluster) Stop(ctx context.Context) error {
	if !c.Running(ctx) {
		return nil
	}
	return c.pg(ctx, "pg_ctl", "stop", "-D", c.Dir, "-m", "fast", "-w", "-t", "60", "-s")
}

// pg runs one server binary as the cluster's user, in its own process group
// so that a terminal's Ctrl-C reaches the server process, which then stops
// the cluster in order, rather than PostgreSQL directly.
func (c *Cluster) pg(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.BinDir, name), args...)
	cmd.Dir = filepath.Dir(c.Dir)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: c.runAs}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		if name == "pg_ctl" && len(args) > 0 && args[0] == "status" {
			return err
		}
		return fmt.Errorf("postgres: %s %s: %w: %s", name, args[0], err, strings.TrimSpace(out.String()))
	}
	return nil
}

// CreateDatabase makes database name unless it exists.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	admin, err := Open(ctx, c.DSN("postgres"))
	if err != nil {
		return err
	}
	defer admin.Close()
	var exists bool
	if err := admin.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("postgres: look for database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return fmt.Errorf("postgres: create database %s: %w", name, err)
	}
	return nil
}
