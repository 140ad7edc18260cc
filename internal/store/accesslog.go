package store

import (
	"context"
	"strings"

	"linka/cases"
)

// LogAccess writes entries in one transaction.
func (db *DB) LogAccess(ctx context.Context, entries ...cases.AccessEntry) error {
	if len(entries) == 0 {
		return nil
	}
	err := db.write(ctx, func(r runner) error {
		for _, e := range entries {
			if _, err := r.exec(ctx, `INSERT INTO access_log (at, user_id, object, object_id, action) VALUES (?, ?, ?, ?, ?)`,
				ts(e.At), e.UserID, e.Object, e.ObjectID, e.Action); err != nil {
				return err
			}
		}
		return nil
	})
	return db.fail("log access", "access log entry", err)
}

// AccessLog returns one page of the entries matching f, newest first, and
// how many match in all.
func (db *DB) AccessLog(ctx context.Context, f cases.AccessFilter) ([]cases.AccessEntry, int, error) {
	w := &conds{}
	w.addIf(f.UserID != 0, "a.user_id = ?", f.UserID)
	w.addIf(f.Object != "", "a.object = ?", f.Object)
	w.addIf(f.ObjectID != 0, "a.object_id = ?", f.ObjectID)
	w.addIf(f.ContactID != 0, `((a.object = ? AND a.object_id = ?)
  OR (a.object = ? AND a.object_id IN (SELECT id FROM cases WHERE submitter_id = ?)))`,
		cases.ObjectContact, f.ContactID, cases.ObjectCase, f.ContactID)
	w.addIf(!f.From.IsZero(), "a.at >= ?", ts(f.From))
	w.addIf(!f.To.IsZero(), "a.at < ?", ts(f.To))
	where := ""
	if len(w.list) > 0 {
		where = " WHERE " + strings.Join(w.list, " AND ")
	}
	var list []cases.AccessEntry
	var total int
	err := db.read(ctx, func(r runner) error {
		if err := r.row(ctx, `SELECT count(*) FROM access_log a`+where, w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := r.query(ctx, `SELECT a.id, a.at, a.user_id, a.object, a.object_id, a.action FROM access_log a`+
			where+` ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`, append(w.args, db.limit(f.Limit), max(f.Offset, 0))...)
		list, err = scanAll(rows, err, func(e *cases.AccessEntry) []any {
			return []any{&e.ID, (*ts)(&e.At), &e.UserID, &e.Object, &e.ObjectID, &e.Action}
		})
		return err
	})
	if err != nil {
		return nil, 0, db.fail("read access log", "access log entry", err)
	}
	return list, total, nil
}
