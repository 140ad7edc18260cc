package csta

// maxEventFields bounds the fields read from one event SEQUENCE; the
// largest event of ECMA-285 has 25.
const maxEventFields = 32

// fieldSet holds the fields of one SEQUENCE in order, for decoders that
// pick them by tag and occurrence. The first failure is kept in err and
// later calls return zero values, so decoders read straight through.
type fieldSet struct {
	// d is a copy of the decoder of the enclosing buffer; holding it by
	// value keeps the decoder of an event on the stack.
	d       decoder
	els     [maxEventFields]element
	n       int
	present uint64 // presentBit of every field read, to skip absent ones fast
	// first holds 1 + the position of the first field of each APPLICATION
	// tag below 32 (zero when absent), for constant-time lookups.
	first [32]int8
	err   error
}

// presentBit returns the bit of t in fieldSet.present: application and
// context tags below 32 get their own bit, everything else shares bit 63.
func presentBit(t tag) uint64 {
	n := t.number()
	switch {
	case n < 31 && t.class() == classApplication:
		return 1 << n
	case n < 31 && t.class() == classContext:
		return 1 << (32 + n)
	}
	return 1 << 63
}

// fields reads the children of e into fs. fs gets a copy of d: a string
// copy of the buffer made while decoding the fields stays with fs (see
// decoder.share).
func (d *decoder) fields(e element, fs *fieldSet) error {
	fs.d, fs.n, fs.err, fs.present = *d, 0, nil, 0
	fs.first = [32]int8{}
	r := e.children()
	for r.more() {
		f, err := r.next()
		if err != nil {
			return err
		}
		if fs.n == maxEventFields {
			return malformed("more than %d fields", maxEventFields)
		}
		fs.els[fs.n] = f
		fs.n++
		fs.present |= presentBit(f.tag)
		if n := f.tag.number(); f.tag.class() == classApplication && n < 32 && fs.first[n] == 0 {
			fs.first[n] = int8(fs.n)
		}
	}
	return nil
}

// fail records the first error.
func (fs *fieldSet) fail(err error) {
	if fs.err == nil && err != nil {
		fs.err = err
	}
}

// index returns the position of the nth field with tag t, or -1.
func (fs *fieldSet) index(t tag, nth int) int {
	if fs.present&presentBit(t) == 0 {
		return -1
	}
	if n := t.number(); nth == 0 && t.class() == classApplication && n < 32 {
		if i := int(fs.first[n]) - 1; i >= 0 && fs.els[i].tag == t {
			return i
		}
	}
	for i := 0; i < fs.n; i++ {
		if fs.els[i].tag == t {
			if nth == 0 {
				return i
			}
			nth--
		}
	}
	return -1
}

// find returns the nth field with tag t.
func (fs *fieldSet) find(t tag, nth int) (element, bool) {
	if i := fs.index(t, nth); i >= 0 {
		return fs.els[i], true
	}
	return element{}, false
}

// conn decodes the nth [APPLICATION 11] ConnectionID.
func (fs *fieldSet) conn(nth int, required bool, what string) ConnectionID {
	return fs.connTagged(tagConnectionID, nth, required, what)
}

// connTagged decodes the nth ConnectionID carried under tag t.
func (fs *fieldSet) connTagged(t tag, nth int, required bool, what string) ConnectionID {
	e, ok := fs.find(t, nth)
	if !ok {
		if required {
			fs.fail(malformed("%s: missing", what))
		}
		return ConnectionID{}
	}
	c, err := fs.d.connectionID(e)
	fs.fail(err)
	return c
}

// device decodes the nth device CHOICE with tag t.
func (fs *fieldSet) device(t tag, nth int, required bool, what string) DeviceID {
	e, ok := fs.find(t, nth)
	if !ok {
		if required {
			fs.fail(malformed("%s: missing", what))
		}
		return DeviceID{}
	}
	dev, err := fs.d.choiceDevice(e, t == tagRedirection)
	fs.fail(err)
	return dev
}

// plainDevice decodes the nth untagged DeviceID SEQUENCE.
func (fs *fieldSet) plainDevice(nth int) DeviceID {
	e, ok := fs.find(tagSequence, nth)
	if !ok {
		return DeviceID{}
	}
	dev, err := fs.d.deviceID(e)
	fs.fail(err)
	return dev
}

// localState decodes the optional LocalConnectionState.
func (fs *fieldSet) localState() LocalConnectionState {
	e, ok := fs.find(tagLocalState, 0)
	if !ok {
		return StateAbsent
	}
	s, err := parseLocalState(e.val)
	fs.fail(err)
	return s
}

