package pbxsim

import (
	"bufio"
	"errors"
	"io"
)

// Telnet (RFC 854) as much as an SMDR port needs: the negotiation a board
// sends at connect, and an input reader that drops commands and splits
// lines at CR LF, CR NUL, a lone CR or a lone LF.

// Telnet command and option codes (RFC 854, 857, 858).
const (
	telnetIAC  = 255
	telnetDONT = 254
	telnetDO   = 253
	telnetWONT = 252
	telnetWILL = 251
	telnetSB   = 250
	telnetSE   = 240

	telnetOptEcho = 1
	telnetOptSGA  = 3 // suppress go-ahead
)

// smdrNegotiation is written at connect, as real boards do: the PBX will
// echo and will suppress go-ahead (character mode).
var smdrNegotiation = []byte{
	telnetIAC, telnetWILL, telnetOptEcho,
	telnetIAC, telnetWILL, telnetOptSGA,
}

// maxLoginLine bounds a line of the login dialogue.
const maxLoginLine = 128

// errLongLine reports a login line longer than maxLoginLine.
var errLongLine = errors.New("login line too long")

// telnetReader reads the client's lines without its telnet commands.
type telnetReader struct {
	r *bufio.Reader
	// afterCR is set when a CR ended the last line: an LF or NUL right
	// after it belongs to that line end.
	afterCR bool
}

func newTelnetReader(r io.Reader) *telnetReader {
	return &telnetReader{r: bufio.NewReader(r)}
}

// readLine returns the next line without its end. Stray NULs are dropped.
func (t *telnetReader) readLine() (string, error) {
	var line []byte
	for {
		b, err := t.readData()
		if err != nil {
			return "", err
		}
		afterCR := t.afterCR
		t.afterCR = false
		switch {
		case b == '\r':
			t.afterCR = true
			return string(line), nil
		case b == '\n' && afterCR:
		case b == '\n':
			return string(line), nil
		case b == 0:
		case len(line) == maxLoginLine:
			return "", errLongLine
		default:
			line = append(line, b)
		}
	}
}

// readData returns the next data byte, skipping telnet commands; IAC IAC
// is the data byte 255.
func (t *telnetReader) readData() (byte, error) {
	for {
		b, err := t.r.ReadByte()
		if err != nil || b != telnetIAC {
			return b, err
		}
		cmd, err := t.r.ReadByte()
		switch {
		case err != nil:
			return 0, err
		case cmd == telnetIAC:
			return cmd, nil
		case cmd >= telnetWILL && cmd <= telnetDONT:
			if _, err := t.r.ReadByte(); err != nil {
				return 0, err
			}
		case cmd == telnetSB:
			if err := t.skipSubnegotiation(); err != nil {
				return 0, err
			}
		}
	}
}

// skipSubnegotiation reads up to and including IAC SE.
func (t *telnetReader) skipSubnegotiation() error {
	iac := false
	for {
		b, err := t.r.ReadByte()
		if err != nil {
			return err
		}
		if iac && b == telnetSE {
			return nil
		}
		iac = b == telnetIAC && !iac
	}
}

// discard reads and drops everything until the stream fails.
func (t *telnetReader) discard() error {
	_, err := io.Copy(io.Discard, t.r)
	if err == nil {
		err = io.EOF
	}
	return err
}
