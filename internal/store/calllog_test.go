package store

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/cases"
	"linka/cti"
	"linka/cti/smdr"
	"linka/internal/workdays"
)

// runCallLogTest runs fn on SQLite and on PostgreSQL.
func runCallLogTest(t *testing.T, fn func(t *testing.T, db *DB)) {
	for name, open := range map[string]func(t *testing.T) *DB{
		"sqlite":   func(t *testing.T) *DB { return openSQLiteTest(t) },
		"postgres": func(t *testing.T) *DB { return postgresTest(t).open(t) },
	} {
		t.Run(name, func(t *testing.T) { fn(t, open(t)) })
	}
}

// logT0 is the start of the test calls, with microseconds that must
// survive a round trip.
var logT0 = time.Date(2026, 3, 10, 8, 30, 0, 123456000, time.UTC)

// logEntryUTC returns e with every time in UTC, as a database returns it.
func logEntryUTC(e cti.CallLogEntry) cti.CallLogEntry {
	for _, p := range []*time.Time{&e.StartedAt, &e.AnsweredAt, &e.EndedAt, &e.ObserveAfter} {
		*p = p.UTC()
	}
	e.Path = slices.Clone(e.Path)
	for i := range e.Path {
		e.Path[i].At = e.Path[i].At.UTC()
	}
	return e
}

// logSMDROnly is a call only SMDR described, waiting for its observation.
func logSMDROnly() cti.CallLogEntry {
	return cti.CallLogEntry{
		CallRecord: cti.CallRecord{ID: "smdr-1", Direction: cti.DirectionIncoming, Caller: "602123456",
			Called: "544503600", Trunk: "01", Extensions: []string{"600", "102"}, AnsweredBy: "102",
			StartedAt: logT0, AnsweredAt: logT0.Add(7 * time.Second), EndedAt: logT0.Add(67 * time.Second),
			EndReason: cti.EndCompleted},
		CallerE164: "+420602123456", CalledE164: "+420544503600", SMDR: cti.SMDRFinal, CO: "01",
		Account: "1234", Condition: "TR,NA", SMDRLines: []string{"line one", "line two"},
		ObserveAfter: logT0.Add(5 * time.Minute),
	}
}

// logCandidates returns the candidates of [from, to] or fails.
func logCandidates(t *testing.T, db *DB, from, to time.Time) []cti.CallLogEntry {
	t.Helper()
	got, err := db.CallLogCandidates(context.Background(), from, to)
	if err != nil {
		t.Fatalf("CallLogCandidates = %v", err)
	}
	return got
}

