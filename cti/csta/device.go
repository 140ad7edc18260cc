package csta

import (
	"fmt"
	"strconv"
	"strings"
)

// DeviceKind says which alternative a DeviceID holds. The identifier
// forms follow DeviceID.deviceIdentifier of ECMA-285 module
// CSTA-device-identifiers; the others are the NULL alternatives of the
// APPLICATION-tagged device CHOICEs (CallingDeviceID, SubjectDeviceID, …)
// and the dynamicID of LocalDeviceID (module
// CSTA-call-connection-identifiers).
type DeviceKind uint8

// Device kinds. For the identifier forms, kind-1 is the context tag.
const (
	DeviceNone            DeviceKind = iota // absent
	DeviceDialingNumber                     // dialingNumber [0] IA5String
	DeviceNumbered                          // deviceNumber [1] INTEGER (Panasonic device numbers)
	DeviceImplicitPublic                    // implicitPublic [2]
	DeviceExplicitPublic                    // explicitPublic [3] PublicTON
	DeviceImplicitPrivate                   // implicitPrivate [4]
	DeviceExplicitPrivate                   // explicitPrivate [5] PrivateTON
	DeviceOther                             // other [6] OCTET STRING
	DeviceDynamic                           // LocalDeviceID dynamicID [3]
	DeviceNotKnown                          // notKnown [7]
	DeviceRestricted                        // restricted [8], or [10] in RedirectionDeviceID
	DeviceNotRequired                       // RedirectionDeviceID notRequired [8]
	DeviceNotSpecified                      // RedirectionDeviceID notSpecified [9]
)

