package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// pgServer hands out fresh schemas of the test database.
type pgServer struct {
	url   string
	admin *sql.DB
}

// postgresTest returns the test server, or skips the test when none is
// configured (and fails it when LINKA_REQUIRE_PEERS=1).
func postgresTest(t testing.TB) *pgServer {
	t.Helper()
	u := os.Getenv("LINKA_TEST_DATABASE_URL")
	if u == "" {
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatal("LINKA_TEST_DATABASE_URL is not set and LINKA_REQUIRE_PEERS=1")
		}
		t.Skip("set LINKA_TEST_DATABASE_URL or run make test (it starts PostgreSQL)")
	}
	admin, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	t.Cleanup(func() { admin.Close() })
	// The extension lives in public, which every test schema's search_path
	// includes; created by a test's migration it would live in (and be
	// dropped with) that test's schema.
	if _, err := admin.Exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`); err != nil {
		t.Fatalf("create pg_trgm: %v", err)
	}
	return &pgServer{url: u, admin: admin}
}

// schemaDSN creates an empty schema, dropped when t ends, and returns a DSN
// whose search_path starts with it.
func (s *pgServer) schemaDSN(t testing.TB) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := s.admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := s.admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(s.url)
	if err != nil {
		t.Fatalf("parse LINKA_TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// open returns a migrated store in a fresh schema.
func (s *pgServer) open(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, s.schemaDSN(t))
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate = %v", err)
	}
	return db
}

// TestOpen_Unreachable checks that Open reports a PostgreSQL server that
// does not answer, quickly and naming what it tried.
func TestOpen_Unreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	db, err := Open(ctx, "postgres://linka:secret@"+addr+"/linka?sslmode=disable")
	if err == nil {
		db.Close()
		t.Fatalf("Open(closed port) = nil error, want an error")
	}
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("Open(closed port) took %v, want a prompt failure", d)
	}
	msg := err.Error()
	if !strings.Contains(msg, "connect to PostgreSQL at 127.0.0.1") {
		t.Errorf("Open(closed port) = %q, want it to name the server", msg)
	}
	if strings.Contains(msg, "secret") {
		t.Errorf("Open(closed port) = %q, leaks the password", msg)
	}
}

// TestOpen_SQLiteErrors checks the SQLite DSNs Open refuses.
func TestOpen_SQLiteErrors(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{
		":memory:",
		"sqlite::memory:",
		"file::memory:",
		"file:x.db?mode=memory",
		filepath.Join(t.TempDir(), "missing", "dir", "linka.db"),
	} {
		t.Run(dsn, func(t *testing.T) {
			db, err := Open(ctx, dsn)
			if err == nil {
				db.Close()
				t.Fatalf("Open(%q) = nil error, want an error", dsn)
			}
			if !strings.HasPrefix(err.Error(), "store: ") {
				t.Errorf("Open(%q) = %q, want a store: error", dsn, err)
			}
		})
	}
}

// TestMigrate_Concurrent starts two instances on one database at once:
// both must succeed and every migration must be applied once.
func TestMigrate_Concurrent(t *testing.T) {
	dsns := map[string]func(t *testing.T) string{
		SQLite: func(t *testing.T) string { return filepath.Join(t.TempDir(), "linka.db") },
		Postgres: func(t *testing.T) string {
			return postgresTest(t).schemaDSN(t)
		},
	}
	for name, dsn := range dsns {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			d := dsn(t)
			var wg sync.WaitGroup
			errs := make([]error, 3)
			for i := range errs {
				wg.Go(func() {
					db, err := Open(ctx, d)
					if err != nil {
						errs[i] = err
						return
					}
					defer db.Close()
					errs[i] = db.Migrate(ctx)
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("instance %d: Migrate = %v", i, err)
				}
			}
			checkMigrated(t, d)
		})
	}
}

// checkMigrated checks that dsn has every migration recorded once, and
// that migrating again changes nothing.
func checkMigrated(t *testing.T, dsn string) {
	ctx := context.Background()
	db, err := Open(ctx, dsn)
	if err != nil {
		t.Fatalf("Open = %v", err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate again = %v", err)
	}
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	var n, distinct int
	err = db.reader().row(ctx, `SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&n, &distinct)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(ms) || distinct != len(ms) {
		t.Errorf("schema_migrations has %d rows (%d versions), want %d", n, distinct, len(ms))
	}
}
