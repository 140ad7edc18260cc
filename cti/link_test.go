package cti

import (
	"context"
	"errors"
	"testing"

	"linka/cti/csta"
	"linka/cti/pbxsim"
)

func TestLink_Setup(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	e := tl.next("link.up", func(e Event) bool { return e.Type == TypeLinkUp })
	st := e.Data.(LinkStatus)
	if st.State != LinkUp || st.Monitored != 11 || st.Resyncs != 1 {
		t.Errorf("link.up status = %+v, want up, 11 monitored, 1 resync", st)
	}
	if n := p.Monitors(); n != 11 {
		t.Errorf("PBX monitors = %d, want 11", n)
	}
	kinds := map[DeviceKind]int{}
	for _, d := range tl.Devices() {
		kinds[d.Kind]++
		if d.Kind != KindTrunk && !d.Monitored {
			t.Errorf("device %s not monitored", d.Number)
		}
	}
	if kinds[KindExtension] != 10 || kinds[KindGroup] != 1 || kinds[KindTrunk] != 8 {
		t.Errorf("device kinds = %v, want 10 extensions, 1 group and 8 trunks from the device list", kinds)
	}
	if got := metric(t, tl.reg, "linka_cti_link_up"); got != 1 {
		t.Errorf("linka_cti_link_up = %v, want 1", got)
	}
}

func TestLink_IncomingCall(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	h, err := p.IncomingCall(citizen, "102") // 102 is named by device number
	must(t, err)
	ring := tl.callEvent(TypeCallRinging, "102")
	c := ring.Call
	if c.Caller != citizen || c.Called != "544503102" || c.Trunk != "T01" || c.Direction != DirectionIncoming {
		t.Errorf("ringing call = %+v, want from %s to DDI 544503102 over T01", c, citizen)
	}
	if ring.UserName != "Petr Svoboda" {
		t.Errorf("ringing event user = %q, want Petr Svoboda", ring.UserName)
	}
	must(t, h.Answer("102"))
	if got := tl.callEvent(TypeCallAnswered, "102").Call; got.ID != c.ID || got.State != CallConnected {
		t.Errorf("answered call = %+v, want %s connected", got, c.ID)
	}
	must(t, h.Hold())
	if got := tl.callEvent(TypeCallHeld, "102").Call; got.State != CallHeld {
		t.Errorf("held call state = %s", got.State)
	}
	must(t, h.Retrieve())
	tl.callEvent(TypeCallRetrieved, "102")
	must(t, h.Hangup(citizen))
	end := tl.ended(c.ID)
	if end.EndReason != EndCompleted {
		t.Errorf("end reason = %s, want %s", end.EndReason, EndCompleted)
	}
	waitFor(t, "call record", func() bool { _, ok := tl.store.record(c.ID); return ok })
	r, _ := tl.store.record(c.ID)
	if r.AnsweredBy != "102" || r.Caller != citizen || r.EndReason != EndCompleted || r.AnsweredAt.IsZero() {
		t.Errorf("call record = %+v", r)
	}
	if got := metric(t, tl.reg, "linka_cti_events_total", "type=delivered"); got < 1 {
		t.Errorf("delivered events counted = %v, want ≥ 1", got)
	}
}

func TestLink_GroupCall(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	h, err := p.IncomingCall(citizen, "600")
	must(t, err)
	for _, ext := range []string{"101", "102", "103"} {
		tl.callEvent(TypeCallRinging, ext)
	}
	must(t, h.Answer("103"))
	c := tl.callEvent(TypeCallAnswered, "103").Call
	waitFor(t, "ringing stopped at 101 and 102", func() bool {
		got, err := tl.Call(c.ID)
		return err == nil && parties(got) == "103:connected"
	})
	must(t, h.Hangup("103"))
	if end := tl.ended(c.ID); end.EndReason != EndCompleted {
		t.Errorf("end reason = %s, want completed", end.EndReason)
	}
}

