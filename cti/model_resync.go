package cti

import "linka/cti/csta"

// deviceSnapshot is the answer of snapshotDevice for one monitored device.
type deviceSnapshot struct {
	number string
	calls  []csta.SnapshotCall
}

// rebuilt is one call as the snapshots show it: its CSTA call id, the
// monitored devices in it with their states, and the endpoints the PBX
// named.
type rebuilt struct {
	cid       string
	parties   []rebuiltParty
	endpoints []string
}

// rebuiltParty is one device of a rebuilt call: its state and, when the
// snapshot gave it, the state of the far end.
type rebuiltParty struct {
	number string
	dev    csta.DeviceID
	state  ConnectionState
	other  ConnectionState
}

// has reports whether the rebuilt call is at number.
func (r *rebuilt) has(number string) bool {
	for _, p := range r.parties {
		if p.number == number {
			return true
		}
	}
	return false
}

// beginResync starts a resync: calls touched by events from now on are
// fresher than any snapshot.
func (m *model) beginResync() { m.epoch++ }

// resync reconciles the calls with the snapshots taken since beginResync.
// failed names the monitored devices whose snapshot failed: calls there
// are kept as they are. A snapshot call matching a known call (same CSTA
// call id and a common device or the caller) keeps its Linka id; other
// snapshot calls get new ids; known calls no snapshot shows end as lost.
func (m *model) resync(snaps []deviceSnapshot, failed map[string]bool, out []Event) []Event {
	m.out, m.at = out, m.now()
	covered := make(map[string]bool, len(snaps))
	for _, s := range snaps {
		covered[s.number] = true
	}
	seen := make(map[*call]bool)
	for _, r := range m.rebuild(snaps) {
		c := m.byCSTA[r.cid]
		switch {
		case c != nil && c.epoch == m.epoch:
		case c != nil && m.matches(c, r):
			m.reconcile(c, r, covered)
		default:
			if c != nil {
				m.end(c, EndLost)
			}
			c = m.rebuiltCall(r)
		}
		seen[c] = true
	}
	for _, c := range m.sortedCalls() {
		if !seen[c] && c.epoch != m.epoch && !c.touches(failed) {
			m.end(c, EndLost)
		}
	}
	out, m.out = m.out, nil
	return out
}

// rebuild groups the snapshot entries by CSTA call id, in order.
func (m *model) rebuild(snaps []deviceSnapshot) []*rebuilt {
	var out []*rebuilt
	byID := make(map[string]*rebuilt)
	for _, s := range snaps {
		for _, sc := range s.calls {
			if len(sc.Connection.Call) == 0 {
				continue
			}
			r := byID[string(sc.Connection.Call)]
			if r == nil {
				r = &rebuilt{cid: string(sc.Connection.Call)}
				byID[r.cid] = r
				out = append(out, r)
			}
			m.addSnapshotParty(r, s.number, sc)
		}
	}
	return out
}

// addSnapshotParty adds the device of one snapshot entry to r.
func (m *model) addSnapshotParty(r *rebuilt, number string, sc csta.SnapshotCall) {
	dev := sc.Connection.Device
	if n := m.devs.number(dev); n != "" {
		number = n
	} else {
		dev = csta.DialingNumber(number)
	}
	if e := m.devs.number(sc.Endpoint); e != "" && e != number {
		r.endpoints = append(r.endpoints, e)
	}
	st, ok := snapshotState(sc)
	if !ok || r.has(number) {
		return
	}
	var other ConnectionState
	if sc.StateKind == csta.CallStateCompound && len(sc.States) > 1 {
		other, _ = localState(sc.States[1])
	}
	r.parties = append(r.parties, rebuiltParty{number: number, dev: dev, state: st, other: other})
}

// matches reports whether the known call c is the rebuilt call r.
func (m *model) matches(c *call, r *rebuilt) bool {
	for _, p := range r.parties {
		if c.conn(p.number) != nil {
			return true
		}
	}
	for _, e := range r.endpoints {
		if e == c.caller {
			return true
		}
	}
	return false
}

// reconcile updates a known call from its snapshot: states of the
// snapshotted devices, devices that left.
func (m *model) reconcile(c *call, r *rebuilt, covered map[string]bool) {
	changed := false
	for _, p := range r.parties {
		if m.setConn(c, p.dev, p.number, p.state) {
			changed = true
			m.answeredBySnapshot(c, p)
		}
	}
	for i := len(c.conns) - 1; i >= 0; i-- {
		if x := c.conns[i]; covered[x.number] && !r.has(x.number) {
			c.removeConn(x.number)
			changed = true
		}
	}
	if changed {
		m.updateState(c)
		m.emit(TypeCallUpdated, c, "", "")
	}
}

