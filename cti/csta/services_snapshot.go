package csta

// SnapshotDeviceArgument asks for the calls at a device (ECMA-285 §14.1.2,
// module CSTA-snapshot-device; ECMA-269 §16.1.2).
type SnapshotDeviceArgument struct {
	Device     DeviceID
	Extensions []byte
}

// Operation returns OpSnapshotDevice.
func (a SnapshotDeviceArgument) Operation() Operation { return OpSnapshotDevice }

// Marshal encodes the argument.
func (a SnapshotDeviceArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		writeDeviceID(w, a.Device, "snapshot object")
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeSnapshotDeviceArgument decodes a SnapshotDeviceArgument.
func DecodeSnapshotDeviceArgument(b []byte) (SnapshotDeviceArgument, error) {
	const what = "snapshot device argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return SnapshotDeviceArgument{}, err
	}
	a := SnapshotDeviceArgument{Device: fs.plainDevice(0), Extensions: fs.raw(tagExtensions)}
	requireDevice(&fs, a.Device, "snapshot object")
	return a, fs.finish(what)
}

// CallStateKind says which alternative of CallState a snapshot entry
// carries (ECMA-285 module CSTA-status-reporting, CallState).
type CallStateKind uint8

// Call state alternatives.
const (
	CallStateUnknown  CallStateKind = iota // unknown [2]
	CallStateCompound                      // compoundCallState [0]
	CallStateSimple                        // simpleCallState [1]
)

// SnapshotCall is one call at the device in a snapshot
// (SnapshotDeviceResponseInfo of module CSTA-status-reporting).
type SnapshotCall struct {
	Connection ConnectionID
	// Endpoint is the optional endpointDevice [3].
	Endpoint  DeviceID
	StateKind CallStateKind
	// States is the compound call state: the local connection state of
	// the snapshot device first, then those of the other devices.
	States []LocalConnectionState
	// SimpleState is the SimpleCallState value (e.g. 51 callEstablished).
	SimpleState int
}

// SnapshotDeviceResult answers snapshotDevice with the calls at the device
// (ECMA-285 §14.1.2, module CSTA-snapshot-device). A PBX may instead return
// a service cross reference and deliver the data later.
type SnapshotDeviceResult struct {
	Calls           []SnapshotCall
	ServiceCrossRef []byte
	Extensions      []byte
}

// Tags of SnapshotDeviceResponseInfo.
var (
	tagSnapEndpoint = ctxCons(3) // endpointDevice [3] IMPLICIT SubjectDeviceID
	tagCompound     = ctxCons(0) // compoundCallState [0] IMPLICIT
	tagSimple       = ctxPrim(1) // simpleCallState [1] IMPLICIT
	tagStateUnknown = ctxPrim(2) // unknown [2] IMPLICIT NULL
)

// maxSnapshotCalls bounds the calls accepted in one snapshot.
const maxSnapshotCalls = 256

// Marshal encodes the result.
func (r SnapshotDeviceResult) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		if r.ServiceCrossRef != nil {
			w.prim(tagOctetString, r.ServiceCrossRef)
		} else {
			w.open(tagSnapshotData)
			for _, c := range r.Calls {
				writeSnapshotCall(w, c)
			}
			w.close()
		}
		writeRaw(w, r.Extensions, "extensions")
	})
}

func writeSnapshotCall(w *berWriter, c SnapshotCall) {
	w.open(tagSequence)
	writeConnectionID(w, tagConnectionID, c.Connection, "snapshot connection")
	if !c.Endpoint.IsZero() {
		writeChoiceDevice(w, tagSnapEndpoint, c.Endpoint, false, "snapshot endpoint")
	}
	switch c.StateKind {
	case CallStateCompound:
		w.open(tagCompound)
		for _, s := range c.States {
			if s == StateAbsent {
				w.fail("snapshot: absent state in a compound call state")
			}
			w.integer(tagLocalState, int64(s)-1)
		}
		w.close()
	case CallStateSimple:
		w.integer(tagSimple, int64(c.SimpleState))
	default:
		w.null(tagStateUnknown)
	}
	w.close()
}

// DecodeSnapshotDeviceResult decodes a SnapshotDeviceResult.
func DecodeSnapshotDeviceResult(b []byte) (SnapshotDeviceResult, error) {
	const what = "snapshot device result"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return SnapshotDeviceResult{}, err
	}
	res := SnapshotDeviceResult{Extensions: fs.raw(tagExtensions)}
	if ref, ok := fs.find(tagOctetString, 0); ok {
		res.ServiceCrossRef = ref.val
		return res, nil
	}
	data, ok := fs.find(tagSnapshotData, 0)
	if !ok {
		return res, malformed("%s: no snapshot data", what)
	}
	r := data.children()
	for r.more() {
		if len(res.Calls) == maxSnapshotCalls {
			return res, malformed("%s: more than %d calls", what, maxSnapshotCalls)
		}
		item, err := r.expect(tagSequence, "snapshot entry")
		if err != nil {
			return res, within(what, err)
		}
		c, err := fs.d.snapshotCall(item)
		if err != nil {
			return res, within(what, err)
		}
		res.Calls = append(res.Calls, c)
	}
	return res, nil
}

// snapshotCall decodes one SnapshotDeviceResponseInfo. The call state is
// the first [0]/[1]/[2] field: servicesPermitted, also [0], follows it.
func (d *decoder) snapshotCall(item element) (SnapshotCall, error) {
	var c SnapshotCall
	r := item.children()
	conn, err := r.expect(tagConnectionID, "snapshot connection")
	if err != nil {
		return c, err
	}
	if c.Connection, err = d.connectionID(conn); err != nil {
		return c, err
	}
	if e, ok, err := r.optional(tagSnapEndpoint); err != nil {
		return c, err
	} else if ok {
		if c.Endpoint, err = d.choiceDevice(e, false); err != nil {
			return c, err
		}
	}
	st, err := r.next()
	if err != nil {
		return c, malformed("snapshot call state: missing")
	}
	switch st.tag {
	case tagCompound:
		c.StateKind = CallStateCompound
		sr := st.children()
		for sr.more() {
			e, err := sr.expect(tagLocalState, "compound call state")
			if err != nil {
				return c, err
			}
			s, err := parseLocalState(e.val)
			if err != nil {
				return c, err
			}
			c.States = append(c.States, s)
		}
	case tagSimple:
		c.StateKind = CallStateSimple
		c.SimpleState, err = parseSmallInt(st.val)
	case tagStateUnknown:
		err = checkNull(st.val)
	default:
		err = malformed("snapshot call state: unexpected tag %v", st.tag)
	}
	return c, err
}
