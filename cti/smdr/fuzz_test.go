package smdr

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary lines to Parse, in Auto mode and with every
// fixed layout. A line either parses or yields a KindInvalid Line with
// its *ParseError; a record or status read back through Format parses to
// the same values.
func FuzzParse(f *testing.F) {
	for _, line := range sampleLines(f) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		for _, l := range []Layout{Auto, PatternA, PatternB, PatternC} {
			p, err := NewParser(Options{Layout: l})
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Parse(line)
			checkLine(t, line, got, err)
			if err == nil {
				roundTrip(t, line, got)
			}
		}
	})
}

// checkLine checks what holds for every parsed line.
func checkLine(t *testing.T, line string, got Line, err error) {
	t.Helper()
	if got.Raw != line {
		t.Fatalf("Parse(%q).Raw = %q", line, got.Raw)
	}
	if (err != nil) != (got.Kind == KindInvalid) || got.Err != err {
		t.Fatalf("Parse(%q) = kind %s, Err %v, error %v: want an error exactly for KindInvalid", line, got.Kind, got.Err, err)
	}
	if got.Kind != KindRecord {
		return
	}
	r := got.Record
	if r.Direction < Outgoing || r.Direction > Intercom || r.Ring < 0 || r.Duration < 0 ||
		r.End.IsZero() != r.ClockChanged || r.Extension == "" {
		t.Fatalf("Parse(%q) = %s: inconsistent record", line, describe(got))
	}
	if r.Direction == Outgoing {
		for i := 0; i < len(r.Number); i++ {
			if c := r.Number[i]; !isDigit(c) && c != '*' && c != '#' {
				t.Fatalf("Parse(%q).Number = %q: not a cleaned number", line, r.Number)
			}
		}
	}
}

// roundTrip formats a parsed record or status and parses it again.
func roundTrip(t *testing.T, line string, first Line) {
	t.Helper()
	if first.Kind != KindRecord && first.Kind != KindStatus {
		return
	}
	opts := Options{Layout: first.Layout}
	var out string
	var err error
	if first.Kind == KindRecord {
		out, err = Format(opts, first.Record)
	} else {
		out, err = FormatStatus(opts, first.Status)
	}
	if err != nil {
		t.Fatalf("Format(Parse(%q)): %v", line, err)
	}
	p, _ := NewParser(opts)
	again, err := p.Parse(out)
	if err != nil || describe(again) != describe(first) {
		t.Fatalf("Parse(Format(Parse(%q))) = %s, %v; want %s", line, describe(again), err, describe(first))
	}
}

// FuzzReader feeds arbitrary bytes to a Reader with a reply writer. Lines
// never hold line ends or NUL, are UTF-8 and at most MaxLineLength+1
// bytes long before invalid bytes become U+FFFD; answers are whole
// negotiation commands.
func FuzzReader(f *testing.F) {
	for _, line := range sampleLines(f) {
		f.Add([]byte(line + "\r\n"))
	}
	f.Add([]byte{255, 253, 24, 255, 251, 1, 'a', 255, 255, '\r', 0, 255, 250, 1, 255, 240, 'b', '\n'})
	f.Fuzz(func(t *testing.T, in []byte) {
		var reply bytes.Buffer
		rd := NewReader(bytes.NewReader(in), ReaderOptions{Reply: &reply})
		for {
			line, err := rd.ReadLine()
			if err != nil {
				break
			}
			if line == "" || len(line) > 3*(MaxLineLength+1) || !utf8.ValidString(line) ||
				strings.ContainsAny(line, "\r\n\x00") {
				t.Fatalf("ReadLine() = %q from %q", line, in)
			}
		}
		r := reply.Bytes()
		if len(r)%3 != 0 {
			t.Fatalf("answers %v are not whole commands", r)
		}
		for i := 0; i < len(r); i += 3 {
			if r[i] != 255 || r[i+1] < 251 || r[i+1] > 254 {
				t.Fatalf("answer %v is not a negotiation command", r[i:i+3])
			}
		}
	})
}
