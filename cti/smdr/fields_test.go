package smdr

import (
	"errors"
	"testing"
	"time"
)

// lineAt builds a Pattern A outgoing call line with the given date and
// time columns.
func lineAt(date, clock string) string {
	return row(widthsA, date, clock, " 1234", "01", "0601123456", "", "00:01'05", "", "")
}

func TestParser_DateOrder(t *testing.T) {
	tests := []struct {
		name  string
		opts  Options
		date  string
		want  string
		field Field // when the date is refused
	}{
		{"DMY by default", Options{}, "01/02/02", "2002-02-01T10:03+01:00", 0},
		{"MDY", Options{DateOrder: MDY}, "01/02/02", "2002-01-02T10:03+01:00", 0},
		{"DMY end of year", Options{}, "31/12/25", "2025-12-31T10:03+01:00", 0},
		{"MDY end of year", Options{DateOrder: MDY}, "12/31/25", "2025-12-31T10:03+01:00", 0},
		{"year below the pivot", Options{}, "01/01/69", "2069-01-01T10:03+01:00", 0},
		{"year from the pivot", Options{}, "01/01/70", "1970-01-01T10:03+01:00", 0},
		{"configured pivot", Options{YearPivot: 50}, "01/01/69", "1969-01-01T10:03+01:00", 0},
		{"leap day", Options{}, "29/02/24", "2024-02-29T10:03+01:00", 0},
		{"no leap day", Options{}, "29/02/23", "", FieldDate},
		{"month 13 in MDY", Options{DateOrder: MDY}, "13/02/02", "", FieldDate},
		{"month 13 in DMY", Options{}, "02/13/02", "", FieldDate},
		{"day 32", Options{}, "32/01/02", "", FieldDate},
		{"day 0", Options{}, "00/01/02", "", FieldDate},
		{"31 April", Options{}, "31/04/02", "", FieldDate},
		{"dashes", Options{}, "01-02-02", "", FieldDate},
		{"letters", Options{}, "1O/02/02", "", FieldDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Layout = PatternA
			line := lineAt(tt.date, "10:03AM")
			got, err := newParser(t, tt.opts).Parse(line)
			checkWhen(t, line, got, err, tt.want, tt.field)
		})
	}
}

// checkWhen checks the end time of a parsed line, or that it was refused
// for field.
func checkWhen(t *testing.T, line string, got Line, err error, want string, field Field) {
	t.Helper()
	if want == "" {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Field != field {
			t.Errorf("Parse(%q) error = %v, want a *ParseError about the %s", line, err, field)
		}
		return
	}
	if err != nil {
		t.Fatalf("Parse(%q): %v", line, err)
	}
	if w := when(got.Record.End, got.Record.ClockChanged); w != want {
		t.Errorf("Parse(%q).End = %s, want %s", line, w, want)
	}
}

func TestParser_Clock(t *testing.T) {
	tests := []struct {
		name, date, clock string
		want              string
		field             Field
	}{
		{"midnight is 12AM", "01/02/02", "12:00AM", "2002-02-01T00:00+01:00", 0},
		{"12:59AM", "01/02/02", "12:59AM", "2002-02-01T00:59+01:00", 0},
		{"01AM", "01/02/02", "01:00AM", "2002-02-01T01:00+01:00", 0},
		{"11:59AM", "01/02/02", "11:59AM", "2002-02-01T11:59+01:00", 0},
		{"noon is 12PM", "01/02/02", "12:00PM", "2002-02-01T12:00+01:00", 0},
		{"12:30PM", "01/02/02", "12:30PM", "2002-02-01T12:30+01:00", 0},
		{"01:07PM", "01/02/02", "01:07PM", "2002-02-01T13:07+01:00", 0},
		{"11:59PM", "01/02/02", "11:59PM", "2002-02-01T23:59+01:00", 0},
		{"lower case", "01/02/02", "04:05pm", "2002-02-01T16:05+01:00", 0},
		{"summer time", "01/07/25", "10:00AM", "2025-07-01T10:00+02:00", 0},
		{"the hour skipped in spring", "29/03/26", "02:30AM", "2026-03-29T03:30+02:00", 0},
		{"hour 00", "01/02/02", "00:30AM", "", FieldTime},
		{"hour 13", "01/02/02", "13:00PM", "", FieldTime},
		{"minute 60", "01/02/02", "10:60AM", "", FieldTime},
		{"no AM or PM", "01/02/02", "10:30  ", "", FieldTime},
		{"XM", "01/02/02", "10:30XM", "", FieldTime},
		{"no colon", "01/02/02", "10-30AM", "", FieldTime},
	}
	p := newParser(t, Options{Layout: PatternA})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := lineAt(tt.date, tt.clock)
			got, err := p.Parse(line)
			checkWhen(t, line, got, err, tt.want, tt.field)
		})
	}
}

