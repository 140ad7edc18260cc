package store

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// outboxChannel is the PostgreSQL notification channel on which every
// transaction that queues mail tells the instances listening.
const outboxChannel = "linka_outbox"

// WatchOutbox calls wake whenever any instance sharing the PostgreSQL
// database and schema commits queued notifications (LISTEN linka_outbox;
// the payload is the schema, as channels span a whole database), so that
// every outbox worker sends them at once instead of at its next poll. It
// runs until ctx ends, listening again after a lost connection (with a
// wake, as notifications may have been missed meanwhile). On SQLite, where
// one process is the only instance, it returns at once.
func (db *DB) WatchOutbox(ctx context.Context, wake func(), log *slog.Logger) {
	if db.d.notifyOutbox() == "" {
		return
	}
	backoff := time.Second
	for ctx.Err() == nil {
		err := db.listenOutbox(ctx, wake, func() { backoff = time.Second })
		if ctx.Err() != nil {
			return
		}
		log.Warn("outbox: listening for queued mail failed; polling meanwhile", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Minute)
	}
}

// listenOutbox listens on one connection of the write pool until it
// fails or ctx ends; listening calls up once LISTEN succeeded.
func (db *DB) listenOutbox(ctx context.Context, wake, listening func()) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		pc := c.Conn()
		var schema string
		if err := pc.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			return err
		}
		if _, err := pc.Exec(ctx, "LISTEN "+outboxChannel); err != nil {
			return err
		}
		// The connection goes back to the pool: stop listening on it.
		defer func() {
			uctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if _, err := pc.Exec(uctx, "UNLISTEN "+outboxChannel); err != nil {
				_ = pc.Close(uctx) // a connection in an unknown state is not reused
			}
		}()
		listening()
		wake() // mail queued while nobody listened
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				return err
			}
			if n.Payload == schema {
				wake()
			}
		}
	})
}
