package pbxsim

import (
	"cmp"
	"time"

	"linka/cti/csta"
)

// SMDR records of the simulated calls. The call model calls the smdr…
// hooks below with p.mu held; each record is formatted once and queued to
// every SMDR client logged in (smdr_server.go).

// smdrLeg is the part of a call the next SMDR record describes: the
// extension it is printed for, the number column and when that part rang
// and was answered. A transfer ends one leg (a TR record) and starts
// another.
type smdrLeg struct {
	ext      *device // nil until the call is offered
	kind     legKind
	co       *device // the trunk, nil for none
	dial     string
	via      *device   // the extension that transferred the call, until the next leg starts
	rang     time.Time // when the leg started ringing
	answered time.Time // zero until the leg is answered
}

// legKind says what the far end of a leg is.
type legKind uint8

// Kinds of legs.
const (
	// legIntercom is a call between extensions: the EXT marker, no trunk,
	// NA when missed.
	legIntercom legKind = iota
	// legIncoming is a call from a trunk: the <D> and <I> markers, RC and
	// AN lines, a Ring column, NA when missed.
	legIncoming
	// legOutgoing is a call to a trunk: the dialled digits, no Ring
	// column, a zero duration when nobody answered.
	legOutgoing
)

// smdrOffer is the hook at the end of offer: a new call or a transferred
// one starts a leg, a call diverted while ringing takes its leg along.
func (p *PBX) smdrOffer(c *call, dest destination) {
	if c.handle.c != c {
		return // the call failed: no trunk was free
	}
	leg := &c.smdr
	switch {
	case leg.ext == nil:
		p.smdrStart(c, leg.via, dest, false)
	case dest.external != "":
		leg.kind, leg.dial = legOutgoing, dest.external
	case leg.kind == legIncoming:
		leg.ext = dest.dev
	default:
		leg.dial = markerIntercom + dest.dev.number
	}
	if dest.external != "" {
		leg.co = trunkTo(c, dest.external)
	}
}

// smdrStart starts the leg of c towards to, either a new call (from nil)
// or a call the extension from transferred: an outgoing call and a call
// sent on to a trunk are printed for the extension that dialled, an
// incoming call for the extension (or ICD group) it rings, an intercom
// call for its originator, any other transferred call for the extension
// that got it.
func (p *PBX) smdrStart(c *call, from *device, to destination, answered bool) {
	now := p.opts.Now()
	leg := smdrLeg{rang: now}
	if answered {
		leg.answered = now
	}
	switch {
	case to.external != "":
		leg.ext, leg.kind, leg.dial = cmp.Or(from, p.originator(c)), legOutgoing, to.external
	case c.dir == dirInbound:
		leg.ext, leg.kind, leg.co = to.dev, legIncoming, c.trunk
		leg.dial = incomingDial(c.ddi, c.caller)
	case from == nil:
		leg.ext, leg.dial = p.originator(c), markerIntercom+to.dev.number
	default:
		leg.ext = to.dev
		if len(c.parties) > 0 && c.parties[0].dev != to.dev {
			leg.kind, leg.dial, leg.co = farEnd(c.parties[0])
		}
	}
	c.smdr = leg
	if leg.kind == legIncoming && !answered && !p.opts.SMDR.OmitRC {
		p.smdrPrint(leg.record(now, 0, 0, condReceived))
	}
}

// smdrAnswer is the hook of answer: the leg is answered, by the extension
// an incoming call rang (an AN line) or by the far end of an outgoing one.
func (p *PBX) smdrAnswer(pt *party) {
	leg := &pt.call.smdr
	if leg.ext == nil || !leg.answered.IsZero() {
		return
	}
	leg.answered = p.opts.Now()
	if leg.kind != legIncoming || pt.external() {
		return
	}
	leg.ext = pt.dev
	if !p.opts.SMDR.OmitAN {
		p.smdrPrint(leg.record(leg.answered, leg.answered.Sub(leg.rang), 0, condAnswered))
	}
}

