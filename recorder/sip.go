package recorder

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
)

// MaxSIPMessage is the largest SIP message ParseSIP accepts (a UDP
// datagram cannot be larger).
const MaxSIPMessage = 65535

// Errors of ParseSIP.
var (
	ErrNotSIP       = errors.New("recorder: not a SIP message")
	ErrSIPTooLarge  = errors.New("recorder: SIP message too large")
	ErrSIPMalformed = errors.New("recorder: malformed SIP message")
)

// SIPMessage is the part of a SIP request or response (RFC 3261 clause 7)
// the recorder needs to follow a call.
type SIPMessage struct {
	// Method is the request method; "" for a response.
	Method string
	// RequestURI is the request's target, e.g. "sip:544503600@pbx".
	RequestURI string
	// Status is the response code; 0 for a request.
	Status int
	// CallID identifies the dialog (RFC 3261 clause 20.8).
	CallID string
	// CSeq and CSeqMethod are the command sequence (clause 20.16).
	CSeq       uint32
	CSeqMethod string
	// From and To are the header values; the tags and user parts are
	// taken from them.
	From, To         string
	FromTag, ToTag   string
	FromUser, ToUser string
	// ContentType is the body's media type without parameters, lower case.
	ContentType string
	// Body is the message body (an SDP for the messages that matter).
	Body []byte
}

// IsRequest reports whether m is a request.
func (m *SIPMessage) IsRequest() bool { return m.Method != "" }

// sipMethods are the request methods looksLikeSIP accepts.
var sipMethods = [...]string{"INVITE ", "ACK ", "BYE ", "CANCEL ", "OPTIONS ", "REGISTER ", "PRACK ",
	"UPDATE ", "INFO ", "REFER ", "NOTIFY ", "SUBSCRIBE ", "MESSAGE ", "PUBLISH "}

// looksLikeSIP is a cheap test of whether a UDP payload is a SIP message.
func looksLikeSIP(b []byte) bool {
	if bytes.HasPrefix(b, []byte("SIP/2.0 ")) {
		return true
	}
	for _, m := range sipMethods {
		if bytes.HasPrefix(b, []byte(m)) {
			return true
		}
	}
	return false
}

// ParseSIP parses one SIP message. It is tolerant as a passive listener
// must be: unknown headers are skipped, compact header names (i, f, t, c,
// l) are understood, LF line ends are accepted, and a Content-Length that
// disagrees with the datagram is honoured only when it is shorter.
func ParseSIP(b []byte) (*SIPMessage, error) {
	if len(b) > MaxSIPMessage {
		return nil, ErrSIPTooLarge
	}
	if !looksLikeSIP(b) {
		return nil, ErrNotSIP
	}
	head, body, _ := cutHead(b)
	lines := strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n")
	m := &SIPMessage{}
	if err := m.parseStartLine(lines[0]); err != nil {
		return nil, err
	}
	clen := -1
	for _, line := range lines[1:] {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue // a folded continuation or garbage: nothing the recorder needs
		}
		value = strings.TrimSpace(value)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "call-id", "i":
			m.CallID = value
		case "cseq":
			m.parseCSeq(value)
		case "from", "f":
			m.From, m.FromTag, m.FromUser = value, headerParam(value, "tag"), uriUser(value)
		case "to", "t":
			m.To, m.ToTag, m.ToUser = value, headerParam(value, "tag"), uriUser(value)
		case "content-type", "c":
			ct, _, _ := strings.Cut(value, ";")
			m.ContentType = strings.ToLower(strings.TrimSpace(ct))
		case "content-length", "l":
			if n, err := strconv.Atoi(value); err == nil && n >= 0 {
				clen = n
			}
		}
	}
	if m.CallID == "" {
		return nil, ErrSIPMalformed
	}
	if clen >= 0 && clen < len(body) {
		body = body[:clen]
	}
	m.Body = body
	return m, nil
}

// cutHead splits a message at the empty line ending its headers.
func cutHead(b []byte) (head, body []byte, ok bool) {
	if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
		return b[:i], b[i+4:], true
	}
	if i := bytes.Index(b, []byte("\n\n")); i >= 0 {
		return b[:i], b[i+2:], true
	}
	return b, nil, false
}

// parseStartLine reads "METHOD uri SIP/2.0" or "SIP/2.0 200 OK".
func (m *SIPMessage) parseStartLine(line string) error {
	f := strings.Fields(line)
	if len(f) < 2 {
		return ErrSIPMalformed
	}
	if f[0] == "SIP/2.0" {
		code, err := strconv.Atoi(f[1])
		if err != nil || code < 100 || code > 699 {
			return ErrSIPMalformed
		}
		m.Status = code
		return nil
	}
	if len(f) < 3 || f[2] != "SIP/2.0" {
		return ErrSIPMalformed
	}
	m.Method, m.RequestURI = f[0], f[1]
	return nil
}

func (m *SIPMessage) parseCSeq(v string) {
	num, method, _ := strings.Cut(strings.TrimSpace(v), " ")
	if n, err := strconv.ParseUint(num, 10, 32); err == nil {
		m.CSeq = uint32(n)
	}
	m.CSeqMethod = strings.ToUpper(strings.TrimSpace(method))
}

// headerParam returns the value of parameter name of a From/To header,
// outside the angle-bracketed URI.
func headerParam(v, name string) string {
	if i := strings.LastIndexByte(v, '>'); i >= 0 {
		v = v[i+1:]
	} else if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i:]
	} else {
		return ""
	}
	for _, p := range strings.Split(v, ";") {
		k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(k, name) {
			return strings.TrimSpace(val)
		}
	}
	return ""
}

// uriUser returns the user part of the URI in a From/To header or a
// Request-URI: "+420602123456" of "<sip:+420602123456@host;user=phone>".
func uriUser(v string) string {
	if i := strings.IndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
		if j := strings.IndexByte(v, '>'); j >= 0 {
			v = v[:j]
		}
	}
	v = strings.TrimSpace(v)
	lower := strings.ToLower(v)
	switch {
	case strings.HasPrefix(lower, "sip:"):
		v = v[4:]
	case strings.HasPrefix(lower, "sips:"):
		v = v[5:]
	case strings.HasPrefix(lower, "tel:"):
		v = v[4:]
		if i := strings.IndexAny(v, ";>"); i >= 0 {
			v = v[:i]
		}
		return v
	default:
		return ""
	}
	at := strings.IndexByte(v, '@')
	if at < 0 {
		return ""
	}
	user := v[:at]
	if i := strings.IndexByte(user, ';'); i >= 0 {
		user = user[:i]
	}
	if i := strings.IndexByte(user, ':'); i >= 0 {
		user = user[:i] // user:password
	}
	return user
}
