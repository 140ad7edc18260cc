package store

import (
	"context"
	"slices"
	"strings"

	"linka/cases"
)

// openStates is the SQL condition "the case is open" (cases.State.Open).
const openStates = `c.state IN ('new', 'assigned', 'in_progress', 'waiting')`

// caseOrder maps each of cases.CaseSorts to ORDER BY terms; id breaks
// ties so that pages do not overlap.
var caseOrder = map[string]string{
	"received_at":  "c.received_at, c.id",
	"-received_at": "c.received_at DESC, c.id DESC",
	"due_date":     "c.due_date NULLS LAST, c.id",
	"-due_date":    "c.due_date DESC NULLS LAST, c.id DESC",
	"number":       "c.number_scope, c.number_seq, c.id",
	"-number":      "c.number_scope DESC, c.number_seq DESC, c.id DESC",
	"updated_at":   "c.updated_at, c.id",
	"-updated_at":  "c.updated_at DESC, c.id DESC",
}

// caseRowNames are the names a register row shows beside the case: the
// submitter's name parts, then the department, handling official, assigned
// official and case type. Scalar subqueries rather than joins keep
// PostgreSQL's planning time low.
const caseRowNames = `ct.kind, ct.title_before, ct.first_name, ct.last_name, ct.title_after,
  (SELECT name FROM departments WHERE id = c.department_id),
  (SELECT name FROM users WHERE id = c.handled_by),
  (SELECT name FROM users WHERE id = c.assigned_to),
  (SELECT name FROM case_types WHERE id = c.case_type_id)`

// ListCases returns one page of the register and the number of cases
// matching f in all.
//
// One statement returns both, so they agree: an uncorrelated subquery
// counts the matches (evaluated once), and the page's ids are picked in a
// subquery that covering indexes answer, before 50 rows and their names
// are loaded. Only a page past the end needs a count of its own. (On
// SQLite a full-text search first looks its terms up in the FTS5 index;
// both the count and the page use that one result.)
func (db *DB) ListCases(ctx context.Context, f cases.CaseFilter) (cases.CasePage, error) {
	order := caseOrder[f.Sort]
	if f.Sort == "" {
		order = caseOrder["-received_at"]
	}
	if order == "" {
		return cases.CasePage{}, cases.Invalid("sort", "unknown sort %q", f.Sort)
	}
	if f.Scope.None {
		return cases.CasePage{Rows: []cases.CaseRow{}}, nil
	}
	r := db.reader()
	where, args, err := db.caseFilter(ctx, r, f)
	if err != nil {
		return cases.CasePage{}, db.fail("list cases", "case", err)
	}
	offset := max(f.Offset, 0)
	rows, err := r.query(ctx, `SELECT `+db.caseSelect()+`, `+caseRowNames+`,
  (SELECT count(*) FROM cases c WHERE `+where+`)
FROM (SELECT c.id FROM cases c WHERE `+where+` ORDER BY `+order+` LIMIT ? OFFSET ?) p
JOIN cases c ON c.id = p.id LEFT JOIN contacts ct ON ct.id = c.submitter_id
ORDER BY `+order, slices.Concat(args, args, []any{db.limit(f.Limit), offset})...)
	list, err := scanAll(rows, err, listRowDest)
	if err != nil {
		return cases.CasePage{}, db.fail("list cases", "case", err)
	}
	page := cases.CasePage{Rows: make([]cases.CaseRow, len(list))}
	for i := range list {
		page.Rows[i], page.Total = list[i].row, list[i].total
		if list[i].row.SubmitterID != 0 {
			page.Rows[i].SubmitterName = list[i].submitter.DisplayName()
		}
	}
	if len(list) == 0 && offset > 0 {
		err := r.row(ctx, `SELECT count(*) FROM cases c WHERE `+where, args...).Scan(&page.Total)
		if err != nil {
			return cases.CasePage{}, db.fail("list cases", "case", err)
		}
	}
	return page, nil
}

// listRow is a register row being scanned, with the submitter's name parts.
type listRow struct {
	row       cases.CaseRow
	submitter cases.Contact
	total     int
}

