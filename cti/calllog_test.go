package cti

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"linka/cti/smdr"
	"linka/internal/workdays"
)

// The call log tests run on 10 March 2026 in Prague; the citizen calls
// from 602123456 to the DDI 5445031NN of extension 1NN over trunk 01.

// clAt returns the test day's time "15:04:05" (or "15:04:05.000") in
// Prague.
func clAt(t testing.TB, hms string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-03-10 "+hms, workdays.Prague())
	if err != nil {
		t.Fatalf("clAt(%q): %v", hms, err)
	}
	return v
}

// clLine builds a Pattern A line of the test day: hhmm in 24 hours,
// then the columns as printed.
func clLine(hhmm, ext, co, dial, ring, duration, cd string) string {
	var h, m int
	fmt.Sscanf(hhmm, "%d:%d", &h, &m)
	ampm := "AM"
	if h >= 12 {
		ampm = "PM"
	}
	if h12 := h % 12; h12 == 0 {
		h = 12
	} else {
		h = h12
	}
	clock := fmt.Sprintf("%02d:%02d%s", h, m, ampm)
	l := fmt.Sprintf("%-8s %-7s %5s %2s %-25s %4s %-8s %-10s %-3s", "10/03/26", clock, ext, co, dial, ring, duration, "", cd)
	return strings.TrimRight(l, " ")
}

// clIn is the dial column of an incoming call of the test caller to the
// DDI of ext.
func clIn(ext string) string { return "<D>544503" + ext + "<I>602123456" }

// clParse parses a line as the SMDR source does.
func clParse(t testing.TB, raw string) smdr.Line {
	t.Helper()
	p, err := smdr.NewParser(smdr.Options{Layout: smdr.PatternA})
	if err != nil {
		t.Fatal(err)
	}
	line, _ := p.Parse(raw)
	return line
}

// clNormalize is a phone plan like cases.PhonePlan.Lookup with +420, nine
// digits and the outside-line prefix 0.
func clNormalize(s string) string {
	d := digitsOf(s)
	switch {
	case strings.HasPrefix(strings.TrimSpace(s), "+") && len(d) >= 7:
		return "+" + d
	case strings.HasPrefix(d, "00") && len(d) > 9:
		return "+" + d[2:]
	case len(d) == 10 && d[0] == '0':
		d = d[1:]
	}
	switch {
	case len(d) == 9:
		return "+420" + d
	case len(d) == 12 && strings.HasPrefix(d, "420"):
		return "+" + d
	}
	return ""
}

// clRec is a PBX link's record.
func clRec(t testing.TB, id string, dir Direction, caller, called, exts, answeredBy, start, answer, end, reason string) CallRecord {
	r := CallRecord{ID: id, Direction: dir, Caller: caller, Called: called, Trunk: "T01",
		Extensions: strings.Split(exts, ","), AnsweredBy: answeredBy,
		StartedAt: clAt(t, start), EndedAt: clAt(t, end), EndReason: reason}
	if answer != "" {
		r.AnsweredAt = clAt(t, answer)
	}
	return r
}

// clEnv is a CallLog over an in-memory store with a settable clock and an
// observer that records the ids it gets ("smdr" for derived ids).
type clEnv struct {
	t        *testing.T
	log      *CallLog
	store    *memCallLog
	mu       sync.Mutex
	now      time.Time
	observed []string
	failObs  error
}

func newCLEnv(t *testing.T, mod func(*CallLogOptions)) *clEnv {
	e := &clEnv{t: t, store: newMemCallLog(), now: clAt(t, "09:40:00")}
	o := CallLogOptions{Store: e.store, Normalize: clNormalize, Await: SuggestedCallLogAwait,
		Now: e.clock, Observer: e.observe}
	if mod != nil {
		mod(&o)
	}
	l, err := NewCallLog(o)
	if err != nil {
		t.Fatalf("NewCallLog = %v", err)
	}
	e.log = l
	return e
}

func (e *clEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *clEnv) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now = e.now.Add(d)
}

func (e *clEnv) observe(_ context.Context, r CallRecord) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.failObs; err != nil {
		e.failObs = nil
		return err
	}
	e.observed = append(e.observed, clID(r.ID))
	return nil
}

func (e *clEnv) observedIDs() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.observed, " ")
}

// step feeds a record or a line.
func (e *clEnv) step(s any) {
	e.t.Helper()
	switch v := s.(type) {
	case CallRecord:
		if err := e.log.SaveCall(context.Background(), v); err != nil {
			e.t.Fatalf("SaveCall(%s) = %v", v.ID, err)
		}
	case string:
		if err := e.log.AddSMDR(context.Background(), clParse(e.t, v)); err != nil {
			e.t.Fatalf("AddSMDR(%q) = %v", v, err)
		}
	default:
		e.t.Fatalf("step %T", s)
	}
}

// rows summarises the rows oldest first.
func (e *clEnv) rows() []string {
	var out []string
	for _, r := range e.store.all() {
		out = append(out, clSummary(&r))
	}
	return out
}

