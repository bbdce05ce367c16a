package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"plenary/internal/errs"
)

// Local keeps media files in a folder of this machine: the default, for
// one server.
type Local struct{ dir string }

// NewLocal keeps media files under dir, which it makes if need be.
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("media: folder %s: %w", dir, err)
	}
	return &Local{dir: dir}, nil
}

// path is key's file; a key never leaves the folder.
func (l *Local) path(key string) (string, error) {
	if key == "" || !filepath.IsLocal(key) || strings.ContainsRune(key, '\\') {
		return "", fmt.Errorf("media: bad key %q", key)
	}
	return filepath.Join(l.dir, filepath.FromSlash(key)), nil
}

// Put writes the file beside its place and renames it there once whole,
// so a reader never sees half a file.
func (l *Local) Put(_ context.Context, key string, r io.Reader, size int64, _ string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	defer os.Remove(f.Name()) // after the rename, nothing is there
	n, err := io.Copy(f, r)
	if err == nil && n != size {
		err = fmt.Errorf("got %d bytes, want %d", n, size)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		return fmt.Errorf("media: put %s: %w", key, err)
	}
	return nil
}

// Open opens key's file.
func (l *Local) Open(_ context.Context, key string) (Object, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("media: %s: %w", key, errs.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("media: open %s: %w", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("media: open %s: %w", key, err)
	}
	return localObject{File: f, info: st}, nil
}

// Delete removes key's file.
func (l *Local) Delete(_ context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", key, err)
	}
	return nil
}

// SignedURL is "": the server serves local files itself.
func (l *Local) SignedURL(context.Context, string, time.Duration) (string, error) { return "", nil }

type localObject struct {
	*os.File
	info fs.FileInfo
}

// osFile lets the file route hand the file itself to http.ServeContent,
// whose copy to the connection is then a sendfile.
func (o localObject) osFile() *os.File { return o.File }

func (o localObject) Size() int64        { return o.info.Size() }
func (o localObject) ModTime() time.Time { return o.info.ModTime() }
