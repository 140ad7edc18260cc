package report

import (
	"sort"
	"time"

	"linka/cti"
)

// AgentChange is one row of the agent state log: the state of an
// extension from At until the next change of the same extension.
type AgentChange struct {
	Extension string
	UserID    int64
	UserName  string
	State     cti.AgentState
	Reason    string
	At        time.Time
}

// AgentRow is the statistics of one clerk (extension) over a period.
type AgentRow struct {
	Extension string
	UserName  string
	// States is the time spent in each agent state; NotReady the time
	// not ready per reason code ("" for no reason given).
	States   map[cti.AgentState]time.Duration
	NotReady map[string]time.Duration
	// Calls handled (answered by the extension), their talk and hold, and
	// the after-call work recorded for them.
	Calls           int
	Talk, Hold, ACW time.Duration
}

// Occupancy returns the share (0–100) of the available time the clerk
// spent handling calls: (talk + hold + after-call work) / (time ready +
// time working after a call); 0 when the clerk was never available.
func (r AgentRow) Occupancy() float64 {
	avail := r.States[cti.AgentReady] + r.States[cti.AgentWorkingAfterCall]
	if avail <= 0 {
		return 0
	}
	return min(100, 100*float64(r.Talk+r.Hold+r.ACW)/float64(avail))
}

// SignedIn returns the time signed in: every state but logged out.
func (r AgentRow) SignedIn() time.Duration {
	var d time.Duration
	for s, v := range r.States {
		if s != cti.AgentLoggedOut && s != cti.AgentUnknown {
			d += v
		}
	}
	return d
}

// AgentStats computes per-clerk statistics over [from, to): changes must
// hold, for each extension, the last change before from (if any) and every
// change in the period; calls are the period's calls (answered ones count
// for their answering extension).
func AgentStats(changes []AgentChange, calls []QueueCall, from, to time.Time) []AgentRow {
	by := map[string]*AgentRow{}
	get := func(ext string) *AgentRow {
		r := by[ext]
		if r == nil {
			r = &AgentRow{Extension: ext, States: map[cti.AgentState]time.Duration{}, NotReady: map[string]time.Duration{}}
			by[ext] = r
		}
		return r
	}
	sorted := append([]AgentChange(nil), changes...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Extension != sorted[j].Extension {
			return sorted[i].Extension < sorted[j].Extension
		}
		return sorted[i].At.Before(sorted[j].At)
	})
	for i, c := range sorted {
		end := to
		if i+1 < len(sorted) && sorted[i+1].Extension == c.Extension {
			end = sorted[i+1].At
		}
		start := c.At
		if start.Before(from) {
			start = from
		}
		if end.After(to) {
			end = to
		}
		r := get(c.Extension)
		if c.UserName != "" {
			r.UserName = c.UserName
		}
		if !end.After(start) {
			continue
		}
		d := end.Sub(start)
		r.States[c.State] += d
		if c.State == cti.AgentNotReady {
			r.NotReady[c.Reason] += d
		}
	}
	for i := range calls {
		c := &calls[i]
		if c.AnsweredBy == "" || c.AnsweredAt.IsZero() || c.AnsweredAt.Before(from) || !c.AnsweredAt.Before(to) {
			continue
		}
		r := get(c.AnsweredBy)
		r.Calls++
		h := holdTime(c)
		r.Hold += h
		r.Talk += max(c.EndedAt.Sub(c.AnsweredAt)-h, 0)
		r.ACW += c.ACW
	}
	out := make([]AgentRow, 0, len(by))
	for _, r := range by {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Extension < out[j].Extension })
	return out
}
