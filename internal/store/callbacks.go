package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"linka/cti"
)

var _ cti.CallbackStore = (*DB)(nil)

// callbackColumns are the columns of callback_tasks scanCallback reads.
const callbackColumns = `t.id, t.number, t.dial_number, t.state, t.resolution, t.first_call_at, t.last_call_at,
t.reached_at, t.time_to_callback_ms, t.closed_at, t.closed_by_call, t.version`

// scanCallback reads one row of callbackColumns.
func scanCallback(row interface{ Scan(...any) error }) (cti.CallbackTask, error) {
	var t cti.CallbackTask
	var wait sql.NullInt64
	err := row.Scan(&t.ID, &t.Number, &t.DialNumber, &t.State, &t.Resolution, (*ts)(&t.FirstCallAt),
		(*ts)(&t.LastCallAt), (*ts)(&t.ReachedAt), &wait, (*ts)(&t.ClosedAt), &t.ClosedByCall, &t.Version)
	t.TimeToCallback = time.Duration(wait.Int64) * time.Millisecond
	return t, err
}

// OpenCallback returns the open callback task of a normalised number.
func (db *DB) OpenCallback(ctx context.Context, number string) (cti.CallbackTask, error) {
	return db.callbackWhere(ctx, "t.number = ? AND t.state = 'open'", number)
}

// Callback returns the callback task id.
func (db *DB) Callback(ctx context.Context, id int64) (cti.CallbackTask, error) {
	return db.callbackWhere(ctx, "t.id = ?", id)
}

// CallbackByAttemptCall returns the callback task with an attempt that
// placed the call with Linka id callID.
func (db *DB) CallbackByAttemptCall(ctx context.Context, callID string) (cti.CallbackTask, error) {
	if callID == "" {
		return cti.CallbackTask{}, cti.ErrCallbackNotFound
	}
	return db.callbackWhere(ctx, "t.id IN (SELECT a.task_id FROM callback_attempts a WHERE a.call_id = ?)", callID)
}

