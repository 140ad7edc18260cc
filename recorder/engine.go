package recorder

import (
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

// PortRange is an inclusive range of UDP ports.
type PortRange struct{ Lo, Hi uint16 }

// Contains reports whether p is in the range.
func (r PortRange) Contains(p uint16) bool { return p >= r.Lo && p <= r.Hi }

// Options configure an Engine. Zero fields take the defaults given.
type Options struct {
	// Dir is the directory the WAV files are written to; required.
	Dir string
	// Sink receives the recordings; nil discards the reports (the files
	// stay).
	Sink Sink
	// PBXHosts are the addresses of the PBX's SIP trunk interface: a call
	// whose INVITE comes from one is outgoing, and RTP towards one is the
	// trunk side (left channel). Without them every call is taken as
	// incoming.
	PBXHosts []netip.Addr
	// RTPPorts are port ranges whose UDP traffic is RTP even without SIP
	// signalling; such streams start at their first packet.
	RTPPorts []PortRange
	// NoHeuristics turns off recognising RTP without signalling outside
	// RTPPorts (by a few consecutive packets of one source).
	NoHeuristics bool
	// JitterWindow is how long audio stays open for late packets before it
	// is written; zero means 200 ms.
	JitterWindow time.Duration
	// SyncInterval is how often the WAV header is brought up to date; zero
	// means 500 ms. A crash loses at most this plus the jitter window.
	SyncInterval time.Duration
	// IdleTimeout ends a recording whose media stopped without a BYE; zero
	// means 30 s.
	IdleTimeout time.Duration
	// Logger receives write failures; nil discards them.
	Logger *slog.Logger
}

// Engine turns captured packets into recordings. It is not safe for
// concurrent use: one goroutine feeds it packets (Handle) and the time
// (Tick).
type Engine struct {
	o        Options
	pbx      map[netip.Addr]bool
	seq      uint64
	dialogs  map[string]*dialog
	media    map[netip.AddrPort]mediaRef
	pairs    map[pairKey]*rtpOnly
	probe    map[flowKey]*probation
	lastTick time.Time
	stats    engineCounters
}

// EngineStats count what an engine did.
type EngineStats struct {
	Packets, SIP, RTP, Ignored, Malformed int64
	Recordings, Unrecordable              int64
}

// engineCounters are the counters, readable from other goroutines (the
// metrics) while the engine runs.
type engineCounters struct {
	packets, sip, rtp, ignored, malformed, recordings, unrecordable atomic.Int64
}

// NewEngine returns an engine writing into o.Dir.
func NewEngine(o Options) (*Engine, error) {
	if o.Dir == "" {
		return nil, fmt.Errorf("recorder: engine: no directory for the recordings")
	}
	if err := os.MkdirAll(o.Dir, 0o750); err != nil {
		return nil, fmt.Errorf("recorder: engine: %w", err)
	}
	if o.JitterWindow <= 0 {
		o.JitterWindow = 200 * time.Millisecond
	}
	if o.SyncInterval <= 0 {
		o.SyncInterval = 500 * time.Millisecond
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Engine{o: o, pbx: map[netip.Addr]bool{}, dialogs: map[string]*dialog{},
		media: map[netip.AddrPort]mediaRef{}, pairs: map[pairKey]*rtpOnly{}, probe: map[flowKey]*probation{}}
	for _, a := range o.PBXHosts {
		e.pbx[a.Unmap()] = true
	}
	return e, nil
}

// Stats returns the engine's counters; it may be called from any
// goroutine.
func (e *Engine) Stats() EngineStats {
	c := &e.stats
	return EngineStats{Packets: c.packets.Load(), SIP: c.sip.Load(), RTP: c.rtp.Load(), Ignored: c.ignored.Load(),
		Malformed: c.malformed.Load(), Recordings: c.recordings.Load(), Unrecordable: c.unrecordable.Load()}
}

// Handle processes one captured datagram.
func (e *Engine) Handle(p Packet) {
	e.stats.packets.Add(1)
	if p.At.Sub(e.lastTick) >= 100*time.Millisecond {
		e.Tick(p.At)
	}
	p.Src = netip.AddrPortFrom(p.Src.Addr().Unmap(), p.Src.Port())
	p.Dst = netip.AddrPortFrom(p.Dst.Addr().Unmap(), p.Dst.Port())
	if looksLikeSIP(p.Payload) {
		m, err := ParseSIP(p.Payload)
		if err != nil {
			e.stats.malformed.Add(1)
			return
		}
		e.stats.sip.Add(1)
		e.sip(p, m)
		return
	}
	if ref, ok := e.media[p.Dst]; ok {
		e.dialogMedia(p, ref, true)
		return
	}
	if ref, ok := e.media[p.Src]; ok {
		e.dialogMedia(p, ref, false)
		return
	}
	e.rtpWithoutSIP(p)
}

// Tick lets time pass: audio older than the jitter window is written,
// headers are synced, and calls whose media stopped are finished. Live
// sources call it a few times a second; Handle calls it as capture time
// advances.
func (e *Engine) Tick(now time.Time) {
	e.lastTick = now
	for id, d := range e.dialogs {
		if e.tickDialog(d, now) {
			delete(e.dialogs, id)
		}
	}
	for k, r := range e.pairs {
		if e.tickSession(r.s, now) || now.Sub(r.s.last) > e.o.IdleTimeout {
			e.finish(r.s, r.s.bad)
			delete(e.pairs, k)
		}
	}
	for k, pr := range e.probe {
		if now.Sub(pr.last) > 2*time.Second {
			delete(e.probe, k)
		}
	}
}

// Close finishes every recording in progress.
func (e *Engine) Close() {
	for id, d := range e.dialogs {
		e.endDialog(d)
		delete(e.dialogs, id)
	}
	for k, r := range e.pairs {
		e.finish(r.s, r.s.bad)
		delete(e.pairs, k)
	}
}

// tickSession advances one session; true means it failed and was closed.
func (e *Engine) tickSession(s *session, now time.Time) bool {
	if s == nil || s.err != nil {
		return false
	}
	if err := s.tick(now, e.o.JitterWindow, e.o.SyncInterval); err != nil {
		s.err = err
		e.o.Logger.Error("recording write failed", "file", s.info.File, "err", err)
		return true
	}
	return false
}

// start opens a new recording at time at.
func (e *Engine) start(at time.Time, info Info) (*session, error) {
	e.seq++
	name := fmt.Sprintf("%s-%d.wav", at.UTC().Format("20060102T150405.000Z"), e.seq)
	s, err := newSession(e.seq, at, filepath.Join(e.o.Dir, name), info)
	if err != nil {
		e.o.Logger.Error("cannot start recording", "err", err)
		return nil, err
	}
	e.stats.recordings.Add(1)
	if e.o.Sink != nil {
		e.o.Sink.RecordingStarted(s.info)
	}
	return s, nil
}

// finish closes s (or drops its file when unrecordable says why) and
// reports it.
func (e *Engine) finish(s *session, unrecordable string) {
	var info Info
	var err error
	if unrecordable == "" && s.info.Codec == "" {
		unrecordable = "no audio"
	}
	if unrecordable != "" {
		info = s.abort()
		info.Unrecordable = unrecordable
	} else if info, err = s.close(); err != nil {
		e.o.Logger.Error("recording write failed", "file", s.info.File, "err", err)
		info.File, info.Unrecordable = "", "write failed: "+err.Error()
	}
	if info.Unrecordable != "" {
		e.stats.unrecordable.Add(1)
	}
	if e.o.Sink != nil {
		e.o.Sink.RecordingFinished(info)
	}
}

// isPBX reports whether a is one of the PBX's addresses.
func (e *Engine) isPBX(a netip.Addr) bool { return e.pbx[a] }
