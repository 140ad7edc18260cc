package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"linka/recorder"
)

var _ recorder.Store = (*DB)(nil)

const recordingColumns = `r.id, r.call_id, r.sip_call_id, r.state, r.reason, r.caller, r.called, r.direction, r.extension,
r.codec, r.started_at, r.ended_at, r.duration_ms, r.packets, r.lost, r.jitter_ms, r.blob_key, r.size, r.details,
r.spool_file, r.created_at`

func scanRecording(row interface{ Scan(...any) error }) (recorder.Recording, error) {
	var r recorder.Recording
	var ms int64
	err := row.Scan(&r.ID, &r.CallID, &r.SIPCallID, &r.State, &r.Reason, &r.Caller, &r.Called, &r.Direction,
		&r.Extension, &r.Codec, (*ts)(&r.StartedAt), (*ts)(&r.EndedAt), &ms, &r.Packets, &r.Lost, &r.JitterMS,
		&r.BlobKey, &r.Size, &r.Details, &r.SpoolFile, (*ts)(&r.CreatedAt))
	r.Duration = time.Duration(ms) * time.Millisecond
	return r, err
}

func recordingArgs(r *recorder.Recording) []any {
	return []any{r.CallID, r.SIPCallID, r.State, r.Reason, r.Caller, r.Called, r.Direction, r.Extension, r.Codec,
		ts(r.StartedAt), ts(r.EndedAt), r.Duration.Milliseconds(), r.Packets, r.Lost, r.JitterMS, r.BlobKey, r.Size,
		r.Details, r.SpoolFile}
}

// CreateRecording inserts r and sets its ID.
func (db *DB) CreateRecording(ctx context.Context, r *recorder.Recording) error {
	if r.Details == "" {
		r.Details = "{}"
	}
	id, err := db.writer().insert(ctx, `INSERT INTO recordings (call_id, sip_call_id, state, reason, caller, called,
direction, extension, codec, started_at, ended_at, duration_ms, packets, lost, jitter_ms, blob_key, size, details,
spool_file, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(recordingArgs(r), ts(r.CreatedAt))...)
	if err != nil {
		return db.fail("create recording", "recording", err)
	}
	r.ID = id
	return nil
}

// UpdateRecording writes every field of r.
func (db *DB) UpdateRecording(ctx context.Context, r *recorder.Recording) error {
	res, err := db.writer().exec(ctx, `UPDATE recordings SET call_id = ?, sip_call_id = ?, state = ?, reason = ?,
caller = ?, called = ?, direction = ?, extension = ?, codec = ?, started_at = ?, ended_at = ?, duration_ms = ?,
packets = ?, lost = ?, jitter_ms = ?, blob_key = ?, size = ?, details = ?, spool_file = ? WHERE id = ?`,
		append(recordingArgs(r), r.ID)...)
	if err != nil {
		return db.fail("update recording", "recording", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return recorder.ErrNotFound
	}
	return nil
}

// Recording returns recording id.
func (db *DB) Recording(ctx context.Context, id int64) (recorder.Recording, error) {
	r, err := scanRecording(db.reader().row(ctx, `SELECT `+recordingColumns+` FROM recordings r WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, recorder.ErrNotFound
	}
	if err != nil {
		return r, db.fail("read recording", "recording", err)
	}
	r.Cases, err = db.RecordingCases(ctx, r.CallID)
	return r, err
}

// ListRecordings returns a page of recordings, newest first, and the total.
func (db *DB) ListRecordings(ctx context.Context, f recorder.Filter) ([]recorder.Recording, int, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if f.CallID != "" {
		add("r.call_id = ?", f.CallID)
	}
	if f.Unmatched {
		add("r.call_id = ''")
	}
	if f.State != "" {
		add("r.state = ?", f.State)
	}
	if !f.From.IsZero() {
		add("r.started_at >= ?", ts(f.From))
	}
	if !f.To.IsZero() {
		add("r.started_at < ?", ts(f.To))
	}
	if d := digitsTail(f.Number); d != "" {
		add("(r.caller LIKE ? OR r.called LIKE ?)", "%"+d, "%"+d)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	var out []recorder.Recording
	var total int
	err := db.read(ctx, func(r runner) error {
		if err := r.row(ctx, `SELECT COUNT(*) FROM recordings r`+cond, args...).Scan(&total); err != nil {
			return err
		}
		var err error
		out, err = queryRecordings(ctx, r, `SELECT `+recordingColumns+` FROM recordings r`+cond+
			` ORDER BY r.started_at DESC, r.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		return err
	})
	if err != nil {
		return nil, 0, db.fail("list recordings", "recording", err)
	}
	for i := range out {
		if out[i].Cases, err = db.RecordingCases(ctx, out[i].CallID); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// digitsTail returns the last nine digits of a number ("" if none).
func digitsTail(s string) string {
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	if len(d) > 9 {
		d = d[len(d)-9:]
	}
	return string(d)
}

func queryRecordings(ctx context.Context, r runner, q string, args ...any) ([]recorder.Recording, error) {
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recorder.Recording
	for rows.Next() {
		rec, err := scanRecording(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, rows.Err()
}

// CaseRecordings returns the recordings of the calls linked to a case.
func (db *DB) CaseRecordings(ctx context.Context, number string) ([]recorder.Recording, error) {
	out, err := queryRecordings(ctx, db.reader(), `SELECT `+recordingColumns+` FROM recordings r
JOIN case_calls cc ON cc.call_id = r.call_id JOIN cases k ON k.id = cc.case_id
WHERE k.number = ? AND r.call_id <> '' ORDER BY r.started_at, r.id`, number)
	if err != nil {
		return nil, db.fail("case recordings", "recording", err)
	}
	return out, nil
}

// RecordingCases returns the evidence numbers of the cases linked to a call.
func (db *DB) RecordingCases(ctx context.Context, callID string) ([]string, error) {
	if callID == "" {
		return nil, nil
	}
	rows, err := db.reader().query(ctx, `SELECT k.number FROM case_calls cc JOIN cases k ON k.id = cc.case_id
WHERE cc.call_id = ? ORDER BY k.number`, callID)
	if err != nil {
		return nil, db.fail("recording cases", "recording", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Purgeable returns stored recordings not linked to any case that ended
// before before.
func (db *DB) Purgeable(ctx context.Context, before time.Time, limit int) ([]recorder.Recording, error) {
	out, err := queryRecordings(ctx, db.reader(), `SELECT `+recordingColumns+` FROM recordings r
WHERE r.state <> 'recording' AND r.ended_at < ?
AND NOT EXISTS (SELECT 1 FROM case_calls cc WHERE cc.call_id = r.call_id AND r.call_id <> '')
ORDER BY r.ended_at LIMIT ?`, ts(before), limit)
	if err != nil {
		return nil, db.fail("purgeable recordings", "recording", err)
	}
	return out, nil
}

// SpoolRecordings returns the recordings still being written.
func (db *DB) SpoolRecordings(ctx context.Context) ([]recorder.Recording, error) {
	out, err := queryRecordings(ctx, db.reader(), `SELECT `+recordingColumns+` FROM recordings r
WHERE r.state = 'recording' ORDER BY r.id`)
	if err != nil {
		return nil, db.fail("spool recordings", "recording", err)
	}
	return out, nil
}

// DeleteRecording removes a recording's row.
func (db *DB) DeleteRecording(ctx context.Context, id int64) error {
	if _, err := db.writer().exec(ctx, `DELETE FROM recordings WHERE id = ?`, id); err != nil {
		return db.fail("delete recording", "recording", err)
	}
	return nil
}
