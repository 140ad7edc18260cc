package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"linka/cases"
	"linka/internal/blob"
	"linka/internal/store"
)

// backend is the storage every server command opens.
type backend struct {
	db    *store.DB
	blobs *blob.Dir
}

// openBackend opens and migrates the database and opens the blob store.
// An unreachable database is reported within a few seconds.
func openBackend(ctx context.Context, c *storeConfig) (*backend, error) {
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	octx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	db, err := store.Open(octx, c.Database)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", describeDatabase(c.Database), err)
	}
	if err := db.Migrate(octx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate database: %w", err)
	}
	blobs, err := blob.NewDir(c.BlobDir)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open blob store: %w", err)
	}
	return &backend{db: db, blobs: blobs}, nil
}

func (b *backend) service(opts cases.Options) *cases.Service {
	return cases.NewService(b.db, b.blobs, opts)
}

func (b *backend) Close() error { return b.db.Close() }
