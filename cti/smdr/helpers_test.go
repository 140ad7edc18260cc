package smdr

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"linka/internal/workdays"
)

// Field widths of the layouts, in column order, for building lines: every
// field is followed by one blank (PROTOCOLS.md, SMDR, Layouts).
var (
	widthsA = []int{8, 7, 5, 2, 25, 4, 8, 10, 3}     // Date Time Ext CO Dial Ring Duration Acc CD
	widthsB = []int{8, 7, 5, 2, 20, 8, 10, 10, 3}    // Date Time Ext CO Dial Duration Cost Acc CD
	widthsC = []int{8, 7, 5, 4, 50, 4, 8, 11, 10, 3} // Date Time Ext CO Dial Ring Duration Cost Acc CD
	headerA = Header(PatternA)
	headerB = Header(PatternB)
	headerC = Header(PatternC)
)

// row builds a line of the given field widths: each value is padded with
// blanks to its width (the caller right-aligns the extension) and the
// fields are joined by one blank.
func row(widths []int, values ...string) string {
	if len(values) != len(widths) {
		panic(fmt.Sprintf("row: %d values for %d fields", len(values), len(widths)))
	}
	parts := make([]string, len(values))
	for i, v := range values {
		if len(v) > widths[i] {
			panic(fmt.Sprintf("row: %q is wider than %d", v, widths[i]))
		}
		parts[i] = v + strings.Repeat(" ", widths[i]-len(v))
	}
	return strings.Join(parts, " ")
}

func newParser(t testing.TB, opts Options) *Parser {
	t.Helper()
	p, err := NewParser(opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// describe renders a parsed line compactly for comparisons and goldens.
func describe(l Line) string {
	switch l.Kind {
	case KindRecord:
		r := l.Record
		s := fmt.Sprintf("%s %s %s ext=%s", l.Layout, r.Direction, when(r.End, r.ClockChanged), r.Extension)
		if r.ExtensionKind != Station {
			s += "(" + r.ExtensionKind.String() + ")"
		}
		s += fmt.Sprintf(" co=%s dial=%q num=%q", r.Trunk, r.Dial, r.Number)
		if r.CallerName != "" || r.DDI != "" {
			s += fmt.Sprintf(" name=%q ddi=%q", r.CallerName, r.DDI)
		}
		if r.Hidden {
			s += " hidden"
		}
		if r.Transferred {
			s += " transferred"
		}
		s += fmt.Sprintf(" ring=%s dur=%s", r.Ring, r.Duration)
		if r.Cost != "" {
			s += " cost=" + r.Cost
		}
		if r.Account != "" {
			s += " acc=" + r.Account
		}
		if r.Condition != CondNone {
			s += " cd=" + string(r.Condition)
		}
		return s
	case KindStatus:
		st := l.Status
		return fmt.Sprintf("%s status %s %s ext=%s %q", l.Layout, st.Kind, when(st.Time, st.ClockChanged),
			st.Extension, st.Text)
	case KindHeader, KindSeparator:
		return l.Kind.String() + " " + l.Layout.String()
	case KindBlank:
		return "blank"
	}
	return "invalid: " + l.Err.Error()
}

func when(t time.Time, changed bool) string {
	if changed {
		return "clock-changed"
	}
	if t.Location() != workdays.Prague() {
		return t.Format("2006-01-02T15:04Z07:00(MST)")
	}
	return t.Format("2006-01-02T15:04Z07:00")
}