func TestCallLog_PutReplaceAndCandidates(t *testing.T) {
	runCallLogTest(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		smdrRow := logSMDROnly()
		must(t, db.PutCallLog(ctx, smdrRow, nil))
		if got := logCandidates(t, db, logT0, logT0.Add(time.Minute)); len(got) != 1 || !reflect.DeepEqual(got[0], logEntryUTC(smdrRow)) {
			t.Fatalf("CallLogCandidates = %+v, want %+v", got, smdrRow)
		}
		c := f.create(t, nil)
		_, err := db.writer().exec(ctx, `INSERT INTO case_calls (case_id, call_id, linked_at, linked_by) VALUES (?, ?, ?, ?)`,
			c.ID, "smdr-1", ts(logT0), f.clerk.ID)
		must(t, err)

		merged := smdrRow
		merged.CallRecord = cti.CallRecord{ID: "c-1", Direction: cti.DirectionIncoming, Caller: "0602123456",
			Called: "544503600", Trunk: "T01", Extensions: []string{"600", "102"}, AnsweredBy: "102",
			StartedAt: logT0.Add(20 * time.Second), AnsweredAt: logT0.Add(27 * time.Second), EndedAt: logT0.Add(80 * time.Second),
			EndReason: cti.EndCompleted, Path: []cti.PathStep{{At: logT0.Add(27 * time.Second), Action: cti.StepAnswered, Device: "102"}}}
		merged.CSTA, merged.ObserveAfter = true, time.Time{}
		must(t, db.PutCallLog(ctx, merged, []string{"smdr-1"}))
		if got := logCandidates(t, db, logT0, logT0.Add(time.Minute)); len(got) != 1 || !reflect.DeepEqual(got[0], logEntryUTC(merged)) {
			t.Fatalf("CallLogCandidates after the merge = %+v, want only %+v", got, merged)
		}
		for _, q := range []struct {
			what, sql string
			want      int
		}{
			{"links of the replaced row", `SELECT count(*) FROM case_calls WHERE call_id = 'smdr-1'`, 0},
			{"links moved to the merged row", `SELECT count(*) FROM case_calls WHERE call_id = 'c-1'`, 1},
			{"extensions of the replaced row", `SELECT count(*) FROM call_extensions WHERE call_id = 'smdr-1'`, 0},
			{"extensions of the merged row", `SELECT count(*) FROM call_extensions WHERE call_id = 'c-1'`, 2},
		} {
			if got := f.count(t, q.sql); got != q.want {
				t.Errorf("%s = %d, want %d", q.what, got, q.want)
			}
		}
		// A new version of the row replaces every column and its extensions.
		merged.Extensions, merged.SMDRLines = []string{"102"}, append(merged.SMDRLines, "line three")
		must(t, db.PutCallLog(ctx, merged, nil))
		if got := logCandidates(t, db, logT0, logT0.Add(time.Minute)); len(got) != 1 || !reflect.DeepEqual(got[0], logEntryUTC(merged)) {
			t.Errorf("CallLogCandidates after an update = %+v, want %+v", got, merged)
		}
		if got := f.count(t, `SELECT count(*) FROM call_extensions WHERE call_id = 'c-1'`); got != 1 {
			t.Errorf("extensions after an update = %d, want 1", got)
		}
	})
}

func TestCallLog_CandidatesRange(t *testing.T) {
	runCallLogTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		row := logSMDROnly() // logT0 … logT0+67s
		must(t, db.PutCallLog(ctx, row, nil))
		for _, tt := range []struct {
			name     string
			from, to time.Time
			want     int
		}{
			{"inside", logT0.Add(10 * time.Second), logT0.Add(20 * time.Second), 1},
			{"ends at from", logT0.Add(67 * time.Second), logT0.Add(time.Hour), 1},
			{"starts at to", logT0.Add(-time.Hour), logT0, 1},
			{"ended before", logT0.Add(68 * time.Second), logT0.Add(time.Hour), 0},
			{"starts after", logT0.Add(-time.Hour), logT0.Add(-time.Microsecond), 0},
		} {
			if got := len(logCandidates(t, db, tt.from, tt.to)); got != tt.want {
				t.Errorf("%s: CallLogCandidates = %d rows, want %d", tt.name, got, tt.want)
			}
		}
	})
}

func TestCallLog_DueAndObserved(t *testing.T) {
	runCallLogTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		late, early, none := logSMDROnly(), logSMDROnly(), logSMDROnly()
		early.ID, early.ObserveAfter = "smdr-2", logT0.Add(time.Minute)
		none.ID, none.ObserveAfter = "smdr-3", time.Time{}
		for _, e := range []cti.CallLogEntry{late, early, none} {
			must(t, db.PutCallLog(ctx, e, nil))
		}
		due := func(now time.Time, limit int) string {
			rows, err := db.DueCallLog(ctx, now, limit)
			must(t, err)
			var out []string
			for _, r := range rows {
				out = append(out, r.ID)
			}
			return strings.Join(out, " ")
		}
		for _, tt := range []struct {
			now   time.Duration
			limit int
			want  string
		}{{0, 10, ""}, {2 * time.Minute, 10, "smdr-2"}, {time.Hour, 1, "smdr-2"}, {time.Hour, 10, "smdr-2 smdr-1"}} {
			if got := due(logT0.Add(tt.now), tt.limit); got != tt.want {
				t.Errorf("DueCallLog(t0+%v, %d) = %q, want %q", tt.now, tt.limit, got, tt.want)
			}
		}
		must(t, db.MarkCallLogObserved(ctx, "smdr-2"))
		must(t, db.MarkCallLogObserved(ctx, "gone"))
		if got := due(logT0.Add(time.Hour), 10); got != "smdr-1" {
			t.Errorf("DueCallLog after marking smdr-2 = %q, want smdr-1", got)
		}
	})
}

