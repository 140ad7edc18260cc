package cti

import (
	"time"

	"linka/cti/csta"
)

// model is the live state of the PBX as the monitors report it: devices,
// calls and their connections, agents. It applies decoded CSTA events and
// snapshots and returns the bus events that follow; it does no I/O and is
// not safe for concurrent use (the Link serialises access).
//
// The PBX sends an event once per monitor that sees it, so every handler
// is idempotent: an event that changes nothing produces no bus event.
type model struct {
	now   func() time.Time
	dir   Directory
	ids   idGenerator
	devs  deviceTable
	calls map[string]*call // by Linka id
	// byCSTA maps the CSTA call id of every active call to it.
	byCSTA map[string]*call
	// epoch counts resyncs; calls remember the epoch of their last event.
	epoch uint64
	// at is the time of the event being applied, read once per event.
	at  time.Time
	out []Event
	// records collects the history records of ended calls until taken.
	records []CallRecord
}

// call is one call in progress.
type call struct {
	id        string
	cstaID    string
	state     CallState
	dir       Direction
	started   time.Time
	since     time.Time
	answered  time.Time
	answerer  string // first extension that answered
	caller    string
	called    string
	trunk     string
	conns     []*conn
	involved  []string // internal devices ever in the call, in order
	path      []PathStep
	consultOf string
	failed    bool
	epoch     uint64
}

// conn is one connection of a call: the call at a device.
type conn struct {
	number string
	// dev is the device as the PBX named it, for commands.
	dev   csta.DeviceID
	kind  DeviceKind // "" outside
	state ConnectionState
	// pending marks a transfer or diversion destination not yet confirmed
	// by its own event.
	pending bool
}

// newModel returns a model of the configured extensions and groups.
func newModel(extensions, groups []string, dir Directory, now func() time.Time) *model {
	if now == nil {
		now = time.Now
	}
	return &model{
		now:    now,
		dir:    dir,
		devs:   newDeviceTable(extensions, groups),
		calls:  make(map[string]*call),
		byCSTA: make(map[string]*call),
	}
}

// apply applies one CSTA event and appends the resulting bus events to out.
func (m *model) apply(ev csta.Event, out []Event) []Event {
	m.out, m.at = out, m.now()
	switch e := ev.(type) {
	case *csta.DeliveredEvent:
		m.delivered(e)
	case *csta.EstablishedEvent:
		m.established(e)
	case *csta.QueuedEvent:
		m.queued(e)
	case *csta.HeldEvent:
		m.held(e.Connection, e.HoldingDevice)
	case *csta.RetrievedEvent:
		m.retrieved(e.Connection, e.RetrievingDevice)
	case *csta.ConnectionClearedEvent:
		m.cleared(e)
	case *csta.FailedEvent:
		m.failedEv(e)
	case *csta.OriginatedEvent:
		m.originated(e)
	case *csta.ServiceInitiatedEvent:
		m.serviceInitiated(e)
	case *csta.NetworkReachedEvent:
		m.networkReached(e)
	case *csta.DivertedEvent:
		m.diverted(e)
	case *csta.TransferredEvent:
		m.transferred(e)
	case *csta.ConferencedEvent:
		m.conferenced(e)
	default:
		m.deviceEvent(ev)
	}
	out, m.out = m.out, nil
	return out
}

// find returns the active call with the CSTA call id, nil if none.
func (m *model) find(cid []byte) *call {
	if len(cid) == 0 {
		return nil
	}
	return m.byCSTA[string(cid)]
}

// callFor returns the call of a call-starting or call-continuing event
// with CSTA call id cid at subject, creating it when unknown. A known call
// that cannot be the event's call (the PBX reused the call id while an
// old call lingered) ends as lost and a new one takes its place.
func (m *model) callFor(cid []byte, subject, caller string) *call {
	if len(cid) == 0 {
		return nil
	}
	c := m.find(cid)
	if c != nil && m.stale(c, subject, caller) {
		m.end(c, EndLost)
		c = nil
	}
	if c == nil {
		c = m.newCall(string(cid))
	}
	c.epoch = m.epoch
	return c
}

// stale reports whether c cannot be the call an event at subject from
// caller belongs to: the subject is not in it and the callers differ.
func (m *model) stale(c *call, subject, caller string) bool {
	if caller == "" || c.caller == "" || caller == c.caller {
		return false
	}
	return c.conn(subject) == nil && c.conn(caller) == nil
}

// newCall starts a call with a new Linka id.
func (m *model) newCall(cid string) *call {
	now := m.at
	c := &call{id: m.ids.next(now), cstaID: cid, started: now, since: now, dir: DirectionUnknown}
	m.calls[c.id] = c
	m.byCSTA[cid] = c
	return c
}

