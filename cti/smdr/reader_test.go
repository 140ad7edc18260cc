package smdr

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// readAll reads every line of src.
func readAll(t *testing.T, src io.Reader, opts ReaderOptions) ([]string, error) {
	t.Helper()
	rd := NewReader(src, opts)
	var lines []string
	for {
		l, err := rd.ReadLine()
		if err != nil {
			if errors.Is(err, io.EOF) {
				err = nil
			}
			return lines, err
		}
		lines = append(lines, l)
	}
}

func TestReader_LineEnds(t *testing.T) {
	tests := []struct {
		name string
		end  LineEnd
		in   string
		want []string
	}{
		{"CR LF", LineEndAuto, "one\r\ntwo\r\n", []string{"one", "two"}},
		{"CR", LineEndAuto, "one\rtwo\r", []string{"one", "two"}},
		{"LF", LineEndAuto, "one\ntwo\n", []string{"one", "two"}},
		{"CR NUL", LineEndAuto, "one\r\x00two\r\x00", []string{"one", "two"}},
		{"mixed", LineEndAuto, "one\r\ntwo\rthree\nfour\r\x00five", []string{"one", "two", "three", "four", "five"}},
		{"no end after the last line", LineEndAuto, "one\r\ntwo", []string{"one", "two"}},
		{"empty lines skipped", LineEndAuto, "\r\n\r\none\r\n\n\r\r\ntwo\r\n", []string{"one", "two"}},
		{"blank lines kept", LineEndAuto, "one\r\n   \r\ntwo", []string{"one", "   ", "two"}},
		{"CR mode ignores LF", LineEndCR, "one\r\ntwo\nstill two\r", []string{"one", "twostill two"}},
		{"CRLF mode ignores CR", LineEndCRLF, "one\r\ntwo\rstill two\n", []string{"one", "twostill two"}},
		{"CRLF mode takes LF alone", LineEndCRLF, "one\ntwo\n", []string{"one", "two"}},
		{"control bytes dropped", LineEndAuto, "o\x07n\x1be\x7f\r\n\ftab\there\r\n", []string{"one", "\ftab\there"}},
		{"not UTF-8", LineEndAuto, "Nov\xe1k\r\nNovák\r\n", []string{"Nov\uFFFDk", "Novák"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, src := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
				got, err := readAll(t, src, ReaderOptions{LineEnd: tt.end})
				if err != nil || !slices.Equal(got, tt.want) {
					t.Errorf("lines of %q = %q, %v; want %q", tt.in, got, err, tt.want)
				}
			}
		})
	}
}

func TestReader_LongLine(t *testing.T) {
	long := strings.Repeat("1", 1000)
	got, err := readAll(t, strings.NewReader(long+"\r\nnext\r\n"), ReaderOptions{})
	if err != nil || len(got) != 2 || len(got[0]) != MaxLineLength+1 || got[1] != "next" {
		t.Fatalf("lines of a 1000-byte line = %d lines, %v; want it cut to %d bytes, then next", len(got), err, MaxLineLength+1)
	}
	if _, err := newParser(t, Options{}).Parse(got[0]); err == nil {
		t.Errorf("Parse(the cut line) = nil error, want it refused as too long")
	}
}

