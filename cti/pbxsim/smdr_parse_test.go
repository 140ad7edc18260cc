package pbxsim

import (
	"context"
	"fmt"
	"testing"
	"time"

	"linka/cti/smdr"
	"linka/internal/workdays"
)

// parseSMDRLines parses lines, the whole output of a client headers
// included, with cti/smdr in Auto mode and returns the record and status
// lines. A line that does not parse or a header of another layout than
// Pattern A fails the test.
func parseSMDRLines(t testing.TB, lines []string, order smdr.DateOrder) []smdr.Line {
	t.Helper()
	parser, err := smdr.NewParser(smdr.Options{DateOrder: order})
	if err != nil {
		t.Fatalf("smdr.NewParser: %v", err)
	}
	var out []smdr.Line
	for _, raw := range lines {
		l, err := parser.Parse(raw)
		if err != nil {
			t.Fatalf("smdr Parse(%q) = %v", raw, err)
		}
		switch l.Kind {
		case smdr.KindHeader, smdr.KindSeparator:
			if l.Layout != smdr.PatternA {
				t.Errorf("smdr Parse(%q) layout = %v, want A", raw, l.Layout)
			}
		case smdr.KindRecord, smdr.KindStatus:
			out = append(out, l)
		default:
			t.Fatalf("smdr Parse(%q) kind = %v, want a record or a status line", raw, l.Kind)
		}
	}
	return out
}

// parseSMDR parses lines as parseSMDRLines does and returns the meaning of
// every record and status line; a date other than the one of day fails
// the test.
func parseSMDR(t testing.TB, o SMDROptions, lines []string, day time.Time) []string {
	t.Helper()
	order := smdr.MDY
	if o.DayFirst {
		order = smdr.DMY
	}
	var meanings []string
	for _, l := range parseSMDRLines(t, lines, order) {
		at := l.Record.End
		if l.Kind == smdr.KindStatus {
			at = l.Status.Time
		}
		if workdays.DateOf(at) != workdays.DateOf(day) {
			t.Errorf("smdr Parse(%q) date = %v, want %v", l.Raw, workdays.DateOf(at), workdays.DateOf(day))
		}
		meanings = append(meanings, smdrMeaning(l))
	}
	return meanings
}

// smdrMeaning describes a parsed record or status line, e.g.
// "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=5s
// talk=1m23s cd=AN end=09:30" or "LOG IN ext=102 at=10:30".
func smdrMeaning(l smdr.Line) string {
	if l.Kind == smdr.KindStatus {
		st := l.Status
		return fmt.Sprintf("%s ext=%s at=%s", st.Text, st.Extension, st.Time.In(workdays.Prague()).Format("15:04"))
	}
	r := l.Record
	return fmt.Sprintf("%s ext=%s co=%s number=%s ddi=%s ring=%v talk=%v cd=%s end=%s",
		r.Direction, r.Extension, r.Trunk, r.Number, r.DDI, r.Ring, r.Duration, r.Condition,
		r.End.In(workdays.Prague()).Format("15:04"))
}

func TestSMDR_Load(t *testing.T) {
	p := newPBX(t, Options{Groups: map[string][]string{"600": {"101", "102", "103"}, "700": {barrierExt}}})
	addr, _ := smdrListen(t, p)
	c := smdrDial(t, addr)
	c.login()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := p.RunLoad(ctx, LoadOptions{
		CallsPerMinute: 30000, TalkMedian: 3 * time.Millisecond, TalkMean: 5 * time.Millisecond,
		RingMin: time.Millisecond, RingMax: 4 * time.Millisecond, TransferRatio: 0.3,
		Extensions: []string{"101", "102", "103", "104", "105", "106"}, Groups: []string{"600"}, Seed: 7,
	})
	if err != nil {
		t.Fatalf("RunLoad: %v", err)
	}
	if calls := p.Calls(); len(calls) != 0 {
		t.Fatalf("calls after RunLoad = %d, want none", len(calls))
	}
	c.barrier(p)
	count := map[smdr.Condition]int{}
	for _, m := range parseSMDRLines(t, c.all, smdr.MDY) {
		if m.Kind == smdr.KindRecord {
			if m.Record.Direction != smdr.Incoming {
				t.Errorf("record %q is %v, want incoming", m.Raw, m.Record.Direction)
			}
			count[m.Record.Condition]++
		}
	}
	rc, an, na := count[smdr.CondReceived], count[smdr.CondAnswered], count[smdr.CondNotAnswered]
	t.Logf("records by condition: %v", count)
	if rc == 0 || rc != an+na {
		t.Errorf("RC lines = %d, AN = %d, NA = %d; want every ringing leg (RC) answered (AN) or missed (NA)", rc, an, na)
	}
	if final := count[smdr.CondNone] + count[smdr.CondTransfer]; final < an {
		t.Errorf("final records = %d, want at least one per AN line (%d)", final, an)
	}
}
