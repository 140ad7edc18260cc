package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"linka/cases"
)

// caseColumns are the columns of a case but its hidden-from list (see
// caseSelect).
const caseColumns = `c.id, c.number, c.source, c.received_at, c.created_at, c.updated_at,
  c.due_date, c.submitter_id, c.subject, c.description, c.department_id, c.case_type_id,
  c.state, c.outcome, c.priority, c.assigned_to, c.handled_by, c.response_sent,
  c.response, c.keep_informed, c.language, c.restricted, c.source_ref, c.version`

// caseSelect returns the columns of a case (aliased c), in the order of
// caseDest: caseColumns and the staff it is hidden from.
func (db *DB) caseSelect() string {
	return caseColumns + `, ` + handlingSelect() + `,
  (SELECT ` + db.d.idList("h.user_id") + ` FROM case_hidden_from h WHERE h.case_id = c.id)`
}

// caseDest returns scan destinations for caseSelect.
func caseDest(c *cases.Case) []any {
	dest := []any{&c.ID, &c.Number, &c.Source, (*ts)(&c.ReceivedAt), (*ts)(&c.CreatedAt),
		(*ts)(&c.UpdatedAt), (*date)(&c.DueDate), (*ref)(&c.SubmitterID), &c.Subject,
		&c.Description, (*ref)(&c.DepartmentID), (*ref)(&c.CaseTypeID), &c.State, &c.Outcome,
		&c.Priority, (*ref)(&c.AssignedTo), (*ref)(&c.HandledBy), &c.ResponseSent, &c.Response,
		&c.KeepInformed, &c.Language, &c.Restricted, (*optText)(&c.SourceRef), &c.Version}
	dest = append(dest, handlingDest(&c.Handling)...)
	return append(dest, (*idList)(&c.HiddenFrom))
}

// CreateCase inserts a new case, its submitter when new, its evidence
// number, the staff it is hidden from and its history in one transaction.
func (db *DB) CreateCase(ctx context.Context, nc cases.NewCase) error {
	if nc.Case == nil {
		return cases.Errorf(cases.EInvalid, "no case to create")
	}
	c := *nc.Case
	var subID int64
	var histIDs []int64
	err := db.write(ctx, func(r runner) (err error) {
		if c.SourceRef != "" {
			if err := checkSourceRef(ctx, r, c.SourceRef); err != nil {
				return err
			}
		}
		subID, histIDs, err = insertNewCase(ctx, r, nc, &c, nc.Attachments)
		return err
	})
	if err != nil {
		return db.fail("create case", "case", err)
	}
	if subID != 0 {
		nc.Submitter.ID = subID
	}
	*nc.Case = c
	setHistoryIDs(nc.History, c.ID, histIDs)
	return nil
}

// insertNewCase writes c, the case of nc: its submitter when new, its
// evidence number, the staff it is hidden from, its history, atts and
// the notifications it causes. It returns the new submitter's id (0 when
// none was created) and the history ids.
func insertNewCase(ctx context.Context, r runner, nc cases.NewCase, c *cases.Case, atts []*cases.Attachment) (subID int64, histIDs []int64, err error) {
	if nc.Submitter != nil && nc.Submitter.ID == 0 {
		if subID, err = insertContact(ctx, r, nc.Submitter); err != nil {
			return 0, nil, err
		}
		c.SubmitterID = subID
	}
	seq, err := nextNumber(ctx, r, nc.Number)
	if err != nil {
		return 0, nil, err
	}
	c.Number = nc.Number.Prefix + strconv.FormatInt(seq, 10)
	c.Version = 1
	if c.ID, err = insertCase(ctx, r, c, nc.Number.Key, seq); err != nil {
		return 0, nil, err
	}
	if err := insertHidden(ctx, r, c.ID, c.HiddenFrom); err != nil {
		return 0, nil, err
	}
	if histIDs, err = insertHistory(ctx, r, c.ID, nc.History); err != nil {
		return 0, nil, err
	}
	if err := insertAttachments(ctx, r, c.ID, atts); err != nil {
		return 0, nil, err
	}
	return subID, histIDs, insertNotifications(ctx, r, c.ID, nc.Notifications)
}

