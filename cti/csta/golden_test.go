package csta

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// goldenPDU is one PBX→client PDU assembled by hand from the ECMA-285 and
// X.880 ASN.1 definitions (testdata/FILE.hex, annotated byte by byte in
// testdata/FILE.asn1.txt), never produced by this package's encoder.
type goldenPDU struct {
	file string
	// header is the ROSE APDU DecodePDU must return, with its raw
	// Argument, Result or Parameter left nil.
	header PDU
	// answers is the operation a ReturnError answers (the client knows it
	// from the pending request, the PDU does not carry it).
	answers Operation
	// value is the typed content: an EventReport, SystemStatusArgument or
	// SnapshotDeviceResult, the error ErrorFromReturnError returns, or nil
	// for a Reject.
	value any
	// text is how the package names the value (see goldenText).
	text string
	// kind and summary are the check_pdus.py kind and fragments its
	// summary must hold.
	kind    string
	summary []string
}

// goldenPDUs returns the hand-assembled PBX→client PDUs.
func goldenPDUs() []goldenPDU {
	at101 := func(call byte) ConnectionID {
		return ConnectionID{Call: []byte{0x00, call}, Device: DialingNumber("101")}
	}
	status := func(file string, id int, s SystemStatus) goldenPDU {
		return goldenPDU{file: file, header: &Invoke{InvokeID: id, Operation: OpSystemStatus},
			value: SystemStatusArgument{Status: s}, text: s.String(),
			kind: "invoke", summary: []string{fmt.Sprintf("id=%d op=systemStatus systemStatus=%d", id, s)}}
	}
	return []goldenPDU{
		{file: "connectioncleared-101.hex", header: &Invoke{InvokeID: 9, Operation: OpEventReport},
			value: EventReport{CrossRef: []byte{0x00, 0x01}, Event: &ConnectionClearedEvent{
				Connection: at101(0x2a), ReleasingDevice: DialingNumber("101"),
				Common: Common{LocalConnectionInfo: StateNull, Cause: CauseNormalClearing}}},
			text: "connectionCleared", kind: "invoke", summary: []string{
				"id=9 op=21 event=connectionCleared cref=0001", "connection.both.callID=002a",
				"connection.both.deviceID.staticID.deviceIdentifier.dialingNumber=101",
				"releasingDevice.deviceIdentifier.deviceIdentifier.dialingNumber=101",
				"localConnectionInfo=0", "cause=48"}},
		{file: "snapshotdevice-result.hex", header: &ReturnResult{InvokeID: 121, Operation: OpSnapshotDevice},
			value: SnapshotDeviceResult{Calls: []SnapshotCall{
				{Connection: at101(0x2a), Endpoint: DialingNumber("602123456"),
					StateKind: CallStateCompound, States: []LocalConnectionState{StateConnected, StateConnected}},
				// SimpleCallState callEstablishedHeld (52, '34'H).
				{Connection: at101(0x2b), StateKind: CallStateSimple, SimpleState: 52},
			}},
			kind: "result", summary: []string{"id=121 op=snapshotDevice", "snapshotData=#2",
				"snapshotData[0].connectionIdentifier.both.callID=002a",
				"snapshotData[0].endpointDevice.deviceIdentifier.deviceIdentifier.dialingNumber=602123456",
				"snapshotData[0].localCallState.compoundCallState=#2",
				"snapshotData[0].localCallState.compoundCallState[0]=3",
				"snapshotData[0].localCallState.compoundCallState[1]=3",
				"snapshotData[1].connectionIdentifier.both.callID=002b",
				"snapshotData[1].localCallState.simpleCallState=callEstablishedHeld"}},
		{file: "universalfailure-error.hex", header: &ReturnError{InvokeID: 122, ErrorCode: UniversalFailureCode},
			answers: OpAnswerCall,
			value:   &Error{Operation: OpAnswerCall, Class: ClassStateIncompatibility, Value: 25},
			text:    "csta: answerCall failed: stateIncompatibility error invalidConnectionState (25)",
			kind:    "error", summary: []string{"id=122 errcode=1 stateIncompatibility=invalidConnectionState"}},
		{file: "reject.hex", header: &Reject{InvokeID: 123, Problem: RejectProblem{Kind: ProblemInvoke, Code: 1}},
			text: "invoke unrecognizedOperation",
			kind: "reject", summary: []string{"invokeId.present=123 problem.invoke=unrecognizedOperation"}},
		status("systemstatus-enabled.hex", 2, StatusEnabled),
		status("systemstatus-messageslost.hex", 3, StatusMessagesLost),
	}
}

