package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"linka/cases/report"
)

// scheduleColumns are the columns scanSchedule reads.
const scheduleColumns = `id, name, kind, schedule, recipients, params, language, active, next_run_at, last_run_at,
last_error, created_at, updated_at`

// scheduleRow scans a report schedule.
type scheduleRow struct {
	s                  report.Schedule
	recipients, params string
}

func (x *scheduleRow) dest() []any {
	s := &x.s
	return []any{&s.ID, &s.Name, &s.Kind, &s.Cron, &x.recipients, &x.params, &s.Language, &s.Active,
		(*ts)(&s.NextRunAt), (*ts)(&s.LastRunAt), &s.LastError, (*ts)(&s.CreatedAt), (*ts)(&s.UpdatedAt)}
}

func (x *scheduleRow) schedule() (report.Schedule, error) {
	x.s.Recipients = report.SplitAddresses(x.recipients)
	var err error
	x.s.Params, err = report.UnmarshalParams(x.params)
	return x.s, err
}

func (db *DB) schedules(ctx context.Context, where string, args ...any) ([]report.Schedule, error) {
	rows, err := db.reader().query(ctx, `SELECT `+scheduleColumns+` FROM report_schedules WHERE `+where+` ORDER BY name`, args...)
	raw, err := scanAll(rows, err, func(x *scheduleRow) []any { return x.dest() })
	if err != nil {
		return nil, db.fail("read report schedules", "report", err)
	}
	out := make([]report.Schedule, 0, len(raw))
	for i := range raw {
		s, err := raw[i].schedule()
		if err != nil {
			return nil, db.fail("decode report schedule", "report", err)
		}
		out = append(out, s)
	}
	return out, nil
}

// ReportSchedules returns every scheduled report by name.
func (db *DB) ReportSchedules(ctx context.Context) ([]report.Schedule, error) {
	return db.schedules(ctx, "1 = 1")
}

// ReportSchedule returns the schedule named name.
func (db *DB) ReportSchedule(ctx context.Context, name string) (report.Schedule, error) {
	s, err := db.schedules(ctx, "name = ?", name)
	if err != nil {
		return report.Schedule{}, err
	}
	if len(s) == 0 {
		return report.Schedule{}, notFound("report", name)
	}
	return s[0], nil
}

// DueReportSchedules returns the active schedules due at now.
func (db *DB) DueReportSchedules(ctx context.Context, now time.Time) ([]report.Schedule, error) {
	return db.schedules(ctx, "active = ? AND next_run_at IS NOT NULL AND next_run_at <= ?", true, ts(now))
}

// SaveReportSchedule inserts s (ID 0) or updates it.
func (db *DB) SaveReportSchedule(ctx context.Context, s *report.Schedule) error {
	rcpt, params := strings.Join(s.Recipients, ", "), report.MarshalParams(s.Params)
	var err error
	if s.ID == 0 {
		s.ID, err = db.writer().insert(ctx, `INSERT INTO report_schedules (name, kind, schedule, recipients, params,
language, active, next_run_at, last_run_at, last_error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, '', ?, ?)`,
			s.Name, string(s.Kind), s.Cron, rcpt, params, s.Language, s.Active, ts(s.NextRunAt), ts(s.CreatedAt), ts(s.UpdatedAt))
		return db.fail("create report schedule", "report", err)
	}
	res, err := db.writer().exec(ctx, `UPDATE report_schedules SET name = ?, kind = ?, schedule = ?, recipients = ?,
params = ?, language = ?, active = ?, next_run_at = ?, updated_at = ? WHERE id = ?`,
		s.Name, string(s.Kind), s.Cron, rcpt, params, s.Language, s.Active, ts(s.NextRunAt), ts(s.UpdatedAt), s.ID)
	return db.fail("update report schedule", "report", expectRow(res, err, notFound("report", s.ID)))
}

// DeleteReportSchedule deletes schedule id.
func (db *DB) DeleteReportSchedule(ctx context.Context, id int64) error {
	res, err := db.writer().exec(ctx, `DELETE FROM report_schedules WHERE id = ?`, id)
	return db.fail("delete report schedule", "report", expectRow(res, err, notFound("report", id)))
}

// ClaimReportRun moves the next run of schedule id from due to next and
// reports whether this call did.
func (db *DB) ClaimReportRun(ctx context.Context, id int64, due, next time.Time) (bool, error) {
	res, err := db.writer().exec(ctx, `UPDATE report_schedules SET next_run_at = ? WHERE id = ? AND next_run_at = ?`,
		ts(next), id, ts(due))
	if err != nil {
		return false, db.fail("claim report run", "report", err)
	}
	n, err := res.RowsAffected()
	return n == 1, db.fail("claim report run", "report", err)
}

// FinishReportRun records a run of schedule id.
func (db *DB) FinishReportRun(ctx context.Context, id int64, at time.Time, errText string) error {
	_, err := db.writer().exec(ctx, `UPDATE report_schedules SET last_run_at = ?, last_error = ? WHERE id = ?`,
		ts(at), errText, id)
	return db.fail("record report run", "report", err)
}

