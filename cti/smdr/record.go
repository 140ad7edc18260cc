package smdr

import (
	"strconv"
	"time"
)

// Kind says what a line of SMDR output is.
type Kind uint8

// Kinds of line. The zero Kind is KindInvalid: a line that matches no
// layout.
const (
	KindInvalid   Kind = iota // matches no layout; Line.Err says why
	KindRecord                // a call record: Line.Record
	KindStatus                // a status line (LOG IN, Check in, …): Line.Status
	KindHeader                // the column header printed at the top of every page
	KindSeparator             // the row of dashes under the header
	KindBlank                 // an empty line or one of blanks only
)

var kindNames = [...]string{"invalid", "record", "status", "header", "separator", "blank"}

// String names the kind in lower case, e.g. "record".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Line is one parsed line of SMDR output. Raw always holds the line as it
// was given to Parser.Parse; the other fields depend on Kind.
type Line struct {
	Kind Kind
	// Raw is the line as received, so that a line that matches no layout
	// can be stored and shown as it was.
	Raw string
	// Layout is the layout the line was read with; for a header, the
	// layout the header names. It is Auto for blank and invalid lines.
	Layout Layout
	// Record is set for KindRecord.
	Record Record
	// Status is set for KindStatus.
	Status StatusLine
	// Err is the *ParseError of a KindInvalid line, nil otherwise.
	Err error
}

// Direction says who placed a call.
type Direction uint8

// Directions of a call record.
const (
	// Outgoing is a trunk call an extension placed: the dial-number
	// column holds the dialled digits.
	Outgoing Direction = iota + 1
	// Incoming is a trunk call received: the dial-number column starts
	// with <I> (or <D> before it).
	Incoming
	// Intercom is an extension-to-extension call: the dial-number column
	// holds EXT and the called extension.
	Intercom
)

// String returns "outgoing", "incoming" or "intercom" ("" for the zero
// value).
func (d Direction) String() string {
	switch d {
	case Outgoing:
		return "outgoing"
	case Incoming:
		return "incoming"
	case Intercom:
		return "intercom"
	}
	return ""
}

// MarshalText encodes the direction as its String.
func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// ExtensionKind says what the Ext column names (Panasonic Feature Guide,
// SMDR, item (3) Ext).
type ExtensionKind uint8

// Kinds of the Ext column.
const (
	// Station is an extension or floating extension number.
	Station ExtensionKind = iota
	// Doorphone is "Dxxx": a trunk call from doorphone xxx.
	Doorphone
	// TIE is "Txxx": a trunk call through the TIE line service of trunk
	// group xxx.
	TIE
	// Verified is "*xxx": a call made with verification code xxx.
	Verified
)

// String returns "station", "doorphone", "tie" or "verified".
func (k ExtensionKind) String() string {
	switch k {
	case Doorphone:
		return "doorphone"
	case TIE:
		return "tie"
	case Verified:
		return "verified"
	}
	return "station"
}

// Record is one call record (PROTOCOLS.md, SMDR; Panasonic Feature Guide,
// "Station Message Detail Recording (SMDR)", items (1)–(10)). Strings are
// trimmed of the blanks that pad their columns; an empty string means the
// column was blank.
type Record struct {
	Direction Direction
	// End is the end time of the call to the minute, in the parser's
	// location (Europe/Prague by default). For RC and AN lines it is the
	// time of ringing and of answering. It is zero when ClockChanged.
	End time.Time
	// ClockChanged reports the "**/**/** **:****" date and time the PBX
	// prints when its clock was changed during the call: the time is
	// unknown.
	ClockChanged bool
	// Extension is the Ext column as printed ("1200", "D01", "T2",
	// "*123"); ExtensionKind says what it names.
	Extension     string
	ExtensionKind ExtensionKind
	// Trunk is the CO (trunk) number as printed, e.g. "01"; Patterns A
	// and B print "00" for trunks above 99. Empty for intercom calls.
	Trunk string
	// Dial is the dial-number column as printed, markers included.
	Dial string
	// Number is the other party: for an outgoing call the dialled number
	// reduced to 0–9, * and # (pauses, EFA signals, host-PBX marks and
	// hidden digits dropped, digits after the transfer mark "-" left
	// out); for an incoming call the caller's number (empty when the PBX
	// had none); for an intercom call the called extension.
	Number string
	// CallerName is the caller's name of an incoming call: the text after
	// <I> up to the trailing digits, which are the caller's number.
	CallerName string
	// DDI is the DDI/DID/MSN text printed after <D> on an incoming call.
	DDI string
	// Hidden reports that digits of the dialled number were hidden by
	// secret dialling (".") or privacy ("X"), so Number is incomplete.
	Hidden bool
	// Transferred reports the transfer mark "-" in the dialled number.
	Transferred bool
	// Ring is the time the call rang before it was answered (the Ring
	// column, m'ss); zero when the column was blank or the layout has
	// none (Pattern B).
	Ring time.Duration
	// Duration is the talk time (hh:mm'ss); zero when blank.
	Duration time.Duration
	// Cost is the charge column of Patterns B and C as printed, e.g.
	// "00560.00EU".
	Cost string
	// Account is the account code.
	Account string
	// Condition is the CD column.
	Condition Condition
}

