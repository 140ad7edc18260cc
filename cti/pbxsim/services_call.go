package pbxsim

import (
	"errors"
	"strings"

	"linka/cti/csta"
)

// Call control services (ECMA-269 clause 17.1). Every handler runs with
// p.mu held.

// errInvalidDestination is invalidDestination, for transfer and deflect
// targets that cannot be reached.
var errInvalidDestination = opError(14)

// callIDValue decodes a CSTA call identifier of one to four octets.
func callIDValue(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		n = n<<8 | int(c)
	}
	return n, true
}

// partyOf finds the party a client names by a connection identifier. An
// external party may also be named by its number instead of its trunk.
func (p *PBX) partyOf(conn csta.ConnectionID) (*party, error) {
	id, ok := callIDValue(conn.Call)
	c := p.calls[id]
	if !ok || c == nil {
		return nil, errInvalidCallID
	}
	if d := p.dir.lookup(conn.Device); d != nil {
		if pt := c.partyAt(d); pt != nil {
			return pt, nil
		}
	}
	if conn.Device.Kind == csta.DeviceDialingNumber {
		for _, pt := range c.parties {
			if pt.external() && pt.number != "" && pt.number == conn.Device.Digits {
				return pt, nil
			}
		}
	}
	return nil, errInvalidConnectionID
}

// extensionParty finds the party of an extension in state want.
func (p *PBX) extensionParty(conn csta.ConnectionID, want csta.LocalConnectionState, stateErr error) (*party, error) {
	pt, err := p.partyOf(conn)
	if err != nil {
		return nil, err
	}
	if pt.dev.kind != kindExtension {
		return nil, errRequestIncompatible
	}
	if pt.state != want {
		return nil, stateErr
	}
	return pt, nil
}

// connectionHandler serves answerCall, clearConnection, holdCall and
// retrieveCall.
func connectionHandler(op csta.Operation) handler {
	return func(p *PBX, _ *session, arg []byte) ([]byte, error) {
		a, err := csta.DecodeConnectionArgument(op, arg)
		if err != nil {
			return nil, mistyped(err)
		}
		var pt *party
		switch op {
		case csta.OpAnswerCall:
			if pt, err = p.extensionParty(a.Connection, csta.StateAlerting, errConnectionState); err == nil {
				p.answer(pt)
			}
		case csta.OpClearConnection:
			if pt, err = p.partyOf(a.Connection); err == nil {
				cause := csta.CauseNormalClearing
				if a.Reason != csta.CauseNone {
					cause = a.Reason
				}
				p.clear(pt, cause)
			}
		case csta.OpHoldCall:
			if pt, err = p.extensionParty(a.Connection, csta.StateConnected, errConnectionState); err == nil {
				p.hold(pt, csta.CauseNormal)
			}
		case csta.OpRetrieveCall:
			if pt, err = p.extensionParty(a.Connection, csta.StateHold, errConnectionState); err == nil {
				p.retrieve(pt)
			}
		}
		if err != nil {
			return nil, err
		}
		return csta.NullResult(), nil
	}
}

// busy reports whether an extension is ringing, dialing or talking.
func busy(d *device) bool {
	for _, pt := range d.parties {
		if pt.state != csta.StateHold {
			return true
		}
	}
	return false
}

// dialTarget resolves a dialed device for makeCall and consultationCall:
// known is false for an internal number no device has, which makes the
// call fail after it started.
func (p *PBX) dialTarget(from *device, to csta.DeviceID) (dest destination, known bool, err error) {
	dest, err = p.dir.resolve(to)
	switch {
	case errors.Is(err, errUnknownNumber):
		return dest, false, nil
	case err != nil || dest.dev == from:
		return dest, false, errInvalidCalledDevice
	}
	return dest, true, nil
}

// makeCall places a call from an idle extension.
func (p *PBX) makeCall(_ *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeMakeCallArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	ext := p.dir.lookup(a.Calling)
	if ext == nil || ext.kind != kindExtension {
		return nil, errInvalidCallingDevice
	}
	if busy(ext) {
		return nil, errCallingDeviceState
	}
	dest, known, err := p.dialTarget(ext, a.Called)
	if err != nil {
		return nil, err
	}
	c, err := p.originate(ext, dest, known, a.Called, csta.CauseMakeCall)
	if err != nil {
		return nil, errResourceBusy
	}
	return csta.MakeCallResult{Connection: csta.ConnectionID{Call: c.callID(), Device: ext.id()}}.Marshal()
}

