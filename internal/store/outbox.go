package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"linka/cases"
)

var _ cases.OutboxStore = (*DB)(nil)

// notificationColumns are the columns scanNotification reads.
const notificationColumns = `n.id, n.case_id, n.kind, n.lang, n.recipient, n.data, n.state,
  n.attempts, n.next_attempt_at, n.last_error, n.created_at, n.sent_at,
  (SELECT c.number FROM cases c WHERE c.id = n.case_id)`

// scanNotification reads one row of notificationColumns.
func scanNotification(row interface{ Scan(...any) error }) (cases.Notification, error) {
	var n cases.Notification
	var data string
	err := row.Scan(&n.ID, (*ref)(&n.CaseID), &n.Kind, &n.Lang, &n.To, &data, &n.State,
		&n.Attempts, (*ts)(&n.NextAttemptAt), &n.LastError, (*ts)(&n.CreatedAt), (*ts)(&n.SentAt),
		(*optText)(&n.CaseNumber))
	if err != nil {
		return n, err
	}
	if err := json.Unmarshal([]byte(data), &n.Data); err != nil {
		return n, fmt.Errorf("notification %d: decode data: %w", n.ID, err)
	}
	return n, nil
}

// insertNotifications queues ns in the transaction of r; a case's
// notifications get caseID (when not 0). It sets their IDs.
func insertNotifications(ctx context.Context, r runner, caseID int64, ns []*cases.Notification) error {
	for _, n := range ns {
		if caseID != 0 {
			n.CaseID = caseID
		}
		data, err := json.Marshal(n.Data)
		if err != nil {
			return fmt.Errorf("encode notification data: %w", err)
		}
		if n.State == "" {
			n.State = cases.NotificationPending
		}
		n.ID, err = r.insert(ctx, `INSERT INTO notifications (case_id, kind, lang, recipient, data,
  state, attempts, next_attempt_at, last_error, created_at, sent_at)
VALUES (`+placeholders(11)+`)`, ref(n.CaseID), n.Kind, n.Lang, n.To, string(data), n.State,
			n.Attempts, ts(n.NextAttemptAt), n.LastError, ts(n.CreatedAt), ts(n.SentAt))
		if err != nil {
			return err
		}
	}
	if q := r.d.notifyOutbox(); q != "" && len(ns) > 0 {
		if _, err := r.exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// EnqueueNotifications inserts ns in one transaction.
func (db *DB) EnqueueNotifications(ctx context.Context, ns []*cases.Notification) error {
	err := db.write(ctx, func(r runner) error { return insertNotifications(ctx, r, 0, ns) })
	return db.fail("queue notifications", "notification", err)
}

// ClaimNotifications takes up to limit pending notifications due at now,
// counts an attempt on each and moves their next attempt to now+lease, in
// one transaction. On PostgreSQL the rows are selected FOR UPDATE SKIP
// LOCKED, so concurrent claimers take different rows; on SQLite the write
// transaction excludes other claimers.
func (db *DB) ClaimNotifications(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]cases.Notification, error) {
	var out []cases.Notification
	err := db.write(ctx, func(r runner) error {
		out = nil
		rows, err := r.query(ctx, `SELECT `+notificationColumns+` FROM notifications n
WHERE n.state = 'pending' AND n.next_attempt_at <= ?
ORDER BY n.next_attempt_at, n.id LIMIT ?`+db.d.skipLocked(), ts(now), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			n, err := scanNotification(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, n)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		until := now.Add(lease)
		for i := range out {
			out[i].Attempts++
			out[i].NextAttemptAt = until
			if _, err := r.exec(ctx, `UPDATE notifications SET attempts = ?, next_attempt_at = ? WHERE id = ?`,
				out[i].Attempts, ts(until), out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, db.fail("claim notifications", "notification", err)
	}
	return out, nil
}

// MarkNotificationSent records the delivery of notification id.
func (db *DB) MarkNotificationSent(ctx context.Context, id int64, at time.Time) error {
	return db.setNotification(ctx, "mark notification sent", id,
		`UPDATE notifications SET state = 'sent', sent_at = ?, last_error = '' WHERE id = ?`, ts(at), id)
}

// DeleteNotificationsBefore deletes the sent and failed notifications
// queued before t (the notifications_created index finds them).
func (db *DB) DeleteNotificationsBefore(ctx context.Context, t time.Time) (int, error) {
	return db.deleteCount(ctx, "purge notifications",
		`DELETE FROM notifications WHERE created_at < ? AND state IN ('sent', 'failed')`, t)
}

// RescheduleNotification keeps id pending until next with lastErr.
func (db *DB) RescheduleNotification(ctx context.Context, id int64, next time.Time, lastErr string) error {
	return db.setNotification(ctx, "reschedule notification", id,
		`UPDATE notifications SET next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'pending'`,
		ts(next), lastErr, id)
}

// FailNotification gives up on id with lastErr.
func (db *DB) FailNotification(ctx context.Context, id int64, lastErr string) error {
	return db.setNotification(ctx, "fail notification", id,
		`UPDATE notifications SET state = 'failed', last_error = ? WHERE id = ? AND state = 'pending'`, lastErr, id)
}

// RetryNotification makes failed notification id pending again at now.
func (db *DB) RetryNotification(ctx context.Context, id int64, now time.Time) error {
	return db.setNotification(ctx, "retry notification", id,
		`UPDATE notifications SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE id = ? AND state = 'failed'`,
		ts(now), id)
}

// setNotification runs an update of notification id that must hit a row.
func (db *DB) setNotification(ctx context.Context, op string, id int64, q string, args ...any) error {
	res, err := db.writer().exec(ctx, q, args...)
	if err != nil {
		return db.fail(op, "notification", err)
	}
	return expectRow(res, nil, notFound("notification in that state", id))
}

// Notification returns notification id.
func (db *DB) Notification(ctx context.Context, id int64) (*cases.Notification, error) {
	n, err := scanNotification(db.reader().row(ctx, `SELECT `+notificationColumns+` FROM notifications n WHERE n.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("notification", id)
	}
	if err != nil {
		return nil, db.fail("load notification", "notification", err)
	}
	return &n, nil
}

// ListNotifications returns one page of the outbox, newest first, and the
// total.
func (db *DB) ListNotifications(ctx context.Context, f cases.NotificationFilter) ([]cases.Notification, int, error) {
	where, args := "1 = 1", []any{}
	if f.State != "" {
		where, args = where+" AND n.state = ?", append(args, string(f.State))
	}
	if f.CaseID != 0 {
		where, args = where+" AND n.case_id = ?", append(args, f.CaseID)
	}
	var (
		out   []cases.Notification
		total int
	)
	err := db.read(ctx, func(r runner) error {
		if err := r.row(ctx, `SELECT count(*) FROM notifications n WHERE `+where, args...).Scan(&total); err != nil {
			return err
		}
		limit := any(f.Limit)
		if f.Limit <= 0 {
			limit = db.d.noLimit()
		}
		rows, err := r.query(ctx, `SELECT `+notificationColumns+` FROM notifications n WHERE `+where+
			` ORDER BY n.created_at DESC, n.id DESC LIMIT ? OFFSET ?`, append(args, limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n, err := scanNotification(rows)
			if err != nil {
				return err
			}
			out = append(out, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, db.fail("list notifications", "notification", err)
	}
	return out, total, nil
}

// CountNotifications returns how many notifications are in each state.
func (db *DB) CountNotifications(ctx context.Context) (map[cases.NotificationState]int, error) {
	rows, err := db.reader().query(ctx, `SELECT state, count(*) FROM notifications GROUP BY state`)
	if err != nil {
		return nil, db.fail("count notifications", "notification", err)
	}
	defer rows.Close()
	out := map[cases.NotificationState]int{}
	for rows.Next() {
		var s cases.NotificationState
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, db.fail("count notifications", "notification", err)
		}
		out[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("count notifications", "notification", err)
	}
	return out, nil
}

// NotificationTemplates returns the templates admins saved.
func (db *DB) NotificationTemplates(ctx context.Context) ([]cases.NotificationTemplate, error) {
	rows, err := db.reader().query(ctx, `SELECT kind, lang, subject, text_body, html_body, updated_at, updated_by
FROM notification_templates ORDER BY kind, lang`)
	if err != nil {
		return nil, db.fail("load templates", "template", err)
	}
	defer rows.Close()
	var out []cases.NotificationTemplate
	for rows.Next() {
		t := cases.NotificationTemplate{Custom: true}
		if err := rows.Scan(&t.Kind, &t.Lang, &t.Subject, &t.Text, &t.HTML, (*ts)(&t.UpdatedAt), (*ref)(&t.UpdatedBy)); err != nil {
			return nil, db.fail("load templates", "template", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("load templates", "template", err)
	}
	return out, nil
}

// SaveNotificationTemplate inserts or replaces t.
func (db *DB) SaveNotificationTemplate(ctx context.Context, t *cases.NotificationTemplate) error {
	_, err := db.writer().exec(ctx, `INSERT INTO notification_templates
  (kind, lang, subject, text_body, html_body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (kind, lang) DO UPDATE SET subject = excluded.subject, text_body = excluded.text_body,
  html_body = excluded.html_body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
		t.Kind, t.Lang, t.Subject, t.Text, t.HTML, ts(t.UpdatedAt), ref(t.UpdatedBy))
	return db.fail("save template", "template", err)
}

// DeleteNotificationTemplate removes the saved template of kind in lang;
// removing one that is not there is not an error.
func (db *DB) DeleteNotificationTemplate(ctx context.Context, kind cases.NotificationKind, lang string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM notification_templates WHERE kind = ? AND lang = ?`, kind, lang)
	return db.fail("delete template", "template", err)
}
