// Package store is Linka's one SQL adapter: it implements cases.Store, and
// later the small storage interfaces of the other modules, over PostgreSQL
// (pgx, for production and several instances) or SQLite (modernc.org/sqlite,
// the embedded default) through one code path.
//
// # One implementation, two databases
//
// Queries are written once with ? placeholders; the PostgreSQL dialect
// renumbers them to $1, $2, …. Every difference between the databases —
// opening, DDL types, the full-text index and how a term is matched with
// it, error codes, the migration lock, the LIMIT that means "all", the
// aggregate of an id list — lives in dialect.go. Column codecs in
// values.go (ts, date, ref, optText, idList) store times in UTC with
// microsecond precision (timestamptz; fixed-width sortable text in
// SQLite), civil dates (date; YYYY-MM-DD text) and optional values as
// NULL, so scanning code is shared as well.
//
// Every method that writes runs in one transaction: a change and its
// history rows are written together or not at all. A read that needs
// several statements runs them in one read-only transaction (one
// snapshot), or is written as one statement. Missing rows are *cases.Error with
// ENotFound, unique violations EConflict, references to missing rows
// EInvalid.
//
// # Full-text search
//
// Cases and contacts keep an application-maintained folded search column
// (cases.SearchText, cases.ContactSearchText), refreshed when the case or
// its submitter changes. A row matches when every term is a substring of
// that text, on both databases: PostgreSQL answers LIKE '%term%' from a GIN
// pg_trgm index, SQLite a phrase query on an FTS5 trigram index (a phrase
// of consecutive trigrams is exactly a substring); terms shorter than three
// characters, which no trigram index can serve, are matched with instr on
// the row.
//
// # Adding a module's storage
//
// A module that needs storage (call log, recordings, IVR flows) declares
// its small interface in its own package. To implement it here:
//
//  1. Add migrations/NNNN_name.sql with the next free number (numbers run
//     1, 2, 3 … without gaps; a test checks this). Write it once, using the
//     template functions of dialect.go for the types that differ: {{id}}
//     (auto-increment primary key), {{time}}, {{date}}, {{bool}}, {{blob}},
//     {{bytewise}} (byte-order collation) and {{searchIndex "table"}}.
//     Migrate applies it in its own transaction on the next start; never
//     edit a migration that has been released.
//  2. Add a file named after the resource (calls.go) with the methods on
//     *DB, the SQL beside the method that runs it, each method in one
//     db.write or db.read transaction (or one statement on db.reader()),
//     errors passed through db.fail.
//  3. Assert the interface: var _ cti.CallLogStore = (*DB)(nil).
//  4. Add the tests to runConformance (a conformance_calls_test.go), so
//     they run on SQLite and on PostgreSQL.
package store

import "linka/cases"

// DB implements the storage interface of the case register.
var _ cases.Store = (*DB)(nil)
