package csta

import (
	"errors"
	"reflect"
	"testing"
)

// marshalInvoke encodes an Invoke of req with the given id.
func marshalInvoke(t testing.TB, id int, req Request) []byte {
	t.Helper()
	arg, err := req.Marshal()
	if err != nil {
		t.Fatalf("Marshal(%+v) error = %v", req, err)
	}
	b, err := (&Invoke{InvokeID: id, Operation: req.Operation(), Argument: arg}).Marshal()
	if err != nil {
		t.Fatalf("Invoke.Marshal error = %v", err)
	}
	return b
}

func TestRequests_Golden(t *testing.T) {
	tests := []struct {
		file string
		id   int
		req  Request
	}{
		{"monitorstart-101.hex", 120, MonitorStartArgument{Device: DialingNumber("101"), Filter: &MonitorFilter{}}},
		{"kme-devicelist-2.hex", 224, KMEDeviceListRequest(KMECategoryTrunk)},
		{"kme-devicelist-5.hex", 0x602, KMEDeviceListRequest(KMECategoryExtension)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			assertBytes(t, tt.file, marshalInvoke(t, tt.id, tt.req), loadHex(t, tt.file))
		})
	}
}

func TestGolden_ServerSideDecodes(t *testing.T) {
	arg := invokeArgument(t, "monitorstart-101.hex", OpMonitorStart)
	ms, err := DecodeMonitorStartArgument(arg)
	if err != nil || ms.Device != DialingNumber("101") || ms.Filter == nil || *ms.Filter != (MonitorFilter{}) {
		t.Errorf("DecodeMonitorStartArgument = %+v, %v, want device 101 with an empty filter", ms, err)
	}

	pdu, err := DecodePDU(loadHex(t, "monitorstart-result.hex"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := DecodeMonitorStartResult(pdu.(*ReturnResult).Result)
	if err != nil {
		t.Fatalf("DecodeMonitorStartResult error = %v", err)
	}
	assertBytes(t, "cross reference", res.CrossRef, []byte{0, 1})
	again, _ := res.Marshal()
	assertBytes(t, "re-encoded result", again, pdu.(*ReturnResult).Result)

	ss, err := DecodeSystemStatusArgument(invokeArgument(t, "systemstatus-invoke.hex", OpSystemStatus))
	if err != nil || ss.Status != StatusNormal {
		t.Errorf("DecodeSystemStatusArgument = %+v, %v, want normal", ss, err)
	}

	for file, want := range map[string]int{"kme-devicelist-2.hex": 2, "kme-devicelist-5.hex": 5} {
		esc, err := DecodeEscapeArgument(invokeArgument(t, file, OpEscape))
		if err != nil {
			t.Fatalf("DecodeEscapeArgument(%s) error = %v", file, err)
		}
		if got, err := DecodeKMEDeviceListRequest(esc); err != nil || got != want {
			t.Errorf("DecodeKMEDeviceListRequest(%s) = %d, %v, want %d", file, got, err, want)
		}
	}
}

// roundTrip marshals v and decodes it back with decode, comparing.
func roundTrip[T any](t *testing.T, name string, v T, marshal func(T) ([]byte, error), decode func([]byte) (T, error)) {
	t.Run(name, func(t *testing.T) {
		b, err := marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%+v) error = %v", v, err)
		}
		got, err := decode(b)
		if err != nil {
			t.Fatalf("decode(%x) error = %v", b, err)
		}
		if !reflect.DeepEqual(got, v) {
			t.Errorf("decode(Marshal(%+v)) = %+v", v, got)
		}
	})
}

func marshalOf[T interface{ Marshal() ([]byte, error) }](v T) ([]byte, error) { return v.Marshal() }