func clID(id string) string {
	if strings.HasPrefix(id, "smdr-") {
		return "smdr"
	}
	return id
}

// clSummary renders a row on one line.
func clSummary(e *CallLogEntry) string {
	var src []string
	if e.CSTA {
		src = append(src, "csta")
	}
	if e.SMDR != SMDRNone {
		src = append(src, "smdr:"+string(e.SMDR))
	}
	hms := func(t time.Time) string { return t.In(workdays.Prague()).Format("15:04:05") }
	s := fmt.Sprintf("%s id=%s %s %s>%s exts=%s ans=%s %s-%s ring=%v talk=%v end=%s co=%s cond=%s lines=%d",
		strings.Join(src, "+"), clID(e.ID), e.Direction, e.Caller, e.Called, strings.Join(e.Extensions, ","),
		e.AnsweredBy, hms(e.StartedAt), hms(e.EndedAt), e.Ring(), e.Talk(), e.EndReason, e.CO, e.Condition, len(e.SMDRLines))
	if e.Missed() {
		s += " missed"
	}
	return s
}

// clCall1 is the citizen's call answered at 101: its record and its RC,
// AN and final lines.
func clCall1(t testing.TB) (CallRecord, []any) {
	r := clRec(t, "c1", DirectionIncoming, "602123456", "544503101", "101", "101",
		"09:30:10", "09:30:15", "09:31:38", EndCompleted)
	return r, []any{
		clLine("09:30", "101", "01", clIn("101"), "0'00", "00:00'00", "RC"),
		clLine("09:30", "101", "01", clIn("101"), "0'05", "00:00'00", "AN"),
		clLine("09:31", "101", "01", clIn("101"), "0'05", "00:01'23", ""),
	}
}

// clMerged1 is the row of clCall1 merged from both sources.
const clMerged1 = "csta+smdr:final id=c1 incoming 602123456>544503101 exts=101 ans=101 09:30:10-09:31:38 " +
	"ring=5s talk=1m23s end=completed co=01 cond= lines=3"

