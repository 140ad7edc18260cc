package pbxsim

import (
	"fmt"
	"strings"
	"time"

	"linka/internal/workdays"
)

// The SMDR line formatter: Panasonic Pattern A, 80 columns without a
// charge (PROTOCOLS.md, SMDR; the column table of the KX-TDE/NCP Feature
// Guide, "SMDR"). Column positions are 0-based.
const (
	smdrWidth = 80

	smdrDateCol  = 0  // MM/DD/YY or DD/MM/YY
	smdrTimeCol  = 9  // hh:mmAM or hh:mmPM
	smdrExtCol   = 17 // 5 columns, right-aligned
	smdrExtWidth = 5
	smdrCOCol    = 23 // 2 columns
	smdrCOWidth  = 2
	smdrDialCol  = 26 // 25 columns; a status line's text starts here too
	smdrDialLen  = 25
	smdrRingCol  = 52 // m'ss, 4 columns, right-aligned
	smdrRingLen  = 4
	smdrDurCol   = 57 // hh:mm'ss
	smdrAccCol   = 66 // 10 columns
	smdrAccLen   = 10
	smdrCDCol    = 77 // 3 columns
	smdrCDLen    = 3
)

// smdrHeader and smdrSeparator start every page of Pattern A output.
const (
	smdrHeader    = "  Date     Time    Ext CO        Dial Number        Ring Duration  Acc code  CD"
	smdrSeparator = "--------------------------------------------------------------------------------"
)

// Dial-number markers of Pattern A.
const (
	markerDDI      = "<D>" // the DDI number an incoming call dialed
	markerIncoming = "<I>" // the caller of an incoming call
	markerIntercom = "EXT" // the other extension of an intercom call
)

// Condition codes the simulator prints.
const (
	condTransfer    = "TR"
	condNotAnswered = "NA"
	condReceived    = "RC"
	condAnswered    = "AN"
)

// Status line texts.
const (
	statusLogIn  = "LOG IN"
	statusLogOut = "LOG OUT"
)

// noTime marks an empty Ring or Duration column.
const noTime time.Duration = -1

// Largest values the Ring (m'ss) and Duration (hh:mm'ss) columns hold.
const (
	maxSMDRRing     = 9*time.Minute + 59*time.Second
	maxSMDRDuration = 99*time.Hour + 59*time.Minute + 59*time.Second
)

// smdrRecord is one SMDR line: a call record or, when status is set, a
// status line (date, time, extension and the status text in the dial
// number column).
type smdrRecord struct {
	at        time.Time // the end of the call, or the ring or answer time of RC and AN lines
	ext       string
	co        string // the trunk number, "" for none
	dial      string // the dialled number with its markers
	ring      time.Duration
	duration  time.Duration
	account   string
	condition string
	status    string
}

// smdrFormat controls how records are written.
type smdrFormat struct {
	dayFirst bool // DD/MM/YY instead of MM/DD/YY
	pad      bool // keep trailing blanks, every line 80 columns
}

// format returns the Pattern A line of r, without a line end. Times are
// shown in Europe/Prague, to the minute; fields too long for their column
// are cut, too long times capped.
func (f smdrFormat) format(r smdrRecord) string {
	var b [smdrWidth]byte
	for i := range b {
		b[i] = ' '
	}
	at := r.at.In(workdays.Prague())
	date := at.Format("01/02/06")
	if f.dayFirst {
		date = at.Format("02/01/06")
	}
	put(b[:], smdrDateCol, date, len(date))
	put(b[:], smdrTimeCol, at.Format("03:04PM"), len("hh:mmAM"))
	putRight(b[:], smdrExtCol, r.ext, smdrExtWidth)
	if r.status != "" {
		put(b[:], smdrDialCol, r.status, smdrWidth-smdrDialCol)
		return f.finish(b[:])
	}
	putRight(b[:], smdrCOCol, r.co, smdrCOWidth)
	put(b[:], smdrDialCol, r.dial, smdrDialLen)
	if r.ring != noTime {
		putRight(b[:], smdrRingCol, ringText(r.ring), smdrRingLen)
	}
	if r.duration != noTime {
		d := durationText(r.duration)
		put(b[:], smdrDurCol, d, len(d))
	}
	put(b[:], smdrAccCol, r.account, smdrAccLen)
	put(b[:], smdrCDCol, r.condition, smdrCDLen)
	return f.finish(b[:])
}

// finish returns the line, trimmed of trailing blanks unless f.pad.
func (f smdrFormat) finish(b []byte) string {
	if f.pad {
		return string(b)
	}
	return strings.TrimRight(string(b), " ")
}

// put copies at most width bytes of s into b at col.
func put(b []byte, col int, s string, width int) {
	copy(b[col:col+min(width, len(s))], s)
}

// putRight copies s right-aligned into the width bytes of b at col,
// keeping the last width bytes of a longer s.
func putRight(b []byte, col int, s string, width int) {
	if len(s) > width {
		s = s[len(s)-width:]
	}
	copy(b[col+width-len(s):col+width], s)
}

// ringText formats a ring time as m'ss, capped at 9'59.
func ringText(d time.Duration) string {
	s := int(min(max(d, 0), maxSMDRRing) / time.Second)
	return fmt.Sprintf("%d'%02d", s/60, s%60)
}

// durationText formats a call duration as hh:mm'ss, capped at 99:59'59.
func durationText(d time.Duration) string {
	s := int(min(max(d, 0), maxSMDRDuration) / time.Second)
	return fmt.Sprintf("%02d:%02d'%02d", s/3600, s/60%60, s%60)
}

// incomingDial returns the dial number column of an incoming call: the DDI
// behind <D> when there is one, then the caller behind <I> ("" when
// withheld).
func incomingDial(ddi, caller string) string {
	if ddi == "" {
		return markerIncoming + caller
	}
	return markerDDI + ddi + markerIncoming + caller
}

// trunkCO returns the CO column of a trunk named Tnn: its number.
func trunkCO(t *device) string {
	if t == nil {
		return ""
	}
	return strings.TrimPrefix(t.number, "T")
}
