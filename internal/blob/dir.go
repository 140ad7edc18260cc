package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Permissions of the directories and files the store creates.
const (
	dirPerm  = 0o750
	filePerm = 0o640
)

// staleAfter is the age after which NewDir removes a leftover temporary file.
const staleAfter = time.Hour

// tmpDir is the name of the directory under the root that holds files being
// written.
const tmpDir = "tmp"

var _ Store = (*Dir)(nil)

// Dir stores blobs as files named by their SHA-256 under a root directory:
// root/ab/cd/<64 hex>, where ab and cd are the first two bytes of the key. Writes
// go to root/tmp, are fsynced, renamed into place, and the parent directory is
// fsynced, so a crash leaves either the whole blob or nothing. A Dir is safe for
// concurrent use, also by several processes sharing the directory.
type Dir struct {
	root string
	tmp  string
}

// NewDir opens the store at root, creating root and root/tmp (mode 0750) if
// needed, and removes temporary files older than an hour that a crashed write
// left behind.
func NewDir(root string) (*Dir, error) {
	d := &Dir{root: root, tmp: filepath.Join(root, tmpDir)}
	if err := os.MkdirAll(d.tmp, dirPerm); err != nil {
		return nil, fmt.Errorf("blob: create store: %w", err)
	}
	if err := d.removeStale(time.Now().Add(-staleAfter)); err != nil {
		return nil, fmt.Errorf("blob: clean temporary files: %w", err)
	}
	return d, nil
}

// removeStale removes regular files in the temporary directory last modified
// before cutoff. Files of writes still in progress are younger and stay.
func (d *Dir) removeStale(cutoff time.Time) error {
	entries, err := os.ReadDir(d.tmp)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed concurrently, by another instance or its writer
		}
		if err != nil {
			return err
		}
		if info.ModTime().After(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(d.tmp, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// path returns the file name of the blob with a valid key.
func (d *Dir) path(key string) string {
	return filepath.Join(d.root, key[0:2], key[2:4], key)
}

// checkKey returns an error wrapping ErrInvalidKey unless key is valid.
func checkKey(key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("%w: %q", ErrInvalidKey, key)
	}
	return nil
}

// Open returns the content of the blob with the key. It fails with ErrNotFound if
// there is no such blob and with ErrInvalidKey if key is not a valid key, so a key
// taken from a request cannot reach outside the store.
func (d *Dir) Open(ctx context.Context, key string) (io.ReadSeekCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("blob: open: %w", err)
	}
	if err := checkKey(key); err != nil {
		return nil, err
	}
	f, err := os.Open(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: open %s: %w", key, err)
	}
	return f, nil
}

// Stat returns the size in bytes of the blob with the key, or an error wrapping
// ErrNotFound or ErrInvalidKey.
func (d *Dir) Stat(ctx context.Context, key string) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("blob: stat: %w", err)
	}
	if err := checkKey(key); err != nil {
		return 0, err
	}
	info, err := os.Stat(d.path(key))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return 0, fmt.Errorf("blob: stat %s: %w", key, err)
	}
	return info.Size(), nil
}

// Delete removes the blob with the key and makes the removal durable. Deleting a
// blob that does not exist is not an error; an invalid key is.
func (d *Dir) Delete(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("blob: delete: %w", err)
	}
	if err := checkKey(key); err != nil {
		return err
	}
	name := d.path(key)
	err := os.Remove(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("blob: delete %s: %w", key, err)
	}
	if err := syncDir(filepath.Dir(name)); err != nil {
		return fmt.Errorf("blob: delete %s: %w", key, err)
	}
	return nil
}

// syncDir fsyncs a directory so that entries created, renamed or removed in it
// survive a crash.
func syncDir(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("sync %s: %w", name, err)
	}
	return f.Close()
}
