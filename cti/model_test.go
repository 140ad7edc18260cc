package cti

import (
	"strings"
	"testing"

	"linka/cti/csta"
)

// expect applies events and checks the bus events they produce.
func (h *harness) expect(want string, evs ...csta.Event) {
	h.t.Helper()
	if got := h.apply(evs...); got != want {
		h.t.Fatalf("events = %q, want %q", got, want)
	}
}

func TestModel_CallLifecycle(t *testing.T) {
	h := newHarness(t)
	in := incoming(citizen)
	h.expect("call.ringing@101", delivered("c1", "101", in))
	c := h.only()
	id := c.ID
	if c.State != CallRinging || c.Direction != DirectionIncoming || c.Caller != citizen || c.Called != ddi {
		t.Fatalf("ringing call = %+v", c)
	}
	if got := parties(c); got != "101:alerting" {
		t.Errorf("parties = %q, want 101:alerting", got)
	}
	if p, _ := c.Party("101"); p.UserName != "Jana Nováková" || p.UserID != 101 {
		t.Errorf("party 101 = %+v, want Jana Nováková (101)", p)
	}
	h.expect("call.answered@101", established("c1", "101", in))
	h.expect("", established("c1", "101", in)) // the same event from another monitor
	if c := h.only(); c.State != CallConnected || c.AnsweredAt.IsZero() {
		t.Fatalf("answered call = %+v", c)
	}
	h.expect("call.held@101", held("c1", "101"))
	if c := h.only(); c.State != CallHeld {
		t.Errorf("state after hold = %s, want held", c.State)
	}
	h.expect("call.retrieved@101", retrieved("c1", "101"))
	h.expect("call.transferred@101", &csta.TransferredEvent{
		PrimaryOldCall: cn("c1", "101"), TransferringDevice: dn("101"), TransferredToDevice: dn("104"),
		TransferredConnections: []csta.ConnectionListEntry{entry("c1", "c1", citizen),
			{New: cn("c1", "104"), Endpoint: dn("104")}},
		Common: csta.Common{Cause: csta.CauseSingleStepTransfer}})
	if c := h.only(); parties(c) != "104:alerting" || c.ID != id {
		t.Errorf("after transfer: id %s parties %q, want id %s, parties 104:alerting", c.ID, parties(c), id)
	}
	transferredIn := in
	transferredIn.LastRedirectionDevice = dn("101")
	h.expect("call.ringing@104", delivered("c1", "104", transferredIn))
	h.expect("call.answered@104", established("c1", "104", transferredIn))
	c = h.only()
	want := "rang@101 answered@101 held@101 retrieved@101 transferred@101>104 rang@104 answered@104"
	if got := path(c); got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	h.expect("call.ended:completed", cleared("c1", citizen, csta.CauseNormalClearing))
	h.expect("", cleared("c1", "104", csta.CauseNormalClearing))
	if n := len(h.m.callInfos()); n != 0 {
		t.Errorf("%d calls in progress after the end, want 0", n)
	}
}

func TestModel_EndedEventCarriesTheCall(t *testing.T) {
	h := newHarness(t)
	h.apply(delivered("c1", "101", incoming(citizen)))
	id := h.only().ID
	out := h.m.apply(cleared("c1", citizen, csta.CauseNormalClearing), nil)
	if len(out) != 1 {
		t.Fatalf("got %d events, want 1", len(out))
	}
	c := out[0].Data.(CallEvent).Call
	if c.ID != id || c.State != CallEnded || c.EndedAt.IsZero() || c.EndReason != EndAbandoned {
		t.Errorf("ended call = %+v, want id %s, ended, abandoned", c, id)
	}
}

