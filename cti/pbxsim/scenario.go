package pbxsim

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"linka/cti/csta"
)

// Scenario errors.
var (
	// ErrCallEnded reports an action on a call that is over.
	ErrCallEnded = errors.New("pbxsim: the call has ended")
	// ErrNoTrunk reports that every trunk is busy.
	ErrNoTrunk = errors.New("pbxsim: every trunk is busy")
)

// Call is a scenario's handle on a simulated call, stable for the call's
// whole life: through a consultation transfer the handle of the held call
// goes on with the CSTA call id of the consultation call, and the
// consultation call's handle ends, merged into it.
type Call struct {
	p  *PBX
	id int64
	// Guarded by p.mu.
	c          *call // nil once the call ended
	mergedInto *Call
}

// end closes the handle of c when c ends.
func (h *Call) end(c *call) {
	if h.c == c {
		h.c = nil
	}
}

// mergeInto closes the handle of a call joined into o by a transfer.
func (h *Call) mergeInto(o *Call) {
	h.c, h.mergedInto = nil, o
}

// ID returns the handle's number, unique in the PBX and never reused.
func (h *Call) ID() int64 { return h.id }

// CallID returns the CSTA call id the call has now; false once it ended.
func (h *Call) CallID() (int, bool) {
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	if h.c == nil {
		return 0, false
	}
	return h.c.id, true
}

// Ended reports whether the call is over (or was merged into another).
func (h *Call) Ended() bool {
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	return h.c == nil
}

// MergedInto returns the call a transfer joined this one into, or nil.
func (h *Call) MergedInto() *Call {
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	return h.mergedInto
}

// Info returns the call as it is now; false once it ended.
func (h *Call) Info() (CallInfo, bool) {
	h.p.mu.Lock()
	defer h.p.mu.Unlock()
	if h.c == nil {
		return CallInfo{}, false
	}
	return h.c.info(), true
}

// with runs f on the live call under p.do.
func (h *Call) with(f func(c *call) error) error {
	return h.p.do(func() error {
		if h.c == nil {
			return ErrCallEnded
		}
		return f(h.c)
	})
}

// CallInfo is the ground truth about a call in progress.
type CallInfo struct {
	// ID is the handle number (Call.ID).
	ID int64
	// CallID is the CSTA call id now.
	CallID int
	// Direction is "inbound", "outbound" or "internal".
	Direction string
	// From is the caller: an external number ("" when withheld) or an
	// extension. To is the extension, group or external number called.
	From, To string
	// DDI is the number the caller dialed, for inbound calls.
	DDI string
	// Trunk and Group name the first trunk and the ICD group, if any.
	Trunk, Group string
	Started      time.Time
	Answered     time.Time // zero until answered
	Parties      []PartyInfo
}

// PartyInfo is one connection of a call.
type PartyInfo struct {
	// Device is an extension, a group (a queued call) or a trunk.
	Device string
	// Number is the external number of a trunk party.
	Number string
	State  csta.LocalConnectionState
}

// info builds the CallInfo of c. Runs with p.mu held.
func (c *call) info() CallInfo {
	ci := CallInfo{
		ID: c.handle.id, CallID: c.id, Direction: [...]string{"internal", "inbound", "outbound"}[c.dir],
		From: c.from, To: c.to, DDI: c.ddi, Started: c.started, Answered: c.answered,
	}
	if c.trunk != nil {
		ci.Trunk = c.trunk.number
	}
	if c.group != nil {
		ci.Group = c.group.number
	}
	for _, pt := range c.parties {
		ci.Parties = append(ci.Parties, PartyInfo{Device: pt.dev.number, Number: pt.number, State: pt.state})
	}
	return ci
}

