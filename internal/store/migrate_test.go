package store

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ms, err := loadMigrations(fstest.MapFS{
		"migrations/0010_later.sql": file("B"),
		"migrations/0002_calls.sql": file("A"),
		"migrations/README.txt":     file("ignored"),
	})
	if err != nil {
		t.Fatalf("loadMigrations = %v", err)
	}
	if len(ms) != 2 || ms[0].version != 2 || ms[1].version != 10 || ms[0].text != "A" {
		t.Errorf("loadMigrations = %+v, want versions 2 then 10", ms)
	}
	bad := map[string]fstest.MapFS{
		"no number":  {"migrations/calls.sql": file("")},
		"zero":       {"migrations/0000_x.sql": file("")},
		"same twice": {"migrations/0002_a.sql": file(""), "migrations/002_b.sql": file("")},
	}
	for name, fsys := range bad {
		if _, err := loadMigrations(fsys); err == nil || !strings.HasPrefix(err.Error(), "store: ") {
			t.Errorf("loadMigrations(%s) = %v, want a store: error", name, err)
		}
	}
}

func TestLoadMigrations_Embedded(t *testing.T) {
	ms, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %s has number %d, want %d: numbers run 1, 2, 3 … without gaps", m.name, m.version, i+1)
		}
	}
}

func TestRender_Errors(t *testing.T) {
	for _, text := range []string{"{{nosuch}}", "{{searchIndex}}", "{{"} {
		if _, err := render(sqliteDialect{}, "x.sql", text); err == nil {
			t.Errorf("render(%q) = nil error, want an error", text)
		}
	}
}
