package workdays

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestEaster_KnownDates(t *testing.T) {
	// Easter Sundays from published tables, including the earliest (22 March) and
	// latest (25 April) possible dates.
	tests := []struct {
		year  int
		month time.Month
		day   int
	}{
		{1818, time.March, 22}, {1943, time.April, 25}, {2000, time.April, 23},
		{2008, time.March, 23}, {2011, time.April, 24}, {2015, time.April, 5},
		{2016, time.March, 27}, {2017, time.April, 16}, {2018, time.April, 1},
		{2019, time.April, 21}, {2020, time.April, 12}, {2021, time.April, 4},
		{2022, time.April, 17}, {2023, time.April, 9}, {2024, time.March, 31},
		{2025, time.April, 20}, {2026, time.April, 5}, {2027, time.March, 28},
		{2028, time.April, 16}, {2029, time.April, 1}, {2030, time.April, 21},
		{2038, time.April, 25}, {2285, time.March, 22},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			want := Date{tt.year, tt.month, tt.day}
			got := Easter(tt.year)
			if got != want {
				t.Errorf("Easter(%d) = %v, want %v", tt.year, got, want)
			}
			if wd := got.Weekday(); wd != time.Sunday {
				t.Errorf("Easter(%d).Weekday() = %v, want Sunday", tt.year, wd)
			}
		})
	}
}

func TestEaster_Range(t *testing.T) {
	lo, hi := Date{0, time.March, 22}, Date{0, time.April, 25}
	for year := 1583; year <= 4099; year++ {
		got := Easter(year)
		lo.Year, hi.Year = year, year
		if got.Before(lo) || got.After(hi) || got.Weekday() != time.Sunday {
			t.Fatalf("Easter(%d) = %v (%v), want a Sunday between %v and %v", year, got, got.Weekday(), lo, hi)
		}
	}
}

func TestHolidays_FullYears(t *testing.T) {
	fixedDates := []string{"01-01", "05-01", "05-08", "07-05", "07-06", "09-28", "10-28", "11-17", "12-24", "12-25", "12-26"}
	tests := []struct {
		year        int
		goodFriday  string
		easterMonth string
	}{
		{2015, "", "04-06"},
		{2016, "03-25", "03-28"},
		{2024, "03-29", "04-01"},
		{2025, "04-18", "04-21"},
		{2026, "04-03", "04-06"},
		{2027, "03-26", "03-29"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.year), func(t *testing.T) {
			want := []string{fixedDates[0]}
			if tt.goodFriday != "" {
				want = append(want, tt.goodFriday)
			}
			want = append(want, tt.easterMonth)
			want = append(want, fixedDates[1:]...)
			var got []string
			for _, h := range Holidays(tt.year) {
				got = append(got, fmt.Sprintf("%02d-%02d", h.Date.Month, h.Date.Day))
				if h.Date.Year != tt.year || h.Name == "" || h.NameEN == "" {
					t.Errorf("Holidays(%d) has %+v, want year %d and both names", tt.year, h, tt.year)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("Holidays(%d) = %v, want %v", tt.year, got, want)
			}
		})
	}
}

func TestIsHoliday_Names(t *testing.T) {
	tests := []struct {
		d            Date
		name, nameEN string
	}{
		{Date{2024, time.March, 29}, "Velký pátek", "Good Friday"},
		{Date{2024, time.April, 1}, "Velikonoční pondělí", "Easter Monday"},
		{Date{2024, time.July, 6}, "Den upálení mistra Jana Husa", "Jan Hus Day"},
		{Date{2025, time.December, 24}, "Štědrý den", "Christmas Eve"},
		{Date{2026, time.September, 28}, "Den české státnosti", "St. Wenceslas Day (Czech Statehood Day)"},
	}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			h, ok := IsHoliday(tt.d)
			if !ok || h.Date != tt.d || h.Name != tt.name || h.NameEN != tt.nameEN {
				t.Errorf("IsHoliday(%v) = %+v, %v, want %q/%q, true", tt.d, h, ok, tt.name, tt.nameEN)
			}
		})
	}
}

func TestIsHoliday_MatchesHolidays(t *testing.T) {
	for year := 2010; year <= 2035; year++ {
		want := map[Date]Holiday{}
		for _, h := range Holidays(year) {
			want[h.Date] = h
		}
		for d := NewDate(year, time.January, 1); d.Year == year; d = d.AddDays(1) {
			h, ok := IsHoliday(d)
			w, wantOK := want[d]
			if ok != wantOK || h != w {
				t.Fatalf("IsHoliday(%v) = %+v, %v, want %+v, %v", d, h, ok, w, wantOK)
			}
		}
	}
}

func TestIsWorkday_Days(t *testing.T) {
	tests := []struct {
		d    Date
		want bool
	}{
		{Date{2024, time.May, 7}, true},       // Tuesday
		{Date{2024, time.May, 8}, false},      // Wednesday, Victory Day
		{Date{2024, time.May, 11}, false},     // Saturday
		{Date{2024, time.May, 12}, false},     // Sunday
		{Date{2015, time.April, 3}, true},     // Good Friday before 2016
		{Date{2016, time.March, 25}, false},   // Good Friday from 2016
		{Date{2024, time.December, 27}, true}, // Friday after Christmas
	}
	for _, tt := range tests {
		t.Run(tt.d.String(), func(t *testing.T) {
			if got := IsWorkday(tt.d); got != tt.want {
				t.Errorf("IsWorkday(%v) = %v, want %v", tt.d, got, tt.want)
			}
		})
	}
}
