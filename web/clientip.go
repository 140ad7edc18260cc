package web

import (
	"net/http"
	"strconv"
	"time"
)

// clientIP returns the address a request came from: the peer's address,
// or — when the peer is a configured trusted proxy (Options.TrustedProxies)
// — the last address in X-Forwarded-For that is not itself a trusted proxy.
// Forwarding headers from anyone else are ignored.
func (s *Server) clientIP(r *http.Request) string {
	return s.proxies.clientIP(r)
}

// setRetryAfter tells a refused client, in whole seconds rounded up, when
// it may try again.
func setRetryAfter(w http.ResponseWriter, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
}
