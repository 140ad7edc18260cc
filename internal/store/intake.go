package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"linka/cases"
)

var _ cases.IntakeStore = (*DB)(nil)

// IntakeRecord returns the record of the first of refs that is known.
func (db *DB) IntakeRecord(ctx context.Context, refs []string) (*cases.IntakeRecord, error) {
	for _, x := range refs {
		var rec cases.IntakeRecord
		err := db.reader().row(ctx, `SELECT ref, case_id, activity_id, created_at FROM intake_refs WHERE ref = ?`, x).
			Scan(&rec.Ref, &rec.CaseID, (*ref)(&rec.ActivityID), (*ts)(&rec.CreatedAt))
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, db.fail("load intake record", "intake record", err)
		}
		return &rec, nil
	}
	return nil, notFound("intake record", refs)
}

// CreateIntakeCase inserts a case as CreateCase does, its attachments and
// the references of the source item, in one transaction.
func (db *DB) CreateIntakeCase(ctx context.Context, nc cases.NewCase, atts []*cases.Attachment, refs []string) error {
	if nc.Case == nil {
		return cases.Errorf(cases.EInvalid, "no case to create")
	}
	c := *nc.Case
	var subID int64
	var histIDs []int64
	err := db.write(ctx, func(r runner) (err error) {
		if err := checkIntakeRefs(ctx, r, append([]string{c.SourceRef}, refs...)); err != nil {
			return err
		}
		if subID, histIDs, err = insertNewCase(ctx, r, nc, &c, atts); err != nil {
			return err
		}
		return insertIntakeRefs(ctx, r, c.ID, 0, refs, c.CreatedAt)
	})
	if err != nil {
		return db.fail("create intake case", "intake record", err)
	}
	if subID != 0 {
		nc.Submitter.ID = subID
	}
	*nc.Case = c
	setHistoryIDs(nc.History, c.ID, histIDs)
	return nil
}

// AddIntakeActivity inserts a, its attachments, hist and the references
// of the source item in one transaction.
func (db *DB) AddIntakeActivity(ctx context.Context, a *cases.Activity, atts []*cases.Attachment, refs []string, hist []cases.HistoryEntry) error {
	var id int64
	var histIDs []int64
	err := db.write(ctx, func(r runner) (err error) {
		if err := checkIntakeRefs(ctx, r, refs); err != nil {
			return err
		}
		id, err = r.insert(ctx, `INSERT INTO activities (case_id, at, taken_by, description, handed_to, done, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?)`, a.CaseID, ts(a.At), ref(a.TakenBy), a.Description, ref(a.HandedTo), a.Done, ref(a.CreatedBy))
		if err != nil {
			return err
		}
		if histIDs, err = insertHistory(ctx, r, a.CaseID, hist); err != nil {
			return err
		}
		if err = insertAttachments(ctx, r, a.CaseID, atts); err != nil {
			return err
		}
		return insertIntakeRefs(ctx, r, a.CaseID, id, refs, a.At)
	})
	if err != nil {
		return db.fail("add intake activity", "intake record", err)
	}
	a.ID = id
	setHistoryIDs(hist, a.CaseID, histIDs)
	return nil
}

// checkIntakeRefs fails with EConflict when one of refs is recorded or is
// the source reference of a case.
func checkIntakeRefs(ctx context.Context, r runner, refs []string) error {
	for _, x := range refs {
		if x == "" {
			continue
		}
		var n int
		err := r.row(ctx, `SELECT (SELECT count(*) FROM intake_refs WHERE ref = ?) + (SELECT count(*) FROM cases WHERE source_ref = ?)`, x, x).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return cases.Errorf(cases.EConflict, "the source item %q is already registered", x)
		}
	}
	return nil
}

// insertIntakeRefs records refs (each once) for a case or activity.
func insertIntakeRefs(ctx context.Context, r runner, caseID, activityID int64, refs []string, at time.Time) error {
	seen := map[string]bool{}
	for _, x := range refs {
		if x == "" || seen[x] {
			continue
		}
		seen[x] = true
		_, err := r.exec(ctx, `INSERT INTO intake_refs (ref, case_id, activity_id, created_at) VALUES (?, ?, ?, ?)`,
			x, caseID, ref(activityID), ts(at))
		if err != nil {
			return err
		}
	}
	return nil
}
