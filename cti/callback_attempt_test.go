package cti

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"linka/internal/workdays"
)

func TestCallbacks_AttemptReached(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("m", cbCitizen, cbStart))
	id := h.open(cbCitizenE164).ID
	h.clock.Add(20 * time.Minute)
	a := h.attempt(id)
	if a.Outcome != OutcomePending || a.CallID != "dial-1" || a.Extension != "101" || a.UserName != "Jana" || !a.At.Equal(h.clock.Now()) {
		t.Errorf("Attempt = %+v, want a pending attempt of Jana from 101 with the call id", a)
	}
	if got := h.dialer.dialed; !slices.Equal(got, []string{"101>" + cbCitizen}) {
		t.Errorf("dialled %v, want 101>%s", got, cbCitizen)
	}
	h.clock.Add(time.Minute)
	h.observe(outgoing("dial-1", "101", cbCitizen, cbStart.Add(20*time.Minute), 15*time.Second))
	task := h.task(id)
	got := task.Attempts[0]
	if got.Outcome != OutcomeReached || got.Talk() != 15*time.Second {
		t.Errorf("attempt = %+v, want reached after 15 s of talk", got)
	}
	if task.State != CallbackDone || task.Resolution != ResolutionReached || task.TimeToCallback != 20*time.Minute+8*time.Second {
		t.Errorf("task = %s/%s after %v, want done/reached after 20m8s", task.State, task.Resolution, task.TimeToCallback)
	}
	if task.ClosedByCall != "dial-1" {
		t.Errorf("ClosedByCall = %q, want dial-1", task.ClosedByCall)
	}
}

func TestCallbacks_AttemptOutcomes(t *testing.T) {
	with := func(r CallRecord, reason string) CallRecord { r.EndReason = reason; return r }
	tests := []struct {
		name string
		r    CallRecord
		want AttemptOutcome
	}{
		{"exactly the minimum talk", outgoing("dial-1", "101", cbCitizen, cbStart, 10*time.Second), OutcomeReached},
		{"too short", outgoing("dial-1", "101", cbCitizen, cbStart, 9*time.Second), OutcomeTooShort},
		{"no answer", outgoing("dial-1", "101", cbCitizen, cbStart, -1), OutcomeNoAnswer},
		{"busy", with(outgoing("dial-1", "101", cbCitizen, cbStart, -1), EndFailed), OutcomeFailed},
		{"lost", with(outgoing("dial-1", "101", cbCitizen, cbStart, -1), EndLost), OutcomeUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newCallbacksHarness(t, nil)
			h.observe(missed("m", cbCitizen, cbStart))
			id := h.open(cbCitizenE164).ID
			h.attempt(id)
			h.observe(tt.r)
			task := h.task(id)
			if got := task.Attempts[0].Outcome; got != tt.want {
				t.Errorf("outcome = %s, want %s", got, tt.want)
			}
			if open := task.State == CallbackOpen; open != (tt.want != OutcomeReached) {
				t.Errorf("task state = %s after outcome %s", task.State, tt.want)
			}
		})
	}
}

// refusal returns the refusal of an attempt on id, failing the test when
// the attempt is allowed or fails otherwise.
func (h *cbHarness) refusal(id int64) *AttemptRefusedError {
	h.t.Helper()
	_, err := h.cb.Attempt(h.ctx, id, Clerk{ID: 7, Name: "Jana"}, "101")
	var refused *AttemptRefusedError
	if !errors.As(err, &refused) {
		h.t.Fatalf("Attempt(%d) = %v, want a refusal", id, err)
	}
	return refused
}

