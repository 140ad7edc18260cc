package csta

import (
	"fmt"
	"strings"
)

// EventCategory is the alternative of EventSpecificInfo (ECMA-285 module
// CSTA-event-report-definitions); its value is the context tag.
type EventCategory uint8

// Event categories.
const (
	CategoryCallControl           EventCategory = 0
	CategoryCallAssociated        EventCategory = 1
	CategoryMediaAttachment       EventCategory = 2
	CategoryPhysicalDeviceFeature EventCategory = 3
	CategoryLogicalDeviceFeature  EventCategory = 4
	CategoryDeviceMaintenance     EventCategory = 5
	CategoryVoiceUnit             EventCategory = 6
	CategoryVendorSpecific        EventCategory = 7
)

// EventType identifies an event: its category in the high byte and the
// context tag of the alternative within the category CHOICE in the low byte.
type EventType uint16

// Event types decoded into typed events.
const (
	EventConferenced           = EventType(CategoryCallControl)<<8 | 2
	EventConnectionCleared     = EventType(CategoryCallControl)<<8 | 3
	EventDelivered             = EventType(CategoryCallControl)<<8 | 4
	EventDiverted              = EventType(CategoryCallControl)<<8 | 6
	EventEstablished           = EventType(CategoryCallControl)<<8 | 7
	EventFailed                = EventType(CategoryCallControl)<<8 | 8
	EventHeld                  = EventType(CategoryCallControl)<<8 | 9
	EventNetworkReached        = EventType(CategoryCallControl)<<8 | 11
	EventOriginated            = EventType(CategoryCallControl)<<8 | 13
	EventQueued                = EventType(CategoryCallControl)<<8 | 14
	EventRetrieved             = EventType(CategoryCallControl)<<8 | 15
	EventServiceInitiated      = EventType(CategoryCallControl)<<8 | 16
	EventTransferred           = EventType(CategoryCallControl)<<8 | 17
	EventAgentLoggedOn         = EventType(CategoryLogicalDeviceFeature)<<8 | 1
	EventAgentLoggedOff        = EventType(CategoryLogicalDeviceFeature)<<8 | 2
	EventAgentNotReady         = EventType(CategoryLogicalDeviceFeature)<<8 | 3
	EventAgentReady            = EventType(CategoryLogicalDeviceFeature)<<8 | 4
	EventAgentWorkingAfterCall = EventType(CategoryLogicalDeviceFeature)<<8 | 5
	EventDoNotDisturb          = EventType(CategoryLogicalDeviceFeature)<<8 | 11
	EventForwarding            = EventType(CategoryLogicalDeviceFeature)<<8 | 12
)

// Category returns the event category.
func (t EventType) Category() EventCategory { return EventCategory(t >> 8) }

// Number returns the context tag of the event within its category.
func (t EventType) Number() int { return int(t & 0xff) }

// String names the event as in the ASN.1 module, e.g. "delivered".
func (t EventType) String() string {
	const callControl = "bridged callCleared conferenced connectionCleared delivered digitsDialed " +
		"diverted established failed held networkCapabilitiesChanged networkReached offered " +
		"originated queued retrieved serviceInitiated transferred"
	const logical = "agentBusy agentLoggedOn agentLoggedOff agentNotReady agentReady " +
		"agentWorkingAfterCall autoAnswer autoWorkMode callBack callBackMessage callerIDStatus " +
		"doNotDisturb forwarding routeingMode presenceState"
	var names []string
	switch t.Category() {
	case CategoryCallControl:
		names = strings.Fields(callControl)
	case CategoryLogicalDeviceFeature:
		names = strings.Fields(logical)
	}
	if n := t.Number(); n < len(names) {
		return names[n]
	}
	return fmt.Sprintf("event(%d/%d)", t.Category(), t.Number())
}

// Event is one typed event of a cSTAEventReport: a *DeliveredEvent,
// *EstablishedEvent, …, or *UnknownEvent for every other event.
type Event interface {
	// Type identifies the event.
	Type() EventType
	// encode writes the fields of the event SEQUENCE.
	encode(w *berWriter)
}

// EventReport is the argument of cSTAEventReport, operation 21 (ECMA-285
// module CSTA-event-report-definitions, CSTAEventReportArgument; the
// events themselves are defined in ECMA-269 clauses 17.2 and 22.2).
type EventReport struct {
	// CrossRef is the MonitorCrossRefID of the monitor that produced the
	// event; it aliases the decoded buffer.
	CrossRef []byte
	Event    Event
}

// UnknownEvent is an event this package does not type: its category and
// number, and Raw, the complete encoding of the event alternative (its
// context tag included). Unknown events are not an error.
type UnknownEvent struct {
	EventType EventType
	Raw       []byte
}

