package csta

import (
	"errors"
	"fmt"
	"strings"
)

// BER identifier classes (X.690 clause 8.1.2.2).
const (
	classUniversal   = 0
	classApplication = 1
	classContext     = 2
	classPrivate     = 3
)

// BER encoding limits. Multi-byte tag numbers and long-form lengths are
// accepted up to these sizes; anything longer is treated as malformed so a
// hostile peer can never make the decoder allocate or loop unboundedly.
const (
	maxTagNumberBytes = 4       // continuation octets of a high tag number
	maxLengthBytes    = 4       // octets of a long-form length
	maxTagNumber      = 1 << 28 // highest tag number representable in maxTagNumberBytes
	maxIntBytes       = 8       // longest INTEGER/ENUMERATED content we decode
	maxNesting        = 64      // deepest nesting the generic walker follows
)

// Identifier octet bits (X.690 clause 8.1.2).
const (
	idClassShift    = 6
	idConstructed   = 0x20
	idNumberMask    = 0x1f
	idHighTagNumber = 0x1f
	idMore          = 0x80
	lenLongForm     = 0x80
)

// ErrMalformed is wrapped by every error that reports input which is not a
// valid CSTA PDU: bad BER, unexpected tags, missing mandatory fields.
var ErrMalformed = errors.New("csta: malformed PDU")

// malformed returns an error wrapping ErrMalformed with a description.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
}

// within adds the name of the enclosing structure to a malformed-input
// error: "csta: malformed PDU: delivered event: cause: missing".
func within(what string, err error) error {
	if err == nil {
		return nil
	}
	msg := strings.TrimPrefix(err.Error(), ErrMalformed.Error()+": ")
	return fmt.Errorf("%w: %s: %s", ErrMalformed, what, msg)
}

// tag is a BER identifier packed into one comparable value: the class in
// bits 30-31, the constructed flag in bit 29 and the tag number below.
type tag uint32

const (
	tagClassShift  = 30
	tagConstructed = 1 << 29
	tagNumberMask  = 1<<29 - 1
)

// mkTag builds a tag from its class, form and number.
func mkTag(class int, constructed bool, number uint32) tag {
	t := tag(class)<<tagClassShift | tag(number&tagNumberMask)
	if constructed {
		t |= tagConstructed
	}
	return t
}

// Shorthands for the tag forms used throughout the CSTA modules.
func ctxPrim(n uint32) tag { return mkTag(classContext, false, n) }
func ctxCons(n uint32) tag { return mkTag(classContext, true, n) }
func appPrim(n uint32) tag { return mkTag(classApplication, false, n) }
func appCons(n uint32) tag { return mkTag(classApplication, true, n) }

// Universal tags (X.680 clause 8.4).
var (
	tagBoolean     = mkTag(classUniversal, false, 1)
	tagInteger     = mkTag(classUniversal, false, 2)
	tagBitString   = mkTag(classUniversal, false, 3)
	tagOctetString = mkTag(classUniversal, false, 4)
	tagNull        = mkTag(classUniversal, false, 5)
	tagOID         = mkTag(classUniversal, false, 6)
	tagExternal    = mkTag(classUniversal, true, 8)
	tagEnumerated  = mkTag(classUniversal, false, 10)
	tagSequence    = mkTag(classUniversal, true, 16)
	tagIA5String   = mkTag(classUniversal, false, 22)
	tagGenTime     = mkTag(classUniversal, false, 24)
)

func (t tag) class() int        { return int(t >> tagClassShift) }
func (t tag) constructed() bool { return t&tagConstructed != 0 }
func (t tag) number() uint32    { return uint32(t & tagNumberMask) }

// String renders the tag as in ASN.1 notation, for error messages.
func (t tag) String() string {
	form := "P"
	if t.constructed() {
		form = "C"
	}
	switch t.class() {
	case classUniversal:
		return fmt.Sprintf("[UNIVERSAL %d %s]", t.number(), form)
	case classApplication:
		return fmt.Sprintf("[APPLICATION %d %s]", t.number(), form)
	case classContext:
		return fmt.Sprintf("[%d %s]", t.number(), form)
	}
	return fmt.Sprintf("[PRIVATE %d %s]", t.number(), form)
}

// element is one decoded TLV. start and off are the absolute offsets of
// the identifier octet and of val inside the buffer the decoding started
// from, so strings and raw encodings can be cut from it.
type element struct {
	tag   tag
	start int
	off   int
	val   []byte
}

// berReader walks the TLVs of one level of a BER encoding. It only
// advances an offset, so reading writes no pointers.
type berReader struct {
	b    []byte // the bytes of the level
	pos  int    // offset in b of the next element
	base int    // absolute offset of b[0]
}

// newReader returns a reader over a whole buffer.
func newReader(b []byte) berReader { return berReader{b: b} }

// children returns a reader over the content of a constructed element.
func (e element) children() berReader { return berReader{b: e.val, base: e.off} }

// more reports whether unread bytes remain.
func (r *berReader) more() bool { return r.pos < len(r.b) }

