package store

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"linka/cases"
)

// The register benchmarks run on SQLite, and on PostgreSQL when
// LINKA_TEST_DATABASE_URL is set (scripts/pg-test.sh sets it). Each
// top-level benchmark seeds its databases once with LINKA_BENCH_CASES cases
// (default 100,000). See docs/performance.md for the figures and how to
// reproduce them:
//
//	scripts/pg-test.sh -- go test ./internal/store -run '^$' -bench . -benchtime 1000x

// benchTarget is a database the benchmarks run on.
type benchTarget struct {
	name string
	open func(b *testing.B) *DB // a fresh, migrated, empty store
}

func benchTargets(b *testing.B) []benchTarget {
	targets := []benchTarget{{SQLite, func(b *testing.B) *DB { return openSQLiteTest(b) }}}
	if os.Getenv("LINKA_TEST_DATABASE_URL") != "" {
		pg := postgresTest(b)
		targets = append(targets, benchTarget{Postgres, func(b *testing.B) *DB { return pg.open(b) }})
	}
	return targets
}

// seedSize returns the number of cases to seed.
func seedSize(b *testing.B) int {
	n := 100_000
	if s := os.Getenv("LINKA_BENCH_CASES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < 100 {
			b.Fatalf("LINKA_BENCH_CASES=%q: want a number of at least 100", s)
		}
		n = v
	}
	return n
}

// seed fills db and reports how long it took.
func seed(b *testing.B, db *DB) *seeded {
	n := seedSize(b)
	start := time.Now()
	s := seedRegister(b, db, seedOptions{Cases: n, Contacts: n * 2 / 5})
	// What autovacuum (PostgreSQL) and PRAGMA optimize (SQLite, run by
	// Open and Close) do on a live database: planner statistics, and on
	// PostgreSQL the visibility map that index-only scans rely on.
	for _, q := range []string{"VACUUM", "ANALYZE"} {
		if _, err := db.w.ExecContext(b.Context(), q); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	b.Logf("%s: seeded %d cases in %v", db.Dialect(), n, time.Since(start).Round(time.Millisecond))
	return s
}

var searchSurnames = []string{"novak", "svoboda", "dvorak", "cerny", "prochazka", "kucer",
	"vesel", "horak", "pokorn", "nadrazni", "husova", "zizkova", "masarykova", "jirask"}

// benchQueries are the register queries measured; the first two are the
// targets (p99 ≤ 20 ms), the others show what else costs.
func benchQueries(s *seeded) []struct {
	name   string
	filter func(i int) cases.CaseFilter
} {
	open := []cases.State{cases.StateNew, cases.StateAssigned, cases.StateInProgress, cases.StateWaiting}
	closed := []cases.State{cases.StateResolved, cases.StateRejected, cases.StateForwarded, cases.StateDeferred}
	boss := cases.Scope{All: true, HiddenFor: s.boss.ID}
	page := func(f cases.CaseFilter) cases.CaseFilter {
		f.Sort, f.Limit, f.Today = "-received_at", 50, s.today
		if f.Scope.UserID == 0 {
			f.Scope = boss
		}
		return f
	}
	dep := func(i int) int64 { return s.deps[i%len(s.deps)].ID }
	term := func(i int) []string { return []string{searchSurnames[i%len(searchSurnames)]} }
	return []struct {
		name   string
		filter func(i int) cases.CaseFilter
	}{
		{"state_department", func(i int) cases.CaseFilter {
			return page(cases.CaseFilter{States: open, DepartmentID: dep(i)})
		}},
		{"fulltext_overdue", func(i int) cases.CaseFilter {
			return page(cases.CaseFilter{Terms: term(i), Overdue: true})
		}},
		{"state_department_closed", func(i int) cases.CaseFilter {
			return page(cases.CaseFilter{States: closed, DepartmentID: dep(i)})
		}},
		{"fulltext", func(i int) cases.CaseFilter {
			return page(cases.CaseFilter{Terms: term(i)})
		}},
		{"official_register", func(i int) cases.CaseFilter {
			u := s.officers[i%len(s.officers)]
			return page(cases.CaseFilter{Scope: cases.Scope{DepartmentIDs: []int64{u.DepartmentID}, UserID: u.ID, HiddenFor: u.ID}})
		}},
	}
}

// BenchmarkListCases measures one page of 50 register rows with its total,
// reporting the median and 99th percentile latency and the mean total.
func BenchmarkListCases(b *testing.B) {
	for _, target := range benchTargets(b) {
		db := target.open(b)
		s := seed(b, db)
		for _, q := range benchQueries(s) {
			b.Run(target.name+"/"+q.name, func(b *testing.B) {
				var lat []time.Duration
				total := 0
				cpu := cpuTime()
				for i := 0; b.Loop(); i++ {
					start := time.Now()
					page, err := db.ListCases(b.Context(), q.filter(i))
					lat = append(lat, time.Since(start))
					if err != nil {
						b.Fatal(err)
					}
					total += page.Total
				}
				reportLatency(b, lat)
				b.ReportMetric(float64(total)/float64(len(lat)), "total/op")
				reportCPU(b, cpu, len(lat))
				logLoad(b)
			})
		}
	}
}

// reportLatency reports the median and 99th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		i := min(len(lat)-1, int(float64(len(lat))*p))
		return float64(lat[i].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// cpuTime returns the CPU time this process has used, or -1 where
// /proc/self/stat is missing.
func cpuTime() time.Duration {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return -1
	}
	_, rest, _ := strings.Cut(string(stat), ") ")
	f := strings.Fields(rest) // f[11], f[12]: utime and stime in clock ticks of 1/100 s
	if len(f) < 13 {
		return -1
	}
	user, err1 := strconv.ParseInt(f[11], 10, 64)
	sys, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return time.Duration(user+sys) * 10 * time.Millisecond
}

// reportCPU reports the CPU time of this process per operation since
// start: the whole cost of a query on SQLite, which runs in the process,
// and the client's share on PostgreSQL. Unlike latency it hardly depends
// on what else runs on the machine.
func reportCPU(b *testing.B, start time.Duration, ops int) {
	if end := cpuTime(); start >= 0 && end >= 0 && ops > 0 {
		b.ReportMetric(float64((end-start).Microseconds())/1000/float64(ops), "cpu-ms/op")
	}
}

// logLoad logs the load average, so that a run on a shared machine can be
// judged: latency percentiles mean little when other work competes for
// the cores.
func logLoad(b *testing.B) {
	if avg, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("load average %s", strings.Join(strings.Fields(string(avg))[:3], " "))
	}
}

