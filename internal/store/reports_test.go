package store

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"linka/cases"
	"linka/cases/report"
	"linka/cti"
	"linka/internal/workdays"
)

// Every expected figure below was worked out by hand from the fixture
// tables in reports_fixture_test.go (the working is in the comments); none
// is computed by the code under test.

// mailRecorder is the Mailer of the report tests: it keeps what it was
// given (delivery through the outbox to a real SMTP sink is tested in
// cmd/linka).
type mailRecorder struct {
	mu   sync.Mutex
	mail []report.Mail
}

func (m *mailRecorder) QueueReportMail(ctx context.Context, x report.Mail) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.mail = append(m.mail, x)
	return nil
}

func (m *mailRecorder) take() []report.Mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.mail
	m.mail = nil
	return out
}

// reportEnv is a fixture database with a report service on a settable
// clock.
type reportEnv struct {
	db   *DB
	f    *repFixture
	svc  *report.Service
	mail *mailRecorder
	now  time.Time
}

func newReportEnv(t *testing.T, db *DB) *reportEnv {
	e := &reportEnv{db: db, f: loadReportFixture(t, db), mail: &mailRecorder{}, now: repNow}
	svc, err := report.NewService(report.Options{Store: db, Users: db, Mailer: e.mail, BaseURL: "https://linka.example.cz",
		Now: func() time.Time { return e.now }, Queue: report.QueueOptions{Groups: []string{"600", "601"}}})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	return e
}

// TestReports runs the report tests on SQLite and PostgreSQL.
func TestReports(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, e *reportEnv)
	}{
		{"Monthly", testReportMonthly},
		{"Queue", testReportQueue},
		{"Agents", testReportAgents},
		{"Tasks", testReportTasks},
		{"Wallboard", testReportWallboard},
		{"Alerts", testReportAlerts},
		{"Schedules", testReportSchedules},
		{"GatewayEvents", testReportGatewayEvents},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runCallbackTest(t, func(t *testing.T, db *DB) { tc.fn(t, newReportEnv(t, db)) })
		})
	}
}

func h(n int) time.Duration { return time.Duration(n) * time.Hour }
func s(n int) time.Duration { return time.Duration(n) * time.Second }

