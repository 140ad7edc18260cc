package recorder

import (
	"time"

	"linka/cti"
)

// Matching a recording to its Linka call. The recorder sees the trunk leg
// (caller number, DDI, times); the PBX link and SMDR see the call inside
// the PBX (the same numbers, the extensions). A call matches when the
// outside number agrees (or either side does not know it), the DDI agrees
// when both know it, and the times overlap; of several, the one
// overlapping longest wins.

// matchSlack widens the recording's time span: the trunk leg and the PBX
// link do not see the call start and end at the same instant.
const matchSlack = 10 * time.Second

// MatchCall returns the call of calls that r belongs to.
func MatchCall(r *Recording, calls []cti.CallRecord) (cti.CallRecord, bool) {
	var best cti.CallRecord
	var bestOverlap time.Duration = -1
	citizen, ddi := r.Caller, r.Called
	if r.Direction == "outgoing" {
		citizen, ddi = r.Called, ""
	}
	from, to := r.StartedAt.Add(-matchSlack), r.EndedAt.Add(matchSlack)
	if r.EndedAt.IsZero() {
		to = r.StartedAt.Add(matchSlack)
	}
	for _, c := range calls {
		if c.Direction == cti.DirectionInternal {
			continue
		}
		outside, dialled := c.Caller, c.Called
		if c.Direction == cti.DirectionOutgoing {
			outside, dialled = c.Called, ""
		}
		if citizen != "" && outside != "" && !SameNumber(citizen, outside) {
			continue
		}
		if ddi != "" && dialled != "" && !SameNumber(ddi, dialled) && !suffixMatch(ddi, dialled) {
			continue
		}
		end := c.EndedAt
		if end.IsZero() {
			end = to
		}
		lo, hi := from, to
		if c.StartedAt.After(lo) {
			lo = c.StartedAt
		}
		if end.Before(hi) {
			hi = end
		}
		overlap := hi.Sub(lo)
		if overlap < 0 {
			continue
		}
		if overlap > bestOverlap {
			best, bestOverlap = c, overlap
		}
	}
	return best, bestOverlap >= 0
}

// suffixMatch compares a full DDI with the short one a PBX may report:
// "544503600" and "600".
func suffixMatch(a, b string) bool {
	x, y := lastDigits(a, 20), lastDigits(b, 20)
	if len(x) < len(y) {
		x, y = y, x
	}
	return y != "" && len(x) >= len(y) && x[len(x)-len(y):] == y
}
