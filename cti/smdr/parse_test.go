package smdr

import (
	"errors"
	"fmt"
	"testing"
)

func TestParser_Layouts(t *testing.T) {
	// An 80-column Pattern B: the Feature Guide's widths with the Dial
	// column one shorter, so that the line fits 80 columns.
	b80 := Columns{
		Date: Span{0, 8}, Time: Span{9, 16}, Extension: Span{17, 22}, Trunk: Span{23, 25},
		Dial: Span{26, 45}, Duration: Span{46, 54}, Cost: Span{55, 65}, Account: Span{66, 76}, Condition: Span{77, 80},
	}
	tests := []struct {
		name string
		opts Options
		line string
		want string
	}{
		{"A incoming not answered", Options{Layout: PatternA},
			"01/02/02 10:03AM  1200 01 <I>12345678901234567890   5'15 00:00'00            NA",
			`A incoming 2002-02-01T10:03+01:00 ext=1200 co=01 dial="<I>12345678901234567890" num="12345678901234567890" ring=5m15s dur=0s cd=NA`},
		{"A outgoing with account code", Options{Layout: PatternA},
			"01/02/02 10:07AM  1200 01 1234567890123456               00:01'05 9876543210",
			`A outgoing 2002-02-01T10:07+01:00 ext=1200 co=01 dial="1234567890123456" num="1234567890123456" ring=0s dur=1m5s acc=9876543210`},
		{"A verified code", Options{Layout: PatternA},
			"01/02/02 10:15AM  *123 01 1234567890123456               00:12'05 98765",
			`A outgoing 2002-02-01T10:15+01:00 ext=*123(verified) co=01 dial="1234567890123456" num="1234567890123456" ring=0s dur=12m5s acc=98765`},
		{"A doorphone", Options{Layout: PatternA},
			row(widthsA, "01/02/02", "10:15AM", " D01", "02", "0601123456", "", "00:00'30", "", ""),
			`A outgoing 2002-02-01T10:15+01:00 ext=D01(doorphone) co=02 dial="0601123456" num="0601123456" ring=0s dur=30s`},
		{"A TIE", Options{Layout: PatternA},
			row(widthsA, "01/02/02", "10:15AM", "  T12", "03", "0601123456", "", "00:00'30", "", "D0"),
			`A outgoing 2002-02-01T10:15+01:00 ext=T12(tie) co=03 dial="0601123456" num="0601123456" ring=0s dur=30s cd=D0`},
		{"A intercom", Options{Layout: PatternA},
			"01/02/02 01:07PM  1234    EXT1235                        00:00'40",
			`A intercom 2002-02-01T13:07+01:00 ext=1234 co= dial="EXT1235" num="1235" ring=0s dur=40s`},
		{"B outgoing with cost", Options{Layout: PatternB},
			row(widthsB, "01/02/02", "10:07AM", " 2005", "01", "1234567890123456789", "00:00'05", "00560.00EU", "9876543210", ""),
			`B outgoing 2002-02-01T10:07+01:00 ext=2005 co=01 dial="1234567890123456789" num="1234567890123456789" ring=0s dur=5s cost=00560.00EU acc=9876543210`},
		{"B incoming transferred", Options{Layout: PatternB},
			row(widthsB, "01/02/02", "10:03AM", " 1210", "01", "<I>", "00:01'05", "", "", "TR"),
			`B incoming 2002-02-01T10:03+01:00 ext=1210 co=01 dial="<I>" num="" ring=0s dur=1m5s cd=TR`},
		{"B with configured columns", Options{Layout: PatternB, PatternB: b80},
			"01/02/02 10:07AM  2005 01 1234567890123456789 00:00'05 00560.00EU 9876543210 FW",
			`B outgoing 2002-02-01T10:07+01:00 ext=2005 co=01 dial="1234567890123456789" num="1234567890123456789" ring=0s dur=5s cost=00560.00EU acc=9876543210 cd=FW`},
		{"C outgoing with cost", Options{Layout: PatternC},
			row(widthsC, "01/02/02", "10:07AM", " 1230", "0001", "123456789012345678901234567890", "", "00:00'05", "00560.00EUR", "9876543210", ""),
			`C outgoing 2002-02-01T10:07+01:00 ext=1230 co=0001 dial="123456789012345678901234567890" num="123456789012345678901234567890" ring=0s dur=5s cost=00560.00EUR acc=9876543210`},
		{"C incoming answered", Options{Layout: PatternC},
			row(widthsC, "01/02/02", "10:03AM", " 1230", "0001", "<I>ABC COMPANY123456789012345", "0'05", "00:01'05", "", "", "AN"),
			`C incoming 2002-02-01T10:03+01:00 ext=1230 co=0001 dial="<I>ABC COMPANY123456789012345" num="123456789012345" name="ABC COMPANY" ddi="" ring=5s dur=1m5s cd=AN`},
		{"C intercom", Options{Layout: PatternC},
			row(widthsC, "01/02/02", "10:03AM", "  101", "", "EXT102", "0'12", "00:03'00", "", "", ""),
			`C intercom 2002-02-01T10:03+01:00 ext=101 co= dial="EXT102" num="102" ring=12s dur=3m0s`},
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
			if got.Raw != tt.line {
				t.Errorf("Parse(%q).Raw = %q, want the line", tt.line, got.Raw)
			}
		})
	}
}

func TestParser_PatternBColumnsAreUsed(t *testing.T) {
	line := "01/02/02 10:07AM  2005 01 1234567890123456789 00:00'05 00560.00EU 9876543210 FW"
	_, err := newParser(t, Options{Layout: PatternB}).Parse(line)
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("Parse(%q) with the default Pattern B error = %v, want a *ParseError", line, err)
	}
}