// BenchmarkCreateCase measures registering a case with three history rows
// in a seeded register, one at a time.
func BenchmarkCreateCase(b *testing.B) {
	for _, target := range benchTargets(b) {
		db := target.open(b)
		s := seed(b, db)
		b.Run(target.name, func(b *testing.B) {
			var lat []time.Duration
			start := time.Now()
			for i := 0; b.Loop(); i++ {
				c := &cases.Case{Source: cases.SourcePhone, ReceivedAt: seedNow, CreatedAt: seedNow, UpdatedAt: seedNow,
					Subject: "Nesvítí lampa v ulici Husova", Description: "Lampa u domu č. 12 nesvítí třetí den.",
					State: cases.StateNew, Priority: cases.PriorityNormal, Language: "cs",
					DepartmentID: s.deps[i%len(s.deps)].ID, SubmitterID: s.contacts[i%len(s.contacts)]}
				hist := []cases.HistoryEntry{{At: seedNow, Field: "state", New: "new", Public: true},
					{At: seedNow, UserID: s.boss.ID, Field: "department", New: "x"},
					{At: seedNow, UserID: s.boss.ID, Field: "priority", New: "normal"}}
				t0 := time.Now()
				err := db.CreateCase(b.Context(), cases.NewCase{Case: c, Number: cases.NumberScope{Key: "2026", Prefix: "2026-", Start: 1}, History: hist})
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(lat))/time.Since(start).Seconds(), "cases/s")
			reportLatency(b, lat)
			logLoad(b)
		})
	}
}
