package cti

import "linka/cti/csta"

// subject returns the number of an event's subject device, falling back
// to the device of its connection.
func (m *model) subject(c csta.ConnectionID, dev csta.DeviceID) string {
	if n := m.devs.number(dev); n != "" {
		return n
	}
	return m.devs.number(c.Device)
}

// connDev returns the device to name in commands on a connection: the
// connection's own device when given, else the subject device.
func connDev(c csta.ConnectionID, dev csta.DeviceID) csta.DeviceID {
	if c.Device.Kind != csta.DeviceNone {
		return c.Device
	}
	return dev
}

// callerOf returns the calling number of an event and whether the event
// names a calling party at all (a withheld number counts, as "").
func (m *model) callerOf(p *csta.Parties) (string, bool) {
	n := m.devs.number(p.CallingDevice)
	if n == "" || m.devs.kind(n) == KindTrunk {
		if nn := m.devs.number(p.NetworkCallingDevice); nn != "" {
			n = nn
		}
	}
	return n, p.CallingDevice.Kind != csta.DeviceNone
}

// fillParties records the caller, the called number (the DDI), the trunk
// and the direction the first time an event gives them, and adds the
// calling party as a connection. It reports whether anything changed.
func (m *model) fillParties(c *call, p *csta.Parties) bool {
	changed := false
	caller, named := m.callerOf(p)
	if named && c.caller == "" && caller != "" {
		c.caller, changed = caller, true
	}
	if c.called == "" {
		called := m.devs.number(p.NetworkCalledDevice)
		if called == "" {
			called = m.devs.number(p.CalledDevice)
		}
		if called != "" {
			c.called, changed = called, true
		}
	}
	if c.trunk == "" {
		c.trunk = m.trunkOf(p, caller)
		changed = changed || c.trunk != ""
	}
	if named && c.dir == DirectionUnknown {
		c.dir = m.direction(caller, c.called)
		changed = changed || c.dir != DirectionUnknown
	}
	if named && c.conn(caller) == nil && m.devs.kind(caller) != KindTrunk {
		m.setConn(c, p.CallingDevice, caller, ConnConnected)
		changed = true
	}
	return changed
}

// trunkOf returns the trunk an event names: an associated device, or the
// calling device itself when the PBX gave the trunk instead of a number.
func (m *model) trunkOf(p *csta.Parties, caller string) string {
	if m.devs.kind(caller) == KindTrunk {
		return caller
	}
	if n := m.devs.number(p.AssociatedCallingDevice); n != "" {
		return n
	}
	return m.devs.number(p.AssociatedCalledDevice)
}

// direction classifies a call by its calling and called numbers.
func (m *model) direction(caller, called string) Direction {
	switch {
	case !m.devs.internal(caller):
		return DirectionIncoming
	case called == "":
		return DirectionUnknown
	case m.devs.internal(called):
		return DirectionInternal
	}
	return DirectionOutgoing
}

// redirected removes the ringing or queued connection of the device a
// call was redirected from (a group that handed the call to a member, an
// extension whose call was forwarded) and reports whether it did.
func (m *model) redirected(c *call, from, at string) bool {
	if from == "" || from == at {
		return false
	}
	x := c.conn(from)
	if x == nil || (x.state != ConnAlerting && x.state != ConnQueued) {
		return false
	}
	c.removeConn(from)
	if x.kind == KindExtension {
		m.step(c, StepDiverted, from, at)
	}
	return true
}

// delivered: the call alerts at a device (ECMA-269 §17.2.5).
func (m *model) delivered(e *csta.DeliveredEvent) {
	at := m.subject(e.Connection, e.AlertingDevice)
	caller, _ := m.callerOf(&e.Parties)
	c := m.callFor(e.Connection.Call, at, caller)
	if c == nil {
		return
	}
	changed := m.fillParties(c, &e.Parties)
	changed = m.redirected(c, m.devs.number(e.LastRedirectionDevice), at) || changed
	rang := m.setConn(c, connDev(e.Connection, e.AlertingDevice), at, ConnAlerting)
	internal := m.devs.internal(at)
	if rang && internal {
		m.step(c, StepRang, at, "")
	}
	m.updateState(c)
	switch {
	case rang && internal:
		m.emit(TypeCallRinging, c, at, "")
	case rang || changed:
		m.emit(TypeCallUpdated, c, "", "")
	}
}

