package csta

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// requirePeer skips a test whose external tool is missing, or fails it
// when LINKA_REQUIRE_PEERS=1 (CI).
func requirePeer(t *testing.T, ok bool, how string) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
		t.Fatalf("missing peer (LINKA_REQUIRE_PEERS=1): %s", how)
	}
	t.Skip(how)
}

// checkedPDU is one PDU handed to the independent decoders, with the
// kind check_pdus.py decodes it as and fragments its summary must hold.
type checkedPDU struct {
	name string
	kind string
	pdu  []byte
	want []string
}

// independentPDUs returns every PDU type Linka sends, the captured PBX
// PDUs, and the PBX-side encodings the simulator will send.
func independentPDUs(t *testing.T) []checkedPDU {
	conn := ConnectionID{Call: []byte{0, 0x2a}, Device: DialingNumber("101")}
	other := ConnectionID{Call: []byte{0, 0x2b}, Device: DeviceNumber(0x1110066)}
	invoke := func(name string, id int, req Request, want ...string) checkedPDU {
		return checkedPDU{name, "invoke", marshalInvoke(t, id, req), want}
	}
	result := func(name string, id int, op Operation, res []byte, err error, want ...string) checkedPDU {
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := (&ReturnResult{InvokeID: id, Operation: op, Result: res}).Marshal()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return checkedPDU{name, "result", b, want}
	}
	golden := func(file, kind string, want ...string) checkedPDU {
		return checkedPDU{strings.TrimSuffix(file, ".hex"), kind, loadHex(t, file), want}
	}
	pdus := []checkedPDU{
		{"aarq", "aarq", (&AARQ{Versions: VersionFive}).Marshal(), []string{"context=1.3.12.0.218", "versions=4"}},
		{"rlrq", "rlrq", (&RLRQ{Reason: 0}).Marshal(), []string{"reason=0"}},
		result("heartbeat-answer", 1, OpSystemStatus, NullResult(), nil, "op=systemStatus noData=null"),
		result("cdr-answer", 2, OpCDRReport, NullResult(), nil, "op=cDRReport noData=null"),
		invoke("monitorstart", 3, MonitorStartArgument{Device: DeviceNumber(0x1110065), Filter: &MonitorFilter{CallControl: 1 << 3}, Type: MonitorDevice},
			"deviceNumber=17891429", "callControl=b0001", "monitorType=1"),
		invoke("monitorstop", 4, MonitorStopArgument{CrossRef: []byte{0, 1}}, "crossRefIdentifier=0001"),
		invoke("snapshot", 5, SnapshotDeviceArgument{Device: DialingNumber("101")}, "dialingNumber=101"),
		invoke("makecall", 6, MakeCallArgument{Calling: DialingNumber("101"), Called: DialingNumber("0602123456"), CorrelatorData: "case-7", DoNotPrompt: true},
			"calledDirectoryNumber.deviceIdentifier.dialingNumber=0602123456", "autoOriginate=1", "correlatorData=case-7"),
		invoke("answercall", 7, AnswerCall(conn), "callToBeAnswered.both.callID=002a"),
		invoke("clearconnection", 8, ConnectionArgument{Op: OpClearConnection, Connection: conn, Reason: CauseNormalClearing}, "reason=48"),
		invoke("holdcall", 9, ConnectionArgument{Op: OpHoldCall, Connection: conn, Reservation: true}, "connectionReservation=True"),
		invoke("retrievecall", 10, RetrieveCall(conn), "callToBeRetrieved.both.deviceID.staticID.deviceIdentifier.dialingNumber=101"),
		invoke("consultation", 11, ConsultationCallArgument{Existing: conn, Consulted: DialingNumber("102"), ConsultOptions: 1},
			"existingCall.both.callID=002a", "consultedDevice.deviceIdentifier.dialingNumber=102", "consultOptions=1"),
		invoke("transfer", 12, TransferCallArgument{Held: conn, Active: other}, "activeCall.both.deviceID.staticID.deviceIdentifier.deviceNumber=17891430"),
		invoke("singlesteptransfer", 13, SingleStepTransferArgument{Active: conn, TransferredTo: DialingNumber("102")}, "op=singleStepTransferCall", "transferredTo.deviceIdentifier.dialingNumber=102"),
		invoke("deflect", 14, DeflectCallArgument{Call: conn, NewDestination: DialingNumber("103")}, "newDestination.deviceIdentifier.dialingNumber=103"),
		invoke("generatedigits", 15, GenerateDigitsArgument{Connection: conn, Characters: "12#", HasDigitMode: true, DigitMode: DigitModeDTMF, ToneDuration: 100},
			"charactersToSend=12#", "digitMode=1", "toneDuration=100"),
		invoke("senddtmftones", 16, GenerateDigitsArgument{Op: OpSendDTMFTones, Connection: conn, Characters: "5"}, "op=sendDTMFTones", "charactersToSend=5"),
		invoke("setagentstate", 17, SetAgentStateArgument{Device: DialingNumber("101"), Requested: AgentReady, AgentID: "7"}, "requestedAgentState=3", "agentID=7"),
		invoke("kme-devicelist", 18, KMEDeviceListRequest(KMECategoryExtension), "reqStandardDevice=5"),
		invoke("startcdr", 19, StartCDRTransmissionArgument{Mode: CDRAtEndOfCall}, "transferMode=0"),
		invoke("stopcdr", 20, StopCDRTransmissionArgument{CrossRef: []byte{9}, HasTermReason: true}, "cdrCrossRefID=09", "cdrTermReason=0"),
		golden("aare.hex", "aare", "result=0", "versions=4"),
		golden("systemstatus-invoke.hex", "invoke", "systemStatus=2"),
		golden("delivered-101.hex", "invoke", "event=delivered", "alertingDevice.deviceIdentifier.deviceIdentifier.dialingNumber=101", "cause=22"),
		golden("established-101.hex", "invoke", "event=established", "localConnectionInfo=3"),
		golden("monitorstart-result.hex", "result", "crossRefIdentifier=0001"),
	}
	pdus = append(pdus, simulatorPDUs(t, conn, other, invoke, result)...)
	return pdus
}

