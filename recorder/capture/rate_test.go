package capture_test

import (
	"context"
	"fmt"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/pion/rtp"

	"linka/recorder"
	"linka/recorder/capture"
)

// BenchmarkInterfaceLoopbackRate offers RTP on the loopback interface at
// fixed rates (64 streams of 160-byte packets, one sender) for two seconds
// each and reports what the AF_PACKET capture and the engine took and what
// the kernel dropped; captured/s is over the time the single sender
// actually took, which on a loaded machine is below the offered rate.
// Root only. The highest rate with zero drops is the
// live figure in docs/performance.md.
func BenchmarkInterfaceLoopbackRate(b *testing.B) {
	if fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_RAW, 0); err != nil {
		b.Skipf("raw socket not permitted (%v): run as root", err)
	} else {
		syscall.Close(fd)
	}
	for _, rate := range []int{5000, 20000, 50000, 100000} {
		b.Run(fmt.Sprintf("offered=%d", rate), func(b *testing.B) {
			for range b.N {
				got, kernel, queue, took := offer(b, rate, 2*time.Second)
				b.ReportMetric(float64(got)/took.Seconds(), "captured/s")
				b.ReportMetric(float64(kernel), "kernel-drops")
				b.ReportMetric(float64(queue), "queue-drops")
			}
		})
	}
}

// offer sends rate packets a second for d and returns how many the
// engine handled and the drops.
func offer(b *testing.B, rate int, d time.Duration) (captured, kernel, queue int64, took time.Duration) {
	rx, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		b.Fatal(err)
	}
	defer rx.Close()
	_ = rx.SetReadBuffer(64 << 20)
	go func() {
		buf := make([]byte, 2048)
		for {
			if _, err := rx.Read(buf); err != nil {
				return
			}
		}
	}()
	port := uint16(rx.LocalAddr().(*net.UDPAddr).Port)
	e, err := recorder.NewEngine(recorder.Options{Dir: b.TempDir(), RTPPorts: []recorder.PortRange{{Lo: port, Hi: port}}})
	if err != nil {
		b.Fatal(err)
	}
	src := &capture.Interface{Device: "lo", Filter: capture.Filter{Ports: []recorder.PortRange{{Lo: port, Hi: port}}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- capture.Run(ctx, e, []capture.Source{src}, nil) }()
	time.Sleep(200 * time.Millisecond)
	const streams = 64
	conns := make([]net.Conn, streams)
	for i := range conns {
		if conns[i], err = net.Dial("udp4", rx.LocalAddr().String()); err != nil {
			b.Fatal(err)
		}
		defer conns[i].Close()
	}
	pkt := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 8}, Payload: make([]byte, 160)}
	start := time.Now()
	total := int(float64(rate) * d.Seconds())
	for n := range total {
		s := n % streams
		pkt.SSRC, pkt.SequenceNumber, pkt.Timestamp = uint32(s+1), uint16(n/streams), uint32(n/streams*160)
		buf, _ := pkt.Marshal()
		_, _ = conns[s].Write(buf)
		if n%100 == 0 {
			if ahead := time.Duration(n)*time.Second/time.Duration(rate) - time.Since(start); ahead > 0 {
				time.Sleep(ahead)
			}
		}
	}
	took = time.Since(start)
	time.Sleep(500 * time.Millisecond)
	cancel()
	<-done
	st := src.Stats()
	return e.Stats().RTP, st.KernelDrops, st.Dropped, took
}
