package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"linka/cases"
	"linka/cases/report"
	"linka/cti"
	"linka/internal/workdays"
)

// The report benchmarks build the monthly report over a month holding
// LINKA_BENCH_CASES cases (default 100,000: every one received in the
// month, with their state changes) and the queue statistics of a month of
// LINKA_BENCH_CALLS calls (default 200,000) with wrap-ups, callbacks and
// gateway calls, on SQLite and (with LINKA_TEST_DATABASE_URL) PostgreSQL.
// The target is ≤ 1 s each; see docs/performance.md:
//
//	scripts/pg-test.sh -- go test ./internal/store -run '^$' -bench 'Report' -benchtime 5x

// benchMonth is the month the benchmarks report on: March 2026.
var benchMonthFrom, benchMonthTo = pt(3, 1, 0, 0, 0).UTC(), pt(4, 1, 0, 0, 0).UTC()

func benchCount(b *testing.B, env string, def int) int {
	if s := os.Getenv(env); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			b.Fatalf("%s=%q: want a number of at least 100", env, s)
		}
		return v
	}
	return def
}

// seedReportMonth fills db with n cases received in March 2026, each with
// its creation, most with an acceptance and a closing, and nCalls
// incoming calls to three groups.
func seedReportMonth(b *testing.B, db *DB, n, nCalls int) {
	ctx := context.Background()
	start := time.Now()
	rng := rand.New(rand.NewPCG(2026, 10))
	deps := make([]int64, 5)
	for i := range deps {
		d := cases.Department{Code: fmt.Sprintf("D%d", i), Name: fmt.Sprintf("Odbor %d", i), Active: true}
		must(b, db.CreateDepartment(ctx, &d))
		deps[i] = d.ID
	}
	types := make([]int64, 3)
	for i := range types {
		t := cases.CaseType{Code: fmt.Sprintf("T%d", i), Name: fmt.Sprintf("Typ %d", i), DeadlineDays: 30, Active: true}
		must(b, db.CreateCaseType(ctx, &t))
		types[i] = t.ID
	}
	u := cases.User{Login: "agent", Name: "Agent", Extension: "101", Active: true, CreatedAt: seedNow}
	must(b, db.CreateUser(ctx, &u))
	// LINKA_BENCH_MONTHS spreads the cases over that many months ending
	// with the reported one (default 1: all of them in it).
	months := 1
	if v := os.Getenv("LINKA_BENCH_MONTHS"); v != "" {
		if m, err := strconv.Atoi(v); err == nil && m > 0 {
			months = m
		}
	}
	caseFrom := benchMonthTo.AddDate(0, -months, 0)
	span := benchMonthTo.Sub(caseFrom)
	sources := []string{"TEL", "EMAIL", "POST", "WEB"}
	closing := []string{"resolved", "rejected", "forwarded", "deferred"}
	rows := make([][]any, n)
	recv := make([]time.Time, n)
	final := make([]string, n)
	for i := range n {
		recv[i] = caseFrom.Add(time.Duration(rng.Int64N(int64(span - 48*time.Hour))))
		final[i] = "new"
		if rng.IntN(10) > 0 {
			final[i] = closing[rng.IntN(4)]
		}
		due := date(workdays.DateOf(recv[i]).AddDays(14))
		rows[i] = []any{fmt.Sprint(100000 + i), "", 100000 + i, sources[i%4], ts(recv[i]), ts(recv[i]), ts(recv[i]), due,
			"Podnět", "", deps[i%5], types[i%3], final[i], "", "normal", false, "", false, "cs", false, 1, ""}
	}
	ids := bulkInsert(b, db, "cases", `number, number_scope, number_seq, source, received_at, created_at, updated_at,
due_date, subject, description, department_id, case_type_id, state, outcome, priority, response_sent, response,
keep_informed, language, restricted, version, search`, rows, true)
	var hist [][]any
	for i, id := range ids {
		hist = append(hist, []any{id, ts(recv[i]), "state", "", "new", true})
		hist = append(hist, []any{id, ts(recv[i].Add(time.Minute)), "subject", "", "x", false})
		if final[i] != "new" {
			acc := recv[i].Add(2 * time.Hour)
			hist = append(hist, []any{id, ts(acc), "state", "new", "assigned", true})
			hist = append(hist, []any{id, ts(acc.Add(time.Duration(rng.IntN(40)) * time.Hour)), "state", "assigned", final[i], true})
		}
	}
	bulkInsert(b, db, "case_history", "case_id, at, field, old_value, new_value, public", hist, false)
	seedBenchCalls(b, db, rng, u.ID, nCalls)
	for _, q := range []string{"VACUUM", "ANALYZE"} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	b.Logf("%s: seeded %d cases and %d calls in %v", db.Dialect(), n, nCalls, time.Since(start).Round(time.Millisecond))
}

