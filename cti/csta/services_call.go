package csta

// Call control services (ECMA-285 clause 15.1, ECMA-269 clause 17.1).
// Optional fields not modelled here are skipped when decoding.

// MakeCallArgument places a call from a device (ECMA-285 §15.1.18, module
// CSTA-make-call; ECMA-269 §17.1.18).
type MakeCallArgument struct {
	Calling        DeviceID
	Called         DeviceID
	AccountCode    string // [0], optional
	AuthCode       string // [1], optional
	CorrelatorData string // [2], optional
	// DoNotPrompt sets autoOriginate [3] to doNotPrompt (default prompt).
	DoNotPrompt bool
	Extensions  []byte
}

// MakeCallResult returns the calling device's connection (ECMA-285
// §15.1.18, module CSTA-make-call).
type MakeCallResult struct {
	Connection ConnectionID
	Extensions []byte
}

// Tags of the make call and consultation fields.
var (
	tagAccountCode    = ctxPrim(0) // MakeCall accountCode [0]
	tagAuthCode       = ctxPrim(1) // MakeCall authCode [1]
	tagMakeCorrelator = ctxPrim(2) // MakeCall correlatorData [2]
	tagAutoOriginate  = ctxPrim(3) // MakeCall autoOriginate [3]
	tagExistingCall   = ctxCons(0) // Consultation existingCall [0] IMPLICIT
	tagConsultedDev   = ctxCons(1) // Consultation consultedDevice [1]
	tagConsultReserve = ctxPrim(2) // Consultation connectionReservation [2]
	tagConsultAccount = ctxPrim(3) // Consultation accountCode [3]
	tagConsultCorr    = ctxPrim(5) // Consultation correlatorData [5]
	tagConsultOptions = ctxPrim(10)
	tagTransferConns  = ctxCons(0) // transfer results connections [0] IMPLICIT
	tagSSTAccount     = ctxPrim(0) // single step transfer accountCode [0]
	tagSSTCorrelator  = ctxPrim(2) // single step transfer correlatorData [2]
	tagToneDuration   = ctxPrim(0) // generate digits toneDuration [0]
	tagPauseDuration  = ctxPrim(2) // generate digits pauseDuration [2]
)

// autoOriginateDoNotPrompt is the AutoOriginate value doNotPrompt(1).
const autoOriginateDoNotPrompt = 1

// Operation returns OpMakeCall.
func (a MakeCallArgument) Operation() Operation { return OpMakeCall }

// Marshal encodes the argument.
func (a MakeCallArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeDeviceID(w, a.Calling, "calling device")
		writeDeviceID(w, a.Called, "called directory number")
		writeOptionalText(w, tagAccountCode, a.AccountCode)
		writeOptionalText(w, tagAuthCode, a.AuthCode)
		if a.DoNotPrompt {
			w.integer(tagAutoOriginate, autoOriginateDoNotPrompt)
		}
		writeOptionalText(w, tagMakeCorrelator, a.CorrelatorData)
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeMakeCallArgument decodes a MakeCallArgument.
func DecodeMakeCallArgument(b []byte) (MakeCallArgument, error) {
	const what = "make call argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return MakeCallArgument{}, err
	}
	a := MakeCallArgument{
		Calling:        fs.plainDevice(0),
		Called:         fs.plainDevice(1),
		AccountCode:    fs.text(tagAccountCode),
		AuthCode:       fs.text(tagAuthCode),
		CorrelatorData: fs.text(tagMakeCorrelator),
		Extensions:     fs.raw(tagExtensions),
	}
	if v := fs.optInt(tagAutoOriginate); v != nil {
		a.DoNotPrompt = *v == autoOriginateDoNotPrompt
	}
	requireDevice(&fs, a.Calling, "calling device")
	requireDevice(&fs, a.Called, "called directory number")
	return a, fs.finish(what)
}

// Marshal encodes the result.
func (r MakeCallResult) Marshal() ([]byte, error) {
	return marshalConnResult(r.Connection, r.Extensions)
}

// DecodeMakeCallResult decodes a MakeCallResult.
func DecodeMakeCallResult(b []byte) (MakeCallResult, error) {
	c, ext, err := decodeConnResult(b, "make call result")
	return MakeCallResult{Connection: c, Extensions: ext}, err
}

// marshalConnResult encodes a result made of a connection and extensions.
func marshalConnResult(c ConnectionID, ext []byte) ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagConnectionID, c, "connection")
		writeRaw(w, ext, "extensions")
	})
}

// decodeConnResult decodes a result made of a connection and extensions.
func decodeConnResult(b []byte, what string) (ConnectionID, []byte, error) {
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return ConnectionID{}, nil, err
	}
	c := fs.conn(0, true, "connection")
	return c, fs.raw(tagExtensions), fs.finish(what)
}

// ConnectionArgument is the argument shape shared by the services that act
// on one connection: answerCall (ECMA-285 §15.1.3, module
// CSTA-answer-call), clearConnection (§15.1.8, CSTA-clear-connection),
// holdCall (§15.1.15, CSTA-hold-call) and retrieveCall (§15.1.23,
// CSTA-retrieve-call). Their results are noData.
type ConnectionArgument struct {
	Op         Operation
	Connection ConnectionID
	// CorrelatorData is sent by answerCall and clearConnection.
	CorrelatorData string
	// Reason is the clearConnection reason; CauseNone omits it.
	Reason EventCause
	// Reservation is the holdCall connectionReservation flag.
	Reservation bool
	Extensions  []byte
}

