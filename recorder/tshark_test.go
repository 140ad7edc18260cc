package recorder_test

import (
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"linka/recorder"
)

// tshark's RTP stream statistics of a capture with loss agree with the
// recorder's: packets and lost.
func TestEngine_TsharkCrossCheck(t *testing.T) {
	requirePeer(t, "tshark", "apt-get install tshark")
	c := newCap(t)
	const n = 200
	lost := map[int]bool{17: true, 18: true, 120: true}
	for i := range n {
		if lost[i] {
			continue
		}
		at := t0.Add(time.Duration(i)*20*time.Millisecond + time.Duration(i%3)*time.Millisecond)
		c.udp(at, "192.0.2.10:40000", "10.0.0.5:30000", rtpPacket(t, 8, uint16(1000+i), uint32(i*160), 0xCAFE, filled(160, code(i))))
	}
	path := c.close()
	recs := importFile(t, path, recorder.Options{})
	if len(recs) != 1 {
		t.Fatalf("recordings = %d", len(recs))
	}
	ours := recs[0].Legs[recorder.ChannelTrunk]
	out, err := exec.Command("tshark", "-r", path, "-o", "rtp.heuristic_rtp:TRUE", "-q", "-z", "rtp,streams").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	// "... 0x0000CAFE  g711A  197  3 (1.5%) ..."
	m := regexp.MustCompile(`(?i)0x0000cafe\s+\S+\s+(\d+)\s+(-?\d+)\s+\(`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no stream in tshark's statistics:\n%s", out)
	}
	pkts, _ := strconv.Atoi(string(m[1]))
	tlost, _ := strconv.Atoi(string(m[2]))
	if int64(pkts) != ours.Packets || int64(tlost) != ours.Lost {
		t.Errorf("tshark: %d packets %d lost; recorder: %d packets %d lost", pkts, tlost, ours.Packets, ours.Lost)
	}
	if recs[0].Frames != n*160 {
		t.Errorf("frames = %d, want %d", recs[0].Frames, n*160)
	}
}
