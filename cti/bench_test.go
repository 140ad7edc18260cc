package cti

import (
	"fmt"
	"net"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"linka/cti/csta"
	"linka/cti/pbxsim"
)

// callEvents returns the events of one incoming call through group 600 as
// the monitors of the group and the members report them: queued, ringing
// at two members, answered, held, retrieved, consulted, transferred and
// cleared. Call ids are unique per call.
func callEvents(i int) []csta.Event {
	c1, c2 := fmt.Sprintf("a%d", i), fmt.Sprintf("b%d", i)
	caller := fmt.Sprintf("60%07d", i)
	in := incoming(caller)
	via := in
	via.LastRedirectionDevice = dn("600")
	internal := csta.Parties{CallingDevice: dn("102"), CalledDevice: dn("104")}
	return []csta.Event{
		queued(c1, "600", in),
		delivered(c1, "101", via), delivered(c1, "101", via),
		delivered(c1, "102", via), delivered(c1, "102", via),
		established(c1, "102", via), established(c1, "102", via),
		cleared(c1, "101", csta.CauseNormalClearing),
		held(c1, "102"),
		serviceInitiated(c2, "102", csta.CauseConsultation),
		delivered(c2, "104", internal), established(c2, "104", internal),
		&csta.TransferredEvent{PrimaryOldCall: cn(c1, "102"), SecondaryOldCall: cn(c2, "102"),
			TransferringDevice: dn("102"), TransferredToDevice: dn("104"),
			TransferredConnections: []csta.ConnectionListEntry{entry(c2, c1, caller), entry(c2, c2, "104")},
			Common:                 csta.Common{Cause: csta.CauseTransfer}},
		cleared(c2, caller, csta.CauseNormalClearing),
	}
}

// BenchmarkModel_Apply measures the events the live model applies per
// second over complete group calls with consultation transfers, each event
// reported by two monitors as a PBX does, with 50 calls in progress.
func BenchmarkModel_Apply(b *testing.B) {
	const calls = 1000
	scripts := make([][]csta.Event, calls)
	for i := range scripts {
		scripts[i] = callEvents(i)
	}
	m := newModel([]string{"101", "102", "103", "104"}, []string{"600"}, directory{"101": "A", "102": "B"}, nil)
	for i := range 50 { // calls in progress that stay
		m.apply(delivered(fmt.Sprintf("z%d", i), "103", incoming(fmt.Sprintf("70%07d", i))), nil)
	}
	var out []Event
	events := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		for _, ev := range scripts[i%calls] {
			out = m.apply(ev, out[:0])
			events++
		}
		m.takeRecords()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

// stampListener wraps the simulator's listener to time its writes: once
// armed, the next Write on any connection stores the time.
type stampListener struct {
	net.Listener
	armed atomic.Bool
	at    atomic.Int64
}

func (l *stampListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &stampConn{Conn: c, l: l}, nil
}

// stampConn is a connection of a stampListener.
type stampConn struct {
	net.Conn
	l *stampListener
}

func (c *stampConn) Write(b []byte) (int, error) {
	if c.l.armed.CompareAndSwap(true, false) {
		c.l.at.Store(time.Now().UnixNano())
	}
	return c.Conn.Write(b)
}

// BenchmarkLink_DeliveredLatency measures, at 200 calls/s, the time from
// the simulator writing a delivered event to its TCP socket to a bus
// subscriber receiving call.ringing: read, decode, model, bus, over
// loopback (p50-us, p99-us, max-us). e2e-p99-us also counts the
// simulator's own work from the scenario call. Each call is hung up after
// it rang, so the link also carries the clearing events.
func BenchmarkLink_DeliveredLatency(b *testing.B) {
	p, err := pbxsim.New(pbxsim.Options{Trunks: 64, HeartbeatInterval: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	sl := &stampListener{Listener: ln}
	go p.Serve(sl)
	b.Cleanup(func() { p.Close() })
	tl := startLink(b, ln.Addr().String(), func(o *LinkOptions) { o.Store = nil })
	tl.up()
	ring := tl.Bus().Subscribe(func(e Event) bool { return e.Type == TypeCallRinging }, 1024)
	tick := time.NewTicker(5 * time.Millisecond) // 200 calls/s
	defer tick.Stop()
	lat := make([]time.Duration, 0, b.N)
	e2e := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		<-tick.C
		caller := fmt.Sprintf("60%07d", i)
		ext := simExtensions[3+i%7] // outside group 600
		start := time.Now()
		sl.armed.Store(true)
		h, err := p.IncomingCall(caller, ext)
		if err != nil {
			b.Fatal(err)
		}
		for {
			e := <-ring.Events()
			if e.Data.(CallEvent).Call.Caller == caller {
				break
			}
		}
		now := time.Now()
		lat = append(lat, now.Sub(time.Unix(0, sl.at.Load())))
		e2e = append(e2e, now.Sub(start))
		if err := h.Hangup(caller); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	pct := func(d []time.Duration, q float64) float64 {
		slices.Sort(d)
		return float64(d[int(float64(len(d)-1)*q)].Microseconds())
	}
	b.ReportMetric(pct(lat, 0.5), "p50-us")
	b.ReportMetric(pct(lat, 0.99), "p99-us")
	b.ReportMetric(pct(lat, 1), "max-us")
	b.ReportMetric(pct(e2e, 0.99), "e2e-p99-us")
}
