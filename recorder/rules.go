package recorder

import "time"

// The office's recording rules (data protection). Only calls that heard
// the recording notice are kept; calls that bypass the voice gateway
// (direct DDI, outbound callbacks) are kept only when the office says so;
// a caller who objected (the opt-out digit) is never kept, and the
// objection follows the Linka call id through transfers.

// Bus event types the recorder listens to (published by the voice
// gateway) and publishes.
const (
	TypeNoticePlayed      = "ivr.notice_played"  // NoticeEvent: the caller heard the recording notice
	TypeDoNotRecord       = "call.do_not_record" // NoticeEvent: the caller objected
	TypeRecordingStarted  = "recording.started"  // RecordingEvent
	TypeRecordingFinished = "recording.finished" // RecordingEvent
)

// NoticeEvent is the payload of ivr.notice_played and call.do_not_record.
type NoticeEvent struct {
	// CallID is the Linka call id when the gateway knows it.
	CallID string `json:"call_id"`
	// Caller is the caller's number in E.164.
	Caller string `json:"caller"`
	// SIPCallID is the gateway leg's Call-ID.
	SIPCallID string `json:"sip_call_id"`
	// At is when it happened.
	At time.Time `json:"at"`
}

// RecordingEvent is the payload of recording.started and
// recording.finished.
type RecordingEvent struct {
	ID        int64  `json:"id"`
	CallID    string `json:"call_id"`
	State     string `json:"state"`
	Reason    string `json:"reason,omitempty"`
	Caller    string `json:"caller,omitempty"`
	Extension string `json:"extension,omitempty"`
	// DurationMS is the length of the audio, in a finished event.
	DurationMS int64 `json:"duration_ms,omitempty"`
}

// Policy is what the office decided about recording.
type Policy struct {
	// RecordUnannouncedIncoming keeps incoming calls that did not pass the
	// voice gateway's notice (direct DDI).
	RecordUnannouncedIncoming bool
	// RecordUnannouncedOutgoing keeps outgoing calls (callbacks), which
	// hear no notice.
	RecordUnannouncedOutgoing bool
}

// Mark kinds.
const (
	MarkNotice      = "notice"
	MarkDoNotRecord = "do_not_record"
)

// Mark is a notice heard or an objection, as the voice gateway reported it.
type Mark struct {
	Kind string
	NoticeEvent
}

// Facts are what the rules look at of a recorded call.
type Facts struct {
	CallID, SIPCallID string
	// Citizen is the outside party's number (the caller of an incoming
	// call, the called number of an outgoing one).
	Citizen    string
	Direction  string
	Start, End time.Time
}

// Decision is the outcome of the rules.
type Decision struct {
	Keep   bool
	Reason string // why not, when Keep is false; "" otherwise
	// NoticeHeard and Objected say which marks applied.
	NoticeHeard, Objected bool
}

// Reasons of discarded recordings.
const (
	ReasonObjected = "caller objected to recording"
	ReasonNoNotice = "no recording notice heard"
)

// markWindow is how far before a call's start and after its end a mark
// without a call id may lie and still count for it.
const markWindow = 2 * time.Minute

// applies reports whether m concerns the call f: by Linka call id when
// both have one, by the SIP Call-ID, else by the caller's number and time.
func (m *Mark) applies(f Facts) bool {
	switch {
	case m.CallID != "" && f.CallID != "":
		return m.CallID == f.CallID
	case m.SIPCallID != "" && m.SIPCallID == f.SIPCallID:
		return true
	}
	return SameNumber(m.Caller, f.Citizen) && !m.At.Before(f.Start.Add(-markWindow)) && !m.At.After(f.End.Add(markWindow))
}

// Decide applies the office's rules to a recorded call. It is a pure
// function of the policy, the call and the marks of the time around it.
func Decide(p Policy, f Facts, marks []Mark) Decision {
	var d Decision
	for i := range marks {
		if !marks[i].applies(f) {
			continue
		}
		switch marks[i].Kind {
		case MarkDoNotRecord:
			d.Objected = true
		case MarkNotice:
			d.NoticeHeard = true
		}
	}
	switch {
	case d.Objected:
		d.Reason = ReasonObjected
	case d.NoticeHeard:
		d.Keep = true
	case f.Direction == "outgoing" && p.RecordUnannouncedOutgoing:
		d.Keep = true
	case f.Direction != "outgoing" && p.RecordUnannouncedIncoming:
		d.Keep = true
	default:
		d.Reason = ReasonNoNotice
	}
	return d
}

// SameNumber reports whether two phone numbers are the same subscriber:
// their last nine digits agree (a Czech national number, whatever prefix,
// +420 or 00420 or a PBX's outside-line digit, precedes it).
func SameNumber(a, b string) bool {
	x, y := lastDigits(a, 9), lastDigits(b, 9)
	return x != "" && x == y
}

func lastDigits(s string, n int) string {
	var d []byte
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			d = append(d, s[i])
		}
	}
	if len(d) > n {
		d = d[len(d)-n:]
	}
	return string(d)
}
