package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered step of the schema.
type migration struct {
	version int
	name    string // file name
	text    string // template text
}

// schemaMigrations records the applied migrations.
const schemaMigrations = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at {{time}} NOT NULL
)`

// Migrate brings the schema up to date: it applies, in order and each in
// its own transaction, the embedded migrations not yet recorded in
// schema_migrations. It is idempotent, and instances starting together
// migrate one at a time (a PostgreSQL advisory lock; on SQLite the write
// transaction excludes other writers).
func (db *DB) Migrate(ctx context.Context) error {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		return err
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := db.d.lock(ctx, conn)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer unlock()
	create, err := render(db.d, "schema_migrations", schemaMigrations)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if err := db.apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// apply runs m in a transaction unless it is recorded as applied.
func (db *DB) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	text, err := render(db.d, m.name, m.text)
	if err != nil {
		return err
	}
	err = inTx(ctx, conn, db.d, nil, func(r runner) error {
		var n int
		if err := r.row(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		// Run without arguments: both drivers then accept several statements.
		if _, err := r.x.ExecContext(ctx, text); err != nil {
			return err
		}
		_, err := r.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, ts(time.Now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("store: migration %s: %w", m.name, err)
	}
	return nil
}

// loadMigrations reads migrations/NNNN_name.sql in version order and
// checks that every version occurs once.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("store: list migrations: %w", err)
	}
	var ms []migration
	seen := map[int]string{}
	for _, p := range names {
		name := path.Base(p)
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("store: migration %s: name is not NNNN_name.sql", name)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("store: migrations %s and %s have the same number", prev, name)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("store: read migration %s: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: name, text: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// render expands the dialect's template functions in a migration.
func render(d dialect, name, text string) (string, error) {
	t, err := template.New(name).Funcs(d.funcs()).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("store: parse migration %s: %w", name, err)
	}
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		return "", fmt.Errorf("store: render migration %s: %w", name, err)
	}
	return b.String(), nil
}