// left returns the number of unread bytes.
func (r *berReader) left() int { return len(r.b) - r.pos }

// next consumes and returns one element. The common case, a one-octet
// identifier and a short-form length, takes a fast path.
func (r *berReader) next() (element, error) {
	if id, end, ok := shortTLV(r.b, r.pos); ok {
		p := r.pos
		r.pos = end
		return element{tag: shortTag(id), start: r.base + p, off: r.base + p + 2, val: r.b[p+2 : end : end]}, nil
	}
	return r.nextSlow()
}

// shortTLV reads the header of the TLV at b[p:] when it has a one-octet
// identifier and a short-form length that fits in b, returning the
// identifier octet and the offset of the end of the content. ok is false
// for every other header, which nextSlow handles or reports.
func shortTLV(b []byte, p int) (id byte, end int, ok bool) {
	if p < 0 || p+2 > len(b) {
		return 0, 0, false
	}
	id, n := b[p], b[p+1]
	end = p + 2 + int(n)
	return id, end, id&idNumberMask != idHighTagNumber && n < lenLongForm && end <= len(b)
}

// tlvHeader reads the header of the TLV at b[p:] when it has a one-octet
// identifier and a length of at most two octets that fits in b,
// returning the identifier octet and the offsets of the content and of
// its end. ok is false for every other header; the fast paths built on
// it then leave the input to the general reader, which decodes or
// reports it.
func tlvHeader(b []byte, p int) (id byte, off, end int, ok bool) {
	if p < 0 || p+2 > len(b) || b[p]&idNumberMask == idHighTagNumber {
		return 0, 0, 0, false
	}
	id, off = b[p], p+2
	n := int(b[p+1])
	switch {
	case n < lenLongForm:
	case n == lenLongForm|1 && off < len(b):
		n, off = int(b[off]), off+1
	case n == lenLongForm|2 && off+1 < len(b):
		n, off = int(b[off])<<8|int(b[off+1]), off+2
	default:
		return 0, 0, 0, false
	}
	end = off + n
	return id, off, end, end <= len(b)
}

// shortInteger reads an INTEGER of one or two content octets at b[p:end],
// returning its value and the offset after it; ok is false for anything
// else.
func shortInteger(b []byte, p, end int) (v, next int, ok bool) {
	if p < 0 || p+3 > end || end > len(b) || b[p] != octInteger {
		return 0, 0, false
	}
	switch {
	case b[p+1] == 1:
		return int(int8(b[p+2])), p + 3, true
	case b[p+1] == 2 && p+4 <= end:
		return int(int16(uint16(b[p+2])<<8 | uint16(b[p+3]))), p + 4, true
	}
	return 0, 0, false
}

// countTLVs counts the short-form TLVs at the start of b, up to max; it
// sizes slices before decoding, so it stops at anything else.
func countTLVs(b []byte, max int) int {
	n := 0
	for p := 0; n < max; n++ {
		_, end, ok := shortTLV(b, p)
		if !ok {
			break
		}
		p = end
	}
	return n
}

// errLength reports a length running past the end of the input. It is
// kept out of line so next stays small.
//
//go:noinline
func errLength(t tag, n, left int) error {
	return malformed("%v: length %d exceeds the %d bytes left", t, n, left)
}

// shortTag decodes a one-octet identifier.
func shortTag(c byte) tag {
	t := tag(c>>idClassShift)<<tagClassShift | tag(c&idNumberMask)
	if c&idConstructed != 0 {
		t |= tagConstructed
	}
	return t
}

// nextSlow is next for high tag numbers, long lengths and errors.
func (r *berReader) nextSlow() (element, error) {
	b := r.b[r.pos:]
	t, hdr, err := parseTag(b)
	if err != nil {
		return element{}, err
	}
	n, lhdr, err := parseLength(b[hdr:])
	if err != nil {
		return element{}, err
	}
	start := hdr + lhdr
	if n > len(b)-start {
		return element{}, errLength(t, n, len(b)-start)
	}
	abs := r.base + r.pos
	e := element{tag: t, start: abs, off: abs + start, val: b[start : start+n : start+n]}
	r.pos += start + n
	return e, nil
}

// peek returns the tag of the next element without consuming it.
func (r *berReader) peek() (tag, bool) {
	if p := r.pos; p < len(r.b) && r.b[p]&idNumberMask != idHighTagNumber {
		return shortTag(r.b[p]), true
	}
	t, _, err := parseTag(r.b[r.pos:])
	return t, err == nil
}

// parseTag decodes the identifier octets at the start of b.
func parseTag(b []byte) (tag, int, error) {
	if len(b) == 0 {
		return 0, 0, malformed("missing identifier octet")
	}
	class := int(b[0] >> idClassShift)
	cons := b[0]&idConstructed != 0
	num := uint32(b[0] & idNumberMask)
	if num != idHighTagNumber {
		return mkTag(class, cons, num), 1, nil
	}
	num = 0
	for i := 1; ; i++ {
		if i > maxTagNumberBytes {
			return 0, 0, malformed("tag number longer than %d octets", maxTagNumberBytes)
		}
		if i >= len(b) {
			return 0, 0, malformed("truncated tag number")
		}
		if i == 1 && b[i] == idMore {
			return 0, 0, malformed("tag number with a leading zero octet")
		}
		num = num<<7 | uint32(b[i]&^idMore)
		if b[i]&idMore == 0 {
			return mkTag(class, cons, num), i + 1, nil
		}
	}
}

