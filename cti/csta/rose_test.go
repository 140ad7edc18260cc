package csta

import (
	"errors"
	"testing"
)

func TestDecodePDU_GoldenROSE(t *testing.T) {
	t.Run("systemstatus-invoke", func(t *testing.T) {
		pdu, err := DecodePDU(loadHex(t, "systemstatus-invoke.hex"))
		if err != nil {
			t.Fatalf("DecodePDU error = %v", err)
		}
		inv, ok := pdu.(*Invoke)
		if !ok || inv.InvokeID != 1 || inv.Operation != OpSystemStatus {
			t.Fatalf("DecodePDU = %#v, want Invoke id 1 op 211", pdu)
		}
		assertBytes(t, "argument", inv.Argument, mustHex(t, "30030a0102"))
	})
	t.Run("systemstatus-result", func(t *testing.T) {
		pdu, err := DecodePDU(loadHex(t, "systemstatus-result.hex"))
		if err != nil {
			t.Fatalf("DecodePDU error = %v", err)
		}
		rr, ok := pdu.(*ReturnResult)
		if !ok || rr.InvokeID != 1 || rr.Operation != OpSystemStatus {
			t.Fatalf("DecodePDU = %#v, want ReturnResult id 1 op 211", pdu)
		}
		assertBytes(t, "result", rr.Result, NullResult())
	})
	t.Run("monitorstart-101", func(t *testing.T) {
		pdu, err := DecodePDU(loadHex(t, "monitorstart-101.hex"))
		if err != nil {
			t.Fatalf("DecodePDU error = %v", err)
		}
		inv, ok := pdu.(*Invoke)
		if !ok || inv.InvokeID != 120 || inv.Operation != OpMonitorStart {
			t.Fatalf("DecodePDU = %#v, want Invoke id 120 op 71", pdu)
		}
	})
	t.Run("monitorstart-result", func(t *testing.T) {
		pdu, err := DecodePDU(loadHex(t, "monitorstart-result.hex"))
		if err != nil {
			t.Fatalf("DecodePDU error = %v", err)
		}
		rr, ok := pdu.(*ReturnResult)
		if !ok || rr.InvokeID != 120 || rr.Operation != OpMonitorStart {
			t.Fatalf("DecodePDU = %#v, want ReturnResult id 120 op 71", pdu)
		}
	})
}

func TestReturnResult_MarshalGolden(t *testing.T) {
	got, err := (&ReturnResult{InvokeID: 1, Operation: OpSystemStatus, Result: NullResult()}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	assertBytes(t, "heartbeat answer", got, loadHex(t, "systemstatus-result.hex"))
}

func TestROSE_RoundTrip(t *testing.T) {
	inv := &Invoke{InvokeID: 32767, Operation: OpCDRReport, Argument: mustHex(t, "3003020101")}
	b, err := inv.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodePDU(b)
	if g, ok := got.(*Invoke); err != nil || !ok || g.InvokeID != inv.InvokeID || g.Operation != inv.Operation {
		t.Errorf("DecodePDU(Invoke) = %#v, %v", got, err)
	}

	re := &ReturnError{InvokeID: 9, ErrorCode: UniversalFailureCode, Parameter: (&Error{Class: ClassOperation, Value: 5}).Marshal()}
	if b, err = re.Marshal(); err != nil {
		t.Fatal(err)
	}
	got, err = DecodePDU(b)
	if g, ok := got.(*ReturnError); err != nil || !ok || g.InvokeID != 9 || g.ErrorCode != 1 {
		t.Errorf("DecodePDU(ReturnError) = %#v, %v", got, err)
	}

	for _, rej := range []*Reject{
		{InvokeID: 4, Problem: RejectProblem{Kind: ProblemInvoke, Code: 1}},
		{InvokeID: -1, Problem: RejectProblem{Kind: ProblemGeneral, Code: 2}},
	} {
		got, err = DecodePDU(rej.Marshal())
		if g, ok := got.(*Reject); err != nil || !ok || *g != *rej {
			t.Errorf("DecodePDU(Reject %+v) = %#v, %v", *rej, got, err)
		}
	}

	empty := &ReturnResult{InvokeID: 3}
	if b, err = empty.Marshal(); err != nil {
		t.Fatal(err)
	}
	assertBytes(t, "empty result", b, mustHex(t, "a203020103"))
}

func TestMarshal_RejectsBadRaw(t *testing.T) {
	if _, err := (&Invoke{InvokeID: 1, Operation: 1, Argument: []byte{0x30, 0x05}}).Marshal(); !errors.Is(err, ErrMalformed) {
		t.Errorf("Invoke.Marshal(truncated argument) error = %v, want ErrMalformed", err)
	}
	if _, err := (&ReturnResult{InvokeID: 1, Operation: 1, Result: []byte{5, 0, 5, 0}}).Marshal(); !errors.Is(err, ErrMalformed) {
		t.Errorf("ReturnResult.Marshal(two TLVs) error = %v, want ErrMalformed", err)
	}
}

func TestDecodePDU_Malformed(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"reset marker 80 01 00", "800100"},
		{"unknown application tag", "6500"},
		{"trailing bytes", "a203020101 00"},
		{"invoke without id", "a100"},
		{"invoke id not integer", "a103 040101"},
		{"invoke id out of range", "a10a 020300ffff 020115 0500"},
		{"invoke without opcode", "a103 020101"},
		{"invoke global opcode", "a108 020101 06032a0304"},
		{"invoke two arguments", "a10a 020101 020115 0500 0500"},
		{"result not sequence", "a208 020101 0403020115"},
		{"result trailing", "a20c 020101 30030201d3 0500"},
		{"error without code", "a303 020101"},
		{"reject without problem", "a403 020101"},
		{"reject constructed problem", "a405 020101 a000"},
		{"reject problem kind 5", "a406 020101 850101"},
		{"invoke truncated argument", "a108 020101 020115 3005"},
		{"nested garbage", "a10a 020101 020115 3003 3005"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodePDU(mustHex(t, tt.in))
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("DecodePDU(%s) = %#v, %v, want ErrMalformed", tt.in, got, err)
			}
		})
	}
}

func TestRejectProblem_String(t *testing.T) {
	tests := []struct {
		p    RejectProblem
		want string
	}{
		{RejectProblem{ProblemInvoke, 1}, "invoke unrecognizedOperation"},
		{RejectProblem{ProblemGeneral, 2}, "general badlyStructuredPDU"},
		{RejectProblem{ProblemReturnError, 9}, "returnError problem(9)"},
		{RejectProblem{7, 1}, "problem(7/1)"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}
