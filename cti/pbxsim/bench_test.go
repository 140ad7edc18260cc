package pbxsim

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"linka/cti/csta"
)

// BenchmarkPBX_EventsToOneClient measures the event reports per second
// the simulator encodes and writes to one client over TCP, decoded by a
// csta.Conn: each iteration is an incoming call answered and hung up,
// four events at the monitored extension.
func BenchmarkPBX_EventsToOneClient(b *testing.B) {
	p := newPBX(b, Options{HeartbeatInterval: -1, QueueLimit: 1 << 22})
	var got atomic.Int64
	conn := csta.NewConn(overTCP(b, p), csta.Options{OnEvent: func(csta.EventReport) { got.Add(1) }})
	defer conn.Close()
	ctx := context.Background()
	if _, err := conn.Associate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := conn.MonitorStart(ctx, csta.MonitorStartArgument{Device: csta.DialingNumber("101")}); err != nil {
		b.Fatal(err)
	}
	const perCall = 4
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		h, err := p.IncomingCall("602123456", "101")
		if err != nil {
			b.Fatal(err)
		}
		if err := h.Answer("101"); err != nil {
			b.Fatal(err)
		}
		if err := h.Hangup("602123456"); err != nil {
			b.Fatal(err)
		}
	}
	want := int64(perCall * b.N)
	deadline := time.Now().Add(time.Minute)
	for got.Load() < want && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	b.StopTimer()
	if n := got.Load(); n != want {
		b.Fatalf("events received = %d, want %d", n, want)
	}
	b.ReportMetric(float64(want)/b.Elapsed().Seconds(), "events/s")
}
