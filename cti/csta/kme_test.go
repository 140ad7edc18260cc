package csta

import (
	"errors"
	"reflect"
	"testing"
)

func TestKMEDeviceListAck_RoundTrip(t *testing.T) {
	ack := KMEDeviceListAck{CrossRef: []byte{0x12, 0x34}}
	got, err := DecodeKMEDeviceListAck(ack.Marshal())
	if err != nil || !reflect.DeepEqual(got, ack) {
		t.Errorf("DecodeKMEDeviceListAck(Marshal) = %+v, %v, want %+v", got, err, ack)
	}
	assertBytes(t, "ack", ack.Marshal(), mustHex(t, "7e0a a108 a406 a404 0402 1234"))
}

func TestKMEDeviceListAck_Malformed(t *testing.T) {
	for _, in := range []string{"0500", "7e00", "7e04 a102 0500", "7e08 a106 a404 a302 0400", "020101"} {
		if _, err := DecodeKMEDeviceListAck(mustHex(t, in)); !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeKMEDeviceListAck(%s) error = %v, want ErrMalformed", in, err)
		}
	}
}

func TestKMEDeviceListReply_RoundTrip(t *testing.T) {
	reply := KMEDeviceListReply{CrossRef: []byte{1}, Segment: 3, Last: true, Devices: []KMEDevice{
		{Device: DeviceNumber(0x1110065), Number: "101", Status: 0},
		{Device: DeviceNumber(0x1110066), Number: "102", Status: 1, Status2: 4, HasStatus2: true},
	}}
	esc, err := reply.EscapeArgument()
	if err != nil {
		t.Fatal(err)
	}
	arg, err := esc.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeEscapeArgument(arg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeKMEDeviceListReply(back)
	if err != nil || !reflect.DeepEqual(got, reply) {
		t.Errorf("DecodeKMEDeviceListReply(round trip) = %+v, %v, want %+v", got, err, reply)
	}
}

func TestDecodeKMEDeviceListReply_Layouts(t *testing.T) {
	// The same one-device segment in the nesting the open-source client
	// decodes and in flatter variants: all must give the same devices.
	tests := []struct {
		name string
		in   string
	}{
		{"wrapped", "a42e a32c 302a a003040101 a103020100 a2030101ff a319 3017 bf2614 3012 " +
			"3010 3006 8104 01110065 1603 313031 0a0100"},
		{"no sequences", "a428 a326 a003040101 a103020100 a2030101ff a315 bf2612 " +
			"3010 3006 8104 01110065 1603 313031 0a0100"},
	}
	want := []KMEDevice{{Device: DeviceNumber(0x1110065), Number: "101"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeKMEDeviceListReply(EscapeArgument{PrivateData: mustHex(t, tt.in)})
			if err != nil {
				t.Fatalf("DecodeKMEDeviceListReply(%s) error = %v", tt.in, err)
			}
			if !got.Last || got.Segment != 0 || !reflect.DeepEqual(got.Devices, want) {
				t.Errorf("DecodeKMEDeviceListReply(%s) = %+v, want last segment 0 with %+v", tt.in, got, want)
			}
		})
	}
}

func TestDecodeKMEDeviceListReply_Malformed(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"not KME", "0400"},
		{"ack instead of reply", "a406 a404 04020102"},
		{"no cross reference", "a409 a307 3005 a103 020100"},
		{"cross reference not octets", "a409 a307 3005 a003 020101"},
		{"bad entry", "a412 a310 300e a003 040101 a307 bf2604 3002 0500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := DecodeKMEDeviceListReply(EscapeArgument{PrivateData: mustHex(t, tt.in)}); !errors.Is(err, ErrMalformed) {
				t.Errorf("DecodeKMEDeviceListReply(%s) error = %v, want ErrMalformed", tt.in, err)
			}
		})
	}
}

func TestDecodeKMEDeviceListRequest_Malformed(t *testing.T) {
	for _, in := range []string{"0400", "a402 a000", "a40b a009 a407 a105 a103 0a0102", "a40b a009 a407 a105 a003 020102"} {
		if _, err := DecodeKMEDeviceListRequest(EscapeArgument{PrivateData: mustHex(t, in)}); !errors.Is(err, ErrMalformed) {
			t.Errorf("DecodeKMEDeviceListRequest(%s) error = %v, want ErrMalformed", in, err)
		}
	}
}
