package workdays

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// at returns the instant of a Prague wall-clock time.
func at(year int, month time.Month, day, hour, minute int) time.Time {
	return time.Date(year, month, day, hour, minute, 0, 0, Prague())
}

// mustHours parses s or fails the test.
func mustHours(t *testing.T, s string) WeeklyHours {
	t.Helper()
	h, err := ParseWeeklyHours(s)
	if err != nil {
		t.Fatalf("ParseWeeklyHours(%q) = %v", s, err)
	}
	return h
}

func TestParseWeeklyHours_Valid(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"weekdays", "mon-fri 08:00-16:00", "mon-fri 08:00-16:00"},
		{"later entry replaces", "mon-fri 08:00-16:00; wed 08:00-18:00", "mon-tue 08:00-16:00; wed 08:00-18:00; thu-fri 08:00-16:00"},
		{"two spans sorted", "mon 13:00-16:00, 8:00-12:00", "mon 08:00-12:00, 13:00-16:00"},
		{"czech names and dots", "Po–Pá 7.30–15.30; St 7.30-17.00", "mon-tue 07:30-15:30; wed 07:30-17:00; thu-fri 07:30-15:30"},
		{"day list", "mon,wed, fri 09:00-10:00", "mon 09:00-10:00; wed 09:00-10:00; fri 09:00-10:00"},
		{"range over the weekend", "fri-mon 10:00-11:00", "mon 10:00-11:00; fri-sun 10:00-11:00"},
		{"closed overrides", "mon-fri 08:00-16:00; fri closed", "mon-thu 08:00-16:00"},
		{"whole day", "sat-sun 00:00-24:00", "sat-sun 00:00-24:00"},
		{"full names and spaces", "  Monday  8:00 - 12:00 ;; ", "mon 08:00-12:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := mustHours(t, tt.in)
			if got := h.String(); got != tt.want {
				t.Errorf("ParseWeeklyHours(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
			again := mustHours(t, h.String())
			if again.String() != h.String() {
				t.Errorf("round trip of %q = %q", h.String(), again.String())
			}
		})
	}
}

func TestParseWeeklyHours_Invalid(t *testing.T) {
	tests := map[string]string{
		"empty":          "",
		"only separator": " ; ",
		"unknown day":    "mo-fr 08:00-16:00",
		"no days":        "08:00-16:00",
		"no times":       "mon-fri",
		"reversed span":  "mon 16:00-08:00",
		"empty span":     "mon 08:00-08:00",
		"overlap":        "mon 08:00-12:00, 11:00-13:00",
		"bad minute":     "mon 08:60-09:00",
		"past midnight":  "mon 22:00-24:30",
		"no minutes":     "mon 8-16",
		"hour digits":    "mon 008:00-09:00",
		"garbage":        "mon 08:00-16:00x",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			h, err := ParseWeeklyHours(in)
			if !errors.Is(err, ErrInvalidHours) {
				t.Errorf("ParseWeeklyHours(%q) = %v, %v, want an error wrapping ErrInvalidHours", in, h, err)
			}
		})
	}
}

func TestWeeklyHours_Open(t *testing.T) {
	h := mustHours(t, "mon-fri 08:00-16:00; wed 08:00-12:00, 13:00-18:00; sun 02:00-04:00")
	cal := Calendar{Closed: map[Date]string{d(2026, time.March, 13): "office closed"}}
	tests := []struct {
		name string
		t    time.Time
		want bool
	}{
		{"opening minute in winter", at(2026, time.March, 10, 8, 0), true},
		{"before opening in winter", at(2026, time.March, 10, 7, 59), false},
		{"last minute", at(2026, time.March, 10, 15, 59), true},
		{"closing minute", at(2026, time.March, 10, 16, 0), false},
		{"lunch break", at(2026, time.March, 11, 12, 30), false},
		{"long wednesday", at(2026, time.March, 11, 17, 30), true},
		{"saturday", at(2026, time.March, 14, 10, 0), false},
		{"closed day", at(2026, time.March, 13, 10, 0), false},
		{"good friday", at(2026, time.April, 3, 10, 0), false},
		{"easter monday", at(2026, time.April, 6, 10, 0), false},
		{"opening minute in summer", at(2026, time.March, 30, 8, 0), true},
		{"before opening in summer", at(2026, time.March, 30, 7, 59), false},
		{"08:00 summer as UTC", time.Date(2026, time.March, 30, 6, 0, 0, 0, time.UTC), true},
		{"08:00 winter in UTC is 07:00", time.Date(2026, time.March, 27, 7, 0, 0, 0, time.UTC), true},
		{"07:00 summer in UTC is 09:00", time.Date(2026, time.March, 30, 7, 0, 0, 0, time.UTC), true},
		{"before summer time begins", at(2026, time.March, 29, 1, 59), false},
		{"after summer time begins", time.Date(2026, time.March, 29, 1, 0, 0, 0, time.UTC), true},
		{"first 02:30 when winter time returns", time.Date(2026, time.October, 25, 0, 30, 0, 0, time.UTC), true},
		{"second 02:30 when winter time returns", time.Date(2026, time.October, 25, 1, 30, 0, 0, time.UTC), true},
		{"04:00 after winter time returns", time.Date(2026, time.October, 25, 3, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.Open(tt.t, cal); got != tt.want {
				t.Errorf("Open(%v) = %v, want %v", tt.t.In(Prague()), got, tt.want)
			}
		})
	}
}