// AnswerCall returns the argument answering c.
func AnswerCall(c ConnectionID) ConnectionArgument {
	return ConnectionArgument{Op: OpAnswerCall, Connection: c}
}

// ClearConnection returns the argument clearing c.
func ClearConnection(c ConnectionID) ConnectionArgument {
	return ConnectionArgument{Op: OpClearConnection, Connection: c}
}

// HoldCall returns the argument holding c.
func HoldCall(c ConnectionID) ConnectionArgument {
	return ConnectionArgument{Op: OpHoldCall, Connection: c}
}

// RetrieveCall returns the argument retrieving c.
func RetrieveCall(c ConnectionID) ConnectionArgument {
	return ConnectionArgument{Op: OpRetrieveCall, Connection: c}
}

// Operation returns the operation the argument belongs to.
func (a ConnectionArgument) Operation() Operation { return a.Op }

// Marshal encodes the argument in the field order of its operation.
func (a ConnectionArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagConnectionID, a.Connection, a.Op.String()+" connection")
		switch a.Op {
		case OpAnswerCall, OpClearConnection:
			writeOptionalText(w, tagOctetString, a.CorrelatorData)
			if a.Op == OpClearConnection {
				writeOptionalCause(w, tagEnumerated, a.Reason)
			}
		case OpHoldCall:
			if a.Reservation {
				w.boolean(tagBoolean, true)
			}
		case OpRetrieveCall:
		default:
			w.fail("%v is not a single-connection service", a.Op)
		}
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeConnectionArgument decodes the argument of answerCall,
// clearConnection, holdCall or retrieveCall.
func DecodeConnectionArgument(op Operation, b []byte) (ConnectionArgument, error) {
	what := op.String() + " argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return ConnectionArgument{}, err
	}
	a := ConnectionArgument{
		Op:             op,
		Connection:     fs.conn(0, true, "connection"),
		CorrelatorData: fs.text(tagOctetString),
		Reason:         fs.cause(tagEnumerated, false),
		Extensions:     fs.raw(tagExtensions),
	}
	if e, ok := fs.find(tagBoolean, 0); ok {
		a.Reservation, err = parseBool(e.val)
		fs.fail(err)
	}
	return a, fs.finish(what)
}

// ConsultationCallArgument holds a call and calls another device
// (ECMA-285 §15.1.10, module CSTA-consultation-call; ECMA-269 §17.1.10).
type ConsultationCallArgument struct {
	Existing       ConnectionID // [0]
	Consulted      DeviceID     // [1]
	Reservation    bool         // [2]
	AccountCode    string       // [3]
	CorrelatorData string       // [5]
	// ConsultOptions is the ConsultOptions value [10]; 0 (unrestricted,
	// the default) is omitted.
	ConsultOptions int
	Extensions     []byte
}

// ConsultationCallResult returns the new call's connection (ECMA-285
// §15.1.10, module CSTA-consultation-call).
type ConsultationCallResult struct {
	Initiated  ConnectionID
	Extensions []byte
}

// Operation returns OpConsultationCall.
func (a ConsultationCallArgument) Operation() Operation { return OpConsultationCall }

// Marshal encodes the argument.
func (a ConsultationCallArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagExistingCall, a.Existing, "existing call")
		w.open(tagConsultedDev)
		writeDeviceID(w, a.Consulted, "consulted device")
		w.close()
		if a.Reservation {
			w.boolean(tagConsultReserve, true)
		}
		writeOptionalText(w, tagConsultAccount, a.AccountCode)
		writeOptionalText(w, tagConsultCorr, a.CorrelatorData)
		if a.ConsultOptions != 0 {
			w.integer(tagConsultOptions, int64(a.ConsultOptions))
		}
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeConsultationCallArgument decodes a ConsultationCallArgument.
func DecodeConsultationCallArgument(b []byte) (ConsultationCallArgument, error) {
	const what = "consultation call argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return ConsultationCallArgument{}, err
	}
	a := ConsultationCallArgument{
		Existing:       fs.connTagged(tagExistingCall, 0, true, "existing call"),
		AccountCode:    fs.text(tagConsultAccount),
		CorrelatorData: fs.text(tagConsultCorr),
		Extensions:     fs.raw(tagExtensions),
	}
	if e, ok := fs.find(tagConsultedDev, 0); ok {
		r := e.children()
		dev, err := r.expect(tagSequence, "consulted device")
		fs.fail(err)
		if err == nil {
			a.Consulted, err = fs.d.deviceID(dev)
			fs.fail(err)
		}
	} else {
		fs.fail(malformed("consulted device: missing"))
	}
	if e, ok := fs.find(tagConsultReserve, 0); ok {
		a.Reservation, err = parseBool(e.val)
		fs.fail(err)
	}
	if v := fs.optInt(tagConsultOptions); v != nil {
		a.ConsultOptions = *v
	}
	return a, fs.finish(what)
}

// Marshal encodes the result.
func (r ConsultationCallResult) Marshal() ([]byte, error) {
	return marshalConnResult(r.Initiated, r.Extensions)
}

// DecodeConsultationCallResult decodes a ConsultationCallResult.
func DecodeConsultationCallResult(b []byte) (ConsultationCallResult, error) {
	c, ext, err := decodeConnResult(b, "consultation call result")
	return ConsultationCallResult{Initiated: c, Extensions: ext}, err
}
