package smdr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linka/internal/workdays"
)

// DefaultYearPivot is the default of Options.YearPivot.
const DefaultYearPivot = 70

// Options configures a Parser. The zero value reads any layout (Auto),
// DD/MM/YY dates, the Feature Guide's Pattern B columns and Europe/Prague
// time.
type Options struct {
	// Layout fixes the layout; Auto (the zero value) takes it from the
	// column header.
	Layout Layout
	// DateOrder is the order of the Date column; zero means DMY.
	DateOrder DateOrder
	// PatternB replaces the columns of Pattern B; the zero value means
	// DefaultColumns(PatternB).
	PatternB Columns
	// Location is the PBX's time zone; nil means Europe/Prague.
	Location *time.Location
	// YearPivot maps two-digit years: below it they are 20YY, from it
	// 19YY. Zero means DefaultYearPivot (70).
	YearPivot int
}

// Validate reports options a Parser cannot work with.
func (o Options) Validate() error {
	var errs []error
	if o.Layout > PatternC {
		errs = append(errs, fmt.Errorf("layout %d: unknown", o.Layout))
	}
	if o.DateOrder > MDY {
		errs = append(errs, fmt.Errorf("date order %d: unknown", o.DateOrder))
	}
	if o.PatternB != (Columns{}) {
		if err := o.PatternB.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("pattern B columns: %w", err))
		}
	}
	if o.YearPivot < 0 || o.YearPivot > 100 {
		errs = append(errs, fmt.Errorf("year pivot %d: want 0–100", o.YearPivot))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("smdr: parser options: %w", err)
	}
	return nil
}

// compiled is a layout ready for reading: its columns, the columns
// between fields that must be blank, and its width.
type compiled struct {
	layout Layout
	cols   Columns
	gaps   []int
	width  int
}

func compile(l Layout, c Columns) compiled {
	var covered [MaxLineLength]bool
	width := 0
	for _, f := range c.spans() {
		for i := f.span.Start; i < f.span.End; i++ {
			covered[i] = true
		}
		width = max(width, f.span.End)
	}
	cl := compiled{layout: l, cols: c, width: width}
	for i := range width {
		if !covered[i] {
			cl.gaps = append(cl.gaps, i)
		}
	}
	return cl
}

// Parser reads SMDR lines. In Auto mode it remembers the layout of the
// last header it read, so one Parser serves one stream of lines; it is
// not safe for concurrent use.
type Parser struct {
	opts    Options
	layouts [PatternC + 1]compiled
	current Layout
	// lastHour and lastHourAt cache the start of the hour of the last
	// line read.
	lastHour   civil
	lastHourAt time.Time
}

// NewParser returns a parser for opts.
func NewParser(opts Options) (*Parser, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if opts.Location == nil {
		opts.Location = workdays.Prague()
	}
	if opts.YearPivot == 0 {
		opts.YearPivot = DefaultYearPivot
	}
	if opts.PatternB == (Columns{}) {
		opts.PatternB = DefaultColumns(PatternB)
	}
	p := &Parser{opts: opts, current: opts.Layout}
	p.layouts[PatternA] = compile(PatternA, DefaultColumns(PatternA))
	p.layouts[PatternB] = compile(PatternB, opts.PatternB)
	p.layouts[PatternC] = compile(PatternC, DefaultColumns(PatternC))
	return p, nil
}

// Layout returns the layout the parser reads lines with: the configured
// one, or in Auto mode the one of the last header (Auto before the
// first).
func (p *Parser) Layout() Layout { return p.current }

// autoOrder is the order in which lines are tried before the first
// header in Auto mode.
var autoOrder = [...]Layout{PatternA, PatternC, PatternB}

