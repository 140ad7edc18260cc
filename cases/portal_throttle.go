package cases

import (
	"context"
	"fmt"
	"time"
)

// ThrottlePolicy says how failures of one key (a case number, a client
// address) slow further attempts down: the first Free failures cost
// nothing, each further one doubles the wait after it starting at Base,
// and from LockAfter failures on the key is locked for Lock. Failures
// older than Window are forgotten.
type ThrottlePolicy struct {
	Free      int
	Base      time.Duration
	LockAfter int
	Lock      time.Duration
	Window    time.Duration
}

// The default throttles.
var (
	// DefaultCaseLimit: wrong codes for one case number, from anywhere.
	DefaultCaseLimit = ThrottlePolicy{Free: 3, Base: 2 * time.Second, LockAfter: 10, Lock: time.Hour, Window: 24 * time.Hour}
	// DefaultIPLimit: wrong codes from one client address, for any case.
	DefaultIPLimit = ThrottlePolicy{Free: 10, Base: time.Second, LockAfter: 30, Lock: time.Hour, Window: 24 * time.Hour}
	// DefaultMailLimit: code requests by e-mail per case number and per
	// client address.
	DefaultMailLimit = ThrottlePolicy{Free: 3, Base: time.Minute, LockAfter: 6, Lock: 24 * time.Hour, Window: 24 * time.Hour}
)

// next returns when the key with state st may try again (the zero time:
// at once).
func (p ThrottlePolicy) next(st ThrottleState) time.Time {
	n := st.Failures
	switch {
	case n < p.Free || st.LastAt.IsZero():
		return time.Time{}
	case n >= p.LockAfter:
		return st.LastAt.Add(p.Lock)
	}
	wait := p.Base
	for i := p.Free; i < n && wait < p.Lock; i++ {
		wait *= 2
	}
	return st.LastAt.Add(min(wait, p.Lock))
}

// ThrottledError refuses an attempt made too soon after failures.
type ThrottledError struct {
	Until  time.Time // when the next attempt is allowed
	Locked bool      // the key reached the lockout, not just a delay
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("cases: too many attempts; try again after %s", e.Until.Format(time.RFC3339))
}

// throttleKey is a key with its policy.
type throttleKey struct {
	key    string
	policy ThrottlePolicy
}

// checkThrottles returns a *ThrottledError if any key must still wait.
func (p *Portal) checkThrottles(ctx context.Context, keys []throttleKey) error {
	now := p.svc.Now()
	var worst *ThrottledError
	for _, k := range keys {
		st, err := p.store.Throttle(ctx, k.key)
		if err != nil {
			return fmt.Errorf("load throttle: %w", err)
		}
		if now.Sub(st.LastAt) >= k.policy.Window {
			continue
		}
		until := k.policy.next(st)
		if until.After(now) && (worst == nil || until.After(worst.Until)) {
			worst = &ThrottledError{Until: until, Locked: st.Failures >= k.policy.LockAfter}
		}
	}
	if worst != nil {
		return worst
	}
	return nil
}

// addFailures counts a failure against every key.
func (p *Portal) addFailures(ctx context.Context, keys []throttleKey) error {
	now := p.svc.Now()
	for _, k := range keys {
		if _, err := p.store.AddFailure(ctx, k.key, now, now.Add(-k.policy.Window)); err != nil {
			return fmt.Errorf("count failure: %w", err)
		}
	}
	return nil
}

// ExpirePortal removes expired citizens' sessions and forgotten failure
// counters; run it now and then.
func (p *Portal) ExpirePortal(ctx context.Context) (int, error) {
	now := p.svc.Now()
	n, err := p.store.DeletePortalSessionsBefore(ctx, now)
	if err != nil {
		return 0, err
	}
	window := max(p.opts.CaseLimit.Window, p.opts.IPLimit.Window, p.opts.MailLimit.Window,
		p.opts.CaseLimit.Lock, p.opts.IPLimit.Lock, p.opts.MailLimit.Lock)
	m, err := p.store.DeleteThrottleBefore(ctx, now.Add(-window))
	return n + m, err
}