func TestLink_UnansweredCall(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	h, err := p.IncomingCall("", "104") // withheld number
	must(t, err)
	c := tl.callEvent(TypeCallRinging, "104").Call
	if c.Caller != "" {
		t.Errorf("withheld caller = %q, want empty", c.Caller)
	}
	must(t, h.Hangup("T01"))
	if end := tl.ended(c.ID); end.EndReason != EndAbandoned {
		t.Errorf("end reason = %s, want %s", end.EndReason, EndAbandoned)
	}
}

func TestLink_ConsultAndTransfer(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	h, err := p.IncomingCall(citizen, "101")
	must(t, err)
	id := tl.callEvent(TypeCallRinging, "101").Call.ID
	must(t, h.Answer("101"))
	tl.callEvent(TypeCallAnswered, "101")
	must(t, h.ConsultAndTransfer("101", "104"))
	tr := tl.callEvent(TypeCallTransferred, "101")
	if tr.Call.ID != id || tr.To != "104" || parties(tr.Call) != "104:connected" {
		t.Fatalf("transferred call = %+v to %s, want %s talking at 104", tr.Call, tr.To, id)
	}
	if calls := tl.Calls(); len(calls) != 1 || calls[0].ID != id {
		t.Errorf("calls after transfer = %+v, want only %s", calls, id)
	}
	must(t, h.Hangup("104"))
	tl.ended(id)
}

func TestLink_BlindTransferAndOutbound(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	h, err := p.IncomingCall(citizen, "105")
	must(t, err)
	id := tl.callEvent(TypeCallRinging, "105").Call.ID
	must(t, h.Answer("105"))
	must(t, h.BlindTransfer("106"))
	if got := tl.callEvent(TypeCallRinging, "106").Call; got.ID != id {
		t.Errorf("call ringing at 106 after the transfer = %s, want %s", got.ID, id)
	}
	must(t, h.Hangup(citizen))
	tl.ended(id)

	const far = "0777123456"
	o, err := p.OutboundCall("107", far)
	must(t, err)
	dial := tl.callEvent(TypeCallDialing, "107").Call
	must(t, o.Answer(far))
	got := tl.callEvent(TypeCallAnswered, "").Call
	if got.ID != dial.ID || got.Direction != DirectionOutgoing || got.Called != far || got.Trunk == "" {
		t.Errorf("answered outbound call = %+v, want %s to %s over a trunk", got, dial.ID, far)
	}
	must(t, o.Hangup("107"))
	tl.ended(dial.ID)
}

func TestLink_AgentEvents(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	must(t, p.AgentNotReady("101"))
	e := tl.next("agent not ready", func(e Event) bool { return e.Type == TypeAgentState })
	if a := e.Data.(AgentInfo); a.Extension != "101" || a.State != AgentNotReady || a.Group != "600" {
		t.Errorf("agent = %+v, want 101 not ready in 600", a)
	}
}

func TestLink_Commands(t *testing.T) {
	for _, first := range []bool{false, true} {
		t.Run(map[bool]string{false: "result before events", true: "events before result"}[first], func(t *testing.T) {
			testCommands(t, pbxsim.Options{EventsBeforeResult: first})
		})
	}
}

