package pbxsim

import (
	"context"
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"

	"linka/cti/csta"
)

// The SIP trunk leg of the simulated calls, as a switch's mirror port
// would show it to a passive recorder: the operator's SBC sends the INVITE
// with an SDP offer (PCMA, telephone-event), the PBX rings (180), answers
// (200 with its SDP) when an extension answers, puts the call on hold with
// a re-INVITE (sendonly) and takes it back, and the call ends with a BYE
// (or a CANCEL if nobody answered). While the call is connected both sides
// send RTP every 20 ms: the caller's side loops MediaOptions.Caller, the
// PBX side MediaOptions.Clerk (silent while held).

// MediaOptions make RunLoad's calls emit their trunk leg's SIP and RTP.
type MediaOptions struct {
	// Send receives each datagram as captured; required. It must not keep
	// payload beyond the call unless it copies it.
	Send func(at time.Time, src, dst netip.AddrPort, payload []byte)
	// TrunkAddr is the operator's SBC; zero means 192.0.2.10. PBXAddr is
	// the PBX's SIP trunk interface; zero means 198.51.100.5.
	TrunkAddr, PBXAddr netip.Addr
	// Caller and Clerk are the A-law (8 kHz) audio each side loops; nil
	// means a tone (Tone).
	Caller, Clerk []byte
	// MaxCalls bounds the calls emitting media at a time (each sends 100
	// packets a second); further calls have none. Zero means 16.
	MaxCalls int
}

// withDefaults fills the zero fields.
func (m MediaOptions) withDefaults() MediaOptions {
	if !m.TrunkAddr.IsValid() {
		m.TrunkAddr = netip.MustParseAddr("192.0.2.10")
	}
	if !m.PBXAddr.IsValid() {
		m.PBXAddr = netip.MustParseAddr("198.51.100.5")
	}
	if m.Caller == nil {
		m.Caller = Tone(440, 660, 2*time.Second)
	}
	if m.Clerk == nil {
		m.Clerk = Tone(520, 780, 2*time.Second)
	}
	if m.MaxCalls <= 0 {
		m.MaxCalls = 16
	}
	return m
}

// trunkLeg is the SIP/RTP of one simulated call.
type trunkLeg struct {
	o                MediaOptions
	callID           string
	from, to         string
	trunkSIP, pbxSIP netip.AddrPort
	trunkRTP, pbxRTP netip.AddrPort
	seq              [2]uint16
	ts               [2]uint32
	ssrc             [2]uint32
	pos              [2]int
	cseq             int
	answered, held   bool
}

// followMedia emits the trunk leg of h until it ends or ctx is done.
func (l *loader) followMedia(ctx context.Context, h *Call) {
	info, ok := h.Info()
	if !ok || info.Direction != "inbound" {
		return
	}
	o := l.o.Media.withDefaults()
	if l.mediaLive.Add(1) > int64(o.MaxCalls) {
		l.mediaLive.Add(-1)
		return
	}
	defer l.mediaLive.Add(-1)
	n := l.mediaSeq.Add(1)
	called := info.DDI
	if called == "" {
		called = "544503" + info.To
	}
	caller := info.From
	if caller == "" {
		caller = "anonymous"
	}
	port := uint16(20000 + 2*(n%10000))
	t := &trunkLeg{o: o, callID: fmt.Sprintf("sim-%d-%d@%s", n, time.Now().UnixNano()%1e6, o.TrunkAddr),
		from: fmt.Sprintf("<sip:%s@%s>;tag=t%d", caller, o.TrunkAddr, n), to: fmt.Sprintf("<sip:%s@%s>", called, o.PBXAddr),
		trunkSIP: netip.AddrPortFrom(o.TrunkAddr, 5060), pbxSIP: netip.AddrPortFrom(o.PBXAddr, 5060),
		trunkRTP: netip.AddrPortFrom(o.TrunkAddr, port), pbxRTP: netip.AddrPortFrom(o.PBXAddr, port+10000),
		ssrc: [2]uint32{uint32(n)*2 + 0x5100, uint32(n)*2 + 0x5101}}
	t.start(called)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			t.end()
			return
		case <-tick.C:
		}
		info, ok := h.Info()
		if !ok {
			t.end()
			return
		}
		t.step(info, l.p.isExtension)
	}
}

// toTag is the PBX's tag.
func (t *trunkLeg) toTag() string { return t.to + ";tag=p1" }

// sip sends a SIP message.
func (t *trunkLeg) sip(src, dst netip.AddrPort, start, from, to, cseq, sdp string) {
	ct := ""
	if sdp != "" {
		ct = "Content-Type: application/sdp\r\n"
	}
	msg := fmt.Sprintf("%s\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bK%d\r\nMax-Forwards: 70\r\nFrom: %s\r\nTo: %s\r\n"+
		"Call-ID: %s\r\nCSeq: %s\r\nContact: <sip:%s>\r\nUser-Agent: Linka pbxsim\r\n%sContent-Length: %d\r\n\r\n%s",
		start, src, time.Now().UnixNano()%1e9, from, to, t.callID, cseq, src, ct, len(sdp), sdp)
	t.o.Send(time.Now(), src, dst, []byte(msg))
}

