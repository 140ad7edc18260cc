package media

import (
	"errors"
	"fmt"
	"net"
	"sync"
)

// ErrNoPorts reports an exhausted RTP port range.
var ErrNoPorts = errors.New("media: no free RTP port in the range")

// Ports hands out even UDP ports of a range (RFC 3550 clause 11: RTP on
// an even port). The zero Min/Max lets the system choose.
type Ports struct {
	IP       net.IP
	Min, Max int

	mu   sync.Mutex
	next int
}

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
