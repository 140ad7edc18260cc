package cti

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// memCallbacks is an in-memory CallbackStore with the semantics the SQL
// store has: versions, one open task per number, each call recorded once.
type memCallbacks struct {
	mu     sync.Mutex
	tasks  map[int64]CallbackTask
	nextID int64
	// fail, when set, is returned by the next write.
	fail error
}

func newMemCallbacks() *memCallbacks {
	return &memCallbacks{tasks: map[int64]CallbackTask{}}
}

// clone returns a deep copy of t, so callers never share slices.
func clone(t CallbackTask) CallbackTask {
	t.Calls = slices.Clone(t.Calls)
	t.Attempts = slices.Clone(t.Attempts)
	return t
}

func (s *memCallbacks) OpenCallback(_ context.Context, number string) (CallbackTask, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tasks {
		if t.Number == number && t.State == CallbackOpen {
			return clone(t), nil
		}
	}
	return CallbackTask{}, ErrCallbackNotFound
}

func (s *memCallbacks) Callback(_ context.Context, id int64) (CallbackTask, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tasks[id]
	if !ok {
		return CallbackTask{}, ErrCallbackNotFound
	}
	return clone(t), nil
}

func (s *memCallbacks) CallbackByAttemptCall(_ context.Context, callID string) (CallbackTask, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tasks {
		if t.attemptByCall(callID) != nil && callID != "" {
			return clone(t), nil
		}
	}
	return CallbackTask{}, ErrCallbackNotFound
}

func (s *memCallbacks) ListCallbacks(_ context.Context, f CallbackFilter) ([]CallbackTask, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []CallbackTask
	for _, t := range s.tasks {
		if (f.State == "" || t.State == f.State) && (f.Category == "" || slices.Contains(t.Categories(), f.Category)) {
			all = append(all, clone(t))
		}
	}
	slices.SortFunc(all, func(a, b CallbackTask) int {
		if f.State == CallbackOpen {
			return cmp.Or(a.FirstCallAt.Compare(b.FirstCallAt), cmp.Compare(a.ID, b.ID))
		}
		return cmp.Or(b.FirstCallAt.Compare(a.FirstCallAt), cmp.Compare(b.ID, a.ID))
	})
	total := len(all)
	all = all[min(f.Offset, total):min(f.Offset+f.Limit, total)]
	return all, total, nil
}

// seen reports whether a call id is recorded on any task. Runs with s.mu.
func (s *memCallbacks) seen(id string) bool {
	for _, t := range s.tasks {
		if slices.ContainsFunc(t.Calls, func(c CallbackCall) bool { return c.CallID == id }) {
			return true
		}
	}
	return false
}

// takeFail returns and clears the injected failure. Runs with s.mu.
func (s *memCallbacks) takeFail() error {
	err := s.fail
	s.fail = nil
	return err
}

func (s *memCallbacks) CreateCallback(_ context.Context, t *CallbackTask) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	for _, o := range s.tasks {
		if o.Number == t.Number && o.State == CallbackOpen {
			return ErrCallbackConflict
		}
	}
	for _, c := range t.Calls {
		if s.seen(c.CallID) {
			return ErrCallbackSeen
		}
	}
	s.nextID++
	t.ID, t.Version = s.nextID, 1
	s.tasks[t.ID] = clone(*t)
	return nil
}

func (s *memCallbacks) UpdateCallback(_ context.Context, t *CallbackTask, ch CallbackChange) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.takeFail(); err != nil {
		return err
	}
	old, ok := s.tasks[t.ID]
	if !ok || old.Version != t.Version {
		return ErrCallbackConflict
	}
	if ch.AddCall != nil && s.seen(ch.AddCall.CallID) {
		return ErrCallbackSeen
	}
	next := clone(*t)
	// The store writes only what the change names: the task's calls and
	// attempts come from the stored task plus the change.
	next.Calls, next.Attempts = slices.Clone(old.Calls), slices.Clone(old.Attempts)
	if ch.AddCall != nil {
		next.Calls = append(next.Calls, *ch.AddCall)
		slices.SortStableFunc(next.Calls, func(a, b CallbackCall) int { return a.At.Compare(b.At) })
	}
	for _, a := range ch.SetAttempts {
		if p := next.attempt(a.ID); p != nil {
			*p = a
		}
	}
	if ch.AddAttempt != nil {
		s.nextID++
		ch.AddAttempt.ID = s.nextID
		next.Attempts = append(next.Attempts, *ch.AddAttempt)
	}
	next.Version++
	s.tasks[t.ID] = next
	*t = clone(next)
	return nil
}

// cbClock is a settable clock.
type cbClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *cbClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *cbClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *cbClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// cbDialer is a Dialer that hands out call ids c1, c2, … and remembers
// what it dialled; err, when set, is returned instead; before runs first.
type cbDialer struct {
	mu     sync.Mutex
	n      int
	dialed []string // "ext>number"
	err    error
	before func(callID string)
}

func (d *cbDialer) MakeCall(_ context.Context, ext, number string) (string, error) {
	d.mu.Lock()
	if d.err != nil {
		defer d.mu.Unlock()
		return "", d.err
	}
	d.n++
	id := fmt.Sprintf("dial-%d", d.n)
	d.dialed = append(d.dialed, ext+">"+number)
	before := d.before
	d.mu.Unlock()
	if before != nil {
		before(id)
	}
	return id, nil
}
