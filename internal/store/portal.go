package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
	"unicode/utf8"

	"linka/cases"
)

var _ cases.PortalStore = (*DB)(nil)

// SetAccessCode stores the access code of a case, replacing the earlier
// one, ends the case's portal sessions and writes hist, in one
// transaction.
func (db *DB) SetAccessCode(ctx context.Context, ac cases.AccessCode, hist []cases.HistoryEntry) error {
	var histIDs []int64
	err := db.write(ctx, func(r runner) (err error) {
		_, err = r.exec(ctx, `INSERT INTO access_codes (case_id, hash, issued_at, expires_at, issued_by, channel)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT (case_id) DO UPDATE SET hash = excluded.hash, issued_at = excluded.issued_at,
  expires_at = excluded.expires_at, issued_by = excluded.issued_by, channel = excluded.channel`,
			ac.CaseID, ac.Hash, ts(ac.IssuedAt), ts(ac.ExpiresAt), ref(ac.IssuedBy), ac.Channel)
		if err != nil {
			return err
		}
		if _, err = r.exec(ctx, `DELETE FROM portal_sessions WHERE case_id = ?`, ac.CaseID); err != nil {
			return err
		}
		histIDs, err = insertHistory(ctx, r, ac.CaseID, hist)
		return err
	})
	if err != nil {
		return db.fail("set access code", "access code", err)
	}
	setHistoryIDs(hist, ac.CaseID, histIDs)
	return nil
}

// AccessCode returns the access code of a case.
func (db *DB) AccessCode(ctx context.Context, caseID int64) (*cases.AccessCode, error) {
	var ac cases.AccessCode
	err := db.reader().row(ctx, `SELECT case_id, hash, issued_at, expires_at, issued_by, channel
FROM access_codes WHERE case_id = ?`, caseID).Scan(&ac.CaseID, &ac.Hash, (*ts)(&ac.IssuedAt),
		(*ts)(&ac.ExpiresAt), (*ref)(&ac.IssuedBy), &ac.Channel)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "access code not found")
	}
	if err != nil {
		return nil, db.fail("load access code", "access code", err)
	}
	return &ac, nil
}

// CreatePortalSession inserts s.
func (db *DB) CreatePortalSession(ctx context.Context, s cases.PortalSession) error {
	_, err := db.writer().exec(ctx, `INSERT INTO portal_sessions (id, case_id, created_at, expires_at)
VALUES (?, ?, ?, ?)`, s.ID, s.CaseID, ts(s.CreatedAt), ts(s.ExpiresAt))
	return db.fail("create portal session", "portal session", err)
}

// PortalSession returns the portal session with the given id.
func (db *DB) PortalSession(ctx context.Context, id string) (*cases.PortalSession, error) {
	var s cases.PortalSession
	err := db.reader().row(ctx, `SELECT id, case_id, created_at, expires_at FROM portal_sessions WHERE id = ?`, id).
		Scan(&s.ID, &s.CaseID, (*ts)(&s.CreatedAt), (*ts)(&s.ExpiresAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "portal session not found")
	}
	if err != nil {
		return nil, db.fail("load portal session", "portal session", err)
	}
	return &s, nil
}

// DeletePortalSession removes a portal session; a missing one is not an
// error.
func (db *DB) DeletePortalSession(ctx context.Context, id string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM portal_sessions WHERE id = ?`, id)
	return db.fail("delete portal session", "portal session", err)
}

// DeletePortalSessionsBefore removes the portal sessions that expired
// before t and returns how many.
func (db *DB) DeletePortalSessionsBefore(ctx context.Context, t time.Time) (int, error) {
	return db.deleteCount(ctx, "expire portal sessions", `DELETE FROM portal_sessions WHERE expires_at < ?`, t)
}

// Throttle returns the failure counter of key.
func (db *DB) Throttle(ctx context.Context, key string) (cases.ThrottleState, error) {
	var st cases.ThrottleState
	err := db.reader().row(ctx, `SELECT failures, last_at FROM portal_throttle WHERE throttle_key = ?`, key).
		Scan(&st.Failures, (*ts)(&st.LastAt))
	if errors.Is(err, sql.ErrNoRows) {
		return cases.ThrottleState{}, nil
	}
	if err != nil {
		return st, db.fail("load throttle", "throttle", err)
	}
	return st, nil
}

// AddFailure counts one failure of key at now in a single statement, so
// concurrent failures (from several instances too) are all counted; a
// counter last hit before resetBefore starts again at one.
func (db *DB) AddFailure(ctx context.Context, key string, now, resetBefore time.Time) (cases.ThrottleState, error) {
	var st cases.ThrottleState
	err := db.writer().row(ctx, `INSERT INTO portal_throttle (throttle_key, failures, last_at) VALUES (?, 1, ?)
ON CONFLICT (throttle_key) DO UPDATE SET
  failures = CASE WHEN portal_throttle.last_at < ? THEN 1 ELSE portal_throttle.failures + 1 END,
  last_at = excluded.last_at
RETURNING failures, last_at`, key, ts(now), ts(resetBefore)).Scan(&st.Failures, (*ts)(&st.LastAt))
	if err != nil {
		return st, db.fail("count failure", "throttle", err)
	}
	return st, nil
}

// ResetThrottle forgets the failures of key.
func (db *DB) ResetThrottle(ctx context.Context, key string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM portal_throttle WHERE throttle_key = ?`, key)
	return db.fail("reset throttle", "throttle", err)
}

// DeleteThrottlePrefixBefore forgets the counters of keys starting with
// prefix last hit before t (portal_throttle_last finds them by time).
func (db *DB) DeleteThrottlePrefixBefore(ctx context.Context, prefix string, t time.Time) (int, error) {
	res, err := db.writer().exec(ctx, `DELETE FROM portal_throttle WHERE last_at < ? AND substr(throttle_key, 1, ?) = ?`,
		ts(t), utf8.RuneCountInString(prefix), prefix)
	if err != nil {
		return 0, db.fail("expire throttles", "throttle", err)
	}
	n, err := res.RowsAffected()
	return int(n), db.fail("expire throttles", "throttle", err)
}

// DeleteThrottleBefore forgets the counters last hit before t.
func (db *DB) DeleteThrottleBefore(ctx context.Context, t time.Time) (int, error) {
	return db.deleteCount(ctx, "expire throttles", `DELETE FROM portal_throttle WHERE last_at < ?`, t)
}

// deleteCount runs a DELETE with one time argument and returns how many
// rows it removed.
func (db *DB) deleteCount(ctx context.Context, op, q string, t time.Time) (int, error) {
	res, err := db.writer().exec(ctx, q, ts(t))
	if err != nil {
		return 0, db.fail(op, "row", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, db.fail(op, "row", err)
	}
	return int(n), nil
}
