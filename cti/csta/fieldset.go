package csta

import "math"

// maxEventFields bounds the fields read from one event SEQUENCE; the
// largest event of ECMA-285 has 25.
const maxEventFields = 32

// field is one child of the SEQUENCE a fieldSet holds: its tag and the
// absolute offsets, in the decoder's buffer, of its identifier octet, of
// its content and of the end of its content. Offsets instead of a slice
// keep the set free of pointers, so filling it writes no pointers.
type field struct {
	tag             tag
	start, off, end int32
}

// fieldSet holds the fields of one SEQUENCE in order, for decoders that
// pick them by tag and occurrence. The first failure is kept in err and
// later calls return zero values, so decoders read straight through.
type fieldSet struct {
	// d is a copy of the decoder of the enclosing buffer; holding it by
	// value keeps the decoder of an event on the stack.
	d   decoder
	els [maxEventFields]field
	n   int
	// first holds 1 + the position of the first field of each slot
	// (zero when absent), indexed by fieldSlot.
	first [4 << 5]int8
	err   error
}

// fieldSlot returns the index in fieldSet.first for tag t: its class and
// number, every number from 31 on sharing slot 31 of its class.
func fieldSlot(t tag) uint8 {
	return uint8(t>>tagClassShift)<<5 | uint8(min(t&tagNumberMask, idHighTagNumber))
}

// fields reads the children of e into fs. fs gets a copy of d: a string
// copy of the buffer made while decoding the fields stays with fs (see
// decoder.share).
func (d *decoder) fields(e element, fs *fieldSet) error {
	fs.d, fs.n, fs.err = *d, 0, nil
	fs.first = [len(fs.first)]int8{}
	b, base := e.val, e.off
	if base+len(b) > math.MaxInt32 {
		return malformed("%d bytes are too many for a field set", base+len(b))
	}
	n := 0
	for p := 0; p < len(b); n++ {
		if n == maxEventFields {
			return malformed("more than %d fields", maxEventFields)
		}
		f := field{start: int32(base + p)}
		if id, end, ok := shortTLV(b, p); ok {
			f.tag, f.off, f.end = shortTag(id), int32(base+p+2), int32(base+end)
			p = end
		} else {
			r := berReader{b: b, pos: p, base: base}
			el, err := r.next()
			if err != nil {
				return err
			}
			f.tag, f.off, f.end = el.tag, int32(el.off), int32(el.off+len(el.val))
			p = r.pos
		}
		fs.els[n] = f
		fs.n = n + 1
		if s := fieldSlot(f.tag); fs.first[s] == 0 {
			fs.first[s] = int8(n + 1)
		}
	}
	return nil
}

// fail records the first error.
func (fs *fieldSet) fail(err error) {
	if fs.err == nil && err != nil {
		fs.err = err
	}
}

// index returns the position of the nth field with tag t, or -1. The
// first field of a tag, the common question, is answered from the table.
func (fs *fieldSet) index(t tag, nth int) int {
	i := int(fs.first[fieldSlot(t)]) - 1
	if i < 0 || nth == 0 && fs.els[i].tag == t {
		return i
	}
	return fs.scan(t, nth, i)
}

// scan is index for later occurrences and for tags that share their slot
// with another tag, from the first field of the slot.
func (fs *fieldSet) scan(t tag, nth, from int) int {
	for i := from; i < fs.n; i++ {
		if fs.els[i].tag == t {
			if nth == 0 {
				return i
			}
			nth--
		}
	}
	return -1
}

// at returns the field at position i as an element.
func (fs *fieldSet) at(i int) element {
	f := fs.els[i]
	return element{tag: f.tag, start: int(f.start), off: int(f.off), val: fs.d.src[f.off:f.end:f.end]}
}

// content returns the content octets of the field at position i.
func (fs *fieldSet) content(i int) []byte {
	f := fs.els[i]
	return fs.d.src[f.off:f.end:f.end]
}

// find returns the nth field with tag t.
func (fs *fieldSet) find(t tag, nth int) (element, bool) {
	if i := fs.index(t, nth); i >= 0 {
		return fs.at(i), true
	}
	return element{}, false
}
