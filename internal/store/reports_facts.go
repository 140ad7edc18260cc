package store

import (
	"context"
	"time"

	"linka/cases/report"
	"linka/internal/workdays"
)

// QueueFactDays returns the days in [from, to] with stored queue facts.
func (db *DB) QueueFactDays(ctx context.Context, from, to workdays.Date) (map[workdays.Date]report.FactDay, error) {
	rows, err := db.reader().query(ctx, `SELECT day, calls, gateway_calls, wrapups, groups FROM queue_fact_days
WHERE day >= ? AND day <= ?`, date(from), date(to))
	type dayRow struct {
		d workdays.Date
		f report.FactDay
	}
	list, err := scanAll(rows, err, func(x *dayRow) []any {
		return []any{(*date)(&x.d), &x.f.Calls, &x.f.Gateway, &x.f.Wrapups, &x.f.Groups}
	})
	if err != nil {
		return nil, db.fail("read queue fact days", "statistics", err)
	}
	out := make(map[workdays.Date]report.FactDay, len(list))
	for _, x := range list {
		out[x.d] = x.f
	}
	return out, nil
}

// QueueDayCounts counts, for each Prague day of first…last, the calls
// that started, the gateway calls that entered and the wrap-ups saved on
// it, in one query of index range counts.
func (db *DB) QueueDayCounts(ctx context.Context, first, last workdays.Date) (map[workdays.Date]report.FactDay, error) {
	n, err := db.countPerDay(ctx, first, last, dayCount{"calls", "", "started_at"},
		dayCount{"gateway_calls", "", "entered_at"}, dayCount{"call_wrapups", "", "at"})
	if err != nil {
		return nil, db.fail("count the calls of the days", "statistics", err)
	}
	out := make(map[workdays.Date]report.FactDay, len(n))
	for d, c := range n {
		out[d] = report.FactDay{Calls: int(c[0]), Gateway: int(c[1]), Wrapups: int(c[2])}
	}
	return out, nil
}

// PutQueueFacts replaces the facts of day and records what they were
// built from, in one transaction.
func (db *DB) PutQueueFacts(ctx context.Context, day workdays.Date, facts []report.Fact, from report.FactDay) error {
	err := db.write(ctx, func(r runner) error {
		if _, err := r.exec(ctx, `DELETE FROM queue_facts WHERE day = ?`, date(day)); err != nil {
			return err
		}
		const cols = 13
		per := 20000 / cols
		for i := 0; i < len(facts); i += per {
			batch := facts[i:min(i+per, len(facts))]
			args := make([]any, 0, len(batch)*cols)
			for _, f := range batch {
				e := f.Entered.Unix()
				args = append(args, f.CallID, f.Group, ts(f.Entered), e, e-e%900, date(day), f.Kind,
					f.Wait.Milliseconds(), f.Talk.Milliseconds(), f.Hold.Milliseconds(), f.ACW.Milliseconds(),
					flagInt(f.Transferred), flagInt(f.Repeat))
			}
			q := `INSERT INTO queue_facts (call_id, grp, entered_at, entered_epoch, bucket15, day, kind, wait_ms, talk_ms, hold_ms,
acw_ms, transferred, repeated) VALUES ` + repeatRows("("+placeholders(cols)+")", len(batch))
			if _, err := r.exec(ctx, q, args...); err != nil {
				return err
			}
		}
		_, err := r.exec(ctx, `INSERT INTO queue_fact_days (day, calls, gateway_calls, wrapups, groups, built_at)
VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET calls = excluded.calls,
gateway_calls = excluded.gateway_calls, wrapups = excluded.wrapups, groups = excluded.groups, built_at = excluded.built_at`,
			date(day), from.Calls, from.Gateway, from.Wrapups, from.Groups, ts(time.Now()))
		return err
	})
	return db.fail("store queue facts", "statistics", err)
}

func flagInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func repeatRows(row string, n int) string {
	b := make([]byte, 0, n*(len(row)+2))
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, row...)
	}
	return string(b)
}

// SumQueueFacts sums the stored facts entered in [from, to) per group and
// interval: the same sums report.Aggregate makes of the facts. The
// database sums quarter hours in the order of the queue_facts_bucket index
// (no sort); they are merged into the interval here.
func (db *DB) SumQueueFacts(ctx context.Context, from, to time.Time, o report.QueueOptions) ([]report.QueueRow, error) {
	f, t := from.Unix(), to.Unix()
	sl, short := int64(o.SLSeconds)*1000, o.ShortAbandon.Milliseconds()
	rows, err := db.reader().query(ctx, `SELECT bucket15, grp, COUNT(*),
SUM(CASE WHEN kind = 'answered' THEN 1 ELSE 0 END),
SUM(CASE WHEN kind = 'answered' AND wait_ms <= ? THEN 1 ELSE 0 END),
SUM(CASE WHEN kind IN ('queue', 'ringing', 'gateway') AND wait_ms < ? THEN 1 ELSE 0 END),
SUM(CASE WHEN kind = 'queue' AND wait_ms >= ? THEN 1 ELSE 0 END),
SUM(CASE WHEN kind = 'ringing' AND wait_ms >= ? THEN 1 ELSE 0 END),
SUM(CASE WHEN kind = 'gateway' AND wait_ms >= ? THEN 1 ELSE 0 END),
SUM(CASE WHEN kind = 'overflow' THEN 1 ELSE 0 END),
SUM(CASE WHEN kind = 'answered' THEN wait_ms ELSE 0 END),
SUM(talk_ms), SUM(hold_ms), SUM(acw_ms), MAX(wait_ms), SUM(transferred), SUM(repeated)
FROM queue_facts WHERE bucket15 >= ? AND bucket15 < ? AND entered_epoch >= ? AND entered_epoch < ?
GROUP BY bucket15, grp ORDER BY bucket15, grp`, sl, short, short, short, short, f-f%900, t, f, t)
	if err != nil {
		return nil, db.fail("sum queue facts", "statistics", err)
	}
	defer rows.Close()
	type key struct {
		grp   string
		start time.Time
	}
	merged := map[key]*report.QueueRow{}
	var order []key
	ms := func(n int64) time.Duration { return time.Duration(n) * time.Millisecond }
	for rows.Next() {
		var r report.QueueRow
		var bucket, wait, talk, hold, acw, longest int64
		if err := rows.Scan(&bucket, &r.Group, &r.Offered, &r.Answered, &r.AnsweredInSL, &r.ShortAbandons, &r.AbandonedQueue,
			&r.AbandonedRinging, &r.AbandonedGateway, &r.Overflowed, &wait, &talk, &hold, &acw, &longest,
			&r.Transferred, &r.RepeatCalls); err != nil {
			return nil, db.fail("sum queue facts", "statistics", err)
		}
		r.WaitAnswered, r.Talk, r.Hold, r.ACW, r.LongestWait = ms(wait), ms(talk), ms(hold), ms(acw), ms(longest)
		k := key{r.Group, report.IntervalStart(time.Unix(bucket, 0), o.Interval)}
		if m := merged[k]; m != nil {
			m.Add(r)
			continue
		}
		r.Start = k.start
		merged[k] = &r
		order = append(order, k)
	}
	if err := rows.Err(); err != nil {
		return nil, db.fail("sum queue facts", "statistics", err)
	}
	out := make([]report.QueueRow, 0, len(order))
	for _, k := range order {
		out = append(out, *merged[k])
	}
	return out, nil
}