// answeredBySnapshot marks a call answered when a snapshot shows an
// extension other than the caller talking to a far end that talks too.
func (m *model) answeredBySnapshot(c *call, p rebuiltParty) {
	if p.state != ConnConnected || p.number == c.caller || !m.devs.internal(p.number) {
		return
	}
	if p.other != "" && p.other != ConnConnected && p.other != ConnHeld {
		return
	}
	if c.answered.IsZero() {
		c.answered = m.at
		c.answerer = p.number
	}
}

// rebuiltCall creates a call Linka did not know from its snapshot. A call
// showing one device gets its far end as an outside party (of unknown
// number when the snapshot names none), which the clearing of the far end
// removes.
func (m *model) rebuiltCall(r *rebuilt) *call {
	c := m.newCall(r.cid)
	outside := ""
	for _, e := range r.endpoints {
		if !m.devs.internal(e) {
			outside = e
			break
		}
	}
	first := r.parties[0]
	c.dir, c.caller, c.called = rebuiltParties(first, outside, len(r.parties))
	for _, p := range r.parties {
		m.setConn(c, p.dev, p.number, p.state)
	}
	if len(c.conns) < 2 || outside != "" {
		st := first.other
		if st == "" {
			st = ConnConnected
		}
		m.setConn(c, csta.DeviceID{}, outside, st)
	}
	for _, p := range r.parties {
		m.answeredBySnapshot(c, p)
	}
	m.step(c, StepResynced, first.number, "")
	m.updateState(c)
	m.emitRebuilt(c)
	return c
}

// rebuiltParties guesses the direction, caller and called number of a
// rebuilt call from its first device and the outside number: an outside
// caller rings or queues at the device (incoming), the device rings an
// outside number (outgoing), or several devices only (internal).
func rebuiltParties(first rebuiltParty, outside string, devices int) (Direction, string, string) {
	switch {
	case outside == "" && devices > 1:
		return DirectionInternal, "", ""
	case outside == "":
		return DirectionUnknown, "", ""
	case first.state == ConnAlerting || first.state == ConnQueued:
		return DirectionIncoming, outside, ""
	case first.other == ConnAlerting:
		return DirectionOutgoing, first.number, outside
	}
	return DirectionUnknown, outside, ""
}

// emitRebuilt announces a rebuilt call: ringing or queued at a device, or
// simply updated.
func (m *model) emitRebuilt(c *call) {
	for _, x := range c.conns {
		switch {
		case x.kind == KindExtension && x.state == ConnAlerting:
			m.emit(TypeCallRinging, c, x.number, "")
			return
		case x.kind == KindGroup && x.state == ConnQueued:
			m.emit(TypeCallQueued, c, x.number, "")
			return
		}
	}
	m.emit(TypeCallUpdated, c, "", "")
}

// touches reports whether c has a connection at one of the devices.
func (c *call) touches(devices map[string]bool) bool {
	for _, x := range c.conns {
		if devices[x.number] {
			return true
		}
	}
	return false
}

// snapshotState returns the state of the snapshot device in a snapshot
// entry; ok is false when the device is not in the call (null).
func snapshotState(sc csta.SnapshotCall) (ConnectionState, bool) {
	switch sc.StateKind {
	case csta.CallStateCompound:
		if len(sc.States) > 0 {
			return localState(sc.States[0])
		}
	case csta.CallStateSimple:
		// SimpleCallState (ECMA-285 module CSTA-status-reporting) packs two
		// connection states in hex digits, the local one low: callReceived
		// (50, 0x32) is the local device alerting with the other connected.
		return localState(csta.LocalConnectionState(sc.SimpleState&0xf) + 1)
	}
	return ConnConnected, true
}

// localState converts a CSTA local connection state.
func localState(s csta.LocalConnectionState) (ConnectionState, bool) {
	switch s {
	case csta.StateInitiated:
		return ConnInitiated, true
	case csta.StateAlerting:
		return ConnAlerting, true
	case csta.StateConnected:
		return ConnConnected, true
	case csta.StateHold:
		return ConnHeld, true
	case csta.StateQueued:
		return ConnQueued, true
	case csta.StateFail:
		return ConnFailed, true
	}
	return "", false
}