func TestCallLog_Merge(t *testing.T) {
	rec1, lines1 := clCall1(t)
	cat := func(parts ...[]any) []any {
		var out []any
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	one := func(v any) []any { return []any{v} }
	for _, tt := range clMergeCases(t, rec1, lines1, cat, one) {
		t.Run(tt.name, func(t *testing.T) {
			e := newCLEnv(t, tt.opts)
			for _, s := range tt.steps {
				e.step(s)
			}
			e.advance(10 * time.Minute)
			if err := e.log.Flush(context.Background()); err != nil {
				t.Fatalf("Flush = %v", err)
			}
			got := e.rows()
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if obs := e.observedIDs(); obs != tt.observed {
				t.Errorf("observed = %q, want %q", obs, tt.observed)
			}
		})
	}
}

// clMergeCase is a sequence of records and lines and the rows and
// observations it must leave.
type clMergeCase struct {
	name     string
	opts     func(*CallLogOptions)
	steps    []any
	want     []string
	observed string
}

func TestCallLog_Await(t *testing.T) {
	rec1, lines1 := clCall1(t)
	ctx := context.Background()
	t.Run("an SMDR call waits, then is observed once", func(t *testing.T) {
		e := newCLEnv(t, nil)
		for _, l := range lines1 {
			e.step(l)
		}
		for _, s := range []struct {
			advance time.Duration
			want    string
		}{{0, ""}, {4 * time.Minute, ""}, {time.Minute, "smdr"}, {time.Hour, "smdr"}} {
			e.advance(s.advance)
			if err := e.log.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			if got := e.observedIDs(); got != s.want {
				t.Fatalf("observed after %v more = %q, want %q", s.advance, got, s.want)
			}
		}
	})
	t.Run("the record within the wait replaces it", func(t *testing.T) {
		e := newCLEnv(t, nil)
		for _, l := range lines1 {
			e.step(l)
		}
		e.advance(4 * time.Minute)
		e.step(rec1)
		e.advance(time.Hour)
		if err := e.log.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.observedIDs(); got != "c1" {
			t.Errorf("observed = %q, want c1 only", got)
		}
	})
	t.Run("no wait", func(t *testing.T) {
		e := newCLEnv(t, func(o *CallLogOptions) { o.Await = 0 })
		for _, l := range lines1 {
			e.step(l)
			if got := e.observedIDs(); got != "" && l != lines1[2] {
				t.Fatalf("observed after %q = %q, want nothing before the final line", l, got)
			}
		}
		if got := e.observedIDs(); got != "smdr" {
			t.Errorf("observed = %q, want the final line's call at once", got)
		}
	})
	t.Run("a transfer waits for the next leg", func(t *testing.T) {
		e := newCLEnv(t, func(o *CallLogOptions) { o.Await = 0 })
		e.step(clLine("09:30", "101", "01", clIn("101"), "0'05", "00:00'20", "TR"))
		if got := e.observedIDs(); got != "" {
			t.Errorf("observed after a TR line = %q, want nothing for a window", got)
		}
		e.advance(DefaultCallLogWindow)
		if err := e.log.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.observedIDs(); got != "smdr" {
			t.Errorf("observed a window after a TR line = %q, want smdr", got)
		}
	})
}

func TestCallLog_ObserverFails(t *testing.T) {
	rec1, lines1 := clCall1(t)
	ctx := context.Background()
	t.Run("a record is retried", func(t *testing.T) {
		e := newCLEnv(t, nil)
		e.failObs = errors.New("callbacks down")
		if err := e.log.SaveCall(ctx, rec1); err == nil {
			t.Fatal("SaveCall with a failing observer = nil, want the error for the link to retry")
		}
		e.step(rec1)
		if got, rows := e.observedIDs(), e.rows(); got != "c1" || len(rows) != 1 {
			t.Errorf("after the retry: observed %q, rows %q; want c1 and one row", got, rows)
		}
	})
	t.Run("an SMDR call stays due", func(t *testing.T) {
		e := newCLEnv(t, func(o *CallLogOptions) { o.Await = 0 })
		e.failObs = errors.New("callbacks down")
		for _, l := range lines1 {
			e.step(l) // the failure is logged, the line stored
		}
		if got := e.observedIDs(); got != "" {
			t.Fatalf("observed = %q, want nothing yet", got)
		}
		if err := e.log.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.observedIDs(); got != "smdr" {
			t.Errorf("observed after Flush = %q, want smdr", got)
		}
	})
	t.Run("a failing store", func(t *testing.T) {
		e := newCLEnv(t, nil)
		e.store.fail = errors.New("disk full")
		if err := e.log.SaveCall(ctx, rec1); err == nil {
			t.Error("SaveCall with a failing store = nil, want the error")
		}
		if got := e.observedIDs(); got != "" {
			t.Errorf("observed = %q, want nothing for a call not stored", got)
		}
	})
}

func TestCallLog_Search(t *testing.T) {
	rec1, _ := clCall1(t)
	e := newCLEnv(t, nil)
	e.step(rec1)
	ctx := context.Background()
	for _, tt := range []struct {
		number string
		want   int
	}{{"+420 602 123 456", 1}, {"0602123456", 1}, {"602 123 456", 1}, {"101", 0}, {"544503101", 1}, {"544503102", 0}, {"", 1}} {
		rows, total, err := e.log.Search(ctx, CallLogFilter{Number: tt.number, Limit: 1000})
		if err != nil || total != tt.want || len(rows) != tt.want {
			t.Errorf("Search(number %q) = %d rows, total %d, %v; want %d", tt.number, len(rows), total, err, tt.want)
		}
	}
}

func TestCallLogOptions_Validate(t *testing.T) {
	store := newMemCallLog()
	for _, tt := range []struct {
		name string
		o    CallLogOptions
		ok   bool
	}{
		{"store only", CallLogOptions{Store: store}, true},
		{"no store", CallLogOptions{}, false},
		{"window under a minute", CallLogOptions{Store: store, Window: 30 * time.Second}, false},
		{"window of a minute", CallLogOptions{Store: store, Window: time.Minute}, true},
		{"negative await", CallLogOptions{Store: store, Await: -time.Second}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.o.Validate(); (err == nil) != tt.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestCallLogEntry_Durations(t *testing.T) {
	start := clAt(t, "09:30:00")
	for _, tt := range []struct {
		name             string
		e                CallLogEntry
		ring, talk       time.Duration
		missed, provisnl bool
	}{
		{"answered", CallLogEntry{CallRecord: CallRecord{Direction: DirectionIncoming, StartedAt: start,
			AnsweredAt: start.Add(5 * time.Second), EndedAt: start.Add(time.Minute)}, CSTA: true}, 5 * time.Second, 55 * time.Second, false, false},
		{"missed", CallLogEntry{CallRecord: CallRecord{Direction: DirectionIncoming, StartedAt: start,
			EndedAt: start.Add(20 * time.Second)}, CSTA: true}, 20 * time.Second, 0, true, false},
		{"outgoing unanswered", CallLogEntry{CallRecord: CallRecord{Direction: DirectionOutgoing, StartedAt: start,
			EndedAt: start.Add(20 * time.Second)}, SMDR: SMDRFinal}, 20 * time.Second, 0, false, false},
		{"ringing", CallLogEntry{CallRecord: CallRecord{Direction: DirectionIncoming, StartedAt: start,
			EndedAt: start}, SMDR: SMDRInterim}, 0, 0, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := tt.e
			if e.Ring() != tt.ring || e.Talk() != tt.talk || e.Missed() != tt.missed || e.Provisional() != tt.provisnl {
				t.Errorf("Ring, Talk, Missed, Provisional = %v, %v, %v, %v; want %v, %v, %v, %v",
					e.Ring(), e.Talk(), e.Missed(), e.Provisional(), tt.ring, tt.talk, tt.missed, tt.provisnl)
			}
		})
	}
}
