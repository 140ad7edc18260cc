package cti

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"linka/cti/smdr"
)

// smdrCall is an SMDR call record line read for the call log: the call it
// describes as a CallRecord, times derived to the second from the printed
// minute, the ring and the talk time.
type smdrCall struct {
	raw string
	rec smdr.Record
	// call holds what the line says of the call: direction, numbers,
	// extensions, start and, when answered, answer; EndedAt is at.
	call CallRecord
	// at is the time the line printed, to the minute: the end of the call
	// for a final line, the ring or answer time for RC and AN.
	at time.Time
}

// newSMDRCall reads a call record line. The times follow the Feature
// Guide: a final line prints the end, the talk time and the ring time
// before the answer, so answered = end − talk and started = answered −
// ring; an RC line prints when the call started ringing, an AN line when
// it was answered.
func newSMDRCall(line smdr.Line) smdrCall {
	r := line.Record
	c := smdrCall{raw: line.Raw, rec: r, at: r.End}
	cr := &c.call
	cr.Direction, cr.Trunk, cr.EndedAt = smdrDirection(r.Direction), r.Trunk, r.End
	switch r.Direction {
	case smdr.Incoming:
		cr.Caller, cr.Called = r.Number, r.DDI
		cr.Extensions = []string{r.Extension}
	default: // outgoing: the dialled number; intercom: the called extension
		cr.Caller, cr.Called = r.Extension, r.Number
		cr.Extensions = []string{r.Extension}
		if r.Direction == smdr.Intercom && r.Number != "" && r.Number != r.Extension {
			cr.Extensions = append(cr.Extensions, r.Number)
		}
	}
	switch {
	case r.Condition == smdr.CondReceived || r.Condition == smdr.CondWaitingReceived:
		cr.StartedAt = c.at
	case !r.Final(): // AN, VA
		cr.AnsweredAt, cr.AnsweredBy = c.at, r.Extension
		cr.StartedAt = c.at.Add(-r.Ring)
	case c.answered():
		cr.AnsweredAt = c.at.Add(-r.Duration)
		cr.StartedAt = cr.AnsweredAt.Add(-r.Ring)
		cr.AnsweredBy = c.answerer()
		cr.EndReason = c.endReason()
	default:
		cr.StartedAt = c.at.Add(-r.Ring - r.Duration)
		cr.EndReason = c.endReason()
	}
	return c
}

// smdrDirection maps an SMDR direction to a call direction.
func smdrDirection(d smdr.Direction) Direction {
	switch d {
	case smdr.Incoming:
		return DirectionIncoming
	case smdr.Outgoing:
		return DirectionOutgoing
	case smdr.Intercom:
		return DirectionInternal
	}
	return DirectionUnknown
}

// answered reports whether a final line says the call was answered: an
// incoming or intercom call unless NA, an outgoing one when it talked.
func (c *smdrCall) answered() bool {
	if c.rec.Condition == smdr.CondNotAnswered {
		return false
	}
	return c.rec.Direction != smdr.Outgoing || c.rec.Duration > 0
}

// answerer returns the extension that answered: the called extension of
// an intercom call, the printed one of an incoming call, none for an
// outgoing call (the far end answered).
func (c *smdrCall) answerer() string {
	switch c.rec.Direction {
	case smdr.Intercom:
		return c.rec.Number
	case smdr.Incoming:
		return c.rec.Extension
	}
	return ""
}

// endReason returns the End* constant of a final line.
func (c *smdrCall) endReason() string {
	switch {
	case c.rec.Condition == smdr.CondForward:
		return EndForwarded
	case c.answered():
		return EndCompleted
	case c.rec.Direction == smdr.Incoming:
		return EndMissed
	}
	return EndUnanswered
}

// final reports a final line: not RC, AN, VR or VA.
func (c *smdrCall) final() bool { return c.rec.Final() }

// continues reports a final line after which the call goes on in another
// leg: a transfer (TR) or a forward to a trunk (FW).
func (c *smdrCall) continues() bool {
	return c.rec.Condition == smdr.CondTransfer || c.rec.Condition == smdr.CondForward
}

// closes reports a final line that ends the call.
func (c *smdrCall) closes() bool { return c.final() && !c.continues() }