func TestCallLog_Rejects(t *testing.T) {
	runCallLogTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		rj := cti.SMDRReject{Line: "10/03/26 09:30AM  garbage ☎", Reason: "smdr: time: bad", At: logT0}
		must(t, db.AddSMDRReject(ctx, rj))
		var got cti.SMDRReject
		err := db.reader().row(ctx, `SELECT line, reason, received_at FROM smdr_rejects`).Scan(&got.Line, &got.Reason, (*ts)(&got.At))
		must(t, err)
		if got != rj {
			t.Errorf("smdr_rejects row = %+v, want %+v", got, rj)
		}
	})
}

// logSearchRows are the rows of the search test, oldest first: a answered
// at group 600 and 101, b missed at 600, c outgoing from 101, d ringing
// (RC line only), e internal 101 → 102.
func logSearchRows() []cti.CallLogEntry {
	in := func(id string, at time.Duration, caller string, exts ...string) cti.CallLogEntry {
		return cti.CallLogEntry{CallRecord: cti.CallRecord{ID: id, Direction: cti.DirectionIncoming, Caller: caller,
			Called: "544503600", Extensions: exts, StartedAt: logT0.Add(at), EndedAt: logT0.Add(at + time.Minute),
			EndReason: cti.EndMissed}, CallerE164: "+420602123456", CalledE164: "+420544503600", CSTA: true}
	}
	a := in("a", 0, "+420602123456", "600", "101")
	a.AnsweredAt, a.AnsweredBy, a.EndReason = logT0.Add(5*time.Second), "101", cti.EndCompleted
	b := in("b", time.Hour, "602123456", "600")
	c := cti.CallLogEntry{CallRecord: cti.CallRecord{ID: "c", Direction: cti.DirectionOutgoing, Caller: "101",
		Called: "0777123456", Extensions: []string{"101"}, StartedAt: logT0.Add(2 * time.Hour),
		EndedAt: logT0.Add(2*time.Hour + time.Minute), EndReason: cti.EndUnanswered}, CalledE164: "+420777123456", CSTA: true}
	d := in("smdr-d", 3*time.Hour, "602123456", "600")
	d.CSTA, d.SMDR, d.EndReason, d.EndedAt = false, cti.SMDRInterim, "", d.StartedAt
	e := cti.CallLogEntry{CallRecord: cti.CallRecord{ID: "e", Direction: cti.DirectionInternal, Caller: "101",
		Called: "102", Extensions: []string{"101", "102"}, StartedAt: logT0.Add(24 * time.Hour),
		EndedAt: logT0.Add(24*time.Hour + time.Minute), EndReason: cti.EndCompleted}, SMDR: cti.SMDRFinal, CSTA: true}
	return []cti.CallLogEntry{a, b, c, d, e}
}

