package cti

import (
	"fmt"
	"log/slog"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/cti/csta"
	"linka/cti/pbxsim"
)

// fiveCalls puts five calls in progress: talking at 101, ringing at 104,
// held at 105, queued at group 600 (its members busy) and an outbound
// call from 106. It returns the scenario handles.
func fiveCalls(t *testing.T, p *pbxsim.PBX, tl *testLink) []*pbxsim.Call {
	t.Helper()
	var hs []*pbxsim.Call
	call := func(from, to string) *pbxsim.Call {
		h, err := p.IncomingCall(from, to)
		must(t, err)
		hs = append(hs, h)
		return h
	}
	for _, ext := range []string{"101", "102", "103"} { // the members of 600 talk
		must(t, call("60812340"+ext[2:], ext).Answer(ext))
	}
	must(t, hs[1].Hangup("102"))
	must(t, hs[2].Hangup("103"))
	hs = hs[:1]
	must(t, p.AgentNotReady("102"))
	must(t, p.AgentNotReady("103"))
	call("608123404", "104")
	h := call("608123405", "105")
	must(t, h.Answer("105"))
	must(t, h.Hold())
	call("608123406", "600")
	o, err := p.OutboundCall("106", "0777123456")
	must(t, err)
	hs = append(hs, o)
	waitFor(t, "five calls in the model", func() bool { return len(tl.Calls()) == 5 })
	// The outbound call reports its progress (originated, network
	// reached) after OutboundCall returns: wait until the model has it all,
	// so that what tests compare with a resync is the settled state.
	// 106 is connected from "originated" on, but the call is ringing
	// only from "networkReached" (the far end alerting); before, a resync
	// could catch it dialing and the settled model say ringing.
	waitFor(t, "the outbound call to reach the network", func() bool {
		for _, c := range tl.Calls() {
			if p, ok := c.Party("106"); ok && p.State == ConnConnected && c.State == CallRinging {
				return true
			}
		}
		return false
	})
	return hs
}

