package store

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"linka/cases"
	"linka/cti"
	"linka/internal/workdays"
)

// The reports fixture: 21 cases (March 2026 and around it) and 40 calls
// (2 April 2026, 8:00–9:50 Prague) with the agent states, wrap-ups,
// callbacks and voice gateway calls around them. The expected figures in
// reports_test.go were worked out by hand from the tables below.

// repNow is the frozen clock: Thursday 2 April 2026, 9:50 in Prague.
var repNow = pt(4, 2, 9, 50, 0)

// pt returns a time of 2026 in Prague.
func pt(month time.Month, day, h, m, s int) time.Time {
	return time.Date(2026, month, day, h, m, s, 0, workdays.Prague())
}

// repStep is a state change of a fixture case.
type repStep struct {
	at       time.Time
	from, to cases.State
}

// repCase is a fixture case.
type repCase struct {
	n        int
	source   cases.Source
	dep, typ string // department and case type codes, "" for none
	received time.Time
	due      workdays.Date // zero for none
	steps    []repStep
	prio     cases.Priority
	handler  string // login of the handling official
}

func d(month time.Month, day int) workdays.Date { return workdays.NewDate(2026, month, day) }

func st(at time.Time, from, to cases.State) repStep { return repStep{at, from, to} }

const (
	sNew, sAsg, sPrg, sWait = cases.StateNew, cases.StateAssigned, cases.StateInProgress, cases.StateWaiting
	sRes, sRej, sFwd, sDef  = cases.StateResolved, cases.StateRejected, cases.StateForwarded, cases.StateDeferred
)

var repCases = []repCase{
	{1, "TEL", "DOP", "S", pt(3, 2, 9, 0, 0), d(3, 16), []repStep{st(pt(3, 2, 10, 0, 0), sNew, sAsg), st(pt(3, 12, 10, 0, 0), sAsg, sRes)}, "", ""},
	{2, "TEL", "DOP", "P", pt(3, 3, 9, 0, 0), d(3, 10), []repStep{st(pt(3, 3, 12, 0, 0), sNew, sAsg), st(pt(3, 13, 9, 0, 0), sAsg, sRes)}, "", ""},
	{3, "EMAIL", "INV", "S", pt(3, 4, 8, 0, 0), d(3, 18), []repStep{st(pt(3, 4, 10, 0, 0), sNew, sRej)}, "", ""},
	{4, "EMAIL", "INV", "P", pt(3, 5, 8, 0, 0), workdays.Date{}, []repStep{st(pt(3, 6, 8, 0, 0), sNew, sFwd)}, "", ""},
	{5, "POST", "DOP", "P", pt(3, 6, 8, 0, 0), d(3, 20), []repStep{st(pt(3, 6, 9, 0, 0), sNew, sPrg), st(pt(3, 20, 8, 0, 0), sPrg, sDef)}, "", ""},
	{6, "WEB", "", "", pt(3, 9, 10, 0, 0), workdays.Date{}, nil, "", ""},
	{7, "WEB", "INV", "S", pt(3, 10, 10, 0, 0), d(3, 24), []repStep{st(pt(3, 10, 11, 0, 0), sNew, sAsg)}, "", "jonas"},
	{8, "TEL", "DOP", "S", pt(3, 11, 10, 0, 0), d(4, 2), []repStep{st(pt(3, 11, 11, 0, 0), sNew, sPrg)}, "", "jonas"},
	{9, "TEL", "INV", "P", pt(2, 20, 10, 0, 0), d(3, 6), []repStep{st(pt(2, 20, 11, 0, 0), sNew, sAsg), st(pt(3, 5, 10, 0, 0), sAsg, sRes)}, "", ""},
	{10, "EMAIL", "DOP", "S", pt(3, 31, 23, 30, 0), d(4, 14), nil, "", ""},
	{11, "POST", "INV", "S", pt(4, 1, 0, 30, 0), d(4, 15), nil, "", ""},
	{12, "TEL", "DOP", "P", pt(3, 16, 9, 0, 0), d(3, 30), []repStep{st(pt(3, 16, 10, 0, 0), sNew, sAsg)}, "", "jonas"},
	{13, "EMAIL", "", "", pt(3, 17, 9, 0, 0), workdays.Date{}, []repStep{st(pt(3, 17, 12, 0, 0), sNew, sRej),
		st(pt(3, 18, 9, 0, 0), sRej, sPrg), st(pt(3, 19, 12, 0, 0), sPrg, sRes)}, "", ""},
	{14, "WEB", "INV", "P", pt(3, 20, 9, 0, 0), d(4, 3), []repStep{st(pt(3, 20, 10, 0, 0), sNew, sAsg), st(pt(3, 21, 9, 0, 0), sAsg, sWait)}, "", ""},
	{15, "TEL", "DOP", "S", pt(3, 23, 9, 0, 0), d(4, 6), []repStep{st(pt(3, 23, 10, 0, 0), sNew, sPrg), st(pt(3, 25, 9, 0, 0), sPrg, sRes)}, "", ""},
	{16, "EMAIL", "DOP", "P", pt(3, 24, 9, 0, 0), d(4, 7), nil, cases.PriorityHigh, ""},
	{17, "POST", "INV", "S", pt(3, 25, 9, 0, 0), d(4, 8), []repStep{st(pt(3, 26, 9, 0, 0), sNew, sFwd)}, "", ""},
	{18, "TEL", "INV", "P", pt(3, 26, 9, 0, 0), d(4, 9), []repStep{st(pt(3, 26, 10, 0, 0), sNew, sAsg)}, "", "kulhanek"},
	{19, "WEB", "DOP", "S", pt(3, 27, 9, 0, 0), d(4, 10), []repStep{st(pt(3, 27, 15, 0, 0), sNew, sRes)}, "", ""},
	{20, "TEL", "DOP", "P", pt(3, 30, 9, 0, 0), d(3, 31), []repStep{st(pt(3, 30, 10, 0, 0), sNew, sAsg)}, "", "kulhanek"},
	{21, "TEL", "DOP", "S", pt(4, 2, 6, 30, 0), d(4, 16), nil, "", ""},
}

