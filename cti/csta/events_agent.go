package csta

// Logical device feature events (ECMA-285 clause 20.2, ECMA-269 clause
// 22.2): agent state, do not disturb and forwarding.

// AgentLoggedOnEvent reports an agent logging on (ECMA-285 §20.2.3, module
// CSTA-agent-logged-on-event; ECMA-269 §22.2.3).
type AgentLoggedOnEvent struct {
	AgentDevice   DeviceID
	AgentID       string // [2] AgentID, optional
	ACDGroup      DeviceID
	AgentPassword string // [3] AgentPassword, optional
	Cause         EventCause
	Extensions    []byte
}

// AgentLoggedOffEvent reports an agent logging off (ECMA-285 §20.2.2,
// module CSTA-agent-logged-off-event; ECMA-269 §22.2.2).
type AgentLoggedOffEvent AgentLoggedOnEvent

// AgentReadyEvent reports an agent ready for calls (ECMA-285 §20.2.5,
// module CSTA-agent-ready-event; ECMA-269 §22.2.5).
type AgentReadyEvent struct {
	AgentDevice DeviceID
	AgentID     string // untagged AgentID, optional
	ACDGroup    DeviceID
	Cause       EventCause
	Extensions  []byte
}

// AgentNotReadyEvent reports an agent not ready for calls (ECMA-285
// §20.2.4, module CSTA-agent-not-ready-event; ECMA-269 §22.2.4).
type AgentNotReadyEvent AgentReadyEvent

// AfterCallPending is the pendingAgentState of AgentWorkingAfterCallEvent.
// The zero value means absent; other constants are the ASN.1 value plus one.
type AfterCallPending uint8

// Pending states after the wrap-up.
const (
	PendingAbsent   AfterCallPending = iota
	PendingNotReady                  // notReady(0)
	PendingReady                     // ready(1)
	PendingNull                      // null(2)
)

// AgentWorkingAfterCallEvent reports an agent in wrap-up (ECMA-285
// §20.2.6, module CSTA-agent-working-after-call-event; ECMA-269 §22.2.6).
type AgentWorkingAfterCallEvent struct {
	AgentDevice  DeviceID
	AgentID      string
	ACDGroup     DeviceID
	PendingState AfterCallPending // [2]
	Cause        EventCause       // [3]
	Extensions   []byte
}

// DoNotDisturbEvent reports do-not-disturb switched on or off (ECMA-285
// §20.2.12, module CSTA-do-not-disturb-event; ECMA-269 §22.2.12).
type DoNotDisturbEvent struct {
	Device DeviceID
	On     bool
	// CallOrigination is the CallOrigination bit string (bit 0 internal,
	// bit 1 external); zero when absent.
	CallOrigination uint32
	CallingDevices  []DeviceID
	Extensions      []byte
}

// ForwardingEvent reports forwarding switched on or off (ECMA-285
// §20.2.13, module CSTA-forwarding-event; ECMA-269 §22.2.13).
type ForwardingEvent struct {
	Device DeviceID
	// ForwardingType is valid when HasForwardingType (ForwardingType
	// ENUMERATED of CSTA-device-feature-types: 0 immediate, 1 busy, 2 no
	// answer, 9 do not disturb, …).
	ForwardingType    int
	HasForwardingType bool
	Status            bool
	ForwardTo         DeviceID
	// ForwardDefault is valid when HasForwardDefault.
	ForwardDefault    int
	HasForwardDefault bool
	RingCount         int  // 1…100, zero when absent
	RingDuration      *int // [4], nil when absent
	Extensions        []byte
}

// Type returns EventAgentLoggedOn.
func (e *AgentLoggedOnEvent) Type() EventType { return EventAgentLoggedOn }

// Type returns EventAgentLoggedOff.
func (e *AgentLoggedOffEvent) Type() EventType { return EventAgentLoggedOff }

// Type returns EventAgentReady.
func (e *AgentReadyEvent) Type() EventType { return EventAgentReady }

// Type returns EventAgentNotReady.
func (e *AgentNotReadyEvent) Type() EventType { return EventAgentNotReady }

// Type returns EventAgentWorkingAfterCall.
func (e *AgentWorkingAfterCallEvent) Type() EventType { return EventAgentWorkingAfterCall }

// Type returns EventDoNotDisturb.
func (e *DoNotDisturbEvent) Type() EventType { return EventDoNotDisturb }