// summary renders the calls as "id caller state parties" lines, sorted.
func summary(calls []CallInfo) string {
	var lines []string
	for _, c := range calls {
		lines = append(lines, fmt.Sprintf("%s %s %s [%s]", c.ID, c.Caller, c.State, parties(c)))
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

func TestLink_ResyncAfterCutKeepsIDs(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	px := startProxy(t, addr)
	tl := startLink(t, px.addr(), nil)
	tl.up()
	fiveCalls(t, p, tl)
	before := summary(tl.Calls())

	px.cut()
	tl.next("link.down", func(e Event) bool { return e.Type == TypeLinkDown })
	if st := tl.Status(); st.State == LinkUp || st.LastError == "" {
		t.Errorf("status during the cut = %+v, want not up with the reason", st)
	}
	px.restore()
	tl.next("link.up", func(e Event) bool { return e.Type == TypeLinkUp })
	if got := summary(tl.Calls()); got != before {
		t.Errorf("calls after the cut:\n%s\nwant:\n%s", got, before)
	}
	if st := tl.Status(); st.Reconnects < 1 || st.Resyncs < 2 {
		t.Errorf("status after the cut = %+v, want a reconnect and a second resync", st)
	}
	if got := metric(t, tl.reg, "linka_cti_reconnects_total"); got < 1 {
		t.Errorf("linka_cti_reconnects_total = %v, want ≥ 1", got)
	}
}

func TestLink_ResyncAfterChangesDuringCut(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	px := startProxy(t, addr)
	tl := startLink(t, px.addr(), nil)
	tl.up()
	hs := fiveCalls(t, p, tl)
	ids := map[string]string{}
	for _, c := range tl.Calls() {
		ids[c.Caller] = c.ID
	}

	px.cut()
	tl.next("link.down", func(e Event) bool { return e.Type == TypeLinkDown })
	must(t, hs[0].Hangup("101")) // ends unseen
	h104, err := p.IncomingCall("608123407", "107")
	must(t, err) // starts unseen
	px.restore()
	tl.up()

	waitFor(t, "the call at 101 ended as lost", func() bool {
		_, err := tl.Call(ids["608123401"])
		return err != nil
	})
	calls := tl.Calls()
	if len(calls) != 5 {
		t.Fatalf("calls after the cut = %d, want 5:\n%s", len(calls), summary(calls))
	}
	for _, c := range calls {
		if want, ok := ids[c.Caller]; ok && c.ID != want {
			t.Errorf("call from %s: id %s after the cut, want %s", c.Caller, c.ID, want)
		}
	}
	if r, ok := tl.store.record(ids["608123401"]); ok && r.EndReason != EndLost {
		t.Errorf("record of the call ended during the cut = %+v, want reason lost", r)
	}
	var rebuilt CallInfo
	for _, c := range calls {
		if _, known := ids[c.Caller]; !known {
			rebuilt = c
		}
	}
	if p, _ := rebuilt.Party("107"); p.State != ConnAlerting || rebuilt.Caller != "608123407" {
		t.Errorf("call started during the cut = %+v, want ringing at 107 from 608123407", rebuilt)
	}
	must(t, h104.Answer("107"))
	if got := tl.callEvent(TypeCallAnswered, "107").Call.ID; got != rebuilt.ID {
		t.Errorf("answered call id = %s, want the rebuilt %s", got, rebuilt.ID)
	}
}

func TestLink_ResyncAfterMessagesLost(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	hs := fiveCalls(t, p, tl)
	before := summary(tl.Calls())
	resyncs := tl.Status().Resyncs
	p.LoseEvents(1)
	must(t, p.AgentNotReady("102")) // its first report is lost; messagesLost follows
	waitFor(t, "resync after messagesLost", func() bool { return tl.Status().Resyncs > resyncs })
	if got := summary(tl.Calls()); got != before {
		t.Errorf("calls after messagesLost:\n%s\nwant:\n%s", got, before)
	}
	if st := tl.Status(); st.Reconnects != 0 || st.State != LinkUp {
		t.Errorf("status after messagesLost = %+v, want up without reconnect", st)
	}
	if n := p.Monitors(); n != 11 {
		t.Errorf("PBX monitors after the resync = %d, want 11 (the old ones stopped)", n)
	}

	// Lost events change a call: the resync corrects it under its id.
	id := tl.Calls()[0].ID
	p.LoseEvents(2)
	must(t, hs[0].Hold())
	must(t, p.AgentNotReady("103"))
	waitFor(t, "held call after the resync", func() bool {
		c, err := tl.Call(id)
		return err == nil && c.State == CallHeld
	})
}

func TestLink_ResyncAfterEnabled(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	fiveCalls(t, p, tl)
	before := summary(tl.Calls())
	resyncs := tl.Status().Resyncs
	p.SendSystemStatus(csta.StatusEnabled) // the PBX restarted: monitors are gone
	waitFor(t, "resync after enabled", func() bool { return tl.Status().Resyncs > resyncs })
	if got := summary(tl.Calls()); got != before {
		t.Errorf("calls after enabled:\n%s\nwant:\n%s", got, before)
	}
	if _, err := p.IncomingCall(citizen, "108"); err != nil {
		t.Fatal(err)
	}
	tl.callEvent(TypeCallRinging, "108") // monitors work again
}

func TestLink_ReconnectAfterDrop(t *testing.T) {
	p, addr := startPBX(t, pbxsim.Options{})
	tl := startLink(t, addr, nil)
	tl.up()
	h, err := p.IncomingCall(citizen, "101")
	must(t, err)
	id := tl.callEvent(TypeCallRinging, "101").Call.ID
	p.DropConnections()
	tl.next("link.down", func(e Event) bool { return e.Type == TypeLinkDown })
	tl.next("link.up", func(e Event) bool { return e.Type == TypeLinkUp })
	must(t, h.Answer("101"))
	if got := tl.callEvent(TypeCallAnswered, "101").Call.ID; got != id {
		t.Errorf("call answered after the reconnect = %s, want %s", got, id)
	}
}

func TestLink_BadInput(t *testing.T) {
	t.Run("garbage is skipped", func(t *testing.T) {
		p, addr := startPBX(t, pbxsim.Options{})
		tl := startLink(t, addr, nil)
		tl.up()
		p.InjectGarbage()
		waitFor(t, "decode errors counted", func() bool { return tl.Status().DecodeErrors >= 2 })
		if st := tl.Status(); st.State != LinkUp || st.Reconnects != 0 || st.LastDecodeError == "" {
			t.Errorf("status after garbage = %+v, want up, no reconnect, the decode error", st)
		}
		if got := metric(t, tl.reg, "linka_cti_decode_errors_total"); got < 2 {
			t.Errorf("linka_cti_decode_errors_total = %v, want ≥ 2", got)
		}
		_, err := p.IncomingCall(citizen, "101")
		must(t, err)
		tl.callEvent(TypeCallRinging, "101")
	})
	t.Run("a run of garbage drops the link", func(t *testing.T) {
		p, addr := startPBX(t, pbxsim.Options{})
		tl := startLink(t, addr, func(o *LinkOptions) { o.DecodeErrorRun = 2 })
		tl.up()
		p.InjectGarbage()
		tl.next("link.down", func(e Event) bool { return e.Type == TypeLinkDown })
		tl.up()
		if st := tl.Status(); !strings.Contains(st.LastError, "framing lost") {
			t.Errorf("last error = %q, want framing lost", st.LastError)
		}
	})
	t.Run("close mid-PDU", func(t *testing.T) {
		p, addr := startPBX(t, pbxsim.Options{})
		tl := startLink(t, addr, nil)
		tl.up()
		p.CloseMidPDU()
		tl.next("link.down", func(e Event) bool { return e.Type == TypeLinkDown })
		tl.up()
		if st := tl.Status(); st.LastError == "" || st.Reconnects < 1 {
			t.Errorf("status = %+v, want the reason and a reconnect", st)
		}
	})
	t.Run("silence", func(t *testing.T) {
		p, addr := startPBX(t, pbxsim.Options{HeartbeatInterval: 20 * time.Millisecond})
		tl := startLink(t, addr, func(o *LinkOptions) { o.HeartbeatTimeout = 300 * time.Millisecond })
		tl.up()
		p.StopResponding(time.Second)
		tl.next("link.down", func(e Event) bool { return e.Type == TypeLinkDown })
		if st := tl.Status(); !strings.Contains(st.LastError, "no heartbeat") {
			t.Errorf("last error = %q, want the missing heartbeat", st.LastError)
		}
		tl.up()
		if st := tl.Status(); st.LastHeartbeat.IsZero() {
			t.Errorf("status = %+v, want the last heartbeat", st)
		}
	})
	t.Run("rejected device list and monitor", func(t *testing.T) {
		p, addr := startPBX(t, pbxsim.Options{})
		p.RejectNext(csta.OpEscape)
		p.FailNext(csta.OpMonitorStart, &csta.Error{Class: csta.ClassOperation, Value: 12})
		tl := startLink(t, addr, nil)
		tl.up()
		if st := tl.Status(); st.Monitored != 10 {
			t.Errorf("monitored = %d, want 10 of 11", st.Monitored)
		}
	})
}

func TestLink_RepeatingFailureLoggedOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	addr := ln.Addr().String()
	ln.Close() // nothing listens: every attempt is refused the same way
	tl := startLink(t, addr, nil)
	waitFor(t, "three failed attempts", func() bool { return tl.Status().Reconnects >= 3 })
	if n := tl.logs.count(slog.LevelWarn, "PBX link failed"); n != 1 {
		t.Errorf("warnings for the same failure = %d, want 1", n)
	}
	if n := tl.logs.count(slog.LevelDebug, "PBX link failed"); n < 2 {
		t.Errorf("debug records of the repeated failure = %d, want ≥ 2", n)
	}
	if st := tl.Status(); st.State == LinkUp || !strings.Contains(st.LastError, "connect") {
		t.Errorf("status = %+v, want down with the reason", st)
	}
	p, err := pbxsim.New(pbxsim.Options{})
	must(t, err)
	t.Cleanup(func() { p.Close() })
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen again on %s: %v", addr, err)
	}
	go p.Serve(ln)
	tl.up()
}