// repCall is a fixture call that entered ICD group grp at start: answered
// after wait seconds (kind 'A', talk+hold t seconds, hold h, after-call
// work acw, xfer: transferred), abandoned in the queue ('Q'), while
// ringing ('R'), short ('S'), or overflowed outside ('M').
type repCall struct {
	n          int
	grp        string
	start      time.Time
	kind       byte
	wait, t, h int
	acw        int
	xfer       bool
	caller     string
}

func a(n int, grp string, at time.Time, caller string, wait, t, h, acw int, xfer bool) repCall {
	return repCall{n, grp, at, 'A', wait, t, h, acw, xfer, caller}
}

func un(n int, grp string, at time.Time, caller string, kind byte, wait int) repCall {
	return repCall{n: n, grp: grp, start: at, kind: kind, wait: wait, caller: caller}
}

func c6(s string) string { return "+420601" + s }
func c7(s string) string { return "+420602" + s }

var repCalls = []repCall{
	a(1, "600", pt(4, 2, 8, 1, 0), c6("000001"), 10, 120, 0, 30, false),
	a(2, "600", pt(4, 2, 8, 3, 0), c6("000002"), 30, 180, 20, 60, false),
	un(3, "600", pt(4, 2, 8, 5, 0), c6("000003"), 'Q', 40),
	un(4, "600", pt(4, 2, 8, 7, 0), c6("000004"), 'S', 3),
	un(5, "600", pt(4, 2, 8, 10, 0), c6("000005"), 'R', 25),
	a(6, "600", pt(4, 2, 8, 12, 0), c6("000001"), 5, 60, 0, 0, true),
	a(7, "600", pt(4, 2, 8, 15, 0), c6("000006"), 15, 240, 60, 120, false),
	un(8, "600", pt(4, 2, 8, 20, 0), c6("000007"), 'M', 60),
	a(9, "600", pt(4, 2, 8, 25, 0), c6("000008"), 20, 90, 0, 0, false),
	un(10, "600", pt(4, 2, 8, 28, 0), "", 'Q', 100),
	a(11, "601", pt(4, 2, 8, 2, 0), c7("000001"), 8, 100, 0, 20, false),
	a(12, "601", pt(4, 2, 8, 6, 0), c7("000002"), 45, 200, 0, 0, false),
	un(13, "601", pt(4, 2, 8, 14, 0), c7("000003"), 'R', 12),
	un(14, "601", pt(4, 2, 8, 22, 0), c7("000004"), 'S', 2),
	a(15, "601", pt(4, 2, 8, 29, 0), c7("000001"), 0, 50, 0, 0, false),
	a(16, "600", pt(4, 2, 8, 31, 0), c6("000009"), 12, 150, 0, 45, false),
	a(17, "600", pt(4, 2, 8, 35, 0), c6("000010"), 25, 300, 30, 0, false),
	un(18, "600", pt(4, 2, 8, 40, 0), c6("000011"), 'Q', 70),
	a(19, "600", pt(4, 2, 8, 45, 0), c6("000002"), 18, 60, 0, 0, true),
	a(20, "600", pt(4, 2, 8, 50, 0), c6("000012"), 6, 80, 0, 0, false),
	un(21, "600", pt(4, 2, 8, 55, 0), c6("000013"), 'R', 33),
	a(22, "600", pt(4, 2, 8, 57, 0), c6("000014"), 3, 40, 0, 10, false),
	a(23, "600", pt(4, 2, 8, 59, 50), c6("000015"), 20, 30, 0, 0, false),
	a(24, "601", pt(4, 2, 8, 33, 0), c7("000005"), 10, 120, 0, 0, false),
	un(25, "601", pt(4, 2, 8, 38, 0), c7("000006"), 'Q', 15),
	a(26, "601", pt(4, 2, 8, 44, 0), c7("000007"), 22, 90, 0, 30, false),
	un(27, "601", pt(4, 2, 8, 52, 0), c7("000008"), 'S', 4),
	a(28, "600", pt(4, 2, 9, 2, 0), c6("000016"), 5, 100, 0, 0, false),
	un(29, "600", pt(4, 2, 9, 6, 0), c6("000017"), 'Q', 50),
	un(30, "600", pt(4, 2, 9, 10, 0), c6("000018"), 'Q', 60),
	un(31, "600", pt(4, 2, 9, 15, 0), c6("000019"), 'R', 30),
	a(32, "600", pt(4, 2, 9, 20, 0), c6("000020"), 40, 200, 0, 0, false),
	a(33, "600", pt(4, 2, 9, 25, 0), c6("000021"), 25, 100, 0, 0, false),
	un(34, "600", pt(4, 2, 9, 31, 0), c6("000022"), 'Q', 45),
	a(35, "600", pt(4, 2, 9, 35, 0), c6("000023"), 50, 60, 0, 0, false),
	a(36, "600", pt(4, 2, 9, 40, 0), c6("000024"), 10, 20, 0, 0, false),
}

