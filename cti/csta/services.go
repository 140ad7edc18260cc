package csta

// Request is the argument of an operation the client invokes: the
// operation it belongs to and its BER encoding.
type Request interface {
	Operation() Operation
	Marshal() ([]byte, error)
}

// decodeArgFields reads the SEQUENCE b into a fieldSet for the named
// argument or result.
func decodeArgFields(b []byte, what string) (fieldSet, error) {
	d := decoder{src: b}
	r := newReader(b)
	seq, err := r.expect(tagSequence, what)
	if err != nil {
		return fieldSet{}, err
	}
	if r.more() {
		return fieldSet{}, malformed("%s: trailing bytes", what)
	}
	var fs fieldSet
	err = d.fields(seq, &fs)
	return fs, within(what, err)
}

// finish returns the first failure of fs prefixed with what.
func (fs *fieldSet) finish(what string) error { return within(what, fs.err) }

// DecodeNoDataResult decodes the results that are CHOICE { extensions
// CSTACommonArguments, noData NULL } (answerCall, clearConnection,
// holdCall, retrieveCall, deflectCall, generateDigits, escape,
// systemStatus, cDRReport, monitorStop, …). It accepts an absent result
// (nil) and returns the raw extensions, nil for noData.
func DecodeNoDataResult(b []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	e, err := oneTLV(b)
	if err != nil {
		return nil, err
	}
	switch e.tag {
	case tagNull:
		return nil, checkNull(e.val)
	case tagExtensions:
		return b, nil
	}
	return nil, malformed("result: unexpected tag %v", e.tag)
}

// marshalSeq encodes a SEQUENCE whose fields write writes.
func marshalSeq(write func(w *berWriter)) ([]byte, error) {
	var w berWriter
	w.open(tagSequence)
	write(&w)
	w.close()
	return w.result()
}

// MonitorType says whether a monitor follows a call or a device
// (ECMA-285 module CSTA-status-reporting). The zero value means absent;
// other constants are the ASN.1 value plus one.
type MonitorType uint8

// Monitor types.
const (
	MonitorTypeAbsent MonitorType = iota
	MonitorCall                   // call(0)
	MonitorDevice                 // device(1)
)

// MonitorFilter lists the events a monitor must NOT report (ECMA-285
// module CSTA-status-reporting, MonitorFilter): each field is the bit
// string of one category, bit i being the event with the named bit i of
// the corresponding type of module CSTA-application-context-information-csta3
// (e.g. CallControl bit 3 filters delivered). Zero fields are omitted,
// which means every event of the category is reported.
type MonitorFilter struct {
	CallControl           uint32 // [0]
	CallAssociated        uint32 // [6]
	MediaAttachment       uint32 // [7]
	PhysicalDeviceFeature uint32 // [8]
	LogicalDeviceFeature  uint32 // [9]
	Maintenance           uint32 // [3]
	VoiceUnit             uint32 // [5]
	Private               uint32 // [4]
}

// filterFields pairs each MonitorFilter field with its tag, in module order.
func (f *MonitorFilter) filterFields() [8]struct {
	n uint32
	v *uint32
} {
	return [8]struct {
		n uint32
		v *uint32
	}{
		{0, &f.CallControl}, {6, &f.CallAssociated}, {7, &f.MediaAttachment},
		{8, &f.PhysicalDeviceFeature}, {9, &f.LogicalDeviceFeature}, {3, &f.Maintenance},
		{5, &f.VoiceUnit}, {4, &f.Private},
	}
}

// writeFilter writes the filter under tag t.
func writeFilter(w *berWriter, t tag, f *MonitorFilter) {
	w.open(t)
	for _, field := range f.filterFields() {
		if *field.v != 0 {
			w.bits(ctxPrim(field.n), *field.v, 1)
		}
	}
	w.close()
}

// parseFilter decodes the content of a MonitorFilter.
func parseFilter(e element) (*MonitorFilter, error) {
	f := &MonitorFilter{}
	fields := f.filterFields()
	r := e.children()
	for r.more() {
		c, err := r.next()
		if err != nil {
			return nil, err
		}
		for _, field := range fields {
			if c.tag == ctxPrim(field.n) {
				if *field.v, err = parseBits(c.val); err != nil {
					return nil, err
				}
			}
		}
	}
	return f, nil
}

// Tags of the monitor services.
var (
	tagRequestedFilter = ctxCons(0) // [0] IMPLICIT MonitorFilter
	tagMonitorType     = tagEnumerated
	tagSnapshotData    = appCons(22) // SnapshotDeviceData
)

