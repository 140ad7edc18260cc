package media

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"

	"linka/ivr/audio"
)

// Packetisation of the stream: 20 ms of 8 kHz G.711, 160 samples.
const (
	Ptime          = 20 * time.Millisecond
	SamplesPerPkt  = audio.Rate * int(Ptime/time.Millisecond) / 1000
	sampleDuration = time.Second / audio.Rate
)

// Hangover is the silence sent at the end of every talkspurt, so the far
// end's jitter buffer plays the prompt's last packets out before the
// stream goes quiet (a receiver may hold them until more packets come).
const Hangover = 200 * time.Millisecond

// ErrInterrupted is returned by Play when stop closed before the end.
var ErrInterrupted = errors.New("media: prompt interrupted")

// Options configure a Stream.
type Options struct {
	// Conn is the stream's UDP socket (from Ports.Listen); the stream
	// owns and closes it.
	Conn *net.UDPConn
	// Remote is where RTP goes until a packet arrives from elsewhere
	// (symmetric RTP, for a far end behind NAT).
	Remote *net.UDPAddr
	Codec  audio.Codec
	// DTMF is the telephone-event payload type, 0 if not negotiated.
	DTMF uint8
	// Pacer sends the packets (one per gateway); nil paces with Go timers
	// in Play's own goroutine (about 1 ms precision).
	Pacer *Pacer
	// Pacing, if not nil, records the send-time error of every packet
	// Play paces itself (the Pacer keeps its own).
	Pacing *Histogram
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Stream is one call's RTP session. Play sends; Run receives. Digits
// (RFC 4733 or injected from SIP INFO) arrive on Digits.
type Stream struct {
	o      Options
	remote atomic.Pointer[net.UDPAddr]
	digits chan string
	// lastRecv is the unix nanoseconds of the last packet received.
	lastRecv atomic.Int64
	received atomic.Int64

	mu      sync.Mutex // serialises senders
	ssrc    uint32
	seq     uint16
	ts      uint32
	epoch   time.Time
	sentPkt bool
	buf     []byte
	payload []byte
}

// NewStream returns a stream over o.Conn.
func NewStream(o Options) *Stream {
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Stream{o: o, digits: make(chan string, 32), ssrc: rand.Uint32(),
		seq: uint16(rand.Uint32()), ts: rand.Uint32(), epoch: o.Now()}
	s.remote.Store(o.Remote)
	s.lastRecv.Store(s.epoch.UnixNano())
	return s
}

// LocalAddr returns the local RTP address.
func (s *Stream) LocalAddr() *net.UDPAddr { return s.o.Conn.LocalAddr().(*net.UDPAddr) }

// Digits returns the channel of digits the caller pressed.
func (s *Stream) Digits() <-chan string { return s.digits }

// InjectDigit reports a digit received outside RTP (SIP INFO).
func (s *Stream) InjectDigit(d string) {
	select {
	case s.digits <- d:
	default:
	}
}

// Idle returns how long ago the last RTP packet arrived (since the start
// when none has).
func (s *Stream) Idle() time.Duration {
	return s.o.Now().Sub(time.Unix(0, s.lastRecv.Load()))
}

// Received returns the number of RTP packets received.
func (s *Stream) Received() int64 { return s.received.Load() }

// Close closes the socket, ending Run.
func (s *Stream) Close() error { return s.o.Conn.Close() }

// Play sends samples (8 kHz) and Hangover of silence as one talkspurt:
// the first packet carries the marker bit and a timestamp that continues the stream's clock over
// the silence before it; each next packet is due 20 ms after the first
// plus its index, so pacing does not drift. It returns ErrInterrupted when
// stop closes first, or ctx's error.
func (s *Stream) Play(ctx context.Context, samples []int16, stop <-chan struct{}) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.o.Pacer != nil {
		n := (len(samples)+SamplesPerPkt-1)/SamplesPerPkt + int(Hangover/Ptime)
		return s.o.Pacer.play(&job{s: s, samples: samples, n: n, stop: stop, ctx: ctx, done: make(chan error, 1)})
	}
	start := s.o.Now()
	s.resync(start)
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	payload := make([]byte, 0, SamplesPerPkt)
	n := (len(samples)+SamplesPerPkt-1)/SamplesPerPkt + int(Hangover/Ptime)
	for i := range n {
		due := start.Add(time.Duration(i) * Ptime)
		if d := due.Sub(s.o.Now()); d > 0 {
			timer.Reset(d)
			select {
			case <-timer.C:
			case <-stop:
				return ErrInterrupted
			case <-ctx.Done():
				return ctx.Err()
			}
		} else {
			select {
			case <-stop:
				return ErrInterrupted
			case <-ctx.Done():
				return ctx.Err()
			default:
			}
		}
		chunk := samples[min(i*SamplesPerPkt, len(samples)):min((i+1)*SamplesPerPkt, len(samples))]
		payload = s.o.Codec.Encode(payload[:0], chunk)
		for len(payload) < SamplesPerPkt {
			payload = append(payload, s.o.Codec.Silence())
		}
		if err := s.send(payload, i == 0); err != nil {
			return err
		}
		if s.o.Pacing != nil {
			s.o.Pacing.Add(s.o.Now().Sub(due))
		}
	}
	return nil
}