func TestCallbacks_AttemptRules(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("m", cbCitizen, cbStart))
	id := h.open(cbCitizenE164).ID

	h.attempt(id)
	if r := h.refusal(id); r.Reason != RefusedInProgress {
		t.Errorf("attempt while one is pending = %v, want in progress", r)
	}
	h.observe(outgoing("dial-1", "101", cbCitizen, cbStart, -1))
	h.clock.Add(14 * time.Minute)
	r := h.refusal(id)
	if r.Reason != RefusedTooSoon || !r.NextAllowed.Equal(cbStart.Add(15*time.Minute)) {
		t.Errorf("attempt after 14 min = %v, want too soon until 10:15", r)
	}
	if !strings.Contains(r.Error(), "2026-03-10 10:15") {
		t.Errorf("refusal %q does not say when the next attempt is allowed", r)
	}
	if got := h.cb.NextAttemptAt(ptr(h.task(id))); !got.Equal(cbStart.Add(15 * time.Minute)) {
		t.Errorf("NextAttemptAt = %v, want 10:15", got)
	}
	h.clock.Set(time.Date(2026, 3, 10, 15, 55, 0, 0, workdays.Prague()))
	h.attempt(id)
	h.observe(outgoing("dial-2", "101", cbCitizen, h.clock.Now(), 2*time.Second))
	h.clock.Add(15 * time.Minute) // 16:10: closed
	r = h.refusal(id)
	// Wednesday 8:00; Friday 13 March is the office's closed day, not in the way.
	if wed := time.Date(2026, 3, 11, 8, 0, 0, 0, workdays.Prague()); r.Reason != RefusedOutsideHours || !r.NextAllowed.Equal(wed) {
		t.Errorf("attempt at 16:10 = %v, want outside hours until Wednesday 8:00", r)
	}
	h.clock.Set(time.Date(2026, 3, 11, 8, 0, 0, 0, workdays.Prague()))
	h.attempt(id)
	h.observe(outgoing("dial-3", "101", cbCitizen, h.clock.Now(), -1))
	task := h.task(id)
	if task.State != CallbackDone || task.Resolution != ResolutionGaveUp || task.TimeToCallback != 0 {
		t.Errorf("after 3 failed attempts task = %s/%s, want done/gave_up", task.State, task.Resolution)
	}
	h.clock.Add(time.Hour)
	if r := h.refusal(id); r.Reason != RefusedMaxAttempts || r.MaxAttempts != 3 {
		t.Errorf("fourth attempt = %v, want max attempts (3)", r)
	}
	if got := h.cb.NextAttemptAt(ptr(h.task(id))); !got.IsZero() {
		t.Errorf("NextAttemptAt of a task given up = %v, want zero", got)
	}
}

func ptr[T any](v T) *T { return &v }

func TestCallbacks_AttemptOnClosedTask(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("m", cbCitizen, cbStart))
	id := h.open(cbCitizenE164).ID
	h.observe(answered("a", cbCitizen, "102", cbStart.Add(time.Minute), time.Minute))
	if r := h.refusal(id); r.Reason != RefusedClosed || r.Resolution != ResolutionCalledIn {
		t.Errorf("attempt on a closed task = %v, want closed (called_in)", r)
	}
	if _, err := h.cb.Attempt(h.ctx, 999, Clerk{}, "101"); !errors.Is(err, ErrCallbackNotFound) {
		t.Errorf("Attempt(999) = %v, want ErrCallbackNotFound", err)
	}
}

func TestCallbacks_AttemptNotPlaced(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("m", cbCitizen, cbStart))
	id := h.open(cbCitizenE164).ID
	refused := &RefusedError{Command: "make_call", Reason: "stateIncompatibility invalidCallingDeviceState"}
	h.dialer.err = refused
	if _, err := h.cb.Attempt(h.ctx, id, Clerk{ID: 7}, "101"); !errors.As(err, new(*RefusedError)) {
		t.Fatalf("Attempt with the PBX refusing = %v, want the *RefusedError", err)
	}
	task := h.task(id)
	if len(task.Attempts) != 1 || task.Attempts[0].Outcome != OutcomeNotPlaced || !strings.Contains(task.Attempts[0].Detail, "invalidCallingDeviceState") {
		t.Fatalf("attempts = %+v, want one not placed, with the PBX's reason", task.Attempts)
	}
	h.dialer.err = nil
	if a := h.attempt(id); a.Outcome != OutcomePending {
		t.Errorf("attempt right after one not placed = %+v, want it allowed", a)
	}

	none := newCallbacksHarness(t, func(o *CallbackOptions) { o.Dialer = nil })
	none.observe(missed("m", cbCitizen, cbStart))
	if _, err := none.cb.Attempt(none.ctx, none.open(cbCitizenE164).ID, Clerk{}, "101"); !errors.Is(err, ErrLinkDown) {
		t.Errorf("Attempt without a dialer = %v, want ErrLinkDown", err)
	}
}

