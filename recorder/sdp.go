package recorder

import (
	"net/netip"
	"strconv"
	"strings"
)

// MediaDirection is an SDP media direction attribute (RFC 4566 clause 6,
// RFC 3264 clause 5.1).
type MediaDirection string

// Media directions.
const (
	SendRecv MediaDirection = "sendrecv"
	SendOnly MediaDirection = "sendonly" // the sender holds the call
	RecvOnly MediaDirection = "recvonly"
	Inactive MediaDirection = "inactive"
)

// SDP is what the recorder takes from a session description (RFC 4566):
// the first audio stream's address, port, payload types and direction.
type SDP struct {
	// Addr and Port are where the party that sent the SDP receives RTP;
	// Port is 0 when the description has no audio stream or rejects it.
	Addr netip.Addr
	Port uint16
	// Proto is the transport of the audio stream, e.g. "RTP/AVP".
	Proto string
	// Formats are the offered payload types in order of preference.
	Formats []uint8
	// Codecs maps the payload types to codecs, from a=rtpmap lines and
	// the static assignments.
	Codecs map[uint8]Codec
	// Direction is the audio stream's direction (sendrecv when absent).
	Direction MediaDirection
	// Secure reports SRTP: a secure profile (RTP/SAVP, RTP/SAVPF,
	// UDP/TLS/RTP/SAVP) or a=crypto keys. Such media cannot be decoded
	// passively.
	Secure bool
}

// Hold reports an SDP that puts the call on hold (RFC 3264 clause 8.4):
// sendonly, inactive, or the old-style connection address 0.0.0.0.
func (s *SDP) Hold() bool {
	return s.Direction == SendOnly || s.Direction == Inactive || (s.Addr.IsValid() && s.Addr.IsUnspecified())
}

// Endpoint returns where the sender of the SDP receives RTP.
func (s *SDP) Endpoint() netip.AddrPort { return netip.AddrPortFrom(s.Addr, s.Port) }

// Codec returns the codec of payload type pt in this description.
func (s *SDP) Codec(pt uint8) Codec {
	if c, ok := s.Codecs[pt]; ok {
		return c
	}
	return staticCodec(pt)
}

// ParseSDP parses a session description. Only the first audio media
// section counts; a description without one has Port 0. It fails only
// when the text is not an SDP at all.
func ParseSDP(b []byte) (*SDP, bool) {
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	if !strings.HasPrefix(text, "v=") {
		return nil, false
	}
	s := &SDP{Codecs: map[uint8]Codec{}, Direction: SendRecv}
	section := "session" // "session", "audio" (the first audio), "other"
	var sessionAddr, mediaAddr netip.Addr
	sessionDir := SendRecv
	haveAudio := false
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if len(line) < 2 || line[1] != '=' {
			continue
		}
		val := line[2:]
		switch line[0] {
		case 'm':
			section = "other"
			if !haveAudio && strings.HasPrefix(val, "audio ") {
				haveAudio, section = true, "audio"
				s.parseMedia(val)
			}
		case 'c':
			if a, ok := connAddr(val); ok {
				switch section {
				case "session":
					sessionAddr = a
				case "audio":
					mediaAddr = a
				}
			}
		case 'a':
			if section == "other" {
				continue
			}
			s.parseAttr(val, section, &sessionDir)
		}
	}
	s.Addr = sessionAddr
	if mediaAddr.IsValid() {
		s.Addr = mediaAddr
	}
	if s.Direction == SendRecv {
		s.Direction = sessionDir
	}
	return s, true
}

// parseMedia reads "audio 49170 RTP/AVP 8 0 101".
func (s *SDP) parseMedia(val string) {
	f := strings.Fields(val)
	if len(f) < 3 {
		return
	}
	if p, err := strconv.ParseUint(strings.SplitN(f[1], "/", 2)[0], 10, 16); err == nil {
		s.Port = uint16(p)
	}
	s.Proto = f[2]
	if strings.Contains(strings.ToUpper(s.Proto), "SAVP") {
		s.Secure = true
	}
	for _, pt := range f[3:] {
		if n, err := strconv.ParseUint(pt, 10, 8); err == nil && n < 128 {
			s.Formats = append(s.Formats, uint8(n))
		}
	}
}

// parseAttr reads the attributes the recorder needs.
func (s *SDP) parseAttr(val, section string, sessionDir *MediaDirection) {
	name, rest, _ := strings.Cut(val, ":")
	switch name {
	case "rtpmap":
		pt, enc, ok := strings.Cut(strings.TrimSpace(rest), " ")
		n, err := strconv.ParseUint(pt, 10, 8)
		if ok && err == nil && n < 128 {
			codec, _, _ := strings.Cut(strings.TrimSpace(enc), "/")
			s.Codecs[uint8(n)] = codecByName(codec)
		}
	case "crypto":
		s.Secure = true
	case "sendrecv", "sendonly", "recvonly", "inactive":
		if section == "session" {
			*sessionDir = MediaDirection(name)
		} else {
			s.Direction = MediaDirection(name)
		}
	}
}

// connAddr reads "IN IP4 192.0.2.1" (a multicast TTL suffix is ignored).
func connAddr(val string) (netip.Addr, bool) {
	f := strings.Fields(val)
	if len(f) < 3 || f[0] != "IN" {
		return netip.Addr{}, false
	}
	host, _, _ := strings.Cut(f[2], "/")
	a, err := netip.ParseAddr(host)
	return a, err == nil
}

// PreferredCodec returns the first non-event, non-comfort-noise format's
// codec: the codec the stream will use.
func (s *SDP) PreferredCodec() (uint8, Codec) {
	for _, pt := range s.Formats {
		if c := s.Codec(pt); c != CodecEvent && c != CodecCN {
			return pt, c
		}
	}
	return 0, CodecUnknown
}
