package workdays

import "time"

// Calendar is the working calendar of an office: the Czech public holidays plus
// office-specific closed days (for example a day the office is closed between
// Christmas and New Year). Its zero value is the plain public calendar. A Calendar
// is safe for concurrent use as long as Closed is not modified.
type Calendar struct {
	// Closed maps the office's extra closed days to a reason shown to people.
	Closed map[Date]string
}

// isClosed reports whether d is one of the calendar's extra closed days.
func (c Calendar) isClosed(d Date) bool {
	_, ok := c.Closed[d]
	return ok
}

// IsWorkday reports whether d is a working day: Monday to Friday, not a public
// holiday and not a closed day of the calendar.
func (c Calendar) IsWorkday(d Date) bool {
	return IsWorkday(d) && !c.isClosed(d)
}

// NextWorkday returns d itself if it is a working day, otherwise the first working
// day after d.
func (c Calendar) NextWorkday(d Date) Date {
	for !c.IsWorkday(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkdays returns the n-th working day after d: AddWorkdays(friday, 1) is the
// following Monday. For n == 0 it returns d even if d is not a working day; for a
// negative n it returns the |n|-th working day before d. In both directions
// WorkdaysBetween(d, c.AddWorkdays(d, n)) == n.
func (c Calendar) AddWorkdays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// WorkdaysBetween counts working days from one date to another. If from <= to it
// returns the number of working days in (from, to], that is after from up to and
// including to. If to < from it returns minus the number of working days in
// [to, from), mirroring [Calendar.AddWorkdays] with a negative count. When both
// dates are working days, WorkdaysBetween(a, b) == -WorkdaysBetween(b, a).
func (c Calendar) WorkdaysBetween(from, to Date) int {
	if to.Before(from) {
		return -c.countWorkdays(to.AddDays(-1), from.AddDays(-1))
	}
	return c.countWorkdays(from, to)
}

// countWorkdays returns the number of working days in (a, b] for a <= b. It counts
// Monday to Friday arithmetically and then subtracts holidays and closed days that
// fall on those days, so its cost depends on the number of years and closed days,
// not on the length of the range.
func (c Calendar) countWorkdays(a, b Date) int {
	span := dayNumber(b) - dayNumber(a)
	count := span / 7 * 5
	for d, rest := a.AddDays(span/7*7), span%7; rest > 0; rest-- {
		d = d.AddDays(1)
		if !isWeekend(d) {
			count++
		}
	}
	inRange := func(d Date) bool { return d.After(a) && !d.After(b) && !isWeekend(d) }
	for year := a.Year; year <= b.Year; year++ {
		for _, h := range Holidays(year) {
			if inRange(h.Date) {
				count--
			}
		}
	}
	for d := range c.Closed {
		if _, holiday := IsHoliday(d); !holiday && inRange(d) {
			count--
		}
	}
	return count
}

// dayNumber returns the number of days from 1970-01-01 to d.
func dayNumber(d Date) int {
	return int(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix() / (24 * 60 * 60))
}

// Deadline returns the last day of a period of the given number of calendar days
// that starts with the event, per § 40 odst. 1 zákona č. 500/2004 Sb. (správní
// řád): the event day is not counted (písm. a), so the period ends days after the
// event; if that day is a Saturday, a Sunday, a public holiday or a closed day of
// the calendar, the period ends on the next working day (písm. d). days is
// expected to be positive.
func (c Calendar) Deadline(event Date, days int) Date {
	return c.NextWorkday(event.AddDays(days))
}

// DeadlineMonths returns the last day of a period of the given number of months
// that starts with the event, per § 40 odst. 1 písm. c) and d) správního řádu: it
// ends on the day of the target month with the same number as the event day, or on
// the last day of that month if it has no such day (31 January + 1 month ends on
// 28 or 29 February), and is then moved to the next working day if needed. months
// is expected to be positive.
func (c Calendar) DeadlineMonths(event Date, months int) Date {
	first := NewDate(event.Year, event.Month+time.Month(months), 1)
	day := min(event.Day, daysIn(first.Year, first.Month))
	return c.NextWorkday(Date{Year: first.Year, Month: first.Month, Day: day})
}
