package cti

import (
	"context"
	"log/slog"
	"time"
)

// pendingReasonAge is how long a not-ready reason requested in Linka waits
// for the PBX to report the state change.
const pendingReasonAge = time.Minute

// agentLogBuffer is the queue of the agent state logger's subscription: a
// burst of sign-ins at the start of a shift fits.
const agentLogBuffer = 4096

// AgentLog writes every agent state change on the bus to the agent state
// log, whether it was made in Linka or on the phone, with the not-ready
// reason requested in Linka (the PBX knows no reasons).
type AgentLog struct {
	// Bus is where the link publishes agent.state.
	Bus *Bus
	// Store receives the rows.
	Store AgentStore
	// Logger receives write failures; nil discards them.
	Logger *slog.Logger
}

// Run writes the changes until ctx ends. A subscription dropped because
// the database fell behind is renewed, and the gap is logged.
func (l *AgentLog) Run(ctx context.Context) {
	log := l.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	failing := false
	last := map[string]AgentState{}
	for ctx.Err() == nil {
		sub := l.Bus.Subscribe(func(e Event) bool { return e.Type == TypeAgentState }, agentLogBuffer)
		l.drain(ctx, sub, log, last, &failing)
		if err := sub.Err(); err == ErrSlowSubscriber {
			log.Warn("agent state log fell behind the event stream; some changes are not logged")
		}
		sub.Close()
	}
}

// drain writes the events of sub until it ends or ctx does; // last holds the state last written per extension: a resync repeats
// states, which are not changes.
func (l *AgentLog) drain(ctx context.Context, sub *Subscription, log *slog.Logger, last map[string]AgentState, failing *bool) {
	for {
		select {
		case <-ctx.Done():
			return
		case e, ok := <-sub.Events():
			if !ok {
				return
			}
			a, ok := e.Data.(AgentInfo)
			if !ok || a.State == AgentUnknown || last[a.Extension] == a.State {
				continue
			}
			err := l.write(ctx, a, e.At)
			if err == nil {
				last[a.Extension] = a.State
			}
			switch {
			case err != nil && !*failing:
				log.Error("write agent state log", "extension", a.Extension, "state", string(a.State), "err", err)
			case err == nil && *failing:
				log.Info("agent state log written again")
			}
			*failing = err != nil
		}
	}
}

// write appends the row of one change.
func (l *AgentLog) write(ctx context.Context, a AgentInfo, at time.Time) error {
	if !a.Since.IsZero() {
		at = a.Since
	}
	c := AgentStateChange{Extension: a.Extension, UserID: a.UserID, State: a.State, At: at}
	if a.State == AgentNotReady {
		r, err := l.Store.TakePendingReason(ctx, a.Extension, at.Add(-pendingReasonAge))
		if err != nil {
			return err
		}
		c.Reason = r
	}
	return l.Store.LogAgentState(ctx, c)
}
