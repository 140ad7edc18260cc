package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"linka/cti"
)

var _ cti.CallLogStore = (*DB)(nil)

// maxCallSpan bounds how long after a time range a call that overlaps it
// may have ended, so that CallLogCandidates reads a range of the ended_at
// index rather than every later call.
const maxCallSpan = 24 * time.Hour

// callLogColumns are the columns of a call log row, in scanEntry's order.
const callLogColumns = `c.id, c.direction, c.caller, c.called, c.trunk, c.extensions, c.answered_by,
c.started_at, c.answered_at, c.ended_at, c.end_reason, c.consultation_of, c.path,
c.caller_e164, c.called_e164, c.has_csta, c.smdr_state, c.smdr_trunk, c.account_code,
c.smdr_condition, c.smdr_lines, c.observe_after`

// CallLogCandidates returns the rows whose calls overlap [from, to], oldest
// first: those that ended at or after from (and at most a day after to)
// and started at or before to.
func (db *DB) CallLogCandidates(ctx context.Context, from, to time.Time) ([]cti.CallLogEntry, error) {
	rows, err := db.reader().query(ctx, `SELECT `+callLogColumns+` FROM calls c
WHERE c.ended_at >= ? AND c.ended_at <= ? AND c.started_at <= ? ORDER BY c.started_at, c.id`,
		ts(from), ts(to.Add(maxCallSpan)), ts(to))
	out, err := scanEntries(rows, err)
	if err != nil {
		return nil, db.fail("find call log rows", "call", err)
	}
	return out, nil
}

// PutCallLog writes e, a new row or a new version of row e.ID, with its
// extensions, and deletes the rows replaces names, moving their links to
// cases onto e — all in one transaction.
func (db *DB) PutCallLog(ctx context.Context, e cti.CallLogEntry, replaces []string) error {
	path, err := json.Marshal(e.Path)
	if err != nil {
		return fmt.Errorf("store: save call %s: encode path: %w", e.ID, err)
	}
	err = db.write(ctx, func(r runner) error {
		for _, old := range replaces {
			if old == e.ID {
				continue
			}
			if err := replaceCall(ctx, r, old, e.ID); err != nil {
				return err
			}
		}
		if err := upsertCall(ctx, r, &e, string(path)); err != nil {
			return err
		}
		return saveExtensions(ctx, r, e.ID, e.Extensions, e.StartedAt)
	})
	if err != nil {
		return db.fail("save call", "call", err)
	}
	return nil
}

// upsertCall inserts the row of e or updates every column of it.
func upsertCall(ctx context.Context, r runner, e *cti.CallLogEntry, path string) error {
	_, err := r.exec(ctx, `INSERT INTO calls (id, direction, caller, called, trunk, extensions, answered_by,
started_at, answered_at, ended_at, end_reason, consultation_of, path, caller_e164, called_e164,
has_csta, smdr_state, smdr_trunk, account_code, smdr_condition, smdr_lines, observe_after)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET direction = excluded.direction, caller = excluded.caller,
called = excluded.called, trunk = excluded.trunk, extensions = excluded.extensions,
answered_by = excluded.answered_by, started_at = excluded.started_at, answered_at = excluded.answered_at,
ended_at = excluded.ended_at, end_reason = excluded.end_reason, consultation_of = excluded.consultation_of,
path = excluded.path, caller_e164 = excluded.caller_e164, called_e164 = excluded.called_e164,
has_csta = excluded.has_csta, smdr_state = excluded.smdr_state, smdr_trunk = excluded.smdr_trunk,
account_code = excluded.account_code, smdr_condition = excluded.smdr_condition,
smdr_lines = excluded.smdr_lines, observe_after = excluded.observe_after`,
		e.ID, string(e.Direction), e.Caller, e.Called, e.Trunk, strings.Join(e.Extensions, ","), e.AnsweredBy,
		ts(e.StartedAt), ts(e.AnsweredAt), ts(e.EndedAt), e.EndReason, e.ConsultationOf, path,
		e.CallerE164, e.CalledE164, e.CSTA, string(e.SMDR), e.CO, e.Account, e.Condition,
		strings.Join(e.SMDRLines, "\n"), ts(e.ObserveAfter))
	return err
}