func TestServices_RoundTrip(t *testing.T) {
	ext := DialingNumber("101")
	conn := ConnectionID{Call: []byte{0, 0x2a}, Device: ext}
	other := ConnectionID{Call: []byte{0, 0x2b}, Device: DialingNumber("102")}
	extensions := mustHex(t, "7e04 a102 0500")
	roundTrip(t, "monitorStart device", MonitorStartArgument{Device: DeviceNumber(0x1110065),
		Filter: &MonitorFilter{CallControl: 1<<3 | 1<<5, LogicalDeviceFeature: 1 << 11, Private: 1}, Type: MonitorDevice},
		marshalOf, DecodeMonitorStartArgument)
	roundTrip(t, "monitorStart call", MonitorStartArgument{Call: conn, Extensions: extensions}, marshalOf, DecodeMonitorStartArgument)
	roundTrip(t, "monitorStart result", MonitorStartResult{CrossRef: []byte{9}, Filter: &MonitorFilter{VoiceUnit: 2}, Extensions: extensions},
		marshalOf, DecodeMonitorStartResult)
	roundTrip(t, "monitorStop", MonitorStopArgument{CrossRef: []byte{0, 1}}, marshalOf, DecodeMonitorStopArgument)
	roundTrip(t, "snapshotDevice", SnapshotDeviceArgument{Device: ext}, marshalOf, DecodeSnapshotDeviceArgument)
	roundTrip(t, "snapshotDevice result", SnapshotDeviceResult{Calls: []SnapshotCall{
		{Connection: conn, StateKind: CallStateCompound, States: []LocalConnectionState{StateConnected, StateAlerting}},
		{Connection: other, Endpoint: DialingNumber("602123456"), StateKind: CallStateSimple, SimpleState: 51},
		{Connection: ConnectionID{Call: []byte{7}}},
	}}, marshalOf, DecodeSnapshotDeviceResult)
	roundTrip(t, "snapshotDevice cross reference", SnapshotDeviceResult{ServiceCrossRef: []byte{1, 2}}, marshalOf, DecodeSnapshotDeviceResult)
	roundTrip(t, "makeCall", MakeCallArgument{Calling: ext, Called: DialingNumber("0602123456"), AccountCode: "77",
		AuthCode: "1", CorrelatorData: "case-42", DoNotPrompt: true, Extensions: extensions}, marshalOf, DecodeMakeCallArgument)
	roundTrip(t, "makeCall result", MakeCallResult{Connection: conn}, marshalOf, DecodeMakeCallResult)
	for _, a := range []ConnectionArgument{
		AnswerCall(conn),
		{Op: OpClearConnection, Connection: conn, CorrelatorData: "x", Reason: CauseNormalClearing, Extensions: extensions},
		{Op: OpHoldCall, Connection: conn, Reservation: true},
		RetrieveCall(conn),
	} {
		op := a.Op
		roundTrip(t, op.String(), a, marshalOf, func(b []byte) (ConnectionArgument, error) { return DecodeConnectionArgument(op, b) })
	}
	roundTrip(t, "consultationCall", ConsultationCallArgument{Existing: conn, Consulted: DialingNumber("102"),
		Reservation: true, AccountCode: "5", CorrelatorData: "c", ConsultOptions: 2}, marshalOf, DecodeConsultationCallArgument)
	roundTrip(t, "consultationCall result", ConsultationCallResult{Initiated: other}, marshalOf, DecodeConsultationCallResult)
	roundTrip(t, "transferCall", TransferCallArgument{Held: conn, Active: other}, marshalOf, DecodeTransferCallArgument)
	roundTrip(t, "transfer result", TransferResult{Transferred: other,
		Connections: []ConnectionListEntry{{New: other, Old: conn, Endpoint: ext}}}, marshalOf, DecodeTransferResult)
	roundTrip(t, "transfer result empty list", TransferResult{Transferred: other, Connections: []ConnectionListEntry{}}, marshalOf, DecodeTransferResult)
	roundTrip(t, "singleStepTransfer", SingleStepTransferArgument{Active: conn, TransferredTo: DialingNumber("102"),
		AccountCode: "9", CorrelatorData: "k"}, marshalOf, DecodeSingleStepTransferArgument)
	roundTrip(t, "deflectCall", DeflectCallArgument{Call: conn, NewDestination: DialingNumber("103")}, marshalOf, DecodeDeflectCallArgument)
	roundTrip(t, "generateDigits", GenerateDigitsArgument{Op: OpGenerateDigits, Connection: conn, Characters: "12#",
		DigitMode: DigitModeDTMF, HasDigitMode: true, ToneDuration: 100, PauseDuration: 50},
		marshalOf, func(b []byte) (GenerateDigitsArgument, error) {
			return DecodeGenerateDigitsArgument(OpGenerateDigits, b)
		})
	roundTrip(t, "sendDTMFTones", GenerateDigitsArgument{Op: OpSendDTMFTones, Connection: conn, Characters: "5"},
		marshalOf, func(b []byte) (GenerateDigitsArgument, error) {
			return DecodeGenerateDigitsArgument(OpSendDTMFTones, b)
		})
	roundTrip(t, "systemStatus", SystemStatusArgument{RegisterID: []byte{1}, Status: StatusMessagesLost}, marshalOf, DecodeSystemStatusArgument)
	roundTrip(t, "escape", KMEDeviceListRequest(5), marshalOf, DecodeEscapeArgument)
	roundTrip(t, "setAgentState", SetAgentStateArgument{Device: ext, Requested: AgentReady, AgentID: "7", Password: "1234",
		Group: DialingNumber("600")}, marshalOf, DecodeSetAgentStateArgument)
	roundTrip(t, "setAgentState result", SetAgentStateResult{PendingState: 2, HasPendingState: true}, marshalOf, DecodeSetAgentStateResult)
	roundTrip(t, "startCDR", StartCDRTransmissionArgument{Mode: CDRAtEndOfCall}, marshalOf, DecodeStartCDRTransmissionArgument)
	roundTrip(t, "startCDR result", StartCDRTransmissionResult{CrossRef: []byte{3}}, marshalOf, DecodeStartCDRTransmissionResult)
	roundTrip(t, "stopCDR", StopCDRTransmissionArgument{CrossRef: []byte{3}, TermReason: 0, HasTermReason: true},
		marshalOf, DecodeStopCDRTransmissionArgument)
}

