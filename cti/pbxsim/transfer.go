package pbxsim

import (
	"slices"

	"linka/cti/csta"
)

// Consultation, transfer and diversion. Every function here runs with p.mu
// held.

// consult puts pt's call on hold and calls dest from pt's device
// (consultationCall): held, then serviceInitiated, originated and the
// offer of the new call, all with cause consultation.
func (p *PBX) consult(pt *party, dest destination, known bool, dialed csta.DeviceID) (*call, error) {
	p.hold(pt, csta.CauseConsultation)
	c2, err := p.originate(pt.dev, dest, known, dialed, csta.CauseConsultation)
	if err != nil {
		p.retrieve(pt)
		return nil, err
	}
	return c2, nil
}

// transfer joins the held call of held and the active call of active, both
// parties of the transferring device, and drops the transferring device
// (transferCall). The joined call takes the call id of the active
// (consultation) call; the held call's id is freed, and its scenario
// handle carries on with the new id.
func (p *PBX) transfer(held, active *party) csta.TransferResult {
	c1, c2 := held.call, active.call
	devs := c1.involved()
	for _, d := range c2.involved() {
		if !slices.Contains(devs, d) {
			devs = append(devs, d)
		}
	}
	ev := &csta.TransferredEvent{
		PrimaryOldCall:      held.conn(),
		SecondaryOldCall:    active.conn(),
		TransferringDevice:  held.dev.id(),
		TransferredToDevice: transferTarget(c2, active),
		Common:              csta.Common{Cause: csta.CauseTransfer},
	}
	var list []csta.ConnectionListEntry
	for _, pt := range c1.parties {
		if pt != held {
			list = append(list, csta.ConnectionListEntry{Old: pt.conn(), Endpoint: pt.subject()})
		}
	}
	for _, pt := range c2.parties {
		if pt != active {
			list = append(list, csta.ConnectionListEntry{Old: pt.conn(), Endpoint: pt.subject()})
		}
	}
	p.merge(c1, c2, held, active)
	p.smdrJoined(c1, held.dev)
	for i := range list {
		list[i].New = csta.ConnectionID{Call: c1.callID(), Device: list[i].Old.Device}
	}
	ev.TransferredConnections = list
	p.emit(c1, devs, ev, &ev.Common)
	p.settle(c1)
	return csta.TransferResult{Transferred: csta.ConnectionID{Call: c1.callID()}, Connections: list}
}

// transferTarget returns the device the active call of a transfer leads to.
func transferTarget(c *call, active *party) csta.DeviceID {
	for _, pt := range c.parties {
		if pt != active {
			return pt.subject()
		}
	}
	return csta.DeviceID{Kind: csta.DeviceNotKnown}
}

// merge moves the parties of c2 but active into c1, drops held, gives c1
// the call id of c2 and ends c2 without a CDR record.
func (p *PBX) merge(c1, c2 *call, held, active *party) {
	from := held.dev
	p.dropParty(held)
	p.dropParty(active)
	delete(p.calls, c1.id)
	c1.id = c2.id
	p.calls[c1.id] = c1
	for _, pt := range slices.Clone(c2.parties) {
		p.dropParty(pt)
		pt.call = c1
		c1.parties = append(c1.parties, pt)
		pt.dev.parties = append(pt.dev.parties, pt)
	}
	c1.redirect = from
	if c1.trunk == nil && c2.trunk != nil {
		c1.trunk, c1.dir = c2.trunk, dirOutbound
	}
	if c1.group == nil {
		c1.group = c2.group
	}
	c2.handle.mergeInto(c1.handle)
}

// singleStepTransfer moves pt's call from pt's device to dest in one step
// (singleStepTransferCall): transferred, then the offer to dest. The call
// keeps its call id.
func (p *PBX) singleStepTransfer(pt *party, dest destination) csta.TransferResult {
	c := pt.call
	devs := c.involved()
	ev := &csta.TransferredEvent{
		PrimaryOldCall:      pt.conn(),
		TransferringDevice:  pt.dev.id(),
		TransferredToDevice: dest.id(),
		Common:              csta.Common{Cause: csta.CauseSingleStepTransfer},
	}
	p.dropParty(pt)
	for _, other := range c.parties {
		ev.TransferredConnections = append(ev.TransferredConnections,
			csta.ConnectionListEntry{New: other.conn(), Old: other.conn(), Endpoint: other.subject()})
	}
	c.redirect, c.called = pt.dev, dest.id()
	p.emit(c, devs, ev, &ev.Common)
	p.smdrTransfer(c, pt.dev)
	p.offer(c, dest, csta.CauseSingleStepTransfer)
	p.settle(c)
	return csta.TransferResult{Transferred: csta.ConnectionID{Call: c.callID()}, Connections: ev.TransferredConnections}
}

// deflect diverts the call alerting at pt to dest (deflectCall): diverted,
// then the offer to dest, with cause redirected.
func (p *PBX) deflect(pt *party, dest destination) {
	c := pt.call
	devs := c.involved()
	p.dropParty(pt)
	c.redirect, c.called = pt.dev, dest.id()
	ev := &csta.DivertedEvent{
		Connection:      pt.conn(),
		DivertingDevice: pt.dev.id(),
		NewDestination:  dest.id(),
		Parties:         c.eventParties(),
		Common:          csta.Common{Cause: csta.CauseRedirected},
	}
	p.emit(c, devs, ev, &ev.Common)
	p.offer(c, dest, csta.CauseRedirected)
	p.settle(c)
}

// id returns the device a destination names in events.
func (d destination) id() csta.DeviceID {
	if d.dev != nil {
		return d.dev.id()
	}
	return csta.DialingNumber(d.external)
}