// AlertRules returns every alert rule by name.
func (db *DB) AlertRules(ctx context.Context) ([]report.AlertRule, error) {
	rows, err := db.reader().query(ctx, `SELECT id, name, kind, threshold, target_seconds, notify, active,
created_at, updated_at FROM alert_rules ORDER BY name`)
	out, err := scanAll(rows, err, func(r *report.AlertRule) []any {
		return []any{&r.ID, &r.Name, &r.Kind, &r.Threshold, &r.TargetSeconds, &r.Notify, &r.Active,
			(*ts)(&r.CreatedAt), (*ts)(&r.UpdatedAt)}
	})
	if err != nil {
		return nil, db.fail("read alert rules", "alert rule", err)
	}
	return out, nil
}

// SaveAlertRule inserts r (ID 0) or updates it.
func (db *DB) SaveAlertRule(ctx context.Context, r *report.AlertRule) error {
	var err error
	if r.ID == 0 {
		r.ID, err = db.writer().insert(ctx, `INSERT INTO alert_rules (name, kind, threshold, target_seconds, notify,
active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Name, string(r.Kind), r.Threshold, r.TargetSeconds, r.Notify, r.Active, ts(r.CreatedAt), ts(r.UpdatedAt))
		return db.fail("create alert rule", "alert rule", err)
	}
	res, err := db.writer().exec(ctx, `UPDATE alert_rules SET name = ?, kind = ?, threshold = ?, target_seconds = ?,
notify = ?, active = ?, updated_at = ? WHERE id = ?`,
		r.Name, string(r.Kind), r.Threshold, r.TargetSeconds, r.Notify, r.Active, ts(r.UpdatedAt), r.ID)
	return db.fail("update alert rule", "alert rule", expectRow(res, err, notFound("alert rule", r.ID)))
}

// DeleteAlertRule deletes rule id and what it notified.
func (db *DB) DeleteAlertRule(ctx context.Context, id int64) error {
	return db.fail("delete alert rule", "alert rule", db.write(ctx, func(r runner) error {
		if _, err := r.exec(ctx, `DELETE FROM alert_occurrences WHERE rule_id = ?`, id); err != nil {
			return err
		}
		res, err := r.exec(ctx, `DELETE FROM alert_rules WHERE id = ?`, id)
		return expectRow(res, err, notFound("alert rule", id))
	}))
}

// MarkAlert records an occurrence of rule id and reports whether it is
// new.
func (db *DB) MarkAlert(ctx context.Context, ruleID int64, occurrence string, at time.Time) (bool, error) {
	res, err := db.writer().exec(ctx, `INSERT INTO alert_occurrences (rule_id, occurrence, fired_at) VALUES (?, ?, ?)
ON CONFLICT (rule_id, occurrence) DO NOTHING`, ruleID, occurrence, ts(at))
	if err != nil {
		return false, db.fail("record alert", "alert", err)
	}
	n, err := res.RowsAffected()
	return n == 1, db.fail("record alert", "alert", err)
}

// UnmarkAlert forgets an occurrence of rule id.
func (db *DB) UnmarkAlert(ctx context.Context, ruleID int64, occurrence string) error {
	_, err := db.writer().exec(ctx, `DELETE FROM alert_occurrences WHERE rule_id = ? AND occurrence = ?`, ruleID, occurrence)
	return db.fail("forget alert", "alert", err)
}

// FOIStats returns the information-request figures of [from, to): the
// cases received in it whose type has the regime info_request, with the
// § 18 record the workflow keeps on them (docs/workflow.md). A database
// without that record (before the workflow's migration) reports none.
func (db *DB) FOIStats(ctx context.Context, from, to time.Time) (report.FOI, error) {
	var f report.FOI
	err := db.read(ctx, func(r runner) error {
		// The probe fails where the workflow's columns do not exist.
		if _, err := r.exec(ctx, `SELECT t.regime, c.complaint_16a_reason FROM case_types t, cases c WHERE 1 = 0`); err != nil {
			return errNoFOIData
		}
		const from_ = ` FROM cases c JOIN case_types t ON t.id = c.case_type_id
WHERE t.regime = 'info_request' AND c.received_at >= ? AND c.received_at < ?`
		err := r.row(ctx, `SELECT COUNT(*),
COALESCE(SUM(CASE WHEN c.refusal <> '' THEN 1 ELSE 0 END), 0),
COALESCE(SUM(CASE WHEN c.appeal_filed THEN 1 ELSE 0 END), 0),
COALESCE(SUM(CASE WHEN c.court_review THEN 1 ELSE 0 END), 0),
COALESCE(SUM(CASE WHEN c.exclusive_licence THEN 1 ELSE 0 END), 0),
COALESCE(SUM(CASE WHEN c.complaint_16a THEN 1 ELSE 0 END), 0)`+from_, ts(from), ts(to)).
			Scan(&f.Requests, &f.Refusals, &f.Appeals, &f.CourtReviews, &f.ExclusiveLicences, &f.Complaints)
		if err != nil {
			return err
		}
		rows, err := r.query(ctx, `SELECT c.complaint_16a_reason, COUNT(*)`+from_+
			` AND c.complaint_16a GROUP BY c.complaint_16a_reason ORDER BY COUNT(*) DESC, c.complaint_16a_reason`, ts(from), ts(to))
		f.Reasons, err = scanAll(rows, err, func(n *report.NamedCount) []any { return []any{&n.Name, &n.Count} })
		f.Available = true
		return err
	})
	if errors.Is(err, errNoFOIData) {
		return report.FOI{}, nil
	}
	return f, db.fail("count information requests", "case", err)
}

// errNoFOIData reports that the database holds no information-request data.
var errNoFOIData = errors.New("no information-request data")