// queued: the call waits at an ICD group (ECMA-269 §17.2.14).
func (m *model) queued(e *csta.QueuedEvent) {
	at := m.subject(e.Connection, e.Queue)
	caller, _ := m.callerOf(&e.Parties)
	c := m.callFor(e.Connection.Call, at, caller)
	if c == nil {
		return
	}
	changed := m.fillParties(c, &e.Parties)
	changed = m.redirected(c, m.devs.number(e.LastRedirectionDevice), at) || changed
	set := m.setConn(c, connDev(e.Connection, e.Queue), at, ConnQueued)
	if set {
		m.step(c, StepQueued, at, "")
	}
	m.updateState(c)
	switch {
	case set:
		m.emit(TypeCallQueued, c, at, "")
	case changed:
		m.emit(TypeCallUpdated, c, "", "")
	}
}

// established: a device answered (ECMA-269 §17.2.8). The other internal
// devices still ringing for the call (the other members of a group) stop.
func (m *model) established(e *csta.EstablishedEvent) {
	at := m.subject(e.Connection, e.AnsweringDevice)
	caller, _ := m.callerOf(&e.Parties)
	c := m.callFor(e.Connection.Call, at, caller)
	if c == nil {
		return
	}
	changed := m.fillParties(c, &e.Parties)
	changed = m.redirected(c, m.devs.number(e.LastRedirectionDevice), at) || changed
	set := m.setConn(c, connDev(e.Connection, e.AnsweringDevice), at, ConnConnected)
	internal := m.devs.internal(at)
	if internal {
		changed = m.stopRinging(c, at) || changed
	}
	answer := set && at != c.caller
	if answer {
		if c.answered.IsZero() {
			c.answered = m.at
			if internal {
				c.answerer = at
			}
		}
		m.step(c, StepAnswered, at, "")
	}
	m.updateState(c)
	switch {
	case answer && internal:
		m.emit(TypeCallAnswered, c, at, "")
	case answer:
		m.emit(TypeCallAnswered, c, "", "")
	case set || changed:
		m.emit(TypeCallUpdated, c, "", "")
	}
}

// stopRinging removes the alerting and queued connections of internal
// devices other than at, and reports whether there were any.
func (m *model) stopRinging(c *call, at string) bool {
	kept := c.conns[:0]
	for _, x := range c.conns {
		internal := x.kind == KindExtension || x.kind == KindGroup
		if internal && x.number != at && (x.state == ConnAlerting || x.state == ConnQueued) {
			continue
		}
		kept = append(kept, x)
	}
	removed := len(kept) != len(c.conns)
	clear(c.conns[len(kept):])
	c.conns = kept
	return removed
}

// held: a device put the call on hold (ECMA-269 §17.2.10).
func (m *model) held(cn csta.ConnectionID, dev csta.DeviceID) {
	m.holdOrRetrieve(cn, dev, ConnHeld, StepHeld, TypeCallHeld)
}

// retrieved: a device took the call back (ECMA-269 §17.2.16).
func (m *model) retrieved(cn csta.ConnectionID, dev csta.DeviceID) {
	m.holdOrRetrieve(cn, dev, ConnConnected, StepRetrieved, TypeCallRetrieved)
}

// holdOrRetrieve sets the connection of dev to st.
func (m *model) holdOrRetrieve(cn csta.ConnectionID, dev csta.DeviceID, st ConnectionState, action, typ string) {
	at := m.subject(cn, dev)
	c := m.callFor(cn.Call, at, "")
	if c == nil || !m.setConn(c, connDev(cn, dev), at, st) {
		return
	}
	if m.devs.internal(at) {
		m.step(c, action, at, "")
	}
	m.updateState(c)
	m.emit(typ, c, at, "")
}

// cleared: a device left the call (ECMA-269 §17.2.2). The call ends when
// no extension or group, or only one party, is left.
func (m *model) cleared(e *csta.ConnectionClearedEvent) {
	c := m.find(e.Connection.Call)
	if c == nil {
		return
	}
	c.epoch = m.epoch
	at := m.subject(e.Connection, e.ReleasingDevice)
	x, removed := c.removeConn(at)
	external := !m.devs.internal(at)
	if !removed && external {
		removed = c.removeOutside()
	}
	if !removed {
		return
	}
	if c.internalConns() == 0 || len(c.conns) < 2 {
		m.end(c, c.endReason(e.Cause, external))
		return
	}
	if x != nil && !external && (x.state == ConnConnected || x.state == ConnHeld) {
		m.step(c, StepLeft, at, "")
	}
	m.updateState(c)
	if external {
		at = ""
	}
	m.emit(TypeCallUpdated, c, at, "")
}