// groupAgent is the extension that answers a group's calls.
var groupAgent = map[string]string{"600": "101", "601": "102"}

// path builds the PBX path of a fixture call.
func (c repCall) record() cti.CallRecord {
	ext := groupAgent[c.grp]
	w := time.Duration(c.wait) * time.Second
	r := cti.CallRecord{ID: fmt.Sprintf("call-%02d", c.n), Direction: cti.DirectionIncoming, Caller: c.caller,
		Called: "222333444", Trunk: "1", Extensions: []string{c.grp}, StartedAt: c.start}
	r.Path = []cti.PathStep{{At: c.start, Action: cti.StepQueued, Device: c.grp}}
	ring := c.start.Add(max(w-2*time.Second, 0))
	switch c.kind {
	case 'A':
		r.Extensions = append(r.Extensions, ext)
		r.AnsweredBy, r.AnsweredAt = ext, c.start.Add(w)
		r.EndedAt, r.EndReason = r.AnsweredAt.Add(time.Duration(c.t)*time.Second), cti.EndCompleted
		r.Path = append(r.Path, cti.PathStep{At: ring, Action: cti.StepRang, Device: ext},
			cti.PathStep{At: r.AnsweredAt, Action: cti.StepAnswered, Device: ext})
		if c.h > 0 {
			held := r.AnsweredAt.Add(10 * time.Second)
			r.Path = append(r.Path, cti.PathStep{At: held, Action: cti.StepHeld, Device: ext},
				cti.PathStep{At: held.Add(time.Duration(c.h) * time.Second), Action: cti.StepRetrieved, Device: ext})
		}
		if c.xfer {
			r.Path = append(r.Path, cti.PathStep{At: r.EndedAt.Add(-5 * time.Second), Action: cti.StepTransferred, Device: ext, To: "150"})
		}
	case 'R':
		r.Extensions = append(r.Extensions, ext)
		r.Path = append(r.Path, cti.PathStep{At: ring, Action: cti.StepRang, Device: ext})
		r.EndedAt, r.EndReason = c.start.Add(w), cti.EndAbandoned
	case 'M':
		r.EndedAt, r.EndReason = c.start.Add(w), cti.EndForwarded
		r.Path = append(r.Path, cti.PathStep{At: r.EndedAt, Action: cti.StepDiverted, Device: c.grp, To: "0800123456"})
	default: // Q, S
		r.EndedAt, r.EndReason = c.start.Add(w), cti.EndAbandoned
	}
	return r
}

