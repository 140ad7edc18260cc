package report

import (
	"context"
	"fmt"
	"time"

	"linka/internal/workdays"
)

// CountDay says what a day's stored case counts were built from: the
// numbers of cases received and of state changes made on the day.
type CountDay struct{ Received, Changes int }

// CountStore keeps the monthly report's counts of past days.
type CountStore interface {
	CaseCountDays(ctx context.Context, from, to workdays.Date) (map[workdays.Date]CountDay, error)
	// CaseDayCounts counts, for each day of first…last, what its counts
	// are built from, in one query.
	CaseDayCounts(ctx context.Context, first, last workdays.Date) (map[workdays.Date]CountDay, error)
	BuildCaseCounts(ctx context.Context, day workdays.Date, from CountDay) error
	// SumCaseCounts sums the stored counts of the days in [from, to].
	SumCaseCounts(ctx context.Context, from, to workdays.Date) ([]CaseCount, []ChangeCount, error)
}

// Monthly builds the monthly report of [from, to). Whole days before
// yesterday are summed from counts stored per day (built, or rebuilt when
// the day's numbers of received cases or state changes changed); the rest
// is counted from the cases. A day's counts group its cases by the
// channel, department and case type they had when the day was counted.
func (s *Service) Monthly(ctx context.Context, from, to time.Time) (Monthly, error) {
	var rec []CaseCount
	var ch []ChangeCount
	live := func(a, b time.Time) error {
		if !a.Before(b) {
			return nil
		}
		r, err := s.store.ReceivedCounts(ctx, a, b)
		if err != nil {
			return fmt.Errorf("report: received cases: %w", err)
		}
		c, err := s.store.ChangeCounts(ctx, a, b)
		if err != nil {
			return fmt.Errorf("report: state changes: %w", err)
		}
		rec, ch = append(rec, r...), append(ch, c...)
		return nil
	}
	first := workdays.DateOf(from)
	if !first.Start().Equal(from) {
		first = first.AddDays(1)
	}
	coldFrom := first.Start().UTC()
	coldTo := hotStart(s.now())
	if to.Before(coldTo) {
		coldTo = workdays.DateOf(to).Start().UTC()
	}
	if !coldFrom.Before(coldTo) {
		err := live(from, to)
		return BuildMonthly(from, to, rec, ch), err
	}
	last := workdays.DateOf(coldTo.Add(-time.Nanosecond))
	if err := s.ensureCounts(ctx, first, last); err != nil {
		return Monthly{}, err
	}
	r, c, err := s.store.SumCaseCounts(ctx, first, last)
	if err != nil {
		return Monthly{}, fmt.Errorf("report: sum case counts: %w", err)
	}
	rec, ch = append(rec, r...), append(ch, c...)
	if err := live(from, coldFrom); err != nil {
		return Monthly{}, err
	}
	if err := live(coldTo, to); err != nil {
		return Monthly{}, err
	}
	return BuildMonthly(from, to, rec, ch), nil
}

// ensureCounts counts the days first…last that have no stored counts or
// whose cases changed since.
func (s *Service) ensureCounts(ctx context.Context, first, last workdays.Date) error {
	built, err := s.store.CaseCountDays(ctx, first, last)
	if err != nil {
		return fmt.Errorf("report: case count days: %w", err)
	}
	now, err := s.store.CaseDayCounts(ctx, first, last)
	if err != nil {
		return fmt.Errorf("report: count cases of %s…%s: %w", first, last, err)
	}
	for d := first; !d.After(last); d = d.AddDays(1) {
		n := now[d]
		if b, ok := built[d]; ok && b == n {
			continue
		}
		if err := s.store.BuildCaseCounts(ctx, d, n); err != nil {
			return fmt.Errorf("report: store case counts of %s: %w", d, err)
		}
	}
	return nil
}