func seedBenchCalls(b *testing.B, db *DB, rng *rand.Rand, userID int64, n int) {
	span := benchMonthTo.Sub(benchMonthFrom)
	groups := []string{"600", "601", "602"}
	var calls, wraps, gw, cbs [][]any
	for i := range n {
		g := groups[i%3]
		at := benchMonthFrom.Add(time.Duration(rng.Int64N(int64(span - time.Hour))))
		wait := time.Duration(rng.IntN(90)) * time.Second
		path := []cti.PathStep{{At: at, Action: cti.StepQueued, Device: g}, {At: at.Add(wait), Action: cti.StepRang, Device: "101"}}
		var answered any
		end, reason := at.Add(wait), cti.EndAbandoned
		if rng.IntN(5) > 0 {
			ans := at.Add(wait + 2*time.Second)
			answered, end, reason = ts(ans), ans.Add(time.Duration(60+rng.IntN(300))*time.Second), cti.EndCompleted
			path = append(path, cti.PathStep{At: ans, Action: cti.StepAnswered, Device: "101"})
			if rng.IntN(10) == 0 {
				path = append(path, cti.PathStep{At: ans.Add(20 * time.Second), Action: cti.StepHeld, Device: "101"},
					cti.PathStep{At: ans.Add(50 * time.Second), Action: cti.StepRetrieved, Device: "101"})
			}
		}
		p, _ := json.Marshal(path)
		id := fmt.Sprintf("b%07d", i)
		calls = append(calls, []any{id, "incoming", fmt.Sprintf("+420601%06d", rng.IntN(50000)), "222333444", "1",
			g + ",101", "101", ts(at), answered, ts(end), reason, "", string(p)})
		if answered != nil && i%2 == 0 {
			wraps = append(wraps, []any{id, userID, "101", "info", ts(end), ts(end.Add(30 * time.Second)), ts(end.Add(30 * time.Second))})
		}
		if i%20 == 0 {
			gw = append(gw, []any{"g" + id, "+420777000000", id, "menu", "abandoned", ts(at), ts(at.Add(15 * time.Second))})
		}
		if i%40 == 0 {
			cbs = append(cbs, []any{fmt.Sprintf("+420602%07d", i), "x", "done", "", ts(at), ts(at), ts(at.Add(time.Hour)), 3600000, nil, "", 1})
		}
	}
	bulkInsert(b, db, "calls", `id, direction, caller, called, trunk, extensions, answered_by, started_at, answered_at,
ended_at, end_reason, consultation_of, path`, calls, false)
	bulkInsert(b, db, "call_wrapups", "call_id, user_id, extension, disposition, acw_started_at, acw_ended_at, at", wraps, false)
	bulkInsert(b, db, "gateway_calls", "call_id, caller, sip_call_id, node, outcome, entered_at, ended_at", gw, false)
	bulkInsert(b, db, "callback_tasks", `number, dial_number, state, resolution, first_call_at, last_call_at, reached_at,
time_to_callback_ms, closed_at, closed_by_call, version`, cbs, false)
}

// BenchmarkReportMonthly builds the monthly report of a month of
// LINKA_BENCH_CASES cases; BenchmarkReportQueue the 30-minute queue
// statistics of a month of LINKA_BENCH_CALLS calls.
func BenchmarkReport(b *testing.B) {
	for _, target := range benchTargets(b) {
		db := target.open(b)
		seedReportMonth(b, db, benchCount(b, "LINKA_BENCH_CASES", 100_000), benchCount(b, "LINKA_BENCH_CALLS", 200_000))
		svc, err := report.NewService(report.Options{Store: db, Users: db, Mailer: &mailRecorder{},
			Now: func() time.Time { return benchMonthTo.Add(5 * 24 * time.Hour) }, Queue: report.QueueOptions{Groups: []string{"600", "601", "602"}}})
		if err != nil {
			b.Fatal(err)
		}
		// The first report of the month stores the counts of its days (in
		// production each past day is counted once).
		start := time.Now()
		if _, err := svc.Monthly(b.Context(), benchMonthFrom, benchMonthTo); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: case counts of the month stored in %v", target.name, time.Since(start).Round(time.Millisecond))
		b.Run(target.name+"/monthly", func(b *testing.B) {
			var lat []time.Duration
			cpu := cpuTime()
			for b.Loop() {
				start := time.Now()
				m, err := svc.Monthly(b.Context(), benchMonthFrom, benchMonthTo)
				lat = append(lat, time.Since(start))
				if err != nil || m.Total.Received == 0 {
					b.Fatalf("Monthly = %+v, %v", m.Total, err)
				}
			}
			reportLatency(b, lat)
			reportCPU(b, cpu, len(lat))
			logLoad(b)
		})
		// The first statistics of the month build the stored facts of its
		// days (in production the scheduler's queue report and the pages
		// build each day once, after it has cooled down).
		start = time.Now()
		if _, err := svc.Queue(b.Context(), benchMonthFrom, benchMonthTo, report.QueueOptions{}); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: queue facts of the month built in %v", target.name, time.Since(start).Round(time.Millisecond))
		b.Run(target.name+"/queue", func(b *testing.B) {
			var lat []time.Duration
			cpu := cpuTime()
			for b.Loop() {
				start := time.Now()
				rows, err := svc.Queue(b.Context(), benchMonthFrom, benchMonthTo, report.QueueOptions{Interval: 30 * time.Minute})
				lat = append(lat, time.Since(start))
				if err != nil || len(rows) == 0 {
					b.Fatalf("Queue = %d rows, %v", len(rows), err)
				}
			}
			reportLatency(b, lat)
			reportCPU(b, cpu, len(lat))
			logLoad(b)
		})
	}
}
