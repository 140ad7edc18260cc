// Package capture feeds recorder.Engine: it reads pcap and pcapng files
// (gopacket's pure-Go pcapgo), listens on a Linux network interface that
// receives mirrored traffic through an AF_PACKET raw socket (syscall only,
// no cgo, no libpcap), and receives datagrams forwarded to UDP ports
// (HEP3-encapsulated or plain RTP). The link-layer decoding here is pure.
package capture

import (
	"encoding/binary"
	"net/netip"
	"time"

	"linka/recorder"
)

// Link types (tcpdump.org LINKTYPE_ values) DecodeUDP understands.
const (
	LinkNull     = 0   // BSD loopback: 4-byte host-order family
	LinkEthernet = 1   // Ethernet II, 802.1Q/802.1ad tags
	LinkRaw      = 101 // raw IPv4 or IPv6
	LinkLinuxSLL = 113 // Linux cooked capture v1
	LinkIPv4     = 228
	LinkIPv6     = 229
	LinkSLL2     = 276 // Linux cooked capture v2
)

// Ether types and IP protocol numbers.
const (
	etherIPv4  = 0x0800
	etherIPv6  = 0x86dd
	etherVLAN  = 0x8100
	etherQinQ  = 0x88a8
	protoUDP   = 17
	ipv6Frag   = 44
	udpHeadLen = 8
)

// DecodeUDP extracts the UDP datagram of a captured frame of the given
// link type. It reports false for anything else: other protocols, IP
// fragments (SIP over UDP is normally below the MTU), truncated frames.
// The payload aliases frame.
func DecodeUDP(link int, frame []byte, at time.Time) (recorder.Packet, bool) {
	var p recorder.Packet
	ip, ok := networkLayer(link, frame)
	if !ok || len(ip) < 1 {
		return p, false
	}
	var src, dst netip.Addr
	var udp []byte
	switch ip[0] >> 4 {
	case 4:
		src, dst, udp, ok = ipv4(ip)
	case 6:
		src, dst, udp, ok = ipv6(ip)
	default:
		return p, false
	}
	if !ok || len(udp) < udpHeadLen {
		return p, false
	}
	n := int(binary.BigEndian.Uint16(udp[4:]))
	if n < udpHeadLen {
		return p, false
	}
	if n > len(udp) {
		n = len(udp) // snapped: keep what was captured
	}
	p.At = at
	p.Src = netip.AddrPortFrom(src, binary.BigEndian.Uint16(udp))
	p.Dst = netip.AddrPortFrom(dst, binary.BigEndian.Uint16(udp[2:]))
	p.Payload = udp[udpHeadLen:n]
	return p, true
}

// networkLayer strips the link layer.
func networkLayer(link int, b []byte) ([]byte, bool) {
	switch link {
	case LinkEthernet:
		if len(b) < 14 {
			return nil, false
		}
		et, off := binary.BigEndian.Uint16(b[12:]), 14
		for et == etherVLAN || et == etherQinQ {
			if len(b) < off+4 {
				return nil, false
			}
			et, off = binary.BigEndian.Uint16(b[off+2:]), off+4
		}
		if et != etherIPv4 && et != etherIPv6 {
			return nil, false
		}
		return b[off:], true
	case LinkLinuxSLL:
		if len(b) < 16 {
			return nil, false
		}
		return b[16:], true
	case LinkSLL2:
		if len(b) < 20 {
			return nil, false
		}
		return b[20:], true
	case LinkNull:
		if len(b) < 4 {
			return nil, false
		}
		return b[4:], true
	case LinkRaw, LinkIPv4, LinkIPv6, 12, 14:
		return b, true
	}
	return nil, false
}

// ipv4 returns the addresses and UDP segment of an IPv4 packet.
func ipv4(b []byte) (src, dst netip.Addr, udp []byte, ok bool) {
	if len(b) < 20 {
		return
	}
	ihl := int(b[0]&0x0f) * 4
	total := int(binary.BigEndian.Uint16(b[2:]))
	if ihl < 20 || len(b) < ihl || b[9] != protoUDP {
		return
	}
	if frag := binary.BigEndian.Uint16(b[6:]); frag&0x3fff != 0 {
		return // a fragment (more fragments, or an offset)
	}
	if total >= ihl && total < len(b) {
		b = b[:total] // Ethernet padding
	}
	return netip.AddrFrom4([4]byte(b[12:16])), netip.AddrFrom4([4]byte(b[16:20])), b[ihl:], true
}

// ipv6 returns the addresses and UDP segment of an IPv6 packet whose next
// header is UDP (extension headers other than hop-by-hop, routing and
// destination options are not followed).
func ipv6(b []byte) (src, dst netip.Addr, udp []byte, ok bool) {
	if len(b) < 40 {
		return
	}
	next, off := b[6], 40
	plen := int(binary.BigEndian.Uint16(b[4:]))
	if 40+plen < len(b) {
		b = b[:40+plen]
	}
	for next == 0 || next == 43 || next == 60 {
		if len(b) < off+8 {
			return
		}
		next, off = b[off], off+8+int(b[off+1])*8
	}
	if next != protoUDP || len(b) < off {
		return
	}
	return netip.AddrFrom16([16]byte(b[8:24])).Unmap(), netip.AddrFrom16([16]byte(b[24:40])).Unmap(), b[off:], true
}
