package cti

import "linka/cti/csta"

// diverted: the call left a device for another one (deflection,
// forwarding, group distribution; ECMA-269 §17.2.6). The new destination
// joins as pending until its own Delivered event confirms it.
func (m *model) diverted(e *csta.DivertedEvent) {
	c := m.find(e.Connection.Call)
	if c == nil {
		return
	}
	c.epoch = m.epoch
	from := m.subject(e.Connection, e.DivertingDevice)
	to := m.devs.number(e.NewDestination)
	x, removed := c.removeConn(from)
	if !removed {
		return
	}
	if x.kind == KindExtension || x.kind == KindGroup {
		m.step(c, StepDiverted, from, to)
	}
	m.addPending(c, e.NewDestination, to)
	if c.internalConns() == 0 {
		m.end(c, EndForwarded)
		return
	}
	m.updateState(c)
	typ := TypeCallUpdated
	switch e.Cause {
	case csta.CauseRedirected, csta.CauseSingleStepTransfer, csta.CauseTransfer:
		typ = TypeCallTransferred
	}
	m.emit(typ, c, from, to)
}

// addPending adds the destination of a transfer or diversion as alerting
// but pending: the event that confirms it (Delivered, Established) still
// counts as a change and is reported.
func (m *model) addPending(c *call, dev csta.DeviceID, number string) {
	if number == "" || c.conn(number) != nil {
		return
	}
	m.setConn(c, dev, number, ConnAlerting)
	c.conn(number).pending = true
}

// transferred: a device transferred a call (ECMA-269 §17.2.18). A
// consultation transfer joins two calls: the one with the outside party
// (the citizen's) keeps its Linka id and takes the consulted party; the
// other ends as merged. A single-step transfer moves one call.
func (m *model) transferred(e *csta.TransferredEvent) {
	p, s := m.find(e.PrimaryOldCall.Call), m.find(e.SecondaryOldCall.Call)
	from := m.subject(e.PrimaryOldCall, e.TransferringDevice)
	to := m.devs.number(e.TransferredToDevice)
	c, other := survivor(p, s)
	if c == nil {
		return
	}
	c.epoch = m.epoch
	conns := m.joinedConns(c, other, e.TransferredConnections, func(n string) bool { return n == from })
	if len(conns) == len(c.conns) && other == nil && c.conn(from) == nil {
		return // already applied, reported by another monitor
	}
	m.merge(c, other, conns, newCallID(e.TransferredConnections))
	m.step(c, StepTransferred, from, to)
	m.addPending(c, e.TransferredToDevice, to)
	if c.internalConns() == 0 {
		m.end(c, EndForwarded)
		return
	}
	m.updateState(c)
	m.emit(TypeCallTransferred, c, from, to)
}

// conferenced: a device joined two calls into a conference (ECMA-269
// §17.2.3); the call with the outside party keeps its Linka id.
func (m *model) conferenced(e *csta.ConferencedEvent) {
	p, s := m.find(e.PrimaryOldCall.Call), m.find(e.SecondaryOldCall.Call)
	at := m.subject(e.PrimaryOldCall, e.ConferencingDevice)
	added := m.devs.number(e.AddedParty)
	c, other := survivor(p, s)
	if c == nil || other == nil {
		return
	}
	c.epoch = m.epoch
	conns := m.joinedConns(c, other, e.ConferenceConnections, func(string) bool { return false })
	for _, x := range conns {
		if x.state == ConnHeld && x.number == at {
			x.state = ConnConnected
		}
	}
	m.merge(c, other, conns, newCallID(e.ConferenceConnections))
	m.step(c, StepConferenced, at, added)
	m.updateState(c)
	m.emit(TypeCallUpdated, c, at, added)
}

// survivor picks the call that keeps its Linka id when p and s join: not
// a consultation of the other, preferably the one with an outside party.
func survivor(p, s *call) (keep, other *call) {
	switch {
	case p == nil:
		return s, nil
	case s == nil || s == p:
		return p, nil
	case p.consultOf == s.id:
		return s, p
	case s.consultOf == p.id:
		return p, s
	case !p.outside() && s.outside():
		return s, p
	}
	return p, s
}

// outside reports whether the call has an outside party.
func (c *call) outside() bool { return c.dir == DirectionIncoming || c.dir == DirectionOutgoing }

// newCallID returns the CSTA call id of the joined call, nil if the list
// names none.
func newCallID(list []csta.ConnectionListEntry) []byte {
	for _, e := range list {
		if len(e.New.Call) > 0 {
			return e.New.Call
		}
	}
	return nil
}

// joinedConns returns the connections of the call joining c and other:
// those of the connection list when the PBX gave one, else the union of
// both calls, in both cases without the devices drop says have left.
func (m *model) joinedConns(c, other *call, list []csta.ConnectionListEntry, drop func(string) bool) []*conn {
	old := func(n string) *conn {
		if x := c.conn(n); x != nil {
			return x
		}
		if other != nil {
			return other.conn(n)
		}
		return nil
	}
	var out connSet
	for _, e := range list {
		n := m.entryNumber(e, old)
		if drop(n) {
			continue
		}
		if x := old(n); x != nil {
			out.add(&conn{number: n, dev: connDev(e.New, x.dev), kind: x.kind, state: x.state, pending: x.pending})
		} else if n != "" {
			out.add(&conn{number: n, dev: connDev(e.New, e.Endpoint), kind: m.devs.kind(n), state: ConnAlerting, pending: true})
		}
	}
	if len(list) > 0 {
		return out
	}
	for _, call := range []*call{c, other} {
		if call == nil {
			continue
		}
		for _, x := range call.conns {
			if !drop(x.number) {
				copied := *x
				out.add(&copied)
			}
		}
	}
	return out
}

// connSet is a list of connections with one per number.
type connSet []*conn

// add appends x unless its number is in the set.
func (s *connSet) add(x *conn) {
	for _, y := range *s {
		if y.number == x.number {
			return
		}
	}
	*s = append(*s, x)
}

// entryNumber returns the number of the party a connection list entry
// names: the one of its endpoint, new or old device that is a party of
// the old calls (a trunk connection's endpoint is the caller's number),
// else the endpoint or the new device.
func (m *model) entryNumber(e csta.ConnectionListEntry, old func(string) *conn) string {
	candidates := [3]string{m.devs.number(e.Endpoint), m.devs.number(e.New.Device), m.devs.number(e.Old.Device)}
	for _, n := range candidates {
		if n != "" && old(n) != nil {
			return n
		}
	}
	for _, n := range candidates[:2] {
		if n != "" {
			return n
		}
	}
	return ""
}

// merge gives c the joined connections and CSTA call id cid (when not
// nil) and ends other as merged.
func (m *model) merge(c, other *call, conns []*conn, cid []byte) {
	c.conns = conns
	for _, x := range conns {
		if x.kind == KindExtension || x.kind == KindGroup {
			c.involve(x.number)
		}
	}
	if other != nil {
		if c.answered.IsZero() && !other.answered.IsZero() {
			c.answered = other.answered
		}
		if c.caller == "" {
			c.caller = other.caller
		}
		other.conns = nil
		m.end(other, EndMerged)
	}
	c.consultOf = ""
	if len(cid) > 0 && string(cid) != c.cstaID {
		if prev := m.byCSTA[string(cid)]; prev != nil && prev != c {
			m.end(prev, EndLost)
		}
		if m.byCSTA[c.cstaID] == c {
			delete(m.byCSTA, c.cstaID)
		}
		c.cstaID = string(cid)
		m.byCSTA[c.cstaID] = c
	}
}
