package smdr

// Telnet commands and options (RFC 854, RFC 855; ECHO RFC 857, SUPPRESS
// GO AHEAD RFC 858).
const (
	tnSE   = 240 // end of subnegotiation
	tnSB   = 250 // start of subnegotiation
	tnWILL = 251
	tnWONT = 252
	tnDO   = 253
	tnDONT = 254
	tnIAC  = 255 // interpret as command

	tnOptEcho = 1
	tnOptSGA  = 3
)

// States of the telnet filter.
const (
	tsData   = iota // ordinary data
	tsIAC           // after IAC
	tsOption        // after IAC WILL/WONT/DO/DONT: the option byte follows
	tsSub           // inside IAC SB … IAC SE
	tsSubIAC        // after IAC inside a subnegotiation
)

// telnet removes telnet commands from a byte stream and prepares the
// answers to the peer's option negotiation (RFC 1143 without the queue
// bits): the client lets the PBX echo and suppress go-ahead, agrees to
// suppress go-ahead itself, and refuses every other option, answering
// only requests that would change an option's state so that the two
// sides cannot loop.
type telnet struct {
	state  uint8
	cmd    byte
	remote [256]bool // options the peer performs with our agreement
	local  [256]bool // options we perform
	reply  []byte    // answers not yet sent
}

// feed takes one byte of the stream and returns it when it is data.
func (t *telnet) feed(c byte) (byte, bool) {
	switch t.state {
	case tsData:
		if c == tnIAC {
			t.state = tsIAC
			return 0, false
		}
		return c, true
	case tsIAC:
		switch c {
		case tnIAC: // an escaped data byte 255
			t.state = tsData
			return c, true
		case tnWILL, tnWONT, tnDO, tnDONT:
			t.cmd, t.state = c, tsOption
		case tnSB:
			t.state = tsSub
		default: // NOP, GA, AYT, data mark and the others carry nothing
			t.state = tsData
		}
	case tsOption:
		t.negotiate(t.cmd, c)
		t.state = tsData
	case tsSub:
		if c == tnIAC {
			t.state = tsSubIAC
		}
	case tsSubIAC:
		if c == tnSE {
			t.state = tsData
		} else {
			t.state = tsSub
		}
	}
	return 0, false
}

// negotiate answers one option request.
func (t *telnet) negotiate(cmd, opt byte) {
	switch cmd {
	case tnWILL:
		switch {
		case opt != tnOptEcho && opt != tnOptSGA:
			t.answer(tnDONT, opt)
		case !t.remote[opt]:
			t.remote[opt] = true
			t.answer(tnDO, opt)
		}
	case tnWONT:
		if t.remote[opt] {
			t.remote[opt] = false
			t.answer(tnDONT, opt)
		}
	case tnDO:
		switch {
		case opt != tnOptSGA:
			t.answer(tnWONT, opt)
		case !t.local[opt]:
			t.local[opt] = true
			t.answer(tnWILL, opt)
		}
	case tnDONT:
		if t.local[opt] {
			t.local[opt] = false
			t.answer(tnWONT, opt)
		}
	}
}

func (t *telnet) answer(cmd, opt byte) {
	t.reply = append(t.reply, tnIAC, cmd, opt)
}
