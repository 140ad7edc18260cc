package report

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"linka/cti"
	"linka/internal/workdays"
)

// TypeWallboard is the bus event carrying a new Wallboard.
const TypeWallboard = "wallboard.update"

// NamedCount is a count with a name (a department).
type NamedCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// CaseCounts are the wallboard's case figures.
type CaseCounts struct {
	// NewToday were received today; Untriaged are in state new; DueToday
	// are open and due today; Overdue are open past their due date, by
	// department ("" for none chosen).
	NewToday, Untriaged, DueToday int
	Overdue                       []NamedCount
	// CallbacksPending are the open callback tasks.
	CallbacksPending int
}

// Wallboard is what the supervisors' wallboard shows.
type Wallboard struct {
	At                  time.Time    `json:"at"`
	CallsWaiting        int          `json:"calls_waiting"`
	LongestWaitSeconds  int          `json:"longest_wait_seconds"`
	ServiceLevel        float64      `json:"service_level"` // -1: no calls yet
	SLSeconds           int          `json:"sl_seconds"`
	SignedIn            int          `json:"signed_in"`
	Ready               int          `json:"ready"`
	Busy                int          `json:"busy"`
	NotReady            int          `json:"not_ready"`
	AnsweredToday       int          `json:"answered_today"`
	MissedToday         int          `json:"missed_today"`
	CallbacksPending    int          `json:"callbacks_pending"`
	CasesNewToday       int          `json:"cases_new_today"`
	Untriaged           int          `json:"untriaged"`
	DueToday            int          `json:"due_today"`
	OverdueByDepartment []NamedCount `json:"overdue_by_department"`
}

// Live is the PBX link's view of calls and agents (a *cti.Link).
type Live interface {
	Calls() []cti.CallInfo
	Devices() []cti.DeviceInfo
}

// Wallboard computes the wallboard as of now; live may be nil (no PBX
// link: no live figures).
func (s *Service) Wallboard(ctx context.Context, live Live) (Wallboard, error) {
	now := s.now()
	w := Wallboard{At: now, ServiceLevel: -1}
	cc, err := s.store.CaseCounts(ctx, now)
	if err != nil {
		return w, fmt.Errorf("report: wallboard cases: %w", err)
	}
	w.CasesNewToday, w.Untriaged, w.DueToday = cc.NewToday, cc.Untriaged, cc.DueToday
	w.OverdueByDepartment, w.CallbacksPending = cc.Overdue, cc.CallbacksPending
	if w.OverdueByDepartment == nil {
		w.OverdueByDepartment = []NamedCount{}
	}
	today := workdays.DateOf(now)
	calls, gw, err := s.callsAndGateway(ctx, today.Start().UTC(), now.Add(time.Second))
	if err != nil {
		return w, err
	}
	for _, c := range calls {
		if c.AnsweredAt.IsZero() {
			w.MissedToday++
		} else {
			w.AnsweredToday++
		}
	}
	o := s.merge(QueueOptions{Interval: 24 * time.Hour})
	w.SLSeconds = o.SLSeconds
	for _, r := range SumRows(QueueStats(calls, gw, nil, o)) {
		if r.Group == "" {
			w.ServiceLevel = r.ServiceLevel()
		}
	}
	if live != nil {
		liveFigures(&w, live, now)
	}
	return w, nil
}

// liveFigures fills in the calls waiting and the agents from the PBX link.
func liveFigures(w *Wallboard, live Live, now time.Time) {
	for _, c := range live.Calls() {
		if c.Direction != cti.DirectionIncoming || !c.AnsweredAt.IsZero() {
			continue
		}
		if c.State == cti.CallQueued || c.State == cti.CallRinging {
			w.CallsWaiting++
			w.LongestWaitSeconds = max(w.LongestWaitSeconds, int(now.Sub(c.StartedAt)/time.Second))
		}
	}
	for _, d := range live.Devices() {
		if d.Kind != cti.KindExtension {
			continue
		}
		switch d.Agent.State {
		case cti.AgentUnknown, cti.AgentLoggedOut, "":
			continue
		}
		w.SignedIn++
		switch {
		case d.State != cti.DeviceIdle:
			w.Busy++
		case d.Agent.State == cti.AgentNotReady || d.Agent.State == cti.AgentWorkingAfterCall:
			w.NotReady++
		default:
			w.Ready++
		}
	}
}

// Publisher publishes the wallboard on the bus whenever it changes,
// checking every interval and soon after call, agent and case events.
type Publisher struct {
	Service  *Service
	Bus      *cti.Bus
	Live     Live // nil: no PBX link
	Interval time.Duration
}

// Run publishes until ctx ends.
func (p *Publisher) Run(ctx context.Context) error {
	if p.Interval <= 0 {
		p.Interval = 5 * time.Second
	}
	filter := func(e cti.Event) bool {
		return strings.HasPrefix(e.Type, "call.") || strings.HasPrefix(e.Type, "agent.") || strings.HasPrefix(e.Type, "case.")
	}
	sub := p.Bus.Subscribe(filter, 64)
	defer func() { sub.Close() }()
	t := time.NewTicker(p.Interval)
	defer t.Stop()
	var last []byte
	for {
		w, err := p.Service.Wallboard(ctx, p.Live)
		if err == nil {
			b, _ := json.Marshal(struct {
				Wallboard
				At time.Time `json:"-"`
			}{Wallboard: w})
			if string(b) != string(last) {
				last = b
				p.Bus.Publish(cti.Event{Type: TypeWallboard, At: w.At, Data: w})
			}
		} else if ctx.Err() == nil {
			p.Service.log.Error("wallboard failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case _, ok := <-sub.Events():
			if !ok {
				sub = p.Bus.Subscribe(filter, 64)
			}
			// Let a burst of events settle before recomputing.
			time.Sleep(200 * time.Millisecond)
			drain(sub)
		}
	}
}

func drain(s *cti.Subscription) {
	for {
		select {
		case _, ok := <-s.Events():
			if !ok {
				return
			}
		default:
			return
		}
	}
}