// replaceCall deletes the row old, moving its links to cases onto the
// row id.
func replaceCall(ctx context.Context, r runner, old, id string) error {
	steps := []struct {
		q    string
		args []any
	}{
		{`INSERT INTO case_calls (case_id, call_id, linked_at, linked_by)
SELECT case_id, ?, linked_at, linked_by FROM case_calls WHERE call_id = ?
ON CONFLICT (case_id, call_id) DO NOTHING`, []any{id, old}},
		{`DELETE FROM case_calls WHERE call_id = ?`, []any{old}},
		{`DELETE FROM call_extensions WHERE call_id = ?`, []any{old}},
		{`DELETE FROM calls WHERE id = ?`, []any{old}},
	}
	for _, s := range steps {
		if _, err := r.exec(ctx, s.q, s.args...); err != nil {
			return fmt.Errorf("replace call %s: %w", old, err)
		}
	}
	return nil
}

// saveExtensions replaces the extension rows of call id.
func saveExtensions(ctx context.Context, r runner, id string, exts []string, started time.Time) error {
	if _, err := r.exec(ctx, `DELETE FROM call_extensions WHERE call_id = ?`, id); err != nil {
		return err
	}
	return insertExtensions(ctx, r, id, exts, started)
}

// insertExtensions adds the extension rows of call id that are missing.
func insertExtensions(ctx context.Context, r runner, id string, exts []string, started time.Time) error {
	for _, x := range exts {
		if x == "" {
			continue
		}
		_, err := r.exec(ctx, `INSERT INTO call_extensions (call_id, extension, started_at) VALUES (?, ?, ?)
ON CONFLICT (call_id, extension) DO NOTHING`, id, x, ts(started))
		if err != nil {
			return err
		}
	}
	return nil
}

// DueCallLog returns up to limit rows whose observe_after is set and not
// after now, oldest mark first.
func (db *DB) DueCallLog(ctx context.Context, now time.Time, limit int) ([]cti.CallLogEntry, error) {
	rows, err := db.reader().query(ctx, `SELECT `+callLogColumns+` FROM calls c
WHERE c.observe_after IS NOT NULL AND c.observe_after <= ? ORDER BY c.observe_after, c.id LIMIT ?`, ts(now), limit)
	out, err := scanEntries(rows, err)
	if err != nil {
		return nil, db.fail("list due calls", "call", err)
	}
	return out, nil
}

// MarkCallLogObserved clears the observe_after of row id; a row that is
// gone is no error.
func (db *DB) MarkCallLogObserved(ctx context.Context, id string) error {
	_, err := db.writer().exec(ctx, `UPDATE calls SET observe_after = NULL WHERE id = ?`, id)
	return db.fail("mark call observed", "call", err)
}

// AddSMDRReject keeps a rejected SMDR line.
func (db *DB) AddSMDRReject(ctx context.Context, rj cti.SMDRReject) error {
	_, err := db.writer().exec(ctx, `INSERT INTO smdr_rejects (line, reason, received_at) VALUES (?, ?, ?)`,
		rj.Line, rj.Reason, ts(rj.At))
	return db.fail("keep a rejected SMDR line", "SMDR line", err)
}

