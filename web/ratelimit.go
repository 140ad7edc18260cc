package web

import (
	"net/http"
	"sync"
	"time"
)

// Sign-in rate limit: after loginMaxFailures failures from one address
// within loginWindow, further attempts from it are refused until the
// oldest failure leaves the window.
const (
	loginMaxFailures = 10
	loginWindow      = 5 * time.Minute
	// loginMaxAddresses bounds the memory the limiter may use.
	loginMaxAddresses = 10000
)

// loginLimiter counts failed sign-ins per client address in a sliding
// window.
type loginLimiter struct {
	max    int
	window time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time // recent failures, oldest first
}

func newLoginLimiter(max int, window time.Duration) *loginLimiter {
	return &loginLimiter{max: max, window: window, fails: map[string][]time.Time{}}
}

// allowed reports whether addr may try to sign in at now.
func (l *loginLimiter) allowed(addr string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(addr, now)) < l.max
}

// fail records a failed sign-in from addr at now.
func (l *loginLimiter) fail(addr string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.fails[addr]; !ok && len(l.fails) >= loginMaxAddresses {
		l.prune(now)
	}
	times := append(l.recent(addr, now), now)
	if len(times) > l.max {
		times = times[len(times)-l.max:]
	}
	l.fails[addr] = times
}

// recent drops the failures of addr that left the window and returns the
// rest. The caller holds l.mu.
func (l *loginLimiter) recent(addr string, now time.Time) []time.Time {
	times := l.fails[addr]
	i := 0
	for i < len(times) && now.Sub(times[i]) >= l.window {
		i++
	}
	if i == len(times) {
		delete(l.fails, addr)
		return nil
	}
	times = times[i:]
	l.fails[addr] = times
	return times
}

// prune forgets every address whose failures all left the window; if the
// table is still full it is cleared, which errs towards letting people in.
// The caller holds l.mu.
func (l *loginLimiter) prune(now time.Time) {
	for addr := range l.fails {
		l.recent(addr, now)
	}
	if len(l.fails) >= loginMaxAddresses {
		clear(l.fails)
	}
}

// clientIP returns the address a request came from: the peer's address,
// or — when the peer is a configured trusted proxy (Options.TrustedProxies)
// — the last address in X-Forwarded-For that is not itself a trusted proxy.
// Forwarding headers from anyone else are ignored.
func (s *Server) clientIP(r *http.Request) string {
	return s.proxies.clientIP(r)
}
