package workdays

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zone database
)

func TestPrague_Location(t *testing.T) {
	if got := Prague().String(); got != "Europe/Prague" {
		t.Errorf("Prague() = %q, want %q", got, "Europe/Prague")
	}
}

func TestNewDate_Normalises(t *testing.T) {
	tests := []struct {
		name             string
		year             int
		month            time.Month
		day              int
		want             Date
		wantISO, wantCZE string
	}{
		{"plain", 2024, time.March, 5, Date{2024, time.March, 5}, "2024-03-05", "05.03.2024"},
		{"feb 30 leap", 2024, time.February, 30, Date{2024, time.March, 1}, "2024-03-01", "01.03.2024"},
		{"feb 30", 2023, time.February, 30, Date{2023, time.March, 2}, "2023-03-02", "02.03.2023"},
		{"month 13", 2024, 13, 1, Date{2025, time.January, 1}, "2025-01-01", "01.01.2025"},
		{"day 0", 2024, time.January, 0, Date{2023, time.December, 31}, "2023-12-31", "31.12.2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewDate(tt.year, tt.month, tt.day)
			if got != tt.want {
				t.Errorf("NewDate(%d, %d, %d) = %v, want %v", tt.year, tt.month, tt.day, got, tt.want)
			}
			if s := got.String(); s != tt.wantISO {
				t.Errorf("String() = %q, want %q", s, tt.wantISO)
			}
			if s := got.Czech(); s != tt.wantCZE {
				t.Errorf("Czech() = %q, want %q", s, tt.wantCZE)
			}
		})
	}
}

func TestDate_Zero(t *testing.T) {
	var d Date
	if !d.IsZero() {
		t.Errorf("Date{}.IsZero() = false, want true")
	}
	if NewDate(2024, 1, 1).IsZero() {
		t.Errorf("NewDate(2024, 1, 1).IsZero() = true, want false")
	}
	if s := d.String(); s != "" {
		t.Errorf("Date{}.String() = %q, want %q", s, "")
	}
	if s := d.Czech(); s != "" {
		t.Errorf("Date{}.Czech() = %q, want %q", s, "")
	}
}

func TestDateOf_Prague(t *testing.T) {
	tests := []struct {
		name string
		utc  string
		want Date
	}{
		{"winter before midnight", "2024-01-15T22:59:59Z", Date{2024, time.January, 15}},
		{"winter after midnight", "2024-01-15T23:00:00Z", Date{2024, time.January, 16}},
		{"summer before midnight", "2024-07-01T21:59:59Z", Date{2024, time.July, 1}},
		{"summer after midnight", "2024-07-01T22:00:00Z", Date{2024, time.July, 2}},
		{"new year", "2024-12-31T23:30:00Z", Date{2025, time.January, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, tt.utc)
			if err != nil {
				t.Fatal(err)
			}
			if got := DateOf(at); got != tt.want {
				t.Errorf("DateOf(%s) = %v, want %v", tt.utc, got, tt.want)
			}
			if got := Today(at); got != tt.want {
				t.Errorf("Today(%s) = %v, want %v", tt.utc, got, tt.want)
			}
		})
	}
}

func TestDate_StartEnd(t *testing.T) {
	tests := []struct {
		name      string
		d         Date
		wantStart string
		wantHours time.Duration
	}{
		{"winter", Date{2024, time.January, 15}, "2024-01-14T23:00:00Z", 24},
		{"summer", Date{2024, time.July, 1}, "2024-06-30T22:00:00Z", 24},
		{"spring forward", Date{2024, time.March, 31}, "2024-03-30T23:00:00Z", 23},
		{"fall back", Date{2024, time.October, 27}, "2024-10-26T22:00:00Z", 25},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start, end := tt.d.Start(), tt.d.End()
			if got := start.UTC().Format(time.RFC3339); got != tt.wantStart {
				t.Errorf("%v.Start() = %s, want %s", tt.d, got, tt.wantStart)
			}
			if got := end.Sub(start); got != tt.wantHours*time.Hour {
				t.Errorf("%v.End() - Start() = %v, want %v", tt.d, got, tt.wantHours*time.Hour)
			}
			if got := DateOf(start); got != tt.d {
				t.Errorf("DateOf(%v.Start()) = %v, want %v", tt.d, got, tt.d)
			}
			if got := DateOf(end.Add(-time.Nanosecond)); got != tt.d {
				t.Errorf("DateOf(%v.End() - 1ns) = %v, want %v", tt.d, got, tt.d)
			}
		})
	}
}

func TestDate_Compare(t *testing.T) {
	tests := []struct {
		d, e Date
		want int
	}{
		{Date{2024, 5, 1}, Date{2024, 5, 1}, 0},
		{Date{2024, 5, 1}, Date{2024, 5, 2}, -1},
		{Date{2024, 5, 31}, Date{2024, 6, 1}, -1},
		{Date{2025, 1, 1}, Date{2024, 12, 31}, 1},
		{Date{2024, 6, 1}, Date{2024, 5, 31}, 1},
		{Date{}, Date{1, 1, 1}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.d.String()+"_"+tt.e.String(), func(t *testing.T) {
			if got := tt.d.Compare(tt.e); got != tt.want {
				t.Errorf("%v.Compare(%v) = %d, want %d", tt.d, tt.e, got, tt.want)
			}
			if got := tt.d.Before(tt.e); got != (tt.want < 0) {
				t.Errorf("%v.Before(%v) = %v, want %v", tt.d, tt.e, got, tt.want < 0)
			}
			if got := tt.d.After(tt.e); got != (tt.want > 0) {
				t.Errorf("%v.After(%v) = %v, want %v", tt.d, tt.e, got, tt.want > 0)
			}
		})
	}
}

