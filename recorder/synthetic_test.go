package recorder_test

import (
	"testing"
	"time"

	"linka/recorder"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// code returns the A-law byte identifying packet i: each packet's audio
// is a constant, so where it landed can be checked.
func code(i int) byte { return byte(0x80 + i%100) }

// regions checks that each packet-sized region of one channel holds its
// packet's constant (decoded, so only compared for equality inside the
// region and non-zero), or silence for the lost ones.
func checkRegions(t *testing.T, samples []int, ch, n, size int, lost map[int]bool) {
	t.Helper()
	checkRegionsAt(t, samples, ch, 0, n, size, lost)
}

// checkRegionsAt is checkRegions for packets starting at frame off.
func checkRegionsAt(t *testing.T, samples []int, ch, off, n, size int, lost map[int]bool) {
	t.Helper()
	for i := range n {
		first := samples[2*(off+i*size)+ch]
		for j := range size {
			v := samples[2*(off+i*size+j)+ch]
			switch {
			case lost[i] && v != 0:
				t.Fatalf("channel %d packet %d (lost) sample %d = %d, want silence", ch, i, j, v)
			case !lost[i] && (v == 0 || v != first):
				t.Fatalf("channel %d packet %d sample %d = %d, want %d all through (non-zero)", ch, i, j, v, first)
			}
		}
		if i > 0 && !lost[i] && !lost[i-1] && first == samples[2*(off+(i-1)*size)+ch] {
			t.Fatalf("channel %d packets %d and %d hold the same audio: misplaced", ch, i-1, i)
		}
	}
}

func TestEngine_LossReorderDuplicates(t *testing.T) {
	c := newCap(t)
	const n = 100
	type sent struct {
		i  int
		at time.Time
	}
	var order []sent
	for i := range n {
		at := t0.Add(time.Duration(i) * 20 * time.Millisecond)
		switch i {
		case 10, 55: // lost
		case 20: // arrives after 21, within the jitter window
			order = append(order, sent{21, at}, sent{20, at.Add(5 * time.Millisecond)})
		case 21:
		case 30: // duplicated
			order = append(order, sent{30, at}, sent{30, at.Add(2 * time.Millisecond)})
		default:
			order = append(order, sent{i, at})
		}
	}
	for _, s := range order {
		c.udp(s.at, "192.0.2.10:40000", "10.0.0.5:30000",
			rtpPacket(t, 8, uint16(65500+s.i), uint32(4000000000+s.i*160), 0x1234, filled(160, code(s.i))))
	}
	recs := importFile(t, c.close(), recorder.Options{})
	if len(recs) != 1 {
		t.Fatalf("recordings = %d, want 1", len(recs))
	}
	r := recs[0]
	if r.Frames != n*160 {
		t.Errorf("frames = %d, want %d", r.Frames, n*160)
	}
	l := r.Legs[recorder.ChannelTrunk]
	if l.Packets != n-2 || l.Lost != 2 || l.Duplicates != 1 || l.Late != 0 {
		t.Errorf("stats = %+v, want %d packets, 2 lost, 1 duplicate", l, n-2)
	}
	_, samples := readWAV(t, r.File)
	checkRegions(t, samples, recorder.ChannelTrunk, n, 160, map[int]bool{10: true, 55: true})
}

// A new SSRC mid-call (the far end restarted its stream, e.g. after a
// transfer) continues where it arrived; 30 ms µ-law packets.
func TestEngine_SSRCChange30ms(t *testing.T) {
	c := newCap(t)
	const n, size = 60, 240
	for i := range n {
		at := t0.Add(time.Duration(i) * 30 * time.Millisecond)
		ssrc, seq, ts := uint32(0xAAAA), uint16(100+i), uint32(i*size)
		if i >= 30 {
			ssrc, seq, ts = 0xBBBB, uint16(9000+i), uint32(77777+i*size)
		}
		c.udp(at, "192.0.2.10:40000", "10.0.0.5:30000", rtpPacket(t, 0, seq, ts, ssrc, filled(size, code(i))))
	}
	recs := importFile(t, c.close(), recorder.Options{})
	if len(recs) != 1 {
		t.Fatalf("recordings = %d, want 1", len(recs))
	}
	r := recs[0]
	if r.Frames != n*size || r.Codec != "PCMU" {
		t.Errorf("frames %d codec %s, want %d PCMU", r.Frames, r.Codec, n*size)
	}
	l := r.Legs[recorder.ChannelTrunk]
	if len(l.SSRCs) != 2 || l.Lost != 0 || l.Packets != n {
		t.Errorf("stats = %+v, want 2 SSRCs, %d packets, none lost", l, n)
	}
	found := false
	for _, ev := range r.Events {
		found = found || (ev.Kind == recorder.EventSSRC && ev.Value == "0000bbbb")
	}
	if !found {
		t.Errorf("events %+v lack the SSRC change", r.Events)
	}
	_, samples := readWAV(t, r.File)
	checkRegions(t, samples, recorder.ChannelTrunk, n, size, nil)
}

// RFC 4733 events are noted, never written as audio: a capture of DTMF
// only gives no recording, only the digit.
func TestEngine_DTMFOnly(t *testing.T) {
	for file, digit := range map[string]string{"dtmf_2833_1.pcap": "1", "dtmf_2833_2.pcap": "2", "dtmf_2833_pound.pcap": "#"} {
		t.Run(file, func(t *testing.T) {
			recs := importFile(t, "testdata/"+file, recorder.Options{})
			if len(recs) != 1 {
				t.Fatalf("recordings = %d, want 1", len(recs))
			}
			r := recs[0]
			if r.Unrecordable == "" || r.File != "" {
				t.Errorf("unrecordable %q file %q, want a report without a file", r.Unrecordable, r.File)
			}
			var digits string
			for _, ev := range r.Events {
				if ev.Kind == recorder.EventDTMF {
					digits += ev.Value
				}
			}
			if digits != digit {
				t.Errorf("digits = %q, want %q", digits, digit)
			}
		})
	}
}