func TestCallLog_Search(t *testing.T) {
	runCallLogTest(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		for _, e := range logSearchRows() {
			must(t, db.PutCallLog(ctx, e, nil))
		}
		x, y := f.create(t, nil), f.create(t, nil)
		for i, l := range []struct {
			c    *cases.Case
			call string
		}{{y, "a"}, {x, "a"}, {x, "c"}} {
			_, err := db.writer().exec(ctx, `INSERT INTO case_calls (case_id, call_id, linked_at) VALUES (?, ?, ?)`,
				l.c.ID, l.call, ts(logT0.Add(time.Duration(i)*time.Minute)))
			must(t, err)
		}
		for _, tt := range logSearchCases() {
			if tt.f.Limit == 0 {
				tt.f.Limit = 50
			}
			rows, total, err := db.SearchCallLog(ctx, tt.f)
			must(t, err)
			var ids []string
			for _, r := range rows {
				ids = append(ids, r.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want || total != tt.total {
				t.Errorf("%s: SearchCallLog = %q, total %d; want %q, total %d", tt.name, got, total, tt.want, tt.total)
			}
		}
		rows, _, err := db.SearchCallLog(ctx, cti.CallLogFilter{Limit: 50})
		must(t, err)
		got := map[string]string{}
		for _, r := range rows {
			got[r.ID] = strings.Join(r.Cases, ",")
		}
		want := map[string]string{"a": y.Number + "," + x.Number, "b": "", "c": x.Number, "smdr-d": "", "e": ""}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("linked cases = %v, want %v", got, want)
		}
	})
}

// logSearchCase is a filter and the ids it finds, newest first.
type logSearchCase struct {
	name  string
	f     cti.CallLogFilter
	want  string
	total int
}

func logSearchCases() []logSearchCase {
	return []logSearchCase{
		{"everything", cti.CallLogFilter{}, "e smdr-d c b a", 5},
		{"normalised caller", cti.CallLogFilter{Number: "+420602123456"}, "smdr-d b a", 3},
		{"normalised called", cti.CallLogFilter{Number: "+420777123456"}, "c", 1},
		{"called as given", cti.CallLogFilter{Number: "102"}, "e", 1},
		{"caller as given", cti.CallLogFilter{Number: "101"}, "e c", 2},
		{"extension", cti.CallLogFilter{Extension: "101"}, "e c a", 3},
		{"group", cti.CallLogFilter{Extension: "600"}, "smdr-d b a", 3},
		{"date range, end exclusive", cti.CallLogFilter{From: logT0.Add(30 * time.Minute), To: logT0.Add(2 * time.Hour)}, "b", 1},
		{"direction", cti.CallLogFilter{Direction: cti.DirectionOutgoing}, "c", 1},
		{"missed, not the ringing call", cti.CallLogFilter{Missed: true}, "b", 1},
		{"missed at an extension", cti.CallLogFilter{Missed: true, Extension: "101"}, "", 0},
		{"page", cti.CallLogFilter{Limit: 2, Offset: 1}, "smdr-d c", 5},
		{"past the end", cti.CallLogFilter{Offset: 10}, "", 5},
	}
}

// TestCallLog_MigrationSplitsExtensions checks that migration 4 fills
// call_extensions from the calls stored before it.
func TestCallLog_MigrationSplitsExtensions(t *testing.T) {
	for name, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite:" + t.TempDir() + "/linka.db" },
		"postgres": func(t *testing.T) string { return postgresTest(t).schemaDSN(t) },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := Open(ctx, dsn(t))
			must(t, err)
			t.Cleanup(func() { db.Close() })
			logMigrate(t, db, 3)
			for i, exts := range []string{"600,101,102", "", "101"} {
				must(t, db.SaveCall(ctx, cti.CallRecord{ID: fmt.Sprint("c", i), Direction: cti.DirectionIncoming,
					StartedAt: logT0, EndedAt: logT0.Add(time.Minute), EndReason: cti.EndMissed}))
				_, err := db.writer().exec(ctx, `UPDATE calls SET extensions = ? WHERE id = ?`, exts, fmt.Sprint("c", i))
				must(t, err)
			}
			must(t, db.Migrate(ctx))
			rows, err := db.reader().query(ctx, `SELECT call_id, extension FROM call_extensions ORDER BY call_id, extension`)
			var got []string
			for err == nil && rows.Next() {
				var id, ext string
				err = rows.Scan(&id, &ext)
				got = append(got, id+":"+ext)
			}
			must(t, err)
			rows.Close()
			if want := "c0:101 c0:102 c0:600 c2:101"; strings.Join(got, " ") != want {
				t.Errorf("call_extensions = %q, want %q", strings.Join(got, " "), want)
			}
			cands := logCandidates(t, db, logT0, logT0)
			if len(cands) != 3 || !cands[0].CSTA || cands[0].SMDR != cti.SMDRNone {
				t.Errorf("rows after the migration = %+v, want 3 reported by the PBX link", cands)
			}
		})
	}
}