// listRowDest returns scan destinations for a register row: the case, the
// submitter's name parts, the joined names (NULL when there is none) and
// the total.
func listRowDest(l *listRow) []any {
	s := &l.submitter
	return append(caseDest(&l.row.Case), (*optText)(&s.Kind), (*optText)(&s.TitleBefore),
		(*optText)(&s.FirstName), (*optText)(&s.LastName), (*optText)(&s.TitleAfter),
		(*optText)(&l.row.DepartmentName), (*optText)(&l.row.HandledByName),
		(*optText)(&l.row.AssignedToName), (*optText)(&l.row.CaseTypeName), &l.total)
}

// caseFilter returns the WHERE condition (never empty) of f and its
// arguments.
func (db *DB) caseFilter(ctx context.Context, r runner, f cases.CaseFilter) (string, []any, error) {
	w := &conds{}
	if len(f.States) > 0 {
		states := make([]any, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		w.add("c.state IN ("+placeholders(len(states))+")", states...)
	}
	w.addIf(f.DepartmentID != 0, "c.department_id = ?", f.DepartmentID)
	w.addIf(f.OfficialID != 0, "(c.assigned_to = ? OR c.handled_by = ?)", f.OfficialID, f.OfficialID)
	w.addIf(f.Source != "", "c.source = ?", string(f.Source))
	w.addIf(f.CaseTypeID != 0, "c.case_type_id = ?", f.CaseTypeID)
	w.addIf(f.SubmitterID != 0, "c.submitter_id = ?", f.SubmitterID)
	w.addIf(f.Overdue, openStates+" AND c.due_date < ?", date(f.Today))
	w.addIf(!f.ReceivedFrom.IsZero(), "c.received_at >= ?", ts(f.ReceivedFrom))
	w.addIf(!f.ReceivedTo.IsZero(), "c.received_at < ?", ts(f.ReceivedTo))
	if len(f.Terms) > 0 {
		// Overdue cases and a submitter's cases are few, and indexed.
		narrow := f.Overdue || f.SubmitterID != 0
		cond, args, err := db.d.search(ctx, r, "cases", "c", f.Terms, narrow)
		if err != nil {
			return "", nil, err
		}
		if cond != "" {
			w.add(cond, args...)
		}
	}
	scopeFilter(w, f.Scope)
	if len(w.list) == 0 {
		return "TRUE", nil, nil
	}
	return strings.Join(w.list, " AND "), w.args, nil
}

// scopeFilter limits w to what s lets its user see: every case when All,
// otherwise the cases of s.DepartmentIDs and those assigned to or handled
// by s.UserID (nothing when neither is set); restricted cases hidden from
// s.HiddenFor are left out either way.
func scopeFilter(w *conds, s cases.Scope) {
	if !s.All {
		var alts []string
		var args []any
		if len(s.DepartmentIDs) > 0 {
			alts = append(alts, "c.department_id IN ("+placeholders(len(s.DepartmentIDs))+")")
			args = append(args, int64Args(s.DepartmentIDs)...)
		}
		if s.UserID != 0 {
			alts = append(alts, "c.assigned_to = ?", "c.handled_by = ?")
			args = append(args, s.UserID, s.UserID)
		}
		if len(alts) == 0 {
			w.add("FALSE")
		} else {
			w.add("("+strings.Join(alts, " OR ")+")", args...)
		}
	}
	// An uncorrelated subquery (the few cases hidden from the user), so
	// that counting needs no table row: c.id is in every index.
	w.addIf(s.HiddenFor != 0, `c.id NOT IN (SELECT h.case_id FROM case_hidden_from h
  JOIN cases r ON r.id = h.case_id WHERE h.user_id = ? AND r.restricted)`, s.HiddenFor)
}

// conds collects the conditions of a WHERE clause and their arguments.
type conds struct {
	list []string
	args []any
}

func (w *conds) add(cond string, args ...any) {
	w.list = append(w.list, cond)
	w.args = append(w.args, args...)
}

func (w *conds) addIf(ok bool, cond string, args ...any) {
	if ok {
		w.add(cond, args...)
	}
}
