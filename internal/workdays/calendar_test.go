package workdays

import (
	"math/rand/v2"
	"testing"
	"time"
)

// d is a shorthand for a Date literal in tests.
func d(year int, month time.Month, day int) Date {
	return Date{Year: year, Month: month, Day: day}
}

// officeCalendar returns a calendar with closed days on a weekday, on a weekend
// and on a public holiday.
func officeCalendar() Calendar {
	return Calendar{Closed: map[Date]string{
		d(2024, time.December, 27): "office closed",
		d(2024, time.December, 28): "closed on a Saturday",
		d(2025, time.May, 8):       "closed on a holiday",
		d(2025, time.May, 9):       "bridge day",
	}}
}

func TestCalendar_Deadline(t *testing.T) {
	tests := []struct {
		name  string
		cal   Calendar
		event Date
		days  int
		want  Date
	}{
		{"weekday", Calendar{}, d(2024, time.June, 3), 15, d(2024, time.June, 18)},
		{"ends on saturday", Calendar{}, d(2024, time.May, 3), 15, d(2024, time.May, 20)},
		{"event on saturday", Calendar{}, d(2024, time.May, 4), 3, d(2024, time.May, 7)},
		{"ends on victory day", Calendar{}, d(2024, time.May, 7), 1, d(2024, time.May, 9)},
		{"christmas 2024", Calendar{}, d(2024, time.December, 9), 15, d(2024, time.December, 27)},
		{"christmas 2025 and weekend", Calendar{}, d(2025, time.December, 9), 15, d(2025, time.December, 29)},
		{"new year", Calendar{}, d(2024, time.December, 2), 30, d(2025, time.January, 2)},
		{"easter 2025", Calendar{}, d(2025, time.March, 19), 30, d(2025, time.April, 22)},
		{"closed day after christmas", officeCalendar(), d(2024, time.December, 9), 15, d(2024, time.December, 30)},
		{"closed bridge day", officeCalendar(), d(2025, time.May, 7), 1, d(2025, time.May, 12)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Deadline(tt.event, tt.days); got != tt.want {
				t.Errorf("Deadline(%v, %d) = %v, want %v", tt.event, tt.days, got, tt.want)
			}
		})
	}
}

func TestCalendar_DeadlineMonths(t *testing.T) {
	tests := []struct {
		name   string
		event  Date
		months int
		want   Date
	}{
		{"31 jan leap year", d(2024, time.January, 31), 1, d(2024, time.February, 29)},
		{"31 jan", d(2023, time.January, 31), 1, d(2023, time.February, 28)},
		{"31 jan friday", d(2025, time.January, 31), 1, d(2025, time.February, 28)},
		{"31 jan ends saturday", d(2026, time.January, 31), 1, d(2026, time.March, 2)},
		{"31 mar", d(2024, time.March, 31), 1, d(2024, time.April, 30)},
		{"31 aug", d(2024, time.August, 31), 1, d(2024, time.September, 30)},
		{"ends christmas eve", d(2024, time.November, 24), 1, d(2024, time.December, 27)},
		{"over year end", d(2024, time.November, 15), 2, d(2025, time.January, 15)},
		{"31 oct plus 4", d(2024, time.October, 31), 4, d(2025, time.February, 28)},
		{"one year", d(2024, time.May, 15), 12, d(2025, time.May, 15)},
		{"29 feb plus a year", d(2024, time.February, 29), 12, d(2025, time.February, 28)},
		{"ends on statehood day saturday", d(2024, time.June, 28), 3, d(2024, time.September, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Calendar{}).DeadlineMonths(tt.event, tt.months); got != tt.want {
				t.Errorf("DeadlineMonths(%v, %d) = %v, want %v", tt.event, tt.months, got, tt.want)
			}
		})
	}
}

func TestCalendar_AddWorkdays(t *testing.T) {
	tests := []struct {
		name string
		cal  Calendar
		from Date
		n    int
		want Date
	}{
		{"friday plus one", Calendar{}, d(2024, time.May, 3), 1, d(2024, time.May, 6)},
		{"over a holiday", Calendar{}, d(2024, time.May, 3), 3, d(2024, time.May, 9)},
		{"saturday plus one", Calendar{}, d(2024, time.May, 4), 1, d(2024, time.May, 6)},
		{"saturday minus one", Calendar{}, d(2024, time.May, 4), -1, d(2024, time.May, 3)},
		{"monday minus one", Calendar{}, d(2024, time.May, 6), -1, d(2024, time.May, 3)},
		{"zero on saturday", Calendar{}, d(2024, time.May, 4), 0, d(2024, time.May, 4)},
		{"over christmas", Calendar{}, d(2024, time.December, 23), 1, d(2024, time.December, 27)},
		{"over christmas closed", officeCalendar(), d(2024, time.December, 23), 1, d(2024, time.December, 30)},
		{"back over easter", Calendar{}, d(2024, time.April, 2), -1, d(2024, time.March, 28)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.AddWorkdays(tt.from, tt.n); got != tt.want {
				t.Errorf("AddWorkdays(%v, %d) = %v, want %v", tt.from, tt.n, got, tt.want)
			}
		})
	}
}

