package csta

import "fmt"

// Panasonic private data ("KME") carried by escape (PROTOCOLS.md, "Panasonic
// private data"). No Panasonic manual is public; the layout follows the
// captured requests (kme-devicelist-2.hex, kme-devicelist-5.hex) and the
// structure open-source clients decode:
//
//	KMESpecificPrivateData ::= CHOICE { kmeSystemData [4] KmeSystemData, … }
//	KmeSystemData ::= CHOICE {
//	    getSystemData         [0] CHOICE { request CHOICE {
//	                              deviceList [4] CHOICE { category [1] CHOICE {
//	                                  standardDevice [0] CHOICE { ENUMERATED } } } } },
//	    systemDataLinkedReply [3] SEQUENCE {
//	        crossRefID [0] OCTET STRING, segmentID [1] INTEGER,
//	        lastSegment [2] BOOLEAN, sysData [3] SEQUENCE {
//	            deviceList [38] SEQUENCE OF SEQUENCE {
//	                device DeviceID, number IA5String,
//	                status ENUMERATED, status2 INTEGER OPTIONAL } } },
//	    getSystemDataPosAck   [4] OCTET STRING, … }
//
// Every tag is explicit (a CHOICE cannot be tagged implicitly). The PBX
// acknowledges the request with an escape result whose extensions carry
// getSystemDataPosAck (the cross reference), then invokes escape with
// systemDataLinkedReply segments until lastSegment is true.

// Tags of the KME structures.
var (
	tagKMESystemData = ctxCons(4)  // KMESpecificPrivateData kmeSystemData [4]
	tagKMEGetData    = ctxCons(0)  // getSystemData [0]
	tagKMEDeviceReq  = ctxCons(4)  // request deviceList [4]
	tagKMECategory   = ctxCons(1)  // category [1]
	tagKMEStandard   = ctxCons(0)  // standardDevice [0]
	tagKMELinked     = ctxCons(3)  // systemDataLinkedReply [3]
	tagKMEPosAck     = ctxCons(4)  // getSystemDataPosAck [4]
	tagKMECrossRef   = ctxCons(0)  // linked reply crossRefID [0]
	tagKMESegment    = ctxCons(1)  // linked reply segmentID [1]
	tagKMELast       = ctxCons(2)  // linked reply lastSegment [2]
	tagKMESysData    = ctxCons(3)  // linked reply sysData [3]
	tagKMEDeviceList = ctxCons(38) // sysData deviceList [38]
	tagPrivateList   = ctxCons(1)  // CSTACommonArguments privateData [1]
)

// KME device categories of the device list request. Their meaning is not
// confirmed by a manual: one client labels 5 extensions and 2 CO lines.
const (
	KMECategoryTrunk     = 2
	KMECategoryExtension = 5
)

// KMEDeviceListRequest returns the escape argument asking for the device
// list of a category (kmeSystemData/getSystemData/request/deviceList).
func KMEDeviceListRequest(category int) EscapeArgument {
	var w berWriter
	w.open(tagKMESystemData)
	w.open(tagKMEGetData)
	w.open(tagKMEDeviceReq)
	w.open(tagKMECategory)
	w.open(tagKMEStandard)
	w.integer(tagEnumerated, int64(category))
	w.close()
	w.close()
	w.close()
	w.close()
	w.close()
	return EscapeArgument{PrivateData: w.bytes()}
}

// DecodeKMEDeviceListRequest returns the category of a device list request.
func DecodeKMEDeviceListRequest(a EscapeArgument) (int, error) {
	e, err := oneTLV(a.PrivateData)
	if err != nil {
		return 0, err
	}
	path := []tag{tagKMESystemData, tagKMEGetData, tagKMEDeviceReq, tagKMECategory, tagKMEStandard}
	for i, t := range path {
		if e.tag != t {
			return 0, malformed("KME device list request: level %d: got tag %v, want %v", i, e.tag, t)
		}
		r := e.children()
		if e, err = r.next(); err != nil {
			return 0, err
		}
	}
	if e.tag != tagEnumerated {
		return 0, malformed("KME device list request: category tag %v", e.tag)
	}
	return parseSmallInt(e.val)
}

// KMEDeviceListAck is the PBX's acknowledgement of a device list request:
// the escape result carrying getSystemDataPosAck.
type KMEDeviceListAck struct {
	CrossRef []byte
}

// Marshal encodes the acknowledgement as an escape result (extensions
// with one private data item).
func (a KMEDeviceListAck) Marshal() []byte {
	var w berWriter
	w.open(tagExtensions)
	w.open(tagPrivateList)
	w.open(tagKMESystemData)
	w.open(tagKMEPosAck)
	w.prim(tagOctetString, a.CrossRef)
	w.close()
	w.close()
	w.close()
	w.close()
	return w.bytes()
}

