package cases

import (
	"strings"
)

// Anonymous is the normalised form of a withheld or unknown caller number.
const Anonymous = "anonymous"

// PhonePlan normalises telephone numbers to E.164 so that caller-id lookup
// matches whatever format the PBX or a clerk used. Its zero value is the
// Czech plan (+420, nine-digit national numbers) with no outside-line prefix.
type PhonePlan struct {
	// CountryCode is the default country calling code without "+"; "" means "420".
	CountryCode string
	// NationalLength is the length of a national number; 0 means 9.
	NationalLength int
	// OutsidePrefix is the PBX's outside-line access code (e.g. "0" or "9")
	// that precedes external numbers in CTI and SMDR data; it is stripped
	// when what follows is a complete number.
	OutsidePrefix string
}

func (p PhonePlan) country() string {
	if p.CountryCode == "" {
		return "420"
	}
	return p.CountryCode
}

func (p PhonePlan) national() int {
	if p.NationalLength == 0 {
		return 9
	}
	return p.NationalLength
}

// withheld lists the words PBXs and people use for a withheld number.
var withheld = []string{"anonymous", "anonym", "withheld", "private", "restricted",
	"unknown", "unavailable", "skryté", "skryte", "neznámé", "nezname", "utajené"}

// Normalize returns number in E.164 form ("+420560987654"), Anonymous for a
// withheld number, or an *Error when it is not a telephone number.
// Separators (spaces, dashes, dots, slashes, parentheses) are ignored.
func (p PhonePlan) Normalize(number string) (string, error) {
	s := strings.TrimSpace(number)
	lower := strings.ToLower(s)
	for _, w := range withheld {
		if lower == w {
			return Anonymous, nil
		}
	}
	digits, plus, ok := phoneDigits(s)
	if !ok || digits == "" {
		return "", Invalid("phone", "%q is not a telephone number", number)
	}
	if plus {
		return e164(digits, number)
	}
	if strings.HasPrefix(digits, "00") {
		if n, err := e164(digits[2:], number); err == nil {
			return n, nil
		}
	}
	n := p.national()
	if p.OutsidePrefix != "" && strings.HasPrefix(digits, p.OutsidePrefix) {
		rest := digits[len(p.OutsidePrefix):]
		if len(rest) == n || strings.HasPrefix(rest, "00") || (strings.HasPrefix(rest, p.country()) && len(rest) == len(p.country())+n) {
			return p.Normalize(rest)
		}
	}
	switch {
	case len(digits) == n:
		return "+" + p.country() + digits, nil
	case len(digits) == len(p.country())+n && strings.HasPrefix(digits, p.country()):
		return "+" + digits, nil
	}
	return "", Invalid("phone", "%q is not a complete telephone number", number)
}

// phoneDigits strips separators and reports the digits and whether the
// number started with "+". ok is false if any other character occurs.
func phoneDigits(s string) (digits string, plus bool, ok bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0 && !plus:
			plus = true
		case r == ' ' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", false, false
		}
	}
	return b.String(), plus, true
}

func e164(digits, original string) (string, error) {
	if len(digits) < 7 || len(digits) > 15 || digits[0] == '0' {
		return "", Invalid("phone", "%q is not a valid international number", original)
	}
	return "+" + digits, nil
}

// Lookup normalises a caller number for a contact lookup. It returns ""
// (match nothing) for withheld, internal or unparsable numbers instead of
// an error, since caller ids arrive in every shape.
func (p PhonePlan) Lookup(number string) string {
	n, err := p.Normalize(number)
	if err != nil || n == Anonymous {
		return ""
	}
	return n
}