func TestCalendar_WorkdaysBetween(t *testing.T) {
	tests := []struct {
		name     string
		cal      Calendar
		from, to Date
		want     int
	}{
		{"same day", Calendar{}, d(2024, time.May, 3), d(2024, time.May, 3), 0},
		{"friday to monday", Calendar{}, d(2024, time.May, 3), d(2024, time.May, 6), 1},
		{"monday to friday", Calendar{}, d(2024, time.May, 6), d(2024, time.May, 3), -1},
		{"weekend", Calendar{}, d(2024, time.May, 4), d(2024, time.May, 5), 0},
		{"year 2024", Calendar{}, d(2023, time.December, 31), d(2024, time.December, 31), 252},
		{"year 2024 backwards", Calendar{}, d(2025, time.January, 1), d(2024, time.January, 1), -252},
		{"year 2024 office", officeCalendar(), d(2023, time.December, 31), d(2024, time.December, 31), 251},
		{"may 2025 office", officeCalendar(), d(2025, time.April, 30), d(2025, time.May, 31), 19},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.WorkdaysBetween(tt.from, tt.to); got != tt.want {
				t.Errorf("WorkdaysBetween(%v, %v) = %d, want %d", tt.from, tt.to, got, tt.want)
			}
		})
	}
}

func TestCalendar_AddWorkdaysRoundTrip(t *testing.T) {
	for _, cal := range []Calendar{{}, officeCalendar()} {
		for from := d(2023, time.December, 1); from.Before(d(2026, time.February, 1)); from = from.AddDays(1) {
			for n := -25; n <= 25; n++ {
				to := cal.AddWorkdays(from, n)
				if got := cal.WorkdaysBetween(from, to); got != n {
					t.Fatalf("WorkdaysBetween(%v, AddWorkdays(%v, %d) = %v) = %d, want %d", from, from, n, to, got, n)
				}
				if n != 0 && !cal.IsWorkday(to) {
					t.Fatalf("AddWorkdays(%v, %d) = %v, want a working day", from, n, to)
				}
				if cal.IsWorkday(from) {
					if back := cal.AddWorkdays(to, -n); back != from {
						t.Fatalf("AddWorkdays(AddWorkdays(%v, %d), %d) = %v, want %v", from, n, -n, back, from)
					}
					if got := cal.WorkdaysBetween(to, from); got != -n {
						t.Fatalf("WorkdaysBetween(%v, %v) = %d, want %d", to, from, got, -n)
					}
				}
			}
		}
	}
}

// naiveWorkdaysBetween counts working days one by one, as the documentation of
// WorkdaysBetween defines them.
func naiveWorkdaysBetween(cal Calendar, from, to Date) int {
	count, sign := 0, 1
	lo, hi := from.AddDays(1), to // (from, to]
	if to.Before(from) {
		lo, hi, sign = to, from.AddDays(-1), -1 // [to, from)
	}
	for day := lo; !day.After(hi); day = day.AddDays(1) {
		if cal.IsWorkday(day) {
			count++
		}
	}
	return sign * count
}

func TestCalendar_WorkdaysBetweenMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2000, 245)) // fixed seed: the test is deterministic
	base := d(2014, time.January, 1)
	for _, cal := range []Calendar{{}, officeCalendar()} {
		for range 2000 {
			from := base.AddDays(rng.IntN(15 * 365))
			to := from.AddDays(rng.IntN(2*800) - 800)
			if got, want := cal.WorkdaysBetween(from, to), naiveWorkdaysBetween(cal, from, to); got != want {
				t.Fatalf("WorkdaysBetween(%v, %v) = %d, want %d", from, to, got, want)
			}
		}
	}
}

func TestCalendar_NextWorkday(t *testing.T) {
	tests := []struct {
		cal  Calendar
		in   Date
		want Date
	}{
		{Calendar{}, d(2024, time.May, 7), d(2024, time.May, 7)},
		{Calendar{}, d(2024, time.May, 8), d(2024, time.May, 9)},
		{Calendar{}, d(2024, time.December, 21), d(2024, time.December, 23)},
		{Calendar{}, d(2024, time.December, 24), d(2024, time.December, 27)},
		{officeCalendar(), d(2024, time.December, 24), d(2024, time.December, 30)},
	}
	for _, tt := range tests {
		t.Run(tt.in.String(), func(t *testing.T) {
			if got := tt.cal.NextWorkday(tt.in); got != tt.want {
				t.Errorf("NextWorkday(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func BenchmarkCalendar_Deadline(b *testing.B) {
	cal := officeCalendar()
	event := d(2024, time.December, 9)
	for b.Loop() {
		cal.Deadline(event, 15)
	}
}

func BenchmarkCalendar_WorkdaysBetween(b *testing.B) {
	var cal Calendar
	from, to := d(2024, time.January, 15), d(2024, time.March, 15)
	for b.Loop() {
		cal.WorkdaysBetween(from, to)
	}
}
