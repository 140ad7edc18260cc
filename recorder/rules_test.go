package recorder

import (
	"testing"
	"time"

	"linka/cti"
)

func TestDecide(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	call := Facts{CallID: "c1", SIPCallID: "sip-1", Citizen: "+420602123456", Direction: "incoming", Start: at, End: at.Add(3 * time.Minute)}
	notice := func(callID, caller string, off time.Duration) Mark {
		return Mark{Kind: MarkNotice, NoticeEvent: NoticeEvent{CallID: callID, Caller: caller, At: at.Add(off)}}
	}
	object := func(callID, caller string, off time.Duration) Mark {
		return Mark{Kind: MarkDoNotRecord, NoticeEvent: NoticeEvent{CallID: callID, Caller: caller, At: at.Add(off)}}
	}
	tests := []struct {
		name   string
		p      Policy
		f      Facts
		marks  []Mark
		keep   bool
		reason string
	}{
		{"notice by call id", Policy{}, call, []Mark{notice("c1", "", 0)}, true, ""},
		{"notice of another call", Policy{}, call, []Mark{notice("c2", "+420602123456", 0)}, false, ReasonNoNotice},
		{"notice by number and time", Policy{}, call, []Mark{notice("", "602123456", -30*time.Second)}, true, ""},
		{"notice by number, too early", Policy{}, call, []Mark{notice("", "+420602123456", -time.Hour)}, false, ReasonNoNotice},
		{"notice by SIP Call-ID", Policy{}, call, []Mark{{Kind: MarkNotice, NoticeEvent: NoticeEvent{SIPCallID: "sip-1"}}}, true, ""},
		{"objection wins over the notice", Policy{}, call, []Mark{notice("c1", "", 0), object("c1", "", time.Minute)}, false, ReasonObjected},
		// The objection was made on the call before a transfer: the Linka
		// call id is the same, so it still applies.
		{"objection follows the call id", Policy{RecordUnannouncedIncoming: true}, call, []Mark{object("c1", "", 0)}, false, ReasonObjected},
		{"objection by number", Policy{RecordUnannouncedIncoming: true}, call, []Mark{object("", "00420602123456", time.Minute)}, false, ReasonObjected},
		{"direct DDI allowed", Policy{RecordUnannouncedIncoming: true}, call, nil, true, ""},
		{"direct DDI not allowed", Policy{}, call, nil, false, ReasonNoNotice},
		{"callback allowed", Policy{RecordUnannouncedOutgoing: true}, Facts{Direction: "outgoing", Start: at, End: at}, nil, true, ""},
		{"callback not allowed", Policy{RecordUnannouncedIncoming: true}, Facts{Direction: "outgoing", Start: at, End: at}, nil, false, ReasonNoNotice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.p, tt.f, tt.marks)
			if d.Keep != tt.keep || d.Reason != tt.reason {
				t.Errorf("Decide = %+v, want keep %v reason %q", d, tt.keep, tt.reason)
			}
		})
	}
}

func TestMatchCall(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	rec := &Recording{Caller: "+420602123456", Called: "544503600", Direction: "incoming", StartedAt: at.Add(5 * time.Second), EndedAt: at.Add(2 * time.Minute)}
	calls := []cti.CallRecord{
		{ID: "other-number", Direction: cti.DirectionIncoming, Caller: "777111222", Called: "600", StartedAt: at, EndedAt: at.Add(2 * time.Minute)},
		{ID: "earlier", Direction: cti.DirectionIncoming, Caller: "602123456", Called: "600", StartedAt: at.Add(-time.Hour), EndedAt: at.Add(-50 * time.Minute)},
		{ID: "other-ddi", Direction: cti.DirectionIncoming, Caller: "602123456", Called: "544503101", StartedAt: at, EndedAt: at.Add(2 * time.Minute)},
		{ID: "the-call", Direction: cti.DirectionIncoming, Caller: "602123456", Called: "600", AnsweredBy: "101", StartedAt: at, EndedAt: at.Add(2 * time.Minute)},
		{ID: "internal", Direction: cti.DirectionInternal, StartedAt: at, EndedAt: at.Add(2 * time.Minute)},
	}
	c, ok := MatchCall(rec, calls)
	if !ok || c.ID != "the-call" {
		t.Fatalf("MatchCall = %q %v, want the-call", c.ID, ok)
	}
	if _, ok := MatchCall(rec, calls[:3]); ok {
		t.Errorf("matched without a fitting call")
	}
	out := &Recording{Caller: "544503101", Called: "0602123456", Direction: "outgoing", StartedAt: at, EndedAt: at.Add(time.Minute)}
	c, ok = MatchCall(out, []cti.CallRecord{{ID: "cb", Direction: cti.DirectionOutgoing, Caller: "101", Called: "0602123456", StartedAt: at, EndedAt: at.Add(time.Minute)}})
	if !ok || c.ID != "cb" {
		t.Errorf("outgoing: MatchCall = %q %v, want cb", c.ID, ok)
	}
}