func TestModel_ConsultationTransferKeepsCitizensID(t *testing.T) {
	tests := []struct {
		name    string
		newCall string // the call id the PBX gives the joined call
		swap    bool   // the PBX names the consultation as the primary call
		cause   csta.EventCause
	}{
		{"keeps primary call id", "c1", false, csta.CauseConsultation},
		{"new call id", "c3", false, csta.CauseConsultation},
		{"consultation reported as primary", "c2", true, csta.CauseConsultation},
		{"second call not marked as consultation", "c2", true, csta.CauseNewCall},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			in := incoming(citizen)
			h.apply(delivered("c1", "102", in), established("c1", "102", in))
			id := h.only().ID
			h.expect("call.held@102", held("c1", "102"))
			h.expect("call.dialing@102", serviceInitiated("c2", "102", tt.cause))
			calls := h.m.callInfos()
			if len(calls) != 2 || (tt.cause == csta.CauseConsultation) != (calls[1].ConsultationOf == id) {
				t.Fatalf("calls = %+v, want a second call, consultation of %s when marked", calls, id)
			}
			consult := calls[1].ID
			internal := csta.Parties{CallingDevice: dn("102"), CalledDevice: dn("104")}
			h.apply(originated("c2", "102", "104", tt.cause))
			h.expect("call.ringing@104", delivered("c2", "104", internal))
			h.expect("call.answered@104", established("c2", "104", internal))
			primary, secondary := cn("c1", "102"), cn("c2", "102")
			if tt.swap {
				primary, secondary = secondary, primary
			}
			h.expect("call.ended:merged call.transferred@102", &csta.TransferredEvent{
				PrimaryOldCall: primary, SecondaryOldCall: secondary,
				TransferringDevice: dn("102"), TransferredToDevice: dn("104"),
				TransferredConnections: []csta.ConnectionListEntry{
					entry(tt.newCall, "c1", citizen), entry(tt.newCall, "c2", "104")},
				Common: csta.Common{Cause: csta.CauseTransfer}})
			c := h.only()
			if c.ID != id || c.ID == consult {
				t.Fatalf("joined call id = %s, want the citizen's %s", c.ID, id)
			}
			if parties(c) != "104:connected" || c.State != CallConnected || c.Caller != citizen {
				t.Errorf("joined call = %+v, want 104 talking to %s", c, citizen)
			}
			h.expect("call.ended:completed", cleared(tt.newCall, "104", csta.CauseNormalClearing))
		})
	}
}

func TestModel_CallIDReuse(t *testing.T) {
	t.Run("after the end", func(t *testing.T) {
		h := newHarness(t)
		h.apply(delivered("c1", "101", incoming(citizen)))
		first := h.only().ID
		h.expect("call.ended:abandoned", cleared("c1", citizen, csta.CauseNormalClearing))
		h.expect("call.ringing@102", delivered("c1", "102", incoming("777888999")))
		if c := h.only(); c.ID == first || c.Caller != "777888999" {
			t.Errorf("reused call id: Linka id %s caller %s, want a new id and caller 777888999", c.ID, c.Caller)
		}
	})
	t.Run("while a stale call lingers", func(t *testing.T) {
		h := newHarness(t)
		h.apply(delivered("c1", "101", incoming(citizen)), established("c1", "101", incoming(citizen)))
		first := h.only().ID
		h.expect("call.ended:lost call.ringing@103", delivered("c1", "103", incoming("777888999")))
		if c := h.only(); c.ID == first {
			t.Errorf("new call kept the stale Linka id %s", first)
		}
	})
}

func TestModel_GroupDelivery(t *testing.T) {
	h := newHarness(t)
	in := incoming(citizen)
	h.expect("call.queued@600", queued("c1", "600", in))
	if c := h.only(); c.State != CallQueued || parties(c) != "600:queued" {
		t.Fatalf("queued call = %+v", c)
	}
	viaGroup := in
	viaGroup.LastRedirectionDevice = dn("600")
	h.expect("call.ringing@101", delivered("c1", "101", viaGroup))
	h.expect("call.ringing@102", delivered("c1", "102", viaGroup))
	c := h.only()
	if parties(c) != "101:alerting 102:alerting" || c.State != CallRinging {
		t.Fatalf("ringing at the members: %+v", c)
	}
	h.expect("call.answered@102", established("c1", "102", viaGroup))
	h.expect("", cleared("c1", "101", csta.CauseNormalClearing))
	c = h.only()
	if parties(c) != "102:connected" {
		t.Errorf("parties after answer = %q, want 102:connected", parties(c))
	}
	if got, want := path(c), "queued@600 rang@101 rang@102 answered@102"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
	h.expect("call.ended:completed", cleared("c1", "102", csta.CauseNormalClearing))
}

