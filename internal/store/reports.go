package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"linka/cases"
	"linka/cases/report"
	"linka/cti"
	"linka/internal/workdays"
)

var _ report.Store = (*DB)(nil)

// openCase is the condition of a case still awaiting handling
// (cases.State.Open).
const openCase = `c.state NOT IN ('resolved', 'rejected', 'forwarded', 'deferred')`

// taskColumns are the columns scanTask reads.
const taskColumns = `c.id, c.number, c.subject, c.restricted, COALESCE(hu.name, au.name, ''),
COALESCE(hu.email, au.email, ''), COALESCE(d.name, ''), COALESCE(d.email, ''), c.received_at, c.due_date,
c.priority, c.state`

// taskFrom joins what a task names.
const taskFrom = ` FROM cases c LEFT JOIN users hu ON hu.id = c.handled_by LEFT JOIN users au ON au.id = c.assigned_to
LEFT JOIN departments d ON d.id = c.department_id`

// taskOrder puts the earliest due date first, cases without one last.
const taskOrder = ` ORDER BY CASE WHEN c.due_date IS NULL THEN 1 ELSE 0 END, c.due_date, c.received_at, c.id`

func (db *DB) tasks(ctx context.Context, where string, args ...any) ([]report.Task, error) {
	rows, err := db.reader().query(ctx, `SELECT `+taskColumns+taskFrom+` WHERE `+where+taskOrder, args...)
	out, err := scanAll(rows, err, func(t *report.Task) []any {
		return []any{&t.CaseID, &t.Number, &t.Subject, (*restrictedSubject)(&t.Subject), &t.HandledBy,
			&t.HandlerEmail, &t.Department, &t.DepartmentEmail, (*ts)(&t.ReceivedAt), (*date)(&t.DueDate),
			&t.Priority, &t.State}
	})
	if err != nil {
		return nil, db.fail("list open cases", "case", err)
	}
	return out, nil
}

// restrictedSubject scans the restricted flag: true clears the subject
// scanned just before it, so restricted cases never show it in reports.
type restrictedSubject string

// Scan implements sql.Scanner.
func (s *restrictedSubject) Scan(src any) error {
	var b sql.NullBool
	if err := b.Scan(src); err != nil {
		return err
	}
	if b.Bool {
		*s = ""
	}
	return nil
}

// OpenTasks returns the open cases f selects, earliest due date first.
func (db *DB) OpenTasks(ctx context.Context, f report.TaskFilter) ([]report.Task, error) {
	where, args := openCase, []any{}
	if f.UserID != 0 {
		where, args = where+` AND (c.handled_by = ? OR c.assigned_to = ?)`, append(args, f.UserID, f.UserID)
	}
	if f.DepartmentID != 0 {
		where, args = where+` AND c.department_id = ?`, append(args, f.DepartmentID)
	}
	if !f.OverdueBefore.IsZero() {
		where, args = where+` AND c.due_date < ?`, append(args, date(workdays.DateOf(f.OverdueBefore)))
	}
	return db.tasks(ctx, where, args...)
}

// UntriagedCases returns the cases in state new received before t.
func (db *DB) UntriagedCases(ctx context.Context, before time.Time) ([]report.Task, error) {
	return db.tasks(ctx, `c.state = 'new' AND c.received_at < ?`, ts(before))
}

// CasesDue returns the open cases due on a date in [from, to].
func (db *DB) CasesDue(ctx context.Context, from, to workdays.Date) ([]report.Task, error) {
	return db.tasks(ctx, openCase+` AND c.due_date >= ? AND c.due_date <= ?`, date(from), date(to))
}

// countGroups are the columns a count is grouped by: channel, department
// and case type ids (names are looked up after, which keeps the grouping
// cheap).
const countGroups = `c.source, COALESCE(c.department_id, 0), COALESCE(c.case_type_id, 0)`

