package recorder_test

import (
	"testing"
	"time"

	"linka/recorder"
)

const (
	trunkSIP = "192.0.2.10:5060" // the operator's SBC
	pbxSIP   = "10.0.0.5:5060"   // the PBX's SIP trunk interface
)

// sipCall writes a SIP trunk call: INVITE from the trunk to the PBX (or
// the reverse when outgoing), 200, ACK, n packets each way with a hold
// re-INVITE in the middle, BYE. The trunk side's audio uses code(i), the
// PBX side's code(i+50).
func sipCall(t *testing.T, c *capWriter, callID string, outgoing bool, answerSDP string, n int) {
	caller, callee := trunkSIP, pbxSIP
	callerMedia, calleeMedia := "192.0.2.10:40000", "10.0.0.5:30000"
	from, to := "<sip:+420602123456@192.0.2.10>;tag=a1", "<sip:544503600@10.0.0.5>"
	ruri := "INVITE sip:544503600@10.0.0.5 SIP/2.0"
	if outgoing {
		caller, callee, callerMedia, calleeMedia = pbxSIP, trunkSIP, "10.0.0.5:30000", "192.0.2.10:40000"
		from, to, ruri = "<sip:544503101@10.0.0.5>;tag=a1", "<sip:+420602123456@192.0.2.10>", "INVITE sip:+420602123456@192.0.2.10 SIP/2.0"
	}
	ca, _, _ := cut(callerMedia)
	cea, _, _ := cut(calleeMedia)
	at := t0
	c.udp(at, caller, callee, sipMessage(ruri, callID, from, to, "1 INVITE", sdpBody(ca, port(callerMedia), "RTP/AVP", "8 0 101", "")))
	c.udp(at.Add(10*time.Millisecond), callee, caller, sipMessage("SIP/2.0 180 Ringing", callID, from, to+";tag=b2", "1 INVITE", ""))
	if answerSDP == "" {
		answerSDP = sdpBody(cea, port(calleeMedia), "RTP/AVP", "8 101", "")
	}
	at = at.Add(2 * time.Second)
	c.udp(at, callee, caller, sipMessage("SIP/2.0 200 OK", callID, from, to+";tag=b2", "1 INVITE", answerSDP))
	c.udp(at.Add(5*time.Millisecond), caller, callee, sipMessage("ACK sip:x@h SIP/2.0", callID, from, to+";tag=b2", "1 ACK", ""))
	trunkMedia, pbxMedia := callerMedia, calleeMedia
	if outgoing {
		trunkMedia, pbxMedia = calleeMedia, callerMedia
	}
	start := at.Add(20 * time.Millisecond)
	for i := range n {
		pt := at.Add(20*time.Millisecond + time.Duration(i)*20*time.Millisecond)
		// Each side sends from its own media endpoint to the other's.
		c.udp(pt, trunkMedia, pbxMedia, rtpPacket(t, 8, uint16(i), uint32(i*160), 0x7001, filled(160, code(i))))
		c.udp(pt.Add(3*time.Millisecond), pbxMedia, trunkMedia, rtpPacket(t, 8, uint16(500+i), uint32(9000+i*160), 0x7002, filled(160, code(i+50))))
		if i == n/2 {
			hold := sdpBody(cea, port(calleeMedia), "RTP/AVP", "8 101", "a=sendonly\r\n")
			c.udp(pt.Add(5*time.Millisecond), callee, caller, sipMessage("INVITE sip:x@h SIP/2.0", callID, to+";tag=b2", from, "2 INVITE", hold))
		}
	}
	end := start.Add(time.Duration(n) * 20 * time.Millisecond)
	c.udp(end, callee, caller, sipMessage("BYE sip:x@h SIP/2.0", callID, to+";tag=b2", from, "3 BYE", ""))
	c.udp(end.Add(5*time.Millisecond), caller, callee, sipMessage("SIP/2.0 200 OK", callID, to+";tag=b2", from, "3 BYE", ""))
}

func cut(ap string) (string, string, bool) {
	for i := len(ap) - 1; i >= 0; i-- {
		if ap[i] == ':' {
			return ap[:i], ap[i+1:], true
		}
	}
	return ap, "", false
}

