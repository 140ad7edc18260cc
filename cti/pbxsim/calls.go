package pbxsim

import (
	"errors"
	"slices"
	"time"

	"linka/cti/csta"
)

// The call model. Every function and method in this file runs with p.mu
// held; events it emits are queued in p.out and written by p.flush.

// direction says where a call came from.
type direction uint8

// Call directions.
const (
	dirInternal direction = iota // between extensions
	dirInbound                   // from a trunk
	dirOutbound                  // to a trunk
)

// party is one connection of a call: a device taking part in it.
type party struct {
	call *call
	// dev is the extension, the ICD group (a queued call) or the trunk
	// (an external party).
	dev *device
	// number is the external number of a trunk party, "" when withheld.
	number string
	state  csta.LocalConnectionState
}

// conn returns the party's connection identifier.
func (pt *party) conn() csta.ConnectionID {
	return csta.ConnectionID{Call: pt.call.callID(), Device: pt.dev.id()}
}

// subject returns the device events name for the party: the external
// number of a trunk party when it is known, the device otherwise.
func (pt *party) subject() csta.DeviceID {
	if pt.dev.kind == kindTrunk && pt.number != "" {
		return csta.DialingNumber(pt.number)
	}
	return pt.dev.id()
}

// external reports whether the party is reached over a trunk.
func (pt *party) external() bool { return pt.dev.kind == kindTrunk }

// call is a call in progress.
type call struct {
	id      int // CSTA call id
	handle  *Call
	parties []*party
	dir     direction
	calling csta.DeviceID
	called  csta.DeviceID
	// caller and ddi are the network calling and called numbers of an
	// inbound call.
	caller   string
	ddi      string
	from, to string  // the ground truth of CallInfo
	trunk    *device // the first trunk of the call
	group    *device // the ICD group the call was offered to
	redirect *device // the last redirection device
	started  time.Time
	answered time.Time
	smdr     smdrLeg // the SMDR record being built, see smdr.go
}

// callID returns the CSTA call identifier: two octets, big-endian.
func (c *call) callID() []byte { return []byte{byte(c.id >> 8), byte(c.id)} }

// partyAt returns the party of device d, or nil.
func (c *call) partyAt(d *device) *party {
	for _, pt := range c.parties {
		if pt.dev == d {
			return pt
		}
	}
	return nil
}

// involved returns the devices whose monitors see the call's events: its
// parties and the ICD group it was offered to.
func (c *call) involved() []*device {
	devs := make([]*device, 0, len(c.parties)+1)
	for _, pt := range c.parties {
		devs = append(devs, pt.dev)
	}
	if c.group != nil && !slices.Contains(devs, c.group) {
		devs = append(devs, c.group)
	}
	return devs
}

// stateOf returns the local connection state of d in the call: its party's
// state, null for an extension or trunk that left, absent for a group.
func (c *call) stateOf(d *device) csta.LocalConnectionState {
	if pt := c.partyAt(d); pt != nil {
		return pt.state
	}
	if d.kind == kindGroup {
		return csta.StateAbsent
	}
	return csta.StateNull
}

// eventParties returns the calling, called and network devices of the
// call's events.
func (c *call) eventParties() csta.Parties {
	pt := csta.Parties{
		CallingDevice:         c.calling,
		CalledDevice:          c.called,
		LastRedirectionDevice: csta.DeviceID{Kind: csta.DeviceNotRequired},
	}
	if c.redirect != nil {
		pt.LastRedirectionDevice = c.redirect.id()
	}
	switch c.dir {
	case dirInbound:
		pt.AssociatedCallingDevice = c.trunk.id()
		if c.caller != "" {
			pt.NetworkCallingDevice = csta.DialingNumber(c.caller)
		}
		if c.ddi != "" {
			pt.NetworkCalledDevice = csta.DialingNumber(c.ddi)
		}
	case dirOutbound:
		if c.trunk != nil {
			pt.AssociatedCalledDevice = c.trunk.id()
		}
	}
	return pt
}

// errNoCallID reports that every CSTA call id is in use.
var errNoCallID = errors.New("every call id is in use")

