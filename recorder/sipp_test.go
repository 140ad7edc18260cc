package recorder_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"linka/recorder"
	"linka/recorder/capture"
)

// freeUDPPort returns a UDP port nobody uses on loopback right now.
func freeUDPPort(t *testing.T) uint16 {
	t.Helper()
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return uint16(c.LocalAddr().(*net.UDPAddr).Port)
}

// A real SIP call between two SIPp instances on loopback — SIPp's
// uac_pcap scenario plays the public A-law capture and a DTMF digit, the
// uas echoes the RTP — captured live on the loopback interface: the
// caller's audio is on the left channel, sample for sample what sox
// decodes; the echo is on the right; the digit is noted.
func TestSIPp_LiveCallOnLoopback(t *testing.T) {
	sipp := requirePeer(t, "sipp", "apt-get install sip-tester")
	if fd, err := syscall.Socket(syscall.AF_PACKET, syscall.SOCK_RAW, 0); err != nil {
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatalf("raw socket: %v (run as root)", err)
		}
		t.Skipf("raw socket not permitted (%v): run as root for live capture", err)
	} else {
		syscall.Close(fd)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "pcap"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"g711a.pcap", "dtmf_2833_1.pcap"} {
		b, err := os.ReadFile("testdata/" + f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "pcap", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	uasSIP, uacSIP, uasMedia, uacMedia := freeUDPPort(t), freeUDPPort(t), freeUDPPort(t)&^1, freeUDPPort(t)&^1
	ports := []recorder.PortRange{{Lo: uasSIP, Hi: uasSIP}, {Lo: uacSIP, Hi: uacSIP},
		{Lo: uasMedia, Hi: uasMedia}, {Lo: uacMedia, Hi: uacMedia}}
	sink := &collector{}
	e, err := recorder.NewEngine(recorder.Options{Dir: t.TempDir(), Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- capture.Run(ctx, e, []capture.Source{&capture.Interface{Device: "lo", Filter: capture.Filter{Ports: ports}}}, nil)
	}()
	time.Sleep(300 * time.Millisecond)
	port := func(p uint16) string { return strconv.Itoa(int(p)) }
	uas := exec.Command(sipp, "-sn", "uas", "-i", "127.0.0.1", "-p", port(uasSIP), "-mp", port(uasMedia), "-rtp_echo",
		"-m", "1", "-timeout", "40s", "-nostdin")
	uas.Dir = dir
	if err := uas.Start(); err != nil {
		t.Fatal(err)
	}
	defer uas.Process.Kill()
	time.Sleep(300 * time.Millisecond)
	uac := exec.Command(sipp, "-sn", "uac_pcap", "-i", "127.0.0.1", "-p", port(uacSIP), "-mp", port(uacMedia),
		"-m", "1", "-timeout", "40s", "-nostdin", fmt.Sprintf("127.0.0.1:%d", uasSIP))
	uac.Dir = dir
	if out, err := uac.CombinedOutput(); err != nil {
		t.Fatalf("sipp uac: %v\n%s", err, out)
	}
	_ = uas.Wait()
	time.Sleep(time.Second) // the BYE's linger
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	recs := sink.done()
	if len(recs) != 1 {
		t.Fatalf("recordings = %+v, want 1", recs)
	}
	r := recs[0]
	if r.Unrecordable != "" || r.SIPCallID == "" || r.Codec != "PCMA" {
		t.Fatalf("recording = %+v", r)
	}
	left, right := r.Legs[recorder.ChannelTrunk], r.Legs[recorder.ChannelPBX]
	if left.Packets != 236 || left.Lost != 0 || right.Packets != 236 {
		t.Errorf("left %+v right %+v, want 236 audio packets each way", left, right)
	}
	digits := map[int]string{}
	for _, ev := range r.Events {
		if ev.Kind == recorder.EventDTMF {
			digits[ev.Channel] += ev.Value
		}
	}
	if digits[recorder.ChannelTrunk] != "1" {
		t.Errorf("DTMF = %v, want 1 from the caller", digits)
	}
	_, samples := readWAV(t, r.File)
	compareWithSox(t, samples, false)
	t.Logf("SIPp call: %v, left %d packets (jitter %.2f ms), right %d packets", r.Duration(), left.Packets, left.JitterMS, right.Packets)
}