func TestReader_Telnet(t *testing.T) {
	const (
		iac, will, wont, do, dont, sb, se, nop = 255, 251, 252, 253, 254, 250, 240, 241
		echo, sga, ttype, naws, linemode       = 1, 3, 24, 31, 34
	)
	in := []byte{iac, do, ttype, iac, will, echo, iac, do, naws, iac, will, sga}
	in = append(in, "log"...)
	in = append(in, iac, nop)
	in = append(in, "in: \r\n"...)
	in = append(in, iac, sb, ttype, 1, iac, iac, iac, se)               // a subnegotiation with an escaped 255
	in = append(in, iac, will, echo, iac, do, sga, iac, will, linemode) // a repeated WILL ECHO needs no answer
	in = append(in, 'a', iac, iac, 'b', '\r', '\n')                     // an escaped data byte 255
	in = append(in, iac, wont, echo, iac, dont, sga, iac, wont, naws, iac, dont, naws)
	in = append(in, "01/02/02\r\n"...)
	want := []byte{iac, wont, ttype, iac, do, echo, iac, wont, naws, iac, do, sga,
		iac, will, sga, iac, dont, linemode,
		iac, dont, echo, iac, wont, sga}
	for _, name := range []string{"whole", "one byte at a time"} {
		t.Run(name, func(t *testing.T) {
			var src io.Reader = bytes.NewReader(in)
			if name != "whole" {
				src = iotest.OneByteReader(src)
			}
			var reply, debug bytes.Buffer
			got, err := readAll(t, src, ReaderOptions{Reply: &reply, Debug: &debug})
			if wantLines := []string{"login: ", "a\uFFFDb", "01/02/02"}; err != nil || !slices.Equal(got, wantLines) {
				t.Errorf("lines = %q, %v; want %q", got, err, wantLines)
			}
			if !bytes.Equal(reply.Bytes(), want) {
				t.Errorf("answers = %v, want %v", reply.Bytes(), want)
			}
			if !bytes.Equal(debug.Bytes(), in) {
				t.Errorf("debug got %d bytes, want the %d read", debug.Len(), len(in))
			}
		})
	}
	t.Run("no reply writer", func(t *testing.T) {
		got, err := readAll(t, bytes.NewReader(in), ReaderOptions{})
		if err != nil || len(got) != 3 {
			t.Errorf("lines = %q, %v; want the 3 lines without answers", got, err)
		}
	})
	t.Run("answer fails", func(t *testing.T) {
		_, err := readAll(t, bytes.NewReader(in), ReaderOptions{Reply: failWriter{}})
		if err == nil || !strings.Contains(err.Error(), "telnet") {
			t.Errorf("error = %v, want the failed answer", err)
		}
	})
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestReader_ReadError(t *testing.T) {
	boom := errors.New("boom")
	src := io.MultiReader(strings.NewReader("one\r\ntwo\r\nthr"), iotest.ErrReader(boom))
	got, err := readAll(t, src, ReaderOptions{})
	if want := []string{"one", "two", "thr"}; !errors.Is(err, boom) || !slices.Equal(got, want) {
		t.Errorf("lines = %q, %v; want %q, then boom", got, err, want)
	}
}

func TestReader_Deadline(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	rd := NewReader(client, ReaderOptions{Reply: client})
	go func() { _, _ = server.Write([]byte("banner\r\nlogin: ")) }()
	if l, err := rd.ReadLine(); l != "banner" || err != nil {
		t.Fatalf("ReadLine() = %q, %v; want banner", l, err)
	}
	_ = client.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	l, err := rd.ReadLine()
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("ReadLine() at the prompt = %q, %v; want the deadline error", l, err)
	}
	if p := rd.Pending(); p != "login: " {
		t.Errorf("Pending() = %q, want the prompt", p)
	}
	_ = client.SetReadDeadline(time.Time{})
	go func() { _, _ = server.Write([]byte("SMDR\r\n")) }()
	if l, err := rd.ReadLine(); l != "login: SMDR" || err != nil {
		t.Errorf("ReadLine() after the deadline = %q, %v; want the prompt and the echo", l, err)
	}
}

func TestParseLineEnd(t *testing.T) {
	for in, want := range map[string]LineEnd{"": LineEndAuto, "auto": LineEndAuto, "cr": LineEndCR, "CR+LF": LineEndCRLF, "CRLF": LineEndCRLF} {
		if got, err := ParseLineEnd(in); got != want || err != nil {
			t.Errorf("ParseLineEnd(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := ParseLineEnd("NUL"); err == nil {
		t.Errorf("ParseLineEnd(NUL) = nil error, want an error")
	}
}
