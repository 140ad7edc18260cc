package workdays

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// ErrInvalidHours is wrapped by every error of [ParseWeeklyHours] and
// [WeeklyHours.UnmarshalText].
var ErrInvalidHours = errors.New("workdays: invalid opening hours")

// minutesPerDay is the end of the last possible span, 24:00.
const minutesPerDay = 24 * 60

// Span is a part of a day in Europe/Prague wall-clock time, from From up to
// but not including To, both in minutes after midnight (To is at most
// 24*60, which is written 24:00).
type Span struct {
	From, To int
}

// String returns the span as "08:00-16:00".
func (s Span) String() string {
	return clock(s.From) + "-" + clock(s.To)
}

// clock formats minutes after midnight as "HH:MM".
func clock(m int) string {
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// WeeklyHours is a weekly schedule of opening hours in Europe/Prague
// wall-clock time: the same times of day apply in winter and in summer
// time. Public holidays and a calendar's closed days are closed whatever
// the schedule says. The zero value is never open.
//
// It is written as text, e.g. "mon-fri 08:00-16:00; wed 08:00-18:00" (see
// [ParseWeeklyHours]), and encodes to JSON as that text.
type WeeklyHours struct {
	// Days holds the spans of each day of the week, indexed by
	// time.Weekday (Sunday is 0), sorted and not overlapping.
	Days [7][]Span
}

// dayNames maps the accepted day names, English and Czech, to weekdays.
var dayNames = map[string]time.Weekday{
	"mon": time.Monday, "monday": time.Monday, "po": time.Monday, "pondělí": time.Monday,
	"tue": time.Tuesday, "tuesday": time.Tuesday, "út": time.Tuesday, "ut": time.Tuesday, "úterý": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "st": time.Wednesday, "středa": time.Wednesday,
	"thu": time.Thursday, "thursday": time.Thursday, "čt": time.Thursday, "ct": time.Thursday, "čtvrtek": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "pá": time.Friday, "pa": time.Friday, "pátek": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "so": time.Saturday, "sobota": time.Saturday,
	"sun": time.Sunday, "sunday": time.Sunday, "ne": time.Sunday, "neděle": time.Sunday,
}

// closedWords mark a day without opening hours.
var closedWords = []string{"closed", "zavřeno", "zavreno"}

// ParseWeeklyHours parses a schedule: entries separated by ";", each a list
// of days and the spans of those days, e.g.
//
//	mon-fri 08:00-16:00; wed 08:00-12:00, 13:00-18:00; sat closed
//
// Days are English ("mon", "monday") or Czech ("po", "út") names, single or
// as ranges ("mon-fri", "fri-mon" wraps over the weekend), separated by
// commas. Spans are "H:MM-H:MM" (a "." may replace the ":" and an en dash
// the "-"), separated by commas; "24:00" ends a day. "closed" gives the
// days no spans. A later entry replaces what an earlier one said about the
// same day; days no entry names are closed. Errors wrap [ErrInvalidHours].
func ParseWeeklyHours(s string) (WeeklyHours, error) {
	var h WeeklyHours
	entries := 0
	for entry := range strings.SplitSeq(s, ";") {
		if strings.TrimSpace(entry) == "" {
			continue
		}
		days, spans, err := parseEntry(entry)
		if err != nil {
			return WeeklyHours{}, fmt.Errorf("%w: %q: %w", ErrInvalidHours, strings.TrimSpace(entry), err)
		}
		for _, d := range days {
			h.Days[d] = slices.Clone(spans)
		}
		entries++
	}
	if entries == 0 {
		return WeeklyHours{}, fmt.Errorf("%w: no days given", ErrInvalidHours)
	}
	return h, nil
}

// parseEntry parses "mon-fri 08:00-16:00" into its days and spans.
func parseEntry(entry string) ([]time.Weekday, []Span, error) {
	compact := strings.ToLower(strings.Join(strings.Fields(entry), ""))
	compact = strings.ReplaceAll(compact, "–", "-")
	cut := strings.IndexFunc(compact, unicode.IsDigit)
	var daysText, spansText string
	switch {
	case cut >= 0:
		daysText, spansText = compact[:cut], compact[cut:]
	default:
		for _, w := range closedWords {
			if rest, ok := strings.CutSuffix(compact, w); ok {
				daysText = rest
				break
			}
		}
		if daysText == "" {
			return nil, nil, errors.New("no times and not closed")
		}
	}
	days, err := parseDays(daysText)
	if err != nil {
		return nil, nil, err
	}
	if spansText == "" {
		return days, nil, nil
	}
	spans, err := parseSpans(spansText)
	return days, spans, err
}

// parseDays parses "mon-wed,fri" into weekdays.
func parseDays(s string) ([]time.Weekday, error) {
	if s == "" {
		return nil, errors.New("no days given")
	}
	var out []time.Weekday
	for item := range strings.SplitSeq(s, ",") {
		from, to, isRange := strings.Cut(item, "-")
		first, ok := dayNames[from]
		if !ok {
			return nil, fmt.Errorf("%q is not a day", from)
		}
		last := first
		if isRange {
			if last, ok = dayNames[to]; !ok {
				return nil, fmt.Errorf("%q is not a day", to)
			}
		}
		for d := first; ; d = (d + 1) % 7 {
			out = append(out, d)
			if d == last {
				break
			}
		}
	}
	return out, nil
}

// parseSpans parses "08:00-12:00,13:00-16:00" into sorted spans that do
// not overlap.
func parseSpans(s string) ([]Span, error) {
	var out []Span
	for item := range strings.SplitSeq(s, ",") {
		from, to, ok := strings.Cut(item, "-")
		if !ok {
			return nil, fmt.Errorf("%q is not a span of time like 08:00-16:00", item)
		}
		sp := Span{}
		var err error
		if sp.From, err = parseClock(from); err != nil {
			return nil, err
		}
		if sp.To, err = parseClock(to); err != nil {
			return nil, err
		}
		if sp.From >= sp.To {
			return nil, fmt.Errorf("span %s ends before it starts", sp)
		}
		out = append(out, sp)
	}
	slices.SortFunc(out, func(a, b Span) int { return a.From - b.From })
	for i := 1; i < len(out); i++ {
		if out[i].From < out[i-1].To {
			return nil, fmt.Errorf("spans %s and %s overlap", out[i-1], out[i])
		}
	}
	return out, nil
}

// parseClock parses "8:00", "08:00" or "8.00" into minutes after
// midnight; "24:00" is the end of the day.
func parseClock(s string) (int, error) {
	hh, mm, ok := strings.Cut(strings.ReplaceAll(s, ".", ":"), ":")
	h, errH := strconv.Atoi(hh)
	m, errM := strconv.Atoi(mm)
	switch {
	case !ok || errH != nil || errM != nil || len(hh) > 2 || len(mm) != 2:
		return 0, fmt.Errorf("%q is not a time like 08:00", s)
	case h < 0 || m < 0 || m > 59 || h*60+m > minutesPerDay:
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return h*60 + m, nil
}

// String returns the schedule in the form ParseWeeklyHours reads, Monday
// first, consecutive days with the same spans as a range, e.g.
// "mon-tue 08:00-16:00; wed 08:00-18:00; thu-fri 08:00-16:00". A schedule
// that is never open is "".
func (h WeeklyHours) String() string {
	var parts []string
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && slices.Equal(h.Days[order[j]], h.Days[order[i]]) {
			j++
		}
		if spans := h.Days[order[i]]; len(spans) > 0 {
			days := shortName(order[i])
			if j-i > 1 {
				days += "-" + shortName(order[j-1])
			}
			texts := make([]string, len(spans))
			for k, sp := range spans {
				texts[k] = sp.String()
			}
			parts = append(parts, days+" "+strings.Join(texts, ", "))
		}
		i = j
	}
	return strings.Join(parts, "; ")
}

// shortName returns the three-letter English name of d, as "mon".
func shortName(d time.Weekday) string {
	return strings.ToLower(d.String()[:3])
}

// IsZero reports whether the schedule is never open.
func (h WeeklyHours) IsZero() bool {
	for _, spans := range h.Days {
		if len(spans) > 0 {
			return false
		}
	}
	return true
}

// MarshalText encodes the schedule as its String form.
func (h WeeklyHours) MarshalText() ([]byte, error) {
	return []byte(h.String()), nil
}

// UnmarshalText decodes any form ParseWeeklyHours accepts; an empty text
// is the zero schedule.
func (h *WeeklyHours) UnmarshalText(b []byte) error {
	if strings.TrimSpace(string(b)) == "" {
		*h = WeeklyHours{}
		return nil
	}
	parsed, err := ParseWeeklyHours(string(b))
	if err != nil {
		return err
	}
	*h = parsed
	return nil
}

// closedOn reports whether d is a public holiday or a closed day of cal.
func closedOn(d Date, cal Calendar) bool {
	_, holiday := IsHoliday(d)
	return holiday || cal.isClosed(d)
}

// Open reports whether t falls in the schedule's opening hours on a day
// that is neither a public holiday nor a closed day of cal. The schedule
// is read in Prague wall-clock time to the minute.
func (h WeeklyHours) Open(t time.Time, cal Calendar) bool {
	lt := t.In(Prague())
	day := Date{Year: lt.Year(), Month: lt.Month(), Day: lt.Day()}
	if closedOn(day, cal) {
		return false
	}
	m := lt.Hour()*60 + lt.Minute()
	for _, sp := range h.Days[lt.Weekday()] {
		if m >= sp.From && m < sp.To {
			return true
		}
	}
	return false
}

// nextOpenHorizon is how many days NextOpen looks ahead: a year of closed
// days and a week more.
const nextOpenHorizon = 366 + 7

// NextOpen returns t if the schedule is open at t, else the first instant
// after t at which it opens (the start of a span on a day that is not
// closed). A span that starts in the hour skipped when summer time begins
// opens when the clocks go forward. It returns the zero time if the
// schedule does not open within a year.
func (h WeeklyHours) NextOpen(t time.Time, cal Calendar) time.Time {
	if h.Open(t, cal) {
		return t
	}
	day := DateOf(t)
	for range nextOpenHorizon {
		if !closedOn(day, cal) {
			for _, sp := range h.Days[day.Weekday()] {
				start := spanStart(day, sp)
				if start.After(t) && h.Open(start, cal) {
					return start
				}
			}
		}
		day = day.AddDays(1)
	}
	return time.Time{}
}

// spanStart returns the instant sp starts on day. A start in the hour
// skipped when summer time begins does not exist; the span then starts
// when the clocks go forward.
func spanStart(day Date, sp Span) time.Time {
	start := time.Date(day.Year, day.Month, day.Day, sp.From/60, sp.From%60, 0, 0, Prague())
	if lt := start.In(Prague()); lt.Hour()*60+lt.Minute() != sp.From {
		start, _ = start.ZoneBounds()
	}
	return start
}
