package pbxsim

import (
	"bytes"
	"errors"

	"linka/cti/csta"
)

// handler serves one operation invoked by a client and returns the
// encoded result value. It runs with p.mu held. A *csta.Error is returned
// as a ReturnError, an argError as a ROSE Reject.
type handler func(p *PBX, s *session, arg []byte) ([]byte, error)

// argError reports an argument that does not decode.
type argError struct{ err error }

// Error describes the decoding failure.
func (e argError) Error() string { return "mistyped argument: " + e.err.Error() }

// mistyped wraps a decoding failure.
func mistyped(err error) error { return argError{err} }

// CSTA universal errors answered to bad requests (ECMA-285 module
// CSTA-error-definition).
var (
	errRequestIncompatible   = opError(2)  // requestIncompatibleWithObject
	errValueOutOfRange       = opError(3)  // valueOutOfRange
	errInvalidCallingDevice  = opError(5)  // invalidCallingDeviceID
	errInvalidCalledDevice   = opError(6)  // invalidCalledDeviceID
	errInvalidCallID         = opError(11) // invalidCallID
	errInvalidDeviceID       = opError(12) // invalidDeviceID
	errInvalidConnectionID   = opError(13) // invalidConnectionID
	errInvalidCrossRef       = opError(17) // invalidCrossRefID
	errInvalidParameterValue = opError(31) // invalidParameterValue
	errInvalidMonitorRef     = opError(60) // invalidMonitorCrossRefID
	errInvalidMonitorObject  = opError(62) // invalidMonitorObject
	errNotSameDevice         = opError(86) // notSameDevice
	errPrivateData           = opError(126)
	errCallingDeviceState    = stateError(19) // invalidCallingDeviceState
	errConnectionState       = stateError(25) // invalidConnectionState
	errActiveConnState       = stateError(26) // invalidActiveConnectionState
	errHeldConnState         = stateError(27) // invalidHeldConnectionState
	errResourceBusy          = &csta.Error{Class: csta.ClassSystemResourceAvailability, Value: 2}
)

func opError(v int) *csta.Error { return &csta.Error{Class: csta.ClassOperation, Value: v} }
func stateError(v int) *csta.Error {
	return &csta.Error{Class: csta.ClassStateIncompatibility, Value: v}
}

// handlerFor returns the handler of op, nil for operations the PBX does
// not offer.
func handlerFor(op csta.Operation) handler {
	switch op {
	case csta.OpMonitorStart:
		return (*PBX).monitorStart
	case csta.OpMonitorStop:
		return (*PBX).monitorStop
	case csta.OpSnapshotDevice:
		return (*PBX).snapshotDevice
	case csta.OpMakeCall:
		return (*PBX).makeCall
	case csta.OpAnswerCall, csta.OpClearConnection, csta.OpHoldCall, csta.OpRetrieveCall:
		return connectionHandler(op)
	case csta.OpConsultationCall:
		return (*PBX).consultationCall
	case csta.OpTransferCall:
		return (*PBX).transferCall
	case csta.OpSingleStepTransfer:
		return (*PBX).singleStepTransferCall
	case csta.OpDeflectCall:
		return (*PBX).deflectCall
	case csta.OpGenerateDigits, csta.OpSendDTMFTones:
		return digitsHandler(op)
	case csta.OpSetAgentState:
		return (*PBX).setAgentState
	case csta.OpEscape:
		return (*PBX).escape
	case csta.OpStartCDRTransmission:
		return (*PBX).startCDR
	case csta.OpStopCDRTransmission:
		return (*PBX).stopCDR
	case csta.OpSystemStatus, csta.OpSystemStatusPhase2:
		return (*PBX).systemStatus
	}
	return nil
}