// Type returns the event type.
func (e *UnknownEvent) Type() EventType { return e.EventType }

func (e *UnknownEvent) encode(w *berWriter) {}

// LocalConnectionState is the state of a connection at the monitored
// device (ECMA-285 module CSTA-connection-states, LocalConnectionState,
// [APPLICATION 14] ENUMERATED). The Go zero value means absent; every
// other constant is the ASN.1 value plus one.
type LocalConnectionState uint8

// Local connection states.
const (
	StateAbsent    LocalConnectionState = iota // not present
	StateNull                                  // null(0)
	StateInitiated                             // initiated(1)
	StateAlerting                              // alerting(2)
	StateConnected                             // connected(3)
	StateHold                                  // hold(4)
	StateQueued                                // queued(5)
	StateFail                                  // fail(6)
)

// String names the state as in the ASN.1 module.
func (s LocalConnectionState) String() string {
	const names = "absent null initiated alerting connected hold queued fail"
	if f := strings.Fields(names); int(s) < len(f) {
		return f[s]
	}
	return fmt.Sprintf("state(%d)", int(s)-1)
}

// maxStateWire bounds the ENUMERATED values stored in a LocalConnectionState.
const maxStateWire = 254

// parseLocalState decodes LocalConnectionState content.
func parseLocalState(v []byte) (LocalConnectionState, error) {
	n, err := parseSmallInt(v)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > maxStateWire {
		return 0, malformed("local connection state %d out of range", n)
	}
	return LocalConnectionState(n + 1), nil
}

// EventCause is the cause of an event (ECMA-285 module CSTA-event-causes,
// EventCause ENUMERATED). Zero, which the module does not assign, means
// absent.
type EventCause int

// Event causes used by Linka; every value of the module has a name.
const (
	CauseNone                EventCause = 0
	CauseActiveParticipation EventCause = 1
	CauseBusy                EventCause = 3
	CauseCallForward         EventCause = 9
	CauseCallNotAnswered     EventCause = 10
	CauseCallPickup          EventCause = 11
	CauseDestNotObtainable   EventCause = 13
	CauseDoNotDisturb        EventCause = 14
	CauseNewCall             EventCause = 22
	CauseNoAvailableAgents   EventCause = 23
	CauseRedirected          EventCause = 28
	CauseTransfer            EventCause = 32
	CauseConsultation        EventCause = 37
	CauseMakeCall            EventCause = 44
	CauseNormalClearing      EventCause = 48
	CauseSingleStepTransfer  EventCause = 52
	CauseConference          EventCause = 63
	CauseNetworkSignal       EventCause = 46
	CauseNormal              EventCause = 78
)

// String names the cause as in the ASN.1 module, e.g. "newCall".
func (c EventCause) String() string {
	if c == CauseNone {
		return "none"
	}
	if name, ok := lookupName(eventCauseNames, int(c)); ok {
		return name
	}
	return fmt.Sprintf("cause(%d)", int(c))
}

// DecodeEventReport decodes the argument of a cSTAEventReport invoke.
// Events of other types, and unknown fields and private data inside known
// events, do not make it fail.
func DecodeEventReport(arg []byte) (EventReport, error) {
	cat, ref, ev, ok := eventReportHeader(arg)
	if !ok {
		var err error
		if cat, ref, ev, err = splitEventReport(arg); err != nil {
			return EventReport{}, err
		}
	}
	d := decoder{src: arg}
	event, err := d.event(cat, ev)
	if err != nil {
		return EventReport{}, err
	}
	return EventReport{CrossRef: ref, Event: event}, nil
}

// eventReportHeader splits a CSTAEventReportArgument in its usual layout,
// with headers tlvHeader reads, into the event category, the cross
// reference and the event alternative. ok is false for anything else,
// which splitEventReport then splits or refuses; whatever this accepts
// splits the same way there.
func eventReportHeader(arg []byte) (cat EventCategory, ref []byte, ev element, ok bool) {
	id, p, end, ok := tlvHeader(arg, 0)
	if !ok || id != octSequence || end != len(arg) {
		return 0, nil, element{}, false
	}
	id, refOff, refEnd, ok := tlvHeader(arg, p)
	if !ok || id != octCrossRefID {
		return 0, nil, element{}, false
	}
	info, infoOff, infoEnd, ok := tlvHeader(arg, refEnd)
	if !ok || info&^idNumberMask != octContextCons {
		return 0, nil, element{}, false
	}
	id, off, evEnd, ok := tlvHeader(arg, infoOff)
	if !ok || evEnd != infoEnd {
		return 0, nil, element{}, false
	}
	ev = element{tag: shortTag(id), start: infoOff, off: off, val: arg[off:evEnd:evEnd]}
	return EventCategory(info & idNumberMask), arg[refOff:refEnd:refEnd], ev, true
}

