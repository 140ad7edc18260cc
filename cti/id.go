package cti

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

// crockford is the Crockford base32 alphabet in lower case: no i, l, o, u.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// idLen is the length of a Linka call id: 128 bits in base32.
const idLen = 26

// idGenerator makes Linka call ids: 48 bits of Unix milliseconds followed
// by 80 random bits, written in Crockford base32 (the ULID layout), so ids
// sort by creation time. Within one millisecond the random part is
// incremented, keeping the order. Not safe for concurrent use.
type idGenerator struct {
	lastMS uint64
	hi     uint16 // random bits 79…64
	lo     uint64 // random bits 63…0
}

// next returns a new id for a call created at t.
func (g *idGenerator) next(t time.Time) string {
	ms := uint64(t.UnixMilli())
	if ms <= g.lastMS {
		ms = g.lastMS
		g.lo++
		if g.lo == 0 {
			g.hi++
		}
	} else {
		var b [10]byte
		_, _ = rand.Read(b[:])                         // crypto/rand.Read never fails
		g.hi = binary.BigEndian.Uint16(b[:2]) & 0x7fff // room to increment
		g.lo = binary.BigEndian.Uint64(b[2:])
		g.lastMS = ms
	}
	var raw [16]byte
	binary.BigEndian.PutUint16(raw[0:], uint16(ms>>32))
	binary.BigEndian.PutUint32(raw[2:], uint32(ms))
	binary.BigEndian.PutUint16(raw[6:], g.hi)
	binary.BigEndian.PutUint64(raw[8:], g.lo)
	return encodeID(raw)
}

// encodeID writes 128 bits as 26 base32 digits, most significant first
// (the first digit carries the top 3 bits).
func encodeID(raw [16]byte) string {
	hi := binary.BigEndian.Uint64(raw[:8])
	lo := binary.BigEndian.Uint64(raw[8:])
	var out [idLen]byte
	for i := idLen - 1; i >= 0; i-- {
		out[i] = crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}
