package store

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"linka/cases"
)

// TestWatchOutbox_Postgres: mail queued through one instance's connection
// pool wakes the outbox of another instance listening on the same
// database, at once rather than at its next poll.
func TestWatchOutbox_Postgres(t *testing.T) {
	pg := postgresTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	dsn := pg.schemaDSN(t)
	queuing, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { queuing.Close() })
	if err := queuing.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	listening, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listening.Close() })
	wakes := make(chan struct{}, 16)
	done := make(chan struct{})
	go func() {
		listening.WatchOutbox(ctx, func() { wakes <- struct{}{} }, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()
	defer func() { cancel(); <-done }()
	wait := func(what string) {
		t.Helper()
		select {
		case <-wakes:
		case <-time.After(10 * time.Second):
			t.Fatalf("no wake-up %s", what)
		}
	}
	wait("once listening") // for mail queued while nobody listened
	now := time.Now()
	n := &cases.Notification{Kind: cases.NotifyReceived, Lang: "cs", To: "jana@example.cz",
		State: cases.NotificationPending, NextAttemptAt: now, CreatedAt: now}
	if err := queuing.EnqueueNotifications(ctx, []*cases.Notification{n}); err != nil {
		t.Fatal(err)
	}
	wait("after another instance queued mail")
}

// TestWatchOutbox_SQLite: on SQLite one process is the only instance; the
// watch returns at once.
func TestWatchOutbox_SQLite(t *testing.T) {
	db := openSQLiteTest(t)
	returned := make(chan struct{})
	go func() {
		db.WatchOutbox(context.Background(), func() {}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatal("WatchOutbox on SQLite did not return")
	}
}