func TestCallbacks_RecordBeforeCallID(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("m", cbCitizen, cbStart))
	id := h.open(cbCitizenE164).ID
	// The call fails at once: its record is observed before MakeCall
	// returns and the attempt knows its call id.
	h.dialer.before = func(callID string) {
		h.observe(CallRecord{ID: callID, Direction: DirectionOutgoing, Caller: "101", Called: cbCitizen,
			StartedAt: cbStart, EndedAt: cbStart, EndReason: EndFailed})
	}
	a := h.attempt(id)
	if a.Outcome != OutcomeFailed {
		t.Errorf("Attempt = %+v, want it settled as failed from the early record", a)
	}
	if got := h.task(id).Attempts[0].Outcome; got != OutcomeFailed {
		t.Errorf("stored outcome = %s, want failed", got)
	}
}

func TestCallbacks_ConcurrentAttempts(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("m", cbCitizen, cbStart))
	id := h.open(cbCitizenE164).ID
	const clerks = 8
	errs := make([]error, clerks)
	var wg sync.WaitGroup
	for i := range clerks {
		wg.Go(func() {
			_, errs[i] = h.cb.Attempt(h.ctx, id, Clerk{ID: int64(i)}, fmt.Sprint(101+i))
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var refused *AttemptRefusedError
		switch {
		case err == nil:
			ok++
		case !errors.As(err, &refused) || refused.Reason != RefusedInProgress:
			t.Errorf("concurrent Attempt = %v, want success or in progress", err)
		}
	}
	if n := len(h.task(id).Attempts); ok != 1 || n != 1 || len(h.dialer.dialed) != 1 {
		t.Errorf("%d attempts succeeded, %d stored, %d dialled; want exactly one", ok, n, len(h.dialer.dialed))
	}
}

func TestCallbacks_PendingTimeout(t *testing.T) {
	h := newCallbacksHarness(t, func(o *CallbackOptions) { o.MaxAttempts = 2 })
	h.observe(missed("m", cbCitizen, cbStart))
	id := h.open(cbCitizenE164).ID
	h.attempt(id)
	h.clock.Add(DefaultPendingTimeout - time.Minute)
	if r := h.refusal(id); r.Reason != RefusedInProgress {
		t.Errorf("attempt before the pending timeout = %v, want in progress", r)
	}
	h.clock.Add(time.Minute)
	h.attempt(id)
	if r := h.refusal(id); r.Reason != RefusedInProgress {
		t.Errorf("attempt while the last allowed one is pending = %v, want in progress", r)
	}
	task := h.task(id)
	if task.Attempts[0].Outcome != OutcomeUnknown || task.Attempts[1].Outcome != OutcomePending {
		t.Errorf("attempts = %+v, want the stale one unknown and a new one pending", task.Attempts)
	}
	h.observe(outgoing("dial-1", "101", cbCitizen, cbStart, time.Minute)) // the lost record turns up
	if task := h.task(id); task.Attempts[0].Outcome != OutcomeReached || task.Resolution != ResolutionReached {
		t.Errorf("late record: attempts %+v, task %s, want the first reached and the task reached", task.Attempts, task.Resolution)
	}
}
