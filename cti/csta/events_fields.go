package csta

// conn decodes the nth [APPLICATION 11] ConnectionID.
func (fs *fieldSet) conn(nth int, required bool, what string) ConnectionID {
	return fs.connTagged(tagConnectionID, nth, required, what)
}

// connTagged decodes the nth ConnectionID carried under tag t.
func (fs *fieldSet) connTagged(t tag, nth int, required bool, what string) ConnectionID {
	i := fs.index(t, nth)
	if i < 0 {
		if required {
			fs.fail(malformed("%s: missing", what))
		}
		return ConnectionID{}
	}
	if c, ok := fs.d.fastConnection(int(fs.els[i].off), int(fs.els[i].end)); ok {
		return c
	}
	c, err := fs.d.connectionIDSlow(fs.at(i))
	fs.fail(err)
	return c
}

// device decodes the nth device CHOICE with tag t.
func (fs *fieldSet) device(t tag, nth int, required bool, what string) DeviceID {
	i := fs.index(t, nth)
	if i < 0 {
		if required {
			fs.fail(malformed("%s: missing", what))
		}
		return DeviceID{}
	}
	redirection := t == tagRedirection
	if dev, ok := fs.d.fastChoice(int(fs.els[i].off), int(fs.els[i].end), redirection); ok {
		return dev
	}
	dev, err := fs.d.choiceDeviceSlow(fs.at(i), redirection)
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
	i := fs.index(tagLocalState, 0)
	if i < 0 {
		return StateAbsent
	}
	s, err := parseLocalState(fs.content(i))
	fs.fail(err)
	return s
}

// cause decodes the EventCause carried under tag t.
func (fs *fieldSet) cause(t tag, required bool) EventCause {
	i := fs.index(t, 0)
	if i < 0 {
		if required {
			fs.fail(malformed("cause: missing"))
		}
		return CauseNone
	}
	n, err := parseSmallInt(fs.content(i))
	fs.fail(err)
	return EventCause(n)
}

// raw returns the complete encoding of the field with tag t, or nil.
func (fs *fieldSet) raw(t tag) []byte {
	i := fs.index(t, 0)
	if i < 0 {
		return nil
	}
	f := fs.els[i]
	return fs.d.src[f.start:f.end]
}

// optInt decodes an optional INTEGER under tag t.
func (fs *fieldSet) optInt(t tag) *int {
	i := fs.index(t, 0)
	if i < 0 {
		return nil
	}
	n, err := parseSmallInt(fs.content(i))
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
