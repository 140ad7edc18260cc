package media

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"linka/ivr/audio"
)

// DefaultDTMFPayload is the telephone-event payload type offered when the
// far end names none (RFC 4733 uses a dynamic type; 101 is customary).
const DefaultDTMFPayload = 101

// maxSDP bounds the SDP body parsed.
const maxSDP = 16 << 10

// ErrSDP is wrapped by every error of ParseOffer.
var ErrSDP = errors.New("media: unusable SDP")

// Offer is what the far end's SDP says about its audio stream.
type Offer struct {
	// Addr is where to send RTP (c= and m= lines).
	Addr *net.UDPAddr
	// Codec is the first G.711 law the offer lists.
	Codec audio.Codec
	// DTMF is the telephone-event payload type, 0 when not offered.
	DTMF uint8
}

// ParseOffer reads an SDP offer (RFC 4566) and picks the first G.711
// payload of the first audio stream, and its telephone-event type.
func ParseOffer(body []byte) (Offer, error) {
	if len(body) > maxSDP {
		return Offer{}, fmt.Errorf("%w: %d bytes", ErrSDP, len(body))
	}
	var (
		sessionIP, mediaIP string
		port               int
		formats            []string
		inAudio, seenAudio bool
		rtpmap             = map[string]string{}
	)
	for line := range strings.SplitSeq(string(body), "\n") {
		line = strings.TrimRight(line, "\r")
		if len(line) < 2 || line[1] != '=' {
			continue
		}
		v := line[2:]
		switch line[0] {
		case 'm':
			f := strings.Fields(v)
			inAudio = len(f) >= 4 && f[0] == "audio" && !seenAudio
			if inAudio {
				seenAudio = true
				port, _ = strconv.Atoi(f[1])
				formats = f[3:]
			}
		case 'c':
			f := strings.Fields(v)
			if len(f) == 3 {
				if inAudio {
					mediaIP = f[2]
				} else if !seenAudio {
					sessionIP = f[2]
				}
			}
		case 'a':
			if !inAudio {
				continue
			}
			if rest, ok := strings.CutPrefix(v, "rtpmap:"); ok {
				pt, enc, _ := strings.Cut(rest, " ")
				rtpmap[pt] = strings.ToLower(enc)
			}
		}
	}
	if !seenAudio || port <= 0 || port > 65535 {
		return Offer{}, fmt.Errorf("%w: no audio stream", ErrSDP)
	}
	ipText := mediaIP
	if ipText == "" {
		ipText = sessionIP
	}
	ip := net.ParseIP(ipText)
	if ip == nil {
		return Offer{}, fmt.Errorf("%w: connection address %q", ErrSDP, ipText)
	}
	o := Offer{Addr: &net.UDPAddr{IP: ip, Port: port}}
	found := false
	for _, f := range formats {
		enc := rtpmap[f]
		switch {
		case !found && (f == "8" || strings.HasPrefix(enc, "pcma/")):
			o.Codec, found = audio.PCMA, true
		case !found && (f == "0" || strings.HasPrefix(enc, "pcmu/")):
			o.Codec, found = audio.PCMU, true
		case strings.HasPrefix(enc, "telephone-event/8000") && o.DTMF == 0:
			if pt, err := strconv.Atoi(f); err == nil && pt >= 96 && pt <= 127 {
				o.DTMF = uint8(pt)
			}
		}
	}
	if !found {
		return Offer{}, fmt.Errorf("%w: neither PCMA nor PCMU offered", ErrSDP)
	}
	return o, nil
}

// Answer returns the SDP answer (RFC 3264) for a stream at ip:port with
// codec and, when dtmf is not zero, telephone-event.
func Answer(ip net.IP, port int, codec audio.Codec, dtmf uint8, sessionID int64) []byte {
	ipv := "IP4"
	if ip.To4() == nil {
		ipv = "IP6"
	}
	fmts := strconv.Itoa(int(codec))
	extra := ""
	if dtmf != 0 {
		fmts += " " + strconv.Itoa(int(dtmf))
		extra = fmt.Sprintf("a=rtpmap:%d telephone-event/8000\r\na=fmtp:%d 0-15\r\n", dtmf, dtmf)
	}
	return fmt.Appendf(nil, "v=0\r\no=linka %d %d IN %s %s\r\ns=linka\r\nc=IN %s %s\r\nt=0 0\r\n"+
		"m=audio %d RTP/AVP %s\r\na=rtpmap:%d %s/8000\r\n%sa=ptime:20\r\na=sendrecv\r\n",
		sessionID, sessionID, ipv, ip, ipv, ip, port, fmts, int(codec), codec, extra)
}

// Offer returns an SDP offer for a stream at ip:port with both laws and
// telephone-event (used by tests and the load generator).
func OfferSDP(ip net.IP, port int) []byte {
	return fmt.Appendf(nil, "v=0\r\no=linka 1 1 IN IP4 %s\r\ns=linka\r\nc=IN IP4 %s\r\nt=0 0\r\n"+
		"m=audio %d RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"+
		"a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n", ip, ip, port)
}