// Type returns EventForwarding.
func (e *ForwardingEvent) Type() EventType { return EventForwarding }

// Tags of the agent events.
var (
	tagAgentIDTagged  = ctxPrim(2) // logged on/off agentID [2] IMPLICIT
	tagAgentPassword  = ctxPrim(3) // logged on/off agentPassword [3] IMPLICIT
	tagPendingState   = ctxPrim(2) // working after call pendingAgentState [2]
	tagAfterCallCause = ctxPrim(3) // working after call cause [3] IMPLICIT
	tagRingDuration   = ctxPrim(4) // forwarding ringDuration [4] IMPLICIT
)

// decodeAgentEvent decodes the logical device feature events.
func decodeAgentEvent(t EventType, fs *fieldSet) Event {
	switch t {
	case EventAgentLoggedOn, EventAgentLoggedOff:
		ev := AgentLoggedOnEvent{
			AgentDevice:   fs.device(tagSubjectDevice, 0, true, "agent device"),
			AgentID:       fs.text(tagAgentIDTagged),
			ACDGroup:      fs.plainDevice(0),
			AgentPassword: fs.text(tagAgentPassword),
			Cause:         fs.cause(tagEnumerated, false),
			Extensions:    fs.raw(tagExtensions),
		}
		if t == EventAgentLoggedOff {
			off := AgentLoggedOffEvent(ev)
			return &off
		}
		return &ev
	case EventAgentReady, EventAgentNotReady:
		ev := AgentReadyEvent{
			AgentDevice: fs.device(tagSubjectDevice, 0, true, "agent device"),
			AgentID:     fs.text(tagOctetString),
			ACDGroup:    fs.plainDevice(0),
			Cause:       fs.cause(tagEnumerated, false),
			Extensions:  fs.raw(tagExtensions),
		}
		if t == EventAgentNotReady {
			nr := AgentNotReadyEvent(ev)
			return &nr
		}
		return &ev
	case EventAgentWorkingAfterCall:
		return decodeWorkingAfterCall(fs)
	case EventDoNotDisturb:
		return decodeDoNotDisturb(fs)
	case EventForwarding:
		return decodeForwarding(fs)
	}
	fs.fail(malformed("no decoder for %v", t))
	return nil
}

func decodeWorkingAfterCall(fs *fieldSet) Event {
	ev := &AgentWorkingAfterCallEvent{
		AgentDevice: fs.device(tagSubjectDevice, 0, true, "agent device"),
		AgentID:     fs.text(tagOctetString),
		ACDGroup:    fs.plainDevice(0),
		Cause:       fs.cause(tagAfterCallCause, false),
		Extensions:  fs.raw(tagExtensions),
	}
	if p := fs.optInt(tagPendingState); p != nil {
		if *p < 0 || *p > 2 {
			fs.fail(malformed("pending agent state %d out of range", *p))
		}
		ev.PendingState = AfterCallPending(*p + 1)
	}
	return ev
}

func decodeDoNotDisturb(fs *fieldSet) Event {
	ev := &DoNotDisturbEvent{
		Device:     fs.device(tagSubjectDevice, 0, true, "device"),
		Extensions: fs.raw(tagExtensions),
	}
	if b, ok := fs.find(tagBoolean, 0); ok {
		on, err := parseBool(b.val)
		fs.fail(err)
		ev.On = on
	} else {
		fs.fail(malformed("doNotDisturbOn: missing"))
	}
	if bs, ok := fs.find(tagBitString, 0); ok {
		m, err := parseBits(bs.val)
		fs.fail(err)
		ev.CallOrigination = m
	}
	if list, ok := fs.find(tagSequence, 0); ok {
		r := list.children()
		for r.more() && fs.err == nil {
			e, err := r.next()
			fs.fail(err)
			if err == nil {
				dev, err := fs.d.deviceID(e)
				fs.fail(err)
				ev.CallingDevices = append(ev.CallingDevices, dev)
			}
		}
	}
	return ev
}