// scanEntries reads the rows of a query of callLogColumns.
func scanEntries(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}, err error) ([]cti.CallLogEntry, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []cti.CallLogEntry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// scanEntry reads one row of callLogColumns.
func scanEntry(row interface{ Scan(...any) error }) (cti.CallLogEntry, error) {
	var e cti.CallLogEntry
	var dir, exts, path, state, lines string
	err := row.Scan(&e.ID, &dir, &e.Caller, &e.Called, &e.Trunk, &exts, &e.AnsweredBy,
		(*ts)(&e.StartedAt), (*ts)(&e.AnsweredAt), (*ts)(&e.EndedAt), &e.EndReason, &e.ConsultationOf, &path,
		&e.CallerE164, &e.CalledE164, &e.CSTA, &state, &e.CO, &e.Account, &e.Condition, &lines,
		(*ts)(&e.ObserveAfter))
	if err != nil {
		return e, err
	}
	e.Direction, e.SMDR = cti.Direction(dir), cti.SMDRState(state)
	if exts != "" {
		e.Extensions = strings.Split(exts, ",")
	}
	if lines != "" {
		e.SMDRLines = strings.Split(lines, "\n")
	}
	if err := json.Unmarshal([]byte(path), &e.Path); err != nil {
		return e, fmt.Errorf("decode path of call %s: %w", e.ID, err)
	}
	return e, nil
}

// SearchCallLog returns one page of the rows f selects, newest first, with
// the evidence numbers of the cases each is linked to, and how many rows
// f selects in all, from one snapshot. f.Number starting with "+" is
// compared with the normalised numbers, anything else with the numbers as
// the PBX gave them.
func (db *DB) SearchCallLog(ctx context.Context, f cti.CallLogFilter) ([]cti.CallLogEntry, int, error) {
	where, args := callLogFilter(f)
	var out []cti.CallLogEntry
	total := 0
	err := db.read(ctx, func(r runner) error {
		if err := r.row(ctx, `SELECT count(*) FROM calls c WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := r.query(ctx, `SELECT `+callLogColumns+` FROM calls c WHERE `+where+`
ORDER BY c.started_at DESC, c.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if out, err = scanEntries(rows, err); err != nil {
			return err
		}
		return addCaseNumbers(ctx, r, out)
	})
	if err != nil {
		return nil, 0, db.fail("search the call log", "call", err)
	}
	return out, total, nil
}

// callLogFilter returns the WHERE condition (never empty) of f and its
// arguments.
func callLogFilter(f cti.CallLogFilter) (string, []any) {
	w := &conds{}
	switch {
	case strings.HasPrefix(f.Number, "+"):
		w.add("(c.caller_e164 = ? OR c.called_e164 = ?)", f.Number, f.Number)
	case f.Number != "":
		w.add("(c.caller = ? OR c.called = ?)", f.Number, f.Number)
	}
	w.addIf(f.Extension != "", "c.id IN (SELECT x.call_id FROM call_extensions x WHERE x.extension = ?)", f.Extension)
	w.addIf(!f.From.IsZero(), "c.started_at >= ?", ts(f.From))
	w.addIf(!f.To.IsZero(), "c.started_at < ?", ts(f.To))
	w.addIf(f.Direction != "", "c.direction = ?", string(f.Direction))
	// A provisional row (RC/AN lines only) has not ended: it is not missed.
	w.addIf(f.Missed, "c.direction = 'incoming' AND c.answered_at IS NULL AND (c.has_csta OR c.smdr_state <> 'interim')")
	if len(w.list) == 0 {
		return "TRUE", nil
	}
	return strings.Join(w.list, " AND "), w.args
}

// addCaseNumbers fills the Cases of rows: the evidence numbers of the
// cases each call is linked to, in the order they were linked.
func addCaseNumbers(ctx context.Context, r runner, rows []cti.CallLogEntry) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]any, len(rows))
	at := make(map[string]*cti.CallLogEntry, len(rows))
	for i := range rows {
		ids[i], at[rows[i].ID] = rows[i].ID, &rows[i]
	}
	res, err := r.query(ctx, `SELECT cc.call_id, k.number FROM case_calls cc JOIN cases k ON k.id = cc.case_id
WHERE cc.call_id IN (`+placeholders(len(ids))+`) ORDER BY cc.linked_at, k.number`, ids...)
	if err != nil {
		return err
	}
	defer res.Close()
	for res.Next() {
		var id, number string
		if err := res.Scan(&id, &number); err != nil {
			return err
		}
		at[id].Cases = append(at[id].Cases, number)
	}
	return res.Err()
}