func TestGenerateDigits_Operation(t *testing.T) {
	if op := (GenerateDigitsArgument{}).Operation(); op != OpGenerateDigits {
		t.Errorf("Operation() of the zero value = %v, want generateDigits", op)
	}
	b, err := GenerateDigitsArgument{Op: OpSendDTMFTones, Connection: ConnectionID{Call: []byte{1}},
		Characters: "1", HasDigitMode: true, ToneDuration: 5}.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	assertBytes(t, "sendDTMFTones argument", b, mustHex(t, "3008 6b03 800101 1601 31"))
}

func TestDecodeNoDataResult(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		wantExt []byte
		wantErr bool
	}{
		{"absent", nil, nil, false},
		{"null", NullResult(), nil, false},
		{"extensions", mustHex(t, "7e02 0500"), mustHex(t, "7e02 0500"), false},
		{"integer", mustHex(t, "020101"), nil, true},
		{"null with content", mustHex(t, "050100"), nil, true},
		{"truncated", mustHex(t, "7e05"), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeNoDataResult(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("DecodeNoDataResult(%x) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			assertBytes(t, "extensions", got, tt.wantExt)
		})
	}
}

func TestServices_DecodeMalformed(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		decode func([]byte) error
	}{
		{"monitorStart empty", "3000", func(b []byte) error { _, err := DecodeMonitorStartArgument(b); return err }},
		{"monitorStart not a sequence", "0400", func(b []byte) error { _, err := DecodeMonitorStartArgument(b); return err }},
		{"monitorStart bad type", "300b 3005 8003313031 0a0109", func(b []byte) error { _, err := DecodeMonitorStartArgument(b); return err }},
		{"monitorStart bad filter bits", "300b 3005 8003313031 a002 8000", func(b []byte) error { _, err := DecodeMonitorStartArgument(b); return err }},
		{"monitorStart result without reference", "3000", func(b []byte) error { _, err := DecodeMonitorStartResult(b); return err }},
		{"monitorStop without reference", "3002 0500", func(b []byte) error { _, err := DecodeMonitorStopArgument(b); return err }},
		{"snapshot without device", "3000", func(b []byte) error { _, err := DecodeSnapshotDeviceArgument(b); return err }},
		{"snapshot result without data", "3000", func(b []byte) error { _, err := DecodeSnapshotDeviceResult(b); return err }},
		{"snapshot entry without state", "300a 7608 3006 6b04 8002002a", func(b []byte) error { _, err := DecodeSnapshotDeviceResult(b); return err }},
		{"snapshot bad state tag", "300d 760b 3009 6b04 8002002a 830100", func(b []byte) error { _, err := DecodeSnapshotDeviceResult(b); return err }},
		{"makeCall one device", "3007 3005 8003313031", func(b []byte) error { _, err := DecodeMakeCallArgument(b); return err }},
		{"answerCall without connection", "3000", func(b []byte) error { _, err := DecodeConnectionArgument(OpAnswerCall, b); return err }},
		{"holdCall bad boolean", "3009 6b04 8002002a 010200ff", func(b []byte) error { _, err := DecodeConnectionArgument(OpHoldCall, b); return err }},
		{"consultation without device", "3006 a004 8002002a", func(b []byte) error { _, err := DecodeConsultationCallArgument(b); return err }},
		{"transfer one connection", "3006 6b04 8002002a", func(b []byte) error { _, err := DecodeTransferCallArgument(b); return err }},
		{"single step without target", "3006 6b04 8002002a", func(b []byte) error { _, err := DecodeSingleStepTransferArgument(b); return err }},
		{"deflect without target", "3006 6b04 8002002a", func(b []byte) error { _, err := DecodeDeflectCallArgument(b); return err }},
		{"digits without characters", "3006 6b04 8002002a", func(b []byte) error { _, err := DecodeGenerateDigitsArgument(OpGenerateDigits, b); return err }},
		{"system status without status", "3000", func(b []byte) error { _, err := DecodeSystemStatusArgument(b); return err }},
		{"escape without private data", "3000", func(b []byte) error { _, err := DecodeEscapeArgument(b); return err }},
		{"set agent state without state", "3007 3005 8003313031", func(b []byte) error { _, err := DecodeSetAgentStateArgument(b); return err }},
		{"start CDR without mode", "3000", func(b []byte) error { _, err := DecodeStartCDRTransmissionArgument(b); return err }},
		{"start CDR result without reference", "3000", func(b []byte) error { _, err := DecodeStartCDRTransmissionResult(b); return err }},
		{"stop CDR without reference", "3000", func(b []byte) error { _, err := DecodeStopCDRTransmissionArgument(b); return err }},
		{"CDR report without records", "3003 040101", func(b []byte) error { _, err := DecodeCDRReportArgument(b); return err }},
		{"CDR record without time", "300a 040101 020101 3002 3000", func(b []byte) error { _, err := DecodeCDRReportArgument(b); return err }},
		{"trailing bytes", "3000 00", func(b []byte) error { _, err := DecodeMonitorStopArgument(b); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.decode(mustHex(t, tt.in)); !errors.Is(err, ErrMalformed) {
				t.Errorf("decode(%s) error = %v, want ErrMalformed", tt.in, err)
			}
		})
	}
}

func TestServices_MarshalErrors(t *testing.T) {
	tests := []struct {
		name string
		req  Request
	}{
		{"monitor nothing", MonitorStartArgument{}},
		{"make call without called", MakeCallArgument{Calling: DialingNumber("1")}},
		{"answer empty connection", AnswerCall(ConnectionID{})},
		{"connection argument of makeCall", ConnectionArgument{Op: OpMakeCall, Connection: ConnectionID{Call: []byte{1}}}},
		{"escape without data", EscapeArgument{}},
		{"deflect to restricted", DeflectCallArgument{Call: ConnectionID{Call: []byte{1}}, NewDestination: DeviceID{Kind: DeviceRestricted}}},
		{"bad extensions", RetrieveCall(ConnectionID{Call: []byte{1}})},
	}
	tests[len(tests)-1].req = ConnectionArgument{Op: OpRetrieveCall, Connection: ConnectionID{Call: []byte{1}}, Extensions: []byte{1, 2, 3}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if b, err := tt.req.Marshal(); err == nil {
				t.Errorf("Marshal(%+v) = %x, want an error", tt.req, b)
			}
		})
	}
}