// splitEventReport is eventReportHeader for every layout, reporting
// what is malformed.
func splitEventReport(arg []byte) (EventCategory, []byte, element, error) {
	r := newReader(arg)
	seq, err := r.expect(tagSequence, "event report")
	if err != nil {
		return 0, nil, element{}, err
	}
	if r.more() {
		return 0, nil, element{}, malformed("event report: trailing bytes")
	}
	sr := seq.children()
	ref, err := sr.expect(tagCrossRefID, "monitor cross reference")
	if err != nil {
		return 0, nil, element{}, err
	}
	info, err := sr.next()
	if err != nil {
		return 0, nil, element{}, malformed("event report without event")
	}
	if info.tag.class() != classContext || !info.tag.constructed() || info.tag.number() > 0xff {
		return 0, nil, element{}, malformed("event specific info: unexpected tag %v", info.tag)
	}
	ir := info.children()
	ev, err := ir.next()
	if err != nil {
		return 0, nil, element{}, err
	}
	if ir.more() {
		return 0, nil, element{}, malformed("event specific info: more than one event")
	}
	return EventCategory(info.tag.number()), ref.val, ev, nil
}

// event decodes one event alternative.
func (d *decoder) event(cat EventCategory, e element) (Event, error) {
	if e.tag.class() != classContext || e.tag.number() > 0xff {
		return nil, malformed("event: unexpected tag %v", e.tag)
	}
	t := EventType(cat)<<8 | EventType(e.tag.number())
	if typedEvent(t) && !e.tag.constructed() {
		return nil, malformed("%v event: primitive encoding", t)
	}
	if !typedEvent(t) {
		if e.tag.constructed() {
			if err := skipTree(e.val, 1); err != nil {
				return nil, err
			}
		}
		return &UnknownEvent{EventType: t, Raw: d.src[e.start : e.off+len(e.val)]}, nil
	}
	if ev, ok := d.callEventFast(t, e); ok {
		return ev, nil
	}
	var fs fieldSet
	if err := d.fields(e, &fs); err != nil {
		return nil, within(t.String()+" event", err)
	}
	ev := decodeTyped(t, &fs)
	if fs.err != nil {
		return nil, within(t.String()+" event", fs.err)
	}
	return ev, nil
}

// typedEvent reports whether t is decoded into a typed event.
func typedEvent(t EventType) bool {
	switch t {
	case EventConferenced, EventConnectionCleared, EventDelivered, EventDiverted,
		EventEstablished, EventFailed, EventHeld, EventNetworkReached, EventOriginated,
		EventQueued, EventRetrieved, EventServiceInitiated, EventTransferred,
		EventAgentLoggedOn, EventAgentLoggedOff, EventAgentNotReady, EventAgentReady,
		EventAgentWorkingAfterCall, EventDoNotDisturb, EventForwarding:
		return true
	}
	return false
}

// decodeTyped decodes the fields of a typed event; failures are recorded
// in fs.err. Direct calls keep fs on the stack.
func decodeTyped(t EventType, fs *fieldSet) Event {
	switch t {
	case EventConferenced:
		return decodeConferenced(fs)
	case EventConnectionCleared:
		return decodeConnectionCleared(fs)
	case EventDelivered:
		return decodeDelivered(fs)
	case EventDiverted:
		return decodeDiverted(fs)
	case EventEstablished:
		return decodeEstablished(fs)
	case EventFailed:
		return decodeFailed(fs)
	case EventHeld:
		return decodeHeld(fs)
	case EventNetworkReached:
		return decodeNetworkReached(fs)
	case EventOriginated:
		return decodeOriginated(fs)
	case EventQueued:
		return decodeQueued(fs)
	case EventRetrieved:
		return decodeRetrieved(fs)
	case EventServiceInitiated:
		return decodeServiceInitiated(fs)
	case EventTransferred:
		return decodeTransferred(fs)
	}
	return decodeAgentEvent(t, fs)
}

// Marshal encodes the report as a CSTAEventReportArgument.
func (r EventReport) Marshal() ([]byte, error) {
	if r.Event == nil {
		return nil, fmt.Errorf("csta: cannot encode an event report without event")
	}
	var w berWriter
	w.open(tagSequence)
	w.prim(tagCrossRefID, r.CrossRef)
	t := r.Event.Type()
	w.open(ctxCons(uint32(t.Category())))
	if u, ok := r.Event.(*UnknownEvent); ok {
		if err := checkRaw(u.Raw, "unknown event"); err != nil {
			return nil, err
		}
		w.raw(u.Raw)
	} else {
		w.open(ctxCons(uint32(t.Number())))
		r.Event.encode(&w)
		w.close()
	}
	w.close()
	w.close()
	return w.result()
}
