// Package blob is Linka's content-addressed store for binary content: e-mail
// attachments, scanned letters, raw e-mails, call recordings and IVR prompts.
//
// A blob is addressed by its key, the lowercase hexadecimal SHA-256 of its content,
// so storing the same content twice stores it once, and a key names the same bytes
// forever. Metadata (file names, content types, which case owns what) lives in the
// database; the blob store only keeps bytes.
//
// [Dir] keeps blobs as files in a directory and is the default [Store]. Other
// implementations (a PostgreSQL- or S3-backed store shared by several instances)
// can implement the same interface.
package blob

import (
	"context"
	"errors"
	"io"
)

// ErrNotFound is returned (wrapped) when no blob has the requested key.
var ErrNotFound = errors.New("blob: not found")

// ErrTooLarge is returned (wrapped) by Put when the content exceeds its limit.
var ErrTooLarge = errors.New("blob: too large")

// ErrInvalidKey is returned (wrapped) for a key that is not 64 lowercase
// hexadecimal digits. Such a key can never name a blob.
var ErrInvalidKey = errors.New("blob: invalid key")

// KeyLen is the length of a key: a SHA-256 digest in hexadecimal.
const KeyLen = 64

// Store is a content-addressed blob store.
type Store interface {
	// Put stores the content of r and returns its key and size. If r yields more
	// than max bytes (max <= 0 means no limit) it fails with ErrTooLarge and
	// stores nothing.
	Put(ctx context.Context, r io.Reader, max int64) (key string, size int64, err error)
	// Open returns the content of the blob, or ErrNotFound.
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
	// Stat returns the size of the blob, or ErrNotFound.
	Stat(ctx context.Context, key string) (size int64, err error)
	// Delete removes the blob; deleting a missing blob is not an error.
	Delete(ctx context.Context, key string) error
}

// ValidKey reports whether key has the form of a blob key: exactly 64 lowercase
// hexadecimal digits.
func ValidKey(key string) bool {
	if len(key) != KeyLen {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
