package report

import (
	"slices"
	"sort"
	"time"

	"linka/cti"
	"linka/internal/workdays"
)

// QueueCall is one incoming call as the queue statistics read it: the call
// log row, the after-call work its clerks recorded, and nothing else.
type QueueCall struct {
	ID         string
	Caller     string
	StartedAt  time.Time
	AnsweredAt time.Time // zero when nobody answered
	EndedAt    time.Time
	EndReason  string
	AnsweredBy string
	Extensions []string
	Path       []cti.PathStep
	// ACW is the after-call work of the clerks who wrapped the call up.
	ACW time.Duration
}

// GatewayCall is a call as the voice gateway saw it: a caller who hung up
// there (Outcome "abandoned") never reached a group.
type GatewayCall struct {
	CallID    string
	Caller    string
	Outcome   string
	EnteredAt time.Time
	EndedAt   time.Time
}

// CallbackTask is a callback as the queue statistics count it: the first
// call that asked for it and how long the citizen waited until reached
// (zero when not reached).
type CallbackTask struct {
	FirstCallAt    time.Time
	TimeToCallback time.Duration
	Reached        bool
}

// QueueOptions tune the queue statistics. The zero value counts in
// 30-minute intervals, 20 s service level target at 80 %, abandons under 5 s
// apart, and treats as ICD groups only the devices calls queued at.
type QueueOptions struct {
	// Interval is 15 or 30 minutes, an hour, or 24 hours (a Prague day).
	Interval time.Duration
	// SLSeconds is Y of "X % answered within Y s"; 0 means 20.
	SLSeconds int
	// ShortAbandon: calls abandoned sooner are counted apart; 0 means 5 s.
	ShortAbandon time.Duration
	// Groups are the ICD group numbers; a device a call queued at is a
	// group as well.
	Groups []string
}

func (o QueueOptions) normal() QueueOptions {
	if o.Interval <= 0 {
		o.Interval = 30 * time.Minute
	}
	if o.SLSeconds <= 0 {
		o.SLSeconds = 20
	}
	if o.ShortAbandon <= 0 {
		o.ShortAbandon = 5 * time.Second
	}
	return o
}

// QueueRow is the statistics of one ICD group (Group "" for all groups and
// the gateway together) in one interval.
type QueueRow struct {
	Group string
	Start time.Time
	// Offered calls reached the group; Answered of them a clerk answered.
	Offered, Answered int
	// Abandons: the caller hung up in the voice gateway (total row only),
	// waiting in the queue, or while an extension rang; ShortAbandons
	// hung up sooner than QueueOptions.ShortAbandon and are in none of
	// the three.
	AbandonedGateway, AbandonedQueue, AbandonedRinging, ShortAbandons int
	// Overflowed calls left the group unanswered some other way (diverted
	// outside, the ringing stopped).
	Overflowed int
	// AnsweredInSL were answered within QueueOptions.SLSeconds.
	AnsweredInSL int
	// Waits of answered calls, talk, hold and after-call work, summed.
	WaitAnswered, Talk, Hold, ACW time.Duration
	// LongestWait is the longest any offered call waited (to the answer or
	// to hanging up).
	LongestWait time.Duration
	// Transferred answered calls were transferred on.
	Transferred int
	// RepeatCalls came from a number that already called the same day.
	RepeatCalls int
	// Callbacks asked for in the interval (total row only), Reached of
	// them with the summed time to callback.
	Callbacks, CallbacksReached int
	TimeToCallback              time.Duration
}

// ServiceLevel returns the share (0–100) of the offered calls, less the
// short abandons, answered within the target; -1 when none were offered.
func (r QueueRow) ServiceLevel() float64 {
	n := r.Offered - r.ShortAbandons
	if n <= 0 {
		return -1
	}
	return 100 * float64(r.AnsweredInSL) / float64(n)
}

// Abandoned returns all abandons but the short ones.
func (r QueueRow) Abandoned() int { return r.AbandonedGateway + r.AbandonedQueue + r.AbandonedRinging }

// ASA returns the average speed of answer.
func (r QueueRow) ASA() time.Duration { return avg(r.WaitAnswered, r.Answered) }

// AHT returns the average handling time: talk, hold and after-call work.
func (r QueueRow) AHT() time.Duration { return avg(r.Talk+r.Hold+r.ACW, r.Answered) }

// TransferRate returns the share (0–100) of answered calls transferred.
func (r QueueRow) TransferRate() float64 { return pct(r.Transferred, r.Answered) }

// AvgTimeToCallback returns the average time to callback of reached ones.
func (r QueueRow) AvgTimeToCallback() time.Duration { return avg(r.TimeToCallback, r.CallbacksReached) }

