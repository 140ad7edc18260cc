package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"linka/cases"
)

func TestHealth_Endpoints(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/healthz", http.StatusOK, "ok"},
		{"/readyz", http.StatusOK, "ready"},
		{"/metrics", http.StatusOK, `linka_http_requests_total{code="200",method="GET",route="GET /healthz"}`},
	}
	e.do(request{method: http.MethodGet, path: "/healthz"}) // a request to count
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := e.do(request{method: http.MethodGet, path: tt.path})
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("GET %s = %d %q, want %d containing %q", tt.path, rec.Code, rec.Body, tt.status, tt.body)
			}
		})
	}
}

func TestReadiness_Gate(t *testing.T) {
	e := newEnv(t)
	tok := e.token("clerk")
	e.setReady(errors.New("dial tcp 10.0.0.5:5432: connection refused"))
	e.clock.Add(readyTTL) // forget the result of the setup requests

	tests := []struct {
		name, path string
		status     int
	}{
		{"readyz reports the outage", "/readyz", http.StatusServiceUnavailable},
		{"the API is refused", "/api/v1/cases", http.StatusServiceUnavailable},
		{"pages are refused", "/login", http.StatusServiceUnavailable},
		{"healthz stays up", "/healthz", http.StatusOK},
		{"metrics stay up", "/metrics", http.StatusOK},
		{"static files stay up", "/static/app.css", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := e.do(request{method: http.MethodGet, path: tt.path, token: tok})
			if rec.Code != tt.status {
				t.Errorf("GET %s = %d, want %d; body %s", tt.path, rec.Code, tt.status, rec.Body)
			}
			if strings.Contains(rec.Body.String(), "10.0.0.5") {
				t.Errorf("GET %s shows the database error: %s", tt.path, rec.Body)
			}
		})
	}
	api := e.do(request{method: http.MethodGet, path: "/api/v1/cases", token: tok})
	wantError(t, api, http.StatusServiceUnavailable, cases.EUnavailable, "")
	if api.Header().Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if !strings.Contains(e.logs.String(), "connection refused") {
		t.Errorf("the outage was not logged:\n%s", e.logs)
	}

	e.setReady(nil)
	if rec := e.do(request{method: http.MethodGet, path: "/api/v1/cases", token: tok}); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("within the cache time GET /api/v1/cases = %d, want the cached 503", rec.Code)
	}
	e.clock.Add(readyTTL)
	if rec := e.do(request{method: http.MethodGet, path: "/api/v1/cases", token: tok}); rec.Code != http.StatusOK {
		t.Errorf("after recovery GET /api/v1/cases = %d, want 200; body %s", rec.Code, rec.Body)
	}
}

func TestReadiness_CachesChecks(t *testing.T) {
	clock := &testClock{t: testNow}
	var calls atomic.Int32
	g := &readiness{check: func(context.Context) error { calls.Add(1); return nil },
		now: clock.Now, ttl: 2 * time.Second, log: discardLogger(), gauge: newTestGauge()}
	steps := []struct {
		advance time.Duration
		want    int32
	}{{0, 1}, {time.Second, 1}, {999 * time.Millisecond, 1}, {time.Millisecond, 2}, {-time.Hour, 3}}
	for _, s := range steps {
		clock.Add(s.advance)
		if err := g.Err(context.Background()); err != nil {
			t.Fatalf("Err = %v", err)
		}
		if got := calls.Load(); got != s.want {
			t.Errorf("after advancing %v: %d checks, want %d", s.advance, got, s.want)
		}
	}
}