// sameLeg reports whether row e and the line share an extension, or, for
// an incoming call whose row has RC/AN or TR lines so far, the trunk.
func (c *smdrCall) sameLeg(e *CallLogEntry) bool {
	if sharesExtension(e.Extensions, c.call.Extensions) {
		return true
	}
	open := e.SMDR == SMDRInterim || e.SMDR == SMDRTransferred
	return open && c.rec.Direction == smdr.Incoming && c.rec.Trunk != "" && e.CO == c.rec.Trunk
}

// AddSMDR takes one line of SMDR output. A call record line is stored in
// the row of its call — the PBX link's record or the row earlier lines of
// the call made — or in a new row; a line received before (an import
// read twice) changes nothing. A line that matched no layout, or a record
// whose time is unknown because the PBX clock changed during the call, is
// kept raw in the rejects, counted and logged. Status lines (LOG IN, LOG
// OUT, …), headers, separators and blank lines are only counted: agent
// states come from the PBX link. An error means the line could not be
// stored; the caller decides whether to retry it.
func (l *CallLog) AddSMDR(ctx context.Context, line smdr.Line) error {
	l.met.lines.WithLabelValues(line.Kind.String()).Inc()
	switch {
	case line.Kind == smdr.KindInvalid:
		return l.reject(ctx, line.Raw, line.Err)
	case line.Kind != smdr.KindRecord:
		return nil
	case line.Record.ClockChanged:
		return l.reject(ctx, line.Raw, errClockChanged)
	}
	c := newSMDRCall(line)
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addSMDR(ctx, &c)
}

// errClockChanged is the reason a record with the "**/**/** **:****" time
// is rejected.
var errClockChanged = errors.New("the PBX clock changed during the call: the time of the call is unknown")

// addSMDR stores the line c in its row.
func (l *CallLog) addSMDR(ctx context.Context, c *smdrCall) error {
	from := c.call.StartedAt.Add(-l.o.Window - time.Minute)
	to := c.at.Add(l.o.Window + 2*time.Minute)
	cands, err := l.o.Store.CallLogCandidates(ctx, from, to)
	if err != nil {
		return fmt.Errorf("cti: call log: find the rows of an SMDR line: %w", err)
	}
	for i := range cands {
		if slices.Contains(cands[i].SMDRLines, c.raw) {
			l.met.rows.WithLabelValues("smdr_duplicate").Inc()
			return nil
		}
	}
	var e CallLogEntry
	source := "smdr_merged"
	if m := l.bestForSMDR(cands, c); m != nil {
		e = *m
	} else {
		e = CallLogEntry{CallRecord: CallRecord{ID: "smdr-" + l.ids.next(c.at)}}
		source = "smdr_new"
	}
	l.applySMDR(&e, c)
	if err := l.o.Store.PutCallLog(ctx, e, nil); err != nil {
		return fmt.Errorf("cti: call log: save SMDR line of call %s: %w", e.ID, err)
	}
	l.met.rows.WithLabelValues(source).Inc()
	if !e.ObserveAfter.IsZero() && !e.ObserveAfter.After(l.o.Now()) {
		if err := l.observeSMDR(ctx, &e); err != nil {
			l.log.Warn("call log: hand an SMDR call to the observer; retried later", "call_id", e.ID, "err", err)
		}
	}
	return nil
}

// applySMDR adds the line c to row e: the SMDR columns, and for a row the
// PBX link has not reported the call as the line describes it.
func (l *CallLog) applySMDR(e *CallLogEntry, c *smdrCall) {
	first := e.SMDR == SMDRNone || e.SMDR == SMDRInterim
	e.SMDRLines = append(slices.Clip(e.SMDRLines), c.raw)
	e.CO = cmp.Or(e.CO, c.rec.Trunk)
	e.Account = cmp.Or(c.rec.Account, e.Account)
	if c.final() && c.rec.Condition != smdr.CondNone {
		e.Condition = strings.TrimPrefix(e.Condition+","+string(c.rec.Condition), ",")
	}
	switch {
	case c.continues():
		e.SMDR = SMDRTransferred
	case c.final():
		e.SMDR = SMDRFinal
	case e.SMDR == SMDRNone:
		e.SMDR = SMDRInterim
	}
	if e.CSTA {
		return
	}
	deriveFromSMDR(&e.CallRecord, c, first)
	l.normalise(e)
	if c.final() && l.o.Observer != nil {
		wait := l.o.Await
		if c.continues() {
			wait = max(wait, l.o.Window)
		}
		e.ObserveAfter = l.o.Now().Add(wait)
	}
}