func TestDate_AddDaysWeekday(t *testing.T) {
	tests := []struct {
		d    Date
		n    int
		want Date
		wd   time.Weekday
	}{
		{Date{2024, time.February, 28}, 1, Date{2024, time.February, 29}, time.Thursday},
		{Date{2023, time.February, 28}, 1, Date{2023, time.March, 1}, time.Wednesday},
		{Date{2024, time.December, 31}, 1, Date{2025, time.January, 1}, time.Wednesday},
		{Date{2024, time.March, 1}, -1, Date{2024, time.February, 29}, time.Thursday},
		{Date{2024, time.January, 1}, 366, Date{2025, time.January, 1}, time.Wednesday},
		{Date{2024, time.March, 31}, 0, Date{2024, time.March, 31}, time.Sunday},
	}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			got := tt.d.AddDays(tt.n)
			if got != tt.want {
				t.Errorf("%v.AddDays(%d) = %v, want %v", tt.d, tt.n, got, tt.want)
			}
			if wd := got.Weekday(); wd != tt.wd {
				t.Errorf("%v.Weekday() = %v, want %v", got, wd, tt.wd)
			}
		})
	}
}

func TestParseDate_Valid(t *testing.T) {
	tests := []struct {
		in   string
		want Date
	}{
		{"2006-01-02", Date{2006, time.January, 2}},
		{"2024-02-29", Date{2024, time.February, 29}},
		{"2.1.2006", Date{2006, time.January, 2}},
		{"02.01.2006", Date{2006, time.January, 2}},
		{"2. 1. 2006", Date{2006, time.January, 2}},
		{"31.12.2024", Date{2024, time.December, 31}},
		{"  2024-05-08\n", Date{2024, time.May, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v, want %v, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseDate_Invalid(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"spaces", "   "},
		{"no separators", "20060102"},
		{"slashes", "2006/01/02"},
		{"short year", "06-01-02"},
		{"single digit month iso", "2006-1-02"},
		{"month 13", "2006-13-01"},
		{"month 0", "2006-00-10"},
		{"day 0", "2006-01-00"},
		{"day 32", "2006-01-32"},
		{"feb 29 non leap", "2023-02-29"},
		{"april 31", "31.4.2024"},
		{"year 0", "0000-01-01"},
		{"sign", "+2006-01-02"},
		{"letters", "2006-0a-02"},
		{"czech two dots", "2.1."},
		{"czech short year", "2.1.24"},
		{"czech four dots", "2.1.2006."},
		{"czech triple digit day", "002.1.2006"},
		{"czech empty day", ".1.2006"},
		{"czech sign", "-2.1.2006"},
		{"us order", "12/31/2024"},
		{"time included", "2006-01-02T15:04:05Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %v, nil, want an error", tt.in, got)
			}
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("ParseDate(%q) error = %v, want it to wrap ErrInvalidDate", tt.in, err)
			}
			if !strings.HasPrefix(err.Error(), "workdays: ") {
				t.Errorf("ParseDate(%q) error = %q, want prefix %q", tt.in, err, "workdays: ")
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) date = %v, want the zero Date", tt.in, got)
			}
		})
	}
}

func TestDate_TextRoundTrip(t *testing.T) {
	for d := NewDate(2023, time.December, 25); d.Before(NewDate(2025, time.January, 10)); d = d.AddDays(1) {
		text, err := d.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText() error = %v", d, err)
		}
		var back Date
		if err := back.UnmarshalText(text); err != nil || back != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v, want %v, nil", text, back, err, d)
		}
		if back, err := ParseDate(d.Czech()); err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, %v, want %v, nil", d.Czech(), back, err, d)
		}
	}
}

func TestDate_JSON(t *testing.T) {
	type doc struct {
		Due  Date `json:"due"`
		Done Date `json:"done"`
	}
	in := doc{Due: Date{2024, time.May, 8}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("json.Marshal(%v) error = %v", in, err)
	}
	const want = `{"due":"2024-05-08","done":""}`
	if string(b) != want {
		t.Errorf("json.Marshal(%v) = %s, want %s", in, b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json.Unmarshal(%s) = %v, %v, want %v, nil", b, out, err, in)
	}
	out = doc{Due: Date{2000, 1, 1}}
	if err := json.Unmarshal([]byte(`{"due":""}`), &out); err != nil || !out.Due.IsZero() {
		t.Errorf(`json.Unmarshal({"due":""}) = %v, %v, want the zero Date, nil`, out.Due, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"2024-02-30"}`), &out); !errors.Is(err, ErrInvalidDate) {
		t.Errorf(`json.Unmarshal({"due":"2024-02-30"}) error = %v, want ErrInvalidDate`, err)
	}
}