// newCall allocates a call with the smallest free call id, so that ids of
// finished calls are reused at once, as on real PBXs.
func (p *PBX) newCall(dir direction) (*call, error) {
	for id := 1; id <= p.opts.MaxCallID; id++ {
		if _, used := p.calls[id]; !used {
			p.nextHandle++
			c := &call{id: id, dir: dir, started: p.opts.Now()}
			c.handle = &Call{p: p, id: p.nextHandle, c: c}
			p.calls[id] = c
			return c, nil
		}
	}
	return nil, errNoCallID
}

// addParty adds a connection of d to c.
func (p *PBX) addParty(c *call, d *device, number string, state csta.LocalConnectionState) *party {
	pt := &party{call: c, dev: d, number: number, state: state}
	c.parties = append(c.parties, pt)
	d.parties = append(d.parties, pt)
	return pt
}

// dropParty removes pt from its call and device without an event.
func (p *PBX) dropParty(pt *party) {
	pt.call.parties = slices.DeleteFunc(pt.call.parties, func(x *party) bool { return x == pt })
	pt.dev.parties = slices.DeleteFunc(pt.dev.parties, func(x *party) bool { return x == pt })
}

// offer routes c to dest: an extension rings, an ICD group rings its free
// members or queues the call, an external number seizes a trunk.
func (p *PBX) offer(c *call, dest destination, cause csta.EventCause) {
	switch {
	case dest.external != "":
		p.offerExternal(c, dest.external)
	case dest.dev.kind == kindGroup:
		p.offerGroup(c, dest.dev)
	default:
		pt := p.addParty(c, dest.dev, "", csta.StateAlerting)
		p.emitDelivered(pt, cause)
	}
	p.smdrOffer(c, dest)
}

// offerGroup rings the free members of g, or queues c at g.
func (p *PBX) offerGroup(c *call, g *device) {
	c.group = g
	if p.distribute(c, g) {
		return
	}
	pt := p.addParty(c, g, "", csta.StateQueued)
	p.emitQueued(pt)
}

// freeMembers returns the members of g an ICD call may ring.
func freeMembers(g *device) []*device {
	var free []*device
	for _, m := range g.members {
		if m.free() {
			free = append(free, m)
		}
	}
	return free
}

// distribute rings every free member of g with c and reports whether one
// was free.
func (p *PBX) distribute(c *call, g *device) bool {
	free := freeMembers(g)
	if len(free) == 0 {
		return false
	}
	c.redirect = g
	for _, m := range free {
		pt := p.addParty(c, m, "", csta.StateAlerting)
		p.emitDelivered(pt, csta.EventCause(causeDistributed))
	}
	return true
}

// offerExternal places c on a free trunk towards number; when every trunk
// is busy the call fails.
func (p *PBX) offerExternal(c *call, number string) {
	t := p.dir.freeTrunk()
	if t == nil {
		p.failCall(c, csta.EventCause(causeTrunksBusy), csta.DialingNumber(number))
		return
	}
	if c.trunk == nil {
		c.trunk = t
	}
	pt := p.addParty(c, t, number, csta.StateAlerting)
	p.emitNetworkReached(pt)
}

// serveQueues offers queued calls to members that became free, oldest
// call first in each group: the call leaves the queue with a diverted
// event at the group (towards the first free member), then rings every
// free member.
func (p *PBX) serveQueues() {
	for _, g := range p.dir.groups {
		for _, q := range slices.Clone(g.parties) {
			free := freeMembers(g)
			if len(free) == 0 {
				break
			}
			c := q.call
			devs := c.involved()
			p.dropParty(q)
			c.redirect = g
			ev := &csta.DivertedEvent{
				Connection:      q.conn(),
				DivertingDevice: g.id(),
				NewDestination:  free[0].id(),
				Parties:         c.eventParties(),
				Common:          csta.Common{Cause: csta.EventCause(causeDistributed)},
			}
			p.emit(c, devs, ev, &ev.Common)
			p.distribute(c, g)
		}
	}
}

// answer connects an alerting party and clears the other members an ICD
// group call was ringing. An extension answering a waiting call while it
// talks on another puts that one on hold first, as a phone does.
func (p *PBX) answer(pt *party) {
	c := pt.call
	for _, other := range slices.Clone(pt.dev.parties) {
		if other != pt && other.state == csta.StateConnected && pt.dev.kind == kindExtension {
			p.hold(other, csta.CauseNormal)
		}
	}
	pt.state = csta.StateConnected
	if c.answered.IsZero() {
		c.answered = p.opts.Now()
	}
	p.smdrAnswer(pt)
	p.emitEstablished(pt)
	for _, other := range slices.Clone(c.parties) {
		if other != pt && other.state == csta.StateAlerting && other.dev.kind == kindExtension && c.group != nil {
			p.clearParty(other, csta.CauseNormalClearing)
		}
	}
}