func TestParser_Location(t *testing.T) {
	line := lineAt("01/02/02", "10:03AM")
	got, err := newParser(t, Options{Layout: PatternA, Location: time.UTC}).Parse(line)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2002, 2, 1, 10, 3, 0, 0, time.UTC); !got.Record.End.Equal(want) || got.Record.End.Location() != time.UTC {
		t.Errorf("Parse(%q) with Location UTC: End = %v, want %v", line, got.Record.End, want)
	}
}

func TestParser_ClockChanged(t *testing.T) {
	p := newParser(t, Options{Layout: PatternA})
	rec := row(widthsA, "**/**/**", "**:****", " 1234", "01", "0601123456", "", "00:01'05", "", "")
	got, err := p.Parse(rec)
	if err != nil {
		t.Fatalf("Parse(%q): %v", rec, err)
	}
	if r := got.Record; !r.ClockChanged || !r.End.IsZero() || r.Number != "0601123456" || r.Duration != 65*time.Second {
		t.Errorf("Parse(%q) = %s, want a record with the clock changed and no end time", rec, describe(got))
	}
	status := "**/**/** **:****  1234    LOG OUT"
	got, err = p.Parse(status)
	if err != nil || got.Kind != KindStatus || !got.Status.ClockChanged || !got.Status.Time.IsZero() {
		t.Errorf("Parse(%q) = %s, %v; want a status with the clock changed", status, describe(got), err)
	}
	for _, bad := range []string{
		row(widthsA, "**/**/**", "10:03AM", " 1234", "01", "0601123456", "", "00:01'05", "", ""),
		row(widthsA, "**/**/**", "**:**AM", " 1234", "01", "0601123456", "", "00:01'05", "", ""),
	} {
		if _, err := p.Parse(bad); err == nil {
			t.Errorf("Parse(%q) = nil error, want the half clock-change marker refused", bad)
		}
	}
}

func TestParser_RingAndDuration(t *testing.T) {
	tests := []struct {
		name, ring, duration string
		wantRing, wantDur    time.Duration
		field                Field
	}{
		{"zero", "0'00", "00:00'00", 0, 0, 0},
		{"blank", "", "00:00'01", 0, time.Second, 0},
		{"seconds", "0'05", "00:00'59", 5 * time.Second, 59 * time.Second, 0},
		{"minutes", "5'15", "00:12'05", 5*time.Minute + 15*time.Second, 12*time.Minute + 5*time.Second, 0},
		{"hours", "9'59", "99:59'59", 9*time.Minute + 59*time.Second, 99*time.Hour + 59*time.Minute + 59*time.Second, 0},
		{"ring seconds 60", "0'60", "00:00'00", 0, 0, FieldRing},
		{"ring without quote", "0:05", "00:00'00", 0, 0, FieldRing},
		{"ring letters", "a'05", "00:00'00", 0, 0, FieldRing},
		{"duration minutes 60", "", "00:60'00", 0, 0, FieldDuration},
		{"duration seconds 60", "", "00:00'60", 0, 0, FieldDuration},
		{"duration with colons", "", "00:00:05", 0, 0, FieldDuration},
		{"duration short", "", "0:00'05", 0, 0, FieldDuration},
	}
	p := newParser(t, Options{Layout: PatternA})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			line := row(widthsA, "01/02/02", "10:03AM", " 1234", "01", "<I>601123456", tt.ring, tt.duration, "", "")
			got, err := p.Parse(line)
			if tt.field != 0 {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Field != tt.field {
					t.Errorf("Parse(%q) error = %v, want a *ParseError about the %s", line, err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", line, err)
			}
			if r := got.Record; r.Ring != tt.wantRing || r.Duration != tt.wantDur {
				t.Errorf("Parse(%q) ring, duration = %v, %v, want %v, %v", line, r.Ring, r.Duration, tt.wantRing, tt.wantDur)
			}
		})
	}
}