func TestWeeklyHours_NextOpen(t *testing.T) {
	h := mustHours(t, "mon-fri 08:00-16:00")
	night := mustHours(t, "sun 02:30-04:00")
	cal := Calendar{Closed: map[Date]string{d(2026, time.December, 28): "office closed",
		d(2026, time.December, 29): "office closed", d(2026, time.December, 30): "office closed", d(2026, time.December, 31): "office closed"}}
	tests := []struct {
		name    string
		h       WeeklyHours
		t, want time.Time
	}{
		{"open now", h, at(2026, time.March, 10, 9, 15), at(2026, time.March, 10, 9, 15)},
		{"early morning", h, at(2026, time.March, 10, 6, 0), at(2026, time.March, 10, 8, 0)},
		{"evening", h, at(2026, time.March, 10, 16, 0), at(2026, time.March, 11, 8, 0)},
		{"weekend with summer time change", h, at(2026, time.March, 27, 16, 30), time.Date(2026, time.March, 30, 6, 0, 0, 0, time.UTC)},
		{"weekend with winter time change", h, at(2026, time.October, 23, 17, 0), time.Date(2026, time.October, 26, 7, 0, 0, 0, time.UTC)},
		{"easter", h, at(2026, time.April, 2, 16, 0), at(2026, time.April, 7, 8, 0)},
		{"christmas, closed days and new year", h, at(2026, time.December, 23, 16, 0), at(2027, time.January, 4, 8, 0)},
		{"span in the skipped hour opens at 03:00", night, at(2026, time.March, 29, 0, 0), time.Date(2026, time.March, 29, 1, 0, 0, 0, time.UTC)},
		{"night span in winter", night, at(2026, time.March, 22, 0, 0), time.Date(2026, time.March, 22, 1, 30, 0, 0, time.UTC)},
		{"never open", WeeklyHours{}, at(2026, time.March, 10, 9, 0), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.h.NextOpen(tt.t, cal)
			if !got.Equal(tt.want) {
				t.Errorf("NextOpen(%v) = %v, want %v", tt.t, got.In(Prague()), tt.want.In(Prague()))
			}
			if !got.IsZero() && !tt.h.Open(got, cal) {
				t.Errorf("Open(NextOpen(%v)) = false, want true", tt.t)
			}
		})
	}
}

func TestWeeklyHours_JSON(t *testing.T) {
	var v struct {
		Hours WeeklyHours `json:"hours"`
	}
	if err := json.Unmarshal([]byte(`{"hours": "po-pá 8:00-16:00"}`), &v); err != nil {
		t.Fatalf("Unmarshal = %v", err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), `{"hours":"mon-fri 08:00-16:00"}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	if err := json.Unmarshal([]byte(`{"hours": ""}`), &v); err != nil || !v.Hours.IsZero() {
		t.Errorf("Unmarshal(empty) = %v, %v; want the zero schedule", v.Hours, err)
	}
	if err := json.Unmarshal([]byte(`{"hours": "mon 9"}`), &v); !errors.Is(err, ErrInvalidHours) {
		t.Errorf("Unmarshal(invalid) = %v, want ErrInvalidHours", err)
	}
}
