package pbxsim

import (
	"context"
	"time"

	"linka/cti/csta"
)

// runCall plays one random incoming call to its end. Every scenario step
// may fail because a client acted on the call meanwhile (answered it, hung
// up, transferred it); the call then goes on from where it is. Whatever is
// left of it at the end is hung up, unless ctx ended first: RunLoad then
// hangs it up as it returns.
func (l *loader) runCall(ctx context.Context) {
	h, err := l.p.IncomingCall(l.caller(), l.target())
	if err != nil {
		return // every trunk busy, or every call id in use
	}
	l.track(h, true)
	if l.o.Media != nil && l.o.Media.Send != nil {
		l.wg.Add(1)
		go func() { defer l.wg.Done(); l.followMedia(ctx, h) }()
	}
	if !l.play(ctx, h) {
		return
	}
	if info, ok := h.Info(); ok {
		_ = h.Hangup(info.Trunk)
	}
	l.track(h, false)
}

// play lets the call ring, then answers it or lets the caller give up,
// and lets an answered call run its course; false means ctx ended first.
func (l *loader) play(ctx context.Context, h *Call) bool {
	if !sleep(ctx, l.between(l.o.RingMin, l.o.RingMax)) {
		return false
	}
	info, ok := h.Info()
	if !ok {
		return true
	}
	if l.partyIn(info, csta.StateConnected) == "" {
		ext := l.partyIn(info, csta.StateAlerting)
		if ext == "" || !l.chance(l.o.AnswerRatio) {
			return true // missed, or abandoned in the queue
		}
		if h.Answer(ext) != nil && !l.talking(h) {
			return true
		}
	}
	if !l.converse(ctx, h, l.talkTime()) {
		return false
	}
	l.hangup(h)
	return true
}

// talking reports whether an extension is connected to the call.
func (l *loader) talking(h *Call) bool {
	info, ok := h.Info()
	return ok && l.partyIn(info, csta.StateConnected) != ""
}

// track adds or removes a call RunLoad must hang up when it stops.
func (l *loader) track(h *Call, live bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if live {
		l.calls[h] = struct{}{}
	} else {
		delete(l.calls, h)
	}
}

// converse lets an answered call last talk, with a hold or a transfer on
// the way for some calls; false means ctx ended first.
func (l *loader) converse(ctx context.Context, h *Call, talk time.Duration) bool {
	if l.chance(l.o.HoldRatio) {
		pause := min(talk/4, 30*time.Second)
		if !sleep(ctx, talk/3) {
			return false
		}
		if h.Hold() == nil {
			if !sleep(ctx, pause) {
				return false
			}
			_ = h.Retrieve()
		}
		talk -= talk/3 + pause
	}
	if l.chance(l.o.TransferRatio) {
		if !sleep(ctx, talk/3) {
			return false
		}
		talk -= talk / 3
		if !l.transfer(ctx, h) {
			return false
		}
	}
	return sleep(ctx, max(talk, 0))
}

// transfer moves the call from its extension to an idle one, by
// consultation or blind (the target then answers after a ring); false
// means ctx ended first.
func (l *loader) transfer(ctx context.Context, h *Call) bool {
	info, ok := h.Info()
	from := l.partyIn(info, csta.StateConnected)
	if !ok || from == "" {
		return true
	}
	idle := l.p.idleAmong(l.o.Extensions, from)
	if len(idle) == 0 {
		return true
	}
	to := l.pick(idle)
	if l.chance(0.5) {
		_ = h.ConsultAndTransfer(from, to)
		return true
	}
	if h.BlindTransfer(to) != nil {
		return true
	}
	if !sleep(ctx, l.between(l.o.RingMin, l.o.RingMax)) {
		return false
	}
	if err := h.Answer(to); err != nil {
		if info, ok := h.Info(); ok {
			_ = h.Hangup(info.Trunk)
		}
	}
	return true
}

// hangup ends an answered call from either side.
func (l *loader) hangup(h *Call) {
	info, ok := h.Info()
	if !ok {
		return
	}
	side := info.Trunk
	if ext := l.partyIn(info, csta.StateConnected); ext != "" && l.chance(0.5) {
		side = ext
	}
	if h.Hangup(side) != nil {
		_ = h.Hangup(info.Trunk)
	}
}

// idleAmong returns the extensions of list without any call, except
// exclude.
func (p *PBX) idleAmong(list []string, exclude string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var idle []string
	for _, n := range list {
		if d := p.dir.byNumber[n]; d != nil && d.kind == kindExtension && d.idle() && n != exclude {
			idle = append(idle, n)
		}
	}
	return idle
}
