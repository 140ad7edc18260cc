package pbxsim

import (
	"linka/cti/csta"
)

// Event reports. A device monitor reports every event of the calls its
// device takes part in (ECMA-269 clause 6.6): the same event goes to the
// monitors of every device involved, each report with its own cross
// reference and the local connection state of its own device. Every
// function here runs with p.mu held and queues the reports in p.out.

// outPDU is an invoke waiting to be written to a client.
type outPDU struct {
	s   *session
	op  csta.Operation
	arg []byte
	// event marks event reports, which are dropped rather than queued
	// without bound when a client falls behind.
	event bool
}

// emit queues ev for the monitors of devs. When common is not nil its
// local connection state is set, for each monitor, to the state of the
// monitored device in c.
func (p *PBX) emit(c *call, devs []*device, ev csta.Event, common *csta.Common) {
	for _, d := range devs {
		mons := p.monitors[d]
		if len(mons) == 0 {
			continue
		}
		if common != nil {
			common.LocalConnectionInfo = c.stateOf(d)
		}
		for _, m := range mons {
			arg, err := csta.EventReport{CrossRef: m.ref, Event: ev}.Marshal()
			if err != nil {
				p.log.Debug("pbxsim: encode event", "event", ev.Type().String(), "err", err)
				continue
			}
			p.out = append(p.out, outPDU{s: m.s, op: csta.OpEventReport, arg: arg, event: true})
		}
	}
}

// emitAt queues ev for the devices involved in pt's call now.
func (p *PBX) emitAt(pt *party, ev csta.Event, common *csta.Common) {
	p.emit(pt.call, pt.call.involved(), ev, common)
}

func (p *PBX) emitServiceInitiated(pt *party, cause csta.EventCause) {
	c := pt.call
	ev := &csta.ServiceInitiatedEvent{
		Connection:       pt.conn(),
		InitiatingDevice: pt.dev.id(),
		Common:           csta.Common{Cause: cause},
	}
	if c.dir == dirInbound {
		all := c.eventParties()
		ev.NetworkCallingDevice, ev.NetworkCalledDevice = all.NetworkCallingDevice, all.NetworkCalledDevice
	}
	p.emitAt(pt, ev, &ev.Common)
}

func (p *PBX) emitOriginated(pt *party, cause csta.EventCause) {
	ev := &csta.OriginatedEvent{
		Connection: pt.conn(),
		Parties:    pt.call.eventParties(),
		Common:     csta.Common{Cause: cause},
	}
	ev.LastRedirectionDevice = csta.DeviceID{}
	p.emitAt(pt, ev, &ev.Common)
}

func (p *PBX) emitDelivered(pt *party, cause csta.EventCause) {
	ev := &csta.DeliveredEvent{
		Connection:     pt.conn(),
		AlertingDevice: pt.subject(),
		Parties:        pt.call.eventParties(),
		Common:         csta.Common{Cause: cause},
	}
	p.emitAt(pt, ev, &ev.Common)
}

func (p *PBX) emitEstablished(pt *party) {
	ev := &csta.EstablishedEvent{
		Connection:      pt.conn(),
		AnsweringDevice: pt.subject(),
		Parties:         pt.call.eventParties(),
		Common:          csta.Common{Cause: csta.CauseNewCall},
	}
	p.emitAt(pt, ev, &ev.Common)
}

func (p *PBX) emitNetworkReached(pt *party) {
	cause := csta.CauseNewCall
	if held := p.heldBy(pt.call); held {
		cause = csta.CauseConsultation
	}
	ev := &csta.NetworkReachedEvent{
		Connection:           pt.conn(),
		NetworkInterfaceUsed: pt.dev.id(),
		Parties:              pt.call.eventParties(),
		Common:               csta.Common{Cause: cause},
	}
	p.emitAt(pt, ev, &ev.Common)
}

// heldBy reports whether the originator of c holds another call, that is
// whether c is a consultation call.
func (p *PBX) heldBy(c *call) bool {
	for _, pt := range c.parties {
		if pt.dev.kind != kindExtension {
			continue
		}
		for _, other := range pt.dev.parties {
			if other.call != c && other.state == csta.StateHold {
				return true
			}
		}
	}
	return false
}

func (p *PBX) emitQueued(pt *party) {
	n := 0
	for _, q := range pt.dev.parties {
		if q.state == csta.StateQueued {
			n++
		}
	}
	ev := &csta.QueuedEvent{
		Connection:   pt.conn(),
		Queue:        pt.dev.id(),
		Parties:      pt.call.eventParties(),
		NumberQueued: &n,
		Common:       csta.Common{Cause: csta.CauseNoAvailableAgents},
	}
	p.emitAt(pt, ev, &ev.Common)
}

// emitCleared reports that pt, already removed from its call, left it;
// devs are the devices involved before it left.
func (p *PBX) emitCleared(devs []*device, pt *party, cause csta.EventCause) {
	ev := &csta.ConnectionClearedEvent{
		Connection:      pt.conn(),
		ReleasingDevice: pt.subject(),
		Common:          csta.Common{Cause: cause},
	}
	p.emit(pt.call, devs, ev, &ev.Common)
}

func (p *PBX) emitFailed(pt *party, cause csta.EventCause, failing csta.DeviceID) {
	ev := &csta.FailedEvent{
		Connection:    pt.conn(),
		FailingDevice: failing,
		Parties:       pt.call.eventParties(),
		Common:        csta.Common{Cause: cause},
	}
	p.emitAt(pt, ev, &ev.Common)
}

func (p *PBX) emitHeld(pt *party, cause csta.EventCause) {
	ev := &csta.HeldEvent{Connection: pt.conn(), HoldingDevice: pt.dev.id(), Common: csta.Common{Cause: cause}}
	p.emitAt(pt, ev, &ev.Common)
}

func (p *PBX) emitRetrieved(pt *party) {
	ev := &csta.RetrievedEvent{Connection: pt.conn(), RetrievingDevice: pt.dev.id(), Common: csta.Common{Cause: csta.CauseNormal}}
	p.emitAt(pt, ev, &ev.Common)
}
