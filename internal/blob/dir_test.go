package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// newTestDir returns a store in a fresh temporary directory and its root.
func newTestDir(t testing.TB) (*Dir, string) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "blobs")
	d, err := NewDir(root)
	if err != nil {
		t.Fatalf("NewDir(%q) error = %v", root, err)
	}
	return d, root
}

// files returns the paths, relative to root, of all regular files under root.
func files(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			rel, _ := filepath.Rel(root, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", root, err)
	}
	return out
}

// content returns n deterministic bytes derived from seed.
func content(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31) ^ seed
	}
	return b
}

// keyOf returns the expected key of b.
func keyOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestDir_RoundTrip(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		max  int64
	}{
		{"empty", nil, 0},
		{"small", []byte("Dobrý den, posílám žádost."), 0},
		{"several chunks", content(3*chunkSize+17, 7), 0},
		{"exactly max", content(1000, 1), 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, root := newTestDir(t)
			ctx := context.Background()
			key, size, err := d.Put(ctx, bytes.NewReader(tt.data), tt.max)
			if err != nil {
				t.Fatalf("Put() error = %v", err)
			}
			if want := keyOf(tt.data); key != want || size != int64(len(tt.data)) {
				t.Errorf("Put() = %s, %d, want %s, %d", key, size, want, len(tt.data))
			}
			if want := []string{key[0:2] + "/" + key[2:4] + "/" + key}; !equal(files(t, root), want) {
				t.Errorf("files after Put() = %v, want %v", files(t, root), want)
			}
			if got, err := d.Stat(ctx, key); err != nil || got != size {
				t.Errorf("Stat(%s) = %d, %v, want %d, nil", key, got, err, size)
			}
			rc, err := d.Open(ctx, key)
			if err != nil {
				t.Fatalf("Open(%s) error = %v", key, err)
			}
			defer rc.Close()
			got, err := io.ReadAll(rc)
			if err != nil || !bytes.Equal(got, tt.data) {
				t.Errorf("ReadAll(Open(%s)) = %d bytes, %v, want the %d bytes put", key, len(got), err, len(tt.data))
			}
		})
	}
}

// equal reports whether two string slices are equal.
func equal(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}

func TestDir_OpenSeek(t *testing.T) {
	d, _ := newTestDir(t)
	ctx := context.Background()
	key, _, err := d.Put(ctx, strings.NewReader("0123456789"), 0)
	if err != nil {
		t.Fatalf("Put() error = %v", err)
	}
	rc, err := d.Open(ctx, key)
	if err != nil {
		t.Fatalf("Open(%s) error = %v", key, err)
	}
	defer rc.Close()
	if pos, err := rc.Seek(6, io.SeekStart); err != nil || pos != 6 {
		t.Fatalf("Seek(6) = %d, %v, want 6, nil", pos, err)
	}
	if got, err := io.ReadAll(rc); err != nil || string(got) != "6789" {
		t.Errorf("ReadAll after Seek(6) = %q, %v, want %q, nil", got, err, "6789")
	}
}

func TestDir_Dedup(t *testing.T) {
	d, root := newTestDir(t)
	ctx := context.Background()
	data := content(100_000, 3)
	key1, _, err := d.Put(ctx, bytes.NewReader(data), 0)
	if err != nil {
		t.Fatalf("first Put() error = %v", err)
	}
	key2, size, err := d.Put(ctx, bytes.NewReader(data), 0)
	if err != nil || key2 != key1 || size != int64(len(data)) {
		t.Errorf("second Put() = %s, %d, %v, want %s, %d, nil", key2, size, err, key1, len(data))
	}
	if got := files(t, root); len(got) != 1 {
		t.Errorf("files after two Puts of the same content = %v, want one blob", got)
	}
}

func TestDir_TooLarge(t *testing.T) {
	tests := []struct {
		name string
		size int
		max  int64
	}{
		{"one byte over", 1001, 1000},
		{"many chunks over", 5 * chunkSize, chunkSize + 1},
		{"endless", -1, 3 * chunkSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, root := newTestDir(t)
			var r io.Reader = zeroReader{}
			if tt.size >= 0 {
				r = bytes.NewReader(content(tt.size, 9))
			}
			key, size, err := d.Put(context.Background(), r, tt.max)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Put(%d bytes, max %d) = %q, %d, %v, want ErrTooLarge", tt.size, tt.max, key, size, err)
			}
			if got := files(t, root); len(got) != 0 {
				t.Errorf("files after a too-large Put = %v, want none", got)
			}
		})
	}
}