// testCommands drives calls with the link's commands.
func testCommands(t *testing.T, opts pbxsim.Options) {
	_, addr := startPBX(t, opts)
	tl := startLink(t, addr, nil)
	tl.up()
	ctx := context.Background()
	id, err := tl.MakeCall(ctx, "107", "108")
	must(t, err)
	if got := tl.callEvent(TypeCallRinging, "108").Call; got.ID != id {
		t.Fatalf("ringing call = %s, want the made call %s", got.ID, id)
	}
	must(t, tl.Answer(ctx, id, "108"))
	tl.callEvent(TypeCallAnswered, "108")
	consult, err := tl.Consult(ctx, id, "108", "109")
	must(t, err)
	if got := tl.callEvent(TypeCallRinging, "109").Call; got.ID != consult || got.ConsultationOf != id {
		t.Fatalf("consultation ringing = %+v, want %s, consultation of %s", got, consult, id)
	}
	must(t, tl.Answer(ctx, consult, "109"))
	tl.callEvent(TypeCallAnswered, "109")
	must(t, tl.Transfer(ctx, consult, "108"))
	if got := tl.callEvent(TypeCallTransferred, "108").Call; got.ID != id || parties(got) != "107:connected 109:connected" {
		t.Fatalf("transferred call = %+v, want %s between 107 and 109", got, id)
	}
	must(t, tl.Hold(ctx, id, "109"))
	tl.callEvent(TypeCallHeld, "109")
	must(t, tl.Retrieve(ctx, id, "109"))
	tl.callEvent(TypeCallRetrieved, "109")
	must(t, tl.BlindTransfer(ctx, id, "109", "110"))
	tl.callEvent(TypeCallRinging, "110")
	must(t, tl.BlindTransfer(ctx, id, "110", "101")) // still ringing: deflectCall
	tl.callEvent(TypeCallRinging, "101")
	must(t, tl.Hangup(ctx, id, "107"))
	if end := tl.ended(id); end.EndReason == "" {
		t.Error("ended call without reason")
	}
	if r, _ := tl.store.record(consult); r.EndReason != EndMerged {
		waitFor(t, "record of the consultation", func() bool { r, _ := tl.store.record(consult); return r.EndReason == EndMerged })
	}
	must(t, tl.NotReady(ctx, "102"))
	must(t, tl.Ready(ctx, "102"))
	must(t, tl.Logout(ctx, "102"))
	must(t, tl.Login(ctx, "102"))
	e := tl.next("agent logged in", func(e Event) bool {
		a, ok := e.Data.(AgentInfo)
		return ok && a.State == AgentLoggedIn
	})
	if a := e.Data.(AgentInfo); a.Extension != "102" || a.UserName != "Petr Svoboda" {
		t.Errorf("agent = %+v, want 102, Petr Svoboda", a)
	}
}

func TestLink_CommandErrors(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	ctx := context.Background()
	h, err := p.IncomingCall(citizen, "101")
	must(t, err)
	id := tl.callEvent(TypeCallRinging, "101").Call.ID

	p.FailNext(csta.OpAnswerCall, &csta.Error{Class: csta.ClassStateIncompatibility, Value: 25})
	err = tl.Answer(ctx, id, "101")
	var refused *RefusedError
	var ce *csta.Error
	if !errors.As(err, &refused) || !errors.As(err, &ce) || ce.Class != csta.ClassStateIncompatibility || ce.Value != 25 {
		t.Fatalf("Answer with a failing PBX = %v, want a RefusedError with stateIncompatibility 25", err)
	}
	if refused.Reason != "stateIncompatibility invalidConnectionState" {
		t.Errorf("refusal reason = %q", refused.Reason)
	}
	p.RejectNext(csta.OpAnswerCall)
	var re *csta.RejectError
	if err := tl.Answer(ctx, id, "101"); !errors.As(err, &refused) || !errors.As(err, &re) {
		t.Errorf("Answer with a rejecting PBX = %v, want a RefusedError with a reject", err)
	}
	if err := tl.Hold(ctx, id, "101"); !errors.As(err, &refused) {
		t.Errorf("Hold of a ringing call = %v, want the PBX's refusal", err)
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"unknown call", tl.Answer(ctx, "nope", "101"), ErrCallNotFound},
		{"wrong extension", tl.Answer(ctx, id, "105"), ErrNotAtExtension},
		{"transfer without consultation", tl.Transfer(ctx, id, "101"), ErrNoConsultation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.want) {
				t.Errorf("error = %v, want %v", tt.err, tt.want)
			}
		})
	}
	must(t, h.Hangup(citizen))
	tl.ended(id)

	idle, err := NewLink(LinkOptions{Address: addr})
	must(t, err)
	if _, err := idle.MakeCall(ctx, "101", "102"); !errors.Is(err, ErrLinkDown) {
		t.Errorf("MakeCall on a link that does not run = %v, want %v", err, ErrLinkDown)
	}
}
