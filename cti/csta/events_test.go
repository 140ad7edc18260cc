package csta

import (
	"errors"
	"reflect"
	"testing"
)

// invokeArgument decodes a golden Invoke PDU and returns its argument.
func invokeArgument(t *testing.T, file string, op Operation) []byte {
	t.Helper()
	pdu, err := DecodePDU(loadHex(t, file))
	if err != nil {
		t.Fatalf("DecodePDU(%s) error = %v", file, err)
	}
	inv, ok := pdu.(*Invoke)
	if !ok || inv.Operation != op {
		t.Fatalf("DecodePDU(%s) = %#v, want Invoke of %v", file, pdu, op)
	}
	return inv.Argument
}

// goldenParties are the parties of the delivered-101 and established-101 captures.
var goldenParties = Parties{
	CallingDevice:         DialingNumber("602123456"),
	CalledDevice:          DialingNumber("544503100"),
	LastRedirectionDevice: DeviceID{Kind: DeviceNotRequired},
}

func TestDecodeEventReport_Golden(t *testing.T) {
	conn := ConnectionID{Call: []byte{0x00, 0x2a}, Device: DialingNumber("101")}
	tests := []struct {
		file string
		want Event
	}{
		{"delivered-101.hex", &DeliveredEvent{Connection: conn, AlertingDevice: DialingNumber("101"),
			Parties: goldenParties, Common: Common{LocalConnectionInfo: StateAlerting, Cause: CauseNewCall}}},
		{"established-101.hex", &EstablishedEvent{Connection: conn, AnsweringDevice: DialingNumber("101"),
			Parties: goldenParties, Common: Common{LocalConnectionInfo: StateConnected, Cause: CauseNewCall}}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			arg := invokeArgument(t, tt.file, OpEventReport)
			rep, err := DecodeEventReport(arg)
			if err != nil {
				t.Fatalf("DecodeEventReport error = %v", err)
			}
			assertBytes(t, "cross reference", rep.CrossRef, []byte{0x00, 0x01})
			if !reflect.DeepEqual(rep.Event, tt.want) {
				t.Errorf("DecodeEventReport(%s) = %+v, want %+v", tt.file, rep.Event, tt.want)
			}
			again, err := rep.Marshal()
			if err != nil {
				t.Fatalf("Marshal error = %v", err)
			}
			assertBytes(t, "re-encoded report", again, arg)
		})
	}
}

