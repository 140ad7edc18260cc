package smdr

import (
	"errors"
	"strings"
	"testing"
)

func TestParser_HeaderFixesLayout(t *testing.T) {
	sepA, sepC := strings.Repeat("-", 80), strings.Repeat("-", 120)
	lineA := "01/02/02 10:07AM  1200 01 1234567890123456               00:01'05 9876543210"
	lineC := row(widthsC, "01/02/02", "10:07AM", " 1230", "0001", "0601123456", "", "00:00'05", "00560.00EUR", "", "")
	p := newParser(t, Options{})
	steps := []struct {
		line       string
		want       string
		wantLayout Layout // p.Layout() after the line
	}{
		{lineA, "A outgoing", Auto}, // before any header: the first layout that fits
		{lineC, "C outgoing", Auto},
		{headerA, "header A", PatternA},
		{sepA, "separator A", PatternA},
		{lineA, "A outgoing", PatternA},
		{"\f" + headerA, "header A", PatternA}, // the next page
		{sepA, "separator A", PatternA},
		{lineA, "A outgoing", PatternA},
		{lineC, "invalid", PatternA}, // a Pattern C line no longer fits
		{headerC, "header C", PatternC},
		{sepC, "separator C", PatternC},
		{lineC, "C outgoing", PatternC},
		{headerB, "header B", PatternB},
		{strings.TrimRight(headerA, " "), "header A", PatternA},
	}
	for i, s := range steps {
		got, _ := p.Parse(s.line)
		if d := describe(got); !strings.HasPrefix(d, s.want) {
			t.Errorf("step %d: Parse(%q) = %s, want %s…", i, s.line, d, s.want)
		}
		if p.Layout() != s.wantLayout {
			t.Errorf("step %d: after Parse(%q) Layout() = %s, want %s", i, s.line, p.Layout(), s.wantLayout)
		}
	}
}

func TestParser_FixedLayoutKeepsLayout(t *testing.T) {
	p := newParser(t, Options{Layout: PatternA})
	got, err := p.Parse(headerC)
	if err != nil || got.Kind != KindHeader || got.Layout != PatternC {
		t.Errorf("Parse(header C) = %s, %v; want a Pattern C header", describe(got), err)
	}
	if p.Layout() != PatternA {
		t.Errorf("Layout() after a Pattern C header = %s, want the configured A", p.Layout())
	}
}

func TestParser_AutoBeforeHeader(t *testing.T) {
	tests := []struct{ name, line, want string }{
		{"A", "01/02/02 10:03AM  1200 01 <I>12345678901234567890   5'15 00:00'00            NA", "A incoming"},
		{"B", row(widthsB, "01/02/02", "10:07AM", " 2005", "01", "0601123456", "00:00'05", "00560.00EU", "", ""), "B outgoing"},
		{"C", row(widthsC, "01/02/02", "10:07AM", " 1230", "0001", "<I>0601123456", "0'03", "00:00'05", "", "", ""), "C incoming"},
		{"C intercom", row(widthsC, "01/02/02", "10:07AM", " 1230", "", "EXT1231", "", "00:00'05", "", "", ""), "C intercom"},
		{"trimmed B", "01/02/02 10:07AM  2005 01 0601123456           00:00'05", "B outgoing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newParser(t, Options{}).Parse(tt.line)
			if d := describe(got); err != nil || !strings.HasPrefix(d, tt.want) {
				t.Errorf("Parse(%q) = %s, %v; want %s…", tt.line, d, err, tt.want)
			}
		})
	}
}

func TestParser_Separators(t *testing.T) {
	p := newParser(t, Options{Layout: PatternC})
	for _, s := range []string{strings.Repeat("-", 80), strings.Repeat("-", 120), strings.Repeat("=", 80),
		strings.Repeat("-", 80) + "   "} {
		if got, err := p.Parse(s); err != nil || got.Kind != KindSeparator || got.Layout != PatternC {
			t.Errorf("Parse(%q) = %s, %v; want a separator", s, describe(got), err)
		}
	}
	for _, s := range []string{"", "   ", "\f", "\f  "} {
		if got, err := p.Parse(s); err != nil || got.Kind != KindBlank {
			t.Errorf("Parse(%q) = %s, %v; want a blank line", s, describe(got), err)
		}
	}
}

