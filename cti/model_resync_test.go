package cti

import (
	"fmt"
	"testing"

	"linka/cti/csta"
)

// snap is a snapshot entry: call at dev in the local state st, with the
// far end's endpoint when given.
func snap(call, dev string, st csta.LocalConnectionState, endpoint string) csta.SnapshotCall {
	sc := csta.SnapshotCall{Connection: cn(call, dev), StateKind: csta.CallStateCompound,
		States: []csta.LocalConnectionState{st, csta.StateConnected}}
	if endpoint != "" {
		sc.Endpoint = dn(endpoint)
	}
	return sc
}

// ids returns the Linka ids of the calls in progress by CSTA call id.
func (h *harness) ids() map[string]string {
	out := make(map[string]string)
	for _, c := range h.m.calls {
		out[c.cstaID] = c.id
	}
	return out
}

func TestModel_ResyncKeepsIDs(t *testing.T) {
	h := newHarness(t)
	in := incoming(citizen)
	other := incoming("777888999")
	h.apply(delivered("c1", "101", in), established("c1", "101", in), // talks on
		delivered("c2", "102", other),                                                                  // answered during the cut
		delivered("c3", "103", incoming("608111222")), established("c3", "103", incoming("608111222")), // ended during the cut
		delivered("c4", "104", incoming("608333444"))) // ringing at a device whose snapshot fails
	before := h.ids()

	h.m.beginResync()
	// An event between the monitor and the snapshot is fresher than it.
	h.expect("call.ringing@102", delivered("c6", "102", incoming("608555666")))
	snaps := []deviceSnapshot{
		{"101", []csta.SnapshotCall{snap("c1", "101", csta.StateConnected, citizen)}},
		{"102", []csta.SnapshotCall{snap("c2", "102", csta.StateConnected, "")}},
		{"103", []csta.SnapshotCall{snap("c5", "103", csta.StateAlerting, "608999000")}},
		{"600", nil},
	}
	got := describe(h.m.resync(snaps, map[string]bool{"104": true}, nil))
	if want := "call.updated call.ringing@103 call.ended:lost"; got != want {
		t.Fatalf("resync events = %q, want %q", got, want)
	}
	after := h.ids()
	for _, cid := range []string{"c1", "c2", "c4"} {
		if after[cid] != before[cid] {
			t.Errorf("call %s: Linka id %s after resync, want %s", cid, after[cid], before[cid])
		}
	}
	if _, ok := after["c3"]; ok {
		t.Error("call c3, gone from the PBX, is still in progress")
	}
	if after["c6"] == "" || after["c5"] == "" {
		t.Errorf("calls after resync = %v, want c5 (rebuilt) and c6 (new during resync)", after)
	}
	c2, _ := h.m.callInfo(after["c2"])
	if c2.State != CallConnected || parties(c2) != "102:connected" {
		t.Errorf("c2 after resync = %+v, want connected at 102", c2)
	}
	c5, _ := h.m.callInfo(after["c5"])
	if c5.Caller != "608999000" || c5.State != CallRinging {
		t.Errorf("rebuilt c5 = %+v, want ringing from 608999000", c5)
	}
	// The rebuilt call ends when its caller hangs up.
	h.expect("call.ended:abandoned", cleared("c5", "608999000", csta.CauseNormalClearing))
}

func TestModel_ResyncCallIDReused(t *testing.T) {
	h := newHarness(t)
	h.apply(delivered("c1", "101", incoming(citizen)), established("c1", "101", incoming(citizen)))
	old := h.only().ID
	h.m.beginResync()
	snaps := []deviceSnapshot{
		{"101", nil},
		{"102", []csta.SnapshotCall{snap("c1", "102", csta.StateConnected, "")}},
	}
	got := describe(h.m.resync(snaps, nil, nil))
	if want := "call.ended:lost call.updated"; got != want {
		t.Fatalf("resync events = %q, want %q", got, want)
	}
	c := h.only()
	if c.ID == old || parties(c) != "102:connected" {
		t.Errorf("call after resync = %+v, want a new Linka id at 102", c)
	}
	// The rebuilt call has an outside party of unknown number; its
	// clearing ends the call.
	h.expect("call.ended:completed", &csta.ConnectionClearedEvent{
		Connection:      csta.ConnectionID{Call: []byte("c1"), Device: csta.DeviceID{Kind: csta.DeviceDynamic, Digits: "x"}},
		ReleasingDevice: csta.DeviceID{Kind: csta.DeviceNotKnown}, Common: csta.Common{Cause: csta.CauseNormalClearing}})
}