// roundTripEvents returns one or more values of every event type.
func roundTripEvents(t testing.TB) []Event {
	call := []byte{0x01, 0x07}
	ext := DialingNumber("101")
	conn := ConnectionID{Call: call, Device: ext}
	other := ConnectionID{Call: []byte{0x01, 0x08}, Device: DeviceNumber(0x1110065)}
	two, five := 2, 5
	full := Parties{CallingDevice: DialingNumber("602123456"), CalledDevice: DeviceNumber(17891429),
		LastRedirectionDevice:   DeviceID{Kind: DeviceNotKnown},
		NetworkCallingDevice:    DeviceID{Kind: DeviceExplicitPublic, TypeOfNumber: 2, Digits: "602123456"},
		NetworkCalledDevice:     DeviceID{Kind: DeviceImplicitPublic, Digits: "544503100"},
		AssociatedCallingDevice: DeviceID{Kind: DeviceDialingNumber, Digits: "9"},
		AssociatedCalledDevice:  DeviceID{Kind: DeviceRestricted}}
	common := Common{LocalConnectionInfo: StateConnected, Cause: CauseNormalClearing,
		Extensions: mustHex(t, "7e06 a104 04020102")}
	list := []ConnectionListEntry{
		{New: conn, Old: other, Endpoint: ext, AssociatedNID: DeviceID{Kind: DeviceNotKnown}},
		{New: other, Endpoint: DeviceID{Kind: DeviceRestricted}},
	}
	events := []Event{
		&DeliveredEvent{Connection: conn, AlertingDevice: ext, Parties: full, OriginatingNIDConnection: other, Common: common},
		&EstablishedEvent{Connection: conn, AnsweringDevice: ext, Parties: full, Common: common},
		&FailedEvent{Connection: conn, FailingDevice: ext, Parties: goldenParties, Common: Common{Cause: CauseBusy}},
		&NetworkReachedEvent{Connection: conn, NetworkInterfaceUsed: DeviceNumber(0x1310001), Parties: goldenParties, Common: common},
		&QueuedEvent{Connection: conn, Queue: DialingNumber("600"), Parties: goldenParties, NumberQueued: &two, CallsInFront: &five, Common: common},
		&DivertedEvent{Connection: conn, DivertingDevice: ext, NewDestination: DialingNumber("102"),
			Parties: Parties{LastRedirectionDevice: ext}, Common: Common{Cause: CauseRedirected}},
		&OriginatedEvent{Connection: conn, OriginatingDevice: ext,
			Parties: Parties{CallingDevice: ext, CalledDevice: DialingNumber("0602123456")}, Common: Common{Cause: CauseMakeCall}},
		&ServiceInitiatedEvent{Connection: conn, InitiatingDevice: ext,
			Parties: Parties{CalledDevice: DialingNumber("102")}, Common: Common{LocalConnectionInfo: StateInitiated, Cause: CauseNewCall}},
		&ConnectionClearedEvent{Connection: conn, ReleasingDevice: ext, Common: common},
		&HeldEvent{Connection: ConnectionID{Call: call}, HoldingDevice: ext, Common: Common{LocalConnectionInfo: StateHold, Cause: CauseNormal}},
		&RetrievedEvent{Connection: ConnectionID{Device: DeviceID{Kind: DeviceDynamic, Digits: "\x01\x02"}}, RetrievingDevice: ext,
			Common: Common{Cause: CauseNormal}},
		&TransferredEvent{PrimaryOldCall: conn, SecondaryOldCall: other, TransferringDevice: ext,
			TransferredToDevice: DialingNumber("102"), TransferredConnections: list, Common: Common{Cause: CauseTransfer}},
		&ConferencedEvent{PrimaryOldCall: conn, ConferencingDevice: ext, AddedParty: DialingNumber("103"),
			ConferenceConnections: list, Common: Common{Cause: CauseConference, Extensions: mustHex(t, "a506 a104 04020102")}},
		&AgentLoggedOnEvent{AgentDevice: ext, AgentID: "7", ACDGroup: DialingNumber("600"), AgentPassword: "1234", Cause: CauseNormal},
		&AgentLoggedOffEvent{AgentDevice: ext, AgentID: "7"},
		&AgentReadyEvent{AgentDevice: ext, AgentID: "7", ACDGroup: DialingNumber("600"), Cause: CauseNormal, Extensions: common.Extensions},
		&AgentNotReadyEvent{AgentDevice: ext},
		&AgentWorkingAfterCallEvent{AgentDevice: ext, AgentID: "7", PendingState: PendingReady, Cause: CauseNormal},
		&DoNotDisturbEvent{Device: ext, On: true, CallOrigination: 3, CallingDevices: []DeviceID{DialingNumber("102"), DeviceNumber(5)}},
		&ForwardingEvent{Device: ext, ForwardingType: 2, HasForwardingType: true, Status: true, ForwardTo: DialingNumber("0602123456"),
			ForwardDefault: 0, HasForwardDefault: true, RingCount: 4, RingDuration: &five},
		&ForwardingEvent{Device: ext},
		&UnknownEvent{EventType: EventType(CategoryCallControl)<<8 | 1, Raw: mustHex(t, "a10a 6b04 8002002a 6302 8700")},
	}
	return events
}

func TestEventReport_RoundTrip(t *testing.T) {
	for _, ev := range roundTripEvents(t) {
		t.Run(ev.Type().String(), func(t *testing.T) {
			in := EventReport{CrossRef: []byte{0, 1}, Event: ev}
			b, err := in.Marshal()
			if err != nil {
				t.Fatalf("Marshal error = %v", err)
			}
			out, err := DecodeEventReport(b)
			if err != nil {
				t.Fatalf("DecodeEventReport(%x) error = %v", b, err)
			}
			if !reflect.DeepEqual(out, in) {
				t.Errorf("DecodeEventReport(Marshal(%+v)) = %+v", ev, out.Event)
			}
		})
	}
}

func TestDecodeEventReport_Tolerant(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want EventType
	}{
		{"call cleared is unknown", "3012 5502 0001 a00c a10a 6b04 8002002a 6302 8700", EventType(CategoryCallControl)<<8 | 1},
		{"vendor private event", "300d 5502 0001 a707 a005 0403 010203", EventType(CategoryVendorSpecific)<<8 | 0},
		{"physical device event", "300a 5502 0001 a304 8802 0000", EventType(CategoryPhysicalDeviceFeature)<<8 | 8},
		{"delivered with private data and unknown fields", "3038 5502 0001 a032 a430" +
			"6b04 8002002a 6307 3005 8003313031 6102 8700 6202 8700 6402 8800" +
			"8003 414243 0a0116 9f3f 00 7e08 a106 a404 0402 0909", EventDelivered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := DecodeEventReport(mustHex(t, tt.in))
			if err != nil {
				t.Fatalf("DecodeEventReport(%s) error = %v", tt.in, err)
			}
			if got := rep.Event.Type(); got != tt.want {
				t.Errorf("event type = %v, want %v", got, tt.want)
			}
			if d, ok := rep.Event.(*DeliveredEvent); ok {
				assertBytes(t, "extensions", d.Extensions, mustHex(t, "7e08 a106 a404 0402 0909"))
				if d.Cause != CauseNewCall || d.AlertingDevice != DialingNumber("101") {
					t.Errorf("delivered = %+v, want cause newCall at 101", d)
				}
			}
		})
	}
}