// DecodeKMEDeviceListAck decodes the result of a device list request.
func DecodeKMEDeviceListAck(result []byte) (KMEDeviceListAck, error) {
	ext, err := DecodeNoDataResult(result)
	if err != nil {
		return KMEDeviceListAck{}, err
	}
	if ext == nil {
		return KMEDeviceListAck{}, malformed("KME acknowledgement: no private data")
	}
	e, err := oneTLV(ext)
	if err != nil {
		return KMEDeviceListAck{}, err
	}
	r := e.children()
	for r.more() {
		list, err := r.next()
		if err != nil {
			return KMEDeviceListAck{}, err
		}
		if list.tag != tagPrivateList {
			continue
		}
		lr := list.children()
		for lr.more() {
			item, err := lr.next()
			if err != nil {
				return KMEDeviceListAck{}, err
			}
			if ref, ok := kmePosAck(item); ok {
				return KMEDeviceListAck{CrossRef: ref}, nil
			}
		}
	}
	return KMEDeviceListAck{}, malformed("KME acknowledgement: no getSystemDataPosAck")
}

// kmePosAck extracts the cross reference of a kmeSystemData
// getSystemDataPosAck private data item.
func kmePosAck(item element) ([]byte, bool) {
	if item.tag != tagKMESystemData {
		return nil, false
	}
	r := item.children()
	ack, err := r.next()
	if err != nil || ack.tag != tagKMEPosAck {
		return nil, false
	}
	ar := ack.children()
	ref, err := ar.next()
	if err != nil || ref.tag != tagOctetString {
		return nil, false
	}
	return ref.val, true
}

// KMEDevice is one entry of the KME device list: a device number and the
// extension or trunk number it stands for.
type KMEDevice struct {
	Device DeviceID
	Number string
	// Status is the entry status (0 seen on devices in use, unconfirmed).
	Status int
	// Status2 is the optional second status, valid when HasStatus2.
	Status2    int
	HasStatus2 bool
}

// KMEDeviceListReply is one segment of the device list, which the PBX
// invokes escape with (systemDataLinkedReply).
type KMEDeviceListReply struct {
	CrossRef []byte
	Segment  int
	Last     bool
	Devices  []KMEDevice
}

// maxKMEDevices bounds the devices accepted in one segment.
const maxKMEDevices = 1024

// EscapeArgument encodes the segment as the argument of an escape invoke.
func (s KMEDeviceListReply) EscapeArgument() (EscapeArgument, error) {
	var w berWriter
	w.open(tagKMESystemData)
	w.open(tagKMELinked)
	w.open(tagSequence)
	writeExplicit(&w, tagKMECrossRef, func() { w.prim(tagOctetString, s.CrossRef) })
	writeExplicit(&w, tagKMESegment, func() { w.integer(tagInteger, int64(s.Segment)) })
	writeExplicit(&w, tagKMELast, func() { w.boolean(tagBoolean, s.Last) })
	w.open(tagKMESysData)
	w.open(tagSequence)
	w.open(tagKMEDeviceList)
	w.open(tagSequence)
	for _, d := range s.Devices {
		w.open(tagSequence)
		writeDeviceID(&w, d.Device, "KME device")
		w.str(tagIA5String, d.Number)
		w.integer(tagEnumerated, int64(d.Status))
		if d.HasStatus2 {
			w.integer(tagInteger, int64(d.Status2))
		}
		w.close()
	}
	for range 7 { // the entry list, deviceList, sysData and the reply levels
		w.close()
	}
	b, err := w.result()
	return EscapeArgument{PrivateData: b}, err
}

// writeExplicit writes an explicitly tagged value.
func writeExplicit(w *berWriter, t tag, inner func()) {
	w.open(t)
	inner()
	w.close()
}

// DecodeKMEDeviceListReply decodes a device list segment from an escape
// argument the PBX invoked.
func DecodeKMEDeviceListReply(a EscapeArgument) (KMEDeviceListReply, error) {
	d := decoder{src: a.PrivateData}
	r := newReader(a.PrivateData)
	top, err := r.expect(tagKMESystemData, "KME private data")
	if err != nil {
		return KMEDeviceListReply{}, err
	}
	tr := top.children()
	linked, err := tr.expect(tagKMELinked, "KME linked reply")
	if err != nil {
		return KMEDeviceListReply{}, err
	}
	fields := linked
	if lr := linked.children(); lr.more() {
		if t, _ := lr.peek(); t == tagSequence {
			if fields, err = lr.next(); err != nil {
				return KMEDeviceListReply{}, err
			}
		}
	}
	var fs fieldSet
	if err := d.fields(fields, &fs); err != nil {
		return KMEDeviceListReply{}, within("KME linked reply", err)
	}
	out, err := fs.kmeReply()
	return out, within("KME linked reply", err)
}

