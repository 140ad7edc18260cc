package smdr

import "time"

// Readers of single columns. They take the column's text, never allocate,
// and report failure with a reason for the ParseError.

// field returns the text of span in s, shortened or empty where s ends
// before the span does (lines may arrive with trailing blanks trimmed).
func field(s string, sp Span) string {
	if sp.Start >= len(s) {
		return ""
	}
	return s[sp.Start:min(sp.End, len(s))]
}

// trim removes the blanks around s.
func trim(s string) string {
	i, j := 0, len(s)
	for i < j && s[i] == ' ' {
		i++
	}
	for j > i && s[j-1] == ' ' {
		j--
	}
	return s[i:j]
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// num2 reads two decimal digits at s[i:i+2].
func num2(s string, i int) (int, bool) {
	a, b := s[i], s[i+1]
	if !isDigit(a) || !isDigit(b) {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

// Clock-change marker (PROTOCOLS.md, SMDR: "**/**/** **:****" when the
// clock changed during the call).
const (
	clockChangedDate = "**/**/**"
	clockChangedTime = "**:****"
)

// DateOrder is the order of day and month in the Date column, which the
// PBX takes from its region setting.
type DateOrder uint8

// Date orders. The zero value is DMY, the order of the European regions.
const (
	DMY DateOrder = iota // DD/MM/YY
	MDY                  // MM/DD/YY
)

// String returns "DMY" or "MDY".
func (o DateOrder) String() string {
	if o == MDY {
		return "MDY"
	}
	return "DMY"
}

// civil is a date and time of day read from the Date and Time columns.
type civil struct {
	year, day, hour, min int
	month                time.Month
}

// readDate reads DD/MM/YY or MM/DD/YY; years below pivot are 20YY.
func readDate(s string, order DateOrder, pivot int, c *civil) string {
	if len(s) != dateWidth || s[2] != '/' || s[5] != '/' {
		return "not DD/MM/YY or MM/DD/YY"
	}
	a, ok1 := num2(s, 0)
	b, ok2 := num2(s, 3)
	y, ok3 := num2(s, 6)
	if !ok1 || !ok2 || !ok3 {
		return "not DD/MM/YY or MM/DD/YY"
	}
	d, m := a, b
	if order == MDY {
		d, m = b, a
	}
	if m < 1 || m > 12 {
		return "month out of range"
	}
	if y < pivot {
		y += 2000
	} else {
		y += 1900
	}
	if d < 1 || d > daysIn(time.Month(m), y) {
		return "day out of range"
	}
	c.year, c.month, c.day = y, time.Month(m), d
	return ""
}

func daysIn(m time.Month, year int) int {
	switch m {
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// readClock reads hh:mmAM or hh:mmPM (hours 01–12) into 24-hour time:
// 12:xxAM is 00:xx and 12:xxPM is 12:xx.
func readClock(s string, c *civil) string {
	if len(s) != timeWidth || s[2] != ':' {
		return "not hh:mmAM or hh:mmPM"
	}
	h, ok1 := num2(s, 0)
	m, ok2 := num2(s, 3)
	if !ok1 || !ok2 {
		return "not hh:mmAM or hh:mmPM"
	}
	var pm bool
	switch s[5:] {
	case "AM", "am":
	case "PM", "pm":
		pm = true
	default:
		return "not hh:mmAM or hh:mmPM"
	}
	if h < 1 || h > 12 {
		return "hour out of range"
	}
	if m > 59 {
		return "minute out of range"
	}
	if h == 12 {
		h = 0
	}
	if pm {
		h += 12
	}
	c.hour, c.min = h, m
	return ""
}

// readRing reads the Ring column, m'ss (minutes may have two digits in a
// wider column); blank is zero.
func readRing(s string) (time.Duration, string) {
	s = trim(s)
	if s == "" {
		return 0, ""
	}
	q := len(s) - 3
	if q < 1 || q > 2 || s[q] != '\'' {
		return 0, "not m'ss"
	}
	var m int
	for i := range q {
		if !isDigit(s[i]) {
			return 0, "not m'ss"
		}
		m = m*10 + int(s[i]-'0')
	}
	sec, ok := num2(s, q+1)
	if !ok {
		return 0, "not m'ss"
	}
	if sec > 59 {
		return 0, "seconds out of range"
	}
	return time.Duration(m*60+sec) * time.Second, ""
}

// readDuration reads the Duration column, hh:mm'ss; blank is zero.
func readDuration(s string) (time.Duration, string) {
	s = trim(s)
	if s == "" {
		return 0, ""
	}
	if len(s) != durationWidth || s[2] != ':' || s[5] != '\'' {
		return 0, "not hh:mm'ss"
	}
	h, ok1 := num2(s, 0)
	m, ok2 := num2(s, 3)
	sec, ok3 := num2(s, 6)
	if !ok1 || !ok2 || !ok3 {
		return 0, "not hh:mm'ss"
	}
	if m > 59 || sec > 59 {
		return 0, "minutes or seconds out of range"
	}
	return time.Duration(h*3600+m*60+sec) * time.Second, ""
}

// readExtension reads the Ext column: digits, or D, T or * and digits.
func readExtension(s string) (ExtensionKind, string) {
	if s == "" {
		return Station, "blank"
	}
	k, digits := Station, s
	switch s[0] {
	case 'D':
		k, digits = Doorphone, s[1:]
	case 'T':
		k, digits = TIE, s[1:]
	case '*':
		k, digits = Verified, s[1:]
	}
	if digits == "" {
		return k, "no number after the prefix"
	}
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return k, "not an extension, Dxxx, Txxx or *xxx"
		}
	}
	return k, ""
}

// readCondition reads the CD column: up to three upper-case letters and
// digits; codes not in the table are kept as printed.
func readCondition(s string) (Condition, string) {
	s = trim(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && (c < 'A' || c > 'Z') {
			return "", "not a condition code"
		}
	}
	return Condition(s), ""
}

// printable reports whether s has only printable ASCII or UTF-8 text.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return false
		}
	}
	return true
}
