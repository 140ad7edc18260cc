package csta

import "fmt"

// SystemStatus is the SystemStatus ENUMERATED (ECMA-285 module
// CSTA-device-feature-types).
type SystemStatus int

// System statuses.
const (
	StatusInitializing      SystemStatus = 0
	StatusEnabled           SystemStatus = 1 // after a restart: monitors are gone
	StatusNormal            SystemStatus = 2 // the heartbeat
	StatusMessagesLost      SystemStatus = 3 // events were dropped
	StatusDisabled          SystemStatus = 4
	StatusOverloadImminent  SystemStatus = 5
	StatusOverloadReached   SystemStatus = 6
	StatusOverloadRelieved  SystemStatus = 7
	StatusPartiallyDisabled SystemStatus = 8
)

// String names the status as in the ASN.1 module.
func (s SystemStatus) String() string {
	const names = "0 initializing\n1 enabled\n2 normal\n3 messagesLost\n4 disabled\n" +
		"5 overloadImminent\n6 overloadReached\n7 overloadRelieved\n8 partiallyDisabled\n"
	if name, ok := lookupName(names, int(s)); ok {
		return name
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// SystemStatusArgument reports the status of the peer's system (ECMA-285
// §12.2.2, module CSTA-system-status; ECMA-269 §14.2.2). The PBX invokes
// it as the heartbeat; its result is noData.
type SystemStatusArgument struct {
	RegisterID []byte // sysStatRegisterID, optional
	Status     SystemStatus
	Extensions []byte
}

// Operation returns OpSystemStatus.
func (a SystemStatusArgument) Operation() Operation { return OpSystemStatus }

// Marshal encodes the argument.
func (a SystemStatusArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		if a.RegisterID != nil {
			w.prim(tagOctetString, a.RegisterID)
		}
		w.integer(tagEnumerated, int64(a.Status))
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeSystemStatusArgument decodes a SystemStatusArgument (also the
// Phase II argument of operation 52, which carries the same status).
func DecodeSystemStatusArgument(b []byte) (SystemStatusArgument, error) {
	const what = "system status argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return SystemStatusArgument{}, err
	}
	a := SystemStatusArgument{Extensions: fs.raw(tagExtensions)}
	if e, ok := fs.find(tagOctetString, 0); ok {
		a.RegisterID = e.val
	}
	if e, ok := fs.find(tagEnumerated, 0); ok {
		a.Status = SystemStatus(fs.smallInt(e))
	} else {
		fs.fail(malformed("system status: missing"))
	}
	return a, fs.finish(what)
}

// EscapeArgument carries private data to or from the PBX (ECMA-285
// §27.1.1, module CSTA-escape-service; ECMA-269 §29.1.1). Panasonic uses
// it for the KME system data requests and their segmented replies (see
// kme.go). Its result is CHOICE { extensions, noData }.
type EscapeArgument struct {
	// PrivateData is the complete encoding of the CSTAPrivateData
	// alternative, the last field of the argument.
	PrivateData []byte
}

// Operation returns OpEscape.
func (a EscapeArgument) Operation() Operation { return OpEscape }

// Marshal encodes the argument.
func (a EscapeArgument) Marshal() ([]byte, error) {
	if a.PrivateData == nil {
		return nil, fmt.Errorf("csta: cannot encode an escape without private data")
	}
	return marshalSeq(func(w *berWriter) { writeRaw(w, a.PrivateData, "escape private data") })
}

// DecodeEscapeArgument decodes an EscapeArgument.
func DecodeEscapeArgument(b []byte) (EscapeArgument, error) {
	const what = "escape argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return EscapeArgument{}, err
	}
	if fs.n == 0 {
		return EscapeArgument{}, malformed("%s: private data missing", what)
	}
	last := fs.els[fs.n-1]
	return EscapeArgument{PrivateData: fs.d.src[last.start:last.end]}, nil
}

// AgentRequest is the ReqAgentState ENUMERATED of setAgentState.
type AgentRequest int

// Requested agent states.
const (
	AgentLogOn            AgentRequest = 0
	AgentLogOff           AgentRequest = 1
	AgentNotReady         AgentRequest = 2
	AgentReady            AgentRequest = 3
	AgentWorkingAfterCall AgentRequest = 4
)

// SetAgentStateArgument changes an ACD agent's state (ECMA-285 §20.1.15,
// module CSTA-set-agent-state; ECMA-269 §22.1.15).
type SetAgentStateArgument struct {
	Device     DeviceID
	Requested  AgentRequest
	AgentID    string   // [2], optional
	Password   string   // [3], optional
	Group      DeviceID // optional
	Extensions []byte
}

// SetAgentStateResult returns the pending agent state, if any.
type SetAgentStateResult struct {
	// PendingState is the PendingAgentState value (0 agentNotReady, 1
	// agentNull, 2 agentReady, 3 agentWorkingAfterCall), valid when
	// HasPendingState.
	PendingState    int
	HasPendingState bool
	Extensions      []byte
}

// Tags of setAgentState.
var (
	tagSetAgentID  = ctxPrim(2)
	tagSetPassword = ctxPrim(3)
)

// Operation returns OpSetAgentState.
func (a SetAgentStateArgument) Operation() Operation { return OpSetAgentState }

// Marshal encodes the argument.
func (a SetAgentStateArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeDeviceID(w, a.Device, "agent device")
		w.integer(tagEnumerated, int64(a.Requested))
		writeOptionalText(w, tagSetAgentID, a.AgentID)
		writeOptionalText(w, tagSetPassword, a.Password)
		writeOptionalPlain(w, a.Group, "agent group")
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeSetAgentStateArgument decodes a SetAgentStateArgument.
func DecodeSetAgentStateArgument(b []byte) (SetAgentStateArgument, error) {
	const what = "set agent state argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return SetAgentStateArgument{}, err
	}
	a := SetAgentStateArgument{
		Device:     fs.plainDevice(0),
		AgentID:    fs.text(tagSetAgentID),
		Password:   fs.text(tagSetPassword),
		Group:      fs.plainDevice(1),
		Extensions: fs.raw(tagExtensions),
	}
	requireDevice(&fs, a.Device, "agent device")
	if e, ok := fs.find(tagEnumerated, 0); ok {
		a.Requested = AgentRequest(fs.smallInt(e))
	} else {
		fs.fail(malformed("requested agent state: missing"))
	}
	return a, fs.finish(what)
}

// Marshal encodes the result.
func (r SetAgentStateResult) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		if r.HasPendingState {
			w.integer(tagEnumerated, int64(r.PendingState))
		}
		writeRaw(w, r.Extensions, "extensions")
	})
}