// kmeReply reads the fields of systemDataLinkedReply.
func (fs *fieldSet) kmeReply() (KMEDeviceListReply, error) {
	var out KMEDeviceListReply
	if v, ok := fs.explicitValue(tagKMECrossRef, tagOctetString); ok {
		out.CrossRef = v.val
	} else {
		return out, malformed("cross reference missing")
	}
	if v, ok := fs.explicitValue(tagKMESegment, tagInteger); ok {
		out.Segment = fs.smallInt(v)
	}
	if v, ok := fs.explicitValue(tagKMELast, tagBoolean); ok {
		last, err := parseBool(v.val)
		fs.fail(err)
		out.Last = last
	}
	if sys, ok := fs.find(tagKMESysData, 0); ok {
		list, err := fs.d.kmeDeviceList(sys)
		fs.fail(err)
		out.Devices = list
	}
	return out, fs.err
}

// explicitValue returns the single value inside the explicit field t if it
// has the tag inner.
func (fs *fieldSet) explicitValue(t, inner tag) (element, bool) {
	e, ok := fs.find(t, 0)
	if !ok {
		return element{}, false
	}
	r := e.children()
	v, err := r.next()
	if err != nil || v.tag != inner {
		fs.fail(malformed("%v: want one %v", t, inner))
		return element{}, false
	}
	return v, true
}

// kmeDeviceList finds deviceList [38] inside sysData (directly or in its
// SEQUENCE) and decodes the entries (in a SEQUENCE OF or directly).
func (d *decoder) kmeDeviceList(sys element) ([]KMEDevice, error) {
	list, ok, err := findChild(sys, tagKMEDeviceList, 2)
	if err != nil || !ok {
		return nil, err
	}
	entries := list
	if only, single := singleChild(list); single && only.tag == tagSequence && allSequences(only) {
		entries = only
	}
	var out []KMEDevice
	r := entries.children()
	for r.more() {
		if len(out) == maxKMEDevices {
			return nil, malformed("device list longer than %d", maxKMEDevices)
		}
		item, err := r.expect(tagSequence, "KME device entry")
		if err != nil {
			return nil, err
		}
		dev, err := d.kmeDevice(item)
		if err != nil {
			return nil, err
		}
		out = append(out, dev)
	}
	return out, nil
}

// kmeDevice decodes one device list entry.
func (d *decoder) kmeDevice(item element) (KMEDevice, error) {
	var dev KMEDevice
	r := item.children()
	devEl, err := r.next()
	if err != nil {
		return dev, err
	}
	if dev.Device, err = d.deviceID(devEl); err != nil {
		return dev, err
	}
	for r.more() {
		f, err := r.next()
		if err != nil {
			return dev, err
		}
		switch f.tag {
		case tagIA5String:
			dev.Number = d.text(f)
		case tagEnumerated:
			dev.Status, err = parseSmallInt(f.val)
		case tagInteger:
			dev.Status2, err = parseSmallInt(f.val)
			dev.HasStatus2 = true
		}
		if err != nil {
			return dev, err
		}
	}
	return dev, nil
}

// findChild looks for a child with tag t, descending through SEQUENCEs up
// to depth levels.
func findChild(e element, t tag, depth int) (element, bool, error) {
	r := e.children()
	for r.more() {
		c, err := r.next()
		if err != nil {
			return element{}, false, err
		}
		if c.tag == t {
			return c, true, nil
		}
		if c.tag == tagSequence && depth > 1 {
			if found, ok, err := findChild(c, t, depth-1); err != nil || ok {
				return found, ok, err
			}
		}
	}
	return element{}, false, nil
}

// singleChild returns the only child of e.
func singleChild(e element) (element, bool) {
	r := e.children()
	c, err := r.next()
	if err != nil || r.more() {
		return element{}, false
	}
	return c, true
}

// allSequences reports whether every child of e is a SEQUENCE.
func allSequences(e element) bool {
	r := e.children()
	for r.more() {
		c, err := r.next()
		if err != nil || c.tag != tagSequence {
			return false
		}
	}
	return true
}

// String summarises the segment for debugging.
func (s KMEDeviceListReply) String() string {
	return fmt.Sprintf("KME device list %x segment %d (last %v): %d devices", s.CrossRef, s.Segment, s.Last, len(s.Devices))
}
