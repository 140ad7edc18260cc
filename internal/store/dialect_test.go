package store

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestPostgres_Rebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ? AND b IN (?, ?)", "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)"},
		{"SELECT '?' || ? FROM \"we?ird\"", "SELECT '?' || $1 FROM \"we?ird\""},
		{"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"},
		{"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2"},
		{"SELECT ? -- trailing?", "SELECT $1 -- trailing?"},
	}
	for _, tt := range tests {
		if got := (postgres{}).rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearch_Conditions(t *testing.T) {
	tests := []struct {
		d        dialect
		terms    []string
		narrow   bool
		wantCond string
		wantArgs []any
	}{
		{postgres{}, []string{"novak", "", "12"}, true, "c.search LIKE ? AND c.search LIKE ?", []any{"%novak%", "%12%"}},
		{postgres{}, []string{"a_b"}, false, "strpos(c.search, ?) > 0", []any{"a_b"}},
		{sqliteDialect{}, []string{"novak", "12", "petr"}, false,
			"instr(c.search, ?) > 0 AND c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)",
			[]any{"12", `"novak" AND "petr"`}},
		{sqliteDialect{}, []string{"ab", `a"b`}, false, `instr(c.search, ?) > 0 AND c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)`,
			[]any{"ab", `"a""b"`}},
		{sqliteDialect{}, []string{"řek"}, true, "+c.id IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)", []any{`"řek"`}},
		{sqliteDialect{}, nil, true, "", nil},
	}
	for _, tt := range tests {
		cond, args := tt.d.search("cases", "c", tt.terms, tt.narrow)
		if cond != tt.wantCond || !reflect.DeepEqual(args, tt.wantArgs) {
			t.Errorf("%s search(%q) = %q %v, want %q %v", tt.d.name(), tt.terms, cond, args, tt.wantCond, tt.wantArgs)
		}
	}
}

func TestSQLiteDSN(t *testing.T) {
	tests := []struct {
		dsn, path string
		query     url.Values
	}{
		{"linka.db", "linka.db", url.Values{}},
		{"sqlite:/var/lib/linka/linka.db", "/var/lib/linka/linka.db", url.Values{}},
		{"sqlite:///var/lib/linka.db", "/var/lib/linka.db", url.Values{}},
		{"file:/data/l.db?_busy_timeout=500", "file:/data/l.db", url.Values{"_busy_timeout": {"500"}}},
	}
	for _, tt := range tests {
		path, q, err := sqliteDSN(tt.dsn)
		if err != nil || path != tt.path || !reflect.DeepEqual(q, tt.query) {
			t.Errorf("sqliteDSN(%q) = %q %v %v, want %q %v", tt.dsn, path, q, err, tt.path, tt.query)
		}
	}
}

func TestSQLiteParams(t *testing.T) {
	w, _ := url.ParseQuery(sqliteParams(url.Values{"_busy_timeout": {"500"}}, false))
	want := url.Values{"_busy_timeout": {"500"}, "_foreign_keys": {"1"}, "_journal_mode": {"WAL"},
		"_synchronous": {"NORMAL"}, "_txlock": {"immediate"},
		"_pragma": {"mmap_size(1073741824)", "cache_size(-16384)"}}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("writer params = %v, want %v", w, want)
	}
	r, _ := url.ParseQuery(sqliteParams(url.Values{"_pragma": {"mmap_size(0)"}}, true))
	if r.Get("_query_only") != "1" || r.Get("_txlock") != "" {
		t.Errorf("reader params = %v, want query_only and no txlock", r)
	}
	if got, want := r["_pragma"], []string{"mmap_size(0)", "cache_size(-16384)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("reader pragmas = %q, want %q (the DSN's own mmap_size kept)", got, want)
	}
}

func TestIsPostgresDSN(t *testing.T) {
	for dsn, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://u@h/db": true, "sqlite:x.db": false,
		"x.db": false, "file:postgres://": false,
	} {
		if got := isPostgresDSN(dsn); got != want {
			t.Errorf("isPostgresDSN(%q) = %v, want %v", dsn, got, want)
		}
	}
}

// TestRender_BothDialects checks that every migration renders for both
// databases with no template text left over.
func TestRender_BothDialects(t *testing.T) {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []dialect{postgres{}, sqliteDialect{}} {
		for _, m := range ms {
			out, err := render(d, m.name, m.text)
			if err != nil {
				t.Errorf("render(%s, %s) = %v", d.name(), m.name, err)
			}
			if strings.Contains(out, "{{") || strings.Contains(out, "$table") || strings.Contains(out, "$fts") {
				t.Errorf("render(%s, %s) left template text", d.name(), m.name)
			}
		}
	}
}
