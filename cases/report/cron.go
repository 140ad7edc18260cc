package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// Cron is a parsed five-field schedule "minute hour day-of-month month
// day-of-week" in Europe/Prague, as crontab(5) writes it: "*", numbers,
// ranges "1-5", lists "1,15", steps "*/15" or "8-18/2"; day of week 0 or 7
// is Sunday. When both day fields are restricted, either matching is
// enough (as in cron).
type Cron struct {
	text                    string
	min, hour, dom, mon, dw [64]bool
	domAny, dowAny          bool
}

// cronFields are the fields' names and ranges.
var cronFields = [5]struct {
	name     string
	min, max int
}{{"minute", 0, 59}, {"hour", 0, 23}, {"day of month", 1, 31}, {"month", 1, 12}, {"day of week", 0, 7}}

// ParseCron parses a schedule; errors are *cases.Error on the field
// "schedule".
func ParseCron(s string) (Cron, error) {
	f := strings.Fields(s)
	if len(f) != 5 {
		return Cron{}, cases.Invalid("schedule", "a schedule has five fields (minute hour day month weekday), not %d", len(f))
	}
	c := Cron{text: strings.Join(f, " ")}
	sets := [5]*[64]bool{&c.min, &c.hour, &c.dom, &c.mon, &c.dw}
	for i, field := range f {
		if err := parseCronField(field, cronFields[i].min, cronFields[i].max, sets[i]); err != nil {
			return Cron{}, cases.Invalid("schedule", "the %s field %q is not valid: %s", cronFields[i].name, field, err)
		}
	}
	if c.dw[7] {
		c.dw[0] = true
	}
	c.domAny, c.dowAny = f[2] == "*", f[4] == "*"
	return c, nil
}

// String returns the schedule as parsed.
func (c Cron) String() string { return c.text }

func parseCronField(s string, lo, hi int, set *[64]bool) error {
	for _, part := range strings.Split(s, ",") {
		rng, step := part, 1
		if i := strings.IndexByte(part, '/'); i >= 0 {
			n, err := strconv.Atoi(part[i+1:])
			if err != nil || n <= 0 {
				return fmt.Errorf("bad step")
			}
			rng, step = part[:i], n
		}
		a, b := lo, hi
		if rng != "*" {
			var err error
			if i := strings.IndexByte(rng, '-'); i > 0 {
				a, err = strconv.Atoi(rng[:i])
				if err == nil {
					b, err = strconv.Atoi(rng[i+1:])
				}
			} else {
				a, err = strconv.Atoi(rng)
				b = a
				if step > 1 {
					b = hi
				}
			}
			if err != nil {
				return fmt.Errorf("not a number")
			}
		}
		if a < lo || b > hi || a > b {
			return fmt.Errorf("out of range %d-%d", lo, hi)
		}
		for v := a; v <= b; v += step {
			set[v] = true
		}
	}
	return nil
}

// Next returns the first minute after t that the schedule matches, in
// Europe/Prague (a minute skipped by the spring clock change does not
// run; one repeated in autumn runs once); zero if none within five years.
func (c Cron) Next(t time.Time) time.Time {
	loc := workdays.Prague()
	t = t.In(loc).Truncate(time.Minute).Add(time.Minute)
	limit := t.AddDate(5, 0, 0)
	for t.Before(limit) {
		if !c.mon[int(t.Month())] {
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, loc)
			continue
		}
		if !c.dayMatches(t) {
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
			continue
		}
		if !c.hour[t.Hour()] {
			t = t.Truncate(time.Hour).Add(time.Hour)
			continue
		}
		if !c.min[t.Minute()] {
			t = t.Add(time.Minute)
			continue
		}
		return t.UTC()
	}
	return time.Time{}
}

func (c Cron) dayMatches(t time.Time) bool {
	dom, dow := c.dom[t.Day()], c.dw[int(t.Weekday())]
	switch {
	case c.domAny && c.dowAny:
		return true
	case c.domAny:
		return dow
	case c.dowAny:
		return dom
	}
	return dom || dow
}