// simulatorPDUs returns PBX-side encodings: every typed event, results and
// the KME replies.
func simulatorPDUs(t *testing.T, conn, other ConnectionID,
	invoke func(string, int, Request, ...string) checkedPDU,
	result func(string, int, Operation, []byte, error, ...string) checkedPDU) []checkedPDU {
	var out []checkedPDU
	for i, ev := range roundTripEvents(t) {
		if _, unknown := ev.(*UnknownEvent); unknown {
			continue
		}
		arg, err := EventReport{CrossRef: []byte{0, 1}, Event: ev}.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		b, err := (&Invoke{InvokeID: 100 + i, Operation: OpEventReport, Argument: arg}).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, checkedPDU{"event-" + ev.Type().String(), "invoke", b, []string{"event=" + ev.Type().String()}})
	}
	ms, err := MonitorStartResult{CrossRef: []byte{0, 1}}.Marshal()
	out = append(out, result("monitorstart-result", 30, OpMonitorStart, ms, err, "crossRefIdentifier=0001"))
	mc, err := MakeCallResult{Connection: conn}.Marshal()
	out = append(out, result("makecall-result", 31, OpMakeCall, mc, err, "callingDevice.both.callID=002a"))
	tr, err := TransferResult{Transferred: other, Connections: []ConnectionListEntry{{New: other, Old: conn, Endpoint: DeviceID{Kind: DeviceRestricted}}}}.Marshal()
	out = append(out, result("transfer-result", 32, OpTransferCall, tr, err, "connections=#1", "endpoint.restricted=null"))
	sc, err := StartCDRTransmissionResult{CrossRef: []byte{7}}.Marshal()
	out = append(out, result("startcdr-result", 33, OpStartCDRTransmission, sc, err, "cdrCrossRefID=07"))
	out = append(out, result("kme-ack", 34, OpEscape, KMEDeviceListAck{CrossRef: []byte{1}}.Marshal(), nil, "extensions.privateData=#1"))
	reply, err := KMEDeviceListReply{CrossRef: []byte{1}, Last: true, Devices: []KMEDevice{{Device: DeviceNumber(0x1110065), Number: "101"}}}.EscapeArgument()
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, invoke("kme-reply", 35, reply, "lastSegment=True", "number=101", "deviceNumber=17891429"))
	return out
}

// writePDUs writes each PDU to dir and returns the check_pdus.py arguments.
func writePDUs(t *testing.T, dir string, pdus []checkedPDU) []string {
	var args []string
	for i, p := range pdus {
		path := filepath.Join(dir, fmt.Sprintf("%02d-%s.ber", i, p.name))
		if err := os.WriteFile(path, p.pdu, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p.kind+"="+path)
	}
	return args
}

func TestIndependentCheck_PyASN1(t *testing.T) {
	python, err := exec.LookPath("python3")
	hasPyASN1 := err == nil && exec.Command(python, "-c", "import pyasn1").Run() == nil
	requirePeer(t, hasPyASN1, "python3 with pyasn1 not found: apt-get install -y python3-pyasn1 to check the encodings independently")
	pdus := independentPDUs(t)
	args := writePDUs(t, t.TempDir(), pdus)
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
	for i, p := range pdus {
		t.Run(p.name, func(t *testing.T) {
			line := lines[fmt.Sprintf("%02d-%s.ber", i, p.name)]
			if !strings.HasPrefix(line, "OK ") {
				t.Fatalf("check_pdus.py(%s %x) = %q, want OK", p.kind, p.pdu, line)
			}
			for _, w := range p.want {
				if !strings.Contains(line, w) {
					t.Errorf("check_pdus.py(%s) = %q, want it to contain %q", p.name, line, w)
				}
			}
		})
	}
}

func TestIndependentCheck_Tshark(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	requirePeer(t, err == nil, "tshark not found: apt-get install -y tshark to check the BER structure with Wireshark")
	if testing.Short() {
		t.Skip("tshark runs take seconds; skipped in -short mode")
	}
	dir := t.TempDir()
	pdus := independentPDUs(t)
	writePDUs(t, dir, pdus)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, p := range pdus {
		if len(p.pdu) < 8 { // tshark refuses files shorter than 8 bytes
			continue
		}
		path := filepath.Join(dir, fmt.Sprintf("%02d-%s.ber", i, p.name))
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out, err := exec.Command(tshark, "-r", path, "-V").CombinedOutput()
			if err != nil || bytes.Contains(out, []byte("Malformed")) || bytes.Contains(out, []byte("BER Error")) {
				t.Errorf("tshark -r %s -V: %v\n%s", filepath.Base(path), err, out)
			}
		}()
	}
	wg.Wait()
}
