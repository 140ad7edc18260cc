package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
)

// middleware wraps a handler.
type middleware func(http.Handler) http.Handler

// chain is an ordered list of middleware; the first one runs first.
type chain []middleware

// with returns a new chain with m appended; c itself is not changed.
func (c chain) with(m ...middleware) chain {
	return append(slices.Clip(c), m...)
}

// then wraps h in the chain.
func (c chain) then(h http.HandlerFunc) http.Handler {
	var out http.Handler = h
	for i := len(c) - 1; i >= 0; i-- {
		out = c[i](out)
	}
	return out
}

// ctxKey keys the values this package keeps in a request's context.
type ctxKey int

const (
	infoKey ctxKey = iota
	actorKey
)

// reqInfo is what the outermost middleware knows about a request; inner
// layers fill in the user for the log line.
type reqInfo struct {
	id     string
	userID int64
}

// info returns the request's reqInfo (an empty one outside the server).
func info(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(infoKey).(*reqInfo); ok {
		return i
	}
	return &reqInfo{}
}

// requestID returns the id under which r is logged.
func requestID(r *http.Request) string { return info(r).id }

// routeOf returns the route pattern r matched, for logs and metrics.
func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	return r.Pattern
}

// newRequestID returns a random 16-character hexadecimal id.
func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// statusWriter records the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader implements http.ResponseWriter.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write implements http.ResponseWriter.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// base is the outermost middleware of every request: request id, security
// headers, panic recovery, metrics and the debug log line.
func (s *Server) base(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{id: newRequestID()}
		r = r.WithContext(context.WithValue(r.Context(), infoKey, ri))
		sw := &statusWriter{ResponseWriter: w}
		securityHeaders(sw.Header(), r)
		sw.Header().Set("X-Request-Id", ri.id)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "handler panicked", "request_id", ri.id,
					"route", routeOf(r), "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.fail(sw, r, fmt.Errorf("panic: %v", v))
				}
			}
			s.observe(r, sw.status, start)
		}()
		next.ServeHTTP(sw, r)
	})
}

// observe records a finished request in the metrics and the debug log.
func (s *Server) observe(r *http.Request, status int, start time.Time) {
	if status == 0 {
		status = http.StatusOK
	}
	route := routeOf(r)
	elapsed := time.Since(start)
	s.metrics.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
	s.metrics.duration.WithLabelValues(route).Observe(elapsed.Seconds())
	s.log.DebugContext(r.Context(), "request", "request_id", requestID(r), "method", r.Method,
		"route", route, "status", status, "user_id", info(r).userID, "duration_ms", elapsed.Milliseconds())
}

// contentSecurityPolicy allows only this origin's own scripts, styles and
// images: no inline script, no framing, forms posting only here.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries. Responses hold
// personal data, so nothing but static files may be cached.
func securityHeaders(h http.Header, r *http.Request) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
}

// gate answers 503 while the database is unreachable.
func (s *Server) gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.ready.Err(r.Context()); err != nil {
			w.Header().Set("Retry-After", "2")
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps the request body: attachments may be as large as the
// service allows (plus room for the multipart framing), anything else 1 MiB.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxJSONBody)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			limit = s.svc.MaxAttachment() + maxJSONBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// sameOrigin refuses unsafe cross-origin browser requests (Sec-Fetch-Site
// and Origin checks), a second line of defence beside the CSRF token that
// also protects the sign-in form.
func (s *Server) sameOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.origin.Check(r); err != nil {
			s.logWarn(r, "cross-origin request refused", "origin", r.Header.Get("Origin"))
			s.fail(w, r, forbidden("cross-origin requests are not allowed"))
			return
		}
		next.ServeHTTP(w, r)
	})
}