// associate answers an AARQ: accepted for the CSTA application context,
// rejected (and the connection closed) otherwise or when MaxClients are
// already associated. An accepted association is followed by the first
// heartbeat.
func (p *PBX) associate(s *session, a *csta.AARQ) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s.associated || p.closed {
		return
	}
	aare := &csta.AARE{DiagnosticSource: csta.DiagnosticServiceUser, DiagnosticValue: 1, Versions: csta.VersionFive}
	if a.Versions != 0 && a.Versions&csta.VersionFive == 0 {
		aare.Versions = a.Versions
	}
	switch {
	case !a.ApplicationContext.Equal(csta.CSTAApplicationContext()):
		aare.Result = csta.AssociateRejectedPermanent
		aare.DiagnosticValue = 2 // application-context-name-not-supported
		s.sendAndClose(aare.Marshal())
		p.log.Debug("pbxsim: association rejected", "context", a.ApplicationContext.String())
		return
	case p.opts.MaxClients > 0 && p.associated >= p.opts.MaxClients:
		aare.Result = csta.AssociateRejectedTransient
		s.sendAndClose(aare.Marshal())
		return
	}
	s.associated = true
	p.associated++
	s.send(aare.Marshal())
	s.sendStatus(csta.StatusNormal)
	if d := p.opts.HeartbeatInterval; d > 0 {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			s.heartbeat(d)
		}()
	}
}

// serveInvoke answers one invoke of a client: a ReturnResult, a
// ReturnError or a Reject, with the events the service caused before or
// after it (Options.EventsBeforeResult).
func (p *PBX) serveInvoke(s *session, inv *csta.Invoke) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !s.associated {
		s.sendAndClose((&csta.ABRT{Source: 1}).Marshal())
		return
	}
	answer := p.answerInvoke(s, inv)
	p.serveQueues()
	if p.opts.EventsBeforeResult {
		p.flush()
		s.send(answer)
	} else {
		s.send(answer)
		p.flush()
	}
	for _, o := range s.after {
		s.sendInvoke(o.op, o.arg, false)
	}
	s.after = nil
}

// answerInvoke runs the handler of inv and encodes its answer.
func (p *PBX) answerInvoke(s *session, inv *csta.Invoke) []byte {
	reject := func(kind csta.ProblemKind, code int) []byte {
		return (&csta.Reject{InvokeID: inv.InvokeID, Problem: csta.RejectProblem{Kind: kind, Code: code}}).Marshal()
	}
	if fault, ok := p.faults.take(inv.Operation); ok {
		if fault == nil {
			return reject(csta.ProblemInvoke, problemResourceLimit)
		}
		return p.errorAnswer(inv, fault)
	}
	h := handlerFor(inv.Operation)
	if h == nil {
		p.log.Debug("pbxsim: unknown operation", "op", inv.Operation.String())
		return reject(csta.ProblemInvoke, problemUnrecognizedOp)
	}
	res, err := h(p, s, inv.Argument)
	var ae argError
	switch {
	case errors.As(err, &ae):
		p.log.Debug("pbxsim: rejected argument", "op", inv.Operation.String(), "err", ae.err)
		return reject(csta.ProblemInvoke, problemMistypedArg)
	case err != nil:
		return p.errorAnswer(inv, err)
	}
	b, err := (&csta.ReturnResult{InvokeID: inv.InvokeID, Operation: inv.Operation, Result: res}).Marshal()
	if err != nil {
		return p.errorAnswer(inv, err)
	}
	return b
}

// errorAnswer encodes err as a ReturnError with a UniversalFailure; errors
// that are not CSTA errors become an unspecified failure.
func (p *PBX) errorAnswer(inv *csta.Invoke, err error) []byte {
	var ce *csta.Error
	if !errors.As(err, &ce) {
		p.log.Debug("pbxsim: failed request", "op", inv.Operation.String(), "err", err)
		ce = &csta.Error{Class: csta.ClassUnspecified}
	}
	p.log.Debug("pbxsim: request refused", "op", inv.Operation.String(), "err", ce)
	b, _ := (&csta.ReturnError{InvokeID: inv.InvokeID, ErrorCode: csta.UniversalFailureCode, Parameter: ce.Marshal()}).Marshal()
	return b
}