// conn returns the connection at number, nil if none. The number ""
// stands for an outside party whose number the PBX withheld.
func (c *call) conn(number string) *conn {
	for _, x := range c.conns {
		if x.number == number {
			return x
		}
	}
	return nil
}

// setConn sets the state of the connection at dev, adding it when
// missing, and reports whether anything changed.
func (m *model) setConn(c *call, dev csta.DeviceID, number string, st ConnectionState) bool {
	if x := c.conn(number); x != nil {
		if dev.Kind != csta.DeviceNone {
			x.dev = dev
		}
		if x.pending {
			x.pending = false
			x.state = st
			return true
		}
		if x.state == st {
			return false
		}
		x.state = st
		return true
	}
	if number == "" && st != ConnConnected {
		return false
	}
	k := m.devs.kind(number)
	c.conns = append(c.conns, &conn{number: number, dev: dev, kind: k, state: st})
	if k == KindExtension || k == KindGroup {
		c.involve(number)
	}
	return true
}

// involve records an internal device as part of the call's history.
func (c *call) involve(number string) {
	for _, n := range c.involved {
		if n == number {
			return
		}
	}
	c.involved = append(c.involved, number)
}

// removeConn removes the connection at number and reports whether it was
// there.
func (c *call) removeConn(number string) (*conn, bool) {
	for i, x := range c.conns {
		if x.number == number {
			c.conns = append(c.conns[:i], c.conns[i+1:]...)
			return x, true
		}
	}
	return nil, false
}

// internalConns counts the connections at extensions and groups.
func (c *call) internalConns() int {
	n := 0
	for _, x := range c.conns {
		if x.kind == KindExtension || x.kind == KindGroup {
			n++
		}
	}
	return n
}

// step appends a path step.
func (m *model) step(c *call, action, device, to string) {
	c.path = append(c.path, PathStep{At: m.at, Action: action, Device: device, To: to})
}

// updateState derives the call state from its connections.
func (m *model) updateState(c *call) {
	st := c.derivedState()
	if st != c.state {
		c.state = st
		c.since = m.at
	}
}

// derivedState is the call state its connections imply.
func (c *call) derivedState() CallState {
	var in, all [rankCount]bool
	for _, x := range c.conns {
		r := connRank(x.state)
		all[r] = true
		if x.kind == KindExtension || x.kind == KindGroup {
			in[r] = true
		}
	}
	answered := !c.answered.IsZero()
	switch {
	case in[rankConnected] && answered:
		return CallConnected
	case in[rankHeld]:
		return CallHeld
	case all[rankAlerting]:
		return CallRinging
	case all[rankQueued]:
		return CallQueued
	case answered:
		return CallConnected
	}
	return CallDialing
}

// Ranks of connection states for derivedState.
const (
	rankOther = iota
	rankAlerting
	rankConnected
	rankHeld
	rankQueued
	rankCount
)

// connRank indexes connection states for derivedState.
func connRank(s ConnectionState) int {
	switch s {
	case ConnAlerting:
		return rankAlerting
	case ConnConnected:
		return rankConnected
	case ConnHeld:
		return rankHeld
	case ConnQueued:
		return rankQueued
	}
	return rankOther
}

// emit appends a call event of type typ about c at ext.
func (m *model) emit(typ string, c *call, ext, to string) {
	ce := CallEvent{Extension: ext, To: to, Call: m.info(c)}
	if ext != "" && m.dir != nil {
		if id, name, ok := m.dir.UserForExtension(ext); ok {
			ce.UserID, ce.UserName = id, name
		}
	}
	m.out = append(m.out, Event{Type: typ, At: m.at, Data: ce})
}

// end finishes c with reason and emits call.ended.
func (m *model) end(c *call, reason string) {
	now := m.at
	c.state = CallEnded
	c.since = now
	delete(m.calls, c.id)
	if m.byCSTA[c.cstaID] == c {
		delete(m.byCSTA, c.cstaID)
	}
	info := m.info(c)
	info.EndedAt = now
	info.EndReason = reason
	m.records = append(m.records, m.record(c, now, reason))
	m.out = append(m.out, Event{Type: TypeCallEnded, At: now, Data: CallEvent{Call: info}})
}

// takeRecords returns the records of the calls ended since the last call.
func (m *model) takeRecords() []CallRecord {
	r := m.records
	m.records = nil
	return r
}

// endReason tells why a call that lost its last party ended; external
// reports whether an outside party released it.
func (c *call) endReason(cause csta.EventCause, external bool) string {
	switch {
	case !c.answered.IsZero():
		return EndCompleted
	case c.failed:
		return EndFailed
	case c.dir != DirectionIncoming:
		return EndUnanswered
	case cause == csta.CauseCallNotAnswered:
		return EndMissed
	case external:
		return EndAbandoned
	}
	return EndMissed
}
