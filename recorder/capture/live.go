package capture

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"linka/recorder"
)

// Source is a live capture source: it sends the datagrams it receives to
// out (with payloads it no longer touches) until ctx ends.
type Source interface {
	Name() string
	Run(ctx context.Context, out chan<- recorder.Packet) error
}

// Stats are the counters of a live source.
type Stats struct {
	Received, Dropped, KernelDrops int64
}

// counters is the atomic form of Stats.
type counters struct{ received, dropped, kernel atomic.Int64 }

func (c *counters) stats() Stats {
	return Stats{Received: c.received.Load(), Dropped: c.dropped.Load(), KernelDrops: c.kernel.Load()}
}

// send queues p without blocking the source: a full queue drops it.
func (c *counters) send(out chan<- recorder.Packet, p recorder.Packet) {
	c.received.Add(1)
	select {
	case out <- p:
	default:
		c.dropped.Add(1)
	}
}

// Run drives engine from the sources until ctx ends: the packets in
// arrival order and the wall clock every tick, then finishes the
// recordings in progress. The engine must not be used elsewhere meanwhile.
func Run(ctx context.Context, engine *recorder.Engine, sources []Source, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ch := make(chan recorder.Packet, 32768)
	sctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	errc := make(chan error, len(sources))
	for _, s := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Run(sctx, ch); err != nil && sctx.Err() == nil {
				log.Error("capture source stopped", "source", s.Name(), "err", err)
				errc <- fmt.Errorf("%s: %w", s.Name(), err)
			}
		}()
	}
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	var err error
loop:
	for {
		select {
		case p := <-ch:
			engine.Handle(p)
		case now := <-t.C:
			engine.Tick(now)
		case err = <-errc:
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	cancel()
	wg.Wait()
	for {
		select {
		case p := <-ch:
			engine.Handle(p)
			continue
		default:
		}
		break
	}
	engine.Close()
	return err
}

// UDP receives datagrams forwarded to a UDP port: HEP3 packets carry the
// original addresses; anything else is taken as plain forwarded RTP from
// the sender to this port (list the port in the engine's RTPPorts).
type UDP struct {
	// Addr is the listen address, e.g. ":9060".
	Addr string
	// Ready, if set, receives the bound address once listening.
	Ready func(net.Addr)

	c counters
}

// Name implements Source.
func (u *UDP) Name() string { return "udp " + u.Addr }

// Stats returns the source's counters.
func (u *UDP) Stats() Stats { return u.c.stats() }

// Run implements Source.
func (u *UDP) Run(ctx context.Context, out chan<- recorder.Packet) error {
	pc, err := net.ListenPacket("udp", u.Addr)
	if err != nil {
		return fmt.Errorf("capture: listen %s: %w", u.Addr, err)
	}
	defer pc.Close()
	conn := pc.(*net.UDPConn)
	_ = conn.SetReadBuffer(8 << 20)
	if u.Ready != nil {
		u.Ready(conn.LocalAddr())
	}
	local := conn.LocalAddr().(*net.UDPAddr).AddrPort()
	go func() { <-ctx.Done(); conn.Close() }()
	buf := make([]byte, 65536)
	for {
		n, from, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, net.ErrClosed) {
				return nil
			}
			return fmt.Errorf("capture: read %s: %w", u.Addr, err)
		}
		now := time.Now()
		b := append([]byte(nil), buf[:n]...)
		var p recorder.Packet
		if recorder.IsHEP(b) {
			if p, err = recorder.ParseHEP(b); err != nil {
				u.c.dropped.Add(1)
				continue
			}
		} else {
			dst := local
			if dst.Addr().IsUnspecified() {
				dst = netip.AddrPortFrom(netip.IPv4Unspecified(), local.Port())
			}
			p = recorder.Packet{Src: from, Dst: dst, Payload: b}
		}
		p.At = now // the recorder's clock, whatever the sender's
		u.c.send(out, p)
	}
}

// Injector is a Source fed in-process, e.g. by the PBX simulator of the
// demo.
type Injector struct {
	ch chan recorder.Packet
	c  counters
}

// NewInjector returns an injector queueing up to 4096 packets.
func NewInjector() *Injector { return &Injector{ch: make(chan recorder.Packet, 4096)} }

// Name implements Source.
func (in *Injector) Name() string { return "in-process" }

// Send queues a datagram; its payload must not be changed afterwards. A
// zero At is the current time.
func (in *Injector) Send(p recorder.Packet) {
	if p.At.IsZero() {
		p.At = time.Now()
	}
	in.c.send(in.ch, p)
}

// Stats returns the injector's counters.
func (in *Injector) Stats() Stats { return in.c.stats() }

// Run implements Source.
func (in *Injector) Run(ctx context.Context, out chan<- recorder.Packet) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case p := <-in.ch:
			out <- p
		}
	}
}
