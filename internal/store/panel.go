package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"linka/cases"
	"linka/cti"
)

var (
	_ cti.AgentStore = (*DB)(nil)
	_ cti.DraftStore = (*DB)(nil)
)

// AgentReasons returns the office's not-ready reasons by position.
func (db *DB) AgentReasons(ctx context.Context) ([]cti.AgentReason, error) {
	rows, err := db.reader().query(ctx, `SELECT code, name_cs, name_en, position, active
FROM agent_reasons ORDER BY position, code`)
	out, err := scanAll(rows, err, func(r *cti.AgentReason) []any {
		return []any{&r.Code, &r.NameCS, &r.NameEN, &r.Position, &r.Active}
	})
	if err != nil {
		return nil, db.fail("load agent reasons", "reason", err)
	}
	return out, nil
}

// SaveAgentReason inserts or replaces the reason r.Code.
func (db *DB) SaveAgentReason(ctx context.Context, r cti.AgentReason) error {
	_, err := db.writer().exec(ctx, `INSERT INTO agent_reasons (code, name_cs, name_en, position, active)
VALUES (?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name_cs = excluded.name_cs,
name_en = excluded.name_en, position = excluded.position, active = excluded.active`,
		r.Code, r.NameCS, r.NameEN, r.Position, r.Active)
	return db.fail("save agent reason", "reason", err)
}

// Dispositions returns the office's wrap-up dispositions by position.
func (db *DB) Dispositions(ctx context.Context) ([]cti.Disposition, error) {
	rows, err := db.reader().query(ctx, `SELECT code, name_cs, name_en, needs_case, position, active
FROM dispositions ORDER BY position, code`)
	out, err := scanAll(rows, err, func(d *cti.Disposition) []any {
		return []any{&d.Code, &d.NameCS, &d.NameEN, &d.NeedsCase, &d.Position, &d.Active}
	})
	if err != nil {
		return nil, db.fail("load dispositions", "disposition", err)
	}
	return out, nil
}

// SaveDisposition inserts or replaces the disposition d.Code.
func (db *DB) SaveDisposition(ctx context.Context, d cti.Disposition) error {
	_, err := db.writer().exec(ctx, `INSERT INTO dispositions (code, name_cs, name_en, needs_case, position, active)
VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO UPDATE SET name_cs = excluded.name_cs,
name_en = excluded.name_en, needs_case = excluded.needs_case, position = excluded.position,
active = excluded.active`, d.Code, d.NameCS, d.NameEN, d.NeedsCase, d.Position, d.Active)
	return db.fail("save disposition", "disposition", err)
}

// LogAgentState appends a row to the agent state log.
func (db *DB) LogAgentState(ctx context.Context, c cti.AgentStateChange) error {
	_, err := db.writer().exec(ctx, `INSERT INTO agent_state_log (extension, user_id, state, reason, at)
VALUES (?, ?, ?, ?, ?)`, c.Extension, ref(c.UserID), string(c.State), c.Reason, ts(c.At))
	return db.fail("log agent state", "agent state", err)
}

// LastAgentState returns the latest row of the agent state log of ext.
func (db *DB) LastAgentState(ctx context.Context, ext string) (cti.AgentStateChange, error) {
	var c cti.AgentStateChange
	var state string
	err := db.reader().row(ctx, `SELECT extension, user_id, state, reason, at FROM agent_state_log
WHERE extension = ? ORDER BY at DESC, id DESC LIMIT 1`, ext).
		Scan(&c.Extension, (*ref)(&c.UserID), &state, &c.Reason, (*ts)(&c.At))
	if errors.Is(err, sql.ErrNoRows) {
		return c, notFound("agent state of extension", ext)
	}
	c.State = cti.AgentState(state)
	return c, db.fail("load agent state", "agent state", err)
}

// SetPendingReason remembers the not-ready reason requested at ext.
func (db *DB) SetPendingReason(ctx context.Context, ext, reason string, userID int64, at time.Time) error {
	_, err := db.writer().exec(ctx, `INSERT INTO agent_pending_reasons (extension, reason, user_id, at)
VALUES (?, ?, ?, ?) ON CONFLICT (extension) DO UPDATE SET reason = excluded.reason,
user_id = excluded.user_id, at = excluded.at`, ext, reason, ref(userID), ts(at))
	return db.fail("save pending reason", "reason", err)
}

// TakePendingReason returns and deletes the reason requested at ext at or
// after since; an older one is deleted and "" returned.
func (db *DB) TakePendingReason(ctx context.Context, ext string, since time.Time) (string, error) {
	var reason string
	err := db.write(ctx, func(r runner) error {
		var at time.Time
		err := r.row(ctx, `SELECT reason, at FROM agent_pending_reasons WHERE extension = ?`, ext).
			Scan(&reason, (*ts)(&at))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if at.Before(since) {
			reason = ""
		}
		_, err = r.exec(ctx, `DELETE FROM agent_pending_reasons WHERE extension = ?`, ext)
		return err
	})
	if err != nil {
		return "", db.fail("take pending reason", "reason", err)
	}
	return reason, nil
}

// SaveWrapUp inserts or replaces the wrap-up of (w.CallID, w.UserID).
func (db *DB) SaveWrapUp(ctx context.Context, w cti.WrapUp) error {
	_, err := db.writer().exec(ctx, `INSERT INTO call_wrapups (call_id, user_id, extension, disposition,
case_id, note, acw_started_at, acw_ended_at, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (call_id, user_id) DO UPDATE SET extension = excluded.extension,
disposition = excluded.disposition, case_id = excluded.case_id, note = excluded.note,
acw_started_at = excluded.acw_started_at, acw_ended_at = excluded.acw_ended_at, at = excluded.at`,
		w.CallID, w.UserID, w.Extension, w.Disposition, ref(w.CaseID), w.Note, ts(w.ACWStartedAt),
		ts(w.ACWEndedAt), ts(w.At))
	return db.fail("save wrap-up", "wrap-up", err)
}

