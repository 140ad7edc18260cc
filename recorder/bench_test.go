package recorder_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"linka/recorder"
	"linka/recorder/capture"
)

// BenchmarkImport measures offline decode-and-write throughput: a capture
// of 20 concurrent SIP calls, 1,500 packets each way (30 s), read from a
// pcap file, decoded and written as stereo WAV files, on one goroutine.
func BenchmarkImport(b *testing.B) {
	t := b
	c := newCap(b)
	const calls, n = 20, 1500
	for k := range calls {
		id := fmt.Sprintf("bench-%d", k)
		trunk, pbx := fmt.Sprintf("192.0.2.%d:40000", 10+k), fmt.Sprintf("10.0.0.5:%d", 30000+2*k)
		ta, _, _ := cut(trunk)
		from, to := fmt.Sprintf("<sip:+42060200%04d@%s>;tag=a", k, ta), "<sip:544503600@10.0.0.5>"
		c.udp(t0, ta+":5060", pbxSIP, sipMessage("INVITE sip:544503600@10.0.0.5 SIP/2.0", id, from, to, "1 INVITE", sdpBody(ta, 40000, "RTP/AVP", "8 101", "")))
		c.udp(t0.Add(time.Millisecond), pbxSIP, ta+":5060", sipMessage("SIP/2.0 200 OK", id, from, to+";tag=b", "1 INVITE", sdpBody("10.0.0.5", port(pbx), "RTP/AVP", "8 101", "")))
	}
	for i := range n {
		at := t0.Add(10*time.Millisecond + time.Duration(i)*20*time.Millisecond)
		for k := range calls {
			trunk, pbx := fmt.Sprintf("192.0.2.%d:40000", 10+k), fmt.Sprintf("10.0.0.5:%d", 30000+2*k)
			c.udp(at, trunk, pbx, rtpPacket(t, 8, uint16(i), uint32(i*160), uint32(k), filled(160, code(i))))
			c.udp(at, pbx, trunk, rtpPacket(t, 8, uint16(i), uint32(i*160), uint32(1000+k), filled(160, code(i+1))))
		}
	}
	path := c.close()
	packets := int64(calls*2*n + 2*calls)
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		e, err := recorder.NewEngine(recorder.Options{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := capture.ReadFile(context.Background(), path, capture.Filter{}, e.Handle); err != nil {
			b.Fatal(err)
		}
		e.Close()
		if e.Stats().Recordings != calls {
			b.Fatalf("recordings = %d", e.Stats().Recordings)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(packets*int64(b.N))/b.Elapsed().Seconds(), "packets/s")
	// On a shared machine the wall clock says little: the process's CPU
	// time (user + system) gives the throughput of one core.
	b.ReportMetric(float64(packets*int64(b.N))/(cpuTime()-cpu0).Seconds(), "packets/cpu-s")
}

// cpuTime returns the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
