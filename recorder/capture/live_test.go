package capture_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-audio/wav"
	"github.com/pion/rtp"

	"linka/recorder"
	"linka/recorder/capture"
)

type sink struct {
	mu   sync.Mutex
	done []recorder.Info
}

func (s *sink) RecordingStarted(recorder.Info) {}
func (s *sink) RecordingFinished(i recorder.Info) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = append(s.done, i)
}
func (s *sink) list() []recorder.Info {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorder.Info(nil), s.done...)
}

// sendRTP sends n A-law packets of 20 ms to addr at real-time pace.
func sendRTP(t *testing.T, conn net.Conn, n int) {
	t.Helper()
	next := time.Now()
	for i := range n {
		p := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 8, SequenceNumber: uint16(i), Timestamp: uint32(i * 160), SSRC: 0x51},
			Payload: make([]byte, 160)}
		for j := range p.Payload {
			p.Payload[j] = byte(0x80 + i%50)
		}
		b, _ := p.Marshal()
		if _, err := conn.Write(b); err != nil {
			t.Fatal(err)
		}
		next = next.Add(20 * time.Millisecond)
		time.Sleep(time.Until(next))
	}
}

// Live capture on the loopback interface through the AF_PACKET socket.
func TestInterface_Loopback(t *testing.T) {
	rx, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer rx.Close()
	port := uint16(rx.LocalAddr().(*net.UDPAddr).Port)
	fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_RAW, 0)
	if err != nil {
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatalf("raw socket: %v (run as root)", err)
		}
		t.Skipf("raw socket not permitted (%v): run the test as root for live capture", err)
	}
	syscall.Close(fd)
	s := &sink{}
	e, err := recorder.NewEngine(recorder.Options{Dir: t.TempDir(), Sink: s, RTPPorts: []recorder.PortRange{{Lo: port, Hi: port}}})
	if err != nil {
		t.Fatal(err)
	}
	src := &capture.Interface{Device: "lo", Filter: capture.Filter{Ports: []recorder.PortRange{{Lo: port, Hi: port}}}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- capture.Run(ctx, e, []capture.Source{src}, nil) }()
	time.Sleep(300 * time.Millisecond) // the socket is open
	conn, err := net.Dial("udp4", rx.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sendRTP(t, conn, 100)
	time.Sleep(300 * time.Millisecond)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	recs := s.list()
	if len(recs) != 1 {
		t.Fatalf("recordings = %d, want 1: %+v", len(recs), recs)
	}
	r := recs[0]
	if l := r.Legs[recorder.ChannelTrunk]; l.Packets != 100 || l.Lost != 0 || l.Duplicates != 0 {
		t.Errorf("stats = %+v, want 100 packets, no loss, no duplicates", l)
	}
	// The file covers the audio (100 × 160 frames) and, when this busy
	// machine delayed the sender, the real time it took.
	if r.Frames < 100*160 || r.Frames > 100*160+3*8000 {
		t.Errorf("frames = %d, want 16000 and at most the sender's delay more", r.Frames)
	}
	if st := src.Stats(); st.KernelDrops != 0 || st.Dropped != 0 {
		t.Errorf("drops = %+v", st)
	}
}

// HEP3 datagrams to the UDP port carry SIP and RTP with their original
// addresses.
func TestUDP_HEP(t *testing.T) {
	s := &sink{}
	e, err := recorder.NewEngine(recorder.Options{Dir: t.TempDir(), Sink: s})
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan net.Addr, 1)
	src := &capture.UDP{Addr: "127.0.0.1:0", Ready: func(a net.Addr) { ready <- a }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- capture.Run(ctx, e, []capture.Source{src}, nil) }()
	addr := <-ready
	conn, err := net.Dial("udp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hep := func(src, dst string, payload []byte) {
		if _, err := conn.Write(encodeHEP(src, dst, payload)); err != nil {
			t.Fatal(err)
		}
	}
	sdp := func(addr string, port int) string {
		return fmt.Sprintf("v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\nm=audio %d RTP/AVP 8\r\n", addr, addr, port)
	}
	msg := func(start, cseq, from, to, body string) []byte {
		return []byte(fmt.Sprintf("%s\r\nCall-ID: hep-1\r\nFrom: %s\r\nTo: %s\r\nCSeq: %s\r\nContent-Type: application/sdp\r\nContent-Length: %d\r\n\r\n%s",
			start, from, to, cseq, len(body), body))
	}
	from, to := "<sip:+420777000111@198.51.100.1>;tag=x", "<sip:544503600@10.9.0.1>;tag=y"
	hep("198.51.100.1:5060", "10.9.0.1:5060", msg("INVITE sip:544503600@10.9.0.1 SIP/2.0", "1 INVITE", from, to, sdp("198.51.100.1", 41000)))
	hep("10.9.0.1:5060", "198.51.100.1:5060", msg("SIP/2.0 200 OK", "1 INVITE", from, to, sdp("10.9.0.1", 31000)))
	for i := range 25 {
		p := rtp.Packet{Header: rtp.Header{Version: 2, PayloadType: 8, SequenceNumber: uint16(i), Timestamp: uint32(i * 160), SSRC: 9},
			Payload: make([]byte, 160)}
		b, _ := p.Marshal()
		hep("198.51.100.1:41000", "10.9.0.1:31000", b)
		time.Sleep(20 * time.Millisecond)
	}
	hep("10.9.0.1:5060", "198.51.100.1:5060", msg("BYE sip:x@y SIP/2.0", "2 BYE", to, from, ""))
	deadline := time.Now().Add(5 * time.Second)
	for len(s.list()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
	recs := s.list()
	if len(recs) != 1 || recs[0].Caller != "+420777000111" || recs[0].Legs[recorder.ChannelTrunk].Packets != 25 {
		t.Fatalf("recordings = %+v, want one from +420777000111 with 25 packets on the left", recs)
	}
}

