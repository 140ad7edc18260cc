package csta

import (
	"errors"
	"testing"
)

func TestAARQ_MarshalGolden(t *testing.T) {
	got := (&AARQ{Versions: VersionFive}).Marshal()
	assertBytes(t, "AARQ", got, loadHex(t, "aarq.hex"))
}

func TestAARQ_DecodeGolden(t *testing.T) {
	pdu, err := DecodePDU(loadHex(t, "aarq.hex"))
	if err != nil {
		t.Fatalf("DecodePDU(aarq) error = %v", err)
	}
	a, ok := pdu.(*AARQ)
	if !ok {
		t.Fatalf("DecodePDU(aarq) = %T, want *AARQ", pdu)
	}
	if !a.ApplicationContext.Equal(CSTAApplicationContext()) {
		t.Errorf("context = %v, want %v", a.ApplicationContext, CSTAApplicationContext())
	}
	if a.Versions != VersionFive {
		t.Errorf("versions = %#x, want %#x", a.Versions, VersionFive)
	}
}

func TestAARE_DecodeGolden(t *testing.T) {
	pdu, err := DecodePDU(loadHex(t, "aare.hex"))
	if err != nil {
		t.Fatalf("DecodePDU(aare) error = %v", err)
	}
	a, ok := pdu.(*AARE)
	if !ok {
		t.Fatalf("DecodePDU(aare) = %T, want *AARE", pdu)
	}
	want := AARE{ApplicationContext: CSTAApplicationContext(), Result: AssociateAccepted,
		DiagnosticSource: DiagnosticServiceUser, DiagnosticValue: 1, Versions: VersionFive}
	if !a.ApplicationContext.Equal(want.ApplicationContext) || a.Result != want.Result ||
		a.DiagnosticSource != want.DiagnosticSource || a.DiagnosticValue != want.DiagnosticValue ||
		a.Versions != want.Versions {
		t.Errorf("DecodePDU(aare) = %+v, want %+v", *a, want)
	}
	if !a.Accepted() {
		t.Error("Accepted() = false, want true")
	}
	assertBytes(t, "AARE re-encoded", a.Marshal(), loadHex(t, "aare.hex"))
}

func TestAARE_Rejected(t *testing.T) {
	b := (&AARE{Result: AssociateRejectedPermanent, DiagnosticSource: DiagnosticServiceProvider, DiagnosticValue: 2}).Marshal()
	pdu, err := DecodePDU(b)
	if err != nil {
		t.Fatalf("DecodePDU error = %v", err)
	}
	a := pdu.(*AARE)
	if a.Accepted() || a.Result != AssociateRejectedPermanent || a.DiagnosticSource != DiagnosticServiceProvider || a.DiagnosticValue != 2 {
		t.Errorf("decoded AARE = %+v, want rejected permanent, provider diagnostic 2", *a)
	}
	if a.Versions != 0 {
		t.Errorf("versions = %#x, want 0 (no user information)", a.Versions)
	}
}

func TestRelease_RoundTrip(t *testing.T) {
	tests := []struct {
		name string
		pdu  PDU
		enc  []byte
	}{
		{"RLRQ normal", &RLRQ{Reason: 0}, (&RLRQ{Reason: 0}).Marshal()},
		{"RLRQ without reason", &RLRQ{Reason: -1}, (&RLRQ{Reason: -1}).Marshal()},
		{"RLRE normal", &RLRE{Reason: 0}, (&RLRE{Reason: 0}).Marshal()},
		{"ABRT", &ABRT{Source: 1, Diagnostic: 2}, (&ABRT{Source: 1, Diagnostic: 2}).Marshal()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodePDU(tt.enc)
			if err != nil {
				t.Fatalf("DecodePDU(%x) error = %v", tt.enc, err)
			}
			switch want := tt.pdu.(type) {
			case *RLRQ:
				if g, ok := got.(*RLRQ); !ok || *g != *want {
					t.Errorf("DecodePDU(%x) = %#v, want %#v", tt.enc, got, want)
				}
			case *RLRE:
				if g, ok := got.(*RLRE); !ok || *g != *want {
					t.Errorf("DecodePDU(%x) = %#v, want %#v", tt.enc, got, want)
				}
			case *ABRT:
				if g, ok := got.(*ABRT); !ok || *g != *want {
					t.Errorf("DecodePDU(%x) = %#v, want %#v", tt.enc, got, want)
				}
			}
		})
	}
	assertBytes(t, "RLRQ", (&RLRQ{}).Marshal(), mustHex(t, "6203 800100"))
}

func TestACSE_Malformed(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"AARQ without context", "6004 80020780"},
		{"AARQ bad OID", "6009 80020780 a103 060180"},
		{"AARE without result", "610d 80020780 a107 06052b0c00815a"},
		{"AARE result not integer", "6105 a203 0a0100"},
		{"AARE odd diagnostic", "610a a203020100 a303 a40100"},
		{"ABRT without source", "6400"},
		{"user info not EXTERNAL", "6009 a1030601 2a be02 0400"},
		{"user info without version", "6010 be0e 280c 06072b0c00821d8148 a001 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodePDU(mustHex(t, tt.in))
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("DecodePDU(%s) error = %v, want ErrMalformed", tt.in, err)
			}
		})
	}
}

func TestObjectID_RoundTrip(t *testing.T) {
	for _, o := range []ObjectID{CSTAApplicationContext(), CSTAUserInformation(), {2, 999, 3}, {0, 39}} {
		got, err := parseOID(appendOID(nil, o))
		if err != nil || !got.Equal(o) {
			t.Errorf("parseOID(appendOID(%v)) = %v, %v", o, got, err)
		}
	}
	assertBytes(t, "1.3.12.0.285.200", appendOID(nil, CSTAUserInformation()), mustHex(t, "2b0c00821d8148"))
}
