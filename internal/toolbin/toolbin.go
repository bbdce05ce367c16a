// Package toolbin builds the tool binaries that tests and benches run
// (mailpit, versitygw) from tools/go.mod, once per machine and tools
// version. A file lock under the temp dir lets parallel test packages share
// a build; `go tool -n` is not used, as it does not always name a built
// binary.
package toolbin

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// Build builds the main package pkg of tools/go.mod, unless it is built
// already, and returns its path: a folder under the temp dir shared by every
// process of this user, the binary named name plus a hash of tools/go.mod
// and go.sum, so that a version bump builds afresh.
func Build(pkg, name string) (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	version, err := toolsHash(root)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("plenary-tools-%d", os.Getuid()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	lock, err := lockFile(filepath.Join(dir, name+".lock"))
	if err != nil {
		return "", err
	}
	defer lock.Close() // releases the lock
	bin := filepath.Join(dir, name+"-"+version)
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	tmp := bin + ".partial" // a build cut short never passes for a binary
	cmd := exec.Command("go", "build", "-modfile="+filepath.Join(root, "tools", "go.mod"), "-o", tmp, pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build %s: %v\n%s", name, err, out)
	}
	return bin, os.Rename(tmp, bin)
}

// repoRoot walks up from the working directory (a test's package folder) to
// the folder holding tools/go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "tools", "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no tools/go.mod above the working directory")
		}
		dir = parent
	}
}

func toolsHash(root string) (string, error) {
	h := sha256.New()
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, "tools", name))
		if err != nil {
			return "", err
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return f, nil
}
