package store

import (
	"context"
	"time"

	"linka/cases/report"
	"linka/internal/workdays"
)

// CaseCountDays returns the days in [from, to] with stored case counts.
func (db *DB) CaseCountDays(ctx context.Context, from, to workdays.Date) (map[workdays.Date]report.CountDay, error) {
	rows, err := db.reader().query(ctx, `SELECT day, received, changes FROM case_count_days WHERE day >= ? AND day <= ?`,
		date(from), date(to))
	type dayRow struct {
		d workdays.Date
		c report.CountDay
	}
	list, err := scanAll(rows, err, func(x *dayRow) []any { return []any{(*date)(&x.d), &x.c.Received, &x.c.Changes} })
	if err != nil {
		return nil, db.fail("read case count days", "statistics", err)
	}
	out := make(map[workdays.Date]report.CountDay, len(list))
	for _, x := range list {
		out[x.d] = x.c
	}
	return out, nil
}

// CaseDayCounts counts, for each Prague day of first…last, the cases
// received and the state changes made on it, in one query of index range
// counts.
func (db *DB) CaseDayCounts(ctx context.Context, first, last workdays.Date) (map[workdays.Date]report.CountDay, error) {
	n, err := db.countPerDay(ctx, first, last, dayCount{"cases", "", "received_at"},
		dayCount{"case_history", "field = 'state' AND ", "at"})
	if err != nil {
		return nil, db.fail("count the cases of the days", "statistics", err)
	}
	out := make(map[workdays.Date]report.CountDay, len(n))
	for d, c := range n {
		out[d] = report.CountDay{Received: int(c[0]), Changes: int(c[1])}
	}
	return out, nil
}

// BuildCaseCounts stores the counts of day and what they were built from,
// in one transaction.
func (db *DB) BuildCaseCounts(ctx context.Context, day workdays.Date, from report.CountDay) error {
	start, end := day.Start(), day.End()
	err := db.write(ctx, func(r runner) error {
		if _, err := r.exec(ctx, `DELETE FROM case_counts WHERE day = ?`, date(day)); err != nil {
			return err
		}
		rec, err := receivedIDCounts(ctx, r, start, end)
		if err != nil {
			return err
		}
		ch, err := changeIDCounts(ctx, r, start, end)
		if err != nil {
			return err
		}
		const q = `INSERT INTO case_counts (day, kind, old_value, new_value, source, department_id, case_type_id, n,
handling_s, with_due, on_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		for _, c := range rec {
			if _, err := r.exec(ctx, q, date(day), "received", "", "", string(c.Source), c.dep, c.typ, c.N, 0, 0, 0); err != nil {
				return err
			}
		}
		for _, c := range ch {
			if _, err := r.exec(ctx, q, date(day), "change", string(c.From), string(c.To), string(c.Source), c.dep, c.typ,
				c.N, int64(c.Handling/time.Second), c.WithDue, c.OnTime); err != nil {
				return err
			}
		}
		_, err = r.exec(ctx, `INSERT INTO case_count_days (day, received, changes, built_at) VALUES (?, ?, ?, ?)
ON CONFLICT (day) DO UPDATE SET received = excluded.received, changes = excluded.changes, built_at = excluded.built_at`,
			date(day), from.Received, from.Changes, ts(time.Now()))
		return err
	})
	return db.fail("store case counts", "statistics", err)
}

// SumCaseCounts sums the stored counts of the days in [from, to].
func (db *DB) SumCaseCounts(ctx context.Context, from, to workdays.Date) ([]report.CaseCount, []report.ChangeCount, error) {
	var rec []report.CaseCount
	var ch []report.ChangeCount
	err := db.read(ctx, func(r runner) error {
		deps, types, err := countNames(ctx, r)
		if err != nil {
			return err
		}
		rows, err := r.query(ctx, `SELECT kind, old_value, new_value, source, department_id, case_type_id, SUM(n),
SUM(handling_s), SUM(with_due), SUM(on_time) FROM case_counts WHERE day >= ? AND day <= ?
GROUP BY kind, old_value, new_value, source, department_id, case_type_id`, date(from), date(to))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind string
			var c idChange
			var secs int64
			if err := rows.Scan(&kind, &c.From, &c.To, &c.Source, &c.dep, &c.typ, &c.N, &secs, &c.WithDue, &c.OnTime); err != nil {
				return err
			}
			c.Handling = time.Duration(secs) * time.Second
			if kind == "received" {
				rec = append(rec, idCount{c.CaseCount, c.dep, c.typ}.named(deps, types))
			} else {
				ch = append(ch, c.named(deps, types))
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, nil, db.fail("sum case counts", "statistics", err)
	}
	return rec, ch, nil
}