// monitorStart starts a device monitor on an extension, group or trunk.
func (p *PBX) monitorStart(s *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeMonitorStartArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	if a.Device.IsZero() {
		return nil, errInvalidMonitorObject // call monitors are not offered
	}
	d := p.dir.lookup(a.Device)
	if d == nil {
		return nil, errInvalidDeviceID
	}
	for _, m := range s.monitors {
		if m.dev != d {
			continue
		}
		switch p.opts.Monitors {
		case MonitorReuse:
			return csta.MonitorStartResult{CrossRef: m.ref}.Marshal()
		case MonitorReject:
			return nil, errInvalidMonitorObject
		}
	}
	m := &monitor{s: s, dev: d, ref: s.newCrossRef()}
	s.monitors = append(s.monitors, m)
	p.monitors[d] = append(p.monitors[d], m)
	return csta.MonitorStartResult{CrossRef: m.ref}.Marshal()
}

// newCrossRef returns an unused 2-octet monitor cross reference. Numbers
// start at 1 for every association and again after an enabled status, as
// after a PBX restart. Runs with p.mu held.
func (s *session) newCrossRef() []byte {
	for {
		s.nextRef++
		if s.nextRef == 0 {
			continue
		}
		ref := []byte{byte(s.nextRef >> 8), byte(s.nextRef)}
		if s.monitorByRef(ref) == nil {
			return ref
		}
	}
}

// monitorByRef returns the monitor of s with cross reference ref, or nil.
func (s *session) monitorByRef(ref []byte) *monitor {
	for _, m := range s.monitors {
		if bytes.Equal(m.ref, ref) {
			return m
		}
	}
	return nil
}

// monitorStop ends a monitor of the calling client.
func (p *PBX) monitorStop(s *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeMonitorStopArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	m := s.monitorByRef(a.CrossRef)
	if m == nil {
		return nil, errInvalidMonitorRef
	}
	list := p.monitors[m.dev]
	for i, x := range list {
		if x == m {
			p.monitors[m.dev] = append(list[:i:i], list[i+1:]...)
		}
	}
	if len(p.monitors[m.dev]) == 0 {
		delete(p.monitors, m.dev)
	}
	for i, x := range s.monitors {
		if x == m {
			s.monitors = append(s.monitors[:i:i], s.monitors[i+1:]...)
			break
		}
	}
	return csta.NullResult(), nil
}

// snapshotDevice returns the calls at a device: for each its connection,
// the far end as endpoint and the compound call state, the device's own
// local state first.
func (p *PBX) snapshotDevice(_ *session, arg []byte) ([]byte, error) {
	a, err := csta.DecodeSnapshotDeviceArgument(arg)
	if err != nil {
		return nil, mistyped(err)
	}
	d := p.dir.lookup(a.Device)
	if d == nil {
		return nil, errInvalidDeviceID
	}
	res := csta.SnapshotDeviceResult{Calls: []csta.SnapshotCall{}}
	for _, pt := range d.parties {
		sc := csta.SnapshotCall{Connection: pt.conn(), StateKind: csta.CallStateCompound, States: []csta.LocalConnectionState{pt.state}}
		for _, o := range pt.call.parties {
			if o == pt {
				continue
			}
			sc.States = append(sc.States, o.state)
			if sc.Endpoint.IsZero() {
				sc.Endpoint = o.subject()
			}
		}
		res.Calls = append(res.Calls, sc)
	}
	return res.Marshal()
}

// systemStatus answers a systemStatus a client sends to the PBX.
func (p *PBX) systemStatus(_ *session, arg []byte) ([]byte, error) {
	if _, err := csta.DecodeSystemStatusArgument(arg); err != nil {
		return nil, mistyped(err)
	}
	return csta.NullResult(), nil
}
