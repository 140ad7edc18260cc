package recorder

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"time"
)

// HEP3 (Homer Encapsulation Protocol version 3) carries a captured
// datagram with its original addresses and time to a collector; SBCs,
// Kamailio, FreeSWITCH and heplify forward SIP and RTP this way, and the
// simulated PBX uses it to feed the recorder's UDP port. A HEP3 packet is
// "HEP3", a 16-bit total length and chunks of (vendor 16 bits, type 16
// bits, length 16 bits counting the 6-byte chunk header, value).

// HEP3 chunk types of the generic vendor (0).
const (
	hepFamily   = 0x0001 // 2 IPv4, 10 IPv6
	hepProto    = 0x0002 // IP protocol: 17 UDP
	hepSrcIPv4  = 0x0003
	hepDstIPv4  = 0x0004
	hepSrcIPv6  = 0x0005
	hepDstIPv6  = 0x0006
	hepSrcPort  = 0x0007
	hepDstPort  = 0x0008
	hepTimeSec  = 0x0009
	hepTimeUsec = 0x000a
	hepPayload  = 0x000f
	hepHeadLen  = 6
	hepChunkLen = 6
)

// ErrNotHEP reports a datagram that is not a well-formed HEP3 packet.
var ErrNotHEP = errors.New("recorder: not a HEP3 packet")

// IsHEP reports whether b starts like a HEP3 packet.
func IsHEP(b []byte) bool { return len(b) >= hepHeadLen && string(b[:4]) == "HEP3" }

// ParseHEP decodes a HEP3 packet into the datagram it carries. Payload
// aliases b. A packet without addresses or payload, or whose chunks
// overrun it, is refused; a missing time is left zero.
func ParseHEP(b []byte) (Packet, error) {
	var p Packet
	if !IsHEP(b) {
		return p, ErrNotHEP
	}
	total := int(binary.BigEndian.Uint16(b[4:]))
	if total < hepHeadLen || total > len(b) {
		return p, ErrNotHEP
	}
	b = b[hepHeadLen:total]
	var src, dst netip.Addr
	var sport, dport uint16
	var sec, usec uint32
	havePayload := false
	for len(b) > 0 {
		if len(b) < hepChunkLen {
			return p, ErrNotHEP
		}
		vendor, typ, n := binary.BigEndian.Uint16(b), binary.BigEndian.Uint16(b[2:]), int(binary.BigEndian.Uint16(b[4:]))
		if n < hepChunkLen || n > len(b) {
			return p, ErrNotHEP
		}
		v := b[hepChunkLen:n]
		b = b[n:]
		if vendor != 0 {
			continue
		}
		switch {
		case typ == hepSrcIPv4 && len(v) == 4:
			src = netip.AddrFrom4([4]byte(v))
		case typ == hepDstIPv4 && len(v) == 4:
			dst = netip.AddrFrom4([4]byte(v))
		case typ == hepSrcIPv6 && len(v) == 16:
			src = netip.AddrFrom16([16]byte(v))
		case typ == hepDstIPv6 && len(v) == 16:
			dst = netip.AddrFrom16([16]byte(v))
		case typ == hepSrcPort && len(v) == 2:
			sport = binary.BigEndian.Uint16(v)
		case typ == hepDstPort && len(v) == 2:
			dport = binary.BigEndian.Uint16(v)
		case typ == hepTimeSec && len(v) == 4:
			sec = binary.BigEndian.Uint32(v)
		case typ == hepTimeUsec && len(v) == 4:
			usec = binary.BigEndian.Uint32(v)
		case typ == hepPayload:
			p.Payload, havePayload = v, true
		}
	}
	if !src.IsValid() || !dst.IsValid() || !havePayload {
		return p, ErrNotHEP
	}
	p.Src, p.Dst = netip.AddrPortFrom(src, sport), netip.AddrPortFrom(dst, dport)
	if sec != 0 {
		p.At = time.Unix(int64(sec), int64(usec)*1000)
	}
	return p, nil
}