func TestParser_Markers(t *testing.T) {
	tests := []struct {
		name, dial string
		want       string // as markers renders it
	}{
		{"incoming without caller id", "<I>", `incoming num=""`},
		{"incoming number", "<I>12345678", `incoming num="12345678"`},
		{"incoming international number", "<I>+420601123456", `incoming num="+420601123456"`},
		{"incoming name and number", "<I>ABC COMPANY12345678", `incoming num="12345678" name="ABC COMPANY" ddi=""`},
		{"incoming name only", "<I>Q COMPANY", `incoming num="" name="Q COMPANY" ddi=""`},
		{"DDI and caller name", "<D>CDE9876<I>Q COMPANY", `incoming num="" name="Q COMPANY" ddi="CDE9876"`},
		{"DDI and caller number", "<D>123<I>601123456", `incoming num="601123456" name="" ddi="123"`},
		{"DDI only", "<D>9876", `incoming num="" name="" ddi="9876"`},
		{"intercom", "EXT1235", `intercom num="1235"`},
		{"outgoing digits", "0601123456", `outgoing num="0601123456"`},
		{"outgoing star and hash", "*67#123", `outgoing num="*67#123"`},
		{"pause", "0P601123456", `outgoing num="0601123456"`},
		{"EFA signal", "F123", `outgoing num="123"`},
		{"host PBX access code", "9=0601123456", `outgoing num="90601123456"`},
		{"secret dialling", "123..............", `outgoing num="123" hidden`},
		{"privacy", "123456XX", `outgoing num="123456" hidden`},
		{"transferred", "0601123456-12", `outgoing num="0601123456" transferred`},
		{"transferred, nothing dialled after", "0601123456-", `outgoing num="0601123456" transferred`},
	}
	p := newParser(t, Options{Layout: PatternA})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			co := "01"
			if tt.dial[0] == 'E' {
				co = ""
			}
			line := row(widthsA, "01/02/02", "10:03AM", " 1234", co, tt.dial, "", "00:01'05", "", "")
			got, err := p.Parse(line)
			if err != nil {
				t.Fatalf("Parse(%q): %v", line, err)
			}
			r := got.Record
			if r.Dial != tt.dial {
				t.Errorf("Parse(%q).Record.Dial = %q, want %q", line, r.Dial, tt.dial)
			}
			if m := markers(r); m != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", line, m, tt.want)
			}
		})
	}
}

// markers renders what the dial-number column says.
func markers(r Record) string {
	s := fmt.Sprintf("%s num=%q", r.Direction, r.Number)
	if r.CallerName != "" || r.DDI != "" {
		s += fmt.Sprintf(" name=%q ddi=%q", r.CallerName, r.DDI)
	}
	if r.Hidden {
		s += " hidden"
	}
	if r.Transferred {
		s += " transferred"
	}
	return s
}

func TestParser_BadMarkers(t *testing.T) {
	tests := []struct{ name, dial, co string }{
		{"letter in a dialled number", "06O1123456", "01"},
		{"blank in a dialled number", "0601 123456", "01"},
		{"EXT without extension", "EXT", ""},
		{"EXT with letters", "EXT12A", ""},
	}
	p := newParser(t, Options{Layout: PatternA})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := row(widthsA, "01/02/02", "10:03AM", " 1234", tt.co, tt.dial, "", "00:01'05", "", "")
			_, err := p.Parse(line)
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Field != FieldDial {
				t.Errorf("Parse(%q) error = %v, want a dial-number *ParseError", line, err)
			}
		})
	}
}

func TestParser_ConditionCodes(t *testing.T) {
	tests := []struct {
		code         string
		known, final bool
	}{
		{"", true, true},
		{"TR", true, true},
		{"FW", true, true},
		{"D0", true, true},
		{"D1", true, true},
		{"D2", true, true},
		{"D3", true, true},
		{"D4", true, true},
		{"NA", true, true},
		{"RC", true, false},
		{"AN", true, false},
		{"VR", true, false},
		{"VA", true, false},
		{"RM", true, true},
		{"ZZ", false, true},
		{"X9", false, true},
		{"ABC", false, true},
	}
	p := newParser(t, Options{Layout: PatternA})
	for _, tt := range tests {
		t.Run("code "+tt.code, func(t *testing.T) {
			line := row(widthsA, "01/02/02", "10:03AM", " 1234", "01", "<I>601123456", "0'07", "00:01'05", "", tt.code)
			got, err := p.Parse(line)
			if err != nil {
				t.Fatalf("Parse(%q): %v", line, err)
			}
			c := got.Record.Condition
			if string(c) != tt.code {
				t.Errorf("Parse(%q).Condition = %q, want %q", line, c, tt.code)
			}
			if c.Known() != tt.known {
				t.Errorf("Condition(%q).Known() = %v, want %v", c, c.Known(), tt.known)
			}
			if got.Record.Final() != tt.final {
				t.Errorf("Record{Condition: %q}.Final() = %v, want %v", c, got.Record.Final(), tt.final)
			}
			if tt.known && tt.code != "" && c.Description() == "" {
				t.Errorf("Condition(%q).Description() is empty", c)
			}
		})
	}
	for _, bad := range []string{"na", "N!", "a"} {
		line := row(widthsA, "01/02/02", "10:03AM", " 1234", "01", "<I>601123456", "0'07", "00:01'05", "", bad)
		_, err := p.Parse(line)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Field != FieldCondition {
			t.Errorf("Parse(%q) error = %v, want a condition-code *ParseError", line, err)
		}
	}
}