// Final reports whether the record describes a finished call. RC, AN, VR
// and VA lines are printed when a call rings and when it is answered, so
// one call can give several records and only the last is final.
func (r Record) Final() bool {
	switch r.Condition {
	case CondReceived, CondAnswered, CondWaitingReceived, CondWaitingAnswered:
		return false
	}
	return true
}

// ExtensionNumber returns the Ext column without its D, T or * prefix:
// the doorphone number, TIE trunk group or verification code.
func (r Record) ExtensionNumber() string { return stripExtensionPrefix(r.Extension, r.ExtensionKind) }

func stripExtensionPrefix(ext string, k ExtensionKind) string {
	if k != Station && ext != "" {
		return ext[1:]
	}
	return ext
}

// Condition is the condition code of the CD column. Codes the package
// does not know are kept as printed; Known tells them apart.
type Condition string

// Condition codes (Panasonic Feature Guide, SMDR, item (10) CD).
const (
	CondNone            Condition = ""   // blank column: an ordinary call
	CondTransfer        Condition = "TR" // transferred
	CondForward         Condition = "FW" // forwarded to a trunk (CO line)
	CondDISA            Condition = "D0" // DISA or TIE line call
	CondDISA1           Condition = "D1" // DISA call, line 1 (older models)
	CondDISA2           Condition = "D2" // DISA call, line 2 (older models)
	CondDISA3           Condition = "D3" // DISA call, line 3 (older models)
	CondDISA4           Condition = "D4" // DISA call, line 4 (older models)
	CondNotAnswered     Condition = "NA" // incoming call not answered
	CondReceived        Condition = "RC" // printed when an incoming call starts ringing
	CondAnswered        Condition = "AN" // printed when an incoming call is answered
	CondWaitingReceived Condition = "VR" // RC of a call-waiting call with caller ID
	CondWaitingAnswered Condition = "VA" // AN of a call-waiting call with caller ID
	CondRemote          Condition = "RM" // remote access to the PBX's modem (older models)
)

var conditionText = map[Condition]string{
	CondNone:            "",
	CondTransfer:        "transfer",
	CondForward:         "forward to trunk",
	CondDISA:            "DISA/TIE",
	CondDISA1:           "DISA line 1",
	CondDISA2:           "DISA line 2",
	CondDISA3:           "DISA line 3",
	CondDISA4:           "DISA line 4",
	CondNotAnswered:     "not answered",
	CondReceived:        "ringing",
	CondAnswered:        "answered",
	CondWaitingReceived: "call waiting ringing",
	CondWaitingAnswered: "call waiting answered",
	CondRemote:          "remote modem access",
}

// Known reports whether the code is one of the package's constants.
func (c Condition) Known() bool {
	_, ok := conditionText[c]
	return ok
}

// Description returns an English description of a known code ("not
// answered") and "" for a blank or unknown one.
func (c Condition) Description() string { return conditionText[c] }

// StatusKind says what a status line reports.
type StatusKind uint8

// Kinds of status line (Panasonic Feature Guide, SMDR, item (5) Dial
// Number, log-in/log-out and the examples that follow it).
const (
	StatusOther         StatusKind = iota // a status text the package does not know
	StatusLogIn                           // LOG IN: the extension logged in to its ICD group
	StatusLogOut                          // LOG OUT
	StatusCheckIn                         // Check in: hotel room check-in
	StatusCheckOut                        // Check out
	StatusTimedReminder                   // Timed Reminder/Start, /No Answer, /Answer
	StatusInOffice                        // In the office
)

var statusNames = [...]string{"other", "log_in", "log_out", "check_in", "check_out", "timed_reminder", "in_office"}

// String returns the kind in snake case, e.g. "log_in".
func (k StatusKind) String() string {
	if int(k) < len(statusNames) {
		return statusNames[k]
	}
	return "status(" + strconv.Itoa(int(k)) + ")"
}

// StatusLine is a status line: date, time and extension like a call record,
// then a text in place of the trunk and dial number.
type StatusLine struct {
	Kind StatusKind
	// Time is the time of the event to the minute; zero when
	// ClockChanged.
	Time         time.Time
	ClockChanged bool
	// Extension and ExtensionKind are as in Record.
	Extension     string
	ExtensionKind ExtensionKind
	// Text is the status as printed, e.g. "LOG IN" or
	// "Timed Reminder/No Answer".
	Text string
}
