package store

import (
	"context"

	"linka/cases"
)

// insertHistory writes the history rows of a case and returns their ids.
func insertHistory(ctx context.Context, r runner, caseID int64, hist []cases.HistoryEntry) ([]int64, error) {
	ids := make([]int64, len(hist))
	for i, h := range hist {
		id, err := r.insert(ctx, `INSERT INTO case_history (case_id, at, user_id, field, old_value, new_value, public)
VALUES (?, ?, ?, ?, ?, ?, ?)`, caseID, ts(h.At), ref(h.UserID), h.Field, h.Old, h.New, h.Public)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// setHistoryIDs fills in the ids and case id of written history rows.
func setHistoryIDs(hist []cases.HistoryEntry, caseID int64, ids []int64) {
	for i := range hist {
		hist[i].CaseID = caseID
		if i < len(ids) {
			hist[i].ID = ids[i]
		}
	}
}

// History returns the history of a case, oldest first.
func (db *DB) History(ctx context.Context, caseID int64) ([]cases.HistoryEntry, error) {
	rows, err := db.reader().query(ctx, `SELECT id, case_id, at, user_id, field, old_value, new_value, public
FROM case_history WHERE case_id = ? ORDER BY id`, caseID)
	out, err := scanAll(rows, err, func(h *cases.HistoryEntry) []any {
		return []any{&h.ID, &h.CaseID, (*ts)(&h.At), (*ref)(&h.UserID), &h.Field, &h.Old, &h.New, &h.Public}
	})
	if err != nil {
		return nil, db.fail("load history", "history", err)
	}
	return out, nil
}
