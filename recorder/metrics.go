package recorder

import "github.com/prometheus/client_golang/prometheus"

// RegisterMetrics registers the engine's counters and, when given, the
// capture sources' drop counters (a func returning kernel and queue drops)
// as Prometheus metrics.
func RegisterMetrics(reg prometheus.Registerer, e *Engine, drops func() (kernel, queue int64)) error {
	counter := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "linka", Subsystem: "recorder", Name: name, Help: help}, f)
	}
	cs := []prometheus.Collector{
		counter("packets_total", "UDP datagrams the recorder examined.", func() float64 { return float64(e.Stats().Packets) }),
		counter("sip_messages_total", "SIP messages followed.", func() float64 { return float64(e.Stats().SIP) }),
		counter("rtp_packets_total", "RTP packets of recorded calls.", func() float64 { return float64(e.Stats().RTP) }),
		counter("malformed_total", "SIP messages that could not be parsed.", func() float64 { return float64(e.Stats().Malformed) }),
		counter("recordings_total", "Recordings started.", func() float64 { return float64(e.Stats().Recordings) }),
		counter("unrecordable_total", "Calls that could not be recorded (SRTP, other codecs, no media).", func() float64 { return float64(e.Stats().Unrecordable) }),
	}
	if drops != nil {
		cs = append(cs,
			counter("kernel_drops_total", "Packets the kernel dropped before the capture read them.", func() float64 { k, _ := drops(); return float64(k) }),
			counter("queue_drops_total", "Packets dropped because the recorder fell behind.", func() float64 { _, q := drops(); return float64(q) }))
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
