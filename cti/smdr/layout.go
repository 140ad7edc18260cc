package smdr

import (
	"errors"
	"fmt"
	"strings"
)

// MaxLineLength is the longest line Parse accepts, in bytes. Pattern C,
// the widest layout, has 120 columns; anything much longer is not SMDR.
const MaxLineLength = 256

// Layout is one of the Panasonic SMDR printing formats (PROTOCOLS.md,
// SMDR, Layouts; Panasonic Feature Guide, SMDR, "Printing format").
type Layout uint8

// Layouts. The zero Layout is Auto.
const (
	// Auto reads the layout from the column header the PBX prints at
	// the top of every page; before the first header each line is tried
	// against Patterns A, C and B in turn.
	Auto Layout = iota
	// PatternA has 80 columns and no charge column.
	PatternA
	// PatternB has 80 columns (81 by the published widths) with the
	// charge in place of the ring time.
	PatternB
	// PatternC has 120 columns: wider trunk and dial-number columns,
	// ring time and charge.
	PatternC
)

// String returns "auto", "A", "B" or "C".
func (l Layout) String() string {
	switch l {
	case PatternA:
		return "A"
	case PatternB:
		return "B"
	case PatternC:
		return "C"
	}
	return "auto"
}

// MarshalText encodes the layout as its String.
func (l Layout) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// ParseLayout reads a layout name: "auto" or "" for Auto, and "A", "B",
// "C" (or "pattern-a" and so on), in any case.
func ParseLayout(s string) (Layout, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if name == "" || name == "auto" {
		return Auto, nil
	}
	if rest, ok := strings.CutPrefix(name, "pattern"); ok {
		name = strings.TrimLeft(rest, " -_")
	}
	switch name {
	case "a":
		return PatternA, nil
	case "b":
		return PatternB, nil
	case "c":
		return PatternC, nil
	}
	return Auto, fmt.Errorf("smdr: unknown layout %q (want auto, A, B or C)", s)
}

// Span is a column range of a layout: Start is the 0-based first column,
// End the column after the last. The zero Span means the layout has no
// such column.
type Span struct {
	Start, End int
}

// Width returns the number of columns.
func (s Span) Width() int { return s.End - s.Start }

// Columns places every field of a layout.
type Columns struct {
	Date, Time, Extension, Trunk, Dial, Ring, Duration, Cost, Account, Condition Span
}

// Field widths every layout shares.
const (
	dateWidth     = 8 // MM/DD/YY or DD/MM/YY
	timeWidth     = 7 // hh:mmAM
	ringWidth     = 4 // m'ss
	durationWidth = 8 // hh:mm'ss
)

// DefaultColumns returns the columns of a layout (PROTOCOLS.md, SMDR,
// Layouts). Patterns A and C are those of the Feature Guide. Pattern B is
// the Feature Guide's widths — Date 8, Time 7, Ext 5, CO 2, Dial 20,
// Duration 8, Cost 10, Acc 10, CD 3 — each followed by one blank, which
// gives 81 columns: Date 0–7, Time 9–15, Ext 17–21, CO 23–24, Dial
// 26–45, Duration 47–54, Cost 56–65, Acc 67–76, CD 78–80. No published
// real line settles it, so Options.PatternB can replace it. Auto has no
// columns.
func DefaultColumns(l Layout) Columns {
	switch l {
	case PatternA:
		return Columns{
			Date: Span{0, 8}, Time: Span{9, 16}, Extension: Span{17, 22}, Trunk: Span{23, 25},
			Dial: Span{26, 51}, Ring: Span{52, 56}, Duration: Span{57, 65},
			Account: Span{66, 76}, Condition: Span{77, 80},
		}
	case PatternB:
		return Columns{
			Date: Span{0, 8}, Time: Span{9, 16}, Extension: Span{17, 22}, Trunk: Span{23, 25},
			Dial: Span{26, 46}, Duration: Span{47, 55}, Cost: Span{56, 66},
			Account: Span{67, 77}, Condition: Span{78, 81},
		}
	case PatternC:
		return Columns{
			Date: Span{0, 8}, Time: Span{9, 16}, Extension: Span{17, 22}, Trunk: Span{23, 27},
			Dial: Span{28, 78}, Ring: Span{79, 83}, Duration: Span{84, 92}, Cost: Span{93, 104},
			Account: Span{105, 115}, Condition: Span{116, 119},
		}
	}
	return Columns{}
}

// spans lists the fields in column order with their names.
func (c Columns) spans() [10]namedSpan {
	return [10]namedSpan{
		{FieldDate, c.Date}, {FieldTime, c.Time}, {FieldExtension, c.Extension}, {FieldTrunk, c.Trunk},
		{FieldDial, c.Dial}, {FieldRing, c.Ring}, {FieldDuration, c.Duration}, {FieldCost, c.Cost},
		{FieldAccount, c.Account}, {FieldCondition, c.Condition},
	}
}

type namedSpan struct {
	field Field
	span  Span
}

// Validate reports columns the parser cannot read: fields out of order
// or overlapping, beyond MaxLineLength, missing (only Ring and Cost may
// be absent) or of the wrong width for their format.
func (c Columns) Validate() error {
	var errs []error
	prev := 0
	for _, f := range c.spans() {
		s := f.span
		if s == (Span{}) {
			if f.field != FieldRing && f.field != FieldCost {
				errs = append(errs, fmt.Errorf("%s: missing", f.field))
			}
			continue
		}
		if s.Start < prev || s.End <= s.Start || s.End > MaxLineLength {
			errs = append(errs, fmt.Errorf("%s: columns %d–%d overlap, are out of order or out of range",
				f.field, s.Start, s.End-1))
		}
		prev = max(prev, s.End)
	}
	for _, w := range []struct {
		field Field
		span  Span
		want  int
	}{{FieldDate, c.Date, dateWidth}, {FieldTime, c.Time, timeWidth}, {FieldDuration, c.Duration, durationWidth}} {
		if w.span != (Span{}) && w.span.Width() != w.want {
			errs = append(errs, fmt.Errorf("%s: width %d, want %d", w.field, w.span.Width(), w.want))
		}
	}
	if c.Ring != (Span{}) && c.Ring.Width() < ringWidth {
		errs = append(errs, fmt.Errorf("%s: width %d, want at least %d", FieldRing, c.Ring.Width(), ringWidth))
	}
	return errors.Join(errs...)
}

// headerLayout says which layout a column header names: a header has the
// Date, Time, Ext, CO and Dial columns; Pattern A adds Ring, B Cost, C
// both. ok is false when line is not a header.
func headerLayout(line string) (l Layout, ok bool) {
	if !strings.Contains(line, "Date") || !strings.Contains(line, "Time") ||
		!strings.Contains(line, "Ext") || !strings.Contains(line, "Dial") {
		return Auto, false
	}
	ring, cost := strings.Contains(line, "Ring"), strings.Contains(line, "Cost")
	switch {
	case ring && cost:
		return PatternC, true
	case cost:
		return PatternB, true
	case ring:
		return PatternA, true
	}
	return Auto, false
}

// isSeparator reports a row of at least 10 dashes (or equals signs) and
// nothing else.
func isSeparator(line string) bool {
	if len(line) < 10 {
		return false
	}
	c := line[0]
	if c != '-' && c != '=' {
		return false
	}
	for i := 1; i < len(line); i++ {
		if line[i] != c {
			return false
		}
	}
	return true
}
