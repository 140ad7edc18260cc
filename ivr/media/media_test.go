package media

import (
	"context"
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/pion/rtp"

	"linka/ivr/audio"
)

func udp(t *testing.T) *net.UDPConn {
	t.Helper()
	c, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func readPackets(t *testing.T, c *net.UDPConn, n int) []rtp.Packet {
	t.Helper()
	var out []rtp.Packet
	buf := make([]byte, 1500)
	for len(out) < n {
		_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
		k, _, err := c.ReadFromUDP(buf)
		if err != nil {
			t.Fatalf("after %d packets: %v", len(out), err)
		}
		var p rtp.Packet
		if err := p.Unmarshal(append([]byte(nil), buf[:k]...)); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestStream_PlayPacing(t *testing.T) {
	t.Run("go timers", func(t *testing.T) { testPlayPacing(t, false) })
	t.Run("pacer", func(t *testing.T) { testPlayPacing(t, true) })
}

func testPlayPacing(t *testing.T, paced bool) {
	far := udp(t)
	var h Histogram
	o := Options{Conn: udp(t), Remote: far.LocalAddr().(*net.UDPAddr), Codec: audio.PCMA, DTMF: 101, Pacing: &h}
	if paced {
		o.Pacer = NewPacer(&h)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { o.Pacer.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	s := NewStream(o)
	samples := make([]int16, 8000) // one second
	for i := range samples {
		samples[i] = int16(i % 1000)
	}
	start := time.Now()
	if err := s.Play(context.Background(), samples, nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 1150*time.Millisecond {
		t.Fatalf("one second of audio sent in %s: not paced", d)
	}
	time.Sleep(200 * time.Millisecond)
	if err := s.Play(context.Background(), samples[:320], nil); err != nil {
		t.Fatal(err)
	}
	ps := readPackets(t, far, 52+20)
	for i, p := range ps {
		if p.PayloadType != 8 || len(p.Payload) != 160 {
			t.Fatalf("packet %d: pt %d, %d bytes", i, p.PayloadType, len(p.Payload))
		}
		if wantM := i == 0 || i == 60; p.Marker != wantM {
			t.Fatalf("packet %d: marker %v, want %v", i, p.Marker, wantM)
		}
		if i == 0 {
			continue
		}
		if p.SequenceNumber != ps[i-1].SequenceNumber+1 {
			t.Fatalf("packet %d: seq %d after %d", i, p.SequenceNumber, ps[i-1].SequenceNumber)
		}
		dts := p.Timestamp - ps[i-1].Timestamp
		switch {
		case i != 60 && dts != 160:
			t.Fatalf("packet %d: timestamp step %d, want 160", i, dts)
		case i == 60 && (dts < 1600 || dts > 3200):
			t.Fatalf("talkspurt after 200 ms of silence: timestamp step %d, want about 1760", dts)
		}
	}
	if got := audio.PCMA.Decode(nil, ps[0].Payload[:5]); got[4] < 0 || got[4] > 8 {
		t.Fatalf("decoded payload %v does not follow the samples", got)
	}
	if h.Count() != 72 {
		t.Fatalf("pacing samples = %d, want 72", h.Count())
	}
}

func TestStream_Interrupt(t *testing.T) {
	far := udp(t)
	s := NewStream(Options{Conn: udp(t), Remote: far.LocalAddr().(*net.UDPAddr), Codec: audio.PCMU})
	stop := make(chan struct{})
	time.AfterFunc(100*time.Millisecond, func() { close(stop) })
	if err := s.Play(context.Background(), make([]int16, 8000), stop); err != ErrInterrupted {
		t.Fatalf("Play = %v, want ErrInterrupted", err)
	}
}

func TestStream_DTMF(t *testing.T) {
	conn := udp(t)
	s := NewStream(Options{Conn: conn, Remote: nil, Codec: audio.PCMA, DTMF: 101})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Run(ctx)
	phone := udp(t)
	send := func(seq uint16, ts uint32, code uint8, end bool, marker bool) {
		p := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 101, SequenceNumber: seq, Timestamp: ts, SSRC: 7, Marker: marker},
			Payload: Event{Code: code, End: end, Volume: 10, Duration: 800}.Marshal()}
		b, _ := p.Marshal()
		if _, err := phone.WriteToUDP(b, conn.LocalAddr().(*net.UDPAddr)); err != nil {
			t.Fatal(err)
		}
	}
	// "5" with its repeats and three end packets, then "#".
	send(1, 1000, 5, false, true)
	send(2, 1000, 5, false, false)
	for i := range 3 {
		send(uint16(3+i), 1000, 5, true, false)
	}
	send(6, 2000, 11, false, true)
	var got []string
	for len(got) < 2 {
		select {
		case d := <-s.Digits():
			got = append(got, d)
		case <-time.After(3 * time.Second):
			t.Fatalf("digits = %v, want [5 #]", got)
		}
	}
	if got[0] != "5" || got[1] != "#" {
		t.Fatalf("digits = %v, want [5 #]", got)
	}
	select {
	case d := <-s.Digits():
		t.Fatalf("extra digit %q from repeated packets", d)
	case <-time.After(100 * time.Millisecond):
	}
	if s.Idle() > time.Second || s.Received() != 6 {
		t.Fatalf("idle %s, received %d", s.Idle(), s.Received())
	}
	if r := s.remote.Load(); r == nil || r.Port != phone.LocalAddr().(*net.UDPAddr).Port {
		t.Fatalf("remote not latched to the sender: %v", r)
	}
}

func TestParseOffer(t *testing.T) {
	baresip := "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
		"m=audio 10000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
	o, err := ParseOffer([]byte(baresip))
	if err != nil || o.Codec != audio.PCMU || o.DTMF != 101 || o.Addr.Port != 10000 {
		t.Fatalf("ParseOffer = %+v, %v", o, err)
	}
	for name, body := range map[string]string{
		"no audio":  "v=0\r\nc=IN IP4 1.2.3.4\r\nm=video 5 RTP/AVP 96\r\n",
		"g729 only": "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 5 RTP/AVP 18\r\n",
		"bad addr":  "v=0\r\nc=IN IP4 nowhere\r\nm=audio 5 RTP/AVP 8\r\n",
		"zero port": "v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 0 RTP/AVP 8\r\n",
	} {
		if _, err := ParseOffer([]byte(body)); err == nil {
			t.Errorf("%s: ParseOffer accepted it", name)
		}
	}
	if _, err := ParseOffer(Answer(net.IPv4(127, 0, 0, 1), 4000, audio.PCMA, 101, 1)); err != nil {
		t.Fatalf("our own answer does not parse: %v", err)
	}
}

// TestPacer_StopTheWorld: the pacer's lanes are locked to real-time
// threads sleeping in system calls; garbage collections (which stop the
// world) must still complete while they run, and playing must go on.
func TestPacer_StopTheWorld(t *testing.T) {
	far := udp(t)
	p := NewPacer(nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	s := NewStream(Options{Conn: udp(t), Remote: far.LocalAddr().(*net.UDPAddr), Codec: audio.PCMA, Pacer: p})
	played := make(chan error, 1)
	go func() { played <- s.Play(context.Background(), make([]int16, 4000), nil) }()
	gcs := make(chan struct{})
	go func() {
		for range 20 {
			runtime.GC()
		}
		close(gcs)
	}()
	for _, ch := range []<-chan struct{}{gcs} {
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatal("garbage collection did not complete while the pacer ran")
		}
	}
	select {
	case err := <-played:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("play did not finish")
	}
	if n := len(readPackets(t, far, 35)); n != 35 {
		t.Fatalf("%d packets", n)
	}
}

// TestPacer_SpreadsTalkspurts: talkspurts started in the same slot — a
// PBX answering calls at a steady 50 a second starts one per packet time —
// go to the lanes in turn and, within a lane, each to the quietest of the
// next 20 phases, so no slot sends more than its share.
func TestPacer_SpreadsTalkspurts(t *testing.T) {
	p := NewPacer(nil)
	if len(p.lanes) < 1 || len(p.lanes) > maxLanes {
		t.Fatalf("%d lanes, want 1–%d", len(p.lanes), maxLanes)
	}
	close(p.ready) // not running: the jobs stay queued
	n := 40 * len(p.lanes)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = p.play(&job{n: 10, ctx: ctx, done: make(chan error, 1)})
		}()
	}
	deadline := time.Now().Add(10 * time.Second)
	for queued := 0; queued < n && time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		queued = 0
		for _, l := range p.lanes {
			queued += l.streams()
		}
	}
	for i, l := range p.lanes {
		l.mu.Lock()
		if l.total != 40 {
			t.Errorf("lane %d sends %d talkspurts, want 40", i, l.total)
		}
		for ph, jobs := range l.slots {
			if len(jobs) != 2 || l.load[ph] != 2 {
				t.Errorf("lane %d phase %d: %d talkspurts (load %d), want 2", i, ph, len(jobs), l.load[ph])
			}
		}
		l.mu.Unlock()
	}
	cancel()
	wg.Wait()
}
