package report

import (
	"sort"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// CaseCount is a number of cases of one channel, department and case
// type (names; "" when not chosen).
type CaseCount struct {
	Source     cases.Source
	Department string
	CaseType   string
	N          int
}

// ChangeCount is a number of state changes from one state to another of
// cases of one channel, department and case type, with the summed time
// from the cases' receipt to the changes, how many of the cases have a due
// date and how many of those changed on or before it.
type ChangeCount struct {
	CaseCount
	From, To cases.State
	Handling time.Duration
	WithDue  int
	OnTime   int
}

// Counts are the monthly figures of one group of cases.
type Counts struct {
	// Received cases arrived in the month. Accepted were triaged as
	// justified in the month: moved out of "new" to assigned, in progress
	// or waiting. Rejected, Forwarded, Deferred and Resolved moved to
	// that state in the month (a case reopened and closed again counts
	// again).
	Received, Accepted, Rejected, Forwarded, Deferred, Resolved int
	// Closed is the cases closed in the month (any closing state), with
	// their summed handling time (receipt to closing); WithDue of them
	// had a due date and OnTime were closed on or before it.
	Closed   int
	Handling time.Duration
	WithDue  int
	OnTime   int
}

// AvgHandling returns the average time from receipt to closing.
func (c Counts) AvgHandling() time.Duration { return avg(c.Handling, c.Closed) }

// OnTimeShare returns the share (0–100) of closed cases with a due date
// closed on time; -1 when none had one.
func (c Counts) OnTimeShare() float64 {
	if c.WithDue == 0 {
		return -1
	}
	return pct(c.OnTime, c.WithDue)
}

// Monthly is the monthly report: totals and the same counts by channel,
// department and case type.
type Monthly struct {
	From, To     time.Time
	Total        Counts
	ByChannel    []Group
	ByDepartment []Group
	ByCaseType   []Group
}

// Group is the counts of one channel, department or case type.
type Group struct {
	Name string
	Counts
}

// BuildMonthly computes the monthly report of [from, to) from the counts
// of the cases received in it and of the state changes made in it.
func BuildMonthly(from, to time.Time, received []CaseCount, changes []ChangeCount) Monthly {
	m := Monthly{From: from, To: to}
	ch, dep, typ := map[string]*Counts{}, map[string]*Counts{}, map[string]*Counts{}
	each := func(f CaseCount, fn func(c *Counts)) {
		fn(&m.Total)
		for _, g := range []struct {
			m   map[string]*Counts
			key string
		}{{ch, string(f.Source)}, {dep, f.Department}, {typ, f.CaseType}} {
			c := g.m[g.key]
			if c == nil {
				c = &Counts{}
				g.m[g.key] = c
			}
			fn(c)
		}
	}
	for _, f := range received {
		each(f, func(c *Counts) { c.Received += f.N })
	}
	for _, s := range changes {
		each(s.CaseCount, func(c *Counts) { countChange(c, s) })
	}
	m.ByChannel, m.ByDepartment, m.ByCaseType = groups(ch), groups(dep), groups(typ)
	return m
}

// countChange counts state changes in c.
func countChange(c *Counts, s ChangeCount) {
	switch s.To {
	case cases.StateAssigned, cases.StateInProgress, cases.StateWaiting:
		if s.From == cases.StateNew {
			c.Accepted += s.N
		}
		return
	case cases.StateRejected:
		c.Rejected += s.N
	case cases.StateForwarded:
		c.Forwarded += s.N
	case cases.StateDeferred:
		c.Deferred += s.N
	case cases.StateResolved:
		c.Resolved += s.N
	default:
		return
	}
	if !s.From.Open() {
		// A closed case changing its closing state: not closed again.
		return
	}
	c.Closed += s.N
	c.Handling += s.Handling
	c.WithDue += s.WithDue
	c.OnTime += s.OnTime
}

func groups(m map[string]*Counts) []Group {
	out := make([]Group, 0, len(m))
	for k, v := range m {
		out = append(out, Group{Name: k, Counts: *v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Task is one row of "Úkoly k vyřízení": an open case.
type Task struct {
	CaseID     int64
	Number     string
	Subject    string // "" for a restricted case
	HandledBy  string // the handling or else the assigned official's name
	Department string
	ReceivedAt time.Time
	DueDate    workdays.Date
	Priority   cases.Priority
	State      cases.State
	// HandlerEmail and DepartmentEmail are where alerts about the case go
	// (the responsible person); never shown.
	HandlerEmail, DepartmentEmail string
}

// Overdue reports whether the task is past its due date as of now.
func (t Task) Overdue(now time.Time) bool {
	return !t.DueDate.IsZero() && workdays.DateOf(now).After(t.DueDate)
}

// DaysOverdue returns the calendar days past the due date as of now.
func (t Task) DaysOverdue(now time.Time) int {
	if !t.Overdue(now) {
		return 0
	}
	return int(workdays.DateOf(now).Start().Sub(t.DueDate.Start()).Hours()/24 + 0.5)
}
