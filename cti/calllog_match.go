package cti

import (
	"slices"
	"time"
)

// The rules that decide that a PBX link's record, SMDR lines and call log
// rows describe one call. Two descriptions are one call when
//
//   - their directions agree (a record rebuilt after a resync, direction
//     unknown, agrees with any);
//   - the citizen's number is the same: the caller of an incoming call,
//     the called number of the others, compared normalised (E.164) and
//     else by the last nine digits; two withheld numbers are the same;
//   - they share an extension or group — or, for the lines of an incoming
//     call after RC/AN lines or a transfer, the trunk (CO), since an
//     incoming call rings a group and is answered, or transferred, at an
//     extension;
//   - and they are close in time. A final line that closes the call (any
//     condition but TR and FW) must end within the window of the end of
//     a PBX link's record, and a record the end of a call closed by a
//     final line. Otherwise, as for RC and AN lines (printed mid-call) and
//     TR lines (one leg of a transferred call), the times the two cover,
//     SMDR times widened to the whole printed minute, must be no further
//     apart than the window.
//
// A row holds at most one closing final line, so two calls of one number
// a few minutes apart stay two rows. Of several rows that fit, the
// closest in time wins.

// numberSuffix is how many trailing digits identify a number when
// normalising does not: a Czech national number without prefixes.
const numberSuffix = 9

// fit is how well a row fits a description: the distance in time, then
// the distance between the starts.
type fit struct{ gap, start time.Duration }

func (f fit) better(g fit) bool {
	return f.gap < g.gap || (f.gap == g.gap && f.start < g.start)
}

// bestForCSTA returns the row only SMDR made that describes the same call
// as the PBX link's record r, nil if none does.
func (l *CallLog) bestForCSTA(cands []CallLogEntry, r *CallRecord) *CallLogEntry {
	var best *CallLogEntry
	var bestFit fit
	for i := range cands {
		e := &cands[i]
		if e.CSTA || !l.sameCall(&e.CallRecord, r) || !sharesExtension(e.Extensions, r.Extensions) {
			continue
		}
		var f fit
		if e.SMDR == SMDRFinal {
			f.gap = toMinute(r.EndedAt, e.EndedAt)
		} else {
			f.gap = gap(r.StartedAt, r.EndedAt, e.StartedAt, e.EndedAt.Add(time.Minute))
		}
		f.start = absDuration(r.StartedAt.Sub(e.StartedAt))
		if f.gap <= l.o.Window && (best == nil || f.better(bestFit)) {
			best, bestFit = e, f
		}
	}
	return best
}

// bestForSMDR returns the row the SMDR line c belongs to, nil if none.
func (l *CallLog) bestForSMDR(cands []CallLogEntry, c *smdrCall) *CallLogEntry {
	var best *CallLogEntry
	var bestFit fit
	for i := range cands {
		e := &cands[i]
		f, ok := l.smdrFit(e, c)
		if ok && (best == nil || f.better(bestFit)) {
			best, bestFit = e, f
		}
	}
	return best
}

// smdrFit reports whether row e can take the line c, and how well.
func (l *CallLog) smdrFit(e *CallLogEntry, c *smdrCall) (fit, bool) {
	if e.SMDR == SMDRFinal || !l.sameCall(&e.CallRecord, &c.call) || !c.sameLeg(e) {
		return fit{}, false
	}
	f := fit{start: absDuration(e.StartedAt.Sub(c.call.StartedAt))}
	if c.closes() && e.CSTA {
		f.gap = toMinute(e.EndedAt, c.at)
	} else {
		end := e.EndedAt
		if !e.CSTA {
			end = end.Add(time.Minute)
		}
		f.gap = gap(c.call.StartedAt, c.at.Add(time.Minute), e.StartedAt, end)
	}
	return f, f.gap <= l.o.Window
}

// sameCall reports whether a and b agree on the direction and the
// citizen's number.
func (l *CallLog) sameCall(a, b *CallRecord) bool {
	dir := a.Direction
	if !known(dir) {
		dir = b.Direction
	} else if known(b.Direction) && b.Direction != dir {
		return false
	}
	return l.sameNumber(partyNumber(a, dir), partyNumber(b, dir))
}

func known(d Direction) bool { return d != "" && d != DirectionUnknown }

// partyNumber returns the number that identifies the call of direction
// dir: the caller of an incoming call, else the called number.
func partyNumber(r *CallRecord, dir Direction) string {
	if dir == DirectionIncoming || !known(dir) {
		return r.Caller
	}
	return r.Called
}

// sameNumber compares two numbers as the PBX gave them: normalised, else
// by their last digits; two numbers without digits (withheld) are the
// same.
func (l *CallLog) sameNumber(a, b string) bool {
	if na := l.o.Normalize(a); na != "" && na == l.o.Normalize(b) {
		return true
	}
	da, db := digitsOf(a), digitsOf(b)
	if da == "" || db == "" {
		return da == db
	}
	return lastDigits(da) == lastDigits(db)
}

// digitsOf returns the decimal digits of s.
func digitsOf(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

func lastDigits(d string) string {
	if len(d) > numberSuffix {
		return d[len(d)-numberSuffix:]
	}
	return d
}

// sharesExtension reports whether a and b have an extension in common.
func sharesExtension(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// gap returns how far apart the intervals [a0, a1] and [b0, b1] are, zero
// when they overlap.
func gap(a0, a1, b0, b1 time.Time) time.Duration {
	switch {
	case a1.Before(b0):
		return b0.Sub(a1)
	case b1.Before(a0):
		return a0.Sub(b1)
	}
	return 0
}

// toMinute returns how far t is from the minute that starts at m.
func toMinute(t, m time.Time) time.Duration {
	return gap(t, t, m, m.Add(time.Minute))
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
