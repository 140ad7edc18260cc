package csta

import (
	"errors"
	"fmt"
	"io"
)

// Framing of the CSTA link (PROTOCOLS.md, "Framing"): every PDU is preceded
// by a 2-byte big-endian length that does not count itself.
const (
	// FrameHeaderSize is the size of the length prefix.
	FrameHeaderSize = 2
	// MaxPDUSize is the largest PDU the 2-byte length prefix can carry and
	// the largest this package decodes or encodes.
	MaxPDUSize = 0xffff
)

// Framing errors. ErrFrameTooLarge and ErrEmptyFrame leave the stream in
// sync (the frame was consumed), so a reader may report them and go on.
var (
	ErrFrameTooLarge = errors.New("csta: frame larger than the limit")
	ErrEmptyFrame    = errors.New("csta: empty frame")
)

// ReadFrame reads one length-prefixed PDU from r. A frame longer than max
// (MaxPDUSize when max is zero or larger) is read and discarded, and
// ErrFrameTooLarge is returned; an empty frame yields ErrEmptyFrame. Any
// other error means the framing is lost. The returned slice is freshly
// allocated and owned by the caller.
func ReadFrame(r io.Reader, max int) ([]byte, error) {
	if max <= 0 || max > MaxPDUSize {
		max = MaxPDUSize
	}
	var hdr [FrameHeaderSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(hdr[0])<<8 | int(hdr[1])
	switch {
	case n == 0:
		return nil, ErrEmptyFrame
	case n > max:
		if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
			return nil, unexpectedEOF(err)
		}
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, n, max)
	}
	pdu := make([]byte, n)
	if _, err := io.ReadFull(r, pdu); err != nil {
		return nil, unexpectedEOF(err)
	}
	return pdu, nil
}

// unexpectedEOF turns an EOF inside a frame into io.ErrUnexpectedEOF.
func unexpectedEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// WriteFrame writes pdu with its length prefix in a single Write call.
func WriteFrame(w io.Writer, pdu []byte) error {
	if len(pdu) == 0 {
		return ErrEmptyFrame
	}
	if len(pdu) > MaxPDUSize {
		return fmt.Errorf("%w: %d bytes", ErrFrameTooLarge, len(pdu))
	}
	buf := make([]byte, FrameHeaderSize+len(pdu))
	buf[0] = byte(len(pdu) >> 8)
	buf[1] = byte(len(pdu))
	copy(buf[FrameHeaderSize:], pdu)
	_, err := w.Write(buf)
	return err
}