// sdp describes where a side receives RTP.
func sdp(at netip.AddrPort, dir string) string {
	return fmt.Sprintf("v=0\r\no=- %d 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\nm=audio %d RTP/AVP 8 101\r\n"+
		"a=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=%s\r\n",
		at.Port(), at.Addr(), at.Addr(), at.Port(), dir)
}

func (t *trunkLeg) start(called string) {
	ruri := fmt.Sprintf("INVITE sip:%s@%s SIP/2.0", called, t.o.PBXAddr)
	t.sip(t.trunkSIP, t.pbxSIP, ruri, t.from, t.to, "1 INVITE", sdp(t.trunkRTP, "sendrecv"))
	t.sip(t.pbxSIP, t.trunkSIP, "SIP/2.0 100 Trying", t.from, t.to, "1 INVITE", "")
	t.sip(t.pbxSIP, t.trunkSIP, "SIP/2.0 180 Ringing", t.from, t.toTag(), "1 INVITE", "")
}

// step follows the call's state and sends 20 ms of audio each way.
func (t *trunkLeg) step(info CallInfo, isExtension func(string) bool) {
	connected, held := false, false
	for _, p := range info.Parties {
		if !isExtension(p.Device) {
			continue
		}
		switch p.State {
		case csta.StateConnected:
			connected = true
		case csta.StateHold:
			held = true
		}
	}
	if !t.answered && (connected || held) {
		t.answered = true
		t.sip(t.pbxSIP, t.trunkSIP, "SIP/2.0 200 OK", t.from, t.toTag(), "1 INVITE", sdp(t.pbxRTP, "sendrecv"))
		t.sip(t.trunkSIP, t.pbxSIP, "ACK sip:"+t.pbxSIP.String()+" SIP/2.0", t.from, t.toTag(), "1 ACK", "")
	}
	if !t.answered {
		return
	}
	if held != t.held {
		t.held = held
		t.cseq++
		dir := "sendrecv"
		if held {
			dir = "sendonly"
		}
		cseq := fmt.Sprintf("%d INVITE", t.cseq)
		t.sip(t.pbxSIP, t.trunkSIP, "INVITE sip:"+t.trunkSIP.String()+" SIP/2.0", t.toTag(), t.from, cseq, sdp(t.pbxRTP, dir))
		t.sip(t.trunkSIP, t.pbxSIP, "SIP/2.0 200 OK", t.toTag(), t.from, cseq, sdp(t.trunkRTP, map[bool]string{true: "recvonly", false: "sendrecv"}[held]))
		t.sip(t.pbxSIP, t.trunkSIP, "ACK sip:"+t.trunkSIP.String()+" SIP/2.0", t.toTag(), t.from, fmt.Sprintf("%d ACK", t.cseq), "")
	}
	t.rtp(0, t.trunkRTP, t.pbxRTP, t.o.Caller)
	if !held {
		t.rtp(1, t.pbxRTP, t.trunkRTP, t.o.Clerk)
	} else {
		t.ts[1] += 160 // the clock runs on while the PBX side is silent
	}
}

// rtp sends the next 20 ms of audio of side i.
func (t *trunkLeg) rtp(i int, src, dst netip.AddrPort, audio []byte) {
	b := make([]byte, 12+160)
	b[0], b[1] = 0x80, 8
	binary.BigEndian.PutUint16(b[2:], t.seq[i])
	binary.BigEndian.PutUint32(b[4:], t.ts[i])
	binary.BigEndian.PutUint32(b[8:], t.ssrc[i])
	for j := range 160 {
		b[12+j] = audio[(t.pos[i]+j)%len(audio)]
	}
	t.pos[i] = (t.pos[i] + 160) % len(audio)
	t.seq[i]++
	t.ts[i] += 160
	t.o.Send(time.Now(), src, dst, b)
}

// end sends the BYE of an answered call, or the CANCEL of an unanswered one.
func (t *trunkLeg) end() {
	if !t.answered {
		t.sip(t.trunkSIP, t.pbxSIP, "CANCEL sip:"+t.pbxSIP.String()+" SIP/2.0", t.from, t.to, "1 CANCEL", "")
		t.sip(t.pbxSIP, t.trunkSIP, "SIP/2.0 200 OK", t.from, t.to, "1 CANCEL", "")
		t.sip(t.pbxSIP, t.trunkSIP, "SIP/2.0 487 Request Terminated", t.from, t.toTag(), "1 INVITE", "")
		return
	}
	t.cseq++
	cseq := fmt.Sprintf("%d BYE", t.cseq+1)
	t.sip(t.pbxSIP, t.trunkSIP, "BYE sip:"+t.trunkSIP.String()+" SIP/2.0", t.toTag(), t.from, cseq, "")
	t.sip(t.trunkSIP, t.pbxSIP, "SIP/2.0 200 OK", t.toTag(), t.from, cseq, "")
}