func TestModel_EndReasons(t *testing.T) {
	in := incoming(citizen)
	internal := csta.Parties{CallingDevice: dn("101"), CalledDevice: dn("102")}
	tests := []struct {
		name   string
		events []csta.Event
		want   string
	}{
		{"caller hangs up while ringing", []csta.Event{delivered("c", "101", in),
			cleared("c", citizen, csta.CauseNormalClearing)}, EndAbandoned},
		{"caller hangs up in the queue", []csta.Event{queued("c", "600", in),
			cleared("c", citizen, csta.CauseNormalClearing)}, EndAbandoned},
		{"ringing stops at the extension", []csta.Event{delivered("c", "101", in),
			cleared("c", "101", csta.CauseCallNotAnswered)}, EndMissed},
		{"PBX gives up on the caller", []csta.Event{delivered("c", "101", in),
			cleared("c", citizen, csta.CauseCallNotAnswered)}, EndMissed},
		{"answered", []csta.Event{delivered("c", "101", in), established("c", "101", in),
			cleared("c", "101", csta.CauseNormalClearing)}, EndCompleted},
		{"internal call not answered", []csta.Event{delivered("c", "102", internal),
			cleared("c", "101", csta.CauseNormalClearing)}, EndUnanswered},
		{"busy outside number", []csta.Event{originated("c", "101", "0777123456", csta.CauseNewCall),
			&csta.FailedEvent{Connection: cn("c", "0777123456"), FailingDevice: dn("0777123456"),
				Parties: csta.Parties{CallingDevice: dn("101"), CalledDevice: dn("0777123456")},
				Common:  csta.Common{LocalConnectionInfo: csta.StateFail, Cause: csta.CauseBusy}},
			cleared("c", "101", csta.CauseNormalClearing)}, EndFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			var out []Event
			for _, ev := range tt.events {
				out = h.m.apply(ev, out)
			}
			last := out[len(out)-1]
			if last.Type != TypeCallEnded {
				t.Fatalf("last event = %s, want %s (%s)", last.Type, TypeCallEnded, describe(out))
			}
			if got := last.Data.(CallEvent).Call.EndReason; got != tt.want {
				t.Errorf("end reason = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestModel_OutgoingCall(t *testing.T) {
	h := newHarness(t)
	const far = "0777123456"
	out := csta.Parties{CallingDevice: dn("101"), CalledDevice: dn(far)}
	h.expect("call.dialing@101", serviceInitiated("c1", "101", csta.CauseNewCall))
	h.expect("call.dialing@101", originated("c1", "101", far, csta.CauseNewCall))
	h.expect("call.updated", &csta.NetworkReachedEvent{Connection: cn("c1", "T1"),
		NetworkInterfaceUsed: dn("T1"), Parties: out, Common: csta.Common{Cause: csta.CauseNormal}})
	h.expect("", delivered("c1", far, out)) // already ringing since networkReached
	c := h.only()
	if c.Direction != DirectionOutgoing || c.Trunk != "T1" || c.Called != far || c.State != CallRinging {
		t.Fatalf("outgoing call = %+v", c)
	}
	h.expect("call.answered", established("c1", far, out))
	if c := h.only(); c.State != CallConnected || parties(c) != "101:connected" {
		t.Errorf("answered outgoing call = %+v", c)
	}
	h.expect("call.ended:completed", cleared("c1", far, csta.CauseNormalClearing))
}

func TestModel_DeviceNumbersFromKMEList(t *testing.T) {
	h := newHarness(t)
	h.m.devs.setKMEList([]csta.KMEDevice{{Device: csta.DeviceNumber(17), Number: "101"},
		{Device: csta.DeviceNumber(18), Number: "105"}}, KindExtension)
	h.m.devs.setKMEList([]csta.KMEDevice{{Device: csta.DeviceNumber(201), Number: "T1"}}, KindTrunk)
	ev := &csta.DeliveredEvent{
		Connection:     csta.ConnectionID{Call: []byte("c1"), Device: csta.DeviceNumber(17)},
		AlertingDevice: csta.DeviceNumber(17),
		Parties: csta.Parties{CallingDevice: dn(citizen), CalledDevice: dn(ddi),
			AssociatedCallingDevice: csta.DeviceNumber(201)},
		Common: csta.Common{Cause: csta.CauseNewCall},
	}
	h.expect("call.ringing@101", ev)
	if c := h.only(); c.Trunk != "T1" {
		t.Errorf("trunk = %q, want T1", c.Trunk)
	}
	var kinds []string
	for _, d := range h.m.deviceInfos() {
		kinds = append(kinds, d.Number+":"+string(d.Kind)+":"+string(d.State))
	}
	want := "[101:extension:ringing 102:extension:idle 103:extension:idle 104:extension:idle " +
		"105:extension:idle 600:group:idle T1:trunk:busy]"
	if got := "[" + strings.Join(kinds, " ") + "]"; got != want {
		t.Errorf("devices = %s, want %s", got, want)
	}
}

func TestModel_AgentState(t *testing.T) {
	h := newHarness(t)
	h.expect("agent.state", &csta.AgentLoggedOnEvent{AgentDevice: dn("101"), ACDGroup: dn("600")})
	h.expect("agent.state", &csta.AgentReadyEvent{AgentDevice: dn("101")})
	h.expect("", &csta.AgentReadyEvent{AgentDevice: dn("101")})
	h.expect("agent.state", &csta.DoNotDisturbEvent{Device: dn("101"), On: true})
	out := h.m.apply(&csta.AgentNotReadyEvent{AgentDevice: dn("101")}, nil)
	a := out[0].Data.(AgentInfo)
	if a.State != AgentNotReady || a.Group != "600" || !a.DoNotDisturb || a.UserName != "Jana Nováková" {
		t.Errorf("agent = %+v, want not ready in 600, DND, Jana Nováková", a)
	}
	h.expect("agent.state", &csta.AgentLoggedOffEvent{AgentDevice: dn("101")})
}
