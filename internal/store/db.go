package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"linka/cases"
)

// DB is Linka's SQL store over PostgreSQL or SQLite. It is safe for
// concurrent use.
type DB struct {
	d dialect
	w *sql.DB // writes and migrations; one connection on SQLite
	r *sql.DB // reads; the same pool as w on PostgreSQL
}

// Open opens the database named by dsn and checks that it answers.
// "postgres://…" and "postgresql://…" open PostgreSQL through pgx (every
// pgx connection parameter applies, e.g. search_path); anything else is an
// SQLite file: "sqlite:PATH", "file:PATH?…" or a plain path, in WAL mode
// with foreign keys on. The schema is not touched: call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if isPostgresDSN(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

// Dialect returns the database's dialect, Postgres or SQLite.
func (db *DB) Dialect() string { return db.d.name() }

// Close closes the database.
func (db *DB) Close() error {
	db.d.closing(db.w)
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.ping(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

func (db *DB) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	if err := db.w.PingContext(ctx); err != nil {
		return err
	}
	if db.r != db.w {
		return db.r.PingContext(ctx)
	}
	return nil
}

// execer is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// runner runs statements written with ? placeholders on a pool or in a
// transaction.
type runner struct {
	d dialect
	x execer
}

func (r runner) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.x.ExecContext(ctx, r.d.rebind(q), args...)
}

func (r runner) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return r.x.QueryContext(ctx, r.d.rebind(q), args...)
}

func (r runner) row(ctx context.Context, q string, args ...any) *sql.Row {
	return r.x.QueryRowContext(ctx, r.d.rebind(q), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (r runner) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := r.row(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// reader runs single statements on the read pool; a single statement is
// a transaction of its own.
func (db *DB) reader() runner { return runner{d: db.d, x: db.r} }

// writer runs single statements on the write pool.
func (db *DB) writer() runner { return runner{d: db.d, x: db.w} }

// write runs fn in a read-write transaction on the write pool and commits
// if fn succeeds. fn must use only the runner it is given: on SQLite the
// transaction holds the only write connection.
func (db *DB) write(ctx context.Context, fn func(r runner) error) error {
	return inTx(ctx, db.w, db.d, nil, fn)
}

// read runs fn in a read-only transaction on the read pool, so that its
// statements see one snapshot.
func (db *DB) read(ctx context.Context, fn func(r runner) error) error {
	return inTx(ctx, db.r, db.d, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}, fn)
}

type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func inTx(ctx context.Context, b beginner, d dialect, opts *sql.TxOptions, fn func(r runner) error) error {
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(runner{d: d, x: tx}); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// fail turns err of the operation op on a what ("case", "user") into
// what the method returns: a domain error passes unchanged, a unique
// violation becomes EConflict, a foreign-key violation EInvalid, anything
// else is wrapped as "store: op: err".
func (db *DB) fail(op, what string, err error) error {
	if err == nil {
		return nil
	}
	var de *cases.Error
	if errors.As(err, &de) {
		return err
	}
	switch kind, col := db.d.classify(err); kind {
	case errUnique:
		if col != "" {
			return cases.Errorf(cases.EConflict, "a %s with the same %s already exists", what, strings.ReplaceAll(col, "_", " "))
		}
		return cases.Errorf(cases.EConflict, "the %s conflicts with an existing one", what)
	case errForeignKey:
		return cases.Errorf(cases.EInvalid, "the %s refers to a record that does not exist", what)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// notFound returns the not-found error of a what.
func notFound(what string, key any) error {
	return cases.Errorf(cases.ENotFound, "%s %v not found", what, key)
}

// placeholders returns "?, ?, …" for n arguments.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// int64Args converts ids to query arguments.
func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// expectRow returns err, or missing if the statement changed no row.
func expectRow(res sql.Result, err error, missing error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("rows affected: %w", err)
	}
	if n == 0 {
		return missing
	}
	return nil
}

// scanAll reads every row of a query into a slice (never nil), scanning
// each into the destinations dest returns for it.
func scanAll[T any](rows *sql.Rows, err error, dest func(*T) []any) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var v T
		if err := rows.Scan(dest(&v)...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
