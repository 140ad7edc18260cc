package media

import (
	"errors"
	"fmt"
	"net"
	"sync"
)

// ErrNoPorts reports an exhausted RTP port range.
var ErrNoPorts = errors.New("media: no free RTP port in the range")

// PortRange is where RTP sockets are opened: an IP address (nil: all)
// and a range of ports; a zero Min lets the system choose.
type PortRange struct {
	IP       net.IP
	Min, Max int
}

// Ports hands out even UDP ports of a range (RFC 3550 clause 11: RTP on
// an even port).
type Ports struct {
	PortRange

	mu   sync.Mutex
	next int
}

// NewPorts returns the allocator of r.
func NewPorts(r PortRange) *Ports { return &Ports{PortRange: r} }

// Listen opens a UDP socket on the next free even port of the range.
func (p *Ports) Listen() (*net.UDPConn, error) {
	if p.Min == 0 {
		c, err := net.ListenUDP("udp", &net.UDPAddr{IP: p.IP})
		if err != nil {
			return nil, fmt.Errorf("media: listen rtp: %w", err)
		}
		return c, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	lo := p.Min + p.Min%2
	n := (p.Max - lo) / 2
	if p.next < lo || p.next > p.Max {
		p.next = lo
	}
	for range n + 1 {
		port := p.next
		p.next += 2
		if p.next > p.Max {
			p.next = lo
		}
		c, err := net.ListenUDP("udp", &net.UDPAddr{IP: p.IP, Port: port})
		if err == nil {
			return c, nil
		}
	}
	return nil, ErrNoPorts
}
