package csta

import (
	"strconv"
	"strings"
)

// ObjectID is an ASN.1 OBJECT IDENTIFIER as its list of arcs.
type ObjectID []uint32

// CSTAApplicationContext returns the application context name of CSTA
// Phase III over ACSE, 1.3.12.0.218 (ECMA-285 clause 8, the csta3
// application context).
func CSTAApplicationContext() ObjectID { return ObjectID{1, 3, 12, 0, 218} }

// CSTAUserInformation returns the direct reference of the ACSE user
// information carrying ACSEUserInformationForCSTA, 1.3.12.0.285.200
// (ECMA-285 module CSTA-application-context-information-csta3).
func CSTAUserInformation() ObjectID { return ObjectID{1, 3, 12, 0, 285, 200} }

// Equal reports whether o and p name the same object.
func (o ObjectID) Equal(p ObjectID) bool {
	if len(o) != len(p) {
		return false
	}
	for i := range o {
		if o[i] != p[i] {
			return false
		}
	}
	return true
}

// String renders the OID in dotted form.
func (o ObjectID) String() string {
	parts := make([]string, len(o))
	for i, a := range o {
		parts[i] = strconv.FormatUint(uint64(a), 10)
	}
	return strings.Join(parts, ".")
}

// appendOID appends the content octets of o (X.690 clause 8.19).
func appendOID(dst []byte, o ObjectID) []byte {
	if len(o) < 2 {
		return append(dst, 0)
	}
	dst = appendBase128(dst, o[0]*40+o[1])
	for _, a := range o[2:] {
		dst = appendBase128(dst, a)
	}
	return dst
}

// appendBase128 appends v in base 128 with continuation bits.
func appendBase128(dst []byte, v uint32) []byte {
	var tmp [5]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte(v & 0x7f)
		if i != len(tmp)-1 {
			tmp[i] |= 0x80
		}
		v >>= 7
		if v == 0 {
			break
		}
	}
	return append(dst, tmp[i:]...)
}

// maxOIDArcs bounds the arcs accepted in one OBJECT IDENTIFIER.
const maxOIDArcs = 32

// parseOID decodes OBJECT IDENTIFIER content octets.
func parseOID(v []byte) (ObjectID, error) {
	if len(v) == 0 {
		return nil, malformed("empty object identifier")
	}
	var o ObjectID
	var cur uint32
	for i, c := range v {
		if cur > 1<<25 {
			return nil, malformed("object identifier arc too large")
		}
		cur = cur<<7 | uint32(c&0x7f)
		if c&0x80 != 0 {
			if i == len(v)-1 {
				return nil, malformed("truncated object identifier")
			}
			continue
		}
		if len(o) >= maxOIDArcs {
			return nil, malformed("object identifier with more than %d arcs", maxOIDArcs)
		}
		if len(o) == 0 {
			first := min(cur/40, 2)
			o = append(o, first, cur-first*40)
		} else {
			o = append(o, cur)
		}
		cur = 0
	}
	return o, nil
}
