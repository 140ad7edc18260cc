package cti

import (
	"fmt"

	"linka/cti/csta"
)

// connection returns the CSTA connection of call id at ext and its state.
func (m *model) connection(id, ext string) (csta.ConnectionID, ConnectionState, error) {
	c, ok := m.calls[id]
	if !ok {
		return csta.ConnectionID{}, "", fmt.Errorf("%w: %s", ErrCallNotFound, id)
	}
	x := c.conn(ext)
	if x == nil || ext == "" {
		return csta.ConnectionID{}, "", fmt.Errorf("%w: call %s, extension %q", ErrNotAtExtension, id, ext)
	}
	return c.connID(x), x.state, nil
}

// connID returns the CSTA connection identifier of x in c.
func (c *call) connID(x *conn) csta.ConnectionID {
	dev := x.dev
	if dev.Kind == csta.DeviceNone {
		dev = csta.DialingNumber(x.number)
	}
	return csta.ConnectionID{Call: []byte(c.cstaID), Device: dev}
}

// register returns the Linka id of the call a command started at ext
// (makeCall, consultationCall), creating it if its events have not come
// yet, and links a consultation to the call it was made from. It returns
// "" when the PBX named no call.
func (m *model) register(cid []byte, ext, consultOf string) string {
	if len(cid) == 0 {
		return ""
	}
	c := m.find(cid)
	if c == nil {
		m.at = m.now()
		c = m.newCall(string(cid))
		c.caller = ext
		c.epoch = m.epoch
	}
	if consultOf != "" && consultOf != c.id && c.consultOf == "" {
		c.consultOf = consultOf
	}
	return c.id
}

// transferPair returns the held and the active connection at ext for a
// transfer of call id: id may be the held call or the consultation.
func (m *model) transferPair(id, ext string) (held, active csta.ConnectionID, err error) {
	c, ok := m.calls[id]
	if !ok {
		return held, active, fmt.Errorf("%w: %s", ErrCallNotFound, id)
	}
	x := c.conn(ext)
	if x == nil || ext == "" {
		return held, active, fmt.Errorf("%w: call %s, extension %q", ErrNotAtExtension, id, ext)
	}
	o := m.partner(c, ext, x.state == ConnHeld)
	if o == nil {
		return held, active, fmt.Errorf("%w: call %s, extension %s", ErrNoConsultation, id, ext)
	}
	mine, theirs := c.connID(x), o.connID(o.conn(ext))
	if x.state == ConnHeld {
		return mine, theirs, nil
	}
	return theirs, mine, nil
}

// partner finds the other call of a transfer at ext: an active call when
// c is held there (wantActive), a held call otherwise; a call linked to c
// as consultation comes first.
func (m *model) partner(c *call, ext string, wantActive bool) *call {
	var found *call
	for _, o := range m.sortedCalls() {
		y := o.conn(ext)
		if o == c || y == nil || y.state == ConnFailed || (y.state == ConnHeld) == wantActive {
			continue
		}
		if o.consultOf == c.id || c.consultOf == o.id {
			return o
		}
		if found == nil {
			found = o
		}
	}
	return found
}