func avg(d time.Duration, n int) time.Duration {
	if n == 0 {
		return 0
	}
	return (d / time.Duration(n)).Round(time.Second)
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// QueueStats computes the statistics of each group and of all groups per
// interval from the calls, gateway calls and callbacks of a period: rows
// ordered by interval, the total row ("") first, then groups by number.
func QueueStats(calls []QueueCall, gw []GatewayCall, cbs []CallbackTask, o QueueOptions) []QueueRow {
	o = o.normal()
	return Aggregate(Facts(calls, gw, o.Groups), cbs, o)
}

// Fact is what one call contributes to the queue statistics, whatever
// the interval, service level target and short-abandon limit: the group
// it reached and when, how it ended and its times. Facts of past days are
// kept in the database so that a month of statistics is summed there.
type Fact struct {
	CallID  string
	Group   string // "" for a call abandoned in the voice gateway
	Entered time.Time
	// Kind is FactAnswered, FactQueue, FactRinging, FactOverflow or
	// FactGateway.
	Kind                  string
	Wait, Talk, Hold, ACW time.Duration
	Transferred, Repeat   bool
}

// Fact kinds.
const (
	FactAnswered = "answered" // a clerk answered
	FactQueue    = "queue"    // the caller hung up waiting in the queue
	FactRinging  = "ringing"  // the caller hung up while an extension rang
	FactOverflow = "overflow" // left the group unanswered some other way
	FactGateway  = "gateway"  // the caller hung up in the voice gateway
)

// Facts classifies the calls that reached a group (groups lists the ICD
// groups besides the devices calls queued at) and the gateway abandons.
// Repeat marks a call from a number that called earlier the same day.
func Facts(calls []QueueCall, gw []GatewayCall, groups []string) []Fact {
	known := map[string]bool{}
	for _, g := range groups {
		known[g] = true
	}
	seen := map[string]workdays.Date{} // caller → day of the last call
	sorted := slices.Clone(calls)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].StartedAt.Before(sorted[j].StartedAt) })
	out := make([]Fact, 0, len(calls)+len(gw))
	for i := range sorted {
		c := &sorted[i]
		g, entered := groupOf(c, known)
		if g == "" {
			continue
		}
		f := factOf(c, g, entered)
		if c.Caller != "" {
			day := workdays.DateOf(c.StartedAt)
			f.Repeat = seen[c.Caller] == day
			seen[c.Caller] = day
		}
		out = append(out, f)
	}
	for _, x := range gw {
		if x.Outcome == "abandoned" {
			out = append(out, Fact{CallID: x.CallID, Kind: FactGateway, Entered: x.EnteredAt,
				Wait: max(x.EndedAt.Sub(x.EnteredAt), 0)})
		}
	}
	return out
}

// Aggregate sums facts and callbacks into rows per group and interval,
// with the total row ("") of each interval.
func Aggregate(facts []Fact, cbs []CallbackTask, o QueueOptions) []QueueRow {
	o = o.normal()
	rows := map[rowKey]*QueueRow{}
	for _, f := range facts {
		start := intervalStart(f.Entered, o.Interval)
		if f.Group != "" {
			rowAt(rows, f.Group, start).addFact(f, o)
		}
		rowAt(rows, "", start).addFact(f, o)
	}
	addCallbacks(rows, cbs, o)
	return sortedRows(rows)
}

// rowAt returns the row of group g starting at start, adding it if new.
func rowAt(rows map[rowKey]*QueueRow, g string, start time.Time) *QueueRow {
	k := rowKey{g, start}
	r := rows[k]
	if r == nil {
		r = &QueueRow{Group: g, Start: start}
		rows[k] = r
	}
	return r
}

// addCallbacks counts the callbacks in the total rows.
func addCallbacks(rows map[rowKey]*QueueRow, cbs []CallbackTask, o QueueOptions) {
	for _, cb := range cbs {
		r := rowAt(rows, "", intervalStart(cb.FirstCallAt, o.Interval))
		r.Callbacks++
		if cb.Reached {
			r.CallbacksReached++
			r.TimeToCallback += cb.TimeToCallback
		}
	}
}

// sortedRows orders rows by interval, then group ("" first).
func sortedRows(rows map[rowKey]*QueueRow) []QueueRow {
	out := make([]QueueRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].Group < out[j].Group
	})
	return out
}

type rowKey struct {
	group string
	start time.Time
}

// IntervalStart returns the start of t's interval of length d, as the
// statistics count them.
func IntervalStart(t time.Time, d time.Duration) time.Time { return intervalStart(t, d) }

// intervalStart returns the start of t's interval: whole multiples of d
// since the Unix epoch (Prague's offsets are whole hours), or the Prague
// day for d of 24 hours or more.
func intervalStart(t time.Time, d time.Duration) time.Time {
	if d >= 24*time.Hour {
		return workdays.DateOf(t).Start().UTC()
	}
	return t.Truncate(d).UTC()
}