func TestModel_SnapshotStates(t *testing.T) {
	tests := []struct {
		name string
		sc   csta.SnapshotCall
		want ConnectionState
		ok   bool
	}{
		{"compound alerting", csta.SnapshotCall{StateKind: csta.CallStateCompound,
			States: []csta.LocalConnectionState{csta.StateAlerting}}, ConnAlerting, true},
		{"compound null", csta.SnapshotCall{StateKind: csta.CallStateCompound,
			States: []csta.LocalConnectionState{csta.StateNull}}, "", false},
		{"callReceived", csta.SnapshotCall{StateKind: csta.CallStateSimple, SimpleState: 50}, ConnAlerting, true},
		{"callDelivered", csta.SnapshotCall{StateKind: csta.CallStateSimple, SimpleState: 35}, ConnConnected, true},
		{"callEstablishedHeld", csta.SnapshotCall{StateKind: csta.CallStateSimple, SimpleState: 52}, ConnHeld, true},
		{"callQueued", csta.SnapshotCall{StateKind: csta.CallStateSimple, SimpleState: 83}, ConnConnected, true},
		{"callPending", csta.SnapshotCall{StateKind: csta.CallStateSimple, SimpleState: 1}, ConnInitiated, true},
		{"unknown", csta.SnapshotCall{StateKind: csta.CallStateUnknown}, ConnConnected, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := snapshotState(tt.sc)
			if got != tt.want || ok != tt.ok {
				t.Errorf("snapshotState(%+v) = %q, %v, want %q, %v", tt.sc, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestModel_ResyncRebuildsParties(t *testing.T) {
	const far = "0777123456"
	with := func(sc csta.SnapshotCall, other csta.LocalConnectionState) csta.SnapshotCall {
		sc.States = []csta.LocalConnectionState{sc.States[0], other}
		return sc
	}
	tests := []struct {
		name  string
		snaps []deviceSnapshot
		want  string // direction caller>called state [parties]
	}{
		{"incoming ringing", []deviceSnapshot{{"101", []csta.SnapshotCall{
			snap("c1", "101", csta.StateAlerting, citizen)}}},
			"incoming 602123456> ringing [101:alerting]"},
		{"outgoing ringing", []deviceSnapshot{{"103", []csta.SnapshotCall{
			with(snap("c1", "103", csta.StateConnected, far), csta.StateAlerting)}}},
			"outgoing 103>0777123456 ringing [103:connected]"},
		{"talking, direction unknown", []deviceSnapshot{{"103", []csta.SnapshotCall{
			snap("c1", "103", csta.StateConnected, far)}}},
			"unknown 0777123456> connected [103:connected]"},
		{"internal", []deviceSnapshot{
			{"101", []csta.SnapshotCall{snap("c1", "101", csta.StateConnected, "")}},
			{"102", []csta.SnapshotCall{snap("c1", "102", csta.StateConnected, "")}}},
			"internal > connected [101:connected 102:connected]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.m.beginResync()
			h.m.resync(tt.snaps, nil, nil)
			c := h.only()
			got := fmt.Sprintf("%s %s>%s %s [%s]", c.Direction, c.Caller, c.Called, c.State, parties(c))
			if got != tt.want {
				t.Errorf("rebuilt call = %q, want %q", got, tt.want)
			}
		})
	}
}
