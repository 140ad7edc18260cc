package recorder

import (
	"net/netip"
	"time"
)

// Packet is one UDP datagram as a capture source saw it: when, between
// which addresses, and its payload. Payload may alias the source's buffer
// and is valid only during Engine.Handle.
type Packet struct {
	At       time.Time
	Src, Dst netip.AddrPort
	Payload  []byte
}
