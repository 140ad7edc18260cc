package store

import (
	"context"
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

func TestPostgres_Search(t *testing.T) {
	tests := []struct {
		terms    []string
		wantCond string
		wantArgs []any
	}{
		{[]string{"novak", "", "12"}, "c.search LIKE ? AND c.search LIKE ?", []any{"%novak%", "%12%"}},
		{[]string{"a_b"}, "strpos(c.search, ?) > 0", []any{"a_b"}},
		{nil, "", nil},
	}
	for _, tt := range tests {
		cond, args, err := postgres{}.search(context.Background(), runner{}, "cases", "c", tt.terms, true)
		if err != nil || cond != tt.wantCond || !reflect.DeepEqual(args, tt.wantArgs) {
			t.Errorf("search(%q) = %q %v %v, want %q %v", tt.terms, cond, args, err, tt.wantCond, tt.wantArgs)
		}
	}
}

func TestSQLite_Search(t *testing.T) {
	db := openSQLiteTest(t)
	ctx := context.Background()
	for _, text := range []string{"petr novak 12", "jana novakova", "rek a petr"} {
		if _, err := db.w.ExecContext(ctx, `INSERT INTO contacts (kind, vip, title_before, first_name, last_name,
  title_after, employer, district, phone, mobile, email, data_box, company_id, street, postcode, city,
  delivery_street, delivery_postcode, delivery_city, note, created_at, updated_at, sort_name, search)
VALUES ('person', 0, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ?)`, text); err != nil {
			t.Fatal(err)
		}
	}
	const matches = "ct.id IN (SELECT value FROM json_each(?))"
	tests := []struct {
		terms    []string
		narrow   bool
		wantCond string
		wantArgs []any
	}{
		{[]string{"novak", "12", "petr"}, false, "instr(ct.search, ?) > 0 AND " + matches, []any{"12", "[1]"}},
		{[]string{"novak"}, true, "+" + matches, []any{"[1,2]"}},
		{[]string{"ab", `a"b`}, false, "instr(ct.search, ?) > 0 AND " + matches, []any{"ab", "[]"}},
		{[]string{"rek", ""}, false, matches, []any{"[3]"}},
		{nil, true, "", nil},
	}
	for _, tt := range tests {
		cond, args, err := db.d.search(ctx, db.reader(), "contacts", "ct", tt.terms, tt.narrow)
		if err != nil || cond != tt.wantCond || !reflect.DeepEqual(args, tt.wantArgs) {
			t.Errorf("search(%q, narrow %v) = %q %v %v, want %q %v", tt.terms, tt.narrow, cond, args, err, tt.wantCond, tt.wantArgs)
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