// smdrTransfer is the hook of a transfer by the extension from: the leg
// answered so far gets its record with condition TR, and the next leg
// starts when the call is offered on.
func (p *PBX) smdrTransfer(c *call, from *device) {
	if leg := c.smdr; leg.ext != nil && !leg.answered.IsZero() {
		now := p.opts.Now()
		p.smdrPrint(leg.record(now, leg.ring(), now.Sub(leg.answered), condTransfer))
	}
	c.smdr = smdrLeg{via: from}
}

// smdrJoined is the hook of a consultation transfer by from, once the two
// calls are joined into c: the TR record, then the leg of the consulted
// party, the last one of c, answered already when it talks.
func (p *PBX) smdrJoined(c *call, from *device) {
	p.smdrTransfer(c, from)
	if len(c.parties) == 0 {
		return
	}
	to := c.parties[len(c.parties)-1]
	dest := destination{dev: to.dev}
	if to.external() {
		dest = destination{external: to.number}
	}
	p.smdrStart(c, from, dest, to.state == csta.StateConnected)
	if to.external() {
		c.smdr.co = to.dev
	}
}

// smdrEnd is the hook of endCall: the final record of the last leg. An
// incoming or intercom call nobody answered is printed with its ring time
// and condition NA, an outgoing one with a zero duration; a call that
// never reached a device or a trunk has no record.
func (p *PBX) smdrEnd(c *call) {
	leg := c.smdr
	if leg.ext == nil {
		return
	}
	now := p.opts.Now()
	switch {
	case !leg.answered.IsZero():
		p.smdrPrint(leg.record(now, leg.ring(), now.Sub(leg.answered), ""))
	case leg.kind == legOutgoing:
		p.smdrPrint(leg.record(now, noTime, 0, ""))
	case !p.opts.SMDR.OmitNA:
		p.smdrPrint(leg.record(now, now.Sub(leg.rang), 0, condNotAnswered))
	}
}

// smdrAgent is the hook of an agent's log-in and log-out: a status line.
func (p *PBX) smdrAgent(ext *device, req csta.AgentRequest) {
	status := statusLogIn
	switch req {
	case csta.AgentLogOn:
	case csta.AgentLogOff:
		status = statusLogOut
	default:
		return
	}
	p.smdrPrint(smdrRecord{at: p.opts.Now(), ext: ext.number, status: status})
}

// record returns the SMDR record of the leg at time at.
func (leg smdrLeg) record(at time.Time, ring, duration time.Duration, cond string) smdrRecord {
	r := smdrRecord{at: at, co: trunkCO(leg.co), dial: leg.dial, ring: ring, duration: duration, condition: cond}
	if leg.ext != nil {
		r.ext = leg.ext.number
	}
	return r
}

// ring returns the Ring column of an answered leg: the time an incoming
// call rang, none for the others.
func (leg smdrLeg) ring() time.Duration {
	if leg.kind == legIncoming {
		return leg.answered.Sub(leg.rang)
	}
	return noTime
}

// originator returns the extension that made the non-incoming call c.
func (p *PBX) originator(c *call) *device {
	if d := p.dir.byNumber[c.from]; d != nil && d.kind == kindExtension {
		return d
	}
	return nil
}

// trunkTo returns the trunk of c's external party with number, or nil.
func trunkTo(c *call, number string) *device {
	for i := len(c.parties) - 1; i >= 0; i-- {
		if pt := c.parties[i]; pt.external() && pt.number == number {
			return pt.dev
		}
	}
	return nil
}

// farEnd returns the kind, the number column and the trunk of a leg
// towards pt, the party at the other end of a transferred call: an
// external number and its trunk, or an extension behind the EXT marker.
func farEnd(pt *party) (legKind, string, *device) {
	if pt.external() {
		return legOutgoing, pt.number, pt.dev
	}
	return legIntercom, markerIntercom + pt.dev.number, nil
}