// String names the kind.
func (k DeviceKind) String() string {
	const names = "none dialingNumber deviceNumber implicitPublic explicitPublic implicitPrivate " +
		"explicitPrivate other dynamic notKnown restricted notRequired notSpecified"
	if f := strings.Fields(names); int(k) < len(f) {
		return f[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// identifies reports whether k names a device (rather than saying why no
// device is given).
func (k DeviceKind) identifies() bool { return k >= DeviceDialingNumber && k <= DeviceOther }

// DeviceID identifies a device (ECMA-285 module CSTA-device-identifiers,
// DeviceID, and the device CHOICEs built on it; ECMA-269 clause 12.3.12).
// The optional privateNumber, privateName and mediaCallCharacteristics of
// DeviceID are skipped when decoding: keeping the type at 32 bytes keeps
// the events small, and no Panasonic capture shows them.
type DeviceID struct {
	Kind DeviceKind
	// TypeOfNumber is the PublicTON or PrivateTON alternative (its context
	// tag) for the explicit forms.
	TypeOfNumber uint8
	// Digits holds the number of every string form, and the octets of the
	// other and dynamic forms.
	Digits string
	// Number is the device number of DeviceNumbered.
	Number int64
}

// DialingNumber returns the device with the given dialing number.
func DialingNumber(digits string) DeviceID {
	return DeviceID{Kind: DeviceDialingNumber, Digits: digits}
}

// DeviceNumber returns the device with the given device number.
func DeviceNumber(n int64) DeviceID { return DeviceID{Kind: DeviceNumbered, Number: n} }

// IsZero reports whether no device is given.
func (d DeviceID) IsZero() bool { return d.Kind == DeviceNone }

// String renders the device: digits as they are, a device number as
// "#number", other kinds by name.
func (d DeviceID) String() string {
	switch {
	case d.Kind == DeviceNumbered:
		return "#" + strconv.FormatInt(d.Number, 10)
	case d.Kind.identifies() || d.Kind == DeviceDynamic:
		return d.Digits
	}
	return d.Kind.String()
}

// Tags of DeviceID and the device CHOICEs.
var (
	tagCallingDevice    = appCons(1)  // CallingDeviceID
	tagCalledDevice     = appCons(2)  // CalledDeviceID
	tagSubjectDevice    = appCons(3)  // SubjectDeviceID
	tagRedirection      = appCons(4)  // RedirectionDeviceID
	tagAssocCalling     = appCons(5)  // AssociatedCallingDeviceID
	tagAssocCalled      = appCons(6)  // AssociatedCalledDeviceID
	tagNetworkCalling   = appCons(7)  // NetworkCallingDeviceID
	tagNetworkCalled    = appCons(8)  // NetworkCalledDeviceID
	tagConnectionID     = appCons(11) // ConnectionID
	tagLocalState       = appPrim(14) // LocalConnectionState
	tagCrossRefID       = appPrim(21) // MonitorCrossRefID
	tagExtensions       = appCons(30) // CSTACommonArguments
	tagUserData         = appPrim(29) // UserData
	tagCallID           = ctxPrim(0)  // ConnectionID callID [0]
	tagConnDevice       = ctxCons(1)  // ConnectionID deviceID [1] explicit
	tagDynamicID        = ctxPrim(3)  // LocalDeviceID dynamicID [3]
	tagNotKnown         = ctxPrim(7)  // notKnown [7] NULL
	tagRestricted       = ctxPrim(8)  // restricted [8] NULL
	tagRedirNotRequired = ctxPrim(8)  // RedirectionDeviceID notRequired [8]
	tagRedirNotSpecd    = ctxPrim(9)  // RedirectionDeviceID notSpecified [9]
	tagRedirRestricted  = ctxPrim(10) // RedirectionDeviceID restricted [10]
	tagExplicitPublic   = ctxCons(3)  // explicitPublic [3] PublicTON
	tagExplicitPrivate  = ctxCons(5)  // explicitPrivate [5] PrivateTON
	tagIdentifierNumber = ctxPrim(1)  // deviceNumber
)

// decoder decodes elements of one buffer. Decoded strings are cut from
// one string copy of the buffer from the first string on, so they cost a
// single allocation in total; a string before that point, which only
// decoders reading fields out of order ask for, makes a copy of the whole
// buffer.
type decoder struct {
	src  []byte
	str  string // copy of src[base:] once has is set
	base int
	has  bool
}

// share adopts the string copy a decoder copied from d has made, so
// that the records of one buffer share a single copy.
func (d *decoder) share(child *decoder) {
	if !d.has && child.has {
		d.str, d.base, d.has = child.str, child.base, true
	}
}

// stringAt returns src[off:end] as a string.
func (d *decoder) stringAt(off, end int) string {
	switch {
	case !d.has:
		d.str, d.base, d.has = string(d.src[off:]), off, true
	case off < d.base:
		d.str, d.base = string(d.src), 0
	}
	return d.str[off-d.base : end-d.base]
}

// text returns the value of e as a string.
func (d *decoder) text(e element) string { return d.stringAt(e.off, e.off+len(e.val)) }

// deviceID decodes a DeviceID SEQUENCE. For tolerance a bare identifier
// alternative (without the SEQUENCE) is accepted too.
func (d *decoder) deviceID(e element) (DeviceID, error) {
	if e.tag != tagSequence {
		return d.identifier(e)
	}
	r := e.children()
	id, err := r.next()
	if err != nil {
		return DeviceID{}, err
	}
	return d.identifier(id)
}

// identifier decodes one deviceIdentifier alternative.
func (d *decoder) identifier(e element) (DeviceID, error) {
	switch {
	case e.tag == tagIdentifierNumber:
		n, err := parseInt(e.val)
		return DeviceID{Kind: DeviceNumbered, Number: n}, err
	case e.tag == tagExplicitPublic || e.tag == tagExplicitPrivate:
		r := e.children()
		ton, err := r.next()
		if err != nil {
			return DeviceID{}, err
		}
		if ton.tag.class() != classContext || ton.tag.constructed() || ton.tag.number() > 6 {
			return DeviceID{}, malformed("type of number: unexpected tag %v", ton.tag)
		}
		kind := DeviceKind(e.tag.number() + 1)
		return DeviceID{Kind: kind, TypeOfNumber: uint8(ton.tag.number()), Digits: d.text(ton)}, nil
	case e.tag.class() == classContext && !e.tag.constructed() && e.tag.number() <= 6:
		return DeviceID{Kind: DeviceKind(e.tag.number() + 1), Digits: d.text(e)}, nil
	}
	return DeviceID{}, malformed("device identifier: unexpected tag %v", e.tag)
}

// choiceDevice decodes the content of a device CHOICE (CallingDeviceID and
// the like) whose outer tag has already been read, explicit or implicit.
func (d *decoder) choiceDevice(e element, redirection bool) (DeviceID, error) {
	if dev, ok := d.fastChoice(e.off, e.off+len(e.val), redirection); ok {
		return dev, nil
	}
	return d.choiceDeviceSlow(e, redirection)
}

// choiceDeviceSlow is choiceDevice for every encoding, reporting what is
// malformed.
func (d *decoder) choiceDeviceSlow(e element, redirection bool) (DeviceID, error) {
	r := e.children()
	c, err := r.next()
	if err != nil {
		return DeviceID{}, err
	}
	if r.more() {
		return DeviceID{}, malformed("%v: more than one alternative", e.tag)
	}
	if kind, ok := nullAlternative(c.tag, redirection); ok {
		return DeviceID{Kind: kind}, checkNull(c.val)
	}
	return d.deviceID(c)
}

// nullAlternative returns the kind of device a NULL alternative of a
// device CHOICE stands for; redirection selects the alternatives of
// RedirectionDeviceID.
func nullAlternative(t tag, redirection bool) (DeviceKind, bool) {
	switch {
	case t == tagNotKnown:
		return DeviceNotKnown, true
	case t == tagRestricted && !redirection:
		return DeviceRestricted, true
	case t == tagRedirNotRequired && redirection:
		return DeviceNotRequired, true
	case t == tagRedirNotSpecd && redirection:
		return DeviceNotSpecified, true
	case t == tagRedirRestricted && redirection:
		return DeviceRestricted, true
	}
	return DeviceNone, false
}

// writeDeviceID writes a DeviceID SEQUENCE.
func writeDeviceID(w *berWriter, dev DeviceID, what string) {
	if !dev.Kind.identifies() {
		w.fail("%s: device of kind %v is not a device identifier", what, dev.Kind)
		return
	}
	w.open(tagSequence)
	writeIdentifier(w, dev)
	w.close()
}

// writeIdentifier writes the deviceIdentifier alternative of dev.
func writeIdentifier(w *berWriter, dev DeviceID) {
	t := ctxPrim(uint32(dev.Kind - 1))
	switch dev.Kind {
	case DeviceNumbered:
		w.integer(t, dev.Number)
	case DeviceExplicitPublic, DeviceExplicitPrivate:
		w.open(ctxCons(uint32(dev.Kind - 1)))
		w.str(ctxPrim(uint32(dev.TypeOfNumber)), dev.Digits)
		w.close()
	default:
		w.str(t, dev.Digits)
	}
}

// writeChoiceDevice writes a device CHOICE under tag t (explicit
// APPLICATION tag or an implicit replacement).
func writeChoiceDevice(w *berWriter, t tag, dev DeviceID, redirection bool, what string) {
	w.open(t)
	switch dev.Kind {
	case DeviceNotKnown:
		w.null(tagNotKnown)
	case DeviceRestricted:
		if redirection {
			w.null(tagRedirRestricted)
		} else {
			w.null(tagRestricted)
		}
	case DeviceNotRequired, DeviceNotSpecified:
		if !redirection {
			w.fail("%s: %v is only valid for a redirection device", what, dev.Kind)
		}
		w.null(ctxPrim(uint32(dev.Kind-DeviceNotRequired) + 8))
	default:
		writeDeviceID(w, dev, what)
	}
	w.close()
}

// ConnectionID identifies a connection: a call at a device (ECMA-285 module
// CSTA-call-connection-identifiers; ECMA-269 clause 12.3.9).
type ConnectionID struct {
	// Call is the call identifier; it aliases the decoded buffer.
	Call []byte
	// Device is the local device (DeviceDynamic for a dynamic id), or
	// DeviceNone when the connection names only the call.
	Device DeviceID
}

// IsZero reports whether neither call nor device is given.
func (c ConnectionID) IsZero() bool { return c.Call == nil && c.Device.Kind == DeviceNone }

// String renders the connection as "call@device" with the call in hex.
func (c ConnectionID) String() string { return fmt.Sprintf("%x@%v", c.Call, c.Device) }

// connectionID decodes the content of a ConnectionID whose outer tag
// ([APPLICATION 11] or an implicit replacement) has been read.
func (d *decoder) connectionID(e element) (ConnectionID, error) {
	if c, ok := d.fastConnection(e.off, e.off+len(e.val)); ok {
		return c, nil
	}
	return d.connectionIDSlow(e)
}

// connectionIDSlow is connectionID for every encoding, reporting what is
// malformed.
func (d *decoder) connectionIDSlow(e element) (ConnectionID, error) {
	r := e.children()
	c, err := r.next()
	if err != nil {
		return ConnectionID{}, err
	}
	if r.more() {
		return ConnectionID{}, malformed("connection id: more than one alternative")
	}
	var conn ConnectionID
	switch c.tag {
	case tagCallID:
		conn.Call = c.val
	case tagConnDevice:
		conn.Device, err = d.localDevice(c)
	case tagSequence:
		cr := c.children()
		call, err := cr.expect(tagCallID, "connection call id")
		if err != nil {
			return ConnectionID{}, err
		}
		conn.Call = call.val
		dev, err := cr.expect(tagConnDevice, "connection device")
		if err != nil {
			return ConnectionID{}, err
		}
		conn.Device, err = d.localDevice(dev)
		if err != nil {
			return ConnectionID{}, err
		}
	default:
		return ConnectionID{}, malformed("connection id: unexpected tag %v", c.tag)
	}
	return conn, err
}

// localDevice decodes the explicit [1] LocalDeviceID of a ConnectionID.
func (d *decoder) localDevice(e element) (DeviceID, error) {
	r := e.children()
	c, err := r.next()
	if err != nil {
		return DeviceID{}, err
	}
	if c.tag == tagDynamicID {
		return DeviceID{Kind: DeviceDynamic, Digits: d.text(c)}, nil
	}
	return d.deviceID(c)
}

// writeConnectionID writes a ConnectionID under tag t.
func writeConnectionID(w *berWriter, t tag, c ConnectionID, what string) {
	hasDev := c.Device.Kind != DeviceNone
	if c.Call == nil && !hasDev {
		w.fail("%s: empty connection id", what)
		return
	}
	w.open(t)
	if c.Call != nil && hasDev {
		w.open(tagSequence)
	}
	if c.Call != nil {
		w.prim(tagCallID, c.Call)
	}
	if hasDev {
		w.open(tagConnDevice)
		if c.Device.Kind == DeviceDynamic {
			w.str(tagDynamicID, c.Device.Digits)
		} else {
			writeDeviceID(w, c.Device, what)
		}
		w.close()
	}
	if c.Call != nil && hasDev {
		w.close()
	}
	w.close()
}