// clear removes pt from its call with a connectionCleared event and ends
// the call when nobody is left to talk to.
func (p *PBX) clear(pt *party, cause csta.EventCause) {
	c := pt.call
	p.clearParty(pt, cause)
	p.settle(c)
}

// clearParty emits connectionCleared for pt and removes it.
func (p *PBX) clearParty(pt *party, cause csta.EventCause) {
	c := pt.call
	devs := c.involved()
	p.dropParty(pt)
	p.emitCleared(devs, pt, cause)
}

// settle ends c when fewer than two parties remain or none of them is in
// the call (connected, held or dialing): the rest are cleared, those that
// never answered as cancelled.
func (p *PBX) settle(c *call) {
	active := false
	for _, pt := range c.parties {
		switch pt.state {
		case csta.StateConnected, csta.StateHold, csta.StateInitiated:
			active = true
		}
	}
	if len(c.parties) >= 2 && active {
		return
	}
	for _, pt := range slices.Clone(c.parties) {
		cause := csta.CauseNormalClearing
		if pt.state == csta.StateAlerting || pt.state == csta.StateQueued {
			cause = csta.EventCause(causeCallCancelled)
		}
		p.clearParty(pt, cause)
	}
	p.endCall(c)
}

// endCall frees the call id, reports a CDR record for calls over a trunk
// and closes the scenario handle.
func (p *PBX) endCall(c *call) {
	for _, pt := range slices.Clone(c.parties) {
		p.dropParty(pt)
	}
	if p.calls[c.id] == c {
		delete(p.calls, c.id)
	}
	if c.trunk != nil {
		p.reportCDR(c)
	}
	p.smdrEnd(c)
	c.handle.end(c)
}

// failCall reports a call that cannot reach its destination (failed, then
// the originator's connection cleared) and ends it.
func (p *PBX) failCall(c *call, cause csta.EventCause, failing csta.DeviceID) {
	for _, pt := range slices.Clone(c.parties) {
		pt.state = csta.StateFail
		p.emitFailed(pt, cause, failing)
	}
	for _, pt := range slices.Clone(c.parties) {
		p.clearParty(pt, cause)
	}
	p.endCall(c)
}

// hold puts a connected party on hold.
func (p *PBX) hold(pt *party, cause csta.EventCause) {
	pt.state = csta.StateHold
	p.emitHeld(pt, cause)
}

// retrieve takes a held party back.
func (p *PBX) retrieve(pt *party) {
	pt.state = csta.StateConnected
	p.emitRetrieved(pt)
}

// originate starts a call from extension ext towards dest: serviceInitiated
// and originated at ext, then the call is offered to dest. A number no
// device has makes the call fail.
func (p *PBX) originate(ext *device, dest destination, known bool, dialed csta.DeviceID, cause csta.EventCause) (*call, error) {
	dir := dirInternal
	if dest.external != "" {
		dir = dirOutbound
	}
	c, err := p.newCall(dir)
	if err != nil {
		return nil, err
	}
	c.calling, c.called = ext.id(), dialed
	c.from, c.to = ext.number, dialed.Digits
	if dest.dev != nil {
		c.called, c.to = dest.dev.id(), dest.dev.number
	}
	pt := p.addParty(c, ext, "", csta.StateInitiated)
	p.emitServiceInitiated(pt, cause)
	pt.state = csta.StateConnected
	p.emitOriginated(pt, cause)
	if !known {
		p.failCall(c, csta.CauseDestNotObtainable, dialed)
		return c, nil
	}
	offerCause := csta.CauseNewCall
	if cause == csta.CauseConsultation {
		offerCause = cause
	}
	p.offer(c, dest, offerCause)
	return c, nil
}

// Event causes the csta package has no constant for (ECMA-285 module
// CSTA-event-causes).
const (
	causeCallCancelled = 5
	causeTrunksBusy    = 33
	causeDistributed   = 38
)
