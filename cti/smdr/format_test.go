package smdr

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"linka/internal/workdays"
)

// sampleLines returns the lines of testdata/*.txt and one line of every
// layout, kind of call, marker and status, for round trips and fuzz seeds.
func sampleLines(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		f.Close()
	}
	return append(lines,
		headerB, headerC, Separator(PatternC),
		row(widthsA, "31/12/25", "11:59PM", "  D01", "02", "0P601=1.XX-12", "", "00:00'30", "", "D0"),
		row(widthsA, "01/07/25", "12:00AM", "  T12", "03", "<D>123<I>+420601123456", "9'59", "99:59'59", "AB12", "FW"),
		row(widthsA, "**/**/**", "**:****", "*9999", "01", "*67#123", "", "00:01'05", "", "ZZ"),
		row(widthsB, "01/02/02", "10:07AM", " 2005", "01", "1234567890123456789", "00:00'05", "00560.00EU", "9876543210", "VA"),
		row(widthsC, "01/02/02", "10:03AM", " 1230", "0001", "<I>ABC COMPANY123456789012345", "0'05", "00:01'05", "", "", "VR"),
		row(widthsC, "01/02/02", "10:07AM", " 1230", "", "EXT1231", "", "00:00'05", "", "", "RM"),
		"01/02/02 03:55PM  1234    Timed Reminder/No Answer",
		"01/02/02 01:07PM  1234      LOG OUT",
	)
}

func TestFormat_RoundTrip(t *testing.T) {
	for _, line := range sampleLines(t) {
		p := newParser(t, Options{})
		first, err := p.Parse(line)
		if err != nil || (first.Kind != KindRecord && first.Kind != KindStatus) {
			continue
		}
		opts := Options{Layout: first.Layout}
		var out string
		if first.Kind == KindRecord {
			out, err = Format(opts, first.Record)
		} else {
			out, err = FormatStatus(opts, first.Status)
		}
		if err != nil {
			t.Errorf("Format(Parse(%q)): %v", line, err)
			continue
		}
		again, err := newParser(t, opts).Parse(out)
		if err != nil || describe(again) != describe(first) {
			t.Errorf("Parse(Format(Parse(%q))) = %s, %v; want %s", line, describe(again), err, describe(first))
		}
		if strings.TrimRight(out, " ") != strings.TrimRight(line, " ") && first.Record.Duration != 0 {
			t.Errorf("Format(Parse(%q)) = %q, want the line back", line, out)
		}
	}
}

func TestFormat_ComposesDial(t *testing.T) {
	end := time.Date(2025, 3, 14, 15, 9, 0, 0, workdays.Prague())
	tests := []struct {
		name string
		rec  Record
		want string
	}{
		{"incoming with DDI, name and number",
			Record{Direction: Incoming, End: end, Extension: "101", Trunk: "01", Number: "601123456", CallerName: "NOVAK",
				DDI: "200", Ring: 7 * time.Second, Duration: 95 * time.Second, Condition: CondTransfer},
			"14/03/25 03:09PM   101 01 <D>200<I>NOVAK601123456   0'07 00:01'35            TR"},
		{"intercom", Record{Direction: Intercom, End: end, Extension: "101", Number: "102", Duration: time.Second},
			"14/03/25 03:09PM   101    EXT102                         00:00'01"},
		{"outgoing cut to the column",
			Record{Direction: Outgoing, End: end, Extension: "101", Trunk: "01", Number: "00420601123456789012345678"},
			"14/03/25 03:09PM   101 01 0042060112345678901234567      00:00'00"},
		{"not answered", Record{Direction: Incoming, End: end, Extension: "101", Trunk: "01", Number: "601123456",
			Ring: 30 * time.Second, Condition: CondNotAnswered},
			"14/03/25 03:09PM   101 01 <I>601123456              0'30 00:00'00            NA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Format(Options{Layout: PatternA}, tt.rec)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimRight(got, " ") != tt.want {
				t.Errorf("Format(%+v) =\n  %q, want\n  %q", tt.rec, got, tt.want)
			}
		})
	}
}

func TestFormat_Errors(t *testing.T) {
	rec := Record{Direction: Outgoing, Extension: "101", Trunk: "01", Number: "123"}
	tests := []struct {
		name string
		opts Options
		rec  Record
	}{
		{"no layout", Options{}, rec},
		{"extension too wide", Options{Layout: PatternA}, Record{Extension: "123456"}},
		{"trunk too wide for A", Options{Layout: PatternA}, Record{Extension: "1", Trunk: "0001"}},
		{"ring too long", Options{Layout: PatternA}, Record{Extension: "1", Ring: 10 * time.Minute}},
		{"duration too long", Options{Layout: PatternA}, Record{Extension: "1", Duration: 100 * time.Hour}},
		{"bad options", Options{Layout: PatternA, YearPivot: -1}, rec},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Format(tt.opts, tt.rec); err == nil {
				t.Errorf("Format(%+v) = %q, want an error", tt.rec, got)
			}
		})
	}
	if got, err := FormatStatus(Options{}, StatusLine{Extension: "1", Text: "LOG IN"}); err == nil {
		t.Errorf("FormatStatus without a layout = %q, want an error", got)
	}
}

func TestHeader_Detected(t *testing.T) {
	manual, err := os.ReadFile(filepath.Join("testdata", "pattern-a-manual.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(manual), "\n"); Header(PatternA) != first {
		t.Errorf("Header(PatternA) = %q, want the manual's %q", Header(PatternA), first)
	}
	for _, l := range []Layout{PatternA, PatternB, PatternC} {
		got, err := newParser(t, Options{}).Parse(Header(l))
		if err != nil || got.Kind != KindHeader || got.Layout != l {
			t.Errorf("Parse(Header(%s)) = %s, %v; want a header of %s", l, describe(got), err, l)
		}
	}
	for l, want := range map[Layout]int{PatternA: 80, PatternB: 81, PatternC: 120, Auto: 0} {
		if got := len(Separator(l)); got != want {
			t.Errorf("len(Separator(%s)) = %d, want %d", l, got, want)
		}
	}
}
