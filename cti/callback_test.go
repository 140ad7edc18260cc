package cti

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/internal/workdays"
)

// cbStart is Tuesday 10 March 2026, 10:00 in Prague: the office is open.
var cbStart = time.Date(2026, 3, 10, 10, 0, 0, 0, workdays.Prague())

// cbCitizen is the test cbCitizen's number as the PBX presents it, and
// cbCitizenE164 its normalised form.
const (
	cbCitizen     = "0601234567"
	cbCitizenE164 = "+420601234567"
)

// testNormalize is a small Czech number plan: nine digits after an
// optional 0 outside-line prefix or 420; anything else is unusable.
func testNormalize(n string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, n)
	digits = strings.TrimPrefix(digits, "0")
	switch {
	case len(digits) == 9:
		return "+420" + digits
	case len(digits) == 12 && strings.HasPrefix(digits, "420"):
		return "+" + digits
	}
	return ""
}

// cbHarness is a Callbacks over an in-memory store, a settable clock and
// a dialer that only remembers.
type cbHarness struct {
	t      *testing.T
	ctx    context.Context
	cb     *Callbacks
	store  *memCallbacks
	clock  *cbClock
	dialer *cbDialer
}

func newCallbacksHarness(t *testing.T, mod func(*CallbackOptions)) *cbHarness {
	t.Helper()
	h := &cbHarness{t: t, ctx: context.Background(), store: newMemCallbacks(),
		clock: &cbClock{t: cbStart}, dialer: &cbDialer{}}
	o := CallbackOptions{Store: h.store, Dialer: h.dialer, Normalize: testNormalize, Now: h.clock.Now,
		Calendar: workdays.Calendar{Closed: map[workdays.Date]string{{Year: 2026, Month: 3, Day: 13}: "office closed"}}}
	if mod != nil {
		mod(&o)
	}
	var err error
	if h.cb, err = NewCallbacks(o); err != nil {
		t.Fatalf("NewCallbacks = %v", err)
	}
	return h
}

func (h *cbHarness) observe(r CallRecord) {
	h.t.Helper()
	if err := h.cb.Observe(h.ctx, r); err != nil {
		h.t.Fatalf("Observe(%s) = %v", r.ID, err)
	}
}

// open returns the open task of number, failing the test if there is none.
func (h *cbHarness) open(number string) CallbackTask {
	h.t.Helper()
	t, err := h.store.OpenCallback(h.ctx, number)
	if err != nil {
		h.t.Fatalf("OpenCallback(%s) = %v", number, err)
	}
	return t
}

func (h *cbHarness) task(id int64) CallbackTask {
	h.t.Helper()
	t, err := h.cb.Callback(h.ctx, id)
	if err != nil {
		h.t.Fatalf("Callback(%d) = %v", id, err)
	}
	return t
}

// attempt makes an attempt from 101 that the rules must allow.
func (h *cbHarness) attempt(id int64) CallbackAttempt {
	h.t.Helper()
	a, err := h.cb.Attempt(h.ctx, id, Clerk{ID: 7, Name: "Jana"}, "101")
	if err != nil {
		h.t.Fatalf("Attempt(%d) = %v", id, err)
	}
	return a
}

// missed is an incoming call from caller at that rang at 101 and was not
// answered.
func missed(id, caller string, at time.Time) CallRecord {
	return CallRecord{ID: id, Direction: DirectionIncoming, Caller: caller, Called: "544503101", Trunk: "T01",
		Extensions: []string{"101"}, StartedAt: at, EndedAt: at.Add(20 * time.Second), EndReason: EndMissed,
		Path: []PathStep{{At: at, Action: StepRang, Device: "101"}}}
}

// answered is an incoming call from caller answered at ext after 5 s.
func answered(id, caller, ext string, at time.Time, talk time.Duration) CallRecord {
	r := missed(id, caller, at)
	r.AnsweredBy, r.AnsweredAt, r.EndedAt, r.EndReason = ext, at.Add(5*time.Second), at.Add(5*time.Second+talk), EndCompleted
	r.Extensions = []string{ext}
	r.Path = []PathStep{{At: at, Action: StepRang, Device: ext}, {At: r.AnsweredAt, Action: StepAnswered, Device: ext}}
	return r
}