// DecodeSetAgentStateResult decodes a SetAgentStateResult; an absent or
// NULL result is accepted as an empty one.
func DecodeSetAgentStateResult(b []byte) (SetAgentStateResult, error) {
	const what = "set agent state result"
	if b == nil || (len(b) == 2 && b[0] == 0x05 && b[1] == 0) {
		return SetAgentStateResult{}, nil
	}
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return SetAgentStateResult{}, err
	}
	r := SetAgentStateResult{Extensions: fs.raw(tagExtensions)}
	if e, ok := fs.find(tagEnumerated, 0); ok {
		r.PendingState, r.HasPendingState = fs.smallInt(e), true
	}
	return r, fs.finish(what)
}

// CDRTransferMode is the CDRTransferMode ENUMERATED (module
// CSTA-call-detail-record).
type CDRTransferMode int

// CDR transfer modes.
const (
	CDRAtEndOfCall        CDRTransferMode = 0
	CDROnRequest          CDRTransferMode = 1
	CDROnThresholdReached CDRTransferMode = 2
)

// StartCDRTransmissionArgument asks the PBX to send call detail records
// (ECMA-285 §25.1.4, module CSTA-start-call-detail-records-transmission;
// ECMA-269 §27.1.4). The PBX then invokes cDRReport.
type StartCDRTransmissionArgument struct {
	Mode       CDRTransferMode
	Extensions []byte
}

// StartCDRTransmissionResult returns the CDR cross reference.
type StartCDRTransmissionResult struct {
	CrossRef   []byte
	Extensions []byte
}

// Operation returns OpStartCDRTransmission.
func (a StartCDRTransmissionArgument) Operation() Operation { return OpStartCDRTransmission }

// Marshal encodes the argument.
func (a StartCDRTransmissionArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		w.integer(tagEnumerated, int64(a.Mode))
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeStartCDRTransmissionArgument decodes a StartCDRTransmissionArgument.
func DecodeStartCDRTransmissionArgument(b []byte) (StartCDRTransmissionArgument, error) {
	const what = "start CDR transmission argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return StartCDRTransmissionArgument{}, err
	}
	a := StartCDRTransmissionArgument{Extensions: fs.raw(tagExtensions)}
	if e, ok := fs.find(tagEnumerated, 0); ok {
		a.Mode = CDRTransferMode(fs.smallInt(e))
	} else {
		fs.fail(malformed("transfer mode: missing"))
	}
	return a, fs.finish(what)
}

// Marshal encodes the result.
func (r StartCDRTransmissionResult) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		w.prim(tagOctetString, r.CrossRef)
		writeRaw(w, r.Extensions, "extensions")
	})
}

// DecodeStartCDRTransmissionResult decodes a StartCDRTransmissionResult.
func DecodeStartCDRTransmissionResult(b []byte) (StartCDRTransmissionResult, error) {
	const what = "start CDR transmission result"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return StartCDRTransmissionResult{}, err
	}
	ref, ok := fs.find(tagOctetString, 0)
	if !ok {
		return StartCDRTransmissionResult{}, malformed("%s: cross reference missing", what)
	}
	return StartCDRTransmissionResult{CrossRef: ref.val, Extensions: fs.raw(tagExtensions)}, nil
}

// StopCDRTransmissionArgument stops the call detail records (ECMA-285
// §25.1.5, module CSTA-stop-call-detail-records-transmission; ECMA-269
// §27.1.5). Its result is noData.
type StopCDRTransmissionArgument struct {
	CrossRef []byte
	// TermReason is the CDRTermReason, sent when HasTermReason.
	TermReason    int
	HasTermReason bool
	Extensions    []byte
}

// Operation returns OpStopCDRTransmission.
func (a StopCDRTransmissionArgument) Operation() Operation { return OpStopCDRTransmission }

// Marshal encodes the argument.
func (a StopCDRTransmissionArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		w.prim(tagOctetString, a.CrossRef)
		if a.HasTermReason {
			w.integer(tagEnumerated, int64(a.TermReason))
		}
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeStopCDRTransmissionArgument decodes a StopCDRTransmissionArgument.
func DecodeStopCDRTransmissionArgument(b []byte) (StopCDRTransmissionArgument, error) {
	const what = "stop CDR transmission argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return StopCDRTransmissionArgument{}, err
	}
	ref, ok := fs.find(tagOctetString, 0)
	if !ok {
		return StopCDRTransmissionArgument{}, malformed("%s: cross reference missing", what)
	}
	a := StopCDRTransmissionArgument{CrossRef: ref.val, Extensions: fs.raw(tagExtensions)}
	if e, ok := fs.find(tagEnumerated, 0); ok {
		a.TermReason, a.HasTermReason = fs.smallInt(e), true
	}
	return a, fs.finish(what)
}