// checkSourceRef fails with EConflict when a case with ref exists.
func checkSourceRef(ctx context.Context, r runner, ref string) error {
	var n int
	if err := r.row(ctx, `SELECT count(*) FROM cases WHERE source_ref = ?`, ref).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return cases.Errorf(cases.EConflict, "a case with source reference %q already exists", ref)
	}
	return nil
}

// nextNumber takes the next number of scope's counter, creating the
// counter at scope.Start (1 when not positive) if it is missing. The
// counter row stays locked until the transaction ends, so concurrent
// creators get consecutive numbers and a rolled-back creation gives its
// number back.
func nextNumber(ctx context.Context, r runner, scope cases.NumberScope) (int64, error) {
	const next = `UPDATE case_numbers SET seq = seq + 1 WHERE scope = ? RETURNING seq`
	var seq int64
	err := r.row(ctx, next, scope.Key).Scan(&seq)
	if !errors.Is(err, sql.ErrNoRows) {
		return seq, err
	}
	start := max(scope.Start, 1)
	_, err = r.exec(ctx, `INSERT INTO case_numbers (scope, seq) VALUES (?, ?) ON CONFLICT (scope) DO NOTHING`,
		scope.Key, start-1)
	if err != nil {
		return 0, err
	}
	err = r.row(ctx, next, scope.Key).Scan(&seq)
	return seq, err
}

// submitter loads the contact whose search text goes into a case's, or
// returns nil for an anonymous case.
func submitter(ctx context.Context, r runner, id int64) (*cases.Contact, error) {
	if id == 0 {
		return nil, nil
	}
	return contactByID(ctx, r, id)
}

// caseInsertColumns are the columns caseValues fills.
var caseInsertColumns = `number, number_scope, number_seq, source, received_at, created_at,
  updated_at, due_date, submitter_id, subject, description, department_id, case_type_id, state,
  outcome, priority, assigned_to, handled_by, response_sent, response, keep_informed, language,
  restricted, source_ref, version, search, ` + strings.Join(handlingNames, ", ")

// caseValues returns the values of caseInsertColumns for c, numbered seq in
// the counter scope, with submitter sub (nil when anonymous).
func caseValues(c *cases.Case, scope string, seq int64, sub *cases.Contact) []any {
	v := []any{c.Number, scope, seq, c.Source, ts(c.ReceivedAt), ts(c.CreatedAt), ts(c.UpdatedAt),
		date(c.DueDate), ref(c.SubmitterID), c.Subject, c.Description, ref(c.DepartmentID),
		ref(c.CaseTypeID), c.State, c.Outcome, c.Priority, ref(c.AssignedTo), ref(c.HandledBy),
		c.ResponseSent, c.Response, c.KeepInformed, c.Language, c.Restricted,
		optText(c.SourceRef), c.Version, cases.SearchText(c, sub)}
	return append(v, handlingValues(&c.Handling)...)
}

func insertCase(ctx context.Context, r runner, c *cases.Case, scope string, seq int64) (int64, error) {
	sub, err := submitter(ctx, r, c.SubmitterID)
	if err != nil {
		return 0, err
	}
	return r.insert(ctx, `INSERT INTO cases (`+caseInsertColumns+`)
VALUES (`+placeholders(26+len(handlingNames))+`)`, caseValues(c, scope, seq, sub)...)
}

// UpdateCase stores c if its version is still the stored one, and writes
// hist and the notifications the change causes, in one transaction. It fails with ENotFound for a missing case and
// with EConflict, writing nothing, for a stale version.
func (db *DB) UpdateCase(ctx context.Context, c *cases.Case, hist []cases.HistoryEntry, notes ...*cases.Notification) error {
	var histIDs []int64
	err := db.write(ctx, func(r runner) error {
		number, err := checkVersion(ctx, r, c)
		if err != nil {
			return err
		}
		if err := updateCase(ctx, r, c, number); err != nil {
			return err
		}
		if _, err := r.exec(ctx, `DELETE FROM case_hidden_from WHERE case_id = ?`, c.ID); err != nil {
			return err
		}
		if err := insertHidden(ctx, r, c.ID, c.HiddenFrom); err != nil {
			return err
		}
		if histIDs, err = insertHistory(ctx, r, c.ID, hist); err != nil {
			return err
		}
		return insertNotifications(ctx, r, c.ID, notes)
	})
	if err != nil {
		return db.fail("update case", "case", err)
	}
	c.Version++
	setHistoryIDs(hist, c.ID, histIDs)
	return nil
}

