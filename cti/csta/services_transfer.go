package csta

// TransferCallArgument transfers a held call to the active one (ECMA-285
// §15.1.27, module CSTA-transfer-call; ECMA-269 §17.1.27).
type TransferCallArgument struct {
	Held       ConnectionID
	Active     ConnectionID
	Extensions []byte
}

// TransferResult is the result of transferCall and of
// singleStepTransferCall (ECMA-285 §15.1.27 and §15.1.26): the connection
// of the transferred call and, optionally, how connections changed.
type TransferResult struct {
	Transferred ConnectionID
	Connections []ConnectionListEntry // [0], nil when absent
	Extensions  []byte
}

// Operation returns OpTransferCall.
func (a TransferCallArgument) Operation() Operation { return OpTransferCall }

// Marshal encodes the argument.
func (a TransferCallArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagConnectionID, a.Held, "held call")
		writeConnectionID(w, tagConnectionID, a.Active, "active call")
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeTransferCallArgument decodes a TransferCallArgument.
func DecodeTransferCallArgument(b []byte) (TransferCallArgument, error) {
	const what = "transfer call argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return TransferCallArgument{}, err
	}
	a := TransferCallArgument{
		Held:       fs.conn(0, true, "held call"),
		Active:     fs.conn(1, true, "active call"),
		Extensions: fs.raw(tagExtensions),
	}
	return a, fs.finish(what)
}

// Marshal encodes the result.
func (r TransferResult) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagConnectionID, r.Transferred, "transferred call")
		if r.Connections != nil {
			writeConnectionList(w, tagTransferConns, r.Connections)
		}
		writeRaw(w, r.Extensions, "extensions")
	})
}

// DecodeTransferResult decodes the result of transferCall or
// singleStepTransferCall.
func DecodeTransferResult(b []byte) (TransferResult, error) {
	const what = "transfer result"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return TransferResult{}, err
	}
	r := TransferResult{Transferred: fs.conn(0, true, "transferred call"), Extensions: fs.raw(tagExtensions)}
	if e, ok := fs.find(tagTransferConns, 0); ok {
		r.Connections, err = fs.d.connectionList(e)
		fs.fail(err)
		if r.Connections == nil && err == nil {
			r.Connections = []ConnectionListEntry{}
		}
	}
	return r, fs.finish(what)
}

// SingleStepTransferArgument transfers an active call to another device
// in one step (ECMA-285 §15.1.26, module CSTA-single-step-transfer,
// singleStepTrans CODE local:50; ECMA-269 §17.1.26).
type SingleStepTransferArgument struct {
	Active         ConnectionID
	TransferredTo  DeviceID
	AccountCode    string // [0]
	CorrelatorData string // [2]
	Extensions     []byte
}

// Operation returns OpSingleStepTransfer.
func (a SingleStepTransferArgument) Operation() Operation { return OpSingleStepTransfer }

// Marshal encodes the argument.
func (a SingleStepTransferArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagConnectionID, a.Active, "active call")
		writeDeviceID(w, a.TransferredTo, "transferred-to device")
		writeOptionalText(w, tagSSTAccount, a.AccountCode)
		writeOptionalText(w, tagSSTCorrelator, a.CorrelatorData)
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeSingleStepTransferArgument decodes a SingleStepTransferArgument.
func DecodeSingleStepTransferArgument(b []byte) (SingleStepTransferArgument, error) {
	const what = "single step transfer argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return SingleStepTransferArgument{}, err
	}
	a := SingleStepTransferArgument{
		Active:         fs.conn(0, true, "active call"),
		TransferredTo:  fs.plainDevice(0),
		AccountCode:    fs.text(tagSSTAccount),
		CorrelatorData: fs.text(tagSSTCorrelator),
		Extensions:     fs.raw(tagExtensions),
	}
	requireDevice(&fs, a.TransferredTo, "transferred-to device")
	return a, fs.finish(what)
}

// DeflectCallArgument diverts an alerting call to another device
// (ECMA-285 §15.1.11, module CSTA-deflect-call; ECMA-269 §17.1.11). Its
// result is noData.
type DeflectCallArgument struct {
	Call           ConnectionID
	NewDestination DeviceID
	Extensions     []byte
}