// deriveFromSMDR updates the call r, known only from SMDR, with the line
// c. The first final line of a call sets the times, to keep the printed
// ring and talk times exact; the final line of a later leg (after a
// transfer) moves the end; RC and AN lines only widen what is known.
func deriveFromSMDR(r *CallRecord, c *smdrCall, first bool) {
	l := &c.call
	if r.Direction == "" {
		r.Direction, r.Caller, r.Called, r.Trunk = l.Direction, l.Caller, l.Called, l.Trunk
	}
	r.Caller, r.Called, r.Trunk = cmp.Or(r.Caller, l.Caller), cmp.Or(r.Called, l.Called), cmp.Or(r.Trunk, l.Trunk)
	for _, x := range l.Extensions {
		if !slices.Contains(r.Extensions, x) {
			r.Extensions = append(slices.Clip(r.Extensions), x)
		}
	}
	switch {
	case c.final() && first:
		r.StartedAt, r.EndedAt = l.StartedAt, l.EndedAt
		r.AnsweredAt, r.AnsweredBy = l.AnsweredAt, l.AnsweredBy
		r.EndReason = l.EndReason
		return
	case c.final():
		r.EndReason = l.EndReason
	}
	if r.StartedAt.IsZero() || l.StartedAt.Before(r.StartedAt) {
		r.StartedAt = l.StartedAt
	}
	if l.EndedAt.After(r.EndedAt) {
		r.EndedAt = l.EndedAt
	}
	if r.AnsweredAt.IsZero() && !l.AnsweredAt.IsZero() {
		r.AnsweredAt, r.AnsweredBy = l.AnsweredAt, l.AnsweredBy
	}
}

// reject keeps a line that is not a usable call record, counts it and
// logs it when the reason differs from the previous reject's. The log
// names the reason, never the line: it holds phone numbers.
func (l *CallLog) reject(ctx context.Context, raw string, why error) error {
	reason := "matches no SMDR layout"
	if why != nil {
		reason = why.Error()
	}
	l.met.rejected.Inc()
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.o.Store.AddSMDRReject(ctx, SMDRReject{Line: raw, Reason: reason, At: l.o.Now()}); err != nil {
		return fmt.Errorf("cti: call log: keep a rejected SMDR line: %w", err)
	}
	var pe *smdr.ParseError
	kind := reason
	if errors.As(why, &pe) {
		kind = pe.Field.String() + ": " + pe.Reason
	}
	if kind != l.lastReject {
		l.lastReject = kind
		l.log.Warn("smdr line rejected and kept in smdr_rejects", "reason", kind, "length", len(raw))
	}
	return nil
}

// Pauses between the attempts of SMDRSink to store a line.
const (
	sinkRetryBase = time.Second
	sinkRetryMax  = time.Minute
)

// SMDRSink returns the function an SMDR source (smdr.Client.Run) hands
// its lines to: each goes to AddSMDR, and a line that could not be stored
// (the database unreachable) is retried with growing pauses until it is
// stored or ctx ends, so that no line is lost; meanwhile the source
// reads nothing and the PBX buffers. The failure is logged when it starts
// and when it ends, not at every retry.
func (l *CallLog) SMDRSink(ctx context.Context) func(smdr.Line) {
	return func(line smdr.Line) {
		for attempt := 0; ; attempt++ {
			err := l.AddSMDR(ctx, line)
			switch {
			case err == nil && attempt > 0:
				l.log.Info("call log: SMDR lines are stored again", "attempts", attempt+1)
				return
			case err == nil:
				return
			case ctx.Err() != nil:
				l.log.Error("call log: SMDR line lost at shutdown", "err", err)
				return
			case attempt == 0:
				l.log.Error("call log: store an SMDR line; retrying", "err", err)
			}
			select {
			case <-time.After(backoff(sinkRetryBase, sinkRetryMax, attempt)):
			case <-ctx.Done():
			}
		}
	}
}
