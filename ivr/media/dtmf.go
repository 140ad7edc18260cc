package media

import "encoding/binary"

// Event is an RFC 4733 telephone-event payload (clause 2.3):
//
//	 0                   1                   2                   3
//	|     event     |E|R| volume    |          duration             |
type Event struct {
	Code     uint8
	End      bool
	Volume   uint8
	Duration uint16
}

// eventLen is the length of a telephone-event payload.
const eventLen = 4

// ParseEvent decodes a telephone-event payload.
func ParseEvent(b []byte) (Event, bool) {
	if len(b) < eventLen {
		return Event{}, false
	}
	return Event{Code: b[0], End: b[1]&0x80 != 0, Volume: b[1] & 0x3F,
		Duration: binary.BigEndian.Uint16(b[2:4])}, true
}

// Marshal encodes the payload.
func (e Event) Marshal() []byte {
	b := []byte{e.Code, e.Volume & 0x3F, 0, 0}
	if e.End {
		b[1] |= 0x80
	}
	binary.BigEndian.PutUint16(b[2:], e.Duration)
	return b
}

// dtmfDigits are the DTMF events 0-15 (RFC 4733 clause 3.2, table 7).
const dtmfDigits = "0123456789*#ABCD"

// Digit returns the DTMF digit of the event, "" for other events.
func (e Event) Digit() string {
	if int(e.Code) < len(dtmfDigits) {
		return dtmfDigits[e.Code : e.Code+1]
	}
	return ""
}

// EventCode returns the event code of a digit, false if it is none.
func EventCode(d string) (uint8, bool) {
	for i := range len(dtmfDigits) {
		if len(d) == 1 && dtmfDigits[i] == d[0] {
			return uint8(i), true
		}
	}
	return 0, false
}