func TestParser_StatusLines(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		line string
		want string
	}{
		{"log in", Options{}, "01/02/02 01:07PM  1234    LOG IN", `A status log_in 2002-02-01T13:07+01:00 ext=1234 "LOG IN"`},
		{"log out", Options{}, "01/02/02 01:07PM  1234    LOG OUT", `A status log_out 2002-02-01T13:07+01:00 ext=1234 "LOG OUT"`},
		{"check in", Options{}, "01/02/02 03:35PM   101    Check in", `A status check_in 2002-02-01T15:35+01:00 ext=101 "Check in"`},
		{"check out", Options{}, "01/02/02 03:45PM   101    Check out", `A status check_out 2002-02-01T15:45+01:00 ext=101 "Check out"`},
		{"timed reminder start", Options{}, "01/02/02 03:50PM  1234    Timed Reminder/Start",
			`A status timed_reminder 2002-02-01T15:50+01:00 ext=1234 "Timed Reminder/Start"`},
		{"timed reminder no answer", Options{}, "01/02/02 03:55PM  1234    Timed Reminder/No Answer",
			`A status timed_reminder 2002-02-01T15:55+01:00 ext=1234 "Timed Reminder/No Answer"`},
		{"timed reminder answer", Options{}, "01/02/02 04:00PM  1234    Timed Reminder/Answer",
			`A status timed_reminder 2002-02-01T16:00+01:00 ext=1234 "Timed Reminder/Answer"`},
		{"in the office", Options{}, "01/02/02 08:33AM  1234    In the office",
			`A status in_office 2002-02-01T08:33+01:00 ext=1234 "In the office"`},
		{"unknown status", Options{}, "01/02/02 08:33AM  1234    Wake up call",
			`A status other 2002-02-01T08:33+01:00 ext=1234 "Wake up call"`},
		{"padded to 80 columns", Options{}, "01/02/02 01:07PM  1234    LOG IN" + strings.Repeat(" ", 47),
			`A status log_in 2002-02-01T13:07+01:00 ext=1234 "LOG IN"`},
		{"pattern B, longer than the dial column", Options{Layout: PatternB},
			"01/02/02 03:55PM  1234    Timed Reminder/No Answer",
			`B status timed_reminder 2002-02-01T15:55+01:00 ext=1234 "Timed Reminder/No Answer"`},
		{"pattern C", Options{Layout: PatternC}, "01/02/02 01:07PM  1234      LOG IN",
			`C status log_in 2002-02-01T13:07+01:00 ext=1234 "LOG IN"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newParser(t, tt.opts).Parse(tt.line)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.line, err)
			}
			if d := describe(got); d != tt.want {
				t.Errorf("Parse(%q) =\n  %s, want\n  %s", tt.line, d, tt.want)
			}
		})
	}
}

func TestParser_TrimmedTrailingBlanks(t *testing.T) {
	lines := []string{
		row(widthsA, "01/02/02", "10:07AM", " 1200", "01", "0601123456", "", "00:01'05", "", ""),
		row(widthsA, "01/02/02", "10:07AM", " 1200", "01", "0601123456", "", "00:01'05", "12", ""),
		row(widthsA, "01/02/02", "10:07AM", " 1200", "", "EXT1201", "", "00:01'05", "", ""),
		row(widthsA, "01/02/02", "10:07AM", " 1200", "01", "<I>", "0'10", "", "", ""),
		row(widthsC, "01/02/02", "10:07AM", " 1230", "0001", "0601123456", "", "00:00'05", "", "", ""),
		row(widthsB, "01/02/02", "10:07AM", " 1230", "01", "0601123456", "00:00'05", "", "", ""),
	}
	for _, l := range lines {
		for _, opts := range []Options{{}, {Layout: layoutOfWidth(len(l))}} {
			full, err1 := newParser(t, opts).Parse(l)
			trimmed, err2 := newParser(t, opts).Parse(strings.TrimRight(l, " "))
			if err1 != nil || err2 != nil {
				t.Fatalf("Parse(%q): %v; trimmed: %v", l, err1, err2)
			}
			if describe(full) != describe(trimmed) {
				t.Errorf("Parse(trimmed %q) = %s, want %s as for the full line", l, describe(trimmed), describe(full))
			}
		}
	}
}

func layoutOfWidth(n int) Layout {
	switch n {
	case 80:
		return PatternA
	case 81:
		return PatternB
	}
	return PatternC
}

func TestParser_BadInput(t *testing.T) {
	okA := "01/02/02 10:07AM  1200 01 0601123456                     00:01'05"
	tests := []struct {
		name   string
		opts   Options
		line   string
		field  Field
		layout Layout
	}{
		{"prose", Options{Layout: PatternA}, "hello world", FieldLine, PatternA},
		{"telnet prompt", Options{}, "login:", FieldLine, Auto},
		{"a digit", Options{Layout: PatternA}, "0", FieldDate, PatternA},
		{"date only", Options{Layout: PatternA}, "01/02/02", FieldTime, PatternA},
		{"date and time only", Options{Layout: PatternA}, "01/02/02 10:03AM", FieldExtension, PatternA},
		{"no call data", Options{Layout: PatternA}, "01/02/02 10:03AM  1200", FieldDial, PatternA},
		{"extension with a letter", Options{Layout: PatternA}, strings.Replace(okA, "1200", "12X0", 1), FieldExtension, PatternA},
		{"prefix without number", Options{Layout: PatternA}, strings.Replace(okA, " 1200", "    D", 1), FieldExtension, PatternA},
		{"too long", Options{Layout: PatternA}, okA + strings.Repeat(" ", 200), FieldLine, PatternA},
		{"text beyond the last column", Options{Layout: PatternA}, okA + strings.Repeat(" ", 16) + "XX", FieldLine, PatternA},
		{"dial number over its column", Options{Layout: PatternA},
			"01/02/02 10:07AM  1200 01 06011234560601123456012345 00:01'05", FieldDial, PatternA},
		{"shifted by one column", Options{Layout: PatternA}, " " + okA, FieldLine, PatternA},
		{"control character in a name", Options{Layout: PatternA},
			row(widthsA, "01/02/02", "10:03AM", " 1234", "01", "<I>AB\x01C", "0'07", "00:01'05", "", ""), FieldLine, PatternA},
		{"tab for blanks", Options{Layout: PatternA}, "01/02/02\t10:07AM  1200 01 0601123456", FieldDate, PatternA},
		{"bad ring", Options{Layout: PatternA},
			row(widthsA, "01/02/02", "10:03AM", " 1234", "01", "<I>601123456", "x'07", "00:01'05", "", ""), FieldRing, PatternA},
		{"no layout fits", Options{},
			"01/02/02 10:07AM  1200 01 0601123456 garbage and more garbage here 00:01'05", FieldDial, Auto},
		{"pattern C line read as A", Options{Layout: PatternA},
			row(widthsC, "01/02/02", "10:07AM", " 1230", "0001", "0601123456", "", "00:00'05", "", "", ""), FieldTrunk, PatternA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newParser(t, tt.opts).Parse(tt.line)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) = %s, %v; want a *ParseError", tt.line, describe(got), err)
			}
			if pe.Field != tt.field || pe.Layout != tt.layout {
				t.Errorf("Parse(%q) error = %v (field %s, layout %s), want field %s, layout %s",
					tt.line, err, pe.Field, pe.Layout, tt.field, tt.layout)
			}
			if got.Kind != KindInvalid || got.Raw != tt.line || got.Err != err {
				t.Errorf("Parse(%q) = Line{Kind: %s, Raw: %q, Err: %v}, want KindInvalid with the raw line and the error",
					tt.line, got.Kind, got.Raw, got.Err)
			}
			if !strings.HasPrefix(err.Error(), "smdr: ") {
				t.Errorf("Parse(%q) error %q lacks the smdr: prefix", tt.line, err)
			}
		})
	}
}