// groupOf returns the ICD group of a call and when the call reached it:
// the first device it queued at, else the first known group among its
// extensions (reached when the call started); "" when none.
func groupOf(c *QueueCall, groups map[string]bool) (string, time.Time) {
	for _, s := range c.Path {
		if s.Action == cti.StepQueued {
			return s.Device, s.At
		}
	}
	for _, e := range c.Extensions {
		if groups[e] {
			for _, s := range c.Path {
				if s.Device == e {
					return e, s.At
				}
			}
			return e, c.StartedAt
		}
	}
	return "", time.Time{}
}

// factOf classifies a call that reached group g at entered.
func factOf(c *QueueCall, g string, entered time.Time) Fact {
	f := Fact{CallID: c.ID, Group: g, Entered: entered}
	if !c.AnsweredAt.IsZero() {
		f.Kind = FactAnswered
		f.Wait = max(c.AnsweredAt.Sub(entered), 0)
		f.Hold = holdTime(c)
		f.Talk = max(c.EndedAt.Sub(c.AnsweredAt)-f.Hold, 0)
		f.ACW = c.ACW
		for _, s := range c.Path {
			if s.Action == cti.StepTransferred {
				f.Transferred = true
			}
		}
		return f
	}
	f.Wait = max(c.EndedAt.Sub(entered), 0)
	switch {
	case c.EndReason != cti.EndAbandoned && c.EndReason != cti.EndMissed:
		f.Kind = FactOverflow
	case ringingAtEnd(c):
		f.Kind = FactRinging
	default:
		f.Kind = FactQueue
	}
	return f
}

// ringingAtEnd reports whether an extension was ringing when the call
// ended: a "rang" step after the last "queued" one.
func ringingAtEnd(c *QueueCall) bool {
	ringing := false
	for _, s := range c.Path {
		switch s.Action {
		case cti.StepQueued:
			ringing = false
		case cti.StepRang:
			ringing = true
		}
	}
	return ringing
}

// holdTime sums the time between each "held" step and the next "retrieved"
// one (or the end of the call).
func holdTime(c *QueueCall) time.Duration {
	var total time.Duration
	var since time.Time
	for _, s := range c.Path {
		switch {
		case s.Action == cti.StepHeld && since.IsZero():
			since = s.At
		case s.Action == cti.StepRetrieved && !since.IsZero():
			total += s.At.Sub(since)
			since = time.Time{}
		}
	}
	if !since.IsZero() {
		total += c.EndedAt.Sub(since)
	}
	return max(total, 0)
}

// addFact counts one fact in r.
func (r *QueueRow) addFact(f Fact, o QueueOptions) {
	r.Offered++
	if f.Repeat {
		r.RepeatCalls++
	}
	r.LongestWait = max(r.LongestWait, f.Wait)
	switch {
	case f.Kind == FactAnswered:
		r.Answered++
		r.WaitAnswered += f.Wait
		r.Talk += f.Talk
		r.Hold += f.Hold
		r.ACW += f.ACW
		if f.Wait <= time.Duration(o.SLSeconds)*time.Second {
			r.AnsweredInSL++
		}
		if f.Transferred {
			r.Transferred++
		}
	case f.Kind == FactOverflow:
		r.Overflowed++
	case f.Wait < o.ShortAbandon:
		r.ShortAbandons++
	case f.Kind == FactRinging:
		r.AbandonedRinging++
	case f.Kind == FactQueue:
		r.AbandonedQueue++
	case f.Kind == FactGateway:
		r.AbandonedGateway++
	}
}

// Add adds the counts and times of x to r (the longest wait is the
// longer of both).
func (r *QueueRow) Add(x QueueRow) {
	r.Offered += x.Offered
	r.Answered += x.Answered
	r.AbandonedGateway += x.AbandonedGateway
	r.AbandonedQueue += x.AbandonedQueue
	r.AbandonedRinging += x.AbandonedRinging
	r.ShortAbandons += x.ShortAbandons
	r.Overflowed += x.Overflowed
	r.AnsweredInSL += x.AnsweredInSL
	r.WaitAnswered += x.WaitAnswered
	r.Talk += x.Talk
	r.Hold += x.Hold
	r.ACW += x.ACW
	r.LongestWait = max(r.LongestWait, x.LongestWait)
	r.Transferred += x.Transferred
	r.RepeatCalls += x.RepeatCalls
	r.Callbacks += x.Callbacks
	r.CallbacksReached += x.CallbacksReached
	r.TimeToCallback += x.TimeToCallback
}

// SumRows adds rows of the same group over all intervals: one row per
// group, the total ("") first. Start is the earliest interval.
func SumRows(rows []QueueRow) []QueueRow {
	by := map[string]*QueueRow{}
	var order []string
	for _, r := range rows {
		s := by[r.Group]
		if s == nil {
			c := r
			by[r.Group] = &c
			order = append(order, r.Group)
			continue
		}
		s.Add(r)
		if r.Start.Before(s.Start) {
			s.Start = r.Start
		}
	}
	sort.Strings(order)
	out := make([]QueueRow, 0, len(order))
	for _, g := range order {
		out = append(out, *by[g])
	}
	return out
}