// Calls returns the calls in progress, oldest handle first.
func (p *PBX) Calls() []CallInfo {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]CallInfo, 0, len(p.calls))
	for _, c := range p.calls {
		out = append(out, c.info())
	}
	slices.SortFunc(out, func(a, b CallInfo) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// IncomingCall makes an external caller (from, "" for a withheld number)
// call to, an extension, an ICD group or a DDI number, over a free trunk:
// serviceInitiated at the trunk, then delivered at the extension or at
// every free group member, or queued at the group when none is free.
func (p *PBX) IncomingCall(from, to string) (*Call, error) {
	var h *Call
	err := p.do(func() error {
		target, ddi := p.dir.byNumber[to], ""
		if t := p.dir.ddi[to]; t != nil {
			target, ddi = t, to
		}
		if target == nil || target.kind == kindTrunk {
			return fmt.Errorf("pbxsim: incoming call to %q: no extension, group or DDI has this number", to)
		}
		if ddi == "" {
			ddi = p.dir.ddiOf[target]
		}
		trunk := p.dir.freeTrunk()
		if trunk == nil {
			return ErrNoTrunk
		}
		c, err := p.newCall(dirInbound)
		if err != nil {
			return fmt.Errorf("pbxsim: incoming call: %w", err)
		}
		c.trunk, c.caller, c.ddi, c.from, c.to = trunk, from, ddi, from, target.number
		c.calling, c.called = csta.DialingNumber(from), target.id()
		if from == "" {
			c.calling = csta.DeviceID{Kind: csta.DeviceRestricted}
		}
		if ddi != "" {
			c.called = csta.DialingNumber(ddi)
		}
		pt := p.addParty(c, trunk, from, csta.StateInitiated)
		p.emitServiceInitiated(pt, csta.CauseNewCall)
		pt.state = csta.StateConnected
		p.offer(c, destination{dev: target}, csta.CauseNewCall)
		h = c.handle
		return nil
	})
	return h, err
}

// OutboundCall makes extension ext dial number (an external number, an
// extension or a group) by hand: serviceInitiated and originated at ext,
// then networkReached on a trunk or delivered at the called device. The
// far end of an external call answers with Answer(number).
func (p *PBX) OutboundCall(ext, number string) (*Call, error) {
	var h *Call
	err := p.do(func() error {
		e := p.dir.byNumber[ext]
		if e == nil || e.kind != kindExtension {
			return fmt.Errorf("pbxsim: outbound call from %q: not an extension", ext)
		}
		dialed := csta.DialingNumber(number)
		dest, known, err := p.dialTarget(e, dialed)
		if err != nil {
			return fmt.Errorf("pbxsim: outbound call to %q: cannot be dialed", number)
		}
		c, err := p.originate(e, dest, known, dialed, csta.CauseNewCall)
		if err != nil {
			return fmt.Errorf("pbxsim: outbound call: %w", err)
		}
		h = c.handle
		return nil
	})
	return h, err
}

// partyNamed finds the party of c called name: an extension or trunk
// number, or the external number of a trunk party.
func partyNamed(c *call, name string) *party {
	for _, pt := range c.parties {
		if pt.dev.number == name || (pt.external() && pt.number != "" && pt.number == name) {
			return pt
		}
	}
	return nil
}

// Answer makes party answer the call ringing it: an extension, or the far
// end of an outbound call (its number). Other members an ICD call was
// ringing are cleared.
func (h *Call) Answer(party string) error {
	return h.with(func(c *call) error {
		pt := partyNamed(c, party)
		if pt == nil || pt.state != csta.StateAlerting {
			return fmt.Errorf("pbxsim: answer: %s is not ringing in call %d", party, h.id)
		}
		h.p.answer(pt)
		return nil
	})
}

// Hangup makes party leave the call: an extension, a trunk, or the external
// number of a trunk party. A two-party call ends; a caller hanging up while
// the call rings or waits in a queue leaves it missed or abandoned.
func (h *Call) Hangup(party string) error {
	return h.with(func(c *call) error {
		pt := partyNamed(c, party)
		if pt == nil {
			return fmt.Errorf("pbxsim: hang up: %s is not in call %d", party, h.id)
		}
		h.p.clear(pt, csta.CauseNormalClearing)
		return nil
	})
}

// extensionIn returns the first extension party of c in state s.
func extensionIn(c *call, s csta.LocalConnectionState) *party {
	for _, pt := range c.parties {
		if pt.dev.kind == kindExtension && pt.state == s {
			return pt
		}
	}
	return nil
}

// Hold puts the call on hold at the (first) extension connected to it.
func (h *Call) Hold() error {
	return h.with(func(c *call) error {
		pt := extensionIn(c, csta.StateConnected)
		if pt == nil {
			return fmt.Errorf("pbxsim: hold: no extension is connected to call %d", h.id)
		}
		h.p.hold(pt, csta.CauseNormal)
		return nil
	})
}

// Retrieve takes the call back at the extension holding it.
func (h *Call) Retrieve() error {
	return h.with(func(c *call) error {
		pt := extensionIn(c, csta.StateHold)
		if pt == nil {
			return fmt.Errorf("pbxsim: retrieve: call %d is not held", h.id)
		}
		h.p.retrieve(pt)
		return nil
	})
}