func testReportMonthly(t *testing.T, e *reportEnv) {
	// March 2026 in Prague: 1 March 00:00 CET to 1 April 00:00 CEST.
	from, to := report.Period(report.KindMonthly, e.now)
	if want := time.Date(2026, 2, 28, 23, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Fatalf("Period from = %v, want %v", from, want)
	}
	if want := time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC); !to.Equal(want) {
		t.Fatalf("Period to = %v, want %v", to, want)
	}
	m, err := e.svc.Monthly(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	// Received in March: cases 1–8, 10, 12–20 (9 came in February, 11 on
	// 1 April 0:30 Prague, 21 on 2 April). Accepted (new → assigned, in
	// progress, waiting): 1, 2, 5, 7, 8, 12, 14, 15, 18, 20. Closings:
	// rejected 3, 13; forwarded 4, 17; deferred 5; resolved 1, 2, 9, 13,
	// 15, 19. Handling hours: 1: 241, 2: 240, 3: 2, 4: 24, 5: 336, 9: 312,
	// 13: 3 and 51, 15: 48, 17: 24, 19: 6 — 1287 h over 11 closings. With
	// a due date: 1, 2, 3, 5, 9, 15, 17, 19; late: 2.
	want := report.Counts{Received: 18, Accepted: 10, Rejected: 2, Forwarded: 2, Deferred: 1, Resolved: 6,
		Closed: 11, Handling: h(1287), WithDue: 8, OnTime: 7}
	if m.Total != want {
		t.Errorf("Total = %+v, want %+v", m.Total, want)
	}
	if got := m.Total.AvgHandling(); got != h(117) {
		t.Errorf("AvgHandling = %v, want 117h", got)
	}
	if got := report.FormatHandling(m.Total.AvgHandling(), "cs"); got != "4,9 d" {
		t.Errorf("FormatHandling = %q, want 4,9 d", got)
	}
	if got := m.Total.OnTimeShare(); got != 87.5 {
		t.Errorf("OnTimeShare = %v, want 87.5", got)
	}
	wantCh := []report.Group{
		{Name: "EMAIL", Counts: report.Counts{Received: 5, Rejected: 2, Forwarded: 1, Resolved: 1, Closed: 4, Handling: h(80), WithDue: 1, OnTime: 1}},
		{Name: "POST", Counts: report.Counts{Received: 2, Accepted: 1, Forwarded: 1, Deferred: 1, Closed: 2, Handling: h(360), WithDue: 2, OnTime: 2}},
		{Name: "TEL", Counts: report.Counts{Received: 7, Accepted: 7, Resolved: 4, Closed: 4, Handling: h(841), WithDue: 4, OnTime: 3}},
		{Name: "WEB", Counts: report.Counts{Received: 4, Accepted: 2, Resolved: 1, Closed: 1, Handling: h(6), WithDue: 1, OnTime: 1}},
	}
	checkGroups(t, "ByChannel", m.ByChannel, wantCh)
	none := report.Counts{Received: 2, Rejected: 1, Resolved: 1, Closed: 2, Handling: h(54)}
	checkGroups(t, "ByDepartment", m.ByDepartment, []report.Group{
		{Name: "", Counts: none},
		{Name: "Doprava", Counts: report.Counts{Received: 10, Accepted: 7, Deferred: 1, Resolved: 4, Closed: 5, Handling: h(871), WithDue: 5, OnTime: 4}},
		{Name: "Investice", Counts: report.Counts{Received: 6, Accepted: 3, Rejected: 1, Forwarded: 2, Resolved: 1, Closed: 4, Handling: h(362), WithDue: 3, OnTime: 3}},
	})
	checkGroups(t, "ByCaseType", m.ByCaseType, []report.Group{
		{Name: "", Counts: none},
		{Name: "Podnět", Counts: report.Counts{Received: 8, Accepted: 6, Forwarded: 1, Deferred: 1, Resolved: 2, Closed: 4, Handling: h(912), WithDue: 3, OnTime: 2}},
		{Name: "Stížnost", Counts: report.Counts{Received: 8, Accepted: 4, Rejected: 1, Forwarded: 1, Resolved: 3, Closed: 5, Handling: h(321), WithDue: 5, OnTime: 5}},
	})
	// The same month counted from the cases (before any day was stored)
	// and again from the stored days.
	now := e.now
	e.now = pt(2, 20, 0, 0, 0)
	live, err := e.svc.Monthly(context.Background(), from, to)
	if err != nil || !reflect.DeepEqual(live, m) {
		t.Errorf("Monthly counted live =\n%+v\nwant\n%+v (%v)", live, m, err)
	}
	e.now = now
	// A state change added to a stored day is counted after all.
	exec(t, e.db, `INSERT INTO case_history (case_id, at, field, old_value, new_value, public) VALUES (?, ?, 'state', 'new', 'rejected', ?)`,
		e.f.cases[6], ts(pt(3, 10, 12, 0, 0)), true)
	m, err = e.svc.Monthly(context.Background(), from, to)
	if err != nil || m.Total.Rejected != 3 || m.Total.Closed != 12 {
		t.Errorf("after a new rejection: %+v, %v; want 3 rejected, 12 closed", m.Total, err)
	}
}

func checkGroups(t *testing.T, name string, got, want []report.Group) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s =\n%+v\nwant\n%+v", name, got, want)
	}
}

