package workdays

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrInvalidDate is wrapped by every error of [ParseDate] and [Date.UnmarshalText].
var ErrInvalidDate = errors.New("workdays: invalid date")

// prague loads Europe/Prague once; the result is never modified afterwards.
var prague = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		// Without a zone database the best approximation is Central European
		// Time. It ignores summer time, so in summer the first hour after
		// midnight gets the previous date; the program imports
		// time/tzdata, so this is only a last resort.
		return time.FixedZone("CET", 60*60)
	}
	return loc
})

// Prague returns the Europe/Prague location. If the time zone database is missing
// it falls back to a fixed CET zone (UTC+1) instead of panicking.
func Prague() *time.Location {
	return prague()
}

// Date is a civil date without time or zone. The zero Date means "no date".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day, normalised the way [time.Date]
// normalises: February 30 becomes March 1 or 2, month 13 is January of the next year.
func NewDate(year int, month time.Month, day int) Date {
	return dateOfUTC(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}

// DateOf returns the date of the instant t in Europe/Prague.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Prague()).Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today returns the date of now in Europe/Prague. It is DateOf under a name that
// reads well at call sites that pass an injected clock.
func Today(now time.Time) Date {
	return DateOf(now)
}

// dateOfUTC returns the date of t in UTC.
func dateOfUTC(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// ParseDate parses an ISO date "2006-01-02" or a Czech date "2.1.2006",
// "02.01.2006" or "2. 1. 2006". Surrounding white space is ignored. Dates that do
// not exist (2023-02-29) are rejected rather than normalised. Errors wrap
// [ErrInvalidDate].
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var (
		d   Date
		err error
	)
	if strings.Contains(s, ".") {
		d, err = parseCzech(s)
	} else {
		d, err = parseISO(s)
	}
	if err != nil {
		return Date{}, fmt.Errorf("%w %q: %s", ErrInvalidDate, s, err.Error())
	}
	if d.Day > daysIn(d.Year, d.Month) {
		return Date{}, fmt.Errorf("%w %q: %s has only %d days", ErrInvalidDate, s, d.Month, daysIn(d.Year, d.Month))
	}
	return d, nil
}

// parseISO parses exactly "YYYY-MM-DD".
func parseISO(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) != 2 || len(parts[2]) != 2 {
		return Date{}, errors.New("want YYYY-MM-DD or D.M.YYYY")
	}
	return fromParts(parts[0], parts[1], parts[2])
}

// parseCzech parses "D.M.YYYY" with one- or two-digit day and month and optional
// spaces after the dots.
func parseCzech(s string) (Date, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return Date{}, errors.New("want D.M.YYYY")
	}
	day, month := parts[0], strings.TrimLeft(parts[1], " ")
	year := strings.TrimLeft(parts[2], " ")
	if len(day) < 1 || len(day) > 2 || len(month) < 1 || len(month) > 2 || len(year) != 4 {
		return Date{}, errors.New("want D.M.YYYY")
	}
	return fromParts(year, month, day)
}

// fromParts converts decimal year, month and day fields and checks their ranges.
func fromParts(year, month, day string) (Date, error) {
	y, err1 := atoiDigits(year)
	m, err2 := atoiDigits(month)
	d, err3 := atoiDigits(day)
	if err := errors.Join(err1, err2, err3); err != nil {
		return Date{}, errors.New("not a number")
	}
	if y < 1 {
		return Date{}, errors.New("year out of range")
	}
	if m < 1 || m > 12 {
		return Date{}, errors.New("month out of range")
	}
	if d < 1 || d > 31 {
		return Date{}, errors.New("day out of range")
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// atoiDigits converts a string of ASCII digits only (no sign, no spaces).
func atoiDigits(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.Atoi(s)
}

// daysIn returns the number of days of the month.
func daysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC).Day()
}

// String returns the date as "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Czech returns the date as the Czech user interface shows it, "02.01.2006", or ""
// for the zero Date.
func (d Date) Czech() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool {
	return d == Date{}
}

// AddDays returns the date n calendar days after d (before d if n is negative).
func (d Date) AddDays(n int) Date {
	return NewDate(d.Year, d.Month, d.Day+n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// Compare returns -1 if d is before e, 0 if they are the same date and +1 if d is
// after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	default:
		return sign(d.Day - e.Day)
	}
}

// sign returns -1, 0 or +1 according to the sign of n.
func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	default:
		return 0
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool {
	return d.Compare(e) < 0
}

// After reports whether d is after e.
func (d Date) After(e Date) bool {
	return d.Compare(e) > 0
}

// Start returns midnight at the start of d in Europe/Prague (Czech summer time
// changes at 2:00 or 3:00, so midnight always exists).
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Prague())
}

// End returns the first instant of the day after d in Europe/Prague, the exclusive
// end of d: an instant t is on date d exactly when !t.Before(d.Start()) &&
// t.Before(d.End()).
func (d Date) End() time.Time {
	return d.AddDays(1).Start()
}

// MarshalText encodes d as "2006-01-02", or as an empty text for the zero Date, so
// dates appear as JSON strings.
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText decodes any form [ParseDate] accepts; an empty text decodes to the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	parsed, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