// goldenCheckedPDUs returns the hand-assembled PDUs in the form the
// independent decoders of check_test.go take.
func goldenCheckedPDUs(t *testing.T) []checkedPDU {
	var out []checkedPDU
	for _, g := range goldenPDUs() {
		out = append(out, checkedPDU{"golden-" + strings.TrimSuffix(g.file, ".hex"), g.kind, loadHex(t, g.file), g.summary})
	}
	return out
}

// decodeGolden splits a decoded PDU into its ROSE header (raw content
// cleared) and its typed content; answers is the operation a ReturnError
// answers.
func decodeGolden(pdu PDU, answers Operation) (PDU, any, error) {
	switch p := pdu.(type) {
	case *Invoke:
		h := *p
		h.Argument = nil
		switch p.Operation {
		case OpEventReport:
			v, err := DecodeEventReport(p.Argument)
			return &h, v, err
		case OpSystemStatus:
			v, err := DecodeSystemStatusArgument(p.Argument)
			return &h, v, err
		}
	case *ReturnResult:
		h := *p
		h.Result = nil
		if p.Operation == OpSnapshotDevice {
			v, err := DecodeSnapshotDeviceResult(p.Result)
			return &h, v, err
		}
	case *ReturnError:
		h := *p
		h.Parameter = nil
		return &h, ErrorFromReturnError(answers, p), nil
	case *Reject:
		return p, nil, nil
	}
	return nil, nil, fmt.Errorf("no golden decoder for %T", pdu)
}

// goldenText names a decoded value the way the package prints it.
func goldenText(header PDU, value any) string {
	switch v := value.(type) {
	case EventReport:
		return v.Event.Type().String()
	case SystemStatusArgument:
		return v.Status.String()
	case error:
		return v.Error()
	}
	if r, ok := header.(*Reject); ok {
		return r.Problem.String()
	}
	return ""
}

// goldenString prints a decoded value with the event behind a pointer.
func goldenString(v any) string {
	if r, ok := v.(EventReport); ok {
		return fmt.Sprintf("EventReport{CrossRef:%x Event:%+v}", r.CrossRef, r.Event)
	}
	return fmt.Sprintf("%+v", v)
}

// encodeGolden encodes a header and typed value back into a PDU.
func encodeGolden(header PDU, value any) ([]byte, error) {
	content := func() ([]byte, error) {
		m, ok := value.(interface{ Marshal() ([]byte, error) })
		if !ok {
			return nil, fmt.Errorf("cannot encode %T", value)
		}
		return m.Marshal()
	}
	switch h := header.(type) {
	case *Invoke:
		arg, err := content()
		if err != nil {
			return nil, err
		}
		return (&Invoke{InvokeID: h.InvokeID, Operation: h.Operation, Argument: arg}).Marshal()
	case *ReturnResult:
		res, err := content()
		if err != nil {
			return nil, err
		}
		return (&ReturnResult{InvokeID: h.InvokeID, Operation: h.Operation, Result: res}).Marshal()
	case *ReturnError:
		var e *Error
		if !errors.As(value.(error), &e) {
			return nil, fmt.Errorf("cannot encode error %v", value)
		}
		return (&ReturnError{InvokeID: h.InvokeID, ErrorCode: h.ErrorCode, Parameter: e.Marshal()}).Marshal()
	case *Reject:
		return h.Marshal(), nil
	}
	return nil, fmt.Errorf("cannot encode %T", header)
}

// TestGolden_PBXPDUs decodes each hand-assembled PBX→client PDU and
// compares the typed values with the ones written from the standard, then
// checks that encoding those values gives the hand-assembled bytes back.
func TestGolden_PBXPDUs(t *testing.T) {
	for _, g := range goldenPDUs() {
		t.Run(g.file, func(t *testing.T) {
			raw := loadHex(t, g.file)
			pdu, err := DecodePDU(raw)
			if err != nil {
				t.Fatalf("DecodePDU(%s) error = %v", g.file, err)
			}
			header, value, err := decodeGolden(pdu, g.answers)
			if err != nil {
				t.Fatalf("decode %s content: %v", g.file, err)
			}
			if !reflect.DeepEqual(header, g.header) {
				t.Errorf("DecodePDU(%s) = %+v, want %+v", g.file, header, g.header)
			}
			if !reflect.DeepEqual(value, g.value) {
				t.Errorf("decoded content of %s = %s, want %s", g.file, goldenString(value), goldenString(g.value))
			}
			if got := goldenText(header, value); got != g.text {
				t.Errorf("name of %s = %q, want %q", g.file, got, g.text)
			}
			again, err := encodeGolden(g.header, g.value)
			if err != nil {
				t.Fatalf("encode %s: %v", g.file, err)
			}
			assertBytes(t, "encoding of the expected "+g.file, again, raw)
		})
	}
}

