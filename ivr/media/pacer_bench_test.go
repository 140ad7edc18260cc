package media

import (
	"context"
	"net"
	"sync"
	"testing"
	"time"

	"linka/ivr/audio"
)

// BenchmarkPacer_200Streams plays 200 concurrent 2 s talkspurts through
// one pacer to a sink socket and reports the pacing error percentiles.
func BenchmarkPacer_200Streams(b *testing.B) {
	sink, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	go func() {
		buf := make([]byte, 1500)
		for {
			if _, _, err := sink.ReadFromUDPAddrPort(buf); err != nil {
				return
			}
		}
	}()
	var h Histogram
	p := NewPacer(&h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	samples := make([]int16, 2*audio.Rate)
	for range b.N {
		var wg sync.WaitGroup
		for i := range 200 {
			c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
			if err != nil {
				b.Fatal(err)
			}
			s := NewStream(Options{Conn: c, Remote: sink.LocalAddr().(*net.UDPAddr), Codec: audio.PCMA, Pacer: p})
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer s.Close()
				time.Sleep(time.Duration(i) * 100 * time.Microsecond)
				_ = s.Play(ctx, samples, nil)
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(float64(h.Percentile(0.5).Microseconds()), "p50-µs")
	b.ReportMetric(float64(h.Percentile(0.99).Microseconds()), "p99-µs")
	b.ReportMetric(float64(h.Max().Microseconds()), "max-µs")
}