// Operation returns OpDeflectCall.
func (a DeflectCallArgument) Operation() Operation { return OpDeflectCall }

// Marshal encodes the argument.
func (a DeflectCallArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagConnectionID, a.Call, "call to be diverted")
		writeDeviceID(w, a.NewDestination, "new destination")
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeDeflectCallArgument decodes a DeflectCallArgument.
func DecodeDeflectCallArgument(b []byte) (DeflectCallArgument, error) {
	const what = "deflect call argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return DeflectCallArgument{}, err
	}
	a := DeflectCallArgument{
		Call:           fs.conn(0, true, "call to be diverted"),
		NewDestination: fs.plainDevice(0),
		Extensions:     fs.raw(tagExtensions),
	}
	requireDevice(&fs, a.NewDestination, "new destination")
	return a, fs.finish(what)
}

// DigitMode is the DigitMode of generateDigits (module
// CSTA-generate-digits).
type DigitMode int

// Digit modes.
const (
	DigitModeRotaryPulse DigitMode = 0
	DigitModeDTMF        DigitMode = 1
)

// GenerateDigitsArgument sends DTMF digits on a connection (ECMA-285
// §16.1.4, module CSTA-generate-digits; ECMA-269 §18.1.4). With Op set to
// OpSendDTMFTones it is sent as the Phase II sendDTMFTones (operation 19)
// used by some Panasonic clients; no ECMA-218 module was available to
// check that argument, so only the two fields the Phase III argument
// shares with it (connection and characters) are sent then. The result is
// noData.
type GenerateDigitsArgument struct {
	// Op is OpGenerateDigits (the zero value selects it too) or
	// OpSendDTMFTones.
	Op         Operation
	Connection ConnectionID
	Characters string
	// DigitMode is sent when HasDigitMode.
	DigitMode    DigitMode
	HasDigitMode bool
	// ToneDuration and PauseDuration are sent when positive.
	ToneDuration  int
	PauseDuration int
	Extensions    []byte
}

// Operation returns the operation of the argument.
func (a GenerateDigitsArgument) Operation() Operation {
	if a.Op == OpSendDTMFTones {
		return OpSendDTMFTones
	}
	return OpGenerateDigits
}

// Marshal encodes the argument.
func (a GenerateDigitsArgument) Marshal() ([]byte, error) {
	phase2 := a.Operation() == OpSendDTMFTones
	return marshalSeq(func(w *berWriter) {
		writeConnectionID(w, tagConnectionID, a.Connection, "connection to send digits")
		if a.HasDigitMode && !phase2 {
			w.integer(tagEnumerated, int64(a.DigitMode))
		}
		w.str(tagIA5String, a.Characters)
		if phase2 {
			return
		}
		if a.ToneDuration > 0 {
			w.integer(tagToneDuration, int64(a.ToneDuration))
		}
		if a.PauseDuration > 0 {
			w.integer(tagPauseDuration, int64(a.PauseDuration))
		}
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeGenerateDigitsArgument decodes the argument of generateDigits or
// sendDTMFTones (op selects which).
func DecodeGenerateDigitsArgument(op Operation, b []byte) (GenerateDigitsArgument, error) {
	what := op.String() + " argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return GenerateDigitsArgument{}, err
	}
	a := GenerateDigitsArgument{
		Op:         op,
		Connection: fs.conn(0, true, "connection to send digits"),
		Extensions: fs.raw(tagExtensions),
	}
	if e, ok := fs.find(tagIA5String, 0); ok {
		a.Characters = fs.d.text(e)
	} else {
		fs.fail(malformed("characters to send: missing"))
	}
	if e, ok := fs.find(tagEnumerated, 0); ok {
		a.DigitMode, a.HasDigitMode = DigitMode(fs.smallInt(e)), true
	}
	if v := fs.optInt(tagToneDuration); v != nil {
		a.ToneDuration = *v
	}
	if v := fs.optInt(tagPauseDuration); v != nil {
		a.PauseDuration = *v
	}
	return a, fs.finish(what)
}
