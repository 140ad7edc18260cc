package csta

import "fmt"

// berWriter builds a BER encoding front to back. Constructed elements are
// opened with a one-octet length placeholder that close widens to the long
// form when the content turns out to be 128 octets or more.
type berWriter struct {
	buf   []byte
	stack []int // offsets of the open elements' length octets
	err   error // first invalid value met, reported by result
}

// bytes returns the encoding. It must be called with no element open.
func (w *berWriter) bytes() []byte {
	if len(w.stack) != 0 {
		panic("csta: berWriter has unclosed elements")
	}
	return w.buf
}

// fail records that a value could not be encoded; the first failure wins.
func (w *berWriter) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("csta: cannot encode "+format, args...)
	}
}

// result returns the encoding or the first recorded failure.
func (w *berWriter) result() ([]byte, error) {
	b := w.bytes()
	if w.err != nil {
		return nil, w.err
	}
	if len(b) > MaxPDUSize {
		return nil, fmt.Errorf("csta: encoding of %d bytes exceeds the PDU size limit", len(b))
	}
	return b, nil
}

// writeTag appends identifier octets.
func (w *berWriter) writeTag(t tag) {
	first := byte(t.class()) << idClassShift
	if t.constructed() {
		first |= idConstructed
	}
	n := t.number()
	if n < idHighTagNumber {
		w.buf = append(w.buf, first|byte(n))
		return
	}
	w.buf = append(w.buf, first|idHighTagNumber)
	var tmp [maxTagNumberBytes + 1]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte(n & 0x7f)
		if i != len(tmp)-1 {
			tmp[i] |= idMore
		}
		n >>= 7
		if n == 0 {
			break
		}
	}
	w.buf = append(w.buf, tmp[i:]...)
}

// writeLength appends definite length octets.
func (w *berWriter) writeLength(n int) {
	if n < lenLongForm {
		w.buf = append(w.buf, byte(n))
		return
	}
	k := lengthOctets(n)
	w.buf = append(w.buf, lenLongForm|byte(k))
	for i := k - 1; i >= 0; i-- {
		w.buf = append(w.buf, byte(n>>(8*i)))
	}
}

// lengthOctets returns how many octets the long form of n needs.
func lengthOctets(n int) int {
	k := 1
	for n > 0xff {
		n >>= 8
		k++
	}
	return k
}

// open starts a constructed element.
func (w *berWriter) open(t tag) {
	w.writeTag(t)
	w.stack = append(w.stack, len(w.buf))
	w.buf = append(w.buf, 0)
}

// close ends the innermost open element and fixes its length.
func (w *berWriter) close() {
	pos := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	n := len(w.buf) - pos - 1
	if n < lenLongForm {
		w.buf[pos] = byte(n)
		return
	}
	k := lengthOctets(n)
	w.buf = append(w.buf, make([]byte, k)...)
	copy(w.buf[pos+1+k:], w.buf[pos+1:pos+1+n])
	w.buf[pos] = lenLongForm | byte(k)
	for i := 0; i < k; i++ {
		w.buf[pos+1+i] = byte(n >> (8 * (k - 1 - i)))
	}
}

// prim appends a primitive element.
func (w *berWriter) prim(t tag, v []byte) {
	w.writeTag(t)
	w.writeLength(len(v))
	w.buf = append(w.buf, v...)
}

// str appends a primitive element holding the bytes of s.
func (w *berWriter) str(t tag, s string) {
	w.writeTag(t)
	w.writeLength(len(s))
	w.buf = append(w.buf, s...)
}

// integer appends an INTEGER or ENUMERATED in minimal two's complement.
func (w *berWriter) integer(t tag, v int64) {
	n := 1
	for n < 8 {
		shifted := v >> (8*n - 1)
		if shifted == 0 || shifted == -1 {
			break
		}
		n++
	}
	w.writeTag(t)
	w.writeLength(n)
	for i := n - 1; i >= 0; i-- {
		w.buf = append(w.buf, byte(v>>(8*i)))
	}
}

// boolean appends a BOOLEAN (true encoded as 0xFF).
func (w *berWriter) boolean(t tag, v bool) {
	b := byte(0)
	if v {
		b = 0xff
	}
	w.prim(t, []byte{b})
}

// null appends a NULL.
func (w *berWriter) null(t tag) {
	w.writeTag(t)
	w.buf = append(w.buf, 0)
}

// bits appends a BIT STRING for the mask m (bit i is named bit i). It
// writes whole octets, at least minOctets of them, with no unused bits.
func (w *berWriter) bits(t tag, m uint32, minOctets int) {
	n := minOctets
	for i := 31; i >= 0; i-- {
		if m&(1<<i) != 0 {
			if need := i/8 + 1; need > n {
				n = need
			}
			break
		}
	}
	w.writeTag(t)
	w.writeLength(n + 1)
	w.buf = append(w.buf, 0)
	for i := 0; i < n; i++ {
		var c byte
		for j := 0; j < 8; j++ {
			if bit := i*8 + j; bit < 32 && m&(1<<bit) != 0 {
				c |= 0x80 >> j
			}
		}
		w.buf = append(w.buf, c)
	}
}

// raw appends bytes that already are a complete encoding.
func (w *berWriter) raw(b []byte) { w.buf = append(w.buf, b...) }