// Parse reads one line, without its line end. It returns a Line of the
// kind found; for a line that matches no layout it returns a KindInvalid
// Line (Raw set) and a *ParseError, also in Line.Err. In Auto mode a
// header line sets the layout of the lines that follow it; with a fixed
// layout a header is returned with the layout it names, which the caller
// may compare with Parser.Layout.
func (p *Parser) Parse(raw string) (Line, error) {
	if len(raw) > MaxLineLength {
		return invalid(raw, parseErr(p.current, FieldLine, 0, "", "longer than 256 bytes"))
	}
	s := trimLine(raw)
	if s == "" {
		return Line{Kind: KindBlank, Raw: raw}, nil
	}
	if c := s[0]; isDigit(c) || c == '*' {
		return p.parseEntry(raw, s)
	}
	if isSeparator(s) {
		return Line{Kind: KindSeparator, Raw: raw, Layout: p.current}, nil
	}
	if l, ok := headerLayout(s); ok {
		if p.opts.Layout == Auto {
			p.current = l
		}
		return Line{Kind: KindHeader, Raw: raw, Layout: l}, nil
	}
	return invalid(raw, parseErr(p.current, FieldLine, 0, "", "not a call record, status, header or separator"))
}

func invalid(raw string, err *ParseError) (Line, error) {
	return Line{Kind: KindInvalid, Raw: raw, Err: err}, err
}

// trimLine drops the blanks (and stray line-end and NUL bytes) at the end
// of a line and form feeds at its start: columns count from the first
// byte, so leading blanks stay.
func trimLine(s string) string {
	for s != "" && s[0] == '\f' {
		s = s[1:]
	}
	j := len(s)
	for j > 0 {
		switch s[j-1] {
		case ' ', '\r', '\n', '\f', 0:
			j--
			continue
		}
		break
	}
	return s[:j]
}

// parseEntry reads a call record or status line with the current layout
// or, before the first header in Auto mode, with the first layout that
// fits; when none fits, the error is the one that read furthest.
func (p *Parser) parseEntry(raw, s string) (Line, error) {
	l := Line{Raw: raw}
	if p.current != Auto {
		if err := p.read(&p.layouts[p.current], s, &l); err != nil {
			return invalid(raw, err)
		}
		return l, nil
	}
	var best *ParseError
	for _, layout := range autoOrder {
		err := p.read(&p.layouts[layout], s, &l)
		if err == nil {
			return l, nil
		}
		if best == nil || err.Column > best.Column {
			best = err
		}
		l = Line{Raw: raw}
	}
	best.Layout = Auto
	return invalid(raw, best)
}

// read reads s with layout cl into l.
func (p *Parser) read(cl *compiled, s string, l *Line) *ParseError {
	c := &cl.cols
	at, changed, err := p.when(cl, s)
	if err != nil {
		return err
	}
	ext := trim(field(s, c.Extension))
	kind, reason := readExtension(ext)
	if reason != "" {
		return parseErr(cl.layout, FieldExtension, c.Extension.Start, ext, reason)
	}
	l.Layout = cl.layout
	trunk := trim(field(s, c.Trunk))
	if trunk == "" {
		if text := trim(rest(s, c.Dial.Start)); isStatusText(text) {
			l.Kind = KindStatus
			l.Status = StatusLine{Kind: statusKind(text), Time: at, ClockChanged: changed,
				Extension: ext, ExtensionKind: kind, Text: text}
			return nil
		}
	}
	if err := cl.checkGaps(s); err != nil {
		return err
	}
	r := &l.Record
	r.End, r.ClockChanged, r.Extension, r.ExtensionKind, r.Trunk = at, changed, ext, kind, trunk
	if err := p.readCall(cl, s, r); err != nil {
		return err
	}
	l.Kind = KindRecord
	return nil
}

func rest(s string, from int) string {
	if from >= len(s) {
		return ""
	}
	return s[from:]
}

// when reads the Date and Time columns into a time in the parser's
// location, or reports the clock-change marker.
func (p *Parser) when(cl *compiled, s string) (at time.Time, changed bool, err *ParseError) {
	c := &cl.cols
	d, t := field(s, c.Date), field(s, c.Time)
	if d == clockChangedDate {
		if t != clockChangedTime {
			return at, false, parseErr(cl.layout, FieldTime, c.Time.Start, t, "want **:**** after **/**/**")
		}
		return at, true, nil
	}
	var cv civil
	if reason := readDate(d, p.opts.DateOrder, p.opts.YearPivot, &cv); reason != "" {
		return at, false, parseErr(cl.layout, FieldDate, c.Date.Start, d, reason)
	}
	if reason := readClock(t, &cv); reason != "" {
		return at, false, parseErr(cl.layout, FieldTime, c.Time.Start, t, reason)
	}
	return p.hour(cv).Add(time.Duration(cv.min) * time.Minute), false, nil
}

