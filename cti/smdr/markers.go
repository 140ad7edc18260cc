package smdr

import (
	"strconv"
	"strings"
)

// Markers of the dial-number column (PROTOCOLS.md, SMDR, Dial-number
// markers; Panasonic Feature Guide, SMDR, item (5) Dial Number).
const (
	// markIncoming starts an incoming trunk call: <I> and the caller's
	// name and/or number.
	markIncoming = "<I>"
	// markDDI starts the DDI/DID/MSN information printed before <I>:
	// "<D>CDE9876<I>Q COMPANY".
	markDDI = "<D>"
	// markIntercom starts an outgoing intercom call: EXT and the called
	// extension, "EXT1235".
	markIntercom = "EXT"
)

// Characters of a dialled number besides 0–9, * and #.
const (
	dialPause     = 'P' // pause
	dialEFA       = 'F' // EFA signal (flash)
	dialHostPBX   = '=' // a host PBX access code
	dialSecret    = '.' // a digit hidden by secret dialling
	dialPrivacy   = 'X' // a digit hidden by privacy dialling
	dialTransfer  = '-' // the call was transferred; digits the destination dialled follow
	dialCharsHelp = "0-9 * # P F = . X -"
)

// decodeDial reads the dial-number column into r: the direction, the
// other party's number and, for incoming calls, the caller's name and
// the DDI. It returns a reason when the column fits no form.
func decodeDial(d string, r *Record) string {
	r.Dial = d
	switch {
	case strings.HasPrefix(d, markDDI):
		r.Direction = Incoming
		body := d[len(markDDI):]
		i := strings.Index(body, markIncoming)
		if i < 0 {
			r.DDI = trim(body)
			return ""
		}
		r.DDI = trim(body[:i])
		r.CallerName, r.Number = splitCaller(body[i+len(markIncoming):])
	case strings.HasPrefix(d, markIncoming):
		r.Direction = Incoming
		r.CallerName, r.Number = splitCaller(d[len(markIncoming):])
	case strings.HasPrefix(d, markIntercom):
		r.Direction = Intercom
		n := d[len(markIntercom):]
		if n == "" {
			return "EXT without an extension"
		}
		for i := 0; i < len(n); i++ {
			if !isDigit(n[i]) {
				return "EXT followed by " + strconv.Quote(n) + ", not an extension"
			}
		}
		r.Number = n
	default:
		r.Direction = Outgoing
		return cleanDialled(d, r)
	}
	return ""
}

// splitCaller splits the text after <I> into the caller's name and the
// trailing run of digits (with an optional leading +), which is the
// caller's number: "ABC COMPANY12345678" is "ABC COMPANY" and
// "12345678". A name that itself ends in digits cannot be told apart.
func splitCaller(s string) (name, number string) {
	s = trim(s)
	j := len(s)
	for j > 0 && isDigit(s[j-1]) {
		j--
	}
	if j > 0 && j < len(s) && s[j-1] == '+' {
		j--
	}
	return trim(s[:j]), s[j:]
}

// cleanDialled sets r.Number to the dialled digits before any transfer
// mark, and r.Hidden and r.Transferred from the marks. Digits only (the
// common case) need no copy.
func cleanDialled(d string, r *Record) string {
	plain := true
	for i := 0; i < len(d); i++ {
		c := d[i]
		if isDigit(c) || c == '*' || c == '#' {
			continue
		}
		switch c {
		case dialPause, dialEFA, dialHostPBX, dialSecret, dialPrivacy, dialTransfer:
			plain = false
		default:
			return "unexpected " + strconv.QuoteRune(rune(c)) + " in a dialled number (want " + dialCharsHelp + ")"
		}
	}
	if plain {
		r.Number = d
		return ""
	}
	if i := strings.IndexByte(d, dialTransfer); i >= 0 {
		r.Transferred = true
		d = d[:i]
	}
	buf := make([]byte, 0, len(d))
	for i := 0; i < len(d); i++ {
		switch c := d[i]; c {
		case dialSecret, dialPrivacy:
			r.Hidden = true
		case dialPause, dialEFA, dialHostPBX:
		default:
			buf = append(buf, c)
		}
	}
	r.Number = string(buf)
	return ""
}
