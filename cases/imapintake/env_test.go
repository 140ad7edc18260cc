package imapintake

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"linka/cases"
	"linka/internal/store"
	"linka/internal/store/storetest"
)

// env is a case register on SQLite with a blob directory, as `linka
// serve` opens it.
type env struct {
	db  *store.DB
	svc *cases.Service
	dir string
}

func newEnv(t testing.TB, dir string, maxAttach int64) *env {
	t.Helper()
	st := storetest.SQLiteIn(t, dir)
	db, blobs := st.DB, st.Blobs
	return &env{db: db, dir: dir, svc: cases.NewService(db, blobs, cases.Options{MaxAttachment: maxAttach})}
}

// clerk sees every case.
var clerk = &cases.User{ID: 0, Active: true, Roles: []cases.Role{cases.RoleClerk}}

// cases returns every case, newest first.
func (e *env) cases(t testing.TB) []cases.CaseRow {
	t.Helper()
	var all []cases.CaseRow
	for off := 0; ; off += 500 {
		page, err := e.svc.ListCases(context.Background(), clerk, cases.CaseQuery{Limit: 500, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Rows...)
		if len(page.Rows) < 500 {
			return all
		}
	}
}

// total returns the number of cases.
func (e *env) total(t testing.TB) int {
	t.Helper()
	page, err := e.svc.ListCases(context.Background(), clerk, cases.CaseQuery{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// run starts m until the test ends.
func run(t testing.TB, m *Mailbox) context.CancelFunc {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = m.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return cancel
}

func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// simple returns a small message with a unique Message-ID.
func simple(i int, subject string) []byte {
	return fmt.Appendf(nil, "From: Obcan %d <obcan%d@example.cz>\r\nTo: podatelna@mesto.cz\r\n"+
		"Subject: %s\r\nMessage-ID: <msg-%d@example.cz>\r\nDate: Tue, 10 Mar 2026 09:15:00 +0100\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\nDobrý den, podnět číslo %d.\r\n", i, i%50, subject, i, i)
}