// TestGolden_Independent decodes the hand-assembled PDUs with
// check_pdus.py (pyasn1, types written from the standard) and tshark.
func TestGolden_Independent(t *testing.T) {
	pdus := goldenCheckedPDUs(t)
	dir := t.TempDir()
	args := writePDUs(t, dir, pdus)
	t.Run("pyasn1", func(t *testing.T) {
		python, err := exec.LookPath("python3")
		ok := err == nil && exec.Command(python, "-c", "import pyasn1").Run() == nil
		requirePeer(t, ok, "python3 with pyasn1 not found: apt-get install -y python3-pyasn1 to check the golden PDUs independently")
		lines := runCheckPDUs(t, python, args)
		for i, p := range pdus {
			line := lines[fmt.Sprintf("%02d-%s.ber", i, p.name)]
			if !strings.HasPrefix(line, "OK ") {
				t.Errorf("check_pdus.py(%s %s) = %q, want OK", p.kind, p.name, line)
				continue
			}
			for _, w := range p.want {
				if !strings.Contains(line, w) {
					t.Errorf("check_pdus.py(%s) = %q, want it to contain %q", p.name, line, w)
				}
			}
		}
	})
	t.Run("tshark", func(t *testing.T) {
		tshark, err := exec.LookPath("tshark")
		requirePeer(t, err == nil, "tshark not found: apt-get install -y tshark to check the BER structure with Wireshark")
		if testing.Short() {
			t.Skip("tshark runs take seconds; skipped in -short mode")
		}
		for i, p := range pdus {
			if len(p.pdu) < 8 { // tshark refuses files shorter than 8 bytes
				t.Logf("%s: %d bytes, too short for tshark", p.name, len(p.pdu))
				continue
			}
			path := filepath.Join(dir, fmt.Sprintf("%02d-%s.ber", i, p.name))
			out, err := exec.Command(tshark, "-r", path, "-V").CombinedOutput()
			if err != nil || bytes.Contains(out, []byte("Malformed")) || bytes.Contains(out, []byte("BER Error")) {
				t.Errorf("tshark -r %s -V: %v\n%s", filepath.Base(path), err, out)
			}
		}
	})
}

// runCheckPDUs runs testdata/check_pdus.py on args and returns its output
// lines by file name.
func runCheckPDUs(t *testing.T, python string, args []string) map[string]string {
	t.Helper()
	// -B: no __pycache__ in testdata.
	cmd := exec.Command(python, append([]string{"-B", filepath.Join("testdata", "check_pdus.py")}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("check_pdus.py failed: %v\n%s%s", err, out, stderr.String())
	}
	lines := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if label, rest, ok := strings.Cut(sc.Text(), ": "); ok {
			lines[label] = rest
		}
	}
	return lines
}

// TestGolden_Annotated checks that every hand-assembled PDU has its
// annotated twin, whose byte-by-byte breakdown and quoted PDU are exactly
// the bytes of the .hex file.
func TestGolden_Annotated(t *testing.T) {
	for _, g := range goldenPDUs() {
		t.Run(g.file, func(t *testing.T) {
			twin := strings.TrimSuffix(g.file, ".hex") + ".asn1.txt"
			text, err := os.ReadFile(filepath.Join("testdata", twin))
			if err != nil {
				t.Fatalf("read %s: %v", twin, err)
			}
			raw := loadHex(t, g.file)
			got, err := annotatedBytes(string(text))
			if err != nil {
				t.Fatalf("%s: %v", twin, err)
			}
			assertBytes(t, "byte-by-byte breakdown of "+twin, got, raw)
			if want := hex.EncodeToString(raw); !strings.Contains(string(text), want) {
				t.Errorf("%s does not quote the PDU %s", twin, want)
			}
		})
	}
}

// annotatedBytes returns the bytes listed in the "BER, byte by byte"
// section of an annotated twin: up to a blank line, each line holds hex
// byte pairs, then "--" and a comment.
func annotatedBytes(text string) ([]byte, error) {
	_, section, ok := strings.Cut(text, "\nBER, byte by byte")
	if !ok {
		return nil, errors.New(`no "BER, byte by byte" section`)
	}
	lines := strings.Split(section, "\n")[1:]
	var out []byte
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			break
		}
		bytesPart, _, ok := strings.Cut(line, "--")
		if !ok {
			return nil, fmt.Errorf("line %q has no -- comment", line)
		}
		for _, pair := range strings.Fields(bytesPart) {
			b, err := hex.DecodeString(pair)
			if err != nil || len(b) != 1 {
				return nil, fmt.Errorf("line %q: %q is not one hex byte", line, pair)
			}
			out = append(out, b[0])
		}
	}
	return out, nil
}
