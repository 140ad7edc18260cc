package cases

import (
	"context"
	"fmt"
	"time"
)

// The staff sign-in limit: after SignInMaxFailures failed sign-ins from
// one client address, each within SignInWindow of the one before, that
// address is refused until SignInWindow after its last failure. The
// counters are in the store, so instances sharing a database count the
// same failures.
const (
	SignInMaxFailures = 10
	SignInWindow      = 5 * time.Minute
)

// signInPrefix starts the throttle keys of sign-in failures.
const signInPrefix = "signin:"

// SignInAllowed reports whether a sign-in from the client address ip may
// be tried now; when not, retryAfter is how long the address must wait.
func (s *Service) SignInAllowed(ctx context.Context, ip string) (ok bool, retryAfter time.Duration, err error) {
	st, err := s.store.Throttle(ctx, signInPrefix+ip)
	if err != nil {
		return false, 0, fmt.Errorf("load the sign-in limit: %w", err)
	}
	now := s.Now()
	if st.Failures < SignInMaxFailures || now.Sub(st.LastAt) >= SignInWindow {
		return true, 0, nil
	}
	return false, st.LastAt.Add(SignInWindow).Sub(now), nil
}

// CountSignInFailure counts a failed sign-in from ip, in one statement
// (failures through several instances at once are all counted).
func (s *Service) CountSignInFailure(ctx context.Context, ip string) error {
	now := s.Now()
	if _, err := s.store.AddFailure(ctx, signInPrefix+ip, now, now.Add(-SignInWindow)); err != nil {
		return fmt.Errorf("count a failed sign-in: %w", err)
	}
	return nil
}