// parseLength decodes definite length octets at the start of b. The
// indefinite form is refused: CSTA peers send definite lengths only.
func parseLength(b []byte) (int, int, error) {
	if len(b) == 0 {
		return 0, 0, malformed("missing length octet")
	}
	if b[0] < lenLongForm {
		return int(b[0]), 1, nil
	}
	k := int(b[0] &^ lenLongForm)
	switch {
	case k == 0:
		return 0, 0, malformed("indefinite length is not supported")
	case k > maxLengthBytes:
		return 0, 0, malformed("length of %d octets is too long", k)
	case k >= len(b):
		return 0, 0, malformed("truncated length")
	}
	n := 0
	for _, c := range b[1 : 1+k] {
		n = n<<8 | int(c)
	}
	if n > MaxPDUSize {
		return 0, 0, malformed("length %d exceeds the PDU size limit", n)
	}
	return n, 1 + k, nil
}

// expect reads the next element and checks its tag.
func (r *berReader) expect(t tag, what string) (element, error) {
	e, err := r.next()
	if err != nil || e.tag != t {
		return element{}, errExpect(r, e, err, t, what)
	}
	return e, nil
}

// errExpect explains why expect failed; out of line to keep expect small.
//
//go:noinline
func errExpect(r *berReader, e element, err error, t tag, what string) error {
	switch {
	case err != nil && e.tag == 0 && !r.more():
		return malformed("%s: missing", what)
	case err != nil:
		return err
	}
	return malformed("%s: got tag %v, want %v", what, e.tag, t)
}

// optional consumes the next element if it has tag t.
func (r *berReader) optional(t tag) (element, bool, error) {
	if got, ok := r.peek(); !ok || got != t {
		return element{}, false, nil
	}
	e, err := r.next()
	return e, err == nil, err
}

// parseInt decodes two's-complement INTEGER or ENUMERATED content.
func parseInt(v []byte) (int64, error) {
	if len(v) == 0 {
		return 0, malformed("empty integer")
	}
	if len(v) > maxIntBytes {
		return 0, malformed("integer of %d octets is too large", len(v))
	}
	n := int64(int8(v[0]))
	for _, c := range v[1:] {
		n = n<<8 | int64(c)
	}
	return n, nil
}

// parseSmallInt decodes an INTEGER or ENUMERATED that must fit in 32 bits.
func parseSmallInt(v []byte) (int, error) {
	n, err := parseInt(v)
	if err != nil {
		return 0, err
	}
	if n < -1<<31 || n > 1<<31-1 {
		return 0, malformed("integer %d out of range", n)
	}
	return int(n), nil
}

// parseBool decodes BOOLEAN content (any non-zero octet is true).
func parseBool(v []byte) (bool, error) {
	if len(v) != 1 {
		return false, malformed("boolean of %d octets", len(v))
	}
	return v[0] != 0, nil
}

// checkNull verifies NULL content.
func checkNull(v []byte) error {
	if len(v) != 0 {
		return malformed("null with %d content octets", len(v))
	}
	return nil
}

// parseBits decodes BIT STRING content into a bit mask where bit i of the
// result is named bit i of the ASN.1 type (bit 0 is the first, most
// significant bit of the first octet). Bits beyond 31 are ignored.
func parseBits(v []byte) (uint32, error) {
	if len(v) == 0 {
		return 0, malformed("empty bit string")
	}
	unused := int(v[0])
	if unused > 7 || (len(v) == 1 && unused != 0) {
		return 0, malformed("bit string with %d unused bits", unused)
	}
	var m uint32
	for i, c := range v[1:] {
		for j := 0; j < 8; j++ {
			bit := i*8 + j
			if bit < 32 && c&(0x80>>j) != 0 {
				m |= 1 << bit
			}
		}
	}
	return m, nil
}

// skipTree validates that b is a sequence of well-formed TLVs, descending
// into constructed ones, without interpreting them.
func skipTree(b []byte, depth int) error {
	if depth > maxNesting {
		return malformed("nesting deeper than %d", maxNesting)
	}
	r := newReader(b)
	for r.more() {
		e, err := r.next()
		if err != nil {
			return err
		}
		if e.tag.constructed() {
			if err := skipTree(e.val, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// oneTLV checks that b holds exactly one element, whose length matches
// the bytes given, and returns it. The content is not checked here: every
// decoder checks what it descends into.
func oneTLV(b []byte) (element, error) {
	r := newReader(b)
	e, err := r.next()
	if err != nil {
		return element{}, err
	}
	if r.more() {
		return element{}, malformed("%d trailing bytes after %v", r.left(), e.tag)
	}
	return e, nil
}