// removeOutside removes the outside parties of a call, for a clearing
// event naming an outside device the call does not know by that name
// (a trunk instead of the caller's number).
func (c *call) removeOutside() bool {
	kept := c.conns[:0]
	for _, x := range c.conns {
		if x.kind == KindExtension || x.kind == KindGroup {
			kept = append(kept, x)
		}
	}
	removed := len(kept) != len(c.conns)
	clear(c.conns[len(kept):])
	c.conns = kept
	return removed
}

// failedEv: the call could not reach a device (busy, not obtainable;
// ECMA-269 §17.2.9).
func (m *model) failedEv(e *csta.FailedEvent) {
	at := m.subject(e.Connection, e.FailingDevice)
	caller, _ := m.callerOf(&e.Parties)
	c := m.callFor(e.Connection.Call, at, caller)
	if c == nil {
		return
	}
	m.fillParties(c, &e.Parties)
	if !m.setConn(c, connDev(e.Connection, e.FailingDevice), at, ConnFailed) {
		return
	}
	c.failed = true
	m.step(c, StepFailed, at, "")
	m.updateState(c)
	m.emit(TypeCallUpdated, c, "", "")
}

// originated: a device dialled (ECMA-269 §17.2.13).
func (m *model) originated(e *csta.OriginatedEvent) {
	at := m.devs.number(e.CallingDevice)
	c := m.callFor(e.Connection.Call, at, at)
	if c == nil {
		return
	}
	changed := m.fillParties(c, &e.Parties)
	set := m.setConn(c, connDev(e.Connection, e.CallingDevice), at, ConnConnected)
	m.consultation(c, at, e.Cause)
	m.updateState(c)
	if set || changed {
		m.emit(TypeCallDialing, c, at, "")
	}
}

// serviceInitiated: a device went off hook to call (ECMA-269 §17.2.17).
func (m *model) serviceInitiated(e *csta.ServiceInitiatedEvent) {
	at := m.devs.number(e.InitiatingDevice)
	c := m.callFor(e.Connection.Call, at, at)
	if c == nil {
		return
	}
	p := csta.Parties{CallingDevice: e.InitiatingDevice, CalledDevice: e.CalledDevice,
		NetworkCallingDevice: e.NetworkCallingDevice, NetworkCalledDevice: e.NetworkCalledDevice,
		AssociatedCallingDevice: e.AssociatedCallingDevice}
	changed := false
	if c.conn(at) == nil {
		changed = m.setConn(c, connDev(e.Connection, e.InitiatingDevice), at, ConnInitiated)
	}
	changed = m.fillParties(c, &p) || changed
	m.consultation(c, at, e.Cause)
	m.updateState(c)
	if changed {
		m.emit(TypeCallDialing, c, at, "")
	}
}

// consultation links a call started at a device that holds another call
// (a consultation from the phone) to the held call.
func (m *model) consultation(c *call, at string, cause csta.EventCause) {
	if c.consultOf != "" || cause != csta.CauseConsultation {
		return
	}
	for _, o := range m.calls {
		if x := o.conn(at); o != c && x != nil && x.state == ConnHeld {
			c.consultOf = o.id
			return
		}
	}
}

// networkReached: an outgoing call left through a trunk (ECMA-269 §17.2.12).
// The far end joins as alerting until the network says more.
func (m *model) networkReached(e *csta.NetworkReachedEvent) {
	c := m.find(e.Connection.Call)
	if c == nil {
		return
	}
	c.epoch = m.epoch
	changed := m.fillParties(c, &e.Parties)
	if n := m.devs.number(e.NetworkInterfaceUsed); c.trunk != n && n != "" {
		c.trunk, changed = n, true
	}
	if far := m.devs.number(e.CalledDevice); far != "" && !m.devs.internal(far) && c.conn(far) == nil {
		m.setConn(c, connDev(e.Connection, e.NetworkInterfaceUsed), far, ConnAlerting)
		changed = true
	}
	m.updateState(c)
	if changed {
		m.emit(TypeCallUpdated, c, "", "")
	}
}