func port(ap string) int {
	_, p, _ := cut(ap)
	n := 0
	for _, c := range p {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestEngine_SIPCallChannels(t *testing.T) {
	for _, outgoing := range []bool{false, true} {
		name := map[bool]string{false: "incoming", true: "outgoing"}[outgoing]
		t.Run(name, func(t *testing.T) {
			c := newCap(t)
			sipCall(t, c, "call-"+name+"@sbc", outgoing, "", 100)
			recs := importFile(t, c.close(), recorder.Options{PBXHosts: mustAddrs("10.0.0.5")})
			if len(recs) != 1 {
				t.Fatalf("recordings = %d, want 1", len(recs))
			}
			r := recs[0]
			if r.Unrecordable != "" || r.SIPCallID != "call-"+name+"@sbc" || r.Direction != name {
				t.Fatalf("recording = %+v", r)
			}
			wantCaller, wantCalled := "+420602123456", "544503600"
			if outgoing {
				wantCaller, wantCalled = "544503101", "+420602123456"
			}
			if r.Caller != wantCaller || r.Called != wantCalled {
				t.Errorf("caller %q called %q, want %q %q", r.Caller, r.Called, wantCaller, wantCalled)
			}
			for ch := range 2 {
				if l := r.Legs[ch]; l.Packets != 100 || l.Lost != 0 {
					t.Errorf("channel %d stats %+v, want 100 packets none lost", ch, l)
				}
			}
			_, samples := readWAV(t, r.File)
			// The PBX side's packets arrive 3 ms (24 frames) after the
			// trunk side's: its audio starts there.
			if r.Frames != 100*160+24 {
				t.Errorf("frames = %d, want %d", r.Frames, 100*160+24)
			}
			checkRegions(t, samples, recorder.ChannelTrunk, 100, 160, nil)
			checkRegionsAt(t, samples, recorder.ChannelPBX, 24, 100, 160, nil)
			if samples[1] != 0 || samples[2*23+1] != 0 {
				t.Errorf("right channel before its first packet = %d, want silence", samples[1])
			}
			// The trunk side sent code(i), the PBX side code(i+50): the
			// right channel's first packet is the left channel's 50th.
			if samples[2*24+1] != samples[2*50*160] {
				t.Errorf("right channel starts with %d, want the PBX side's code(50) = %d", samples[2*24+1], samples[2*50*160])
			}
			holds := 0
			for _, ev := range r.Events {
				if ev.Kind == recorder.EventHold {
					holds++
				}
			}
			if holds != 1 {
				t.Errorf("events %+v, want one hold", r.Events)
			}
		})
	}
}

// Media the recorder cannot decode passively is reported, never written.
func TestEngine_Unrecordable(t *testing.T) {
	cases := map[string]string{
		"srtp": sdpBody("10.0.0.5", 30000, "RTP/SAVP", "8 101", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n"),
		"codec G729": "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 30000 RTP/AVP 18 101\r\n" +
			"a=rtpmap:18 G729/8000\r\na=rtpmap:101 telephone-event/8000\r\n",
	}
	for want, answer := range cases {
		t.Run(want, func(t *testing.T) {
			c := newCap(t)
			sipCall(t, c, "x@sbc", false, answer, 50)
			recs := importFile(t, c.close(), recorder.Options{})
			if len(recs) != 1 {
				t.Fatalf("recordings = %d, want 1", len(recs))
			}
			if r := recs[0]; r.Unrecordable != want || r.File != "" {
				t.Errorf("unrecordable %q file %q, want %q and no file", r.Unrecordable, r.File, want)
			}
		})
	}
}

// A re-INVITE that moves the PBX side's media (e.g. after a transfer to
// another media resource) keeps both directions on their channels, and a
// late-offer call (INVITE without SDP, offer in the 200, answer in the
// ACK) is followed too.
func TestEngine_ReInviteMovesMedia(t *testing.T) {
	c := newCap(t)
	id, from, to := "move@sbc", "<sip:+420602123456@192.0.2.10>;tag=a1", "<sip:544503600@10.0.0.5>;tag=b2"
	at := t0
	c.udp(at, trunkSIP, pbxSIP, sipMessage("INVITE sip:544503600@10.0.0.5 SIP/2.0", id, from, "<sip:544503600@10.0.0.5>", "1 INVITE", ""))
	c.udp(at.Add(time.Second), pbxSIP, trunkSIP, sipMessage("SIP/2.0 200 OK", id, from, to, "1 INVITE", sdpBody("10.0.0.5", 30000, "RTP/AVP", "8 101", "")))
	c.udp(at.Add(time.Second+time.Millisecond), trunkSIP, pbxSIP, sipMessage("ACK sip:x@h SIP/2.0", id, from, to, "1 ACK", sdpBody("192.0.2.10", 40000, "RTP/AVP", "8", "")))
	pbxMedia := "10.0.0.5:30000"
	for i := range 100 {
		pt := at.Add(time.Second + 20*time.Millisecond + time.Duration(i)*20*time.Millisecond)
		if i == 50 {
			pbxMedia = "10.0.0.7:31000"
			c.udp(pt.Add(-time.Millisecond), pbxSIP, trunkSIP, sipMessage("INVITE sip:x@h SIP/2.0", id, to, from, "2 INVITE", sdpBody("10.0.0.7", 31000, "RTP/AVP", "8", "")))
			c.udp(pt.Add(-time.Millisecond/2), trunkSIP, pbxSIP, sipMessage("SIP/2.0 200 OK", id, to, from, "2 INVITE", sdpBody("192.0.2.10", 40000, "RTP/AVP", "8", "")))
		}
		c.udp(pt, "192.0.2.10:40000", pbxMedia, rtpPacket(t, 8, uint16(i), uint32(i*160), 1, filled(160, code(i))))
		c.udp(pt, pbxMedia, "192.0.2.10:40000", rtpPacket(t, 8, uint16(i), uint32(i*160), 2, filled(160, code(i+7))))
	}
	c.udp(at.Add(4*time.Second), trunkSIP, pbxSIP, sipMessage("BYE sip:x@h SIP/2.0", id, from, to, "2 BYE", ""))
	recs := importFile(t, c.close(), recorder.Options{})
	if len(recs) != 1 {
		t.Fatalf("recordings = %d, want 1: %+v", len(recs), recs)
	}
	r := recs[0]
	for ch := range 2 {
		if l := r.Legs[ch]; l.Packets != 100 || l.Lost != 0 {
			t.Errorf("channel %d = %+v, want 100 packets", ch, l)
		}
	}
	_, samples := readWAV(t, r.File)
	checkRegions(t, samples, recorder.ChannelTrunk, 100, 160, nil)
	checkRegions(t, samples, recorder.ChannelPBX, 100, 160, nil)
}
