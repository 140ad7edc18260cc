package store

import (
	"context"
	"database/sql"
	"errors"

	"linka/cases"
)

const activityColumns = `id, case_id, at, taken_by, description, handed_to, done, created_by`

func activityDest(a *cases.Activity) []any {
	return []any{&a.ID, &a.CaseID, (*ts)(&a.At), (*ref)(&a.TakenBy), &a.Description,
		(*ref)(&a.HandedTo), &a.Done, (*ref)(&a.CreatedBy)}
}

// AddActivity inserts a and hist in one transaction and sets a.ID.
func (db *DB) AddActivity(ctx context.Context, a *cases.Activity, hist []cases.HistoryEntry) error {
	var id int64
	var histIDs []int64
	err := db.write(ctx, func(r runner) (err error) {
		if id, err = insertActivity(ctx, r, a); err != nil {
			return err
		}
		histIDs, err = insertHistory(ctx, r, a.CaseID, hist)
		return err
	})
	if err != nil {
		return db.fail("add activity", "activity", err)
	}
	a.ID = id
	setHistoryIDs(hist, a.CaseID, histIDs)
	return nil
}

// insertActivity inserts a and returns its id.
func insertActivity(ctx context.Context, r runner, a *cases.Activity) (int64, error) {
	return r.insert(ctx, `INSERT INTO activities (case_id, at, taken_by, description, handed_to, done, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?)`, a.CaseID, ts(a.At), ref(a.TakenBy), a.Description, ref(a.HandedTo), a.Done, ref(a.CreatedBy))
}

// UpdateActivity stores a (not its case) and hist in one transaction.
func (db *DB) UpdateActivity(ctx context.Context, a *cases.Activity, hist []cases.HistoryEntry) error {
	var histIDs []int64
	var caseID int64
	err := db.write(ctx, func(r runner) error {
		err := r.row(ctx, `UPDATE activities SET at = ?, taken_by = ?, description = ?, handed_to = ?, done = ?
WHERE id = ? RETURNING case_id`, ts(a.At), ref(a.TakenBy), a.Description, ref(a.HandedTo), a.Done, a.ID).Scan(&caseID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("activity", a.ID)
		}
		if err != nil {
			return err
		}
		histIDs, err = insertHistory(ctx, r, caseID, hist)
		return err
	})
	if err != nil {
		return db.fail("update activity", "activity", err)
	}
	a.CaseID = caseID
	setHistoryIDs(hist, caseID, histIDs)
	return nil
}

// Activity returns the activity with the given id.
func (db *DB) Activity(ctx context.Context, id int64) (*cases.Activity, error) {
	var a cases.Activity
	err := db.reader().row(ctx, `SELECT `+activityColumns+` FROM activities WHERE id = ?`, id).Scan(activityDest(&a)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("activity", id)
	}
	if err != nil {
		return nil, db.fail("load activity", "activity", err)
	}
	return &a, nil
}

// Activities returns the activities of a case in the order they happened.
func (db *DB) Activities(ctx context.Context, caseID int64) ([]cases.Activity, error) {
	rows, err := db.reader().query(ctx, `SELECT `+activityColumns+` FROM activities WHERE case_id = ? ORDER BY at, id`, caseID)
	list, err := scanAll(rows, err, activityDest)
	if err != nil {
		return nil, db.fail("list activities", "activity", err)
	}
	return list, nil
}
