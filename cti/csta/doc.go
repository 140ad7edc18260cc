// Package csta is Linka's codec for the Panasonic CSTA link: ECMA-269 CSTA
// Phase III services and events in the ASN.1 BER encoding of ECMA-285,
// carried in ROSE (X.880) operations over an ACSE (X.227) association, with
// Panasonic ("KME") private data and the 2-byte length framing of the TCP
// link.
//
// Everything except Conn is pure: functions take bytes and return typed
// values (or the reverse); nothing here does I/O, starts goroutines or
// logs. Every message type's documentation names the ECMA-285 ASN.1 module
// and clause it implements; tags and codes are the ones of those modules.
//
// Layers, bottom up:
//
//   - framing.go: ReadFrame and WriteFrame, the 2-byte big-endian length.
//   - ber.go, ber_write.go: bounded BER TLV reading and writing.
//   - acse.go, rose.go: association and remote-operation PDUs; DecodePDU
//     dispatches on the first tag.
//   - device.go, events*.go, services*.go, kme.go, cdr.go: the CSTA types.
//     Each argument and result has a Marshal method (BER of the value) and
//     a Decode function, for both the client and a simulated PBX.
//   - errors.go: *Error (UniversalFailure) and *RejectError.
//   - conn.go: Conn, one association over an injected io.ReadWriteCloser.
//
// Decoded values may alias the decoded buffer (call identifiers, raw
// arguments); buffers returned by ReadFrame are never reused, so this is
// safe as long as callers do not modify a PDU after decoding it.
package csta