// logMigrate applies the migrations up to version.
func logMigrate(t *testing.T, db *DB, version int) {
	t.Helper()
	ctx := context.Background()
	ms, err := loadMigrations(migrationFiles)
	must(t, err)
	conn, err := db.w.Conn(ctx)
	must(t, err)
	defer conn.Close()
	create, err := render(db.d, "schema_migrations", schemaMigrations)
	must(t, err)
	_, err = conn.ExecContext(ctx, create)
	must(t, err)
	for _, m := range ms {
		if m.version <= version {
			must(t, db.apply(ctx, conn, m))
		}
	}
}

// TestCallLog_MergesOnDatabase runs a cti.CallLog on the database: the
// SMDR lines of a call, then the PBX link's record, make one row; a bad
// line is kept.
func TestCallLog_MergesOnDatabase(t *testing.T) {
	runCallLogTest(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		l, err := cti.NewCallLog(cti.CallLogOptions{Store: db, Normalize: cases.PhonePlan{OutsidePrefix: "0"}.Lookup})
		must(t, err)
		p, err := smdr.NewParser(smdr.Options{Layout: smdr.PatternA})
		must(t, err)
		dial := "<D>544503101<I>0602123456"
		for _, raw := range []string{
			logLine("09:30AM", "101", "01", dial, "0'00", "00:00'00", "RC"),
			logLine("09:30AM", "101", "01", dial, "0'05", "00:00'00", "AN"),
			"10/03/26 09:31AM this line is broken",
			logLine("09:31AM", "101", "01", dial, "0'05", "00:01'23", ""),
		} {
			line, _ := p.Parse(raw)
			must(t, l.AddSMDR(ctx, line))
		}
		at := func(hms string) time.Time {
			v, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-03-10 "+hms, workdays.Prague())
			must(t, err)
			return v
		}
		rec := cti.CallRecord{ID: "c1", Direction: cti.DirectionIncoming, Caller: "+420602123456", Called: "544503101",
			Extensions: []string{"101"}, AnsweredBy: "101", StartedAt: at("09:30:10"), AnsweredAt: at("09:30:15"),
			EndedAt: at("09:31:38"), EndReason: cti.EndCompleted}
		must(t, l.SaveCall(ctx, rec))
		rows, total, err := l.Search(ctx, cti.CallLogFilter{Number: "602 123 456"})
		must(t, err)
		if total != 1 || rows[0].ID != "c1" || !rows[0].CSTA || rows[0].SMDR != cti.SMDRFinal || len(rows[0].SMDRLines) != 3 ||
			rows[0].CallerE164 != "+420602123456" || rows[0].CO != "01" {
			t.Errorf("Search = %d rows %+v, want the one merged row of c1", total, rows)
		}
		f := &fixture{db: db, ctx: ctx}
		if got := f.count(t, `SELECT count(*) FROM smdr_rejects`); got != 1 {
			t.Errorf("smdr_rejects = %d rows, want the broken line", got)
		}
	})
}

// logLine builds a Pattern A line of 10 March 2026.
func logLine(clock, ext, co, dial, ring, duration, cd string) string {
	l := fmt.Sprintf("%-8s %-7s %5s %2s %-25s %4s %-8s %-10s %-3s", "10/03/26", clock, ext, co, dial, ring, duration, "", cd)
	return strings.TrimRight(l, " ")
}