// repFixture holds the ids the fixture created.
type repFixture struct {
	users map[string]int64 // by login
	deps  map[string]int64 // by code
	cases map[int]int64    // by fixture number
}

func exec(t *testing.T, db *DB, q string, args ...any) {
	t.Helper()
	if _, err := db.writer().exec(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// loadReportFixture fills db with the fixture.
func loadReportFixture(t *testing.T, db *DB) *repFixture {
	t.Helper()
	ctx := context.Background()
	f := &repFixture{users: map[string]int64{}, deps: map[string]int64{}, cases: map[int]int64{}}
	for _, x := range []struct{ code, name, email string }{{"DOP", "Doprava", "doprava@example.cz"}, {"INV", "Investice", ""}} {
		dep := &cases.Department{Code: x.code, Name: x.name, Email: x.email, Active: true}
		if err := db.CreateDepartment(ctx, dep); err != nil {
			t.Fatal(err)
		}
		f.deps[x.code] = dep.ID
	}
	types := map[string]int64{}
	for _, x := range []struct{ code, name string }{{"S", "Stížnost"}, {"P", "Podnět"}} {
		ct := &cases.CaseType{Code: x.code, Name: x.name, DeadlineDays: 30, Active: true}
		if err := db.CreateCaseType(ctx, ct); err != nil {
			t.Fatal(err)
		}
		types[x.code] = ct.ID
	}
	for _, x := range []struct {
		login, name, ext string
		role             cases.Role
	}{{"jonas", "Adam Jonáš", "101", cases.RoleOfficial}, {"kulhanek", "Adam Kulhánek", "102", cases.RoleOfficial},
		{"sefova", "Jana Šéfová", "", cases.RoleSupervisor}} {
		u := &cases.User{Login: x.login, Name: x.name, Email: x.login + "@example.cz", Extension: x.ext,
			Roles: []cases.Role{x.role}, Active: true, PasswordHash: "x", CreatedAt: repNow}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		f.users[x.login] = u.ID
	}
	for _, c := range repCases {
		f.cases[c.n] = insertRepCase(t, db, f, types, c)
	}
	for _, c := range repCalls {
		insertRepCall(t, db, f, c.record(), c.acw)
	}
	insertOtherCalls(t, db, f)
	insertAgentLog(t, db, f)
	insertCallbacks(t, db)
	for _, g := range []struct {
		id, outcome string
		in, out     time.Time
	}{{"gw-1", "abandoned", pt(4, 2, 8, 4, 0), pt(4, 2, 8, 4, 30)}, {"gw-2", "abandoned", pt(4, 2, 8, 40, 0), pt(4, 2, 8, 40, 2)},
		{"gw-3", "transferred", pt(4, 2, 9, 5, 0), pt(4, 2, 9, 5, 40)}, {"gw-4", "abandoned", pt(4, 2, 9, 12, 0), pt(4, 2, 9, 12, 20)}} {
		exec(t, db, `INSERT INTO gateway_calls (call_id, caller, sip_call_id, node, outcome, entered_at, ended_at)
VALUES (?, '+420777000000', ?, 'menu', ?, ?, ?)`, g.id, g.id+"@gw", g.outcome, ts(g.in), ts(g.out))
	}
	return f
}

func insertRepCase(t *testing.T, db *DB, f *repFixture, types map[string]int64, c repCase) int64 {
	t.Helper()
	state := cases.StateNew
	if len(c.steps) > 0 {
		state = c.steps[len(c.steps)-1].to
	}
	prio := c.prio
	if prio == "" {
		prio = cases.PriorityNormal
	}
	var dep, typ, handler any
	if c.dep != "" {
		dep = f.deps[c.dep]
	}
	if c.typ != "" {
		typ = types[c.typ]
	}
	if c.handler != "" {
		handler = f.users[c.handler]
	}
	id, err := db.writer().insert(context.Background(), `INSERT INTO cases (number, number_scope, number_seq, source,
received_at, created_at, updated_at, due_date, subject, description, department_id, case_type_id, state, outcome,
priority, assigned_to, handled_by, response_sent, response, keep_informed, language, restricted, version, search)
VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, '', ?, ?, ?, ?, '', ?, 'cs', ?, 1, '')`,
		fmt.Sprint(8600+c.n), 8600+c.n, string(c.source), ts(c.received), ts(c.received), ts(c.received), date(c.due),
		fmt.Sprintf("Podnět %d", c.n), dep, typ, string(state), string(prio), handler, handler, false, false, c.n == 16)
	if err != nil {
		t.Fatalf("insert case %d: %v", c.n, err)
	}
	hist := []cases.HistoryEntry{{At: c.received, Field: "state", New: string(cases.StateNew), Public: true}}
	for _, s := range c.steps {
		hist = append(hist, cases.HistoryEntry{At: s.at, Field: "state", Old: string(s.from), New: string(s.to), Public: true})
	}
	hist = append(hist, cases.HistoryEntry{At: c.received.Add(time.Minute), Field: "subject", New: "x"})
	if _, err := insertHistory(context.Background(), db.writer(), id, hist); err != nil {
		t.Fatal(err)
	}
	return id
}

func insertRepCall(t *testing.T, db *DB, f *repFixture, r cti.CallRecord, acw int) {
	t.Helper()
	ctx := context.Background()
	if err := db.SaveCall(ctx, r); err != nil {
		t.Fatalf("save call %s: %v", r.ID, err)
	}
	if acw == 0 {
		return
	}
	login := map[string]string{"101": "jonas", "102": "kulhanek"}[r.AnsweredBy]
	exec(t, db, `INSERT INTO call_wrapups (call_id, user_id, extension, disposition, acw_started_at, acw_ended_at, at)
VALUES (?, ?, ?, 'info', ?, ?, ?)`, r.ID, f.users[login], r.AnsweredBy, ts(r.EndedAt),
		ts(r.EndedAt.Add(time.Duration(acw)*time.Second)), ts(r.EndedAt.Add(time.Duration(acw)*time.Second)))
}

// insertOtherCalls adds the four calls the queue statistics leave out or
// count elsewhere: an internal call, a direct call to extension 101, an
// outgoing call and yesterday's call to group 600.
func insertOtherCalls(t *testing.T, db *DB, f *repFixture) {
	t.Helper()
	at := pt(4, 2, 8, 10, 0)
	for _, r := range []cti.CallRecord{
		{ID: "call-37", Direction: cti.DirectionInternal, Caller: "101", Called: "102", Extensions: []string{"101", "102"},
			AnsweredBy: "102", StartedAt: at, AnsweredAt: at.Add(5 * time.Second), EndedAt: at.Add(65 * time.Second), EndReason: cti.EndCompleted},
		{ID: "call-38", Direction: cti.DirectionIncoming, Caller: "+420603000001", Called: "222333101", Extensions: []string{"101"},
			AnsweredBy: "101", StartedAt: pt(4, 2, 8, 40, 0), AnsweredAt: pt(4, 2, 8, 40, 6), EndedAt: pt(4, 2, 8, 41, 6),
			EndReason: cti.EndCompleted, Path: []cti.PathStep{{At: pt(4, 2, 8, 40, 0), Action: cti.StepRang, Device: "101"},
				{At: pt(4, 2, 8, 40, 6), Action: cti.StepAnswered, Device: "101"}}},
		{ID: "call-39", Direction: cti.DirectionOutgoing, Caller: "102", Called: "0601999999", Extensions: []string{"102"},
			StartedAt: pt(4, 2, 9, 0, 0), AnsweredAt: pt(4, 2, 9, 0, 10), EndedAt: pt(4, 2, 9, 2, 0), EndReason: cti.EndCompleted},
	} {
		insertRepCall(t, db, f, r, 0)
	}
	insertRepCall(t, db, f, a(40, "600", pt(4, 1, 15, 0, 0), c6("000001"), 10, 60, 0, 0, false).record(), 0)
}

func insertAgentLog(t *testing.T, db *DB, f *repFixture) {
	t.Helper()
	for _, x := range []struct {
		ext, login, state, reason string
		at                        time.Time
	}{
		{"101", "jonas", "logged_out", "", pt(4, 1, 17, 0, 0)},
		{"101", "jonas", "ready", "", pt(4, 2, 8, 0, 0)},
		{"101", "jonas", "not_ready", "break", pt(4, 2, 8, 40, 0)},
		{"101", "jonas", "ready", "", pt(4, 2, 8, 55, 0)},
		{"101", "jonas", "working_after_call", "", pt(4, 2, 9, 30, 0)},
		{"101", "jonas", "ready", "", pt(4, 2, 9, 35, 0)},
		{"102", "kulhanek", "ready", "", pt(4, 2, 8, 0, 0)},
		{"102", "kulhanek", "not_ready", "meeting", pt(4, 2, 9, 0, 0)},
		{"102", "kulhanek", "ready", "", pt(4, 2, 9, 20, 0)},
	} {
		exec(t, db, `INSERT INTO agent_state_log (extension, user_id, state, reason, at) VALUES (?, ?, ?, ?, ?)`,
			x.ext, f.users[x.login], x.state, x.reason, ts(x.at))
	}
}

func insertCallbacks(t *testing.T, db *DB) {
	t.Helper()
	for _, x := range []struct {
		number, state string
		first         time.Time
		ttc           time.Duration
	}{
		{"+420601000003", "done", pt(4, 2, 8, 5, 0), 20 * time.Minute},
		{"+420601000011", "done", pt(4, 2, 8, 40, 0), 10 * time.Minute},
		{"+420601000017", "open", pt(4, 2, 9, 6, 0), 0},
		{"+420601000099", "open", pt(3, 20, 14, 0, 0), 0},
	} {
		var reached, ms any
		if x.ttc > 0 {
			reached, ms = ts(x.first.Add(x.ttc)), x.ttc.Milliseconds()
		}
		exec(t, db, `INSERT INTO callback_tasks (number, dial_number, state, resolution, first_call_at, last_call_at,
reached_at, time_to_callback_ms, closed_at, closed_by_call, version) VALUES (?, ?, ?, '', ?, ?, ?, ?, NULL, '', 1)`,
			x.number, x.number, x.state, ts(x.first), ts(x.first), reached, ms)
	}
}

var _ = json.Marshal