// outgoing is a call from ext to number; talk < 0 means not answered.
func outgoing(id, ext, number string, at time.Time, talk time.Duration) CallRecord {
	r := CallRecord{ID: id, Direction: DirectionOutgoing, Caller: ext, Called: number, Trunk: "T02",
		Extensions: []string{ext}, StartedAt: at, EndedAt: at.Add(30 * time.Second), EndReason: EndUnanswered}
	if talk >= 0 {
		r.AnsweredAt, r.EndedAt, r.EndReason = at.Add(8*time.Second), at.Add(8*time.Second+talk), EndCompleted
	}
	return r
}

func TestCallbacks_ObserveCategories(t *testing.T) {
	saturday := time.Date(2026, 3, 14, 10, 0, 0, 0, workdays.Prague())
	evening := cbStart.Add(7 * time.Hour)
	goodFriday := time.Date(2026, 4, 3, 10, 0, 0, 0, workdays.Prague())
	closedDay := time.Date(2026, 3, 13, 10, 0, 0, 0, workdays.Prague())
	with := func(r CallRecord, f func(r *CallRecord)) CallRecord { f(&r); return r }
	tests := []struct {
		name string
		r    CallRecord
		want CallbackCategory // "" for no task
	}{
		{"missed", missed("a", cbCitizen, cbStart), CategoryMissed},
		{"busy extension", with(missed("a", cbCitizen, cbStart), func(r *CallRecord) { r.EndReason = EndFailed }), CategoryMissed},
		{"hung up while ringing", with(missed("a", cbCitizen, cbStart), func(r *CallRecord) { r.EndReason = EndAbandoned }), CategoryMissed},
		{"hung up while queued", with(missed("a", cbCitizen, cbStart), func(r *CallRecord) {
			r.EndReason, r.Path = EndAbandoned, []PathStep{{At: cbStart, Action: StepQueued, Device: "600"}}
		}), CategoryAbandoned},
		{"abandoned without a path", with(missed("a", cbCitizen, cbStart), func(r *CallRecord) { r.EndReason, r.Path = EndAbandoned, nil }), CategoryAbandoned},
		{"hung up in the IVR", with(answered("a", cbCitizen, "120", cbStart, time.Minute), func(*CallRecord) {}), CategoryAbandoned},
		{"evening", missed("a", cbCitizen, evening), CategoryOutOfHours},
		{"saturday", missed("a", cbCitizen, saturday), CategoryOutOfHours},
		{"good friday", missed("a", cbCitizen, goodFriday), CategoryOutOfHours},
		{"office closed day", missed("a", cbCitizen, closedDay), CategoryOutOfHours},
		{"abandoned out of hours", with(missed("a", cbCitizen, saturday), func(r *CallRecord) { r.EndReason = EndAbandoned }), CategoryOutOfHours},
		{"withheld", missed("a", "", cbStart), ""},
		{"anonymous", missed("a", "anonymous", cbStart), ""},
		{"unparsable", missed("a", "12", cbStart), ""},
		{"answered", answered("a", cbCitizen, "101", cbStart, time.Minute), ""},
		{"answered out of hours", answered("a", cbCitizen, "101", saturday, time.Minute), ""},
		{"internal", with(missed("a", "102", cbStart), func(r *CallRecord) { r.Direction = DirectionInternal }), ""},
		{"outgoing not answered", outgoing("a", "101", cbCitizen, cbStart, -1), ""},
		{"forwarded outside", with(missed("a", cbCitizen, cbStart), func(r *CallRecord) { r.EndReason = EndForwarded }), ""},
		{"lost in a resync", with(missed("a", cbCitizen, cbStart), func(r *CallRecord) { r.EndReason = EndLost }), ""},
		{"no id", with(missed("", cbCitizen, cbStart), func(*CallRecord) {}), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newCallbacksHarness(t, func(o *CallbackOptions) { o.Automated = []string{"120"} })
			h.observe(tt.r)
			got, err := h.store.OpenCallback(h.ctx, cbCitizenE164)
			switch {
			case tt.want == "" && !errors.Is(err, ErrCallbackNotFound):
				t.Errorf("after Observe(%s) the open task = %+v, %v, want none", tt.name, got, err)
			case tt.want != "" && err != nil:
				t.Errorf("after Observe(%s) OpenCallback = %v, want a %s task", tt.name, err, tt.want)
			case tt.want != "" && (got.Category() != tt.want || len(got.Calls) != 1 || got.DialNumber != tt.r.Caller):
				t.Errorf("task = %+v, want one %s call dialled back at %s", got, tt.want, tt.r.Caller)
			}
		})
	}
}

