package recorder

import (
	"net/netip"
	"time"
)

// RTP without signalling: a capture of RTP only, or a SIP leg the
// recorder did not see. A stream on a configured RTP port starts a
// recording at once; elsewhere a flow must first show probationCount
// consecutive packets of one source (RFC 3550 appendix A.1's probation)
// before it is taken as RTP. Both directions between two endpoints form
// one recording.

// probationCount is how many in-sequence packets make a flow RTP.
const probationCount = 4

// flowKey is one direction of a flow.
type flowKey struct{ src, dst netip.AddrPort }

// pairKey names both directions between two endpoints, lower first.
type pairKey struct{ a, b netip.AddrPort }

func pairOf(x, y netip.AddrPort) pairKey {
	if x.Compare(y) > 0 {
		x, y = y, x
	}
	return pairKey{x, y}
}

// probation is a flow being watched; its packets are kept so that the
// recording, once started, loses none of them.
type probation struct {
	ssrc    uint32
	next    uint16
	count   int
	last    time.Time
	packets []Packet
}

// rtpOnly is a recording of RTP without signalling.
type rtpOnly struct {
	s    *session
	left netip.AddrPort // the destination whose stream is the left channel
}

// plausibleRTP reports whether p has the shape of audio RTP: version 2,
// a static audio, comfort-noise or dynamic payload type, some payload.
func plausibleRTP(p rtpPacket) bool {
	pt := p.h.PayloadType
	return len(p.payload) > 0 && (pt <= 34 || pt >= 96)
}

// rtpWithoutSIP handles a datagram no dialog claims.
func (e *Engine) rtpWithoutSIP(p Packet) {
	key := pairOf(p.Src, p.Dst)
	if r, ok := e.pairs[key]; ok {
		e.pairMedia(r, p)
		return
	}
	rp, ok := parseRTP(p.Payload)
	if !ok || !plausibleRTP(rp) {
		e.stats.ignored.Add(1)
		return
	}
	configured := e.configuredPort(p.Src.Port()) || e.configuredPort(p.Dst.Port())
	if !configured {
		if e.o.NoHeuristics || !e.probation(p, rp) {
			return
		}
	}
	fk := flowKey{p.Src, p.Dst}
	queued := []Packet{p}
	if pr := e.probe[fk]; pr != nil {
		queued = pr.packets
		delete(e.probe, fk)
	}
	left := p.Dst
	if e.isPBX(p.Src.Addr()) {
		left = p.Src // the stream towards the PBX is the trunk side
	}
	s, err := e.start(queued[0].At, Info{Direction: "unknown"})
	if err != nil {
		return
	}
	s.codecOf = heuristicCodec
	r := &rtpOnly{s: s, left: left}
	e.pairs[key] = r
	for _, q := range queued {
		e.pairMedia(r, q)
	}
}

// configuredPort reports whether port is in a configured RTP range.
func (e *Engine) configuredPort(port uint16) bool {
	for _, r := range e.o.RTPPorts {
		if r.Contains(port) {
			return true
		}
	}
	return false
}

// probation watches a flow and reports when it has proven to be RTP. The
// packets are copied: the capture source reuses its buffers.
func (e *Engine) probation(p Packet, rp rtpPacket) bool {
	fk := flowKey{p.Src, p.Dst}
	pr := e.probe[fk]
	if pr == nil || pr.ssrc != rp.h.SSRC || pr.next != rp.h.SequenceNumber {
		if len(e.probe) >= 4096 {
			clear(e.probe)
		}
		pr = &probation{ssrc: rp.h.SSRC}
		e.probe[fk] = pr
	}
	pr.count++
	pr.next = rp.h.SequenceNumber + 1
	pr.last = p.At
	c := p
	c.Payload = append([]byte(nil), p.Payload...)
	pr.packets = append(pr.packets, c)
	return pr.count >= probationCount
}

// pairMedia adds one packet to an RTP-only recording.
func (e *Engine) pairMedia(r *rtpOnly, p Packet) {
	rp, ok := parseRTP(p.Payload)
	if !ok || r.s.err != nil {
		e.stats.ignored.Add(1)
		return
	}
	e.stats.rtp.Add(1)
	ch := ChannelPBX
	if p.Dst == r.left {
		ch = ChannelTrunk
	}
	if r.s.info.Legs[ch].Endpoint == (netip.AddrPort{}) {
		r.s.info.Legs[ch].Endpoint = p.Dst
		r.s.legs[ch].stats.Endpoint = p.Dst
	}
	if err := r.s.media(ch, p.At, rp, e.o.JitterWindow); err != nil {
		r.s.err = err
	}
}

// heuristicCodec maps payload types without an SDP: the static ones, and
// a 4-byte payload of a dynamic type is taken as a telephone-event.
func heuristicCodec(_ int, pt uint8, payload []byte) Codec {
	if c := staticCodec(pt); c != CodecUnknown {
		return c
	}
	if pt >= 96 && rfc4733Event(payload) {
		return CodecEvent
	}
	return CodecOther
}