// testReportQueue checks the statistics of 2 April as computed from the
// calls on the day, from the stored facts a week later, and from rebuilt
// facts once a call is added to the day.
func testReportQueue(t *testing.T, e *reportEnv) {
	ctx := context.Background()
	day := pt(4, 2, 0, 0, 0)
	end := e.now
	rows, err := e.svc.Queue(ctx, day, end, report.QueueOptions{Interval: 30 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	checkQueueRows(t, rows)
	e.now = pt(4, 9, 8, 0, 0)
	for range 2 {
		rows, err = e.svc.Queue(ctx, day, end, report.QueueOptions{Interval: 30 * time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		checkQueueRows(t, rows)
	}
	if days, err := e.db.QueueFactDays(ctx, d(4, 2), d(4, 2)); err != nil || days[d(4, 2)].Calls != 39 {
		t.Errorf("fact days = %+v, %v; want 2 April built from 39 calls", days, err)
	}
	// A call added to the day (an SMDR import) is counted after all.
	insertRepCall(t, e.db, e.f, a(41, "601", pt(4, 2, 9, 45, 0), c7("000009"), 3, 30, 0, 0, false).record(), 0)
	rows, err = e.svc.Queue(ctx, day, end, report.QueueOptions{Interval: 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Offered != 40 || rows[2].Offered != 10 || rows[2].AnsweredInSL != 4 {
		t.Errorf("day rows after the new call = %+v", rows)
	}
}

func checkQueueRows(t *testing.T, rows []report.QueueRow) {
	t.Helper()
	at8 := pt(4, 2, 8, 0, 0).UTC()
	// Group 600, 8:00–8:30, calls 1–10: answered 1, 2, 6, 7, 9 (waits 10,
	// 30, 5, 15, 20 s; within 20 s all but 2); abandoned in the queue 3,
	// 10, while ringing 5, short 4, overflowed 8; talk+hold 690 s of which
	// hold 80; after-call work 210 s; longest wait 100 s (call 10); call 6
	// transferred and a repeat of call 1.
	want600 := report.QueueRow{Group: "600", Start: at8, Offered: 10, Answered: 5, AbandonedQueue: 2, AbandonedRinging: 1,
		ShortAbandons: 1, Overflowed: 1, AnsweredInSL: 4, WaitAnswered: s(80), Talk: s(610), Hold: s(80), ACW: s(210),
		LongestWait: s(100), Transferred: 1, RepeatCalls: 1}
	// Group 601, calls 11–15: answered 11, 12, 15 (8, 45, 0 s), ringing
	// 13, short 14; talk 350 s, after-call work 20 s; 15 repeats 11.
	want601 := report.QueueRow{Group: "601", Start: at8, Offered: 5, Answered: 3, AbandonedRinging: 1, ShortAbandons: 1,
		AnsweredInSL: 2, WaitAnswered: s(53), Talk: s(350), ACW: s(20), LongestWait: s(45), RepeatCalls: 1}
	// All: both groups, the gateway abandon at 8:04 (30 s) and the
	// callback first asked for at 8:05, reached after 20 minutes.
	wantAll := report.QueueRow{Group: "", Start: at8, Offered: 16, Answered: 8, AbandonedGateway: 1, AbandonedQueue: 2,
		AbandonedRinging: 2, ShortAbandons: 2, Overflowed: 1, AnsweredInSL: 6, WaitAnswered: s(133), Talk: s(960),
		Hold: s(80), ACW: s(230), LongestWait: s(100), Transferred: 1, RepeatCalls: 2, Callbacks: 1, CallbacksReached: 1,
		TimeToCallback: 20 * time.Minute}
	found := map[string]report.QueueRow{}
	for _, r := range rows {
		if r.Start.Equal(at8) {
			found[r.Group] = r
		}
	}
	for _, w := range []report.QueueRow{wantAll, want600, want601} {
		if got := found[w.Group]; !reflect.DeepEqual(got, w) {
			t.Errorf("row %q at 8:00 =\n%+v\nwant\n%+v", w.Group, got, w)
		}
	}
	if got := found[""].ServiceLevel(); got != 6.0/14*100 {
		t.Errorf("ServiceLevel at 8:00 = %v, want 42.857…", got)
	}
	if got := found["601"].ASA(); got != s(18) {
		t.Errorf("ASA of 601 = %v, want 18s (53/3 rounded)", got)
	}
	// The day (8:00–9:50): group 600 is calls 1–10, 16–23, 28–36; 601 is
	// 11–15, 24–27; the gateway adds 8:04 (30 s), 8:40 (2 s, short) and
	// 9:12 (20 s); callbacks 8:05 and 8:40 reached after 20 and 10
	// minutes, 9:06 not yet.
	sums := report.SumRows(rows)
	wantSums := []report.QueueRow{
		{Group: "", Start: at8, Offered: 39, Answered: 21, AbandonedGateway: 2, AbandonedQueue: 7, AbandonedRinging: 4,
			ShortAbandons: 4, Overflowed: 1, AnsweredInSL: 14, WaitAnswered: s(379), Talk: s(2280), Hold: s(110), ACW: s(315),
			LongestWait: s(100), Transferred: 2, RepeatCalls: 3, Callbacks: 3, CallbacksReached: 2, TimeToCallback: 30 * time.Minute},
		{Group: "600", Start: at8, Offered: 27, Answered: 16, AbandonedQueue: 6, AbandonedRinging: 3, ShortAbandons: 1,
			Overflowed: 1, AnsweredInSL: 11, WaitAnswered: s(294), Talk: s(1720), Hold: s(110), ACW: s(265),
			LongestWait: s(100), Transferred: 2, RepeatCalls: 2},
		{Group: "601", Start: at8, Offered: 9, Answered: 5, AbandonedQueue: 1, AbandonedRinging: 1, ShortAbandons: 2,
			AnsweredInSL: 3, WaitAnswered: s(85), Talk: s(560), ACW: s(50), LongestWait: s(45), RepeatCalls: 1},
	}
	if !reflect.DeepEqual(sums, wantSums) {
		t.Errorf("SumRows =\n%+v\nwant\n%+v", sums, wantSums)
	}
	all := sums[0]
	if all.ServiceLevel() != 40 || all.ASA() != s(18) || all.AHT() != s(129) || all.AvgTimeToCallback() != 15*time.Minute {
		t.Errorf("day SL %v ASA %v AHT %v TTC %v, want 40, 18s, 129s (2705/21), 15m", all.ServiceLevel(), all.ASA(),
			all.AHT(), all.AvgTimeToCallback())
	}
	// Four 30-minute intervals from 8:00 to 9:30: the total and both
	// groups at 8:00 and 8:30, the total and 600 alone at 9:00 and 9:30
	// (601's last call came at 8:52).
	if len(rows) != 10 {
		t.Errorf("rows = %d, want 10", len(rows))
	}
}

func testReportAgents(t *testing.T, e *reportEnv) {
	rows, err := e.svc.Agents(context.Background(), pt(4, 2, 8, 0, 0), e.now)
	if err != nil {
		t.Fatal(err)
	}
	m := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	// 101: ready 8:00–8:40, 8:55–9:30, 9:35–9:50 (90 min), break
	// 8:40–8:55, after-call work 9:30–9:35; the 16 answered calls of group
	// 600 and the direct call 38 (60 s).
	// 102: ready 8:00–9:00 and 9:20–9:50, meeting 9:00–9:20; the 5
	// answered calls of 601.
	want := []report.AgentRow{
		{Extension: "101", UserName: "Adam Jonáš", States: map[cti.AgentState]time.Duration{cti.AgentReady: m(90),
			cti.AgentNotReady: m(15), cti.AgentWorkingAfterCall: m(5)}, NotReady: map[string]time.Duration{"break": m(15)},
			Calls: 17, Talk: s(1780), Hold: s(110), ACW: s(265)},
		{Extension: "102", UserName: "Adam Kulhánek", States: map[cti.AgentState]time.Duration{cti.AgentReady: m(90),
			cti.AgentNotReady: m(20)}, NotReady: map[string]time.Duration{"meeting": m(20)},
			Calls: 5, Talk: s(560), ACW: s(50)},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("Agents =\n%+v\nwant\n%+v", rows, want)
	}
	if got := rows[0].Occupancy(); got != 2155.0/5700*100 {
		t.Errorf("Occupancy 101 = %v, want 2155/5700", got)
	}
	if got := rows[1].SignedIn(); got != m(110) {
		t.Errorf("SignedIn 102 = %v, want 110m", got)
	}
}

func numbers(tasks []report.Task) string {
	var n []string
	for _, t := range tasks {
		n = append(n, t.Number)
	}
	return strings.Join(n, " ")
}

func testReportTasks(t *testing.T, e *reportEnv) {
	ctx := context.Background()
	// Adam Jonáš handles 7 (due 24.3.), 12 (30.3.) and 8 (2.4.).
	got, err := e.svc.Tasks(ctx, report.Params{User: "jonas"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := numbers(got); n != "8607 8612 8608" {
		t.Errorf("tasks of jonas = %s, want 8607 8612 8608", n)
	}
	// Doprava's open cases by due date: 12, 20, 8, 16, 10, 21.
	got, err = e.svc.Tasks(ctx, report.Params{Department: "dop"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if n := numbers(got); n != "8612 8620 8608 8616 8610 8621" {
		t.Errorf("tasks of DOP = %s", n)
	}
	if got[3].Subject != "" || got[3].Priority != "high" {
		t.Errorf("restricted high-priority case 16 = %+v, want no subject", got[3])
	}
	d, err := e.svc.Document(ctx, report.KindOverdue, report.Params{}, "cs")
	if err != nil {
		t.Fatal(err)
	}
	// Overdue on 2 April: 7 (9 days), 12 (3), 20 (2).
	detail := d.Tables[1].Rows
	var lines []string
	for _, r := range detail {
		lines = append(lines, r.Cells[0]+"|"+r.Cells[2]+"|"+r.Cells[4])
	}
	if got := strings.Join(lines, " "); got != "8607: Podnět 7|Investice|9 8612: Podnět 12|Doprava|3 8620: Podnět 20|Doprava|2" {
		t.Errorf("overdue = %s", got)
	}
	if got := d.Tables[0].Rows; len(got) != 2 || got[0].Cells[1] != "1" || got[1].Cells[1] != "2" {
		t.Errorf("overdue by department = %+v, want Investice 1, Doprava 2", got)
	}
	if _, err := e.svc.Tasks(ctx, report.Params{Department: "XYZ"}, false); err == nil {
		t.Error("Tasks of an unknown department succeeded")
	}
}

func testReportWallboard(t *testing.T, e *reportEnv) {
	w, err := e.svc.Wallboard(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// Today: 21 answered group calls and the direct call 38; 15 group
	// calls unanswered; service level 14/35. Cases: 21 received today;
	// new: 6, 10, 11, 16, 21; due today: 8; overdue: 12, 20 (Doprava), 7
	// (Investice). Open callbacks: 9:06 and 20 March.
	want := report.Wallboard{At: e.now.UTC(), ServiceLevel: 40, SLSeconds: 20, AnsweredToday: 22, MissedToday: 15,
		CallbacksPending: 2, CasesNewToday: 1, Untriaged: 5, DueToday: 1,
		OverdueByDepartment: []report.NamedCount{{Name: "Doprava", Count: 2}, {Name: "Investice", Count: 1}}}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("Wallboard =\n%+v\nwant\n%+v", w, want)
	}
}

func testReportAlerts(t *testing.T, e *reportEnv) {
	ctx := context.Background()
	for _, r := range []report.AlertRule{
		{Name: "untriaged", Kind: report.AlertUntriaged, Threshold: 2, Notify: report.NotifyResponsible, Active: true},
		{Name: "deadline", Kind: report.AlertDeadline, Threshold: 3, Notify: report.NotifyResponsible, Active: true},
		{Name: "callback", Kind: report.AlertCallback, Threshold: 60, Notify: report.NotifySupervisors, Active: true},
		{Name: "sl", Kind: report.AlertServiceLevel, Threshold: 80, TargetSeconds: 20, Notify: "vedouci@example.cz", Active: true},
		{Name: "off", Kind: report.AlertCallback, Threshold: 1, Notify: report.NotifySupervisors, Active: false},
	} {
		if err := e.svc.SaveRule(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	n, err := e.svc.CheckAlerts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Untriaged 2 working days by Thursday 2 April: 6 (no department:
	// supervisors), 10 (31 March) and 16 (Doprava's mailbox). Due by 5
	// April: 8 (its official) and 14 (Investice has no mailbox:
	// supervisors). The callback of 20 March 14:00 CET, 13 days less the
	// hour of summer time and 4 h 10 min before 9:50 CEST. The hour from 9:00: 2 of 10
	// offered answered within 20 s.
	var got []string
	for _, m := range e.mail.take() {
		got = append(got, strings.Join(m.To, ",")+" "+m.Subject)
	}
	sort.Strings(got)
	want := []string{
		"doprava@example.cz Podnět 8610 čeká na zpracování déle než 2 pracovní dny",
		"doprava@example.cz Podnět 8616 čeká na zpracování déle než 2 pracovní dny",
		"jonas@example.cz Podnět 8608 má termín vyřízení 02.04.2026",
		"sefova@example.cz Podnět 8606 čeká na zpracování déle než 2 pracovní dny",
		"sefova@example.cz Podnět 8614 má termín vyřízení 03.04.2026",
		"sefova@example.cz Zpětné volání na +420601000099 čeká 306 h 50 min",
		"vedouci@example.cz Úroveň služeb 20 % je pod cílem 80 % (do 20 s)",
	}
	if n != 7 || !reflect.DeepEqual(got, want) {
		t.Errorf("CheckAlerts = %d\n%s\nwant\n%s", n, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	e.now = e.now.Add(5 * time.Minute)
	if n, err := e.svc.CheckAlerts(ctx); n != 0 || err != nil {
		t.Errorf("second CheckAlerts = %d, %v; want 0: once per occurrence", n, err)
	}
}

func testReportSchedules(t *testing.T, e *reportEnv) {
	ctx := context.Background()
	tasks := report.Schedule{Name: "ukoly-jonas", Kind: report.KindTasks, Cron: "0 6 * * *", Language: "cs", Active: true,
		Recipients: []string{"jonas@example.cz"}, Params: report.Params{User: "jonas"}}
	monthly := report.Schedule{Name: "mesicni", Kind: report.KindMonthly, Cron: "0 7 1 * *", Language: "en", Active: true,
		Recipients: []string{"sefova@example.cz", "starosta@example.cz"}}
	for _, sc := range []*report.Schedule{&tasks, &monthly} {
		if err := e.svc.SaveSchedule(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	if want := pt(4, 3, 6, 0, 0).UTC(); !tasks.NextRunAt.Equal(want) {
		t.Errorf("next run = %v, want %v", tasks.NextRunAt, want)
	}
	if n, _ := e.svc.RunDue(ctx); n != 0 {
		t.Errorf("RunDue before 6:00 sent %d", n)
	}
	e.now = pt(4, 3, 6, 0, 30)
	if n, err := e.svc.RunDue(ctx); n != 1 || err != nil {
		t.Fatalf("RunDue at 6:00 = %d, %v; want 1", n, err)
	}
	if n, _ := e.svc.RunDue(ctx); n != 0 {
		t.Errorf("RunDue again sent %d, want 0", n)
	}
	m := e.mail.take()[0]
	if m.Subject != "Linka: Úkoly k vyřízení" || len(m.Attachments) != 0 {
		t.Errorf("tasks mail %q with %d attachments", m.Subject, len(m.Attachments))
	}
	// On 3 April 8 (due 2 April) is overdue too: three red rows.
	if n := strings.Count(m.HTML, `style="color:#b00000`); n != 3 || !strings.Contains(m.HTML, "8607: Podnět 7") {
		t.Errorf("tasks HTML has %d red rows, want 3:\n%s", n, m.HTML)
	}
	if !strings.Contains(m.Text, "https://linka.example.cz/reports/tasks?user=jonas") {
		t.Errorf("tasks text has no link:\n%s", m.Text)
	}
	sc, err := e.db.ReportSchedule(ctx, "ukoly-jonas")
	if err != nil || !sc.NextRunAt.Equal(pt(4, 4, 6, 0, 0).UTC()) || !sc.LastRunAt.Equal(e.now.UTC()) {
		t.Errorf("after the run: %+v, %v", sc, err)
	}
	// "linka report send" sends whatever the schedule: the monthly report
	// of March, with its CSV.
	if err := e.svc.SendNamed(ctx, "mesicni"); err != nil {
		t.Fatal(err)
	}
	m = e.mail.take()[0]
	if len(m.Attachments) != 1 || !strings.HasPrefix(string(m.Attachments[0].Data), "\ufeffTotal\r\nGroup;Received;") {
		t.Fatalf("monthly attachments = %+v", m.Attachments)
	}
	if csv := string(m.Attachments[0].Data); !strings.Contains(csv, "Total;18;10;2;2;1;6;4.9 d;87.5\r\n") {
		t.Errorf("monthly CSV:\n%s", csv)
	}
	if _, err := e.db.ReportSchedule(ctx, "nope"); err == nil {
		t.Error("ReportSchedule of an unknown name succeeded")
	}
	bad := report.Schedule{Name: "x", Kind: report.KindTasks, Cron: "61 * * * *", Language: "cs", Recipients: []string{"a@b.cz"}}
	if err := e.svc.SaveSchedule(ctx, &bad); err == nil || !strings.Contains(err.Error(), "minute") {
		t.Errorf("SaveSchedule of a bad cron = %v", err)
	}
}

func testReportGatewayEvents(t *testing.T, e *reportEnv) {
	ctx := context.Background()
	at := pt(4, 2, 9, 45, 0)
	for _, ev := range []report.GatewayEvent{
		{CallID: "gw-9", Caller: "+420777", Node: "start", Outcome: "entered", At: at},
		{CallID: "gw-9", Caller: "+420777", Node: "menu", Outcome: "chose", At: at.Add(5 * time.Second)},
		{CallID: "gw-9", Caller: "+420777", Node: "menu", Outcome: "abandoned", At: at.Add(9 * time.Second)},
		{CallID: "gw-9", Caller: "+420777", Node: "late", Outcome: "chose", At: at.Add(10 * time.Second)},
	} {
		if err := e.db.PutGatewayEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.db.GatewayCalls(ctx, at, at.Add(time.Minute))
	want := []report.GatewayCall{{CallID: "gw-9", Caller: "+420777", Outcome: "abandoned", EnteredAt: at.UTC(), EndedAt: at.Add(9 * time.Second).UTC()}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("GatewayCalls = %+v, %v; want %+v", got, err, want)
	}
	_ = workdays.Prague
}

// TestReports_OnTimeAtMidnight checks "closed on time" at the midnight
// ending the due date, in winter and in summer time.
func TestReports_OnTimeAtMidnight(t *testing.T) {
	runCallbackTest(t, func(t *testing.T, db *DB) {
		f := &repFixture{deps: map[string]int64{}, users: map[string]int64{}}
		types := map[string]int64{}
		for _, c := range []repCase{
			{101, "TEL", "", "", pt(3, 2, 9, 0, 0), d(3, 20), []repStep{st(pt(3, 20, 23, 59, 0), sNew, sRes)}, "", ""},
			{102, "TEL", "", "", pt(3, 2, 9, 0, 0), d(3, 20), []repStep{st(pt(3, 21, 0, 1, 0), sNew, sRes)}, "", ""},
			{103, "TEL", "", "", pt(3, 2, 9, 0, 0), d(4, 2), []repStep{st(pt(4, 2, 23, 59, 0), sNew, sRes)}, "", ""},
			{104, "TEL", "", "", pt(3, 2, 9, 0, 0), d(4, 2), []repStep{st(pt(4, 3, 0, 1, 0), sNew, sRes)}, "", ""},
			{105, "TEL", "", "", pt(3, 2, 9, 0, 0), d(2, 27), []repStep{st(pt(3, 3, 0, 1, 0), sNew, sRes)}, "", ""},
			{106, "TEL", "", "", pt(3, 2, 9, 0, 0), d(5, 20), []repStep{st(pt(4, 9, 0, 1, 0), sNew, sRes)}, "", ""},
		} {
			insertRepCase(t, db, f, types, c)
		}
		got, err := db.ChangeCounts(context.Background(), pt(3, 1, 0, 0, 0), pt(4, 10, 0, 0, 0))
		if err != nil || len(got) != 1 {
			t.Fatalf("ChangeCounts = %+v, %v", got, err)
		}
		// On time: 101 (winter, a minute before midnight), 103 (summer),
		// 106 (due after the period). Late: 102, 104, 105.
		if got[0].N != 6 || got[0].WithDue != 6 || got[0].OnTime != 3 {
			t.Errorf("ChangeCounts = %+v, want 6 with due, 3 on time", got[0])
		}
	})
}

// TestReports_FOI counts the § 18 record of information requests received
// in 2026: three requests (one refused in part with an appeal, one with a
// § 16a complaint, one received in 2025 left out) and a complaint case of
// another regime.
func TestReports_FOI(t *testing.T) {
	runCallbackTest(t, func(t *testing.T, db *DB) {
		f := &repFixture{deps: map[string]int64{}, users: map[string]int64{}}
		types := map[string]int64{}
		ctx := context.Background()
		for _, x := range []struct{ code, regime string }{{"INF", "info_request"}, {"S", ""}} {
			ct := &cases.CaseType{Code: x.code, Name: x.code, DeadlineDays: 15, Active: true}
			if err := db.CreateCaseType(ctx, ct); err != nil {
				t.Fatal(err)
			}
			types[x.code] = ct.ID
			exec(t, db, `UPDATE case_types SET regime = ? WHERE id = ?`, x.regime, ct.ID)
		}
		set := func(n int, q string, args ...any) {
			exec(t, db, `UPDATE cases SET `+q+` WHERE number = ?`, append(args, fmt.Sprint(8600+n))...)
		}
		for _, c := range []repCase{
			{201, "EMAIL", "", "INF", pt(2, 2, 9, 0, 0), d(2, 17), nil, "", ""},
			{202, "EMAIL", "", "INF", pt(3, 2, 9, 0, 0), d(3, 17), nil, "", ""},
			{203, "POST", "", "INF", pt(4, 2, 9, 0, 0), d(4, 17), nil, "", ""},
			{204, "POST", "", "INF", time.Date(2025, 12, 30, 9, 0, 0, 0, time.UTC), d(1, 14), nil, "", ""},
			{205, "POST", "", "S", pt(4, 2, 9, 0, 0), d(4, 17), nil, "", ""},
		} {
			insertRepCase(t, db, f, types, c)
		}
		set(201, `refusal = 'partial', appeal_filed = ?`, true)
		set(202, `complaint_16a = ?, complaint_16a_reason = 'nečinnost'`, true)
		set(203, `complaint_16a = ?, complaint_16a_reason = 'nečinnost', exclusive_licence = ?`, true, true)
		set(204, `refusal = 'whole', court_review = ?`, true)
		set(205, `refusal = 'whole'`)
		got, err := db.FOIStats(ctx, pt(1, 1, 0, 0, 0), time.Date(2027, 1, 1, 0, 0, 0, 0, workdays.Prague()))
		want := report.FOI{Requests: 3, Refusals: 1, Appeals: 1, ExclusiveLicences: 1, Complaints: 2,
			Reasons: []report.NamedCount{{Name: "nečinnost", Count: 2}}, Available: true}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("FOIStats = %+v, %v; want %+v", got, err, want)
		}
	})
}