func TestCallbacks_RepeatedCallsMerge(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	first := cbStart.Add(-9 * time.Hour) // 01:00, out of hours
	h.observe(missed("a", "+420 601 234 567", first))
	h.observe(missed("b", cbCitizen, cbStart))
	h.observe(missed("b", cbCitizen, cbStart)) // a retried record
	h.observe(missed("c", "601234567", cbStart.Add(time.Hour)))
	h.observe(missed("d", "0602000000", cbStart)) // somebody else
	task := h.open(cbCitizenE164)
	ids := []string{}
	for _, c := range task.Calls {
		ids = append(ids, c.CallID)
	}
	if !slices.Equal(ids, []string{"a", "b", "c"}) {
		t.Errorf("calls = %v, want a, b, c", ids)
	}
	if cats := task.Categories(); !slices.Equal(cats, []CallbackCategory{CategoryOutOfHours, CategoryMissed}) {
		t.Errorf("Categories() = %v, want out_of_hours, missed", cats)
	}
	if !task.FirstCallAt.Equal(first) || !task.LastCallAt.Equal(cbStart.Add(time.Hour)) || task.DialNumber != "601234567" {
		t.Errorf("task first %v, last %v, dial %q; want %v, %v, the latest caller's form", task.FirstCallAt, task.LastCallAt, task.DialNumber, first, cbStart.Add(time.Hour))
	}
	if _, total, _ := h.cb.List(h.ctx, CallbackFilter{State: CallbackOpen}); total != 2 {
		t.Errorf("open tasks = %d, want 2 (one per number)", total)
	}
}

func TestCallbacks_ClosesWhenCitizenGetsThrough(t *testing.T) {
	later := cbStart.Add(30 * time.Minute)
	tests := []struct {
		name  string
		r     CallRecord
		want  CallbackResolution // "" stays open
		waits time.Duration
	}{
		{"answered incoming", answered("x", cbCitizen, "102", later, time.Minute), ResolutionCalledIn, 30*time.Minute + 5*time.Second},
		{"answered in another format", answered("x", "+420601234567", "102", later, time.Minute), ResolutionCalledIn, 30*time.Minute + 5*time.Second},
		{"outgoing answered", outgoing("x", "104", "0601234567", later, time.Minute), ResolutionCalledOut, 30*time.Minute + 8*time.Second},
		{"outgoing too short", outgoing("x", "104", cbCitizen, later, 3*time.Second), "", 0},
		{"outgoing not answered", outgoing("x", "104", cbCitizen, later, -1), "", 0},
		{"answered only by the IVR", answered("x", cbCitizen, "120", later, time.Minute), "", 0},
		{"answered before the missed call", answered("x", cbCitizen, "102", cbStart.Add(-time.Hour), time.Minute), "", 0},
		{"somebody else answered", answered("x", "0602000000", "102", later, time.Minute), "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newCallbacksHarness(t, func(o *CallbackOptions) { o.Automated = []string{"120"} })
			h.observe(missed("m", cbCitizen, cbStart))
			id := h.open(cbCitizenE164).ID
			h.clock.Add(time.Hour)
			h.observe(tt.r)
			got := h.task(id)
			if got.Resolution != tt.want || (tt.want == "") != (got.State == CallbackOpen) {
				t.Fatalf("task = %s/%s, want resolution %q", got.State, got.Resolution, tt.want)
			}
			if got.TimeToCallback != tt.waits {
				t.Errorf("TimeToCallback = %v, want %v", got.TimeToCallback, tt.waits)
			}
			if tt.want != "" && (got.ClosedByCall != "x" || !got.ClosedAt.Equal(h.clock.Now())) {
				t.Errorf("closed by %q at %v, want x at %v", got.ClosedByCall, got.ClosedAt, h.clock.Now())
			}
		})
	}
}