// encodeHEP builds a HEP3 packet independently of the simulator's
// encoder.
func encodeHEP(src, dst string, payload []byte) []byte {
	s, _ := net.ResolveUDPAddr("udp", src)
	d, _ := net.ResolveUDPAddr("udp", dst)
	var body []byte
	chunk := func(typ int, v []byte) {
		n := 6 + len(v)
		body = append(body, 0, 0, byte(typ>>8), byte(typ), byte(n>>8), byte(n))
		body = append(body, v...)
	}
	chunk(1, []byte{2})
	chunk(2, []byte{17})
	chunk(3, s.IP.To4())
	chunk(4, d.IP.To4())
	chunk(7, []byte{byte(s.Port >> 8), byte(s.Port)})
	chunk(8, []byte{byte(d.Port >> 8), byte(d.Port)})
	chunk(15, payload)
	n := 6 + len(body)
	return append([]byte{'H', 'E', 'P', '3', byte(n >> 8), byte(n)}, body...)
}

// childEnv makes the test binary a recorder process for the kill test.
const childEnv = "LINKA_RECORDER_KILL_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		runChild(dir)
		return
	}
	os.Exit(m.Run())
}

// runChild records plain RTP sent to a UDP port into dir until killed.
func runChild(dir string) {
	var port uint16
	ready := make(chan struct{})
	src := &capture.UDP{Addr: "127.0.0.1:0", Ready: func(a net.Addr) {
		port = uint16(a.(*net.UDPAddr).Port)
		close(ready)
	}}
	// The port is known only once bound: the engine learns it from the
	// packets' destination, so accept RTP on any port (heuristics).
	e, err := recorder.NewEngine(recorder.Options{Dir: dir})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	go func() {
		<-ready
		fmt.Printf("PORT %d\n", port)
	}()
	_ = capture.Run(context.Background(), e, []capture.Source{src}, nil)
}

// kill -9 in the middle of a recording leaves a playable file that loses
// at most about a second.
func TestKill9LeavesPlayableFile(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "PORT ") {
		t.Fatalf("child said %q, %v", line, err)
	}
	conn, err := net.Dial("udp4", "127.0.0.1:"+strings.TrimSpace(strings.TrimPrefix(line, "PORT ")))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sendRTP(t, conn, 150) // 3 s
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	files, _ := filepath.Glob(filepath.Join(dir, "*.wav"))
	if len(files) != 1 {
		t.Fatalf("files = %v, want one", files)
	}
	// As left: the header declares what was synced.
	asLeft := duration(t, files[0])
	if asLeft < 1900*time.Millisecond || asLeft > 3*time.Second {
		t.Errorf("playable duration after kill -9 = %v, want within a second of 3s", asLeft)
	}
	frames, _, err := recorder.RepairWAV(files[0])
	if err != nil {
		t.Fatal(err)
	}
	repaired := duration(t, files[0])
	if repaired < asLeft || frames < 8000 {
		t.Errorf("after repair %v (%d frames), before %v", repaired, frames, asLeft)
	}
	t.Logf("after kill -9: %v playable, %v after repair, of 3s sent", asLeft, repaired)
	if _, err := exec.LookPath("soxi"); err == nil {
		if out, err := exec.Command("soxi", "-D", files[0]).CombinedOutput(); err != nil {
			t.Errorf("soxi: %v %s", err, out)
		}
	}
}

// duration reads a WAV file's duration with go-audio/wav.
func duration(t *testing.T, path string) time.Duration {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := wav.NewDecoder(f)
	if !d.IsValidFile() {
		t.Fatalf("%s is not a valid WAV file: %v", path, d.Err())
	}
	dur, err := d.Duration()
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return dur
}
