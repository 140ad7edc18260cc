package cti

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"linka/internal/workdays"
)

// Defaults of CallbackOptions.
const (
	// DefaultCallbackHours are the opening hours when none are configured.
	DefaultCallbackHours  = "mon-fri 08:00-16:00"
	DefaultMinTalk        = 10 * time.Second
	DefaultMinGap         = 15 * time.Minute
	DefaultMaxAttempts    = 3
	DefaultPendingTimeout = 2 * time.Hour
)

const (
	// defaultCallbackLimit and maxCallbackLimit bound a page of List.
	defaultCallbackLimit = 50
	maxCallbackLimit     = 500
	// callbackConflictTries is how often a change is retried after the
	// task changed meanwhile.
	callbackConflictTries = 5
	// unmatchedRecordsWindow is how many records of calls no attempt
	// placed are kept for an attempt that has not stored its call id yet.
	unmatchedRecordsWindow = 64
)

// CallbackOptions configures Callbacks. Store and Normalize are required;
// every other zero field takes the default its comment names.
type CallbackOptions struct {
	// Store keeps the tasks.
	Store CallbackStore
	// Dialer places callback calls (a *Link); nil refuses every attempt
	// with ErrLinkDown.
	Dialer Dialer
	// Normalize turns a number as the PBX gives it into the form tasks are
	// merged by (cmd passes cases.PhonePlan.Lookup); "" means withheld or
	// unusable, and such calls create no task.
	Normalize func(string) string
	// Hours are the opening hours: calls outside them are out_of_hours,
	// and attempts are allowed only within them. Zero means
	// DefaultCallbackHours.
	Hours workdays.WeeklyHours
	// Calendar adds the office's closed days to the public holidays.
	Calendar workdays.Calendar
	// MinTalk is how long an answered attempt must talk to count as
	// reached; zero means 10 s.
	MinTalk time.Duration
	// MinGap is the least time between two attempts on a task; zero means
	// 15 min.
	MinGap time.Duration
	// MaxAttempts is the number of attempts after which Linka gives up;
	// zero means 3.
	MaxAttempts int
	// PendingTimeout is how long an attempt waits for its call's record
	// before its outcome is unknown and another attempt may start; zero
	// means 2 h.
	PendingTimeout time.Duration
	// Automated are extensions that answer without a person (IVR ports,
	// voicemail): a call only they answered did not get through.
	Automated []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Validate reports options NewCallbacks cannot work with.
func (o CallbackOptions) Validate() error {
	var errs []error
	if o.Store == nil {
		errs = append(errs, errors.New("a store is required"))
	}
	if o.Normalize == nil {
		errs = append(errs, errors.New("a number normaliser is required"))
	}
	if o.MinTalk < 0 || o.MinGap < 0 || o.PendingTimeout < 0 || o.MaxAttempts < 0 {
		errs = append(errs, errors.New("min talk, min gap, pending timeout and max attempts must not be negative"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cti: callback options: %w", err)
	}
	return nil
}

// withDefaults fills the zero fields.
func (o CallbackOptions) withDefaults() (CallbackOptions, error) {
	if o.Hours.IsZero() {
		h, err := workdays.ParseWeeklyHours(DefaultCallbackHours)
		if err != nil {
			return o, fmt.Errorf("cti: default callback hours: %w", err)
		}
		o.Hours = h
	}
	def := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.MinTalk, DefaultMinTalk)
	def(&o.MinGap, DefaultMinGap)
	def(&o.PendingTimeout, DefaultPendingTimeout)
	if o.MaxAttempts == 0 {
		o.MaxAttempts = DefaultMaxAttempts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o, nil
}

// Callbacks is the callback queue: it turns finished calls that reached
// nobody into tasks, merges repeated calls of one number, closes a task
// when the citizen gets through, and places and settles the clerks'
// callback attempts. It is safe for concurrent use.
type Callbacks struct {
	o CallbackOptions
	// mu orders storing an attempt's call id against Observe looking the
	// call up, so that a record arriving before its id is stored is kept
	// in unmatched and settled once it is.
	mu        sync.Mutex
	unmatched []CallRecord
}

// NewCallbacks returns the callback queue of opts.
func NewCallbacks(opts CallbackOptions) (*Callbacks, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	o, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Callbacks{o: o}, nil
}

// Hours returns the opening hours in force.
func (c *Callbacks) Hours() workdays.WeeklyHours { return c.o.Hours }

// Callback returns the task id.
func (c *Callbacks) Callback(ctx context.Context, id int64) (CallbackTask, error) {
	t, err := c.o.Store.Callback(ctx, id)
	if err != nil {
		return CallbackTask{}, callbackError(id, err)
	}
	return t, nil
}

// List returns the tasks f selects and how many there are in all: open
// tasks oldest first call first, otherwise newest first call first.
func (c *Callbacks) List(ctx context.Context, f CallbackFilter) ([]CallbackTask, int, error) {
	if f.Limit == 0 {
		f.Limit = defaultCallbackLimit
	}
	switch {
	case f.Limit < 0 || f.Limit > maxCallbackLimit || f.Offset < 0:
		return nil, 0, fmt.Errorf("cti: list callbacks: limit %d or offset %d out of range", f.Limit, f.Offset)
	case f.State != "" && f.State != CallbackOpen && f.State != CallbackDone:
		return nil, 0, fmt.Errorf("cti: list callbacks: unknown state %q", f.State)
	case f.Category != "" && !slices.Contains([]CallbackCategory{CategoryMissed, CategoryAbandoned, CategoryOutOfHours}, f.Category):
		return nil, 0, fmt.Errorf("cti: list callbacks: unknown category %q", f.Category)
	}
	tasks, total, err := c.o.Store.ListCallbacks(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("cti: list callbacks: %w", err)
	}
	return tasks, total, nil
}

// Observe applies a finished call: a callback attempt's call settles the
// attempt; a call on which the citizen got through (an incoming call a
// person answered, an outgoing call to the number answered for at least
// MinTalk) closes the number's open task; an incoming call that reached
// nobody adds to the number's open task or opens one. Calls without a
// usable number and internal calls change nothing. It is idempotent by
// call id, so a record may be observed again after an error.
func (c *Callbacks) Observe(ctx context.Context, r CallRecord) error {
	if r.ID == "" {
		return nil
	}
	if r.Direction == DirectionOutgoing || r.Direction == DirectionUnknown {
		settled, err := c.settleAttempt(ctx, r)
		if settled || err != nil {
			return err
		}
	}
	number := c.number(r)
	if number == "" {
		return nil
	}
	if c.gotThrough(r) {
		return c.closeByCall(ctx, number, r)
	}
	if cat, ok := c.classify(r); ok {
		return c.addCall(ctx, number, r, cat)
	}
	return nil
}

// ObserveAfter returns a CallStore that saves each record in store (none
// if nil) and then passes it to every observer in order, e.g.
// (*Callbacks).Observe, for LinkOptions.Store. An error of either is
// returned, so the link retries the record; SaveCall and the observers
// must therefore be idempotent by call id.
func ObserveAfter(store CallStore, observers ...func(context.Context, CallRecord) error) CallStore {
	return &observedStore{store: store, observers: observers}
}

type observedStore struct {
	store     CallStore
	observers []func(context.Context, CallRecord) error
}

// SaveCall implements CallStore.
func (s *observedStore) SaveCall(ctx context.Context, r CallRecord) error {
	if s.store != nil {
		if err := s.store.SaveCall(ctx, r); err != nil {
			return err
		}
	}
	for _, observe := range s.observers {
		if err := observe(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// number returns the normalised number of the citizen in r: the caller of
// an incoming call, the called number of an outgoing one.
func (c *Callbacks) number(r CallRecord) string {
	switch r.Direction {
	case DirectionIncoming:
		return c.o.Normalize(r.Caller)
	case DirectionOutgoing:
		return c.o.Normalize(r.Called)
	}
	return ""
}

// answeredByPerson reports whether an extension that is not automated
// answered r.
func (c *Callbacks) answeredByPerson(r CallRecord) bool {
	if r.AnsweredAt.IsZero() {
		return false
	}
	steps := false
	for _, s := range r.Path {
		if s.Action == StepAnswered {
			if !slices.Contains(c.o.Automated, s.Device) {
				return true
			}
			steps = true
		}
	}
	return !steps && !slices.Contains(c.o.Automated, r.AnsweredBy)
}

// gotThrough reports whether the citizen reached the office on r.
func (c *Callbacks) gotThrough(r CallRecord) bool {
	switch r.Direction {
	case DirectionIncoming:
		return c.answeredByPerson(r)
	case DirectionOutgoing:
		return !r.AnsweredAt.IsZero() && r.EndedAt.Sub(r.AnsweredAt) >= c.o.MinTalk
	}
	return false
}

// classify returns the category of an incoming call that reached nobody,
// false for a call that asks for no callback (forwarded outside, merged,
// lost in a resync).
func (c *Callbacks) classify(r CallRecord) (CallbackCategory, bool) {
	if r.Direction != DirectionIncoming {
		return "", false
	}
	switch r.EndReason {
	case EndMissed, EndAbandoned, EndFailed, EndCompleted:
	default:
		return "", false
	}
	queued := len(r.Path) == 0 || r.Path[len(r.Path)-1].Action == StepQueued
	switch {
	case !c.o.Hours.Open(r.StartedAt, c.o.Calendar):
		return CategoryOutOfHours, true
	case r.EndReason == EndAbandoned && queued, r.EndReason == EndCompleted:
		return CategoryAbandoned, true
	}
	return CategoryMissed, true
}

// addCall adds an incoming call of number that reached nobody to the
// number's open task, or opens one.
func (c *Callbacks) addCall(ctx context.Context, number string, r CallRecord, cat CallbackCategory) error {
	call := CallbackCall{CallID: r.ID, At: r.StartedAt, Category: cat}
	for range callbackConflictTries {
		t, err := c.o.Store.OpenCallback(ctx, number)
		switch {
		case errors.Is(err, ErrCallbackNotFound):
			t = CallbackTask{Number: number, DialNumber: r.Caller, State: CallbackOpen,
				Calls: []CallbackCall{call}, FirstCallAt: call.At, LastCallAt: call.At}
			err = c.o.Store.CreateCallback(ctx, &t)
		case err == nil:
			t.merge(call, r.Caller)
			err = c.o.Store.UpdateCallback(ctx, &t, CallbackChange{AddCall: &call})
		}
		switch {
		case errors.Is(err, ErrCallbackSeen):
			return nil
		case errors.Is(err, ErrCallbackConflict):
			continue
		case err != nil:
			return fmt.Errorf("cti: callback for call %s: %w", r.ID, err)
		}
		return nil
	}
	return fmt.Errorf("cti: callback for call %s: %w", r.ID, ErrCallbackConflict)
}

// merge adds a repeated call to the task; the number of the latest call
// is the one dialled back.
func (t *CallbackTask) merge(call CallbackCall, dial string) {
	t.Calls = append(t.Calls, call)
	slices.SortStableFunc(t.Calls, func(a, b CallbackCall) int { return a.At.Compare(b.At) })
	if !call.At.Before(t.LastCallAt) {
		t.LastCallAt, t.DialNumber = call.At, dial
	}
	if call.At.Before(t.FirstCallAt) {
		t.FirstCallAt = call.At
	}
}

// closeByCall closes the open task of number because the citizen got
// through on r. A call that ended before the task's first call does not
// close it.
func (c *Callbacks) closeByCall(ctx context.Context, number string, r CallRecord) error {
	t, err := c.o.Store.OpenCallback(ctx, number)
	if errors.Is(err, ErrCallbackNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cti: close callback by call %s: %w", r.ID, err)
	}
	res := ResolutionCalledIn
	if r.Direction == DirectionOutgoing {
		res = ResolutionCalledOut
	}
	_, err = c.modify(ctx, t.ID, func(t *CallbackTask) (*CallbackChange, error) {
		if t.State != CallbackOpen || r.EndedAt.Before(t.FirstCallAt) {
			return nil, nil
		}
		t.close(res, r.AnsweredAt, r.ID, c.o.Now())
		return &CallbackChange{}, nil
	})
	if err != nil {
		return fmt.Errorf("cti: close callback by call %s: %w", r.ID, err)
	}
	return nil
}

// modify reads task id, lets fn change it and writes the change fn
// returns (nothing when nil), retrying from the read when the task changed
// meanwhile. It returns the task as written and fn's error.
func (c *Callbacks) modify(ctx context.Context, id int64, fn func(t *CallbackTask) (*CallbackChange, error)) (CallbackTask, error) {
	for range callbackConflictTries {
		t, err := c.o.Store.Callback(ctx, id)
		if err != nil {
			return t, err
		}
		ch, fnErr := fn(&t)
		if ch == nil {
			return t, fnErr
		}
		err = c.o.Store.UpdateCallback(ctx, &t, *ch)
		if errors.Is(err, ErrCallbackConflict) {
			continue
		}
		if err != nil {
			return t, err
		}
		return t, fnErr
	}
	return CallbackTask{}, ErrCallbackConflict
}