// MonitorStartArgument starts a monitor on a device or call (ECMA-285
// §13.1.2, module CSTA-monitor-start; ECMA-269 §15.1.2).
type MonitorStartArgument struct {
	// Device is the monitored device; when absent Call is monitored.
	Device DeviceID
	Call   ConnectionID
	// Filter is the requested filter; nil omits it. Panasonic clients send
	// an empty filter (monitorstart-101.hex).
	Filter     *MonitorFilter
	Type       MonitorType
	Extensions []byte
}

// Operation returns OpMonitorStart.
func (a MonitorStartArgument) Operation() Operation { return OpMonitorStart }

// Marshal encodes the argument.
func (a MonitorStartArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		if a.Device.IsZero() {
			writeConnectionID(w, tagConnectionID, a.Call, "monitor object")
		} else {
			writeDeviceID(w, a.Device, "monitor object")
		}
		if a.Filter != nil {
			writeFilter(w, tagRequestedFilter, a.Filter)
		}
		if a.Type != MonitorTypeAbsent {
			w.integer(tagMonitorType, int64(a.Type)-1)
		}
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeMonitorStartArgument decodes a MonitorStartArgument.
func DecodeMonitorStartArgument(b []byte) (MonitorStartArgument, error) {
	const what = "monitor start argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return MonitorStartArgument{}, err
	}
	var a MonitorStartArgument
	if _, ok := fs.find(tagSequence, 0); ok {
		a.Device = fs.plainDevice(0)
	} else {
		a.Call = fs.conn(0, true, "monitor object")
	}
	if e, ok := fs.find(tagRequestedFilter, 0); ok {
		a.Filter, err = parseFilter(e)
		fs.fail(err)
	}
	if t := fs.optInt(tagMonitorType); t != nil {
		if *t < 0 || *t > 1 {
			fs.fail(malformed("monitor type %d out of range", *t))
		}
		a.Type = MonitorType(*t + 1)
	}
	a.Extensions = fs.raw(tagExtensions)
	return a, fs.finish(what)
}

// MonitorStartResult is the positive answer to monitorStart (ECMA-285
// §13.1.2, module CSTA-monitor-start).
type MonitorStartResult struct {
	// CrossRef identifies the monitor in later event reports.
	CrossRef []byte
	// Filter is the filter actually applied, nil if not reported.
	Filter     *MonitorFilter
	Extensions []byte
}

// Marshal encodes the result.
func (r MonitorStartResult) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		w.prim(tagCrossRefID, r.CrossRef)
		if r.Filter != nil {
			writeFilter(w, tagRequestedFilter, r.Filter)
		}
		writeRaw(w, r.Extensions, "extensions")
	})
}

// DecodeMonitorStartResult decodes a MonitorStartResult.
func DecodeMonitorStartResult(b []byte) (MonitorStartResult, error) {
	const what = "monitor start result"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return MonitorStartResult{}, err
	}
	var r MonitorStartResult
	ref, ok := fs.find(tagCrossRefID, 0)
	if !ok {
		return r, malformed("%s: cross reference missing", what)
	}
	r.CrossRef = ref.val
	if e, ok := fs.find(tagRequestedFilter, 0); ok {
		r.Filter, err = parseFilter(e)
		fs.fail(err)
	}
	r.Extensions = fs.raw(tagExtensions)
	return r, fs.finish(what)
}

// MonitorStopArgument ends a monitor (ECMA-285 §13.1.3, module
// CSTA-monitor-stop; ECMA-269 §15.1.3). Its result is noData.
type MonitorStopArgument struct {
	CrossRef   []byte
	Extensions []byte
}

// Operation returns OpMonitorStop.
func (a MonitorStopArgument) Operation() Operation { return OpMonitorStop }

// Marshal encodes the argument.
func (a MonitorStopArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		w.prim(tagCrossRefID, a.CrossRef)
		writeRaw(w, a.Extensions, "extensions")
	})
}

// DecodeMonitorStopArgument decodes a MonitorStopArgument.
func DecodeMonitorStopArgument(b []byte) (MonitorStopArgument, error) {
	const what = "monitor stop argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return MonitorStopArgument{}, err
	}
	ref, ok := fs.find(tagCrossRefID, 0)
	if !ok {
		return MonitorStopArgument{}, malformed("%s: cross reference missing", what)
	}
	return MonitorStopArgument{CrossRef: ref.val, Extensions: fs.raw(tagExtensions)}, nil
}

// requireDevice reports a missing mandatory device.
func requireDevice(fs *fieldSet, dev DeviceID, what string) {
	if dev.IsZero() {
		fs.fail(malformed("%s: missing", what))
	}
}
