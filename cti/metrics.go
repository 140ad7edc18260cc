package cti

import (
	"errors"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"linka/cti/csta"
)

// metrics are the link's Prometheus metrics.
type metrics struct {
	up           prometheus.Gauge
	reconnects   prometheus.Counter
	resyncs      prometheus.Counter
	events       *prometheus.CounterVec
	decodeErrors prometheus.Counter
	commands     *prometheus.HistogramVec
	calls        prometheus.Gauge
	records      *prometheus.CounterVec
	// byType caches the event counters of the typed events.
	byType map[csta.EventType]prometheus.Counter
}

// newMetrics creates the metrics and registers them with reg (nil: none).
func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		up: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "linka_cti_link_up",
			Help: "1 while the PBX link is up (associated, monitored, resynced), 0 otherwise.",
		}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linka_cti_reconnects_total",
			Help: "Connections to the PBX attempted after a failure.",
		}),
		resyncs: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linka_cti_resyncs_total",
			Help: "Completed resyncs: device list, monitors and snapshots.",
		}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linka_cti_events_total",
			Help: "CSTA events received from the PBX by event type.",
		}, []string{"type"}),
		decodeErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linka_cti_decode_errors_total",
			Help: "Malformed PDUs received from the PBX and skipped.",
		}),
		commands: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "linka_cti_command_duration_seconds",
			Help:    "Time the PBX took to answer commands, by command and result (ok, refused, error).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"command", "result"}),
		calls: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "linka_cti_calls_active",
			Help: "Calls in progress in the live model.",
		}),
		records: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linka_cti_call_records_total",
			Help: "Finished calls handed to the call store, by result (saved, failed, dropped).",
		}, []string{"result"}),
		byType: make(map[csta.EventType]prometheus.Counter),
	}
	for _, t := range []csta.EventType{csta.EventConferenced, csta.EventConnectionCleared,
		csta.EventDelivered, csta.EventDiverted, csta.EventEstablished, csta.EventFailed,
		csta.EventHeld, csta.EventNetworkReached, csta.EventOriginated, csta.EventQueued,
		csta.EventRetrieved, csta.EventServiceInitiated, csta.EventTransferred,
		csta.EventAgentLoggedOn, csta.EventAgentLoggedOff, csta.EventAgentNotReady,
		csta.EventAgentReady, csta.EventAgentWorkingAfterCall, csta.EventDoNotDisturb,
		csta.EventForwarding} {
		m.byType[t] = m.events.WithLabelValues(t.String())
	}
	if reg == nil {
		return m, nil
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.up, m.reconnects, m.resyncs, m.events,
		m.decodeErrors, m.commands, m.calls, m.records} {
		errs = append(errs, reg.Register(c))
	}
	return m, errors.Join(errs...)
}

// event counts one received event.
func (m *metrics) event(t csta.EventType) {
	if c, ok := m.byType[t]; ok {
		c.Inc()
		return
	}
	m.events.WithLabelValues(t.String()).Inc()
}

// command records the duration and result of a command.
func (m *metrics) command(name string, start time.Time, err error) {
	result := "ok"
	var refused *RefusedError
	switch {
	case errors.As(err, &refused):
		result = "refused"
	case err != nil:
		result = "error"
	}
	m.commands.WithLabelValues(name, result).Observe(time.Since(start).Seconds())
}
