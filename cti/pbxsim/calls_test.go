package pbxsim

import (
	"errors"
	"fmt"
	"testing"

	"linka/cti/csta"
)

func TestCalls_CallIDReuse(t *testing.T) {
	p := newPBX(t, Options{MaxCallID: 2})
	a := incoming(t, p, "602000001", "101")
	b := incoming(t, p, "602000002", "102")
	must(t, a.Hangup("602000001"))
	c := incoming(t, p, "602000003", "103")
	if _, err := p.IncomingCall("602000004", "104"); err == nil {
		t.Error("third call with MaxCallID 2 = nil error, want every call id in use")
	}
	must(t, b.Hangup("102"))
	d := incoming(t, p, "602000005", "105")
	var got []string
	for _, h := range []*Call{a, b, c, d} {
		id, live := h.CallID()
		got = append(got, fmt.Sprintf("%d:%d/%v", h.ID(), id, live))
	}
	if want := "[1:0/false 2:0/false 3:1/true 4:2/true]"; fmt.Sprint(got) != want {
		t.Errorf("handles (id:call id/live) = %v, want %s", got, want)
	}
}

func TestMonitors_CrossReferences(t *testing.T) {
	p := newPBX(t, Options{})
	a := connect(t, p, overPipe)
	b := connect(t, p, overTCP)
	refsA := a.monitor("101", "600")
	refsB := b.monitor("102")
	incoming(t, p, "602123456", "101")
	incoming(t, p, "602123457", "105")
	type seen struct{ ref, line string }
	collect := func(c *client) []seen {
		var out []seen
		for _, r := range c.drain() {
			out = append(out, seen{fmt.Sprintf("%x", r.CrossRef), describe(p, r.Event)})
		}
		return out
	}
	if got, want := collect(a), []seen{{refsA["101"], "delivered 1@101 101 newCall alerting"}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("client A events = %v, want %v", got, want)
	}
	if got := collect(b); len(got) != 0 {
		t.Errorf("client B events = %v, want none (102 is not involved)", got)
	}
	incoming(t, p, "602123458", "600")
	wantA := []seen{
		{refsA["600"], "delivered 3@102 102 distributed absent"},
		{refsA["600"], "delivered 3@103 103 distributed absent"},
	}
	if got := collect(a); fmt.Sprint(got) != fmt.Sprint(wantA) {
		t.Errorf("client A events of the group call = %v, want %v (101 rings already)", got, wantA)
	}
	wantB := []seen{{refsB["102"], "delivered 3@102 102 distributed alerting"}, {refsB["102"], "delivered 3@103 103 distributed alerting"}}
	if got := collect(b); fmt.Sprint(got) != fmt.Sprint(wantB) {
		t.Errorf("client B events of the group call = %v, want %v", got, wantB)
	}
	if err := b.conn.MonitorStop(t.Context(), []byte{0, 1}); err != nil {
		t.Fatalf("MonitorStop: %v", err)
	}
	incoming(t, p, "602123459", "102")
	if got := collect(b); len(got) != 0 {
		t.Errorf("client B events after MonitorStop = %v, want none", got)
	}
}

func TestCalls_WithheldAndDDI(t *testing.T) {
	p := newPBX(t, Options{DDI: map[string]string{"2223334444": "600"}})
	c := connect(t, p, overPipe)
	c.monitor("101")
	incoming(t, p, "", "2223334444")
	evs := c.drain()
	if len(evs) != 3 {
		t.Fatalf("events = %d, want 3 (delivered at 101, 102 and 103)", len(evs))
	}
	d := evs[0].Event.(*csta.DeliveredEvent)
	got := fmt.Sprintf("%v %v %v %v", d.CallingDevice.Kind, d.CalledDevice, d.LastRedirectionDevice, d.NetworkCallingDevice.Kind)
	if want := "restricted 2223334444 600 none"; got != want {
		t.Errorf("delivered calling/called/redirection/network calling = %s, want %s", got, want)
	}
	info := p.Calls()[0]
	if info.DDI != "2223334444" || info.Group != "600" || info.From != "" || info.To != "600" || info.Direction != "inbound" {
		t.Errorf("CallInfo = %+v, want inbound from a withheld number to 600 via DDI 2223334444", info)
	}
}

func TestCalls_CallWaiting(t *testing.T) {
	p := newPBX(t, Options{})
	c := connect(t, p, overPipe)
	c.monitor("101")
	first := incoming(t, p, "602000001", "101")
	must(t, first.Answer("101"))
	second := incoming(t, p, "602000002", "101")
	must(t, second.Answer("101"))
	must(t, second.Hangup("101"))
	must(t, first.Retrieve())
	assertLines(t, "call waiting", c.lines(), []string{
		"delivered 1@101 101 newCall alerting",
		"established 1@101 101 newCall connected",
		"delivered 2@101 101 newCall alerting",
		"held 1@101 101 normal hold",
		"established 2@101 101 newCall connected",
		"connectionCleared 2@101 101 normalClearing null",
		"retrieved 1@101 101 normal connected",
	})
}

func TestCalls_TrunksBusy(t *testing.T) {
	p := newPBX(t, Options{Trunks: 1})
	c := connect(t, p, overPipe)
	c.monitor("101")
	incoming(t, p, "602000001", "102")
	if _, err := p.IncomingCall("602000002", "103"); !errors.Is(err, ErrNoTrunk) {
		t.Errorf("IncomingCall with every trunk busy = %v, want ErrNoTrunk", err)
	}
	outbound(t, p, "101", "777123456")
	assertLines(t, "outbound call without a trunk", c.lines(), []string{
		"serviceInitiated 2@101 101 newCall initiated",
		"originated 2@101 101→777123456 newCall connected",
		"failed 2@101 777123456 trunksBusy fail",
		"connectionCleared 2@101 101 trunksBusy null",
	})
}
