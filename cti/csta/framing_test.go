package csta

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestReadFrame_RoundTrip(t *testing.T) {
	for _, n := range []int{1, 2, 127, 128, 129, 255, 256, 300, 4096, MaxPDUSize} {
		pdu := bytes.Repeat([]byte{byte(n)}, n)
		var buf bytes.Buffer
		if err := WriteFrame(&buf, pdu); err != nil {
			t.Fatalf("WriteFrame(%d bytes) error = %v", n, err)
		}
		if got := buf.Len(); got != n+FrameHeaderSize {
			t.Fatalf("frame of %d bytes is %d long, want %d", n, got, n+FrameHeaderSize)
		}
		got, err := ReadFrame(&buf, 0)
		if err != nil {
			t.Fatalf("ReadFrame(%d bytes) error = %v", n, err)
		}
		assertBytes(t, "ReadFrame", got, pdu)
	}
}

func TestReadFrame_LengthPrefix(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteFrame(&buf, make([]byte, 0x1234)); err != nil {
		t.Fatal(err)
	}
	assertBytes(t, "length prefix", buf.Bytes()[:2], []byte{0x12, 0x34})
}

func TestReadFrame_TooLargeIsSkipped(t *testing.T) {
	var buf bytes.Buffer
	_ = WriteFrame(&buf, make([]byte, 200))
	_ = WriteFrame(&buf, []byte{0x05, 0x00})
	_, err := ReadFrame(&buf, 100)
	if !errors.Is(err, ErrFrameTooLarge) {
		t.Fatalf("ReadFrame(200 bytes, max 100) error = %v, want ErrFrameTooLarge", err)
	}
	got, err := ReadFrame(&buf, 100)
	if err != nil {
		t.Fatalf("ReadFrame after skipped frame error = %v", err)
	}
	assertBytes(t, "next frame", got, []byte{0x05, 0x00})
}

func TestReadFrame_Errors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"no data", "", io.EOF},
		{"half header", "00", io.ErrUnexpectedEOF},
		{"truncated body", "0003 0102", io.ErrUnexpectedEOF},
		{"empty frame", "0000", ErrEmptyFrame},
		{"truncated oversized frame", "ffff 00", io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadFrame(bytes.NewReader(mustHex(t, tt.in)), 16)
			if !errors.Is(err, tt.want) {
				t.Errorf("ReadFrame(%s) error = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestWriteFrame_Errors(t *testing.T) {
	if err := WriteFrame(io.Discard, nil); !errors.Is(err, ErrEmptyFrame) {
		t.Errorf("WriteFrame(empty) error = %v, want ErrEmptyFrame", err)
	}
	if err := WriteFrame(io.Discard, make([]byte, MaxPDUSize+1)); !errors.Is(err, ErrFrameTooLarge) {
		t.Errorf("WriteFrame(too large) error = %v, want ErrFrameTooLarge", err)
	}
}
