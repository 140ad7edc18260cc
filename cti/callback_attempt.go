package cti

import (
	"context"
	"errors"
	"fmt"
	"time"

	"linka/internal/workdays"
)

// RefusalReason says why a callback attempt is not allowed.
type RefusalReason string

// Refusal reasons.
const (
	RefusedOutsideHours RefusalReason = "outside_hours" // outside opening hours
	RefusedTooSoon      RefusalReason = "too_soon"      // less than MinGap after the last attempt
	RefusedMaxAttempts  RefusalReason = "max_attempts"  // MaxAttempts made; Linka gave up
	RefusedClosed       RefusalReason = "closed"        // the task is done
	RefusedInProgress   RefusalReason = "in_progress"   // another attempt awaits its outcome
)

// AttemptRefusedError reports a callback attempt the rules do not allow.
type AttemptRefusedError struct {
	TaskID int64
	Reason RefusalReason
	// NextAllowed is when an attempt is allowed again, for
	// RefusedOutsideHours and RefusedTooSoon; zero if the opening hours
	// never open.
	NextAllowed time.Time
	// MaxAttempts is the limit, for RefusedMaxAttempts.
	MaxAttempts int
	// Resolution is how the task was closed, for RefusedClosed.
	Resolution CallbackResolution
}

// Error says why, e.g. "cti: callback 7: too soon after the last attempt;
// the next attempt is allowed at 2026-03-10 10:15".
func (e *AttemptRefusedError) Error() string {
	var why string
	switch e.Reason {
	case RefusedOutsideHours:
		why = "outside opening hours"
	case RefusedTooSoon:
		why = "too soon after the last attempt"
	case RefusedMaxAttempts:
		why = fmt.Sprintf("all %d attempts were made without reaching the citizen", e.MaxAttempts)
	case RefusedClosed:
		why = fmt.Sprintf("the task is closed (%s)", e.Resolution)
	case RefusedInProgress:
		why = "another attempt is in progress"
	default:
		why = string(e.Reason)
	}
	if !e.NextAllowed.IsZero() {
		why += "; the next attempt is allowed at " + e.NextAllowed.In(workdays.Prague()).Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("cti: callback %d: %s", e.TaskID, why)
}

// callbackError returns err of an operation on task id: a refusal as it
// is, a missing task as ErrCallbackNotFound naming the id, anything else
// wrapped with the task id.
func callbackError(id int64, err error) error {
	var refused *AttemptRefusedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &refused):
		return err
	case errors.Is(err, ErrCallbackNotFound):
		return fmt.Errorf("%w: %d", ErrCallbackNotFound, id)
	}
	return fmt.Errorf("cti: callback %d: %w", id, err)
}

// Attempt calls the citizen of task id back from extension ext on behalf
// of clerk and records the attempt; its outcome is settled when Observe
// sees the call's record. It returns the attempt as recorded. The rules
// refuse with an *AttemptRefusedError; a PBX that refuses the call or is
// not linked returns the Dialer's error (*RefusedError, ErrLinkDown) and
// the attempt is recorded as not placed, which does not count.
func (c *Callbacks) Attempt(ctx context.Context, id int64, clerk Clerk, ext string) (CallbackAttempt, error) {
	if c.o.Dialer == nil {
		return CallbackAttempt{}, fmt.Errorf("cti: callback %d: %w", id, ErrLinkDown)
	}
	if ext == "" {
		return CallbackAttempt{}, fmt.Errorf("cti: callback %d: no extension to call from", id)
	}
	a, dial, err := c.startAttempt(ctx, id, clerk, ext)
	if err != nil {
		return a, err
	}
	callID, err := c.o.Dialer.MakeCall(ctx, ext, dial)
	// What follows is recorded even if the clerk's request is cancelled.
	ctx = context.WithoutCancel(ctx)
	if err != nil {
		a.Outcome, a.Detail, a.SettledAt = OutcomeNotPlaced, notPlacedDetail(err), c.o.Now()
		if _, serr := c.setAttempt(ctx, id, a); serr != nil {
			err = errors.Join(err, serr)
		}
		return a, fmt.Errorf("cti: callback %d: call %s from %s: %w", id, dial, ext, err)
	}
	a.CallID = callID
	return c.dialled(ctx, id, a)
}

// notPlacedDetail returns what the attempt records about a call the PBX
// did not place.
func notPlacedDetail(err error) string {
	var refused *RefusedError
	switch {
	case errors.As(err, &refused):
		return "the PBX refused the call: " + refused.Reason
	case errors.Is(err, ErrLinkDown):
		return "the PBX link is down"
	}
	return "the call could not be placed"
}

