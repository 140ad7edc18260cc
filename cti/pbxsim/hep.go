package pbxsim

import (
	"encoding/binary"
	"fmt"
	"net"
	"net/netip"
	"time"
)

// EncodeHEP wraps a datagram in HEP3 (Homer Encapsulation Protocol v3):
// the original addresses, ports and time travel with the payload to a
// collector such as Linka's recorder UDP port (-rec-udp).
func EncodeHEP(at time.Time, src, dst netip.AddrPort, payload []byte) []byte {
	var body []byte
	chunk := func(typ uint16, v []byte) {
		body = binary.BigEndian.AppendUint16(body, 0) // generic vendor
		body = binary.BigEndian.AppendUint16(body, typ)
		body = binary.BigEndian.AppendUint16(body, uint16(6+len(v)))
		body = append(body, v...)
	}
	if src.Addr().Is4() && dst.Addr().Is4() {
		s, d := src.Addr().As4(), dst.Addr().As4()
		chunk(1, []byte{2})
		chunk(2, []byte{17})
		chunk(3, s[:])
		chunk(4, d[:])
	} else {
		s, d := src.Addr().As16(), dst.Addr().As16()
		chunk(1, []byte{10})
		chunk(2, []byte{17})
		chunk(5, s[:])
		chunk(6, d[:])
	}
	chunk(7, binary.BigEndian.AppendUint16(nil, src.Port()))
	chunk(8, binary.BigEndian.AppendUint16(nil, dst.Port()))
	chunk(9, binary.BigEndian.AppendUint32(nil, uint32(at.Unix())))
	chunk(10, binary.BigEndian.AppendUint32(nil, uint32(at.Nanosecond()/1000)))
	chunk(11, []byte{1})
	chunk(12, binary.BigEndian.AppendUint32(nil, 2001))
	chunk(15, payload)
	out := []byte("HEP3")
	out = binary.BigEndian.AppendUint16(out, uint16(6+len(body)))
	return append(out, body...)
}

// HEPSender returns a MediaOptions.Send that forwards every datagram as
// HEP3 over UDP to addr, and a function that closes it.
func HEPSender(addr string) (func(time.Time, netip.AddrPort, netip.AddrPort, []byte), func() error, error) {
	conn, err := net.Dial("udp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("pbxsim: HEP collector %s: %w", addr, err)
	}
	send := func(at time.Time, src, dst netip.AddrPort, payload []byte) {
		_, _ = conn.Write(EncodeHEP(at, src, dst, payload))
	}
	return send, conn.Close, nil
}
