package audio

// G.711 (ITU-T Recommendation G.711, 1988): 8-bit logarithmic companding
// of 16-bit linear samples. A-law is used in Europe (RTP payload type 8,
// PCMA), µ-law in North America and Japan (payload type 0, PCMU).

// Codec is a G.711 law.
type Codec int

// G.711 laws and their static RTP payload types (RFC 3551 table 4).
const (
	PCMU Codec = 0
	PCMA Codec = 8
)

// String returns the RTP encoding name.
func (c Codec) String() string {
	if c == PCMA {
		return "PCMA"
	}
	return "PCMU"
}

// Encode appends the G.711 bytes of samples.
func (c Codec) Encode(dst []byte, samples []int16) []byte {
	for _, s := range samples {
		if c == PCMA {
			dst = append(dst, ALaw(s))
		} else {
			dst = append(dst, ULaw(s))
		}
	}
	return dst
}

// Decode appends the linear samples of G.711 bytes.
func (c Codec) Decode(dst []int16, b []byte) []int16 {
	for _, v := range b {
		if c == PCMA {
			dst = append(dst, ALawDecode(v))
		} else {
			dst = append(dst, ULawDecode(v))
		}
	}
	return dst
}

// Silence is the code of a zero sample.
func (c Codec) Silence() byte {
	if c == PCMA {
		return 0xD5
	}
	return 0xFF
}

// ALaw encodes one sample (G.711 clause 2, table 1a): 13-bit magnitude,
// segment and 4-bit mantissa, even bits inverted (XOR 0x55).
func ALaw(s int16) byte {
	v := int(s) >> 3 // 13 bits
	mask := byte(0xD5)
	if v < 0 {
		mask = 0x55
		v = -v - 1
	}
	var out byte
	switch {
	case v < 32:
		out = byte(v >> 1)
	default:
		seg := 1
		for x := v >> 5; x > 1 && seg < 7; x >>= 1 {
			seg++
		}
		if v >= 4096 {
			out = 0x7F
		} else {
			out = byte(seg<<4) | byte((v>>seg)&0x0F)
		}
	}
	return out ^ mask
}

// ALawDecode decodes one A-law byte.
func ALawDecode(b byte) int16 {
	b ^= 0x55
	seg := int(b&0x70) >> 4
	m := int(b & 0x0F)
	var v int
	if seg == 0 {
		v = m<<4 + 8
	} else {
		v = (m<<4 + 0x108) << (seg - 1)
	}
	if b&0x80 == 0 {
		v = -v
	}
	return int16(v)
}

// uBias is the µ-law bias added before the segment search.
const uBias = 0x84

// ULaw encodes one sample (G.711 clause 3, table 2a).
func ULaw(s int16) byte {
	v := int(s)
	sign := byte(0)
	if v < 0 {
		sign = 0x80
		v = -v
	}
	if v > 32635 {
		v = 32635
	}
	v += uBias
	seg := 0
	for x := v >> 7; x > 1 && seg < 7; x >>= 1 {
		seg++
	}
	m := byte(v>>(seg+3)) & 0x0F
	return ^(sign | byte(seg<<4) | m)
}

// ULawDecode decodes one µ-law byte.
func ULawDecode(b byte) int16 {
	b = ^b
	seg := int(b&0x70) >> 4
	m := int(b & 0x0F)
	v := ((m << 3) + uBias) << seg
	v -= uBias
	if b&0x80 != 0 {
		v = -v
	}
	return int16(v)
}
