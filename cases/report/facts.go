package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"linka/internal/workdays"
)

// FactDay says what a day's stored facts were built from: the numbers of
// calls, gateway calls and wrap-ups of the day and the ICD groups. The
// facts are rebuilt when any of them changes.
type FactDay struct {
	Calls, Gateway, Wrapups int
	Groups                  string
}

// FactStore keeps the queue facts of past days.
type FactStore interface {
	// QueueFactDays returns the days in [from, to] with stored facts.
	QueueFactDays(ctx context.Context, from, to workdays.Date) (map[workdays.Date]FactDay, error)
	// QueueDayCounts counts, for each day of first…last, what its facts
	// are built from (not Groups), in one query.
	QueueDayCounts(ctx context.Context, first, last workdays.Date) (map[workdays.Date]FactDay, error)
	// PutQueueFacts replaces the facts of day.
	PutQueueFacts(ctx context.Context, day workdays.Date, facts []Fact, from FactDay) error
	// SumQueueFacts sums the stored facts entered in [from, to) per group
	// ("" for the gateway) and interval, as Aggregate does.
	SumQueueFacts(ctx context.Context, from, to time.Time, o QueueOptions) ([]QueueRow, error)
}

// hotStart returns where the days whose calls may still change begin:
// yesterday in Prague. Their statistics are computed from the calls;
// earlier days' from stored facts.
func hotStart(now time.Time) time.Time { return workdays.DateOf(now).AddDays(-1).Start().UTC() }

// Queue builds the queue statistics of [from, to); zero fields of o take
// the service's defaults. Days before yesterday are summed from the stored
// facts (built or rebuilt first when missing or out of date), the rest
// computed from the calls.
func (s *Service) Queue(ctx context.Context, from, to time.Time, o QueueOptions) ([]QueueRow, error) {
	o = s.merge(o)
	rows := map[rowKey]*QueueRow{}
	hot := hotStart(s.now())
	if from.Before(hot) {
		coldTo := to
		if hot.Before(coldTo) {
			coldTo = hot
		}
		if err := s.ensureFacts(ctx, from, coldTo, o.Groups); err != nil {
			return nil, err
		}
		sums, err := s.store.SumQueueFacts(ctx, from, coldTo, o)
		if err != nil {
			return nil, fmt.Errorf("report: sum queue facts: %w", err)
		}
		for _, r := range sums {
			rowAt(rows, r.Group, r.Start).Add(r)
			if r.Group != "" {
				rowAt(rows, "", r.Start).Add(r)
			}
		}
	}
	if to.After(hot) {
		liveFrom := from
		if liveFrom.Before(hot) {
			liveFrom = hot
		}
		calls, gw, err := s.callsAndGateway(ctx, liveFrom, to)
		if err != nil {
			return nil, err
		}
		for _, f := range Facts(calls, gw, o.Groups) {
			start := intervalStart(f.Entered, o.Interval)
			if f.Group != "" {
				rowAt(rows, f.Group, start).addFact(f, o)
			}
			rowAt(rows, "", start).addFact(f, o)
		}
	}
	cbs, err := s.store.CallbackTasks(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: callbacks: %w", err)
	}
	addCallbacks(rows, cbs, o)
	return sortedRows(rows), nil
}

func (s *Service) callsAndGateway(ctx context.Context, from, to time.Time) ([]QueueCall, []GatewayCall, error) {
	calls, err := s.store.QueueCalls(ctx, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("report: calls: %w", err)
	}
	gw, err := s.store.GatewayCalls(ctx, from, to)
	if err != nil {
		return nil, nil, fmt.Errorf("report: gateway calls: %w", err)
	}
	return calls, gw, nil
}

// ensureFacts builds the facts of the days of [from, to) that have none
// or whose calls, gateway calls, wrap-ups or groups changed since.
func (s *Service) ensureFacts(ctx context.Context, from, to time.Time, groups []string) error {
	first, last := workdays.DateOf(from), workdays.DateOf(to.Add(-time.Nanosecond))
	built, err := s.store.QueueFactDays(ctx, first, last)
	if err != nil {
		return fmt.Errorf("report: queue fact days: %w", err)
	}
	g := slices.Clone(groups)
	slices.Sort(g)
	gs := strings.Join(g, ",")
	now, err := s.store.QueueDayCounts(ctx, first, last)
	if err != nil {
		return fmt.Errorf("report: count calls of %s…%s: %w", first, last, err)
	}
	for d := first; !d.After(last); d = d.AddDays(1) {
		n := now[d]
		n.Groups = gs
		if b, ok := built[d]; ok && b == n {
			continue
		}
		calls, gw, err := s.callsAndGateway(ctx, d.Start().UTC(), d.End().UTC())
		if err != nil {
			return err
		}
		if err := s.store.PutQueueFacts(ctx, d, Facts(calls, gw, groups), n); err != nil {
			return fmt.Errorf("report: store queue facts of %s: %w", d, err)
		}
		s.log.Debug("queue facts built", "day", d.String(), "calls", n.Calls)
	}
	return nil
}
