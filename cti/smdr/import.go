package smdr

import (
	"errors"
	"fmt"
	"io"
)

// Stats counts the lines of an import by kind.
type Stats struct {
	// Lines counts every line read (empty lines are not lines).
	Lines int `json:"lines"`
	// Records, Statuses, Headers, Separators and Blank count the lines
	// of each kind; Invalid counts the lines that matched no layout.
	Records    int `json:"records"`
	Statuses   int `json:"statuses"`
	Headers    int `json:"headers"`
	Separators int `json:"separators"`
	Blank      int `json:"blank"`
	Invalid    int `json:"invalid"`
}

// add counts one line.
func (s *Stats) add(k Kind) {
	s.Lines++
	switch k {
	case KindRecord:
		s.Records++
	case KindStatus:
		s.Statuses++
	case KindHeader:
		s.Headers++
	case KindSeparator:
		s.Separators++
	case KindBlank:
		s.Blank++
	default:
		s.Invalid++
	}
}

// Import reads SMDR output from r (a file, standard input, a capture) and
// calls fn with every line, those that match no layout included (as
// KindInvalid with Line.Err set), in order. It stops at the end of r, at
// a read error or when fn returns an error, and returns the counts so
// far with that error (nil at the end of r).
func Import(r io.Reader, p *Parser, fn func(Line) error) (Stats, error) {
	var st Stats
	rd := NewReader(r, ReaderOptions{})
	for {
		s, err := rd.ReadLine()
		if errors.Is(err, io.EOF) {
			return st, nil
		}
		if err != nil {
			return st, fmt.Errorf("smdr: import: read line %d: %w", st.Lines+1, err)
		}
		line, _ := p.Parse(s)
		st.add(line.Kind)
		if err := fn(line); err != nil {
			return st, fmt.Errorf("smdr: import: line %d: %w", st.Lines, err)
		}
	}
}
