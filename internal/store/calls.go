package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"linka/cti"
)

var _ cti.CallStore = (*DB)(nil)

// SaveCall stores a finished call as it is, with no SMDR merge and no
// normalised numbers (cti.CallLog, which the PBX link should be given
// instead, does both through PutCallLog). It is idempotent by the Linka
// call id: the PBX link retries a record after an error, and a second copy
// of a stored record is ignored.
func (db *DB) SaveCall(ctx context.Context, c cti.CallRecord) error {
	path, err := json.Marshal(c.Path)
	if err != nil {
		return fmt.Errorf("store: save call %s: encode path: %w", c.ID, err)
	}
	err = db.write(ctx, func(r runner) error {
		_, err := r.exec(ctx, `INSERT INTO calls (id, direction, caller, called, trunk, extensions, answered_by,
started_at, answered_at, ended_at, end_reason, consultation_of, path)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			c.ID, string(c.Direction), c.Caller, c.Called, c.Trunk, strings.Join(c.Extensions, ","), c.AnsweredBy,
			ts(c.StartedAt), ts(c.AnsweredAt), ts(c.EndedAt), c.EndReason, c.ConsultationOf, string(path))
		if err != nil {
			return err
		}
		return insertExtensions(ctx, r, c.ID, c.Extensions, c.StartedAt)
	})
	if err != nil {
		return db.fail("save call", "call", err)
	}
	return nil
}

// RecentCalls returns the finished calls that started at or after since,
// newest first, at most limit of them.
func (db *DB) RecentCalls(ctx context.Context, since time.Time, limit int) ([]cti.CallRecord, error) {
	var out []cti.CallRecord
	err := db.read(ctx, func(r runner) error {
		rows, err := r.query(ctx, `SELECT id, direction, caller, called, trunk, extensions, answered_by,
started_at, answered_at, ended_at, end_reason, consultation_of, path
FROM calls WHERE started_at >= ? ORDER BY started_at DESC, id LIMIT ?`, ts(since), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCall(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, db.fail("list calls", "call", err)
	}
	return out, nil
}

// scanCall reads one row of the calls table.
func scanCall(rows interface{ Scan(...any) error }) (cti.CallRecord, error) {
	var c cti.CallRecord
	var dir, exts, path string
	err := rows.Scan(&c.ID, &dir, &c.Caller, &c.Called, &c.Trunk, &exts, &c.AnsweredBy,
		(*ts)(&c.StartedAt), (*ts)(&c.AnsweredAt), (*ts)(&c.EndedAt), &c.EndReason, &c.ConsultationOf, &path)
	if err != nil {
		return c, err
	}
	c.Direction = cti.Direction(dir)
	if exts != "" {
		c.Extensions = strings.Split(exts, ",")
	}
	if err := json.Unmarshal([]byte(path), &c.Path); err != nil {
		return c, fmt.Errorf("decode path of call %s: %w", c.ID, err)
	}
	return c, nil
}
