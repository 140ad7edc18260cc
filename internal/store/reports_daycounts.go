package store

import (
	"context"
	"strconv"
	"strings"

	"linka/internal/workdays"
)

// dayCount names what is counted per day: the rows of table, meeting
// cond (may be empty), whose time column col falls on the day.
type dayCount struct{ table, cond, col string }

// dayCountChunk is how many days one counting statement covers (each
// day takes two parameters per count).
const dayCountChunk = 92

// countPerDay counts, for every Prague day of first…last, the rows of
// each of counts, in one statement per dayCountChunk days of index range
// counts: the freshness check of a month's stored report counts is one
// round trip instead of one per day. The result holds every day, with
// the counts in the order given.
func (db *DB) countPerDay(ctx context.Context, first, last workdays.Date, counts ...dayCount) (map[workdays.Date][]int64, error) {
	out := map[workdays.Date][]int64{}
	for start := first; !start.After(last); start = start.AddDays(dayCountChunk) {
		end := start.AddDays(dayCountChunk - 1)
		if end.After(last) {
			end = last
		}
		var q strings.Builder
		var args []any
		var days []workdays.Date
		for d := start; !d.After(end); d = d.AddDays(1) {
			if len(days) > 0 {
				q.WriteString("\nUNION ALL ")
			}
			q.WriteString("SELECT " + strconv.Itoa(len(days)))
			for _, c := range counts {
				q.WriteString(", (SELECT COUNT(*) FROM " + c.table + " WHERE " + c.cond + c.col + " >= ? AND " + c.col + " < ?)")
				args = append(args, ts(d.Start()), ts(d.End()))
			}
			days = append(days, d)
		}
		rows, err := db.reader().query(ctx, q.String(), args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var i int
			n := make([]int64, len(counts))
			dest := []any{&i}
			for k := range n {
				dest = append(dest, &n[k])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return nil, err
			}
			out[days[i]] = n
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
