package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// chunkSize is the size of the pieces Put copies; the context is checked between
// them.
const chunkSize = 64 << 10

// Put streams r into the store, hashing as it goes, and returns the key (the
// lowercase hex SHA-256 of the content) and the size. If r yields more than max
// bytes (max <= 0 means no limit) it returns an error wrapping ErrTooLarge after
// reading at most max+1 bytes. Storing content that is already stored is a no-op
// that returns the same key. Put checks ctx between chunks. On any error nothing
// is left behind: neither a blob nor a temporary file.
func (d *Dir) Put(ctx context.Context, r io.Reader, max int64) (string, int64, error) {
	tmp, key, size, err := d.writeTemp(ctx, r, max)
	if err != nil {
		return "", 0, err
	}
	if err := d.commit(tmp, key); err != nil {
		os.Remove(tmp)
		return "", 0, fmt.Errorf("blob: put %s: %w", key, err)
	}
	return key, size, nil
}

// writeTemp copies r into a new temporary file, fsyncs and closes it, and returns
// its name, the key of the content and its size. On error it removes the file.
func (d *Dir) writeTemp(ctx context.Context, r io.Reader, max int64) (name, key string, size int64, err error) {
	f, err := os.CreateTemp(d.tmp, "put-*.tmp")
	if err != nil {
		return "", "", 0, fmt.Errorf("blob: put: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	h := sha256.New()
	size, err = copyChunks(ctx, io.MultiWriter(f, h), r, max)
	if errors.Is(err, ErrTooLarge) {
		return "", "", 0, err
	}
	if err != nil {
		return "", "", 0, fmt.Errorf("blob: put: %w", err)
	}
	if err = f.Chmod(filePerm); err != nil {
		return "", "", 0, fmt.Errorf("blob: put: %w", err)
	}
	if err = f.Sync(); err != nil {
		return "", "", 0, fmt.Errorf("blob: put: sync: %w", err)
	}
	if err = f.Close(); err != nil {
		return "", "", 0, fmt.Errorf("blob: put: %w", err)
	}
	return f.Name(), hex.EncodeToString(h.Sum(nil)), size, nil
}

// copyChunks copies r to w in chunks, checking ctx before each one, and returns the
// number of bytes copied. With max > 0 it reads at most max+1 bytes and fails with
// ErrTooLarge if there are more than max.
func copyChunks(ctx context.Context, w io.Writer, r io.Reader, max int64) (int64, error) {
	if max > 0 {
		r = io.LimitReader(r, max+1)
	}
	buf := make([]byte, chunkSize)
	var total int64
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		n, rerr := r.Read(buf)
		if n > 0 {
			total += int64(n)
			if max > 0 && total > max {
				return total, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
			}
			if _, err := w.Write(buf[:n]); err != nil {
				return total, fmt.Errorf("write: %w", err)
			}
		}
		if rerr == io.EOF {
			return total, nil
		}
		if rerr != nil {
			return total, fmt.Errorf("read: %w", rerr)
		}
	}
}

// commit moves the complete temporary file tmp to the place of the blob key, or
// removes tmp if the blob already exists, and then fsyncs every directory on the
// way, so that the blob is durable when commit returns even if a concurrent Put of
// the same content created it and has not synced yet.
func (d *Dir) commit(tmp, key string) error {
	final := d.path(key)
	parent := filepath.Dir(final)
	grand := filepath.Dir(parent)
	_, err := os.Stat(final)
	switch {
	case err == nil:
		if err := os.Remove(tmp); err != nil {
			return err
		}
	case errors.Is(err, fs.ErrNotExist):
		if err := mkdirExist(grand); err != nil {
			return err
		}
		if err := mkdirExist(parent); err != nil {
			return err
		}
		// Renaming over a blob stored concurrently is harmless: the content is
		// the same.
		if err := os.Rename(tmp, final); err != nil {
			return err
		}
	default:
		return err
	}
	for _, dir := range []string{parent, grand, d.root} {
		if err := syncDir(dir); err != nil {
			return err
		}
	}
	return nil
}

// mkdirExist creates the directory name unless it already exists.
func mkdirExist(name string) error {
	if err := os.Mkdir(name, dirPerm); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	return nil
}
