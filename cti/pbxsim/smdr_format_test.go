package pbxsim

import (
	"strings"
	"testing"
	"time"

	"linka/internal/workdays"
)

// prague returns a wall-clock time in Europe/Prague.
func prague(year int, month time.Month, day, hour, minute int) time.Time {
	return time.Date(year, month, day, hour, minute, 0, 0, workdays.Prague())
}

// sec returns n seconds.
func sec(n int) time.Duration { return time.Duration(n) * time.Second }

func TestSMDRFormat_ManualLines(t *testing.T) {
	// The lines of ../../../shared/testdata/smdr/pattern-a-manual.txt,
	// assembled from the Feature Guide's layout and example values.
	day := func(h, m int) time.Time { return prague(2002, 1, 2, h, m) }
	tests := []struct {
		name string
		r    smdrRecord
		want string
	}{
		{"missed", smdrRecord{at: day(10, 3), ext: "1200", co: "01", dial: "<I>12345678901234567890", ring: sec(315), duration: 0, condition: "NA"},
			"01/02/02 10:03AM  1200 01 <I>12345678901234567890   5'15 00:00'00            NA"},
		{"outgoing with account code", smdrRecord{at: day(10, 7), ext: "1200", co: "01", dial: "1234567890123456", ring: noTime, duration: sec(65), account: "9876543210"},
			"01/02/02 10:07AM  1200 01 1234567890123456               00:01'05 9876543210"},
		{"verification code", smdrRecord{at: day(10, 15), ext: "*123", co: "01", dial: "1234567890123456", ring: noTime, duration: sec(725), account: "98765"},
			"01/02/02 10:15AM  *123 01 1234567890123456               00:12'05 98765"},
		{"transfer with DDI", smdrRecord{at: day(10, 30), ext: "1234", co: "01", dial: "<D>CDE9876<I>Q COMPANY", ring: sec(5), duration: sec(65), condition: "TR"},
			"01/02/02 10:30AM  1234 01 <D>CDE9876<I>Q COMPANY    0'05 00:01'05            TR"},
		{"received call", smdrRecord{at: day(13, 7), ext: "1234", co: "01", dial: "<I>ABC COMPANY12345678", ring: sec(5), duration: sec(5), condition: "RC"},
			"01/02/02 01:07PM  1234 01 <I>ABC COMPANY12345678    0'05 00:00'05            RC"},
		{"intercom", smdrRecord{at: day(13, 7), ext: "1234", dial: "EXT1235", ring: noTime, duration: sec(40)},
			"01/02/02 01:07PM  1234    EXT1235                        00:00'40"},
		{"log in", smdrRecord{at: day(13, 7), ext: "1234", status: "LOG IN"},
			"01/02/02 01:07PM  1234    LOG IN"},
		{"privacy digits", smdrRecord{at: day(16, 5), ext: "1234", co: "01", dial: "123456XX", ring: noTime, duration: sec(130)},
			"01/02/02 04:05PM  1234 01 123456XX                       00:02'10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := smdrFormat{}.format(tt.r)
			if got != tt.want {
				t.Errorf("format(%+v) =\n%q, want\n%q", tt.r, got, tt.want)
			}
			for i := range min(len(got), len(tt.want)) {
				if got[i] != tt.want[i] {
					t.Errorf("column %d = %q, want %q", i, got[i], tt.want[i])
					break
				}
			}
		})
	}
}

func TestSMDRFormat_Columns(t *testing.T) {
	r := smdrRecord{
		at: prague(2025, 12, 31, 23, 59), ext: "12345", co: "42", dial: "<D>544503101<I>602123456",
		ring: sec(9*60 + 7), duration: sec(12*3600 + 34*60 + 56), account: "ACC0123456", condition: "TR",
	}
	// PROTOCOLS.md, Pattern A: 0-based first and last columns.
	columns := []struct {
		field       string
		first, last int
		want        string
	}{
		{"date", 0, 7, "12/31/25"},
		{"time", 9, 15, "11:59PM"},
		{"ext", 17, 21, "12345"},
		{"CO", 23, 24, "42"},
		{"dial number", 26, 50, "<D>544503101<I>602123456 "},
		{"ring", 52, 55, "9'07"},
		{"duration", 57, 64, "12:34'56"},
		{"account code", 66, 75, "ACC0123456"},
		{"condition", 77, 79, "TR "},
	}
	got := smdrFormat{pad: true}.format(r)
	if len(got) != smdrWidth {
		t.Fatalf("len(format(padded)) = %d, want %d", len(got), smdrWidth)
	}
	for _, c := range columns {
		if s := got[c.first : c.last+1]; s != c.want {
			t.Errorf("format(r)[%d:%d] (%s) = %q, want %q", c.first, c.last+1, c.field, s, c.want)
		}
	}
	blanks := []int{8, 16, 22, 25, 51, 56, 65, 76}
	for _, i := range blanks {
		if got[i] != ' ' {
			t.Errorf("format(r)[%d] = %q, want a blank between fields", i, got[i])
		}
	}
}

