// Package storetest gives other packages' tests a throwaway store: a
// migrated SQLite database and a blob store in a temporary folder, closed
// and removed when the test ends. (internal/store's own tests open theirs
// inside the package.)
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"linka/internal/blob"
	"linka/internal/store"
)

// Env is a throwaway store.
type Env struct {
	DB    *store.DB
	Blobs *blob.Dir
	// Path is the database file, for a second connection to it.
	Path string
}

// SQLite opens a migrated SQLite database and a blob store in tb's
// temporary folder; it fails tb when either cannot be made.
func SQLite(tb testing.TB) Env {
	tb.Helper()
	return SQLiteIn(tb, tb.TempDir())
}

// SQLiteIn opens (creating and migrating, or reopening) the database
// linka.db and the blob store blobs/ in dir, as a restarted process
// finds them; the database is closed when tb ends.
func SQLiteIn(tb testing.TB, dir string) Env {
	tb.Helper()
	ctx := context.Background()
	e := Env{Path: filepath.Join(dir, "linka.db")}
	db, err := store.Open(ctx, "sqlite:"+e.Path)
	if err != nil {
		tb.Fatalf("store.Open = %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("Migrate = %v", err)
	}
	if e.Blobs, err = blob.NewDir(filepath.Join(dir, "blobs")); err != nil {
		tb.Fatalf("blob.NewDir = %v", err)
	}
	e.DB = db
	return e
}
