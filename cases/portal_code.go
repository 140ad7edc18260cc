package cases

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Access codes let a citizen follow a case on the portal's status page.
//
// A code is 80 random bits written as 16 characters of Crockford's base32
// in four groups, "7KQ2-M9XD-4HPA-0RTV": digits and capital letters
// without I, L, O and U, so that it can be read aloud over the phone and
// typed back without confusion. Parsing is forgiving: lower case, spaces,
// missing or extra hyphens, and the look-alikes I/L (for 1) and O (for 0)
// are accepted.
//
// Only a hash is stored (AccessCodeHash). The code itself is shown or sent
// once, when it is issued; issuing a new code replaces the old one.

// crockford is Crockford's base32 alphabet.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Access code sizes.
const (
	accessCodeBits  = 80
	accessCodeChars = accessCodeBits / 5 // 16
	accessCodeGroup = 4
)

// NewAccessCode returns a new random access code, formatted in groups.
func NewAccessCode() (string, error) {
	b := make([]byte, accessCodeBits/8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("read random: %w", err)
	}
	return FormatAccessCode(encodeCrockford(b)), nil
}

// encodeCrockford writes b (whose bit length is a multiple of 5) in
// Crockford's base32.
func encodeCrockford(b []byte) string {
	var sb strings.Builder
	var acc uint32
	bits := 0
	for _, x := range b {
		acc = acc<<8 | uint32(x)
		bits += 8
		for bits >= 5 {
			bits -= 5
			sb.WriteByte(crockford[(acc>>bits)&31])
		}
	}
	return sb.String()
}

// FormatAccessCode writes a normalised code in groups of four separated
// by hyphens.
func FormatAccessCode(norm string) string {
	var sb strings.Builder
	for i := 0; i < len(norm); i += accessCodeGroup {
		if i > 0 {
			sb.WriteByte('-')
		}
		sb.WriteString(norm[i:min(i+accessCodeGroup, len(norm))])
	}
	return sb.String()
}

// NormalizeAccessCode returns the 16 characters of a typed code in upper
// case without separators, or "" when s cannot be a code.
func NormalizeAccessCode(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r == 'I' || r == 'L':
			r = '1'
		case r == 'O':
			r = '0'
		}
		if r > 127 || !strings.ContainsRune(crockford, r) {
			return ""
		}
		sb.WriteRune(r)
		if sb.Len() > accessCodeChars {
			return ""
		}
	}
	if sb.Len() != accessCodeChars {
		return ""
	}
	return sb.String()
}

// AccessCodeHash returns the stored hash of a normalised code for the case
// with the given id: SHA-256 over a label, the id and the code, so equal
// codes of two cases hash differently.
func AccessCodeHash(caseID int64, norm string) string {
	sum := sha256.Sum256([]byte("linka-access-code\x00" + strconv.FormatInt(caseID, 10) + "\x00" + norm))
	return hex.EncodeToString(sum[:])
}

// dummyCodeHash is compared when a case or its code does not exist, so that
// an unknown case number costs the same work as a wrong code.
var dummyCodeHash = AccessCodeHash(-1, strings.Repeat("0", accessCodeChars))

// sameHash compares two hex hashes in constant time.
func sameHash(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
