package store

import (
	"context"
	"database/sql"
	"errors"

	"linka/cases"
)

const attachmentColumns = `id, case_id, name, content_type, size, blob_key, created_at, created_by`

func attachmentDest(a *cases.Attachment) []any {
	return []any{&a.ID, &a.CaseID, &a.Name, &a.ContentType, &a.Size, &a.Key, (*ts)(&a.CreatedAt), (*ref)(&a.CreatedBy)}
}

// insertAttachment inserts a, with case id caseID, and returns its id.
func insertAttachment(ctx context.Context, r runner, caseID int64, a *cases.Attachment) (int64, error) {
	return r.insert(ctx, `INSERT INTO attachments (case_id, name, content_type, size, blob_key, created_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?)`, caseID, a.Name, a.ContentType, a.Size, a.Key, ts(a.CreatedAt), ref(a.CreatedBy))
}

// insertAttachments inserts the attachments of a new case and sets their
// CaseID and ID. A rolled-back transaction leaves the ids set but unused:
// the caller returns an error.
func insertAttachments(ctx context.Context, r runner, caseID int64, list []*cases.Attachment) error {
	for _, a := range list {
		id, err := insertAttachment(ctx, r, caseID, a)
		if err != nil {
			return err
		}
		a.CaseID, a.ID = caseID, id
	}
	return nil
}

// AddAttachment inserts a and hist in one transaction and sets a.ID.
func (db *DB) AddAttachment(ctx context.Context, a *cases.Attachment, hist []cases.HistoryEntry) error {
	var id int64
	var histIDs []int64
	err := db.write(ctx, func(r runner) (err error) {
		id, err = insertAttachment(ctx, r, a.CaseID, a)
		if err != nil {
			return err
		}
		histIDs, err = insertHistory(ctx, r, a.CaseID, hist)
		return err
	})
	if err != nil {
		return db.fail("add attachment", "attachment", err)
	}
	a.ID = id
	setHistoryIDs(hist, a.CaseID, histIDs)
	return nil
}

// Attachment returns the attachment with the given id.
func (db *DB) Attachment(ctx context.Context, id int64) (*cases.Attachment, error) {
	var a cases.Attachment
	err := db.reader().row(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE id = ?`, id).Scan(attachmentDest(&a)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("attachment", id)
	}
	if err != nil {
		return nil, db.fail("load attachment", "attachment", err)
	}
	return &a, nil
}

// Attachments returns the attachments of a case in the order they were added.
func (db *DB) Attachments(ctx context.Context, caseID int64) ([]cases.Attachment, error) {
	rows, err := db.reader().query(ctx, `SELECT `+attachmentColumns+` FROM attachments WHERE case_id = ? ORDER BY id`, caseID)
	list, err := scanAll(rows, err, attachmentDest)
	if err != nil {
		return nil, db.fail("list attachments", "attachment", err)
	}
	return list, nil
}