// startAttempt checks the rules and records a pending attempt on task id;
// it returns the attempt and the number to dial.
func (c *Callbacks) startAttempt(ctx context.Context, id int64, clerk Clerk, ext string) (CallbackAttempt, string, error) {
	var a CallbackAttempt
	t, err := c.modify(ctx, id, func(t *CallbackTask) (*CallbackChange, error) {
		now := c.o.Now()
		expired := c.expire(t, now)
		if err := c.refusal(t, now); err != nil {
			if len(expired) == 0 {
				return nil, err
			}
			return &CallbackChange{SetAttempts: expired}, err
		}
		a = CallbackAttempt{At: now, UserID: clerk.ID, UserName: clerk.Name, Extension: ext, Outcome: OutcomePending}
		return &CallbackChange{AddAttempt: &a, SetAttempts: expired}, nil
	})
	if err != nil {
		return a, "", callbackError(id, err)
	}
	return a, t.DialNumber, nil
}

// expire gives the pending attempts of t older than PendingTimeout the
// outcome unknown, closes t if that was its last allowed attempt, and
// returns the attempts it changed.
func (c *Callbacks) expire(t *CallbackTask, now time.Time) []CallbackAttempt {
	var changed []CallbackAttempt
	for i := range t.Attempts {
		a := &t.Attempts[i]
		if a.Outcome == OutcomePending && !now.Before(a.At.Add(c.o.PendingTimeout)) {
			a.Outcome, a.SettledAt = OutcomeUnknown, now
			changed = append(changed, *a)
		}
	}
	if len(changed) > 0 {
		c.maybeGiveUp(t, now)
	}
	return changed
}

// refusal returns why an attempt on t at now is not allowed, nil if it is.
func (c *Callbacks) refusal(t *CallbackTask, now time.Time) error {
	n, _ := t.counted()
	switch {
	case t.State == CallbackDone && t.Resolution == ResolutionGaveUp:
		return &AttemptRefusedError{TaskID: t.ID, Reason: RefusedMaxAttempts, MaxAttempts: c.o.MaxAttempts}
	case t.State == CallbackDone:
		return &AttemptRefusedError{TaskID: t.ID, Reason: RefusedClosed, Resolution: t.Resolution}
	case t.pending() != nil:
		return &AttemptRefusedError{TaskID: t.ID, Reason: RefusedInProgress}
	case n >= c.o.MaxAttempts:
		return &AttemptRefusedError{TaskID: t.ID, Reason: RefusedMaxAttempts, MaxAttempts: c.o.MaxAttempts}
	case !c.o.Hours.Open(now, c.o.Calendar):
		return &AttemptRefusedError{TaskID: t.ID, Reason: RefusedOutsideHours, NextAllowed: c.nextAllowed(t, now)}
	}
	if next := c.nextAllowed(t, now); next.After(now) {
		return &AttemptRefusedError{TaskID: t.ID, Reason: RefusedTooSoon, NextAllowed: next}
	}
	return nil
}

// nextAllowed returns the first instant from now on at which the gap
// after the last attempt has passed and the office is open.
func (c *Callbacks) nextAllowed(t *CallbackTask, now time.Time) time.Time {
	from := now
	if _, last := t.counted(); last != nil && last.At.Add(c.o.MinGap).After(from) {
		from = last.At.Add(c.o.MinGap)
	}
	return c.o.Hours.NextOpen(from, c.o.Calendar)
}

// NextAttemptAt returns when the next attempt on t is allowed (now, if it
// is allowed now), or the zero time if none will be: the task is done, an
// attempt is in progress or every attempt was made.
func (c *Callbacks) NextAttemptAt(t *CallbackTask) time.Time {
	now := c.o.Now()
	var refused *AttemptRefusedError
	switch err := c.refusal(t, now); {
	case err == nil:
		return now
	case errors.As(err, &refused):
		return refused.NextAllowed
	}
	return time.Time{}
}

// setAttempt rewrites attempt a of task id.
func (c *Callbacks) setAttempt(ctx context.Context, id int64, a CallbackAttempt) (CallbackTask, error) {
	return c.modify(ctx, id, func(t *CallbackTask) (*CallbackChange, error) {
		if t.attempt(a.ID) == nil {
			return nil, fmt.Errorf("attempt %d: %w", a.ID, ErrCallbackNotFound)
		}
		*t.attempt(a.ID) = a
		return &CallbackChange{SetAttempts: []CallbackAttempt{a}}, nil
	})
}