func TestCallbacks_NewTaskAfterClosed(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("m1", cbCitizen, cbStart))
	first := h.open(cbCitizenE164).ID
	h.observe(answered("a1", cbCitizen, "101", cbStart.Add(time.Minute), time.Minute))
	h.observe(missed("m1", cbCitizen, cbStart)) // the first call observed again
	if _, err := h.store.OpenCallback(h.ctx, cbCitizenE164); !errors.Is(err, ErrCallbackNotFound) {
		t.Fatalf("a repeated record reopened a task: %v", err)
	}
	h.observe(missed("m2", cbCitizen, cbStart.Add(2*time.Hour)))
	if second := h.open(cbCitizenE164); second.ID == first || len(second.Calls) != 1 {
		t.Errorf("task after a closed one = %+v, want a new one with one call", second)
	}
}

func TestCallbacks_List(t *testing.T) {
	h := newCallbacksHarness(t, nil)
	h.observe(missed("a", "0601000001", cbStart.Add(2*time.Minute)))
	h.observe(missed("b", "0601000002", cbStart.Add(-16*time.Hour)))
	h.observe(missed("c", "0601000003", cbStart.Add(time.Minute)))
	h.observe(answered("d", "0601000003", "101", cbStart.Add(time.Hour), time.Minute))
	numbers := func(f CallbackFilter) []string {
		t.Helper()
		tasks, _, err := h.cb.List(h.ctx, f)
		if err != nil {
			t.Fatalf("List(%+v) = %v", f, err)
		}
		var out []string
		for _, x := range tasks {
			out = append(out, x.Number[len(x.Number)-1:])
		}
		return out
	}
	for _, tt := range []struct {
		f    CallbackFilter
		want []string
	}{
		{CallbackFilter{State: CallbackOpen}, []string{"2", "1"}},
		{CallbackFilter{State: CallbackDone}, []string{"3"}},
		{CallbackFilter{}, []string{"1", "3", "2"}},
		{CallbackFilter{Category: CategoryOutOfHours}, []string{"2"}},
		{CallbackFilter{Limit: 1, Offset: 1}, []string{"3"}},
	} {
		if got := numbers(tt.f); !slices.Equal(got, tt.want) {
			t.Errorf("List(%+v) = %v, want %v", tt.f, got, tt.want)
		}
	}
	for _, f := range []CallbackFilter{{State: "new"}, {Category: "lost"}, {Limit: 501}, {Offset: -1}} {
		if _, _, err := h.cb.List(h.ctx, f); err == nil {
			t.Errorf("List(%+v) = nil error, want one", f)
		}
	}
}

func TestCallbackOptions_Validate(t *testing.T) {
	good := CallbackOptions{Store: newMemCallbacks(), Normalize: testNormalize}
	if err := good.Validate(); err != nil {
		t.Errorf("Validate(minimal) = %v", err)
	}
	for name, o := range map[string]CallbackOptions{
		"no store":     {Normalize: testNormalize},
		"no normalise": {Store: newMemCallbacks()},
		"negative gap": {Store: newMemCallbacks(), Normalize: testNormalize, MinGap: -time.Second},
	} {
		if _, err := NewCallbacks(o); err == nil || !strings.HasPrefix(err.Error(), "cti: ") {
			t.Errorf("NewCallbacks(%s) = %v, want a cti: error", name, err)
		}
	}
	cb, _ := NewCallbacks(good)
	if got := cb.Hours().String(); got != DefaultCallbackHours {
		t.Errorf("default Hours = %q, want %q", got, DefaultCallbackHours)
	}
}

func TestObserveAfter(t *testing.T) {
	var order []string
	saved := &memStore{}
	boom := errors.New("boom")
	s := ObserveAfter(saved,
		func(_ context.Context, r CallRecord) error { order = append(order, "first "+r.ID); return nil },
		func(_ context.Context, r CallRecord) error { order = append(order, "second "+r.ID); return boom })
	if err := s.SaveCall(context.Background(), CallRecord{ID: "x"}); !errors.Is(err, boom) {
		t.Errorf("SaveCall = %v, want the observer's error", err)
	}
	if _, ok := saved.record("x"); !ok || !slices.Equal(order, []string{"first x", "second x"}) {
		t.Errorf("saved %v, observers ran %v; want saved, then both in order", ok, order)
	}
	if err := ObserveAfter(nil).SaveCall(context.Background(), CallRecord{ID: "y"}); err != nil {
		t.Errorf("SaveCall without store or observers = %v", err)
	}
}
