package web

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cases"
)

// pingTimeout bounds one readiness check.
const pingTimeout = 2 * time.Second

// readiness caches the result of the database check for ttl, so that the
// gate in front of every request does not ping the database per request.
// Concurrent callers wait for one check instead of pinging in parallel.
type readiness struct {
	check func(context.Context) error
	now   func() time.Time
	ttl   time.Duration
	log   *slog.Logger
	gauge prometheus.Gauge

	mu      sync.Mutex
	checked time.Time // zero before the first check
	err     error     // result of the last check
}

// Err returns nil while the database is reachable and an EUnavailable
// error otherwise.
func (g *readiness) Err(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if age := now.Sub(g.checked); g.checked.IsZero() || age < 0 || age >= g.ttl {
		g.refresh(ctx, now)
	}
	if g.err != nil {
		return cases.Errorf(cases.EUnavailable, "the database is unavailable; try again shortly")
	}
	return nil
}

// refresh runs the check and logs a change of state (not every failure).
// The check does not inherit the request's cancellation, so one cancelled
// request cannot mark the database down for everyone.
func (g *readiness) refresh(ctx context.Context, now time.Time) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), pingTimeout)
	defer cancel()
	err := g.check(ctx)
	switch {
	case err != nil && (g.err == nil || g.checked.IsZero()):
		g.log.Error("database unreachable; refusing requests", "err", err)
	case err == nil && g.err != nil:
		g.log.Info("database reachable again")
	}
	g.checked, g.err = now, err
	if err != nil {
		g.gauge.Set(0)
	} else {
		g.gauge.Set(1)
	}
}