// dialled records the call id of attempt a, then settles it at once if
// its record arrived in the meantime.
func (c *Callbacks) dialled(ctx context.Context, id int64, a CallbackAttempt) (CallbackAttempt, error) {
	c.mu.Lock()
	_, err := c.setAttempt(ctx, id, a)
	r, early := c.takeUnmatched(a.CallID)
	c.mu.Unlock()
	if err != nil {
		return a, fmt.Errorf("cti: callback %d: record call %s: %w", id, a.CallID, err)
	}
	if !early {
		return a, nil
	}
	t, err := c.settle(ctx, id, r)
	if err != nil {
		return a, fmt.Errorf("cti: callback %d: settle call %s: %w", id, a.CallID, err)
	}
	return *t.attemptByCall(a.CallID), nil
}

// settleAttempt settles the attempt whose call r is, and reports whether
// r was an attempt's call. A record no attempt has placed (yet) is kept
// for dialled.
func (c *Callbacks) settleAttempt(ctx context.Context, r CallRecord) (bool, error) {
	c.mu.Lock()
	t, err := c.o.Store.CallbackByAttemptCall(ctx, r.ID)
	if errors.Is(err, ErrCallbackNotFound) {
		c.keepUnmatched(r)
	}
	c.mu.Unlock()
	switch {
	case errors.Is(err, ErrCallbackNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("cti: callback attempt of call %s: %w", r.ID, err)
	}
	if _, err := c.settle(ctx, t.ID, r); err != nil {
		return true, fmt.Errorf("cti: callback %d: settle call %s: %w", t.ID, r.ID, err)
	}
	return true, nil
}

// settle records the outcome of the attempt that placed r on task id and
// closes the task when the citizen was reached or the last attempt failed.
func (c *Callbacks) settle(ctx context.Context, id int64, r CallRecord) (CallbackTask, error) {
	return c.modify(ctx, id, func(t *CallbackTask) (*CallbackChange, error) {
		a := t.attemptByCall(r.ID)
		if a == nil || (a.Outcome != OutcomePending && a.Outcome != OutcomeUnknown) {
			return nil, nil
		}
		now := c.o.Now()
		a.Outcome, a.AnsweredAt, a.EndedAt, a.SettledAt = c.outcome(r), r.AnsweredAt, r.EndedAt, now
		switch {
		case a.Outcome == OutcomeReached && (t.State == CallbackOpen || t.Resolution == ResolutionGaveUp):
			t.close(ResolutionReached, r.AnsweredAt, r.ID, now)
		default:
			c.maybeGiveUp(t, now)
		}
		return &CallbackChange{SetAttempts: []CallbackAttempt{*a}}, nil
	})
}

// outcome returns the outcome of an attempt whose call is r.
func (c *Callbacks) outcome(r CallRecord) AttemptOutcome {
	switch {
	case !r.AnsweredAt.IsZero() && r.EndedAt.Sub(r.AnsweredAt) >= c.o.MinTalk:
		return OutcomeReached
	case !r.AnsweredAt.IsZero():
		return OutcomeTooShort
	case r.EndReason == EndFailed:
		return OutcomeFailed
	case r.EndReason == EndLost:
		return OutcomeUnknown
	}
	return OutcomeNoAnswer
}

// maybeGiveUp closes an open task whose last allowed attempt is settled
// without reaching the citizen.
func (c *Callbacks) maybeGiveUp(t *CallbackTask, now time.Time) {
	if n, _ := t.counted(); t.State == CallbackOpen && n >= c.o.MaxAttempts && t.pending() == nil {
		t.close(ResolutionGaveUp, time.Time{}, "", now)
	}
}

// keepUnmatched remembers a record no attempt has placed, the latest
// unmatchedRecordsWindow of them. Runs with c.mu held.
func (c *Callbacks) keepUnmatched(r CallRecord) {
	if len(c.unmatched) == unmatchedRecordsWindow {
		c.unmatched = append(c.unmatched[:0], c.unmatched[1:]...)
	}
	c.unmatched = append(c.unmatched, r)
}

// takeUnmatched removes and returns the kept record of call id. Runs with
// c.mu held.
func (c *Callbacks) takeUnmatched(id string) (CallRecord, bool) {
	for i, r := range c.unmatched {
		if r.ID == id {
			c.unmatched = append(c.unmatched[:i], c.unmatched[i+1:]...)
			return r, true
		}
	}
	return CallRecord{}, false
}
