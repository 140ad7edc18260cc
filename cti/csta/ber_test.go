package csta

import (
	"bytes"
	"errors"
	"testing"
)

func TestBerReader_Malformed(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"empty", ""},
		{"missing length", "30"},
		{"truncated high tag", "bf"},
		{"high tag never ends", "bf 81 81 81"},
		{"high tag too long", "bf 81 81 81 81 01 00"},
		{"high tag leading zero", "bf 80 01 00"},
		{"indefinite length", "30 80 00 00"},
		{"length of five octets", "04 85 00 00 00 00 01"},
		{"truncated long length", "04 82 01"},
		{"length beyond buffer", "04 05 01 02"},
		{"long length beyond buffer", "04 81 80 00"},
		{"length over the PDU limit", "04 83 01 00 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newReader(mustHex(t, tt.in))
			_, err := r.next()
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("next(%s) error = %v, want ErrMalformed", tt.in, err)
			}
		})
	}
}

func TestBerWriter_LongLengthRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 127, 128, 255, 256, 1000, 65000} {
		var w berWriter
		w.open(tagSequence)
		w.prim(tagOctetString, bytes.Repeat([]byte{0xab}, n))
		w.close()
		b := w.bytes()
		r := newReader(b)
		seq, err := r.next()
		if err != nil {
			t.Fatalf("next(len %d) error = %v", n, err)
		}
		if r.more() {
			t.Fatalf("trailing bytes after sequence of %d", n)
		}
		sr := seq.children()
		os, err := sr.expect(tagOctetString, "octets")
		if err != nil {
			t.Fatalf("expect(len %d) error = %v", n, err)
		}
		if len(os.val) != n {
			t.Errorf("content length = %d, want %d", len(os.val), n)
		}
	}
}

func TestBerWriter_TagRoundTrip(t *testing.T) {
	tests := []struct {
		tag  tag
		want string
	}{
		{ctxCons(38), "bf2600"},
		{ctxPrim(30), "9e00"},
		{ctxCons(200), "bf814800"},
		{appCons(30), "7e00"},
		{mkTag(classPrivate, false, 5), "c500"},
	}
	for _, tt := range tests {
		t.Run(tt.tag.String(), func(t *testing.T) {
			var w berWriter
			w.prim(tt.tag, nil)
			assertBytes(t, "encoding", w.bytes(), mustHex(t, tt.want))
			r := newReader(w.bytes())
			e, err := r.next()
			if err != nil || e.tag != tt.tag {
				t.Errorf("next() = %v, %v, want %v", e.tag, err, tt.tag)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"00", 0, false},
		{"7f", 127, false},
		{"0080", 128, false},
		{"ff", -1, false},
		{"ff7f", -129, false},
		{"00d3", 211, false},
		{"", 0, true},
		{"010203040506070809", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseInt(mustHex(t, tt.in))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseInt(%s) = %d, %v, want %d (error %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestBerWriter_IntegerRoundTrip(t *testing.T) {
	for _, v := range []int64{0, 1, -1, 127, 128, -128, -129, 211, 32767, 1 << 40, -1 << 62} {
		var w berWriter
		w.integer(tagInteger, v)
		r := newReader(w.bytes())
		e, err := r.next()
		if err != nil {
			t.Fatalf("next(%d) error = %v", v, err)
		}
		got, err := parseInt(e.val)
		if err != nil || got != v {
			t.Errorf("parseInt(integer(%d)) = %d, %v", v, got, err)
		}
	}
}

func TestParseBits(t *testing.T) {
	tests := []struct {
		in      string
		want    uint32
		wantErr bool
	}{
		{"000800", 1 << 4, false},
		{"0780", 1, false},
		{"00", 0, false},
		{"", 0, true},
		{"08ff", 0, true},
		{"03", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseBits(mustHex(t, tt.in))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseBits(%s) = %#x, %v, want %#x (error %v)", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestSkipTree_DeepNesting(t *testing.T) {
	var w berWriter
	for range maxNesting + 2 {
		w.open(tagSequence)
	}
	for range maxNesting + 2 {
		w.close()
	}
	if err := skipTree(w.bytes(), 0); !errors.Is(err, ErrMalformed) {
		t.Errorf("skipTree(nesting %d) error = %v, want ErrMalformed", maxNesting+2, err)
	}
}