// callbackWhere returns the one task cond selects, with its calls and
// attempts.
func (db *DB) callbackWhere(ctx context.Context, cond string, arg any) (cti.CallbackTask, error) {
	var t cti.CallbackTask
	err := db.read(ctx, func(r runner) error {
		var err error
		t, err = scanCallback(r.row(ctx, `SELECT `+callbackColumns+` FROM callback_tasks t WHERE `+cond, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return cti.ErrCallbackNotFound
		}
		if err != nil {
			return err
		}
		tasks := []cti.CallbackTask{t}
		err = loadCallbackDetails(ctx, r, tasks)
		t = tasks[0]
		return err
	})
	if err != nil {
		return cti.CallbackTask{}, db.fail("read callback", "callback", err)
	}
	return t, nil
}

// ListCallbacks returns the callback tasks f selects and how many there
// are in all: open tasks oldest first call first, others newest first.
func (db *DB) ListCallbacks(ctx context.Context, f cti.CallbackFilter) ([]cti.CallbackTask, int, error) {
	where, args := "1 = 1", []any{}
	if f.State != "" {
		where, args = where+" AND t.state = ?", append(args, string(f.State))
	}
	if f.Category != "" {
		where += " AND EXISTS (SELECT 1 FROM callback_calls k WHERE k.task_id = t.id AND k.category = ?)"
		args = append(args, string(f.Category))
	}
	order := "t.first_call_at DESC, t.id DESC"
	if f.State == cti.CallbackOpen {
		order = "t.first_call_at, t.id"
	}
	var (
		tasks []cti.CallbackTask
		total int
	)
	err := db.read(ctx, func(r runner) error {
		if err := r.row(ctx, `SELECT COUNT(*) FROM callback_tasks t WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		rows, err := r.query(ctx, `SELECT `+callbackColumns+` FROM callback_tasks t WHERE `+where+
			` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanCallback(rows)
			if err != nil {
				return err
			}
			tasks = append(tasks, t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return loadCallbackDetails(ctx, r, tasks)
	})
	if err != nil {
		return nil, 0, db.fail("list callbacks", "callback", err)
	}
	return tasks, total, nil
}

// loadCallbackDetails fills in the calls and attempts of tasks, oldest
// first.
func loadCallbackDetails(ctx context.Context, r runner, tasks []cti.CallbackTask) error {
	if len(tasks) == 0 {
		return nil
	}
	byID := make(map[int64]*cti.CallbackTask, len(tasks))
	ids := make([]int64, len(tasks))
	for i := range tasks {
		byID[tasks[i].ID], ids[i] = &tasks[i], tasks[i].ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	type taskCall struct {
		task int64
		c    cti.CallbackCall
	}
	rows, err := r.query(ctx, `SELECT task_id, call_id, started_at, category FROM callback_calls
WHERE task_id IN `+in+` ORDER BY task_id, started_at, call_id`, int64Args(ids)...)
	calls, err := scanAll(rows, err, func(x *taskCall) []any {
		return []any{&x.task, &x.c.CallID, (*ts)(&x.c.At), &x.c.Category}
	})
	if err != nil {
		return fmt.Errorf("read callback calls: %w", err)
	}
	for _, x := range calls {
		byID[x.task].Calls = append(byID[x.task].Calls, x.c)
	}
	type taskAttempt struct {
		task int64
		a    cti.CallbackAttempt
	}
	rows, err = r.query(ctx, `SELECT task_id, id, started_at, user_id, user_name, extension, call_id,
outcome, detail, answered_at, ended_at, settled_at FROM callback_attempts WHERE task_id IN `+in+` ORDER BY task_id, id`,
		int64Args(ids)...)
	attempts, err := scanAll(rows, err, func(x *taskAttempt) []any {
		a := &x.a
		return []any{&x.task, &a.ID, (*ts)(&a.At), (*ref)(&a.UserID), &a.UserName, &a.Extension, &a.CallID,
			&a.Outcome, &a.Detail, (*ts)(&a.AnsweredAt), (*ts)(&a.EndedAt), (*ts)(&a.SettledAt)}
	})
	if err != nil {
		return fmt.Errorf("read callback attempts: %w", err)
	}
	for _, x := range attempts {
		byID[x.task].Attempts = append(byID[x.task].Attempts, x.a)
	}
	return nil
}

// CreateCallback stores a new callback task with its calls and sets its
// ID and Version. It fails with cti.ErrCallbackConflict if the number has
// an open task already and with cti.ErrCallbackSeen if a call is recorded
// on a task already.
func (db *DB) CreateCallback(ctx context.Context, t *cti.CallbackTask) error {
	err := db.write(ctx, func(r runner) error {
		for _, c := range t.Calls {
			if err := callbackCallUnseen(ctx, r, c.CallID); err != nil {
				return err
			}
		}
		reached, wait := callbackReach(t)
		id, err := r.insert(ctx, `INSERT INTO callback_tasks (number, dial_number, state, resolution, first_call_at,
last_call_at, reached_at, time_to_callback_ms, closed_at, closed_by_call, version)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`, t.Number, t.DialNumber, string(t.State), string(t.Resolution),
			ts(t.FirstCallAt), ts(t.LastCallAt), reached, wait, ts(t.ClosedAt), t.ClosedByCall)
		if kind, _ := db.d.classify(err); kind == errUnique {
			return cti.ErrCallbackConflict
		}
		if err != nil {
			return err
		}
		for _, c := range t.Calls {
			if err := insertCallbackCall(ctx, r, id, c); err != nil {
				return err
			}
		}
		t.ID = id
		return nil
	})
	if err != nil {
		return db.fail("create callback", "callback", err)
	}
	t.Version = 1
	return nil
}

// callbackReach returns the reached_at and time_to_callback_ms values of
// t: NULL unless the citizen was reached.
func callbackReach(t *cti.CallbackTask) (ts, any) {
	if t.ReachedAt.IsZero() {
		return ts{}, nil
	}
	return ts(t.ReachedAt), t.TimeToCallback.Milliseconds()
}

// callbackCallUnseen fails with cti.ErrCallbackSeen if call id is
// recorded on a task.
func callbackCallUnseen(ctx context.Context, r runner, id string) error {
	var n int
	if err := r.row(ctx, `SELECT COUNT(*) FROM callback_calls WHERE call_id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return cti.ErrCallbackSeen
	}
	return nil
}

// insertCallbackCall records call c of task.
func insertCallbackCall(ctx context.Context, r runner, task int64, c cti.CallbackCall) error {
	_, err := r.exec(ctx, `INSERT INTO callback_calls (call_id, task_id, started_at, category) VALUES (?, ?, ?, ?)`,
		c.CallID, task, ts(c.At), string(c.Category))
	return err
}

// UpdateCallback writes the task's fields and ch in one transaction if
// t.Version is the stored version, and increments t.Version; otherwise it
// writes nothing and fails with cti.ErrCallbackConflict (or
// cti.ErrCallbackNotFound for a task that does not exist).
func (db *DB) UpdateCallback(ctx context.Context, t *cti.CallbackTask, ch cti.CallbackChange) error {
	var added int64
	err := db.write(ctx, func(r runner) error {
		if err := updateCallbackTask(ctx, r, t); err != nil {
			return err
		}
		if c := ch.AddCall; c != nil {
			if err := callbackCallUnseen(ctx, r, c.CallID); err != nil {
				return err
			}
			if err := insertCallbackCall(ctx, r, t.ID, *c); err != nil {
				return err
			}
		}
		for _, a := range ch.SetAttempts {
			if err := updateCallbackAttempt(ctx, r, t.ID, a); err != nil {
				return err
			}
		}
		if a := ch.AddAttempt; a != nil {
			var err error
			added, err = r.insert(ctx, `INSERT INTO callback_attempts (task_id, started_at, user_id, user_name, extension,
call_id, outcome, detail, answered_at, ended_at, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				t.ID, ts(a.At), ref(a.UserID), a.UserName, a.Extension, a.CallID, string(a.Outcome), a.Detail,
				ts(a.AnsweredAt), ts(a.EndedAt), ts(a.SettledAt))
			return err
		}
		return nil
	})
	if err != nil {
		return db.fail("update callback", "callback", err)
	}
	if ch.AddAttempt != nil {
		ch.AddAttempt.ID = added
	}
	t.Version++
	return nil
}

// updateCallbackTask writes the fields of t if its version is the stored
// one; the version check in the statement makes one of two concurrent
// updates of the same version fail.
func updateCallbackTask(ctx context.Context, r runner, t *cti.CallbackTask) error {
	reached, wait := callbackReach(t)
	res, err := r.exec(ctx, `UPDATE callback_tasks SET dial_number = ?, state = ?, resolution = ?, first_call_at = ?,
  last_call_at = ?, reached_at = ?, time_to_callback_ms = ?, closed_at = ?, closed_by_call = ?, version = version + 1
WHERE id = ? AND version = ?`, t.DialNumber, string(t.State), string(t.Resolution), ts(t.FirstCallAt),
		ts(t.LastCallAt), reached, wait, ts(t.ClosedAt), t.ClosedByCall, t.ID, t.Version)
	if err := expectRow(res, err, cti.ErrCallbackConflict); !errors.Is(err, cti.ErrCallbackConflict) {
		return err
	}
	var n int
	if err := r.row(ctx, `SELECT COUNT(*) FROM callback_tasks WHERE id = ?`, t.ID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return cti.ErrCallbackNotFound
	}
	return cti.ErrCallbackConflict
}

// updateCallbackAttempt rewrites attempt a of task.
func updateCallbackAttempt(ctx context.Context, r runner, task int64, a cti.CallbackAttempt) error {
	res, err := r.exec(ctx, `UPDATE callback_attempts SET call_id = ?, outcome = ?, detail = ?, answered_at = ?,
  ended_at = ?, settled_at = ? WHERE id = ? AND task_id = ?`, a.CallID, string(a.Outcome), a.Detail,
		ts(a.AnsweredAt), ts(a.EndedAt), ts(a.SettledAt), a.ID, task)
	return expectRow(res, err, fmt.Errorf("attempt %d of callback %d: %w", a.ID, task, cti.ErrCallbackNotFound))
}