// cause decodes the EventCause carried under tag t.
func (fs *fieldSet) cause(t tag, required bool) EventCause {
	e, ok := fs.find(t, 0)
	if !ok {
		if required {
			fs.fail(malformed("cause: missing"))
		}
		return CauseNone
	}
	n, err := parseSmallInt(e.val)
	fs.fail(err)
	return EventCause(n)
}

// raw returns the complete encoding of the field with tag t, or nil.
func (fs *fieldSet) raw(t tag) []byte {
	e, ok := fs.find(t, 0)
	if !ok {
		return nil
	}
	return fs.d.src[e.start : e.off+len(e.val)]
}

// optInt decodes an optional INTEGER under tag t.
func (fs *fieldSet) optInt(t tag) *int {
	e, ok := fs.find(t, 0)
	if !ok {
		return nil
	}
	n, err := parseSmallInt(e.val)
	fs.fail(err)
	return &n
}

// text decodes an optional string-like field under tag t.
func (fs *fieldSet) text(t tag) string {
	e, ok := fs.find(t, 0)
	if !ok {
		return ""
	}
	return fs.d.text(e)
}

// Parties are the devices a call event reports besides its subject
// (ECMA-269 clause 12.3: calling, called, last redirection, network and
// associated devices). Events that lack one of them leave it absent.
type Parties struct {
	CallingDevice           DeviceID
	CalledDevice            DeviceID
	LastRedirectionDevice   DeviceID
	NetworkCallingDevice    DeviceID
	NetworkCalledDevice     DeviceID
	AssociatedCallingDevice DeviceID
	AssociatedCalledDevice  DeviceID
}

// Common holds the fields most call events carry after their devices.
type Common struct {
	LocalConnectionInfo LocalConnectionState
	Cause               EventCause
	// Extensions is the complete encoding of the CSTACommonArguments
	// (security and private data), undecoded; nil if absent.
	Extensions []byte
}

// parties decodes the calling, called and redirection devices (required
// when mandatory) and the optional network and associated devices.
func (fs *fieldSet) parties(p *Parties, mandatory bool) {
	p.CallingDevice = fs.device(tagCallingDevice, 0, mandatory, "calling device")
	p.CalledDevice = fs.device(tagCalledDevice, 0, mandatory, "called device")
	p.LastRedirectionDevice = fs.device(tagRedirection, 0, mandatory, "last redirection device")
	p.NetworkCallingDevice = fs.device(tagNetworkCalling, 0, false, "")
	p.NetworkCalledDevice = fs.device(tagNetworkCalled, 0, false, "")
	p.AssociatedCallingDevice = fs.device(tagAssocCalling, 0, false, "")
	p.AssociatedCalledDevice = fs.device(tagAssocCalled, 0, false, "")
}

// common decodes local state, the required cause and the extensions
// carried under extTag.
func (fs *fieldSet) common(c *Common, extTag tag) {
	c.LocalConnectionInfo = fs.localState()
	c.Cause = fs.cause(tagEnumerated, true)
	c.Extensions = fs.raw(extTag)
}

// writeMandatoryDevice writes a mandatory device CHOICE, notKnown if absent.
func writeMandatoryDevice(w *berWriter, t tag, dev DeviceID, what string) {
	if dev.Kind == DeviceNone {
		dev.Kind = DeviceNotKnown
	}
	writeChoiceDevice(w, t, dev, t == tagRedirection, what)
}

// writeOptionalDevice writes a device CHOICE unless it is absent.
func writeOptionalDevice(w *berWriter, t tag, dev DeviceID, what string) {
	if dev.Kind != DeviceNone {
		writeChoiceDevice(w, t, dev, t == tagRedirection, what)
	}
}

// writeLocalState writes the LocalConnectionState unless absent.
func writeLocalState(w *berWriter, s LocalConnectionState) {
	if s != StateAbsent {
		w.integer(tagLocalState, int64(s)-1)
	}
}

// writeCause writes a mandatory EventCause.
func writeCause(w *berWriter, t tag, c EventCause) { w.integer(t, int64(c)) }

// writeRaw appends a pre-encoded element after checking it is one TLV.
func writeRaw(w *berWriter, b []byte, what string) {
	if b == nil {
		return
	}
	if err := checkRaw(b, what); err != nil {
		w.fail("%v", err)
		return
	}
	w.raw(b)
}

// writeNetworkParties writes the optional network and associated devices
// in module order.
func writeNetworkParties(w *berWriter, p *Parties) {
	writeOptionalDevice(w, tagNetworkCalling, p.NetworkCallingDevice, "network calling device")
	writeOptionalDevice(w, tagNetworkCalled, p.NetworkCalledDevice, "network called device")
	writeOptionalDevice(w, tagAssocCalling, p.AssociatedCallingDevice, "associated calling device")
	writeOptionalDevice(w, tagAssocCalled, p.AssociatedCalledDevice, "associated called device")
}