// zeroReader yields zero bytes forever.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// failingReader yields n bytes and then fails.
type failingReader struct {
	n   int
	err error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, f.err
	}
	n := min(len(p), f.n)
	clear(p[:n])
	f.n -= n
	return n, nil
}

func TestDir_ReaderFails(t *testing.T) {
	d, root := newTestDir(t)
	boom := errors.New("connection reset")
	_, _, err := d.Put(context.Background(), &failingReader{n: 2*chunkSize + 100, err: boom}, 0)
	if !errors.Is(err, boom) {
		t.Fatalf("Put(failing reader) error = %v, want it to wrap %v", err, boom)
	}
	if !strings.HasPrefix(err.Error(), "blob: ") {
		t.Errorf("Put(failing reader) error = %q, want prefix %q", err, "blob: ")
	}
	if got := files(t, root); len(got) != 0 {
		t.Errorf("files after a failed Put = %v, want none", got)
	}
}

// cancelReader cancels its context after the first read.
type cancelReader struct {
	cancel context.CancelFunc
}

func (c cancelReader) Read(p []byte) (int, error) {
	c.cancel()
	clear(p)
	return len(p), nil
}

func TestDir_PutCancelled(t *testing.T) {
	d, root := newTestDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, _, err := d.Put(ctx, cancelReader{cancel: cancel}, 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Put() with a cancelled context error = %v, want context.Canceled", err)
	}
	if got := files(t, root); len(got) != 0 {
		t.Errorf("files after a cancelled Put = %v, want none", got)
	}
}

func TestDir_InvalidKeys(t *testing.T) {
	d, root := newTestDir(t)
	ctx := context.Background()
	key, _, err := d.Put(ctx, strings.NewReader("secret"), 0)
	if err != nil {
		t.Fatalf("Put() error = %v", err)
	}
	if err := os.WriteFile(filepath.Join(root, "outside"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, key string }{
		{"empty", ""},
		{"traversal", "../outside"},
		{"traversal padded", "../" + strings.Repeat("0", KeyLen-len("../"))},
		{"uppercase", strings.ToUpper(key)},
		{"short", key[:KeyLen-1]},
		{"long", key + "0"},
		{"not hex", "g" + key[1:]},
		{"slash", key[:2] + "/" + key[3:]},
		{"absolute", "/" + key[1:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if ValidKey(tt.key) {
				t.Errorf("ValidKey(%q) = true, want false", tt.key)
			}
			if rc, err := d.Open(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				if rc != nil {
					rc.Close()
				}
				t.Errorf("Open(%q) error = %v, want ErrInvalidKey", tt.key, err)
			}
			if _, err := d.Stat(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Stat(%q) error = %v, want ErrInvalidKey", tt.key, err)
			}
			if err := d.Delete(ctx, tt.key); !errors.Is(err, ErrInvalidKey) {
				t.Errorf("Delete(%q) error = %v, want ErrInvalidKey", tt.key, err)
			}
		})
	}
	if !ValidKey(key) {
		t.Errorf("ValidKey(%q) = false, want true", key)
	}
	if got := len(files(t, root)); got != 2 {
		t.Errorf("files after rejected calls = %d, want 2 (the blob and the outside file)", got)
	}
}

func TestDir_NotFound(t *testing.T) {
	d, _ := newTestDir(t)
	ctx := context.Background()
	missing := keyOf([]byte("never stored"))
	if _, err := d.Open(ctx, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open(missing) error = %v, want ErrNotFound", err)
	}
	if _, err := d.Stat(ctx, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("Stat(missing) error = %v, want ErrNotFound", err)
	}
	if err := d.Delete(ctx, missing); err != nil {
		t.Errorf("Delete(missing) error = %v, want nil", err)
	}
}

func TestDir_Delete(t *testing.T) {
	d, root := newTestDir(t)
	ctx := context.Background()
	key, _, err := d.Put(ctx, strings.NewReader("to be deleted"), 0)
	if err != nil {
		t.Fatalf("Put() error = %v", err)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Fatalf("Delete(%s) error = %v", key, err)
	}
	if _, err := d.Stat(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Errorf("Stat after Delete error = %v, want ErrNotFound", err)
	}
	if got := files(t, root); len(got) != 0 {
		t.Errorf("files after Delete = %v, want none", got)
	}
	if err := d.Delete(ctx, key); err != nil {
		t.Errorf("second Delete(%s) error = %v, want nil", key, err)
	}
}

func TestDir_ConcurrentPutSameContent(t *testing.T) {
	d, root := newTestDir(t)
	data := content(300_000, 5)
	const writers = 8
	keys := make([]string, writers)
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			keys[i], _, errs[i] = d.Put(context.Background(), bytes.NewReader(data), 0)
		})
	}
	wg.Wait()
	want := keyOf(data)
	for i := range writers {
		if errs[i] != nil || keys[i] != want {
			t.Errorf("Put() #%d = %s, %v, want %s, nil", i, keys[i], errs[i], want)
		}
	}
	if got := files(t, root); len(got) != 1 {
		t.Errorf("files after concurrent Puts = %v, want one blob", got)
	}
	rc, err := d.Open(context.Background(), want)
	if err != nil {
		t.Fatalf("Open(%s) error = %v", want, err)
	}
	defer rc.Close()
	if got, err := io.ReadAll(rc); err != nil || !bytes.Equal(got, data) {
		t.Errorf("content after concurrent Puts = %d bytes, %v, want the %d bytes put", len(got), err, len(data))
	}
}