func TestSMDRFormat_Values(t *testing.T) {
	base := smdrRecord{at: prague(2025, 3, 4, 9, 5), ext: "101", co: "01", dial: "777123456", ring: noTime, duration: 0}
	tests := []struct {
		name  string
		f     smdrFormat
		edit  func(r *smdrRecord)
		first int
		want  string
	}{
		{"month first", smdrFormat{}, nil, 0, "03/04/25 09:05AM"},
		{"day first", smdrFormat{dayFirst: true}, nil, 0, "04/03/25 09:05AM"},
		{"noon", smdrFormat{}, func(r *smdrRecord) { r.at = prague(2025, 3, 4, 12, 5) }, 9, "12:05PM"},
		{"midnight", smdrFormat{}, func(r *smdrRecord) { r.at = prague(2025, 3, 4, 0, 5) }, 9, "12:05AM"},
		{"local time of a UTC instant", smdrFormat{}, func(r *smdrRecord) { r.at = time.Date(2025, 7, 1, 22, 30, 0, 0, time.UTC) }, 0, "07/02/25 12:30AM"},
		{"seconds dropped from the time", smdrFormat{}, func(r *smdrRecord) { r.at = r.at.Add(59 * time.Second) }, 9, "09:05AM"},
		{"long extension keeps its end", smdrFormat{}, func(r *smdrRecord) { r.ext = "1234567" }, 17, "34567"},
		{"long dial number cut", smdrFormat{}, func(r *smdrRecord) { r.dial = strings.Repeat("9", 30) }, 26, strings.Repeat("9", 25) + " "},
		{"ring capped", smdrFormat{}, func(r *smdrRecord) { r.ring = 15 * time.Minute }, 52, "9'59"},
		{"ring rounded down", smdrFormat{}, func(r *smdrRecord) { r.ring = 1999 * time.Millisecond }, 52, "0'01"},
		{"duration capped", smdrFormat{}, func(r *smdrRecord) { r.duration = 120 * time.Hour }, 57, "99:59'59"},
		{"no ring, zero duration", smdrFormat{}, nil, 51, "      00:00'00"},
		{"one-digit trunk right-aligned", smdrFormat{}, func(r *smdrRecord) { r.co = "7" }, 23, " 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			if tt.edit != nil {
				tt.edit(&r)
			}
			got := tt.f.format(r)
			if end := tt.first + len(tt.want); end > len(got) || got[tt.first:end] != tt.want {
				t.Errorf("format(%+v) = %q, want %q at column %d", r, got, tt.want, tt.first)
			}
		})
	}
}

func TestSMDRFormat_Trimming(t *testing.T) {
	r := smdrRecord{at: prague(2025, 3, 4, 9, 5), ext: "101", status: statusLogOut}
	if got, want := (smdrFormat{}).format(r), "03/04/25 09:05AM   101    LOG OUT"; got != want {
		t.Errorf("format(status) = %q, want %q", got, want)
	}
	got := smdrFormat{pad: true}.format(r)
	if len(got) != smdrWidth || strings.TrimRight(got, " ") != "03/04/25 09:05AM   101    LOG OUT" {
		t.Errorf("format(status, padded) = %q, want the line padded to %d columns", got, smdrWidth)
	}
	if len(smdrHeader) > smdrWidth || len(smdrSeparator) != smdrWidth {
		t.Errorf("header and separator are %d and %d columns, want at most %d and %d", len(smdrHeader), len(smdrSeparator), smdrWidth, smdrWidth)
	}
}
