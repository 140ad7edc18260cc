package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"linka/cases"
)

// CreateSession inserts s.
func (db *DB) CreateSession(ctx context.Context, s *cases.Session) error {
	_, err := db.writer().exec(ctx, `INSERT INTO sessions (id, user_id, csrf, created_at, seen_at)
VALUES (?, ?, ?, ?, ?)`, s.ID, s.UserID, s.CSRF, ts(s.CreatedAt), ts(s.SeenAt))
	return db.fail("create session", "session", err)
}

// Session returns the session with the given id.
func (db *DB) Session(ctx context.Context, id string) (*cases.Session, error) {
	var s cases.Session
	err := db.reader().row(ctx, `SELECT id, user_id, csrf, created_at, seen_at FROM sessions WHERE id = ?`, id).
		Scan(&s.ID, &s.UserID, &s.CSRF, (*ts)(&s.CreatedAt), (*ts)(&s.SeenAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "session not found")
	}
	if err != nil {
		return nil, db.fail("load session", "session", err)
	}
	return &s, nil
}

// TouchSession records that the session was used at t. A missing session
// is ENotFound.
func (db *DB) TouchSession(ctx context.Context, id string, t time.Time) error {
	res, err := db.writer().exec(ctx, `UPDATE sessions SET seen_at = ? WHERE id = ?`, ts(t), id)
	return db.fail("touch session", "session", expectRow(res, err, cases.Errorf(cases.ENotFound, "session not found")))
}

// DeleteSession removes a session; removing a missing one is not an error,
// so signing out twice succeeds.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return db.fail("delete session", "session", err)
}

// DeleteUserSessions removes every session of a user.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := db.writer().exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return db.fail("delete user sessions", "session", err)
}

// DeleteSessionsSeenBefore removes the sessions last seen before t and
// returns how many.
func (db *DB) DeleteSessionsSeenBefore(ctx context.Context, t time.Time) (int, error) {
	res, err := db.writer().exec(ctx, `DELETE FROM sessions WHERE seen_at < ?`, ts(t))
	if err != nil {
		return 0, db.fail("expire sessions", "session", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, db.fail("expire sessions", "session", err)
	}
	return int(n), nil
}

const tokenColumns = `id, user_id, name, hash, created_at, expires_at`

func tokenDest(t *cases.Token) []any {
	return []any{&t.ID, &t.UserID, &t.Name, &t.Hash, (*ts)(&t.CreatedAt), (*ts)(&t.ExpiresAt)}
}

// CreateToken inserts t and sets its ID.
func (db *DB) CreateToken(ctx context.Context, t *cases.Token) error {
	id, err := db.writer().insert(ctx, `INSERT INTO tokens (user_id, name, hash, created_at, expires_at)
VALUES (?, ?, ?, ?, ?)`, t.UserID, t.Name, t.Hash, ts(t.CreatedAt), ts(t.ExpiresAt))
	if err != nil {
		return db.fail("create token", "token", err)
	}
	t.ID = id
	return nil
}

// TokenByHash returns the token whose secret hashes to hash, expired or
// not.
func (db *DB) TokenByHash(ctx context.Context, hash string) (*cases.Token, error) {
	var t cases.Token
	err := db.reader().row(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, hash).Scan(tokenDest(&t)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, cases.Errorf(cases.ENotFound, "token not found")
	}
	if err != nil {
		return nil, db.fail("load token", "token", err)
	}
	return &t, nil
}

// Tokens returns the tokens of a user, oldest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]cases.Token, error) {
	rows, err := db.reader().query(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE user_id = ? ORDER BY created_at, id`, userID)
	list, err := scanAll(rows, err, tokenDest)
	if err != nil {
		return nil, db.fail("list tokens", "token", err)
	}
	return list, nil
}

// DeleteToken removes a token. A missing token is ENotFound.
func (db *DB) DeleteToken(ctx context.Context, id int64) error {
	res, err := db.writer().exec(ctx, `DELETE FROM tokens WHERE id = ?`, id)
	return db.fail("delete token", "token", expectRow(res, err, notFound("token", id)))
}
