package web

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the HTTP layer's Prometheus metrics.
type metrics struct {
	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	loginFailures prometheus.Counter
	loginLimited  prometheus.Counter
	ready         prometheus.Gauge
}

// newMetrics creates the metrics and registers them with reg.
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linka_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "linka_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		loginFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linka_http_login_failures_total",
			Help: "Staff sign-in attempts refused for a wrong login or password.",
		}),
		loginLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linka_http_login_rate_limited_total",
			Help: "Staff sign-in attempts refused by the per-address rate limit.",
		}),
		ready: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "linka_http_ready",
			Help: "1 while the database answers the readiness check, 0 otherwise.",
		}),
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.requests, m.duration, m.loginFailures, m.loginLimited, m.ready} {
		errs = append(errs, reg.Register(c))
	}
	return m, errors.Join(errs...)
}
