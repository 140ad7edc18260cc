package smdr

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// LineEnd says which bytes end a line.
type LineEnd uint8

// Line ends. The zero value is LineEndAuto.
const (
	// LineEndAuto ends a line at CR, LF, CR LF or CR NUL (each pair
	// counts once).
	LineEndAuto LineEnd = iota
	// LineEndCR ends a line at CR; LF bytes are ignored.
	LineEndCR
	// LineEndCRLF ends a line at LF; CR bytes are ignored.
	LineEndCRLF
)

// String returns "auto", "CR" or "CRLF".
func (e LineEnd) String() string {
	switch e {
	case LineEndCR:
		return "CR"
	case LineEndCRLF:
		return "CRLF"
	}
	return "auto"
}

// ParseLineEnd reads a line-end name: "", "auto", "CR", "CRLF" or
// "CR+LF", in any case.
func ParseLineEnd(s string) (LineEnd, error) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "AUTO":
		return LineEndAuto, nil
	case "CR":
		return LineEndCR, nil
	case "CRLF", "CR+LF", "LF":
		return LineEndCRLF, nil
	}
	return LineEndAuto, fmt.Errorf("smdr: unknown line end %q (want auto, CR or CRLF)", s)
}

// ReaderOptions configures a Reader. The zero value reads any line end
// and answers no telnet negotiation.
type ReaderOptions struct {
	// Reply receives the answers to the peer's telnet option negotiation
	// (the connection the lines come from); nil strips the negotiation
	// without answering it, as for a file or a serial port.
	Reply io.Writer
	// LineEnd says which bytes end a line.
	LineEnd LineEnd
	// Debug receives every byte read, as read; it contains personal data
	// (phone numbers). Nil writes none.
	Debug io.Writer
}

// readChunk is the size of one read from the source.
const readChunk = 4096

// Reader splits a byte stream into SMDR lines. It removes telnet commands
// (IAC sequences, answering the negotiation through ReaderOptions.Reply),
// NUL and the other control bytes except tab and form feed, and skips
// empty lines. A line longer than MaxLineLength is cut after
// MaxLineLength+1 bytes, which Parse refuses, and the rest of it is
// dropped. Bytes that are not UTF-8 become U+FFFD. A Reader is not safe
// for concurrent use.
type Reader struct {
	src     io.Reader
	opts    ReaderOptions
	tn      telnet
	buf     []byte
	line    []byte
	afterCR bool // the last line ended at CR: an LF or NUL right after it belongs to that end
	lines   []string
	head    int
	err     error
}

// NewReader returns a Reader of src.
func NewReader(src io.Reader, opts ReaderOptions) *Reader {
	return &Reader{src: src, opts: opts, buf: make([]byte, readChunk), line: make([]byte, 0, 128)}
}

// ReadLine returns the next line without its line end. At the end of the
// stream, or when reading fails, it returns what came of the last line
// even without a line end, then io.EOF or the error.
// Errors are the source's, or the failed write of a telnet answer, as
// they are (like bufio, without a package prefix). A read deadline that
// expires (os.ErrDeadlineExceeded) is returned without harm: the next
// call goes on where this one stopped.
func (r *Reader) ReadLine() (string, error) {
	for {
		if line, ok := r.pop(); ok {
			return line, nil
		}
		if r.err != nil {
			return "", r.err
		}
		err := r.fill()
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded):
			if line, ok := r.pop(); ok {
				return line, nil
			}
			return "", err
		default:
			r.endLine() // the last line, or what came of it
			r.err = err
		}
	}
}

// Pending returns the text received after the last line end: a prompt
// such as "login: " that the peer does not end with a line end.
func (r *Reader) Pending() string { return string(r.line) }

// discardPending drops the text Pending returns.
func (r *Reader) discardPending() { r.line = r.line[:0] }

// pop returns the oldest complete line not yet returned.
func (r *Reader) pop() (string, bool) {
	if r.head == len(r.lines) {
		r.lines, r.head = r.lines[:0], 0
		return "", false
	}
	l := r.lines[r.head]
	r.lines[r.head] = ""
	r.head++
	return l, true
}

// fill reads once from the source, splits what came and sends the
// telnet answers it called for.
func (r *Reader) fill() error {
	n, err := r.src.Read(r.buf)
	if n > 0 {
		if r.opts.Debug != nil {
			_, _ = r.opts.Debug.Write(r.buf[:n])
		}
		r.process(r.buf[:n])
		if werr := r.sendReplies(); werr != nil {
			return fmt.Errorf("answer telnet negotiation: %w", werr)
		}
	}
	return err
}

func (r *Reader) sendReplies() error {
	if len(r.tn.reply) == 0 {
		return nil
	}
	reply := r.tn.reply
	r.tn.reply = r.tn.reply[:0]
	if r.opts.Reply == nil {
		return nil
	}
	_, err := r.opts.Reply.Write(reply)
	return err
}

// process splits p into lines. Runs of printable bytes, most of a line,
// are copied at once; line ends, controls and telnet commands go byte by
// byte.
func (r *Reader) process(p []byte) {
	for i := 0; i < len(p); {
		if r.tn.state == tsData {
			j := i
			for j < len(p) && printableByte(p[j]) {
				j++
			}
			if j > i {
				r.afterCR = false
				if room := MaxLineLength + 1 - len(r.line); room > 0 {
					r.line = append(r.line, p[i:min(j, i+room)]...)
				}
				i = j
				continue
			}
		}
		c := p[i]
		i++
		if r.tn.state != tsData || c == tnIAC {
			var ok bool
			if c, ok = r.tn.feed(c); !ok {
				continue
			}
		}
		r.add(c)
	}
}

// printableByte reports a byte that is line text as it is: not a control,
// DEL or the telnet IAC.
func printableByte(c byte) bool {
	return c >= ' ' && c != 0x7f && c != tnIAC
}

// add takes one data byte.
func (r *Reader) add(c byte) {
	switch {
	case c == '\r':
		if r.opts.LineEnd != LineEndCRLF {
			r.endLine()
			r.afterCR = r.opts.LineEnd == LineEndAuto
		}
		return
	case c == '\n':
		if r.opts.LineEnd != LineEndCR && !r.afterCR {
			r.endLine()
		}
		r.afterCR = false
		return
	case c == 0:
		r.afterCR = false
		return
	}
	r.afterCR = false
	if (c < ' ' && c != '\t' && c != '\f') || c == 0x7f {
		return
	}
	if len(r.line) <= MaxLineLength {
		r.line = append(r.line, c)
	}
}

// endLine queues the line being read unless it is empty.
func (r *Reader) endLine() {
	if len(r.line) == 0 {
		return
	}
	s := string(r.line)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	r.lines = append(r.lines, s)
	r.line = r.line[:0]
}
