package workdays

import (
	"slices"
	"time"
)

// goodFridayFrom is the first year in which Good Friday is a Czech public holiday.
const goodFridayFrom = 2016

// Holiday is a Czech public holiday (zákon č. 245/2000 Sb.).
type Holiday struct {
	// Date is the day of the holiday.
	Date Date
	// Name is the Czech name as the law gives it.
	Name string
	// NameEN is an English translation of Name.
	NameEN string
}

// fixedHoliday is a holiday on the same day every year.
type fixedHoliday struct {
	month  time.Month
	day    int
	name   string
	nameEN string
}

// fixedHolidays returns the holidays with a fixed date, in calendar order. It
// returns an array value so callers cannot change the table.
func fixedHolidays() [11]fixedHoliday {
	return [11]fixedHoliday{
		{time.January, 1, "Den obnovy samostatného českého státu, Nový rok", "Restoration Day of the Independent Czech State, New Year's Day"},
		{time.May, 1, "Svátek práce", "Labour Day"},
		{time.May, 8, "Den vítězství", "Victory in Europe Day"},
		{time.July, 5, "Den slovanských věrozvěstů Cyrila a Metoděje", "Saints Cyril and Methodius Day"},
		{time.July, 6, "Den upálení mistra Jana Husa", "Jan Hus Day"},
		{time.September, 28, "Den české státnosti", "St. Wenceslas Day (Czech Statehood Day)"},
		{time.October, 28, "Den vzniku samostatného československého státu", "Independent Czechoslovak State Day"},
		{time.November, 17, "Den boje za svobodu a demokracii a Mezinárodní den studentstva", "Struggle for Freedom and Democracy Day and International Students' Day"},
		{time.December, 24, "Štědrý den", "Christmas Eve"},
		{time.December, 25, "1. svátek vánoční", "Christmas Day"},
		{time.December, 26, "2. svátek vánoční", "St. Stephen's Day"},
	}
}

// Easter returns the date of Easter Sunday of the year in the Gregorian calendar,
// computed with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return Date{Year: year, Month: time.Month(n / 31), Day: n%31 + 1}
}

// easterHolidays returns the holidays that move with Easter in the year: Good
// Friday (from 2016) and Easter Monday.
func easterHolidays(year int) []Holiday {
	sunday := Easter(year)
	out := make([]Holiday, 0, 2)
	if year >= goodFridayFrom {
		out = append(out, Holiday{Date: sunday.AddDays(-2), Name: "Velký pátek", NameEN: "Good Friday"})
	}
	return append(out, Holiday{Date: sunday.AddDays(1), Name: "Velikonoční pondělí", NameEN: "Easter Monday"})
}

// Holidays returns the Czech public holidays of the year sorted by date.
func Holidays(year int) []Holiday {
	fixed := fixedHolidays()
	out := make([]Holiday, 0, len(fixed)+2)
	for _, f := range fixed {
		out = append(out, Holiday{Date: Date{Year: year, Month: f.month, Day: f.day}, Name: f.name, NameEN: f.nameEN})
	}
	out = append(out, easterHolidays(year)...)
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// IsHoliday reports whether d is a Czech public holiday and returns it.
func IsHoliday(d Date) (Holiday, bool) {
	for _, f := range fixedHolidays() {
		if d.Month == f.month && d.Day == f.day {
			return Holiday{Date: d, Name: f.name, NameEN: f.nameEN}, true
		}
	}
	// Good Friday is March 20 at the earliest, Easter Monday April 26 at the latest.
	if d.Month != time.March && d.Month != time.April {
		return Holiday{}, false
	}
	for _, h := range easterHolidays(d.Year) {
		if h.Date == d {
			return h, true
		}
	}
	return Holiday{}, false
}

// IsWorkday reports whether d is a working day: Monday to Friday and not a public
// holiday.
func IsWorkday(d Date) bool {
	if isWeekend(d) {
		return false
	}
	_, holiday := IsHoliday(d)
	return !holiday
}

// isWeekend reports whether d is a Saturday or a Sunday.
func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