// SaveCallDraft inserts or replaces the draft of d.CallID.
func (db *DB) SaveCallDraft(ctx context.Context, d cti.CallDraft) error {
	_, err := db.writer().exec(ctx, `INSERT INTO call_drafts (call_id, form, notes, updated_by, updated_at)
VALUES (?, ?, ?, ?, ?) ON CONFLICT (call_id) DO UPDATE SET form = excluded.form, notes = excluded.notes,
updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
		d.CallID, d.Form, d.Notes, ref(d.UpdatedBy), ts(d.UpdatedAt))
	return db.fail("save call draft", "draft", err)
}

// CallDraft returns the draft of a call.
func (db *DB) CallDraft(ctx context.Context, callID string) (cti.CallDraft, error) {
	var d cti.CallDraft
	err := db.reader().row(ctx, `SELECT call_id, form, notes, updated_by, updated_at FROM call_drafts
WHERE call_id = ?`, callID).Scan(&d.CallID, &d.Form, &d.Notes, (*ref)(&d.UpdatedBy), (*ts)(&d.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return d, notFound("draft of call", callID)
	}
	return d, db.fail("load call draft", "draft", err)
}

// DeleteCallDraft removes the draft of a call, if any.
func (db *DB) DeleteCallDraft(ctx context.Context, callID string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM call_drafts WHERE call_id = ?`, callID)
	return db.fail("delete call draft", "draft", err)
}

// LinkCaseCall links call callID to case caseID and writes hist, in one
// transaction; linking twice changes nothing and writes no history.
// The draft of the call is deleted: it has become the case.
func (db *DB) LinkCaseCall(ctx context.Context, caseID int64, callID string, userID int64, at time.Time,
	hist []cases.HistoryEntry) error {
	err := db.write(ctx, func(r runner) error {
		res, err := r.exec(ctx, `INSERT INTO case_calls (case_id, call_id, linked_at, linked_by)
VALUES (?, ?, ?, ?) ON CONFLICT (case_id, call_id) DO NOTHING`, caseID, callID, ts(at), ref(userID))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if _, err := insertHistory(ctx, r, caseID, hist); err != nil {
			return err
		}
		_, err = r.exec(ctx, `DELETE FROM call_drafts WHERE call_id = ?`, callID)
		return err
	})
	return db.fail("link call to case", "call", err)
}

// CaseCalls returns the calls linked to a case, latest link first, each
// with its call log row when there is one.
func (db *DB) CaseCalls(ctx context.Context, caseID int64) ([]cti.CaseCall, error) {
	var out []cti.CaseCall
	err := db.read(ctx, func(r runner) error {
		rows, err := r.query(ctx, `SELECT call_id, linked_at, linked_by FROM case_calls
WHERE case_id = ? ORDER BY linked_at DESC, call_id`, caseID)
		out, err = scanAll(rows, err, func(c *cti.CaseCall) []any {
			c.CaseID = caseID
			return []any{&c.ID, (*ts)(&c.LinkedAt), (*ref)(&c.LinkedBy)}
		})
		if err != nil || len(out) == 0 {
			return err
		}
		ids := make([]any, len(out))
		for i := range out {
			ids[i] = out[i].ID
		}
		rows, err = r.query(ctx, `SELECT `+callLogColumns+` FROM calls c WHERE c.id IN (`+
			placeholders(len(ids))+`)`, ids...)
		logged, err := scanEntries(rows, err)
		if err != nil {
			return err
		}
		byID := make(map[string]cti.CallLogEntry, len(logged))
		for _, e := range logged {
			byID[e.ID] = e
		}
		for i := range out {
			if e, ok := byID[out[i].ID]; ok {
				out[i].CallLogEntry, out[i].Logged = e, true
			}
		}
		return nil
	})
	if err != nil {
		return nil, db.fail("load calls of case", "call", err)
	}
	return out, nil
}

// CallWrapUps returns the wrap-ups of a call, oldest first.
func (db *DB) CallWrapUps(ctx context.Context, callID string) ([]cti.WrapUp, error) {
	rows, err := db.reader().query(ctx, `SELECT call_id, user_id, extension, disposition, case_id, note,
acw_started_at, acw_ended_at, at FROM call_wrapups WHERE call_id = ? ORDER BY at, user_id`, callID)
	out, err := scanAll(rows, err, func(w *cti.WrapUp) []any {
		return []any{&w.CallID, &w.UserID, &w.Extension, &w.Disposition, (*ref)(&w.CaseID), &w.Note,
			(*ts)(&w.ACWStartedAt), (*ts)(&w.ACWEndedAt), (*ts)(&w.At)}
	})
	if err != nil {
		return nil, db.fail("load wrap-ups", "wrap-up", err)
	}
	return out, nil
}

// AgentStateLog returns the agent state log of ext from from on, oldest
// first.
func (db *DB) AgentStateLog(ctx context.Context, ext string, from time.Time) ([]cti.AgentStateChange, error) {
	rows, err := db.reader().query(ctx, `SELECT extension, user_id, state, reason, at FROM agent_state_log
WHERE extension = ? AND at >= ? ORDER BY at, id`, ext, ts(from))
	out, err := scanAll(rows, err, func(c *cti.AgentStateChange) []any {
		return []any{&c.Extension, (*ref)(&c.UserID), (*string)(&c.State), &c.Reason, (*ts)(&c.At)}
	})
	if err != nil {
		return nil, db.fail("load agent state log", "agent state", err)
	}
	return out, nil
}
