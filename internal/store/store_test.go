package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSQLite runs the conformance suite on SQLite, each test on its own
// file.
func TestSQLite(t *testing.T) {
	runConformance(t, func(t *testing.T) *DB { return openSQLiteTest(t) })
}

// TestPostgres runs the conformance suite on PostgreSQL, each test in its
// own schema of the database LINKA_TEST_DATABASE_URL names.
func TestPostgres(t *testing.T) {
	pg := postgresTest(t)
	runConformance(t, func(t *testing.T) *DB { return pg.open(t) })
}

func openSQLiteTest(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "linka.db"))
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate = %v", err)
	}
	return db
}