// sendChunk sends packet i of a talkspurt of samples (silence past their
// end); packet 0 starts the talkspurt. The Pacer calls it.
func (s *Stream) sendChunk(samples []int16, i int) error {
	if i == 0 {
		s.resync(s.o.Now())
	}
	chunk := samples[min(i*SamplesPerPkt, len(samples)):min((i+1)*SamplesPerPkt, len(samples))]
	payload := s.o.Codec.Encode(s.payload[:0], chunk)
	for len(payload) < SamplesPerPkt {
		payload = append(payload, s.o.Codec.Silence())
	}
	s.payload = payload
	return s.send(payload, i == 0)
}

// resync advances the timestamp over the silence since the last packet,
// in whole packets, so the far end's jitter buffer sees the gap.
func (s *Stream) resync(now time.Time) {
	if !s.sentPkt {
		s.epoch = now
		return
	}
	elapsed := uint32(now.Sub(s.epoch) / sampleDuration)
	elapsed -= elapsed % uint32(SamplesPerPkt)
	if elapsed > uint32(SamplesPerPkt) {
		s.ts += elapsed - uint32(SamplesPerPkt)
	}
	s.epoch = now
}

// send writes one packet; s.mu is held.
func (s *Stream) send(payload []byte, marker bool) error {
	if s.sentPkt {
		s.ts += uint32(SamplesPerPkt)
		s.seq++
	}
	s.sentPkt = true
	s.epoch = s.o.Now()
	p := rtp.Packet{Header: rtp.Header{Version: 2, Marker: marker, PayloadType: uint8(s.o.Codec),
		SequenceNumber: s.seq, Timestamp: s.ts, SSRC: s.ssrc}, Payload: payload}
	n := p.MarshalSize()
	if cap(s.buf) < n {
		s.buf = make([]byte, n)
	}
	b := s.buf[:n]
	if _, err := p.MarshalTo(b); err != nil {
		return fmt.Errorf("media: marshal rtp: %w", err)
	}
	if _, err := s.o.Conn.WriteToUDPAddrPort(b, s.remote.Load().AddrPort()); err != nil {
		return fmt.Errorf("media: send rtp: %w", err)
	}
	return nil
}

// Run receives RTP until the socket is closed or ctx ends: it latches
// the far end's address, notes the time of every packet (Idle) and turns
// RFC 4733 telephone-events into digits, one per event (the start packet,
// its repeats and the three end packets share a timestamp).
func (s *Stream) Run(ctx context.Context) error {
	go func() { <-ctx.Done(); _ = s.o.Conn.SetReadDeadline(time.Now()) }()
	buf := make([]byte, 1500)
	var p rtp.Packet
	var lastEventTS uint32
	seenEvent := false
	for {
		n, from, err := s.o.Conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("media: receive rtp: %w", err)
		}
		if err := p.Unmarshal(buf[:n]); err != nil || p.Version != 2 {
			continue
		}
		s.lastRecv.Store(s.o.Now().UnixNano())
		s.received.Add(1)
		if r := s.remote.Load(); r == nil || unmap(r.AddrPort()) != unmap(from) {
			s.remote.Store(net.UDPAddrFromAddrPort(unmap(from)))
		}
		if s.o.DTMF == 0 || p.PayloadType != s.o.DTMF {
			continue
		}
		ev, ok := ParseEvent(p.Payload)
		if !ok || (seenEvent && p.Timestamp == lastEventTS) {
			continue
		}
		seenEvent, lastEventTS = true, p.Timestamp
		if d := ev.Digit(); d != "" {
			s.InjectDigit(d)
		}
	}
}

// unmap turns an IPv4-mapped IPv6 address into IPv4, so addresses compare.
func unmap(a netip.AddrPort) netip.AddrPort {
	return netip.AddrPortFrom(a.Addr().Unmap(), a.Port())
}
