package recorder

// G.711 decoding (ITU-T G.711, 1988, tables 1a and 2a): each 8-bit code
// expands to a 16-bit linear sample, as the classic Sun reference
// implementation (and sox) does.

var (
	alawTable [256]int16
	ulawTable [256]int16
)

func init() {
	for i := range 256 {
		alawTable[i] = alaw2linear(byte(i))
		ulawTable[i] = ulaw2linear(byte(i))
	}
}

func alaw2linear(a byte) int16 {
	a ^= 0x55
	t := int32(a&0x0f) << 4
	seg := (a & 0x70) >> 4
	switch seg {
	case 0:
		t += 8
	case 1:
		t += 0x108
	default:
		t += 0x108
		t <<= seg - 1
	}
	if a&0x80 != 0 {
		return int16(t)
	}
	return int16(-t)
}

func ulaw2linear(u byte) int16 {
	u = ^u
	t := (int32(u&0x0f) << 3) + 0x84
	t <<= (u & 0x70) >> 4
	if u&0x80 != 0 {
		return int16(0x84 - t)
	}
	return int16(t - 0x84)
}

// Codec is an audio codec as far as the recorder knows it.
type Codec uint8

// Codecs.
const (
	CodecUnknown Codec = iota
	CodecPCMU          // G.711 µ-law, static payload type 0
	CodecPCMA          // G.711 A-law, static payload type 8
	CodecG729          // G.729, static payload type 18: not decodable here
	CodecG722          // G.722, static payload type 9: not decodable here
	CodecCN            // comfort noise (RFC 3389), payload type 13: ignored
	CodecEvent         // telephone-event (RFC 4733): noted, not audio
	CodecOther         // any other named codec: not decodable here
)

// String returns the codec's SDP encoding name.
func (c Codec) String() string {
	switch c {
	case CodecPCMU:
		return "PCMU"
	case CodecPCMA:
		return "PCMA"
	case CodecG729:
		return "G729"
	case CodecG722:
		return "G722"
	case CodecCN:
		return "CN"
	case CodecEvent:
		return "telephone-event"
	case CodecOther:
		return "other"
	}
	return "unknown"
}

// Decodable reports whether the recorder can turn the codec into audio.
func (c Codec) Decodable() bool { return c == CodecPCMU || c == CodecPCMA }

// staticCodec returns the codec of a static RTP payload type (RFC 3551
// table 4), CodecUnknown for a dynamic or unassigned one.
func staticCodec(pt uint8) Codec {
	switch pt {
	case 0:
		return CodecPCMU
	case 8:
		return CodecPCMA
	case 9:
		return CodecG722
	case 13:
		return CodecCN
	case 18:
		return CodecG729
	}
	return CodecUnknown
}

// codecByName maps an SDP rtpmap encoding name to a codec.
func codecByName(name string) Codec {
	switch upperASCII(name) {
	case "PCMU":
		return CodecPCMU
	case "PCMA":
		return CodecPCMA
	case "G729", "G729A", "G729B":
		return CodecG729
	case "G722":
		return CodecG722
	case "CN":
		return CodecCN
	case "TELEPHONE-EVENT":
		return CodecEvent
	}
	return CodecOther
}

// decodeG711 appends the linear samples of payload in codec c to dst.
func decodeG711(dst []int16, c Codec, payload []byte) []int16 {
	table := &alawTable
	if c == CodecPCMU {
		table = &ulawTable
	}
	for _, b := range payload {
		dst = append(dst, table[b])
	}
	return dst
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
