package smdr

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"linka/internal/workdays"
)

// Column headers the PBX prints at the top of every page. Pattern A's is
// the Feature Guide's; B's and C's put the same titles over their columns
// (no published sample shows them).
const (
	headerTextA = "  Date     Time    Ext CO        Dial Number        Ring Duration  Acc code  CD"
	headerTextB = "  Date     Time    Ext CO     Dial Number      Duration    Cost     Acc code  CD"
	headerTextC = "  Date     Time    Ext CO                      Dial Number                     " +
		"Ring Duration    Cost      Acc code  CD"
)

// Header returns the column header of layout l, trailing blanks trimmed,
// or "" for Auto.
func Header(l Layout) string {
	switch l {
	case PatternA:
		return headerTextA
	case PatternB:
		return headerTextB
	case PatternC:
		return headerTextC
	}
	return ""
}

// Separator returns the row of dashes under the header of layout l, as
// wide as the layout's paper (80 columns for A, 120 for C, the default
// columns' 81 for B), or "" for Auto.
func Separator(l Layout) string {
	_, width := formatColumns(Options{}, l)
	if l == PatternC {
		width = patternCWidth
	}
	return strings.Repeat("-", width)
}

// patternCWidth is the width of Pattern C's paper; its last field ends at
// column 118.
const patternCWidth = 120

// formatColumns returns the columns and width of l under opts.
func formatColumns(opts Options, l Layout) (Columns, int) {
	c := DefaultColumns(l)
	if l == PatternB && opts.PatternB != (Columns{}) {
		c = opts.PatternB
	}
	width := 0
	for _, f := range c.spans() {
		width = max(width, f.span.End)
	}
	return c, width
}

// Format renders r as a line of layout opts.Layout, the way the PBX
// prints it, padded with blanks to the layout's width: the inverse of
// Parse, for simulators and tests. Fields are laid out as Parse reads
// them; an empty Dial is composed from Direction, Number, CallerName and
// DDI, and a dial number longer than its column is cut as the PBX does.
// The duration is always printed (00:00'00 for an unanswered call), the
// ring time when it is not zero. Any other field that does not fit its
// column is an error.
func Format(opts Options, r Record) (string, error) {
	if err := opts.Validate(); err != nil {
		return "", err
	}
	if opts.Layout == Auto {
		return "", errors.New("smdr: format: no layout")
	}
	c, width := formatColumns(opts, opts.Layout)
	w := newLineWriter(width)
	w.when(c, opts, r.End, r.ClockChanged)
	w.put(FieldExtension, c.Extension, r.Extension, true)
	w.put(FieldTrunk, c.Trunk, r.Trunk, true)
	dial := r.Dial
	if dial == "" {
		dial = composeDial(r)
	}
	w.put(FieldDial, c.Dial, cut(dial, c.Dial.Width()), false)
	if r.Ring != 0 && c.Ring != (Span{}) {
		s := int(r.Ring / time.Second)
		w.put(FieldRing, c.Ring, fmt.Sprintf("%d'%02d", s/60, s%60), true)
	}
	s := int(r.Duration / time.Second)
	w.put(FieldDuration, c.Duration, fmt.Sprintf("%02d:%02d'%02d", s/3600, s/60%60, s%60), false)
	w.put(FieldCost, c.Cost, r.Cost, false)
	w.put(FieldAccount, c.Account, r.Account, false)
	w.put(FieldCondition, c.Condition, string(r.Condition), false)
	return w.result()
}

// composeDial writes the dial-number column of a record with no Dial.
func composeDial(r Record) string {
	switch r.Direction {
	case Incoming:
		s := markIncoming + r.CallerName + r.Number
		if r.DDI != "" {
			s = markDDI + r.DDI + s
		}
		return s
	case Intercom:
		return markIntercom + r.Number
	}
	return r.Number
}

// cut shortens s to at most n bytes without splitting a UTF-8 sequence.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// FormatStatus renders a status line of layout opts.Layout: date, time,
// extension and the text from the dial-number column on, trailing blanks
// trimmed.
func FormatStatus(opts Options, st StatusLine) (string, error) {
	if err := opts.Validate(); err != nil {
		return "", err
	}
	if opts.Layout == Auto {
		return "", errors.New("smdr: format: no layout")
	}
	c, _ := formatColumns(opts, opts.Layout)
	w := newLineWriter(c.Dial.Start + len(st.Text))
	w.when(c, opts, st.Time, st.ClockChanged)
	w.put(FieldExtension, c.Extension, st.Extension, true)
	w.put(FieldDial, Span{c.Dial.Start, c.Dial.Start + len(st.Text)}, st.Text, false)
	s, err := w.result()
	return strings.TrimRight(s, " "), err
}

// lineWriter fills a line of blanks field by field and keeps the first
// error.
type lineWriter struct {
	b   []byte
	err error
}

func newLineWriter(width int) *lineWriter {
	return &lineWriter{b: []byte(strings.Repeat(" ", width))}
}

func (w *lineWriter) put(f Field, sp Span, text string, right bool) {
	if w.err != nil || text == "" {
		return
	}
	if len(text) > sp.Width() {
		w.err = fmt.Errorf("smdr: format: %s %q is wider than its %d columns", f, text, sp.Width())
		return
	}
	at := sp.Start
	if right {
		at = sp.End - len(text)
	}
	copy(w.b[at:], text)
}

// when writes the Date and Time columns: the time in the location of
// opts, or the clock-change marker.
func (w *lineWriter) when(c Columns, opts Options, t time.Time, changed bool) {
	if changed {
		w.put(FieldDate, c.Date, clockChangedDate, false)
		w.put(FieldTime, c.Time, clockChangedTime, false)
		return
	}
	loc := opts.Location
	if loc == nil {
		loc = workdays.Prague()
	}
	t = t.In(loc)
	a, b := t.Day(), int(t.Month())
	if opts.DateOrder == MDY {
		a, b = b, a
	}
	w.put(FieldDate, c.Date, fmt.Sprintf("%02d/%02d/%02d", a, b, t.Year()%100), false)
	h, half := t.Hour()%12, "AM"
	if t.Hour() >= 12 {
		half = "PM"
	}
	if h == 0 {
		h = 12
	}
	w.put(FieldTime, c.Time, fmt.Sprintf("%02d:%02d%s", h, t.Minute(), half), false)
}

func (w *lineWriter) result() (string, error) {
	if w.err != nil {
		return "", w.err
	}
	return string(w.b), nil
}
