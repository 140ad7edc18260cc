package csta

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

// seedPDUs returns every capture in testdata plus encodings of each
// message type, as fuzzing seeds.
func seedPDUs(t testing.TB) [][]byte {
	files, err := filepath.Glob(filepath.Join("testdata", "*.hex"))
	if err != nil {
		t.Fatal(err)
	}
	var seeds [][]byte
	for _, f := range files {
		seeds = append(seeds, loadHex(t, filepath.Base(f)))
	}
	conn := ConnectionID{Call: []byte{0, 1}, Device: DialingNumber("101")}
	reqs := []Request{
		MakeCallArgument{Calling: DialingNumber("101"), Called: DialingNumber("102")},
		ConsultationCallArgument{Existing: conn, Consulted: DialingNumber("102")},
		TransferCallArgument{Held: conn, Active: conn},
		SetAgentStateArgument{Device: DialingNumber("101"), Requested: AgentReady},
		CDRReportArgument{CrossRef: []byte{1}, Records: []CDRRecord{{CreationTime: "20240101120000"}}},
	}
	for i, r := range reqs {
		seeds = append(seeds, marshalInvoke(t, i+1, r))
	}
	for _, ev := range []Event{
		&TransferredEvent{PrimaryOldCall: conn, TransferringDevice: DialingNumber("101"),
			TransferredConnections: []ConnectionListEntry{{New: conn, Endpoint: DeviceID{Kind: DeviceRestricted}}}},
		&ForwardingEvent{Device: DialingNumber("101"), Status: true, HasForwardingType: true},
	} {
		arg, err := EventReport{CrossRef: []byte{1}, Event: ev}.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		inv, _ := (&Invoke{InvokeID: 1, Operation: OpEventReport, Argument: arg}).Marshal()
		seeds = append(seeds, inv)
	}
	return seeds
}

// decodeArgument runs the typed decoder of an invoke or result argument.
func decodeArgument(op Operation, arg []byte) {
	switch op {
	case OpEventReport:
		if rep, err := DecodeEventReport(arg); err == nil {
			_, _ = rep.Marshal()
		}
	case OpMonitorStart:
		_, _ = DecodeMonitorStartArgument(arg)
		_, _ = DecodeMonitorStartResult(arg)
	case OpSnapshotDevice:
		_, _ = DecodeSnapshotDeviceResult(arg)
	case OpMakeCall:
		_, _ = DecodeMakeCallArgument(arg)
	case OpConsultationCall:
		_, _ = DecodeConsultationCallArgument(arg)
	case OpTransferCall, OpSingleStepTransfer:
		_, _ = DecodeTransferCallArgument(arg)
		_, _ = DecodeTransferResult(arg)
	case OpSetAgentState:
		_, _ = DecodeSetAgentStateArgument(arg)
	case OpCDRReport:
		_, _ = DecodeCDRReportArgument(arg)
	case OpEscape:
		if esc, err := DecodeEscapeArgument(arg); err == nil {
			_, _ = DecodeKMEDeviceListReply(esc)
			_, _ = DecodeKMEDeviceListRequest(esc)
		}
		_, _ = DecodeKMEDeviceListAck(arg)
	case OpSystemStatus, OpSystemStatusPhase2:
		_, _ = DecodeSystemStatusArgument(arg)
	}
}

func FuzzDecodePDU(f *testing.F) {
	for _, s := range seedPDUs(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pdu, err := DecodePDU(b)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("DecodePDU(%x) error %v does not wrap ErrMalformed", b, err)
			}
			return
		}
		switch p := pdu.(type) {
		case *Invoke:
			decodeArgument(p.Operation, p.Argument)
			if _, err := p.Marshal(); err != nil {
				t.Fatalf("re-encoding decoded invoke %x: %v", b, err)
			}
		case *ReturnResult:
			decodeArgument(p.Operation, p.Result)
		case *ReturnError:
			_, _ = DecodeUniversalFailure(p.Parameter)
		}
	})
}

func FuzzReadFrame(f *testing.F) {
	for _, s := range seedPDUs(f) {
		var buf bytes.Buffer
		_ = WriteFrame(&buf, s)
		_ = WriteFrame(&buf, s)
		f.Add(buf.Bytes())
	}
	f.Add([]byte{0x00, 0x00, 0x00, 0x01, 0x05})
	f.Add([]byte{0xff, 0xff, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		const limit = 100
		r := bytes.NewReader(b)
		for {
			pdu, err := ReadFrame(r, limit)
			if errors.Is(err, ErrFrameTooLarge) || errors.Is(err, ErrEmptyFrame) {
				continue
			}
			if err != nil {
				return
			}
			if len(pdu) == 0 || len(pdu) > limit {
				t.Fatalf("ReadFrame returned %d bytes with limit %d", len(pdu), limit)
			}
		}
	})
}