func decodeForwarding(fs *fieldSet) Event {
	ev := &ForwardingEvent{
		Device:       fs.device(tagSubjectDevice, 0, true, "device"),
		ForwardTo:    fs.plainDevice(0),
		RingDuration: fs.optInt(tagRingDuration),
		Extensions:   fs.raw(tagExtensions),
	}
	status := fs.index(tagBoolean, 0)
	if status < 0 {
		fs.fail(malformed("forwardStatus: missing"))
		return ev
	}
	st, err := parseBool(fs.content(status))
	fs.fail(err)
	ev.Status = st
	for i := 0; i < fs.n; i++ {
		e := fs.at(i)
		switch {
		case e.tag == tagEnumerated && i < status:
			ev.ForwardingType, ev.HasForwardingType = fs.smallInt(e), true
		case e.tag == tagEnumerated:
			ev.ForwardDefault, ev.HasForwardDefault = fs.smallInt(e), true
		case e.tag == tagInteger:
			ev.RingCount = fs.smallInt(e)
		}
	}
	return ev
}

// smallInt decodes the INTEGER-like content of e.
func (fs *fieldSet) smallInt(e element) int {
	n, err := parseSmallInt(e.val)
	fs.fail(err)
	return n
}

// writeOptionalCause writes an optional cause under tag t.
func writeOptionalCause(w *berWriter, t tag, c EventCause) {
	if c != CauseNone {
		w.integer(t, int64(c))
	}
}

// writeOptionalText writes an optional string field.
func writeOptionalText(w *berWriter, t tag, s string) {
	if s != "" {
		w.str(t, s)
	}
}

// writeOptionalPlain writes an optional plain DeviceID.
func writeOptionalPlain(w *berWriter, dev DeviceID, what string) {
	if !dev.IsZero() {
		writeDeviceID(w, dev, what)
	}
}

func (e *AgentLoggedOnEvent) encode(w *berWriter) {
	writeMandatoryDevice(w, tagSubjectDevice, e.AgentDevice, "agent device")
	writeOptionalText(w, tagAgentIDTagged, e.AgentID)
	writeOptionalPlain(w, e.ACDGroup, "ACD group")
	writeOptionalText(w, tagAgentPassword, e.AgentPassword)
	writeOptionalCause(w, tagEnumerated, e.Cause)
	writeRaw(w, e.Extensions, "extensions")
}

func (e *AgentLoggedOffEvent) encode(w *berWriter) { (*AgentLoggedOnEvent)(e).encode(w) }

func (e *AgentReadyEvent) encode(w *berWriter) {
	writeMandatoryDevice(w, tagSubjectDevice, e.AgentDevice, "agent device")
	writeOptionalText(w, tagOctetString, e.AgentID)
	writeOptionalPlain(w, e.ACDGroup, "ACD group")
	writeOptionalCause(w, tagEnumerated, e.Cause)
	writeRaw(w, e.Extensions, "extensions")
}

func (e *AgentNotReadyEvent) encode(w *berWriter) { (*AgentReadyEvent)(e).encode(w) }

func (e *AgentWorkingAfterCallEvent) encode(w *berWriter) {
	writeMandatoryDevice(w, tagSubjectDevice, e.AgentDevice, "agent device")
	writeOptionalText(w, tagOctetString, e.AgentID)
	writeOptionalPlain(w, e.ACDGroup, "ACD group")
	if e.PendingState != PendingAbsent {
		w.integer(tagPendingState, int64(e.PendingState)-1)
	}
	writeOptionalCause(w, tagAfterCallCause, e.Cause)
	writeRaw(w, e.Extensions, "extensions")
}

func (e *DoNotDisturbEvent) encode(w *berWriter) {
	writeMandatoryDevice(w, tagSubjectDevice, e.Device, "device")
	w.boolean(tagBoolean, e.On)
	if e.CallOrigination != 0 {
		w.bits(tagBitString, e.CallOrigination, 1)
	}
	if len(e.CallingDevices) > 0 {
		w.open(tagSequence)
		for _, dev := range e.CallingDevices {
			writeDeviceID(w, dev, "calling device list")
		}
		w.close()
	}
	writeRaw(w, e.Extensions, "extensions")
}

func (e *ForwardingEvent) encode(w *berWriter) {
	writeMandatoryDevice(w, tagSubjectDevice, e.Device, "device")
	if e.HasForwardingType {
		w.integer(tagEnumerated, int64(e.ForwardingType))
	}
	w.boolean(tagBoolean, e.Status)
	writeOptionalPlain(w, e.ForwardTo, "forward to")
	if e.HasForwardDefault {
		w.integer(tagEnumerated, int64(e.ForwardDefault))
	}
	if e.RingCount != 0 {
		w.integer(tagInteger, int64(e.RingCount))
	}
	if e.RingDuration != nil {
		w.integer(tagRingDuration, int64(*e.RingDuration))
	}
	writeRaw(w, e.Extensions, "extensions")
}