func TestDecodeEventReport_Malformed(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"not a sequence", "3100"},
		{"trailing bytes", "3000 00"},
		{"missing cross reference", "3004 a002 a400"},
		{"missing event", "3004 5502 0001"},
		{"event info primitive", "3006 5502 0001 8000"},
		{"event category beyond 255", "300a 5502 0001 bf820002 a100"},
		{"two events", "300a 5502 0001 a004 a400 a400"},
		{"primitive delivered", "3008 5502 0001 a002 8400"},
		{"delivered without connection", "3010 5502 0001 a00a a408 6303 8001 31 0a0116"},
		{"delivered without cause", "301e 5502 0001 a018 a416 6b04 8002002a 6302 8700 6102 8700 6202 8700 6402 8800"},
		{"delivered bad local state", "3024 5502 0001 a01e a41c 6b04 8002002a 6302 8700 6102 8700 6202 8700 6402 8800 4e01 ff 0a0116"},
		{"connection with two alternatives", "3012 5502 0001 a00c a40a 6b08 8002002a 8002002b"},
		{"connection with bad tag", "300e 5502 0001 a008 a406 6b04 0402002a"},
		{"device with bad identifier", "3015 5502 0001 a00f a40d 6b04 8002002a 6305 3003 a80100"},
		{"device choice empty", "3010 5502 0001 a00a a408 6b04 8002002a 6300"},
		{"transferred without list", "3019 5502 0001 a013 b111 6b04 8002002a 6302 8700 6302 8700 0a0120"},
		{"dnd without flag", "300d 5502 0001 a407 ab05 6303 8001 31"},
		{"forwarding without status", "300d 5502 0001 a407 ac05 6303 8001 31"},
		{"working after call bad pending", "3010 5502 0001 a40a a508 6303 8001 31 820105"},
		{"truncated inside event", "300c 5502 0001 a006 a404 6b05 8002"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := DecodeEventReport(mustHex(t, tt.in))
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("DecodeEventReport(%s) = %+v, %v, want ErrMalformed", tt.in, rep, err)
			}
		})
	}
}

func TestDecodeEventReport_TooManyFields(t *testing.T) {
	var w berWriter
	w.open(tagSequence)
	w.prim(tagCrossRefID, []byte{1})
	w.open(ctxCons(0))
	w.open(ctxCons(4))
	for range maxEventFields + 1 {
		w.null(tagNull)
	}
	w.close()
	w.close()
	w.close()
	if _, err := DecodeEventReport(w.bytes()); !errors.Is(err, ErrMalformed) {
		t.Errorf("DecodeEventReport(%d fields) error = %v, want ErrMalformed", maxEventFields+1, err)
	}
}

func TestEventReport_MarshalErrors(t *testing.T) {
	tests := []struct {
		name string
		rep  EventReport
	}{
		{"no event", EventReport{}},
		{"empty connection", EventReport{Event: &HeldEvent{HoldingDevice: DialingNumber("1")}}},
		{"not-known plain device", EventReport{Event: &OriginatedEvent{Connection: ConnectionID{Call: []byte{1}},
			OriginatingDevice: DeviceID{Kind: DeviceNotKnown}}}},
		{"not-required calling device", EventReport{Event: &DeliveredEvent{Connection: ConnectionID{Call: []byte{1}},
			Parties: Parties{CallingDevice: DeviceID{Kind: DeviceNotRequired}}}}},
		{"bad extensions", EventReport{Event: &HeldEvent{Connection: ConnectionID{Call: []byte{1}}, Common: Common{Extensions: []byte{0x7e}}}}},
		{"bad unknown raw", EventReport{Event: &UnknownEvent{Raw: []byte{0xa1, 0x05}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if b, err := tt.rep.Marshal(); err == nil {
				t.Errorf("Marshal(%+v) = %x, want an error", tt.rep, b)
			}
		})
	}
}

func TestEventNames(t *testing.T) {
	tests := []struct{ got, want string }{
		{EventDelivered.String(), "delivered"},
		{EventForwarding.String(), "forwarding"},
		{(EventType(CategoryVoiceUnit)<<8 | 3).String(), "event(6/3)"},
		{CauseNewCall.String(), "newCall"},
		{EventCause(121).String(), "lawfulInterception"},
		{EventCause(500).String(), "cause(500)"},
		{StateAlerting.String(), "alerting"},
		{LocalConnectionState(20).String(), "state(19)"},
		{DeviceNumber(42).String(), "#42"},
		{DialingNumber("101").String(), "101"},
		{DeviceID{Kind: DeviceNotKnown}.String(), "notKnown"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}