// hour returns the start of the hour of cv in the parser's location.
// Lines come in time order, so the last hour is kept and time zone
// lookups are rare.
func (p *Parser) hour(cv civil) time.Time {
	cv.min = 0
	if cv != p.lastHour {
		p.lastHour = cv
		p.lastHourAt = time.Date(cv.year, cv.month, cv.day, cv.hour, 0, 0, 0, p.opts.Location)
	}
	return p.lastHourAt
}

// checkGaps reports text between fields or beyond the last one.
func (cl *compiled) checkGaps(s string) *ParseError {
	for _, i := range cl.gaps {
		if i >= len(s) {
			break
		}
		if s[i] != ' ' {
			f, start := cl.fieldBefore(i)
			return parseErr(cl.layout, f, start, s[start:], "runs into the blank at column "+strconv.Itoa(i))
		}
	}
	if len(s) > cl.width {
		return parseErr(cl.layout, FieldLine, cl.width, "", "text beyond the last column")
	}
	return nil
}

// fieldBefore returns the field that ends before column i.
func (cl *compiled) fieldBefore(i int) (Field, int) {
	f, start := FieldLine, 0
	for _, ns := range cl.cols.spans() {
		if ns.span != (Span{}) && ns.span.End <= i {
			f, start = ns.field, ns.span.Start
		}
	}
	return f, start
}

// readCall reads the columns after the trunk.
func (p *Parser) readCall(cl *compiled, s string, r *Record) *ParseError {
	c := &cl.cols
	dial := trim(field(s, c.Dial))
	if reason := decodeDial(dial, r); reason != "" {
		return parseErr(cl.layout, FieldDial, c.Dial.Start, dial, reason)
	}
	var reason string
	if c.Ring != (Span{}) {
		if r.Ring, reason = readRing(field(s, c.Ring)); reason != "" {
			return parseErr(cl.layout, FieldRing, c.Ring.Start, field(s, c.Ring), reason)
		}
	}
	dur := field(s, c.Duration)
	if r.Duration, reason = readDuration(dur); reason != "" {
		return parseErr(cl.layout, FieldDuration, c.Duration.Start, dur, reason)
	}
	if dial == "" && trim(dur) == "" {
		return parseErr(cl.layout, FieldDial, c.Dial.Start, "", "neither a dial number nor a duration")
	}
	r.Cost = trim(field(s, c.Cost))
	r.Account = trim(field(s, c.Account))
	if !printable(r.Cost) || !printable(r.Account) || !printable(dial) {
		return parseErr(cl.layout, FieldLine, 0, "", "control characters")
	}
	if r.Condition, reason = readCondition(field(s, c.Condition)); reason != "" {
		return parseErr(cl.layout, FieldCondition, c.Condition.Start, field(s, c.Condition), reason)
	}
	return nil
}

// Status texts (Panasonic Feature Guide, SMDR, Dial Number: log-in and
// log-out, and the examples of the printing format).
var statusPrefixes = [...]struct {
	text string
	kind StatusKind
}{
	{"LOG IN", StatusLogIn}, {"LOG OUT", StatusLogOut}, {"CHECK IN", StatusCheckIn},
	{"CHECK OUT", StatusCheckOut}, {"TIMED REMINDER", StatusTimedReminder}, {"IN THE OFFICE", StatusInOffice},
}

// isStatusText reports whether the text after a blank trunk column is a
// status: it starts with a letter and is not an intercom call (EXT).
func isStatusText(t string) bool {
	if t == "" {
		return false
	}
	c := t[0] | 0x20
	if c < 'a' || c > 'z' {
		return false
	}
	return !strings.HasPrefix(t, markIntercom) && printable(t)
}

func statusKind(t string) StatusKind {
	for _, sp := range statusPrefixes {
		if len(t) >= len(sp.text) && strings.EqualFold(t[:len(sp.text)], sp.text) {
			return sp.kind
		}
	}
	return StatusOther
}