func TestDir_CancelledContext(t *testing.T) {
	d, _ := newTestDir(t)
	key, _, err := d.Put(context.Background(), strings.NewReader("x"), 0)
	if err != nil {
		t.Fatalf("Put() error = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := d.Open(ctx, key); !errors.Is(err, context.Canceled) {
		t.Errorf("Open(cancelled) error = %v, want context.Canceled", err)
	}
	if _, err := d.Stat(ctx, key); !errors.Is(err, context.Canceled) {
		t.Errorf("Stat(cancelled) error = %v, want context.Canceled", err)
	}
	if err := d.Delete(ctx, key); !errors.Is(err, context.Canceled) {
		t.Errorf("Delete(cancelled) error = %v, want context.Canceled", err)
	}
	if _, err := d.Stat(context.Background(), key); err != nil {
		t.Errorf("Stat after a cancelled Delete error = %v, want the blob kept", err)
	}
}

func TestNewDir_RemovesStaleTempFiles(t *testing.T) {
	_, root := newTestDir(t)
	tmp := filepath.Join(root, tmpDir)
	stale, fresh := filepath.Join(tmp, "put-stale.tmp"), filepath.Join(tmp, "put-fresh.tmp")
	for _, name := range []string{stale, fresh} {
		if err := os.WriteFile(name, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := NewDir(root); err != nil {
		t.Fatalf("NewDir(%q) error = %v", root, err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale temp file after NewDir: Stat error = %v, want it removed", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temp file after NewDir: Stat error = %v, want it kept", err)
	}
}

func TestNewDir_CreatesDirectories(t *testing.T) {
	root := filepath.Join(t.TempDir(), "a", "b")
	if _, err := NewDir(root); err != nil {
		t.Fatalf("NewDir(%q) error = %v", root, err)
	}
	info, err := os.Stat(filepath.Join(root, tmpDir))
	if err != nil || !info.IsDir() {
		t.Fatalf("Stat(root/tmp) = %v, %v, want a directory", info, err)
	}
	if perm := info.Mode().Perm(); perm&^dirPerm != 0 {
		t.Errorf("root/tmp mode = %v, want at most %v", perm, fs.FileMode(dirPerm))
	}
}

func TestNewDir_RootIsAFile(t *testing.T) {
	root := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(root, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if d, err := NewDir(root); err == nil {
		t.Errorf("NewDir(a regular file) = %v, nil, want an error", d)
	}
}

func BenchmarkDir_Put1MiB(b *testing.B) {
	d, _ := newTestDir(b)
	data := content(1<<20, 0)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	var n uint64
	for b.Loop() {
		n++
		for i := range 8 { // distinct content, so every Put stores a new blob
			data[i] = byte(n >> (8 * i))
		}
		if _, _, err := d.Put(ctx, bytes.NewReader(data), 0); err != nil {
			b.Fatal(err)
		}
	}
}