// countNames returns the names of the departments and case types by id.
func countNames(ctx context.Context, r runner) (deps, types map[int64]string, err error) {
	deps, types = map[int64]string{0: ""}, map[int64]string{0: ""}
	for _, x := range []struct {
		table string
		m     map[int64]string
	}{{"departments", deps}, {"case_types", types}} {
		rows, err := r.query(ctx, `SELECT id, name FROM `+x.table)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return nil, nil, err
			}
			x.m[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return deps, types, nil
}

// idCount is a report.CaseCount as grouped, by department and type id.
type idCount struct {
	report.CaseCount
	dep, typ int64
}

func (c idCount) named(deps, types map[int64]string) report.CaseCount {
	n := c.CaseCount
	n.Department, n.CaseType = deps[c.dep], types[c.typ]
	return n
}

// idChange is a report.ChangeCount as grouped.
type idChange struct {
	report.ChangeCount
	dep, typ int64
}

// ReceivedCounts counts the cases received in [from, to).
func (db *DB) ReceivedCounts(ctx context.Context, from, to time.Time) ([]report.CaseCount, error) {
	var out []report.CaseCount
	err := db.read(ctx, func(r runner) error {
		deps, types, err := countNames(ctx, r)
		if err != nil {
			return err
		}
		list, err := receivedIDCounts(ctx, r, from, to)
		for _, c := range list {
			out = append(out, c.named(deps, types))
		}
		return err
	})
	if err != nil {
		return nil, db.fail("count received cases", "case", err)
	}
	return out, nil
}

func receivedIDCounts(ctx context.Context, r runner, from, to time.Time) ([]idCount, error) {
	rows, err := r.query(ctx, `SELECT `+countGroups+`, COUNT(*) FROM cases c
WHERE c.received_at >= ? AND c.received_at < ? GROUP BY `+countGroups, ts(from), ts(to))
	return scanAll(rows, err, func(c *idCount) []any { return []any{&c.Source, &c.dep, &c.typ, &c.N} })
}

// ChangeCounts counts the state changes made in [from, to) (but the
// registrations as new), with the time from receipt to each closing summed
// by the database and whether it was on time by the case's due date in
// Prague.
func (db *DB) ChangeCounts(ctx context.Context, from, to time.Time) ([]report.ChangeCount, error) {
	var out []report.ChangeCount
	err := db.read(ctx, func(r runner) error {
		deps, types, err := countNames(ctx, r)
		if err != nil {
			return err
		}
		list, err := changeIDCounts(ctx, r, from, to)
		for _, c := range list {
			out = append(out, c.named(deps, types))
		}
		return err
	})
	if err != nil {
		return nil, db.fail("count state changes", "case", err)
	}
	return out, nil
}

func changeIDCounts(ctx context.Context, r runner, from, to time.Time) ([]idChange, error) {
	d := r.d
	onTime, args := d.onTime("h.at", "c.due_date", from, to)
	args = append(args, ts(from), ts(to))
	rows, err := r.query(ctx, `SELECT h.old_value, h.new_value, `+countGroups+`, COUNT(*),
COALESCE(SUM(CASE WHEN h.new_value IN ('resolved', 'rejected', 'forwarded', 'deferred') THEN `+
		d.seconds("h.at", "c.received_at")+` ELSE 0 END), 0),
SUM(CASE WHEN c.due_date IS NULL THEN 0 ELSE 1 END),
SUM(CASE WHEN c.due_date IS NOT NULL AND h.new_value IN ('resolved', 'rejected', 'forwarded', 'deferred') AND `+onTime+` THEN 1 ELSE 0 END)
FROM case_history h JOIN cases c ON c.id = h.case_id
WHERE h.field = 'state' AND h.new_value <> 'new' AND h.at >= ? AND h.at < ?
GROUP BY h.old_value, h.new_value, `+countGroups, args...)
	return scanAll(rows, err, func(c *idChange) []any {
		return []any{&c.From, &c.To, &c.Source, &c.dep, &c.typ, &c.N, (*floatSeconds)(&c.Handling), &c.WithDue, &c.OnTime}
	})
}

func (c idChange) named(deps, types map[int64]string) report.ChangeCount {
	n := c.ChangeCount
	n.CaseCount = idCount{c.CaseCount, c.dep, c.typ}.named(deps, types)
	return n
}

// floatSeconds scans a number of seconds as a duration, to the second.
type floatSeconds time.Duration

// Scan implements sql.Scanner.
func (f *floatSeconds) Scan(src any) error {
	var n sql.NullFloat64
	if err := n.Scan(src); err != nil {
		return err
	}
	*f = floatSeconds(time.Duration(math.Round(n.Float64)) * time.Second)
	return nil
}

// QueueCalls returns the incoming calls that started in [from, to), with
// the after-call work of their wrap-ups.
func (db *DB) QueueCalls(ctx context.Context, from, to time.Time) ([]report.QueueCall, error) {
	var out []report.QueueCall
	err := db.read(ctx, func(r runner) error {
		rows, err := r.query(ctx, `SELECT c.id, c.caller, c.started_at, c.answered_at, c.ended_at, c.end_reason,
c.answered_by, c.extensions, c.path FROM calls c
WHERE c.started_at >= ? AND c.started_at < ? AND c.direction = 'incoming' ORDER BY c.started_at, c.id`, ts(from), ts(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		index := map[string]int{}
		var exts, path string
		for rows.Next() {
			var c report.QueueCall
			if err := rows.Scan(&c.ID, &c.Caller, (*ts)(&c.StartedAt), (*ts)(&c.AnsweredAt), (*ts)(&c.EndedAt),
				&c.EndReason, &c.AnsweredBy, &exts, &path); err != nil {
				return err
			}
			if exts != "" {
				c.Extensions = strings.Split(exts, ",")
			}
			if c.Path, err = decodePath(path); err != nil {
				return fmt.Errorf("decode path of call %s: %w", c.ID, err)
			}
			index[c.ID] = len(out)
			out = append(out, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return addACW(ctx, r, from, to, out, index)
	})
	if err != nil {
		return nil, db.fail("read queue calls", "call", err)
	}
	return out, nil
}

// decodePath decodes a call's path as stored by the call log.
func decodePath(s string) ([]cti.PathStep, error) {
	if s == "" || s == "null" || s == "[]" {
		return nil, nil
	}
	var p []cti.PathStep
	err := json.Unmarshal([]byte(s), &p)
	return p, err
}

// addACW adds the after-call work of the wrap-ups of calls.
func addACW(ctx context.Context, r runner, from, to time.Time, calls []report.QueueCall, index map[string]int) error {
	rows, err := r.query(ctx, `SELECT w.call_id, w.acw_started_at, w.acw_ended_at FROM call_wrapups w
WHERE w.acw_started_at IS NOT NULL AND w.acw_ended_at IS NOT NULL AND w.call_id IN
(SELECT c.id FROM calls c WHERE c.started_at >= ? AND c.started_at < ? AND c.direction = 'incoming')`, ts(from), ts(to))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a, b time.Time
		if err := rows.Scan(&id, (*ts)(&a), (*ts)(&b)); err != nil {
			return err
		}
		if i, ok := index[id]; ok && b.After(a) {
			calls[i].ACW += b.Sub(a)
		}
	}
	return rows.Err()
}

// GatewayCalls returns the voice gateway's calls entered in [from, to).
func (db *DB) GatewayCalls(ctx context.Context, from, to time.Time) ([]report.GatewayCall, error) {
	rows, err := db.reader().query(ctx, `SELECT call_id, caller, outcome, entered_at, ended_at FROM gateway_calls
WHERE entered_at >= ? AND entered_at < ? ORDER BY entered_at, call_id`, ts(from), ts(to))
	out, err := scanAll(rows, err, func(g *report.GatewayCall) []any {
		return []any{&g.CallID, &g.Caller, &g.Outcome, (*ts)(&g.EnteredAt), (*ts)(&g.EndedAt)}
	})
	if err != nil {
		return nil, db.fail("read gateway calls", "call", err)
	}
	return out, nil
}

// PutGatewayEvent records a voice gateway event: the call's row is created
// by its first event; later ones set the node and outcome, and the end once
// the call left the gateway (after which only another end changes it).
func (db *DB) PutGatewayEvent(ctx context.Context, e report.GatewayEvent) error {
	var ended ts
	if e.Ended() {
		ended = ts(e.At)
	}
	_, err := db.writer().exec(ctx, `INSERT INTO gateway_calls (call_id, caller, sip_call_id, node, outcome, entered_at, ended_at)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO UPDATE SET
node = CASE WHEN gateway_calls.ended_at IS NOT NULL AND excluded.ended_at IS NULL THEN gateway_calls.node ELSE excluded.node END,
outcome = CASE WHEN gateway_calls.ended_at IS NOT NULL AND excluded.ended_at IS NULL THEN gateway_calls.outcome ELSE excluded.outcome END,
ended_at = COALESCE(excluded.ended_at, gateway_calls.ended_at)`,
		e.CallID, e.Caller, e.SIPCallID, e.Node, e.Outcome, ts(e.At), ended)
	return db.fail("record gateway event", "call", err)
}

// CallbackTasks returns the callbacks first asked for in [from, to).
func (db *DB) CallbackTasks(ctx context.Context, from, to time.Time) ([]report.CallbackTask, error) {
	rows, err := db.reader().query(ctx, `SELECT first_call_at, reached_at, time_to_callback_ms FROM callback_tasks
WHERE first_call_at >= ? AND first_call_at < ?`, ts(from), ts(to))
	out, err := scanAll(rows, err, func(c *report.CallbackTask) []any {
		return []any{(*ts)(&c.FirstCallAt), (*reachedAt)(&c.Reached), (*millis)(&c.TimeToCallback)}
	})
	if err != nil {
		return nil, db.fail("read callbacks", "callback", err)
	}
	return out, nil
}

// reachedAt scans a nullable time as whether it is set.
type reachedAt bool

// Scan implements sql.Scanner.
func (r *reachedAt) Scan(src any) error { *r = src != nil; return nil }

// millis scans nullable milliseconds as a duration (NULL is zero).
type millis time.Duration

// Scan implements sql.Scanner.
func (m *millis) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*m = millis(time.Duration(n.Int64) * time.Millisecond)
	return nil
}

// WaitingCallbacks returns the open callbacks first asked for before t.
func (db *DB) WaitingCallbacks(ctx context.Context, before time.Time) ([]report.WaitingCallback, error) {
	rows, err := db.reader().query(ctx, `SELECT id, number, first_call_at FROM callback_tasks
WHERE state = 'open' AND first_call_at < ? ORDER BY first_call_at, id`, ts(before))
	out, err := scanAll(rows, err, func(c *report.WaitingCallback) []any {
		return []any{&c.ID, &c.Number, (*ts)(&c.FirstCallAt)}
	})
	if err != nil {
		return nil, db.fail("read waiting callbacks", "callback", err)
	}
	return out, nil
}

// AgentChanges returns each extension's last agent state change before
// from and its changes in [from, to), with the user's name.
func (db *DB) AgentChanges(ctx context.Context, from, to time.Time) ([]report.AgentChange, error) {
	const cols = `SELECT a.extension, COALESCE(a.user_id, 0), COALESCE(u.name, ''), a.state, a.reason, a.at
FROM agent_state_log a LEFT JOIN users u ON u.id = a.user_id WHERE `
	dest := func(c *report.AgentChange) []any {
		return []any{&c.Extension, &c.UserID, &c.UserName, &c.State, &c.Reason, (*ts)(&c.At)}
	}
	var out []report.AgentChange
	err := db.read(ctx, func(r runner) error {
		rows, err := r.query(ctx, cols+`a.at = (SELECT MAX(b.at) FROM agent_state_log b
WHERE b.extension = a.extension AND b.at < ?) ORDER BY a.extension, a.at, a.id`, ts(from))
		before, err := scanAll(rows, err, dest)
		if err != nil {
			return err
		}
		rows, err = r.query(ctx, cols+`a.at >= ? AND a.at < ? ORDER BY a.extension, a.at, a.id`, ts(from), ts(to))
		in, err := scanAll(rows, err, dest)
		out = append(before, in...)
		return err
	})
	if err != nil {
		return nil, db.fail("read agent states", "agent state", err)
	}
	return out, nil
}

// CaseCounts returns the wallboard's case figures as of now.
func (db *DB) CaseCounts(ctx context.Context, now time.Time) (report.CaseCounts, error) {
	var c report.CaseCounts
	today := workdays.DateOf(now)
	err := db.read(ctx, func(r runner) error {
		err := r.row(ctx, `SELECT
(SELECT COUNT(*) FROM cases c WHERE c.received_at >= ?),
(SELECT COUNT(*) FROM cases c WHERE c.state = 'new'),
(SELECT COUNT(*) FROM cases c WHERE `+openCase+` AND c.due_date = ?),
(SELECT COUNT(*) FROM callback_tasks t WHERE t.state = 'open')`,
			ts(today.Start()), date(today)).Scan(&c.NewToday, &c.Untriaged, &c.DueToday, &c.CallbacksPending)
		if err != nil {
			return err
		}
		rows, err := r.query(ctx, `SELECT COALESCE(d.name, ''), COUNT(*) FROM cases c
LEFT JOIN departments d ON d.id = c.department_id WHERE `+openCase+` AND c.due_date < ?
GROUP BY d.name ORDER BY d.name`, date(today))
		c.Overdue, err = scanAll(rows, err, func(n *report.NamedCount) []any { return []any{&n.Name, &n.Count} })
		return err
	})
	if err != nil {
		return c, db.fail("count cases", "case", err)
	}
	return c, nil
}

// SupervisorEmails returns the e-mail addresses of active supervisors.
func (db *DB) SupervisorEmails(ctx context.Context) ([]string, error) {
	rows, err := db.reader().query(ctx, `SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id
WHERE r.role = ? AND u.active = ? AND u.email <> '' ORDER BY u.email`, string(cases.RoleSupervisor), true)
	out, err := scanAll(rows, err, func(s *string) []any { return []any{s} })
	if err != nil {
		return nil, db.fail("list supervisors", "user", err)
	}
	return out, nil
}

// AgentReasonNames returns the names of the not-ready reasons by code in
// lang ("cs" or "en").
func (db *DB) AgentReasonNames(ctx context.Context, lang string) (map[string]string, error) {
	col := "name_cs"
	if lang == "en" {
		col = "name_en"
	}
	out := map[string]string{}
	rows, err := db.reader().query(ctx, `SELECT code, `+col+` FROM agent_reasons`)
	if err != nil {
		return nil, db.fail("read not-ready reasons", "reason", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, db.fail("read not-ready reasons", "reason", err)
		}
		out[code] = name
	}
	return out, db.fail("read not-ready reasons", "reason", rows.Err())
}