// consultationCall holds a connected call and calls another device.
func (p *PBX) consultationCall(_ *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeConsultationCallArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	held, err := p.extensionParty(a.Existing, csta.StateConnected, errConnectionState)
	if err != nil {
		return nil, err
	}
	dest, known, err := p.dialTarget(held.dev, a.Consulted)
	if err != nil {
		return nil, err
	}
	c2, err := p.consult(held, dest, known, a.Consulted)
	if err != nil {
		return nil, errResourceBusy
	}
	return csta.ConsultationCallResult{Initiated: csta.ConnectionID{Call: c2.callID(), Device: held.dev.id()}}.Marshal()
}

// transferCall joins a held call and an active call of one device.
func (p *PBX) transferCall(_ *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeTransferCallArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	held, err := p.extensionParty(a.Held, csta.StateHold, errHeldConnState)
	if err != nil {
		return nil, err
	}
	active, err := p.extensionParty(a.Active, csta.StateConnected, errActiveConnState)
	switch {
	case err != nil:
		return nil, err
	case held.dev != active.dev:
		return nil, errNotSameDevice
	case held.call == active.call:
		return nil, errRequestIncompatible
	}
	return p.transfer(held, active).Marshal()
}

// transferTargetOf resolves the destination of a single-step transfer or a
// deflection.
func (p *PBX) transferTargetOf(from *device, to csta.DeviceID) (destination, error) {
	dest, err := p.dir.resolve(to)
	if err != nil || dest.dev == from {
		return destination{}, errInvalidDestination
	}
	return dest, nil
}

// singleStepTransferCall moves a connected call to another device.
func (p *PBX) singleStepTransferCall(_ *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeSingleStepTransferArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	pt, err := p.extensionParty(a.Active, csta.StateConnected, errConnectionState)
	if err != nil {
		return nil, err
	}
	dest, err := p.transferTargetOf(pt.dev, a.TransferredTo)
	if err != nil {
		return nil, err
	}
	return p.singleStepTransfer(pt, dest).Marshal()
}

// deflectCall diverts an alerting call to another device.
func (p *PBX) deflectCall(_ *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeDeflectCallArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	pt, err := p.extensionParty(a.Call, csta.StateAlerting, errConnectionState)
	if err != nil {
		return nil, err
	}
	dest, err := p.transferTargetOf(pt.dev, a.NewDestination)
	if err != nil {
		return nil, err
	}
	p.deflect(pt, dest)
	return csta.NullResult(), nil
}

// digitsHandler serves generateDigits and the Phase II sendDTMFTones: the
// digits must be DTMF characters and the connection connected. No event
// follows.
func digitsHandler(op csta.Operation) handler {
	return func(p *PBX, _ *session, arg []byte) ([]byte, error) {
		a, err := csta.DecodeGenerateDigitsArgument(op, arg)
		if err != nil {
			return nil, mistyped(err)
		}
		if _, err := p.extensionParty(a.Connection, csta.StateConnected, errConnectionState); err != nil {
			return nil, err
		}
		if a.Characters == "" || strings.Trim(a.Characters, "0123456789*#ABCD") != "" {
			return nil, errInvalidParameterValue
		}
		return csta.NullResult(), nil
	}
}

// setAgentState logs an ICD agent on or off or changes its state.
func (p *PBX) setAgentState(_ *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeSetAgentStateArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	ext := p.dir.lookup(a.Device)
	if ext == nil || ext.kind != kindExtension {
		return nil, errInvalidDeviceID
	}
	var group *device
	if !a.Group.IsZero() {
		if group = p.dir.lookup(a.Group); group == nil || group.kind != kindGroup {
			return nil, errAgentGroup
		}
	}
	if err := p.setAgent(ext, a.Requested, group); err != nil {
		return nil, err
	}
	return csta.NullResult(), nil
}
