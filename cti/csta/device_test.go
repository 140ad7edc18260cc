package csta

import (
	"errors"
	"reflect"
	"testing"
)

// decodeDeviceChoice decodes a SubjectDeviceID encoding.
func decodeDeviceChoice(t *testing.T, in []byte) (DeviceID, error) {
	t.Helper()
	d := decoder{src: in}
	r := newReader(in)
	e, err := r.next()
	if err != nil {
		return DeviceID{}, err
	}
	return d.choiceDevice(e, false)
}

func TestChoiceDevice_FastAndGeneralPaths(t *testing.T) {
	long := make([]byte, 130)
	for i := range long {
		long[i] = '5'
	}
	var w berWriter
	writeChoiceDevice(&w, tagSubjectDevice, DialingNumber(string(long)), false, "")
	tests := []struct {
		name string
		in   []byte
		want DeviceID
	}{
		{"dialing number", mustHex(t, "6307 3005 8003 313031"), DialingNumber("101")},
		{"empty dialing number", mustHex(t, "6304 3002 8000"), DialingNumber("")},
		{"device number", mustHex(t, "6308 3006 8104 01110065"), DeviceNumber(0x1110065)},
		{"negative device number", mustHex(t, "6305 3003 8101 ff"), DeviceNumber(-1)},
		{"long digits", w.bytes(), DialingNumber(string(long))},
		{"with private name", mustHex(t, "630e 300c 8003 313031 a105 1603 416e6e"), DialingNumber("101")},
		{"implicit private", mustHex(t, "6307 3005 8403 313031"), DeviceID{Kind: DeviceImplicitPrivate, Digits: "101"}},
		{"explicit public", mustHex(t, "6309 3007 a305 8203 313031"), DeviceID{Kind: DeviceExplicitPublic, TypeOfNumber: 2, Digits: "101"}},
		{"bare identifier", mustHex(t, "6305 8003 313031"), DialingNumber("101")},
		{"not known", mustHex(t, "6302 8700"), DeviceID{Kind: DeviceNotKnown}},
		{"restricted", mustHex(t, "6302 8800"), DeviceID{Kind: DeviceRestricted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeDeviceChoice(t, tt.in)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("choiceDevice(%x) = %+v, %v, want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestChoiceDevice_Malformed(t *testing.T) {
	for _, in := range []string{
		"6305 3005 8003 31",     // inner length beyond content
		"6306 3004 8003 313031", // sequence length shorter than content
		"6305 3003 8109 01",     // device number longer than content
		"6300",                  // empty choice
		"6304 8700 8700",        // two alternatives
		"6303 8701 00",          // NULL with content
		"6304 3002 0500",        // not an identifier
	} {
		if got, err := decodeDeviceChoice(t, mustHex(t, in)); !errors.Is(err, ErrMalformed) {
			t.Errorf("choiceDevice(%s) = %+v, %v, want ErrMalformed", in, got, err)
		}
	}
}

func TestConnectionID_FastAndGeneralPaths(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ConnectionID
	}{
		{"both with dialing number", "6b0f 300d 8002002a a107 3005 8003313031", ConnectionID{Call: []byte{0, 0x2a}, Device: DialingNumber("101")}},
		{"both with device number", "6b10 300e 8002002a a108 3006 810401110065", ConnectionID{Call: []byte{0, 0x2a}, Device: DeviceNumber(0x1110065)}},
		{"both with dynamic id", "6b0c 300a 8002002a a104 83020102", ConnectionID{Call: []byte{0, 0x2a}, Device: DeviceID{Kind: DeviceDynamic, Digits: "\x01\x02"}}},
		{"call only", "6b04 8002002a", ConnectionID{Call: []byte{0, 0x2a}}},
		{"device only", "6b09 a107 3005 8003313031", ConnectionID{Device: DialingNumber("101")}},
		{"empty call id", "6b0d 300b 8000 a107 3005 8003313031", ConnectionID{Call: []byte{}, Device: DialingNumber("101")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := mustHex(t, tt.in)
			d := decoder{src: in}
			r := newReader(in)
			e, err := r.next()
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.connectionID(e)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("connectionID(%s) = %+v, %v, want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}