// checkVersion returns c's evidence number if its stored version is
// c.Version: ENotFound for a missing case, EConflict for a stale version.
func checkVersion(ctx context.Context, r runner, c *cases.Case) (string, error) {
	var number string
	var version int
	err := r.row(ctx, `SELECT number, version FROM cases WHERE id = ?`, c.ID).Scan(&number, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("case", c.ID)
	}
	if err != nil {
		return "", err
	}
	if version != c.Version {
		return "", cases.Errorf(cases.EConflict, "case %s was changed by someone else; reload it", number)
	}
	return number, nil
}

// updateCase writes c's fields (not its number or creation time) if the
// stored version is c.Version; the version check in the statement guards
// against a concurrent update between the caller's check and this write.
func updateCase(ctx context.Context, r runner, c *cases.Case, number string) error {
	sub, err := submitter(ctx, r, c.SubmitterID)
	if err != nil {
		return err
	}
	search := *c
	search.Number = number
	res, err := r.exec(ctx, `UPDATE cases SET source = ?, received_at = ?, updated_at = ?,
  due_date = ?, submitter_id = ?, subject = ?, description = ?, department_id = ?,
  case_type_id = ?, state = ?, outcome = ?, priority = ?, assigned_to = ?, handled_by = ?,
  response_sent = ?, response = ?, keep_informed = ?, language = ?, restricted = ?,
  source_ref = ?, search = ?, `+handlingSet()+`, version = version + 1
WHERE id = ? AND version = ?`, slices.Concat([]any{
		c.Source, ts(c.ReceivedAt), ts(c.UpdatedAt), date(c.DueDate), ref(c.SubmitterID),
		c.Subject, c.Description, ref(c.DepartmentID), ref(c.CaseTypeID), c.State, c.Outcome,
		c.Priority, ref(c.AssignedTo), ref(c.HandledBy), c.ResponseSent, c.Response,
		c.KeepInformed, c.Language, c.Restricted, optText(c.SourceRef),
		cases.SearchText(&search, sub)}, handlingValues(&c.Handling), []any{c.ID, c.Version})...)
	return expectRow(res, err, cases.Errorf(cases.EConflict, "case %s was changed by someone else; reload it", number))
}

// insertHidden records the staff a case is hidden from.
func insertHidden(ctx context.Context, r runner, caseID int64, users []int64) error {
	ids := slices.Clone(users)
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if _, err := r.exec(ctx, `INSERT INTO case_hidden_from (case_id, user_id) VALUES (?, ?)`, caseID, id); err != nil {
			return err
		}
	}
	return nil
}

// CaseByID returns the case with the given id.
func (db *DB) CaseByID(ctx context.Context, id int64) (*cases.Case, error) {
	return db.caseWhere(ctx, "c.id = ?", id, "case", id)
}

// CaseByNumber returns the case with the given evidence number.
func (db *DB) CaseByNumber(ctx context.Context, number string) (*cases.Case, error) {
	return db.caseWhere(ctx, "c.number = ?", number, "case", number)
}

// CaseBySourceRef returns the case created from the given source item.
func (db *DB) CaseBySourceRef(ctx context.Context, sourceRef string) (*cases.Case, error) {
	if sourceRef == "" {
		return nil, notFound("case with source reference", `""`)
	}
	return db.caseWhere(ctx, "c.source_ref = ?", sourceRef, "case with source reference", sourceRef)
}

// caseWhere loads the one case matching cond.
func (db *DB) caseWhere(ctx context.Context, cond string, arg any, what string, key any) (*cases.Case, error) {
	var c cases.Case
	err := db.reader().row(ctx, `SELECT `+db.caseSelect()+` FROM cases c WHERE `+cond, arg).Scan(caseDest(&c)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(what, key)
	}
	if err != nil {
		return nil, db.fail("load case", "case", err)
	}
	return &c, nil
}
